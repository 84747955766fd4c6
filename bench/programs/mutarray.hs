{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Old-to-young pointers: a 10^5-slot MutableArray# (long-lived) receives 5*10^6 freshly
-- allocated boxes at pseudo-random slots (a write barrier / remembered set benchmark).
module Main (main) where
import GHC.Types
import GHC.Prim
import GHC.Magic

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

data Cell = Cell !Int Int    -- a strict value and a lazy link to the previous occupant's value

slots :: Int
slots = I# 100000#

{-# NOINLINE run #-}
run :: Int -> Int -> Int
run (I# n) (I# k) = case runRW# (\s -> case newArray# n (Cell (I# 0#) (I# 0#)) s of
      (# s1, arr #) -> case loop arr (I# k) 12345# s1 of
        s2 -> (# s2, total arr 0# 0# s2 #)) of
    (# _, r #) -> r
  where
    loop arr (I# 0#) _ s = s
    loop arr (I# i) seed s =
      let seed' = remInt# (seed *# 1103515245# +# 12345#) 2147483648#
          j = remInt# seed' n
      in case readArray# arr j s of
        (# s1, Cell (I# v) _ #) -> case writeArray# arr j (Cell (I# (remInt# (v +# i) 1000003#)) (I# v)) s1 of
          s2 -> loop arr (I# (i -# 1#)) seed' s2
    total arr j acc s = case j ==# n of
      1# -> I# acc
      _ -> case readArray# arr j s of
        (# s1, Cell (I# v) (I# w) #) -> total arr (j +# 1#) (remInt# (acc +# v +# w) 1000000007#) s1

main :: IO ()
main = print_int (run slots (I# 5000000#))
