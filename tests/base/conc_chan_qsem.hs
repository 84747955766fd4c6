-- conc_chan_qsem: Control.Concurrent.Chan (writeChan/readChan FIFO order, writeList2Chan,
-- getChanContents (lazy, taken up to a count), dupChan broadcast), a producer/consumer
-- pipeline of three threads connected by Chans, QSem limiting concurrency (a counter of
-- threads inside the critical section never exceeds the limit: the maximum is printed),
-- QSemN with waitQSemN/signalQSemN amounts, all synchronised so output is deterministic.
import Control.Concurrent
import Control.Concurrent.QSem
import Control.Concurrent.QSemN
import Control.Monad
import Data.IORef

main :: IO ()
main = do
  c <- newChan
  writeList2Chan c [1 .. 10 :: Int]
  xs <- replicateM 10 (readChan c)
  print xs
  d <- dupChan c
  writeChan c 100
  writeChan c 200
  a <- readChan c
  b <- readChan d
  a2 <- readChan c
  b2 <- readChan d
  print (a, b, a2, b2)
  writeList2Chan c [1 .. 5]
  ys <- getChanContents c
  print (take 5 ys)
  -- pipeline: producer -> squarer -> summer
  c1 <- newChan
  c2 <- newChan
  result <- newEmptyMVar
  _ <- forkIO (mapM_ (writeChan c1 . Just) [1 .. 1000 :: Integer] >> writeChan c1 Nothing)
  _ <- forkIO (let loop = readChan c1 >>= maybe (writeChan c2 Nothing) (\v -> writeChan c2 (Just (v * v)) >> loop) in loop)
  _ <- forkIO (let loop acc = readChan c2 >>= maybe (putMVar result acc) (\v -> loop (acc + v)) in loop 0)
  takeMVar result >>= print
  -- QSem: at most 3 threads in the section
  sem <- newQSem 3
  inside <- newIORef (0 :: Int)
  maxInside <- newIORef (0 :: Int)
  dones <- forM [1 .. 10 :: Int] $ \_ -> do
    dn <- newEmptyMVar
    _ <- forkIO $ do
      waitQSem sem
      n <- atomicModifyIORef' inside (\k -> (k + 1, k + 1))
      atomicModifyIORef' maxInside (\m -> (max m n, ()))
      threadDelay 2000
      atomicModifyIORef' inside (\k -> (k - 1, ()))
      signalQSem sem
      putMVar dn ()
    return dn
  mapM_ takeMVar dones
  mx <- readIORef maxInside
  now <- readIORef inside
  print (mx <= 3, mx >= 1, now)
  -- QSemN
  qn <- newQSemN 0
  fin <- newEmptyMVar
  _ <- forkIO (waitQSemN qn 10 >> putMVar fin "got 10 units")
  forM_ [1 .. 4 :: Int] (\i -> signalQSemN qn i)
  takeMVar fin >>= putStrLn
