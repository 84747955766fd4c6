{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Array#, SmallArray#, ArrayArray#, MutVar# (incl. atomicModifyMutVar2#/_#, lazily), stable pointers and names, pointer equality,
-- and the primops that do nothing visible (touch#, noDuplicate#, prefetch…, par#, spark#).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixl 1 >>
(>>) :: IO a -> IO b -> IO b
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

infixl 1 >>=
(>>=) :: IO a -> (a -> IO b) -> IO b
IO a >>= f = IO (\s -> case a s of (# s1, x #) -> case f x of IO g -> g s1)

ret :: a -> IO a
ret x = IO (\s -> (# s, x #))

done :: IO ()
done = ret ()

pi_ :: Int# -> IO ()
pi_ i = print_int (I# i)

pint :: Int -> IO ()
pint = print_int

loop :: Int -> Int -> (Int -> IO ()) -> IO ()
loop (I# i) (I# n) f = case i >=# n of
  1# -> done
  _ -> f (I# i) >> loop (I# (i +# 1#)) (I# n) f

data MA = MA (MutableArray# RealWorld Int)
data A = A (Array# Int)
data SMA = SMA (SmallMutableArray# RealWorld Int)
data SA = SA (SmallArray# Int)
data MV = MV (MutVar# RealWorld Int)

newA :: Int -> Int -> IO MA
newA (I# n) x = IO (\s -> case newArray# n x s of (# s1, a #) -> (# s1, MA a #))
rd :: MA -> Int -> IO Int
rd (MA a) (I# i) = IO (\s -> readArray# a i s)
wr :: MA -> Int -> Int -> IO ()
wr (MA a) (I# i) x = IO (\s -> (# writeArray# a i x s, () #))
dumpA :: MA -> IO ()
dumpA m@(MA a) = pi_ (sizeofMutableArray# a) >> loop 0 (I# (sizeofMutableArray# a)) (\i -> rd m i >>= pint)
dumpF :: A -> IO ()
dumpF (A a) = pi_ (sizeofArray# a) >> loop 0 (I# (sizeofArray# a)) (\(I# i) -> case indexArray# a i of (# x #) -> pint x)

newS :: Int -> Int -> IO SMA
newS (I# n) x = IO (\s -> case newSmallArray# n x s of (# s1, a #) -> (# s1, SMA a #))
rdS :: SMA -> Int -> IO Int
rdS (SMA a) (I# i) = IO (\s -> readSmallArray# a i s)
wrS :: SMA -> Int -> Int -> IO ()
wrS (SMA a) (I# i) x = IO (\s -> (# writeSmallArray# a i x s, () #))
dumpS :: SMA -> IO ()
dumpS m@(SMA a) = IO (\s -> case getSizeofSmallMutableArray# a s of (# s1, n #) -> case (pi_ n >> pi_ (sizeofSmallMutableArray# a) >> loop 0 (I# n) (\i -> rdS m i >>= pint)) of IO f -> f s1)
dumpSF :: SA -> IO ()
dumpSF (SA a) = pi_ (sizeofSmallArray# a) >> loop 0 (I# (sizeofSmallArray# a)) (\(I# i) -> case indexSmallArray# a i of (# x #) -> pint x)

arrays :: IO ()
arrays =
  newA 10 7 >>= \m ->
  dumpA m >> loop 0 10 (\i -> wr m i (mul i 11)) >> dumpA m >>
  newA 10 0 >>= \m2@(MA a2) ->
  (case m of MA a -> IO (\s -> (# copyMutableArray# a 2# a2 3# 5# s, () #))) >> dumpA m2 >>
  (case m of MA a -> IO (\s -> (# copyMutableArray# a 0# a 3# 6# s, () #))) >> dumpA m >>
  (case m of MA a -> IO (\s -> case unsafeFreezeArray# a s of (# s1, f #) -> (# s1, A f #))) >>= \fa@(A f) ->
  dumpF fa >> IO (\s -> (# copyArray# f 1# a2 0# 4# s, () #)) >> dumpA m2 >>
  dumpF (A (cloneArray# f 2# 5#)) >>
  IO (\s -> case cloneMutableArray# a2 1# 3# s of (# s1, c #) -> (# s1, MA c #)) >>= dumpA >>
  IO (\s -> case freezeArray# a2 0# 10# s of (# s1, c #) -> (# s1, A c #)) >>= \fz ->
  wr m2 0 999 >> dumpF fz >>
  IO (\s -> case thawArray# f 5# 5# s of (# s1, c #) -> (# s1, MA c #)) >>= dumpA >>
  IO (\s -> case unsafeThawArray# f s of (# s1, c #) -> (# s1, MA c #)) >>= \m3 -> rd m3 4 >>= pint >>
  rd m 5 >>= \old -> (case m of MA a -> IO (\s -> case casArray# a 5# old (I# 12345#) s of (# s1, r, v #) -> (# s1, (I# r, v) #))) >>= \(r, v) -> pint r >> pint v >>
  (case m of MA a -> IO (\s -> case casArray# a 5# old (I# 54321#) s of (# s1, r, v #) -> (# s1, (I# r, v) #))) >>= \(r2, v2) -> pint r2 >> pint v2 >>
  dumpA m >>
  (case m of MA a -> pi_ (sameMutableArray# a a) >> pi_ (sameMutableArray# a a2))

smallArrays :: IO ()
smallArrays =
  newS 8 3 >>= \m@(SMA a) ->
  loop 0 8 (\i -> wrS m i (sub 100 i)) >> dumpS m >>
  newS 8 0 >>= \m2@(SMA a2) ->
  IO (\s -> (# copySmallMutableArray# a 1# a2 2# 4# s, () #)) >> dumpS m2 >>
  IO (\s -> case unsafeFreezeSmallArray# a s of (# s1, f #) -> (# s1, SA f #)) >>= \fa@(SA f) ->
  dumpSF fa >> IO (\s -> (# copySmallArray# f 0# a2 0# 2# s, () #)) >> dumpS m2 >>
  dumpSF (SA (cloneSmallArray# f 3# 4#)) >>
  IO (\s -> case cloneSmallMutableArray# a2 2# 3# s of (# s1, c #) -> (# s1, SMA c #)) >>= dumpS >>
  IO (\s -> case freezeSmallArray# a2 1# 6# s of (# s1, c #) -> (# s1, SA c #)) >>= dumpSF >>
  IO (\s -> case thawSmallArray# f 0# 3# s of (# s1, c #) -> (# s1, SMA c #)) >>= dumpS >>
  IO (\s -> case unsafeThawSmallArray# f s of (# s1, c #) -> (# s1, SMA c #)) >>= \m3 -> rdS m3 7 >>= pint >>
  rdS m 2 >>= \old -> IO (\s -> case casSmallArray# a 2# old (I# 777#) s of (# s1, r, v #) -> (# s1, (I# r, v) #)) >>= \(r, v) -> pint r >> pint v >>
  IO (\s -> case casSmallArray# a 2# old (I# 888#) s of (# s1, r, v #) -> (# s1, (I# r, v) #)) >>= \(r2, v2) -> pint r2 >> pint v2 >>
  IO (\s -> (# shrinkSmallMutableArray# a2 3# s, () #)) >> dumpS m2 >>
  pi_ (sameSmallMutableArray# a a) >> pi_ (sameSmallMutableArray# a a2)

arrayArrays :: IO ()
arrayArrays = IO (\s -> case newArrayArray# 4# s of
  (# s1, aa #) -> case newByteArray# 16# s1 of
   (# s2, mb #) -> case writeIntArray# mb 0# 4242# s2 of
    s3 -> case writeMutableByteArrayArray# aa 1# mb s3 of
     s4 -> case unsafeFreezeByteArray# mb s4 of
      (# s5, b #) -> case writeByteArrayArray# aa 2# b s5 of
       s6 -> case readMutableByteArrayArray# aa 1# s6 of
        (# s7, mb' #) -> case readIntArray# mb' 0# s7 of
         (# s8, x #) -> case readByteArrayArray# aa 2# s8 of
          (# s9, b' #) -> case readMutableArrayArrayArray# aa 0# s9 of
           (# s10, self #) -> case newArrayArray# 4# s10 of
            (# s11, bb #) -> case copyMutableArrayArray# aa 1# bb 0# 2# s11 of
             s12 -> case readMutableByteArrayArray# bb 1# s12 of
              (# s13, mb2 #) -> case unsafeFreezeArrayArray# aa s13 of
               (# s14, fa #) -> case (pi_ x >> pi_ (indexIntArray# b' 0#) >> pi_ (sameMutableArrayArray# self aa)
                                    >> pi_ (sizeofMutableArrayArray# aa) >> pi_ (sizeofArrayArray# fa)
                                    >> pi_ (sameMutableByteArray# mb2 mb)
                                    >> pi_ (indexIntArray# (indexByteArrayArray# fa 2#) 0#)
                                    >> pi_ (sizeofArrayArray# (indexArrayArrayArray# fa 3#))
                                    >> arrayArrays2 fa) of IO f -> f s14)

arrayArrays2 :: ArrayArray# -> IO ()
arrayArrays2 fa = IO (\s -> case newArrayArray# 3# s of { (# s1, cc #) ->
  case writeArrayArrayArray# cc 0# fa s1 of { s2 ->
  case newArrayArray# 2# s2 of { (# s3, dd #) ->
  case writeMutableArrayArrayArray# cc 1# dd s3 of { s4 ->
  case copyArrayArray# fa 1# cc 2# 1# s4 of { s5 ->
  case readArrayArrayArray# cc 0# s5 of { (# s6, x #) ->
  case readMutableArrayArrayArray# cc 1# s6 of { (# s7, y #) ->
  case readMutableByteArrayArray# cc 2# s7 of { (# s8, z #) ->
  case readIntArray# z 0# s8 of { (# s9, v #) ->
  case (pi_ (sizeofArrayArray# x) >> pi_ (sizeofMutableArrayArray# y) >> pi_ (sameMutableArrayArray# y dd) >> pi_ v) of { IO f -> f s9 }}}}}}}}}})

mutVars :: IO ()
mutVars =
  IO (\s -> case newMutVar# (5 :: Int) s of (# s1, v #) -> (# s1, MV v #)) >>= \(MV v) ->
  IO (\s -> readMutVar# v s) >>= pint >>
  IO (\s -> (# writeMutVar# v (mk 6#) s, () #)) >> IO (\s -> readMutVar# v s) >>= \old ->
  pint old >>
  IO (\s -> case casMutVar# v old (I# 7#) s of (# s1, r, x #) -> (# s1, (I# r, x) #)) >>= \(r, x) -> pint r >> pint x >>
  IO (\s -> case casMutVar# v old (I# 8#) s of (# s1, r, x #) -> (# s1, (I# r, x) #)) >>= \(r2, x2) -> pint r2 >> pint x2 >>
  IO (\s -> readMutVar# v s) >>= pint >>
  IO (\s -> case newMutVar# (5 :: Int) s of (# s1, w #) -> (# s1, MV w #)) >>= \(MV w) ->
  pi_ (sameMutVar# v v) >> pi_ (sameMutVar# v w)

modifies :: IO ()
modifies =
  IO (\s -> case newMutVar# (mk 10#) s of (# s1, v #) -> (# s1, MV v #)) >>= \(MV v) ->
  IO (\s -> case atomicModifyMutVar2# v (\x -> (add x (mk 1#), mul x (mk 2#))) s of (# s1, old, r #) -> (# s1, (old, r) #)) >>= \(old, r) ->
  pint old >> IO (\s -> readMutVar# v s) >>= pint >> (case r of (a, b) -> pint a >> pint b) >>
  IO (\s -> case atomicModifyMutVar_# v (\x -> add x (mk 100#)) s of (# s1, o, n #) -> (# s1, (o, n) #)) >>= \(o2, n2) ->
  pint n2 >> pint o2 >> IO (\s -> readMutVar# v s) >>= pint >>
  -- Nothing is evaluated before it is demanded: f diverges, but no one looks.
  IO (\s -> case atomicModifyMutVar2# v (\x -> (diverge x, diverge x)) s of (# s1, o, _ #) -> (# s1, o #)) >>= pint >>
  IO (\s -> case atomicModifyMutVar_# v diverge s of (# s1, o, _ #) -> (# s1, o #)) >>= \_ -> pint (mk 7#)

{-# NOINLINE diverge #-}
diverge :: Int -> Int
diverge x = diverge x

add :: Int -> Int -> Int
add (I# a) (I# b) = I# (a +# b)

stables :: Int -> IO ()
stables x =
  IO (\s -> case makeStablePtr# x s of { (# s1, p #) -> case makeStablePtr# x s1 of { (# s2, q #) ->
    case deRefStablePtr# p s2 of { (# s3, y #) -> case (pint y >> pi_ (eqStablePtr# p p) >> pi_ (eqStablePtr# p q)) of { IO f -> f s3 }}}}) >>
  IO (\s -> case makeStableName# x s of { (# s1, n1 #) -> case makeStableName# x s1 of { (# s2, n2 #) ->
    case makeStableName# (43 :: Int) s2 of { (# s3, n3 #) ->
    case (pi_ (eqStableName# n1 n2) >> pi_ (eqStableName# n1 n3)
          >> pi_ (stableNameToInt# n1 ==# stableNameToInt# n2) >> pi_ (stableNameToInt# n1 ==# stableNameToInt# n3)) of { IO f -> f s3 }}}})

misc :: Int -> Int -> IO ()
misc x y =
  pi_ (reallyUnsafePtrEquality# x x) >> pi_ (reallyUnsafePtrEquality# x y) >>
  IO (\s -> (# touch# x (noDuplicate# s), () #)) >>
  IO (\s -> (# prefetchValue0# x (prefetchValue1# y (prefetchValue2# x (prefetchValue3# y s))), () #)) >>
  IO (\s -> case newByteArray# 8# s of { (# s1, m #) -> case unsafeFreezeByteArray# m (prefetchMutableByteArray0# m 0# (prefetchMutableByteArray3# m 0# s1)) of {
     (# s2, b #) -> (# prefetchByteArray1# b 0# (prefetchAddr2# (byteArrayContents# b) 0# s2), () #) }}) >>
  pi_ (par# x) >> IO (\s -> spark# y s) >>= pint >>
  IO (\s -> (# traceEvent# "ev"# (traceMarker# "mk"# s), () #)) >>
  IO (\s -> case getCurrentCCS# x s of (# s1, a #) -> case getCCSOf# y s1 of (# s2, b #) -> (# s2, I# (minusAddr# a b) #)) >>= pint

bigArray :: IO ()
bigArray = newA 1000000 1 >>= \m -> loop 0 1000000 (\i -> wr m i i) >> rd m 999999 >>= pint
  >> newA 0 0 >>= dumpA

main :: IO ()
main = arrays >> smallArrays >> arrayArrays >> mutVars >> modifies >> stables 42 >> misc 1 2 >> bigArray

mul, sub :: Int -> Int -> Int
mul (I# a) (I# b) = I# (a *# b)
sub (I# a) (I# b) = I# (a -# b)

-- A freshly allocated (so tagged in both compilers) box.
{-# NOINLINE mk #-}
mk :: Int# -> Int
mk x = I# (x +# 0#)
