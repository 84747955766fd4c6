{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- keepAlive#: the continuation runs (and its result, boxed or unboxed, comes back) while the
-- kept value stays alive across collections.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

data L = N | C !Int L

{-# NOINLINE build #-}
build :: Int# -> L
build 0# = N
build n = C (I# n) (build (n -# 1#))

{-# NOINLINE total #-}
total :: L -> Int# -> Int#
total N acc = acc
total (C (I# x) r) acc = total r (acc +# x)

{-# NOINLINE use #-}
use :: Int -> State# RealWorld -> (# State# RealWorld, Int #)
use (I# n) s = (# s, I# (total (build n) 0#) #)

{-# NOINLINE useU #-}
useU :: Int -> State# RealWorld -> (# State# RealWorld, Int# #)
useU (I# n) s = (# s, total (build n) 1# #)

main :: IO ()
main = IO (\s -> case keepAlive# (build 10#) s (use (I# 200000#)) of
  (# s1, r #) -> case print_int r of IO f -> f s1)
  >> IO (\s -> case keepAlive# (I# 7#) s (useU (I# 300000#)) of
  (# s1, r #) -> case print_int (I# r) of IO f -> f s1)
