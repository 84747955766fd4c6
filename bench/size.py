"""Where the bytes of a linked ahc program go: code and data by origin (runtime, glue, each
Haskell module), by kind of symbol (entry code, slow entries, return points, info tables,
closures, strings, the runtime's tables), and the largest symbols.

It links the program again with the linker's map (`--Map`, added by a wrapper given to ahc-link
as AHC_LLD) and the names kept (AHC_KEEP_NAMES=1), so sizes are the linked chunks' own. Not a
test. Usage: python3 bench/size.py [program.hs] [--top N] [--keep DIR]
(default program: hello world; bench/run.sh builds ahc-link first.)
"""

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the binaries' location, the linker wrapper's lookup)

CHUNK = re.compile(r"^\s*(\S+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s+(\S.*):\((.*)\)$")
SECTION = re.compile(r"^\s*-\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([A-Z]+(?:\([^)]*\))?)$")
# an output data segment inside DATA: .rodata, .data, .bss (.bss is not in the file)
SEGMENT = re.compile(r"^\s*[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+(\.[a-z]+)$")


def origin(path):
    """`runtime`, `glue`, `Main` or the package-module of a library object."""
    name = Path(path).name
    if "libahc_rts" in path:
        return "runtime (Rust)"
    if name.startswith("libcompiler_builtins") or "compiler_builtins" in path:
        return "runtime (compiler-builtins)"
    if name == "glue.o":
        return "glue"
    if name == "<internal>":
        return "linker-synthesised"
    return name[:-2] if name.endswith(".o") else name


def package(org):
    for p in ("ghc-prim", "ghc-bignum", "base"):
        if org.startswith(p + "-"):
            return p
    return org


def kind(sym, section):
    """A coarse kind of a chunk from its symbol's suffix (the code generator's naming)."""
    s = sym.split(".")[-1] if section == "DATA" else sym
    if section == "CODE":
        if s.startswith("_ZN") or not re.match(r"^(base|ghczmprim|ghczmbignum|main|ahc)_", s):
            return "code: runtime functions"
        for suf, k in (("_slow", "code: _slow (arity-generic entries)"), ("_entry", "code: _entry"),
                       ("_info", "code: info entry")):
            if s.endswith(suf):
                return k
        if re.search(r"_(ret|alts)\d+$", s):
            return "code: return points / case alternatives"
        return "code: other Haskell"
    if s.endswith("_con_info"):
        return "data: constructor info tables"
    if s.endswith("_info"):
        return "data: info tables"
    if s.endswith("_closure"):
        return "data: static closures"
    if s.endswith("_bytes") or re.search(r"_str\d*$", s):
        return "data: string literals"
    if sym.startswith(".rodata") or sym.startswith(".data") or sym.startswith(".bss") or sym.startswith(".tdata"):
        return "data: runtime / other"
    return "data: other"


def parse_map(text):
    """[(output section, origin, symbol, size)] of every input chunk, plus section totals."""
    chunks, totals, section = [], {}, None
    for line in text.splitlines():
        m = SECTION.match(line)
        if m:
            section = m.group(3)
            totals[section] = int(m.group(2), 16)
            continue
        m = SEGMENT.match(line)
        if m and section in ("DATA", "BSS"):
            # zero-initialised data takes no bytes in the module
            section = "BSS" if m.group(2) == ".bss" else "DATA"
            if section == "BSS":
                totals["BSS"] = int(m.group(1), 16)
            continue
        m = CHUNK.match(line)
        if m and section in ("CODE", "DATA"):
            chunks.append((section, origin(m.group(4)), m.group(5), int(m.group(3), 16)))
    return chunks, totals


def table(title, counter, total, top=None):
    print(title)
    items = counter.most_common(top)
    for k, (n, c) in items:
        print(f"  {n:>9} B {100 * n / total:5.1f}%  {c:>5} chunks  {k}")
    rest = sum(n for _, (n, _) in counter.items()) - sum(n for _, (n, _) in items)
    if top and rest:
        print(f"  {rest:>9} B {100 * rest / total:5.1f}%          the rest")
    print()


class Acc(collections.Counter):
    """key -> (bytes, chunks), ordered by bytes."""

    def add(self, key, n):
        b, c = self.get(key, (0, 0))
        self[key] = (b + n, c + 1)

    def most_common(self, n=None):
        return sorted(self.items(), key=lambda kv: -kv[1][0])[:n]


# ---------------------------------------------------------------------------------------------
# Why a module is linked: the reference graph of the linked module (linked again with
# --emit-relocs, which keeps the relocations and the symbol table), searched from the exports.

def uleb(b, i):
    v = shift = 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return v, i


def sleb(b, i):
    v = shift = 0
    while True:
        x = b[i]
        i += 1
        v |= (x & 0x7F) << shift
        shift += 7
        if x < 0x80:
            return (v - (1 << shift) if x & 0x40 else v), i


def name(b, i):
    n, i = uleb(b, i)
    return b[i:i + n].decode("utf-8", "replace"), i + n


# relocation types with an addend (tool-conventions/Linking.md)
ADDEND = {3, 4, 5, 8, 9, 11, 14, 15, 16, 17, 21, 22, 23, 25}


def reference_graph(b):
    """(node names, edges {node: set(node)}, roots, sizes): nodes are functions and data symbols
    (bytes: a function's body, a data symbol's extent; zero-initialised data counts too)."""
    i, sections = 8, []
    while i < len(b):
        sid, i = b[i], i + 1
        size, i = uleb(b, i)
        sections.append((sid, i, size))
        i += size
    imported, body_starts, seg_starts, exports, sizes = 0, [], [], [], {}
    syms, relocs = [], []
    for idx, (sid, start, size) in enumerate(sections):
        j = start
        if sid == 2:  # imports: count the functions
            n, j = uleb(b, j)
            for _ in range(n):
                _, j = name(b, j)
                _, j = name(b, j)
                k, j = b[j], j + 1
                if k == 0:
                    _, j = uleb(b, j)
                    imported += 1
                elif k == 1:
                    j += 1
                    fl, j = uleb(b, j)
                    _, j = uleb(b, j)
                    if fl & 1:
                        _, j = uleb(b, j)
                elif k == 2:
                    fl, j = uleb(b, j)
                    _, j = uleb(b, j)
                    if fl & 1:
                        _, j = uleb(b, j)
                elif k == 3:
                    j += 2
        elif sid == 7:
            n, j = uleb(b, j)
            for _ in range(n):
                _, j = name(b, j)
                k, j = b[j], j + 1
                x, j = uleb(b, j)
                if k == 0:
                    exports.append(x)
        elif sid == 10:
            n, j = uleb(b, j)
            for f in range(n):
                sz, j2 = uleb(b, j)
                body_starts.append((j - start, imported + f))
                sizes[f"F:{imported + f}"] = j2 + sz - j
                j = j2 + sz
        elif sid == 11:
            n, j = uleb(b, j)
            for _ in range(n):
                fl, j = uleb(b, j)
                if fl == 2:
                    _, j = uleb(b, j)
                if fl != 1:
                    while b[j] != 0x0B:
                        j += 1
                    j += 1
                sz, j = uleb(b, j)
                seg_starts.append(j - start)
                j += sz
        elif sid == 0:
            nm, j = name(b, j)
            if nm == "linking":
                _, j = uleb(b, j)
                end = start + size
                while j < end:
                    ty, j = b[j], j + 1
                    ln, j = uleb(b, j)
                    nxt = j + ln
                    if ty == 8:
                        n, j = uleb(b, j)
                        for _ in range(n):
                            kind, j = b[j], j + 1
                            flags, j = uleb(b, j)
                            undefined = flags & 0x10
                            if kind in (0, 2, 4, 5):
                                x, j = uleb(b, j)
                                nm2 = None
                                if not undefined or flags & 0x40:
                                    nm2, j = name(b, j)
                                syms.append(("F", x, nm2) if kind == 0 else ("-", None, nm2))
                            elif kind == 1:
                                nm2, j = name(b, j)
                                if undefined:
                                    syms.append(("-", None, nm2))
                                else:
                                    seg, j = uleb(b, j)
                                    off, j = uleb(b, j)
                                    sz, j = uleb(b, j)
                                    syms.append(("D", (seg, off, sz), nm2))
                            else:
                                _, j = uleb(b, j)
                                syms.append(("-", None, None))
                    j = nxt
            elif nm.startswith("reloc."):
                target, j = uleb(b, j)
                n, j = uleb(b, j)
                for _ in range(n):
                    ty, j = b[j], j + 1
                    off, j = uleb(b, j)
                    x, j = uleb(b, j)
                    if ty in ADDEND:
                        _, j = sleb(b, j)
                    relocs.append((sections[target][0], off, x))
    fname = {}
    data_ranges = []  # (start in the data section, end, node)
    for kind, x, nm in syms:
        if kind == "F" and nm and x >= imported:
            fname.setdefault(x, nm)
        elif kind == "D" and x[2] and x[0] < len(seg_starts):
            seg, off, sz = x
            data_ranges.append((seg_starts[seg] + off, seg_starts[seg] + off + sz, "D:" + nm))
            sizes["D:" + nm] = sz
    data_ranges.sort()
    code_keys = [o for o, _ in body_starts]
    data_keys = [r[0] for r in data_ranges]
    node_name = {f"F:{f}": fname.get(f, f"func{f}") for _, f in body_starts}
    node_name.update({r[2]: r[2][2:] for r in data_ranges})

    def target_node(x):
        kind, v, nm = syms[x]
        if kind == "F":
            return f"F:{v}" if v >= imported else None
        if kind == "D":
            return "D:" + nm
        return None

    edges = collections.defaultdict(set)
    import bisect
    for sid, off, x in relocs:
        if sid == 10:
            k = bisect.bisect_right(code_keys, off) - 1
            src = f"F:{body_starts[k][1]}" if k >= 0 else None
        elif sid == 11:
            k = bisect.bisect_right(data_keys, off) - 1
            src = data_ranges[k][2] if k >= 0 and off < data_ranges[k][1] else None
        else:
            src = None
        dst = target_node(x)
        if src and dst and src != dst:
            edges[src].add(dst)
    return node_name, edges, [f"F:{e}" for e in exports], sizes


def module_of(sym):
    """`package:Module` of a Haskell symbol (z-encoded `pkg_Mod_occ`), else `runtime`/`glue`."""
    m = re.match(r"^(base|ghczmprim|ghczmbignum|main)_([A-Za-z0-9]+?)_", sym)
    if not m:
        return "runtime/glue"
    pkg = {"ghczmprim": "ghc-prim", "ghczmbignum": "ghc-bignum"}.get(m.group(1), m.group(1))
    mod = re.sub(r"z(.)", lambda z: {"i": ".", "m": "-", "u": "_", "z": "z"}.get(z.group(1), z.group(0)),
                 m.group(2))
    return f"{pkg}:{mod}"


def reachable(edges, roots, skip=lambda n: False):
    seen, stack = set(), [r for r in roots if not skip(r)]
    while stack:
        n = stack.pop()
        if n not in seen:
            seen.add(n)
            stack.extend(m for m in edges.get(n, ()) if not skip(m))
    return seen


def cuts(wasm, groups):
    """Bytes that go if the modules of each group were not referenced: those modules plus
    whatever is reachable only through them (an upper bound for what removing them saves)."""
    names, edges, roots, sizes = reference_graph(wasm)
    total = sum(sizes.get(n, 0) for n in reachable(edges, roots))
    print(f"what references keep (reachable bytes from the exports: {total}):")
    for g in groups:
        pats = g.split(",")
        left = reachable(edges, roots, lambda n: any(p in module_of(names.get(n, "")) for p in pats))
        gone = total - sum(sizes.get(n, 0) for n in left)
        print(f"  {gone:>8} B {100 * gone / total:5.1f}%  without {g}")
    print()


def why(wasm, modules, per_module):
    names, edges, roots, _ = reference_graph(wasm)
    parent, order, queue = {r: None for r in roots}, [], list(roots)
    while queue:
        n = queue.pop(0)
        order.append(n)
        for m in sorted(edges.get(n, ())):
            if m not in parent:
                parent[m] = n
                queue.append(m)
    unreached = [n for n in names if n not in parent]
    print(f"reference graph: {len(names)} functions and data symbols, {sum(map(len, edges.values()))} references; "
          f"{len(unreached)} not reachable from the exports (kept by the linker for other reasons, e.g. "
          f"a chunk shared with a live symbol)\n")
    first = {}
    for n in order:
        first.setdefault(module_of(names[n]), n)
    for mod in modules:
        hits = [m for m in first if mod in m]
        for m in hits[:per_module]:
            chain, n = [], first[m]
            while n is not None:
                chain.append(names[n])
                n = parent[n]
            # one line per module crossed, with the first and last symbol in it
            steps = []
            for c in reversed(chain):
                if steps and steps[-1][0] == module_of(c):
                    steps[-1][2] = c
                else:
                    steps.append([module_of(c), c, c])
            print(f"why {m} (depth {len(chain) - 1}):")
            for mm, a, z in steps:
                print(f"    {mm:<30} {a}" + (f" .. {z}" if z != a else ""))
        if not hits:
            print(f"why {mod}: not linked")
    print()


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("program", nargs="?")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--keep", help="also write the map and the named .wasm into this directory")
    ap.add_argument("--why", action="append", default=[],
                    help="print the chain of references from the exports to this module (substring of "
                         "`package:Module`; repeatable)")
    ap.add_argument("--cut", action="append", default=[],
                    help="print how many bytes hang on these modules (comma-separated substrings of "
                         "`package:Module`; repeatable)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(args.program).resolve() if args.program else Path(tmp) / "hello.hs"
        if not args.program:
            src.write_text(bench.HELLO)
        wrapper, _ = bench.lld_wrapper(tmp)
        if wrapper is None:
            sys.exit("size: rust-lld not found (set AHC_LLD)")
        lld = re.search(r'"([^"]+)" "\$@"', wrapper.read_text()).group(1)
        mapfile = Path(tmp) / "out.map"
        wrapper.write_text(f'#!/bin/sh\nexec "{lld}" "$@" --Map={mapfile}\n')
        out = Path(tmp) / "out"
        env = dict(os.environ, AHC_LLD=str(wrapper), AHC_KEEP_NAMES="1")
        subprocess.run([bench.AHC_LINK, "--input-hs", src, "--output-directory", out], check=True, env=env)
        text = mapfile.read_text()
        if args.why or args.cut:
            wrapper.write_text(f'#!/bin/sh\nfor a; do shift; [ "$a" = --strip-all ] || set -- "$@" "$a"; done\n'
                               f'exec "{lld}" "$@" --emit-relocs\n')
            rel = Path(tmp) / "rel"
            subprocess.run([bench.AHC_LINK, "--input-hs", src, "--output-directory", rel], check=True, env=env)
            relocated = (rel / f"{src.stem}.wasm").read_bytes()
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            (Path(args.keep) / "out.map").write_text(text)
            (Path(args.keep) / f"{src.stem}.named.wasm").write_bytes((out / f"{src.stem}.wasm").read_bytes())
    chunks, totals = parse_map(text)
    code, data = totals.get("CODE", 0), totals.get("DATA", 0)
    whole = sum(v for k, v in totals.items() if k not in ("CUSTOM(name)", "BSS"))
    print(f"{src.name}: {whole} B without the name section; code {code} B, data {data} B, "
          f"elem {totals.get('ELEM', 0)} B, function {totals.get('FUNCTION', 0)} B, type {totals.get('TYPE', 0)} B "
          f"(and {totals.get('BSS', 0)} B of zero-initialised memory, not in the file)\n")
    by_pkg, by_kind, by_mod, syms = Acc(), Acc(), Acc(), Acc()
    for sec, org, sym, n in chunks:
        by_pkg.add(f"{sec:<4} {package(org)}", n)
        by_kind.add(kind(sym, sec), n)
        by_mod.add(f"{org}", n)
        syms.add(f"{sec:<4} {sym}  [{org}]", n)
    table("by origin (code and data):", by_pkg, code + data)
    table("by kind:", by_kind, code + data)
    table(f"largest modules (code + data), top {args.top}:", by_mod, code + data, args.top)
    table(f"largest chunks, top {args.top}:", syms, code + data, args.top)
    if args.why:
        why(relocated, args.why, 3)
    if args.cut:
        cuts(relocated, args.cut)


if __name__ == "__main__":
    main(sys.argv[1:])
