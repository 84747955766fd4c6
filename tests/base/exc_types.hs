-- exc_types: the standard exception types and how they print: ArithException (DivideByZero
-- from div/mod/quot/rem/divMod on Int and Integer, Overflow from minBound `div` (-1),
-- RatioZeroDenominator, and the others constructed and shown), ErrorCall (error and
-- errorWithoutStackTrace; the CallStack text), SomeException wrapping (show, displayException,
-- fromException to the right and wrong type), ArrayException (IndexOutOfBounds,
-- UndefinedElement shown), a GHC.Arr index error, PatternMatchFail (incomplete case, lambda,
-- irrefutable pattern), RecSelError, RecConError, NoMethodError, AssertionFailed constructed,
-- a custom exception with its own displayException, and a custom exception hierarchy
-- (toException/fromException through an intermediate SomeAppException).
{-# LANGUAGE ExistentialQuantification #-}
{-# OPTIONS_GHC -Wno-missing-methods -Wno-missing-fields -Wno-incomplete-patterns -Wno-incomplete-uni-patterns -Wno-overlapping-patterns #-}
import Control.Exception
import Data.Typeable (cast)
import GHC.Arr (listArray, (!), Array)

data Custom = Custom Int deriving Show
instance Exception Custom where
  displayException (Custom n) = "custom failure number " ++ show n

-- a hierarchy: SomeAppException > (DbError, NetError)
data SomeAppException = forall e. Exception e => SomeAppException e
instance Show SomeAppException where show (SomeAppException e) = "app: " ++ show e
instance Exception SomeAppException

appToException :: Exception e => e -> SomeException
appToException = toException . SomeAppException
appFromException :: Exception e => SomeException -> Maybe e
appFromException x = do SomeAppException a <- fromException x; cast a

data DbError = DbError String deriving Show
instance Exception DbError where
  toException = appToException
  fromException = appFromException

data NetError = NetError Int deriving Show
instance Exception NetError where
  toException = appToException
  fromException = appFromException

data R = A { fa :: Int } | B { fb :: Int } deriving Show
data S = S { sx :: Int, sy :: Int } deriving Show

class C a where
  cm :: a -> String
instance C Int

tryAny :: IO a -> IO (Either SomeException a)
tryAny = try

showRes :: Show a => String -> IO a -> IO ()
showRes label act = do
  r <- tryAny act
  case r of
    Left e -> putStrLn (label ++ ": " ++ show e)
    Right v -> putStrLn (label ++ " = " ++ show v)

main :: IO ()
main = do
  showRes "div Int" (evaluate (1 `div` (0 :: Int)))
  showRes "mod Int" (evaluate (1 `mod` (0 :: Int)))
  showRes "quot Integer" (evaluate (1 `quot` (0 :: Integer)))
  showRes "rem Integer" (evaluate (1 `rem` (0 :: Integer)))
  showRes "divMod Integer" (evaluate (fst (10 `divMod` (0 :: Integer))))
  showRes "minBound div -1" (evaluate ((minBound :: Int) `div` (-1)))
  showRes "minBound quot -1" (evaluate ((minBound :: Int) `quot` (-1)))
  showRes "ratio" (evaluate (toRational (1 :: Int) / 0))
  mapM_ print [Overflow, Underflow, LossOfPrecision, DivideByZero, Denormal, RatioZeroDenominator]
  r <- try (evaluate (1 `div` (0 :: Int)))
  case r of
    Left DivideByZero -> putStrLn "matched DivideByZero"
    Left e -> putStrLn ("other arith " ++ show e)
    Right _ -> putStrLn "no exception"
  showRes "error" (evaluate (error "plain error" :: Int))
  showRes "errorWithoutStackTrace" (evaluate (errorWithoutStackTrace "no trace" :: Int))
  r2 <- try (evaluate (error "multi\nline" :: ()))
  case r2 of
    Left (ErrorCallWithLocation msg loc) -> print (msg, loc)
    Right () -> return ()
  let se = toException (Custom 7)
  print (se, displayException se, displayException (Custom 8))
  print (fromException se :: Maybe Custom, fromException se :: Maybe ArithException)
  showRes "throw Custom" (throwIO (Custom 9) >> return ())
  r3 <- try (throwIO (Custom 10))
  case r3 of
    Left e -> putStrLn ("displayException via SomeException: " ++ displayException (e :: SomeException))
    Right () -> return ()
  print (IndexOutOfBounds "idx", UndefinedElement "elem", IndexOutOfBounds "")
  showRes "throw ArrayException" (throwIO (IndexOutOfBounds ": custom") >> return ())
  let arr = listArray (0, 4) [10, 20, 30, 40, 50] :: Array Int Int
  showRes "array in range" (evaluate (arr ! 2))
  showRes "array out of range" (evaluate (arr ! 7))
  showRes "case" (evaluate (case Just (3 :: Int) of Nothing -> 0 :: Int))
  showRes "lambda" (evaluate ((\(Just x) -> x) (Nothing :: Maybe Int)))
  showRes "irrefutable" (evaluate (let (Just y) = (Nothing :: Maybe Int) in y + 1))
  showRes "record selector" (evaluate (fb (A 1)))
  showRes "record construction" (evaluate (sy (S { sx = 1 })))
  showRes "no method" (evaluate (length (cm (1 :: Int))))
  print (AssertionFailed "my assertion")
  showRes "db as app" (throwIO (DbError "conn refused") >> return ())
  r4 <- try (throwIO (NetError 404))
  case r4 of
    Left (SomeAppException e) -> putStrLn ("caught as SomeAppException: " ++ show e)
    Right () -> return ()
  r5 <- try (try (throwIO (DbError "deadlock")) >>= \x -> case x of
                                                          Left (NetError n) -> return ("net " ++ show n)
                                                          Right () -> return "none")
  case r5 of
    Left (DbError s) -> putStrLn ("DbError passed through NetError handler: " ++ s)
    Right s -> putStrLn s
  print (fromException (toException (NetError 1)) :: Maybe DbError, fromException (toException (NetError 2)) :: Maybe NetError)
  showRes "userError" (ioError (userError "user error text") >> return ())
  showRes "throwIO ErrorCall" (throwIO (ErrorCall "thrown ErrorCall") >> return ())
