-- weak_gc: System.Mem and System.Mem.Weak: performGC/performMajorGC/performMinorGC run
-- without changing results; a Weak IORef (mkWeakIORef) whose finalizer fills an MVar: while
-- the IORef is alive deRefWeak gives Just and the finalizer has not run; after the last use,
-- performGC runs the finalizer (main waits on the MVar, bounded by a timeout so a missing
-- finalizer prints a message instead of hanging) and deRefWeak gives Nothing; an explicit
-- `finalize` runs the finalizer at once and only once; mkWeakPtr/addFinalizer on a boxed
-- value; mkWeak with a separate key and value; System.Mem.StableName equality (never the
-- hash); and a large allocation loop with GCs in between to check data survives.
import System.Mem
import System.Mem.Weak
import System.Mem.StableName
import System.Timeout (timeout)
import Data.IORef
import Control.Concurrent (threadDelay)
import Control.Concurrent.MVar
import Control.Monad

waitFor :: String -> MVar String -> IO ()
waitFor label mv = do
  r <- timeout 2000000 (let loop = do performGC; m <- tryTakeMVar mv; maybe (threadDelay 1000 >> loop) return m in loop)
  putStrLn (label ++ ": " ++ maybe "finalizer did not run" id r)

main :: IO ()
main = do
  done1 <- newEmptyMVar
  w1 <- do
    ref <- newIORef (42 :: Int)
    w <- mkWeakIORef ref (putMVar done1 "IORef finalizer ran")
    alive <- deRefWeak w
    case alive of
      Just r -> readIORef r >>= \v -> putStrLn ("alive, value " ++ show v)
      Nothing -> putStrLn "dead too early"
    early <- tryTakeMVar done1
    print early
    return w
  waitFor "after dropping the IORef" done1
  deRefWeak w1 >>= \m -> putStrLn ("deRefWeak after GC: " ++ maybe "Nothing" (const "Just") m)
  -- explicit finalize
  done2 <- newEmptyMVar
  count <- newIORef (0 :: Int)
  ref2 <- newIORef "kept"
  w2 <- mkWeakIORef ref2 (modifyIORef count (+ 1) >> putMVar done2 "explicit finalize ran")
  finalize w2
  takeMVar done2 >>= putStrLn
  finalize w2
  performGC
  readIORef count >>= \n -> putStrLn ("finalizer ran " ++ show n ++ " time(s)")
  deRefWeak w2 >>= \m -> putStrLn ("deRefWeak after finalize: " ++ maybe "Nothing" (const "Just") m)
  readIORef ref2 >>= putStrLn
  -- mkWeak with key and value, value reachable only through the weak pointer
  done3 <- newEmptyMVar
  key <- newIORef ()
  w3 <- mkWeak key "the value" (Just (putMVar done3 "key finalizer ran"))
  deRefWeak w3 >>= print
  readIORef key
  waitFor "after dropping the key" done3
  deRefWeak w3 >>= print
  -- addFinalizer
  done4 <- newEmptyMVar
  let mk :: Int -> IO (IORef [Int])
      mk n = newIORef [1 .. n]
  r4 <- mk 10
  addFinalizer r4 (putMVar done4 "addFinalizer ran")
  readIORef r4 >>= print . sum
  waitFor "after dropping the addFinalizer key" done4
  -- stable names
  let xs = [1, 2, 3] :: [Int]
  s1 <- makeStableName xs
  s2 <- makeStableName xs
  performGC
  s3 <- makeStableName xs
  ys <- return (reverse xs)
  s4 <- makeStableName ys
  print (s1 == s2, s1 == s3, eqStableName s1 s4)
  -- data survives many collections
  acc <- newIORef ([] :: [Int])
  forM_ [1 .. 200 :: Int] $ \i -> do
    modifyIORef' acc (i :)
    when (i `mod` 50 == 0) performMajorGC
    when (i `mod` 7 == 0) performMinorGC
  readIORef acc >>= \l -> print (length l, sum l, take 3 l)
