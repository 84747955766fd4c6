{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Bit primops (popCnt, clz, ctz, byteSwap, bitReverse, pdep, pext, shifts) of every width.
-- Bit primops: popCnt/clz/ctz/byteSwap/bitReverse of every width, pdep/pext of every width,
-- and/or/xor/not, shifts by 0..63 and base-style checked shifts by >= 64 (Word# and Int#).
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
vals = C (W# 0##) (C (W# 1##) (C (W# 18446744073709551615##) (C (W# 9223372036854775808##) (C (W# 0xdeadbeefcafebabe##)
         (C (W# 0x00ff00ff##) (C (W# 0x80##) (C (W# 0x8000##) (C (W# 0x80000000##) (C (W# 0x0123456789abcdef##)
         (C (W# 0x100##) (C (W# 0x10000##) (C (W# 0x100000000##) N))))))))))))

{-# NOINLINE unop #-}
unop :: Int -> Word -> Word
unop (I# op) (W# a) = W# (case op of
  0# -> popCnt8# a
  1# -> popCnt16# a
  2# -> popCnt32# a
  3# -> popCnt64# a
  4# -> popCnt# a
  5# -> clz8# a
  6# -> clz16# a
  7# -> clz32# a
  8# -> clz64# a
  9# -> clz# a
  10# -> ctz8# a
  11# -> ctz16# a
  12# -> ctz32# a
  13# -> ctz64# a
  14# -> ctz# a
  15# -> byteSwap16# a
  16# -> byteSwap32# a
  17# -> byteSwap64# a
  18# -> byteSwap# a
  19# -> bitReverse8# a
  -- Natively the result comes from a C function returning a 16-bit value, whose upper bits GHC
  -- does not clear (junk, e.g. 0x7fffff for 0xffff): only the low 16 bits are compared.
  20# -> narrow16Word# (bitReverse16# a)
  21# -> bitReverse32# a
  22# -> bitReverse64# a
  23# -> bitReverse# a
  24# -> not# a
  _ -> 0##)

masks :: L
masks = C (W# 0##) (C (W# 18446744073709551615##) (C (W# 0x5555555555555555##) (C (W# 0xf0f0f0f0f0f0f0f0##)
          (C (W# 0xff00ff##) (C (W# 0x8000000000000001##) (C (W# 0x1248##) N))))))

{-# NOINLINE binop #-}
binop :: Int -> Word -> Word -> Word
binop (I# op) (W# a) (W# m) = W# (case op of
  0# -> pdep8# a m
  1# -> pdep16# a m
  2# -> pdep32# a m
  3# -> pdep64# a m
  4# -> pdep# a m
  5# -> pext8# a m
  6# -> pext16# a m
  7# -> pext32# a m
  8# -> pext64# a m
  9# -> pext# a m
  10# -> and# a m
  11# -> or# a m
  12# -> xor# a m
  _ -> 0##)

-- Shifts: the unchecked primops for counts 0..63, base's checked forms for any count.
shiftCounts :: L
shiftCounts = C (W# 0##) (C (W# 1##) (C (W# 7##) (C (W# 31##) (C (W# 32##) (C (W# 33##) (C (W# 63##)
                (C (W# 64##) (C (W# 65##) (C (W# 127##) (C (W# 1000##) N))))))))))

{-# NOINLINE shiftop #-}
shiftop :: Int -> Word -> Word -> Word
shiftop (I# op) (W# a) (W# n0) =
  let n = word2Int# n0
      big = n >=# 64#
  in W# (case op of
    0# -> case big of 1# -> 0##; _ -> uncheckedShiftL# a n
    1# -> case big of 1# -> 0##; _ -> uncheckedShiftRL# a n
    2# -> int2Word# (case big of 1# -> 0#; _ -> uncheckedIShiftL# (word2Int# a) n)
    3# -> int2Word# (case big of
            1# -> case word2Int# a <# 0# of 1# -> -1#; _ -> 0#
            _ -> uncheckedIShiftRA# (word2Int# a) n)
    4# -> int2Word# (case big of 1# -> 0#; _ -> uncheckedIShiftRL# (word2Int# a) n)
    -- rotate left by n mod 64
    5# -> let k = andI# n 63# in case k of
            0# -> a
            _ -> or# (uncheckedShiftL# a k) (uncheckedShiftRL# a (64# -# k))
    _ -> 0##)

each1 :: Int -> L -> IO ()
each1 _ N = done
each1 op (C a as) = print_word (unop op a) >> each1 op as

each2 :: (Int -> Word -> Word -> Word) -> Int -> L -> L -> IO ()
each2 _ _ N _ = done
each2 f op (C a as) bs = each2b f op a bs >> each2 f op as bs

each2b :: (Int -> Word -> Word -> Word) -> Int -> Word -> L -> IO ()
each2b _ _ _ N = done
each2b f op a (C b bs) = print_word (f op a b) >> each2b f op a bs

loop :: Int# -> Int# -> (Int -> IO ()) -> IO ()
loop i n f = case i ># n of
  1# -> done
  _ -> print_string "op "# >> print_int (I# i) >> f (I# i) >> loop (i +# 1#) n f

main :: IO ()
main =
  print_string "unary\n"# >> loop 0# 24# (\op -> each1 op vals)
  >> print_string "pdep/pext/logic\n"# >> loop 0# 12# (\op -> each2 binop op vals masks)
  >> print_string "shifts\n"# >> loop 0# 5# (\op -> each2 shiftop op vals shiftCounts)
