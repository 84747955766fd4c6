-- foldable_traversable: Data.Foldable and Data.Traversable on lists, Maybe, Either, tuples
-- and a user-defined tree with derived Functor/Foldable/Traversable: foldr/foldl/foldr'/
-- foldl', foldMap, toList, null, length, elem, sum/product, maximum/minimum(By), foldrM/
-- foldlM, traverse_/for_/sequenceA_, asum, find, and/or/any/all, concatMap; traverse/
-- sequenceA/mapM/for in Maybe, Either, list and IO; mapAccumL/R; the order effects run in.
{-# LANGUAGE DeriveTraversable #-}
import Data.Foldable
import Data.Traversable
import Data.Monoid
import Data.Ord (comparing)

data Tree a = Leaf | Node (Tree a) a (Tree a) deriving (Show, Functor, Foldable, Traversable)

fromList :: [a] -> Tree a
fromList [] = Leaf
fromList xs = let (l, x : r) = splitAt (length xs `div` 2) xs in Node (fromList l) x (fromList r)

data Rose a = Rose a [Rose a] deriving (Show, Functor, Foldable, Traversable)

main :: IO ()
main = do
  let t = fromList [1 .. 10 :: Int]
      rose = Rose 1 [Rose 2 [Rose 4 []], Rose 3 [Rose 5 [], Rose (6 :: Int) []]]
  print t
  print (toList t, sum t, product t, length t, maximum t, minimum t, elem 7 t, null t, null Leaf)
  print (foldr (:) [] t, foldl (flip (:)) [] t, foldr' (+) 0 t, foldl' (-) 0 t, foldr1 (-) t, foldl1 (-) t)
  print (foldMap (\x -> [x, x]) (Just 'a'), foldMap Sum t, getProduct (foldMap Product [1 .. 6 :: Int]), getAll (foldMap (All . even) t), getAny (foldMap (Any . even) t))
  print (getFirst (foldMap (First . Just) t), getLast (foldMap (Last . Just) t), toList rose, sum rose, fmap (* 2) rose)
  print (maximumBy (comparing negate) t, minimumBy (comparing (`mod` 4)) t, find (> 4) t, any (> 9) t, all (> 0) t, concatMap show t)
  print (length (Just 'x'), length Nothing, length (Left 1 :: Either Int Char), length (Right 'r' :: Either Int Char), length ('a', 'b'), sum (3 :: Int, 4 :: Int))
  print (toList (Right 5 :: Either String Int), maximum (Just (3 :: Int)), elem 2 (1 :: Int, 2 :: Int), and (Just False), or [])
  r <- foldrM (\x acc -> do putStrLn ("foldrM " ++ show x); return (acc + x)) 0 [1, 2, 3 :: Int]
  l <- foldlM (\acc x -> do putStrLn ("foldlM " ++ show x); return (acc * 10 + x)) 0 [1, 2, 3 :: Int]
  print (r, l)
  traverse_ print (Just "traverse_ Just")
  for_ [1, 2 :: Int] (\i -> putStrLn ("for_ " ++ show i))
  sequenceA_ [putStrLn "sequenceA_ 1", putStrLn "sequenceA_ 2"]
  mapM_ print rose
  print (asum [Nothing, Just 1, Just (2 :: Int)], asum [[1, 2], [3 :: Int]])
  print (traverse (\x -> if x > 0 then Just (x * 2) else Nothing) t)
  print (traverse (\x -> if x /= 5 then Right x else Left ("five at " ++ show x)) t)
  print (sequenceA [Just 1, Just (2 :: Int)], sequenceA [[1, 2], [3, 4 :: Int]], sequence (Just [1, 2 :: Int]))
  print (traverse (\x -> [x, -x]) (Node Leaf 1 (Node Leaf (2 :: Int) Leaf)))
  t2 <- traverse (\x -> do putStr (show x ++ " "); return (x * x)) t
  putStrLn ""
  print t2
  rose2 <- for rose (\x -> do putStr ("<" ++ show x ++ ">"); return (show x))
  putStrLn ""
  print rose2
  print (mapAccumL (\acc x -> (acc + x, acc)) 0 t, mapAccumR (\acc x -> (acc + x, acc)) 0 [1, 2, 3 :: Int])
  print (fmapDefault (+ 1) [1, 2, 3 :: Int], foldMapDefault (\x -> [x]) (Just 'd'))
  print (sum (fmap fromIntegral t :: Tree Double), foldr (\x acc -> x : take 2 acc) [] [1 :: Int ..])
