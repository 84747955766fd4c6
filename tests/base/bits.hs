-- bits: Data.Bits and Data.Bits' FiniteBits on Int, Word, Int8..Int64, Word8..Word64:
-- popCount, shiftL/shiftR (arithmetic for signed, logical for unsigned, shifts >= width),
-- unsafeShiftL/R, rotate/rotateL/rotateR (incl. negative and > width amounts), testBit,
-- setBit/clearBit/complementBit, complement, .&. .|. xor, countLeadingZeros,
-- countTrailingZeros, finiteBitSize, bitSizeMaybe, isSigned, and byteSwap16/32/64,
-- bitReverse8..64 (Data.Word).
import Data.Bits
import Data.Int
import Data.Word

report :: (Show a, FiniteBits a, Num a) => String -> [a] -> IO ()
report name xs = do
  putStrLn (name ++ " size=" ++ show (finiteBitSize (head xs)) ++ " signed=" ++ show (isSigned (head xs)) ++ " maybe=" ++ show (bitSizeMaybe (head xs)))
  mapM_ (\x -> putStrLn ("  " ++ unwords
          [show x, show (popCount x), show (countLeadingZeros x), show (countTrailingZeros x),
           show (shiftL x 3), show (shiftR x 3), show (shiftR x (finiteBitSize x - 1)), show (shiftL x (finiteBitSize x)),
           show (shiftR x (finiteBitSize x + 5)), show (rotateL x 5), show (rotateR x 5), show (rotate x (-3)),
           show (rotate x (finiteBitSize x + 1)), show (complement x), show (testBit x 0), show (testBit x (finiteBitSize x - 1)),
           show (setBit x 1), show (clearBit x 0), show (complementBit x 2), show (x .&. 0x5a), show (x .|. 0x5a), show (xor x 0x5a),
           show (unsafeShiftL x 1), show (unsafeShiftR x 1)])) xs

main :: IO ()
main = do
  report "Int" [0, 1, -1, 12345, minBound, maxBound, -12345 :: Int]
  report "Word" [0, 1, maxBound, 12345, 2 ^ (63 :: Int) :: Word]
  report "Int8" [0, 1, -1, 100, minBound, maxBound, -100 :: Int8]
  report "Int16" [0, -1, 1000, minBound, maxBound :: Int16]
  report "Int32" [0, -1, 100000, minBound, maxBound :: Int32]
  report "Int64" [0, -1, 10000000000, minBound, maxBound :: Int64]
  report "Word8" [0, 1, 100, 128, maxBound :: Word8]
  report "Word16" [0, 1, 1000, 32768, maxBound :: Word16]
  report "Word32" [0, 1, 100000, 2147483648, maxBound :: Word32]
  report "Word64" [0, 1, 10000000000, 9223372036854775808, maxBound :: Word64]
  print (byteSwap16 0x1234, byteSwap32 0x12345678, byteSwap64 0x0123456789abcdef)
  print (bitReverse8 1, bitReverse16 1, bitReverse32 0x12345678, bitReverse64 1)
  print (bit 0 :: Int, bit 63 :: Int, bit 7 :: Int8, bit 8 :: Word8, zeroBits :: Word16)
  print (shift (1 :: Int) 64, shift (1 :: Int) (-1), shift (-8 :: Int) (-1), shiftR (-1 :: Int) 64, shiftL (1 :: Word) 63)
  print (popCount (-1 :: Int), popCount (-1 :: Int8), popCount (0x0f0f :: Word16), countLeadingZeros (0 :: Word32), countTrailingZeros (0 :: Int64))
  print ((.&.) 12 10 :: Int, (.|.) 12 10 :: Int, xor 12 10 :: Int, complement 0 :: Word8, (5 :: Int) `testBit` 2)
  print (foldr xor 0 [1 .. 1000 :: Int], foldr (.|.) 0 (map bit [0, 2 .. 62]) :: Word64, oneBits :: Int8)
  where
    oneBits = complement zeroBits
