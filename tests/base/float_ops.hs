-- float_ops: RealFrac and RealFloat on Double and Float: floor/ceiling/round/truncate
-- (banker's rounding of .5 cases, negatives, results as Int and as Integer for huge values),
-- properFraction, decodeFloat/encodeFloat/significand/exponent/scaleFloat/floatDigits/
-- floatRange/floatRadix, isNaN/isInfinite/isDenormalized/isNegativeZero/isIEEE, atan2 in all
-- quadrants, realToFrac (constant-folded and at run time; NaN/Infinity through it),
-- fromIntegral of big Integers to Double/Float (rounding to nearest-even), toRational,
-- elementary functions (sqrt, exp, log, sin, cos, tan, asinh, **, logBase) at exact points,
-- and arithmetic on Infinity/NaN/-0.0.
vals :: [Double]
vals = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994, 2.4, 2.6, -2.6, 1.0e15 + 0.5, 3, -3,
        4503599627370495.5, 1.0e-300, -1.0e-300]

main :: IO ()
main = do
  mapM_ (\v -> print (v, floor v :: Int, ceiling v :: Int, round v :: Int, truncate v :: Int, properFraction v :: (Int, Double))) vals
  print (map (round :: Float -> Int) [0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5], map (round :: Double -> Integer) [1.0e20 + 0.5, -1.0e30])
  print (floor (1.0e30 :: Double) :: Integer, ceiling (-1.0e25 :: Double) :: Integer, truncate (2 ** 80 :: Double) :: Integer)
  print (truncate (1.0e10 :: Float) :: Int, floor (-0.0 :: Double) :: Int, round (-0.0 :: Float) :: Integer)
  mapM_ (\d -> print (d, decodeFloat d, significand d, exponent d, isDenormalized d, isNegativeZero d))
        [1, 0.1, -0.75, 0, -0.0, 5.0e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 1 / 0, 1024 :: Double]
  mapM_ (\f -> print (f, decodeFloat f, significand f, exponent f, isDenormalized f))
        [1, 0.1, -3, 1.0e-45, 1.1754944e-38, 3.4028235e38 :: Float]
  print (encodeFloat 1 (-1074) :: Double, encodeFloat 1 (-1075) :: Double, encodeFloat 3 1023 :: Double, encodeFloat (2 ^ (60 :: Int)) (-60) :: Double)
  print (encodeFloat 12345 (-3) :: Float, uncurry encodeFloat (decodeFloat (0.1 :: Double)) == (0.1 :: Double))
  print (scaleFloat 3 (1.5 :: Double), scaleFloat (-2000) (1 :: Double), scaleFloat 5000 (1 :: Double), scaleFloat 1 (0 / 0 :: Double))
  print (floatDigits (0 :: Double), floatDigits (0 :: Float), floatRange (0 :: Double), floatRange (0 :: Float), floatRadix (0 :: Double))
  let nan = 0 / 0 :: Double; inf = 1 / 0 :: Double
  print (isNaN nan, isNaN inf, isInfinite inf, isInfinite (-inf), isInfinite nan, isIEEE nan, isNegativeZero (-0.0 :: Float), isNegativeZero (0 :: Double))
  print (inf - inf, inf * 0, inf + 1, -inf, 1 / (-0.0) :: Double, -0.0 + 0 :: Double, -0.0 * 1 :: Double, 0 * (-1) :: Double)
  print (nan == nan, nan /= nan, nan < 1, compare 1 inf, sqrt (-1) :: Double, sqrt (-0.0) :: Double)
  print [atan2 y x | (y, x) <- [(1, 1), (1, -1), (-1, -1), (-1, 1), (0, -1), (-0.0, -1), (0, 0), (1, 0)] :: [(Double, Double)]]
  n <- return (read "0.1" :: Float)
  print (realToFrac (0.1 :: Float) :: Double, realToFrac n :: Double, realToFrac (1 / 3 :: Double) :: Float)
  print (realToFrac nan :: Float, realToFrac (-inf) :: Float, realToFrac (3.5e38 :: Double) :: Float)
  m <- return (read "NaN" :: Double)
  print (realToFrac m :: Float, realToFrac (read "-Infinity" :: Double) :: Float, realToFrac (read "-0.0" :: Double) :: Float)
  print (fromIntegral (2 ^ (53 :: Int) + 1 :: Integer) :: Double, fromIntegral (2 ^ (53 :: Int) + 3 :: Integer) :: Double,
         fromIntegral (2 ^ (1024 :: Int) :: Integer) :: Double, fromIntegral (negate (3 ^ (500 :: Int)) :: Integer) :: Double)
  print (fromIntegral (2 ^ (24 :: Int) + 1 :: Integer) :: Float, fromIntegral (2 ^ (128 :: Int) :: Integer) :: Float,
         fromIntegral (maxBound :: Int) :: Float, fromIntegral (minBound :: Int) :: Double)
  print (toRational (0.1 :: Double), toRational (-0.0 :: Double), toRational (1.0e-2 :: Float))
  print (sqrt 2 :: Double, exp 1 :: Double, log 10 :: Double, sin 0 :: Double, cos 0 :: Double, tan 0 :: Double)
  print (2 ** 10 :: Double, 2 ** 0.5 :: Float, logBase 2 1024 :: Double, asinh 0 :: Double, pi :: Double, pi :: Float)
  print (0.1 + 0.2 :: Double, 0.1 + 0.2 :: Float, 1 - 0.9 :: Double, 1.0e16 + 1 :: Double, 3 * 1.1 :: Double)
  print (fromIntegral (3 :: Int) / 7 :: Double, 1 / 7 :: Float, recip 3 :: Double, negate 0 :: Double)
  print (minimum [3, nan, 1], maximum [3, nan, 1], max nan 1, min 1 nan)
  print (truncate (1 / 0 :: Double) :: Integer)
