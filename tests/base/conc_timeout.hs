-- conc_timeout: System.Timeout.timeout: an action that finishes well within its limit (Just),
-- one that blocks in threadDelay far past it (Nothing), one that blocks on an empty MVar
-- (Nothing), a negative limit (no timeout), a zero limit (immediately Nothing), an
-- exception thrown inside timeout propagating out, nested timeouts (inner one fires), and
-- the Timeout exception not leaking: the program keeps working afterwards.
import System.Timeout
import Control.Concurrent
import Control.Exception

main :: IO ()
main = do
  r1 <- timeout 2000000 (return (sum [1 .. 1000 :: Int]))
  print r1
  r2 <- timeout 20000 (threadDelay 5000000 >> return "slept")
  print r2
  mv <- newEmptyMVar :: IO (MVar Int)
  r3 <- timeout 20000 (takeMVar mv)
  print r3
  r4 <- timeout (-1) (threadDelay 1000 >> return "negative limit waits")
  print r4
  r5 <- timeout 0 (return "zero limit")
  print r5
  r6 <- try (timeout 1000000 (throwIO (ErrorCall "inside timeout")))
  print (r6 :: Either ErrorCall (Maybe ()))
  r7 <- timeout 2000000 (timeout 10000 (threadDelay 5000000) >>= \inner -> return ("inner: " ++ show inner))
  print r7
  r8 <- timeout 2000000 (threadDelay 1000 >> return "short sleep finished")
  print r8
  putStrLn "still running"
