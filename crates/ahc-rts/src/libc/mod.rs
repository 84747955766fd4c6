//! The C functions that ghc-prim, ghc-bignum and base import, served by the runtime over WASI
//! preview 1 (DESIGN.md point 5: implemented in Rust, never by patching base).
//!
//! ## Convention
//! `foreign import ccall "f"` (and `capi`) in Haskell calls the wasm function `ahc_c_f`
//! (`ahc_abi::ccall_symbol`). Its signature is the Haskell side's view of C on x86_64, as GHC
//! 9.0.2's STG gives it: an argument or result whose primitive representation is `Int#`/`Word#`
//! (which includes `CInt`, `CSize`, `CLong`… in 9.0: the sized integer types are boxed `Int#`s)
//! is `i64`/`u64`, `Addr#` is a 32-bit linear-memory address (`*mut u8` or `u32`), `Double#`
//! `f64`, `Float#` `f32`, an unlifted heap pointer (`ThreadId#`…) `u32`.  A C `int` result is
//! returned sign-extended to 64 bits (Haskell narrows it again).  `capi` wrappers
//! (`ghczuwrapperZC<n>ZC<unit>ZC<module>ZC<name>`) call `ahc_c_<name>` with `<name>` z-decoded.
//!
//! Pure logic lives in plain functions with native `cargo test`s; the exported `#[no_mangle]`
//! wrappers that touch linear memory or WASI are wasm32-only.
//!
//! ## Modules
//! - [`unicode`]: `u_gencat`, `u_isw*`, `u_tow*` (GHC 9.0.2's `WCsubst.c` tables).
//! - [`strerror`]: glibc's messages for Linux errno values.
//! - [`md5`]: `__hsbase_MD5Init/Update/Final` (`GHC.Fingerprint`).
//! - [`cstd`]: `memcpy`/`memmove`/`memset`, `primFloat.c`, `__*_encodeDouble`, `iconv` stubs.
//! - [`malloc`]: `malloc`, `calloc`, `realloc`, `free` on the runtime's block allocator.
//! - [`posix`]: file descriptors, files through WASI preopens, errno, environment, clocks,
//!   terminal and signal functions answering as on a non-terminal.

pub mod cstd;
pub mod malloc;
pub mod md5;
pub mod posix;
pub mod strerror;
pub mod unicode;
