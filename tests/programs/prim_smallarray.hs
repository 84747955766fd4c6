{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- SmallArray#, SmallMutableArray# primops.
-- SmallArray#/SmallMutableArray#: new, read/write, sizes, index, unsafe freeze/thaw, copy
-- (overlapping), clone, freeze/thaw (copies), casSmallArray#, sameSmallMutableArray#, empty
-- arrays, lazy elements never forced, shrinkSmallMutableArray#/getSizeofSmallMutableArray#.
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

data MA a = MA (SmallMutableArray# RealWorld a)
data A a = A (SmallArray# a)

st :: (S -> S) -> IO ()
st f = IO (\s -> (# f s, () #))

label :: Addr# -> IO ()
label l = print_string l >> print_string "\n"#

newA :: Int# -> a -> IO (MA a)
newA n x = IO (\s -> case newSmallArray# n x s of (# s1, m #) -> (# s1, MA m #))

rd :: MA a -> Int# -> IO a
rd (MA m) i = IO (readSmallArray# m i)

wr :: MA a -> Int# -> a -> IO ()
wr (MA m) i x = st (writeSmallArray# m i x)

freeze :: MA a -> IO (A a)
freeze (MA m) = IO (\s -> case unsafeFreezeSmallArray# m s of (# s1, a #) -> (# s1, A a #))

thaw :: A a -> IO (MA a)
thaw (A a) = IO (\s -> case unsafeThawSmallArray# a s of (# s1, m #) -> (# s1, MA m #))

idx :: A a -> Int# -> a
idx (A a) i = case indexSmallArray# a i of (# x #) -> x

-- Prints elements i..j-1 of a mutable array of Ints.
dumpM :: MA Int -> Int# -> Int# -> IO ()
dumpM m i j = case i >=# j of
  1# -> done
  _ -> rd m i >>= print_int >> dumpM m (i +# 1#) j

dumpA :: A Int -> IO ()
dumpA a@(A arr) = go 0#
  where
    n = sizeofSmallArray# arr
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
  print_int (I# (sizeofSmallMutableArray# mm)) >> dumpM m 0# 3#
  >> fillM m 10# 3# >> dumpM m 0# 10#
  >> freeze m >>= \a@(A aa) -> print_int (I# (sizeofSmallArray# aa)) >> print_int (idx a 9#)
  >> thaw a >>= \m2 -> wr m2 0# (I# 100#) >> print_int (idx a 0#)
  >> newA 0# (I# 0#) >>= \(MA e) -> print_int (I# (sizeofSmallMutableArray# e))
  >> freeze (MA e) >>= \(A ea) -> print_int (I# (sizeofSmallArray# ea))
  >> newA 3# (I# 1#) >>= \(MA o) -> print_int (I# (sameSmallMutableArray# mm mm)) >> print_int (I# (sameSmallMutableArray# mm o))

copies :: IO ()
copies =
  label "copies"#
  >> newA 12# (I# 0#) >>= \m@(MA mm) -> fillM m 12# 1#
  >> freeze m >>= \(A src) -> newA 12# (I# (-1#)) >>= \d@(MA dm) ->
  st (copySmallArray# src 2# dm 5# 4#) >> dumpM d 0# 12#
  >> newA 12# (I# 0#) >>= \o@(MA om) -> fillM o 12# 1#
  >> st (copySmallMutableArray# om 0# om 3# 6#) >> dumpM o 0# 12#
  >> fillM o 12# 1# >> st (copySmallMutableArray# om 4# om 1# 6#) >> dumpM o 0# 12#
  >> st (copySmallMutableArray# om 0# dm 0# 2#) >> dumpM d 0# 3#
  >> A (cloneSmallArray# src 3# 4#) `seqIO` \c -> dumpA c
  >> IO (\s -> case cloneSmallMutableArray# om 6# 3# s of (# s1, c #) -> (# s1, MA c #)) >>= \c ->
  wr c 0# (I# 99#) >> dumpM c 0# 3# >> dumpM o 5# 8#
  >> IO (\s -> case freezeSmallArray# om 2# 5# s of (# s1, f #) -> (# s1, A f #)) >>= \f ->
  wr o 2# (I# 1000#) >> dumpA f
  >> IO (\s -> case thawSmallArray# src 0# 3# s of (# s1, t #) -> (# s1, MA t #)) >>= \t ->
  wr t 1# (I# 555#) >> dumpM t 0# 3# >> print_int (idx (A src) 1#)

seqIO :: a -> (a -> IO b) -> IO b
seqIO x f = f x

cas :: IO ()
cas =
  label "casSmallArray"#
  >> newA 4# (I# 0#) >>= \m@(MA mm) -> fillM m 4# 10#
  >> rd m 2# >>= \cur ->
  IO (\s -> case casSmallArray# mm 2# cur (I# 77#) s of
        (# s1, flag, v #) -> (# s1, (I# flag, v) #)) >>= \(flag, v) ->
  print_int flag >> print_int v >> dumpM m 0# 4#
  >> IO (\s -> case casSmallArray# mm 2# cur (I# 88#) s of
        (# s1, flag2, v2 #) -> (# s1, (I# flag2, v2) #)) >>= \(flag2, v2) ->
  print_int flag2 >> print_int v2 >> dumpM m 0# 4#
  -- An equal but different box does not match.
  >> IO (\s -> case casSmallArray# mm 3# (I# 30#) (I# 99#) s of
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

shrinking :: IO ()
shrinking =
  label "shrink"#
  >> newA 8# (I# 0#) >>= \m@(MA mm) -> fillM m 8# 5#
  >> IO (\s -> case getSizeofSmallMutableArray# mm s of (# s1, n #) -> (# s1, I# n #)) >>= print_int
  >> st (shrinkSmallMutableArray# mm 3#)
  >> IO (\s -> case getSizeofSmallMutableArray# mm s of (# s1, n #) -> (# s1, I# n #)) >>= print_int
  >> dumpM m 0# 3#
  >> freeze m >>= \a -> dumpA a
  >> st (shrinkSmallMutableArray# mm 0#)
  >> IO (\s -> case getSizeofSmallMutableArray# mm s of (# s1, n #) -> (# s1, I# n #)) >>= print_int

main :: IO ()
main = basics >> copies >> cas >> lazyElems >> shrinking
