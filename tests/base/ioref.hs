-- ioref: Data.IORef: newIORef/readIORef/writeIORef, modifyIORef (lazy, forced later),
-- modifyIORef' over 10^5 iterations, atomicModifyIORef/atomicModifyIORef' returning values,
-- atomicWriteIORef, IORef Eq (same vs different refs), IORefs holding functions and lists, a
-- counter closure, and Data.STRef/Control.Monad.ST with runST (pure result), STRef
-- modifySTRef', and unsafePerformIO/unsafeInterleaveIO (ordering made deterministic).
import Data.IORef
import Data.STRef
import Control.Monad.ST
import Control.Monad
import System.IO.Unsafe (unsafePerformIO, unsafeInterleaveIO)

counter :: IO (IO Int)
counter = do
  r <- newIORef 0
  return (atomicModifyIORef' r (\n -> (n + 1, n + 1)))

globalRef :: IORef [String]
globalRef = unsafePerformIO (newIORef [])
{-# NOINLINE globalRef #-}

sumST :: [Int] -> Int
sumST xs = runST $ do
  r <- newSTRef 0
  mapM_ (\x -> modifySTRef' r (+ x)) xs
  readSTRef r

fibST :: Int -> Integer
fibST n = runST $ do
  a <- newSTRef 0
  b <- newSTRef 1
  replicateM_ n $ do
    x <- readSTRef a
    y <- readSTRef b
    writeSTRef a y
    writeSTRef b $! x + y
  readSTRef a

main :: IO ()
main = do
  r <- newIORef (0 :: Int)
  writeIORef r 10
  readIORef r >>= print
  modifyIORef r (* 3)
  readIORef r >>= print
  forM_ [1 .. 100000] $ \i -> modifyIORef' r (+ i)
  readIORef r >>= print
  old <- atomicModifyIORef r (\x -> (x `div` 2, x))
  new <- readIORef r
  print (old, new)
  v <- atomicModifyIORef' r (\x -> (x - 1, show x))
  putStrLn v
  atomicWriteIORef r 7
  readIORef r >>= print
  r2 <- newIORef (0 :: Int)
  print (r == r, r == r2)
  fr <- newIORef (+ (1 :: Int))
  modifyIORef fr (. (* 2))
  f <- readIORef fr
  print (f 10)
  lr <- newIORef ([] :: [Int])
  mapM_ (\x -> modifyIORef lr (x :)) [1 .. 10]
  readIORef lr >>= print
  next <- counter
  xs <- replicateM 5 next
  print xs
  modifyIORef globalRef ("first" :)
  modifyIORef globalRef ("second" :)
  readIORef globalRef >>= print
  print (sumST [1 .. 1000], fibST 90)
  lazyRef <- newIORef (0 :: Int)
  ys <- unsafeInterleaveIO (writeIORef lazyRef 1 >> return [1, 2, 3 :: Int])
  before <- readIORef lazyRef
  print (sum ys)
  after <- readIORef lazyRef
  print (before, after)
  -- a long chain of lazy modifyIORef thunks, forced at the end
  tr <- newIORef (0 :: Int)
  forM_ [1 .. 10000] $ \i -> modifyIORef tr (+ i)
  readIORef tr >>= print
