-- stdin_interact: `interact` over stdin_interact.stdin: numbers each line, reverses words,
-- counts lines/words/chars (lazy input consumed once, output produced incrementally).
main :: IO ()
main = interact $ \s ->
  let ls = lines s
      numbered = zipWith (\i l -> show i ++ ": " ++ unwords (reverse (words l))) [1 :: Int ..] ls
   in unlines numbered ++ "lines=" ++ show (length ls) ++ " words=" ++ show (length (words s)) ++ " chars=" ++ show (length s) ++ "\n"
