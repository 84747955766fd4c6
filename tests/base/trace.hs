-- trace: Debug.Trace writes to stderr (through the RTS's debugBelch, unbuffered): trace,
-- traceShow, traceShowId, traceM/traceShowM in IO and in Maybe, traceIO, trace messages
-- with newlines and non-ASCII escapes shown, evaluation order forced with seq so that the
-- stderr text is deterministic; stdout carries the results.
import Debug.Trace

fib :: Int -> Int
fib n = if n < 2 then n else trace ("fib " ++ show n) (fib (n - 1) + fib (n - 2))

main :: IO ()
main = do
  let x = trace "evaluating x" (2 + 3 :: Int)
  x `seq` putStrLn "x forced"
  print x
  print (traceShow (1 :: Int, "one") 'r')
  print (traceShowId [1, 2, 3 :: Int])
  traceM "traceM in IO"
  traceShowM (Just True)
  traceIO "traceIO line"
  print (do { traceM "traceM in Maybe"; Just (5 :: Int) })
  print (fib 4)
  putStrLn (trace "multi\nline trace" "after multi-line")
  traceIO (show "escaped \955 via show")
