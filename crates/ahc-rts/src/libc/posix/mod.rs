//! The POSIX functions base imports, over WASI preview 1, answering as on Linux x86_64 (the
//! platform base was configured for): errno values, flag and constant values, struct layouts.
//!
//! ## Modules
//! - [`errno`] — `errno` storage, Linux numbers, WASI → Linux translation, [`set_errno`].
//! - [`fd`] — `read`/`write`/`lseek`/`close`/`dup`/`dup2`/`fcntl`/`isatty`/`fdReady`/`ftruncate`,
//!   the program's file descriptor numbers ([`fd::FdTable`]) and base's file locks
//!   (`lockFile`/`unlockFile`, [`fd::Locks`]); `poll`, `pipe`, `epoll_*`, `eventfd*`.
//! - [`path`] — WASI preopened directories and how a POSIX path resolves against them.
//! - [`fs`] — `open`/`creat`, `stat`/`fstat`/`lstat` and the `struct stat` accessors, `unlink`,
//!   `access`, `chmod`, `umask`, `link`, `readlink`, `utime`, `mkfifo`.
//! - [`env`] — program arguments (`getProgArgv` & co.), the environment (`getenv`, `setenv`,
//!   `unsetenv`, `putenv`, `__hscore_environ`), `localeEncoding`.
//! - [`time`] — `getMonotonicNSec`, `clock_gettime`, `clock_getres`, `getrusage`, `times`,
//!   `clk_tck`.
//! - [`term`] — `termios` and signal functions, `getpid`, `fork`, `waitpid`.
//! - [`layout`] — WASI's structures and constants, Linux's `struct stat` and flag values.
//! - `arena` (memory that lives until exit), `sys` (the WASI imports, wasm32 only).
//!
//! ## Conventions (see [`crate::libc`])
//! A C `int`/`size_t`/`off_t`/`mode_t` argument arrives as `i64`/`u64` and is narrowed as C
//! would narrow it; a pointer is a 32-bit address.  Failure is C's: `-1` (or NULL) with
//! [`errno::set_errno`] set to a Linux number.  Pointer-sized values that *Haskell* reads from
//! memory (`char **environ`, `argv`, the `Ptr` that `getProgArgv` writes) are 8 bytes wide,
//! because base's `Storable Ptr` is x86_64's; the pointers inside are 32-bit addresses,
//! zero-extended.
//!
//! ## What differs from Linux, by necessity
//! - WASI has no permission bits: `open`'s mode is ignored (the host creates files as it
//!   creates its own, 0666 & its umask); `chmod` succeeds when the file exists; `access` checks
//!   existence only; `st_mode` has plausible permission bits (0644 files, 0755 directories).
//! - One process, no signals, no children: `fork`, `pipe`, `mkfifo`, `epoll_*`, `eventfd*` fail
//!   with `ENOSYS`, `waitpid` with `ECHILD`; signal handlers are recorded but never run;
//!   `fdReady` and `poll` report every open descriptor ready (a read then blocks in the host,
//!   which is what the non-threaded runtime would do anyway).
//! - `flock` and `fcntl` record locks succeed without locking anything (no other process can
//!   see the files through us); base's own Haskell-2010 locks (`lockFile`) are real, as in GHC's
//!   runtime (one writer or many readers per file, within the process).

pub mod env;
pub mod errno;
pub mod fd;
pub mod fs;
pub mod layout;
pub mod path;
pub mod term;
pub mod time;

mod arena;
#[cfg(target_arch = "wasm32")]
mod sys;

pub use errno::set_errno;

/// The bytes of the NUL-terminated string at `p` (without the NUL); `None` for NULL.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that stays unchanged while the result is
/// used.
pub(crate) unsafe fn cstr<'a>(p: *const u8) -> Option<&'a [u8]> {
    if p.is_null() {
        return None;
    }
    // SAFETY: the caller's contract.
    Some(unsafe { core::ffi::CStr::from_ptr(p as *const core::ffi::c_char) }.to_bytes())
}
