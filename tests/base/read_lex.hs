-- read_lex: Show/Read details: show of records with operator fields and operator
-- constructors in records, records with negative fields, `Read` of lists/tuples (nested,
-- with spaces and newlines), of Char/String literals with escapes (\n, \t, \", \\, \1234,
-- \x41, \o101, \^A, \SOH, \&), of Ordering/Bool/(), `reads` partial parses (leftover input,
-- ambiguity-free), `lex` on identifiers, operators, numbers (incl. 1e5, 0x1F, 1.5e-3),
-- char/string literals, punctuation, and the end of input; readParen, readsPrec at
-- precedence 11, and read failures (no parse / ambiguous parse messages).
import Control.Exception
import Text.Read (readMaybe)

data V = V { (|>) :: Int, (<|) :: Maybe Int } deriving (Show, Read, Eq)
data Op = Int :-> Int | Op :<- Op deriving (Show, Read, Eq)
infixr 5 :->
data W = W { wop :: Op, wneg :: Double } deriving (Show, Read, Eq)

tryRead :: String -> IO ()
tryRead s = do
  r <- try (evaluate (read s :: Int))
  case r of
    Left e -> putStrLn (show s ++ " -> error: " ++ show (e :: ErrorCall))
    Right v -> putStrLn (show s ++ " -> " ++ show v)

main :: IO ()
main = do
  print (V 1 (Just (-2)))
  print (V { (|>) = -1, (<|) = Nothing })
  print (read "V {(|>) = 3, (<|) = Just 4}" :: V)
  print (W (1 :-> 2) (-0.5), W ((1 :-> 2) :<- (3 :-> 4)) 1e-3)
  print (read (show (W ((1 :-> 2) :<- (3 :-> 4)) 1e-3)) :: W)
  print (read "[ (1 , \"a\") ,(2,\"b\")\n ]" :: [(Int, String)])
  print (read "([1,2],[[3]],((),'x'))" :: ([Int], [[Int]], ((), Char)))
  print (read "(1,2,3,4,5)" :: (Int, Int, Int, Int, Int))
  print (read "[LT,EQ,GT]" :: [Ordering], read "(True,False)" :: (Bool, Bool), read "()" :: ())
  print (read "\"esc: \\n \\t \\\" \\\\ \\1234 \\x41 \\o101 \\^A \\SOH \\DEL \\&end\"" :: String)
  print (read "'\\''" :: Char, read "'\\n'" :: Char, read "'x'" :: Char, read "'\\65'" :: Char)
  print (read "\"string with \\\n   \\gap\"" :: String)
  print (reads "123 456" :: [(Int, String)], reads "(1,2) tail" :: [((Int, Int), String)], reads "[1,2" :: [([Int], String)])
  print (reads "  -5x" :: [(Int, String)], reads "Just 5 more" :: [(Maybe Int, String)], reads "'a' 'b'" :: [(Char, String)])
  print (reads "\"unterminated" :: [(String, String)], reads "" :: [(Int, String)], reads "3.5" :: [(Int, String)])
  print (lex "hello world", lex "  foo_bar' rest", lex "<= x", lex "123abc", lex "1e5 x", lex "0x1F+1", lex "1.5e-3)")
  print (lex "'c' rest", lex "\"str\\\"ing\" rest", lex "(a,b)", lex ",x", lex "", lex "   ", lex "`elem`", lex "[1]")
  print (lex "->x", lex "::T", lex "a.b", lex "Data.List.map", lex "x--comment")
  print (readParen True reads "(42)" :: [(Int, String)], readParen False reads "42" :: [(Int, String)], readParen True reads "42" :: [(Int, String)])
  print (readsPrec 11 "-5" :: [(Int, String)], readsPrec 11 "(-5)" :: [(Int, String)], readsPrec 11 "Just 1" :: [(Maybe Int, String)], readsPrec 10 "Just 1" :: [(Maybe Int, String)])
  print (readMaybe "  7  " :: Maybe Int, readMaybe "7 8" :: Maybe Int, readMaybe "[1,,2]" :: Maybe [Int])
  tryRead "42"
  tryRead "forty-two"
  tryRead "4 2"
  tryRead ""
  print (show (Just ""), show [Just 'a'], show (Just "a\"b"), showString "raw" "", showParen True (showString "p") "")
  print (read (show "\1234\&5\SO\&H") :: String, show '\DEL', show "\200\&1")
