//! An independent checker for relocatable objects (feature `verify`).
//!
//! Re-reads an object with `wasmparser` (not with this crate's own data
//! structures) and checks what `wasm-ld` relies on: the module validates;
//! the `linking` section is version 2 and every symbol refers to an existing
//! import/definition of its kind; segment info matches the data section;
//! every relocation targets the code or data section, is sorted, lies inside
//! one function body / one segment, names a symbol of the right kind, and a
//! LEB relocation addresses a 5-byte padded LEB whose value is the in-object
//! index of its symbol. Used by this crate's tests and available to the code
//! generator's tests.

use std::ops::Range;

use wasmparser::{
    KnownCustom, Linking, Parser, Payload, RelocationType, SymbolFlags, SymbolInfo, TypeRef,
    Validator, WasmFeatures,
};

/// What [`verify`] found in an object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectSummary {
    pub types: u32,
    pub imported_funcs: u32,
    pub defined_funcs: u32,
    pub imported_globals: u32,
    pub defined_globals: u32,
    pub data_segments: u32,
    /// Segment names from `WASM_SEGMENT_INFO`, in segment order.
    pub segment_names: Vec<String>,
    /// `(kind, name)` per symbol; kind is `func`, `data`, `global`, `table`.
    pub symbols: Vec<(&'static str, String)>,
    pub code_relocs: u32,
    pub data_relocs: u32,
    pub init_funcs: u32,
    /// Entries of `target_features`, with their `+`/`-` prefix.
    pub features: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Func,
    Data,
    Global,
    Table,
    Other,
}

fn err<T>(msg: impl Into<String>) -> Result<T, String> {
    Err(msg.into())
}

fn padded_leb(bytes: &[u8], signed: bool) -> Result<i64, String> {
    if bytes.len() < 5 {
        return err("LEB relocation runs past its section");
    }
    let mut v: u64 = 0;
    for (i, &b) in bytes[..5].iter().enumerate() {
        v |= u64::from(b & 0x7f) << (7 * i);
        let cont = b & 0x80 != 0;
        if cont != (i < 4) {
            return err(format!(
                "relocated LEB is not 5-byte padded: {:02x?}",
                &bytes[..5]
            ));
        }
    }
    Ok(if signed {
        ((v << 29) as i64) >> 29
    } else {
        v as i64
    })
}

/// Checks an object file; see the module documentation.
pub fn verify(bytes: &[u8]) -> Result<ObjectSummary, String> {
    let features = WasmFeatures::default() | WasmFeatures::TAIL_CALL | WasmFeatures::MULTI_VALUE;
    Validator::new_with_features(features)
        .validate_all(bytes)
        .map_err(|e| format!("invalid module: {e}"))?;

    let mut s = ObjectSummary::default();
    let mut section_index = 0u32;
    let mut code: Option<(u32, Range<usize>)> = None;
    let mut data: Option<(u32, Range<usize>)> = None;
    let mut bodies: Vec<Range<usize>> = Vec::new();
    let mut segments: Vec<Range<usize>> = Vec::new();
    let mut imported_tables = 0u32;
    let mut defined_tables = 0u32;
    let mut symbols: Vec<(Kind, u32, bool)> = Vec::new();
    let mut seen_linking = false;

    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| e.to_string())?;
        let is_section = !matches!(
            payload,
            Payload::Version { .. } | Payload::CodeSectionEntry(_) | Payload::End(_)
        );
        match &payload {
            Payload::TypeSection(r) => s.types = r.count(),
            Payload::ImportSection(r) => {
                for imp in r.clone().into_imports() {
                    match imp.map_err(|e| e.to_string())?.ty {
                        TypeRef::Func(_) => s.imported_funcs += 1,
                        TypeRef::Global(_) => s.imported_globals += 1,
                        TypeRef::Table(_) => imported_tables += 1,
                        _ => {}
                    }
                }
            }
            Payload::FunctionSection(r) => s.defined_funcs = r.count(),
            Payload::GlobalSection(r) => s.defined_globals = r.count(),
            Payload::TableSection(r) => defined_tables = r.count(),
            Payload::CodeSectionStart {
                unchecked_range, ..
            } => {
                code = Some((
                    section_index,
                    unchecked_range.start as usize..unchecked_range.end as usize,
                ))
            }
            Payload::CodeSectionEntry(body) => {
                let r = body.range();
                bodies.push(r.start as usize..r.end as usize);
            }
            Payload::DataSection(r) => {
                if seen_linking {
                    return err("data section after the linking section");
                }
                let range = r.range();
                data = Some((section_index, range.start as usize..range.end as usize));
                for d in r.clone() {
                    let d = d.map_err(|e| e.to_string())?;
                    let end = d.range.end as usize;
                    segments.push(end - d.data.len()..end);
                }
                s.data_segments = segments.len() as u32;
            }
            Payload::CustomSection(c) => match c.as_known() {
                KnownCustom::Linking(l) => {
                    seen_linking = true;
                    if l.version() != 2 {
                        return err(format!("linking version {}", l.version()));
                    }
                    for sub in l.subsections() {
                        match sub.map_err(|e| e.to_string())? {
                            Linking::SymbolTable(map) => {
                                for sym in map {
                                    let sym = sym.map_err(|e| e.to_string())?;
                                    check_symbol(
                                        &sym,
                                        &s,
                                        imported_tables + defined_tables,
                                        imported_tables,
                                        &segments,
                                        &mut symbols,
                                    )?;
                                    s.symbols.push(symbol_name(&sym));
                                }
                            }
                            Linking::SegmentInfo(map) => {
                                for seg in map {
                                    let seg = seg.map_err(|e| e.to_string())?;
                                    if seg.alignment >= 32 {
                                        return err("segment alignment >= 2^32");
                                    }
                                    s.segment_names.push(seg.name.to_string());
                                }
                                if s.segment_names.len() != segments.len() {
                                    return err("segment info count != data segment count");
                                }
                            }
                            Linking::InitFuncs(map) => {
                                for f in map {
                                    let f = f.map_err(|e| e.to_string())?;
                                    match symbols.get(f.symbol_index as usize) {
                                        Some((Kind::Func, _, _)) => s.init_funcs += 1,
                                        _ => return err("init func is not a function symbol"),
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                KnownCustom::Reloc(r) => {
                    if !seen_linking {
                        return err("reloc section before linking section");
                    }
                    let target = r.section_index();
                    let (is_code, range) = match (&code, &data) {
                        (Some((i, range)), _) if *i == target => (true, range.clone()),
                        (_, Some((i, range))) if *i == target => (false, range.clone()),
                        _ => return err(format!("reloc section targets section {target}")),
                    };
                    let chunks = if is_code { &bodies } else { &segments };
                    let mut last = 0u32;
                    for e in r.entries() {
                        let e = e.map_err(|e| e.to_string())?;
                        if e.offset < last {
                            return err("relocations not sorted by offset");
                        }
                        last = e.offset;
                        let start = range.start + e.offset as usize;
                        let end = start + e.ty.extent();
                        if end > range.end {
                            return err("relocation outside its section");
                        }
                        if !chunks.iter().any(|c| c.start <= start && end <= c.end) {
                            return err(format!(
                                "relocation at {} straddles or misses a function/segment",
                                e.offset
                            ));
                        }
                        check_reloc(e.ty, e.index, &bytes[start..end], &symbols, s.types)?;
                        if is_code {
                            s.code_relocs += 1;
                        } else {
                            s.data_relocs += 1;
                        }
                    }
                }
                _ if c.name() == "target_features" => {
                    let mut r = wasmparser::BinaryReader::new(c.data(), c.data_offset());
                    let n = r.read_var_u32().map_err(|e| e.to_string())?;
                    for _ in 0..n {
                        let p = r.read_u8().map_err(|e| e.to_string())?;
                        let name = r.read_string().map_err(|e| e.to_string())?;
                        if p != b'+' && p != b'-' {
                            return err("bad target feature prefix");
                        }
                        s.features.push(format!("{}{name}", p as char));
                    }
                }
                _ => {}
            },
            _ => {}
        }
        if is_section {
            section_index += 1;
        }
    }
    if !seen_linking {
        return err("no linking section");
    }
    Ok(s)
}

fn symbol_name(sym: &SymbolInfo<'_>) -> (&'static str, String) {
    match *sym {
        SymbolInfo::Func { name, .. } => ("func", name.unwrap_or("<import>").to_string()),
        SymbolInfo::Data { name, .. } => ("data", name.to_string()),
        SymbolInfo::Global { name, .. } => ("global", name.unwrap_or("<import>").to_string()),
        SymbolInfo::Table { name, .. } => ("table", name.unwrap_or("<import>").to_string()),
        _ => ("other", String::new()),
    }
}

fn check_symbol(
    sym: &SymbolInfo<'_>,
    s: &ObjectSummary,
    tables: u32,
    imported_tables: u32,
    segments: &[Range<usize>],
    out: &mut Vec<(Kind, u32, bool)>,
) -> Result<(), String> {
    let check_binding = |flags: SymbolFlags| {
        if flags.contains(SymbolFlags::BINDING_LOCAL) && flags.contains(SymbolFlags::BINDING_WEAK) {
            err("symbol both local and weak")
        } else {
            Ok(())
        }
    };
    match *sym {
        SymbolInfo::Func { flags, index, .. } => {
            check_binding(flags)?;
            let undefined = flags.contains(SymbolFlags::UNDEFINED);
            if index >= s.imported_funcs + s.defined_funcs {
                return err("function symbol index out of range");
            }
            if undefined != (index < s.imported_funcs) {
                return err("function symbol: UNDEFINED flag disagrees with import status");
            }
            out.push((Kind::Func, index, undefined));
        }
        SymbolInfo::Global { flags, index, .. } => {
            check_binding(flags)?;
            let undefined = flags.contains(SymbolFlags::UNDEFINED);
            if index >= s.imported_globals + s.defined_globals {
                return err("global symbol index out of range");
            }
            if undefined != (index < s.imported_globals) {
                return err("global symbol: UNDEFINED flag disagrees with import status");
            }
            out.push((Kind::Global, index, undefined));
        }
        SymbolInfo::Table { flags, index, .. } => {
            let undefined = flags.contains(SymbolFlags::UNDEFINED);
            if index >= tables || undefined != (index < imported_tables) {
                return err("bad table symbol");
            }
            out.push((Kind::Table, index, undefined));
        }
        SymbolInfo::Data {
            flags,
            symbol,
            name,
        } => {
            check_binding(flags)?;
            let undefined = flags.contains(SymbolFlags::UNDEFINED);
            match symbol {
                Some(d) => {
                    if undefined {
                        return err("undefined data symbol with a definition");
                    }
                    let seg = segments
                        .get(d.index as usize)
                        .ok_or_else(|| format!("data symbol {name}: no segment {}", d.index))?;
                    if d.offset as usize + d.size as usize > seg.len() {
                        return err(format!("data symbol {name} exceeds its segment"));
                    }
                }
                None if !undefined => return err("defined data symbol without definition"),
                None => {}
            }
            out.push((Kind::Data, 0, undefined));
        }
        _ => out.push((Kind::Other, 0, false)),
    }
    Ok(())
}

fn check_reloc(
    ty: RelocationType,
    index: u32,
    at: &[u8],
    symbols: &[(Kind, u32, bool)],
    types: u32,
) -> Result<(), String> {
    use RelocationType as R;
    let sym = |want: Kind| -> Result<(Kind, u32, bool), String> {
        match symbols.get(index as usize) {
            Some(&s) if s.0 == want => Ok(s),
            Some(s) => err(format!("{ty:?} relocation names a {:?} symbol", s.0)),
            None => err(format!("{ty:?} relocation: symbol {index} out of range")),
        }
    };
    match ty {
        R::FunctionIndexLeb => {
            let (_, fi, _) = sym(Kind::Func)?;
            if padded_leb(at, false)? != i64::from(fi) {
                return err("call placeholder is not the symbol's function index");
            }
        }
        R::GlobalIndexLeb => {
            let (_, gi, _) = sym(Kind::Global)?;
            if padded_leb(at, false)? != i64::from(gi) {
                return err("global placeholder is not the symbol's global index");
            }
        }
        R::TableNumberLeb => {
            let (_, ti, _) = sym(Kind::Table)?;
            if padded_leb(at, false)? != i64::from(ti) {
                return err("table placeholder is not the symbol's table index");
            }
        }
        R::TypeIndexLeb => {
            if index >= types || padded_leb(at, false)? != i64::from(index) {
                return err("bad type index relocation");
            }
        }
        R::TableIndexSleb => {
            sym(Kind::Func)?;
            padded_leb(at, true)?;
        }
        R::MemoryAddrSleb => {
            sym(Kind::Data)?;
            padded_leb(at, true)?;
        }
        R::MemoryAddrLeb => {
            sym(Kind::Data)?;
            padded_leb(at, false)?;
        }
        R::TableIndexI32 => {
            sym(Kind::Func)?;
        }
        R::MemoryAddrI32 => {
            sym(Kind::Data)?;
        }
        other => return err(format!("unexpected relocation type {other:?}")),
    }
    Ok(())
}
