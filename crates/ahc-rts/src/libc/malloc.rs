//! `malloc`, `calloc`, `realloc`, `free` on the runtime's block allocator.
//!
//! base calls them from `Foreign.Marshal.Alloc` (`mallocBytes`, `callocBytes`, `reallocBytes`,
//! `free`, hence `newCString`, `mallocArray`, …); its own buffers (Handles, `alloca`) are pinned
//! byte arrays and never come here.
//!
//! ## Design
//! All memory comes from [`BlockAlloc::alloc_group`], so it never overlaps the heap, and every
//! group malloc owns is marked [`F_TABLE`] in all its descriptors (like the runtime's other
//! non-Haskell tables) and is on no list of the storage manager: the collector never copies,
//! scans, marks or frees it (it only looks at groups with [`crate::block::F_NURSERY`],
//! [`crate::block::F_LARGE`] or [`crate::block::F_PINNED`], and frees only groups on its own
//! lists), and `--debug`'s ownership check (`Storage::owns`) accepts it like any allocated
//! group.
//! - **Small** requests (≤ [`MAX_SMALL`] bytes) are rounded up to one of [`CLASS_SIZES`] (all
//!   multiples of 16) and served from *pages*: one-block groups of [`BLOCK_SIZE`] bytes cut into
//!   objects of one class, with an intrusive free list (a free object's first word is the
//!   address of the next free object of its page, 0 at the end).
//! - **Large** requests get a group of their own, the object at its start.
//!
//! The metadata lives in the head descriptor of each group (the owner's fields, see
//! [`crate::block`]):
//! - `gen` = [`TAG`] | kind << 12 | live objects: kind is the class index for a page,
//!   [`KIND_LARGE`] for a large group.  The tag tells malloc's groups from every other
//!   [`F_TABLE`] group (whose `gen` is 0), so `free` and `realloc` can check a pointer.
//! - pages: `free` = first free object (0 when full); `link`/`back` = next/previous page on the
//!   class's list of pages with a free object ([`Malloc`]'s `partial`), 0 when not on it.
//!
//! ## Invariants
//! - Every result is 16-aligned and lies in the first megablock of its group (large objects
//!   start at their group's start), so [`bdescr`] of it names a descriptor of its group.
//! - A page is on its class's partial list iff it has a free object.  A page whose objects are
//!   all free is given back to the block allocator, unless it is the only page on its class's
//!   partial list (so that a malloc/free loop does not allocate and free a page every time).
//! - Failure is a null result (0), never an abort: out of memory, a size beyond the address
//!   space, `calloc`'s `n * size` overflowing.  `malloc(0)` returns a unique pointer (glibc
//!   does, and base's `mallocBytes 0` would fail on NULL); `realloc(p, 0)` frees `p` and returns
//!   NULL (glibc); `free(NULL)` does nothing.  A pointer that malloc did not hand out is ignored
//!   by `free` (and gives NULL from `realloc`) when the checks above can tell.
//! - The logic is generic over [`LinearMemory`] and takes the block allocator as a parameter
//!   (tested natively on a fake memory); the wasm32 exports keep the state in a `crate::Global`
//!   and take the blocks from the storage manager (`crate::entry::with_storage`).

use crate::block::{
    bdescr, field, BlockAlloc, BLOCK_SIZE, FIRST_BLOCK, F_FREE, F_TABLE, OWNER_SINGLE,
};
use crate::mem::{LinearMemory, ADDRESS_SPACE_END, MBLOCK_MASK};

/// Alignment of every result.
pub const ALIGN: u32 = 16;
/// Object sizes of the pages, ascending (multiples of [`ALIGN`]).
pub const CLASS_SIZES: [u32; CLASSES] = [
    16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1360, 2048,
];
/// Number of size classes.
pub const CLASSES: usize = 14;
/// The largest small request.
pub const MAX_SMALL: u32 = CLASS_SIZES[CLASSES - 1];

/// High bits of the head's `gen` in malloc's groups.
pub const TAG: u32 = 0xa110_0000;
const TAG_MASK: u32 = 0xfff0_0000;
const KIND_SHIFT: u32 = 12;
const KIND_MASK: u32 = 0xff;
/// Low bits of `gen`: live objects in a page.
const LIVE_MASK: u32 = 0xfff;
/// Kind of a large group.
pub const KIND_LARGE: u32 = KIND_MASK;

const _: () = assert!(BLOCK_SIZE / CLASS_SIZES[0] <= LIVE_MASK && (CLASSES as u32) < KIND_LARGE);

/// The size class of a small request, if it is one.
#[inline]
fn class_of(size: u64) -> Option<usize> {
    CLASS_SIZES.iter().position(|&c| size <= c as u64)
}

/// Object size of class `c`.
#[inline]
fn class_size(c: usize) -> u32 {
    CLASS_SIZES.get(c).copied().unwrap_or(MAX_SMALL)
}

/// malloc's state besides the block descriptors.
pub struct Malloc {
    /// Per class, the first page with a free object (0: none).
    partial: [u32; CLASSES],
}

impl Default for Malloc {
    fn default() -> Self {
        Self::new()
    }
}

impl Malloc {
    /// No pages yet.
    pub const fn new() -> Self {
        Malloc {
            partial: [0; CLASSES],
        }
    }

    /// `malloc(size)`: a 16-aligned object of at least `size` bytes (contents unspecified), or 0.
    pub fn malloc<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, size: u64) -> u32 {
        match class_of(size) {
            Some(c) => self.alloc_small(b, c),
            None => alloc_large(b, size),
        }
    }

    /// `calloc(n, size)`: a zeroed object of `n * size` bytes, or 0 (also when the product
    /// overflows).
    pub fn calloc<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, n: u64, size: u64) -> u32 {
        let p = self.calloc_uninit(b, n, size);
        if p != 0 {
            let total = n * size;
            // Whole words: the object's capacity is a multiple of 16 that covers `total`.
            let words = total.div_ceil(8) as u32;
            for i in 0..words {
                b.mblocks.mem.store_u64(p + 8 * i, 0);
            }
        }
        p
    }

    /// [`calloc`](Self::calloc) without the zeroing (which the caller does: the wasm export
    /// with `memory.fill`): an object of `n * size` bytes, or 0 (also on overflow).
    pub fn calloc_uninit<M: LinearMemory>(
        &mut self,
        b: &mut BlockAlloc<M>,
        n: u64,
        size: u64,
    ) -> u32 {
        match n.checked_mul(size) {
            Some(total) => self.malloc(b, total),
            None => 0,
        }
    }

    /// `realloc(p, size)`: an object of `size` bytes with the contents of `p` up to the smaller
    /// of the two sizes (in place when the size class, or the large group, still suits), or 0
    /// with `p` unchanged if memory cannot be had.  `p = 0` is `malloc`; `size = 0` frees `p`
    /// and returns 0.
    pub fn realloc<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, p: u32, size: u64) -> u32 {
        if p == 0 {
            return self.malloc(b, size);
        }
        let Some((head, kind)) = lookup(b, p) else {
            return 0;
        };
        if size == 0 {
            self.release(b, p, head, kind);
            return 0;
        }
        let cap = capacity(b, head, kind);
        let keep = if kind == KIND_LARGE {
            size > MAX_SMALL as u64 && size <= cap && size > cap / 2
        } else {
            class_of(size) == Some(kind as usize)
        };
        if keep {
            return p;
        }
        let q = self.malloc(b, size);
        if q == 0 {
            return 0;
        }
        // Whole words of the smaller capacity (both are multiples of 16 and the new one is
        // at least `size` rounded up to 16).
        let bytes = cap.min(size.div_ceil(ALIGN as u64) * ALIGN as u64);
        b.mblocks.mem.copy_words(q, p, (bytes / 8) as u32);
        self.release(b, p, head, kind);
        q
    }

    /// `free(p)`: 0 and pointers malloc did not hand out are ignored.
    pub fn free<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, p: u32) {
        if let Some((head, kind)) = lookup(b, p) {
            self.release(b, p, head, kind)
        }
    }

    /// The usable size of the live object `p` (`malloc_usable_size`); 0 if `p` is not an object
    /// of a malloc group (a freed small object in a page still in use answers its class size).
    pub fn usable_size<M: LinearMemory>(&self, b: &BlockAlloc<M>, p: u32) -> u64 {
        lookup(b, p).map_or(0, |(head, kind)| capacity(b, head, kind))
    }

    fn alloc_small<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, c: usize) -> u32 {
        let mut page = self.partial.get(c).copied().unwrap_or(0);
        if page == 0 {
            page = match self.new_page(b, c) {
                Some(p) => p,
                None => return 0,
            };
        }
        let obj = b.get(page, field::FREE);
        let next = b.mblocks.mem.load_u32(obj);
        b.set(page, field::FREE, next);
        let gen = b.get(page, field::GEN);
        b.set(page, field::GEN, gen + 1);
        if next == 0 {
            self.unlink(b, c, page);
        }
        obj
    }

    /// A fresh page of class `c`, every object free, at the front of the class's list.
    fn new_page<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, c: usize) -> Option<u32> {
        let head = b.alloc_group(1).ok()?;
        crate::gc::stamp(b, head, F_TABLE, TAG | (c as u32) << KIND_SHIFT);
        let start = b.get(head, field::START);
        let size = class_size(c);
        let n = BLOCK_SIZE / size;
        for i in 0..n {
            let a = start + i * size;
            let next = if i + 1 < n { a + size } else { 0 };
            b.mblocks.mem.store_u32(a, next);
        }
        b.set(head, field::FREE, start);
        self.push(b, c, head);
        Some(head)
    }

    /// Puts page `page` at the front of class `c`'s partial list.
    fn push<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, c: usize, page: u32) {
        let Some(first) = self.partial.get_mut(c) else {
            return;
        };
        b.set(page, field::LINK, *first);
        b.set(page, field::BACK, 0);
        if *first != 0 {
            b.set(*first, field::BACK, page);
        }
        *first = page;
    }

    /// Takes page `page` off class `c`'s partial list.
    fn unlink<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, c: usize, page: u32) {
        let next = b.get(page, field::LINK);
        let back = b.get(page, field::BACK);
        if back == 0 {
            if let Some(first) = self.partial.get_mut(c) {
                *first = next;
            }
        } else {
            b.set(back, field::LINK, next);
        }
        if next != 0 {
            b.set(next, field::BACK, back);
        }
        b.set(page, field::LINK, 0);
        b.set(page, field::BACK, 0);
    }

    /// Frees the object `p` of group `head` (as [`lookup`] found them).
    fn release<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, p: u32, head: u32, kind: u32) {
        if kind == KIND_LARGE {
            b.free_group(head);
            return;
        }
        let gen = b.get(head, field::GEN);
        if gen & LIVE_MASK == 0 {
            return; // nothing is live in this page: a double free
        }
        let c = kind as usize;
        let first_free = b.get(head, field::FREE);
        b.mblocks.mem.store_u32(p, first_free);
        b.set(head, field::FREE, p);
        b.set(head, field::GEN, gen - 1);
        if first_free == 0 {
            self.push(b, c, head);
        }
        let only = self.partial.get(c) == Some(&head) && b.get(head, field::LINK) == 0;
        if (gen - 1) & LIVE_MASK == 0 && !only {
            self.unlink(b, c, head);
            b.free_group(head);
        }
    }
}

/// A large object: a group of its own.
fn alloc_large<M: LinearMemory>(b: &mut BlockAlloc<M>, size: u64) -> u32 {
    if size > ADDRESS_SPACE_END as u64 {
        return 0;
    }
    let n = size.div_ceil(BLOCK_SIZE as u64) as u32;
    let Ok(head) = b.alloc_group(n) else {
        return 0;
    };
    crate::gc::stamp(b, head, F_TABLE, TAG | KIND_LARGE << KIND_SHIFT);
    b.get(head, field::START)
}

/// Bytes usable in an object of group `head` of kind `kind`.
fn capacity<M: LinearMemory>(b: &BlockAlloc<M>, head: u32, kind: u32) -> u64 {
    if kind == KIND_LARGE {
        b.get(head, field::BLOCKS) as u64 * BLOCK_SIZE as u64
    } else {
        class_size(kind as usize) as u64
    }
}

/// The head descriptor and kind of the malloc group of which `p` is a live object's address,
/// if the descriptors say it is one.
fn lookup<M: LinearMemory>(b: &BlockAlloc<M>, p: u32) -> Option<(u32, u32)> {
    if p == 0 || !p.is_multiple_of(ALIGN) {
        return None;
    }
    let head = match b.owner(p) {
        0 => return None,
        OWNER_SINGLE => {
            if p & MBLOCK_MASK < FIRST_BLOCK * BLOCK_SIZE {
                return None; // a descriptor table
            }
            b.get(bdescr(p), field::HEAD)
        }
        multi => multi,
    };
    let flags = b.get(head, field::FLAGS);
    let gen = b.get(head, field::GEN);
    if flags & F_FREE != 0 || flags & F_TABLE == 0 || gen & TAG_MASK != TAG {
        return None;
    }
    let kind = (gen >> KIND_SHIFT) & KIND_MASK;
    let offset = p.wrapping_sub(b.get(head, field::START));
    let ok = if kind == KIND_LARGE {
        offset == 0
    } else {
        let size = CLASS_SIZES.get(kind as usize)?;
        // (The tail of a page that holds no whole object is not one.)
        offset.is_multiple_of(*size) && offset / size < BLOCK_SIZE / size
    };
    ok.then_some((head, kind))
}

/// The C entry points (wasm32): state in a `Global`, blocks from the storage manager.
#[cfg(target_arch = "wasm32")]
mod exports {
    use super::Malloc;
    use crate::block::BlockAlloc;
    use crate::mem::WasmMemory;
    use crate::Global;

    static MALLOC: Global<Malloc> = Global::new(Malloc::new());

    // TODO(errno): C sets errno to ENOMEM when these return NULL for want of memory (base's
    // `failWhenNULL` reports it); do so once crate::libc::posix provides errno.

    /// Runs `f` with malloc's state and the block allocator (two distinct cells; neither
    /// calls back into an entry point).
    fn with<R>(f: impl FnOnce(&mut Malloc, &mut BlockAlloc<WasmMemory>) -> R) -> R {
        crate::entry::with_storage(|sm| {
            sm.adopt_initial();
            MALLOC.with(|m| f(m, &mut sm.blocks))
        })
    }

    /// `void *malloc(size_t size)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_malloc(size: u64) -> *mut u8 {
        with(|m, b| m.malloc(b, size)) as usize as *mut u8
    }

    /// `void *calloc(size_t n, size_t size)`.
    #[no_mangle]
    pub extern "C" fn ahc_c_calloc(n: u64, size: u64) -> *mut u8 {
        let p = with(|m, b| m.calloc_uninit(b, n, size)) as usize as *mut u8;
        if !p.is_null() {
            // SAFETY: `p` is a fresh object of at least `n * size` bytes (which did not
            // overflow) in linear memory that only its caller will refer to.
            unsafe { core::ptr::write_bytes(p, 0, (n * size) as usize) }
        }
        p
    }

    /// `void *realloc(void *p, size_t size)`.
    ///
    /// # Safety
    /// As in C: `p` is NULL or a live result of these functions; it is dead afterwards unless
    /// the result is NULL.
    #[no_mangle]
    pub unsafe extern "C" fn ahc_c_realloc(p: *mut u8, size: u64) -> *mut u8 {
        with(|m, b| m.realloc(b, p as u32, size)) as usize as *mut u8
    }

    /// `void free(void *p)`.
    ///
    /// # Safety
    /// As in C: `p` is NULL or a live result of these functions (freeing one twice may go
    /// undetected and corrupt the allocator).
    #[no_mangle]
    pub unsafe extern "C" fn ahc_c_free(p: *mut u8) {
        with(|m, b| m.free(b, p as u32))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::USABLE_BLOCKS;
    use crate::mem::{FakeMemory, MBLOCK_SIZE, PAGES_PER_MBLOCK};
    use crate::sm::Storage;
    use std::collections::BTreeMap;
    use std::vec::Vec;

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    fn blocks(mblocks: u32) -> BlockAlloc<FakeMemory> {
        BlockAlloc::new(FakeMemory::new(2, (mblocks + 1) * PAGES_PER_MBLOCK))
    }

    fn fill(b: &mut BlockAlloc<FakeMemory>, p: u32, size: u64, seed: u8) {
        let bytes = &mut b.mblocks.mem.bytes[p as usize..(p as u64 + size) as usize];
        for (i, x) in bytes.iter_mut().enumerate() {
            *x = seed.wrapping_add((i as u8).wrapping_mul(31));
        }
    }

    fn check(b: &BlockAlloc<FakeMemory>, p: u32, size: u64, seed: u8) {
        let bytes = &b.mblocks.mem.bytes[p as usize..(p as u64 + size) as usize];
        for (i, x) in bytes.iter().enumerate() {
            assert_eq!(
                *x,
                seed.wrapping_add((i as u8).wrapping_mul(31)),
                "byte {i} of {p:#x}"
            );
        }
    }

    fn random_size(r: &mut Rng) -> u64 {
        match r.below(100) {
            0..=49 => r.below(65),
            50..=84 => r.below(2049),
            85..=97 => 2049 + r.below(20_000),
            _ => r.below(3 * MBLOCK_SIZE as u64),
        }
    }

    /// Random malloc/calloc/realloc/free against a model: results are aligned, never overlap
    /// each other, keep their contents (across realloc too), calloc zeroes, and freeing
    /// everything gives the memory back.
    #[test]
    fn random_sequences_against_a_model() {
        let mut b = blocks(256);
        let mut m = Malloc::new();
        let mut r = Rng(0x9e37_79b9_7f4a_7c15);
        // start -> (size, seed)
        let mut live: BTreeMap<u32, (u64, u8)> = BTreeMap::new();
        let no_overlap = |live: &BTreeMap<u32, (u64, u8)>, p: u32, size: u64| {
            let end = p as u64 + size.max(1);
            if let Some((&q, &(s, _))) = live.range(..=p).next_back() {
                assert!(q as u64 + s.max(1) <= p as u64, "{p:#x} overlaps {q:#x}");
            }
            if let Some((&q, _)) = live.range(p + 1..).next() {
                assert!(end <= q as u64, "{p:#x}+{size} overlaps {q:#x}");
            }
        };
        for step in 0..30_000u32 {
            let op = r.below(10);
            let seed = step as u8;
            if live.is_empty() || op < 4 {
                let size = random_size(&mut r);
                let zeroed = op == 3;
                let p = if zeroed {
                    m.calloc(&mut b, 1, size)
                } else {
                    m.malloc(&mut b, size)
                };
                assert_ne!(p, 0, "step {step}: {size} bytes");
                assert_eq!(p % ALIGN, 0);
                assert!(m.usable_size(&b, p) >= size.max(1));
                no_overlap(&live, p, size);
                if zeroed {
                    let bytes = &b.mblocks.mem.bytes[p as usize..(p as u64 + size) as usize];
                    assert!(bytes.iter().all(|&x| x == 0), "calloc zeroes");
                }
                fill(&mut b, p, size, seed);
                live.insert(p, (size, seed));
            } else {
                let k = r.below(live.len() as u64) as usize;
                let (&p, &(size, old_seed)) = live.iter().nth(k).unwrap();
                check(&b, p, size, old_seed);
                live.remove(&p);
                if op < 7 {
                    m.free(&mut b, p);
                    if size > MAX_SMALL as u64 {
                        assert_eq!(m.usable_size(&b, p), 0, "freed");
                    }
                } else {
                    let new_size = if r.below(2) == 0 {
                        random_size(&mut r).max(1)
                    } else {
                        (size + r.below(64)).max(1)
                    };
                    let q = m.realloc(&mut b, p, new_size);
                    assert_ne!(q, 0);
                    assert_eq!(q % ALIGN, 0);
                    check(&b, q, size.min(new_size), old_seed);
                    no_overlap(&live, q, new_size);
                    fill(&mut b, q, new_size, seed);
                    live.insert(q, (new_size, seed));
                }
            }
        }
        for (&p, &(size, seed)) in &live {
            check(&b, p, size, seed);
        }
        for &p in live.keys() {
            m.free(&mut b, p);
        }
        // At most one (empty) page per class is kept.
        let kept = m.partial.iter().filter(|&&p| p != 0).count() as u32;
        for &p in &m.partial {
            assert!(p == 0 || b.get(p, field::LINK) == 0);
        }
        let free_mblocks: u32 = b.mblocks.free_groups().map(|(_, n)| n).sum();
        let in_use = (b.mblocks.owned() - free_mblocks) * USABLE_BLOCKS - b.free_blocks();
        assert_eq!(in_use, kept);
    }

    #[test]
    fn reuse_after_free() {
        let mut b = blocks(8);
        let mut m = Malloc::new();
        for size in [1u64, 16, 17, 100, 2048, 2049, 5000, 2 * MBLOCK_SIZE as u64] {
            let p = m.malloc(&mut b, size);
            m.free(&mut b, p);
            assert_eq!(m.malloc(&mut b, size), p, "size {size}");
            m.free(&mut b, p);
        }
        // Objects of one page are adjacent; the most recently freed is reused first.
        let ps: Vec<u32> = (0..5).map(|_| m.malloc(&mut b, 40)).collect();
        for w in ps.windows(2) {
            assert_eq!(w[1], w[0] + 48);
        }
        m.free(&mut b, ps[3]);
        m.free(&mut b, ps[1]);
        assert_eq!(m.malloc(&mut b, 48), ps[1]);
        assert_eq!(m.malloc(&mut b, 33), ps[3]);
        // malloc(0) is a unique, freeable pointer.
        let z1 = m.malloc(&mut b, 0);
        let z2 = m.malloc(&mut b, 0);
        assert!(z1 != 0 && z2 != 0 && z1 != z2);
        m.free(&mut b, z1);
        m.free(&mut b, z2);
    }

    #[test]
    fn pages_fill_and_return() {
        let mut b = blocks(8);
        let mut m = Malloc::new();
        let per_page = (BLOCK_SIZE / 1360) as usize;
        let ps: Vec<u32> = (0..3 * per_page).map(|_| m.malloc(&mut b, 1300)).collect();
        let pages: Vec<u32> = ps.iter().map(|&p| b.group_of(p)).collect();
        assert_eq!(pages[0], pages[per_page - 1]);
        assert_ne!(pages[0], pages[per_page]);
        let free_before = b.free_blocks();
        for &p in &ps[per_page..2 * per_page] {
            m.free(&mut b, p);
        }
        assert_eq!(
            b.free_blocks(),
            free_before,
            "the only partial page is kept"
        );
        for &p in &ps[..per_page] {
            m.free(&mut b, p);
        }
        assert_eq!(b.free_blocks(), free_before + 1, "an empty page goes back");
        for &p in &ps[2 * per_page..] {
            m.free(&mut b, p);
        }
        assert_eq!(b.free_blocks(), free_before + 2, "all but one empty page");
        assert_eq!(m.partial[12], pages[per_page]);
        assert_eq!(m.partial.iter().filter(|&&p| p != 0).count(), 1);
    }

    #[test]
    fn realloc_cases() {
        let mut b = blocks(16);
        let mut m = Malloc::new();
        let z = m.realloc(&mut b, 0, 0);
        assert!(
            z != 0 && m.usable_size(&b, z) == 16,
            "realloc(NULL, 0) is malloc(0)"
        );
        let p = m.malloc(&mut b, 20);
        fill(&mut b, p, 20, 7);
        assert_eq!(m.realloc(&mut b, p, 32), p, "same class: in place");
        let q = m.realloc(&mut b, p, 3000);
        assert_ne!(q, p);
        check(&b, q, 20, 7);
        assert_eq!(m.malloc(&mut b, 20), p, "the old object is freed");
        assert_eq!(m.realloc(&mut b, q, 4000), q, "large, fits: in place");
        fill(&mut b, q, 4000, 9);
        let s = m.realloc(&mut b, q, 10);
        assert_ne!(s, q, "shrinking to small moves");
        check(&b, s, 10, 9);
        assert_eq!(m.realloc(&mut b, s, 0), 0, "realloc(p, 0) frees");
        assert_eq!(m.malloc(&mut b, 10), s, "and the object is free again");
        // A failed realloc leaves the object alone.
        let t = m.malloc(&mut b, 100);
        fill(&mut b, t, 100, 3);
        assert_eq!(m.realloc(&mut b, t, 1 << 40), 0);
        check(&b, t, 100, 3);
        assert_eq!(m.usable_size(&b, t), 128);
        // Not malloc's: NULL.
        assert_eq!(m.realloc(&mut b, t + 16, 8), 0);
        assert_eq!(m.realloc(&mut b, 0x40, 8), 0);
    }

    #[test]
    fn failures_are_null() {
        let mut b = blocks(4);
        let mut m = Malloc::new();
        assert_eq!(m.malloc(&mut b, u64::MAX), 0);
        assert_eq!(m.malloc(&mut b, 1 << 32), 0);
        assert_eq!(
            m.malloc(&mut b, 5 * MBLOCK_SIZE as u64),
            0,
            "beyond the memory"
        );
        assert_eq!(m.calloc(&mut b, 1 << 33, 1 << 33), 0, "overflow");
        assert_eq!(m.calloc(&mut b, u64::MAX, 2), 0);
        assert_ne!(m.calloc(&mut b, 0, 5), 0);
        // Exhaust memory with small objects: NULL at the end, no panic.
        let mut n = 0;
        while m.malloc(&mut b, 2048) != 0 {
            n += 1;
        }
        assert!(n >= 2 * 254 * 3, "{n}");
        assert_eq!(m.malloc(&mut b, 100), 0, "no page for a new class");
        assert_eq!(m.malloc(&mut b, 3000), 0, "no group for a large object");
        assert_ne!(m.malloc(&mut b, 16), 0, "calloc's page has room");
    }

    #[test]
    fn foreign_pointers_are_ignored() {
        let mut b = blocks(8);
        let mut m = Malloc::new();
        let p = m.malloc(&mut b, 64);
        let g = b.alloc_group(2).unwrap(); // someone else's group
        let gs = b.get(g, field::START);
        let before = b.free_blocks();
        for bad in [
            0,
            8,
            0x1000,
            p + 8,
            p + 16,
            gs,
            gs + 4096,
            MBLOCK_SIZE,
            3 * MBLOCK_SIZE,
        ] {
            m.free(&mut b, bad);
        }
        assert_eq!(b.free_blocks(), before);
        assert_eq!(m.usable_size(&b, p), 64);
        m.free(&mut b, p);
        // A page never hands out its tail slop: 4096 = 3 * 1360 + 16.
        let q = m.malloc(&mut b, 1360);
        let start = b.get(b.group_of(q), field::START);
        assert_eq!(m.usable_size(&b, start + 3 * 1360), 0);
    }

    /// malloc'd memory inside a storage manager: `--debug`'s check accepts it, and collections
    /// neither free nor touch it.
    #[test]
    fn invisible_to_the_collector() {
        use ahc_abi::ClosureType;
        let mut mem = FakeMemory::new(PAGES_PER_MBLOCK, 64 * PAGES_PER_MBLOCK);
        mem.floor = 8;
        let mut s = Storage::new(mem);
        let r = s.init_with(1).unwrap();
        s.adopt_initial();
        // A stack holding just a stop frame, whose info table is static.
        let stop = 0x1000;
        s.mem_mut()
            .store_u32(stop + ahc_abi::info::TYPE, ClosureType::StopFrame as u32);
        let sp = r.sp - 8;
        s.mem_mut().store_u64(sp, stop as u64);
        let mut m = Malloc::new();
        let mut objs = Vec::new();
        for (i, size) in [8u64, 100, 2000, 5000, 300_000, 2 * MBLOCK_SIZE as u64]
            .into_iter()
            .enumerate()
        {
            let p = m.malloc(&mut s.blocks, size);
            fill(&mut s.blocks, p, size, i as u8);
            assert!(s.owns(p, size as u32, 0x400, 0x2000), "owned: {size}");
            objs.push((p, size, i as u8));
        }
        // Some heap allocation, then minor and major collections.
        for major in [false, true, false, true] {
            s.allocate(64, 0).unwrap();
            s.allocate(10_000, 0).unwrap();
            s.allocate_pinned(100, 16, 0).unwrap();
            s.collect_gen(sp, major);
            s.refill(0, 8).unwrap();
            for &(p, size, seed) in &objs {
                check(&s.blocks, p, size, seed);
                assert!(s.owns(p, size as u32, 0x400, 0x2000));
                assert!(m.usable_size(&s.blocks, p) >= size);
            }
        }
        for &(p, size, _) in &objs {
            m.free(&mut s.blocks, p);
            if size > MAX_SMALL as u64 {
                assert!(!s.owns(p, 8, 0x400, 0x2000), "a freed large object");
            }
        }
    }
}
