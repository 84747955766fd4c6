{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Sharing: a thunk's effects happen once; CAFs are evaluated once (or never).
-- Sharing: a thunk's effects (unsafePerformIO built from runRW#/noDuplicate#) happen once
-- however often it is forced; CAFs are evaluated once (or never); lazy list elements are
-- evaluated at most once; free-variable thunks of closures are shared across calls.
module Main (main) where
import GHC.Types
import GHC.Prim
import GHC.Magic

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixl 1 >>
(>>) :: IO a -> IO b -> IO b
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

infixl 1 >>=
(>>=) :: IO a -> (a -> IO b) -> IO b
IO a >>= f = IO (\s -> case a s of (# s1, x #) -> case f x of IO b -> b s1)

return :: a -> IO a
return x = IO (\s -> (# s, x #))

done :: IO ()
done = return ()

-- base's unsafePerformIO and unsafeDupablePerformIO, from primops.
unsafeDupablePerformIO :: IO a -> a
unsafeDupablePerformIO (IO m) = case runRW# m of (# _, a #) -> lazy a

unsafePerformIO :: IO a -> a
unsafePerformIO (IO m) = unsafeDupablePerformIO (IO (\s -> case noDuplicate# s of s1 -> m s1))

data Ref a = Ref (MutVar# RealWorld a)

newRef :: a -> IO (Ref a)
newRef x = IO (\s -> case newMutVar# x s of (# s1, v #) -> (# s1, Ref v #))

readRef :: Ref a -> IO a
readRef (Ref v) = IO (readMutVar# v)

writeRef :: Ref a -> a -> IO ()
writeRef (Ref v) x = IO (\s -> case writeMutVar# v x s of s1 -> (# s1, () #))

plus :: Int -> Int -> Int
plus (I# a) (I# b) = I# (a +# b)

-- A global counter of evaluations (itself a CAF created by unsafePerformIO).
{-# NOINLINE counter #-}
counter :: Ref Int
counter = unsafePerformIO (newRef (I# 0#))

bump :: IO ()
bump = readRef counter >>= \n -> writeRef counter (plus n (I# 1#))

showCounter :: IO ()
showCounter = print_string "counter "# >> readRef counter >>= print_int

-- A "traced" value: evaluating it prints the tag and bumps the counter.
{-# NOINLINE traced #-}
traced :: Addr# -> Int -> Int
traced tag v = unsafePerformIO (print_string "eval "# >> print_string tag >> bump >> return v)

{-# NOINLINE tracedDup #-}
tracedDup :: Addr# -> Int -> Int
tracedDup tag v = unsafeDupablePerformIO (print_string "dup "# >> print_string tag >> bump >> return v)

-- A CAF with an effect, used from several places: evaluated once.
{-# NOINLINE caf #-}
caf :: Int
caf = traced "caf\n"# (I# 7#)

-- A CAF that is never used: never evaluated.
{-# NOINLINE unusedCaf #-}
unusedCaf :: Int
unusedCaf = traced "unused caf (wrong!)\n"# (I# 0#)

{-# NOINLINE useCaf #-}
useCaf :: Int -> Int
useCaf x = plus x caf

{-# NOINLINE useCaf2 #-}
useCaf2 :: Int -> Int
useCaf2 x = plus caf x

-- Forces its argument n times.
{-# NOINLINE forceN #-}
forceN :: Int -> Int -> Int
forceN (I# n) x = go n 0#
  where
    go 0# acc = I# acc
    go k acc = case x of I# v -> go (k -# 1#) (acc +# v)

data List a = Nil | Cons a (List a)

{-# NOINLINE mapL #-}
mapL :: (a -> b) -> List a -> List b
mapL _ Nil = Nil
mapL f (Cons x xs) = Cons (f x) (mapL f xs)

{-# NOINLINE sumL #-}
sumL :: List Int -> Int
sumL = go 0#
  where
    go acc Nil = I# acc
    go acc (Cons (I# x) xs) = go (acc +# x) xs

{-# NOINLINE headL #-}
headL :: List a -> a
headL (Cons x _) = x
headL Nil = raise# (I# 0#)

{-# NOINLINE lengthL #-}
lengthL :: List a -> Int
lengthL = go 0#
  where
    go acc Nil = I# acc
    go acc (Cons _ xs) = go (acc +# 1#) xs

{-# NOINLINE upTo #-}
upTo :: Int -> Int -> List Int
upTo a@(I# x) b@(I# y) = case x ># y of
  1# -> Nil
  _ -> Cons a (upTo (I# (x +# 1#)) b)

{-# NOINLINE tagged #-}
tagged :: Int -> Int
tagged (I# v) = unsafePerformIO (print_string "elem "# >> print_int (I# v) >> bump >> return (I# (v *# 10#)))

-- A closure whose free variable is an expensive shared thunk.
{-# NOINLINE mkAdder #-}
mkAdder :: Int -> (Int -> Int)
mkAdder k = let t = traced "adder\n"# (plus k k) in \y -> plus t y

{-# NOINLINE apply #-}
apply :: (Int -> Int) -> Int -> Int
apply f x = f x

-- A thunk in a lazy data field, shared by two structures.
data Two = Two Int Int

{-# NOINLINE twoOf #-}
twoOf :: Int -> Two
twoOf x = let t = traced "shared field\n"# x in Two t t

addTwo :: Two -> Int
addTwo (Two a b) = plus a b

-- A thunk forced inside another thunk and directly.
{-# NOINLINE nested #-}
nested :: Int -> Int
nested x = let inner = traced "inner\n"# x
               outer = traced "outer\n"# (plus inner inner)
           in plus outer (plus inner outer)

-- Selector thunks: both components of a lazily matched pair come from one evaluation.
data P = P Int Int

{-# NOINLINE divmod #-}
divmod :: Int -> Int -> P
divmod (I# a) (I# b) = unsafePerformIO (print_string "divmod\n"# >> bump >> return (P (I# (quotInt# a b)) (I# (remInt# a b))))

{-# NOINLINE selectors #-}
selectors :: Int -> Int
selectors n = let P q r = divmod n (I# 7#) in plus (plus q r) (plus q r)

main :: IO ()
main =
  showCounter
  >> (let t = traced "t\n"# (I# 42#) in print_int (forceN (I# 3#) t) >> print_int t >> print_int (plus t t))
  >> showCounter
  >> (let d = tracedDup "d\n"# (I# 5#) in print_int (forceN (I# 4#) d) >> print_int d)
  >> showCounter
  >> print_int (useCaf (I# 1#)) >> print_int (useCaf2 (I# 2#)) >> print_int caf >> print_int (forceN (I# 10#) caf)
  >> showCounter
  >> (let xs = mapL tagged (upTo (I# 1#) (I# 5#)) in
        print_int (lengthL xs) >> showCounter
        >> print_int (headL xs) >> print_int (headL xs)
        >> print_int (sumL xs) >> print_int (sumL xs))
  >> showCounter
  >> (let f = mkAdder (I# 100#) in print_int (apply f (I# 1#)) >> print_int (apply f (I# 2#)) >> print_int (f (I# 3#)))
  >> showCounter
  >> print_int (addTwo (twoOf (I# 21#)))
  >> print_int (nested (I# 3#))
  >> print_int (selectors (I# 100#))
  >> showCounter
  >> done
