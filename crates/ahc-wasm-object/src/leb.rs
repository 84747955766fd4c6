//! Fixed-width ("padded") LEB128 encodings used for relocatable immediates.
//!
//! Linking.md requires every relocated LEB to be maximally padded (5 bytes for
//! 32-bit values) so the linker can rewrite it in place without moving any
//! other byte.

/// Width in bytes of a padded 32-bit LEB128.
pub(crate) const PADDED_LEB_LEN: usize = 5;

/// Appends `value` as a 5-byte unsigned LEB128.
pub(crate) fn push_padded_uleb(out: &mut Vec<u8>, value: u32) {
    let mut buf = [0u8; PADDED_LEB_LEN];
    write_padded_uleb(&mut buf, value);
    out.extend_from_slice(&buf);
}

/// Appends `value` as a 5-byte signed LEB128.
pub(crate) fn push_padded_sleb(out: &mut Vec<u8>, value: i32) {
    let mut buf = [0u8; PADDED_LEB_LEN];
    write_padded_sleb(&mut buf, value);
    out.extend_from_slice(&buf);
}

/// Overwrites `out[..5]` with `value` as a 5-byte unsigned LEB128.
pub(crate) fn write_padded_uleb(out: &mut [u8], value: u32) {
    for (i, byte) in out[..PADDED_LEB_LEN - 1].iter_mut().enumerate() {
        *byte = ((value >> (7 * i)) & 0x7f) as u8 | 0x80;
    }
    out[PADDED_LEB_LEN - 1] = ((value >> 28) & 0x0f) as u8;
}

/// Overwrites `out[..5]` with `value` as a 5-byte signed LEB128.
pub(crate) fn write_padded_sleb(out: &mut [u8], value: i32) {
    for (i, byte) in out[..PADDED_LEB_LEN - 1].iter_mut().enumerate() {
        *byte = ((value >> (7 * i)) & 0x7f) as u8 | 0x80;
    }
    // Arithmetic shift: the top byte carries bits 28..31 sign-extended into
    // bits 4..6, as a signed LEB128 decoder requires.
    out[PADDED_LEB_LEN - 1] = ((value >> 28) & 0x7f) as u8;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_uleb(b: &[u8]) -> u64 {
        let mut v = 0u64;
        for (i, &x) in b.iter().enumerate() {
            v |= u64::from(x & 0x7f) << (7 * i);
            if x & 0x80 == 0 {
                assert_eq!(i, b.len() - 1);
            }
        }
        v
    }

    fn decode_sleb(b: &[u8]) -> i64 {
        let v = decode_uleb(b) as i64;
        let bits = 7 * b.len() as u32;
        (v << (64 - bits)) >> (64 - bits)
    }

    #[test]
    fn padded_roundtrip() {
        for v in [0u32, 1, 3, 127, 128, 0x3fff, 0x4000, 0x0fff_ffff, u32::MAX] {
            let mut b = Vec::new();
            push_padded_uleb(&mut b, v);
            assert_eq!(b.len(), 5);
            assert_eq!(decode_uleb(&b), u64::from(v));
        }
        let mut b = Vec::new();
        push_padded_uleb(&mut b, 3);
        assert_eq!(b, [0x83, 0x80, 0x80, 0x80, 0x00]);
        for v in [
            0i32,
            1,
            -1,
            63,
            64,
            -64,
            -65,
            i32::MAX,
            i32::MIN,
            123_456,
            -123_456,
        ] {
            let mut b = Vec::new();
            push_padded_sleb(&mut b, v);
            assert_eq!(b.len(), 5);
            assert_eq!(decode_sleb(&b), i64::from(v), "value {v}");
        }
    }
}
