#!/usr/bin/env bash
# Builds and runs every test program of tests/base natively, the way the differential harness
# does, and prints a table: name, exit code, stdout bytes, stderr bytes, seconds.
#   bash tests/base/native_run.sh [SCRATCH]        (default SCRATCH: /tmp/ahc-base-native)
# Env: RUNS=n  run each program n times (default 1) and report NONDET if any run differs;
#      ONLY="a b"  run only these programs;  GHC=path  the native compiler (default: ghc).
# Each program is built in SCRATCH/NAME/ with exactly
#   ghc -v0 -O -rtsopts -outputdir build -o NAME NAME.hs
# (relative source path, so CallStack/pattern-match locations read "NAME.hs:…"), and run in a
# fresh empty directory SCRATCH/NAME/run/ with NAME.stdin on stdin (else /dev/null),
# NAME.args as arguments (one per line) and NAME.env (KEY=value lines) added to the environment.
# The outputs of the first run are kept in SCRATCH/NAME/{stdout,stderr,rc}.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-/tmp/ahc-base-native}
RUNS=${RUNS:-1}
GHC=${GHC:-ghc}
mkdir -p "$OUT"
names=()
if [ -n "${ONLY:-}" ]; then names=($ONLY); else
  for f in "$HERE"/*.hs; do names+=("$(basename "$f" .hs)"); done
fi
printf '%-24s %5s %9s %9s %8s\n' name exit stdout stderr seconds
total_start=$(date +%s.%N)
fail=0
runsum=0
for n in "${names[@]}"; do
  d="$OUT/$n"; rm -rf "$d"; mkdir -p "$d"
  cp "$HERE/$n.hs" "$d/"
  if ! (cd "$d" && "$GHC" -v0 -O -rtsopts -outputdir build -o "$n" "$n.hs") > "$d/ghc.err" 2>&1; then
    printf '%-24s %s\n' "$n" "BUILD FAILED (see $d/ghc.err)"; fail=1; continue
  fi
  args=(); envs=()
  [ -f "$HERE/$n.args" ] && mapfile -t args < "$HERE/$n.args"
  [ -f "$HERE/$n.env" ] && mapfile -t envs < "$HERE/$n.env"
  stdin=/dev/null; [ -f "$HERE/$n.stdin" ] && stdin="$HERE/$n.stdin"
  status=""
  for ((i = 1; i <= RUNS; i++)); do
    rm -rf "$d/run"; mkdir -p "$d/run"
    t0=$(date +%s.%N)
    (cd "$d/run" && env "${envs[@]}" "../$n" "${args[@]}" < "$stdin" > "$d/r$i.out" 2> "$d/r$i.err")
    echo $? > "$d/r$i.rc"
    t1=$(date +%s.%N)
    [ "$i" = 1 ] && { secs=$(awk "BEGIN{print $t1 - $t0}"); runsum=$(awk "BEGIN{print $runsum + $secs}"); }
    if [ "$i" -gt 1 ] && ! { cmp -s "$d/r1.out" "$d/r$i.out" && cmp -s "$d/r1.err" "$d/r$i.err" && cmp -s "$d/r1.rc" "$d/r$i.rc"; }; then
      status=" NONDET(run $i)"; fail=1
    fi
    leftover=$(ls -A "$d/run" | tr '\n' ' ')
    [ "$i" = 1 ] && [ -n "$leftover" ] && status="$status LEFTOVER(${leftover% })"
  done
  rm -rf "$d/run"
  mv "$d/r1.out" "$d/stdout"; mv "$d/r1.err" "$d/stderr"; mv "$d/r1.rc" "$d/rc"
  printf '%-24s %5s %9s %9s %8.3f%s\n' "$n" "$(cat "$d/rc")" "$(wc -c < "$d/stdout")" "$(wc -c < "$d/stderr")" "$secs" "$status"
done
total_end=$(date +%s.%N)
printf 'total run time (first runs): %.2f s; wall time incl. builds: %.1f s\n' "$runsum" "$(awk "BEGIN{print $total_end - $total_start}")"
exit $fail
