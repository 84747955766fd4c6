//! End-to-end differential tests: every program in `tests/programs/` is compiled by native GHC
//! (its C calls served by `tests/support/native_io.c`) and by `ahc-link`, then run natively, in
//! node (`node X.mjs`) and in the embedded runner (`ahc run X.wasm`); stdout, stderr and the
//! exit code must be identical. Bad input must give GHC's located message, a non-zero exit and
//! no output files.
//!
//! Needs what `scripts/setup.sh` installs (GHC 9.0.2, node ≥ 20, the boot, the wasm32 runtime).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("e2e")
        .join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[derive(Debug, PartialEq)]
struct Outcome {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

fn outcome(o: Output) -> Outcome {
    Outcome {
        stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        code: o.status.code(),
    }
}

/// The program's Main file and its source directory (`errors/x` names tests/errors/x.hs).
fn program(name: &str) -> (PathBuf, PathBuf) {
    if let Some(e) = name.strip_prefix("errors/") {
        let dir = repo().join("tests/errors");
        return (dir.join(format!("{e}.hs")), dir);
    }
    let base = repo().join("tests/programs");
    let dir = base.join(name);
    if dir.is_dir() {
        (dir.join("Main.hs"), dir)
    } else {
        (base.join(format!("{name}.hs")), base)
    }
}

/// Builds and runs the program with native GHC. `raw_main`: run `Main.main` without base's top
/// handler (tests/support/raw_main.c), as an ahc program runs.
fn native(name: &str, work: &Path, raw_main: bool) -> Outcome {
    let (main, dir) = program(name);
    let exe = work.join("native").join(base_name(name));
    std::fs::create_dir_all(exe.parent().unwrap()).unwrap();
    // GHC writes the C file's object next to it: give each test its own copy.
    let c_file = work.join("native_io.c");
    std::fs::copy(repo().join("tests/support/native_io.c"), &c_file).unwrap();
    let out = Command::new("ghc")
        .args(["-v0", "-O", "-rtsopts"])
        .arg(format!("-i{}", dir.display()))
        .arg("-outputdir")
        .arg(work.join("native-build"))
        .arg("-o")
        .arg(&exe)
        .arg(&main)
        .arg(&c_file)
        .args(if raw_main {
            // Like native_io.c, a private copy: GHC writes the object next to the source.
            let raw = work.join("raw_main.c");
            std::fs::copy(repo().join("tests/support/raw_main.c"), &raw).unwrap();
            vec!["-no-hs-main".into(), raw.display().to_string()]
        } else {
            vec![]
        })
        .output()
        .expect("run ghc");
    assert!(
        out.status.success(),
        "native ghc failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    outcome(Command::new(&exe).output().unwrap())
}

fn ahc_link(main: &Path, out_dir: &Path, prefix: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ahc-link"))
        .arg("--input-hs")
        .arg(main)
        .arg("--output-directory")
        .arg(out_dir)
        .arg("--output-prefix")
        .arg(prefix)
        .output()
        .unwrap()
}

fn base_name(name: &str) -> &str {
    name.rsplit('/').next().unwrap()
}

/// Compiles the program with ahc (extra `ahc-link` flags in `flags`) and runs it in node and in
/// the embedded runner.
fn run_ahc(name: &str, work: &Path, flags: &[&str]) -> [Outcome; 2] {
    let (main, _) = program(name);
    let prog = base_name(name);
    let out_dir = work.join("ahc");
    let link = Command::new(env!("CARGO_BIN_EXE_ahc-link"))
        .arg("--input-hs")
        .arg(&main)
        .arg("--output-directory")
        .arg(&out_dir)
        .arg("--output-prefix")
        .arg(prog)
        .args(flags)
        .output()
        .unwrap();
    assert!(
        link.status.success(),
        "ahc-link failed for {name}:\n{}",
        String::from_utf8_lossy(&link.stderr)
    );
    let node = outcome(
        Command::new("node")
            .arg(out_dir.join(format!("{prog}.mjs")))
            .output()
            .unwrap(),
    );
    let runner = outcome(
        Command::new(env!("CARGO_BIN_EXE_ahc"))
            .arg("run")
            .arg(out_dir.join(format!("{prog}.wasm")))
            .output()
            .unwrap(),
    );
    [node, runner]
}

fn differential_with(name: &str, raw_main: bool, flags: &[&str]) {
    let work = scratch(&format!("{}{}", name.replace('/', "-"), flags.join("")));
    let expected = native(name, &work, raw_main);
    let [node, runner] = run_ahc(name, &work, flags);
    assert_eq!(node, expected, "{name}: node differs from native GHC");
    assert_eq!(
        runner, expected,
        "{name}: the embedded runner differs from native GHC"
    );
}

fn differential(name: &str) {
    differential_with(name, false, &[]);
}

macro_rules! differential_tests {
    ($($name:ident => $prog:literal),* $(,)?) => {
        $(#[test] fn $name() { differential($prog); })*
        const PROGRAMS: &[&str] = &[$($prog),*];
    };
}

differential_tests! {
    fib => "fib",
    arith => "arith",
    data_types => "data",
    mutual_recursion => "mutual",
    deep_tail_recursion => "loop",
    multi_module => "multi",
    laziness => "lazy",
    knot_tying => "knot",
    sharing => "sharing",
    paps_and_unknown_calls => "paps",
    exceptions => "exceptions",
    masking => "masking",
    deep_recursion => "deep_recursion",
    big_arrays => "big_arrays",
    gc_stress => "gc_stress",
    prim_addr => "prim_addr",
    prim_array => "prim_array",
    prim_bits => "prim_bits",
    prim_bytearray => "prim_bytearray",
    prim_char => "prim_char",
    prim_double => "prim_double",
    prim_float => "prim_float",
    prim_int => "prim_int",
    prim_misc => "prim_misc",
    prim_mutvar => "prim_mutvar",
    prim_smallarray => "prim_smallarray",
    prim_word => "prim_word",
    primops_int => "primops_int",
    primops_bytearray => "primops_bytearray",
    primops_array => "primops_array",
    primops_float => "primops_float",
    keep_alive => "keep_alive",
}

/// `--yolo` (never collect) and a tiny `--gc-threshold` (collect very often) change nothing.
#[test]
fn yolo_never_collects() {
    differential_with("lazy", false, &["--yolo"]);
}

#[test]
fn tiny_gc_threshold() {
    differential_with("big_arrays", false, &["--gc-threshold=1"]);
}

/// `--debug` (every memory access checked) changes nothing in a correct program.
#[test]
fn debug_mode_laziness() {
    differential_with("lazy", false, &["--debug"]);
}

#[test]
fn debug_mode_exceptions() {
    differential_with("exceptions", false, &["--debug"]);
}

#[test]
fn debug_mode_arrays() {
    differential_with("prim_array", false, &["--debug"]);
}

/// Uncaught exceptions end the program as GHC's RTS ends a main thread killed by one (the
/// native build runs `Main.main` without base's handler, as ahc does).
#[test]
fn uncaught_exception_in_io() {
    differential_with("errors/uncaught_io", false, &[]);
}

#[test]
fn uncaught_exception_in_pure_code() {
    differential_with("errors/uncaught_pure", false, &[]);
}

#[test]
fn uncaught_rethrown_exception() {
    differential_with("errors/uncaught_rethrow", false, &[]);
}

/// Not differential: the limits differ (see tests/errors/README.md).
#[test]
fn stack_overflow() {
    let work = scratch("stack_overflow");
    for o in run_ahc("errors/stack_overflow", &work, &[]) {
        assert_eq!(o.code, Some(2), "{o:?}");
        assert_eq!(o.stdout, "1\n");
        let lines: Vec<&str> = o.stderr.lines().collect();
        assert_eq!(lines.len(), 2, "{o:?}");
        assert!(
            lines[0].starts_with("stack_overflow: Stack space overflow: current size "),
            "{o:?}"
        );
        assert_eq!(
            lines[1],
            "stack_overflow: Relink with -rtsopts and use `+RTS -Ksize -RTS' to increase it."
        );
    }
}

#[test]
fn heap_overflow() {
    let work = scratch("heap_overflow");
    for o in run_ahc("errors/heap_overflow", &work, &[]) {
        assert_eq!(o.code, Some(251), "{o:?}");
        assert_eq!(o.stdout, "1\n");
        let lines = o.stderr.lines().count();
        if o.stderr.starts_with("heap_overflow: Heap exhausted;") {
            assert_eq!(lines, 3, "{o:?}");
        } else {
            assert!(
                o.stderr
                    .starts_with("heap_overflow: out of memory (requested "),
                "{o:?}"
            );
            assert_eq!(lines, 1, "{o:?}");
        }
    }
}

/// Every program in tests/programs has a test above.
#[test]
fn every_program_is_tested() {
    let mut found = Vec::new();
    for e in std::fs::read_dir(repo().join("tests/programs")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        if p.is_dir() || p.extension().is_some_and(|x| x == "hs") {
            found.push(name);
        }
    }
    for n in &found {
        assert!(
            PROGRAMS.contains(&n.as_str()),
            "tests/programs/{n} has no differential test"
        );
    }
}

/// A failing `ahc-link`: non-zero exit, a message matching `needle`, no output files.
fn expect_failure(main: &Path, needle: &str) -> String {
    let work = scratch(&format!(
        "fail-{}",
        main.file_stem().unwrap().to_string_lossy()
    ));
    let out_dir = work.join("out");
    let o = ahc_link(main, &out_dir, "prog");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!o.status.success(), "expected failure, got success");
    assert!(stderr.contains(needle), "expected {needle:?} in:\n{stderr}");
    let left: Vec<_> = std::fs::read_dir(&out_dir)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "output files left behind: {left:?}");
    stderr
}

#[test]
fn missing_file() {
    let work = scratch("missing");
    expect_failure(&work.join("nope.hs"), "nope.hs: no such file");
}

#[test]
fn syntax_error() {
    let work = scratch("syntax");
    let f = work.join("Syntax.hs");
    std::fs::write(&f, "module Main (main) where\nmain = = 1\n").unwrap();
    expect_failure(&f, "Syntax.hs:2:8: error");
}

#[test]
fn type_error() {
    let work = scratch("types");
    let f = work.join("Types.hs");
    std::fs::write(
        &f,
        "{-# LANGUAGE NoImplicitPrelude #-}\nmodule Main (main) where\nimport GHC.Types\nmain :: IO ()\nmain = 'x'\n",
    )
    .unwrap();
    expect_failure(&f, "Types.hs:5:8: error");
}

#[test]
fn unsupported_construct_is_a_compile_time_error() {
    let work = scratch("unsupported");
    let f = work.join("Unsup.hs");
    std::fs::write(
        &f,
        "{-# LANGUAGE MagicHash, UnboxedTuples, NoImplicitPrelude #-}\nmodule Main (main) where\n\
         import GHC.Types\nimport GHC.Prim\n\
         main :: IO ()\nmain = IO (\\s -> case compactNew# 4096## s of (# s1, _ #) -> (# s1, () #))\n",
    )
    .unwrap();
    let err = expect_failure(&f, "unsupported: primop compactNew#");
    assert!(
        err.contains("Main.main"),
        "the message names the binding:\n{err}"
    );
}

/// A C function nobody provides: a link-time error naming it and the module that imports it.
#[test]
fn unknown_c_function_is_a_link_error() {
    let (main, _) = program("errors/unknown_c_function");
    let err = expect_failure(
        &main,
        "ahc: error: C function `nosuchfn` is not provided by the ahc runtime (imported by module Main)",
    );
    assert!(
        !err.contains("undefined symbol"),
        "lld's raw message leaked through:\n{err}"
    );
}

/// `--verbose-err` keeps the name section (traps name functions); without it the output has none.
#[test]
fn verbose_err_keeps_function_names() {
    let work = scratch("verbose-err");
    let (main, _) = program("fib");
    let names = |flags: &[&str], dir: &str| {
        let out_dir = work.join(dir);
        let o = Command::new(env!("CARGO_BIN_EXE_ahc-link"))
            .arg("--input-hs")
            .arg(&main)
            .arg("--output-directory")
            .arg(&out_dir)
            .args(flags)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let wasm = std::fs::read(out_dir.join("fib.wasm")).unwrap();
        let sizes = ahc_link::section_sizes(&wasm).unwrap();
        sizes.sections.iter().any(|(n, _)| n == "name")
    };
    assert!(names(&["--verbose-err"], "verbose"));
    assert!(!names(&[], "plain"));
}

/// Flags ahc accepts for Asterius compatibility but does not implement are errors naming them.
#[test]
fn unimplemented_flags_are_errors() {
    let (main, _) = program("fib");
    for (flag, name) in [
        ("--optimize-level=2", "--optimize-level"),
        ("--shrink-level=1", "--shrink-level"),
        ("--console-history=10", "--console-history"),
        ("--browser", "--browser"),
        ("--bundle", "--bundle"),
        ("--no-main", "--no-main"),
    ] {
        let work = scratch(&format!("flag{name}"));
        let o = Command::new(env!("CARGO_BIN_EXE_ahc-link"))
            .arg("--input-hs")
            .arg(&main)
            .arg("--output-directory")
            .arg(work.join("out"))
            .arg(flag)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(!o.status.success(), "{flag} was accepted");
        assert!(
            stderr.contains(&format!("ahc: error: {name} is not supported")),
            "{flag}: {stderr}"
        );
        assert!(
            !work.join("out").exists()
                || std::fs::read_dir(work.join("out"))
                    .unwrap()
                    .next()
                    .is_none()
        );
    }
}
