//! The scheduler: green threads, MVars, `threadDelay`, `throwTo`, weak pointers.
//!
//! Object layouts are in `ahc_abi::sched`.  One thread runs at a time, on its own Haskell stack
//! (the storage manager's [`Storage::stack`] is the running thread's; a suspended thread's stack
//! bounds and `Sp` are saved in its TSO).  Threads switch only when the running one blocks or
//! yields: the glue pushes a *resume frame*, the runtime queues the thread, and the glue returns
//! to the scheduler loop (`entry::run_threads`), which installs the next runnable thread's stack
//! and calls `ahc_resume`.  There is no preemption yet: a thread that never blocks, yields or
//! allocates through a blocking primop runs until it finishes.
//!
//! Queues:
//! - the run queue (FIFO, linked through the TSOs' run link);
//! - the sleepers (`delay#`), sorted by wake-up time (linked the same way; a thread is on at
//!   most one of the two);
//! - each MVar's queue of blocked threads, in the heap (entries `[info][3][next][tso][value]`),
//!   FIFO as in GHC: `putMVar` hands its value to the first blocked reader(s) and taker,
//!   `takeMVar` on a full MVar takes the first blocked putter's value in;
//! - every live thread is on the *all* list (linked through the TSOs' all link): the collector
//!   scans their stacks and blocked-on words (every thread is a root; deadlocked threads are
//!   found by [`Storage::sched_next`] when nothing can run, not by reachability).
//!
//! Invariants:
//! - A suspended thread's top frame is a resume frame; a thread blocked on an MVar has a queue
//!   entry whose tso word is its TSO, and its blocked-on word points to that entry.
//! - TSOs never move (pinned); pointers to them are stable, and marking them keeps their pinned
//!   group alive.
//! - Exceptions thrown to a suspended thread are delivered by pushing a raise resume frame on
//!   its stack; an exception to a thread that masks them (and is not blocked interruptibly)
//!   waits with the thrower blocked until the target is found unmasked at a switch.

use ahc_abi::{mask, sched as s, ARR_HEADER_WORDS, WORD};

use crate::block::{field, BLOCK_SIZE};
use crate::mem::{AllocError, LinearMemory};
use crate::sm::{StackError, Storage};
use crate::stack::Stack;

/// Thread states (the TSO's state word).
pub const RUNNABLE: u32 = 0;
pub const BLOCKED_MVAR: u32 = 1;
pub const BLOCKED_DELAY: u32 = 2;
pub const BLOCKED_THROWTO: u32 = 3;
/// In `retry#`, until a TVar it read is written (`crate::stm`).
pub const BLOCKED_STM: u32 = 4;
/// On a blackhole another thread is evaluating (blocked on: the thunk).
pub const BLOCKED_BLACKHOLE: u32 = 5;
pub const FINISHED: u32 = 16;

/// Why a thread blocked on an MVar (the TSO's block-kind word).
const TAKE: u32 = 1;
const READ: u32 = 2;
const PUT: u32 = 3;

/// Blocks of a new thread's stack (it grows by moving, as the main thread's).
pub const THREAD_STACK_BLOCKS: u32 = 8;

/// Addresses of the glue's info tables the scheduler builds frames and objects with.
#[derive(Clone, Copy, Debug, Default)]
pub struct SchedInfos {
    pub tso: u32,
    pub mvar: u32,
    pub mvar_queue: u32,
    pub tvar: u32,
    pub weak: u32,
    pub arr_words: u32,
    pub stop: u32,
    pub ap_frame: u32,
    pub pat_v: u32,
    pub resume_enter: u32,
    pub resume_raise: u32,
    pub blackhole: u32,
}

/// The scheduler's state.
#[derive(Clone, Copy, Debug, Default)]
pub struct Sched {
    pub infos: SchedInfos,
    /// The running thread's TSO (0 before the first thread starts).
    pub current: u32,
    /// The thread whose end ends the program (`main`, then `flushStdHandles`).
    pub main: u32,
    run_head: u32,
    run_tail: u32,
    sleepers: u32,
    /// The all list.
    pub(crate) all: u32,
    next_id: u32,
    /// Threads blocked in `throwTo`.
    throwers: u32,
    /// Set by a primop that suspended the running thread.
    pub switching: bool,
    /// base's exceptions (`SomeException` closures; 0 without base).
    pub exc: Exceptions,
    /// Threads blocked on blackholes (checked at each switch).
    blackholed: u32,
}

/// The exceptions the runtime throws (addresses of base's `SomeException` closures, 0 if the
/// program has no base).
#[derive(Clone, Copy, Debug, Default)]
pub struct Exceptions {
    pub blocked_mvar: u32,
    pub blocked_stm: u32,
    pub nested_atomically: u32,
    pub non_termination: u32,
}

/// What the scheduler loop does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Run this thread (its stack is installed: `Sp`, `SpLim`).
    Run { sp: u32, splim: u32 },
    /// Nothing can run before the monotonic clock reaches this time (ns).
    Sleep(u64),
    /// Every thread waits for another and no collection has looked for deadlocked threads
    /// since the last one ran: the caller collects ([`Storage::idle_collect`]) and asks again.
    Idle,
    /// Every thread is blocked forever and none could be sent an exception.
    Deadlock,
}

impl Sched {
    pub const fn new() -> Self {
        Sched {
            infos: SchedInfos {
                tso: 0,
                mvar: 0,
                mvar_queue: 0,
                tvar: 0,
                weak: 0,
                arr_words: 0,
                stop: 0,
                ap_frame: 0,
                pat_v: 0,
                resume_enter: 0,
                resume_raise: 0,
                blackhole: 0,
            },
            current: 0,
            main: 0,
            run_head: 0,
            run_tail: 0,
            sleepers: 0,
            all: 0,
            next_id: 1,
            throwers: 0,
            switching: false,
            exc: Exceptions {
                blocked_mvar: 0,
                blocked_stm: 0,
                nested_atomically: 0,
                non_termination: 0,
            },
            blackholed: 0,
        }
    }
}

impl<M: LinearMemory> Storage<M> {
    pub(crate) fn tso_get(&self, t: u32, f: u32) -> u32 {
        self.mem().load_u32(t + f)
    }

    pub(crate) fn tso_set(&mut self, t: u32, f: u32, v: u32) {
        self.mem_mut().store_u32(t + f, v)
    }

    /// A small movable object of `bytes` bytes in the runtime's area.
    pub(crate) fn small(&mut self, bytes: u32) -> Result<u32, AllocError> {
        let a = self.area_alloc(bytes)?;
        self.allocated += bytes as u64;
        self.stats.allocated_bytes += bytes as u64;
        Ok(a)
    }

    /// A pointer array `[info][n][elems = 0…]` of `n` elements.
    pub(crate) fn ptr_object(&mut self, info: u32, n: u32) -> Result<u32, AllocError> {
        let a = self.small((ARR_HEADER_WORDS + n) * WORD)?;
        let m = self.mem_mut();
        m.store_u64(a, info as u64);
        m.store_u64(a + 8, n as u64);
        for k in 0..n {
            m.store_u64(a + 16 + 8 * k, 0);
        }
        Ok(a)
    }

    /// A new thread that runs the `IO` action `io` on a stack of `stack` (a new one of
    /// [`THREAD_STACK_BLOCKS`] if `None`), at the end of the run queue; returns its TSO.
    pub fn new_thread(&mut self, io: u32, stack: Option<Stack>) -> Result<u32, AllocError> {
        self.adopt_initial();
        let i = self.sched.infos;
        let (t, _) = self.allocate_pinned(s::TSO_BYTES, 8, 0)?;
        let st = match stack {
            Some(st) => st,
            None => Stack::alloc(&mut self.blocks, THREAD_STACK_BLOCKS)?,
        };
        // [resume enter | io][apply frame | "v", 1][stop]
        let sp = st.top - 5 * WORD;
        let id = self.sched.next_id;
        self.sched.next_id += 1;
        let all = self.sched.all;
        let m = self.mem_mut();
        m.store_u64(sp, i.resume_enter as u64);
        m.store_u64(sp + 8, io as u64);
        m.store_u64(sp + 16, i.ap_frame as u64);
        m.store_u64(sp + 24, i.pat_v as u64 | 1 << 32);
        m.store_u64(sp + 32, i.stop as u64);
        m.store_u64(t, i.tso as u64);
        m.store_u64(t + 8, (s::TSO_BYTES - 16) as u64);
        for f in (s::TSO_STATE..s::TSO_BYTES).step_by(8) {
            m.store_u64(t + f, 0);
        }
        m.store_u32(t + s::TSO_ID, id);
        m.store_u32(t + s::TSO_SP, sp);
        m.store_u32(t + s::TSO_LIMIT, st.limit);
        m.store_u32(t + s::TSO_TOP, st.top);
        m.store_u32(t + s::TSO_ALL_LINK, all);
        self.sched.all = t;
        self.enqueue(t);
        Ok(t)
    }

    /// Appends `t` to the run queue.
    pub(crate) fn enqueue(&mut self, t: u32) {
        self.tso_set(t, s::TSO_STATE, RUNNABLE);
        self.tso_set(t, s::TSO_RUN_LINK, 0);
        if self.sched.run_tail == 0 {
            self.sched.run_head = t;
        } else {
            let tail = self.sched.run_tail;
            self.tso_set(tail, s::TSO_RUN_LINK, t);
        }
        self.sched.run_tail = t;
    }

    /// Suspends the running thread (its resume frame is on its stack) in state `state`.
    pub(crate) fn suspend(&mut self, state: u32) {
        let t = self.sched.current;
        self.tso_set(t, s::TSO_STATE, state);
        self.sched.switching = true;
    }

    /// Picks the next thread to run and installs its stack (the caller installs the registers).
    /// `now` is the monotonic clock (ns); `idle_collected`: nothing ran since the last
    /// [`Storage::idle_collect`].
    pub fn sched_next(&mut self, now: u64, idle_collected: bool) -> Next {
        if self.sched.throwers != 0 {
            self.retry_throwers();
        }
        if self.sched.blackholed != 0 {
            self.wake_blackholed();
        }
        // Wake the sleepers that are due.
        while self.sched.sleepers != 0 {
            let t = self.sched.sleepers;
            if self.mem().load_u64(t + s::TSO_WAKE) > now {
                break;
            }
            self.sched.sleepers = self.tso_get(t, s::TSO_RUN_LINK);
            self.enqueue(t);
        }
        if self.sched.run_head == 0 {
            if self.sched.sleepers != 0 {
                return Next::Sleep(self.mem().load_u64(self.sched.sleepers + s::TSO_WAKE));
            }
            if !idle_collected {
                return Next::Idle;
            }
            if !self.wake_deadlocked() {
                return Next::Deadlock;
            }
        }
        let t = self.sched.run_head;
        self.sched.run_head = self.tso_get(t, s::TSO_RUN_LINK);
        if self.sched.run_head == 0 {
            self.sched.run_tail = 0;
        }
        self.tso_set(t, s::TSO_RUN_LINK, 0);
        self.sched.current = t;
        self.stack = Stack {
            limit: self.tso_get(t, s::TSO_LIMIT),
            top: self.tso_get(t, s::TSO_TOP),
        };
        self.mask = self.mem().load_u64(t + s::TSO_MASK);
        Next::Run {
            sp: self.tso_get(t, s::TSO_SP),
            splim: self.stack.limit,
        }
    }

    /// The running thread came back to the scheduler with `Sp = sp`: it suspended itself, or
    /// it finished (then true).
    pub fn sched_returned(&mut self, sp: u32) -> bool {
        let t = self.sched.current;
        self.sched.current = 0;
        if self.sched.switching {
            self.sched.switching = false;
            self.save_thread(t, sp);
            return false;
        }
        self.finish_thread(t);
        true
    }

    fn save_thread(&mut self, t: u32, sp: u32) {
        let (limit, top, mask) = (self.stack.limit, self.stack.top, self.mask);
        self.tso_set(t, s::TSO_SP, sp);
        self.tso_set(t, s::TSO_LIMIT, limit);
        self.tso_set(t, s::TSO_TOP, top);
        self.mem_mut().store_u64(t + s::TSO_MASK, mask);
    }

    /// Thread `t` ended: off the all list, its stack freed.
    fn finish_thread(&mut self, t: u32) {
        self.tso_set(t, s::TSO_STATE, FINISHED);
        let mut p = self.sched.all;
        let mut prev = 0;
        while p != 0 && p != t {
            prev = p;
            p = self.tso_get(p, s::TSO_ALL_LINK);
        }
        let next = self.tso_get(t, s::TSO_ALL_LINK);
        if prev == 0 {
            self.sched.all = next;
        } else {
            self.tso_set(prev, s::TSO_ALL_LINK, next);
        }
        let head = self.blocks.group_of(self.stack.limit);
        self.blocks.free_group(head);
        self.stack = Stack { limit: 0, top: 0 };
    }

    /// Nothing can run: throws to every blocked thread the exception of what it waits for
    /// (`BlockedIndefinitelyOnMVar`, `…OnSTM`, `NonTermination` for a blackhole); returns
    /// whether there was one.  (The collector finds most deadlocks first, by reachability:
    /// this is for threads still reachable from a CAF or a stable pointer.)
    fn wake_deadlocked(&mut self) -> bool {
        let mut found = false;
        let mut t = self.sched.all;
        while t != 0 {
            let next = self.tso_get(t, s::TSO_ALL_LINK);
            match self.throw_deadlocked(t) {
                Ok(b) => found |= b,
                Err(_) => return false,
            }
            t = next;
        }
        found
    }

    /// If blocked thread `t` waits for an MVar, a TVar or a blackhole, throws it the exception
    /// for that (if base is there) and makes it runnable; whether it did.
    pub(crate) fn throw_deadlocked(&mut self, t: u32) -> Result<bool, AllocError> {
        let x = self.sched.exc;
        let exc = match self.tso_get(t, s::TSO_STATE) {
            BLOCKED_MVAR => x.blocked_mvar,
            BLOCKED_STM => x.blocked_stm,
            BLOCKED_BLACKHOLE => x.non_termination,
            _ => 0,
        };
        if exc == 0 {
            return Ok(false);
        }
        self.interrupt(t);
        self.push_raise(t, exc)?;
        self.mem_mut().store_u64(t + s::TSO_BLOCKED_ON, 0);
        self.enqueue(t);
        Ok(true)
    }

    /// Takes blocked thread `t` off what it waits on (its wake-up must not happen twice).
    fn interrupt(&mut self, t: u32) {
        match self.tso_get(t, s::TSO_STATE) {
            BLOCKED_MVAR => {
                // The interrupted thread must not find its queue entry again.
                let e = self.tso_get(t, s::TSO_BLOCKED_ON);
                if e != 0 {
                    self.mem_mut().store_u64(e + s::Q_TSO, 0);
                }
            }
            BLOCKED_DELAY => self.unlink_sleeper(t),
            BLOCKED_THROWTO => self.sched.throwers -= 1,
            BLOCKED_BLACKHOLE => self.sched.blackholed -= 1,
            // Its TVar watcher entries are stale once the thread is runnable.
            _ => {}
        }
    }

    /// Threads blocked on blackholes whose thunks have been updated become runnable.
    fn wake_blackholed(&mut self) {
        let bh = self.sched.infos.blackhole;
        let mut t = self.sched.all;
        while t != 0 {
            let next = self.tso_get(t, s::TSO_ALL_LINK);
            if self.tso_get(t, s::TSO_STATE) == BLOCKED_BLACKHOLE {
                let thunk = self.tso_get(t, s::TSO_BLOCKED_ON) & !ahc_abi::TAG_MASK;
                if self.mem().load_u32(thunk) != bh {
                    self.sched.blackholed -= 1;
                    self.mem_mut().store_u64(t + s::TSO_BLOCKED_ON, 0);
                    self.enqueue(t);
                }
            }
            t = next;
        }
    }

    /// `sp` with at least `bytes` free below it on the running thread's stack (which may move:
    /// the result is the new `Sp`).
    pub(crate) fn stack_room(&mut self, sp: u32, bytes: u32) -> Result<u32, StackError> {
        if sp >= self.stack.limit + bytes {
            return Ok(sp);
        }
        Ok(self.grow_stack(sp, bytes)?.0)
    }

    /// The running thread entered blackhole `node` with `Sp = sp`.  `None` if it is evaluating
    /// the thunk itself (an update frame on its stack has it: `<<loop>>`); else the thread is
    /// suspended until the thunk is updated, with `[resume enter | node]` pushed: the result
    /// is its new `Sp`.
    pub fn enter_blackhole(&mut self, node: u32, sp: u32) -> Result<Option<u32>, StackError> {
        let target = node & !ahc_abi::TAG_MASK;
        let mut p = sp;
        while p < self.stack.top {
            let Some((ty, words)) = crate::gc::frame_size(self.mem(), p) else {
                break;
            };
            if ty == crate::gc::UPDATE_FRAME
                && self.mem().load_u32(p + 8) & !ahc_abi::TAG_MASK == target
            {
                return Ok(None);
            }
            p += 8 * words;
        }
        if self.sched.current == 0 {
            return Ok(None);
        }
        let sp = self.stack_room(sp, 2 * WORD)? - 2 * WORD;
        let info = self.sched.infos.resume_enter;
        let m = self.mem_mut();
        m.store_u64(sp, info as u64);
        m.store_u64(sp + 8, node as u64);
        let t = self.sched.current;
        self.mem_mut().store_u64(t + s::TSO_BLOCKED_ON, node as u64);
        self.sched.blackholed += 1;
        self.suspend(BLOCKED_BLACKHOLE);
        Ok(Some(sp))
    }

    /// Pushes `[resume raise | exc]` on suspended thread `t`'s stack (growing it if needed).
    fn push_raise(&mut self, t: u32, exc: u32) -> Result<(), AllocError> {
        let mut sp = self.tso_get(t, s::TSO_SP);
        let limit = self.tso_get(t, s::TSO_LIMIT);
        if sp < limit + 2 * WORD {
            let top = self.tso_get(t, s::TSO_TOP);
            let used = top - sp;
            let n = ((top - limit) / BLOCK_SIZE * 2).max(THREAD_STACK_BLOCKS);
            let st = Stack::alloc(&mut self.blocks, n)?;
            let new_sp = st.top - used;
            self.mem_mut().copy_words(new_sp, sp, used / 8);
            let old = self.blocks.group_of(limit);
            self.blocks.free_group(old);
            sp = new_sp;
            self.tso_set(t, s::TSO_LIMIT, st.limit);
            self.tso_set(t, s::TSO_TOP, st.top);
        }
        sp -= 2 * WORD;
        let info = self.sched.infos.resume_raise;
        self.mem_mut().store_u64(sp, info as u64);
        self.mem_mut().store_u64(sp + 8, exc as u64);
        self.tso_set(t, s::TSO_SP, sp);
        Ok(())
    }

    // ----- MVars ------------------------------------------------------------------------------

    pub fn new_mvar(&mut self) -> Result<u32, AllocError> {
        self.adopt_initial();
        let info = self.sched.infos.mvar;
        self.ptr_object(info, 3)
    }

    /// Appends a queue entry for the running thread (`kind`, putter's `value`) to MVar `m` and
    /// suspends the thread.
    fn block_on_mvar(&mut self, m: u32, kind: u32, value: u32) -> Result<(), AllocError> {
        let info = self.sched.infos.mvar_queue;
        let e = self.ptr_object(info, 3)?;
        let t = self.sched.current;
        let mem = self.mem_mut();
        mem.store_u64(e + s::Q_TSO, t as u64);
        mem.store_u64(e + s::Q_VALUE, value as u64);
        let tail = mem.load_u32(m + s::MVAR_TAIL);
        if tail == 0 {
            mem.store_u64(m + s::MVAR_HEAD, e as u64);
        } else {
            mem.store_u64(tail + s::Q_NEXT, e as u64);
        }
        mem.store_u64(m + s::MVAR_TAIL, e as u64);
        self.tso_set(t, s::TSO_BLOCK_KIND, kind);
        self.mem_mut().store_u64(t + s::TSO_BLOCKED_ON, e as u64);
        self.suspend(BLOCKED_MVAR);
        Ok(())
    }

    /// Removes and returns the first entry of `m`'s queue whose thread still waits (0: none).
    fn pop_waiter(&mut self, m: u32) -> u32 {
        loop {
            let e = self.mem().load_u32(m + s::MVAR_HEAD);
            if e == 0 {
                return 0;
            }
            let next = self.mem().load_u32(e + s::Q_NEXT);
            self.mem_mut().store_u64(m + s::MVAR_HEAD, next as u64);
            if next == 0 {
                self.mem_mut().store_u64(m + s::MVAR_TAIL, 0);
            }
            if self.mem().load_u32(e + s::Q_TSO) != 0 {
                return e;
            }
        }
    }

    /// Wakes the thread of entry `e`, giving it `value` (in its resume frame) if not 0.
    fn wake_waiter(&mut self, e: u32, value: u32) {
        let t = self.mem().load_u32(e + s::Q_TSO);
        if value != 0 {
            let sp = self.tso_get(t, s::TSO_SP);
            self.mem_mut().store_u64(sp + 8, value as u64);
        }
        self.mem_mut().store_u64(t + s::TSO_BLOCKED_ON, 0);
        self.enqueue(t);
    }

    /// `takeMVar#` with the resume frame `[resume ptr | slot]` at `sp`: true if the value is in
    /// the slot, false if the thread is suspended.
    pub fn take_mvar(&mut self, m: u32, sp: u32) -> Result<bool, AllocError> {
        let v = self.mem().load_u32(m + s::MVAR_VALUE);
        if v == 0 {
            self.block_on_mvar(m, TAKE, 0)?;
            return Ok(false);
        }
        self.mem_mut().store_u64(sp + 8, v as u64);
        self.refill_from_putter(m);
        Ok(true)
    }

    /// The MVar was emptied: the first blocked putter's value goes in.
    fn refill_from_putter(&mut self, m: u32) {
        let e = self.pop_waiter(m);
        let v = if e == 0 {
            0
        } else {
            let v = self.mem().load_u32(e + s::Q_VALUE);
            self.wake_waiter(e, 0);
            v
        };
        self.mem_mut().store_u64(m + s::MVAR_VALUE, v as u64);
    }

    /// `readMVar#` (as [`take_mvar`](Self::take_mvar), leaving the value).
    pub fn read_mvar(&mut self, m: u32, sp: u32) -> Result<bool, AllocError> {
        let v = self.mem().load_u32(m + s::MVAR_VALUE);
        if v == 0 {
            self.block_on_mvar(m, READ, 0)?;
            return Ok(false);
        }
        self.mem_mut().store_u64(sp + 8, v as u64);
        Ok(true)
    }

    /// `putMVar#`: true if the value was put, false if the thread is suspended.
    pub fn put_mvar(&mut self, m: u32, v: u32) -> Result<bool, AllocError> {
        if self.mem().load_u32(m + s::MVAR_VALUE) != 0 {
            self.block_on_mvar(m, PUT, v)?;
            return Ok(false);
        }
        self.deliver(m, v);
        Ok(true)
    }

    /// An empty MVar receives `v`: blocked readers get it, then the first blocked taker takes
    /// it; if there is none it stays in the MVar.
    fn deliver(&mut self, m: u32, v: u32) {
        loop {
            let e = self.pop_waiter(m);
            if e == 0 {
                self.mem_mut().store_u64(m + s::MVAR_VALUE, v as u64);
                return;
            }
            let t = self.mem().load_u32(e + s::Q_TSO);
            let kind = self.tso_get(t, s::TSO_BLOCK_KIND);
            self.wake_waiter(e, v);
            if kind == TAKE {
                return;
            }
        }
    }

    /// `tryTakeMVar#`: the value, or 0 if empty.
    pub fn try_take_mvar(&mut self, m: u32) -> u32 {
        let v = self.mem().load_u32(m + s::MVAR_VALUE);
        if v != 0 {
            self.refill_from_putter(m);
        }
        v
    }

    /// `tryPutMVar#`: whether it was put.
    pub fn try_put_mvar(&mut self, m: u32, v: u32) -> bool {
        if self.mem().load_u32(m + s::MVAR_VALUE) != 0 {
            return false;
        }
        self.deliver(m, v);
        true
    }

    // ----- delays, yields, throwTo ------------------------------------------------------------

    /// `delay#`: suspends the running thread until `wake` (monotonic ns).
    pub fn delay(&mut self, wake: u64) {
        let t = self.sched.current;
        self.mem_mut().store_u64(t + s::TSO_WAKE, wake);
        let mut prev = 0;
        let mut p = self.sched.sleepers;
        while p != 0 && self.mem().load_u64(p + s::TSO_WAKE) <= wake {
            prev = p;
            p = self.tso_get(p, s::TSO_RUN_LINK);
        }
        self.tso_set(t, s::TSO_RUN_LINK, p);
        if prev == 0 {
            self.sched.sleepers = t;
        } else {
            self.tso_set(prev, s::TSO_RUN_LINK, t);
        }
        self.suspend(BLOCKED_DELAY);
    }

    /// `yield#`: to the end of the run queue.
    pub fn yield_now(&mut self) {
        let t = self.sched.current;
        self.enqueue(t);
        self.sched.switching = true;
    }

    /// `throwTo`: 2 if `target` is the running thread (the caller raises), 1 if delivered (or
    /// the target has finished), 0 if the running thread is suspended until it can be.
    pub fn throw_to(&mut self, target: u32, exc: u32) -> Result<u32, AllocError> {
        if target == self.sched.current {
            return Ok(2);
        }
        if self.try_deliver(target, exc)? {
            return Ok(1);
        }
        let t = self.sched.current;
        self.mem_mut().store_u64(t + s::TSO_BLOCKED_ON, exc as u64);
        self.mem_mut().store_u64(t + s::TSO_WAKE, target as u64);
        self.sched.throwers += 1;
        self.suspend(BLOCKED_THROWTO);
        Ok(0)
    }

    /// Delivers `exc` to suspended thread `t` if its masking state allows; whether it did (or
    /// `t` has finished).
    fn try_deliver(&mut self, t: u32, exc: u32) -> Result<bool, AllocError> {
        let state = self.tso_get(t, s::TSO_STATE);
        if state == FINISHED {
            return Ok(true);
        }
        let m = self.mem().load_u64(t + s::TSO_MASK);
        let interruptible = matches!(
            state,
            BLOCKED_MVAR | BLOCKED_DELAY | BLOCKED_THROWTO | BLOCKED_STM
        );
        let ok = m == mask::UNMASKED || (m == mask::MASKED_INTERRUPTIBLE && interruptible);
        if !ok {
            return Ok(false);
        }
        self.interrupt(t);
        self.push_raise(t, exc)?;
        if state != RUNNABLE {
            self.mem_mut().store_u64(t + s::TSO_BLOCKED_ON, 0);
            self.enqueue(t);
        }
        Ok(true)
    }

    fn unlink_sleeper(&mut self, t: u32) {
        let mut prev = 0;
        let mut p = self.sched.sleepers;
        while p != 0 && p != t {
            prev = p;
            p = self.tso_get(p, s::TSO_RUN_LINK);
        }
        let next = self.tso_get(t, s::TSO_RUN_LINK);
        if prev == 0 {
            self.sched.sleepers = next;
        } else {
            self.tso_set(prev, s::TSO_RUN_LINK, next);
        }
    }

    /// Threads blocked in `throwTo`: deliver what can be delivered now.
    fn retry_throwers(&mut self) {
        let mut t = self.sched.all;
        while t != 0 {
            let next = self.tso_get(t, s::TSO_ALL_LINK);
            if self.tso_get(t, s::TSO_STATE) == BLOCKED_THROWTO {
                let exc = self.tso_get(t, s::TSO_BLOCKED_ON);
                let target = self.tso_get(t, s::TSO_WAKE);
                if let Ok(true) = self.try_deliver(target, exc) {
                    self.sched.throwers -= 1;
                    self.mem_mut().store_u64(t + s::TSO_BLOCKED_ON, 0);
                    self.enqueue(t);
                }
            }
            t = next;
        }
    }

    /// `threadStatus#`'s code for thread `t`.
    pub fn thread_status(&self, t: u32) -> u32 {
        match self.tso_get(t, s::TSO_STATE) {
            BLOCKED_MVAR => s::STATUS_BLOCKED_MVAR,
            BLOCKED_DELAY => s::STATUS_BLOCKED_DELAY,
            BLOCKED_THROWTO => s::STATUS_BLOCKED_THROWTO,
            BLOCKED_STM => s::STATUS_BLOCKED_STM,
            BLOCKED_BLACKHOLE => s::STATUS_BLOCKED_BLACKHOLE,
            FINISHED => s::STATUS_FINISHED,
            _ => s::STATUS_RUNNING,
        }
    }

    // ----- the collector's view ---------------------------------------------------------------

    /// Whether a major collection treats thread `t` as reachable only if something reaches
    /// its TSO (a thread blocked on an MVar or in `retry#`: the MVar's queue or the TVars'
    /// watchers point to it); other threads are roots.
    fn waits_for_others(state: u32) -> bool {
        matches!(state, BLOCKED_MVAR | BLOCKED_STM)
    }

    /// The roots among the threads: every live TSO, the suspended threads' stacks and pointer
    /// words (`gc` scans the running thread's stack itself); in a major collection, not yet the
    /// threads that wait for others (see [`Self::collect_weaks_and_threads`]).
    pub(crate) fn scavenge_threads(gc: &mut crate::gc::Gc<'_, M>, sched: &Sched) {
        let mut t = sched.all;
        while t != 0 {
            let state = gc.mem().load_u32(t + s::TSO_STATE);
            let flags = gc.mem().load_u32(t + s::TSO_FLAGS);
            if gc.is_major() && t != sched.current && Self::waits_for_others(state) {
                gc.mem_mut()
                    .store_u32(t + s::TSO_FLAGS, flags & !s::TSO_SCANNED);
            } else {
                Self::scan_thread(gc, t, sched.current);
            }
            t = gc.mem().load_u32(t + s::TSO_ALL_LINK);
        }
    }

    /// Evacuates thread `t`'s TSO, stack (unless it is the running one) and pointer words.
    fn scan_thread(gc: &mut crate::gc::Gc<'_, M>, t: u32, current: u32) {
        gc.evacuate(t, false);
        let flags = gc.mem().load_u32(t + s::TSO_FLAGS);
        gc.mem_mut()
            .store_u32(t + s::TSO_FLAGS, flags | s::TSO_SCANNED);
        if t != current {
            let sp = gc.mem().load_u32(t + s::TSO_SP);
            let top = gc.mem().load_u32(t + s::TSO_TOP);
            gc.scavenge_stack(sp, top);
        }
        let state = gc.mem().load_u32(t + s::TSO_STATE);
        if matches!(state, BLOCKED_MVAR | BLOCKED_THROWTO | BLOCKED_BLACKHOLE) {
            gc.evac_field(t + s::TSO_BLOCKED_ON, false);
        }
        gc.evac_field(t + s::TSO_TREC, false);
        gc.evac_field(t + s::TSO_READS, false);
    }

    /// Major collections, after the roots: threads waiting for others become reachable when
    /// their TSO is (scanned then), weak pointers keep their value and finalizers while their
    /// key is reachable, to a fixed point.  Then the weak pointers whose key is dead keep their
    /// finalizers for running (the result's second list, linked through the weak pointers'
    /// link field; the first is the weak pointers still alive), and the threads nothing
    /// reaches are *resurrected* (scanned, flagged [`s::TSO_RESURRECTED`]) to receive
    /// `BlockedIndefinitely…` after the collection, as in GHC.
    pub(crate) fn collect_weaks_and_threads(
        gc: &mut crate::gc::Gc<'_, M>,
        weaks: u32,
        sched: &Sched,
    ) -> (u32, u32) {
        // The weak pointer objects on the list stay (copied, fields not scanned yet).
        let mut pending = 0;
        let mut w = weaks;
        while w != 0 {
            let next = gc.mem().load_u32(w + s::WEAK_LINK);
            let nw = gc.evacuate(w, false);
            gc.mem_mut().store_u64(nw + s::WEAK_LINK, pending as u64);
            pending = nw;
            w = next;
        }
        let mut live = 0;
        loop {
            let mut changed = Self::scan_reached_threads(gc, sched);
            let (mut prev, mut w) = (0, pending);
            while w != 0 {
                let next = gc.mem().load_u32(w + s::WEAK_LINK);
                let key = gc.mem().load_u32(w + s::WEAK_KEY);
                let keep = key != 0 && gc.is_alive(key).is_some();
                if key == 0 || keep {
                    // Finalized ones leave the list; live ones move to `live`.
                    if prev == 0 {
                        pending = next;
                    } else {
                        gc.mem_mut().store_u64(prev + s::WEAK_LINK, next as u64);
                    }
                    if keep {
                        for f in [
                            s::WEAK_KEY,
                            s::WEAK_VALUE,
                            s::WEAK_FINALIZER,
                            s::WEAK_CFINALIZERS,
                        ] {
                            gc.evac_field(w + f, true);
                        }
                        gc.mem_mut().store_u64(w + s::WEAK_LINK, live as u64);
                        live = w;
                        changed = true;
                    }
                } else {
                    prev = w;
                }
                w = next;
            }
            if !changed {
                break;
            }
            gc.scavenge_loop();
        }
        // Dead keys: the finalizers are kept to run; the key and value are dropped.
        let mut w = pending;
        while w != 0 {
            gc.mem_mut().store_u64(w + s::WEAK_KEY, 0);
            gc.mem_mut().store_u64(w + s::WEAK_VALUE, 0);
            gc.evac_field(w + s::WEAK_FINALIZER, true);
            gc.evac_field(w + s::WEAK_CFINALIZERS, true);
            w = gc.mem().load_u32(w + s::WEAK_LINK);
        }
        gc.scavenge_loop();
        while Self::scan_reached_threads(gc, sched) {
            gc.scavenge_loop();
        }
        // What is left waits forever.
        let mut t = sched.all;
        while t != 0 {
            let flags = gc.mem().load_u32(t + s::TSO_FLAGS);
            if flags & s::TSO_SCANNED == 0 {
                Self::scan_thread(gc, t, sched.current);
                let flags = gc.mem().load_u32(t + s::TSO_FLAGS);
                gc.mem_mut()
                    .store_u32(t + s::TSO_FLAGS, flags | s::TSO_RESURRECTED);
            }
            t = gc.mem().load_u32(t + s::TSO_ALL_LINK);
        }
        gc.scavenge_loop();
        (live, pending)
    }

    /// Scans the threads not scanned yet whose TSO the collection has reached; whether any.
    fn scan_reached_threads(gc: &mut crate::gc::Gc<'_, M>, sched: &Sched) -> bool {
        let epoch = gc.epoch();
        let mut found = false;
        let mut t = sched.all;
        while t != 0 {
            let flags = gc.mem().load_u32(t + s::TSO_FLAGS);
            if flags & s::TSO_SCANNED == 0 && gc.mem().load_u32(t + s::TSO_MARK) == epoch {
                Self::scan_thread(gc, t, sched.current);
                found = true;
            }
            t = gc.mem().load_u32(t + s::TSO_ALL_LINK);
        }
        found
    }

    /// After a major collection: the dead weak pointers' finalizers (list `dead`) start as
    /// threads and their C finalizers wait in `pending_cfins` for the runtime to call them; the
    /// resurrected threads get their exception.
    pub(crate) fn after_major(&mut self, dead: u32) {
        let mut w = dead;
        while w != 0 {
            let next = self.mem().load_u32(w + s::WEAK_LINK);
            self.kill_weak(w);
            w = next;
        }
        let mut t = self.sched.all;
        while t != 0 {
            let next = self.tso_get(t, s::TSO_ALL_LINK);
            let flags = self.tso_get(t, s::TSO_FLAGS);
            if flags & s::TSO_RESURRECTED != 0 {
                self.tso_set(t, s::TSO_FLAGS, flags & !s::TSO_RESURRECTED);
                if let Err(e) = self.throw_deadlocked(t) {
                    self.out_of_memory(e);
                }
            }
            t = next;
        }
    }

    /// A major collection between threads (`hp`: the generated code's `Hp`); returns the new
    /// nursery region for the caller to install.
    pub fn idle_collect(&mut self, hp: u32) -> Result<(u32, u32), AllocError> {
        let top = self.stack.top;
        self.collect_now(top, hp, true)
    }

    /// A collection now, with `Sp = sp` (every live pointer in a frame) and the generated code's
    /// `Hp = hp`; returns the new nursery region for the caller to install.
    pub fn collect_now(&mut self, sp: u32, hp: u32, major: bool) -> Result<(u32, u32), AllocError> {
        self.adopt_initial();
        self.retire_nursery(hp);
        self.collect_gen(sp, major);
        self.new_nursery(0)
    }

    /// Whether `t` is the main thread (the one whose end ends the program).
    pub fn is_main(&self, t: u32) -> bool {
        t == self.sched.main
    }

    /// The block group head of `addr`'s stack (for tests).
    pub fn stack_group(&self, addr: u32) -> u32 {
        let d = self.blocks.group_of(addr);
        self.blocks.get(d, field::HEAD)
    }
}
