-- An IOException nobody catches: base's top handler prints `<prog>: user error (boom)` on
-- stderr after flushing stdout, exit 1.
main :: IO ()
main = do
  putStrLn "before"
  ioError (userError "boom")
  putStrLn "not reached"
