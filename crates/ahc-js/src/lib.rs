//! ahc-js (being written)
