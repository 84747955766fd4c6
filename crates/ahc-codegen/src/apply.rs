//! Calls: known saturated calls go straight to the callee's fast entry; everything else uses
//! the eval/apply protocol.
//!
//! An unknown call `f a1 … an` first tries the fast path: a pointer tagged `n` is a function of
//! arity `n`, whose fast entry takes exactly these arguments. Otherwise the arguments go into an
//! *apply frame* `[ahc_ap_frame_info][pattern | n][args…]` and `f` is evaluated; the frame's
//! code (in the glue, `ahc_ap_ret`) then calls, partially applies (builds a PAP) or
//! over-applies the function. Over-saturated known calls push an apply frame for the extra
//! arguments and call the function with the rest.

use ahc_abi::{gen_syms, info, TAG_MASK, WORD};
use ahc_stg::{Arg, IdRef, PrimRep};
use wasm_encoder::{BlockType, Instruction as I, ValType};

use crate::code::{FnTy, Op, Reg};
use crate::expr::{glue, mem, Fx, R};
use crate::info::pattern;

impl<'a, 'm> Fx<'a, 'm> {
    /// Pushes an apply frame holding `args` (positional).
    pub(crate) fn push_ap_frame(&mut self, args: &[Arg]) -> R<()> {
        let reps: Vec<PrimRep> = args.iter().map(|a| self.atom_rep(a)).collect::<R<_>>()?;
        let words = reps
            .iter()
            .filter(|r| crate::layout::wasm_type(**r).is_some())
            .count() as u32;
        let pat = self.mc.pattern_sym(&pattern(&reps));
        self.push_frame((2 + words) * WORD);
        self.f.op(Op::GlobalGet(Reg::Sp));
        self.f.op(Op::DataAddr(gen_syms::AP_FRAME_INFO.into(), 0));
        self.store_word(ValType::I32, 0);
        self.f.op(Op::GlobalGet(Reg::Sp));
        self.f.op(Op::DataAddr(pat, 0));
        self.i(I::I64ExtendI32U);
        self.i(I::I64Const((args.len() as i64) << 32));
        self.i(I::I64Or);
        self.i(I::I64Store(mem(WORD, 3)));
        let mut off = 2 * WORD;
        for a in args {
            self.f.op(Op::GlobalGet(Reg::Sp));
            match self.atom(a)? {
                Some(ty) => {
                    self.store_word(ty, off);
                    off += WORD;
                }
                None => self.i(I::Drop),
            }
        }
        Ok(())
    }

    /// A call of `f` (a value, not a known function) with `args`, in tail position.
    pub(crate) fn call_unknown(&mut self, f: IdRef, args: &[Arg]) -> R<()> {
        let n = args.len() as u32;
        if n <= TAG_MASK {
            // Fast path: tagged with the arity = a function taking exactly these arguments.
            self.var(f)?;
            self.i(I::I32Const(TAG_MASK as i32));
            self.i(I::I32And);
            self.i(I::I32Const(n as i32));
            self.i(I::I32Eq);
            self.i(I::If(BlockType::Empty));
            self.var(f)?;
            let mut params = vec![ValType::I32];
            params.extend(self.atoms(args)?);
            self.var(f)?;
            self.i(I::I32Const(-8));
            self.i(I::I32And);
            self.i(I::I32Load(mem(0, 2)));
            self.i(I::I32Load(mem(info::ENTRY, 2)));
            self.f.op(Op::ReturnCallIndirect(FnTy::new(params, vec![])));
            self.i(I::End);
        }
        self.push_ap_frame(args)?;
        self.var(f)?;
        self.f.op(Op::ReturnCall(
            glue::EVAL.into(),
            FnTy::new(vec![ValType::I32], vec![]),
        ));
        Ok(())
    }

    /// A call of a known function of arity `arity` (fast entry `entry`) with more arguments
    /// than that: the extra ones wait in an apply frame.
    pub(crate) fn call_known(
        &mut self,
        f: IdRef,
        entry: &str,
        arity: usize,
        args: &[Arg],
    ) -> R<()> {
        if args.len() > arity {
            self.push_ap_frame(&args[arity..])?;
        }
        self.var(f)?;
        let mut params = vec![ValType::I32];
        params.extend(self.atoms(&args[..arity])?);
        self.f
            .op(Op::ReturnCall(entry.to_string(), FnTy::new(params, vec![])));
        Ok(())
    }
}
