{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- MutVar# primops incl. atomicModifyMutVar2#, atomicModifyMutVar_#, casMutVar#.
-- MutVar#: new/read/write, sameMutVar#, atomicModifyMutVar2# and atomicModifyMutVar_# (lazy:
-- the function runs only when its result is demanded, once), casMutVar# (success, failure on
-- an equal but different box), a MutVar# updated 10^6 times with fresh boxes (old-to-young
-- pointers under a generational collector), MutVar#s holding functions and other MutVar#s.
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

evaluate :: a -> IO a
evaluate x = IO (seq# x)

unsafePerformIO :: IO a -> a
unsafePerformIO (IO m) = case runRW# (\s -> case noDuplicate# s of s1 -> m s1) of (# _, a #) -> lazy a

label :: Addr# -> IO ()
label l = print_string l >> print_string "\n"#

data Ref a = Ref (MutVar# RealWorld a)

newRef :: a -> IO (Ref a)
newRef x = IO (\s -> case newMutVar# x s of (# s1, v #) -> (# s1, Ref v #))

readRef :: Ref a -> IO a
readRef (Ref v) = IO (readMutVar# v)

writeRef :: Ref a -> a -> IO ()
writeRef (Ref v) x = IO (\s -> case writeMutVar# v x s of s1 -> (# s1, () #))

plus :: Int -> Int -> Int
plus (I# a) (I# b) = I# (a +# b)

-- A function with a visible effect when it is applied.
{-# NOINLINE tracedStep #-}
tracedStep :: Int -> (Int, Int)
tracedStep n = unsafePerformIO (print_string "step runs on "# >> print_int n >> return (plus n (I# 1#), plus n (I# 100#)))

{-# NOINLINE tracedInc #-}
tracedInc :: Int -> Int
tracedInc n = unsafePerformIO (print_string "inc runs on "# >> print_int n >> return (plus n (I# 10#)))

sndT :: (a, b) -> b
sndT (_, b) = b

basics :: IO ()
basics =
  label "basics"#
  >> newRef (I# 1#) >>= \r@(Ref rv) -> readRef r >>= print_int
  >> writeRef r (I# 2#) >> readRef r >>= print_int
  >> newRef (I# 2#) >>= \(Ref ov) -> print_int (I# (sameMutVar# rv rv)) >> print_int (I# (sameMutVar# rv ov))
  -- A MutVar# holding a MutVar#.
  >> newRef r >>= \rr -> readRef rr >>= \r2 -> writeRef r2 (I# 3#) >> readRef r >>= print_int
  -- A MutVar# holding a function.
  >> newRef (plus (I# 1#)) >>= \fr -> readRef fr >>= \f -> writeRef fr (\x -> f (f x))
  >> readRef fr >>= \g -> print_int (g (I# 40#))

modify2 :: IO ()
modify2 =
  label "atomicModifyMutVar2#"#
  >> newRef (I# 5#) >>= \(Ref v) ->
  IO (\s -> case atomicModifyMutVar2# v tracedStep s of (# s1, old, res #) -> (# s1, (old, res) #)) >>= \(old, res) ->
  print_string "after the call\n"# >> print_int old
  >> IO (readMutVar# v) >>= \new -> print_string "read back\n"#
  >> evaluate new >>= print_int
  >> print_int (sndT res) >> print_int new >> print_int (sndT res)
  >> IO (\s -> case atomicModifyMutVar2# v tracedStep s of (# s1, old2, _ #) -> (# s1, old2 #)) >>= print_int
  >> IO (readMutVar# v) >>= print_int

modify_ :: IO ()
modify_ =
  label "atomicModifyMutVar_#"#
  >> newRef (I# 7#) >>= \(Ref v) ->
  IO (\s -> case atomicModifyMutVar_# v tracedInc s of (# s1, old, new #) -> (# s1, (old, new) #)) >>= \(old, new) ->
  print_string "after the call\n"# >> print_int old >> print_int new
  >> IO (readMutVar# v) >>= print_int
  >> IO (\s -> case atomicModifyMutVar_# v tracedInc s of (# s1, _, new2 #) -> (# s1, new2 #)) >>= print_int

-- A box allocated at run time, never pointer-equal to another one.
{-# NOINLINE fresh #-}
fresh :: Int# -> Int
fresh x = I# x

cas :: IO ()
cas =
  label "casMutVar#"#
  >> newRef (I# 10#) >>= \(Ref v) -> IO (readMutVar# v) >>= \cur ->
  IO (\s -> case casMutVar# v cur (I# 20#) s of (# s1, flag, x #) -> (# s1, (I# flag, x) #)) >>= \(f1, x1) ->
  print_int f1 >> print_int x1 >> IO (readMutVar# v) >>= print_int
  >> IO (\s -> case casMutVar# v cur (I# 30#) s of (# s1, flag, x #) -> (# s1, (I# flag, x) #)) >>= \(f2, x2) ->
  print_int f2 >> print_int x2 >> IO (readMutVar# v) >>= print_int
  >> IO (\s -> case casMutVar# v (fresh 20#) (I# 40#) s of (# s1, flag, x #) -> (# s1, (I# flag, x) #)) >>= \(f3, x3) ->
  print_int f3 >> print_int x3 >> IO (readMutVar# v) >>= print_int

-- 10^6 updates, each storing a fresh box (and a fresh cons cell in a second MutVar#).
data List = Nil | Cons !Int List

manyUpdates :: IO ()
manyUpdates =
  label "many updates"#
  >> newRef (I# 0#) >>= \r -> newRef Nil >>= \l ->
  let loop i = case i of
        1000000# -> done
        _ -> readRef r >>= \(I# n) -> writeRef r (I# (n +# i))
             >> (case remInt# i 1000# of
                   0# -> readRef l >>= \xs -> writeRef l (Cons (I# i) xs)
                   _ -> done)
             >> loop (i +# 1#)
  in loop 0# >> readRef r >>= print_int >> readRef l >>= \xs -> print_int (sumL xs 0#)

sumL :: List -> Int# -> Int
sumL Nil acc = I# acc
sumL (Cons (I# x) xs) acc = sumL xs (acc +# x)

main :: IO ()
main = basics >> modify2 >> modify_ >> cas >> manyUpdates
