#!/usr/bin/env python3
"""Generates crates/ahc-rts/src/libc/unicode_tables.rs from GHC's base/cbits/WCsubst.c.

Usage:
    python3 scripts/gen-unicode-tables.py GHC_SRC [OUTPUT]

GHC_SRC is the GHC source tree (e.g. $HOME/.ahc/src/ghc-9.0.2), its libraries/base directory,
or the WCsubst.c file itself.  OUTPUT defaults to crates/ahc-rts/src/libc/unicode_tables.rs
next to this script.  Python 3, standard library only.

WCsubst.c (written by base's `ubconfc` from UnicodeData.txt) describes every code point by a
*rule* (general category, its bit mask, and the upper/lower/title case distances) in three sorted
block tables: `allchars` (categories), `convchars` (case conversions) and `spacechars`
(`u_iswspace`).  We expand those tables to one value per code point, re-encode them compactly
(see the layout notes written into the output), decode our encoding again and check that it
gives back exactly the same values for every code point 0..=0x10FFFF before writing anything.
"""

import bisect
import os
import re
import sys

MAX_CP = 0x110000
CATS = ["LU", "LL", "LT", "LM", "LO", "MN", "MC", "ME", "ND", "NL", "NO", "PC", "PD", "PS",
        "PE", "PI", "PF", "PO", "SM", "SC", "SK", "SO", "ZS", "ZL", "ZP", "CC", "CF", "CS",
        "CO", "CN"]
CN = CATS.index("CN")
ZS = CATS.index("ZS")

# The category stream (see `layout` below).
ALT = 30             # value of a header byte: alternating pair of categories
INLINE_LEN = 7       # header lengths 1..=7 are inline
CHECK_EVERY = 32     # a checkpoint every this many runs
# Kinds of case entries.
K_UPPER, K_LOWER, K_ALT, K_EVEN_UPPER, K_EVEN_LOWER, K_SPECIAL = range(6)
KIND_NAMES = ["UPPER", "LOWER", "ALT", "EVEN_UPPER", "EVEN_LOWER", "SPECIAL"]
MAX_CASE_LEN = 256


def fail(msg):
    sys.exit("gen-unicode-tables: " + msg)


def find_source(arg):
    for cand in (arg,
                 os.path.join(arg, "cbits", "WCsubst.c"),
                 os.path.join(arg, "libraries", "base", "cbits", "WCsubst.c")):
        if os.path.isfile(cand):
            return cand
    fail("no WCsubst.c at or under " + arg)


def unicode_version(wcsubst):
    hdr = os.path.join(os.path.dirname(wcsubst), "..", "include", "UnicodeVersion.h")
    try:
        m = re.search(r"UNICODE_VERSION_NUMS \[([0-9,]+)\]", open(hdr).read())
    except OSError:
        m = None
    if not m:
        fail("no UNICODE_VERSION_NUMS in " + hdr)
    return m.group(1).replace(",", ".")


def parse(src):
    enum = re.search(r"enum \{(.*?)\};", src, re.S).group(1)
    if re.findall(r"NUMCAT_(\w+)", enum) != CATS:
        fail("NUMCAT enum is not in the order of GHC.Unicode.GeneralCategory")
    bits = {k: int(v) for k, v in re.findall(r"#define GENCAT_(\w+) (\d+)", src)}
    if sorted(bits) != sorted(CATS[:-1]):
        fail("unexpected GENCAT_ defines")
    for k, v in bits.items():
        if v & (v - 1) or v == 0:
            fail("GENCAT_%s is not a single bit" % k)
    rules = {}
    for m in re.finditer(r"static const struct _convrule_ (rule\d+)=\{GENCAT_(\w+), NUMCAT_(\w+),"
                         r" (-?\d+), (-?\d+), (-?\d+), (-?\d+)\};", src):
        name, gencat, numcat, possible, up, low, title = m.groups()
        if gencat != numcat:
            fail(name + ": GENCAT and NUMCAT disagree")
        rules[name] = (CATS.index(numcat), int(possible), int(up), int(low), int(title))
    if len(rules) != int(re.search(r"#define NUM_RULES (\d+)", src).group(1)):
        fail("rule count mismatch")
    if not re.search(r"nullrule=\{0,NUMCAT_CN,0,0,0,0\}", src):
        fail("nullrule is not {0,NUMCAT_CN,0,0,0,0}")

    def blocks(name, count_define):
        body = re.search(r"struct _charblock_ " + name + r"\[\]=\{(.*?)\};", src, re.S).group(1)
        bl = [(int(s), int(n), r) for s, n, r in re.findall(r"\{(\d+), (\d+), &(rule\d+)\}", body)]
        if len(bl) != int(re.search(r"#define " + count_define + r" (\d+)", src).group(1)):
            fail(name + ": block count mismatch")
        end = 0
        for s, n, r in bl:
            if s < end or n <= 0 or s + n > MAX_CP or r not in rules:
                fail(name + ": blocks not sorted, overlapping or out of range")
            end = s + n
        return bl

    allchars = blocks("allchars", "NUM_BLOCKS")
    convchars = blocks("convchars", "NUM_CONVBLOCKS")
    spacechars = blocks("spacechars", "NUM_SPACEBLOCKS")
    # checkattr searches only the first NUM_LAT1BLOCKS blocks for c < 256: those must hold all
    # of Latin-1's blocks, so that the restriction changes no answer.
    lat1 = int(re.search(r"#define NUM_LAT1BLOCKS (\d+)", src).group(1))
    if any(s < 256 for s, _, _ in allchars[lat1:]):
        fail("a Latin-1 block lies beyond NUM_LAT1BLOCKS")
    return bits, rules, allchars, convchars, spacechars


def varint(n):
    out = []
    while True:
        if n < 0x80:
            out.append(n)
            return out
        out.append(0x80 | (n & 0x7F))
        n >>= 7


def encode_categories(cat):
    runs = []  # [start, length, value]
    for c in range(MAX_CP):
        if runs and runs[-1][2] == cat[c]:
            runs[-1][1] += 1
        else:
            runs.append([c, 1, cat[c]])
    # Merge stretches of single code points alternating between two categories (Lu, Ll, Lu…).
    merged = []
    i = 0
    while i < len(runs):
        s, n, v = runs[i]
        if n == 1 and i + 1 < len(runs) and runs[i + 1][1] == 1:
            pair = (v, runs[i + 1][2])
            j = i
            while j < len(runs) and runs[j][1] == 1 and runs[j][2] == pair[(j - i) % 2]:
                j += 1
            if j - i >= 4:
                merged.append((s, j - i, pair))
                i = j
                continue
        merged.append((s, n, v))
        i += 1
    pairs = []
    stream = []
    check_start = []
    check_offset = []
    for k, (s, n, v) in enumerate(merged):
        if k % CHECK_EVERY == 0:
            check_start.append(s)
            check_offset.append(len(stream))
        head = ALT if isinstance(v, tuple) else v
        if n <= INLINE_LEN:
            stream.append(head | (n - 1) << 5)
        else:
            stream.append(head | INLINE_LEN << 5)
            stream.extend(varint(n - INLINE_LEN - 1))
        if isinstance(v, tuple):
            if v not in pairs:
                pairs.append(v)
            stream.append(pairs.index(v))
    if len(stream) > 0xFFFF or len(pairs) > 256:
        fail("category stream too large for its index types")
    return stream, check_start, check_offset, pairs, len(merged)


def decode_categories(stream, check_start, check_offset, pairs):
    """Python model of `gencat` in unicode.rs, run over the whole stream: the category of every
    code point, and for every run its (start, offset in the stream)."""
    cats = []
    starts = []
    pos = 0
    while pos < len(stream):
        starts.append((len(cats), pos))
        b = stream[pos]
        pos += 1
        n = (b >> 5) + 1
        if n == INLINE_LEN + 1:
            shift = extra = 0
            while True:
                x = stream[pos]
                pos += 1
                extra |= (x & 0x7F) << shift
                shift += 7
                if not x & 0x80:
                    break
            n += extra
        v = b & 31
        if v == ALT:
            pair = pairs[stream[pos]]
            pos += 1
            cats.extend(pair[i % 2] for i in range(n))
        else:
            cats.extend([v] * n)
    if starts[::CHECK_EVERY] != list(zip(check_start, check_offset)):
        fail("category checkpoints wrong")
    return cats


def shape(t):
    up, low, title = t
    if up == 0 and title == 0 and low != 0:
        return K_UPPER, low
    if low == 0 and up == title and up != 0:
        return K_LOWER, up
    return None


def encode_case(triples):
    entries = []  # (start, length, kind, delta)
    specials = []
    zero = (0, 0, 0)
    c = 0
    while c < MAX_CP:
        t = triples[c]
        if t == zero:
            c += 1
            continue
        sh = shape(t)
        # Alternating upper/lower pairs: (0,d,0), (-d,0,-d), (0,d,0)…
        if sh and sh[0] == K_UPPER:
            d = sh[1]
            pat = (t, (-d, 0, -d))
            n = 0
            while c + n < MAX_CP and n < MAX_CASE_LEN and triples[c + n] == pat[n % 2]:
                n += 1
            if n >= 4:
                entries.append((c, n, K_ALT, d))
                c += n
                continue
        # Every other code point: t, 0, t, 0, t…
        if sh:
            n = 0
            while (c + n < MAX_CP and n < MAX_CASE_LEN
                   and triples[c + n] == (t if n % 2 == 0 else zero)):
                n += 1
            if n % 2 == 0:
                n -= 1  # end on t
            if n >= 3:
                kind = K_EVEN_UPPER if sh[0] == K_UPPER else K_EVEN_LOWER
                entries.append((c, n, kind, sh[1]))
                c += n
                continue
        n = 0
        while c + n < MAX_CP and n < MAX_CASE_LEN and triples[c + n] == t:
            n += 1
        if sh:
            entries.append((c, n, sh[0], sh[1]))
        else:
            if t not in specials:
                specials.append(t)
            entries.append((c, n, K_SPECIAL, specials.index(t)))
        c += n
    return entries, specials


def decode_case(c, starts, entries, specials):
    """Python model of `case_deltas` in unicode.rs."""
    lo = bisect.bisect_right(starts, c)
    if lo == 0:
        return (0, 0, 0)
    s, n, kind, d = entries[lo - 1]
    off = c - s
    if off >= n:
        return (0, 0, 0)
    odd = off % 2 == 1
    if kind == K_UPPER:
        return (0, d, 0)
    if kind == K_LOWER:
        return (d, 0, d)
    if kind == K_ALT:
        return (-d, 0, -d) if odd else (0, d, 0)
    if kind == K_EVEN_UPPER:
        return (0, 0, 0) if odd else (0, d, 0)
    if kind == K_EVEN_LOWER:
        return (0, 0, 0) if odd else (d, 0, d)
    return specials[d]


def rust_array(name, ty, values, doc, per_line=16):
    out = ["/// " + line if line else "///" for line in doc]
    out.append("pub(super) static %s: [%s; %d] = [" % (name, ty, len(values)))
    for i in range(0, len(values), per_line):
        out.append("    " + " ".join("%s," % v for v in values[i:i + per_line]))
    out.append("];")
    return "\n".join(out) + "\n"


def main():
    if len(sys.argv) not in (2, 3):
        fail("usage: gen-unicode-tables.py GHC_SRC [OUTPUT]")
    path = find_source(sys.argv[1])
    here = os.path.dirname(os.path.abspath(__file__))
    output = sys.argv[2] if len(sys.argv) == 3 else os.path.join(
        here, "..", "crates", "ahc-rts", "src", "libc", "unicode_tables.rs")
    src = open(path).read()
    version = unicode_version(path)
    bits, rules, allchars, convchars, spacechars = parse(src)

    cat = [CN] * MAX_CP
    for s, n, r in allchars:
        cat[s:s + n] = [rules[r][0]] * n
    triples = [(0, 0, 0)] * MAX_CP
    for s, n, r in convchars:
        triples[s:s + n] = [rules[r][2:5]] * n
    space = []
    for s, n, r in spacechars:
        if bits[CATS[rules[r][0]]] & bits["ZS"] == 0:
            fail("a spacechars rule is not Zs (u_iswspace would answer 0 for it)")
        if space and space[-1][1] == s:
            space[-1][1] = s + n
        else:
            space.append([s, s + n])

    stream, check_start, check_offset, pairs, nruns = encode_categories(cat)
    entries, specials = encode_case(triples)
    for e in entries:
        if not 1 <= e[1] <= MAX_CASE_LEN or e[0] >= 1 << 21:
            fail("case entry out of range")
    # Check our encodings against the expanded C tables, for every code point.
    if decode_categories(stream, check_start, check_offset, pairs) != cat:
        fail("category encoding wrong")
    starts = [e[0] for e in entries]
    for c in range(MAX_CP):
        if decode_case(c, starts, entries, specials) != triples[c]:
            fail("case encoding wrong at %#x" % c)

    shifts = [bits[k].bit_length() - 1 for k in CATS[:-1]] + [32]
    case_key = ["0x%08x" % (s << 11 | (n - 1) << 3 | k) for s, n, k, _ in entries]
    case_delta = [str(d) for _, _, _, d in entries]
    size = (len(stream) + 4 * len(check_start) + 2 * len(check_offset) + 2 * len(pairs)
            + 8 * len(entries) + 12 * len(specials) + 8 * len(space) + len(shifts))

    out = []
    out.append("""\
// @generated by scripts/gen-unicode-tables.py from GHC's libraries/base/cbits/WCsubst.c
// (Unicode %s, GHC 9.0.2's base).  Do not edit; regenerate with
//     python3 scripts/gen-unicode-tables.py $HOME/.ahc/src/ghc-9.0.2
// Total size of the tables: %d bytes.
//
// Layout (decoded by `unicode.rs`, which documents the meaning of the values):
// - CAT_RUNS: the general category (index into GHC.Unicode.GeneralCategory, Cn = 29) of every
//   code point 0..0x110000 as consecutive runs from 0.  A run is a header byte `v | (n << 5)`:
//   length n + 1 if n < 7, else 8 + a LEB128 number that follows.  v < 30 is the category; v = 30
//   (ALT) is followed by an index into CAT_ALT_PAIRS, and the run's code points alternate
//   between the pair's two categories, starting with the first.
// - CAT_CHECK_START / CAT_CHECK_OFFSET: the first code point and the byte offset in CAT_RUNS of
//   runs 0, %d, 2 * %d, ... (so CAT_CHECK_START[0] = 0).
// - CASE_KEY (sorted) / CASE_DELTA: the code points with a case conversion, as entries
//   `start << 11 | (length - 1) << 3 | kind` and a delta d (for SPECIAL an index into
//   CASE_SPECIAL).  Distances (upper, lower, title) by kind at offset i of the entry:
//   UPPER (0, d, 0); LOWER (d, 0, d); ALT even i (0, d, 0), odd i (-d, 0, -d); EVEN_UPPER /
//   EVEN_LOWER as UPPER / LOWER at even i, none at odd i.  Code points in no entry: none.
// - SPACE: [start, end) of the code points for which u_iswspace is nonzero (all Zs).
// - GENCAT_SHIFT: for each category, the bit of WCsubst.c's GENCAT_ mask (32: none, for Cn).
""" % (version, size, CHECK_EVERY, CHECK_EVERY))
    out.append("\n/// Unicode version of the tables, as base's `GHC.Unicode.unicodeVersion`.\n")
    out.append("pub(super) const UNICODE_VERSION: [u8; 3] = [%s];\n" % ", ".join(version.split(".")))
    out.append("\n/// Header value of an alternating run in CAT_RUNS.\n")
    out.append("pub(super) const CAT_ALT: u8 = %d;\n" % ALT)
    out.append("\n")
    for i, name in enumerate(KIND_NAMES):
        out.append("/// Kind of a CASE_KEY entry: %s.\npub(super) const KIND_%s: u32 = %d;\n"
                   % (name, name, i))
    out.append("\n")
    out.append(rust_array("CAT_RUNS", "u8", ["0x%02x" % b for b in stream],
                          ["General categories as runs (%d runs)." % nruns]))
    out.append(rust_array("CAT_CHECK_START", "u32", ["0x%x" % s for s in check_start],
                          ["First code point of runs 0, %d, 2 * %d, ..." % (CHECK_EVERY, CHECK_EVERY)], 10))
    out.append(rust_array("CAT_CHECK_OFFSET", "u16", [str(o) for o in check_offset],
                          ["Offset in CAT_RUNS of runs 0, %d, 2 * %d, ..." % (CHECK_EVERY, CHECK_EVERY)]))
    out.append(rust_array("CAT_ALT_PAIRS", "[u8; 2]", ["[%d, %d]" % p for p in pairs],
                          ["Category pairs of alternating runs."], 8))
    out.append(rust_array("CASE_KEY", "u32", case_key,
                          ["Case conversion entries, sorted by start."], 8))
    out.append(rust_array("CASE_DELTA", "i32", case_delta,
                          ["Delta (or CASE_SPECIAL index) of each CASE_KEY entry."], 12))
    out.append(rust_array("CASE_SPECIAL", "[i32; 3]", ["[%d, %d, %d]" % t for t in specials],
                          ["(upper, lower, title) distances not of the UPPER/LOWER shapes."], 4))
    out.append(rust_array("SPACE", "[u32; 2]", ["[0x%x, 0x%x]" % tuple(r) for r in space],
                          ["Ranges [start, end) where u_iswspace answers GENCAT_ZS."], 4))
    out.append(rust_array("GENCAT_SHIFT", "u8", [str(s) for s in shifts],
                          ["Bit number of each category's GENCAT_ mask (32 for Cn: none)."], 30))
    text = "".join(out)
    with open(output, "w") as f:
        f.write(text)
    print("wrote %s: %d runs, %d case entries, %d bytes of tables"
          % (output, nruns, len(entries), size), file=sys.stderr)


if __name__ == "__main__":
    main()
