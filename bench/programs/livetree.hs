{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}
-- A large live heap that keeps changing: a persistent complete binary tree with 2^20 boxed
-- leaves (~60 MB live) updated 2*10^5 times by path copying, each update making 20 old nodes
-- garbage; major collections dominate (GC pause on a big live heap).
module Main (main) where
import GHC.Types
import GHC.Prim

foreign import ccall unsafe "print_int" print_int :: Int -> IO ()

infixr 1 >>
(>>) :: IO () -> IO () -> IO ()
IO a >> IO b = IO (\s -> case a s of (# s1, _ #) -> b s1)

data T = Leaf Int | Node !T !T

build :: Int# -> Int# -> T
build 0# i = Leaf (I# (i +# 1000#))
build d i = Node (build (d -# 1#) (i *# 2#)) (build (d -# 1#) (i *# 2# +# 1#))

-- Replaces leaf number `path` (its bits, high first, choose the branch) by f of its value.
update :: Int# -> Int# -> T -> T
update _ _ (Leaf (I# v)) = Leaf (I# (remInt# (v *# 31# +# 7#) 1000003#))
update d path (Node l r) = case andI# (uncheckedIShiftRL# path (d -# 1#)) 1# of
  0# -> Node (update (d -# 1#) path l) r
  _ -> Node l (update (d -# 1#) path r)

sumT :: T -> Int# -> Int#
sumT (Leaf (I# v)) acc = remInt# (acc +# v) 1000000007#
sumT (Node l r) acc = sumT r (sumT l acc)

{-# NOINLINE updates #-}
updates :: Int# -> Int# -> T -> T
updates 0# _ t = t
updates k seed t =
  let seed' = remInt# (seed *# 1103515245# +# 12345#) 2147483648#
  in updates (k -# 1#) seed' (update 20# (andI# seed' 1048575#) t)

main :: IO ()
main = case build 20# 0# of
  t -> print_int (I# (sumT t 0#)) >> print_int (I# (sumT (updates 200000# 1# t) 0#))
