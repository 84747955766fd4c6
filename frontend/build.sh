#!/bin/sh
# Build ahc-ghc, the GHC-API shim, with the host's GHC 9.0.2.
# Usage: frontend/build.sh OUTDIR   — prints the path of the binary.
# Environment: GHC (default: ghc).
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
out=$1
here=$(cd "$(dirname "$0")" && pwd)
ghc=${GHC:-ghc}
version=$("$ghc" --numeric-version)
if [ "$version" != "9.0.2" ]; then
    echo "$0: need GHC 9.0.2, found $version ($ghc)" >&2
    exit 1
fi
libdir=$("$ghc" --print-libdir)
mkdir -p "$out/build"
out=$(cd "$out" && pwd)
# -v0 keeps stdout for the path only; errors still go to stderr.
"$ghc" --make -v0 -O -package ghc -package ghc-boot \
    -i"$here/ahc-ghc" -outputdir "$out/build" \
    -Wall -Wno-name-shadowing -Wno-unused-do-bind \
    "-DAHC_GHC_LIBDIR=\"$libdir\"" \
    -rtsopts "-with-rtsopts=-A64m" \
    -o "$out/ahc-ghc" "$here/ahc-ghc/Main.hs" >&2
echo "$out/ahc-ghc"
