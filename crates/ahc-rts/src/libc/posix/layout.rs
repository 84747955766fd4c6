//! Data layouts on both sides: WASI preview 1's structures and constants (what the host
//! writes), and Linux x86_64's `struct stat`, `struct timespec`, … (what Haskell reads).
//!
//! ## `struct stat` (ours, [`STAT_SIZE`] = 144 bytes)
//! base only reads it through our `__hscore_st_*` accessors, so the layout is ours to choose;
//! it is glibc x86_64's, so that code compiled with hsc2hs offsets for that platform (e.g. the
//! `unix` package) reads the same fields:
//!
//! | offset | field | value |
//! |---|---|---|
//! | 0 | `st_dev` u64 | WASI `dev` |
//! | 8 | `st_ino` u64 | WASI `ino` |
//! | 16 | `st_nlink` u64 | WASI `nlink` |
//! | 24 | `st_mode` u32 | [`mode_of`] the WASI file type |
//! | 28, 32 | `st_uid`, `st_gid` u32 | 0 |
//! | 40 | `st_rdev` u64 | 0 |
//! | 48 | `st_size` i64 | WASI `size` |
//! | 56 | `st_blksize` i64 | 4096 |
//! | 64 | `st_blocks` i64 | `size` in 512-byte units, rounded up |
//! | 72, 88, 104 | `st_atim`, `st_mtim`, `st_ctim` | `{ i64 tv_sec; i64 tv_nsec }` |
//! | 120 | reserved | 0 |

/// WASI `fdstat`.
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct Fdstat {
    pub filetype: u8,
    pub flags: u16,
    pub rights_base: u64,
    pub rights_inheriting: u64,
}

/// WASI `filestat`.
#[repr(C)]
#[derive(Clone, Copy, Default, Debug)]
pub struct Filestat {
    pub dev: u64,
    pub ino: u64,
    pub filetype: u8,
    pub nlink: u64,
    pub size: u64,
    pub atim: u64,
    pub mtim: u64,
    pub ctim: u64,
}

/// WASI file types.
pub mod filetype {
    pub const UNKNOWN: u8 = 0;
    pub const BLOCK_DEVICE: u8 = 1;
    pub const CHARACTER_DEVICE: u8 = 2;
    pub const DIRECTORY: u8 = 3;
    pub const REGULAR_FILE: u8 = 4;
    pub const SOCKET_DGRAM: u8 = 5;
    pub const SOCKET_STREAM: u8 = 6;
    pub const SYMBOLIC_LINK: u8 = 7;
}

/// WASI rights (the ones we ask for or look at).
pub mod rights {
    pub const FD_DATASYNC: u64 = 1 << 0;
    pub const FD_READ: u64 = 1 << 1;
    pub const FD_SEEK: u64 = 1 << 2;
    pub const FD_FDSTAT_SET_FLAGS: u64 = 1 << 3;
    pub const FD_SYNC: u64 = 1 << 4;
    pub const FD_TELL: u64 = 1 << 5;
    pub const FD_WRITE: u64 = 1 << 6;
    pub const FD_ADVISE: u64 = 1 << 7;
    pub const FD_ALLOCATE: u64 = 1 << 8;
    pub const FD_READDIR: u64 = 1 << 14;
    pub const FD_FILESTAT_GET: u64 = 1 << 21;
    pub const FD_FILESTAT_SET_SIZE: u64 = 1 << 22;
    pub const FD_FILESTAT_SET_TIMES: u64 = 1 << 23;
    pub const POLL_FD_READWRITE: u64 = 1 << 27;
    /// Every right of WASI preview 1 (bits 0..=29), for the rights a new descriptor inherits.
    pub const ALL: u64 = (1 << 30) - 1;
    /// What a descriptor opened for reading needs.
    pub const READ: u64 = FD_READ | FD_READDIR;
    /// What a descriptor opened for writing needs.
    pub const WRITE: u64 = FD_WRITE | FD_DATASYNC | FD_ALLOCATE | FD_FILESTAT_SET_SIZE;
    /// What every descriptor we open gets besides: everything else (the path rights matter
    /// for directories).
    pub const COMMON: u64 = ALL & !(READ | WRITE);
}

/// WASI `oflags`.
pub mod oflags {
    pub const CREAT: u16 = 1;
    pub const DIRECTORY: u16 = 2;
    pub const EXCL: u16 = 4;
    pub const TRUNC: u16 = 8;
}

/// WASI `fdflags`.
pub mod fdflags {
    pub const APPEND: u16 = 1;
    pub const DSYNC: u16 = 2;
    pub const NONBLOCK: u16 = 4;
    pub const RSYNC: u16 = 8;
    pub const SYNC: u16 = 16;
}

/// Linux x86_64 `open` flags.
pub mod o {
    pub const RDONLY: i32 = 0;
    pub const WRONLY: i32 = 1;
    pub const RDWR: i32 = 2;
    pub const ACCMODE: i32 = 3;
    pub const CREAT: i32 = 0o100;
    pub const EXCL: i32 = 0o200;
    pub const NOCTTY: i32 = 0o400;
    pub const TRUNC: i32 = 0o1000;
    pub const APPEND: i32 = 0o2000;
    pub const NONBLOCK: i32 = 0o4000;
    pub const DSYNC: i32 = 0o10000;
    pub const DIRECTORY: i32 = 0o200000;
    pub const NOFOLLOW: i32 = 0o400000;
    pub const CLOEXEC: i32 = 0o2000000;
    pub const SYNC: i32 = 0o4010000;
}

/// Linux `st_mode` file types.
pub mod s {
    pub const IFMT: u32 = 0o170000;
    pub const IFSOCK: u32 = 0o140000;
    pub const IFLNK: u32 = 0o120000;
    pub const IFREG: u32 = 0o100000;
    pub const IFBLK: u32 = 0o060000;
    pub const IFDIR: u32 = 0o040000;
    pub const IFCHR: u32 = 0o020000;
    pub const IFIFO: u32 = 0o010000;
}

/// `sizeof(struct stat)`.
pub const STAT_SIZE: usize = 144;
pub const ST_DEV: usize = 0;
pub const ST_INO: usize = 8;
pub const ST_NLINK: usize = 16;
pub const ST_MODE: usize = 24;
pub const ST_SIZE: usize = 48;
pub const ST_BLKSIZE: usize = 56;
pub const ST_BLOCKS: usize = 64;
pub const ST_ATIM: usize = 72;
pub const ST_MTIM: usize = 88;
pub const ST_CTIM: usize = 104;

/// `st_mode` for a WASI file type.  WASI has no FIFOs: a descriptor the host cannot classify
/// (a pipe, in our hosts) is reported as one, so that base treats it as a stream.
pub fn mode_of(filetype: u8) -> u32 {
    match filetype {
        filetype::BLOCK_DEVICE => s::IFBLK | 0o660,
        filetype::CHARACTER_DEVICE => s::IFCHR | 0o666,
        filetype::DIRECTORY => s::IFDIR | 0o755,
        filetype::REGULAR_FILE => s::IFREG | 0o644,
        filetype::SOCKET_DGRAM | filetype::SOCKET_STREAM => s::IFSOCK | 0o777,
        filetype::SYMBOLIC_LINK => s::IFLNK | 0o777,
        _ => s::IFIFO | 0o600,
    }
}

fn put(buf: &mut [u8; STAT_SIZE], at: usize, bytes: &[u8]) {
    if let Some(dst) = buf.get_mut(at..at + bytes.len()) {
        dst.copy_from_slice(bytes);
    }
}

fn put_time(buf: &mut [u8; STAT_SIZE], at: usize, ns: u64) {
    put(buf, at, &((ns / 1_000_000_000) as i64).to_le_bytes());
    put(buf, at + 8, &((ns % 1_000_000_000) as i64).to_le_bytes());
}

/// The `struct stat` for `st` (see the module documentation).
pub fn stat_bytes(st: &Filestat) -> [u8; STAT_SIZE] {
    let mut b = [0u8; STAT_SIZE];
    put(&mut b, ST_DEV, &st.dev.to_le_bytes());
    put(&mut b, ST_INO, &st.ino.to_le_bytes());
    put(&mut b, ST_NLINK, &st.nlink.to_le_bytes());
    put(&mut b, ST_MODE, &mode_of(st.filetype).to_le_bytes());
    put(&mut b, ST_SIZE, &st.size.to_le_bytes());
    put(&mut b, ST_BLKSIZE, &4096i64.to_le_bytes());
    put(&mut b, ST_BLOCKS, &st.size.div_ceil(512).to_le_bytes());
    put_time(&mut b, ST_ATIM, st.atim);
    put_time(&mut b, ST_MTIM, st.mtim);
    put_time(&mut b, ST_CTIM, st.ctim);
    b
}

/// Reads the little-endian `u64` at `at` of a `struct stat`-sized buffer.
pub fn stat_u64(buf: &[u8; STAT_SIZE], at: usize) -> u64 {
    let mut w = [0u8; 8];
    if let Some(src) = buf.get(at..at + 8) {
        w.copy_from_slice(src);
    }
    u64::from_le_bytes(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::mem::{offset_of, size_of};

    #[test]
    fn wasi_layouts() {
        assert_eq!(size_of::<Fdstat>(), 24);
        assert_eq!(offset_of!(Fdstat, flags), 2);
        assert_eq!(offset_of!(Fdstat, rights_base), 8);
        assert_eq!(offset_of!(Fdstat, rights_inheriting), 16);
        assert_eq!(size_of::<Filestat>(), 64);
        assert_eq!(offset_of!(Filestat, filetype), 16);
        assert_eq!(offset_of!(Filestat, nlink), 24);
        assert_eq!(offset_of!(Filestat, size), 32);
        assert_eq!(offset_of!(Filestat, atim), 40);
        assert_eq!(offset_of!(Filestat, mtim), 48);
        assert_eq!(offset_of!(Filestat, ctim), 56);
    }

    #[test]
    fn rights_sets() {
        use rights::*;
        assert_eq!(COMMON & (FD_READ | FD_WRITE | FD_READDIR), 0);
        assert_eq!(
            COMMON & (FD_FILESTAT_SET_SIZE | FD_ALLOCATE | FD_DATASYNC),
            0
        );
        assert_ne!(COMMON & (1 << 13), 0, "path_open");
        assert_ne!(COMMON & FD_SEEK, 0);
        assert_eq!((COMMON | READ | WRITE) & !ALL, 0);
    }

    /// Our `struct stat` offsets and constants against glibc's (the tests run on x86_64 Linux).
    #[test]
    fn linux_stat_layout() {
        assert_eq!(size_of::<libc::stat>(), STAT_SIZE);
        assert_eq!(offset_of!(libc::stat, st_dev), ST_DEV);
        assert_eq!(offset_of!(libc::stat, st_ino), ST_INO);
        assert_eq!(offset_of!(libc::stat, st_nlink), ST_NLINK);
        assert_eq!(offset_of!(libc::stat, st_mode), ST_MODE);
        assert_eq!(offset_of!(libc::stat, st_size), ST_SIZE);
        assert_eq!(offset_of!(libc::stat, st_blksize), ST_BLKSIZE);
        assert_eq!(offset_of!(libc::stat, st_blocks), ST_BLOCKS);
        assert_eq!(offset_of!(libc::stat, st_atime), ST_ATIM);
        assert_eq!(offset_of!(libc::stat, st_mtime), ST_MTIM);
        assert_eq!(offset_of!(libc::stat, st_mtime_nsec), ST_MTIM + 8);
        assert_eq!(offset_of!(libc::stat, st_ctime), ST_CTIM);
        for (ours, theirs) in [
            (s::IFMT, libc::S_IFMT),
            (s::IFSOCK, libc::S_IFSOCK),
            (s::IFLNK, libc::S_IFLNK),
            (s::IFREG, libc::S_IFREG),
            (s::IFBLK, libc::S_IFBLK),
            (s::IFDIR, libc::S_IFDIR),
            (s::IFCHR, libc::S_IFCHR),
            (s::IFIFO, libc::S_IFIFO),
        ] {
            assert_eq!(ours, theirs);
        }
        for (ours, theirs) in [
            (o::RDONLY, libc::O_RDONLY),
            (o::WRONLY, libc::O_WRONLY),
            (o::RDWR, libc::O_RDWR),
            (o::CREAT, libc::O_CREAT),
            (o::EXCL, libc::O_EXCL),
            (o::NOCTTY, libc::O_NOCTTY),
            (o::TRUNC, libc::O_TRUNC),
            (o::APPEND, libc::O_APPEND),
            (o::NONBLOCK, libc::O_NONBLOCK),
            (o::DSYNC, libc::O_DSYNC),
            (o::DIRECTORY, libc::O_DIRECTORY),
            (o::NOFOLLOW, libc::O_NOFOLLOW),
            (o::CLOEXEC, libc::O_CLOEXEC),
            (o::SYNC, libc::O_SYNC),
        ] {
            assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn stat_contents() {
        let st = Filestat {
            dev: 7,
            ino: 0x1_0000_0001,
            filetype: filetype::REGULAR_FILE,
            nlink: 2,
            size: 1025,
            atim: 1_500_000_000_123_456_789,
            mtim: 1_600_000_000_000_000_001,
            ctim: 5,
        };
        let b = stat_bytes(&st);
        // SAFETY: `libc::stat` is plain old data of exactly STAT_SIZE bytes (checked above).
        let c: libc::stat = unsafe { core::mem::transmute(b) };
        assert_eq!(c.st_dev, 7);
        assert_eq!(c.st_ino, 0x1_0000_0001);
        assert_eq!(c.st_nlink, 2);
        assert_eq!(c.st_mode, libc::S_IFREG | 0o644);
        assert_eq!(c.st_size, 1025);
        assert_eq!(c.st_blocks, 3);
        assert_eq!(c.st_blksize, 4096);
        assert_eq!((c.st_atime, c.st_atime_nsec), (1_500_000_000, 123_456_789));
        assert_eq!((c.st_mtime, c.st_mtime_nsec), (1_600_000_000, 1));
        assert_eq!((c.st_ctime, c.st_ctime_nsec), (0, 5));
        assert_eq!(stat_u64(&b, ST_INO), 0x1_0000_0001);
        assert_eq!(mode_of(filetype::UNKNOWN) & s::IFMT, s::IFIFO);
        assert_eq!(mode_of(filetype::DIRECTORY) & s::IFMT, s::IFDIR);
        assert_eq!(mode_of(filetype::CHARACTER_DEVICE) & s::IFMT, s::IFCHR);
        assert_eq!(mode_of(filetype::SOCKET_STREAM) & s::IFMT, s::IFSOCK);
        assert_eq!(mode_of(filetype::SYMBOLIC_LINK) & s::IFMT, s::IFLNK);
        assert_eq!(mode_of(filetype::BLOCK_DEVICE) & s::IFMT, s::IFBLK);
    }
}
