//! Terminals, signals and processes: `tcgetattr`/`tcsetattr` and base's `termios` helpers,
//! `sigemptyset`/`sigaddset`/`sigprocmask`, `stg_sig_install`, `getpid`, `fork`, `waitpid`.
//!
//! ## Terminals
//! WASI cannot change a terminal's modes.  A descriptor that is not a terminal
//! ([`super::fd::is_tty`]) answers `ENOTTY`, as natively.  For a terminal, `tcgetattr` gives a
//! `struct termios` (glibc x86_64 layout, 60 bytes, `c_lflag` at 12, `c_cc` at 17) that
//! starts as Linux's defaults (`stty sane`) and `tcsetattr` stores it back without telling the
//! host: base's `hSetEcho`/`hSetBuffering stdin NoBuffering` then work (and `hGetEcho` reads
//! back what was set) though the host's terminal keeps echoing and delivering whole lines.
//! One state serves every terminal descriptor.  `__hscore_get/set_saved_termios` keep base's
//! copies for descriptors 0–2 (nothing to restore at exit).
//!
//! ## Signals
//! No signal is ever delivered.  The mask is kept (`sigprocmask` reads and changes it);
//! `stg_sig_install` records and returns handler kinds as GHC's runtime does (`STG_SIG_DFL`
//! initially), so `installHandler` reports the previous handler correctly.
//!
//! ## Processes
//! One process: `getpid()` is 42, `fork` fails with `ENOSYS`, `waitpid` with `ECHILD` (there
//! are no children).

use super::errno::EINVAL;

/// `sizeof(struct termios)`.
pub const TERMIOS_SIZE: usize = 60;
/// Offset of `c_lflag`.
pub const C_LFLAG: usize = 12;
/// Offset of `c_cc`.
pub const C_CC: usize = 17;
pub const ECHO: u32 = 0o10;
pub const ICANON: u32 = 0o2;
pub const VTIME: usize = 5;
pub const VMIN: usize = 6;
pub const TCSANOW: i32 = 0;
pub const SIGTTOU: i32 = 22;
pub const SIG_BLOCK: i32 = 0;
pub const SIG_UNBLOCK: i32 = 1;
pub const SIG_SETMASK: i32 = 2;
/// `sizeof(sigset_t)`, `sizeof(siginfo_t)`.
pub const SIGSET_SIZE: usize = 128;
pub const SIGINFO_SIZE: usize = 128;
/// Signals are `1..=NSIG_MAX`.
pub const NSIG_MAX: i32 = 64;
const SIGKILL: i32 = 9;
const SIGSTOP: i32 = 19;

pub const STG_SIG_DFL: i64 = -1;
pub const STG_SIG_IGN: i64 = -2;
pub const STG_SIG_ERR: i64 = -3;
pub const STG_SIG_HAN: i64 = -4;
pub const STG_SIG_RST: i64 = -5;

/// A terminal's `struct termios` after `stty sane` on Linux.
pub const fn default_termios() -> [u8; TERMIOS_SIZE] {
    let mut t = [0u8; TERMIOS_SIZE];
    const fn put(t: &mut [u8; TERMIOS_SIZE], at: usize, v: u32) {
        let b = v.to_le_bytes();
        t[at] = b[0];
        t[at + 1] = b[1];
        t[at + 2] = b[2];
        t[at + 3] = b[3];
    }
    // ICRNL | IXON | IUTF8; OPOST | ONLCR; B38400 | CS8 | CREAD;
    // ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN.
    put(&mut t, 0, 0o400 | 0o2000 | 0o40000);
    put(&mut t, 4, 0o1 | 0o4);
    put(&mut t, 8, 0o17 | 0o60 | 0o200);
    put(
        &mut t,
        C_LFLAG,
        0o1 | ICANON | ECHO | 0o20 | 0o40 | 0o1000 | 0o4000 | 0o100000,
    );
    // VINTR ^C, VQUIT ^\, VERASE DEL, VKILL ^U, VEOF ^D, VTIME 0, VMIN 1, VSWTC 0, VSTART ^Q,
    // VSTOP ^S, VSUSP ^Z, VEOL 0, VREPRINT ^R, VDISCARD ^O, VWERASE ^W, VLNEXT ^V.
    let cc = [
        3u8, 0x1c, 0x7f, 0x15, 4, 0, 1, 0, 0x11, 0x13, 0x1a, 0, 0x12, 0x0f, 0x17, 0x16,
    ];
    let mut i = 0;
    while i < cc.len() {
        t[C_CC + i] = cc[i];
        i += 1;
    }
    // c_ispeed, c_ospeed: B38400.
    put(&mut t, 52, 0o17);
    put(&mut t, 56, 0o17);
    t
}

/// The mask after `sigprocmask(how, set)` from `mask` (bit `n - 1` is signal `n`; `SIGKILL`
/// and `SIGSTOP` cannot be blocked).
pub fn new_mask(mask: u64, how: i32, set: u64) -> Result<u64, i32> {
    let m = match how {
        SIG_BLOCK => mask | set,
        SIG_UNBLOCK => mask & !set,
        SIG_SETMASK => set,
        _ => return Err(EINVAL),
    };
    Ok(m & !(1 << (SIGKILL - 1)) & !(1 << (SIGSTOP - 1)))
}

/// Handler kinds by signal, for `stg_sig_install`.
pub struct Handlers([i8; NSIG_MAX as usize + 1]);

impl Default for Handlers {
    fn default() -> Self {
        Self::new()
    }
}

impl Handlers {
    pub const fn new() -> Self {
        Handlers([STG_SIG_DFL as i8; NSIG_MAX as usize + 1])
    }

    /// `stg_sig_install(sig, spi, mask)`: the previous kind, `STG_SIG_ERR` for a signal that
    /// cannot be caught or a bad kind.
    pub fn install(&mut self, sig: i64, spi: i64) -> i64 {
        if !matches!(spi, STG_SIG_DFL | STG_SIG_IGN | STG_SIG_HAN | STG_SIG_RST)
            || sig == SIGKILL as i64
            || sig == SIGSTOP as i64
        {
            return STG_SIG_ERR;
        }
        match usize::try_from(sig).ok().filter(|&s| s > 0) {
            Some(s) => match self.0.get_mut(s) {
                Some(slot) => core::mem::replace(slot, spi as i8) as i64,
                None => STG_SIG_ERR,
            },
            None => STG_SIG_ERR,
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod exports {
    use super::super::errno::{fail, set_errno, ECHILD, EFAULT, EINVAL, ENOSYS, ENOTTY};
    use super::super::fd;
    use super::*;
    use crate::Global;

    struct State {
        termios: [u8; TERMIOS_SIZE],
        saved: [usize; 3],
        mask: u64,
        handlers: Handlers,
    }

    static STATE: Global<State> = Global::new(State {
        termios: default_termios(),
        saved: [0; 3],
        mask: 0,
        handlers: Handlers::new(),
    });

    /// `Ok(())` for a terminal, else the failure (`ENOTTY`, `EBADF`).
    fn terminal(fd: i64) -> Result<(), i64> {
        match fd::tty(fd) {
            Ok(true) => Ok(()),
            Ok(false) => Err(fail(ENOTTY)),
            Err(e) => Err(fail(e)),
        }
    }

    /// `tcgetattr(fd, termios)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_tcgetattr(fd: i64, t: *mut u8) -> i64 {
        if let Err(r) = terminal(fd) {
            return r;
        }
        if t.is_null() {
            return fail(EFAULT);
        }
        // SAFETY: C's contract: `t` points to a `struct termios`.
        STATE.with(|s| unsafe {
            core::ptr::copy_nonoverlapping(s.termios.as_ptr(), t, TERMIOS_SIZE)
        });
        0
    }

    /// `tcsetattr(fd, action, termios)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_tcsetattr(fd: i64, action: i64, t: *const u8) -> i64 {
        if let Err(r) = terminal(fd) {
            return r;
        }
        if !(0..=2).contains(&action) {
            return fail(EINVAL);
        }
        if t.is_null() {
            return fail(EFAULT);
        }
        // SAFETY: C's contract: `t` points to a `struct termios`.
        STATE.with(|s| unsafe {
            core::ptr::copy_nonoverlapping(t, s.termios.as_mut_ptr(), TERMIOS_SIZE)
        });
        0
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_get_saved_termios(fd: i64) -> *mut u8 {
        let p = STATE.with(|s| {
            usize::try_from(fd)
                .ok()
                .and_then(|i| s.saved.get(i).copied())
        });
        p.unwrap_or(0) as *mut u8
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_set_saved_termios(fd: i64, t: *mut u8) {
        STATE.with(|s| {
            if let Some(slot) = usize::try_from(fd).ok().and_then(|i| s.saved.get_mut(i)) {
                *slot = t as usize;
            }
        })
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_sizeof_termios() -> i64 {
        TERMIOS_SIZE as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_lflag(t: *const u8) -> u64 {
        // SAFETY: C's contract: `t` points to a `struct termios`.
        unsafe { (t.add(C_LFLAG) as *const u32).read_unaligned() as u64 }
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_poke_lflag(t: *mut u8, flag: u64) {
        // SAFETY: C's contract: `t` points to a `struct termios`.
        unsafe { (t.add(C_LFLAG) as *mut u32).write_unaligned(flag as u32) }
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_ptr_c_cc(t: *mut u8) -> *mut u8 {
        t.wrapping_add(C_CC)
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_echo() -> i64 {
        ECHO as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_icanon() -> i64 {
        ICANON as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_vmin() -> i64 {
        VMIN as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_vtime() -> i64 {
        VTIME as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_tcsanow() -> i64 {
        TCSANOW as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_sigttou() -> i64 {
        SIGTTOU as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_sig_block() -> i64 {
        SIG_BLOCK as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_sig_setmask() -> i64 {
        SIG_SETMASK as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_sizeof_sigset_t() -> i64 {
        SIGSET_SIZE as i64
    }

    #[no_mangle]
    pub extern "C" fn ahc_c___hscore_sizeof_siginfo_t() -> u64 {
        SIGINFO_SIZE as u64
    }

    /// `sigemptyset(set)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_sigemptyset(set: *mut u8) -> i64 {
        if set.is_null() {
            return fail(EFAULT);
        }
        // SAFETY: C's contract: `set` points to a `sigset_t`.
        unsafe { core::ptr::write_bytes(set, 0, SIGSET_SIZE) };
        0
    }

    /// `sigaddset(set, sig)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_sigaddset(set: *mut u8, sig: i64) -> i64 {
        let sig = sig as i32;
        if set.is_null() || !(1..=NSIG_MAX).contains(&sig) {
            return fail(EINVAL);
        }
        let bit = (sig - 1) as usize;
        // SAFETY: C's contract: `set` points to a `sigset_t` (128 bytes; `bit / 8 < 8`).
        unsafe { *set.add(bit / 8) |= 1 << (bit % 8) };
        0
    }

    /// `sigprocmask(how, set, oldset)` (`capi` wrapper).
    #[no_mangle]
    pub extern "C" fn ahc_c_sigprocmask(how: i64, set: *const u8, old: *mut u8) -> i64 {
        let r = STATE.with(|s| {
            if !old.is_null() {
                // SAFETY: C's contract: `old` points to a `sigset_t`.
                unsafe {
                    core::ptr::write_bytes(old, 0, SIGSET_SIZE);
                    (old as *mut u64).write_unaligned(s.mask);
                }
            }
            if set.is_null() {
                return Ok(());
            }
            // SAFETY: C's contract: `set` points to a `sigset_t`.
            let bits = unsafe { (set as *const u64).read_unaligned() };
            s.mask = new_mask(s.mask, how as i32, bits)?;
            Ok(())
        });
        match r {
            Ok(()) => 0,
            Err(e) => fail(e),
        }
    }

    /// `stg_sig_install(sig, spi, mask)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_stg_sig_install(sig: i64, spi: i64, _mask: *mut u8) -> i64 {
        STATE.with(|s| s.handlers.install(sig as i32 as i64, spi as i32 as i64))
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_getpid() -> i64 {
        42
    }

    #[no_mangle]
    pub extern "C" fn ahc_c_fork() -> i64 {
        fail(ENOSYS)
    }

    /// `waitpid(pid, status, options)`: no children.
    #[no_mangle]
    pub extern "C" fn ahc_c_waitpid(_pid: i64, _status: *mut u8, _options: i64) -> i64 {
        set_errno(ECHILD);
        -1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn termios_layout_and_defaults() {
        assert_eq!(core::mem::size_of::<libc::termios>(), TERMIOS_SIZE);
        assert_eq!(core::mem::offset_of!(libc::termios, c_lflag), C_LFLAG);
        assert_eq!(core::mem::offset_of!(libc::termios, c_cc), C_CC);
        assert_eq!(ECHO, libc::ECHO);
        assert_eq!(ICANON, libc::ICANON);
        assert_eq!(VMIN, libc::VMIN);
        assert_eq!(VTIME, libc::VTIME);
        assert_eq!(TCSANOW, libc::TCSANOW);
        assert_eq!(SIGTTOU, libc::SIGTTOU);
        assert_eq!(SIG_BLOCK, libc::SIG_BLOCK);
        assert_eq!(SIG_UNBLOCK, libc::SIG_UNBLOCK);
        assert_eq!(SIG_SETMASK, libc::SIG_SETMASK);
        assert_eq!(core::mem::size_of::<libc::sigset_t>(), SIGSET_SIZE);
        assert_eq!(core::mem::size_of::<libc::siginfo_t>(), SIGINFO_SIZE);
        // SAFETY: plain old data of the same size.
        let t: libc::termios = unsafe { core::mem::transmute(default_termios()) };
        assert_eq!(
            t.c_lflag,
            libc::ISIG
                | libc::ICANON
                | libc::ECHO
                | libc::ECHOE
                | libc::ECHOK
                | libc::ECHOCTL
                | libc::ECHOKE
                | libc::IEXTEN
        );
        assert_eq!(t.c_iflag, libc::ICRNL | libc::IXON | libc::IUTF8);
        assert_eq!(t.c_oflag, libc::OPOST | libc::ONLCR);
        assert_eq!(t.c_cflag, libc::B38400 | libc::CS8 | libc::CREAD);
        assert_eq!(t.c_cc[libc::VINTR], 3);
        assert_eq!(t.c_cc[libc::VEOF], 4);
        assert_eq!(t.c_cc[libc::VMIN], 1);
        assert_eq!(t.c_cc[libc::VERASE], 0x7f);
        assert_eq!(t.c_cc[libc::VSUSP], 0x1a);
        assert_eq!(t.c_cc[libc::VLNEXT], 0x16);
        assert_eq!((t.c_ispeed, t.c_ospeed), (libc::B38400, libc::B38400));
    }

    #[test]
    fn masks() {
        assert_eq!(new_mask(0, SIG_BLOCK, 1 << 21), Ok(1 << 21));
        assert_eq!(new_mask(0b110, SIG_UNBLOCK, 0b010), Ok(0b100));
        assert_eq!(new_mask(0b110, SIG_SETMASK, 0b001), Ok(0b001));
        assert_eq!(new_mask(0, SIG_BLOCK, u64::MAX), Ok(!(1 << 8) & !(1 << 18)));
        assert_eq!(new_mask(0, 7, 0), Err(EINVAL));
    }

    #[test]
    fn handlers() {
        let mut h = Handlers::new();
        assert_eq!(h.install(2, STG_SIG_RST), STG_SIG_DFL);
        assert_eq!(h.install(2, STG_SIG_HAN), STG_SIG_RST);
        assert_eq!(h.install(2, STG_SIG_IGN), STG_SIG_HAN);
        assert_eq!(h.install(15, STG_SIG_DFL), STG_SIG_DFL);
        assert_eq!(h.install(64, STG_SIG_HAN), STG_SIG_DFL);
        assert_eq!(h.install(65, STG_SIG_HAN), STG_SIG_ERR);
        assert_eq!(h.install(0, STG_SIG_HAN), STG_SIG_ERR);
        assert_eq!(h.install(-1, STG_SIG_HAN), STG_SIG_ERR);
        assert_eq!(h.install(9, STG_SIG_HAN), STG_SIG_ERR);
        assert_eq!(h.install(19, STG_SIG_IGN), STG_SIG_ERR);
        assert_eq!(h.install(2, 7), STG_SIG_ERR);
        assert_eq!(h.install(2, STG_SIG_DFL), STG_SIG_IGN);
    }
}
