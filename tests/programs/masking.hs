{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Masking: getMaskingState# under mask/maskUninterruptible/unmask, in handlers, after escapes.
-- Masking: getMaskingState# (0 unmasked, 1 uninterruptible, 2 interruptible) outside, inside
-- maskAsyncExceptions#/maskUninterruptible#/unmaskAsyncExceptions# and their nestings, inside
-- catch# handlers, after exceptions escape masked regions, inside thunks forced under a mask.
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

evaluate :: a -> IO a
evaluate x = IO (seq# x)

mask, maskU, unmask :: IO a -> IO a
mask (IO m) = IO (maskAsyncExceptions# m)
maskU (IO m) = IO (maskUninterruptible# m)
unmask (IO m) = IO (unmaskAsyncExceptions# m)

state :: IO Int
state = IO (\s -> case getMaskingState# s of (# s1, i #) -> (# s1, I# i #))

-- Prints a label and the current masking state.
st :: Addr# -> IO ()
st label = print_string label >> print_string " "# >> state >>= print_int

unsafePerformIO :: IO a -> a
unsafePerformIO (IO m) = case runRW# (\s -> case noDuplicate# s of s1 -> m s1) of (# _, a #) -> lazy a

-- A thunk that records the masking state at the moment it is evaluated.
{-# NOINLINE stateThunk #-}
stateThunk :: Int -> Int
stateThunk (I# k) = unsafePerformIO (state >>= \(I# m) -> return (I# (k *# 10# +# m)))

-- A thunk that raises from inside a masked region.
{-# NOINLINE raiseMasked #-}
raiseMasked :: Int -> Int
raiseMasked n = unsafePerformIO (mask (throwIO n))

main :: IO ()
main =
  st "top"#
  >> mask (st "mask"#)
  >> maskU (st "maskU"#)
  >> unmask (st "unmask"#)
  >> st "after"#
  -- Nestings.
  >> mask (unmask (st "mask/unmask"#) >> st "mask/after unmask"#)
  >> maskU (unmask (st "maskU/unmask"#) >> st "maskU/after unmask"#)
  >> maskU (mask (st "maskU/mask"#) >> st "maskU/after mask"#)
  >> mask (maskU (st "mask/maskU"#) >> st "mask/after maskU"#)
  >> mask (mask (st "mask/mask"#))
  >> maskU (maskU (unmask (maskU (st "maskU/maskU/unmask/maskU"#))))
  -- Handlers run masked (interruptibly, unless the catch was inside maskUninterruptible).
  >> catch (throwIO (I# 1#)) (\e -> st "handler"# >> print_int e)
  >> catch (st "catch body"#) (\e -> print_int e)
  >> mask (catch (throwIO (I# 2#)) (\e -> st "mask/handler"# >> print_int e))
  >> maskU (catch (throwIO (I# 3#)) (\e -> st "maskU/handler"# >> print_int e))
  >> unmask (catch (throwIO (I# 4#)) (\e -> st "unmask/handler"# >> print_int e))
  >> catch (throwIO (I# 5#)) (\e -> unmask (st "handler/unmask"#) >> st "handler/after unmask"# >> print_int e)
  >> catch (throwIO (I# 6#)) (\e -> maskU (st "handler/maskU"#) >> st "handler/after maskU"# >> print_int e)
  -- Exceptions escaping masked regions: the state is restored by the catch.
  >> catch (mask (throwIO (I# 7#))) (\e -> st "escaped mask: handler"# >> print_int e) >> st "after escape"#
  >> catch (maskU (st "in maskU"# >> throwIO (I# 8#))) (\e -> st "escaped maskU: handler"# >> print_int e) >> st "after escape"#
  >> mask (catch (unmask (throwIO (I# 9#))) (\e -> st "mask/escaped unmask: handler"# >> print_int e) >> st "mask/after"#)
  >> maskU (catch (unmask (throwIO (I# 10#))) (\e -> st "maskU/escaped unmask: handler"# >> print_int e) >> st "maskU/after"#)
  -- Catch inside a handler.
  >> catch (throwIO (I# 11#)) (\e -> catch (unmask (throwIO e)) (\e2 -> st "handler/handler"# >> print_int e2) >> st "handler after inner"#)
  >> st "after all handlers"#
  -- Thunks evaluated under different masking states.
  >> evaluate (stateThunk (I# 1#)) >>= print_int
  >> mask (evaluate (stateThunk (I# 2#))) >>= print_int
  >> maskU (evaluate (stateThunk (I# 3#))) >>= print_int
  >> (let t = stateThunk (I# 4#) in mask (evaluate t) >>= \a -> evaluate t >>= \b -> print_int a >> print_int b)
  >> catch (evaluate (raiseMasked (I# 12#)) >>= print_int) (\e -> st "raised in masked thunk: handler"# >> print_int e)
  >> st "end"#
