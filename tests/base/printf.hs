-- printf: Text.Printf with every conversion (%d %i %u %o %x %X %b %e %E %f %F %g %G %s %c %v
-- %%), field widths, precisions, the flags - + space 0 #, `*` width from an argument, on Int,
-- negative numbers, Integer (huge), Word8/Int64, Double/Float, String and Char; printf
-- returning a String; hPrintf to stderr and stdout; and the errors for a bad format or a
-- missing argument (caught, printed with show).
import Text.Printf
import System.IO
import Control.Exception
import Data.Int
import Data.Word

main :: IO ()
main = do
  printf "%d|%i|%u|%o|%x|%X|%b|%%\n" (42 :: Int) (-42 :: Int) (42 :: Int) (42 :: Int) (255 :: Int) (255 :: Int) (5 :: Int)
  printf "[%5d][%-5d][%05d][%+d][% d][%+5d][%-+5d]\n" (42 :: Int) (42 :: Int) (42 :: Int) (42 :: Int) (42 :: Int) (-42 :: Int) (42 :: Int)
  printf "[%#o][%#x][%#X][%#b][%08.3d][%.0d][%.5x]\n" (8 :: Int) (255 :: Int) (255 :: Int) (5 :: Int) (7 :: Int) (0 :: Int) (255 :: Int)
  printf "%x %X %o %u\n" (-1 :: Int) (-255 :: Int) (-8 :: Int) (-1 :: Int)
  printf "%d %x %d %u\n" (2 ^ (100 :: Int) :: Integer) (2 ^ (70 :: Int) - 1 :: Integer) (negate (10 ^ (30 :: Int)) :: Integer) (255 :: Word8)
  printf "%d %d %x %d\n" (minBound :: Int64) (maxBound :: Word) (maxBound :: Word64) (-128 :: Int8)
  printf "%e|%E|%f|%F|%g|%G\n" (1234.5678 :: Double) (1234.5678 :: Double) (1234.5678 :: Double) (1234.5678 :: Double) (1234.5678 :: Double) (0.00001234 :: Double)
  printf "[%.2e][%.0e][%.3f][%.0f][%.1f][%.10f][%.3g][%.10g]\n" (1234.5678 :: Double) (1234.5678 :: Double) (2.0005 :: Double) (2.5 :: Double) (0.05 :: Double) (1 / 3 :: Double) (1234.5678 :: Double) (1 / 3 :: Double)
  printf "[%10.3f][%-10.3f][%010.3f][%+.2f][% .2f][%+010.2f][%#.0f][%#g]\n" (3.14159 :: Double) (3.14159 :: Double) (-3.14159 :: Double) (2.5 :: Double) (2.5 :: Double) (-2.5 :: Double) (3 :: Double) (1 :: Double)
  printf "%f %e %g %f %f %f\n" (0 :: Double) (0 :: Double) (0 :: Double) (-0.0 :: Double) (1 / 0 :: Double) (0 / 0 :: Double)
  printf "%f %g %g %g %g\n" (1.0e20 :: Double) (1.0e-5 :: Double) (123456789 :: Double) (0.1 :: Double) (100 :: Double)
  printf "%.3f %e %g\n" (3.14159 :: Float) (1.5e-3 :: Float) (2.5 :: Float)
  printf "[%s][%10s][%-10s][%.2s][%-6.3s][%c][%3c][%-3c]\n" "hello" "right" "left" "truncate" "abcdef" 'x' 'y' 'z'
  printf "[%v][%v][%v][%v][%v]\n" (7 :: Int) (2.5 :: Double) "str" 'c' (-3 :: Integer)
  printf "[%*d][%-*d][%.*f]\n" (6 :: Int) (42 :: Int) (6 :: Int) (42 :: Int) (2 :: Int) (3.14159 :: Double)
  printf "%s has %d items costing %.2f (%c)\n" "cart" (3 :: Int) (9.999 :: Double) '$'
  printf "no arguments at all\n"
  let s = printf "%d-%s-%.1f" (1 :: Int) "two" (3.0 :: Double) :: String
  putStrLn (s ++ " (length " ++ show (length s) ++ ")")
  hPrintf stderr "to stderr: %d %s %5.1f\n" (99 :: Int) "bottles" (0.25 :: Double)
  hPrintf stdout "to stdout via hPrintf: %03d\n" (7 :: Int)
  r1 <- try (evaluate (length (printf "%d" "not a number" :: String)))
  print (r1 :: Either SomeException Int)
  r2 <- try (evaluate (length (printf "%d %d" (1 :: Int) :: String)))
  print (r2 :: Either SomeException Int)
  r3 <- try (evaluate (length (printf "%d" (1 :: Int) (2 :: Int) :: String)))
  print (r3 :: Either SomeException Int)
  r4 <- try (evaluate (length (printf "%y" (1 :: Int) :: String)))
  print (r4 :: Either SomeException Int)
  hPutStrLn stderr "done"
