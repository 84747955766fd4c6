-- exit_undefined: an uncaught `undefined` forced inside a lazy structure: stderr gets
-- "exit_undefined: Prelude.undefined" and a two-line CallStack whose first entry is in
-- base (libraries/base/GHC/Err.hs:...), the second in this file; exit code 1.
main :: IO ()
main = do
  let xs = [1, 2, undefined, 4] :: [Int]
  print (length xs)
  print (sum xs)
