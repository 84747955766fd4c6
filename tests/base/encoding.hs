-- encoding: text encodings and newline modes, independent of the locale: stdout switched to
-- UTF-8 with hSetEncoding (non-ASCII text printed raw), files written with utf8, utf8_bom,
-- utf16le, utf16be, utf32le, latin1 and char8 and read back in binary mode (bytes shown in
-- hex), reading UTF-8/UTF-16 back (BOM handling), decoding invalid UTF-8 (the error, then
-- mkTextEncoding "UTF-8//IGNORE" and "UTF-8//ROUNDTRIP"), latin1 encoding of a Char > 255
-- (error) and with mkTextEncoding "ISO-8859-1//IGNORE" (all built in: no iconv), show of
-- encodings, hGetEncoding, and
-- hSetNewlineMode (CRLF output, universal input, noNewlineTranslation).
-- Temp files: ahc-test-tmp-encoding-*, removed at the end.
import System.IO
import System.Posix.Internals (c_unlink, withFilePath)
import Foreign.C.Error (throwErrnoPathIfMinus1_)
import Control.Exception
import Numeric (showHex)

removeFile' :: FilePath -> IO ()
removeFile' p = withFilePath p $ \cs -> throwErrnoPathIfMinus1_ "removeFile" p (c_unlink cs)

tmp :: FilePath
tmp = "ahc-test-tmp-encoding-file.txt"

sample :: String
sample = "A\233\955\8364\128512z"  -- A, e-acute, lambda, euro sign, U+1F600, z

writeWith :: TextEncoding -> String -> IO ()
writeWith enc s = withFile tmp WriteMode (\h -> hSetEncoding h enc >> hPutStr h s)

bytesOf :: IO String
bytesOf = withBinaryFile tmp ReadMode $ \h -> do
  s <- hGetContents h
  length s `seq` return (unwords [pad (showHex (fromEnum c) "") | c <- s])
  where pad x = if length x < 2 then '0' : x else x

readWith :: TextEncoding -> IO String
readWith enc = withFile tmp ReadMode $ \h -> do
  hSetEncoding h enc
  s <- hGetContents h
  length s `seq` return s

try' :: String -> IO String -> IO ()
try' label act = do
  r <- try act
  case r of
    Left e -> putStrLn (label ++ ": error: " ++ show (e :: IOException))
    Right s -> putStrLn (label ++ ": " ++ show s)

main :: IO ()
main = do
  hSetEncoding stdout utf8
  hGetEncoding stdout >>= print
  putStrLn ("raw UTF-8 on stdout: " ++ sample)
  print sample
  mapM_ (\(name, enc) -> do writeWith enc sample; b <- bytesOf; putStrLn (name ++ ": " ++ b))
    [("utf8", utf8), ("utf8_bom", utf8_bom), ("utf16le", utf16le), ("utf16be", utf16be), ("utf32le", utf32le), ("utf32be", utf32be)]
  writeWith utf8 sample
  try' "read back utf8" (readWith utf8)
  try' "read utf8 as latin1" (readWith latin1)
  writeWith utf8_bom sample
  try' "read utf8_bom as utf8_bom" (readWith utf8_bom)
  try' "read utf8_bom as utf8" (readWith utf8)
  writeWith utf16 sample
  b16 <- bytesOf
  putStrLn ("utf16 (with BOM): " ++ b16)
  try' "read back utf16" (readWith utf16)
  writeWith latin1 "caf\233"
  bytesOf >>= putStrLn . ("latin1: " ++)
  try' "latin1 of lambda" (writeWith latin1 "x\955y" >> bytesOf)
  ign <- mkTextEncoding "ISO-8859-1//IGNORE"
  try' "latin1//IGNORE of lambda" (writeWith ign "x\955y" >> bytesOf)
  writeWith char8 "\955\255\256"
  bytesOf >>= putStrLn . ("char8 truncates: " ++)
  withBinaryFile tmp WriteMode (\h -> hPutStr h "ok\xff\xfe bad \xc3( end")
  try' "invalid utf8" (readWith utf8)
  ig <- mkTextEncoding "UTF-8//IGNORE"
  try' "invalid utf8 //IGNORE" (readWith ig)
  rt <- mkTextEncoding "UTF-8//ROUNDTRIP"
  try' "invalid utf8 //ROUNDTRIP" (readWith rt)
  try' "roundtrip back to bytes" (readWith rt >>= \s -> writeWith rt s >> bytesOf)
  print (show utf8, show latin1, show utf16le, show ig, show rt)
  -- newline modes
  withFile tmp WriteMode $ \h -> do
    hSetNewlineMode h (NewlineMode { inputNL = LF, outputNL = CRLF })
    hPutStr h "one\ntwo\n"
  bytesOf >>= putStrLn . ("CRLF output: " ++)
  withBinaryFile tmp WriteMode (\h -> hPutStr h "a\r\nb\rc\n")
  r1 <- withFile tmp ReadMode (\h -> hSetNewlineMode h universalNewlineMode >> hGetContents h >>= \s -> length s `seq` return s)
  r2 <- withFile tmp ReadMode (\h -> hSetNewlineMode h noNewlineTranslation >> hGetContents h >>= \s -> length s `seq` return s)
  print (r1, r2)
  print (nativeNewline, nativeNewlineMode, universalNewlineMode)
  removeFile' tmp
