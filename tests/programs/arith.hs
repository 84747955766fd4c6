{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Unboxed Int#/Word#/Double# arithmetic: overflow wraps, quot/rem truncate toward zero,
-- shifts, bit operations, narrowing, conversions, comparisons, carries.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_word" print_word :: Word -> IO ()
foreign import ccall unsafe "print_double" print_double :: Double -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

-- NOINLINE keeps GHC from folding the operations at compile time.
{-# NOINLINE intOp #-}
intOp :: Int -> Int -> Int -> Int
intOp (I# op) (I# a) (I# b) = I# (case op of
  0# -> a +# b
  1# -> a -# b
  2# -> a *# b
  3# -> quotInt# a b
  4# -> remInt# a b
  5# -> negateInt# a
  6# -> andI# a b
  7# -> orI# a b
  8# -> xorI# a b
  9# -> notI# a
  10# -> uncheckedIShiftL# a b
  11# -> uncheckedIShiftRA# a b
  12# -> uncheckedIShiftRL# a b
  13# -> a ==# b
  14# -> a /=# b
  15# -> a <# b
  16# -> a <=# b
  17# -> a ># b
  18# -> a >=# b
  19# -> narrow8Int# a
  20# -> narrow16Int# a
  21# -> narrow32Int# a
  22# -> case addIntC# a b of (# r, c #) -> r +# (c *# 1000#)
  23# -> case subIntC# a b of (# r, c #) -> r +# (c *# 1000#)
  24# -> case quotRemInt# a b of (# q, r #) -> q *# 1000# +# r
  _ -> 0#)

{-# NOINLINE wordOp #-}
wordOp :: Int -> Word -> Word -> Word
wordOp (I# op) (W# a) (W# b) = W# (case op of
  0# -> plusWord# a b
  1# -> minusWord# a b
  2# -> timesWord# a b
  3# -> quotWord# a b
  4# -> remWord# a b
  5# -> and# a b
  6# -> or# a b
  7# -> xor# a b
  8# -> not# a
  9# -> uncheckedShiftL# a (word2Int# b)
  10# -> uncheckedShiftRL# a (word2Int# b)
  11# -> int2Word# (gtWord# a b)
  12# -> int2Word# (ltWord# a b)
  13# -> narrow8Word# a
  14# -> narrow16Word# a
  15# -> narrow32Word# a
  16# -> popCnt# a
  17# -> clz# a
  18# -> ctz# a
  _ -> 0##)

{-# NOINLINE dblOp #-}
dblOp :: Int -> Double -> Double -> Double
dblOp (I# op) (D# a) (D# b) = D# (case op of
  0# -> a +## b
  1# -> a -## b
  2# -> a *## b
  3# -> a /## b
  4# -> negateDouble# a
  5# -> fabsDouble# a
  6# -> sqrtDouble# a
  7# -> int2Double# (a ==## b)
  8# -> int2Double# (a <## b)
  9# -> int2Double# (a >=## b)
  10# -> int2Double# (double2Int# a)
  _ -> 0.0##)

{-# NOINLINE toInt #-}
toInt :: Double -> Int
toInt (D# d) = I# (double2Int# d)

maxI, minI :: Int
maxI = I# 9223372036854775807#
minI = I# (-9223372036854775808#)

maxW :: Word
maxW = W# 18446744073709551615##

ints :: Int -> IO ()
ints op = print_int (intOp op 7 3) >> print_int (intOp op (I# (-7#)) 3) >> print_int (intOp op 7 (I# (-3#)))
  >> print_int (intOp op maxI 1) >> print_int (intOp op minI 1) >> print_int (intOp op 255 2)

allInts :: Int -> IO ()
allInts (I# n) = case n ># 24# of
  1# -> IO (\s -> (# s, () #))
  _ -> ints (I# n) >> allInts (I# (n +# 1#))

words :: Int -> IO ()
words op = print_word (wordOp op 7 3) >> print_word (wordOp op maxW 1)
  >> print_word (wordOp op 0xdeadbeefcafe 4)

allWords :: Int -> IO ()
allWords (I# n) = case n ># 18# of
  1# -> IO (\s -> (# s, () #))
  _ -> words (I# n) >> allWords (I# (n +# 1#))

dbls :: Int -> IO ()
dbls op = print_double (dblOp op (D# 1.5##) (D# 0.25##)) >> print_double (dblOp op (D# (-2.0##)) (D# 3.0##))
  >> print_double (dblOp op (D# 1.0e300##) (D# 1.0e-300##)) >> print_double (dblOp op (D# 0.1##) (D# 0.2##))

allDbls :: Int -> IO ()
allDbls (I# n) = case n ># 10# of
  1# -> IO (\s -> (# s, () #))
  _ -> dbls (I# n) >> allDbls (I# (n +# 1#))

main :: IO ()
main = allInts 0 >> allWords 0 >> allDbls 0
  >> print_double (dblOp 3 (D# 1.0##) (D# 0.0##)) >> print_double (dblOp 3 (D# (-1.0##)) (D# 0.0##))
  >> print_double (dblOp 6 (D# (-1.0##)) (D# 0.0##)) >> print_double (dblOp 4 (D# 0.0##) (D# 0.0##))
  >> print_int (toInt (D# 1.0e30##)) >> print_int (toInt (D# (-1.0e30##))) >> print_int (toInt (dblOp 3 (D# 0.0##) (D# 0.0##)))
  >> print_int (toInt (D# (-2.75##)))
