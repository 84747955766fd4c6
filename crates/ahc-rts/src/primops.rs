//! Out-of-line primops: the primitive operations whose lowering is more than a few wasm
//! instructions (`ahc-codegen`'s `prim` module calls these).
//!
//! ## Conventions at this boundary
//! Every function is `extern "C"` with the primop's Haskell representations as wasm types:
//! heap pointers (`ByteArray#`, `Array#`, lifted values…) `i32`, `Int#`/`Word#` `i64`, `Addr#`
//! **`i32`** (the code generator wraps the 64-bit `Addr#` before the call), `Float#` `f32`,
//! `Double#` `f64`. A primop with several results returns the address of a static scratch area
//! ([`ahc_prim_decode_double_2int`] …) from which the generated code loads them at once.
//!
//! ## Semantics
//! What GHC 9.0.2's native code generator gives on x86_64 (the test oracle), not what the
//! documentation allows: e.g. `pdep8#` uses the whole mask (GHC's C fallback `hs_pdep8` does,
//! and that is what runs without `-mbmi2`), `mulIntMayOflo#` is `(lo >> 63) - hi` (the value
//! `imul` leaves, not just 0/1), the decodings follow `rts/StgPrimFloat.c`.
//!
//! The math functions (`expDouble#` …, which GHC lowers to calls of glibc's `exp` …) use the
//! `libm` crate (a port of musl/FreeBSD). Measured against glibc 2.36 (the oracle's C library;
//! see the tests at the end of this file, which assert the agreement rates they document):
//! - `Double#`: glibc's `exp`, `log`, `pow`, `sin`, `cos`, `tan`, `asin`, `acos`, `atan` are
//!   (nearly) correctly rounded; FreeBSD's are within 1 ULP, so a small fraction of results
//!   differ in the last bit. `expm1`, `log1p`, `sinh`, `cosh`, `tanh`, `asinh`, `acosh`,
//!   `atanh` come from the same fdlibm sources in both and agree.
//! - `Float#`: computed in double precision and rounded once (correctly rounded except when
//!   the double result lies within ~2^-29 ULP of a rounding boundary), which agrees with glibc's
//!   float functions wherever those are correctly rounded.
//!
//! ## Heap objects
//! Arrays and mutable variables are allocated with `ahc_rts_allocate` /
//! `ahc_rts_allocate_pinned` (never collect; see `ahc_abi::rts_syms`) and get the info tables
//! the generated glue defines (`ahc_arr_words_info`, `ahc_arr_ptrs_info`, `ahc_mut_var_info`).

// ----- integer arithmetic --------------------------------------------------------------------

/// High 64 bits of the unsigned 128-bit product.
pub fn umulh(a: u64, b: u64) -> u64 {
    ((a as u128 * b as u128) >> 64) as u64
}

/// High 64 bits of the signed 128-bit product.
pub fn smulh(a: i64, b: i64) -> i64 {
    ((a as i128 * b as i128) >> 64) as i64
}

/// `mulIntMayOflo#` as x86_64 computes it: `imul` gives `hi:lo`, then `(lo >> 63) - hi`
/// (0 exactly when the product fits in 64 bits).
pub fn mul_int_may_oflo(a: i64, b: i64) -> i64 {
    let lo = a.wrapping_mul(b);
    (lo >> 63).wrapping_sub(smulh(a, b))
}

/// Quotient of the 128-bit `hi:lo` by `d` (`quotRemWord2#`), low 64 bits. GHC requires
/// `hi < d` (x86's `div` faults otherwise); then the quotient fits in 64 bits. The remainder is
/// `lo - q * d` (mod 2^64), computed by the caller.
pub fn quot_word2(hi: u64, lo: u64, d: u64) -> u64 {
    if d == 0 {
        return 0;
    }
    if hi >= d {
        // Outside the primop's domain (a hardware fault natively): the true quotient's low word.
        return ((((hi as u128) << 64) | lo as u128) / d as u128) as u64;
    }
    // Long division in base 2^32 (Knuth's algorithm D, specialised to a 2-digit divisor).
    let s = d.leading_zeros();
    let d = d << s;
    let (dh, dl) = (d >> 32, d & 0xffff_ffff);
    let hi = if s == 0 {
        hi
    } else {
        (hi << s) | (lo >> (64 - s))
    };
    let lo = lo << s;
    let (l1, l0) = (lo >> 32, lo & 0xffff_ffff);
    // One quotient digit of (rem:next) / d, where rem < d.
    let digit = |rem: u64, next: u64| -> (u64, u64) {
        let mut q = rem / dh;
        let mut r = rem - q * dh;
        while q > 0xffff_ffff || q * dl > ((r << 32) | next) {
            q -= 1;
            r += dh;
            if r > 0xffff_ffff {
                break;
            }
        }
        let rem2 = ((rem << 32) | next).wrapping_sub(q.wrapping_mul(d));
        (q, rem2)
    };
    let (q1, r1) = digit(hi, l1);
    let (q0, _) = digit(r1, l0);
    (q1 << 32) | q0
}

/// Parallel bit deposit (`pdep#` and, as GHC's C fallbacks do, `pdep8#`…`pdep32#` with the
/// whole mask).
pub fn pdep(mut src: u64, mut mask: u64) -> u64 {
    let mut out = 0;
    while mask != 0 {
        let low = mask & mask.wrapping_neg();
        if src & 1 != 0 {
            out |= low;
        }
        src >>= 1;
        mask &= mask - 1;
    }
    out
}

/// Parallel bit extract (`pext#`; narrower widths likewise use the whole mask).
pub fn pext(src: u64, mut mask: u64) -> u64 {
    let mut out = 0;
    let mut bit = 1u64;
    while mask != 0 {
        let low = mask & mask.wrapping_neg();
        if src & low != 0 {
            out |= bit;
        }
        bit <<= 1;
        mask &= mask - 1;
    }
    out
}

// ----- floating point ------------------------------------------------------------------------

/// `decodeDouble_2Int#`: `(sign, mantissa high 32 bits, mantissa low 32 bits, exponent)` with
/// `mantissa * 2^exponent == |d|` and the mantissa normalised to 53 bits (denormals too); zero
/// gives `(1, 0, 0, 0)` (GHC leaves the sign unset there).
pub fn decode_double_2int(d: f64) -> (i64, u64, u64, i64) {
    let bits = d.to_bits();
    let sign = if (bits as i64) < 0 { -1 } else { 1 };
    let (m, e) = decode_double(bits);
    (sign, m >> 32, m & 0xffff_ffff, e)
}

/// Unsigned normalised mantissa and exponent of a double's bits (`(0, 0)` for ±0).
fn decode_double(bits: u64) -> (u64, i64) {
    const HIDDEN: u64 = 1 << 52;
    let frac = bits & (HIDDEN - 1);
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 && frac == 0 {
        return (0, 0);
    }
    // DBL_MIN_EXP - DBL_MANT_DIG - 1, as in rts/StgPrimFloat.c.
    const MINEXP: i64 = -1021 - 53 - 1;
    if biased != 0 {
        (frac | HIDDEN, biased + MINEXP)
    } else {
        let shift = frac.leading_zeros() as i64 - 11;
        (frac << shift, MINEXP + 1 - shift)
    }
}

/// `decodeDouble_Int64#`: `(signed mantissa, exponent)`.
pub fn decode_double_int64(d: f64) -> (i64, i64) {
    let bits = d.to_bits();
    let (m, e) = decode_double(bits);
    let m = m as i64;
    (if (bits as i64) < 0 { -m } else { m }, e)
}

/// `decodeFloat_Int#`: `(signed mantissa, exponent)`, the mantissa normalised to 24 bits.
pub fn decode_float_int(f: f32) -> (i64, i64) {
    const HIDDEN: u32 = 1 << 23;
    let bits = f.to_bits();
    let frac = bits & (HIDDEN - 1);
    let biased = ((bits >> 23) & 0xff) as i64;
    if biased == 0 && frac == 0 {
        return (0, 0);
    }
    // FLT_MIN_EXP - FLT_MANT_DIG - 1.
    const MINEXP: i64 = -125 - 24 - 1;
    let (m, e) = if biased != 0 {
        (frac | HIDDEN, biased + MINEXP)
    } else {
        let shift = frac.leading_zeros() as i64 - 8;
        (frac << shift, MINEXP + 1 - shift)
    };
    let m = m as i64;
    (if (bits as i32) < 0 { -m } else { m }, e)
}

pub mod math;

// ----- the exported functions ----------------------------------------------------------------

macro_rules! export_unary {
    ($($sym:ident: $f:ident),* $(,)?) => {
        $(
            #[no_mangle]
            pub extern "C" fn $sym(x: f64) -> f64 {
                math::$f(x)
            }
        )*
    };
}

export_unary! {
    ahc_prim_exp: exp, ahc_prim_expm1: expm1, ahc_prim_log: log, ahc_prim_log1p: log1p,
    ahc_prim_sin: sin, ahc_prim_cos: cos, ahc_prim_tan: tan,
    ahc_prim_asin: asin, ahc_prim_acos: acos, ahc_prim_atan: atan,
    ahc_prim_sinh: sinh, ahc_prim_cosh: cosh, ahc_prim_tanh: tanh,
    ahc_prim_asinh: asinh, ahc_prim_acosh: acosh, ahc_prim_atanh: atanh,
}

macro_rules! export_unary_f {
    ($($sym:ident: $f:ident),* $(,)?) => {
        $(
            #[no_mangle]
            pub extern "C" fn $sym(x: f32) -> f32 {
                math::$f(x)
            }
        )*
    };
}

export_unary_f! {
    ahc_prim_expf: expf, ahc_prim_expm1f: expm1f, ahc_prim_logf: logf, ahc_prim_log1pf: log1pf,
    ahc_prim_sinf: sinf, ahc_prim_cosf: cosf, ahc_prim_tanf: tanf,
    ahc_prim_asinf: asinf, ahc_prim_acosf: acosf, ahc_prim_atanf: atanf,
    ahc_prim_sinhf: sinhf, ahc_prim_coshf: coshf, ahc_prim_tanhf: tanhf,
    ahc_prim_asinhf: asinhf, ahc_prim_acoshf: acoshf, ahc_prim_atanhf: atanhf,
}

/// `**##`.
#[no_mangle]
pub extern "C" fn ahc_prim_pow(x: f64, y: f64) -> f64 {
    math::pow(x, y)
}

/// `powerFloat#`.
#[no_mangle]
pub extern "C" fn ahc_prim_powf(x: f32, y: f32) -> f32 {
    math::powf(x, y)
}

/// `mulIntMayOflo#`.
#[no_mangle]
pub extern "C" fn ahc_prim_mul_int_may_oflo(a: i64, b: i64) -> i64 {
    mul_int_may_oflo(a, b)
}

/// High word of `timesWord2#`.
#[no_mangle]
pub extern "C" fn ahc_prim_umulh(a: u64, b: u64) -> u64 {
    umulh(a, b)
}

/// High word of `timesInt2#`.
#[no_mangle]
pub extern "C" fn ahc_prim_smulh(a: i64, b: i64) -> i64 {
    smulh(a, b)
}

/// Quotient of `quotRemWord2#`.
#[no_mangle]
pub extern "C" fn ahc_prim_quot_word2(hi: u64, lo: u64, d: u64) -> u64 {
    quot_word2(hi, lo, d)
}

/// `pdep#` (all widths).
#[no_mangle]
pub extern "C" fn ahc_prim_pdep(src: u64, mask: u64) -> u64 {
    pdep(src, mask)
}

/// `pext#` (all widths).
#[no_mangle]
pub extern "C" fn ahc_prim_pext(src: u64, mask: u64) -> u64 {
    pext(src, mask)
}

/// `byteSwap64#` (narrower widths shift the result right).
#[no_mangle]
pub extern "C" fn ahc_prim_bswap64(x: u64) -> u64 {
    x.swap_bytes()
}

/// `bitReverse64#` (narrower widths shift the result right).
#[no_mangle]
pub extern "C" fn ahc_prim_bitrev64(x: u64) -> u64 {
    x.reverse_bits()
}

#[cfg(target_arch = "wasm32")]
pub use wasm::*;

/// The functions that touch linear memory or need symbols of the generated code.
#[cfg(target_arch = "wasm32")]
mod wasm {
    use super::*;
    use crate::Global;

    extern "C" {
        fn ahc_rts_allocate(bytes: u32) -> u32;
        fn ahc_rts_allocate_pinned(bytes: u32, align: u32) -> u32;
        static ahc_arr_words_info: u8;
        static ahc_arr_ptrs_info: u8;
        static ahc_mut_var_info: u8;
    }

    /// Results of primops with several results (read by the caller right after the call).
    static SCRATCH: Global<[u64; 4]> = Global::new([0; 4]);

    fn scratch(vals: [u64; 4]) -> u32 {
        SCRATCH.with(|s| {
            *s = vals;
            s.as_ptr() as u32
        })
    }

    /// Header words of arrays.
    const HDR: u32 = 16;

    #[inline]
    fn store(addr: u32, v: u64) {
        // SAFETY: generated code passes addresses of live objects it owns; `addr` is 8-aligned.
        unsafe { *(addr as *mut u64) = v }
    }

    #[inline]
    fn load(addr: u32) -> u64 {
        // SAFETY: as for `store`.
        unsafe { *(addr as *const u64) }
    }

    fn info(sym: &u8) -> u64 {
        sym as *const u8 as u32 as u64
    }

    /// Clamps a byte count from Haskell to what `ahc_rts_allocate` can be asked for (an
    /// impossible request makes it report heap overflow).
    fn object_bytes(payload: i64) -> u32 {
        let p = payload.clamp(0, u32::MAX as i64 - 64) as u32;
        HDR + ((p + 7) & !7)
    }

    /// `decodeDouble_2Int#`: address of `[sign, high, low, exponent]`.
    #[no_mangle]
    pub extern "C" fn ahc_prim_decode_double_2int(d: f64) -> u32 {
        let (s, h, l, e) = decode_double_2int(d);
        scratch([s as u64, h, l, e as u64])
    }

    /// `decodeDouble_Int64#`: address of `[mantissa, exponent]`.
    #[no_mangle]
    pub extern "C" fn ahc_prim_decode_double_int64(d: f64) -> u32 {
        let (m, e) = decode_double_int64(d);
        scratch([m as u64, e as u64, 0, 0])
    }

    /// `decodeFloat_Int#`: address of `[mantissa, exponent]`.
    #[no_mangle]
    pub extern "C" fn ahc_prim_decode_float_int(f: f32) -> u32 {
        let (m, e) = decode_float_int(f);
        scratch([m as u64, e as u64, 0, 0])
    }

    fn byte_array_header(p: u32, n: i64) -> u32 {
        // SAFETY: the info table is a data symbol of the glue object.
        store(p, info(unsafe { &ahc_arr_words_info }));
        store(p + 8, n as u64);
        p
    }

    /// `newByteArray#` (contents uninitialised, as in GHC).
    #[no_mangle]
    pub extern "C" fn ahc_prim_new_byte_array(n: i64) -> u32 {
        // SAFETY: runtime allocation entry point (never collects).
        let p = unsafe { ahc_rts_allocate(object_bytes(n)) };
        byte_array_header(p, n)
    }

    /// `newPinnedByteArray#` (payload alignment 16, as GHC's `BA_ALIGN`) and
    /// `newAlignedPinnedByteArray#`: the *payload* is aligned to `align` (at least 16).
    ///
    /// For alignments above 16 the array is placed inside a larger pinned allocation; the
    /// space before it is a dead byte array of its own, so the memory stays a sequence of
    /// well-formed objects.
    #[no_mangle]
    pub extern "C" fn ahc_prim_new_pinned_byte_array(n: i64, align: i64) -> u32 {
        let bytes = object_bytes(n);
        if align <= 16 {
            // SAFETY: runtime allocation entry point (object and so payload 16-aligned).
            let p = unsafe { ahc_rts_allocate_pinned(bytes, 16) };
            return byte_array_header(p, n);
        }
        let align = (align.min(1 << 20) as u32).next_power_of_two();
        // SAFETY: runtime allocation entry point.
        let base = unsafe { ahc_rts_allocate_pinned(bytes.saturating_add(align + HDR), 16) };
        let payload = (base + 2 * HDR + align - 1) & !(align - 1);
        let obj = payload - HDR;
        byte_array_header(base, (obj - base - HDR) as i64);
        byte_array_header(obj, n)
    }

    /// `isByteArrayPinned#`, `isMutableByteArrayPinned#`: whether the array never moves, i.e.
    /// lies in a pinned or large-object block group (GHC counts large objects too).
    #[no_mangle]
    pub extern "C" fn ahc_prim_is_pinned(obj: u32) -> i64 {
        use crate::block::{bdescr, field, F_LARGE, F_PINNED};
        let load32 = |a: u32| {
            // SAFETY: block descriptors of the heap's megablocks are always mapped.
            unsafe { *(a as *const u32) }
        };
        let head = load32(bdescr(obj) + field::HEAD);
        (load32(head + field::FLAGS) & (F_LARGE | F_PINNED) != 0) as i64
    }

    /// `resizeMutableByteArray#`: in place if the new size fits in the words the array has,
    /// else a new (unpinned) array with the old contents.
    #[no_mangle]
    pub extern "C" fn ahc_prim_resize_byte_array(ba: u32, n: i64) -> u32 {
        let old = load(ba + 8);
        let n_words = (n.max(0) as u64).div_ceil(8);
        if n_words <= old.div_ceil(8) {
            store(ba + 8, n as u64);
            return ba;
        }
        let new = ahc_prim_new_byte_array(n);
        // SAFETY: both ranges lie inside live byte arrays; they do not overlap.
        unsafe {
            core::ptr::copy_nonoverlapping(
                (ba + HDR) as *const u8,
                (new + HDR) as *mut u8,
                old as usize,
            )
        };
        new
    }

    fn new_ptr_array(n: i64) -> u32 {
        let n = n.max(0);
        let bytes = object_bytes(n.saturating_mul(8));
        // SAFETY: runtime allocation entry point.
        let p = unsafe { ahc_rts_allocate(bytes) };
        // SAFETY: data symbol of the glue object.
        store(p, info(unsafe { &ahc_arr_ptrs_info }));
        store(p + 8, n as u64);
        p
    }

    /// `newArray#`, `newSmallArray#`: `n` elements, all `init`.
    #[no_mangle]
    pub extern "C" fn ahc_prim_new_array(n: i64, init: u32) -> u32 {
        let p = new_ptr_array(n);
        let mut a = p + HDR;
        let end = a + 8 * load(p + 8) as u32;
        while a < end {
            store(a, init as u64);
            a += 8;
        }
        p
    }

    /// `newArrayArray#`: `n` elements, each the array itself (as GHC does).
    #[no_mangle]
    pub extern "C" fn ahc_prim_new_array_array(n: i64) -> u32 {
        let p = new_ptr_array(n);
        let mut a = p + HDR;
        let end = a + 8 * load(p + 8) as u32;
        while a < end {
            store(a, p as u64);
            a += 8;
        }
        p
    }

    /// `cloneArray#`, `cloneMutableArray#`, `freezeArray#`, `thawArray#` and their `Small`
    /// forms: a new array of elements `off .. off + n` of `src`.
    #[no_mangle]
    pub extern "C" fn ahc_prim_clone_array(src: u32, off: i64, n: i64) -> u32 {
        let p = new_ptr_array(n);
        let len = load(p + 8) as usize;
        // SAFETY: GHC requires `off + n` within `src`; the new array does not overlap it.
        unsafe {
            core::ptr::copy_nonoverlapping(
                (src + HDR + 8 * off as u32) as *const u64,
                (p + HDR) as *mut u64,
                len,
            )
        };
        p
    }

    /// `newMutVar#`.
    #[no_mangle]
    pub extern "C" fn ahc_prim_new_mut_var(v: u32) -> u32 {
        // SAFETY: runtime allocation entry point; data symbol of the glue object.
        let p = unsafe { ahc_rts_allocate(16) };
        store(p, info(unsafe { &ahc_mut_var_info }));
        store(p + 8, v as u64);
        p
    }

    /// `compareByteArrays#`: the difference of the first differing bytes (as glibc's generic
    /// `memcmp`; only the sign is specified), 0 if the ranges are equal.
    #[no_mangle]
    pub extern "C" fn ahc_prim_memcmp(a: u32, b: u32, n: i64) -> i64 {
        let n = n.max(0) as usize;
        // SAFETY: GHC requires both ranges to lie inside their arrays.
        let (x, y) = unsafe {
            (
                core::slice::from_raw_parts(a as *const u8, n),
                core::slice::from_raw_parts(b as *const u8, n),
            )
        };
        super::memcmp(x, y)
    }
}

/// `memcmp` with glibc's generic result: the difference of the first differing bytes.
pub fn memcmp(x: &[u8], y: &[u8]) -> i64 {
    for (a, b) in x.iter().zip(y) {
        if a != b {
            return *a as i64 - *b as i64;
        }
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec;
    use std::vec::Vec;

    /// A small deterministic generator (xorshift64*).
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
    }

    fn edge_words() -> Vec<u64> {
        let mut v = vec![
            0,
            1,
            2,
            3,
            7,
            0xff,
            0x100,
            0xffff,
            0xffff_ffff,
            0x1_0000_0000,
        ];
        v.extend([
            u64::MAX,
            u64::MAX - 1,
            1 << 63,
            (1 << 63) - 1,
            (1 << 63) + 1,
        ]);
        v.extend([0x1234_5678_9abc_def0, 0xdead_beef, 1 << 32, (1 << 32) + 1]);
        v
    }

    #[test]
    fn mul_high() {
        let mut r = Rng(1);
        for _ in 0..10000 {
            let (a, b) = (r.next(), r.next());
            let p = a as u128 * b as u128;
            assert_eq!(umulh(a, b), (p >> 64) as u64);
            let q = a as i64 as i128 * b as i64 as i128;
            assert_eq!(smulh(a as i64, b as i64), (q >> 64) as i64);
        }
        assert_eq!(umulh(u64::MAX, u64::MAX), u64::MAX - 1);
        assert_eq!(smulh(i64::MIN, i64::MIN), 1 << 62);
        assert_eq!(smulh(-1, 1), -1);
    }

    #[test]
    fn may_oflo_matches_x86() {
        assert_eq!(mul_int_may_oflo(3, 4), 0);
        assert_eq!(mul_int_may_oflo(-3, 4), 0);
        assert_eq!(mul_int_may_oflo(1 << 62, 4), -1); // hi = 1, lo = 0
        assert_eq!(mul_int_may_oflo(-(1 << 62), 4), 1); // hi = -1, lo = 0
        assert_eq!(mul_int_may_oflo(1 << 62, 2), -1); // hi = 0, lo = minBound
        assert_eq!(mul_int_may_oflo(i64::MIN, -1), -1);
        assert_eq!(mul_int_may_oflo(i64::MIN, 1), 0);
        let mut r = Rng(7);
        for _ in 0..10000 {
            let (a, b) = (
                r.next() as i64 >> (r.next() % 64),
                r.next() as i64 >> (r.next() % 64),
            );
            let fits = a.checked_mul(b).is_some();
            assert_eq!(mul_int_may_oflo(a, b) == 0, fits, "{a} * {b}");
        }
    }

    #[test]
    fn quot_word2_is_exact() {
        let mut r = Rng(3);
        let mut cases: Vec<(u64, u64, u64)> = Vec::new();
        for &d in &edge_words() {
            for &lo in &edge_words() {
                for &hi in &edge_words() {
                    if d != 0 && hi < d {
                        cases.push((hi, lo, d));
                    }
                }
            }
        }
        for _ in 0..100000 {
            let d = r.next() >> (r.next() % 64);
            if d == 0 {
                continue;
            }
            let hi = r.next() % d;
            cases.push((hi, r.next(), d));
        }
        for (hi, lo, d) in cases {
            let n = ((hi as u128) << 64) | lo as u128;
            let q = quot_word2(hi, lo, d);
            assert_eq!(q as u128, n / d as u128, "{hi:#x}:{lo:#x} / {d:#x}");
            assert_eq!(lo.wrapping_sub(q.wrapping_mul(d)) as u128, n % d as u128);
        }
    }

    fn pdep_ref(src: u64, mask: u64) -> u64 {
        let (mut out, mut k) = (0, 0);
        for i in 0..64 {
            if mask >> i & 1 == 1 {
                out |= (src >> k & 1) << i;
                k += 1;
            }
        }
        out
    }

    fn pext_ref(src: u64, mask: u64) -> u64 {
        let (mut out, mut k) = (0, 0);
        for i in 0..64 {
            if mask >> i & 1 == 1 {
                out |= (src >> i & 1) << k;
                k += 1;
            }
        }
        out
    }

    #[test]
    fn deposit_extract() {
        let mut r = Rng(5);
        let mut ws = edge_words();
        for _ in 0..2000 {
            ws.push(r.next());
        }
        for (i, &a) in ws.iter().enumerate() {
            let b = ws[(i * 7 + 3) % ws.len()];
            assert_eq!(pdep(a, b), pdep_ref(a, b));
            assert_eq!(pext(a, b), pext_ref(a, b));
        }
        assert_eq!(pdep(0b101, 0xf0), 0x50);
        assert_eq!(pext(0xabcd, 0xff00), 0xab);
    }

    #[test]
    fn decodings() {
        assert_eq!(decode_double_2int(1.0), (1, 0x0010_0000, 0, -52));
        assert_eq!(decode_double_2int(-1.5), (-1, 0x0018_0000, 0, -52));
        assert_eq!(decode_double_2int(0.0), (1, 0, 0, 0));
        assert_eq!(decode_double_int64(0.0), (0, 0));
        assert_eq!(decode_double_int64(-0.0), (0, 0));
        assert_eq!(decode_double_int64(1.0), (1 << 52, -52));
        assert_eq!(decode_double_int64(-3.0), (-(3 << 51), -51));
        // Smallest denormal: mantissa normalised to 53 bits.
        assert_eq!(
            decode_double_int64(f64::from_bits(1)),
            (1 << 52, -1074 - 52)
        );
        assert_eq!(decode_double_int64(f64::MAX), ((1 << 53) - 1, 971));
        assert_eq!(decode_double_int64(f64::INFINITY), (1 << 52, 972));
        assert_eq!(decode_double_int64(f64::NAN), (3 << 51, 972));
        assert_eq!(decode_float_int(1.0), (1 << 23, -23));
        assert_eq!(decode_float_int(-0.75), (-(3 << 22), -24));
        assert_eq!(decode_float_int(0.0), (0, 0));
        assert_eq!(decode_float_int(f32::from_bits(1)), (1 << 23, -149 - 23));
        assert_eq!(decode_float_int(f32::MAX), ((1 << 24) - 1, 104));
        // The decoding is exact for every finite value.
        let mut r = Rng(11);
        for _ in 0..10000 {
            let d = f64::from_bits(r.next());
            if d.is_finite() && d != 0.0 {
                let (m, e) = decode_double_int64(d);
                assert_eq!(libm::scalbn(m as f64, e as i32), d);
                let (s, h, l, e2) = decode_double_2int(d);
                assert_eq!((s * ((h << 32 | l) as i64), e2), (m, e));
            }
            let f = f32::from_bits(r.next() as u32);
            if f.is_finite() && f != 0.0 {
                let (m, e) = decode_float_int(f);
                assert_eq!((m as f64 * 2f64.powi(e as i32)) as f32, f);
            }
        }
    }

    #[test]
    fn memcmp_difference() {
        assert_eq!(memcmp(b"abc", b"abd"), -1);
        assert_eq!(memcmp(b"\xff", b"\x01"), 254);
        assert_eq!(memcmp(b"", b""), 0);
        assert_eq!(memcmp(b"same", b"same"), 0);
    }
}

/// Agreement of the math primops with glibc's functions (what native GHC calls).
#[cfg(all(test, target_os = "linux", target_env = "gnu"))]
mod glibc {
    use super::math;
    use std::vec;
    use std::vec::Vec;

    extern "C" {
        fn exp(x: f64) -> f64;
        fn expm1(x: f64) -> f64;
        fn log(x: f64) -> f64;
        fn log1p(x: f64) -> f64;
        fn sin(x: f64) -> f64;
        fn cos(x: f64) -> f64;
        fn tan(x: f64) -> f64;
        fn asin(x: f64) -> f64;
        fn acos(x: f64) -> f64;
        fn atan(x: f64) -> f64;
        fn sinh(x: f64) -> f64;
        fn cosh(x: f64) -> f64;
        fn tanh(x: f64) -> f64;
        fn asinh(x: f64) -> f64;
        fn acosh(x: f64) -> f64;
        fn atanh(x: f64) -> f64;
        fn pow(x: f64, y: f64) -> f64;
        fn expf(x: f32) -> f32;
        fn expm1f(x: f32) -> f32;
        fn logf(x: f32) -> f32;
        fn log1pf(x: f32) -> f32;
        fn sinf(x: f32) -> f32;
        fn cosf(x: f32) -> f32;
        fn tanf(x: f32) -> f32;
        fn asinf(x: f32) -> f32;
        fn acosf(x: f32) -> f32;
        fn atanf(x: f32) -> f32;
        fn sinhf(x: f32) -> f32;
        fn coshf(x: f32) -> f32;
        fn tanhf(x: f32) -> f32;
        fn asinhf(x: f32) -> f32;
        fn acoshf(x: f32) -> f32;
        fn atanhf(x: f32) -> f32;
        fn powf(x: f32, y: f32) -> f32;
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        /// Uniform in [lo, hi).
        fn range(&mut self, lo: f64, hi: f64) -> f64 {
            lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
        }
    }

    /// Inputs: special values, "round" values test programs use, and random ones in `[lo, hi)`.
    fn inputs(lo: f64, hi: f64, seed: u64) -> Vec<f64> {
        let mut v = vec![
            0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, 10.0, 0.1, 1e-10, 1e-300,
        ];
        v.extend([
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
            5e-324,
        ]);
        v.extend([
            core::f64::consts::PI,
            core::f64::consts::E,
            100.0,
            1e10,
            0.25,
            3.0,
        ]);
        for k in -20..=20 {
            v.push(k as f64 / 4.0);
        }
        let mut r = Rng(seed);
        for _ in 0..20000 {
            v.push(r.range(lo, hi));
        }
        v
    }

    fn same64(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    fn same32(a: f32, b: f32) -> bool {
        a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan())
    }

    /// Function, ours, glibc's, argument range, most mismatches allowed (of ~20000).
    type F64 = (
        &'static str,
        fn(f64) -> f64,
        unsafe extern "C" fn(f64) -> f64,
        f64,
        f64,
        usize,
    );

    fn table() -> Vec<F64> {
        vec![
            ("exp", math::exp, exp, -745.0, 710.0, 30),
            ("expm1", math::expm1, expm1, -40.0, 710.0, 20),
            ("log", math::log, log, 0.0, 1e6, 5),
            ("log1p", math::log1p, log1p, -1.0, 1e6, 0),
            ("sin", math::sin, sin, -100.0, 100.0, 40),
            ("cos", math::cos, cos, -100.0, 100.0, 60),
            ("tan", math::tan, tan, -100.0, 100.0, 80),
            ("asin", math::asin, asin, -1.0, 1.0, 50),
            ("acos", math::acos, acos, -1.0, 1.0, 30),
            ("atan", math::atan, atan, -100.0, 100.0, 5),
            ("sinh", math::sinh, sinh, -720.0, 720.0, 20),
            ("cosh", math::cosh, cosh, -720.0, 720.0, 25),
            ("tanh", math::tanh, tanh, -30.0, 30.0, 5),
            ("asinh", math::asinh, asinh, -1e6, 1e6, 5),
            ("acosh", math::acosh, acosh, 1.0, 1e6, 5),
            ("atanh", math::atanh, atanh, -1.0, 1.0, 20),
        ]
    }

    #[test]
    fn double_agreement() {
        for (i, (name, ours, theirs, lo, hi, limit)) in table().into_iter().enumerate() {
            let xs = inputs(lo, hi, 17 + i as u64);
            let bad: Vec<f64> = xs
                .iter()
                // SAFETY: glibc's math functions are pure.
                .filter(|&&x| !same64(ours(x), unsafe { theirs(x) }))
                .copied()
                .collect();
            std::println!(
                "{name}: {} of {} differ {:?}",
                bad.len(),
                xs.len(),
                &bad[..bad.len().min(4)]
            );
            assert!(bad.len() <= limit, "{name}: {} mismatches", bad.len());
        }
        let mut r = Rng(99);
        let mut bad = 0;
        let n = 20000;
        for _ in 0..n {
            let (x, y) = (r.range(0.0, 100.0), r.range(-50.0, 50.0));
            // SAFETY: pure.
            if !same64(math::pow(x, y), unsafe { pow(x, y) }) {
                bad += 1;
            }
        }
        std::println!("pow: {bad} of {n} differ");
        assert!(bad <= 30);
    }

    type F32 = (
        &'static str,
        fn(f32) -> f32,
        unsafe extern "C" fn(f32) -> f32,
        f64,
        f64,
        usize,
    );

    #[test]
    fn float_agreement() {
        let t: Vec<F32> = vec![
            ("expf", math::expf, expf, -100.0, 88.0, 20),
            ("expm1f", math::expm1f, expm1f, -20.0, 88.0, 0),
            ("logf", math::logf, logf, 0.0, 1e6, 10),
            ("log1pf", math::log1pf, log1pf, -1.0, 1e6, 0),
            ("sinf", math::sinf, sinf, -100.0, 100.0, 350),
            ("cosf", math::cosf, cosf, -100.0, 100.0, 350),
            ("tanf", math::tanf, tanf, -100.0, 100.0, 900),
            ("asinf", math::asinf, asinf, -1.0, 1.0, 1600),
            ("acosf", math::acosf, acosf, -1.0, 1.0, 1600),
            ("atanf", math::atanf, atanf, -100.0, 100.0, 5),
            ("sinhf", math::sinhf, sinhf, -88.0, 88.0, 10),
            ("coshf", math::coshf, coshf, -88.0, 88.0, 25),
            ("tanhf", math::tanhf, tanhf, -10.0, 10.0, 0),
            ("asinhf", math::asinhf, asinhf, -1e6, 1e6, 0),
            ("acoshf", math::acoshf, acoshf, 1.0, 1e6, 10),
            ("atanhf", math::atanhf, atanhf, -1.0, 1.0, 20),
        ];
        for (i, (name, ours, theirs, lo, hi, limit)) in t.into_iter().enumerate() {
            let xs: Vec<f32> = inputs(lo, hi, 40 + i as u64)
                .into_iter()
                .map(|x| x as f32)
                .collect();
            // SAFETY: pure.
            let bad: Vec<f32> = xs
                .iter()
                .filter(|&&x| !same32(ours(x), unsafe { theirs(x) }))
                .copied()
                .collect();
            std::println!(
                "{name}: {} of {} differ {:?}",
                bad.len(),
                xs.len(),
                &bad[..bad.len().min(4)]
            );
            assert!(bad.len() <= limit, "{name}: {} mismatches", bad.len());
        }
        let mut r = Rng(98);
        let mut bad = 0;
        let n = 20000;
        for _ in 0..n {
            let (x, y) = (r.range(0.0, 100.0) as f32, r.range(-20.0, 20.0) as f32);
            // SAFETY: pure.
            if !same32(math::powf(x, y), unsafe { powf(x, y) }) {
                bad += 1;
            }
        }
        std::println!("powf: {bad} of {n} differ");
        assert!(bad <= 30);
    }
}
