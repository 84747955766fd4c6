{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Thunk-heavy allocation: a lazy pipeline (iterate, map, filter, zipWith, take) over user
-- lists, consumed by a strict sum, 10^6 elements, five times (~2 GB of thunks and cells).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

data List a = Nil | Cons a (List a)

{-# NOINLINE iterate #-}
iterate :: (a -> a) -> a -> List a
iterate f x = Cons x (iterate f (f x))

{-# NOINLINE map #-}
map :: (a -> b) -> List a -> List b
map _ Nil = Nil
map f (Cons x xs) = Cons (f x) (map f xs)

{-# NOINLINE filter #-}
filter :: (a -> Bool) -> List a -> List a
filter _ Nil = Nil
filter p (Cons x xs) = case p x of
  True -> Cons x (filter p xs)
  False -> filter p xs

{-# NOINLINE zipWith #-}
zipWith :: (a -> b -> c) -> List a -> List b -> List c
zipWith f (Cons a as) (Cons b bs) = Cons (f a b) (zipWith f as bs)
zipWith _ _ _ = Nil

{-# NOINLINE take #-}
take :: Int -> List a -> List a
take (I# 0#) _ = Nil
take _ Nil = Nil
take (I# n) (Cons x xs) = Cons x (take (I# (n -# 1#)) xs)

sum :: List Int -> Int
sum = go 0#
  where
    go acc Nil = I# acc
    go acc (Cons (I# x) xs) = go (remInt# (acc +# x) 1000000007#) xs

succI :: Int -> Int
succI (I# x) = I# (x +# 1#)

succ2 :: Int -> Int
succ2 (I# x) = I# (x +# 2#)

sq :: Int -> Int
sq (I# x) = I# (remInt# (x *# x) 1000003#)

odd :: Int -> Bool
odd (I# x) = isTrue# (remInt# x 2# ==# 1#)

mix :: Int -> Int -> Int
mix (I# a) (I# b) = I# (a *# 3# +# b)

{-# NOINLINE pipeline #-}
pipeline :: Int -> Int
pipeline (I# k) =
  sum (take (I# 1000000#) (zipWith mix (filter odd (map sq (iterate succI (I# k)))) (iterate succ2 (I# k))))

rounds :: Int# -> IO ()
rounds 0# = IO (\s -> (# s, () #))
rounds k = print_int (pipeline (I# k)) >> rounds (k -# 1#)

main :: IO ()
main = rounds 5#
