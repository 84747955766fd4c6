{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Double# and Float# primops at edge values (±0, ±Inf, NaN, denormals, extremes):
-- arithmetic, comparisons, conversions (x86_64 truncation), math functions (glibc's results,
-- NaN signs included), decodings.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_double" print_double :: Double -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

{-# NOINLINE dv #-}
dv :: Int -> Double
dv (I# i) = D# (case i of
  0# -> 0.0##
  1# -> negateDouble# 0.0##
  2# -> 1.0##
  3# -> -1.0##
  4# -> 0.5##
  5# -> 1.5##
  6# -> 2.5##
  7# -> -2.5##
  8# -> 1.0e300##
  9# -> -1.0e300##
  10# -> 5.0e-324##
  11# -> 2.2250738585072014e-308##
  12# -> 1.7976931348623157e308##
  13# -> 1.0## /## 0.0##
  14# -> -1.0## /## 0.0##
  15# -> 0.0## /## 0.0##
  16# -> 9.223372036854775807e18##
  17# -> -9.223372036854775808e18##
  18# -> 3.141592653589793##
  19# -> 0.1##
  20# -> 100.0##
  21# -> 1.0e-10##
  22# -> 700.0##
  23# -> -700.0##
  24# -> 2.718281828459045##
  25# -> 0.75##
  26# -> -0.3##
  27# -> 3.0##
  28# -> 10.0##
  29# -> 1.0e10##
  _ -> 4.5e15##)
nv :: Int
nv = 31

{-# NOINLINE dun #-}
dun :: Int -> Double -> Double
dun (I# op) (D# a) = D# (case op of
  0# -> negateDouble# a
  1# -> fabsDouble# a
  2# -> sqrtDouble# a
  3# -> int2Double# (double2Int# a)
  4# -> float2Double# (double2Float# a)
  5# -> int2Double# (float2Int# (double2Float# a))
  6# -> expDouble# a
  7# -> expm1Double# a
  8# -> logDouble# a
  9# -> log1pDouble# a
  10# -> sinDouble# a
  11# -> cosDouble# a
  12# -> tanDouble# a
  13# -> asinDouble# a
  14# -> acosDouble# a
  15# -> atanDouble# a
  16# -> sinhDouble# a
  17# -> coshDouble# a
  18# -> tanhDouble# a
  19# -> asinhDouble# a
  20# -> acoshDouble# a
  21# -> atanhDouble# a
  22# -> int2Double# (double2Int# a)
  23# -> word2Double# (int2Word# (double2Int# a))
  24# -> case decodeDouble_Int64# a of (# m, e #) -> int2Double# m +## int2Double# e
  -- (the sign of zero is left unset by GHC's runtime: garbage)
  25# -> case a ==## 0.0## of
           1# -> 0.0##
           _ -> case decodeDouble_2Int# a of (# s, h, l, e #) -> int2Double# s *## 1.0e15## +## word2Double# h *## 1.0e5## +## word2Double# l +## int2Double# e
  _ -> 0.0##)
ndun :: Int
ndun = 26

{-# NOINLINE fun #-}
fun :: Int -> Double -> Double
fun (I# op) (D# d) = let a = double2Float# d in D# (float2Double# (case op of
  0# -> negateFloat# a
  1# -> fabsFloat# a
  2# -> sqrtFloat# a
  3# -> int2Float# (float2Int# a)
  4# -> expFloat# a
  5# -> expm1Float# a
  6# -> logFloat# a
  7# -> log1pFloat# a
  8# -> sinFloat# a
  9# -> cosFloat# a
  -- glibc's tanf is fdlibm's float algorithm, 1 ULP off the correctly rounded result ours
  -- gives for some arguments: only small ones here.
  10# -> case fabsFloat# a `ltFloat#` 2.0# of
           1# -> tanFloat# a
           _ -> 0.0#
  11# -> asinFloat# a
  12# -> acosFloat# a
  13# -> atanFloat# a
  14# -> sinhFloat# a
  15# -> coshFloat# a
  16# -> tanhFloat# a
  17# -> asinhFloat# a
  18# -> acoshFloat# a
  19# -> atanhFloat# a
  20# -> word2Float# (int2Word# (float2Int# a))
  21# -> case decodeFloat_Int# a of (# m, e #) -> int2Float# m `plusFloat#` int2Float# e
  22# -> int2Float# (double2Int# d)
  _ -> 0.0#))
nfun :: Int
nfun = 23

{-# NOINLINE dbin #-}
dbin :: Int -> Double -> Double -> Double
dbin (I# op) (D# a) (D# b) = D# (case op of
  0# -> a +## b
  1# -> a -## b
  2# -> a *## b
  3# -> a /## b
  4# -> a **## b
  5# -> int2Double# ((a ==## b) +# 2# *# (a <## b) +# 4# *# (a <=## b) +# 8# *# (a >## b) +# 16# *# (a >=## b) +# 32# *# (a /=## b))
  6# -> let x = double2Float# a; y = double2Float# b in
        float2Double# (plusFloat# x y) +## float2Double# (minusFloat# x y) *## 3.0##
  7# -> let x = double2Float# a; y = double2Float# b in
        float2Double# (timesFloat# x y) +## float2Double# (divideFloat# x y) *## 3.0##
  8# -> let x = double2Float# a; y = double2Float# b in float2Double# (powerFloat# x y)
  9# -> let x = double2Float# a; y = double2Float# b in
        int2Double# (eqFloat# x y +# 2# *# ltFloat# x y +# 4# *# leFloat# x y +# 8# *# gtFloat# x y +# 16# *# geFloat# x y +# 32# *# neFloat# x y)
  _ -> 0.0##)
ndbin :: Int
ndbin = 10

{-# NOINLINE wv #-}
wv :: Int -> Int
wv (I# i) = I# (case i of
  0# -> 0#
  1# -> 1#
  2# -> -1#
  3# -> 9223372036854775807#
  4# -> -9223372036854775808#
  5# -> 9007199254740993#
  6# -> 16777217#
  7# -> -9007199254740993#
  _ -> 123456789012345#)

{-# NOINLINE conv #-}
conv :: Int -> Int -> Double
conv (I# op) (I# i) = D# (case op of
  0# -> int2Double# i
  1# -> word2Double# (int2Word# i)
  2# -> float2Double# (int2Float# i)
  3# -> float2Double# (word2Float# (int2Word# i))
  _ -> 0.0##)

loop :: Int -> Int -> (Int -> IO ()) -> IO ()
loop (I# i) (I# n) f = case i >=# n of
  1# -> done
  _ -> f (I# i) >> loop (I# (i +# 1#)) (I# n) f

main :: IO ()
main =
  loop 0 ndun (\op -> loop 0 nv (\i -> print_double (dun op (dv i))))
  >> loop 0 nfun (\op -> loop 0 nv (\i -> print_double (fun op (dv i))))
  >> loop 0 ndbin (\op -> loop 0 nv (\i -> loop 0 nv (\j -> print_double (dbin op (dv i) (dv j)))))
  >> loop 0 4 (\op -> loop 0 9 (\i -> print_double (conv op (wv i))))
