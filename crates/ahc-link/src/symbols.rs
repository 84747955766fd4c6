//! The symbol tables of relocatable wasm objects and of static archives, as wasm-ld sees them.
//!
//! The driver uses this to tell, before or after running lld, which symbols an object needs
//! and which the runtime archive defines (`ahc-driver`'s C-symbol checks), without depending
//! on lld's wording.
//!
//! ## Invariants
//! * A symbol's name is its linking-section name; an undefined function or global without
//!   `WASM_SYM_EXPLICIT_NAME` is named by its import's field name, as wasm-ld names it.
//! * Section symbols are not reported; local symbols (`WASM_SYM_BINDING_LOCAL`) are reported
//!   with `local: true` (they never resolve another object's reference).
//! * Archives are read member by member (`!<arch>` format with GNU or BSD long names); the
//!   archive's own symbol index is not trusted, every member object is parsed. Members that are
//!   not wasm objects are skipped.
//! * Malformed input is an error, never a panic.

use wasmparser::{KnownCustom, Linking, Parser, Payload, SymbolFlags, SymbolInfo, TypeRef};

/// What kind of entity a symbol names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SymbolKind {
    Function,
    Data,
    Global,
    Table,
    Tag,
}

/// One entry of an object's symbol table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjSymbol {
    pub name: String,
    pub kind: SymbolKind,
    /// Defined in this object (not `WASM_SYM_UNDEFINED`).
    pub defined: bool,
    /// `WASM_SYM_BINDING_LOCAL`.
    pub local: bool,
    /// `WASM_SYM_BINDING_WEAK`.
    pub weak: bool,
}

/// The symbol table of one relocatable wasm object (empty for a module without a `linking`
/// section).
pub fn object_symbols(bytes: &[u8]) -> Result<Vec<ObjSymbol>, String> {
    let mut func_imports: Vec<String> = Vec::new();
    let mut global_imports: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| e.to_string())? {
            Payload::ImportSection(r) => {
                for imp in r.into_imports() {
                    let imp = imp.map_err(|e| e.to_string())?;
                    match imp.ty {
                        TypeRef::Func(_) => func_imports.push(imp.name.to_string()),
                        TypeRef::Global(_) => global_imports.push(imp.name.to_string()),
                        _ => {}
                    }
                }
            }
            Payload::CustomSection(c) => {
                let KnownCustom::Linking(l) = c.as_known() else {
                    continue;
                };
                for sub in l.subsections() {
                    let Linking::SymbolTable(map) = sub.map_err(|e| e.to_string())? else {
                        continue;
                    };
                    for info in map {
                        let info = info.map_err(|e| e.to_string())?;
                        let imported = |names: &[String], index: u32| {
                            names
                                .get(index as usize)
                                .cloned()
                                .ok_or_else(|| format!("symbol refers to missing import {index}"))
                        };
                        let (kind, flags, name) = match info {
                            SymbolInfo::Func { flags, index, name } => (
                                SymbolKind::Function,
                                flags,
                                match name {
                                    Some(n) => n.to_string(),
                                    None => imported(&func_imports, index)?,
                                },
                            ),
                            SymbolInfo::Global { flags, index, name } => (
                                SymbolKind::Global,
                                flags,
                                match name {
                                    Some(n) => n.to_string(),
                                    None => imported(&global_imports, index)?,
                                },
                            ),
                            SymbolInfo::Data { flags, name, .. } => {
                                (SymbolKind::Data, flags, name.to_string())
                            }
                            SymbolInfo::Table { flags, name, .. } => (
                                SymbolKind::Table,
                                flags,
                                name.unwrap_or_default().to_string(),
                            ),
                            SymbolInfo::Event { flags, name, .. } => {
                                (SymbolKind::Tag, flags, name.unwrap_or_default().to_string())
                            }
                            SymbolInfo::Section { .. } => continue,
                        };
                        out.push(ObjSymbol {
                            name,
                            kind,
                            defined: !flags.contains(SymbolFlags::UNDEFINED),
                            local: flags.contains(SymbolFlags::BINDING_LOCAL),
                            weak: flags.contains(SymbolFlags::BINDING_WEAK),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// The members of a `!<arch>` static archive: (member name, contents). The symbol index
/// (`/`, `__.SYMDEF`) and the GNU long-name table (`//`) are not returned.
pub fn archive_members(bytes: &[u8]) -> Result<Vec<(String, &[u8])>, String> {
    const MAGIC: &[u8] = b"!<arch>\n";
    let mut rest = bytes
        .strip_prefix(MAGIC)
        .ok_or_else(|| "not an archive (no !<arch> header)".to_string())?;
    let mut long_names: &[u8] = &[];
    let mut out = Vec::new();
    while !rest.is_empty() {
        if rest.len() < 60 {
            return Err("truncated archive member header".into());
        }
        let (hdr, body) = rest.split_at(60);
        if &hdr[58..60] != b"`\n" {
            return Err("bad archive member header".into());
        }
        let field = |r: std::ops::Range<usize>| String::from_utf8_lossy(&hdr[r]).trim().to_string();
        let size: usize = field(48..58)
            .parse()
            .map_err(|_| "bad archive member size".to_string())?;
        if body.len() < size {
            return Err("truncated archive member".into());
        }
        let mut data = &body[..size];
        let raw_name = field(0..16);
        let name = if raw_name == "/" || raw_name == "/SYM64/" || raw_name.starts_with("__.SYMDEF")
        {
            None
        } else if raw_name == "//" {
            long_names = data;
            None
        } else if let Some(len) = raw_name.strip_prefix("#1/") {
            // BSD: the name is the first `len` bytes of the data.
            let len: usize = len.parse().map_err(|_| "bad BSD long name".to_string())?;
            if len > data.len() {
                return Err("bad BSD long name".into());
            }
            let n = String::from_utf8_lossy(&data[..len])
                .trim_end_matches('\0')
                .to_string();
            data = &data[len..];
            Some(n)
        } else if let Some(off) = raw_name.strip_prefix('/') {
            // GNU: `/<offset>` into the `//` member; entries end with "/\n".
            let off: usize = off.parse().map_err(|_| "bad GNU long name".to_string())?;
            let tail = long_names
                .get(off..)
                .ok_or_else(|| "GNU long name out of range".to_string())?;
            let end = tail.iter().position(|&b| b == b'\n').unwrap_or(tail.len());
            Some(
                String::from_utf8_lossy(&tail[..end])
                    .trim_end_matches('/')
                    .to_string(),
            )
        } else {
            Some(raw_name.trim_end_matches('/').to_string())
        };
        if let Some(n) = name {
            out.push((n, data));
        }
        let padded = size + (size & 1);
        rest = body.get(padded..).unwrap_or(&[]);
    }
    Ok(out)
}

/// Every global (non-local) symbol defined by some member of a static archive, or by a single
/// object file: the symbols that can resolve another input's undefined reference.
pub fn defined_globals(bytes: &[u8]) -> Result<Vec<(String, SymbolKind)>, String> {
    let mut out = Vec::new();
    let mut add = |obj: &[u8], what: &str| -> Result<(), String> {
        for s in object_symbols(obj).map_err(|e| format!("{what}: {e}"))? {
            if s.defined && !s.local {
                out.push((s.name, s.kind));
            }
        }
        Ok(())
    };
    if bytes.starts_with(b"!<arch>\n") {
        for (name, data) in archive_members(bytes)? {
            if data.starts_with(b"\0asm") {
                add(data, &name)?;
            }
        }
    } else {
        add(bytes, "object")?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(name: &str, data: &[u8]) -> Vec<u8> {
        let mut h = format!(
            "{name:<16}{:<12}{:<6}{:<6}{:<8}{:<10}`\n",
            0,
            0,
            0,
            644,
            data.len()
        )
        .into_bytes();
        assert_eq!(h.len(), 60);
        h.extend_from_slice(data);
        if data.len() % 2 == 1 {
            h.push(b'\n');
        }
        h
    }

    #[test]
    fn archive_names_short_gnu_and_bsd() {
        let mut a = b"!<arch>\n".to_vec();
        a.extend(member("/", b"\0\0\0\0"));
        a.extend(member("//", b"a_rather_long_member_name.o/\n"));
        a.extend(member("short.o/", b"abc"));
        a.extend(member("/0", b"xy"));
        a.extend(member("#1/8", b"bsd.o\0\0\0zz"));
        let m = archive_members(&a).unwrap();
        let names: Vec<_> = m.iter().map(|(n, d)| (n.as_str(), *d)).collect();
        assert_eq!(
            names,
            vec![
                ("short.o", &b"abc"[..]),
                ("a_rather_long_member_name.o", &b"xy"[..]),
                ("bsd.o", &b"zz"[..]),
            ]
        );
    }

    #[test]
    fn malformed_archives_are_errors() {
        assert!(archive_members(b"not an archive").is_err());
        let mut a = b"!<arch>\n".to_vec();
        a.extend(member("x.o/", b"abcdef"));
        a.truncate(a.len() - 3);
        assert!(archive_members(&a).is_err());
        assert!(object_symbols(b"\0asm\x01\0\0\0\x00\x05garbage").is_err());
    }
}
