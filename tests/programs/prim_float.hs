{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Float# primops on edge values: arithmetic, comparisons, conversions, math, decoding.
-- Float# primops on edge values (±0, ±Inf, NaN, denormals, huge): arithmetic, comparisons,
-- conversions (float2Int# out of range included, Double#<->Float# rounding), math functions
-- (printed to 6 significant digits where libm may differ in the last bit), decodeFloat_Int#.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_double" print_double :: Double -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

data L = N | C Float L

{-# NOINLINE divF #-}
divF :: Float -> Float -> Float
divF (F# a) (F# b) = F# (divideFloat# a b)

inf, ninf, nan :: Float
inf = divF (F# 1.0#) (F# 0.0#)
ninf = divF (F# (-1.0#)) (F# 0.0#)
nan = divF (F# 0.0#) (F# 0.0#)

negZero :: Float
negZero = F# (negateFloat# 0.0#)

vals :: L
vals = C (F# 0.0#) (C negZero (C (F# 1.0#) (C (F# (-1.0#)) (C (F# 0.1#) (C (F# 2.5#) (C (F# (-2.5#))
         (C (F# 3.0e38#) (C (F# (-3.0e38#)) (C (F# 1.0e-45#) (C (F# 1.17549435e-38#)
         (C (F# 16777217.0#) (C (F# 1.0e19#) (C (F# (-9.3e18#)) (C inf (C ninf (C nan N))))))))))))))))

-- Floats are printed as the Double of the same value; NaNs all alike.
pf :: Float -> IO ()
pf (F# f) = case neFloat# f f of
  1# -> print_string "nan\n"#
  _ -> print_double (D# (float2Double# f))

-- 6 significant digits, for results of libm functions.
pa :: Float -> IO ()
pa (F# f) = let d = float2Double# f in case d /=## d of
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
    go x e = case x >=## 1.0e6## of
      1# -> go (x /## 10.0##) (e +# 1#)
      _ -> case x <## 1.0e5## of
        1# -> go (x *## 10.0##) (e -# 1#)
        _ -> print_int (I# (double2Int# (x +## 0.5##))) >> print_string "e"# >> print_int (I# e)

{-# NOINLINE binop #-}
binop :: Int -> Float -> Float -> Float
binop (I# op) (F# a) (F# b) = F# (case op of
  0# -> plusFloat# a b
  1# -> minusFloat# a b
  2# -> timesFloat# a b
  3# -> divideFloat# a b
  _ -> 0.0#)

{-# NOINLINE cmpop #-}
cmpop :: Int -> Float -> Float -> Int
cmpop (I# op) (F# a) (F# b) = I# (case op of
  0# -> eqFloat# a b
  1# -> neFloat# a b
  2# -> ltFloat# a b
  3# -> leFloat# a b
  4# -> gtFloat# a b
  5# -> geFloat# a b
  _ -> 0#)

{-# NOINLINE exactop #-}
exactop :: Int -> Float -> Float
exactop (I# op) (F# a) = F# (case op of
  0# -> negateFloat# a
  1# -> fabsFloat# a
  2# -> sqrtFloat# a
  3# -> double2Float# (float2Double# a)
  4# -> int2Float# (float2Int# a)
  _ -> 0.0#)

{-# NOINLINE mathop #-}
mathop :: Int -> Float -> Float
mathop (I# op) (F# a) = F# (case op of
  0# -> expFloat# a
  1# -> expm1Float# a
  2# -> logFloat# a
  3# -> log1pFloat# a
  4# -> sinFloat# a
  5# -> cosFloat# a
  6# -> tanFloat# a
  7# -> asinFloat# a
  8# -> acosFloat# a
  9# -> atanFloat# a
  10# -> sinhFloat# a
  11# -> coshFloat# a
  12# -> tanhFloat# a
  13# -> asinhFloat# a
  14# -> acoshFloat# a
  15# -> atanhFloat# a
  16# -> powerFloat# a 0.5#
  17# -> powerFloat# 2.0# a
  18# -> powerFloat# a 3.0#
  _ -> 0.0#)

mathVals :: L
mathVals = C (F# 0.0#) (C negZero (C (F# 0.5#) (C (F# (-0.5#)) (C (F# 1.0#) (C (F# (-1.0#)) (C (F# 2.0#)
             (C (F# 10.0#) (C (F# (-30.0#)) (C (F# 1.0e-6#) (C (F# 89.0#) (C (F# 1.0e30#) (C inf (C ninf (C nan N))))))))))))))

{-# NOINLINE toInt #-}
toInt :: Float -> Int
toInt (F# f) = I# (float2Int# f)

{-# NOINLINE fromInt #-}
fromInt :: Int -> Float
fromInt (I# i) = F# (int2Float# i)

{-# NOINLINE fromWord #-}
fromWord :: Word -> Float
fromWord (W# w) = F# (word2Float# w)

{-# NOINLINE narrowD #-}
narrowD :: Double -> Float
narrowD (D# d) = F# (double2Float# d)

{-# NOINLINE decode #-}
decode :: Float -> IO ()
decode (F# f) = case decodeFloat_Int# f of
  (# m, e #) -> print_int (I# m) >> print_int (I# e)

decodeVals :: L
decodeVals = C (F# 0.0#) (C negZero (C (F# 1.0#) (C (F# (-1.0#)) (C (F# 0.1#) (C (F# (-2.5#)) (C (F# 3.0e38#)
               (C (F# 1.0e-45#) (C (F# 1.17549435e-38#) (C (F# 12345.125#) (C inf (C ninf N)))))))))))

each1 :: (Float -> IO ()) -> L -> IO ()
each1 _ N = done
each1 f (C a as) = f a >> each1 f as

each2 :: (Float -> Float -> IO ()) -> L -> L -> IO ()
each2 _ N _ = done
each2 f (C a as) bs = each1 (f a) bs >> each2 f as bs

loop :: Int# -> Int# -> (Int -> IO ()) -> IO ()
loop i n f = case i ># n of
  1# -> done
  _ -> print_string "op "# >> print_int (I# i) >> f (I# i) >> loop (i +# 1#) n f

main :: IO ()
main =
  print_string "arithmetic\n"# >> loop 0# 3# (\op -> each2 (\a b -> pf (binop op a b)) vals vals)
  >> print_string "comparisons\n"# >> loop 0# 5# (\op -> each2 (\a b -> print_int (cmpop op a b)) vals vals)
  >> print_string "exact unary\n"# >> loop 0# 4# (\op -> each1 (\a -> pf (exactop op a)) vals)
  >> print_string "float2Int\n"# >> each1 (\a -> print_int (toInt a)) vals
  >> print_string "int2Float/word2Float/double2Float\n"#
  >> pf (fromInt (I# 9223372036854775807#)) >> pf (fromInt (I# (-9223372036854775808#)))
  >> pf (fromInt (I# 16777217#)) >> pf (fromInt (I# (-3#)))
  >> pf (fromWord (W# 18446744073709551615##)) >> pf (fromWord (W# 9223372036854775809##))
  >> pf (fromWord (W# 16777217##)) >> pf (fromWord (W# 0##))
  >> pf (narrowD (D# 0.1##)) >> pf (narrowD (D# 1.0e300##)) >> pf (narrowD (D# (-1.0e300##)))
  >> pf (narrowD (D# 1.0e-300##)) >> pf (narrowD (D# 1.0e-40##)) >> pf (narrowD (D# 16777217.0##))
  >> pf (narrowD (D# 16777219.0##)) >> pf (narrowD (D# 3.4028235677973366e38##))
  >> print_string "math\n"# >> loop 0# 18# (\op -> each1 (\a -> pa (mathop op a)) mathVals)
  >> print_string "decodeFloat_Int\n"# >> each1 decode decodeVals
