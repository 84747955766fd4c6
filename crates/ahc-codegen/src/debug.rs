//! `--debug`: every memory access of generated code is checked by the runtime.
//!
//! A post-pass over a finished function: before each load, store, `memory.copy` and
//! `memory.fill`, the effective address range is passed to the runtime's
//! `ahc_rts_check_access(addr, size, function_name)`, which aborts with the address and the
//! function's name unless the range lies in memory the program owns (static data, the Haskell
//! stack, allocated heap blocks). The name is a NUL-terminated string in a data segment.

use wasm_encoder::{Instruction as I, ValType};

use crate::code::{DataBuf, FnBuf, FnTy, Op};

use ahc_abi::rts_syms::CHECK_ACCESS;

fn access(ins: &I<'static>) -> Option<(u64, u32, Option<ValType>)> {
    // (static offset, size, Some(value type) for stores)
    use ValType::*;
    Some(match ins {
        I::I32Load(m) | I::F32Load(m) => (m.offset, 4, None),
        I::I64Load(m) | I::F64Load(m) => (m.offset, 8, None),
        I::I32Load8S(m) | I::I32Load8U(m) | I::I64Load8S(m) | I::I64Load8U(m) => {
            (m.offset, 1, None)
        }
        I::I32Load16S(m) | I::I32Load16U(m) | I::I64Load16S(m) | I::I64Load16U(m) => {
            (m.offset, 2, None)
        }
        I::I64Load32S(m) | I::I64Load32U(m) => (m.offset, 4, None),
        I::V128Load(m) => (m.offset, 16, None),
        I::I32Store(m) => (m.offset, 4, Some(I32)),
        I::F32Store(m) => (m.offset, 4, Some(F32)),
        I::I64Store(m) => (m.offset, 8, Some(I64)),
        I::F64Store(m) => (m.offset, 8, Some(F64)),
        I::I32Store8(m) => (m.offset, 1, Some(I32)),
        I::I32Store16(m) => (m.offset, 2, Some(I32)),
        I::I64Store8(m) => (m.offset, 1, Some(I64)),
        I::I64Store16(m) => (m.offset, 2, Some(I64)),
        I::I64Store32(m) => (m.offset, 4, Some(I64)),
        I::V128Store(m) => (m.offset, 16, Some(V128)),
        _ => return None,
    })
}

/// Instruments `f`; returns the data item holding its name.
pub fn instrument(f: &mut FnBuf) -> DataBuf {
    let name_sym = format!("{}_dbgname", f.name);
    let mut name = f.name.clone().into_bytes();
    name.push(0);
    let check_ty = FnTy::new(vec![ValType::I32; 3], vec![]);
    let mut scratch: Vec<(ValType, u32)> = Vec::new();
    let mut local = |f: &mut FnBuf, ty: ValType, k: usize| -> u32 {
        let n = scratch.iter().filter(|(t, _)| *t == ty).count();
        if n <= k {
            let l = f.new_local(ty);
            scratch.push((ty, l));
        }
        scratch.iter().filter(|(t, _)| *t == ty).nth(k).unwrap().1
    };
    let code = std::mem::take(&mut f.code);
    let mut out = Vec::with_capacity(code.len() * 2);
    let check = |out: &mut Vec<Op>, addr: u32, off: u64, size: Option<u32>, len: Option<u32>| {
        out.push(Op::I(I::LocalGet(addr)));
        if off != 0 {
            out.push(Op::I(I::I32Const(off as i32)));
            out.push(Op::I(I::I32Add));
        }
        match (size, len) {
            (Some(s), _) => out.push(Op::I(I::I32Const(s as i32))),
            (None, Some(l)) => out.push(Op::I(I::LocalGet(l))),
            _ => out.push(Op::I(I::I32Const(0))),
        }
        out.push(Op::DataAddr(name_sym.clone(), 0));
        out.push(Op::Call(CHECK_ACCESS.into(), check_ty.clone()));
    };
    for op in code {
        let Op::I(ins) = &op else {
            out.push(op);
            continue;
        };
        if let Some((off, size, store)) = access(ins) {
            let a = local(f, ValType::I32, 0);
            match store {
                None => {
                    out.push(Op::I(I::LocalSet(a)));
                    check(&mut out, a, off, Some(size), None);
                    out.push(Op::I(I::LocalGet(a)));
                }
                Some(vt) => {
                    let v = local(f, vt, if vt == ValType::I32 { 1 } else { 0 });
                    out.push(Op::I(I::LocalSet(v)));
                    out.push(Op::I(I::LocalSet(a)));
                    check(&mut out, a, off, Some(size), None);
                    out.push(Op::I(I::LocalGet(a)));
                    out.push(Op::I(I::LocalGet(v)));
                }
            }
            out.push(op);
            continue;
        }
        match ins {
            // [dst, src, n] / [dst, value, n]
            I::MemoryCopy { .. } | I::MemoryFill(_) => {
                let copy = matches!(ins, I::MemoryCopy { .. });
                let (d, s, n) = (
                    local(f, ValType::I32, 0),
                    local(f, ValType::I32, 1),
                    local(f, ValType::I32, 2),
                );
                out.push(Op::I(I::LocalSet(n)));
                out.push(Op::I(I::LocalSet(s)));
                out.push(Op::I(I::LocalSet(d)));
                check(&mut out, d, 0, None, Some(n));
                if copy {
                    check(&mut out, s, 0, None, Some(n));
                }
                out.push(Op::I(I::LocalGet(d)));
                out.push(Op::I(I::LocalGet(s)));
                out.push(Op::I(I::LocalGet(n)));
                out.push(op);
            }
            _ => out.push(op),
        }
    }
    f.code = out;
    DataBuf {
        name: name_sym,
        bytes: name,
        align: 1,
        relocs: vec![],
        local_symbol: true,
    }
}
