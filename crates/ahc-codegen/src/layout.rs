//! Where values live in heap objects and stack frames, and how they map to wasm types.
//!
//! Every payload slot is one 8-byte word ([`ahc_abi::WORD`]); pointer slots come first (the
//! runtime's garbage collector relies on that), then non-pointer slots in their original order.

use ahc_abi::WORD;
use ahc_stg::{DataConInfo, PrimRep};
use wasm_encoder::ValType;

/// The wasm type of a value of representation `rep`, `None` for void.
///
/// Pointers are 32-bit (linear memory is wasm32); `Int#`, `Word#`, their sized variants and
/// `Addr#` are 64-bit, as on the x86_64 host GHC compiled for.
pub fn wasm_type(rep: PrimRep) -> Option<ValType> {
    Some(match rep {
        PrimRep::Void => return None,
        PrimRep::Lifted | PrimRep::Unlifted => ValType::I32,
        PrimRep::Int8
        | PrimRep::Int16
        | PrimRep::Int32
        | PrimRep::Int64
        | PrimRep::Int
        | PrimRep::Word8
        | PrimRep::Word16
        | PrimRep::Word32
        | PrimRep::Word64
        | PrimRep::Word
        | PrimRep::Addr => ValType::I64,
        PrimRep::Float => ValType::F32,
        PrimRep::Double => ValType::F64,
        PrimRep::Vec(..) => ValType::V128,
    })
}

/// The wasm types of a list of representations, voids dropped.
pub fn wasm_types(reps: &[PrimRep]) -> Vec<ValType> {
    reps.iter().filter_map(|r| wasm_type(*r)).collect()
}

/// A payload layout: for each input value (in order), its slot index, or `None` if void.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub slots: Vec<Option<u32>>,
    pub ptrs: u32,
    pub nptrs: u32,
}

impl Layout {
    /// Lays out values of the given representations: pointers first, then the rest.
    pub fn new(reps: &[PrimRep]) -> Layout {
        let ptrs = reps.iter().filter(|r| r.is_gc_ptr()).count() as u32;
        let mut next_ptr = 0;
        let mut next_nptr = ptrs;
        let slots = reps
            .iter()
            .map(|r| {
                if wasm_type(*r).is_none() {
                    None
                } else if r.is_gc_ptr() {
                    next_ptr += 1;
                    Some(next_ptr - 1)
                } else {
                    next_nptr += 1;
                    Some(next_nptr - 1)
                }
            })
            .collect();
        Layout {
            slots,
            ptrs,
            nptrs: next_nptr - ptrs,
        }
    }

    /// Number of payload words.
    pub fn words(&self) -> u32 {
        self.ptrs + self.nptrs
    }

    /// Byte offset of slot `i` in an object whose header has `header_words` words.
    pub fn offset(slot: u32, header_words: u32) -> u32 {
        (header_words + slot) * WORD
    }
}

/// The representation of each worker field of a constructor, flattened (a field with an
/// unboxed-tuple type contributes several values, a void field none).
pub fn con_field_reps(dc: &DataConInfo) -> Vec<PrimRep> {
    dc.fields.iter().flat_map(|f| f.iter().copied()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_first() {
        let l = Layout::new(&[
            PrimRep::Int,
            PrimRep::Lifted,
            PrimRep::Void,
            PrimRep::Double,
        ]);
        assert_eq!(l.slots, vec![Some(1), Some(0), None, Some(2)]);
        assert_eq!((l.ptrs, l.nptrs), (1, 2));
    }
}
