//! Number formatting.
//!
//! Integers are formatted by hand (no `core::fmt`: the `print_int` path must stay tiny).  Doubles
//! are formatted like C's `printf("%.17g", d)` with glibc: the correctly rounded digits come from
//! `core::fmt`'s exact `{:.*e}` formatting, and the `%g` rules are applied here:
//!
//! - `P` = 17 significant digits; `X` = the decimal exponent of the value *after* rounding to
//!   `P` digits (what `%e` would print);
//! - if `-4 <= X < P`, fixed notation with `P - 1 - X` decimals, else `d.ddde±XX` (at least two
//!   exponent digits);
//! - trailing zeros of the fraction are removed, and the point too if nothing follows it;
//! - `nan`, `-nan` (sign bit set), `inf`, `-inf`; `-0` keeps its sign.

/// Room for any `u64`/`i64` in decimal, sign included.
pub const INT_BUF: usize = 20;

/// Writes `v` in decimal at the end of `buf` (which should have room for [`INT_BUF`] bytes);
/// returns the index of the first digit.
#[inline]
pub fn u64_dec(mut v: u64, buf: &mut [u8]) -> usize {
    let mut i = buf.len();
    while i > 0 {
        i -= 1;
        if let Some(slot) = buf.get_mut(i) {
            *slot = b'0' + (v % 10) as u8;
        }
        v /= 10;
        if v == 0 {
            break;
        }
    }
    i
}

/// Writes `v` in decimal (with `-` if negative) at the end of `buf` (which should have room for
/// [`INT_BUF`] bytes); returns the start index.
#[inline]
pub fn i64_dec(v: i64, buf: &mut [u8]) -> usize {
    let i = u64_dec(v.unsigned_abs(), buf);
    if v < 0 && i > 0 {
        if let Some(slot) = buf.get_mut(i - 1) {
            *slot = b'-';
            return i - 1;
        }
    }
    i
}

/// Writes `v` as 8 lowercase hexadecimal digits into `buf`; returns them.
pub fn hex32(v: u32, buf: &mut [u8; 8]) -> &[u8] {
    for (i, slot) in buf.iter_mut().enumerate() {
        let d = ((v >> (28 - 4 * i)) & 0xf) as u8;
        *slot = if d < 10 { b'0' + d } else { b'a' + d - 10 };
    }
    buf
}

/// Room for any `%.17g` output: sign, 17 digits, point, `e-308`, and slack.
pub const G17_BUF: usize = 32;

/// A fixed buffer that `core::fmt` writes into.
struct Cursor<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl core::fmt::Write for Cursor<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let dst = self
            .buf
            .get_mut(self.len..self.len + s.len())
            .ok_or(core::fmt::Error)?;
        dst.copy_from_slice(s.as_bytes());
        self.len += s.len();
        Ok(())
    }
}

/// Formats `d` exactly as glibc's `printf("%.17g", d)`; returns the length written into `out`.
pub fn g17(d: f64, out: &mut [u8; G17_BUF]) -> usize {
    const P: i32 = 17;
    let mut o = Cursor { buf: out, len: 0 };
    let neg = d.is_sign_negative();
    if d.is_nan() {
        let _ = core::fmt::Write::write_str(&mut o, if neg { "-nan" } else { "nan" });
        return o.len;
    }
    if d.is_infinite() {
        let _ = core::fmt::Write::write_str(&mut o, if neg { "-inf" } else { "inf" });
        return o.len;
    }
    // `{:.16e}` of |d|: "D.DDDDDDDDDDDDDDDDeX" with X in Rust's style ("e-7", "e12").
    let mut sci = [0u8; G17_BUF];
    let mut s = Cursor {
        buf: &mut sci,
        len: 0,
    };
    if core::fmt::write(&mut s, format_args!("{:.*e}", (P - 1) as usize, d.abs())).is_err() {
        return 0;
    }
    let len = s.len;
    let sci = &sci[..len];
    let Some(epos) = sci.iter().position(|&c| c == b'e') else {
        return 0;
    };
    let (mant, exp) = (&sci[..epos], &sci[epos + 1..]);
    let (exp_neg, exp_digits) = match exp.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, exp),
    };
    let mut x: i32 = 0;
    for &c in exp_digits {
        x = x * 10 + (c - b'0') as i32;
    }
    if exp_neg {
        x = -x;
    }
    // The P significant digits, without the point.
    let mut digits = [b'0'; P as usize];
    let mut n = 0;
    for &c in mant {
        if c != b'.' && n < digits.len() {
            digits[n] = c;
            n += 1;
        }
    }
    let mut w = Writer { out, len: 0 };
    if neg {
        w.push(b'-');
    }
    if (-4..P).contains(&x) {
        if x >= 0 {
            let int_len = x as usize + 1;
            w.extend(&digits[..int_len]);
            w.fraction(&digits[int_len..]);
        } else {
            w.push(b'0');
            let mut frac = [b'0'; (P + 4) as usize];
            let zeros = (-x - 1) as usize;
            frac[zeros..zeros + digits.len()].copy_from_slice(&digits);
            w.fraction(&frac[..zeros + digits.len()]);
        }
    } else {
        w.push(digits[0]);
        w.fraction(&digits[1..]);
        w.push(b'e');
        w.push(if x < 0 { b'-' } else { b'+' });
        let mut ebuf = [0u8; INT_BUF];
        let i = u64_dec(x.unsigned_abs() as u64, &mut ebuf);
        if INT_BUF - i < 2 {
            w.push(b'0');
        }
        w.extend(&ebuf[i..]);
    }
    w.len
}

struct Writer<'a> {
    out: &'a mut [u8; G17_BUF],
    len: usize,
}

impl Writer<'_> {
    fn push(&mut self, c: u8) {
        if let Some(slot) = self.out.get_mut(self.len) {
            *slot = c;
            self.len += 1;
        }
    }

    fn extend(&mut self, s: &[u8]) {
        for &c in s {
            self.push(c);
        }
    }

    /// `.frac` without trailing zeros, or nothing if the fraction is all zeros.
    fn fraction(&mut self, frac: &[u8]) {
        let keep = frac.iter().rposition(|&c| c != b'0').map_or(0, |i| i + 1);
        if keep > 0 {
            self.push(b'.');
            self.extend(&frac[..keep]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::string::String;

    fn g(d: f64) -> String {
        let mut b = [0u8; G17_BUF];
        let n = g17(d, &mut b);
        String::from_utf8(b[..n].to_vec()).unwrap()
    }

    fn libc_g(d: f64) -> String {
        let mut b = [0u8; 64];
        // SAFETY: the buffer is large enough for any %.17g output and NUL-terminated by snprintf;
        // the format takes exactly one double.
        let n = unsafe {
            libc::snprintf(
                b.as_mut_ptr() as *mut libc::c_char,
                b.len(),
                c"%.17g".as_ptr(),
                d,
            )
        };
        String::from_utf8(b[..n as usize].to_vec()).unwrap()
    }

    fn int(v: i64) -> String {
        let mut b = [0u8; INT_BUF];
        let i = i64_dec(v, &mut b);
        String::from_utf8(b[i..].to_vec()).unwrap()
    }

    #[test]
    fn integers() {
        for v in [
            0,
            1,
            -1,
            9,
            10,
            -10,
            12345,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ] {
            assert_eq!(int(v), std::format!("{v}"));
        }
        let mut b = [0u8; INT_BUF];
        let i = u64_dec(u64::MAX, &mut b);
        assert_eq!(&b[i..], b"18446744073709551615");
    }

    #[test]
    fn g17_examples() {
        assert_eq!(g(0.1), "0.10000000000000001");
        assert_eq!(g(1.0), "1");
        assert_eq!(g(-0.0), "-0");
        assert_eq!(g(1e17), "1e+17");
        assert_eq!(g(1e16), "10000000000000000");
        assert_eq!(g(1e-5), "1.0000000000000001e-05");
        assert_eq!(g(0.0001), "0.0001");
        assert_eq!(g(f64::NAN), "nan");
        assert_eq!(g(-f64::NAN), "-nan");
        assert_eq!(g(f64::NEG_INFINITY), "-inf");
        assert_eq!(g(5e-324), "4.9406564584124654e-324");
        assert_eq!(g(f64::MAX), "1.7976931348623157e+308");
    }

    #[test]
    #[allow(clippy::excessive_precision)] // values next to rounding boundaries, on purpose
    fn g17_special_values_match_glibc() {
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            0.1,
            0.2,
            0.3,
            1.0 / 3.0,
            2.0 / 3.0,
            std::f64::consts::PI,
            std::f64::consts::E,
            1e15,
            1e16,
            1e17,
            1e18,
            1e-4,
            1e-5,
            9.9999999999999995e-5,
            0.000099999999999999991,
            99999999999999999.0,
            9.9999999999999999e16,
            123456789012345678.0,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::EPSILON,
            1e100,
            1e-100,
            1e300,
            1e-300,
            4503599627370496.5,
            9007199254740993.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        for d in specials {
            assert_eq!(g(d), libc_g(d), "value {d:e}");
            assert_eq!(g(-d), libc_g(-d), "value {:e}", -d);
        }
    }

    #[test]
    fn g17_random_bit_patterns_match_glibc() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..200_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let d = if i % 2 == 0 {
                f64::from_bits(seed)
            } else {
                // Values of ordinary magnitude and short decimal expansions.
                (seed % 2_000_001) as f64
                    / [1.0, 10.0, 1000.0, 1e6, 1e12][(seed >> 40) as usize % 5]
            };
            assert_eq!(g(d), libc_g(d), "bits {:#x}", d.to_bits());
        }
    }
}
