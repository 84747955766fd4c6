-- char_unicode: Data.Char over ALL of Unicode (0..0x10FFFF): the number of code points in
-- each GeneralCategory (via GHC.Arr.accumArray), the number satisfying each classifier
-- (isAlpha, isUpper, isLower, isSpace, isPrint, isControl, isAlphaNum, isPunctuation,
-- isSymbol, isDigit, isHexDigit, isOctDigit, isLetter, isMark, isNumber, isSeparator, isAscii,
-- isLatin1, isAsciiUpper, isAsciiLower), and for toUpper/toLower/toTitle the number of code
-- points changed plus an order-sensitive hash of the whole mapping; then exact values for a
-- sample of interesting code points (printed with show, so stdout stays ASCII), and
-- digitToInt/intToDigit/ord/chr, with the chr/digitToInt errors.
{-# LANGUAGE BangPatterns #-}
import Data.Char
import GHC.Arr (accumArray, assocs)
import Control.Exception

-- a strict loop over every code point (no shared list of 1.1M Chars)
{-# INLINE foldChars #-}
foldChars :: (a -> Char -> a) -> a -> a
foldChars f = go 0
  where
    go !i !acc
      | i > 0x10FFFF = acc
      | otherwise = go (i + 1) (f acc (chr i))

{-# INLINE count #-}
count :: (Char -> Bool) -> Int
count p = foldChars (\n c -> if p c then n + 1 else n) 0

{-# INLINE hashMap #-}
hashMap :: (Char -> Char) -> (Int, Int)
hashMap f = go 0 0 5381
  where
    go :: Int -> Int -> Int -> (Int, Int)
    go !i !changed !h
      | i > 0x10FFFF = (changed, h)
      | otherwise =
          let d = ord (f (chr i))
           in go (i + 1) (if d /= i then changed + 1 else changed) ((h * 33 + d) `mod` 4294967291)

main :: IO ()
main = do
  let cats = accumArray (+) 0 (0, fromEnum (maxBound :: GeneralCategory))
               [(fromEnum (generalCategory c), 1 :: Int) | c <- [minBound .. maxBound]]
  mapM_ (\(i, n) -> putStrLn (show (toEnum i :: GeneralCategory) ++ " " ++ show n)) (assocs cats)
  -- each count is written out so that the predicate is inlined into its own loop
  putStrLn ("isAlpha " ++ show (count isAlpha))
  putStrLn ("isUpper " ++ show (count isUpper))
  putStrLn ("isLower " ++ show (count isLower))
  putStrLn ("isSpace " ++ show (count isSpace))
  putStrLn ("isPrint " ++ show (count isPrint))
  putStrLn ("isControl " ++ show (count isControl))
  putStrLn ("isAlphaNum " ++ show (count isAlphaNum))
  putStrLn ("isPunctuation " ++ show (count isPunctuation))
  putStrLn ("isSymbol " ++ show (count isSymbol))
  putStrLn ("isDigit " ++ show (count isDigit))
  putStrLn ("isHexDigit " ++ show (count isHexDigit))
  putStrLn ("isOctDigit " ++ show (count isOctDigit))
  putStrLn ("isLetter " ++ show (count isLetter))
  putStrLn ("isMark " ++ show (count isMark))
  putStrLn ("isNumber " ++ show (count isNumber))
  putStrLn ("isSeparator " ++ show (count isSeparator))
  putStrLn ("isAscii " ++ show (count isAscii))
  putStrLn ("isLatin1 " ++ show (count isLatin1))
  putStrLn ("isAsciiUpper " ++ show (count isAsciiUpper))
  putStrLn ("isAsciiLower " ++ show (count isAsciiLower))
  putStrLn ("toUpper " ++ show (hashMap toUpper))
  putStrLn ("toLower " ++ show (hashMap toLower))
  putStrLn ("toTitle " ++ show (hashMap toTitle))
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
