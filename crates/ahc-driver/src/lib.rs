//! # ahc-driver — the command-line tools
//!
//! `ahc` (subcommands `link`, `boot`, `run`, `dump-stg`, `compile-stg`, `c-symbols`), and the Asterius entry
//! points `ahc-link` and `ahc-boot` with Asterius's flags. The driver strings the pipeline
//! together: `ahc-ghc` (GHC frontend) → `ahc-codegen` → `ahc-link` (rust-lld, with the runtime
//! `libahc_rts.a`) → `ahc-js` (JS entry files) → node or the embedded runner.
//!
//! Invariants:
//! - A failed command leaves no output files behind: everything is produced in a temporary
//!   directory and moved into place only once the whole job has succeeded.
//! - Cached artefacts (the `ahc-ghc` binary, the boot, compiled library objects) live under
//!   `$AHC_HOME` (default `~/.ahc`) in directories named by a hash of what produced them, and are
//!   created atomically (build in a temporary directory, then rename).
//! - Errors are reported as `ahc: error: …` (or GHC's own located messages) with a non-zero exit.

mod boot;
mod cache;
mod cli;
mod csyms;
mod link;
mod toolchain;

pub use cli::{main_ahc, main_boot, main_link};

/// An error for the user: printed as `ahc: error: <msg>`, exit code 1.
#[derive(Debug)]
pub struct Error(pub String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reported errors that were already printed (e.g. GHC's messages): just exit non-zero.
pub(crate) const ALREADY_REPORTED: &str = "\u{0}reported";

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error(e.to_string())
    }
}

pub type Result<T> = std::result::Result<T, Error>;

pub(crate) fn err<T>(msg: impl Into<String>) -> Result<T> {
    Err(Error(msg.into()))
}
