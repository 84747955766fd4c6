//! Finding (or building) the pieces of the toolchain: the host GHC, the `ahc-ghc` shim, the
//! runtime library.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cache::{self, Fnv};
use crate::{err, Error, Result};

include!(concat!(env!("OUT_DIR"), "/frontend_files.rs"));

/// The host GHC (Debian's 9.0.2): `$AHC_HOST_GHC` or `ghc`.
pub fn host_ghc() -> String {
    std::env::var("AHC_HOST_GHC").unwrap_or_else(|_| "ghc".into())
}

fn ghc_version(ghc: &str) -> Result<String> {
    let out = Command::new(ghc)
        .arg("--numeric-version")
        .output()
        .map_err(|e| {
            Error(format!(
                "cannot run `{ghc}` ({e}): install GHC 9.0.2 (apt-get install ghc)"
            ))
        })?;
    let v = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if v != "9.0.2" {
        return err(format!(
            "ahc needs GHC 9.0.2 as its frontend, but `{ghc}` is {v}"
        ));
    }
    Ok(v)
}

/// Hash of everything that determines the `ahc-ghc` binary.
pub fn frontend_key(ghc: &str) -> Result<Fnv> {
    let mut h = Fnv::default();
    h.add(ghc_version(ghc)?.as_bytes());
    for (name, text) in FRONTEND_FILES {
        h.add(name.as_bytes()).add(text.as_bytes());
    }
    Ok(h)
}

/// The `ahc-ghc` binary, built into `$AHC_HOME/ahc-ghc-<key>/` if not there yet.
pub fn ensure_ahc_ghc(home: &Path, ghc: &str) -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("AHC_GHC_SHIM") {
        return Ok(PathBuf::from(p));
    }
    let key = frontend_key(ghc)?;
    let dir = home.join(format!("ahc-ghc-{}", key.hex()));
    let bin = dir.join("ahc-ghc");
    if bin.is_file() {
        return Ok(bin);
    }
    eprintln!("ahc: building the GHC frontend shim (ahc-ghc) with {ghc}…");
    let tmp = cache::temp_dir_for(&dir)?;
    let guard = cache::TempDir(tmp.clone());
    let src = tmp.join("src");
    for (name, text) in FRONTEND_FILES {
        let p = src.join(name);
        std::fs::create_dir_all(p.parent().unwrap())?;
        std::fs::write(&p, text)?;
    }
    let status = Command::new("sh")
        .arg(src.join("build.sh"))
        .arg(&tmp)
        .env("GHC", ghc)
        .stdout(std::process::Stdio::null())
        .status()?;
    if !status.success() {
        return err("building ahc-ghc failed (see the messages above)");
    }
    let _ = std::fs::remove_dir_all(tmp.join("build"));
    let _ = std::fs::remove_dir_all(&src);
    std::mem::forget(guard);
    cache::publish_dir(&tmp, &dir)?;
    Ok(bin)
}

/// The runtime library `libahc_rts.a` (wasm32): `$AHC_RTS_LIB`, or next to this executable in
/// the same cargo target directory.
pub fn rts_lib() -> Result<PathBuf> {
    if let Some(p) = std::env::var_os("AHC_RTS_LIB") {
        return Ok(PathBuf::from(p));
    }
    let exe = std::env::current_exe()?;
    let target_dir = exe
        .parent()
        .and_then(|p| p.parent())
        .unwrap_or(Path::new("."));
    for profile in ["rts", "release", "debug"] {
        let p = target_dir
            .join("wasm32-unknown-unknown")
            .join(profile)
            .join("libahc_rts.a");
        if p.is_file() {
            return Ok(p);
        }
    }
    err(format!(
        "the runtime library is not built (looked in {}/wasm32-unknown-unknown/{{rts,release,debug}}): run \
         `cargo build --profile rts -p ahc-rts --target wasm32-unknown-unknown`, or set AHC_RTS_LIB",
        target_dir.display()
    ))
}

/// Hash of this executable (keys caches of code it generated).
pub fn self_key() -> Result<Fnv> {
    let exe = std::env::current_exe()?;
    let bytes = std::fs::read(&exe)?;
    let mut h = Fnv::default();
    h.add(&bytes);
    Ok(h)
}
