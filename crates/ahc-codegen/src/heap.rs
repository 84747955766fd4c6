//! Heap and stack: bump allocation, block-entry heap checks with spill frames, frame pushes.
//!
//! Heap checks follow GHC: each code block (closure entry, continuation, join point) checks once,
//! on entry, for everything it allocates before control leaves it (`fvs::alloc_bytes`). At that
//! point the live variables are exactly the block's parameters and loaded free variables, so
//! when the check fails their pointers are saved in a *spill frame* (a `RetFrame` with entry 0,
//! pointers only) that the garbage collector scans and updates, and reloaded afterwards.
//! Allocation itself is a bare bump of `Hp`.

use ahc_abi::{gen_syms, rts_syms, ClosureType, WORD};
use ahc_stg::IdRef;
use wasm_encoder::{BlockType, Instruction as I, ValType};

use crate::code::{FnBuf, FnTy, Op, Reg};
use crate::expr::{mem, Fx, R};
use crate::info::{build, InfoSpec};
use crate::layout::Layout;

/// A frame size: a constant, or the value of an `i32` local.
#[derive(Clone, Copy)]
pub(crate) enum Bytes {
    Const(u32),
    Local(u32),
}

impl Bytes {
    fn push(self, f: &mut FnBuf) {
        match self {
            Bytes::Const(n) => f.i(I::I32Const(n as i32)),
            Bytes::Local(l) => f.i(I::LocalGet(l)),
        }
    }
}

/// Reserves `bytes` on the Haskell stack; Sp points at the new frame. If the stack is full the
/// runtime moves it to a bigger region (locals hold no stack addresses, so nothing needs
/// saving). Shared by compiled code and the glue.
pub(crate) fn push_frame(f: &mut FnBuf, bytes: Bytes) {
    f.op(Op::GlobalGet(Reg::Sp));
    bytes.push(f);
    f.i(I::I32Sub);
    f.op(Op::GlobalGet(Reg::SpLim));
    f.i(I::I32LtU);
    f.i(I::If(BlockType::Empty));
    bytes.push(f);
    f.op(Op::Call(
        rts_syms::GROW_STACK.into(),
        FnTy::new(vec![ValType::I32], vec![]),
    ));
    f.i(I::End);
    f.op(Op::GlobalGet(Reg::Sp));
    bytes.push(f);
    f.i(I::I32Sub);
    f.op(Op::GlobalSet(Reg::Sp));
}

/// Pops `bytes` off the Haskell stack.
pub(crate) fn pop_frame(f: &mut FnBuf, bytes: u32) {
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Const(bytes as i32));
    f.i(I::I32Add);
    f.op(Op::GlobalSet(Reg::Sp));
}

/// Returns the values of types `tys` on the wasm stack to the frame on top of the Haskell
/// stack: a tail call of its info table's entry.
pub(crate) fn return_to_frame(f: &mut FnBuf, tys: Vec<ValType>) {
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::I32Load(mem(0, 2)));
    f.i(I::I32Load(mem(ahc_abi::info::ENTRY, 2)));
    f.op(Op::ReturnCallIndirect(FnTy::new(tys, vec![])));
}

/// Pushes `[update frame | node]` (the node is local 0, a thunk) and blackholes the node.
pub(crate) fn push_update_frame(f: &mut FnBuf) {
    push_frame(f, Bytes::Const(2 * WORD));
    f.op(Op::GlobalGet(Reg::Sp));
    f.op(Op::DataAddr(gen_syms::UPDATE_FRAME_INFO.into(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(0, 3)));
    f.op(Op::GlobalGet(Reg::Sp));
    f.i(I::LocalGet(0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(WORD, 3)));
    f.i(I::LocalGet(0));
    f.op(Op::DataAddr(gen_syms::BLACKHOLE_INFO.into(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(0, 3)));
}

impl<'a, 'm> Fx<'a, 'm> {
    /// Reserves `bytes` on the Haskell stack (see [`push_frame`]).
    pub(crate) fn push_frame(&mut self, bytes: u32) {
        push_frame(&mut self.f, Bytes::Const(bytes));
    }

    /// Pops `bytes` off the Haskell stack.
    pub(crate) fn pop_frame(&mut self, bytes: u32) {
        pop_frame(&mut self.f, bytes);
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
        let info = self.mc.spill_info(ptrs.len() as u32);
        heap_check(&mut self.f, Bytes::Const(need), &ptrs, &info);
        Ok(())
    }
}

/// Emits a heap check for `need` bytes: on failure, the pointer locals `ptrs` are saved in a
/// spill frame (info table `spill_info`, `RetFrame` with `ptrs.len()` pointers) around the call
/// to the runtime's collector, and reloaded (they may have moved). Shared by compiled code and
/// the glue.
pub(crate) fn heap_check(f: &mut FnBuf, need: Bytes, ptrs: &[u32], spill_info: &str) {
    f.op(Op::GlobalGet(Reg::Hp));
    need.push(f);
    f.i(I::I32Add);
    f.op(Op::GlobalGet(Reg::HpLim));
    f.i(I::I32GtU);
    f.i(I::If(BlockType::Empty));
    let k = ptrs.len() as u32;
    push_frame(f, Bytes::Const((1 + k) * WORD));
    f.op(Op::GlobalGet(Reg::Sp));
    f.op(Op::DataAddr(spill_info.to_string(), 0));
    f.i(I::I64ExtendI32U);
    f.i(I::I64Store(mem(0, 3)));
    for (slot, l) in ptrs.iter().enumerate() {
        f.op(Op::GlobalGet(Reg::Sp));
        f.i(I::LocalGet(*l));
        f.i(I::I64ExtendI32U);
        f.i(I::I64Store(mem(Layout::offset(slot as u32, 1), 3)));
    }
    need.push(f);
    f.op(Op::Call(
        rts_syms::GC.into(),
        FnTy::new(vec![ValType::I32], vec![]),
    ));
    for (slot, l) in ptrs.iter().enumerate() {
        f.op(Op::GlobalGet(Reg::Sp));
        f.i(I::I32Load(mem(Layout::offset(slot as u32, 1), 2)));
        f.i(I::LocalSet(*l));
    }
    pop_frame(f, (1 + k) * WORD);
    f.i(I::End);
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
