"""ahc benchmarks: sizes, pipeline stage times, run time, peak memory and garbage-collection
figures (allocation rate, total GC time, longest pause) under node and the embedded runner, as
ratios against the same program compiled natively with `ghc -O2`, measured in the same run.
Not a test: nothing here passes or fails (a program ahc cannot build yet is reported and
skipped).

Usage: python3 bench/bench.py [--repeat N] [--no-node] [--no-runner] [program.hs ...]
(bench/run.sh builds what is needed first.)

GC figures:
- native GHC: `+RTS -t<file> --machine-readable` (the program is built with -rtsopts);
- ahc: the runtime's statistics line, printed to stderr at exit when the environment variable
  AHC_RTS_STATS is set (crates/ahc-rts/src/stats.rs), see `ahc_gc_stats` below.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AHC_LINK = ROOT / "target/release/ahc-link"
AHC = ROOT / "target/release/ahc"
NATIVE_IO = ROOT / "tests/support/native_io.c"
DEFAULT = [
    "examples/fib.hs",
    "bench/programs/sumloop.hs",
    "bench/programs/alloclist.hs",
    # allocation-heavy, for the GC figures
    "bench/programs/bintrees.hs",
    "bench/programs/lazylist.hs",
    "bench/programs/mutarray.hs",
    "bench/programs/livetree.hs",
]
STAGES = ["setup", "frontend", "codegen", "libraries", "link", "emit"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


class Failed(Exception):
    pass


def timed(cmd, repeat, env=None):
    """Best-of-`repeat` wall time (s), peak RSS (KiB) and the stdout of the command."""
    times, peak, out = [], 0, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", *map(str, cmd)], capture_output=True, text=True, env=env)
        times.append(time.perf_counter() - t0)
        if r.returncode != 0:
            raise Failed(f"exit {r.returncode}: {r.stderr.strip().splitlines()[-2:] if r.stderr.strip() else ''}")
        peak = max(peak, int(r.stderr.strip().splitlines()[-1]))
        out = r.stdout
    return min(times), peak, out


def stage_times(src, out):
    env = dict(os.environ, AHC_TIMINGS="1")
    r = subprocess.run([AHC_LINK, "--input-hs", src, "--output-directory", out], env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        first = next((l for l in r.stderr.splitlines() if "error" in l), r.stderr.strip()[:200])
        raise Failed(f"ahc-link failed: {first}")
    stages, size = {}, None
    for line in r.stderr.splitlines():
        parts = line.split()
        if parts[:1] == ["ahc-timing"]:
            stages[parts[1]] = float(parts[2])
        elif parts[:1] == ["ahc-size"]:
            size = int(parts[1])
    return stages, size


# ---------------------------------------------------------------------------------------------
# GC statistics. Both sides are normalised to the same keys:
#   allocated (bytes), collections, major (major collections), gc_s (total GC wall time),
#   max_pause_s (longest collection), max_live (bytes, after a major collection),
#   peak_mem (bytes obtained from the OS / the wasm host), mut_s (wall time outside GC).

def ghc_gc_stats(exe):
    """Runs the native program once with GHC's machine-readable RTS statistics."""
    with tempfile.NamedTemporaryFile("r", suffix=".stats") as f:
        t0 = time.perf_counter()
        r = subprocess.run([exe, "+RTS", f"-t{f.name}", "--machine-readable", "-RTS"], capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if r.returncode != 0:
            raise Failed(f"native exit {r.returncode}")
        kv = dict(re.findall(r'\("([^"]+)", "([^"]*)"\)', f.read()))
    pauses = [float(v) for k, v in kv.items() if re.fullmatch(r"gen_\d+_max_pause_seconds", k)]
    return {
        "allocated": int(kv["allocated_bytes"]),
        "collections": int(kv["num_GCs"]),
        "major": int(kv["major_gcs"]),
        "gc_s": float(kv["GC_wall_seconds"]),
        "max_pause_s": max(pauses, default=0.0),
        "max_live": int(kv["max_live_bytes"]),
        "peak_mem": int(kv["max_mem_in_use_bytes"]),
        "mut_s": float(kv["mut_wall_seconds"]),
        "wall_s": wall,
    }


# >>> Where ahc's GC figures are read. <<<
# The runtime prints, at exit, when AHC_RTS_STATS is set and at least one collection happened,
# one stderr line of `key=value` pairs (crates/ahc-rts/src/stats.rs, `Stats::line`):
#   ahc-rts-stats: collections=… allocated_bytes=… copied_bytes=… last_live_bytes=…
#                  max_live_bytes=… gc_ns=… max_pause_ns=… peak_memory_bytes=…
#                  max_stack_bytes=… major_collections=…
# Unknown keys are kept (shown by --raw-gc); missing ones read as 0. No line: no collection.
AHC_STATS_ENV = "AHC_RTS_STATS"
AHC_STATS_PREFIX = "ahc-rts-stats:"


def ahc_gc_stats(cmd):
    """Runs an ahc program once with the runtime's statistics switched on."""
    env = dict(os.environ, **{AHC_STATS_ENV: "1"})
    t0 = time.perf_counter()
    r = subprocess.run(list(map(str, cmd)), capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise Failed(f"exit {r.returncode}")
    kv = {}
    for line in r.stderr.splitlines():
        if line.startswith(AHC_STATS_PREFIX):
            kv = dict(p.split("=", 1) for p in line[len(AHC_STATS_PREFIX):].split() if "=" in p)
    if not kv:
        return {"wall_s": wall, "none": True}
    g = lambda k: int(kv.get(k, 0))
    gc_s = g("gc_ns") / 1e9
    return {
        "allocated": g("allocated_bytes"),
        "collections": g("collections"),
        "major": g("major_collections"),
        "gc_s": gc_s,
        "max_pause_s": g("max_pause_ns") / 1e9,
        "max_live": g("max_live_bytes"),
        "peak_mem": g("peak_memory_bytes"),
        # the wall time includes engine start-up and compilation of the module
        "mut_s": max(wall - gc_s, 1e-9),
        "wall_s": wall,
        "raw": kv,
    }


def mb(b):
    return f"{b / 1e6:.1f}"


def ratio(a, b):
    return f"{a / b:.1f}" if b else "-"


def gc_row(name, env, s, ref):
    if s is None:
        return f"{name:<14} {env:<7} (failed)"
    if s.get("none"):
        return f"{name:<14} {env:<7} (no collection)"
    rate = s["allocated"] / s["mut_s"] / 1e6
    cells = (f"{name:<14} {env:<7} {mb(s['allocated']):>10} {rate:>9.0f} {s['collections']:>7} {s['major']:>6} "
             f"{s['gc_s']:>7.3f} {s['max_pause_s'] * 1e3:>9.2f} {mb(s['max_live']):>8} {mb(s['peak_mem']):>8}")
    if ref is not None and ref is not s and not ref.get("none"):
        ref_rate = ref["allocated"] / ref["mut_s"] / 1e6
        cells += (f" {ratio(s['gc_s'], ref['gc_s']):>7} {ratio(s['max_pause_s'], ref['max_pause_s']):>7}"
                  f" {ratio(ref_rate, rate):>7} {ratio(s['peak_mem'], ref['peak_mem']):>7}")
    return cells


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("programs", nargs="*")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per program and engine (best is kept)")
    ap.add_argument("--no-node", action="store_true")
    ap.add_argument("--no-runner", action="store_true")
    ap.add_argument("--raw-gc", action="store_true", help="also print ahc's raw statistics lines")
    args = ap.parse_args(argv)
    progs = args.programs or DEFAULT
    engines = [e for e, off in (("node", args.no_node), ("runner", args.no_runner)) if not off]

    def engine_cmd(engine, out, name):
        return ["node", out / f"{name}.mjs"] if engine == "node" else [AHC, "run", out / f"{name}.wasm"]

    print(f"{'program':<14} {'wasm B':>8} {'native B':>9} {'node s':>8} {'runner s':>9} {'ghc -O2 s':>10} "
          f"{'node/ghc':>9} {'run/ghc':>8} {'node KiB':>9} {'run KiB':>8} {'ghc KiB':>8}")
    stage_rows, gc_rows, notes = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for p in progs:
            src = ROOT / p
            name = src.stem
            out = Path(tmp) / name
            out.mkdir()
            exe = out / f"{name}-native"
            run(["ghc", "-v0", "-O2", "-rtsopts", "-outputdir", out / "native", "-o", exe, src, NATIVE_IO])
            native_size = exe.stat().st_size
            t_ghc, m_ghc, o_ghc = timed([exe], args.repeat)
            try:
                g_ghc = ghc_gc_stats(exe)
            except Failed as e:
                g_ghc = None
                notes.append(f"{name}: native statistics: {e}")
            try:
                stages, size = stage_times(src, out)
            except Failed as e:
                notes.append(f"{name}: {e}")
                print(f"{name:<14} {'-':>8} {native_size:>9} {'-':>8} {'-':>9} {t_ghc:>10.3f}   (ahc-link failed)")
                gc_rows.append(gc_row(name, "ghc", g_ghc, None))
                continue
            stage_rows.append((name, stages))
            res = {}
            for e in engines:
                try:
                    t, m, o = timed(engine_cmd(e, out, name), args.repeat)
                    if o != o_ghc:
                        notes.append(f"{name}: {e} output differs from native GHC")
                    res[e] = (t, m)
                except Failed as err:
                    notes.append(f"{name}: {e}: {err}")
            cell = lambda e, i, fmt: format(res[e][i], fmt) if e in res else "-"
            rat = lambda e: f"{res[e][0] / t_ghc:.1f}" if e in res else "-"
            print(f"{name:<14} {size or 0:>8} {native_size:>9} {cell('node', 0, '.3f'):>8} {cell('runner', 0, '.3f'):>9} "
                  f"{t_ghc:>10.3f} {rat('node'):>9} {rat('runner'):>8} {cell('node', 1, 'd'):>9} "
                  f"{cell('runner', 1, 'd'):>8} {m_ghc:>8}")
            gc_rows.append(gc_row(name, "ghc", g_ghc, None))
            for e in engines:
                try:
                    s = ahc_gc_stats(engine_cmd(e, out, name))
                except Failed as err:
                    s = None
                    notes.append(f"{name}: {e} statistics run: {err}")
                gc_rows.append(gc_row(name, e, s, g_ghc))
                if args.raw_gc and s and "raw" in s:
                    gc_rows.append(f"    {AHC_STATS_PREFIX} " + " ".join(f"{k}={v}" for k, v in s["raw"].items()))

    print()
    print("garbage collection (one run each; ratios are ahc / ghc -O2, 'rate' the inverse: ghc rate / ahc rate):")
    print(f"{'program':<14} {'engine':<7} {'alloc MB':>10} {'MB/s mut':>9} {'GCs':>7} {'major':>6} {'GC s':>7} "
          f"{'pause ms':>9} {'live MB':>8} {'peak MB':>8} {'GC s x':>7} {'pause x':>7} {'rate x':>7} {'peak x':>7}")
    for row in gc_rows:
        print(row)
    print()
    print("pipeline stages of ahc-link (seconds):")
    names = sorted({s for _, st in stage_rows for s in st}, key=lambda s: STAGES.index(s) if s in STAGES else 99)
    print(f"{'program':<14} " + " ".join(f"{s:>9}" for s in names))
    for name, st in stage_rows:
        print(f"{name:<14} " + " ".join(f"{st.get(s, 0):>9.3f}" for s in names))
    print(f"\n(run times: best of {args.repeat}; node/runner include engine start-up; native built with ghc -O2;"
          f" ahc's mutator time, hence its allocation rate, includes engine start-up too)")
    for n in notes:
        print(f"note: {n}")


if __name__ == "__main__":
    main(sys.argv[1:])
