//! Small C standard functions base imports: `memcpy`, `memmove`, `memset`; the floating-point
//! helpers of base's `cbits/primFloat.c` and the RTS's `__int_encodeDouble` /
//! `__word_encodeDouble` (which ghc-bignum imports); and a stub `iconv`.
//!
//! ## Job and invariants
//! - Every export is `ahc_c_<C name>` with the Haskell side's types (see [`crate::libc`]):
//!   `HsInt` results are `i64` (0 or 1 for the predicates), `Double`/`Float` are `f64`/`f32`,
//!   `CSize` `u64`, `CInt` `i64` (narrowed here as C narrows it), pointers raw.
//! - The byte functions compile to `memory.copy`/`memory.fill` on wasm32 (through
//!   `core::ptr::{copy, copy_nonoverlapping, write_bytes}`); a zero length touches nothing, so
//!   any pointer is accepted with it.
//! - The float functions have GHC 9.0.2's exact semantics, which are not always C99's:
//!   `rintDouble`/`rintFloat` round half to even but return **+0.0** whenever the result is zero
//!   (|x| <= 0.5, ±0.0 included), as base's bit-twiddling versions do; NaNs and infinities come
//!   back unchanged.  `__int_encodeDouble(j, e)` is `ldexp((double)|j|, e)` negated for `j < 0`
//!   (two roundings: `|j|` to 53 bits, then `ldexp` for a subnormal result), with `e` clamped to
//!   C's `int` and `|i64::MIN|` wrapping as in the C (so `(i64::MIN, e)` gives `+2^(63+e)`, as
//!   GHC's RTS does).
//! - `iconv` is never available: base only reaches for it for encodings other than its built-in
//!   UTF-8/16/32 and ASCII/Latin-1, and then gets a failure it reports as an `IOError`.
//! - Pure functions, no `core::fmt`, no panics.

// ----- Bytes ----------------------------------------------------------------------------------

/// `void *memcpy(void *dst, const void *src, size_t n)`.
///
/// # Safety
/// As in C: `src` readable and `dst` writable for `n` bytes, not overlapping (any pointers when
/// `n == 0`).
#[no_mangle]
pub unsafe extern "C" fn ahc_c_memcpy(dst: *mut u8, src: *const u8, n: u64) -> *mut u8 {
    if n != 0 {
        // SAFETY: the caller's contract (C's): both ranges are valid for `n` bytes and disjoint;
        // `n` fits the address space, so the conversion to `usize` keeps it.
        unsafe { core::ptr::copy_nonoverlapping(src, dst, n as usize) }
    }
    dst
}

/// `void *memmove(void *dst, const void *src, size_t n)`.
///
/// # Safety
/// As in C: `src` readable and `dst` writable for `n` bytes; they may overlap.
#[no_mangle]
pub unsafe extern "C" fn ahc_c_memmove(dst: *mut u8, src: *const u8, n: u64) -> *mut u8 {
    if n != 0 {
        // SAFETY: the caller's contract: both ranges are valid for `n` bytes; `copy` allows
        // overlap.
        unsafe { core::ptr::copy(src, dst, n as usize) }
    }
    dst
}

/// `void *memset(void *dst, int c, size_t n)`: `c` is converted to `unsigned char`.
///
/// # Safety
/// As in C: `dst` writable for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn ahc_c_memset(dst: *mut u8, c: i64, n: u64) -> *mut u8 {
    if n != 0 {
        // SAFETY: the caller's contract: `dst` is valid for `n` bytes.
        unsafe { core::ptr::write_bytes(dst, c as u8, n as usize) }
    }
    dst
}

// ----- primFloat.c ----------------------------------------------------------------------------

const D_EXP_MASK: u64 = 0x7ff << 52;
const D_MANT_MASK: u64 = (1 << 52) - 1;
const D_SIGN: u64 = 1 << 63;
const F_EXP_MASK: u32 = 0xff << 23;
const F_MANT_MASK: u32 = (1 << 23) - 1;
const F_SIGN: u32 = 1 << 31;

/// `HsInt isDoubleNaN(HsDouble)`.
#[no_mangle]
pub extern "C" fn ahc_c_isDoubleNaN(d: f64) -> i64 {
    let b = d.to_bits();
    (b & D_EXP_MASK == D_EXP_MASK && b & D_MANT_MASK != 0) as i64
}

/// `HsInt isDoubleInfinite(HsDouble)`.
#[no_mangle]
pub extern "C" fn ahc_c_isDoubleInfinite(d: f64) -> i64 {
    let b = d.to_bits();
    (b & D_EXP_MASK == D_EXP_MASK && b & D_MANT_MASK == 0) as i64
}

/// `HsInt isDoubleDenormalized(HsDouble)`: exponent zero, mantissa non-zero.
#[no_mangle]
pub extern "C" fn ahc_c_isDoubleDenormalized(d: f64) -> i64 {
    let b = d.to_bits();
    (b & D_EXP_MASK == 0 && b & D_MANT_MASK != 0) as i64
}

/// `HsInt isDoubleNegativeZero(HsDouble)`.
#[no_mangle]
pub extern "C" fn ahc_c_isDoubleNegativeZero(d: f64) -> i64 {
    (d.to_bits() == D_SIGN) as i64
}

/// `HsInt isDoubleFinite(HsDouble)`: the exponent is not all ones.
#[no_mangle]
pub extern "C" fn ahc_c_isDoubleFinite(d: f64) -> i64 {
    (d.to_bits() & D_EXP_MASK != D_EXP_MASK) as i64
}

/// `HsInt isFloatNaN(HsFloat)`.
#[no_mangle]
pub extern "C" fn ahc_c_isFloatNaN(f: f32) -> i64 {
    let b = f.to_bits();
    (b & F_EXP_MASK == F_EXP_MASK && b & F_MANT_MASK != 0) as i64
}

/// `HsInt isFloatInfinite(HsFloat)`.
#[no_mangle]
pub extern "C" fn ahc_c_isFloatInfinite(f: f32) -> i64 {
    let b = f.to_bits();
    (b & F_EXP_MASK == F_EXP_MASK && b & F_MANT_MASK == 0) as i64
}

/// `HsInt isFloatDenormalized(HsFloat)`.
#[no_mangle]
pub extern "C" fn ahc_c_isFloatDenormalized(f: f32) -> i64 {
    let b = f.to_bits();
    (b & F_EXP_MASK == 0 && b & F_MANT_MASK != 0) as i64
}

/// `HsInt isFloatNegativeZero(HsFloat)`.
#[no_mangle]
pub extern "C" fn ahc_c_isFloatNegativeZero(f: f32) -> i64 {
    (f.to_bits() == F_SIGN) as i64
}

/// `HsInt isFloatFinite(HsFloat)`.
#[no_mangle]
pub extern "C" fn ahc_c_isFloatFinite(f: f32) -> i64 {
    (f.to_bits() & F_EXP_MASK != F_EXP_MASK) as i64
}

/// `HsDouble rintDouble(HsDouble)`: round half to even, +0.0 for a zero result (see the module
/// documentation).
#[no_mangle]
pub extern "C" fn ahc_c_rintDouble(d: f64) -> f64 {
    let b = d.to_bits();
    let exp = ((b & D_EXP_MASK) >> 52) as u32;
    if exp > 1074 {
        return d; // |d| >= 2^52: integral, infinite or NaN
    }
    if exp < 1022 {
        return 0.0; // |d| < 0.5
    }
    // The 53-bit significand has `frac_bits` (1..=53) bits after the binary point.
    let frac_bits = 1075 - exp;
    let one = 1u64 << frac_bits;
    let half = one >> 1;
    let mant = (b & D_MANT_MASK) | (1 << 52);
    let frac = mant & (one - 1);
    let mut int = mant ^ frac;
    if frac > half || (frac == half && int & one != 0) {
        int += one;
    }
    if int == 0 {
        return 0.0;
    }
    // A carry out of the significand makes the next power of two.
    let (exp, mant) = if int == 1 << 53 {
        (exp + 1, 0)
    } else {
        (exp, int & D_MANT_MASK)
    };
    f64::from_bits((b & D_SIGN) | (exp as u64) << 52 | mant)
}

/// `HsFloat rintFloat(HsFloat)`: as [`ahc_c_rintDouble`], in single precision.
#[no_mangle]
pub extern "C" fn ahc_c_rintFloat(f: f32) -> f32 {
    let b = f.to_bits();
    let exp = (b & F_EXP_MASK) >> 23;
    if exp > 149 {
        return f; // |f| >= 2^23
    }
    if exp < 126 {
        return 0.0; // |f| < 0.5
    }
    let frac_bits = 150 - exp; // 1..=24
    let one = 1u32 << frac_bits;
    let half = one >> 1;
    let mant = (b & F_MANT_MASK) | (1 << 23);
    let frac = mant & (one - 1);
    let mut int = mant ^ frac;
    if frac > half || (frac == half && int & one != 0) {
        int += one;
    }
    if int == 0 {
        return 0.0;
    }
    let (exp, mant) = if int == 1 << 24 {
        (exp + 1, 0)
    } else {
        (exp, int & F_MANT_MASK)
    };
    f32::from_bits((b & F_SIGN) | exp << 23 | mant)
}

/// The RTS's `truncExponent`: an `HsInt` exponent clamped to C's `int`.
#[inline]
fn trunc_exponent(e: i64) -> i32 {
    e.max(i32::MIN as i64).min(i32::MAX as i64) as i32
}

/// `StgDouble __int_encodeDouble(I_ j, I_ e)`: `j * 2^e` (see the module documentation for the
/// roundings and `i64::MIN`).
#[no_mangle]
pub extern "C" fn ahc_c___int_encodeDouble(j: i64, e: i64) -> f64 {
    let mut r = j.wrapping_abs() as f64;
    if r != 0.0 {
        r = libm::ldexp(r, trunc_exponent(e));
    }
    if j < 0 {
        r = -r;
    }
    r
}

/// `StgDouble __word_encodeDouble(W_ j, I_ e)`: `ldexp((double)j, e)`.
#[no_mangle]
pub extern "C" fn ahc_c___word_encodeDouble(j: u64, e: i64) -> f64 {
    let r = j as f64;
    if r != 0.0 {
        libm::ldexp(r, trunc_exponent(e))
    } else {
        r
    }
}

// ----- iconv ----------------------------------------------------------------------------------

/// `EINVAL`: what `iconv_open` sets for a conversion it does not support.
pub const EINVAL: i64 = 22;
/// `EBADF`: what `iconv` and `iconv_close` set for a descriptor that is not open.
pub const EBADF: i64 = 9;

/// `iconv_t hs_iconv_open(const char *tocode, const char *fromcode)`: no conversion is
/// available, so always `(iconv_t)-1` (errno `EINVAL`).  Base then reports
/// `mkTextEncoding: invalid argument`.
#[no_mangle]
pub extern "C" fn ahc_c_hs_iconv_open(_to: *const u8, _from: *const u8) -> i64 {
    // TODO(errno): set errno to EINVAL once crate::libc::posix provides it.
    -1
}

/// `size_t hs_iconv(iconv_t cd, const char **inbuf, size_t *inbytesleft, char **outbuf,
/// size_t *outbytesleft)`: no descriptor is ever open, so `(size_t)-1` (errno `EBADF`),
/// touching nothing.
#[no_mangle]
pub extern "C" fn ahc_c_hs_iconv(
    _cd: i64,
    _inbuf: *mut u8,
    _inleft: *mut u8,
    _outbuf: *mut u8,
    _outleft: *mut u8,
) -> u64 {
    // TODO(errno): set errno to EBADF.
    u64::MAX
}

/// `int hs_iconv_close(iconv_t cd)`: no descriptor is ever open, so -1 (errno `EBADF`).
#[no_mangle]
pub extern "C" fn ahc_c_hs_iconv_close(_cd: i64) -> i64 {
    // TODO(errno): set errno to EBADF.
    -1
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    // The host's C library (glibc's libm) as the oracle.
    #[link(name = "m")]
    extern "C" {
        fn rint(x: f64) -> f64;
        fn rintf(x: f32) -> f32;
        fn ldexp(x: f64, e: i32) -> f64;
    }

    fn host_rint(x: f64) -> f64 {
        // SAFETY: a pure libm function.
        unsafe { rint(x) }
    }
    fn host_rintf(x: f32) -> f32 {
        // SAFETY: a pure libm function.
        unsafe { rintf(x) }
    }
    fn host_ldexp(x: f64, e: i32) -> f64 {
        // SAFETY: a pure libm function.
        unsafe { ldexp(x, e) }
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    fn doubles() -> Vec<f64> {
        let mut v = std::vec![
            0.0,
            -0.0,
            f64::NAN,
            -f64::NAN,
            f64::from_bits(0x7ff0_0000_0000_0001), // signalling NaN
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MIN_POSITIVE,
            f64::from_bits(1),
            f64::from_bits(0x000f_ffff_ffff_ffff),
            -f64::from_bits(1),
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            4503599627370496.0,  // 2^52
            4503599627370495.5,  // 2^52 - 0.5
            4503599627370497.0,  // 2^52 + 1
            9007199254740991.0,  // 2^53 - 1
            2251799813685247.5,  // 2^51 - 0.5
            4294967295.5,        // 2^32 - 0.5: the C's LTOP_BIT case
            4294967296.5,        // 2^32 + 0.5
            8589934591.5,        // 2^33 - 0.5
            1048575.5,           // 2^20 - 0.5
            1048576.5,           // 2^20 + 0.5
            0.49999999999999994, // largest below 0.5
            0.5000000000000001,
        ];
        for k in -12..=12 {
            let x = k as f64 * 0.5;
            v.extend([x, x + 1e-9, x - 1e-9, -x]);
        }
        let mut r = Rng(0x1234_5678_9abc_def1);
        for _ in 0..20_000 {
            let b = r.next();
            v.push(f64::from_bits(b));
            // Values near the interesting range of exponents.
            let e = 1010 + (b >> 58) % 70;
            v.push(f64::from_bits((b & !D_EXP_MASK) | e << 52));
        }
        v
    }

    fn floats() -> Vec<f32> {
        let mut v = std::vec![
            0.0,
            -0.0,
            f32::NAN,
            f32::from_bits(0x7f80_0001),
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MIN_POSITIVE,
            f32::from_bits(1),
            f32::MAX,
            f32::MIN,
            8388608.0, // 2^23
            8388607.5,
            4194303.5,
            16777215.0,
            0.49999997,
        ];
        for k in -12..=12 {
            let x = k as f32 * 0.5;
            v.extend([x, -x]);
        }
        let mut r = Rng(0x0fed_cba9_8765_4321);
        for _ in 0..20_000 {
            let b = r.next() as u32;
            v.push(f32::from_bits(b));
            let e = 120 + (b >> 27) % 35;
            v.push(f32::from_bits((b & !F_EXP_MASK) | e << 23));
        }
        v
    }

    #[test]
    fn double_predicates() {
        for x in doubles() {
            let b = |p: bool| p as i64;
            assert_eq!(ahc_c_isDoubleNaN(x), b(x.is_nan()), "{x:e}");
            assert_eq!(ahc_c_isDoubleInfinite(x), b(x.is_infinite()), "{x:e}");
            assert_eq!(ahc_c_isDoubleDenormalized(x), b(x.is_subnormal()), "{x:e}");
            assert_eq!(ahc_c_isDoubleFinite(x), b(x.is_finite()), "{x:e}");
            assert_eq!(
                ahc_c_isDoubleNegativeZero(x),
                b(x == 0.0 && x.is_sign_negative()),
                "{x:e}"
            );
        }
    }

    #[test]
    fn float_predicates() {
        for x in floats() {
            let b = |p: bool| p as i64;
            assert_eq!(ahc_c_isFloatNaN(x), b(x.is_nan()), "{x:e}");
            assert_eq!(ahc_c_isFloatInfinite(x), b(x.is_infinite()), "{x:e}");
            assert_eq!(ahc_c_isFloatDenormalized(x), b(x.is_subnormal()), "{x:e}");
            assert_eq!(ahc_c_isFloatFinite(x), b(x.is_finite()), "{x:e}");
            assert_eq!(
                ahc_c_isFloatNegativeZero(x),
                b(x == 0.0 && x.is_sign_negative()),
                "{x:e}"
            );
        }
    }

    /// Against the host's `rint` (round to nearest even, the default mode), except that base's
    /// version gives +0.0 for every zero result.
    #[test]
    fn rint_double_matches_host() {
        for x in doubles() {
            let ours = ahc_c_rintDouble(x);
            let host = host_rint(x);
            if x.is_nan() {
                assert_eq!(ours.to_bits(), x.to_bits(), "NaN unchanged");
            } else if host == 0.0 {
                assert_eq!(ours.to_bits(), 0, "{x:e}: +0.0");
            } else {
                assert_eq!(ours.to_bits(), host.to_bits(), "{x:e}");
            }
        }
        assert_eq!(ahc_c_rintDouble(2.5), 2.0);
        assert_eq!(ahc_c_rintDouble(3.5), 4.0);
        assert_eq!(ahc_c_rintDouble(-2.5), -2.0);
        assert_eq!(ahc_c_rintDouble(-0.5).to_bits(), 0);
        assert_eq!(ahc_c_rintDouble(-0.0).to_bits(), 0);
        assert_eq!(ahc_c_rintDouble(-0.7), -1.0);
        assert_eq!(ahc_c_rintDouble(4294967295.5), 4294967296.0);
        assert_eq!(ahc_c_rintDouble(4294967294.5), 4294967294.0);
    }

    #[test]
    fn rint_float_matches_host() {
        for x in floats() {
            let ours = ahc_c_rintFloat(x);
            let host = host_rintf(x);
            if x.is_nan() {
                assert_eq!(ours.to_bits(), x.to_bits(), "NaN unchanged");
            } else if host == 0.0 {
                assert_eq!(ours.to_bits(), 0, "{x:e}: +0.0");
            } else {
                assert_eq!(ours.to_bits(), host.to_bits(), "{x:e}");
            }
        }
        assert_eq!(ahc_c_rintFloat(0.5).to_bits(), 0);
        assert_eq!(ahc_c_rintFloat(1.5), 2.0);
        assert_eq!(ahc_c_rintFloat(-1.5), -2.0);
        assert_eq!(ahc_c_rintFloat(8388607.5), 8388608.0);
    }

    /// The C's definition, with the host's `(double)` conversion and `ldexp`.
    fn c_int_encode(j: i64, e: i64) -> f64 {
        let mut r = j.wrapping_abs() as f64;
        if r != 0.0 {
            r = host_ldexp(r, e.clamp(i32::MIN as i64, i32::MAX as i64) as i32);
        }
        if j < 0 {
            -r
        } else {
            r
        }
    }

    #[test]
    fn encode_double_matches_host_ldexp() {
        let mut js: Vec<i64> = std::vec![
            0,
            1,
            -1,
            3,
            -3,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
            (1 << 53) + 1,
            (1 << 54) + 3,
            -(1 << 53) - 1,
        ];
        let mut es: Vec<i64> = std::vec![
            0,
            1,
            -1,
            -1074,
            -1075,
            -1076,
            -1100,
            -1126,
            -1127,
            -1138,
            -1139,
            1023,
            1024,
            960,
            961,
            -2000,
            5000,
            i32::MAX as i64,
            i32::MIN as i64,
            i32::MAX as i64 + 1,
            i32::MIN as i64 - 1,
            i64::MAX,
            i64::MIN,
        ];
        let mut r = Rng(42);
        for _ in 0..2000 {
            let b = r.next();
            js.push(b as i64 >> (b % 64));
            es.push((r.next() % 2300) as i64 - 1200);
        }
        for &j in &js {
            for &e in &es {
                let ours = ahc_c___int_encodeDouble(j, e);
                assert_eq!(ours.to_bits(), c_int_encode(j, e).to_bits(), "{j} {e}");
                let w = j as u64;
                let want = if w == 0 {
                    0.0
                } else {
                    host_ldexp(w as f64, e.clamp(i32::MIN as i64, i32::MAX as i64) as i32)
                };
                let ours = ahc_c___word_encodeDouble(w, e);
                assert_eq!(ours.to_bits(), want.to_bits(), "{w} {e}");
            }
        }
        // Double rounding, as in GHC: 3 * 2^-1075 is 1.5 times the smallest subnormal.
        assert_eq!(ahc_c___int_encodeDouble(3, -1075), f64::from_bits(2));
        assert_eq!(ahc_c___int_encodeDouble(1, -1075), 0.0);
        assert_eq!(ahc_c___int_encodeDouble(1, 5000), f64::INFINITY);
        assert_eq!(ahc_c___int_encodeDouble(i64::MIN, 10), 2f64.powi(73));
        assert_eq!(ahc_c___int_encodeDouble(0, 5).to_bits(), 0);
    }

    #[test]
    fn bytes() {
        let mut a: Vec<u8> = (0..64).collect();
        let b: Vec<u8> = (100..164).collect();
        // SAFETY: in-bounds ranges of live buffers.
        unsafe {
            let d = a.as_mut_ptr();
            assert_eq!(ahc_c_memcpy(d.add(2), b.as_ptr(), 10), d.add(2));
            assert_eq!(
                &a[..14],
                &[0, 1, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 12, 13]
            );
            let d = a.as_mut_ptr();
            ahc_c_memmove(d.add(1), d, 20); // overlapping, forwards
            assert_eq!(&a[..5], &[0, 0, 1, 100, 101]);
            let d = a.as_mut_ptr();
            ahc_c_memmove(d, d.add(3), 5); // overlapping, backwards
            assert_eq!(&a[..5], &[100, 101, 102, 103, 104]);
            let d = a.as_mut_ptr();
            assert_eq!(ahc_c_memset(d.add(60), 0x1ff, 4), d.add(60));
            assert_eq!(&a[58..], &[58, 59, 0xff, 0xff, 0xff, 0xff]);
            // Zero lengths accept any pointer.
            let null = core::ptr::null_mut::<u8>();
            assert_eq!(ahc_c_memcpy(null, null, 0), null);
            assert_eq!(ahc_c_memmove(null, null, 0), null);
            assert_eq!(ahc_c_memset(null, 7, 0), null);
        }
    }

    #[test]
    fn iconv_is_unavailable() {
        let (to, from) = (c"UTF-8".as_ptr().cast(), c"CP1252".as_ptr().cast());
        assert_eq!(ahc_c_hs_iconv_open(to, from), -1);
        let n = core::ptr::null_mut();
        assert_eq!(ahc_c_hs_iconv(-1, n, n, n, n), u64::MAX);
        assert_eq!(ahc_c_hs_iconv_close(-1), -1);
    }
}
