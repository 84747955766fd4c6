{-# LANGUAGE MagicHash, UnboxedTuples, UnliftedFFITypes, NoImplicitPrelude #-}
-- Int#, Int8#, Int16# primops on edge values.
-- Int# primops on edge values (minBound, maxBound, -1, 0): arithmetic, quot/rem (signs),
-- comparisons, shifts, addIntC#/subIntC#/timesInt2#/mulIntMayOflo#, narrowing; Int8#, Int16#
-- and their operations, narrowing from out-of-range values.
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()
foreign import ccall unsafe "print_string" print_string :: Addr# -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

data L = N | C Int L

-- Values for the binary-operation matrices.
vals :: L
vals = C (I# 0#) (C (I# 1#) (C (I# (-1#)) (C (I# 7#) (C (I# (-7#)) (C (I# 9223372036854775807#) (C (I# (-9223372036854775808#))
         (C (I# 0x5555555555555555#) (C (I# 1000000007#) (C (I# (-4294967296#)) N)))))))))

-- Non-zero divisors (never -1 with minBound as dividend: that traps natively).
divs :: L
divs = C (I# 1#) (C (I# 3#) (C (I# (-3#)) (C (I# 7#) (C (I# (-7#)) (C (I# 9223372036854775807#) (C (I# (-9223372036854775808#)) (C (I# 1000000007#) N)))))))

-- Each binary operation, by number (NOINLINE: nothing is folded at compile time).
{-# NOINLINE binop #-}
binop :: Int -> Int -> Int -> Int
binop (I# op) (I# a) (I# b) = I# (case op of
  0# -> a +# b
  1# -> a -# b
  2# -> a *# b
  3# -> andI# a b
  4# -> orI# a b
  5# -> xorI# a b
  6# -> a ==# b
  7# -> a /=# b
  8# -> a <# b
  9# -> a <=# b
  10# -> a ># b
  11# -> a >=# b
  12# -> case addIntC# a b of (# r, c #) -> r +# c
  13# -> case addIntC# a b of (# _, c #) -> c
  14# -> case subIntC# a b of (# r, c #) -> r -# c
  15# -> case subIntC# a b of (# _, c #) -> c
  16# -> case timesInt2# a b of (# _, hi, _ #) -> hi
  17# -> case timesInt2# a b of (# _, _, lo #) -> lo
  18# -> case timesInt2# a b of (# needed, _, _ #) -> needed
  _ -> 0#)

{-# NOINLINE divop #-}
divop :: Int -> Int -> Int -> Int
divop (I# op) (I# a) (I# b) = I# (case op of
  0# -> quotInt# a b
  1# -> remInt# a b
  2# -> case quotRemInt# a b of (# q, r #) -> q *# 3# +# r
  _ -> 0#)

{-# NOINLINE unop #-}
unop :: Int -> Int -> Int
unop (I# op) (I# a) = I# (case op of
  0# -> negateInt# a
  1# -> notI# a
  2# -> narrow8Int# a
  3# -> narrow16Int# a
  4# -> narrow32Int# a
  5# -> word2Int# (narrow8Word# (int2Word# a))
  6# -> word2Int# (narrow16Word# (int2Word# a))
  7# -> word2Int# (narrow32Word# (int2Word# a))
  8# -> uncheckedIShiftL# a 1#
  9# -> uncheckedIShiftL# a 63#
  10# -> uncheckedIShiftRA# a 1#
  11# -> uncheckedIShiftRA# a 63#
  12# -> uncheckedIShiftRL# a 1#
  13# -> uncheckedIShiftRL# a 63#
  14# -> uncheckedIShiftL# a 0#
  15# -> uncheckedIShiftRA# a 0#
  16# -> uncheckedIShiftRL# a 0#
  17# -> word2Int# (int2Word# a)
  _ -> 0#)

eachB :: Int -> L -> L -> IO ()
eachB _ N _ = done
eachB op (C a as) bs = eachB2 op a bs >> eachB op as bs

eachB2 :: Int -> Int -> L -> IO ()
eachB2 _ _ N = done
eachB2 op a (C b bs) = print_int (binop op a b) >> eachB2 op a bs

eachD :: Int -> L -> L -> IO ()
eachD _ N _ = done
eachD op (C a as) bs = eachD2 op a bs >> eachD op as bs

eachD2 :: Int -> Int -> L -> IO ()
eachD2 _ _ N = done
eachD2 op a (C b bs) = print_int (divop op a b) >> eachD2 op a bs

eachU :: Int -> L -> IO ()
eachU _ N = done
eachU op (C a as) = print_int (unop op a) >> eachU op as

loop :: Int# -> Int# -> (Int -> IO ()) -> IO ()
loop i n f = case i ># n of
  1# -> done
  _ -> print_string "op "# >> print_int (I# i) >> f (I# i) >> loop (i +# 1#) n f

-- mulIntMayOflo# may over-approximate: only clear-cut cases are printed (as 0/1).
{-# NOINLINE mayOflo #-}
mayOflo :: Int -> Int -> Int
mayOflo (I# a) (I# b) = case mulIntMayOflo# a b of
  0# -> I# 0#
  _ -> I# 1#

-- Int8# and Int16#: inputs are narrowed first, results extended for printing.
{-# NOINLINE i8op #-}
i8op :: Int -> Int -> Int -> Int
i8op (I# op) (I# a0) (I# b0) =
  let a = narrowInt8# a0
      b = narrowInt8# b0
  in I# (case op of
    0# -> extendInt8# (plusInt8# a b)
    1# -> extendInt8# (subInt8# a b)
    2# -> extendInt8# (timesInt8# a b)
    3# -> extendInt8# (negateInt8# a)
    4# -> eqInt8# a b
    5# -> neInt8# a b
    6# -> ltInt8# a b
    7# -> leInt8# a b
    8# -> gtInt8# a b
    9# -> geInt8# a b
    10# -> extendInt8# a
    _ -> 0#)

{-# NOINLINE i8div #-}
i8div :: Int -> Int -> Int -> Int
i8div (I# op) (I# a0) (I# b0) =
  let a = narrowInt8# a0
      b = narrowInt8# b0
  in I# (case op of
    0# -> extendInt8# (quotInt8# a b)
    1# -> extendInt8# (remInt8# a b)
    _ -> case quotRemInt8# a b of (# q, r #) -> extendInt8# q *# 1000# +# extendInt8# r)

{-# NOINLINE i16op #-}
i16op :: Int -> Int -> Int -> Int
i16op (I# op) (I# a0) (I# b0) =
  let a = narrowInt16# a0
      b = narrowInt16# b0
  in I# (case op of
    0# -> extendInt16# (plusInt16# a b)
    1# -> extendInt16# (subInt16# a b)
    2# -> extendInt16# (timesInt16# a b)
    3# -> extendInt16# (negateInt16# a)
    4# -> eqInt16# a b
    5# -> neInt16# a b
    6# -> ltInt16# a b
    7# -> leInt16# a b
    8# -> gtInt16# a b
    9# -> geInt16# a b
    10# -> extendInt16# a
    _ -> 0#)

{-# NOINLINE i16div #-}
i16div :: Int -> Int -> Int -> Int
i16div (I# op) (I# a0) (I# b0) =
  let a = narrowInt16# a0
      b = narrowInt16# b0
  in I# (case op of
    0# -> extendInt16# (quotInt16# a b)
    1# -> extendInt16# (remInt16# a b)
    _ -> case quotRemInt16# a b of (# q, r #) -> extendInt16# q *# 100000# +# extendInt16# r)

-- Small-width values; several are out of range and wrap when narrowed.
small :: L
small = C (I# 0#) (C (I# 1#) (C (I# (-1#)) (C (I# 127#) (C (I# (-128#)) (C (I# 200#) (C (I# 32767#)
          (C (I# (-32768#)) (C (I# 65535#) (C (I# 1099511627781#) N)))))))))

-- Divisors that are non-zero after narrowing to 8 bits and never -1 (-128 / -1 traps).
smallDivs :: L
smallDivs = C (I# 1#) (C (I# 3#) (C (I# (-3#)) (C (I# 127#) (C (I# (-128#)) (C (I# 200#) N)))))

each3 :: (Int -> Int -> Int -> Int) -> Int -> L -> L -> IO ()
each3 _ _ N _ = done
each3 f op (C a as) bs = each3b f op a bs >> each3 f op as bs

each3b :: (Int -> Int -> Int -> Int) -> Int -> Int -> L -> IO ()
each3b _ _ _ N = done
each3b f op a (C b bs) = print_int (f op a b) >> each3b f op a bs

main :: IO ()
main =
  print_string "binary\n"# >> loop 0# 18# (\op -> eachB op vals vals)
  >> print_string "division\n"# >> loop 0# 2# (\op -> eachD op vals divs)
  >> print_string "unary\n"# >> loop 0# 17# (\op -> eachU op vals)
  >> print_string "mulIntMayOflo\n"#
  >> print_int (mayOflo (I# 3#) (I# 4#)) >> print_int (mayOflo (I# (-5#)) (I# 6#)) >> print_int (mayOflo (I# 0#) (I# (-9223372036854775808#)))
  >> print_int (mayOflo (I# 9223372036854775807#) (I# 2#)) >> print_int (mayOflo (I# (-9223372036854775808#)) (I# (-1#))) >> print_int (mayOflo (I# 9223372036854775807#) (I# 9223372036854775807#))
  >> print_int (mayOflo (I# 4294967296#) (I# 4294967296#))
  >> print_string "int8\n"# >> loop 0# 10# (\op -> each3 i8op op small small)
  >> print_string "int8 division\n"# >> loop 0# 2# (\op -> each3 i8div op small smallDivs)
  >> print_string "int16\n"# >> loop 0# 10# (\op -> each3 i16op op small small)
  >> print_string "int16 division\n"# >> loop 0# 2# (\op -> each3 i16div op small smallDivs)
