{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
module Main (main) where
import GHC.Types
import Shapes

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

main :: IO ()
main = print_int (perimeter unit) >> print_int (perimeter (scale 3 unit))
  >> print_int (perimeter (scale 2 (Rect 3 5)))
