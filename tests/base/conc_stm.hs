-- conc_stm: STM from GHC.Conc: TVars (newTVar/newTVarIO/readTVar/writeTVar/readTVarIO),
-- atomically, retry blocking until another thread changes a TVar, orElse choosing the
-- second branch, a bank of 10 accounts with 8 threads doing 500 transfers each (the total is
-- conserved and printed), a bounded queue built on TVars with a producer and a consumer
-- (order preserved), throwSTM/catchSTM, an exception aborting a transaction (its writes
-- discarded, also when caught by catchSTM); everything synchronised by MVars or retry.
import GHC.Conc
import Control.Concurrent
import Control.Exception
import Control.Monad

data Abort = Abort deriving Show
instance Exception Abort

transfer :: TVar Int -> TVar Int -> Int -> STM ()
transfer from to amt = do
  bal <- readTVar from
  let amt' = min bal amt -- never retry here: no interleaving can then deadlock the bank
  writeTVar from (bal - amt')
  t <- readTVar to
  writeTVar to (t + amt')

main :: IO ()
main = do
  tv <- newTVarIO (0 :: Int)
  atomically (writeTVar tv 5)
  readTVarIO tv >>= print
  v <- atomically (do x <- readTVar tv; writeTVar tv (x * 2); return x)
  readTVarIO tv >>= \y -> print (v, y)
  -- retry: wait until the flag is set by another thread
  flag <- newTVarIO False
  out <- newEmptyMVar
  _ <- forkIO (atomically (readTVar flag >>= \f -> unless f retry) >> putMVar out "woken by flag")
  threadDelay 2000
  atomically (writeTVar flag True)
  takeMVar out >>= putStrLn
  -- orElse
  e <- newTVarIO (Nothing :: Maybe Int)
  r <- atomically ((readTVar e >>= maybe retry return) `orElse` return (-1))
  print r
  -- bank
  accounts <- mapM (const (newTVarIO 1000)) [1 .. 10 :: Int]
  dones <- forM [0 .. 7 :: Int] $ \t -> do
    dn <- newEmptyMVar
    _ <- forkIO $ do
      forM_ [1 .. 500 :: Int] $ \k -> do
        let i = (t * 7 + k) `mod` 10
            j = (t * 3 + k * 11 + 1) `mod` 10
        when (i /= j) (atomically (transfer (accounts !! i) (accounts !! j) ((k * 13) `mod` 50)))
      putMVar dn ()
    return dn
  mapM_ takeMVar dones
  bals <- mapM readTVarIO accounts
  print (sum bals, all (>= 0) bals)
  -- bounded queue
  q <- newTVarIO ([] :: [Int])
  let push x = atomically (do xs <- readTVar q; when (length xs >= 5) retry; writeTVar q (xs ++ [x]))
      pop = atomically (do xs <- readTVar q; case xs of { [] -> retry; (y : ys) -> writeTVar q ys >> return y })
  _ <- forkIO (mapM_ push [1 .. 200])
  got <- replicateM 200 pop
  print (got == [1 .. 200], sum got)
  -- exceptions in STM
  a <- newTVarIO (1 :: Int)
  r2 <- try (atomically (writeTVar a 999 >> throwSTM Abort))
  readTVarIO a >>= \x -> print (r2 :: Either Abort (), x)
  r3 <- atomically ((writeTVar a 50 >> throwSTM Abort) `catchSTM` (\Abort -> readTVar a))
  print r3
  r4 <- try (atomically (writeTVar a 77 >> (throw (ErrorCall "pure error in STM") :: STM ())))
  readTVarIO a >>= \x -> print (r4 :: Either ErrorCall (), x)
