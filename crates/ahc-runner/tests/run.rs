//! The runner on small hand-written WASI commands.

use std::io::Write;
use std::sync::{Arc, Mutex};

use ahc_runner::{run, RunConfig, RunError, Stdio};

/// A `Write` whose bytes the test can read afterwards.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

struct Outcome {
    result: Result<i32, RunError>,
    stdout: String,
    stderr: String,
}

fn run_wat(wat: &str, args: &[&str], env: &[(&str, &str)], stdin: &str) -> Outcome {
    run_wat_with(wat, args, env, stdin, Vec::new())
}

fn run_wat_with(
    wat: &str,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: &str,
    preopens: Vec<(String, std::path::PathBuf)>,
) -> Outcome {
    let wasm = wat::parse_str(wat).unwrap();
    let (out, err) = (Capture::default(), Capture::default());
    let config = RunConfig {
        args: args.iter().map(|s| s.to_string()).collect(),
        env: env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        stdio: Stdio {
            stdin: Box::new(std::io::Cursor::new(stdin.as_bytes().to_vec())),
            stdout: Box::new(out.clone()),
            stderr: Box::new(err.clone()),
        },
        inherited: false,
        preopens,
    };
    let result = run(&wasm, config);
    Outcome {
        result,
        stdout: out.text(),
        stderr: err.text(),
    }
}

const WRITE: &str = r#"
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
"#;

/// The `$write` helper and the memory (after the imports).
const HELPER: &str = r#"
  (memory (export "memory") 1)
  (func $write (param $fd i32) (param $ptr i32) (param $len i32)
    (i32.store (i32.const 0) (local.get $ptr))
    (i32.store (i32.const 4) (local.get $len))
    (if (call $fd_write (local.get $fd) (i32.const 0) (i32.const 1) (i32.const 8)) (then unreachable)))
"#;

#[test]
fn writes_stdout_and_exits_with_code_3() {
    let o = run_wat(
        &format!(
            r#"(module {WRITE}
              {HELPER}
              (data (i32.const 16) "hello\n")
              (data (i32.const 32) "oops\n")
              (func (export "_start")
                (call $write (i32.const 1) (i32.const 16) (i32.const 6))
                (call $write (i32.const 2) (i32.const 32) (i32.const 5))
                (call $proc_exit (i32.const 3))
                unreachable))"#
        ),
        &["prog"],
        &[],
        "",
    );
    assert_eq!(o.result.unwrap(), 3);
    assert_eq!(o.stdout, "hello\n");
    assert_eq!(o.stderr, "oops\n");
}

#[test]
fn returning_from_start_exits_with_0() {
    let o = run_wat(
        &format!(r#"(module {WRITE} {HELPER} (func (export "_start")))"#),
        &["p"],
        &[],
        "",
    );
    assert_eq!(o.result.unwrap(), 0);
}

#[test]
fn args_env_and_stdin() {
    let o = run_wat(
        &format!(
            r#"(module {WRITE}
              (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
              {HELPER}
              (func (export "_start")
                (drop (call $args_sizes_get (i32.const 100) (i32.const 104)))
                (drop (call $args_get (i32.const 200) (i32.const 1000)))
                (call $write (i32.const 1) (i32.const 1000) (i32.load (i32.const 104)))
                (drop (call $environ_sizes_get (i32.const 100) (i32.const 104)))
                (drop (call $environ_get (i32.const 200) (i32.const 2000)))
                (call $write (i32.const 1) (i32.const 2000) (i32.load (i32.const 104)))
                (i32.store (i32.const 0) (i32.const 3000))
                (i32.store (i32.const 4) (i32.const 100))
                (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))
                (call $write (i32.const 1) (i32.const 3000) (i32.load (i32.const 8)))))"#
        ),
        &["prog", "x y"],
        &[("A", "1"), ("B", "λ")],
        "input",
    );
    assert_eq!(o.result.unwrap(), 0);
    assert_eq!(o.stdout, "prog\0x y\0A=1\0B=λ\0input");
}

#[test]
fn trap_is_reported_as_internal_error() {
    let o = run_wat(
        &format!(
            r#"(module {WRITE}
              {HELPER}
              (data (i32.const 16) "before\n")
              (func (export "_start")
                (call $write (i32.const 1) (i32.const 16) (i32.const 7))
                (drop (i32.load (i32.const 70000)))))"#
        ),
        &["/some/dir/prog.wasm"],
        &[],
        "",
    );
    assert_eq!(o.result.unwrap(), 134);
    assert_eq!(o.stdout, "before\n");
    assert_eq!(
        o.stderr,
        "prog: internal error: wasm trap: memory access out of bounds\n"
    );
}

#[test]
fn deep_tail_calls_do_not_grow_the_stack() {
    let o = run_wat(
        &format!(
            r#"(module {WRITE}
              {HELPER}
              (type $k (func (param i64)))
              (table 1 funcref) (elem (i32.const 0) $odd)
              (func $even (param $n i64)
                (if (i64.eqz (local.get $n)) (then (call $proc_exit (i32.const 7)) unreachable))
                (return_call_indirect (type $k) (i64.sub (local.get $n) (i64.const 1)) (i32.const 0)))
              (func $odd (param $n i64)
                (return_call $even (i64.sub (local.get $n) (i64.const 1))))
              (func (export "_start") (call $even (i64.const 200000))))"#
        ),
        &["p"],
        &[],
        "",
    );
    assert_eq!(o.result.unwrap(), 7);
    assert_eq!(o.stderr, "");
}

#[test]
fn unknown_wasi_functions_answer_enosys() {
    let o = run_wat(
        &format!(
            r#"(module {WRITE}
              (import "wasi_snapshot_preview1" "fd_readdir" (func $fd_readdir (param i32 i32 i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
              {HELPER}
              (func (export "_start")
                (call $proc_exit (i32.add
                  (i32.add (call $fd_readdir (i32.const 3) (i32.const 0) (i32.const 0) (i64.const 0)
                                             (i32.const 0))
                           (call $fd_prestat_get (i32.const 3) (i32.const 0)))
                  (i32.add (call $clock_time_get (i32.const 1) (i64.const 0) (i32.const 64))
                           (call $random_get (i32.const 64) (i32.const 16)))))))"#
        ),
        &["p"],
        &[],
        "",
    );
    // ENOSYS (52, fd_readdir) + EBADF (8: no preopens in this configuration) + 0 + 0
    assert_eq!(o.result.unwrap(), 60);
}

#[test]
fn non_wasi_imports_and_non_commands_are_errors() {
    let o = run_wat(
        r#"(module (import "env" "f" (func)) (memory (export "memory") 1) (func (export "_start")))"#,
        &["p"],
        &[],
        "",
    );
    assert!(
        matches!(o.result, Err(RunError::UnsupportedImport { ref module, .. }) if module == "env")
    );
    let o = run_wat(r#"(module (memory (export "memory") 1))"#, &["p"], &[], "");
    assert!(matches!(o.result, Err(RunError::NotACommand(_))));
    let o = run_wat(r#"(module (func (export "_start")))"#, &["p"], &[], "");
    assert!(matches!(o.result, Err(RunError::NotACommand(_))));
}

/// Files through the preopens `.` (a fresh directory here) and `/`, and a 50 ms sleep in
/// `poll_oneoff` (`files.wat`, which `ahc-js`'s node test runs too).
#[test]
fn files_through_preopens_and_poll_oneoff() {
    let dir = std::env::temp_dir().join(format!("ahc-runner-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let start = std::time::Instant::now();
    let o = run_wat_with(
        include_str!("files.wat"),
        &["files"],
        &[],
        "",
        vec![(".".into(), dir.clone()), ("/".into(), "/".into())],
    );
    let elapsed = start.elapsed();
    assert_eq!(o.stderr, "");
    assert_eq!(o.result.unwrap(), 0, "the number of the failed check");
    assert_eq!(o.stdout, "worldhello!!ok\n");
    assert!(elapsed >= std::time::Duration::from_millis(50));
    assert_eq!(
        std::fs::read_dir(&dir).unwrap().count(),
        0,
        "t.txt was unlinked"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The default preopens, `.` and `/`, are the process's current directory and root.
#[test]
fn default_preopens() {
    let p = ahc_runner::RunConfig::default_preopens();
    assert_eq!(
        p,
        [
            (".".to_string(), std::path::PathBuf::from(".")),
            ("/".to_string(), std::path::PathBuf::from("/"))
        ]
    );
}
