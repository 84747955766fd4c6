{-# LANGUAGE MagicHash, BangPatterns, NoImplicitPrelude #-}
module Main (main) where
import GHC.Types
import GHC.Prim
import GHC.Classes

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

plus :: Int -> Int -> Int
plus (I# a) (I# b) = I# (a +# b)

fib :: Int -> Int
fib n = go 0 1 0
  where
    go !acc0 acc1 i
      | i == n = acc0
      | True = go acc1 (plus acc0 acc1) (plus i 1)

main :: IO ()
main = print_int (fib 10)
