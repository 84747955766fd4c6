-- String-heavy Prelude program: a generated text taken apart with lines/words, numbers read
-- back with read, a word-frequency count, and show/unwords/unlines/reverse on the way out.
module Main (main) where

import Data.Char (isDigit, toUpper)
import Data.List (foldl', group, sort)

-- Line k: a sentence with k's digits spelled out, the number itself and a Double.
sentence :: Int -> String
sentence k = unwords (map spell (show k)) ++ " = " ++ show k ++ " " ++ show (fromIntegral k / 8 :: Double)
  where
    spell c = names !! (fromEnum c - fromEnum '0')
    names = words "zero one two three four five six seven eight nine"

main :: IO ()
main = do
  let text = unlines (map sentence [1 .. 25000])
  print (length text, length (lines text))
  let ws = words text
      nums = [read w :: Int | w <- ws, all isDigit w]
      dbls = [read w :: Double | w <- ws, '.' `elem` w]
  print (length ws, foldl' (+) 0 nums, sum dbls)
  let freq = map (\g -> (head g, length g)) (group (sort [w | w <- ws, not (any isDigit w)]))
  putStrLn (unwords [w ++ ":" ++ show n | (w, n) <- freq])
  let shouted = map toUpper (concat (take 300 (lines text)))
  print (length shouted, take 60 (reverse shouted))
  print (read (show (take 2000 nums)) == take 2000 nums, length (show (zip nums dbls)))
