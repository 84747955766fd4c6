{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Exceptions: raise#/raiseIO#/catch# from deep inside thunks and recursion, nested, rethrown.
-- Exceptions: raise# deep inside thunks and recursion caught by catch#, raiseIO#, nested
-- catches, rethrow from a handler, exceptions of several types (Int, data, function), a
-- raising thunk forced twice (re-raises without re-running its effects), seq#, catch# inside
-- pure code.
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

catch :: IO a -> (e -> IO a) -> IO a
catch (IO m) h = IO (catch# m (\e -> case h e of IO g -> g))

throwIO :: e -> IO a
throwIO e = IO (raiseIO# e)

throw :: e -> a
throw e = raise# e

-- base's evaluate
evaluate :: a -> IO a
evaluate x = IO (seq# x)

unsafePerformIO :: IO a -> a
unsafePerformIO (IO m) = case runRW# (\s -> case noDuplicate# s of s1 -> m s1) of (# _, a #) -> lazy a

plus :: Int -> Int -> Int
plus (I# a) (I# b) = I# (a +# b)

-- Prints an Int result, or "caught <n>" for an Int exception.
tryInt :: IO Int -> IO ()
tryInt act = catch (act >>= print_int) (\e -> print_string "caught "# >> print_int e)

-- Deep non-tail recursion that raises at the bottom.
{-# NOINLINE deep #-}
deep :: Int -> Int
deep (I# n) = case n of
  0# -> throw (I# 42#)
  _ -> case deep (I# (n -# 1#)) of I# r -> I# (r +# 1#)

-- A chain of nested thunks, the innermost of which raises.
{-# NOINLINE thunkChain #-}
thunkChain :: Int -> Int -> Int
thunkChain (I# n) bomb = case n of
  0# -> bomb
  _ -> let t = thunkChain (I# (n -# 1#)) bomb in plus t (I# 1#)

data List = Nil | Cons Int List

{-# NOINLINE upTo #-}
upTo :: Int -> Int -> List
upTo a@(I# x) (I# y) = case x ># y of
  1# -> Nil
  _ -> Cons (case x of 500# -> throw (I# 500#); _ -> a) (upTo (I# (x +# 1#)) (I# y))

{-# NOINLINE sumL #-}
sumL :: List -> Int
sumL = go 0#
  where
    go acc Nil = I# acc
    go acc (Cons (I# x) xs) = go (acc +# x) xs

-- A user type as the exception value.
data Err = ErrCode Int | ErrMsg Int Int

{-# NOINLINE showErr #-}
showErr :: Err -> IO ()
showErr (ErrCode c) = print_string "ErrCode "# >> print_int c
showErr (ErrMsg a b) = print_string "ErrMsg "# >> print_int a >> print_int b

-- A handler that only handles even codes and rethrows the rest.
evenOnly :: Int -> IO Int
evenOnly e@(I# v) = case remInt# v 2# of
  0# -> print_string "handled "# >> print_int e >> return (I# 0#)
  _ -> print_string "rethrow "# >> print_int e >> throwIO (plus e (I# 100#))

-- A thunk with an effect that then raises: forced twice, the effect happens once and both
-- forces raise the same exception.
{-# NOINLINE effectThenRaise #-}
effectThenRaise :: Int -> Int
effectThenRaise n = unsafePerformIO (print_string "evaluating the bomb\n"# >> throwIO n)

-- A computation that catches internally, in pure code.
{-# NOINLINE safeDiv #-}
safeDiv :: Int -> Int -> Int
safeDiv a b@(I# bv) = unsafePerformIO (catch (evaluate (case bv of 0# -> throw (I# (-1#)); _ -> quotI a b))
                                             (\e -> return (plus e (I# 1000#))))

quotI :: Int -> Int -> Int
quotI (I# a) (I# b) = I# (quotInt# a b)

-- The exception value is itself a thunk that raises when forced.
{-# NOINLINE lazyExc #-}
lazyExc :: Int -> IO Int
lazyExc n = throwIO (plus n (throw (I# 77#)))

data Ref = Ref (MutVar# RealWorld Int)

newRef :: Int -> IO Ref
newRef x = IO (\s -> case newMutVar# x s of (# s1, v #) -> (# s1, Ref v #))

readRef :: Ref -> IO Int
readRef (Ref v) = IO (readMutVar# v)

writeRef :: Ref -> Int -> IO ()
writeRef (Ref v) x = IO (\s -> case writeMutVar# v x s of s1 -> (# s1, () #))

-- Loop that raises after k iterations of writing to a MutVar: the writes before the
-- exception stay.
{-# NOINLINE countThenFail #-}
countThenFail :: Ref -> Int -> IO ()
countThenFail r (I# k) = case k of
  0# -> throwIO (I# 9#)
  _ -> readRef r >>= \v -> writeRef r (plus v (I# 1#)) >> countThenFail r (I# (k -# 1#))

-- An unknown function raising from inside an over-saturated call.
{-# NOINLINE pick #-}
pick :: Int -> (Int -> Int -> Int)
pick (I# n) = case n of
  0# -> plus
  _ -> \a b -> throw (plus a b)

main :: IO ()
main =
  tryInt (return (I# 1#))
  >> tryInt (throwIO (I# 2#))
  >> tryInt (evaluate (deep 10))
  >> tryInt (evaluate (deep 100000))
  >> tryInt (evaluate (thunkChain 1000 (I# 5#)))
  >> tryInt (evaluate (thunkChain 1000 (throw (I# 6#))))
  >> tryInt (evaluate (sumL (upTo 1 499)))
  >> tryInt (evaluate (sumL (upTo 1 1000)))
  -- Nested catches; the inner one rethrows odd codes, the outer one sees code + 100.
  >> tryInt (catch (throwIO (I# 4#)) evenOnly)
  >> tryInt (catch (throwIO (I# 5#)) evenOnly)
  >> tryInt (catch (catch (throwIO (I# 7#)) evenOnly) evenOnly)
  >> tryInt (catch (catch (evaluate (deep 20)) (\e -> throwIO (plus e (I# 1#)))) (\e -> return (plus e (I# 1000#))))
  -- An exception raised inside a handler of an inner catch, after output.
  >> tryInt (catch (catch (throwIO (I# 10#)) (\e -> print_string "inner "# >> print_int e >> throwIO (plus e e))) (\e -> print_string "outer "# >> print_int e >> return e))
  -- Exceptions of other types.
  >> catch (throwIO (ErrMsg (I# 3#) (I# 4#)) >> print_string "not reached\n"#) showErr
  >> catch (evaluate (throw (ErrCode (I# 8#)) :: Int) >>= print_int) showErr
  >> catch (throwIO (\x -> plus x (I# 1#)) >>= print_int) (\f -> print_int (f (I# 41#)))
  -- The exception value is lazy.
  >> catch (lazyExc (I# 1#) >>= print_int) (\e -> tryInt (evaluate (e :: Int)))
  -- A raising thunk forced twice: the effect happens once, both forces raise.
  >> (let bomb = effectThenRaise (I# 33#) in
        tryInt (evaluate bomb) >> tryInt (evaluate (plus bomb (I# 1#))) >> tryInt (evaluate bomb))
  -- catch# inside pure code.
  >> print_int (safeDiv (I# 100#) (I# 7#)) >> print_int (safeDiv (I# 100#) (I# 0#))
  -- Effects before the exception are kept.
  >> newRef (I# 0#) >>= \r -> catch (countThenFail r (I# 25#)) (\e -> print_string "stopped "# >> print_int e)
  >> readRef r >>= print_int
  -- Raise through unknown, over-saturated calls.
  >> tryInt (evaluate (pick (I# 0#) (I# 3#) (I# 4#)))
  >> tryInt (evaluate (pick (I# 1#) (I# 3#) (I# 4#)))
  -- After all this, deep recursion still works.
  >> tryInt (evaluate (thunkChain 10000 (I# 0#)))
  >> done
