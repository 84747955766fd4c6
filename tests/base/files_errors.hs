-- files_errors: IOException values from file operations, printed with show and classified
-- with System.IO.Error predicates: openFile of a missing file in a missing directory
-- ("ahc-test-tmp/missing.txt: openFile: does not exist (No such file or directory)"), of a
-- directory (inappropriate type), writeFile into a missing directory, opening the same file
-- twice for writing and for read+write (GHC's single-writer locking: "resource busy (file is
-- locked)"), the lazy readFile-then-writeFile-same-file trap, ioeGetFileName/
-- ioeGetErrorString/ioeGetErrorType, mkIOError/annotateIOError/modifyIOError, catchIOError,
-- and userError/ioError classification. Temp files: ahc-test-tmp-files_errors-*, removed.
import System.IO
import System.IO.Error
import System.Posix.Internals (c_unlink, withFilePath)
import Foreign.C.Error (throwErrnoPathIfMinus1_)
import Control.Exception

removeFile' :: FilePath -> IO ()
removeFile' p = withFilePath p $ \cs -> throwErrnoPathIfMinus1_ "removeFile" p (c_unlink cs)

describe :: String -> IO a -> IO ()
describe label act = do
  r <- try act
  case r of
    Left e -> do
      putStrLn (label ++ ": " ++ show e)
      putStrLn ("  doesNotExist=" ++ show (isDoesNotExistError e) ++ " alreadyInUse=" ++ show (isAlreadyInUseError e)
                ++ " permission=" ++ show (isPermissionError e) ++ " illegalOp=" ++ show (isIllegalOperation e)
                ++ " user=" ++ show (isUserError e) ++ " eof=" ++ show (isEOFError e)
                ++ " file=" ++ show (ioeGetFileName e) ++ " type=" ++ show (ioeGetErrorType e))
    Right _ -> putStrLn (label ++ ": no error")

main :: IO ()
main = do
  let f = "ahc-test-tmp-files_errors-locked.txt"
      g = "ahc-test-tmp-files_errors-lazy.txt"
  describe "missing file" (openFile "ahc-test-tmp/missing.txt" ReadMode)
  describe "missing file (readFile)" (readFile "ahc-test-tmp-files_errors-does-not-exist.txt" >>= evaluate . length)
  describe "directory" (openFile "." ReadMode)
  describe "write into missing directory" (writeFile "ahc-test-tmp/sub/out.txt" "x")
  h <- openFile f WriteMode
  describe "second writer" (openFile f WriteMode)
  describe "reader while writing" (openFile f ReadMode)
  describe "append while writing" (openFile f AppendMode)
  hClose h
  describe "reopen after close" (openFile f ReadWriteMode >>= hClose)
  r1 <- openFile f ReadMode
  r2 <- openFile f ReadMode
  putStrLn "two readers at once: ok"
  describe "writer while reading" (openFile f WriteMode)
  hClose r1
  hClose r2
  writeFile g "original contents\n"
  -- (the handler reads the lazy contents to the end, which closes readFile's handle)
  describe "lazy readFile then writeFile"
    (readFile g >>= \s -> writeFile g (s ++ "more\n") `catch` \e -> evaluate (length s) >> throwIO (e :: IOException))
  s <- readFile g
  length s `seq` writeFile g (s ++ "more\n")
  readFile g >>= putStr
  describe "userError" (ioError (userError "custom message"))
  let e1 = mkIOError doesNotExistErrorType "myOperation" Nothing (Just "some/path")
  print (e1, ioeGetErrorString e1, ioeGetLocation e1)
  print (annotateIOError e1 "annotated" Nothing (Just "other/path"))
  print (ioeSetErrorString (ioeSetLocation e1 "newLoc") "new description")
  print (mkIOError alreadyExistsErrorType "mk" Nothing Nothing, mkIOError fullErrorType "mk" Nothing Nothing,
         mkIOError eofErrorType "mk" Nothing Nothing, mkIOError illegalOperationErrorType "mk" Nothing Nothing,
         mkIOError permissionErrorType "mk" Nothing Nothing, mkIOError userErrorType "mk" Nothing Nothing)
  r <- tryIOError (modifyIOError (\e -> ioeSetErrorString e "modified") (ioError (userError "orig")))
  print (r :: Either IOError ())
  catchIOError (ioError (userError "via catchIOError")) (\e -> putStrLn ("caught: " ++ ioeGetErrorString e))
  removeFile' f
  removeFile' g
  describe "unlink missing" (removeFile' f)
