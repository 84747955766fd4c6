-- readp: Text.ParserCombinators.ReadP (base): an arithmetic-expression parser with
-- chainl1/chainr1, skipSpaces, between, sepBy/sepBy1, many/many1, munch/munch1, option,
-- optional, choice, string/char/satisfy, <++ (left-biased) vs +++ (symmetric), look, eof, and
-- readP_to_S showing all (ambiguous) parses; plus Text.Read's readPrec/lexP via a
-- hand-written Read instance using ReadPrec (parens, prec, step, lexP).
import Text.ParserCombinators.ReadP
import qualified Text.Read as R
import qualified Text.Read.Lex as L
import Data.Char (isDigit, isAlpha, isSpace)

expr :: ReadP Int
expr = term `chainl1` addop
  where
    addop = (skipSpaces >> char '+' >> return (+)) +++ (skipSpaces >> char '-' >> return (-))
    term = factor `chainl1` (skipSpaces >> char '*' >> return (*))
    factor = power `chainr1` (skipSpaces >> char '^' >> return (^))
    power = skipSpaces >> (number +++ between (char '(') (skipSpaces >> char ')') expr)
    number = read <$> munch1 isDigit

full :: ReadP a -> String -> [a]
full p s = [x | (x, "") <- readP_to_S (p <* skipSpaces <* eof) s]

data Color = RGB Int Int Int deriving Show

instance Read Color where
  readPrec = R.parens $ R.prec 10 $ do
    R.Ident "RGB" <- R.lexP
    r <- R.step R.readPrec
    g <- R.step R.readPrec
    b <- R.step R.readPrec
    return (RGB r g b)

main :: IO ()
main = do
  mapM_ (print . full expr) ["1 + 2 * 3", "(1 + 2) * 3", "2 ^ 3 ^ 2", "10 - 4 - 3", " 7 ", "1 +", "2*(3+4)*5"]
  print (readP_to_S (sepBy (munch1 isAlpha) (char ',')) "a,bc,d")
  print (full (sepBy1 (munch1 isDigit) (skipSpaces >> char ';' >> skipSpaces)) "1 ; 22;333")
  print (readP_to_S (many (satisfy isAlpha)) "ab1")
  print (readP_to_S (many1 (char 'x') <++ return "none") "xxy", readP_to_S (many1 (char 'x') +++ return "none") "xxy")
  print (readP_to_S (option 'd' (char 'a')) "abc", readP_to_S (optional (char '-') >> munch isDigit) "-12")
  print (readP_to_S (choice [string "ab", string "abc", string "x"]) "abcd")
  print (readP_to_S (look >>= \s -> string (take 2 s)) "hello", readP_to_S (munch isSpace >> eof) "   ")
  print (readP_to_S (endBy (munch1 isDigit) (char '.')) "1.2.", readP_to_S (count 3 get) "abcd", readP_to_S (skipMany1 (char ' ') >> get) "  z")
  print (readP_to_S (manyTill get (string "--")) "abc--rest")
  print (readP_to_S L.lex "  \"str\" rest", readP_to_S L.lex "0x1f", readP_to_S L.lex "+= 1")
  print (read "RGB 1 2 3" :: Color, read "(RGB 10 (20) 30)" :: Color, read "[RGB 0 0 0,RGB 1 1 1]" :: [Color])
  print (R.readMaybe "RGB 1 2" :: Maybe Color, reads "Just (RGB 4 5 6)" :: [(Maybe Color, String)])
