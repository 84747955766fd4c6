//! The address space: megablocks from `memory.grow`.
//!
//! Linear memory below the first megablock belongs to the linker (static data, Rust's shadow
//! stack).  Above it, the runtime owns everything, in *megablocks* of [`MBLOCK_SIZE`] bytes
//! aligned to [`MBLOCK_SIZE`].  A megablock is never given back to the host (wasm memory cannot
//! shrink); freed megablock groups go on a free list, sorted by address and coalesced.
//!
//! The free list is intrusive: a free group of `n` megablocks starting at `m` stores `n` at `m`
//! and the address of the next free group (0 at the end) at `m + 4`.  Those 8 bytes are the
//! descriptor of block 0, which [`crate::block`] never uses.
//!
//! Memory access goes through [`LinearMemory`] so the allocators can be tested natively with a
//! fake memory ([`FakeMemory`], test builds only).

/// Bytes in a wasm page (the unit of `memory.grow`).
pub const WASM_PAGE: u32 = 65536;
/// log2 of [`MBLOCK_SIZE`].
pub const MBLOCK_SHIFT: u32 = 20;
/// Bytes in a megablock: 1 MiB.
pub const MBLOCK_SIZE: u32 = 1 << MBLOCK_SHIFT;
/// Mask of the offset of an address within its megablock.
pub const MBLOCK_MASK: u32 = MBLOCK_SIZE - 1;
/// wasm pages in a megablock.
pub const PAGES_PER_MBLOCK: u32 = MBLOCK_SIZE / WASM_PAGE;
/// The fewest megablocks [`MBlockAlloc::alloc`] asks the host for at a time.
pub const MIN_GROW_MBLOCKS: u32 = 4;
/// The highest address a megablock may end at.  The last megablock of the 4 GiB space is never
/// used, so that `start + size` always fits in a `u32`.
pub const ADDRESS_SPACE_END: u32 = 0u32.wrapping_sub(MBLOCK_SIZE);

/// The memory the runtime manages: it grows in wasm pages and holds the allocators' metadata.
pub trait LinearMemory {
    /// Current size in wasm pages (`memory.size`).
    fn size_pages(&self) -> u32;
    /// Grows by `delta` pages; the previous size in pages, or `None` if the host refused
    /// (`memory.grow`).
    fn grow_pages(&mut self, delta: u32) -> Option<u32>;
    /// Reads the little-endian `u32` at `addr` (4-aligned, inside memory owned by the runtime).
    fn load_u32(&self, addr: u32) -> u32;
    /// Writes the little-endian `u32` at `addr` (4-aligned, inside memory owned by the runtime).
    fn store_u32(&mut self, addr: u32, value: u32);

    /// The block allocator's word about megablock number `m` (see
    /// [`crate::block::BlockAlloc::owner`]); 0 until set.
    fn owner(&self, m: u32) -> u32;
    /// Sets [`owner`](Self::owner) of megablock `m`.
    fn set_owner(&mut self, m: u32, v: u32);

    /// Reads the little-endian `u64` at `addr` (8-aligned).
    #[inline]
    fn load_u64(&self, addr: u32) -> u64 {
        self.load_u32(addr) as u64 | (self.load_u32(addr + 4) as u64) << 32
    }
    /// Writes the little-endian `u64` at `addr` (8-aligned).
    #[inline]
    fn store_u64(&mut self, addr: u32, value: u64) {
        self.store_u32(addr, value as u32);
        self.store_u32(addr + 4, (value >> 32) as u32);
    }
    /// Reads the byte at `addr`.
    #[inline]
    fn load_u8(&self, addr: u32) -> u8 {
        (self.load_u32(addr & !3) >> ((addr & 3) * 8)) as u8
    }
    /// Copies `words` 8-byte words from `src` to `dst` (both 8-aligned; the ranges may overlap).
    #[inline]
    fn copy_words(&mut self, dst: u32, src: u32, words: u32) {
        if dst <= src {
            for i in 0..words {
                let w = self.load_u64(src + 8 * i);
                self.store_u64(dst + 8 * i, w);
            }
        } else {
            for i in (0..words).rev() {
                let w = self.load_u64(src + 8 * i);
                self.store_u64(dst + 8 * i, w);
            }
        }
    }
}

/// The module's own linear memory (memory index 0).
#[cfg(target_arch = "wasm32")]
#[derive(Default)]
pub struct WasmMemory;

/// Megablocks in the 4 GiB address space.
pub const MBLOCKS: usize = 1 << (32 - MBLOCK_SHIFT);

/// [`LinearMemory::owner`] of the wasm memory: zeroed static memory (16 KiB of `.bss`, no
/// bytes in the module).
#[cfg(target_arch = "wasm32")]
static OWNERS: crate::Global<[u32; MBLOCKS]> = crate::Global::new([0; MBLOCKS]);

#[cfg(target_arch = "wasm32")]
impl LinearMemory for WasmMemory {
    #[inline]
    fn size_pages(&self) -> u32 {
        core::arch::wasm32::memory_size(0) as u32
    }

    #[inline]
    fn grow_pages(&mut self, delta: u32) -> Option<u32> {
        let old = core::arch::wasm32::memory_grow(0, delta as usize);
        if old == usize::MAX {
            None
        } else {
            Some(old as u32)
        }
    }

    #[inline]
    fn load_u32(&self, addr: u32) -> u32 {
        // SAFETY: callers only pass 4-aligned addresses inside megablocks this allocator obtained
        // from memory.grow (never address 0, see `MBlockAlloc::grow`); wasm memory is plain bytes,
        // so any bit pattern is a valid u32.
        unsafe { (addr as usize as *const u32).read() }
    }

    #[inline]
    fn store_u32(&mut self, addr: u32, value: u32) {
        // SAFETY: as for `load_u32`; the runtime owns these bytes (block metadata or free
        // megablocks) and no Rust reference to them exists.
        unsafe { (addr as usize as *mut u32).write(value) }
    }

    #[inline]
    fn owner(&self, m: u32) -> u32 {
        OWNERS.with(|t| t.get(m as usize).copied().unwrap_or(0))
    }

    #[inline]
    fn set_owner(&mut self, m: u32, v: u32) {
        OWNERS.with(|t| {
            if let Some(slot) = t.get_mut(m as usize) {
                *slot = v;
            }
        })
    }

    #[inline]
    fn load_u64(&self, addr: u32) -> u64 {
        // SAFETY: 8-aligned addresses of heap objects, stack frames or static data in linear
        // memory (the callers' contract); any bit pattern is a valid u64.
        unsafe { (addr as usize as *const u64).read() }
    }

    #[inline]
    fn store_u64(&mut self, addr: u32, value: u64) {
        // SAFETY: as for `load_u64`; the runtime owns the object or frame being written and no
        // Rust reference to those bytes exists.
        unsafe { (addr as usize as *mut u64).write(value) }
    }

    #[inline]
    fn load_u8(&self, addr: u32) -> u8 {
        // SAFETY: an address in linear memory (static data: argument patterns); no alignment
        // needed for bytes.
        unsafe { (addr as usize as *const u8).read() }
    }

    #[inline]
    fn copy_words(&mut self, dst: u32, src: u32, words: u32) {
        // SAFETY: both ranges lie in linear memory the runtime owns (heap objects, stacks);
        // `copy` allows overlap.
        unsafe {
            core::ptr::copy(
                src as usize as *const u64,
                dst as usize as *mut u64,
                words as usize,
            )
        }
    }
}

/// A growable fake linear memory for native tests.
#[cfg(test)]
pub struct FakeMemory {
    /// The bytes; `len()` is always a multiple of [`WASM_PAGE`].
    pub bytes: std::vec::Vec<u8>,
    /// The most pages `grow_pages` allows.
    pub max_pages: u32,
    /// Accesses below this address fail (default: everything below the first megablock, which
    /// the allocators never touch; tests with static objects lower it).
    pub floor: u32,
    /// [`LinearMemory::owner`].
    pub owners: std::vec::Vec<u32>,
}

#[cfg(test)]
impl FakeMemory {
    /// A memory of `pages` pages (like the static data a linker reserves) that may grow to
    /// `max_pages`.
    pub fn new(pages: u32, max_pages: u32) -> Self {
        FakeMemory {
            bytes: std::vec![0; (pages * WASM_PAGE) as usize],
            max_pages,
            floor: MBLOCK_SIZE,
            owners: std::vec![0; MBLOCKS],
        }
    }
}

#[cfg(test)]
impl LinearMemory for FakeMemory {
    fn size_pages(&self) -> u32 {
        (self.bytes.len() / WASM_PAGE as usize) as u32
    }

    fn grow_pages(&mut self, delta: u32) -> Option<u32> {
        let old = self.size_pages();
        if old.checked_add(delta)? > self.max_pages {
            return None;
        }
        self.bytes
            .resize(((old + delta) as usize) * WASM_PAGE as usize, 0);
        Some(old)
    }

    fn owner(&self, m: u32) -> u32 {
        self.owners[m as usize]
    }

    fn set_owner(&mut self, m: u32, v: u32) {
        self.owners[m as usize] = v;
    }

    fn load_u32(&self, addr: u32) -> u32 {
        assert!(
            addr.is_multiple_of(4) && addr >= self.floor,
            "bad load at {addr:#x}"
        );
        let a = addr as usize;
        u32::from_le_bytes(self.bytes[a..a + 4].try_into().unwrap())
    }

    fn store_u32(&mut self, addr: u32, value: u32) {
        assert!(
            addr.is_multiple_of(4) && addr >= self.floor,
            "bad store at {addr:#x}"
        );
        let a = addr as usize;
        self.bytes[a..a + 4].copy_from_slice(&value.to_le_bytes());
    }
}

/// Why memory could not be had.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocError {
    /// The host refused to grow memory (or the 4 GiB space is full): GHC's
    /// `out of memory (requested N bytes)`.
    OutOfMemory {
        /// Megablocks that were being requested from the host.
        mblocks: u32,
    },
    /// The configured maximum heap size was reached: GHC's `Heap exhausted;`.
    HeapExhausted {
        /// The maximum heap size in megablocks.
        limit: u32,
    },
}

impl AllocError {
    /// The request (`OutOfMemory`) or the limit (`HeapExhausted`) in bytes.
    pub fn bytes(self) -> u64 {
        let (AllocError::OutOfMemory { mblocks: n } | AllocError::HeapExhausted { limit: n }) =
            self;
        n as u64 * MBLOCK_SIZE as u64
    }
}

/// The megablock allocator.
pub struct MBlockAlloc<M> {
    /// The memory managed.
    pub mem: M,
    /// First free megablock group (0 when none).
    free: u32,
    /// Megablocks obtained from the host so far.
    owned: u32,
    /// Maximum number of megablocks to obtain (0: no limit but the address space).
    limit: u32,
}

impl<M: LinearMemory> MBlockAlloc<M> {
    /// An allocator that has obtained nothing yet.
    pub const fn new(mem: M) -> Self {
        MBlockAlloc {
            mem,
            free: 0,
            owned: 0,
            limit: 0,
        }
    }

    /// Limits the memory obtained from the host to `max_heap` bytes (rounded down to megablocks;
    /// 0 = no limit).  This is the equivalent of GHC's `+RTS -M`.
    pub fn set_max_heap(&mut self, max_heap: u64) {
        self.limit = (max_heap >> MBLOCK_SHIFT).min(u32::MAX as u64) as u32;
        if max_heap != 0 && self.limit == 0 {
            self.limit = 1;
        }
    }

    /// Megablocks obtained from the host so far.
    pub fn owned(&self) -> u32 {
        self.owned
    }

    /// Allocates `n` (> 0) contiguous megablocks; returns the address of the first one.
    pub fn alloc(&mut self, n: u32) -> Result<u32, AllocError> {
        // First fit on the free list; the front of a larger group is taken.
        let mut prev = 0u32;
        let mut cur = self.free;
        while cur != 0 {
            let count = self.mem.load_u32(cur);
            let next = self.mem.load_u32(cur + 4);
            if count >= n {
                let after = if count == n {
                    next
                } else {
                    let rest = cur + n * MBLOCK_SIZE;
                    self.mem.store_u32(rest, count - n);
                    self.mem.store_u32(rest + 4, next);
                    rest
                };
                self.set_next(prev, after);
                return Ok(cur);
            }
            prev = cur;
            cur = next;
        }
        self.grow_geometric(n)
    }

    /// Gets at least `n` megablocks from the host for [`alloc`](Self::alloc): by a quarter of
    /// what is owned (at least [`MIN_GROW_MBLOCKS`]) when possible, since every `memory.grow` is
    /// expensive in engines (about 1.5 ms in V8, whatever the size); the surplus goes on the free
    /// list.
    fn grow_geometric(&mut self, n: u32) -> Result<u32, AllocError> {
        let mut want = n.max(self.owned / 4).max(MIN_GROW_MBLOCKS);
        if self.limit != 0 {
            want = want.min(self.limit.saturating_sub(self.owned)).max(n);
        }
        // Near the end of the address space, settle for less.
        while want > n {
            if let Ok(start) = self.grow(want) {
                self.free(start + n * MBLOCK_SIZE, want - n);
                return Ok(start);
            }
            want = n.max(want / 2);
        }
        self.grow(n)
    }

    /// Gets `n` (> 0) fresh megablocks from the host, bypassing the free list.
    pub fn grow(&mut self, n: u32) -> Result<u32, AllocError> {
        if self.limit != 0 && self.owned.saturating_add(n) > self.limit {
            return Err(AllocError::HeapExhausted { limit: self.limit });
        }
        let oom = AllocError::OutOfMemory { mblocks: n };
        let pages = self.mem.size_pages();
        if pages > ADDRESS_SPACE_END / WASM_PAGE {
            return Err(oom);
        }
        let end = pages * WASM_PAGE;
        // Never at address 0: megablock 0 holds the linker's data anyway.
        let start = ((end + MBLOCK_MASK) & !MBLOCK_MASK).max(MBLOCK_SIZE);
        let new_end = match n
            .checked_mul(MBLOCK_SIZE)
            .and_then(|size| start.checked_add(size))
        {
            Some(e) if e <= ADDRESS_SPACE_END => e,
            _ => return Err(oom),
        };
        if self.mem.grow_pages((new_end - end) / WASM_PAGE) != Some(pages) {
            // A refusal.  (Another user of memory.grow in between is impossible in a
            // single-threaded runtime that owns memory.grow; it is treated as a refusal too.)
            return Err(oom);
        }
        self.owned += n;
        Ok(start)
    }

    /// Returns the `n` megablocks at `addr` (from [`alloc`](Self::alloc)) to the free list.
    pub fn free(&mut self, addr: u32, n: u32) {
        debug_assert!(addr & MBLOCK_MASK == 0 && n > 0);
        let mut prev = 0u32;
        let mut cur = self.free;
        while cur != 0 && cur < addr {
            prev = cur;
            cur = self.mem.load_u32(cur + 4);
        }
        // Merge with the following group.
        let (mut count, next) = if cur != 0 && addr + n * MBLOCK_SIZE == cur {
            (n + self.mem.load_u32(cur), self.mem.load_u32(cur + 4))
        } else {
            (n, cur)
        };
        // Merge with the preceding group.
        if prev != 0 {
            let prev_count = self.mem.load_u32(prev);
            if prev + prev_count * MBLOCK_SIZE == addr {
                count += prev_count;
                self.mem.store_u32(prev, count);
                self.mem.store_u32(prev + 4, next);
                return;
            }
        }
        self.mem.store_u32(addr, count);
        self.mem.store_u32(addr + 4, next);
        self.set_next(prev, addr);
    }

    fn set_next(&mut self, prev: u32, next: u32) {
        if prev == 0 {
            self.free = next;
        } else {
            self.mem.store_u32(prev + 4, next);
        }
    }

    /// The free list as (address, megablocks) pairs, in address order (for tests and debugging).
    pub fn free_groups(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut cur = self.free;
        core::iter::from_fn(move || {
            if cur == 0 {
                return None;
            }
            let item = (cur, self.mem.load_u32(cur));
            cur = self.mem.load_u32(cur + 4);
            Some(item)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    fn alloc() -> MBlockAlloc<FakeMemory> {
        // 3 pages of "static data", room for 16 megablocks.
        MBlockAlloc::new(FakeMemory::new(3, 17 * PAGES_PER_MBLOCK))
    }

    #[test]
    fn fresh_megablocks_are_aligned_and_contiguous() {
        let mut a = alloc();
        let m1 = a.alloc(1).unwrap();
        assert_eq!(
            m1, MBLOCK_SIZE,
            "first megablock skips the linker's data, aligned"
        );
        let m2 = a.alloc(3).unwrap();
        assert_eq!(m2, 2 * MBLOCK_SIZE);
        assert_eq!(a.mem.size_pages(), 5 * PAGES_PER_MBLOCK);
        assert_eq!(a.owned(), 4);
    }

    #[test]
    fn free_list_first_fit_split_and_coalesce() {
        let mut a = alloc();
        let m: Vec<u32> = (0..6).map(|_| a.grow(1).unwrap()).collect();
        a.free(m[1], 1);
        a.free(m[3], 1);
        assert_eq!(a.free_groups().collect::<Vec<_>>(), [(m[1], 1), (m[3], 1)]);
        a.free(m[2], 1); // joins both neighbours
        assert_eq!(a.free_groups().collect::<Vec<_>>(), [(m[1], 3)]);
        // Split: the front of the group is taken.
        assert_eq!(a.alloc(2).unwrap(), m[1]);
        assert_eq!(a.free_groups().collect::<Vec<_>>(), [(m[3], 1)]);
        a.free(m[5], 1);
        a.free(m[0], 1);
        assert_eq!(
            a.free_groups().collect::<Vec<_>>(),
            [(m[0], 1), (m[3], 1), (m[5], 1)]
        );
        // Too large for any free group: fresh memory, with a surplus (MIN_GROW_MBLOCKS).
        let owned = a.owned();
        let big = a.alloc(2).unwrap();
        assert_eq!(big, m[5] + MBLOCK_SIZE);
        assert_eq!(a.owned(), owned + MIN_GROW_MBLOCKS);
        assert_eq!(
            a.free_groups().collect::<Vec<_>>(),
            [(m[0], 1), (m[3], 1), (m[5], 1), (big + 2 * MBLOCK_SIZE, 2)]
        );
        a.free(big, 2); // merges with m[5] and the surplus
        assert_eq!(
            a.free_groups().collect::<Vec<_>>(),
            [(m[0], 1), (m[3], 1), (m[5], 5)]
        );
    }

    #[test]
    fn growth_is_geometric_within_limits() {
        let mut a = MBlockAlloc::new(FakeMemory::new(1, 200 * PAGES_PER_MBLOCK));
        a.grow(100).unwrap();
        let m = a.alloc(1).unwrap();
        assert_eq!(a.owned(), 125, "a quarter of what is owned");
        assert_eq!(a.free_groups().collect::<Vec<_>>(), [(m + MBLOCK_SIZE, 24)]);
        // Near the end of memory: what is left.
        let mut b = MBlockAlloc::new(FakeMemory::new(1, 4 * PAGES_PER_MBLOCK));
        b.grow(2).unwrap();
        assert!(b.alloc(1).is_ok());
        assert_eq!(b.owned(), 3);
        let mut b = MBlockAlloc::new(FakeMemory::new(1, 6 * PAGES_PER_MBLOCK));
        b.grow(2).unwrap();
        assert!(b.alloc(1).is_ok());
        assert_eq!(b.owned(), 4, "4 wanted, 3 available: 2 taken");
        // Under a heap limit: up to the limit.
        let mut c = MBlockAlloc::new(FakeMemory::new(1, 200 * PAGES_PER_MBLOCK));
        c.set_max_heap(6 * MBLOCK_SIZE as u64);
        c.grow(4).unwrap();
        c.alloc(1).unwrap();
        assert_eq!(c.owned(), 6);
        assert_eq!(c.alloc(2), Err(AllocError::HeapExhausted { limit: 6 }));
    }

    #[test]
    fn out_of_memory_and_heap_limit() {
        let mut a = alloc();
        assert_eq!(a.alloc(17), Err(AllocError::OutOfMemory { mblocks: 17 }));
        assert_eq!(a.alloc(16), Ok(MBLOCK_SIZE));
        assert!(matches!(a.alloc(1), Err(AllocError::OutOfMemory { .. })));

        let mut b = alloc();
        b.set_max_heap(2 * MBLOCK_SIZE as u64 + 5);
        b.alloc(2).unwrap();
        assert_eq!(b.alloc(1), Err(AllocError::HeapExhausted { limit: 2 }));
    }

    #[test]
    fn address_space_end_is_never_crossed() {
        // Without touching the bytes: pretend memory is nearly full.
        struct Huge(u32);
        impl LinearMemory for Huge {
            fn size_pages(&self) -> u32 {
                self.0
            }
            fn grow_pages(&mut self, d: u32) -> Option<u32> {
                let old = self.0;
                self.0 = self.0.checked_add(d).filter(|&p| p <= 65536)?;
                Some(old)
            }
            fn load_u32(&self, _: u32) -> u32 {
                unreachable!()
            }
            fn store_u32(&mut self, _: u32, _: u32) {
                unreachable!()
            }
            fn owner(&self, _: u32) -> u32 {
                unreachable!()
            }
            fn set_owner(&mut self, _: u32, _: u32) {
                unreachable!()
            }
        }
        let mut h = MBlockAlloc::new(Huge(65536 - 3 * PAGES_PER_MBLOCK));
        assert_eq!(h.grow(1), Ok(ADDRESS_SPACE_END - 2 * MBLOCK_SIZE));
        assert_eq!(h.grow(1), Ok(ADDRESS_SPACE_END - MBLOCK_SIZE));
        assert!(h.grow(1).is_err(), "the last megablock stays unused");
        assert_eq!(h.mem.size_pages(), 65536 - PAGES_PER_MBLOCK);
    }
}
