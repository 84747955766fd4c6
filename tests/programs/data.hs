{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- User data types: multi-constructor case, nullary constructors, strict fields,
-- a type with more constructors than pointer-tag values, recursion over a list.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

data Shape = Circle !Int | Rect !Int !Int | Tri !Int !Int !Int | Empty

{-# NOINLINE area #-}
area :: Shape -> Int
area (Circle (I# r)) = I# (3# *# r *# r)
area (Rect (I# w) (I# h)) = I# (w *# h)
area (Tri (I# a) (I# b) (I# c)) = I# (a +# b +# c)
area Empty = I# 0#

data Color = Red | Green | Blue

{-# NOINLINE name #-}
name :: Color -> IO ()
name Red = print_string "red\n"#
name Green = print_string "green\n"#
name Blue = print_string "blue\n"#

{-# NOINLINE next #-}
next :: Color -> Color
next Red = Green
next Green = Blue
next Blue = Red

data Big = B1 | B2 | B3 | B4 | B5 | B6 | B7 | B8 | B9 | B10

{-# NOINLINE bigNum #-}
bigNum :: Big -> Int
bigNum b = case b of
  B1 -> I# 1#
  B2 -> I# 2#
  B6 -> I# 6#
  B7 -> I# 7#
  B8 -> I# 8#
  B10 -> I# 10#
  _ -> I# 0#

{-# NOINLINE bigOf #-}
bigOf :: Int -> Big
bigOf (I# n) = case n of
  1# -> B1
  2# -> B2
  3# -> B3
  6# -> B6
  7# -> B7
  8# -> B8
  9# -> B9
  _ -> B10

data List = Nil | Cons !Int !List

build :: Int -> List
build (I# 0#) = Nil
build (I# n) = Cons (I# n) (build (I# (n -# 1#)))

sumL :: List -> Int
sumL Nil = I# 0#
sumL (Cons (I# x) xs) = case sumL xs of I# s -> I# (x +# s)

lengthL :: List -> Int -> Int
lengthL Nil acc = acc
lengthL (Cons _ xs) (I# acc) = lengthL xs (I# (acc +# 1#))

data Pair = Pair !Int !Double

{-# NOINLINE swapish #-}
swapish :: Pair -> Pair
swapish (Pair (I# i) (D# d)) = Pair (I# (double2Int# d)) (D# (int2Double# i))

main :: IO ()
main = print_int (area (Circle 2)) >> print_int (area (Rect 3 4)) >> print_int (area (Tri 1 2 3))
  >> print_int (area Empty)
  >> name Red >> name (next Red) >> name (next (next Red)) >> name (next (next (next Red)))
  >> print_int (bigNum (bigOf 1)) >> print_int (bigNum (bigOf 2)) >> print_int (bigNum (bigOf 3))
  >> print_int (bigNum (bigOf 6)) >> print_int (bigNum (bigOf 7)) >> print_int (bigNum (bigOf 8))
  >> print_int (bigNum (bigOf 9)) >> print_int (bigNum (bigOf 10))
  >> print_int (sumL (build 1000)) >> print_int (lengthL (build 12345) 0)
  >> (case swapish (Pair 42 2.5) of Pair i (D# d) -> print_int i >> print_int (I# (double2Int# (d *## 10.0##))))
