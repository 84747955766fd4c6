-- getopt: System.Console.GetOpt (base) on the arguments in getopt.args: short and long
-- options, options with required and optional arguments (-o FILE, --output=FILE,
-- --level[=N]), bundled short flags (-vq), "--" ending option processing, non-options kept
-- in order (Permute), RequireOrder and ReturnInOrder on the same arguments, unknown options
-- and missing arguments reported as error strings, and usageInfo's layout; plus
-- Data.Version showVersion/makeVersion/parseVersion.
import System.Console.GetOpt
import System.Environment (getArgs)
import Data.Version
import Text.ParserCombinators.ReadP (readP_to_S)

data Flag = Verbose | Quiet | Output String | Level (Maybe String) | Help | Arg String
  deriving Show

options :: [OptDescr Flag]
options =
  [ Option ['v'] ["verbose"] (NoArg Verbose) "chatty output"
  , Option ['q'] ["quiet"] (NoArg Quiet) "say nothing"
  , Option ['o'] ["output"] (ReqArg Output "FILE") "write to FILE"
  , Option ['l'] ["level"] (OptArg Level "N") "level, optional N"
  , Option ['h', '?'] ["help"] (NoArg Help) "this help"
  ]

main :: IO ()
main = do
  args <- getArgs
  print args
  print (getOpt Permute options args)
  print (getOpt RequireOrder options args)
  print (getOpt (ReturnInOrder Arg) options args)
  print (getOpt Permute options ["-x", "--bogus", "-o"])
  print (getOpt Permute options ["--out=abbrev", "--le", "--verb"])
  print (getOpt' Permute options ["-v", "--unknown", "file"])
  putStr (usageInfo "Usage: getopt [OPTION...] files..." options)
  let v = makeVersion [1, 2, 3]
  print (showVersion v, versionBranch v, v < makeVersion [1, 10], showVersion (makeVersion []))
  print [showVersion x | (x, "") <- readP_to_S parseVersion "4.15.1.0"]
