//! ahc-codegen (being written)
