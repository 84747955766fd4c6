//! Output buffering, GHC-style messages, the program name.
//!
//! stdout is buffered in the runtime ([`OutBuf`]) and flushed when the buffer fills, at exit, and
//! before any message on stderr; stderr is unbuffered.  Messages follow GHC's `errorBelch`:
//! `<prog>: <text>\n` per line, where `<prog>` is the program name ([`prog_name`]).

/// Size of the stdout buffer.
pub const STDOUT_BUF: usize = 8192;

/// A byte buffer in front of a sink (a file descriptor).
pub struct OutBuf {
    buf: [u8; STDOUT_BUF],
    len: usize,
}

impl Default for OutBuf {
    fn default() -> Self {
        Self::new()
    }
}

impl OutBuf {
    /// An empty buffer.
    pub const fn new() -> Self {
        OutBuf {
            buf: [0; STDOUT_BUF],
            len: 0,
        }
    }

    /// Bytes waiting in the buffer.
    pub fn pending(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// Appends `bytes`, handing the buffered data to `sink` whenever the buffer is full.
    #[inline]
    pub fn write(&mut self, bytes: &[u8], sink: &mut impl FnMut(&[u8])) {
        // Byte by byte: this is the smallest code, and test output is short.
        for &c in bytes {
            if self.len >= STDOUT_BUF {
                self.flush(sink);
            }
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = c;
                self.len += 1;
            }
        }
    }

    /// Hands all buffered data to `sink` (nothing if empty).
    pub fn flush(&mut self, sink: &mut impl FnMut(&[u8])) {
        if self.len != 0 {
            sink(self.pending());
            self.len = 0;
        }
    }
}

/// The program name GHC would print for `argv[0]`: its last path component (GHC's `prog_name`),
/// without a trailing `.wasm` (so `wasmtime X.wasm` says `X:` like the native program).
pub fn prog_name(argv0: &[u8]) -> &[u8] {
    let base = match argv0.iter().rposition(|&c| c == b'/') {
        Some(i) => argv0.get(i + 1..).unwrap_or(&[]),
        None => argv0,
    };
    match base.strip_suffix(b".wasm") {
        Some(stem) if !stem.is_empty() => stem,
        _ => base,
    }
}

/// UTF-8 encoding of code point `c` (masked to 21 bits; surrogates are encoded like any other
/// value, as GHC's `Char` may hold them); returns the buffer and the length used.
#[inline]
pub fn utf8(c: u32) -> ([u8; 4], usize) {
    let c = c & 0x1f_ffff;
    if c < 0x80 {
        ([c as u8, 0, 0, 0], 1)
    } else if c < 0x800 {
        ([0xc0 | (c >> 6) as u8, 0x80 | (c & 0x3f) as u8, 0, 0], 2)
    } else if c < 0x1_0000 {
        (
            [
                0xe0 | (c >> 12) as u8,
                0x80 | ((c >> 6) & 0x3f) as u8,
                0x80 | (c & 0x3f) as u8,
                0,
            ],
            3,
        )
    } else {
        (
            [
                0xf0 | (c >> 18) as u8,
                0x80 | ((c >> 12) & 0x3f) as u8,
                0x80 | ((c >> 6) & 0x3f) as u8,
                0x80 | (c & 0x3f) as u8,
            ],
            4,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn buffer_preserves_order_and_flushes_when_full() {
        let mut out: Vec<Vec<u8>> = Vec::new();
        let mut b = OutBuf::new();
        let mut sink = |d: &[u8]| out.push(d.to_vec());
        b.write(b"hello ", &mut sink);
        b.write(&[b'x'; STDOUT_BUF - 6], &mut sink); // exactly fills it
        b.write(b"!", &mut sink); // forces a flush first
        b.write(&[b'y'; STDOUT_BUF], &mut sink);
        b.flush(&mut sink);
        b.flush(&mut sink);
        let lens: Vec<usize> = out.iter().map(|v| v.len()).collect();
        assert_eq!(lens, [STDOUT_BUF, STDOUT_BUF, 1]);
        assert_eq!(&out[0][..6], b"hello ");
        assert_eq!(out[1][0], b'!');
        assert_eq!(out[2], b"y");
    }

    #[test]
    fn program_names() {
        assert_eq!(prog_name(b"/a/b/fib.wasm"), b"fib");
        assert_eq!(prog_name(b"fib"), b"fib");
        assert_eq!(prog_name(b"dir/"), b"");
        assert_eq!(prog_name(b".wasm"), b".wasm");
        assert_eq!(prog_name(b"./x.wasm.wasm"), b"x.wasm");
    }

    #[test]
    fn utf8_matches_core() {
        for c in [
            0x41, 0x7f, 0x80, 0xe9, 0x7ff, 0x800, 0x20ac, 0xffff, 0x1_0000, 0x1f600, 0x10ffff,
        ] {
            let (b, n) = utf8(c);
            let ch = char::from_u32(c).unwrap();
            let mut expect = [0u8; 4];
            assert_eq!(&b[..n], ch.encode_utf8(&mut expect).as_bytes());
        }
        assert_eq!(utf8(0xd800), ([0xed, 0xa0, 0x80, 0], 3));
    }
}
