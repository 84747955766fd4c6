#!/usr/bin/env bash
# Runs the whole test suite: unit tests of every crate and the end-to-end differential tests
# (each program compiled by native GHC and by ahc, run in node and in the embedded runner,
# stdout/stderr/exit code compared). Sets up whatever is missing first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
cargo test --release --workspace 2>&1
