{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Unbounded non-tail recursion (the end test never succeeds, but GHC cannot know that, so it
-- does not turn the recursion into a loop): a stack overflow (see README.md).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

{-# NOINLINE never #-}
never :: Int
never = I# (-1#)

{-# NOINLINE down #-}
down :: Int -> Int -> Int
down (I# stop) (I# n) = case n ==# stop of
  1# -> I# 0#
  _ -> case down (I# stop) (I# (n +# 1#)) of I# r -> I# (r +# n)

main :: IO ()
main = print_int (I# 1#) >> print_int (down never (I# 0#)) >> print_int (I# 2#)
