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
        Expr::OpApp { op, .. } => matches!(op, Op::PrimOp(_) | Op::Foreign(_)),
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
