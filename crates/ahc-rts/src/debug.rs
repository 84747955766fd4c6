//! `--debug` support: is a memory range owned by the program?
//!
//! `ahc_rts_check_access(addr, size, function)` asks [`Storage::owns`] before every memory access
//! of generated code.  Owned: the static data `[static_lo, static_hi)` (the linker's
//! `__global_base` and `__data_end`), and every allocated block group (heap, stacks, tables):
//! the range must lie inside one group.  Nothing in free blocks or free megablocks, nothing in
//! the descriptor tables, nothing between the static data and the first megablock.

use crate::block::{
    bdescr, blocks_bytes, field, BLOCKS_PER_MBLOCK, DESC_SIZE, FIRST_BLOCK, F_FREE, F_MULTI,
};
use crate::mem::{LinearMemory, MBLOCK_MASK, MBLOCK_SIZE};
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
        let m = addr & !MBLOCK_MASK;
        if self
            .blocks
            .mblocks
            .free_groups()
            .any(|(f, n)| f <= m && m < f + n * MBLOCK_SIZE)
        {
            return false;
        }
        let in_group = |s: &Self, h: u32| {
            let start = s.blocks.get(h, field::START);
            let n = s.blocks.get(h, field::BLOCKS);
            s.blocks.get(h, field::FLAGS) & F_FREE == 0
                && start <= addr
                && (end as u64) <= start as u64 + blocks_bytes(n) as u64
        };
        // A group of one megablock: the block's descriptor names its head.
        if addr & MBLOCK_MASK >= FIRST_BLOCK * crate::block::BLOCK_SIZE {
            let h = self.blocks.get(bdescr(addr), field::HEAD);
            let table = m..m + BLOCKS_PER_MBLOCK * DESC_SIZE;
            if table.contains(&h) && in_group(self, h) {
                return true;
            }
        }
        // A group of several megablocks: its head is in the table of an earlier megablock.
        let mut base = m;
        while base >= self.heap_base {
            let h = base + FIRST_BLOCK * DESC_SIZE;
            if self.blocks.get(h, field::FLAGS) & F_MULTI != 0
                && self.blocks.get(h, field::START) == base + FIRST_BLOCK * crate::block::BLOCK_SIZE
                && in_group(self, h)
            {
                return true;
            }
            if base < MBLOCK_SIZE {
                break;
            }
            base -= MBLOCK_SIZE;
        }
        false
    }
}
