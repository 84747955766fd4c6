//! Exceptions: unwinding the Haskell stack to a catch frame (`raise#`), and the masking state.
//!
//! ## What `ahc_rts_raise(exc)` does ([`Storage::raise`])
//! It walks the frames from `Sp`:
//! - an update frame: its thunk (the *updatee*, under evaluation) is overwritten with an
//!   indirection to a raise thunk `[ahc_raise_thunk_info][reserved][exc]` (one per raise,
//!   allocated in the runtime's area), so that whoever demands the thunk later gets the same
//!   exception again; the frame is popped.  (In place would not do: a thunk without free
//!   variables has no room for the exception.)
//! - a catch frame `[info][handler][saved mask state]`: unwinding stops.  As in GHC, the handler
//!   runs with asynchronous exceptions masked: `MASKED_UNINTERRUPTIBLE` if the saved state (the
//!   state in which `catch#` was entered) was `MASKED_UNINTERRUPTIBLE`, else
//!   `MASKED_INTERRUPTIBLE`; the runtime sets it.  If the saved state was `UNMASKED`, the runtime
//!   also pushes a mask frame `[ahc_mask_frame_info][UNMASKED]` in the catch frame's place, so
//!   that unmasking happens when the handler returns.  Either way, when the handler returns the
//!   state is the saved one again.  `Sp` is set to just below the catch frame (or to that mask
//!   frame), and the handler closure (as stored in the frame, tag included) is returned: the
//!   caller applies it to the exception and the `State#` token.
//! - a catch-STM frame `[info][handler][log length]`: the writes of the transaction since the
//!   frame was pushed are undone, unwinding stops there (`Sp` below the frame, masking state
//!   unchanged) and the handler is returned; an atomically frame undoes the whole transaction
//!   and is popped (see `crate::stm`).
//! - a stop frame: the exception is uncaught (the caller reports it and exits with 1).
//! - any other frame (return, apply, mask frames) is popped: the masking state is determined by
//!   the catch frame alone, as in GHC.

use ahc_abi::{mask, TAG_MASK};

use crate::gc::{
    frame_size, ATOMICALLY_FRAME, CATCH_FRAME, CATCH_STM_FRAME, STOP_FRAME, UPDATE_FRAME,
};
use crate::mem::{AllocError, LinearMemory};
use crate::sm::Storage;

/// Addresses of the info tables `raise` builds objects and frames with.
#[derive(Clone, Copy, Debug)]
pub struct RaiseInfos {
    pub ind: u32,
    pub raise_thunk: u32,
    pub mask_frame: u32,
}

/// Where an exception went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Raised {
    /// Caught: apply `handler` with `Sp = sp`.
    Handler { handler: u32, sp: u32 },
    /// No catch frame before the stop frame.
    Uncaught,
}

impl<M: LinearMemory> Storage<M> {
    /// Unwinds the stack from `sp` for exception `exc` (see the module documentation).
    pub fn raise(&mut self, sp: u32, exc: u32, infos: &RaiseInfos) -> Result<Raised, AllocError> {
        self.adopt_initial();
        let top = self.stack.top;
        let mut p = sp;
        let mut thunk = 0;
        while p < top {
            let Some((ty, words)) = frame_size(self.mem(), p) else {
                panic!("raise: not a stack frame")
            };
            match ty {
                UPDATE_FRAME => {
                    if thunk == 0 {
                        thunk = self.area_alloc(24)?;
                        self.allocated += 24;
                        let m = self.mem_mut();
                        m.store_u64(thunk, infos.raise_thunk as u64);
                        m.store_u64(thunk + 8, 0);
                        m.store_u64(thunk + 16, exc as u64);
                    }
                    let m = self.mem_mut();
                    let updatee = m.load_u32(p + 8) & !TAG_MASK;
                    m.store_u64(updatee, infos.ind as u64);
                    m.store_u64(updatee + 8, thunk as u64);
                }
                CATCH_FRAME => {
                    let handler = self.mem().load_u32(p + 8);
                    let saved = self.mem().load_u64(p + 16);
                    let mut sp = p + 24;
                    self.mask = if saved == mask::MASKED_UNINTERRUPTIBLE {
                        mask::MASKED_UNINTERRUPTIBLE
                    } else {
                        mask::MASKED_INTERRUPTIBLE
                    };
                    if saved == mask::UNMASKED {
                        sp -= 16;
                        let m = self.mem_mut();
                        m.store_u64(sp, infos.mask_frame as u64);
                        m.store_u64(sp + 8, mask::UNMASKED);
                    }
                    return Ok(Raised::Handler { handler, sp });
                }
                // STM (`crate::stm`): `catchSTM#` undoes its alternative's writes and handles
                // the exception (the masking state is left alone); leaving `atomically#`
                // undoes the transaction.
                CATCH_STM_FRAME => {
                    let len = self.mem().load_u64(p + 16) as u32;
                    self.stm_undo_to(len);
                    let handler = self.mem().load_u32(p + 8);
                    return Ok(Raised::Handler {
                        handler,
                        sp: p + 24,
                    });
                }
                ATOMICALLY_FRAME => self.stm_abort(),
                STOP_FRAME => return Ok(Raised::Uncaught),
                _ => {}
            }
            p += 8 * words;
        }
        Ok(Raised::Uncaught)
    }
}
