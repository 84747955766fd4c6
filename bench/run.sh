#!/usr/bin/env bash
# Benchmarks (not tests): prints ahc's figures next to native GHC's, measured in the same run.
# Needs what scripts/setup.sh installs. Usage: bash bench/run.sh [program.hs ...]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --profile rts --quiet -p ahc-rts --target wasm32-unknown-unknown
cargo build --release --quiet -p ahc-driver
exec python3 bench/bench.py "$@"
