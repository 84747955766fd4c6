-- callstack: GHC.Stack: HasCallStack functions (callStack, getCallStack with function names
-- and SrcLoc fields, prettyCallStack), nesting through two HasCallStack functions,
-- withFrozenCallStack, emptyCallStack, and the texts of exceptions that carry call stacks:
-- error inside a HasCallStack function (two entries), undefined and fromJust (whose first
-- entries are inside base: "libraries/base/GHC/Err.hs", "libraries/base/Data/Maybe.hs" —
-- the paths GHC's own build used for base). Source locations are of this file,
-- compiled as "callstack.hs" from its own directory.
import GHC.Stack
import Control.Exception
import Data.Maybe (fromJust)

whereAmI :: HasCallStack => String
whereAmI = prettyCallStack callStack

outer :: HasCallStack => Int -> String
outer n = inner (n + 1)

inner :: HasCallStack => Int -> String
inner n = show n ++ "\n" ++ prettyCallStack callStack

failing :: HasCallStack => Int -> Int
failing n = if n > 0 then error ("failing with " ++ show n) else n

frozen :: HasCallStack => String
frozen = withFrozenCallStack (prettyCallStack callStack)

locs :: HasCallStack => IO ()
locs = mapM_ (\(fn, loc) -> putStrLn (fn ++ " " ++ srcLocFile loc ++ ":" ++ show (srcLocStartLine loc) ++ ":" ++ show (srcLocStartCol loc)
                                      ++ "-" ++ show (srcLocEndLine loc) ++ ":" ++ show (srcLocEndCol loc)
                                      ++ " " ++ srcLocPackage loc ++ " " ++ srcLocModule loc))
             (getCallStack callStack)

describe :: String -> IO a -> IO ()
describe label act = do
  r <- try act
  case r of
    Left e -> putStrLn (label ++ ":\n" ++ show (e :: SomeException))
    Right _ -> putStrLn (label ++ ": no exception")

main :: IO ()
main = do
  putStrLn whereAmI
  putStrLn (outer 1)
  locs
  print (length (getCallStack emptyCallStack), prettyCallStack emptyCallStack)
  putStrLn frozen
  print (map fst (getCallStack (fromCallSiteList [("f", SrcLoc "p" "M" "M.hs" 1 2 3 4)])))
  describe "error in HasCallStack function" (evaluate (failing 3))
  describe "undefined" (evaluate (undefined :: Int))
  describe "fromJust Nothing" (evaluate (fromJust (Nothing :: Maybe Int)))
  describe "errorWithoutStackTrace" (evaluate (errorWithoutStackTrace "plain" :: Int))
