//! # ahc-rts — the ahc runtime system
//!
//! Rust, `#![no_std]`, built for `wasm32-unknown-unknown` as a static library
//! (`libahc_rts.a`) that `rust-lld` links into every program, and built natively so that its
//! logic has ordinary `cargo test`s.
//!
//! ## Job
//! The program entry (`_start`), the Haskell stack (grows by moving) and heap (block allocator on
//! top of `memory.grow`, nursery, generational copying garbage collector), exceptions and the
//! masking state,
//! stable pointers and names, buffered output, fatal-error reporting with GHC's wording and exit
//! codes, the `print_*` test functions and the out-of-line primops.  The scheduler and the rest
//! of the runtime (DESIGN.md, point 5) grow out of these.
//!
//! ## Modules
//! - [`mem`]: the address space.  Linear memory is managed in *megablocks* of 1 MiB (16 wasm
//!   pages), aligned to 1 MiB, obtained with `memory.grow` and kept on a free list.
//! - [`block`]: megablocks are divided into *blocks* of 4 KiB, each described by a 32-byte
//!   *block descriptor* in a table at the start of its megablock, so the descriptor of any heap
//!   address is found by arithmetic ([`block::bdescr`]); this is what a copying GC needs to ask
//!   "which space is this object in?".  Blocks are handed out in contiguous *groups*.
//! - [`sm`]: the storage manager: start-up, the nursery and the runtime's allocation areas
//!   (small, large, pinned objects), the CAF list, stack growth, when to collect.
//! - [`gc`]: the garbage collector (generational, copying; remembered set without write
//!   barriers).
//! - [`exception`]: unwinding to a catch frame, the masking state around handlers.
//! - [`stable`]: stable pointers and stable names.
//! - [`stats`]: collection statistics.
//! - [`stack`]: Haskell stacks (grow downward; `Sp`/`SpLim`).
//! - [`debug`]: `--debug`'s memory-ownership check.
//! - [`primops`]: out-of-line primops.
//! - [`format`]: number formatting (decimal integers without `core::fmt`; C's `%.17g`).
//! - [`rts_api`]: GHC RTS interface base imports that is no other module's: `RtsFlags`,
//!   capabilities, the static pointer table, libdw stack traces, statistics, I/O manager hooks.
//! - [`io`]: the stdout buffer, stderr, GHC-style messages (`prog: ...`), the program name.
//! - `wasi`, `entry` (wasm32 only): WASI preview 1 imports; the exported C symbols.
//!
//! ## Contract with generated code (names in `ahc-abi`)
//! Defined here (`entry`), besides `_start()`: every symbol of `ahc_abi::rts_syms`, and
//! `ahc_rts_make_stable_ptr(p: i32) -> i64`, `ahc_rts_deref_stable_ptr(i64) -> i32`,
//! `ahc_rts_free_stable_ptr(i64)`, `ahc_rts_make_stable_name(p: i32) -> i32`,
//! `ahc_rts_stats(out: i32)`, `ahc_rts_exit(code: i32)`, the C functions ghc-prim imports
//! (`ahc_c_strlen(i32) -> i64`, `ahc_c_debugLn(i32)`, `ahc_c_debugErrLn(i32)`), `--debug`'s
//! `ahc_rts_check_access(addr, size, name: i32)`, and the test output functions Haskell
//! reaches by `foreign import ccall "print_…"` (named `ahc_c_print_…`, see
//! `ahc_abi::ccall_symbol`; the unprefixed names exist too): `ahc_c_print_int(i64)`,
//! `ahc_c_print_word(i64)`, `ahc_c_print_char(i64)`, `ahc_c_print_double(f64)`,
//! `ahc_c_print_string(i32)`, `ahc_c_print_newline()`.
//! Required from the generated code: the register accessors and info tables of
//! `ahc_abi::gen_syms`, the configuration words, `ahc_hs_main()` — each only by the entry points
//! that use it, so `--gc-sections` keeps a small program small.
//! The runtime reads and writes the register globals only through the accessors, inside its
//! entry points: `ahc_rts_allocate*` and `ahc_rts_raise` may set `HpLim` to 0 (so that the next
//! heap check fails and collects), `ahc_rts_gc` installs a new `Hp`/`HpLim`, `ahc_rts_raise` and
//! `ahc_rts_grow_stack` a new `Sp`/`SpLim`.
//!
//! Exit codes and messages: GHC's (`exit_code`): an uncaught exception `<prog>: main thread
//! exited (uncaught exception)` and 250 (what GHC's RTS prints when no base top handler shows
//! the exception), stack overflow (beyond [`sm::MAX_STACK_MBLOCKS`]) GHC's two lines and 2, heap
//! exhaustion `out of memory (requested N bytes)` (or `Heap exhausted;` under a heap limit) and
//! 251, `<<loop>>` and 1, internal errors 134.
//!
//! Statistics: with `AHC_RTS_STATS` set in the environment when the first collection happens,
//! one line `ahc-rts-stats: collections=… allocated_bytes=… copied_bytes=… last_live_bytes=…
//! max_live_bytes=… gc_ns=… max_pause_ns=… peak_memory_bytes=… max_stack_bytes=…
//! major_collections=…` goes to stderr at exit; `ahc_rts_stats` copies the same counters.
//!
//! ## Invariants
//! - wasm32 is single-threaded here: the runtime's global state lives in [`Global`] cells that
//!   are only accessed from the exported entry points, never re-entrantly.
//! - Addresses are `u32` byte offsets in linear memory.  No megablock is ever placed at address 0
//!   or in the last megablock of the 4 GiB space, so `start + size` never overflows.
//! - Memory is touched only through [`mem::LinearMemory`]; the wasm implementation is the only
//!   place where block metadata is read or written through raw pointers.
//! - Nothing on the `print_int` path, nor in the collector, may panic with a formatted message
//!   or use `core::fmt` (size).  Every program with heap checks links the collector: ~14 KB of
//!   runtime code (examples/fib.hs: 17.6 KB of wasm in all; a `print_int` program 2.3 KB).
//! - Start-up and exit pay only for what the program uses: the initial value of a static refers
//!   to no function (a function pointer in static data is linked into every program: hence
//!   `Storage::oom` is an `Option`), and what the collector installs for exit (the statistics
//!   printer) is read through a volatile access, so that LLVM cannot turn it into a direct call.
#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]

// Native builds (tests, and the workspace's host build of the staticlib) link `std` for its panic
// runtime; the runtime's own code uses `core` only.
#[cfg(not(target_arch = "wasm32"))]
extern crate std;

pub mod block;
pub mod debug;
pub mod exception;
pub mod format;
pub mod gc;
#[cfg(test)]
mod gc_tests;
pub mod io;
pub mod libc;
pub mod mem;
pub mod primops;
pub mod rts_api;
pub mod sched;
pub mod sm;
pub mod stable;
pub mod stack;
pub mod stats;
pub mod stm;
pub mod weak;

#[cfg(target_arch = "wasm32")]
mod entry;
#[cfg(target_arch = "wasm32")]
mod wasi;

/// Exit codes, as GHC's runtime uses them.
pub mod exit_code {
    /// `ahc_rts_barf` and runtime panics: GHC's `barf` calls `abort()`, seen as 128 + SIGABRT.
    pub const INTERNAL_ERROR: i32 = 134;
    /// Heap exhausted / out of memory (`EXIT_HEAPOVERFLOW`).
    pub const HEAP_OVERFLOW: i32 = 251;
    /// Stack overflow (`GHC.TopHandler` exits with 2 after `reportStackOverflow`).
    pub const STACK_OVERFLOW: i32 = 2;
    /// The main thread died of an uncaught exception (`EXIT_KILLED`, `rts/RtsMain.c`).
    pub const KILLED: i32 = 250;
}

/// A cell for the runtime's global state on single-threaded wasm32.
///
/// Invariant (what makes [`Global::with`] sound): the program has one thread, and no closure
/// passed to `with` calls `with` on the same cell again.  Each `Global` is private to the module
/// that declares it, and that module's functions do not call back into it.
#[cfg(target_arch = "wasm32")]
pub(crate) struct Global<T>(core::cell::UnsafeCell<T>);

// SAFETY: wasm32-unknown-unknown without the `atomics` feature has no threads.
#[cfg(target_arch = "wasm32")]
unsafe impl<T> Sync for Global<T> {}

#[cfg(target_arch = "wasm32")]
impl<T> Global<T> {
    pub(crate) const fn new(value: T) -> Self {
        Global(core::cell::UnsafeCell::new(value))
    }

    /// Runs `f` with exclusive access to the value.
    #[inline(always)]
    pub(crate) fn with<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        // SAFETY: single thread and no re-entrant use (see the type's invariant), so this is the
        // only live reference to the value.
        f(unsafe { &mut *self.0.get() })
    }
}
