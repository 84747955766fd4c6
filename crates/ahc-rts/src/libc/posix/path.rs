//! WASI preopened directories, and how a POSIX path resolves against them.
//!
//! WASI opens files relative to a directory descriptor; the host hands the program some
//! directories at start-up (*preopens*, found with `fd_prestat_get` / `fd_prestat_dir_name`
//! on descriptors 3, 4, … until the first error).  Our hosts preopen `.` (the current
//! directory) as 3 and `/` as 4; `wasmtime --dir` gives whatever it is asked to.
//!
//! [`resolve`]: an absolute path goes to the preopen with the longest absolute name that is a
//! prefix of it at a component boundary (`/` is a prefix of everything), relative to that
//! directory; a relative path to the preopen named `.` (or the longest relative name that
//! prefixes it, e.g. `data` for `data/x`), else relative to a `/` preopen (as wasi-libc's
//! default current directory `/` would).  Names are compared after dropping `./` prefixes and
//! trailing slashes.  The path inside the directory is what remains, `.` if nothing does;
//! `..` components are left to the host (ours let them climb out, like a native process; a
//! sandboxing host refuses with `ENOTCAPABLE`, reported as `EACCES`).
//!
//! The table is read at the first path operation and kept (names in arena memory).

/// `(absolute, key)` of a preopen name or a path: leading slashes (absolute) or `./` prefixes
/// (relative) and trailing slashes removed; `.` becomes empty.
fn key(name: &[u8]) -> (bool, &[u8]) {
    let abs = name.first() == Some(&b'/');
    let mut k = name;
    loop {
        if let Some(rest) = k.strip_prefix(b"/") {
            k = rest;
        } else if let Some(rest) = k.strip_prefix(b"./") {
            k = rest;
        } else {
            break;
        }
    }
    if k == b"." {
        k = b"";
    }
    while let Some(rest) = k.strip_suffix(b"/") {
        k = rest;
    }
    (abs, k)
}

/// The path inside preopen `name` when `name` covers `path` (both already [`key`]ed).
fn inside<'a>(name: &[u8], path: &'a [u8]) -> Option<&'a [u8]> {
    if name.is_empty() {
        return Some(path);
    }
    let rest = path.strip_prefix(name)?;
    match rest.first() {
        None => Some(rest),
        Some(b'/') => {
            let mut r = rest;
            while let Some(x) = r.strip_prefix(b"/") {
                r = x;
            }
            Some(r)
        }
        Some(_) => None,
    }
}

/// The preopen (descriptor) a path resolves against and the path relative to it; `None` when
/// no preopen covers the path.  See the module documentation.
pub fn resolve<'a, 'p>(
    preopens: impl Iterator<Item = (i32, &'p [u8])> + Clone,
    path: &'a [u8],
) -> Option<(i32, &'a [u8])> {
    let (abs, p) = key_path(path);
    let best = |want_abs: bool, p: &'a [u8]| {
        let mut best: Option<(usize, i32, &'a [u8])> = None;
        for (fd, name) in preopens.clone() {
            let (name_abs, k) = key(name);
            if name_abs != want_abs {
                continue;
            }
            if let Some(rel) = inside(k, p) {
                if best.is_none_or(|(len, _, _)| k.len() > len) {
                    best = Some((k.len(), fd, rel));
                }
            }
        }
        best.map(|(_, fd, rel)| (fd, rel))
    };
    let found = best(abs, p).or_else(|| if abs { None } else { best(true, p) })?;
    Some(match found {
        (fd, b"") => (fd, &b"."[..]),
        other => other,
    })
}

/// [`key`] for a path: like a name, but a trailing slash is kept (it means "a directory").
fn key_path(path: &[u8]) -> (bool, &[u8]) {
    let (abs, k) = key(path);
    if k.is_empty() || path.last() != Some(&b'/') {
        return (abs, k);
    }
    // `k` is a prefix of `path`'s tail: extend it by one of the removed trailing slashes.
    let start = path.len() - path_trailing_slashes(path) - k.len();
    (abs, path.get(start..start + k.len() + 1).unwrap_or(k))
}

fn path_trailing_slashes(path: &[u8]) -> usize {
    path.iter().rev().take_while(|&&c| c == b'/').count()
}

#[cfg(target_arch = "wasm32")]
mod table {
    use super::super::{arena, errno, sys};

    /// At most this many preopens are used.
    const MAX: usize = 16;

    #[derive(Clone, Copy)]
    struct Preopen {
        fd: i32,
        name: *const u8,
        len: usize,
    }

    struct Table {
        loaded: bool,
        n: usize,
        entries: [Preopen; MAX],
    }

    static TABLE: crate::Global<Table> = crate::Global::new(Table {
        loaded: false,
        n: 0,
        entries: [Preopen {
            fd: -1,
            name: core::ptr::null(),
            len: 0,
        }; MAX],
    });

    fn load(t: &mut Table) {
        t.loaded = true;
        for fd in 3..3 + 64 {
            let len = match sys::prestat_dir_len(fd) {
                Ok(Some(len)) => len,
                Ok(None) => continue,
                Err(_) => break,
            };
            let name = arena::alloc(len);
            if name.is_null() || t.n >= MAX {
                break;
            }
            // SAFETY: `name` is fresh arena memory of `len` bytes, ours alone.
            let buf = unsafe { core::slice::from_raw_parts_mut(name, len) };
            if sys::prestat_dir_name(fd, buf).is_err() {
                continue;
            }
            let len = buf.len() - buf.iter().rev().take_while(|&&c| c == 0).count();
            if let Some(slot) = t.entries.get_mut(t.n) {
                *slot = Preopen { fd, name, len };
                t.n += 1;
            }
        }
    }

    /// The preopen `path` resolves against and the path inside it, or the errno to fail with.
    pub fn resolve(path: &[u8]) -> Result<(i32, &[u8]), i32> {
        if path.is_empty() {
            return Err(errno::ENOENT);
        }
        TABLE.with(|t| {
            if !t.loaded {
                load(t);
            }
            let entries = t.entries.get(..t.n).unwrap_or(&[]);
            let names = entries.iter().map(|e| {
                // SAFETY: each name is arena memory of `len` bytes, written once at load and
                // never freed or changed.
                (e.fd, unsafe { core::slice::from_raw_parts(e.name, e.len) })
            });
            super::resolve(names, path).ok_or(errno::ENOENT)
        })
    }
}

#[cfg(target_arch = "wasm32")]
pub use table::resolve as resolve_path;

#[cfg(test)]
mod tests {
    use super::*;

    fn r<'a>(pre: &[(i32, &'static str)], path: &'a str) -> Option<(i32, &'a str)> {
        resolve(
            pre.iter().map(|&(fd, n)| (fd, n.as_bytes())),
            path.as_bytes(),
        )
        .map(|(fd, rel)| (fd, core::str::from_utf8(rel).unwrap()))
    }

    #[test]
    fn our_hosts() {
        let pre = [(3, "."), (4, "/")];
        assert_eq!(r(&pre, "foo.txt"), Some((3, "foo.txt")));
        assert_eq!(r(&pre, "./foo.txt"), Some((3, "foo.txt")));
        assert_eq!(r(&pre, "a/b/c"), Some((3, "a/b/c")));
        assert_eq!(r(&pre, "../x"), Some((3, "../x")));
        assert_eq!(r(&pre, "."), Some((3, ".")));
        assert_eq!(r(&pre, "./"), Some((3, ".")));
        assert_eq!(r(&pre, "/"), Some((4, ".")));
        assert_eq!(r(&pre, "//"), Some((4, ".")));
        assert_eq!(r(&pre, "/tmp/x"), Some((4, "tmp/x")));
        assert_eq!(r(&pre, "//tmp//x"), Some((4, "tmp//x")));
        assert_eq!(r(&pre, "/tmp/dir/"), Some((4, "tmp/dir/")));
        assert_eq!(r(&pre, "dir/"), Some((3, "dir/")));
    }

    #[test]
    fn longest_prefix_at_component_boundaries() {
        let pre = [
            (3, "/"),
            (4, "/tmp"),
            (5, "/tmp/a/"),
            (6, "data"),
            (7, "./"),
        ];
        assert_eq!(r(&pre, "/tmp"), Some((4, ".")));
        assert_eq!(r(&pre, "/tmp/"), Some((4, ".")));
        assert_eq!(r(&pre, "/tmpx/y"), Some((3, "tmpx/y")));
        assert_eq!(r(&pre, "/tmp/a"), Some((5, ".")));
        assert_eq!(r(&pre, "/tmp/a/b"), Some((5, "b")));
        assert_eq!(r(&pre, "/tmp/ab"), Some((4, "ab")));
        assert_eq!(r(&pre, "data/x"), Some((6, "x")));
        assert_eq!(r(&pre, "./data/x"), Some((6, "x")));
        assert_eq!(r(&pre, "datax"), Some((7, "datax")));
    }

    #[test]
    fn fallbacks_and_misses() {
        // No "." preopen: relative paths resolve against "/".
        assert_eq!(r(&[(3, "/")], "x/y"), Some((3, "x/y")));
        // Only a subdirectory: other paths are not reachable.
        assert_eq!(r(&[(3, "/sandbox")], "/etc/passwd"), None);
        assert_eq!(r(&[(3, "/sandbox")], "x"), None);
        assert_eq!(r(&[(3, ".")], "/etc"), None);
        assert_eq!(r(&[], "x"), None);
        // Trailing NUL-free names with trailing slashes.
        assert_eq!(r(&[(9, "/sandbox//")], "/sandbox/f"), Some((9, "f")));
    }
}
