//! `errno`: its storage, the Linux x86_64 numbers base expects, and the translation of WASI
//! preview 1 error codes into them.
//!
//! base was configured on x86_64 Linux, so `Foreign.C.Error`'s `eNOENT`, `eBADF`, … are Linux's
//! numbers, and `errnoToIOError` turns them into `IOErrorType`s and (through `strerror`) glibc's
//! texts.  Every failing function of [`super`] therefore sets a *Linux* number.
//!
//! The storage is one `AtomicI32` (plain loads and stores on wasm32 without threads; native tests
//! can use it too).

use core::sync::atomic::{AtomicI32, Ordering};

pub const EPERM: i32 = 1;
pub const ENOENT: i32 = 2;
pub const ESRCH: i32 = 3;
pub const EINTR: i32 = 4;
pub const EIO: i32 = 5;
pub const ENXIO: i32 = 6;
pub const E2BIG: i32 = 7;
pub const ENOEXEC: i32 = 8;
pub const EBADF: i32 = 9;
pub const ECHILD: i32 = 10;
pub const EAGAIN: i32 = 11;
pub const ENOMEM: i32 = 12;
pub const EACCES: i32 = 13;
pub const EFAULT: i32 = 14;
pub const EBUSY: i32 = 16;
pub const EEXIST: i32 = 17;
pub const EXDEV: i32 = 18;
pub const ENODEV: i32 = 19;
pub const ENOTDIR: i32 = 20;
pub const EISDIR: i32 = 21;
pub const EINVAL: i32 = 22;
pub const ENFILE: i32 = 23;
pub const EMFILE: i32 = 24;
pub const ENOTTY: i32 = 25;
pub const ETXTBSY: i32 = 26;
pub const EFBIG: i32 = 27;
pub const ENOSPC: i32 = 28;
pub const ESPIPE: i32 = 29;
pub const EROFS: i32 = 30;
pub const EMLINK: i32 = 31;
pub const EPIPE: i32 = 32;
pub const EDOM: i32 = 33;
pub const ERANGE: i32 = 34;
pub const EDEADLK: i32 = 35;
pub const ENAMETOOLONG: i32 = 36;
pub const ENOLCK: i32 = 37;
pub const ENOSYS: i32 = 38;
pub const ENOTEMPTY: i32 = 39;
pub const ELOOP: i32 = 40;
pub const ENOMSG: i32 = 42;
pub const EIDRM: i32 = 43;
pub const ENOLINK: i32 = 67;
pub const EPROTO: i32 = 71;
pub const EMULTIHOP: i32 = 72;
pub const EBADMSG: i32 = 74;
pub const EOVERFLOW: i32 = 75;
pub const EILSEQ: i32 = 84;
pub const ENOTSOCK: i32 = 88;
pub const EDESTADDRREQ: i32 = 89;
pub const EMSGSIZE: i32 = 90;
pub const EPROTOTYPE: i32 = 91;
pub const ENOPROTOOPT: i32 = 92;
pub const EPROTONOSUPPORT: i32 = 93;
pub const ENOTSUP: i32 = 95;
pub const EAFNOSUPPORT: i32 = 97;
pub const EADDRINUSE: i32 = 98;
pub const EADDRNOTAVAIL: i32 = 99;
pub const ENETDOWN: i32 = 100;
pub const ENETUNREACH: i32 = 101;
pub const ENETRESET: i32 = 102;
pub const ECONNABORTED: i32 = 103;
pub const ECONNRESET: i32 = 104;
pub const ENOBUFS: i32 = 105;
pub const EISCONN: i32 = 106;
pub const ENOTCONN: i32 = 107;
pub const ETIMEDOUT: i32 = 110;
pub const ECONNREFUSED: i32 = 111;
pub const EHOSTUNREACH: i32 = 113;
pub const EALREADY: i32 = 114;
pub const EINPROGRESS: i32 = 115;
pub const ESTALE: i32 = 116;
pub const EDQUOT: i32 = 122;
pub const ECANCELED: i32 = 125;
pub const EOWNERDEAD: i32 = 130;
pub const ENOTRECOVERABLE: i32 = 131;

/// WASI preview 1 error codes the runtime looks at itself.
pub mod wasi {
    pub const SUCCESS: u16 = 0;
    pub const BADF: u16 = 8;
    pub const INVAL: u16 = 28;
    pub const NOENT: u16 = 44;
    pub const NOSYS: u16 = 52;
    pub const NOTCAPABLE: u16 = 76;
}

/// The Linux number of each WASI errno `0..=76` (`wasi_snapshot_preview1`'s `errno` enum, in
/// order).  `ENOTCAPABLE` (a sandbox refusing a path or a right) becomes `EACCES`.
const FROM_WASI: [u8; 77] = [
    0,                     // success
    E2BIG as u8,           // 2big
    EACCES as u8,          // acces
    EADDRINUSE as u8,      // addrinuse
    EADDRNOTAVAIL as u8,   // addrnotavail
    EAFNOSUPPORT as u8,    // afnosupport
    EAGAIN as u8,          // again
    EALREADY as u8,        // already
    EBADF as u8,           // badf
    EBADMSG as u8,         // badmsg
    EBUSY as u8,           // busy
    ECANCELED as u8,       // canceled
    ECHILD as u8,          // child
    ECONNABORTED as u8,    // connaborted
    ECONNREFUSED as u8,    // connrefused
    ECONNRESET as u8,      // connreset
    EDEADLK as u8,         // deadlk
    EDESTADDRREQ as u8,    // destaddrreq
    EDOM as u8,            // dom
    EDQUOT as u8,          // dquot
    EEXIST as u8,          // exist
    EFAULT as u8,          // fault
    EFBIG as u8,           // fbig
    EHOSTUNREACH as u8,    // hostunreach
    EIDRM as u8,           // idrm
    EILSEQ as u8,          // ilseq
    EINPROGRESS as u8,     // inprogress
    EINTR as u8,           // intr
    EINVAL as u8,          // inval
    EIO as u8,             // io
    EISCONN as u8,         // isconn
    EISDIR as u8,          // isdir
    ELOOP as u8,           // loop
    EMFILE as u8,          // mfile
    EMLINK as u8,          // mlink
    EMSGSIZE as u8,        // msgsize
    EMULTIHOP as u8,       // multihop
    ENAMETOOLONG as u8,    // nametoolong
    ENETDOWN as u8,        // netdown
    ENETRESET as u8,       // netreset
    ENETUNREACH as u8,     // netunreach
    ENFILE as u8,          // nfile
    ENOBUFS as u8,         // nobufs
    ENODEV as u8,          // nodev
    ENOENT as u8,          // noent
    ENOEXEC as u8,         // noexec
    ENOLCK as u8,          // nolck
    ENOLINK as u8,         // nolink
    ENOMEM as u8,          // nomem
    ENOMSG as u8,          // nomsg
    ENOPROTOOPT as u8,     // noprotoopt
    ENOSPC as u8,          // nospc
    ENOSYS as u8,          // nosys
    ENOTCONN as u8,        // notconn
    ENOTDIR as u8,         // notdir
    ENOTEMPTY as u8,       // notempty
    ENOTRECOVERABLE as u8, // notrecoverable
    ENOTSOCK as u8,        // notsock
    ENOTSUP as u8,         // notsup
    ENOTTY as u8,          // notty
    ENXIO as u8,           // nxio
    EOVERFLOW as u8,       // overflow
    EOWNERDEAD as u8,      // ownerdead
    EPERM as u8,           // perm
    EPIPE as u8,           // pipe
    EPROTO as u8,          // proto
    EPROTONOSUPPORT as u8, // protonosupport
    EPROTOTYPE as u8,      // prototype
    ERANGE as u8,          // range
    EROFS as u8,           // rofs
    ESPIPE as u8,          // spipe
    ESRCH as u8,           // srch
    ESTALE as u8,          // stale
    ETIMEDOUT as u8,       // timedout
    ETXTBSY as u8,         // txtbsy
    EXDEV as u8,           // xdev
    EACCES as u8,          // notcapable
];

/// The Linux errno for WASI error code `e` (`EIO` for codes WASI does not define).
pub fn from_wasi(e: u16) -> i32 {
    match FROM_WASI.get(e as usize) {
        Some(&n) => n as i32,
        None => EIO,
    }
}

static ERRNO: AtomicI32 = AtomicI32::new(0);

/// Sets `errno` (a Linux number).
#[inline]
pub fn set_errno(e: i32) {
    ERRNO.store(e, Ordering::Relaxed);
}

/// The current `errno`.
#[inline]
pub fn errno() -> i32 {
    ERRNO.load(Ordering::Relaxed)
}

/// Sets `errno` to `e` and returns C's failure result `-1`.
#[inline(never)]
pub fn fail(e: i32) -> i64 {
    set_errno(e);
    -1
}

/// Sets `errno` from WASI error code `e` and returns `-1`.
#[inline(never)]
pub fn fail_wasi(e: u16) -> i64 {
    fail(from_wasi(e))
}

/// `__hscore_get_errno()`.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn ahc_c___hscore_get_errno() -> i64 {
    errno() as i64
}

/// `__hscore_set_errno(e)` (C's `int` argument, narrowed as C narrows it).
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn ahc_c___hscore_set_errno(e: i64) {
    set_errno(e as i32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Our constants against the host's (the tests run on x86_64 Linux).
    #[test]
    fn linux_numbers() {
        let pairs = [
            (EPERM, libc::EPERM),
            (ENOENT, libc::ENOENT),
            (EBADF, libc::EBADF),
            (EAGAIN, libc::EAGAIN),
            (EACCES, libc::EACCES),
            (EEXIST, libc::EEXIST),
            (ENOTDIR, libc::ENOTDIR),
            (EISDIR, libc::EISDIR),
            (EINVAL, libc::EINVAL),
            (ENOTTY, libc::ENOTTY),
            (ENOSPC, libc::ENOSPC),
            (ESPIPE, libc::ESPIPE),
            (ENOSYS, libc::ENOSYS),
            (ENOTEMPTY, libc::ENOTEMPTY),
            (ELOOP, libc::ELOOP),
            (ENOLCK, libc::ENOLCK),
            (ECHILD, libc::ECHILD),
            (ENOTSUP, libc::ENOTSUP),
            (ENOTRECOVERABLE, libc::ENOTRECOVERABLE),
            (ECANCELED, libc::ECANCELED),
            (EDQUOT, libc::EDQUOT),
            (ESTALE, libc::ESTALE),
        ];
        for (ours, host) in pairs {
            assert_eq!(ours, host);
        }
    }

    /// Every WASI code against the Linux number of the same name.
    #[test]
    fn wasi_mapping() {
        let expected = [
            0,
            libc::E2BIG,
            libc::EACCES,
            libc::EADDRINUSE,
            libc::EADDRNOTAVAIL,
            libc::EAFNOSUPPORT,
            libc::EAGAIN,
            libc::EALREADY,
            libc::EBADF,
            libc::EBADMSG,
            libc::EBUSY,
            libc::ECANCELED,
            libc::ECHILD,
            libc::ECONNABORTED,
            libc::ECONNREFUSED,
            libc::ECONNRESET,
            libc::EDEADLK,
            libc::EDESTADDRREQ,
            libc::EDOM,
            libc::EDQUOT,
            libc::EEXIST,
            libc::EFAULT,
            libc::EFBIG,
            libc::EHOSTUNREACH,
            libc::EIDRM,
            libc::EILSEQ,
            libc::EINPROGRESS,
            libc::EINTR,
            libc::EINVAL,
            libc::EIO,
            libc::EISCONN,
            libc::EISDIR,
            libc::ELOOP,
            libc::EMFILE,
            libc::EMLINK,
            libc::EMSGSIZE,
            libc::EMULTIHOP,
            libc::ENAMETOOLONG,
            libc::ENETDOWN,
            libc::ENETRESET,
            libc::ENETUNREACH,
            libc::ENFILE,
            libc::ENOBUFS,
            libc::ENODEV,
            libc::ENOENT,
            libc::ENOEXEC,
            libc::ENOLCK,
            libc::ENOLINK,
            libc::ENOMEM,
            libc::ENOMSG,
            libc::ENOPROTOOPT,
            libc::ENOSPC,
            libc::ENOSYS,
            libc::ENOTCONN,
            libc::ENOTDIR,
            libc::ENOTEMPTY,
            libc::ENOTRECOVERABLE,
            libc::ENOTSOCK,
            libc::ENOTSUP,
            libc::ENOTTY,
            libc::ENXIO,
            libc::EOVERFLOW,
            libc::EOWNERDEAD,
            libc::EPERM,
            libc::EPIPE,
            libc::EPROTO,
            libc::EPROTONOSUPPORT,
            libc::EPROTOTYPE,
            libc::ERANGE,
            libc::EROFS,
            libc::ESPIPE,
            libc::ESRCH,
            libc::ESTALE,
            libc::ETIMEDOUT,
            libc::ETXTBSY,
            libc::EXDEV,
            libc::EACCES,
        ];
        assert_eq!(expected.len(), 77);
        for (w, &linux) in expected.iter().enumerate() {
            assert_eq!(from_wasi(w as u16), linux, "WASI errno {w}");
        }
        assert_eq!(from_wasi(wasi::NOENT), ENOENT);
        assert_eq!(from_wasi(wasi::BADF), EBADF);
        assert_eq!(from_wasi(wasi::NOTCAPABLE), EACCES);
        assert_eq!(from_wasi(77), EIO);
        assert_eq!(from_wasi(u16::MAX), EIO);
    }

    #[test]
    fn storage() {
        assert_eq!(fail(ENOSPC), -1);
        assert_eq!(errno(), ENOSPC);
        assert_eq!(fail_wasi(20), -1);
        assert_eq!(errno(), EEXIST);
        set_errno(0);
        assert_eq!(errno(), 0);
    }
}
