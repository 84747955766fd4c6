//! The storage manager: the Haskell stack, the heap's allocation areas, and when to collect.
//!
//! ## Memory at start-up
//! [`Storage::init`] takes [`STACK_MBLOCKS`] + 1 fresh megablocks in one `memory.grow`: the main
//! stack fills the first [`STACK_MBLOCKS`], the first nursery chunk the last one.  Their block
//! descriptors are written only when the storage manager is first entered (any `ahc_rts_*`
//! service but the output functions): a program that never fills its first nursery chunk
//! carries no block-allocator code at all (size: see the crate invariants).
//!
//! ## The heap
//! Everything at or above [`Storage::heap_base`] (the first megablock) belongs to the runtime;
//! everything below is static data (never moved, never freed).  Heap objects live in block
//! groups of three kinds, told apart by the owner flags of their block descriptors:
//! - [`F_NURSERY`] groups hold *movable* small objects: the young generation's nursery chunks
//!   (where generated code bump-allocates) and the runtime's own allocation area
//!   ([`Storage::allocate`] for small objects), and the old generation's groups.  Every block
//!   descriptor of such a group carries the flag and the group's generation (`gen`: 0 young,
//!   else the epoch of the major collection it belongs to, see [`crate::gc`]), so "is this
//!   object in from-space?" is two loads.
//! - [`F_LARGE`] groups hold one large object each (≥ [`LARGE_OBJECT_BYTES`], from
//!   [`Storage::allocate`]), at the group's start; the collector marks them (head `gen`)
//!   instead of copying them.
//! - [`F_PINNED`] groups hold pinned objects ([`Storage::allocate_pinned`]: byte arrays, which
//!   have no pointer fields); a group is kept as a whole while any object in it is reachable.
//!
//! ## When to collect
//! Generated code calls `ahc_rts_gc(need)` when its nursery region is full
//! ([`Storage::heap_check_failed`]).  A collection happens there when the bytes allocated since
//! the last one reach the *allowance* (the `--gc-threshold`, default [`DEFAULT_THRESHOLD`]);
//! otherwise the nursery just gets a fresh chunk.  The collection is major when the old
//! generation has reached its limit, `max(threshold, FACTOR × live bytes after the last major
//! collection)`, else minor (see [`Config`]).  Allocation by the runtime itself
//! ([`Storage::allocate`]) never collects: when the allowance is used up it asks the caller to
//! make the next heap check fail (`HpLim := 0`).
//!
//! Peak memory is about `FACTOR × live` (the old generation just before a major collection)
//! `+ live` (its to-space) `+` the nursery: 2.5× the live data with FACTOR = 1.5.  Measured
//! (tests/programs/gc_stress.hs, ~200 MB live, 6.9 GB allocated, node): FACTOR 2 (GHC's
//! `-F2`): 3.0× live in resident memory, 3.4 s collecting; 1.5: 2.5×, 4.0 s.  The nursery
//! size (4 MB) was chosen likewise: 1 MB costs 35% more collection time on the same program,
//! 16 MB gains nothing.

use crate::block::{
    blocks_bytes, field, BlockAlloc, BLOCK_SIZE, FIRST_BLOCK, F_LARGE, F_NURSERY, F_PINNED,
    F_STACK, USABLE_BLOCKS,
};
use crate::mem::{AllocError, LinearMemory, MBLOCK_SIZE};
use crate::stable::{StableNames, StablePtrs};
use crate::stack::Stack;
use crate::stats::Stats;

/// Megablocks of the main thread's stack at start-up: 16 (16 MiB minus one descriptor table:
/// 16,769,024 bytes).  It grows on demand ([`Storage::grow_stack`]).
pub const STACK_MBLOCKS: u32 = 16;
/// The largest a stack may grow, in megablocks (512 MiB: 10^7 frames of up to 6 words; GHC allows
/// 80% of the physical memory, but a wasm32 program has 4 GiB in all).
pub const MAX_STACK_MBLOCKS: u32 = 512;
/// Blocks in a nursery chunk: one megablock's worth (1016 KiB).
pub const CHUNK_BLOCKS: u32 = USABLE_BLOCKS;
/// Blocks in a chunk of the runtime's own allocation area.
pub const AREA_BLOCKS: u32 = 32;
/// Objects of at least this many bytes from [`Storage::allocate`] get a block group of their
/// own and are never copied (GHC uses 8/10 of a block).
pub const LARGE_OBJECT_BYTES: u32 = BLOCK_SIZE * 3 / 4;
/// The largest alignment [`Storage::allocate_pinned`] provides.
pub const MAX_PIN_ALIGN: u32 = 512 << 10;
/// Default collection threshold in bytes (`--gc-threshold`): the bytes allocated between two
/// collections (the nursery's size), and the least limit of the old generation.
pub const DEFAULT_THRESHOLD: u64 = 4 << 20;
/// The old generation may grow to this many times the live data of the last major collection
/// (in quarters: 6 = 1.5×; GHC's `-F2` would be 8) before the next major collection.
pub const FACTOR_QUARTERS: u64 = 6;

/// Initial values of the register globals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Regs {
    pub sp: u32,
    pub splim: u32,
    pub hp: u32,
    pub hplim: u32,
}

/// A bump-allocation region inside a block group.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Region {
    /// Head descriptor of the group (0: no region).
    pub group: u32,
    /// Next free byte (for the nursery: where it started; generated code holds `Hp`).
    pub free: u32,
    /// One past the last usable byte.
    pub end: u32,
}

impl Region {
    pub const EMPTY: Region = Region {
        group: 0,
        free: 0,
        end: 0,
    };
}

/// Garbage-collection settings (from the glue's configuration words).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Config {
    /// Bytes allocated between two collections, and the least limit of the old generation.
    pub threshold: u64,
    /// Never collect (`--yolo`).
    pub yolo: bool,
    /// Limit of the old generation as a multiple of the live data, in quarters.
    pub factor_quarters: u64,
}

impl Config {
    pub const DEFAULT: Config = Config {
        threshold: DEFAULT_THRESHOLD,
        yolo: false,
        factor_quarters: FACTOR_QUARTERS,
    };
}

/// Why a stack cannot grow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StackError {
    /// The maximum stack size would be exceeded: GHC's stack overflow (exit 2).
    Overflow,
    /// No memory for the bigger stack: heap overflow (exit 251).
    Memory(AllocError),
}

/// The storage manager's state.
pub struct Storage<M> {
    /// The block allocator (and through it, the memory).
    pub blocks: BlockAlloc<M>,
    /// The running thread's stack (at start-up: the main thread's).
    pub stack: Stack,
    /// Base of the megablocks taken by [`init`](Self::init) whose descriptors are not yet
    /// written (0 = none).
    unadopted: u32,
    /// The first address the runtime owns; everything below is static.
    pub heap_base: u32,
    /// Number of the last major collection, from [`crate::gc::GEN_OLD`]: the `gen` of the old
    /// generation's newest groups.  Young groups have `gen` 0, the aging area 1.
    pub epoch: u32,
    /// The young generation's [`F_NURSERY`] groups, linked through `link` (0 = end): nursery
    /// chunks and the runtime's allocation area.
    pub(crate) young_groups: u32,
    /// The aging area's groups (objects that survived one minor collection).
    pub(crate) aging_groups: u32,
    /// The old generation.
    pub old: crate::gc::OldGen,
    /// Young large objects ([`F_LARGE`] groups), linked through `link`.
    pub(crate) large_young: u32,
    /// The nursery region generated code allocates in (`free` = its start).
    pub(crate) nursery: Region,
    /// The runtime's own bump area for small objects.
    pub(crate) area: Region,
    /// The current pinned block group.
    pub(crate) pinned: Region,
    /// All [`F_PINNED`] groups, linked through `link`.
    pub(crate) pinned_groups: u32,
    /// Entered CAFs, linked through their static-link word ([`CAF_END`] ends the list; 0 there
    /// means "not on the list").
    pub(crate) cafs: u32,
    /// The masking state of the running thread (`ahc_abi::mask`).
    pub mask: u64,
    /// Threads (see [`crate::sched`]).
    pub sched: crate::sched::Sched,
    /// The live weak pointers (linked through their link field; see [`crate::weak`]).
    pub(crate) weaks: u32,
    /// C finalizers of dead weak pointers, to be run (see [`crate::weak`]).
    pub(crate) pending_cfins: u32,
    /// The stable-pointer table.
    pub stable_ptrs: StablePtrs,
    /// The stable-name table.
    pub stable_names: StableNames,
    /// Collection statistics.
    pub stats: Stats,
    /// Collection settings.
    pub config: Config,
    /// Bytes allocated since the last collection, not counting the current nursery region.
    pub(crate) allocated: u64,
    /// Bytes that may be allocated between two collections.
    pub allowance: u64,
    /// Whether the configuration was read (by the wasm entry points).
    pub configured: bool,
    /// Nanosecond clock for the statistics.
    pub clock: Option<fn() -> u64>,
    /// The collector's weak pass over the stable-name table, set by the first
    /// `make_stable_name` (so that programs without stable names do not link it).
    pub(crate) stable_names_gc: Option<StableNamesGc<M>>,
    /// What the collector does when it cannot get to-space (the wasm entry points report heap
    /// overflow; `None` panics with [`crate::gc::oom_panic`]).  An `Option` so that the static
    /// initial value refers to no function: a program that never collects links no panic.
    pub oom: Option<fn(AllocError) -> !>,
}

/// See [`Storage::stable_names_gc`].
pub(crate) type StableNamesGc<M> =
    for<'a, 'b> fn(&'a mut StableNames, &'a mut crate::gc::Gc<'b, M>);

/// End marker of the CAF list (never an object address).
pub const CAF_END: u32 = 1;
/// Offset of a CAF's static-link word.
pub const CAF_LINK: u32 = 16;

impl<M: LinearMemory> Storage<M> {
    /// Nothing allocated yet.
    pub const fn new(mem: M) -> Self {
        Storage {
            blocks: BlockAlloc::new(mem),
            stack: Stack { limit: 0, top: 0 },
            unadopted: 0,
            heap_base: 0,
            epoch: crate::gc::GEN_OLD,
            young_groups: 0,
            aging_groups: 0,
            old: crate::gc::OldGen::new(DEFAULT_THRESHOLD),
            large_young: 0,
            nursery: Region::EMPTY,
            area: Region::EMPTY,
            pinned: Region::EMPTY,
            pinned_groups: 0,
            cafs: CAF_END,
            weaks: 0,
            pending_cfins: 0,
            mask: 0,
            sched: crate::sched::Sched::new(),
            stable_ptrs: StablePtrs::new(),
            stable_names: StableNames::new(),
            stats: Stats::new(),
            config: Config::DEFAULT,
            allocated: 0,
            allowance: DEFAULT_THRESHOLD,
            configured: false,
            clock: None,
            stable_names_gc: None,
            oom: None,
        }
    }

    /// Memory access.
    #[inline]
    pub fn mem(&self) -> &M {
        &self.blocks.mblocks.mem
    }

    /// Memory access.
    #[inline]
    pub fn mem_mut(&mut self) -> &mut M {
        &mut self.blocks.mblocks.mem
    }

    /// Allocates the main stack and the first nursery chunk; returns the initial registers.
    pub fn init(&mut self) -> Result<Regs, AllocError> {
        self.init_with(STACK_MBLOCKS)
    }

    /// [`init`](Self::init) with a stack of `stack_mblocks` megablocks (tests use small ones).
    pub fn init_with(&mut self, stack_mblocks: u32) -> Result<Regs, AllocError> {
        let base = self.blocks.mblocks.grow(stack_mblocks + 1)?;
        self.unadopted = base;
        self.heap_base = base;
        let first = FIRST_BLOCK * BLOCK_SIZE;
        let nursery = base + stack_mblocks * MBLOCK_SIZE;
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

    /// Writes the descriptors of the memory taken by [`init`](Self::init), once.  Every entry
    /// point of the storage manager calls it first.
    #[inline]
    pub fn adopt_initial(&mut self) {
        if self.unadopted != 0 {
            self.adopt_now();
        }
    }

    #[cold]
    #[inline(never)]
    fn adopt_now(&mut self) {
        let base = self.unadopted;
        self.unadopted = 0;
        let stack_mblocks = (self.stack.top - base) / MBLOCK_SIZE;
        let stack = self.blocks.adopt_mblocks(base, stack_mblocks);
        self.blocks.add_flags(stack, F_STACK);
        let chunk = self
            .blocks
            .adopt_mblocks(base + stack_mblocks * MBLOCK_SIZE, 1);
        self.stamp(chunk, F_NURSERY);
        self.link_heap_group(chunk);
        let start = self.blocks.get(chunk, field::START);
        self.nursery = Region {
            group: chunk,
            free: start,
            end: start + blocks_bytes(CHUNK_BLOCKS),
        };
    }

    /// Gives group `head` the owner flags `flags` and the young generation (see
    /// [`crate::gc`]).
    pub(crate) fn stamp(&mut self, head: u32, flags: u32) {
        crate::gc::stamp(&mut self.blocks, head, flags, 0)
    }

    /// The statistics, counting the current nursery region up to `hp`.
    pub fn stats_now(&self, hp: u32) -> Stats {
        let mut s = self.stats;
        s.allocated_bytes += self.nursery_used(hp);
        let mem = self.blocks.mblocks.owned() as u64 * MBLOCK_SIZE as u64;
        s.peak_memory_bytes = s.peak_memory_bytes.max(mem);
        s
    }

    fn link_heap_group(&mut self, head: u32) {
        self.blocks.set(head, field::LINK, self.young_groups);
        self.young_groups = head;
    }

    /// A new [`F_NURSERY`] group of `n` blocks, on the heap list; returns (head, start).
    pub(crate) fn new_heap_group(&mut self, n: u32) -> Result<(u32, u32), AllocError> {
        let head = self.blocks.alloc_group(n)?;
        self.stamp(head, F_NURSERY);
        self.link_heap_group(head);
        Ok((head, self.blocks.get(head, field::START)))
    }

    /// Bytes used in the current nursery region if generated code's `Hp` is `hp`.
    pub(crate) fn nursery_used(&self, hp: u32) -> u64 {
        let r = self.nursery;
        if r.group == 0 {
            return 0;
        }
        // (Not `clamp`: its panic message would link `core::fmt`.)
        (hp.max(r.free).min(r.end) - r.free) as u64
    }

    /// Bytes allocated since the last collection, if `Hp` is `hp`.
    pub fn allocated_since_gc(&self, hp: u32) -> u64 {
        self.allocated + self.nursery_used(hp)
    }

    /// Whether the allocation since the last collection has used up the allowance.
    pub fn gc_due(&self, hp: u32) -> bool {
        !self.config.yolo && self.allocated_since_gc(hp) >= self.allowance
    }

    /// Closes the current nursery region at `hp` (its bytes count as allocated).
    pub(crate) fn retire_nursery(&mut self, hp: u32) {
        let used = self.nursery_used(hp);
        self.allocated += used;
        self.stats.allocated_bytes += used;
        self.nursery = Region::EMPTY;
    }

    /// A fresh nursery region of at least `need` bytes; returns `(hp, hplim)`.
    pub(crate) fn new_nursery(&mut self, need: u32) -> Result<(u32, u32), AllocError> {
        if need > blocks_bytes(USABLE_BLOCKS) {
            // Objects must not straddle megablocks; generated code never asks for this much in
            // one block (its heap checks are per code block).
            return Err(AllocError::OutOfMemory {
                mblocks: need.div_ceil(MBLOCK_SIZE),
            });
        }
        let (head, start) = self.new_heap_group(CHUNK_BLOCKS)?;
        let end = start + blocks_bytes(CHUNK_BLOCKS);
        self.nursery = Region {
            group: head,
            free: start,
            end,
        };
        Ok((start, end))
    }

    /// Without collecting: closes the nursery region at `hp` and opens one with at least `need`
    /// free bytes (`ahc_rts_heap_exhausted`, and `ahc_rts_gc` when no collection is due).
    pub fn refill(&mut self, hp: u32, need: u32) -> Result<(u32, u32), AllocError> {
        self.adopt_initial();
        self.retire_nursery(hp);
        self.new_nursery(need)
    }

    /// The nursery refill that predates the collector: same as [`refill`](Self::refill).
    pub fn heap_exhausted(&mut self, hp: u32, need: u32) -> Result<(u32, u32), AllocError> {
        self.refill(hp, need)
    }

    /// `ahc_rts_gc(need)`: a heap check failed with `Sp = sp`, `Hp = hp` (every live pointer is
    /// in a frame on the stack).  Collects if due (or if memory for a new chunk cannot be had),
    /// then returns a nursery region `(hp, hplim)` with at least `need` free bytes.
    pub fn heap_check_failed(
        &mut self,
        sp: u32,
        hp: u32,
        need: u32,
    ) -> Result<(u32, u32), AllocError> {
        self.adopt_initial();
        let due = self.gc_due(hp);
        self.retire_nursery(hp);
        let mut collected = false;
        if due {
            self.collect(sp);
            collected = true;
        }
        match self.new_nursery(need) {
            Err(_) if !self.config.yolo && need <= blocks_bytes(USABLE_BLOCKS) => {
                // Out of memory: collect everything now and retry.
                let _ = collected;
                self.collect_gen(sp, true);
                self.new_nursery(need)
            }
            r => r,
        }
    }

    /// Memory for an object of `bytes` bytes (rounded up to words), outside the nursery: never
    /// collects.  Returns the address and whether a collection is now due (then the caller makes
    /// the next heap check fail), given generated code's `Hp = hp`.
    pub fn allocate(&mut self, bytes: u32, hp: u32) -> Result<(u32, bool), AllocError> {
        self.adopt_initial();
        let bytes = round_words(bytes);
        let addr = if bytes >= LARGE_OBJECT_BYTES {
            let n = bytes.div_ceil(BLOCK_SIZE);
            let head = self.blocks.alloc_group(n)?;
            self.stamp(head, F_LARGE);
            let start = self.blocks.get(head, field::START);
            self.blocks.set(head, field::FREE, start);
            self.blocks.set(head, field::LINK, self.large_young);
            self.large_young = head;
            start
        } else {
            self.area_alloc(bytes)?
        };
        self.allocated += bytes as u64;
        self.stats.allocated_bytes += bytes as u64;
        Ok((addr, self.gc_due(hp)))
    }

    /// Bump-allocates `bytes` (a multiple of 8, < [`LARGE_OBJECT_BYTES`]) in the runtime's own
    /// area of the heap (movable, like the nursery).
    pub(crate) fn area_alloc(&mut self, bytes: u32) -> Result<u32, AllocError> {
        if self.area.group == 0 || self.area.end - self.area.free < bytes {
            let (head, start) = self.new_heap_group(AREA_BLOCKS)?;
            self.area = Region {
                group: head,
                free: start,
                end: start + blocks_bytes(AREA_BLOCKS),
            };
        }
        let addr = self.area.free;
        self.area.free += bytes;
        Ok(addr)
    }

    /// Memory that is never moved for an object of `bytes` bytes without pointer fields (a
    /// pinned byte array), at an address that is a multiple of `align` (a power of two, at most
    /// [`MAX_PIN_ALIGN`]; smaller than 8 means 8).  Never collects; returns as
    /// [`allocate`](Self::allocate).
    pub fn allocate_pinned(
        &mut self,
        bytes: u32,
        align: u32,
        hp: u32,
    ) -> Result<(u32, bool), AllocError> {
        self.adopt_initial();
        let bytes = round_words(bytes);
        // Larger alignments could put the object beyond its group's first megablock.
        let align = align.clamp(8, MAX_PIN_ALIGN);
        let place = |free: u32| (free + align - 1) & !(align - 1);
        let fits =
            |r: &Region| r.group != 0 && place(r.free) <= r.end && r.end - place(r.free) >= bytes;
        let addr = if fits(&self.pinned) {
            let a = place(self.pinned.free);
            self.pinned.free = a + bytes;
            a
        } else {
            let big = bytes.saturating_add(align) >= LARGE_OBJECT_BYTES;
            let n = if big {
                bytes.saturating_add(align).div_ceil(BLOCK_SIZE)
            } else {
                AREA_BLOCKS
            };
            let head = self.blocks.alloc_group(n)?;
            self.stamp(head, F_PINNED);
            self.blocks.set(head, field::LINK, self.pinned_groups);
            self.pinned_groups = head;
            let start = self.blocks.get(head, field::START);
            let a = place(start);
            if !big {
                self.pinned = Region {
                    group: head,
                    free: a + bytes,
                    end: start + blocks_bytes(n),
                };
            }
            a
        };
        self.allocated += bytes as u64;
        // Only major collections free pinned memory: it counts towards the old generation.
        self.old.bytes += bytes as u64;
        self.stats.allocated_bytes += bytes as u64;
        Ok((addr, self.gc_due(hp)))
    }

    /// `ahc_rts_new_caf(caf)`: the static thunk at `caf` is being entered for the first time;
    /// keep what it evaluates to alive from now on.
    pub fn new_caf(&mut self, caf: u32) {
        let caf = caf & !ahc_abi::TAG_MASK;
        if self.mem().load_u32(caf + CAF_LINK) != 0 {
            return;
        }
        let head = self.cafs;
        self.mem_mut().store_u64(caf + CAF_LINK, head as u64);
        self.cafs = caf;
    }

    /// `ahc_rts_grow_stack(need)`: moves the stack (live part `[sp, top)`) to a region at least
    /// twice as large with room for `need` more bytes below `sp`; returns the new `(sp, splim)`.
    pub fn grow_stack(&mut self, sp: u32, need: u32) -> Result<(u32, u32), StackError> {
        self.adopt_initial();
        let old = self.stack;
        let used = old.top - sp;
        let first = FIRST_BLOCK * BLOCK_SIZE;
        // A stack group fills whole megablocks: k megablocks hold k MiB minus one table.
        let want = used as u64 + need as u64 + BLOCK_SIZE as u64 + first as u64;
        let old_k = (old.size() + first).div_ceil(MBLOCK_SIZE);
        let mut k = (2 * old_k).max(1);
        while (k as u64) * (MBLOCK_SIZE as u64) < want {
            k *= 2;
        }
        let k = k.min(MAX_STACK_MBLOCKS);
        if (k as u64) * (MBLOCK_SIZE as u64) < want || k <= old_k {
            return Err(StackError::Overflow);
        }
        let n = USABLE_BLOCKS + (k - 1) * (MBLOCK_SIZE / BLOCK_SIZE);
        let head = self.blocks.alloc_group(n).map_err(StackError::Memory)?;
        self.blocks.add_flags(head, F_STACK);
        let limit = self.blocks.get(head, field::START);
        let top = limit + blocks_bytes(n);
        let new_sp = top - used;
        self.mem_mut().copy_words(new_sp, sp, used / 8);
        let old_head = self.blocks.group_of(old.limit);
        self.blocks.free_group(old_head);
        self.stack = Stack { limit, top };
        let size = self.stack.size() as u64;
        if size > self.stats.max_stack_bytes {
            self.stats.max_stack_bytes = size;
        }
        Ok((new_sp, limit))
    }
}

/// `bytes` rounded up to whole words.
#[inline]
pub const fn round_words(bytes: u32) -> u32 {
    (bytes + 7) & !7
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::block::F_NURSERY;
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
        assert_eq!(s.allocated, (r.hplim - 8 - r.hp) as u64);
        // The initial chunk was adopted and is on the heap list.
        let first = s.blocks.group_of(r.hp);
        assert_eq!(s.blocks.get(first, field::START), r.hp);
        assert!(s.blocks.get(first, field::FLAGS) & F_NURSERY != 0);
        assert_eq!(s.blocks.get(s.young_groups, field::LINK), first);
        // The stack is one multi-megablock group.
        let st = s.blocks.group_of(s.stack.limit);
        assert_eq!(s.blocks.get(st, field::BLOCKS), USABLE_BLOCKS + 15 * 256);
        assert!(s.blocks.get(st, field::FLAGS) & F_STACK != 0);
        // Adoption happens once.
        s.heap_exhausted(hplim, 8).unwrap();
        assert_eq!(s.blocks.group_of(r.hp), first);
    }

    #[test]
    fn start_up_failure() {
        let mut s = Storage::new(FakeMemory::new(3, 10 * PAGES_PER_MBLOCK));
        assert_eq!(s.init(), Err(AllocError::OutOfMemory { mblocks: 17 }));
    }

    #[test]
    fn allocation_areas() {
        let mut s = Storage::new(FakeMemory::new(3, 40 * PAGES_PER_MBLOCK));
        let r = s.init_with(1).unwrap();
        s.config.threshold = 1 << 20;
        s.allowance = 1 << 20;
        let (a, due) = s.allocate(20, r.hp).unwrap();
        assert!(!due);
        assert_eq!(a % 8, 0);
        let (b, _) = s.allocate(8, r.hp).unwrap();
        assert_eq!(b, a + 24, "bump allocation in the runtime's area");
        let d = crate::block::bdescr(a);
        assert!(s.blocks.get(d, field::FLAGS) & F_NURSERY != 0);
        // Large objects get their own group, at its start.
        let (l, _) = s.allocate(100_000, r.hp).unwrap();
        assert_eq!(l % BLOCK_SIZE, 0);
        assert_eq!(s.large_young, s.blocks.group_of(l));
        assert!(s.blocks.get(s.large_young, field::FLAGS) & F_LARGE != 0);
        // Pinned, aligned payloads.
        let (p, _) = s.allocate_pinned(40, 64, r.hp).unwrap();
        assert_eq!(p % 64, 0);
        let (q, _) = s.allocate_pinned(40, 8, r.hp).unwrap();
        assert_eq!(q, p + 40);
        let (big, _) = s.allocate_pinned(100, 256 << 10, r.hp).unwrap();
        assert_eq!(big % (256 << 10), 0);
        assert_eq!(s.blocks.group_of(q), s.pinned_groups);
        // The allowance: allocated bytes plus the nursery's use.
        assert!(!s.gc_due(r.hp));
        assert!(s.gc_due(r.hp + 1_000_000));
        s.config.yolo = true;
        assert!(!s.gc_due(r.hp + 1_000_000));
    }

    #[test]
    fn cafs_are_listed_once() {
        let mut s = Storage::new(FakeMemory::new(3, 40 * PAGES_PER_MBLOCK));
        s.mem_mut().floor = 8;
        s.init_with(1).unwrap();
        s.new_caf(0x1000);
        s.new_caf(0x2000);
        s.new_caf(0x1000);
        assert_eq!(s.cafs, 0x2000);
        assert_eq!(s.mem().load_u32(0x2000 + CAF_LINK), 0x1000);
        assert_eq!(s.mem().load_u32(0x1000 + CAF_LINK), CAF_END);
    }

    #[test]
    fn stacks_grow_by_moving() {
        let mut s = Storage::new(FakeMemory::new(3, 64 * PAGES_PER_MBLOCK));
        let r = s.init_with(1).unwrap();
        // Fill the top of the stack with a recognisable pattern.
        let used = 4096;
        let sp = r.sp - used;
        for i in 0..used / 8 {
            s.mem_mut().store_u64(sp + 8 * i, 0xabc0_0000 + i as u64);
        }
        let (sp2, lim2) = s.grow_stack(sp, 2_000_000).unwrap();
        assert_eq!(s.stack.limit, lim2);
        assert_eq!(s.stack.top - sp2, used);
        assert!(sp2 - lim2 >= 2_000_000);
        for i in 0..used / 8 {
            assert_eq!(s.mem().load_u64(sp2 + 8 * i), 0xabc0_0000 + i as u64);
        }
        assert_eq!(s.stack.size() + FIRST_BLOCK * BLOCK_SIZE, 2 * MBLOCK_SIZE);
        // The old stack's megablock is free again.
        assert!(s
            .blocks
            .mblocks
            .free_groups()
            .any(|(a, _)| a == r.splim & !(MBLOCK_SIZE - 1)));
        // Doubling again, then the limit.
        let (sp3, _) = s.grow_stack(sp2, 8).unwrap();
        assert_eq!(s.stack.size() + FIRST_BLOCK * BLOCK_SIZE, 4 * MBLOCK_SIZE);
        assert_eq!(
            s.grow_stack(sp3, MAX_STACK_MBLOCKS * MBLOCK_SIZE),
            Err(StackError::Overflow)
        );
        assert!(matches!(
            s.grow_stack(sp3, 100 * MBLOCK_SIZE),
            Err(StackError::Memory(_))
        ));
    }
}
