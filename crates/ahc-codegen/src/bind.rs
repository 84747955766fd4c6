//! Closures: allocation of `let`-bound constructors, functions and thunks, and the code of every
//! kind of closure — function fast and slow entries, thunks (with update frames and
//! blackholing), CAFs — plus the code of lifted join points.

use ahc_abi::{con_tag_bits, fun_tag_bits, rts_syms, ClosureType, WORD};
use ahc_stg::{Arg, Binding, DataConRef, Expr, IdRef, PrimRep, Rhs, UpdateFlag};
use wasm_encoder::{Instruction as I, ValType};

use crate::code::{FnTy, Op, Reg};
use crate::expr::{Fx, KnownFun, Pending, Sequel, R};
use crate::fvs::alloc_bytes;
use crate::info::{build, pattern, InfoSpec};
use crate::layout::{wasm_type, Layout};
use crate::names;

/// A function closure's info table: its base name, fast entry, arguments, free-variable layout
/// (`ptrs`, `nptrs`) and whether its symbols are local.
pub(crate) struct FunSpec<'s, 'm> {
    pub base: &'s str,
    pub entry: &'s str,
    pub args: &'m [IdRef],
    pub layout: (u32, u32),
    pub local: bool,
}

enum Plan<'m> {
    Con(DataConRef, Vec<Option<u32>>, &'m [Arg]),
    Fun(&'m [IdRef], Layout, &'m [IdRef], &'m Expr),
    Thunk(&'m [IdRef], Layout, bool, &'m Expr),
}

/// The fast-entry type of a function with these parameters: `(node, args…) -> ()`.
pub(crate) fn fun_type(fx_reps: impl Iterator<Item = PrimRep>) -> FnTy {
    let mut params = vec![ValType::I32];
    params.extend(fx_reps.filter_map(wasm_type));
    FnTy::new(params, vec![])
}

pub(crate) fn node_ty() -> FnTy {
    FnTy::new(vec![ValType::I32], vec![])
}

impl<'a, 'm> Fx<'a, 'm> {
    pub(crate) fn let_binding(&mut self, b: &'m Binding) -> R<()> {
        let pairs = b.pairs();
        // Sizes and layouts first: a recursive group is allocated in one go.
        let mut plans = Vec::new();
        let mut total = 0;
        for (id, rhs) in &pairs {
            let (words, plan) = match rhs {
                Rhs::Con { con, args } => {
                    let (layout, slots) = self.field_slots(*con, args.len())?;
                    (1 + layout.words(), Plan::Con(*con, slots, args))
                }
                Rhs::Closure {
                    free_vars,
                    args,
                    body,
                    update,
                } => {
                    let reps: Vec<_> = free_vars.iter().map(|v| self.mc.rep(*v)).collect();
                    let layout = Layout::new(&reps);
                    if args.is_empty() {
                        let upd = *update == UpdateFlag::Updatable;
                        (
                            2 + layout.words(),
                            Plan::Thunk(free_vars, layout, upd, body),
                        )
                    } else {
                        (1 + layout.words(), Plan::Fun(free_vars, layout, args, body))
                    }
                }
            };
            plans.push((*id, total, plan));
            total += words * WORD;
        }
        let base = self.alloc(total);
        // Bind every name to its (tagged) address before filling: fields may refer to siblings.
        for (id, off, plan) in &plans {
            let tag = match plan {
                Plan::Con(dc, ..) => {
                    let d = self.mc.m.datacon(*dc);
                    con_tag_bits(d.tag, d.family_size)
                }
                Plan::Fun(_, _, args, _) => fun_tag_bits(args.len() as u32),
                Plan::Thunk(..) => 0,
            };
            let l = self
                .new_var(*id)
                .ok_or_else(|| self.err("internal: void let binder"))?;
            self.i(I::LocalGet(base));
            self.i(I::I32Const((*off + tag) as i32));
            self.i(I::I32Add);
            self.i(I::LocalSet(l));
            if matches!(plan, Plan::Con(..)) {
                self.mc.evaluated.insert(*id);
            }
        }
        for (id, off, plan) in plans {
            match plan {
                Plan::Con(dc, slots, args) => self.fill_con(base, off, dc, &slots, args)?,
                Plan::Fun(fvs, layout, args, body) => {
                    let occ = names::zencode(&self.mc.m.id(id).name.occ);
                    let name = self.mc.fresh(&format!("{occ}_fun"));
                    let entry = names::entry(&name);
                    let spec = FunSpec {
                        base: &name,
                        entry: &entry,
                        args,
                        layout: (layout.ptrs, layout.nptrs),
                        local: true,
                    };
                    let info_sym = self.mc.fun_info(self.items, self.pending, spec);
                    self.mc.local_funs.insert(
                        id,
                        KnownFun {
                            entry: entry.clone(),
                            arity: args.len() as u32,
                        },
                    );
                    self.fill_closure(base, off, &info_sym, fvs, &layout, 1)?;
                    self.pending.push(Pending::Closure {
                        name: entry,
                        node_fvs: fvs.to_vec(),
                        args,
                        body,
                    });
                }
                Plan::Thunk(fvs, layout, update, body) => {
                    let occ = names::zencode(&self.mc.m.id(id).name.occ);
                    let name = self.mc.fresh(&format!("{occ}_thk"));
                    let entry = names::entry(&name);
                    let info_sym = names::info(&name);
                    let name_sym = self.mc.string(name.as_bytes());
                    self.items.data.push(build(
                        &info_sym,
                        ClosureType::Thunk,
                        InfoSpec {
                            entry: Some((&entry, &node_ty())),
                            ptrs: layout.ptrs,
                            nptrs: layout.nptrs,
                            name: Some(&name_sym),
                            ..Default::default()
                        },
                    ));
                    self.fill_closure(base, off, &info_sym, fvs, &layout, 2)?;
                    // The reserved word stays 0 (the nursery is not zeroed: clear it).
                    self.i(I::LocalGet(base));
                    self.i(I::I64Const(0));
                    self.i(I::I64Store(crate::expr::mem(off + WORD, 3)));
                    self.pending.push(Pending::Thunk {
                        name: entry,
                        node_fvs: fvs.to_vec(),
                        update,
                        body,
                    });
                }
            }
        }
        Ok(())
    }

    /// Writes a closure's info pointer and free variables at `base + off`.
    fn fill_closure(
        &mut self,
        base: u32,
        off: u32,
        info_sym: &str,
        fvs: &[IdRef],
        layout: &Layout,
        header: u32,
    ) -> R<()> {
        self.i(I::LocalGet(base));
        self.f.op(Op::DataAddr(info_sym.to_string(), 0));
        self.store_word(ValType::I32, off);
        for (v, slot) in fvs.iter().zip(&layout.slots) {
            if let Some(slot) = slot {
                self.i(I::LocalGet(base));
                let ty = self
                    .var(*v)?
                    .ok_or_else(|| self.err("internal: void free variable"))?;
                self.store_word(ty, off + Layout::offset(*slot, header));
            }
        }
        Ok(())
    }

    /// Loads a closure's free variables from the node (param 0, possibly tagged) into locals.
    fn load_fvs(&mut self, node_fvs: &[IdRef], header: u32) {
        if node_fvs
            .iter()
            .all(|v| wasm_type(self.mc.rep(*v)).is_none())
        {
            return;
        }
        let reps: Vec<PrimRep> = node_fvs.iter().map(|v| self.mc.rep(*v)).collect();
        let layout = Layout::new(&reps);
        let node = self.f.new_local(ValType::I32);
        self.i(I::LocalGet(0));
        self.i(I::I32Const(-8));
        self.i(I::I32And);
        self.i(I::LocalSet(node));
        for (v, slot) in node_fvs.iter().zip(&layout.slots) {
            if let Some(slot) = slot {
                let ty = wasm_type(self.mc.rep(*v)).unwrap();
                let l = self.f.new_local(ty);
                self.i(I::LocalGet(node));
                self.load_word(ty, Layout::offset(*slot, header));
                self.i(I::LocalSet(l));
                self.env.insert(*v, l);
            }
        }
    }

    /// Fast entry of a function closure: arguments are params, free variables come from the node.
    pub fn closure_body(&mut self, node_fvs: &[IdRef], args: &[IdRef], body: &'m Expr) -> R<()> {
        let mut p = 1;
        for a in args {
            if wasm_type(self.mc.rep(*a)).is_some() {
                self.env.insert(*a, p);
                p += 1;
            }
        }
        self.load_fvs(node_fvs, 1);
        let mut live = self.ptr_params(1);
        live.extend(self.ptr_locals(node_fvs.iter().copied()));
        self.heap_check(alloc_bytes(self.mc.m, body), &live)?;
        self.expr(body, &Sequel::Return)
    }

    /// Slow entry of a function: its arguments are positional words on top of the Haskell
    /// stack; pop them and call the fast entry.
    pub fn slow_entry_body(&mut self, fast: &str, fast_ty: &FnTy, reps: &[PrimRep]) {
        self.i(I::LocalGet(0));
        let mut off = 0;
        for r in reps {
            if let Some(ty) = wasm_type(*r) {
                self.f.op(Op::GlobalGet(Reg::Sp));
                self.load_word(ty, off);
                off += WORD;
            }
        }
        if off > 0 {
            self.pop_frame(off);
        }
        self.f.op(Op::ReturnCall(fast.to_string(), fast_ty.clone()));
    }

    /// Entry of a thunk: load the free variables, push an update frame and blackhole the thunk
    /// (if updatable), then evaluate the body.
    pub fn thunk_body(&mut self, node_fvs: &[IdRef], update: bool, body: &'m Expr) -> R<()> {
        self.load_fvs(node_fvs, 2);
        if update {
            crate::heap::push_update_frame(&mut self.f);
        }
        let live = self.ptr_locals(node_fvs.iter().copied());
        self.heap_check(alloc_bytes(self.mc.m, body), &live)?;
        self.expr(body, &Sequel::Return)
    }

    /// Entry of a CAF (a static thunk): register it with the runtime (it stays alive from now
    /// on), then behave like an updatable thunk without free variables.
    pub fn caf_body(&mut self, body: &'m Expr) -> R<()> {
        self.i(I::LocalGet(0));
        self.f.op(Op::Call(rts_syms::NEW_CAF.into(), node_ty()));
        crate::heap::push_update_frame(&mut self.f);
        self.heap_check(alloc_bytes(self.mc.m, body), &[])?;
        self.expr(body, &Sequel::Return)
    }

    /// Entry of a lifted join point: arguments, then free variables, all params.
    pub fn join_body(&mut self, params: &[IdRef], fvs: &[IdRef], body: &'m Expr) -> R<()> {
        let mut p = 0;
        for v in params.iter().chain(fvs) {
            if wasm_type(self.mc.rep(*v)).is_some() {
                self.env.insert(*v, p);
                p += 1;
            }
        }
        let live = self.ptr_params(0);
        self.heap_check(alloc_bytes(self.mc.m, body), &live)?;
        self.expr(body, &Sequel::Return)
    }
}

impl<'m> crate::expr::ModCx<'m> {
    /// The data symbol of an argument pattern (shared per module).
    pub(crate) fn pattern_sym(&mut self, pat: &[u8]) -> String {
        self.string(pat)
    }

    /// The info table (with argument pattern and slow entry) of a function whose fast entry is
    /// `entry`; queues the slow entry's code. Returns the info table's symbol.
    pub(crate) fn fun_info(
        &mut self,
        items: &mut crate::code::Items,
        pending: &mut Vec<Pending<'m>>,
        spec: FunSpec<'_, 'm>,
    ) -> String {
        let FunSpec {
            base,
            entry,
            args,
            layout,
            local,
        } = spec;
        let reps: Vec<PrimRep> = args.iter().map(|a| self.rep(*a)).collect();
        let fast_ty = fun_type(reps.iter().copied());
        let pat = self.pattern_sym(&pattern(&reps));
        let slow = format!("{base}_slow");
        let info_sym = names::info(base);
        let name_sym = self.string(base.as_bytes());
        let mut it = build(
            &info_sym,
            ClosureType::Fun,
            InfoSpec {
                entry: Some((entry, &fast_ty)),
                ptrs: layout.0,
                nptrs: layout.1,
                tag_or_arity: args.len() as u32,
                name: Some(&name_sym),
                pattern: Some(&pat),
                slow_entry: Some((&slow, &node_ty())),
            },
        );
        it.local_symbol = local;
        items.data.push(it);
        pending.push(Pending::SlowEntry {
            name: slow,
            fast: entry.to_string(),
            fast_ty,
            reps,
        });
        info_sym
    }
}
