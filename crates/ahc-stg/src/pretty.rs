//! Human-readable rendering of a [`Module`] (`ahc dump-stg FILE.stg`).
//!
//! The layout follows GHC's `-ddump-stg-final` loosely. Ids bound in the module are printed as
//! `occ_N` (N = their [`IdRef`]); external Ids as `Module.occ`. Binders carry their reps in
//! braces when they are not a single lifted pointer (`{}` = void). After the bindings come the
//! tables: data constructors, type constructors and every Id with all its facts.

use std::fmt::{self, Display, Formatter, Write};

use crate::*;

impl Display for Module {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        // Deep trees need a deep stack, like reading them does.
        let text = crate::read::with_big_stack(|| {
            let mut p = Printer {
                m: self,
                out: String::new(),
            };
            p.module();
            p.out
        });
        f.write_str(&text)
    }
}

impl Display for PrimRep {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            PrimRep::Vec(n, e) => write!(f, "Vec{n}x{e:?}"),
            other => write!(f, "{other:?}"),
        }
    }
}

impl Display for ModuleName {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.unit, self.name)
    }
}

impl Display for Name {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match &self.module {
            Some(m) => write!(f, "{}.{}", m.name, self.occ),
            None => write!(f, "{}", self.occ),
        }
    }
}

impl Display for Literal {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Char(c) => match char::from_u32(*c) {
                Some(ch) => write!(f, "{ch:?}#"),
                None => write!(f, "chr#{c}"),
            },
            Literal::Number(t, v) => match t {
                NumType::Int => write!(f, "{v}#"),
                NumType::Word => write!(f, "{v}##"),
                NumType::Int64 => write!(f, "{v}#Int64"),
                NumType::Word64 => write!(f, "{v}#Word64"),
                NumType::Integer => write!(f, "{v}#Integer"),
                NumType::Natural => write!(f, "{v}#Natural"),
            },
            Literal::String(s) => write!(f, "\"{}\"#", s.escape_ascii()),
            Literal::NullAddr => write!(f, "__NULL"),
            Literal::Rubbish(reps) => write!(f, "__RUBBISH{}", Reps(reps)),
            Literal::Float(bits) => write!(f, "{:?}#", f32::from_bits(*bits)),
            Literal::Double(bits) => write!(f, "{:?}##", f64::from_bits(*bits)),
            Literal::Label { name, is_function } => {
                write!(f, "&{name}{}", if *is_function { "" } else { "(data)" })
            }
        }
    }
}

/// A list of reps in braces: `{Int,Lifted}`.
struct Reps<'a>(&'a [PrimRep]);

impl Display for Reps<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_char('{')?;
        for (i, r) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char(',')?;
            }
            write!(f, "{r}")?;
        }
        f.write_char('}')
    }
}

const MAX_INDENT: usize = 120;

struct Printer<'a> {
    m: &'a Module,
    out: String,
}

impl Printer<'_> {
    fn id(&self, r: IdRef) -> String {
        let info = self.m.id(r);
        match &info.name.module {
            Some(m) => format!("{}.{}", m.name, info.name.occ),
            None => format!("{}_{}", info.name.occ, r.0),
        }
    }

    fn binder(&self, r: IdRef) -> String {
        let info = self.m.id(r);
        if info.reps == [PrimRep::Lifted] {
            self.id(r)
        } else {
            format!("{}{}", self.id(r), Reps(&info.reps))
        }
    }

    fn con(&self, r: DataConRef) -> String {
        self.m.datacon(r).name.to_string()
    }

    fn arg(&self, a: &Arg) -> String {
        match a {
            Arg::Var(v) => self.id(*v),
            Arg::Lit(l) => l.to_string(),
        }
    }

    fn args(&self, args: &[Arg]) -> String {
        let v: Vec<String> = args.iter().map(|a| self.arg(a)).collect();
        format!("[{}]", v.join(" "))
    }

    fn line(&mut self, indent: usize, s: &str) {
        // Very deep trees stop indenting, rather than printing quadratically many spaces.
        for _ in 0..indent.min(MAX_INDENT) {
            self.out.push(' ');
        }
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn module(&mut self) {
        let m = self.m;
        self.line(0, &format!("module {}", m.this));
        for b in &m.bindings {
            self.out.push('\n');
            match b {
                TopBinding::Lifted(b) => self.binding(0, b),
                TopBinding::StringLit(id, s) => {
                    let l = format!("{} = \"{}\"#;", self.binder(*id), s.escape_ascii());
                    self.line(0, &l);
                }
            }
        }
        self.out.push_str("\n-- data constructors\n");
        for (i, dc) in m.datacons.iter().enumerate() {
            let fields: Vec<String> = dc.fields.iter().map(|f| Reps(f).to_string()).collect();
            let l = format!(
                "con {i}: {} of {} tag {}/{} {:?} fields [{}]",
                dc.name,
                dc.tycon,
                dc.tag,
                dc.family_size,
                dc.sort,
                fields.join(" ")
            );
            self.line(0, &l);
        }
        self.out.push_str("\n-- type constructors defined here\n");
        for tc in &m.tycons {
            let l = self.tycon(tc);
            self.line(0, &l);
        }
        self.out.push_str("\n-- ids\n");
        for (i, info) in m.ids.iter().enumerate() {
            let module = match &info.name.module {
                Some(m) => format!(" {m}"),
                None => String::new(),
            };
            let details = match &info.details {
                IdDetails::Vanilla => String::new(),
                IdDetails::DataConWorker(c) => format!(" worker({})", self.con(*c)),
                IdDetails::DataConWrapper(c) => format!(" wrapper({})", self.con(*c)),
                IdDetails::Selector => " selector".to_string(),
                IdDetails::PrimOp(p) => format!(" primop({p})"),
                IdDetails::Foreign => " foreign".to_string(),
            };
            let l = format!(
                "id {i}: {} u{:x}{module} {} arity {}{details}{}",
                info.name.occ,
                info.name.unique,
                Reps(&info.reps),
                info.arity,
                if info.may_have_caf_refs { "" } else { " nocaf" }
            );
            self.line(0, &l);
        }
    }

    fn tycon(&self, tc: &TyConInfo) -> String {
        let cons: Vec<String> = tc.datacons.iter().map(|c| self.con(*c)).collect();
        format!("data {} = {}", tc.name, cons.join(" | "))
    }

    fn binding(&mut self, ind: usize, b: &Binding) {
        match b {
            Binding::NonRec(id, rhs) => self.rhs(ind, *id, rhs),
            Binding::Rec(pairs) => {
                self.line(ind, "rec {");
                for (id, rhs) in pairs {
                    self.rhs(ind + 2, *id, rhs);
                }
                self.line(ind, "}");
            }
        }
    }

    fn rhs(&mut self, ind: usize, id: IdRef, rhs: &Rhs) {
        match rhs {
            Rhs::Closure {
                free_vars,
                update,
                args,
                body,
            } => {
                let fvs: Vec<String> = free_vars.iter().map(|v| self.id(*v)).collect();
                let args: Vec<String> = args.iter().map(|v| self.binder(*v)).collect();
                let upd = match update {
                    UpdateFlag::ReEntrant => 'r',
                    UpdateFlag::Updatable => 'u',
                    UpdateFlag::SingleEntry => 's',
                };
                let l = format!(
                    "{} = {{{}}} \\{upd} [{}] ->",
                    self.binder(id),
                    fvs.join(" "),
                    args.join(" ")
                );
                self.line(ind, &l);
                self.expr(ind + 4, body);
            }
            Rhs::Con { con, args } => {
                let l = format!(
                    "{} = {}! {};",
                    self.binder(id),
                    self.con(*con),
                    self.args(args)
                );
                self.line(ind, &l);
            }
        }
    }

    fn op(&self, op: &Op) -> String {
        match op {
            Op::PrimOp(p) => p.clone(),
            Op::PrimCall { label, unit } => format!("__primcall {unit}:{label}"),
            Op::Foreign(fc) => {
                let target = match &fc.target {
                    ForeignTarget::Static {
                        label,
                        is_function: true,
                    } => label.clone(),
                    ForeignTarget::Static {
                        label,
                        is_function: false,
                    } => format!("&{label}"),
                    ForeignTarget::Dynamic => "dynamic".to_string(),
                };
                let kinds: Vec<String> = fc
                    .arg_reps
                    .iter()
                    .zip(&fc.arg_kinds)
                    .map(|(r, k)| match k {
                        ForeignArgKind::Plain => r.to_string(),
                        k => format!("{r}/{k:?}"),
                    })
                    .collect();
                format!(
                    "__ffi {:?} {:?} {target} ({})",
                    fc.conv,
                    fc.safety,
                    kinds.join(",")
                )
            }
        }
    }

    fn expr(&mut self, ind: usize, e: &Expr) {
        match e {
            Expr::App(f, args) => {
                let l = if args.is_empty() {
                    format!("{};", self.id(*f))
                } else {
                    format!("{} {};", self.id(*f), self.args(args))
                };
                self.line(ind, &l);
            }
            Expr::Lit(l) => self.line(ind, &format!("{l};")),
            Expr::ConApp(c, args) => {
                let l = format!("{} {};", self.con(*c), self.args(args));
                self.line(ind, &l);
            }
            Expr::OpApp {
                op,
                args,
                result,
                result_tycon,
            } => {
                let mut l = format!("{} {} :: {}", self.op(op), self.args(args), Reps(result));
                if let Some(tc) = result_tycon {
                    let _ = write!(l, " ({})", self.tycon(tc));
                }
                l.push(';');
                self.line(ind, &l);
            }
            Expr::Case {
                scrut,
                binder,
                alt_type,
                alts,
            } => {
                let simple = matches!(**scrut, Expr::App(..) | Expr::Lit(_) | Expr::OpApp { .. });
                if simple {
                    let mut sub = Printer {
                        m: self.m,
                        out: String::new(),
                    };
                    sub.expr(0, scrut);
                    let s = sub.out.trim_end().trim_end_matches(';').to_string();
                    self.line(ind, &format!("case {s} of"));
                } else {
                    self.line(ind, "case");
                    self.expr(ind + 4, scrut);
                    self.line(ind, "of");
                }
                let at = match alt_type {
                    AltType::Poly => "Poly".to_string(),
                    AltType::MultiVal(n) => format!("MultiVal {n}"),
                    AltType::Alg => "Alg".to_string(),
                    AltType::Prim(r) => format!("Prim {r}"),
                };
                let l = format!("  {} <{at}> {{", self.binder(*binder));
                self.line(ind, &l);
                for alt in alts {
                    let con = match &alt.con {
                        AltCon::Default => "DEFAULT".to_string(),
                        AltCon::Data(c) => self.con(*c),
                        AltCon::Lit(l) => l.to_string(),
                    };
                    let mut l = con;
                    for b in &alt.binders {
                        l.push(' ');
                        l.push_str(&self.binder(*b));
                    }
                    l.push_str(" ->");
                    self.line(ind + 2, &l);
                    self.expr(ind + 6, &alt.rhs);
                }
                self.line(ind, "}");
            }
            Expr::Let(b, body) => {
                self.line(ind, "let {");
                self.binding(ind + 2, b);
                self.line(ind, "} in");
                self.expr(ind, body);
            }
            Expr::LetNoEscape(b, body) => {
                self.line(ind, "let-no-escape {");
                self.binding(ind + 2, b);
                self.line(ind, "} in");
                self.expr(ind, body);
            }
        }
    }
}
