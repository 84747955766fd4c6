-- integer_big: Integer arithmetic on big values: factorial 1000 (digits, digit sum, show),
-- 2^4096 `mod` a large prime and a modular-exponentiation loop, gcd/lcm (incl. negatives and
-- zero), div/mod/quot/rem/divMod/quotRem with all sign combinations on small and huge
-- operands, read of a 300-digit number (and negative), show of huge negatives, comparisons,
-- abs/signum/negate, integer square root by Newton, Fibonacci 1000, the small/big boundary
-- (2^63, 2^64 around Int range).
import Data.List (foldl')
import Data.Char (digitToInt)

fact :: Integer -> Integer
fact n = product [1 .. n]

powMod :: Integer -> Integer -> Integer -> Integer
powMod _ 0 m = 1 `mod` m
powMod b e m
  | even e = let h = powMod b (e `div` 2) m in h * h `mod` m
  | otherwise = b * powMod b (e - 1) m `mod` m

isqrt :: Integer -> Integer
isqrt 0 = 0
isqrt n = go n
  where
    go x = let y = (x + n `div` x) `div` 2 in if y >= x then x else go y

fibs :: [Integer]
fibs = 0 : 1 : zipWith (+) fibs (tail fibs)

checksum :: Integer -> Integer
checksum x = x `mod` 1000000007

main :: IO ()
main = do
  let f = fact 1000
      s = show f
  print (length s, sum (map digitToInt s), take 20 s, length (takeWhile (== '0') (reverse s)))
  print (checksum f)
  print (fact 25, fact 21, fact 20)
  let p = 170141183460469231731687303715884105727 -- 2^127 - 1
  print (2 ^ (4096 :: Int) `mod` p, 2 ^ (4096 :: Int) `mod` (p * p + 2))
  print (powMod 3 (10 ^ 30) p, powMod 2 (p - 1) p, powMod 12345678901234567890 98765432109876543210 (10 ^ 40 + 7))
  print (gcd (fact 50) (2 ^ (100 :: Int)), lcm (2 ^ (70 :: Int) * 3) (2 ^ (65 :: Int) * 5 :: Integer))
  print (gcd 0 0 :: Integer, gcd (-12) 18 :: Integer, lcm (-4) 6 :: Integer, lcm 0 5 :: Integer, gcd (-(2 ^ (80 :: Int))) 0 :: Integer)
  let big = 2 ^ (100 :: Int) + 12345 :: Integer
      smalls = [7, -7, 3, -3] :: [Integer]
  mapM_ (\(a, b) -> print (a, b, a `div` b, a `mod` b, a `quot` b, a `rem` b, divMod a b, quotRem a b))
        [(a, b) | a <- [17, -17, 0], b <- smalls]
  mapM_ (\(a, b) -> print (a `div` b, a `mod` b, a `quot` b, a `rem` b))
        [(a, b) | a <- [big, negate big], b <- [big `div` 3, negate (big `div` 3), 7, -7, 2 ^ (64 :: Int) + 1]]
  let digits300 = concat (replicate 30 "1234567890")
      r = read digits300 :: Integer
      rn = read ('-' : digits300) :: Integer
  print (r `mod` 999999937, rn `mod` 999999937, rn `rem` 999999937, show r == digits300, length (show rn))
  print (negate (2 ^ (200 :: Int)) :: Integer)
  print (negate (fact 60), abs (negate (fact 30)), signum (negate (fact 30)), signum (0 :: Integer))
  print (compare (2 ^ (64 :: Int)) (2 ^ (63 :: Int) :: Integer), (2 ^ (64 :: Int) :: Integer) == 18446744073709551616)
  print [2 ^ (63 :: Int) - 1, 2 ^ (63 :: Int), 2 ^ (64 :: Int) - 1, 2 ^ (64 :: Int), -(2 ^ (63 :: Int)), -(2 ^ (63 :: Int)) - 1 :: Integer]
  print (fromIntegral (maxBound :: Int) + 1 :: Integer, fromIntegral (minBound :: Int) - 1 :: Integer)
  print (isqrt (10 ^ (101 :: Int)), isqrt (fact 100) ^ (2 :: Int) <= fact 100)
  print (fibs !! 1000 `mod` (10 ^ 20), length (show (fibs !! 1000)))
  print (foldl' (+) 0 [1 .. 100000 :: Integer], foldl' (*) 1 [1 .. 30 :: Integer] `div` fact 28)
  print (product [1 .. 40 :: Integer] `divMod` product [1 .. 20])
  print ((10 ^ (50 :: Int) :: Integer) * (-(10 ^ (50 :: Int))) + 1)
  print (even (fact 30), odd (fact 30 + 1), (2 :: Integer) ^ (0 :: Int), (-2 :: Integer) ^ (63 :: Int))
  print (toRational (2 ^ (70 :: Int) :: Integer), fromInteger (2 ^ (70 :: Int)) :: Integer)
  print (subtract 1 (2 ^ (64 :: Int)) `div` 255 :: Integer, (2 ^ (128 :: Int) - 1) `quotRem` (2 ^ (64 :: Int) + 1) :: (Integer, Integer))
