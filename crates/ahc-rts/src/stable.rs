//! Stable pointers and stable names.
//!
//! ## Stable pointers (`makeStablePtr#`, `deRefStablePtr#`, `freeStablePtr#`)
//! A table of words in a block group of its own ([`F_TABLE`]), doubled when full.  A
//! `StablePtr#` is an index into it (from 1: 0 is never issued, like a null pointer).  A used
//! entry holds the object's pointer (low 32 bits, tag included); a free entry holds 0 there and
//! the index of the next free entry in the high 32 bits.  Used entries are roots of the
//! collector, which updates them.
//!
//! ## Stable names (`makeStableName#`, `stableNameToInt#`)
//! A table of entries `(object, StableName object)` (low and high 32 bits of a word) and an
//! open-addressing hash table object → entry index.  `make_stable_name(p)` looks through
//! indirections and tags (an evaluated thunk and its value share a name, as in GHC), returns the
//! entry's `StableName` object `[stable_name_info][index]` if there is one, else allocates one.
//! The table is weak: after each collection an entry whose `StableName` object died is freed,
//! the object address is updated (0 if the object died), and the hash table is rebuilt (the
//! addresses changed).  So the same object gets the same `StableName` object across
//! collections while that object is alive, and `stableNameToInt#` (the index) stays the same.

use ahc_abi::{info, ClosureType, TAG_MASK};

use crate::block::{blocks_bytes, field, BlockAlloc, BLOCK_SIZE, F_TABLE};
use crate::gc::Gc;
use crate::mem::{AllocError, LinearMemory};
use crate::sm::Storage;

/// A growable array of words in a block group.
#[derive(Debug)]
struct Table {
    /// Head descriptor of the group (0: none yet).
    group: u32,
    /// Address of entry 0.
    base: u32,
    /// Entries the group holds.
    cap: u32,
}

impl Table {
    const fn new() -> Self {
        Table {
            group: 0,
            base: 0,
            cap: 0,
        }
    }

    /// Makes room for at least `want` entries, keeping the first `keep` (new entries are 0).
    fn reserve<M: LinearMemory>(
        &mut self,
        b: &mut BlockAlloc<M>,
        want: u32,
        keep: u32,
    ) -> Result<(), AllocError> {
        if want <= self.cap {
            return Ok(());
        }
        let cap = want.max(2 * self.cap).max(BLOCK_SIZE / 8);
        let n = (cap * 8).div_ceil(BLOCK_SIZE);
        let head = b.alloc_group(n)?;
        b.add_flags(head, F_TABLE);
        let base = b.get(head, field::START);
        let cap = blocks_bytes(n) / 8;
        if self.group != 0 {
            b.mblocks.mem.copy_words(base, self.base, keep);
            b.free_group(self.group);
        }
        for i in keep..cap {
            b.mblocks.mem.store_u64(base + 8 * i, 0);
        }
        *self = Table {
            group: head,
            base,
            cap,
        };
        Ok(())
    }

    #[inline]
    fn get<M: LinearMemory>(&self, mem: &M, i: u32) -> u64 {
        mem.load_u64(self.base + 8 * i)
    }

    #[inline]
    fn set<M: LinearMemory>(&self, mem: &mut M, i: u32, v: u64) {
        mem.store_u64(self.base + 8 * i, v)
    }
}

/// The stable-pointer table.
#[derive(Debug)]
pub struct StablePtrs {
    table: Table,
    /// Entries ever used (entry 0 is never issued).
    used: u32,
    /// First free entry (0: none).
    free: u32,
}

impl Default for StablePtrs {
    fn default() -> Self {
        Self::new()
    }
}

impl StablePtrs {
    pub const fn new() -> Self {
        StablePtrs {
            table: Table::new(),
            used: 1,
            free: 0,
        }
    }

    /// A new stable pointer to `p` (a non-zero object pointer).
    pub fn make<M: LinearMemory>(
        &mut self,
        b: &mut BlockAlloc<M>,
        p: u32,
    ) -> Result<u64, AllocError> {
        let i = if self.free != 0 {
            let i = self.free;
            self.free = (self.table.get(&b.mblocks.mem, i) >> 32) as u32;
            i
        } else {
            self.table.reserve(b, self.used + 1, self.used)?;
            self.used += 1;
            self.used - 1
        };
        self.table.set(&mut b.mblocks.mem, i, p as u64);
        Ok(i as u64)
    }

    /// The object stable pointer `sp` refers to (0 for an invalid or freed one).
    pub fn deref<M: LinearMemory>(&self, mem: &M, sp: u64) -> u32 {
        if sp == 0 || sp >= self.used as u64 {
            return 0;
        }
        self.table.get(mem, sp as u32) as u32
    }

    /// Frees stable pointer `sp` (invalid or already freed ones are ignored).
    pub fn free<M: LinearMemory>(&mut self, mem: &mut M, sp: u64) {
        if self.deref(mem, sp) == 0 {
            return;
        }
        self.table.set(mem, sp as u32, (self.free as u64) << 32);
        self.free = sp as u32;
    }

    /// Number of stable pointers in use.
    pub fn live<M: LinearMemory>(&self, mem: &M) -> u32 {
        (1..self.used)
            .filter(|&i| self.table.get(mem, i) as u32 != 0)
            .count() as u32
    }

    /// Collector: evacuates every object the table refers to.
    pub(crate) fn evacuate<M: LinearMemory>(&mut self, gc: &mut Gc<'_, M>) {
        for i in 1..self.used {
            let addr = self.table.base + 8 * i;
            if gc.mem().load_u32(addr) != 0 {
                gc.evac_field(addr, true);
            }
        }
    }
}

/// The stable-name table.
#[derive(Debug)]
pub struct StableNames {
    /// Entries: object address (low 32 bits, 0 once dead) and `StableName` object (high; 0 for
    /// a free entry, whose low half is then the next free entry).
    entries: Table,
    used: u32,
    free: u32,
    /// Open addressing, linear probing: entry indices (u32, 0 = empty slot), two per word.
    hash: Table,
    /// log2 of the number of hash slots.
    hash_bits: u32,
    /// Entries in the hash table.
    count: u32,
}

impl Default for StableNames {
    fn default() -> Self {
        Self::new()
    }
}

const MIN_HASH_BITS: u32 = 10;

impl StableNames {
    pub const fn new() -> Self {
        StableNames {
            entries: Table::new(),
            used: 1,
            free: 0,
            hash: Table::new(),
            hash_bits: 0,
            count: 0,
        }
    }

    #[inline]
    fn slot_of(&self, addr: u32) -> u32 {
        (addr >> 3).wrapping_mul(0x9e37_79b1) >> (32 - self.hash_bits)
    }

    #[inline]
    fn slot_addr(&self, s: u32) -> u32 {
        self.hash.base + 4 * s
    }

    /// The entry of object `addr`, if any.
    fn lookup<M: LinearMemory>(&self, mem: &M, addr: u32) -> Option<u32> {
        if self.hash_bits == 0 {
            return None;
        }
        let mask = (1 << self.hash_bits) - 1;
        let mut s = self.slot_of(addr);
        loop {
            let i = mem.load_u32(self.slot_addr(s));
            if i == 0 {
                return None;
            }
            if self.entries.get(mem, i) as u32 == addr {
                return Some(i);
            }
            s = (s + 1) & mask;
        }
    }

    fn insert<M: LinearMemory>(&mut self, mem: &mut M, addr: u32, i: u32) {
        let mask = (1 << self.hash_bits) - 1;
        let mut s = self.slot_of(addr);
        while mem.load_u32(self.slot_addr(s)) != 0 {
            s = (s + 1) & mask;
        }
        mem.store_u32(self.slot_addr(s), i);
        self.count += 1;
    }

    /// Rebuilds the hash table from the entries, with room for `extra` more.
    fn rehash<M: LinearMemory>(
        &mut self,
        b: &mut BlockAlloc<M>,
        extra: u32,
    ) -> Result<(), AllocError> {
        let live = (1..self.used)
            .filter(|&i| self.entries.get(&b.mblocks.mem, i) as u32 != 0)
            .count() as u32;
        let mut bits = self.hash_bits.max(MIN_HASH_BITS);
        // Load factor at most 1/2.
        while (live + extra) * 2 > 1 << bits {
            bits += 1;
        }
        let words = (1u32 << bits) / 2;
        self.hash.reserve(b, words, 0)?;
        self.hash_bits = bits;
        for w in 0..words {
            self.hash.set(&mut b.mblocks.mem, w, 0);
        }
        self.count = 0;
        for i in 1..self.used {
            let e = self.entries.get(&b.mblocks.mem, i);
            if e as u32 != 0 && (e >> 32) != 0 {
                self.insert(&mut b.mblocks.mem, e as u32, i);
            }
        }
        Ok(())
    }

    /// Number of entries in use.
    pub fn live<M: LinearMemory>(&self, mem: &M) -> u32 {
        (1..self.used)
            .filter(|&i| self.entries.get(mem, i) >> 32 != 0)
            .count() as u32
    }

    /// Collector, after copying: forget entries whose `StableName` died, follow the objects,
    /// rebuild the hash table.
    pub(crate) fn after_gc<M: LinearMemory>(&mut self, gc: &mut Gc<'_, M>) {
        if self.entries.group == 0 {
            return;
        }
        for i in 1..self.used {
            let e = self.entries.get(gc.mem(), i);
            let sn = (e >> 32) as u32;
            if sn == 0 {
                continue;
            }
            let v = match gc.is_alive(sn) {
                None => {
                    let next = self.free;
                    self.free = i;
                    next as u64
                }
                Some(sn) => {
                    let addr = match e as u32 {
                        0 => 0,
                        a => gc.is_alive(a).map_or(0, |a| a & !TAG_MASK),
                    };
                    (sn as u64) << 32 | addr as u64
                }
            };
            self.entries.set(gc.b_mem_mut(), i, v);
        }
        // Shrinking never needs memory.
        let _ = self.rehash(gc.b, 0);
    }
}

impl<M: LinearMemory> Storage<M> {
    /// `makeStablePtr#`: a new stable pointer to `p`.
    pub fn make_stable_ptr(&mut self, p: u32) -> Result<u64, AllocError> {
        self.adopt_initial();
        self.stable_ptrs.make(&mut self.blocks, p)
    }

    /// `deRefStablePtr#` (0 for an invalid or freed stable pointer).
    pub fn deref_stable_ptr(&self, sp: u64) -> u32 {
        self.stable_ptrs.deref(&self.blocks.mblocks.mem, sp)
    }

    /// `freeStablePtr#`.
    pub fn free_stable_ptr(&mut self, sp: u64) {
        self.stable_ptrs.free(&mut self.blocks.mblocks.mem, sp)
    }

    /// `makeStableName#`: the `StableName` object of the object `p` points to (allocating one,
    /// with info table `info`, the first time).
    pub fn make_stable_name(&mut self, p: u32, sn_info: u32) -> Result<u32, AllocError> {
        self.adopt_initial();
        self.stable_names_gc = Some(StableNames::after_gc::<M>);
        // Look through tags and indirections.
        let mut a = p & !TAG_MASK;
        loop {
            let inf = self.mem().load_u32(a);
            if self.mem().load_u32(inf + info::TYPE) != ClosureType::Ind as u32 {
                break;
            }
            a = self.mem().load_u32(a + 8) & !TAG_MASK;
        }
        let names = &mut self.stable_names;
        if let Some(i) = names.lookup(&self.blocks.mblocks.mem, a) {
            return Ok((names.entries.get(&self.blocks.mblocks.mem, i) >> 32) as u32);
        }
        let sn = self.area_alloc(16)?;
        self.allocated += 16;
        let names = &mut self.stable_names;
        let b = &mut self.blocks;
        let i = if names.free != 0 {
            let i = names.free;
            names.free = names.entries.get(&b.mblocks.mem, i) as u32;
            i
        } else {
            names.entries.reserve(b, names.used + 1, names.used)?;
            names.used += 1;
            names.used - 1
        };
        b.mblocks.mem.store_u64(sn, sn_info as u64);
        b.mblocks.mem.store_u64(sn + 8, i as u64);
        names
            .entries
            .set(&mut b.mblocks.mem, i, (sn as u64) << 32 | a as u64);
        if names.hash_bits == 0 || (names.count + 1) * 2 > 1 << names.hash_bits {
            names.rehash(b, 1)?;
        } else {
            names.insert(&mut b.mblocks.mem, a, i);
        }
        Ok(sn)
    }
}

impl<M: LinearMemory> Gc<'_, M> {
    #[inline]
    fn b_mem_mut(&mut self) -> &mut M {
        &mut self.b.mblocks.mem
    }
}
