//! File descriptors: `read`, `write`, `lseek`, `close`, `dup`, `dup2`, `fcntl`, `isatty`,
//! `fdReady`, `__hscore_ftruncate`, `poll`; base's file locks (`lockFile`, `unlockFile`) and
//! `flock`; the stubs `pipe`, `epoll_*`, `eventfd*`.
//!
//! ## Descriptor numbers ([`FdTable`])
//! WASI has no `dup`: a host descriptor cannot be shared by two numbers.  The numbers Haskell
//! sees are therefore *virtual*: each is the host descriptor of the same number, unless the
//! table of aliases says otherwise.  `dup`/`dup2` add aliases (the new number shares the host
//! descriptor, hence the file offset, exactly as POSIX's duplicates share an open file
//! description); `close` closes the host descriptor when its last number goes.  Without any
//! `dup`, the table is empty and every number is the host's own.  The runtime's own output to
//! descriptors 1 and 2 (`crate::io`) bypasses the table.
//!
//! ## Readiness
//! `fdReady` answers "ready" for every open descriptor and `poll` marks every open descriptor
//! ready for what was asked: WASI preview 1 hosts (ours: node's synchronous `fs`, `std::fs`)
//! cannot wait for input without blocking, so a read blocks in `fd_read` instead, as a read
//! in GHC's non-threaded runtime would block the process.  Only `poll` with no ready
//! descriptors sleeps (its timeout).
//!
//! ## base's locks ([`Locks`])
//! `lockFile(id, dev, ino, for_writing)` / `unlockFile(id)` are GHC's `rts/FileLock.c`
//! semantics: per (device, inode), one writer or any number of readers; `-1` when the file is
//! locked the other way, so `openFile` fails with "resource busy (file is locked)" as natively.
//! `unlockFile` answers 1 for a descriptor without a lock.  `flock` and `fcntl`'s record locks
//! succeed without locking (one process: no one else could see them).

use super::errno::{EBADF, EMFILE};

/// Aliases beyond which `dup` fails with `EMFILE`.
pub const MAX_ALIASES: usize = 32;
/// Descriptor numbers are below this (Linux's default `RLIMIT_NOFILE`).
pub const MAX_FD: i32 = 1024;
/// The host descriptor of a number that was closed while aliases of it remain.
const CLOSED: i32 = -1;

#[derive(Clone, Copy)]
struct Alias {
    vfd: i32,
    host: i32,
}

/// The program's descriptor numbers (see the module documentation).
///
/// Invariants: at most one entry per virtual number; an entry `(v, CLOSED)` exists only while
/// host descriptor `v` is open (held by aliases); `(v, v)` never occurs.
pub struct FdTable {
    n: usize,
    e: [Alias; MAX_ALIASES],
}

impl Default for FdTable {
    fn default() -> Self {
        Self::new()
    }
}

impl FdTable {
    pub const fn new() -> Self {
        FdTable {
            n: 0,
            e: [Alias { vfd: 0, host: 0 }; MAX_ALIASES],
        }
    }

    fn entries(&self) -> &[Alias] {
        self.e.get(..self.n).unwrap_or(&[])
    }

    fn find(&self, v: i32) -> Option<usize> {
        self.entries().iter().position(|a| a.vfd == v)
    }

    fn remove(&mut self, i: usize) {
        if i < self.n {
            self.n -= 1;
            self.e.swap(i, self.n);
        }
    }

    /// Maps `v` to host `h` (`h == v`: the identity, no entry).
    fn set(&mut self, v: i32, h: i32) -> Result<(), i32> {
        match self.find(v) {
            Some(i) if h == v => self.remove(i),
            Some(i) => {
                if let Some(a) = self.e.get_mut(i) {
                    a.host = h;
                }
            }
            None if h == v => {}
            None => {
                let slot = self.e.get_mut(self.n).ok_or(EMFILE)?;
                *slot = Alias { vfd: v, host: h };
                self.n += 1;
            }
        }
        Ok(())
    }

    /// The host descriptor of number `v`, if `v` can be open at all (the host decides).
    pub fn host(&self, v: i32) -> Option<i32> {
        if v < 0 {
            return None;
        }
        match self.find(v) {
            Some(i) => self.e.get(i).map(|a| a.host).filter(|&h| h != CLOSED),
            None => Some(v),
        }
    }

    /// How many numbers refer to host descriptor `h` (which is open).
    fn refs(&self, h: i32) -> usize {
        let aliases = self.entries().iter().filter(|a| a.host == h).count();
        aliases + usize::from(self.find(h).is_none())
    }

    fn in_use(&self, v: i32, is_open: &mut impl FnMut(i32) -> bool) -> bool {
        match self.find(v) {
            Some(i) => self.e.get(i).is_some_and(|a| a.host != CLOSED),
            None => is_open(v),
        }
    }

    fn lowest_free(&self, min: i32, is_open: &mut impl FnMut(i32) -> bool) -> Result<i32, i32> {
        (min.max(0)..MAX_FD)
            .find(|&w| !self.in_use(w, is_open))
            .ok_or(EMFILE)
    }

    /// Closes number `v`; the host descriptor to close, if this was its last number.
    pub fn close(
        &mut self,
        v: i32,
        is_open: &mut impl FnMut(i32) -> bool,
    ) -> Result<Option<i32>, i32> {
        let h = self.host(v).ok_or(EBADF)?;
        match self.find(v) {
            Some(i) => {
                self.remove(i);
                // Host descriptor `v` (held by aliases) must not show through as number `v`.
                if is_open(v) {
                    self.set(v, CLOSED)?;
                }
            }
            None if self.refs(h) > 1 => {
                self.set(v, CLOSED)?;
                return Ok(None);
            }
            None => return Ok(Some(h)),
        }
        if self.refs(h) > 0 {
            return Ok(None);
        }
        if let Some(i) = self.find(h) {
            if self.e.get(i).is_some_and(|a| a.host == CLOSED) {
                self.remove(i);
            }
        }
        Ok(Some(h))
    }

    /// The number for host descriptor `h`, just opened: `h` itself unless an alias has it.
    pub fn adopt(&mut self, h: i32, is_open: &mut impl FnMut(i32) -> bool) -> Result<i32, i32> {
        if self.find(h).is_none() {
            return Ok(h);
        }
        let w = self.lowest_free(0, is_open)?;
        self.set(w, h)?;
        Ok(w)
    }

    /// `dup` (`fcntl(F_DUPFD, min)`): the lowest free number `>= min`, sharing `v`'s host
    /// descriptor.
    pub fn dup(
        &mut self,
        v: i32,
        min: i32,
        is_open: &mut impl FnMut(i32) -> bool,
    ) -> Result<i32, i32> {
        let h = self.host(v).filter(|&h| is_open(h)).ok_or(EBADF)?;
        let w = self.lowest_free(min, is_open)?;
        self.set(w, h)?;
        Ok(w)
    }

    /// `dup2(v, w)`: the host descriptor to close (what `w` was, if that was its last number).
    pub fn dup2(
        &mut self,
        v: i32,
        w: i32,
        is_open: &mut impl FnMut(i32) -> bool,
    ) -> Result<Option<i32>, i32> {
        let h = self.host(v).filter(|&h| is_open(h)).ok_or(EBADF)?;
        if !(0..MAX_FD).contains(&w) {
            return Err(EBADF);
        }
        if v == w {
            return Ok(None);
        }
        let mut to_close = None;
        if self.in_use(w, is_open) {
            if self.host(w) == Some(h) {
                return Ok(None);
            }
            to_close = self.close(w, is_open)?;
        }
        self.set(w, h)?;
        Ok(to_close)
    }
}

/// Locks beyond this many are not recorded (`lockFile` then succeeds without locking).
pub const MAX_LOCKS: usize = 128;

#[derive(Clone, Copy)]
struct Lock {
    id: u64,
    dev: u64,
    ino: u64,
    writer: bool,
}

/// base's Haskell-2010 file locks, per descriptor (see the module documentation).
pub struct Locks {
    n: usize,
    e: [Lock; MAX_LOCKS],
}

impl Default for Locks {
    fn default() -> Self {
        Self::new()
    }
}

impl Locks {
    pub const fn new() -> Self {
        Locks {
            n: 0,
            e: [Lock {
                id: 0,
                dev: 0,
                ino: 0,
                writer: false,
            }; MAX_LOCKS],
        }
    }

    /// `lockFile`: 0 when locked, -1 when the file is locked incompatibly.
    pub fn lock(&mut self, id: u64, dev: u64, ino: u64, for_writing: bool) -> i64 {
        let held = self.e.get(..self.n).unwrap_or(&[]);
        let mut same = held.iter().filter(|l| l.dev == dev && l.ino == ino);
        if let Some(l) = same.next() {
            if for_writing || l.writer {
                return -1;
            }
        }
        if let Some(slot) = self.e.get_mut(self.n) {
            *slot = Lock {
                id,
                dev,
                ino,
                writer: for_writing,
            };
            self.n += 1;
        }
        0
    }

    /// `unlockFile`: 0 when descriptor `id` held a lock (now released), else 1.
    pub fn unlock(&mut self, id: u64) -> i64 {
        let held = self.e.get(..self.n).unwrap_or(&[]);
        match held.iter().position(|l| l.id == id) {
            Some(i) => {
                self.n -= 1;
                self.e.swap(i, self.n);
                0
            }
            None => 1,
        }
    }
}

/// Linux `fcntl` commands.
pub mod cmd {
    pub const F_DUPFD: i32 = 0;
    pub const F_GETFD: i32 = 1;
    pub const F_SETFD: i32 = 2;
    pub const F_GETFL: i32 = 3;
    pub const F_SETFL: i32 = 4;
    pub const F_GETLK: i32 = 5;
    pub const F_SETLK: i32 = 6;
    pub const F_SETLKW: i32 = 7;
    pub const F_OFD_GETLK: i32 = 36;
    pub const F_OFD_SETLK: i32 = 37;
    pub const F_OFD_SETLKW: i32 = 38;
    pub const F_DUPFD_CLOEXEC: i32 = 1030;
    pub const FD_CLOEXEC: i32 = 1;
    pub const F_RDLCK: i16 = 0;
    pub const F_WRLCK: i16 = 1;
    pub const F_UNLCK: i16 = 2;
}

/// `fcntl(F_GETFL)` for a WASI descriptor's rights and flags.
pub fn getfl(rights: u64, flags: u16) -> i32 {
    use super::layout::{fdflags as f, o, rights as r};
    let acc = match (rights & r::FD_READ != 0, rights & r::FD_WRITE != 0) {
        (true, true) => o::RDWR,
        (false, true) => o::WRONLY,
        _ => o::RDONLY,
    };
    let mut fl = acc;
    for (w, p) in [
        (f::APPEND, o::APPEND),
        (f::NONBLOCK, o::NONBLOCK),
        (f::DSYNC, o::DSYNC),
        (f::SYNC, o::SYNC),
    ] {
        if flags & w != 0 {
            fl |= p;
        }
    }
    fl
}

/// The WASI flags `fcntl(F_SETFL, arg)` asks for, from current flags `cur` (only `O_APPEND`
/// and `O_NONBLOCK` can change, as on Linux).
pub fn setfl(cur: u16, arg: i32) -> u16 {
    use super::layout::{fdflags as f, o};
    let mut new = cur & !(f::APPEND | f::NONBLOCK);
    if arg & o::APPEND != 0 {
        new |= f::APPEND;
    }
    if arg & o::NONBLOCK != 0 {
        new |= f::NONBLOCK;
    }
    new
}

/// Whether a descriptor with this fdstat is a terminal: a character device without seeking
/// (wasi-libc's test; `/dev/null` is a character device that can seek).
pub fn is_tty(st: &super::layout::Fdstat) -> bool {
    use super::layout::{filetype, rights};
    st.filetype == filetype::CHARACTER_DEVICE
        && st.rights_base & (rights::FD_SEEK | rights::FD_TELL) == 0
}

#[cfg(target_arch = "wasm32")]
pub use exports::{adopt, host_fd, tty};

#[cfg(target_arch = "wasm32")]
mod exports {
    use super::super::errno::{fail, fail_wasi, set_errno, EBADF, EINVAL, ENOSYS, ENOTTY};
    use super::super::layout::rights;
    use super::super::sys;
    use super::{cmd, FdTable, Locks};
    use crate::Global;

    static FDS: Global<FdTable> = Global::new(FdTable::new());
    static LOCKS: Global<Locks> = Global::new(Locks::new());

    fn is_open(h: i32) -> bool {
        sys::fdstat(h).is_ok()
    }

    /// The host descriptor of Haskell's descriptor `fd`, or `EBADF`.
    pub fn host_fd(fd: i64) -> Result<i32, i32> {
        let v = i32::try_from(fd).map_err(|_| EBADF)?;
        FDS.with(|t| t.host(v)).ok_or(EBADF)
    }

    /// The number Haskell sees for host descriptor `h`, just opened (C's result); closes `h`
    /// when no number is free.
    pub fn adopt(h: i32) -> i64 {
        match FDS.with(|t| t.adopt(h, &mut is_open)) {
            Ok(v) => v as i64,
            Err(e) => {
                let _ = sys::close(h);
                fail(e)
            }
        }
    }

    /// Whether `fd` is a terminal (`Err`: the errno, e.g. `EBADF`).
    pub fn tty(fd: i64) -> Result<bool, i32> {
        let h = host_fd(fd)?;
        let st = sys::fdstat(h).map_err(super::super::errno::from_wasi)?;
        Ok(super::is_tty(&st))
    }

    /// The most one `read`/`write` transfers (`SSIZE_MAX` of a 32-bit address space).
    const MAX_IO: u64 = i32::MAX as u64;

    /// `read(fd, buf, n)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_read(fd: i64, buf: *mut u8, n: u64) -> i64 {
        let h = match host_fd(fd) {
            Ok(h) => h,
            Err(e) => return fail(e),
        };
        // SAFETY: C's contract: `buf` has room for `n` bytes.
        match unsafe { sys::read(h, buf, n.min(MAX_IO) as usize) } {
            Ok(k) => k as i64,
            Err(e) => fail_wasi(e),
        }
    }

    /// `write(fd, buf, n)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_write(fd: i64, buf: *const u8, n: u64) -> i64 {
        let h = match host_fd(fd) {
            Ok(h) => h,
            Err(e) => return fail(e),
        };
        // SAFETY: C's contract: `buf` holds `n` readable bytes.
        match unsafe { sys::write(h, buf, n.min(MAX_IO) as usize) } {
            Ok(k) => k as i64,
            Err(e) => fail_wasi(e),
        }
    }

    /// `lseek(fd, offset, whence)` (`capi` wrapper); `SEEK_SET`/`CUR`/`END` are 0/1/2 in both
    /// Linux and WASI.
    #[no_mangle]
    pub extern "C" fn ahc_c_lseek(fd: i64, offset: i64, whence: i64) -> i64 {
        let h = match host_fd(fd) {
            Ok(h) => h,
            Err(e) => return fail(e),
        };
        if !(0..=2).contains(&(whence as i32)) {
            return fail(EINVAL);
        }
        match sys::seek(h, offset, whence as u8) {
            Ok(pos) => pos as i64,
            Err(e) => fail_wasi(e),
        }
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_SEEK_SET() -> i64 {
        0
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_SEEK_CUR() -> i64 {
        1
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_SEEK_END() -> i64 {
        2
    }

    /// `close(fd)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_close(fd: i64) -> i64 {
        let Ok(v) = i32::try_from(fd) else {
            return fail(EBADF);
        };
        match FDS.with(|t| t.close(v, &mut is_open)) {
            Ok(None) => 0,
            Ok(Some(h)) => match sys::close(h) {
                Ok(()) => 0,
                Err(e) => fail_wasi(e),
            },
            Err(e) => fail(e),
        }
    }

    fn dup_from(fd: i64, min: i32) -> i64 {
        let Ok(v) = i32::try_from(fd) else {
            return fail(EBADF);
        };
        match FDS.with(|t| t.dup(v, min, &mut is_open)) {
            Ok(w) => w as i64,
            Err(e) => fail(e),
        }
    }

    /// `dup(fd)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_dup(fd: i64) -> i64 {
        dup_from(fd, 0)
    }

    /// `dup2(fd, fd2)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_dup2(fd: i64, fd2: i64) -> i64 {
        let (Ok(v), Ok(w)) = (i32::try_from(fd), i32::try_from(fd2)) else {
            return fail(EBADF);
        };
        match FDS.with(|t| t.dup2(v, w, &mut is_open)) {
            Ok(to_close) => {
                if let Some(h) = to_close {
                    let _ = sys::close(h);
                }
                w as i64
            }
            Err(e) => fail(e),
        }
    }

    /// `__hscore_ftruncate(fd, length)`.
    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_ftruncate(fd: i64, length: i64) -> i64 {
        let h = match host_fd(fd) {
            Ok(h) => h,
            Err(e) => return fail(e),
        };
        if length < 0 {
            return fail(EINVAL);
        }
        match sys::set_size(h, length as u64) {
            Ok(()) => 0,
            Err(e) => fail_wasi(e),
        }
    }

    /// `fcntl(fd, cmd, arg)` for every argument kind (`arg` is an integer or an address).
    fn fcntl(fd: i64, command: i64, arg: u64) -> i64 {
        let h = match host_fd(fd) {
            Ok(h) => h,
            Err(e) => return fail(e),
        };
        let st = match sys::fdstat(h) {
            Ok(st) => st,
            Err(e) => return fail_wasi(e),
        };
        match command as i32 {
            cmd::F_DUPFD | cmd::F_DUPFD_CLOEXEC => {
                let min = arg as i32;
                if !(0..super::MAX_FD).contains(&min) {
                    return fail(EINVAL);
                }
                dup_from(fd, min)
            }
            cmd::F_GETFD | cmd::F_SETFD => 0,
            cmd::F_GETFL => super::getfl(st.rights_base, st.flags) as i64,
            cmd::F_SETFL => {
                let new = super::setfl(st.flags, arg as i32);
                if new == st.flags {
                    return 0;
                }
                match sys::set_flags(h, new) {
                    Ok(()) => 0,
                    Err(e) => fail_wasi(e),
                }
            }
            c @ (cmd::F_GETLK
            | cmd::F_SETLK
            | cmd::F_SETLKW
            | cmd::F_OFD_GETLK
            | cmd::F_OFD_SETLK
            | cmd::F_OFD_SETLKW) => record_lock(c, st.rights_base, arg as usize as *mut u8),
            _ => fail(EINVAL),
        }
    }

    /// The record-lock commands on `struct flock` (`l_type` i16 at 0): nothing to lock against.
    fn record_lock(c: i32, rights_base: u64, p: *mut u8) -> i64 {
        if p.is_null() {
            return fail(super::super::errno::EFAULT);
        }
        // SAFETY: C's contract: `p` points to a `struct flock` (32 bytes, `l_type` first).
        let ty = unsafe { (p as *const i16).read_unaligned() };
        let needs = match ty {
            cmd::F_RDLCK => rights::FD_READ,
            cmd::F_WRLCK => rights::FD_WRITE,
            cmd::F_UNLCK => 0,
            _ => return fail(EINVAL),
        };
        if c == cmd::F_GETLK || c == cmd::F_OFD_GETLK {
            // SAFETY: as above; no lock conflicts, which `l_type = F_UNLCK` says.
            unsafe { (p as *mut i16).write_unaligned(cmd::F_UNLCK) };
            return 0;
        }
        if rights_base & needs != needs {
            return fail(EBADF);
        }
        0
    }

    /// `fcntl(fd, cmd)` (`capi` wrapper, no argument).
    #[no_mangle]
    pub extern "C" fn ahc_c_fcntl_nn(fd: i64, command: i64) -> i64 {
        fcntl(fd, command, 0)
    }

    /// `fcntl(fd, cmd, long)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_fcntl_nnn(fd: i64, command: i64, arg: i64) -> i64 {
        fcntl(fd, command, arg as u64)
    }

    /// `fcntl(fd, cmd, struct flock *)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_fcntl_nna(fd: i64, command: i64, p: *mut u8) -> i64 {
        fcntl(fd, command, p as usize as u64)
    }

    /// `fcntl(fd, cmd, struct flock *)` (plain `ccall`, `GHC.IO.Handle.Lock.LinuxOFD`).
    #[no_mangle]
    pub extern "C" fn ahc_c_fcntl(fd: i64, command: i64, p: *mut u8) -> i64 {
        fcntl(fd, command, p as usize as u64)
    }

    /// `isatty(fd)`: 1 for a terminal, else 0 with `errno` `ENOTTY` (or `EBADF`).
    #[no_mangle]
    pub extern "C" fn ahc_c_isatty(fd: i64) -> i64 {
        match tty(fd) {
            Ok(true) => 1,
            Ok(false) => {
                set_errno(ENOTTY);
                0
            }
            Err(e) => {
                set_errno(e);
                0
            }
        }
    }

    /// `fdReady(fd, write, msecs, isSock)`: 1 (ready) for any open descriptor (see the module
    /// documentation), -1 with `EBADF` otherwise.
    #[no_mangle]
    pub extern "C" fn ahc_c_fdReady(fd: i64, _write: u64, _msecs: i64, _is_sock: u64) -> i64 {
        match host_fd(fd) {
            Ok(h) if is_open(h) => 1,
            _ => fail(EBADF),
        }
    }

    /// `poll(fds, nfds, timeout)`: every open descriptor is ready for the `POLLIN`/`POLLOUT`
    /// it asked for, a closed one gets `POLLNVAL`; with none ready it sleeps `timeout` ms
    /// (forever if negative) and returns 0.
    #[no_mangle]
    pub extern "C" fn ahc_c_poll(fds: *mut u8, nfds: u64, timeout: i64) -> i64 {
        const POLLIN: i16 = 1;
        const POLLOUT: i16 = 4;
        const POLLNVAL: i16 = 0x20;
        let mut ready = 0i64;
        for i in 0..nfds.min(super::MAX_FD as u64) as usize {
            // SAFETY: C's contract: `fds` is an array of `nfds` `struct pollfd`s (8 bytes:
            // `int fd`, `short events`, `short revents`).
            let (fd, events) = unsafe {
                let p = fds.add(8 * i);
                (
                    (p as *const i32).read_unaligned(),
                    (p.add(4) as *const i16).read_unaligned(),
                )
            };
            let revents = if fd < 0 {
                0
            } else {
                match host_fd(fd as i64) {
                    Ok(h) if is_open(h) => events & (POLLIN | POLLOUT),
                    _ => POLLNVAL,
                }
            };
            // SAFETY: as above.
            unsafe { (fds.add(8 * i + 6) as *mut i16).write_unaligned(revents) };
            ready += i64::from(revents != 0);
        }
        if ready == 0 && timeout != 0 {
            let ns = if timeout < 0 {
                u64::MAX
            } else {
                (timeout as u64).saturating_mul(1_000_000)
            };
            crate::wasi::sleep_ns(ns);
        }
        ready
    }

    /// `lockFile(id, dev, ino, for_writing)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_lockFile(id: u64, dev: u64, ino: u64, for_writing: i64) -> i64 {
        LOCKS.with(|l| l.lock(id, dev, ino, for_writing as i32 != 0))
    }

    /// `unlockFile(id)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_unlockFile(id: u64) -> i64 {
        LOCKS.with(|l| l.unlock(id))
    }

    /// `flock(fd, operation)`: succeeds for an open descriptor and a valid operation.
    #[no_mangle]
    pub extern "C" fn ahc_c_flock(fd: i64, operation: i64) -> i64 {
        const LOCK_SH: i32 = 1;
        const LOCK_EX: i32 = 2;
        const LOCK_NB: i32 = 4;
        const LOCK_UN: i32 = 8;
        match host_fd(fd) {
            Ok(h) if is_open(h) => {}
            _ => return fail(EBADF),
        }
        match operation as i32 & !LOCK_NB {
            LOCK_SH | LOCK_EX | LOCK_UN => 0,
            _ => fail(EINVAL),
        }
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_bufsiz() -> i64 {
        8192
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_f_getfl() -> i64 {
        cmd::F_GETFL as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_f_setfl() -> i64 {
        cmd::F_SETFL as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_f_setfd() -> i64 {
        cmd::F_SETFD as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_fd_cloexec() -> i64 {
        cmd::FD_CLOEXEC as i64
    }

    /// `pipe(fds)`: WASI cannot make pipes.
    #[no_mangle]
    pub extern "C" fn ahc_c_pipe(_fds: *mut u8) -> i64 {
        fail(ENOSYS)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_epoll_create(_size: i64) -> i64 {
        fail(ENOSYS)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_epoll_ctl(_epfd: i64, _op: i64, _fd: i64, _event: *mut u8) -> i64 {
        fail(ENOSYS)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_epoll_wait(
        _epfd: i64,
        _events: *mut u8,
        _max: i64,
        _timeout: i64,
    ) -> i64 {
        fail(ENOSYS)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_eventfd(_initval: i64, _flags: i64) -> i64 {
        fail(ENOSYS)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_eventfd_write(_fd: i64, _value: u64) -> i64 {
        fail(ENOSYS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// A fake host: the set of open host descriptors.
    struct Host {
        open: BTreeSet<i32>,
        t: FdTable,
    }

    impl Host {
        fn new() -> Self {
            Host {
                open: [0, 1, 2, 3, 4].into_iter().collect(),
                t: FdTable::new(),
            }
        }
        fn open_file(&mut self) -> i32 {
            let h = (0..).find(|h| !self.open.contains(h)).unwrap();
            self.open.insert(h);
            let open = &self.open;
            self.t.adopt(h, &mut |x| open.contains(&x)).unwrap()
        }
        fn close(&mut self, v: i32) -> Result<(), i32> {
            let open = &self.open;
            if let Some(h) = self.t.close(v, &mut |x| open.contains(&x))? {
                assert!(self.open.remove(&h), "host fd {h} closed twice");
            }
            Ok(())
        }
        fn dup(&mut self, v: i32) -> Result<i32, i32> {
            let open = &self.open;
            self.t.dup(v, 0, &mut |x| open.contains(&x))
        }
        fn dup2(&mut self, v: i32, w: i32) -> Result<i32, i32> {
            let open = &self.open;
            if let Some(h) = self.t.dup2(v, w, &mut |x| open.contains(&x))? {
                assert!(self.open.remove(&h));
            }
            Ok(w)
        }
        fn host(&self, v: i32) -> Option<i32> {
            self.t.host(v).filter(|h| self.open.contains(h))
        }
    }

    #[test]
    fn identity_without_dups() {
        let mut h = Host::new();
        assert_eq!(h.open_file(), 5);
        assert_eq!(h.open_file(), 6);
        assert_eq!(h.host(5), Some(5));
        h.close(5).unwrap();
        assert_eq!(h.host(5), None);
        assert_eq!(h.open_file(), 5);
        assert_eq!(h.t.n, 0);
        assert_eq!(h.t.close(-1, &mut |_| true), Err(EBADF));
        assert_eq!(h.t.host(-3), None);
    }

    #[test]
    fn dup_shares_and_closes_last() {
        let mut h = Host::new();
        let f = h.open_file(); // 5
        let d = h.dup(f).unwrap();
        assert_eq!(d, 6);
        assert_eq!(h.host(d), Some(5));
        // Closing the original keeps the host fd for the duplicate.
        h.close(f).unwrap();
        assert!(h.open.contains(&5));
        assert_eq!(h.host(f), None);
        assert_eq!(h.host(d), Some(5));
        // A new file: the host returns 6 (5 is held), which the duplicate's number has, so it
        // gets the lowest free number, 5.
        let g = h.open_file();
        assert_eq!(g, 5);
        assert_eq!(h.host(g), Some(6));
        h.close(d).unwrap();
        assert!(!h.open.contains(&5), "last number closed the host fd");
        assert_eq!(h.host(d), None, "host 6 does not show through as number 6");
        h.close(g).unwrap();
        assert!(!h.open.contains(&6));
        assert_eq!(h.t.n, 0);
        assert_eq!(h.dup(42), Err(EBADF));
    }

    #[test]
    fn dup2_redirects_and_restores() {
        let mut h = Host::new();
        let f = h.open_file(); // 5
        let saved = h.dup(1).unwrap(); // 6 → host 1
        assert_eq!(saved, 6);
        // hDuplicateTo f stdout
        assert_eq!(h.dup2(f, 1), Ok(1));
        assert_eq!(h.host(1), Some(5));
        assert!(h.open.contains(&1), "host stdout still held by 6");
        // restore
        assert_eq!(h.dup2(saved, 1), Ok(1));
        assert_eq!(h.host(1), Some(1));
        h.close(saved).unwrap();
        assert!(h.open.contains(&1));
        assert_eq!(h.host(f), Some(5));
        h.close(f).unwrap();
        assert!(!h.open.contains(&5));
        assert_eq!(h.t.n, 0);
        // dup2 onto itself and onto a number aliasing the same host fd: no-ops.
        let f = h.open_file();
        assert_eq!(h.dup2(f, f), Ok(f));
        let d = h.dup(f).unwrap();
        assert_eq!(h.dup2(f, d), Ok(d));
        assert_eq!(h.host(d), Some(f));
        assert_eq!(h.t.dup2(f, MAX_FD, &mut |_| true), Err(EBADF));
        assert_eq!(h.t.dup2(99, 3, &mut |_| false), Err(EBADF));
    }

    #[test]
    fn dup2_over_open_file_closes_it() {
        let mut h = Host::new();
        let a = h.open_file(); // 5
        let b = h.open_file(); // 6
        assert_eq!(h.dup2(a, b), Ok(b));
        assert_eq!(h.host(b), Some(5));
        assert!(!h.open.contains(&6));
        // The host reuses 6; number 6 is the alias, so the new file gets 7.
        let c = h.open_file();
        assert_eq!(c, 7);
        assert_eq!(h.host(c), Some(6));
    }

    #[test]
    fn table_full() {
        let mut h = Host::new();
        let f = h.open_file();
        for _ in 0..MAX_ALIASES {
            h.dup(f).unwrap();
        }
        assert_eq!(h.dup(f), Err(EMFILE));
        let mut t = FdTable::new();
        assert_eq!(
            t.dup(0, 0, &mut |_| true),
            Err(EMFILE),
            "every number in use"
        );
    }

    #[test]
    fn locks_single_writer_multiple_readers() {
        let mut l = Locks::new();
        assert_eq!(l.lock(5, 1, 100, false), 0);
        assert_eq!(l.lock(6, 1, 100, false), 0);
        assert_eq!(l.lock(7, 1, 100, true), -1);
        assert_eq!(l.lock(8, 2, 100, true), 0, "another device");
        assert_eq!(l.lock(9, 2, 100, false), -1);
        assert_eq!(l.unlock(5), 0);
        assert_eq!(l.unlock(5), 1);
        assert_eq!(l.unlock(6), 0);
        assert_eq!(l.lock(7, 1, 100, true), 0, "no readers left");
        assert_eq!(l.unlock(8), 0);
        assert_eq!(l.lock(9, 2, 100, false), 0);
        assert_eq!(l.unlock(1234), 1);
    }

    #[test]
    fn fcntl_flags() {
        use crate::libc::posix::layout::{fdflags as f, o, rights as r, Fdstat};
        assert_eq!(getfl(r::FD_READ | r::FD_WRITE, 0), o::RDWR);
        assert_eq!(getfl(r::FD_WRITE, f::APPEND), o::WRONLY | o::APPEND);
        assert_eq!(getfl(r::FD_READ, f::NONBLOCK), o::NONBLOCK);
        assert_eq!(getfl(0, f::SYNC | f::DSYNC), o::SYNC | o::DSYNC);
        assert_eq!(setfl(f::SYNC, o::NONBLOCK | o::RDWR), f::SYNC | f::NONBLOCK);
        assert_eq!(setfl(f::APPEND | f::NONBLOCK, 0), 0);
        let mut st = Fdstat {
            filetype: 2,
            rights_base: r::FD_WRITE,
            ..Fdstat::default()
        };
        assert!(is_tty(&st));
        st.rights_base |= r::FD_SEEK;
        assert!(!is_tty(&st), "/dev/null");
        st.filetype = 4;
        st.rights_base = r::FD_WRITE;
        assert!(!is_tty(&st));
    }
}
