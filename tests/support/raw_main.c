/* A C `main` for native builds of ghc-prim-only programs that runs the user's `Main.main`
 * directly, without base's top-level handler (GHC.TopHandler.runMainIO), which is what an ahc
 * program has. Build with:
 *     ghc -O -no-hs-main Prog.hs tests/support/native_io.c tests/support/raw_main.c
 * Then an uncaught exception ends the program the way GHC's RTS ends a main thread killed by
 * an exception: stdout is flushed, `<prog>: main thread exited (uncaught exception)` goes to
 * stderr, exit code 250 (EXIT_KILLED). With base's handler instead, a non-SomeException value
 * (an Int, say) makes the native program crash (SIGSEGV).
 * Only for uncaught exceptions: stack and heap overflow need base's handler to be reported as
 * GHC reports them (without it: the same "uncaught exception" line, resp. an RTS internal
 * error for the heap). */
#include "Rts.h"

extern StgClosure Main_main_closure;

int main(int argc, char *argv[]) {
    RtsConfig conf = defaultRtsConfig;
    conf.rts_opts_enabled = RtsOptsAll;
    return hs_main(argc, argv, &Main_main_closure, conf);
}
