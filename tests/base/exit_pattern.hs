-- exit_pattern: an uncaught incomplete pattern match in a function: stderr gets
-- "exit_pattern: exit_pattern.hs:(L1,C1)-(L2,C2): Non-exhaustive patterns in function classify"
-- (the source span of the whole definition), exit code 1; earlier stdout is flushed.
{-# OPTIONS_GHC -Wno-incomplete-patterns #-}
data Shape = Circle | Square | Triangle deriving Show

classify :: Shape -> String
classify Circle = "round"
classify Square = "four corners"

main :: IO ()
main = do
  mapM_ (putStrLn . classify) [Circle, Square]
  putStrLn (classify Triangle)
  putStrLn "never printed"
