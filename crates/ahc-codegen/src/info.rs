//! Info tables (layouts in `ahc_abi::info`) and argument patterns.

use ahc_abi::{info, ArgKind, ClosureType};
use ahc_stg::PrimRep;

use crate::code::{DataBuf, DataTarget, FnTy};

/// How an argument of representation `rep` is passed in memory (stack, PAPs).
pub fn arg_kind(rep: PrimRep) -> ArgKind {
    match rep {
        PrimRep::Void => ArgKind::Void,
        PrimRep::Lifted | PrimRep::Unlifted => ArgKind::Ptr,
        PrimRep::Float => ArgKind::Float,
        PrimRep::Double => ArgKind::Double,
        _ => ArgKind::Int,
    }
}

/// The argument pattern of a list of representations (one byte per argument).
pub fn pattern(reps: &[PrimRep]) -> Vec<u8> {
    reps.iter().map(|r| arg_kind(*r) as u8).collect()
}

/// Everything an info table can say; unset fields are 0.
#[derive(Default)]
pub struct InfoSpec<'a> {
    pub entry: Option<(&'a str, &'a FnTy)>,
    pub ptrs: u32,
    pub nptrs: u32,
    pub tag_or_arity: u32,
    /// Data symbol of a NUL-terminated name.
    pub name: Option<&'a str>,
    /// Data symbol of the argument pattern (functions).
    pub pattern: Option<&'a str>,
    pub slow_entry: Option<(&'a str, &'a FnTy)>,
}

/// An info table as a data item (a local symbol unless the caller changes it).
pub fn build(sym: &str, ty: ClosureType, spec: InfoSpec) -> DataBuf {
    let mut bytes = vec![0u8; info::SIZE as usize];
    let put = |b: &mut Vec<u8>, off: u32, v: u32| {
        b[off as usize..off as usize + 4].copy_from_slice(&v.to_le_bytes())
    };
    put(&mut bytes, info::TYPE, ty as u32);
    put(&mut bytes, info::PTRS, spec.ptrs);
    put(&mut bytes, info::NPTRS, spec.nptrs);
    put(&mut bytes, info::TAG_OR_ARITY, spec.tag_or_arity);
    let mut relocs = Vec::new();
    if let Some((f, t)) = spec.entry {
        relocs.push((info::ENTRY, DataTarget::Func(f.to_string(), t.clone())));
    }
    if let Some(n) = spec.name {
        relocs.push((info::NAME, DataTarget::Data(n.to_string(), 0)));
    }
    if let Some(p) = spec.pattern {
        relocs.push((info::PATTERN, DataTarget::Data(p.to_string(), 0)));
    }
    if let Some((f, t)) = spec.slow_entry {
        relocs.push((info::SLOW_ENTRY, DataTarget::Func(f.to_string(), t.clone())));
    }
    DataBuf {
        name: sym.to_string(),
        bytes,
        align: 8,
        relocs,
        local_symbol: true,
    }
}

/// The common case: an info table with an entry and a `ptrs`/`nptrs` layout.
pub(crate) fn info_table(
    name: &str,
    entry: (&str, &FnTy),
    ty: ClosureType,
    ptrs: u32,
    nptrs: u32,
    tag_or_arity: u32,
) -> DataBuf {
    build(
        name,
        ty,
        InfoSpec {
            entry: Some(entry),
            ptrs,
            nptrs,
            tag_or_arity,
            ..Default::default()
        },
    )
}
