{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Unknown calls: exact/under-/over-saturated calls and PAPs of arities 1..8 and 10, mixed argument kinds.
-- Unknown calls: exact, under-saturated (PAPs) and over-saturated calls of every arity 1..8
-- (and 10) with mixed argument representations (Int#, Double#, Float#, Word#, Addr#, lifted),
-- PAPs applied one argument at a time, PAPs built by thunks, closures with free variables.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

-- Argument values: i=1#, d=2.5##, f=3.25#, w=4##, a="E"#, x=6, j=7#, e=8.75
type G1 = Double -> Int
type G2 = Int# -> G1
type G3 = Int -> G2
type G4 = Addr# -> G3
type G5 = Word# -> G4
type G6 = Float# -> G5
type G7 = Double# -> G6
type G8 = Int# -> G7

mix :: Int# -> Int# -> Int#
mix acc v = acc *# 31# +# v

dI :: Double# -> Int#
dI d = double2Int# (d *## 1000.0##)

fI :: Float# -> Int#
fI f = float2Int# (timesFloat# f 1000.0#)

aI :: Addr# -> Int#
aI a = ord# (indexCharOffAddr# a 0#)

-- One function per arity; each checksum depends on every argument and on their order.
{-# NOINLINE g1 #-}
g1 :: G1
g1 (D# e) = I# (mix 1# (dI e))

{-# NOINLINE g2 #-}
g2 :: G2
g2 j (D# e) = I# (mix (mix 2# j) (dI e))

{-# NOINLINE g3 #-}
g3 :: G3
g3 (I# x) j (D# e) = I# (mix (mix (mix 3# x) j) (dI e))

{-# NOINLINE g4 #-}
g4 :: G4
g4 a (I# x) j (D# e) = I# (mix (mix (mix (mix 4# (aI a)) x) j) (dI e))

{-# NOINLINE g5 #-}
g5 :: G5
g5 w a (I# x) j (D# e) = I# (mix (mix (mix (mix (mix 5# (word2Int# w)) (aI a)) x) j) (dI e))

{-# NOINLINE g6 #-}
g6 :: G6
g6 f w a (I# x) j (D# e) =
  I# (mix (mix (mix (mix (mix (mix 6# (fI f)) (word2Int# w)) (aI a)) x) j) (dI e))

{-# NOINLINE g7 #-}
g7 :: G7
g7 d f w a (I# x) j (D# e) =
  I# (mix (mix (mix (mix (mix (mix (mix 7# (dI d)) (fI f)) (word2Int# w)) (aI a)) x) j) (dI e))

{-# NOINLINE g8 #-}
g8 :: G8
g8 i d f w a (I# x) j (D# e) =
  I# (mix (mix (mix (mix (mix (mix (mix (mix 8# i) (dI d)) (fI f)) (word2Int# w)) (aI a)) x) j) (dI e))

-- Saturated unknown calls of each arity.
{-# NOINLINE call1 #-}
call1 :: G1 -> Int
call1 g = g (D# 8.75##)
{-# NOINLINE call2 #-}
call2 :: G2 -> Int
call2 g = g 7# (D# 8.75##)
{-# NOINLINE call3 #-}
call3 :: G3 -> Int
call3 g = g (I# 6#) 7# (D# 8.75##)
{-# NOINLINE call4 #-}
call4 :: G4 -> Int
call4 g = g "E"# (I# 6#) 7# (D# 8.75##)
{-# NOINLINE call5 #-}
call5 :: G5 -> Int
call5 g = g 4## "E"# (I# 6#) 7# (D# 8.75##)
{-# NOINLINE call6 #-}
call6 :: G6 -> Int
call6 g = g 3.25# 4## "E"# (I# 6#) 7# (D# 8.75##)
{-# NOINLINE call7 #-}
call7 :: G7 -> Int
call7 g = g 2.5## 3.25# 4## "E"# (I# 6#) 7# (D# 8.75##)
{-# NOINLINE call8 #-}
call8 :: G8 -> Int
call8 g = g 1# 2.5## 3.25# 4## "E"# (I# 6#) 7# (D# 8.75##)

-- One argument at a time: each step builds a thunk that applies the previous PAP to one more
-- argument, kept in a constructor so that the partial application really is a heap value.
data B1 = B1 G1
data B2 = B2 G2
data B3 = B3 G3
data B4 = B4 G4
data B5 = B5 G5
data B6 = B6 G6
data B7 = B7 G7

{-# NOINLINE step8 #-}
step8 :: G8 -> B7
step8 g = B7 (g 1#)
{-# NOINLINE step7 #-}
step7 :: G7 -> B6
step7 g = B6 (g 2.5##)
{-# NOINLINE step6 #-}
step6 :: G6 -> B5
step6 g = B5 (g 3.25#)
{-# NOINLINE step5 #-}
step5 :: G5 -> B4
step5 g = B4 (g 4##)
{-# NOINLINE step4 #-}
step4 :: G4 -> B3
step4 g = B3 (g "E"#)
{-# NOINLINE step3 #-}
step3 :: G3 -> B2
step3 g = B2 (g (I# 6#))
{-# NOINLINE step2 #-}
step2 :: G2 -> B1
step2 g = B1 (g 7#)

-- Applies a G8 one argument at a time, checking the PAP at every stage with a saturated call.
oneByOne :: G8 -> IO ()
oneByOne g = case step8 g of
  B7 p7 -> print_int (call7 p7) >> case step7 p7 of
    B6 p6 -> print_int (call6 p6) >> case step6 p6 of
      B5 p5 -> print_int (call5 p5) >> case step5 p5 of
        B4 p4 -> print_int (call4 p4) >> case step4 p4 of
          B3 p3 -> print_int (call3 p3) >> case step3 p3 of
            B2 p2 -> print_int (call2 p2) >> case step2 p2 of
              B1 p1 -> print_int (call1 p1)

-- Several arguments at a time: two, three and five at once.
{-# NOINLINE take2 #-}
take2 :: G8 -> B6
take2 g = B6 (g 1# 2.5##)
{-# NOINLINE take3 #-}
take3 :: G6 -> B3
take3 g = B3 (g 3.25# 4## "E"#)
{-# NOINLINE take5 #-}
take5 :: G8 -> B3
take5 g = B3 (g 1# 2.5## 3.25# 4## "E"#)

-- Over-saturated calls: functions of arity 1 that compute something and then return a
-- function (an opaque call in between keeps GHC from eta-expanding them).
{-# NOINLINE opaque #-}
opaque :: Int -> Int
opaque (I# n) = I# (n *# 2#)

{-# NOINLINE o8 #-}
o8 :: G8
o8 i = case opaque (I# i) of
  I# 2# -> g7
  _ -> g7

{-# NOINLINE o5 #-}
o5 :: G5
o5 w = case opaque (I# (word2Int# w)) of
  I# k -> \a x j e -> plusI (I# k) (g4 a x j e)

{-# NOINLINE o3 #-}
o3 :: G3
o3 x = case opaque x of
  k -> \j e -> plusI k (g2 j e)

-- Arity 2 returning a function of arity 6 (an over-saturated call with 8 arguments calls it
-- with 2, then applies the result to 6).
{-# NOINLINE o8by2 #-}
o8by2 :: G8
o8by2 i d = case opaque (I# (i +# dI d)) of
  I# k -> \f w a x j e -> plusI (I# k) (g6 f w a x j e)

plusI :: Int -> Int -> Int
plusI (I# a) (I# b) = I# (a +# b)

-- Closures with free variables, of several arities.
{-# NOINLINE mkG4 #-}
mkG4 :: Int -> G4
mkG4 n = case opaque n of
  I# k -> \a (I# x) j (D# e) -> I# (k *# 1000# +# aI a +# x +# j +# dI e)

{-# NOINLINE mkG2 #-}
mkG2 :: Int -> Double -> G2
mkG2 m (D# z) = case opaque m of
  I# k -> \j (D# e) -> I# (k +# dI z +# j +# dI e)

-- A function chosen at run time, held by a thunk.
{-# NOINLINE choose #-}
choose :: Int -> G4
choose (I# n) = case n of
  0# -> g4
  1# -> mkG4 (I# 5#)
  2# -> step5' g5
  _ -> o5 9##

step5' :: G5 -> G4
step5' g = case step5 g of B4 p -> p

-- Arity 10, with more pointer and non-pointer arguments than any of GHC's apply patterns.
{-# NOINLINE g10 #-}
g10 :: Int# -> Int# -> Double# -> Int -> Int -> Int -> Float# -> Word# -> Int -> Int -> Int
g10 a b c (I# d) (I# e) (I# f) g h (I# i) (I# j) =
  I# (mix (mix (mix (mix (mix (mix (mix (mix (mix (mix 10# a) b) (dI c)) d) e) f) (fI g)) (word2Int# h)) i) j)

{-# NOINLINE call10 #-}
call10 :: (Int# -> Int# -> Double# -> Int -> Int -> Int -> Float# -> Word# -> Int -> Int -> Int) -> Int
call10 g = g 1# 2# 3.5## (I# 4#) (I# 5#) (I# 6#) 7.25# 8## (I# 9#) (I# 10#)

data B10 = B10 (Int -> Int -> Int -> Float# -> Word# -> Int -> Int -> Int)

{-# NOINLINE part10 #-}
part10 :: (Int# -> Int# -> Double# -> Int -> Int -> Int -> Float# -> Word# -> Int -> Int -> Int) -> B10
part10 g = B10 (g 1# 2# 3.5##)

{-# NOINLINE rest10 #-}
rest10 :: B10 -> Int
rest10 (B10 p) = p (I# 4#) (I# 5#) (I# 6#) 7.25# 8## (I# 9#) (I# 10#)

-- Unknown calls whose results are unboxed: Double#, Float#, Word#, an unboxed tuple.
{-# NOINLINE hd #-}
hd :: Int -> Double# -> Double#
hd (I# n) d = d *## int2Double# n

{-# NOINLINE hf #-}
hf :: Float# -> Int -> Float#
hf f (I# n) = timesFloat# f (int2Float# n)

{-# NOINLINE hw #-}
hw :: Word# -> Word# -> Word#
hw a b = plusWord# (timesWord# a 1000##) b

{-# NOINLINE ht #-}
ht :: Int -> Double# -> (# Int#, Double#, Int #)
ht (I# n) d = (# n *# 2#, d +## 1.0##, I# (n +# 1#) #)

{-# NOINLINE callUnboxed #-}
callUnboxed :: (Int -> Double# -> Double#) -> (Float# -> Int -> Float#) -> (Word# -> Word# -> Word#)
            -> (Int -> Double# -> (# Int#, Double#, Int #)) -> Int
callUnboxed f g h t = case f (I# 3#) 1.5## of
  d -> case g 2.5# (I# 4#) of
    fl -> case h 7## 8## of
      w -> case t (I# 20#) 0.5## of
        (# a, b, I# c #) -> I# (mix (mix (mix (mix (mix 0# (dI d)) (fI fl)) (word2Int# w)) a) (dI b +# c))

-- The same through PAPs of the unboxed-result functions.
data UB = UB (Double# -> Double#) (Int -> Float#) (Word# -> Word#) (Double# -> (# Int#, Double#, Int #))

{-# NOINLINE mkUB #-}
mkUB :: Int -> UB
mkUB n = UB (hd n) (hf 2.5#) (hw 7##) (ht n)

{-# NOINLINE useUB #-}
useUB :: UB -> Int
useUB (UB f g h t) = case t 0.5## of
  (# a, b, I# c #) -> I# (mix (mix (mix (mix (mix 0# (dI (f 1.5##))) (fI (g (I# 4#)))) (word2Int# (h 8##))) a) (dI b +# c))

-- Higher-order functions that take and return functions.
{-# NOINLINE compose #-}
compose :: (b -> c) -> (a -> b) -> a -> c
compose f g = \x -> f (g x)

{-# NOINLINE twice #-}
twice :: (a -> a) -> a -> a
twice f = compose f f

{-# NOINLINE iterN #-}
iterN :: Int -> (a -> a) -> a -> a
iterN (I# n) f x = case n of
  0# -> x
  _ -> iterN (I# (n -# 1#)) f (f x)

{-# NOINLINE flip #-}
flip :: (a -> b -> c) -> b -> a -> c
flip f b a = f a b

{-# NOINLINE gxe #-}
gxe :: Int -> Double -> Int
gxe x e = g3 x 7# e

-- A class: method calls through a dictionary are unknown calls too.
class Shape s where
  area :: s -> Int
  scaleBy :: Int -> s -> s
  combine :: s -> s -> Int -> Int

data Sq = Sq Int
data Rc = Rc Int Int

instance Shape Sq where
  area (Sq a) = timesI a a
  scaleBy k (Sq a) = Sq (timesI k a)
  combine (Sq a) (Sq b) k = timesI k (plusI a b)

instance Shape Rc where
  area (Rc a b) = timesI a b
  scaleBy k (Rc a b) = Rc (timesI k a) b
  combine (Rc a b) (Rc c d) k = plusI (timesI k (plusI a c)) (plusI b d)

timesI :: Int -> Int -> Int
timesI (I# a) (I# b) = I# (a *# b)

{-# NOINLINE classy #-}
classy :: Shape s => s -> s -> Int
classy x y = plusI (area (scaleBy (I# 3#) x)) (combine x y (I# 10#))

main :: IO ()
main =
  -- Direct unknown calls, all arities.
  print_int (call1 g1) >> print_int (call2 g2) >> print_int (call3 g3) >> print_int (call4 g4)
  >> print_int (call5 g5) >> print_int (call6 g6) >> print_int (call7 g7) >> print_int (call8 g8)
  -- Under-saturated: PAPs of g8 at every stage.
  >> oneByOne g8
  -- PAPs of PAPs with several arguments at a time.
  >> (case take2 g8 of B6 p -> case take3 p of B3 q -> print_int (call3 q) >> print_int (call6 p))
  >> (case take5 g8 of B3 q -> print_int (call3 q) >> (case step3 q of B2 r -> print_int (call2 r)))
  -- Over-saturated calls.
  >> print_int (call8 o8) >> print_int (call5 o5) >> print_int (call3 o3) >> print_int (call8 o8by2)
  >> oneByOne o8 >> oneByOne o8by2
  -- Closures with free variables, directly and as PAPs.
  >> print_int (call4 (mkG4 (I# 3#))) >> print_int (call2 (mkG2 (I# 4#) (D# 0.125##)))
  >> (case step4 (mkG4 (I# 3#)) of B3 p -> print_int (call3 p))
  >> print_int (call4 (choose (I# 0#))) >> print_int (call4 (choose (I# 1#))) >> print_int (call4 (choose (I# 2#)))
  >> print_int (call4 (choose (I# 3#)))
  -- Arity 10.
  >> print_int (call10 g10) >> print_int (rest10 (part10 g10))
  -- Unboxed results.
  >> print_int (callUnboxed hd hf hw ht) >> print_int (useUB (mkUB (I# 3#))) >> print_int (useUB (mkUB (I# 20#)))
  -- Higher-order functions.
  >> print_int (twice (plusI (I# 5#)) (I# 1#)) >> print_int (compose (timesI (I# 3#)) (plusI (I# 1#)) (I# 4#))
  >> print_int (iterN (I# 10#) (twice (timesI (I# 2#))) (I# 1#))
  >> print_int (flip gxe (D# 8.75##) (I# 6#))
  >> print_int (iterN (I# 5#) (compose (plusI (I# 1#)) (timesI (I# 2#))) (I# 0#))
  >> print_int (classy (Sq (I# 4#)) (Sq (I# 5#))) >> print_int (classy (Rc (I# 2#) (I# 3#)) (Rc (I# 4#) (I# 5#)))
  >> done
