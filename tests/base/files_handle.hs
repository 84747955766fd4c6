-- files_handle: Handle operations on a file in the current directory
-- (ahc-test-tmp-files_handle-*, removed at the end): openFile in every IOMode, hGetLine until
-- hIsEOF, hGetChar/hLookAhead, hSeek (AbsoluteSeek/RelativeSeek/SeekFromEnd) + hTell,
-- hFileSize, hSetFileSize (truncate and extend with NULs), ReadWriteMode overwrite in the
-- middle, hGetPosn/hSetPosn, hIsOpen/hIsClosed/hIsReadable/hIsWritable/hIsSeekable,
-- hGetBuffering of a file, hSetBuffering NoBuffering on a file, hClose twice (no error),
-- operations on a closed handle (errors shown), binary mode (openBinaryFile, all 256 byte
-- values written and read back, hSetBinaryMode), hPutBuf/hGetBuf with a malloc'd buffer,
-- hGetContents then hClose semantics, and the handle's show ("{handle: <path>}").
import System.IO
import System.Posix.Internals (c_unlink, withFilePath)
import Foreign.C.Error (throwErrnoPathIfMinus1_)
import Foreign.Marshal.Alloc (allocaBytes)
import Foreign.Storable (peekByteOff, pokeByteOff)
import Data.Word (Word8)
import Control.Exception
import Control.Monad

removeFile' :: FilePath -> IO ()
removeFile' p = withFilePath p $ \cs -> throwErrnoPathIfMinus1_ "removeFile" p (c_unlink cs)

tmp :: String -> FilePath
tmp s = "ahc-test-tmp-files_handle-" ++ s

tryIO :: String -> IO a -> IO ()
tryIO label act = do
  r <- try act
  case r of
    Left e -> putStrLn (label ++ ": " ++ show (e :: IOException))
    Right _ -> putStrLn (label ++ ": ok")

readLines :: Handle -> IO [String]
readLines h = do
  eof <- hIsEOF h
  if eof then return [] else (:) <$> hGetLine h <*> readLines h

main :: IO ()
main = do
  let f = tmp "data.txt"
      b = tmp "bytes.bin"
  h <- openFile f WriteMode
  print h
  hPutStr h "0123456789\nabcdefghij\nKLMNOPQRST\nlast"
  hTell h >>= print
  hFileSize h >>= print
  hIsWritable h >>= print
  hIsReadable h >>= print
  hClose h
  hClose h
  hIsClosed h >>= print
  hIsOpen h >>= print
  h2 <- openFile f ReadMode
  hGetBuffering h2 >>= print
  hIsSeekable h2 >>= print
  l1 <- hGetLine h2
  c <- hGetChar h2
  la <- hLookAhead h2
  c2 <- hGetChar h2
  print (l1, c, la, c2)
  hTell h2 >>= print
  hSeek h2 AbsoluteSeek 5
  hGetLine h2 >>= print
  hSeek h2 RelativeSeek 3
  hGetLine h2 >>= print
  hSeek h2 SeekFromEnd (-4)
  hGetLine h2 >>= print
  hIsEOF h2 >>= print
  hSeek h2 AbsoluteSeek 0
  p <- hGetPosn h2
  rest <- readLines h2
  print rest
  hSetPosn p
  hGetLine h2 >>= print
  hClose h2
  tryIO "hGetLine on closed handle" (hGetLine h2)
  tryIO "hPutStr on closed handle" (hPutStr h2 "x")
  tryIO "hFileSize on closed handle" (hFileSize h2)
  h3 <- openFile f ReadWriteMode
  hSeek h3 AbsoluteSeek 11
  hPutStr h3 "ABCDE"
  hSeek h3 AbsoluteSeek 0
  readLines h3 >>= print
  hSetFileSize h3 15
  hFileSize h3 >>= print
  hSetFileSize h3 20
  hFileSize h3 >>= print
  hSeek h3 AbsoluteSeek 0
  s3 <- hGetContents h3
  print s3
  hClose h3
  tryIO "hGetContents after hClose already consumed" (evaluate (length s3))
  h4 <- openFile f AppendMode
  hSetBuffering h4 NoBuffering
  hGetBuffering h4 >>= print
  hPutStr h4 "appended"
  tryIO "hTell on an AppendMode handle" (hTell h4 >>= print)
  tryIO "hGetLine on write-only handle" (hGetLine h4)
  hClose h4
  withFile f ReadMode (\hh -> hFileSize hh >>= print >> hGetContents hh >>= print . length)
  tryIO "hSeek negative" (withFile f ReadMode (\hh -> hSeek hh AbsoluteSeek (-1)))
  -- binary
  hb <- openBinaryFile b WriteMode
  hPutStr hb (map toEnum [0 .. 255])
  hClose hb
  hb2 <- openBinaryFile b ReadMode
  bytes <- hGetContents hb2
  print (length bytes, map fromEnum (take 5 bytes), map fromEnum (drop 250 bytes), sum (map fromEnum bytes))
  hClose hb2
  hb3 <- openFile b ReadMode
  hSetBinaryMode hb3 True
  hFileSize hb3 >>= print
  allocaBytes 64 $ \buf -> do
    n <- hGetBuf hb3 buf 64
    xs <- forM [0, 1, 10, 63] (\i -> peekByteOff buf i :: IO Word8)
    print (n, xs)
    hSeek hb3 AbsoluteSeek 250
    n2 <- hGetBuf hb3 buf 64
    print n2
  hClose hb3
  allocaBytes 4 $ \buf -> do
    forM_ [0 .. 3] (\i -> pokeByteOff buf i (fromIntegral (65 + i) :: Word8))
    withBinaryFile b WriteMode (\hh -> hPutBuf hh buf 4)
  readFile b >>= print
  removeFile' f
  removeFile' b
  tryIO "open removed file" (openFile f ReadMode)
