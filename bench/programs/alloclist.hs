{-# LANGUAGE MagicHash, NoImplicitPrelude #-}
-- Allocation-heavy: builds and sums strict lists of 10^4 elements, 300 times (no GC yet, so
-- the heap only grows: this measures allocation and heap growth).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

data List = Nil | Cons !Int !List

build :: Int# -> List -> List
build 0# acc = acc
build n acc = build (n -# 1#) (Cons (I# n) acc)

sumL :: List -> Int# -> Int#
sumL Nil acc = acc
sumL (Cons (I# x) xs) acc = sumL xs (acc +# x)

rounds :: Int# -> Int# -> Int
rounds 0# acc = I# acc
rounds k acc = rounds (k -# 1#) (acc +# sumL (build (10000# +# remInt# k 2#) Nil) 0#)

main :: IO ()
main = print_int (rounds 300# 0#)
