-- conc_delay: threadDelay ordering. Phase 1: 100 threads, forked in a scrambled order, wait
-- on a start barrier (readMVar), then thread i sleeps (i `div` 20) * 40 ms + 1 ms and writes
-- i to a Chan; main reads all 100 and prints whether the five groups arrived in delay order
-- (groups are 40 ms apart; within a group the order is up to the scheduler, so each group
-- is shown sorted). Phase 2: 5 threads with delays 40 ms apart; the exact arrival order is
-- printed. Then a threadDelay 0, a main thread sleeping while a child works, and yield.
-- (Closer delays are not deterministic natively on a loaded machine: when the process is
-- descheduled, sleepers that expired meanwhile are woken together, in reverse order; 3 ms
-- and 15 ms steps both failed with the load average at twice the number of cores.)
import Control.Concurrent
import Control.Monad
import Data.List (sort)

chunks :: Int -> [a] -> [[a]]
chunks _ [] = []
chunks n xs = take n xs : chunks n (drop n xs)

main :: IO ()
main = do
  ch <- newChan
  let order = [(i * 37) `mod` 100 | i <- [0 .. 99]] :: [Int]
  start <- newEmptyMVar
  forM_ order $ \i -> forkIO (readMVar start >> threadDelay ((i `div` 20) * 40000 + 1000) >> writeChan ch i)
  putMVar start ()
  got <- replicateM 100 (readChan ch)
  let groups = map sort (chunks 20 got)
  print (length got, sort got == [0 .. 99], groups == chunks 20 [0 .. 99])
  print (head groups, last groups)
  ch2 <- newChan
  start2 <- newEmptyMVar
  forM_ [3, 0, 4, 2, 1 :: Int] $ \i -> forkIO (readMVar start2 >> threadDelay (i * 40000 + 1000) >> writeChan ch2 i)
  putMVar start2 ()
  got2 <- replicateM 5 (readChan ch2)
  print got2
  threadDelay 0
  mv <- newEmptyMVar
  _ <- forkIO (do threadDelay 2000; putMVar mv "child finished after main started waiting")
  takeMVar mv >>= putStrLn
  r <- newEmptyMVar
  _ <- forkIO (mapM_ (\_ -> yield) [1 .. 100 :: Int] >> putMVar r "yielded 100 times")
  takeMVar r >>= putStrLn
