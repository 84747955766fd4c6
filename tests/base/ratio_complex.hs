-- ratio_complex: Data.Ratio (% normalisation and sign, numerator/denominator, arithmetic,
-- comparisons, show/read of Rational and nested in Maybe, toRational/fromRational,
-- approxRational, truncate/round of ratios incl. banker's rounding, Ratio Int, the
-- zero-denominator error) and Data.Complex (arithmetic, magnitude/phase/polar/mkPolar/cis,
-- conjugate, realPart/imagPart, show/read with negatives and precedence, sqrt/exp/log of
-- complex numbers at exact points).
import Data.Ratio
import Data.Complex
import Control.Exception

main :: IO ()
main = do
  let a = 3 % 4 :: Rational
      b = (-6) % 8 :: Rational
      c = 5 % (-10) :: Rational
  print (a, b, c, numerator c, denominator c)
  print (a + b, a - b, a * b, a / b, recip c, negate a, abs b, signum b)
  print (compare a b, a > c, max a b, sum (map (1 %) [1 .. 20]) :: Rational)
  print (Just (1 % 3 :: Rational), [1 % 2, -1 % 2 :: Rational], read "(-3) % 4" :: Rational, read " 10 % 4 " :: Rational)
  print (showsPrec 8 (1 % 2 :: Rational) "", showsPrec 7 (1 % 2 :: Rational) "")
  print (toRational (0.75 :: Double), fromRational (1 % 3) :: Double, fromRational (7 % 2) :: Float)
  print (approxRational (pi :: Double) 0.001, approxRational (0.3333 :: Double) 0.001)
  print (map (round :: Rational -> Integer) [1 % 2, 3 % 2, 5 % 2, -1 % 2, -3 % 2, 7 % 3])
  print (map (truncate :: Rational -> Integer) [7 % 2, -7 % 2], map (floor :: Rational -> Integer) [7 % 2, -7 % 2], map (ceiling :: Rational -> Integer) [7 % 2, -7 % 2])
  print (properFraction (-7 % 2 :: Rational) :: (Integer, Rational))
  print (3 % 6 :: Ratio Int, (2 % 3) ^ (10 :: Int) :: Ratio Int, fromIntegral (5 :: Int) :: Rational, realToFrac (1.5 :: Double) :: Rational)
  print ((2 % 3 :: Rational) ^^ (-3 :: Int), toRational (1 / 0 :: Double))
  r <- try (evaluate (1 % 0 :: Rational))
  print (r :: Either ArithException Rational)
  r2 <- try (evaluate (recip (0 :: Rational)))
  print (r2 :: Either ArithException Rational)
  let z = 3 :+ 4 :: Complex Double
      w = (-1) :+ 2 :: Complex Double
  print (z, w, z + w, z - w, z * w, z / w)
  print (magnitude z, phase w, polar z, realPart z, imagPart w, conjugate z)
  print (mkPolar 2 0 :: Complex Double, cis 0 :: Complex Double, negate z, abs z, signum z)
  print (sqrt ((-4) :+ 0) :: Complex Double, exp (0 :+ 0) :: Complex Double, log (1 :+ 0) :: Complex Double, z ^ (2 :: Int))
  print (Just ((-1.5) :+ (-2)) :: Maybe (Complex Double), [1 :+ 1, 0 :+ (-1)] :: [Complex Float])
  print (read "(-1.0) :+ 2.5" :: Complex Double, read "Just (1.0 :+ (-1.0))" :: Maybe (Complex Double))
  print (fromIntegral (3 :: Int) :: Complex Double, 2.5 :: Complex Double, (0 :+ 1) * (0 :+ 1) :: Complex Double)
