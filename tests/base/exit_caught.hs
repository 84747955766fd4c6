-- exit_caught: ExitCode is an exception: exitWith inside `try` is caught as ExitCode (and by
-- a SomeException handler), a handler for another type lets it through, finally/bracket
-- release still run on the way out, exitWith (ExitFailure 0) is an IOError (invalid
-- argument), exitSuccess caught, and the program finally leaves with exitWith (ExitFailure 42)
-- from inside a bracket (whose release prints on the way out).
import System.Exit
import System.IO
import Control.Exception

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  r <- try (exitWith (ExitFailure 5))
  print (r :: Either ExitCode ())
  r2 <- try exitSuccess
  print (r2 :: Either ExitCode ())
  r3 <- try (exitWith (ExitFailure 7))
  case r3 of
    Left e -> putStrLn ("SomeException handler saw: " ++ show (e :: SomeException))
    Right () -> return ()
  r4 <- try (exitWith (ExitFailure 0))
  case r4 of
    Left e -> putStrLn ("ExitFailure 0: " ++ show (e :: IOException))
    Right () -> return ()
  r5 <- try (handle (\e -> putStrLn ("wrong handler " ++ show (e :: ArithException))) (exitWith (ExitFailure 9)))
  print (r5 :: Either ExitCode ())
  r6 <- try (exitFailure `finally` putStrLn "finally ran during exit")
  print (r6 :: Either ExitCode ())
  print (ExitSuccess, ExitFailure 2, ExitFailure (-1), ExitSuccess == ExitSuccess, ExitFailure 1 < ExitFailure 2)
  bracket_ (putStrLn "acquire") (putStrLn "release on the way out") (exitWith (ExitFailure 42))
  putStrLn "never printed"
