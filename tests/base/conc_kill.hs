-- conc_kill: killThread of a thread blocked in takeMVar (its handler prints and signals
-- back), of a thread blocked in threadDelay, a thread that masks and so only dies at its
-- next interruptible point, throwTo with a custom exception, a thread whose handler is a
-- `finally`, killThread of an already finished thread (no-op), and the uncaught exception
-- of a forked thread (printed by base's child handler to stderr as "conc_kill: <exception>"
-- while the program continues), exitWith in a forked thread (only reported, as
-- "conc_kill: ExitFailure 3"; exit code stays 0), every step synchronised by MVars.
import Control.Concurrent
import Control.Exception
import Control.Monad
import System.Exit

data Poke = Poke Int deriving Show
instance Exception Poke

main :: IO ()
main = do
  ready <- newEmptyMVar
  report <- newEmptyMVar
  blocker <- newEmptyMVar :: IO (MVar ())
  t1 <- forkIO $ handle (\e -> putMVar report ("t1 got: " ++ show (e :: AsyncException))) $ do
    putMVar ready ()
    takeMVar blocker
    putMVar report "t1 not killed?"
  takeMVar ready
  killThread t1
  takeMVar report >>= putStrLn
  t2 <- forkIO $ handle (\e -> putMVar report ("t2 got: " ++ show (e :: SomeException))) $ do
    putMVar ready ()
    threadDelay 10000000
    putMVar report "t2 slept 10 s?"
  takeMVar ready
  killThread t2
  takeMVar report >>= putStrLn
  t3 <- forkIO $ handle (\(Poke n) -> putMVar report ("t3 poked " ++ show n)) $ do
    putMVar ready ()
    forever (threadDelay 1000)
  takeMVar ready
  throwTo t3 (Poke 7)
  takeMVar report >>= putStrLn
  -- masked thread: the kill waits until it unmasks
  go <- newEmptyMVar
  t4 <- forkIO $ handle (\e -> putMVar report ("t4 killed after unmasking: " ++ show (e :: AsyncException))) $ do
    mask_ $ do
      putMVar ready ()
      takeMVar go -- interruptible, but we only kill after it has passed this point
      putMVar report "t4 finished masked section"
    threadDelay 10000000
  takeMVar ready
  putMVar go ()
  takeMVar report >>= putStrLn
  killThread t4
  takeMVar report >>= putStrLn
  t5 <- forkIO $ (putMVar ready () >> threadDelay 10000000) `finally` putMVar report "t5 finally ran"
  takeMVar ready
  killThread t5
  takeMVar report >>= putStrLn
  t6 <- forkIO (putMVar report "t6 done")
  takeMVar report >>= putStrLn
  yield
  killThread t6
  putStrLn "killing a finished thread is a no-op"
  finished <- newEmptyMVar
  _ <- forkIO ((throwIO (Poke 99) :: IO ()) `finally` putMVar finished ())
  takeMVar finished
  threadDelay 20000
  putStrLn "main continues after a child died of an uncaught exception"
  -- exitWith in a forked thread does not end the program: the child handler reports it
  exited <- newEmptyMVar
  _ <- forkIO (exitWith (ExitFailure 3) `finally` putMVar exited ())
  takeMVar exited
  threadDelay 20000
  putStrLn "main continues after a child called exitWith (ExitFailure 3)"
  ids <- replicateM 3 (forkIO (return ()))
  print (length ids, length (filter (/= head ids) ids))
