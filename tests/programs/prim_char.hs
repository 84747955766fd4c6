{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Char# primops, UTF-8 output and GHC.CString.
-- Char#: comparisons, ord#/chr# (incl. surrogates and the maximum code point), printing of
-- every UTF-8 length; string literals and GHC.CString (unpackCString#, unpackCStringUtf8#,
-- unpackAppendCString#, unpackFoldrCString#, cstringLength#, unpackNBytes#), Addr# literals
-- with NUL bytes and non-ASCII bytes.
module Main (main) where
import GHC.Types
import GHC.Prim
import GHC.CString

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_char" print_char :: Char -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()
foreign import ccall unsafe "print_newline" print_newline :: IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

putStr :: [Char] -> IO ()
putStr [] = done
putStr (c : cs) = print_char c >> putStr cs

putStrLn :: [Char] -> IO ()
putStrLn s = putStr s >> print_newline

length :: [a] -> Int
length = go 0#
  where
    go n [] = I# n
    go n (_ : xs) = go (n +# 1#) xs

-- Code points printed with their numbers.
codes :: [Int]
codes = I# 0x41# : I# 0x7a# : I# 0x7f# : I# 0x80# : I# 0xe9# : I# 0x7ff# : I# 0x800# : I# 0x20ac# : I# 0xfffd#
  : I# 0xffff# : I# 0x10000# : I# 0x1f600# : I# 0x10ffff# : []

{-# NOINLINE showCode #-}
showCode :: Int -> IO ()
showCode (I# i) = print_int (I# i) >> print_char (C# (chr# i)) >> print_newline
  >> print_int (I# (ord# (chr# i)))

eachI :: (Int -> IO ()) -> [Int] -> IO ()
eachI _ [] = done
eachI f (x : xs) = f x >> eachI f xs

chars :: [Char]
chars = C# 'a'# : C# 'b'# : C# 'A'# : C# '\0'# : C# '\x7f'# : C# '\xe9'# : C# '\x10ffff'# : []

{-# NOINLINE cmp #-}
cmp :: Int -> Char -> Char -> Int
cmp (I# op) (C# a) (C# b) = I# (case op of
  0# -> eqChar# a b
  1# -> neChar# a b
  2# -> ltChar# a b
  3# -> leChar# a b
  4# -> gtChar# a b
  5# -> geChar# a b
  _ -> 0#)

eachC :: (Char -> IO ()) -> [Char] -> IO ()
eachC _ [] = done
eachC f (x : xs) = f x >> eachC f xs

loop :: Int# -> Int# -> (Int -> IO ()) -> IO ()
loop i n f = case i ># n of
  1# -> done
  _ -> f (I# i) >> loop (i +# 1#) n f

{-# NOINLINE upper #-}
upper :: Char -> Char
upper (C# c) = case leChar# 'a'# c of
  1# -> case leChar# c 'z'# of
    1# -> C# (chr# (ord# c -# 32#))
    _ -> C# c
  _ -> C# c

map :: (a -> b) -> [a] -> [b]
map _ [] = []
map f (x : xs) = f x : map f xs

{-# NOINLINE countAddr #-}
countAddr :: Addr# -> Int
countAddr a = I# (cstringLength# a)

{-# NOINLINE bytes #-}
bytes :: Addr# -> Int -> IO ()
bytes a (I# n) = go 0#
  where
    go i = case i ==# n of
      1# -> done
      _ -> print_int (I# (ord# (indexCharOffAddr# a i))) >> go (i +# 1#)

-- A fold over a C string, as list fusion uses it.
{-# NOINLINE sumCodes #-}
sumCodes :: Addr# -> Int
sumCodes a = unpackFoldrCString# a (\(C# c) (I# acc) -> I# (ord# c +# acc)) (I# 0#)

main :: IO ()
main =
  eachI showCode codes
  >> print_string "surrogate\n"# >> print_int (I# (ord# (chr# 0xd800#)))
  >> print_string "comparisons\n"#
  >> loop 0# 5# (\op -> eachC (\a -> eachC (\b -> print_int (cmp op a b)) chars) chars)
  >> putStrLn "plain ASCII literal"
  >> putStrLn "UTF-8 literal: h\xe9llo \x20ac \x1f600 \x10ffff"
  >> print_int (length "h\xe9llo \x1f600")
  >> putStrLn (map upper "shout, please")
  >> putStrLn (unpackCString# "from unpackCString#"#)
  >> putStrLn (unpackCStringUtf8# "utf8: \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"#)
  >> print_int (length (unpackCStringUtf8# "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"#))
  >> putStrLn (unpackAppendCString# "append "# "works")
  >> putStrLn (unpackAppendCStringUtf8# "append utf8 \xc3\xa9 "# "ok")
  >> putStrLn (unpackNBytes# "first five bytes only"# 5#)
  >> print_int (countAddr "hello"#) >> print_int (countAddr ""#) >> print_int (countAddr "ab\0cd"#)
  >> bytes "ab\0cd\xff\x80"# 7
  >> print_int (sumCodes "ABC"#)
  >> print_string "print_string: \xc3\xa9\n"#
