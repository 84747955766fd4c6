-- semigroup_monoid: Semigroup/Monoid: <> and mconcat/mempty on lists, Ordering
-- (comparison chaining), Maybe (lifting a Semigroup), tuples, functions (a -> b with a
-- Monoid b), unit, IO (); the Data.Monoid/Data.Semigroup newtypes Sum, Product, Min, Max,
-- First, Last (both modules' versions), All, Any, Dual, Endo, Alt; sconcat, stimes (incl.
-- stimes on lists and Sum), cycle1-free usage, mtimesDefault, a user-defined Monoid instance.
import Data.Semigroup
import qualified Data.Monoid as M
import Data.List.NonEmpty (NonEmpty (..))
import Data.List (sortBy)
import Data.Ord (comparing)

newtype MaxLen = MaxLen String deriving Show

instance Semigroup MaxLen where
  MaxLen a <> MaxLen b = if length b > length a then MaxLen b else MaxLen a

instance Monoid MaxLen where
  mempty = MaxLen ""

main :: IO ()
main = do
  print ([1, 2] <> [3 :: Int], "ab" <> mempty <> "cd", mconcat ["x", "y", "z"], mempty :: String)
  print (LT <> GT, EQ <> GT, EQ <> EQ, mconcat [EQ, EQ, LT, GT])
  let people = [("bob", 25), ("alice", 30), ("carol", 25), ("al", 30 :: Int)]
  print (sortBy (comparing snd <> comparing fst) people)
  print (Just [1] <> Nothing <> Just [2 :: Int], (Nothing :: Maybe String) <> Nothing, mconcat [Just "a", Nothing, Just "b"])
  print (("a", [1 :: Int]) <> ("b", [2]), ((), "u") <> ((), "v"), (mempty :: (String, [Int])))
  print ((show <> const "-" <> show) (42 :: Int), mconcat [take 2, drop 4, reverse] "abcdef")
  print (getSum (foldMap Sum [1 .. 100 :: Int]), getProduct (foldMap Product [1 .. 10 :: Integer]), Sum 3 <> Sum (4 :: Int), mempty :: Sum Int)
  print (Min 3 <> Min (1 :: Int), Max 3 <> Max (1 :: Int), sconcat (Min 5 :| [Min 2, Min (8 :: Int)]), getMax (foldMap Max (4 :| [9, 2 :: Int])))
  print (First 1 <> First (2 :: Int), Last 1 <> Last (2 :: Int), M.getFirst (M.First (Just 1) <> M.First Nothing <> M.First (Just (3 :: Int))), M.getLast (foldMap (M.Last . Just) [1, 2, 3 :: Int]))
  print (getAll (All True <> All False), getAny (Any False <> Any True), mempty :: All, mempty :: Any)
  print (getDual (Dual "a" <> Dual "b"), appEndo (Endo (+ 1) <> Endo (* 10)) (5 :: Int), appEndo (foldMap Endo [(* 2), (+ 3)]) (1 :: Int))
  print (M.getAlt (M.Alt Nothing <> M.Alt (Just 'x') <> M.Alt (Just 'y')), M.getAlt (foldMap (M.Alt . Just) "abc"))
  print (stimes (3 :: Int) "ab", stimes (4 :: Int) (Sum (5 :: Int)), stimes (3 :: Int) (Product (2 :: Int)), stimes (2 :: Int) (Just [1 :: Int]))
  print (sconcat ("a" :| ["b", "c"]), mtimesDefault (3 :: Int) "xy")
  print (mconcat (map MaxLen ["a", "abc", "ab", "xyz"]), MaxLen "q" <> mempty)
  mempty :: IO ()
  (putStr "io-semigroup " <> putStrLn "works")
  r <- return "a" <> return "b"
  putStrLn r
  print (fmap (<> "!") (Just "hi"), Min 'a' <> Min 'b', Max "apple" <> Max "banana", (<>) (Just (Sum (1 :: Int))) (Just (Sum 2)))
