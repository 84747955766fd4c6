{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- Integer primops at edge values: Int#/Word# arithmetic and bit operations, overflow-checked
-- and double-word arithmetic, Int8#..Word16#, narrowing, Char#.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_word" print_word :: Word -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

-- Edge values, by index.
{-# NOINLINE wv #-}
wv :: Int -> Word
wv (I# i) = W# (case i of
  0# -> 0##
  1# -> 1##
  2# -> 2##
  3# -> 3##
  4# -> 7##
  5# -> 0x7f##
  6# -> 0x80##
  7# -> 0xff##
  8# -> 0x100##
  9# -> 0x7fff##
  10# -> 0x8000##
  11# -> 0xffff##
  12# -> 0x7fffffff##
  13# -> 0x80000000##
  14# -> 0xffffffff##
  15# -> 0x100000000##
  16# -> 0x7fffffffffffffff##
  17# -> 0x8000000000000000##
  18# -> 0xffffffffffffffff##
  19# -> 0xfffffffffffffffe##
  20# -> 0x0123456789abcdef##
  21# -> 0xdeadbeefcafebabe##
  22# -> 0x00ff00ff00ff00ff##
  23# -> 0x5555555555555555##
  24# -> 63##
  25# -> 64##
  _ -> 0xf0f0f0f0##)
nv :: Int
nv = 27

-- Unary word ops.
{-# NOINLINE un #-}
un :: Int -> Word -> Word
un (I# op) (W# a) = W# (case op of
  0# -> popCnt# a
  1# -> popCnt8# a
  2# -> popCnt16# a
  3# -> popCnt32# a
  4# -> popCnt64# a
  5# -> clz# a
  6# -> clz8# a
  7# -> clz16# a
  8# -> clz32# a
  9# -> clz64# a
  10# -> ctz# a
  11# -> ctz8# a
  12# -> ctz16# a
  13# -> ctz32# a
  14# -> ctz64# a
  15# -> byteSwap# a
  16# -> byteSwap16# a
  17# -> byteSwap32# a
  18# -> byteSwap64# a
  19# -> bitReverse# a
  20# -> bitReverse8# a
  21# -> narrow16Word# (bitReverse16# a) -- GHC 9.0 leaves garbage above bit 16 (hs_bitrev16 returns StgWord16)
  22# -> bitReverse32# a
  23# -> bitReverse64# a
  24# -> not# a
  25# -> narrow8Word# a
  26# -> narrow16Word# a
  27# -> narrow32Word# a
  28# -> int2Word# (narrow8Int# (word2Int# a))
  29# -> int2Word# (narrow16Int# (word2Int# a))
  30# -> int2Word# (narrow32Int# (word2Int# a))
  31# -> int2Word# (negateInt# (word2Int# a))
  32# -> int2Word# (notI# (word2Int# a))
  33# -> int2Word# (ord# (chr# (word2Int# a)))
  _ -> 0##)
nun :: Int
nun = 34

-- Binary word ops (the result as a word; pairs combined).
{-# NOINLINE bin #-}
bin :: Int -> Word -> Word -> Word
bin (I# op) (W# a) (W# b) = let ia = word2Int# a; ib = word2Int# b in W# (case op of
  0# -> plusWord# a b
  1# -> minusWord# a b
  2# -> timesWord# a b
  3# -> and# a b
  4# -> or# a b
  5# -> xor# a b
  6# -> pdep# a b
  7# -> pdep8# a b
  8# -> pdep16# a b
  9# -> pdep32# a b
  10# -> pdep64# a b
  11# -> pext# a b
  12# -> pext8# a b
  13# -> pext16# a b
  14# -> pext32# a b
  15# -> pext64# a b
  16# -> int2Word# (mulIntMayOflo# ia ib)
  17# -> case timesWord2# a b of (# h, l #) -> xor# h (uncheckedShiftL# l 1#)
  18# -> case timesWord2# a b of (# h, _ #) -> h
  19# -> case timesInt2# ia ib of (# c, h, l #) -> int2Word# (c +# 10# *# (h +# 3# *# l))
  20# -> case timesInt2# ia ib of (# _, h, _ #) -> int2Word# h
  21# -> case addIntC# ia ib of (# r, c #) -> int2Word# (r +# c *# 1000#)
  22# -> case subIntC# ia ib of (# r, c #) -> int2Word# (r +# c *# 1000#)
  23# -> case addWordC# a b of (# r, c #) -> plusWord# r (int2Word# (c *# 1000#))
  24# -> case subWordC# a b of (# r, c #) -> plusWord# r (int2Word# (c *# 1000#))
  25# -> case plusWord2# a b of (# h, l #) -> plusWord# l (timesWord# h 1000##)
  26# -> int2Word# (a `eqWord#` b +# 2# *# (a `ltWord#` b) +# 4# *# (a `leWord#` b) +# 8# *# (a `gtWord#` b) +# 16# *# (a `geWord#` b) +# 32# *# (a `neWord#` b))
  27# -> int2Word# ((ia ==# ib) +# 2# *# (ia <# ib) +# 4# *# (ia <=# ib) +# 8# *# (ia ># ib) +# 16# *# (ia >=# ib) +# 32# *# (ia /=# ib))
  28# -> int2Word# (andI# ia ib +# orI# ia ib +# xorI# ia ib)
  29# -> int2Word# (ia +# ib -# (ia *# 3#))
  30# -> case b of
           0## -> 12345##
           _ -> case quotRemWord# a b of (# q, r #) -> plusWord# (timesWord# q 7##) (plusWord# r (plusWord# (quotWord# a b) (remWord# a b)))
  31# -> case ib of
           0# -> 12345##
           -1# -> 54321##
           _ -> case quotRemInt# ia ib of (# q, r #) -> int2Word# (q *# 7# +# r +# quotInt# ia ib +# remInt# ia ib)
  32# -> uncheckedShiftL# a (andI# ib 63#)
  33# -> uncheckedShiftRL# a (andI# ib 63#)
  34# -> int2Word# (uncheckedIShiftL# ia (andI# ib 63#))
  35# -> int2Word# (uncheckedIShiftRA# ia (andI# ib 63#))
  36# -> int2Word# (uncheckedIShiftRL# ia (andI# ib 63#))
  37# -> case ltWord# a b of
           1# -> case quotRemWord2# a (xor# a b) b of (# q, r #) -> xor# q (uncheckedShiftL# r 3#)
           _ -> 999##
  38# -> let x = chr# (andI# ia 0x10ffff#); y = chr# (andI# ib 0x10ffff#) in int2Word# (eqChar# x y +# 2# *# ltChar# x y +# 4# *# leChar# x y +# 8# *# gtChar# x y +# 16# *# geChar# x y +# 32# *# neChar# x y)
  _ -> 0##)
nbin :: Int
nbin = 39

-- Sized types: Int8#, Word8#, Int16#, Word16#.
{-# NOINLINE sized #-}
sized :: Int -> Int -> Int -> Int
sized (I# op) (I# a) (I# b) = I# (case op of
  0# -> extendInt8# (plusInt8# (narrowInt8# a) (narrowInt8# b))
  1# -> extendInt8# (subInt8# (narrowInt8# a) (narrowInt8# b))
  2# -> extendInt8# (timesInt8# (narrowInt8# a) (narrowInt8# b))
  3# -> extendInt8# (negateInt8# (narrowInt8# a))
  4# -> let x = narrowInt8# a; y = narrowInt8# b in
        eqInt8# x y +# 2# *# ltInt8# x y +# 4# *# leInt8# x y +# 8# *# gtInt8# x y +# 16# *# geInt8# x y +# 32# *# neInt8# x y
  5# -> word2Int# (extendWord8# (plusWord8# (narrowWord8# (int2Word# a)) (narrowWord8# (int2Word# b))))
  6# -> word2Int# (extendWord8# (subWord8# (narrowWord8# (int2Word# a)) (narrowWord8# (int2Word# b))))
  7# -> word2Int# (extendWord8# (timesWord8# (narrowWord8# (int2Word# a)) (narrowWord8# (int2Word# b))))
  8# -> word2Int# (extendWord8# (notWord8# (narrowWord8# (int2Word# a))))
  9# -> let x = narrowWord8# (int2Word# a); y = narrowWord8# (int2Word# b) in
        eqWord8# x y +# 2# *# ltWord8# x y +# 4# *# leWord8# x y +# 8# *# gtWord8# x y +# 16# *# geWord8# x y +# 32# *# neWord8# x y
  10# -> extendInt16# (plusInt16# (narrowInt16# a) (narrowInt16# b))
  11# -> extendInt16# (subInt16# (narrowInt16# a) (narrowInt16# b))
  12# -> extendInt16# (timesInt16# (narrowInt16# a) (narrowInt16# b))
  13# -> extendInt16# (negateInt16# (narrowInt16# a))
  14# -> let x = narrowInt16# a; y = narrowInt16# b in
        eqInt16# x y +# 2# *# ltInt16# x y +# 4# *# leInt16# x y +# 8# *# gtInt16# x y +# 16# *# geInt16# x y +# 32# *# neInt16# x y
  15# -> word2Int# (extendWord16# (plusWord16# (narrowWord16# (int2Word# a)) (narrowWord16# (int2Word# b))))
  16# -> word2Int# (extendWord16# (subWord16# (narrowWord16# (int2Word# a)) (narrowWord16# (int2Word# b))))
  17# -> word2Int# (extendWord16# (timesWord16# (narrowWord16# (int2Word# a)) (narrowWord16# (int2Word# b))))
  18# -> word2Int# (extendWord16# (notWord16# (narrowWord16# (int2Word# a))))
  19# -> let x = narrowWord16# (int2Word# a); y = narrowWord16# (int2Word# b) in
        eqWord16# x y +# 2# *# ltWord16# x y +# 4# *# leWord16# x y +# 8# *# gtWord16# x y +# 16# *# geWord16# x y +# 32# *# neWord16# x y
  20# -> case narrowInt8# b of
           y -> case extendInt8# y of
             0# -> 777#
             -1# -> 778#
             _ -> let x = narrowInt8# a in extendInt8# (quotInt8# x y) *# 1000# +# extendInt8# (remInt8# x y)
                     +# (case quotRemInt8# x y of (# q, r #) -> extendInt8# q *# 100000# +# extendInt8# r)
  21# -> case narrowWord8# (int2Word# b) of
           y -> case extendWord8# y of
             0## -> 777#
             _ -> let x = narrowWord8# (int2Word# a) in word2Int# (extendWord8# (quotWord8# x y)) *# 1000# +# word2Int# (extendWord8# (remWord8# x y))
                     +# (case quotRemWord8# x y of (# q, r #) -> word2Int# (extendWord8# q) *# 100000# +# word2Int# (extendWord8# r))
  22# -> case narrowInt16# b of
           y -> case extendInt16# y of
             0# -> 777#
             -1# -> 778#
             _ -> let x = narrowInt16# a in extendInt16# (quotInt16# x y) *# 1000# +# extendInt16# (remInt16# x y)
                     +# (case quotRemInt16# x y of (# q, r #) -> extendInt16# q *# 100000# +# extendInt16# r)
  23# -> case narrowWord16# (int2Word# b) of
           y -> case extendWord16# y of
             0## -> 777#
             _ -> let x = narrowWord16# (int2Word# a) in word2Int# (extendWord16# (quotWord16# x y)) *# 1000# +# word2Int# (extendWord16# (remWord16# x y))
                     +# (case quotRemWord16# x y of (# q, r #) -> word2Int# (extendWord16# q) *# 100000# +# word2Int# (extendWord16# r))
  _ -> 0#)
nsized :: Int
nsized = 24

w2i :: Word -> Int
w2i (W# w) = I# (word2Int# w)

loop :: Int -> Int -> (Int -> IO ()) -> IO ()
loop (I# i) (I# n) f = case i >=# n of
  1# -> done
  _ -> f (I# i) >> loop (I# (i +# 1#)) (I# n) f

main :: IO ()
main =
  loop 0 nun (\op -> loop 0 nv (\i -> print_word (un op (wv i))))
  >> loop 0 nbin (\op -> loop 0 nv (\i -> loop 0 nv (\j -> print_word (bin op (wv i) (wv j)))))
  >> loop 0 nsized (\op -> loop 0 nv (\i -> loop 0 nv (\j -> print_int (sized op (w2i (wv i)) (w2i (wv j))))))
