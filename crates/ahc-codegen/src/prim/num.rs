//! Numeric primops: `Int#`, `Word#`, the sized integers, `Char#`, `Double#`, `Float#`.
//!
//! ## Sized integers (`Int8#`, `Word8#`, `Int16#`, `Word16#`)
//! A sized value lives in an `i64` *normalised*: sign-extended (`IntN#`) or zero-extended
//! (`WordN#`) from its width. Every primop producing one normalises its result (the only
//! producers are these primops and the C-call boundary, which extends), so `extendInt8#` is
//! free and comparisons are the 64-bit ones.
//!
//! ## Where the x86_64 semantics show
//! - Shifts by the word size or more are undefined in GHC; wasm takes the count modulo 64, as
//!   x86's `shl`/`sar`/`shr` do.
//! - Division by zero and `minBound `quot` (-1)` trap in wasm (x86 raises SIGFPE); the
//!   libraries check before dividing.
//! - `clzN#`/`ctzN#`/`popCntN#`/`byteSwapN#`/`bitReverseN#` look only at the low `N` bits;
//!   `pdepN#`/`pextN#` use the whole mask (GHC's C fallbacks, used without `-mbmi2`).
//! - Float-to-int conversions truncate; NaN and out-of-range values give `minBound`
//!   (`cvttsd2si`).

use wasm_encoder::{Instruction as I, ValType};

use super::Prim;
use crate::expr::R;

use ValType::{F32, F64, I64};

enum Shape {
    /// Two operands, then a sequence of instructions.
    Bin(&'static [I<'static>]),
    /// Two operands, a comparison giving an `i32` that becomes an `Int#` 0/1.
    Cmp(I<'static>),
    /// One operand, then a sequence of instructions.
    Un(&'static [I<'static>]),
    /// A runtime function on the operands (all of one wasm type), then a sequence of
    /// instructions on its result.
    Rt(&'static str, u32, ValType, &'static [I<'static>]),
}

/// Comparisons of the sized types: `eqInt8#` … (signed or unsigned by the type).
fn sized_cmp(name: &str) -> Option<Shape> {
    let rest = name.strip_suffix('#')?;
    let (op, ty) = rest.split_at(rest.len().min(2));
    if !matches!(ty, "Int8" | "Int16" | "Word8" | "Word16") {
        return None;
    }
    let signed = ty.starts_with("Int");
    Some(Shape::Cmp(match (op, signed) {
        ("eq", _) => I::I64Eq,
        ("ne", _) => I::I64Ne,
        ("lt", true) => I::I64LtS,
        ("le", true) => I::I64LeS,
        ("gt", true) => I::I64GtS,
        ("ge", true) => I::I64GeS,
        ("lt", false) => I::I64LtU,
        ("le", false) => I::I64LeU,
        ("gt", false) => I::I64GtU,
        ("ge", false) => I::I64GeU,
        _ => return None,
    }))
}

fn shape(name: &str) -> Option<Shape> {
    use Shape::*;
    if let Some(s) = sized_cmp(name) {
        return Some(s);
    }
    const MASK8: I<'static> = I::I64Const(0xff);
    const MASK16: I<'static> = I::I64Const(0xffff);
    const MASK32: I<'static> = I::I64Const(0xffff_ffff);
    Some(match name {
        // ----- Int#, Word#, Char#, Addr# comparisons -----
        "+#" | "plusWord#" | "plusAddr#" => Bin(&[I::I64Add]),
        "-#" | "minusWord#" | "minusAddr#" => Bin(&[I::I64Sub]),
        "*#" | "timesWord#" => Bin(&[I::I64Mul]),
        "quotInt#" => Bin(&[I::I64DivS]),
        "remInt#" | "remAddr#" => Bin(&[I::I64RemS]),
        "quotWord#" => Bin(&[I::I64DivU]),
        "remWord#" => Bin(&[I::I64RemU]),
        "andI#" | "and#" => Bin(&[I::I64And]),
        "orI#" | "or#" => Bin(&[I::I64Or]),
        "xorI#" | "xor#" => Bin(&[I::I64Xor]),
        "uncheckedIShiftL#" | "uncheckedShiftL#" => Bin(&[I::I64Shl]),
        "uncheckedIShiftRA#" => Bin(&[I::I64ShrS]),
        "uncheckedIShiftRL#" | "uncheckedShiftRL#" => Bin(&[I::I64ShrU]),
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
        "notI#" | "not#" => Un(&[I::I64Const(-1), I::I64Xor]),
        "negateInt#" => Un(&[I::I64Const(-1), I::I64Mul]),
        "int2Word#" | "word2Int#" | "ord#" | "chr#" | "addr2Int#" | "int2Addr#" => Un(&[]),
        "mulIntMayOflo#" => Rt("ahc_prim_mul_int_may_oflo", 2, I64, &[]),

        // ----- narrowing and the sized types -----
        "narrow8Int#" | "narrowInt8#" => Un(&[I::I64Extend8S]),
        "narrow16Int#" | "narrowInt16#" => Un(&[I::I64Extend16S]),
        "narrow32Int#" => Un(&[I::I64Extend32S]),
        "narrow8Word#" | "narrowWord8#" => Un(&[MASK8, I::I64And]),
        "narrow16Word#" | "narrowWord16#" => Un(&[MASK16, I::I64And]),
        "narrow32Word#" => Un(&[MASK32, I::I64And]),
        "extendInt8#" | "extendInt16#" | "extendWord8#" | "extendWord16#" => Un(&[]),
        "negateInt8#" => Un(&[I::I64Const(-1), I::I64Mul, I::I64Extend8S]),
        "negateInt16#" => Un(&[I::I64Const(-1), I::I64Mul, I::I64Extend16S]),
        "plusInt8#" => Bin(&[I::I64Add, I::I64Extend8S]),
        "subInt8#" => Bin(&[I::I64Sub, I::I64Extend8S]),
        "timesInt8#" => Bin(&[I::I64Mul, I::I64Extend8S]),
        "quotInt8#" => Bin(&[I::I64DivS, I::I64Extend8S]),
        "remInt8#" | "remInt16#" => Bin(&[I::I64RemS]),
        "plusInt16#" => Bin(&[I::I64Add, I::I64Extend16S]),
        "subInt16#" => Bin(&[I::I64Sub, I::I64Extend16S]),
        "timesInt16#" => Bin(&[I::I64Mul, I::I64Extend16S]),
        "quotInt16#" => Bin(&[I::I64DivS, I::I64Extend16S]),
        "notWord8#" => Un(&[MASK8, I::I64Xor]),
        "plusWord8#" => Bin(&[I::I64Add, MASK8, I::I64And]),
        "subWord8#" => Bin(&[I::I64Sub, MASK8, I::I64And]),
        "timesWord8#" => Bin(&[I::I64Mul, MASK8, I::I64And]),
        "quotWord8#" | "quotWord16#" => Bin(&[I::I64DivU]),
        "remWord8#" | "remWord16#" => Bin(&[I::I64RemU]),
        "notWord16#" => Un(&[MASK16, I::I64Xor]),
        "plusWord16#" => Bin(&[I::I64Add, MASK16, I::I64And]),
        "subWord16#" => Bin(&[I::I64Sub, MASK16, I::I64And]),
        "timesWord16#" => Bin(&[I::I64Mul, MASK16, I::I64And]),

        // ----- bit operations -----
        "popCnt#" | "popCnt64#" => Un(&[I::I64Popcnt]),
        "popCnt8#" => Un(&[MASK8, I::I64And, I::I64Popcnt]),
        "popCnt16#" => Un(&[MASK16, I::I64And, I::I64Popcnt]),
        "popCnt32#" => Un(&[MASK32, I::I64And, I::I64Popcnt]),
        "clz#" | "clz64#" => Un(&[I::I64Clz]),
        "clz8#" => Un(&[MASK8, I::I64And, I::I64Clz, I::I64Const(56), I::I64Sub]),
        "clz16#" => Un(&[MASK16, I::I64And, I::I64Clz, I::I64Const(48), I::I64Sub]),
        "clz32#" => Un(&[MASK32, I::I64And, I::I64Clz, I::I64Const(32), I::I64Sub]),
        "ctz#" | "ctz64#" => Un(&[I::I64Ctz]),
        "ctz8#" => Un(&[I::I64Const(0x100), I::I64Or, I::I64Ctz]),
        "ctz16#" => Un(&[I::I64Const(0x1_0000), I::I64Or, I::I64Ctz]),
        "ctz32#" => Un(&[I::I64Const(0x1_0000_0000), I::I64Or, I::I64Ctz]),
        "byteSwap#" | "byteSwap64#" => Rt("ahc_prim_bswap64", 1, I64, &[]),
        "byteSwap32#" => Rt("ahc_prim_bswap64", 1, I64, &[I::I64Const(32), I::I64ShrU]),
        "byteSwap16#" => Rt("ahc_prim_bswap64", 1, I64, &[I::I64Const(48), I::I64ShrU]),
        "bitReverse#" | "bitReverse64#" => Rt("ahc_prim_bitrev64", 1, I64, &[]),
        "bitReverse32#" => Rt("ahc_prim_bitrev64", 1, I64, &[I::I64Const(32), I::I64ShrU]),
        "bitReverse16#" => Rt("ahc_prim_bitrev64", 1, I64, &[I::I64Const(48), I::I64ShrU]),
        "bitReverse8#" => Rt("ahc_prim_bitrev64", 1, I64, &[I::I64Const(56), I::I64ShrU]),
        "pdep#" | "pdep64#" | "pdep32#" | "pdep16#" | "pdep8#" => Rt("ahc_prim_pdep", 2, I64, &[]),
        "pext#" | "pext64#" | "pext32#" | "pext16#" | "pext8#" => Rt("ahc_prim_pext", 2, I64, &[]),

        // ----- Double# -----
        "+##" => Bin(&[I::F64Add]),
        "-##" => Bin(&[I::F64Sub]),
        "*##" => Bin(&[I::F64Mul]),
        "/##" => Bin(&[I::F64Div]),
        "==##" => Cmp(I::F64Eq),
        "/=##" => Cmp(I::F64Ne),
        "<##" => Cmp(I::F64Lt),
        "<=##" => Cmp(I::F64Le),
        ">##" => Cmp(I::F64Gt),
        ">=##" => Cmp(I::F64Ge),
        "negateDouble#" => Un(&[I::F64Neg]),
        "fabsDouble#" => Un(&[I::F64Abs]),
        "sqrtDouble#" => Un(&[I::F64Sqrt]),
        "int2Double#" => Un(&[I::F64ConvertI64S]),
        "word2Double#" => Un(&[I::F64ConvertI64U]),
        "double2Float#" => Un(&[I::F32DemoteF64]),
        "float2Double#" => Un(&[I::F64PromoteF32]),
        "expDouble#" => Rt("ahc_prim_exp", 1, F64, &[]),
        "expm1Double#" => Rt("ahc_prim_expm1", 1, F64, &[]),
        "logDouble#" => Rt("ahc_prim_log", 1, F64, &[]),
        "log1pDouble#" => Rt("ahc_prim_log1p", 1, F64, &[]),
        "sinDouble#" => Rt("ahc_prim_sin", 1, F64, &[]),
        "cosDouble#" => Rt("ahc_prim_cos", 1, F64, &[]),
        "tanDouble#" => Rt("ahc_prim_tan", 1, F64, &[]),
        "asinDouble#" => Rt("ahc_prim_asin", 1, F64, &[]),
        "acosDouble#" => Rt("ahc_prim_acos", 1, F64, &[]),
        "atanDouble#" => Rt("ahc_prim_atan", 1, F64, &[]),
        "sinhDouble#" => Rt("ahc_prim_sinh", 1, F64, &[]),
        "coshDouble#" => Rt("ahc_prim_cosh", 1, F64, &[]),
        "tanhDouble#" => Rt("ahc_prim_tanh", 1, F64, &[]),
        "asinhDouble#" => Rt("ahc_prim_asinh", 1, F64, &[]),
        "acoshDouble#" => Rt("ahc_prim_acosh", 1, F64, &[]),
        "atanhDouble#" => Rt("ahc_prim_atanh", 1, F64, &[]),
        "**##" => Rt("ahc_prim_pow", 2, F64, &[]),

        // ----- Float# -----
        "plusFloat#" => Bin(&[I::F32Add]),
        "minusFloat#" => Bin(&[I::F32Sub]),
        "timesFloat#" => Bin(&[I::F32Mul]),
        "divideFloat#" => Bin(&[I::F32Div]),
        "eqFloat#" => Cmp(I::F32Eq),
        "neFloat#" => Cmp(I::F32Ne),
        "ltFloat#" => Cmp(I::F32Lt),
        "leFloat#" => Cmp(I::F32Le),
        "gtFloat#" => Cmp(I::F32Gt),
        "geFloat#" => Cmp(I::F32Ge),
        "negateFloat#" => Un(&[I::F32Neg]),
        "fabsFloat#" => Un(&[I::F32Abs]),
        "sqrtFloat#" => Un(&[I::F32Sqrt]),
        "int2Float#" => Un(&[I::F32ConvertI64S]),
        "word2Float#" => Un(&[I::F32ConvertI64U]),
        "expFloat#" => Rt("ahc_prim_expf", 1, F32, &[]),
        "expm1Float#" => Rt("ahc_prim_expm1f", 1, F32, &[]),
        "logFloat#" => Rt("ahc_prim_logf", 1, F32, &[]),
        "log1pFloat#" => Rt("ahc_prim_log1pf", 1, F32, &[]),
        "sinFloat#" => Rt("ahc_prim_sinf", 1, F32, &[]),
        "cosFloat#" => Rt("ahc_prim_cosf", 1, F32, &[]),
        "tanFloat#" => Rt("ahc_prim_tanf", 1, F32, &[]),
        "asinFloat#" => Rt("ahc_prim_asinf", 1, F32, &[]),
        "acosFloat#" => Rt("ahc_prim_acosf", 1, F32, &[]),
        "atanFloat#" => Rt("ahc_prim_atanf", 1, F32, &[]),
        "sinhFloat#" => Rt("ahc_prim_sinhf", 1, F32, &[]),
        "coshFloat#" => Rt("ahc_prim_coshf", 1, F32, &[]),
        "tanhFloat#" => Rt("ahc_prim_tanhf", 1, F32, &[]),
        "asinhFloat#" => Rt("ahc_prim_asinhf", 1, F32, &[]),
        "acoshFloat#" => Rt("ahc_prim_acoshf", 1, F32, &[]),
        "atanhFloat#" => Rt("ahc_prim_atanhf", 1, F32, &[]),
        "powerFloat#" => Rt("ahc_prim_powf", 2, F32, &[]),
        _ => return None,
    })
}

/// Compiles `p` if it is a numeric primop.
pub(super) fn primop(p: &mut Prim) -> R<bool> {
    if let Some(s) = shape(p.name) {
        match s {
            Shape::Bin(seq) => {
                p.arg(0)?;
                p.arg(1)?;
                p.ins(seq);
            }
            Shape::Cmp(ins) => {
                p.arg(0)?;
                p.arg(1)?;
                p.i(ins);
                p.i(I::I64ExtendI32U);
            }
            Shape::Un(seq) => {
                p.arg(0)?;
                p.ins(seq);
            }
            Shape::Rt(sym, n, ty, seq) => {
                for k in 0..n as usize {
                    p.arg(k)?;
                }
                p.call(sym, &vec![ty; n as usize], &[ty]);
                p.ins(seq);
            }
        }
        return Ok(true);
    }
    match p.name {
        "double2Int#" => float_to_int(p, F64)?,
        "float2Int#" => float_to_int(p, F32)?,
        "quotRemInt#" => quot_rem(p, true, None)?,
        "quotRemWord#" | "quotRemWord8#" | "quotRemWord16#" => quot_rem(p, false, None)?,
        "quotRemInt8#" => quot_rem(p, true, Some(I::I64Extend8S))?,
        "quotRemInt16#" => quot_rem(p, true, Some(I::I64Extend16S))?,
        "addIntC#" | "subIntC#" => int_carry(p)?,
        "addWordC#" | "subWordC#" | "plusWord2#" => word_carry(p)?,
        "timesWord2#" => {
            // (# high, low #)
            let (a, b) = (p.local(0)?, p.local(1)?);
            p.ins(&[I::LocalGet(a), I::LocalGet(b)]);
            p.call("ahc_prim_umulh", &[I64, I64], &[I64]);
            p.ins(&[I::LocalGet(a), I::LocalGet(b), I::I64Mul]);
        }
        "timesInt2#" => {
            // (# high part needed, high, low #): needed iff high is not low's sign extension.
            let (a, b) = (p.local(0)?, p.local(1)?);
            p.ins(&[I::LocalGet(a), I::LocalGet(b)]);
            p.call("ahc_prim_smulh", &[I64, I64], &[I64]);
            let hi = p.set_new(I64);
            p.ins(&[I::LocalGet(a), I::LocalGet(b), I::I64Mul]);
            let lo = p.set_new(I64);
            p.ins(&[
                I::LocalGet(hi),
                I::LocalGet(lo),
                I::I64Const(63),
                I::I64ShrS,
                I::I64Ne,
                I::I64ExtendI32U,
                I::LocalGet(hi),
                I::LocalGet(lo),
            ]);
        }
        "quotRemWord2#" => {
            // (# quotient, remainder #) of high:low by d; remainder = low - q * d (mod 2^64).
            let (hi, lo, d) = (p.local(0)?, p.local(1)?, p.local(2)?);
            p.ins(&[I::LocalGet(hi), I::LocalGet(lo), I::LocalGet(d)]);
            p.call("ahc_prim_quot_word2", &[I64, I64, I64], &[I64]);
            let q = p.set_new(I64);
            p.ins(&[
                I::LocalGet(q),
                I::LocalGet(lo),
                I::LocalGet(q),
                I::LocalGet(d),
                I::I64Mul,
                I::I64Sub,
            ]);
        }
        "decodeDouble_2Int#" => decode(p, F64, "ahc_prim_decode_double_2int", 4)?,
        "decodeDouble_Int64#" => decode(p, F64, "ahc_prim_decode_double_int64", 2)?,
        "decodeFloat_Int#" => decode(p, F32, "ahc_prim_decode_float_int", 2)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// x86_64's `cvttsd2si`/`cvttss2si`: truncation; NaN and out-of-range values give `minBound`.
fn float_to_int(p: &mut Prim, ty: ValType) -> R<()> {
    let x = p.local(0)?;
    let (abs, lt, limit, trunc) = if ty == F64 {
        (
            I::F64Abs,
            I::F64Lt,
            I::F64Const(2f64.powi(63).into()),
            I::I64TruncSatF64S,
        )
    } else {
        (
            I::F32Abs,
            I::F32Lt,
            I::F32Const(2f32.powi(63).into()),
            I::I64TruncSatF32S,
        )
    };
    p.ins(&[
        I::LocalGet(x),
        trunc,
        I::I64Const(i64::MIN),
        I::LocalGet(x),
        abs,
        limit,
        lt,
        I::Select,
    ]);
    Ok(())
}

/// `(# quot, rem #)`, the quotient normalised by `norm` for the sized signed types.
fn quot_rem(p: &mut Prim, signed: bool, norm: Option<I<'static>>) -> R<()> {
    let (a, b) = (p.local(0)?, p.local(1)?);
    p.ins(&[
        I::LocalGet(a),
        I::LocalGet(b),
        if signed { I::I64DivS } else { I::I64DivU },
    ]);
    if let Some(n) = norm {
        p.i(n);
    }
    p.ins(&[
        I::LocalGet(a),
        I::LocalGet(b),
        if signed { I::I64RemS } else { I::I64RemU },
    ]);
    Ok(())
}

/// `(# result, overflow #)`: signed overflow iff both operands' signs differ from the result's
/// (addition) / the operands' signs differ and the result's differs from the first's
/// (subtraction).
fn int_carry(p: &mut Prim) -> R<()> {
    let add = p.name == "addIntC#";
    let (a, b) = (p.local(0)?, p.local(1)?);
    p.ins(&[
        I::LocalGet(a),
        I::LocalGet(b),
        if add { I::I64Add } else { I::I64Sub },
    ]);
    let s = p.set_new(I64);
    p.i(I::LocalGet(s));
    if add {
        p.ins(&[I::LocalGet(a), I::LocalGet(s), I::I64Xor]);
        p.ins(&[I::LocalGet(b), I::LocalGet(s), I::I64Xor]);
    } else {
        p.ins(&[I::LocalGet(a), I::LocalGet(b), I::I64Xor]);
        p.ins(&[I::LocalGet(a), I::LocalGet(s), I::I64Xor]);
    }
    p.ins(&[I::I64And, I::I64Const(63), I::I64ShrU]);
    Ok(())
}

/// `addWordC#`/`subWordC#`: `(# result, carry/borrow #)`; `plusWord2#`: `(# carry, sum #)`.
fn word_carry(p: &mut Prim) -> R<()> {
    let sub = p.name == "subWordC#";
    let (a, b) = (p.local(0)?, p.local(1)?);
    p.ins(&[
        I::LocalGet(a),
        I::LocalGet(b),
        if sub { I::I64Sub } else { I::I64Add },
    ]);
    let s = p.set_new(I64);
    if p.name == "plusWord2#" {
        p.ins(&[
            I::LocalGet(s),
            I::LocalGet(a),
            I::I64LtU,
            I::I64ExtendI32U,
            I::LocalGet(s),
        ]);
    } else {
        p.i(I::LocalGet(s));
        if sub {
            p.ins(&[I::LocalGet(a), I::LocalGet(b)]);
        } else {
            p.ins(&[I::LocalGet(s), I::LocalGet(a)]);
        }
        p.ins(&[I::I64LtU, I::I64ExtendI32U]);
    }
    Ok(())
}

/// A decoding done by the runtime, which returns the address of its `n` results.
fn decode(p: &mut Prim, ty: ValType, sym: &str, n: u32) -> R<()> {
    p.arg(0)?;
    p.call(sym, &[ty], &[ValType::I32]);
    let r = p.set_new(ValType::I32);
    for k in 0..n {
        p.ins(&[I::LocalGet(r), I::I64Load(crate::expr::mem(8 * k, 3))]);
    }
    Ok(())
}
