//! Unicode character classification for `GHC.Unicode` (`Data.Char`): the C functions base
//! imports from its `cbits/WCsubst.c` — `u_gencat`, `u_iswalpha`, `u_iswalnum`, `u_iswupper`,
//! `u_iswlower`, `u_iswspace`, `u_iswcntrl`, `u_iswprint`, `u_towupper`, `u_towlower`,
//! `u_towtitle` — exported as `ahc_c_u_*(c: i64) -> i64` (base declares them `Int -> Int`).
//!
//! ## Job and invariants
//! - The answers are GHC 9.0.2's for every input: its tables are Unicode 12.1.0
//!   ([`UNICODE_VERSION`]), and the data in `unicode_tables.rs` is generated from its
//!   `WCsubst.c` by `scripts/gen-unicode-tables.py` (which checks its encoding against the C
//!   tables for every code point).  The tests compare all of 0..=0x10FFFF, and some inputs out of
//!   that range, with native GHC's C functions.
//! - As in C, only the low 32 bits of the argument are looked at (`HsInt` passed to `int`), as a
//!   signed number: negative or above 0x10FFFF is unassigned (`NotAssigned`, no property, no
//!   case mapping).  The case functions return the *whole* argument plus the distance, so
//!   `u_towupper(0x1_0000_0061) = 0x1_0000_0041` as in C.
//! - The `u_isw*` functions do not return 0/1 but, as C's do, the category's bit in
//!   `WCsubst.c`'s `GENCAT_*` masks when the predicate holds ([`category_mask`]), else 0.
//!   `u_iswspace` holds for exactly the `Zs` characters (base's `isSpace` adds `\t`..`\r` in
//!   Haskell).
//! - No allocation, no `core::fmt`, no panics: every table read is a `.get()`.
//!
//! ## Encoding (what the generated tables hold)
//! General categories are a byte stream of runs that cover 0..0x110000 in order, with a
//! checkpoint (first code point, byte offset) every 32 runs: a lookup binary-searches the
//! checkpoints and decodes at most 32 runs.  Case mappings are a sorted table of ranges, each
//! with a kind (upper-case letters, lower-case letters, alternating upper/lower pairs, every
//! other code point, or an odd triple) and one distance.  `unicode_tables.rs` describes the
//! byte layout: 6,986 bytes of data (3,658 of them the category stream, 2,664 the case ranges),
//! plus about 1.3 KB of wasm code for all eleven exports.

#[rustfmt::skip]
#[path = "unicode_tables.rs"]
mod tables;

use tables::{
    CASE_DELTA, CASE_KEY, CASE_SPECIAL, CAT_ALT, CAT_ALT_PAIRS, CAT_CHECK_OFFSET, CAT_CHECK_START,
    CAT_RUNS, GENCAT_SHIFT, KIND_ALT, KIND_EVEN_LOWER, KIND_EVEN_UPPER, KIND_LOWER, KIND_SPECIAL,
    KIND_UPPER, SPACE,
};

/// The Unicode version of the tables (base's `GHC.Unicode.unicodeVersion`).
pub const UNICODE_VERSION: [u8; 3] = tables::UNICODE_VERSION;

/// One past the largest code point.
const END: u32 = 0x11_0000;

// The general categories, numbered as `GHC.Unicode.GeneralCategory`'s constructors
// (`fromEnum`), which is what `u_gencat` returns.
pub const LU: u8 = 0;
pub const LL: u8 = 1;
pub const LT: u8 = 2;
pub const LM: u8 = 3;
pub const LO: u8 = 4;
pub const MN: u8 = 5;
pub const MC: u8 = 6;
pub const ME: u8 = 7;
pub const ND: u8 = 8;
pub const NL: u8 = 9;
pub const NO: u8 = 10;
pub const PC: u8 = 11;
pub const PD: u8 = 12;
pub const PS: u8 = 13;
pub const PE: u8 = 14;
pub const PI: u8 = 15;
pub const PF: u8 = 16;
pub const PO: u8 = 17;
pub const SM: u8 = 18;
pub const SC: u8 = 19;
pub const SK: u8 = 20;
pub const SO: u8 = 21;
pub const ZS: u8 = 22;
pub const ZL: u8 = 23;
pub const ZP: u8 = 24;
pub const CC: u8 = 25;
pub const CF: u8 = 26;
pub const CS: u8 = 27;
pub const CO: u8 = 28;
/// `NotAssigned`: also the answer for anything outside 0..=0x10FFFF.
pub const CN: u8 = 29;

/// A set of categories, bit `g` for category `g`.
const fn set(cats: &[u8]) -> u32 {
    let mut s = 0;
    let mut i = 0;
    while i < cats.len() {
        s |= 1 << cats[i];
        i += 1;
    }
    s
}

/// Letters (`isAlpha`).
const ALPHA: u32 = set(&[LU, LL, LT, LM, LO]);
/// Letters and numbers (`isAlphaNum`).
const ALNUM: u32 = ALPHA | set(&[ND, NL, NO]);
/// Upper and title case letters (`isUpper`).
const UPPER: u32 = set(&[LU, LT]);
/// Lower case letters (`isLower`).
const LOWER: u32 = set(&[LL]);
/// Control characters (`isControl`).
const CNTRL: u32 = set(&[CC]);
/// Printable (`isPrint`): every category but the line and paragraph separators, `Other`
/// (`Cc`, `Cf`, `Cs`, `Co`) and `Cn`.
const PRINT: u32 = ((1 << (CN + 1)) - 1) & !set(&[ZL, ZP, CC, CF, CS, CO, CN]);

/// The general category of `c` (as `fromEnum` of `GeneralCategory`; [`CN`] out of range).
pub fn gencat(c: u32) -> u8 {
    if c >= END {
        return CN;
    }
    // The last checkpoint at or before `c` (there is one: the first is at 0).
    let i = CAT_CHECK_START.partition_point(|&s| s <= c).wrapping_sub(1);
    let (Some(&first), Some(&offset)) = (CAT_CHECK_START.get(i), CAT_CHECK_OFFSET.get(i)) else {
        return CN;
    };
    let mut start = first;
    let mut pos = offset as usize;
    // Invariant: `start <= c`, `start` is the first code point of the run at `pos`.
    loop {
        let Some(&head) = CAT_RUNS.get(pos) else {
            return CN;
        };
        pos += 1;
        let mut len = u32::from(head >> 5) + 1;
        if len == 8 {
            let mut shift = 0;
            loop {
                let Some(&b) = CAT_RUNS.get(pos) else {
                    return CN;
                };
                pos += 1;
                len += u32::from(b & 0x7f) << shift;
                shift += 7;
                if b & 0x80 == 0 || shift > 21 {
                    break;
                }
            }
        }
        let mut cat = head & 31;
        if cat == CAT_ALT {
            let pair = CAT_RUNS
                .get(pos)
                .and_then(|&p| CAT_ALT_PAIRS.get(usize::from(p)));
            pos += 1;
            let which = ((c - start) & 1) as usize;
            cat = match pair.and_then(|p| p.get(which)) {
                Some(&g) => g,
                None => return CN,
            };
        }
        if c - start < len {
            return cat;
        }
        start += len;
    }
}

/// The category's bit in `WCsubst.c`'s `GENCAT_*` masks (what its `u_isw*` return when they
/// hold); 0 for [`CN`] and anything that is no category.
pub fn category_mask(cat: u8) -> u32 {
    match GENCAT_SHIFT.get(usize::from(cat)) {
        Some(&s) => 1u32.checked_shl(u32::from(s)).unwrap_or(0),
        None => 0,
    }
}

/// `WCsubst.c`'s answer for a predicate holding for the categories in `cats`.
fn attr(c: u32, cats: u32) -> u32 {
    let cat = gencat(c);
    if (cats >> cat) & 1 != 0 {
        category_mask(cat)
    } else {
        0
    }
}

/// Letters (`isAlpha`, `isLetter`).
pub fn is_alpha(c: u32) -> bool {
    attr(c, ALPHA) != 0
}

/// Letters and numbers (`isAlphaNum`).
pub fn is_alnum(c: u32) -> bool {
    attr(c, ALNUM) != 0
}

/// Upper or title case letters (`isUpper`).
pub fn is_upper(c: u32) -> bool {
    attr(c, UPPER) != 0
}

/// Lower case letters (`isLower`).
pub fn is_lower(c: u32) -> bool {
    attr(c, LOWER) != 0
}

/// Control characters (`isControl`).
pub fn is_control(c: u32) -> bool {
    attr(c, CNTRL) != 0
}

/// Printable characters (`isPrint`).
pub fn is_print(c: u32) -> bool {
    attr(c, PRINT) != 0
}

/// Space separators (`Zs`): `u_iswspace` (base's `isSpace` adds `\t`..`\r` itself).
pub fn is_space(c: u32) -> bool {
    SPACE.iter().any(|&[start, end]| start <= c && c < end)
}

/// The distances (upper, lower, title) from `c` to its case mappings; zero where there is none
/// (also for anything out of range).
pub fn case_distances(c: u32) -> [i32; 3] {
    const NONE: [i32; 3] = [0, 0, 0];
    let i = CASE_KEY.partition_point(|&k| k >> 11 <= c).wrapping_sub(1);
    let (Some(&key), Some(&d)) = (CASE_KEY.get(i), CASE_DELTA.get(i)) else {
        return NONE;
    };
    let offset = c - (key >> 11);
    if offset > (key >> 3) & 0xff {
        return NONE;
    }
    let even = offset & 1 == 0;
    match key & 7 {
        KIND_UPPER => [0, d, 0],
        KIND_LOWER => [d, 0, d],
        KIND_ALT if even => [0, d, 0],
        KIND_ALT => [-d, 0, -d],
        KIND_EVEN_UPPER if even => [0, d, 0],
        KIND_EVEN_LOWER if even => [d, 0, d],
        KIND_SPECIAL => CASE_SPECIAL.get(d as usize).copied().unwrap_or(NONE),
        _ => NONE,
    }
}

/// `toUpper`: the upper case mapping of `c`, or `c`.
pub fn to_upper(c: u32) -> u32 {
    c.wrapping_add_signed(case_distances(c)[0])
}

/// `toLower`: the lower case mapping of `c`, or `c`.
pub fn to_lower(c: u32) -> u32 {
    c.wrapping_add_signed(case_distances(c)[1])
}

/// `toTitle`: the title case mapping of `c`, or `c`.
pub fn to_title(c: u32) -> u32 {
    c.wrapping_add_signed(case_distances(c)[2])
}

/// The code point C looks up for an argument: its low 32 bits (as C's `int`; negative numbers
/// become at least 2^31, which no table holds).
fn arg(c: i64) -> u32 {
    c as u32
}

/// C's case conversion: the whole argument plus the distance of its low 32 bits.
fn convert(c: i64, which: usize) -> i64 {
    let d = case_distances(arg(c)).get(which).copied().unwrap_or(0);
    c.wrapping_add(i64::from(d))
}

// The exports: base's `foreign import ccall unsafe "u_…" :: Int -> Int` (GHC.Unicode).

/// `u_gencat`: `fromEnum (generalCategory c)`.
#[no_mangle]
pub extern "C" fn ahc_c_u_gencat(c: i64) -> i64 {
    i64::from(gencat(arg(c)))
}

/// `u_iswalpha`: `isAlpha`.
#[no_mangle]
pub extern "C" fn ahc_c_u_iswalpha(c: i64) -> i64 {
    i64::from(attr(arg(c), ALPHA))
}

/// `u_iswalnum`: `isAlphaNum`.
#[no_mangle]
pub extern "C" fn ahc_c_u_iswalnum(c: i64) -> i64 {
    i64::from(attr(arg(c), ALNUM))
}

/// `u_iswupper`: `isUpper`.
#[no_mangle]
pub extern "C" fn ahc_c_u_iswupper(c: i64) -> i64 {
    i64::from(attr(arg(c), UPPER))
}

/// `u_iswlower`: `isLower`.
#[no_mangle]
pub extern "C" fn ahc_c_u_iswlower(c: i64) -> i64 {
    i64::from(attr(arg(c), LOWER))
}

/// `u_iswcntrl`: `isControl`.
#[no_mangle]
pub extern "C" fn ahc_c_u_iswcntrl(c: i64) -> i64 {
    i64::from(attr(arg(c), CNTRL))
}

/// `u_iswprint`: `isPrint`.
#[no_mangle]
pub extern "C" fn ahc_c_u_iswprint(c: i64) -> i64 {
    i64::from(attr(arg(c), PRINT))
}

/// `u_iswspace`: `isSpace` beyond Latin-1: `Zs`.
#[no_mangle]
pub extern "C" fn ahc_c_u_iswspace(c: i64) -> i64 {
    if is_space(arg(c)) {
        i64::from(category_mask(ZS))
    } else {
        0
    }
}

/// `u_towupper`: `toUpper`.
#[no_mangle]
pub extern "C" fn ahc_c_u_towupper(c: i64) -> i64 {
    convert(c, 0)
}

/// `u_towlower`: `toLower`.
#[no_mangle]
pub extern "C" fn ahc_c_u_towlower(c: i64) -> i64 {
    convert(c, 1)
}

/// `u_towtitle`: `toTitle`.
#[no_mangle]
pub extern "C" fn ahc_c_u_towtitle(c: i64) -> i64 {
    convert(c, 2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;
    use std::process::Command;
    use std::string::String;
    use std::vec::Vec;

    /// The exports in the order the Haskell program prints them.
    const FUNCTIONS: [(&str, extern "C" fn(i64) -> i64); 11] = [
        ("u_gencat", ahc_c_u_gencat),
        ("u_iswalpha", ahc_c_u_iswalpha),
        ("u_iswalnum", ahc_c_u_iswalnum),
        ("u_iswupper", ahc_c_u_iswupper),
        ("u_iswlower", ahc_c_u_iswlower),
        ("u_iswspace", ahc_c_u_iswspace),
        ("u_iswcntrl", ahc_c_u_iswcntrl),
        ("u_iswprint", ahc_c_u_iswprint),
        ("u_towupper", ahc_c_u_towupper),
        ("u_towlower", ahc_c_u_towlower),
        ("u_towtitle", ahc_c_u_towtitle),
    ];

    /// Arguments outside 0..=0x10FFFF (C looks at the low 32 bits only).
    const EXTRA: [i64; 18] = [
        -1,
        -2,
        -0x41,
        -0x10_0000,
        i64::MIN,
        i64::MIN + 0x41,
        i64::MAX,
        0x11_0000,
        0x11_0001,
        0x7fff_ffff,
        0x8000_0000,
        0xffff_ffff,
        0x1_0000_0041,
        0x1_0000_0061,
        0x1_0000_00a0,
        0x1_0000_01c5,
        0x7fff_ffff_0000_0061,
        -0x1_0000_0000 + 0x3000,
    ];

    #[test]
    fn known_values() {
        let a = u32::from(b'a');
        let big_a = u32::from(b'A');
        assert_eq!(gencat(big_a), LU);
        assert_eq!(gencat(a), LL);
        assert_eq!(gencat(0x1c5), LT);
        assert_eq!(gencat(u32::from(b'0')), ND);
        assert_eq!(gencat(u32::from(b' ')), ZS);
        assert_eq!(gencat(0), CC);
        assert_eq!(gencat(0xd800), CS);
        assert_eq!(gencat(0x10fffd), CO);
        assert_eq!(gencat(0x10ffff), CN);
        assert_eq!(gencat(0x11_0000), CN);
        assert_eq!(gencat(u32::MAX), CN);
        assert_eq!(gencat(0x32ff), SO, "U+32FF is new in Unicode 12.1");
        assert_eq!(UNICODE_VERSION, [12, 1, 0]);
        assert_eq!(to_upper(a), big_a);
        assert_eq!(to_lower(big_a), a);
        assert_eq!(
            (to_upper(0x1c5), to_lower(0x1c5), to_title(0x1c5)),
            (0x1c4, 0x1c6, 0x1c5)
        );
        assert_eq!(
            (to_upper(0x1c4), to_lower(0x1c4), to_title(0x1c4)),
            (0x1c4, 0x1c6, 0x1c5)
        );
        assert_eq!(to_upper(0xdf), 0xdf);
        assert_eq!(to_upper(0xff), 0x178);
        assert!(is_alpha(a) && is_alnum(u32::from(b'7')) && !is_alpha(u32::from(b'7')));
        assert!(is_space(0x3000) && !is_space(u32::from(b'\n')) && is_control(10));
        assert!(is_print(u32::from(b' ')) && !is_print(0x2028) && !is_print(0x10ffff));
        assert_eq!(ahc_c_u_iswupper(0x41), 512);
        assert_eq!(ahc_c_u_iswspace(0x20), 2);
        assert_eq!(ahc_c_u_towupper(0x1_0000_0061), 0x1_0000_0041);
        assert_eq!(ahc_c_u_towlower(-1), -1);
    }

    #[test]
    fn tables_are_well_formed() {
        assert_eq!(tables::CAT_CHECK_START.first(), Some(&0));
        assert!(CAT_CHECK_START.windows(2).all(|w| w[0] < w[1]));
        assert!(CASE_KEY.windows(2).all(|w| w[0] >> 11 < w[1] >> 11));
        // The runs tile 0..0x110000: the last code point is in the last run.
        assert_eq!(gencat(END - 1), CN);
        // Every entry ends before the next starts.
        for w in CASE_KEY.windows(2) {
            assert!((w[0] >> 11) + ((w[0] >> 3) & 0xff) < w[1] >> 11);
        }
    }

    fn haskell_program() -> String {
        let imports: String = FUNCTIONS
            .iter()
            .map(|(name, _)| {
                format!("foreign import ccall unsafe \"{name}\" {name} :: Int -> Int\n")
            })
            .collect();
        let names: Vec<&str> = FUNCTIONS.iter().map(|(name, _)| *name).collect();
        let extra: Vec<String> = EXTRA
            .iter()
            .map(|&x| format!("fromIntegral (0x{:x} :: Word)", x as u64))
            .collect();
        format!(
            "import qualified Data.ByteString.Builder as B\n\
             import System.IO (hSetBinaryMode, stdout)\n\
             {imports}\n\
             fs :: [Int -> Int]\n\
             fs = [{fs}]\n\
             extra :: [Int]\n\
             extra = [{extra}]\n\
             main :: IO ()\n\
             main = do\n\
             \x20 hSetBinaryMode stdout True\n\
             \x20 B.hPutBuilder stdout (foldMap (\\c -> foldMap (\\f -> B.int32LE (fromIntegral (f c))) fs) [0 .. 0x10FFFF])\n\
             \x20 B.hPutBuilder stdout (foldMap (\\c -> foldMap (\\f -> B.int64LE (fromIntegral (f c))) fs) extra)\n",
            fs = names.join(", "),
            extra = extra.join(", "),
        )
    }

    /// Runs GHC 9.0.2's own C functions (base's `WCsubst.c`, linked into a native program) on
    /// every code point and the extra arguments; returns their answers, one row per argument.
    fn ghc_answers() -> (Vec<[i64; 11]>, Vec<[i64; 11]>) {
        let version = Command::new("ghc")
            .arg("--numeric-version")
            .output()
            .expect("this test needs GHC 9.0.2 as `ghc` on PATH");
        assert_eq!(
            String::from_utf8_lossy(&version.stdout).trim(),
            "9.0.2",
            "wrong GHC"
        );
        let dir = std::env::temp_dir().join(format!("ahc-rts-unicode-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let src = dir.join("Main.hs");
        let exe = dir.join("unicode");
        std::fs::write(&src, haskell_program()).unwrap();
        let ghc = Command::new("ghc")
            .args(["-O", "-v0", "-outputdir"])
            .arg(&dir)
            .arg("-o")
            .arg(&exe)
            .arg(&src)
            .output()
            .expect("running ghc");
        assert!(
            ghc.status.success(),
            "ghc failed: {}",
            String::from_utf8_lossy(&ghc.stderr)
        );
        let run = Command::new(&exe)
            .output()
            .expect("running the GHC-compiled program");
        std::fs::remove_dir_all(&dir).ok();
        assert!(run.status.success(), "the GHC-compiled program failed");
        let out = run.stdout;
        let n = END as usize;
        assert_eq!(out.len(), n * 11 * 4 + EXTRA.len() * 11 * 8, "output size");
        let (points, extra) = out.split_at(n * 11 * 4);
        let rows32 = points
            .chunks_exact(44)
            .map(|row| {
                core::array::from_fn(|i| {
                    let b = &row[4 * i..4 * i + 4];
                    i64::from(i32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                })
            })
            .collect();
        let rows64 = extra
            .chunks_exact(88)
            .map(|row| {
                core::array::from_fn(|i| {
                    let mut b = [0; 8];
                    b.copy_from_slice(&row[8 * i..8 * i + 8]);
                    i64::from_le_bytes(b)
                })
            })
            .collect();
        (rows32, rows64)
    }

    #[test]
    fn agrees_with_ghc_on_every_code_point() {
        let (points, extra) = ghc_answers();
        let args = (0..i64::from(END))
            .zip(points.iter())
            .chain(EXTRA.iter().copied().zip(extra.iter()));
        let mut wrong = Vec::new();
        for (c, want) in args {
            for (&(name, f), &want) in FUNCTIONS.iter().zip(want.iter()) {
                let got = f(c);
                if got != want {
                    wrong.push(format!("{name}({c:#x}) = {got:#x}, GHC: {want:#x}"));
                }
            }
            // The pure functions agree too.
            if let Ok(c) = u32::try_from(c) {
                let preds = [
                    is_alpha, is_alnum, is_upper, is_lower, is_space, is_control, is_print,
                ];
                let mut pure = [i64::from(gencat(c)), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
                for (i, p) in preds.iter().enumerate() {
                    pure[i + 1] = i64::from(p(c));
                }
                for (i, m) in [to_upper(c), to_lower(c), to_title(c)]
                    .into_iter()
                    .enumerate()
                {
                    pure[i + 8] = i64::from(m);
                }
                for (i, (&got, &want)) in pure.iter().zip(want.iter()).enumerate() {
                    let want = if (1..8).contains(&i) {
                        i64::from(want != 0)
                    } else {
                        want
                    };
                    if got != want {
                        let name = FUNCTIONS[i].0;
                        wrong.push(format!("pure {name}({c:#x}) = {got:#x}, GHC: {want:#x}"));
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} answers differ from GHC 9.0.2, e.g.:\n{}",
            wrong.len(),
            wrong[..wrong.len().min(20)].join("\n")
        );
    }
}
