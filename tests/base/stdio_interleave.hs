-- stdio_interleave: stdout and stderr written alternately with hPutStr/hPutStrLn/hPutChar/
-- print, under each hSetBuffering mode (NoBuffering, LineBuffering, BlockBuffering (Just n),
-- BlockBuffering Nothing), with and without hFlush, plus output left unflushed at exit (must be
-- flushed by base's exit handler). stdout and stderr are captured separately, so the result
-- does not depend on when the buffers are flushed.
import System.IO

main :: IO ()
main = do
  hSetBuffering stdout NoBuffering
  putStr "no-buf 1 "
  hPutStr stderr "err 1\n"
  putStrLn "no-buf 2"
  hPutChar stderr 'E'
  hPutChar stderr '\n'
  hSetBuffering stdout LineBuffering
  putStr "line-buf partial "
  hPutStrLn stderr "err 2"
  putStrLn "line-buf done"
  hSetBuffering stdout (BlockBuffering (Just 16))
  mapM_ (\i -> putStr (show i ++ ",") >> hPutStr stderr (show (i * i) ++ ";")) [1 .. 40 :: Int]
  putStrLn ""
  hPutStrLn stderr ""
  hFlush stdout
  hSetBuffering stderr LineBuffering
  hPutStr stderr "stderr line-buffered "
  hPutStrLn stderr "now"
  hSetBuffering stdout (BlockBuffering Nothing)
  b <- hGetBuffering stderr
  hPutStrLn stderr ("stderr buffering: " ++ show b)
  mapM_ print [[i, i + 1] | i <- [1 .. 5 :: Int]]
  hPutStr stdout (replicate 10000 'x')
  putStrLn ""
  hFlush stderr
  print (sum [1 .. 100 :: Int])
  hPutStrLn stderr "last stderr line"
  putStr "unflushed tail without newline"
