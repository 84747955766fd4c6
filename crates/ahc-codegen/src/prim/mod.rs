//! Primops and foreign calls: each pushes its results on the wasm stack.
//!
//! The semantics are those GHC 9.0.2's native code generator gives on x86_64 (the differential
//! tests' oracle), including where the documentation leaves things open: e.g. `double2Int#` of
//! NaN or of an out-of-range value is `minBound` (`cvttsd2si`), `mulIntMayOflo#` is the value
//! `imul` leaves, `pdep8#` uses the whole mask (GHC's C fallback). Families:
//! - [`num`]: `Int#`, `Word#`, `Int8#`…`Word16#`, `Char#`, narrowing, bit operations,
//!   overflow-checked and double-word arithmetic, `Double#`/`Float#` arithmetic, conversions,
//!   math functions and decodings;
//! - [`mem`]: `Addr#`, `ByteArray#`/`MutableByteArray#`, `Array#`/`SmallArray#`/`ArrayArray#`
//!   and their mutable forms, `MutVar#`, stable pointers and names, and the primops that do
//!   nothing here (`touch#`, prefetching, event tracing…).
//!
//! Anything more than a few instructions is a call to the runtime (`ahc-rts`'s `primops`
//! module, functions `ahc_prim_*`); at that boundary `Addr#` is `i32`, heap pointers `i32`,
//! integers `i64`. Primops with several results from the runtime get them through a static
//! scratch area whose address the call returns.
//!
//! Primops about evaluation and control (`seq#`, exceptions, masking, `dataToTag#`…) are in
//! `crate::control`. A primop not handled anywhere is an [`crate::Unsupported`] error naming it.

mod mem;
mod num;

use ahc_stg::{Arg, CallConv, ForeignCall, ForeignTarget, Op, PrimRep};
use wasm_encoder::{Instruction as I, ValType};

use crate::code::{FnTy, Op as COp};
use crate::expr::{Fx, R};
use crate::layout::wasm_type;

/// The wasm type used at the C-call boundary for a value of this representation: like
/// [`wasm_type`], except that addresses are 32-bit there (the callee is wasm32 code).
fn ccall_type(rep: PrimRep) -> Option<ValType> {
    match rep {
        PrimRep::Addr => Some(ValType::I32),
        PrimRep::Int8
        | PrimRep::Int16
        | PrimRep::Int32
        | PrimRep::Word8
        | PrimRep::Word16
        | PrimRep::Word32 => Some(ValType::I32),
        r => wasm_type(r),
    }
}

/// Converts a value of `rep` on the stack from its Haskell wasm type to its C-call type.
fn to_ccall(fx: &mut Fx, rep: PrimRep) {
    match rep {
        PrimRep::Addr
        | PrimRep::Int8
        | PrimRep::Int16
        | PrimRep::Int32
        | PrimRep::Word8
        | PrimRep::Word16
        | PrimRep::Word32 => fx.f.i(I::I32WrapI64),
        _ => {}
    }
}

fn from_ccall(fx: &mut Fx, rep: PrimRep) {
    match rep {
        PrimRep::Addr | PrimRep::Word8 | PrimRep::Word16 | PrimRep::Word32 => {
            fx.f.i(I::I64ExtendI32U)
        }
        PrimRep::Int8 | PrimRep::Int16 | PrimRep::Int32 => fx.f.i(I::I64ExtendI32S),
        _ => {}
    }
}

pub(crate) fn op_app<'m>(fx: &mut Fx<'_, 'm>, op: &Op, args: &[Arg], result: &[PrimRep]) -> R<()> {
    match op {
        Op::PrimOp(name) => primop(fx, name, args, result),
        Op::Foreign(fc) => foreign(fx, fc, args, result),
        Op::PrimCall { label, unit } => prim_call(fx, label, unit, args),
    }
}

/// Signatures (at the C-call boundary) of the C functions whose address Haskell takes with
/// `foreign import ccall "&f"`: the runtime calls them through the function table.
pub(crate) fn label_fn_type(name: &str) -> Option<FnTy> {
    match name {
        // `Foreign.Marshal.Alloc.finalizerFree`, `GHC.ExecutionStack.Internal`'s finalizers of
        // libdw sessions and backtraces.
        "free" | "libdwPoolRelease" | "backtraceFree" => {
            Some(FnTy::new(vec![ValType::I32], vec![]))
        }
        _ => None,
    }
}

/// C calls that collect garbage (`System.Mem`): a C call cannot, with live pointers in wasm
/// locals, so these are control transfers (like blocking primops) to the scheduler's glue,
/// which collects with every live pointer in a frame.  `Some(major)` for those labels.
pub fn collecting_call(fc: &ahc_stg::ForeignCall) -> Option<bool> {
    match &fc.target {
        ForeignTarget::Static { label, .. } => match label.as_str() {
            "performGC" | "performMajorGC" => Some(true),
            "performMinorGC" => Some(false),
            _ => None,
        },
        ForeignTarget::Dynamic => None,
    }
}

/// `foreign import prim` calls that raise: `(exception closure of base)`. They end the block.
pub(crate) fn raising_prim_call(label: &str) -> Option<&'static str> {
    Some(match label {
        "stg_raiseOverflowzh" => "base_GHCziExceptionziType_overflowException_closure",
        "stg_raiseUnderflowzh" => "base_GHCziExceptionziType_underflowException_closure",
        "stg_raiseDivZZerozh" => "base_GHCziExceptionziType_divZZeroException_closure",
        _ => return None,
    })
}

/// The value-computing `foreign import prim` calls of ghc-prim and base (GHC implements them
/// in Cmm: `CastFloatWord.cmm`, `stg_paniczh`, the allocation counter).
fn prim_call(fx: &mut Fx, label: &str, unit: &str, args: &[Arg]) -> R<()> {
    let mut p = Prim {
        fx,
        name: label,
        args,
    };
    match label {
        "stg_word32ToFloatzh" => {
            p.arg(0)?;
            p.ins(&[I::I32WrapI64, I::F32ReinterpretI32]);
        }
        "stg_floatToWord32zh" => {
            p.arg(0)?;
            p.ins(&[I::I32ReinterpretF32, I::I64ExtendI32U]);
        }
        "stg_word64ToDoublezh" => {
            p.arg(0)?;
            p.i(I::F64ReinterpretI64);
        }
        "stg_doubleToWord64zh" => {
            p.arg(0)?;
            p.i(I::I64ReinterpretF64);
        }
        // GHC counts allocation per thread only when asked to (`setAllocationCounter`); ahc
        // does not keep the counter: it reads as 0.
        "stg_getThreadAllocationCounterzh" => p.i(I::I64Const(0)),
        // `GHC.Prim.Panic.panic#`: an internal error with GHC's wording.
        "stg_paniczh" => {
            p.arg32(0)?;
            p.call(ahc_abi::rts_syms::BARF, &[ValType::I32], &[]);
            p.i(I::Unreachable);
        }
        _ => {
            return Err(p.fx.mc.unsupported(
                p.fx.owner,
                format!("foreign import prim `{label}` (from {unit})"),
            ))
        }
    }
    Ok(())
}

/// C functions with variable arguments: each signature Haskell calls them with is its own
/// runtime function, `ahc_c_<name>_<one letter per argument: n i64, a i32, f f32, d f64>`.
const VARIADIC: &[&str] = &["fcntl", "ioctl", "open", "printf"];

/// The C function a `capi` call reaches. GHC compiles each `capi` import to a C wrapper named
/// `ghczuwrapperZC<n>ZC<unit>ZC<module>ZC<function>` (z-encoded), which the runtime does not
/// have: the call goes to the function itself.
fn capi_function(label: &str) -> String {
    match label.strip_prefix("ghczuwrapperZC") {
        Some(rest) => crate::names::zdecode(rest.rsplit("ZC").next().unwrap_or(rest)),
        None => label.to_string(),
    }
}

fn foreign(fx: &mut Fx, fc: &ForeignCall, args: &[Arg], result: &[PrimRep]) -> R<()> {
    let label = match (&fc.target, fc.conv) {
        (
            ForeignTarget::Static {
                label,
                is_function: true,
            },
            CallConv::CCall,
        ) => label.clone(),
        (
            ForeignTarget::Static {
                label,
                is_function: true,
            },
            CallConv::CApi,
        ) => capi_function(label),
        (t, c) => {
            return Err(fx
                .mc
                .unsupported(fx.owner, format!("foreign call {c:?} to {t:?}")))
        }
    };
    let mut params = Vec::new();
    for a in args {
        let rep = fx.atom_rep(a)?;
        if fx.atom(a)?.is_some() {
            to_ccall(fx, rep);
            params.push(ccall_type(rep).unwrap());
        }
    }
    let res: Vec<PrimRep> = result
        .iter()
        .copied()
        .filter(|r| wasm_type(*r).is_some())
        .collect();
    if res.len() > 1 {
        return Err(fx.mc.unsupported(
            fx.owner,
            format!("foreign call `{label}` returning several values"),
        ));
    }
    let results: Vec<ValType> = res.iter().map(|r| ccall_type(*r).unwrap()).collect();
    let mut sym = ahc_abi::ccall_symbol(&label).to_string();
    if VARIADIC.contains(&label.as_str()) {
        sym.push('_');
        sym.extend(params.iter().map(|t| match t {
            ValType::I32 => 'a',
            ValType::I64 => 'n',
            ValType::F32 => 'f',
            _ => 'd',
        }));
    }
    fx.f.op(COp::Call(sym, FnTy::new(params, results)));
    if let Some(r) = res.first() {
        from_ccall(fx, *r);
    }
    Ok(())
}

fn primop(fx: &mut Fx, name: &str, args: &[Arg], result: &[PrimRep]) -> R<()> {
    let _ = result;
    let mut p = Prim { fx, name, args };
    if num::primop(&mut p)? || mem::primop(&mut p)? {
        return Ok(());
    }
    Err(p.fx.err(format!("primop {name}")))
}

/// One primop application being compiled, with helpers for its arguments.
pub(super) struct Prim<'p, 'a, 'm> {
    pub fx: &'p mut Fx<'a, 'm>,
    pub name: &'p str,
    pub args: &'p [Arg],
}

impl Prim<'_, '_, '_> {
    pub fn i(&mut self, ins: I<'static>) {
        self.fx.f.i(ins);
    }

    pub fn ins(&mut self, seq: &[I<'static>]) {
        for ins in seq {
            self.fx.f.i(ins.clone());
        }
    }

    /// An error for a malformed application (wrong number or kind of arguments).
    pub fn bad(&self, what: &str) -> crate::Unsupported {
        self.fx.err(format!(
            "internal: primop {} with {} arguments: {what}",
            self.name,
            self.args.len()
        ))
    }

    /// Pushes argument `k`, which must not be void; returns its wasm type.
    pub fn arg(&mut self, k: usize) -> R<ValType> {
        let a = self
            .args
            .get(k)
            .ok_or_else(|| self.bad("missing argument"))?;
        self.fx
            .atom(a)?
            .ok_or_else(|| self.bad("void argument where a value was expected"))
    }

    /// Pushes argument `k` and wraps it to `i32` (an `Addr#` or integer used as an address
    /// or length).
    pub fn arg32(&mut self, k: usize) -> R<()> {
        if self.arg(k)? == ValType::I64 {
            self.i(I::I32WrapI64);
        }
        Ok(())
    }

    /// Argument `k` as a non-negative literal, if it is one.
    pub fn lit_arg(&self, k: usize) -> Option<u64> {
        match self.args.get(k) {
            Some(Arg::Lit(ahc_stg::Literal::Number(_, v))) if *v >= 0 => Some(*v as u64),
            _ => None,
        }
    }

    /// Stores argument `k` in a new local.
    pub fn local(&mut self, k: usize) -> R<u32> {
        let t = self.arg(k)?;
        Ok(self.set_new(t))
    }

    /// Pops the value on top of the stack into a new local of type `t`.
    pub fn set_new(&mut self, t: ValType) -> u32 {
        let l = self.fx.f.new_local(t);
        self.i(I::LocalSet(l));
        l
    }

    /// Calls a runtime function.
    pub fn call(&mut self, sym: &str, params: &[ValType], results: &[ValType]) {
        self.fx.f.op(COp::Call(
            sym.to_string(),
            FnTy::new(params.to_vec(), results.to_vec()),
        ));
    }
}
