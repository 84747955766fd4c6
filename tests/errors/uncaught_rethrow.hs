-- A handler that prints and throws another exception, which nothing catches.
import Control.Exception

main :: IO ()
main = do
  print 0
  throwIO (ErrorCall "first") `catch` \e -> do
    putStrLn ("caught: " ++ show (e :: ErrorCall))
    throwIO (userError "second")
  print 3
