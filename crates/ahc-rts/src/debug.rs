//! `--debug` support: is a memory range owned by the program?
//!
//! `ahc_rts_check_access(addr, size, function)` asks [`Storage::owns`] before every memory access
//! of generated code.  Owned: the static data `[static_lo, static_hi)` (the linker's
//! `__global_base` and `__data_end`), and every allocated block group (heap, stacks, tables):
//! the range must lie inside one group.  Nothing in free blocks or free megablocks, nothing in
//! the descriptor tables, nothing between the static data and the first megablock.  O(1): the
//! block allocator's megablock owner table, then one descriptor.

use crate::block::{bdescr, blocks_bytes, field, BLOCK_SIZE, FIRST_BLOCK, F_FREE, OWNER_SINGLE};
use crate::mem::{LinearMemory, MBLOCK_MASK};
use crate::sm::Storage;

impl<M: LinearMemory> Storage<M> {
    /// Whether `[addr, addr + size)` is memory the program may touch.
    pub fn owns(&mut self, addr: u32, size: u32, static_lo: u32, static_hi: u32) -> bool {
        let Some(end) = addr.checked_add(size) else {
            return false;
        };
        if addr < self.heap_base || self.heap_base == 0 {
            return addr >= static_lo && end <= static_hi;
        }
        self.adopt_initial();
        let head = match self.blocks.owner(addr) {
            0 => return false,
            OWNER_SINGLE => {
                if addr & MBLOCK_MASK < FIRST_BLOCK * BLOCK_SIZE {
                    return false; // the descriptor table
                }
                self.blocks.get(bdescr(addr), field::HEAD)
            }
            head => head,
        };
        let start = self.blocks.get(head, field::START);
        let n = self.blocks.get(head, field::BLOCKS);
        self.blocks.get(head, field::FLAGS) & F_FREE == 0
            && start <= addr
            && (end as u64) <= start as u64 + blocks_bytes(n) as u64
    }
}

#[cfg(test)]
mod tests {
    use crate::block::{field, BLOCK_SIZE, USABLE_BLOCKS};
    use crate::mem::{FakeMemory, MBLOCK_SIZE, PAGES_PER_MBLOCK};
    use crate::sm::Storage;

    #[test]
    fn ownership() {
        let mut s = Storage::new(FakeMemory::new(3, 40 * PAGES_PER_MBLOCK));
        let r = s.init_with(2).unwrap();
        let (lo, hi) = (0x400, 0x2000);
        assert!(s.owns(0x400, 8, lo, hi));
        assert!(
            !s.owns(0x1ffc, 8, lo, hi),
            "straddles the end of static data"
        );
        assert!(!s.owns(0x10, 4, lo, hi));
        // The stack (two megablocks, one group) and the nursery.
        assert!(s.owns(r.sp - 8, 8, lo, hi));
        assert!(s.owns(r.splim, 8, lo, hi));
        assert!(
            s.owns(r.splim + MBLOCK_SIZE, 8, lo, hi),
            "inside a multi-megablock group"
        );
        assert!(
            !s.owns(r.sp, 8, lo, hi),
            "past the stack's top: a descriptor table"
        );
        assert!(s.owns(r.hp, 8, lo, hi));
        assert!(!s.owns(r.hplim, 8, lo, hi), "past the owned megablocks");
        // Groups: inside yes, freed no, across the end no.
        let g = s.blocks.alloc_group(3).unwrap();
        let h = s.blocks.alloc_group(5).unwrap();
        let gs = s.blocks.get(g, field::START);
        let hs = s.blocks.get(h, field::START);
        assert!(s.owns(gs + 3 * BLOCK_SIZE - 8, 8, lo, hi));
        s.blocks.free_group(g);
        assert!(!s.owns(gs, 8, lo, hi));
        assert!(!s.owns(gs + 2 * BLOCK_SIZE, 8, lo, hi));
        assert!(s.owns(hs + 4 * BLOCK_SIZE, 8, lo, hi));
        assert!(!s.owns(hs + 5 * BLOCK_SIZE - 4, 8, lo, hi));
        let big = s.blocks.alloc_group(USABLE_BLOCKS + 300).unwrap();
        let bs = s.blocks.get(big, field::START);
        assert!(s.owns(bs + (USABLE_BLOCKS + 299) * BLOCK_SIZE, 8, lo, hi));
        s.blocks.free_group(big);
        assert!(!s.owns(bs + (USABLE_BLOCKS + 299) * BLOCK_SIZE, 8, lo, hi));
        assert!(!s.owns(bs, 8, lo, hi));
    }
}
