//! Our WASI preview 1 host functions (module `wasi_snapshot_preview1`).
//!
//! The same set, with the same answers, as `rts.mjs` in `ahc-js`, so a program behaves the same
//! under node and here: args, environ, fd_write/fd_read on the standard streams (every write is
//! flushed at once, so stdout/stderr interleave exactly as the program wrote them), clocks,
//! random bytes, proc_exit, and stubs with proper errnos for descriptors and preopens.  Any other
//! WASI function the program imports answers `ENOSYS`.

use std::io::{Read, Write};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use wasmi::{Caller, Error, Extern, FuncType, Linker, Val, ValType};

pub(crate) const MODULE: &str = "wasi_snapshot_preview1";

// errno values.
const ESUCCESS: i32 = 0;
const EBADF: i32 = 8;
const EFAULT: i32 = 21;
const EINVAL: i32 = 28;
const EIO: i32 = 29;
const ENOSYS: i32 = 52;
const ESPIPE: i32 = 70;

// File types.
const FILETYPE_UNKNOWN: u8 = 0;
const FILETYPE_CHARACTER_DEVICE: u8 = 2;

/// The functions defined here (the others get ENOSYS stubs).
pub(crate) const FUNCTIONS: &[&str] = &[
    "args_get",
    "args_sizes_get",
    "environ_get",
    "environ_sizes_get",
    "fd_write",
    "fd_read",
    "fd_close",
    "fd_seek",
    "fd_sync",
    "fd_fdstat_get",
    "fd_fdstat_set_flags",
    "fd_prestat_get",
    "fd_prestat_dir_name",
    "clock_res_get",
    "clock_time_get",
    "random_get",
    "sched_yield",
    "proc_exit",
];

/// The program's view of the host.
pub(crate) struct Host {
    /// argv, each NUL-terminated.
    pub args: Vec<Vec<u8>>,
    /// `KEY=value` strings, each NUL-terminated.
    pub env: Vec<Vec<u8>>,
    pub stdin: Box<dyn Read + Send>,
    pub stdout: Box<dyn Write + Send>,
    pub stderr: Box<dyn Write + Send>,
    /// The streams are the process's own (so their file type can be asked of the OS).
    pub inherited: bool,
    /// Origin of the monotonic clock.
    pub start: Instant,
}

/// NUL-terminated copies of `strings`.
pub(crate) fn c_strings<S: AsRef<[u8]>>(strings: impl IntoIterator<Item = S>) -> Vec<Vec<u8>> {
    strings
        .into_iter()
        .map(|s| {
            let mut v = s.as_ref().to_vec();
            v.push(0);
            v
        })
        .collect()
}

/// Linear memory and host state of the calling instance.
fn memory<'a>(caller: &'a mut Caller<'_, Host>) -> Result<(&'a mut [u8], &'a mut Host), Error> {
    let mem = caller
        .get_export("memory")
        .and_then(Extern::into_memory)
        .ok_or_else(|| Error::new("the program exports no memory"))?;
    Ok(mem.data_and_store_mut(caller))
}

/// Bounds-checked access to guest memory; `None` = the guest passed a bad pointer (EFAULT).
fn range(mem: &[u8], ptr: i32, len: usize) -> Option<std::ops::Range<usize>> {
    let start = ptr as u32 as usize;
    let end = start.checked_add(len)?;
    (end <= mem.len()).then_some(start..end)
}

fn load_u32(mem: &[u8], ptr: i32) -> Option<u32> {
    let r = range(mem, ptr, 4)?;
    Some(u32::from_le_bytes(mem[r].try_into().ok()?))
}

fn store(mem: &mut [u8], ptr: i32, bytes: &[u8]) -> Option<()> {
    let r = range(mem, ptr, bytes.len())?;
    mem[r].copy_from_slice(bytes);
    Some(())
}

/// The `(ptr, len)` pairs of an iovec array.
fn iovecs(mem: &[u8], iovs: i32, count: i32) -> Option<Vec<(i32, usize)>> {
    (0..count.max(0))
        .map(|i| {
            let at = iovs.wrapping_add(8 * i);
            let ptr = load_u32(mem, at)? as i32;
            let len = load_u32(mem, at.wrapping_add(4))? as usize;
            range(mem, ptr, len)?;
            Some((ptr, len))
        })
        .collect()
}

fn errno(r: Option<i32>) -> i32 {
    r.unwrap_or(EFAULT)
}

fn get_strings(
    caller: &mut Caller<'_, Host>,
    env: bool,
    ptrs: i32,
    buf: i32,
) -> Result<i32, Error> {
    let (mem, host) = memory(caller)?;
    let strings = if env { &host.env } else { &host.args };
    let mut p = buf;
    for (i, s) in strings.iter().enumerate() {
        if store(
            mem,
            ptrs.wrapping_add(4 * i as i32),
            &(p as u32).to_le_bytes(),
        )
        .is_none()
            || store(mem, p, s).is_none()
        {
            return Ok(EFAULT);
        }
        p = p.wrapping_add(s.len() as i32);
    }
    Ok(ESUCCESS)
}

fn get_sizes(
    caller: &mut Caller<'_, Host>,
    env: bool,
    count: i32,
    size: i32,
) -> Result<i32, Error> {
    let (mem, host) = memory(caller)?;
    let strings = if env { &host.env } else { &host.args };
    let total: usize = strings.iter().map(Vec::len).sum();
    Ok(errno((|| {
        store(mem, count, &(strings.len() as u32).to_le_bytes())?;
        store(mem, size, &(total as u32).to_le_bytes())?;
        Some(ESUCCESS)
    })()))
}

fn fd_write(
    caller: Caller<'_, Host>,
    fd: i32,
    iovs: i32,
    n: i32,
    nwritten: i32,
) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let sink: &mut dyn Write = match fd {
        1 => &mut host.stdout,
        2 => &mut host.stderr,
        _ => return Ok(EBADF),
    };
    let Some(bufs) = iovecs(mem, iovs, n) else {
        return Ok(EFAULT);
    };
    let mut total = 0usize;
    for (ptr, len) in bufs {
        let r = ptr as u32 as usize..ptr as u32 as usize + len;
        if sink.write_all(&mem[r]).is_err() {
            return Ok(EIO);
        }
        total += len;
    }
    if sink.flush().is_err() {
        return Ok(EIO);
    }
    Ok(errno(
        store(mem, nwritten, &(total as u32).to_le_bytes()).map(|()| ESUCCESS),
    ))
}

fn fd_read(caller: Caller<'_, Host>, fd: i32, iovs: i32, n: i32, nread: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    if fd != 0 {
        return Ok(EBADF);
    }
    let Some(bufs) = iovecs(mem, iovs, n) else {
        return Ok(EFAULT);
    };
    let mut total = 0usize;
    for (ptr, len) in bufs {
        if len == 0 {
            continue;
        }
        let r = ptr as u32 as usize..ptr as u32 as usize + len;
        let got = loop {
            match host.stdin.read(&mut mem[r.clone()]) {
                Ok(k) => break k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(_) => return Ok(EIO),
            }
        };
        total += got;
        if got < len {
            break;
        }
    }
    Ok(errno(
        store(mem, nread, &(total as u32).to_le_bytes()).map(|()| ESUCCESS),
    ))
}

fn is_stdio(fd: i32) -> bool {
    (0..=2).contains(&fd)
}

/// The WASI file type of the process's own descriptor `fd`.
#[cfg(unix)]
fn os_filetype(fd: i32) -> u8 {
    // SAFETY: fstat only writes into the zeroed `st` we own; an invalid fd is reported as an error.
    let mode = unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        if libc::fstat(fd, &mut st) != 0 {
            return FILETYPE_UNKNOWN;
        }
        st.st_mode & libc::S_IFMT
    };
    match mode {
        libc::S_IFCHR => FILETYPE_CHARACTER_DEVICE,
        libc::S_IFREG => 4,
        libc::S_IFDIR => 3,
        libc::S_IFSOCK => 6,
        libc::S_IFBLK => 1,
        _ => FILETYPE_UNKNOWN,
    }
}

#[cfg(not(unix))]
fn os_filetype(_fd: i32) -> u8 {
    FILETYPE_UNKNOWN
}

fn fd_fdstat_get(caller: Caller<'_, Host>, fd: i32, ptr: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    if !is_stdio(fd) {
        return Ok(EBADF);
    }
    let filetype = if host.inherited {
        os_filetype(fd)
    } else {
        FILETYPE_CHARACTER_DEVICE
    };
    // fdstat: filetype u8, fs_flags u16 at 2, rights_base u64 at 8, rights_inheriting at 16.
    let mut st = [0u8; 24];
    st[0] = filetype;
    let rights: u64 = if fd == 0 { 1 << 1 } else { 1 << 6 }; // fd_read / fd_write
    st[8..16].copy_from_slice(&rights.to_le_bytes());
    Ok(errno(store(mem, ptr, &st).map(|()| ESUCCESS)))
}

/// Nanoseconds of process CPU time.
#[cfg(unix)]
fn cpu_time_ns(thread: bool) -> Option<u64> {
    let clock = if thread {
        libc::CLOCK_THREAD_CPUTIME_ID
    } else {
        libc::CLOCK_PROCESS_CPUTIME_ID
    };
    // SAFETY: clock_gettime writes only into `ts`, which we own.
    let ts = unsafe {
        let mut ts: libc::timespec = std::mem::zeroed();
        if libc::clock_gettime(clock, &mut ts) != 0 {
            return None;
        }
        ts
    };
    Some(ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64)
}

#[cfg(not(unix))]
fn cpu_time_ns(_thread: bool) -> Option<u64> {
    None
}

fn clock_time_get(
    caller: Caller<'_, Host>,
    id: i32,
    _precision: i64,
    ptr: i32,
) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let ns: u64 = match id {
        0 => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
        1 => host.start.elapsed().as_nanos() as u64,
        2 | 3 => match cpu_time_ns(id == 3) {
            Some(ns) => ns,
            None => host.start.elapsed().as_nanos() as u64,
        },
        _ => return Ok(EINVAL),
    };
    Ok(errno(store(mem, ptr, &ns.to_le_bytes()).map(|()| ESUCCESS)))
}

fn clock_res_get(caller: Caller<'_, Host>, id: i32, ptr: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, _) = memory(&mut caller)?;
    let res: u64 = match id {
        0 => 1_000,
        1..=3 => 1,
        _ => return Ok(EINVAL),
    };
    Ok(errno(
        store(mem, ptr, &res.to_le_bytes()).map(|()| ESUCCESS),
    ))
}

/// Fills `buf` with random bytes: the OS's (`/dev/urandom`), else std's per-process random
/// hash keys stretched with a counter.
fn fill_random(buf: &mut [u8]) {
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        if f.read_exact(buf).is_ok() {
            return;
        }
    }
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    for (i, chunk) in buf.chunks_mut(8).enumerate() {
        let mut h = state.build_hasher();
        h.write_usize(i);
        let v = h.finish().to_le_bytes();
        chunk.copy_from_slice(&v[..chunk.len()]);
    }
}

fn random_get(caller: Caller<'_, Host>, ptr: i32, len: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, _) = memory(&mut caller)?;
    match range(mem, ptr, len as u32 as usize) {
        Some(r) => {
            fill_random(&mut mem[r]);
            Ok(ESUCCESS)
        }
        None => Ok(EFAULT),
    }
}

/// Defines our WASI functions in `linker`.
pub(crate) fn define(linker: &mut Linker<Host>) -> Result<(), wasmi::Error> {
    let m = MODULE;
    linker.func_wrap(
        m,
        "args_get",
        |mut c: Caller<'_, Host>, argv: i32, buf: i32| get_strings(&mut c, false, argv, buf),
    )?;
    linker.func_wrap(
        m,
        "args_sizes_get",
        |mut c: Caller<'_, Host>, n: i32, size: i32| get_sizes(&mut c, false, n, size),
    )?;
    linker.func_wrap(
        m,
        "environ_get",
        |mut c: Caller<'_, Host>, env: i32, buf: i32| get_strings(&mut c, true, env, buf),
    )?;
    linker.func_wrap(
        m,
        "environ_sizes_get",
        |mut c: Caller<'_, Host>, n: i32, size: i32| get_sizes(&mut c, true, n, size),
    )?;
    linker.func_wrap(m, "fd_write", fd_write)?;
    linker.func_wrap(m, "fd_read", fd_read)?;
    linker.func_wrap(m, "fd_close", |_: Caller<'_, Host>, fd: i32| -> i32 {
        if is_stdio(fd) {
            ESUCCESS
        } else {
            EBADF
        }
    })?;
    linker.func_wrap(
        m,
        "fd_seek",
        |_: Caller<'_, Host>, fd: i32, _off: i64, _whence: i32, _new: i32| -> i32 {
            if is_stdio(fd) {
                ESPIPE
            } else {
                EBADF
            }
        },
    )?;
    linker.func_wrap(m, "fd_sync", |_: Caller<'_, Host>, fd: i32| -> i32 {
        if is_stdio(fd) {
            ESUCCESS
        } else {
            EBADF
        }
    })?;
    linker.func_wrap(m, "fd_fdstat_get", fd_fdstat_get)?;
    linker.func_wrap(
        m,
        "fd_fdstat_set_flags",
        |_: Caller<'_, Host>, fd: i32, _flags: i32| -> i32 {
            if is_stdio(fd) {
                ENOSYS
            } else {
                EBADF
            }
        },
    )?;
    // No preopened directories: libc's preopen scan stops at the first EBADF.
    linker.func_wrap(
        m,
        "fd_prestat_get",
        |_: Caller<'_, Host>, _fd: i32, _p: i32| -> i32 { EBADF },
    )?;
    linker.func_wrap(
        m,
        "fd_prestat_dir_name",
        |_: Caller<'_, Host>, _fd: i32, _p: i32, _len: i32| -> i32 { EBADF },
    )?;
    linker.func_wrap(m, "clock_res_get", clock_res_get)?;
    linker.func_wrap(m, "clock_time_get", clock_time_get)?;
    linker.func_wrap(m, "random_get", random_get)?;
    linker.func_wrap(m, "sched_yield", |_: Caller<'_, Host>| -> i32 { ESUCCESS })?;
    linker.func_wrap(
        m,
        "proc_exit",
        |_: Caller<'_, Host>, code: i32| -> Result<(), Error> { Err(Error::i32_exit(code)) },
    )?;
    Ok(())
}

/// Defines an `ENOSYS` stub for an imported WASI function we do not implement.  Functions whose
/// results are not a single errno trap with a message instead.
pub(crate) fn define_stub(
    linker: &mut Linker<Host>,
    name: &str,
    ty: FuncType,
) -> Result<(), wasmi::Error> {
    let errno_result = ty.results() == [ValType::I32];
    let what = format!("unsupported WASI function {name}");
    linker.func_new(MODULE, name, ty, move |_, _, results: &mut [Val]| {
        if errno_result {
            results[0] = Val::I32(ENOSYS);
            Ok(())
        } else {
            Err(Error::new(what.clone()))
        }
    })?;
    Ok(())
}
