{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- GC benchmark (binary-trees): a long-lived tree of depth 16 while trees of depth 4..16 are
-- built and checked in bulk (~0.5 GB allocated, almost all short-lived).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

done :: IO ()
done = IO (\s -> (# s, () #))

-- Each node has a number, so that GHC cannot share equal subtrees.
data Tree = Nil | Node !Tree Int# !Tree

{-# NOINLINE make #-}
make :: Int# -> Int# -> Tree
make 0# i = Node Nil i Nil
make d i = Node (make (d -# 1#) (i *# 2#)) i (make (d -# 1#) (i *# 2# +# 1#))

{-# NOINLINE check #-}
check :: Tree -> Int#
check Nil = 0#
check (Node l i r) = 1# +# andI# i 1# +# check l +# check r

maxDepth :: Int
maxDepth = I# 16#

-- `iterations` trees of depth d, checked.
{-# NOINLINE bulk #-}
bulk :: Int# -> Int# -> Int
bulk d iterations = go iterations 0#
  where
    go 0# acc = I# acc
    go i acc = go (i -# 1#) (acc +# check (make d i))

depths :: Int# -> Int# -> IO ()
depths d maxD = case d ># maxD of
  1# -> done
  _ -> print_int (I# d) >> print_int (bulk d (uncheckedIShiftL# 1# (maxD -# d +# 4#))) >> depths (d +# 2#) maxD

main :: IO ()
main = case maxDepth of
  I# maxD -> print_int (I# (check (make (maxD +# 1#) 1#)))
    >> (case make maxD 1# of
          long -> depths 4# maxD >> print_int (I# (check long)))
