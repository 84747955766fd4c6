{-# LANGUAGE CPP #-}
-- | ahc-ghc: GHC 9.0.2 as ahc's frontend.
--
-- Behaves like @ghc --make -no-link@ over the modules and files on its
-- command line (ordinary GHC flags are parsed by GHC's own flag parser) and
-- writes each compiled module's code-generation STG to
-- @STGDIR/<Module/Path>.stg@ in the format of @docs/stg-format.md@.
--
-- Our own flags (removed before GHC sees the command line):
--
-- * @--stg-dir DIR@ (or @--stg-dir=DIR@): where the @.stg@ files go
--   (default: the current directory).
-- * @--no-root-main@: do not generate GHC's @:Main.main = runMainIO main@
--   wrapper (it needs base's GHC.TopHandler).
-- * @-B<dir>@: GHC's libdir (default: the one of the ghc that built us).
--
-- The shim is deliberately dumb: every decision belongs to the Rust side.
module Main (main) where

import Prelude

import Control.Exception (bracketOnError)
import Control.Monad (forM_, unless, when)
import qualified Data.ByteString.Lazy as BL
import Data.List (isPrefixOf, partition)
import System.Directory (createDirectoryIfMissing, doesFileExist, removeFile, renameFile)
import System.Environment (getArgs)
import System.Exit (ExitCode (..), exitWith)
import System.FilePath (takeDirectory, takeFileName, (<.>), (</>))
import System.IO

import GHC (Ghc, LoadHowMuch (..))
import qualified GHC
import GHC.Data.Stream (Stream (..))
import GHC.Driver.Hooks (Hooks (..))
import GHC.Driver.Monad (liftIO)
import GHC.Driver.Session
import GHC.Driver.Types (ModSummary (..), handleFlagWarnings, handleSourceError, isBootSummary, mgModSummaries)
import GHC.HandleEncoding (configureHandleEncoding)
import GHC.Types.Basic (failed)
import GHC.Types.Name.Env (emptyNameEnv)
import GHC.Types.SrcLoc (mkGeneralLocated, unLoc)
import GHC.Types.Unique.Supply (initUniqSupply)
import GHC.Unit.Module (Module, mkModule, mkModuleName, moduleName, moduleNameSlashes)
import GHC.Unit.Module.Location (ModLocation (..))
import GHC.Unit.Types (stringToUnit, IsBootInterface (..))
import GHC.Utils.Error (prettyPrintGhcErrors)
import GHC.Utils.Panic (GhcException (..), throwGhcException)
import GHC.Cmm (CmmGroup)
import GHC.Core.TyCon (TyCon)
import GHC.Driver.Types (HpcInfo)
import GHC.Stg.Syntax (CgStgTopBinding)
import GHC.StgToCmm.Types (ModuleLFInfos)
import GHC.Types.CostCentre (CollectedCCs)

import Serialise (serialiseModule)

#if !defined(AHC_GHC_LIBDIR)
#error "AHC_GHC_LIBDIR must be defined (see frontend/build.sh)"
#endif

data Opts = Opts
  { optStgDir :: FilePath
  , optNoRootMain :: Bool
  , optLibdir :: FilePath
  }

-- | Split our own flags from GHC's.
ourFlags :: [String] -> (Opts, [String])
ourFlags = go (Opts "." False AHC_GHC_LIBDIR) []
  where
    go o acc args = case args of
      [] -> (o, reverse acc)
      "--stg-dir" : d : rest -> go o { optStgDir = d } acc rest
      a : rest
        | "--stg-dir=" `isPrefixOf` a -> go o { optStgDir = drop (length "--stg-dir=") a } acc rest
        | a == "--no-root-main" -> go o { optNoRootMain = True } acc rest
        | "-B" `isPrefixOf` a -> go o { optLibdir = drop 2 a } acc rest
        -- We always work like --make; accept the mode flag for familiarity.
        | a == "--make" -> go o acc rest
        | otherwise -> go o (a : acc) rest

main :: IO ()
main = do
  hSetBuffering stdout LineBuffering
  hSetBuffering stderr LineBuffering
  configureHandleEncoding
  GHC.defaultErrorHandler defaultFatalMessager defaultFlushOut $ do
    (opts, argv) <- ourFlags <$> getArgs
    when (any (== "--stg-dir") argv) $
      throwGhcException (UsageError "--stg-dir needs an argument")
    GHC.runGhc (Just (optLibdir opts)) (compile opts argv)

compile :: Opts -> [String] -> Ghc ()
compile opts argv = do
  dflags0 <- GHC.getSessionDynFlags
  let dflags1 = dflags0 { ghcMode = CompManager, ghcLink = NoLink, verbosity = 1 }
  (dflags2, fileish, warns) <-
    GHC.parseDynamicFlags dflags1 (map (mkGeneralLocated "on the commandline") argv)
  let dflags3 = dflags2
        { ghcLink = NoLink
        , hscTarget = HscAsm
        , hooks = (hooks dflags2) { stgToCmmHook = Just (stgHook (optStgDir opts)) }
        , mainModIs = if optNoRootMain opts then noSuchModule else mainModIs dflags2
        }
  prettyPrintGhcErrors dflags3 $ do
    let orFail = handleSourceError (\e -> GHC.printException e >> liftIO (exitWith (ExitFailure 1)))
    orFail $ liftIO $ handleFlagWarnings dflags3 warns
    let (unknown, files) = partition ("-" `isPrefixOf`) (map unLoc fileish)
    unless (null unknown) $
      throwGhcException (UsageError (concatMap (\f -> "unrecognised flag: " ++ f ++ "\n") unknown))
    when (null files) $ throwGhcException (UsageError "no input files")
    _ <- GHC.setSessionDynFlags dflags3
    dflags <- GHC.getSessionDynFlags
    liftIO $ initUniqSupply (initialUnique dflags) (uniqueIncrement dflags)
    orFail $ do
      targets <- mapM (\f -> GHC.guessTarget f Nothing) files
      GHC.setTargets targets
      -- GHC's recompilation check does not know about our .stg files: make
      -- GHC recompile every module whose .stg is missing by removing its
      -- (empty) object file.
      graph <- GHC.depanal [] False
      forM_ (mgModSummaries graph) $ \ms ->
        unless (isBootSummary ms == IsBoot) $ do
          let stg = stgPath (optStgDir opts) (ms_mod ms)
          have <- liftIO (doesFileExist stg)
          unless have $ liftIO $ do
            let obj = ml_obj_file (ms_location ms)
            objExists <- doesFileExist obj
            when objExists (removeFile obj)
      ok <- GHC.load LoadAllTargets
      when (failed ok) $ liftIO (exitWith (ExitFailure 1))

-- | A module that cannot exist, so that GHC's checkMain never applies.
noSuchModule :: Module
noSuchModule = mkModule (stringToUnit "ahc:no-root-main") (mkModuleName "ahc:no-root-main")

stgPath :: FilePath -> Module -> FilePath
stgPath dir m = dir </> moduleNameSlashes (moduleName m) <.> "stg"

-- | Our stgToCmmHook: write the module's STG, generate no Cmm (GHC then
-- writes an empty object file, and the .hi file as usual).
stgHook :: FilePath -> DynFlags -> Module -> [TyCon] -> CollectedCCs
        -> [CgStgTopBinding] -> HpcInfo -> Stream IO CmmGroup ModuleLFInfos
stgHook dir _ m tycons _ binds _ = Stream $ do
  let file = stgPath dir m
      fileDir = takeDirectory file
  createDirectoryIfMissing True fileDir
  bracketOnError
    (openBinaryTempFileWithDefaultPermissions fileDir (takeFileName file ++ ".tmp"))
    (\(tmp, h) -> hClose h >> removeFile tmp)
    (\(tmp, h) -> do
        BL.hPut h (serialiseModule m tycons binds)
        hClose h
        renameFile tmp file)
  pure (Left emptyNameEnv)
