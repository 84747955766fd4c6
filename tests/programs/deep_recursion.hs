{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- 10^7-deep non-tail recursion (the stack grows, as with GHC's default limit).
-- 10^7-deep non-tail recursion (GHC's default stack limit allows it): a sum over boxed Ints,
-- building a strict list by non-tail recursion, mutual recursion, and forcing a chain of 10^6
-- nested thunks (update frames all the way down). The stack must grow, and shrink again.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

{-# NOINLINE sumTo #-}
sumTo :: Int -> Int
sumTo (I# 0#) = I# 0#
sumTo (I# n) = case sumTo (I# (n -# 1#)) of I# r -> I# (n +# r)

data List = Nil | Cons !Int !List

{-# NOINLINE build #-}
build :: Int -> List
build (I# 0#) = Nil
build (I# n) = Cons (I# n) (build (I# (n -# 1#)))

{-# NOINLINE len #-}
len :: List -> Int# -> Int
len Nil acc = I# acc
len (Cons _ xs) acc = len xs (acc +# 1#)

{-# NOINLINE ping #-}
ping :: Int -> Int
ping (I# 0#) = I# 0#
ping (I# n) = case pong (I# (n -# 1#)) of I# r -> I# (r +# 1#)

{-# NOINLINE pong #-}
pong :: Int -> Int
pong (I# 0#) = I# 0#
pong (I# n) = case ping (I# (n -# 1#)) of I# r -> I# (r +# 2#)

-- foldl without strictness: a chain of n nested (+) thunks.
data LL = LNil | LCons Int LL

{-# NOINLINE upTo #-}
upTo :: Int# -> Int# -> LL
upTo i n = case i ># n of
  1# -> LNil
  _ -> LCons (I# i) (upTo (i +# 1#) n)

{-# NOINLINE lazyFoldl #-}
lazyFoldl :: (Int -> Int -> Int) -> Int -> LL -> Int
lazyFoldl _ acc LNil = acc
lazyFoldl f acc (LCons x xs) = lazyFoldl f (f acc x) xs

plus :: Int -> Int -> Int
plus (I# a) (I# b) = I# (a +# b)

main :: IO ()
main = print_int (sumTo (I# 10000000#))
  >> print_int (len (build (I# 10000000#)) 0#)
  >> print_int (ping (I# 10000000#))
  >> print_int (lazyFoldl plus (I# 0#) (upTo 1# 1000000#))
  >> print_int (sumTo (I# 10#))
  >> print_int (sumTo (I# 1000000#))
