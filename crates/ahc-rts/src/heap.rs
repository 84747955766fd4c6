//! The nursery: where generated code bump-allocates.
//!
//! Generated code keeps `Hp` (next free byte, 8-aligned, grows upward) and `HpLim` (one past the
//! last usable byte) in wasm globals.  An allocation of `n` bytes fits if `Hp + n <= HpLim`;
//! otherwise the code calls `ahc_rts_heap_exhausted(hp, need)` and the runtime installs a new
//! region with `ahc_set_hp` ([`Nursery::refill`]).
//!
//! The nursery is a chain of block groups ("chunks") flagged [`F_NURSERY`].  Without a garbage
//! collector (this milestone), a full chunk is *retired*: its `free` field records how far it was
//! filled and it is linked (through `link`) on the retired list, which is exactly what a copying
//! collector needs to find the objects allocated since the last collection.

use crate::block::{blocks_bytes, field, BlockAlloc, BLOCK_SIZE, F_NURSERY, USABLE_BLOCKS};
use crate::mem::{AllocError, LinearMemory};

/// Blocks in a nursery chunk: one megablock's worth (1016 KiB).
pub const CHUNK_BLOCKS: u32 = USABLE_BLOCKS;

/// The nursery.
pub struct Nursery {
    /// Head descriptor of the chunk being allocated into (0 before the first refill).
    current: u32,
    /// Retired chunks, newest first, linked through their descriptors' `link` (0 = none).
    retired: u32,
}

impl Default for Nursery {
    fn default() -> Self {
        Self::new()
    }
}

impl Nursery {
    /// An empty nursery; the first [`refill`](Self::refill) gives it its first chunk.
    pub const fn new() -> Self {
        Nursery {
            current: 0,
            retired: 0,
        }
    }

    /// Head descriptor of the current chunk (0 if none).
    pub fn current(&self) -> u32 {
        self.current
    }

    /// Head of the retired-chunk list (0 if empty).
    pub fn retired(&self) -> u32 {
        self.retired
    }

    /// Makes group `chunk` (of `n` blocks) the current chunk; returns its region `(hp, hplim)`.
    pub fn install<M: LinearMemory>(
        &mut self,
        blocks: &mut BlockAlloc<M>,
        chunk: u32,
        n: u32,
    ) -> (u32, u32) {
        blocks.add_flags(chunk, F_NURSERY);
        self.current = chunk;
        let start = blocks.get(chunk, field::START);
        (start, start + blocks_bytes(n))
    }

    /// Retires the current chunk, filled up to `hp`, and returns a new region `(hp, hplim)` with at
    /// least `need` free bytes.  A `need` above the chunk size gets a group of its own size.
    pub fn refill<M: LinearMemory>(
        &mut self,
        blocks: &mut BlockAlloc<M>,
        hp: u32,
        need: u32,
    ) -> Result<(u32, u32), AllocError> {
        let n = need.div_ceil(BLOCK_SIZE).max(CHUNK_BLOCKS);
        let chunk = blocks.alloc_group(n)?;
        if self.current != 0 {
            let old = self.current;
            let start = blocks.get(old, field::START);
            let end = start + blocks_bytes(blocks.get(old, field::BLOCKS));
            // Generated code may have bumped Hp past HpLim before checking.
            blocks.set(old, field::FREE, hp.max(start).min(end));
            blocks.set(old, field::LINK, self.retired);
            self.retired = old;
        }
        Ok(self.install(blocks, chunk, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::field;
    use crate::mem::{FakeMemory, PAGES_PER_MBLOCK};

    #[test]
    fn refill_retires_chunks_and_honours_need() {
        let mut b = BlockAlloc::new(FakeMemory::new(1, 10 * PAGES_PER_MBLOCK));
        let mut n = Nursery::new();
        let (hp, lim) = n.refill(&mut b, 0, 16).unwrap();
        assert_eq!(lim - hp, blocks_bytes(CHUNK_BLOCKS));
        assert_eq!(hp % 8, 0);
        let first = n.current();
        // Hp bumped past HpLim: recorded as full.
        let (hp2, lim2) = n.refill(&mut b, lim + 24, 2 * 1024 * 1024).unwrap();
        assert!(lim2 - hp2 >= 2 * 1024 * 1024);
        assert_eq!(n.retired(), first);
        assert_eq!(b.get(first, field::FREE), lim);
        let second = n.current();
        n.refill(&mut b, hp2 + 40, 8).unwrap();
        assert_eq!(n.retired(), second);
        assert_eq!(b.get(second, field::FREE), hp2 + 40);
        assert_eq!(b.get(second, field::LINK), first);
        assert!(b.get(n.current(), field::FLAGS) & F_NURSERY != 0);
    }

    #[test]
    fn exhaustion_is_an_error() {
        let mut b = BlockAlloc::new(FakeMemory::new(1, 3 * PAGES_PER_MBLOCK));
        let mut n = Nursery::new();
        n.refill(&mut b, 0, 8).unwrap();
        n.refill(&mut b, 0, 8).unwrap();
        assert!(n.refill(&mut b, 0, 8).is_err());
    }
}
