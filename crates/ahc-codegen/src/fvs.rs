//! Free variables of STG expressions, and the shape questions the lowering asks before it
//! decides where code goes (which `case` scrutinees are computed in place, which join points
//! must become functions of their own).

use std::collections::BTreeSet;

use ahc_stg::{Alt, Arg, Binding, Expr, IdRef, Module, Op, PrimRep, Rhs};

fn arg_fvs(a: &Arg, out: &mut BTreeSet<IdRef>) {
    if let Arg::Var(v) = a {
        out.insert(*v);
    }
}

/// Free variables of an expression (every Id occurrence not bound inside it, top-level Ids
/// included: callers filter).
pub fn expr_fvs(e: &Expr) -> BTreeSet<IdRef> {
    let mut out = BTreeSet::new();
    go(e, &mut out);
    out
}

/// Free variables of a set of case alternatives, minus their own binders.
pub fn alts_fvs(alts: &[Alt]) -> BTreeSet<IdRef> {
    let mut out = BTreeSet::new();
    for alt in alts {
        let mut s = BTreeSet::new();
        go(&alt.rhs, &mut s);
        for b in &alt.binders {
            s.remove(b);
        }
        out.extend(s);
    }
    out
}

fn rhs_fvs(r: &Rhs, out: &mut BTreeSet<IdRef>) {
    match r {
        Rhs::Closure { args, body, .. } => {
            let mut s = BTreeSet::new();
            go(body, &mut s);
            for a in args {
                s.remove(a);
            }
            out.extend(s);
        }
        Rhs::Con { args, .. } => args.iter().for_each(|a| arg_fvs(a, out)),
    }
}

fn binding_fvs(b: &Binding, body: &Expr, out: &mut BTreeSet<IdRef>) {
    let mut s = BTreeSet::new();
    go(body, &mut s);
    let pairs = b.pairs();
    for (_, rhs) in &pairs {
        rhs_fvs(rhs, &mut s);
    }
    for (id, _) in &pairs {
        s.remove(id);
    }
    out.extend(s);
}

fn go(e: &Expr, out: &mut BTreeSet<IdRef>) {
    match e {
        Expr::App(f, args) => {
            out.insert(*f);
            args.iter().for_each(|a| arg_fvs(a, out));
        }
        Expr::Lit(_) => {}
        Expr::ConApp(_, args) | Expr::OpApp { args, .. } => {
            args.iter().for_each(|a| arg_fvs(a, out))
        }
        Expr::Case {
            scrut,
            binder,
            alts,
            ..
        } => {
            go(scrut, out);
            let mut s = alts_fvs(alts);
            s.remove(binder);
            out.extend(s);
        }
        Expr::Let(b, body) | Expr::LetNoEscape(b, body) => binding_fvs(b, body, out),
    }
}

/// Whether a `case` scrutinee is computed in place (into wasm locals) rather than by pushing a
/// return frame and jumping: literals, primops, constructor applications, unboxed variables,
/// and cases/lets built only of those.
pub fn is_inline(m: &Module, e: &Expr) -> bool {
    match e {
        Expr::Lit(_) | Expr::ConApp(..) => true,
        Expr::OpApp { op, .. } => match op {
            Op::PrimOp(name) => !is_control_primop(name),
            Op::Foreign(fc) => crate::prim::collecting_call(fc).is_none(),
            Op::PrimCall { label, .. } => crate::prim::raising_prim_call(label).is_none(),
        },
        Expr::App(f, args) => {
            args.is_empty() && m.id(*f).reps.first().is_none_or(|r| *r != PrimRep::Lifted)
        }
        Expr::Case { scrut, alts, .. } => {
            is_inline(m, scrut) && alts.iter().all(|a| is_inline(m, &a.rhs))
        }
        Expr::Let(_, body) => is_inline(m, body),
        Expr::LetNoEscape(..) => false,
    }
}

/// Primops that transfer control (evaluate, call, raise): they are compiled in tail position,
/// so a `case` on one pushes a return frame.
pub fn is_control_primop(name: &str) -> bool {
    matches!(
        name,
        "seq#"
            | "raise#"
            | "raiseIO#"
            | "catch#"
            | "maskAsyncExceptions#"
            | "maskUninterruptible#"
            | "unmaskAsyncExceptions#"
            | "keepAlive#"
            | "takeMVar#"
            | "readMVar#"
            | "putMVar#"
            | "delay#"
            | "yield#"
            | "waitRead#"
            | "waitWrite#"
            | "killThread#"
            | "clearCCS#"
            | "atomically#"
            | "catchRetry#"
            | "catchSTM#"
            | "retry#"
            | "readIOPort#"
    )
}

/// Words of a closure's free-variable payload.
fn fv_words(m: &Module, fvs: &[IdRef]) -> u32 {
    fvs.iter()
        .filter(|v| {
            crate::layout::wasm_type(m.id(**v).reps.first().copied().unwrap_or(PrimRep::Void))
                .is_some()
        })
        .count() as u32
}

/// Bytes a right-hand side allocates when bound by `let`.
pub fn rhs_bytes(m: &Module, rhs: &Rhs) -> u32 {
    let words = match rhs {
        Rhs::Con { con, .. } => con_words(m, *con),
        Rhs::Closure {
            free_vars, args, ..
        } if args.is_empty() => ahc_abi::THUNK_HEADER_WORDS + fv_words(m, free_vars),
        Rhs::Closure { free_vars, .. } => ahc_abi::FUN_HEADER_WORDS + fv_words(m, free_vars),
    };
    words * ahc_abi::WORD
}

/// Words of a heap-allocated constructor (0 for one without fields: it is static).
fn con_words(m: &Module, dc: ahc_stg::DataConRef) -> u32 {
    let reps = crate::layout::con_field_reps(m.datacon(dc));
    let n = reps
        .iter()
        .filter(|r| crate::layout::wasm_type(**r).is_some())
        .count() as u32;
    if n == 0 {
        0
    } else {
        ahc_abi::CON_HEADER_WORDS + n
    }
}

/// An upper bound of the bytes of heap the code of `e` allocates before control leaves the
/// wasm function it is compiled into (or reaches a join point, which checks for itself). This is
/// what a block's heap check reserves.
pub fn alloc_bytes(m: &Module, e: &Expr) -> u32 {
    match e {
        Expr::OpApp {
            op: Op::PrimOp(name),
            ..
        } => match name.as_str() {
            "atomicModifyMutVar2#" => (4 + 3) * ahc_abi::WORD,
            "atomicModifyMutVar_#" => 4 * ahc_abi::WORD,
            _ => 0,
        },
        Expr::Lit(_) | Expr::OpApp { .. } => 0,
        Expr::App(f, args) => match &m.id(*f).details {
            ahc_stg::IdDetails::DataConWorker(dc) if !args.is_empty() => {
                con_words(m, *dc) * ahc_abi::WORD
            }
            _ => 0,
        },
        Expr::ConApp(dc, _) => match m.datacon(*dc).sort {
            ahc_stg::DataConSort::Boxed => con_words(m, *dc) * ahc_abi::WORD,
            _ => 0,
        },
        Expr::Case { scrut, alts, .. } => {
            let here = alloc_bytes(m, scrut);
            if is_inline(m, scrut) {
                here + alts
                    .iter()
                    .map(|a| alloc_bytes(m, &a.rhs))
                    .max()
                    .unwrap_or(0)
            } else {
                here
            }
        }
        Expr::Let(b, body) => {
            b.pairs()
                .iter()
                .map(|(_, rhs)| rhs_bytes(m, rhs))
                .sum::<u32>()
                + alloc_bytes(m, body)
        }
        Expr::LetNoEscape(_, body) => alloc_bytes(m, body),
    }
}

/// The largest [`alloc_bytes`] of a set of alternatives (what a continuation reserves).
pub fn alts_alloc(m: &Module, alts: &[Alt]) -> u32 {
    alts.iter()
        .map(|a| alloc_bytes(m, &a.rhs))
        .max()
        .unwrap_or(0)
}

/// Whether join point `j` is jumped to from code that ends up in a different wasm function
/// than the `let-no-escape` itself (an alternative of a case that pushes a return frame). Such
/// join points are compiled as functions of their own, tail-called with their free variables.
pub fn join_escapes(m: &Module, j: IdRef, e: &Expr) -> bool {
    match e {
        Expr::App(..) | Expr::Lit(_) | Expr::ConApp(..) | Expr::OpApp { .. } => false,
        Expr::Case { scrut, alts, .. } => {
            if join_escapes(m, j, scrut) {
                return true;
            }
            if is_inline(m, scrut) {
                alts.iter().any(|a| join_escapes(m, j, &a.rhs))
            } else {
                alts_fvs(alts).contains(&j)
            }
        }
        Expr::Let(_, body) => join_escapes(m, j, body),
        Expr::LetNoEscape(b, body) => {
            if join_escapes(m, j, body) {
                return true;
            }
            let lifted = group_is_lifted(m, b, body);
            b.pairs().iter().any(|(_, rhs)| match rhs {
                Rhs::Closure { body: rb, .. } if lifted => expr_fvs(rb).contains(&j),
                Rhs::Closure { body: rb, .. } => join_escapes(m, j, rb),
                Rhs::Con { .. } => false,
            })
        }
    }
}

/// Whether a group of join points must be compiled as separate functions: some member is
/// jumped to from another wasm function (see [`join_escapes`]).
pub fn group_is_lifted(m: &Module, b: &Binding, body: &Expr) -> bool {
    let pairs = b.pairs();
    pairs.iter().any(|(j, _)| {
        join_escapes(m, *j, body)
            || pairs.iter().any(|(_, rhs)| match rhs {
                Rhs::Closure { body: rb, .. } => join_escapes(m, *j, rb),
                Rhs::Con { .. } => false,
            })
    })
}
