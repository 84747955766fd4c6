{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- A catch# whose handler prints and throws another exception, which nothing catches
-- (see README.md).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

handler :: Int -> IO ()
handler e = print_int e >> IO (raiseIO# (I# 2#))

main :: IO ()
main = print_int (I# 0#) >> IO (catch# (raiseIO# (I# 1#)) (\e -> case handler e of IO f -> f))
  >> print_int (I# 3#)
