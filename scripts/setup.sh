#!/usr/bin/env bash
# Sets up everything ahc needs on a fresh Debian 12 machine, builds ahc, boots its Haskell
# libraries, then compiles and runs examples/fib.hs.  Idempotent: what is already there is kept.
#
# Environment: AHC_HOME (default ~/.ahc) holds the caches (GHC sources, the frontend shim, the
# boot, compiled library objects), keyed by what produced them.
set -euo pipefail
cd "$(dirname "$0")/.."
export AHC_HOME=${AHC_HOME:-$HOME/.ahc}
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo

step() { printf '\n==> %s\n' "$*" >&2; }

need_apt=()
command -v ghc >/dev/null || need_apt+=(ghc)
command -v dpkg-source >/dev/null || need_apt+=(dpkg-dev)
command -v node >/dev/null || need_apt+=(nodejs)
if [ ${#need_apt[@]} -gt 0 ]; then
    step "installing ${need_apt[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
ghc_version=$(ghc --numeric-version)
[ "$ghc_version" = 9.0.2 ] || { echo "setup: ahc needs GHC 9.0.2, found $ghc_version" >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "setup: ahc needs node >= 20 (wasm tail calls), found $(node --version)" >&2; exit 1; }

# GHC 9.0.2's own sources (Debian's source package), unpacked once into $AHC_HOME/src.
src="$AHC_HOME/src/ghc-9.0.2"
if [ ! -d "$src/libraries/ghc-prim" ]; then
    step "fetching GHC 9.0.2's sources (apt-get source ghc)"
    if ! grep -rqsE '^(Types: deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
        # A deb-src entry for the same mirror as the existing deb entries.
        for f in /etc/apt/sources.list.d/*.sources; do
            [ -e "$f" ] && grep -q '^Types: deb$' "$f" || continue
            sed 's/^Types: deb$/Types: deb-src/' "$f" | $SUDO tee "/etc/apt/sources.list.d/ahc-src-$(basename "$f")" >/dev/null
        done
        if [ -f /etc/apt/sources.list ] && grep -q '^deb ' /etc/apt/sources.list; then
            grep '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' | $SUDO tee /etc/apt/sources.list.d/ahc-src.list >/dev/null
        fi
    fi
    $SUDO apt-get update -qq
    mkdir -p "$AHC_HOME"
    tmp=$(mktemp -d "$AHC_HOME/src.tmp.XXXXXX")
    (cd "$tmp" && apt-get source -qq ghc >/dev/null)
    mkdir -p "$AHC_HOME/src"
    rm -rf "$src"
    mv "$tmp/ghc-9.0.2" "$src"
    rm -rf "$tmp"
fi

step "installing the wasm32 Rust target"
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || rustup target list --installed | grep -q wasm32-unknown-unknown

step "building ahc (cargo build --release)"
cargo build --profile rts --quiet -p ahc-rts --target wasm32-unknown-unknown
cargo build --release --quiet -p ahc-driver

step "booting the Haskell libraries (ahc-boot)"
target/release/ahc-boot --ghc-src "$src"

step "compiling and running examples/fib.hs"
mkdir -p out
target/release/ahc-link --input-hs examples/fib.hs --output-directory out --run
target/release/ahc-link --input-hs examples/hello.hs --output-directory out --run
