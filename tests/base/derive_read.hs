-- derive_read: derived Read on enums, records (fields in order, with extra spaces/parens),
-- infix constructors with fixities, negative numbers, nested Maybe/Either/tuples/lists,
-- parameterised types and a record with an operator field; show/read round-trips;
-- `reads` on valid and invalid input; readMaybe/readEither (Text.Read) with their messages.
import Text.Read (readMaybe, readEither)

data Color = Red | Green | Blue deriving (Show, Read, Eq)

data R = R { name :: String, age :: Int, score :: Double, tags :: [String] }
  deriving (Show, Read, Eq)

data Op = Int :+: Int | Op :*: Op | Neg Op | L Int deriving (Show, Read, Eq)
infixl 6 :+:
infixr 7 :*:

data T a = Leaf | Node (T a) a (T a) deriving (Show, Read, Eq)

data Rec2 = Rec2 { (<+>) :: Int, fieldB :: Maybe Int } deriving (Show, Read, Eq)

newtype N = N { unN :: Int } deriving (Show, Read, Eq)

roundTrip :: (Show a, Read a, Eq a) => a -> IO ()
roundTrip x = do
  let s = show x
      y = read s
  putStrLn (s ++ " -> " ++ (if y == x then "ok" else "MISMATCH " ++ show y))

main :: IO ()
main = do
  print (read "[Red, Green,Blue]" :: [Color])
  print (read "  ( Blue ) " :: Color)
  print (read "R {name = \"x\", age = -3, score = 2.5e-3, tags = [\"p\",\"q\"]}" :: R)
  print (read " R { name=\"y\" , age = (-4) , score = -1 , tags = [ ] } " :: R)
  print (reads "R {age = 1, name = \"wrong order\", score = 0, tags = []}" :: [(R, String)])
  print (read "1 :+: 2" :: Op)
  print (read "(1 :+: 2) :*: (L 3 :*: L 4)" :: Op)
  -- derived Read ignores associativity: both operands are read at precedence 8
  print (reads "(1 :+: 2) :*: L 3 :*: L 4" :: [(Op, String)])
  print (read "Neg (L (-7))" :: Op)
  print (reads "Neg L 7" :: [(Op, String)])
  print (read "Node Leaf (-1) (Node Leaf 2 Leaf)" :: T Int)
  print (read "Rec2 {(<+>) = 5, fieldB = Nothing}" :: Rec2)
  print (read "N {unN = -9}" :: N)
  print (read "(1,\"two\",'3',[Just 4.5],Left True)" :: (Int, String, Char, [Maybe Double], Either Bool ()))
  print (read "[Right (Just (-1)), Left [1,2,3]]" :: [Either [Integer] (Maybe Int)])
  print (read " ( ( 42 ) ) " :: Int)
  print (read "0x1F" :: Int, read "0o17" :: Int, read "-0x10" :: Integer)
  print (reads "12 rest" :: [(Int, String)])
  print (reads "Red Green" :: [(Color, String)])
  print (reads "nope" :: [(Int, String)])
  print (readMaybe "Green" :: Maybe Color, readMaybe "Purple" :: Maybe Color)
  print (readEither "12x" :: Either String Int)
  print (readEither "1 2" :: Either String Int)
  print (readEither "" :: Either String Int)
  print (readEither "[1,2]" :: Either String [Int])
  roundTrip (R "round \"trip\"\n" (-1) (-1.0e-300) ["\1234", "\DEL"])
  roundTrip ((3 :+: (-4)) :*: Neg (L (-1)) :*: L 0)
  roundTrip (Node (Node Leaf (Just 'a') Leaf) Nothing Leaf)
  roundTrip [Rec2 (-1) (Just (-2)), Rec2 0 Nothing]
  roundTrip (Just (Left (1, -2)) :: Maybe (Either (Int, Integer) ()))
  roundTrip ([minBound, maxBound] :: [Int])
  roundTrip "tab\there\SOH\&H"
