{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Knot-tying: self-referential and cyclic lazy structures.
-- Knot-tying: self-referential lazy lists (fibs, powers, Hamming numbers), cyclic lists,
-- a cyclic doubly linked ring, mutually recursive lazy values, fix, a one-pass "repmin".
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

data List a = Nil | Cons a (List a)

plus, times :: Int -> Int -> Int
plus (I# a) (I# b) = I# (a +# b)
times (I# a) (I# b) = I# (a *# b)

{-# NOINLINE take #-}
take :: Int -> List a -> List a
take (I# n) xs = case n <=# 0# of
  1# -> Nil
  _ -> case xs of
    Nil -> Nil
    Cons y ys -> Cons y (take (I# (n -# 1#)) ys)

{-# NOINLINE map #-}
map :: (a -> b) -> List a -> List b
map _ Nil = Nil
map f (Cons x xs) = Cons (f x) (map f xs)

{-# NOINLINE zipWith #-}
zipWith :: (a -> b -> c) -> List a -> List b -> List c
zipWith f (Cons a as) (Cons b bs) = Cons (f a b) (zipWith f as bs)
zipWith _ _ _ = Nil

{-# NOINLINE append #-}
append :: List a -> List a -> List a
append Nil ys = ys
append (Cons x xs) ys = Cons x (append xs ys)

tail :: List a -> List a
tail (Cons _ xs) = xs
tail Nil = Nil

{-# NOINLINE index #-}
index :: List a -> Int -> a
index (Cons x xs) (I# n) = case n of
  0# -> x
  _ -> index xs (I# (n -# 1#))
index Nil _ = raise# (I# 999#)

printAll :: List Int -> IO ()
printAll Nil = print_string "]\n"#
printAll (Cons x xs) = print_int x >> printAll xs

showList :: List Int -> IO ()
showList xs = print_string "[\n"# >> printAll xs

-- fibs = 0 : 1 : zipWith (+) fibs (tail fibs)
fibs :: List Int
fibs = Cons (I# 0#) (Cons (I# 1#) (zipWith plus fibs (tail fibs)))

-- A local knot: xs = 1 : map (*2) xs, under a lambda (a fresh knot per call).
{-# NOINLINE powers #-}
powers :: Int -> List Int
powers b = let xs = Cons (I# 1#) (map (times b) xs) in xs

ones :: List Int
ones = Cons (I# 1#) ones

{-# NOINLINE cycle #-}
cycle :: List a -> List a
cycle xs = let ys = append xs ys in ys

-- Hamming numbers: the classic knot through three maps and a merge.
{-# NOINLINE merge #-}
merge :: List Int -> List Int -> List Int
merge xxs@(Cons x@(I# a) xs) yys@(Cons y@(I# b) ys) = case a <# b of
  1# -> Cons x (merge xs yys)
  _ -> case a ># b of
    1# -> Cons y (merge xxs ys)
    _ -> Cons x (merge xs ys)
merge xs Nil = xs
merge Nil ys = ys

hamming :: List Int
hamming = Cons (I# 1#) (merge (map (times (I# 2#)) hamming) (merge (map (times (I# 3#)) hamming) (map (times (I# 5#)) hamming)))

-- Mutually recursive lazy values.
{-# NOINLINE evensOdds #-}
evensOdds :: Int -> List Int
evensOdds start =
  let evens = Cons start (map (plus (I# 1#)) odds)
      odds = map (plus (I# 1#)) evens
  in zipWith plus evens odds

-- A cyclic doubly linked ring built in one pass.
data Ring = Ring Int Ring Ring   -- value, previous, next

data RP = RP Ring Ring

{-# NOINLINE mkRing #-}
mkRing :: Int -> Ring
mkRing (I# n) =
  let RP first lst = go 0# lst first
      -- go i p f: the nodes i..n-1, the first's predecessor p, the last's successor f.
      go i p f = case i ==# (n -# 1#) of
        1# -> let this = Ring (I# i) p f in RP this this
        _ -> let this = Ring (I# i) p nxt
                 RP nxt l = go (i +# 1#) this f
             in RP this l
  in first

lastOf :: Ring -> Ring
lastOf (Ring _ p _) = p

next, prev :: Ring -> Ring
next (Ring _ _ n) = n
prev (Ring _ p _) = p

value :: Ring -> Int
value (Ring v _ _) = v

{-# NOINLINE steps #-}
steps :: (Ring -> Ring) -> Int -> Ring -> Ring
steps f (I# k) r = case k of
  0# -> r
  _ -> steps f (I# (k -# 1#)) (f r)

-- fix and a function defined through it.
fix :: (a -> a) -> a
fix f = let x = f x in x

{-# NOINLINE factF #-}
factF :: (Int -> Int) -> Int -> Int
factF rec n@(I# v) = case v of
  0# -> (I# 1#)
  _ -> times n (rec (I# (v -# 1#)))

-- repmin: replace every leaf by the minimum, in a single traversal (the result depends on a
-- value computed by the same traversal).
data Tree = Leaf Int | Fork Tree Tree

data MT = MT Int Tree

{-# NOINLINE repmin #-}
repmin :: Tree -> Tree
repmin t = let MT m t' = go m t in t'
  where
    go m (Leaf x) = MT x (Leaf m)
    go m (Fork l r) =
      let MT ml l' = go m l
          MT mr r' = go m r
      in MT (minI ml mr) (Fork l' r')

minI :: Int -> Int -> Int
minI a@(I# x) b@(I# y) = case x <# y of
  1# -> a
  _ -> b

leaves :: Tree -> List Int
leaves (Leaf x) = Cons x Nil
leaves (Fork l r) = append (leaves l) (leaves r)

{-# NOINLINE mkT #-}
mkT :: Int -> Int -> Tree
mkT (I# seed) (I# d) = case d of
  0# -> Leaf (I# (remInt# (seed *# 7919#) 1000#))
  _ -> Fork (mkT (I# (seed *# 3# +# 1#)) (I# (d -# 1#))) (mkT (I# (seed *# 5# +# 2#)) (I# (d -# 1#)))

main :: IO ()
main =
  showList (take (I# 15#) fibs)
  >> print_int (index fibs (I# 90#))
  >> showList (take (I# 8#) (powers (I# 3#)))
  >> print_int (index (powers (I# 2#)) (I# 62#))
  >> showList (take (I# 4#) ones)
  >> print_int (index ones (I# 100000#))
  >> showList (take (I# 7#) (cycle (Cons (I# 1#) (Cons (I# 2#) (Cons (I# 3#) Nil)))))
  >> print_int (index (cycle (Cons (I# 5#) (Cons (I# 6#) Nil))) (I# 1001#))
  >> showList (take (I# 20#) hamming)
  >> print_int (index hamming (I# 1690#))
  >> showList (take (I# 5#) (evensOdds (I# 10#)))
  >> (let r = mkRing (I# 10#) in
        print_int (value (steps next (I# 7#) r)) >> print_int (value (steps prev (I# 3#) r))
        >> print_int (value (steps next (I# 25#) (steps prev (I# 12#) r))) >> print_int (value (lastOf r)))
  >> print_int (fix factF (I# 20#))
  >> print_int (index (fix (Cons (I# 4#))) (I# 50#))
  >> showList (leaves (repmin (mkT (I# 1#) (I# 3#))))
  >> showList (leaves (mkT (I# 1#) (I# 3#)))
  >> done
