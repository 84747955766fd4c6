//! Clocks: `getMonotonicNSec`, `clock_gettime`, `clock_getres`, `getrusage`, `times`,
//! `clk_tck`.
//!
//! Linux clock ids map onto WASI's four clocks: `CLOCK_REALTIME` (and `_COARSE`) → realtime,
//! `CLOCK_MONOTONIC` (`_RAW`, `_COARSE`, `CLOCK_BOOTTIME`) → monotonic, the CPU-time clocks →
//! WASI's process/thread CPU-time clocks (a host without them falls back to monotonic time).
//! `getrusage` reports the process's CPU time as user time (system time 0, the other fields
//! 0); `times` does the same in clock ticks of [`CLK_TCK`] per second.  Layouts are x86_64's:
//! `struct timespec` and `struct timeval` are two `i64`s, `struct rusage` 144 bytes starting
//! with `ru_utime` and `ru_stime`, `struct tms` four `clock_t` (`i64`).

use super::errno::EINVAL;

/// `sysconf(_SC_CLK_TCK)` on Linux.
pub const CLK_TCK: i64 = 100;
/// `sizeof(struct rusage)`.
pub const RUSAGE_SIZE: usize = 144;

/// WASI clock ids.
pub mod clock {
    pub const REALTIME: u32 = 0;
    pub const MONOTONIC: u32 = 1;
    pub const PROCESS_CPUTIME: u32 = 2;
    pub const THREAD_CPUTIME: u32 = 3;
}

/// The WASI clock for a Linux `clockid_t`.
pub fn wasi_clock(linux: i64) -> Result<u32, i32> {
    match linux {
        0 | 5 => Ok(clock::REALTIME),
        1 | 4 | 6 | 7 => Ok(clock::MONOTONIC),
        2 => Ok(clock::PROCESS_CPUTIME),
        3 => Ok(clock::THREAD_CPUTIME),
        _ => Err(EINVAL),
    }
}

/// `(seconds, nanoseconds)` of a time in nanoseconds.
pub fn split(ns: u64) -> (i64, i64) {
    ((ns / 1_000_000_000) as i64, (ns % 1_000_000_000) as i64)
}

/// The `struct rusage` for `cpu_ns` of user time.
pub fn rusage_bytes(cpu_ns: u64) -> [u8; RUSAGE_SIZE] {
    let mut b = [0u8; RUSAGE_SIZE];
    let (sec, ns) = split(cpu_ns);
    if let Some(d) = b.get_mut(0..8) {
        d.copy_from_slice(&sec.to_le_bytes());
    }
    if let Some(d) = b.get_mut(8..16) {
        d.copy_from_slice(&(ns / 1000).to_le_bytes());
    }
    b
}

#[cfg(target_arch = "wasm32")]
mod exports {
    use super::super::errno::{fail, fail_wasi, EFAULT, EINVAL};
    use super::super::sys;
    use super::{clock, split, wasi_clock, CLK_TCK, RUSAGE_SIZE};

    /// The process's CPU time in nanoseconds (monotonic time if the host has no such clock).
    fn cpu_ns(id: u32) -> u64 {
        sys::clock(id)
            .or_else(|_| sys::clock(clock::MONOTONIC))
            .unwrap_or(0)
    }

    /// Writes a `struct timespec` for `ns` to `ts`.
    fn put_timespec(ts: *mut u8, ns: u64) {
        let (sec, nsec) = split(ns);
        // SAFETY: C's contract: `ts` points to a `struct timespec` (two `i64`s).
        unsafe {
            (ts as *mut i64).write_unaligned(sec);
            (ts.add(8) as *mut i64).write_unaligned(nsec);
        }
    }

    /// `getMonotonicNSec()`.
    #[no_mangle]
    pub extern "C" fn ahc_c_getMonotonicNSec() -> u64 {
        crate::wasi::now_ns()
    }

    /// `clock_gettime(clockid, ts)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_clock_gettime(id: i64, ts: *mut u8) -> i64 {
        let id = match wasi_clock(id) {
            Ok(id) => id,
            Err(e) => return fail(e),
        };
        if ts.is_null() {
            return fail(EFAULT);
        }
        let t = match id {
            clock::PROCESS_CPUTIME | clock::THREAD_CPUTIME => Ok(cpu_ns(id)),
            _ => sys::clock(id),
        };
        match t {
            Ok(ns) => {
                put_timespec(ts, ns);
                0
            }
            Err(e) => fail_wasi(e),
        }
    }

    /// `clock_getres(clockid, ts)` (`capi` wrapper; `ts` may be NULL).
    #[no_mangle]
    pub extern "C" fn ahc_c_clock_getres(id: i64, ts: *mut u8) -> i64 {
        let id = match wasi_clock(id) {
            Ok(id) => id,
            Err(e) => return fail(e),
        };
        let res = sys::clock_res(id)
            .or_else(|_| sys::clock_res(clock::MONOTONIC))
            .unwrap_or(1);
        if !ts.is_null() {
            put_timespec(ts, res);
        }
        0
    }

    /// `getrusage(who, usage)` (`capi` wrapper): `RUSAGE_SELF` (0) and `RUSAGE_THREAD` (1) get
    /// the process's CPU time as user time, `RUSAGE_CHILDREN` (-1) zeros.
    #[no_mangle]
    pub extern "C" fn ahc_c_getrusage(who: i64, usage: *mut u8) -> i64 {
        let ns = match who as i32 {
            0 | 1 => cpu_ns(clock::PROCESS_CPUTIME),
            -1 => 0,
            _ => return fail(EINVAL),
        };
        if usage.is_null() {
            return fail(EFAULT);
        }
        let b = super::rusage_bytes(ns);
        // SAFETY: C's contract: `usage` points to a `struct rusage`.
        unsafe { core::ptr::copy_nonoverlapping(b.as_ptr(), usage, RUSAGE_SIZE) };
        0
    }

    /// `times(buf)`: CPU time as user time, in clock ticks; the result is the monotonic clock
    /// in ticks.  `buf` may be NULL (as Linux allows).
    #[no_mangle]
    pub extern "C" fn ahc_c_times(buf: *mut u8) -> i64 {
        const NS_PER_TICK: u64 = 1_000_000_000 / CLK_TCK as u64;
        if !buf.is_null() {
            let ticks = (cpu_ns(clock::PROCESS_CPUTIME) / NS_PER_TICK) as i64;
            // SAFETY: C's contract: `buf` points to a `struct tms` (four `clock_t`s).
            unsafe {
                (buf as *mut i64).write_unaligned(ticks);
                core::ptr::write_bytes(buf.add(8), 0, 24);
            }
        }
        (crate::wasi::now_ns() / NS_PER_TICK) as i64
    }

    /// `clk_tck()` (base's `sysconf(_SC_CLK_TCK)`).
    #[no_mangle]
    pub extern "C" fn ahc_c_clk_tck() -> i64 {
        CLK_TCK
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_ids_match_linux() {
        assert_eq!(wasi_clock(libc::CLOCK_REALTIME as i64), Ok(clock::REALTIME));
        assert_eq!(
            wasi_clock(libc::CLOCK_MONOTONIC as i64),
            Ok(clock::MONOTONIC)
        );
        assert_eq!(
            wasi_clock(libc::CLOCK_PROCESS_CPUTIME_ID as i64),
            Ok(clock::PROCESS_CPUTIME)
        );
        assert_eq!(
            wasi_clock(libc::CLOCK_THREAD_CPUTIME_ID as i64),
            Ok(clock::THREAD_CPUTIME)
        );
        assert_eq!(
            wasi_clock(libc::CLOCK_MONOTONIC_RAW as i64),
            Ok(clock::MONOTONIC)
        );
        assert_eq!(
            wasi_clock(libc::CLOCK_REALTIME_COARSE as i64),
            Ok(clock::REALTIME)
        );
        assert_eq!(
            wasi_clock(libc::CLOCK_MONOTONIC_COARSE as i64),
            Ok(clock::MONOTONIC)
        );
        assert_eq!(
            wasi_clock(libc::CLOCK_BOOTTIME as i64),
            Ok(clock::MONOTONIC)
        );
        assert_eq!(wasi_clock(42), Err(EINVAL));
        assert_eq!(wasi_clock(-1), Err(EINVAL));
        // SAFETY: sysconf has no preconditions.
        assert_eq!(unsafe { libc::sysconf(libc::_SC_CLK_TCK) }, CLK_TCK);
    }

    #[test]
    fn struct_layouts() {
        assert_eq!(core::mem::size_of::<libc::rusage>(), RUSAGE_SIZE);
        assert_eq!(core::mem::offset_of!(libc::rusage, ru_utime), 0);
        assert_eq!(core::mem::offset_of!(libc::rusage, ru_stime), 16);
        assert_eq!(core::mem::size_of::<libc::timespec>(), 16);
        assert_eq!(core::mem::size_of::<libc::tms>(), 32);
        let b = rusage_bytes(3_000_250_000);
        // SAFETY: plain old data of the same size (checked above).
        let r: libc::rusage = unsafe { core::mem::transmute(b) };
        assert_eq!((r.ru_utime.tv_sec, r.ru_utime.tv_usec), (3, 250));
        assert_eq!((r.ru_stime.tv_sec, r.ru_stime.tv_usec), (0, 0));
        assert_eq!(split(1_999_999_999), (1, 999_999_999));
    }
}
