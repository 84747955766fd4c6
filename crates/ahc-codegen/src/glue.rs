//! The per-program glue object: the register globals and their accessors, the generic parts of
//! the eval/apply machine (evaluation, updates, generic application, exceptions, masking
//! frames), the info tables of the objects the runtime builds, the link-time configuration, and
//! the entry that runs `main`.
//!
//! All of it is wasm code because it transfers control by tail calls; the runtime (Rust) only
//! computes (e.g. `ahc_rts_raise` unwinds the stack and returns the handler, and
//! `ahc_raise` here calls it). Unused pieces are dropped by `--gc-sections`.
//!
//! The runtime runs `main` (whose closure it finds in `ahc_main_closure`) as its first thread:
//! a stack `[stop][apply to State#][evaluate main]` (the stop frame's code *returns* to the
//! runtime, ending the chain of tail calls), resumed through `ahc_resume` (`sched_glue`).

use ahc_abi::{gen_syms, info, rts_syms, ArgKind, ClosureType, TAG_MASK, WORD};
use wasm_encoder::{BlockType, Instruction as I, ValType};

use crate::code::{Committer, DataBuf, FnBuf, FnTy, Items, Op, Reg};
use crate::control::RAISE;
use crate::expr::{
    glue::{CON_ENTRY, EVAL},
    mem,
};
use crate::heap::{heap_check, pop_frame, push_frame, push_update_frame, return_to_frame, Bytes};
use crate::info::{build, InfoSpec};

/// What the glue needs to know about the program.
#[derive(Clone, Debug, Default)]
pub struct ProgramEntry {
    /// Symbol of `main`'s static closure.
    pub main_closure: String,
    /// Its pointer tag.
    pub main_tag: u32,
    /// `--gc-threshold` in bytes (0: the runtime's default).
    pub gc_threshold: u32,
    /// `--yolo`: never collect garbage.
    pub yolo: bool,
    /// `--debug`: check every memory access.
    pub debug: bool,
    /// base's `GHC.TopHandler.flushStdHandles` closure, if base is linked.
    pub flush_closure: Option<String>,
    /// base's exceptions the runtime raises, if base is linked.
    pub exceptions: Option<RuntimeExceptions>,
}

/// Symbols of base's `SomeException` closures the runtime throws.
#[derive(Clone, Debug, Default)]
pub struct RuntimeExceptions {
    pub blocked_mvar: String,
    pub blocked_stm: String,
    pub nested_atomically: String,
    pub non_termination: String,
}

impl RuntimeExceptions {
    /// base's closures (`GHC.IO.Exception`, `Control.Exception.Base`).
    pub fn base() -> Self {
        RuntimeExceptions {
            blocked_mvar: "base_GHCziIOziException_blockedIndefinitelyOnMVar_closure".into(),
            blocked_stm: "base_GHCziIOziException_blockedIndefinitelyOnSTM_closure".into(),
            nested_atomically: "base_ControlziExceptionziBase_nestedAtomically_closure".into(),
            non_termination: "base_ControlziExceptionziBase_nonTermination_closure".into(),
        }
    }
}

const STOP_RET: &str = "ahc_stop_ret";
const UPD_RET: &str = "ahc_upd_ret";
const AP_RET: &str = "ahc_ap_ret";
const CATCH_RET: &str = "ahc_catch_ret";
const MASK_RET: &str = "ahc_mask_ret";
const IND_ENTRY: &str = "ahc_ind_entry";
const BH_ENTRY: &str = "ahc_blackhole_entry";
const RAISE_THUNK_ENTRY: &str = "ahc_raise_thunk_entry";
const PAT_WORDS: &str = "ahc_pat_words";
const SPILL1_INFO: &str = "ahc_glue_spill1_info";
const PAT_V: &str = gen_syms::PAT_V;
const PAT_PV: &str = "ahc_pat_pv";
const STOP_INFO: &str = gen_syms::STOP_INFO;
const PAP_ENTRY: &str = "ahc_pap_entry";
const AP1_ENTRY: &str = "ahc_ap1_thunk_entry";
const SEL0_ENTRY: &str = "ahc_sel0_thunk_entry";
const SEL0_RET: &str = "ahc_sel0_ret";
const SEL0_RET_INFO: &str = "ahc_sel0_ret_info";
const PAT_P: &str = "ahc_pat_p";

fn i32t() -> ValType {
    ValType::I32
}

fn node_ty() -> FnTy {
    FnTy::new(vec![i32t()], vec![])
}

fn barf(f: &mut FnBuf, items: &mut Items, name: &str, msg: &str) {
    let mut bytes = msg.as_bytes().to_vec();
    bytes.push(0);
    items.data.push(DataBuf {
        name: name.into(),
        bytes,
        align: 1,
        relocs: vec![],
        local_symbol: true,
    });
    f.op(Op::DataAddr(name.into(), 0));
    f.op(Op::Call(rts_syms::BARF.into(), node_ty()));
    f.i(I::Unreachable);
}

fn info_item(
    items: &mut Items,
    sym: &str,
    ty: ClosureType,
    entry: Option<&str>,
    ptrs: u32,
    nptrs: u32,
) {
    let t = node_ty();
    let mut it = build(
        sym,
        ty,
        InfoSpec {
            entry: entry.map(|e| (e, &t)),
            ptrs,
            nptrs,
            ..Default::default()
        },
    );
    it.local_symbol = false;
    items.data.push(it);
}

/// `ahc_eval(node)`: return `node` to the top frame if it is a value (tagging functions), else
/// enter it: every other object's entry does the right thing (constructors return themselves
/// tagged, PAPs themselves, indirections their indirectee, thunks evaluate).
fn eval_fn() -> FnBuf {
    let mut f = FnBuf::new(EVAL.into(), node_ty(), false);
    let (inf, x) = (f.new_local(i32t()), f.new_local(i32t()));
    f.i(I::LocalGet(0));
    f.i(I::I32Const(TAG_MASK as i32));
    f.i(I::I32And);
    f.i(I::If(BlockType::Empty));
    f.i(I::LocalGet(0));
    return_to_frame(&mut f, vec![i32t()]);
    f.i(I::End);
    f.i(I::LocalGet(0));
    f.i(I::I32Load(mem(0, 2)));
    f.i(I::LocalTee(inf));
    f.i(I::I32Load(mem(info::TYPE, 2)));
    f.i(I::I32Const(ClosureType::Fun as i32));
    f.i(I::I32Eq);
    f.i(I::If(BlockType::Empty));
    // A function: tagged with its arity if that fits, else 0.
    f.i(I::LocalGet(0));
    f.i(I::LocalGet(inf));
    f.i(I::I32Load(mem(info::TAG_OR_ARITY, 2)));
    f.i(I::LocalTee(x));
    f.i(I::I32Const(0));
    f.i(I::LocalGet(x));
    f.i(I::I32Const(TAG_MASK as i32 + 1));
    f.i(I::I32LtU);
    f.i(I::Select);
    f.i(I::I32Or);
    return_to_frame(&mut f, vec![i32t()]);
    f.i(I::End);
    f.i(I::LocalGet(0));
    f.i(I::LocalGet(inf));
    f.i(I::I32Load(mem(info::ENTRY, 2)));
    f.op(Op::ReturnCallIndirect(node_ty()));
    f
}

/// `ahc_con_entry(node)`: a constructor returns itself, tagged (min(tag, 7)).
fn con_entry_fn() -> FnBuf {
    let mut f = FnBuf::new(CON_ENTRY.into(), node_ty(), false);
    let x = f.new_local(i32t());
    f.i(I::LocalGet(0));
    f.i(I::I32Const(-8));
    f.i(I::I32And);
    f.i(I::LocalGet(0));
    f.i(I::I32Const(-8));
    f.i(I::I32And);
    f.i(I::I32Load(mem(0, 2)));
    f.i(I::I32Load(mem(info::TAG_OR_ARITY, 2)));
    f.i(I::LocalTee(x));
    f.i(I::I32Const(TAG_MASK as i32));
    f.i(I::LocalGet(x));
    f.i(I::I32Const(TAG_MASK as i32));
    f.i(I::I32LtU);
    f.i(I::Select);
    f.i(I::I32Or);
    return_to_frame(&mut f, vec![i32t()]);
    f
}

/// `ahc_pap_entry(node)`: a PAP is a value: return it (untagged).
fn pap_entry_fn() -> FnBuf {
    let mut f = FnBuf::new(PAP_ENTRY.into(), node_ty(), true);
    f.i(I::LocalGet(0));
    return_to_frame(&mut f, vec![i32t()]);
    f
}

/// `ahc_pat_words(pattern, n) -> words`: the words the first `n` arguments of a pattern take.
fn pat_words_fn() -> FnBuf {
    let mut f = FnBuf::new(
        PAT_WORDS.into(),
        FnTy::new(vec![i32t(), i32t()], vec![i32t()]),
        true,
    );
    let (k, w) = (f.new_local(i32t()), f.new_local(i32t()));
    f.i(I::Block(BlockType::Empty));
    f.i(I::Loop(BlockType::Empty));
    f.i(I::LocalGet(k));
    f.i(I::LocalGet(1));
    f.i(I::I32GeU);
    f.i(I::BrIf(1));
    f.i(I::LocalGet(w));
    f.i(I::LocalGet(0));
    f.i(I::LocalGet(k));
    f.i(I::I32Add);
    f.i(I::I32Load8U(mem(0, 0)));
    f.i(I::I32Const(ArgKind::Void as i32));
    f.i(I::I32Ne);
    f.i(I::I32Add);
    f.i(I::LocalSet(w));
    f.i(I::LocalGet(k));
    f.i(I::I32Const(1));
    f.i(I::I32Add);
    f.i(I::LocalSet(k));
    f.i(I::Br(0));
    f.i(I::End);
    f.i(I::End);
    f.i(I::LocalGet(w));
    f
}

/// `ahc_ap_ret(f)`: the code of an apply frame. `f` is an evaluated function or PAP; the frame
/// `[info][pattern | n][args…]` is on top of the stack.
fn ap_ret_fn(items: &mut Items) -> FnBuf {
    let mut f = FnBuf::new(AP_RET.into(), node_ty(), false);
    let fu = f.new_local(i32t()); // untagged f
    let inf = f.new_local(i32t());
    let pat = f.new_local(i32t());
    let n = f.new_local(i32t());
    let arity = f.new_local(i32t());
    let w = f.new_local(i32t());
    let p = f.new_local(i32t());
    let bytes = f.new_local(i32t());
    f.i(I::Loop(BlockType::Empty));
    // fu, inf, pat, n
    f.i(I::LocalGet(0));
    f.i(I::I32Const(-8));
    f.i(I::I32And);
    f.i(I::LocalTee(fu));
    f.i(I::I32Load(mem(0, 2)));
    f.i(I::LocalSet(inf));
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Load(mem(WORD, 2)));
    f.i(I::LocalSet(pat));
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Load(mem(WORD + 4, 2)));
    f.i(I::LocalSet(n));

    // ---- a function ----
    f.i(I::LocalGet(inf));
    f.i(I::I32Load(mem(info::TYPE, 2)));
    f.i(I::I32Const(ClosureType::Fun as i32));
    f.i(I::I32Eq);
    f.i(I::If(BlockType::Empty));
    f.i(I::LocalGet(inf));
    f.i(I::I32Load(mem(info::TAG_OR_ARITY, 2)));
    f.i(I::LocalSet(arity));
    // exactly saturated: pop the header, the slow entry takes the arguments.
    f.i(I::LocalGet(n));
    f.i(I::LocalGet(arity));
    f.i(I::I32Eq);
    f.i(I::If(BlockType::Empty));
    pop_frame(&mut f, 2 * WORD);
    f.i(I::LocalGet(0));
    f.i(I::LocalGet(inf));
    f.i(I::I32Load(mem(info::SLOW_ENTRY, 2)));
    f.op(Op::ReturnCallIndirect(node_ty()));
    f.i(I::End);
    // over-saturated: the first `arity` arguments move up two words, a new header for the rest
    // goes below them, and the function takes the first ones.
    f.i(I::LocalGet(n));
    f.i(I::LocalGet(arity));
    f.i(I::I32GtU);
    f.i(I::If(BlockType::Empty));
    f.i(I::LocalGet(pat));
    f.i(I::LocalGet(arity));
    f.op(Op::Call(
        PAT_WORDS.into(),
        FnTy::new(vec![i32t(), i32t()], vec![i32t()]),
    ));
    f.i(I::I32Const(WORD as i32));
    f.i(I::I32Mul);
    f.i(I::LocalSet(bytes));
    f.op(Op::GlobalGet(Reg::Sp));
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Const(2 * WORD as i32));
    f.i(I::I32Add);
    f.i(I::LocalGet(bytes));
    f.i(I::MemoryCopy {
        src_mem: 0,
        dst_mem: 0,
    });
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::LocalGet(bytes));
    f.i(I::I32Add);
    f.i(I::LocalTee(p));
    f.op(Op::DataAddr(gen_syms::AP_FRAME_INFO.into(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(0, 3)));
    f.i(I::LocalGet(p));
    f.i(I::LocalGet(pat));
    f.i(I::LocalGet(arity));
    f.i(I::I32Add);
    f.i(I::I32Store(mem(WORD, 2)));
    f.i(I::LocalGet(p));
    f.i(I::LocalGet(n));
    f.i(I::LocalGet(arity));
    f.i(I::I32Sub);
    f.i(I::I32Store(mem(WORD + 4, 2)));
    f.i(I::LocalGet(0));
    f.i(I::LocalGet(inf));
    f.i(I::I32Load(mem(info::SLOW_ENTRY, 2)));
    f.op(Op::ReturnCallIndirect(node_ty()));
    f.i(I::End);
    // under-saturated: build a PAP `[pap][f][n][args…]`, pop the frame, return the PAP.
    f.i(I::LocalGet(pat));
    f.i(I::LocalGet(n));
    f.op(Op::Call(
        PAT_WORDS.into(),
        FnTy::new(vec![i32t(), i32t()], vec![i32t()]),
    ));
    f.i(I::LocalTee(w));
    f.i(I::I32Const(3));
    f.i(I::I32Add);
    f.i(I::I32Const(WORD as i32));
    f.i(I::I32Mul);
    f.i(I::LocalSet(bytes));
    heap_check(&mut f, Bytes::Local(bytes), &[0], SPILL1_INFO);
    f.op(Op::GlobalGet(Reg::Hp));
    f.i(I::LocalTee(p));
    f.i(I::LocalGet(bytes));
    f.i(I::I32Add);
    f.op(Op::GlobalSet(Reg::Hp));
    f.i(I::LocalGet(p));
    f.op(Op::DataAddr(gen_syms::PAP_INFO.into(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(0, 3)));
    f.i(I::LocalGet(p));
    f.i(I::LocalGet(0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(WORD, 3)));
    f.i(I::LocalGet(p));
    f.i(I::LocalGet(n));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(2 * WORD, 3)));
    f.i(I::LocalGet(p));
    f.i(I::I32Const(3 * WORD as i32));
    f.i(I::I32Add);
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Const(2 * WORD as i32));
    f.i(I::I32Add);
    f.i(I::LocalGet(w));
    f.i(I::I32Const(WORD as i32));
    f.i(I::I32Mul);
    f.i(I::MemoryCopy {
        src_mem: 0,
        dst_mem: 0,
    });
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::LocalGet(w));
    f.i(I::I32Const(2));
    f.i(I::I32Add);
    f.i(I::I32Const(WORD as i32));
    f.i(I::I32Mul);
    f.i(I::I32Add);
    f.op(Op::GlobalSet(Reg::Sp));
    f.i(I::LocalGet(p));
    return_to_frame(&mut f, vec![i32t()]);
    f.i(I::End);

    // ---- a PAP: push its arguments in front of the frame's, continue with its function ----
    f.i(I::LocalGet(inf));
    f.i(I::I32Load(mem(info::TYPE, 2)));
    f.i(I::I32Const(ClosureType::Pap as i32));
    f.i(I::I32Ne);
    f.i(I::If(BlockType::Empty));
    barf(
        &mut f,
        items,
        "ahc_msg_apply",
        "application of a value that is not a function",
    );
    f.i(I::End);
    // g = fu[1], m = fu[2], gpat = g's pattern, w = words of m args
    f.i(I::LocalGet(fu));
    f.i(I::I32Load(mem(2 * WORD, 2)));
    f.i(I::LocalSet(arity)); // m
    f.i(I::LocalGet(fu));
    f.i(I::I32Load(mem(WORD, 2)));
    f.i(I::I32Const(-8));
    f.i(I::I32And);
    f.i(I::I32Load(mem(0, 2)));
    f.i(I::I32Load(mem(info::PATTERN, 2)));
    f.i(I::LocalTee(pat));
    f.i(I::LocalGet(arity));
    f.op(Op::Call(
        PAT_WORDS.into(),
        FnTy::new(vec![i32t(), i32t()], vec![i32t()]),
    ));
    f.i(I::I32Const(WORD as i32));
    f.i(I::I32Mul);
    f.i(I::LocalTee(bytes));
    f.i(I::LocalSet(w));
    // Sp -= bytes (the PAP is a heap object: a stack move does not affect it)
    push_frame(&mut f, Bytes::Local(w));
    // header at Sp: [ap info][gpat | (m + n)], args at Sp+16 (the old args follow)
    f.op(Op::GlobalGet(Reg::Sp));
    f.op(Op::DataAddr(gen_syms::AP_FRAME_INFO.into(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(0, 3)));
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::LocalGet(pat));
    f.i(I::I32Store(mem(WORD, 2)));
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::LocalGet(arity));
    f.i(I::LocalGet(n));
    f.i(I::I32Add);
    f.i(I::I32Store(mem(WORD + 4, 2)));
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Const(2 * WORD as i32));
    f.i(I::I32Add);
    f.i(I::LocalGet(fu));
    f.i(I::I32Const(3 * WORD as i32));
    f.i(I::I32Add);
    f.i(I::LocalGet(w));
    f.i(I::MemoryCopy {
        src_mem: 0,
        dst_mem: 0,
    });
    f.i(I::LocalGet(fu));
    f.i(I::I32Load(mem(WORD, 2)));
    f.i(I::LocalSet(0));
    f.i(I::Br(0));
    f.i(I::End);
    f.i(I::Unreachable);
    f
}

/// `ahc_raise(exc)`: the runtime unwinds to the nearest catch frame and gives its handler,
/// which is applied to the exception and the `State#` token.
fn raise_fn() -> FnBuf {
    let mut f = FnBuf::new(RAISE.into(), node_ty(), false);
    let h = f.new_local(i32t());
    f.i(I::LocalGet(0));
    f.op(Op::Call(
        rts_syms::RAISE.into(),
        FnTy::new(vec![i32t()], vec![i32t()]),
    ));
    f.i(I::LocalTee(h));
    // 0: the exception killed a thread other than the main one: back to the scheduler.
    f.i(I::I32Eqz);
    f.i(I::If(BlockType::Empty));
    f.i(I::Return);
    f.i(I::End);
    apply_to_ptr(&mut f, h, 0, PAT_PV, 2);
    f
}

/// Tail-applies the function in local `fun` to the pointer in local `x` (then, for `n` = 2, the
/// `State#` token): its fast entry if it is tagged with the arity `n`, else through an apply
/// frame (`pattern` describes the arguments) and evaluation.
fn apply_to_ptr(f: &mut FnBuf, fun: u32, x: u32, pattern: &str, n: u32) {
    f.i(I::LocalGet(fun));
    f.i(I::I32Const(TAG_MASK as i32));
    f.i(I::I32And);
    f.i(I::I32Const(n as i32));
    f.i(I::I32Eq);
    f.i(I::If(BlockType::Empty));
    f.i(I::LocalGet(fun));
    f.i(I::LocalGet(x));
    f.i(I::LocalGet(fun));
    f.i(I::I32Const(-8));
    f.i(I::I32And);
    f.i(I::I32Load(mem(0, 2)));
    f.i(I::I32Load(mem(info::ENTRY, 2)));
    f.op(Op::ReturnCallIndirect(FnTy::new(
        vec![i32t(), i32t()],
        vec![],
    )));
    f.i(I::End);
    push_frame(f, Bytes::Const(3 * WORD));
    f.op(Op::GlobalGet(Reg::Sp));
    f.op(Op::DataAddr(gen_syms::AP_FRAME_INFO.into(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(0, 3)));
    f.op(Op::GlobalGet(Reg::Sp));
    f.op(Op::DataAddr(pattern.into(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Const((n as i64) << 32));
    f.i(I::I64Or);
    f.i(I::I64Store(mem(WORD, 3)));
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::LocalGet(x));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(2 * WORD, 3)));
    f.i(I::LocalGet(fun));
    f.op(Op::ReturnCall(EVAL.into(), node_ty()));
}

/// `[ap1][_][f][x]`: evaluates `f x`.
fn ap1_entry_fn() -> FnBuf {
    let mut f = FnBuf::new(AP1_ENTRY.into(), node_ty(), true);
    let (fun, x) = (f.new_local(i32t()), f.new_local(i32t()));
    f.i(I::LocalGet(0));
    f.i(I::I32Load(mem(2 * WORD, 2)));
    f.i(I::LocalSet(fun));
    f.i(I::LocalGet(0));
    f.i(I::I32Load(mem(3 * WORD, 2)));
    f.i(I::LocalSet(x));
    push_update_frame(&mut f);
    apply_to_ptr(&mut f, fun, x, PAT_P, 1);
    f
}

/// `[sel0][_][p]`: evaluates the first field of what `p` evaluates to.
fn sel0_fns() -> (FnBuf, FnBuf) {
    let mut f = FnBuf::new(SEL0_ENTRY.into(), node_ty(), true);
    let p = f.new_local(i32t());
    f.i(I::LocalGet(0));
    f.i(I::I32Load(mem(2 * WORD, 2)));
    f.i(I::LocalSet(p));
    push_update_frame(&mut f);
    push_frame(&mut f, Bytes::Const(WORD));
    f.op(Op::GlobalGet(Reg::Sp));
    f.op(Op::DataAddr(SEL0_RET_INFO.into(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(0, 3)));
    f.i(I::LocalGet(p));
    f.op(Op::ReturnCall(EVAL.into(), node_ty()));
    let mut r = FnBuf::new(SEL0_RET.into(), node_ty(), true);
    pop_frame(&mut r, WORD);
    r.i(I::LocalGet(0));
    r.i(I::I32Const(-8));
    r.i(I::I32And);
    r.i(I::I32Load(mem(WORD, 2)));
    r.op(Op::ReturnCall(EVAL.into(), node_ty()));
    (f, r)
}

/// Builds the glue object for a program.
pub fn glue_object(entry: &ProgramEntry) -> Result<Vec<u8>, ahc_wasm_object::ObjectError> {
    let mut items = Items::default();

    // Register accessors.
    let mut set_regs = FnBuf::new(
        gen_syms::SET_REGS.into(),
        FnTy::new(vec![i32t(); 4], vec![]),
        false,
    );
    for (k, r) in [Reg::Sp, Reg::Hp, Reg::HpLim, Reg::SpLim]
        .into_iter()
        .enumerate()
    {
        set_regs.i(I::LocalGet(k as u32));
        set_regs.op(Op::GlobalSet(r));
    }
    items.funcs.push(set_regs);
    for (name, a, b) in [
        (gen_syms::SET_HP, Reg::Hp, Reg::HpLim),
        (gen_syms::SET_SP, Reg::Sp, Reg::SpLim),
    ] {
        let mut g = FnBuf::new(name.into(), FnTy::new(vec![i32t(); 2], vec![]), false);
        g.i(I::LocalGet(0));
        g.op(Op::GlobalSet(a));
        g.i(I::LocalGet(1));
        g.op(Op::GlobalSet(b));
        items.funcs.push(g);
    }
    for (name, r) in [
        (gen_syms::GET_SP, Reg::Sp),
        (gen_syms::GET_HP, Reg::Hp),
        (gen_syms::GET_HPLIM, Reg::HpLim),
    ] {
        let mut g = FnBuf::new(name.into(), FnTy::new(vec![], vec![i32t()]), false);
        g.op(Op::GlobalGet(r));
        items.funcs.push(g);
    }

    // Evaluation, indirections, blackholes, updates.
    items.funcs.push(eval_fn());
    items.funcs.push(con_entry_fn());
    items.funcs.push(pap_entry_fn());
    let mut ind = FnBuf::new(IND_ENTRY.into(), node_ty(), true);
    ind.i(I::LocalGet(0));
    ind.i(I::I32Const(-8));
    ind.i(I::I32And);
    ind.i(I::I32Load(mem(WORD, 2)));
    ind.op(Op::ReturnCall(EVAL.into(), node_ty()));
    items.funcs.push(ind);
    // A blackhole: the runtime raises `NonTermination` (this thread is evaluating the thunk)
    // or suspends the thread until the thunk's owner updates it (0).
    let mut bh = FnBuf::new(BH_ENTRY.into(), node_ty(), true);
    let e = bh.new_local(i32t());
    bh.i(I::LocalGet(0));
    bh.op(Op::Call(
        rts_syms::LOOP.into(),
        FnTy::new(vec![i32t()], vec![i32t()]),
    ));
    bh.i(I::LocalTee(e));
    bh.i(I::I32Eqz);
    bh.i(I::If(BlockType::Empty));
    bh.i(I::Return);
    bh.i(I::End);
    bh.i(I::LocalGet(e));
    bh.op(Op::ReturnCall(RAISE.into(), node_ty()));
    items.funcs.push(bh);
    let mut upd = FnBuf::new(UPD_RET.into(), node_ty(), true);
    let u = upd.new_local(i32t());
    upd.op(Op::GlobalGet(Reg::Sp));
    upd.i(I::I32Load(mem(WORD, 2)));
    upd.i(I::LocalTee(u));
    upd.op(Op::DataAddr(gen_syms::IND_INFO.into(), 0));
    upd.i(I::I64ExtendI32U);
    upd.i(I::I64Store(mem(0, 3)));
    upd.i(I::LocalGet(u));
    upd.i(I::LocalGet(0));
    upd.i(I::I64ExtendI32U);
    upd.i(I::I64Store(mem(WORD, 3)));
    pop_frame(&mut upd, 2 * WORD);
    upd.i(I::LocalGet(0));
    return_to_frame(&mut upd, vec![i32t()]);
    items.funcs.push(upd);
    let mut rt = FnBuf::new(RAISE_THUNK_ENTRY.into(), node_ty(), true);
    rt.i(I::LocalGet(0));
    rt.i(I::I32Load(mem(2 * WORD, 2)));
    rt.op(Op::ReturnCall(RAISE.into(), node_ty()));
    items.funcs.push(rt);

    // Application, exceptions, masking.
    items.funcs.push(pat_words_fn());
    let ap = ap_ret_fn(&mut items);
    items.funcs.push(ap);
    items.funcs.push(raise_fn());
    items.funcs.push(ap1_entry_fn());
    let (sel, sel_ret) = sel0_fns();
    items.funcs.push(sel);
    items.funcs.push(sel_ret);
    let mut catch = FnBuf::new(CATCH_RET.into(), node_ty(), true);
    pop_frame(&mut catch, 3 * WORD);
    catch.i(I::LocalGet(0));
    return_to_frame(&mut catch, vec![i32t()]);
    items.funcs.push(catch);
    let mut mask_ret = FnBuf::new(MASK_RET.into(), node_ty(), true);
    mask_ret.op(Op::GlobalGet(Reg::Sp));
    mask_ret.i(I::I64Load(mem(WORD, 3)));
    mask_ret.op(Op::Call(
        rts_syms::SET_MASK.into(),
        FnTy::new(vec![ValType::I64], vec![]),
    ));
    pop_frame(&mut mask_ret, 2 * WORD);
    mask_ret.i(I::LocalGet(0));
    return_to_frame(&mut mask_ret, vec![i32t()]);
    items.funcs.push(mask_ret);

    // Info tables.
    info_item(
        &mut items,
        gen_syms::IND_INFO,
        ClosureType::Ind,
        Some(IND_ENTRY),
        1,
        0,
    );
    info_item(
        &mut items,
        gen_syms::BLACKHOLE_INFO,
        ClosureType::Blackhole,
        Some(BH_ENTRY),
        0,
        1,
    );
    info_item(
        &mut items,
        gen_syms::PAP_INFO,
        ClosureType::Pap,
        Some(PAP_ENTRY),
        0,
        0,
    );
    info_item(
        &mut items,
        gen_syms::RAISE_THUNK_INFO,
        ClosureType::Thunk,
        Some(RAISE_THUNK_ENTRY),
        1,
        0,
    );
    info_item(
        &mut items,
        gen_syms::ARR_WORDS_INFO,
        ClosureType::ArrWords,
        None,
        0,
        0,
    );
    info_item(
        &mut items,
        gen_syms::ARR_PTRS_INFO,
        ClosureType::ArrPtrs,
        None,
        0,
        0,
    );
    info_item(
        &mut items,
        gen_syms::MUT_VAR_INFO,
        ClosureType::MutVar,
        None,
        1,
        0,
    );
    info_item(
        &mut items,
        gen_syms::STABLE_NAME_INFO,
        ClosureType::StableName,
        None,
        0,
        1,
    );
    info_item(
        &mut items,
        gen_syms::UPDATE_FRAME_INFO,
        ClosureType::UpdateFrame,
        Some(UPD_RET),
        1,
        0,
    );
    info_item(
        &mut items,
        gen_syms::AP_FRAME_INFO,
        ClosureType::ApFrame,
        Some(AP_RET),
        0,
        0,
    );
    info_item(
        &mut items,
        gen_syms::CATCH_FRAME_INFO,
        ClosureType::CatchFrame,
        Some(CATCH_RET),
        1,
        1,
    );
    info_item(
        &mut items,
        gen_syms::MASK_FRAME_INFO,
        ClosureType::MaskFrame,
        Some(MASK_RET),
        0,
        1,
    );
    info_item(&mut items, SPILL1_INFO, ClosureType::RetFrame, None, 1, 0);
    info_item(
        &mut items,
        gen_syms::AP1_THUNK_INFO,
        ClosureType::Thunk,
        Some(AP1_ENTRY),
        2,
        0,
    );
    info_item(
        &mut items,
        gen_syms::SEL0_THUNK_INFO,
        ClosureType::Thunk,
        Some(SEL0_ENTRY),
        1,
        0,
    );
    info_item(
        &mut items,
        SEL0_RET_INFO,
        ClosureType::RetFrame,
        Some(SEL0_RET),
        0,
        0,
    );
    for (sym, pat) in [(PAT_V, &b"v"[..]), (PAT_PV, &b"pv"[..]), (PAT_P, &b"p"[..])] {
        items.data.push(DataBuf {
            name: sym.into(),
            bytes: pat.to_vec(),
            align: 1,
            relocs: vec![],
            local_symbol: sym != PAT_V,
        });
    }

    // Configuration.
    for (sym, v) in [
        (gen_syms::CONFIG_GC_THRESHOLD, entry.gc_threshold),
        (gen_syms::CONFIG_YOLO, entry.yolo as u32),
    ] {
        items.data.push(DataBuf {
            name: sym.into(),
            bytes: v.to_le_bytes().to_vec(),
            align: 4,
            relocs: vec![],
            local_symbol: false,
        });
    }

    // The stop frame: pop it and return to whoever called into Haskell.
    let mut stop = FnBuf::new(STOP_RET.into(), node_ty(), true);
    pop_frame(&mut stop, WORD);
    items.funcs.push(stop);
    info_item(
        &mut items,
        STOP_INFO,
        ClosureType::StopFrame,
        Some(STOP_RET),
        0,
        0,
    );

    // What the runtime starts: `main` as its first thread, base's `flushStdHandles` when `main`
    // returns, the exception for threads blocked forever.
    crate::sched_glue::add(&mut items);
    crate::sched_glue::pointer_word(
        &mut items,
        gen_syms::MAIN_CLOSURE,
        Some((&entry.main_closure, entry.main_tag)),
    );
    crate::sched_glue::pointer_word(
        &mut items,
        gen_syms::FLUSH_CLOSURE,
        entry.flush_closure.as_deref().map(|c| (c, 0)),
    );
    let exc = entry.exceptions.as_ref();
    for (sym, closure) in [
        (gen_syms::BLOCKED_MVAR_EXC, exc.map(|e| &e.blocked_mvar)),
        (gen_syms::BLOCKED_STM_EXC, exc.map(|e| &e.blocked_stm)),
        (
            gen_syms::NESTED_ATOMICALLY_EXC,
            exc.map(|e| &e.nested_atomically),
        ),
        (
            gen_syms::NON_TERMINATION_EXC,
            exc.map(|e| &e.non_termination),
        ),
    ] {
        crate::sched_glue::pointer_word(&mut items, sym, closure.map(|c| (c.as_str(), 0)));
    }

    let mut c = Committer::new(true, entry.debug);
    c.define_registers();
    c.commit(items);
    c.finish()
}
