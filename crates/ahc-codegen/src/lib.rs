//! # ahc-codegen — STG to relocatable wasm objects
//!
//! [`compile_module`] turns one module's STG ([`ahc_stg::Module`]) into a relocatable wasm object
//! (via `ahc-wasm-object`); [`glue_object`] makes the small per-program object that defines the
//! register globals and the entry glue the runtime calls. The execution model (eval/apply,
//! explicit Haskell stack in linear memory, return points as functions, join points as
//! structured control flow, pointer tagging) is described in ARCHITECTURE.md; the layouts are
//! in `ahc-abi`.
//!
//! Modules follow GHC's `StgToCmm` split: `expr` (expressions, `case`, join points, sequels),
//! `bind` (closures: allocation and the code of functions, thunks, CAFs), `apply` (known and
//! unknown calls), `heap` (allocation, block-entry heap checks, spill frames, frame pushes),
//! `control` (evaluation and exception primops), `prim` (all other primops and foreign calls),
//! `info` (info tables, argument patterns), [`layout`] (payload layouts, wasm types), [`names`]
//! (symbols), [`glue`] (the per-program runtime glue), `debug` (`--debug` instrumentation),
//! [`code`] (symbolic code buffers committed to an object), `fvs` (free variables and the
//! shape analyses: inline scrutinees, escaping join points, allocation bounds).
//!
//! Invariants:
//! - A top-level binding either compiles completely or contributes nothing: if any part of it
//!   is unsupported, its symbols are left undefined and an [`Unsupported`] names the binding and
//!   the construct. A program that needs such a binding fails at link time with that message,
//!   never with a trap at run time.
//! - Symbols of external Haskell names are global, everything else is local to the object.
//! - Every object and frame written here has the layout `ahc-abi` describes.

mod apply;
mod bind;
pub mod code;
mod control;
mod debug;
mod expr;
mod fvs;
pub mod glue;
mod heap;
mod info;
pub mod layout;
pub mod names;
mod prim;
mod sched_glue;

use std::collections::{HashMap, HashSet};
use std::fmt;

use ahc_abi::ClosureType;
use ahc_stg::{Arg, IdRef, Literal, Module, PrimRep, Rhs, TopBinding};

use code::{Committer, DataBuf, DataTarget, FnBuf, FnTy, Items};
use expr::{Fx, ModCx, Pending, R};
use info::info_table;
use layout::{con_field_reps, wasm_type, wasm_types, Layout};

pub use glue::{glue_object, ProgramEntry, RuntimeExceptions};

/// A construct the code generator does not (yet) support, and the top-level binding using it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    /// The Haskell name of the top-level binding (`Module.name`).
    pub binder: String,
    /// What is unsupported, e.g. "primop fooInt#" or "thunk `x`".
    pub construct: String,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: unsupported: {}", self.binder, self.construct)
    }
}

/// The result of compiling one module.
pub struct CompiledModule {
    /// The relocatable wasm object.
    pub object: Vec<u8>,
    /// Bindings left out, with the reason. Their symbols are undefined in `object`.
    pub unsupported: Vec<Unsupported>,
    /// For each left-out binding, the symbols it would have defined (to explain link errors).
    pub missing_symbols: HashMap<String, Unsupported>,
}

/// An error that prevents producing an object at all.
#[derive(Debug)]
pub struct CodegenError(pub String);

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CodegenError {}

/// How to compile.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Check every memory access at run time (`--debug`).
    pub debug: bool,
}

/// Compiles one module to a relocatable wasm object.
pub fn compile_module(m: &Module, opts: &Options) -> Result<CompiledModule, CodegenError> {
    let mut mc = ModCx {
        m,
        prefix: names::module_prefix(&m.this),
        top: HashSet::new(),
        top_arity: HashMap::new(),
        top_con: HashMap::new(),
        top_strings: HashMap::new(),
        evaluated: HashSet::new(),
        local_funs: HashMap::new(),
        lifted_joins: HashMap::new(),
        counter: 0,
        strings: HashMap::new(),
        shared_items: Vec::new(),
        spill_infos: HashSet::new(),
        enum_tables: HashSet::new(),
    };
    for b in &m.bindings {
        match b {
            TopBinding::Lifted(b) => {
                for (id, rhs) in b.pairs() {
                    mc.top.insert(id);
                    let arity = match rhs {
                        Rhs::Closure { args, .. } => args.len() as u32,
                        Rhs::Con { con, .. } => {
                            mc.top_con.insert(id, *con);
                            0
                        }
                    };
                    mc.top_arity.insert(id, arity);
                }
            }
            TopBinding::StringLit(id, _) => {
                mc.top.insert(*id);
            }
        }
    }
    let mut out = Committer::new(false, opts.debug);
    let mut unsupported = Vec::new();
    let mut missing_symbols = HashMap::new();

    // Top-level string literals.
    let mut strings = Items::default();
    for b in &m.bindings {
        if let TopBinding::StringLit(id, bytes) = b {
            let name = names::string_bytes(&mc.base(*id));
            let mut data = bytes.clone();
            data.push(0);
            let external = m.id(*id).name.module.is_some();
            strings.data.push(DataBuf {
                name: name.clone(),
                bytes: data,
                align: 1,
                relocs: vec![],
                local_symbol: !external,
            });
            mc.top_strings.insert(*id, name);
        }
    }
    out.commit(strings);

    // Constructors of the types defined here: info tables, and static closures of nullary ones
    // (unless GHC bound the worker itself, as CorePrep usually does).
    let bound: HashSet<String> = mc
        .top
        .iter()
        .map(|id| names::closure(&mc.base(*id)))
        .collect();
    let mut cons = Items::default();
    for tc in &m.tycons {
        for dc in &tc.datacons {
            let info = m.datacon(*dc);
            let reps = con_field_reps(info);
            let layout = Layout::new(&reps);
            let mut it = info_table(
                &names::con_info(&m.this, info),
                (
                    expr::glue::CON_ENTRY,
                    &FnTy::new(vec![wasm_encoder::ValType::I32], vec![]),
                ),
                ClosureType::Con,
                layout.ptrs,
                layout.nptrs,
                info.tag,
            );
            let con_name = mc.string(format!("{}.{}", m.this.name, info.name.occ).as_bytes());
            it.relocs
                .push((ahc_abi::info::NAME, DataTarget::Data(con_name, 0)));
            it.local_symbol = false;
            cons.data.push(it);
            if layout.words() == 0 && !bound.contains(&names::con_closure(&m.this, info)) {
                cons.data.push(DataBuf {
                    name: names::con_closure(&m.this, info),
                    bytes: vec![0; 8],
                    align: 8,
                    relocs: vec![(0, DataTarget::Data(names::con_info(&m.this, info), 0))],
                    local_symbol: false,
                });
            }
        }
    }
    out.commit(cons);

    for b in &m.bindings {
        let TopBinding::Lifted(b) = b else { continue };
        let pairs = b.pairs();
        let mut items = Items::default();
        let mut result = Ok(());
        for (id, rhs) in &pairs {
            result = compile_top(&mut mc, *id, rhs, &mut items);
            if result.is_err() {
                break;
            }
        }
        match result {
            Ok(()) => out.commit(items),
            Err(u) => {
                for (id, _) in &pairs {
                    let base = mc.base(*id);
                    for s in [
                        names::closure(&base),
                        names::entry(&base),
                        names::info(&base),
                    ] {
                        missing_symbols.insert(s, u.clone());
                    }
                }
                unsupported.push(u);
            }
        }
    }
    let strings = Items {
        funcs: vec![],
        data: std::mem::take(&mut mc.shared_items),
    };
    out.commit(strings);
    let object = out
        .finish()
        .map_err(|e| CodegenError(format!("{}: {e:?}", m.this.name)))?;
    Ok(CompiledModule {
        object,
        unsupported,
        missing_symbols,
    })
}

fn compile_top<'m>(mc: &mut ModCx<'m>, id: IdRef, rhs: &'m Rhs, items: &mut Items) -> R<()> {
    let base = mc.base(id);
    let external = mc.m.id(id).name.module.is_some();
    match rhs {
        Rhs::Closure { args, body, .. } => {
            let entry = names::entry(&base);
            let mut pending = Vec::new();
            if args.is_empty() {
                // A CAF: `[info][indirectee][static link]`, updated in place when evaluated.
                // Every top-level nullary closure is one, whatever its update flag: keeping the
                // first result of a re-entrant or single-entry one is always correct.
                let name_sym = mc.string(mc.name_of(id).as_bytes());
                let mut it = info::build(
                    &names::info(&base),
                    ClosureType::Caf,
                    info::InfoSpec {
                        entry: Some((&entry, &bind::node_ty())),
                        name: Some(&name_sym),
                        ..Default::default()
                    },
                );
                it.local_symbol = !external;
                items.data.push(it);
                items.data.push(DataBuf {
                    name: names::closure(&base),
                    bytes: vec![0; 24],
                    align: 8,
                    relocs: vec![(0, DataTarget::Data(names::info(&base), 0))],
                    local_symbol: !external,
                });
                pending.push(Pending::Caf {
                    name: entry.clone(),
                    body,
                });
            } else {
                let spec = bind::FunSpec {
                    base: &base,
                    entry: &entry,
                    args,
                    layout: (0, 0),
                    local: !external,
                };
                let info_sym = mc.fun_info(items, &mut pending, spec);
                items.data.push(DataBuf {
                    name: names::closure(&base),
                    bytes: vec![0; 8],
                    align: 8,
                    relocs: vec![(0, DataTarget::Data(info_sym, 0))],
                    local_symbol: !external,
                });
                pending.push(Pending::Closure {
                    name: entry.clone(),
                    node_fvs: vec![],
                    args,
                    body,
                });
            }
            let globals: HashSet<String> = if external {
                [entry].into()
            } else {
                HashSet::new()
            };
            run_pending(mc, id, &mut pending, items, &globals)
        }
        Rhs::Con { con, args } => {
            let info = mc.m.datacon(*con);
            let reps = con_field_reps(info);
            let layout = Layout::new(&reps);
            let slots = if args.len() == reps.len() {
                layout.slots.clone()
            } else {
                layout.slots.iter().filter_map(|s| *s).map(Some).collect()
            };
            if slots.len() != args.len() {
                return Err(mc.unsupported(id, "internal: static constructor arity mismatch"));
            }
            let mut bytes = vec![0u8; ((1 + layout.words()) * ahc_abi::WORD) as usize];
            let mut relocs = vec![(0, DataTarget::Data(names::con_info(&mc.m.this, info), 0))];
            for (slot, a) in slots.iter().zip(args) {
                let Some(slot) = slot else { continue };
                let off = Layout::offset(*slot, 1);
                match a {
                    Arg::Var(v) if mc.top_strings.contains_key(v) => {
                        relocs.push((off, DataTarget::Data(mc.top_strings[v].clone(), 0)));
                    }
                    Arg::Var(v) if mc.is_static(*v) && mc.rep(*v) == PrimRep::Lifted => {
                        let (sym, tag) = mc.static_closure(*v);
                        relocs.push((off, DataTarget::Data(sym, tag as i32)));
                    }
                    Arg::Var(v) if mc.is_static(*v) && mc.rep(*v) == PrimRep::Addr => {
                        let sym = mc
                            .top_strings
                            .get(v)
                            .cloned()
                            .unwrap_or_else(|| names::string_bytes(&mc.base(*v)));
                        relocs.push((off, DataTarget::Data(sym, 0)));
                    }
                    Arg::Var(v) => {
                        return Err(
                            mc.unsupported(id, format!("static field `{}`", mc.name_of(*v)))
                        );
                    }
                    Arg::Lit(l) => {
                        let word: u64 = match l {
                            Literal::Char(c) => *c as u64,
                            Literal::Number(_, n) => *n as u64,
                            Literal::Double(b) => *b,
                            Literal::Float(b) => *b as u64,
                            Literal::NullAddr => 0,
                            Literal::String(s) => {
                                let sym = mc.string(s);
                                relocs.push((off, DataTarget::Data(sym, 0)));
                                0
                            }
                            Literal::Label { name, is_function } => {
                                let sym = ahc_abi::ccall_symbol(name).to_string();
                                if *is_function {
                                    let Some(ty) = crate::prim::label_fn_type(name) else {
                                        return Err(mc.unsupported(
                                            id,
                                            format!("address of foreign label `{name}`"),
                                        ));
                                    };
                                    relocs.push((off, DataTarget::Func(sym, ty)));
                                } else {
                                    relocs.push((off, DataTarget::Data(sym, 0)));
                                }
                                0
                            }
                            other => {
                                return Err(
                                    mc.unsupported(id, format!("static field literal {other:?}"))
                                );
                            }
                        };
                        bytes[off as usize..off as usize + 8].copy_from_slice(&word.to_le_bytes());
                    }
                }
            }
            items.data.push(DataBuf {
                name: names::closure(&base),
                bytes,
                align: 8,
                relocs,
                local_symbol: !external,
            });
            mc.evaluated.insert(id);
            Ok(())
        }
    }
}

/// Compiles queued code blocks until none is left. Functions named in `globals` get global
/// symbols, all others local ones.
fn run_pending<'m>(
    mc: &mut ModCx<'m>,
    owner: IdRef,
    pending: &mut Vec<Pending<'m>>,
    items: &mut Items,
    globals: &HashSet<String>,
) -> R<()> {
    while let Some(p) = pending.pop() {
        let mut queue = Vec::new();
        let buf = |name: String, ty: FnTy| {
            let local = !globals.contains(&name);
            FnBuf::new(name, ty, local)
        };
        let f = match p {
            Pending::Closure {
                name,
                node_fvs,
                args,
                body,
            } => {
                let ty = bind::fun_type(args.iter().map(|a| mc.rep(*a)));
                let mut fx = Fx::new(mc, &mut queue, items, buf(name, ty), owner);
                fx.closure_body(&node_fvs, args, body)?;
                fx.f
            }
            Pending::SlowEntry {
                name,
                fast,
                fast_ty,
                reps,
            } => {
                let mut fx = Fx::new(mc, &mut queue, items, buf(name, bind::node_ty()), owner);
                fx.slow_entry_body(&fast, &fast_ty, &reps);
                fx.f
            }
            Pending::Thunk {
                name,
                node_fvs,
                update,
                body,
            } => {
                let mut fx = Fx::new(mc, &mut queue, items, buf(name, bind::node_ty()), owner);
                fx.thunk_body(&node_fvs, update, body)?;
                fx.f
            }
            Pending::Caf { name, body } => {
                let mut fx = Fx::new(mc, &mut queue, items, buf(name, bind::node_ty()), owner);
                fx.caf_body(body)?;
                fx.f
            }
            Pending::Cont {
                name,
                res,
                live,
                binder,
                alt_type,
                alts,
                split,
            } => {
                let ty = FnTy::new(wasm_types(&res), vec![]);
                let mut fx = Fx::new(mc, &mut queue, items, buf(name, ty), owner);
                match split {
                    Some(body) => fx.cont_trampoline(&live, &body)?,
                    None => fx.cont_body(&live, binder, alt_type, alts)?,
                }
                fx.f
            }
            Pending::ContBody {
                name,
                res,
                live,
                binder,
                alt_type,
                alts,
            } => {
                let mut params = wasm_types(&res);
                params.extend(live.iter().filter_map(|v| wasm_type(mc.rep(*v))));
                let ty = FnTy::new(params, vec![]);
                let mut fx = Fx::new(mc, &mut queue, items, buf(name, ty), owner);
                fx.cont_alts(wasm_types(&res).len(), &live, binder, alt_type, alts)?;
                fx.f
            }
            Pending::Join {
                func,
                params,
                fvs,
                body,
            } => {
                let mut tys: Vec<_> = params
                    .iter()
                    .filter_map(|a| wasm_type(mc.rep(*a)))
                    .collect();
                tys.extend(fvs.iter().filter_map(|a| wasm_type(mc.rep(*a))));
                let mut fx = Fx::new(
                    mc,
                    &mut queue,
                    items,
                    buf(func, FnTy::new(tys, vec![])),
                    owner,
                );
                fx.join_body(params, &fvs, body)?;
                fx.f
            }
        };
        items.funcs.push(f);
        pending.extend(queue);
    }
    Ok(())
}
