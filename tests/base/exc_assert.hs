-- exc_assert: Control.Exception.assert. The harness (and ahc-link) compile with -O, which
-- implies -fignore-asserts; this file turns assertions back on with an OPTIONS_GHC pragma
-- (-fno-ignore-asserts, which wins over the command line's -O), so the output does not depend
-- on the optimisation level: assert True passes the value through, assert False throws
-- AssertionFailed whose text carries the CallStack with this file's source location.
{-# OPTIONS_GHC -fno-ignore-asserts #-}
import Control.Exception

check :: Int -> Int
check n = assert (n > 0) (n * 2)

main :: IO ()
main = do
  print (assert True "assert True passes")
  print (check 21)
  r <- try (evaluate (check (-1)))
  case r of
    Left (AssertionFailed msg) -> putStrLn ("caught: " ++ msg)
    Right v -> putStrLn ("assertion ignored, got " ++ show v)
  r2 <- try (evaluate (assert (length "abc" == 4) ()))
  case r2 of
    Left e -> putStrLn ("caught SomeException: " ++ show (e :: SomeException))
    Right () -> putStrLn "assertion ignored"
