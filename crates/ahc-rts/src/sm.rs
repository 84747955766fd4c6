//! The storage manager: the main Haskell stack, the nursery, and how they start.
//!
//! Start-up ([`Storage::init`]) takes [`STACK_MBLOCKS`] + 1 fresh megablocks in one
//! `memory.grow`: the main stack fills the first [`STACK_MBLOCKS`], the first nursery chunk the
//! last one.  Their block descriptors are written only when the storage manager is first entered
//! ([`Storage::heap_exhausted`], later the GC): a program that never fills its first nursery chunk
//! carries no block-allocator code at all (size: see the crate invariants).

use crate::block::{BlockAlloc, BLOCK_SIZE, FIRST_BLOCK, F_STACK};
use crate::heap::{Nursery, CHUNK_BLOCKS};
use crate::mem::{AllocError, LinearMemory, MBLOCK_SIZE};
use crate::stack::Stack;

/// Megablocks of the main thread's stack: 16 (16 MiB minus one descriptor table: 16,769,024
/// bytes).
pub const STACK_MBLOCKS: u32 = 16;

/// Initial values of the register globals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Regs {
    pub sp: u32,
    pub splim: u32,
    pub hp: u32,
    pub hplim: u32,
}

/// The storage manager's state.
pub struct Storage<M> {
    /// The block allocator (and through it, the memory).
    pub blocks: BlockAlloc<M>,
    /// The nursery.
    pub nursery: Nursery,
    /// The main thread's stack.
    pub stack: Stack,
    /// Base of the megablocks taken by [`init`](Self::init) whose descriptors are not yet
    /// written (0 = none).
    unadopted: u32,
}

impl<M: LinearMemory> Storage<M> {
    /// Nothing allocated yet.
    pub const fn new(mem: M) -> Self {
        Storage {
            blocks: BlockAlloc::new(mem),
            nursery: Nursery::new(),
            stack: Stack { limit: 0, top: 0 },
            unadopted: 0,
        }
    }

    /// Allocates the main stack and the first nursery chunk; returns the initial registers.
    pub fn init(&mut self) -> Result<Regs, AllocError> {
        let base = self.blocks.mblocks.grow(STACK_MBLOCKS + 1)?;
        self.unadopted = base;
        let first = FIRST_BLOCK * BLOCK_SIZE;
        let nursery = base + STACK_MBLOCKS * MBLOCK_SIZE;
        self.stack = Stack {
            limit: base + first,
            top: nursery,
        };
        Ok(Regs {
            sp: self.stack.top,
            splim: self.stack.limit,
            hp: nursery + first,
            hplim: nursery + MBLOCK_SIZE,
        })
    }

    /// Writes the descriptors of the memory taken by [`init`](Self::init), once.
    fn adopt_initial(&mut self) {
        let base = self.unadopted;
        if base == 0 {
            return;
        }
        self.unadopted = 0;
        let stack = self.blocks.adopt_mblocks(base, STACK_MBLOCKS);
        self.blocks.add_flags(stack, F_STACK);
        let chunk = self
            .blocks
            .adopt_mblocks(base + STACK_MBLOCKS * MBLOCK_SIZE, 1);
        self.nursery.install(&mut self.blocks, chunk, CHUNK_BLOCKS);
    }

    /// A heap check failed at `hp` wanting `need` bytes: returns a new nursery region
    /// `(hp, hplim)` with at least `need` free bytes.
    pub fn heap_exhausted(&mut self, hp: u32, need: u32) -> Result<(u32, u32), AllocError> {
        self.adopt_initial();
        self.nursery.refill(&mut self.blocks, hp, need)
    }

    /// Head descriptor of the group holding the main stack (after adoption).
    pub fn stack_group(&self) -> u32 {
        self.blocks.group_of(self.stack.limit)
    }
}

// The stack is one group filling its megablocks exactly.
const _: () = assert!(CHUNK_BLOCKS == crate::block::USABLE_BLOCKS);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::{blocks_bytes, field, F_NURSERY, USABLE_BLOCKS};
    use crate::mem::{FakeMemory, PAGES_PER_MBLOCK};

    #[test]
    fn start_up_then_adoption_on_first_refill() {
        let mut s = Storage::new(FakeMemory::new(3, 40 * PAGES_PER_MBLOCK));
        let r = s.init().unwrap();
        assert_eq!(r.sp - r.splim, 16_769_024);
        assert_eq!(r.sp, 17 * MBLOCK_SIZE);
        assert_eq!(r.hp, r.sp + 2 * BLOCK_SIZE);
        assert_eq!(r.hplim - r.hp, blocks_bytes(CHUNK_BLOCKS));
        assert_eq!(s.blocks.mblocks.owned(), 17);

        let (hp, hplim) = s.heap_exhausted(r.hplim - 8, 16).unwrap();
        assert_eq!(hp, 18 * MBLOCK_SIZE + 2 * BLOCK_SIZE);
        assert_eq!(hplim - hp, blocks_bytes(CHUNK_BLOCKS));
        // The initial chunk was adopted, then retired with its fill level.
        let first = s.nursery.retired();
        assert_eq!(s.blocks.get(first, field::START), r.hp);
        assert_eq!(s.blocks.get(first, field::FREE), r.hplim - 8);
        assert!(s.blocks.get(first, field::FLAGS) & F_NURSERY != 0);
        assert_eq!(s.blocks.group_of(r.hplim - 1), first);
        // The stack is one multi-megablock group.
        let st = s.stack_group();
        assert_eq!(s.blocks.get(st, field::BLOCKS), USABLE_BLOCKS + 15 * 256);
        assert!(s.blocks.get(st, field::FLAGS) & F_STACK != 0);
        // Adoption happens once.
        s.heap_exhausted(hplim, 8).unwrap();
        assert_eq!(s.blocks.get(first, field::FREE), r.hplim - 8);
    }

    #[test]
    fn start_up_failure() {
        let mut s = Storage::new(FakeMemory::new(3, 10 * PAGES_PER_MBLOCK));
        assert_eq!(s.init(), Err(AllocError::OutOfMemory { mblocks: 17 }));
    }
}
