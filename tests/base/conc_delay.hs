-- conc_delay: threadDelay ordering. Phase 1: 100 threads, forked in a scrambled order, wait
-- on a start barrier (readMVar), then thread i sleeps (i `div` 10) * 20 ms + 1 ms and writes
-- i to a Chan; main reads all 100 and prints whether the ten groups arrived in delay order
-- (groups are 20 ms apart, so this is deterministic even on a loaded machine; within a group
-- the order is up to the scheduler, so each group is shown sorted). Phase 2: 10 threads
-- with delays 15 ms apart; the exact arrival order is printed. Then a threadDelay 0, a main
-- thread sleeping while a child works, and yield-based handoff.
-- (Delays much closer than this are not deterministic natively: when the process is
-- descheduled several expired sleepers are woken together, in reverse order.)
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
  forM_ order $ \i -> forkIO (readMVar start >> threadDelay ((i `div` 10) * 20000 + 1000) >> writeChan ch i)
  putMVar start ()
  got <- replicateM 100 (readChan ch)
  let groups = map sort (chunks 10 got)
  print (length got, sort got == [0 .. 99], groups == chunks 10 [0 .. 99])
  print (head groups, last groups)
  ch2 <- newChan
  start2 <- newEmptyMVar
  forM_ [7, 2, 9, 0, 4, 1, 8, 3, 6, 5 :: Int] $ \i -> forkIO (readMVar start2 >> threadDelay (i * 15000 + 1000) >> writeChan ch2 i)
  putMVar start2 ()
  got2 <- replicateM 10 (readChan ch2)
  print got2
  threadDelay 0
  mv <- newEmptyMVar
  _ <- forkIO (do threadDelay 2000; putMVar mv "child finished after main started waiting")
  takeMVar mv >>= putStrLn
  r <- newEmptyMVar
  _ <- forkIO (mapM_ (\_ -> yield) [1 .. 100 :: Int] >> putMVar r "yielded 100 times")
  takeMVar r >>= putStrLn
