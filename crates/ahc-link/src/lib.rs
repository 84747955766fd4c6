//! ahc-link (being written)
