-- stdin_getline: line-oriented reading of stdin_getline.stdin: hGetLine stdin for a header,
-- getLine in a loop until isEOF, hIsEOF, a line with a CR before LF (kept: no newline
-- translation on POSIX), empty lines, a last line without a newline, and the isEOFError
-- raised by getLine at end of file (caught, printed with show).
import System.IO
import System.IO.Error (isEOFError)
import Control.Exception

loop :: Int -> IO Int
loop n = do
  eof <- isEOF
  if eof
    then return n
    else do
      l <- getLine
      putStrLn (show n ++ " [" ++ show (length l) ++ "] " ++ show l)
      loop (n + 1)

main :: IO ()
main = do
  header <- hGetLine stdin
  putStrLn ("header: " ++ header)
  eof0 <- hIsEOF stdin
  print eof0
  n <- loop 1
  putStrLn ("read " ++ show (n - 1) ++ " more lines")
  r <- try getLine
  case r of
    Left e -> putStrLn ("at EOF: isEOFError=" ++ show (isEOFError e) ++ " " ++ show e)
    Right l -> putStrLn ("unexpected line " ++ l)
  eof1 <- hIsEOF stdin
  print eof1
