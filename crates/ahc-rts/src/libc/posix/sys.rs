//! The WASI preview 1 functions the POSIX layer calls, with thin wrappers that return
//! `Result<_, u16>` (the WASI error code).  wasm32 only.

use super::layout::{Fdstat, Filestat};

#[repr(C)]
struct Iovec {
    buf: *mut u8,
    len: usize,
}

/// The same as `crate::wasi`'s (the declarations of `fd_write` must agree).
#[repr(C)]
struct Ciovec {
    buf: *const u8,
    len: usize,
}

#[link(wasm_import_module = "wasi_snapshot_preview1")]
extern "C" {
    fn fd_read(fd: i32, iovs: *const Iovec, iovs_len: usize, nread: *mut usize) -> i32;
    fn fd_write(fd: i32, iovs: *const Ciovec, iovs_len: i32, nwritten: *mut usize) -> i32;
    fn fd_seek(fd: i32, offset: i64, whence: i32, newoffset: *mut u64) -> i32;
    fn fd_close(fd: i32) -> i32;
    fn fd_fdstat_get(fd: i32, stat: *mut Fdstat) -> i32;
    fn fd_fdstat_set_flags(fd: i32, flags: i32) -> i32;
    fn fd_filestat_get(fd: i32, stat: *mut Filestat) -> i32;
    fn fd_filestat_set_size(fd: i32, size: u64) -> i32;
    fn fd_prestat_get(fd: i32, prestat: *mut [u32; 2]) -> i32;
    fn fd_prestat_dir_name(fd: i32, path: *mut u8, len: usize) -> i32;
    #[allow(clippy::too_many_arguments)]
    fn path_open(
        fd: i32,
        dirflags: i32,
        path: *const u8,
        path_len: usize,
        oflags: i32,
        rights_base: u64,
        rights_inheriting: u64,
        fdflags: i32,
        opened: *mut i32,
    ) -> i32;
    fn path_filestat_get(
        fd: i32,
        flags: i32,
        path: *const u8,
        len: usize,
        stat: *mut Filestat,
    ) -> i32;
    fn path_filestat_set_times(
        fd: i32,
        flags: i32,
        path: *const u8,
        len: usize,
        atim: u64,
        mtim: u64,
        fst_flags: i32,
    ) -> i32;
    fn path_unlink_file(fd: i32, path: *const u8, len: usize) -> i32;
    fn path_link(
        old_fd: i32,
        old_flags: i32,
        old_path: *const u8,
        old_len: usize,
        new_fd: i32,
        new_path: *const u8,
        new_len: usize,
    ) -> i32;
    fn path_readlink(
        fd: i32,
        path: *const u8,
        len: usize,
        buf: *mut u8,
        buf_len: usize,
        used: *mut usize,
    ) -> i32;
    fn clock_time_get(id: u32, precision: u64, time: *mut u64) -> i32;
    fn clock_res_get(id: u32, res: *mut u64) -> i32;
    pub(super) fn args_sizes_get(argc: *mut usize, argv_buf_size: *mut usize) -> i32;
    pub(super) fn args_get(argv: *mut *mut u8, argv_buf: *mut u8) -> i32;
    pub(super) fn environ_sizes_get(count: *mut usize, buf_size: *mut usize) -> i32;
    pub(super) fn environ_get(environ: *mut *mut u8, environ_buf: *mut u8) -> i32;
}

#[inline]
fn check(e: i32) -> Result<(), u16> {
    if e == 0 {
        Ok(())
    } else {
        Err(e as u16)
    }
}

/// `fd_read` into `[buf, buf + len)`.
///
/// # Safety
/// The range is writable memory the caller owns for the call.
pub unsafe fn read(fd: i32, buf: *mut u8, len: usize) -> Result<usize, u16> {
    let iov = Iovec { buf, len };
    let mut n = 0;
    // SAFETY: one iovec describing the caller's buffer; `n` is a valid place for the count.
    check(unsafe { fd_read(fd, &iov, 1, &mut n) })?;
    Ok(n)
}

/// `fd_write` of `[buf, buf + len)`.
///
/// # Safety
/// The range is readable memory for the call.
pub unsafe fn write(fd: i32, buf: *const u8, len: usize) -> Result<usize, u16> {
    let iov = Ciovec { buf, len };
    let mut n = 0;
    // SAFETY: one iovec describing the caller's buffer (only read by the host).
    check(unsafe { fd_write(fd, &iov, 1, &mut n) })?;
    Ok(n)
}

pub fn seek(fd: i32, offset: i64, whence: u8) -> Result<u64, u16> {
    let mut pos = 0;
    // SAFETY: `pos` is a valid place for the result.
    check(unsafe { fd_seek(fd, offset, whence as i32, &mut pos) })?;
    Ok(pos)
}

pub fn close(fd: i32) -> Result<(), u16> {
    // SAFETY: plain integer argument.
    check(unsafe { fd_close(fd) })
}

pub fn fdstat(fd: i32) -> Result<Fdstat, u16> {
    let mut st = Fdstat::default();
    // SAFETY: `st` is a valid place for an fdstat.
    check(unsafe { fd_fdstat_get(fd, &mut st) })?;
    Ok(st)
}

pub fn set_flags(fd: i32, flags: u16) -> Result<(), u16> {
    // SAFETY: plain integer arguments.
    check(unsafe { fd_fdstat_set_flags(fd, flags as i32) })
}

pub fn filestat(fd: i32) -> Result<Filestat, u16> {
    let mut st = Filestat::default();
    // SAFETY: `st` is a valid place for a filestat.
    check(unsafe { fd_filestat_get(fd, &mut st) })?;
    Ok(st)
}

pub fn set_size(fd: i32, size: u64) -> Result<(), u16> {
    // SAFETY: plain integer arguments.
    check(unsafe { fd_filestat_set_size(fd, size) })
}

/// The name length of preopened directory `fd` (`None` for a preopen that is not a
/// directory, `Err` when `fd` is not preopened).
pub fn prestat_dir_len(fd: i32) -> Result<Option<usize>, u16> {
    let mut p = [0u32; 2];
    // SAFETY: `p` is a valid place for a prestat (tag u8 at 0, name length u32 at 4).
    check(unsafe { fd_prestat_get(fd, &mut p) })?;
    let [tag, len] = p;
    Ok((tag & 0xff == 0).then_some(len as usize))
}

pub fn prestat_dir_name(fd: i32, buf: &mut [u8]) -> Result<(), u16> {
    // SAFETY: the host writes at most `buf.len()` bytes into `buf`.
    check(unsafe { fd_prestat_dir_name(fd, buf.as_mut_ptr(), buf.len()) })
}

/// `lookupflags`: follow a final symbolic link.
pub const SYMLINK_FOLLOW: u32 = 1;

#[allow(clippy::too_many_arguments)]
pub fn open(
    dir: i32,
    lookup: u32,
    path: &[u8],
    oflags: u16,
    rights: u64,
    inheriting: u64,
    fdflags: u16,
) -> Result<i32, u16> {
    let mut fd = -1;
    // SAFETY: `path` is readable for the call; `fd` is a valid place for the result.
    check(unsafe {
        path_open(
            dir,
            lookup as i32,
            path.as_ptr(),
            path.len(),
            oflags as i32,
            rights,
            inheriting,
            fdflags as i32,
            &mut fd,
        )
    })?;
    Ok(fd)
}

pub fn path_filestat(dir: i32, lookup: u32, path: &[u8]) -> Result<Filestat, u16> {
    let mut st = Filestat::default();
    // SAFETY: `path` is readable for the call; `st` is a valid place for a filestat.
    check(unsafe { path_filestat_get(dir, lookup as i32, path.as_ptr(), path.len(), &mut st) })?;
    Ok(st)
}

pub fn set_times(
    dir: i32,
    lookup: u32,
    path: &[u8],
    atim: u64,
    mtim: u64,
    fst_flags: u16,
) -> Result<(), u16> {
    // SAFETY: `path` is readable for the call.
    check(unsafe {
        path_filestat_set_times(
            dir,
            lookup as i32,
            path.as_ptr(),
            path.len(),
            atim,
            mtim,
            fst_flags as i32,
        )
    })
}

pub fn unlink(dir: i32, path: &[u8]) -> Result<(), u16> {
    // SAFETY: `path` is readable for the call.
    check(unsafe { path_unlink_file(dir, path.as_ptr(), path.len()) })
}

pub fn link(old_dir: i32, old: &[u8], new_dir: i32, new: &[u8]) -> Result<(), u16> {
    // SAFETY: both paths are readable for the call.
    check(unsafe {
        path_link(
            old_dir,
            0,
            old.as_ptr(),
            old.len(),
            new_dir,
            new.as_ptr(),
            new.len(),
        )
    })
}

/// `path_readlink` into `[buf, buf + len)`; the number of bytes written.
///
/// # Safety
/// The range is writable memory the caller owns for the call.
pub unsafe fn readlink(dir: i32, path: &[u8], buf: *mut u8, len: usize) -> Result<usize, u16> {
    let mut used = 0;
    // SAFETY: `path` is readable, the buffer writable (the caller's contract), `used` a valid
    // place for the count.
    check(unsafe { path_readlink(dir, path.as_ptr(), path.len(), buf, len, &mut used) })?;
    Ok(used)
}

/// The time of WASI clock `id` in nanoseconds.
pub fn clock(id: u32) -> Result<u64, u16> {
    let mut t = 0;
    // SAFETY: `t` is a valid place for the result.
    check(unsafe { clock_time_get(id, 1, &mut t) })?;
    Ok(t)
}

/// The resolution of WASI clock `id` in nanoseconds.
pub fn clock_res(id: u32) -> Result<u64, u16> {
    let mut t = 0;
    // SAFETY: `t` is a valid place for the result.
    check(unsafe { clock_res_get(id, &mut t) })?;
    Ok(t)
}
