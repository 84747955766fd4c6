#!/bin/sh
# End-to-end check of ahc-ghc and the ahc-stg reader: compiles the programs in frontend/tests
# at -O0 and -O against the host GHC's own package database, reads every .stg back and compares
# construct counts with GHC's -ddump-stg-final of the same compilation; checks that errors look
# like GHC's.
# Usage: frontend/test.sh [AHC_GHC]   (builds the shim into a temporary directory if not given)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ $# -ge 1 ]; then shim=$1; else shim=$(sh "$here/build.sh" "$work/shim"); fi
(cd "$repo" && cargo build -q --release -p ahc-stg --example dump-stg)
dump=${CARGO_TARGET_DIR:-$repo/target}/release/examples/dump-stg
fail=0

# count PATTERN FILE: occurrences of an extended regex.
count() { grep -oE "$1" "$2" | wc -l | tr -d ' '; }

compare() { # GHC-DUMP OUR-STG
    "$dump" "$2" | sed '/^-- data constructors/,$d' > "$work/ours.txt"
    for what in 'case' 'let \{' 'let-no-escape \{' '\\[rus] \[' '__ffi'; do
        g=$(count "(^|[^a-z])$what" "$1"); o=$(count "(^|[^a-z])$what" "$work/ours.txt")
        if [ "$g" != "$o" ]; then
            echo "FAIL $2: '$what' GHC $g, ours $o"; fail=1
        fi
    done
}

run() { # NAME DIR MAIN OPT
    out="$work/$1$4"
    (cd "$2" && "$shim" "$4" "$3" -outputdir "$out/o" --stg-dir "$out/stg" -package-env - \
        -ddump-stg-final -ddump-to-file -dumpdir "$out/dump/" -dsuppress-all) > "$out.log" 2>&1 \
        || { echo "FAIL $1 $4:"; cat "$out.log"; fail=1; return; }
    for stg in $(cd "$out/stg" && find . -name '*.stg'); do
        m=${stg%.stg}
        d="$out/dump/$m.dump-stg-final"
        # GHC names dump files after the source file, which for Main may differ.
        [ "$m" = ./Main ] && d="$out/dump/${3%.hs}.dump-stg-final"
        if [ -f "$d" ]; then compare "$d" "$out/stg/$stg"; else echo "FAIL no $d"; fail=1; fi
    done
    echo "ok   $1 $4 ($(cd "$out/stg" && find . -name '*.stg' | wc -l | tr -d ' ') modules)"
}

for opt in -O0 -O; do
    run fib "$here/tests" fib.hs "$opt"
    run multi "$here/tests/multi" Main.hs "$opt"
done

# Errors: GHC's format on stderr, exit code 1, no .stg.
if (cd "$here/tests" && "$shim" TypeError.hs -outputdir "$work/err" --stg-dir "$work/err/stg" \
        -package-env -) > "$work/err.log" 2>&1; then
    echo "FAIL TypeError.hs compiled"; fail=1
elif ! grep -q '^TypeError.hs:6:8: error:' "$work/err.log" || [ -e "$work/err/stg/Main.stg" ]; then
    echo "FAIL TypeError.hs: unexpected output:"; cat "$work/err.log"; fail=1
else
    echo "ok   errors"
fi
exit $fail
