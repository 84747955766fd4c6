//! # ahc-wasm-object — relocatable WebAssembly object files
//!
//! This crate writes the object files that the ahc code generator emits per
//! Haskell module and that `wasm-ld` (`rust-lld -flavor wasm`, see
//! `ahc-link`) links together with the runtime's Rust staticlib. The format is
//! the one defined by WebAssembly tool-conventions `Linking.md` and produced
//! by LLVM: an ordinary wasm module plus a `linking` custom section (version
//! 2), `reloc.CODE` / `reloc.DATA` custom sections and a `target_features`
//! custom section. Standard sections are encoded with `wasm-encoder`; what it
//! lacks (relocations, segment info, init functions, padded LEBs, code and
//! data sections whose byte offsets we must know) is written here.
//!
//! ## Model
//!
//! Everything that can be referenced across objects is a *symbol*, obtained by
//! name with [`ObjectBuilder::func`], [`ObjectBuilder::data`] and
//! [`ObjectBuilder::global`] (get-or-create; names are unique per object and
//! per kind). A symbol starts undefined; it becomes defined with `define_*`,
//! or for functions a real wasm import with [`ObjectBuilder::import_func`].
//! Function bodies are built with [`BodyBuilder`], which records a relocation
//! for every symbolic immediate.
//!
//! ## Invariants of the produced objects
//!
//! * **Every** index immediate the linker must rewrite is a 5-byte padded LEB
//!   with a relocation, including calls to functions defined in the same
//!   object (lld requires a relocation for every function index):
//!   `call`/`return_call` → `R_WASM_FUNCTION_INDEX_LEB`; `global.get/set` →
//!   `R_WASM_GLOBAL_INDEX_LEB`; `call_indirect`/`return_call_indirect` →
//!   `R_WASM_TYPE_INDEX_LEB` + `R_WASM_TABLE_NUMBER_LEB` (the table is
//!   always `__indirect_function_table`); multi-value block types →
//!   `R_WASM_TYPE_INDEX_LEB`; data addresses → `R_WASM_MEMORY_ADDR_SLEB`
//!   (`i32.const`) or `R_WASM_MEMORY_ADDR_LEB` (memarg offset); function
//!   pointers → `R_WASM_TABLE_INDEX_SLEB`. The placeholder written is the
//!   value within this object (function/global index, object-local address),
//!   so the object is itself a valid module.
//! * **One data segment per data symbol** (like `-fdata-sections`), named
//!   `.data.<sym>`, `.rodata.<sym>` or `.bss.<sym>`, with its alignment
//!   (log2) in `WASM_SEGMENT_INFO`; the symbol covers the whole segment
//!   (offset 0). So `--gc-sections` can drop every unreferenced datum and
//!   function individually. Data relocations are `R_WASM_MEMORY_ADDR_I32` /
//!   `R_WASM_TABLE_INDEX_I32` and must lie inside their segment.
//! * Function index space: imports first (in symbol-creation order), then
//!   definitions (in symbol-creation order); likewise for globals. Only
//!   undefined functions/globals that are actually referenced become imports
//!   (from module `env`, field = symbol name, no explicit name). Functions
//!   given by [`ObjectBuilder::import_func`] are imports with the
//!   `WASM_SYM_EXPLICIT_NAME` flag, which tells wasm-ld that the import
//!   module/field are real and the symbol may stay undefined at link time.
//! * Memory is imported as `env.__linear_memory`, always; the table as
//!   `env.__indirect_function_table` (with an undefined `SYMTAB_TABLE`
//!   symbol) when the object uses `call_indirect` or function pointers.
//! * Section order: type, import, function, global, code, data, then the
//!   custom sections `linking`, `reloc.CODE`, `reloc.DATA`, `producers`,
//!   `target_features`. Relocation entries are sorted by offset.
//! * `target_features` lists [`DEFAULT_TARGET_FEATURES`] unless the caller
//!   sets its own with [`ObjectBuilder::set_target_features`].
//!
//! ## Using it
//!
//! Memory accesses use wasm-encoder's `MemArg`, which also carries a target
//! memory and an atomic ordering; [`mem_arg`] builds a plain one. Function
//! pointers are table indices: [`BodyBuilder::i32_const_table_index`] in
//! code, [`DataRelocKind::TableIndexI32`] in data. Linker-defined symbols
//! (`__heap_base`, `__data_end`, `__wasm_call_ctors`, …) are used like any
//! other undefined symbol.
//!
//! With the `verify` feature, [`verify::verify`] re-reads an object with
//! wasmparser and checks all of the above (used by the tests here, and
//! available to the code generator's tests).
//!
//! Nothing is checked lazily by the linker that can be checked here: misuse
//! (a function referenced but never given a type, a symbol defined twice,
//! conflicting flags, a data relocation outside its segment, …) is reported
//! by [`ObjectBuilder::finish`] as an [`ObjectError`].

#![forbid(unsafe_code)]

mod body;
mod leb;
#[cfg(feature = "verify")]
pub mod verify;

use std::collections::HashMap;
use std::fmt;

pub use body::{BodyBuilder, FuncBody};
pub use wasm_encoder::{BlockType, Instruction, MemArg, MemArgTarget, ValType};

/// A plain memarg on memory 0: `offset` in bytes, `align_log2` the
/// alignment hint as a power of two (wasm-encoder's `MemArg` also carries a
/// target memory and an atomic ordering).
pub fn mem_arg(offset: u64, align_log2: u32) -> MemArg {
    MemArg {
        offset,
        align: align_log2,
        target: MemArgTarget::Memory(0),
        ordering: None,
    }
}

use body::CodeTarget;
use wasm_encoder::{
    ConstExpr, CustomSection, Encode, EntityType, FunctionSection, GlobalSection, GlobalType,
    ImportSection, MemoryType, Module, ProducersField, ProducersSection, RawSection, RefType,
    SectionId, SymbolTable, TableType, TypeSection,
};

/// Target features declared by default (`+` = used by this object).
///
/// `call-indirect-overlong` is included because the table immediate of
/// `call_indirect` is written as a padded (overlong) LEB for its relocation.
pub const DEFAULT_TARGET_FEATURES: &[&str] = &[
    "+tail-call",
    "+mutable-globals",
    "+sign-ext",
    "+multivalue",
    "+nontrapping-fptoint",
    "+bulk-memory",
    "+call-indirect-overlong",
];

/// A function symbol of one [`ObjectBuilder`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct FuncSym(u32);
/// A data symbol of one [`ObjectBuilder`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct DataSym(u32);
/// A global symbol of one [`ObjectBuilder`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct GlobalSym(u32);

/// Linkage of a defined symbol. The default is a strong, visible symbol that
/// is exported from the final module only with `--export-dynamic`.
#[derive(Clone, Copy, Default, Debug)]
pub struct SymFlags {
    /// `WASM_SYM_BINDING_LOCAL`: private to this object (excludes `weak`
    /// and `exported`).
    pub local: bool,
    /// `WASM_SYM_BINDING_WEAK`: a strong definition elsewhere wins.
    pub weak: bool,
    /// `WASM_SYM_VISIBILITY_HIDDEN`: linkable, never exported.
    pub hidden: bool,
    /// `WASM_SYM_EXPORTED`: exported from the final module (like
    /// `--export=<name>`; also keeps it alive under `--gc-sections`).
    pub exported: bool,
    /// `WASM_SYM_NO_STRIP` (and `WASM_SEG_FLAG_RETAIN` for data): kept by
    /// `--gc-sections` even when unreferenced.
    pub no_strip: bool,
}

impl SymFlags {
    /// A symbol private to this object.
    pub const LOCAL: SymFlags = SymFlags {
        local: true,
        weak: false,
        hidden: false,
        exported: false,
        no_strip: false,
    };
    /// A symbol exported from the final module.
    pub const EXPORTED: SymFlags = SymFlags {
        local: false,
        weak: false,
        hidden: false,
        exported: true,
        no_strip: false,
    };

    fn bits(self) -> u32 {
        let mut b = 0;
        if self.weak {
            b |= SymbolTable::WASM_SYM_BINDING_WEAK;
        }
        if self.local {
            b |= SymbolTable::WASM_SYM_BINDING_LOCAL;
        }
        if self.hidden {
            b |= SymbolTable::WASM_SYM_VISIBILITY_HIDDEN;
        }
        if self.exported {
            b |= SymbolTable::WASM_SYM_EXPORTED;
        }
        if self.no_strip {
            b |= SymbolTable::WASM_SYM_NO_STRIP;
        }
        b
    }
}

/// A relocation inside a data symbol's bytes.
#[derive(Clone, Copy, Debug)]
pub struct DataReloc {
    /// Byte offset within the symbol's bytes of the 4-byte little-endian
    /// field to patch.
    pub offset: u32,
    /// What to write there.
    pub kind: DataRelocKind,
}

/// What a [`DataReloc`] writes. Every kind patches 4 bytes. To store a
/// pointer into a 64-bit heap word, put the relocation at the word's offset
/// and leave the upper 4 bytes zero (wasm is little-endian and addresses are
/// below 2^32).
#[derive(Clone, Copy, Debug)]
pub enum DataRelocKind {
    /// `R_WASM_MEMORY_ADDR_I32`: the address of `sym` plus `addend`.
    MemoryAddrI32 { sym: DataSym, addend: i32 },
    /// `R_WASM_TABLE_INDEX_I32`: the `__indirect_function_table` slot of
    /// `func` (a function pointer).
    TableIndexI32 { func: FuncSym },
}

/// Why an object could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjectError {
    /// A function is referenced (call, function pointer, init function) but
    /// was neither defined, imported nor given a type with `declare_func`.
    UntypedFunction { name: String },
    /// A global is referenced but was neither defined nor declared.
    UntypedGlobal { name: String },
    /// A symbol was defined (or imported) twice.
    Redefined { kind: &'static str, name: String },
    /// A symbol was given two different types.
    TypeMismatch { kind: &'static str, name: String },
    /// A type index that `func_type` never returned.
    UnknownType { index: u32 },
    /// Alignment is not a power of two.
    BadAlignment { name: String, align: u32 },
    /// A data relocation does not fit inside its symbol's bytes.
    RelocOutOfBounds { name: String, offset: u32 },
    /// `local` together with `weak` or `exported`.
    ConflictingFlags { name: String },
    /// A symbol handle from another `ObjectBuilder`.
    ForeignSymbol,
    /// An init function whose type is not `[] -> []`.
    BadInitFunc { name: String },
    /// A target feature not written as `+name` or `-name`.
    BadFeature(String),
    /// A section grew beyond what a wasm32 object can describe.
    TooLarge,
}

impl fmt::Display for ObjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ObjectError::UntypedFunction { name } => write!(
                f,
                "function `{name}` is referenced but never defined, imported or declared"
            ),
            ObjectError::UntypedGlobal { name } => {
                write!(
                    f,
                    "global `{name}` is referenced but never defined or declared"
                )
            }
            ObjectError::Redefined { kind, name } => write!(f, "{kind} `{name}` defined twice"),
            ObjectError::TypeMismatch { kind, name } => {
                write!(f, "{kind} `{name}` declared with two different types")
            }
            ObjectError::UnknownType { index } => write!(f, "unknown type index {index}"),
            ObjectError::BadAlignment { name, align } => {
                write!(f, "data `{name}`: alignment {align} is not a power of two")
            }
            ObjectError::RelocOutOfBounds { name, offset } => {
                write!(
                    f,
                    "data `{name}`: relocation at offset {offset} is outside the symbol"
                )
            }
            ObjectError::ConflictingFlags { name } => {
                write!(f, "symbol `{name}`: `local` excludes `weak` and `exported`")
            }
            ObjectError::ForeignSymbol => write!(f, "symbol handle from another ObjectBuilder"),
            ObjectError::BadInitFunc { name } => {
                write!(f, "init function `{name}` must have type [] -> []")
            }
            ObjectError::BadFeature(s) => {
                write!(f, "target feature `{s}` must start with `+` or `-`")
            }
            ObjectError::TooLarge => write!(f, "object exceeds wasm32 limits"),
        }
    }
}

impl std::error::Error for ObjectError {}

#[derive(Clone, Debug)]
enum FuncDef {
    Undefined,
    Defined { body: FuncBody, flags: SymFlags },
    Imported { module: String, field: String },
}

#[derive(Clone, Debug)]
struct FuncEntry {
    name: String,
    ty: Option<u32>,
    def: FuncDef,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DataKind {
    Data,
    ReadOnly,
    Zeroed,
}

#[derive(Clone, Debug)]
struct DataDef {
    bytes: Vec<u8>,
    align_log2: u32,
    relocs: Vec<DataReloc>,
    flags: SymFlags,
    kind: DataKind,
}

#[derive(Clone, Debug)]
struct DataEntry {
    name: String,
    def: Option<DataDef>,
}

#[derive(Clone, Debug)]
struct GlobalEntry {
    name: String,
    ty: Option<(ValType, bool)>,
    def: Option<(i64, SymFlags)>,
}

/// Accumulates the contents of one relocatable object; [`ObjectBuilder::finish`]
/// encodes it.
#[derive(Clone, Debug, Default)]
pub struct ObjectBuilder {
    types: Vec<(Vec<ValType>, Vec<ValType>)>,
    type_map: HashMap<(Vec<ValType>, Vec<ValType>), u32>,
    funcs: Vec<FuncEntry>,
    func_map: HashMap<String, FuncSym>,
    datas: Vec<DataEntry>,
    data_map: HashMap<String, DataSym>,
    globals: Vec<GlobalEntry>,
    global_map: HashMap<String, GlobalSym>,
    init_funcs: Vec<(u32, FuncSym)>,
    features: Option<Vec<String>>,
    errors: Vec<ObjectError>,
}

/// Index of a symbol in the symbol table, per symbol handle.
struct SymIndices {
    func: Vec<Option<u32>>,
    data: Vec<Option<u32>>,
    global: Vec<Option<u32>>,
    table: Option<u32>,
}

impl ObjectBuilder {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// Interns a function type; returns its type index (stable within this
    /// object).
    pub fn func_type(&mut self, params: &[ValType], results: &[ValType]) -> u32 {
        let key = (params.to_vec(), results.to_vec());
        if let Some(&i) = self.type_map.get(&key) {
            return i;
        }
        let i = self.types.len() as u32;
        self.types.push(key.clone());
        self.type_map.insert(key, i);
        i
    }

    /// Get-or-create the symbol for a function name (undefined until defined
    /// or imported).
    pub fn func(&mut self, name: &str) -> FuncSym {
        if let Some(&s) = self.func_map.get(name) {
            return s;
        }
        let s = FuncSym(self.funcs.len() as u32);
        self.funcs.push(FuncEntry {
            name: name.to_owned(),
            ty: None,
            def: FuncDef::Undefined,
        });
        self.func_map.insert(name.to_owned(), s);
        s
    }

    /// The name a function symbol was created with.
    pub fn func_name(&self, sym: FuncSym) -> &str {
        &self.funcs[sym.0 as usize].name
    }

    fn set_func_type(&mut self, sym: FuncSym, ty: u32) {
        if ty as usize >= self.types.len() {
            self.errors.push(ObjectError::UnknownType { index: ty });
        }
        let Some(e) = self.funcs.get_mut(sym.0 as usize) else {
            self.errors.push(ObjectError::ForeignSymbol);
            return;
        };
        match e.ty {
            Some(old) if old != ty => self.errors.push(ObjectError::TypeMismatch {
                kind: "function",
                name: e.name.clone(),
            }),
            _ => e.ty = Some(ty),
        }
    }

    /// Declares the type of an undefined function symbol (needed for
    /// references to functions defined in other objects).
    pub fn declare_func(&mut self, sym: FuncSym, ty: u32) {
        self.set_func_type(sym, ty);
    }

    /// Defines a function with type `ty` and the given body.
    pub fn define_func(&mut self, sym: FuncSym, ty: u32, body: FuncBody, flags: SymFlags) {
        let Some(e) = self.undefined_func(sym, ty) else {
            return;
        };
        e.def = FuncDef::Defined { body, flags };
        if flags.local && (flags.weak || flags.exported) {
            let name = e.name.clone();
            self.errors.push(ObjectError::ConflictingFlags { name });
        }
    }

    /// Sets the type of `sym` and returns its entry if it is still undefined; otherwise records
    /// a redefinition error.
    fn undefined_func(&mut self, sym: FuncSym, ty: u32) -> Option<&mut FuncEntry> {
        self.set_func_type(sym, ty);
        let e = self.funcs.get_mut(sym.0 as usize)?;
        if !matches!(e.def, FuncDef::Undefined) {
            let name = e.name.clone();
            self.errors.push(ObjectError::Redefined {
                kind: "function",
                name,
            });
            return None;
        }
        self.funcs.get_mut(sym.0 as usize)
    }

    /// Makes `sym` a real wasm import, e.g. `("wasi_snapshot_preview1",
    /// "fd_write")`. The symbol keeps its own name (`WASM_SYM_EXPLICIT_NAME`),
    /// so wasm-ld accepts it undefined and imports it into the final module.
    pub fn import_func(&mut self, sym: FuncSym, module: &str, field: &str, ty: u32) {
        let Some(e) = self.undefined_func(sym, ty) else {
            return;
        };
        e.def = FuncDef::Imported {
            module: module.to_owned(),
            field: field.to_owned(),
        };
    }

    /// Registers `f` (type `[] -> []`) in `WASM_INIT_FUNCS`: the linker calls
    /// it from `__wasm_call_ctors`, lower `priority` first.
    pub fn init_func(&mut self, f: FuncSym, priority: u32) {
        self.init_funcs.push((priority, f));
    }

    /// Get-or-create the symbol for a data name (undefined until defined).
    pub fn data(&mut self, name: &str) -> DataSym {
        if let Some(&s) = self.data_map.get(name) {
            return s;
        }
        let s = DataSym(self.datas.len() as u32);
        self.datas.push(DataEntry {
            name: name.to_owned(),
            def: None,
        });
        self.data_map.insert(name.to_owned(), s);
        s
    }

    /// The name a data symbol was created with.
    pub fn data_name(&self, sym: DataSym) -> &str {
        &self.datas[sym.0 as usize].name
    }

    fn set_data(
        &mut self,
        sym: DataSym,
        bytes: Vec<u8>,
        align: u32,
        relocs: Vec<DataReloc>,
        flags: SymFlags,
        kind: DataKind,
    ) {
        let Some(e) = self.datas.get_mut(sym.0 as usize) else {
            self.errors.push(ObjectError::ForeignSymbol);
            return;
        };
        if e.def.is_some() {
            self.errors.push(ObjectError::Redefined {
                kind: "data",
                name: e.name.clone(),
            });
            return;
        }
        if !align.is_power_of_two() {
            self.errors.push(ObjectError::BadAlignment {
                name: e.name.clone(),
                align,
            });
        }
        if flags.local && (flags.weak || flags.exported) {
            self.errors.push(ObjectError::ConflictingFlags {
                name: e.name.clone(),
            });
        }
        for r in &relocs {
            if r.offset as u64 + 4 > bytes.len() as u64 {
                self.errors.push(ObjectError::RelocOutOfBounds {
                    name: e.name.clone(),
                    offset: r.offset,
                });
            }
        }
        e.def = Some(DataDef {
            bytes,
            align_log2: align.max(1).trailing_zeros(),
            relocs,
            flags,
            kind,
        });
    }

    /// Defines a data symbol in its own segment (`.data.<name>`). `align` is
    /// in bytes (a power of two). `relocs` patch pointers inside `bytes`.
    pub fn define_data(
        &mut self,
        sym: DataSym,
        bytes: Vec<u8>,
        align: u32,
        relocs: Vec<DataReloc>,
        flags: SymFlags,
    ) {
        self.set_data(sym, bytes, align, relocs, flags, DataKind::Data);
    }

    /// Like [`ObjectBuilder::define_data`] for data never written at run
    /// time (`.rodata.<name>`; e.g. info tables). Wasm has no memory
    /// protection: this only affects segment naming and merging.
    pub fn define_rodata(
        &mut self,
        sym: DataSym,
        bytes: Vec<u8>,
        align: u32,
        relocs: Vec<DataReloc>,
        flags: SymFlags,
    ) {
        self.set_data(sym, bytes, align, relocs, flags, DataKind::ReadOnly);
    }

    /// Zero-initialised data (`.bss.<name>`) of `size` bytes.
    pub fn define_zeroed(&mut self, sym: DataSym, size: u32, align: u32, flags: SymFlags) {
        self.set_data(
            sym,
            vec![0; size as usize],
            align,
            Vec::new(),
            flags,
            DataKind::Zeroed,
        );
    }

    /// Get-or-create the symbol for a global name.
    pub fn global(&mut self, name: &str) -> GlobalSym {
        if let Some(&s) = self.global_map.get(name) {
            return s;
        }
        let s = GlobalSym(self.globals.len() as u32);
        self.globals.push(GlobalEntry {
            name: name.to_owned(),
            ty: None,
            def: None,
        });
        self.global_map.insert(name.to_owned(), s);
        s
    }

    fn set_global_type(&mut self, sym: GlobalSym, ty: ValType, mutable: bool) -> bool {
        let Some(e) = self.globals.get_mut(sym.0 as usize) else {
            self.errors.push(ObjectError::ForeignSymbol);
            return false;
        };
        match e.ty {
            Some(old) if old != (ty, mutable) => {
                self.errors.push(ObjectError::TypeMismatch {
                    kind: "global",
                    name: e.name.clone(),
                });
                false
            }
            _ => {
                e.ty = Some((ty, mutable));
                true
            }
        }
    }

    /// Declares the type of a global defined in another object (imported
    /// from `env` in this object when referenced).
    pub fn declare_global(&mut self, sym: GlobalSym, ty: ValType, mutable: bool) {
        self.set_global_type(sym, ty, mutable);
    }

    /// Defines a global. `init` is the initial value: for `i32`/`i64` the
    /// (truncated) integer, for `f32`/`f64` the IEEE bits (low 32 for `f32`).
    pub fn define_global(
        &mut self,
        sym: GlobalSym,
        ty: ValType,
        mutable: bool,
        init: i64,
        flags: SymFlags,
    ) {
        if !self.set_global_type(sym, ty, mutable) {
            return;
        }
        let e = &mut self.globals[sym.0 as usize];
        if e.def.is_some() {
            self.errors.push(ObjectError::Redefined {
                kind: "global",
                name: e.name.clone(),
            });
            return;
        }
        if flags.local && (flags.weak || flags.exported) {
            self.errors.push(ObjectError::ConflictingFlags {
                name: e.name.clone(),
            });
        }
        e.def = Some((init, flags));
    }

    /// Target features to declare instead of [`DEFAULT_TARGET_FEATURES`],
    /// each `+name` (used) or `-name` (must not be used by the link).
    pub fn set_target_features(&mut self, features: &[&str]) {
        self.features = Some(features.iter().map(|s| s.to_string()).collect());
    }

    /// Encodes the object.
    pub fn finish(self) -> Result<Vec<u8>, ObjectError> {
        if let Some(e) = self.errors.first() {
            return Err(e.clone());
        }
        Encoder::new(self)?.encode()
    }
}

/// Layout decisions made by `finish`, and the encoding itself.
struct Encoder {
    b: ObjectBuilder,
    /// Function index per `FuncSym` (None: not emitted).
    func_index: Vec<Option<u32>>,
    global_index: Vec<Option<u32>>,
    /// Object-local address and segment index per defined `DataSym`.
    data_addr: Vec<Option<(u32, u32)>>,
    imported_funcs: Vec<FuncSym>,
    defined_funcs: Vec<FuncSym>,
    imported_globals: Vec<GlobalSym>,
    defined_globals: Vec<GlobalSym>,
    segments: Vec<DataSym>,
    data_used: Vec<bool>,
    uses_table: bool,
    data_size: u32,
}

fn check_sym(len: usize, i: u32) -> Result<usize, ObjectError> {
    if (i as usize) < len {
        Ok(i as usize)
    } else {
        Err(ObjectError::ForeignSymbol)
    }
}

impl Encoder {
    fn new(b: ObjectBuilder) -> Result<Self, ObjectError> {
        let nf = b.funcs.len();
        let nd = b.datas.len();
        let ng = b.globals.len();
        let mut func_used = vec![false; nf];
        let mut data_used = vec![false; nd];
        let mut global_used = vec![false; ng];
        let mut uses_table = false;
        for e in &b.funcs {
            if let FuncDef::Defined { body, .. } = &e.def {
                for r in &body.relocs {
                    match r.target {
                        CodeTarget::FuncIndex(f) => func_used[check_sym(nf, f.0)?] = true,
                        CodeTarget::TableIndexSleb(f) => {
                            func_used[check_sym(nf, f.0)?] = true;
                            uses_table = true;
                        }
                        CodeTarget::MemoryAddrLeb(d, _) | CodeTarget::MemoryAddrSleb(d, _) => {
                            data_used[check_sym(nd, d.0)?] = true
                        }
                        CodeTarget::TypeIndex(t) => {
                            if t as usize >= b.types.len() {
                                return Err(ObjectError::UnknownType { index: t });
                            }
                        }
                        CodeTarget::GlobalIndex(g) => global_used[check_sym(ng, g.0)?] = true,
                        CodeTarget::TableNumber => uses_table = true,
                    }
                }
            }
        }
        for e in &b.datas {
            if let Some(def) = &e.def {
                for r in &def.relocs {
                    match r.kind {
                        DataRelocKind::MemoryAddrI32 { sym, .. } => {
                            data_used[check_sym(nd, sym.0)?] = true
                        }
                        DataRelocKind::TableIndexI32 { func } => {
                            func_used[check_sym(nf, func.0)?] = true;
                            uses_table = true;
                        }
                    }
                }
            }
        }
        for &(_, f) in &b.init_funcs {
            let i = check_sym(nf, f.0)?;
            func_used[i] = true;
            let e = &b.funcs[i];
            match e.ty {
                Some(t) if b.types[t as usize] == (vec![], vec![]) => {}
                _ => {
                    return Err(ObjectError::BadInitFunc {
                        name: e.name.clone(),
                    })
                }
            }
        }

        // Function index space: imports, then definitions.
        let mut func_index = vec![None; nf];
        let mut imported_funcs = Vec::new();
        let mut defined_funcs = Vec::new();
        for (i, e) in b.funcs.iter().enumerate() {
            let is_import = match e.def {
                FuncDef::Imported { .. } => true,
                FuncDef::Undefined => func_used[i],
                FuncDef::Defined { .. } => false,
            };
            if is_import {
                if e.ty.is_none() {
                    return Err(ObjectError::UntypedFunction {
                        name: e.name.clone(),
                    });
                }
                func_index[i] = Some(imported_funcs.len() as u32);
                imported_funcs.push(FuncSym(i as u32));
            }
        }
        for (i, e) in b.funcs.iter().enumerate() {
            if let FuncDef::Defined { .. } = e.def {
                func_index[i] = Some((imported_funcs.len() + defined_funcs.len()) as u32);
                defined_funcs.push(FuncSym(i as u32));
            }
        }

        let mut global_index = vec![None; ng];
        let mut imported_globals = Vec::new();
        let mut defined_globals = Vec::new();
        for (i, e) in b.globals.iter().enumerate() {
            if e.def.is_none() && global_used[i] {
                if e.ty.is_none() {
                    return Err(ObjectError::UntypedGlobal {
                        name: e.name.clone(),
                    });
                }
                global_index[i] = Some(imported_globals.len() as u32);
                imported_globals.push(GlobalSym(i as u32));
            }
        }
        for (i, e) in b.globals.iter().enumerate() {
            if e.def.is_some() {
                global_index[i] = Some((imported_globals.len() + defined_globals.len()) as u32);
                defined_globals.push(GlobalSym(i as u32));
            }
        }

        // Data layout: one segment per defined symbol, laid out at aligned
        // object-local addresses (the linker relocates them; they only make
        // the placeholders meaningful).
        let mut data_addr = vec![None; nd];
        let mut segments = Vec::new();
        let mut addr: u64 = 0;
        for (i, e) in b.datas.iter().enumerate() {
            if let Some(def) = &e.def {
                let align = 1u64 << def.align_log2;
                addr = addr.div_ceil(align) * align;
                let a = u32::try_from(addr).map_err(|_| ObjectError::TooLarge)?;
                data_addr[i] = Some((a, segments.len() as u32));
                segments.push(DataSym(i as u32));
                addr += def.bytes.len() as u64;
            }
        }
        let data_size = u32::try_from(addr).map_err(|_| ObjectError::TooLarge)?;

        Ok(Encoder {
            b,
            func_index,
            global_index,
            data_addr,
            imported_funcs,
            defined_funcs,
            imported_globals,
            defined_globals,
            segments,
            data_used,
            uses_table,
            data_size,
        })
    }

    fn symbol_table(&self) -> (SymbolTable, SymIndices) {
        let mut st = SymbolTable::new();
        let mut n = 0u32;
        let mut idx = SymIndices {
            func: vec![None; self.b.funcs.len()],
            data: vec![None; self.b.datas.len()],
            global: vec![None; self.b.globals.len()],
            table: None,
        };
        for (i, e) in self.b.funcs.iter().enumerate() {
            let Some(fi) = self.func_index[i] else {
                continue;
            };
            match &e.def {
                FuncDef::Defined { flags, .. } => {
                    st.function(flags.bits(), fi, Some(&e.name));
                }
                FuncDef::Imported { .. } => {
                    st.function(
                        SymbolTable::WASM_SYM_UNDEFINED | SymbolTable::WASM_SYM_EXPLICIT_NAME,
                        fi,
                        Some(&e.name),
                    );
                }
                FuncDef::Undefined => {
                    st.function(SymbolTable::WASM_SYM_UNDEFINED, fi, None);
                }
            }
            idx.func[i] = Some(n);
            n += 1;
        }
        for (i, e) in self.b.datas.iter().enumerate() {
            match (&e.def, self.data_addr[i]) {
                (Some(def), Some((_, seg))) => {
                    st.data(
                        def.flags.bits(),
                        &e.name,
                        Some(wasm_encoder::DataSymbolDefinition {
                            index: seg,
                            offset: 0,
                            size: def.bytes.len() as u32,
                        }),
                    );
                }
                _ if self.data_used[i] => {
                    st.data(SymbolTable::WASM_SYM_UNDEFINED, &e.name, None);
                }
                _ => continue,
            }
            idx.data[i] = Some(n);
            n += 1;
        }
        for (i, e) in self.b.globals.iter().enumerate() {
            let Some(gi) = self.global_index[i] else {
                continue;
            };
            match e.def {
                Some((_, flags)) => {
                    st.global(flags.bits(), gi, Some(&e.name));
                }
                None => {
                    st.global(SymbolTable::WASM_SYM_UNDEFINED, gi, None);
                }
            }
            idx.global[i] = Some(n);
            n += 1;
        }
        if self.uses_table {
            st.table(SymbolTable::WASM_SYM_UNDEFINED, 0, None);
            idx.table = Some(n);
        }
        (st, idx)
    }

    fn encode(self) -> Result<Vec<u8>, ObjectError> {
        let b = &self.b;
        let mut module = Module::new();
        let mut section_count = 0u32;

        let mut types = TypeSection::new();
        for (p, r) in &b.types {
            types.ty().function(p.iter().copied(), r.iter().copied());
        }
        if !b.types.is_empty() {
            module.section(&types);
            section_count += 1;
        }

        let mut imports = ImportSection::new();
        imports.import(
            "env",
            "__linear_memory",
            EntityType::Memory(MemoryType {
                minimum: u64::from(self.data_size.div_ceil(65536)),
                maximum: None,
                memory64: false,
                shared: false,
                page_size_log2: None,
            }),
        );
        if self.uses_table {
            imports.import(
                "env",
                "__indirect_function_table",
                EntityType::Table(TableType {
                    element_type: RefType::FUNCREF,
                    table64: false,
                    minimum: 0,
                    maximum: None,
                    shared: false,
                }),
            );
        }
        for &f in &self.imported_funcs {
            let e = &b.funcs[f.0 as usize];
            let ty = e.ty.expect("checked in Encoder::new");
            match &e.def {
                FuncDef::Imported { module: m, field } => {
                    imports.import(m, field, EntityType::Function(ty));
                }
                _ => {
                    imports.import("env", &e.name, EntityType::Function(ty));
                }
            }
        }
        for &g in &self.imported_globals {
            let e = &b.globals[g.0 as usize];
            let (val_type, mutable) = e.ty.expect("checked in Encoder::new");
            imports.import(
                "env",
                &e.name,
                EntityType::Global(GlobalType {
                    val_type,
                    mutable,
                    shared: false,
                }),
            );
        }
        module.section(&imports);
        section_count += 1;

        if !self.defined_funcs.is_empty() {
            let mut fs = FunctionSection::new();
            for &f in &self.defined_funcs {
                fs.function(
                    b.funcs[f.0 as usize]
                        .ty
                        .expect("defined functions are typed"),
                );
            }
            module.section(&fs);
            section_count += 1;
        }

        if !self.defined_globals.is_empty() {
            let mut gs = GlobalSection::new();
            for &g in &self.defined_globals {
                let e = &b.globals[g.0 as usize];
                let (val_type, mutable) = e.ty.expect("defined globals are typed");
                let init = e.def.expect("defined").0;
                let expr = match val_type {
                    ValType::I32 => ConstExpr::i32_const(init as i32),
                    ValType::I64 => ConstExpr::i64_const(init),
                    ValType::F32 => ConstExpr::f32_const(f32::from_bits(init as u32).into()),
                    ValType::F64 => ConstExpr::f64_const(f64::from_bits(init as u64).into()),
                    // Reference and vector globals: null / zero defaults are
                    // not expressible with an i64 initialiser.
                    _ => {
                        return Err(ObjectError::TypeMismatch {
                            kind: "global (only i32/i64/f32/f64 supported)",
                            name: e.name.clone(),
                        })
                    }
                };
                gs.global(
                    GlobalType {
                        val_type,
                        mutable,
                        shared: false,
                    },
                    &expr,
                );
            }
            module.section(&gs);
            section_count += 1;
        }

        let (symtab, sym) = self.symbol_table();

        // Code section, written by hand to know every relocation's offset.
        let mut code_relocs: Vec<(u32, u8, u32, Option<i32>)> = Vec::new();
        let mut code_section_index = None;
        if !self.defined_funcs.is_empty() {
            let mut payload = Vec::new();
            (self.defined_funcs.len() as u32).encode(&mut payload);
            for &f in &self.defined_funcs {
                let FuncDef::Defined { body, .. } = &b.funcs[f.0 as usize].def else {
                    unreachable!()
                };
                (body.bytes.len() as u32).encode(&mut payload);
                let start = payload.len();
                payload.extend_from_slice(&body.bytes);
                for r in &body.relocs {
                    let off = start + r.offset as usize;
                    let at = &mut payload[off..off + leb::PADDED_LEB_LEN];
                    let off = u32::try_from(off).map_err(|_| ObjectError::TooLarge)?;
                    let (ty, index, addend) = match r.target {
                        CodeTarget::FuncIndex(f) => {
                            leb::write_padded_uleb(at, self.func_index[f.0 as usize].unwrap());
                            (0u8, sym.func[f.0 as usize].unwrap(), None)
                        }
                        CodeTarget::TableIndexSleb(f) => {
                            leb::write_padded_sleb(at, 0);
                            (1, sym.func[f.0 as usize].unwrap(), None)
                        }
                        CodeTarget::MemoryAddrLeb(d, a) => {
                            let base = self.data_addr[d.0 as usize].map_or(0, |x| x.0);
                            leb::write_padded_uleb(at, base.wrapping_add(a as u32));
                            (3, sym.data[d.0 as usize].unwrap(), Some(a))
                        }
                        CodeTarget::MemoryAddrSleb(d, a) => {
                            let base = self.data_addr[d.0 as usize].map_or(0, |x| x.0);
                            leb::write_padded_sleb(at, (base as i32).wrapping_add(a));
                            (4, sym.data[d.0 as usize].unwrap(), Some(a))
                        }
                        CodeTarget::TypeIndex(t) => {
                            leb::write_padded_uleb(at, t);
                            (6, t, None)
                        }
                        CodeTarget::GlobalIndex(g) => {
                            leb::write_padded_uleb(at, self.global_index[g.0 as usize].unwrap());
                            (7, sym.global[g.0 as usize].unwrap(), None)
                        }
                        CodeTarget::TableNumber => {
                            leb::write_padded_uleb(at, 0);
                            (20, sym.table.unwrap(), None)
                        }
                    };
                    code_relocs.push((off, ty, index, addend));
                }
            }
            module.section(&RawSection {
                id: SectionId::Code as u8,
                data: &payload,
            });
            code_section_index = Some(section_count);
            section_count += 1;
        }

        // Data section, likewise.
        let mut data_relocs: Vec<(u32, u8, u32, Option<i32>)> = Vec::new();
        let mut data_section_index = None;
        if !self.segments.is_empty() {
            let mut payload = Vec::new();
            (self.segments.len() as u32).encode(&mut payload);
            for &d in &self.segments {
                let e = &b.datas[d.0 as usize];
                let def = e.def.as_ref().expect("segments are defined");
                let (addr, _) = self.data_addr[d.0 as usize].expect("laid out");
                payload.push(0x00); // active, memory 0
                payload.push(0x41); // i32.const
                (addr as i32).encode(&mut payload);
                payload.push(0x0b); // end
                (def.bytes.len() as u32).encode(&mut payload);
                let start = payload.len();
                payload.extend_from_slice(&def.bytes);
                let mut relocs = def.relocs.clone();
                relocs.sort_by_key(|r| r.offset);
                for r in &relocs {
                    let off = start + r.offset as usize;
                    let off32 = u32::try_from(off).map_err(|_| ObjectError::TooLarge)?;
                    let (ty, index, addend, value) = match r.kind {
                        DataRelocKind::MemoryAddrI32 { sym: t, addend } => {
                            let base = self.data_addr[t.0 as usize].map_or(0, |x| x.0);
                            (
                                5u8,
                                sym.data[t.0 as usize].unwrap(),
                                Some(addend),
                                base.wrapping_add(addend as u32),
                            )
                        }
                        DataRelocKind::TableIndexI32 { func } => {
                            (2, sym.func[func.0 as usize].unwrap(), None, 0)
                        }
                    };
                    payload[off..off + 4].copy_from_slice(&value.to_le_bytes());
                    data_relocs.push((off32, ty, index, addend));
                }
            }
            module.section(&RawSection {
                id: SectionId::Data as u8,
                data: &payload,
            });
            data_section_index = Some(section_count);
        }

        // linking: version 2, symbol table, segment info, init funcs.
        let mut linking = Vec::new();
        2u32.encode(&mut linking);
        symtab.encode(&mut linking);
        if !self.segments.is_empty() {
            let mut sub = Vec::new();
            (self.segments.len() as u32).encode(&mut sub);
            for &d in &self.segments {
                let e = &b.datas[d.0 as usize];
                let def = e.def.as_ref().expect("segments are defined");
                let prefix = match def.kind {
                    DataKind::Data => ".data.",
                    DataKind::ReadOnly => ".rodata.",
                    DataKind::Zeroed => ".bss.",
                };
                format!("{prefix}{}", e.name).as_str().encode(&mut sub);
                def.align_log2.encode(&mut sub);
                let flags: u32 = if def.flags.no_strip { 4 } else { 0 }; // WASM_SEG_FLAG_RETAIN
                flags.encode(&mut sub);
            }
            linking.push(5); // WASM_SEGMENT_INFO
            sub.as_slice().encode(&mut linking);
        }
        if !b.init_funcs.is_empty() {
            let mut sub = Vec::new();
            let mut inits = b.init_funcs.clone();
            inits.sort_by_key(|&(p, _)| p);
            (inits.len() as u32).encode(&mut sub);
            for (p, f) in inits {
                p.encode(&mut sub);
                sym.func[f.0 as usize].unwrap().encode(&mut sub);
            }
            linking.push(6); // WASM_INIT_FUNCS
            sub.as_slice().encode(&mut linking);
        }
        module.section(&CustomSection {
            name: "linking".into(),
            data: linking.into(),
        });

        for (name, target, mut relocs) in [
            ("reloc.CODE", code_section_index, code_relocs),
            ("reloc.DATA", data_section_index, data_relocs),
        ] {
            let Some(target) = target else { continue };
            if relocs.is_empty() {
                continue;
            }
            relocs.sort_by_key(|r| r.0);
            let mut payload = Vec::new();
            target.encode(&mut payload);
            (relocs.len() as u32).encode(&mut payload);
            for (offset, ty, index, addend) in relocs {
                payload.push(ty);
                offset.encode(&mut payload);
                index.encode(&mut payload);
                if let Some(a) = addend {
                    a.encode(&mut payload);
                }
            }
            module.section(&CustomSection {
                name: name.into(),
                data: payload.into(),
            });
        }

        let mut producers = ProducersSection::new();
        let mut field = ProducersField::new();
        field.value("ahc", env!("CARGO_PKG_VERSION"));
        producers.field("processed-by", &field);
        module.section(&producers);

        let features: Vec<String> = match &b.features {
            Some(f) => f.clone(),
            None => DEFAULT_TARGET_FEATURES
                .iter()
                .map(|s| s.to_string())
                .collect(),
        };
        let mut tf = Vec::new();
        (features.len() as u32).encode(&mut tf);
        for f in &features {
            let (prefix, name) = match f.as_bytes().first() {
                Some(b'+') | Some(b'-') => (f.as_bytes()[0], &f[1..]),
                _ => return Err(ObjectError::BadFeature(f.clone())),
            };
            if name.is_empty() {
                return Err(ObjectError::BadFeature(f.clone()));
            }
            tf.push(prefix);
            name.encode(&mut tf);
        }
        module.section(&CustomSection {
            name: "target_features".into(),
            data: tf.into(),
        });

        Ok(module.finish())
    }
}
