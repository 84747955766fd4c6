//! # ahc-stg — the STG program that GHC hands to ahc
//!
//! `ahc-ghc` (the GHC-API shim in `frontend/`) captures each module's STG through GHC's
//! `stgToCmmHook` and writes it in the binary format documented in `docs/stg-format.md`. This
//! crate defines the in-memory form of that data ([`Module`]) and reads the format
//! ([`read_module`]).
//!
//! Invariants:
//! - The STG is GHC's *code-generation* STG: after unarisation. Unboxed tuples only appear as
//!   `ConApp` of an unboxed-tuple constructor in return position and as `MultiVal` case
//!   alternatives; unboxed sums are gone (unarisation turned them into tuples). Every binder has
//!   at most one [`PrimRep`] (`reps` is empty for void binders), except the binder of a
//!   `MultiVal` case, which keeps the tuple's type (several reps) and is never used.
//! - Every variable occurrence is an [`IdRef`] into [`Module::ids`] and every constructor an
//!   [`DataConRef`] into [`Module::datacons`]; the reader checks all indices, so consumers may
//!   index without checking again.
//! - Every binding site (top-level or `let` binder, closure argument, case binder, alternative
//!   binder) has its own [`IdRef`]: no `IdRef` is bound twice in a module, so per-Id facts can be
//!   kept in flat tables indexed by `IdRef`. An `IdRef` that no binding site binds is imported.
//!   (GHC uniques are *not* guaranteed distinct between entries; use the `IdRef` for identity.)
//! - Void arguments are kept: a `State#` argument appears as an occurrence of `GHC.Prim.void#`
//!   (an imported Id with empty `reps`) and void parameters as binders with empty `reps`.
//! - The reader never panics on bad input: it returns a [`ReadError`] with the byte offset.

mod pretty;
mod read;

pub use read::{read_module, ReadError, ReadErrorKind, FORMAT_VERSION, MAGIC, MAX_DEPTH};

/// Index into [`Module::ids`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdRef(pub u32);

/// Index into [`Module::datacons`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DataConRef(pub u32);

/// One compiled Haskell module.
#[derive(Clone, Debug, PartialEq)]
pub struct Module {
    /// The module's own name.
    pub this: ModuleName,
    /// Every Id that occurs in the module (binders and occurrences, local and imported).
    pub ids: Vec<IdInfo>,
    /// Every data constructor that occurs in the module or is defined by it.
    pub datacons: Vec<DataConInfo>,
    /// Algebraic types defined by this module (their constructors need info tables here).
    pub tycons: Vec<TyConInfo>,
    /// Top-level bindings in GHC's order.
    pub bindings: Vec<TopBinding>,
}

/// A unit (package) plus a module name, e.g. `ghc-prim:GHC.Types` or `main:Main`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleName {
    pub unit: String,
    pub name: String,
}

/// GHC's `PrimRep`: how a value is represented at run time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PrimRep {
    Void,
    /// A pointer to a lifted (possibly unevaluated) heap object.
    Lifted,
    /// A pointer to an unlifted heap object (arrays, MutVar#, …); never a thunk.
    Unlifted,
    Int8,
    Int16,
    Int32,
    Int64,
    Int,
    Word8,
    Word16,
    Word32,
    Word64,
    Word,
    Addr,
    Float,
    Double,
    /// SIMD vector: element count and element representation.
    Vec(u32, VecElem),
}

/// Element of a SIMD vector representation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum VecElem {
    Int8,
    Int16,
    Int32,
    Int64,
    Word8,
    Word16,
    Word32,
    Word64,
    Float,
    Double,
}

impl PrimRep {
    /// Pointers the garbage collector must follow.
    pub fn is_gc_ptr(self) -> bool {
        matches!(self, PrimRep::Lifted | PrimRep::Unlifted)
    }
}

/// The name of a binder or constructor.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Name {
    /// GHC's `OccName` string, unencoded (e.g. `+#`, `$wgo`, `I#`).
    pub occ: String,
    /// GHC's unique, stable within one compilation of one module.
    pub unique: u64,
    /// `Some` for external names (visible to other modules), `None` for internal ones. Top-level
    /// binders that are not exported may be internal, and two of them may share an `occ`.
    pub module: Option<ModuleName>,
}

/// Everything the code generator needs to know about one Id.
#[derive(Clone, Debug, PartialEq)]
pub struct IdInfo {
    pub name: Name,
    /// `typePrimRep` of the Id's type: empty for void, one element otherwise.
    pub reps: Vec<PrimRep>,
    /// The number of arguments the Id's code takes *after unarisation* (0 for non-functions):
    /// GHC's `idFunRepArity`, i.e. `idArity` with each void argument counted once and each
    /// unboxed-tuple argument counted per component. Reliable for imported Ids; for Ids bound in
    /// the module, the closure's `args` are authoritative (local binders often say 0).
    pub arity: u32,
    pub details: IdDetails,
    /// GHC's `CafInfo`: `false` means the Id's closure provably refers to no CAF. Under ahc this
    /// is nearly always `true`: GHC 9.0 computes CAF-ness in its Cmm pipeline, which our hook
    /// replaces, so interface files never record `NoCafRefs`. Code generators must do their own
    /// CAF analysis.
    pub may_have_caf_refs: bool,
}

/// What kind of Id this is (GHC's `IdDetails`, reduced to what code generation needs).
#[derive(Clone, Debug, PartialEq)]
pub enum IdDetails {
    /// An ordinary binder.
    Vanilla,
    /// The worker of a data constructor: its closure is the constructor's static closure (nullary)
    /// or a function building the constructor.
    DataConWorker(DataConRef),
    /// The wrapper of a data constructor (an ordinary function with a binding in the home module).
    DataConWrapper(DataConRef),
    /// A class method selector or other record selector (ordinary function with a binding).
    Selector,
    /// The Id of a primop used as a value; STG saturates primops, so it should not occur.
    PrimOp(String),
    /// A foreign-call wrapper Id; should not occur in STG.
    Foreign,
}

/// A data constructor.
#[derive(Clone, Debug, PartialEq)]
pub struct DataConInfo {
    /// The constructor's name (module = the defining module).
    pub name: Name,
    /// The type constructor's name.
    pub tycon: Name,
    /// 1-based constructor tag (GHC's `dataConTag`).
    pub tag: u32,
    /// Number of constructors of the type.
    pub family_size: u32,
    /// Representation of each field of the *worker* (after strictness/unpacking), in order.
    /// A field may have zero reps (void) or several (an unboxed tuple field).
    /// Empty for unboxed tuples and sums: their fields have no fixed representation (the
    /// arguments of each `ConApp` carry their own).
    pub fields: Vec<Vec<PrimRep>>,
    pub sort: DataConSort,
}

/// Boxed algebraic constructors get heap objects; unboxed tuples/sums never do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataConSort {
    Boxed,
    UnboxedTuple,
    UnboxedSum,
}

/// An algebraic type constructor: in [`Module::tycons`], one defined in the module (every
/// `data` type, including class dictionaries with several fields and data family instances;
/// never newtypes). Also used in [`Expr::OpApp`] for an imported type.
#[derive(Clone, Debug, PartialEq)]
pub struct TyConInfo {
    pub name: Name,
    pub datacons: Vec<DataConRef>,
}

/// A top-level binding.
#[derive(Clone, Debug, PartialEq)]
pub enum TopBinding {
    Lifted(Binding),
    /// `StgTopStringLit`: a top-level `Addr#` bound to a byte string (no terminating NUL added).
    StringLit(IdRef, Vec<u8>),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Binding {
    NonRec(IdRef, Rhs),
    Rec(Vec<(IdRef, Rhs)>),
}

impl Binding {
    /// The bound Ids and right-hand sides, whether recursive or not.
    pub fn pairs(&self) -> Vec<(IdRef, &Rhs)> {
        match self {
            Binding::NonRec(id, rhs) => vec![(*id, rhs)],
            Binding::Rec(pairs) => pairs.iter().map(|(id, rhs)| (*id, rhs)).collect(),
        }
    }
}

/// The right-hand side of a binding.
#[derive(Clone, Debug, PartialEq)]
pub enum Rhs {
    /// A closure: a function (non-empty `args`), a thunk (`Updatable`, no args) or a
    /// non-updatable nullary closure (`ReEntrant`/`SingleEntry` without args).
    Closure {
        /// Free variables, in GHC's order (empty at top level). May include void Ids and, in a
        /// recursive binding, the bound Id itself; GHC's code generator stores neither.
        free_vars: Vec<IdRef>,
        update: UpdateFlag,
        args: Vec<IdRef>,
        body: Expr,
    },
    /// A saturated constructor application allocated directly (static at top level).
    Con { con: DataConRef, args: Vec<Arg> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateFlag {
    ReEntrant,
    Updatable,
    SingleEntry,
}

/// An atom: a variable or a literal.
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    Var(IdRef),
    Lit(Literal),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Application of a variable to atoms (`args` may be empty: a variable reference).
    App(IdRef, Vec<Arg>),
    Lit(Literal),
    /// Saturated constructor application (boxed, or an unboxed tuple/sum in return position).
    ConApp(DataConRef, Vec<Arg>),
    /// Saturated primop, primcall or foreign call. `result` is the `typePrimRep` of the result type
    /// (several reps for an unboxed-tuple result, void components dropped; also empty when the
    /// result type is representation-polymorphic, which happens only for primops that never
    /// return, like `raise#` in `GHC.Err.error`).
    /// `result_tycon` is the result type's algebraic type constructor, if it is one (with all its
    /// constructors in [`Module::datacons`]); in practice only `tagToEnum#` has one.
    OpApp {
        op: Op,
        args: Vec<Arg>,
        result: Vec<PrimRep>,
        result_tycon: Option<Box<TyConInfo>>,
    },
    Case {
        scrut: Box<Expr>,
        binder: IdRef,
        alt_type: AltType,
        alts: Vec<Alt>,
    },
    Let(Box<Binding>, Box<Expr>),
    /// A join point: the bound closures are only tail-called, never allocated.
    LetNoEscape(Box<Binding>, Box<Expr>),
}

/// What a `case` scrutinises (GHC's `AltType`).
#[derive(Clone, Debug, PartialEq)]
pub enum AltType {
    /// Polymorphic: the scrutinee is a lifted value of unknown type, only a DEFAULT alternative.
    Poly,
    /// Unboxed tuple with this many (non-void) components.
    MultiVal(u32),
    /// Algebraic data type (its constructors are listed in the alternatives).
    Alg,
    /// A primitive (unboxed) value of this representation.
    Prim(PrimRep),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Alt {
    pub con: AltCon,
    pub binders: Vec<IdRef>,
    pub rhs: Expr,
}

#[derive(Clone, Debug, PartialEq)]
pub enum AltCon {
    Default,
    Data(DataConRef),
    Lit(Literal),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// A primop, by its name in `primops.txt.pp` (e.g. `+#`, `uncheckedIShiftL#`).
    PrimOp(String),
    /// `foreign import prim`: a Cmm-level function in some unit.
    PrimCall {
        label: String,
        unit: String,
    },
    Foreign(ForeignCall),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ForeignCall {
    pub target: ForeignTarget,
    pub conv: CallConv,
    pub safety: Safety,
    /// Representation of each argument as GHC passes it (void arguments included as `Void`).
    pub arg_reps: Vec<PrimRep>,
    /// For each argument (same length as `arg_reps`), from the foreign function's declared type:
    /// which heap object's *payload address* is passed instead of the object pointer (GHC's
    /// "unlifted boxed arguments to foreign calls").
    pub arg_kinds: Vec<ForeignArgKind>,
}

/// How an argument of a foreign call is passed (GHC's `StgFArgType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ForeignArgKind {
    /// The value itself.
    Plain,
    /// `Array#`, `MutableArray#`, `ArrayArray#`, `MutableArrayArray#`: pass the payload address
    /// (past the `StgMutArrPtrs` header).
    Array,
    /// `SmallArray#`, `SmallMutableArray#`: payload address (past `StgSmallMutArrPtrs` header).
    SmallArray,
    /// `ByteArray#`, `MutableByteArray#`: payload address (past the `StgArrBytes` header).
    ByteArray,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ForeignTarget {
    /// A named C symbol; `is_function` is false for `&symbol` imports of data.
    Static { label: String, is_function: bool },
    /// Call through a function pointer passed as the first argument.
    Dynamic,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallConv {
    CCall,
    CApi,
    StdCall,
    Prim,
    JavaScript,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Safety {
    Unsafe,
    Safe,
    Interruptible,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// `Char#` code point.
    Char(u32),
    /// Integral literal of the given type; the value is in range for the type (the reader wraps
    /// fixed-width values modulo 2^64, as GHC's code generator does).
    Number(NumType, i128),
    /// `Addr#` literal: a byte string (GHC adds no NUL; code generators add one).
    String(Vec<u8>),
    NullAddr,
    /// A value that is never looked at (e.g. an absent argument) of this representation.
    /// (GHC 9.0 lowers its rubbish literal before STG, so this does not occur in practice.)
    Rubbish(Vec<PrimRep>),
    /// IEEE bits of a `Float#` literal (correctly rounded from GHC's rational).
    Float(u32),
    /// IEEE bits of a `Double#` literal (correctly rounded from GHC's rational).
    Double(u64),
    /// Address of a C label (`foreign import ccall "&foo"`).
    Label {
        name: String,
        is_function: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumType {
    Integer,
    Natural,
    Int,
    Int64,
    Word,
    Word64,
}

impl Module {
    pub fn id(&self, r: IdRef) -> &IdInfo {
        &self.ids[r.0 as usize]
    }
    pub fn datacon(&self, r: DataConRef) -> &DataConInfo {
        &self.datacons[r.0 as usize]
    }
}
