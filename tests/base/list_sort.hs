-- list_sort: Data.List.sort/sortBy/sortOn on 10^5 Ints from a linear congruential generator
-- (checks sortedness, a position-weighted checksum, stability of sortBy/sortOn on equal
-- keys), sort of already-sorted / reverse-sorted / all-equal input, insert, and
-- foldl'-based statistics (min, max, sum, distinct count via group).
import Data.List
import Data.Ord (comparing)

lcg :: Int -> Int
lcg x = (x * 1103515245 + 12345) `mod` 2147483648

rands :: Int -> Int -> [Int]
rands n seed = take n (tail (iterate lcg seed))

checksum :: [Int] -> Int
checksum = foldl' (\acc x -> (acc * 31 + x) `mod` 1000000007) 7

sorted :: Ord a => [a] -> Bool
sorted xs = and (zipWith (<=) xs (drop 1 xs))

main :: IO ()
main = do
  let xs = rands 100000 42
      ys = sort xs
  print (take 5 xs)
  print (take 8 ys, take 3 (reverse ys))
  print (sorted ys, length ys, checksum ys, checksum xs)
  print (foldl' min maxBound xs, foldl' max minBound xs, foldl' (+) 0 xs)
  print (length (group ys), length (nub (map (`mod` 1000) (take 2000 xs))))
  let keyed = zip (map (`mod` 100) (take 20000 xs)) [0 :: Int ..]
      byKey = sortBy (comparing fst) keyed
      stable = and (zipWith (\(k1, i1) (k2, i2) -> k1 < k2 || (k1 == k2 && i1 < i2)) byKey (drop 1 byKey))
  print (stable, take 4 byKey)
  let on = sortOn negate (map (`mod` 1000) (take 20000 xs))
  print (take 10 on, sorted (reverse on))
  print (checksum (sort [1 .. 50000]), checksum (sort [50000, 49999 .. 1]), sort (replicate 5 'a' ++ "cb"))
  print (insert 5 [1, 3, 7, 9 :: Int], sortBy (flip compare) "haskell", sortOn snd [(1 :: Int, 'c'), (2, 'a'), (3, 'b')])
  let ws = map (\x -> show (x `mod` 997)) (take 3000 xs)
  print (take 10 (sort ws), length (sortOn length ws))
  print (maximumBy (comparing (`mod` 1000)) (take 1000 xs), minimumBy (comparing (`mod` 1000)) (take 1000 xs))
