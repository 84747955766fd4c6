-- derive_show: derived Show on records, sum types, infix constructors with fixity
-- declarations (infixl/infixr/infix at several precedences), record with operator field,
-- negative numbers inside constructors (parenthesised), nested Maybe/Either/tuples/lists,
-- parameterised and recursive types, strings and chars with escapes, and hand-written
-- showsPrec/showParen/showString.
data Color = Red | Green | Blue deriving Show

data P = P Int Double deriving Show

data R = R { name :: String, age :: Int, score :: Double, tags :: [String] } deriving Show

data Op = Int :+: Int | Op :*: Op | Neg Op | L Int deriving Show
infixl 6 :+:
infixr 7 :*:

data T a = Leaf | Node (T a) a (T a) deriving Show

data Pair a b = a :& b deriving Show
infix 4 :&

data Rec2 = Rec2 { (<+>) :: Int, fieldB :: Maybe Int } deriving Show

newtype N = N { unN :: Int } deriving Show

data Unit = Unit deriving Show

data Expr = Lit Integer | Add Expr Expr | Mul Expr Expr

instance Show Expr where
  showsPrec _ (Lit n) = shows n
  showsPrec p (Add a b) = showParen (p > 6) $ showsPrec 6 a . showString " + " . showsPrec 7 b
  showsPrec p (Mul a b) = showParen (p > 7) $ showsPrec 7 a . showString " * " . showsPrec 8 b

insert :: Ord a => a -> T a -> T a
insert x Leaf = Node Leaf x Leaf
insert x t@(Node l y r)
  | x < y = Node (insert x l) y r
  | x > y = Node l y (insert x r)
  | otherwise = t

main :: IO ()
main = do
  print [Red, Green, Blue]
  print (P (-3) (-0.5))
  print (P 3 1.0e-2)
  print (R { name = "Ann \"the\" \t\1234x", age = -42, score = 1 / 0, tags = ["a", "", "c\n"] })
  print (1 :+: 2)
  print ((-1) :+: (-2))
  print ((1 :+: 2) :*: (3 :+: 4))
  print (L 1 :*: L 2 :*: L 3)
  print ((L 1 :*: L 2) :*: L 3)
  print (Neg (Neg (L (-5))))
  print (Just (1 :& 'x'))
  print (((1 :: Int) :& (2 :: Int)) :& [Just (3 :: Int) :& Left (-4 :: Int) :: Pair (Maybe Int) (Either Int ())])
  print (Rec2 { (<+>) = -1, fieldB = Just (-2) })
  print (N 5, N (-5))
  print (Unit, [Unit])
  print (foldr insert Leaf [5, 3, 8, 1, 4 :: Int])
  print (Just (Left (3, 'a')) :: Maybe (Either (Int, Char) String))
  print [Just (Just Nothing), Just Nothing, Nothing :: Maybe (Maybe (Maybe Int))]
  print (Right (Just [Left 1, Right (-2.5)]) :: Either () (Maybe [Either Int Double]))
  print ((), ((), ()), (1 :: Int, 'c', "s", 2.5 :: Float, True))
  print (Just (-3) :: Maybe Int, Just (-3.5) :: Maybe Double, [-1, 2, -3 :: Integer])
  print (Add (Lit 1) (Mul (Lit 2) (Add (Lit 3) (Lit 4))))
  print (Mul (Add (Lit 1) (Lit 2)) (Lit 3))
  print (Just (Add (Lit 1) (Lit 2)))
  putStrLn (showsPrec 11 (-5 :: Int) "")
  putStrLn (showsPrec 11 (Just (5 :: Int)) "")
  putStrLn (showsPrec 10 (Just (5 :: Int)) "")
  putStrLn (shows 'a' (shows "b\"c" (showChar '!' "")))
  print "\SOH\SO\&H\127\128\255\1114111"
  print '\''
  print '"'
  print (minBound :: Int, maxBound :: Int)
  print (Just (minBound :: Int))
  print (Left 3.0e-2 :: Either Double Int, Left (-0.0) :: Either Double Int)
