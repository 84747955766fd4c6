-- derive_eq_ord_enum: derived Eq/Ord (compare, <, max/min, sort-order of constructors and
-- fields, lexicographic records, comparisons involving NaN), Enum (succ/pred, [x..],
-- [x,y..z], toEnum/fromEnum, enumFromThenTo on Int/Char/Double/Integer incl. the Double
-- half-step rule), Bounded (minBound/maxBound of enums, tuples, Int8..Word64, Char), and the
-- errors raised by succ maxBound / toEnum out of range (caught and printed).
import Control.Exception
import Data.Int
import Data.Word
import Data.List (sort, sortBy)
import Data.Ord (comparing, Down (..))

data Day = Mon | Tue | Wed | Thu | Fri | Sat | Sun
  deriving (Show, Eq, Ord, Enum, Bounded)

data Shape = Circle Double | Rect Double Double | Dot
  deriving (Show, Eq, Ord)

data P = P { px :: Int, py :: String } deriving (Show, Eq, Ord)

data B = B Bool Day deriving (Show, Eq, Ord, Bounded)

tryShow :: Show a => a -> IO ()
tryShow x = do
  r <- try (evaluate x)
  case r of
    Left e -> putStrLn ("exception: " ++ show (e :: SomeException))
    Right v -> print v

main :: IO ()
main = do
  print [minBound .. maxBound :: Day]
  print (succ Mon, pred Sun, fromEnum Fri, toEnum 2 :: Day)
  print [Mon, Wed ..]
  print [Sun, Fri .. Mon]
  print ([minBound, maxBound] :: [Day], minBound :: B, maxBound :: B)
  print (compare Mon Tue, Mon < Sun, max Wed Tue, min Wed Tue, Sat >= Sat)
  print (sort [Rect 1 2, Dot, Circle 3, Rect 1 1, Circle (-1)])
  print (sort [P 2 "b", P 1 "z", P 2 "a", P 1 "a"])
  print (sortBy (comparing Down) [3, 1, 2 :: Int])
  print (Circle (0 / 0) == Circle (0 / 0), compare (0 / 0) (1 :: Double), (0 / 0 :: Double) < 1, (0 / 0 :: Double) > 1)
  print (max (0 / 0) (1 :: Double), min (0 / 0) (1 :: Double))
  print (compare [1, 2] [1, 2, 3 :: Int], compare "abc" "abd", compare (Just 1) (Nothing :: Maybe Int))
  print (compare (Left 5) (Right 'a' :: Either Int Char), (1, 'b') < (1 :: Int, 'a'))
  print (LT < GT, [LT ..], succ False, [False ..])
  print (['a' .. 'j'], ['a', 'c' .. 'k'], ['z', 'x' .. 'p'])
  print ([1, 3 .. 10 :: Int], [10, 7 .. -5 :: Int], [5 .. 1 :: Int], take 3 [7 :: Integer ..])
  print ([1.0, 1.5 .. 3.0 :: Double], [0.1, 0.2 .. 0.5 :: Double], [1 .. 3.5 :: Double])
  print ([1.0 .. 2.5 :: Float], [3, 2.5 .. 1 :: Float])
  print ([10 ^ 20, 10 ^ 20 + 7 .. 10 ^ 20 + 30 :: Integer])
  print (fromEnum 'A', toEnum 955 :: Char, fromEnum (3.7 :: Double), fromEnum (-3.7 :: Double))
  print (minBound :: Int8, maxBound :: Int8, minBound :: Int16, maxBound :: Int16)
  print (minBound :: Int32, maxBound :: Int32, minBound :: Int64, maxBound :: Int64)
  print (maxBound :: Word8, maxBound :: Word16, maxBound :: Word32, maxBound :: Word64, maxBound :: Word)
  print (minBound :: Char, maxBound :: Char, (minBound, maxBound) :: (Bool, Ordering))
  print ([maxBound - 2 ..] :: [Word8], [minBound + 1, minBound .. ] :: [Int8])
  print (take 5 [maxBound - 2 :: Int ..])
  tryShow (succ Sun)
  tryShow (pred Mon)
  tryShow (toEnum 7 :: Day)
  tryShow (succ (maxBound :: Int))
  tryShow (pred (minBound :: Word8))
  tryShow (toEnum 300 :: Word8)
  tryShow (toEnum (-1) :: Char)
  tryShow (succ (maxBound :: Char))
  print (Down 3 < Down (4 :: Int), compare (Down 'a') (Down 'b'))
