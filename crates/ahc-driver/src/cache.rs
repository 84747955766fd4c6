//! Content-keyed cache directories under `$AHC_HOME`, atomic file and directory creation.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// 64-bit FNV-1a: a stable hash for cache keys (not for security).
#[derive(Clone, Copy)]
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn add(&mut self, bytes: &[u8]) -> &mut Self {
        // Length-prefix each piece so ("ab","c") and ("a","bc") differ.
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= *b as u64;
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
        self
    }
    pub fn hex(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// `$AHC_HOME`, default `~/.ahc`.
pub fn ahc_home() -> Result<PathBuf> {
    if let Some(h) = std::env::var_os("AHC_HOME") {
        return Ok(PathBuf::from(h));
    }
    let home =
        std::env::var_os("HOME").ok_or_else(|| Error("neither AHC_HOME nor HOME is set".into()))?;
    Ok(PathBuf::from(home).join(".ahc"))
}

/// A fresh temporary directory next to `final_path` (same file system, so `rename` works).
pub fn temp_dir_for(final_path: &Path) -> Result<PathBuf> {
    let parent = final_path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent)?;
    let stem = final_path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    for n in 0..1000u32 {
        let p = parent.join(format!(".{stem}.tmp{}.{n}", std::process::id()));
        match fs::create_dir(&p) {
            Ok(()) => return Ok(p),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error(format!("{}: {e}", p.display()))),
        }
    }
    Err(Error(format!(
        "cannot create a temporary directory in {}",
        parent.display()
    )))
}

/// Moves a finished temporary directory into place. If another process got there first, its
/// result is kept (both were built from the same inputs).
pub fn publish_dir(tmp: &Path, final_path: &Path) -> Result<()> {
    match fs::rename(tmp, final_path) {
        Ok(()) => Ok(()),
        Err(_) if final_path.is_dir() => {
            let _ = fs::remove_dir_all(tmp);
            Ok(())
        }
        Err(e) => Err(Error(format!("{}: {e}", final_path.display()))),
    }
}

/// Writes a file atomically (temporary file, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.tmp{}", std::process::id()));
    fs::write(&tmp, bytes).map_err(|e| Error(format!("{}: {e}", tmp.display())))?;
    fs::rename(&tmp, path).map_err(|e| {
        let _ = fs::remove_file(&tmp);
        Error(format!("{}: {e}", path.display()))
    })
}

/// Removes a directory tree when dropped (for temporary work directories).
pub struct TempDir(pub PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}
