//! The tail-call loop of the engine measurements in the crate documentation (ignored by default:
//! `cargo test --release -p ahc-runner --test speed -- --ignored --nocapture`).

/// 2 × 10⁸ jumps, alternating `return_call` and `return_call_indirect` through a table index
/// loaded from memory; state in globals and memory, as in generated code.
const LOOP: &str = r#"
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (type $code (func))
  (global $n (mut i64) (i64.const 0))
  (global $acc (mut i64) (i64.const 0))
  (table 2 funcref)
  (elem (i32.const 0) $a $b)
  (func $a
    (if (i64.eqz (global.get $n)) (then (return)))
    (global.set $n (i64.sub (global.get $n) (i64.const 1)))
    (global.set $acc (i64.add (global.get $acc) (global.get $n)))
    (i32.store (i32.const 16) (i32.const 0))
    (return_call $b))
  (func $b
    (global.set $acc (i64.xor (global.get $acc) (i64.const 5)))
    (return_call_indirect (type $code) (i32.load (i32.const 16))))
  (func (export "_start")
    (global.set $n (i64.const 100000000))
    (call $a)
    (call $proc_exit (i32.wrap_i64 (i64.and (global.get $acc) (i64.const 127))))))
"#;

#[test]
#[ignore]
fn tail_call_loop() {
    let wasm = wat::parse_str(LOOP).unwrap();
    let t = std::time::Instant::now();
    let code = ahc_runner::run_wasi(&wasm, &["loop".to_string()]).unwrap();
    eprintln!("tail-call loop: {:?} (exit code {code})", t.elapsed());
}
