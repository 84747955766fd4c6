-- numeric_show: the Numeric module: showFFloat/showEFloat/showGFloat with Nothing and with
-- precisions 0..6 (rounding of halves, large and tiny values, negatives, -0.0, NaN,
-- Infinity), showFFloatAlt/showGFloatAlt, showHex/showOct/showBin-free showIntAtBase,
-- showSigned, showInt, readHex/readOct/readDec/readSigned/readFloat, floatToDigits,
-- fromRat, lexDigits.
import Numeric
import Data.Char (intToDigit)

vals :: [Double]
vals = [0, -0.0, 1, -1, 0.5, 1.5, 2.5, 0.125, 0.005, 0.015, 0.045, 1.005, 123.456, -123.456,
        1234567.891, 1.0e-4, 9.9999e-5, 1.0e7, 1.23e22, 5.0e-324, 1 / 3, 2 / 3, 0.95, 9.995, 99.5,
        1 / 0, -1 / 0, 0 / 0]

main :: IO ()
main = do
  mapM_ (\v -> putStrLn (unwords [showFFloat Nothing v "", showEFloat Nothing v "", showGFloat Nothing v ""])) vals
  mapM_ (\v -> putStrLn (unwords [showFFloat (Just p) v "" | p <- [0 .. 6]])) vals
  mapM_ (\v -> putStrLn (unwords [showEFloat (Just p) v "" | p <- [0 .. 4]])) vals
  mapM_ (\v -> putStrLn (unwords [showGFloat (Just p) v "" | p <- [0, 2, 5]])) vals
  putStrLn (unwords [showFFloatAlt Nothing (2 :: Double) "", showFFloatAlt (Just 0) (2 :: Double) "",
                     showGFloatAlt (Just 0) (3 :: Double) "", showGFloatAlt Nothing (1.0e8 :: Double) ""])
  putStrLn (unwords [showFFloat (Just 3) (1.0005 :: Float) "", showEFloat (Just 2) (3.14159 :: Float) "",
                     showGFloat Nothing (1.0e-3 :: Float) ""])
  putStrLn (unwords [showHex (255 :: Int) "", showHex (2 ^ (70 :: Int) :: Integer) "", showOct (8 :: Int) "",
                     showOct (511 :: Word) "", showIntAtBase 2 intToDigit (37 :: Int) "", showIntAtBase 36 intToDigit' (123456789 :: Integer) ""])
  putStrLn (unwords [showSigned showInt 0 (-5 :: Int) "", showSigned showInt 7 (-5 :: Int) "", showSigned showInt 7 (5 :: Int) "",
                     showInt (12345678901234567890 :: Integer) ""])
  print (readHex "ff rest" :: [(Int, String)], readHex "DEADbeef" :: [(Integer, String)], readOct "777" :: [(Int, String)])
  print (readDec "123abc" :: [(Int, String)], readSigned readDec "-42 x" :: [(Int, String)], readHex "xyz" :: [(Int, String)])
  print (readFloat "3.25e2x" :: [(Double, String)], readFloat "1.5" :: [(Rational, String)])
  print (floatToDigits 10 (123.456 :: Double), floatToDigits 2 (0.75 :: Double), floatToDigits 10 (5.0e-324 :: Double))
  print (floatToDigits 16 (255.5 :: Float), floatToDigits 10 (0 :: Double))
  print (fromRat (1 / 3) :: Double, fromRat (10 ^ (400 :: Int)) :: Double, fromRat (-7 / 2) :: Float)
  print (lexDigits "123abc", lexDigits "abc")
  where
    intToDigit' d = "0123456789abcdefghijklmnopqrstuvwxyz" !! d
