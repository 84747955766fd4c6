{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- StablePtr#, StableName#, pointer equality, touch#/keepAlive#, dataToTag#/tagToEnum#, seq#, prefetch.
-- StablePtr# (make, deRef, eq; 1000 of them surviving collections), StableName# (equal for
-- the same object across collections, different for different ones), reallyUnsafePtrEquality#,
-- touch#, keepAlive#, dataToTag#/tagToEnum# (small and big families), seq#, prefetch
-- primops, GHC.Magic's identities (lazy, oneShot, inline, noinline).
module Main (main) where
import GHC.Types
import GHC.Prim
import GHC.Magic

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

label :: Addr# -> IO ()
label l = print_string l >> print_string "\n"#

data SP a = SP (StablePtr# a)
data SN a = SN (StableName# a)

mkSP :: a -> IO (SP a)
mkSP x = IO (\s -> case makeStablePtr# x s of (# s1, p #) -> (# s1, SP p #))

deRef :: SP a -> IO a
deRef (SP p) = IO (deRefStablePtr# p)

mkSN :: a -> IO (SN a)
mkSN x = IO (\s -> case makeStableName# x s of (# s1, n #) -> (# s1, SN n #))

eqSN :: SN a -> SN b -> Int
eqSN (SN a) (SN b) = I# (eqStableName# a b)

snInt :: SN a -> Int
snInt (SN a) = I# (stableNameToInt# a)

eqI :: Int -> Int -> Int
eqI (I# a) (I# b) = I# (a ==# b)

data List = Nil | Cons !Int List

{-# NOINLINE build #-}
build :: Int# -> List
build n = go n Nil
  where
    go 0# acc = acc
    go k acc = go (k -# 1#) (Cons (I# k) acc)

{-# NOINLINE sumL #-}
sumL :: List -> Int
sumL = go 0#
  where
    go acc Nil = I# acc
    go acc (Cons (I# x) xs) = go (acc +# x) xs

-- Allocates ~100 MB of short-lived data: several collections happen in between.
churn :: IO ()
churn = go 0#
  where
    go 50# = done
    go i = case sumL (build 100000#) of I# _ -> go (i +# 1#)

-- Makes n stable pointers to fresh boxes, returns them in a list.
data SPs = SNil | SCons (SP Int) SPs

makeMany :: Int# -> IO SPs
makeMany n = go 0# SNil
  where
    go i acc = case i ==# n of
      1# -> return acc
      _ -> mkSP (I# (i *# i)) >>= \p -> go (i +# 1#) (SCons p acc)

sumSPs :: SPs -> Int# -> IO Int
sumSPs SNil acc = return (I# acc)
sumSPs (SCons p ps) acc = deRef p >>= \(I# v) -> sumSPs ps (acc +# v)

stablePtrs :: IO ()
stablePtrs =
  label "stable pointers"#
  >> mkSP (I# 42#) >>= \p@(SP pp) -> deRef p >>= print_int
  >> mkSP (I# 43#) >>= \(SP q) -> print_int (I# (eqStablePtr# pp pp)) >> print_int (I# (eqStablePtr# pp q))
  >> makeMany 1000# >>= \ps -> sumSPs ps 0# >>= print_int
  >> churn >> sumSPs ps 0# >>= print_int >> deRef p >>= print_int
  -- A stable pointer to a function and to an unevaluated thunk.
  >> mkSP (\(I# x) -> I# (x *# 3#)) >>= \fp -> mkSP (sumL (build 1000#)) >>= \tp ->
  churn >> deRef fp >>= \f -> deRef tp >>= \t -> print_int (f t)

-- Two equal lists that are different objects (distinct expressions: GHC cannot share them).
{-# NOINLINE listOf #-}
listOf :: Int -> Int -> List
listOf (I# a) (I# b) = build (a +# b)

{-# NOINLINE stableNames #-}
stableNames :: Int -> IO ()
stableNames k =
  label "stable names"#
  >> IO (seq# (listOf k (I# 0#))) >>= \ys ->
  mkSN ys >>= \n1 -> mkSN ys >>= \n2 -> IO (seq# (listOf (I# 0#) k)) >>= \zs -> mkSN zs >>= \n3 ->
  print_int (eqSN n1 n2) >> print_int (eqSN n1 n3) >> print_int (eqI (snInt n1) (snInt n2))
  >> print_int (eqI (snInt n1) (snInt n3))
  >> churn >> mkSN ys >>= \n4 -> print_int (eqSN n1 n4) >> print_int (eqI (snInt n1) (snInt n4))
  >> print_int (sumL ys)

data Box = Box Int

{-# NOINLINE same #-}
same :: a -> a -> Int
same a b = I# (reallyUnsafePtrEquality# a b)

{-# NOINLINE mkBox #-}
mkBox :: Int -> Int -> Box
mkBox (I# a) (I# b) = Box (I# (a +# b))

ptrEq :: IO ()
ptrEq =
  label "reallyUnsafePtrEquality#"#
  >> IO (seq# (mkBox (I# 1#) (I# 0#))) >>= \b1 ->
  print_int (same b1 b1)
  >> IO (seq# (mkBox (I# 0#) (I# 1#))) >>= \c1 ->
  print_int (same b1 c1)
  >> IO (\s -> case newMutVar# b1 s of (# s1, v #) -> case readMutVar# v s1 of (# s2, r #) -> (# s2, r #)) >>= \r ->
  print_int (same b1 r)

data Color = Red | Green | Blue
data Big = B0 | B1 | B2 | B3 | B4 | B5 | B6 | B7 | B8 | B9 | B10 | B11
data Shape = Circle Int | Square Int Int | Point

{-# NOINLINE tagOf #-}
tagOf :: a -> Int
tagOf x = I# (dataToTag# x)

{-# NOINLINE toBig #-}
toBig :: Int -> Big
toBig (I# n) = tagToEnum# n

{-# NOINLINE toBool #-}
toBool :: Int -> Bool
toBool (I# n) = tagToEnum# n

{-# NOINLINE toColor #-}
toColor :: Int -> Color
toColor (I# n) = tagToEnum# n

{-# NOINLINE lazyBig #-}
lazyBig :: Int -> Big
lazyBig n = case n of I# k -> toBig (I# (k +# 3#))

tags :: IO ()
tags =
  label "dataToTag#/tagToEnum#"#
  >> print_int (tagOf False) >> print_int (tagOf True) >> print_int (tagOf Blue) >> print_int (tagOf LT) >> print_int (tagOf GT)
  >> print_int (tagOf B0) >> print_int (tagOf B7) >> print_int (tagOf B11) >> print_int (tagOf (toBig (I# 9#)))
  >> print_int (tagOf (lazyBig (I# 5#))) >> print_int (tagOf (Square (I# 1#) (I# 2#))) >> print_int (tagOf Point)
  >> print_int (tagOf (Circle (I# 0#))) >> print_int (tagOf (toColor (I# 1#))) >> print_int (tagOf (toBool (I# 1#)))
  >> print_int (tagOf (Cons (I# 1#) Nil)) >> print_int (tagOf (build 0#))
  >> (case toBool (I# 0#) of True -> print_int (I# 1#); False -> print_int (I# 0#))
  >> (case toBig (I# 10#) of B10 -> print_int (I# 10#); _ -> print_int (I# (-1#)))

misc :: IO ()
misc =
  label "seq#/touch#/keepAlive#/prefetch/GHC.Magic"#
  >> IO (seq# (sumL (build 100#))) >>= print_int
  >> return (Box (I# 5#)) >>= \b ->
  IO (\s -> case touch# b s of s1 -> (# s1, () #))
  >> IO (\s -> keepAlive# b s (\s1 -> case churn of IO g -> case g s1 of (# s2, _ #) -> (# s2, I# 6# #))) >>= print_int
  >> IO (\s -> case newByteArray# 64# s of
        (# s1, mba #) -> case writeIntArray# mba 0# 9# s1 of
          s2 -> case prefetchMutableByteArray0# mba 0# s2 of
            s3 -> case prefetchMutableByteArray1# mba 8# s3 of
              s4 -> case prefetchMutableByteArray2# mba 16# s4 of
                s5 -> case prefetchMutableByteArray3# mba 24# s5 of
                  s6 -> case unsafeFreezeByteArray# mba s6 of
                    (# s7, ba #) -> case prefetchByteArray0# ba 0# s7 of
                      s8 -> case prefetchByteArray1# ba 0# s8 of
                        s9 -> case prefetchByteArray2# ba 0# s9 of
                          s10 -> case prefetchByteArray3# ba 0# s10 of
                            s11 -> case prefetchAddr0# "x"# 0# s11 of
                              s12 -> case prefetchAddr3# (byteArrayContents# ba) 0# s12 of
                                s13 -> case prefetchValue0# b s13 of
                                  s14 -> case prefetchValue1# b s14 of
                                    s15 -> case prefetchValue2# b s15 of
                                      s16 -> case prefetchValue3# b s16 of
                                        s17 -> (# s17, I# (indexIntArray# ba 0#) #))
  >>= print_int
  >> print_int (lazy (I# 7#)) >> print_int (inline sumL (build 4#)) >> print_int (noinline sumL (build 5#))
  >> print_int (oneShot (\(I# x) -> I# (x +# 1#)) (I# 8#))

main :: IO ()
main = stablePtrs >> stableNames (I# 10#) >> ptrEq >> tags >> misc
