-- A C function the ahc runtime does not provide, reached from main: ahc-link must fail at link
-- time naming the function and the importing module (no output files). Natively the C linker
-- fails likewise (`undefined reference to `nosuchfn'`), so this is not differential.
module Main (main) where

foreign import ccall "nosuchfn" nosuchfn :: IO ()

main :: IO ()
main = putStrLn "before" >> nosuchfn
