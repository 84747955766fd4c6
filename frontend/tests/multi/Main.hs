{-# LANGUAGE MagicHash, NoImplicitPrelude, UnboxedTuples, UnliftedFFITypes #-}
module Main (main) where
import GHC.Types
import GHC.Prim
import Data.Shape

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "sum_bytes" sum_bytes :: MutableByteArray# RealWorld -> Int# -> IO Int
foreign import ccall unsafe "print_double" print_double :: Double -> IO ()

pair :: Int -> (# Int, Int# #)
pair (I# x) = (# I# (x +# 1#), x *# 2# #)
{-# NOINLINE pair #-}

half :: Double
half = D# 0.1##
{-# NOINLINE half #-}

main :: IO ()
main = case pair (area (Rect 3 4)) of
  (# a, b #) -> case next Red of
     Blue -> print_int a
     _ -> IO (\s -> case newByteArray# 16# s of
                 (# s1, mba #) -> case sum_bytes mba b of
                    IO f -> case f s1 of
                      (# s2, _ #) -> case print_double half of
                        IO g -> g s2)
