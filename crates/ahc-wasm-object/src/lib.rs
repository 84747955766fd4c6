//! ahc-wasm-object (being written)
