//! C symbols: which `ahc_c_<name>` symbols compiled Haskell objects import, and whether the
//! runtime library defines them.
//!
//! Every `foreign import ccall "f"` / `capi` / `"&f"` becomes an undefined `ahc_c_f` symbol
//! (`ahc_abi::ccall_symbol`) of the importing module's object, which only the runtime archive
//! can define. Two users:
//! - `ahc-link`: when rust-lld fails on undefined `ahc_c_*` symbols (only those reached from
//!   live code are reported), [`explain_undefined`] turns each into `C function `f` is not
//!   provided by the ahc runtime (imported by module M)`, naming the importing modules.
//! - `ahc c-symbols` (a developer command, read by the `c_symbols` test): lists every such
//!   import of the booted libraries' objects, with its kind and module, and the runtime library
//!   the driver links.
//!
//! Invariant: an object's module is known from its file name (`<Module>.o` for the program's
//! own modules, `<unit>-<Module>.o` for library objects; module names contain no `-`).

use std::collections::BTreeMap;
use std::path::Path;

use ahc_link::symbols::{object_symbols, SymbolKind};

use crate::{Error, Result};

/// The module (and unit, for library objects) that an object file was compiled from.
pub fn object_module(path: &Path) -> Option<(Option<String>, String)> {
    let stem = path.file_stem()?.to_str()?;
    if path.extension()? != "o" {
        return None;
    }
    Some(match stem.rsplit_once('-') {
        Some((unit, module)) => (Some(unit.to_string()), module.to_string()),
        None => (None, stem.to_string()),
    })
}

fn kind_word(k: SymbolKind) -> &'static str {
    match k {
        SymbolKind::Function => "function",
        SymbolKind::Data => "data",
        SymbolKind::Global => "global",
        SymbolKind::Table => "table",
        SymbolKind::Tag => "tag",
    }
}

/// The `ahc_c_*` symbols an object leaves undefined: (C name, kind).
pub fn c_imports(object: &Path) -> Result<Vec<(String, SymbolKind)>> {
    let bytes = std::fs::read(object).map_err(|e| Error(format!("{}: {e}", object.display())))?;
    let syms = object_symbols(&bytes).map_err(|e| Error(format!("{}: {e}", object.display())))?;
    Ok(syms
        .into_iter()
        .filter(|s| !s.defined)
        .filter_map(|s| {
            let c = s.name.strip_prefix(ahc_abi::CCALL_PREFIX)?.to_string();
            Some((c, s.kind))
        })
        .collect())
}

/// The message for undefined symbols of a failed link that are C symbols: `None` when none
/// is. `referenced_by` are lld's inputs that referenced each symbol from live code.
pub fn explain_undefined(undefined: &[ahc_link::UndefinedSymbol]) -> Option<Vec<String>> {
    let mut msgs = Vec::new();
    for u in undefined {
        let Some(c) = u.symbol.strip_prefix(ahc_abi::CCALL_PREFIX) else {
            continue;
        };
        // Importing modules, and the kind of symbol they expect (from their objects).
        let mut modules = Vec::new();
        let mut kind = None;
        for r in &u.referenced_by {
            if r.member.is_some() {
                continue;
            }
            if let Some((unit, module)) = object_module(&r.path) {
                modules.push(match unit {
                    Some(unit) => format!("{module} ({unit})"),
                    None => module,
                });
            }
            if kind.is_none() {
                kind = c_imports(&r.path)
                    .ok()
                    .and_then(|v| v.into_iter().find(|(n, _)| n == c).map(|x| x.1));
            }
        }
        modules.sort();
        modules.dedup();
        let what = match kind {
            Some(SymbolKind::Data) => "C data symbol",
            _ => "C function",
        };
        let by = match modules.len() {
            0 => String::new(),
            1 => format!(" (imported by module {})", modules[0]),
            _ => format!(" (imported by modules {})", modules.join(", ")),
        };
        msgs.push(format!(
            "{what} `{c}` is not provided by the ahc runtime{by}"
        ));
    }
    if msgs.is_empty() {
        None
    } else {
        Some(msgs)
    }
}

/// `ahc c-symbols`: one line `runtime <path>`, then `import <name> <kind> <unit> <module>` per
/// C symbol imported by a booted library object (tab-separated, sorted).
pub fn list() -> Result<i32> {
    let home = crate::cache::ahc_home()?;
    let ghc = crate::toolchain::host_ghc();
    let boot = crate::boot::locate(&home, &ghc)?;
    let rts = crate::toolchain::rts_lib()?;
    let libs = crate::boot::library_objects(&home, &boot, &ahc_codegen::Options::default())?;
    let mut lines = BTreeMap::new();
    for o in &libs.objects {
        let Some((Some(unit), module)) = object_module(o) else {
            return Err(Error(format!(
                "{}: not a library object name (<unit>-<Module>.o)",
                o.display()
            )));
        };
        for (c, k) in c_imports(o)? {
            lines.insert(
                format!("import\t{c}\t{}\t{unit}\t{module}", kind_word(k)),
                (),
            );
        }
    }
    println!("runtime\t{}", rts.display());
    for l in lines.keys() {
        println!("{l}");
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modules_from_object_names() {
        assert_eq!(
            object_module(Path::new("/x/ghc-prim-GHC.CString.o")),
            Some((Some("ghc-prim".into()), "GHC.CString".into()))
        );
        assert_eq!(
            object_module(Path::new("/tmp/w/Main.o")),
            Some((None, "Main".into()))
        );
        assert_eq!(object_module(Path::new("/tmp/libahc_rts.a")), None);
    }

    #[test]
    fn only_c_symbols_are_explained() {
        use ahc_link::{InputRef, UndefinedSymbol};
        let u = |s: &str, by: &[&str]| UndefinedSymbol {
            symbol: s.into(),
            referenced_by: by
                .iter()
                .map(|p| InputRef {
                    path: p.into(),
                    member: None,
                })
                .collect(),
        };
        assert_eq!(
            explain_undefined(&[u("base_GHCziBase_id_closure", &[])]),
            None
        );
        let m = explain_undefined(&[
            u("ahc_c_nosuchfn", &["/nonexistent/Main.o"]),
            u("ahc_c_f", &["/n/A.o", "/n/base-GHC.IO.o", "/n/A.o"]),
        ])
        .unwrap();
        assert_eq!(
            m,
            vec![
                "C function `nosuchfn` is not provided by the ahc runtime (imported by module Main)",
                "C function `f` is not provided by the ahc runtime (imported by modules A, GHC.IO (base))",
            ]
        );
    }
}
