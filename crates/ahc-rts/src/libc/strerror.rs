//! `strerror`: glibc 2.36's messages for the Linux (x86_64) errno values.
//!
//! base reaches it from `Foreign.C.Error.errnoToIOError` (`strerror errno >>= peekCString`), so
//! the text of every `IOError` raised from an errno is glibc's, as with GHC on Linux.
//!
//! ## Job and invariants
//! - [`MESSAGES`] has one entry per errno `0..=133` (`EHWPOISON`), each the exact glibc 2.36
//!   text **with** a trailing NUL (so the export can hand out a pointer to it directly); the
//!   numbers Linux leaves unused (41, 58) have an empty entry.
//! - [`known`] gives the text of a known number *without* its NUL; [`message`] the full
//!   `strerror` result *with* its NUL: the static text, or `Unknown error N` (N as a C `int`)
//!   written into a caller-provided [`UnknownBuf`] — the per-call buffer glibc keeps per thread.
//! - The export `ahc_c_strerror` (wasm32) returns a NUL-terminated string in linear memory:
//!   static data for known numbers, else one static buffer that the next call for an unknown
//!   number overwrites (C allows exactly this: "the string may be overwritten by a subsequent
//!   call").  Nothing here uses `core::fmt` or can panic.

use crate::format;

/// glibc 2.36's message for errno `i` (`0..=133`), NUL-terminated; empty where Linux has no
/// such errno (those get `Unknown error N`).
pub const MESSAGES: [&[u8]; 134] = [
    b"Success\0",                                           // 0 -
    b"Operation not permitted\0",                           // 1 EPERM
    b"No such file or directory\0",                         // 2 ENOENT
    b"No such process\0",                                   // 3 ESRCH
    b"Interrupted system call\0",                           // 4 EINTR
    b"Input/output error\0",                                // 5 EIO
    b"No such device or address\0",                         // 6 ENXIO
    b"Argument list too long\0",                            // 7 E2BIG
    b"Exec format error\0",                                 // 8 ENOEXEC
    b"Bad file descriptor\0",                               // 9 EBADF
    b"No child processes\0",                                // 10 ECHILD
    b"Resource temporarily unavailable\0",                  // 11 EAGAIN
    b"Cannot allocate memory\0",                            // 12 ENOMEM
    b"Permission denied\0",                                 // 13 EACCES
    b"Bad address\0",                                       // 14 EFAULT
    b"Block device required\0",                             // 15 ENOTBLK
    b"Device or resource busy\0",                           // 16 EBUSY
    b"File exists\0",                                       // 17 EEXIST
    b"Invalid cross-device link\0",                         // 18 EXDEV
    b"No such device\0",                                    // 19 ENODEV
    b"Not a directory\0",                                   // 20 ENOTDIR
    b"Is a directory\0",                                    // 21 EISDIR
    b"Invalid argument\0",                                  // 22 EINVAL
    b"Too many open files in system\0",                     // 23 ENFILE
    b"Too many open files\0",                               // 24 EMFILE
    b"Inappropriate ioctl for device\0",                    // 25 ENOTTY
    b"Text file busy\0",                                    // 26 ETXTBSY
    b"File too large\0",                                    // 27 EFBIG
    b"No space left on device\0",                           // 28 ENOSPC
    b"Illegal seek\0",                                      // 29 ESPIPE
    b"Read-only file system\0",                             // 30 EROFS
    b"Too many links\0",                                    // 31 EMLINK
    b"Broken pipe\0",                                       // 32 EPIPE
    b"Numerical argument out of domain\0",                  // 33 EDOM
    b"Numerical result out of range\0",                     // 34 ERANGE
    b"Resource deadlock avoided\0",                         // 35 EDEADLK
    b"File name too long\0",                                // 36 ENAMETOOLONG
    b"No locks available\0",                                // 37 ENOLCK
    b"Function not implemented\0",                          // 38 ENOSYS
    b"Directory not empty\0",                               // 39 ENOTEMPTY
    b"Too many levels of symbolic links\0",                 // 40 ELOOP
    b"",                                                    // 41 (unused)
    b"No message of desired type\0",                        // 42 ENOMSG
    b"Identifier removed\0",                                // 43 EIDRM
    b"Channel number out of range\0",                       // 44 ECHRNG
    b"Level 2 not synchronized\0",                          // 45 EL2NSYNC
    b"Level 3 halted\0",                                    // 46 EL3HLT
    b"Level 3 reset\0",                                     // 47 EL3RST
    b"Link number out of range\0",                          // 48 ELNRNG
    b"Protocol driver not attached\0",                      // 49 EUNATCH
    b"No CSI structure available\0",                        // 50 ENOCSI
    b"Level 2 halted\0",                                    // 51 EL2HLT
    b"Invalid exchange\0",                                  // 52 EBADE
    b"Invalid request descriptor\0",                        // 53 EBADR
    b"Exchange full\0",                                     // 54 EXFULL
    b"No anode\0",                                          // 55 ENOANO
    b"Invalid request code\0",                              // 56 EBADRQC
    b"Invalid slot\0",                                      // 57 EBADSLT
    b"",                                                    // 58 (unused)
    b"Bad font file format\0",                              // 59 EBFONT
    b"Device not a stream\0",                               // 60 ENOSTR
    b"No data available\0",                                 // 61 ENODATA
    b"Timer expired\0",                                     // 62 ETIME
    b"Out of streams resources\0",                          // 63 ENOSR
    b"Machine is not on the network\0",                     // 64 ENONET
    b"Package not installed\0",                             // 65 ENOPKG
    b"Object is remote\0",                                  // 66 EREMOTE
    b"Link has been severed\0",                             // 67 ENOLINK
    b"Advertise error\0",                                   // 68 EADV
    b"Srmount error\0",                                     // 69 ESRMNT
    b"Communication error on send\0",                       // 70 ECOMM
    b"Protocol error\0",                                    // 71 EPROTO
    b"Multihop attempted\0",                                // 72 EMULTIHOP
    b"RFS specific error\0",                                // 73 EDOTDOT
    b"Bad message\0",                                       // 74 EBADMSG
    b"Value too large for defined data type\0",             // 75 EOVERFLOW
    b"Name not unique on network\0",                        // 76 ENOTUNIQ
    b"File descriptor in bad state\0",                      // 77 EBADFD
    b"Remote address changed\0",                            // 78 EREMCHG
    b"Can not access a needed shared library\0",            // 79 ELIBACC
    b"Accessing a corrupted shared library\0",              // 80 ELIBBAD
    b".lib section in a.out corrupted\0",                   // 81 ELIBSCN
    b"Attempting to link in too many shared libraries\0",   // 82 ELIBMAX
    b"Cannot exec a shared library directly\0",             // 83 ELIBEXEC
    b"Invalid or incomplete multibyte or wide character\0", // 84 EILSEQ
    b"Interrupted system call should be restarted\0",       // 85 ERESTART
    b"Streams pipe error\0",                                // 86 ESTRPIPE
    b"Too many users\0",                                    // 87 EUSERS
    b"Socket operation on non-socket\0",                    // 88 ENOTSOCK
    b"Destination address required\0",                      // 89 EDESTADDRREQ
    b"Message too long\0",                                  // 90 EMSGSIZE
    b"Protocol wrong type for socket\0",                    // 91 EPROTOTYPE
    b"Protocol not available\0",                            // 92 ENOPROTOOPT
    b"Protocol not supported\0",                            // 93 EPROTONOSUPPORT
    b"Socket type not supported\0",                         // 94 ESOCKTNOSUPPORT
    b"Operation not supported\0",                           // 95 EOPNOTSUPP
    b"Protocol family not supported\0",                     // 96 EPFNOSUPPORT
    b"Address family not supported by protocol\0",          // 97 EAFNOSUPPORT
    b"Address already in use\0",                            // 98 EADDRINUSE
    b"Cannot assign requested address\0",                   // 99 EADDRNOTAVAIL
    b"Network is down\0",                                   // 100 ENETDOWN
    b"Network is unreachable\0",                            // 101 ENETUNREACH
    b"Network dropped connection on reset\0",               // 102 ENETRESET
    b"Software caused connection abort\0",                  // 103 ECONNABORTED
    b"Connection reset by peer\0",                          // 104 ECONNRESET
    b"No buffer space available\0",                         // 105 ENOBUFS
    b"Transport endpoint is already connected\0",           // 106 EISCONN
    b"Transport endpoint is not connected\0",               // 107 ENOTCONN
    b"Cannot send after transport endpoint shutdown\0",     // 108 ESHUTDOWN
    b"Too many references: cannot splice\0",                // 109 ETOOMANYREFS
    b"Connection timed out\0",                              // 110 ETIMEDOUT
    b"Connection refused\0",                                // 111 ECONNREFUSED
    b"Host is down\0",                                      // 112 EHOSTDOWN
    b"No route to host\0",                                  // 113 EHOSTUNREACH
    b"Operation already in progress\0",                     // 114 EALREADY
    b"Operation now in progress\0",                         // 115 EINPROGRESS
    b"Stale file handle\0",                                 // 116 ESTALE
    b"Structure needs cleaning\0",                          // 117 EUCLEAN
    b"Not a XENIX named type file\0",                       // 118 ENOTNAM
    b"No XENIX semaphores available\0",                     // 119 ENAVAIL
    b"Is a named type file\0",                              // 120 EISNAM
    b"Remote I/O error\0",                                  // 121 EREMOTEIO
    b"Disk quota exceeded\0",                               // 122 EDQUOT
    b"No medium found\0",                                   // 123 ENOMEDIUM
    b"Wrong medium type\0",                                 // 124 EMEDIUMTYPE
    b"Operation canceled\0",                                // 125 ECANCELED
    b"Required key not available\0",                        // 126 ENOKEY
    b"Key has expired\0",                                   // 127 EKEYEXPIRED
    b"Key has been revoked\0",                              // 128 EKEYREVOKED
    b"Key was rejected by service\0",                       // 129 EKEYREJECTED
    b"Owner died\0",                                        // 130 EOWNERDEAD
    b"State not recoverable\0",                             // 131 ENOTRECOVERABLE
    b"Operation not possible due to RF-kill\0",             // 132 ERFKILL
    b"Memory page has hardware error\0",                    // 133 EHWPOISON
];

/// What glibc prints before the number of an errno it has no text for.
const UNKNOWN_PREFIX: &[u8] = b"Unknown error ";

/// Bytes of the longest `Unknown error N\0` (N = -2147483648).
pub const UNKNOWN_BUF: usize = UNKNOWN_PREFIX.len() + 11 + 1;

/// The buffer [`message`] writes `Unknown error N\0` into.
pub type UnknownBuf = [u8; UNKNOWN_BUF];

/// glibc's text for a known errno, without the NUL; `None` for numbers without one.
#[inline]
pub fn known(errnum: i32) -> Option<&'static [u8]> {
    let text = *MESSAGES.get(usize::try_from(errnum).ok()?)?;
    // Every non-empty entry ends in its NUL.
    text.split_last().map(|(_, s)| s)
}

/// `strerror(errnum)` as glibc 2.36 gives it, NUL-terminated: the static text for a known
/// number, else `Unknown error N` written into `buf` (and returned from it).
pub fn message(errnum: i32, buf: &mut UnknownBuf) -> &[u8] {
    if let Some(text) = usize::try_from(errnum)
        .ok()
        .and_then(|i| MESSAGES.get(i))
        .filter(|t| !t.is_empty())
    {
        return text;
    }
    // The number first, at the end of a scratch area, then moved after the prefix.
    let mut digits = [0u8; format::INT_BUF];
    let start = format::i64_dec(errnum as i64, &mut digits);
    let digits = digits.get(start..).unwrap_or(&[]);
    let mut n = 0;
    for (slot, &b) in buf
        .iter_mut()
        .zip(UNKNOWN_PREFIX.iter().chain(digits).chain(&[0u8]))
    {
        *slot = b;
        n += 1;
    }
    buf.get(..n).unwrap_or(&[])
}

/// The buffer for unknown numbers of the export (see the module invariants).
#[cfg(target_arch = "wasm32")]
static UNKNOWN: crate::Global<UnknownBuf> = crate::Global::new([0; UNKNOWN_BUF]);

/// `strerror(errnum)`: a NUL-terminated message in linear memory (C's `int` argument arrives
/// as `i64` and is narrowed as C narrows it).
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn ahc_c_strerror(errnum: i64) -> *const u8 {
    UNKNOWN.with(|buf| message(errnum as i32, buf).as_ptr())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;
    use std::string::String;

    /// Every value from -5 to 140 against the host's glibc (the tests run on glibc 2.36).
    #[test]
    fn matches_host_glibc() {
        for e in -5..=140 {
            let mut buf = [0u8; UNKNOWN_BUF];
            let ours = message(e, &mut buf).to_vec();
            // SAFETY: `strerror` returns a valid NUL-terminated string; glibc 2.36 keeps the
            // buffer for unknown numbers per thread, and the bytes are copied before this
            // thread calls it again.
            let host = unsafe { CStr::from_ptr(libc::strerror(e)) }
                .to_bytes_with_nul()
                .to_vec();
            assert_eq!(
                ours,
                host,
                "errno {e}: {:?} vs {:?}",
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&host)
            );
        }
    }

    #[test]
    fn edges() {
        let mut buf = [0u8; UNKNOWN_BUF];
        assert_eq!(message(i32::MIN, &mut buf), b"Unknown error -2147483648\0");
        assert_eq!(message(i32::MAX, &mut buf), b"Unknown error 2147483647\0");
        assert_eq!(message(41, &mut buf), b"Unknown error 41\0");
        assert_eq!(message(0, &mut buf), b"Success\0");
        assert_eq!(known(133), Some(&b"Memory page has hardware error"[..]));
        assert_eq!(known(58), None);
        assert_eq!(known(134), None);
        assert_eq!(known(-1), None);
        for (i, m) in MESSAGES.iter().enumerate() {
            assert!(
                m.is_empty() || (m.last() == Some(&0) && !m[..m.len() - 1].contains(&0)),
                "entry {i}"
            );
        }
    }
}
