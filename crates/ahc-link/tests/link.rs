//! End-to-end tests: objects from `ahc-wasm-object` + a `no_std` Rust
//! staticlib, linked by rust-lld, run in node. Tests that need rust-lld, rustc
//! or node print `SKIP: <reason>` and return when the tool is missing.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::OnceLock;

use ahc_link::*;
use ahc_wasm_object::*;

// ---------------------------------------------------------------- helpers

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "ahc-link-test-{}-{tag}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    fn files(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(&self.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn have_lld() -> bool {
    match find_lld(None) {
        Ok(_) => true,
        Err(e) => {
            println!("SKIP: {e}");
            false
        }
    }
}

fn have_node() -> bool {
    match Command::new("node").arg("--version").output() {
        Ok(o) if o.status.success() => true,
        _ => {
            println!("SKIP: node not found on PATH");
            false
        }
    }
}

const FIXTURE_RS: &str = r#"
#![no_std]
#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn fd_write(fd: i32, iovs: *const [u32; 2], n: i32, nwritten: *mut u32) -> i32;
}
extern "C" {
    fn totally_missing();
}
static mut BUF: [u8; 24] = [0; 24];

#[no_mangle]
pub extern "C" fn rt_add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

/// Prints `x` in decimal and a newline to stdout (WASI fd_write).
#[no_mangle]
pub extern "C" fn rt_print(x: i64) {
    unsafe {
        let buf = &mut *core::ptr::addr_of_mut!(BUF);
        let mut i = buf.len() - 1;
        buf[i] = b'\n';
        let mut v = x.unsigned_abs();
        loop {
            i -= 1;
            buf[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        if x < 0 {
            i -= 1;
            buf[i] = b'-';
        }
        let iov = [buf.as_ptr().add(i) as u32, (buf.len() - i) as u32];
        let mut n = 0u32;
        fd_write(1, &iov, 1, &mut n);
    }
}

/// Dead unless something roots it: references a symbol defined nowhere.
#[no_mangle]
pub extern "C" fn rt_dead_ref() {
    unsafe { totally_missing() }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
"#;

/// Builds the fixture staticlib once per test process.
fn fixture() -> Option<PathBuf> {
    static LIB: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let r = LIB.get_or_init(|| {
        // Built per test process under cargo's per-target temp dir (reused
        // across runs, renamed into place so concurrent runs never see a
        // half-written archive).
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ahc-link-fixture");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let pid = std::process::id();
        let src = dir.join(format!("fixture-{pid}.rs"));
        std::fs::write(&src, FIXTURE_RS).map_err(|e| e.to_string())?;
        let tmp_lib = dir.join(format!("libfixture-{pid}.a"));
        let lib = dir.join("libfixture.a");
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
        let out = Command::new(rustc)
            .args([
                "--edition=2021",
                "--target",
                "wasm32-unknown-unknown",
                "--crate-type",
                "staticlib",
                "--crate-name",
                "fixture",
                "-C",
                "opt-level=s",
                "-C",
                "panic=abort",
                "-o",
            ])
            .arg(&tmp_lib)
            .arg(&src)
            .output()
            .map_err(|e| format!("rustc: {e}"))?;
        let _ = std::fs::remove_file(&src);
        if !out.status.success() {
            return Err(format!(
                "rustc failed (is the wasm32-unknown-unknown target installed?): {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
        std::fs::rename(&tmp_lib, &lib).map_err(|e| e.to_string())?;
        Ok(lib)
    });
    match r {
        Ok(p) => Some(p.clone()),
        Err(e) => {
            // A missing wasm32 target is a broken setup, not a skip.
            panic!("building the fixture staticlib: {e}")
        }
    }
}

fn write_obj(dir: &TempDir, name: &str, o: ObjectBuilder) -> PathBuf {
    let bytes = o.finish().expect("object");
    ahc_wasm_object::verify::verify(&bytes).expect("object verifies");
    let p = dir.path(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const RUNNER_MJS: &str = r#"
import fs from 'node:fs';
const bytes = fs.readFileSync(process.argv[2]);
let memory;
const wasi = {
  fd_write(fd, iovs, n, nwritten) {
    const dv = new DataView(memory.buffer);
    let total = 0;
    for (let i = 0; i < n; i++) {
      const p = dv.getUint32(iovs + 8 * i, true), l = dv.getUint32(iovs + 8 * i + 4, true);
      fs.writeSync(fd, new Uint8Array(memory.buffer, p, l));
      total += l;
    }
    dv.setUint32(nwritten, total, true);
    return 0;
  },
};
const { instance } = await WebAssembly.instantiate(bytes, { wasi_snapshot_preview1: wasi });
memory = instance.exports.memory;
instance.exports[process.argv[3] ?? '_start']();
"#;

fn run_node(dir: &TempDir, wasm: &Path, export: &str) -> String {
    let runner = dir.path("run.mjs");
    std::fs::write(&runner, RUNNER_MJS).unwrap();
    let out = Command::new("node")
        .arg(&runner)
        .arg(wasm)
        .arg(export)
        .output()
        .expect("running node");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

// ------------------------------------------------------------ the program

const I32: ValType = ValType::I32;
const I64: ValType = ValType::I64;
const DEPTH: i64 = 1_000_000;

/// main.o: `_start`, the data it uses, `count_a`, and dead code that refers
/// to symbols defined nowhere.
fn main_object() -> ObjectBuilder {
    let mut o = ObjectBuilder::new();
    let t_fd_write = o.func_type(&[I32; 4], &[I32]);
    let t_add = o.func_type(&[I64, I64], &[I64]);
    let t_print = o.func_type(&[I64], &[]);
    let t_unary = o.func_type(&[I64], &[I64]);
    let t_void = o.func_type(&[], &[]);
    let t_pair = o.func_type(&[I32], &[I64, I64]);

    let fd_write = o.func("__ahc_fd_write");
    o.import_func(fd_write, "wasi_snapshot_preview1", "fd_write", t_fd_write);
    let rt_add = o.func("rt_add");
    o.declare_func(rt_add, t_add);
    let rt_print = o.func("rt_print");
    o.declare_func(rt_print, t_print);
    let count_b = o.func("count_b");
    o.declare_func(count_b, t_add);
    let counter = o.global("ahc_counter");
    o.declare_global(counter, I64, true);

    // Data: a string, an iovec pointing at it, a bss word, a 64-bit word
    // holding a function pointer, a 64-bit word holding a data pointer.
    let greeting = o.data("greeting");
    let msg = b"hello from ahc\n".to_vec();
    let msg_len = msg.len() as u32;
    o.define_rodata(greeting, msg, 1, vec![], SymFlags::LOCAL);
    let iov = o.data("iov");
    let mut iov_bytes = vec![0u8; 8];
    iov_bytes[4..].copy_from_slice(&msg_len.to_le_bytes());
    o.define_data(
        iov,
        iov_bytes,
        4,
        vec![DataReloc {
            offset: 0,
            kind: DataRelocKind::MemoryAddrI32 {
                sym: greeting,
                addend: 0,
            },
        }],
        SymFlags::default(),
    );
    let nwritten = o.data("nwritten");
    o.define_zeroed(nwritten, 4, 4, SymFlags::default());
    let double_it = o.func("double_it");
    let fptr_word = o.data("fptr_word");
    o.define_data(
        fptr_word,
        vec![0; 8],
        8,
        vec![DataReloc {
            offset: 0,
            kind: DataRelocKind::TableIndexI32 { func: double_it },
        }],
        SymFlags::default(),
    );
    let ptr_word = o.data("ptr_word");
    o.define_data(
        ptr_word,
        vec![0; 8],
        8,
        vec![DataReloc {
            offset: 0,
            kind: DataRelocKind::MemoryAddrI32 {
                sym: greeting,
                addend: 6,
            },
        }],
        SymFlags::default(),
    );

    // double_it(x) = x + x, local.
    let mut b = BodyBuilder::new(&[]);
    b.ins(&Instruction::LocalGet(0))
        .ins(&Instruction::LocalGet(0))
        .ins(&Instruction::I64Add);
    o.define_func(double_it, t_unary, b.finish(), SymFlags::LOCAL);

    // count_a(n, acc) = if n == 0 then acc
    //                   else { counter += 1; return_call count_b(n - 1, acc + 2) }
    let count_a = o.func("count_a");
    let mut b = BodyBuilder::new(&[]);
    b.ins(&Instruction::LocalGet(0))
        .ins(&Instruction::I64Eqz)
        .ins(&Instruction::If(BlockType::Empty))
        .ins(&Instruction::LocalGet(1))
        .ins(&Instruction::Return)
        .ins(&Instruction::End)
        .global_get(counter)
        .ins(&Instruction::I64Const(1))
        .ins(&Instruction::I64Add)
        .global_set(counter)
        .ins(&Instruction::LocalGet(0))
        .ins(&Instruction::I64Const(1))
        .ins(&Instruction::I64Sub)
        .ins(&Instruction::LocalGet(1))
        .ins(&Instruction::I64Const(2))
        .ins(&Instruction::I64Add)
        .return_call(count_b);
    o.define_func(count_a, t_add, b.finish(), SymFlags::default());

    // _start
    let start = o.func("_start");
    let mut b = BodyBuilder::new(&[]);
    // fd_write(1, &iov, 1, &nwritten)
    b.ins(&Instruction::I32Const(1))
        .i32_const_data_addr(iov, 0)
        .ins(&Instruction::I32Const(1))
        .i32_const_data_addr(nwritten, 0)
        .call(fd_write)
        .ins(&Instruction::Drop);
    // rt_print(rt_add(40, 2))
    b.ins(&Instruction::I64Const(40))
        .ins(&Instruction::I64Const(2))
        .call(rt_add)
        .call(rt_print);
    // rt_print(call_indirect(fptr_word)(1 << 40)): table index from data.
    b.ins(&Instruction::I64Const(1 << 40))
        .ins(&Instruction::I32Const(0))
        .load_store_data(&Instruction::I32Load(mem_arg(0, 2)), fptr_word, 0)
        .call_indirect(t_unary)
        .call(rt_print);
    // rt_print(call_indirect(&double_it)(7)): table index from code.
    b.ins(&Instruction::I64Const(7))
        .i32_const_table_index(double_it)
        .call_indirect(t_unary)
        .call(rt_print);
    // rt_print(count_a(DEPTH, 0)); rt_print(counter)
    b.ins(&Instruction::I64Const(DEPTH))
        .ins(&Instruction::I64Const(0))
        .call(count_a)
        .call(rt_print)
        .global_get(counter)
        .call(rt_print);
    // rt_print(i64.load(ptr_word) == extend(&greeting + 6))
    b.i32_const_data_addr(ptr_word, 0)
        .ins(&Instruction::I64Load(mem_arg(0, 3)))
        .i32_const_data_addr(greeting, 6)
        .ins(&Instruction::I64ExtendI32U)
        .ins(&Instruction::I64Eq)
        .ins(&Instruction::I64ExtendI32U)
        .call(rt_print);
    // A multi-value block whose type index the linker renumbers:
    // rt_print(block (param i32) (result i64 i64) … end; i64.mul)
    b.ins(&Instruction::I32Const(5))
        .ins(&Instruction::Block(BlockType::FunctionType(t_pair)))
        .ins(&Instruction::I64ExtendI32U)
        .ins(&Instruction::I64Const(6))
        .ins(&Instruction::End)
        .ins(&Instruction::I64Mul)
        .call(rt_print);
    o.define_func(start, t_void, b.finish(), SymFlags::default());

    // Dead code: nothing roots these, and what they refer to exists nowhere.
    let missing_fn = o.func("ahc_missing_function");
    o.declare_func(missing_fn, t_void);
    let missing_data = o.data("ahc_missing_data");
    let dead = o.func("ahc_dead_code");
    let mut b = BodyBuilder::new(&[]);
    b.call(missing_fn)
        .i32_const_data_addr(missing_data, 0)
        .ins(&Instruction::Drop);
    o.define_func(dead, t_void, b.finish(), SymFlags::default());
    let missing_data2 = o.data("ahc_missing_data2");
    let dead_data = o.data("ahc_dead_data");
    o.define_data(
        dead_data,
        vec![0; 4],
        4,
        vec![DataReloc {
            offset: 0,
            kind: DataRelocKind::MemoryAddrI32 {
                sym: missing_data2,
                addend: 0,
            },
        }],
        SymFlags::default(),
    );
    o
}

/// b.o: the counter global and `count_b`, which tail-calls back into main.o.
fn other_object() -> ObjectBuilder {
    let mut o = ObjectBuilder::new();
    let t = o.func_type(&[I64, I64], &[I64]);
    let counter = o.global("ahc_counter");
    o.define_global(counter, I64, true, 0, SymFlags::default());
    let count_a = o.func("count_a");
    o.declare_func(count_a, t);
    let count_b = o.func("count_b");
    // count_b(n, acc) = return_call count_a(n, acc - 1)
    let mut b = BodyBuilder::new(&[]);
    b.ins(&Instruction::LocalGet(0))
        .ins(&Instruction::LocalGet(1))
        .ins(&Instruction::I64Const(1))
        .ins(&Instruction::I64Sub)
        .return_call(count_a);
    o.define_func(count_b, t, b.finish(), SymFlags::default());
    o
}

const EXPECTED: &str = "hello from ahc\n42\n2199023255552\n14\n1000000\n1000000\n1\n30\n";

fn program_inputs(dir: &TempDir) -> Vec<PathBuf> {
    let lib = fixture().expect("fixture");
    vec![
        write_obj(dir, "main.o", main_object()),
        write_obj(dir, "b.o", other_object()),
        lib,
    ]
}

// ------------------------------------------------------------------ tests

#[test]
fn end_to_end_in_node() {
    if !have_lld() || !have_node() {
        return;
    }
    let dir = TempDir::new("e2e");
    let mut opts = LinkOptions::new(program_inputs(&dir), dir.path("prog.wasm"));
    opts.entry = Some("_start".into());
    let report = link(&opts).unwrap_or_else(|e| panic!("{e}"));
    println!("{report}");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert_eq!(
        report.size,
        std::fs::metadata(dir.path("prog.wasm")).unwrap().len()
    );
    assert!(report.sizes.code_bytes > 0 && report.sizes.data_bytes > 0);
    // _start, count_a, count_b, double_it, rt_add, rt_print (+ maybe helpers
    // from core pulled in by rt_print).
    assert!(report.sizes.functions >= 6, "{:?}", report.sizes);
    assert_eq!(
        report.sizes.imports,
        vec![("wasi_snapshot_preview1".to_string(), "fd_write".to_string())],
        "both fd_write imports (ahc's explicit-name import and Rust's) merge into one"
    );
    assert!(report.sizes.export_names.contains(&"_start".to_string()));
    assert!(report.sizes.export_names.contains(&"memory".to_string()));
    let wasm = std::fs::read(dir.path("prog.wasm")).unwrap();
    let has = |s: &str| wasm.windows(s.len()).any(|w| w == s.as_bytes());
    assert!(has("count_a"), "name section keeps live functions");
    assert!(
        !has("ahc_dead_code"),
        "dead function removed by --gc-sections"
    );
    assert!(!has("rt_dead_ref"), "dead archive code removed");
    assert_eq!(
        dir.files(),
        ["b.o", "main.o", "prog.wasm"],
        "no temporary files left"
    );
    assert_eq!(run_node(&dir, &dir.path("prog.wasm"), "_start"), EXPECTED);

    // The staticlib's DWARF dominates the size; --strip-debug drops it but
    // keeps the name section.
    let has_debug = |r: &LinkReport| {
        r.sizes
            .sections
            .iter()
            .any(|(n, _)| n.starts_with(".debug"))
    };
    assert!(has_debug(&report));
    opts.strip_debug = true;
    let stripped = link(&opts).unwrap_or_else(|e| panic!("{e}"));
    println!("{stripped}");
    assert!(!has_debug(&stripped) && stripped.size < report.size);
    assert!(stripped.sizes.sections.iter().any(|(n, _)| n == "name"));
    assert_eq!(run_node(&dir, &dir.path("prog.wasm"), "_start"), EXPECTED);
}

#[test]
fn gc_sections_hides_undefined_symbols_in_dead_code() {
    if !have_lld() {
        return;
    }
    let dir = TempDir::new("gc");
    let inputs = program_inputs(&dir);
    let out = dir.path("prog.wasm");

    // With --gc-sections the dead references are never looked at …
    let mut opts = LinkOptions::new(inputs.clone(), &out);
    opts.exports.push("_start".into());
    link(&opts).unwrap_or_else(|e| panic!("{e}"));

    // … and rooting the dead archive function brings its error back.
    let mut rooted = opts.clone();
    rooted.exports.push("rt_dead_ref".into());
    let e = link(&rooted).unwrap_err();
    let u = e.undefined_symbols();
    assert_eq!(u.len(), 1, "{e}");
    assert_eq!(u[0].symbol, "totally_missing");

    // Without --gc-sections every one of them is an error.
    std::fs::write(&out, b"previous output").unwrap();
    opts.gc_sections = false;
    let e = link(&opts).unwrap_err();
    println!("{e}");
    let mut names: Vec<&str> = e
        .undefined_symbols()
        .iter()
        .map(|u| u.symbol.as_str())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "ahc_missing_data",
            "ahc_missing_data2",
            "ahc_missing_function",
            "totally_missing"
        ]
    );
    let by = |s: &str| {
        e.undefined_symbols()
            .iter()
            .find(|u| u.symbol == s)
            .unwrap()
            .referenced_by
            .clone()
    };
    assert_eq!(
        by("ahc_missing_function"),
        [InputRef {
            path: inputs[0].clone(),
            member: None
        }]
    );
    let from_archive = by("totally_missing");
    assert_eq!(from_archive.len(), 1);
    assert_eq!(from_archive[0].path, inputs[2]);
    assert!(from_archive[0].member.as_deref().unwrap().ends_with(".o"));
    // A failed link leaves the previous output alone and no temp files.
    assert_eq!(std::fs::read(&out).unwrap(), b"previous output");
    assert_eq!(dir.files(), ["b.o", "main.o", "prog.wasm"]);
}

/// An object with one exported function `name` whose body is `body`.
fn one_function(name: &str, f: impl FnOnce(&mut ObjectBuilder, &mut BodyBuilder)) -> ObjectBuilder {
    let mut o = ObjectBuilder::new();
    let t = o.func_type(&[], &[]);
    let s = o.func(name);
    let mut b = BodyBuilder::new(&[]);
    f(&mut o, &mut b);
    o.define_func(s, t, b.finish(), SymFlags::EXPORTED);
    o
}

#[test]
fn undefined_symbols_in_live_code() {
    if !have_lld() {
        return;
    }
    let dir = TempDir::new("undef");
    let a = write_obj(
        &dir,
        "a.o",
        one_function("entry", |o, b| {
            let t = o.func_type(&[], &[]);
            let f = o.func("base_GHCziBase_zpzp_info");
            o.declare_func(f, t);
            let g = o.global("Hp");
            o.declare_global(g, I32, true);
            let d = o.data("base_GHCziShow_zdfShowInt_closure");
            b.call(f)
                .global_get(g)
                .ins(&Instruction::Drop)
                .i32_const_data_addr(d, 0)
                .ins(&Instruction::Drop);
        }),
    );
    let opts = LinkOptions::new(vec![a.clone()], dir.path("x.wasm"));
    let e = link(&opts).unwrap_err();
    let mut names: Vec<&str> = e
        .undefined_symbols()
        .iter()
        .map(|u| u.symbol.as_str())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Hp",
            "base_GHCziBase_zpzp_info",
            "base_GHCziShow_zdfShowInt_closure"
        ]
    );
    assert!(e.undefined_symbols().iter().all(|u| u.referenced_by
        == [InputRef {
            path: a.clone(),
            member: None
        }]));
    assert!(!dir.path("x.wasm").exists());

    // --allow-undefined turns the function and the global into env imports;
    // the undefined data symbol's address becomes 0.
    let mut opts = opts;
    opts.allow_undefined = true;
    let r = link(&opts).unwrap_or_else(|e| panic!("{e}"));
    let mut imports = r.sizes.imports.clone();
    imports.sort();
    assert_eq!(
        imports,
        [
            ("env".to_string(), "Hp".to_string()),
            ("env".to_string(), "base_GHCziBase_zpzp_info".to_string())
        ]
    );
}

#[test]
fn entry_and_roots() {
    if !have_lld() {
        return;
    }
    let dir = TempDir::new("roots");
    let a = write_obj(&dir, "a.o", one_function("not_start", |_, _| {}));
    let lib = fixture().unwrap();

    // An entry point is required unless --no-entry.
    let mut opts = LinkOptions::new(vec![a.clone()], dir.path("x.wasm"));
    opts.entry = Some("_start".into());
    let e = link(&opts).unwrap_err();
    assert!(e.to_string().contains("entry symbol not defined"), "{e}");

    // WASM_SYM_EXPORTED roots and exports a function; -u pulls an archive
    // member but does not keep the symbol; --export-if-defined roots and
    // exports it, and ignores names defined nowhere.
    let mut opts = LinkOptions::new(vec![a.clone(), lib.clone()], dir.path("x.wasm"));
    opts.undefined.push("rt_add".into());
    let r = link(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.sizes.export_names.contains(&"not_start".to_string()));
    assert!(!r.sizes.export_names.contains(&"rt_add".to_string()));
    assert_eq!(r.sizes.functions, 1, "-u is not a GC root: {:?}", r.sizes);
    opts.undefined.clear();
    opts.extra_root_symbols = vec!["rt_add".into(), "no_such_symbol".into()];
    let r = link(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(r.sizes.export_names.contains(&"rt_add".to_string()));
    assert_eq!(r.sizes.functions, 2);

    // --export of a missing symbol is an error.
    opts.exports.push("no_such_symbol".into());
    let e = link(&opts).unwrap_err();
    assert!(e.to_string().contains("no_such_symbol"), "{e}");
}

#[test]
fn table_export_and_null_slot() {
    if !have_lld() {
        return;
    }
    let dir = TempDir::new("table");
    let a = write_obj(
        &dir,
        "a.o",
        one_function("f", |_, b| {
            b.ins(&Instruction::Nop);
        }),
    );
    let b = write_obj(
        &dir,
        "b.o",
        one_function("g", |o, b| {
            let f = o.func("f");
            let t = o.func_type(&[], &[]);
            o.declare_func(f, t);
            b.i32_const_table_index(f).call_indirect(t);
        }),
    );
    let mut opts = LinkOptions::new(vec![a, b], dir.path("x.wasm"));
    let r = link(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(!r
        .sizes
        .export_names
        .contains(&"__indirect_function_table".to_string()));
    opts.export_table = true;
    let r = link(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert!(r
        .sizes
        .export_names
        .contains(&"__indirect_function_table".to_string()));
    if have_node() {
        // The table index of `f` is 1: slot 0 is reserved for null.
        let js = dir.path("t.mjs");
        std::fs::write(
            &js,
            "import fs from 'node:fs';\n\
             const m = await WebAssembly.instantiate(fs.readFileSync(process.argv[2]));\n\
             const t = m.instance.exports.__indirect_function_table;\n\
             m.instance.exports.g();\n\
             console.log(t.length, t.get(0) === null, typeof t.get(1));\n",
        )
        .unwrap();
        let out = Command::new("node")
            .arg(&js)
            .arg(dir.path("x.wasm"))
            .output()
            .unwrap();
        assert_eq!(String::from_utf8_lossy(&out.stdout), "2 true function\n");
    }
}

#[test]
fn duplicate_symbols_and_signature_mismatch() {
    if !have_lld() {
        return;
    }
    let dir = TempDir::new("dup");
    let a = write_obj(&dir, "a.o", one_function("dup", |_, _| {}));
    let b = write_obj(&dir, "b.o", one_function("dup", |_, _| {}));
    let e = link(&LinkOptions::new(
        vec![a.clone(), b.clone()],
        dir.path("x.wasm"),
    ))
    .unwrap_err();
    let LinkError::Failed(failure) = &e else {
        panic!("{e}")
    };
    let diagnostics = &failure.diagnostics;
    assert_eq!(diagnostics.duplicates.len(), 1, "{e}");
    assert_eq!(diagnostics.duplicates[0].symbol, "dup");
    assert_eq!(
        diagnostics.duplicates[0]
            .defined_in
            .iter()
            .map(|r| r.path.clone())
            .collect::<Vec<_>>(),
        [a.clone(), b]
    );

    // A caller that believes `dup` takes an i64: a warning, not an error.
    let c = write_obj(
        &dir,
        "c.o",
        one_function("caller", |o, b| {
            let t = o.func_type(&[I64], &[]);
            let f = o.func("dup");
            o.declare_func(f, t);
            b.ins(&Instruction::I64Const(1)).call(f);
        }),
    );
    let r =
        link(&LinkOptions::new(vec![a, c], dir.path("x.wasm"))).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
    assert!(r.warnings[0].message.contains("signature mismatch"));
    assert_eq!(r.warnings[0].notes.len(), 2);
}

#[test]
fn target_feature_conflicts() {
    if !have_lld() {
        return;
    }
    let dir = TempDir::new("features");
    let mut o = one_function("uses", |_, b| {
        b.ins(&Instruction::Nop);
    });
    o.set_target_features(&["+tail-call"]);
    let uses = write_obj(&dir, "uses.o", o);
    let mut o = one_function("forbids", |_, _| {});
    o.set_target_features(&["-tail-call"]);
    let forbids = write_obj(&dir, "forbids.o", o);
    let mut o = one_function("silent", |_, _| {});
    o.set_target_features(&[]);
    let silent = write_obj(&dir, "silent.o", o);

    // Not mentioning a feature is compatible with anything.
    link(&LinkOptions::new(
        vec![uses.clone(), silent.clone()],
        dir.path("x.wasm"),
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    // `-f` in one input and `+f` in another is an error.
    let e = link(&LinkOptions::new(
        vec![uses.clone(), forbids.clone()],
        dir.path("x.wasm"),
    ))
    .unwrap_err();
    println!("{e}");
    assert!(e.to_string().contains("tail-call"), "{e}");
    // An explicit --features list must contain every used feature.
    let mut opts = LinkOptions::new(vec![uses, silent], dir.path("x.wasm"));
    opts.extra_args.push("--features=mutable-globals".into());
    let e = link(&opts).unwrap_err();
    println!("{e}");
    assert!(e.to_string().contains("tail-call"), "{e}");
}

#[test]
fn long_command_lines_use_a_response_file() {
    if !have_lld() {
        return;
    }
    let dir = TempDir::new("rsp dir");
    let a = write_obj(&dir, "a \"quoted\".o", one_function("f", |_, _| {}));
    let mut opts = LinkOptions::new(vec![a], dir.path("x.wasm"));
    opts.extra_root_symbols = (0..4000).map(|i| format!("not_defined_{i}")).collect();
    let r = link(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.sizes.functions, 1);
    assert_eq!(dir.files(), ["a \"quoted\".o", "x.wasm"]);
}

#[test]
fn init_funcs_and_linker_defined_symbols() {
    if !have_lld() || !have_node() {
        return;
    }
    let dir = TempDir::new("ctors");
    let mut o = ObjectBuilder::new();
    let t_void = o.func_type(&[], &[]);
    let t_print = o.func_type(&[I64], &[]);
    let rt_print = o.func("rt_print");
    o.declare_func(rt_print, t_print);
    let g = o.global("ahc_init_flag");
    o.define_global(g, I64, true, 0, SymFlags::LOCAL);
    // Two constructors; priority order decides the final value.
    for (name, prio, value) in [("ctor_late", 200, 2), ("ctor_early", 100, 1)] {
        let f = o.func(name);
        let mut b = BodyBuilder::new(&[]);
        b.global_get(g)
            .ins(&Instruction::I64Const(10))
            .ins(&Instruction::I64Mul)
            .ins(&Instruction::I64Const(value))
            .ins(&Instruction::I64Add)
            .global_set(g);
        o.define_func(f, t_void, b.finish(), SymFlags::LOCAL);
        o.init_func(f, prio);
    }
    // Symbols the linker defines: __wasm_call_ctors, __heap_base, __data_end.
    let call_ctors = o.func("__wasm_call_ctors");
    o.declare_func(call_ctors, t_void);
    let heap_base = o.data("__heap_base");
    let data_end = o.data("__data_end");
    let start = o.func("run");
    let mut b = BodyBuilder::new(&[]);
    b.call(call_ctors).global_get(g).call(rt_print);
    // heap_base >= data_end && heap_base % 16 == 0
    b.i32_const_data_addr(heap_base, 0)
        .i32_const_data_addr(data_end, 0)
        .ins(&Instruction::I32GeU)
        .i32_const_data_addr(heap_base, 0)
        .ins(&Instruction::I32Const(15))
        .ins(&Instruction::I32And)
        .ins(&Instruction::I32Eqz)
        .ins(&Instruction::I32And)
        .ins(&Instruction::I64ExtendI32U)
        .call(rt_print);
    o.define_func(start, t_void, b.finish(), SymFlags::EXPORTED);
    let obj = write_obj(&dir, "ctors.o", o);
    let opts = LinkOptions::new(vec![obj, fixture().unwrap()], dir.path("c.wasm"));
    link(&opts).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run_node(&dir, &dir.path("c.wasm"), "run"), "12\n1\n");
}

#[test]
fn missing_linker() {
    let mut opts = LinkOptions::new(vec![], "/nonexistent/x.wasm");
    opts.lld = Some("/nonexistent/rust-lld".into());
    assert!(matches!(link(&opts), Err(LinkError::LinkerNotFound { .. })));
}

/// `symbols`: an object's table names undefined functions by their symbol (or import) name,
/// keeps kinds and bindings apart; a rustc staticlib's members define its `#[no_mangle]`
/// functions and nothing it only references.
#[test]
fn symbol_tables_of_objects_and_archives() {
    use ahc_link::symbols::*;
    let obj = main_object().finish().unwrap();
    let syms = object_symbols(&obj).unwrap();
    let find = |n: &str| {
        syms.iter()
            .find(|s| s.name == n)
            .unwrap_or_else(|| panic!("{n} not in {syms:?}"))
    };
    assert_eq!(find("rt_add").kind, SymbolKind::Function);
    assert!(!find("rt_add").defined);
    assert!(find("count_a").defined && !find("count_a").local);
    assert!(find("double_it").defined && find("double_it").local);
    assert_eq!(find("iov").kind, SymbolKind::Data);
    assert!(find("iov").defined);
    assert_eq!(find("ahc_counter").kind, SymbolKind::Global);
    assert!(!find("__ahc_fd_write").defined);
    // The object itself, not an archive: its defined globals.
    let defs = defined_globals(&obj).unwrap();
    assert!(defs.contains(&("count_a".to_string(), SymbolKind::Function)));
    assert!(!defs.iter().any(|(n, _)| n == "double_it" || n == "rt_add"));

    let lib = std::fs::read(fixture().unwrap()).unwrap();
    let defs = defined_globals(&lib).unwrap();
    for f in ["rt_add", "rt_print", "rt_dead_ref"] {
        assert!(
            defs.contains(&(f.to_string(), SymbolKind::Function)),
            "{f} not defined by the fixture archive"
        );
    }
    assert!(!defs
        .iter()
        .any(|(n, _)| n == "totally_missing" || n == "fd_write"));
}
