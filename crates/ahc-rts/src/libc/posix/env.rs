//! Program arguments (`getProgArgv`, `getFullProgArgv`, `setProgArgv`), the environment
//! (`getenv`, `setenv`, `unsetenv`, `__hsbase_unsetenv`, `putenv`, `__hscore_environ`) and
//! `localeEncoding`.
//!
//! Both are fetched from WASI (`args_get`, `environ_get`) at first use into arena memory
//! ([`super::arena`]) and kept as C keeps them: NUL-terminated arrays of pointers to
//! NUL-terminated strings — with **8-byte** entries, because Haskell reads them as
//! `Ptr CString`s of x86_64 (`peekArray`, `peekArray0 nullPtr`).  The environment array is
//! writable: `setenv` replaces the first entry of a name or appends (glibc's order, so
//! `getEnvironment` lists variables as natively), `unsetenv` removes every entry of a name,
//! keeping the order of the others; `putenv` stores the caller's string itself, as POSIX says.
//! Replaced strings and outgrown arrays are leaked (see [`super::arena`]).
//!
//! `argv[0]` loses a trailing `.wasm` (like the program name of the runtime's messages,
//! `crate::io::prog_name`), so `getProgName` says what the native program says.  There are no
//! RTS options to remove: `getProgArgv` and `getFullProgArgv` agree until `setProgArgv`
//! changes the former (`withArgs`).  The locale's encoding is UTF-8.

use super::arena;
use super::cstr;
use super::errno::{EINVAL, ENOMEM};

/// A NUL-terminated array of 8-byte pointers to NUL-terminated strings, `len` entries before
/// the NULL, room for `cap` entries and the NULL.
pub struct Strings {
    list: *mut u64,
    len: usize,
    cap: usize,
}

impl Default for Strings {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether `entry` is `name=…`.
fn names(entry: &[u8], name: &[u8]) -> bool {
    entry.strip_prefix(name).and_then(|r| r.first()) == Some(&b'=')
}

impl Strings {
    pub const fn new() -> Self {
        Strings {
            list: core::ptr::null_mut(),
            len: 0,
            cap: 0,
        }
    }

    /// The strings at `ptrs` (each NUL-terminated, kept alive by the caller), with room to
    /// grow by `spare`.
    pub fn from_ptrs(ptrs: impl ExactSizeIterator<Item = *mut u8>, spare: usize) -> Self {
        let mut s = Strings::new();
        if s.reserve(ptrs.len() + spare).is_ok() {
            for p in ptrs {
                // Cannot fail: room was reserved.
                let _ = s.push(p);
            }
        }
        s
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The array (allocated if it was not yet), NULL only when out of memory.
    pub fn as_ptr(&mut self) -> *mut u64 {
        if self.list.is_null() {
            let _ = self.reserve(0);
        }
        self.list
    }

    /// Makes room for `n` entries and the NULL.
    fn reserve(&mut self, n: usize) -> Result<(), i32> {
        if n < self.cap && !self.list.is_null() {
            return Ok(());
        }
        let cap = n.max(self.cap * 2).max(8) + 1;
        let list = arena::alloc(cap * 8) as *mut u64;
        if list.is_null() {
            return Err(ENOMEM);
        }
        // SAFETY: `list` has room for `cap > len` entries; the old array (if any) holds
        // `len + 1` valid entries and does not overlap fresh memory.
        unsafe {
            if !self.list.is_null() {
                core::ptr::copy_nonoverlapping(self.list, list, self.len);
            }
            *list.add(self.len) = 0;
        }
        self.list = list;
        self.cap = cap - 1;
        Ok(())
    }

    fn push(&mut self, p: *mut u8) -> Result<(), i32> {
        self.reserve(self.len + 1)?;
        // SAFETY: `reserve` made room for `len + 1` entries and the NULL.
        unsafe {
            *self.list.add(self.len) = p as usize as u64;
            *self.list.add(self.len + 1) = 0;
        }
        self.len += 1;
        Ok(())
    }

    /// Entry `i` (`i < len`).
    fn get(&self, i: usize) -> *mut u8 {
        if i >= self.len {
            return core::ptr::null_mut();
        }
        // SAFETY: `i < len`: a valid entry of the array.
        unsafe { *self.list.add(i) as usize as *mut u8 }
    }

    /// The bytes of entry `i`.
    fn bytes(&self, i: usize) -> &[u8] {
        // SAFETY: every entry is a NUL-terminated string kept alive as long as the array
        // refers to it (arena memory, or a `putenv` string the program must keep).
        unsafe { cstr(self.get(i)) }.unwrap_or(&[])
    }

    /// The index of the first `name=…` entry.
    pub fn find(&self, name: &[u8]) -> Option<usize> {
        (0..self.len).find(|&i| names(self.bytes(i), name))
    }

    /// `getenv(name)`: the value of the first `name=…` entry, NULL if there is none.
    pub fn value(&self, name: &[u8]) -> *mut u8 {
        match self.find(name) {
            // SAFETY: the entry starts with `name=`, so the value starts inside it.
            Some(i) => unsafe { self.get(i).add(name.len() + 1) },
            None => core::ptr::null_mut(),
        }
    }

    /// Replaces the first `name=…` entry by `entry`, or appends it.
    pub fn put(&mut self, name: &[u8], entry: *mut u8) -> Result<(), i32> {
        match self.find(name) {
            Some(i) => {
                // SAFETY: `i < len`.
                unsafe { *self.list.add(i) = entry as usize as u64 };
                Ok(())
            }
            None => self.push(entry),
        }
    }

    /// Removes every `name=…` entry, keeping the order of the others.
    pub fn remove(&mut self, name: &[u8]) {
        let mut kept = 0;
        for i in 0..self.len {
            if !names(self.bytes(i), name) {
                // SAFETY: `kept <= i < len`.
                unsafe { *self.list.add(kept) = *self.list.add(i) };
                kept += 1;
            }
        }
        if !self.list.is_null() {
            // SAFETY: `kept <= len`, within the array.
            unsafe { *self.list.add(kept) = 0 };
        }
        self.len = kept;
    }

    /// `setenv(name, value, overwrite)` on valid arguments.
    pub fn set(&mut self, name: &[u8], value: &[u8], overwrite: bool) -> Result<(), i32> {
        if !overwrite && self.find(name).is_some() {
            return Ok(());
        }
        let entry = arena::alloc(name.len() + value.len() + 2);
        if entry.is_null() {
            return Err(ENOMEM);
        }
        // SAFETY: `entry` has room for `name`, '=', `value` and a NUL.
        unsafe {
            core::ptr::copy_nonoverlapping(name.as_ptr(), entry, name.len());
            *entry.add(name.len()) = b'=';
            core::ptr::copy_nonoverlapping(value.as_ptr(), entry.add(name.len() + 1), value.len());
            *entry.add(name.len() + 1 + value.len()) = 0;
        }
        self.put(name, entry)
    }

    /// `putenv(string)`: `string` itself becomes the entry; without a `=` it removes the
    /// variable (glibc).
    ///
    /// # Safety
    /// `string` is NULL or a NUL-terminated string that stays alive and unchanged while it is
    /// in the environment (C's contract for `putenv`).
    pub unsafe fn putenv(&mut self, string: *mut u8) -> Result<(), i32> {
        // SAFETY: the caller's contract.
        let s = unsafe { cstr(string) }.unwrap_or(&[]);
        match s.iter().position(|&c| c == b'=') {
            Some(eq) => self.put(s.get(..eq).unwrap_or(&[]), string),
            None => {
                self.remove(s);
                Ok(())
            }
        }
    }
}

/// `setenv`'s and `unsetenv`'s check of a name: non-empty, without `=`.
pub fn valid_name(name: &[u8]) -> Result<(), i32> {
    if name.is_empty() || name.contains(&b'=') {
        return Err(EINVAL);
    }
    Ok(())
}

/// The length `argv[0]` keeps: a trailing `.wasm` of its last component goes (unless that is
/// all there is).
pub fn arg0_len(arg0: &[u8]) -> usize {
    let base = arg0.rsplit(|&c| c == b'/').next().unwrap_or(arg0);
    match base.strip_suffix(b".wasm") {
        Some(stem) if !stem.is_empty() => arg0.len() - 5,
        _ => arg0.len(),
    }
}

#[cfg(target_arch = "wasm32")]
mod exports {
    use super::super::errno::{fail, EFAULT};
    use super::super::{arena, cstr, sys};
    use super::{arg0_len, valid_name, Strings};
    use crate::Global;

    /// Fetches WASI's argument or environment strings into arena memory.
    fn fetch(env: bool) -> Strings {
        let (mut count, mut size) = (0usize, 0usize);
        // SAFETY: both pointers are valid places for the results.
        let e = unsafe {
            if env {
                sys::environ_sizes_get(&mut count, &mut size)
            } else {
                sys::args_sizes_get(&mut count, &mut size)
            }
        };
        let ptrs = arena::alloc(count * 4) as *mut *mut u8;
        let buf = arena::alloc(size);
        if e != 0 || ptrs.is_null() || buf.is_null() {
            return Strings::from_ptrs(core::iter::empty(), 8);
        }
        // SAFETY: `ptrs` has room for `count` pointers and `buf` for `size` bytes, as the host
        // said; afterwards each pointer is a NUL-terminated string inside `buf`.
        let e = unsafe {
            if env {
                sys::environ_get(ptrs, buf)
            } else {
                sys::args_get(ptrs, buf)
            }
        };
        if e != 0 {
            return Strings::from_ptrs(core::iter::empty(), 8);
        }
        // SAFETY: `count` pointers were written.
        let list = unsafe { core::slice::from_raw_parts(ptrs, count) };
        Strings::from_ptrs(list.iter().copied(), if env { 16 } else { 0 })
    }

    struct State {
        loaded: bool,
        /// `getFullProgArgv`.
        full: Strings,
        /// `getProgArgv` (`setProgArgv` replaces it).
        prog: Strings,
        env: Option<Strings>,
    }

    static STATE: Global<State> = Global::new(State {
        loaded: false,
        full: Strings::new(),
        prog: Strings::new(),
        env: None,
    });

    fn args(s: &mut State) {
        if s.loaded {
            return;
        }
        s.loaded = true;
        let full = fetch(false);
        if let Some(p) = full.as_ptr_opt() {
            // SAFETY: argv[0] is a NUL-terminated string in arena memory, ours to shorten.
            unsafe {
                let a0 = *p as usize as *mut u8;
                if let Some(bytes) = cstr(a0) {
                    *a0.add(arg0_len(bytes)) = 0;
                }
            }
        }
        s.prog = Strings::from_ptrs((0..full.len()).map(|i| full.get(i)), 0);
        s.full = full;
    }

    impl Strings {
        /// The array when it has an entry.
        fn as_ptr_opt(&self) -> Option<*mut u64> {
            (!self.is_empty()).then_some(self.list)
        }
    }

    fn env<R>(f: impl FnOnce(&mut Strings) -> R) -> R {
        STATE.with(|s| f(s.env.get_or_insert_with(|| fetch(true))))
    }

    /// Writes `argc` (a C `int`) and `argv` (an 8-byte pointer) for Haskell.
    fn give(list: &mut Strings, argc: *mut i32, argv: *mut u64) {
        let n = list.len() as i32;
        let p = list.as_ptr() as usize as u64;
        // SAFETY: C's contract: NULL or valid places for an `int` and a `char **`.
        unsafe {
            if !argc.is_null() {
                argc.write_unaligned(n);
            }
            if !argv.is_null() {
                argv.write_unaligned(p);
            }
        }
    }

    /// `getProgArgv(int *argc, char ***argv)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_getProgArgv(argc: *mut i32, argv: *mut u64) {
        STATE.with(|s| {
            args(s);
            give(&mut s.prog, argc, argv)
        })
    }

    /// `getFullProgArgv(int *argc, char ***argv)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_getFullProgArgv(argc: *mut i32, argv: *mut u64) {
        STATE.with(|s| {
            args(s);
            give(&mut s.full, argc, argv)
        })
    }

    /// `setProgArgv(int argc, char **argv)`: copies the strings.
    #[no_mangle]
    pub extern "C" fn ahc_c_setProgArgv(argc: i64, argv: *const u64) {
        let n = (argc as i32).max(0) as usize;
        let copies = (0..n).map(|i| {
            // SAFETY: C's contract: `argv` holds `argc` pointers to NUL-terminated strings.
            let s = unsafe { cstr(*argv.add(i) as usize as *const u8) }.unwrap_or(&[]);
            arena::c_string(s)
        });
        let prog = Strings::from_ptrs(copies, 0);
        STATE.with(|s| {
            args(s);
            s.prog = prog;
        })
    }

    /// `getenv(name)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_getenv(name: *const u8) -> *mut u8 {
        // SAFETY: C's contract: a NUL-terminated name.
        match unsafe { cstr(name) } {
            Some(n) => env(|e| e.value(n)),
            None => core::ptr::null_mut(),
        }
    }

    /// `setenv(name, value, overwrite)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_setenv(name: *const u8, value: *const u8, overwrite: i64) -> i64 {
        // SAFETY: C's contract: NUL-terminated strings.
        let (n, v) = unsafe { (cstr(name).unwrap_or(&[]), cstr(value)) };
        let Some(v) = v else {
            return fail(EFAULT);
        };
        match valid_name(n).and_then(|()| env(|e| e.set(n, v, overwrite as i32 != 0))) {
            Ok(()) => 0,
            Err(e) => fail(e),
        }
    }

    /// `unsetenv(name)` (`capi` wrapper, `System.Environment.Blank`).
    #[no_mangle]
    pub extern "C" fn ahc_c_unsetenv(name: *const u8) -> i64 {
        // SAFETY: C's contract: a NUL-terminated name.
        let n = unsafe { cstr(name) }.unwrap_or(&[]);
        match valid_name(n) {
            Ok(()) => {
                env(|e| e.remove(n));
                0
            }
            Err(e) => fail(e),
        }
    }

    /// `__hsbase_unsetenv(name)`: `unsetenv`.
    #[no_mangle]
    pub extern "C" fn ahc_c___hsbase_unsetenv(name: *const u8) -> i64 {
        ahc_c_unsetenv(name)
    }

    /// `putenv(string)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_putenv(string: *mut u8) -> i64 {
        if string.is_null() {
            return fail(EFAULT);
        }
        // SAFETY: C's contract for `putenv`.
        match env(|e| unsafe { e.putenv(string) }) {
            Ok(()) => 0,
            Err(e) => fail(e),
        }
    }

    /// `__hscore_environ()`: `environ`, a NULL-terminated array of 8-byte pointers.
    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_environ() -> *mut u8 {
        env(|e| e.as_ptr() as *mut u8)
    }

    /// `localeEncoding()`: the name of the locale's character encoding.
    #[no_mangle]
    pub extern "C" fn ahc_c_localeEncoding() -> *const u8 {
        c"UTF-8".as_ptr() as *const u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::ToOwned;
    use std::ffi::CStr;
    use std::format;
    use std::string::String;
    use std::vec::Vec;

    fn leak(s: &str) -> *mut u8 {
        arena::c_string(s.as_bytes())
    }

    fn contents(e: &mut Strings) -> Vec<String> {
        let p = e.as_ptr();
        let mut out = Vec::new();
        for i in 0.. {
            // SAFETY: a NULL-terminated array of pointers to C strings (what is under test).
            let q = unsafe { *p.add(i) } as usize as *const core::ffi::c_char;
            if q.is_null() {
                assert_eq!(i, e.len());
                break;
            }
            // SAFETY: as above.
            out.push(unsafe { CStr::from_ptr(q) }.to_str().unwrap().to_owned());
        }
        out
    }

    fn value(e: &Strings, name: &str) -> Option<String> {
        let p = e.value(name.as_bytes());
        // SAFETY: `value` returns NULL or a pointer into a C string.
        (!p.is_null()).then(|| {
            unsafe { CStr::from_ptr(p as *const _) }
                .to_str()
                .unwrap()
                .to_owned()
        })
    }

    #[test]
    fn environment_like_glibc() {
        let init = ["HOME=/root", "PATH=/bin", "EMPTY=", "X=1=2"].map(leak);
        let mut e = Strings::from_ptrs(init.into_iter(), 1);
        assert_eq!(value(&e, "HOME").as_deref(), Some("/root"));
        assert_eq!(value(&e, "EMPTY").as_deref(), Some(""));
        assert_eq!(value(&e, "X").as_deref(), Some("1=2"));
        assert_eq!(value(&e, "HOM"), None);
        assert_eq!(value(&e, "HOMEX"), None);
        assert_eq!(value(&e, "nope"), None);
        // setenv: replace in place, append new ones (growing the array repeatedly).
        e.set(b"PATH", b"/usr/bin", true).unwrap();
        e.set(b"HOME", b"ignored", false).unwrap();
        for i in 0..40 {
            e.set(format!("V{i}").as_bytes(), b"v", true).unwrap();
        }
        let c = contents(&mut e);
        assert_eq!(
            &c[..5],
            ["HOME=/root", "PATH=/usr/bin", "EMPTY=", "X=1=2", "V0=v"]
        );
        assert_eq!(c.len(), 44);
        // unsetenv keeps the order; putenv stores the string itself.
        for i in 0..40 {
            e.remove(format!("V{i}").as_bytes());
        }
        e.remove(b"PATH");
        let s = leak("NEW=mine");
        // SAFETY: the strings are leaked C strings.
        unsafe {
            e.putenv(s).unwrap();
            assert_eq!(e.value(b"NEW"), s.wrapping_add(4));
            e.putenv(leak("HOME=/home")).unwrap();
            e.putenv(leak("EMPTY")).unwrap();
        }
        assert_eq!(contents(&mut e), ["HOME=/home", "X=1=2", "NEW=mine"]);
        assert_eq!(valid_name(b""), Err(EINVAL));
        assert_eq!(valid_name(b"A=B"), Err(EINVAL));
        assert_eq!(valid_name(b"A"), Ok(()));
    }

    #[test]
    fn empty_environment() {
        let mut e = Strings::from_ptrs(core::iter::empty(), 0);
        assert!(contents(&mut e).is_empty());
        e.remove(b"A");
        e.set(b"A", b"b", false).unwrap();
        assert_eq!(contents(&mut e), ["A=b"]);
        let mut n = Strings::new();
        assert!(!n.as_ptr().is_null());
        assert!(contents(&mut n).is_empty());
    }

    #[test]
    fn program_name() {
        assert_eq!(arg0_len(b"/a/b/fib.wasm"), b"/a/b/fib".len());
        assert_eq!(arg0_len(b"fib"), 3);
        assert_eq!(arg0_len(b".wasm"), 5);
        assert_eq!(arg0_len(b"dir/.wasm"), 9);
        assert_eq!(arg0_len(b"x.wasm.wasm"), 6);
        assert_eq!(arg0_len(b""), 0);
    }
}
