//! Tests of the reader, with a small encoder that exists only here (the real writer is the
//! Haskell shim in `frontend/ahc-ghc/Serialise.hs`).

use std::collections::HashMap;

use super::*;

/// Encodes a [`Module`] the way `ahc-ghc` does.
#[derive(Default)]
struct Enc {
    strings: Vec<String>,
    index: HashMap<String, u64>,
}

fn uleb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

fn sleb(out: &mut Vec<u8>, mut v: i128) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if (v == 0 && b & 0x40 == 0) || (v == -1 && b & 0x40 != 0) {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

impl Enc {
    fn s(&mut self, out: &mut Vec<u8>, s: &str) {
        let i = match self.index.get(s) {
            Some(&i) => i,
            None => {
                let i = self.strings.len() as u64;
                self.strings.push(s.to_string());
                self.index.insert(s.to_string(), i);
                i
            }
        };
        uleb(out, i);
    }

    fn module(m: &Module) -> Vec<u8> {
        let mut e = Enc::default();
        let mut body = Vec::new();
        e.module_name(&mut body, &m.this);
        uleb(&mut body, m.datacons.len() as u64);
        for dc in &m.datacons {
            e.name(&mut body, &dc.name);
            e.name(&mut body, &dc.tycon);
            uleb(&mut body, dc.tag.into());
            uleb(&mut body, dc.family_size.into());
            uleb(&mut body, dc.fields.len() as u64);
            for f in &dc.fields {
                reps(&mut body, f);
            }
            body.push(match dc.sort {
                DataConSort::Boxed => 0,
                DataConSort::UnboxedTuple => 1,
                DataConSort::UnboxedSum => 2,
            });
        }
        uleb(&mut body, m.tycons.len() as u64);
        for tc in &m.tycons {
            e.tycon(&mut body, tc);
        }
        uleb(&mut body, m.ids.len() as u64);
        for id in &m.ids {
            e.name(&mut body, &id.name);
            reps(&mut body, &id.reps);
            uleb(&mut body, id.arity.into());
            match &id.details {
                IdDetails::Vanilla => body.push(0),
                IdDetails::DataConWorker(c) => {
                    body.push(1);
                    uleb(&mut body, c.0.into());
                }
                IdDetails::DataConWrapper(c) => {
                    body.push(2);
                    uleb(&mut body, c.0.into());
                }
                IdDetails::Selector => body.push(3),
                IdDetails::PrimOp(p) => {
                    body.push(4);
                    e.s(&mut body, p);
                }
                IdDetails::Foreign => body.push(5),
            }
            body.push(id.may_have_caf_refs.into());
        }
        uleb(&mut body, m.bindings.len() as u64);
        for b in &m.bindings {
            match b {
                TopBinding::Lifted(b) => {
                    body.push(0);
                    e.binding(&mut body, b);
                }
                TopBinding::StringLit(id, s) => {
                    body.push(1);
                    uleb(&mut body, id.0.into());
                    bytes(&mut body, s);
                }
            }
        }
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        uleb(&mut out, e.strings.len() as u64);
        for s in &e.strings {
            bytes(&mut out, s.as_bytes());
        }
        out.extend_from_slice(&body);
        out
    }

    fn module_name(&mut self, out: &mut Vec<u8>, m: &ModuleName) {
        self.s(out, &m.unit);
        self.s(out, &m.name);
    }

    fn name(&mut self, out: &mut Vec<u8>, n: &Name) {
        self.s(out, &n.occ);
        out.push((n.unique >> 56) as u8);
        uleb(out, n.unique & 0x00ff_ffff_ffff_ffff);
        match &n.module {
            None => out.push(0),
            Some(m) => {
                out.push(1);
                self.module_name(out, m);
            }
        }
    }

    fn tycon(&mut self, out: &mut Vec<u8>, tc: &TyConInfo) {
        self.name(out, &tc.name);
        uleb(out, tc.datacons.len() as u64);
        for c in &tc.datacons {
            uleb(out, c.0.into());
        }
    }

    fn binding(&mut self, out: &mut Vec<u8>, b: &Binding) {
        match b {
            Binding::NonRec(id, rhs) => {
                out.push(0);
                uleb(out, id.0.into());
                self.rhs(out, rhs);
            }
            Binding::Rec(pairs) => {
                out.push(1);
                uleb(out, pairs.len() as u64);
                for (id, rhs) in pairs {
                    uleb(out, id.0.into());
                    self.rhs(out, rhs);
                }
            }
        }
    }

    fn rhs(&mut self, out: &mut Vec<u8>, rhs: &Rhs) {
        match rhs {
            Rhs::Closure {
                free_vars,
                update,
                args,
                body,
            } => {
                out.push(0);
                ids(out, free_vars);
                out.push(match update {
                    UpdateFlag::ReEntrant => 0,
                    UpdateFlag::Updatable => 1,
                    UpdateFlag::SingleEntry => 2,
                });
                ids(out, args);
                self.expr(out, body);
            }
            Rhs::Con { con, args } => {
                out.push(1);
                uleb(out, con.0.into());
                self.args(out, args);
            }
        }
    }

    fn args(&mut self, out: &mut Vec<u8>, args: &[Arg]) {
        uleb(out, args.len() as u64);
        for a in args {
            match a {
                Arg::Var(v) => {
                    out.push(0);
                    uleb(out, v.0.into());
                }
                Arg::Lit(l) => {
                    out.push(1);
                    self.lit(out, l);
                }
            }
        }
    }

    fn lit(&mut self, out: &mut Vec<u8>, l: &Literal) {
        match l {
            Literal::Char(c) => {
                out.push(0);
                uleb(out, (*c).into());
            }
            Literal::Number(t, v) => {
                out.push(1);
                out.push(match t {
                    NumType::Integer => 0,
                    NumType::Natural => 1,
                    NumType::Int => 2,
                    NumType::Int64 => 3,
                    NumType::Word => 4,
                    NumType::Word64 => 5,
                });
                sleb(out, *v);
            }
            Literal::String(s) => {
                out.push(2);
                bytes(out, s);
            }
            Literal::NullAddr => out.push(3),
            Literal::Rubbish(r) => {
                out.push(4);
                reps(out, r);
            }
            Literal::Float(b) => {
                out.push(5);
                out.extend_from_slice(&b.to_le_bytes());
            }
            Literal::Double(b) => {
                out.push(6);
                out.extend_from_slice(&b.to_le_bytes());
            }
            Literal::Label { name, is_function } => {
                out.push(7);
                self.s(out, name);
                out.push((*is_function).into());
            }
        }
    }

    fn expr(&mut self, out: &mut Vec<u8>, e: &Expr) {
        match e {
            Expr::App(f, args) => {
                out.push(0);
                uleb(out, f.0.into());
                self.args(out, args);
            }
            Expr::Lit(l) => {
                out.push(1);
                self.lit(out, l);
            }
            Expr::ConApp(c, args) => {
                out.push(2);
                uleb(out, c.0.into());
                self.args(out, args);
            }
            Expr::OpApp {
                op,
                args,
                result,
                result_tycon,
            } => {
                out.push(3);
                self.op(out, op);
                self.args(out, args);
                reps(out, result);
                match result_tycon {
                    None => out.push(0),
                    Some(tc) => {
                        out.push(1);
                        self.tycon(out, tc);
                    }
                }
            }
            Expr::Case {
                scrut,
                binder,
                alt_type,
                alts,
            } => {
                out.push(4);
                self.expr(out, scrut);
                uleb(out, binder.0.into());
                match alt_type {
                    AltType::Poly => out.push(0),
                    AltType::MultiVal(n) => {
                        out.push(1);
                        uleb(out, (*n).into());
                    }
                    AltType::Alg => out.push(2),
                    AltType::Prim(r) => {
                        out.push(3);
                        rep(out, *r);
                    }
                }
                uleb(out, alts.len() as u64);
                for alt in alts {
                    match &alt.con {
                        AltCon::Default => out.push(0),
                        AltCon::Data(c) => {
                            out.push(1);
                            uleb(out, c.0.into());
                        }
                        AltCon::Lit(l) => {
                            out.push(2);
                            self.lit(out, l);
                        }
                    }
                    ids(out, &alt.binders);
                    self.expr(out, &alt.rhs);
                }
            }
            Expr::Let(b, body) => {
                out.push(5);
                self.binding(out, b);
                self.expr(out, body);
            }
            Expr::LetNoEscape(b, body) => {
                out.push(6);
                self.binding(out, b);
                self.expr(out, body);
            }
        }
    }

    fn op(&mut self, out: &mut Vec<u8>, op: &Op) {
        match op {
            Op::PrimOp(p) => {
                out.push(0);
                self.s(out, p);
            }
            Op::PrimCall { label, unit } => {
                out.push(1);
                self.s(out, label);
                self.s(out, unit);
            }
            Op::Foreign(fc) => {
                out.push(2);
                match &fc.target {
                    ForeignTarget::Static { label, is_function } => {
                        out.push(0);
                        self.s(out, label);
                        out.push((*is_function).into());
                    }
                    ForeignTarget::Dynamic => out.push(1),
                }
                out.push(match fc.conv {
                    CallConv::CCall => 0,
                    CallConv::CApi => 1,
                    CallConv::StdCall => 2,
                    CallConv::Prim => 3,
                    CallConv::JavaScript => 4,
                });
                out.push(match fc.safety {
                    Safety::Unsafe => 0,
                    Safety::Safe => 1,
                    Safety::Interruptible => 2,
                });
                reps(out, &fc.arg_reps);
                uleb(out, fc.arg_kinds.len() as u64);
                for k in &fc.arg_kinds {
                    out.push(match k {
                        ForeignArgKind::Plain => 0,
                        ForeignArgKind::Array => 1,
                        ForeignArgKind::SmallArray => 2,
                        ForeignArgKind::ByteArray => 3,
                    });
                }
            }
        }
    }
}

fn bytes(out: &mut Vec<u8>, b: &[u8]) {
    uleb(out, b.len() as u64);
    out.extend_from_slice(b);
}

fn ids(out: &mut Vec<u8>, v: &[IdRef]) {
    uleb(out, v.len() as u64);
    for i in v {
        uleb(out, i.0.into());
    }
}

fn rep(out: &mut Vec<u8>, r: PrimRep) {
    let tag = match r {
        PrimRep::Void => 0,
        PrimRep::Lifted => 1,
        PrimRep::Unlifted => 2,
        PrimRep::Int8 => 3,
        PrimRep::Int16 => 4,
        PrimRep::Int32 => 5,
        PrimRep::Int64 => 6,
        PrimRep::Int => 7,
        PrimRep::Word8 => 8,
        PrimRep::Word16 => 9,
        PrimRep::Word32 => 10,
        PrimRep::Word64 => 11,
        PrimRep::Word => 12,
        PrimRep::Addr => 13,
        PrimRep::Float => 14,
        PrimRep::Double => 15,
        PrimRep::Vec(n, e) => {
            out.push(16);
            uleb(out, n.into());
            out.push(match e {
                VecElem::Int8 => 0,
                VecElem::Int16 => 1,
                VecElem::Int32 => 2,
                VecElem::Int64 => 3,
                VecElem::Word8 => 4,
                VecElem::Word16 => 5,
                VecElem::Word32 => 6,
                VecElem::Word64 => 7,
                VecElem::Float => 8,
                VecElem::Double => 9,
            });
            return;
        }
    };
    out.push(tag);
}

fn reps(out: &mut Vec<u8>, r: &[PrimRep]) {
    uleb(out, r.len() as u64);
    for x in r {
        rep(out, *x);
    }
}

// --- a sample module ------------------------------------------------------------------------

fn mname(unit: &str, name: &str) -> ModuleName {
    ModuleName {
        unit: unit.into(),
        name: name.into(),
    }
}

fn ext(occ: &str, unique: u64, m: &ModuleName) -> Name {
    Name {
        occ: occ.into(),
        unique,
        module: Some(m.clone()),
    }
}

fn local(occ: &str, unique: u64) -> Name {
    Name {
        occ: occ.into(),
        unique,
        module: None,
    }
}

fn id(name: Name, reps: Vec<PrimRep>, arity: u32, details: IdDetails) -> IdInfo {
    IdInfo {
        name,
        reps,
        arity,
        details,
        may_have_caf_refs: true,
    }
}

/// Roughly the fib program: every constructor of the format appears at least once.
fn sample() -> Module {
    let main = mname("main", "Main");
    let types = mname("ghc-prim", "GHC.Types");
    let prim = mname("ghc-prim", "GHC.Prim");
    let int_tc = ext("Int", 1, &types);
    let bool_tc = ext("Bool", 2, &types);
    let datacons = vec![
        DataConInfo {
            name: ext("I#", 10, &types),
            tycon: int_tc.clone(),
            tag: 1,
            family_size: 1,
            fields: vec![vec![PrimRep::Int]],
            sort: DataConSort::Boxed,
        },
        DataConInfo {
            name: ext("False", 11, &types),
            tycon: bool_tc.clone(),
            tag: 1,
            family_size: 2,
            fields: vec![],
            sort: DataConSort::Boxed,
        },
        DataConInfo {
            name: ext("True", 12, &types),
            tycon: bool_tc.clone(),
            tag: 2,
            family_size: 2,
            fields: vec![],
            sort: DataConSort::Boxed,
        },
        DataConInfo {
            name: ext("(#,#)", 13, &prim),
            tycon: ext("(#,#)", 14, &prim),
            tag: 1,
            family_size: 1,
            fields: vec![],
            sort: DataConSort::UnboxedTuple,
        },
        DataConInfo {
            name: ext("T", 15, &main),
            tycon: ext("T", 16, &main),
            tag: 1,
            family_size: 1,
            fields: vec![
                vec![],
                vec![PrimRep::Vec(4, VecElem::Float), PrimRep::Word8],
            ],
            sort: DataConSort::Boxed,
        },
    ];
    let bool_info = TyConInfo {
        name: bool_tc,
        datacons: vec![DataConRef(1), DataConRef(2)],
    };
    let tycons = vec![TyConInfo {
        name: ext("T", 16, &main),
        datacons: vec![DataConRef(4)],
    }];
    let ids = vec![
        /* 0 */
        id(
            ext("plus", 100, &main),
            vec![PrimRep::Lifted],
            2,
            IdDetails::Vanilla,
        ),
        /* 1 */
        id(
            local("a", 101),
            vec![PrimRep::Lifted],
            0,
            IdDetails::Vanilla,
        ),
        /* 2 */
        id(
            local("b", 102),
            vec![PrimRep::Lifted],
            0,
            IdDetails::Vanilla,
        ),
        /* 3 */ id(local("x", 103), vec![PrimRep::Int], 0, IdDetails::Vanilla),
        /* 4 */ id(local("y", 104), vec![PrimRep::Int], 0, IdDetails::Vanilla),
        /* 5 */
        id(
            local("wild", 105),
            vec![PrimRep::Lifted],
            0,
            IdDetails::Vanilla,
        ),
        /* 6 */
        id(
            local("wild", 105),
            vec![PrimRep::Lifted],
            0,
            IdDetails::Vanilla,
        ),
        /* 7 */ id(local("s", 106), vec![PrimRep::Int], 0, IdDetails::Vanilla),
        /* 8 */ id(ext("void#", 107, &prim), vec![], 0, IdDetails::Vanilla),
        /* 9 */
        id(
            ext("I#", 108, &types),
            vec![PrimRep::Lifted],
            1,
            IdDetails::DataConWorker(DataConRef(0)),
        ),
        /* 10 */
        id(
            ext("str", 109, &main),
            vec![PrimRep::Addr],
            0,
            IdDetails::Vanilla,
        ),
        /* 11 */
        id(
            ext("lvl", 110, &main),
            vec![PrimRep::Lifted],
            0,
            IdDetails::Vanilla,
        ),
        /* 12 */
        id(
            local("j", 111),
            vec![PrimRep::Lifted],
            1,
            IdDetails::Vanilla,
        ),
        /* 13 */
        id(
            local("t", 112),
            vec![PrimRep::Int, PrimRep::Lifted],
            0,
            IdDetails::Vanilla,
        ),
        /* 14 */ id(local("p", 113), vec![PrimRep::Int], 0, IdDetails::Vanilla),
        /* 15 */
        id(
            ext("raise#", 114, &prim),
            vec![PrimRep::Lifted],
            1,
            IdDetails::PrimOp("raise#".into()),
        ),
        /* 16 */
        id(
            local("q", 115),
            vec![PrimRep::Lifted],
            0,
            IdDetails::Vanilla,
        ),
        /* 17 */
        id(
            ext("sel", 116, &main),
            vec![PrimRep::Lifted],
            1,
            IdDetails::Selector,
        ),
        /* 18 */
        id(
            ext("$WT", 117, &main),
            vec![PrimRep::Lifted],
            1,
            IdDetails::DataConWrapper(DataConRef(4)),
        ),
        /* 19 */
        id(
            ext("fc", 118, &main),
            vec![PrimRep::Lifted],
            1,
            IdDetails::Foreign,
        ),
        /* 20 */
        id(
            local("k", 119),
            vec![PrimRep::Lifted],
            0,
            IdDetails::Vanilla,
        ),
    ];
    let plus_body = Expr::Case {
        scrut: Box::new(Expr::App(IdRef(1), vec![])),
        binder: IdRef(5),
        alt_type: AltType::Alg,
        alts: vec![Alt {
            con: AltCon::Data(DataConRef(0)),
            binders: vec![IdRef(3)],
            rhs: Expr::Case {
                scrut: Box::new(Expr::App(IdRef(2), vec![])),
                binder: IdRef(6),
                alt_type: AltType::Alg,
                alts: vec![Alt {
                    con: AltCon::Data(DataConRef(0)),
                    binders: vec![IdRef(4)],
                    rhs: Expr::Case {
                        scrut: Box::new(Expr::OpApp {
                            op: Op::PrimOp("+#".into()),
                            args: vec![Arg::Var(IdRef(3)), Arg::Var(IdRef(4))],
                            result: vec![PrimRep::Int],
                            result_tycon: None,
                        }),
                        binder: IdRef(7),
                        alt_type: AltType::Prim(PrimRep::Int),
                        alts: vec![
                            Alt {
                                con: AltCon::Default,
                                binders: vec![],
                                rhs: Expr::ConApp(DataConRef(0), vec![Arg::Var(IdRef(7))]),
                            },
                            Alt {
                                con: AltCon::Lit(Literal::Number(NumType::Int, -1)),
                                binders: vec![],
                                rhs: Expr::Lit(Literal::Char(0x1F600)),
                            },
                        ],
                    },
                }],
            },
        }],
    };
    let lvl_body = Expr::LetNoEscape(
        Box::new(Binding::NonRec(
            IdRef(12),
            Rhs::Closure {
                free_vars: vec![IdRef(9)],
                update: UpdateFlag::ReEntrant,
                args: vec![IdRef(14)],
                body: Expr::OpApp {
                    op: Op::PrimOp("tagToEnum#".into()),
                    args: vec![Arg::Var(IdRef(14))],
                    result: vec![PrimRep::Lifted],
                    result_tycon: Some(Box::new(bool_info)),
                },
            },
        )),
        Box::new(Expr::Let(
            Box::new(Binding::Rec(vec![
                (
                    IdRef(16),
                    Rhs::Con {
                        con: DataConRef(4),
                        args: vec![
                            Arg::Var(IdRef(8)),
                            Arg::Lit(Literal::Float(1.5f32.to_bits())),
                        ],
                    },
                ),
                (
                    IdRef(20),
                    Rhs::Closure {
                        free_vars: vec![IdRef(16)],
                        update: UpdateFlag::Updatable,
                        args: vec![],
                        body: Expr::Case {
                            scrut: Box::new(Expr::OpApp {
                                op: Op::Foreign(ForeignCall {
                                    target: ForeignTarget::Static {
                                        label: "print_int".into(),
                                        is_function: true,
                                    },
                                    conv: CallConv::CCall,
                                    safety: Safety::Unsafe,
                                    arg_reps: vec![PrimRep::Addr, PrimRep::Unlifted, PrimRep::Void],
                                    arg_kinds: vec![
                                        ForeignArgKind::Plain,
                                        ForeignArgKind::ByteArray,
                                        ForeignArgKind::Plain,
                                    ],
                                }),
                                args: vec![
                                    Arg::Lit(Literal::String(b"hi\0\xff".to_vec())),
                                    Arg::Lit(Literal::Label {
                                        name: "x".into(),
                                        is_function: false,
                                    }),
                                    Arg::Var(IdRef(8)),
                                ],
                                result: vec![PrimRep::Int],
                                result_tycon: None,
                            }),
                            binder: IdRef(13),
                            alt_type: AltType::MultiVal(1),
                            alts: vec![Alt {
                                con: AltCon::Data(DataConRef(3)),
                                binders: vec![],
                                rhs: Expr::OpApp {
                                    op: Op::PrimCall {
                                        label: "stg_f".into(),
                                        unit: "base".into(),
                                    },
                                    args: vec![
                                        Arg::Lit(Literal::Double((-0.25f64).to_bits())),
                                        Arg::Lit(Literal::NullAddr),
                                        Arg::Lit(Literal::Rubbish(vec![PrimRep::Unlifted])),
                                        Arg::Lit(Literal::Number(NumType::Word, u64::MAX.into())),
                                        Arg::Lit(Literal::Number(NumType::Integer, i128::MIN)),
                                        Arg::Lit(Literal::Number(NumType::Natural, i128::MAX)),
                                        Arg::Lit(Literal::Number(NumType::Int64, i64::MIN.into())),
                                        Arg::Lit(Literal::Number(NumType::Word64, 0)),
                                    ],
                                    result: vec![],
                                    result_tycon: None,
                                },
                            }],
                        },
                    },
                ),
            ])),
            Box::new(Expr::App(
                IdRef(12),
                vec![Arg::Lit(Literal::Number(NumType::Int, 1))],
            )),
        )),
    );
    let bindings = vec![
        TopBinding::Lifted(Binding::NonRec(
            IdRef(0),
            Rhs::Closure {
                free_vars: vec![],
                update: UpdateFlag::ReEntrant,
                args: vec![IdRef(1), IdRef(2)],
                body: plus_body,
            },
        )),
        TopBinding::StringLit(IdRef(10), b"hello\n".to_vec()),
        TopBinding::Lifted(Binding::Rec(vec![(
            IdRef(11),
            Rhs::Closure {
                free_vars: vec![],
                update: UpdateFlag::SingleEntry,
                args: vec![],
                body: lvl_body,
            },
        )])),
    ];
    Module {
        this: main,
        ids,
        datacons,
        tycons,
        bindings,
    }
}

#[test]
fn round_trip() {
    let m = sample();
    let bytes = Enc::module(&m);
    assert_eq!(read_module(&bytes), Ok(m));
}

#[test]
fn pretty_prints() {
    let text = sample().to_string();
    assert!(text.starts_with("module main:Main\n"), "{text}");
    assert!(text.contains("Main.plus = {} \\r [a_1 b_2] ->"), "{text}");
    assert!(text.contains("+# [x_3 y_4] :: {Int}"), "{text}");
    assert!(text.contains("tagToEnum# [p_14] :: {Lifted} (data GHC.Types.Bool = GHC.Types.False | GHC.Types.True)"), "{text}");
    assert!(
        text.contains("__ffi CCall Unsafe print_int (Addr,Unlifted/ByteArray,Void)"),
        "{text}"
    );
    assert!(text.contains("-1# ->"), "{text}");
    assert!(text.contains("'😀'#;"), "{text}");
    assert!(text.contains("1.5#"), "{text}");
    assert!(text.contains("Main.str{Addr} = \"hello\\n\"#;"), "{text}");
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = Enc::module(&sample());
    for n in 0..bytes.len() {
        let err = read_here(&bytes[..n]).expect_err("truncated input must not parse");
        assert!(
            err.offset <= n,
            "offset {} beyond input of {n} bytes",
            err.offset
        );
    }
}

#[test]
fn trailing_bytes_are_an_error() {
    let mut bytes = Enc::module(&sample());
    let n = bytes.len();
    bytes.push(0);
    assert_eq!(
        read_module(&bytes),
        Err(ReadError {
            offset: n,
            kind: ReadErrorKind::TrailingBytes
        })
    );
}

#[test]
fn header_is_checked() {
    let mut bytes = Enc::module(&sample());
    bytes[8] = 99;
    assert_eq!(
        read_module(&bytes),
        Err(ReadError {
            offset: 8,
            kind: ReadErrorKind::UnsupportedVersion(99)
        })
    );
    bytes[0] = b'X';
    assert_eq!(
        read_module(&bytes).unwrap_err().kind,
        ReadErrorKind::BadMagic
    );
}

/// A minimal module around one top-level binding's bytes, for hand-made corrupt inputs.
fn with_binding(n_ids: usize, binding: &[u8]) -> Vec<u8> {
    let m = Module {
        this: mname("main", "M"),
        ids: (0..n_ids)
            .map(|i| {
                id(
                    local("v", i as u64),
                    vec![PrimRep::Lifted],
                    0,
                    IdDetails::Vanilla,
                )
            })
            .collect(),
        datacons: vec![],
        tycons: vec![],
        bindings: vec![],
    };
    let mut bytes = Enc::module(&m);
    *bytes.last_mut().unwrap() = 1; // one binding
    bytes.extend_from_slice(binding);
    bytes
}

#[test]
fn indices_are_checked() {
    // NonRec v0 = \r [] -> v5   (only 2 Ids)
    let bytes = with_binding(2, &[0, 0, 0, 0, 0, 0, 0, 0, 5, 0]);
    let err = read_module(&bytes).unwrap_err();
    assert_eq!(
        err.kind,
        ReadErrorKind::BadIndex {
            what: "Id",
            index: 5,
            len: 2
        }
    );
    assert_eq!(err.offset, bytes.len() - 2);
    // ConApp of data constructor 0 when there are none.
    let bytes = with_binding(2, &[0, 0, 0, 0, 0, 0, 0, 2, 0, 0]);
    let err = read_module(&bytes).unwrap_err();
    assert_eq!(
        err.kind,
        ReadErrorKind::BadIndex {
            what: "data constructor",
            index: 0,
            len: 0
        }
    );
}

#[test]
fn double_binding_is_an_error() {
    // NonRec v0 = \r [v0] -> v0
    let bytes = with_binding(1, &[0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    assert_eq!(
        read_module(&bytes).unwrap_err().kind,
        ReadErrorKind::BoundTwice { id: 0 }
    );
}

#[test]
fn literal_ranges_are_checked() {
    // NonRec v0 = \r [] -> LIT; returns LIT as read.
    let lit = |ty: u8, v: i128| -> Result<Literal, ReadError> {
        let mut b = vec![0, 0, 0, 0, 0, 0, 0, 1, 1, ty];
        sleb(&mut b, v);
        let m = read_module(&with_binding(1, &b))?;
        match &m.bindings[0] {
            TopBinding::Lifted(Binding::NonRec(
                _,
                Rhs::Closure {
                    body: Expr::Lit(l), ..
                },
            )) => Ok(l.clone()),
            other => panic!("{other:?}"),
        }
    };
    // Fixed-width types wrap: 2^64 + 5 :: Word# is 5, 2^63 :: Int# is -2^63.
    assert_eq!(lit(4, (1 << 64) + 5), Ok(Literal::Number(NumType::Word, 5)));
    assert_eq!(
        lit(5, -1),
        Ok(Literal::Number(NumType::Word64, u64::MAX.into()))
    );
    assert_eq!(
        lit(2, 1 << 63),
        Ok(Literal::Number(NumType::Int, i64::MIN.into()))
    );
    assert_eq!(lit(3, -5), Ok(Literal::Number(NumType::Int64, -5)));
    // Negative Natural.
    let mut b = vec![0, 0, 0, 0, 0, 0, 0, 1, 1, 1];
    sleb(&mut b, -1);
    assert_eq!(
        read_module(&with_binding(1, &b)).unwrap_err().kind,
        ReadErrorKind::LiteralOutOfRange
    );
    // More than 128 bits.
    let mut b = vec![0, 0, 0, 0, 0, 0, 0, 1, 1, 0];
    b.extend_from_slice(&[0xff; 19]);
    b.push(0x01);
    assert_eq!(
        read_module(&with_binding(1, &b)).unwrap_err().kind,
        ReadErrorKind::NumberTooLarge
    );
}

#[test]
fn uniques_are_checked() {
    let mut m = sample();
    m.ids[3].name.unique = u64::MAX;
    let bytes = Enc::module(&m);
    assert_eq!(read_module(&bytes), Ok(m));
    // A low part of 2^56 does not fit.
    let mut r = Reader {
        buf: &[],
        pos: 0,
        strings: vec!["x".into()],
        n_datacons: 0,
        n_ids: 0,
        bound: vec![],
        depth: 0,
    };
    let mut b = vec![0, 0x73];
    uleb(&mut b, 1 << 56);
    b.push(0);
    r.buf = &b;
    assert_eq!(
        r.name().unwrap_err(),
        ReadError {
            offset: 2,
            kind: ReadErrorKind::NumberTooLarge
        }
    );
}

#[test]
fn sleb_extremes() {
    for v in [
        0i128,
        1,
        -1,
        63,
        64,
        -64,
        -65,
        i64::MIN.into(),
        u64::MAX.into(),
        i128::MIN,
        i128::MAX,
    ] {
        let mut b = vec![];
        sleb(&mut b, v);
        let mut r = Reader {
            buf: &b,
            pos: 0,
            strings: vec![],
            n_datacons: 0,
            n_ids: 0,
            bound: vec![],
            depth: 0,
        };
        assert_eq!(r.i128(), Ok(v), "{v}");
        assert_eq!(r.pos, b.len());
    }
}

#[test]
fn deep_nesting_is_rejected_not_overflowed() {
    // NonRec v0 = \r [] -> let-no-escape { NonRec v0 = ... } nested far too deep.
    let levels = MAX_DEPTH + 10;
    let mut b = vec![0, 0, 0, 0, 0, 0, 0];
    for i in 1..=levels {
        b.extend_from_slice(&[6, 0]);
        uleb(&mut b, i as u64);
        b.extend_from_slice(&[0, 0, 0, 0]);
    }
    let err = read_module(&with_binding(levels + 1, &b)).unwrap_err();
    assert_eq!(err.kind, ReadErrorKind::TooDeep);
}

#[test]
fn max_depth_reads_prints_and_drops() {
    // A chain of cases MAX_DEPTH - 2 deep reads and prints fine, and drops fine on a test thread.
    let depth = MAX_DEPTH - 2;
    let n = depth + 1;
    let mut b = vec![0, 0, 0, 0, 0, 0, 0];
    for i in 0..depth {
        b.push(4);
        b.extend_from_slice(&[0, 0, 0]); // scrutinee: v0 []
        uleb(&mut b, (i + 1) as u64); // binder
        b.extend_from_slice(&[0, 1, 0, 0]); // Poly, one DEFAULT alt, no binders
    }
    b.extend_from_slice(&[0, 0, 0]);
    let m = read_module(&with_binding(n, &b)).expect("deep but legal");
    assert!(m.to_string().len() > depth);
}

#[test]
fn corrupted_inputs_never_panic() {
    let good = Enc::module(&sample());
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let mut bytes = good.clone();
        let flips = 1 + next() % 4;
        for _ in 0..flips {
            let i = (next() % bytes.len() as u64) as usize;
            bytes[i] = next() as u8;
        }
        // The reader proper, without the thread `read_module` adds (faster).
        let _ = read_here(&bytes);
    }
}
