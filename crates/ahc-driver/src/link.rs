//! `ahc-link`: compile a Haskell program and link it to `X.wasm` plus its JS entry files.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::cache::{self, TempDir};
use crate::cli::LinkArgs;
use crate::{boot, err, toolchain, Error, Result, ALREADY_REPORTED};

/// Wall-clock time of each stage, printed with `AHC_TIMINGS=1` (used by `bench/`).
struct Timings(Vec<(&'static str, f64)>, Instant);

impl Timings {
    fn new() -> Self {
        Timings(Vec::new(), Instant::now())
    }
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.0.push((stage, (now - self.1).as_secs_f64()));
        self.1 = now;
    }
    fn print(&self) {
        if std::env::var_os("AHC_TIMINGS").is_some() {
            for (s, t) in &self.0 {
                eprintln!("ahc-timing {s} {t:.3}");
            }
        }
    }
}

fn unsupported_flag(on: bool, flag: &str) -> Result<()> {
    if on {
        return err(format!("{flag} is not supported yet"));
    }
    Ok(())
}

pub fn link(a: &LinkArgs) -> Result<i32> {
    unsupported_flag(a.input_mjs.is_some(), "--input-mjs")?;
    unsupported_flag(a.browser, "--browser")?;
    unsupported_flag(a.bundle, "--bundle")?;
    unsupported_flag(a.no_main, "--no-main")?;
    unsupported_flag(!a.export_function.is_empty(), "--export-function")?;
    unsupported_flag(a.optimize_level.is_some(), "--optimize-level")?;
    unsupported_flag(a.shrink_level.is_some(), "--shrink-level")?;
    unsupported_flag(a.console_history.is_some(), "--console-history")?;

    let mut t = Timings::new();
    let input = &a.input_hs;
    if !input.is_file() {
        return err(format!("{}: no such file", input.display()));
    }
    let out_dir = match &a.output_directory {
        Some(d) => d.clone(),
        None => input.parent().map(Path::to_path_buf).unwrap_or_default(),
    };
    let out_dir = if out_dir.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        out_dir
    };
    let prefix = match &a.output_prefix {
        Some(p) => p.clone(),
        None => input
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .ok_or_else(|| Error(format!("{}: not a file name", input.display())))?,
    };

    let home = cache::ahc_home()?;
    let ghc = toolchain::host_ghc();
    let boot = boot::locate(&home, &ghc)?;
    let shim = toolchain::ensure_ahc_ghc(&home, &ghc)?;
    let rts = toolchain::rts_lib()?;
    t.lap("setup");

    std::fs::create_dir_all(&out_dir).map_err(|e| Error(format!("{}: {e}", out_dir.display())))?;
    let work = TempDir(cache::temp_dir_for(&out_dir.join(&prefix))?);
    let stg_dir = work.0.join("stg");

    // 1. Frontend: GHC through ahc-ghc, writing each module's STG.
    let mut cmd = Command::new(&shim);
    cmd.arg("--stg-dir").arg(&stg_dir);
    if !boot.has_base {
        cmd.arg("--no-root-main");
    }
    cmd.args([
        "-clear-package-db",
        "-hide-all-packages",
        "-package-env",
        "-",
    ])
    .arg("-package-db")
    .arg(&boot.package_db);
    for p in &boot.units {
        cmd.arg("-package").arg(p);
    }
    // -v0: no progress lines (they would name our temporary directory); warnings and errors
    // still appear, and `--ghc-option=-v1` brings the progress back.
    cmd.arg("-outputdir")
        .arg(work.0.join("ghc"))
        .args(["-O", "-v0"]);
    if let Some(dir) = input.parent().filter(|d| !d.as_os_str().is_empty()) {
        cmd.arg(format!("-i{}", dir.display()));
    }
    cmd.args(&a.ghc_option).arg(input);
    let status = cmd
        .status()
        .map_err(|e| Error(format!("cannot run {}: {e}", shim.display())))?;
    if !status.success() {
        return Err(Error(ALREADY_REPORTED.into()));
    }
    t.lap("frontend");

    // 2. Code generation of the program's own modules.
    let opts = ahc_codegen::Options { debug: a.debug };
    let mut objects = Vec::new();
    let mut problems = Vec::new();
    let mut main_entry = None;
    for stg in find_files(&stg_dir, "stg")? {
        let m = crate::cli::read_stg(&stg)?;
        if a.output_ir {
            let txt = out_dir.join(format!("{prefix}.{}.stg.txt", m.this.name));
            cache::write_atomic(&txt, m.to_string().as_bytes())?;
        }
        if m.this.name == "Main" {
            main_entry = Some(main_closure(&m)?);
        }
        let c = ahc_codegen::compile_module(&m, &opts).map_err(|e| Error(e.to_string()))?;
        for u in c.unsupported {
            problems.push(format!("{}: {u}", m.this.name));
        }
        let obj = work.0.join(format!("{}.o", m.this.name));
        std::fs::write(&obj, &c.object)?;
        objects.push(obj);
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("ahc: error: {p}");
        }
        return Err(Error(ALREADY_REPORTED.into()));
    }
    let mut main_entry =
        main_entry.ok_or_else(|| Error("the program has no Main module".into()))?;
    main_entry.gc_threshold = a.gc_threshold.map_or(0, |mb| mb.saturating_mul(1 << 20));
    main_entry.yolo = a.yolo;
    main_entry.debug = a.debug;
    if boot.has_base {
        main_entry.flush_closure = Some("base_GHCziTopHandler_flushStdHandles_closure".to_string());
        main_entry.exceptions = Some(ahc_codegen::RuntimeExceptions::base());
    }
    let glue = work.0.join("glue.o");
    std::fs::write(
        &glue,
        ahc_codegen::glue_object(&main_entry).map_err(|e| Error(format!("{e:?}")))?,
    )?;
    objects.push(glue);
    t.lap("codegen");

    // 3. Library objects (compiled once per boot and ahc build, cached).
    let libs = boot::library_objects(&home, &boot, &opts)?;
    objects.extend(libs.objects.iter().cloned());
    objects.push(rts);
    // Developer aid: extra objects or archives to link (e.g. a runtime piece under test).
    if let Some(extra) = std::env::var_os("AHC_LINK_EXTRA") {
        objects.extend(std::env::split_paths(&extra));
    }
    t.lap("libraries");

    // 4. Link.
    let wasm_tmp = work.0.join(format!("{prefix}.wasm"));
    let mut opts = ahc_link::LinkOptions::new(objects, wasm_tmp.clone());
    opts.gc_sections = !a.no_gc_sections;
    opts.entry = Some("_start".into());
    opts.extra_root_symbols = a.extra_root_symbol.clone();
    opts.strip_debug = true;
    // The name section is for debugging; --debug and --verbose-err keep it.
    opts.strip = !a.debug && !a.verbose_err && std::env::var_os("AHC_KEEP_NAMES").is_none();
    // A signature mismatch would become a trapping stub: never let it pass.
    opts.extra_args.push("--fatal-warnings".into());
    // Objects pad every relocated index and address to a 5-byte LEB; re-encode them at their
    // real width (hello world: code 744 KB -> 523 KB, same link time). Needs no DWARF in the
    // output, which `strip_debug` guarantees.
    opts.extra_args.push("--compress-relocations".into());
    let report = match ahc_link::link(&opts) {
        Ok(r) => r,
        Err(e) => {
            if a.verbose_err {
                if let ahc_link::LinkError::Failed(f) = &e {
                    eprintln!("ahc: rust-lld command: {}", f.command.join(" "));
                    eprint!("{}", f.stderr);
                }
            }
            return Err(explain_link_error(e, &libs.missing));
        }
    };
    t.lap("link");

    // 5. JS entry files, then move everything into place.
    let info = ahc_js::ProgramInfo {
        prog_name: prefix.clone(),
        wasm_file: format!("{prefix}.wasm"),
    };
    ahc_js::emit(&work.0, &prefix, &info)?;
    let mut produced = Vec::new();
    for entry in std::fs::read_dir(&work.0)? {
        let p = entry?.path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if p.is_file() && (name.ends_with(".mjs") || name == format!("{prefix}.wasm")) {
            produced.push((p, out_dir.join(&name)));
        }
    }
    for (from, to) in &produced {
        std::fs::rename(from, to).map_err(|e| Error(format!("{}: {e}", to.display())))?;
    }
    t.lap("emit");
    if std::env::var_os("AHC_TIMINGS").is_some() {
        eprintln!("ahc-size {}", report.size);
    }
    t.print();

    if a.run {
        let entry = out_dir.join(format!("{prefix}.mjs"));
        let status = Command::new("node")
            .arg(&entry)
            .status()
            .map_err(|e| Error(format!("cannot run node: {e}")))?;
        return Ok(status.code().unwrap_or(1));
    }
    Ok(0)
}

/// `main`'s static closure in the Main module's STG: GHC's `:Main.main` (`runMainIO main`)
/// when base is there, else `Main.main`.
fn main_closure(m: &ahc_stg::Module) -> Result<ahc_codegen::ProgramEntry> {
    let mut found = None;
    for b in &m.bindings {
        if let ahc_stg::TopBinding::Lifted(b) = b {
            for (id, rhs) in b.pairs() {
                let info = m.id(id);
                let module = info.name.module.as_ref().map(|mm| mm.name.as_str());
                if info.name.occ == "main" && matches!(module, Some("Main" | ":Main")) {
                    let arity = match rhs {
                        ahc_stg::Rhs::Closure { args, .. } => args.len() as u32,
                        ahc_stg::Rhs::Con { .. } => 0,
                    };
                    let base = ahc_codegen::names::id_base(&m.this, info);
                    let e = ahc_codegen::ProgramEntry {
                        main_closure: ahc_codegen::names::closure(&base),
                        main_tag: ahc_abi::fun_tag_bits(arity),
                        ..Default::default()
                    };
                    if module == Some(":Main") || found.is_none() {
                        found = Some(e);
                    }
                }
            }
        }
    }
    found.ok_or_else(|| Error("The IO action `main' is not exported by module `Main'".into()))
}

/// Turns rust-lld's undefined-symbol errors into messages about Haskell bindings: C symbols
/// the runtime lacks (with the importing modules) are printed as errors of their own.
fn explain_link_error(e: ahc_link::LinkError, missing: &HashMap<String, String>) -> Error {
    let undefined = e.undefined_symbols();
    if let Some(c_msgs) = crate::csyms::explain_undefined(undefined) {
        for m in &c_msgs {
            eprintln!("ahc: error: {m}");
        }
    }
    let mut msgs = Vec::new();
    for u in undefined {
        if u.symbol.starts_with(ahc_abi::CCALL_PREFIX) {
            continue;
        }
        match missing.get(&u.symbol) {
            Some(why) => msgs.push(format!("needed but not compiled: {why}")),
            None => msgs.push(format!("undefined symbol: {}", u.symbol)),
        }
    }
    if msgs.is_empty() {
        if !undefined.is_empty() {
            return Error(ALREADY_REPORTED.into());
        }
        return Error(format!("linking failed: {e}"));
    }
    msgs.sort();
    msgs.dedup();
    Error(format!("linking failed:\n  {}", msgs.join("\n  ")))
}

fn find_files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d)? {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

pub(crate) fn find_stg_files(dir: &Path) -> Result<Vec<PathBuf>> {
    find_files(dir, "stg")
}

/// `ahc run X.wasm`: the embedded WASI runner.
pub fn run_embedded(wasm: &Path, args: &[String]) -> Result<i32> {
    let bytes = std::fs::read(wasm).map_err(|e| Error(format!("{}: {e}", wasm.display())))?;
    let mut argv = vec![wasm
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()];
    argv.extend(args.iter().cloned());
    ahc_runner::run_wasi(&bytes, &argv).map_err(|e| Error(e.to_string()))
}
