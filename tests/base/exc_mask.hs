-- exc_mask: asynchronous-exception masking state: getMaskingState at top level, inside
-- mask_, uninterruptibleMask_, nested mask inside uninterruptibleMask (stays
-- uninterruptible), restore functions (mask's restore unmasks only back to the outer state),
-- inside bracket's acquire/release (masked) and body (unmasked), inside a catch handler
-- (masked), interruptible; throwTo to one's own thread (synchronous: delivered at once, even
-- inside mask_), killThread self caught as ThreadKilled, throwTo self of ErrorCall and
-- UserInterrupt (caught as SomeAsyncException), and the state restored after each block.
import Control.Exception
import Control.Concurrent

state :: String -> IO ()
state label = getMaskingState >>= \s -> putStrLn (label ++ ": " ++ show s)

data Boom = Boom deriving Show
instance Exception Boom

main :: IO ()
main = do
  state "top"
  mask_ (state "mask_")
  uninterruptibleMask_ (state "uninterruptibleMask_")
  mask $ \restore -> do
    state "mask"
    restore (state "mask/restore")
    mask_ (state "mask/mask_")
    uninterruptibleMask_ (state "mask/uninterruptibleMask_")
    state "mask again"
  uninterruptibleMask $ \restore -> do
    state "uninterruptibleMask"
    mask_ (state "uninterruptibleMask/mask_")
    restore (state "uninterruptibleMask/restore")
  mask_ $ uninterruptibleMask $ \restore -> restore (state "mask_/uninterruptibleMask/restore")
  mask_ $ mask $ \restore -> restore (state "mask_/mask/restore")
  state "after blocks"
  _ <- bracket (state "bracket acquire" >> return ())
               (\_ -> state "bracket release")
               (\_ -> state "bracket body")
  catch (throwIO Boom) (\Boom -> state "catch handler")
  handle (\Boom -> state "handle handler") (mask_ (throwIO Boom))
  state "after handlers"
  mask_ (interruptible (state "mask_/interruptible"))
  uninterruptibleMask_ (interruptible (state "uninterruptibleMask_/interruptible"))
  r <- try (evaluate (1 `div` (0 :: Int)) `finally` state "finally cleanup")
  print (r :: Either ArithException Int)
  -- throwTo self
  me <- myThreadId
  r1 <- try (throwTo me Boom >> putStrLn "not reached")
  print (r1 :: Either Boom ())
  r2 <- try (mask_ (throwTo me Boom >> putStrLn "not reached under mask_"))
  print (r2 :: Either Boom ())
  r3 <- try (killThread me >> putStrLn "not reached after killThread")
  print (r3 :: Either AsyncException ())
  r4 <- try (throwTo me (ErrorCall "async error call"))
  print (r4 :: Either ErrorCall ())
  r5 <- try (throwIO ThreadKilled)
  print (r5 :: Either AsyncException ())
  print [StackOverflow, HeapOverflow, ThreadKilled, UserInterrupt]
  r6 <- try (throwTo me UserInterrupt)
  case r6 of
    Left e -> putStrLn ("caught async: " ++ show (e :: SomeAsyncException))
    Right () -> putStrLn "nothing"
  state "end"
