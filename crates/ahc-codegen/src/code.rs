//! A buffer of wasm instructions with *symbolic* references, and the items (functions and data)
//! that a top-level binding compiles to.
//!
//! Code generation of one binding can fail half-way (an unsupported construct); nothing touches
//! the object file until the whole binding has compiled, so a failed binding leaves no trace.
//! Symbols are referred to by name here and resolved when the items are committed to the
//! [`ahc_wasm_object::ObjectBuilder`].

use std::collections::HashMap;

use ahc_wasm_object::{
    BodyBuilder, DataReloc, DataRelocKind, FuncSym, Instruction, ObjectBuilder, SymFlags, ValType,
};

/// A wasm function type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FnTy {
    pub params: Vec<ValType>,
    pub results: Vec<ValType>,
}

impl FnTy {
    pub fn new(params: Vec<ValType>, results: Vec<ValType>) -> FnTy {
        FnTy { params, results }
    }
}

/// The register globals shared by all generated code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reg {
    /// Haskell stack pointer (grows down; points at the top frame's info word).
    Sp,
    /// Lowest address the stack may grow to.
    SpLim,
    /// Next free heap byte.
    Hp,
    /// One past the last usable nursery byte.
    HpLim,
}

impl Reg {
    pub const ALL: [Reg; 4] = [Reg::Sp, Reg::SpLim, Reg::Hp, Reg::HpLim];
    pub fn symbol(self) -> &'static str {
        match self {
            Reg::Sp => "ahc_Sp",
            Reg::SpLim => "ahc_SpLim",
            Reg::Hp => "ahc_Hp",
            Reg::HpLim => "ahc_HpLim",
        }
    }
}

/// One instruction; symbolic operands are resolved at commit time.
#[derive(Clone, Debug)]
pub enum Op {
    I(Instruction<'static>),
    Call(String, FnTy),
    ReturnCall(String, FnTy),
    CallIndirect(FnTy),
    ReturnCallIndirect(FnTy),
    GlobalGet(Reg),
    GlobalSet(Reg),
    /// `i32.const` of a data symbol's address plus an addend.
    DataAddr(String, i32),
    /// `i32.const` of a function's table index.
    TableIndex(String, FnTy),
}

/// A function under construction.
#[derive(Debug)]
pub struct FnBuf {
    pub name: String,
    pub ty: FnTy,
    pub locals: Vec<ValType>,
    pub code: Vec<Op>,
    pub local_symbol: bool,
}

impl FnBuf {
    pub fn new(name: String, ty: FnTy, local_symbol: bool) -> FnBuf {
        FnBuf {
            name,
            ty,
            locals: Vec::new(),
            code: Vec::new(),
            local_symbol,
        }
    }
    pub fn new_local(&mut self, ty: ValType) -> u32 {
        self.locals.push(ty);
        (self.ty.params.len() + self.locals.len() - 1) as u32
    }
    pub fn local_type(&self, idx: u32) -> ValType {
        let i = idx as usize;
        if i < self.ty.params.len() {
            self.ty.params[i]
        } else {
            self.locals[i - self.ty.params.len()]
        }
    }
    pub fn i(&mut self, ins: Instruction<'static>) {
        self.code.push(Op::I(ins));
    }
    pub fn op(&mut self, op: Op) {
        self.code.push(op);
    }
}

/// A relocation target inside a data item.
#[derive(Clone, Debug)]
pub enum DataTarget {
    /// Address of a data symbol plus addend (a pointer tag, or an offset).
    Data(String, i32),
    /// Table index of a function.
    Func(String, FnTy),
}

/// A data item: one symbol, one segment.
#[derive(Clone, Debug)]
pub struct DataBuf {
    pub name: String,
    pub bytes: Vec<u8>,
    pub align: u32,
    pub relocs: Vec<(u32, DataTarget)>,
    pub local_symbol: bool,
}

/// Everything one binding (or the glue) compiles to.
#[derive(Debug, Default)]
pub struct Items {
    pub funcs: Vec<FnBuf>,
    pub data: Vec<DataBuf>,
}

impl Items {
    pub fn append(&mut self, mut other: Items) {
        self.funcs.append(&mut other.funcs);
        self.data.append(&mut other.data);
    }
}

/// Commits items to an object file, resolving names to symbols.
pub struct Committer {
    pub obj: ObjectBuilder,
    defined_funcs: HashMap<String, FuncSym>,
    referenced_funcs: HashMap<String, FnTy>,
    /// Globals are always imported from the glue object (or defined by it).
    pub define_regs: bool,
    /// Instrument every memory access (`--debug`, see `crate::debug`).
    pub debug: bool,
}

fn flags(local: bool) -> SymFlags {
    SymFlags {
        local,
        hidden: !local,
        ..SymFlags::default()
    }
}

impl Committer {
    pub fn new(define_regs: bool, debug: bool) -> Committer {
        Committer {
            obj: ObjectBuilder::new(),
            defined_funcs: HashMap::new(),
            referenced_funcs: HashMap::new(),
            define_regs,
            debug,
        }
    }

    fn func_ref(&mut self, name: &str, ty: &FnTy) -> FuncSym {
        self.referenced_funcs
            .entry(name.to_string())
            .or_insert_with(|| ty.clone());
        self.obj.func(name)
    }

    fn type_index(&mut self, ty: &FnTy) -> u32 {
        self.obj.func_type(&ty.params, &ty.results)
    }

    pub fn commit(&mut self, mut items: Items) {
        if self.debug {
            for f in &mut items.funcs {
                let name = crate::debug::instrument(f);
                items.data.push(name);
            }
        }
        for d in items.data {
            let sym = self.obj.data(&d.name);
            let relocs = d
                .relocs
                .iter()
                .map(|(offset, t)| DataReloc {
                    offset: *offset,
                    kind: match t {
                        DataTarget::Data(n, addend) => DataRelocKind::MemoryAddrI32 {
                            sym: self.obj.data(n),
                            addend: *addend,
                        },
                        DataTarget::Func(n, ty) => DataRelocKind::TableIndexI32 {
                            func: self.func_ref(n, ty),
                        },
                    },
                })
                .collect();
            self.obj
                .define_data(sym, d.bytes, d.align, relocs, flags(d.local_symbol));
        }
        for f in items.funcs {
            let mut b = BodyBuilder::new(&f.locals);
            for op in &f.code {
                match op {
                    Op::I(i) => {
                        b.ins(i);
                    }
                    Op::Call(n, ty) => {
                        let s = self.func_ref(n, ty);
                        b.call(s);
                    }
                    Op::ReturnCall(n, ty) => {
                        let s = self.func_ref(n, ty);
                        b.return_call(s);
                    }
                    Op::CallIndirect(ty) => {
                        let t = self.type_index(ty);
                        b.call_indirect(t);
                    }
                    Op::ReturnCallIndirect(ty) => {
                        let t = self.type_index(ty);
                        b.return_call_indirect(t);
                    }
                    Op::GlobalGet(r) => {
                        let g = self.reg(*r);
                        b.global_get(g);
                    }
                    Op::GlobalSet(r) => {
                        let g = self.reg(*r);
                        b.global_set(g);
                    }
                    Op::DataAddr(n, addend) => {
                        let d = self.obj.data(n);
                        b.i32_const_data_addr(d, *addend);
                    }
                    Op::TableIndex(n, ty) => {
                        let s = self.func_ref(n, ty);
                        b.i32_const_table_index(s);
                    }
                }
            }
            let sym = self.obj.func(&f.name);
            let t = self.type_index(&f.ty);
            self.obj
                .define_func(sym, t, b.finish(), flags(f.local_symbol));
            self.defined_funcs.insert(f.name, sym);
        }
    }

    /// Defines the register globals (only the glue object does).
    pub fn define_registers(&mut self) {
        for r in Reg::ALL {
            let g = self.obj.global(r.symbol());
            self.obj
                .define_global(g, ValType::I32, true, 0, SymFlags::default());
        }
    }

    fn reg(&mut self, r: Reg) -> ahc_wasm_object::GlobalSym {
        let g = self.obj.global(r.symbol());
        if !self.define_regs {
            self.obj.declare_global(g, ValType::I32, true);
        }
        g
    }

    /// Declares the types of functions referenced but not defined here, and encodes the object.
    pub fn finish(mut self) -> Result<Vec<u8>, ahc_wasm_object::ObjectError> {
        let mut refs: Vec<_> = self.referenced_funcs.drain().collect();
        refs.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, ty) in refs {
            if !self.defined_funcs.contains_key(&name) {
                let s = self.obj.func(&name);
                let t = self.type_index(&ty);
                self.obj.declare_func(s, t);
            }
        }
        self.obj.finish()
    }
}
