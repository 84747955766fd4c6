//! Symbol names of everything the code generator defines or references.
//!
//! External Haskell names become `<unit>_<module>_<occ>` with every part z-encoded (GHC's
//! scheme for turning arbitrary operator names into identifier characters), so a symbol is
//! the same in every module that mentions it. Internal names add the unique (`_u<hex>`) and are
//! only ever defined as local symbols. A suffix says what the symbol is.

use ahc_stg::{DataConInfo, IdInfo, ModuleName, Name};

/// Z-encodes a string: alphanumerics except `z`/`Z` stand for themselves, everything else
/// becomes a two-character escape or `z<hex>U`.
pub fn zencode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            'z' => out.push_str("zz"),
            'Z' => out.push_str("ZZ"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            '(' => out.push_str("ZL"),
            ')' => out.push_str("ZR"),
            '[' => out.push_str("ZM"),
            ']' => out.push_str("ZN"),
            ':' => out.push_str("ZC"),
            ',' => out.push_str("ZT"),
            '&' => out.push_str("za"),
            '|' => out.push_str("zb"),
            '^' => out.push_str("zc"),
            '$' => out.push_str("zd"),
            '=' => out.push_str("ze"),
            '>' => out.push_str("zg"),
            '#' => out.push_str("zh"),
            '.' => out.push_str("zi"),
            '<' => out.push_str("zl"),
            '-' => out.push_str("zm"),
            '!' => out.push_str("zn"),
            '+' => out.push_str("zp"),
            '\'' => out.push_str("zq"),
            '\\' => out.push_str("zr"),
            '/' => out.push_str("zs"),
            '*' => out.push_str("zt"),
            '_' => out.push_str("zu"),
            '%' => out.push_str("zv"),
            ' ' => out.push_str("zw"),
            c => {
                out.push('z');
                out.push_str(&format!("{:x}", c as u32));
                out.push('U');
            }
        }
    }
    out
}

/// Undoes [`zencode`] (escapes it does not know are kept as they are).
pub fn zdecode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut it = s.chars().peekable();
    while let Some(c) = it.next() {
        if c != 'z' && c != 'Z' {
            out.push(c);
            continue;
        }
        let Some(&d) = it.peek() else {
            out.push(c);
            break;
        };
        let m = match (c, d) {
            ('z', 'z') => 'z',
            ('Z', 'Z') => 'Z',
            ('Z', 'L') => '(',
            ('Z', 'R') => ')',
            ('Z', 'M') => '[',
            ('Z', 'N') => ']',
            ('Z', 'C') => ':',
            ('Z', 'T') => ',',
            ('z', 'a') => '&',
            ('z', 'b') => '|',
            ('z', 'c') => '^',
            ('z', 'd') => '$',
            ('z', 'e') => '=',
            ('z', 'g') => '>',
            ('z', 'h') => '#',
            ('z', 'i') => '.',
            ('z', 'l') => '<',
            ('z', 'm') => '-',
            ('z', 'n') => '!',
            ('z', 'p') => '+',
            ('z', 'q') => '\'',
            ('z', 'r') => '\\',
            ('z', 's') => '/',
            ('z', 't') => '*',
            ('z', 'u') => '_',
            ('z', 'v') => '%',
            ('z', 'w') => ' ',
            _ => {
                out.push(c);
                continue;
            }
        };
        it.next();
        out.push(m);
    }
    out
}

/// `<unit>_<module>` prefix of a module's symbols.
pub fn module_prefix(m: &ModuleName) -> String {
    format!("{}_{}", zencode(&m.unit), zencode(&m.name))
}

/// The base symbol name of a Haskell name, as seen from module `this`.
pub fn name_base(this: &ModuleName, n: &Name) -> String {
    match &n.module {
        Some(m) => format!("{}_{}", module_prefix(m), zencode(&n.occ)),
        None => format!(
            "{}_{}_u{:x}",
            module_prefix(this),
            zencode(&n.occ),
            n.unique
        ),
    }
}

pub fn id_base(this: &ModuleName, id: &IdInfo) -> String {
    name_base(this, &id.name)
}

/// The static closure of a top-level Id (or a nullary constructor's worker).
pub fn closure(base: &str) -> String {
    format!("{base}_closure")
}

/// The bytes of a top-level `Addr#` string literal binding.
pub fn string_bytes(base: &str) -> String {
    format!("{base}_bytes")
}

/// The info table of a closure.
pub fn info(base: &str) -> String {
    format!("{base}_info")
}

/// The entry code of a closure.
pub fn entry(base: &str) -> String {
    format!("{base}_entry")
}

/// The info table shared by all heap objects built by a constructor.
pub fn con_info(this: &ModuleName, dc: &DataConInfo) -> String {
    format!("{}_con_info", name_base(this, &dc.name))
}

/// The static closure of a nullary constructor.
pub fn con_closure(this: &ModuleName, dc: &DataConInfo) -> String {
    closure(&name_base(this, &dc.name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_ghc() {
        assert_eq!(zencode("ghc-prim"), "ghczmprim");
        assert_eq!(zencode("GHC.Types"), "GHCziTypes");
        assert_eq!(zencode("I#"), "Izh");
        assert_eq!(zencode("$wgo"), "zdwgo");
        assert_eq!(zencode("zZ"), "zzZZ");
        assert_eq!(zencode("λ"), "z3bbU");
        for s in ["clock_gettime", "S_ISREG", "GHC.Types", "zZ$#"] {
            assert_eq!(zdecode(&zencode(s)), s);
        }
    }
}
