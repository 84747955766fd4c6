//! GHC RTS interface functions and data that base imports and that belong to no other runtime
//! subsystem: the `RtsFlags` structure, capabilities and OS threads, the static pointer table,
//! libdw stack traces, RTS statistics, the threaded RTS's I/O manager hooks, the profiling
//! timer. Each answers as GHC 9.0.2's *non-threaded, non-profiling* RTS does when no RTS options
//! are given (measured natively, see `tests/base/rts_flags.hs` and `rts_api.hs`).
//!
//! ## `RtsFlags`
//! `GHC.RTS.Flags` reads `&RtsFlags` at the x86_64 offsets hsc2hs computed for base
//! (`ahc_abi::rts_flags`); [`ahc_c_RtsFlags`] is a constant image of that structure, built at
//! compile time from GHC's defaults. Every byte base does not read as a field is zero, which
//! matters: base's `getCCFlags` reads `COST_CENTRE_FLAGS` offsets from the start of `GcFlags`
//! (a bug in base), and some 8-byte reads cover a 4-byte field and its padding.
//! The only value that is ahc's rather than GHC's is `maxStkSize`: natively 80% of physical
//! memory, here the runtime's real stack limit (`sm::MAX_STACK_MBLOCKS`). Other sizes (nursery,
//! old generation) keep GHC's defaults, which describe GHC's collector: they are not ahc's
//! tuning knobs (`ahc-link --gc-threshold`).
//!
//! ## Invariants
//! * The image is immutable: nothing in base writes `RtsFlags`.
//! * Functions that only a threaded or profiling RTS would reach (base checks
//!   `rtsSupportsBoundThreads` first) still exist, so every import links; they answer like the
//!   non-threaded RTS (`forkOS_createThread` fails) or abort with GHC's wording where no
//!   answer exists (`forkOS_entry`, `getRTSStats`).

use ahc_abi::rts_flags as f;

/// `RTS_FLAGS`, byte for byte, 8-aligned like the C structure.
#[repr(C, align(8))]
pub struct RtsFlagsImage(pub [u8; f::SIZE as usize]);

const fn put(mut b: [u8; f::SIZE as usize], off: u32, v: &[u8]) -> [u8; f::SIZE as usize] {
    let mut i = 0;
    while i < v.len() {
        b[off as usize + i] = v[i];
        i += 1;
    }
    b
}

const fn w32(b: [u8; f::SIZE as usize], off: u32, v: u32) -> [u8; f::SIZE as usize] {
    put(b, off, &v.to_le_bytes())
}

const fn w64(b: [u8; f::SIZE as usize], off: u32, v: u64) -> [u8; f::SIZE as usize] {
    put(b, off, &v.to_le_bytes())
}

const fn dbl(b: [u8; f::SIZE as usize], off: u32, v: f64) -> [u8; f::SIZE as usize] {
    put(b, off, &v.to_bits().to_le_bytes())
}

const fn yes(b: [u8; f::SIZE as usize], off: u32) -> [u8; f::SIZE as usize] {
    put(b, off, &[1])
}

/// GHC's `Time` unit (`TIME_RESOLUTION`): nanoseconds.
const MS: u64 = 1_000_000;

/// GHC's block size, the unit of the `*Size` fields given in blocks.
const GHC_BLOCK: u64 = 4096;

/// The stack limit in words (`maxStkSize`): the runtime's real one.
pub const MAX_STK_WORDS: u64 =
    crate::sm::MAX_STACK_MBLOCKS as u64 * (1 << 20) / ahc_abi::WORD as u64;

/// The `RtsFlags` image: GHC 9.0.2's defaults (`rts/RtsFlags.c`, non-threaded RTS, no
/// `+RTS` options), `maxStkSize` aside. Fields left out are zero / `false` / `NULL`.
pub const fn rts_flags_image() -> RtsFlagsImage {
    let mut b = [0u8; f::SIZE as usize];
    // GC_FLAGS: stats off, stacks of 1 KiB growing in 32 KiB chunks, a 1 MiB nursery, two
    // generations, old generation ×2, 3% kept free, compaction threshold 30%.
    b = w32(b, f::GC_MAX_STK_SIZE, MAX_STK_WORDS as u32);
    b = w32(b, f::GC_INITIAL_STK_SIZE, 1024 / 8);
    b = w32(b, f::GC_STK_CHUNK_SIZE, 32 * 1024 / 8);
    b = w32(b, f::GC_STK_CHUNK_BUFFER_SIZE, 1024 / 8);
    b = w32(b, f::GC_MIN_ALLOC_AREA_SIZE, ((1 << 20) / GHC_BLOCK) as u32);
    b = w32(b, f::GC_MIN_OLD_GEN_SIZE, ((1 << 20) / GHC_BLOCK) as u32);
    b = dbl(b, f::GC_OLD_GEN_FACTOR, 2.0);
    b = dbl(b, f::GC_PC_FREE_HEAP, 3.0);
    b = w32(b, f::GC_GENERATIONS, 2);
    b = yes(b, f::GC_SQUEEZE_UPD_FRAMES);
    b = dbl(b, f::GC_COMPACT_THRESHOLD, 30.0);
    b = w64(b, f::GC_IDLE_GC_DELAY_TIME, 300 * MS);
    b = w64(b, f::GC_ALLOC_LIMIT_GRACE, 100 * 1024 / GHC_BLOCK);
    b = w64(b, f::GC_NUMA_MASK, 1);
    // CONCURRENT_FLAGS: 20 ms context switches, two 10 ms ticks.
    b = w64(b, f::CONC_CTXT_SWITCH_TIME, 20 * MS);
    b = w32(b, f::CONC_CTXT_SWITCH_TICKS, 2);
    // MISC_FLAGS: 10 ms ticks, handlers installed, stack traces on, the POSIX I/O manager
    // (`IO_MNGR_POSIX`) with one worker.
    b = w64(b, f::MISC_TICK_INTERVAL, 10 * MS);
    b = yes(b, f::MISC_INSTALL_SIGNAL_HANDLERS);
    b = yes(b, f::MISC_INSTALL_SEH_HANDLERS);
    b = yes(b, f::MISC_GENERATE_STACK_TRACE);
    b = w32(b, f::MISC_IO_MANAGER, 1);
    b = w32(b, f::MISC_NUM_IO_WORKER_THREADS, 1);
    // PROFILING_FLAGS: 100 ms heap-profile interval, ten ticks.
    b = w64(b, f::PROF_HEAP_PROFILE_INTERVAL, 100 * MS);
    b = w32(b, f::PROF_HEAP_PROFILE_INTERVAL_TICKS, 10);
    // DEBUG, COST_CENTRE, TRACE, TICKY flags: all off. PAR_FLAGS: the non-threaded RTS never
    // sets them (all zero, `nCapabilities` included).
    RtsFlagsImage(b)
}

/// `&RtsFlags` (`GHC.RTS.Flags`).
#[no_mangle]
pub static ahc_c_RtsFlags: RtsFlagsImage = rts_flags_image();

// ----- capabilities and OS threads ----------------------------------------------------------

/// `getNumberOfProcessors()` (`GHC.Conc.getNumProcessors`): the non-threaded RTS answers 1.
#[no_mangle]
pub extern "C" fn ahc_c_getNumberOfProcessors() -> u64 {
    1
}

/// `setNumCapabilities(n)`: the non-threaded RTS keeps one capability and complains about
/// any other count.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn ahc_c_setNumCapabilities(n: u64) {
    if n as u32 != 1 {
        crate::entry::belch(&[&[b"setNumCapabilities: not supported in the non-threaded RTS"]]);
    }
}

/// `forkOS_createThread(entry)`: no OS threads (`-1`, as the non-threaded RTS returns). base
/// never calls it, since `rtsSupportsBoundThreads()` is false.
#[no_mangle]
pub extern "C" fn ahc_c_forkOS_createThread(_entry: u32) -> i64 {
    -1
}

/// `forkOS_entry(action)`: base's own `foreign export`, called back only by
/// `runInBoundThread` under the threaded RTS (base fails before that here).
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn ahc_c_forkOS_entry(_action: u32) {
    crate::entry::barf(&[b"forkOS_entry: bound threads need the threaded RTS"])
}

/// `rts_enableThreadAllocationLimit(tso)`: ahc keeps no allocation counters (the counter
/// reads as 0, see the code generator), so there is no limit to enforce.
#[no_mangle]
pub extern "C" fn ahc_c_rts_enableThreadAllocationLimit(_tso: u32) {}

/// `rts_disableThreadAllocationLimit(tso)`.
#[no_mangle]
pub extern "C" fn ahc_c_rts_disableThreadAllocationLimit(_tso: u32) {}

/// `setIOManagerControlFd(cap, fd)`, `setIOManagerWakeupFd(fd)`, `setTimerManagerControlFd(fd)`:
/// the threaded RTS's I/O manager registers its pipes; the non-threaded RTS ignores them.
#[no_mangle]
pub extern "C" fn ahc_c_setIOManagerControlFd(_cap: u64, _fd: i64) {}

#[no_mangle]
pub extern "C" fn ahc_c_setIOManagerWakeupFd(_fd: i64) {}

#[no_mangle]
pub extern "C" fn ahc_c_setTimerManagerControlFd(_fd: i64) {}

// ----- statistics, profiling, static pointers, function pointers ----------------------------

/// `getRTSStatsEnabled()`: no statistics are collected (`+RTS -T` was not given).
#[no_mangle]
pub extern "C" fn ahc_c_getRTSStatsEnabled() -> i64 {
    0
}

/// `getRTSStats(buf)`: base calls it only when statistics are enabled.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub extern "C" fn ahc_c_getRTSStats(_buf: u32) {
    crate::entry::barf(&[b"getRTSStats: GC statistics are not collected"])
}

/// `startProfTimer()`/`stopProfTimer()` (`GHC.Profiling`): no profiler, nothing to time.
#[no_mangle]
pub extern "C" fn ahc_c_startProfTimer() {}

#[no_mangle]
pub extern "C" fn ahc_c_stopProfTimer() {}

/// `hs_spt_lookup(key)`: the static pointer table is empty (ahc compiles no `static` forms
/// into it), so every key is unknown (`NULL`, `unsafeLookupStaticPtr` gives `Nothing`).
#[no_mangle]
pub extern "C" fn ahc_c_hs_spt_lookup(_key: u32) -> u32 {
    0
}

/// `hs_spt_key_count()`: the empty table has no keys.
#[no_mangle]
pub extern "C" fn ahc_c_hs_spt_key_count() -> i64 {
    0
}

/// `hs_spt_keys(buf, n)`: copies no keys.
#[no_mangle]
pub extern "C" fn ahc_c_hs_spt_keys(_buf: u32, _n: i64) -> i64 {
    0
}

/// `freeHaskellFunctionPtr(p)`: ahc creates no adjustor thunks (`foreign import "wrapper"` is
/// not supported), so there is nothing to free.
#[no_mangle]
pub extern "C" fn ahc_c_freeHaskellFunctionPtr(_p: u32) {}

// ----- libdw stack traces (`GHC.ExecutionStack`) --------------------------------------------

/// `libdwPoolTake()`: no libdw session (`NULL`), so `getStackTrace` returns `Nothing`, as GHC
/// built without libdw does.
#[no_mangle]
pub extern "C" fn ahc_c_libdwPoolTake() -> u32 {
    0
}

/// `&libdwPoolRelease`, the finalizer of a session (never created).
#[no_mangle]
pub extern "C" fn ahc_c_libdwPoolRelease(_session: u32) {}

/// `libdwPoolClear()` (`invalidateDebugCache`): no cache.
#[no_mangle]
pub extern "C" fn ahc_c_libdwPoolClear() {}

/// `libdwGetBacktrace(session)`: no backtrace (`NULL`).
#[no_mangle]
pub extern "C" fn ahc_c_libdwGetBacktrace(_session: u32) -> u32 {
    0
}

/// `libdwLookupLocation(session, loc, pc)`: fails (-1).
#[no_mangle]
pub extern "C" fn ahc_c_libdwLookupLocation(_session: u32, _loc: u32, _pc: u32) -> i64 {
    -1
}

/// `&backtraceFree`, the finalizer of a backtrace (never created).
#[no_mangle]
pub extern "C" fn ahc_c_backtraceFree(_bt: u32) {}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], off: u32) -> u32 {
        u32::from_le_bytes(b[off as usize..off as usize + 4].try_into().unwrap())
    }
    fn u64_at(b: &[u8], off: u32) -> u64 {
        u64::from_le_bytes(b[off as usize..off as usize + 8].try_into().unwrap())
    }

    #[test]
    fn image_holds_ghcs_defaults_at_bases_offsets() {
        let b = &ahc_c_RtsFlags.0;
        assert_eq!(b.len(), 440);
        assert_eq!(core::mem::align_of::<RtsFlagsImage>(), 8);
        assert_eq!(u32_at(b, f::GC_STK_CHUNK_SIZE), 4096);
        assert_eq!(u32_at(b, f::GC_MIN_ALLOC_AREA_SIZE), 256);
        assert_eq!(u64_at(b, f::GC_ALLOC_LIMIT_GRACE), 25);
        assert_eq!(f64::from_bits(u64_at(b, f::GC_OLD_GEN_FACTOR)), 2.0);
        assert_eq!(b[f::GC_SQUEEZE_UPD_FRAMES as usize], 1);
        assert_eq!(u64_at(b, f::CONC_CTXT_SWITCH_TIME), 20_000_000);
        // `ctxtSwitchTicks` is an `int` that base reads as an 8-byte `Int`: padding is zero.
        assert_eq!(u64_at(b, f::CONC_CTXT_SWITCH_TICKS), 2);
        assert_eq!(u32_at(b, f::MISC_IO_MANAGER), 1);
        assert_eq!(u32_at(b, f::GC_MAX_STK_SIZE) as u64, MAX_STK_WORDS);
        // Every selector pointer is NULL, the whole DEBUG_FLAGS block false.
        assert!(
            b[f::PROF_MOD_SELECTOR as usize..f::PROF_BIO_SELECTOR as usize + 8]
                .iter()
                .all(|&x| x == 0)
        );
        assert!(b[f::DEBUG as usize..f::CC as usize].iter().all(|&x| x == 0));
        assert!(b[f::PAR as usize..].iter().all(|&x| x == 0));
    }
}
