-- conc_mvar: forkIO + MVar ping-pong: two threads exchange 10^5 messages through a pair of
-- MVars (strict alternation, so the order is fixed), then a worker pool of 8 threads each
-- summing a slice and reporting through its own MVar (results collected in fork order),
-- takeMVar/putMVar/readMVar/swapMVar/tryTakeMVar/tryPutMVar/tryReadMVar/isEmptyMVar/
-- modifyMVar_/modifyMVar/withMVar semantics, and newEmptyMVar used as a completion signal.
import Control.Concurrent
import Control.Concurrent.MVar
import Control.Monad

main :: IO ()
main = do
  ping <- newEmptyMVar
  pong <- newEmptyMVar
  done <- newEmptyMVar
  let n = 100000 :: Int
  _ <- forkIO $ do
    let loop acc = do
          v <- takeMVar ping
          if v < 0 then putMVar done acc else putMVar pong (v + 1) >> (loop $! acc + v)
    loop 0
  let drive i acc
        | i >= n = return acc
        | otherwise = do
            putMVar ping i
            r <- takeMVar pong
            drive (i + 1) $! acc + r
  total <- drive 0 0
  putMVar ping (-1)
  childSum <- takeMVar done
  print (total, childSum)
  -- worker pool
  results <- forM [0 .. 7 :: Int] $ \w -> do
    mv <- newEmptyMVar
    _ <- forkIO (putMVar mv $! sum [w * 1000 + 1 .. (w + 1) * 1000])
    return mv
  sums <- mapM takeMVar results
  print (sums, sum sums)
  -- MVar API
  m <- newMVar (10 :: Int)
  readMVar m >>= print
  old <- swapMVar m 20
  print old
  modifyMVar_ m (return . (* 2))
  r <- modifyMVar m (\x -> return (x + 1, x * 100))
  print r
  withMVar m print
  t1 <- tryTakeMVar m
  t2 <- tryTakeMVar m
  print (t1, t2)
  e <- isEmptyMVar m
  p1 <- tryPutMVar m 5
  p2 <- tryPutMVar m 6
  rd <- tryReadMVar m
  print (e, p1, p2, rd)
  -- completion signals: each thread waits for the previous one (a chain of 50 threads)
  start <- newEmptyMVar
  let spawn 0 prev = return prev
      spawn k prev = do
        next <- newEmptyMVar
        _ <- forkIO (takeMVar prev >>= \v -> putMVar next (v + k))
        spawn (k - 1) next
  final <- spawn (50 :: Int) start
  putMVar start 0
  takeMVar final >>= print
