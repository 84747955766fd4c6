{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Deep tail recursion: 10^7 iterations of a self-recursive function, of a join-point loop,
-- and of a loop through a local function with free variables; none may grow any stack.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

sumTo :: Int -> Int -> Int
sumTo (I# 0#) acc = acc
sumTo (I# n) (I# acc) = sumTo (I# (n -# 1#)) (I# (acc +# n))

{-# NOINLINE count #-}
count :: Int -> Int
count (I# n) = go 0# 0#
  where
    go i acc = case i ==# n of
      1# -> I# acc
      _ -> go (i +# 1#) (acc +# (remInt# i 7#))

{-# NOINLINE stepper #-}
stepper :: Int -> Int -> Int
stepper (I# k) (I# n) =
  let step i acc = case i of
        0# -> acc
        _ -> step (i -# 1#) (xorI# acc (i *# k))
  in I# (step n 0#)

main :: IO ()
main = print_int (sumTo 10000000 0) >> print_int (count 10000000) >> print_int (stepper 31 10000000)
