{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- ByteArray#/MutableByteArray# and Addr# primops: every element type, aligned and unaligned
-- (Word8ArrayAs…), copies, set, compare, shrink/resize, pinned arrays, atomics, Addr# writes
-- and comparisons, StablePtr# elements, prefetching and tracing (no-ops).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_word" print_word :: Word -> IO ()
foreign import ccall unsafe "print_double" print_double :: Double -> IO ()

infixl 1 >>
(>>) :: IO a -> IO b -> IO b
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

st :: (State# RealWorld -> State# RealWorld) -> IO ()
st f = IO (\s -> (# f s, () #))

done :: IO ()
done = IO (\s -> (# s, () #))

pi_ :: Int# -> IO ()
pi_ i = print_int (I# i)
pw :: Word# -> IO ()
pw w = print_word (W# w)
pd :: Double# -> IO ()
pd d = print_double (D# d)

loop :: Int -> Int -> (Int -> IO ()) -> IO ()
loop (I# i) (I# n) f = case i >=# n of
  1# -> done
  _ -> f (I# i) >> loop (I# (i +# 1#)) (I# n) f

-- Fills bytes [0, n) with a pattern.
fill :: MutableByteArray# RealWorld -> Int# -> IO ()
fill mba n = IO (\s -> let go i s' = case i >=# n of
                                       1# -> s'
                                       _ -> go (i +# 1#) (writeWord8Array# mba i (int2Word# (andI# (i *# 37# +# 11#) 255#)) s')
                       in (# go 0# s, () #))

-- Prints every element-type view of the array at index i.
views :: MutableByteArray# RealWorld -> Int# -> IO ()
views m i = IO (\s0 -> case readCharArray# m i s0 of { (# s1, c #) ->
  case readWideCharArray# m i s1 of { (# s2, wc #) ->
  case readIntArray# m i s2 of { (# s3, x #) ->
  case readWordArray# m i s3 of { (# s4, w #) ->
  case readInt8Array# m i s4 of { (# s5, i8 #) ->
  case readInt16Array# m i s5 of { (# s6, i16 #) ->
  case readInt32Array# m i s6 of { (# s7, i32 #) ->
  case readInt64Array# m i s7 of { (# s8, i64 #) ->
  case readWord8Array# m i s8 of { (# s9, w8 #) ->
  case readWord16Array# m i s9 of { (# s10, w16 #) ->
  case readWord32Array# m i s10 of { (# s11, w32 #) ->
  case readWord64Array# m i s11 of { (# s12, w64 #) ->
  case readFloatArray# m i s12 of { (# s13, f #) ->
  case readDoubleArray# m i s13 of { (# s14, d #) ->
  case readAddrArray# m i s14 of { (# s15, a #) ->
  case readWord8ArrayAsInt16# m i s15 of { (# s16, u16 #) ->
  case readWord8ArrayAsInt32# m i s16 of { (# s17, u32 #) ->
  case readWord8ArrayAsInt64# m i s17 of { (# s18, u64 #) ->
  case readWord8ArrayAsWord16# m i s18 of { (# s19, v16 #) ->
  case readWord8ArrayAsWord32# m i s19 of { (# s20, v32 #) ->
  case readWord8ArrayAsWord# m i s20 of { (# s21, vw #) ->
  case readWord8ArrayAsChar# m i s21 of { (# s22, vc #) ->
  case readWord8ArrayAsWideChar# m i s22 of { (# s23, vwc #) ->
  case readWord8ArrayAsInt# m i s23 of { (# s24, vi #) ->
  case readWord8ArrayAsDouble# m i s24 of { (# s25, vd #) ->
  case readWord8ArrayAsFloat# m i s25 of { (# s26, vf #) ->
  case readWord8ArrayAsAddr# m i s26 of { (# s27, va #) ->
  case readWord8ArrayAsWord64# m i s27 of { (# s28, v64 #) ->
  case (pi_ (ord# c) >> pi_ (ord# wc) >> pi_ x >> pw w >> pi_ i8 >> pi_ i16 >> pi_ i32 >> pi_ i64
        >> pw w8 >> pw w16 >> pw w32 >> pw w64 >> pd (float2Double# f) >> pd d >> pi_ (minusAddr# a nullAddr#)
        >> pi_ u16 >> pi_ u32 >> pi_ u64 >> pw v16 >> pw v32 >> pw vw >> pi_ (ord# vc) >> pi_ (ord# vwc) >> pi_ vi
        >> pd vd >> pd (float2Double# vf) >> pi_ (minusAddr# va nullAddr#) >> pw v64) of
    IO f -> f s28 }}}}}}}}}}}}}}}}}}}}}}}}}}}})

-- Same through the frozen array (index*) and through Addr# (pinned).
iviews :: ByteArray# -> Int# -> IO ()
iviews b i = pi_ (ord# (indexCharArray# b i)) >> pi_ (ord# (indexWideCharArray# b i)) >> pi_ (indexIntArray# b i)
  >> pw (indexWordArray# b i) >> pi_ (indexInt8Array# b i) >> pi_ (indexInt16Array# b i) >> pi_ (indexInt32Array# b i)
  >> pi_ (indexInt64Array# b i) >> pw (indexWord8Array# b i) >> pw (indexWord16Array# b i) >> pw (indexWord32Array# b i)
  >> pw (indexWord64Array# b i) >> pd (float2Double# (indexFloatArray# b i)) >> pd (indexDoubleArray# b i)
  >> pi_ (indexWord8ArrayAsInt16# b i) >> pi_ (indexWord8ArrayAsInt32# b i) >> pi_ (indexWord8ArrayAsInt64# b i)
  >> pw (indexWord8ArrayAsWord16# b i) >> pw (indexWord8ArrayAsWord32# b i) >> pw (indexWord8ArrayAsWord64# b i)
  >> pw (indexWord8ArrayAsWord# b i) >> pi_ (indexWord8ArrayAsInt# b i) >> pi_ (ord# (indexWord8ArrayAsChar# b i))
  >> pi_ (ord# (indexWord8ArrayAsWideChar# b i)) >> pd (indexWord8ArrayAsDouble# b i) >> pd (float2Double# (indexWord8ArrayAsFloat# b i))

aviews :: Addr# -> Int# -> IO ()
aviews a i = pi_ (ord# (indexCharOffAddr# a i)) >> pi_ (ord# (indexWideCharOffAddr# a i)) >> pi_ (indexIntOffAddr# a i)
  >> pw (indexWordOffAddr# a i) >> pi_ (indexInt8OffAddr# a i) >> pi_ (indexInt16OffAddr# a i) >> pi_ (indexInt32OffAddr# a i)
  >> pi_ (indexInt64OffAddr# a i) >> pw (indexWord8OffAddr# a i) >> pw (indexWord16OffAddr# a i) >> pw (indexWord32OffAddr# a i)
  >> pw (indexWord64OffAddr# a i) >> pd (float2Double# (indexFloatOffAddr# a i)) >> pd (indexDoubleOffAddr# a i)
  >> IO (\s -> case readInt32OffAddr# a i s of (# s1, x #) -> case readWord16OffAddr# a i s1 of (# s2, y #) -> case readDoubleOffAddr# a i s2 of (# s3, d #) -> case readCharOffAddr# a i s3 of (# s4, c #) -> case readWideCharOffAddr# a i s4 of (# s5, wc #) -> case readInt8OffAddr# a i s5 of (# s6, i8 #) -> case readWord64OffAddr# a i s6 of (# s7, w64 #) -> case readFloatOffAddr# a i s7 of (# s8, f #) -> case readIntOffAddr# a i s8 of (# s9, n #) -> case readWordOffAddr# a i s9 of (# s10, w #) -> case readInt16OffAddr# a i s10 of (# s11, i16 #) -> case readInt64OffAddr# a i s11 of (# s12, i64 #) -> case readWord8OffAddr# a i s12 of (# s13, w8 #) -> case readWord32OffAddr# a i s13 of (# s14, w32 #) -> case (pi_ x >> pw y >> pd d >> pi_ (ord# c) >> pi_ (ord# wc) >> pi_ i8 >> pw w64 >> pd (float2Double# f) >> pi_ n >> pw w >> pi_ i16 >> pi_ i64 >> pw w8 >> pw w32) of IO g -> g s14)

-- Writes of every type, then a dump of the bytes.
writes :: MutableByteArray# RealWorld -> IO ()
writes m = st (writeCharArray# m 0# 'z'#)
  >> st (writeWideCharArray# m 1# '\x10ffff'#)
  >> st (writeInt16Array# m 4# -2#)
  >> st (writeInt32Array# m 3# -123456#)
  >> st (writeInt64Array# m 2# -9223372036854775808#)
  >> st (writeWord8Array# m 30# 0x1ff##)
  >> st (writeWord16Array# m 16# 0x12345##)
  >> st (writeWord32Array# m 9# 0x123456789##)
  >> st (writeWord64Array# m 5# 0xfedcba9876543210##)
  >> st (writeFloatArray# m 12# 1.5e-3#)
  >> st (writeDoubleArray# m 7# -2.5e300##)
  >> st (writeIntArray# m 8# 77#)
  >> st (writeWordArray# m 9# 88##)
  >> st (writeInt8Array# m 1# -1#)
  >> st (writeWord8ArrayAsInt32# m 81# -5#)
  >> st (writeWord8ArrayAsWord64# m 87# 0x0102030405060708##)
  >> st (writeWord8ArrayAsDouble# m 97# 3.25##)
  >> st (writeWord8ArrayAsInt16# m 107# 0x7f7f#)
  >> st (writeWord8ArrayAsChar# m 110# 'Q'#)
  >> st (writeWord8ArrayAsWideChar# m 111# 'λ'#)
  >> st (writeWord8ArrayAsFloat# m 115# -0.0#)
  >> st (writeWord8ArrayAsWord16# m 119# 0xbeef##)
  >> st (writeWord8ArrayAsWord32# m 121# 0xcafebabe##)
  >> st (writeWord8ArrayAsInt64# m 125# -3#)
  >> st (writeWord8ArrayAsInt# m 133# 5#)
  >> st (writeWord8ArrayAsWord# m 141# 6##)
  >> st (writeWord8ArrayAsAddr# m 149# nullAddr#)
  >> st (writeAddrArray# m 20# (plusAddr# nullAddr# 1234#))

dump :: MutableByteArray# RealWorld -> Int# -> IO ()
dump m n = loop 0 (I# n) (\(I# i) -> IO (\s -> case readWord8Array# m i s of (# s1, w #) -> case pw w of IO f -> f s1))

main :: IO ()
main = addrOps >> IO (\s0 -> case newByteArray# 200# s0 of { (# s1, m #) ->
  case fill m 200# of { IO f1 -> case f1 s1 of { (# s2, _ #) ->
  case (loop 0 20 (\(I# i) -> views m i)) of { IO f2 -> case f2 s2 of { (# s3, _ #) ->
  case unsafeFreezeByteArray# m s3 of { (# s4, b #) ->
  case (loop 0 20 (\(I# i) -> iviews b i) >> pi_ (sizeofByteArray# b) >> pi_ (sizeofMutableByteArray# m)) of { IO f3 -> case f3 s4 of { (# s5, _ #) ->
  case newPinnedByteArray# 64# s5 of { (# s6, pm #) ->
  case fill pm 64# of { IO f4 -> case f4 s6 of { (# s7, _ #) ->
  case unsafeFreezeByteArray# pm s7 of { (# s8, pb #) ->
  case (pi_ (isByteArrayPinned# pb) >> pi_ (isMutableByteArrayPinned# pm) >> pi_ (isMutableByteArrayPinned# m)
        >> pi_ (remAddr# (byteArrayContents# pb) 16#)
        >> loop 0 8 (\(I# i) -> aviews (byteArrayContents# pb) i)) of { IO f5 -> case f5 s8 of { (# s9, _ #) ->
  case newAlignedPinnedByteArray# 100# 256# s9 of { (# s10, am #) ->
  case unsafeFreezeByteArray# am s10 of { (# s11, ab #) ->
  case (pi_ (remAddr# (byteArrayContents# ab) 256#) >> pi_ (sizeofByteArray# ab)) of { IO f6 -> case f6 s11 of { (# s12, _ #) ->
  case newByteArray# 160# s12 of { (# s13, w #) ->
  case setByteArray# w 0# 160# 0xa5# s13 of { s14 ->
  case writes w of { IO f7 -> case f7 s14 of { (# s15, _ #) ->
  case dump w 160# of { IO f8 -> case f8 s15 of { (# s16, _ #) ->
  -- copies
  case copyByteArray# b 3# w 10# 20# s16 of { s17 ->
  case copyMutableByteArray# w 0# w 5# 40# s17 of { s18 ->
  case copyMutableByteArray# w 50# w 45# 40# s18 of { s19 ->
  case copyByteArrayToAddr# b 7# (byteArrayContents# pb) 8# s19 of { s20 ->
  case copyMutableByteArrayToAddr# w 60# (plusAddr# (byteArrayContents# pb) 20#) 8# s20 of { s21 ->
  case copyAddrToByteArray# (byteArrayContents# pb) w 100# 40# s21 of { s22 ->
  case setByteArray# w 150# 5# 0x3c# s22 of { s23 ->
  case dump w 160# of { IO f9 -> case f9 s23 of { (# s24, _ #) ->
  case unsafeFreezeByteArray# w s24 of { (# s25, wb #) ->
  case (pi_ (compareByteArrays# wb 0# wb 0# 50#) >> pi_ (signum (compareByteArrays# wb 0# b 0# 10#))
        >> pi_ (signum (compareByteArrays# b 0# wb 0# 10#)) >> pi_ (compareByteArrays# b 5# b 5# 0#)
        >> pi_ (signum (compareByteArrays# wb 10# b 3# 20#))) of { IO f10 -> case f10 s25 of { (# s26, _ #) ->
  -- shrink, resize
  case shrinkMutableByteArray# w 33# s26 of { s27 ->
  case getSizeofMutableByteArray# w s27 of { (# s28, n1 #) ->
  case resizeMutableByteArray# w 20# s28 of { (# s29, w2 #) ->
  case getSizeofMutableByteArray# w2 s29 of { (# s30, n2 #) ->
  case resizeMutableByteArray# w2 1000# s30 of { (# s31, w3 #) ->
  case getSizeofMutableByteArray# w3 s31 of { (# s32, n3 #) ->
  case (pi_ n1 >> pi_ n2 >> pi_ n3 >> pi_ (sameMutableByteArray# w w2) >> pi_ (sameMutableByteArray# w w)) of { IO f11 -> case f11 s32 of { (# s33, _ #) ->
  case dump w3 20# of { IO f12 -> case f12 s33 of { (# s34, _ #) ->
  -- atomics
  case writeIntArray# w3 1# 100# s34 of { s35 ->
  case fetchAddIntArray# w3 1# 5# s35 of { (# s36, a1 #) ->
  case fetchSubIntArray# w3 1# 7# s36 of { (# s37, a2 #) ->
  case fetchAndIntArray# w3 1# 0xfc# s37 of { (# s38, a3 #) ->
  case fetchNandIntArray# w3 1# 0x0f# s38 of { (# s39, a4 #) ->
  case fetchOrIntArray# w3 1# 0x100# s39 of { (# s40, a5 #) ->
  case fetchXorIntArray# w3 1# 0xff# s40 of { (# s41, a6 #) ->
  case casIntArray# w3 1# 0# 1# s41 of { (# s42, a7 #) ->
  case atomicReadIntArray# w3 1# s42 of { (# s43, a8 #) ->
  case casIntArray# w3 1# a8 42# s43 of { (# s44, a9 #) ->
  case atomicWriteIntArray# w3 2# 9# s44 of { s45 ->
  case atomicReadIntArray# w3 1# s45 of { (# s46, a10 #) ->
  case atomicReadIntArray# w3 2# s46 of { (# s47, a11 #) ->
  case atomicExchangeWordAddr# (byteArrayContents# pb) 77## s47 of { (# s48, a12 #) ->
  case atomicCasWordAddr# (byteArrayContents# pb) 77## 78## s48 of { (# s49, a13 #) ->
  case atomicCasWordAddr# (byteArrayContents# pb) 77## 79## s49 of { (# s50, a14 #) ->
  case atomicExchangeAddrAddr# (byteArrayContents# pb) nullAddr# s50 of { (# s51, a15 #) ->
  case atomicCasAddrAddr# (byteArrayContents# pb) nullAddr# (plusAddr# nullAddr# 5#) s51 of { (# s52, a16 #) ->
  case (pi_ a1 >> pi_ a2 >> pi_ a3 >> pi_ a4 >> pi_ a5 >> pi_ a6 >> pi_ a7 >> pi_ a8 >> pi_ a9 >> pi_ a10 >> pi_ a11
        >> pw a12 >> pw a13 >> pw a14 >> pi_ (minusAddr# a15 nullAddr#) >> pi_ (minusAddr# a16 nullAddr#)
        >> pi_ (indexIntOffAddr# (byteArrayContents# pb) 0#)) of { IO f13 -> f13 s52 }
  }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}})

signum :: Int# -> Int#
signum x = (x ># 0#) -# (x <# 0#)

-- Writes through Addr# of every element type, read back; Addr# comparisons and conversions;
-- Addr# and StablePtr# elements of byte arrays; heap pointers as addresses.
addrOps :: IO ()
addrOps = IO (\s0 -> case newPinnedByteArray# 256# s0 of { (# s1, m #) ->
  case unsafeFreezeByteArray# m s1 of { (# s2, b #) ->
  case byteArrayContents# b of { a ->
  case (st (writeCharOffAddr# a 0# 'A'#) >> st (writeWideCharOffAddr# a 1# '\x1F600'#)
        >> st (writeIntOffAddr# a 1# -77#) >> st (writeWordOffAddr# a 2# 0xffffffffffffff00##)
        >> st (writeAddrOffAddr# a 3# (plusAddr# a 5#)) >> st (writeFloatOffAddr# a 8# -1.25e10#)
        >> st (writeDoubleOffAddr# a 5# 6.02214076e23##) >> st (writeInt8OffAddr# a 48# -100#)
        >> st (writeInt16OffAddr# a 25# -30000#) >> st (writeInt32OffAddr# a 13# -2000000000#)
        >> st (writeInt64OffAddr# a 7# -5#) >> st (writeWord8OffAddr# a 49# 250##)
        >> st (writeWord16OffAddr# a 26# 65000##) >> st (writeWord32OffAddr# a 14# 4000000000##)
        >> st (writeWord64OffAddr# a 8# 0x8000000000000001##)
        >> pi_ (ord# (indexCharOffAddr# a 0#)) >> pi_ (ord# (indexWideCharOffAddr# a 1#))
        >> pi_ (indexIntOffAddr# a 1#) >> pw (indexWordOffAddr# a 2#)
        >> pi_ (minusAddr# (indexAddrOffAddr# a 3#) a) >> pd (float2Double# (indexFloatOffAddr# a 8#))
        >> pd (indexDoubleOffAddr# a 5#) >> pi_ (indexInt8OffAddr# a 48#) >> pi_ (indexInt16OffAddr# a 25#)
        >> pi_ (indexInt32OffAddr# a 13#) >> pi_ (indexInt64OffAddr# a 7#) >> pw (indexWord8OffAddr# a 49#)
        >> pw (indexWord16OffAddr# a 26#) >> pw (indexWord32OffAddr# a 14#) >> pw (indexWord64OffAddr# a 8#)
        >> IO (\s -> case readAddrOffAddr# a 3# s of (# s', p #) -> (# s', I# (minusAddr# p a) #)) >>= pint
        >> pi_ (minusAddr# (indexAddrArray# b 3#) a) >> pi_ (minusAddr# (indexWord8ArrayAsAddr# b 24#) a)
        >> pi_ (minusAddr# (int2Addr# (addr2Int# a)) a)
        >> pi_ (gtAddr# a (plusAddr# a 1#) +# 2# *# geAddr# a a +# 4# *# eqAddr# a a +# 8# *# neAddr# a a
                +# 16# *# ltAddr# a (plusAddr# a 1#) +# 32# *# leAddr# (plusAddr# a 1#) a)
        >> IO (\s -> (# traceBinaryEvent# a 4# (prefetchAddr1# a 0# (prefetchAddr0# a 0# (prefetchAddr3# a 0#
                        (prefetchByteArray3# b 0# (prefetchByteArray2# b 0# (prefetchByteArray0# b 0#
                        (prefetchMutableByteArray2# m 0# (prefetchMutableByteArray1# m 0# s)))))))), () #))
        >> stablePtrs m b
        >> IO (\s -> case anyToAddr# (mkI 42#) s of (# s', p #) -> case addrToAny# p of (# v #) -> (# s', v #)) >>= pint
       ) of { IO f -> f s2 }}}})

stablePtrs :: MutableByteArray# RealWorld -> ByteArray# -> IO ()
stablePtrs m b = IO (\s -> case makeStablePtr# (mkI 7#) s of { (# s1, sp #) ->
  case writeStablePtrArray# m 2# sp s1 of { s2 ->
  case writeWord8ArrayAsStablePtr# m 41# sp s2 of { s3 ->
  case writeStablePtrOffAddr# (byteArrayContents# b) 8# sp s3 of { s4 ->
  case readStablePtrArray# m 2# s4 of { (# s5, p1 #) ->
  case readWord8ArrayAsStablePtr# m 41# s5 of { (# s6, p2 #) ->
  case readStablePtrOffAddr# (byteArrayContents# b) 8# s6 of { (# s7, p3 #) ->
  case deRefStablePtr# p1 s7 of { (# s8, v1 #) ->
  case deRefStablePtr# (indexStablePtrArray# b 2#) s8 of { (# s9, v2 #) ->
  case deRefStablePtr# (indexWord8ArrayAsStablePtr# b 41#) s9 of { (# s10, v3 #) ->
  case deRefStablePtr# (indexStablePtrOffAddr# (byteArrayContents# b) 8#) s10 of { (# s11, v4 #) ->
  case (pint v1 >> pint v2 >> pint v3 >> pint v4 >> pi_ (eqStablePtr# p1 p2 +# eqStablePtr# p2 p3)) of { IO f -> f s11 }}}}}}}}}}}})

{-# NOINLINE mkI #-}
mkI :: Int# -> Int
mkI x = I# (x +# 0#)

pint :: Int -> IO ()
pint = print_int

infixl 1 >>=
(>>=) :: IO a -> (a -> IO b) -> IO b
IO x >>= f = IO (\s -> case x s of (# s1, v #) -> case f v of IO g -> g s1)
