//! Memory primops: `Addr#`, byte arrays, arrays of pointers, `MutVar#`, stable pointers and
//! names, and the primops that have nothing to do in a single-threaded, non-profiling runtime.
//!
//! Layouts (`ahc-abi`): a byte array is `[info][bytes][data…]`, an array of pointers
//! `[info][n][elems…]` (every kind: `Array#`, `SmallArray#`, `ArrayArray#`, mutable or not), a
//! `MutVar#` `[info][value]`, a `StableName#` `[info][index]`; payloads start at +16 (+8 for
//! `MutVar#`/`StableName#`). Pointer elements occupy a word, upper half zero. `Addr#` is an
//! `i64` wrapped to `i32` at each access. Elements are read and written with the width of
//! their type (`Word8ArrayAs…` accesses at byte offsets, unaligned).
//!
//! Atomic operations are plain ones (one thread); objects of run-time size are allocated by the
//! runtime (`ahc_prim_new_*`, which never collect), so these primops need no heap check.

use ahc_abi::WORD;
use wasm_encoder::{BlockType, Instruction as I, MemArg, ValType};

use super::Prim;
use crate::expr::{mem, R};

use ValType::{I32, I64};

/// Bytes before the payload of an array.
const HDR: u32 = 2 * WORD;

/// How an element is held in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Elem {
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    /// 64-bit integer, word or address.
    W64,
    F32,
    F64,
    /// A heap pointer (one word, upper half zero).
    Ptr,
}

impl Elem {
    fn of(ty: &str) -> Option<Elem> {
        Some(match ty {
            "Char" | "Word8" => Elem::U8,
            "WideChar" | "Word32" => Elem::U32,
            "Int" | "Word" | "Addr" | "StablePtr" | "Int64" | "Word64" => Elem::W64,
            "Float" => Elem::F32,
            "Double" => Elem::F64,
            "Int8" => Elem::I8,
            "Int16" => Elem::I16,
            "Int32" => Elem::I32,
            "Word16" => Elem::U16,
            _ => return None,
        })
    }

    /// log2 of the element size.
    fn shift(self) -> u32 {
        match self {
            Elem::I8 | Elem::U8 => 0,
            Elem::I16 | Elem::U16 => 1,
            Elem::I32 | Elem::U32 | Elem::F32 => 2,
            Elem::W64 | Elem::F64 | Elem::Ptr => 3,
        }
    }

    fn mem(self, offset: u32, aligned: bool) -> MemArg {
        let natural = match self {
            Elem::Ptr => 2,
            e => e.shift(),
        };
        mem(offset, if aligned { natural } else { 0 })
    }

    fn load(self, m: MemArg) -> I<'static> {
        match self {
            Elem::I8 => I::I64Load8S(m),
            Elem::U8 => I::I64Load8U(m),
            Elem::I16 => I::I64Load16S(m),
            Elem::U16 => I::I64Load16U(m),
            Elem::I32 => I::I64Load32S(m),
            Elem::U32 => I::I64Load32U(m),
            Elem::W64 => I::I64Load(m),
            Elem::F32 => I::F32Load(m),
            Elem::F64 => I::F64Load(m),
            Elem::Ptr => I::I32Load(m),
        }
    }
}

/// The instructions storing a value of element type `e` (on the stack after the address; a
/// pointer is extended to a word first).
fn store_ins(e: Elem, m: MemArg) -> Vec<I<'static>> {
    match e {
        Elem::I8 | Elem::U8 => vec![I::I64Store8(m)],
        Elem::I16 | Elem::U16 => vec![I::I64Store16(m)],
        Elem::I32 | Elem::U32 => vec![I::I64Store32(m)],
        Elem::W64 => vec![I::I64Store(m)],
        Elem::F32 => vec![I::F32Store(m)],
        Elem::F64 => vec![I::F64Store(m)],
        Elem::Ptr => vec![I::I64ExtendI32U, I::I64Store(m)],
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Access {
    Index,
    Read,
    Write,
}

/// Where an element access goes: the base argument is a heap object (payload at +16) or an
/// `Addr#`; the index counts elements or (`Word8ArrayAs…`) bytes.
struct Target {
    access: Access,
    object: bool,
    elem: Elem,
    byte_index: bool,
}

/// Parses `index/read/write` + `T` + `Array#`/`OffAddr#`, and the `Word8ArrayAs` forms.
fn target(name: &str) -> Option<Target> {
    let (access, rest) = if let Some(r) = name.strip_prefix("index") {
        (Access::Index, r)
    } else if let Some(r) = name.strip_prefix("read") {
        (Access::Read, r)
    } else if let Some(r) = name.strip_prefix("write") {
        (Access::Write, r)
    } else {
        return None;
    };
    let (object, ty, byte_index) = if let Some(t) = rest.strip_suffix("OffAddr#") {
        (false, t, false)
    } else if let Some(t) = rest
        .strip_prefix("Word8ArrayAs")
        .and_then(|t| t.strip_suffix('#'))
    {
        (true, t, true)
    } else if let Some(t) = rest.strip_suffix("Array#") {
        (true, t, false)
    } else {
        return None;
    };
    Some(Target {
        access,
        object,
        elem: Elem::of(ty)?,
        byte_index,
    })
}

impl Prim<'_, '_, '_> {
    /// Pushes the `i32` address of element `idx` (scaled by `1 << shift`) of the object or
    /// address in argument `base`; returns the static offset for the memory instruction.
    fn elem_addr(&mut self, base: usize, object: bool, idx: usize, shift: u32) -> R<u32> {
        self.arg32(base)?;
        let mut off = if object { HDR } else { 0 };
        match self.lit_arg(idx) {
            Some(v) if v < 1 << 24 => off += (v as u32) << shift,
            _ => {
                self.arg32(idx)?;
                if shift > 0 {
                    self.i(I::I32Const(shift as i32));
                    self.i(I::I32Shl);
                }
                self.i(I::I32Add);
            }
        }
        Ok(off)
    }

    /// Pushes the `i32` address `base + HDR + offset` (a byte offset into an object's payload).
    fn payload_addr(&mut self, base: usize, offset: usize) -> R<()> {
        let off = self.elem_addr(base, true, offset, 0)?;
        self.i(I::I32Const(off as i32));
        self.i(I::I32Add);
        Ok(())
    }

    /// Loads element `idx` of `base`.
    fn load_elem(&mut self, base: usize, object: bool, idx: usize, e: Elem) -> R<()> {
        let off = self.elem_addr(base, object, idx, e.shift())?;
        self.i(e.load(e.mem(off, true)));
        Ok(())
    }

    /// Stores argument `val` as element `idx` of `base`.
    fn store_elem(&mut self, base: usize, object: bool, idx: usize, val: usize, e: Elem) -> R<()> {
        let off = self.elem_addr(base, object, idx, e.shift())?;
        self.arg(val)?;
        for ins in store_ins(e, e.mem(off, true)) {
            self.i(ins);
        }
        Ok(())
    }

    /// Pushes the pointer equality of arguments 0 and 1 as an `Int#`.
    fn ptr_eq(&mut self) -> R<()> {
        self.arg(0)?;
        self.arg(1)?;
        self.i(I::I32Eq);
        self.i(I::I64ExtendI32U);
        Ok(())
    }

    /// `memory.copy` of `n` bytes (`n_arg`, scaled by `1 << shift`) to the address pushed by
    /// `dst`, from the one pushed by `src`.
    fn copy(
        &mut self,
        dst: impl FnOnce(&mut Self) -> R<()>,
        src: impl FnOnce(&mut Self) -> R<()>,
        n_arg: usize,
        shift: u32,
    ) -> R<()> {
        dst(self)?;
        src(self)?;
        self.arg32(n_arg)?;
        if shift > 0 {
            self.i(I::I32Const(shift as i32));
            self.i(I::I32Shl);
        }
        self.i(I::MemoryCopy {
            src_mem: 0,
            dst_mem: 0,
        });
        Ok(())
    }

    /// Copies between arrays of pointers: `[src, src_off, dst, dst_off, n]`.
    fn copy_ptrs(&mut self) -> R<()> {
        self.copy(
            |p| {
                let off = p.elem_addr(2, true, 3, 3)?;
                p.i(I::I32Const(off as i32));
                p.i(I::I32Add);
                Ok(())
            },
            |p| {
                let off = p.elem_addr(0, true, 1, 3)?;
                p.i(I::I32Const(off as i32));
                p.i(I::I32Add);
                Ok(())
            },
            4,
            3,
        )
    }

    /// Compare-and-swap of the pointer word at `[addr local] + off`: `(# 0#, new #)` if it held
    /// `old` (and now holds `new`), else `(# 1#, current #)`.
    fn cas_ptr(&mut self, addr: u32, off: u32, old: usize, new: usize) -> R<()> {
        let m = Elem::Ptr.mem(off, true);
        self.i(I::LocalGet(addr));
        self.i(I::I32Load(m));
        let cur = self.set_new(I32);
        let new = self.local(new)?;
        self.i(I::LocalGet(cur));
        self.arg(old)?;
        self.i(I::I32Eq);
        let hit = self.set_new(I32);
        self.ins(&[I::LocalGet(hit), I::If(BlockType::Empty)]);
        self.ins(&[
            I::LocalGet(addr),
            I::LocalGet(new),
            I::I64ExtendI32U,
            I::I64Store(mem(off, 3)),
            I::End,
        ]);
        self.ins(&[
            I::LocalGet(hit),
            I::I32Eqz,
            I::I64ExtendI32U,
            I::LocalGet(new),
            I::LocalGet(cur),
            I::LocalGet(hit),
            I::Select,
        ]);
        Ok(())
    }

    /// A read-modify-write of the word at the address pushed by `addr` plus `off`: pushes the
    /// old value and stores `op(old, value of argument val)` (`op` empty: store the argument).
    fn rmw_word(&mut self, off: u32, val: usize, op: &[I<'static>], invert: bool) -> R<()> {
        let a = self.set_new(I32);
        self.ins(&[I::LocalGet(a), I::I64Load(mem(off, 3))]);
        let old = self.set_new(I64);
        self.i(I::LocalGet(a));
        if !op.is_empty() {
            self.i(I::LocalGet(old));
        }
        self.arg(val)?;
        self.ins(op);
        if invert {
            self.ins(&[I::I64Const(-1), I::I64Xor]);
        }
        self.i(I::I64Store(mem(off, 3)));
        self.i(I::LocalGet(old));
        Ok(())
    }

    /// Compare-and-swap of the word at the address pushed before plus `off`; pushes the value
    /// it held.
    fn cas_word(&mut self, off: u32, old: usize, new: usize) -> R<()> {
        let a = self.set_new(I32);
        self.ins(&[I::LocalGet(a), I::I64Load(mem(off, 3))]);
        let cur = self.set_new(I64);
        self.i(I::LocalGet(cur));
        self.arg(old)?;
        self.ins(&[I::I64Eq, I::If(BlockType::Empty), I::LocalGet(a)]);
        self.arg(new)?;
        self.ins(&[I::I64Store(mem(off, 3)), I::End, I::LocalGet(cur)]);
        Ok(())
    }
}

/// Compiles `p` if it is a memory primop.
pub(super) fn primop(p: &mut Prim) -> R<bool> {
    let name = p.name;
    if let Some(t) = target(name) {
        let (elem, shift_of) = (t.elem, if t.byte_index { 0 } else { t.elem.shift() });
        let off = p.elem_addr(0, t.object, 1, shift_of)?;
        let m = elem.mem(off, !t.byte_index && t.object);
        match t.access {
            Access::Index | Access::Read => p.i(elem.load(m)),
            Access::Write => {
                p.arg(2)?;
                for ins in store_ins(elem, m) {
                    p.i(ins);
                }
            }
        }
        return Ok(true);
    }
    if name.starts_with("prefetch") {
        // Prefetching: nothing (the results are the state token, void).
        return Ok(true);
    }
    match name {
        // ----- arrays of pointers -----
        "newArray#" | "newSmallArray#" => {
            p.arg(0)?;
            p.arg(1)?;
            p.call("ahc_prim_new_array", &[I64, I32], &[I32]);
        }
        "newArrayArray#" => {
            p.arg(0)?;
            p.call("ahc_prim_new_array_array", &[I64], &[I32]);
        }
        "readArray#"
        | "readSmallArray#"
        | "indexArray#"
        | "indexSmallArray#"
        | "indexByteArrayArray#"
        | "indexArrayArrayArray#"
        | "readByteArrayArray#"
        | "readMutableByteArrayArray#"
        | "readArrayArrayArray#"
        | "readMutableArrayArrayArray#" => p.load_elem(0, true, 1, Elem::Ptr)?,
        "writeArray#"
        | "writeSmallArray#"
        | "writeByteArrayArray#"
        | "writeMutableByteArrayArray#"
        | "writeArrayArrayArray#"
        | "writeMutableArrayArrayArray#" => p.store_elem(0, true, 1, 2, Elem::Ptr)?,
        "sizeofArray#"
        | "sizeofMutableArray#"
        | "sizeofSmallArray#"
        | "sizeofSmallMutableArray#"
        | "getSizeofSmallMutableArray#"
        | "sizeofArrayArray#"
        | "sizeofMutableArrayArray#"
        | "sizeofByteArray#"
        | "sizeofMutableByteArray#"
        | "getSizeofMutableByteArray#" => {
            p.arg(0)?;
            p.i(I::I64Load(mem(WORD, 3)));
        }
        "unsafeFreezeArray#"
        | "unsafeThawArray#"
        | "unsafeFreezeSmallArray#"
        | "unsafeThawSmallArray#"
        | "unsafeFreezeArrayArray#"
        | "unsafeFreezeByteArray#" => {
            p.arg(0)?;
        }
        "copyArray#"
        | "copyMutableArray#"
        | "copySmallArray#"
        | "copySmallMutableArray#"
        | "copyArrayArray#"
        | "copyMutableArrayArray#" => p.copy_ptrs()?,
        "cloneArray#"
        | "cloneMutableArray#"
        | "freezeArray#"
        | "thawArray#"
        | "cloneSmallArray#"
        | "cloneSmallMutableArray#"
        | "freezeSmallArray#"
        | "thawSmallArray#" => {
            p.arg(0)?;
            p.arg(1)?;
            p.arg(2)?;
            p.call("ahc_prim_clone_array", &[I32, I64, I64], &[I32]);
        }
        "casArray#" | "casSmallArray#" => {
            let off = p.elem_addr(0, true, 1, 3)?;
            let a = p.set_new(I32);
            p.cas_ptr(a, off, 2, 3)?;
        }
        "shrinkSmallMutableArray#" | "shrinkMutableByteArray#" => {
            p.arg(0)?;
            p.arg(1)?;
            p.i(I::I64Store(mem(WORD, 3)));
        }
        "sameMutableArray#"
        | "sameSmallMutableArray#"
        | "sameMutableArrayArray#"
        | "sameMutableByteArray#"
        | "sameMutVar#"
        | "reallyUnsafePtrEquality#" => p.ptr_eq()?,

        // ----- byte arrays -----
        "newByteArray#" => {
            p.arg(0)?;
            p.call("ahc_prim_new_byte_array", &[I64], &[I32]);
        }
        "newPinnedByteArray#" => {
            p.arg(0)?;
            p.i(I::I64Const(16));
            p.call("ahc_prim_new_pinned_byte_array", &[I64, I64], &[I32]);
        }
        "newAlignedPinnedByteArray#" => {
            p.arg(0)?;
            p.arg(1)?;
            p.call("ahc_prim_new_pinned_byte_array", &[I64, I64], &[I32]);
        }
        "byteArrayContents#" => {
            p.arg(0)?;
            p.i(I::I64ExtendI32U);
            p.i(I::I64Const(HDR as i64));
            p.i(I::I64Add);
        }
        "isMutableByteArrayPinned#" | "isByteArrayPinned#" => {
            p.arg(0)?;
            p.call("ahc_prim_is_pinned", &[I32], &[I64]);
        }
        "resizeMutableByteArray#" => {
            p.arg(0)?;
            p.arg(1)?;
            p.call("ahc_prim_resize_byte_array", &[I32, I64], &[I32]);
        }
        "compareByteArrays#" => {
            p.payload_addr(0, 1)?;
            p.payload_addr(2, 3)?;
            p.arg(4)?;
            p.call("ahc_prim_memcmp", &[I32, I32, I64], &[I64]);
        }
        "copyByteArray#" | "copyMutableByteArray#" => {
            p.copy(|p| p.payload_addr(2, 3), |p| p.payload_addr(0, 1), 4, 0)?
        }
        "copyByteArrayToAddr#" | "copyMutableByteArrayToAddr#" => {
            p.copy(|p| p.arg32(2), |p| p.payload_addr(0, 1), 3, 0)?
        }
        "copyAddrToByteArray#" => p.copy(|p| p.payload_addr(1, 2), |p| p.arg32(0), 3, 0)?,
        "setByteArray#" => {
            p.payload_addr(0, 1)?;
            p.arg32(3)?;
            p.arg32(2)?;
            p.i(I::MemoryFill(0));
        }
        "atomicReadIntArray#" => p.load_elem(0, true, 1, Elem::W64)?,
        "atomicWriteIntArray#" => p.store_elem(0, true, 1, 2, Elem::W64)?,
        "casIntArray#" => {
            let off = p.elem_addr(0, true, 1, 3)?;
            p.cas_word(off, 2, 3)?;
        }
        "fetchAddIntArray#" | "fetchSubIntArray#" | "fetchAndIntArray#" | "fetchNandIntArray#"
        | "fetchOrIntArray#" | "fetchXorIntArray#" => {
            let (op, invert) = match name {
                "fetchAddIntArray#" => (I::I64Add, false),
                "fetchSubIntArray#" => (I::I64Sub, false),
                "fetchAndIntArray#" => (I::I64And, false),
                "fetchNandIntArray#" => (I::I64And, true),
                "fetchOrIntArray#" => (I::I64Or, false),
                _ => (I::I64Xor, false),
            };
            let off = p.elem_addr(0, true, 1, 3)?;
            p.rmw_word(off, 2, &[op], invert)?;
        }

        // ----- Addr# -----
        "atomicExchangeAddrAddr#" | "atomicExchangeWordAddr#" => {
            p.arg32(0)?;
            p.rmw_word(0, 1, &[], false)?;
        }
        "atomicCasAddrAddr#" | "atomicCasWordAddr#" => {
            p.arg32(0)?;
            p.cas_word(0, 1, 2)?;
        }

        // ----- MutVar# -----
        "newMutVar#" => {
            p.arg(0)?;
            p.call("ahc_prim_new_mut_var", &[I32], &[I32]);
        }
        "readMutVar#" => {
            p.arg(0)?;
            p.i(I::I32Load(mem(WORD, 2)));
        }
        "writeMutVar#" => {
            p.arg(0)?;
            p.arg(1)?;
            p.i(I::I64ExtendI32U);
            p.i(I::I64Store(mem(WORD, 3)));
        }
        "casMutVar#" => {
            p.arg(0)?;
            let mv = p.set_new(I32);
            p.cas_ptr(mv, WORD, 1, 2)?;
        }

        // ----- stable pointers and names (the runtime's tables) -----
        "makeStablePtr#" => {
            p.arg(0)?;
            p.call("ahc_rts_make_stable_ptr", &[I32], &[I64]);
        }
        "deRefStablePtr#" => {
            p.arg(0)?;
            p.call("ahc_rts_deref_stable_ptr", &[I64], &[I32]);
        }
        "eqStablePtr#" => {
            p.arg(0)?;
            p.arg(1)?;
            p.i(I::I64Eq);
            p.i(I::I64ExtendI32U);
        }
        "makeStableName#" => {
            p.arg(0)?;
            p.call("ahc_rts_make_stable_name", &[I32], &[I32]);
        }
        "eqStableName#" => {
            p.arg(0)?;
            p.i(I::I64Load(mem(WORD, 3)));
            p.arg(1)?;
            p.i(I::I64Load(mem(WORD, 3)));
            p.i(I::I64Eq);
            p.i(I::I64ExtendI32U);
        }
        "stableNameToInt#" => {
            p.arg(0)?;
            p.i(I::I64Load(mem(WORD, 3)));
        }

        // ----- nothing to do here -----
        // `touch#` keeps its argument alive up to this point: it is live in a local anyway.
        "touch#" | "noDuplicate#" | "traceEvent#" | "traceBinaryEvent#" | "traceMarker#" => {}
        // Not profiling: no cost-centre stacks.
        "getCCSOf#" | "getCurrentCCS#" => p.i(I::I64Const(0)),
        // Sparks are never run without a parallel runtime; GHC's `par#` always returns 1.
        "par#" => p.i(I::I64Const(1)),
        "spark#" => {
            p.arg(0)?;
        }
        // A heap pointer seen as an address and back (the bytecode interpreter's primops).
        "anyToAddr#" => {
            p.arg(0)?;
            p.i(I::I64ExtendI32U);
        }
        "addrToAny#" => p.arg32(0)?,
        _ => return Ok(false),
    }
    Ok(true)
}
