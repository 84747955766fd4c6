//! Garbage-collection statistics (for benchmarks).
//!
//! `ahc_rts_stats(ptr)` copies [`Stats::words`] (`STATS_WORDS` little-endian `u64`s, in the order
//! of the fields below) to `ptr`.  With the environment variable `AHC_RTS_STATS` set (to
//! anything but `0` or nothing) when the first collection happens, the runtime prints
//! [`Stats::line`] to stderr at exit (a program that never collects prints nothing).

use crate::format::{u64_dec, INT_BUF};

/// Counters since start-up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Collections done.
    pub collections: u64,
    /// Bytes allocated (nursery, counted when a region is closed, plus the runtime's
    /// allocations).
    pub allocated_bytes: u64,
    /// Bytes copied by the collector.
    pub copied_bytes: u64,
    /// Live bytes after the last major collection (copied + large + pinned).
    pub last_live_bytes: u64,
    /// The most live bytes after any major collection.
    pub max_live_bytes: u64,
    /// Nanoseconds spent collecting (WASI monotonic clock).
    pub gc_ns: u64,
    /// The longest collection, in nanoseconds.
    pub max_pause_ns: u64,
    /// The most memory obtained from the host, in bytes, as seen at collections.
    pub peak_memory_bytes: u64,
    /// The largest the stack grew to, in bytes (0: never grew).
    pub max_stack_bytes: u64,
    /// Major collections (among `collections`).
    pub major_collections: u64,
}

/// Words written by `ahc_rts_stats`.
pub const STATS_WORDS: usize = 10;

impl Stats {
    pub const fn new() -> Self {
        Stats {
            collections: 0,
            allocated_bytes: 0,
            copied_bytes: 0,
            last_live_bytes: 0,
            max_live_bytes: 0,
            gc_ns: 0,
            max_pause_ns: 0,
            peak_memory_bytes: 0,
            max_stack_bytes: 0,
            major_collections: 0,
        }
    }

    /// The counters in field order.
    pub fn words(&self) -> [u64; STATS_WORDS] {
        [
            self.collections,
            self.allocated_bytes,
            self.copied_bytes,
            self.last_live_bytes,
            self.max_live_bytes,
            self.gc_ns,
            self.max_pause_ns,
            self.peak_memory_bytes,
            self.max_stack_bytes,
            self.major_collections,
        ]
    }

    /// `ahc-rts-stats: collections=… allocated=… …` (one line, `key=value` pairs, no newline),
    /// handed to `out` in pieces.
    pub fn line(&self, out: &mut impl FnMut(&[u8])) {
        const KEYS: [&[u8]; STATS_WORDS] = [
            b" collections=",
            b" allocated_bytes=",
            b" copied_bytes=",
            b" last_live_bytes=",
            b" max_live_bytes=",
            b" gc_ns=",
            b" max_pause_ns=",
            b" peak_memory_bytes=",
            b" max_stack_bytes=",
            b" major_collections=",
        ];
        out(b"ahc-rts-stats:");
        for (k, v) in KEYS.iter().zip(self.words()) {
            out(k);
            let mut buf = [0u8; INT_BUF];
            let i = u64_dec(v, &mut buf);
            out(buf.get(i..).unwrap_or(&[]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::vec::Vec;

    #[test]
    fn stats_line() {
        let s = Stats {
            collections: 3,
            copied_bytes: 1024,
            ..Stats::new()
        };
        let mut v = Vec::new();
        s.line(&mut |b| v.extend_from_slice(b));
        let line = std::string::String::from_utf8(v).unwrap();
        assert!(
            line.starts_with("ahc-rts-stats: collections=3 allocated_bytes=0 copied_bytes=1024")
        );
        assert!(line.ends_with("max_stack_bytes=0 major_collections=0"));
    }
}
