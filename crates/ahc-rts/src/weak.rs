//! Weak pointers (`mkWeak#` and friends), as in GHC.
//!
//! A `Weak#` is `[ahc_weak_info][5][key][value][finalizer][C finalizers][link]` (type `Weak`,
//! `ahc_abi::sched`).  Every weak pointer whose key may still be alive is on the runtime's list
//! ([`Storage::weaks`], linked through the link field), whether or not the program still holds
//! the `Weak#`.  Minor collections treat the fields as strong pointers; a major collection keeps
//! a weak pointer's value and finalizers only if its key is reachable otherwise (see
//! `Storage::collect_weaks_and_threads`); when the key is dead, the weak pointer dies: key and
//! value become 0 (`deRefWeak#` answers "dead"), the Haskell finalizer (an `IO` action) starts
//! in a thread of its own, and the C finalizers are queued in [`Storage::pending_cfins`], which
//! the runtime's entry points run once the collection is over (they are C functions, called
//! outside the storage manager).  `finalizeWeak#` does the same at once, handing the Haskell
//! finalizer to its caller.
//!
//! A C finalizer is `[queue info][2][next][data]` with `data` an `ArrWords` of four words:
//! function (a table index), pointer, has-environment flag, environment.

use ahc_abi::{sched as s, WORD};

use crate::mem::{AllocError, LinearMemory};
use crate::sm::Storage;

/// A C finalizer to call: `f(ptr)`, or `f(env, ptr)` if it has an environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CFinalizer {
    pub f: u32,
    pub ptr: u32,
    pub env: Option<u32>,
}

impl<M: LinearMemory> Storage<M> {
    /// `mkWeak#` (`fin` 0: none).
    pub fn mk_weak(&mut self, key: u32, value: u32, fin: u32) -> Result<u32, AllocError> {
        self.adopt_initial();
        let info = self.sched.infos.weak;
        let w = self.ptr_object(info, 5)?;
        let head = self.weaks;
        let m = self.mem_mut();
        m.store_u64(w + s::WEAK_KEY, key as u64);
        m.store_u64(w + s::WEAK_VALUE, value as u64);
        m.store_u64(w + s::WEAK_FINALIZER, fin as u64);
        m.store_u64(w + s::WEAK_LINK, head as u64);
        self.weaks = w;
        Ok(w)
    }

    /// `deRefWeak#`: the value, or 0 if the weak pointer is dead.
    pub fn deref_weak(&self, w: u32) -> u32 {
        if self.mem().load_u32(w + s::WEAK_KEY) == 0 {
            return 0;
        }
        self.mem().load_u32(w + s::WEAK_VALUE)
    }

    /// `addCFinalizerToWeak#`: false if the weak pointer is dead already.
    pub fn add_c_finalizer(&mut self, w: u32, cf: CFinalizer) -> Result<bool, AllocError> {
        if self.mem().load_u32(w + s::WEAK_KEY) == 0 {
            return Ok(false);
        }
        let data = self.small(6 * WORD)?;
        let words = [
            cf.f as u64,
            cf.ptr as u64,
            cf.env.is_some() as u64,
            cf.env.unwrap_or(0) as u64,
        ];
        let arr_words = self.sched.infos.arr_words;
        let m = self.mem_mut();
        m.store_u64(data, arr_words as u64);
        m.store_u64(data + 8, 4 * WORD as u64);
        for (k, v) in words.into_iter().enumerate() {
            m.store_u64(data + 16 + 8 * k as u32, v);
        }
        let info = self.sched.infos.mvar_queue;
        let e = self.ptr_object(info, 2)?;
        let head = self.mem().load_u32(w + s::WEAK_CFINALIZERS);
        let m = self.mem_mut();
        m.store_u64(e + s::CFIN_NEXT, head as u64);
        m.store_u64(e + s::CFIN_DATA, data as u64);
        m.store_u64(w + s::WEAK_CFINALIZERS, e as u64);
        Ok(true)
    }

    /// `finalizeWeak#`: kills the weak pointer (its C finalizers are queued); returns its
    /// Haskell finalizer (0: none, or dead already).
    pub fn finalize_weak(&mut self, w: u32) -> u32 {
        if self.mem().load_u32(w + s::WEAK_KEY) == 0 {
            return 0;
        }
        let fin = self.mem().load_u32(w + s::WEAK_FINALIZER);
        self.mem_mut().store_u64(w + s::WEAK_FINALIZER, 0);
        self.kill_weak(w);
        fin
    }

    /// Weak pointer `w` dies: its Haskell finalizer (if still there) starts in a new thread, its
    /// C finalizers are queued, its fields are cleared.  (Its list entry goes at the next major
    /// collection: a dead key is 0.)
    pub(crate) fn kill_weak(&mut self, w: u32) {
        let fin = self.mem().load_u32(w + s::WEAK_FINALIZER);
        let mut c = self.mem().load_u32(w + s::WEAK_CFINALIZERS);
        for f in [
            s::WEAK_KEY,
            s::WEAK_VALUE,
            s::WEAK_FINALIZER,
            s::WEAK_CFINALIZERS,
        ] {
            self.mem_mut().store_u64(w + f, 0);
        }
        while c != 0 {
            let next = self.mem().load_u32(c + s::CFIN_NEXT);
            let pending = self.pending_cfins;
            self.mem_mut().store_u64(c + s::CFIN_NEXT, pending as u64);
            self.pending_cfins = c;
            c = next;
        }
        if fin != 0 && self.sched.all != 0 {
            if let Err(e) = self.new_thread(fin, None) {
                self.out_of_memory(e);
            }
        }
    }

    /// Takes the next queued C finalizer (the caller calls it).
    pub fn next_c_finalizer(&mut self) -> Option<CFinalizer> {
        let c = self.pending_cfins;
        if c == 0 {
            return None;
        }
        self.pending_cfins = self.mem().load_u32(c + s::CFIN_NEXT);
        let data = self.mem().load_u32(c + s::CFIN_DATA) + 16;
        let m = self.mem();
        Some(CFinalizer {
            f: m.load_u32(data),
            ptr: m.load_u32(data + 8),
            env: (m.load_u32(data + 16) != 0).then(|| m.load_u32(data + 24)),
        })
    }

    /// Reports running out of memory where no error can be returned.
    pub(crate) fn out_of_memory(&self, e: AllocError) -> ! {
        (self.oom.unwrap_or(crate::gc::oom_panic))(e)
    }
}
