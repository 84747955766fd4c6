-- exit_code: a program ending with exitWith (ExitFailure 3) after writing to stdout (block
-- buffered when piped: must be flushed at exit) and stderr; code after exitWith never runs.
import System.Exit
import System.IO

main :: IO ()
main = do
  putStrLn "before exit"
  mapM_ (\i -> putStr (show i ++ " ")) [1 .. 20 :: Int]
  hPutStrLn stderr "stderr before exit"
  putStr "no newline at the end"
  _ <- exitWith (ExitFailure 3)
  putStrLn "never printed"
