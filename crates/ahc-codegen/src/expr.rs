//! Lowering of STG expressions to wasm code: the eval/apply machine.
//!
//! One [`Fx`] compiles one wasm function: the entry code of a closure, the return point of a
//! `case` (a *continuation*), or a join point that had to become a function. Control that stays
//! in one function is structured (`block`/`loop`/`if`); control that leaves it is a tail call.
//!
//! The conventions (see ARCHITECTURE.md, "Execution model"):
//! - A closure's entry takes `(node: i32, args…)`; `node` is the (tagged) closure pointer.
//! - A value is *returned* by tail-calling the entry of the info table of the frame on top of the
//!   Haskell stack with the values as arguments (`return_call_indirect`).
//! - A `case` whose scrutinee needs evaluation pushes a frame `[info | live vars]` (pointers
//!   first) and jumps to the scrutinee; its alternatives are a separate function that pops it.
//! - A `case` whose scrutinee is a primop, literal or unboxed value is computed in place.

use std::collections::{HashMap, HashSet};

use ahc_abi::{con_tag_bits, fun_tag_bits, info, ClosureType, TAG_MASK, WORD};
use ahc_stg::{
    Alt, AltCon, AltType, Arg, Binding, DataConRef, DataConSort, Expr, IdDetails, IdRef, Literal,
    Module, NumType, PrimRep, Rhs,
};
use wasm_encoder::{BlockType, Instruction as I, MemArg, ValType};

use crate::code::{DataBuf, FnBuf, FnTy, Items, Op, Reg};
use crate::fvs::{alts_alloc, alts_fvs, expr_fvs, group_is_lifted, is_inline};
use crate::info::info_table;
use crate::layout::{con_field_reps, wasm_type, wasm_types, Layout};
use crate::{names, Unsupported};

pub(crate) type R<T> = Result<T, Unsupported>;

pub(crate) fn mem(offset: u32, align: u32) -> MemArg {
    ahc_wasm_object::mem_arg(offset as u64, align)
}

/// Names of the glue functions every module may call.
pub mod glue {
    /// `(node: i32) -> ()`: evaluate `node` and return it (tagged) to the top frame.
    pub const EVAL: &str = "ahc_eval";
    /// `(node: i32) -> ()`: the entry of every constructor: return the node, tagged.
    pub const CON_ENTRY: &str = "ahc_con_entry";
}

/// A let-bound function closure whose code is known.
#[derive(Clone, Debug)]
pub(crate) struct KnownFun {
    pub entry: String,
    pub arity: u32,
}

/// A join point compiled as its own function: jumped to with `return_call`, passing its
/// arguments and then its free variables.
#[derive(Clone, Debug)]
pub(crate) struct LiftedJoin {
    pub func: String,
    pub ty: FnTy,
    pub fvs: Vec<IdRef>,
}

/// A join point compiled in place: jumps set its parameter locals and branch.
#[derive(Clone, Debug)]
struct InlineJoin {
    params: Vec<Option<u32>>,
    /// Label depth (index in the control stack) that jumps currently branch to.
    target: u32,
    /// For groups of several join points: the dispatch local and this member's index.
    which: Option<(u32, u32)>,
}

/// Work queued while compiling a binding: code that goes in functions of its own.
pub(crate) enum Pending<'m> {
    Closure {
        name: String,
        node_fvs: Vec<IdRef>,
        args: &'m [IdRef],
        body: &'m Expr,
    },
    Cont {
        name: String,
        res: Vec<PrimRep>,
        live: Vec<IdRef>,
        binder: IdRef,
        alt_type: &'m AltType,
        alts: &'m [Alt],
        /// The alternatives are in a function of their own (taking the results, then the live
        /// variables); the frame's code only reloads the live variables and tail-calls it.
        split: Option<(String, FnTy)>,
    },
    /// The alternatives of a split continuation.
    ContBody {
        name: String,
        res: Vec<PrimRep>,
        live: Vec<IdRef>,
        binder: IdRef,
        alt_type: &'m AltType,
        alts: &'m [Alt],
    },
    Join {
        func: String,
        params: &'m [IdRef],
        fvs: Vec<IdRef>,
        body: &'m Expr,
    },
    /// A function's slow entry: pops its arguments from the stack, calls the fast entry.
    SlowEntry {
        name: String,
        fast: String,
        fast_ty: FnTy,
        reps: Vec<PrimRep>,
    },
    /// A `let`-bound thunk's entry.
    Thunk {
        name: String,
        node_fvs: Vec<IdRef>,
        update: bool,
        body: &'m Expr,
    },
    /// A CAF's entry.
    Caf { name: String, body: &'m Expr },
}

/// Module-wide state of the lowering.
pub(crate) struct ModCx<'m> {
    pub m: &'m Module,
    pub prefix: String,
    pub top: HashSet<IdRef>,
    /// Arity of each top-level binder of this module (from its right-hand side).
    pub top_arity: HashMap<IdRef, u32>,
    /// Top-level binders of this module bound to a constructor application (static, evaluated,
    /// referenced with their constructor's tag).
    pub top_con: HashMap<IdRef, DataConRef>,
    /// Top-level `Addr#` string literals: Id → data symbol.
    pub top_strings: HashMap<IdRef, String>,
    /// Binders known to hold evaluated, correctly tagged pointers.
    pub evaluated: HashSet<IdRef>,
    pub local_funs: HashMap<IdRef, KnownFun>,
    pub lifted_joins: HashMap<IdRef, LiftedJoin>,
    pub counter: u32,
    /// Literal strings: bytes → data symbol (emitted once per module).
    pub strings: HashMap<Vec<u8>, String>,
    pub shared_items: Vec<DataBuf>,
    /// Spill-frame info tables already emitted (by pointer count).
    pub spill_infos: HashSet<u32>,
    /// `tagToEnum#` tables already emitted.
    pub enum_tables: HashSet<String>,
}

impl<'m> ModCx<'m> {
    pub fn fresh(&mut self, what: &str) -> String {
        self.counter += 1;
        format!("{}_{}{}", self.prefix, what, self.counter)
    }

    /// The data symbol of a NUL-terminated copy of `bytes`.
    pub fn string(&mut self, bytes: &[u8]) -> String {
        if let Some(s) = self.strings.get(bytes) {
            return s.clone();
        }
        let name = self.fresh("str");
        let mut data = bytes.to_vec();
        data.push(0);
        self.shared_items.push(DataBuf {
            name: name.clone(),
            bytes: data,
            align: 1,
            relocs: vec![],
            local_symbol: true,
        });
        self.strings.insert(bytes.to_vec(), name.clone());
        name
    }

    pub fn base(&self, id: IdRef) -> String {
        names::id_base(&self.m.this, self.m.id(id))
    }

    pub fn name_of(&self, id: IdRef) -> String {
        let i = self.m.id(id);
        match &i.name.module {
            Some(m) => format!("{}.{}", m.name, i.name.occ),
            None => i.name.occ.clone(),
        }
    }

    pub fn rep(&self, id: IdRef) -> PrimRep {
        self.m.id(id).reps.first().copied().unwrap_or(PrimRep::Void)
    }

    /// Whether `id` names a closure that lives in static memory (top level here or elsewhere).
    pub fn is_static(&self, id: IdRef) -> bool {
        self.top.contains(&id) || self.m.id(id).name.module.is_some()
    }

    /// Arity of a top-level Id: from its binding here, or from GHC for imported ones.
    pub fn arity(&self, id: IdRef) -> u32 {
        self.top_arity
            .get(&id)
            .copied()
            .unwrap_or(self.m.id(id).arity)
    }

    /// Static closure symbol and pointer tag of a top-level Id.
    pub fn static_closure(&self, id: IdRef) -> (String, u32) {
        let info = self.m.id(id);
        let arity = self.arity(id);
        if let Some(dc) = self.top_con.get(&id) {
            let dc = self.m.datacon(*dc);
            return (
                names::closure(&self.base(id)),
                con_tag_bits(dc.tag, dc.family_size),
            );
        }
        match &info.details {
            IdDetails::DataConWorker(dc) if arity == 0 => {
                let dc = self.m.datacon(*dc);
                (
                    names::con_closure(&self.m.this, dc),
                    con_tag_bits(dc.tag, dc.family_size),
                )
            }
            _ if arity > 0 => (names::closure(&self.base(id)), fun_tag_bits(arity)),
            _ => (names::closure(&self.base(id)), 0),
        }
    }

    pub fn unsupported(&self, binder: IdRef, construct: impl Into<String>) -> Unsupported {
        Unsupported {
            binder: self.name_of(binder),
            construct: construct.into(),
        }
    }
}

/// How a computed value leaves an expression.
#[derive(Clone, Debug)]
pub(crate) enum Sequel {
    /// Return it to the frame on top of the Haskell stack.
    Return,
    /// Store it into these locals and branch to the end of the block at this label depth.
    Assign { locals: Vec<u32>, label: u32 },
}

/// Compiles one wasm function.
pub(crate) struct Fx<'a, 'm> {
    pub mc: &'a mut ModCx<'m>,
    pub pending: &'a mut Vec<Pending<'m>>,
    pub items: &'a mut Items,
    pub f: FnBuf,
    /// The top-level binder being compiled (for error messages).
    pub owner: IdRef,
    pub(crate) env: HashMap<IdRef, u32>,
    joins: HashMap<IdRef, InlineJoin>,
    depth: u32,
}

impl<'a, 'm> Fx<'a, 'm> {
    pub fn new(
        mc: &'a mut ModCx<'m>,
        pending: &'a mut Vec<Pending<'m>>,
        items: &'a mut Items,
        f: FnBuf,
        owner: IdRef,
    ) -> Self {
        Fx {
            mc,
            pending,
            items,
            f,
            owner,
            env: HashMap::new(),
            joins: HashMap::new(),
            depth: 0,
        }
    }

    pub(crate) fn err(&self, construct: impl Into<String>) -> Unsupported {
        self.mc.unsupported(self.owner, construct)
    }

    pub(crate) fn i(&mut self, ins: I<'static>) {
        self.f.i(ins);
    }

    /// Creates a local for `id` (none for void) and binds it.
    pub fn new_var(&mut self, id: IdRef) -> Option<u32> {
        let ty = wasm_type(self.mc.rep(id))?;
        let l = self.f.new_local(ty);
        self.env.insert(id, l);
        Some(l)
    }

    pub(crate) fn open(&mut self, ins: I<'static>) -> u32 {
        self.i(ins);
        self.depth += 1;
        self.depth - 1
    }

    pub(crate) fn close(&mut self) {
        self.depth -= 1;
        self.i(I::End);
    }

    fn br(&mut self, label: u32) {
        let d = self.depth - 1 - label;
        self.i(I::Br(d));
    }

    // ----- values ---------------------------------------------------------------------------

    /// Pushes the value of a variable; returns its wasm type (`None` for void).
    pub fn var(&mut self, id: IdRef) -> R<Option<ValType>> {
        let rep = self.mc.rep(id);
        let Some(ty) = wasm_type(rep) else {
            return Ok(None);
        };
        if let Some(l) = self.env.get(&id) {
            self.i(I::LocalGet(*l));
            return Ok(Some(ty));
        }
        if let Some(s) = self.mc.top_strings.get(&id) {
            self.f.op(Op::DataAddr(s.clone(), 0));
            self.i(I::I64ExtendI32U);
            return Ok(Some(ty));
        }
        if self.mc.is_static(id) {
            // GHC 9.0's only unlifted top-level bindings are `Addr#` string literals; an
            // imported one is the exporting module's `<base>_bytes` data symbol.
            if rep == PrimRep::Addr {
                self.f
                    .op(Op::DataAddr(names::string_bytes(&self.mc.base(id)), 0));
                self.i(I::I64ExtendI32U);
                return Ok(Some(ty));
            }
            if rep != PrimRep::Lifted {
                return Err(self.err(format!(
                    "reference to imported unlifted top-level value `{}`",
                    self.mc.name_of(id)
                )));
            }
            let (sym, tag) = self.mc.static_closure(id);
            self.f.op(Op::DataAddr(sym, tag as i32));
            return Ok(Some(ty));
        }
        Err(self.err(format!(
            "internal: variable `{}` is not in scope",
            self.mc.name_of(id)
        )))
    }

    fn lit_type(&self, l: &Literal) -> R<PrimRep> {
        Ok(match l {
            Literal::Char(_) => PrimRep::Word,
            Literal::Number(NumType::Int | NumType::Int64, _) => PrimRep::Int,
            Literal::Number(NumType::Word | NumType::Word64, _) => PrimRep::Word,
            Literal::Number(t, _) => return Err(self.err(format!("{t:?} literal in STG"))),
            Literal::String(_) | Literal::NullAddr | Literal::Label { .. } => PrimRep::Addr,
            Literal::Float(_) => PrimRep::Float,
            Literal::Double(_) => PrimRep::Double,
            Literal::Rubbish(reps) => reps.first().copied().unwrap_or(PrimRep::Lifted),
        })
    }

    /// Pushes a literal; returns its wasm type.
    pub fn lit(&mut self, l: &Literal) -> R<Option<ValType>> {
        let rep = self.lit_type(l)?;
        match l {
            Literal::Char(c) => self.i(I::I64Const(*c as i64)),
            Literal::Number(_, v) => self.i(I::I64Const(*v as i64)),
            Literal::String(bytes) => {
                let s = self.mc.string(bytes);
                self.f.op(Op::DataAddr(s, 0));
                self.i(I::I64ExtendI32U);
            }
            Literal::NullAddr => self.i(I::I64Const(0)),
            Literal::Float(bits) => self.i(I::F32Const(f32::from_bits(*bits).into())),
            Literal::Double(bits) => self.i(I::F64Const(f64::from_bits(*bits).into())),
            Literal::Label { name, is_function } => {
                if *is_function {
                    let ty = crate::prim::label_fn_type(name)
                        .ok_or_else(|| self.err(format!("address of foreign label `{name}`")))?;
                    self.f
                        .op(Op::TableIndex(ahc_abi::ccall_symbol(name).to_string(), ty));
                } else {
                    self.f
                        .op(Op::DataAddr(ahc_abi::ccall_symbol(name).to_string(), 0));
                }
                self.i(I::I64ExtendI32U);
            }
            Literal::Rubbish(_) => match wasm_type(rep) {
                Some(ValType::I32) => self.i(I::I32Const(0)),
                Some(ValType::I64) => self.i(I::I64Const(0)),
                Some(ValType::F32) => self.i(I::F32Const(0.0f32.into())),
                Some(ValType::F64) => self.i(I::F64Const(0.0f64.into())),
                _ => {}
            },
        }
        Ok(wasm_type(rep))
    }

    pub fn atom(&mut self, a: &Arg) -> R<Option<ValType>> {
        match a {
            Arg::Var(v) => self.var(*v),
            Arg::Lit(l) => self.lit(l),
        }
    }

    pub fn atom_rep(&self, a: &Arg) -> R<PrimRep> {
        match a {
            Arg::Var(v) => Ok(self.mc.rep(*v)),
            Arg::Lit(l) => self.lit_type(l),
        }
    }

    /// Pushes the non-void atoms; returns their wasm types.
    pub fn atoms(&mut self, args: &[Arg]) -> R<Vec<ValType>> {
        let mut tys = Vec::new();
        for a in args {
            if let Some(t) = self.atom(a)? {
                tys.push(t);
            }
        }
        Ok(tys)
    }

    // ----- memory helpers -------------------------------------------------------------------

    /// Stores the value on top of the wasm stack (of type `ty`) at `[addr_local] + offset`.
    /// The address must have been pushed before the value.
    pub fn store_word(&mut self, ty: ValType, offset: u32) {
        match ty {
            ValType::I32 => {
                self.i(I::I64ExtendI32U);
                self.i(I::I64Store(mem(offset, 3)));
            }
            ValType::I64 => self.i(I::I64Store(mem(offset, 3))),
            ValType::F32 => self.i(I::F32Store(mem(offset, 2))),
            ValType::F64 => self.i(I::F64Store(mem(offset, 3))),
            _ => self.i(I::V128Store(mem(offset, 4))),
        }
    }

    /// Loads a word of type `ty` from the address on top of the stack plus `offset`.
    pub fn load_word(&mut self, ty: ValType, offset: u32) {
        match ty {
            ValType::I32 => self.i(I::I32Load(mem(offset, 2))),
            ValType::I64 => self.i(I::I64Load(mem(offset, 3))),
            ValType::F32 => self.i(I::F32Load(mem(offset, 2))),
            ValType::F64 => self.i(I::F64Load(mem(offset, 3))),
            _ => self.i(I::V128Load(mem(offset, 4))),
        }
    }

    // ----- sequels ----------------------------------------------------------------------------

    /// The values of types `tys` are on the stack: deliver them to the sequel.
    pub(crate) fn deliver(&mut self, seq: &Sequel, tys: &[ValType]) -> R<()> {
        match seq {
            Sequel::Return => crate::heap::return_to_frame(&mut self.f, tys.to_vec()),
            Sequel::Assign { locals, label } => {
                if locals.len() != tys.len() {
                    return Err(self.err(format!(
                        "internal: {} values delivered to a case expecting {}",
                        tys.len(),
                        locals.len()
                    )));
                }
                for l in locals.iter().rev() {
                    self.i(I::LocalSet(*l));
                }
                self.br(*label);
            }
        }
        Ok(())
    }

    // ----- expressions ------------------------------------------------------------------------

    pub fn expr(&mut self, e: &'m Expr, seq: &Sequel) -> R<()> {
        match e {
            Expr::Lit(l) => {
                let t = self.lit(l)?;
                self.deliver(seq, &t.into_iter().collect::<Vec<_>>())
            }
            Expr::ConApp(dc, args) => {
                let tys = self.con_app(*dc, args)?;
                self.deliver(seq, &tys)
            }
            Expr::OpApp {
                op,
                args,
                result,
                result_tycon,
            } => {
                if self.op_app(op, args, result, result_tycon.as_deref(), seq)? {
                    self.deliver(seq, &wasm_types(result))?;
                }
                Ok(())
            }
            Expr::App(f, args) => self.app(*f, args, seq),
            Expr::Case {
                scrut,
                binder,
                alt_type,
                alts,
            } => self.case(scrut, *binder, alt_type, alts, seq),
            Expr::Let(b, body) => {
                self.let_binding(b)?;
                self.expr(body, seq)
            }
            Expr::LetNoEscape(b, body) => self.let_no_escape(b, body, seq),
        }
    }

    /// A primop, primcall or foreign call. Returns whether its results are on the stack (false:
    /// a control primop that ended the block).
    pub(crate) fn op_app(
        &mut self,
        op: &ahc_stg::Op,
        args: &[Arg],
        result: &[PrimRep],
        result_tycon: Option<&ahc_stg::TyConInfo>,
        seq: &Sequel,
    ) -> R<bool> {
        if let ahc_stg::Op::PrimOp(name) = op {
            if self
                .control_primop(name, args, result, result_tycon, seq)?
                .is_some()
            {
                return Ok(!crate::fvs::is_control_primop(name));
            }
        }
        if let ahc_stg::Op::Foreign(fc) = op {
            if let Some(major) = crate::prim::collecting_call(fc) {
                if !matches!(seq, Sequel::Return) {
                    return Err(self.err("internal: a collecting C call outside tail position"));
                }
                self.i(wasm_encoder::Instruction::I32Const(major as i32));
                self.f.op(Op::ReturnCall(
                    crate::sched_glue::PERFORM_GC.into(),
                    FnTy::new(vec![ValType::I32], vec![]),
                ));
                return Ok(false);
            }
        }
        if let ahc_stg::Op::PrimCall { label, .. } = op {
            if let Some(exc) = crate::prim::raising_prim_call(label) {
                if !matches!(seq, Sequel::Return) {
                    return Err(self.err(format!("internal: {label} outside tail position")));
                }
                self.f.op(Op::DataAddr(exc.into(), 0));
                self.f.op(Op::ReturnCall(
                    crate::control::RAISE.into(),
                    FnTy::new(vec![ValType::I32], vec![]),
                ));
                return Ok(false);
            }
        }
        crate::prim::op_app(self, op, args, result)?;
        Ok(true)
    }

    /// Pushes the value(s) of a saturated constructor application; returns their types.
    fn con_app(&mut self, dc: DataConRef, args: &[Arg]) -> R<Vec<ValType>> {
        let info = self.mc.m.datacon(dc);
        match info.sort {
            DataConSort::UnboxedTuple => self.atoms(args),
            DataConSort::UnboxedSum => Err(self.err("unboxed sum")),
            DataConSort::Boxed => {
                let p = self.alloc_con(dc, args)?;
                self.i(I::LocalGet(p));
                Ok(vec![ValType::I32])
            }
        }
    }

    /// Matches a constructor's flattened field reps with the atoms or binders given for them:
    /// GHC lists either every field or only the non-void ones.
    pub(crate) fn field_slots(&self, dc: DataConRef, n: usize) -> R<(Layout, Vec<Option<u32>>)> {
        let reps = con_field_reps(self.mc.m.datacon(dc));
        let layout = Layout::new(&reps);
        let slots = if n == reps.len() {
            layout.slots.clone()
        } else {
            let nonvoid: Vec<_> = layout.slots.iter().filter_map(|s| *s).map(Some).collect();
            if nonvoid.len() != n {
                return Err(self.err(format!(
                    "internal: constructor `{}` has {} fields but {} were given",
                    self.mc.m.datacon(dc).name.occ,
                    reps.len(),
                    n
                )));
            }
            nonvoid
        };
        Ok((layout, slots))
    }

    /// Allocates a constructor; returns a local holding the tagged pointer.
    fn alloc_con(&mut self, dc: DataConRef, args: &[Arg]) -> R<u32> {
        let info = self.mc.m.datacon(dc).clone();
        let tag = con_tag_bits(info.tag, info.family_size);
        if args.is_empty()
            || con_field_reps(&info)
                .iter()
                .all(|r| wasm_type(*r).is_none())
        {
            let l = self.f.new_local(ValType::I32);
            self.f.op(Op::DataAddr(
                names::con_closure(&self.mc.m.this, &info),
                tag as i32,
            ));
            self.i(I::LocalSet(l));
            return Ok(l);
        }
        let (layout, slots) = self.field_slots(dc, args.len())?;
        let base = self.alloc((1 + layout.words()) * WORD);
        self.fill_con(base, 0, dc, &slots, args)?;
        let l = self.f.new_local(ValType::I32);
        self.i(I::LocalGet(base));
        self.i(I::I32Const(tag as i32));
        self.i(I::I32Or);
        self.i(I::LocalSet(l));
        Ok(l)
    }

    pub(crate) fn fill_con(
        &mut self,
        base: u32,
        at: u32,
        dc: DataConRef,
        slots: &[Option<u32>],
        args: &[Arg],
    ) -> R<()> {
        let info = self.mc.m.datacon(dc).clone();
        self.i(I::LocalGet(base));
        self.f
            .op(Op::DataAddr(names::con_info(&self.mc.m.this, &info), 0));
        self.store_word(ValType::I32, at);
        for (slot, a) in slots.iter().zip(args) {
            if let Some(slot) = slot {
                self.i(I::LocalGet(base));
                let ty = self
                    .atom(a)?
                    .ok_or_else(|| self.err("internal: void value in a non-void field"))?;
                self.store_word(ty, at + Layout::offset(*slot, 1));
            }
        }
        Ok(())
    }

    pub(crate) fn app(&mut self, f: IdRef, args: &'m [Arg], seq: &Sequel) -> R<()> {
        if let Some(j) = self.joins.get(&f).cloned() {
            return self.jump(&j, args);
        }
        if let Some(lj) = self.mc.lifted_joins.get(&f).cloned() {
            self.atoms(args)?;
            for v in &lj.fvs {
                self.var(*v)?;
            }
            self.f.op(Op::ReturnCall(lj.func.clone(), lj.ty.clone()));
            return Ok(());
        }
        let info = self.mc.m.id(f).clone();
        if args.is_empty() {
            let rep = self.mc.rep(f);
            let t = self.var(f)?;
            let needs_eval = rep == PrimRep::Lifted
                && !self.mc.evaluated.contains(&f)
                && !(self.mc.is_static(f) && self.mc.static_closure(f).1 != 0);
            if needs_eval {
                if !matches!(seq, Sequel::Return) {
                    return Err(self.err("internal: evaluation outside tail position"));
                }
                self.f.op(Op::ReturnCall(
                    glue::EVAL.into(),
                    FnTy::new(vec![ValType::I32], vec![]),
                ));
                return Ok(());
            }
            return self.deliver(seq, &t.into_iter().collect::<Vec<_>>());
        }
        if !matches!(seq, Sequel::Return) {
            return Err(self.err("internal: call outside tail position"));
        }
        if let IdDetails::DataConWorker(dc) = info.details {
            if self.mc.arity(f) as usize == args.len() {
                let tys = self.con_app(dc, args)?;
                return self.deliver(seq, &tys);
            }
        }
        let known = if let Some(k) = self.mc.local_funs.get(&f) {
            Some(k.clone())
        } else if self.mc.is_static(f) && self.mc.arity(f) > 0 {
            Some(KnownFun {
                entry: names::entry(&self.mc.base(f)),
                arity: self.mc.arity(f),
            })
        } else {
            None
        };
        match known {
            Some(k) if k.arity as usize <= args.len() => {
                self.call_known(f, &k.entry, k.arity as usize, args)
            }
            _ => self.call_unknown(f, args),
        }
    }

    fn jump(&mut self, j: &InlineJoin, args: &[Arg]) -> R<()> {
        let mut targets = Vec::new();
        for (a, p) in args.iter().zip(&j.params) {
            if self.atom(a)?.is_some() {
                targets.push(p.ok_or_else(|| self.err("internal: join point argument mismatch"))?);
            }
        }
        for p in targets.iter().rev() {
            self.i(I::LocalSet(*p));
        }
        if let Some((which, k)) = j.which {
            self.i(I::I32Const(k as i32));
            self.i(I::LocalSet(which));
        }
        self.br(j.target);
        Ok(())
    }

    fn let_no_escape(&mut self, b: &'m Binding, body: &'m Expr, seq: &Sequel) -> R<()> {
        let pairs = b.pairs();
        let mut members = Vec::new();
        for (j, rhs) in &pairs {
            match rhs {
                Rhs::Closure { args, body, .. } => members.push((*j, args.as_slice(), body)),
                Rhs::Con { .. } => return Err(self.err("constructor bound by let-no-escape")),
            }
        }
        if group_is_lifted(self.mc.m, b, body) {
            if !matches!(seq, Sequel::Return) {
                return Err(self.err("internal: escaping join point outside tail position"));
            }
            // Free variables of the whole group (minus the group itself), in a fixed order.
            let group: HashSet<IdRef> = members.iter().map(|(j, ..)| *j).collect();
            let mut fvs = std::collections::BTreeSet::new();
            for (_, args, rb) in &members {
                let mut s = expr_fvs(rb);
                for a in args.iter() {
                    s.remove(a);
                }
                fvs.extend(s);
            }
            let fvs = self.live_vars(fvs.into_iter().filter(|v| !group.contains(v)));
            for (j, args, rb) in &members {
                let func = self.mc.fresh(&format!(
                    "{}_join",
                    crate::names::zencode(&self.mc.m.id(*j).name.occ)
                ));
                let mut params: Vec<ValType> = args
                    .iter()
                    .filter_map(|a| wasm_type(self.mc.rep(*a)))
                    .collect();
                params.extend(fvs.iter().filter_map(|v| wasm_type(self.mc.rep(*v))));
                let ty = FnTy::new(params, vec![]);
                self.mc.lifted_joins.insert(
                    *j,
                    LiftedJoin {
                        func: func.clone(),
                        ty,
                        fvs: fvs.clone(),
                    },
                );
                self.pending.push(Pending::Join {
                    func,
                    params: args,
                    fvs: fvs.clone(),
                    body: rb,
                });
            }
            return self.expr(body, seq);
        }
        // In place: body, then the join points, entered by branching.
        let which = if members.len() > 1 {
            Some(self.f.new_local(ValType::I32))
        } else {
            None
        };
        let mut joins = Vec::new();
        for (k, (_, args, _)) in members.iter().enumerate() {
            let params = args.iter().map(|a| self.new_var(*a)).collect();
            joins.push(InlineJoin {
                params,
                target: 0,
                which: which.map(|w| (w, k as u32)),
            });
        }
        let enter = self.open(I::Block(BlockType::Empty));
        for ((j, ..), jn) in members.iter().zip(&joins) {
            self.joins.insert(
                *j,
                InlineJoin {
                    target: enter,
                    ..jn.clone()
                },
            );
        }
        self.expr(body, seq)?;
        self.close();
        let lp = self.open(I::Loop(BlockType::Empty));
        for ((j, ..), jn) in members.iter().zip(&joins) {
            self.joins.insert(
                *j,
                InlineJoin {
                    target: lp,
                    ..jn.clone()
                },
            );
        }
        if members.len() == 1 {
            self.join_entry_check(members[0].1, members[0].2)?;
            self.expr(members[0].2, seq)?;
        } else {
            let n = members.len() as u32;
            for _ in 0..n {
                self.open(I::Block(BlockType::Empty));
            }
            // Innermost block holds the dispatch; member k's code follows the end of block k.
            self.i(I::LocalGet(which.unwrap()));
            let table: Vec<u32> = (0..n).collect();
            self.i(I::BrTable(table.into(), n - 1));
            for (_, args, rb) in &members {
                self.close();
                self.join_entry_check(args, rb)?;
                self.expr(rb, seq)?;
            }
        }
        self.close();
        self.i(I::Unreachable);
        for (j, ..) in &members {
            self.joins.remove(j);
        }
        Ok(())
    }

    /// The heap check at the entry of an in-place join point: its parameters and free variables
    /// are what is live there.
    fn join_entry_check(&mut self, params: &[IdRef], body: &'m Expr) -> R<()> {
        let need = crate::fvs::alloc_bytes(self.mc.m, body);
        if need == 0 {
            return Ok(());
        }
        let mut vars: Vec<IdRef> = params.to_vec();
        vars.extend(expr_fvs(body));
        let live = self.ptr_locals(vars);
        self.heap_check(need, &live)
    }

    // ----- case -------------------------------------------------------------------------------

    fn result_reps(&self, alt_type: &AltType, alts: &[Alt]) -> Vec<PrimRep> {
        match alt_type {
            AltType::Prim(r) => vec![*r],
            AltType::Alg | AltType::Poly => vec![PrimRep::Lifted],
            AltType::MultiVal(_) => alts
                .first()
                .map(|a| {
                    a.binders
                        .iter()
                        .map(|b| self.mc.rep(*b))
                        .filter(|r| wasm_type(*r).is_some())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Locals of the given variables that must be saved across a call: those bound to wasm
    /// locals here (statics need no saving; lifted join points bring their free variables).
    fn live_vars(&self, vars: impl Iterator<Item = IdRef>) -> Vec<IdRef> {
        let mut out = std::collections::BTreeSet::new();
        for v in vars {
            if let Some(lj) = self.mc.lifted_joins.get(&v) {
                out.extend(lj.fvs.iter().copied());
            } else if self.env.contains_key(&v) {
                out.insert(v);
            }
        }
        // Pointers first (frame layout), then the rest; stable by Id otherwise.
        let mut v: Vec<IdRef> = out.into_iter().collect();
        v.sort_by_key(|id| !self.mc.rep(*id).is_gc_ptr());
        v
    }

    fn case(
        &mut self,
        scrut: &'m Expr,
        binder: IdRef,
        alt_type: &'m AltType,
        alts: &'m [Alt],
        seq: &Sequel,
    ) -> R<()> {
        let res = self.result_reps(alt_type, alts);
        if is_inline(self.mc.m, scrut) {
            let tys = wasm_types(&res);
            let locals: Vec<u32> = tys.iter().map(|t| self.f.new_local(*t)).collect();
            let simple = matches!(
                scrut,
                Expr::Lit(_) | Expr::OpApp { .. } | Expr::ConApp(..) | Expr::App(..)
            );
            if simple {
                // Compute straight into the locals, no block needed.
                let got = match scrut {
                    Expr::Lit(l) => self.lit(l)?.into_iter().collect(),
                    Expr::ConApp(dc, args) => self.con_app(*dc, args)?,
                    Expr::OpApp {
                        op,
                        args,
                        result,
                        result_tycon,
                    } => {
                        self.op_app(op, args, result, result_tycon.as_deref(), &Sequel::Return)?;
                        wasm_types(result)
                    }
                    Expr::App(f, _) => self.var(*f)?.into_iter().collect(),
                    _ => unreachable!(),
                };
                if got != tys {
                    return Err(self.err("internal: case scrutinee type mismatch"));
                }
                for l in locals.iter().rev() {
                    self.i(I::LocalSet(*l));
                }
            } else {
                let label = self.open(I::Block(BlockType::Empty));
                self.expr(
                    scrut,
                    &Sequel::Assign {
                        locals: locals.clone(),
                        label,
                    },
                )?;
                self.close();
            }
            return self.alts(binder, alt_type, alts, &locals, seq);
        }
        if !matches!(seq, Sequel::Return) {
            return Err(self.err("internal: evaluating case outside tail position"));
        }
        // Push a return frame, jump to the scrutinee; the alternatives are a continuation.
        let mut free = alts_fvs(alts);
        free.remove(&binder);
        let live = self.live_vars(free.into_iter());
        let reps: Vec<PrimRep> = live.iter().map(|v| self.mc.rep(*v)).collect();
        let layout = Layout::new(&reps);
        let name = self.mc.fresh("ret");
        let ty = FnTy::new(wasm_types(&res), vec![]);
        // Scrutinising a variable: if its pointer is tagged it is evaluated already, and the
        // alternatives are entered directly, with the live variables as arguments, no frame.
        let mut split = None;
        if let Expr::App(x, args) = scrut {
            if args.is_empty() && self.env.contains_key(x) && self.mc.rep(*x) == PrimRep::Lifted {
                let body = self.mc.fresh("alts");
                let mut params = ty.params.clone();
                params.extend(live.iter().filter_map(|v| wasm_type(self.mc.rep(*v))));
                let body_ty = FnTy::new(params, vec![]);
                self.var(*x)?;
                self.i(I::I32Const(TAG_MASK as i32));
                self.i(I::I32And);
                self.i(I::If(BlockType::Empty));
                self.var(*x)?;
                for v in &live {
                    self.var(*v)?;
                }
                self.f.op(Op::ReturnCall(body.clone(), body_ty.clone()));
                self.i(I::End);
                self.pending.push(Pending::ContBody {
                    name: body.clone(),
                    res: res.clone(),
                    live: live.clone(),
                    binder,
                    alt_type,
                    alts,
                });
                split = Some((body, body_ty));
            }
        }
        self.items.data.push(info_table(
            &names::info(&name),
            (&name, &ty),
            ClosureType::RetFrame,
            layout.ptrs,
            layout.nptrs,
            0,
        ));
        self.push_frame((1 + layout.words()) * WORD);
        self.f.op(Op::GlobalGet(Reg::Sp));
        self.f.op(Op::DataAddr(names::info(&name), 0));
        self.store_word(ValType::I32, 0);
        for (v, slot) in live.iter().zip(&layout.slots) {
            if let Some(slot) = slot {
                self.f.op(Op::GlobalGet(Reg::Sp));
                let t = self
                    .var(*v)?
                    .ok_or_else(|| self.err("internal: void live variable"))?;
                self.store_word(t, Layout::offset(*slot, 1));
            }
        }
        self.pending.push(Pending::Cont {
            name,
            res,
            live,
            binder,
            alt_type,
            alts,
            split,
        });
        self.expr(scrut, &Sequel::Return)
    }

    /// Entry of a split continuation: reload the live variables, pop the frame, and pass
    /// results and live variables on to the alternatives' function.
    pub fn cont_trampoline(&mut self, live: &[IdRef], body: &(String, FnTy)) -> R<()> {
        let n = self.f.ty.params.len() as u32;
        let reps: Vec<PrimRep> = live.iter().map(|v| self.mc.rep(*v)).collect();
        let layout = Layout::new(&reps);
        for k in 0..n {
            self.i(I::LocalGet(k));
        }
        for (v, slot) in live.iter().zip(&layout.slots) {
            if let Some(slot) = slot {
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.load_word(
                    wasm_type(self.mc.rep(*v)).unwrap(),
                    Layout::offset(*slot, 1),
                );
            }
        }
        self.f.op(Op::GlobalGet(Reg::Sp));
        self.i(I::I32Const(((1 + layout.words()) * WORD) as i32));
        self.i(I::I32Add);
        self.f.op(Op::GlobalSet(Reg::Sp));
        self.f.op(Op::ReturnCall(body.0.clone(), body.1.clone()));
        Ok(())
    }

    /// The alternatives of a split continuation: params are the results, then the live variables.
    pub fn cont_alts(
        &mut self,
        nres: usize,
        live: &[IdRef],
        binder: IdRef,
        alt_type: &'m AltType,
        alts: &'m [Alt],
    ) -> R<()> {
        let mut p = nres as u32;
        for v in live {
            if wasm_type(self.mc.rep(*v)).is_some() {
                self.env.insert(*v, p);
                p += 1;
            }
        }
        let params: Vec<u32> = (0..nres as u32).collect();
        let live = self.ptr_params(0);
        self.heap_check(alts_alloc(self.mc.m, alts), &live)?;
        self.alts(binder, alt_type, alts, &params, &Sequel::Return)
    }

    /// Entry of a continuation: reload the live variables, pop the frame, run the alternatives.
    pub fn cont_body(
        &mut self,
        live: &[IdRef],
        binder: IdRef,
        alt_type: &'m AltType,
        alts: &'m [Alt],
    ) -> R<()> {
        let reps: Vec<PrimRep> = live.iter().map(|v| self.mc.rep(*v)).collect();
        let layout = Layout::new(&reps);
        for (v, slot) in live.iter().zip(&layout.slots) {
            if let Some(slot) = slot {
                let ty = wasm_type(self.mc.rep(*v)).unwrap();
                let l = self.f.new_local(ty);
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.load_word(ty, Layout::offset(*slot, 1));
                self.i(I::LocalSet(l));
                self.env.insert(*v, l);
            }
        }
        self.f.op(Op::GlobalGet(Reg::Sp));
        self.i(I::I32Const(((1 + layout.words()) * WORD) as i32));
        self.i(I::I32Add);
        self.f.op(Op::GlobalSet(Reg::Sp));
        let n = self.f.ty.params.len() as u32;
        let params: Vec<u32> = (0..n).collect();
        let mut ptrs = self.ptr_params(0);
        ptrs.extend(self.ptr_locals(live.iter().copied()));
        self.heap_check(alts_alloc(self.mc.m, alts), &ptrs)?;
        self.alts(binder, alt_type, alts, &params, &Sequel::Return)
    }

    fn alts(
        &mut self,
        binder: IdRef,
        alt_type: &'m AltType,
        alts: &'m [Alt],
        vals: &[u32],
        seq: &Sequel,
    ) -> R<()> {
        if let (AltType::Prim(_) | AltType::Alg | AltType::Poly, Some(v)) = (alt_type, vals.first())
        {
            self.env.insert(binder, *v);
            if !matches!(alt_type, AltType::Prim(_)) {
                self.mc.evaluated.insert(binder);
            }
        }
        match alt_type {
            AltType::MultiVal(_) => {
                let alt = alts
                    .first()
                    .ok_or_else(|| self.err("internal: case with no alternatives"))?;
                let mut it = vals.iter();
                for b in &alt.binders {
                    if wasm_type(self.mc.rep(*b)).is_some() {
                        let v = it
                            .next()
                            .ok_or_else(|| self.err("internal: unboxed tuple arity"))?;
                        self.env.insert(*b, *v);
                    }
                }
                self.expr(&alt.rhs, seq)
            }
            AltType::Poly => {
                let alt = alts
                    .first()
                    .ok_or_else(|| self.err("internal: case with no alternatives"))?;
                self.expr(&alt.rhs, seq)
            }
            AltType::Prim(rep) => {
                let v = *vals
                    .first()
                    .ok_or_else(|| self.err("internal: void primitive case"))?;
                self.prim_alts(*rep, v, alts, seq)
            }
            AltType::Alg => {
                let v = vals[0];
                self.alg_alts(v, alts, seq)
            }
        }
    }

    fn prim_alts(&mut self, rep: PrimRep, v: u32, alts: &'m [Alt], seq: &Sequel) -> R<()> {
        let default = alts.iter().find(|a| a.con == AltCon::Default);
        let lits: Vec<&Alt> = alts.iter().filter(|a| a.con != AltCon::Default).collect();
        let mut opened = 0;
        for alt in &lits {
            let AltCon::Lit(l) = &alt.con else {
                unreachable!()
            };
            self.i(I::LocalGet(v));
            self.lit(l)?;
            let eq = match wasm_type(rep) {
                Some(ValType::I32) => I::I32Eq,
                Some(ValType::I64) => I::I64Eq,
                Some(ValType::F32) => I::F32Eq,
                Some(ValType::F64) => I::F64Eq,
                _ => return Err(self.err("case on a vector value")),
            };
            self.i(eq);
            self.open(I::If(BlockType::Empty));
            self.expr(&alt.rhs, seq)?;
            self.i(I::Else);
            opened += 1;
        }
        match default {
            Some(d) => self.expr(&d.rhs, seq)?,
            None => self.i(I::Unreachable),
        }
        for _ in 0..opened {
            self.close();
        }
        if opened > 0 {
            self.i(I::Unreachable);
        }
        Ok(())
    }

    fn alg_alts(&mut self, v: u32, alts: &'m [Alt], seq: &Sequel) -> R<()> {
        let default = alts.iter().find(|a| a.con == AltCon::Default);
        let cons: Vec<(DataConRef, &'m Alt)> = alts
            .iter()
            .filter_map(|a| match a.con {
                AltCon::Data(dc) => Some((dc, a)),
                _ => None,
            })
            .collect();
        if cons.is_empty() {
            return match default {
                Some(d) => self.expr(&d.rhs, seq),
                None => Err(self.err("internal: algebraic case with no alternatives")),
            };
        }
        if cons.len() == 1 && default.is_none() {
            let (dc, alt) = cons[0];
            self.bind_fields(v, dc, &alt.binders)?;
            return self.expr(&alt.rhs, seq);
        }
        // The constructor tag: from the pointer, or from the info table for big families.
        let family = self.mc.m.datacon(cons[0].0).family_size;
        let tag = self.f.new_local(ValType::I32);
        self.i(I::LocalGet(v));
        self.i(I::I32Const(TAG_MASK as i32));
        self.i(I::I32And);
        self.i(I::LocalSet(tag));
        if family >= TAG_MASK {
            self.i(I::LocalGet(tag));
            self.i(I::I32Const(TAG_MASK as i32));
            self.i(I::I32Eq);
            self.i(I::If(BlockType::Empty));
            self.i(I::LocalGet(v));
            self.i(I::I32Const(-8));
            self.i(I::I32And);
            self.i(I::I32Load(mem(0, 2)));
            self.i(I::I32Load(mem(info::TAG_OR_ARITY, 2)));
            self.i(I::LocalSet(tag));
            self.i(I::End);
        }
        let mut opened = 0;
        let last = if default.is_none() {
            cons.len() - 1
        } else {
            cons.len()
        };
        for (k, (dc, alt)) in cons.iter().enumerate() {
            if k == last {
                self.bind_fields(v, *dc, &alt.binders)?;
                self.expr(&alt.rhs, seq)?;
                break;
            }
            self.i(I::LocalGet(tag));
            self.i(I::I32Const(self.mc.m.datacon(*dc).tag as i32));
            self.i(I::I32Eq);
            self.open(I::If(BlockType::Empty));
            self.bind_fields(v, *dc, &alt.binders)?;
            self.expr(&alt.rhs, seq)?;
            self.i(I::Else);
            opened += 1;
        }
        if let Some(d) = default {
            self.expr(&d.rhs, seq)?;
        }
        for _ in 0..opened {
            self.close();
        }
        if opened > 0 {
            self.i(I::Unreachable);
        }
        Ok(())
    }

    /// Loads the fields of the constructor pointed to by local `v` into the binders.
    fn bind_fields(&mut self, v: u32, dc: DataConRef, binders: &[IdRef]) -> R<()> {
        if binders.is_empty() {
            return Ok(());
        }
        let (_, slots) = self.field_slots(dc, binders.len())?;
        let untagged = self.f.new_local(ValType::I32);
        self.i(I::LocalGet(v));
        self.i(I::I32Const(-8));
        self.i(I::I32And);
        self.i(I::LocalSet(untagged));
        for (b, slot) in binders.iter().zip(slots) {
            if let Some(slot) = slot {
                let ty = wasm_type(self.mc.rep(*b))
                    .ok_or_else(|| self.err("internal: void binder in a non-void field"))?;
                let l = self.f.new_local(ty);
                self.i(I::LocalGet(untagged));
                self.load_word(ty, Layout::offset(slot, 1));
                self.i(I::LocalSet(l));
                self.env.insert(*b, l);
            }
        }
        Ok(())
    }
}
