{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- An uncaught raise# from 1000 frames deep inside a thunk, forced under
-- maskAsyncExceptions# after some output (see README.md).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

{-# NOINLINE deep #-}
deep :: Int -> Int
deep (I# n) = case n of
  0# -> raise# (I# 7#)
  _ -> case deep (I# (n -# 1#)) of I# r -> I# (r +# 1#)

main :: IO ()
main = print_int (I# 1#) >> IO (maskAsyncExceptions# (\s -> case print_int (deep (I# 1000#)) of IO f -> f s))
  >> print_int (I# 2#)
