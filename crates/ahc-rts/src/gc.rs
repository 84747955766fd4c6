//! The garbage collector: generational, copying (Cheney's algorithm over block groups).
//!
//! ## Generations
//! Two generations.  The *young* one is everything allocated since the last collection: the
//! nursery chunks where generated code bump-allocates, the runtime's allocation area, young large
//! objects.  The *old* one is what survived a collection.  Block groups of movable objects
//! ([`F_NURSERY`]) carry their generation in the `gen` field of every block descriptor: 0 for
//! young groups, else the number (*epoch*) of the major collection after which the group became
//! old.  A collection copies the objects of every group whose `gen` is below a *limit* and
//! leaves the others alone:
//! - a **minor** collection (limit 1) copies the reachable young objects into the old
//!   generation (appending to its last group: survivors are promoted at once) and frees the
//!   young groups;
//! - a **major** collection (a new epoch `E`, limit `E`) copies everything reachable into fresh
//!   groups of generation `E`, and frees all the old groups.
//!
//! ## Roots
//! The Haskell stack from `Sp` to its top (every frame, walked by its info table), the CAF list
//! (entered CAFs that became indirections: their indirectee), the stable-pointer table.  A minor
//! collection also needs the old objects that may point to young ones — found without any write
//! barrier in generated code, because only three kinds of old object can change:
//! - `MutVar#` and arrays of pointers (`ArrPtrs`, mutable or frozen: they share their info
//!   table): every old one is on the *mutable list*, scanned in full by every minor collection;
//! - thunks (and blackholes, thunks under evaluation) become indirections when updated: every
//!   old one is on the *thunk list*; a minor collection follows the indirectee of those that
//!   were updated and drops them (an indirection never changes again).
//!
//! Both lists are rebuilt by each major collection, and extended as objects are promoted.
//! Stable names are weak: after copying, the table follows the objects it names and forgets
//! the dead ones.
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
//! - Large objects ([`F_LARGE`]) are marked (their head's `gen` := the epoch) instead of copied,
//!   then scanned once; pinned groups ([`F_PINNED`], objects without pointer fields) are marked by
//!   major collections only (minor ones never free them).
//!
//! Objects are never scanned linearly in from-space, so slop (the rest of an updated thunk,
//! a shrunk array) needs no filling.

use ahc_abi::{info, ClosureType, TAG_MASK};

use crate::block::{
    bdescr, blocks_bytes, field, BlockAlloc, F_LARGE, F_MULTI, F_NURSERY, F_PINNED,
};
use crate::block::{BLOCK_SIZE, DESC_SIZE, F_TABLE, F_TO, USABLE_BLOCKS};
use crate::mem::{AllocError, LinearMemory, MBLOCK_SIZE};
use crate::sm::{Region, Storage, CAF_END, CAF_LINK};

/// Bit 0 of a from-space object's first word: the rest is its new address.
const FORWARDED: u32 = 1;
/// `gen` of the nursery's groups (and of young large and pinned groups).
pub const GEN_NURSERY: u32 = 0;
/// `gen` of the aging area: objects that survived one minor collection.
pub const GEN_AGING: u32 = 1;
/// The lowest `gen` of the old generation (the first epoch).
pub const GEN_OLD: u32 = 2;

/// The nursery is at least this many times the remembered set's size (see `collect_gen`).
const REMEMBERED_FACTOR: u64 = 2;
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
const WEAK: u32 = ClosureType::Weak as u32;
pub(crate) const RET_FRAME: u32 = ClosureType::RetFrame as u32;
pub(crate) const UPDATE_FRAME: u32 = ClosureType::UpdateFrame as u32;
pub(crate) const STOP_FRAME: u32 = ClosureType::StopFrame as u32;
pub(crate) const AP_FRAME: u32 = ClosureType::ApFrame as u32;
pub(crate) const CATCH_FRAME: u32 = ClosureType::CatchFrame as u32;
pub(crate) const MASK_FRAME: u32 = ClosureType::MaskFrame as u32;
pub(crate) const ATOMICALLY_FRAME: u32 = ClosureType::AtomicallyFrame as u32;
pub(crate) const CATCH_RETRY_FRAME: u32 = ClosureType::CatchRetryFrame as u32;
pub(crate) const CATCH_STM_FRAME: u32 = ClosureType::CatchStmFrame as u32;

/// Gives group `head` the owner flags `flags` and `gen` in every descriptor of its first
/// megablock (the allocator's [`F_MULTI`] stays on the head).
pub(crate) fn stamp<M: LinearMemory>(b: &mut BlockAlloc<M>, head: u32, flags: u32, gen: u32) {
    let n = b.get(head, field::BLOCKS).min(USABLE_BLOCKS);
    let multi = b.get(head, field::FLAGS) & F_MULTI;
    b.set(head, field::FLAGS, flags | multi);
    b.set(head, field::GEN, gen);
    for i in 1..n {
        let d = head + i * DESC_SIZE;
        b.set(d, field::FLAGS, flags);
        b.set(d, field::GEN, gen);
    }
}

/// A growable list of addresses in a block group of its own.
#[derive(Debug)]
pub(crate) struct AddrList {
    group: u32,
    base: u32,
    cap: u32,
    pub(crate) len: u32,
}

impl AddrList {
    pub(crate) const fn new() -> Self {
        AddrList {
            group: 0,
            base: 0,
            cap: 0,
            len: 0,
        }
    }

    #[inline]
    pub(crate) fn get<M: LinearMemory>(&self, mem: &M, i: u32) -> u32 {
        mem.load_u32(self.base + 4 * i)
    }

    #[inline]
    fn set<M: LinearMemory>(&self, mem: &mut M, i: u32, v: u32) {
        mem.store_u32(self.base + 4 * i, v)
    }

    #[inline]
    fn push<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>, v: u32) -> Result<(), AllocError> {
        if self.len == self.cap {
            self.grow(b)?;
        }
        self.set(&mut b.mblocks.mem, self.len, v);
        self.len += 1;
        Ok(())
    }

    #[cold]
    fn grow<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>) -> Result<(), AllocError> {
        let n = (2 * self.cap * 4).div_ceil(BLOCK_SIZE).max(1);
        let head = b.alloc_group(n)?;
        b.add_flags(head, F_TABLE);
        let base = b.get(head, field::START);
        if self.group != 0 {
            // Whole words: the capacity is a multiple of two entries.
            b.mblocks.mem.copy_words(base, self.base, self.cap / 2);
            b.free_group(self.group);
        }
        self.group = head;
        self.base = base;
        self.cap = blocks_bytes(n) / 4;
        Ok(())
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
        CATCH_FRAME | CATCH_STM_FRAME => 3,
        ATOMICALLY_FRAME => 2,
        CATCH_RETRY_FRAME => 4,
        AP_FRAME => {
            let desc = mem.load_u64(p + 8);
            2 + pattern_words(mem, desc as u32, (desc >> 32) as u32)
        }
        _ => return None,
    };
    Some((ty, words))
}

/// A to-space: groups filled in order and scanned in order (Cheney).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Space {
    /// Current group (head), its bump pointer and end.
    group: u32,
    free: u32,
    end: u32,
    /// First group this collection allocated, and the last group (linked through `link` in
    /// allocation order).
    head: u32,
    tail: u32,
    /// Cheney's scan pointer and the group it is in (0: nothing copied yet).
    scan_group: u32,
    scan: u32,
    /// `gen` and owner flags of new groups.
    gen: u32,
    flags: u32,
}

impl Space {
    fn new(gen: u32, flags: u32) -> Self {
        Space {
            gen,
            flags,
            ..Space::default()
        }
    }

    /// Continues allocating in region `r` (the last group, linked after `tail`); the scan
    /// starts at its free pointer.
    fn resume(&mut self, r: Region, tail: u32) {
        self.tail = tail;
        if r.group != 0 {
            self.group = r.group;
            self.free = r.free;
            self.end = r.end;
            self.scan_group = r.group;
            self.scan = r.free;
        }
    }

    #[cold]
    #[inline(never)]
    fn new_group<M: LinearMemory>(
        &mut self,
        b: &mut BlockAlloc<M>,
        bytes: u32,
        oom: fn(AllocError) -> !,
    ) {
        if self.group != 0 {
            b.set(self.group, field::FREE, self.free);
        }
        let n = bytes.div_ceil(BLOCK_SIZE).max(TO_BLOCKS);
        let head = match b.alloc_group(n) {
            Ok(h) => h,
            Err(e) => oom(e),
        };
        stamp(b, head, self.flags, self.gen);
        b.set(head, field::LINK, 0);
        if self.tail != 0 {
            b.set(self.tail, field::LINK, head);
        }
        if self.head == 0 {
            self.head = head;
        }
        self.tail = head;
        self.group = head;
        let start = b.get(head, field::START);
        self.free = start;
        self.end = start + blocks_bytes(n);
        if self.scan_group == 0 {
            self.scan_group = head;
            self.scan = start;
        }
    }

    /// Closes the space: records the current group's fill; returns it as a region.
    fn finish<M: LinearMemory>(&mut self, b: &mut BlockAlloc<M>) -> Region {
        if self.group == 0 {
            return Region::EMPTY;
        }
        b.set(self.group, field::FREE, self.free);
        Region {
            group: self.group,
            free: self.free,
            end: self.end,
        }
    }
}

/// The state of one collection: to-space and the work lists.
pub(crate) struct Gc<'a, M> {
    pub(crate) b: &'a mut BlockAlloc<M>,
    mut_list: &'a mut AddrList,
    thunk_list: &'a mut AddrList,
    /// Objects in groups whose `gen` is below this (and not [`F_TO`]) are copied.
    limit: u32,
    /// The `gen` of the old generation's new groups and of marked large and pinned groups.
    epoch: u32,
    major: bool,
    heap_base: u32,
    /// Where survivors go: the old generation, and (minor collections) the aging area for
    /// objects from the nursery.
    old: Space,
    aging: Space,
    /// Large objects marked but not scanned yet (linked through `back`).
    pending: u32,
    /// Set while scanning an old object in a minor collection: what it points to is promoted
    /// straight into the old generation...
    evac_to_old: bool,
    /// ...unless it is already in the aging area: then the old object must be remembered.
    failed: bool,
    /// Words (entries, object words) the remembered set made this minor collection scan.
    remembered_words: u64,
    /// Words copied (to the old generation, to the aging area).
    pub(crate) copied_old: u64,
    pub(crate) copied_aging: u64,
    /// Called when memory cannot be had (reports heap overflow; never returns).
    oom: fn(AllocError) -> !,
    /// The TSOs' info table (major collections record which TSOs they reach).
    pub(crate) tso_info: u32,
}

impl<'a, M: LinearMemory> Gc<'a, M> {
    #[inline(always)]
    pub(crate) fn mem(&self) -> &M {
        &self.b.mblocks.mem
    }

    pub(crate) fn is_major(&self) -> bool {
        self.major
    }

    pub(crate) fn epoch(&self) -> u32 {
        self.epoch
    }

    #[inline(always)]
    pub(crate) fn mem_mut(&mut self) -> &mut M {
        &mut self.b.mblocks.mem
    }

    /// `words` words in the old generation (`old`) or the aging area.
    #[inline]
    fn alloc_to_space(&mut self, words: u32, old: bool) -> u32 {
        let bytes = words * 8;
        let sp = if old { &mut self.old } else { &mut self.aging };
        if sp.end - sp.free < bytes {
            sp.new_group(self.b, bytes, self.oom);
        }
        let a = sp.free;
        sp.free += bytes;
        if old {
            self.copied_old += words as u64;
        } else {
            self.copied_aging += words as u64;
        }
        a
    }

    fn push(&mut self, thunks: bool, q: u32) {
        let list = if thunks {
            &mut *self.thunk_list
        } else {
            &mut *self.mut_list
        };
        if let Err(e) = list.push(self.b, q) {
            (self.oom)(e)
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
            ARR_PTRS | WEAK => 2 + mem.load_u32(a + 8),
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
                    if self.major
                        && flags & F_PINNED != 0
                        && self.mem().load_u32(a) == self.tso_info
                    {
                        // Which threads are reachable decides deadlocks (`collect_threads`).
                        let epoch = self.epoch;
                        self.mem_mut()
                            .store_u32(a + ahc_abi::sched::TSO_MARK, epoch);
                    }
                    self.mark(d, flags);
                }
                return p;
            }
            let gen = self.b.get(d, field::GEN);
            if gen >= self.limit {
                return p;
            }
            if flags & F_TO != 0 {
                self.failed |= self.evac_to_old;
                return p;
            }
            let w = self.mem().load_u32(a);
            if w & FORWARDED != 0 {
                let q = w & !FORWARDED;
                if self.evac_to_old && self.b.get(bdescr(q), field::FLAGS) & F_TO != 0 {
                    self.failed = true;
                }
                return q | (p & TAG_MASK);
            }
            let ty = info_field(self.mem(), w, info::TYPE);
            if ty == IND && shortcut {
                p = self.mem().load_u32(a + 8);
                continue;
            }
            let words = self.object_words(a, w, ty);
            // Nursery objects age once before promotion (minor collections), unless an old
            // object points to them.
            let old = self.major || gen == GEN_AGING || self.evac_to_old;
            let q = self.alloc_to_space(words, old);
            copy_small(self.mem_mut(), q, a, words);
            self.mem_mut().store_u32(a, q | FORWARDED);
            if old {
                match ty {
                    THUNK | BLACKHOLE => self.push(true, q),
                    MUT_VAR | ARR_PTRS | WEAK => self.push(false, q),
                    _ => {}
                }
            }
            return q | (p & TAG_MASK);
        }
    }

    /// Marks the large or pinned group containing the block of descriptor `d` as live.
    #[cold]
    fn mark(&mut self, d: u32, flags: u32) {
        if flags & F_LARGE == 0 && !self.major {
            return; // pinned groups are kept until a major collection
        }
        let head = self.b.get(d, field::HEAD);
        if self.b.get(head, field::GEN) >= self.limit {
            return;
        }
        self.b.set(head, field::GEN, self.epoch);
        if flags & F_LARGE != 0 {
            self.b.set(head, field::BACK, self.pending);
            self.pending = head;
            let obj = self.b.get(head, field::FREE);
            let ty = info_field(self.mem(), self.mem().load_u32(obj), info::TYPE);
            if ty == ARR_PTRS || ty == MUT_VAR {
                self.push(false, obj);
            }
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

    /// Scans the (copied, large or remembered) object at `q`; returns its size in words.
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
            // Major collections decide what a weak pointer keeps (`Storage::collect_weaks`).
            WEAK => {
                let n = self.mem().load_u32(q + 8);
                if !self.major {
                    self.evac_range(q + 16, n);
                }
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

    /// Scans the old object at `q` (minor collections): what it points to is promoted; returns
    /// its size and whether it still points into the aging area.
    fn scavenge_old(&mut self, q: u32) -> (u32, bool) {
        self.evac_to_old = !self.major;
        self.failed = false;
        let w = self.scavenge_object(q);
        self.evac_to_old = false;
        (w, self.failed)
    }

    /// Remembers old object `q` if it points into the aging area (and is not on the mutable
    /// list for good already).
    fn remember_if(&mut self, q: u32, failed: bool) {
        if failed {
            let ty = info_field(self.mem(), self.mem().load_u32(q), info::TYPE);
            if ty != MUT_VAR && ty != ARR_PTRS && ty != WEAK {
                self.push(false, q);
            }
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
                CATCH_FRAME | CATCH_STM_FRAME => {
                    self.evac_field(p + 8, true);
                    3
                }
                ATOMICALLY_FRAME => {
                    self.evac_field(p + 8, true);
                    2
                }
                CATCH_RETRY_FRAME => {
                    self.evac_range(p + 8, 2);
                    4
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

    /// Minor collections: the old objects that may point to young ones.
    fn scavenge_remembered(&mut self) {
        // The mutable list: mutable objects stay on it; others (old objects that pointed into
        // the aging area) only while they still do.
        let n0 = self.mut_list.len;
        let mut kept = 0;
        for i in 0..n0 {
            let q = self.mut_list.get(self.mem(), i);
            let (w, failed) = self.scavenge_old(q);
            self.remembered_words += w as u64;
            let ty = info_field(self.mem(), self.mem().load_u32(q), info::TYPE);
            if failed || ty == MUT_VAR || ty == ARR_PTRS || ty == WEAK {
                self.mut_list.set(&mut self.b.mblocks.mem, kept, q);
                kept += 1;
            }
        }
        for i in n0..self.mut_list.len {
            let q = self.mut_list.get(self.mem(), i);
            self.mut_list.set(&mut self.b.mblocks.mem, kept, q);
            kept += 1;
        }
        self.mut_list.len = kept;
        // Updated thunks: follow the indirection once and forget them; keep the others.
        let n0 = self.thunk_list.len;
        self.remembered_words += n0 as u64;
        let mut kept = 0;
        for i in 0..n0 {
            let q = self.thunk_list.get(self.mem(), i);
            let ty = info_field(self.mem(), self.mem().load_u32(q), info::TYPE);
            if ty == IND {
                let (_, failed) = self.scavenge_old(q);
                self.remember_if(q, failed);
            } else if ty == THUNK || ty == BLACKHOLE {
                self.thunk_list.set(&mut self.b.mblocks.mem, kept, q);
                kept += 1;
            }
        }
        // Thunks promoted meanwhile were appended after `n0`.
        for i in n0..self.thunk_list.len {
            let q = self.thunk_list.get(self.mem(), i);
            self.thunk_list.set(&mut self.b.mblocks.mem, kept, q);
            kept += 1;
        }
        self.thunk_list.len = kept;
    }

    /// Scans one object of space `old`/aging if any is left; returns whether it did.
    #[inline]
    fn scan_step(&mut self, old: bool) -> bool {
        loop {
            let sp = if old { &self.old } else { &self.aging };
            if sp.scan_group == 0 {
                return false;
            }
            let lim = if sp.scan_group == sp.group {
                sp.free
            } else {
                self.b.get(sp.scan_group, field::FREE)
            };
            let (scan, group, cur) = (sp.scan, sp.scan_group, sp.group);
            if scan < lim {
                let w = if old {
                    let (w, failed) = self.scavenge_old(scan);
                    self.remember_if(scan, failed);
                    w
                } else {
                    self.scavenge_object(scan)
                };
                let sp = if old { &mut self.old } else { &mut self.aging };
                sp.scan += 8 * w;
                return true;
            }
            if group == cur {
                return false;
            }
            let next = self.b.get(group, field::LINK);
            let start = self.b.get(next, field::START);
            let sp = if old { &mut self.old } else { &mut self.aging };
            sp.scan_group = next;
            sp.scan = start;
        }
    }

    /// Cheney's loop: scans to-space (and marked large objects) until nothing is left to scan.
    pub(crate) fn scavenge_loop(&mut self) {
        loop {
            while self.scan_step(true) {}
            if self.scan_step(false) {
                continue;
            }
            if self.pending != 0 {
                let g = self.pending;
                self.pending = self.b.get(g, field::BACK);
                self.b.set(g, field::BACK, 0);
                let obj = self.b.get(g, field::FREE);
                let (_, failed) = self.scavenge_old(obj);
                self.remember_if(obj, failed);
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
                if flags & F_LARGE != 0 || (flags & F_PINNED != 0 && self.major) {
                    let head = self.b.get(d, field::HEAD);
                    return (self.b.get(head, field::GEN) >= self.limit).then_some(p);
                }
                return Some(p);
            }
            if self.b.get(d, field::GEN) >= self.limit || flags & F_TO != 0 {
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

/// Tests: fills a freed group with a word no object can start with, so that a dangling pointer
/// into it fails loudly.
#[cfg(test)]
fn poison<M: LinearMemory>(b: &mut BlockAlloc<M>, g: u32) {
    let start = b.get(g, field::START);
    let n = b.get(g, field::BLOCKS).min(USABLE_BLOCKS);
    for a in (start..start + blocks_bytes(n)).step_by(8) {
        b.mblocks.mem.store_u64(a, 0xdead_bee0);
    }
}

/// What [`Storage::oom`] `None` means: tests and native builds panic.
pub fn oom_panic(_: AllocError) -> ! {
    panic!("garbage collector: out of memory")
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

/// The old generation.
#[derive(Debug)]
pub struct OldGen {
    /// Its [`F_NURSERY`] groups, linked through `link` in allocation order.
    pub(crate) groups: u32,
    pub(crate) tail: u32,
    /// Where promotion continues (the last group).
    pub(crate) cur: Region,
    /// Its large objects, linked through `link`.
    pub(crate) large: u32,
    /// Bytes in it: copied objects, large objects, pinned groups.
    pub bytes: u64,
    /// A major collection happens when `bytes` reaches this.
    pub limit: u64,
    /// Every old `MutVar#` and array of pointers.
    pub(crate) mut_list: AddrList,
    /// Every old thunk or blackhole not yet seen updated.
    pub(crate) thunk_list: AddrList,
}

impl OldGen {
    pub const fn new(limit: u64) -> Self {
        OldGen {
            groups: 0,
            tail: 0,
            cur: Region::EMPTY,
            large: 0,
            bytes: 0,
            limit,
            mut_list: AddrList::new(),
            thunk_list: AddrList::new(),
        }
    }
}

impl<M: LinearMemory> Storage<M> {
    /// Collects garbage, given the stack pointer `sp` (every live pointer is in the stack's
    /// frames, the CAF list or the stable-pointer table): a major collection if the old
    /// generation reached its limit, else a minor one.  Leaves no nursery region: the caller
    /// installs one (the old one was in from-space).
    pub fn collect(&mut self, sp: u32) {
        let major = self.old.bytes >= self.old.limit;
        self.collect_gen(sp, major)
    }

    /// A collection of the young generation (`major = false`) or of everything.
    pub fn collect_gen(&mut self, sp: u32, major: bool) {
        self.adopt_initial();
        let t0 = self.now();
        let limit = if major {
            self.epoch += 1;
            self.epoch
        } else {
            GEN_OLD
        };
        let epoch = self.epoch;
        let from_young = core::mem::replace(&mut self.young_groups, 0);
        let from_aging = core::mem::replace(&mut self.aging_groups, 0);
        let from_old = if major {
            self.old.mut_list.len = 0;
            self.old.thunk_list.len = 0;
            if self.pinned.group != 0 {
                // The current pinned group stays (its free space will be used).
                self.blocks.set(self.pinned.group, field::GEN, epoch);
            }
            let g = core::mem::replace(&mut self.old.groups, 0);
            self.old.tail = 0;
            self.old.cur = Region::EMPTY;
            g
        } else {
            0
        };
        self.nursery = Region::EMPTY;
        self.area = Region::EMPTY;
        let top = self.stack.top;
        let cafs = self.cafs;
        let sched = self.sched;
        let mut old = Space::new(epoch, F_NURSERY);
        old.resume(self.old.cur, self.old.tail);
        let mut gc = Gc {
            b: &mut self.blocks,
            mut_list: &mut self.old.mut_list,
            thunk_list: &mut self.old.thunk_list,
            limit,
            epoch,
            major,
            heap_base: self.heap_base,
            old,
            aging: Space::new(GEN_AGING, F_NURSERY | F_TO),
            pending: 0,
            evac_to_old: false,
            failed: false,
            remembered_words: 0,
            copied_old: 0,
            copied_aging: 0,
            oom: self.oom.unwrap_or(oom_panic),
            tso_info: sched.infos.tso,
        };
        gc.scavenge_stack(sp, top);
        Self::scavenge_threads(&mut gc, &sched);
        gc.scavenge_cafs(cafs);
        self.stable_ptrs.evacuate(&mut gc);
        self.pending_cfins = gc.evacuate(self.pending_cfins, false);
        if !major {
            self.weaks = gc.evacuate(self.weaks, false);
        }
        if !major {
            gc.scavenge_remembered();
        }
        gc.scavenge_loop();
        let dead_weaks = if major {
            let weaks = core::mem::replace(&mut self.weaks, 0);
            let (live, dead) = Self::collect_weaks_and_threads(&mut gc, weaks, &sched);
            self.weaks = live;
            dead
        } else {
            0
        };
        if let Some(f) = self.stable_names_gc {
            f(&mut self.stable_names, &mut gc);
        }
        let (copied_old, copied_aging) = (gc.copied_old, gc.copied_aging);
        let remembered = gc.remembered_words;
        let cur = gc.old.finish(gc.b);
        gc.aging.finish(gc.b);
        let (old_head, old_tail, aging_head) = (gc.old.head, gc.old.tail, gc.aging.head);
        if self.old.groups == 0 {
            self.old.groups = old_head;
        }
        if old_tail != 0 {
            self.old.tail = old_tail;
        }
        if cur.group != 0 {
            self.old.cur = cur;
        }
        // The new aging area: no longer to-space.
        self.aging_groups = aging_head;
        let mut g = aging_head;
        while g != 0 {
            crate::gc::stamp(&mut self.blocks, g, F_NURSERY, GEN_AGING);
            g = self.blocks.get(g, field::LINK);
        }

        // Free from-space and the dead large and pinned groups.
        for list in [from_young, from_aging, from_old] {
            let mut g = list;
            while g != 0 {
                let next = self.blocks.get(g, field::LINK);
                #[cfg(test)]
                poison(&mut self.blocks, g);
                self.blocks.free_group(g);
                g = next;
            }
        }
        let mut large_bytes = 0u64;
        let lists = if major {
            [
                core::mem::replace(&mut self.large_young, 0),
                core::mem::replace(&mut self.old.large, 0),
            ]
        } else {
            [core::mem::replace(&mut self.large_young, 0), 0]
        };
        for list in lists {
            let mut g = list;
            while g != 0 {
                let next = self.blocks.get(g, field::LINK);
                if self.blocks.get(g, field::GEN) >= limit {
                    self.blocks.set(g, field::LINK, self.old.large);
                    self.old.large = g;
                    large_bytes += blocks_bytes(self.blocks.get(g, field::BLOCKS)) as u64;
                } else {
                    self.blocks.free_group(g);
                }
                g = next;
            }
        }
        if major {
            let mut pinned_bytes = 0u64;
            let mut g = core::mem::replace(&mut self.pinned_groups, 0);
            while g != 0 {
                let next = self.blocks.get(g, field::LINK);
                if self.blocks.get(g, field::GEN) == epoch {
                    self.blocks.set(g, field::LINK, self.pinned_groups);
                    self.pinned_groups = g;
                    pinned_bytes += blocks_bytes(self.blocks.get(g, field::BLOCKS)) as u64;
                } else {
                    self.blocks.free_group(g);
                }
                g = next;
            }
            if self.pinned.group != 0 && self.blocks.get(self.pinned.group, field::GEN) != epoch {
                self.pinned = Region::EMPTY;
            }
            let live = copied_old * 8 + large_bytes + pinned_bytes;
            self.old.bytes = live;
            self.old.limit = self
                .config
                .threshold
                .max(live.saturating_mul(self.config.factor_quarters) / 4);
            let s = &mut self.stats;
            s.major_collections += 1;
            s.last_live_bytes = live;
            s.max_live_bytes = s.max_live_bytes.max(live);
        } else {
            // Old bytes grow by what was promoted; freed large young objects never counted.
            self.old.bytes += copied_old * 8 + large_bytes;
        }

        if major {
            self.after_major(dead_weaks);
        }
        self.allocated = 0;
        // The remembered set is scanned by every minor collection: allocate at least twice its
        // size in between (a program holding millions of unevaluated old thunks or a huge
        // mutable array would otherwise spend its time rescanning them).
        // Likewise the stack, scanned in full by every collection (deep recursion).
        self.allowance = self
            .config
            .threshold
            .max(remembered.saturating_mul(8 * REMEMBERED_FACTOR))
            .max((top - sp) as u64);
        let s = &mut self.stats;
        s.collections += 1;
        s.copied_bytes += (copied_old + copied_aging) * 8;
        let mem = self.blocks.mblocks.owned() as u64 * MBLOCK_SIZE as u64;
        s.peak_memory_bytes = s.peak_memory_bytes.max(mem);
        let pause = self.now().saturating_sub(t0);
        self.stats.gc_ns += pause;
        self.stats.max_pause_ns = self.stats.max_pause_ns.max(pause);
    }

    fn now(&self) -> u64 {
        match self.clock {
            Some(f) => f(),
            None => 0,
        }
    }
}
