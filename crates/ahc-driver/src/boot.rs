//! `ahc-boot` and the booted libraries: where they are, and their compiled wasm objects.
//!
//! A boot (`$AHC_HOME/boot-<key>/`) holds the package database, interface files and STG of the
//! libraries compiled from GHC's sources by `ahc-ghc`; its key hashes the frontend (shim
//! sources, GHC version) and the boot recipe. The wasm objects of those libraries are derived
//! from the STG by this executable's code generator and cached separately
//! (`$AHC_HOME/lib-<boot key>-<ahc key>/`), so changing the code generator never needs a new boot.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::cache::{self, Fnv};
use crate::cli::BootArgs;
use crate::{err, toolchain, Error, Result};

pub struct Boot {
    pub key: String,
    pub package_db: PathBuf,
    /// Units to expose to user programs, in dependency order.
    pub units: Vec<String>,
    pub has_base: bool,
    pub stg_root: PathBuf,
}

fn boot_key(ghc: &str) -> Result<String> {
    let mut h: Fnv = toolchain::frontend_key(ghc)?;
    h.add(ahc_boot::RECIPE_VERSION.as_bytes());
    Ok(h.hex())
}

fn boot_dir(home: &Path, key: &str) -> PathBuf {
    home.join(format!("boot-{key}"))
}

fn describe(dir: &Path, key: &str) -> Result<Boot> {
    let manifest = ahc_boot::Manifest::load(dir).map_err(|e| Error(e.to_string()))?;
    let units = manifest.units();
    Ok(Boot {
        key: key.to_string(),
        package_db: manifest.package_db(dir),
        has_base: units.iter().any(|u| u == "base"),
        units,
        stg_root: manifest.stg_root(dir),
    })
}

/// The boot matching this ahc, or an error telling the user to run `ahc-boot`.
pub fn locate(home: &Path, ghc: &str) -> Result<Boot> {
    let key = boot_key(ghc)?;
    let dir = boot_dir(home, &key);
    if !dir.is_dir() {
        return err(format!(
            "ahc's Haskell libraries are not booted for this version of ahc (expected {}): run `ahc-boot`",
            dir.display()
        ));
    }
    describe(&dir, &key)
}

/// Default location of the unpacked GHC source tree.
fn default_ghc_src(home: &Path) -> PathBuf {
    home.join("src").join("ghc-9.0.2")
}

pub fn boot(a: &BootArgs) -> Result<()> {
    let home = cache::ahc_home()?;
    let ghc = toolchain::host_ghc();
    let key = boot_key(&ghc)?;
    let dir = boot_dir(&home, &key);
    if dir.is_dir() && !a.force {
        eprintln!("ahc-boot: already booted ({})", dir.display());
        return Ok(());
    }
    let src = a.ghc_src.clone().unwrap_or_else(|| default_ghc_src(&home));
    if !src.join("libraries").join("ghc-prim").is_dir() {
        return err(format!(
            "{}: not a GHC 9.0.2 source tree: unpack Debian's (`apt-get source ghc`) and pass --ghc-src",
            src.display()
        ));
    }
    let shim = toolchain::ensure_ahc_ghc(&home, &ghc)?;
    if dir.is_dir() {
        std::fs::remove_dir_all(&dir)?;
    }
    let opts = ahc_boot::BootOptions {
        ghc_src: src,
        ahc_ghc: shim,
        out_dir: dir.clone(),
        ghc: ghc.clone(),
        key: key.clone(),
        ..Default::default()
    };
    ahc_boot::boot(&opts).map_err(|e| Error(format!("boot failed: {e}")))?;
    let b = describe(&dir, &key)?;
    let libs = library_objects(&home, &b, &ahc_codegen::Options::default())?;
    eprintln!(
        "ahc-boot: booted {} into {} ({} library objects)",
        b.units.join(", "),
        dir.display(),
        libs.objects.len()
    );
    Ok(())
}

/// The compiled library objects of a boot, and why some symbols are missing from them.
pub struct LibObjects {
    pub objects: Vec<PathBuf>,
    /// Symbol → "Module.binding: unsupported: …".
    pub missing: HashMap<String, String>,
}

const MISSING_FILE: &str = "missing.tsv";

/// Compiles (once per boot, ahc build and set of options) every library module's STG to a
/// wasm object.
pub fn library_objects(
    home: &Path,
    boot: &Boot,
    opts: &ahc_codegen::Options,
) -> Result<LibObjects> {
    let flavour = if opts.debug { "-debug" } else { "" };
    let dir = home.join(format!(
        "lib-{}-{}{flavour}",
        boot.key,
        toolchain::self_key()?.hex()
    ));
    if !dir.is_dir() {
        let tmp = cache::temp_dir_for(&dir)?;
        let guard = cache::TempDir(tmp.clone());
        let mut missing = String::new();
        for stg in crate::link::find_stg_files(&boot.stg_root)? {
            let m = crate::cli::read_stg(&stg)?;
            let c = ahc_codegen::compile_module(&m, opts).map_err(|e| Error(e.to_string()))?;
            let name = format!("{}-{}.o", m.this.unit, m.this.name);
            std::fs::write(tmp.join(&name), &c.object)?;
            let mut syms: Vec<_> = c.missing_symbols.into_iter().collect();
            syms.sort_by(|a, b| a.0.cmp(&b.0));
            for (sym, why) in syms {
                missing.push_str(&format!("{sym}\t{}: {why}\n", m.this.unit));
            }
        }
        std::fs::write(tmp.join(MISSING_FILE), missing)?;
        std::mem::forget(guard);
        cache::publish_dir(&tmp, &dir)?;
    }
    let mut objects = Vec::new();
    for e in std::fs::read_dir(&dir)? {
        let p = e?.path();
        if p.extension().is_some_and(|x| x == "o") {
            objects.push(p);
        }
    }
    objects.sort();
    let mut missing = HashMap::new();
    for line in std::fs::read_to_string(dir.join(MISSING_FILE))?.lines() {
        if let Some((sym, why)) = line.split_once('\t') {
            missing.insert(sym.to_string(), why.to_string());
        }
    }
    Ok(LibObjects { objects, missing })
}
