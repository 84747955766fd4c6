{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- A live list that grows without end (kept whole until the end test, which never succeeds):
-- heap exhaustion (see README.md).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

data L = N | C !Int !L

{-# NOINLINE never #-}
never :: Int
never = I# (-1#)

{-# NOINLINE grow #-}
grow :: Int -> Int -> L -> Int
grow (I# stop) (I# n) acc = case n ==# stop of
  1# -> len acc 0#
  _ -> grow (I# stop) (I# (n +# 1#)) (C (I# n) acc)

len :: L -> Int# -> Int
len N k = I# k
len (C _ r) k = len r (k +# 1#)

main :: IO ()
main = print_int (I# 1#) >> print_int (grow never (I# 0#) N) >> print_int (I# 2#)
