//! Software transactional memory: `atomically#`, `retry#`, `catchRetry#` (`orElse`),
//! `catchSTM#`, `TVar#`s.
//!
//! Threads switch only when one blocks or yields, never inside a transaction (STM code cannot
//! block: `retry#` ends the attempt), so a transaction always sees a consistent state and
//! never needs validating: TVars are written in place, and the running thread's TSO keeps a
//! *write log* of the old values (entries `[queue info][3][next][tvar][old]`, newest first, with
//! its length) to undo them, and a *read set* (`[queue info][3][next][tvar][0]`) of the TVars
//! the transaction read, for `retry#` to wait on.  Layouts: `ahc_abi::sched`.
//!
//! Frames (pushed by the generated code, types in `ahc_abi::ClosureType`):
//! - `atomically#` pushes `[atomically][stm]` (after [`Storage::stm_start`]); returning through
//!   it commits: the threads waiting on a TVar the transaction wrote wake up.
//! - `catchRetry#` pushes `[catch retry][first][second][log length]` and runs the first
//!   alternative; `catchSTM#` pushes `[catch stm][handler][log length]`.
//! - `retry#` ([`Storage::stm_retry`]) walks down the stack: at a catch-retry frame running its
//!   first alternative it undoes that alternative's writes and runs the second one on the same
//!   frame; one running its second alternative is undone and popped, the retry going on; at the
//!   atomically frame the whole transaction is undone and the thread waits, registered as a
//!   *watcher* (`[queue info][3][next][tso][epoch]`) of every TVar it read; a commit writing one
//!   of them makes it runnable, and it restarts the transaction from the atomically frame.  A
//!   watcher entry is current while the thread is still blocked in `retry#` and its epoch (a
//!   counter the thread bumps each time it blocks, kept below 2^16 so the word never looks
//!   like a heap pointer to the collector) matches; stale entries are dropped whenever a
//!   TVar's watchers are visited.
//! - An exception unwinding through a catch-STM frame undoes the writes made since it was
//!   pushed and runs the handler; through an atomically frame it undoes the transaction
//!   (`crate::exception`).

use ahc_abi::{sched as s, WORD};

use crate::gc::{frame_size, ATOMICALLY_FRAME, CATCH_RETRY_FRAME, STOP_FRAME};
use crate::mem::{AllocError, LinearMemory};
use crate::sched::BLOCKED_STM;
use crate::sm::{StackError, Storage};

/// Log entry fields (the queue entry's words).
const NEXT: u32 = s::Q_NEXT;
const TVAR: u32 = s::Q_TSO;
const OLD: u32 = s::Q_VALUE;

/// What `retry#` does next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Go on with `Sp = sp` (an `orElse`'s second alternative is set up to run).
    Run(u32),
    /// The thread is suspended with `Sp = sp` until a TVar it read changes.
    Wait(u32),
}

impl<M: LinearMemory> Storage<M> {
    /// `newTVar#`.
    pub fn new_tvar(&mut self, v: u32) -> Result<u32, AllocError> {
        self.adopt_initial();
        let info = self.sched.infos.tvar;
        let tv = self.ptr_object(info, 2)?;
        self.mem_mut().store_u64(tv + s::TVAR_VALUE, v as u64);
        Ok(tv)
    }

    fn trec_len(&self) -> u32 {
        let t = self.sched.current;
        self.tso_get(t, s::TSO_TREC_LEN)
    }

    /// `atomically#` starts a transaction; false if one is running already (nested).
    pub fn stm_start(&mut self) -> bool {
        let t = self.sched.current;
        let flags = self.tso_get(t, s::TSO_FLAGS);
        if flags & s::TSO_IN_STM != 0 {
            return false;
        }
        self.tso_set(t, s::TSO_FLAGS, flags | s::TSO_IN_STM);
        self.clear_trec(t);
        true
    }

    fn clear_trec(&mut self, t: u32) {
        let m = self.mem_mut();
        m.store_u64(t + s::TSO_TREC, 0);
        m.store_u64(t + s::TSO_READS, 0);
        m.store_u32(t + s::TSO_TREC_LEN, 0);
    }

    /// The transaction ends (committed or aborted).
    fn stm_end(&mut self) {
        let t = self.sched.current;
        let flags = self.tso_get(t, s::TSO_FLAGS);
        self.tso_set(t, s::TSO_FLAGS, flags & !s::TSO_IN_STM);
        self.clear_trec(t);
    }

    /// The atomically frame returns: wake the watchers of the TVars written.
    pub fn stm_commit(&mut self) {
        let t = self.sched.current;
        let mut e = self.tso_get(t, s::TSO_TREC);
        while e != 0 {
            let tv = self.mem().load_u32(e + TVAR);
            self.wake_watchers(tv);
            e = self.mem().load_u32(e + NEXT);
        }
        self.stm_end();
    }

    /// An exception leaves the transaction: undo it.
    pub(crate) fn stm_abort(&mut self) {
        self.stm_undo_to(0);
        self.stm_end();
    }

    /// `readTVar#`.
    pub fn stm_read(&mut self, tv: u32) -> Result<u32, AllocError> {
        let t = self.sched.current;
        let head = self.tso_get(t, s::TSO_READS);
        if head == 0 || self.mem().load_u32(head + TVAR) != tv {
            let info = self.sched.infos.mvar_queue;
            let e = self.ptr_object(info, 3)?;
            let m = self.mem_mut();
            m.store_u64(e + NEXT, head as u64);
            m.store_u64(e + TVAR, tv as u64);
            m.store_u64(t + s::TSO_READS, e as u64);
        }
        Ok(self.mem().load_u32(tv + s::TVAR_VALUE))
    }

    /// `writeTVar#`.
    pub fn stm_write(&mut self, tv: u32, v: u32) -> Result<(), AllocError> {
        let t = self.sched.current;
        let info = self.sched.infos.mvar_queue;
        let e = self.ptr_object(info, 3)?;
        let head = self.tso_get(t, s::TSO_TREC);
        let len = self.trec_len();
        let m = self.mem_mut();
        let old = m.load_u32(tv + s::TVAR_VALUE);
        m.store_u64(e + NEXT, head as u64);
        m.store_u64(e + TVAR, tv as u64);
        m.store_u64(e + OLD, old as u64);
        m.store_u64(t + s::TSO_TREC, e as u64);
        m.store_u32(t + s::TSO_TREC_LEN, len + 1);
        m.store_u64(tv + s::TVAR_VALUE, v as u64);
        Ok(())
    }

    /// The write log's length (for `catchRetry#` and `catchSTM#` frames).
    pub fn stm_log_len(&self) -> u64 {
        self.trec_len() as u64
    }

    /// Undoes the newest writes until the log has `len` entries.
    pub(crate) fn stm_undo_to(&mut self, len: u32) {
        let t = self.sched.current;
        let mut n = self.trec_len();
        let mut e = self.tso_get(t, s::TSO_TREC);
        while n > len && e != 0 {
            let m = self.mem_mut();
            let tv = m.load_u32(e + TVAR);
            let old = m.load_u32(e + OLD);
            m.store_u64(tv + s::TVAR_VALUE, old as u64);
            e = m.load_u32(e + NEXT);
            n -= 1;
        }
        let m = self.mem_mut();
        m.store_u64(t + s::TSO_TREC, e as u64);
        m.store_u32(t + s::TSO_TREC_LEN, n);
    }

    /// `retry#` with `Sp = sp` (see the module documentation).
    pub fn stm_retry(&mut self, sp: u32) -> Result<Retry, StackError> {
        // Room for the 4 words of the restart frames (at or above `sp` once frames are gone).
        let sp = self.stack_room(sp, 4 * WORD)?;
        let mut p = sp;
        loop {
            let Some((ty, words)) = frame_size(self.mem(), p) else {
                panic!("retry#: not a stack frame")
            };
            match ty {
                CATCH_RETRY_FRAME => {
                    let state = self.mem().load_u64(p + 24);
                    self.stm_undo_to(state as u32);
                    if state & s::RETRY_SECOND == 0 {
                        self.mem_mut().store_u64(p + 24, state | s::RETRY_SECOND);
                        let second = self.mem().load_u32(p + 16);
                        return Ok(Retry::Run(self.push_run_io(p, second)));
                    }
                }
                ATOMICALLY_FRAME => {
                    self.stm_undo_to(0);
                    self.stm_wait().map_err(StackError::Memory)?;
                    let stm = self.mem().load_u32(p + 8);
                    return Ok(Retry::Wait(self.push_run_io(p, stm)));
                }
                STOP_FRAME => panic!("retry# outside atomically#"),
                _ => {}
            }
            p += 8 * words;
        }
    }

    /// Pushes `[resume enter | io][apply frame | "v", 1]` below the frame at `p` (the thread
    /// then runs `io`, an `IO`/`STM` action, with that frame below); returns the new `Sp`.
    fn push_run_io(&mut self, p: u32, io: u32) -> u32 {
        let i = self.sched.infos;
        let sp = p - 4 * WORD;
        let m = self.mem_mut();
        m.store_u64(sp, i.resume_enter as u64);
        m.store_u64(sp + 8, io as u64);
        m.store_u64(sp + 16, i.ap_frame as u64);
        m.store_u64(sp + 24, i.pat_v as u64 | 1 << 32);
        sp
    }

    /// The running thread waits for a TVar of its read set to change.
    fn stm_wait(&mut self) -> Result<(), AllocError> {
        let t = self.sched.current;
        let epoch = (self.tso_get(t, s::TSO_STM_EPOCH) + 1) & 0xffff;
        self.tso_set(t, s::TSO_STM_EPOCH, epoch);
        let info = self.sched.infos.mvar_queue;
        let mut r = self.tso_get(t, s::TSO_READS);
        while r != 0 {
            let tv = self.mem().load_u32(r + TVAR);
            let w = self.prune_watchers(tv);
            let current = w != 0
                && self.mem().load_u32(w + s::Q_TSO) == t
                && self.mem().load_u32(w + s::Q_VALUE) == epoch;
            if !current {
                let e = self.ptr_object(info, 3)?;
                let m = self.mem_mut();
                m.store_u64(e + s::Q_NEXT, w as u64);
                m.store_u64(e + s::Q_TSO, t as u64);
                m.store_u64(e + s::Q_VALUE, epoch as u64);
                m.store_u64(tv + s::TVAR_WATCHERS, e as u64);
            }
            // The read set is re-read from the TSO: `ptr_object` does not collect.
            r = self.mem().load_u32(r + NEXT);
        }
        self.clear_trec(t);
        self.suspend(BLOCKED_STM);
        Ok(())
    }

    /// Whether watcher entry `e` is current.
    fn watcher_current(&self, e: u32) -> bool {
        let t = self.mem().load_u32(e + s::Q_TSO);
        self.tso_get(t, s::TSO_STATE) == BLOCKED_STM
            && self.tso_get(t, s::TSO_STM_EPOCH) == self.mem().load_u32(e + s::Q_VALUE)
    }

    /// Drops `tv`'s stale watcher entries; returns the first one left.
    fn prune_watchers(&mut self, tv: u32) -> u32 {
        let mut prev = 0;
        let mut e = self.mem().load_u32(tv + s::TVAR_WATCHERS);
        let mut first = 0;
        while e != 0 {
            let next = self.mem().load_u32(e + s::Q_NEXT);
            if self.watcher_current(e) {
                if prev == 0 {
                    first = e;
                } else {
                    self.mem_mut().store_u64(prev + s::Q_NEXT, e as u64);
                }
                prev = e;
            }
            e = next;
        }
        if prev != 0 {
            self.mem_mut().store_u64(prev + s::Q_NEXT, 0);
        }
        self.mem_mut()
            .store_u64(tv + s::TVAR_WATCHERS, first as u64);
        first
    }

    /// A committed transaction wrote `tv`: its waiting threads become runnable.
    fn wake_watchers(&mut self, tv: u32) {
        let mut e = self.mem().load_u32(tv + s::TVAR_WATCHERS);
        self.mem_mut().store_u64(tv + s::TVAR_WATCHERS, 0);
        while e != 0 {
            if self.watcher_current(e) {
                let t = self.mem().load_u32(e + s::Q_TSO);
                self.enqueue(t);
            }
            e = self.mem().load_u32(e + s::Q_NEXT);
        }
    }
}
