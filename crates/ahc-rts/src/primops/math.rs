//! The math primops (`expDouble#` … `powerFloat#`), which GHC lowers to calls of the C
//! library's `exp`, `expf` …: results are meant to be bit-identical to glibc 2.36 on x86_64
//! (the differential tests' oracle).
//!
//! glibc 2.36 has two kinds of functions, and we follow each:
//! - `exp`, `log`, `pow`, `sin`, `cos`, `tan`, `asin`, `acos`, `atan` (and `expf`, `logf`,
//!   `powf`, `sinf`, `cosf`) are correctly rounded in all but very rare cases. Ours are computed
//!   in double-double arithmetic (about 100 correct bits) and rounded once, so they agree
//!   except where the exact result lies within ~2^-45 ULP of a rounding boundary.
//! - `expm1`, `log1p`, `sinh`, `cosh`, `tanh`, `asinh`, `acosh`, `atanh` and the other float
//!   functions are Sun's fdlibm algorithms (in float arithmetic for the float ones). We use the
//!   same formulas on the same building blocks: `expm1`, `log1p`, `expm1f`, `log1pf`, `atanf`
//!   from the `libm` crate (the same fdlibm code), `exp`/`log` from above where glibc calls its
//!   own correctly rounded ones.
//!
//! Known differences (measured by the tests in `super::glibc`): `expm1` of arguments above ~100
//! (glibc's x86_64 build contracts multiply-adds), `tanf`, `asinf`, `acosf` (glibc uses other
//! algorithms; ours are correctly rounded) — a last-bit difference in a small fraction of
//! arguments; trigonometric functions of arguments beyond 10^8 (libm's, within 1 ULP); NaN
//! *signs* are glibc's for the cases handled in [`invalid`].

/// A double-double: the unevaluated sum `hi + lo`, `|lo| <= ulp(hi) / 2`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dd {
    pub hi: f64,
    pub lo: f64,
}

#[inline]
fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    Dd {
        hi: s,
        lo: (a - (s - bb)) + (b - bb),
    }
}

/// `a + b` exactly, given `|a| >= |b|` (or `a == 0`).
#[inline]
fn fast_two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    Dd {
        hi: s,
        lo: b - (s - a),
    }
}

/// Veltkamp's split into two halves of 26 bits (no fused multiply-add in wasm).
#[inline]
fn split(a: f64) -> (f64, f64) {
    let t = 134_217_729.0 * a;
    let hi = t - (t - a);
    (hi, a - hi)
}

/// `a * b` exactly (Dekker); for operands beyond `2^995` (where splitting overflows) only the
/// rounded product.
#[inline]
fn two_prod(a: f64, b: f64) -> Dd {
    let p = a * b;
    if a.abs() > 1.0e298 || b.abs() > 1.0e298 {
        return Dd::from(p);
    }
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    Dd {
        hi: p,
        lo: ((ah * bh - p) + ah * bl + al * bh) + al * bl,
    }
}

impl Dd {
    pub const fn new(hi: f64, lo: f64) -> Dd {
        Dd { hi, lo }
    }

    pub const fn from(x: f64) -> Dd {
        Dd { hi: x, lo: 0.0 }
    }

    fn neg(self) -> Dd {
        Dd::new(-self.hi, -self.lo)
    }

    fn add(self, b: Dd) -> Dd {
        let s = two_sum(self.hi, b.hi);
        let t = two_sum(self.lo, b.lo);
        let s = fast_two_sum(s.hi, s.lo + t.hi);
        fast_two_sum(s.hi, s.lo + t.lo)
    }

    fn sub(self, b: Dd) -> Dd {
        self.add(b.neg())
    }

    fn add_f(self, b: f64) -> Dd {
        let s = two_sum(self.hi, b);
        fast_two_sum(s.hi, s.lo + self.lo)
    }

    fn mul(self, b: Dd) -> Dd {
        let p = two_prod(self.hi, b.hi);
        fast_two_sum(p.hi, p.lo + (self.hi * b.lo + self.lo * b.hi))
    }

    fn mul_f(self, b: f64) -> Dd {
        let p = two_prod(self.hi, b);
        fast_two_sum(p.hi, p.lo + self.lo * b)
    }

    fn div(self, b: Dd) -> Dd {
        let q1 = self.hi / b.hi;
        let r = self.sub(b.mul_f(q1));
        let q2 = r.hi / b.hi;
        let r = r.sub(b.mul_f(q2));
        let q3 = r.hi / b.hi;
        fast_two_sum(q1, q2).add_f(q3)
    }

    fn div_f(self, b: f64) -> Dd {
        self.div(Dd::from(b))
    }

    /// Multiplies by `2^k` (exact while no part under- or overflows).
    fn scale(self, k: i32) -> Dd {
        Dd::new(libm::scalbn(self.hi, k), libm::scalbn(self.lo, k))
    }
}

const LN2_HI: f64 = f64::from_bits(0x3fe62e42fefa3800); // 42 bits
const LN2_MID: f64 = f64::from_bits(0x3d2ef35793c76800); // 42 bits
const LN2_LO: f64 = f64::from_bits(0xba59ff0342542fc3);
const INV_LN2: f64 = f64::from_bits(0x3ff71547652b82fe);
/// `π/2` in six parts, the first five of 27 bits (so `k * PIO2_i` is exact for `k < 2^26`).
const PIO2_PARTS: [f64; 6] = [
    f64::from_bits(0x3ff921fb54000000),
    f64::from_bits(0x3e110b4610000000),
    f64::from_bits(0x3c5a626330000000),
    f64::from_bits(0x3a945c06e0000000),
    f64::from_bits(0x38ccd12904000000),
    f64::from_bits(0xb70b1f77598338c0),
];
const TWO_OVER_PI: f64 = f64::from_bits(0x3fe45f306dc9c883);
const PI: Dd = Dd::new(
    f64::from_bits(0x400921fb54442d18),
    f64::from_bits(0x3ca1a62633145c07),
);
const PIO2: Dd = Dd::new(
    f64::from_bits(0x3ff921fb54442d18),
    f64::from_bits(0x3c91a62633145c07),
);
/// fdlibm's `ln2` (the double nearest ln 2).
const LN2: f64 = f64::from_bits(0x3fe62e42fefa39ef);

/// `exp(r)` for `|r| <= 0.35`: Taylor series of `expm1(r / 256)`, then squared 8 times.
fn exp_small(r: Dd) -> Dd {
    let r = r.scale(-8);
    let mut p = Dd::from(1.0);
    for n in (2..=12).rev() {
        p = p.mul(r).div_f(n as f64).add_f(1.0);
    }
    // u = expm1; (1 + u)^2 - 1 = 2u + u^2.
    let mut u = p.mul(r);
    for _ in 0..8 {
        u = u.mul_f(2.0).add(u.mul(u));
    }
    Dd::from(1.0).add(u)
}

/// `exp(x) = e * 2^k` for `|x| < 750`.
fn exp_dd(x: Dd) -> (Dd, i32) {
    let k = libm::rint(x.hi * INV_LN2);
    let r = Dd::from(x.hi)
        .add_f(-k * LN2_HI)
        .add_f(-k * LN2_MID)
        .add_f(-k * LN2_LO)
        .add_f(x.lo);
    (exp_small(r), k as i32)
}

/// `v * 2^k` correctly rounded, also when the result is subnormal.
fn round_scaled(v: Dd, k: i32) -> f64 {
    let e = libm::ilogb(v.hi);
    if e + k >= -1021 {
        return libm::scalbn(v.hi, k);
    }
    // Round v * 2^(k + 1074) to an integer n; the result is n * 2^-1074.
    let w = v.scale(k + 1074);
    let n = libm::rint(w.hi);
    let frac = (w.hi - n) + w.lo;
    let n = if frac > 0.5 {
        n + 1.0
    } else if frac < -0.5 {
        n - 1.0
    } else if frac == 0.5 || frac == -0.5 {
        let m = n + frac.signum();
        if libm::fmod(m, 2.0) == 0.0 {
            m
        } else {
            n
        }
    } else {
        n
    };
    libm::scalbn(n, -1074)
}

/// The NaN glibc returns for an argument outside a function's domain: mostly x86's default
/// NaN (negative, from `(x - x) / (x - x)`), positive for `asin`/`acos`.
fn invalid(positive: bool) -> f64 {
    if positive {
        f64::NAN
    } else {
        -f64::NAN
    }
}

/// `exp`.
pub fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x + x;
    }
    if x > 709.782_712_893_384 {
        return f64::INFINITY;
    }
    if x < -745.2 {
        return 0.0;
    }
    if x.abs() < 1.0e-17 {
        return 1.0 + x;
    }
    let (e, k) = exp_dd(Dd::from(x));
    round_scaled(e, k)
}

/// `log1p(u)` for `|u| <= 1/64`: `2 atanh(u / (2 + u))`.
fn log1p_small(u: Dd) -> Dd {
    let s = u.div(Dd::from(2.0).add(u));
    let s2 = s.mul(s);
    let mut q = Dd::from(1.0).div_f(19.0);
    for n in (0..9).rev() {
        q = q.mul(s2).add(Dd::from(1.0).div_f((2 * n + 1) as f64));
    }
    s.mul(q).mul_f(2.0)
}

/// `log(x)` for finite `x > 0`, as a double-double.
fn log_dd(x: f64) -> Dd {
    if (x - 1.0).abs() <= 1.0 / 64.0 {
        return log1p_small(Dd::from(x - 1.0));
    }
    // One Newton step from libm's log: log x = y0 + log(x e^-y0), x e^-y0 = 1 + t, tiny t.
    let y0 = libm::log(x);
    let (e, k) = exp_dd(Dd::from(-y0));
    let t = e.mul_f(libm::scalbn(x, k)).add_f(-1.0);
    Dd::from(y0).add(t.add(t.mul(t).mul_f(-0.5)))
}

/// `log`.
pub fn log(x: f64) -> f64 {
    if x.is_nan() {
        return x + x;
    }
    if x < 0.0 {
        return invalid(false);
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x == f64::INFINITY {
        return x;
    }
    log_dd(x).hi
}

fn is_integer(y: f64) -> bool {
    libm::trunc(y) == y
}

fn is_odd_integer(y: f64) -> bool {
    y.abs() < 9.007_199_254_740_992e15 && is_integer(y) && (y as i64) & 1 == 1
}

/// `pow`.
pub fn pow(x: f64, y: f64) -> f64 {
    let special = x.is_nan()
        || y.is_nan()
        || !x.is_finite()
        || !y.is_finite()
        || x == 0.0
        || y == 0.0
        || x == 1.0
        || (x < 0.0 && !is_integer(y));
    if special {
        // C99 Annex F's special cases, as glibc implements them (the invalid case returns
        // glibc's NaN; glibc clears the sign of a NaN raised to an odd integer power).
        if x.is_nan() && is_odd_integer(y) {
            return x.abs();
        }
        if x < 0.0 && x.is_finite() && y.is_finite() && !is_integer(y) {
            return invalid(false);
        }
        return libm::pow(x, y);
    }
    if y == 1.0 {
        return x;
    }
    let neg = x < 0.0 && is_odd_integer(y);
    let p = log_dd(x.abs()).mul_f(y);
    let r = if p.hi > 709.79 {
        f64::INFINITY
    } else if p.hi < -745.2 {
        0.0
    } else {
        let (e, k) = exp_dd(p);
        round_scaled(e, k)
    };
    if neg {
        -r
    } else {
        r
    }
}

/// `x = q (π/2) + r` with `|r| <~ π/4`, for `|x| < 10^8`.
fn reduce(x: f64) -> Option<(i64, Dd)> {
    if x.abs() <= core::f64::consts::FRAC_PI_4 {
        return Some((0, Dd::from(x)));
    }
    if x.abs() > 1.0e8 {
        return None;
    }
    let k = libm::rint(x * TWO_OVER_PI);
    let mut r = Dd::from(x);
    for p in PIO2_PARTS {
        r = r.add_f(-k * p);
    }
    Some((k as i64, r))
}

/// `sin r` for `|r| <= π/4 + ε`: Taylor series to `r^31`.
fn sin_small(r: Dd) -> Dd {
    let r2 = r.mul(r);
    let mut p = Dd::from(1.0);
    for n in (1..=15).rev() {
        p = p
            .mul(r2)
            .div_f((2 * n * (2 * n + 1)) as f64)
            .neg()
            .add_f(1.0);
    }
    r.mul(p)
}

/// `cos r` for `|r| <= π/4 + ε`: Taylor series to `r^30`.
fn cos_small(r: Dd) -> Dd {
    let r2 = r.mul(r);
    let mut p = Dd::from(1.0);
    for n in (1..=15).rev() {
        p = p
            .mul(r2)
            .div_f(((2 * n - 1) * 2 * n) as f64)
            .neg()
            .add_f(1.0);
    }
    p
}

/// `(sin x, cos x)` as double-doubles, for `|x| < 10^8`.
fn sin_cos_dd(x: f64) -> Option<(Dd, Dd)> {
    let (q, r) = reduce(x)?;
    let (s, c) = (sin_small(r), cos_small(r));
    Some(match q & 3 {
        0 => (s, c),
        1 => (c, s.neg()),
        2 => (s.neg(), c.neg()),
        _ => (c.neg(), s),
    })
}

/// `sin`.
pub fn sin(x: f64) -> f64 {
    if !x.is_finite() {
        return if x.is_nan() { x + x } else { invalid(false) };
    }
    if x.abs() < 1.0e-8 {
        return x;
    }
    match sin_cos_dd(x) {
        Some((s, _)) => s.hi,
        None => libm::sin(x),
    }
}

/// `cos`.
pub fn cos(x: f64) -> f64 {
    if !x.is_finite() {
        return if x.is_nan() { x + x } else { invalid(false) };
    }
    if x.abs() < 1.0e-9 {
        return 1.0;
    }
    match sin_cos_dd(x) {
        Some((_, c)) => c.hi,
        None => libm::cos(x),
    }
}

/// `tan`.
pub fn tan(x: f64) -> f64 {
    if !x.is_finite() {
        return if x.is_nan() { x + x } else { invalid(false) };
    }
    if x.abs() < 1.0e-8 {
        return x;
    }
    match sin_cos_dd(x) {
        Some((s, c)) => s.div(c).hi,
        None => libm::tan(x),
    }
}

/// `asin s` for `|s| <= 0.5 + ε` (a double-double): one Newton step on `sin y = s` from
/// libm's value.
fn asin_dd(s: Dd) -> Dd {
    let y0 = libm::asin(s.hi);
    let (sn, cs) = sin_cos_dd(y0).unwrap_or((Dd::from(y0), Dd::from(1.0)));
    let d = sn.sub(s).hi / cs.hi;
    Dd::from(y0).add_f(-d)
}

/// `sqrt` of a double-double (one Newton step).
fn sqrt_dd(z: Dd) -> Dd {
    let s0 = libm::sqrt(z.hi);
    if s0 == 0.0 {
        return Dd::from(0.0);
    }
    let d = z.sub(two_prod(s0, s0)).hi / (2.0 * s0);
    fast_two_sum(s0, d)
}

/// `asin(sqrt((1 - a) / 2))` for `0.5 <= a <= 1` (half the angle whose cosine is `a`).
fn half_acos(a: f64) -> Dd {
    asin_dd(sqrt_dd(Dd::from(1.0 - a).mul_f(0.5)))
}

/// `asin`.
pub fn asin(x: f64) -> f64 {
    if x.is_nan() {
        return x + x;
    }
    let a = x.abs();
    if a > 1.0 {
        return invalid(true);
    }
    if a < 1.0e-8 {
        return x;
    }
    let r = if a <= 0.5 {
        asin_dd(Dd::from(a))
    } else {
        // asin a = π/2 - 2 asin(sqrt((1 - a) / 2))
        PIO2.sub(half_acos(a).mul_f(2.0))
    };
    if x < 0.0 {
        -r.hi
    } else {
        r.hi
    }
}

/// `acos`.
pub fn acos(x: f64) -> f64 {
    if x.is_nan() {
        return x + x;
    }
    if x.abs() > 1.0 {
        return invalid(true);
    }
    if x.abs() <= 0.5 {
        return PIO2.sub(asin_dd(Dd::from(x))).hi;
    }
    if x > 0.0 {
        half_acos(x).mul_f(2.0).hi
    } else {
        PI.sub(half_acos(-x).mul_f(2.0)).hi
    }
}

/// `atan t` for `|t| <= 1` (a double-double): one Newton step on `sin y - t cos y = 0`.
fn atan_dd(t: Dd) -> Dd {
    let y0 = libm::atan(t.hi);
    let (s, c) = sin_cos_dd(y0).unwrap_or((Dd::from(y0), Dd::from(1.0)));
    let f = s.sub(t.mul(c));
    let df = c.add(t.mul(s));
    Dd::from(y0).add_f(-(f.hi / df.hi))
}

/// `atan`.
pub fn atan(x: f64) -> f64 {
    if x.is_nan() {
        return x + x;
    }
    let a = x.abs();
    if a < 1.0e-8 {
        return x;
    }
    let r = if a == f64::INFINITY {
        PIO2
    } else if a <= 1.0 {
        atan_dd(Dd::from(a))
    } else if a > 1.0e250 {
        PIO2.add_f(-1.0 / a)
    } else {
        PIO2.sub(atan_dd(Dd::from(1.0).div_f(a)))
    };
    if x < 0.0 {
        -r.hi
    } else {
        r.hi
    }
}

/// `expm1` (fdlibm, as glibc's).
pub fn expm1(x: f64) -> f64 {
    libm::expm1(x)
}

/// `log1p` (fdlibm, as glibc's).
pub fn log1p(x: f64) -> f64 {
    if x < -1.0 {
        return invalid(false);
    }
    libm::log1p(x)
}

/// `sinh` (fdlibm's formulas, glibc's `exp`).
pub fn sinh(x: f64) -> f64 {
    if !x.is_finite() {
        return x + x;
    }
    let h = if x < 0.0 { -0.5 } else { 0.5 };
    let a = x.abs();
    if a < 22.0 {
        if a < f64::from_bits(0x3e30000000000000) {
            return x;
        }
        let t = expm1(a);
        if a < 1.0 {
            return h * (2.0 * t - t * t / (t + 1.0));
        }
        return h * (t + t / (t + 1.0));
    }
    if a < f64::from_bits(0x40862e4200000000) {
        return h * exp(a);
    }
    if a <= f64::from_bits(0x408633ce8fb9f87d) {
        let w = exp(0.5 * a);
        let t = h * w;
        return t * w;
    }
    x * 1.0e307
}

/// `cosh` (fdlibm's formulas, glibc's `exp`).
pub fn cosh(x: f64) -> f64 {
    if !x.is_finite() {
        return x * x;
    }
    let a = x.abs();
    if a < 22.0 {
        if a < f64::from_bits(0x3fd62e4300000000) {
            if a < f64::from_bits(0x3c80000000000000) {
                return 1.0;
            }
            let t = expm1(a);
            let w = 1.0 + t;
            return 1.0 + (t * t) / (w + w);
        }
        let t = exp(a);
        return 0.5 * t + 0.5 / t;
    }
    if a < f64::from_bits(0x40862e4200000000) {
        return 0.5 * exp(a);
    }
    if a <= f64::from_bits(0x408633ce8fb9f87d) {
        let w = exp(0.5 * a);
        let t = 0.5 * w;
        return t * w;
    }
    f64::INFINITY
}

/// `tanh` (fdlibm).
pub fn tanh(x: f64) -> f64 {
    if !x.is_finite() {
        return if x.is_nan() {
            x + x
        } else if x > 0.0 {
            1.0
        } else {
            -1.0
        };
    }
    let a = x.abs();
    let z = if a < 22.0 {
        if a == 0.0 {
            return x;
        }
        if a < f64::from_bits(0x3c80000000000000) {
            return x * (1.0 + x);
        }
        if a >= 1.0 {
            let t = expm1(2.0 * a);
            1.0 - 2.0 / (t + 2.0)
        } else {
            let t = expm1(-2.0 * a);
            -t / (t + 2.0)
        }
    } else {
        1.0
    };
    if x < 0.0 {
        -z
    } else {
        z
    }
}

/// `asinh` (fdlibm's formulas, glibc's `log`).
pub fn asinh(x: f64) -> f64 {
    if !x.is_finite() {
        return x + x;
    }
    let a = x.abs();
    if a < f64::from_bits(0x3e30000000000000) {
        return x;
    }
    let w = if a > f64::from_bits(0x41b0000000000000) {
        log(a) + LN2
    } else if a > 2.0 {
        log(2.0 * a + 1.0 / (libm::sqrt(x * x + 1.0) + a))
    } else {
        let t = x * x;
        log1p(a + t / (1.0 + libm::sqrt(1.0 + t)))
    };
    if x < 0.0 {
        -w
    } else {
        w
    }
}

/// `acosh` (fdlibm's formulas, glibc's `log`).
pub fn acosh(x: f64) -> f64 {
    if x.is_nan() {
        return x + x;
    }
    if x < 1.0 {
        return invalid(false);
    }
    if x >= f64::from_bits(0x41b0000000000000) {
        if x.is_infinite() {
            return x;
        }
        return log(x) + LN2;
    }
    if x == 1.0 {
        return 0.0;
    }
    if x > 2.0 {
        let t = x * x;
        return log(2.0 * x - 1.0 / (x + libm::sqrt(t - 1.0)));
    }
    let t = x - 1.0;
    log1p(t + libm::sqrt(2.0 * t + t * t))
}

/// `atanh` (glibc's formulas).
pub fn atanh(x: f64) -> f64 {
    if x.is_nan() {
        return x + x;
    }
    let a = x.abs();
    let t = if a < 0.5 {
        if a < f64::from_bits(0x3e30000000000000) {
            return x;
        }
        let t = a + a;
        0.5 * log1p(t + t * a / (1.0 - a))
    } else if a < 1.0 {
        0.5 * log1p((a + a) / (1.0 - a))
    } else if a > 1.0 {
        return invalid(false);
    } else {
        return x / 0.0;
    };
    libm::copysign(t, x)
}

// ----- Float# -----------------------------------------------------------------------------

/// A correctly rounded double function rounded to float: glibc's `expf`, `logf`, `sinf`,
/// `cosf` are correctly rounded nearly always, and so is this (a double rounding error needs
/// the double result within 2^-29 ULP of a float rounding boundary).
fn via(f: fn(f64) -> f64, x: f32) -> f32 {
    f(x as f64) as f32
}

pub fn expf(x: f32) -> f32 {
    via(exp, x)
}

pub fn logf(x: f32) -> f32 {
    via(log, x)
}

pub fn sinf(x: f32) -> f32 {
    via(sin, x)
}

pub fn cosf(x: f32) -> f32 {
    via(cos, x)
}

pub fn tanf(x: f32) -> f32 {
    via(tan, x)
}

pub fn asinf(x: f32) -> f32 {
    via(asin, x)
}

pub fn acosf(x: f32) -> f32 {
    via(acos, x)
}

/// `atanf` (fdlibm, as glibc's).
pub fn atanf(x: f32) -> f32 {
    if !x.is_nan() && x.abs() >= f32::from_bits(0x4c800000) {
        // |x| >= 2^26: ±(π/2 rounded to float).
        return libm::copysignf(f32::from_bits(0x3fc90fdb), x);
    }
    libm::atanf(x)
}

pub fn expm1f(x: f32) -> f32 {
    libm::expm1f(x)
}

pub fn log1pf(x: f32) -> f32 {
    if x < -1.0 {
        return invalid(false) as f32;
    }
    libm::log1pf(x)
}

pub fn powf(x: f32, y: f32) -> f32 {
    pow(x as f64, y as f64) as f32
}

/// `sinhf` (fdlibm, float arithmetic; glibc's thresholds).
pub fn sinhf(x: f32) -> f32 {
    if !x.is_finite() {
        return x + x;
    }
    let h: f32 = if x < 0.0 { -0.5 } else { 0.5 };
    let a = x.abs();
    if a < 22.0 {
        if a < f32::from_bits(0x39800000) {
            return x;
        }
        let t = expm1f(a);
        if a < 1.0 {
            return h * (2.0 * t - t * t / (t + 1.0));
        }
        return h * (t + t / (t + 1.0));
    }
    if a < f32::from_bits(0x42b17217) {
        return h * expf(a);
    }
    if a <= f32::from_bits(0x42b2d4fc) {
        let w = expf(0.5 * a);
        let t = h * w;
        return t * w;
    }
    x * 1.0e37
}

/// `coshf` (fdlibm, float arithmetic; glibc's thresholds).
pub fn coshf(x: f32) -> f32 {
    if !x.is_finite() {
        return x * x;
    }
    let a = x.abs();
    if a < f32::from_bits(0x3eb17218) {
        let t = expm1f(a);
        let w = 1.0 + t;
        if a < f32::from_bits(0x39800000) {
            return 1.0;
        }
        return 1.0 + (t * t) / (w + w);
    }
    if a < 22.0 {
        let t = expf(a);
        return 0.5 * t + 0.5 / t;
    }
    if a < f32::from_bits(0x42b17217) {
        return 0.5 * expf(a);
    }
    if a <= f32::from_bits(0x42b2d4fc) {
        let w = expf(0.5 * a);
        let t = 0.5 * w;
        return t * w;
    }
    f32::INFINITY
}

/// `tanhf` (fdlibm, float arithmetic; glibc's thresholds).
pub fn tanhf(x: f32) -> f32 {
    if !x.is_finite() {
        return if x.is_nan() {
            x + x
        } else if x > 0.0 {
            1.0
        } else {
            -1.0
        };
    }
    let a = x.abs();
    let z = if a < 22.0 {
        if a < f32::from_bits(0x39800000) {
            return x;
        }
        if a >= 1.0 {
            let t = expm1f(2.0 * a);
            1.0 - 2.0 / (t + 2.0)
        } else {
            let t = expm1f(-2.0 * a);
            -t / (t + 2.0)
        }
    } else {
        1.0
    };
    if x < 0.0 {
        -z
    } else {
        z
    }
}

const LN2F: f32 = f32::from_bits(0x3f317218);

/// `asinhf` (fdlibm, float arithmetic; glibc's thresholds 2^-15 and 2^15).
pub fn asinhf(x: f32) -> f32 {
    if !x.is_finite() {
        return x + x;
    }
    let a = x.abs();
    if a < f32::from_bits(0x38000000) {
        return x;
    }
    let w = if a > f32::from_bits(0x47000000) {
        logf(a) + LN2F
    } else if a > 2.0 {
        logf(2.0 * a + 1.0 / (libm::sqrtf(x * x + 1.0) + a))
    } else {
        let t = x * x;
        log1pf(a + t / (1.0 + libm::sqrtf(1.0 + t)))
    };
    if x < 0.0 {
        -w
    } else {
        w
    }
}

/// `acoshf` (fdlibm, float arithmetic).
pub fn acoshf(x: f32) -> f32 {
    if x.is_nan() {
        return x + x;
    }
    if x < 1.0 {
        return invalid(false) as f32;
    }
    if x >= f32::from_bits(0x4d800000) {
        if x.is_infinite() {
            return x;
        }
        return logf(x) + LN2F;
    }
    if x == 1.0 {
        return 0.0;
    }
    if x > 2.0 {
        let t = x * x;
        return logf(2.0 * x - 1.0 / (x + libm::sqrtf(t - 1.0)));
    }
    let t = x - 1.0;
    log1pf(t + libm::sqrtf(2.0 * t + t * t))
}

/// `atanhf` (glibc's formulas, float arithmetic).
pub fn atanhf(x: f32) -> f32 {
    if x.is_nan() {
        return x + x;
    }
    let a = x.abs();
    let t = if a < 0.5 {
        if a < f32::from_bits(0x31800000) {
            return x;
        }
        let t = a + a;
        0.5 * log1pf(t + t * a / (1.0 - a))
    } else if a < 1.0 {
        0.5 * log1pf((a + a) / (1.0 - a))
    } else if a > 1.0 {
        return invalid(false) as f32;
    } else {
        return x / 0.0;
    };
    libm::copysignf(t, x)
}
