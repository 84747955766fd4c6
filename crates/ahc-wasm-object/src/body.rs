//! Function bodies with their code relocations.

use wasm_encoder::{BlockType, Encode, Instruction, MemArgTarget, ValType};

use crate::leb::{push_padded_sleb, push_padded_uleb, PADDED_LEB_LEN};
use crate::{DataSym, FuncSym, GlobalSym};

/// What a relocatable immediate inside a function body refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CodeTarget {
    /// `R_WASM_FUNCTION_INDEX_LEB`: `call` / `return_call` immediate.
    FuncIndex(FuncSym),
    /// `R_WASM_TABLE_INDEX_SLEB`: `i32.const` holding a function's table slot.
    TableIndexSleb(FuncSym),
    /// `R_WASM_MEMORY_ADDR_LEB`: the offset of a load/store memarg.
    MemoryAddrLeb(DataSym, i32),
    /// `R_WASM_MEMORY_ADDR_SLEB`: `i32.const` holding a data address.
    MemoryAddrSleb(DataSym, i32),
    /// `R_WASM_TYPE_INDEX_LEB`: a type index (call_indirect, block types).
    TypeIndex(u32),
    /// `R_WASM_GLOBAL_INDEX_LEB`: `global.get` / `global.set` immediate.
    GlobalIndex(GlobalSym),
    /// `R_WASM_TABLE_NUMBER_LEB`: the table immediate of `call_indirect`;
    /// always `__indirect_function_table`.
    TableNumber,
}

/// A relocation inside a function body: `offset` is relative to the start of
/// the body (the locals vector), and always addresses a 5-byte padded LEB.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CodeReloc {
    pub(crate) offset: u32,
    pub(crate) target: CodeTarget,
}

/// One finished function body (locals, instructions, final `end`) together
/// with the relocations of its symbolic immediates. Produced by
/// [`BodyBuilder::finish`], consumed by [`crate::ObjectBuilder::define_func`].
#[derive(Clone, Debug)]
pub struct FuncBody {
    pub(crate) bytes: Vec<u8>,
    pub(crate) relocs: Vec<CodeReloc>,
}

impl FuncBody {
    /// Size of the encoded body in bytes (without its size prefix).
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }
}

/// Builds one function body and records a relocation for every immediate that
/// names a function, global, data symbol, type or table.
///
/// Plain instructions go through [`BodyBuilder::ins`]; instructions whose
/// immediates the linker must rewrite have dedicated methods. `ins` panics on
/// an instruction that would need a relocation it cannot express (e.g. a raw
/// `call 3`): such code would silently break at link time.
#[derive(Clone, Debug)]
pub struct BodyBuilder {
    bytes: Vec<u8>,
    relocs: Vec<CodeReloc>,
}

impl BodyBuilder {
    /// Starts a body whose declared locals (after the parameters) are `locals`,
    /// in order. Runs of equal types are run-length encoded.
    pub fn new(locals: &[ValType]) -> Self {
        let mut groups: Vec<(u32, ValType)> = Vec::new();
        for &ty in locals {
            match groups.last_mut() {
                Some((n, last)) if *last == ty => *n += 1,
                _ => groups.push((1, ty)),
            }
        }
        let mut bytes = Vec::new();
        (groups.len() as u32).encode(&mut bytes);
        for (n, ty) in &groups {
            n.encode(&mut bytes);
            ty.encode(&mut bytes);
        }
        BodyBuilder {
            bytes,
            relocs: Vec::new(),
        }
    }

    /// Appends an instruction that has no relocatable immediate.
    ///
    /// `block`/`loop`/`if`/`try` with a [`BlockType::FunctionType`] are
    /// accepted: their type index gets an `R_WASM_TYPE_INDEX_LEB` relocation.
    ///
    /// # Panics
    /// On instructions whose immediates name functions, globals, tables,
    /// element or data segments, or tags (`call`, `global.get`,
    /// `call_indirect`, `ref.func`, `table.get`, `memory.init`, `throw`, …):
    /// use the dedicated methods, or (for the rest) they are not supported in
    /// relocatable objects.
    pub fn ins(&mut self, i: &Instruction<'_>) -> &mut Self {
        match i {
            Instruction::Block(BlockType::FunctionType(t)) => self.block_with_type(0x02, *t),
            Instruction::Loop(BlockType::FunctionType(t)) => self.block_with_type(0x03, *t),
            Instruction::If(BlockType::FunctionType(t)) => self.block_with_type(0x04, *t),
            Instruction::Try(BlockType::FunctionType(t)) => self.block_with_type(0x06, *t),
            Instruction::Call(_)
            | Instruction::ReturnCall(_)
            | Instruction::CallIndirect { .. }
            | Instruction::ReturnCallIndirect { .. }
            | Instruction::CallRef(_)
            | Instruction::ReturnCallRef(_)
            | Instruction::GlobalGet(_)
            | Instruction::GlobalSet(_)
            | Instruction::RefFunc(_)
            | Instruction::TableGet(_)
            | Instruction::TableSet(_)
            | Instruction::TableGrow(_)
            | Instruction::TableSize(_)
            | Instruction::TableFill(_)
            | Instruction::TableCopy { .. }
            | Instruction::TableInit { .. }
            | Instruction::ElemDrop(_)
            | Instruction::MemoryInit { .. }
            | Instruction::DataDrop(_)
            | Instruction::TryTable(..)
            | Instruction::Throw(_)
            | Instruction::Catch(_)
            | Instruction::TypedSelectMulti(_) => {
                panic!("BodyBuilder::ins: {i:?} needs a relocation; use the dedicated method")
            }
            _ => i.encode(&mut self.bytes),
        }
        self
    }

    fn block_with_type(&mut self, opcode: u8, ty: u32) {
        self.bytes.push(opcode);
        self.reloc_uleb(CodeTarget::TypeIndex(ty), ty);
    }

    /// Records a relocation at the current position and appends a padded
    /// unsigned LEB placeholder (patched with the in-object value by
    /// `ObjectBuilder::finish`).
    fn reloc_uleb(&mut self, target: CodeTarget, placeholder: u32) {
        self.relocs.push(CodeReloc {
            offset: self.bytes.len() as u32,
            target,
        });
        push_padded_uleb(&mut self.bytes, placeholder);
    }

    fn reloc_sleb(&mut self, target: CodeTarget) {
        self.relocs.push(CodeReloc {
            offset: self.bytes.len() as u32,
            target,
        });
        push_padded_sleb(&mut self.bytes, 0);
    }

    /// `call f` (`R_WASM_FUNCTION_INDEX_LEB`).
    pub fn call(&mut self, f: FuncSym) -> &mut Self {
        self.bytes.push(0x10);
        self.reloc_uleb(CodeTarget::FuncIndex(f), 0);
        self
    }

    /// `return_call f` (tail call; `R_WASM_FUNCTION_INDEX_LEB`).
    pub fn return_call(&mut self, f: FuncSym) -> &mut Self {
        self.bytes.push(0x12);
        self.reloc_uleb(CodeTarget::FuncIndex(f), 0);
        self
    }

    /// `call_indirect (type ty) __indirect_function_table`: the callee's
    /// table index is on the stack. `ty` is a type index from
    /// [`crate::ObjectBuilder::func_type`].
    pub fn call_indirect(&mut self, ty: u32) -> &mut Self {
        self.bytes.push(0x11);
        self.indirect_immediates(ty);
        self
    }

    /// `return_call_indirect (type ty) __indirect_function_table`.
    pub fn return_call_indirect(&mut self, ty: u32) -> &mut Self {
        self.bytes.push(0x13);
        self.indirect_immediates(ty);
        self
    }

    fn indirect_immediates(&mut self, ty: u32) {
        self.reloc_uleb(CodeTarget::TypeIndex(ty), ty);
        self.reloc_uleb(CodeTarget::TableNumber, 0);
    }

    /// `global.get g` (`R_WASM_GLOBAL_INDEX_LEB`).
    pub fn global_get(&mut self, g: GlobalSym) -> &mut Self {
        self.bytes.push(0x23);
        self.reloc_uleb(CodeTarget::GlobalIndex(g), 0);
        self
    }

    /// `global.set g` (`R_WASM_GLOBAL_INDEX_LEB`).
    pub fn global_set(&mut self, g: GlobalSym) -> &mut Self {
        self.bytes.push(0x24);
        self.reloc_uleb(CodeTarget::GlobalIndex(g), 0);
        self
    }

    /// `i32.const <address of d + addend>` (`R_WASM_MEMORY_ADDR_SLEB`).
    pub fn i32_const_data_addr(&mut self, d: DataSym, addend: i32) -> &mut Self {
        self.bytes.push(0x41);
        self.reloc_sleb(CodeTarget::MemoryAddrSleb(d, addend));
        self
    }

    /// `i32.const <table index of f>` (`R_WASM_TABLE_INDEX_SLEB`): a function
    /// pointer usable with [`BodyBuilder::call_indirect`]. The linker puts `f`
    /// into `__indirect_function_table`.
    pub fn i32_const_table_index(&mut self, f: FuncSym) -> &mut Self {
        self.bytes.push(0x41);
        self.reloc_sleb(CodeTarget::TableIndexSleb(f));
        self
    }

    /// A load or store whose memarg offset is the address of `d` plus
    /// `addend` (`R_WASM_MEMORY_ADDR_LEB`), e.g. `i64.load offset=d` with a
    /// zero base address on the stack. `i`'s own `MemArg::offset` is ignored.
    ///
    /// # Panics
    /// If `i` is not a scalar load or store on memory 0.
    pub fn load_store_data(&mut self, i: &Instruction<'_>, d: DataSym, addend: i32) -> &mut Self {
        use Instruction as I;
        let mut arg = match i {
            I::I32Load(m)
            | I::I64Load(m)
            | I::F32Load(m)
            | I::F64Load(m)
            | I::I32Load8S(m)
            | I::I32Load8U(m)
            | I::I32Load16S(m)
            | I::I32Load16U(m)
            | I::I64Load8S(m)
            | I::I64Load8U(m)
            | I::I64Load16S(m)
            | I::I64Load16U(m)
            | I::I64Load32S(m)
            | I::I64Load32U(m)
            | I::I32Store(m)
            | I::I64Store(m)
            | I::F32Store(m)
            | I::F64Store(m)
            | I::I32Store8(m)
            | I::I32Store16(m)
            | I::I64Store8(m)
            | I::I64Store16(m)
            | I::I64Store32(m) => *m,
            _ => panic!("BodyBuilder::load_store_data: {i:?} is not a scalar load/store"),
        };
        assert!(
            arg.target == MemArgTarget::Memory(0) && arg.ordering.is_none(),
            "BodyBuilder::load_store_data: only plain accesses to memory 0"
        );
        arg.offset = 0;
        let with_zero_offset = match i {
            I::I32Load(_) => I::I32Load(arg),
            I::I64Load(_) => I::I64Load(arg),
            I::F32Load(_) => I::F32Load(arg),
            I::F64Load(_) => I::F64Load(arg),
            I::I32Load8S(_) => I::I32Load8S(arg),
            I::I32Load8U(_) => I::I32Load8U(arg),
            I::I32Load16S(_) => I::I32Load16S(arg),
            I::I32Load16U(_) => I::I32Load16U(arg),
            I::I64Load8S(_) => I::I64Load8S(arg),
            I::I64Load8U(_) => I::I64Load8U(arg),
            I::I64Load16S(_) => I::I64Load16S(arg),
            I::I64Load16U(_) => I::I64Load16U(arg),
            I::I64Load32S(_) => I::I64Load32S(arg),
            I::I64Load32U(_) => I::I64Load32U(arg),
            I::I32Store(_) => I::I32Store(arg),
            I::I64Store(_) => I::I64Store(arg),
            I::F32Store(_) => I::F32Store(arg),
            I::F64Store(_) => I::F64Store(arg),
            I::I32Store8(_) => I::I32Store8(arg),
            I::I32Store16(_) => I::I32Store16(arg),
            I::I64Store8(_) => I::I64Store8(arg),
            I::I64Store16(_) => I::I64Store16(arg),
            _ => I::I64Store32(arg),
        };
        // The memarg is the last immediate of these instructions and a zero
        // offset encodes as the single byte 0x00: swap it for a padded LEB.
        with_zero_offset.encode(&mut self.bytes);
        let last = self.bytes.pop();
        debug_assert_eq!(last, Some(0));
        self.relocs.push(CodeReloc {
            offset: self.bytes.len() as u32,
            target: CodeTarget::MemoryAddrLeb(d, addend),
        });
        push_padded_uleb(&mut self.bytes, 0);
        self
    }

    /// Current size of the body in bytes.
    pub fn byte_len(&self) -> usize {
        self.bytes.len()
    }

    /// Appends the final `end` and returns the body.
    pub fn finish(mut self) -> FuncBody {
        self.bytes.push(0x0b);
        debug_assert!(self
            .relocs
            .iter()
            .all(|r| r.offset as usize + PADDED_LEB_LEN <= self.bytes.len()));
        FuncBody {
            bytes: self.bytes,
            relocs: self.relocs,
        }
    }
}
