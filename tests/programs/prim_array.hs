{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Array#, MutableArray#, ArrayArray# primops.
-- Array#/MutableArray#: new, read/write, sizes, index, unsafe freeze/thaw, copy (overlapping),
-- clone, freeze/thaw (copies), casArray# (success and failure), sameMutableArray#, empty
-- arrays, lazy elements that are never forced; ArrayArray#/MutableArrayArray#.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixl 1 >>, >>=
(>>) :: IO a -> IO b -> IO b
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

(>>=) :: IO a -> (a -> IO b) -> IO b
IO a >>= f = IO (\s -> case a s of (# s1, x #) -> case f x of IO b -> b s1)

return :: a -> IO a
return x = IO (\s -> (# s, x #))

done :: IO ()
done = return ()

type S = State# RealWorld

data MA a = MA (MutableArray# RealWorld a)
data A a = A (Array# a)

st :: (S -> S) -> IO ()
st f = IO (\s -> (# f s, () #))

label :: Addr# -> IO ()
label l = print_string l >> print_string "\n"#

newA :: Int# -> a -> IO (MA a)
newA n x = IO (\s -> case newArray# n x s of (# s1, m #) -> (# s1, MA m #))

rd :: MA a -> Int# -> IO a
rd (MA m) i = IO (readArray# m i)

wr :: MA a -> Int# -> a -> IO ()
wr (MA m) i x = st (writeArray# m i x)

freeze :: MA a -> IO (A a)
freeze (MA m) = IO (\s -> case unsafeFreezeArray# m s of (# s1, a #) -> (# s1, A a #))

thaw :: A a -> IO (MA a)
thaw (A a) = IO (\s -> case unsafeThawArray# a s of (# s1, m #) -> (# s1, MA m #))

idx :: A a -> Int# -> a
idx (A a) i = case indexArray# a i of (# x #) -> x

-- Prints elements i..j-1 of a mutable array of Ints.
dumpM :: MA Int -> Int# -> Int# -> IO ()
dumpM m i j = case i >=# j of
  1# -> done
  _ -> rd m i >>= print_int >> dumpM m (i +# 1#) j

dumpA :: A Int -> IO ()
dumpA a@(A arr) = go 0#
  where
    n = sizeofArray# arr
    go i = case i >=# n of
      1# -> done
      _ -> print_int (idx a i) >> go (i +# 1#)

fillM :: MA Int -> Int# -> Int# -> IO ()
fillM m n k = go 0#
  where
    go i = case i >=# n of
      1# -> done
      _ -> wr m i (I# (i *# k)) >> go (i +# 1#)

{-# NOINLINE bomb #-}
bomb :: Int -> Int
bomb (I# n) = raise# (I# n)

basics :: IO ()
basics =
  label "basics"#
  >> newA 10# (I# 7#) >>= \m@(MA mm) ->
  print_int (I# (sizeofMutableArray# mm)) >> dumpM m 0# 3#
  >> fillM m 10# 3# >> dumpM m 0# 10#
  >> freeze m >>= \a@(A aa) -> print_int (I# (sizeofArray# aa)) >> print_int (idx a 9#)
  >> thaw a >>= \m2 -> wr m2 0# (I# 100#) >> print_int (idx a 0#)
  >> newA 0# (I# 0#) >>= \(MA e) -> print_int (I# (sizeofMutableArray# e))
  >> freeze (MA e) >>= \(A ea) -> print_int (I# (sizeofArray# ea))
  >> newA 3# (I# 1#) >>= \(MA o) -> print_int (I# (sameMutableArray# mm mm)) >> print_int (I# (sameMutableArray# mm o))

copies :: IO ()
copies =
  label "copies"#
  >> newA 12# (I# 0#) >>= \m@(MA mm) -> fillM m 12# 1#
  >> freeze m >>= \(A src) -> newA 12# (I# (-1#)) >>= \d@(MA dm) ->
  st (copyArray# src 2# dm 5# 4#) >> dumpM d 0# 12#
  >> newA 12# (I# 0#) >>= \o@(MA om) -> fillM o 12# 1#
  >> st (copyMutableArray# om 0# om 3# 6#) >> dumpM o 0# 12#
  >> fillM o 12# 1# >> st (copyMutableArray# om 4# om 1# 6#) >> dumpM o 0# 12#
  >> st (copyMutableArray# om 0# dm 0# 2#) >> dumpM d 0# 3#
  >> A (cloneArray# src 3# 4#) `seqIO` \c -> dumpA c
  >> IO (\s -> case cloneMutableArray# om 6# 3# s of (# s1, c #) -> (# s1, MA c #)) >>= \c ->
  wr c 0# (I# 99#) >> dumpM c 0# 3# >> dumpM o 5# 8#
  >> IO (\s -> case freezeArray# om 2# 5# s of (# s1, f #) -> (# s1, A f #)) >>= \f ->
  wr o 2# (I# 1000#) >> dumpA f
  >> IO (\s -> case thawArray# src 0# 3# s of (# s1, t #) -> (# s1, MA t #)) >>= \t ->
  wr t 1# (I# 555#) >> dumpM t 0# 3# >> print_int (idx (A src) 1#)

seqIO :: a -> (a -> IO b) -> IO b
seqIO x f = f x

cas :: IO ()
cas =
  label "casArray"#
  >> newA 4# (I# 0#) >>= \m@(MA mm) -> fillM m 4# 10#
  >> rd m 2# >>= \cur ->
  IO (\s -> case casArray# mm 2# cur (I# 77#) s of
        (# s1, flag, v #) -> (# s1, (I# flag, v) #)) >>= \(flag, v) ->
  print_int flag >> print_int v >> dumpM m 0# 4#
  >> IO (\s -> case casArray# mm 2# cur (I# 88#) s of
        (# s1, flag2, v2 #) -> (# s1, (I# flag2, v2) #)) >>= \(flag2, v2) ->
  print_int flag2 >> print_int v2 >> dumpM m 0# 4#
  -- An equal but different box does not match.
  >> IO (\s -> case casArray# mm 3# (I# 30#) (I# 99#) s of
        (# s1, flag3, v3 #) -> (# s1, (I# flag3, v3) #)) >>= \(flag3, v3) ->
  print_int flag3 >> print_int v3 >> dumpM m 0# 4#

lazyElems :: IO ()
lazyElems =
  label "lazy elements"#
  >> newA 5# (bomb (I# 1#)) >>= \m ->
  wr m 1# (I# 11#) >> wr m 3# (bomb (I# 2#)) >> rd m 1# >>= print_int
  >> freeze m >>= \a -> print_int (idx a 1#)
  -- Elements are stored unevaluated; a function-valued array.
  >> newA 3# (\x -> x) >>= \fs -> wr fs 1# (\(I# x) -> I# (x *# 2#)) >> wr fs 2# (\(I# x) -> I# (x +# 100#))
  >> rd fs 0# >>= \f0 -> rd fs 1# >>= \f1 -> rd fs 2# >>= \f2 -> print_int (f2 (f1 (f0 (I# 21#))))

-- ArrayArray#: arrays of unlifted arrays.
data MAA = MAA (MutableArrayArray# RealWorld)

arrayArrays :: IO ()
arrayArrays =
  label "ArrayArray"#
  >> IO (\s -> case newArrayArray# 3# s of (# s1, m #) -> (# s1, MAA m #)) >>= \(MAA aa) ->
  IO (\s -> case newByteArray# 16# s of
        (# s1, b #) -> case writeIntArray# b 0# 4242# s1 of
          s2 -> case writeIntArray# b 1# 17# s2 of
            s3 -> case unsafeFreezeByteArray# b s3 of
              (# s4, fb #) -> case writeByteArrayArray# aa 0# fb s4 of
                s5 -> case writeMutableByteArrayArray# aa 1# b s5 of
                  s6 -> (# s6, () #))
  >> IO (\s -> case newArrayArray# 2# s of
        (# s1, inner #) -> case unsafeFreezeArrayArray# inner s1 of
          (# s2, finner #) -> case writeArrayArrayArray# aa 2# finner s2 of
            s3 -> (# s3, () #))
  >> IO (\s -> case readByteArrayArray# aa 0# s of
        (# s1, fb #) -> case readMutableByteArrayArray# aa 1# s1 of
          (# s2, b #) -> case readIntArray# b 1# s2 of
            (# s3, x #) -> case readArrayArrayArray# aa 2# s3 of
              (# s4, inner #) -> (# s4, (I# (indexIntArray# fb 0#), I# x, I# (sizeofArrayArray# inner)) #))
  >>= \(a, b, c) -> print_int a >> print_int b >> print_int c
  >> print_int (I# (sizeofMutableArrayArray# aa)) >> print_int (I# (sameMutableArrayArray# aa aa))
  >> IO (\s -> case newArrayArray# 3# s of
        (# s1, dst #) -> case copyMutableArrayArray# aa 0# dst 1# 2# s1 of
          s2 -> case readByteArrayArray# dst 1# s2 of
            (# s3, fb #) -> case unsafeFreezeArrayArray# aa s3 of
              (# s4, faa #) -> case copyArrayArray# faa 0# dst 0# 1# s4 of
                s5 -> case unsafeFreezeArrayArray# dst s5 of
                  (# s6, fdst #) -> case indexByteArrayArray# fdst 0# of
                    fb0 -> case writeMutableArrayArrayArray# dst 2# dst s6 of
                      s7 -> case readMutableArrayArrayArray# dst 2# s7 of
                        (# s8, self #) -> (# s8, (I# (indexIntArray# fb 0#), I# (indexIntArray# fb0 1#), I# (sameMutableArrayArray# self dst)) #))
  >>= \(a, b, c) -> print_int a >> print_int b >> print_int c
  >> IO (\s -> case unsafeFreezeArrayArray# aa s of
        (# s1, f #) -> case indexArrayArrayArray# f 2# of
          inner -> (# s1, I# (sizeofArrayArray# inner) #)) >>= print_int

main :: IO ()
main = basics >> copies >> cas >> lazyElems >> arrayArrays
