//! Blocks and block groups.
//!
//! Each megablock ([`crate::mem`]) is divided into [`BLOCKS_PER_MBLOCK`] blocks of
//! [`BLOCK_SIZE`] bytes.  Its first [`FIRST_BLOCK`] blocks hold a table of 32-byte *block
//! descriptors*, one per block of the megablock, so the descriptor of any address inside a
//! megablock is found by arithmetic ([`bdescr`]).  The other [`USABLE_BLOCKS`] blocks are handed
//! out in *groups* of contiguous blocks; a group is named by the descriptor of its first block
//! (its *head*).
//!
//! A group of more than [`USABLE_BLOCKS`] blocks spans several megablocks: it starts at the first
//! usable block of a megablock and continues over the following megablocks entirely (their
//! descriptor tables are part of the group's memory), so only its head descriptor is meaningful.
//! Objects in such a group must be pointed to only in its first megablock (as in GHC: one large
//! object per such group).
//!
//! ## Descriptor layout (all fields little-endian `u32`)
//! | offset | field | meaning |
//! |---|---|---|
//! | 0 | `start` | address of the group's first byte (head only) |
//! | 4 | `free` | first unused byte (allocation pointer, owner's use) |
//! | 8 | `link` | next group in a list (owner's use; free lists while free) |
//! | 12 | `blocks` | number of blocks in the group (head only) |
//! | 16 | `flags` | [`F_FREE`], [`F_MULTI`], and the owner's flags from [`F_NURSERY`] on |
//! | 20 | `head` | address of the head descriptor of the group containing this block |
//! | 24 | `back` | previous group on a free list (0 at the front) |
//! | 28 | `gen` | owner's use (generation number, GC data) |
//!
//! ## Invariants (what makes coalescing correct)
//! - Every usable block of a megablock that is not itself free as a whole belongs to exactly one
//!   group.  Groups of one megablock are contiguous and tile its usable blocks.
//! - Allocated group (single megablock): every block's `head` is the group's head; the head has
//!   no [`F_FREE`].
//! - Free group: the head has [`F_FREE`], `start` and `blocks`; every block's `head` is the
//!   head (coalescing needs the last one's); it is on the free list of bucket
//!   `floor(log2(blocks))`.
//! - [`BlockAlloc::owner`] says for every megablock whether the block allocator holds it, and
//!   how: divided by its own descriptor table, or part of a multi-megablock group.
//! - A megablock whose usable blocks are all free is returned to [`MBlockAlloc`].

use crate::mem::{AllocError, LinearMemory, MBlockAlloc, MBLOCK_MASK, MBLOCK_SIZE};

/// log2 of [`BLOCK_SIZE`].
pub const BLOCK_SHIFT: u32 = 12;
/// Bytes in a block: 4 KiB.
pub const BLOCK_SIZE: u32 = 1 << BLOCK_SHIFT;
/// Blocks in a megablock.
pub const BLOCKS_PER_MBLOCK: u32 = MBLOCK_SIZE / BLOCK_SIZE;
/// Bytes in a block descriptor.
pub const DESC_SIZE: u32 = 32;
/// log2 of [`DESC_SIZE`].
const DESC_SHIFT: u32 = 5;
/// Index of the first usable block of a megablock (the ones before hold the descriptors).
pub const FIRST_BLOCK: u32 = BLOCKS_PER_MBLOCK * DESC_SIZE / BLOCK_SIZE;
/// Usable blocks in a megablock.
pub const USABLE_BLOCKS: u32 = BLOCKS_PER_MBLOCK - FIRST_BLOCK;

/// Descriptor field offsets.
pub mod field {
    pub const START: u32 = 0;
    pub const FREE: u32 = 4;
    pub const LINK: u32 = 8;
    pub const BLOCKS: u32 = 12;
    pub const FLAGS: u32 = 16;
    pub const HEAD: u32 = 20;
    pub const BACK: u32 = 24;
    pub const GEN: u32 = 28;
}

/// The group is free (allocator-owned flag).
pub const F_FREE: u32 = 1;
/// The group spans several megablocks (allocator-owned flag).
pub const F_MULTI: u32 = 2;
/// The group belongs to the nursery.
pub const F_NURSERY: u32 = 4;
/// The group holds a Haskell stack.
pub const F_STACK: u32 = 8;
/// The group holds one large object (never copied by the collector).
pub const F_LARGE: u32 = 16;
/// The group holds pinned objects (never moved; no pointer fields).
pub const F_PINNED: u32 = 32;
/// The group holds runtime tables (stable pointers/names, …), not Haskell objects.
pub const F_TABLE: u32 = 64;
/// The group is to-space of the collection in progress although its generation is collected
/// (the aging area, see `crate::gc`).
pub const F_TO: u32 = 128;
/// Flags the allocator owns; owners must preserve them.
const ALLOCATOR_FLAGS: u32 = F_FREE | F_MULTI;

/// Number of free-list buckets: bucket `i` holds free groups of `2^i ..= 2^(i+1) - 1` blocks.
const BUCKETS: usize = (32 - USABLE_BLOCKS.leading_zeros()) as usize;

/// The descriptor of the block containing `addr` (an address inside a megablock's usable area).
#[inline]
pub const fn bdescr(addr: u32) -> u32 {
    (addr & !MBLOCK_MASK) | (((addr & MBLOCK_MASK) >> BLOCK_SHIFT) << DESC_SHIFT)
}

/// The first byte of the block described by descriptor `desc`.
#[inline]
pub const fn block_start(desc: u32) -> u32 {
    (desc & !MBLOCK_MASK) | (((desc & MBLOCK_MASK) >> DESC_SHIFT) << BLOCK_SHIFT)
}

/// Index within its megablock of the block described by `desc`.
#[inline]
const fn block_index(desc: u32) -> u32 {
    (desc & MBLOCK_MASK) >> DESC_SHIFT
}

/// Megablocks needed for a group of `n` blocks (`n > USABLE_BLOCKS`).
#[inline]
const fn mblocks_for(n: u32) -> u32 {
    1 + (n - USABLE_BLOCKS).div_ceil(BLOCKS_PER_MBLOCK)
}

/// The free-list bucket of a group of `n` (> 0) blocks.
#[inline]
const fn bucket(n: u32) -> usize {
    let b = (31 - n.leading_zeros()) as usize;
    // Only ever a no-op, but it lets the compiler drop bounds checks (and their panics).
    if b < BUCKETS {
        b
    } else {
        BUCKETS - 1
    }
}

/// [`BlockAlloc::owner`] of a megablock divided into groups by its own descriptor table.
pub const OWNER_SINGLE: u32 = 1;

/// The block-group allocator.
pub struct BlockAlloc<M> {
    /// Where megablocks come from.
    pub mblocks: MBlockAlloc<M>,
    /// Heads of the free lists (0 = empty).
    free: [u32; BUCKETS],
}

impl<M: LinearMemory> BlockAlloc<M> {
    /// An allocator owning no memory yet.
    pub const fn new(mem: M) -> Self {
        BlockAlloc {
            mblocks: MBlockAlloc::new(mem),
            free: [0; BUCKETS],
        }
    }

    /// Who holds the megablock containing `addr`: 0 if the block allocator does not,
    /// [`OWNER_SINGLE`] if its own descriptor table describes it, else the head descriptor of
    /// the multi-megablock group it is part of (kept by the memory, see
    /// [`LinearMemory::owner`]).
    #[inline]
    pub fn owner(&self, addr: u32) -> u32 {
        self.mblocks.mem.owner(addr >> crate::mem::MBLOCK_SHIFT)
    }

    fn set_owner(&mut self, base: u32, k: u32, v: u32) {
        let first = base >> crate::mem::MBLOCK_SHIFT;
        for i in first..first + k {
            self.mblocks.mem.set_owner(i, v);
        }
    }

    /// Reads field `f` (see [`field`]) of descriptor `d`.
    #[inline]
    pub fn get(&self, d: u32, f: u32) -> u32 {
        self.mblocks.mem.load_u32(d + f)
    }

    /// Writes field `f` (see [`field`]) of descriptor `d`.
    #[inline]
    pub fn set(&mut self, d: u32, f: u32, v: u32) {
        self.mblocks.mem.store_u32(d + f, v)
    }

    /// Adds owner flags (from [`F_NURSERY`] on) to group `d`.
    pub fn add_flags(&mut self, d: u32, flags: u32) {
        debug_assert!(flags & ALLOCATOR_FLAGS == 0);
        let old = self.get(d, field::FLAGS);
        self.set(d, field::FLAGS, old | flags);
    }

    /// The head descriptor of the group containing `addr` (in the group's first megablock).
    #[inline]
    pub fn group_of(&self, addr: u32) -> u32 {
        self.get(bdescr(addr), field::HEAD)
    }

    /// Allocates a group of `n` (> 0) blocks and returns its head descriptor: `start` is its first
    /// byte (the group is `n * BLOCK_SIZE` contiguous bytes), `free = start`, `link = 0`,
    /// `gen = 0`, no owner flags.  The memory's contents are unspecified.
    pub fn alloc_group(&mut self, n: u32) -> Result<u32, AllocError> {
        debug_assert!(n > 0);
        if n > USABLE_BLOCKS {
            let base = self.mblocks.alloc(mblocks_for(n))?;
            let head = base + FIRST_BLOCK * DESC_SIZE;
            self.init_head(head, n, F_MULTI);
            self.set_owner(base, mblocks_for(n), head);
            return Ok(head);
        }
        // `head` starts an unlisted free run of `have` >= n blocks: keep the front.
        let (head, have) = match self.take_free(n) {
            Some(h) => (h, self.get(h, field::BLOCKS)),
            None => {
                // A fresh or recycled megablock; its descriptors are garbage until written.
                let base = self.mblocks.alloc(1)?;
                self.set_owner(base, 1, OWNER_SINGLE);
                (base + FIRST_BLOCK * DESC_SIZE, USABLE_BLOCKS)
            }
        };
        if have > n {
            self.make_free(head + n * DESC_SIZE, have - n);
        }
        self.init_head(head, n, 0);
        for i in 1..n {
            self.set(head + i * DESC_SIZE, field::HEAD, head);
        }
        Ok(head)
    }

    /// Makes the `k` (> 0) megablocks at `base`, obtained directly with [`MBlockAlloc::grow`],
    /// one allocated group (of `USABLE_BLOCKS + (k - 1) * BLOCKS_PER_MBLOCK` blocks) and returns
    /// its head descriptor.  This lets start-up take memory without any block-allocator code and
    /// describe it later (see [`crate::sm`]).
    pub fn adopt_mblocks(&mut self, base: u32, k: u32) -> u32 {
        let head = base + FIRST_BLOCK * DESC_SIZE;
        let multi = k > 1;
        let n = USABLE_BLOCKS + (k - 1) * BLOCKS_PER_MBLOCK;
        self.init_head(head, n, if multi { F_MULTI } else { 0 });
        if !multi {
            for i in 1..USABLE_BLOCKS {
                self.set(head + i * DESC_SIZE, field::HEAD, head);
            }
        }
        self.set_owner(base, k, if multi { head } else { OWNER_SINGLE });
        head
    }

    fn init_head(&mut self, head: u32, n: u32, flags: u32) {
        let start = block_start(head);
        self.set(head, field::START, start);
        self.set(head, field::FREE, start);
        self.set(head, field::LINK, 0);
        self.set(head, field::BLOCKS, n);
        self.set(head, field::FLAGS, flags);
        self.set(head, field::HEAD, head);
        self.set(head, field::BACK, 0);
        self.set(head, field::GEN, 0);
    }

    /// Removes from the free lists a group of at least `n` blocks (`n <= USABLE_BLOCKS`).
    fn take_free(&mut self, n: u32) -> Option<u32> {
        // In n's own bucket, groups may be smaller than n: first fit.  Above it, any will do.
        let mut d = self.free[bucket(n)];
        while d != 0 {
            if self.get(d, field::BLOCKS) >= n {
                self.unlink(d);
                return Some(d);
            }
            d = self.get(d, field::LINK);
        }
        for b in bucket(n) + 1..BUCKETS {
            let d = self.free[b];
            if d != 0 {
                self.unlink(d);
                return Some(d);
            }
        }
        None
    }

    /// Makes the `n` blocks from descriptor `head` a free group and puts it on its free list.
    fn make_free(&mut self, head: u32, n: u32) {
        let b = bucket(n);
        let next = self.free[b];
        self.set(head, field::START, block_start(head));
        self.set(head, field::BLOCKS, n);
        self.set(head, field::FLAGS, F_FREE);
        // Every block names the head (only the last one's is needed for coalescing; all of
        // them make "is this address in a free group?" exact, see `crate::debug`).
        for i in 0..n {
            self.set(head + i * DESC_SIZE, field::HEAD, head);
        }
        self.set(head, field::LINK, next);
        self.set(head, field::BACK, 0);
        if next != 0 {
            self.set(next, field::BACK, head);
        }
        self.free[b] = head;
    }

    /// Takes free group `d` off its free list (it keeps [`F_FREE`] until reused).
    fn unlink(&mut self, d: u32) {
        let next = self.get(d, field::LINK);
        let back = self.get(d, field::BACK);
        if back == 0 {
            self.free[bucket(self.get(d, field::BLOCKS))] = next;
        } else {
            self.set(back, field::LINK, next);
        }
        if next != 0 {
            self.set(next, field::BACK, back);
        }
    }

    /// Frees the group with head descriptor `head`, coalescing it with free neighbours.
    pub fn free_group(&mut self, head: u32) {
        let mut head = head;
        let mut n = self.get(head, field::BLOCKS);
        let flags = self.get(head, field::FLAGS);
        debug_assert!(flags & F_FREE == 0, "double free of block group {head:#x}");
        let mblock = head & !MBLOCK_MASK;
        if flags & F_MULTI != 0 {
            self.set_owner(mblock, mblocks_for(n), 0);
            self.mblocks.free(mblock, mblocks_for(n));
            return;
        }
        let end = block_index(head) + n;
        if end < BLOCKS_PER_MBLOCK {
            let next = head + n * DESC_SIZE;
            if self.get(next, field::FLAGS) & F_FREE != 0 {
                self.unlink(next);
                n += self.get(next, field::BLOCKS);
            }
        }
        if block_index(head) > FIRST_BLOCK {
            let prev = self.get(head - DESC_SIZE, field::HEAD);
            // `prev` is the head of the group before this one (see the module invariants).
            if prev & !MBLOCK_MASK == mblock && self.get(prev, field::FLAGS) & F_FREE != 0 {
                debug_assert_eq!(
                    block_index(prev) + self.get(prev, field::BLOCKS),
                    block_index(head)
                );
                self.unlink(prev);
                n += self.get(prev, field::BLOCKS);
                head = prev;
            }
        }
        if n == USABLE_BLOCKS {
            self.set_owner(mblock, 1, 0);
            self.mblocks.free(mblock, 1);
        } else {
            self.make_free(head, n);
        }
    }

    /// Total blocks on the free lists (for tests and statistics).
    pub fn free_blocks(&self) -> u32 {
        let mut total = 0;
        for &first in &self.free {
            let mut d = first;
            while d != 0 {
                total += self.get(d, field::BLOCKS);
                d = self.get(d, field::LINK);
            }
        }
        total
    }
}

/// Bytes of `n` blocks.
#[inline]
pub const fn blocks_bytes(n: u32) -> u32 {
    n << BLOCK_SHIFT
}

const _: () = assert!(FIRST_BLOCK == 2 && USABLE_BLOCKS == 254 && BUCKETS == 8);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mem::{FakeMemory, MIN_GROW_MBLOCKS, PAGES_PER_MBLOCK};
    use std::vec::Vec;

    fn alloc(mblocks: u32) -> BlockAlloc<FakeMemory> {
        BlockAlloc::new(FakeMemory::new(2, (mblocks + 1) * PAGES_PER_MBLOCK))
    }

    #[test]
    fn descriptor_arithmetic() {
        let m = 5 * MBLOCK_SIZE;
        assert_eq!(bdescr(m + FIRST_BLOCK * BLOCK_SIZE), m + 64);
        assert_eq!(bdescr(m + 3 * BLOCK_SIZE + 17), m + 3 * 32);
        assert_eq!(block_start(m + 3 * 32), m + 3 * BLOCK_SIZE);
        assert_eq!(mblocks_for(255), 2);
        assert_eq!(mblocks_for(254 + 256), 2);
        assert_eq!(mblocks_for(254 + 257), 3);
        assert_eq!(bucket(1), 0);
        assert_eq!(bucket(254), 7);
    }

    #[test]
    fn groups_tile_a_megablock() {
        let mut a = alloc(4);
        let g1 = a.alloc_group(1).unwrap();
        let g2 = a.alloc_group(10).unwrap();
        let s1 = a.get(g1, field::START);
        let s2 = a.get(g2, field::START);
        assert_eq!(s1, MBLOCK_SIZE + FIRST_BLOCK * BLOCK_SIZE);
        assert_eq!(s2, s1 + BLOCK_SIZE);
        assert_eq!(a.group_of(s2 + 9 * BLOCK_SIZE + 100), g2);
        assert_eq!(a.get(g2, field::BLOCKS), 10);
        assert_eq!(a.get(g2, field::FREE), s2);
        assert_eq!(a.free_blocks(), USABLE_BLOCKS - 11);
    }

    #[test]
    fn coalescing_returns_whole_megablocks() {
        let mut a = alloc(4);
        let gs: Vec<u32> = [3, 5, 7, 2]
            .iter()
            .map(|&n| a.alloc_group(n).unwrap())
            .collect();
        a.free_group(gs[1]);
        assert_eq!(a.free_blocks(), USABLE_BLOCKS - 12);
        a.free_group(gs[0]); // merges forward with gs[1]
        a.free_group(gs[3]); // merges with the tail remainder
        assert_eq!(a.free_blocks(), USABLE_BLOCKS - 7);
        // A group that fits the hole at the front is taken from there.
        let g = a.alloc_group(8).unwrap();
        assert_eq!(g, gs[0]);
        a.free_group(g);
        a.free_group(gs[2]); // everything free: the megablock goes back
        assert_eq!(a.free_blocks(), 0);
        // (with the surplus of the first memory.grow)
        assert_eq!(
            a.mblocks.free_groups().collect::<Vec<_>>(),
            [(MBLOCK_SIZE, MIN_GROW_MBLOCKS)]
        );
        // ...and is reused without growing memory.
        let g = a.alloc_group(USABLE_BLOCKS).unwrap();
        assert_eq!(g, MBLOCK_SIZE + FIRST_BLOCK * DESC_SIZE);
        assert_eq!(a.mblocks.owned(), MIN_GROW_MBLOCKS);
    }

    #[test]
    fn multi_megablock_groups() {
        let mut a = alloc(8);
        let small = a.alloc_group(4).unwrap();
        let big = a.alloc_group(USABLE_BLOCKS + 300).unwrap();
        assert_eq!(
            a.get(big, field::START),
            2 * MBLOCK_SIZE + FIRST_BLOCK * BLOCK_SIZE
        );
        assert_eq!(a.mblocks.owned(), 1 + 3);
        a.free_group(big);
        assert_eq!(
            a.mblocks.free_groups().collect::<Vec<_>>(),
            [(2 * MBLOCK_SIZE, 3)]
        );
        // Its megablocks serve small groups afterwards.
        a.free_group(small);
        let x = a.alloc_group(USABLE_BLOCKS).unwrap();
        let y = a.alloc_group(USABLE_BLOCKS).unwrap();
        assert_eq!((x, y), (MBLOCK_SIZE + 64, 2 * MBLOCK_SIZE + 64));
        assert_eq!(a.mblocks.owned(), 4);
    }

    #[test]
    fn out_of_memory_is_reported() {
        let mut a = alloc(2);
        a.alloc_group(USABLE_BLOCKS).unwrap();
        a.alloc_group(USABLE_BLOCKS).unwrap();
        assert!(matches!(
            a.alloc_group(1),
            Err(AllocError::OutOfMemory { .. })
        ));
    }

    /// Random allocation and freeing against a model: groups never overlap, stay inside owned
    /// megablocks, and freeing everything gives every megablock back.
    #[test]
    fn random_alloc_free_model() {
        let mut a = alloc(64);
        let mut live: Vec<(u32, u32, u32)> = Vec::new(); // (head, start, blocks)
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for step in 0..20_000 {
            let r = rand();
            if live.is_empty() || r % 5 < 3 {
                let n = match r % 100 {
                    0 => 255 + (r >> 8) as u32 % 600,
                    1..=20 => 1 + (r >> 8) as u32 % 254,
                    _ => 1 + (r >> 8) as u32 % 8,
                };
                let Ok(h) = a.alloc_group(n) else { continue };
                let s = a.get(h, field::START);
                assert_eq!(a.get(h, field::BLOCKS), n);
                let e = s + n * BLOCK_SIZE;
                for &(_, s2, n2) in &live {
                    let e2 = s2 + n2 * BLOCK_SIZE;
                    assert!(e <= s2 || e2 <= s, "overlap at step {step}");
                }
                assert!((s & MBLOCK_MASK) >= FIRST_BLOCK * BLOCK_SIZE);
                // The owner may scribble over the group's memory (but not the descriptors of a
                // single-megablock group).
                a.mblocks.mem.store_u32(s, 0xdead_beef);
                a.mblocks.mem.store_u32(e - 4, 0xdead_beef);
                if n <= USABLE_BLOCKS {
                    assert_eq!(a.group_of(e - 1), h);
                }
                live.push((h, s, n));
            } else {
                let i = (r >> 8) as usize % live.len();
                let (h, _, _) = live.swap_remove(i);
                a.free_group(h);
            }
        }
        for (h, _, _) in live.drain(..) {
            a.free_group(h);
        }
        assert_eq!(a.free_blocks(), 0);
        let free: u32 = a.mblocks.free_groups().map(|(_, n)| n).sum();
        assert_eq!(free, a.mblocks.owned());
    }
}
