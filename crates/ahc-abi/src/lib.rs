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
//! - Objects and frames described by an info table's `ptrs`/`nptrs` have their pointer words
//!   first, then non-pointer words. Objects whose arguments keep their positional order (PAPs,
//!   apply frames) are described by an *argument pattern* ([`ArgKind`]) instead. No bitmaps.
//! - Pointers to evaluated objects may carry a tag in their low [`TAG_BITS`] bits (see
//!   [`con_tag_bits`], [`fun_tag_bits`]); tag 0 means "unknown: look at the info table".
//! - Every pointer word in a live object or frame is either 0 (only where documented), a pointer
//!   into the heap, or a pointer to a static object (below the heap, never moved).
//! - `#![no_std]`, no dependencies: the runtime links it into every program.
//!
//! ## Heap objects (payload after the info word; sizes in words)
//!
//! | type | layout | size |
//! |---|---|---|
//! | `Con` | `[info][ptrs…][nptrs…]` | 1 + ptrs + nptrs |
//! | `Fun` | `[info][free ptrs…][free nptrs…]` | 1 + ptrs + nptrs |
//! | `Thunk` | `[info][reserved][free ptrs…][free nptrs…]` | 2 + ptrs + nptrs |
//! | `Ind` | `[info][indirectee]` (an updated thunk; the rest of the old thunk is slop) | 2 |
//! | `Blackhole` | `[info][0]` (a thunk under evaluation; its free variables are dead) | 2 |
//! | `Pap` | `[info][fun][n: u32 in a word][args…]`, the first `n` arguments of `fun`'s pattern, positional | 3 + words of those args |
//! | `ArrWords` | `[info][bytes: u64][data…]` (`ByteArray#`, `MutableByteArray#`) | 2 + ⌈bytes/8⌉ |
//! | `ArrPtrs` | `[info][n: u64][elems…]` (`Array#`, `MutableArray#`, `SmallArray#`, …) | 2 + n |
//! | `MutVar` | `[info][value]` | 2 |
//! | `StableName` | `[info][index: u64]` | 2 |
//!
//! Static objects (in data segments, never moved): constructors and functions of top-level
//! bindings (as above), and CAFs: `[info][indirectee][static link]` of type `Caf`, which becomes
//! `Ind` (indirectee = value) once evaluated and is then kept alive by the runtime's CAF list.
//!
//! ## Stack frames (the Haskell stack grows down; `Sp` points at the top frame's info word)
//!
//! | type | layout | size |
//! |---|---|---|
//! | `RetFrame` | `[info][ptrs…][nptrs…]` (a case continuation, or a heap-check spill frame whose entry is 0) | 1 + ptrs + nptrs |
//! | `UpdateFrame` | `[info][updatee]` | 2 |
//! | `StopFrame` | `[info]` (bottom of a stack) | 1 |
//! | `ApFrame` | `[info][desc][args…]`: pending arguments of an unknown call, positional; `desc` = address of an argument pattern (low 32 bits) and the number of arguments `n` (high 32 bits): the arguments are described by the first `n` bytes of the pattern | 2 + words of those args |
//! | `CatchFrame` | `[info][handler][mask state: u64]` | 3 |
//! | `MaskFrame` | `[info][mask state to restore: u64]` | 2 |
#![no_std]

/// Bytes in a machine word of the Haskell heap and stack (64-bit `Int#`, `Word#`, `Addr#`).
pub const WORD: u32 = 8;
/// Number of low pointer bits used for tags (objects are 8-byte aligned).
pub const TAG_BITS: u32 = 3;
/// Mask of the tag bits.
pub const TAG_MASK: u32 = (1 << TAG_BITS) - 1;

/// Layout of an info table (all fields little-endian `u32`, table 8-byte aligned).
pub mod info {
    /// Function-table index of the object's code (see [`super::ClosureType`] for its signature);
    /// 0 for objects and frames that are never entered.
    pub const ENTRY: u32 = 0;
    /// [`super::ClosureType`] as `u32`.
    pub const TYPE: u32 = 4;
    /// Number of pointer words in the payload (after the header).
    pub const PTRS: u32 = 8;
    /// Number of non-pointer words in the payload (after the pointers).
    pub const NPTRS: u32 = 12;
    /// Constructor tag (1-based) for `Con`, arity for `Fun` (number of arguments, void ones
    /// included).
    pub const TAG_OR_ARITY: u32 = 16;
    /// Address of a NUL-terminated name (for diagnostics), or 0.
    pub const NAME: u32 = 20;
    /// `Fun`: address of the argument pattern, one [`super::ArgKind`] byte per argument
    /// (`arity` bytes).
    pub const PATTERN: u32 = 24;
    /// `Fun`: function-table index of the *slow entry* `(node: i32) -> ()`, which takes the
    /// arguments from the Haskell stack (positional words on top of the stack, first argument at
    /// `Sp`), pops them, and tail-calls the fast entry.
    pub const SLOW_ENTRY: u32 = 28;
    /// Size of an info table in bytes.
    pub const SIZE: u32 = 32;
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
    /// A static thunk (CAF). Entry: `(node: i32) -> ()`.
    Caf = 4,
    /// An indirection. Entry: `(node: i32) -> ()` evaluates the indirectee.
    Ind = 5,
    /// A thunk under evaluation. Entry: `(node: i32) -> ()` reports `<<loop>>`.
    Blackhole = 6,
    /// A partial application. Entry: `(node: i32) -> ()` returns it (it is a value).
    Pap = 7,
    /// Byte arrays. Never entered.
    ArrWords = 9,
    /// Arrays of pointers. Never entered.
    ArrPtrs = 10,
    /// `MutVar#`. Never entered.
    MutVar = 11,
    /// `StableName#`. Never entered.
    StableName = 12,
    /// `Weak#`: `[info][5][key][value][finalizer][C finalizers][link]` (see [`sched`]).  Never
    /// entered.  Minor collections treat its fields as strong pointers; major ones keep the
    /// value and finalizers only while the key is reachable otherwise.
    Weak = 13,
    /// A return point on the Haskell stack. Entry: `(results…) -> ()`.
    RetFrame = 16,
    /// Entry: `(value: i32) -> ()`: update the updatee with the value, pop, return it.
    UpdateFrame = 17,
    /// The bottom frame of a stack: its entry returns to the runtime.
    StopFrame = 18,
    /// Pending arguments of an unknown call (one shared info table, the frame carries its own
    /// pattern). Entry: `(f: i32) -> ()`: apply the returned function to the frame's arguments.
    ApFrame = 19,
    /// `catch#`. Entry: `(value: i32) -> ()`: pop, restore the mask state, return the value.
    CatchFrame = 20,
    /// Restores the masking state on return. Entry: `(value: i32) -> ()`.
    MaskFrame = 21,
    /// `atomically#`: `[info][stm action]`. Entry: `(value: i32) -> ()`: commit, pop, return.
    AtomicallyFrame = 22,
    /// `catchRetry#` (`orElse`): `[info][first][second][state: u64]` (state: the transaction
    /// log's length when the frame was pushed, plus [`sched::RETRY_SECOND`] once the second
    /// alternative runs). Entry: `(value: i32) -> ()`: pop, return.
    CatchRetryFrame = 23,
    /// `catchSTM#`: `[info][handler][log length: u64]`. Entry: `(value: i32) -> ()`: pop, return.
    CatchStmFrame = 24,
}

impl ClosureType {
    pub const fn from_u32(v: u32) -> Option<ClosureType> {
        Some(match v {
            1 => ClosureType::Con,
            2 => ClosureType::Fun,
            3 => ClosureType::Thunk,
            4 => ClosureType::Caf,
            5 => ClosureType::Ind,
            6 => ClosureType::Blackhole,
            7 => ClosureType::Pap,
            9 => ClosureType::ArrWords,
            10 => ClosureType::ArrPtrs,
            11 => ClosureType::MutVar,
            12 => ClosureType::StableName,
            13 => ClosureType::Weak,
            16 => ClosureType::RetFrame,
            17 => ClosureType::UpdateFrame,
            18 => ClosureType::StopFrame,
            19 => ClosureType::ApFrame,
            20 => ClosureType::CatchFrame,
            21 => ClosureType::MaskFrame,
            22 => ClosureType::AtomicallyFrame,
            23 => ClosureType::CatchRetryFrame,
            24 => ClosureType::CatchStmFrame,
            _ => return None,
        })
    }
}

/// How one argument of a function is passed: the bytes of an argument pattern.
#[repr(u8)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgKind {
    /// A pointer the garbage collector follows (`i32` in wasm, one word in memory).
    Ptr = b'p',
    /// A 64-bit integer or address (`i64`, one word).
    Int = b'n',
    /// `Float#` (`f32`, one word, low half).
    Float = b'f',
    /// `Double#` (`f64`, one word).
    Double = b'd',
    /// A void argument (`State#`…): no wasm value, no word.
    Void = b'v',
}

impl ArgKind {
    pub const fn from_u8(b: u8) -> Option<ArgKind> {
        Some(match b {
            b'p' => ArgKind::Ptr,
            b'n' => ArgKind::Int,
            b'f' => ArgKind::Float,
            b'd' => ArgKind::Double,
            b'v' => ArgKind::Void,
            _ => return None,
        })
    }
    /// Words the argument occupies on the stack or in a PAP.
    pub const fn words(self) -> u32 {
        match self {
            ArgKind::Void => 0,
            _ => 1,
        }
    }
}

/// Header words of each kind of heap object before its payload.
pub const CON_HEADER_WORDS: u32 = 1;
pub const FUN_HEADER_WORDS: u32 = 1;
/// A thunk has a reserved word after its info pointer so it can be overwritten by an indirection.
pub const THUNK_HEADER_WORDS: u32 = 2;
/// `[info][fun][n]` before a PAP's arguments.
pub const PAP_HEADER_WORDS: u32 = 3;
/// `[info][size]` before an array's elements.
pub const ARR_HEADER_WORDS: u32 = 2;

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
/// Pointers to PAPs are untagged (0): a tag equal to the number of arguments of a call means
/// "a `Fun` whose fast entry takes exactly these arguments".
pub const fn fun_tag_bits(arity: u32) -> u32 {
    if arity <= MAX_PTR_TAG {
        arity
    } else {
        0
    }
}

/// Masking states, encoded as `getMaskingState#` returns them (GHC's encoding).
pub mod mask {
    pub const UNMASKED: u64 = 0;
    pub const MASKED_UNINTERRUPTIBLE: u64 = 1;
    pub const MASKED_INTERRUPTIBLE: u64 = 2;
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

/// Symbols the generated code (the per-program glue object) defines for the runtime.
pub mod gen_syms {
    /// `ahc_set_regs(sp: i32, hp: i32, hplim: i32, splim: i32)`: set the register globals.
    pub const SET_REGS: &str = "ahc_set_regs";
    /// `ahc_set_hp(hp: i32, hplim: i32)`: install a new nursery region.
    pub const SET_HP: &str = "ahc_set_hp";
    /// `ahc_set_sp(sp: i32, splim: i32)`: install a (moved or grown) stack.
    pub const SET_SP: &str = "ahc_set_sp";
    /// `ahc_get_sp() -> i32`, `ahc_get_hp() -> i32`, `ahc_get_hplim() -> i32`: read the registers.
    pub const GET_SP: &str = "ahc_get_sp";
    pub const GET_HP: &str = "ahc_get_hp";
    pub const GET_HPLIM: &str = "ahc_get_hplim";
    /// `ahc_hs_main()`: run the program's `main` to completion (returns normally).
    pub const HS_MAIN: &str = "ahc_hs_main";
    /// Info tables the runtime uses when it builds objects itself (data symbols).
    pub const IND_INFO: &str = "ahc_ind_info";
    pub const BLACKHOLE_INFO: &str = "ahc_blackhole_info";
    pub const PAP_INFO: &str = "ahc_pap_info";
    /// Thunks the code generator builds for `atomicModifyMutVar2#`/`atomicModifyMutVar_#`:
    /// `[ahc_ap1_thunk_info][reserved][f][x]` evaluates `f x`; `[ahc_sel0_thunk_info][reserved][p]`
    /// evaluates the first field of the constructor `p` evaluates to.
    pub const AP1_THUNK_INFO: &str = "ahc_ap1_thunk_info";
    pub const SEL0_THUNK_INFO: &str = "ahc_sel0_thunk_info";
    /// The info table of every `ApFrame`.
    pub const AP_FRAME_INFO: &str = "ahc_ap_frame_info";
    /// The info tables of the frames the runtime may push or pop itself.
    pub const UPDATE_FRAME_INFO: &str = "ahc_update_frame_info";
    pub const CATCH_FRAME_INFO: &str = "ahc_catch_frame_info";
    pub const MASK_FRAME_INFO: &str = "ahc_mask_frame_info";
    pub const ARR_WORDS_INFO: &str = "ahc_arr_words_info";
    pub const ARR_PTRS_INFO: &str = "ahc_arr_ptrs_info";
    pub const MUT_VAR_INFO: &str = "ahc_mut_var_info";
    pub const STABLE_NAME_INFO: &str = "ahc_stable_name_info";
    /// A thunk `[info][reserved][exception]` that raises its exception when entered: when an
    /// exception unwinds through an update frame, the runtime makes the updatee an indirection
    /// to a new one.
    pub const RAISE_THUNK_INFO: &str = "ahc_raise_thunk_info";
    /// `ahc_resume()`: runs the thread whose stack is installed in `Sp`/`SpLim` by tail-calling
    /// the entry of its top frame, a *resume frame* (entry `() -> ()`); returns when the thread
    /// finishes (its stop frame) or suspends itself (a blocking primop returns normally).
    pub const RESUME: &str = "ahc_resume";
    /// Resume frames (see [`super::sched`]): `[ahc_resume_ptr_info][value]` returns `value` to
    /// the frame below, `[ahc_resume_unit_info]` returns nothing, `[ahc_resume_enter_info][c]`
    /// evaluates `c`, `[ahc_resume_raise_info][e]` raises `e`.
    pub const RESUME_PTR_INFO: &str = "ahc_resume_ptr_info";
    pub const RESUME_UNIT_INFO: &str = "ahc_resume_unit_info";
    pub const RESUME_ENTER_INFO: &str = "ahc_resume_enter_info";
    pub const RESUME_RAISE_INFO: &str = "ahc_resume_raise_info";
    /// The bottom frame of every thread's stack; its code returns to the runtime.
    pub const STOP_INFO: &str = "ahc_stop_info";
    /// The argument pattern `"v"` (one void argument: the `State#` token of an `IO` action).
    pub const PAT_V: &str = "ahc_pat_v";
    /// Info tables of the runtime's concurrency objects (layouts in [`super::sched`]).
    pub const MVAR_INFO: &str = "ahc_mvar_info";
    pub const MVAR_QUEUE_INFO: &str = "ahc_mvar_queue_info";
    pub const TSO_INFO: &str = "ahc_tso_info";
    pub const WEAK_INFO: &str = "ahc_weak_info";
    pub const TVAR_INFO: &str = "ahc_tvar_info";
    /// Frames of the STM primops (see [`super::ClosureType`]).
    pub const ATOMICALLY_FRAME_INFO: &str = "ahc_atomically_frame_info";
    pub const CATCH_RETRY_FRAME_INFO: &str = "ahc_catch_retry_frame_info";
    pub const CATCH_STM_FRAME_INFO: &str = "ahc_catch_stm_frame_info";
    /// `u32` data: the tagged static closure of the program's `main` (`:Main.main` when base is
    /// there), `IO ()`.
    pub const MAIN_CLOSURE: &str = "ahc_main_closure";
    /// `u32` data: base's `GHC.TopHandler.flushStdHandles` (`IO ()`), run when `main` returns,
    /// as GHC's `hs_exit` does; 0 without base.
    pub const FLUSH_CLOSURE: &str = "ahc_flush_closure";
    /// `u32` data: base's `BlockedIndefinitelyOnMVar` exception (a `SomeException` closure),
    /// thrown to threads blocked forever; 0 without base.
    pub const BLOCKED_MVAR_EXC: &str = "ahc_blocked_mvar_exc";
    /// `u32` data, likewise: `BlockedIndefinitelyOnSTM`, `NestedAtomically` and
    /// `NonTermination` (`<<loop>>`) as `SomeException` closures; 0 without base.
    pub const BLOCKED_STM_EXC: &str = "ahc_blocked_stm_exc";
    pub const NESTED_ATOMICALLY_EXC: &str = "ahc_nested_atomically_exc";
    pub const NON_TERMINATION_EXC: &str = "ahc_non_termination_exc";
    /// `u32` data: the `--gc-threshold` in bytes (0: the runtime's default).
    pub const CONFIG_GC_THRESHOLD: &str = "ahc_config_gc_threshold";
    /// `u32` data: 1 if `--yolo` (never collect).
    pub const CONFIG_YOLO: &str = "ahc_config_yolo";
}

/// Symbols the runtime defines for the generated code (all ordinary calls that return, unless
/// noted).
pub mod rts_syms {
    /// `ahc_rts_gc(need: i32)`: a heap check failed. The live pointers of the caller are in a
    /// spill frame on the Haskell stack. Collects garbage if due, then installs a nursery region
    /// with at least `need` free bytes (`ahc_set_hp`), or reports heap overflow (exit 251).
    /// `need` must stay below [`MAX_HEAP_CHECK`]. The runtime reads and writes `Sp`, `Hp` and
    /// `HpLim` in its entry points (and may set `HpLim` to 0 to force the next check to fail),
    /// so generated code never caches them across a call into the runtime.
    pub const GC: &str = "ahc_rts_gc";
    /// `ahc_rts_heap_exhausted(hp: i32, need: i32)`: the nursery refill used before the garbage
    /// collector exists (no spill frame); being replaced by [`GC`].
    pub const HEAP_EXHAUSTED: &str = "ahc_rts_heap_exhausted";
    /// `ahc_rts_grow_stack(need: i32)`: a stack check failed; move the stack to a bigger region
    /// (`ahc_set_sp`) so that `need` more bytes fit, or report stack overflow (exit 2).
    pub const GROW_STACK: &str = "ahc_rts_grow_stack";
    /// `ahc_rts_allocate(bytes: i32) -> i32`: memory for an object of a size known only at run
    /// time (arrays). Never collects; may make the next heap check fail so that a collection
    /// happens at a point where all live pointers are known.
    pub const ALLOCATE: &str = "ahc_rts_allocate";
    /// `ahc_rts_allocate_pinned(bytes: i32, align: i32) -> i32`: same, never moved; the returned
    /// address is a multiple of `align` (at most 512 KiB). Pinned objects hold no pointers.
    pub const ALLOCATE_PINNED: &str = "ahc_rts_allocate_pinned";
    /// `ahc_rts_new_caf(caf: i32)`: a CAF is being entered for the first time: keep it alive.
    pub const NEW_CAF: &str = "ahc_rts_new_caf";
    /// `ahc_rts_raise(exc: i32) -> i32`: unwind the Haskell stack to the nearest catch frame
    /// (updating the thunks of update frames on the way), pop it, and return the handler closure
    /// as stored in the frame. The handler runs masked (uninterruptibly if the catch frame's
    /// saved state was that, else interruptibly); if the saved state was unmasked the runtime
    /// leaves a mask frame restoring it, so `Sp` points at that frame or at the frame below the
    /// catch frame. Never returns if there is no catch frame: flushes stdout, prints
    /// `<prog>: main thread exited (uncaught exception)` and exits with 250 (GHC's `EXIT_KILLED`).
    pub const RAISE: &str = "ahc_rts_raise";
    /// `ahc_rts_stack_overflow()`: never returns.
    pub const STACK_OVERFLOW: &str = "ahc_rts_stack_overflow";
    /// `ahc_rts_barf(msg: i32)`: internal error, never returns.
    pub const BARF: &str = "ahc_rts_barf";
    /// `ahc_rts_loop(node: i32) -> i32`: the blackhole `node` was entered.  If the calling
    /// thread is the one evaluating it, returns base's `NonTermination` exception for the glue
    /// to raise (without base: prints `<prog>: <<loop>>` and exits with 1); else the runtime
    /// pushes `[resume enter | node]`, suspends the thread until the thunk is updated, and
    /// returns 0 (the glue returns to the scheduler).
    pub const LOOP: &str = "ahc_rts_loop";
    /// `ahc_rts_check_access(addr: i32, size: i32, function_name: i32)`: `--debug` builds call
    /// it before every memory access of generated code; aborts (printing the address and the
    /// NUL-terminated function name) unless `[addr, addr+size)` is memory the program owns.
    pub const CHECK_ACCESS: &str = "ahc_rts_check_access";
    /// Masking state: `ahc_rts_get_mask() -> i64`, `ahc_rts_set_mask(state: i64)`.
    pub const GET_MASK: &str = "ahc_rts_get_mask";
    pub const SET_MASK: &str = "ahc_rts_set_mask";
    /// Stable pointers (GC roots; indices from 1): `make(p: i32) -> i64`, `deref(i64) -> i32`
    /// (0 if freed), `free(i64)`.
    pub const MAKE_STABLE_PTR: &str = "ahc_rts_make_stable_ptr";
    pub const DEREF_STABLE_PTR: &str = "ahc_rts_deref_stable_ptr";
    pub const FREE_STABLE_PTR: &str = "ahc_rts_free_stable_ptr";
    /// `ahc_rts_make_stable_name(p: i32) -> i32`: the one `StableName` object of `p` (looking
    /// through tags and indirections); the table does not keep objects alive.
    pub const MAKE_STABLE_NAME: &str = "ahc_rts_make_stable_name";
    /// Threads and MVars (see [`super::sched`]). The blocking ones are called by the glue with
    /// a resume frame already pushed and return 1 if the thread goes on (`ahc_resume` pops the
    /// frame; for a `ahc_resume_ptr_info` frame the runtime has stored the value in it) or 0
    /// if it is suspended (the glue returns to the scheduler):
    /// `take_mvar(m: i32) -> i32`, `read_mvar(m) -> i32`, `put_mvar(m, v: i32) -> i32`,
    /// `delay(us: i64) -> i32`, `yield() -> i32`, `throw_to(tso: i32, exc: i32) -> i32` (2: the
    /// target is the calling thread: the glue raises the exception itself).
    pub const TAKE_MVAR: &str = "ahc_rts_take_mvar";
    pub const READ_MVAR: &str = "ahc_rts_read_mvar";
    pub const PUT_MVAR: &str = "ahc_rts_put_mvar";
    pub const DELAY: &str = "ahc_rts_delay";
    pub const YIELD: &str = "ahc_rts_yield";
    pub const THROW_TO: &str = "ahc_rts_throw_to";
    /// `perform_gc(major: i32) -> i32` (`System.Mem.performGC` and friends, called like the
    /// blocking ones: every live pointer is in a frame): collects, answers 1.
    pub const PERFORM_GC: &str = "ahc_rts_perform_gc";
    /// Non-blocking: `new_mvar() -> i32`, `try_take_mvar(m) -> i32` (0: empty),
    /// `try_read_mvar(m) -> i32`, `try_put_mvar(m, v) -> i64` (0: full), `fork(io: i32) -> i32`
    /// (the new TSO), `my_thread_id() -> i32`, `thread_status(tso) -> i64`.
    pub const NEW_MVAR: &str = "ahc_rts_new_mvar";
    pub const TRY_TAKE_MVAR: &str = "ahc_rts_try_take_mvar";
    pub const TRY_READ_MVAR: &str = "ahc_rts_try_read_mvar";
    pub const TRY_PUT_MVAR: &str = "ahc_rts_try_put_mvar";
    pub const FORK: &str = "ahc_rts_fork";
    pub const MY_THREAD_ID: &str = "ahc_rts_my_thread_id";
    pub const THREAD_STATUS: &str = "ahc_rts_thread_status";
    /// Weak pointers: `mk_weak(key, value, finalizer: i32 (0: none)) -> i32`,
    /// `deref_weak(w) -> i32` (0: dead), `finalize_weak(w) -> i32` (the finalizer, or 0),
    /// `add_c_finalizer(fptr: i64, ptr: i64, has_env: i64, env: i64, w: i32) -> i64`.
    pub const MK_WEAK: &str = "ahc_rts_mk_weak";
    pub const DEREF_WEAK: &str = "ahc_rts_deref_weak";
    pub const FINALIZE_WEAK: &str = "ahc_rts_finalize_weak";
    pub const ADD_C_FINALIZER: &str = "ahc_rts_add_c_finalizer";
    /// STM (see [`super::sched`]): `new_tvar(v: i32) -> i32`; `stm_start() -> i32` (called by
    /// `atomically#` after pushing its frame: 0, or the exception to raise when transactions
    /// nest); `stm_commit()` (the atomically frame returns); `stm_read(tv) -> i32`;
    /// `stm_write(tv, v: i32)`; `stm_log_len() -> i64` (for `catchRetry#`/`catchSTM#` frames);
    /// `stm_retry() -> i32` (`retry#`: 1 = go on with `ahc_resume`, the runtime having set up
    /// the second alternative of an `orElse`; 0 = the thread is suspended until a TVar it read
    /// changes).
    pub const NEW_TVAR: &str = "ahc_rts_new_tvar";
    pub const STM_START: &str = "ahc_rts_stm_start";
    pub const STM_COMMIT: &str = "ahc_rts_stm_commit";
    pub const STM_READ: &str = "ahc_rts_stm_read";
    pub const STM_WRITE: &str = "ahc_rts_stm_write";
    pub const STM_LOG_LEN: &str = "ahc_rts_stm_log_len";
    pub const STM_RETRY: &str = "ahc_rts_stm_retry";
    /// `ahc_rts_stats(out: i32)`: writes 10 `u64`s: collections, allocated bytes, copied bytes,
    /// last live bytes, max live bytes, GC nanoseconds, max pause nanoseconds, peak memory
    /// bytes, max stack bytes, major collections.
    pub const STATS: &str = "ahc_rts_stats";
}

/// Threads and their objects (the runtime's scheduler, `ahc-rts` `sched`).
///
/// A `ThreadId#` points to a *TSO*, a pinned object (never moved) of type `ArrWords`
/// `[info][bytes][state, id: u32][sp, stack limit: u32][stack top, run link: u32]
/// [all link, block kind: u32][mask: u64][wake: u64][blocked on: pointer word]`; the runtime
/// updates its pointer word itself.  A `MVar#` is `[ahc_mvar_info][3][value][head][tail]`
/// (type `ArrPtrs`, so the collector treats it as a mutable array; value 0 = empty), its queue
/// of blocked threads entries `[ahc_mvar_queue_info][3][next][tso][value]` (a putter's value, 0
/// for takers and readers; tso 0 = the thread no longer waits).  A `Weak#` is
/// `[ahc_weak_info][5][key][value][finalizer][C finalizers][link]`.  A `TVar#` is
/// `[ahc_tvar_info][2][value][watchers]`.
pub mod sched {
    pub const TSO_STATE: u32 = 16;
    pub const TSO_ID: u32 = 20;
    pub const TSO_SP: u32 = 24;
    pub const TSO_LIMIT: u32 = 28;
    pub const TSO_TOP: u32 = 32;
    pub const TSO_RUN_LINK: u32 = 36;
    pub const TSO_ALL_LINK: u32 = 40;
    pub const TSO_BLOCK_KIND: u32 = 44;
    pub const TSO_MASK: u32 = 48;
    pub const TSO_WAKE: u32 = 56;
    pub const TSO_BLOCKED_ON: u32 = 64;
    /// The running transaction's write log (entries `[queue info][3][next][tvar][old value]`,
    /// newest first) and read set (`[queue info][3][next][tvar][0]`): pointer words.
    pub const TSO_TREC: u32 = 72;
    pub const TSO_READS: u32 = 80;
    /// Entries in the write log (`u32`), and bit flags ([`TSO_IN_STM`]).
    pub const TSO_TREC_LEN: u32 = 88;
    pub const TSO_FLAGS: u32 = 92;
    /// Incremented each time the thread blocks in `retry#`: a TVar's watcher entry is current
    /// while its epoch is the thread's (`u32`).
    pub const TSO_STM_EPOCH: u32 = 96;
    /// The epoch of the last major collection that found the TSO reachable (`u32`).
    pub const TSO_MARK: u32 = 100;
    pub const TSO_BYTES: u32 = 104;
    /// [`TSO_FLAGS`] bits: the thread is inside `atomically#`; (major collections) its stack has
    /// been scanned; nothing reached it, it gets `BlockedIndefinitely…` after the collection.
    pub const TSO_IN_STM: u32 = 1;
    pub const TSO_SCANNED: u32 = 2;
    pub const TSO_RESURRECTED: u32 = 4;
    /// `TVar#` fields (`[ahc_tvar_info][2][value][watchers]`, type `ArrPtrs`): watchers are
    /// queue entries `[queue info][3][next][tso][epoch]` of threads blocked in `retry#`.
    pub const TVAR_VALUE: u32 = 16;
    pub const TVAR_WATCHERS: u32 = 24;
    /// The catch-retry frame's state bit: the second alternative is running.
    pub const RETRY_SECOND: u64 = 1 << 32;
    /// `MVar#` fields.
    pub const MVAR_VALUE: u32 = 16;
    pub const MVAR_HEAD: u32 = 24;
    pub const MVAR_TAIL: u32 = 32;
    pub const MVAR_BYTES: u32 = 40;
    /// Queue entry fields.
    pub const Q_NEXT: u32 = 16;
    pub const Q_TSO: u32 = 24;
    pub const Q_VALUE: u32 = 32;
    /// `Weak#` fields.
    pub const WEAK_KEY: u32 = 16;
    pub const WEAK_VALUE: u32 = 24;
    pub const WEAK_FINALIZER: u32 = 32;
    pub const WEAK_CFINALIZERS: u32 = 40;
    /// The runtime's list of live weak pointers (the next one, or 0).
    pub const WEAK_LINK: u32 = 48;
    pub const WEAK_BYTES: u32 = 56;
    /// A C finalizer: `[queue info][2][next][data]`, data an `ArrWords` of 4 words: function,
    /// pointer, has environment, environment.
    pub const CFIN_NEXT: u32 = 16;
    pub const CFIN_DATA: u32 = 24;
    /// `threadStatus#` codes (GHC's `rts/Constants.h`): running, blocked on an MVar, … .
    pub const STATUS_RUNNING: u32 = 0;
    pub const STATUS_BLOCKED_MVAR: u32 = 1;
    pub const STATUS_BLOCKED_BLACKHOLE: u32 = 2;
    pub const STATUS_BLOCKED_DELAY: u32 = 5;
    pub const STATUS_BLOCKED_STM: u32 = 6;
    pub const STATUS_BLOCKED_THROWTO: u32 = 12;
    pub const STATUS_FINISHED: u32 = 16;
    pub const STATUS_DIED: u32 = 17;
}

/// The largest allocation one heap check may reserve (bytes).
pub const MAX_HEAP_CHECK: u32 = 1016 * 1024;

/// GHC's `RtsFlags` structure (`RTS_FLAGS`, `includes/rts/Flags.h` of GHC 9.0.2) as base's
/// `GHC.RTS.Flags` reads it through `foreign import ccall "&RtsFlags"`: hsc2hs computed base's
/// offsets for the frontend's target (x86_64 Linux), so the runtime's `ahc_c_RtsFlags` must
/// have that layout byte for byte (C `bool` is one byte, `Time`/pointers/`StgWord` eight,
/// `uint32_t`/`int`/enums four; bytes not listed are padding or fields base never reads).
/// Offsets are from the start of the structure; `*_SIZE` is the field's size in bytes.
/// Measured with `offsetof`/`sizeof` against GHC 9.0.2's installed `Rts.h`.
pub mod rts_flags {
    /// `sizeof(RTS_FLAGS)`.
    pub const SIZE: u32 = 440;
    /// Start of the `GC_FLAGS` member.
    pub const GC: u32 = 0;
    /// Start of the `CONCURRENT_FLAGS` member.
    pub const CONC: u32 = 176;
    /// Start of the `MISC_FLAGS` member.
    pub const MISC: u32 = 192;
    /// Start of the `DEBUG_FLAGS` member.
    pub const DEBUG: u32 = 224;
    /// Start of the `COST_CENTRE_FLAGS` member.
    pub const CC: u32 = 248;
    /// Start of the `PROFILING_FLAGS` member.
    pub const PROF: u32 = 272;
    /// Start of the `TRACE_FLAGS` member.
    pub const TRACE: u32 = 360;
    /// Start of the `TICKY_FLAGS` member.
    pub const TICKY: u32 = 384;
    /// Start of the `PAR_FLAGS` member.
    pub const PAR: u32 = 400;
    /// `GC_FLAGS.statsFile` (8 bytes).
    pub const GC_STATS_FILE: u32 = 0;
    /// `GC_FLAGS.giveStats` (4 bytes).
    pub const GC_GIVE_STATS: u32 = 8;
    /// `GC_FLAGS.maxStkSize` (4 bytes).
    pub const GC_MAX_STK_SIZE: u32 = 12;
    /// `GC_FLAGS.initialStkSize` (4 bytes).
    pub const GC_INITIAL_STK_SIZE: u32 = 16;
    /// `GC_FLAGS.stkChunkSize` (4 bytes).
    pub const GC_STK_CHUNK_SIZE: u32 = 20;
    /// `GC_FLAGS.stkChunkBufferSize` (4 bytes).
    pub const GC_STK_CHUNK_BUFFER_SIZE: u32 = 24;
    /// `GC_FLAGS.maxHeapSize` (4 bytes).
    pub const GC_MAX_HEAP_SIZE: u32 = 28;
    /// `GC_FLAGS.minAllocAreaSize` (4 bytes).
    pub const GC_MIN_ALLOC_AREA_SIZE: u32 = 32;
    /// `GC_FLAGS.largeAllocLim` (4 bytes).
    pub const GC_LARGE_ALLOC_LIM: u32 = 36;
    /// `GC_FLAGS.nurseryChunkSize` (4 bytes).
    pub const GC_NURSERY_CHUNK_SIZE: u32 = 40;
    /// `GC_FLAGS.minOldGenSize` (4 bytes).
    pub const GC_MIN_OLD_GEN_SIZE: u32 = 44;
    /// `GC_FLAGS.heapSizeSuggestion` (4 bytes).
    pub const GC_HEAP_SIZE_SUGGESTION: u32 = 48;
    /// `GC_FLAGS.heapSizeSuggestionAuto` (1 byte).
    pub const GC_HEAP_SIZE_SUGGESTION_AUTO: u32 = 52;
    /// `GC_FLAGS.oldGenFactor` (8 bytes).
    pub const GC_OLD_GEN_FACTOR: u32 = 56;
    /// `GC_FLAGS.pcFreeHeap` (8 bytes).
    pub const GC_PC_FREE_HEAP: u32 = 64;
    /// `GC_FLAGS.generations` (4 bytes).
    pub const GC_GENERATIONS: u32 = 76;
    /// `GC_FLAGS.squeezeUpdFrames` (1 byte).
    pub const GC_SQUEEZE_UPD_FRAMES: u32 = 80;
    /// `GC_FLAGS.compact` (1 byte).
    pub const GC_COMPACT: u32 = 81;
    /// `GC_FLAGS.compactThreshold` (8 bytes).
    pub const GC_COMPACT_THRESHOLD: u32 = 88;
    /// `GC_FLAGS.sweep` (1 byte).
    pub const GC_SWEEP: u32 = 96;
    /// `GC_FLAGS.ringBell` (1 byte).
    pub const GC_RING_BELL: u32 = 97;
    /// `GC_FLAGS.idleGCDelayTime` (8 bytes).
    pub const GC_IDLE_GC_DELAY_TIME: u32 = 104;
    /// `GC_FLAGS.doIdleGC` (1 byte).
    pub const GC_DO_IDLE_GC: u32 = 120;
    /// `GC_FLAGS.heapBase` (8 bytes).
    pub const GC_HEAP_BASE: u32 = 136;
    /// `GC_FLAGS.allocLimitGrace` (8 bytes).
    pub const GC_ALLOC_LIMIT_GRACE: u32 = 144;
    /// `GC_FLAGS.numa` (1 byte).
    pub const GC_NUMA: u32 = 160;
    /// `GC_FLAGS.numaMask` (8 bytes).
    pub const GC_NUMA_MASK: u32 = 168;
    /// `PAR_FLAGS.nCapabilities` (4 bytes).
    pub const PAR_N_CAPABILITIES: u32 = 400;
    /// `PAR_FLAGS.migrate` (1 byte).
    pub const PAR_MIGRATE: u32 = 404;
    /// `PAR_FLAGS.maxLocalSparks` (4 bytes).
    pub const PAR_MAX_LOCAL_SPARKS: u32 = 408;
    /// `PAR_FLAGS.parGcEnabled` (1 byte).
    pub const PAR_PAR_GC_ENABLED: u32 = 412;
    /// `PAR_FLAGS.parGcGen` (4 bytes).
    pub const PAR_PAR_GC_GEN: u32 = 416;
    /// `PAR_FLAGS.parGcLoadBalancingEnabled` (1 byte).
    pub const PAR_PAR_GC_LOAD_BALANCING_ENABLED: u32 = 420;
    /// `PAR_FLAGS.parGcLoadBalancingGen` (4 bytes).
    pub const PAR_PAR_GC_LOAD_BALANCING_GEN: u32 = 424;
    /// `PAR_FLAGS.parGcNoSyncWithIdle` (4 bytes).
    pub const PAR_PAR_GC_NO_SYNC_WITH_IDLE: u32 = 428;
    /// `PAR_FLAGS.parGcThreads` (4 bytes).
    pub const PAR_PAR_GC_THREADS: u32 = 432;
    /// `PAR_FLAGS.setAffinity` (1 byte).
    pub const PAR_SET_AFFINITY: u32 = 436;
    /// `CONCURRENT_FLAGS.ctxtSwitchTime` (8 bytes).
    pub const CONC_CTXT_SWITCH_TIME: u32 = 176;
    /// `CONCURRENT_FLAGS.ctxtSwitchTicks` (4 bytes).
    pub const CONC_CTXT_SWITCH_TICKS: u32 = 184;
    /// `MISC_FLAGS.tickInterval` (8 bytes).
    pub const MISC_TICK_INTERVAL: u32 = 192;
    /// `MISC_FLAGS.install_signal_handlers` (1 byte).
    pub const MISC_INSTALL_SIGNAL_HANDLERS: u32 = 200;
    /// `MISC_FLAGS.install_seh_handlers` (1 byte).
    pub const MISC_INSTALL_SEH_HANDLERS: u32 = 201;
    /// `MISC_FLAGS.generate_dump_file` (1 byte).
    pub const MISC_GENERATE_DUMP_FILE: u32 = 202;
    /// `MISC_FLAGS.generate_stack_trace` (1 byte).
    pub const MISC_GENERATE_STACK_TRACE: u32 = 203;
    /// `MISC_FLAGS.machineReadable` (1 byte).
    pub const MISC_MACHINE_READABLE: u32 = 204;
    /// `MISC_FLAGS.disableDelayedOsMemoryReturn` (1 byte).
    pub const MISC_DISABLE_DELAYED_OS_MEMORY_RETURN: u32 = 205;
    /// `MISC_FLAGS.internalCounters` (1 byte).
    pub const MISC_INTERNAL_COUNTERS: u32 = 206;
    /// `MISC_FLAGS.linkerAlwaysPic` (1 byte).
    pub const MISC_LINKER_ALWAYS_PIC: u32 = 207;
    /// `MISC_FLAGS.linkerMemBase` (8 bytes).
    pub const MISC_LINKER_MEM_BASE: u32 = 208;
    /// `MISC_FLAGS.ioManager` (4 bytes).
    pub const MISC_IO_MANAGER: u32 = 216;
    /// `MISC_FLAGS.numIoWorkerThreads` (4 bytes).
    pub const MISC_NUM_IO_WORKER_THREADS: u32 = 220;
    /// `DEBUG_FLAGS.scheduler` (1 byte).
    pub const DEBUG_SCHEDULER: u32 = 224;
    /// `DEBUG_FLAGS.interpreter` (1 byte).
    pub const DEBUG_INTERPRETER: u32 = 225;
    /// `DEBUG_FLAGS.weak` (1 byte).
    pub const DEBUG_WEAK: u32 = 226;
    /// `DEBUG_FLAGS.gccafs` (1 byte).
    pub const DEBUG_GCCAFS: u32 = 227;
    /// `DEBUG_FLAGS.gc` (1 byte).
    pub const DEBUG_GC: u32 = 228;
    /// `DEBUG_FLAGS.nonmoving_gc` (1 byte).
    pub const DEBUG_NONMOVING_GC: u32 = 229;
    /// `DEBUG_FLAGS.block_alloc` (1 byte).
    pub const DEBUG_BLOCK_ALLOC: u32 = 230;
    /// `DEBUG_FLAGS.sanity` (1 byte).
    pub const DEBUG_SANITY: u32 = 231;
    /// `DEBUG_FLAGS.stable` (1 byte).
    pub const DEBUG_STABLE: u32 = 233;
    /// `DEBUG_FLAGS.prof` (1 byte).
    pub const DEBUG_PROF: u32 = 234;
    /// `DEBUG_FLAGS.linker` (1 byte).
    pub const DEBUG_LINKER: u32 = 235;
    /// `DEBUG_FLAGS.apply` (1 byte).
    pub const DEBUG_APPLY: u32 = 236;
    /// `DEBUG_FLAGS.stm` (1 byte).
    pub const DEBUG_STM: u32 = 237;
    /// `DEBUG_FLAGS.squeeze` (1 byte).
    pub const DEBUG_SQUEEZE: u32 = 238;
    /// `DEBUG_FLAGS.hpc` (1 byte).
    pub const DEBUG_HPC: u32 = 239;
    /// `DEBUG_FLAGS.sparks` (1 byte).
    pub const DEBUG_SPARKS: u32 = 240;
    /// `COST_CENTRE_FLAGS.doCostCentres` (4 bytes).
    pub const CC_DO_COST_CENTRES: u32 = 248;
    /// `COST_CENTRE_FLAGS.profilerTicks` (4 bytes).
    pub const CC_PROFILER_TICKS: u32 = 252;
    /// `COST_CENTRE_FLAGS.msecsPerTick` (4 bytes).
    pub const CC_MSECS_PER_TICK: u32 = 256;
    /// `PROFILING_FLAGS.doHeapProfile` (4 bytes).
    pub const PROF_DO_HEAP_PROFILE: u32 = 272;
    /// `PROFILING_FLAGS.heapProfileInterval` (8 bytes).
    pub const PROF_HEAP_PROFILE_INTERVAL: u32 = 280;
    /// `PROFILING_FLAGS.heapProfileIntervalTicks` (4 bytes).
    pub const PROF_HEAP_PROFILE_INTERVAL_TICKS: u32 = 288;
    /// `PROFILING_FLAGS.includeTSOs` (1 byte).
    pub const PROF_INCLUDE_TSOS: u32 = 292;
    /// `PROFILING_FLAGS.showCCSOnException` (1 byte).
    pub const PROF_SHOW_CCS_ON_EXCEPTION: u32 = 293;
    /// `PROFILING_FLAGS.maxRetainerSetSize` (4 bytes).
    pub const PROF_MAX_RETAINER_SET_SIZE: u32 = 296;
    /// `PROFILING_FLAGS.ccsLength` (4 bytes).
    pub const PROF_CCS_LENGTH: u32 = 300;
    /// `PROFILING_FLAGS.modSelector` (8 bytes).
    pub const PROF_MOD_SELECTOR: u32 = 304;
    /// `PROFILING_FLAGS.descrSelector` (8 bytes).
    pub const PROF_DESCR_SELECTOR: u32 = 312;
    /// `PROFILING_FLAGS.typeSelector` (8 bytes).
    pub const PROF_TYPE_SELECTOR: u32 = 320;
    /// `PROFILING_FLAGS.ccSelector` (8 bytes).
    pub const PROF_CC_SELECTOR: u32 = 328;
    /// `PROFILING_FLAGS.ccsSelector` (8 bytes).
    pub const PROF_CCS_SELECTOR: u32 = 336;
    /// `PROFILING_FLAGS.retainerSelector` (8 bytes).
    pub const PROF_RETAINER_SELECTOR: u32 = 344;
    /// `PROFILING_FLAGS.bioSelector` (8 bytes).
    pub const PROF_BIO_SELECTOR: u32 = 352;
    /// `TRACE_FLAGS.tracing` (4 bytes).
    pub const TRACE_TRACING: u32 = 360;
    /// `TRACE_FLAGS.timestamp` (1 byte).
    pub const TRACE_TIMESTAMP: u32 = 364;
    /// `TRACE_FLAGS.scheduler` (1 byte).
    pub const TRACE_SCHEDULER: u32 = 365;
    /// `TRACE_FLAGS.gc` (1 byte).
    pub const TRACE_GC: u32 = 366;
    /// `TRACE_FLAGS.nonmoving_gc` (1 byte).
    pub const TRACE_NONMOVING_GC: u32 = 367;
    /// `TRACE_FLAGS.sparks_sampled` (1 byte).
    pub const TRACE_SPARKS_SAMPLED: u32 = 368;
    /// `TRACE_FLAGS.sparks_full` (1 byte).
    pub const TRACE_SPARKS_FULL: u32 = 369;
    /// `TRACE_FLAGS.user` (1 byte).
    pub const TRACE_USER: u32 = 370;
    /// `TICKY_FLAGS.showTickyStats` (1 byte).
    pub const TICKY_SHOW_TICKY_STATS: u32 = 384;
    /// `TICKY_FLAGS.tickyFile` (8 bytes).
    pub const TICKY_TICKY_FILE: u32 = 392;
}
