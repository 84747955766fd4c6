//! MD5 (RFC 1321) for base's `GHC.Fingerprint`: `__hsbase_MD5Init`, `__hsbase_MD5Update`,
//! `__hsbase_MD5Final`.  Written from the RFC.
//!
//! ## The context
//! base allocates the context itself (`allocaBytes SIZEOF_STRUCT_MD5CONTEXT`, 88 bytes: the
//! `struct MD5Context` of `include/md5.h`) and passes its address to every call; it never looks
//! inside.  Our state fits exactly in those [`CONTEXT_SIZE`] bytes, laid out like the C struct
//! (all little-endian, no alignment assumed: base's `allocaBytes` gives 8-aligned memory, but
//! the accessors work bytewise):
//! | offset | contents |
//! |---|---|
//! | 0 | the four state words A, B, C, D (`u32`) |
//! | 16 | the number of bytes hashed so far (`u64`) |
//! | 24 | the partial 64-byte block: its first `count % 64` bytes are pending input |
//!
//! ## Invariants
//! - Between calls the whole state is in the context (nothing is kept elsewhere), so any number
//!   of contexts may be in use at once.
//! - `Update` with a length `<= 0` (after narrowing to C's `int`, as the C prototype does)
//!   changes nothing.  `Final` writes the 16-byte digest and zeroes the context, as the C
//!   version does.
//! - No panics (the loops index fixed-size arrays with bounded indices) and no `core::fmt`.

/// Bytes of base's `struct MD5Context`, all of which our state uses.
pub const CONTEXT_SIZE: usize = 88;

/// The context as base allocates it.
pub type Context = [u8; CONTEXT_SIZE];

/// Bytes in a digest.
pub const DIGEST_SIZE: usize = 16;

/// Offset of the byte count in the context.
const COUNT: usize = 16;
/// Offset of the partial block in the context.
const BLOCK: usize = 24;

/// The sine table `K[i] = floor(|sin(i + 1)| * 2^32)` of RFC 1321, section 3.4.
const K: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, //
    0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501, //
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, //
    0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821, //
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, //
    0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8, //
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, //
    0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, //
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, //
    0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, //
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, //
    0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, //
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, //
    0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1, //
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, //
    0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391, //
];

/// Rotation amounts: round `r` (0..4) step `i` rotates by `S[4 * r + i % 4]`.
const S: [u32; 16] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/// The initial state A, B, C, D (RFC 1321, section 3.3).
const INIT: [u32; 4] = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];

/// The state, unpacked from a [`Context`].
struct State {
    h: [u32; 4],
    count: u64,
    block: [u8; 64],
}

impl State {
    fn load(c: &Context) -> State {
        let mut h = [0u32; 4];
        for (i, w) in h.iter_mut().enumerate() {
            *w = word(c, 4 * i);
        }
        let count = word(c, COUNT) as u64 | (word(c, COUNT + 4) as u64) << 32;
        let mut block = [0u8; 64];
        for (d, s) in block.iter_mut().zip(c.iter().skip(BLOCK)) {
            *d = *s;
        }
        State { h, count, block }
    }

    fn store(&self, c: &mut Context) {
        let bytes = self
            .h
            .iter()
            .flat_map(|w| w.to_le_bytes())
            .chain(self.count.to_le_bytes())
            .chain(self.block.iter().copied());
        for (d, s) in c.iter_mut().zip(bytes) {
            *d = s;
        }
    }

    /// Hashes `data` (any length), keeping a partial block for later.
    fn absorb(&mut self, mut data: &[u8]) {
        let fill = (self.count % 64) as usize;
        self.count = self.count.wrapping_add(data.len() as u64);
        if fill > 0 {
            let take = (64 - fill).min(data.len());
            for (d, s) in self.block.iter_mut().skip(fill).zip(data) {
                *d = *s;
            }
            data = data.get(take..).unwrap_or(&[]);
            if fill + take < 64 {
                return;
            }
            transform(&mut self.h, &self.block);
        }
        let mut chunks = data.chunks_exact(64);
        for chunk in &mut chunks {
            if let Ok(block) = <&[u8; 64]>::try_from(chunk) {
                transform(&mut self.h, block);
            }
        }
        for (d, s) in self.block.iter_mut().zip(chunks.remainder()) {
            *d = *s;
        }
    }
}

/// The little-endian `u32` at `at` in the context (`at + 4 <= CONTEXT_SIZE`).
#[inline]
fn word(c: &Context, at: usize) -> u32 {
    let mut b = [0u8; 4];
    for (d, s) in b.iter_mut().zip(c.iter().skip(at)) {
        *d = *s;
    }
    u32::from_le_bytes(b)
}

/// One application of the compression function to a 64-byte block (RFC 1321, section 3.4).
fn transform(h: &mut [u32; 4], block: &[u8; 64]) {
    let mut m = [0u32; 16];
    for (w, b) in m.iter_mut().zip(block.chunks_exact(4)) {
        *w = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    }
    let [mut a, mut b, mut c, mut d] = *h;
    for i in 0..64 {
        let (f, g) = match i / 16 {
            0 => ((b & c) | (!b & d), i),
            1 => ((d & b) | (!d & c), (5 * i + 1) % 16),
            2 => (b ^ c ^ d, (3 * i + 5) % 16),
            _ => (c ^ (b | !d), (7 * i) % 16),
        };
        let x = a
            .wrapping_add(f)
            .wrapping_add(K[i])
            .wrapping_add(m[g & 15])
            .rotate_left(S[((i / 16) * 4 + i % 4) & 15]);
        a = d;
        d = c;
        c = b;
        b = b.wrapping_add(x);
    }
    h[0] = h[0].wrapping_add(a);
    h[1] = h[1].wrapping_add(b);
    h[2] = h[2].wrapping_add(c);
    h[3] = h[3].wrapping_add(d);
}

/// `MD5Init`: a fresh context.
pub fn init(ctx: &mut Context) {
    State {
        h: INIT,
        count: 0,
        block: [0; 64],
    }
    .store(ctx)
}

/// `MD5Update`: hashes `data` into the context.
pub fn update(ctx: &mut Context, data: &[u8]) {
    let mut s = State::load(ctx);
    s.absorb(data);
    s.store(ctx);
}

/// `MD5Final`: pads, returns the digest, and zeroes the context.
pub fn finish(ctx: &mut Context) -> [u8; DIGEST_SIZE] {
    let mut s = State::load(ctx);
    let bits = s.count.wrapping_mul(8);
    let fill = (s.count % 64) as usize;
    let pad_len = if fill < 56 { 56 - fill } else { 120 - fill };
    let mut pad = [0u8; 64];
    pad[0] = 0x80;
    s.absorb(pad.get(..pad_len).unwrap_or(&[]));
    s.absorb(&bits.to_le_bytes());
    let mut digest = [0u8; DIGEST_SIZE];
    for (d, b) in digest
        .iter_mut()
        .zip(s.h.iter().flat_map(|w| w.to_le_bytes()))
    {
        *d = b;
    }
    *ctx = [0; CONTEXT_SIZE];
    digest
}

/// `void __hsbase_MD5Init(struct MD5Context *ctx)`.
///
/// # Safety
/// `ctx` points to [`CONTEXT_SIZE`] writable bytes (base's `allocaBytes`).
#[no_mangle]
pub unsafe extern "C" fn ahc_c___hsbase_MD5Init(ctx: *mut u8) {
    // SAFETY: the caller's contract: `ctx` is valid for CONTEXT_SIZE bytes, alignment 1 suffices
    // for a byte array, and nothing else refers to those bytes during the call.
    init(unsafe { &mut *(ctx as *mut Context) })
}

/// `void __hsbase_MD5Update(struct MD5Context *ctx, uint8_t const *buf, int len)`; `len` arrives
/// as `i64` and is narrowed to `int`.
///
/// # Safety
/// `ctx` as for [`ahc_c___hsbase_MD5Init`] (initialised); `buf` points to `len` readable bytes
/// not overlapping the context.
#[no_mangle]
pub unsafe extern "C" fn ahc_c___hsbase_MD5Update(ctx: *mut u8, buf: *const u8, len: i64) {
    let len = len as i32;
    if len <= 0 {
        return;
    }
    // SAFETY: the caller's contract: `buf` is valid for `len` (> 0) bytes and `ctx` for
    // CONTEXT_SIZE bytes, disjoint, and unchanged by anyone else during the call.
    let (ctx, data) = unsafe {
        (
            &mut *(ctx as *mut Context),
            core::slice::from_raw_parts(buf, len as usize),
        )
    };
    update(ctx, data)
}

/// `void __hsbase_MD5Final(uint8_t digest[16], struct MD5Context *ctx)`.
///
/// # Safety
/// `digest` points to 16 writable bytes; `ctx` as for [`ahc_c___hsbase_MD5Update`], disjoint
/// from `digest`.
#[no_mangle]
pub unsafe extern "C" fn ahc_c___hsbase_MD5Final(digest: *mut u8, ctx: *mut u8) {
    // SAFETY: the caller's contract: `ctx` is valid for CONTEXT_SIZE bytes and referred to by
    // nothing else during the call.
    let d = finish(unsafe { &mut *(ctx as *mut Context) });
    // SAFETY: the caller's contract: `digest` is valid for 16 bytes (alignment 1), and `d` is a
    // local, so the ranges are disjoint.
    unsafe { core::ptr::copy_nonoverlapping(d.as_ptr(), digest, DIGEST_SIZE) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    fn hex(d: &[u8]) -> std::string::String {
        d.iter().map(|b| std::format!("{b:02x}")).collect()
    }

    fn md5(data: &[u8]) -> std::string::String {
        let mut c = [0xa5u8; CONTEXT_SIZE];
        init(&mut c);
        update(&mut c, data);
        hex(&finish(&mut c))
    }

    /// RFC 1321, appendix A.5.
    #[test]
    fn rfc_test_suite() {
        let cases: [(&[u8], &str); 7] = [
            (b"", "d41d8cd98f00b204e9800998ecf8427e"),
            (b"a", "0cc175b9c0f1b6a831c399e269772661"),
            (b"abc", "900150983cd24fb0d6963f7d28e17f72"),
            (b"message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            (
                b"abcdefghijklmnopqrstuvwxyz",
                "c3fcd3d76192e4007dfb496cca67e13b",
            ),
            (
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                "d174ab98d277d9f5a5611c2c9f419d9f",
            ),
            (
                b"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
                "57edf4a22be3c955ac49da2e2107b67a",
            ),
        ];
        for (input, want) in cases {
            assert_eq!(md5(input), want, "{:?}", std::str::from_utf8(input));
        }
        // Padding boundaries: 55, 56, 63, 64, 65 bytes (values from GNU md5sum).
        let a = [b'a'; 65];
        assert_eq!(md5(&a[..55]), "ef1772b6dff9a122358552954ad0df65");
        assert_eq!(md5(&a[..56]), "3b0c8ac703f828b04c6c197006d17218");
        assert_eq!(md5(&a[..63]), "b06521f39153d618550606be297466d5");
        assert_eq!(md5(&a[..64]), "014842d480b571495a4a0363793f7367");
        assert_eq!(md5(&a[..65]), "c743a45e0d2e6a95cb859adae0248435");
    }

    /// Any split of the input into updates gives the same digest.
    #[test]
    fn incremental_updates_of_odd_sizes() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i * 7 + i / 13) as u8).collect();
        let whole = md5(&data);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for sizes in [&[1usize][..], &[3, 61, 64, 0, 127], &[63], &[65, 1], &[200]] {
            let mut c = [0u8; CONTEXT_SIZE];
            init(&mut c);
            let mut rest = &data[..];
            let mut k = 0;
            while !rest.is_empty() {
                let n = sizes[k % sizes.len()].min(rest.len());
                update(&mut c, &rest[..n]);
                rest = &rest[n..];
                k += 1;
            }
            assert_eq!(hex(&finish(&mut c)), whole, "sizes {sizes:?}");
            assert_eq!(c, [0; CONTEXT_SIZE], "the context is zeroed");
        }
        // Random splits.
        for _ in 0..50 {
            let mut c = [0u8; CONTEXT_SIZE];
            init(&mut c);
            let mut rest = &data[..];
            while !rest.is_empty() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let n = (seed % 150) as usize;
                let n = n.min(rest.len());
                update(&mut c, &rest[..n]);
                rest = &rest[n..];
            }
            assert_eq!(hex(&finish(&mut c)), whole);
        }
    }

    /// The C-ABI wrappers, through raw pointers, with base's argument order.
    #[test]
    fn exports() {
        let mut ctx = [0u8; CONTEXT_SIZE];
        let mut digest = [0u8; 16];
        let msg = b"message digest";
        // SAFETY: valid, disjoint buffers of the sizes the functions require.
        unsafe {
            ahc_c___hsbase_MD5Init(ctx.as_mut_ptr());
            ahc_c___hsbase_MD5Update(ctx.as_mut_ptr(), msg.as_ptr(), 7);
            ahc_c___hsbase_MD5Update(ctx.as_mut_ptr(), msg.as_ptr(), 0);
            ahc_c___hsbase_MD5Update(ctx.as_mut_ptr(), core::ptr::null(), -3);
            // A length that is not a positive C `int` after narrowing: nothing.
            ahc_c___hsbase_MD5Update(ctx.as_mut_ptr(), core::ptr::null(), 1 << 32);
            ahc_c___hsbase_MD5Update(ctx.as_mut_ptr(), msg[7..].as_ptr(), 7);
            ahc_c___hsbase_MD5Final(digest.as_mut_ptr(), ctx.as_mut_ptr());
        }
        assert_eq!(hex(&digest), "f96b697d7cb7938d525a2f31aaf161d0");
    }
}
