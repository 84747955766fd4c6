-- natural: Numeric.Natural: arithmetic on small and huge Naturals, show/read, div/mod,
-- gcd/lcm, (^), Bits (popCount, shiftL/R, testBit, .&.), conversions to/from Integer/Int/
-- Word (wrapping), and the "arithmetic underflow" exceptions from subtraction below zero,
-- negate, and fromInteger of a negative number (caught, printed).
import Numeric.Natural
import Data.Bits
import Control.Exception

main :: IO ()
main = do
  let a = 2 ^ (100 :: Int) :: Natural
      b = 12345678901234567890 :: Natural
  print (a, b, a + b, a * b, a `div` b, a `mod` b, divMod a 7, quotRem b 1000)
  print (gcd a (2 ^ (40 :: Int) * 3), lcm b 10, b ^ (3 :: Int), product [1 .. 25 :: Natural])
  print (read "98765432109876543210987654321" :: Natural, show (0 :: Natural), [0 .. 5 :: Natural], succ (2 ^ (64 :: Int) :: Natural))
  print (popCount a, popCount b, shiftL b 10, shiftR a 90, testBit a 100, testBit a 99, a .&. (a - 1), b .|. 1, xor b b)
  print (toInteger a, fromIntegral b :: Int, fromIntegral a :: Word, fromIntegral (maxBound :: Word) :: Natural, fromInteger (10 ^ (30 :: Int)) :: Natural)
  print (compare a b, max a b, minimum [b, a, 3], even b, a - a)
  r1 <- try (evaluate (3 - 5 :: Natural))
  print (r1 :: Either ArithException Natural)
  r2 <- try (evaluate (negate 1 :: Natural))
  print (r2 :: Either ArithException Natural)
  r3 <- try (evaluate (fromInteger (-7) :: Natural))
  print (r3 :: Either ArithException Natural)
  r4 <- try (evaluate (b `div` 0))
  print (r4 :: Either ArithException Natural)
  r5 <- try (evaluate (pred (0 :: Natural)))
  print (r5 :: Either SomeException Natural)
  print (negate 0 :: Natural, abs b, signum b, signum (0 :: Natural))
