-- exc_basic: Control.Exception plumbing: throwIO and throw (pure) caught by catch/handle/
-- try/catches with the right handler chosen by type, catch falling through a non-matching
-- handler, rethrow from a handler, bracket (release runs on success and on exception, result
-- returned), bracket_, bracketOnError, finally (order of effects), onException, evaluate vs
-- return (laziness: an exception inside an unevaluated thunk escapes only when forced),
-- throw inside a lazy data structure, catchJust/handleJust/tryJust with a predicate, and
-- exceptions escaping from nested pure code.
import Control.Exception
import Data.IORef
import System.IO

data MyErr = MyErr String Int deriving Show
instance Exception MyErr

data Other = Other deriving Show
instance Exception Other

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  r1 <- try (throwIO (MyErr "io" 1))
  print (r1 :: Either MyErr ())
  r2 <- try (evaluate (throw (MyErr "pure" 2) :: Int))
  print (r2 :: Either MyErr Int)
  catch (throwIO Other) (\e -> putStrLn ("caught Other: " ++ show (e :: Other)))
  handle (\(MyErr s n) -> putStrLn ("handle: " ++ s ++ " " ++ show n)) (throwIO (MyErr "handled" 3))
  r3 <- try (catch (throwIO Other) (\e -> putStrLn ("wrong handler " ++ show (e :: MyErr))))
  print (r3 :: Either Other ())
  r4 <- try (catch (throwIO (MyErr "inner" 4)) (\e -> do putStrLn ("rethrowing " ++ show (e :: MyErr)); throwIO e))
  print (r4 :: Either MyErr ())
  let handlers = [Handler (\e -> return ("arith: " ++ show (e :: ArithException))),
                  Handler (\e -> return ("myerr: " ++ show (e :: MyErr))),
                  Handler (\e -> return ("other: " ++ show (e :: SomeException)))]
  mapM_ (\act -> catches act handlers >>= putStrLn)
    [evaluate (1 `div` (0 :: Int)) >> return "no", throwIO (MyErr "c" 5), throwIO Other, return "no exception"]
  -- bracket
  logRef <- newIORef []
  let say s = modifyIORef logRef (s :)
  res <- bracket (say "acquire" >> return 10) (\_ -> say "release") (\x -> say "use" >> return (x * 2))
  print res
  r5 <- try (bracket (say "acquire2" >> return ()) (\_ -> say "release2") (\_ -> throwIO Other >> return ()))
  print (r5 :: Either Other ())
  bracket_ (say "before") (say "after") (say "middle")
  r6 <- try (bracketOnError (say "acq3" >> return 'x') (\_ -> say "onError release") (\_ -> throwIO (MyErr "boe" 6)))
  print (r6 :: Either MyErr Char)
  _ <- bracketOnError (say "acq4" >> return 'y') (\_ -> say "never") (\c -> say ("ok " ++ [c]) >> return c)
  readIORef logRef >>= mapM_ putStrLn . reverse
  -- finally / onException
  (putStrLn "body" >> return ()) `finally` putStrLn "finally ran"
  r7 <- try ((throwIO Other >> putStrLn "unreachable") `finally` putStrLn "finally ran after exception")
  print (r7 :: Either Other ())
  r8 <- try (throwIO (MyErr "oe" 7) `onException` putStrLn "onException ran")
  print (r8 :: Either MyErr ())
  (return () `onException` putStrLn "never printed") >> putStrLn "no onException on success"
  -- laziness
  r9 <- try (return (throw Other :: Int))
  case r9 of
    Left e -> putStrLn ("return caught " ++ show (e :: Other))
    Right _ -> putStrLn "return did not force the thunk"
  r10 <- try (evaluate (throw Other :: Int))
  print (r10 :: Either Other Int)
  let xs = [1, 2, throw (MyErr "third" 3), 4] :: [Int]
  print (length xs, take 2 xs)
  r11 <- try (evaluate (sum xs))
  print (r11 :: Either MyErr Int)
  r12 <- try (evaluate (length (show (Just (error "in show" :: Int)))))
  putStrLn (either (\e -> "error: " ++ takeWhile (/= '\n') (show (e :: ErrorCall))) show r12)
  -- catchJust / handleJust / tryJust
  let isBig (MyErr _ n) = if n > 10 then Just n else Nothing
  catchJust isBig (throwIO (MyErr "big" 42)) (\n -> putStrLn ("catchJust got " ++ show n))
  r13 <- try (catchJust isBig (throwIO (MyErr "small" 1)) (\n -> putStrLn ("catchJust got " ++ show n)))
  print (r13 :: Either MyErr ())
  handleJust isBig (\n -> putStrLn ("handleJust got " ++ show n)) (throwIO (MyErr "big" 99))
  r14 <- tryJust (\e -> if e == DivideByZero then Just "dz" else Nothing) (evaluate (5 `mod` (0 :: Int)))
  print r14
  -- nested: an exception raised deep in pure recursion
  let deep :: Int -> Int
      deep 0 = throw (MyErr "deep" 0)
      deep n = 1 + deep (n - 1)
  r15 <- try (evaluate (deep 10000))
  print (r15 :: Either MyErr Int)
  r16 <- try (evaluate (foldr (\x acc -> if x == 500 then throw Other else x + acc) 0 [1 .. 1000 :: Int]))
  print (r16 :: Either Other Int)
  putStrLn "end"
