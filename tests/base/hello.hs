-- hello: the smallest base program: putStrLn of a literal (stdout only, exit 0).
main :: IO ()
main = putStrLn "Hello, world!"
