{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- An uncaught raiseIO# of an Int after some output: the output is flushed, then the program
-- ends as GHC's RTS ends a main thread killed by an exception (see README.md).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

main :: IO ()
main = print_int (I# 1#) >> print_int (I# 2#) >> IO (raiseIO# (I# 42#)) >> print_int (I# 3#)
