-- stdin_readln: character- and value-level stdin reading from stdin_readln.stdin: readLn as
-- Int, as [Int] and as a tuple, getChar/hLookAhead/hGetChar (including the newline),
-- hSetBuffering stdin NoBuffering, readIO success and failure ("user error
-- (Prelude.readIO: no parse)"), readLn on a line that is not a number (same error), and
-- getContents for the rest.
import System.IO
import Control.Exception

main :: IO ()
main = do
  n <- readLn :: IO Int
  xs <- readLn :: IO [Int]
  t <- readLn :: IO (Int, String)
  print (n * 2, sum xs, t)
  hSetBuffering stdin NoBuffering
  c1 <- getChar
  c2 <- hLookAhead stdin
  c3 <- hGetChar stdin
  c4 <- getChar
  print [c1, c2, c3, c4]
  v <- readIO "  99 " :: IO Int
  print v
  r <- try (readIO "nope" :: IO Int)
  print (r :: Either IOException Int)
  r2 <- try (readLn :: IO Int)
  print (r2 :: Either IOException Int)
  rest <- getContents
  print (lines rest)
