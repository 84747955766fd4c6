-- list_ops: Data.List and Prelude list functions: nub, group, groupBy, sortOn, foldl',
-- foldr laziness, transpose (ragged), intercalate, intersperse, isPrefixOf/isSuffixOf/
-- isInfixOf/isSubsequenceOf, partition, span/break, splitAt, zip3/unzip3, zipWith3, lookup,
-- elem, scanl/scanl1/scanr/scanr1/scanl', iterate/takeWhile/dropWhile/dropWhileEnd,
-- replicate/cycle, words/unwords/lines/unlines (edge cases: empty, trailing newline, runs of
-- spaces), subsequences/permutations, tails/inits, stripPrefix, find/findIndex/elemIndices,
-- union/intersect/(\\), delete, insertBy, deleteBy, unfoldr, mapAccumL/mapAccumR, zip with
-- infinite lists, genericLength, and/or/any/all, concatMap, (!!) and its error.
import Data.List
import Data.Char (isDigit, toUpper)
import Control.Exception

main :: IO ()
main = do
  print (nub [3, 1, 3, 2, 1, 4 :: Int], group "aabbbcdaa", groupBy (\a b -> even a == even b) [2, 4, 1, 3, 6, 8, 5 :: Int])
  print (sortOn length ["ccc", "a", "bb", "", "dd"], foldl' (flip (:)) [] [1, 2, 3 :: Int], foldr (\x acc -> x : take 2 acc) [] [1 .. 10 :: Int])
  print (take 5 (foldr (\x acc -> x : acc) [] [1 :: Int ..]))
  print (transpose ["abc", "de", "fghi", ""], transpose [[1, 2, 3], [4, 5, 6 :: Int]], transpose ([] :: [[Int]]))
  print (intercalate ", " ["a", "b", "c"], intersperse '-' "abc", intercalate [0] [[1, 2], [], [3 :: Int]])
  print ("ab" `isPrefixOf` "abc", "bc" `isSuffixOf` "abc", "ell" `isInfixOf` "hello", "" `isInfixOf` "", "lol" `isInfixOf` "hello", isSubsequenceOf "hlo" "hello")
  print (partition even [1 .. 10 :: Int], span (< 3) [1 .. 6 :: Int], break (== ' ') "hello world", splitAt 2 "abcde", splitAt (-1) "ab", splitAt 10 "ab")
  let (as, bs, cs) = unzip3 [(1 :: Int, 'a', True), (2, 'b', False), (3, 'c', True)]
  print (zip3 [1, 2, 3 :: Int] "abcd" [True, False], as, bs, cs, zipWith3 (\x y z -> x + y * z) [1, 2] [3, 4] [5, 6 :: Int])
  print (lookup 2 [(1, "one"), (2, "two")], lookup 9 [(1 :: Int, "one")], elem 3 [1, 2, 3 :: Int], notElem 'z' "abc")
  print (scanl (+) 0 [1 .. 5 :: Int], scanl1 max [3, 1, 4, 1, 5 :: Int], scanr (+) 0 [1 .. 4 :: Int], scanr1 (-) [1 .. 4 :: Int], scanl' (*) 1 [1 .. 6 :: Int])
  print (takeWhile (< 100) (iterate (* 2) 1) :: [Int], dropWhile isDigit "123abc45", dropWhileEnd (== ' ') "trail   ", take 7 (cycle [1, 2, 3 :: Int]))
  print (words "  hello   world \t\n foo  ", words "", unwords ["a", "b", ""], unwords [])
  print (lines "a\nb\n\nc", lines "a\n", lines "", lines "\n", lines "x\r\ny", unlines ["a", "b"], unlines [])
  print (subsequences [1, 2, 3 :: Int], length (permutations [1 .. 6 :: Int]), take 4 (permutations "abc"))
  print (tails "abc", inits "abc", stripPrefix "foo" "foobar", stripPrefix "x" "foobar")
  print (find (> 3) [1 .. 10 :: Int], findIndex (== 'c') "abcabc", elemIndices 'a' "banana", elemIndex 'n' "banana", findIndices even [1, 2, 4, 5 :: Int])
  print (union [1, 2, 3] [3, 4, 1, 5 :: Int], intersect [1, 2, 3, 4] [2, 4, 6 :: Int], [1, 2, 3, 2, 1] \\ [2, 1 :: Int], delete 3 [1, 3, 2, 3 :: Int])
  print (insertBy (\a b -> compare b a) 3 [5, 4, 2, 1 :: Int], deleteBy (\a b -> a == b + 1) 3 [1, 2, 3 :: Int], unionBy (\a b -> a `mod` 3 == b `mod` 3) [1, 2] [3, 4, 5, 6 :: Int])
  print (unfoldr (\n -> if n > 60 then Nothing else Just (n, n * 3)) (1 :: Int), mapAccumL (\acc x -> (acc + x, acc * x)) 0 [1 .. 5 :: Int], mapAccumR (\acc x -> (acc + x, acc * x)) 0 [1 .. 5 :: Int])
  print (zip [1 :: Int ..] "abc", take 3 (zip (repeat 'x') [True ..]), genericLength "abcd" :: Integer, replicate 3 "ab")
  print (and [], or [], any even [1, 3, 5 :: Int], all odd [1, 3, 5 :: Int], concatMap (replicate 2) "abc", concat [[1], [], [2, 3 :: Int]])
  print (sum [], product [] :: Int, maximum "hello", minimum [3, 1, 2 :: Int], length [1 .. 12345 :: Int], reverse [1 .. 5 :: Int])
  print (lookup "b" (zip (map (: []) "abc") [1 :: Int ..]), zipWith (,) "ab" [1 :: Int ..], unzip [(1 :: Int, 'x'), (2, 'y')])
  print (map toUpper "mixed Case 123", filter (`elem` "aeiou") "functional programming", last [1, 2, 3 :: Int], init "abc", null [], null "a")
  print (splitOn' ',' "a,b,,c,", foldl (-) 10 [1, 2, 3 :: Int], foldr (-) 10 [1, 2, 3 :: Int], foldl1 (-) [10, 2, 3 :: Int], foldr1 (-) [10, 2, 3 :: Int])
  print (iterate' (`div` 2) 100 !! 3 :: Int, [1, 2, 3] !! 2 :: Int, lookup 3 (zip [1 ..] "abc"), zip3 "ab" "cd" "ef")
  print (sortOn fst (zip "hello" [1 :: Int ..]), groupBy (\a b -> a <= b) [1, 2, 3, 2, 5, 1, 0 :: Int], nubBy (\a b -> a `mod` 3 == b `mod` 3) [1 .. 10 :: Int])
  r <- try (evaluate ([1, 2, 3 :: Int] !! 5))
  print (r :: Either SomeException Int)
  r2 <- try (evaluate ([1, 2, 3 :: Int] !! (-1)))
  print (r2 :: Either SomeException Int)
  r3 <- try (evaluate (foldr1 max ([] :: [Int])))
  print (r3 :: Either SomeException Int)
  r4 <- try (evaluate (maximum ([] :: [Int])))
  print (r4 :: Either SomeException Int)
  where
    splitOn' c s = case break (== c) s of
      (a, []) -> [a]
      (a, _ : rest) -> a : splitOn' c rest
