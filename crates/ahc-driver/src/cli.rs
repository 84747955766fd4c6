//! Command-line parsing for `ahc`, `ahc-link` and `ahc-boot`.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::{Error, ALREADY_REPORTED};

/// `ahc-link`'s options: Asterius's flags, verbatim.
#[derive(Args, Debug, Clone)]
pub struct LinkArgs {
    /// The Haskell Main module to compile.
    #[arg(long = "input-hs", value_name = "FILE")]
    pub input_hs: PathBuf,
    /// Custom JS entry module (not supported yet).
    #[arg(long = "input-mjs", value_name = "FILE")]
    pub input_mjs: Option<PathBuf>,
    /// Where to write the outputs (default: next to the input).
    #[arg(long = "output-directory", value_name = "DIR")]
    pub output_directory: Option<PathBuf>,
    /// Base name of the outputs (default: the input's base name).
    #[arg(long = "output-prefix", value_name = "PREFIX")]
    pub output_prefix: Option<String>,
    /// Run the program in node after linking.
    #[arg(long)]
    pub run: bool,
    /// Target the browser (not supported yet).
    #[arg(long)]
    pub browser: bool,
    /// Bundle the JS (not supported yet).
    #[arg(long)]
    pub bundle: bool,
    /// Don't require a `main` (not supported yet).
    #[arg(long = "no-main")]
    pub no_main: bool,
    /// Export a Haskell function to JS (not supported yet).
    #[arg(long = "export-function", value_name = "NAME")]
    pub export_function: Vec<String>,
    /// Keep this symbol alive through dead-code elimination.
    #[arg(long = "extra-root-symbol", value_name = "SYM")]
    pub extra_root_symbol: Vec<String>,
    /// Don't remove unreachable code and data.
    #[arg(long = "no-gc-sections")]
    pub no_gc_sections: bool,
    /// Check every memory access of the generated code at run time (aborts with the address and
    /// the function); keeps function names in the output.
    #[arg(long)]
    pub debug: bool,
    /// More detail on errors: keep the wasm name section (run-time traps and stack traces name
    /// the Haskell and runtime functions) and print rust-lld's command line and its own output
    /// when linking fails.
    #[arg(long = "verbose-err")]
    pub verbose_err: bool,
    /// Also write the STG of each module (`<prefix>.<Module>.stg.txt`) next to the outputs.
    #[arg(long = "output-ir")]
    pub output_ir: bool,
    /// Use wasm tail calls (always on: accepted for compatibility).
    #[arg(long = "tail-calls")]
    pub tail_calls: bool,
    /// Binaryen optimisation level (not supported: ahc has no binaryen pass).
    #[arg(long = "optimize-level", value_name = "N")]
    pub optimize_level: Option<u32>,
    /// Binaryen shrink level (not supported: ahc has no binaryen pass).
    #[arg(long = "shrink-level", value_name = "N")]
    pub shrink_level: Option<u32>,
    /// Pass an option to GHC.
    #[arg(long = "ghc-option", value_name = "OPT", allow_hyphen_values = true)]
    pub ghc_option: Vec<String>,
    /// Never collect garbage.
    #[arg(long)]
    pub yolo: bool,
    /// Nursery size in MB: how much is allocated between collections (default 4).
    #[arg(long = "gc-threshold", value_name = "MB")]
    pub gc_threshold: Option<u32>,
    /// Console history size in the browser (not supported, like `--browser`).
    #[arg(long = "console-history", value_name = "N")]
    pub console_history: Option<u32>,
}

#[derive(Args, Debug, Clone)]
pub struct BootArgs {
    /// The unpacked GHC 9.0.2 source tree (from `apt-get source ghc`).
    #[arg(long = "ghc-src", value_name = "DIR")]
    pub ghc_src: Option<PathBuf>,
    /// Boot again even if a matching boot exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Parser, Debug)]
#[command(name = "ahc", about = "ahc: Haskell to WebAssembly", version)]
struct AhcCli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Compile and link a Haskell program (same as `ahc-link`).
    Link(LinkArgs),
    /// Boot the Haskell libraries (same as `ahc-boot`).
    Boot(BootArgs),
    /// Run a linked `.wasm` with the embedded WASI runner.
    Run {
        wasm: PathBuf,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Print an STG file written by ahc-ghc.
    DumpStg { file: PathBuf },
    /// List the C symbols the booted libraries' objects import (`import <name> <kind> <unit>
    /// <module>`) and the runtime library linked (`runtime <path>`), tab-separated.
    CSymbols,
    /// Compile an STG file to a relocatable wasm object.
    CompileStg {
        file: PathBuf,
        #[arg(short, long)]
        output: PathBuf,
    },
}

#[derive(Parser, Debug)]
#[command(
    name = "ahc-link",
    about = "Compile and link a Haskell program to WebAssembly",
    version
)]
struct LinkCli {
    #[command(flatten)]
    args: LinkArgs,
}

#[derive(Parser, Debug)]
#[command(
    name = "ahc-boot",
    about = "Boot ahc's Haskell libraries from GHC's sources",
    version
)]
struct BootCli {
    #[command(flatten)]
    args: BootArgs,
}

fn report(r: crate::Result<i32>) -> i32 {
    match r {
        Ok(code) => code,
        Err(Error(msg)) if msg == ALREADY_REPORTED => 1,
        Err(e) => {
            eprintln!("ahc: error: {e}");
            1
        }
    }
}

pub fn main_ahc() -> i32 {
    let cli = AhcCli::parse();
    report(match cli.cmd {
        Cmd::Link(a) => crate::link::link(&a),
        Cmd::Boot(a) => crate::boot::boot(&a).map(|_| 0),
        Cmd::Run { wasm, args } => crate::link::run_embedded(&wasm, &args),
        Cmd::DumpStg { file } => dump_stg(&file),
        Cmd::CompileStg { file, output } => compile_stg(&file, &output),
        Cmd::CSymbols => crate::csyms::list(),
    })
}

pub fn main_link(args: Vec<OsString>) -> i32 {
    let mut argv = vec![OsString::from("ahc-link")];
    argv.extend(args);
    let cli = LinkCli::parse_from(argv);
    report(crate::link::link(&cli.args))
}

pub fn main_boot(args: Vec<OsString>) -> i32 {
    let mut argv = vec![OsString::from("ahc-boot")];
    argv.extend(args);
    let cli = BootCli::parse_from(argv);
    report(crate::boot::boot(&cli.args).map(|_| 0))
}

pub(crate) fn read_stg(file: &std::path::Path) -> crate::Result<ahc_stg::Module> {
    let bytes = std::fs::read(file).map_err(|e| Error(format!("{}: {e}", file.display())))?;
    ahc_stg::read_module(&bytes).map_err(|e| Error(format!("{}: {e}", file.display())))
}

fn dump_stg(file: &std::path::Path) -> crate::Result<i32> {
    let m = read_stg(file)?;
    print!("{m}");
    Ok(0)
}

fn compile_stg(file: &std::path::Path, output: &std::path::Path) -> crate::Result<i32> {
    let m = read_stg(file)?;
    let opts = ahc_codegen::Options::default();
    let c = ahc_codegen::compile_module(&m, &opts).map_err(|e| Error(e.to_string()))?;
    for u in &c.unsupported {
        eprintln!("{}: {u}", file.display());
    }
    crate::cache::write_atomic(output, &c.object)?;
    Ok(if c.unsupported.is_empty() { 0 } else { 1 })
}
