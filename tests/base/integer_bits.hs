-- integer_bits: Data.Bits on Integer (.&., .|., xor, complement, shiftL/shiftR incl.
-- arithmetic shift of negatives, testBit, setBit/clearBit, popCount of positives and
-- negatives, bit), and conversions that wrap: fromInteger/fromIntegral of big and negative
-- Integers into Int, Word, Int8..Int64, Word8..Word64; toInteger of extremes; integerLog2-like
-- bit lengths computed with shifts.
import Data.Bits
import Data.Int
import Data.Word

bitLen :: Integer -> Int
bitLen 0 = 0
bitLen n = 1 + bitLen (n `shiftR` 1)

main :: IO ()
main = do
  let a = 2 ^ (100 :: Int) + 2 ^ (64 :: Int) + 0xdeadbeef :: Integer
      b = 2 ^ (90 :: Int) - 1 :: Integer
      n = negate a
  print (a .&. b, a .|. b, xor a b)
  print (n .&. b, n .|. b, xor n b, n .&. n, complement a, complement n)
  print (complement (0 :: Integer), complement (-1 :: Integer))
  print (shiftL a 37, shiftR a 37, shiftR n 37, shiftR n 200, shiftR a 200, shiftL (-1) 100 :: Integer)
  print (shiftR (-5) 1 :: Integer, shiftR (-1) 10 :: Integer, shift 3 (-1) :: Integer, shift 3 70 :: Integer)
  print (map (testBit a) [0, 1, 2, 31, 32, 63, 64, 65, 99, 100, 101], map (testBit n) [0, 4, 64, 100, 500])
  print (setBit 0 200 :: Integer, clearBit a 100, clearBit a 64 == a - 2 ^ (64 :: Int), complementBit (-1) 3 :: Integer)
  print (popCount a, popCount b, popCount (-1 :: Integer), popCount n, popCount (negate (2 ^ (70 :: Int)) :: Integer))
  print (bit 65 :: Integer, zeroBits :: Integer, bitSizeMaybe (0 :: Integer), isSigned (0 :: Integer))
  print (bitLen a, bitLen (2 ^ (1000 :: Int)), bitLen 1, bitLen 255)
  let xs = [0, 1, -1, 127, 128, 255, 256, -128, -129, 32767, 32768, 65535, 65536,
            2 ^ (31 :: Int), 2 ^ (32 :: Int) - 1, 2 ^ (32 :: Int), 2 ^ (63 :: Int) - 1, 2 ^ (63 :: Int),
            2 ^ (64 :: Int) - 1, 2 ^ (64 :: Int), 2 ^ (64 :: Int) + 5, negate (2 ^ (64 :: Int)) - 5,
            2 ^ (100 :: Int) + 77, negate (2 ^ (100 :: Int)) - 77, 0x123456789abcdef0123456789] :: [Integer]
  mapM_ (\x -> print (x, fromInteger x :: Int, fromInteger x :: Word, fromInteger x :: Int8,
                      fromInteger x :: Word8, fromInteger x :: Int16, fromInteger x :: Word16)) xs
  mapM_ (\x -> print (fromInteger x :: Int32, fromInteger x :: Word32, fromInteger x :: Int64,
                      fromInteger x :: Word64, fromIntegral x :: Int, fromIntegral x :: Word8)) xs
  print (toInteger (minBound :: Int), toInteger (maxBound :: Word), toInteger (minBound :: Int8), toInteger (maxBound :: Word64))
  print (fromIntegral (-1 :: Int) :: Word, fromIntegral (maxBound :: Word) :: Int, fromIntegral (300 :: Int) :: Word8,
         fromIntegral (-1 :: Int8) :: Word16, fromIntegral (200 :: Word8) :: Int8, fromIntegral (-1 :: Int32) :: Integer)
  print (fromIntegral (maxBound :: Word64) :: Integer, fromIntegral (minBound :: Int64) :: Word64)
  print (a `shiftR` 64 .&. 0xff, (a .&. (2 ^ (64 :: Int) - 1)) == 0xdeadbeef)
