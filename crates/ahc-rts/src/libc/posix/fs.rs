//! Files by name: `__hscore_open`, `creat`, `__hscore_stat`/`fstat`/`lstat` and the
//! `struct stat` accessors (layout in [`super::layout`]), `S_IS*`, `unlink`, `access`, `chmod`,
//! `umask`, `link`, `readlink`, `utime`, `mkfifo`; the `__hscore_o_*` constants (Linux's).
//!
//! A path resolves against a preopened directory ([`super::path`]) and is opened with WASI
//! `path_open`: `O_CREAT`/`O_EXCL`/`O_TRUNC`/`O_DIRECTORY` become `oflags`, `O_APPEND`/
//! `O_NONBLOCK`/`O_SYNC`/`O_DSYNC` `fdflags`, the access mode the rights `fd_read`/`fd_write`
//! (a host opens for reading and/or writing accordingly), `O_NOFOLLOW` a lookup without
//! following a final symbolic link.  WASI has no creation mode: `mode` is ignored, and `umask`
//! only remembers its value.

use super::errno::{EINVAL, ENOSYS};
use super::layout::{fdflags, o, oflags, rights, s};

/// What WASI `path_open` gets for Linux `open` flags.
#[derive(Debug, PartialEq, Eq)]
pub struct OpenArgs {
    pub oflags: u16,
    pub fdflags: u16,
    pub rights: u64,
    /// Follow a final symbolic link (no `O_NOFOLLOW`).
    pub follow: bool,
}

/// The `path_open` arguments for `open` flags (`EINVAL` for the access mode 3).
pub fn open_args(flags: i32) -> Result<OpenArgs, i32> {
    let access = match flags & o::ACCMODE {
        o::RDONLY => rights::READ,
        o::WRONLY => rights::WRITE,
        o::RDWR => rights::READ | rights::WRITE,
        _ => return Err(EINVAL),
    };
    let mut of = 0;
    for (linux, wasi) in [
        (o::CREAT, oflags::CREAT),
        (o::EXCL, oflags::EXCL),
        (o::TRUNC, oflags::TRUNC),
        (o::DIRECTORY, oflags::DIRECTORY),
    ] {
        if flags & linux != 0 {
            of |= wasi;
        }
    }
    let mut ff = 0;
    for (linux, wasi) in [
        (o::APPEND, fdflags::APPEND),
        (o::NONBLOCK, fdflags::NONBLOCK),
    ] {
        if flags & linux != 0 {
            ff |= wasi;
        }
    }
    // O_SYNC includes O_DSYNC's bit.
    if flags & o::SYNC == o::SYNC {
        ff |= fdflags::SYNC;
    } else if flags & o::DSYNC != 0 {
        ff |= fdflags::DSYNC;
    }
    Ok(OpenArgs {
        oflags: of,
        fdflags: ff,
        rights: access | rights::COMMON,
        follow: flags & o::NOFOLLOW == 0,
    })
}

/// `S_ISxxx(mode)`.
pub fn is_type(mode: u64, ty: u32) -> i64 {
    i64::from(mode as u32 & s::IFMT == ty)
}

/// `mkfifo`'s and `pipe`'s answer: WASI has no FIFOs.
pub const NO_FIFOS: i32 = ENOSYS;

#[cfg(target_arch = "wasm32")]
mod exports {
    use core::sync::atomic::{AtomicU32, Ordering};

    use super::super::errno::{fail, fail_wasi, EFAULT, EINVAL};
    use super::super::layout::{self, o, s, Filestat, STAT_SIZE};
    use super::super::{cstr, fd, path, sys};

    /// The file name at `p` resolved against a preopen: `(directory, path inside)`, or the
    /// errno to fail with.
    ///
    /// # Safety
    /// `p` is NULL or a NUL-terminated string (C's contract for a path argument).
    unsafe fn resolve<'a>(p: *const u8) -> Result<(i32, &'a [u8]), i32> {
        // SAFETY: the caller's contract.
        let name = unsafe { cstr(p) }.ok_or(EFAULT)?;
        path::resolve_path(name)
    }

    fn lookup(follow: bool) -> u32 {
        if follow {
            sys::SYMLINK_FOLLOW
        } else {
            0
        }
    }

    fn open(p: *const u8, flags: i32) -> i64 {
        let args = match super::open_args(flags) {
            Ok(a) => a,
            Err(e) => return fail(e),
        };
        // SAFETY: C's contract for `open`'s path.
        let (dir, rel) = match unsafe { resolve(p) } {
            Ok(x) => x,
            Err(e) => return fail(e),
        };
        match sys::open(
            dir,
            lookup(args.follow),
            rel,
            args.oflags,
            args.rights,
            layout::rights::ALL,
            args.fdflags,
        ) {
            Ok(h) => fd::adopt(h),
            Err(e) => fail_wasi(e),
        }
    }

    /// `__hscore_open(path, flags, mode)` (`mode` ignored: see the module documentation).
    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_open(p: *const u8, flags: i64, _mode: u64) -> i64 {
        open(p, flags as i32)
    }

    /// `creat(path, mode)` = `open(path, O_CREAT | O_WRONLY | O_TRUNC, mode)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_creat(p: *const u8, _mode: u64) -> i64 {
        open(p, o::CREAT | o::WRONLY | o::TRUNC)
    }

    /// Copies the `struct stat` of `st` to `buf`.
    fn fill(buf: *mut u8, st: &Filestat) -> i64 {
        if buf.is_null() {
            return fail(EFAULT);
        }
        let bytes = layout::stat_bytes(st);
        // SAFETY: C's contract: `buf` has room for a `struct stat` (`__hscore_sizeof_stat()`
        // bytes, which base allocates).
        unsafe { core::ptr::copy_nonoverlapping(bytes.as_ptr(), buf, STAT_SIZE) };
        0
    }

    fn stat(p: *const u8, buf: *mut u8, follow: bool) -> i64 {
        // SAFETY: C's contract for `stat`'s path.
        let (dir, rel) = match unsafe { resolve(p) } {
            Ok(x) => x,
            Err(e) => return fail(e),
        };
        match sys::path_filestat(dir, lookup(follow), rel) {
            Ok(st) => fill(buf, &st),
            Err(e) => fail_wasi(e),
        }
    }

    /// `__hscore_stat(path, buf)`.
    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_stat(p: *const u8, buf: *mut u8) -> i64 {
        stat(p, buf, true)
    }

    /// `__hscore_lstat(path, buf)`.
    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_lstat(p: *const u8, buf: *mut u8) -> i64 {
        stat(p, buf, false)
    }

    /// `__hscore_fstat(fd, buf)`.
    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_fstat(fd: i64, buf: *mut u8) -> i64 {
        let h = match fd::host_fd(fd) {
            Ok(h) => h,
            Err(e) => return fail(e),
        };
        match sys::filestat(h) {
            Ok(st) => fill(buf, &st),
            Err(e) => fail_wasi(e),
        }
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_sizeof_stat() -> i64 {
        STAT_SIZE as i64
    }

    /// The `u64` at offset `at` of the `struct stat` at `buf`.
    fn field(buf: *const u8, at: usize) -> u64 {
        // SAFETY: C's contract: `buf` is a `struct stat` filled by one of the functions above
        // (`at + 8 <= STAT_SIZE` for every caller).
        unsafe { (buf.add(at) as *const u64).read_unaligned() }
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_st_mode(buf: *const u8) -> u64 {
        field(buf, layout::ST_MODE) & 0xffff_ffff
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_st_size(buf: *const u8) -> i64 {
        field(buf, layout::ST_SIZE) as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_st_dev(buf: *const u8) -> u64 {
        field(buf, layout::ST_DEV)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_st_ino(buf: *const u8) -> u64 {
        field(buf, layout::ST_INO)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_st_mtime(buf: *const u8) -> i64 {
        field(buf, layout::ST_MTIM) as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_S_ISREG(mode: u64) -> i64 {
        super::is_type(mode, s::IFREG)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_S_ISDIR(mode: u64) -> i64 {
        super::is_type(mode, s::IFDIR)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_S_ISCHR(mode: u64) -> i64 {
        super::is_type(mode, s::IFCHR)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_S_ISBLK(mode: u64) -> i64 {
        super::is_type(mode, s::IFBLK)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_S_ISFIFO(mode: u64) -> i64 {
        super::is_type(mode, s::IFIFO)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_S_ISSOCK(mode: u64) -> i64 {
        super::is_type(mode, s::IFSOCK)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_rdonly() -> i64 {
        o::RDONLY as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_wronly() -> i64 {
        o::WRONLY as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_rdwr() -> i64 {
        o::RDWR as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_append() -> i64 {
        o::APPEND as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_creat() -> i64 {
        o::CREAT as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_excl() -> i64 {
        o::EXCL as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_trunc() -> i64 {
        o::TRUNC as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_noctty() -> i64 {
        o::NOCTTY as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_nonblock() -> i64 {
        o::NONBLOCK as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_o_binary() -> i64 {
        0
    }

    /// `unlink(path)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_unlink(p: *const u8) -> i64 {
        // SAFETY: C's contract for `unlink`'s path.
        let (dir, rel) = match unsafe { resolve(p) } {
            Ok(x) => x,
            Err(e) => return fail(e),
        };
        match sys::unlink(dir, rel) {
            Ok(()) => 0,
            Err(e) => fail_wasi(e),
        }
    }

    /// Succeeds when `path` exists (following links): `access` and `chmod` (WASI has no
    /// permissions).
    fn exists(p: *const u8) -> i64 {
        // SAFETY: C's contract for the path argument.
        let (dir, rel) = match unsafe { resolve(p) } {
            Ok(x) => x,
            Err(e) => return fail(e),
        };
        match sys::path_filestat(dir, sys::SYMLINK_FOLLOW, rel) {
            Ok(_) => 0,
            Err(e) => fail_wasi(e),
        }
    }

    /// `access(path, mode)`: the file's existence (WASI has no permissions to check).
    #[no_mangle]
    pub extern "C" fn ahc_c_access(p: *const u8, mode: i64) -> i64 {
        if mode as i32 & !7 != 0 {
            return fail(EINVAL);
        }
        exists(p)
    }

    /// `chmod(path, mode)`: succeeds without effect when the file exists.
    #[no_mangle]
    pub extern "C" fn ahc_c_chmod(p: *const u8, _mode: u64) -> i64 {
        exists(p)
    }

    static UMASK: AtomicU32 = AtomicU32::new(0o022);

    /// `umask(mask)`: the previous mask (remembered only).
    #[no_mangle]
    pub extern "C" fn ahc_c_umask(mask: u64) -> u64 {
        UMASK.swap(mask as u32 & 0o777, Ordering::Relaxed) as u64
    }

    /// `link(old, new)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_link(old: *const u8, new: *const u8) -> i64 {
        // SAFETY: C's contract for both paths.
        let (r1, r2) = unsafe { (resolve(old), resolve(new)) };
        match (r1, r2) {
            (Ok((d1, p1)), Ok((d2, p2))) => match sys::link(d1, p1, d2, p2) {
                Ok(()) => 0,
                Err(e) => fail_wasi(e),
            },
            (Err(e), _) | (_, Err(e)) => fail(e),
        }
    }

    /// `readlink(path, buf, size)`: the length of the (not NUL-terminated) target.
    #[no_mangle]
    pub extern "C" fn ahc_c_readlink(p: *const u8, buf: *mut u8, size: u64) -> i64 {
        if size == 0 {
            return fail(EINVAL);
        }
        // SAFETY: C's contract for `readlink`'s path.
        let (dir, rel) = match unsafe { resolve(p) } {
            Ok(x) => x,
            Err(e) => return fail(e),
        };
        // SAFETY: C's contract: `buf` has room for `size` bytes.
        match unsafe { sys::readlink(dir, rel, buf, size.min(i32::MAX as u64) as usize) } {
            Ok(n) => n as i64,
            Err(e) => fail_wasi(e),
        }
    }

    /// `utime(path, times)` (`struct utimbuf`: `actime`, `modtime`, two `time_t`); NULL means
    /// now.
    #[no_mangle]
    pub extern "C" fn ahc_c_utime(p: *const u8, times: *const u8) -> i64 {
        const ATIM: u16 = 1;
        const ATIM_NOW: u16 = 2;
        const MTIM: u16 = 4;
        const MTIM_NOW: u16 = 8;
        let (atim, mtim, flags) = if times.is_null() {
            (0, 0, ATIM_NOW | MTIM_NOW)
        } else {
            // SAFETY: C's contract: `times` points to a `struct utimbuf`.
            let (a, m) = unsafe {
                (
                    (times as *const i64).read_unaligned(),
                    (times.add(8) as *const i64).read_unaligned(),
                )
            };
            if a < 0 || m < 0 {
                return fail(EINVAL);
            }
            let ns = |t: i64| (t as u64).saturating_mul(1_000_000_000);
            (ns(a), ns(m), ATIM | MTIM)
        };
        // SAFETY: C's contract for `utime`'s path.
        let (dir, rel) = match unsafe { resolve(p) } {
            Ok(x) => x,
            Err(e) => return fail(e),
        };
        match sys::set_times(dir, sys::SYMLINK_FOLLOW, rel, atim, mtim, flags) {
            Ok(()) => 0,
            Err(e) => fail_wasi(e),
        }
    }

    /// `mkfifo(path, mode)` (`capi` wrapper): no FIFOs in WASI.
    #[no_mangle]
    pub extern "C" fn ahc_c_mkfifo(_p: *const u8, _mode: u64) -> i64 {
        fail(super::NO_FIFOS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_flags() {
        // base's openFile: ReadMode, WriteMode, ReadWriteMode, AppendMode (+ O_NONBLOCK).
        let read = open_args(o::NOCTTY | o::RDONLY | o::NONBLOCK).unwrap();
        assert_eq!(read.oflags, 0);
        assert_eq!(read.fdflags, fdflags::NONBLOCK);
        assert_eq!(
            read.rights & (rights::FD_READ | rights::FD_WRITE),
            rights::FD_READ
        );
        assert!(read.follow);
        let write = open_args(o::NOCTTY | o::CREAT | o::WRONLY).unwrap();
        assert_eq!(write.oflags, oflags::CREAT);
        assert_eq!(
            write.rights & (rights::FD_READ | rights::FD_WRITE),
            rights::FD_WRITE
        );
        let rw = open_args(o::CREAT | o::RDWR).unwrap();
        assert_eq!(
            rw.rights & (rights::FD_READ | rights::FD_WRITE),
            rights::FD_READ | rights::FD_WRITE
        );
        let append = open_args(o::CREAT | o::WRONLY | o::APPEND).unwrap();
        assert_eq!(append.fdflags, fdflags::APPEND);
        // openTempFile: O_CREAT | O_EXCL; creat: O_TRUNC.
        let excl = open_args(o::CREAT | o::EXCL | o::RDWR | o::NOFOLLOW).unwrap();
        assert_eq!(excl.oflags, oflags::CREAT | oflags::EXCL);
        assert!(!excl.follow);
        let t = open_args(o::TRUNC | o::DIRECTORY | o::SYNC).unwrap();
        assert_eq!(t.oflags, oflags::TRUNC | oflags::DIRECTORY);
        assert_eq!(t.fdflags, fdflags::SYNC);
        assert_eq!(open_args(o::DSYNC).unwrap().fdflags, fdflags::DSYNC);
        assert_eq!(open_args(3), Err(EINVAL));
    }

    #[test]
    fn file_types() {
        use crate::libc::posix::layout::{filetype, mode_of};
        assert_eq!(is_type(mode_of(filetype::REGULAR_FILE) as u64, s::IFREG), 1);
        assert_eq!(is_type(mode_of(filetype::DIRECTORY) as u64, s::IFREG), 0);
        assert_eq!(is_type(0o100644 | (1 << 40), s::IFREG), 1);
        // glibc's macros on the same values.
        for m in [
            0o100644u32,
            0o40755,
            0o20666,
            0o10600,
            0o140777,
            0o60660,
            0o120777,
        ] {
            assert_eq!(
                is_type(m as u64, s::IFREG),
                i64::from((m & libc::S_IFMT) == libc::S_IFREG)
            );
            assert_eq!(
                is_type(m as u64, s::IFDIR),
                i64::from((m & libc::S_IFMT) == libc::S_IFDIR)
            );
            assert_eq!(
                is_type(m as u64, s::IFIFO),
                i64::from((m & libc::S_IFMT) == libc::S_IFIFO)
            );
        }
    }
}
