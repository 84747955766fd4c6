//! Reader of the binary STG format (`docs/stg-format.md`).
//!
//! The reader is total: any input yields either a [`Module`] whose every index is in bounds and
//! whose invariants (see the crate documentation) hold, or a [`ReadError`] with the byte offset
//! where the problem was noticed. It never panics and never recurses deeper than [`MAX_DEPTH`]; it
//! runs on a thread of its own with a stack large enough for that depth.

use std::fmt;

use crate::*;

/// The first eight bytes of every `.stg` file.
pub const MAGIC: &[u8; 8] = b"AHCSTG\0\0";

/// The format version this reader understands (`formatVersion` in `frontend/ahc-ghc`).
pub const FORMAT_VERSION: u32 = 2;

/// Maximum nesting of expressions, bindings and alternatives. Deeper input is rejected rather
/// than risking a stack overflow here or in consumers that recurse over the tree.
pub const MAX_DEPTH: usize = 4096;

/// Why a `.stg` file could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError {
    /// Byte offset in the input where the problem was detected.
    pub offset: usize,
    pub kind: ReadErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadErrorKind {
    /// The input does not start with [`MAGIC`].
    BadMagic,
    /// The format version is not [`FORMAT_VERSION`].
    UnsupportedVersion(u32),
    /// The input ends in the middle of something.
    UnexpectedEof,
    /// A LEB128 number does not fit the field it encodes.
    NumberTooLarge,
    /// A tag byte has no meaning for the thing being read.
    BadTag { what: &'static str, tag: u8 },
    /// An index into a table is out of bounds.
    BadIndex {
        what: &'static str,
        index: u64,
        len: usize,
    },
    /// A string-table entry is not UTF-8.
    InvalidUtf8,
    /// Nesting deeper than [`MAX_DEPTH`].
    TooDeep,
    /// An Id is bound at two binding sites.
    BoundTwice { id: u32 },
    /// A numeric literal is out of range for its type.
    LiteralOutOfRange,
    /// A foreign call's `arg_kinds` and `arg_reps` differ in length.
    ForeignArgsMismatch,
    /// Bytes follow the last top-level binding.
    TrailingBytes,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "malformed STG at byte {}: ", self.offset)?;
        match &self.kind {
            ReadErrorKind::BadMagic => write!(f, "not an ahc STG file (bad magic)"),
            ReadErrorKind::UnsupportedVersion(v) => {
                write!(
                    f,
                    "format version {v}, this reader understands {FORMAT_VERSION}"
                )
            }
            ReadErrorKind::UnexpectedEof => write!(f, "unexpected end of input"),
            ReadErrorKind::NumberTooLarge => write!(f, "number too large"),
            ReadErrorKind::BadTag { what, tag } => write!(f, "invalid tag {tag} for {what}"),
            ReadErrorKind::BadIndex { what, index, len } => {
                write!(f, "{what} index {index} out of bounds (table has {len})")
            }
            ReadErrorKind::InvalidUtf8 => write!(f, "string is not UTF-8"),
            ReadErrorKind::TooDeep => write!(f, "nesting deeper than {MAX_DEPTH}"),
            ReadErrorKind::BoundTwice { id } => write!(f, "Id {id} is bound twice"),
            ReadErrorKind::LiteralOutOfRange => write!(f, "literal out of range for its type"),
            ReadErrorKind::ForeignArgsMismatch => {
                write!(
                    f,
                    "foreign call has different numbers of argument reps and kinds"
                )
            }
            ReadErrorKind::TrailingBytes => write!(f, "trailing bytes after the module"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Stack reserved for reading (and printing) trees up to [`MAX_DEPTH`] deep, with room to spare
/// for unoptimised builds (about 9 KiB per level there). Only the touched part is ever committed.
const BIG_STACK: usize = 128 << 20;

/// Run `f` on a thread with [`BIG_STACK`] of stack (or here, if no thread can be made).
pub(crate) fn with_big_stack<T: Send>(f: impl Fn() -> T + Sync) -> T {
    std::thread::scope(|s| {
        let thread = std::thread::Builder::new()
            .name("ahc-stg".into())
            .stack_size(BIG_STACK);
        match thread.spawn_scoped(s, &f) {
            Ok(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)),
            Err(_) => f(),
        }
    })
}

/// Read one module from the bytes of a `.stg` file.
pub fn read_module(bytes: &[u8]) -> Result<Module, ReadError> {
    with_big_stack(|| read_here(bytes))
}

fn read_here(bytes: &[u8]) -> Result<Module, ReadError> {
    let mut r = Reader {
        buf: bytes,
        pos: 0,
        strings: Vec::new(),
        n_datacons: 0,
        n_ids: 0,
        bound: Vec::new(),
        depth: 0,
    };
    r.module()
}

struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
    strings: Vec<String>,
    n_datacons: usize,
    n_ids: usize,
    /// `bound[i]`: Id `i` has been seen at a binding site.
    bound: Vec<bool>,
    depth: usize,
}

type R<T> = Result<T, ReadError>;

impl<'a> Reader<'a> {
    fn err<T>(&self, offset: usize, kind: ReadErrorKind) -> R<T> {
        Err(ReadError { offset, kind })
    }

    fn byte(&mut self) -> R<u8> {
        match self.buf.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => self.err(self.pos, ReadErrorKind::UnexpectedEof),
        }
    }

    fn take(&mut self, n: usize) -> R<&'a [u8]> {
        let buf: &'a [u8] = self.buf;
        match self
            .pos
            .checked_add(n)
            .and_then(|end| buf.get(self.pos..end))
        {
            Some(s) => {
                self.pos += n;
                Ok(s)
            }
            None => self.err(buf.len(), ReadErrorKind::UnexpectedEof),
        }
    }

    /// Unsigned LEB128, at most 64 bits.
    fn u64(&mut self) -> R<u64> {
        let start = self.pos;
        let mut value: u64 = 0;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 || shift > 63 {
                return self.err(start, ReadErrorKind::NumberTooLarge);
            }
            value |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
            shift += 7;
        }
    }

    fn u32(&mut self) -> R<u32> {
        let start = self.pos;
        let v = self.u64()?;
        u32::try_from(v).or_else(|_| self.err(start, ReadErrorKind::NumberTooLarge))
    }

    /// A count of items that each take at least one byte: bounded by the remaining input, so a
    /// corrupt count cannot make us allocate much.
    fn count(&mut self) -> R<usize> {
        let start = self.pos;
        let v = self.u64()?;
        match usize::try_from(v) {
            Ok(n) if n <= self.buf.len() - self.pos => Ok(n),
            _ => self.err(start, ReadErrorKind::UnexpectedEof),
        }
    }

    /// Signed LEB128, at most 128 bits.
    fn i128(&mut self) -> R<i128> {
        let start = self.pos;
        let mut value: i128 = 0;
        let mut shift = 0u32;
        loop {
            let b = self.byte()?;
            let bits = i128::from(b & 0x7f);
            if shift >= 128 {
                return self.err(start, ReadErrorKind::NumberTooLarge);
            }
            if shift == 126 {
                // Only the sign may remain: bits 0x00/0x7f of which the top 6 equal the sign.
                let top = bits >> 1;
                if b & 0x80 != 0 || (top != 0 && top != 0x3f) {
                    return self.err(start, ReadErrorKind::NumberTooLarge);
                }
            }
            value |= bits << shift;
            shift += 7;
            if b & 0x80 == 0 {
                if shift < 128 && b & 0x40 != 0 {
                    value |= -1i128 << shift;
                }
                return Ok(value);
            }
        }
    }

    fn bool(&mut self) -> R<bool> {
        let at = self.pos;
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            tag => self.err(
                at,
                ReadErrorKind::BadTag {
                    what: "boolean",
                    tag,
                },
            ),
        }
    }

    fn bytes(&mut self) -> R<Vec<u8>> {
        let n = self.count()?;
        Ok(self.take(n)?.to_vec())
    }

    fn string(&mut self) -> R<String> {
        let at = self.pos;
        let i = self.u64()?;
        match usize::try_from(i).ok().and_then(|i| self.strings.get(i)) {
            Some(s) => Ok(s.clone()),
            None => self.err(
                at,
                ReadErrorKind::BadIndex {
                    what: "string",
                    index: i,
                    len: self.strings.len(),
                },
            ),
        }
    }

    fn vec<T>(&mut self, mut item: impl FnMut(&mut Self) -> R<T>) -> R<Vec<T>> {
        let n = self.count()?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(item(self)?);
        }
        Ok(v)
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.err(self.pos, ReadErrorKind::TooDeep);
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    // --- references ------------------------------------------------------------------------

    fn id_ref(&mut self) -> R<IdRef> {
        let at = self.pos;
        let i = self.u64()?;
        if i < self.n_ids as u64 {
            Ok(IdRef(i as u32))
        } else {
            self.err(
                at,
                ReadErrorKind::BadIndex {
                    what: "Id",
                    index: i,
                    len: self.n_ids,
                },
            )
        }
    }

    /// An Id at a binding site.
    fn binder(&mut self) -> R<IdRef> {
        let at = self.pos;
        let id = self.id_ref()?;
        let seen = &mut self.bound[id.0 as usize];
        if *seen {
            return self.err(at, ReadErrorKind::BoundTwice { id: id.0 });
        }
        *seen = true;
        Ok(id)
    }

    fn datacon_ref(&mut self) -> R<DataConRef> {
        let at = self.pos;
        let i = self.u64()?;
        if i < self.n_datacons as u64 {
            Ok(DataConRef(i as u32))
        } else {
            self.err(
                at,
                ReadErrorKind::BadIndex {
                    what: "data constructor",
                    index: i,
                    len: self.n_datacons,
                },
            )
        }
    }

    // --- module ----------------------------------------------------------------------------

    fn module(&mut self) -> R<Module> {
        if self.buf.len() < MAGIC.len() || &self.buf[..MAGIC.len()] != MAGIC {
            return self.err(0, ReadErrorKind::BadMagic);
        }
        self.pos = MAGIC.len();
        let version_at = self.pos;
        let v = self.take(4)?;
        let version = u32::from_le_bytes([v[0], v[1], v[2], v[3]]);
        if version != FORMAT_VERSION {
            return self.err(version_at, ReadErrorKind::UnsupportedVersion(version));
        }
        self.strings = self.vec(|r| {
            let at = r.pos;
            let b = r.bytes()?;
            String::from_utf8(b).or_else(|_| r.err(at, ReadErrorKind::InvalidUtf8))
        })?;
        let this = self.module_name()?;
        let datacons = self.vec(Self::datacon_info)?;
        self.n_datacons = datacons.len();
        let tycons = self.vec(Self::tycon_info)?;
        let ids = self.vec(Self::id_info)?;
        self.n_ids = ids.len();
        self.bound = vec![false; ids.len()];
        let bindings = self.vec(Self::top_binding)?;
        if self.pos != self.buf.len() {
            return self.err(self.pos, ReadErrorKind::TrailingBytes);
        }
        Ok(Module {
            this,
            ids,
            datacons,
            tycons,
            bindings,
        })
    }

    fn module_name(&mut self) -> R<ModuleName> {
        Ok(ModuleName {
            unit: self.string()?,
            name: self.string()?,
        })
    }

    fn name(&mut self) -> R<Name> {
        let occ = self.string()?;
        let tag = self.byte()?;
        let at = self.pos;
        let low = self.u64()?;
        if low >> 56 != 0 {
            return self.err(at, ReadErrorKind::NumberTooLarge);
        }
        let unique = u64::from(tag) << 56 | low;
        let at = self.pos;
        let module = match self.byte()? {
            0 => None,
            1 => Some(self.module_name()?),
            tag => {
                return self.err(
                    at,
                    ReadErrorKind::BadTag {
                        what: "name module",
                        tag,
                    },
                )
            }
        };
        Ok(Name {
            occ,
            unique,
            module,
        })
    }

    fn prim_rep(&mut self) -> R<PrimRep> {
        let at = self.pos;
        Ok(match self.byte()? {
            0 => PrimRep::Void,
            1 => PrimRep::Lifted,
            2 => PrimRep::Unlifted,
            3 => PrimRep::Int8,
            4 => PrimRep::Int16,
            5 => PrimRep::Int32,
            6 => PrimRep::Int64,
            7 => PrimRep::Int,
            8 => PrimRep::Word8,
            9 => PrimRep::Word16,
            10 => PrimRep::Word32,
            11 => PrimRep::Word64,
            12 => PrimRep::Word,
            13 => PrimRep::Addr,
            14 => PrimRep::Float,
            15 => PrimRep::Double,
            16 => {
                let n = self.u32()?;
                let at = self.pos;
                let e = match self.byte()? {
                    0 => VecElem::Int8,
                    1 => VecElem::Int16,
                    2 => VecElem::Int32,
                    3 => VecElem::Int64,
                    4 => VecElem::Word8,
                    5 => VecElem::Word16,
                    6 => VecElem::Word32,
                    7 => VecElem::Word64,
                    8 => VecElem::Float,
                    9 => VecElem::Double,
                    tag => {
                        return self.err(
                            at,
                            ReadErrorKind::BadTag {
                                what: "vector element",
                                tag,
                            },
                        )
                    }
                };
                PrimRep::Vec(n, e)
            }
            tag => {
                return self.err(
                    at,
                    ReadErrorKind::BadTag {
                        what: "PrimRep",
                        tag,
                    },
                )
            }
        })
    }

    fn reps(&mut self) -> R<Vec<PrimRep>> {
        self.vec(Self::prim_rep)
    }

    fn datacon_info(&mut self) -> R<DataConInfo> {
        let name = self.name()?;
        let tycon = self.name()?;
        let tag = self.u32()?;
        let family_size = self.u32()?;
        let fields = self.vec(Self::reps)?;
        let at = self.pos;
        let sort = match self.byte()? {
            0 => DataConSort::Boxed,
            1 => DataConSort::UnboxedTuple,
            2 => DataConSort::UnboxedSum,
            tag => {
                return self.err(
                    at,
                    ReadErrorKind::BadTag {
                        what: "data constructor sort",
                        tag,
                    },
                )
            }
        };
        Ok(DataConInfo {
            name,
            tycon,
            tag,
            family_size,
            fields,
            sort,
        })
    }

    fn tycon_info(&mut self) -> R<TyConInfo> {
        let name = self.name()?;
        let datacons = self.vec(Self::datacon_ref)?;
        Ok(TyConInfo { name, datacons })
    }

    fn id_info(&mut self) -> R<IdInfo> {
        let name = self.name()?;
        let reps = self.reps()?;
        let arity = self.u32()?;
        let at = self.pos;
        let details = match self.byte()? {
            0 => IdDetails::Vanilla,
            1 => IdDetails::DataConWorker(self.datacon_ref()?),
            2 => IdDetails::DataConWrapper(self.datacon_ref()?),
            3 => IdDetails::Selector,
            4 => IdDetails::PrimOp(self.string()?),
            5 => IdDetails::Foreign,
            tag => {
                return self.err(
                    at,
                    ReadErrorKind::BadTag {
                        what: "IdDetails",
                        tag,
                    },
                )
            }
        };
        let may_have_caf_refs = self.bool()?;
        Ok(IdInfo {
            name,
            reps,
            arity,
            details,
            may_have_caf_refs,
        })
    }

    // --- code ------------------------------------------------------------------------------

    fn top_binding(&mut self) -> R<TopBinding> {
        let at = self.pos;
        match self.byte()? {
            0 => Ok(TopBinding::Lifted(self.binding()?)),
            1 => {
                let id = self.binder()?;
                Ok(TopBinding::StringLit(id, self.bytes()?))
            }
            tag => self.err(
                at,
                ReadErrorKind::BadTag {
                    what: "top-level binding",
                    tag,
                },
            ),
        }
    }

    fn binding(&mut self) -> R<Binding> {
        self.enter()?;
        let at = self.pos;
        let b = match self.byte()? {
            0 => {
                let id = self.binder()?;
                Binding::NonRec(id, self.rhs()?)
            }
            1 => Binding::Rec(self.vec(|r| {
                let id = r.binder()?;
                Ok((id, r.rhs()?))
            })?),
            tag => {
                return self.err(
                    at,
                    ReadErrorKind::BadTag {
                        what: "binding",
                        tag,
                    },
                )
            }
        };
        self.leave();
        Ok(b)
    }

    fn rhs(&mut self) -> R<Rhs> {
        let at = self.pos;
        match self.byte()? {
            0 => {
                let free_vars = self.vec(Self::id_ref)?;
                let at = self.pos;
                let update = match self.byte()? {
                    0 => UpdateFlag::ReEntrant,
                    1 => UpdateFlag::Updatable,
                    2 => UpdateFlag::SingleEntry,
                    tag => {
                        return self.err(
                            at,
                            ReadErrorKind::BadTag {
                                what: "update flag",
                                tag,
                            },
                        )
                    }
                };
                let args = self.vec(Self::binder)?;
                let body = self.expr()?;
                Ok(Rhs::Closure {
                    free_vars,
                    update,
                    args,
                    body,
                })
            }
            1 => {
                let con = self.datacon_ref()?;
                let args = self.vec(Self::arg)?;
                Ok(Rhs::Con { con, args })
            }
            tag => self.err(
                at,
                ReadErrorKind::BadTag {
                    what: "right-hand side",
                    tag,
                },
            ),
        }
    }

    fn arg(&mut self) -> R<Arg> {
        let at = self.pos;
        match self.byte()? {
            0 => Ok(Arg::Var(self.id_ref()?)),
            1 => Ok(Arg::Lit(self.literal()?)),
            tag => self.err(
                at,
                ReadErrorKind::BadTag {
                    what: "argument",
                    tag,
                },
            ),
        }
    }

    fn literal(&mut self) -> R<Literal> {
        let at = self.pos;
        Ok(match self.byte()? {
            0 => Literal::Char(self.u32()?),
            1 => {
                let at = self.pos;
                let ty = match self.byte()? {
                    0 => NumType::Integer,
                    1 => NumType::Natural,
                    2 => NumType::Int,
                    3 => NumType::Int64,
                    4 => NumType::Word,
                    5 => NumType::Word64,
                    tag => {
                        return self.err(
                            at,
                            ReadErrorKind::BadTag {
                                what: "number type",
                                tag,
                            },
                        )
                    }
                };
                let at = self.pos;
                let v = self.i128()?;
                // Fixed-width values wrap, as they do in GHC's code generator.
                let v = match ty {
                    NumType::Integer => v,
                    NumType::Natural if v < 0 => {
                        return self.err(at, ReadErrorKind::LiteralOutOfRange)
                    }
                    NumType::Natural => v,
                    NumType::Int | NumType::Int64 => i128::from(v as i64),
                    NumType::Word | NumType::Word64 => i128::from(v as u64),
                };
                Literal::Number(ty, v)
            }
            2 => Literal::String(self.bytes()?),
            3 => Literal::NullAddr,
            4 => Literal::Rubbish(self.reps()?),
            5 => {
                let b = self.take(4)?;
                Literal::Float(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            6 => {
                let b = self.take(8)?;
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                Literal::Double(u64::from_le_bytes(a))
            }
            7 => {
                let name = self.string()?;
                let is_function = self.bool()?;
                Literal::Label { name, is_function }
            }
            tag => {
                return self.err(
                    at,
                    ReadErrorKind::BadTag {
                        what: "literal",
                        tag,
                    },
                )
            }
        })
    }

    fn expr(&mut self) -> R<Expr> {
        self.enter()?;
        let at = self.pos;
        let e = match self.byte()? {
            0 => {
                let f = self.id_ref()?;
                Expr::App(f, self.vec(Self::arg)?)
            }
            1 => Expr::Lit(self.literal()?),
            2 => {
                let con = self.datacon_ref()?;
                Expr::ConApp(con, self.vec(Self::arg)?)
            }
            3 => {
                let op = self.op()?;
                let args = self.vec(Self::arg)?;
                let result = self.reps()?;
                let at = self.pos;
                let result_tycon = match self.byte()? {
                    0 => None,
                    1 => Some(Box::new(self.tycon_info()?)),
                    tag => {
                        return self.err(
                            at,
                            ReadErrorKind::BadTag {
                                what: "result tycon",
                                tag,
                            },
                        )
                    }
                };
                if let Op::Foreign(fc) = &op {
                    if fc.arg_reps.len() != args.len() {
                        return self.err(at, ReadErrorKind::ForeignArgsMismatch);
                    }
                }
                Expr::OpApp {
                    op,
                    args,
                    result,
                    result_tycon,
                }
            }
            4 => {
                let scrut = Box::new(self.expr()?);
                let binder = self.binder()?;
                let alt_type = self.alt_type()?;
                let alts = self.vec(Self::alt)?;
                Expr::Case {
                    scrut,
                    binder,
                    alt_type,
                    alts,
                }
            }
            5 => {
                let b = Box::new(self.binding()?);
                Expr::Let(b, Box::new(self.expr()?))
            }
            6 => {
                let b = Box::new(self.binding()?);
                Expr::LetNoEscape(b, Box::new(self.expr()?))
            }
            tag => {
                return self.err(
                    at,
                    ReadErrorKind::BadTag {
                        what: "expression",
                        tag,
                    },
                )
            }
        };
        self.leave();
        Ok(e)
    }

    fn alt_type(&mut self) -> R<AltType> {
        let at = self.pos;
        Ok(match self.byte()? {
            0 => AltType::Poly,
            1 => AltType::MultiVal(self.u32()?),
            2 => AltType::Alg,
            3 => AltType::Prim(self.prim_rep()?),
            tag => {
                return self.err(
                    at,
                    ReadErrorKind::BadTag {
                        what: "alternative type",
                        tag,
                    },
                )
            }
        })
    }

    fn alt(&mut self) -> R<Alt> {
        let at = self.pos;
        let con = match self.byte()? {
            0 => AltCon::Default,
            1 => AltCon::Data(self.datacon_ref()?),
            2 => AltCon::Lit(self.literal()?),
            tag => {
                return self.err(
                    at,
                    ReadErrorKind::BadTag {
                        what: "alternative",
                        tag,
                    },
                )
            }
        };
        let binders = self.vec(Self::binder)?;
        let rhs = self.expr()?;
        Ok(Alt { con, binders, rhs })
    }

    fn op(&mut self) -> R<Op> {
        let at = self.pos;
        match self.byte()? {
            0 => Ok(Op::PrimOp(self.string()?)),
            1 => {
                let label = self.string()?;
                let unit = self.string()?;
                Ok(Op::PrimCall { label, unit })
            }
            2 => {
                let at = self.pos;
                let target = match self.byte()? {
                    0 => {
                        let label = self.string()?;
                        let is_function = self.bool()?;
                        ForeignTarget::Static { label, is_function }
                    }
                    1 => ForeignTarget::Dynamic,
                    tag => {
                        return self.err(
                            at,
                            ReadErrorKind::BadTag {
                                what: "foreign target",
                                tag,
                            },
                        )
                    }
                };
                let at = self.pos;
                let conv = match self.byte()? {
                    0 => CallConv::CCall,
                    1 => CallConv::CApi,
                    2 => CallConv::StdCall,
                    3 => CallConv::Prim,
                    4 => CallConv::JavaScript,
                    tag => {
                        return self.err(
                            at,
                            ReadErrorKind::BadTag {
                                what: "calling convention",
                                tag,
                            },
                        )
                    }
                };
                let at = self.pos;
                let safety = match self.byte()? {
                    0 => Safety::Unsafe,
                    1 => Safety::Safe,
                    2 => Safety::Interruptible,
                    tag => {
                        return self.err(
                            at,
                            ReadErrorKind::BadTag {
                                what: "safety",
                                tag,
                            },
                        )
                    }
                };
                let arg_reps = self.reps()?;
                let at = self.pos;
                let arg_kinds = self.vec(|r| {
                    let at = r.pos;
                    Ok(match r.byte()? {
                        0 => ForeignArgKind::Plain,
                        1 => ForeignArgKind::Array,
                        2 => ForeignArgKind::SmallArray,
                        3 => ForeignArgKind::ByteArray,
                        tag => {
                            return r.err(
                                at,
                                ReadErrorKind::BadTag {
                                    what: "foreign argument kind",
                                    tag,
                                },
                            )
                        }
                    })
                })?;
                if arg_kinds.len() != arg_reps.len() {
                    return self.err(at, ReadErrorKind::ForeignArgsMismatch);
                }
                Ok(Op::Foreign(ForeignCall {
                    target,
                    conv,
                    safety,
                    arg_reps,
                    arg_kinds,
                }))
            }
            tag => self.err(
                at,
                ReadErrorKind::BadTag {
                    what: "operation",
                    tag,
                },
            ),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
