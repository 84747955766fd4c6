//! The Haskell stack.
//!
//! Haskell code never uses the wasm call stack for recursion: it pushes frames on an explicit
//! stack in linear memory.  The stack grows **downward**: `Sp` starts one past the highest usable
//! byte and generated code checks `Sp - n >= SpLim` before pushing `n` bytes, calling
//! `ahc_rts_stack_overflow` when the check fails.
//!
//! This milestone has one fixed-size stack (a block group flagged [`F_STACK`]); growable stacks
//! made of chunks (as GHC's) come with the scheduler.

use crate::block::{blocks_bytes, field, BlockAlloc, F_STACK};
use crate::mem::{AllocError, LinearMemory};

/// Megablocks of the main thread's stack: 16 (16 MiB minus one descriptor table, 16,769,024
/// bytes).
pub const STACK_MBLOCKS: u32 = 16;

/// A Haskell stack.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stack {
    /// Lowest usable byte (`SpLim`).
    pub limit: u32,
    /// One past the highest usable byte (the initial `Sp`).
    pub top: u32,
}

impl Stack {
    /// Allocates a stack of `n` blocks.
    pub fn alloc<M: LinearMemory>(blocks: &mut BlockAlloc<M>, n: u32) -> Result<Stack, AllocError> {
        let d = blocks.alloc_group(n)?;
        blocks.add_flags(d, F_STACK);
        let limit = blocks.get(d, field::START);
        Ok(Stack {
            limit,
            top: limit + blocks_bytes(n),
        })
    }

    /// Size in bytes.
    pub fn size(&self) -> u32 {
        self.top - self.limit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mem::{FakeMemory, PAGES_PER_MBLOCK};

    #[test]
    fn stacks_are_block_groups() {
        let mut b = BlockAlloc::new(FakeMemory::new(1, 4 * PAGES_PER_MBLOCK));
        let s = Stack::alloc(&mut b, 8).unwrap();
        assert_eq!(s.size(), 8 * 4096);
        let d = b.group_of(s.limit);
        assert!(b.get(d, field::FLAGS) & F_STACK != 0);
        assert_eq!(b.group_of(s.top - 1), d);
    }
}
