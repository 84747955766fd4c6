"""ahc benchmarks: sizes, pipeline stage times, run time, peak memory and garbage-collection
figures (allocation rate, total GC time, longest pause) under node and the embedded runner, as
ratios against the same program compiled natively with `ghc -O2`, measured in the same run.
Not a test: nothing here passes or fails (a program ahc cannot build yet is reported and
skipped), except that missing tools (wasm-opt, GNU time, ghc, node) stop it with a message.

First, hello world (`main = putStrLn "Hello, world!"`): the .wasm's bytes raw, after
`wasm-opt -Oz` (Debian's binaryen) and gzip'd, with its sections; `ahc-link`'s wall time and
peak RSS, cold (a fresh output directory; the library cache in $AHC_HOME is warm), per stage
(`AHC_TIMINGS=1`) and the linker's own (rust-lld run through a timing wrapper via `AHC_LLD`).
Then each program: ahc's output is compared with native's on the first run (a mismatch stops
that engine's timing), times are the best of --repeat, ratios ahc / ghc -O2 with their geometric
mean, and memory against native's maximum residency.

Usage: python3 bench/bench.py [--repeat N] [--no-node] [--no-runner] [--no-hello] [--hello-only]
                              [program.hs ...]
(bench/run.sh builds what is needed first.)

GC figures:
- native GHC: `+RTS -t<file> --machine-readable` (the program is built with -rtsopts);
- ahc: the runtime's statistics line, printed to stderr at exit when the environment variable
  AHC_RTS_STATS is set (crates/ahc-rts/src/stats.rs), see `ahc_gc_stats` below.
"""

import argparse
import glob
import gzip
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# cargo's target directory: $CARGO_TARGET_DIR (relative to the checkout, as run.sh runs cargo
# there) or target/.
TARGET = ROOT / os.environ.get("CARGO_TARGET_DIR", "target")
AHC_LINK = TARGET / "release/ahc-link"
AHC = TARGET / "release/ahc"
NATIVE_IO = ROOT / "tests/support/native_io.c"
# Prelude programs over GHC's real base: list-, Integer-, Double- and String-heavy, each ~0.5 s
# natively; their ratios get a geometric mean.
PRELUDE = [
    "bench/programs/listsort.hs",
    "bench/programs/bigint.hs",
    "bench/programs/nbody.hs",
    "bench/programs/strings.hs",
]
DEFAULT = [
    "examples/fib.hs",
    "bench/programs/sumloop.hs",
    "bench/programs/alloclist.hs",
    # allocation-heavy, for the GC figures
    "bench/programs/bintrees.hs",
    "bench/programs/lazylist.hs",
    "bench/programs/mutarray.hs",
    "bench/programs/livetree.hs",
    *PRELUDE,
]
HELLO = 'main = putStrLn "Hello, world!"\n'
# The wasm features ahc's output uses (tail calls from the code generator; bulk memory and
# sign extension from the code generator and rustc's wasm32 target; the rest from rustc).
WASM_OPT_FEATURES = ["--enable-tail-call", "--enable-bulk-memory", "--enable-sign-ext",
                     "--enable-mutable-globals", "--enable-nontrapping-float-to-int"]
STAGES = ["setup", "frontend", "codegen", "libraries", "link", "emit"]


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


class Failed(Exception):
    pass


def timed(cmd, repeat, env=None, expect=None, stats=None):
    """Best-of-`repeat` wall time (s), peak RSS (KiB, the largest over the runs), the stdout and
    the statistics of the fastest run (`stats`: "ghc" or "ahc", see below; None otherwise).
    With `expect`, the first run's stdout must equal it: otherwise Failed, and no more runs."""
    times, peak, out, best_stats = [], 0, None, None
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile("r", suffix=".stats") as f:
            full, run_env = list(map(str, cmd)), env
            if stats == "ghc":
                full += ["+RTS", f"-t{f.name}", "--machine-readable", "-RTS"]
            elif stats == "ahc":
                run_env = dict(env or os.environ, **{AHC_STATS_ENV: "1"})
            t0 = time.perf_counter()
            r = subprocess.run(["/usr/bin/time", "-f", "%M", *full], capture_output=True, text=True, env=run_env)
            wall = time.perf_counter() - t0
            if r.returncode != 0:
                raise Failed(f"exit {r.returncode}: {r.stderr.strip().splitlines()[-2:] if r.stderr.strip() else ''}")
            if expect is not None and not times and r.stdout != expect:
                raise Failed("output differs from native GHC's (not timed)")
            if stats == "ghc":
                st = ghc_gc_stats(f.read(), wall)
            elif stats == "ahc":
                st = ahc_gc_stats(r.stderr, wall)
            else:
                st = None
        if not times or wall < min(times):
            best_stats = st
        times.append(wall)
        peak = max(peak, int(r.stderr.strip().splitlines()[-1]))
        out = r.stdout
    return min(times), peak, out, best_stats


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

def ghc_gc_stats(text, wall):
    """GHC's machine-readable RTS statistics (`+RTS -t<file> --machine-readable`)."""
    kv = dict(re.findall(r'\("([^"]+)", "([^"]*)"\)', text))
    if "allocated_bytes" not in kv:
        return None
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


def ahc_gc_stats(stderr, wall):
    """The runtime's statistics line in a run's stderr (AHC_RTS_STATS set)."""
    kv = {}
    for line in stderr.splitlines():
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


# ---------------------------------------------------------------------------------------------
# Hello world: size, and what ahc-link costs.

def need_tools():
    """The tools the bench needs; a missing one stops it (the figures must not silently vanish)."""
    missing = []
    for tool, pkg in (("wasm-opt", "binaryen"), ("gzip", "gzip"), ("ghc", "ghc (scripts/setup.sh)"),
                      ("node", "nodejs (scripts/setup.sh)")):
        if shutil.which(tool) is None:
            missing.append(f"{tool} (Debian package {pkg})")
    if not os.access("/usr/bin/time", os.X_OK):
        missing.append("/usr/bin/time (Debian package time)")
    for exe in (AHC_LINK, AHC):
        if not exe.is_file():
            missing.append(f"{exe} (cargo build --release -p ahc-driver; bench/run.sh does it)")
    if missing:
        sys.exit("bench: missing tools, install them first (as root: apt-get update && apt-get install -y "
                 "binaryen time):\n  " + "\n  ".join(missing))


def leb(b, i):
    v = shift = 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return v, i


WASM_SECTIONS = {0: "custom", 1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global",
                 7: "export", 8: "start", 9: "elem", 10: "code", 11: "data", 12: "datacount"}


def wasm_sections(path):
    """{section name: bytes} of a module, plus `functions` (defined functions)."""
    b = Path(path).read_bytes()
    i, out = 8, {}
    while i < len(b):
        sid, i = b[i], i + 1
        size, i = leb(b, i)
        name = WASM_SECTIONS.get(sid, f"#{sid}")
        out[name] = out.get(name, 0) + size
        if name == "function":
            out["functions"], _ = leb(b, i)
        i += size
    return out


def lld_wrapper(tmp):
    """A script standing in for rust-lld (via AHC_LLD) that records its wall time and peak RSS,
    or None when rust-lld is not where rustc's sysroot keeps it (the link figure is then only
    the driver's stage time)."""
    try:
        sysroot = run(["rustc", "--print", "sysroot"]).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None, None
    found = sorted(glob.glob(f"{sysroot}/lib/rustlib/*/bin/rust-lld"))
    if os.environ.get("AHC_LLD"):
        found = [os.environ["AHC_LLD"]]
    if not found:
        return None, None
    log = Path(tmp) / "lld.times"
    wrapper = Path(tmp) / "rust-lld"  # the name keeps `-flavor wasm` (see crates/ahc-link)
    wrapper.write_text(f'#!/bin/sh\nexec /usr/bin/time -a -o "{log}" -f "%e %M" "{found[0]}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper, log


def hello(tmp, repeat):
    d = Path(tmp) / "hello"
    d.mkdir()
    src = d / "hello.hs"
    src.write_text(HELLO)
    wrapper, log = lld_wrapper(tmp)
    runs = []
    for k in range(repeat):
        out = d / f"out{k}"  # cold: a fresh output directory each time
        env = dict(os.environ, AHC_TIMINGS="1")
        if wrapper:
            env["AHC_LLD"] = str(wrapper)
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", AHC_LINK, "--input-hs", src, "--output-directory", out],
                           capture_output=True, text=True, env=env)
        wall = time.perf_counter() - t0
        if r.returncode != 0:
            sys.exit(f"bench: ahc-link failed on hello world:\n{r.stderr}")
        stages = {p[1]: float(p[2]) for p in (l.split() for l in r.stderr.splitlines()) if p[:1] == ["ahc-timing"]}
        runs.append((wall, int(r.stderr.strip().splitlines()[-1]), stages))
    lld = [tuple(map(float, l.split())) for l in log.read_text().splitlines()] if log and log.exists() else []

    wasm = d / "out0/hello.wasm"
    oz = d / "hello.Oz.wasm"
    t0 = time.perf_counter()
    r = subprocess.run(["wasm-opt", "-Oz", *WASM_OPT_FEATURES, wasm, "-o", oz], capture_output=True, text=True)
    t_oz = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"bench: wasm-opt -Oz failed (a wasm feature missing from WASM_OPT_FEATURES?):\n{r.stderr[:2000]}")
    # The optimised module must still run: put it in place of the original, under both engines.
    checks = []
    shutil.copy(wasm, d / "hello.raw.wasm")
    shutil.copy(oz, wasm)
    for eng, cmd in (("node", ["node", d / "out0/hello.mjs"]), ("runner", [AHC, "run", wasm])):
        r = subprocess.run(list(map(str, cmd)), capture_output=True, text=True)
        ok = r.returncode == 0 and r.stdout == "Hello, world!\n"
        checks.append(f"{eng} {'ok' if ok else 'WRONG'}")
    shutil.copy(d / "hello.raw.wasm", wasm)

    gz = lambda p: len(gzip.compress(Path(p).read_bytes(), 9))
    raw_b, oz_b = wasm.stat().st_size, oz.stat().st_size
    print(f"hello world ({HELLO.strip()})")
    print(f"  .wasm bytes   raw {raw_b:>8}  gzip -9 {gz(wasm):>7}   (goal <= 100 KB raw; Asterius ~600 KB)")
    print(f"                -Oz {oz_b:>8}  gzip -9 {gz(oz):>7}   (wasm-opt -Oz {' '.join(WASM_OPT_FEATURES)}:"
          f" {t_oz:.2f} s; -Oz module runs: {', '.join(checks)})")
    for label, p in (("raw", wasm), ("-Oz", oz)):
        sec = wasm_sections(p)
        print(f"  sections {label:<4} code {sec.get('code', 0):>7}  data {sec.get('data', 0):>7}  "
              f"elem {sec.get('elem', 0):>6}  function {sec.get('function', 0):>5}  other "
              f"{sum(v for k, v in sec.items() if k not in ('code', 'data', 'elem', 'function', 'functions')):>5}"
              f"  ({sec.get('functions', 0)} functions)")
    best = min(runs, key=lambda r: r[0])
    print(f"  ahc-link cold (fresh output directory; library cache warm), best of {repeat}:"
          f" wall {best[0]:.3f} s (goal <= 2 s), peak RSS {max(r[1] for r in runs) // 1024} MiB"
          f" (largest process: ahc-link, ghc or rust-lld)")
    print("  stages of the best run: " + "  ".join(f"{k} {v:.3f}" for k, v in best[2].items()) +
          "  (link goal <= 0.3 s)")
    if lld:
        print(f"  rust-lld alone: wall {min(t for t, _ in lld):.3f} s (best), peak RSS "
              f"{int(max(m for _, m in lld)) // 1024} MiB")
    print()


def geomean(xs):
    return math.exp(sum(map(math.log, xs)) / len(xs)) if xs else None


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("programs", nargs="*")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per program and engine (best is kept)")
    ap.add_argument("--no-node", action="store_true")
    ap.add_argument("--no-runner", action="store_true")
    ap.add_argument("--no-hello", action="store_true", help="skip the hello-world size and ahc-link figures")
    ap.add_argument("--hello-only", action="store_true", help="only the hello-world figures")
    ap.add_argument("--raw-gc", action="store_true", help="also print ahc's raw statistics lines")
    args = ap.parse_args(argv)
    need_tools()
    progs = [] if args.hello_only else args.programs or DEFAULT
    engines = [e for e, off in (("node", args.no_node), ("runner", args.no_runner)) if not off]

    def engine_cmd(engine, out, name):
        return ["node", out / f"{name}.mjs"] if engine == "node" else [AHC, "run", out / f"{name}.wasm"]

    print("(the machine may be shared with other work: figures are wall times, best of several runs)\n")
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_hello:
            hello(tmp, args.repeat)
        if progs:
            programs(args, progs, engines, engine_cmd, tmp)


def programs(args, progs, engines, engine_cmd, tmp):
    print(f"{'program':<14} {'wasm B':>8} {'native B':>9} {'node s':>8} {'runner s':>9} {'ghc -O2 s':>10} "
          f"{'node/ghc':>9} {'run/ghc':>8} {'node KiB':>9} {'run KiB':>8} {'ghc KiB':>8}")
    stage_rows, gc_rows, mem_rows, notes = [], [], [], []
    ratios = {e: {} for e in engines}
    for p in progs:
        src = ROOT / p
        name = src.stem
        out = Path(tmp) / name
        out.mkdir()
        exe = out / f"{name}-native"
        run(["ghc", "-v0", "-O2", "-rtsopts", "-outputdir", out / "native", "-o", exe, src, NATIVE_IO])
        native_size = exe.stat().st_size
        t_ghc, m_ghc, o_ghc, g_ghc = timed([exe], args.repeat, stats="ghc")
        if g_ghc is None:
            notes.append(f"{name}: no native statistics")
        try:
            stages, size = stage_times(src, out)
        except Failed as e:
            notes.append(f"{name}: {e}")
            print(f"{name:<14} {'-':>8} {native_size:>9} {'-':>8} {'-':>9} {t_ghc:>10.3f}   (ahc-link failed)")
            gc_rows.append(gc_row(name, "ghc", g_ghc, None))
            continue
        stage_rows.append((name, stages))
        res, st = {}, {}
        for e in engines:
            try:
                t, m, _, s = timed(engine_cmd(e, out, name), args.repeat, expect=o_ghc, stats="ahc")
                res[e], st[e] = (t, m), s
                ratios[e][p] = t / t_ghc
            except Failed as err:
                notes.append(f"{name}: {e}: {err}")
        cell = lambda e, i, fmt: format(res[e][i], fmt) if e in res else "-"
        rat = lambda e: f"{res[e][0] / t_ghc:.1f}" if e in res else "-"
        print(f"{name:<14} {size or 0:>8} {native_size:>9} {cell('node', 0, '.3f'):>8} {cell('runner', 0, '.3f'):>9} "
              f"{t_ghc:>10.3f} {rat('node'):>9} {rat('runner'):>8} {cell('node', 1, 'd'):>9} "
              f"{cell('runner', 1, 'd'):>8} {m_ghc:>8}", flush=True)
        gc_rows.append(gc_row(name, "ghc", g_ghc, None))
        for e in engines:
            s = st.get(e)
            gc_rows.append(gc_row(name, e, s, g_ghc))
            if args.raw_gc and s and "raw" in s:
                gc_rows.append(f"    {AHC_STATS_PREFIX} " + " ".join(f"{k}={v}" for k, v in s["raw"].items()))
        mem_rows.append(mem_row(name, g_ghc, m_ghc, res, st))

    groups = [("Prelude programs", PRELUDE)]
    if set(progs) != set(PRELUDE):
        groups.append(("all programs", progs))
    for group, members in groups:
        line = []
        for e in engines:
            xs = [r for q, r in ratios[e].items() if q in members]
            if xs:
                line.append(f"{e}/ghc {geomean(xs):.1f} (over {len(xs)})")
        if line:
            print(f"geometric mean of ratios, {group}: " + ", ".join(line))

    print()
    print("memory against native (MB; 'residency' is GHC's maximum residency, max_live_bytes; ahc's "
          "'heap peak' is the wasm memory's largest size, its 'live' the largest live data after a major "
          "collection; RSS is the whole process: node or the runner, or the native program):")
    print(f"{'program':<14} {'ghc resid':>9} {'ghc RSS':>8} {'ahc live':>8} {'heap peak':>9} {'node RSS':>8} "
          f"{'run RSS':>8} {'heap/resid':>10} {'node/res':>8} {'run/res':>8} {'node/RSS':>8} {'run/RSS':>8}")
    for row in mem_rows:
        print(row)
    print("(goal: peak memory <= 2x native's maximum residency)")

    print()
    print("garbage collection (the fastest run's; ratios are ahc / ghc -O2, 'rate' the inverse: ghc rate / ahc rate):")
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


def mem_row(name, g, rss_ghc, res, st):
    """One row of the memory table; RSS figures are KiB from GNU time, the rest bytes."""
    resid = g["max_live"] if g else 0
    heap = max((s["peak_mem"] for s in st.values() if s and not s.get("none")), default=0)
    live = max((s["max_live"] for s in st.values() if s and not s.get("none")), default=0)
    rss = {e: res[e][1] * 1024 for e in res}
    r = lambda a, b: f"{a / b:.1f}" if a and b else "-"
    m = lambda b: mb(b) if b else "-"
    return (f"{name:<14} {m(resid):>9} {m(rss_ghc * 1024):>8} {m(live):>8} {m(heap):>9} {m(rss.get('node')):>8} "
            f"{m(rss.get('runner')):>8} {r(heap, resid):>10} {r(rss.get('node'), resid):>8} "
            f"{r(rss.get('runner'), resid):>8} {r(rss.get('node'), rss_ghc * 1024):>8} "
            f"{r(rss.get('runner'), rss_ghc * 1024):>8}")


if __name__ == "__main__":
    main(sys.argv[1:])
