{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Double# primops on edge values: arithmetic, comparisons, conversions, math, decoding.
-- Double# primops on edge values (±0, ±Inf, NaN, denormals, huge): arithmetic, comparisons,
-- conversions (double2Int# out of range included), math functions (printed to 12 significant
-- digits where libm may differ in the last bit), decodeDouble_2Int#, decodeDouble_Int64#.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_word" print_word :: Word -> IO ()
foreign import ccall unsafe "print_double" print_double :: Double -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

data L = N | C Double L

-- Values computed at run time so that nothing is folded by GHC.
{-# NOINLINE divD #-}
divD :: Double -> Double -> Double
divD (D# a) (D# b) = D# (a /## b)

inf, ninf, nan :: Double
inf = divD (D# 1.0##) (D# 0.0##)
ninf = divD (D# (-1.0##)) (D# 0.0##)
nan = divD (D# 0.0##) (D# 0.0##)

negZero :: Double
negZero = D# (negateDouble# 0.0##)

vals :: L
vals = C (D# 0.0##) (C negZero (C (D# 1.0##) (C (D# (-1.0##)) (C (D# 0.1##) (C (D# 2.5##) (C (D# (-2.5##))
         (C (D# 1.0e308##) (C (D# (-1.0e308##)) (C (D# 5.0e-324##) (C (D# 2.2250738585072014e-308##)
         (C (D# 9007199254740993.0##) (C (D# 1.0e19##) (C (D# (-9.3e18##)) (C inf (C ninf (C nan N))))))))))))))))

-- NaN's sign is not portable (x86 produces a negative one for 0/0): print all NaNs alike.
pd :: Double -> IO ()
pd (D# d) = case d /=## d of
  1# -> print_string "nan\n"#
  _ -> print_double (D# d)

-- 12 significant digits, for results of libm functions.
pa :: Double -> IO ()
pa (D# d) = case d /=## d of
  1# -> print_string "nan\n"#
  _ -> case d ==## 0.0## of
    1# -> print_double (D# d)
    _ -> case fabsDouble# d ==## (1.0## /## 0.0##) of
      1# -> print_double (D# d)
      _ -> case d <## 0.0## of
        1# -> print_string "-"# >> digits (negateDouble# d)
        _ -> digits d

digits :: Double# -> IO ()
digits d = go d 0#
  where
    go x e = case x >=## 1.0e12## of
      1# -> go (x /## 10.0##) (e +# 1#)
      _ -> case x <## 1.0e11## of
        1# -> go (x *## 10.0##) (e -# 1#)
        _ -> print_int (I# (double2Int# (x +## 0.5##))) >> print_string "e"# >> print_int (I# e)

{-# NOINLINE binop #-}
binop :: Int -> Double -> Double -> Double
binop (I# op) (D# a) (D# b) = D# (case op of
  0# -> a +## b
  1# -> a -## b
  2# -> a *## b
  3# -> a /## b
  _ -> 0.0##)

{-# NOINLINE cmpop #-}
cmpop :: Int -> Double -> Double -> Int
cmpop (I# op) (D# a) (D# b) = I# (case op of
  0# -> a ==## b
  1# -> a /=## b
  2# -> a <## b
  3# -> a <=## b
  4# -> a >## b
  5# -> a >=## b
  _ -> 0#)

{-# NOINLINE exactop #-}
exactop :: Int -> Double -> Double
exactop (I# op) (D# a) = D# (case op of
  0# -> negateDouble# a
  1# -> fabsDouble# a
  2# -> sqrtDouble# a
  3# -> float2Double# (double2Float# a)
  4# -> int2Double# (double2Int# a)
  _ -> 0.0##)

{-# NOINLINE mathop #-}
mathop :: Int -> Double -> Double
mathop (I# op) (D# a) = D# (case op of
  0# -> expDouble# a
  1# -> expm1Double# a
  2# -> logDouble# a
  3# -> log1pDouble# a
  4# -> sinDouble# a
  5# -> cosDouble# a
  6# -> tanDouble# a
  7# -> asinDouble# a
  8# -> acosDouble# a
  9# -> atanDouble# a
  10# -> sinhDouble# a
  11# -> coshDouble# a
  12# -> tanhDouble# a
  13# -> asinhDouble# a
  14# -> acoshDouble# a
  15# -> atanhDouble# a
  16# -> a **## 0.5##
  17# -> 2.0## **## a
  18# -> a **## 3.0##
  _ -> 0.0##)

mathVals :: L
mathVals = C (D# 0.0##) (C negZero (C (D# 0.5##) (C (D# (-0.5##)) (C (D# 1.0##) (C (D# (-1.0##)) (C (D# 2.0##)
             (C (D# 10.0##) (C (D# (-30.0##)) (C (D# 1.0e-10##) (C (D# 710.0##) (C (D# 1.0e300##) (C inf (C ninf (C nan N))))))))))))))

{-# NOINLINE toInt #-}
toInt :: Double -> Int
toInt (D# d) = I# (double2Int# d)

{-# NOINLINE fromInt #-}
fromInt :: Int -> Double
fromInt (I# i) = D# (int2Double# i)

{-# NOINLINE fromWord #-}
fromWord :: Word -> Double
fromWord (W# w) = D# (word2Double# w)

-- For ±0 GHC's decodeDouble_2Int# leaves the sign unset (whatever was in that stack slot is
-- returned): it is only printed for non-zero mantissas.
{-# NOINLINE decode2 #-}
decode2 :: Double -> IO ()
decode2 (D# d) = case decodeDouble_2Int# d of
  (# sign, hi, lo, e #) -> (case or# hi lo of
                              0## -> print_string "(sign unset)\n"#
                              _ -> print_int (I# sign))
                           >> print_word (W# hi) >> print_word (W# lo) >> print_int (I# e)

{-# NOINLINE decode64 #-}
decode64 :: Double -> IO ()
decode64 (D# d) = case decodeDouble_Int64# d of
  (# m, e #) -> print_int (I# m) >> print_int (I# e)

decodeVals :: L
decodeVals = C (D# 0.0##) (C negZero (C (D# 1.0##) (C (D# (-1.0##)) (C (D# 0.1##) (C (D# (-2.5##)) (C (D# 1.0e308##)
               (C (D# 5.0e-324##) (C (D# 2.2250738585072014e-308##) (C (D# 123456789.125##) (C inf (C ninf N)))))))))))

each1 :: (Double -> IO ()) -> L -> IO ()
each1 _ N = done
each1 f (C a as) = f a >> each1 f as

each2 :: (Double -> Double -> IO ()) -> L -> L -> IO ()
each2 _ N _ = done
each2 f (C a as) bs = each1 (f a) bs >> each2 f as bs

loop :: Int# -> Int# -> (Int -> IO ()) -> IO ()
loop i n f = case i ># n of
  1# -> done
  _ -> print_string "op "# >> print_int (I# i) >> f (I# i) >> loop (i +# 1#) n f

main :: IO ()
main =
  print_string "arithmetic\n"# >> loop 0# 3# (\op -> each2 (\a b -> pd (binop op a b)) vals vals)
  >> print_string "comparisons\n"# >> loop 0# 5# (\op -> each2 (\a b -> print_int (cmpop op a b)) vals vals)
  >> print_string "exact unary\n"# >> loop 0# 4# (\op -> each1 (\a -> pd (exactop op a)) vals)
  >> print_string "double2Int\n"# >> each1 (\a -> print_int (toInt a)) vals
  >> print_string "int2Double\n"#
  >> pd (fromInt (I# 9223372036854775807#)) >> pd (fromInt (I# (-9223372036854775808#)))
  >> pd (fromInt (I# 9007199254740993#)) >> pd (fromInt (I# (-3#)))
  >> pd (fromWord (W# 18446744073709551615##)) >> pd (fromWord (W# 9223372036854775809##))
  >> pd (fromWord (W# 9007199254740993##)) >> pd (fromWord (W# 0##))
  >> print_string "math\n"# >> loop 0# 18# (\op -> each1 (\a -> pa (mathop op a)) mathVals)
  >> print_string "decodeDouble_2Int\n"# >> each1 decode2 decodeVals
  >> print_string "decodeDouble_Int64\n"# >> each1 decode64 decodeVals
