-- An exception thrown by pure code, demanded by `print`: `<prog>: Boom 42`, exit 1.
import Control.Exception

data Boom = Boom Int deriving Show
instance Exception Boom

f :: Int -> Int
f n = if n > 41 then throw (Boom n) else n

main :: IO ()
main = do
  print (f 1)
  print (f 42)
