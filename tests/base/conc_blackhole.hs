-- conc_blackhole: a thunk under evaluation by one thread (blocked inside it, through
-- unsafePerformIO) is demanded by another, which waits for the value instead of reporting a
-- loop; a thunk that demands itself is a catchable NonTermination (`<<loop>>`); nested
-- `atomically` (through unsafePerformIO) is NestedAtomically; orElse nesting with writes
-- undone in the abandoned branches; a TVar read inside `catchSTM` and retry across it.
import Control.Concurrent
import Control.Exception
import Control.Monad
import GHC.Conc
import System.IO.Unsafe (unsafePerformIO)

slow :: MVar () -> Int
slow gate = unsafePerformIO (takeMVar gate >> return 42)
{-# NOINLINE slow #-}

loopy :: Int
loopy = let x = x + 1 in x
{-# NOINLINE loopy #-}

main :: IO ()
main = do
  gate <- newEmptyMVar
  let v = slow gate
  done <- newEmptyMVar
  _ <- forkIO (evaluate v >>= \x -> putMVar done ("first: " ++ show x))
  threadDelay 2000
  _ <- forkIO (evaluate v >>= \x -> putMVar done ("second: " ++ show x))
  threadDelay 2000
  putMVar gate ()
  a <- takeMVar done
  b <- takeMVar done
  mapM_ putStrLn (if a < b then [a, b] else [b, a])
  r <- try (evaluate loopy)
  print (r :: Either NonTermination Int)
  tv <- newTVarIO (0 :: Int)
  n <- try (atomically (readTVar tv >>= \x -> return $! unsafePerformIO (atomically (readTVar tv)) + x))
  print (n :: Either NestedAtomically Int)
  t1 <- newTVarIO "t1"
  t2 <- newTVarIO "t2"
  s <- atomically $ do
    (writeTVar t1 "changed" >> writeTVar t2 "changed" >> retry)
      `orElse` ((writeTVar t2 "second" >> retry) `orElse` (writeTVar t1 "third" >> return "ok"))
  x1 <- readTVarIO t1
  x2 <- readTVarIO t2
  print (s, x1, x2)
  flag <- newTVarIO False
  out <- newEmptyMVar
  _ <- forkIO $ do
    r2 <- atomically ((readTVar flag >>= \f -> unless f retry >> return "flag") `catchSTM` (\e -> return (show (e :: ErrorCall))))
    putMVar out r2
  threadDelay 2000
  atomically (writeTVar flag True)
  takeMVar out >>= putStrLn
  counter <- newTVarIO (0 :: Int)
  ws <- forM [1 .. 5 :: Int] $ \i -> do
    d <- newEmptyMVar
    _ <- forkIO (atomically (readTVar counter >>= \c -> when (c < i) retry) >> putMVar d i)
    return d
  forM_ [1 .. 5 :: Int] $ \_ -> atomically (readTVar counter >>= writeTVar counter . (+ 1)) >> yield
  mapM takeMVar ws >>= print
