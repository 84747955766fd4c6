//! Memory that lives until the program exits: the argument and environment strings and
//! arrays, preopened directory names.
//!
//! Bump allocation, 8-aligned, from block groups of the block allocator marked
//! [`F_TABLE`](crate::block::F_TABLE) (the collector leaves them alone, `--debug`'s ownership
//! check accepts them).  Nothing is ever freed: what the environment functions replace
//! (`setenv` over an existing variable, a grown array) is leaked, as common C libraries leak
//! `setenv`'s strings.  Natively (unit tests) the memory comes from `std::alloc` and is leaked.

/// Room for `size` bytes, 8-aligned; NULL when out of memory.
#[cfg(target_arch = "wasm32")]
pub fn alloc(size: usize) -> *mut u8 {
    use crate::block::{field, BLOCK_SIZE, F_TABLE};

    /// The unused part of the current group: `(next, end)`.
    static ARENA: crate::Global<(u32, u32)> = crate::Global::new((0, 0));

    let Some(size) = size.checked_add(7).map(|s| (s & !7).max(8) as u32) else {
        return core::ptr::null_mut();
    };
    ARENA.with(|a| {
        if a.1 - a.0 < size {
            let blocks = size.div_ceil(BLOCK_SIZE).max(1);
            let start = crate::entry::with_storage(|sm| {
                let head = sm.blocks.alloc_group(blocks).ok()?;
                sm.blocks.add_flags(head, F_TABLE);
                Some(sm.blocks.get(head, field::START))
            });
            let Some(start) = start else {
                return core::ptr::null_mut();
            };
            *a = (start, start + blocks * BLOCK_SIZE);
        }
        let p = a.0;
        a.0 += size;
        p as *mut u8
    })
}

/// Room for `size` bytes, 8-aligned (leaked; for the native unit tests).
#[cfg(not(target_arch = "wasm32"))]
pub fn alloc(size: usize) -> *mut u8 {
    match std::alloc::Layout::from_size_align(size.max(1), 8) {
        // SAFETY: the layout has a non-zero size.
        Ok(layout) => unsafe { std::alloc::alloc(layout) },
        Err(_) => core::ptr::null_mut(),
    }
}

/// A copy of `bytes` followed by a NUL; NULL when out of memory.
#[cfg(any(target_arch = "wasm32", test))]
pub fn c_string(bytes: &[u8]) -> *mut u8 {
    let p = alloc(bytes.len() + 1);
    if !p.is_null() {
        // SAFETY: `p` has room for `bytes.len() + 1` bytes and does not overlap `bytes`.
        unsafe {
            core::ptr::copy_nonoverlapping(bytes.as_ptr(), p, bytes.len());
            *p.add(bytes.len()) = 0;
        }
    }
    p
}
