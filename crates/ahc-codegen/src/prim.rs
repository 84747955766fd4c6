//! Primops and foreign calls: each pushes its results on the wasm stack.
//!
//! Inline primops map to a few wasm instructions with the semantics GHC gives them on x86_64
//! (e.g. `double2Int#` of NaN or out-of-range values is `minBound`, as `cvttsd2si` gives).
//! A primop not listed here is an [`crate::Unsupported`] error naming it.

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
        Op::PrimCall { label, unit } => Err(fx.mc.unsupported(
            fx.owner,
            format!("foreign import prim `{label}` (from {unit})"),
        )),
    }
}

fn foreign(fx: &mut Fx, fc: &ForeignCall, args: &[Arg], result: &[PrimRep]) -> R<()> {
    let label = match (&fc.target, fc.conv) {
        (
            ForeignTarget::Static {
                label,
                is_function: true,
            },
            CallConv::CCall | CallConv::CApi,
        ) => label.clone(),
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
    fx.f.op(COp::Call(
        ahc_abi::ccall_symbol(&label).to_string(),
        FnTy::new(params, results),
    ));
    if let Some(r) = res.first() {
        from_ccall(fx, *r);
    }
    Ok(())
}

enum Shape {
    /// Two operands, one instruction.
    Bin(I<'static>),
    /// Two operands, a comparison giving an `i32` that becomes an `Int#` 0/1.
    Cmp(I<'static>),
    /// One operand, a sequence of instructions.
    Un(&'static [I<'static>]),
}

fn shape(name: &str) -> Option<Shape> {
    use Shape::*;
    Some(match name {
        "+#" | "plusWord#" => Bin(I::I64Add),
        "-#" | "minusWord#" => Bin(I::I64Sub),
        "*#" | "timesWord#" => Bin(I::I64Mul),
        "quotInt#" => Bin(I::I64DivS),
        "remInt#" => Bin(I::I64RemS),
        "quotWord#" => Bin(I::I64DivU),
        "remWord#" => Bin(I::I64RemU),
        "andI#" | "and#" => Bin(I::I64And),
        "orI#" | "or#" => Bin(I::I64Or),
        "xorI#" | "xor#" => Bin(I::I64Xor),
        "uncheckedIShiftL#" | "uncheckedShiftL#" => Bin(I::I64Shl),
        "uncheckedIShiftRA#" => Bin(I::I64ShrS),
        "uncheckedIShiftRL#" | "uncheckedShiftRL#" => Bin(I::I64ShrU),
        "==#" | "eqWord#" | "eqChar#" | "eqAddr#" => Cmp(I::I64Eq),
        "/=#" | "neWord#" | "neChar#" | "neAddr#" => Cmp(I::I64Ne),
        "<#" => Cmp(I::I64LtS),
        "<=#" => Cmp(I::I64LeS),
        ">#" => Cmp(I::I64GtS),
        ">=#" => Cmp(I::I64GeS),
        "ltWord#" | "ltChar#" | "ltAddr#" => Cmp(I::I64LtU),
        "leWord#" | "leChar#" | "leAddr#" => Cmp(I::I64LeU),
        "gtWord#" | "gtChar#" | "gtAddr#" => Cmp(I::I64GtU),
        "geWord#" | "geChar#" | "geAddr#" => Cmp(I::I64GeU),
        "+##" => Bin(I::F64Add),
        "-##" => Bin(I::F64Sub),
        "*##" => Bin(I::F64Mul),
        "/##" => Bin(I::F64Div),
        "==##" => Cmp(I::F64Eq),
        "/=##" => Cmp(I::F64Ne),
        "<##" => Cmp(I::F64Lt),
        "<=##" => Cmp(I::F64Le),
        ">##" => Cmp(I::F64Gt),
        ">=##" => Cmp(I::F64Ge),
        "plusFloat#" => Bin(I::F32Add),
        "minusFloat#" => Bin(I::F32Sub),
        "timesFloat#" => Bin(I::F32Mul),
        "divideFloat#" => Bin(I::F32Div),
        "eqFloat#" => Cmp(I::F32Eq),
        "neFloat#" => Cmp(I::F32Ne),
        "ltFloat#" => Cmp(I::F32Lt),
        "leFloat#" => Cmp(I::F32Le),
        "gtFloat#" => Cmp(I::F32Gt),
        "geFloat#" => Cmp(I::F32Ge),
        "notI#" | "not#" => Un(&[I::I64Const(-1), I::I64Xor]),
        "int2Word#" | "word2Int#" | "ord#" | "chr#" | "addr2Int#" | "int2Addr#" => Un(&[]),
        "narrow8Int#" => Un(&[I::I64Extend8S]),
        "narrow16Int#" => Un(&[I::I64Extend16S]),
        "narrow32Int#" => Un(&[I::I64Extend32S]),
        "narrow8Word#" => Un(&[I::I64Const(0xff), I::I64And]),
        "narrow16Word#" => Un(&[I::I64Const(0xffff), I::I64And]),
        "narrow32Word#" => Un(&[I::I64Const(0xffff_ffff), I::I64And]),
        "popCnt#" | "popCnt64#" => Un(&[I::I64Popcnt]),
        "popCnt8#" => Un(&[I::I64Const(0xff), I::I64And, I::I64Popcnt]),
        "popCnt16#" => Un(&[I::I64Const(0xffff), I::I64And, I::I64Popcnt]),
        "popCnt32#" => Un(&[I::I64Const(0xffff_ffff), I::I64And, I::I64Popcnt]),
        "clz#" | "clz64#" => Un(&[I::I64Clz]),
        "ctz#" | "ctz64#" => Un(&[I::I64Ctz]),
        "negateDouble#" => Un(&[I::F64Neg]),
        "fabsDouble#" => Un(&[I::F64Abs]),
        "sqrtDouble#" => Un(&[I::F64Sqrt]),
        "int2Double#" => Un(&[I::F64ConvertI64S]),
        "word2Double#" => Un(&[I::F64ConvertI64U]),
        "double2Float#" => Un(&[I::F32DemoteF64]),
        "float2Double#" => Un(&[I::F64PromoteF32]),
        "negateFloat#" => Un(&[I::F32Neg]),
        "fabsFloat#" => Un(&[I::F32Abs]),
        "sqrtFloat#" => Un(&[I::F32Sqrt]),
        "int2Float#" => Un(&[I::F32ConvertI64S]),
        "word2Float#" => Un(&[I::F32ConvertI64U]),
        _ => return None,
    })
}

fn primop(fx: &mut Fx, name: &str, args: &[Arg], result: &[PrimRep]) -> R<()> {
    let bad_arity = |fx: &Fx| {
        fx.mc.unsupported(
            fx.owner,
            format!("internal: primop {name} with {} arguments", args.len()),
        )
    };
    if let Some(s) = shape(name) {
        match s {
            Shape::Bin(ins) | Shape::Cmp(ins) if args.len() == 2 => {
                let cmp = matches!(shape(name), Some(Shape::Cmp(_)));
                fx.atom(&args[0])?;
                fx.atom(&args[1])?;
                fx.f.i(ins);
                if cmp {
                    fx.f.i(I::I64ExtendI32U);
                }
            }
            Shape::Un(seq) if args.len() == 1 => {
                fx.atom(&args[0])?;
                for ins in seq {
                    fx.f.i(ins.clone());
                }
            }
            _ => return Err(bad_arity(fx)),
        }
        return Ok(());
    }
    match name {
        "negateInt#" => {
            fx.f.i(I::I64Const(0));
            fx.atom(&args[0])?;
            fx.f.i(I::I64Sub);
        }
        // x86_64's cvttsd2si: NaN and out-of-range values give minBound.
        "double2Int#" | "float2Int#" => {
            let (ty, abs, lt, limit, trunc): (ValType, I, I, I, I) = if name == "double2Int#" {
                (
                    ValType::F64,
                    I::F64Abs,
                    I::F64Lt,
                    I::F64Const((2.0f64).powi(63).into()),
                    I::I64TruncSatF64S,
                )
            } else {
                (
                    ValType::F32,
                    I::F32Abs,
                    I::F32Lt,
                    I::F32Const((2.0f32).powi(63).into()),
                    I::I64TruncSatF32S,
                )
            };
            let x = fx.f.new_local(ty);
            fx.atom(&args[0])?;
            fx.f.i(I::LocalSet(x));
            fx.f.i(I::LocalGet(x));
            fx.f.i(trunc);
            fx.f.i(I::I64Const(i64::MIN));
            fx.f.i(I::LocalGet(x));
            fx.f.i(abs);
            fx.f.i(limit);
            fx.f.i(lt);
            fx.f.i(I::Select);
        }
        "quotRemInt#" | "quotRemWord#" => {
            let signed = name == "quotRemInt#";
            let (a, b) = (fx.f.new_local(ValType::I64), fx.f.new_local(ValType::I64));
            fx.atom(&args[0])?;
            fx.f.i(I::LocalSet(a));
            fx.atom(&args[1])?;
            fx.f.i(I::LocalSet(b));
            fx.f.i(I::LocalGet(a));
            fx.f.i(I::LocalGet(b));
            fx.f.i(if signed { I::I64DivS } else { I::I64DivU });
            fx.f.i(I::LocalGet(a));
            fx.f.i(I::LocalGet(b));
            fx.f.i(if signed { I::I64RemS } else { I::I64RemU });
        }
        // (# sum, overflow flag #): signed overflow iff both operands' signs differ from the result's.
        "addIntC#" | "subIntC#" => {
            let (a, b, s) = (
                fx.f.new_local(ValType::I64),
                fx.f.new_local(ValType::I64),
                fx.f.new_local(ValType::I64),
            );
            fx.atom(&args[0])?;
            fx.f.i(I::LocalSet(a));
            fx.atom(&args[1])?;
            fx.f.i(I::LocalSet(b));
            fx.f.i(I::LocalGet(a));
            fx.f.i(I::LocalGet(b));
            fx.f.i(if name == "addIntC#" {
                I::I64Add
            } else {
                I::I64Sub
            });
            fx.f.i(I::LocalTee(s));
            // add: (a ^ s) & (b ^ s) < 0;  sub: (a ^ b) & (a ^ s) < 0
            if name == "addIntC#" {
                fx.f.i(I::LocalGet(a));
                fx.f.i(I::LocalGet(s));
                fx.f.i(I::I64Xor);
                fx.f.i(I::LocalGet(b));
                fx.f.i(I::LocalGet(s));
                fx.f.i(I::I64Xor);
            } else {
                fx.f.i(I::LocalGet(a));
                fx.f.i(I::LocalGet(b));
                fx.f.i(I::I64Xor);
                fx.f.i(I::LocalGet(a));
                fx.f.i(I::LocalGet(s));
                fx.f.i(I::I64Xor);
            }
            fx.f.i(I::I64And);
            fx.f.i(I::I64Const(63));
            fx.f.i(I::I64ShrU);
        }
        // (# sum, carry #) for unsigned addition / (# difference, borrow #) for subtraction.
        "addWordC#" | "plusWord2#" | "subWordC#" => {
            let (a, b, s) = (
                fx.f.new_local(ValType::I64),
                fx.f.new_local(ValType::I64),
                fx.f.new_local(ValType::I64),
            );
            fx.atom(&args[0])?;
            fx.f.i(I::LocalSet(a));
            fx.atom(&args[1])?;
            fx.f.i(I::LocalSet(b));
            let sub = name == "subWordC#";
            fx.f.i(I::LocalGet(a));
            fx.f.i(I::LocalGet(b));
            fx.f.i(if sub { I::I64Sub } else { I::I64Add });
            fx.f.i(I::LocalSet(s));
            if name == "plusWord2#" {
                // (# high, low #)
                fx.f.i(I::LocalGet(s));
                fx.f.i(I::LocalGet(a));
                fx.f.i(I::I64LtU);
                fx.f.i(I::I64ExtendI32U);
                fx.f.i(I::LocalGet(s));
            } else {
                fx.f.i(I::LocalGet(s));
                if sub {
                    fx.f.i(I::LocalGet(a));
                    fx.f.i(I::LocalGet(b));
                } else {
                    fx.f.i(I::LocalGet(s));
                    fx.f.i(I::LocalGet(a));
                }
                fx.f.i(I::I64LtU);
                fx.f.i(I::I64ExtendI32U);
            }
        }
        _ => {
            let _ = result;
            return Err(fx.mc.unsupported(fx.owner, format!("primop {name}")));
        }
    }
    Ok(())
}
