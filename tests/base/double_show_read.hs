-- double_show_read: show and read of Double and Float: shortest round-trip digits (0.1,
-- 1/3, 1e22, 5e-324, max/min normal, subnormals), the switch between fixed and exponent
-- notation at 0.1 and 10^7, NaN, Infinity, -Infinity, -0.0, read of many spellings (leading
-- zeros, exponents, "Infinity", "NaN", negative inside parens, integer literals), and
-- show (read (show x)) == show x for a deterministic pseudo-random sample of bit patterns.
import GHC.Float (castWord64ToDouble, castWord32ToFloat, castDoubleToWord64, castFloatToWord32)
import Data.Word

ds :: [Double]
ds = [0, -0.0, 1, -1, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 100, 1234567, 9999999, 10000000, 12345678.9,
      0.1, 0.09999, 1.0e-2, 1e22, 1e23, 1.7976931348623157e308, 2.2250738585072014e-308,
      2.225073858507201e-308, 4.9406564584124654e-324, 5.0e-324, 1.0e-320, 123.456e-310,
      3.141592653589793, 2.718281828459045, 6.02214076e23, 1 / 0, -1 / 0, 0 / 0, 2 ^ (53 :: Int),
      2 ^ (53 :: Int) + 1, 0.5, 0.25, 1.5e-5, 4.35, 0.30000000000000004]

fs :: [Float]
fs = [0, -0.0, 1, 0.1, 1 / 3, 16777216, 16777217, 3.4028235e38, 1.1754944e-38, 1.0e-45, 1.4e-45,
      9999999, 10000000, 1.0e-2, 3.1415927, 1 / 0, -1 / 0, 0 / 0, 0.3]

lcg :: Word64 -> Word64
lcg x = x * 6364136223846793005 + 1442695040888963407

main :: IO ()
main = do
  mapM_ print ds
  print fs
  print (map (\d -> show (read (show d) :: Double) == show d) ds)
  print (map (\f -> show (read (show f) :: Float) == show f) fs)
  print (map castDoubleToWord64 [0, -0.0, 1, 5.0e-324, 1 / 0], map castFloatToWord32 [0, -0.0, 1.0e-45])
  print (map read ["1", "1.0", "-2.5", "007.50", "1e3", "1E-3", "1.5e+2", "  3.25  ", "(-4.0)", "( 5 )",
                   "Infinity", "-Infinity", "NaN", "1e400", "1e-400", "-0", "-0.0", "0x10", "123456789012345678901234567890"] :: [Double])
  print (map read ["1", "0.1", "3.4028235e38", "3.5e38", "1.0e-45", "7e-46", "-0", "NaN"] :: [Float])
  print (reads "1.5abc" :: [(Double, String)], reads ".5" :: [(Double, String)], reads "5." :: [(Double, String)])
  print (reads "1e" :: [(Double, String)], reads "-  2" :: [(Double, String)])
  let seeds = take 600 (iterate lcg 12345)
      dbls = [d | w <- seeds, let d = castWord64ToDouble w]
      flts = [f | w <- seeds, let f = castWord32ToFloat (fromIntegral (w `div` 4294967296))]
      okD = length [() | d <- dbls, let s = show d, show (read s :: Double) == s]
      okF = length [() | f <- flts, let s = show f, show (read s :: Float) == s]
  print (okD, okF)
  print (sum (map (length . show) dbls), sum (map (length . show) flts))
  mapM_ print (take 12 dbls)
  print (take 12 flts)
  print (realToFrac (0.1 :: Float) :: Double, realToFrac (0.1 :: Double) :: Float)
  print (fromIntegral (2 ^ (64 :: Int) :: Integer) :: Double, fromIntegral (maxBound :: Int) :: Double)
  print (show (1.0e-2 :: Double), showsPrec 7 (-1.5 :: Double) "", showsPrec 6 (-1.5 :: Double) "")
