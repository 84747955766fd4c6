-- files_basic: whole-file IO in the current directory (files named ahc-test-tmp-files_basic-*,
-- removed at the end with base's own unlink binding, System.Posix.Internals.c_unlink):
-- writeFile/readFile/appendFile (ASCII text), readFile of an empty file, a 100 KB file
-- written with writeFile and read back lazily (length, checksum), lines of a file without a
-- trailing newline, withFile WriteMode/AppendMode/ReadMode with hPutStr/hPrint/hGetContents
-- (forced inside withFile), and that the files are really gone afterwards (openFile and a
-- second unlink fail with "does not exist"). ASCII only: readFile/writeFile use the locale's
-- encoding, which differs between machines.
import System.IO
import System.IO.Error
import System.Posix.Internals (c_unlink, withFilePath)
import Foreign.C.Error (throwErrnoPathIfMinus1_)
import Control.Exception
import Control.Monad (forM_)
import Data.Char (ord)

removeFile' :: FilePath -> IO ()
removeFile' p = withFilePath p $ \cs -> throwErrnoPathIfMinus1_ "removeFile" p (c_unlink cs)

tmp :: String -> FilePath
tmp s = "ahc-test-tmp-files_basic-" ++ s

main :: IO ()
main = do
  let a = tmp "a.txt"
      e = tmp "empty.txt"
      big = tmp "big.txt"
      w = tmp "with.txt"
  writeFile a "line one\nline two\n"
  readFile a >>= putStr
  appendFile a "line three (appended)\n"
  appendFile a "no newline at the end"
  s <- readFile a
  print (length s, lines s)
  writeFile a "overwritten\n"
  readFile a >>= print
  writeFile e ""
  es <- readFile e
  print (es, null es)
  let content = concatMap (\i -> show i ++ (if i `mod` 10 == 0 then "\n" else " ")) [1 .. 20000 :: Int]
  writeFile big content
  bs <- readFile big
  print (length bs, length (lines bs), foldl (\h c -> (h * 31 + ord c) `mod` 1000003) 7 bs, last (lines bs))
  withFile w WriteMode $ \h -> do
    hPutStr h "written with "
    hPutStrLn h "withFile"
    hPrint h (42 :: Int, "tuple")
    forM_ [1 .. 3 :: Int] (hPrint h)
  withFile w AppendMode $ \h -> hPutStrLn h "appended via AppendMode"
  withFile w ReadMode $ \h -> do
    c <- hGetContents h
    putStr c
    print (length c)
  ls <- fmap lines (readFile w)
  print (length ls, map length ls)
  mapM_ removeFile' [a, e, big, w]
  r <- try (openFile a ReadMode)
  case r of
    Left err -> putStrLn ("after removal: " ++ show err ++ " doesNotExist=" ++ show (isDoesNotExistError err))
    Right h -> hClose h >> putStrLn "file still exists?"
  r2 <- try (removeFile' a)
  case r2 of
    Left err -> putStrLn ("second removal: " ++ show (err :: IOException))
    Right () -> putStrLn "removed twice?"
