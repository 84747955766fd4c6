//! # ahc-runner — the embedded WASI runner (`ahc run X.wasm [args]`)
//!
//! Runs a WASI preview 1 *command* module (exports `_start` and `memory`) without node: the
//! same `.wasm` that `node X.mjs` runs, with the same host behaviour (our own host functions in
//! [`wasi`](crate) mirror `rts.mjs` of `ahc-js`), stdin/stdout/stderr inherited by default.
//!
//! ## Engine: wasmi 2 (interpreter), not wasmtime (Cranelift JIT)
//!
//! Both support tail calls (`return_call`, `return_call_indirect`).  Measured on this project's
//! 2-core build machine (shared with other builds: load average 2–5 during the measurements, so
//! absolute times are inflated; the ratios are what matter), each option in a scratch crate:
//!
//! | option | clean `cargo build --release` | binary (stripped) | 7.4 MB module: load + run | tail-call loop (2×10⁸ calls) |
//! |---|---|---|---|---|
//! | **wasmi 2.0, own WASI functions** | **43 s** | **2.0 MB** | **0.14–0.20 s** | 3.7–8.9 s |
//! | wasmi 2.0 + `wasmi_wasi` | 58 s | 2.7 MB | – | – |
//! | wasmtime 48 (cranelift, no default features), own WASI functions | 260 s | 11.7 MB | 13.4–20.9 s | 0.56–1.5 s |
//! | wasmtime 48 + `wasmtime-wasi` (p1) | 544 s | 13.8 MB | – | – |
//! | node 20 (for reference) | – | – | 0.07 s | 0.89 s |
//!
//! Load averages during the builds: 2.0–3.8 (wasmi), 3.4–3.6 (wasmtime), 3.1 (wasmi_wasi), 4.4
//! (wasmtime-wasi).  The loop (`tests/speed.rs`, `cargo test --release -p ahc-runner -- --ignored`
//! reruns it) is code shaped like our generated code: parameterless
//! functions, state in globals and memory, alternating `return_call` and `return_call_indirect`
//! through a table index loaded from memory.  The 7.4 MB module is 20,000 such functions.
//!
//! On the first end-to-end programs (`tests/programs/*.hs`) both run in 0.01–0.3 s, like node.
//!
//! wasmtime runs hot loops 6–8× faster, but it compiles the whole module before running it:
//! 13–21 s for a 7.4 MB module, and a Haskell program linked with `base` is of that size.  Its
//! fast baseline compiler (Winch) does not support tail calls.  wasmi translates functions lazily
//! (validation only up front) and starts such a module in 0.15 s; it also builds 6× faster and
//! is 6× smaller, which matters for every clean build of the workspace on this machine.  The
//! runner's job is a faithful second execution environment for differential tests and for
//! running programs without JavaScript; raw speed is node's (and benchmarks are run there).
//! We use our own WASI functions rather than `wasmi_wasi` (wasi-common, cap-std): fewer
//! dependencies, and exactly the behaviour of `rts.mjs` (e.g. every `fd_write` flushed, so
//! stdout/stderr interleave as written; the same preopens and file semantics; `ENOSYS` for
//! anything else).
//!
//! ## Exit codes and faults
//! - `proc_exit(n)` → `Ok(n)`; returning from `_start` → `Ok(0)`.
//! - A trap is a bug (the runtime reports Haskell faults itself, with GHC's messages): the runner
//!   prints `<prog>: internal error: wasm trap: <message>` to the program's stderr and returns
//!   `Ok(134)` (the exit status of GHC's `barf`, i.e. abort).  Trap messages use V8's wording, so
//!   node (`rts.mjs`) and the runner print the same line.
//! - A module that cannot run at all (invalid, not a command, imports something other than WASI)
//!   is an [`RunError`].
//!
//! `<prog>` is GHC's program name: the last path component of `argv[0]`, without `.wasm`.

mod wasi;

use std::fmt;
use std::io::{Read, Write};

use wasmi::{Config, Engine, ExternType, Linker, Module, Store, TrapCode};

use crate::wasi::Host;

/// Exit code for an internal error (a trap), as GHC's `barf` (abort).
pub const EXIT_INTERNAL_ERROR: i32 = 134;

/// Why a module could not be run.
#[derive(Debug)]
pub enum RunError {
    /// Not a valid (or supported) WebAssembly module.
    Invalid(String),
    /// Not a WASI command: `_start` or `memory` is missing or has the wrong type.
    NotACommand(String),
    /// The module imports something the runner cannot provide.
    UnsupportedImport { module: String, name: String },
    /// Instantiation failed.
    Instantiate(String),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Invalid(m) => write!(f, "invalid WebAssembly module: {m}"),
            RunError::NotACommand(m) => write!(f, "not a WASI command module: {m}"),
            RunError::UnsupportedImport { module, name } => write!(
                f,
                "the program imports {module}.{name}, which the embedded runner does not provide \
                 (only WASI preview 1; JavaScript imports need node)"
            ),
            RunError::Instantiate(m) => write!(f, "cannot instantiate the module: {m}"),
        }
    }
}

impl std::error::Error for RunError {}

/// The program's standard streams.
pub struct Stdio {
    pub stdin: Box<dyn Read + Send>,
    pub stdout: Box<dyn Write + Send>,
    pub stderr: Box<dyn Write + Send>,
}

impl Stdio {
    /// The runner's own stdin, stdout and stderr.
    pub fn inherit() -> Self {
        Stdio {
            stdin: Box::new(std::io::stdin()),
            stdout: Box::new(std::io::stdout()),
            stderr: Box::new(std::io::stderr()),
        }
    }
}

/// How to run a program.
pub struct RunConfig {
    /// `argv`; `argv[0]` is the program name.
    pub args: Vec<String>,
    /// The environment, as (name, value) pairs.
    pub env: Vec<(String, String)>,
    /// The standard streams.
    pub stdio: Stdio,
    /// `stdio` is [`Stdio::inherit`] (the file types of the streams are then the OS's).
    pub inherited: bool,
    /// The preopened directories, descriptors 3, 4, …: the name the program sees and the host
    /// directory it stands for ([`RunConfig::default_preopens`]: `.` and `/`).
    pub preopens: Vec<(String, std::path::PathBuf)>,
}

impl RunConfig {
    /// `args`, the process's environment and standard streams.
    pub fn inherit(args: &[String]) -> Self {
        RunConfig {
            args: args.to_vec(),
            env: std::env::vars_os()
                .map(|(k, v)| {
                    (
                        k.to_string_lossy().into_owned(),
                        v.to_string_lossy().into_owned(),
                    )
                })
                .collect(),
            stdio: Stdio::inherit(),
            inherited: true,
            preopens: Self::default_preopens(),
        }
    }

    /// `.` (the current directory) and `/`, as `rts.mjs` preopens them under node: the program
    /// reaches the file system by relative and absolute paths like a native one.
    pub fn default_preopens() -> Vec<(String, std::path::PathBuf)> {
        vec![(".".into(), ".".into()), ("/".into(), "/".into())]
    }
}

/// Runs the WASI command `wasm` with `args` (`argv`, `argv[0]` = program name), the process's
/// environment and standard streams; returns the exit code.
pub fn run_wasi(wasm: &[u8], args: &[String]) -> Result<i32, RunError> {
    run(wasm, RunConfig::inherit(args))
}

/// Runs the WASI command `wasm` as configured; returns the exit code.
pub fn run(wasm: &[u8], config: RunConfig) -> Result<i32, RunError> {
    let mut engine_config = Config::default();
    engine_config.wasm_tail_call(true);
    let engine = Engine::new(&engine_config);
    let module = Module::new(&engine, wasm).map_err(|e| RunError::Invalid(e.to_string()))?;
    check_command(&module)?;

    let mut linker = Linker::<Host>::new(&engine);
    wasi::define(&mut linker).map_err(|e| RunError::Instantiate(e.to_string()))?;
    for import in module.imports() {
        match (import.module(), import.ty()) {
            (wasi::MODULE, ExternType::Func(ty)) => {
                if !wasi::FUNCTIONS.contains(&import.name()) {
                    wasi::define_stub(&mut linker, import.name(), ty.clone())
                        .map_err(|e| RunError::Instantiate(e.to_string()))?;
                }
            }
            (module, _) => {
                return Err(RunError::UnsupportedImport {
                    module: module.to_owned(),
                    name: import.name().to_owned(),
                })
            }
        }
    }

    let prog = prog_name(config.args.first().map_or("", String::as_str)).to_owned();
    let host = Host {
        args: wasi::c_strings(&config.args),
        env: wasi::c_strings(config.env.iter().map(|(k, v)| format!("{k}={v}"))),
        stdin: config.stdio.stdin,
        stdout: config.stdio.stdout,
        stderr: config.stdio.stderr,
        inherited: config.inherited,
        start: std::time::Instant::now(),
        fds: wasi::initial_fds(&config.preopens),
    };
    let mut store = Store::new(&engine, host);
    let instance = match linker.instantiate_and_start(&mut store, &module) {
        Ok(instance) => instance,
        // A trap or an exit in the module's start function.
        Err(e) if is_execution_error(&e) => return Ok(finish(&mut store, &prog, Err(e))),
        Err(e) => return Err(RunError::Instantiate(e.to_string())),
    };
    let start = instance
        .get_typed_func::<(), ()>(&store, "_start")
        .map_err(|e| RunError::NotACommand(e.to_string()))?;
    let result = start.call(&mut store, ());
    Ok(finish(&mut store, &prog, result))
}

/// Whether `e` arose while running code (rather than while linking or instantiating).
fn is_execution_error(e: &wasmi::Error) -> bool {
    use wasmi::errors::ErrorKind;
    matches!(
        e.kind(),
        ErrorKind::TrapCode(_)
            | ErrorKind::I32ExitStatus(_)
            | ErrorKind::Message(_)
            | ErrorKind::Host(_)
    )
}

/// The exit code of a finished run; reports a trap as an internal error.  Flushes the output.
fn finish(store: &mut Store<Host>, prog: &str, result: Result<(), wasmi::Error>) -> i32 {
    let host = store.data_mut();
    let code = match result {
        Ok(()) => 0,
        Err(e) => match e.i32_exit_status() {
            Some(code) => code,
            None => {
                let _ = host.stdout.flush();
                let _ = writeln!(
                    host.stderr,
                    "{prog}: internal error: wasm trap: {}",
                    trap_message(&e)
                );
                EXIT_INTERNAL_ERROR
            }
        },
    };
    let _ = host.stdout.flush();
    let _ = host.stderr.flush();
    code
}

/// Checks the module exports `_start: [] -> []` and a memory `memory`.
fn check_command(module: &Module) -> Result<(), RunError> {
    match module.get_export("_start") {
        Some(ExternType::Func(ty)) if ty.params().is_empty() && ty.results().is_empty() => {}
        Some(_) => {
            return Err(RunError::NotACommand(
                "`_start` is not a function [] -> []".into(),
            ))
        }
        None => return Err(RunError::NotACommand("no `_start` export".into())),
    }
    match module.get_export("memory") {
        Some(ExternType::Memory(_)) => Ok(()),
        _ => Err(RunError::NotACommand("no `memory` export".into())),
    }
}

/// GHC's program name for `argv0`: the last path component, without a trailing `.wasm`.
pub fn prog_name(argv0: &str) -> &str {
    let base = argv0.rsplit(['/', '\\']).next().unwrap_or(argv0);
    match base.strip_suffix(".wasm") {
        Some(stem) if !stem.is_empty() => stem,
        _ => base,
    }
}

/// A trap's message in V8's words (what node, and so `rts.mjs`, prints).
fn trap_message(e: &wasmi::Error) -> String {
    let Some(code) = e.as_trap_code() else {
        return e.to_string();
    };
    match code {
        TrapCode::UnreachableCodeReached => "unreachable",
        TrapCode::MemoryOutOfBounds => "memory access out of bounds",
        TrapCode::TableOutOfBounds => "table index is out of bounds",
        TrapCode::IndirectCallToNull | TrapCode::BadSignature => {
            "null function or function signature mismatch"
        }
        TrapCode::IntegerDivisionByZero => "divide by zero",
        TrapCode::IntegerOverflow => "divide result unrepresentable",
        TrapCode::BadConversionToInteger => "float unrepresentable in integer range",
        TrapCode::StackOverflow => "call stack exhausted",
        _ => return e.to_string(),
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_names() {
        assert_eq!(prog_name("/a/b/fib.wasm"), "fib");
        assert_eq!(prog_name("fib"), "fib");
        assert_eq!(prog_name(".wasm"), ".wasm");
    }
}
