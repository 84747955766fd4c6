-- exit_head: an uncaught `head []`: stdout written before is flushed, stderr gets
-- "exit_head: Prelude.head: empty list" (GHC 9.0.2: no CallStack), exit code 1.
import System.IO

main :: IO ()
main = do
  putStrLn "about to take the head of an empty list"
  hPutStrLn stderr "stderr line before the error"
  let xs = filter (> 10) [1 .. 5 :: Int]
  print (head xs)
  putStrLn "never printed"
