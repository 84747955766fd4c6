{-# LANGUAGE MagicHash, NoImplicitPrelude #-}
-- A local module imported by Main: a data type, functions, a constant.
module Shapes (Shape(..), perimeter, scale, unit) where
import GHC.Types
import GHC.Prim

data Shape = Square !Int | Rect !Int !Int

perimeter :: Shape -> Int
perimeter (Square (I# s)) = I# (4# *# s)
perimeter (Rect (I# w) (I# h)) = I# (2# *# (w +# h))

{-# NOINLINE scale #-}
scale :: Int -> Shape -> Shape
scale (I# k) (Square (I# s)) = Square (I# (k *# s))
scale (I# k) (Rect (I# w) (I# h)) = Rect (I# (k *# w)) (I# (k *# h))

unit :: Shape
unit = Square (I# 1#)
