-- generics: GHC.Generics (base): deriving Generic for records, sums, and parameterised
-- types; a generic "constructor name + field names + arity" encoder written against
-- Rep/M1/K1/:+:/:*:/U1 with Datatype/Constructor/Selector metadata (datatypeName,
-- moduleName, conName, conIsRecord, conFixity, selName), from/to round trips, and
-- DeriveAnyClass-free default methods via a generic default.
{-# LANGUAGE DeriveGeneric, TypeOperators, FlexibleContexts, FlexibleInstances, DefaultSignatures #-}
import GHC.Generics

data Person = Person { pname :: String, page :: Int } deriving (Show, Generic)
data Shape = Circle Double | Rect Double Double | Empty deriving (Show, Generic)
data Tree a = Leaf | Node (Tree a) a (Tree a) deriving (Show, Generic)
data Op = Int :+ Int deriving (Show, Generic)
infixl 6 :+

class Encode a where
  encode :: a -> [String]
  default encode :: (Generic a, GEncode (Rep a)) => a -> [String]
  encode = gencode . from

class GEncode f where
  gencode :: f p -> [String]

instance GEncode U1 where gencode U1 = ["U1"]
instance (GEncode a, GEncode b) => GEncode (a :*: b) where gencode (a :*: b) = gencode a ++ gencode b
instance (GEncode a, GEncode b) => GEncode (a :+: b) where
  gencode (L1 a) = "L1" : gencode a
  gencode (R1 b) = "R1" : gencode b
instance Show c => GEncode (K1 i c) where gencode (K1 c) = ["K1 " ++ show c]
instance (GEncode f, Datatype d) => GEncode (D1 d f) where
  gencode m@(M1 x) = ("data " ++ datatypeName m ++ " in " ++ moduleName m ++ " newtype=" ++ show (isNewtype m)) : gencode x
instance (GEncode f, Constructor c) => GEncode (C1 c f) where
  gencode m@(M1 x) = ("con " ++ conName m ++ " record=" ++ show (conIsRecord m) ++ " fixity=" ++ show (conFixity m)) : gencode x
instance (GEncode f, Selector s) => GEncode (S1 s f) where
  gencode m@(M1 x) = ("sel " ++ show (selName m)) : gencode x

instance Encode Person
instance Encode Shape
instance Show a => Encode (Tree a)
instance Encode Op

newtype Age = Age Int deriving (Show, Generic)
instance Encode Age

main :: IO ()
main = do
  mapM_ (putStrLn . unwords . encode) [Person "ann" 41]
  mapM_ (putStrLn . unwords . encode) [Circle 1.5, Rect 2 3, Empty]
  putStrLn (unwords (encode (Node Leaf 'x' Leaf)))
  putStrLn (unwords (encode (1 :+ 2)))
  putStrLn (unwords (encode (Age 3)))
  print (to (from (Person "bob" 7)) :: Person, to (from (Rect 1 2)) :: Shape)
  print (datatypeName (from (Empty)), conName (unM1' (from (Person "c" 1))))
  where
    unM1' (M1 x) = x
