-- args_env: System.Environment: getArgs with the arguments of args_env.args (including an
-- empty one, one with spaces, option-like ones and a "--"; no +RTS, which the native RTS
-- would interpret), getProgName (the executable's base name "args_env"), withArgs/withProgName
-- (temporary), lookupEnv/getEnv of variables from args_env.env (including an empty value and
-- a value with '=' and spaces), lookupEnv/getEnv of a missing variable (Nothing / an
-- IOException shown), getEnvironment filtered to this test's own AHC_TEST_ keys, and
-- setEnv/unsetEnv round trips (System.Environment.setEnv).
import System.Environment
import Control.Exception
import Data.List (isPrefixOf, sort)

main :: IO ()
main = do
  args <- getArgs
  print args
  print (length args)
  name <- getProgName
  putStrLn ("prog name: " ++ name)
  withArgs ["temporary", "args"] (getArgs >>= print)
  getArgs >>= print . (== args)
  withProgName "renamed" (getProgName >>= putStrLn)
  getProgName >>= putStrLn
  lookupEnv "AHC_TEST_GREETING" >>= print
  lookupEnv "AHC_TEST_EMPTY" >>= print
  lookupEnv "AHC_TEST_TRICKY" >>= print
  lookupEnv "AHC_TEST_NUMBER" >>= print . fmap (\s -> read s * (2 :: Int))
  lookupEnv "AHC_TEST_MISSING_VARIABLE" >>= print
  getEnv "AHC_TEST_GREETING" >>= putStrLn
  r <- try (getEnv "AHC_TEST_MISSING_VARIABLE")
  case r of
    Left e -> putStrLn ("getEnv missing: " ++ show (e :: IOException))
    Right v -> putStrLn ("unexpected: " ++ v)
  env <- getEnvironment
  mapM_ print (sort (filter (("AHC_TEST_" `isPrefixOf`) . fst) env))
  setEnv "AHC_TEST_SET_AT_RUNTIME" "value 1"
  lookupEnv "AHC_TEST_SET_AT_RUNTIME" >>= print
  setEnv "AHC_TEST_SET_AT_RUNTIME" "value 2"
  getEnv "AHC_TEST_SET_AT_RUNTIME" >>= print
  unsetEnv "AHC_TEST_SET_AT_RUNTIME"
  lookupEnv "AHC_TEST_SET_AT_RUNTIME" >>= print
  setEnv "AHC_TEST_GREETING" ""
  lookupEnv "AHC_TEST_GREETING" >>= print
  env2 <- getEnvironment
  print (sort (map fst (filter (("AHC_TEST_" `isPrefixOf`) . fst) env2)))
