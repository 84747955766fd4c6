//! Our WASI preview 1 host functions (module `wasi_snapshot_preview1`).
//!
//! The same set, with the same answers, as `rts.mjs` in `ahc-js`, so a program behaves the same
//! under node and here: args, environ, the standard streams (every write is flushed at once, so
//! stdout/stderr interleave exactly as the program wrote them), files and directories through
//! preopened directories, clocks, `poll_oneoff` (clock subscriptions sleep), random bytes,
//! proc_exit.  Any other WASI function the program imports answers `ENOSYS`.
//!
//! ## Descriptors
//! 0–2 are the streams; then the preopens of [`crate::RunConfig::preopens`] (by default `.` =
//! the current directory as 3 and `/` as 4); files and directories opened with `path_open` get
//! the lowest free number after those.  A path is the host path of its directory descriptor,
//! `/`, and the path the program gave (not normalised, not confined: `..` climbs out as it
//! would for a native process — this is a runner, not a sandbox).  Files are opened with the
//! OS's `open(2)` with the flags `path_open` implies (access mode from the rights `fd_read`/
//! `fd_write`, `O_CREAT`/`O_EXCL`/`O_TRUNC`/`O_DIRECTORY`, `O_NOFOLLOW` without
//! `SYMLINK_FOLLOW`) and mode 0666, exactly as node's `fs.openSync` does for `rts.mjs`; OS
//! errors become WASI errnos.  `fdflags` are recorded: `APPEND` makes every write go to the end
//! of the file (done here, so `fd_fdstat_set_flags` can change it), `NONBLOCK` is only reported.
//! The streams' file types are the OS's when inherited (FIFOs and other unknown types are
//! `UNKNOWN`); a character device that is not a terminal (`/dev/null`) has the rights
//! `fd_seek`/`fd_tell`, a terminal does not (wasi-libc's `isatty` test).  Closing a stream
//! succeeds and changes nothing.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use wasmi::{Caller, Error, Extern, FuncType, Linker, Val, ValType};

pub(crate) const MODULE: &str = "wasi_snapshot_preview1";

// errno values.
const ESUCCESS: i32 = 0;
const EBADF: i32 = 8;
const EEXIST: i32 = 20;
const EFAULT: i32 = 21;
const EINVAL: i32 = 28;
const EIO: i32 = 29;
const EISDIR: i32 = 31;
const ENOENT: i32 = 44;
const ENOSYS: i32 = 52;
const ENOTDIR: i32 = 54;
const ESPIPE: i32 = 70;

// File types.
const FILETYPE_UNKNOWN: u8 = 0;
const FILETYPE_BLOCK_DEVICE: u8 = 1;
const FILETYPE_CHARACTER_DEVICE: u8 = 2;
const FILETYPE_DIRECTORY: u8 = 3;
const FILETYPE_REGULAR_FILE: u8 = 4;
const FILETYPE_SOCKET_STREAM: u8 = 6;
const FILETYPE_SYMBOLIC_LINK: u8 = 7;

// Rights.
const RIGHT_FD_READ: u64 = 1 << 1;
const RIGHT_FD_SEEK: u64 = 1 << 2;
const RIGHT_FD_TELL: u64 = 1 << 5;
const RIGHT_FD_WRITE: u64 = 1 << 6;
const RIGHTS_ALL: u64 = (1 << 30) - 1;

// oflags, fdflags, lookupflags.
const O_CREAT: i32 = 1;
const O_DIRECTORY: i32 = 2;
const O_EXCL: i32 = 4;
const O_TRUNC: i32 = 8;
const FDFLAG_APPEND: u16 = 1;
const LOOKUP_SYMLINK_FOLLOW: i32 = 1;

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
    "fd_tell",
    "fd_sync",
    "fd_fdstat_get",
    "fd_fdstat_set_flags",
    "fd_filestat_get",
    "fd_filestat_set_size",
    "fd_prestat_get",
    "fd_prestat_dir_name",
    "fd_renumber",
    "path_open",
    "path_filestat_get",
    "path_filestat_set_times",
    "path_unlink_file",
    "path_link",
    "path_readlink",
    "poll_oneoff",
    "clock_res_get",
    "clock_time_get",
    "random_get",
    "sched_yield",
    "proc_exit",
];

/// What a descriptor refers to.
pub(crate) enum Entry {
    /// Standard stream 0, 1 or 2 (of [`Host`]).
    Stdio(i32),
    /// A preopened directory: the name the program sees, the host path.
    Preopen { name: Vec<u8>, path: PathBuf },
    /// A file or directory from `path_open`.
    File {
        file: std::fs::File,
        path: PathBuf,
        dir: bool,
        rights: u64,
        fdflags: u16,
    },
}

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
    /// Descriptors, by number.
    pub fds: Vec<Option<Entry>>,
}

/// The descriptor table at start-up: the streams, then `preopens` (name, host directory).
pub(crate) fn initial_fds(preopens: &[(String, PathBuf)]) -> Vec<Option<Entry>> {
    let mut fds: Vec<Option<Entry>> = (0..3).map(|n| Some(Entry::Stdio(n))).collect();
    for (name, path) in preopens {
        fds.push(Some(Entry::Preopen {
            name: name.as_bytes().to_vec(),
            path: path.clone(),
        }));
    }
    fds
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

fn load_u64(mem: &[u8], ptr: i32) -> Option<u64> {
    let r = range(mem, ptr, 8)?;
    Some(u64::from_le_bytes(mem[r].try_into().ok()?))
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

/// The WASI errno for an OS error (Linux's numbers on unix, else by kind).
fn io_errno(e: &std::io::Error) -> i32 {
    #[cfg(unix)]
    if let Some(n) = e.raw_os_error() {
        return os_errno(n);
    }
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => ENOENT,
        K::PermissionDenied => 2,
        K::AlreadyExists => EEXIST,
        K::InvalidInput => EINVAL,
        K::Unsupported => 58,
        _ => EIO,
    }
}

/// The WASI errno for OS errno `n`.
#[cfg(unix)]
fn os_errno(n: i32) -> i32 {
    match n {
        libc::E2BIG => 1,
        libc::EACCES => 2,
        libc::EADDRINUSE => 3,
        libc::EADDRNOTAVAIL => 4,
        libc::EAFNOSUPPORT => 5,
        libc::EAGAIN => 6,
        libc::EALREADY => 7,
        libc::EBADF => EBADF,
        libc::EBADMSG => 9,
        libc::EBUSY => 10,
        libc::ECANCELED => 11,
        libc::ECHILD => 12,
        libc::ECONNABORTED => 13,
        libc::ECONNREFUSED => 14,
        libc::ECONNRESET => 15,
        libc::EDEADLK => 16,
        libc::EDESTADDRREQ => 17,
        libc::EDOM => 18,
        libc::EDQUOT => 19,
        libc::EEXIST => EEXIST,
        libc::EFAULT => EFAULT,
        libc::EFBIG => 22,
        libc::EHOSTUNREACH => 23,
        libc::EIDRM => 24,
        libc::EILSEQ => 25,
        libc::EINPROGRESS => 26,
        libc::EINTR => 27,
        libc::EINVAL => EINVAL,
        libc::EIO => EIO,
        libc::EISCONN => 30,
        libc::EISDIR => EISDIR,
        libc::ELOOP => 32,
        libc::EMFILE => 33,
        libc::EMLINK => 34,
        libc::EMSGSIZE => 35,
        libc::EMULTIHOP => 36,
        libc::ENAMETOOLONG => 37,
        libc::ENETDOWN => 38,
        libc::ENETRESET => 39,
        libc::ENETUNREACH => 40,
        libc::ENFILE => 41,
        libc::ENOBUFS => 42,
        libc::ENODEV => 43,
        libc::ENOENT => ENOENT,
        libc::ENOEXEC => 45,
        libc::ENOLCK => 46,
        libc::ENOLINK => 47,
        libc::ENOMEM => 48,
        libc::ENOMSG => 49,
        libc::ENOPROTOOPT => 50,
        libc::ENOSPC => 51,
        libc::ENOSYS => ENOSYS,
        libc::ENOTCONN => 53,
        libc::ENOTDIR => ENOTDIR,
        libc::ENOTEMPTY => 55,
        libc::ENOTRECOVERABLE => 56,
        libc::ENOTSOCK => 57,
        libc::ENOTSUP => 58,
        libc::ENOTTY => 59,
        libc::ENXIO => 60,
        libc::EOVERFLOW => 61,
        libc::EOWNERDEAD => 62,
        libc::EPERM => 63,
        libc::EPIPE => 64,
        libc::EPROTO => 65,
        libc::EPROTONOSUPPORT => 66,
        libc::EPROTOTYPE => 67,
        libc::ERANGE => 68,
        libc::EROFS => 69,
        libc::ESPIPE => ESPIPE,
        libc::ESRCH => 71,
        libc::ESTALE => 72,
        libc::ETIMEDOUT => 73,
        libc::ETXTBSY => 74,
        libc::EXDEV => 75,
        _ => EIO,
    }
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

fn entry(host: &mut Host, fd: i32) -> Option<&mut Entry> {
    host.fds.get_mut(usize::try_from(fd).ok()?)?.as_mut()
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
    let Some(bufs) = iovecs(mem, iovs, n) else {
        return Ok(EFAULT);
    };
    let Host {
        stdout,
        stderr,
        fds,
        ..
    } = host;
    let e = usize::try_from(fd)
        .ok()
        .and_then(|i| fds.get_mut(i))
        .and_then(Option::as_mut);
    let mut total = 0usize;
    match e {
        Some(Entry::Stdio(s @ (1 | 2))) => {
            let sink: &mut dyn Write = if *s == 1 { stdout } else { stderr };
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
        }
        Some(Entry::File {
            file, dir, fdflags, ..
        }) => {
            if *dir {
                return Ok(EISDIR);
            }
            if *fdflags & FDFLAG_APPEND != 0 {
                if let Err(e) = file.seek(SeekFrom::End(0)) {
                    return Ok(io_errno(&e));
                }
            }
            for (ptr, len) in bufs {
                let r = ptr as u32 as usize..ptr as u32 as usize + len;
                if let Err(e) = file.write_all(&mem[r]) {
                    if total == 0 {
                        return Ok(io_errno(&e));
                    }
                    break;
                }
                total += len;
            }
        }
        _ => return Ok(EBADF),
    }
    Ok(errno(
        store(mem, nwritten, &(total as u32).to_le_bytes()).map(|()| ESUCCESS),
    ))
}

/// Reads into `bufs` from `src` until one read comes back short.
fn read_into(
    src: &mut dyn Read,
    mem: &mut [u8],
    bufs: Vec<(i32, usize)>,
) -> Result<usize, std::io::Error> {
    let mut total = 0usize;
    for (ptr, len) in bufs {
        if len == 0 {
            continue;
        }
        let r = ptr as u32 as usize..ptr as u32 as usize + len;
        let got = loop {
            match src.read(&mut mem[r.clone()]) {
                Ok(k) => break k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                // What was read so far is the result; the error comes again on the next read.
                Err(_) if total > 0 => return Ok(total),
                Err(e) => return Err(e),
            }
        };
        total += got;
        if got < len {
            break;
        }
    }
    Ok(total)
}

fn fd_read(caller: Caller<'_, Host>, fd: i32, iovs: i32, n: i32, nread: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let Some(bufs) = iovecs(mem, iovs, n) else {
        return Ok(EFAULT);
    };
    let Host { stdin, fds, .. } = host;
    let e = usize::try_from(fd)
        .ok()
        .and_then(|i| fds.get_mut(i))
        .and_then(Option::as_mut);
    let r = match e {
        Some(Entry::Stdio(0)) => read_into(stdin, mem, bufs).map_err(|_| EIO),
        Some(Entry::File { file, .. }) => read_into(file, mem, bufs).map_err(|e| io_errno(&e)),
        _ => Err(EBADF),
    };
    match r {
        Ok(total) => Ok(errno(
            store(mem, nread, &(total as u32).to_le_bytes()).map(|()| ESUCCESS),
        )),
        Err(e) => Ok(e),
    }
}

/// The WASI file type of the process's own descriptor `fd`.
#[cfg(unix)]
fn os_filetype(fd: i32) -> u8 {
    match os_fstat(fd) {
        Some(st) => filetype_of_mode(st.st_mode),
        None => FILETYPE_UNKNOWN,
    }
}

#[cfg(unix)]
fn os_fstat(fd: i32) -> Option<libc::stat> {
    // SAFETY: fstat only writes into the zeroed `st` we own; an invalid fd is reported as an error.
    unsafe {
        let mut st: libc::stat = std::mem::zeroed();
        if libc::fstat(fd, &mut st) != 0 {
            return None;
        }
        Some(st)
    }
}

#[cfg(unix)]
fn filetype_of_mode(mode: libc::mode_t) -> u8 {
    match mode & libc::S_IFMT {
        libc::S_IFCHR => FILETYPE_CHARACTER_DEVICE,
        libc::S_IFREG => FILETYPE_REGULAR_FILE,
        libc::S_IFDIR => FILETYPE_DIRECTORY,
        libc::S_IFSOCK => FILETYPE_SOCKET_STREAM,
        libc::S_IFBLK => FILETYPE_BLOCK_DEVICE,
        libc::S_IFLNK => FILETYPE_SYMBOLIC_LINK,
        _ => FILETYPE_UNKNOWN,
    }
}

#[cfg(not(unix))]
fn os_filetype(_fd: i32) -> u8 {
    FILETYPE_UNKNOWN
}

/// Whether the process's descriptor `fd` is a terminal.
#[cfg(unix)]
fn os_isatty(fd: i32) -> bool {
    // SAFETY: isatty takes a plain integer.
    unsafe { libc::isatty(fd) == 1 }
}

#[cfg(not(unix))]
fn os_isatty(_fd: i32) -> bool {
    false
}

/// File type, rights of standard stream `n`.
fn stdio_type(host: &Host, n: i32) -> (u8, u64) {
    let (filetype, tty) = if host.inherited {
        (os_filetype(n), os_isatty(n))
    } else {
        (FILETYPE_CHARACTER_DEVICE, true)
    };
    let mut rights: u64 = if n == 0 {
        RIGHT_FD_READ
    } else {
        RIGHT_FD_WRITE
    };
    if !tty && matches!(filetype, FILETYPE_CHARACTER_DEVICE | FILETYPE_REGULAR_FILE) {
        rights |= RIGHT_FD_SEEK | RIGHT_FD_TELL;
    }
    (filetype, rights)
}

fn filetype_of(ft: std::fs::FileType) -> u8 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_char_device() {
            return FILETYPE_CHARACTER_DEVICE;
        }
        if ft.is_block_device() {
            return FILETYPE_BLOCK_DEVICE;
        }
        if ft.is_socket() {
            return FILETYPE_SOCKET_STREAM;
        }
    }
    if ft.is_dir() {
        FILETYPE_DIRECTORY
    } else if ft.is_file() {
        FILETYPE_REGULAR_FILE
    } else if ft.is_symlink() {
        FILETYPE_SYMBOLIC_LINK
    } else {
        FILETYPE_UNKNOWN
    }
}

fn fd_fdstat_get(caller: Caller<'_, Host>, fd: i32, ptr: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let (filetype, flags, rights, inheriting) = match entry(host, fd) {
        Some(Entry::Stdio(n)) => {
            let n = *n;
            let (t, r) = stdio_type(host, n);
            (t, 0, r, 0)
        }
        Some(Entry::Preopen { .. }) => (FILETYPE_DIRECTORY, 0, RIGHTS_ALL, RIGHTS_ALL),
        Some(Entry::File {
            file,
            rights,
            fdflags,
            ..
        }) => {
            let t = file
                .metadata()
                .map_or(FILETYPE_UNKNOWN, |m| filetype_of(m.file_type()));
            (t, *fdflags, *rights, RIGHTS_ALL)
        }
        None => return Ok(EBADF),
    };
    // fdstat: filetype u8, fs_flags u16 at 2, rights_base u64 at 8, rights_inheriting at 16.
    let mut st = [0u8; 24];
    st[0] = filetype;
    st[2..4].copy_from_slice(&flags.to_le_bytes());
    st[8..16].copy_from_slice(&rights.to_le_bytes());
    st[16..24].copy_from_slice(&inheriting.to_le_bytes());
    Ok(errno(store(mem, ptr, &st).map(|()| ESUCCESS)))
}

fn fd_fdstat_set_flags(caller: Caller<'_, Host>, fd: i32, flags: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (_, host) = memory(&mut caller)?;
    Ok(match entry(host, fd) {
        Some(Entry::File { fdflags, .. }) => {
            *fdflags = flags as u16 & 0x1f;
            ESUCCESS
        }
        Some(_) => ENOSYS,
        None => EBADF,
    })
}

/// A WASI filestat.
struct Filestat {
    dev: u64,
    ino: u64,
    filetype: u8,
    nlink: u64,
    size: u64,
    atim: u64,
    mtim: u64,
    ctim: u64,
}

impl Filestat {
    fn bytes(&self) -> [u8; 64] {
        let mut b = [0u8; 64];
        b[0..8].copy_from_slice(&self.dev.to_le_bytes());
        b[8..16].copy_from_slice(&self.ino.to_le_bytes());
        b[16] = self.filetype;
        b[24..32].copy_from_slice(&self.nlink.to_le_bytes());
        b[32..40].copy_from_slice(&self.size.to_le_bytes());
        b[40..48].copy_from_slice(&self.atim.to_le_bytes());
        b[48..56].copy_from_slice(&self.mtim.to_le_bytes());
        b[56..64].copy_from_slice(&self.ctim.to_le_bytes());
        b
    }

    fn of(m: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| {
                (s as u64)
                    .wrapping_mul(1_000_000_000)
                    .wrapping_add(n as u64)
            };
            Filestat {
                dev: m.dev(),
                ino: m.ino(),
                filetype: filetype_of(m.file_type()),
                nlink: m.nlink(),
                size: m.size(),
                atim: ns(m.atime(), m.atime_nsec()),
                mtim: ns(m.mtime(), m.mtime_nsec()),
                ctim: ns(m.ctime(), m.ctime_nsec()),
            }
        }
        #[cfg(not(unix))]
        {
            let ns = |t: std::io::Result<SystemTime>| {
                t.ok()
                    .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as u64)
            };
            Filestat {
                dev: 0,
                ino: 0,
                filetype: filetype_of(m.file_type()),
                nlink: 1,
                size: m.len(),
                atim: ns(m.accessed()),
                mtim: ns(m.modified()),
                ctim: ns(m.modified()),
            }
        }
    }

    /// A stream's: the OS's when inherited, else a bare character device.
    fn of_stdio(host: &Host, n: i32) -> Self {
        #[cfg(unix)]
        if host.inherited {
            if let Some(st) = os_fstat(n) {
                let ns = |s: i64, n: i64| {
                    (s as u64)
                        .wrapping_mul(1_000_000_000)
                        .wrapping_add(n as u64)
                };
                return Filestat {
                    dev: st.st_dev,
                    ino: st.st_ino,
                    filetype: filetype_of_mode(st.st_mode),
                    nlink: st.st_nlink,
                    size: st.st_size as u64,
                    atim: ns(st.st_atime, st.st_atime_nsec),
                    mtim: ns(st.st_mtime, st.st_mtime_nsec),
                    ctim: ns(st.st_ctime, st.st_ctime_nsec),
                };
            }
        }
        Filestat {
            dev: 0,
            ino: 0,
            filetype: stdio_type(host, n).0,
            nlink: 1,
            size: 0,
            atim: 0,
            mtim: 0,
            ctim: 0,
        }
    }
}

fn fd_filestat_get(caller: Caller<'_, Host>, fd: i32, ptr: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let st = match entry(host, fd) {
        Some(Entry::Stdio(n)) => {
            let n = *n;
            Filestat::of_stdio(host, n)
        }
        Some(Entry::Preopen { path, .. }) => match std::fs::metadata(path) {
            Ok(m) => Filestat::of(&m),
            Err(e) => return Ok(io_errno(&e)),
        },
        Some(Entry::File { file, .. }) => match file.metadata() {
            Ok(m) => Filestat::of(&m),
            Err(e) => return Ok(io_errno(&e)),
        },
        None => return Ok(EBADF),
    };
    Ok(errno(store(mem, ptr, &st.bytes()).map(|()| ESUCCESS)))
}

fn fd_filestat_set_size(caller: Caller<'_, Host>, fd: i32, size: i64) -> Result<i32, Error> {
    let mut caller = caller;
    let (_, host) = memory(&mut caller)?;
    Ok(match entry(host, fd) {
        Some(Entry::File {
            file, dir: false, ..
        }) => match file.set_len(size as u64) {
            Ok(()) => ESUCCESS,
            Err(e) => io_errno(&e),
        },
        Some(Entry::File { dir: true, .. }) | Some(Entry::Preopen { .. }) => EISDIR,
        Some(Entry::Stdio(_)) => EINVAL,
        None => EBADF,
    })
}

fn fd_seek(
    caller: Caller<'_, Host>,
    fd: i32,
    offset: i64,
    whence: i32,
    newoffset: i32,
) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let file = match entry(host, fd) {
        Some(Entry::File { file, .. }) => file,
        Some(_) => return Ok(ESPIPE),
        None => return Ok(EBADF),
    };
    let to = match whence {
        0 if offset >= 0 => SeekFrom::Start(offset as u64),
        0 => return Ok(EINVAL),
        1 => SeekFrom::Current(offset),
        2 => SeekFrom::End(offset),
        _ => return Ok(EINVAL),
    };
    match file.seek(to) {
        Ok(pos) => Ok(errno(
            store(mem, newoffset, &pos.to_le_bytes()).map(|()| ESUCCESS),
        )),
        Err(e) => Ok(io_errno(&e)),
    }
}

fn fd_tell(caller: Caller<'_, Host>, fd: i32, ptr: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let file = match entry(host, fd) {
        Some(Entry::File { file, .. }) => file,
        Some(_) => return Ok(ESPIPE),
        None => return Ok(EBADF),
    };
    match file.stream_position() {
        Ok(pos) => Ok(errno(
            store(mem, ptr, &pos.to_le_bytes()).map(|()| ESUCCESS),
        )),
        Err(e) => Ok(io_errno(&e)),
    }
}

fn fd_close(caller: Caller<'_, Host>, fd: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (_, host) = memory(&mut caller)?;
    let Some(slot) = usize::try_from(fd).ok().and_then(|i| host.fds.get_mut(i)) else {
        return Ok(EBADF);
    };
    Ok(match slot {
        Some(Entry::Stdio(_)) => ESUCCESS,
        Some(_) => {
            *slot = None;
            ESUCCESS
        }
        None => EBADF,
    })
}

fn fd_sync(caller: Caller<'_, Host>, fd: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (_, host) = memory(&mut caller)?;
    Ok(match entry(host, fd) {
        Some(Entry::File {
            file, dir: false, ..
        }) => match file.sync_all() {
            Ok(()) => ESUCCESS,
            Err(e) => io_errno(&e),
        },
        Some(_) => ESUCCESS,
        None => EBADF,
    })
}

fn fd_renumber(caller: Caller<'_, Host>, from: i32, to: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (_, host) = memory(&mut caller)?;
    let (Ok(f), Ok(t)) = (usize::try_from(from), usize::try_from(to)) else {
        return Ok(EBADF);
    };
    if host.fds.get(f).and_then(Option::as_ref).is_none()
        || host.fds.get(t).and_then(Option::as_ref).is_none()
    {
        return Ok(EBADF);
    }
    if f != t {
        let e = host.fds[f].take();
        host.fds[t] = e;
    }
    Ok(ESUCCESS)
}

fn fd_prestat_get(caller: Caller<'_, Host>, fd: i32, ptr: i32) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let Some(Entry::Preopen { name, .. }) = entry(host, fd) else {
        return Ok(EBADF);
    };
    // prestat: tag u8 (0 = directory), name length u32 at 4.
    let mut p = [0u8; 8];
    p[4..8].copy_from_slice(&(name.len() as u32).to_le_bytes());
    Ok(errno(store(mem, ptr, &p).map(|()| ESUCCESS)))
}

fn fd_prestat_dir_name(
    caller: Caller<'_, Host>,
    fd: i32,
    ptr: i32,
    len: i32,
) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let Some(Entry::Preopen { name, .. }) = entry(host, fd) else {
        return Ok(EBADF);
    };
    let n = name.len().min(len.max(0) as usize);
    let name = name[..n].to_vec();
    Ok(errno(store(mem, ptr, &name).map(|()| ESUCCESS)))
}

/// The host path of `rel` inside directory descriptor `fd`: the directory's path, `/`, `rel`.
fn host_path(host: &mut Host, fd: i32, rel: &[u8]) -> Result<PathBuf, i32> {
    let base = match entry(host, fd) {
        Some(Entry::Preopen { path, .. }) => path.clone(),
        Some(Entry::File {
            path, dir: true, ..
        }) => path.clone(),
        Some(_) => return Err(ENOTDIR),
        None => return Err(EBADF),
    };
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let mut p = base.into_os_string().into_vec();
        if p.last() != Some(&b'/') {
            p.push(b'/');
        }
        p.extend_from_slice(rel);
        Ok(PathBuf::from(std::ffi::OsString::from_vec(p)))
    }
    #[cfg(not(unix))]
    {
        let mut p = base.into_os_string().into_string().map_err(|_| EINVAL)?;
        if !p.ends_with('/') {
            p.push('/');
        }
        p.push_str(&String::from_utf8_lossy(rel));
        Ok(PathBuf::from(p))
    }
}

/// The guest path `(ptr, len)`.
fn guest_path(mem: &[u8], ptr: i32, len: i32) -> Option<Vec<u8>> {
    let r = range(mem, ptr, len.max(0) as usize)?;
    Some(mem[r].to_vec())
}

/// Opens `path` as `open(2)` would with these WASI flags.
#[cfg(unix)]
fn os_open(
    path: &std::path::Path,
    read: bool,
    write: bool,
    oflags: i32,
    follow: bool,
) -> Result<std::fs::File, i32> {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::FromRawFd;
    let mut flags = match (read, write) {
        (_, false) => libc::O_RDONLY,
        (false, true) => libc::O_WRONLY,
        (true, true) => libc::O_RDWR,
    } | libc::O_CLOEXEC;
    for (w, o) in [
        (O_CREAT, libc::O_CREAT),
        (O_EXCL, libc::O_EXCL),
        (O_TRUNC, libc::O_TRUNC),
        (O_DIRECTORY, libc::O_DIRECTORY),
    ] {
        if oflags & w != 0 {
            flags |= o;
        }
    }
    if !follow {
        flags |= libc::O_NOFOLLOW;
    }
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).map_err(|_| EINVAL)?;
    // SAFETY: `c` is a NUL-terminated path; open has no other preconditions.
    let fd = unsafe { libc::open(c.as_ptr(), flags, 0o666 as libc::c_uint) };
    if fd < 0 {
        return Err(io_errno(&std::io::Error::last_os_error()));
    }
    // SAFETY: `fd` is a fresh descriptor that nothing else owns.
    Ok(unsafe { std::fs::File::from_raw_fd(fd) })
}

#[cfg(not(unix))]
fn os_open(
    path: &std::path::Path,
    read: bool,
    write: bool,
    oflags: i32,
    _follow: bool,
) -> Result<std::fs::File, i32> {
    let mut o = std::fs::OpenOptions::new();
    o.read(read || !write).write(write);
    if oflags & O_CREAT != 0 {
        if oflags & O_EXCL != 0 {
            o.create_new(true);
        } else {
            o.create(true);
        }
    }
    if oflags & O_TRUNC != 0 {
        o.truncate(true);
    }
    o.open(path).map_err(|e| io_errno(&e))
}

#[allow(clippy::too_many_arguments)]
fn path_open(
    caller: Caller<'_, Host>,
    fd: i32,
    dirflags: i32,
    path: i32,
    path_len: i32,
    oflags: i32,
    rights: i64,
    _inheriting: i64,
    fdflags: i32,
    opened: i32,
) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let Some(rel) = guest_path(mem, path, path_len) else {
        return Ok(EFAULT);
    };
    let p = match host_path(host, fd, &rel) {
        Ok(p) => p,
        Err(e) => return Ok(e),
    };
    let rights = rights as u64;
    let file = match os_open(
        &p,
        rights & RIGHT_FD_READ != 0,
        rights & RIGHT_FD_WRITE != 0,
        oflags,
        dirflags & LOOKUP_SYMLINK_FOLLOW != 0,
    ) {
        Ok(f) => f,
        Err(e) => return Ok(e),
    };
    let dir = file.metadata().is_ok_and(|m| m.is_dir());
    let new = Entry::File {
        file,
        path: p,
        dir,
        rights,
        fdflags: fdflags as u16 & 0x1f,
    };
    let n = match host.fds.iter().position(Option::is_none) {
        Some(n) => {
            host.fds[n] = Some(new);
            n
        }
        None => {
            host.fds.push(Some(new));
            host.fds.len() - 1
        }
    };
    match store(mem, opened, &(n as u32).to_le_bytes()) {
        Some(()) => Ok(ESUCCESS),
        None => {
            host.fds[n] = None;
            Ok(EFAULT)
        }
    }
}

/// Runs `f` on the host path of the guest path `(ptr, len)` inside `fd`; an errno from either.
fn with_path(
    caller: &mut Caller<'_, Host>,
    fd: i32,
    ptr: i32,
    len: i32,
    f: impl FnOnce(&mut [u8], PathBuf) -> i32,
) -> Result<i32, Error> {
    let (mem, host) = memory(caller)?;
    let Some(rel) = guest_path(mem, ptr, len) else {
        return Ok(EFAULT);
    };
    Ok(match host_path(host, fd, &rel) {
        Ok(p) => f(mem, p),
        Err(e) => e,
    })
}

fn path_filestat_get(
    mut caller: Caller<'_, Host>,
    fd: i32,
    flags: i32,
    path: i32,
    len: i32,
    buf: i32,
) -> Result<i32, Error> {
    with_path(&mut caller, fd, path, len, |mem, p| {
        let m = if flags & LOOKUP_SYMLINK_FOLLOW != 0 {
            std::fs::metadata(&p)
        } else {
            std::fs::symlink_metadata(&p)
        };
        match m {
            Ok(m) => errno(store(mem, buf, &Filestat::of(&m).bytes()).map(|()| ESUCCESS)),
            Err(e) => io_errno(&e),
        }
    })
}

#[allow(clippy::too_many_arguments)]
fn path_filestat_set_times(
    mut caller: Caller<'_, Host>,
    fd: i32,
    flags: i32,
    path: i32,
    len: i32,
    atim: i64,
    mtim: i64,
    fst_flags: i32,
) -> Result<i32, Error> {
    with_path(&mut caller, fd, path, len, |_, p| {
        set_times(
            &p,
            flags & LOOKUP_SYMLINK_FOLLOW != 0,
            atim as u64,
            mtim as u64,
            fst_flags,
        )
    })
}

/// `utimensat` with WASI's `fstflags` (ATIM 1, ATIM_NOW 2, MTIM 4, MTIM_NOW 8).
#[cfg(unix)]
fn set_times(p: &std::path::Path, follow: bool, atim: u64, mtim: u64, fst: i32) -> i32 {
    use std::os::unix::ffi::OsStrExt;
    let ts = |set: i32, now: i32, t: u64| libc::timespec {
        tv_sec: (t / 1_000_000_000) as libc::time_t,
        tv_nsec: if fst & now != 0 {
            libc::UTIME_NOW
        } else if fst & set != 0 {
            (t % 1_000_000_000) as libc::c_long
        } else {
            libc::UTIME_OMIT
        },
    };
    let times = [ts(1, 2, atim), ts(4, 8, mtim)];
    let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
        return EINVAL;
    };
    let flag = if follow { 0 } else { libc::AT_SYMLINK_NOFOLLOW };
    // SAFETY: `c` is a NUL-terminated path and `times` two valid timespecs.
    if unsafe { libc::utimensat(libc::AT_FDCWD, c.as_ptr(), times.as_ptr(), flag) } != 0 {
        return io_errno(&std::io::Error::last_os_error());
    }
    ESUCCESS
}

#[cfg(not(unix))]
fn set_times(_p: &std::path::Path, _follow: bool, _atim: u64, _mtim: u64, _fst: i32) -> i32 {
    ENOSYS
}

fn path_unlink_file(
    mut caller: Caller<'_, Host>,
    fd: i32,
    path: i32,
    len: i32,
) -> Result<i32, Error> {
    with_path(
        &mut caller,
        fd,
        path,
        len,
        |_, p| match std::fs::remove_file(&p) {
            Ok(()) => ESUCCESS,
            Err(e) => io_errno(&e),
        },
    )
}

#[allow(clippy::too_many_arguments)]
fn path_link(
    mut caller: Caller<'_, Host>,
    old_fd: i32,
    _old_flags: i32,
    old_path: i32,
    old_len: i32,
    new_fd: i32,
    new_path: i32,
    new_len: i32,
) -> Result<i32, Error> {
    let (mem, host) = memory(&mut caller)?;
    let (Some(old), Some(new)) = (
        guest_path(mem, old_path, old_len),
        guest_path(mem, new_path, new_len),
    ) else {
        return Ok(EFAULT);
    };
    let (old, new) = match (host_path(host, old_fd, &old), host_path(host, new_fd, &new)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => return Ok(e),
    };
    Ok(match std::fs::hard_link(old, new) {
        Ok(()) => ESUCCESS,
        Err(e) => io_errno(&e),
    })
}

fn path_readlink(
    mut caller: Caller<'_, Host>,
    fd: i32,
    path: i32,
    len: i32,
    buf: i32,
    buf_len: i32,
    used: i32,
) -> Result<i32, Error> {
    with_path(&mut caller, fd, path, len, |mem, p| {
        let target = match std::fs::read_link(&p) {
            Ok(t) => t,
            Err(e) => return io_errno(&e),
        };
        #[cfg(unix)]
        let bytes = {
            use std::os::unix::ffi::OsStrExt;
            target.as_os_str().as_bytes().to_vec()
        };
        #[cfg(not(unix))]
        let bytes = target.to_string_lossy().into_owned().into_bytes();
        let n = bytes.len().min(buf_len.max(0) as usize);
        errno((|| {
            store(mem, buf, &bytes[..n])?;
            store(mem, used, &(n as u32).to_le_bytes())?;
            Some(ESUCCESS)
        })())
    })
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

/// The time of WASI clock `id`, `None` for an unknown clock.
fn clock_ns(host: &Host, id: i32) -> Option<u64> {
    Some(match id {
        0 => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
        1 => host.start.elapsed().as_nanos() as u64,
        2 | 3 => match cpu_time_ns(id == 3) {
            Some(ns) => ns,
            None => host.start.elapsed().as_nanos() as u64,
        },
        _ => return None,
    })
}

fn clock_time_get(
    caller: Caller<'_, Host>,
    id: i32,
    _precision: i64,
    ptr: i32,
) -> Result<i32, Error> {
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    let Some(ns) = clock_ns(host, id) else {
        return Ok(EINVAL);
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

/// `poll_oneoff`: descriptor subscriptions are ready at once (reads and writes block in the
/// host instead); with none, sleeps until the earliest clock subscription is due and reports
/// every due one.
fn poll_oneoff(
    caller: Caller<'_, Host>,
    subs: i32,
    events: i32,
    n: i32,
    nevents: i32,
) -> Result<i32, Error> {
    const SUB: i32 = 48;
    const EVENT: i32 = 32;
    let mut caller = caller;
    let (mem, host) = memory(&mut caller)?;
    if n <= 0 {
        return Ok(EINVAL);
    }
    if range(mem, subs, (n * SUB) as usize).is_none()
        || range(mem, events, (n * EVENT) as usize).is_none()
    {
        return Ok(EFAULT);
    }
    // (userdata, tag, error, remaining ns for clocks)
    let mut parsed = Vec::new();
    for i in 0..n {
        let s = subs + i * SUB;
        let userdata = load_u64(mem, s).unwrap_or(0);
        let tag = mem[(s + 8) as usize];
        match tag {
            0 => {
                let id = load_u32(mem, s + 16).unwrap_or(0) as i32;
                let timeout = load_u64(mem, s + 24).unwrap_or(0);
                let abs = load_u32(mem, s + 40).unwrap_or(0) & 1 != 0;
                match clock_ns(host, id) {
                    Some(now) => {
                        let left = if abs {
                            timeout.saturating_sub(now)
                        } else {
                            timeout
                        };
                        parsed.push((userdata, 0u8, ESUCCESS, Some(left)));
                    }
                    None => parsed.push((userdata, 0, EINVAL, None)),
                }
            }
            1 | 2 => {
                let fd = load_u32(mem, s + 16).unwrap_or(u32::MAX) as i32;
                let err = if entry(host, fd).is_some() {
                    ESUCCESS
                } else {
                    EBADF
                };
                parsed.push((userdata, tag, err, None));
            }
            _ => return Ok(EINVAL),
        }
    }
    let immediate = parsed.iter().any(|p| p.3.is_none());
    let wait = parsed.iter().filter_map(|p| p.3).min();
    if !immediate {
        if let Some(ns) = wait {
            std::thread::sleep(Duration::from_nanos(ns));
        }
    }
    let mut k = 0;
    for (userdata, tag, err, left) in parsed {
        let due = match left {
            None => true,
            Some(l) => !immediate && Some(l) == wait,
        };
        if !due {
            continue;
        }
        let mut ev = [0u8; 32];
        ev[0..8].copy_from_slice(&userdata.to_le_bytes());
        ev[8..10].copy_from_slice(&(err as u16).to_le_bytes());
        ev[10] = tag;
        store(mem, events + k * EVENT, &ev);
        k += 1;
    }
    Ok(errno(
        store(mem, nevents, &(k as u32).to_le_bytes()).map(|()| ESUCCESS),
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
    linker.func_wrap(m, "fd_close", fd_close)?;
    linker.func_wrap(m, "fd_seek", fd_seek)?;
    linker.func_wrap(m, "fd_tell", fd_tell)?;
    linker.func_wrap(m, "fd_sync", fd_sync)?;
    linker.func_wrap(m, "fd_fdstat_get", fd_fdstat_get)?;
    linker.func_wrap(m, "fd_fdstat_set_flags", fd_fdstat_set_flags)?;
    linker.func_wrap(m, "fd_filestat_get", fd_filestat_get)?;
    linker.func_wrap(m, "fd_filestat_set_size", fd_filestat_set_size)?;
    linker.func_wrap(m, "fd_prestat_get", fd_prestat_get)?;
    linker.func_wrap(m, "fd_prestat_dir_name", fd_prestat_dir_name)?;
    linker.func_wrap(m, "fd_renumber", fd_renumber)?;
    linker.func_wrap(m, "path_open", path_open)?;
    linker.func_wrap(m, "path_filestat_get", path_filestat_get)?;
    linker.func_wrap(m, "path_filestat_set_times", path_filestat_set_times)?;
    linker.func_wrap(m, "path_unlink_file", path_unlink_file)?;
    linker.func_wrap(m, "path_link", path_link)?;
    linker.func_wrap(m, "path_readlink", path_readlink)?;
    linker.func_wrap(m, "poll_oneoff", poll_oneoff)?;
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
