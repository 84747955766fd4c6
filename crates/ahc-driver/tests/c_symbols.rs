//! The table of C symbols (`crates/ahc-rts/c-symbols.tsv`) against the truth: the `ahc_c_*`
//! symbols the booted libraries' compiled objects leave undefined (as `ahc c-symbols` lists
//! them, from the same objects `ahc-link` links) and the symbols the runtime library that
//! `ahc-link` links defines (read with `ahc_link::symbols`).
//!
//! Fails when: the boot or the runtime library is missing; an import has no row; a row is not
//! imported (stale); a row's kind or importing modules are wrong; the runtime does not define
//! `ahc_c_<symbol>` with the row's kind; the row's source file does not define it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use ahc_link::symbols::{defined_globals, SymbolKind};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

struct Row {
    kind: String,
    served_by: String,
    imported_by: BTreeSet<String>,
}

fn table() -> BTreeMap<String, Row> {
    let path = repo().join("crates/ahc-rts/c-symbols.tsv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rows = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert!(
            f.len() == 5 || f.len() == 6,
            "c-symbols.tsv:{}: expected 5 or 6 tab-separated columns: {line:?}",
            i + 1
        );
        let row = Row {
            kind: f[1].to_string(),
            served_by: f[3].to_string(),
            imported_by: f[4].split(' ').map(str::to_string).collect(),
        };
        assert!(
            rows.insert(f[0].to_string(), row).is_none(),
            "c-symbols.tsv:{}: {} listed twice",
            i + 1,
            f[0]
        );
    }
    rows
}

/// `ahc c-symbols`: (runtime library, symbol → (kind, importing unit:Module set)).
fn derived() -> (PathBuf, BTreeMap<String, (String, BTreeSet<String>)>) {
    let out = Command::new(env!("CARGO_BIN_EXE_ahc"))
        .arg("c-symbols")
        .output()
        .expect("run ahc c-symbols");
    assert!(
        out.status.success(),
        "ahc c-symbols failed (is the boot there? run scripts/setup.sh):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut runtime = None;
    let mut imports: BTreeMap<String, (String, BTreeSet<String>)> = BTreeMap::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["runtime", p] => runtime = Some(PathBuf::from(p)),
            ["import", sym, kind, unit, module] => {
                let e = imports
                    .entry(sym.to_string())
                    .or_insert_with(|| (kind.to_string(), BTreeSet::new()));
                assert_eq!(e.0, *kind, "{sym} imported both as {} and {kind}", e.0);
                e.1.insert(format!("{unit}:{module}"));
            }
            _ => panic!("unexpected line from ahc c-symbols: {line:?}"),
        }
    }
    (runtime.expect("ahc c-symbols names the runtime"), imports)
}

#[test]
fn every_imported_c_symbol_is_in_the_table_and_served() {
    let rows = table();
    let (runtime, imports) = derived();
    // The libraries import C symbols (base alone imports about 190): an empty list means the
    // derivation is broken, not that there is nothing to check.
    let units: BTreeSet<&str> = imports
        .values()
        .flat_map(|(_, ms)| ms.iter().map(|m| m.split(':').next().unwrap()))
        .collect();
    assert!(
        units.contains("base") && imports.len() > 100,
        "suspiciously few imports: {} from {units:?}",
        imports.len()
    );

    let mut problems = Vec::new();
    for (sym, (kind, mods)) in &imports {
        match rows.get(sym) {
            None => problems.push(format!(
                "{sym} ({kind}, imported by {}) has no row in c-symbols.tsv",
                mods.iter().cloned().collect::<Vec<_>>().join(" ")
            )),
            Some(r) => {
                if &r.kind != kind {
                    problems.push(format!("{sym}: row says {}, imported as {kind}", r.kind));
                }
                if &r.imported_by != mods {
                    problems.push(format!(
                        "{sym}: row says imported by {:?}, actually by {:?}",
                        r.imported_by, mods
                    ));
                }
            }
        }
    }
    for sym in rows.keys() {
        if !imports.contains_key(sym) {
            problems.push(format!(
                "{sym}: stale row, no booted library imports it any more"
            ));
        }
    }

    let bytes = std::fs::read(&runtime)
        .unwrap_or_else(|e| panic!("the runtime library {}: {e}", runtime.display()));
    let defined: BTreeMap<String, SymbolKind> = defined_globals(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", runtime.display()))
        .into_iter()
        .collect();
    for (sym, r) in &rows {
        let linker = format!("{}{sym}", ahc_abi::CCALL_PREFIX);
        let want = match r.kind.as_str() {
            "function" => SymbolKind::Function,
            "data" => SymbolKind::Data,
            k => {
                problems.push(format!("{sym}: unknown kind {k:?}"));
                continue;
            }
        };
        match defined.get(&linker) {
            None => problems.push(format!(
                "{sym}: the runtime ({}) does not define {linker}",
                runtime.display()
            )),
            Some(k) if *k != want => {
                problems.push(format!("{sym}: the runtime defines {linker} as {k:?}"))
            }
            Some(_) => {}
        }
        let src = repo().join("crates/ahc-rts").join(&r.served_by);
        let text = std::fs::read_to_string(&src).unwrap_or_default();
        let named = text.match_indices(&linker).any(|(i, _)| {
            !text[i + linker.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
        });
        if !named {
            problems.push(format!(
                "{sym}: served by {}, which does not define {linker}",
                r.served_by
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s) with crates/ahc-rts/c-symbols.tsv:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}
