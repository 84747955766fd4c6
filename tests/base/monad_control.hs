-- monad_control: Control.Monad in IO and in pure monads: mapM_/forM_/mapM/forM, sequence/
-- sequence_, foldM/foldM_, replicateM/replicateM_, when/unless, zipWithM/zipWithM_, filterM
-- (powerset), liftM2/ap, join, (>=>)/(<=<), forever with an exception to stop it, void,
-- mapAndUnzipM, msum/mplus/mzero/guard in lists and Maybe, and do-notation with pattern-match
-- failure in Maybe/list (MonadFail).
import Control.Monad
import Control.Exception
import Data.IORef

data Stop = Stop deriving Show
instance Exception Stop

safeDiv :: Int -> Int -> Maybe Int
safeDiv _ 0 = Nothing
safeDiv a b = Just (a `div` b)

main :: IO ()
main = do
  mapM_ print [1, 2, 3 :: Int]
  forM_ "ab" (\c -> putStrLn [c, c])
  xs <- mapM (\x -> return (x * 2)) [1 .. 5 :: Int]
  ys <- forM [1 .. 3 :: Int] (\x -> do print x; return (x + 100))
  print (xs, ys)
  zs <- sequence [return 1, return 2, pure (3 :: Int)]
  sequence_ [putStr "s1 ", putStr "s2 ", putStrLn "s3"]
  print zs
  total <- foldM (\acc x -> do putStrLn ("acc=" ++ show acc ++ " x=" ++ show x); return (acc + x)) 0 [1 .. 4 :: Int]
  print total
  foldM_ (\acc x -> print (acc * x) >> return (acc * x)) 1 [1 .. 5 :: Int]
  r <- newIORef (0 :: Int)
  replicateM_ 10 (modifyIORef r (+ 1))
  readIORef r >>= print
  rs <- replicateM 3 (modifyIORef r (* 2) >> readIORef r)
  print rs
  when True (putStrLn "when True")
  when False (putStrLn "when False (never)")
  unless False (putStrLn "unless False")
  unless True (putStrLn "unless True (never)")
  ws <- zipWithM (\a b -> return (a ++ show b)) ["x", "y", "z"] [1 :: Int ..]
  print ws
  zipWithM_ (\i s -> putStrLn (show i ++ ": " ++ s)) [1 :: Int ..] ["one", "two"]
  print (filterM (const [True, False]) [1, 2, 3 :: Int])
  evens <- filterM (\x -> return (even x)) [1 .. 10 :: Int]
  print evens
  print (liftM2 (+) (Just 1) (Just (2 :: Int)), return (+ 1) `ap` Just (5 :: Int), join [[1], [2, 3 :: Int]], join (Just (Just 'j')))
  print ((safeDiv 100 >=> safeDiv 50) 5, (safeDiv 100 <=< safeDiv 50) 0, (safeDiv 100 >=> safeDiv 50) 200)
  cnt <- newIORef (0 :: Int)
  res <- try (forever (do n <- readIORef cnt; when (n >= 5) (throwIO Stop); writeIORef cnt (n + 1)))
  readIORef cnt >>= \n -> print (n, either (\Stop -> "stopped") (const "impossible") (res :: Either Stop ()))
  void (return (42 :: Int))
  (as, bs) <- mapAndUnzipM (\x -> return (x, x * x)) [1 .. 4 :: Int]
  print (as, bs)
  print (msum [Nothing, Just 1, Just (2 :: Int)], mplus [1, 2] [3 :: Int], (mzero :: Maybe Int), [x | x <- [1 .. 20 :: Int], x `mod` 7 == 0])
  print (do x <- [1 .. 4 :: Int]; guard (odd x); return (x * 10))
  print (do { (a, 'x') <- Just (1 :: Int, 'y'); return a }, do { Just v <- [Just 1, Nothing, Just (3 :: Int)]; return v })
  print (forM [1, 2, 3 :: Int] (\x -> if x > 0 then Just x else Nothing), forM [1, -2, 3 :: Int] (\x -> if x > 0 then Right x else Left ("bad " ++ show x)))
  print (mapM (\x -> [x, x + 10]) [1, 2 :: Int], sequence [Just 1, Nothing :: Maybe Int], replicateM 2 "ab")
  print (foldM (\acc x -> if x < 0 then Nothing else Just (acc + x)) 0 [1, 2, 3 :: Int], zipWithM safeDiv [10, 20] [2, 0])
  print =<< foldM (\a b -> return (a ++ [b])) [] "fold"
