{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- ByteArray#/MutableByteArray# primops: every element type, resize, copy, compare, atomics.
-- ByteArray#/MutableByteArray#: unpinned, pinned and aligned pinned arrays, sizes, pinnedness,
-- read/write/index of every element type, the Word8As* (byte-offset) family, shrink and resize
-- (contents kept), set, copies (overlapping, to and from Addr#), compareByteArrays#, and the
-- atomic operations (read, write, CAS, fetch-add/sub/and/nand/or/xor).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_word" print_word :: Word -> IO ()
foreign import ccall unsafe "print_double" print_double :: Double -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixl 1 >>
(>>) :: IO a -> IO b -> IO b
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

infixl 1 >>=
(>>=) :: IO a -> (a -> IO b) -> IO b
IO a >>= f = IO (\s -> case a s of (# s1, x #) -> case f x of IO b -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

type S = State# RealWorld

data MBA = MBA (MutableByteArray# RealWorld)
data BA = BA ByteArray#

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

label :: Addr# -> IO ()
label l = print_string l >> print_string "\n"#

new, newPinned :: Int# -> IO MBA
new n = IO (\s -> case newByteArray# n s of (# s1, m #) -> (# s1, MBA m #))
newPinned n = IO (\s -> case newPinnedByteArray# n s of (# s1, m #) -> (# s1, MBA m #))

newAligned :: Int# -> Int# -> IO MBA
newAligned n al = IO (\s -> case newAlignedPinnedByteArray# n al s of (# s1, m #) -> (# s1, MBA m #))

freeze :: MBA -> IO BA
freeze (MBA m) = IO (\s -> case unsafeFreezeByteArray# m s of (# s1, b #) -> (# s1, BA b #))

-- The bytes i..i+n-1 of a mutable array, on one line each.
dump :: MBA -> Int# -> Int# -> IO ()
dump (MBA m) i n = case n of
  0# -> done
  _ -> pW (readWord8Array# m i) >> dump (MBA m) (i +# 1#) (n -# 1#)

-- Fills bytes with 0, 1, 2, ... (mod 256)
iota :: MBA -> Int# -> IO ()
iota (MBA m) n = go 0#
  where
    go i = case i ==# n of
      1# -> done
      _ -> st (writeWord8Array# m i (int2Word# (andI# i 255#))) >> go (i +# 1#)

sign :: Int# -> Int
sign x = case x <# 0# of
  1# -> I# (-1#)
  _ -> case x ># 0# of
    1# -> I# 1#
    _ -> I# 0#

sizes :: IO ()
sizes =
  label "sizes and pinnedness"#
  >> new 0# >>= \(MBA e) -> pI (getSizeofMutableByteArray# e) >> print_int (I# (sizeofMutableByteArray# e))
  >> new 100# >>= \(MBA m) -> pI (getSizeofMutableByteArray# m) >> pI (\s -> (# s, isMutableByteArrayPinned# m #))
  >> newPinned 100# >>= \(MBA p) -> pI (\s -> (# s, isMutableByteArrayPinned# p #))
  >> newAligned 100# 64# >>= \(MBA q) -> pI (\s -> (# s, isMutableByteArrayPinned# q #))
  >> freeze (MBA q) >>= \(BA qb) -> print_int (I# (isByteArrayPinned# qb)) >> print_int (I# (sizeofByteArray# qb))
  >> freeze (MBA m) >>= \(BA mb) -> print_int (I# (isByteArrayPinned# mb))
  >> print_int (I# (sameMutableByteArray# m m)) >> print_int (I# (sameMutableByteArray# m p))

elements :: IO ()
elements = new 64# >>= \mba@(MBA m) ->
  label "elements"# >> st (setByteArray# m 0# 64# 0#)
  >> st (writeInt8Array# m 0# (-5#)) >> st (writeWord8Array# m 1# 250##) >> st (writeInt16Array# m 1# (-300#))
  >> st (writeWord16Array# m 2# 65000##) >> st (writeInt32Array# m 2# (-70000#)) >> st (writeWord32Array# m 3# 4000000000##)
  >> st (writeInt64Array# m 2# (-5000000000#)) >> st (writeWord64Array# m 3# 18446744073709551615##)
  >> pI (readInt8Array# m 0#) >> pW (readWord8Array# m 1#) >> pI (readInt16Array# m 1#) >> pW (readWord16Array# m 2#)
  >> pI (readInt32Array# m 2#) >> pW (readWord32Array# m 3#) >> pI (readInt64Array# m 2#) >> pW (readWord64Array# m 3#)
  >> dump mba 0# 32#
  >> st (writeIntArray# m 4# (-1#)) >> st (writeWordArray# m 5# 12345678901234567890##)
  >> st (writeDoubleArray# m 6# 2.5e-300##) >> st (writeFloatArray# m 14# 3.5#) >> st (writeFloatArray# m 15# -1.0e-40#)
  >> pI (readIntArray# m 4#) >> pW (readWordArray# m 5#) >> pD (readDoubleArray# m 6#) >> pF (readFloatArray# m 14#)
  >> pF (readFloatArray# m 15#) >> pW (readWord64Array# m 6#) >> pW (readWord32Array# m 15#)
  >> st (writeCharArray# m 0# 'z'#) >> st (writeCharArray# m 1# '\x1ff'#) >> st (writeWideCharArray# m 1# '\x10ffff'#)
  >> pC (readCharArray# m 0#) >> pC (readCharArray# m 1#) >> pC (readWideCharArray# m 1#)
  >> freeze mba >>= \(BA b) ->
  print_int (I# (indexInt8Array# b 2#)) >> print_word (W# (indexWord8Array# b 0#))
  >> print_int (I# (indexInt16Array# b 1#)) >> print_word (W# (indexWord16Array# b 2#))
  >> print_int (I# (indexInt32Array# b 2#)) >> print_word (W# (indexWord32Array# b 3#))
  >> print_int (I# (indexInt64Array# b 4#)) >> print_word (W# (indexWord64Array# b 5#))
  >> print_int (I# (indexIntArray# b 4#)) >> print_word (W# (indexWordArray# b 5#))
  >> print_double (D# (indexDoubleArray# b 6#)) >> print_double (D# (float2Double# (indexFloatArray# b 14#)))
  >> print_int (I# (ord# (indexCharArray# b 0#))) >> print_int (I# (ord# (indexWideCharArray# b 1#)))

-- The Word8As* family: element types at arbitrary byte offsets.
unaligned :: IO ()
unaligned = new 48# >>= \mba@(MBA m) ->
  label "byte offsets"# >> iota mba 48#
  >> pI (readWord8ArrayAsInt16# m 1#) >> pI (readWord8ArrayAsInt32# m 3#) >> pI (readWord8ArrayAsInt64# m 5#)
  >> pI (readWord8ArrayAsInt# m 7#) >> pW (readWord8ArrayAsWord16# m 9#) >> pW (readWord8ArrayAsWord32# m 11#)
  >> pW (readWord8ArrayAsWord64# m 13#) >> pW (readWord8ArrayAsWord# m 15#) >> pC (readWord8ArrayAsChar# m 17#)
  >> pC (readWord8ArrayAsWideChar# m 1#)
  >> st (writeWord8ArrayAsInt16# m 1# (-2#)) >> st (writeWord8ArrayAsInt32# m 3# (-3#)) >> st (writeWord8ArrayAsInt64# m 9# (-4#))
  >> st (writeWord8ArrayAsWord16# m 19# 0xabcd##) >> st (writeWord8ArrayAsWord32# m 21# 0x01020304##)
  >> st (writeWord8ArrayAsWord64# m 25# 0x1122334455667788##) >> st (writeWord8ArrayAsInt# m 33# 7#)
  >> st (writeWord8ArrayAsWord# m 41# 9##) >> st (writeWord8ArrayAsChar# m 0# 'Q'#)
  >> dump mba 0# 48#
  >> st (writeWord8ArrayAsDouble# m 3# 1.25##) >> pD (readWord8ArrayAsDouble# m 3#)
  >> st (writeWord8ArrayAsFloat# m 13# 0.75#) >> pF (readWord8ArrayAsFloat# m 13#)
  >> st (writeWord8ArrayAsWideChar# m 29# '\x1f600'#) >> pC (readWord8ArrayAsWideChar# m 29#)
  >> freeze mba >>= \(BA b) ->
  print_int (I# (indexWord8ArrayAsInt16# b 1#)) >> print_int (I# (indexWord8ArrayAsInt32# b 17#))
  >> print_int (I# (indexWord8ArrayAsInt64# b 9#)) >> print_int (I# (indexWord8ArrayAsInt# b 33#))
  >> print_word (W# (indexWord8ArrayAsWord16# b 19#)) >> print_word (W# (indexWord8ArrayAsWord32# b 21#))
  >> print_word (W# (indexWord8ArrayAsWord64# b 25#)) >> print_word (W# (indexWord8ArrayAsWord# b 41#))
  >> print_double (D# (indexWord8ArrayAsDouble# b 3#)) >> print_double (D# (float2Double# (indexWord8ArrayAsFloat# b 13#)))
  >> print_int (I# (ord# (indexWord8ArrayAsChar# b 0#))) >> print_int (I# (ord# (indexWord8ArrayAsWideChar# b 29#)))

resizing :: IO ()
resizing = new 40# >>= \mba@(MBA m) ->
  label "shrink and resize"# >> iota mba 40#
  >> st (shrinkMutableByteArray# m 24#) >> pI (getSizeofMutableByteArray# m) >> dump mba 20# 4#
  >> IO (\s -> case resizeMutableByteArray# m 4000# s of (# s1, r #) -> (# s1, MBA r #)) >>= \big@(MBA r) ->
  pI (getSizeofMutableByteArray# r) >> dump big 0# 24#
  >> st (setByteArray# r 24# 3976# 7#) >> pW (readWord8Array# r 3999#)
  >> IO (\s -> case resizeMutableByteArray# r 10# s of (# s1, t #) -> (# s1, MBA t #)) >>= \small@(MBA t) ->
  pI (getSizeofMutableByteArray# t) >> dump small 0# 10#

-- setByteArray# uses the low byte of its value (given at run time: a literal above 255 makes
-- GHC's assembler warn).
{-# NOINLINE fillByte #-}
fillByte :: Int
fillByte = I# 0x141#

fill :: MBA -> Int# -> Int# -> Int -> IO ()
fill (MBA m) off n (I# c) = st (setByteArray# m off n c)

copies :: IO ()
copies = new 32# >>= \a@(MBA am) -> new 32# >>= \b@(MBA bm) -> newPinned 32# >>= \p@(MBA pm) ->
  label "set and copy"# >> iota a 32# >> st (setByteArray# bm 0# 32# 0xee#)
  >> fill b 4# 3# fillByte >> dump b 0# 8#
  >> freeze a >>= \(BA ab) -> st (copyByteArray# ab 10# bm 8# 6#) >> dump b 6# 10#
  >> st (copyMutableByteArray# am 0# bm 20# 5#) >> dump b 18# 8#
  -- overlapping, forwards and backwards
  >> st (copyMutableByteArray# am 0# am 3# 10#) >> dump a 0# 14#
  >> iota a 32# >> st (copyMutableByteArray# am 5# am 1# 10#) >> dump a 0# 12#
  -- through Addr#
  >> st (setByteArray# pm 0# 32# 0#) >> freeze p >>= \(BA pb) ->
  st (copyByteArrayToAddr# ab 16# (byteArrayContents# pb) 2#) >> dump p 0# 6#
  >> st (copyMutableByteArrayToAddr# am 20# (plusAddr# (byteArrayContents# pb) 8#) 3#) >> dump p 6# 6#
  >> st (copyAddrToByteArray# "hello"# bm 0# 5#) >> dump b 0# 6#
  >> st (copyAddrToByteArray# (byteArrayContents# pb) am 0# 12#) >> dump a 0# 12#
  >> st (touch# pb)

compares :: IO ()
compares = new 16# >>= \a@(MBA am) -> new 16# >>= \b@(MBA bm) ->
  label "compare"# >> iota a 16# >> iota b 16# >> st (writeWord8Array# bm 9# 200##)
  >> freeze a >>= \(BA x) -> freeze b >>= \(BA y) ->
  print_int (sign (compareByteArrays# x 0# y 0# 16#)) >> print_int (sign (compareByteArrays# x 0# y 0# 9#))
  >> print_int (sign (compareByteArrays# y 0# x 0# 16#)) >> print_int (sign (compareByteArrays# x 1# y 0# 4#))
  >> print_int (sign (compareByteArrays# x 0# y 1# 4#)) >> print_int (sign (compareByteArrays# x 3# x 3# 0#))
  >> print_int (sign (compareByteArrays# x 10# y 10# 6#))

atomics :: IO ()
atomics = new 32# >>= \(MBA m) ->
  label "atomics"# >> st (setByteArray# m 0# 32# 0#)
  >> st (atomicWriteIntArray# m 1# 100#) >> pI (atomicReadIntArray# m 1#)
  >> pI (casIntArray# m 1# 100# 200#) >> pI (readIntArray# m 1#)
  >> pI (casIntArray# m 1# 100# 300#) >> pI (readIntArray# m 1#)
  >> pI (fetchAddIntArray# m 1# 5#) >> pI (fetchSubIntArray# m 1# 10#) >> pI (readIntArray# m 1#)
  >> pI (fetchAndIntArray# m 1# 0xf0#) >> pI (fetchOrIntArray# m 1# 0x0f#) >> pI (fetchXorIntArray# m 1# 0xff#)
  >> pI (fetchNandIntArray# m 1# 0x3c#) >> pI (readIntArray# m 1#)
  >> st (writeIntArray# m 2# 9223372036854775807#) >> pI (fetchAddIntArray# m 2# 1#) >> pI (atomicReadIntArray# m 2#)

main :: IO ()
main = sizes >> elements >> unaligned >> resizing >> copies >> compares >> atomics
