-- maybe_either: Data.Maybe (maybe, fromMaybe, fromJust and its error, isJust/isNothing,
-- catMaybes, mapMaybe, listToMaybe/maybeToList) and Data.Either (either, lefts/rights,
-- partitionEithers, isLeft/isRight, fromLeft/fromRight), Data.Function (on, (&), fix),
-- Data.Ord (comparing, Down), Data.Tuple (swap, fst/snd, curry/uncurry), Data.Bool
-- (bool), Data.Functor ((<&>), ($>), (<$)), Data.Proxy.
import Data.Maybe
import Data.Either
import Data.Function (on, (&), fix)
import Data.Ord (comparing, Down (..))
import Data.Tuple (swap)
import Data.Bool (bool)
import Data.Functor ((<&>), ($>))
import Data.Proxy
import Data.List (sortBy, groupBy)
import Control.Exception

main :: IO ()
main = do
  print (maybe 0 (+ 1) (Just (5 :: Int)), maybe 0 (+ 1) Nothing, fromMaybe 'd' Nothing, fromMaybe 'd' (Just 'j'))
  print (isJust (Just ()), isNothing (Just ()), catMaybes [Just 1, Nothing, Just (3 :: Int)], mapMaybe (\x -> if x > 2 then Just (x * x) else Nothing) [1 .. 5 :: Int])
  print (listToMaybe [1, 2 :: Int], listToMaybe ([] :: [Int]), maybeToList (Just 'x'), maybeToList (Nothing :: Maybe Char), fromJust (Just True))
  r <- try (evaluate (fromJust (Nothing :: Maybe Int)))
  putStrLn (either (\e -> "fromJust Nothing: " ++ head (lines (show (e :: SomeException)))) show r)
  let es = [Left "a", Right 1, Right 2, Left "b", Right (3 :: Int)]
  print (lefts es, rights es, partitionEithers es, map isLeft es, map isRight es)
  print (either length negate (Left "abc" :: Either String Int), either length negate (Right 4 :: Either String Int))
  print (fromLeft "def" (Left "l" :: Either String Int), fromLeft "def" (Right 3 :: Either String Int), fromRight 0 (Right 9 :: Either String Int), fromRight 0 (Left "x" :: Either String Int))
  print (((==) `on` fst) (1 :: Int, 'a') (1, 'b'), [1, 2, 3 :: Int] & map (* 2) & sum, fix (\rec n -> if n <= 1 then 1 else n * rec (n - 1)) (10 :: Integer))
  print (sortBy (comparing snd) [(1 :: Int, 'c'), (2, 'a')], Down (3 :: Int) < Down 2, getDown (Down 'q'))
  print (swap (1 :: Int, "one"), curry fst 'a' 'b', uncurry (+) (3, 4 :: Int), fst (1 :: Int, 2 :: Int), snd (1 :: Int, 2 :: Int))
  print (bool "f" "t" True, bool "f" "t" False, Just 4 <&> (+ (1 :: Int)), Just 'x' $> "replaced", 'z' <$ [1, 2, 3 :: Int])
  print (Proxy :: Proxy Int, groupBy ((==) `on` (`div` 10)) [1, 5, 12, 18, 25, 31, 33 :: Int])
  print (sequenceA [Right 1, Left "first", Left "second" :: Either String Int], traverse (\x -> if x > 0 then Just x else Nothing) [1, 2, 3 :: Int])
  print (Just [1] <> Nothing <> Just [2 :: Int], fmap (+ 1) (Right 1 :: Either String Int), fmap (+ 1) (Left "e" :: Either String Int))
  print (Just 5 >>= \x -> if x > 3 then Just (x * 2) else Nothing :: Maybe Int, Left "stop" >>= \x -> Right (x + 1 :: Int))
  print (compare (Just 1) (Just (2 :: Int)), Nothing < Just (0 :: Int), Left 9 < (Right 0 :: Either Int Int), maximum [Just 3, Nothing, Just (7 :: Int)])
