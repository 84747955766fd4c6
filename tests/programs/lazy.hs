{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Laziness: infinite lazy structures, lazy pattern bindings, thunks that are never forced.
-- Laziness: infinite lazy lists (iterate/take/zip/map/filter), a lazy sieve, lazy tuple
-- pattern bindings (selector thunks), infinite trees, unforced diverging/raising thunks.
module Main (main) where
import GHC.Types
import GHC.Prim
import GHC.Classes

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

data List a = Nil | Cons a (List a)

plus, times, minus :: Int -> Int -> Int
plus (I# a) (I# b) = I# (a +# b)
times (I# a) (I# b) = I# (a *# b)
minus (I# a) (I# b) = I# (a -# b)

{-# NOINLINE iterate #-}
iterate :: (a -> a) -> a -> List a
iterate f x = Cons x (iterate f (f x))

{-# NOINLINE take #-}
take :: Int -> List a -> List a
take (I# n) xs = case n <=# 0# of
  1# -> Nil
  _ -> case xs of
    Nil -> Nil
    Cons y ys -> Cons y (take (I# (n -# 1#)) ys)

{-# NOINLINE drop #-}
drop :: Int -> List a -> List a
drop (I# n) xs = case n <=# 0# of
  1# -> xs
  _ -> case xs of
    Nil -> Nil
    Cons _ ys -> drop (I# (n -# 1#)) ys

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

data Pair a b = Pair a b

{-# NOINLINE zip #-}
zip :: List a -> List b -> List (Pair a b)
zip = zipWith Pair

tail :: List a -> List a
tail (Cons _ xs) = xs
tail Nil = Nil

{-# NOINLINE index #-}
index :: List a -> Int -> a
index (Cons x xs) (I# n) = case n of
  0# -> x
  _ -> index xs (I# (n -# 1#))
index Nil _ = raise# (I# 999#)

{-# NOINLINE length #-}
length :: List a -> Int
length = go 0#
  where
    go acc Nil = I# acc
    go acc (Cons _ xs) = go (acc +# 1#) xs

printList :: List Int -> IO ()
printList Nil = print_string "]\n"#
printList (Cons x xs) = print_int x >> printList xs

-- Lists are printed one element per line between "[" and "]" lines.
showList :: List Int -> IO ()
showList xs = print_string "[\n"# >> printList xs

-- Infinite structures defined at top level (CAFs).
nats :: List Int
nats = iterate (plus (I# 1#)) (I# 0#)

{-# NOINLINE notDivisibleBy #-}
notDivisibleBy :: Int -> Int -> Bool
notDivisibleBy (I# p) (I# x) = isTrue# (remInt# x p /=# 0#)

sieve :: List Int -> List Int
sieve (Cons p xs) = Cons p (sieve (filter (notDivisibleBy p) xs))
sieve Nil = Nil

primes :: List Int
primes = sieve (iterate (plus (I# 1#)) (I# 2#))

-- An infinite binary tree, built lazily; only a path through it is ever evaluated.
data Tree = Node Int Tree Tree

{-# NOINLINE mkTree #-}
mkTree :: Int -> Tree
mkTree n = Node n (mkTree (times n (I# 2#))) (mkTree (plus (times n (I# 2#)) (I# 1#)))

-- Follows a path given by the bits of the first argument (low bit first) for `depth` steps.
{-# NOINLINE walk #-}
walk :: Int -> Int -> Tree -> Int
walk (I# bits) (I# depth) (Node v l r) = case depth of
  0# -> v
  _ -> case andI# bits 1# of
    0# -> walk (I# (uncheckedIShiftRL# bits 1#)) (I# (depth -# 1#)) l
    _ -> walk (I# (uncheckedIShiftRL# bits 1#)) (I# (depth -# 1#)) r

-- Lazy pattern bindings: `let (a, b) = ...` makes selector thunks.
{-# NOINLINE splitEvenOdd #-}
splitEvenOdd :: List Int -> Pair (List Int) (List Int)
splitEvenOdd Nil = Pair Nil Nil
splitEvenOdd (Cons x xs) =
  let Pair es os = splitEvenOdd xs
  in case x of
    I# v -> case remInt# v 2# of
      0# -> Pair (Cons x es) os
      _ -> Pair es (Cons x os)

-- A lazy unzip over an infinite list: works only if the pattern bindings stay lazy.
{-# NOINLINE unzipL #-}
unzipL :: List (Pair a b) -> Pair (List a) (List b)
unzipL Nil = Pair Nil Nil
unzipL (Cons (Pair a b) rest) = let Pair as bs = unzipL rest in Pair (Cons a as) (Cons b bs)

fstP :: Pair a b -> a
fstP (Pair a _) = a
sndP :: Pair a b -> b
sndP (Pair _ b) = b

-- Where-bound values: used, unused, and one that would diverge or raise if ever forced.
{-# NOINLINE whereDemo #-}
whereDemo :: Int -> Int
whereDemo x = case x > (I# 10#) of
    True -> big
    False -> small
  where
    big = times x (I# 100#)
    small = plus x (I# 1#)
    _unused = loopForever x
    _bomb = raise# (I# 13#) :: Int

{-# NOINLINE loopForever #-}
loopForever :: Int -> Int
loopForever (I# n) = case n ==# -1# of
  1# -> I# 0#
  _ -> loopForever (I# (n +# 0#))

-- A lazy argument that is never used.
{-# NOINLINE constL #-}
constL :: a -> b -> a
constL a _ = a

-- A data structure holding bottoms in lazy fields; only the defined ones are forced.
data Box = Box Int Int Int

{-# NOINLINE middle #-}
middle :: Box -> Int
middle (Box _ m _) = m

-- A list whose elements are bottoms: its length does not force them.
bombs :: List Int
bombs = Cons (raise# (I# 1#)) (Cons (loopForever (I# 5#)) (Cons (I# 3#) Nil))

-- Deep chain of lazy additions (foldl without strictness), forced at the end.
{-# NOINLINE lazySum #-}
lazySum :: List Int -> Int -> Int
lazySum Nil acc = acc
lazySum (Cons x xs) acc = lazySum xs (plus acc x)

isEven :: Int -> Bool
isEven (I# n) = isTrue# (remInt# n 2# ==# 0#)

main :: IO ()
main =
  showList (take (I# 10#) nats)
  >> showList (take (I# 5#) (drop (I# 1000#) nats))
  >> showList (take (I# 15#) primes)
  >> print_int (index primes (I# 500#))
  >> showList (take (I# 6#) (zipWith times nats (tail nats)))
  >> print_int (length (take (I# 7#) (zip nats (iterate (times (I# 3#)) (I# 1#)))))
  >> showList (take (I# 8#) (map sndP (zip nats (iterate (times (I# 3#)) (I# 1#)))))
  >> showList (take (I# 5#) (filter isEven (map (times (I# 3#)) nats)))
  >> print_int (walk (I# 0#) (I# 20#) (mkTree (I# 1#)))
  >> print_int (walk (I# 1048575#) (I# 20#) (mkTree (I# 1#)))
  >> print_int (walk (I# 699050#) (I# 20#) (mkTree (I# 1#)))
  >> (case splitEvenOdd (take (I# 10#) nats) of Pair es os -> showList es >> showList os)
  >> (case unzipL (zip nats (map (times (I# 2#)) nats)) of
        Pair as bs -> showList (take (I# 3#) as) >> showList (take (I# 4#) (drop (I# 100#) bs)))
  >> print_int (whereDemo (I# 5#)) >> print_int (whereDemo (I# 50#))
  >> print_int (constL (I# 7#) (loopForever (I# 1#)))
  >> print_int (constL (I# 8#) (raise# (I# 2#) :: Int))
  >> print_int (middle (Box (raise# (I# 3#)) (I# 42#) (loopForever (I# 2#))))
  >> print_int (length bombs)
  >> print_int (index bombs (I# 2#))
  >> print_int (lazySum (take (I# 100000#) nats) (I# 0#))
  >> print_int (length (take (I# 200000#) (iterate (plus (I# 1#)) (I# 0#))))
  >> done
