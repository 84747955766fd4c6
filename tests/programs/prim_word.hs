{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Word#, Word8#, Word16# primops on edge values, carries and double-word arithmetic.
-- Word# primops on edge values (0, 1, maxBound, 2^63): arithmetic, quot/rem, comparisons,
-- carries (addWordC#, subWordC#, plusWord2#), timesWord2#, quotRemWord#, quotRemWord2#,
-- Int#/Word# conversions; Word8#, Word16# and their operations.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_word" print_word :: Word -> IO ()
foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

data L = N | C Word L

vals :: L
vals = C (W# 0##) (C (W# 1##) (C (W# 2##) (C (W# 7##) (C (W# 18446744073709551615##) (C (W# 9223372036854775808##)
         (C (W# 9223372036854775807##) (C (W# 0xdeadbeefcafebabe##) (C (W# 4294967296##) (C (W# 4294967295##) N)))))))))

divs :: L
divs = C (W# 1##) (C (W# 3##) (C (W# 7##) (C (W# 18446744073709551615##) (C (W# 9223372036854775808##)
         (C (W# 4294967296##) (C (W# 10000000019##) N))))))

{-# NOINLINE binop #-}
binop :: Int -> Word -> Word -> Word
binop (I# op) (W# a) (W# b) = W# (case op of
  0# -> plusWord# a b
  1# -> minusWord# a b
  2# -> timesWord# a b
  3# -> and# a b
  4# -> or# a b
  5# -> xor# a b
  6# -> int2Word# (eqWord# a b)
  7# -> int2Word# (neWord# a b)
  8# -> int2Word# (ltWord# a b)
  9# -> int2Word# (leWord# a b)
  10# -> int2Word# (gtWord# a b)
  11# -> int2Word# (geWord# a b)
  12# -> case addWordC# a b of (# r, _ #) -> r
  13# -> case addWordC# a b of (# _, c #) -> int2Word# c
  14# -> case subWordC# a b of (# r, _ #) -> r
  15# -> case subWordC# a b of (# _, c #) -> int2Word# c
  16# -> case plusWord2# a b of (# hi, _ #) -> hi
  17# -> case plusWord2# a b of (# _, lo #) -> lo
  18# -> case timesWord2# a b of (# hi, _ #) -> hi
  19# -> case timesWord2# a b of (# _, lo #) -> lo
  -- signed comparison of the same bits
  20# -> int2Word# (word2Int# a <# word2Int# b)
  _ -> 0##)

{-# NOINLINE divop #-}
divop :: Int -> Word -> Word -> Word
divop (I# op) (W# a) (W# b) = W# (case op of
  0# -> quotWord# a b
  1# -> remWord# a b
  2# -> case quotRemWord# a b of (# q, r #) -> xor# q (uncheckedShiftL# r 1#)
  _ -> 0##)

-- quotRemWord2# hi lo d, for hi < d (otherwise the quotient does not fit; that traps natively).
{-# NOINLINE qr2 #-}
qr2 :: Word -> Word -> Word -> IO ()
qr2 (W# hi) (W# lo) (W# d) = case quotRemWord2# hi lo d of
  (# q, r #) -> print_word (W# q) >> print_word (W# r)

{-# NOINLINE conv #-}
conv :: Int -> Int
conv (I# a) = I# (word2Int# (int2Word# a))

{-# NOINLINE w8op #-}
w8op :: Int -> Word -> Word -> Word
w8op (I# op) (W# a0) (W# b0) =
  let a = narrowWord8# a0
      b = narrowWord8# b0
  in W# (case op of
    0# -> extendWord8# (plusWord8# a b)
    1# -> extendWord8# (subWord8# a b)
    2# -> extendWord8# (timesWord8# a b)
    3# -> extendWord8# (notWord8# a)
    4# -> int2Word# (eqWord8# a b)
    5# -> int2Word# (neWord8# a b)
    6# -> int2Word# (ltWord8# a b)
    7# -> int2Word# (leWord8# a b)
    8# -> int2Word# (gtWord8# a b)
    9# -> int2Word# (geWord8# a b)
    10# -> extendWord8# a
    _ -> 0##)

{-# NOINLINE w8div #-}
w8div :: Int -> Word -> Word -> Word
w8div (I# op) (W# a0) (W# b0) =
  let a = narrowWord8# a0
      b = narrowWord8# b0
  in W# (case op of
    0# -> extendWord8# (quotWord8# a b)
    1# -> extendWord8# (remWord8# a b)
    _ -> case quotRemWord8# a b of (# q, r #) -> plusWord# (timesWord# (extendWord8# q) 1000##) (extendWord8# r))

{-# NOINLINE w16op #-}
w16op :: Int -> Word -> Word -> Word
w16op (I# op) (W# a0) (W# b0) =
  let a = narrowWord16# a0
      b = narrowWord16# b0
  in W# (case op of
    0# -> extendWord16# (plusWord16# a b)
    1# -> extendWord16# (subWord16# a b)
    2# -> extendWord16# (timesWord16# a b)
    3# -> extendWord16# (notWord16# a)
    4# -> int2Word# (eqWord16# a b)
    5# -> int2Word# (neWord16# a b)
    6# -> int2Word# (ltWord16# a b)
    7# -> int2Word# (leWord16# a b)
    8# -> int2Word# (gtWord16# a b)
    9# -> int2Word# (geWord16# a b)
    10# -> extendWord16# a
    _ -> 0##)

{-# NOINLINE w16div #-}
w16div :: Int -> Word -> Word -> Word
w16div (I# op) (W# a0) (W# b0) =
  let a = narrowWord16# a0
      b = narrowWord16# b0
  in W# (case op of
    0# -> extendWord16# (quotWord16# a b)
    1# -> extendWord16# (remWord16# a b)
    _ -> case quotRemWord16# a b of (# q, r #) -> plusWord# (timesWord# (extendWord16# q) 100000##) (extendWord16# r))

small :: L
small = C (W# 0##) (C (W# 1##) (C (W# 127##) (C (W# 128##) (C (W# 255##) (C (W# 256##) (C (W# 300##)
          (C (W# 65535##) (C (W# 65536##) (C (W# 18446744073709551615##) N)))))))))

-- Non-zero after narrowing to 8 bits.
smallDivs :: L
smallDivs = C (W# 1##) (C (W# 3##) (C (W# 127##) (C (W# 128##) (C (W# 255##) (C (W# 300##) N)))))

each3 :: (Int -> Word -> Word -> Word) -> Int -> L -> L -> IO ()
each3 _ _ N _ = done
each3 f op (C a as) bs = each3b f op a bs >> each3 f op as bs

each3b :: (Int -> Word -> Word -> Word) -> Int -> Word -> L -> IO ()
each3b _ _ _ N = done
each3b f op a (C b bs) = print_word (f op a b) >> each3b f op a bs

loop :: Int# -> Int# -> (Int -> IO ()) -> IO ()
loop i n f = case i ># n of
  1# -> done
  _ -> print_string "op "# >> print_int (I# i) >> f (I# i) >> loop (i +# 1#) n f

main :: IO ()
main =
  print_string "binary\n"# >> loop 0# 20# (\op -> each3 binop op vals vals)
  >> print_string "division\n"# >> loop 0# 2# (\op -> each3 divop op vals divs)
  >> print_string "quotRemWord2\n"#
  >> qr2 (W# 0##) (W# 100##) (W# 7##)
  >> qr2 (W# 1##) (W# 0##) (W# 2##)
  >> qr2 (W# 6##) (W# 18446744073709551615##) (W# 7##)
  >> qr2 (W# 18446744073709551614##) (W# 18446744073709551615##) (W# 18446744073709551615##)
  >> qr2 (W# 0xdeadbeef##) (W# 0x123456789abcdef0##) (W# 0xdeadbeef0##)
  >> qr2 (W# 9223372036854775807##) (W# 0##) (W# 9223372036854775808##)
  >> print_string "conversions\n"#
  >> print_int (conv (I# (-1#))) >> print_int (conv (I# (-9223372036854775808#)))
  >> print_word (W# (int2Word# (-1#))) >> print_int (I# (word2Int# 18446744073709551615##))
  >> print_string "word8\n"# >> loop 0# 10# (\op -> each3 w8op op small small)
  >> print_string "word8 division\n"# >> loop 0# 2# (\op -> each3 w8div op small smallDivs)
  >> print_string "word16\n"# >> loop 0# 10# (\op -> each3 w16op op small small)
  >> print_string "word16 division\n"# >> loop 0# 2# (\op -> each3 w16div op small smallDivs)
