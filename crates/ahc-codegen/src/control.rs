//! Primops that are about evaluation and control rather than data: `seq#`, exceptions
//! (`raise#`, `raiseIO#`, `catch#`), masking, `dataToTag#`, `tagToEnum#`.
//!
//! The control ones end the code block (they are compiled in tail position, so a `case` on one
//! pushes a return frame); `dataToTag#`, `tagToEnum#` and `getMaskingState#` compute values in
//! place.

use ahc_abi::{con_tag_bits, gen_syms, info, mask, rts_syms, TAG_MASK, WORD};
use ahc_stg::{Arg, PrimRep, TyConInfo};
use wasm_encoder::{BlockType, Instruction as I, ValType};

use crate::code::{DataBuf, DataTarget, FnTy, Op, Reg};
use crate::expr::{mem, Fx, Sequel, R};
use crate::names;
use crate::sched_glue as sg;

impl Fx<'_, '_> {
    /// Calls runtime function `sym` with the arguments at `which` (wasm types as they are);
    /// its results stay on the stack.
    fn rts_call(&mut self, sym: &str, args: &[Arg], which: &[usize], results: &[ValType]) -> R<()> {
        let mut params = Vec::new();
        for k in which {
            let a = args
                .get(*k)
                .ok_or_else(|| self.err(format!("internal: {sym}: missing argument")))?;
            if let Some(t) = self.atom(a)? {
                params.push(t);
            }
        }
        self.f
            .op(Op::Call(sym.into(), FnTy::new(params, results.to_vec())));
        Ok(())
    }

    /// The pointer on the stack (0 = nothing) becomes `(# found: Int#, pointer #)`.
    fn found_flag(&mut self) {
        let p = self.f.new_local(ValType::I32);
        self.i(I::LocalTee(p));
        self.i(I::I32Const(0));
        self.i(I::I32Ne);
        self.i(I::I64ExtendI32U);
        self.i(I::LocalGet(p));
    }
}

/// The glue's `ahc_raise(exc: i32) -> ()`.
pub const RAISE: &str = "ahc_raise";

impl<'a, 'm> Fx<'a, 'm> {
    /// Compiles `name` if it is one of ours, leaving its results on the stack (value primops)
    /// or ending the block (control primops). `None`: not ours.
    pub(crate) fn control_primop(
        &mut self,
        name: &str,
        args: &[Arg],
        result: &[PrimRep],
        result_tycon: Option<&TyConInfo>,
        seq: &Sequel,
    ) -> R<Option<()>> {
        let tail = |fx: &Self| -> R<()> {
            if matches!(seq, Sequel::Return) {
                Ok(())
            } else {
                Err(fx.err(format!("internal: {name} outside tail position")))
            }
        };
        let fun = |fx: &Self, a: &Arg| match a {
            Arg::Var(v) => Ok(*v),
            Arg::Lit(_) => Err(fx.err(format!("internal: literal applied in {name}"))),
        };
        match name {
            "seq#" => {
                tail(self)?;
                let v = fun(self, &args[0])?;
                self.app(v, &[], seq)?;
            }
            "raise#" | "raiseIO#" => {
                tail(self)?;
                self.atom(&args[0])?;
                self.f.op(Op::ReturnCall(
                    RAISE.into(),
                    FnTy::new(vec![ValType::I32], vec![]),
                ));
            }
            "catch#" => {
                tail(self)?;
                let (io, handler) = (fun(self, &args[0])?, &args[1]);
                self.push_frame(3 * WORD);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.f
                    .op(Op::DataAddr(gen_syms::CATCH_FRAME_INFO.into(), 0));
                self.store_word(ValType::I32, 0);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.atom(handler)?;
                self.store_word(ValType::I32, WORD);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.f.op(Op::Call(
                    rts_syms::GET_MASK.into(),
                    FnTy::new(vec![], vec![ValType::I64]),
                ));
                self.store_word(ValType::I64, 2 * WORD);
                self.call_unknown(io, &args[2..])?;
            }
            "maskAsyncExceptions#" | "maskUninterruptible#" | "unmaskAsyncExceptions#" => {
                tail(self)?;
                let new = match name {
                    "maskAsyncExceptions#" => mask::MASKED_INTERRUPTIBLE,
                    "maskUninterruptible#" => mask::MASKED_UNINTERRUPTIBLE,
                    _ => mask::UNMASKED,
                };
                let io = fun(self, &args[0])?;
                // If the state changes, a frame restores the old one when `io` returns.
                let old = self.f.new_local(ValType::I64);
                self.f.op(Op::Call(
                    rts_syms::GET_MASK.into(),
                    FnTy::new(vec![], vec![ValType::I64]),
                ));
                self.i(I::LocalTee(old));
                self.i(I::I64Const(new as i64));
                self.i(I::I64Ne);
                self.i(I::If(BlockType::Empty));
                self.push_frame(2 * WORD);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.f.op(Op::DataAddr(gen_syms::MASK_FRAME_INFO.into(), 0));
                self.store_word(ValType::I32, 0);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.i(I::LocalGet(old));
                self.store_word(ValType::I64, WORD);
                self.i(I::I64Const(new as i64));
                self.f.op(Op::Call(
                    rts_syms::SET_MASK.into(),
                    FnTy::new(vec![ValType::I64], vec![]),
                ));
                self.i(I::End);
                self.call_unknown(io, &args[1..])?;
            }
            "getMaskingState#" => {
                self.f.op(Op::Call(
                    rts_syms::GET_MASK.into(),
                    FnTy::new(vec![], vec![ValType::I64]),
                ));
            }
            "dataToTag#" => {
                // The constructor tag (0-based) of an evaluated value.
                let (x, t) = (
                    self.f.new_local(ValType::I32),
                    self.f.new_local(ValType::I32),
                );
                self.atom(&args[0])?;
                self.i(I::LocalTee(x));
                self.i(I::I32Const(TAG_MASK as i32));
                self.i(I::I32And);
                self.i(I::LocalTee(t));
                self.i(I::I32Eqz);
                self.i(I::LocalGet(t));
                self.i(I::I32Const(TAG_MASK as i32));
                self.i(I::I32Eq);
                self.i(I::I32Or);
                self.i(I::If(BlockType::Empty));
                self.i(I::LocalGet(x));
                self.i(I::I32Const(-8));
                self.i(I::I32And);
                self.i(I::I32Load(mem(0, 2)));
                self.i(I::I32Load(mem(info::TAG_OR_ARITY, 2)));
                self.i(I::LocalSet(t));
                self.i(I::End);
                self.i(I::LocalGet(t));
                self.i(I::I32Const(1));
                self.i(I::I32Sub);
                self.i(I::I64ExtendI32U);
            }
            "tagToEnum#" => {
                let tc =
                    result_tycon.ok_or_else(|| self.err("tagToEnum# without a result type"))?;
                let table = self.mc.enum_table(tc);
                self.f.op(Op::DataAddr(table, 0));
                self.atom(&args[0])?;
                self.i(I::I32WrapI64);
                self.i(I::I32Const(2));
                self.i(I::I32Shl);
                self.i(I::I32Add);
                self.i(I::I32Load(mem(0, 2)));
            }
            // The new contents are thunks: `f old` (an `ahc_ap1` thunk) and, for the `2` variant,
            // the first field of that (an `ahc_sel0` thunk); no evaluation happens here.
            "atomicModifyMutVar2#" | "atomicModifyMutVar_#" => {
                let two = name == "atomicModifyMutVar2#";
                let (mv, old) = (
                    self.f.new_local(ValType::I32),
                    self.f.new_local(ValType::I32),
                );
                self.atom(&args[0])?;
                self.i(I::LocalTee(mv));
                self.i(I::I32Load(mem(WORD, 2)));
                self.i(I::LocalSet(old));
                let base = self.alloc(if two { 7 * WORD } else { 4 * WORD });
                // [ap1][0][f][old]
                self.i(I::LocalGet(base));
                self.f.op(Op::DataAddr(gen_syms::AP1_THUNK_INFO.into(), 0));
                self.store_word(ValType::I32, 0);
                self.i(I::LocalGet(base));
                self.i(I::I64Const(0));
                self.i(I::I64Store(mem(WORD, 3)));
                self.i(I::LocalGet(base));
                self.atom(&args[1])?;
                self.store_word(ValType::I32, 2 * WORD);
                self.i(I::LocalGet(base));
                self.i(I::LocalGet(old));
                self.store_word(ValType::I32, 3 * WORD);
                let new = if two {
                    // [sel0][0][ap1 thunk]
                    let sel = self.f.new_local(ValType::I32);
                    self.i(I::LocalGet(base));
                    self.i(I::I32Const(4 * WORD as i32));
                    self.i(I::I32Add);
                    self.i(I::LocalTee(sel));
                    self.f.op(Op::DataAddr(gen_syms::SEL0_THUNK_INFO.into(), 0));
                    self.store_word(ValType::I32, 0);
                    self.i(I::LocalGet(sel));
                    self.i(I::I64Const(0));
                    self.i(I::I64Store(mem(WORD, 3)));
                    self.i(I::LocalGet(sel));
                    self.i(I::LocalGet(base));
                    self.store_word(ValType::I32, 2 * WORD);
                    sel
                } else {
                    base
                };
                self.i(I::LocalGet(mv));
                self.i(I::LocalGet(new));
                self.store_word(ValType::I32, WORD);
                // (# old, f old #)
                self.i(I::LocalGet(old));
                self.i(I::LocalGet(base));
            }
            // `keepAlive# x s f`: `f s`, with `x` held by a frame (a GC root) until it returns.
            "keepAlive#" => {
                tail(self)?;
                let f = fun(self, &args[2])?;
                let ret = self.mc.fresh("keepalive_ret");
                let tys = crate::layout::wasm_types(result);
                let ty = FnTy::new(tys.clone(), vec![]);
                let mut code = crate::code::FnBuf::new(ret.clone(), ty.clone(), true);
                code.op(Op::GlobalGet(Reg::Sp));
                code.i(I::I32Const(2 * WORD as i32));
                code.i(I::I32Add);
                code.op(Op::GlobalSet(Reg::Sp));
                for k in 0..tys.len() {
                    code.i(I::LocalGet(k as u32));
                }
                code.op(Op::GlobalGet(Reg::Sp));
                code.i(I::I32Load(mem(0, 2)));
                code.i(I::I32Load(mem(info::ENTRY, 2)));
                code.op(Op::ReturnCallIndirect(ty.clone()));
                self.items.funcs.push(code);
                let info_sym = crate::names::info(&ret);
                self.items.data.push(crate::info::info_table(
                    &info_sym,
                    (&ret, &ty),
                    ahc_abi::ClosureType::RetFrame,
                    1,
                    0,
                    0,
                ));
                self.push_frame(2 * WORD);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.f.op(Op::DataAddr(info_sym, 0));
                self.store_word(ValType::I32, 0);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.atom(&args[0])?;
                self.store_word(ValType::I32, WORD);
                self.call_unknown(f, &args[1..2])?;
            }
            // Blocking primops: tail calls of the scheduler's glue (`sched_glue`).
            // An `IOPort#` (only GHC's Windows I/O manager uses them) is an MVar here: reads
            // take, writes are `tryPutMVar#`.
            "takeMVar#" | "readMVar#" | "putMVar#" | "delay#" | "killThread#" | "readIOPort#" => {
                tail(self)?;
                let (glue, params) = match name {
                    "takeMVar#" | "readIOPort#" => (sg::TAKE_MVAR, vec![ValType::I32]),
                    "readMVar#" => (sg::READ_MVAR, vec![ValType::I32]),
                    "putMVar#" => (sg::PUT_MVAR, vec![ValType::I32; 2]),
                    "delay#" => (sg::DELAY, vec![ValType::I64]),
                    _ => (sg::KILL_THREAD, vec![ValType::I32; 2]),
                };
                for a in &args[..params.len()] {
                    self.atom(a)?;
                }
                self.f
                    .op(Op::ReturnCall(glue.into(), FnTy::new(params, vec![])));
            }
            // `waitRead#`/`waitWrite#`: the runtime's descriptors are always ready (reads block in
            // the host, see the runtime's `fdReady`): let the other threads run, then go on.
            "yield#" | "waitRead#" | "waitWrite#" => {
                tail(self)?;
                self.f
                    .op(Op::ReturnCall(sg::YIELD.into(), FnTy::new(vec![], vec![])));
            }
            // No cost centres: run the action.
            "clearCCS#" => {
                tail(self)?;
                let io = fun(self, &args[0])?;
                self.call_unknown(io, &args[1..])?;
            }
            "myThreadId#" => self.rts_call(rts_syms::MY_THREAD_ID, &[], &[], &[ValType::I32])?,
            "fork#" => self.rts_call(rts_syms::FORK, args, &[0], &[ValType::I32])?,
            "forkOn#" => self.rts_call(rts_syms::FORK, args, &[1], &[ValType::I32])?,
            "newMVar#" | "newIOPort#" => {
                self.rts_call(rts_syms::NEW_MVAR, &[], &[], &[ValType::I32])?
            }
            "tryTakeMVar#" | "tryReadMVar#" => {
                let sym = if name == "tryTakeMVar#" {
                    rts_syms::TRY_TAKE_MVAR
                } else {
                    rts_syms::TRY_READ_MVAR
                };
                self.rts_call(sym, args, &[0], &[ValType::I32])?;
                self.found_flag();
            }
            "tryPutMVar#" | "writeIOPort#" => {
                self.rts_call(rts_syms::TRY_PUT_MVAR, args, &[0, 1], &[ValType::I64])?
            }
            "isEmptyMVar#" => {
                self.atom(&args[0])?;
                self.i(I::I64Load(mem(ahc_abi::sched::MVAR_VALUE, 3)));
                self.i(I::I64Eqz);
                self.i(I::I64ExtendI32U);
            }
            "sameMVar#" | "sameTVar#" | "sameIOPort#" | "eqStableName#" => {
                self.atom(&args[0])?;
                self.atom(&args[1])?;
                self.i(I::I32Eq);
                self.i(I::I64ExtendI32U);
            }
            "threadStatus#" => {
                // (# status, capability 0, not bound #)
                self.rts_call(rts_syms::THREAD_STATUS, args, &[0], &[ValType::I64])?;
                self.i(I::I64Const(0));
                self.i(I::I64Const(0));
            }
            // STM (the runtime's `stm`): frames on the Haskell stack mark the transaction, each
            // `orElse` and each `catchSTM`; reads and writes go through the runtime's log.
            "atomically#" => {
                tail(self)?;
                let stm = fun(self, &args[0])?;
                // Nested transactions raise before any frame is pushed.
                let e = self.f.new_local(ValType::I32);
                self.f.op(Op::Call(
                    rts_syms::STM_START.into(),
                    FnTy::new(vec![], vec![ValType::I32]),
                ));
                self.i(I::LocalTee(e));
                self.i(I::If(BlockType::Empty));
                self.i(I::LocalGet(e));
                self.f.op(Op::ReturnCall(
                    RAISE.into(),
                    FnTy::new(vec![ValType::I32], vec![]),
                ));
                self.i(I::End);
                self.push_frame(2 * WORD);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.f
                    .op(Op::DataAddr(gen_syms::ATOMICALLY_FRAME_INFO.into(), 0));
                self.store_word(ValType::I32, 0);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.var(stm)?;
                self.store_word(ValType::I32, WORD);
                self.call_unknown(stm, &args[1..])?;
            }
            "catchRetry#" | "catchSTM#" => {
                tail(self)?;
                let body = fun(self, &args[0])?;
                let (info, words) = if name == "catchRetry#" {
                    (gen_syms::CATCH_RETRY_FRAME_INFO, 4)
                } else {
                    (gen_syms::CATCH_STM_FRAME_INFO, 3)
                };
                self.push_frame(words * WORD);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.f.op(Op::DataAddr(info.into(), 0));
                self.store_word(ValType::I32, 0);
                // catchRetry#: both alternatives; catchSTM#: the handler.
                let kept = if words == 4 { &args[0..2] } else { &args[1..2] };
                for (k, a) in kept.iter().enumerate() {
                    self.f.op(Op::GlobalGet(Reg::Sp));
                    self.atom(a)?;
                    self.store_word(ValType::I32, (k as u32 + 1) * WORD);
                }
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.f.op(Op::Call(
                    rts_syms::STM_LOG_LEN.into(),
                    FnTy::new(vec![], vec![ValType::I64]),
                ));
                self.store_word(ValType::I64, (words - 1) * WORD);
                self.call_unknown(body, &args[2..])?;
            }
            "retry#" => {
                tail(self)?;
                self.f
                    .op(Op::ReturnCall(sg::RETRY.into(), FnTy::new(vec![], vec![])));
            }
            "newTVar#" => self.rts_call(rts_syms::NEW_TVAR, args, &[0], &[ValType::I32])?,
            "readTVar#" => self.rts_call(rts_syms::STM_READ, args, &[0], &[ValType::I32])?,
            "readTVarIO#" => {
                self.atom(&args[0])?;
                self.i(I::I32Load(mem(ahc_abi::sched::TVAR_VALUE, 2)));
            }
            "writeTVar#" => self.rts_call(rts_syms::STM_WRITE, args, &[0, 1], &[])?,
            "isCurrentThreadBound#" | "numSparks#" => self.i(I::I64Const(0)),
            "labelThread#" | "setThreadAllocationCounter#" => {}
            "getSpark#" => {
                self.i(I::I64Const(0));
                self.i(I::I32Const(0));
            }
            "mkWeak#" | "mkWeakNoFinalizer#" => {
                self.atom(&args[0])?;
                self.atom(&args[1])?;
                if name == "mkWeak#" {
                    self.atom(&args[2])?;
                } else {
                    self.i(I::I32Const(0));
                }
                self.f.op(Op::Call(
                    rts_syms::MK_WEAK.into(),
                    FnTy::new(vec![ValType::I32; 3], vec![ValType::I32]),
                ));
            }
            "deRefWeak#" => {
                self.rts_call(rts_syms::DEREF_WEAK, args, &[0], &[ValType::I32])?;
                self.found_flag();
            }
            "finalizeWeak#" => {
                self.rts_call(rts_syms::FINALIZE_WEAK, args, &[0], &[ValType::I32])?;
                self.found_flag();
            }
            "addCFinalizerToWeak#" => self.rts_call(
                rts_syms::ADD_C_FINALIZER,
                args,
                &[0, 1, 2, 3, 4],
                &[ValType::I64],
            )?,
            _ => return Ok(None),
        }
        Ok(Some(()))
    }
}

impl<'m> crate::expr::ModCx<'m> {
    /// A table of the (tagged) static closures of an enumeration's constructors, by tag.
    pub(crate) fn enum_table(&mut self, tc: &TyConInfo) -> String {
        let name = format!(
            "{}_enum_{}",
            self.prefix,
            names::name_base(&self.m.this, &tc.name)
        );
        if self.enum_tables.insert(name.clone()) {
            let mut cons: Vec<_> = tc
                .datacons
                .iter()
                .map(|d| self.m.datacon(*d).clone())
                .collect();
            cons.sort_by_key(|d| d.tag);
            let relocs = cons
                .iter()
                .enumerate()
                .map(|(k, d)| {
                    let tag = con_tag_bits(d.tag, d.family_size) as i32;
                    (
                        (k * 4) as u32,
                        DataTarget::Data(names::con_closure(&self.m.this, d), tag),
                    )
                })
                .collect();
            self.shared_items.push(DataBuf {
                name: name.clone(),
                bytes: vec![0; cons.len() * 4],
                align: 4,
                relocs,
                local_symbol: true,
            });
        }
        name
    }
}
