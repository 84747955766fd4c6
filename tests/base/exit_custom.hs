-- exit_custom: an uncaught custom exception thrown with throwIO: the top-level handler
-- prints "exit_custom: " followed by its `show` (GHC 9.0.2 uses showsPrec, not
-- displayException, which is defined differently here on purpose), exit code 1.
import Control.Exception

data Kaboom = Kaboom { code :: Int, why :: String } deriving Show
instance Exception Kaboom where
  displayException k = "displayException is not used by 9.0.2's handler: " ++ why k

main :: IO ()
main = do
  putStrLn "throwing Kaboom"
  _ <- throwIO (Kaboom 17 "custom failure")
  putStrLn "never printed"
