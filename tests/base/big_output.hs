-- big_output: volume through the Handle layer: 30000 numbered lines (about 600 KB) to
-- stdout with putStrLn, one 200 KB string with a single putStr, 2000 short lines to
-- stderr (unbuffered: one write each natively), and a final checksum line; checks that
-- nothing is lost or reordered within a stream and that the last block is flushed at exit.
import System.IO

main :: IO ()
main = do
  mapM_ (\i -> putStrLn ("line " ++ show i ++ " " ++ replicate (i `mod` 17) '*')) [1 .. 30000 :: Int]
  putStr (concat (replicate 5000 "0123456789abcdefghijklmnopqrstuvwxyzABCD"))
  putStrLn ""
  mapM_ (\i -> hPutStrLn stderr ("err " ++ show i)) [1 .. 2000 :: Int]
  putStrLn ("done " ++ show (sum [i `mod` 17 | i <- [1 .. 30000 :: Int]]))
