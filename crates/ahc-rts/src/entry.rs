//! The exported C symbols: program entry, services for generated code, test output functions.
//!
//! wasm32 only.  Every symbol here is part of the contract with the code generator (`ahc-abi`);
//! signatures are given as wasm types in the crate documentation.  Functions Haskell calls with
//! `foreign import ccall "f"` are named `ahc_c_f` (`ahc_abi::ccall_symbol`) and take the
//! Haskell-side types (`Int`/`Word`/`Char` `i64`, `Double` `f64`, `Addr#` `i32`).

use crate::exception::{RaiseInfos, Raised};
use crate::exit_code;
use crate::format::{self, G17_BUF, INT_BUF};
use crate::io::{self, OutBuf};
use crate::mem::{AllocError, LinearMemory, WasmMemory};
use crate::sm::{StackError, Storage};
use crate::wasi;
use crate::Global;

// Defined by the generated code (ahc-abi `gen_syms`) and the linker.
extern "C" {
    /// Sets the register globals `Sp`, `Hp`, `HpLim`, `SpLim`.
    fn ahc_set_regs(sp: u32, hp: u32, hplim: u32, splim: u32);
    /// Installs a new nursery region in `Hp`, `HpLim`.
    fn ahc_set_hp(hp: u32, hplim: u32);
    /// Installs a (moved) stack in `Sp`, `SpLim`.
    fn ahc_set_sp(sp: u32, splim: u32);
    fn ahc_get_sp() -> u32;
    fn ahc_get_hp() -> u32;
    /// Runs the thread whose stack is installed until it finishes or suspends itself.
    fn ahc_resume();
    static ahc_main_closure: u32;
    static ahc_flush_closure: u32;
    static ahc_blocked_mvar_exc: u32;
    static ahc_blocked_stm_exc: u32;
    static ahc_nested_atomically_exc: u32;
    static ahc_non_termination_exc: u32;
    static ahc_tso_info: u8;
    static ahc_mvar_info: u8;
    static ahc_mvar_queue_info: u8;
    static ahc_tvar_info: u8;
    static ahc_weak_info: u8;
    static ahc_arr_words_info: u8;
    static ahc_blackhole_info: u8;
    static ahc_stop_info: u8;
    static ahc_ap_frame_info: u8;
    static ahc_pat_v: u8;
    static ahc_resume_enter_info: u8;
    static ahc_resume_raise_info: u8;
    /// `--gc-threshold` in bytes (0: default).
    static ahc_config_gc_threshold: u32;
    /// `--yolo`: never collect.
    static ahc_config_yolo: u32;
    static ahc_ind_info: u8;
    static ahc_raise_thunk_info: u8;
    static ahc_mask_frame_info: u8;
    static ahc_stable_name_info: u8;
    /// Linker-defined: start and end of the static data.
    static __global_base: u8;
    static __data_end: u8;
}

static SM: Global<Storage<WasmMemory>> = Global::new(Storage::new(WasmMemory));

/// Runs `f` with the storage manager (for the C functions of `crate::libc`: e.g. `malloc` takes
/// its pages from the block allocator).  Not re-entrant: `f` must not call back into an entry
/// point of this module.
pub(crate) fn with_storage<R>(f: impl FnOnce(&mut Storage<WasmMemory>) -> R) -> R {
    SM.with(f)
}

static STDOUT: Global<OutBuf> = Global::new(OutBuf::new());

/// Scratch space for fetching the program's arguments when reporting an error.
static ARGS_SCRATCH: Global<[u32; 128]> = Global::new([0; 128]);

const STDOUT_FD: i32 = 1;
/// Most parts in one message line.
const MAX_PARTS: usize = 6;
const STDERR_FD: i32 = 2;

#[inline]
fn out(bytes: &[u8]) {
    STDOUT.with(|b| b.write(bytes, &mut |d| wasi::write_all(STDOUT_FD, d)));
}

fn flush_stdout() {
    STDOUT.with(|b| b.flush(&mut |d| wasi::write_all(STDOUT_FD, d)));
}

/// Something to do at exit (set by the collector when statistics were asked for).
///
/// Read and written only with volatile accesses: otherwise LLVM sees that the only function ever
/// stored is `print_stats`, turns the cell into a flag and calls `print_stats` directly from
/// [`exit`], so that every program would link the statistics printer.
static AT_EXIT: Global<Option<fn()>> = Global::new(None);

/// Sets [`AT_EXIT`].
fn set_at_exit(f: fn()) {
    // SAFETY: a valid, aligned place for an `Option<fn()>`, exclusively ours inside `with`.
    AT_EXIT.with(|cell| unsafe { core::ptr::write_volatile(cell, Some(f)) })
}

/// Flushes stdout and exits with `code`.
fn exit(code: i32) -> ! {
    flush_stdout();
    // SAFETY: as in `set_at_exit`.
    if let Some(f) = AT_EXIT.with(|cell| unsafe { core::ptr::read_volatile(cell) }) {
        f()
    }
    wasi::exit(code)
}

/// Writes GHC-style message lines to stderr: `<prog>: <line>\n` for each line, where each line is
/// the concatenation of its parts (at most [`MAX_PARTS`]).  stdout is flushed first.
pub(crate) fn belch(lines: &[&[&[u8]]]) {
    flush_stdout();
    ARGS_SCRATCH.with(|scratch| belch_with(scratch, lines))
}

/// [`belch`] without flushing stdout, with `scratch` for fetching the program name.
fn belch_with(scratch: &mut [u32], lines: &[&[&[u8]]]) {
    wasi::with_argv0(scratch, |argv0| {
        let prog = io::prog_name(argv0);
        for line in lines {
            let mut parts: [&[u8]; MAX_PARTS + 3] = [b""; MAX_PARTS + 3];
            if !prog.is_empty() {
                parts[0] = prog;
                parts[1] = b": ";
            }
            for (slot, part) in parts[2..].iter_mut().zip(line.iter().take(MAX_PARTS)) {
                *slot = part;
            }
            parts[MAX_PARTS + 2] = b"\n";
            wasi::write_parts(STDERR_FD, &parts);
        }
    })
}

/// Writes `<prog>: internal error: <msg>` and the lines that follow it in GHC's `barf`.
fn report_internal_error(scratch: &mut [u32], msg: &[&[u8]]) {
    let mut parts: [&[u8]; MAX_PARTS] = [b""; MAX_PARTS];
    parts[0] = b"internal error: ";
    for (slot, part) in parts[1..].iter_mut().zip(msg) {
        *slot = part;
    }
    belch_with(scratch, &[&parts]);
    wasi::write_all(
        STDERR_FD,
        b"    (ahc runtime, for GHC 9.0.2 programs on wasm32)\n    Please report this as an ahc bug.\n",
    );
}

/// An internal error: `<prog>: internal error: <msg>` and exit 134 (GHC's `barf`).
pub(crate) fn barf(msg: &[&[u8]]) -> ! {
    flush_stdout();
    ARGS_SCRATCH.with(|scratch| report_internal_error(scratch, msg));
    wasi::exit(exit_code::INTERNAL_ERROR)
}

/// Heap overflow, reported as GHC does (`reportHeapOverflow` / out of memory), exit 251.
fn heap_overflow(e: AllocError) -> ! {
    let mut a = [0u8; INT_BUF];
    let mut b = [0u8; INT_BUF];
    match e {
        AllocError::HeapExhausted { .. } => {
            let max_heap = e.bytes();
            let bytes = dec(max_heap, &mut a);
            let mb = dec(max_heap / (1024 * 1024), &mut b);
            belch(&[
                &[b"Heap exhausted;"],
                &[
                    b"Current maximum heap size is ",
                    bytes,
                    b" bytes (",
                    mb,
                    b" MB).",
                ],
                &[b"Relink with -rtsopts and use `+RTS -M<size>' to increase it."],
            ]);
        }
        AllocError::OutOfMemory { .. } => {
            let bytes = dec(e.bytes(), &mut a);
            belch(&[&[b"out of memory (requested ", bytes, b" bytes)"]]);
        }
    }
    exit(exit_code::HEAP_OVERFLOW)
}

fn dec(v: u64, buf: &mut [u8; INT_BUF]) -> &[u8] {
    let i = format::u64_dec(v, buf);
    buf.get(i..).unwrap_or(&[])
}

/// The program entry (WASI command): sets up the stack and the heap, runs `main`, flushes stdout
/// and exits with 0.
#[no_mangle]
pub extern "C" fn _start() {
    let Ok(regs) = SM.with(|sm| sm.init()) else {
        // Kept apart from `heap_overflow` so a program that never allocates stays tiny.
        wasi::write_all(STDERR_FD, b"out of memory\n");
        wasi::exit(exit_code::HEAP_OVERFLOW)
    };
    // SAFETY: the generated code defines this function with exactly this signature (ahc-abi
    // `gen_syms`) and the main closure word; the regions passed are ours.
    let main = unsafe {
        ahc_set_regs(regs.sp, regs.hp, regs.hplim, regs.splim);
        ahc_main_closure
    };
    let r = SM.with(|sm| {
        sm.sched.infos = sched_infos();
        // SAFETY: `u32` data words of the glue, never written.
        sm.sched.exc = unsafe {
            crate::sched::Exceptions {
                blocked_mvar: ahc_blocked_mvar_exc,
                blocked_stm: ahc_blocked_stm_exc,
                nested_atomically: ahc_nested_atomically_exc,
                non_termination: ahc_non_termination_exc,
            }
        };
        let stack = sm.stack;
        let t = sm.new_thread(main, Some(stack))?;
        sm.sched.main = t;
        Ok(())
    });
    if let Err(e) = r {
        heap_overflow(e)
    }
    run_threads()
}

/// The addresses of the glue's info tables the scheduler uses.
fn sched_infos() -> crate::sched::SchedInfos {
    crate::sched::SchedInfos {
        tso: &raw const ahc_tso_info as u32,
        mvar: &raw const ahc_mvar_info as u32,
        mvar_queue: &raw const ahc_mvar_queue_info as u32,
        tvar: &raw const ahc_tvar_info as u32,
        weak: &raw const ahc_weak_info as u32,
        arr_words: &raw const ahc_arr_words_info as u32,
        blackhole: &raw const ahc_blackhole_info as u32,
        stop: &raw const ahc_stop_info as u32,
        ap_frame: &raw const ahc_ap_frame_info as u32,
        pat_v: &raw const ahc_pat_v as u32,
        resume_enter: &raw const ahc_resume_enter_info as u32,
        resume_raise: &raw const ahc_resume_raise_info as u32,
    }
}

/// Whether `flushStdHandles` has been started (main returned).
static FLUSHING: Global<bool> = Global::new(false);

/// The scheduler loop: runs threads until the main one ends.
fn run_threads() -> ! {
    // Whether nothing ran since the last collection that looked for deadlocked threads.
    let mut idle_collected = false;
    loop {
        let now = wasi::now_ns();
        match SM.with(|sm| sm.sched_next(now, idle_collected)) {
            crate::sched::Next::Idle => {
                // Every thread waits for another: a major collection finds those that nothing
                // can wake (as GHC's idle collection does).
                let hp = unsafe_get_hp();
                match SM.with(|sm| {
                    configure(sm);
                    sm.idle_collect(hp)
                }) {
                    // SAFETY: defined by the generated code with this signature; ours.
                    Ok((hp, hplim)) => unsafe { ahc_set_hp(hp, hplim) },
                    Err(e) => heap_overflow(e),
                }
                run_c_finalizers();
                idle_collected = true;
            }
            crate::sched::Next::Run { sp, splim } => {
                idle_collected = false;
                // SAFETY: defined by the glue with these signatures; the stack is the thread's.
                unsafe {
                    ahc_set_sp(sp, splim);
                    ahc_resume();
                }
                let sp = get_sp();
                let main_ended = SM.with(|sm| {
                    let t = sm.sched.current;
                    sm.sched_returned(sp) && sm.is_main(t)
                });
                if main_ended {
                    main_finished();
                }
            }
            crate::sched::Next::Sleep(until) => wasi::sleep_ns(until.saturating_sub(now)),
            crate::sched::Next::Deadlock => {
                belch(&[&[b"main thread exited (blocked indefinitely)"]]);
                exit(exit_code::KILLED)
            }
        }
    }
}

/// `main` returned: run base's `flushStdHandles` (as GHC's `hs_exit` does), then exit with 0.
fn main_finished() {
    // SAFETY: a `u32` data word of the glue, never written.
    let flush = unsafe { ahc_flush_closure };
    if flush == 0 || FLUSHING.with(|f| core::mem::replace(f, true)) {
        exit(0)
    }
    match SM.with(|sm| {
        let t = sm.new_thread(flush, None)?;
        sm.sched.main = t;
        Ok(())
    }) {
        Ok(()) => {}
        Err(e) => heap_overflow(e),
    }
}

/// `true` as the C-call result 1, `false` 0.
fn flag(b: bool) -> u32 {
    b as u32
}

/// Resume-frame slot of the running thread's top frame.
fn top_frame() -> u32 {
    get_sp()
}

#[no_mangle]
pub extern "C" fn ahc_rts_take_mvar(m: u32) -> u32 {
    match SM.with(|sm| sm.take_mvar(m, top_frame())) {
        Ok(b) => flag(b),
        Err(e) => heap_overflow(e),
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_read_mvar(m: u32) -> u32 {
    match SM.with(|sm| sm.read_mvar(m, top_frame())) {
        Ok(b) => flag(b),
        Err(e) => heap_overflow(e),
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_put_mvar(m: u32, v: u32) -> u32 {
    match SM.with(|sm| sm.put_mvar(m, v)) {
        Ok(b) => flag(b),
        Err(e) => heap_overflow(e),
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_new_mvar() -> u32 {
    match SM.with(|sm| sm.new_mvar()) {
        Ok(m) => m,
        Err(e) => heap_overflow(e),
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_try_take_mvar(m: u32) -> u32 {
    SM.with(|sm| sm.try_take_mvar(m))
}

#[no_mangle]
pub extern "C" fn ahc_rts_try_read_mvar(m: u32) -> u32 {
    SM.with(|sm| sm.mem().load_u32(m + ahc_abi::sched::MVAR_VALUE))
}

#[no_mangle]
pub extern "C" fn ahc_rts_try_put_mvar(m: u32, v: u32) -> u64 {
    SM.with(|sm| sm.try_put_mvar(m, v)) as u64
}

/// `delay#`: microseconds.
#[no_mangle]
pub extern "C" fn ahc_rts_delay(us: i64) -> u32 {
    let wake = wasi::now_ns().saturating_add((us.max(0) as u64).saturating_mul(1000));
    SM.with(|sm| sm.delay(wake));
    0
}

#[no_mangle]
pub extern "C" fn ahc_rts_yield() -> u32 {
    SM.with(|sm| sm.yield_now());
    0
}

#[no_mangle]
pub extern "C" fn ahc_rts_throw_to(target: u32, exc: u32) -> u32 {
    match SM.with(|sm| sm.throw_to(target, exc)) {
        Ok(r) => r,
        Err(e) => heap_overflow(e),
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_fork(io: u32) -> u32 {
    match SM.with(|sm| sm.new_thread(io, None)) {
        Ok(t) => t,
        Err(e) => heap_overflow(e),
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_my_thread_id() -> u32 {
    SM.with(|sm| sm.sched.current)
}

#[no_mangle]
pub extern "C" fn ahc_rts_thread_status(t: u32) -> u64 {
    SM.with(|sm| sm.thread_status(t)) as u64
}

#[no_mangle]
pub extern "C" fn ahc_rts_mk_weak(key: u32, value: u32, fin: u32) -> u32 {
    match SM.with(|sm| sm.mk_weak(key, value, fin)) {
        Ok(w) => w,
        Err(e) => heap_overflow(e),
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_deref_weak(w: u32) -> u32 {
    SM.with(|sm| sm.deref_weak(w))
}

#[no_mangle]
pub extern "C" fn ahc_rts_finalize_weak(w: u32) -> u32 {
    let fin = SM.with(|sm| sm.finalize_weak(w));
    run_c_finalizers();
    fin
}

/// `addCFinalizerToWeak#`: 1 if added, 0 if the weak pointer is dead already.
#[no_mangle]
pub extern "C" fn ahc_rts_add_c_finalizer(f: i64, p: i64, has_env: i64, env: i64, w: u32) -> u64 {
    let cf = crate::weak::CFinalizer {
        f: f as u32,
        ptr: p as u32,
        env: (has_env != 0).then_some(env as u32),
    };
    match SM.with(|sm| sm.add_c_finalizer(w, cf)) {
        Ok(b) => b as u64,
        Err(e) => heap_overflow(e),
    }
}

/// Calls the C finalizers of the weak pointers that died (outside the storage manager: they
/// are C functions such as `free`).
fn run_c_finalizers() {
    while let Some(cf) = SM.with(|sm| sm.next_c_finalizer()) {
        // SAFETY: `cf.f` is a function-table index that base passed to `addCFinalizerToWeak#`
        // as a `FunPtr (Ptr a -> IO ())` (with an environment: `FunPtr (Ptr env -> Ptr a ->
        // IO ())`); in wasm32 a function pointer is such an index, and the C calling
        // convention passes pointers as `i32`.
        unsafe {
            match cf.env {
                None => {
                    let g: extern "C" fn(u32) = core::mem::transmute(cf.f as usize);
                    g(cf.ptr)
                }
                Some(env) => {
                    let g: extern "C" fn(u32, u32) = core::mem::transmute(cf.f as usize);
                    g(env, cf.ptr)
                }
            }
        }
    }
}

/// STM (see `crate::stm`).
#[no_mangle]
pub extern "C" fn ahc_rts_new_tvar(v: u32) -> u32 {
    match SM.with(|sm| sm.new_tvar(v)) {
        Ok(tv) => tv,
        Err(e) => heap_overflow(e),
    }
}

/// 0, or the `NestedAtomically` exception to raise.
#[no_mangle]
pub extern "C" fn ahc_rts_stm_start() -> u32 {
    if SM.with(|sm| sm.stm_start()) {
        return 0;
    }
    match SM.with(|sm| sm.sched.exc.nested_atomically) {
        0 => ahc_rts_barf(c"atomically# was nested".as_ptr().cast()),
        exc => exc,
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_stm_commit() {
    SM.with(|sm| sm.stm_commit())
}

#[no_mangle]
pub extern "C" fn ahc_rts_stm_read(tv: u32) -> u32 {
    match SM.with(|sm| sm.stm_read(tv)) {
        Ok(v) => v,
        Err(e) => heap_overflow(e),
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_stm_write(tv: u32, v: u32) {
    if let Err(e) = SM.with(|sm| sm.stm_write(tv, v)) {
        heap_overflow(e)
    }
}

#[no_mangle]
pub extern "C" fn ahc_rts_stm_log_len() -> u64 {
    SM.with(|sm| sm.stm_log_len())
}

/// `retry#`: 1 = go on (`ahc_resume`), 0 = suspended; `Sp` is set either way.
#[no_mangle]
pub extern "C" fn ahc_rts_stm_retry() -> u32 {
    let sp = get_sp();
    let (r, splim) = SM.with(|sm| (sm.stm_retry(sp), sm.stack.limit));
    let (sp, go) = match r {
        Ok(crate::stm::Retry::Run(sp)) => (sp, 1),
        Ok(crate::stm::Retry::Wait(sp)) => (sp, 0),
        Err(StackError::Overflow) => ahc_rts_stack_overflow(),
        Err(StackError::Memory(e)) => heap_overflow(e),
    };
    // The stack may have moved: `splim` was read after `stm_retry`.
    // SAFETY: defined by the glue with this signature; the stack is the running thread's.
    unsafe { ahc_set_sp(sp, splim) };
    go
}

/// `rts_getThreadId` (`show` of a `ThreadId`).
#[no_mangle]
pub extern "C" fn ahc_c_rts_getThreadId(t: u32) -> i64 {
    SM.with(|sm| sm.mem().load_u32(t + ahc_abi::sched::TSO_ID)) as i64
}

/// `cmp_thread` (`Ord ThreadId`).
#[no_mangle]
pub extern "C" fn ahc_c_cmp_thread(a: u32, b: u32) -> i64 {
    let (x, y) = (ahc_c_rts_getThreadId(a), ahc_c_rts_getThreadId(b));
    (x > y) as i64 - (x < y) as i64
}

/// `eq_thread`.
#[no_mangle]
pub extern "C" fn ahc_c_eq_thread(a: u32, b: u32) -> i64 {
    (a == b) as i64
}

/// The nursery refill without a collector (no spill frame): `hp` is the current `Hp`, `need`
/// the number of bytes wanted.  Installs a region of at least `need` bytes with `ahc_set_hp`, or
/// reports a heap overflow and exits with 251.
#[no_mangle]
pub extern "C" fn ahc_rts_heap_exhausted(hp: u32, need: u32) {
    match SM.with(|sm| sm.heap_exhausted(hp, need)) {
        // SAFETY: defined by the generated code with this signature; the region is ours.
        Ok((hp, hplim)) => unsafe { ahc_set_hp(hp, hplim) },
        Err(e) => heap_overflow(e),
    }
}

/// Reads the configuration words and the environment, once (from the collector's entry points
/// only: a program that never reaches them does not link them).
fn configure(sm: &mut Storage<WasmMemory>) {
    if sm.configured {
        return;
    }
    sm.configured = true;
    // SAFETY: the glue defines both as `u32` data (ahc-abi `gen_syms`), never written.
    let (threshold, yolo) = unsafe { (ahc_config_gc_threshold, ahc_config_yolo) };
    if threshold != 0 {
        sm.config.threshold = threshold as u64;
    }
    sm.config.yolo = yolo != 0;
    sm.allowance = sm.config.threshold;
    sm.old.limit = sm.config.threshold;
    sm.clock = Some(wasi::now_ns);
    sm.oom = Some(heap_overflow);
    if wasi::env_flag(&mut sm.blocks, b"AHC_RTS_STATS") {
        set_at_exit(print_stats);
    }
}

/// Prints the statistics line to stderr.
fn print_stats() {
    let stats = SM.with(|sm| sm.stats_now(unsafe_get_hp()));
    stats.line(&mut |b| wasi::write_all(STDERR_FD, b));
    wasi::write_all(STDERR_FD, b"\n");
}

fn unsafe_get_hp() -> u32 {
    // SAFETY: defined by the glue with this signature.
    unsafe { ahc_get_hp() }
}

fn get_sp() -> u32 {
    // SAFETY: defined by the glue with this signature.
    unsafe { ahc_get_sp() }
}

/// Makes the next heap check fail (`HpLim := 0`) so that a collection happens where every live
/// pointer is in a frame.
fn force_heap_check(hp: u32) {
    // SAFETY: defined by the glue with this signature; Hp is unchanged.
    unsafe { ahc_set_hp(hp, 0) }
}

/// A heap check failed: the live pointers are in a spill frame on the stack.  Collects if due,
/// then installs a nursery region with at least `need` free bytes, or reports a heap overflow
/// (exit 251).
#[no_mangle]
pub extern "C" fn ahc_rts_gc(need: u32) {
    let sp = get_sp();
    let hp = unsafe_get_hp();
    let r = SM.with(|sm| {
        configure(sm);
        sm.heap_check_failed(sp, hp, need)
    });
    match r {
        // SAFETY: defined by the generated code with this signature; the region is ours.
        Ok((hp, hplim)) => unsafe { ahc_set_hp(hp, hplim) },
        Err(e) => heap_overflow(e),
    }
    run_c_finalizers();
}

/// Memory for an object of `bytes` bytes whose size is known only at run time; never collects
/// (a collection then happens at the next heap check if one is due).
#[no_mangle]
pub extern "C" fn ahc_rts_allocate(bytes: u32) -> u32 {
    let hp = unsafe_get_hp();
    let r = SM.with(|sm| {
        configure(sm);
        sm.allocate(bytes, hp)
    });
    match r {
        Ok((addr, due)) => {
            if due {
                force_heap_check(hp);
            }
            addr
        }
        Err(e) => heap_overflow(e),
    }
}

/// Like [`ahc_rts_allocate`], for an object that never moves and has no pointer fields (a
/// pinned byte array): `addr + 16`, its payload, is a multiple of `align`.
#[no_mangle]
pub extern "C" fn ahc_rts_allocate_pinned(bytes: u32, align: u32) -> u32 {
    let hp = unsafe_get_hp();
    let r = SM.with(|sm| {
        configure(sm);
        sm.allocate_pinned(bytes, align, hp)
    });
    match r {
        Ok((addr, due)) => {
            if due {
                force_heap_check(hp);
            }
            addr
        }
        Err(e) => heap_overflow(e),
    }
}

/// A CAF is being entered for the first time: keep it (and what it evaluates to) alive.
#[no_mangle]
pub extern "C" fn ahc_rts_new_caf(caf: u32) {
    SM.with(|sm| sm.new_caf(caf))
}

/// A stack check failed: move the stack to a bigger region with room for `need` more bytes, or
/// report a stack overflow (exit 2).
#[no_mangle]
pub extern "C" fn ahc_rts_grow_stack(need: u32) {
    let sp = get_sp();
    match SM.with(|sm| sm.grow_stack(sp, need)) {
        // SAFETY: defined by the glue with this signature; the stack region is ours.
        Ok((sp, splim)) => unsafe { ahc_set_sp(sp, splim) },
        Err(StackError::Overflow) => ahc_rts_stack_overflow(),
        Err(StackError::Memory(e)) => heap_overflow(e),
    }
}

/// `raise#`: unwinds the stack to the nearest catch frame (see `exception`), sets `Sp`, and
/// returns the handler; an uncaught exception is reported as GHC's RTS reports a main thread
/// killed by one (`<prog>: main thread exited (uncaught exception)`, exit 250).
#[no_mangle]
pub extern "C" fn ahc_rts_raise(exc: u32) -> u32 {
    let sp = get_sp();
    let hp = unsafe_get_hp();
    // Only the addresses of the glue's info tables are taken.
    let infos = RaiseInfos {
        ind: &raw const ahc_ind_info as u32,
        raise_thunk: &raw const ahc_raise_thunk_info as u32,
        mask_frame: &raw const ahc_mask_frame_info as u32,
    };
    let r = SM.with(|sm| {
        let r = sm.raise(sp, exc, &infos);
        (r, sm.gc_due(hp), sm.stack.limit)
    });
    match r {
        (Ok(Raised::Handler { handler, sp }), due, splim) => {
            // SAFETY: defined by the glue with this signature; the stack is unchanged in size.
            unsafe { ahc_set_sp(sp, splim) };
            if due {
                force_heap_check(hp);
            }
            handler
        }
        (Ok(Raised::Uncaught), _, _) if !SM.with(|sm| sm.is_main(sm.sched.current)) => {
            // Another thread dies of it: it ends (0 tells the glue to return to the scheduler).
            0
        }
        (Ok(Raised::Uncaught), _, _) => {
            // What GHC's RTS does when the main thread dies of an exception that no handler
            // showed (`rts/RtsMain.c`; base's top handler is not there to print it).
            belch(&[&[b"main thread exited (uncaught exception)"]]);
            exit(exit_code::KILLED)
        }
        (Err(e), _, _) => heap_overflow(e),
    }
}

/// A blackhole was entered.  If this thread is evaluating it, the thunk depends on itself:
/// returns base's `NonTermination` for the glue to raise (a program without base cannot catch
/// or show it: reported as GHC's top handler would, exit 1).  Else another thread is evaluating
/// it: this one waits (0; `Sp` is set).
#[no_mangle]
pub extern "C" fn ahc_rts_loop(node: u32) -> u32 {
    let sp = get_sp();
    let (r, splim, exc) = SM.with(|sm| {
        let r = sm.enter_blackhole(node, sp);
        (r, sm.stack.limit, sm.sched.exc.non_termination)
    });
    match r {
        Ok(Some(sp)) => {
            // SAFETY: defined by the glue with this signature; the running thread's stack.
            unsafe { ahc_set_sp(sp, splim) };
            0
        }
        Ok(None) if exc != 0 => exc,
        Ok(None) => {
            belch(&[&[b"<<loop>>"]]);
            exit(1)
        }
        Err(StackError::Overflow) => ahc_rts_stack_overflow(),
        Err(StackError::Memory(e)) => heap_overflow(e),
    }
}

/// `getMaskingState#`'s value (ahc-abi `mask`).
#[no_mangle]
pub extern "C" fn ahc_rts_get_mask() -> u64 {
    SM.with(|sm| sm.mask)
}

/// Sets the masking state (ahc-abi `mask`).
#[no_mangle]
pub extern "C" fn ahc_rts_set_mask(state: u64) {
    SM.with(|sm| sm.mask = state)
}

/// `makeStablePtr#`: a new stable pointer (an index from 1) to the object `p`.
#[no_mangle]
pub extern "C" fn ahc_rts_make_stable_ptr(p: u32) -> u64 {
    match SM.with(|sm| sm.make_stable_ptr(p)) {
        Ok(i) => i,
        Err(e) => heap_overflow(e),
    }
}

/// `deRefStablePtr#`: the object (0 for a freed or invalid stable pointer).
#[no_mangle]
pub extern "C" fn ahc_rts_deref_stable_ptr(sp: u64) -> u32 {
    SM.with(|sm| sm.deref_stable_ptr(sp))
}

/// `freeStablePtr#` (`hs_free_stable_ptr`): invalid or freed ones are ignored.
#[no_mangle]
pub extern "C" fn ahc_rts_free_stable_ptr(sp: u64) {
    SM.with(|sm| sm.free_stable_ptr(sp))
}

/// `makeStableName#`: the `StableName` object of the object `p` (the same one while it lives).
#[no_mangle]
pub extern "C" fn ahc_rts_make_stable_name(p: u32) -> u32 {
    let info = &raw const ahc_stable_name_info as u32;
    match SM.with(|sm| sm.make_stable_name(p, info)) {
        Ok(sn) => sn,
        Err(e) => heap_overflow(e),
    }
}

/// Copies the statistics (`stats::STATS_WORDS` `u64`s, see `stats::Stats`) to `out`.
#[no_mangle]
pub extern "C" fn ahc_rts_stats(out: *mut u64) {
    let words = SM.with(|sm| sm.stats_now(unsafe_get_hp())).words();
    for (i, w) in words.iter().enumerate() {
        // SAFETY: the caller passes room for STATS_WORDS 8-aligned words.
        unsafe { out.add(i).write(*w) }
    }
}

/// `--debug`: aborts unless `[addr, addr + size)` is memory the program owns.
#[no_mangle]
pub extern "C" fn ahc_rts_check_access(addr: u32, size: u32, function: *const u8) {
    let (lo, hi) = (
        &raw const __global_base as u32,
        &raw const __data_end as u32,
    );
    if SM.with(|sm| sm.owns(addr, size, lo, hi)) {
        return;
    }
    let mut a = [0u8; 8];
    let mut n = [0u8; INT_BUF];
    let hex = format::hex32(addr, &mut a);
    let size = dec(size as u64, &mut n);
    barf(&[
        b"invalid memory access at 0x",
        hex,
        b" (",
        size,
        b" bytes) in ",
        c_str(function),
    ])
}

/// Called by generated code when a stack check fails (before stacks grew): reports it as GHC
/// does and exits with 2.
#[no_mangle]
pub extern "C" fn ahc_rts_stack_overflow() -> ! {
    let size = SM.with(|sm| sm.stack.size());
    let mut buf = [0u8; INT_BUF];
    let size = dec(size as u64, &mut buf);
    belch(&[
        &[b"Stack space overflow: current size ", size, b" bytes."],
        &[b"Relink with -rtsopts and use `+RTS -Ksize -RTS' to increase it."],
    ]);
    exit(exit_code::STACK_OVERFLOW)
}

/// Flushes stdout and exits with `code`.
#[no_mangle]
pub extern "C" fn ahc_rts_exit(code: i32) -> ! {
    exit(code)
}

/// An internal error detected by generated code: `msg` is a NUL-terminated string (or 0).
/// Prints `<prog>: internal error: <msg>` and exits with 134.
#[no_mangle]
pub extern "C" fn ahc_rts_barf(msg: *const u8) -> ! {
    barf(&[c_str(msg)])
}

/// The bytes of the NUL-terminated string at `p` (empty for a null pointer).
fn c_str<'a>(p: *const u8) -> &'a [u8] {
    if p.is_null() {
        return b"";
    }
    // SAFETY: generated code passes the address of a NUL-terminated string in linear memory
    // (static data), which stays valid and unchanged while it is being printed.
    unsafe { core::ffi::CStr::from_ptr(p as *const core::ffi::c_char).to_bytes() }
}

/// Prints `x` in decimal and a newline.
#[no_mangle]
pub extern "C" fn ahc_c_print_int(x: i64) {
    let mut buf = [b'\n'; INT_BUF + 1];
    let i = format::i64_dec(x, &mut buf[..INT_BUF]);
    out(buf.get(i..).unwrap_or(&[]));
}

/// Prints `x` (unsigned) in decimal and a newline.
#[no_mangle]
pub extern "C" fn ahc_c_print_word(x: u64) {
    let mut buf = [b'\n'; INT_BUF + 1];
    let i = format::u64_dec(x, &mut buf[..INT_BUF]);
    out(buf.get(i..).unwrap_or(&[]));
}

/// Prints the character with code point `c` in UTF-8 (no newline).
#[no_mangle]
pub extern "C" fn ahc_c_print_char(c: i64) {
    let (bytes, n) = io::utf8(c as u32);
    out(bytes.get(..n).unwrap_or(&[]));
}

/// Prints `d` as C's `printf("%.17g\n", d)` does.
#[no_mangle]
pub extern "C" fn ahc_c_print_double(d: f64) {
    let mut buf = [0u8; G17_BUF];
    let n = format::g17(d, &mut buf);
    out(buf.get(..n).unwrap_or(&[]));
    out(b"\n");
}

/// Prints the NUL-terminated string at `p` (no newline).
#[no_mangle]
pub extern "C" fn ahc_c_print_string(p: *const u8) {
    out(c_str(p));
}

/// Prints a newline.
#[no_mangle]
pub extern "C" fn ahc_c_print_newline() {
    out(b"\n");
}

// ----- C functions ghc-prim imports -------------------------------------------------------------

/// `strlen` (`GHC.CString.cstringLength#`): the length of the NUL-terminated string at `p`.
#[no_mangle]
pub extern "C" fn ahc_c_strlen(p: *const u8) -> i64 {
    c_str(p).len() as i64
}

/// `debugLn` (`GHC.Debug`): the NUL-terminated string at `p` and a newline, on stdout.
#[no_mangle]
pub extern "C" fn ahc_c_debugLn(p: *const u8) {
    out(c_str(p));
    out(b"\n");
}

/// `debugErrLn` (`GHC.Debug`): the NUL-terminated string at `p` and a newline, on stderr.
#[no_mangle]
pub extern "C" fn ahc_c_debugErrLn(p: *const u8) {
    flush_stdout();
    wasi::write_parts(STDERR_FD, &[c_str(p), b"\n"]);
}

/// The unprefixed names of the `print_*` functions, for hand-written wasm and C.
pub mod unprefixed {
    #[no_mangle]
    pub extern "C" fn print_int(x: i64) {
        super::ahc_c_print_int(x)
    }
    #[no_mangle]
    pub extern "C" fn print_word(x: u64) {
        super::ahc_c_print_word(x)
    }
    #[no_mangle]
    pub extern "C" fn print_char(c: i64) {
        super::ahc_c_print_char(c)
    }
    #[no_mangle]
    pub extern "C" fn print_double(d: f64) {
        super::ahc_c_print_double(d)
    }
    #[no_mangle]
    pub extern "C" fn print_string(p: *const u8) {
        super::ahc_c_print_string(p)
    }
    #[no_mangle]
    pub extern "C" fn print_newline() {
        super::ahc_c_print_newline()
    }
}

/// Set once the panic handler runs.
#[cfg(not(test))]
static PANICKING: core::sync::atomic::AtomicBool = core::sync::atomic::AtomicBool::new(false);

/// The panic handler's own scratch space (a panic may happen while `ARGS_SCRATCH` is in use).
#[cfg(not(test))]
static PANIC_SCRATCH: Global<[u32; 128]> = Global::new([0; 128]);

/// A panic inside the runtime is an internal error.  The handler touches no global state that the
/// panicking code may be using (stdout is not flushed), and a panic inside it exits at once.
#[cfg(not(test))]
#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    use core::sync::atomic::Ordering;
    if PANICKING.swap(true, Ordering::Relaxed) {
        wasi::exit(exit_code::INTERNAL_ERROR)
    }
    let mut line = [0u8; INT_BUF];
    // Only static messages are shown: formatting arbitrary ones would link core::fmt.
    let msg = info.message().as_str().unwrap_or("panic");
    let (file, n): (&[u8], &[u8]) = match info.location() {
        Some(loc) => (loc.file().as_bytes(), dec(loc.line() as u64, &mut line)),
        None => (b"?", b"?"),
    };
    PANIC_SCRATCH
        .with(|scratch| report_internal_error(scratch, &[msg.as_bytes(), b" at ", file, b":", n]));
    wasi::exit(exit_code::INTERNAL_ERROR)
}

// ----- RTS functions base imports ---------------------------------------------------------------

/// `enabled_capabilities` (`getNumCapabilities`): one capability.
#[no_mangle]
pub static ahc_c_enabled_capabilities: u32 = 1;

/// `rtsSupportsBoundThreads()`: no (the non-threaded runtime's answer: `forkOS` fails).
#[no_mangle]
pub extern "C" fn ahc_c_rtsSupportsBoundThreads() -> i64 {
    0
}

/// `rts_setMainThread(weak)`: GHC uses it to throw `UserInterrupt` on ^C; nothing to do here.
#[no_mangle]
pub extern "C" fn ahc_c_rts_setMainThread(_weak: u32) {}

/// `hs_free_stable_ptr`.
#[no_mangle]
pub extern "C" fn ahc_c_hs_free_stable_ptr(sp: u32) {
    ahc_rts_free_stable_ptr(sp as u64)
}

/// base's formats for `errorBelch2`/`debugBelch2` are `"%s"` or `"%s\n"`: the text before the
/// `%s`, and after it.
fn format_around(fmt: *const u8) -> (&'static [u8], &'static [u8]) {
    let f = c_str(fmt);
    match f.windows(2).position(|w| w == b"%s") {
        Some(i) => (&f[..i], &f[i + 2..]),
        None => (f, b""),
    }
}

/// `errorBelch2(fmt, msg)`: `<prog>: <msg>` on stderr.
#[no_mangle]
pub extern "C" fn ahc_c_errorBelch2(fmt: *const u8, msg: *const u8) {
    let (pre, post) = format_around(fmt);
    let post = post.strip_suffix(b"\n").unwrap_or(post);
    belch(&[&[pre, c_str(msg), post]]);
}

/// `debugBelch2(fmt, msg)` (`Debug.Trace`): the formatted text on stderr.
#[no_mangle]
pub extern "C" fn ahc_c_debugBelch2(fmt: *const u8, msg: *const u8) {
    let (pre, post) = format_around(fmt);
    flush_stdout();
    wasi::write_parts(STDERR_FD, &[pre, c_str(msg), post]);
}

/// `performGC`/`performMajorGC`/`performMinorGC` (`System.Mem`), which the code generator
/// calls as it calls blocking primops (with a resume frame pushed and every live pointer in a
/// frame): collects now; 1 = go on.
#[no_mangle]
pub extern "C" fn ahc_rts_perform_gc(major: u32) -> u32 {
    let (sp, hp) = (get_sp(), unsafe_get_hp());
    let r = SM.with(|sm| {
        configure(sm);
        sm.collect_now(sp, hp, major != 0)
    });
    match r {
        // SAFETY: defined by the generated code with this signature; the region is ours.
        Ok((hp, hplim)) => unsafe { ahc_set_hp(hp, hplim) },
        Err(e) => heap_overflow(e),
    }
    run_c_finalizers();
    1
}

/// `shutdownHaskellAndExit(code, fastExit)`: base's top handler has flushed the handles.
#[no_mangle]
pub extern "C" fn ahc_c_shutdownHaskellAndExit(code: i64, _fast: i64) -> ! {
    exit(code as i32 & 0xff)
}

/// `shutdownHaskellAndSignal(sig, fastExit)`: a program killed by a signal exits with
/// 128 + the signal's number, as a shell reports it.
#[no_mangle]
pub extern "C" fn ahc_c_shutdownHaskellAndSignal(sig: i64, _fast: i64) -> ! {
    exit(128 + sig as i32)
}

/// `reportStackOverflow(tso)` (base's top handler on `StackOverflow`).
#[no_mangle]
pub extern "C" fn ahc_c_reportStackOverflow(_tso: u32) {
    let size = SM.with(|sm| sm.stack.size());
    let mut buf = [0u8; INT_BUF];
    let size = dec(size as u64, &mut buf);
    belch(&[
        &[b"Stack space overflow: current size ", size, b" bytes."],
        &[b"Use `+RTS -Ksize -RTS' to increase it."],
    ]);
}

/// `reportHeapOverflow()` (base's top handler on `HeapOverflow`).
#[no_mangle]
pub extern "C" fn ahc_c_reportHeapOverflow() {
    belch(&[&[b"Heap exhausted;"]]);
}

/// The `getOrSet…Store` family: one process-wide slot each; the first pointer stored stays.
macro_rules! store {
    ($name:ident, $cell:ident) => {
        static $cell: Global<u32> = Global::new(0);
        #[no_mangle]
        pub extern "C" fn $name(p: u32) -> u32 {
            $cell.with(|c| {
                if *c == 0 {
                    *c = p;
                }
                *c
            })
        }
    };
}
store!(ahc_c_getOrSetGHCConcSignalSignalHandlerStore, STORE_SIGNAL);
store!(
    ahc_c_getOrSetSystemEventThreadEventManagerStore,
    STORE_EVENT_MGR
);
store!(
    ahc_c_getOrSetSystemEventThreadIOManagerThreadStore,
    STORE_IO_MGR
);
store!(
    ahc_c_getOrSetSystemTimerThreadEventManagerStore,
    STORE_TIMER_MGR
);
store!(
    ahc_c_getOrSetSystemTimerThreadIOManagerThreadStore,
    STORE_TIMER_IO
);
