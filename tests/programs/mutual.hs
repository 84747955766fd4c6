{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Mutual recursion: tail calls between two functions (a million deep), and non-tail
-- mutual recursion (Hofstadter's female and male sequences).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

isEven :: Int -> Int
isEven (I# 0#) = I# 1#
isEven (I# n) = isOdd (I# (n -# 1#))

isOdd :: Int -> Int
isOdd (I# 0#) = I# 0#
isOdd (I# n) = isEven (I# (n -# 1#))

female :: Int -> Int
female (I# 0#) = I# 1#
female (I# n) = case female (I# (n -# 1#)) of
  f -> case male f of I# m -> I# (n -# m)

male :: Int -> Int
male (I# 0#) = I# 0#
male (I# n) = case male (I# (n -# 1#)) of
  m -> case female m of I# f -> I# (n -# f)

collatz :: Int -> Int -> Int
collatz (I# 1#) acc = acc
collatz (I# n) (I# acc) = case remInt# n 2# of
  0# -> collatzEven (I# n) (I# (acc +# 1#))
  _ -> collatz (I# (3# *# n +# 1#)) (I# (acc +# 1#))

collatzEven :: Int -> Int -> Int
collatzEven (I# n) acc = collatz (I# (quotInt# n 2#)) acc

main :: IO ()
main = print_int (isEven 1000000) >> print_int (isOdd 1000001) >> print_int (isEven 7)
  >> print_int (female 20) >> print_int (male 20) >> print_int (female 100)
  >> print_int (collatz 27 0) >> print_int (collatz 837799 0)
