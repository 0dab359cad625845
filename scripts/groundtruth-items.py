#!/usr/bin/env python3
"""Ground-truth check: the items cargo-codegraph finds vs the compiler's own list.

For each library crate named on the command line (a package spec: `name` or
`name@version`; default: regex-syntax serde_json hashbrown itertools bytes) of an
indexed workspace, this script compares two multisets of (kind class, path):

  theirs  the items rustdoc knows, from its JSON output (`cargo +nightly rustdoc
          -p SPEC --lib -- -Z unstable-options --output-format json
          --document-private-items --document-hidden-items`, niced; cargo itself
          skips the run when its fingerprint is fresh);
  ours    the `node` rows of the same crate in <workspace>/target/codegraph.cozo.

Kind classes: function (free fns, incl. foreign fns), method (fns in inherent
and trait impls, and trait methods), struct, enum, trait, const (consts and
associated consts), static.

Rustdoc paths are rebuilt in the indexer's convention:
  * module-level items: walk the module tree from the root (`module.items`,
    skipping `use` re-exports) -> `krate::mod::Item`; rustdoc's `paths` table
    wins when an item is reachable from two modules (#[doc(inline)]);
  * trait items: `path-of-trait::name`;
  * impl items: `path-of-self-type::name` when the impl's `for` is a path to a
    type (struct/enum/union/alias) of this crate; otherwise
    `module::<impl Trait for Type>::name`, the module being the innermost one
    whose span holds the impl (inline modules only get a `mod x {` span from
    rustdoc, so their extent is found by matching braces in the source).
  * Impls of NON-LOCAL self types: kept, but the header text cannot be compared
    (our printer writes `AsRef< [u8]>`, `std::io::Error`, renamed imports;
    rustdoc has a structured type), so BOTH sides reduce that path segment to
    `<impl LastTraitSegment for Shape>`, Shape keeping references, raw
    pointers, slices, arrays, tuples, `dyn`, fn pointers and the last segment
    of each path without generics (`&'a mut [MaybeUninit<u8>]` ->
    `&mut [MaybeUninit]`). Items still unmatched then get a second, looser pass
    with the self type wildcarded (`<impl Kill for *>`) but the same file:line
    required, which absorbs aliases and `use std::process::Child as StdChild`.
  * Synthetic impls (auto traits, blanket impls) are skipped. Impls written
    inside a body (fn, const, static, `const _: () = { .. }`) are out of scope
    on both sides: rustdoc lists them, the indexer files them under the body.
  * `const _` items are out of scope: unnamed, rustdoc never lists them.

Rustdoc items are split by origin, from the source text at the item's span
(rustdoc reports a macro-generated item at the outermost macro call site):
  hand    the span starts with the item's own declaration (`fn name`, `struct
          Name`, ... after attributes, comments, visibility and qualifiers).
          This includes items passed verbatim through a macro (cfg_if!,
          `$i:item`), which keep their own spans, and items of files whose
          `mod x;` is itself written inside a macro.
  macro   the span is a macro invocation (`forward_to_deserialize_any! {`):
          the item was assembled by macro_rules or a proc macro.
  derive  the item's impl is #[automatically_derived].
  synth   no span, or a span outside the package (include!(OUT_DIR), ...).
Hand-written items whose self type is macro-generated are noted as such.

Our side is filtered to what rustdoc sees: a node is kept when its effective
cfg (the `cfg` column) holds for the host, i.e. with the values of
`rustc +nightly --print cfg`, `doc` (rustdoc sets it), `feature = "..."`, and
the `cargo:rustc-cfg=` lines of the package's newest build-script output
(target/debug/build/PKG-*/output). Features: the crate row's `features`, except
that when cargo documented the crate with a different set (read from the doc
fingerprint; e.g. resolver 2 builds a proc-macro's copy of syn with more
features and the index keeps one crate row) the rustdoc set is used and a
WARNING names the difference; --index-features forces the crate row's set.
Other cfgs (test, miri, loom, docsrs, ...) are false. A cfg column that is a
bare list (`a, b`, which no cfg attribute can produce) is read as `all(a, b)`
and reported with a WARNING as an index bug. Nodes with a
function/method/const/static ancestor on `contains` edges (items in bodies)
are dropped: rustdoc does not list them.

Matching is a multiset match on (class, path). Which rustdoc item of a key is
reported unmatched is decided by location (same file:line, then same file),
hand-written first, so listed misses point at the right source line.

Output: per crate and in total, counts, recall (hand-written and all) and
precision per kind class; the unmatched items of each side with file:line
(first --show); the unmatched generated items grouped by macro / derive; our
unmatched items grouped by a likely cause (same item indexed twice, #[test] fn
without cfg(test), inside an item-level macro call whose cfg is unknown,
under an unresolved <impl ..>). Exit status 1 when the total hand-written
recall is below --floor (default 0.99).

Usage:
  scripts/groundtruth-items.py --workspace WS [--bin CARGO_CODEGRAPH] [CRATE ...]
WS defaults to ${SCRATCH:-${TMPDIR:-/tmp}/codegraph-bench}/bench-ws (the copy
scripts/bench-corpus makes) and must be indexed (`cargo codegraph index --deps`)
or pass --index. Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CRATES = ["regex-syntax", "serde_json", "hashbrown", "itertools", "bytes"]
CLASSES = ["function", "method", "struct", "enum", "trait", "const", "static"]
ORIGINS = ["hand", "macro", "derive", "synth"]

# our node kind -> kind class
OUR_CLASS = {
    "function": "function",
    "method": "method",
    "struct": "struct",
    "enum": "enum",
    "trait": "trait",
    "const": "const",
    "assoc_const": "const",
    "static": "static",
}
# kinds whose children live in a body (rustdoc does not list them)
BODY_KINDS = {"function", "method", "const", "assoc_const", "static"}


@dataclass
class Item:
    cls: str
    path: str
    loc: str  # file:line
    origin: str = "hand"  # rustdoc side only
    note: str = ""  # extra detail shown in the listings
    matched: bool = False


@dataclass
class Side:
    items: list[Item] = field(default_factory=list)
    excluded: list[Item] = field(default_factory=list)  # out of scope, with reason in note


# ---------------------------------------------------------------------------
# small helpers


def run(cmd: list[str], cwd: Path) -> str:
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(cmd)}")
    return p.stdout


def split_path(path: str) -> list[str]:
    """Split `a::<impl X for std::io::Error>::f` on `::` outside <...>, (...) and [...]."""
    segs, depth, cur, i = [], 0, [], 0
    while i < len(path):
        ch = path[i]
        if ch == "-" and path.startswith("->", i):
            cur.append("->")
            i += 2
            continue
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        if depth == 0 and path.startswith("::", i):
            segs.append("".join(cur))
            cur = []
            i += 2
            continue
        cur.append(ch)
        i += 1
    segs.append("".join(cur))
    return segs


# ---------------------------------------------------------------------------
# coarse impl keys (both sides)

TOKEN_RE = re.compile(
    r"""\s*(?:
      (?P<life>'[A-Za-z_][A-Za-z0-9_]*)
    | (?P<str>"(?:[^"\\]|\\.)*")
    | (?P<ident>r\#[A-Za-z_][A-Za-z0-9_]*|[A-Za-z_][A-Za-z0-9_]*)
    | (?P<num>[0-9][0-9A-Za-z_]*)
    | (?P<punct>::|->|&&|.)
    )""",
    re.X,
)


def tokenize(text: str) -> list[str]:
    toks, pos = [], 0
    while pos < len(text):
        m = TOKEN_RE.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        tok = m.group(m.lastgroup)
        if tok.strip():
            toks.append(tok)
    return toks


class TypeShape:
    """Parse a Rust type (as our indexer prints it) into the coarse shape key."""

    def __init__(self, toks: list[str]):
        self.t, self.i = toks, 0

    def peek(self, k: int = 0) -> str | None:
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def next(self) -> str | None:
        tok = self.peek()
        self.i += 1
        return tok

    def skip_balanced(self, open_: str, close: str) -> None:
        """Skip from an opening token to its matching closer (inclusive)."""
        depth = 0
        while self.peek() is not None:
            tok = self.next()
            if tok == "->":
                continue
            if tok == open_:
                depth += 1
            elif tok == close:
                depth -= 1
                if depth == 0:
                    return

    def path(self) -> str:
        """`a::b::C<..>::D<..>` -> `D` (also skips a leading `::`)."""
        last = "?"
        if self.peek() == "::":
            self.next()
        while True:
            tok = self.peek()
            if tok is None:
                return last
            if tok == "<":
                self.skip_balanced("<", ">")
                continue
            if tok == "(" and last in ("Fn", "FnMut", "FnOnce"):
                self.skip_balanced("(", ")")
                if self.peek() == "->":
                    self.next()
                    self.ty()
                continue
            if re.match(r"[A-Za-z_]", tok):
                last = tok.removeprefix("r#")
                self.next()
                if self.peek() == "::":
                    self.next()
                    continue
                if self.peek() == "<":
                    self.skip_balanced("<", ">")
                    if self.peek() == "::":
                        self.next()
                        continue
                return last
            return last

    def ty(self) -> str:
        tok = self.peek()
        if tok is None:
            return "?"
        if tok in ("&", "&&"):
            self.next()
            if self.peek() and self.peek().startswith("'"):
                self.next()
            mut = self.peek() == "mut"
            if mut:
                self.next()
            return "&" + ("mut " if mut else "") + self.ty()
        if tok == "*":
            self.next()
            mut = self.next() == "mut"
            return ("*mut " if mut else "*const ") + self.ty()
        if tok == "[":
            self.next()
            inner = self.ty()
            if self.peek() == ";":
                # array: skip the length expression up to the closing bracket
                depth = 1
                while self.peek() is not None and depth:
                    t = self.next()
                    depth += {"[": 1, "]": -1}.get(t, 0)
                return "[" + inner + ";]"
            if self.peek() == "]":
                self.next()
            return "[" + inner + "]"
        if tok == "(":
            self.next()
            parts, trailing_comma = [], False
            while self.peek() not in (None, ")"):
                parts.append(self.ty())
                trailing_comma = False
                if self.peek() == ",":
                    self.next()
                    trailing_comma = True
            self.next()
            if len(parts) == 1 and not trailing_comma:
                return parts[0]
            return "(" + ",".join(parts) + ")"
        if tok in ("dyn", "impl"):
            self.next()
            first = self.bound()
            while self.peek() == "+":
                self.next()
                self.bound()
            return tok + " " + first
        if tok in ("fn", "unsafe", "extern") or tok == "for":
            # fn pointer (possibly `for<'a> fn`, `unsafe extern "C" fn`)
            while self.peek() not in (None, "("):
                if self.peek() == "<":
                    self.skip_balanced("<", ">")
                else:
                    self.next()
            self.skip_balanced("(", ")")
            if self.peek() == "->":
                self.next()
                self.ty()
            return "fn"
        if tok == "<":
            # qualified path `<T as Trait>::Name`
            self.skip_balanced("<", ">")
            if self.peek() == "::":
                self.next()
            return self.path()
        if tok == "!":
            self.next()
            return "!"
        if tok == "_":
            self.next()
            return "_"
        return self.path()

    def bound(self) -> str:
        if self.peek() and self.peek().startswith("'"):
            self.next()
            return "'_"
        if self.peek() == "?":
            self.next()
        if self.peek() == "for":
            self.next()
            self.skip_balanced("<", ">")
        return self.path()


def impl_key(trait: str | None, self_shape: str, negative: bool = False) -> str:
    if trait is None:
        return f"<impl {self_shape}>"
    return f"<impl {'!' if negative else ''}{trait} for {self_shape}>"


def our_impl_key(segment: str) -> str:
    """`<impl From<&'a mut [u8]> for &'a mut UninitSlice>` -> `<impl From for &mut UninitSlice>`."""
    inner = segment[len("<impl") : -1].strip()
    toks = tokenize(inner)
    p = TypeShape(toks)
    if p.peek() == "<":  # impl generics, if the printer ever keeps them
        p.skip_balanced("<", ">")
    negative = p.peek() == "!"
    if negative:
        p.next()
    first = p.ty()
    if p.peek() == "for":
        p.next()
        return impl_key(first, p.ty(), negative)
    return impl_key(None, first)


def normalize_our_path(path: str) -> str:
    segs = split_path(path)
    return "::".join(our_impl_key(s) if s.startswith("<impl") and s.endswith(">") else s for s in segs)


def rd_shape(ty) -> str:
    """Coarse shape of a rustdoc JSON Type."""
    if not isinstance(ty, dict):
        return "?"
    (kind, v), = ty.items()
    if kind == "resolved_path":
        return split_path(v["path"])[-1]
    if kind == "dyn_trait":
        traits = v.get("traits") or []
        return "dyn " + (split_path(traits[0]["trait"]["path"])[-1] if traits else "?")
    if kind == "impl_trait":
        return "impl ?"
    if kind in ("generic", "primitive"):
        return v
    if kind == "tuple":
        return "(" + ",".join(rd_shape(t) for t in v) + ")"
    if kind == "slice":
        return "[" + rd_shape(v) + "]"
    if kind == "array":
        return "[" + rd_shape(v["type"]) + ";]"
    if kind == "raw_pointer":
        return ("*mut " if v["is_mutable"] else "*const ") + rd_shape(v["type"])
    if kind == "borrowed_ref":
        return "&" + ("mut " if v["is_mutable"] else "") + rd_shape(v["type"])
    if kind == "function_pointer":
        return "fn"
    if kind == "qualified_path":
        return v["name"]
    if kind == "infer":
        return "_"
    return "?"


# ---------------------------------------------------------------------------
# cfg evaluation (our side)


def parse_cfg(text: str):
    """Parse a cfg predicate into nested tuples; tolerant of empty list entries (`a,,b`)."""
    toks = tokenize(text)
    pos = 0

    def pred():
        nonlocal pos
        name = toks[pos]
        pos += 1
        if name in ("all", "any", "not") and pos < len(toks) and toks[pos] == "(":
            pos += 1
            args = []
            while toks[pos] != ")":
                if toks[pos] == ",":
                    pos += 1
                    continue
                args.append(pred())
            pos += 1
            return (name, args)
        if pos < len(toks) and toks[pos] == "=":
            value = toks[pos + 1].strip('"')
            pos += 2
            return ("kv", name, value)
        return ("name", name)

    result = pred()
    if pos < len(toks) and toks[pos] == ",":
        # a bare list `a, b` (the flattened body of an `all(..)`, as some
        # index versions write it): read it as `all(a, b)`; CfgFilter reports it
        args = [result]
        while pos < len(toks) and toks[pos] == ",":
            pos += 1
            if pos < len(toks):
                args.append(pred())
        result = ("all", args)
    if pos != len(toks):
        raise ValueError(f"trailing tokens in cfg {text!r}")
    return result


def eval_cfg(node, env: set) -> bool:
    op = node[0]
    if op == "all":
        return all(eval_cfg(a, env) for a in node[1])
    if op == "any":
        return any(eval_cfg(a, env) for a in node[1])
    if op == "not":
        return not eval_cfg(node[1][0], env)
    if op == "kv":
        return (node[1], node[2]) in env
    return (node[1], None) in env


class CfgFilter:
    """Whether an effective cfg (our `cfg` column) holds in env; cached.

    `malformed` collects predicates that are not one cfg expression (a bare
    `a, b` list is read as `all(a, b)`), to be reported as index bugs.
    """

    def __init__(self, env: set):
        self.env = env
        self.cache: dict[str, bool] = {}
        self.malformed: set[str] = set()

    def holds(self, cfg: str | None) -> bool:
        if cfg is None:
            return True
        if cfg not in self.cache:
            tree = parse_cfg(cfg)
            if tree[0] == "all" and not re.match(r"\s*all\s*\(", cfg):
                self.malformed.add(cfg)
            self.cache[cfg] = eval_cfg(tree, self.env)
        return self.cache[cfg]

    def warn(self) -> None:
        for cfg in sorted(self.malformed):
            print(f"  WARNING: malformed cfg in the index (read as all(..)): {cfg!r}")


def host_cfg() -> set:
    env = set()
    out = subprocess.run(["rustc", "+nightly", "--print", "cfg"], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        env.add(cfg_pair(line))
    env.add(("doc", None))
    return env


def cfg_pair(line: str):
    if "=" in line:
        k, v = line.split("=", 1)
        return (k.strip(), v.strip().strip('"'))
    return (line.strip(), None)


def build_script_cfgs(ws: Path, package: str) -> set:
    """cfgs set by the package's build script (newest run)."""
    build = ws / "target" / "debug" / "build"
    pat = re.compile(rf"^{re.escape(package)}-[0-9a-f]{{16}}$")
    outs = [d / "output" for d in build.glob(f"{package}-*") if pat.match(d.name) and (d / "output").is_file()]
    if not outs:
        return set()
    newest = max(outs, key=lambda p: p.stat().st_mtime)
    env = set()
    for line in newest.read_text().splitlines():
        m = re.match(r"cargo::?rustc-cfg=(.*)", line.strip())
        if m:
            env.add(cfg_pair(m.group(1)))
    return env


# ---------------------------------------------------------------------------
# our side


def query(args, script: str, **params) -> list[list]:
    cmd = [args.bin, "query", "--quiet", "--format", "json", script]
    for k, v in params.items():
        cmd += ["--param", f"{k}={json.dumps(v)}"]
    return json.loads(run(cmd, args.workspace))["rows"]


def find_crate(args, spec: str) -> dict:
    name, _, version = spec.partition("@")
    rows = query(
        args,
        "?[id, name, package, version, manifest_path, root_file, features] := "
        "*crate{id, name, package, version, manifest_path, root_file, features, target_kind}, "
        "is_in(target_kind, ['lib', 'proc-macro']), "
        "name = $name",
        name=name.replace("-", "_"),
    )
    if version:
        rows = [r for r in rows if r[3] == version]
    if len(rows) != 1:
        found = ", ".join(f"{r[2]}@{r[3]}" for r in rows) or "none"
        raise SystemExit(f"{spec}: expected one indexed lib or proc-macro crate, found {found}")
    keys = ["id", "name", "package", "version", "manifest_path", "root_file", "features"]
    return dict(zip(keys, rows[0]))


# (crate ids are UUIDs; a string parameter would not compare equal, so join by name and version)
CRATE_CLAUSE = (
    "*crate{id: c, name: $name, version: $version, target_kind: tk}, "
    "is_in(tk, ['lib', 'proc-macro'])"
)


def contains_parents(args, crate: dict) -> dict:
    """node id -> id of its parent on `contains` edges, for the nodes of a crate."""
    edges = query(
        args,
        "?[src, dst] := " + CRATE_CLAUSE + ", *node{id: dst, crate_id: c}, *edge{src, dst, kind: 'contains'}",
        name=crate["name"], version=crate["version"],
    )
    return {dst: src for src, dst in edges}


def has_body_ancestor(nid, parent: dict, kind_of: dict) -> bool:
    """Whether a node has a function/method/const/static ancestor (rustdoc does not list those)."""
    anc = parent.get(nid)
    while anc is not None:
        if kind_of.get(anc) in BODY_KINDS:
            return True
        anc = parent.get(anc)
    return False


def our_items(args, crate: dict, cfgs: CfgFilter) -> Side:
    nodes = query(
        args,
        "?[id, kind, path, file, line, attrs, cfg] := " + CRATE_CLAUSE
        + ", *node{id, crate_id: c, kind, path, file, line, attrs, cfg}",
        name=crate["name"], version=crate["version"],
    )
    parent = contains_parents(args, crate)
    kind_of = {n[0]: n[1] for n in nodes}
    macro_of = {n[0]: next((a for a in n[5] if a.startswith("from_macro(")), None) for n in nodes}

    def enclosing_macro(nid):
        """from_macro(...) of the nearest ancestor found inside an item-level macro call."""
        anc = parent.get(nid)
        while anc is not None:
            if macro_of.get(anc):
                return macro_of[anc]
            anc = parent.get(anc)
        return None

    side = Side()
    for nid, kind, path, file, line, attrs, cfg in nodes:
        cls = OUR_CLASS.get(kind)
        if cls is None:
            continue
        marks = [a for a in attrs if a.startswith("from_macro(") or a == "test"]
        if not any(m.startswith("from_macro(") for m in marks) and (outer := enclosing_macro(nid)):
            marks.append("under " + outer)
        item = Item(cls, normalize_our_path(path), f"{file}:{line}", note=" ".join(marks))
        if not cfgs.holds(cfg):
            continue  # not compiled for the host: rustdoc cannot see it either
        if item.path.endswith("::_"):
            item.note = ("unnamed " + item.note).strip()
            side.excluded.append(item)  # `const _: T = ...;` has no name; rustdoc never lists it
            continue
        if has_body_ancestor(nid, parent, kind_of):
            item.note = ("in body " + item.note).strip()
            side.excluded.append(item)
            continue
        side.items.append(item)
    return side


# ---------------------------------------------------------------------------
# rustdoc side


def rustdoc_json(args, crate: dict) -> dict:
    """Generate (cargo skips it when fresh) and load target/doc/NAME.json."""
    spec = f"{crate['package']}@{crate['version']}"
    target_dir = args.workspace / "target"
    out = target_dir / "doc" / f"{crate['name']}.json"
    for attempt in range(2):
        cmd = ["nice", "-n", "10", "cargo", "+nightly", "rustdoc", "--quiet", "-p", spec, "--lib"]
        if attempt:
            # another version of the same crate name overwrote NAME.json while
            # cargo considers this one fresh: document into a separate target dir
            target_dir = args.workspace / "target" / f"groundtruth-{crate['package']}-{crate['version']}"
            out = target_dir / "doc" / f"{crate['name']}.json"
            cmd += ["--target-dir", str(target_dir)]
        cmd += ["--", "-Z", "unstable-options", "--output-format", "json",
                "--document-private-items", "--document-hidden-items"]
        run(cmd, args.workspace)
        doc = json.loads(out.read_text())
        if doc.get("crate_version") == crate["version"]:
            doc["_target_dir"] = str(target_dir)
            return doc
    raise SystemExit(f"{spec}: rustdoc JSON has version {doc.get('crate_version')}")


def doc_features(doc: dict, crate: dict) -> list[str] | None:
    """Features cargo passed to the rustdoc run, from its fingerprint (for a cross-check)."""
    fp = Path(doc["_target_dir"]) / "debug" / ".fingerprint"
    best = None
    for f in fp.glob(f"{crate['package']}-*/doc-lib-{crate['name']}.json"):
        if best is None or f.stat().st_mtime > best.stat().st_mtime:
            best = f
    if best is None:
        return None
    return json.loads(json.loads(best.read_text())["features"])


DECL_KW = {
    "function": r"(?:(?:default|const|async|unsafe|safe|extern(?:\s*\"[^\"]*\")?)\s+)*fn",
    "struct": r"struct",
    "enum": r"enum",
    "trait": r"(?:unsafe\s+)?(?:auto\s+)?trait",
    "constant": r"const",
    "assoc_const": r"const",
    "static": r"(?:unsafe\s+|safe\s+)?static(?:\s+mut)?",
}
LEADING_JUNK = re.compile(
    r"""\A(?:\s+|//[^\n]*\n|/\*.*?\*/|\#!?\[(?:[^\[\]]|\[(?:[^\[\]]|\[[^\[\]]*\])*\])*\])*""",
    re.S,
)
RAW_STR = re.compile(r'b?r(#*)"')
CHAR_LIT = re.compile(r"'(?:\\.[^']*|[^'\\])'")
UNNAMED_CONST = re.compile(r"\bconst\s+_\s*:[^=;{]*=\s*\{")
VIS = r"(?:pub(?:\s*\((?:crate|super|self|in\s+[\w:]+)\))?\s+)?"


class Sources:
    def __init__(self):
        self.cache: dict[str, list[str]] = {}

    def text_at(self, span: dict, limit: int = 4000) -> str:
        f = span["filename"]
        if f not in self.cache:
            try:
                self.cache[f] = Path(f).read_text(errors="replace").split("\n")
            except OSError:
                self.cache[f] = []
        lines = self.cache[f]
        (l0, c0), (l1, c1) = span["begin"], span["end"]
        if not lines or l0 > len(lines):
            return ""
        chunk = [lines[l0 - 1][c0 - 1 :]] + lines[l0 : min(l1, l0 + 200)]
        return "\n".join(chunk)[:limit]

    def full_text(self, filename: str) -> str:
        if filename not in self.cache:
            self.text_at({"filename": filename, "begin": [1, 1], "end": [1, 1]})
        return "\n".join(self.cache[filename])

    @staticmethod
    def line_col(text: str, offset: int) -> tuple[int, int]:
        before = text[:offset]
        return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1

    @staticmethod
    def matching_brace(text: str, i: int) -> int | None:
        """Offset of the `}` closing the `{` at offset i (skips comments, strings, chars)."""
        depth = 0
        while i < len(text):
            ch = text[i]
            if text.startswith("//", i):
                i = text.find("\n", i)
                i = len(text) if i < 0 else i
                continue
            if text.startswith("/*", i):
                nest, i = 1, i + 2
                while i < len(text) and nest:
                    if text.startswith("/*", i):
                        nest, i = nest + 1, i + 2
                    elif text.startswith("*/", i):
                        nest, i = nest - 1, i + 2
                    else:
                        i += 1
                continue
            m = RAW_STR.match(text, i)
            if m and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                close = '"' + m.group(1)
                i = text.find(close, m.end()) + len(close)
                continue
            if ch == '"':
                i += 1
                while i < len(text) and text[i] != '"':
                    i += 2 if text[i] == "\\" else 1
                i += 1
                continue
            if ch == "'":
                m = CHAR_LIT.match(text, i)
                i = m.end() if m else i + 1  # a char literal, or a lifetime
                continue
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
                if depth == 0:
                    return i
            i += 1
        return None

    def block_end(self, span: dict, name: str) -> tuple[int, int] | None:
        """End (line, col) of an inline `mod name { ... }` whose span is only its head.

        rustdoc gives inline modules the span of `mod name {`; the items' module
        is then found by matching braces.
        """
        head = LEADING_JUNK.sub("", self.text_at(span, limit=1000), count=1)
        if not re.match(VIS + r"mod\s+(?:r#)?" + re.escape(name) + r"\s*\{", head):
            return None
        text = self.full_text(span["filename"])
        lines = self.cache[span["filename"]]
        (l0, c0) = span["begin"]
        start = sum(len(x) + 1 for x in lines[: l0 - 1]) + c0 - 1
        close = self.matching_brace(text, text.index("{", start))
        return self.line_col(text, close) if close is not None else None

    def unnamed_const_blocks(self, filename: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
        """Ranges of `const _: T = { ... };` blocks (rustdoc does not list `const _`)."""
        text = self.full_text(filename)
        out = []
        for m in UNNAMED_CONST.finditer(text):
            close = self.matching_brace(text, m.end() - 1)
            if close is not None:
                out.append((self.line_col(text, m.start()), self.line_col(text, close)))
        return out


def origin_of(item: dict, rkind: str, sources: Sources, pkg_root: Path, derived: bool) -> tuple[str, str]:
    """(origin, detail) of a rustdoc item; see the module docstring."""
    span = item.get("span")
    if derived:
        return "derive", first_line(sources.text_at(span)) if span else ""
    if not span:
        return "synth", "no span"
    if not Path(span["filename"]).resolve().is_relative_to(pkg_root):
        return "synth", "outside package: " + span["filename"]
    text = sources.text_at(span)
    body = LEADING_JUNK.sub("", text, count=1)
    name = re.escape(item["name"])
    if re.match(VIS + DECL_KW[rkind] + r"\s+(?:r#)?" + name + r"\b", body):
        return "hand", ""
    return "macro", first_line(body)


def first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0][:70]


def is_automatically_derived(it: dict) -> bool:
    """Whether a rustdoc impl carries #[automatically_derived] (made by a derive)."""
    return any(a == "automatically_derived" or (isinstance(a, dict) and "automatically_derived" in json.dumps(a))
               for a in it["attrs"])


class RustdocCrate:
    """A crate's rustdoc JSON with what both ground-truth scripts need: source
    locations in the index's form, module-level paths rebuilt in the indexer's
    convention (`path_of`), the module holding a span, and whether a span lies
    in an item body (fn, const, static, `const _` block)."""

    def __init__(self, doc: dict, crate: dict, workspace: Path):
        self.doc, self.idx, self.paths = doc, doc["index"], doc["paths"]
        self.pkg_root = Path(crate["manifest_path"]).parent.resolve()
        # our `file` column is relative to the workspace (members) or to the
        # registry's source dir (dependencies): find the base that matches root_file
        self.base = next((b for b in (workspace, self.pkg_root.parent, self.pkg_root)
                          if (b / crate["root_file"]).resolve().is_relative_to(self.pkg_root)
                          and (b / crate["root_file"]).is_file()), self.pkg_root.parent)
        # spans of workspace members are relative to the workspace root
        for it in self.idx.values():
            if it.get("span") and not os.path.isabs(it["span"]["filename"]):
                it["span"]["filename"] = str(workspace / it["span"]["filename"])
        self.sources = Sources()
        self._module_tree()
        self._body_spans()

    def get(self, i):
        return self.idx.get(str(i))

    @staticmethod
    def kind(it) -> str:
        return next(iter(it["inner"]))

    def loc(self, it) -> str:
        s = it.get("span")
        if not s:
            return "?:0"
        f = Path(s["filename"])
        try:
            f = f.resolve().relative_to(self.base)
        except ValueError:
            pass
        return f"{f}:{s['begin'][0]}"

    def _module_tree(self) -> None:
        """Module tree -> paths of module-level items (`path_of`), module spans."""
        get, kind, paths = self.get, self.kind, self.paths
        self.root = root = self.doc["root"]
        self.path_of = path_of = {root: [get(root)["name"]]}
        self.modules = modules = []  # (file, begin, end, path)
        queue = [root]
        while queue:
            mid = queue.pop()
            m = get(mid)
            if m.get("span"):
                s = m["span"]
                end = self.sources.block_end(s, m["name"]) or tuple(s["end"])
                modules.append((s["filename"], tuple(s["begin"]), end, path_of[mid]))
            for cid in m["inner"]["module"]["items"]:
                c = get(cid)
                if c is None or c["crate_id"] != 0 or kind(c) == "use" or c["name"] is None:
                    continue
                p = path_of[mid] + [c["name"]]
                canon = paths.get(str(cid))
                if cid in path_of:
                    if canon and canon["path"] == p:
                        path_of[cid] = p
                    continue
                path_of[cid] = p
                if kind(c) == "module":
                    queue.append(cid)

    def module_of(self, span) -> list[str]:
        best = None
        for f, b, e, p in self.modules:
            if f == span["filename"] and b <= tuple(span["begin"]) and tuple(span["end"]) <= e:
                if best is None or b >= best[0]:
                    best = (b, p)
        return best[1] if best else self.path_of[self.root]

    def _body_spans(self) -> None:
        """Spans of item bodies (fns, consts, statics, `const _` blocks), to find
        impls written inside them."""
        self.body_spans = body_spans = collections.defaultdict(list)
        for it in self.idx.values():
            if self.kind(it) in ("function", "constant", "static", "assoc_const") and it.get("span"):
                s = it["span"]
                body_spans[s["filename"]].append((tuple(s["begin"]), tuple(s["end"])))
        for f in {it["span"]["filename"] for it in self.idx.values() if it.get("span")}:
            if Path(f).is_file():
                body_spans[f].extend(self.sources.unnamed_const_blocks(f))

    def in_body(self, span) -> bool:
        b, e = tuple(span["begin"]), tuple(span["end"])
        return any(fb < b and e <= fe for fb, fe in self.body_spans.get(span["filename"], ()))

    def local_path(self, tid) -> list[str] | None:
        """Path of a local item (a self type) by id, in the indexer's convention."""
        if tid in self.path_of:
            return self.path_of[tid]
        p = self.paths.get(str(tid))
        if p and p["crate_id"] == 0:
            return p["path"]
        return None


def rustdoc_items(doc: dict, crate: dict, workspace: Path) -> Side:
    rc = RustdocCrate(doc, crate, workspace)
    pkg_root, sources, path_of, root = rc.pkg_root, rc.sources, rc.path_of, rc.root
    idx, get, kind, loc, module_of, in_body = rc.idx, rc.get, rc.kind, rc.loc, rc.module_of, rc.in_body
    side = Side()

    origin_by_id: dict[int, str] = {}

    def add(it, rkind, cls, path, derived=False, note=""):
        origin, detail = origin_of(it, rkind, sources, pkg_root, derived)
        origin_by_id[it["id"]] = origin
        side.items.append(Item(cls, "::".join(path), loc(it), origin, (note + " " + detail).strip()))

    # 2. module-level items and trait items
    simple = {"function": "function", "struct": "struct", "enum": "enum", "trait": "trait",
              "constant": "const", "static": "static"}
    for iid, p in path_of.items():
        it = get(iid)
        k = kind(it)
        if k in simple:
            add(it, k, simple[k], p)
        if k == "trait":
            for sub in it["inner"]["trait"]["items"]:
                s = get(sub)
                if s is None:
                    continue
                sk = kind(s)
                if sk == "function":
                    add(s, sk, "method", p + [s["name"]])
                elif sk == "assoc_const":
                    add(s, sk, "const", p + [s["name"]])

    # 3. impls
    for it in idx.values():
        if kind(it) != "impl" or it["crate_id"] != 0:
            continue
        im = it["inner"]["impl"]
        if im["is_synthetic"] or im["blanket_impl"] is not None:
            continue
        derived = is_automatically_derived(it)
        for_ = im["for"]
        owner, note = None, ""
        if "resolved_path" in for_:
            tid = for_["resolved_path"]["id"]
            owner = rc.local_path(tid)
            if owner is not None and origin_by_id.get(tid, "hand") != "hand":
                note = "self type is macro-generated"
        if owner is None:
            span = it.get("span")
            mod = module_of(span) if span else path_of[root]
            trait = im.get("trait")
            tname = split_path(trait["path"])[-1] if trait else None
            owner = mod + [impl_key(tname, rd_shape(for_), im.get("is_negative", False))]
        body = bool(it.get("span")) and in_body(it["span"])
        for sub in im["items"]:
            s = get(sub)
            if s is None:
                continue
            sk = kind(s)
            cls = {"function": "method", "assoc_const": "const"}.get(sk)
            if cls is None:
                continue
            if body:
                side.excluded.append(Item(cls, "::".join(owner + [s["name"]]), loc(s), "", "impl in a body"))
                continue
            add(s, sk, cls, owner + [s["name"]], derived, note)
    return side


# ---------------------------------------------------------------------------
# comparison and report


@dataclass
class Result:
    name: str
    # class -> counters
    stats: dict = field(default_factory=lambda: collections.defaultdict(collections.Counter))
    missed: list[Item] = field(default_factory=list)  # rustdoc items we lack
    extra: list[Item] = field(default_factory=list)  # our items rustdoc lacks
    excluded_ours: list[Item] = field(default_factory=list)
    excluded_theirs: list[Item] = field(default_factory=list)
    matched_ours: list[Item] = field(default_factory=list)


def loose_key(it: Item):
    """Key with the self type of non-local impls wildcarded, plus the location
    (so only the same source item can match), or None for other paths."""
    if "<impl " not in it.path:
        return None
    segs = [re.sub(r" for .*>$", " for *>", s) if s.startswith("<impl ") and " for " in s
            else ("<impl *>" if s.startswith("<impl ") else s) for s in split_path(it.path)]
    return (it.cls, "::".join(segs), it.loc)


def match(theirs: list[Item], ours: list[Item], key) -> tuple[list[Item], list[Item]]:
    """Match items with equal keys as multisets; return the unmatched of each side.

    The multiset decides how many match; pairing by location (same file:line,
    then same file) and hand-written first only decides WHICH ones are left over.
    """
    by_t, by_o = collections.defaultdict(list), collections.defaultdict(list)
    for it in theirs:
        k = key(it)
        if k is not None:
            by_t[k].append(it)
    for it in ours:
        k = key(it)
        if k is not None:
            by_o[k].append(it)
    for k, ts in by_t.items():
        os_ = by_o.get(k, [])
        hits = min(len(ts), len(os_))
        ts = sorted(ts, key=lambda it: ORIGINS.index(it.origin))
        for same in (lambda a, b: a.loc == b.loc,
                     lambda a, b: a.loc.rsplit(":", 1)[0] == b.loc.rsplit(":", 1)[0],
                     lambda a, b: True):
            for t in ts:
                if hits == 0:
                    break
                if t.matched:
                    continue
                o = next((o for o in os_ if not o.matched and same(t, o)), None)
                if o is not None:
                    t.matched = o.matched = True
                    hits -= 1
    return [it for it in theirs if not it.matched], [it for it in ours if not it.matched]


def compare(name: str, ours: Side, theirs: Side) -> Result:
    res = Result(name)
    res.excluded_ours, res.excluded_theirs = ours.excluded, theirs.excluded
    missed, extra = match(theirs.items, ours.items, key=lambda it: (it.cls, it.path))
    # second pass: items of impls of non-local types whose self type prints
    # differently (renamed imports `use std::process::Child as StdChild`,
    # aliases), same class, module, trait, name and file:line
    missed, extra = match(missed, extra, key=loose_key)
    # third pass: a generated rustdoc item whose span is the macro's (so its
    # `const _: () = { .. }` body cannot be seen here: pin-project-lite's
    # `project()`) against ours filed under that body: the same item
    in_body = [it for it in ours.excluded if it.note.startswith("in body")]
    generated = [it for it in missed if it.origin != "hand"]
    still_missed, _ = match(generated, in_body, key=lambda it: (it.cls, it.path))
    missed = [it for it in missed if it.origin == "hand"] + still_missed
    for it in in_body:
        if it.matched:
            ours.items.append(it)
            res.excluded_ours.remove(it)
    order = lambda it: (CLASSES.index(it.cls), it.path, it.loc)  # noqa: E731
    res.missed, res.extra = sorted(missed, key=order), sorted(extra, key=order)
    res.matched_ours = [it for it in ours.items if it.matched]
    for it in theirs.items:
        st = res.stats[it.cls]
        st["all"] += 1
        st[it.origin] += 1
        if it.matched:
            st["all_hit"] += 1
            st[it.origin + "_hit"] += 1
    for it in ours.items:
        st = res.stats[it.cls]
        st["ours"] += 1
        st["ours_hit"] += it.matched
    return res


def pct(a: int, b: int) -> str:
    return f"{100.0 * a / b:6.2f}%" if b else "     - "


def print_table(title: str, stats: dict) -> None:
    print(f"\n{title}")
    hdr = f"  {'class':9} {'rustdoc':>7} {'hand':>6} {'macro':>6} {'derive':>6} {'synth':>6} {'ours':>6}" \
          f" {'recall-hand':>11} {'recall-all':>10} {'precision':>9}"
    print(hdr)
    print("  " + "-" * (len(hdr) - 2))
    tot = collections.Counter()
    for cls in CLASSES + ["TOTAL"]:
        st = tot if cls == "TOTAL" else stats.get(cls, collections.Counter())
        if cls != "TOTAL":
            tot.update(st)
        print(f"  {cls:9} {st['all']:7} {st['hand']:6} {st['macro']:6} {st['derive']:6} {st['synth']:6} {st['ours']:6}"
              f" {pct(st['hand_hit'], st['hand']):>11} {pct(st['all_hit'], st['all']):>10}"
              f" {pct(st['ours_hit'], st['ours']):>9}")


def print_items(title: str, items: list[Item], show: int) -> None:
    if not items:
        return
    print(f"  {title}: {len(items)}" + (f" (first {show})" if len(items) > show else ""))
    for it in items[:show]:
        note = f"  [{it.note}]" if it.note else ""
        print(f"    {it.cls:8} {it.path}  @ {it.loc}{note}")


def print_macro_summary(items: list[Item]) -> None:
    """Group unmatched generated items by the text at their span (the macro call)."""
    groups = collections.Counter()
    for it in items:
        note = (it.note or "?").removeprefix("self type is macro-generated").strip() or "?"
        if it.origin == "derive" and re.match(r"\w+\b(?!!)", note):
            trait = re.match(r"[\w:]+", note).group(0)  # the span is the trait inside #[derive(..)]
            head = f"derive({trait})"
        else:
            m = re.match(r"[\w:]+!", note)
            head = m.group(0) if m else note[:40]
        groups[(it.origin, head)] += 1
    print("  unmatched generated rustdoc items by origin and call site:")
    for (origin, head), n in groups.most_common(12):
        print(f"    {n:5}  {origin:6} {head}")


def print_extra_summary(res: Result) -> None:
    """Rough causes of our unmatched items, from what the index itself says."""
    seen = collections.Counter((it.cls, it.path, it.loc) for it in res.extra + res.matched_ours)
    causes = collections.Counter()
    for it in res.extra:
        if seen[(it.cls, it.path, it.loc)] > 1:
            causes["same item indexed more than once"] += 1
        elif "test" in it.note.split():
            causes["#[test] fn without cfg(test)"] += 1
        elif "from_macro(" in it.note:
            causes["in or under an item-level macro call (its cfg is unknown)"] += 1
        elif "<impl " in it.path:
            causes["under an unresolved <impl ...>"] += 1
        else:
            causes["other"] += 1
    print("  our unmatched items by likely cause: "
          + ", ".join(f"{n} {c}" for c, n in causes.most_common()))


def report(res: Result, show: int) -> None:
    print_table(f"== {res.name}", res.stats)
    hand_missed = [it for it in res.missed if it.origin == "hand"]
    gen_missed = [it for it in res.missed if it.origin != "hand"]
    print_items("missed hand-written rustdoc items", hand_missed, show)
    gen_owner = sum(1 for it in hand_missed if it.note.startswith("self type is macro-generated"))
    if gen_owner:
        print(f"    ({gen_owner} of them are methods/consts of a macro-generated self type)")
    if gen_missed:
        print_macro_summary(gen_missed)
        print_items("missed generated rustdoc items", gen_missed, show)
    if res.extra:
        print_extra_summary(res)
    print_items("our items not in rustdoc", res.extra, show)
    if res.excluded_ours or res.excluded_theirs:
        why = collections.Counter(it.note.split(" ")[0] for it in res.excluded_ours)
        print(f"  out of scope: ours {why['in'] } items in bodies, {why['unnamed']} unnamed consts; "
              f"rustdoc {len(res.excluded_theirs)} items of impls in bodies")
        print_items("rustdoc items of impls in bodies", res.excluded_theirs, show)


def crate_cfgs(args, crate: dict, doc: dict, host: set) -> tuple[CfgFilter, list[str]]:
    """The cfg filter for our side of a crate (see the module docstring) and
    the report lines saying which cfgs were used."""
    bs_cfgs = build_script_cfgs(args.workspace, crate["package"])
    fp_features = doc_features(doc, crate)
    features = crate["features"]
    if fp_features is not None and not args.index_features:
        features = fp_features  # compare extraction, not feature resolution (see WARNING below)
    env = host | {("feature", f) for f in features} | bs_cfgs
    bs = sorted(f'{k}="{v}"' if v is not None else k for k, v in bs_cfgs)
    notes = [f"  cfg: host + doc, features {features}, build script {bs or 'none'}"]
    if fp_features is not None and sorted(fp_features) != sorted(crate["features"]):
        only_ix = sorted(set(crate["features"]) - set(fp_features))
        only_rd = sorted(set(fp_features) - set(crate["features"]))
        notes.append(f"  WARNING: features differ: only in the index {only_ix}, only in the rustdoc run {only_rd};"
                     f" our cfgs were evaluated with the {'index' if args.index_features else 'rustdoc'} set")
    return CfgFilter(env), notes


def common_args(ap: argparse.ArgumentParser) -> None:
    """Options shared by the ground-truth scripts."""
    default_ws = Path(os.environ.get("SCRATCH", os.environ.get("TMPDIR", "/tmp") + "/codegraph-bench")) / "bench-ws"
    default_bin = Path(__file__).resolve().parent.parent / "target" / "release" / "cargo-codegraph"
    ap.add_argument("crates", nargs="*", default=DEFAULT_CRATES, help="package specs (name or name@version)")
    ap.add_argument("--workspace", type=Path, default=default_ws, help=f"indexed workspace (default {default_ws})")
    ap.add_argument("--bin", default=os.environ.get("CODEGRAPH_BIN", str(default_bin)),
                    help="cargo-codegraph binary (default $CODEGRAPH_BIN or target/release/cargo-codegraph)")
    ap.add_argument("--index", action="store_true", help="run `index --deps` in the workspace first")
    ap.add_argument("--show", type=int, default=15, help="unmatched items listed per side (default 15)")
    ap.add_argument("--index-features", action="store_true",
                    help="evaluate our cfgs with the crate row's features even when rustdoc ran with others")
    ap.add_argument("--json", type=Path, help="also write the unmatched items and stats here")


def ensure_index(args) -> None:
    args.workspace = args.workspace.resolve()
    if args.index or not (args.workspace / "target" / "codegraph.cozo").exists():
        print(f"indexing {args.workspace} ...", file=sys.stderr)
        run([args.bin, "index", "--deps", "--quiet"], args.workspace)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    common_args(ap)
    ap.add_argument("--floor", type=float, default=0.99, help="exit 1 when total hand-written recall is below")
    args = ap.parse_args()
    ensure_index(args)

    host = host_cfg()
    total = collections.defaultdict(collections.Counter)
    dump = {}
    for spec in args.crates:
        crate = find_crate(args, spec)
        doc = rustdoc_json(args, crate)  # first: it (re)runs the build script whose cfgs we read
        cfgs, cfg_notes = crate_cfgs(args, crate, doc, host)
        theirs = rustdoc_items(doc, crate, args.workspace)
        ours = our_items(args, crate, cfgs)
        res = compare(f"{crate['package']} {crate['version']}", ours, theirs)
        report(res, args.show)
        print("\n".join(cfg_notes))
        cfgs.warn()
        for cls, st in res.stats.items():
            total[cls].update(st)
        dump[res.name] = {
            "stats": {c: dict(s) for c, s in res.stats.items()},
            "missed": [vars(i) for i in res.missed],
            "extra": [vars(i) for i in res.extra],
        }
    print_table(f"== TOTAL over {len(args.crates)} crates", total)
    if args.json:
        args.json.write_text(json.dumps(dump, indent=1))
    hand = sum(st["hand"] for st in total.values())
    hit = sum(st["hand_hit"] for st in total.values())
    recall = hit / hand if hand else 1.0
    print(f"\nhand-written recall {100 * recall:.2f}% (floor {100 * args.floor:.0f}%)")
    return 0 if recall >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
