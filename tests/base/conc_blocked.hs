-- conc_blocked: deadlock detection and thread introspection: takeMVar on an MVar nobody
-- else can fill throws BlockedIndefinitelyOnMVar in main (caught, printed); the same for a
-- forked thread (its handler reports through an MVar that main polls, calling performGC:
-- the major GC is what finds the deadlock while main is not blocked); an STM retry with
-- no other thread raises BlockedIndefinitelyOnSTM; myThreadId (shown only as equal/unequal,
-- never its number), threadStatus (GHC.Conc) of a thread blocked on an MVar (BlockedOnMVar),
-- in threadDelay (BlockedOnOther in the non-threaded RTS), finished, killed, or dead of an
-- exception (ThreadFinished: base's forkIO handler catches it, printing "conc_blocked: dies"
-- to stderr), and of main itself (ThreadRunning); labelThread; the exceptions' show.
import Control.Concurrent
import Control.Exception
import GHC.Conc
import System.Mem (performGC)

main :: IO ()
main = do
  mv <- newEmptyMVar :: IO (MVar ())
  r <- try (takeMVar mv)
  print (r :: Either BlockedIndefinitelyOnMVar ())
  report <- newEmptyMVar
  _ <- forkIO $ do
    lonely <- newEmptyMVar :: IO (MVar Int)
    r2 <- try (takeMVar lonely)
    putMVar report (either (\e -> "child: " ++ show (e :: BlockedIndefinitelyOnMVar)) show r2)
  -- main must not block on `report` itself (it would be deadlocked too): it polls, forcing a
  -- major GC each time, which is what detects the child's unreachable MVar
  let poll :: Int -> IO ()
      poll 0 = putStrLn "child never got BlockedIndefinitelyOnMVar"
      poll k = do
        performGC
        m <- tryTakeMVar report
        case m of
          Just msg -> putStrLn msg
          Nothing -> threadDelay 1000 >> poll (k - 1)
  poll 2000
  tv <- newTVarIO False
  r3 <- try (atomically (readTVar tv >>= \b -> if b then return () else retry))
  print (r3 :: Either BlockedIndefinitelyOnSTM ())
  me <- myThreadId
  me2 <- myThreadId
  print (me == me2)
  ready <- newEmptyMVar
  gate <- newEmptyMVar :: IO (MVar ())
  t <- forkIO (putMVar ready () >> takeMVar gate)
  labelThread t "gatekeeper"
  print (t == me, compare t t)
  takeMVar ready
  threadDelay 2000
  threadStatus t >>= print
  putMVar gate ()
  threadDelay 2000
  threadStatus t >>= print
  t2 <- forkIO (threadDelay 10000000)
  threadDelay 2000
  threadStatus t2 >>= print
  killThread t2
  threadDelay 2000
  threadStatus t2 >>= print
  t3 <- forkIO (putMVar ready () >> throwIO (ErrorCall "dies"))
  takeMVar ready
  threadDelay 2000
  threadStatus t3 >>= print
  s <- threadStatus me
  print s
  print (BlockedIndefinitelyOnMVar, BlockedIndefinitelyOnSTM, Deadlock, NonTermination, NestedAtomically)
