-- exit_error: an uncaught `error "boom"` raised in pure code: stderr gets "exit_error: boom"
-- then the CallStack lines ("CallStack (from HasCallStack):" and
-- "  error, called at exit_error.hs:L:C in main:Main"), exit code 1; stdout written before
-- (block buffered when piped) is flushed first.
compute :: Int -> Int
compute n
  | n > 3 = error "boom"
  | otherwise = n * 10

main :: IO ()
main = do
  mapM_ (print . compute) [1, 2, 3]
  print (compute 4)
  putStrLn "never printed"
