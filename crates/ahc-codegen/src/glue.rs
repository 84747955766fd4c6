//! The per-program glue object: the register globals, the accessors the runtime uses to set
//! them, the generic evaluation code, and the entry that runs `main`.
//!
//! `ahc_hs_main` pushes two frames — a stop frame (whose return point *returns* to the runtime,
//! ending the chain of tail calls) and an "apply to the void `State#` token" frame — and then
//! evaluates the `main` closure, so `main` may be a function of arity 1 or anything that
//! evaluates to one.

use ahc_abi::{gen_syms, info, rts_syms, ClosureType, TAG_MASK, WORD};
use wasm_encoder::{BlockType, Instruction as I, ValType};

use crate::code::{Committer, DataBuf, FnBuf, FnTy, Items, Op, Reg};
use crate::expr::{glue::EVAL, info_table, mem};

/// What the glue needs to know about the program.
#[derive(Clone, Debug)]
pub struct ProgramEntry {
    /// Symbol of `main`'s static closure.
    pub main_closure: String,
    /// Its pointer tag.
    pub main_tag: u32,
}

const STOP_RET: &str = "ahc_stop_ret";
const AP_V_RET: &str = "ahc_ap_v_ret";

fn ret_to_frame(f: &mut FnBuf, tys: Vec<ValType>) {
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Load(mem(0, 2)));
    f.i(I::I32Load(mem(info::ENTRY, 2)));
    f.op(Op::ReturnCallIndirect(FnTy::new(tys, vec![])));
}

fn pop(f: &mut FnBuf, bytes: u32) {
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Const(bytes as i32));
    f.i(I::I32Add);
    f.op(Op::GlobalSet(Reg::Sp));
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
    f.op(Op::Call(
        rts_syms::BARF.into(),
        FnTy::new(vec![ValType::I32], vec![]),
    ));
    f.i(I::Unreachable);
}

/// `ahc_eval(node)`: return `node` to the top frame if it is evaluated (tagging it), else enter it.
fn eval_fn() -> FnBuf {
    let i32t = ValType::I32;
    let mut f = FnBuf::new(EVAL.into(), FnTy::new(vec![i32t], vec![]), false);
    let (inf, x) = (f.new_local(i32t), f.new_local(i32t));
    f.i(I::LocalGet(0));
    f.i(I::I32Const(TAG_MASK as i32));
    f.i(I::I32And);
    f.i(I::If(BlockType::Empty));
    f.i(I::LocalGet(0));
    ret_to_frame(&mut f, vec![i32t]);
    f.i(I::End);
    f.i(I::LocalGet(0));
    f.i(I::I32Load(mem(0, 2)));
    f.i(I::LocalSet(inf));
    for (ty, fun) in [(ClosureType::Con, false), (ClosureType::Fun, true)] {
        f.i(I::LocalGet(inf));
        f.i(I::I32Load(mem(info::TYPE, 2)));
        f.i(I::I32Const(ty as i32));
        f.i(I::I32Eq);
        f.i(I::If(BlockType::Empty));
        f.i(I::LocalGet(0));
        // Constructors: min(tag, 7). Functions: arity if it fits, else 0.
        f.i(I::LocalGet(inf));
        f.i(I::I32Load(mem(info::TAG_OR_ARITY, 2)));
        f.i(I::LocalSet(x));
        if fun {
            f.i(I::LocalGet(x));
            f.i(I::I32Const(0));
        } else {
            f.i(I::LocalGet(x));
            f.i(I::I32Const(TAG_MASK as i32));
        }
        f.i(I::LocalGet(x));
        f.i(I::I32Const(if fun {
            TAG_MASK as i32 + 1
        } else {
            TAG_MASK as i32
        }));
        f.i(I::I32LtU);
        f.i(I::Select);
        f.i(I::I32Or);
        ret_to_frame(&mut f, vec![i32t]);
        f.i(I::End);
    }
    f.i(I::LocalGet(0));
    f.i(I::LocalGet(inf));
    f.i(I::I32Load(mem(info::ENTRY, 2)));
    f.op(Op::ReturnCallIndirect(FnTy::new(vec![i32t], vec![])));
    f
}

/// Builds the glue object for a program.
pub fn glue_object(entry: &ProgramEntry) -> Result<Vec<u8>, ahc_wasm_object::ObjectError> {
    let i32t = ValType::I32;
    let mut items = Items::default();

    let mut set_regs = FnBuf::new(
        gen_syms::SET_REGS.into(),
        FnTy::new(vec![i32t; 4], vec![]),
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
    let mut set_hp = FnBuf::new(
        gen_syms::SET_HP.into(),
        FnTy::new(vec![i32t; 2], vec![]),
        false,
    );
    set_hp.i(I::LocalGet(0));
    set_hp.op(Op::GlobalSet(Reg::Hp));
    set_hp.i(I::LocalGet(1));
    set_hp.op(Op::GlobalSet(Reg::HpLim));
    items.funcs.push(set_hp);
    for (name, r) in [(gen_syms::GET_SP, Reg::Sp), (gen_syms::GET_HP, Reg::Hp)] {
        let mut g = FnBuf::new(name.into(), FnTy::new(vec![], vec![i32t]), false);
        g.op(Op::GlobalGet(r));
        items.funcs.push(g);
    }
    items.funcs.push(eval_fn());

    // The stop frame: pop it and return to whoever called into Haskell.
    let ret_ty = FnTy::new(vec![i32t], vec![]);
    let mut stop = FnBuf::new(STOP_RET.into(), ret_ty.clone(), true);
    pop(&mut stop, WORD);
    items.funcs.push(stop);
    items.data.push(info_table(
        "ahc_stop_info",
        (STOP_RET, &ret_ty),
        ClosureType::StopFrame,
        0,
        0,
        0,
    ));

    // Apply the returned function to the void State# token: its arity must be 1.
    let mut ap = FnBuf::new(AP_V_RET.into(), ret_ty.clone(), true);
    let inf = ap.new_local(i32t);
    pop(&mut ap, WORD);
    ap.i(I::LocalGet(0));
    ap.i(I::I32Const(-8));
    ap.i(I::I32And);
    ap.i(I::I32Load(mem(0, 2)));
    ap.i(I::LocalTee(inf));
    ap.i(I::I32Load(mem(info::TYPE, 2)));
    ap.i(I::I32Const(ClosureType::Fun as i32));
    ap.i(I::I32Ne);
    ap.i(I::LocalGet(inf));
    ap.i(I::I32Load(mem(info::TAG_OR_ARITY, 2)));
    ap.i(I::I32Const(1));
    ap.i(I::I32Ne);
    ap.i(I::I32Or);
    ap.i(I::If(BlockType::Empty));
    barf(
        &mut ap,
        &mut items,
        "ahc_msg_main_arity",
        "main is not an IO action of arity 1",
    );
    ap.i(I::End);
    ap.i(I::LocalGet(0));
    ap.i(I::LocalGet(inf));
    ap.i(I::I32Load(mem(info::ENTRY, 2)));
    ap.op(Op::ReturnCallIndirect(FnTy::new(vec![i32t], vec![])));
    items.funcs.push(ap);
    items.data.push(info_table(
        "ahc_ap_v_info",
        (AP_V_RET, &ret_ty),
        ClosureType::RetFrame,
        0,
        0,
        0,
    ));

    let mut main = FnBuf::new(gen_syms::HS_MAIN.into(), FnTy::new(vec![], vec![]), false);
    main.op(Op::GlobalGet(Reg::Sp));
    main.i(I::I32Const(2 * WORD as i32));
    main.i(I::I32Sub);
    main.op(Op::GlobalSet(Reg::Sp));
    for (off, sym) in [(WORD, "ahc_stop_info"), (0, "ahc_ap_v_info")] {
        main.op(Op::GlobalGet(Reg::Sp));
        main.op(Op::DataAddr(sym.into(), 0));
        main.i(I::I64ExtendI32U);
        main.i(I::I64Store(mem(off as u64 as u32, 3)));
    }
    main.op(Op::DataAddr(
        entry.main_closure.clone(),
        entry.main_tag as i32,
    ));
    main.op(Op::Call(EVAL.into(), FnTy::new(vec![i32t], vec![])));
    items.funcs.push(main);

    let mut c = Committer::new(true);
    c.define_registers();
    c.commit(items);
    c.finish()
}
