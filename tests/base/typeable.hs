-- typeable: Data.Typeable / Type.Reflection: show of typeOf/typeRep for base types
-- (Int, Integer, Char, String, Double, (), Bool, Ordering), Maybe [Int], Either String
-- (Maybe Bool), tuples up to 4, lists of tuples, functions (Int -> Bool, curried, higher
-- order with parens), IO (), IORef Int, MVar, user-defined types and type constructors,
-- typeRepArgs/typeRepTyCon/tyConName/tyConModule/splitTyConApp, funResultTy, cast/eqT/gcast
-- successes and failures, Proxy-based typeRep, and a heterogeneous list of Dynamic values
-- (Data.Dynamic: toDyn/fromDynamic/dynTypeRep, show of Dynamic).
{-# LANGUAGE ScopedTypeVariables, TypeOperators #-}
import Data.Typeable
import Data.Dynamic
import Data.IORef
import Control.Concurrent.MVar
import Data.Word
import Data.Int
import qualified Type.Reflection as R

data Color = Red | Green deriving (Show)
data Pair a b = Pair a b
newtype Wrap f = Wrap (f Int)

main :: IO ()
main = do
  print (typeOf (1 :: Int), typeOf (1 :: Integer), typeOf 'c', typeOf "str", typeOf (1.5 :: Double), typeOf ())
  print (typeOf True, typeOf LT, typeOf (1 :: Word8), typeOf (1 :: Int64), typeOf (1.5 :: Float))
  print (typeOf (Just [1 :: Int]), typeOf (Left "x" :: Either String (Maybe Bool)), typeOf [Just 'a'])
  print (typeOf (1 :: Int, 'c'), typeOf ((), True, "s"), typeOf (1 :: Int, 2 :: Int, 3 :: Int, 'x'), typeOf [(1 :: Int, "a")])
  print (typeOf (even :: Int -> Bool), typeOf ((+) :: Int -> Int -> Int), typeOf (map :: (Int -> Char) -> [Int] -> [Char]))
  print (typeOf (Just (even :: Int -> Bool)), typeOf [id :: Bool -> Bool], typeOf (putStrLn "x"), typeOf (return 1 :: IO Int))
  ref <- newIORef (0 :: Int)
  mv <- newEmptyMVar :: IO (MVar String)
  print (typeOf ref, typeOf mv)
  print (typeOf Red, typeOf (Pair 'a' [Red]), typeRep (Proxy :: Proxy Pair), typeRep (Proxy :: Proxy Maybe), typeRep (Proxy :: Proxy Either))
  print (typeRep (Proxy :: Proxy (Either Int)), typeRep (Proxy :: Proxy Wrap), typeOf (Wrap (Just 3)))
  let tr = typeOf (Just [1 :: Int], 'x')
  print (typeRepArgs tr, typeRepTyCon tr, splitTyConApp (typeOf (Right 1 :: Either Char Int)))
  let tc = typeRepTyCon (typeOf (Just 'a'))
  print (tyConName tc, tyConModule tc, tyConPackage tc == "base", tyConName (typeRepTyCon (typeOf Red)), tyConModule (typeRepTyCon (typeOf Red)))
  print (funResultTy (typeOf (even :: Int -> Bool)) (typeOf (1 :: Int)), funResultTy (typeOf (even :: Int -> Bool)) (typeOf 'c'))
  print (typeOf (1 :: Int) == typeOf (2 :: Int), typeOf (1 :: Int) == typeOf (1 :: Integer), typeRepFingerprint (typeOf 'a') == typeRepFingerprint (typeOf 'b'))
  print (cast (1 :: Int) :: Maybe Int, cast (1 :: Int) :: Maybe Integer, cast "s" :: Maybe String, eqT :: Maybe (Int :~: Int), eqT :: Maybe (Int :~: Bool))
  print (gcast (Just 'x') :: Maybe (Maybe Char), gcast (Just 'x') :: Maybe (Maybe Int))
  let dyns = [toDyn (1 :: Int), toDyn "two", toDyn 'c', toDyn (Just (3.5 :: Double)), toDyn (even :: Int -> Bool)]
  print dyns
  print (map dynTypeRep dyns)
  print ([fromDynamic d :: Maybe Int | d <- dyns], [fromDynamic d :: Maybe String | d <- dyns])
  print (fromDyn (dyns !! 2) 'z', fromDyn (head dyns) 'z', fmap ($ (4 :: Int)) (fromDynamic (dyns !! 4) :: Maybe (Int -> Bool)))
  print (dynApply (dyns !! 4) (head dyns), fmap dynTypeRep (dynApply (dyns !! 4) (dyns !! 1)))
  print (R.typeRep :: R.TypeRep (Maybe Int), R.typeOf [True], R.typeRepKind (R.typeRep :: R.TypeRep Maybe))
  print (typeRep (Proxy :: Proxy [Int]), typeRep (Proxy :: Proxy [] ), typeRep (Proxy :: Proxy (,)), typeRep (Proxy :: Proxy ((->) Int)))
  print (typeOf (undefined :: Maybe (Int -> Maybe Int) -> [Either () (Int, Int)]))
