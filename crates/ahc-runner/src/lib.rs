//! ahc-runner (being written)
