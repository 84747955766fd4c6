//! # ahc-abi — the contract between generated code and the runtime
//!
//! The code generator (`ahc-codegen`, running on the host) and the runtime (`ahc-rts`, running in
//! wasm) must agree on how heap objects, info tables and stack frames are laid out and on the names
//! of the symbols each provides to the other. Both depend on this crate; nothing else may
//! hard-code these numbers.
//!
//! Invariants:
//! - A *word* is 8 bytes. Every heap object and stack frame is a sequence of words; the first word
//!   of each is its info pointer (a 32-bit linear-memory address, zero-extended to 64 bits).
//! - In every object and frame, pointer words come first, then non-pointer words, so an info table
//!   describes the layout with two counts (`ptrs`, `nptrs`), never a bitmap.
//! - Pointers to evaluated objects may carry a tag in their low [`TAG_BITS`] bits (see
//!   [`con_tag_bits`], [`fun_tag_bits`]); tag 0 means "unknown: look at the info table".
//! - `#![no_std]`, no dependencies: the runtime links it into every program.
#![no_std]

/// Bytes in a machine word of the Haskell heap and stack (64-bit `Int#`, `Word#`, `Addr#`).
pub const WORD: u32 = 8;
/// Number of low pointer bits used for tags (objects are 8-byte aligned).
pub const TAG_BITS: u32 = 3;
/// Mask of the tag bits.
pub const TAG_MASK: u32 = (1 << TAG_BITS) - 1;

/// Layout of an info table (all fields little-endian `u32`, table 8-byte aligned).
pub mod info {
    /// Function-table index of the object's code (see [`super::ClosureType`] for its signature).
    pub const ENTRY: u32 = 0;
    /// [`super::ClosureType`] as `u32`.
    pub const TYPE: u32 = 4;
    /// Number of pointer words in the payload (after the header).
    pub const PTRS: u32 = 8;
    /// Number of non-pointer words in the payload (after the pointers).
    pub const NPTRS: u32 = 12;
    /// Constructor tag (1-based) for `Con`, arity for `Fun`.
    pub const TAG_OR_ARITY: u32 = 16;
    /// Address of a NUL-terminated name (for diagnostics), or 0.
    pub const NAME: u32 = 20;
    /// Size of an info table in bytes.
    pub const SIZE: u32 = 24;
}

/// What an object or frame is. The `entry` field's wasm signature depends on it.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosureType {
    /// A constructor. Entry: `(node: i32) -> ()`, returns the tagged node to the top frame.
    Con = 1,
    /// A function. Entry: `(node: i32, args…) -> ()`, the fast entry with its arguments.
    Fun = 2,
    /// An updatable or single-entry thunk. Entry: `(node: i32) -> ()`.
    Thunk = 3,
    /// A return point on the Haskell stack. Entry: `(results…) -> ()`.
    RetFrame = 8,
    /// The bottom frame of a stack: its entry returns to the runtime.
    StopFrame = 10,
}

/// Header words of each kind of heap object before its payload.
pub const CON_HEADER_WORDS: u32 = 1;
pub const FUN_HEADER_WORDS: u32 = 1;
/// A thunk has a reserved word after its info pointer so it can be overwritten by an indirection.
pub const THUNK_HEADER_WORDS: u32 = 2;

/// The largest pointer tag; constructor families larger than this use [`TAG_MASK`] for the
/// constructors from the `TAG_MASK`-th on and the info table holds the real tag.
pub const MAX_PTR_TAG: u32 = TAG_MASK;

/// Tag bits of a pointer to an evaluated constructor with 1-based tag `tag` in a type with
/// `family_size` constructors.
pub const fn con_tag_bits(tag: u32, family_size: u32) -> u32 {
    let _ = family_size;
    if tag < MAX_PTR_TAG {
        tag
    } else {
        MAX_PTR_TAG
    }
}

/// Tag bits of a pointer to a function closure of the given arity (0 if it does not fit).
pub const fn fun_tag_bits(arity: u32) -> u32 {
    if arity <= MAX_PTR_TAG {
        arity
    } else {
        0
    }
}

/// The symbol a `foreign import ccall "label"` calls.
///
/// Haskell sees C through x86_64 types (64-bit `size_t`, `long`, pointers) while the runtime is
/// wasm32 code, so the runtime implements every C function Haskell code calls with the
/// Haskell-side signature, under a prefixed name: `strlen` for Haskell (`(i32) -> i64`) must not
/// clash with the wasm32 C library's `strlen` (`(i32) -> i32`) that Rust's own code uses.
pub fn ccall_symbol(label: &str) -> CcallSymbol<'_> {
    CcallSymbol(label)
}

/// Display adapter for [`ccall_symbol`] (no allocation, usable in `no_std`).
pub struct CcallSymbol<'a>(&'a str);

/// Prefix of [`ccall_symbol`] names.
pub const CCALL_PREFIX: &str = "ahc_c_";

impl core::fmt::Display for CcallSymbol<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(CCALL_PREFIX)?;
        f.write_str(self.0)
    }
}

/// Symbols the generated code defines for the runtime.
pub mod gen_syms {
    /// `ahc_set_regs(sp: i32, hp: i32, hplim: i32, splim: i32)`: set the register globals.
    pub const SET_REGS: &str = "ahc_set_regs";
    /// `ahc_set_hp(hp: i32, hplim: i32)`: install a new nursery region.
    pub const SET_HP: &str = "ahc_set_hp";
    /// `ahc_get_sp() -> i32`, `ahc_get_hp() -> i32`: read the register globals.
    pub const GET_SP: &str = "ahc_get_sp";
    pub const GET_HP: &str = "ahc_get_hp";
    /// `ahc_hs_main()`: run the program's `main` to completion (returns normally).
    pub const HS_MAIN: &str = "ahc_hs_main";
}

/// Symbols the runtime defines for the generated code.
pub mod rts_syms {
    /// `ahc_rts_heap_exhausted(hp: i32, need: i32)`: the nursery is full; calls `ahc_set_hp`.
    pub const HEAP_EXHAUSTED: &str = "ahc_rts_heap_exhausted";
    /// `ahc_rts_stack_overflow()`: never returns.
    pub const STACK_OVERFLOW: &str = "ahc_rts_stack_overflow";
    /// `ahc_rts_barf(msg: i32)`: internal error, never returns.
    pub const BARF: &str = "ahc_rts_barf";
}
