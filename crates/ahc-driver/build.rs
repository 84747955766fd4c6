//! Embeds the sources of the GHC-API shim (`frontend/`) so the driver can build `ahc-ghc` on
//! demand into a cache directory keyed by their hash.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frontend");
    let mut files: Vec<_> = std::fs::read_dir(root.join("ahc-ghc"))
        .expect("frontend/ahc-ghc")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "hs"))
        .collect();
    files.sort();
    files.push(root.join("build.sh"));
    let mut out = String::from("/// (path relative to frontend/, contents)\npub const FRONTEND_FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap().to_str().unwrap().to_string();
        let abs = f.canonicalize().unwrap();
        writeln!(
            out,
            "    ({rel:?}, include_str!({:?})),",
            abs.to_str().unwrap()
        )
        .unwrap();
        println!("cargo:rerun-if-changed={}", abs.display());
    }
    out.push_str("];\n");
    println!("cargo:rerun-if-changed={}", root.join("ahc-ghc").display());
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("frontend_files.rs");
    std::fs::write(dest, out).unwrap();
}
