-- RTS services base reaches through C calls, answered as GHC's non-threaded RTS answers them:
-- processor and capability counts, setNumCapabilities (a warning on stderr for any count but
-- 1), GHC.ExecutionStack without libdw (Nothing), GHC.Stats without +RTS -T (an exception),
-- forkOS/runInBoundThread (they fail: no bound threads), isCurrentThreadBound,
-- Control.Concurrent.rtsSupportsBoundThreads, the static pointer table (empty), the
-- allocation limit calls. (Natively `freeHaskellFunPtr nullFunPtr` crashes: not tested.)
module Main (main) where

import Control.Concurrent
import Control.Exception
import GHC.Conc (getNumProcessors)
import GHC.Conc.Sync (disableAllocationLimit, enableAllocationLimit)
import GHC.ExecutionStack (getStackTrace, showStackTrace)
import GHC.StaticPtr (StaticPtr, staticPtrKeys, unsafeLookupStaticPtr)
import GHC.Stats (getRTSStats, getRTSStatsEnabled)
import GHC.Fingerprint (Fingerprint (..))

attempt :: String -> IO a -> IO ()
attempt what act = do
  r <- try act
  case r of
    Left e -> putStrLn (what ++ ": " ++ show (e :: SomeException))
    Right _ -> putStrLn (what ++ ": ok")

main :: IO ()
main = do
  getNumProcessors >>= print
  getNumCapabilities >>= print
  setNumCapabilities 1
  getNumCapabilities >>= print
  setNumCapabilities 3
  getNumCapabilities >>= print
  attempt "setNumCapabilities 0" (setNumCapabilities 0)
  print rtsSupportsBoundThreads
  isCurrentThreadBound >>= print
  getStackTrace >>= print . fmap length
  showStackTrace >>= print
  getRTSStatsEnabled >>= print
  attempt "getRTSStats" getRTSStats
  attempt "forkOS" (forkOS (return ()))
  attempt "runInBoundThread" (runInBoundThread (return ()))
  attempt "runInUnboundThread" (runInUnboundThread (putStrLn "unbound action"))
  keys <- staticPtrKeys
  print (length keys)
  r <- unsafeLookupStaticPtr (Fingerprint 1 2) :: IO (Maybe (StaticPtr ()))
  print (fmap (const ()) r)
  enableAllocationLimit
  disableAllocationLimit
  putStrLn "done"
