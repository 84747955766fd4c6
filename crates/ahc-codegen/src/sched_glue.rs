//! The glue's part of the scheduler (see `ahc_abi::sched`): resuming a thread, the resume
//! frames, the blocking primops, and the info tables of the concurrency objects.
//!
//! A blocking primop (`takeMVar#`, `putMVar#`, `readMVar#`, `delay#`, `yield#`, `killThread#`,
//! `waitRead#`, `waitWrite#`) is a tail call of one of the functions here. Each pushes the resume
//! frame its result needs, then asks the runtime: 1 = go on (tail-call `ahc_resume`, which pops
//! the frame and returns the result), 0 = the thread is suspended (return normally: every
//! Haskell transfer is a tail call, so this returns to the scheduler, which resumes the thread
//! later through the same frame).

use ahc_abi::{gen_syms, rts_syms, sched, ClosureType, WORD};
use wasm_encoder::{BlockType, Instruction as I, ValType};

use crate::code::{DataBuf, DataTarget, FnBuf, FnTy, Items, Op, Reg};
use crate::control::RAISE;
use crate::expr::{glue::EVAL, mem};
use crate::heap::{pop_frame, push_frame, return_to_frame, Bytes};
use crate::info::{build, InfoSpec};

/// The glue functions the code generator tail-calls for blocking primops.
pub const TAKE_MVAR: &str = "ahc_take_mvar";
pub const READ_MVAR: &str = "ahc_read_mvar";
pub const PUT_MVAR: &str = "ahc_put_mvar";
pub const DELAY: &str = "ahc_delay";
pub const YIELD: &str = "ahc_yield";
pub const KILL_THREAD: &str = "ahc_kill_thread";
pub const RETRY: &str = "ahc_retry";
/// `ahc_perform_gc(major: i32)`: `performGC`/`performMajorGC`/`performMinorGC`.
pub const PERFORM_GC: &str = "ahc_perform_gc";

const RESUME_PTR: &str = "ahc_resume_ptr";
const RESUME_UNIT: &str = "ahc_resume_unit";
const RESUME_ENTER: &str = "ahc_resume_enter";
const RESUME_RAISE: &str = "ahc_resume_raise";

fn void_ty() -> FnTy {
    FnTy::new(vec![], vec![])
}

/// Pushes `[info]` or `[info][0]` (`words` = 1 or 2).
fn push_resume(f: &mut FnBuf, info: &str, words: u32) {
    push_frame(f, Bytes::Const(words * WORD));
    f.op(Op::GlobalGet(Reg::Sp));
    f.op(Op::DataAddr(info.into(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(0, 3)));
    if words == 2 {
        f.op(Op::GlobalGet(Reg::Sp));
        f.i(I::I64Const(0));
        f.i(I::I64Store(mem(WORD, 3)));
    }
}

/// `if (r) return_call ahc_resume; return` for the runtime's answer on the wasm stack.
fn go_on_or_suspend(f: &mut FnBuf) {
    f.i(I::If(BlockType::Empty));
    f.op(Op::ReturnCall(gen_syms::RESUME.into(), void_ty()));
    f.i(I::End);
}

/// A blocking primop: push the resume frame, call the runtime with the parameters.
fn blocking(name: &str, params: Vec<ValType>, frame: &str, words: u32, rts: &str) -> FnBuf {
    let n = params.len() as u32;
    let mut f = FnBuf::new(name.into(), FnTy::new(params.clone(), vec![]), false);
    push_resume(&mut f, frame, words);
    for k in 0..n {
        f.i(I::LocalGet(k));
    }
    f.op(Op::Call(rts.into(), FnTy::new(params, vec![ValType::I32])));
    go_on_or_suspend(&mut f);
    f
}

/// The info table of a resume frame (entry `() -> ()`).
fn resume_info(items: &mut Items, sym: &str, entry: &str, ptrs: u32) {
    let t = void_ty();
    let mut it = build(
        sym,
        ClosureType::RetFrame,
        InfoSpec {
            entry: Some((entry, &t)),
            ptrs,
            nptrs: 0,
            ..Default::default()
        },
    );
    it.local_symbol = false;
    items.data.push(it);
}

/// An info table without code for an object the runtime builds.
fn object_info(items: &mut Items, sym: &str, ty: ClosureType) {
    let mut it = build(sym, ty, InfoSpec::default());
    it.local_symbol = false;
    items.data.push(it);
}

/// A `u32` data word holding the address of `target` (tagged by `tag`), or 0.
pub(crate) fn pointer_word(items: &mut Items, sym: &str, target: Option<(&str, u32)>) {
    let relocs = match target {
        Some((t, tag)) => vec![(0, DataTarget::Data(t.into(), tag as i32))],
        None => vec![],
    };
    items.data.push(DataBuf {
        name: sym.into(),
        bytes: vec![0; 4],
        align: 4,
        relocs,
        local_symbol: false,
    });
}

/// Adds the scheduler's glue.
pub(crate) fn add(items: &mut Items) {
    // ahc_resume: the top frame's entry, `() -> ()`.
    let mut r = FnBuf::new(gen_syms::RESUME.into(), void_ty(), false);
    r.op(Op::GlobalGet(Reg::Sp));
    r.i(I::I32Load(mem(0, 2)));
    r.i(I::I32Load(mem(ahc_abi::info::ENTRY, 2)));
    r.op(Op::ReturnCallIndirect(void_ty()));
    items.funcs.push(r);

    // Resume frames.
    let mut f = FnBuf::new(RESUME_PTR.into(), void_ty(), true);
    let v = f.new_local(ValType::I32);
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Load(mem(WORD, 2)));
    f.i(I::LocalSet(v));
    pop_frame(&mut f, 2 * WORD);
    f.i(I::LocalGet(v));
    return_to_frame(&mut f, vec![ValType::I32]);
    items.funcs.push(f);
    let mut f = FnBuf::new(RESUME_UNIT.into(), void_ty(), true);
    pop_frame(&mut f, WORD);
    return_to_frame(&mut f, vec![]);
    items.funcs.push(f);
    for (name, target) in [(RESUME_ENTER, EVAL), (RESUME_RAISE, RAISE)] {
        let mut f = FnBuf::new(name.into(), void_ty(), true);
        let v = f.new_local(ValType::I32);
        f.op(Op::GlobalGet(Reg::Sp));
        f.i(I::I32Load(mem(WORD, 2)));
        f.i(I::LocalSet(v));
        pop_frame(&mut f, 2 * WORD);
        f.i(I::LocalGet(v));
        f.op(Op::ReturnCall(
            target.into(),
            FnTy::new(vec![ValType::I32], vec![]),
        ));
        items.funcs.push(f);
    }
    resume_info(items, gen_syms::RESUME_PTR_INFO, RESUME_PTR, 1);
    resume_info(items, gen_syms::RESUME_UNIT_INFO, RESUME_UNIT, 0);
    resume_info(items, gen_syms::RESUME_ENTER_INFO, RESUME_ENTER, 1);
    resume_info(items, gen_syms::RESUME_RAISE_INFO, RESUME_RAISE, 1);

    // Blocking primops.
    let (i32t, i64t) = (ValType::I32, ValType::I64);
    let ptr = gen_syms::RESUME_PTR_INFO;
    let unit = gen_syms::RESUME_UNIT_INFO;
    items
        .funcs
        .push(blocking(TAKE_MVAR, vec![i32t], ptr, 2, rts_syms::TAKE_MVAR));
    items
        .funcs
        .push(blocking(READ_MVAR, vec![i32t], ptr, 2, rts_syms::READ_MVAR));
    items.funcs.push(blocking(
        PUT_MVAR,
        vec![i32t, i32t],
        unit,
        1,
        rts_syms::PUT_MVAR,
    ));
    items
        .funcs
        .push(blocking(DELAY, vec![i64t], unit, 1, rts_syms::DELAY));
    items
        .funcs
        .push(blocking(YIELD, vec![], unit, 1, rts_syms::YIELD));
    items.funcs.push(blocking(
        PERFORM_GC,
        vec![i32t],
        unit,
        1,
        rts_syms::PERFORM_GC,
    ));
    // killThread#: 2 = the target is this thread: raise the exception here.
    let mut f = FnBuf::new(
        KILL_THREAD.into(),
        FnTy::new(vec![i32t, i32t], vec![]),
        false,
    );
    let r = f.new_local(i32t);
    push_resume(&mut f, unit, 1);
    f.i(I::LocalGet(0));
    f.i(I::LocalGet(1));
    f.op(Op::Call(
        rts_syms::THROW_TO.into(),
        FnTy::new(vec![i32t, i32t], vec![i32t]),
    ));
    f.i(I::LocalTee(r));
    f.i(I::I32Const(2));
    f.i(I::I32Eq);
    f.i(I::If(BlockType::Empty));
    pop_frame(&mut f, WORD);
    f.i(I::LocalGet(1));
    f.op(Op::ReturnCall(RAISE.into(), FnTy::new(vec![i32t], vec![])));
    f.i(I::End);
    f.i(I::LocalGet(r));
    go_on_or_suspend(&mut f);
    items.funcs.push(f);

    // retry#: the runtime either set up an `orElse`'s second alternative (1) or suspended the
    // thread until a TVar it read changes (0).
    let mut f = FnBuf::new(RETRY.into(), void_ty(), false);
    f.op(Op::Call(
        rts_syms::STM_RETRY.into(),
        FnTy::new(vec![], vec![i32t]),
    ));
    go_on_or_suspend(&mut f);
    items.funcs.push(f);
    stm_frames(items);

    // Objects the runtime builds.
    object_info(items, gen_syms::MVAR_INFO, ClosureType::ArrPtrs);
    object_info(items, gen_syms::MVAR_QUEUE_INFO, ClosureType::ArrPtrs);
    object_info(items, gen_syms::TVAR_INFO, ClosureType::ArrPtrs);
    object_info(items, gen_syms::WEAK_INFO, ClosureType::Weak);
    object_info(items, gen_syms::TSO_INFO, ClosureType::ArrWords);
    let _ = sched::TSO_BYTES;
}

/// The frames of `atomically#`, `catchRetry#` and `catchSTM#` (layouts at
/// `ahc_abi::ClosureType`): returning through the first commits the transaction, through the
/// others just pops them.
fn stm_frames(items: &mut Items) {
    let node = FnTy::new(vec![ValType::I32], vec![]);
    for (sym, entry, ty, ptrs, nptrs) in [
        (
            gen_syms::ATOMICALLY_FRAME_INFO,
            "ahc_atomically_ret",
            ClosureType::AtomicallyFrame,
            1,
            0,
        ),
        (
            gen_syms::CATCH_RETRY_FRAME_INFO,
            "ahc_catch_retry_ret",
            ClosureType::CatchRetryFrame,
            2,
            1,
        ),
        (
            gen_syms::CATCH_STM_FRAME_INFO,
            "ahc_catch_stm_ret",
            ClosureType::CatchStmFrame,
            1,
            1,
        ),
    ] {
        let mut f = FnBuf::new(entry.into(), node.clone(), true);
        if ty == ClosureType::AtomicallyFrame {
            f.op(Op::Call(rts_syms::STM_COMMIT.into(), void_ty()));
        }
        pop_frame(&mut f, (1 + ptrs + nptrs) * WORD);
        f.i(I::LocalGet(0));
        return_to_frame(&mut f, vec![ValType::I32]);
        items.funcs.push(f);
        let mut it = build(
            sym,
            ty,
            InfoSpec {
                entry: Some((entry, &node)),
                ptrs,
                nptrs,
                ..Default::default()
            },
        );
        it.local_symbol = false;
        items.data.push(it);
    }
}
