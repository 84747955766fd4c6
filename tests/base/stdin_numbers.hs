-- stdin_numbers: getContents + lines + read: the first line is a count n, then n lines of
-- space-separated Ints (some negative), then a line of Doubles and a line with an Integer of
-- 60 digits; prints per-line sums, the overall max, the Double sum via showFFloat, and the
-- Integer squared; also hGetContents laziness (stdin is read once).
import Numeric (showFFloat)

main :: IO ()
main = do
  s <- getContents
  let (countLine : rest) = lines s
      n = read countLine :: Int
      (rows, rest') = splitAt n rest
      nums = map (map read . words) rows :: [[Int]]
      dbls = map read (words (head rest')) :: [Double]
      big = read (rest' !! 1) :: Integer
  mapM_ (\(i, r) -> putStrLn ("row " ++ show i ++ ": sum=" ++ show (sum r) ++ " len=" ++ show (length r))) (zip [1 :: Int ..] nums)
  print (maximum (concat nums), minimum (concat nums))
  putStrLn (showFFloat (Just 4) (sum dbls) "")
  print (big * big, big `mod` 97)
  print (length (lines s))
