{-# LANGUAGE BangPatterns #-}
-- char_unicode: Data.Char over ALL of Unicode (0..0x10FFFF): the number of code points in
-- each GeneralCategory (via GHC.Arr.accumArray), the number satisfying each classifier
-- (isAlpha, isUpper, isLower, isSpace, isPrint, isControl, isAlphaNum, isPunctuation,
-- isSymbol, isDigit, isHexDigit, isOctDigit, isLetter, isMark, isNumber, isSeparator, isAscii,
-- isLatin1, isAsciiUpper, isAsciiLower), and for toUpper/toLower/toTitle the number of code
-- points changed plus an order-sensitive hash of the whole mapping; then exact values for a
-- sample of interesting code points (printed with show, so stdout stays ASCII), and
-- digitToInt/intToDigit/ord/chr, with the chr/digitToInt errors.
import Data.Char
import Data.List (foldl')
import GHC.Arr (accumArray, assocs)
import Control.Exception

allChars :: [Char]
allChars = [minBound .. maxBound]

count :: (Char -> Bool) -> Int
count p = foldl' (\n c -> if p c then n + 1 else n) 0 allChars

hashMap :: (Char -> Char) -> (Int, Int)
hashMap f = foldl' step (0, 5381) allChars
  where
    step (!changed, !h) c =
      let d = f c
       in (if d /= c then changed + 1 else changed, (h * 33 + ord d) `mod` 4294967291)

main :: IO ()
main = do
  let cats = accumArray (+) 0 (0, fromEnum (maxBound :: GeneralCategory))
               [(fromEnum (generalCategory c), 1 :: Int) | c <- allChars]
  mapM_ (\(i, n) -> putStrLn (show (toEnum i :: GeneralCategory) ++ " " ++ show n)) (assocs cats)
  let preds = [("isAlpha", isAlpha), ("isUpper", isUpper), ("isLower", isLower), ("isSpace", isSpace),
               ("isPrint", isPrint), ("isControl", isControl), ("isAlphaNum", isAlphaNum),
               ("isPunctuation", isPunctuation), ("isSymbol", isSymbol), ("isDigit", isDigit),
               ("isHexDigit", isHexDigit), ("isOctDigit", isOctDigit), ("isLetter", isLetter),
               ("isMark", isMark), ("isNumber", isNumber), ("isSeparator", isSeparator),
               ("isAscii", isAscii), ("isLatin1", isLatin1), ("isAsciiUpper", isAsciiUpper),
               ("isAsciiLower", isAsciiLower)]
  mapM_ (\(name, p) -> putStrLn (name ++ " " ++ show (count p))) preds
  mapM_ (\(name, f) -> putStrLn (name ++ " " ++ show (hashMap f))) [("toUpper", toUpper), ("toLower", toLower), ("toTitle", toTitle)]
  let samples = "\0\t\n\r \DEL\128\133\160\170\173\181\186\191\215\223\255" ++
                "\256\304\305\383\452\453\454\497\498\837\902\912\931\962\976\1012\1024\1105\1319" ++
                "\1632\1637\2406\3664\4256\5760\7838\8126\8153\8188\8232\8233\8239\8287\8319\8450" ++
                "\8486\8544\8576\9398\9424\11264\12288\12295\12354\19968\42802\55296\57343\57344" ++
                "\63743\64256\65279\65296\65313\65345\65533\65534\65535\65536\66560\66600\68736" ++
                "\93760\119808\120778\125184\127462\128512\131072\194560\917505\917760\983040\1114109\1114111"
  mapM_ (\c -> putStrLn (unwords [show c, show (ord c), show (generalCategory c),
                                   map (\b -> if b then '1' else '0')
                                     [isAlpha c, isUpper c, isLower c, isSpace c, isPrint c, isControl c,
                                      isPunctuation c, isSymbol c, isDigit c, isNumber c, isMark c],
                                   show (toUpper c), show (toLower c), show (toTitle c)])) samples
  print (map digitToInt "0123456789abcdefABCDEF", map intToDigit [0 .. 15])
  print (ord 'a', chr 97, ord maxBound, chr 0x1F600, map ord "\1114111\0")
  print (isSeparator ' ', isSpace '\160', isSpace '\x2028', isSpace '\x85', isSpace '\x1680', isSpace '\xFEFF')
  print (subtract (ord 'a') (ord 'z'), [c | c <- ['\0' .. '\255'], isPunctuation c])
  print ([c | c <- ['\0' .. '\255'], isSymbol c], lexLitChar "\\nabc", readLitChar "\\x41rest", showLitChar '\1234' "")
  r1 <- try (evaluate (chr 0x110000))
  print (r1 :: Either SomeException Char)
  r2 <- try (evaluate (digitToInt 'g'))
  print (r2 :: Either SomeException Int)
  r3 <- try (evaluate (intToDigit 16))
  print (r3 :: Either SomeException Char)
