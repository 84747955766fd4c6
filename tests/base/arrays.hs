-- arrays: GHC.Arr (base's immutable boxed arrays, Ix): listArray/array/accumArray, (!),
-- bounds, indices, elems, assocs, (//) updates, accum, fmap, 2-D arrays indexed by tuples,
-- Char- and Bool-indexed arrays, Ix range/index/inRange/rangeSize, show of arrays,
-- equality/ordering, a sieve of Eratosthenes with accumArray, and the out-of-range error;
-- plus GHC.Arr's STArray (newSTArray/readSTArray/writeSTArray/freezeSTArray) in runST.
import GHC.Arr
import Control.Monad.ST
import Control.Exception

sieve :: Int -> [Int]
sieve n = [i | (i, True) <- assocs composite']
  where
    composite = accumArray (\_ b -> b) True (2, n) [(m, False) | i <- [2 .. n], m <- [2 * i, 3 * i .. n]]
    composite' = composite

main :: IO ()
main = do
  let a = listArray (0, 9) [i * i | i <- [0 .. 9]] :: Array Int Int
  print a
  print (a ! 3, bounds a, take 3 (indices a), sum (elems a), take 2 (assocs a))
  let b = a // [(0, 100), (9, -1)]
  print (elems b, elems a == elems b, a == a, compare a b)
  print (accum (+) a [(1, 10), (1, 10), (2, 5)] ! 1, fmap negate a ! 4)
  let grid = array ((0, 0), (2, 2)) [((i, j), i * 3 + j) | i <- [0 .. 2], j <- [0 .. 2]] :: Array (Int, Int) Int
  print grid
  print (grid ! (1, 2), [grid ! (i, i) | i <- [0 .. 2]], bounds grid)
  let hist = accumArray (+) 0 ('a', 'e') [(c, 1 :: Int) | c <- "abracadabra", c <= 'e']
  print hist
  let flags = listArray (False, True) ["no", "yes"] :: Array Bool String
  print (flags ! True, flags)
  print (range ((0, 0), (1, 2)) :: [(Int, Int)], index (10, 20) (15 :: Int), inRange ('a', 'z') 'q', rangeSize ((1, 1), (3, 4) :: (Int, Int)))
  print (sieve 100)
  print (length (sieve 20000))
  r <- try (evaluate (a ! 10))
  either (\e -> putStrLn ("error: " ++ show (e :: SomeException))) print r
  let st = runST $ do
        arr <- newSTArray (1, 10) (0 :: Int)
        mapM_ (\i -> readSTArray arr (max 1 (i - 1)) >>= \prev -> writeSTArray arr i (prev + i)) [1 .. 10]
        frozen <- freezeSTArray arr
        return (elems frozen)
  print st
