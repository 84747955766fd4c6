//! # ahc-link — the linker driver
//!
//! Links relocatable wasm objects (from `ahc-wasm-object`) and static
//! archives (the runtime's Rust staticlib, precompiled Haskell libraries) into
//! one `.wasm` with the Rust toolchain's own `rust-lld -flavor wasm`
//! (wasm-ld). The job of this crate: find the linker, turn [`LinkOptions`]
//! into a command line, run it, make the output appear atomically, and turn
//! what lld prints into data ([`LinkError`] with structured undefined and
//! duplicate symbols, [`LinkReport`] with sizes and warnings).
//!
//! ## Invariants
//!
//! * The output path is written only on success: lld writes a temporary file
//!   next to it, which is renamed into place (same directory, so the rename is
//!   atomic) or deleted on failure.
//! * lld always runs with `--error-limit=0` (all errors are reported, so the
//!   driver can list every missing symbol at once) and, unless
//!   [`LinkOptions::demangle`] is set, `--no-demangle` (symbol names in
//!   errors are exactly the names in the objects).
//! * Undefined-symbol errors are grouped per symbol (lld repeats them per
//!   relocation) with every distinct referencing input, in first-seen order.
//!
//! ## Linker lookup
//!
//! [`LinkOptions::lld`] if set, else the environment variable `AHC_LLD`, else
//! `$(rustc --print sysroot)/lib/rustlib/*/bin/rust-lld` (`rustc` from
//! `$RUSTC` or `PATH`; the host triple's directory is preferred). A binary
//! whose file name starts with `wasm-ld` is run without `-flavor wasm`.
//!
//! ## Facts about wasm-ld (LLD 22, verified by this crate's tests)
//!
//! * **`--gc-sections` (the default) and undefined symbols:** wasm-ld reports
//!   an undefined symbol only when a relocation in a *live* chunk (function
//!   or data segment reached from the roots) refers to it. Code removed by
//!   `--gc-sections` may reference symbols that exist nowhere, and the link
//!   succeeds; with `--no-gc-sections` the same inputs fail with
//!   `undefined symbol`. This holds for functions and for data symbols
//!   referenced from data segments, in objects and in archive members
//!   (`tests/link.rs::gc_sections_hides_undefined_symbols_in_dead_code`).
//!   Archive members are pulled in only to resolve undefined symbols; an
//!   object given directly is always loaded.
//! * **Roots** for `--gc-sections`: the entry (`--entry`, default `_start`
//!   unless `--no-entry`), `--export` / `--export-if-defined` symbols,
//!   symbols flagged `WASM_SYM_EXPORTED` or `WASM_SYM_NO_STRIP`, init
//!   functions, and with `--export-dynamic` every non-hidden defined symbol.
//!   `-u sym` only forces the symbol to be resolved (pulling the archive
//!   member that defines it); it does not keep it in the output.
//! * **Entry:** without `--no-entry`, wasm-ld requires `_start` (error
//!   `entry symbol not defined (pass --no-entry to suppress): _start`).
//! * **Imports:** an undefined function whose object gives an explicit
//!   import name (`WASM_SYM_EXPLICIT_NAME`, as `ObjectBuilder::import_func`
//!   and Rust's `#[link(wasm_import_module = ..)]` produce) is allowed to stay
//!   undefined and becomes an import from its module (e.g.
//!   `wasi_snapshot_preview1.fd_write`) — no `--allow-undefined` needed.
//!   Any other undefined function, global or data symbol is an error unless
//!   `--allow-undefined` (then functions/globals become `env` imports).
//! * **Memory and table:** by default memory is defined and exported as
//!   `memory`; the function table is defined, not exported (pass
//!   `--export-table` to give JS access, `--growable-table` to grow it);
//!   its slot 0 stays empty so that a null function pointer traps.
//! * **Linker-defined symbols** that objects may reference while undefined:
//!   data symbols `__heap_base` (first free byte after data and stack,
//!   16-aligned) and `__data_end`; the function `__wasm_call_ctors`, which
//!   runs every `WASM_INIT_FUNCS` entry in priority order (lowest first) and
//!   must be called explicitly by the program when linking with
//!   `--no-entry`; the global `__stack_pointer` (the Rust/C shadow stack,
//!   `-z stack-size`); `__indirect_function_table`.
//! * **Debug info:** a staticlib built with debug info (the default for
//!   Rust's precompiled `core`) carries its DWARF into the output: ~590 KB
//!   of `.debug_*` sections for a 4 KB program. `strip_debug` removes them
//!   and keeps the name section.
//! * **Target features:** the output's allowed feature set is the union of
//!   the `+` features of all inputs. A `-feature` in one input and
//!   `+feature` in another is an error (`Target feature 'X' used in A is
//!   disallowed by B`); with `--features=...` given explicitly, a used
//!   feature outside the list is an error. Inputs that do not mention a
//!   feature are not affected. The Rust staticlib (rustc 1.95) declares
//!   `+bulk-memory +bulk-memory-opt +call-indirect-overlong +multivalue
//!   +mutable-globals +nontrapping-fptoint +reference-types +sign-ext`.

#![forbid(unsafe_code)]

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub mod symbols;

/// What to link and how. [`LinkOptions::new`] gives the defaults ahc uses:
/// `--gc-sections`, no entry point, lld's default memory layout.
#[derive(Clone, Debug)]
pub struct LinkOptions {
    /// Objects (`.o`) and archives (`.a`), in command-line order.
    pub inputs: Vec<PathBuf>,
    /// Where the linked module goes (only written on success).
    pub output: PathBuf,
    /// `--gc-sections` (true) / `--no-gc-sections` (false).
    pub gc_sections: bool,
    /// `--export=<sym>` each: exported, a GC root, an error if undefined.
    pub exports: Vec<String>,
    /// `--export-if-defined=<sym>` each: a GC root and exported when some
    /// input defines it, silently ignored otherwise (Asterius's
    /// `--extra-root-symbol`).
    pub extra_root_symbols: Vec<String>,
    /// `-u <sym>` each: must be resolved (pulls archive members) but is not
    /// a GC root.
    pub undefined: Vec<String>,
    /// `--entry=<sym>`; `None` passes `--no-entry`.
    pub entry: Option<String>,
    /// `-z stack-size=<n>`: size of the C/Rust shadow stack (lld default 64 KiB).
    pub stack_size: Option<u64>,
    /// `--initial-memory=<bytes>` (a multiple of 64 KiB).
    pub initial_memory: Option<u64>,
    /// `--max-memory=<bytes>` (a multiple of 64 KiB).
    pub max_memory: Option<u64>,
    /// `--import-memory`: import `env.memory` instead of defining it.
    pub import_memory: bool,
    /// `--export-table`: export the function table as
    /// `__indirect_function_table`.
    pub export_table: bool,
    /// `--growable-table`: allow the table to grow (no maximum).
    pub growable_table: bool,
    /// `--export-dynamic`: export every non-hidden defined symbol.
    pub export_dynamic: bool,
    /// `--allow-undefined`: undefined functions/globals become `env` imports
    /// instead of errors.
    pub allow_undefined: bool,
    /// `--strip-all`: no name section, no debug sections.
    pub strip: bool,
    /// `--strip-debug`: drop DWARF `.debug_*` sections (a staticlib built
    /// with debug info otherwise carries them into the output).
    pub strip_debug: bool,
    /// Demangle C++/Rust names in lld's messages (off: raw symbol names).
    pub demangle: bool,
    /// Appended verbatim after everything else.
    pub extra_args: Vec<String>,
    /// The linker binary; `None` searches (see the crate documentation).
    pub lld: Option<PathBuf>,
}

impl LinkOptions {
    /// Options with ahc's defaults for linking `inputs` into `output`.
    pub fn new(inputs: Vec<PathBuf>, output: impl Into<PathBuf>) -> Self {
        LinkOptions {
            inputs,
            output: output.into(),
            gc_sections: true,
            exports: Vec::new(),
            extra_root_symbols: Vec::new(),
            undefined: Vec::new(),
            entry: None,
            stack_size: None,
            initial_memory: None,
            max_memory: None,
            import_memory: false,
            export_table: false,
            growable_table: false,
            export_dynamic: false,
            allow_undefined: false,
            strip: false,
            strip_debug: false,
            demangle: false,
            extra_args: Vec::new(),
            lld: None,
        }
    }

    /// The arguments passed to the linker after `-flavor wasm`, writing to
    /// `out`.
    pub fn args(&self, out: &Path) -> Vec<String> {
        let mut a = Vec::new();
        a.push("--error-limit=0".to_string());
        if !self.demangle {
            a.push("--no-demangle".into());
        }
        a.push(
            if self.gc_sections {
                "--gc-sections"
            } else {
                "--no-gc-sections"
            }
            .into(),
        );
        match &self.entry {
            Some(e) => a.push(format!("--entry={e}")),
            None => a.push("--no-entry".into()),
        }
        for e in &self.exports {
            a.push(format!("--export={e}"));
        }
        for e in &self.extra_root_symbols {
            a.push(format!("--export-if-defined={e}"));
        }
        for u in &self.undefined {
            a.push(format!("--undefined={u}"));
        }
        if let Some(n) = self.stack_size {
            a.push("-z".into());
            a.push(format!("stack-size={n}"));
        }
        if let Some(n) = self.initial_memory {
            a.push(format!("--initial-memory={n}"));
        }
        if let Some(n) = self.max_memory {
            a.push(format!("--max-memory={n}"));
        }
        for (flag, on) in [
            ("--import-memory", self.import_memory),
            ("--export-table", self.export_table),
            ("--growable-table", self.growable_table),
            ("--export-dynamic", self.export_dynamic),
            ("--allow-undefined", self.allow_undefined),
            ("--strip-all", self.strip),
            ("--strip-debug", self.strip_debug && !self.strip),
        ] {
            if on {
                a.push(flag.into());
            }
        }
        a.push("-o".into());
        a.push(out.display().to_string());
        for i in &self.inputs {
            a.push(i.display().to_string());
        }
        a.extend(self.extra_args.iter().cloned());
        a
    }
}

/// A located linker binary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lld {
    pub path: PathBuf,
    /// `rust-lld`/`lld` need `-flavor wasm`; `wasm-ld` does not.
    pub needs_flavor: bool,
}

impl Lld {
    /// Uses `path` as the linker.
    pub fn at(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Lld {
            needs_flavor: !name.starts_with("wasm-ld"),
            path,
        }
    }

    fn command(&self) -> Command {
        let mut c = Command::new(&self.path);
        if self.needs_flavor {
            c.args(["-flavor", "wasm"]);
        }
        c
    }

    /// `lld --version`, e.g. `LLD 22.1.2 (...)`.
    pub fn version(&self) -> Result<String, LinkError> {
        let out = self
            .command()
            .arg("--version")
            .output()
            .map_err(|e| LinkError::io(format!("running {}", self.path.display()), e))?;
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }
}

/// Finds the linker: `explicit`, else `$AHC_LLD`, else the Rust sysroot's
/// `rust-lld`. The sysroot search runs `rustc` once per process.
pub fn find_lld(explicit: Option<&Path>) -> Result<Lld, LinkError> {
    if let Some(p) = explicit {
        return existing(p.to_path_buf());
    }
    if let Some(p) = std::env::var_os("AHC_LLD") {
        return existing(PathBuf::from(p));
    }
    static SYSROOT_LLD: OnceLock<Result<PathBuf, Vec<PathBuf>>> = OnceLock::new();
    match SYSROOT_LLD.get_or_init(sysroot_lld) {
        Ok(p) => Ok(Lld::at(p.clone())),
        Err(searched) => Err(LinkError::LinkerNotFound {
            searched: searched.clone(),
        }),
    }
}

fn existing(p: PathBuf) -> Result<Lld, LinkError> {
    if p.is_file() {
        Ok(Lld::at(p))
    } else {
        Err(LinkError::LinkerNotFound { searched: vec![p] })
    }
}

fn sysroot_lld() -> Result<PathBuf, Vec<PathBuf>> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let run = |arg: &str| -> Option<String> {
        let out = Command::new(&rustc).arg(arg).output().ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    };
    let Some(sysroot) = run("--print=sysroot") else {
        return Err(vec![PathBuf::from(rustc)]);
    };
    let rustlib = Path::new(sysroot.trim()).join("lib").join("rustlib");
    let host = run("-vV").and_then(|v| {
        v.lines()
            .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
    });
    let mut candidates = Vec::new();
    if let Some(h) = host {
        candidates.push(rustlib.join(h).join("bin").join("rust-lld"));
    }
    if let Ok(dir) = std::fs::read_dir(&rustlib) {
        let mut others: Vec<PathBuf> = dir
            .filter_map(|e| e.ok())
            .map(|e| e.path().join("bin").join("rust-lld"))
            .collect();
        others.sort();
        candidates.extend(others);
    }
    match candidates.iter().find(|p| p.is_file()) {
        Some(p) => Ok(p.clone()),
        None => Err(if candidates.is_empty() {
            vec![rustlib]
        } else {
            candidates
        }),
    }
}

/// One message from lld: `error:`/`warning:` line plus its `>>>` notes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The text after `error: ` / `warning: `.
    pub message: String,
    /// Following lines starting with `>>> `, without that prefix.
    pub notes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// An input as lld names it: a path, or a member of an archive.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct InputRef {
    pub path: PathBuf,
    /// `Some(member)` for `lib.a(member.o)`.
    pub member: Option<String>,
}

impl InputRef {
    fn parse(s: &str) -> InputRef {
        if let Some(open) = s.find('(') {
            if let Some(inner) = s[open + 1..].strip_suffix(')') {
                return InputRef {
                    path: PathBuf::from(&s[..open]),
                    member: Some(inner.to_string()),
                };
            }
        }
        InputRef {
            path: PathBuf::from(s),
            member: None,
        }
    }
}

impl fmt::Display for InputRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.member {
            Some(m) => write!(f, "{}({m})", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

/// `undefined symbol: <symbol>`, with every input that referenced it from
/// live code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UndefinedSymbol {
    pub symbol: String,
    pub referenced_by: Vec<InputRef>,
}

/// `duplicate symbol: <symbol>` with the defining inputs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DuplicateSymbol {
    pub symbol: String,
    pub defined_in: Vec<InputRef>,
}

/// lld's stderr, parsed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    pub all: Vec<Diagnostic>,
    pub undefined: Vec<UndefinedSymbol>,
    pub duplicates: Vec<DuplicateSymbol>,
}

impl Diagnostics {
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.all.iter().filter(|d| d.severity == Severity::Error)
    }
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.all.iter().filter(|d| d.severity == Severity::Warning)
    }
}

/// The text after `tag` in `tool: tag...` or `tag...`.
fn after_tag<'a>(line: &'a str, tag: &str) -> Option<&'a str> {
    if let Some(m) = line.strip_prefix(tag) {
        return Some(m);
    }
    let i = line.find(&format!(": {tag}"))?;
    Some(&line[i + 2 + tag.len()..])
}

/// Parses wasm-ld's stderr (`<tool>: error: ...` / `<tool>: warning: ...`
/// lines, `>>> ` note lines). Lines of another shape are kept as error
/// messages so nothing is lost.
pub fn parse_diagnostics(stderr: &str) -> Diagnostics {
    let mut d = Diagnostics::default();
    for line in stderr.lines() {
        if let Some(note) = line.strip_prefix(">>> ") {
            if let Some(last) = d.all.last_mut() {
                last.notes.push(note.to_string());
                continue;
            }
        }
        let (severity, message) = if let Some(m) = after_tag(line, "error: ") {
            (Severity::Error, m)
        } else if let Some(m) = after_tag(line, "warning: ") {
            (Severity::Warning, m)
        } else if line.trim().is_empty() {
            continue;
        } else {
            (Severity::Error, line)
        };
        d.all.push(Diagnostic {
            severity,
            message: message.to_string(),
            notes: Vec::new(),
        });
    }
    for diag in d.all.iter().filter(|x| x.severity == Severity::Error) {
        let m = &diag.message;
        if let Some(i) = m.find("undefined symbol: ") {
            let symbol = m[i + "undefined symbol: ".len()..].to_string();
            let file = m[..i].trim_end().trim_end_matches(':');
            let entry = match d.undefined.iter_mut().find(|u| u.symbol == symbol) {
                Some(e) => e,
                None => {
                    d.undefined.push(UndefinedSymbol {
                        symbol,
                        referenced_by: Vec::new(),
                    });
                    d.undefined.last_mut().expect("just pushed")
                }
            };
            if !file.is_empty() {
                let r = InputRef::parse(file);
                if !entry.referenced_by.contains(&r) {
                    entry.referenced_by.push(r);
                }
            }
        } else if let Some(sym) = m.strip_prefix("duplicate symbol: ") {
            d.duplicates.push(DuplicateSymbol {
                symbol: sym.to_string(),
                defined_in: diag
                    .notes
                    .iter()
                    .filter_map(|n| n.strip_prefix("defined in "))
                    .map(InputRef::parse)
                    .collect(),
            });
        }
    }
    d
}

/// What lld said when it failed.
#[derive(Clone, Debug)]
pub struct LinkFailure {
    /// Exit code (`None`: killed by a signal).
    pub status: Option<i32>,
    pub diagnostics: Diagnostics,
    /// lld's stderr, verbatim.
    pub stderr: String,
    /// The full command, for `--verbose-err`-style reporting.
    pub command: Vec<String>,
}

/// Why a link failed.
#[derive(Debug)]
pub enum LinkError {
    /// No linker binary; `searched` lists where we looked.
    LinkerNotFound { searched: Vec<PathBuf> },
    /// Running the linker or handling files failed.
    Io { context: String, source: io::Error },
    /// lld ran and failed.
    Failed(Box<LinkFailure>),
    /// lld claimed success but the output is not a readable module.
    BadOutput(String),
}

impl LinkError {
    fn io(context: impl Into<String>, source: io::Error) -> Self {
        LinkError::Io {
            context: context.into(),
            source,
        }
    }

    /// The undefined symbols, if this is a link failure.
    pub fn undefined_symbols(&self) -> &[UndefinedSymbol] {
        match self {
            LinkError::Failed(f) => &f.diagnostics.undefined,
            _ => &[],
        }
    }
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::LinkerNotFound { searched } => {
                write!(f, "rust-lld not found (set AHC_LLD); looked at:")?;
                for p in searched {
                    write!(f, " {}", p.display())?;
                }
                Ok(())
            }
            LinkError::Io { context, source } => write!(f, "{context}: {source}"),
            LinkError::Failed(failure) => {
                let LinkFailure {
                    status,
                    diagnostics,
                    stderr,
                    ..
                } = &**failure;
                match status {
                    Some(c) => write!(f, "wasm-ld failed (exit code {c})")?,
                    None => write!(f, "wasm-ld killed by a signal")?,
                }
                if !diagnostics.undefined.is_empty() {
                    write!(f, "; undefined symbols:")?;
                    for u in &diagnostics.undefined {
                        write!(f, "\n  {}", u.symbol)?;
                        for r in &u.referenced_by {
                            write!(f, " (referenced by {r})")?;
                        }
                    }
                }
                let others: Vec<_> = diagnostics
                    .errors()
                    .filter(|e| !e.message.contains("undefined symbol: "))
                    .collect();
                for e in others {
                    write!(f, "\n  error: {}", e.message)?;
                    for n in &e.notes {
                        write!(f, "\n    >>> {n}")?;
                    }
                }
                if diagnostics.all.is_empty() && !stderr.trim().is_empty() {
                    write!(f, "\n{}", stderr.trim_end())?;
                }
                Ok(())
            }
            LinkError::BadOutput(e) => write!(f, "linker output is not valid wasm: {e}"),
        }
    }
}

impl std::error::Error for LinkError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LinkError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Sizes of the linked module, read back with wasmparser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SectionSizes {
    /// Payload bytes of the code section.
    pub code_bytes: u64,
    /// Payload bytes of the data section (headers included).
    pub data_bytes: u64,
    /// Defined functions.
    pub functions: u32,
    pub imported_functions: u32,
    pub globals: u32,
    pub exports: u32,
    /// `(module, name)` of every import, e.g. the WASI functions the host
    /// must provide.
    pub imports: Vec<(String, String)>,
    /// Names of all exports.
    pub export_names: Vec<String>,
    /// Output data segments `(name, bytes)`; names from the name section
    /// (`.rodata`, `.data`, …) or `#<index>` when stripped.
    pub data_segments: Vec<(String, u64)>,
    /// Every section `(name, payload bytes)` in file order; custom sections
    /// by their own name.
    pub sections: Vec<(String, u64)>,
}

/// What a successful link produced.
#[derive(Clone, Debug)]
pub struct LinkReport {
    pub output: PathBuf,
    /// Size of the output file in bytes.
    pub size: u64,
    /// Wall time of the lld run.
    pub duration: Duration,
    pub sizes: SectionSizes,
    /// lld's warnings (e.g. function signature mismatches).
    pub warnings: Vec<Diagnostic>,
    pub command: Vec<String>,
}

impl fmt::Display for LinkReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} bytes ({} code, {} data; {} functions) in {:.1} ms",
            self.output.display(),
            self.size,
            self.sizes.code_bytes,
            self.sizes.data_bytes,
            self.sizes.functions,
            self.duration.as_secs_f64() * 1e3
        )
    }
}

/// Reads the section breakdown of a module.
pub fn section_sizes(wasm: &[u8]) -> Result<SectionSizes, String> {
    use wasmparser::{KnownCustom, Name, Parser, Payload};
    let mut s = SectionSizes::default();
    let mut segment_sizes: Vec<u64> = Vec::new();
    let mut segment_names: Vec<Option<String>> = Vec::new();
    for p in Parser::new(0).parse_all(wasm) {
        let p = p.map_err(|e| e.to_string())?;
        let (name, range): (String, Option<std::ops::Range<u64>>) = match &p {
            Payload::TypeSection(r) => ("type".into(), Some(r.range())),
            Payload::ImportSection(r) => {
                for imp in r.clone().into_imports() {
                    let imp = imp.map_err(|e| e.to_string())?;
                    if let wasmparser::TypeRef::Func(_) = imp.ty {
                        s.imported_functions += 1;
                    }
                    s.imports
                        .push((imp.module.to_string(), imp.name.to_string()));
                }
                ("import".into(), Some(r.range()))
            }
            Payload::FunctionSection(r) => {
                s.functions = r.count();
                ("function".into(), Some(r.range()))
            }
            Payload::TableSection(r) => ("table".into(), Some(r.range())),
            Payload::MemorySection(r) => ("memory".into(), Some(r.range())),
            Payload::GlobalSection(r) => {
                s.globals = r.count();
                ("global".into(), Some(r.range()))
            }
            Payload::ExportSection(r) => {
                s.exports = r.count();
                for e in r.clone() {
                    s.export_names
                        .push(e.map_err(|e| e.to_string())?.name.to_string());
                }
                ("export".into(), Some(r.range()))
            }
            Payload::StartSection { range, .. } => ("start".into(), Some(range.clone())),
            Payload::ElementSection(r) => ("element".into(), Some(r.range())),
            Payload::DataCountSection { range, .. } => ("datacount".into(), Some(range.clone())),
            Payload::CodeSectionStart { size, .. } => {
                s.code_bytes = u64::from(*size);
                s.sections.push(("code".into(), u64::from(*size)));
                (String::new(), None)
            }
            Payload::DataSection(r) => {
                s.data_bytes = r.range().end - r.range().start;
                for d in r.clone() {
                    segment_sizes.push(d.map_err(|e| e.to_string())?.data.len() as u64);
                }
                ("data".into(), Some(r.range()))
            }
            Payload::CustomSection(c) => {
                if let KnownCustom::Name(names) = c.as_known() {
                    for n in names {
                        if let Ok(Name::Data(map)) = n {
                            for naming in map.into_iter().flatten() {
                                let i = naming.index as usize;
                                if segment_names.len() <= i {
                                    segment_names.resize(i + 1, None);
                                }
                                segment_names[i] = Some(naming.name.to_string());
                            }
                        }
                    }
                }
                (c.name().to_string(), Some(c.range()))
            }
            _ => (String::new(), None),
        };
        if let Some(r) = range {
            s.sections.push((name, r.end - r.start));
        }
    }
    s.data_segments = segment_sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let name = segment_names
                .get(i)
                .cloned()
                .flatten()
                .unwrap_or_else(|| format!("#{i}"));
            (name, n)
        })
        .collect();
    Ok(s)
}

fn temp_output(output: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out.wasm".into());
    let tmp = format!(".{name}.ahc-link-{}-{n}.tmp", std::process::id());
    match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.join(tmp),
        _ => PathBuf::from(tmp),
    }
}

/// Quotes an argument for an lld response file (GNU tokenizer rules).
fn rsp_quote(arg: &str) -> String {
    let mut s = String::with_capacity(arg.len() + 2);
    s.push('"');
    for c in arg.chars() {
        if c == '"' || c == '\\' {
            s.push('\\');
        }
        s.push(c);
    }
    s.push('"');
    s
}

/// Command lines longer than this go through an `@response` file.
const RSP_THRESHOLD: usize = 32 * 1024;

/// Links; see [`LinkOptions`]. On success the output exists and the report
/// describes it; on failure the output path is untouched.
pub fn link(opts: &LinkOptions) -> Result<LinkReport, LinkError> {
    let lld = find_lld(opts.lld.as_deref())?;
    let tmp = temp_output(&opts.output);
    let args = opts.args(&tmp);
    let mut command: Vec<String> = vec![lld.path.display().to_string()];
    if lld.needs_flavor {
        command.extend(["-flavor".to_string(), "wasm".to_string()]);
    }
    command.extend(args.iter().cloned());

    let mut cmd = lld.command();
    let total: usize = args.iter().map(|a| a.len() + 1).sum();
    let rsp = if total > RSP_THRESHOLD {
        let rsp = tmp.with_extension("rsp");
        let text: Vec<String> = args.iter().map(|a| rsp_quote(a)).collect();
        std::fs::write(&rsp, text.join("\n"))
            .map_err(|e| LinkError::io(format!("writing {}", rsp.display()), e))?;
        cmd.arg(format!("@{}", rsp.display()));
        Some(rsp)
    } else {
        cmd.args(&args);
        None
    };

    let start = Instant::now();
    let out = cmd.output();
    let duration = start.elapsed();
    if let Some(rsp) = &rsp {
        let _ = std::fs::remove_file(rsp);
    }
    let out = out.map_err(|e| LinkError::io(format!("running {}", lld.path.display()), e))?;
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let diagnostics = parse_diagnostics(&stderr);

    let cleanup = || {
        let _ = std::fs::remove_file(&tmp);
    };
    if !out.status.success() {
        cleanup();
        return Err(LinkError::Failed(Box::new(LinkFailure {
            status: out.status.code(),
            diagnostics,
            stderr,
            command,
        })));
    }
    let bytes = match std::fs::read(&tmp) {
        Ok(b) => b,
        Err(e) => {
            cleanup();
            return Err(LinkError::io(format!("reading {}", tmp.display()), e));
        }
    };
    let sizes = match section_sizes(&bytes) {
        Ok(s) => s,
        Err(e) => {
            cleanup();
            return Err(LinkError::BadOutput(e));
        }
    };
    if let Err(e) = std::fs::rename(&tmp, &opts.output) {
        cleanup();
        return Err(LinkError::io(
            format!("renaming {} to {}", tmp.display(), opts.output.display()),
            e,
        ));
    }
    Ok(LinkReport {
        output: opts.output.clone(),
        size: bytes.len() as u64,
        duration,
        sizes,
        warnings: diagnostics.warnings().cloned().collect(),
        command,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lld_stderr() {
        let stderr = "\
rust-lld: error: /tmp/a.o: undefined symbol: Hp
rust-lld: error: /tmp/a.o: undefined symbol: Hp
rust-lld: error: /x/libfoo.a(foo.o): undefined symbol: Hp
rust-lld: error: /tmp/b.o: undefined symbol: base_GHCziBase_zpzp_closure
rust-lld: error: duplicate symbol: main
>>> defined in /tmp/a.o
>>> defined in /tmp/b.o
rust-lld: warning: function signature mismatch: f
>>> defined as (i32) -> void in /tmp/a.o
>>> defined as (i64) -> void in /tmp/b.o
rust-lld: error: entry symbol not defined (pass --no-entry to suppress): _start
";
        let d = parse_diagnostics(stderr);
        assert_eq!(d.all.len(), 7);
        assert_eq!(
            d.undefined,
            vec![
                UndefinedSymbol {
                    symbol: "Hp".into(),
                    referenced_by: vec![
                        InputRef {
                            path: "/tmp/a.o".into(),
                            member: None
                        },
                        InputRef {
                            path: "/x/libfoo.a".into(),
                            member: Some("foo.o".into())
                        }
                    ]
                },
                UndefinedSymbol {
                    symbol: "base_GHCziBase_zpzp_closure".into(),
                    referenced_by: vec![InputRef {
                        path: "/tmp/b.o".into(),
                        member: None
                    }]
                }
            ]
        );
        assert_eq!(d.duplicates.len(), 1);
        assert_eq!(d.duplicates[0].defined_in.len(), 2);
        assert_eq!(d.warnings().count(), 1);
        assert_eq!(d.warnings().next().unwrap().notes.len(), 2);
    }

    #[test]
    fn args_shape() {
        let mut o = LinkOptions::new(vec!["a.o".into(), "librts.a".into()], "out.wasm");
        o.exports.push("main".into());
        o.stack_size = Some(1 << 20);
        let a = o.args(Path::new("tmp.wasm"));
        assert!(a.contains(&"--gc-sections".to_string()));
        assert!(a.contains(&"--no-entry".to_string()));
        assert!(a.contains(&"--export=main".to_string()));
        assert!(a.contains(&"stack-size=1048576".to_string()));
        assert_eq!(&a[a.len() - 4..], ["-o", "tmp.wasm", "a.o", "librts.a"]);
    }

    #[test]
    fn quoting() {
        assert_eq!(rsp_quote(r#"a b"c\d"#), r#""a b\"c\\d""#);
    }
}
