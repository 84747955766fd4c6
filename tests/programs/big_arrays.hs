{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Arrays of 10^6 elements: fill, sum, copy, clone, freeze.
-- Arrays of 10^6 elements: byte arrays of Int#/Double# (fill, sum, copy, compare), boxed
-- MutableArray# and SmallMutableArray# filled with fresh boxes, rewritten after collections
-- (old-to-young pointers), copied, cloned and frozen; an array of 10^6 unevaluated thunks.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_double" print_double :: Double -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixl 1 >>, >>=
(>>) :: IO a -> IO b -> IO b
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

(>>=) :: IO a -> (a -> IO b) -> IO b
IO a >>= f = IO (\s -> case a s of (# s1, x #) -> case f x of IO b -> b s1)

return :: a -> IO a
return x = IO (\s -> (# s, x #))

done :: IO ()
done = return ()

label :: Addr# -> IO ()
label l = print_string l >> print_string "\n"#

type S = State# RealWorld

-- A loop i = 0..n-1 of state transformers.
for :: Int# -> (Int# -> S -> S) -> IO ()
for k body = IO (\s -> (# go 0# s, () #))
  where
    go i s = case i ==# k of
      1# -> s
      _ -> go (i +# 1#) (body i s)

data MBA = MBA (MutableByteArray# RealWorld)
data MA = MA (MutableArray# RealWorld Int)
data SMA = SMA (SmallMutableArray# RealWorld Int)

byteArrays :: IO ()
byteArrays =
  label "byte arrays"#
  >> IO (\s -> case newByteArray# (1000000# *# 8#) s of (# s1, m #) -> (# s1, MBA m #)) >>= \(MBA m) ->
  for 1000000# (\i -> writeIntArray# m i (remInt# (i *# i) 1000003#))
  >> sumInts m 0# 0# >>= print_int
  >> IO (\s -> case newByteArray# (1000000# *# 8#) s of (# s1, c #) -> (# s1, MBA c #)) >>= \(MBA c) ->
  IO (\s -> (# copyMutableByteArray# m 0# c 0# (1000000# *# 8#) s, () #))
  >> IO (\s -> case unsafeFreezeByteArray# m s of
        (# s1, fm #) -> case unsafeFreezeByteArray# c s1 of
          (# s2, fc #) -> (# s2, I# (compareByteArrays# fm 0# fc 0# (1000000# *# 8#)) #)) >>= print_int
  >> sumInts c 0# 0# >>= print_int
  >> IO (\s -> case newByteArray# (1000000# *# 8#) s of (# s1, d #) -> (# s1, MBA d #)) >>= \(MBA d) ->
  for 1000000# (\i -> writeDoubleArray# d i (int2Double# i *## 0.5##))
  >> sumDoubles d 0# 0.0## >>= print_double

sumInts :: MutableByteArray# RealWorld -> Int# -> Int# -> IO Int
sumInts m i acc = case i ==# 1000000# of
  1# -> return (I# acc)
  _ -> IO (\s -> case readIntArray# m i s of (# s1, x #) -> case sumInts m (i +# 1#) (acc +# x) of IO g -> g s1)

sumDoubles :: MutableByteArray# RealWorld -> Int# -> Double# -> IO Double
sumDoubles m i acc = case i ==# 1000000# of
  1# -> return (D# acc)
  _ -> IO (\s -> case readDoubleArray# m i s of (# s1, x #) -> case sumDoubles m (i +# 1#) (acc +## x) of IO g -> g s1)

sumBoxed :: MutableArray# RealWorld Int -> Int# -> Int# -> IO Int
sumBoxed m i acc = case i ==# sizeofMutableArray# m of
  1# -> return (I# acc)
  _ -> IO (\s -> case readArray# m i s of (# s1, I# x #) -> case sumBoxed m (i +# 1#) (acc +# x) of IO g -> g s1)

sumFrozen :: Array# Int -> Int# -> Int# -> Int
sumFrozen a i acc = case i ==# sizeofArray# a of
  1# -> I# acc
  _ -> case indexArray# a i of (# I# x #) -> sumFrozen a (i +# 1#) (acc +# x)

sumSmall :: SmallMutableArray# RealWorld Int -> Int# -> Int# -> IO Int
sumSmall m i acc = case i ==# sizeofSmallMutableArray# m of
  1# -> return (I# acc)
  _ -> IO (\s -> case readSmallArray# m i s of (# s1, I# x #) -> case sumSmall m (i +# 1#) (acc +# x) of IO g -> g s1)

-- Short-lived allocation to provoke collections between phases.
data List = Nil | Cons !Int List

churn :: Int# -> Int
churn k = go k 0#
  where
    go 0# acc = I# acc
    go j acc = case len (mk 1000# Nil) 0# of l -> go (j -# 1#) (acc +# l)
    mk 0# xs = xs
    mk i xs = mk (i -# 1#) (Cons (I# i) xs)
    len Nil a = a
    len (Cons _ r) a = len r (a +# 1#)

boxedArrays :: IO ()
boxedArrays =
  label "boxed arrays"#
  >> IO (\s -> case newArray# 1000000# (I# 0#) s of (# s1, m #) -> (# s1, MA m #)) >>= \(MA m) ->
  for 1000000# (\i -> writeArray# m i (I# (i *# 3#)))
  >> sumBoxed m 0# 0# >>= print_int
  >> print_int (churn 2000#)
  -- rewrite every element with a fresh box after the array has survived collections
  >> for 1000000# (\i -> \s -> case readArray# m i s of (# s1, I# x #) -> writeArray# m i (I# (x +# 1#)) s1)
  >> print_int (churn 2000#)
  >> sumBoxed m 0# 0# >>= print_int
  >> IO (\s -> case newArray# 1000000# (I# (-1#)) s of (# s1, c #) -> (# s1, MA c #)) >>= \(MA c) ->
  IO (\s -> (# copyMutableArray# m 0# c 0# 1000000# s, () #)) >> sumBoxed c 0# 0# >>= print_int
  >> IO (\s -> case cloneMutableArray# m 500000# 500000# s of (# s1, h #) -> (# s1, MA h #)) >>= \(MA h) ->
  sumBoxed h 0# 0# >>= print_int
  >> IO (\s -> case freezeArray# m 0# 1000000# s of (# s1, f #) -> (# s1, sumFrozen f 0# 0# #)) >>= print_int

smallArrays :: IO ()
smallArrays =
  label "small arrays"#
  >> IO (\s -> case newSmallArray# 1000000# (I# 0#) s of (# s1, m #) -> (# s1, SMA m #)) >>= \(SMA m) ->
  for 1000000# (\i -> writeSmallArray# m i (I# (remInt# i 1000#)))
  >> print_int (churn 1000#)
  >> sumSmall m 0# 0# >>= print_int

-- 10^6 thunks in an array, forced from the end.
{-# NOINLINE expensive #-}
expensive :: Int -> Int
expensive (I# i) = I# (remInt# (i *# 7919#) 10007#)

thunks :: IO ()
thunks =
  label "thunks"#
  >> IO (\s -> case newArray# 1000000# (I# 0#) s of (# s1, m #) -> (# s1, MA m #)) >>= \(MA m) ->
  for 1000000# (\i -> writeArray# m i (expensive (I# i)))
  >> sumRev m (1000000# -# 1#) 0# >>= print_int

sumRev :: MutableArray# RealWorld Int -> Int# -> Int# -> IO Int
sumRev m i acc = case i <# 0# of
  1# -> return (I# acc)
  _ -> IO (\s -> case readArray# m i s of (# s1, I# x #) -> case sumRev m (i -# 1#) (acc +# x) of IO g -> g s1)

main :: IO ()
main = byteArrays >> boxedArrays >> smallArrays >> thunks
