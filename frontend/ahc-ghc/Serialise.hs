{-# LANGUAGE BangPatterns #-}
{-# LANGUAGE DataKinds #-}
{-# LANGUAGE LambdaCase #-}
-- | Serialise one module's code-generation STG into the binary format of
-- @docs/stg-format.md@ (read by the Rust crate @ahc-stg@).
--
-- This module only translates GHC's data into ours: it makes no decision
-- about what is supported, how things are named or laid out.  Keep it so.
module Serialise (formatVersion, serialiseModule) where

import Prelude

import qualified Data.ByteString as BS
import qualified Data.ByteString.Builder as B
import qualified Data.ByteString.Lazy as BL
import qualified Data.IntMap.Strict as IM
import qualified Data.Map.Strict as M
import Control.Monad (forM, forM_)
import Control.Monad.Trans.State.Strict (State, get, gets, modify', put, runState)
import Data.Bits (shiftR, testBit, (.&.), (.|.))
import Data.Word (Word8, Word64)
import GHC.Float (castDoubleToWord64, castFloatToWord32)

import GHC.Builtin.PrimOps (PrimCall (..), primOpOcc)
import GHC.Builtin.Types.Prim
  ( arrayArrayPrimTyCon, arrayPrimTyCon, byteArrayPrimTyCon, mutableArrayArrayPrimTyCon
  , mutableArrayPrimTyCon, mutableByteArrayPrimTyCon, smallArrayPrimTyCon
  , smallMutableArrayPrimTyCon )
import GHC.Core.DataCon (DataCon, dataConName, dataConRepArgTys, dataConTag, dataConTyCon)
import GHC.Core.TyCo.Rep (Type (..), scaledThing)
import GHC.Core.TyCon
  ( PrimElemRep (..), PrimRep (..), TyCon, isDataTyCon, isUnboxedSumTyCon, isUnboxedTupleTyCon
  , tyConDataCons, tyConFamilySize, tyConName )
import GHC.Core (AltCon (..))
import GHC.Core.Type (isTypeLevPoly, splitTyConApp_maybe)
import GHC.Data.FastString (bytesFS)
import GHC.Stg.Syntax
import GHC.Types.ForeignCall
import GHC.Types.Id (Id, idArity, idCafInfo, idDetails, idName, idType)
import GHC.Types.Id.Info (IdDetails (..), mayHaveCafRefs)
import GHC.Types.Literal (LitNumType (..), Literal (..))
import GHC.Types.Name (Name, nameModule_maybe, nameOccName, nameUnique)
import GHC.Types.Name.Occurrence (occNameFS, occNameString)
import GHC.Types.Basic (FunctionOrData (..))
import GHC.Types.RepType (typePrimRep, typePrimRepArgs, unwrapType)
import GHC.Types.Unique (getKey, getUnique)
import GHC.Types.Var.Set (dVarSetElems)
import GHC.Unit.Module (Module, moduleName, moduleNameFS, moduleUnit)
import GHC.Unit.Types (unitFS)

-- | Version of the format written here; must equal @FORMAT_VERSION@ in
-- @crates/ahc-stg/src/read.rs@.
formatVersion :: Int
formatVersion = 2

magic :: BS.ByteString
magic = BS.pack [0x41, 0x48, 0x43, 0x53, 0x54, 0x47, 0, 0] -- "AHCSTG\0\0"

------------------------------------------------------------------------------
-- Tables

data S = S
  { sStrMap  :: !(M.Map BS.ByteString Int)
  , sStrs    :: [BS.ByteString]          -- reversed
  , sStrN    :: !Int
  , sIds     :: [B.Builder]              -- reversed
  , sIdN     :: !Int
  , sGlobals :: !(IM.IntMap Int)         -- unique -> IdRef of top-level/imported Ids
  , sDcs     :: [B.Builder]              -- reversed
  , sDcN     :: !Int
  , sDcMap   :: !(IM.IntMap Int)         -- unique -> DataConRef
  }

type M = State S

-- | Lexical scope: unique -> IdRef of the binder in scope.
type Env = IM.IntMap Int

emptyS :: S
emptyS = S M.empty [] 0 [] 0 IM.empty [] 0 IM.empty

------------------------------------------------------------------------------
-- Primitive encoders

uleb :: Word64 -> B.Builder
uleb n
  | n < 0x80 = B.word8 (fromIntegral n)
  | otherwise = B.word8 (fromIntegral (n .&. 0x7f) .|. 0x80) <> uleb (n `shiftR` 7)

u :: Integral a => a -> B.Builder
u = uleb . fromIntegral

sleb :: Integer -> B.Builder
sleb n
  | (rest == 0 && not (testBit low 6)) || (rest == -1 && testBit low 6) = B.word8 low
  | otherwise = B.word8 (low .|. 0x80) <> sleb rest
  where
    low = fromIntegral (n .&. 0x7f) :: Word8
    rest = n `shiftR` 7

byte :: Word8 -> B.Builder
byte = B.word8

bytes :: BS.ByteString -> B.Builder
bytes b = u (BS.length b) <> B.byteString b

bool :: Bool -> B.Builder
bool b = byte (if b then 1 else 0)

vec :: [B.Builder] -> B.Builder
vec xs = u (length xs) <> mconcat xs

vecM :: (a -> M B.Builder) -> [a] -> M B.Builder
vecM f xs = vec <$> mapM f xs

str :: BS.ByteString -> M B.Builder
str b = do
  st <- get
  case M.lookup b (sStrMap st) of
    Just i -> pure (u i)
    Nothing -> do
      let i = sStrN st
      put st { sStrMap = M.insert b i (sStrMap st), sStrs = b : sStrs st, sStrN = i + 1 }
      pure (u i)

strS :: String -> M B.Builder
strS = str . BL.toStrict . B.toLazyByteString . B.stringUtf8

------------------------------------------------------------------------------
-- Names, reps

moduleB :: Module -> M B.Builder
moduleB m = do
  unit <- str (bytesFS (unitFS (moduleUnit m)))
  name <- str (bytesFS (moduleNameFS (moduleName m)))
  pure (unit <> name)

nameB :: Name -> M B.Builder
nameB n = do
  occ <- str (bytesFS (occNameFS (nameOccName n)))
  modl <- case nameModule_maybe n of
    Nothing -> pure (byte 0)
    Just m -> (byte 1 <>) <$> moduleB m
  pure (occ <> uniqueB (getKey (nameUnique n)) <> modl)

-- | A unique as its tag character (top byte) and the rest: much shorter than
-- the 64-bit number, whose top byte is always set.
uniqueB :: Int -> B.Builder
uniqueB k = byte (fromIntegral (w `shiftR` 56)) <> uleb (w .&. 0x00ffffffffffffff)
  where
    w = fromIntegral k :: Word64

primRepB :: PrimRep -> B.Builder
primRepB = \case
  VoidRep -> byte 0
  LiftedRep -> byte 1
  UnliftedRep -> byte 2
  Int8Rep -> byte 3
  Int16Rep -> byte 4
  Int32Rep -> byte 5
  Int64Rep -> byte 6
  IntRep -> byte 7
  Word8Rep -> byte 8
  Word16Rep -> byte 9
  Word32Rep -> byte 10
  Word64Rep -> byte 11
  WordRep -> byte 12
  AddrRep -> byte 13
  FloatRep -> byte 14
  DoubleRep -> byte 15
  VecRep n e -> byte 16 <> u n <> byte (elemB e)
  where
    elemB = \case
      Int8ElemRep -> 0
      Int16ElemRep -> 1
      Int32ElemRep -> 2
      Int64ElemRep -> 3
      Word8ElemRep -> 4
      Word16ElemRep -> 5
      Word32ElemRep -> 6
      Word64ElemRep -> 7
      FloatElemRep -> 8
      DoubleElemRep -> 9

repsB :: [PrimRep] -> B.Builder
repsB rs = vec (map primRepB rs)

-- | GHC's typePrimRep, or [] for a representation-polymorphic type, where
-- typePrimRep would panic.  GHC's code generator never asks for those: they
-- occur as the result type of primops that do not return (raise# in a
-- function like GHC.Err.error).
primReps :: Type -> [PrimRep]
primReps ty
  | isTypeLevPoly ty = []
  | otherwise = typePrimRep ty

------------------------------------------------------------------------------
-- Data constructors and type constructors

dataConRef :: DataCon -> M B.Builder
dataConRef dc = do
  let key = getKey (getUnique dc)
  m <- gets sDcMap
  case IM.lookup key m of
    Just i -> pure (u i)
    Nothing -> do
      -- Computing an entry allocates strings, never data constructors.
      entry <- dataConInfoB dc
      i <- gets sDcN
      modify' $ \st -> st { sDcMap = IM.insert key i (sDcMap st), sDcN = i + 1, sDcs = entry : sDcs st }
      pure (u i)

dataConInfoB :: DataCon -> M B.Builder
dataConInfoB dc = do
  let tc = dataConTyCon dc
      sort
        | isUnboxedTupleTyCon tc = 1
        | isUnboxedSumTyCon tc = 2
        | otherwise = 0 :: Word8
      -- The fields of unboxed tuple/sum constructors are levity-polymorphic:
      -- they have no fixed representation and are not given.
      fields
        | sort == 0 = map (primReps . scaledThing) (dataConRepArgTys dc)
        | otherwise = []
  name <- nameB (dataConName dc)
  tcName <- nameB (tyConName tc)
  pure $ name <> tcName <> u (dataConTag dc) <> u (tyConFamilySize tc)
      <> vec (map repsB fields) <> byte sort

tyConInfoB :: TyCon -> M B.Builder
tyConInfoB tc = do
  name <- nameB (tyConName tc)
  dcs <- vecM dataConRef (tyConDataCons tc)
  pure (name <> dcs)

------------------------------------------------------------------------------
-- Ids

-- | Allocate a new entry in the Id table.  (Computing an entry allocates
-- strings and data constructors, never Ids, so the index is stable.)
newId :: Id -> M Int
newId x = do
  entry <- idInfoB x
  i <- gets sIdN
  modify' $ \st -> st { sIdN = i + 1, sIds = entry : sIds st }
  pure i

idInfoB :: Id -> M B.Builder
idInfoB x = do
  name <- nameB (idName x)
  details <- case idDetails x of
    DataConWorkId dc -> (byte 1 <>) <$> dataConRef dc
    DataConWrapId dc -> (byte 2 <>) <$> dataConRef dc
    RecSelId {} -> pure (byte 3)
    ClassOpId {} -> pure (byte 3)
    PrimOpId op -> (byte 4 <>) <$> strS (occNameString (primOpOcc op))
    FCallId {} -> pure (byte 5)
    _ -> pure (byte 0)
  pure $ name <> repsB (primReps (idType x)) <> u (repArity x) <> details
      <> bool (mayHaveCafRefs (idCafInfo x))

-- | The number of arguments the Id's code takes after unarisation (void
-- arguments count one, unboxed tuples one per component): GHC's
-- @idFunRepArity@, but stopping instead of failing where the type does not
-- show enough arrows.
repArity :: Id -> Int
repArity x = go (idArity x) (idType x)
  where
    go :: Int -> Type -> Int
    go 0 _ = 0
    go n ty = case unwrapType ty of
      FunTy { ft_arg = arg, ft_res = res }
        | isTypeLevPoly arg -> 1 + go (n - 1) res
        | otherwise -> length (typePrimRepArgs arg) + go (n - 1) res
      _ -> 0

bindId :: Env -> Id -> M (Env, B.Builder)
bindId env x = do
  i <- newId x
  pure (IM.insert (getKey (getUnique x)) i env, u i)

bindIds :: Env -> [Id] -> M (Env, B.Builder)
bindIds env xs = do
  (env', refs) <- go env xs
  pure (env', vec refs)
  where
    go e [] = pure (e, [])
    go e (y : ys) = do
      (e1, r) <- bindId e y
      (e2, rs) <- go e1 ys
      pure (e2, r : rs)

occ :: Env -> Id -> M B.Builder
occ env x = case IM.lookup key env of
  Just i -> pure (u i)
  Nothing -> do
    g <- gets sGlobals
    case IM.lookup key g of
      Just i -> pure (u i)
      Nothing -> do
        i <- newId x
        modify' $ \st -> st { sGlobals = IM.insert key i (sGlobals st) }
        pure (u i)
  where
    key = getKey (getUnique x)

------------------------------------------------------------------------------
-- Literals, arguments

litB :: Literal -> M B.Builder
litB = \case
  LitChar c -> pure (byte 0 <> u (fromEnum c))
  LitNumber ty v -> pure (byte 1 <> byte (numTy ty) <> sleb v)
  LitString s -> pure (byte 2 <> bytes s)
  LitNullAddr -> pure (byte 3)
  -- 9.0 lowers LitRubbish before STG; its only meaning is an unlifted pointer.
  LitRubbish -> pure (byte 4 <> repsB [UnliftedRep])
  LitFloat r -> pure (byte 5 <> B.word32LE (castFloatToWord32 (fromRational r)))
  LitDouble r -> pure (byte 6 <> B.word64LE (castDoubleToWord64 (fromRational r)))
  LitLabel l _ fod -> do
    s <- str (bytesFS l)
    pure (byte 7 <> s <> bool (fod == IsFunction))
  where
    numTy = \case
      LitNumInteger -> 0
      LitNumNatural -> 1
      LitNumInt -> 2
      LitNumInt64 -> 3
      LitNumWord -> 4
      LitNumWord64 -> 5

argB :: Env -> StgArg -> M B.Builder
argB env = \case
  StgVarArg x -> (byte 0 <>) <$> occ env x
  StgLitArg l -> (byte 1 <>) <$> litB l

argsB :: Env -> [StgArg] -> M B.Builder
argsB env = vecM (argB env)

------------------------------------------------------------------------------
-- Expressions

exprB :: Env -> CgStgExpr -> M B.Builder
exprB env = \case
  StgApp f as -> do
    f' <- occ env f
    as' <- argsB env as
    pure (byte 0 <> f' <> as')
  StgLit l -> (byte 1 <>) <$> litB l
  StgConApp dc as _ -> do
    dc' <- dataConRef dc
    as' <- argsB env as
    pure (byte 2 <> dc' <> as')
  StgOpApp op as resTy -> do
    op' <- opB op as
    as' <- argsB env as
    resTc <- case splitTyConApp_maybe resTy of
      Just (tc, _) | isDataTyCon tc -> (byte 1 <>) <$> tyConInfoB tc
      _ -> pure (byte 0)
    pure (byte 3 <> op' <> as' <> repsB (primReps resTy) <> resTc)
  StgLam {} -> error "ahc-ghc: StgLam in code-generation STG"
  StgCase scrut bndr altTy alts -> do
    scrut' <- exprB env scrut
    (env', b') <- bindId env bndr
    alts' <- vecM (altB env') alts
    pure (byte 4 <> scrut' <> b' <> altTypeB altTy <> alts')
  StgLet _ bind body -> do
    (env', bind') <- bindingB env bind
    body' <- exprB env' body
    pure (byte 5 <> bind' <> body')
  StgLetNoEscape _ bind body -> do
    (env', bind') <- bindingB env bind
    body' <- exprB env' body
    pure (byte 6 <> bind' <> body')
  StgTick _ e -> exprB env e

altTypeB :: AltType -> B.Builder
altTypeB = \case
  PolyAlt -> byte 0
  MultiValAlt n -> byte 1 <> u n
  AlgAlt _ -> byte 2
  PrimAlt r -> byte 3 <> primRepB r

altB :: Env -> CgStgAlt -> M B.Builder
altB env (con, bndrs, rhs) = do
  con' <- case con of
    DEFAULT -> pure (byte 0)
    DataAlt dc -> (byte 1 <>) <$> dataConRef dc
    LitAlt l -> (byte 2 <>) <$> litB l
  (env', bs) <- bindIds env bndrs
  rhs' <- exprB env' rhs
  pure (con' <> bs <> rhs')

opB :: StgOp -> [StgArg] -> M B.Builder
opB op as = case op of
  StgPrimOp p -> (byte 0 <>) <$> strS (occNameString (primOpOcc p))
  StgPrimCallOp (PrimCall lbl unit) -> do
    l <- str (bytesFS lbl)
    un <- str (bytesFS (unitFS unit))
    pure (byte 1 <> l <> un)
  StgFCallOp (CCall (CCallSpec target conv safety)) ty -> do
    target' <- case target of
      StaticTarget _ lbl _ isFun -> do
        l <- str (bytesFS lbl)
        pure (byte 0 <> l <> bool isFun)
      DynamicTarget -> pure (byte 1)
    let conv' = case conv of
          CCallConv -> 0
          CApiConv -> 1
          StdCallConv -> 2
          PrimCallConv -> 3
          JavaScriptCallConv -> 4
        safety' = case safety of
          PlayRisky -> 0
          PlaySafe -> 1
          PlayInterruptible -> 2
        reps = map argRep as
        kinds = take (length as) (fArgKinds ty ++ repeat 0)
    pure $ byte 2 <> target' <> byte conv' <> byte safety' <> vec (map primRepB reps)
        <> vec (map byte kinds)
  where
    argRep a = case primReps (stgArgType a) of
      [] -> VoidRep
      (r : _) -> r

-- | For each argument of a foreign function type: 0 = plain, 1 = Array#-like
-- (MutableArray#, ArrayArray#, MutableArrayArray#), 2 = SmallArray#-like,
-- 3 = ByteArray#-like.  Looks through newtypes, as GHC's code generator does.
fArgKinds :: Type -> [Word8]
fArgKinds = \case
  ForAllTy _ res -> fArgKinds res
  FunTy { ft_arg = arg, ft_res = res } -> kind arg : fArgKinds res
  _ -> []
  where
    kind t = case splitTyConApp_maybe (unwrapType t) of
      Just (tc, _)
        | tc `elem` [arrayPrimTyCon, mutableArrayPrimTyCon, arrayArrayPrimTyCon, mutableArrayArrayPrimTyCon] -> 1
        | tc `elem` [smallArrayPrimTyCon, smallMutableArrayPrimTyCon] -> 2
        | tc `elem` [byteArrayPrimTyCon, mutableByteArrayPrimTyCon] -> 3
      _ -> 0

------------------------------------------------------------------------------
-- Bindings

bindingB :: Env -> CgStgBinding -> M (Env, B.Builder)
bindingB env = \case
  StgNonRec x rhs -> do
    rhs' <- rhsB env rhs
    (env', x') <- bindId env x
    pure (env', byte 0 <> x' <> rhs')
  StgRec pairs -> do
    (env', xs') <- bindIdsList env (map fst pairs)
    rhss <- mapM (rhsB env' . snd) pairs
    pure (env', byte 1 <> u (length pairs) <> mconcat (zipWith (<>) xs' rhss))
  where
    bindIdsList e [] = pure (e, [])
    bindIdsList e (y : ys) = do
      (e1, r) <- bindId e y
      (e2, rs) <- bindIdsList e1 ys
      pure (e2, r : rs)

rhsB :: Env -> CgStgRhs -> M B.Builder
rhsB env = \case
  StgRhsClosure fvs _ upd args body -> do
    fvs' <- vecM (occ env) (dVarSetElems fvs)
    (env', args') <- bindIds env args
    body' <- exprB env' body
    let upd' = case upd of
          ReEntrant -> 0
          Updatable -> 1
          SingleEntry -> 2
    pure (byte 0 <> fvs' <> byte upd' <> args' <> body')
  StgRhsCon _ dc as -> do
    dc' <- dataConRef dc
    as' <- argsB env as
    pure (byte 1 <> dc' <> as')

-- | Top-level binders are in scope everywhere in the module.
topBinders :: CgStgTopBinding -> [Id]
topBinders = \case
  StgTopLifted (StgNonRec x _) -> [x]
  StgTopLifted (StgRec pairs) -> map fst pairs
  StgTopStringLit x _ -> [x]

topBindingB :: CgStgTopBinding -> M B.Builder
topBindingB = \case
  StgTopLifted (StgNonRec x rhs) -> do
    x' <- occ IM.empty x
    rhs' <- rhsB IM.empty rhs
    pure (byte 0 <> byte 0 <> x' <> rhs')
  StgTopLifted (StgRec pairs) -> do
    ps <- forM pairs $ \(x, rhs) -> (<>) <$> occ IM.empty x <*> rhsB IM.empty rhs
    pure (byte 0 <> byte 1 <> vec ps)
  StgTopStringLit x s -> do
    x' <- occ IM.empty x
    pure (byte 1 <> x' <> bytes s)

------------------------------------------------------------------------------
-- Whole module

-- | The bytes of the @.stg@ file for one module.
serialiseModule :: Module -> [TyCon] -> [CgStgTopBinding] -> BL.ByteString
serialiseModule this tycons binds = B.toLazyByteString out
  where
    ((thisB, tyconsB, bindsB), st) = flip runState emptyS $ do
      -- Top-level binders first, so that every reference resolves to them.
      forM_ (concatMap topBinders binds) $ \x -> do
        i <- newId x
        modify' $ \s -> s { sGlobals = IM.insert (getKey (getUnique x)) i (sGlobals s) }
      t <- moduleB this
      tcs <- vecM tyConInfoB tycons
      bs <- vecM topBindingB binds
      pure (t, tcs, bs)
    out = B.byteString magic <> B.word32LE (fromIntegral formatVersion)
      <> vec (map bytes (reverse (sStrs st)))
      <> thisB
      <> vec (reverse (sDcs st))
      <> tyconsB
      <> vec (reverse (sIds st))
      <> bindsB
