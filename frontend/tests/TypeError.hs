{-# LANGUAGE NoImplicitPrelude #-}
module Main (main) where
import GHC.Types

main :: IO ()
main = True
