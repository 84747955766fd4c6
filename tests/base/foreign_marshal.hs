-- foreign_marshal: base's Foreign.* marshalling without any foreign import: malloc/free,
-- alloca/allocaBytes/allocaArray, peek/poke/peekElemOff/pokeElemOff/peekByteOff of Int,
-- Word8, Int32, Double, Float, Char; sizeOf/alignment; with/new; mallocArray/peekArray/
-- pokeArray/withArray/withArrayLen/newArray/advancePtr/copyArray/moveArray (overlapping);
-- plusPtr/minusPtr/castPtr (byte order: little-endian reinterpretation of an Int as bytes),
-- nullPtr; fillBytes/copyBytes; CString via CStringLen with castCharToCChar (no locale);
-- mallocForeignPtr/withForeignPtr/mallocForeignPtrArray/newForeignPtr finalizerFree;
-- StablePtr new/deRef/free/castStablePtrToPtr round trip; C types (CInt, CChar, CSize,
-- CDouble) arithmetic and show. Pointer values themselves are never printed.
import Foreign
import Foreign.C.Types
import Foreign.C.String
import Data.Char (ord)

main :: IO ()
main = do
  p <- malloc :: IO (Ptr Int)
  poke p 123456789
  peek p >>= print
  free p
  print (sizeOf (0 :: Int), sizeOf (0 :: Word8), sizeOf (0 :: Int32), sizeOf (0 :: Double), sizeOf (0 :: Float), sizeOf 'c', sizeOf (0 :: CInt))
  print (alignment (0 :: Int), alignment (0 :: Double), alignment (0 :: Word16), sizeOf (undefined :: Ptr ()), sizeOf (0 :: CSize))
  v <- alloca $ \q -> do poke q (2.5 :: Double); peek q
  print v
  bytes <- allocaBytes 8 $ \q -> do
    poke (castPtr q) (0x0102030405060708 :: Int)
    mapM (peekByteOff q) [0 .. 7] :: IO [Word8]
  print bytes
  w <- with (0x41424344 :: Word32) $ \q -> peekArray 4 (castPtr q :: Ptr Word8)
  print w
  arr <- mallocArray 10 :: IO (Ptr Int32)
  pokeArray arr [1 .. 10]
  pokeElemOff arr 3 (-4)
  xs <- peekArray 10 arr
  x7 <- peekElemOff arr 7
  print (xs, x7, minusPtr (advancePtr arr 5) arr, minusPtr (arr `plusPtr` 12) arr)
  moveArray (advancePtr arr 2) arr 5
  peekArray 10 arr >>= print
  copyArray arr (advancePtr arr 5) 5
  peekArray 10 arr >>= print
  fillBytes arr 0xff 8
  peekArray 3 arr >>= print
  free arr
  s <- withArrayLen [1.5, 2.5, 3.5 :: Float] $ \n q -> do
    ys <- peekArray n q
    return (n, sum ys)
  print s
  ds <- withArray [1, 2, 3 :: Double] (\q -> mapM (peekElemOff q) [2, 1, 0])
  print ds
  np <- newArray "hello" :: IO (Ptr Char)
  peekArray 5 np >>= putStrLn
  free np
  n1 <- new (77 :: Word16)
  peek n1 >>= print
  free n1
  cs <- allocaArray 6 $ \buf -> do
    pokeArray buf (map castCharToCChar "cstr!\0")
    len <- lengthArray0 0 buf
    s' <- peekCStringLen (buf, len)
    cc <- peekArray len buf
    return (len, s', map castCCharToChar cc)
  print cs
  cs2 <- allocaBytes 16 $ \dst -> allocaArray 4 $ \src -> do
    pokeArray src (map castCharToCChar "abcd")
    copyBytes dst src 4
    peekArray 4 (dst :: Ptr CChar)
  print (map (ord . castCCharToChar) cs2)
  fp <- mallocForeignPtr :: IO (ForeignPtr Int64)
  withForeignPtr fp $ \q -> poke q (-42)
  withForeignPtr fp peek >>= print
  fpa <- mallocForeignPtrArray 4 :: IO (ForeignPtr Word8)
  withForeignPtr fpa $ \q -> pokeArray q [9, 8, 7, 6] >> peekArray 4 q >>= print
  raw <- mallocBytes 8
  fp2 <- newForeignPtr finalizerFree (raw :: Ptr Word64)
  withForeignPtr fp2 $ \q -> poke q maxBound >> peek q >>= print
  finalizeForeignPtr fp2
  sp <- newStablePtr (Just "stable value")
  let sp' = castPtrToStablePtr (castStablePtrToPtr sp) :: StablePtr (Maybe String)
  deRefStablePtr sp' >>= print
  freeStablePtr sp
  print (nullPtr == (nullPtr :: Ptr Int), nullPtr `plusPtr` 16 == (nullPtr :: Ptr ()), castPtr (nullPtr :: Ptr Int) == (nullPtr :: Ptr Word8))
  print (3 + 4 :: CInt, maxBound :: CInt, minBound :: CChar, 2.5 * 2 :: CDouble, fromIntegral (300 :: Int) :: CUChar, 7 `div` 2 :: CLong)
  print (toBool (1 :: CInt), fromBool True :: CInt, maybeWith with (Nothing :: Maybe Int) (\q -> return (q == nullPtr)) `seq` ())
  r <- maybeWith with (Just (5 :: Int)) (\q -> if q == nullPtr then return 0 else peek q)
  print r
