#!/usr/bin/env bash
# Builds test programs natively the way the differential tests do (ghc -O -rtsopts with
# native_io.c; tests/errors/uncaught_* with raw_main.c, the others there with the RTS limits
# their README gives) and reports exit code, wall time and peak memory of each run.
# Usage: bash tests/support/native_check.sh [prog.hs | dir ...]   (default: tests/programs/*.hs
# and tests/errors/*.hs). Outputs are kept in $OUT (default /tmp/ahc-native-check/<name>/).
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
OUT=${OUT:-/tmp/ahc-native-check}
progs=("$@")
[ ${#progs[@]} -eq 0 ] && progs=(tests/programs/*.hs tests/programs/*/ tests/errors/*.hs)
printf '%-22s %5s %8s %10s  %s\n' program exit seconds "peak KiB" "stdout lines / stderr bytes"
for p in "${progs[@]}"; do
  p=${p%/}
  if [ -d "$p" ]; then main="$p/Main.hs"; inc="-i$p"; name=$(basename "$p"); else main=$p; inc=""; name=$(basename "$p" .hs); fi
  d="$OUT/$name"; rm -rf "$d"; mkdir -p "$d"
  cp tests/support/native_io.c "$d/"
  extra=(); rts=()
  case "$p" in
    tests/errors/uncaught_*) cp tests/support/raw_main.c "$d/"; extra=(-no-hs-main "$d/raw_main.c") ;;
    tests/errors/stack_overflow*) rts=(+RTS -K64m -RTS) ;;
    tests/errors/heap_overflow*) rts=(+RTS -M256m -RTS) ;;
  esac
  if ! ghc -v0 -O -rtsopts $inc -outputdir "$d/build" -o "$d/$name" "$ROOT/$main" "$d/native_io.c" "${extra[@]}" 2> "$d/ghc.err"; then
    printf '%-22s %5s\n' "$name" "BUILD FAILED (see $d/ghc.err)"; continue
  fi
  /usr/bin/time -f '%e %M' -o "$d/time" "$d/$name" "${rts[@]}" > "$d/stdout" 2> "$d/stderr"
  rc=$?
  read -r secs kib < <(tail -n1 "$d/time")
  printf '%-22s %5s %8s %10s  %s / %s\n' "$name" "$rc" "$secs" "$kib" "$(wc -l < "$d/stdout")" "$(wc -c < "$d/stderr")"
done
