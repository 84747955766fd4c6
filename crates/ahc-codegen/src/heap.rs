//! Heap and stack: bump allocation, block-entry heap checks with spill frames, frame pushes.
//!
//! Heap checks follow GHC: each code block (closure entry, continuation, join point) checks once,
//! on entry, for everything it allocates before control leaves it (`fvs::alloc_bytes`). At that
//! point the live variables are exactly the block's parameters and loaded free variables, so
//! when the check fails their pointers are saved in a *spill frame* (a `RetFrame` with entry 0,
//! pointers only) that the garbage collector scans and updates, and reloaded afterwards.
//! Allocation itself is a bare bump of `Hp`.

use ahc_abi::{rts_syms, ClosureType, WORD};
use ahc_stg::IdRef;
use wasm_encoder::{BlockType, Instruction as I, ValType};

use crate::code::{FnTy, Op, Reg};
use crate::expr::{Fx, R};
use crate::info::{build, InfoSpec};
use crate::layout::Layout;

impl<'a, 'm> Fx<'a, 'm> {
    /// Reserves `bytes` on the Haskell stack; Sp points at the new frame. If the stack is
    /// full the runtime moves it to a bigger region (locals hold no stack addresses, so nothing
    /// needs saving).
    pub(crate) fn push_frame(&mut self, bytes: u32) {
        self.f.op(Op::GlobalGet(Reg::Sp));
        self.i(I::I32Const(bytes as i32));
        self.i(I::I32Sub);
        self.f.op(Op::GlobalGet(Reg::SpLim));
        self.i(I::I32LtU);
        self.i(I::If(BlockType::Empty));
        self.i(I::I32Const(bytes as i32));
        self.f.op(Op::Call(
            rts_syms::GROW_STACK.into(),
            FnTy::new(vec![ValType::I32], vec![]),
        ));
        self.i(I::End);
        self.f.op(Op::GlobalGet(Reg::Sp));
        self.i(I::I32Const(bytes as i32));
        self.i(I::I32Sub);
        self.f.op(Op::GlobalSet(Reg::Sp));
    }

    /// Pops `bytes` off the Haskell stack.
    pub(crate) fn pop_frame(&mut self, bytes: u32) {
        self.f.op(Op::GlobalGet(Reg::Sp));
        self.i(I::I32Const(bytes as i32));
        self.i(I::I32Add);
        self.f.op(Op::GlobalSet(Reg::Sp));
    }

    /// Takes `bytes` of heap reserved by the block's heap check; returns a local holding the
    /// address.
    pub(crate) fn alloc(&mut self, bytes: u32) -> u32 {
        let base = self.f.new_local(ValType::I32);
        self.f.op(Op::GlobalGet(Reg::Hp));
        self.i(I::LocalTee(base));
        self.i(I::I32Const(bytes as i32));
        self.i(I::I32Add);
        self.f.op(Op::GlobalSet(Reg::Hp));
        base
    }

    /// The locals of those of `vars` that are pointers bound to locals here.
    pub(crate) fn ptr_locals(&self, vars: impl IntoIterator<Item = IdRef>) -> Vec<u32> {
        vars.into_iter()
            .filter(|v| self.mc.rep(*v).is_gc_ptr())
            .filter_map(|v| self.env.get(&v).copied())
            .collect()
    }

    /// The `i32` parameters of this function from index `from` on (in Haskell code every `i32`
    /// value is a heap pointer).
    pub(crate) fn ptr_params(&self, from: u32) -> Vec<u32> {
        let n = self.f.ty.params.len() as u32;
        (from..n)
            .filter(|k| self.f.ty.params[*k as usize] == ValType::I32)
            .collect()
    }

    /// The block-entry heap check: makes `need` bytes available, saving the pointer locals
    /// `live` across a collection.
    pub(crate) fn heap_check(&mut self, need: u32, live: &[u32]) -> R<()> {
        if need == 0 {
            return Ok(());
        }
        if need > ahc_abi::MAX_HEAP_CHECK {
            return Err(self.err(format!("a code block allocating {need} bytes at once")));
        }
        let mut ptrs: Vec<u32> = live.to_vec();
        ptrs.sort_unstable();
        ptrs.dedup();
        self.f.op(Op::GlobalGet(Reg::Hp));
        self.i(I::I32Const(need as i32));
        self.i(I::I32Add);
        self.f.op(Op::GlobalGet(Reg::HpLim));
        self.i(I::I32GtU);
        self.i(I::If(BlockType::Empty));
        let k = ptrs.len() as u32;
        let info = self.mc.spill_info(k);
        self.push_frame((1 + k) * WORD);
        self.f.op(Op::GlobalGet(Reg::Sp));
        self.f.op(Op::DataAddr(info, 0));
        self.store_word(ValType::I32, 0);
        for (slot, l) in ptrs.iter().enumerate() {
            self.f.op(Op::GlobalGet(Reg::Sp));
            self.i(I::LocalGet(*l));
            self.store_word(ValType::I32, Layout::offset(slot as u32, 1));
        }
        self.i(I::I32Const(need as i32));
        self.f.op(Op::Call(
            rts_syms::GC.into(),
            FnTy::new(vec![ValType::I32], vec![]),
        ));
        for (slot, l) in ptrs.iter().enumerate() {
            self.f.op(Op::GlobalGet(Reg::Sp));
            self.load_word(ValType::I32, Layout::offset(slot as u32, 1));
            self.i(I::LocalSet(*l));
        }
        self.pop_frame((1 + k) * WORD);
        self.i(I::End);
        Ok(())
    }
}

impl<'m> crate::expr::ModCx<'m> {
    /// The (module-local) info table of a spill frame holding `k` pointers.
    pub(crate) fn spill_info(&mut self, k: u32) -> String {
        let name = format!("{}_spill{k}_info", self.prefix);
        if self.spill_infos.insert(k) {
            self.shared_items.push(build(
                &name,
                ClosureType::RetFrame,
                InfoSpec {
                    ptrs: k,
                    ..Default::default()
                },
            ));
        }
        name
    }
}
