{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Addr# primops: every element type through an aligned pinned byte array, arithmetic, atomics.
-- Addr#: reads, writes and indexing of every element type (little-endian layout, sign and
-- zero extension, float/double bit patterns, a NaN payload, unaligned access) through the
-- contents of an aligned pinned byte array; Addr# arithmetic/comparisons, nullAddr#, remAddr#
-- alignment, Addr#/StablePtr# stored in memory, atomic exchange/CAS on Addr#, literals.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_word" print_word :: Word -> IO ()
foreign import ccall unsafe "print_double" print_double :: Double -> IO ()
foreign import ccall unsafe "print_char" print_char :: Char -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

type S = State# RealWorld

-- Run a state transformer, then continue.
st :: (S -> S) -> IO ()
st f = IO (\s -> (# f s, () #))

pI :: (S -> (# S, Int# #)) -> IO ()
pI f = IO (\s -> case f s of (# s1, x #) -> case print_int (I# x) of IO g -> g s1)

pW :: (S -> (# S, Word# #)) -> IO ()
pW f = IO (\s -> case f s of (# s1, x #) -> case print_word (W# x) of IO g -> g s1)

pD :: (S -> (# S, Double# #)) -> IO ()
pD f = IO (\s -> case f s of (# s1, x #) -> case print_double (D# x) of IO g -> g s1)

pF :: (S -> (# S, Float# #)) -> IO ()
pF f = IO (\s -> case f s of (# s1, x #) -> case print_double (D# (float2Double# x)) of IO g -> g s1)

pC :: (S -> (# S, Char# #)) -> IO ()
pC f = IO (\s -> case f s of (# s1, x #) -> case print_int (I# (ord# x)) of IO g -> g s1)

-- The bytes at a..a+n-1, as one number per line.
dump :: Addr# -> Int# -> IO ()
dump a n = go 0#
  where
    go i = case i ==# n of
      1# -> done
      _ -> pW (readWord8OffAddr# a i) >> go (i +# 1#)

clear :: Addr# -> IO ()
clear a = go 0#
  where
    go i = case i ==# 32# of
      1# -> done
      _ -> st (writeWord64OffAddr# a i 0##) >> go (i +# 1#)

label :: Addr# -> IO ()
label l = print_string l >> print_string "\n"#

data Box = Box Int

{-# NOINLINE run #-}
run :: Addr# -> IO ()
run a =
  label "alignment"# >> print_int (I# (remAddr# a 64#)) >> print_int (I# (remAddr# (plusAddr# a 3#) 8#))
  >> label "int8"# >> clear a
  >> st (writeInt8OffAddr# a 0# 127#) >> st (writeInt8OffAddr# a 1# (-128#)) >> st (writeInt8OffAddr# a 2# (-1#))
  >> st (writeInt8OffAddr# a 3# 300#)
  >> pI (readInt8OffAddr# a 0#) >> pI (readInt8OffAddr# a 1#) >> pI (readInt8OffAddr# a 2#) >> pI (readInt8OffAddr# a 3#)
  >> print_int (I# (indexInt8OffAddr# a 1#)) >> dump a 4#
  >> label "word8"# >> st (writeWord8OffAddr# a 4# 255##) >> st (writeWord8OffAddr# a 5# 256##)
  >> pW (readWord8OffAddr# a 4#) >> pW (readWord8OffAddr# a 5#) >> print_word (W# (indexWord8OffAddr# a 2#))
  >> label "int16"# >> clear a
  >> st (writeInt16OffAddr# a 0# (-2#)) >> st (writeInt16OffAddr# a 1# 32767#) >> st (writeInt16OffAddr# a 2# 65537#)
  >> pI (readInt16OffAddr# a 0#) >> pI (readInt16OffAddr# a 1#) >> pI (readInt16OffAddr# a 2#)
  >> print_int (I# (indexInt16OffAddr# a 0#)) >> dump a 6#
  >> label "word16"# >> st (writeWord16OffAddr# a 3# 0xbeef##)
  >> pW (readWord16OffAddr# a 3#) >> pW (readWord16OffAddr# a 0#) >> print_word (W# (indexWord16OffAddr# a 3#))
  >> label "int32"# >> clear a
  >> st (writeInt32OffAddr# a 0# (-2147483648#)) >> st (writeInt32OffAddr# a 1# 0x12345678#) >> st (writeInt32OffAddr# a 2# 4294967295#)
  >> pI (readInt32OffAddr# a 0#) >> pI (readInt32OffAddr# a 1#) >> pI (readInt32OffAddr# a 2#)
  >> print_int (I# (indexInt32OffAddr# a 1#)) >> dump a 12#
  >> label "word32"# >> pW (readWord32OffAddr# a 0#) >> pW (readWord32OffAddr# a 2#)
  >> st (writeWord32OffAddr# a 3# 0xdeadbeefcafe##) >> print_word (W# (indexWord32OffAddr# a 3#))
  >> label "int64/int/word64/word"# >> clear a
  >> st (writeInt64OffAddr# a 0# (-9223372036854775808#)) >> st (writeIntOffAddr# a 1# (-2#))
  >> st (writeWord64OffAddr# a 2# 18446744073709551615##) >> st (writeWordOffAddr# a 3# 0x0102030405060708##)
  >> pI (readInt64OffAddr# a 0#) >> pI (readIntOffAddr# a 1#) >> pW (readWord64OffAddr# a 2#) >> pW (readWordOffAddr# a 3#)
  >> pW (readWord64OffAddr# a 0#) >> pI (readInt64OffAddr# a 2#)
  >> print_int (I# (indexInt64OffAddr# a 1#)) >> print_int (I# (indexIntOffAddr# a 0#))
  >> print_word (W# (indexWord64OffAddr# a 3#)) >> print_word (W# (indexWordOffAddr# a 1#))
  >> dump a 8# >> dump (plusAddr# a 24#) 8#
  >> label "unaligned"# >> pW (readWord64OffAddr# (plusAddr# a 27#) 0#) >> pW (readWord32OffAddr# (plusAddr# a 1#) 0#)
  >> pW (readWord16OffAddr# (plusAddr# a 25#) 0#)
  >> label "float/double"# >> clear a
  >> st (writeFloatOffAddr# a 0# 1.5#) >> st (writeFloatOffAddr# a 1# (negateFloat# 0.0#)) >> st (writeDoubleOffAddr# a 1# 0.1##)
  >> pF (readFloatOffAddr# a 0#) >> pF (readFloatOffAddr# a 1#) >> pD (readDoubleOffAddr# a 1#)
  >> pW (readWord32OffAddr# a 0#) >> pW (readWord32OffAddr# a 1#) >> pW (readWord64OffAddr# a 1#)
  >> print_double (D# (float2Double# (indexFloatOffAddr# a 0#))) >> print_double (D# (indexDoubleOffAddr# a 1#))
  -- A signalling NaN's bits survive a load and a store as Double#.
  >> st (writeWord64OffAddr# a 2# 0x7ff0000000000001##)
  >> IO (\s -> case readDoubleOffAddr# a 2# s of (# s1, d #) -> (# writeDoubleOffAddr# a 3# d s1, () #))
  >> pW (readWord64OffAddr# a 3#)
  >> label "char/widechar"# >> clear a
  >> st (writeCharOffAddr# a 0# 'A'#) >> st (writeCharOffAddr# a 1# '\xff'#)
  >> st (writeWideCharOffAddr# a 1# '\x1f600'#) >> st (writeWideCharOffAddr# a 2# '\x10ffff'#)
  >> pC (readCharOffAddr# a 0#) >> pC (readCharOffAddr# a 1#) >> pC (readWideCharOffAddr# a 1#)
  >> pC (readWideCharOffAddr# a 2#) >> print_char (C# (indexWideCharOffAddr# a 1#)) >> print_string "\n"#
  >> print_int (I# (ord# (indexCharOffAddr# a 0#))) >> dump a 12#
  >> label "addr"# >> clear a
  >> st (writeAddrOffAddr# a 0# (plusAddr# a 40#)) >> st (writeAddrOffAddr# a 1# nullAddr#)
  >> IO (\s -> case readAddrOffAddr# a 0# s of
          (# s1, p #) -> case print_int (I# (minusAddr# p a)) of IO g -> g s1)
  >> print_int (I# (minusAddr# (indexAddrOffAddr# a 0#) a))
  >> IO (\s -> case readAddrOffAddr# a 1# s of
          (# s1, p #) -> case print_int (I# (eqAddr# p nullAddr#)) of IO g -> g s1)
  >> print_int (I# (eqAddr# a (plusAddr# a 0#))) >> print_int (I# (neAddr# a (plusAddr# a 1#)))
  >> print_int (I# (ltAddr# a (plusAddr# a 1#))) >> print_int (I# (leAddr# a a)) >> print_int (I# (gtAddr# a (plusAddr# a 1#)))
  >> print_int (I# (geAddr# (plusAddr# a 8#) a)) >> print_int (I# (minusAddr# a (plusAddr# a 100#)))
  >> print_int (I# (addr2Int# (plusAddr# a 16#) -# addr2Int# a))
  >> print_int (I# (minusAddr# (int2Addr# (addr2Int# a +# 5#)) a))
  >> label "stable pointers in memory"#
  >> IO (\s -> case makeStablePtr# (Box (I# 77#)) s of
          (# s1, sp #) -> case writeStablePtrOffAddr# a 2# sp s1 of
            s2 -> case readStablePtrOffAddr# a 2# s2 of
              (# s3, sp2 #) -> case deRefStablePtr# sp2 s3 of
                (# s4, Box v #) -> case print_int v of
                  IO g -> case g s4 of
                    (# s5, _ #) -> case deRefStablePtr# (indexStablePtrOffAddr# a 2#) s5 of
                      (# s6, Box w #) -> case print_int w of
                        IO h -> case h s6 of
                          (# s7, _ #) -> (# s7, () #))
  >> label "atomics"# >> clear a
  >> st (writeWordOffAddr# a 0# 10##)
  >> pW (atomicExchangeWordAddr# a 20##) >> pW (readWordOffAddr# a 0#)
  >> pW (atomicCasWordAddr# a 20## 30##) >> pW (readWordOffAddr# a 0#)
  >> pW (atomicCasWordAddr# a 20## 40##) >> pW (readWordOffAddr# a 0#)
  >> st (writeAddrOffAddr# a 1# (plusAddr# a 8#))
  >> IO (\s -> case atomicExchangeAddrAddr# (plusAddr# a 8#) (plusAddr# a 16#) s of
          (# s1, old #) -> case readAddrOffAddr# a 1# s1 of
            (# s2, new #) -> case print_int (I# (minusAddr# old a)) >> print_int (I# (minusAddr# new a)) of IO g -> g s2)
  >> IO (\s -> case atomicCasAddrAddr# (plusAddr# a 8#) (plusAddr# a 16#) (plusAddr# a 24#) s of
          (# s1, old #) -> case atomicCasAddrAddr# (plusAddr# a 8#) (plusAddr# a 16#) (plusAddr# a 32#) s1 of
            (# s2, old2 #) -> case readAddrOffAddr# a 1# s2 of
              (# s3, new #) -> case print_int (I# (minusAddr# old a)) >> print_int (I# (minusAddr# old2 a))
                                      >> print_int (I# (minusAddr# new a)) of IO g -> g s3)

main :: IO ()
main = IO (\s -> case newAlignedPinnedByteArray# 256# 64# s of
  (# s1, mba #) -> case unsafeFreezeByteArray# mba s1 of
    (# s2, ba #) -> case run (byteArrayContents# ba) of
      IO g -> case g s2 of
        (# s3, _ #) -> case touch# ba s3 of
          s4 -> case literals of IO h -> h s4)

-- Reads from primitive string literals.
literals :: IO ()
literals =
  label "literals"#
  >> print_word (W# (indexWord32OffAddr# "ABCDEFGH"# 1#)) >> print_word (W# (indexWord16OffAddr# "ABCDEFGH"# 3#))
  >> print_word (W# (indexWord64OffAddr# "\x01\x02\x03\x04\x05\x06\x07\x08"# 0#))
  >> print_int (I# (indexInt8OffAddr# "\xff\x7f"# 0#)) >> print_int (I# (indexInt8OffAddr# "\xff\x7f"# 1#))
  >> print_int (I# (minusAddr# (plusAddr# "abc"# 2#) "abc"#))
