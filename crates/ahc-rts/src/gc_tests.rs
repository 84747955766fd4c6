//! Tests of the collector, raise and the stack on synthetic heaps in a fake memory.
//!
//! The oracle is the *shape* of the graph reachable from the roots ([`H::shape`]): objects
//! numbered in depth-first order from the roots (stack frames from `Sp`, CAF values, stable
//! pointers), each with its info pointer, its non-pointer words, and its pointer fields as
//! (object number or static address, tag).  Indirections are looked through, as the collector
//! short-cuts them.  A collection must preserve the shape exactly (sharing, cycles, tags, static
//! objects), and leave every reachable heap object in to-space or in a marked large/pinned group.

use std::collections::HashMap;
use std::vec::Vec;

use ahc_abi::{info, ArgKind, ClosureType as CT, TAG_MASK};

use crate::block::{bdescr, field, F_LARGE, F_NURSERY, F_PINNED};
use crate::exception::{RaiseInfos, Raised};
use crate::mem::{FakeMemory, LinearMemory, MBLOCK_SIZE, PAGES_PER_MBLOCK};
use crate::sm::{Region, Storage, CAF_END};

/// A tiny deterministic PRNG (xorshift64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Field of a shape node.
#[derive(Clone, Debug, PartialEq, Eq)]
enum F {
    /// A pointer: target (`Ok(number)` heap, `Err(address)` static) and tag.
    P(Result<usize, u32>, u32),
    /// A non-pointer word.
    W(u64),
}

/// A node of the shape: info pointer and fields.
type Node = (u32, Vec<F>);

/// Static-area layout for tests.
const STATIC_START: u32 = 0x1000;

/// The test harness: a storage manager, static info tables, a nursery and a stack.
struct H {
    s: Storage<FakeMemory>,
    sbump: u32,
    hp: u32,
    hplim: u32,
    sp: u32,
    i: Infos,
}

/// Info tables of the synthetic heap.
#[allow(dead_code)]
struct Infos {
    ind: u32,
    bh: u32,
    pap: u32,
    words: u32,
    ptrs: u32,
    mutvar: u32,
    sn: u32,
    raise: u32,
    update: u32,
    stop: u32,
    ap: u32,
    catch: u32,
    mask: u32,
    caf: u32,
    /// Constructors (ptrs, nptrs, tag).
    cons: Vec<(u32, u32, u32)>,
    /// Functions: (info, pattern).
    funs: Vec<(u32, Vec<u8>)>,
    /// Thunks (ptrs, nptrs).
    thunks: Vec<u32>,
    /// Return frames.
    rets: Vec<u32>,
    /// Patterns for apply frames: address, bytes.
    pats: Vec<(u32, Vec<u8>)>,
}

impl H {
    fn new(max_mblocks: u32) -> H {
        let mut mem = FakeMemory::new(PAGES_PER_MBLOCK, (max_mblocks + 1) * PAGES_PER_MBLOCK);
        mem.floor = 8;
        let mut s = Storage::new(mem);
        let r = s.init_with(1).unwrap();
        s.adopt_initial();
        let mut h = H {
            s,
            sbump: STATIC_START,
            hp: r.hp,
            hplim: r.hplim,
            sp: r.sp,
            i: Infos {
                ind: 0,
                bh: 0,
                pap: 0,
                words: 0,
                ptrs: 0,
                mutvar: 0,
                sn: 0,
                raise: 0,
                update: 0,
                stop: 0,
                ap: 0,
                catch: 0,
                mask: 0,
                caf: 0,
                cons: Vec::new(),
                funs: Vec::new(),
                thunks: Vec::new(),
                rets: Vec::new(),
                pats: Vec::new(),
            },
        };
        h.i.ind = h.info(CT::Ind, 1, 0, 0, 0);
        h.i.bh = h.info(CT::Blackhole, 0, 1, 0, 0);
        h.i.pap = h.info(CT::Pap, 0, 0, 0, 0);
        h.i.words = h.info(CT::ArrWords, 0, 0, 0, 0);
        h.i.ptrs = h.info(CT::ArrPtrs, 0, 0, 0, 0);
        h.i.mutvar = h.info(CT::MutVar, 1, 0, 0, 0);
        h.i.sn = h.info(CT::StableName, 0, 1, 0, 0);
        h.i.raise = h.info(CT::Thunk, 1, 0, 0, 0);
        h.i.update = h.info(CT::UpdateFrame, 1, 0, 0, 0);
        h.i.stop = h.info(CT::StopFrame, 0, 0, 0, 0);
        h.i.ap = h.info(CT::ApFrame, 0, 0, 0, 0);
        h.i.catch = h.info(CT::CatchFrame, 1, 1, 0, 0);
        h.i.mask = h.info(CT::MaskFrame, 0, 1, 0, 0);
        h.i.caf = h.info(CT::Caf, 0, 0, 0, 0);
        for (p, n, t) in [
            (0, 0, 1),
            (0, 1, 2),
            (1, 0, 1),
            (2, 0, 2),
            (1, 1, 3),
            (3, 2, 7),
            (2, 3, 4),
        ] {
            let inf = h.info(CT::Con, p, n, t, 0);
            h.i.cons.push((inf, p, n));
        }
        for pat in [
            &b"p"[..],
            b"pp",
            b"pnv",
            b"npfd",
            b"vpp",
            b"ppnpdpvp",
            b"fdn",
        ] {
            let pa = h.static_bytes(pat);
            let inf = h.info(CT::Fun, 1, 1, pat.len() as u32, pa);
            h.i.funs.push((inf, pat.to_vec()));
            h.i.pats.push((pa, pat.to_vec()));
        }
        for (p, n) in [(0, 0), (1, 0), (2, 1), (0, 2), (4, 0)] {
            let inf = h.info(CT::Thunk, p, n, 0, 0);
            h.i.thunks.push(inf);
        }
        for (p, n) in [(0, 0), (1, 0), (2, 2), (0, 3), (5, 1)] {
            let inf = h.info(CT::RetFrame, p, n, 0, 0);
            h.i.rets.push(inf);
        }
        // The bottom of the stack.
        h.push(&[h.i.stop as u64]);
        h
    }

    fn m(&self) -> &FakeMemory {
        self.s.mem()
    }
    fn mm(&mut self) -> &mut FakeMemory {
        self.s.mem_mut()
    }
    fn ld(&self, a: u32) -> u64 {
        self.m().load_u64(a)
    }
    fn st(&mut self, a: u32, v: u64) {
        self.mm().store_u64(a, v)
    }

    /// Static data: `words` words, 8-aligned.
    fn static_alloc(&mut self, words: u32) -> u32 {
        let a = self.sbump;
        self.sbump += 8 * words;
        assert!(self.sbump < MBLOCK_SIZE);
        a
    }

    fn static_bytes(&mut self, b: &[u8]) -> u32 {
        let a = self.static_alloc((b.len() as u32).div_ceil(8).max(1));
        for (i, c) in b.iter().enumerate() {
            let w = a + (i as u32 & !3);
            let old = self.m().load_u32(w);
            let sh = (i as u32 & 3) * 8;
            self.mm()
                .store_u32(w, (old & !(0xff << sh)) | (*c as u32) << sh);
        }
        a
    }

    fn info(&mut self, ty: CT, ptrs: u32, nptrs: u32, tag: u32, pat: u32) -> u32 {
        let a = self.static_alloc(4);
        let m = self.mm();
        m.store_u32(a + info::ENTRY, 7);
        m.store_u32(a + info::TYPE, ty as u32);
        m.store_u32(a + info::PTRS, ptrs);
        m.store_u32(a + info::NPTRS, nptrs);
        m.store_u32(a + info::TAG_OR_ARITY, tag);
        m.store_u32(a + info::NAME, 0);
        m.store_u32(a + info::PATTERN, pat);
        m.store_u32(a + info::SLOW_ENTRY, 0);
        a
    }

    /// Nursery allocation (no collection).
    fn alloc(&mut self, words: u32) -> u32 {
        let bytes = 8 * words;
        if self.hp + bytes > self.hplim {
            let (hp, lim) = self.s.refill(self.hp, bytes).unwrap();
            self.hp = hp;
            self.hplim = lim;
        }
        let a = self.hp;
        self.hp += bytes;
        a
    }

    /// An object with the given words (in the nursery).
    fn obj(&mut self, words: &[u64]) -> u32 {
        let a = self.alloc(words.len() as u32);
        for (k, w) in words.iter().enumerate() {
            self.st(a + 8 * k as u32, *w);
        }
        a
    }

    fn push(&mut self, words: &[u64]) {
        self.sp -= 8 * words.len() as u32;
        for (k, w) in words.iter().enumerate() {
            let sp = self.sp;
            self.st(sp + 8 * k as u32, *w);
        }
    }

    /// Collects (as `ahc_rts_gc` would, without a nursery refill first); reinstalls a nursery.
    /// A major collection.
    fn gc(&mut self) {
        self.gc_gen(true)
    }

    fn gc_gen(&mut self, major: bool) {
        self.s.collect_gen(self.sp, major);
        let (hp, lim) = self.s.refill(0, 8).unwrap();
        self.hp = hp;
        self.hplim = lim;
    }

    /// Type of the object at (untagged) `a`.
    fn ty(&self, a: u32) -> u32 {
        let inf = self.m().load_u32(a);
        self.m().load_u32(inf + info::TYPE)
    }

    fn is_static(&self, a: u32) -> bool {
        a < self.s.heap_base
    }

    /// Follows indirections from pointer `p` (if `shortcut`).
    fn resolve(&self, mut p: u32, shortcut: bool) -> u32 {
        while shortcut && p & !TAG_MASK != 0 && self.ty(p & !TAG_MASK) == CT::Ind as u32 {
            p = self.m().load_u32((p & !TAG_MASK) + 8);
        }
        p
    }

    /// The words of a function's argument pattern.
    fn pattern_ptrs(&self, pat: u32, n: u32) -> Vec<bool> {
        (0..n)
            .map(|i| self.m().load_u8(pat + i))
            .filter(|&k| k != ArgKind::Void as u8)
            .map(|k| k == ArgKind::Ptr as u8)
            .collect()
    }

    /// Pointer flags of the payload words of heap object `a` (after the info word), per the
    /// ahc-abi tables.
    fn layout(&self, a: u32) -> Vec<Option<bool>> {
        let inf = self.m().load_u32(a);
        let ty = self.m().load_u32(inf + info::TYPE);
        let ptrs = self.m().load_u32(inf + info::PTRS) as usize;
        let nptrs = self.m().load_u32(inf + info::NPTRS) as usize;
        let mut v: Vec<Option<bool>> = Vec::new();
        let t = |x: u32| x == ty;
        if t(CT::Con as u32) || t(CT::Fun as u32) {
            v.extend(std::iter::repeat_n(Some(true), ptrs));
            v.extend(std::iter::repeat_n(Some(false), nptrs));
        } else if t(CT::Thunk as u32) {
            v.push(None);
            v.extend(std::iter::repeat_n(Some(true), ptrs));
            v.extend(std::iter::repeat_n(Some(false), nptrs));
        } else if t(CT::Ind as u32) || t(CT::MutVar as u32) {
            v.push(Some(true));
        } else if t(CT::Blackhole as u32) {
            v.push(None);
        } else if t(CT::StableName as u32) {
            v.push(Some(false));
        } else if t(CT::ArrWords as u32) {
            let bytes = self.ld(a + 8);
            v.push(Some(false));
            v.extend(std::iter::repeat_n(Some(false), bytes.div_ceil(8) as usize));
        } else if t(CT::ArrPtrs as u32) {
            let n = self.ld(a + 8);
            v.push(Some(false));
            v.extend(std::iter::repeat_n(Some(true), n as usize));
        } else if t(CT::Pap as u32) {
            let fun = self.resolve(self.m().load_u32(a + 8), true) & !TAG_MASK;
            let finf = self.m().load_u32(fun);
            let pat = self.m().load_u32(finf + info::PATTERN);
            let n = self.m().load_u32(a + 16);
            v.push(Some(true));
            v.push(Some(false));
            v.extend(self.pattern_ptrs(pat, n).into_iter().map(Some));
        } else {
            panic!("layout: type {ty} at {a:#x}");
        }
        v
    }

    /// The pointer fields (addresses of the words) of the frames from `sp` to the stack's top,
    /// with whether to look through indirections.
    fn stack_roots(&self) -> Vec<(u32, bool)> {
        let mut out = Vec::new();
        let mut p = self.sp;
        while p < self.s.stack.top {
            let inf = self.m().load_u32(p);
            let ty = self.m().load_u32(inf + info::TYPE);
            let ptrs = self.m().load_u32(inf + info::PTRS);
            let nptrs = self.m().load_u32(inf + info::NPTRS);
            let words = if ty == CT::RetFrame as u32 {
                for k in 0..ptrs {
                    out.push((p + 8 + 8 * k, true));
                }
                1 + ptrs + nptrs
            } else if ty == CT::UpdateFrame as u32 {
                out.push((p + 8, false));
                2
            } else if ty == CT::StopFrame as u32 {
                1
            } else if ty == CT::ApFrame as u32 {
                let desc = self.ld(p + 8);
                let flags = self.pattern_ptrs(desc as u32, (desc >> 32) as u32);
                for (k, isp) in flags.iter().enumerate() {
                    if *isp {
                        out.push((p + 16 + 8 * k as u32, true));
                    }
                }
                2 + flags.len() as u32
            } else if ty == CT::CatchFrame as u32 {
                out.push((p + 8, true));
                3
            } else if ty == CT::MaskFrame as u32 {
                2
            } else {
                panic!("stack_roots: type {ty}");
            };
            p += 8 * words;
        }
        out
    }

    /// All root pointers, in order, with their shortcut flag.
    fn roots(&self) -> Vec<(u32, bool)> {
        let mut r: Vec<(u32, bool)> = self
            .stack_roots()
            .into_iter()
            .map(|(a, s)| (self.m().load_u32(a), s))
            .collect();
        let mut c = self.s.cafs;
        while c != CAF_END {
            r.push((c, false));
            c = self.m().load_u32(c + 16);
        }
        for i in 1..self.sp_count() {
            let p = self.s.stable_ptrs.deref(self.m(), i as u64);
            if p != 0 {
                r.push((p, true));
            }
        }
        r
    }

    fn sp_count(&self) -> u32 {
        // Stable pointers are issued densely from 1; probe until a run of misses.
        let mut n = 1;
        let mut miss = 0;
        while miss < 64 {
            if self.s.stable_ptrs.deref(self.m(), n as u64) == 0 {
                miss += 1;
            } else {
                miss = 0;
            }
            n += 1;
        }
        n
    }

    /// The shape of the reachable graph, and the heap addresses of its nodes.
    fn shape(&self) -> (Vec<F>, Vec<Node>, Vec<u32>) {
        let mut ids: HashMap<u32, usize> = HashMap::new();
        let mut nodes: Vec<Node> = Vec::new();
        let mut addrs: Vec<u32> = Vec::new();
        let mut todo: Vec<u32> = Vec::new();
        let mut root_fields = Vec::new();
        let visit = |h: &H,
                     p: u32,
                     shortcut: bool,
                     ids: &mut HashMap<u32, usize>,
                     nodes: &mut Vec<Node>,
                     addrs: &mut Vec<u32>,
                     todo: &mut Vec<u32>|
         -> F {
            let p = h.resolve(p, shortcut);
            let a = p & !TAG_MASK;
            let tag = p & TAG_MASK;
            if h.is_static(a) {
                // Static CAFs on the list are visited for their value.
                if a != 0 && h.ty(a) == CT::Ind as u32 && !ids.contains_key(&a) {
                    ids.insert(a, usize::MAX);
                    todo.push(a);
                }
                return F::P(Err(a), tag);
            }
            let id = *ids.entry(a).or_insert_with(|| {
                nodes.push((0, Vec::new()));
                addrs.push(a);
                todo.push(a);
                nodes.len() - 1
            });
            F::P(Ok(id), tag)
        };
        for (p, s) in self.roots() {
            let f = visit(self, p, s, &mut ids, &mut nodes, &mut addrs, &mut todo);
            root_fields.push(f);
            while let Some(a) = todo.pop() {
                if self.is_static(a) {
                    // A CAF: its value.
                    let v = self.m().load_u32(a + 8);
                    let f = visit(self, v, true, &mut ids, &mut nodes, &mut addrs, &mut todo);
                    root_fields.push(f);
                    continue;
                }
                let id = ids[&a];
                let inf = self.m().load_u32(a);
                let mut fields = Vec::new();
                for (k, kind) in self.layout(a).into_iter().enumerate() {
                    let w = a + 8 + 8 * k as u32;
                    match kind {
                        None => {}
                        Some(false) => fields.push(F::W(self.ld(w))),
                        Some(true) => {
                            let v = self.m().load_u32(w);
                            let f =
                                visit(self, v, true, &mut ids, &mut nodes, &mut addrs, &mut todo);
                            fields.push(f);
                        }
                    }
                }
                nodes[id] = (inf, fields);
            }
        }
        (root_fields, nodes, addrs)
    }

    /// A major collection, checked (see [`H::checked_gc_gen`]).
    fn checked_gc(&mut self) {
        self.checked_gc_gen(true)
    }

    /// Collects, checking that the shape is preserved and everything reachable is old (moved
    /// out of from-space, or a marked large object).
    fn checked_gc_gen(&mut self, major: bool) {
        let (r0, n0, _) = self.shape();
        self.gc_gen(major);
        let (r1, n1, addrs) = self.shape();
        assert_eq!(r0, r1, "roots changed");
        assert_eq!(n0.len(), n1.len(), "object count changed");
        for (k, (a, b)) in n0.iter().zip(&n1).enumerate() {
            assert_eq!(a, b, "object {k} changed");
        }
        let epoch = self.s.epoch;
        // After a minor collection: in the aging area (1) or old (≥ 2).
        let ok_gen = |g: u32| if major { g == epoch } else { g >= 1 };
        for a in addrs {
            let d = bdescr(a);
            let flags = self.s.blocks.get(d, field::FLAGS);
            if flags & F_NURSERY != 0 {
                let g = self.s.blocks.get(d, field::GEN);
                assert!(ok_gen(g), "{a:#x} not in to-space (gen {g})");
                assert!(
                    self.m().load_u32(a) & 1 == 0,
                    "forwarding pointer reachable"
                );
            } else if flags & F_LARGE != 0 {
                let head = self.s.blocks.get(d, field::HEAD);
                assert!(ok_gen(self.s.blocks.get(head, field::GEN)));
            } else {
                assert!(flags & F_PINNED != 0, "{a:#x} in no heap group");
                if major {
                    let head = self.s.blocks.get(d, field::HEAD);
                    assert_eq!(self.s.blocks.get(head, field::GEN), epoch);
                }
            }
        }
    }

    fn con(&mut self, k: usize, ptrs: &[u32], words: &[u64]) -> u32 {
        let (inf, p, n) = self.i.cons[k];
        assert_eq!((ptrs.len(), words.len()), (p as usize, n as usize));
        let mut v = std::vec![inf as u64];
        v.extend(ptrs.iter().map(|&x| x as u64));
        v.extend(words);
        self.obj(&v)
    }

    /// A root frame (spill frame: entry 0) holding `ptrs` on top of the stack.
    fn push_roots(&mut self, ptrs: &[u32]) -> u32 {
        let inf = self.info(CT::RetFrame, ptrs.len() as u32, 0, 0, 0);
        self.mm().store_u32(inf + info::ENTRY, 0);
        let mut v = std::vec![inf as u64];
        v.extend(ptrs.iter().map(|&x| x as u64));
        self.push(&v);
        self.sp
    }

    fn root(&self, k: u32) -> u32 {
        self.m().load_u32(self.sp + 8 + 8 * k)
    }

    fn set_root(&mut self, k: u32, v: u32) {
        let a = self.sp + 8 + 8 * k;
        self.mm().store_u64(a, v as u64);
    }

    fn tagged(&self, a: u32, tag: u32) -> u32 {
        a | tag
    }
}

#[test]
fn cycles_sharing_tags_and_statics() {
    let mut h = H::new(16);
    let nil = h.static_alloc(1);
    let ci = h.i.cons[0].0;
    h.st(nil, ci as u64);
    // A cyclic list: x = 1 : 2 : x, with a shared tail, tagged pointers and a static end.
    let a = h.con(4, &[0], &[1]);
    let b = h.con(4, &[h.tagged(a, 3)], &[2]);
    h.st(a + 8, (b | 3) as u64);
    let shared = h.con(1, &[], &[42]);
    let pair = h.con(3, &[shared | 2, shared | 2], &[]);
    let with_static = h.con(2, &[nil | 1], &[]);
    h.push_roots(&[a | 3, pair | 2, with_static | 1, nil | 1]);
    h.checked_gc();
    let (a2, p2) = (h.root(0), h.root(1));
    assert_ne!(a2 & !7, a);
    assert_eq!(a2 & 7, 3);
    let b2 = h.m().load_u32((a2 & !7) + 8);
    assert_eq!(h.m().load_u32((b2 & !7) + 8), a2, "cycle closed");
    assert_eq!(
        h.m().load_u32((p2 & !7) + 8),
        h.m().load_u32((p2 & !7) + 16),
        "sharing kept"
    );
    assert_eq!(h.root(3), nil | 1, "static object untouched");
    h.checked_gc();
    h.checked_gc();
}

#[test]
fn indirection_chains_are_short_cut() {
    let mut h = H::new(16);
    let v = h.con(1, &[], &[7]);
    let i1 = h.obj(&[h.i.ind as u64, (v | 2) as u64]);
    let i2 = h.obj(&[h.i.ind as u64, i1 as u64]);
    let i3 = h.obj(&[h.i.ind as u64, i2 as u64]);
    let holder = h.con(2, &[i3], &[]);
    // An updated thunk with free variables (slop after the indirection).
    let t = h.obj(&[h.i.thunks[2] as u64, 0, v as u64, i1 as u64, 99]);
    h.st(t, h.i.ind as u64);
    h.st(t + 8, (v | 2) as u64);
    h.push_roots(&[holder | 1, i3, t]);
    h.checked_gc();
    let v2 = h.root(1);
    assert_eq!(v2 & 7, 2, "the value's tag comes with the short-cut");
    assert_eq!(h.ty(v2 & !7), CT::Con as u32);
    assert_eq!(h.root(2), v2, "updated thunk short-cut to the same copy");
    assert_eq!(h.m().load_u32((h.root(0) & !7) + 8), v2);
    // Only two objects were copied: the holder and the value.
    assert_eq!(h.s.stats.copied_bytes, 8 * (2 + 2));
}

#[test]
fn paps_with_mixed_patterns() {
    let mut h = H::new(16);
    let x = h.con(1, &[], &[5]);
    let y = h.con(1, &[], &[6]);
    let mut roots = Vec::new();
    for k in 0..h.i.funs.len() {
        let (finf, pat) = h.i.funs[k].clone();
        let fun = h.obj(&[finf as u64, x as u64, 77]);
        for n in 0..pat.len() as u32 {
            let mut words = std::vec![h.i.pap as u64, fun as u64, n as u64];
            for &c in &pat[..n as usize] {
                match c {
                    b'p' => words.push(y as u64 | 1),
                    b'v' => {}
                    _ => words.push(0x1234_5678_9abc),
                }
            }
            roots.push(h.obj(&words));
        }
    }
    h.push_roots(&roots);
    h.checked_gc();
    h.checked_gc();
}

#[test]
fn arrays_large_and_pinned_objects() {
    let mut h = H::new(64);
    h.s.config.threshold = 1 << 30;
    let x = h.con(1, &[], &[5]);
    // Small arrays in the runtime's area, large ones in their own groups.
    let (small, _) = h.s.allocate(16 + 8 * 4, h.hp).unwrap();
    let (large, _) = h.s.allocate(16 + 8 * 100_000, h.hp).unwrap();
    let (bytes, _) = h.s.allocate(16 + 5, h.hp).unwrap();
    let (pinned, _) = h.s.allocate_pinned(16 + 64, 64, h.hp).unwrap();
    let (dead_large, _) = h.s.allocate(16 + 8 * 1000, h.hp).unwrap();
    for (a, n) in [(small, 4u64), (large, 100_000), (dead_large, 1000)] {
        h.st(a, h.i.ptrs as u64);
        h.st(a + 8, n);
        for k in 0..n as u32 {
            h.st(
                a + 16 + 8 * k,
                if k % 3 == 0 {
                    x as u64 | 2
                } else {
                    small as u64
                },
            );
        }
    }
    h.st(bytes, h.i.words as u64);
    h.st(bytes + 8, 5);
    h.st(bytes + 16, 0x0001_0203_0405);
    h.st(pinned, h.i.words as u64);
    h.st(pinned + 8, 64);
    // The large array refers to a fresh object found only through it.
    let only = h.con(1, &[], &[99]);
    h.st(large + 16 + 8, only as u64 | 2);
    h.push_roots(&[large, bytes, pinned]);
    h.checked_gc();
    assert_eq!(h.root(0), large, "large objects do not move");
    assert_eq!(h.root(2), pinned, "pinned objects do not move");
    assert_ne!(h.root(1), bytes, "small arrays do");
    assert_eq!(h.ld(h.root(1) + 16), 0x0001_0203_0405);
    let only2 = h.m().load_u32(large + 24);
    assert_ne!(only2 & !7, only);
    assert_eq!(h.ld((only2 & !7) + 8), 99);
    // The dead large object was freed.
    let mut g = h.s.old.large;
    let mut n = 0;
    while g != 0 {
        assert_ne!(h.s.blocks.get(g, field::START), dead_large);
        n += 1;
        g = h.s.blocks.get(g, field::LINK);
    }
    assert_eq!(n, 1);
    h.checked_gc();
    // Dropping everything frees the large and pinned groups.
    for k in 0..3 {
        h.set_root(k, 0);
    }
    h.gc();
    assert_eq!(h.s.old.large, 0);
    assert_eq!(
        h.s.stats.last_live_bytes,
        crate::block::blocks_bytes(crate::sm::AREA_BLOCKS) as u64,
        "only the current pinned group stays"
    );
}

#[test]
fn caf_list_keeps_values_and_statics_stay() {
    let mut h = H::new(16);
    let caf1 = h.static_alloc(3);
    let caf2 = h.static_alloc(3);
    let caf3 = h.static_alloc(3);
    for c in [caf1, caf2, caf3] {
        h.st(c, h.i.caf as u64);
    }
    for c in [caf1, caf2, caf3] {
        h.s.new_caf(c);
    }
    let v1 = h.con(1, &[], &[11]);
    let inner = h.con(1, &[], &[12]);
    let v2 = h.con(2, &[inner | 2], &[]);
    h.st(caf1, h.i.ind as u64);
    h.st(caf1 + 8, v1 as u64 | 2);
    h.st(caf2, h.i.ind as u64);
    h.st(caf2 + 8, v2 as u64 | 1);
    h.st(caf3, h.i.bh as u64); // still under evaluation
    h.push_roots(&[]);
    h.checked_gc();
    let n1 = h.m().load_u32(caf1 + 8);
    assert_ne!(n1, v1 | 2);
    assert_eq!(n1 & 7, 2);
    assert_eq!(h.ld((n1 & !7) + 8), 11);
    assert_eq!(h.ld(caf3), h.i.bh as u64);
    assert_eq!(h.s.stats.copied_bytes, 8 * 6);
}

/// Pushes one frame of every type, with pointers, below the root frame.
fn push_all_frames(h: &mut H) -> Vec<u32> {
    let x = h.con(1, &[], &[1]);
    let y = h.con(4, &[x | 2], &[2]);
    let t = h.obj(&[h.i.thunks[1] as u64, 0, y as u64]);
    h.st(t, h.i.bh as u64);
    let handler = h.obj(&[h.i.funs[1].0 as u64, x as u64, 0]);
    let r = h.i.rets[2];
    h.push(&[r as u64, x as u64 | 2, y as u64 | 3, 5, 6]);
    h.push(&[h.i.update as u64, t as u64]);
    h.push(&[h.i.catch as u64, handler as u64 | 2, 0]);
    let (pa, pat) = h.i.pats[5].clone();
    let mut ap = std::vec![h.i.ap as u64, pa as u64 | (6u64 << 32)];
    for &c in &pat[..6] {
        match c {
            b'p' => ap.push(y as u64 | 3),
            b'v' => {}
            _ => ap.push(0xfeed),
        }
    }
    h.push(&ap);
    h.push(&[h.i.mask as u64, 2]);
    let r5 = h.i.rets[4];
    h.push(&[
        r5 as u64,
        x as u64,
        x as u64,
        y as u64,
        t as u64,
        handler as u64,
        9,
    ]);
    std::vec![x, y, t, handler]
}

#[test]
fn stack_frames_of_every_type() {
    let mut h = H::new(16);
    push_all_frames(&mut h);
    let z = h.con(1, &[], &[3]);
    h.push_roots(&[z | 2]);
    h.checked_gc();
    h.checked_gc();
    // The updatee of the update frame is still a blackhole (copied as is).
    let roots = h.stack_roots();
    let upd = roots.iter().find(|(_, s)| !s).unwrap().0;
    let t = h.m().load_u32(upd);
    assert_eq!(h.ty(t), CT::Blackhole as u32);
}

#[test]
fn raise_unwinds_to_the_catch_frame() {
    let mut h = H::new(16);
    let infos = RaiseInfos {
        ind: h.i.ind,
        raise_thunk: h.i.raise,
        mask_frame: h.i.mask,
    };
    let exc = h.con(1, &[], &[13]);
    let handler = h.obj(&[h.i.funs[1].0 as u64, exc as u64, 0]);
    let t1 = h.obj(&[h.i.bh as u64, 0, 0]);
    let t2 = h.obj(&[h.i.bh as u64, 0]);
    let catch_at = |h: &H| h.sp;
    // Masked-uninterruptible catch frame deepest, then an unmasked one.
    h.push(&[
        h.i.catch as u64,
        handler as u64 | 2,
        ahc_abi::mask::MASKED_UNINTERRUPTIBLE,
    ]);
    let outer = catch_at(&h);
    h.push(&[h.i.update as u64, t2 as u64]);
    h.push(&[
        h.i.catch as u64,
        handler as u64 | 2,
        ahc_abi::mask::UNMASKED,
    ]);
    let inner = catch_at(&h);
    h.push(&[h.i.rets[2] as u64, exc as u64, exc as u64, 1, 2]);
    h.push(&[h.i.update as u64, t1 as u64]);
    h.push(&[h.i.mask as u64, 0]);
    let (pa, _) = h.i.pats[0].clone();
    h.push(&[h.i.ap as u64, pa as u64 | 1 << 32, exc as u64]);
    // Raise: the inner catch frame, which saved UNMASKED.
    let r = h.s.raise(h.sp, exc | 1, &infos).unwrap();
    assert_eq!(
        r,
        Raised::Handler {
            handler: handler | 2,
            sp: inner + 8
        }
    );
    assert_eq!(h.s.mask, ahc_abi::mask::MASKED_INTERRUPTIBLE);
    assert_eq!(h.ld(inner + 8), h.i.mask as u64, "unmask frame pushed");
    assert_eq!(h.ld(inner + 16), ahc_abi::mask::UNMASKED);
    assert_eq!(h.ty(t1), CT::Ind as u32, "updatee updated");
    let rt = h.m().load_u32(t1 + 8);
    assert_eq!(h.ld(rt), h.i.raise as u64);
    assert_eq!(h.m().load_u32(rt + 16), exc | 1);
    assert_eq!(
        h.ty(t2),
        CT::Blackhole as u32,
        "frames below the catch frame untouched"
    );
    // The stack from the new Sp is well formed: collect with it.
    h.sp = inner + 8;
    h.push_roots(&[rt]);
    h.checked_gc();
    let rt2 = h.root(0);
    assert_eq!(h.ld(rt2), h.i.raise as u64);
    assert_eq!(
        h.ld((h.m().load_u32(rt2 + 16) & !7) + 8),
        13,
        "exception kept alive"
    );
    // Raise again from the handler: past the mask frame and the update frame to the outer one.
    h.sp += 16; // pop the root frame
    let r = h.s.raise(h.sp, exc, &infos).unwrap();
    assert_eq!(
        r,
        Raised::Handler {
            handler: h.m().load_u32(outer + 8),
            sp: outer + 24
        }
    );
    assert_eq!(h.s.mask, ahc_abi::mask::MASKED_UNINTERRUPTIBLE);
    let t2 = h.m().load_u32(outer - 8);
    assert_eq!(h.ty(t2), CT::Ind as u32);
    // A third time: uncaught.
    assert_eq!(
        h.s.raise(outer + 24, exc, &infos).unwrap(),
        Raised::Uncaught
    );
}

#[test]
fn stack_growth_then_collection() {
    let mut h = H::new(32);
    let x = h.con(1, &[], &[1]);
    // Deep recursion: many return frames, each holding a pointer to a fresh cell.
    let r = h.i.rets[1];
    let mut depth = 0;
    while depth < 100_000 {
        if h.sp - 16 < h.s.stack.limit {
            let (sp, lim) = h.s.grow_stack(h.sp, 16).unwrap();
            assert_eq!(lim, h.s.stack.limit);
            h.sp = sp;
        }
        let c = h.con(2, &[x | 2], &[]);
        h.push(&[r as u64, c as u64 | 1]);
        depth += 1;
    }
    assert!(h.s.stack.size() > 1_600_000);
    h.push_roots(&[x | 2]);
    h.checked_gc();
    assert_eq!(h.s.stats.copied_bytes, 8 * (2 + 2 * 100_000));
}

#[test]
fn stable_pointers_are_roots_and_stable_names_follow_objects() {
    let mut h = H::new(16);
    let a = h.con(1, &[], &[1]);
    let b = h.con(1, &[], &[2]);
    let c = h.con(1, &[], &[3]);
    let spa = h.s.make_stable_ptr(a | 2).unwrap();
    let spb = h.s.make_stable_ptr(b).unwrap();
    assert_eq!((spa, spb), (1, 2));
    h.s.free_stable_ptr(spb);
    let spc = h.s.make_stable_ptr(c).unwrap();
    assert_eq!(spc, 2, "freed entries are reused");
    let sn_info = h.i.sn;
    let sna = h.s.make_stable_name(a | 2, sn_info).unwrap();
    let snc = h.s.make_stable_name(c, sn_info).unwrap();
    let sna_again = h.s.make_stable_name(a, sn_info).unwrap();
    assert_eq!(sna, sna_again);
    // An indirection to `c` has c's name.
    let ind = h.obj(&[h.i.ind as u64, c as u64]);
    assert_eq!(h.s.make_stable_name(ind, sn_info).unwrap(), snc);
    // Names of dying objects.
    let d = h.con(1, &[], &[4]);
    let snd = h.s.make_stable_name(d, sn_info).unwrap();
    let ida = h.ld(sna + 8);
    // Keep a's name alive, let c's die (c itself stays alive through its stable pointer).
    h.push_roots(&[sna, snd]);
    h.checked_gc();
    let a2 = h.s.stable_ptrs.deref(h.m(), spa);
    assert_eq!(a2 & 7, 2);
    assert_ne!(a2 & !7, a);
    assert_eq!(h.ld((a2 & !7) + 8), 1);
    let sna2 = h.root(0);
    assert_eq!(
        h.s.make_stable_name(a2, sn_info).unwrap(),
        sna2,
        "same name after moving"
    );
    assert_eq!(h.ld(sna2 + 8), ida, "same index");
    assert_eq!(h.s.stable_names.live(h.m()), 2, "c's name died, d's lives");
    let c2 = h.s.stable_ptrs.deref(h.m(), spc);
    let snc2 = h.s.make_stable_name(c2, sn_info).unwrap();
    assert_ne!(snc2, h.root(1));
    // Many names: the hash table grows.
    let mut objs = Vec::new();
    for k in 0..3000 {
        let o = h.con(1, &[], &[k]);
        objs.push(o);
    }
    let names: Vec<u32> = objs
        .iter()
        .map(|&o| h.s.make_stable_name(o, sn_info).unwrap())
        .collect();
    for (o, n) in objs.iter().zip(&names) {
        assert_eq!(h.s.make_stable_name(*o, sn_info).unwrap(), *n);
    }
}

/// The random mutator: builds, mutates and drops objects of every kind between collections,
/// and checks that each collection preserves the reachable graph.
#[test]
fn random_mutator_property() {
    for seed in [1u64, 0x9e37_79b9_7f4a_7c15, 0xdead_beef_cafe, 42, 7] {
        random_mutator(seed, 80);
    }
}

fn random_mutator(seed: u64, rounds: u32) {
    let mut h = H::new(128);
    let mut rng = Rng(seed);
    let statics: Vec<u32> = (0..4)
        .map(|k| {
            let a = h.static_alloc(2);
            h.st(a, h.i.cons[1].0 as u64);
            h.st(a + 8, k);
            a
        })
        .collect();
    let cafs: Vec<u32> = (0..3)
        .map(|_| {
            let a = h.static_alloc(3);
            h.st(a, h.i.caf as u64);
            a
        })
        .collect();
    push_all_frames(&mut h);
    const K: u32 = 24;
    h.push_roots(&std::vec![0; K as usize]);
    let mut sps: Vec<u64> = Vec::new();
    for round in 0..rounds {
        let steps = 50 + rng.below(400);
        for _ in 0..steps {
            // A pointer to something existing: a root (maybe through a field), a static.
            let pick = |h: &H, rng: &mut Rng| -> u32 {
                let r = h.root(rng.below(K as u64) as u32);
                if r == 0 || rng.below(5) == 0 {
                    let s = statics[rng.below(statics.len() as u64) as usize];
                    return s | 2;
                }
                r
            };
            let slot = rng.below(K as u64) as u32;
            let new = match rng.below(16) {
                0..=3 => {
                    let k = rng.below(h.i.cons.len() as u64) as usize;
                    let (_, p, n) = h.i.cons[k];
                    let ptrs: Vec<u32> = (0..p).map(|_| pick(&h, &mut rng)).collect();
                    let words: Vec<u64> = (0..n).map(|_| rng.next()).collect();
                    let tag = h.m().load_u32(h.i.cons[k].0 + info::TAG_OR_ARITY);
                    h.con(k, &ptrs, &words) | tag
                }
                4 => {
                    // A thunk, maybe updated (indirection), maybe blackholed.
                    let k = rng.below(h.i.thunks.len() as u64) as usize;
                    let inf = h.i.thunks[k];
                    let p = h.m().load_u32(inf + info::PTRS);
                    let n = h.m().load_u32(inf + info::NPTRS);
                    let mut w = std::vec![inf as u64, 0];
                    for _ in 0..p {
                        w.push(pick(&h, &mut rng) as u64);
                    }
                    for _ in 0..n {
                        w.push(rng.next());
                    }
                    let t = h.obj(&w);
                    match rng.below(3) {
                        0 => {
                            let v = pick(&h, &mut rng);
                            h.st(t, h.i.ind as u64);
                            h.st(t + 8, v as u64);
                        }
                        1 => h.st(t, h.i.bh as u64),
                        _ => {}
                    }
                    t
                }
                5 => {
                    // A function and a PAP of it.
                    let k = rng.below(h.i.funs.len() as u64) as usize;
                    let (finf, pat) = h.i.funs[k].clone();
                    let fv = pick(&h, &mut rng);
                    let f = h.obj(&[finf as u64, fv as u64, rng.next()]);
                    let n = rng.below(pat.len() as u64) as usize;
                    let mut w = std::vec![
                        h.i.pap as u64,
                        f as u64 | (pat.len() as u32).min(7) as u64,
                        n as u64
                    ];
                    for &c in &pat[..n] {
                        match c {
                            b'p' => w.push(pick(&h, &mut rng) as u64),
                            b'v' => {}
                            _ => w.push(rng.next()),
                        }
                    }
                    h.obj(&w)
                }
                6 => {
                    // A pointer array, sometimes large.
                    let n = if rng.below(8) == 0 {
                        400 + rng.below(2000)
                    } else {
                        rng.below(20)
                    };
                    let (a, _) = h.s.allocate(16 + 8 * n as u32, h.hp).unwrap();
                    h.st(a, h.i.ptrs as u64);
                    h.st(a + 8, n);
                    for e in 0..n as u32 {
                        let v = pick(&h, &mut rng);
                        h.st(a + 16 + 8 * e, v as u64);
                    }
                    a
                }
                7 => {
                    // A byte array: small, large or pinned.
                    let bytes = match rng.below(3) {
                        0 => rng.below(100),
                        1 => 4000 + rng.below(10000),
                        _ => rng.below(300),
                    };
                    let size = 16 + bytes as u32;
                    let (a, _) = if rng.below(3) == 2 {
                        h.s.allocate_pinned(size, 1 << rng.below(7), h.hp).unwrap()
                    } else {
                        h.s.allocate(size, h.hp).unwrap()
                    };
                    h.st(a, h.i.words as u64);
                    h.st(a + 8, bytes);
                    for e in 0..(bytes as u32).div_ceil(8) {
                        h.st(a + 16 + 8 * e, rng.next());
                    }
                    a
                }
                8 => {
                    let (a, _) = h.s.allocate(16, h.hp).unwrap();
                    let v = pick(&h, &mut rng);
                    h.st(a, h.i.mutvar as u64);
                    h.st(a + 8, v as u64);
                    a
                }
                9 => {
                    // Mutate an existing object: a MutVar, an array element, a constructor field.
                    let r = h.root(slot) & !7;
                    if r != 0 && r >= h.s.heap_base {
                        let v = pick(&h, &mut rng);
                        let ty = h.ty(r);
                        if ty == CT::MutVar as u32 {
                            h.st(r + 8, v as u64);
                        } else if ty == CT::ArrPtrs as u32 && h.ld(r + 8) > 0 {
                            let e = rng.below(h.ld(r + 8)) as u32;
                            h.st(r + 16 + 8 * e, v as u64);
                        } else if ty == CT::Thunk as u32 || ty == CT::Blackhole as u32 {
                            // An update: the thunk becomes an indirection to a fresh value.
                            let fresh = h.con(2, &[v], &[]);
                            h.st(r, h.i.ind as u64);
                            h.st(r + 8, fresh as u64 | 1);
                        }
                    }
                    continue;
                }
                10 => {
                    // Enter a CAF: it becomes an indirection to a value.
                    let c = cafs[rng.below(cafs.len() as u64) as usize];
                    if h.m().load_u32(c + 16) == 0 {
                        h.s.new_caf(c);
                        let v = pick(&h, &mut rng);
                        h.st(c, h.i.ind as u64);
                        h.st(c + 8, v as u64);
                    }
                    continue;
                }
                11 => {
                    // Stable pointers: make or free.
                    if rng.below(2) == 0 || sps.is_empty() {
                        let v = pick(&h, &mut rng);
                        let sp = h.s.make_stable_ptr(v).unwrap();
                        sps.push(sp);
                    } else {
                        let i = rng.below(sps.len() as u64) as usize;
                        let sp = sps.swap_remove(i);
                        h.s.free_stable_ptr(sp);
                    }
                    continue;
                }
                12 => {
                    // A stable name, kept in a root.
                    let v = pick(&h, &mut rng);
                    let sn_info = h.i.sn;
                    h.s.make_stable_name(v, sn_info).unwrap()
                }
                13 => 0,
                _ => pick(&h, &mut rng),
            };
            h.set_root(slot, new);
        }
        // Sometimes reshape the stack below the root frame.
        if rng.below(4) == 0 {
            let saved: Vec<u32> = (0..K).map(|k| h.root(k)).collect();
            let rf = h.m().load_u32(h.sp);
            h.sp += 8 * (1 + K);
            if rng.below(2) == 0 {
                let v = saved[rng.below(K as u64) as usize];
                let r = h.i.rets[1];
                h.push(&[r as u64, v as u64]);
            } else if h.m().load_u32(h.m().load_u32(h.sp) + info::TYPE) == CT::RetFrame as u32 {
                let inf = h.m().load_u32(h.sp);
                let words =
                    1 + h.m().load_u32(inf + info::PTRS) + h.m().load_u32(inf + info::NPTRS);
                h.sp += 8 * words;
            }
            let mut v = std::vec![rf as u64];
            v.extend(saved.iter().map(|&x| x as u64));
            h.push(&v);
        }
        // Stable names of rooted objects must survive the collection.
        let sn_info = h.i.sn;
        let rooted: Vec<u32> = (0..K)
            .map(|k| h.root(k))
            .filter(|&r| r & !7 >= h.s.heap_base)
            .take(3)
            .collect();
        let named: Vec<(u32, u32)> = rooted
            .into_iter()
            .map(|r| (r, h.s.make_stable_name(r, sn_info).unwrap()))
            .collect();
        let before: Vec<u64> = named.iter().map(|&(_, sn)| h.ld(sn + 8)).collect();
        // Keep the names alive through stable pointers.
        let keep: Vec<u64> = named
            .iter()
            .map(|&(_, sn)| h.s.make_stable_ptr(sn).unwrap())
            .collect();
        let objs: Vec<u64> = named
            .iter()
            .map(|&(r, _)| h.s.make_stable_ptr(r).unwrap())
            .collect();
        h.checked_gc_gen(rng.below(4) == 0);
        for ((k, o), idx) in keep.iter().zip(&objs).zip(&before) {
            let sn = h.s.stable_ptrs.deref(h.m(), *k);
            let obj = h.s.stable_ptrs.deref(h.m(), *o);
            assert_eq!(
                h.s.make_stable_name(obj, sn_info).unwrap(),
                sn,
                "round {round}"
            );
            assert_eq!(h.ld(sn + 8), *idx);
            h.s.free_stable_ptr(*k);
            h.s.free_stable_ptr(*o);
        }
        // Memory stays bounded: live data plus a little.
        let owned = h.s.blocks.mblocks.owned();
        assert!(owned < 128, "round {round}: {owned} megablocks");
        let _ = Region::EMPTY;
    }
    // Drop everything: the heap shrinks back to (almost) nothing.
    for k in 0..K {
        h.set_root(k, 0);
    }
    for sp in sps.drain(..) {
        h.s.free_stable_ptr(sp);
    }
    h.checked_gc();
    assert!(
        h.s.stats.last_live_bytes < 3 << 20,
        "live {}",
        h.s.stats.last_live_bytes
    );
}

#[test]
fn heap_check_failures_collect_when_due() {
    let mut h = H::new(64);
    h.s.config.threshold = 256 << 10;
    h.s.allowance = 256 << 10;
    h.push_roots(&[0, 0]);
    // Allocate a long list, keeping only the last 100 cells alive.
    for k in 0..200_000u64 {
        if h.hp + 24 > h.hplim {
            let (hp, lim) = h.s.heap_check_failed(h.sp, h.hp, 24).unwrap();
            h.hp = hp;
            h.hplim = lim;
        }
        let prev = h.root(0);
        let c = h.con(4, &[prev], &[k]);
        h.set_root(0, c | 3);
        let mut p = c;
        for _ in 0..99 {
            p = h.m().load_u32((p & !7) + 8);
            if p == 0 {
                break;
            }
        }
        if p != 0 {
            h.st((p & !7) + 8, 0);
        }
    }
    // A nursery chunk (1 MiB) at a time: 4.8 MB allocated.
    assert!(h.s.stats.collections >= 4, "{:?}", h.s.stats);
    assert!(
        h.s.blocks.mblocks.owned() < 12,
        "{}",
        h.s.blocks.mblocks.owned()
    );
    // The list is intact: 100 cells down from the root.
    let mut p = h.root(0);
    let mut n = 0;
    while p & !7 != 0 {
        n += 1;
        p = h.m().load_u32((p & !7) + 8);
    }
    assert!((100..=101).contains(&n), "{n}");
}

/// Minor collections: old objects pointing to young ones through every kind of mutation.
#[test]
fn minor_collections_follow_mutated_old_objects() {
    let mut h = H::new(32);
    let mv = h.obj(&[h.i.mutvar as u64, 0]);
    let (arr, _) = h.s.allocate(16 + 8 * 3, h.hp).unwrap();
    h.st(arr, h.i.ptrs as u64);
    h.st(arr + 8, 3);
    for k in 0..3 {
        h.st(arr + 16 + 8 * k, 0);
    }
    let (big, _) = h.s.allocate(16 + 8 * 1000, h.hp).unwrap();
    h.st(big, h.i.ptrs as u64);
    h.st(big + 8, 1000);
    for k in 0..1000 {
        h.st(big + 16 + 8 * k, 0);
    }
    let th = h.obj(&[h.i.thunks[1] as u64, 0, mv as u64]);
    let bh = h.obj(&[h.i.bh as u64, 0]);
    let caf = h.static_alloc(3);
    h.st(caf, h.i.caf as u64);
    h.push_roots(&[mv, arr, big, th, bh]);
    h.push(&[h.i.update as u64, bh as u64]);
    h.push_roots(&[]);
    // Two minor collections: into the aging area, then old.
    h.checked_gc_gen(false);
    h.checked_gc_gen(false);
    assert_eq!(h.s.stats.major_collections, 0);
    // Everything is old now.  Point each old object at a fresh young one.
    let h_sp = h.sp;
    let root = |h: &H, k: u32| h.m().load_u32(h_sp + 16 + 16 + 8 * k);
    let _ = root;
    let roots_at = h.sp + 8 + 16; // the first root frame, under the empty one and the update frame
    let r = |h: &H, k: u32| h.m().load_u32(roots_at + 8 + 8 * k);
    let (mv2, arr2, big2, th2) = (r(&h, 0), r(&h, 1), r(&h, 2), r(&h, 3));
    assert_eq!(big2, big);
    let y1 = h.con(1, &[], &[101]);
    h.st(mv2 + 8, y1 as u64 | 2);
    let y2 = h.con(1, &[], &[102]);
    h.st(arr2 + 16 + 8, y2 as u64 | 2);
    let y3 = h.con(1, &[], &[103]);
    h.st(big + 16 + 8 * 999, y3 as u64 | 2);
    let y4 = h.con(1, &[], &[104]);
    h.st(th2, h.i.ind as u64);
    h.st(th2 + 8, y4 as u64 | 2);
    let y5 = h.con(1, &[], &[105]);
    h.s.new_caf(caf);
    h.st(caf, h.i.ind as u64);
    h.st(caf + 8, y5 as u64 | 2);
    // The blackhole under evaluation is updated by its frame: also old → young.
    let bh2 = h.m().load_u32(h.sp + 8 + 8);
    let y6 = h.con(1, &[], &[106]);
    h.st(bh2, h.i.ind as u64);
    h.st(bh2 + 8, y6 as u64 | 2);
    let young_before = h.s.stats.copied_bytes;
    h.checked_gc_gen(false);
    assert_eq!(h.s.stats.major_collections, 0);
    // Each young value was promoted (2 words each), nothing else was copied.
    assert_eq!(h.s.stats.copied_bytes - young_before, 6 * 16);
    for (a, v) in [
        (h.m().load_u32(mv2 + 8), 101),
        (h.m().load_u32(arr2 + 24), 102),
        (h.m().load_u32(big + 16 + 8 * 999), 103),
        (h.m().load_u32(th2 + 8), 104),
        (h.m().load_u32(caf + 8), 105),
        (h.m().load_u32(bh2 + 8), 106),
    ] {
        assert_eq!(h.ld((a & !7) + 8), v);
        let d = bdescr(a & !7);
        assert!(h.s.blocks.get(d, field::GEN) >= 1);
    }
    // The updated thunks left the thunk list; the mutable objects stay on theirs.
    assert_eq!(h.s.old.thunk_list.len, 0);
    assert_eq!(h.s.old.mut_list.len, 3);
    // A major collection agrees.
    h.checked_gc();
    h.checked_gc_gen(false);
}
