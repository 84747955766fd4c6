{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- GC stress: over 5 GB allocated while ~200 MB stay live.
-- GC stress: ~200 MB kept live (a 3*10^6-element list of boxed Ints, built once, plus a
-- 10^5-slot MutableArray# of 20-element lists that are replaced all the time) while a loop
-- allocates over 6 GB of short-lived lists, trees and closures. Checksums at the end.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixl 1 >>, >>=
(>>) :: IO a -> IO b -> IO b
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

(>>=) :: IO a -> (a -> IO b) -> IO b
IO a >>= f = IO (\s -> case a s of (# s1, x #) -> case f x of IO b -> b s1)

return :: a -> IO a
return x = IO (\s -> (# s, x #))

-- Cons cells with a boxed (pointer) element: 24 bytes per cell plus a 16-byte box.
data L = N | C Int !L

-- The long-lived list: 3*10^6 elements, ~120 MB (values above 255: GHC's collector shares
-- the boxes of small Ints).
{-# NOINLINE buildLong #-}
buildLong :: Int# -> L
buildLong n = go n N
  where
    go 0# acc = acc
    go i acc = go (i -# 1#) (C (I# (remInt# (i *# 7#) 1000# +# 1000#)) acc)

sumL :: L -> Int# -> Int#
sumL N acc = acc
sumL (C (I# x) r) acc = sumL r (acc +# x)

lenL :: L -> Int# -> Int#
lenL N acc = acc
lenL (C _ r) acc = lenL r (acc +# 1#)

-- Short-lived data: a list of k boxed Ints, summed.
{-# NOINLINE shortList #-}
shortList :: Int# -> Int# -> Int#
shortList seed k = sumL (go k N) 0#
  where
    go 0# acc = acc
    go i acc = go (i -# 1#) (C (I# (i +# seed +# 1000#)) acc)

-- Short-lived data: a binary tree of depth d, folded.
data T = Leaf | Node T Int T

{-# NOINLINE tree #-}
tree :: Int# -> Int# -> T
tree 0# _ = Leaf
tree d v = Node (tree (d -# 1#) (v *# 2#)) (I# v) (tree (d -# 1#) (v *# 2# +# 1#))

sumT :: T -> Int# -> Int#
sumT Leaf acc = acc
sumT (Node l (I# v) r) acc = sumT r (sumT l (acc +# v))

-- Short-lived closures: a chain of partial applications.
{-# NOINLINE compose #-}
compose :: (Int -> Int) -> (Int -> Int) -> Int -> Int
compose f g x = f (g x)

{-# NOINLINE closures #-}
closures :: Int# -> Int
closures k = go k (\x -> x) (I# 1#)
  where
    go 0# f x = f x
    go i f x = go (i -# 1#) (compose (\(I# y) -> I# (remInt# (y +# i) 1000003#)) f) x

data Slots = Slots (MutableArray# RealWorld L)




{-# NOINLINE churn #-}
-- Each round: ~40 KB of list, ~50 KB of tree, ~60 KB of closures, and 16 slots replaced by
-- fresh 20-element lists (which then live until replaced again: old-generation garbage).
churn :: Slots -> Int# -> Int# -> IO Int
churn (Slots arr) rounds acc0 = go 0# acc0
  where
    go i acc = case i ==# rounds of
      1# -> return (I# acc)
      _ -> case shortList i 1000# of
        a -> case sumT (tree 10# (remInt# i 100#)) 0# of
          b -> case closures 200# of
            I# c -> IO (\s -> case replaceMany arr (i *# 16#) 16# i s of
              s1 -> case go (i +# 1#) (remInt# (acc +# a +# b +# c) 1000000007#) of IO g -> g s1)

replaceMany :: MutableArray# RealWorld L -> Int# -> Int# -> Int# -> State# RealWorld -> State# RealWorld
replaceMany arr j k i s = case k of
  0# -> s
  _ -> replaceMany arr (j +# 1#) (k -# 1#) i (replace arr (remInt# j 100000#) i s)

replace :: MutableArray# RealWorld L -> Int# -> Int# -> State# RealWorld -> State# RealWorld
replace arr j i s = case seq# (small i 20# N) s of (# s1, l #) -> writeArray# arr j l s1
  where
    small _ 0# acc = acc
    small v k acc = small v (k -# 1#) (C (I# (v +# k +# 1000#)) acc)

fill :: MutableArray# RealWorld L -> Int# -> State# RealWorld -> State# RealWorld
fill arr j s = case j ==# 100000# of
  1# -> s
  _ -> fill arr (j +# 1#) (replace arr j j s)

sumSlots :: MutableArray# RealWorld L -> Int# -> Int# -> IO Int
sumSlots arr j acc = case j ==# 100000# of
  1# -> return (I# acc)
  _ -> IO (\s -> case readArray# arr j s of
         (# s1, l #) -> case sumSlots arr (j +# 1#) (remInt# (acc +# sumL l 0#) 1000000007#) of IO g -> g s1)

main :: IO ()
main =
  IO (\s -> case newArray# 100000# N s of (# s1, a #) -> (# s1, Slots a #)) >>= \slots@(Slots arr) ->
  IO (\s -> (# fill arr 0# s, () #)) >>
  -- the long-lived list is built after the slots are full, and used at the very end
  let long = buildLong 3000000# in
  case lenL long 0# of
    n -> print_int (I# n)
      >> churn slots 40000# 0# >>= print_int
      >> sumSlots arr 0# 0# >>= print_int
      >> print_int (I# (sumL long 0#))
      >> print_string "done\n"#
