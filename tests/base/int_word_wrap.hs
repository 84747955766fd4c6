-- int_word_wrap: fixed-width arithmetic wraps modulo 2^n: + - * negate on maxBound/minBound
-- of Int, Word, Int8..Int64, Word8..Word64; abs/negate of minBound; div/mod/quot/rem of
-- signed and unsigned types incl. negatives; fromIntegral between every pair of widths;
-- the exceptions: divide by zero on every type and `minBound `div` (-1)` (overflow) on Int
-- and Int8..Int64 (caught with try, printed with show); (^) with wrap; sum/product of lists.
{-# LANGUAGE PartialTypeSignatures #-}
{-# OPTIONS_GHC -Wno-partial-type-signatures -Wno-overflowed-literals #-}
import Data.Int
import Data.Word
import Control.Exception

ops :: (Show a, Integral a, Bounded a) => String -> a -> IO ()
ops name z = do
  let mn = minBound `asTypeOf` z
      mx = maxBound `asTypeOf` z
  putStrLn (name ++ ": " ++ unwords [show (mx + 1), show (mn - 1), show (mx * 2), show (mx * mx), show (negate mn),
                                     show (abs mn), show (mn * (-1)), show (mx + mx), show ((2 `asTypeOf` z) ^ (70 :: Int)),
                                     show (product [1 .. 25] `asTypeOf` z), show (sum (replicate 1000 mx))])
  putStrLn ("  " ++ unwords [show (x `div` y, x `mod` y, x `quot` y, x `rem` y) | x <- [7, fromInteger (-7), mx, mn], y <- [2, fromInteger (-2), 3] `asTypeOf` [z]])
  r1 <- try (evaluate (mx `div` 0))
  r2 <- try (evaluate (mn `div` fromInteger (-1)))
  r3 <- try (evaluate (mn `quot` fromInteger (-1)))
  r4 <- try (evaluate (mx `mod` 0))
  r5 <- try (evaluate (mn `rem` fromInteger (-1)))
  r6 <- try (evaluate (let (q, m) = mn `divMod` fromInteger (-1) in q `seq` m `seq` (q, m)))
  r7 <- try (evaluate (mn `mod` fromInteger (-1)))
  putStrLn ("  " ++ unwords [sh r1, sh r2, sh r3, sh r4, sh r5, sh r7, either show show (r6 `asTypeOf` Right (z, z) :: Either ArithException _)])
  where
    sh :: Show b => Either ArithException b -> String
    sh = either (\e -> "<" ++ show e ++ ">") show

main :: IO ()
main = do
  ops "Int" (0 :: Int)
  ops "Int8" (0 :: Int8)
  ops "Int16" (0 :: Int16)
  ops "Int32" (0 :: Int32)
  ops "Int64" (0 :: Int64)
  ops "Word" (0 :: Word)
  ops "Word8" (0 :: Word8)
  ops "Word16" (0 :: Word16)
  ops "Word32" (0 :: Word32)
  ops "Word64" (0 :: Word64)
  let v = -1234567890123 :: Int
  print (fromIntegral v :: Int8, fromIntegral v :: Int16, fromIntegral v :: Int32, fromIntegral v :: Int64)
  print (fromIntegral v :: Word8, fromIntegral v :: Word16, fromIntegral v :: Word32, fromIntegral v :: Word64, fromIntegral v :: Word)
  print (fromIntegral (200 :: Word8) :: Int8, fromIntegral (-1 :: Int8) :: Word32, fromIntegral (40000 :: Word16) :: Int16, fromIntegral (maxBound :: Word32) :: Int32)
  print (fromIntegral (minBound :: Int32) :: Word64, fromIntegral (maxBound :: Word64) :: Int16, toInteger (minBound :: Int64) - 1)
  print (map fromEnum [minBound :: Int8, maxBound], toEnum 65 :: Word8, fromEnum (maxBound :: Word32))
  print ((maxBound :: Int) + 1 == minBound, (0 :: Word) - 1 == maxBound, (128 :: Int8), (256 :: Word8), (-1 :: Word16))
  print (read "300" :: Word8, read "-1" :: Word, read "200" :: Int8, read "99999999999999999999" :: Int)
