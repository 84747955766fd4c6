-- Integer-heavy Prelude program: factorials, Fibonacci numbers and powers far beyond 64 bits,
-- their digits through show, and gcd/div/mod on big operands.
module Main (main) where

import Data.List (foldl')

digitSum :: Integer -> Int
digitSum = sum . map (\c -> fromEnum c - fromEnum '0') . show

-- A loop, not the usual lazy list: a top-level `fibs` is a CAF, and ahc keeps every entered
-- CAF alive (native GHC collects it), which would make this a memory benchmark.
fib :: Int -> Integer
fib n = go n 0 1
  where
    go 0 a _ = a
    go k a b = a `seq` go (k - 1) b (a + b)

main :: IO ()
main = do
  let f = product [1 .. 20000 :: Integer]
  print (length (show f), digitSum f)
  let fibN = fib 400000
  print (length (show fibN), fibN `mod` 1000000007)
  let p = 3 ^ (100000 :: Int) :: Integer
  print (digitSum p, (p `div` (2 ^ (155000 :: Int))) `mod` 1000000007)
  print ((fibN * p) `rem` f `mod` 1000000007, foldl' (\acc k -> (acc * 31 + k) `mod` (10 ^ (40 :: Int))) 7 [1 .. 300000 :: Integer])
  print (sum [toInteger k ^ (5 :: Int) | k <- [1 .. 100000 :: Int]])
