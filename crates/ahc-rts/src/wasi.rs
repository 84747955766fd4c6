//! WASI preview 1 imports (module `wasi_snapshot_preview1`) and safe wrappers.
//!
//! The runtime's only way to reach the host: the same `.wasm` runs under wasmtime/wasmi, node
//! and browsers (through `rts.mjs`).

/// A WASI `ciovec`: a buffer to write.
#[repr(C)]
struct Ciovec {
    buf: *const u8,
    len: usize,
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn fd_write(fd: i32, iovs: *const Ciovec, iovs_len: i32, nwritten: *mut usize) -> i32;
    fn proc_exit(code: i32) -> !;
    fn args_sizes_get(argc: *mut usize, argv_buf_size: *mut usize) -> i32;
    fn args_get(argv: *mut *mut u8, argv_buf: *mut u8) -> i32;
}

/// Writes all of `bytes` to `fd`; gives up silently on an error (there is nowhere to report it).
pub fn write_all(fd: i32, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        let iov = Ciovec {
            buf: bytes.as_ptr(),
            len: bytes.len(),
        };
        let mut written = 0usize;
        // SAFETY: `iov` describes `bytes`, valid for reads for the whole call; `written` is a
        // valid place for the result.
        let errno = unsafe { fd_write(fd, &iov, 1, &mut written) };
        if errno != 0 || written == 0 {
            return;
        }
        bytes = bytes.get(written..).unwrap_or(&[]);
    }
}

/// Writes the concatenation of `parts` to `fd`, in one `fd_write` call when the host allows.
pub fn write_parts(fd: i32, parts: &[&[u8]]) {
    const MAX: usize = 8;
    let mut iovs = [const {
        Ciovec {
            buf: core::ptr::null(),
            len: 0,
        }
    }; MAX];
    let mut total = 0;
    for (iov, part) in iovs.iter_mut().zip(parts) {
        *iov = Ciovec {
            buf: part.as_ptr(),
            len: part.len(),
        };
        total += part.len();
    }
    let mut written = 0usize;
    // SAFETY: the first `n` iovecs describe slices in `parts`, valid for reads for the call;
    // `written` is a valid place for the result.
    let errno = unsafe { fd_write(fd, iovs.as_ptr(), parts.len().min(MAX) as i32, &mut written) };
    if errno == 0 && written == total && parts.len() <= MAX {
        return;
    }
    // Partial write or error: finish part by part.
    let mut skip = if errno == 0 { written } else { 0 };
    for part in parts {
        if skip >= part.len() {
            skip -= part.len();
            continue;
        }
        write_all(fd, part.get(skip..).unwrap_or(&[]));
        skip = 0;
    }
}

/// Terminates the program with `code` (`proc_exit`).
pub fn exit(code: i32) -> ! {
    // SAFETY: proc_exit takes a plain integer and does not return.
    unsafe { proc_exit(code) }
}

/// Calls `f` with `argv[0]` (empty if there is none or it cannot be fetched).
///
/// The argument strings are fetched into `scratch` when they fit, else into memory freshly
/// obtained with `memory.grow` (never returned: this is used on the way to exit).
pub fn with_argv0<R>(scratch: &mut [u32], f: impl FnOnce(&[u8]) -> R) -> R {
    let (mut argc, mut size) = (0usize, 0usize);
    // SAFETY: both pointers are valid places for the results.
    if unsafe { args_sizes_get(&mut argc, &mut size) } != 0 || argc == 0 {
        return f(&[]);
    }
    let words = argc + size.div_ceil(4);
    let area: *mut u32 = if words <= scratch.len() {
        scratch.as_mut_ptr()
    } else {
        let pages = (words * 4).div_ceil(crate::mem::WASM_PAGE as usize);
        let old = core::arch::wasm32::memory_grow(0, pages);
        if old == usize::MAX {
            return f(&[]);
        }
        (old * crate::mem::WASM_PAGE as usize) as *mut u32
    };
    // SAFETY: `area` has room for `argc` pointers followed by `size` bytes (checked above), is
    // 4-aligned, and is exclusively ours (a `&mut` scratch buffer or freshly grown memory).  After
    // a successful `args_get`, argv[0] points to a NUL-terminated string inside that buffer.
    unsafe {
        let argv = area as *mut *mut u8;
        let buf = area.add(argc) as *mut u8;
        if args_get(argv, buf) != 0 {
            return f(&[]);
        }
        let arg0 = *argv;
        if arg0.is_null() {
            return f(&[]);
        }
        f(core::ffi::CStr::from_ptr(arg0 as *const core::ffi::c_char).to_bytes())
    }
}
