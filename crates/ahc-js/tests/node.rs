//! `rts.mjs` under node: a hand-written WASI command run through the generated `X.mjs`.
//!
//! Skipped (with a message) when `node` is not on the PATH.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A WASI command: writes its argv buffer and "out\n" to stdout, "err\n" to stderr, reads stdin
/// and echoes it, then exits with code 3 — or traps, if its first argument is "trap".
const PROGRAM: &str = r#"
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "out\n")
  (data (i32.const 24) "err\n")
  ;; iovec at 0: (ptr, len); nwritten at 8; argc at 32, argv size at 36; argv at 64; buf at 512
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (drop (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (local $n i32)
    (drop (call $args_sizes_get (i32.const 32) (i32.const 36)))
    (drop (call $args_get (i32.const 64) (i32.const 512)))
    (call $write (i32.const 1) (i32.const 512) (i32.load (i32.const 36)))
    (call $write (i32.const 1) (i32.const 16) (i32.const 4))
    (call $write (i32.const 2) (i32.const 24) (i32.const 4))
    ;; the clock, random bytes and a missing import (ENOSYS stub) must all answer
    (if (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 40)) (then unreachable))
    (if (call $random_get (i32.const 48) (i32.const 8)) (then unreachable))
    ;; preopens 3 (".") and 4 ("/"), nothing at 5
    (if (call $fd_prestat_get (i32.const 3) (i32.const 40)) (then unreachable))
    (if (i32.ne (call $fd_prestat_get (i32.const 5) (i32.const 40)) (i32.const 8)) (then unreachable))
    (if (i32.ne (call $fd_readdir (i32.const 3) (i32.const 0) (i32.const 0) (i64.const 0) (i32.const 0)) (i32.const 52)) (then unreachable))
    ;; argv[1] == "trap"?
    (if (i32.and (i32.gt_u (i32.load (i32.const 32)) (i32.const 1))
                 (i32.eq (i32.load (i32.load (i32.const 68))) (i32.const 0x70617274)))
      (then unreachable))
    ;; echo stdin (one read)
    (i32.store (i32.const 0) (i32.const 1024))
    (i32.store (i32.const 4) (i32.const 1024))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $write (i32.const 1) (i32.const 1024) (i32.load (i32.const 8)))
    (call $proc_exit (i32.const 3))
    unreachable)
)
"#;

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn setup(name: &str) -> PathBuf {
    setup_with(name, PROGRAM)
}

fn setup_with(name: &str, program: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ahc-js-node-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("prog.wasm"), wat::parse_str(program).unwrap()).unwrap();
    ahc_js::emit(&dir, "prog", &ahc_js::ProgramInfo::for_prefix("prog")).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new("node")
        .arg(dir.join("prog.mjs"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn wasi_program_runs_under_node() {
    if !node_available() {
        eprintln!("node not found: skipped");
        return;
    }
    let dir = setup("ok");
    let out = run(&dir, &["a b", "λ"], "from stdin");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "prog\0a b\0λ\0out\nfrom stdin"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "err\n");
    assert_eq!(out.status.code(), Some(3));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn trap_is_an_internal_error() {
    if !node_available() {
        eprintln!("node not found: skipped");
        return;
    }
    let dir = setup("trap");
    let out = run(&dir, &["trap"], "");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "prog\0trap\0out\n");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "err\nprog: internal error: wasm trap: unreachable\n"
    );
    assert_eq!(out.status.code(), Some(134));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Files through the preopens `.` (the current directory: a fresh one) and `/`, and a 50 ms
/// sleep in `poll_oneoff`: the embedded runner's test program (`ahc-runner/tests/files.wat`),
/// with the same expected output, so both hosts answer the same.
#[test]
fn files_through_preopens_and_poll_oneoff() {
    if !node_available() {
        eprintln!("node not found: skipped");
        return;
    }
    let dir = setup_with("files", include_str!("../../ahc-runner/tests/files.wat"));
    let cwd = dir.join("run");
    std::fs::create_dir_all(&cwd).unwrap();
    let start = std::time::Instant::now();
    let out = Command::new("node")
        .arg(dir.join("prog.mjs"))
        .current_dir(&cwd)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(start.elapsed() >= std::time::Duration::from_millis(50));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0), "the number of the failed check");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "worldhello!!ok\n");
    assert_eq!(
        std::fs::read_dir(&cwd).unwrap().count(),
        0,
        "t.txt was unlinked"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
