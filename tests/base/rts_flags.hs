-- GHC.RTS.Flags: every group of getRTSFlags (GC, concurrency, misc, debug, cost centres,
-- profiling, tracing, ticky, parallelism) as base reads it from the RTS's `RtsFlags` structure,
-- plus the single-group getters and getIoManagerFlag-backed fields. The values are the RTS
-- defaults of a program run without +RTS options.
--
-- Two fields legitimately differ from native GHC and are blanked before printing:
--   * gcFlags.maxStkSize: natively 80% of the machine's physical memory (in words); ahc's is
--     its own stack limit. Only its positivity is printed.
--   * costCentreFlags.msecsPerTick: base's getCCFlags reads COST_CENTRE_FLAGS offsets from the
--     start of GcFlags (a bug in base), so this field is the 8 bytes holding giveStats and
--     maxStkSize: memory-dependent like maxStkSize.
module Main (main) where

import GHC.RTS.Flags

main :: IO ()
main = do
  f <- getRTSFlags
  let gc = gcFlags f
  putStrLn ("maxStkSize positive: " ++ show (maxStkSize gc > 0))
  print gc { maxStkSize = 0 }
  print (concurrentFlags f)
  print (miscFlags f)
  print (debugFlags f)
  print (costCentreFlags f) { msecsPerTick = 0 }
  print (profilingFlags f)
  print (traceFlags f)
  print (tickyFlags f)
  print (parFlags f)
  -- The per-group getters read the same structure.
  g <- getGCFlags
  print (initialStkSize g, stkChunkSize g, minAllocAreaSize g, generations g, oldGenFactor g)
  c <- getConcFlags
  print (ctxtSwitchTime c, ctxtSwitchTicks c)
  m <- getMiscFlags
  print (tickInterval m, ioManager m, installSignalHandlers m)
  d <- getDebugFlags
  print (sanity d, stm d)
  p <- getProfFlags
  print (heapProfileInterval p, heapProfileIntervalTicks p, bioSelector p)
  t <- getTraceFlags
  print (tracing t, user t)
  k <- getTickyFlags
  print (showTickyStats k, tickyFile k)
  q <- getParFlags
  print (nCapabilities q, parGcEnabled q)
