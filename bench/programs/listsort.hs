-- List-heavy Prelude program: primes by trial division, a merge sort of pseudo-random numbers
-- (Data.List.sort), foldl' sums, zipWith/takeWhile/replicate over lazy lists.
module Main (main) where

import Data.List (foldl', sort)

-- A linear congruential generator, so the output is the same everywhere.
randoms :: Int -> [Int]
randoms seed = tail (iterate step seed)
  where step x = (x * 1103515245 + 12345) `mod` 2147483648

primes :: [Int]
primes = 2 : filter isPrime [3, 5 ..]
  where isPrime n = all (\p -> n `mod` p /= 0) (takeWhile (\p -> p * p <= n) primes)

main :: IO ()
main = do
  let ps = takeWhile (< 300000) primes
  print (length ps, last ps, foldl' (+) 0 ps)
  let xs = take 200000 (randoms 42)
      sorted = sort xs
  print (take 5 sorted, sorted !! 100000, foldl' max 0 xs)
  let pairs = zipWith (\a b -> a `xor'` b) sorted (reverse sorted)
      xor' a b = (a + b) `mod` 1000003
  print (foldl' (+) 0 pairs, length (filter even pairs))
  print (sum (map length (replicate 50 (concatMap show [1 .. 2000 :: Int]))))
