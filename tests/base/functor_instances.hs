-- functor_instances: the Functor/Applicative/Monad (and Alternative, MonadFail where base
-- has them) instances of lists, Maybe, Either e, ((->) r), tuples ((,) w with a Monoid),
-- IO and Data.Functor.Identity/Const/Compose/Product/Sum: fmap/<$>/<$/$>, pure/<*>/*>/<*/
-- liftA2/liftA3, >>=/>>/return, Alternative empty/<|>/some-free many-free usage, optional,
-- ZipList, the reader monad (functions), and Functor laws spot-checked.
import Control.Applicative
import Data.Functor.Identity
import Data.Functor.Const
import Data.Functor.Compose
import qualified Data.Functor.Product as P
import qualified Data.Functor.Sum as S
import Data.Monoid (Sum (..))

main :: IO ()
main = do
  print (fmap (+ 1) [1, 2, 3 :: Int], (+ 1) <$> Just (1 :: Int), 'x' <$ Just True, fmap length (Right "abc" :: Either Int String))
  print (pure 5 :: [Int], [(+ 1), (* 10)] <*> [1, 2 :: Int], Just (+ 3) <*> Just (4 :: Int), (Nothing :: Maybe (Int -> Int)) <*> Just (4 :: Int))
  print ([1, 2] *> "ab", [1, 2 :: Int] <* "ab", Just 1 *> Just 'b', Just 'a' <* (Nothing :: Maybe Int))
  print (liftA2 (,) [1, 2 :: Int] "xy", liftA3 (,,) (Just 'a') (Just True) (Just ()), liftA2 (+) (Right 1) (Left "err" :: Either String Int))
  print ([1, 2, 3] >>= \x -> replicate x (x :: Int), Just 3 >>= \x -> if x > 2 then Just (x * 2) else Nothing :: Maybe Int)
  print ((Left "e1" :: Either String Int) >>= ((\_ -> Left "e2") :: Int -> Either String Int), (Right 2 :: Either String Int) >>= \x -> Right (x + 1), [1, 2 :: Int] >> "ab")
  -- functions: Functor is composition, Applicative/Monad is the reader
  let f = (+ 1) <$> (* 2) :: Int -> Int
      g = (+) <$> (* 2) <*> (+ 10) :: Int -> Int
      h = do { a <- (* 2); b <- (+ 10); return (a * b) } :: Int -> Int
  print (f 5, g 5, h 5, (pure 7 :: Int -> Int) 99, liftA2 (&&) even (> 3) (4 :: Int))
  -- tuples with a Monoid in the first component (writer-like)
  print (fmap (+ 1) ("log", 1 :: Int), ("a", (+ 1)) <*> ("b", 1 :: Int), ("x", 1 :: Int) >>= \n -> ("y", n * 10 :: Int))
  print ((Sum 3, 'a') <* (Sum (4 :: Int), ()), pure 'p' :: (String, Char))
  -- Alternative
  print (empty :: Maybe Int, Nothing <|> Just 1 <|> Just (2 :: Int), [1, 2] <|> [3 :: Int], optional (Just 'o'), optional (Nothing :: Maybe Char))
  print (getZipList (ZipList [(+ 1), (* 2)] <*> ZipList [10, 20 :: Int]), getZipList (liftA2 (+) (ZipList [1, 2, 3]) (ZipList [10, 20 :: Int])), take 3 (getZipList (pure 'z')))
  print (runIdentity (Identity 3 >>= \x -> Identity (x * (7 :: Int))), fmap (+ 1) (Identity (1 :: Int)), getConst (fmap (+ (1 :: Int)) (Const "const")))
  print (getConst (Const [1 :: Int] <*> Const [2]), getCompose (fmap (+ 1) (Compose [Just 1, Nothing, Just (3 :: Int)])))
  print (getCompose (Compose [Just (+ 1)] <*> Compose [Just (1 :: Int), Nothing]), fmap (+ 1) (P.Pair [1] (Just (2 :: Int))), fmap (+ 1) (S.InL (Just 1) :: S.Sum Maybe [] Int))
  -- IO
  x <- fmap (* 2) (return 21 :: IO Int)
  y <- (+) <$> pure 1 <*> pure (2 :: Int)
  z <- liftA2 (++) (return "io") (return "!")
  print (x, y, z)
  io <- (putStr "first " *> return 'a') <* putStrLn "second"
  print io
  -- laws, spot-checked
  let xs = [1, 2, 3 :: Int]
  print (fmap id xs == xs, fmap ((+ 1) . (* 2)) xs == (fmap (+ 1) . fmap (* 2)) xs, (pure id <*> Just 'v') == Just 'v')
  print ((return 4 >>= \v -> Just (v + 1)) == Just (5 :: Int), (Just 4 >>= return) == Just (4 :: Int))
  print (sequenceA [(+ 1), (* 2), subtract 3] (10 :: Int), traverse (\v -> [v, v * 10]) [1, 2 :: Int])
  print (concat <$> mapM (\v -> Just [v]) "abc", (,) <$> Just 1 <*> Just "two" :: Maybe (Int, String))
  print (zip3 <$> Just [1 :: Int] <*> Just "a" <*> Just [True], (<>) <$> ["a", "b"] <*> ["1", "2"])
