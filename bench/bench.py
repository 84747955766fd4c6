"""ahc benchmarks: sizes, pipeline stage times, run time and peak memory, as ratios against
native GHC (-O2) measured in the same run. Not a test: nothing here passes or fails."""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AHC_LINK = ROOT / "target/release/ahc-link"
AHC = ROOT / "target/release/ahc"
NATIVE_IO = ROOT / "tests/support/native_io.c"
DEFAULT = ["examples/fib.hs", "bench/programs/sumloop.hs", "bench/programs/alloclist.hs"]
REPEAT = 5


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


def timed(cmd):
    """Best-of-REPEAT wall time (s) and the peak RSS (KiB) of the command."""
    times, peak = [], 0
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        r = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        if r.returncode != 0:
            raise SystemExit(f"{cmd} failed: {r.stderr}")
        peak = max(peak, int(r.stderr.strip().splitlines()[-1]))
    return min(times), peak


def stage_times(src, out):
    env = dict(os.environ, AHC_TIMINGS="1")
    r = run([AHC_LINK, "--input-hs", src, "--output-directory", out], env=env)
    stages, size = {}, None
    for line in r.stderr.splitlines():
        parts = line.split()
        if parts[:1] == ["ahc-timing"]:
            stages[parts[1]] = float(parts[2])
        elif parts[:1] == ["ahc-size"]:
            size = int(parts[1])
    return stages, size


def main(args):
    progs = args or DEFAULT
    print(f"{'program':<14} {'wasm B':>8} {'native B':>9} {'node s':>8} {'runner s':>9} {'ghc -O2 s':>10} "
          f"{'node/ghc':>9} {'run/ghc':>8} {'node KiB':>9} {'ghc KiB':>8}")
    stage_rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for p in progs:
            src = ROOT / p
            name = src.stem
            out = Path(tmp) / name
            out.mkdir()
            stages, size = stage_times(src, out)
            stage_rows.append((name, stages))
            exe = out / f"{name}-native"
            run(["ghc", "-v0", "-O2", "-outputdir", out / "native", "-o", exe, src, NATIVE_IO])
            native_size = exe.stat().st_size
            t_ghc, m_ghc = timed([exe])
            t_node, m_node = timed(["node", out / f"{name}.mjs"])
            t_run, _ = timed([AHC, "run", out / f"{name}.wasm"])
            print(f"{name:<14} {size:>8} {native_size:>9} {t_node:>8.3f} {t_run:>9.3f} {t_ghc:>10.3f} "
                  f"{t_node / t_ghc:>9.1f} {t_run / t_ghc:>8.1f} {m_node:>9} {m_ghc:>8}")
    print()
    print("pipeline stages of ahc-link (seconds):")
    names = sorted({s for _, st in stage_rows for s in st}, key=lambda s: ["setup", "frontend", "codegen", "libraries", "link", "emit"].index(s) if s in ["setup", "frontend", "codegen", "libraries", "link", "emit"] else 99)
    print(f"{'program':<14} " + " ".join(f"{s:>9}" for s in names))
    for name, st in stage_rows:
        print(f"{name:<14} " + " ".join(f"{st.get(s, 0):>9.3f}" for s in names))
    print(f"\n(run times: best of {REPEAT}; node/runner include engine start-up; native built with ghc -O2)")


if __name__ == "__main__":
    main(sys.argv[1:])
