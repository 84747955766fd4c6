{-# LANGUAGE MagicHash, NoImplicitPrelude #-}
-- A tight arithmetic loop: 10^8 iterations of a join point.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

{-# NOINLINE loop #-}
loop :: Int -> Int
loop (I# n) = go 0# 0#
  where
    go i acc = case i ==# n of
      1# -> I# acc
      _ -> go (i +# 1#) (acc +# (i *# i) `remInt#` 1000003#)

main :: IO ()
main = print_int (loop 100000000)
