//! The copying garbage collector (Cheney's algorithm over block groups).
//!
//! A collection copies every object reachable from the roots out of *from-space* (all
//! [`F_NURSERY`] groups: nursery chunks, the runtime's allocation area, the previous to-space)
//! into fresh to-space groups, then frees from-space as a whole.  Nothing is generational yet:
//! everything reachable is copied every time, so mutable objects need no remembered set.
//!
//! ## Roots
//! The Haskell stack from `Sp` to its top (frames walked by their info tables, see
//! `Gc::scavenge_stack`), the CAF list (entered CAFs that became indirections: their
//! indirectee), the stable-pointer table.  Stable names are weak: after copying, the table
//! follows the objects it names and forgets the dead ones.
//!
//! ## Evacuation (`Gc::evacuate`)
//! - Static objects (below [`Storage::heap_base`]) are left alone and not scanned: they refer only
//!   to static objects, except CAFs, which are on the CAF list.
//! - From-space objects are copied (exactly their size, per the tables in `ahc-abi`); the
//!   original's info word becomes the forwarding address with bit 0 set (info tables are
//!   8-aligned).  Pointers keep their tag bits.
//! - Indirections are short-cut: a pointer to an `Ind` becomes a pointer to (the copy of) its
//!   indirectee, tag included — except the updatee of an update frame, copied as it is (the
//!   frame will overwrite it).
//! - Large and pinned objects are marked (their group's `gen` := the epoch) instead of copied;
//!   large objects are then scanned once (pinned ones have no pointer fields).
//!
//! Objects are never scanned linearly in from-space, so slop (the rest of an updated thunk,
//! a shrunk array) needs no filling.

use ahc_abi::{info, ClosureType, TAG_MASK};

use crate::block::{
    bdescr, blocks_bytes, field, BlockAlloc, F_LARGE, F_MULTI, F_NURSERY, F_PINNED,
};
use crate::block::{BLOCK_SIZE, DESC_SIZE, USABLE_BLOCKS};
use crate::mem::{AllocError, LinearMemory, MBLOCK_SIZE};
use crate::sm::{Region, Storage, CAF_END, CAF_LINK};

/// Bytes before an array's payload (`[info][size]`).
pub const ARR_PAYLOAD: u32 = 16;
/// Bit 0 of a from-space object's first word: the rest is its new address.
const FORWARDED: u32 = 1;
/// Blocks in a to-space group.
const TO_BLOCKS: u32 = USABLE_BLOCKS;

const CON: u32 = ClosureType::Con as u32;
const FUN: u32 = ClosureType::Fun as u32;
const THUNK: u32 = ClosureType::Thunk as u32;
const IND: u32 = ClosureType::Ind as u32;
const BLACKHOLE: u32 = ClosureType::Blackhole as u32;
const PAP: u32 = ClosureType::Pap as u32;
const ARR_WORDS: u32 = ClosureType::ArrWords as u32;
const ARR_PTRS: u32 = ClosureType::ArrPtrs as u32;
const MUT_VAR: u32 = ClosureType::MutVar as u32;
const STABLE_NAME: u32 = ClosureType::StableName as u32;
pub(crate) const RET_FRAME: u32 = ClosureType::RetFrame as u32;
pub(crate) const UPDATE_FRAME: u32 = ClosureType::UpdateFrame as u32;
pub(crate) const STOP_FRAME: u32 = ClosureType::StopFrame as u32;
pub(crate) const AP_FRAME: u32 = ClosureType::ApFrame as u32;
pub(crate) const CATCH_FRAME: u32 = ClosureType::CatchFrame as u32;
pub(crate) const MASK_FRAME: u32 = ClosureType::MaskFrame as u32;

/// Gives group `head` the owner flags `flags` and `gen = epoch` in every descriptor of its first
/// megablock (the allocator's [`F_MULTI`] stays on the head).
pub(crate) fn stamp<M: LinearMemory>(b: &mut BlockAlloc<M>, head: u32, flags: u32, epoch: u32) {
    let n = b.get(head, field::BLOCKS).min(USABLE_BLOCKS);
    let multi = b.get(head, field::FLAGS) & F_MULTI;
    b.set(head, field::FLAGS, flags | multi);
    b.set(head, field::GEN, epoch);
    for i in 1..n {
        let d = head + i * DESC_SIZE;
        b.set(d, field::FLAGS, flags);
        b.set(d, field::GEN, epoch);
    }
}

/// Info field `f` of the info table at `inf`.
#[inline(always)]
fn info_field<M: LinearMemory>(mem: &M, inf: u32, f: u32) -> u32 {
    mem.load_u32(inf + f)
}

/// Words (positional, void arguments taking none) of the first `n` arguments of pattern `pat`.
pub(crate) fn pattern_words<M: LinearMemory>(mem: &M, pat: u32, n: u32) -> u32 {
    (0..n)
        .filter(|&i| mem.load_u8(pat + i) != ahc_abi::ArgKind::Void as u8)
        .count() as u32
}

/// Type and size in words of the stack frame at `p`; `None` for something that is no frame.
pub(crate) fn frame_size<M: LinearMemory>(mem: &M, p: u32) -> Option<(u32, u32)> {
    let inf = mem.load_u32(p);
    let ty = info_field(mem, inf, info::TYPE);
    let words = match ty {
        RET_FRAME => 1 + info_field(mem, inf, info::PTRS) + info_field(mem, inf, info::NPTRS),
        UPDATE_FRAME | MASK_FRAME => 2,
        STOP_FRAME => 1,
        CATCH_FRAME => 3,
        AP_FRAME => {
            let desc = mem.load_u64(p + 8);
            2 + pattern_words(mem, desc as u32, (desc >> 32) as u32)
        }
        _ => return None,
    };
    Some((ty, words))
}

/// The state of one collection: to-space and the work lists.
pub(crate) struct Gc<'a, M> {
    pub(crate) b: &'a mut BlockAlloc<M>,
    epoch: u32,
    heap_base: u32,
    /// Current to-space group (head), its bump pointer and end.
    to_group: u32,
    to_free: u32,
    to_end: u32,
    /// First and last to-space groups (linked through `link` in allocation order).
    to_head: u32,
    to_tail: u32,
    /// Cheney's scan pointer and the group it is in (0: nothing copied yet).
    scan_group: u32,
    scan: u32,
    /// Large objects marked but not scanned yet (linked through `back`).
    pending: u32,
    /// Words copied.
    pub(crate) copied: u64,
    /// Called when to-space cannot be had (reports heap overflow; never returns).
    oom: fn(AllocError) -> !,
}

impl<'a, M: LinearMemory> Gc<'a, M> {
    pub(crate) fn new(
        b: &'a mut BlockAlloc<M>,
        epoch: u32,
        heap_base: u32,
        oom: fn(AllocError) -> !,
    ) -> Self {
        Gc {
            b,
            epoch,
            heap_base,
            to_group: 0,
            to_free: 0,
            to_end: 0,
            to_head: 0,
            to_tail: 0,
            scan_group: 0,
            scan: 0,
            pending: 0,
            copied: 0,
            oom,
        }
    }

    #[inline(always)]
    pub(crate) fn mem(&self) -> &M {
        &self.b.mblocks.mem
    }

    #[inline(always)]
    fn mem_mut(&mut self) -> &mut M {
        &mut self.b.mblocks.mem
    }

    /// `words` words of to-space.
    #[inline]
    fn alloc_to_space(&mut self, words: u32) -> u32 {
        let bytes = words * 8;
        if self.to_end - self.to_free < bytes {
            self.new_to_group(bytes);
        }
        let a = self.to_free;
        self.to_free += bytes;
        a
    }

    #[cold]
    #[inline(never)]
    fn new_to_group(&mut self, bytes: u32) {
        if self.to_group != 0 {
            self.b.set(self.to_group, field::FREE, self.to_free);
        }
        let n = bytes.div_ceil(BLOCK_SIZE).max(TO_BLOCKS);
        let head = match self.b.alloc_group(n) {
            Ok(h) => h,
            Err(e) => (self.oom)(e),
        };
        stamp(self.b, head, F_NURSERY, self.epoch);
        self.b.set(head, field::LINK, 0);
        if self.to_tail != 0 {
            self.b.set(self.to_tail, field::LINK, head);
        } else {
            self.to_head = head;
        }
        self.to_tail = head;
        self.to_group = head;
        let start = self.b.get(head, field::START);
        self.to_free = start;
        self.to_end = start + blocks_bytes(n);
        if self.scan_group == 0 {
            self.scan_group = head;
            self.scan = start;
        }
    }

    /// The info pointer of the object at `a`, looking through a forwarding address.
    #[inline]
    fn info_of(&self, a: u32) -> u32 {
        let w = self.mem().load_u32(a);
        if w & FORWARDED != 0 {
            self.mem().load_u32(w & !FORWARDED)
        } else {
            w
        }
    }

    /// Words of the arguments of the PAP at `a` (whose function may have been copied already).
    fn pap_arg_words(&self, a: u32) -> u32 {
        let fun = self.mem().load_u32(a + 8) & !TAG_MASK;
        let finfo = self.info_of(fun);
        let n = self.mem().load_u32(a + 16);
        pattern_words(self.mem(), info_field(self.mem(), finfo, info::PATTERN), n)
    }

    /// Size in words of the heap object at `a` with info table `inf` of type `ty`.
    fn object_words(&self, a: u32, inf: u32, ty: u32) -> u32 {
        let mem = self.mem();
        match ty {
            CON | FUN => 1 + info_field(mem, inf, info::PTRS) + info_field(mem, inf, info::NPTRS),
            THUNK => 2 + info_field(mem, inf, info::PTRS) + info_field(mem, inf, info::NPTRS),
            IND | BLACKHOLE | MUT_VAR | STABLE_NAME => 2,
            ARR_WORDS => 2 + (mem.load_u32(a + 8).div_ceil(8)),
            ARR_PTRS => 2 + mem.load_u32(a + 8),
            PAP => 3 + self.pap_arg_words(a),
            _ => bad_object(),
        }
    }

    /// Evacuates the object `p` points to (tag bits allowed); returns its new address, tagged
    /// like `p`.  `shortcut`: look through indirections.
    #[inline]
    pub(crate) fn evacuate(&mut self, p: u32, shortcut: bool) -> u32 {
        let mut p = p;
        loop {
            let a = p & !TAG_MASK;
            if a < self.heap_base {
                return p;
            }
            let d = bdescr(a);
            let flags = self.b.get(d, field::FLAGS);
            if flags & F_NURSERY == 0 {
                if flags & (F_LARGE | F_PINNED) != 0 {
                    self.mark(d, flags);
                }
                return p;
            }
            if self.b.get(d, field::GEN) == self.epoch {
                return p;
            }
            let w = self.mem().load_u32(a);
            if w & FORWARDED != 0 {
                return (w & !FORWARDED) | (p & TAG_MASK);
            }
            let ty = info_field(self.mem(), w, info::TYPE);
            if ty == IND && shortcut {
                p = self.mem().load_u32(a + 8);
                continue;
            }
            let words = self.object_words(a, w, ty);
            let q = self.alloc_to_space(words);
            copy_small(self.mem_mut(), q, a, words);
            self.mem_mut().store_u32(a, q | FORWARDED);
            self.copied += words as u64;
            return q | (p & TAG_MASK);
        }
    }

    /// Marks the large or pinned group containing the block of descriptor `d` as live.
    #[cold]
    fn mark(&mut self, d: u32, flags: u32) {
        let head = self.b.get(d, field::HEAD);
        if self.b.get(head, field::GEN) == self.epoch {
            return;
        }
        self.b.set(head, field::GEN, self.epoch);
        if flags & F_LARGE != 0 {
            self.b.set(head, field::BACK, self.pending);
            self.pending = head;
        }
    }

    /// Evacuates the pointer stored (low 32 bits of a word) at `addr`, updating it.
    #[inline]
    pub(crate) fn evac_field(&mut self, addr: u32, shortcut: bool) {
        let v = self.mem().load_u32(addr);
        let nv = self.evacuate(v, shortcut);
        if nv != v {
            self.mem_mut().store_u32(addr, nv);
        }
    }

    fn evac_range(&mut self, addr: u32, words: u32) {
        for i in 0..words {
            self.evac_field(addr + 8 * i, true);
        }
    }

    /// Evacuates the pointer arguments among the first `n` of pattern `pat`, stored
    /// positionally from `addr`; returns their words.
    fn evac_pattern(&mut self, addr: u32, pat: u32, n: u32) -> u32 {
        let mut w = 0;
        for i in 0..n {
            let k = self.mem().load_u8(pat + i);
            if k == ahc_abi::ArgKind::Void as u8 {
                continue;
            }
            if k == ahc_abi::ArgKind::Ptr as u8 {
                self.evac_field(addr + 8 * w, true);
            }
            w += 1;
        }
        w
    }

    /// Scans the (copied or large) object at `q`; returns its size in words.
    fn scavenge_object(&mut self, q: u32) -> u32 {
        let inf = self.mem().load_u32(q);
        let ty = info_field(self.mem(), inf, info::TYPE);
        match ty {
            CON | FUN => {
                let ptrs = info_field(self.mem(), inf, info::PTRS);
                self.evac_range(q + 8, ptrs);
                1 + ptrs + info_field(self.mem(), inf, info::NPTRS)
            }
            THUNK => {
                let ptrs = info_field(self.mem(), inf, info::PTRS);
                self.evac_range(q + 16, ptrs);
                2 + ptrs + info_field(self.mem(), inf, info::NPTRS)
            }
            IND | MUT_VAR => {
                self.evac_field(q + 8, true);
                2
            }
            BLACKHOLE | STABLE_NAME => 2,
            ARR_WORDS => 2 + self.mem().load_u32(q + 8).div_ceil(8),
            ARR_PTRS => {
                let n = self.mem().load_u32(q + 8);
                self.evac_range(q + 16, n);
                2 + n
            }
            PAP => {
                self.evac_field(q + 8, true);
                let fun = self.mem().load_u32(q + 8) & !TAG_MASK;
                let finfo = self.info_of(fun);
                let pat = info_field(self.mem(), finfo, info::PATTERN);
                let n = self.mem().load_u32(q + 16);
                3 + self.evac_pattern(q + 24, pat, n)
            }
            _ => bad_object(),
        }
    }

    /// Evacuates the pointers of the frames in `[sp, top)`.
    pub(crate) fn scavenge_stack(&mut self, sp: u32, top: u32) {
        let mut p = sp;
        while p < top {
            let inf = self.mem().load_u32(p);
            let ty = info_field(self.mem(), inf, info::TYPE);
            let words = match ty {
                RET_FRAME => {
                    let ptrs = info_field(self.mem(), inf, info::PTRS);
                    self.evac_range(p + 8, ptrs);
                    1 + ptrs + info_field(self.mem(), inf, info::NPTRS)
                }
                UPDATE_FRAME => {
                    self.evac_field(p + 8, false);
                    2
                }
                STOP_FRAME => 1,
                AP_FRAME => {
                    let desc = self.mem().load_u64(p + 8);
                    2 + self.evac_pattern(p + 16, desc as u32, (desc >> 32) as u32)
                }
                CATCH_FRAME => {
                    self.evac_field(p + 8, true);
                    3
                }
                MASK_FRAME => 2,
                _ => bad_frame(),
            };
            p += 8 * words;
        }
    }

    /// Evacuates the values of the CAFs on the list starting at `caf`.
    pub(crate) fn scavenge_cafs(&mut self, mut caf: u32) {
        while caf != CAF_END && caf != 0 {
            let inf = self.mem().load_u32(caf);
            if info_field(self.mem(), inf, info::TYPE) == IND {
                self.evac_field(caf + 8, true);
            }
            caf = self.mem().load_u32(caf + CAF_LINK);
        }
    }

    /// Cheney's loop: scans to-space (and marked large objects) until nothing is left to scan.
    pub(crate) fn scavenge_loop(&mut self) {
        loop {
            if self.scan_group != 0 {
                let lim = if self.scan_group == self.to_group {
                    self.to_free
                } else {
                    self.b.get(self.scan_group, field::FREE)
                };
                if self.scan < lim {
                    let w = self.scavenge_object(self.scan);
                    self.scan += 8 * w;
                    continue;
                }
                if self.scan_group != self.to_group {
                    self.scan_group = self.b.get(self.scan_group, field::LINK);
                    self.scan = self.b.get(self.scan_group, field::START);
                    continue;
                }
            }
            if self.pending != 0 {
                let g = self.pending;
                self.pending = self.b.get(g, field::BACK);
                self.b.set(g, field::BACK, 0);
                let obj = self.b.get(g, field::FREE);
                self.scavenge_object(obj);
                continue;
            }
            return;
        }
    }

    /// After copying: where the object `p` (tagged) lives now, or `None` if it is dead.
    pub(crate) fn is_alive(&self, mut p: u32) -> Option<u32> {
        loop {
            let a = p & !TAG_MASK;
            if a < self.heap_base {
                return Some(p);
            }
            let d = bdescr(a);
            let flags = self.b.get(d, field::FLAGS);
            if flags & F_NURSERY == 0 {
                if flags & (F_LARGE | F_PINNED) != 0 {
                    let head = self.b.get(d, field::HEAD);
                    return (self.b.get(head, field::GEN) == self.epoch).then_some(p);
                }
                return Some(p);
            }
            if self.b.get(d, field::GEN) == self.epoch {
                return Some(p);
            }
            let w = self.mem().load_u32(a);
            if w & FORWARDED != 0 {
                return Some((w & !FORWARDED) | (p & TAG_MASK));
            }
            if info_field(self.mem(), w, info::TYPE) == IND {
                p = self.mem().load_u32(a + 8);
                continue;
            }
            return None;
        }
    }

    /// Closes to-space: returns its first group (the new heap list) and its bytes.
    fn finish(&mut self) -> (u32, u64) {
        if self.to_group != 0 {
            self.b.set(self.to_group, field::FREE, self.to_free);
        }
        let mut bytes = 0u64;
        let mut g = self.to_head;
        while g != 0 {
            bytes += (self.b.get(g, field::FREE) - self.b.get(g, field::START)) as u64;
            g = self.b.get(g, field::LINK);
        }
        (self.to_head, bytes)
    }
}

/// Copies a small object word by word (a `memmove` call costs more for 2–4 words).
#[inline(always)]
fn copy_small<M: LinearMemory>(mem: &mut M, dst: u32, src: u32, words: u32) {
    if words <= 8 {
        for i in 0..words {
            let w = mem.load_u64(src + 8 * i);
            mem.store_u64(dst + 8 * i, w);
        }
    } else {
        mem.copy_words(dst, src, words);
    }
}

/// The default [`Storage::oom`]: tests and native builds panic.
pub fn oom_panic(_: AllocError) -> ! {
    panic!("garbage collector: out of memory for to-space")
}

#[cold]
#[inline(never)]
fn bad_object() -> ! {
    panic!("garbage collector: not a heap object")
}

#[cold]
#[inline(never)]
fn bad_frame() -> ! {
    panic!("garbage collector: not a stack frame")
}

impl<M: LinearMemory> Storage<M> {
    /// Collects garbage, given the stack pointer `sp` (every live pointer is in the stack's
    /// frames, the CAF list or the stable-pointer table).  Leaves no nursery region: the caller
    /// installs one (the old one was in from-space).
    pub fn collect(&mut self, sp: u32) -> Result<(), AllocError> {
        self.adopt_initial();
        let t0 = self.now();
        self.epoch += 1;
        let epoch = self.epoch;
        let from = core::mem::replace(&mut self.heap_groups, 0);
        self.nursery = Region::EMPTY;
        self.area = Region::EMPTY;
        if self.pinned.group != 0 {
            // The current pinned group stays (its free space will be used).
            self.blocks.set(self.pinned.group, field::GEN, epoch);
        }
        let top = self.stack.top;
        let cafs = self.cafs;
        let mut gc = Gc::new(&mut self.blocks, epoch, self.heap_base, self.oom);
        gc.scavenge_stack(sp, top);
        gc.scavenge_cafs(cafs);
        self.stable_ptrs.evacuate(&mut gc);
        gc.scavenge_loop();
        if let Some(f) = self.stable_names_gc {
            f(&mut self.stable_names, &mut gc);
        }
        let copied = gc.copied;
        let (to_head, to_bytes) = gc.finish();
        self.heap_groups = to_head;

        // Free from-space and the dead large and pinned groups.
        let mut g = from;
        while g != 0 {
            let next = self.blocks.get(g, field::LINK);
            self.blocks.free_group(g);
            g = next;
        }
        let mut live = to_bytes;
        for list in [&mut self.large, &mut self.pinned_groups] {
            let mut g = core::mem::replace(list, 0);
            while g != 0 {
                let next = self.blocks.get(g, field::LINK);
                if self.blocks.get(g, field::GEN) == epoch {
                    self.blocks.set(g, field::LINK, *list);
                    *list = g;
                    live += blocks_bytes(self.blocks.get(g, field::BLOCKS)) as u64;
                } else {
                    self.blocks.free_group(g);
                }
                g = next;
            }
        }

        self.allocated = 0;
        self.allowance = self
            .config
            .threshold
            .max(live.saturating_mul(self.config.factor_quarters) / 4);
        let s = &mut self.stats;
        s.collections += 1;
        s.copied_bytes += copied * 8;
        s.last_live_bytes = live;
        s.max_live_bytes = s.max_live_bytes.max(live);
        let mem = self.blocks.mblocks.owned() as u64 * MBLOCK_SIZE as u64;
        s.peak_memory_bytes = s.peak_memory_bytes.max(mem);
        let t1 = self.now();
        let pause = t1.saturating_sub(t0);
        self.stats.gc_ns += pause;
        self.stats.max_pause_ns = self.stats.max_pause_ns.max(pause);
        Ok(())
    }

    fn now(&self) -> u64 {
        match self.clock {
            Some(f) => f(),
            None => 0,
        }
    }
}
