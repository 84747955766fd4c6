-- exit_ioerror: an uncaught `ioError (userError "x")`: stderr gets
-- "exit_ioerror: user error (x)", exit code 1.
main :: IO ()
main = do
  putStrLn "raising a user error"
  ioError (userError "x")
  putStrLn "never printed"
