//! Every object built here is re-read and checked by `verify` (wasmparser
//! validation + linking/reloc section checks).

use ahc_wasm_object::verify::{verify, ObjectSummary};
use ahc_wasm_object::*;

fn check(obj: ObjectBuilder) -> ObjectSummary {
    let bytes = obj.finish().expect("finish");
    match verify(&bytes) {
        Ok(s) => s,
        Err(e) => panic!("object does not verify: {e}"),
    }
}

#[test]
fn empty_object() {
    let s = check(ObjectBuilder::new());
    assert_eq!(s.defined_funcs, 0);
    assert_eq!(s.symbols.len(), 0);
    assert_eq!(
        s.features,
        DEFAULT_TARGET_FEATURES
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
    );
}

/// An object exercising every relocation kind and symbol kind.
fn everything() -> ObjectBuilder {
    let mut o = ObjectBuilder::new();
    let t_void = o.func_type(&[], &[]);
    let t_i64_i64 = o.func_type(&[ValType::I64], &[ValType::I64]);
    let t_2i64 = o.func_type(&[ValType::I64, ValType::I64], &[ValType::I64]);
    let t_fd_write = o.func_type(&[ValType::I32; 4], &[ValType::I32]);
    let t_pair = o.func_type(&[], &[ValType::I64, ValType::I64]);
    assert_eq!(o.func_type(&[ValType::I64], &[ValType::I64]), t_i64_i64);

    let fd_write = o.func("__wasi_fd_write");
    o.import_func(fd_write, "wasi_snapshot_preview1", "fd_write", t_fd_write);
    let ext = o.func("rt_add");
    o.declare_func(ext, t_2i64);
    let unused_decl = o.func("never_used");
    o.declare_func(unused_decl, t_void);

    let hp = o.global("Hp");
    o.declare_global(hp, ValType::I32, true);
    let counter = o.global("counter");
    o.define_global(counter, ValType::I64, true, -5, SymFlags::default());
    let pi = o.global("pi");
    o.define_global(
        pi,
        ValType::F64,
        false,
        std::f64::consts::PI.to_bits() as i64,
        SymFlags::LOCAL,
    );

    let greeting = o.data("greeting");
    let cell = o.data("cell");
    let table = o.data("table");
    let extern_data = o.data("extern_data");
    o.define_rodata(
        greeting,
        b"hello\n".to_vec(),
        1,
        vec![],
        SymFlags::default(),
    );
    o.define_zeroed(cell, 16, 8, SymFlags::LOCAL);

    let callee = o.func("callee");
    let start = o.func("_start");
    let ctor = o.func("ctor");

    let mut b = BodyBuilder::new(&[]);
    b.ins(&Instruction::LocalGet(0))
        .ins(&Instruction::LocalGet(0))
        .ins(&Instruction::I64Add);
    o.define_func(callee, t_i64_i64, b.finish(), SymFlags::LOCAL);

    // 8-byte words: a pointer in the low half of the first word, a function
    // pointer in the second; an undefined data symbol's address in the third.
    let mut words = vec![0u8; 24];
    words[4] = 0; // upper halves stay zero
    o.define_data(
        table,
        words,
        8,
        vec![
            DataReloc {
                offset: 0,
                kind: DataRelocKind::MemoryAddrI32 {
                    sym: greeting,
                    addend: 2,
                },
            },
            DataReloc {
                offset: 8,
                kind: DataRelocKind::TableIndexI32 { func: callee },
            },
            DataReloc {
                offset: 16,
                kind: DataRelocKind::MemoryAddrI32 {
                    sym: extern_data,
                    addend: 0,
                },
            },
        ],
        SymFlags::default(),
    );

    let mut b = BodyBuilder::new(&[ValType::I64, ValType::I64, ValType::I32]);
    b.i32_const_data_addr(greeting, 0)
        .ins(&Instruction::Drop)
        .global_get(hp)
        .global_set(hp)
        .global_get(counter)
        .ins(&Instruction::I64Const(1))
        .ins(&Instruction::I64Add)
        .global_set(counter)
        .global_get(pi)
        .ins(&Instruction::Drop)
        .ins(&Instruction::I64Const(20))
        .ins(&Instruction::I64Const(22))
        .call(ext)
        .i32_const_table_index(callee)
        .call_indirect(t_i64_i64)
        .ins(&Instruction::Drop)
        .ins(&Instruction::I32Const(0))
        .load_store_data(&Instruction::I64Load(mem_arg(0, 3)), cell, 8)
        .ins(&Instruction::LocalSet(0))
        .ins(&Instruction::Block(BlockType::FunctionType(t_pair)))
        .ins(&Instruction::I64Const(1))
        .ins(&Instruction::I64Const(2))
        .ins(&Instruction::End)
        .ins(&Instruction::I64Add)
        .ins(&Instruction::Drop)
        .ins(&Instruction::I32Const(1))
        .ins(&Instruction::I32Const(0))
        .ins(&Instruction::I32Const(1))
        .ins(&Instruction::I32Const(0))
        .call(fd_write)
        .ins(&Instruction::Drop)
        .ins(&Instruction::I64Const(3))
        .i32_const_table_index(callee)
        .return_call_indirect(t_i64_i64);
    let t_start = o.func_type(&[], &[ValType::I64]);
    o.define_func(start, t_start, b.finish(), SymFlags::EXPORTED);

    let mut b = BodyBuilder::new(&[]);
    b.ins(&Instruction::I64Const(7))
        .return_call(callee)
        .ins(&Instruction::Drop);
    // (unreachable tail after return_call is still valid wasm)
    let mut b2 = BodyBuilder::new(&[]);
    b2.ins(&Instruction::Nop);
    o.define_func(ctor, t_void, b2.finish(), SymFlags::default());
    o.init_func(ctor, 100);
    let tail = o.func("tail");
    o.define_func(tail, t_i64_i64, b.finish(), SymFlags::default());
    o
}

#[test]
fn everything_verifies() {
    let s = check(everything());
    assert_eq!(
        s.imported_funcs, 2,
        "fd_write + rt_add; never_used is not imported"
    );
    assert_eq!(s.defined_funcs, 4);
    assert_eq!(s.imported_globals, 1);
    assert_eq!(s.defined_globals, 2);
    assert_eq!(s.data_segments, 3);
    assert_eq!(
        s.segment_names,
        vec![".rodata.greeting", ".bss.cell", ".data.table"]
    );
    assert_eq!(s.init_funcs, 1);
    assert_eq!(s.data_relocs, 3);
    // data addr, 4 globals ops, counter get/set (2), pi, call, table idx,
    // call_indirect (2), load, block type, call fd_write, table idx,
    // return_call_indirect (2) + return_call in `tail`.
    assert_eq!(
        s.code_relocs,
        2 + 2 + 1 + 1 + 1 + 2 + 1 + 1 + 1 + 1 + 2 + 1 + 1
    );
    let names: Vec<_> = s.symbols.iter().map(|(k, n)| format!("{k}:{n}")).collect();
    for want in [
        "func:__wasi_fd_write",
        "func:<import>",
        "func:callee",
        "func:_start",
        "data:greeting",
        "data:extern_data",
        "global:<import>",
        "global:counter",
        "table:<import>",
    ] {
        assert!(
            names.iter().any(|n| n == want),
            "missing {want} in {names:?}"
        );
    }
    assert!(!names.iter().any(|n| n == "func:never_used"));
}

#[test]
fn output_is_deterministic() {
    assert_eq!(
        everything().finish().unwrap(),
        everything().finish().unwrap()
    );
}

#[test]
fn custom_features() {
    let mut o = ObjectBuilder::new();
    o.set_target_features(&["+tail-call", "-atomics"]);
    assert_eq!(check(o).features, vec!["+tail-call", "-atomics"]);
    let mut o = ObjectBuilder::new();
    o.set_target_features(&["tail-call"]);
    assert_eq!(o.finish(), Err(ObjectError::BadFeature("tail-call".into())));
}

#[test]
fn errors() {
    // Referenced but never typed.
    let mut o = ObjectBuilder::new();
    let t = o.func_type(&[], &[]);
    let f = o.func("f");
    let g = o.func("g");
    let mut b = BodyBuilder::new(&[]);
    b.call(g);
    o.define_func(f, t, b.finish(), SymFlags::default());
    assert_eq!(
        o.finish(),
        Err(ObjectError::UntypedFunction { name: "g".into() })
    );

    // Global referenced but never typed.
    let mut o = ObjectBuilder::new();
    let t = o.func_type(&[], &[]);
    let f = o.func("f");
    let g = o.global("G");
    let mut b = BodyBuilder::new(&[]);
    b.global_get(g).ins(&Instruction::Drop);
    o.define_func(f, t, b.finish(), SymFlags::default());
    assert_eq!(
        o.finish(),
        Err(ObjectError::UntypedGlobal { name: "G".into() })
    );

    // Defined twice.
    let mut o = ObjectBuilder::new();
    let t = o.func_type(&[], &[]);
    let f = o.func("f");
    o.define_func(f, t, BodyBuilder::new(&[]).finish(), SymFlags::default());
    o.define_func(f, t, BodyBuilder::new(&[]).finish(), SymFlags::default());
    assert!(matches!(o.finish(), Err(ObjectError::Redefined { .. })));

    // Two types.
    let mut o = ObjectBuilder::new();
    let t1 = o.func_type(&[], &[]);
    let t2 = o.func_type(&[ValType::I32], &[]);
    let f = o.func("f");
    o.declare_func(f, t1);
    o.declare_func(f, t2);
    assert!(matches!(o.finish(), Err(ObjectError::TypeMismatch { .. })));

    // Bad alignment, relocation outside the datum, local+weak.
    let mut o = ObjectBuilder::new();
    let d = o.data("d");
    o.define_data(d, vec![0; 4], 3, vec![], SymFlags::default());
    assert!(matches!(o.finish(), Err(ObjectError::BadAlignment { .. })));
    let mut o = ObjectBuilder::new();
    let d = o.data("d");
    o.define_data(
        d,
        vec![0; 6],
        4,
        vec![DataReloc {
            offset: 4,
            kind: DataRelocKind::MemoryAddrI32 { sym: d, addend: 0 },
        }],
        SymFlags::default(),
    );
    assert!(matches!(
        o.finish(),
        Err(ObjectError::RelocOutOfBounds { offset: 4, .. })
    ));
    let mut o = ObjectBuilder::new();
    let d = o.data("d");
    let flags = SymFlags {
        local: true,
        weak: true,
        ..SymFlags::default()
    };
    o.define_zeroed(d, 4, 4, flags);
    assert!(matches!(
        o.finish(),
        Err(ObjectError::ConflictingFlags { .. })
    ));

    // Init function with a non-void type; unknown type index.
    let mut o = ObjectBuilder::new();
    let t = o.func_type(&[ValType::I32], &[]);
    let f = o.func("f");
    o.declare_func(f, t);
    o.init_func(f, 1);
    assert!(matches!(o.finish(), Err(ObjectError::BadInitFunc { .. })));
    let mut o = ObjectBuilder::new();
    let f = o.func("f");
    o.declare_func(f, 9);
    assert_eq!(o.finish(), Err(ObjectError::UnknownType { index: 9 }));

    // A symbol of another builder.
    let mut other = ObjectBuilder::new();
    for i in 0..5 {
        other.func(&format!("x{i}"));
    }
    let foreign = other.func("x4");
    let mut o = ObjectBuilder::new();
    let t = o.func_type(&[], &[]);
    let f = o.func("f");
    let mut b = BodyBuilder::new(&[]);
    b.call(foreign);
    o.define_func(f, t, b.finish(), SymFlags::default());
    assert_eq!(o.finish(), Err(ObjectError::ForeignSymbol));
}

#[test]
#[should_panic(expected = "needs a relocation")]
fn raw_call_is_rejected() {
    BodyBuilder::new(&[]).ins(&Instruction::Call(0));
}

#[test]
fn locals_are_run_length_encoded() {
    let mut o = ObjectBuilder::new();
    let t = o.func_type(&[], &[]);
    let f = o.func("f");
    let body = BodyBuilder::new(&[ValType::I64, ValType::I64, ValType::I32, ValType::I64]).finish();
    // 3 groups: (2,i64) (1,i32) (1,i64) + end
    assert_eq!(body.byte_len(), 1 + 3 * 2 + 1);
    o.define_func(f, t, body, SymFlags::default());
    check(o);
}

#[test]
fn many_functions_and_large_indices() {
    // Indices beyond one LEB byte, many segments.
    let mut o = ObjectBuilder::new();
    let t = o.func_type(&[], &[]);
    let syms: Vec<_> = (0..300).map(|i| o.func(&format!("f{i}"))).collect();
    for (i, &s) in syms.iter().enumerate() {
        let mut b = BodyBuilder::new(&[]);
        if i + 1 < syms.len() {
            b.call(syms[i + 1]);
        }
        let d = o.data(&format!("d{i}"));
        b.i32_const_data_addr(d, 0).ins(&Instruction::Drop);
        o.define_data(d, vec![i as u8; 3], 1, vec![], SymFlags::LOCAL);
        o.define_func(s, t, b.finish(), SymFlags::default());
    }
    let s = check(o);
    assert_eq!(s.defined_funcs, 300);
    assert_eq!(s.data_segments, 300);
    assert_eq!(s.code_relocs, 299 + 300);
}
