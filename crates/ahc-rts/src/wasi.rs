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
    fn environ_sizes_get(count: *mut usize, buf_size: *mut usize) -> i32;
    fn environ_get(environ: *mut *mut u8, environ_buf: *mut u8) -> i32;
    fn clock_time_get(id: u32, precision: u64, time: *mut u64) -> i32;
}

/// The monotonic clock in nanoseconds (0 if the host has none).
pub fn now_ns() -> u64 {
    let mut t = 0u64;
    // SAFETY: `t` is a valid place for the result; clock 1 is CLOCK_MONOTONIC.
    if unsafe { clock_time_get(1, 1000, &mut t) } != 0 {
        return 0;
    }
    t
}

/// Whether environment variable `name` is set to something other than "" or "0".  The
/// environment is fetched into a block group taken from `blocks` and given back.
pub fn env_flag<M: crate::mem::LinearMemory>(
    blocks: &mut crate::block::BlockAlloc<M>,
    name: &[u8],
) -> bool {
    let (mut count, mut size) = (0usize, 0usize);
    // SAFETY: both pointers are valid places for the results.
    if unsafe { environ_sizes_get(&mut count, &mut size) } != 0 || count == 0 {
        return false;
    }
    let bytes = count * 4 + size;
    let n = bytes.div_ceil(crate::block::BLOCK_SIZE as usize) as u32;
    let Ok(head) = blocks.alloc_group(n) else {
        return false;
    };
    let area = blocks.get(head, crate::block::field::START) as usize;
    let mut found = false;
    // SAFETY: the group is `n` blocks of memory we own exclusively, room for `count` pointers
    // followed by `size` bytes; after a successful `environ_get` each pointer is a
    // NUL-terminated string inside the buffer.
    unsafe {
        let env = area as *mut *mut u8;
        let buf = (area + count * 4) as *mut u8;
        if environ_get(env, buf) == 0 {
            for i in 0..count {
                let s = core::ffi::CStr::from_ptr(*env.add(i) as *const core::ffi::c_char);
                let s = s.to_bytes();
                if let Some(v) = s.strip_prefix(name).and_then(|r| r.strip_prefix(b"=")) {
                    found = !v.is_empty() && v != b"0";
                }
            }
        }
    }
    blocks.free_group(head);
    found
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
    // `f` is called in one place only, so that it is inlined once (size).
    f(argv0(scratch))
}

/// `argv[0]` for [`with_argv0`].
fn argv0(scratch: &mut [u32]) -> &[u8] {
    let (mut argc, mut size) = (0usize, 0usize);
    // SAFETY: both pointers are valid places for the results.
    if unsafe { args_sizes_get(&mut argc, &mut size) } != 0 || argc == 0 {
        return &[];
    }
    let words = argc + size.div_ceil(4);
    let area: *mut u32 = if words <= scratch.len() {
        scratch.as_mut_ptr()
    } else {
        let pages = (words * 4).div_ceil(crate::mem::WASM_PAGE as usize);
        let old = core::arch::wasm32::memory_grow(0, pages);
        if old == usize::MAX {
            return &[];
        }
        (old * crate::mem::WASM_PAGE as usize) as *mut u32
    };
    // SAFETY: `area` has room for `argc` pointers followed by `size` bytes (checked above), is
    // 4-aligned, and is exclusively ours (the `&mut` scratch buffer, borrowed for the result's
    // lifetime, or freshly grown memory that is never reused).  After a successful `args_get`,
    // argv[0] points to a NUL-terminated string inside that buffer.
    unsafe {
        let argv = area as *mut *mut u8;
        let buf = area.add(argc) as *mut u8;
        if args_get(argv, buf) != 0 {
            return &[];
        }
        let arg0 = *argv;
        if arg0.is_null() {
            return &[];
        }
        core::ffi::CStr::from_ptr(arg0 as *const core::ffi::c_char).to_bytes()
    }
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    #[link_name = "poll_oneoff"]
    fn sched_poll_oneoff(subs: *const u8, events: *mut u8, n: usize, nevents: *mut usize) -> i32;
}

/// Sleeps the host for `ns` nanoseconds (`poll_oneoff` with one relative clock subscription on
/// the monotonic clock): the scheduler's wait when every thread sleeps.
pub fn sleep_ns(ns: u64) {
    let mut sub = [0u8; 48];
    // tag 0 = clock at offset 8; clock id at 16, timeout at 24, precision at 32, flags at 40.
    sub[16..20].copy_from_slice(&1u32.to_le_bytes());
    sub[24..32].copy_from_slice(&ns.to_le_bytes());
    let mut event = [0u8; 32];
    let mut n = 0usize;
    // SAFETY: `sub` is one valid 48-byte subscription, `event` room for one 32-byte event,
    // `n` a valid place for the count; all live for the call.
    unsafe { sched_poll_oneoff(sub.as_ptr(), event.as_mut_ptr(), 1, &mut n) };
}
