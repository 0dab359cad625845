#!/usr/bin/env python3
"""Ground-truth check: the `references` edges cargo-codegraph finds vs rust-analyzer's.

For each library crate named on the command line (a package name, `name@version`
to pick one; default: regex-syntax serde_json itertools hashbrown) of an indexed
workspace, this script compares two SETS of (owner, target) pairs:

  theirs  rust-analyzer's view, from `rust-analyzer lsif` on a copy of the
          package: every reference (not a definition) to a struct, enum,
          union, trait or type alias that lies in an item of the crate;
  ours    the `references` edges of <workspace>/target/codegraph.cozo whose
          source is an item of the same crate.

It imports scripts/groundtruth-calls.py rather than copying it: the package
copy and the rust-analyzer run (dev-dependencies dropped, the index's features,
the workspace's Cargo.lock, std's `library` dependencies fetched once: see that
script's docstring), the LSIF reader, the source lexer and the index queries.
The LSIF files are cached in the same --scratch folder, so rust-analyzer runs
once per crate for both scripts.

Their side, in detail
  * A reference counts when its symbol's hover declares a `struct`, `enum`,
    `union`, `trait` or `type` alias: the last unindented declaration line of
    the hover's code block (a member's hover writes its owner first, `pub
    trait Interval` then `pub fn create(..)`, and is the member's). Generic
    parameters, modules, fns, variants, fields, locals, macros and primitives
    are not types here. Excluded and counted:
      - associated types: a `type` without `= ..` (a trait's), one written
        after its owner's declaration or inside a trait or impl, or one whose
        definition is our `assoc_type` node (`I::Item`, `Self::Output`,
        `type Item = u8`): paths through generics and `Self` are skipped by
        design, and no edge kind names `<T as Trait>::Item`;
      - the token `Self` (rust-analyzer resolves it to the impl's self type)
        and tokens that are not names (`for` is `IntoIterator`, `..=`
        `RangeInclusive`, `?`);
      - references in comments (intra-doc links), in `#[..]` attributes and
        in `use` items (imports: `imports` edges, not `references`);
      - references in a file outside the lib target, or in no item;
      - references whose innermost item is not a site owner (a `macro_rules!`
        definition, the arguments of an item-level macro call), is an item a
        macro expansion wrote (its tokens lie in the macro, its node at the
        call), an impl a built-in derive wrote, or an item rust-analyzer did
        not analyse (below);
      - a target that maps to nothing: a type a macro expansion wrote, a file
        with no nodes, a crate that is not indexed.
  * Owner: the innermost of our nodes of the file whose range (name position
    line:col .. end_line:end_col; an impl's from its `impl` keyword) holds the
    reference, among fn, method, struct, enum, union, field, variant, impl,
    trait, type alias, const, static, assoc type and assoc const.
  * Analysed owners only. rust-analyzer resolves paths even inside
    cfg-disabled items (in the module's scope: a cfg'd-out impl's self type
    `Visitor` then names serde's trait, not the fn-local struct), but defines
    only enabled items. An owner is analysed when rust-analyzer has a
    definition at its name; an impl when one of its members has (one with no
    members, or only members a macro call writes, when any symbol inside
    resolves); a tuple field when its struct or variant is.
  * Target: the definition rust-analyzer navigates to, mapped to
      - our node, when it lies in an indexed crate (this one or a dependency in
        ~/.cargo/registry/src): by (file, line of the name), then column/name;
      - a std key `std:Name` when it lies in the sysroot. std is not indexed:
        our `external` node `alloc::vec::Vec` is `std:Vec` (last segment). Our
        external paths follow the imports (`std::collections::HashMap`;
        rust-analyzer's is `std::collections::hash::map::HashMap`), so only
        the name is compared, and `fmt::Result` and `Result` are one key.
  * Syntax, from the source text at the reference (comments and strings are
    skipped by groundtruth-calls.py's lexer), and region:
      region  `body`: in a fn/method after its top-level `{`, in a
              const/static/assoc const/variant after its top-level `=`;
              `sig` elsewhere (signatures, fields, bounds, where clauses,
              alias targets, const types, impl headers);
      type         a type position: everything in `sig` but the cases below,
                   and in a `body` a type after `:` (`let x: T`, closure
                   parameters; not a field's value `Foo { f: Unit }`), after
                   `as` (casts), after `->`, inside `<..>` (turbofish, generic
                   arguments), inside `(..)`/`[..]` of one of those, behind
                   `&`, `mut`, `dyn`, `impl`, `*const`; the trait of a
                   qualified path `<T as Trait>::X` is a type too;
      impl-header  the self type, bounds and generic arguments of an impl
                   header;
      impl-trait   the trait of `impl Trait for X`: our `implements` edge,
                   never a `references` edge (the category says how many of
                   them have the `implements` edge);
      expr-path    the qualifier of a longer path in a body (`Foo::new()`,
                   `Foo::CONST`, `Enum::Variant`, in patterns too), or a value
                   path in a signature (`[u8; Foo::LEN]`);
      literal      `Foo { .. }` and `Foo(..)` in a body (struct literals,
                   tuple-struct constructors and their patterns);
      value        any other use in a body (a unit struct as a value).
    A pair whose target is written several times in one owner takes the first
    of these labels in the order type/sig, impl-header/sig, type/body,
    impl-trait, expr-path, literal, value: recall is reported per label, so a
    miss counts where it matters most.
    Our edges CLAIM every label but impl-trait (README: the types and traits
    an item's signature, fields, bounds, alias, const type, impl header and
    body name, a body's paths that name a type included); the recall floor
    applies to those.

Our side, in detail
  * Owners and targets are identified by SOURCE POSITION (file:line:col of
    the name), so a file indexed twice under two cfgs (two `mod` lines)
    collapses into one set of pairs (counted).
  * Dropped and counted: edges from owners rust-analyzer did not analyse
    (cfg/feature alternatives), from derived impls and from items a macro
    expansion wrote; edges to a same-crate target rust-analyzer did not
    analyse (a cfg alternative: by design the index links every alternative);
    unmatched edges whose first site lies in a `#[cfg(..)]`-attributed
    statement or element where rust-analyzer resolved no symbol of that name.

Reported per crate and in total: precision of our pairs (targets in indexed
crates, in std, all); recall per label (class/region), of the claimed labels
split by where the target lives, and overall; the exclusions on both sides; the
first --show unmatched pairs on each side with file:line and the source line;
and the misses and false positives grouped into categories (from the label, our
`unresolved` rows, what each side resolved the same name to, rust-analyzer's
hover at the site), each with a count and one example.
Exit status 1 when total precision < --precision-floor (0.95) or the recall of
the claimed labels < --recall-floor (0.98).

Usage:
  scripts/groundtruth-refs.py --workspace WS [--bin CARGO_CODEGRAPH]
      [--ra RUST_ANALYZER] [--scratch DIR] [--rerun] [--show N] [CRATE ...]
Defaults as for groundtruth-calls.py, its --scratch folder included.
rust-analyzer needs the rust-src component of the toolchain `rustc` resolves to
in the package copy (`RUSTUP_TOOLCHAIN=nightly` picks nightly's).
Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import bisect
import collections
import importlib.util
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path


def load_calls_script():
    path = Path(__file__).resolve().with_name("groundtruth-calls.py")
    spec = importlib.util.spec_from_file_location("gtcalls", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through it
    spec.loader.exec_module(module)
    return module


gt = load_calls_script()

DEFAULT_CRATES = gt.DEFAULT_CRATES
OWNER_KINDS = {"function", "method", "struct", "enum", "union", "field", "variant", "impl", "trait",
               "type_alias", "const", "static", "assoc_type", "assoc_const"}
FN_KINDS = {"function", "method"}
VALUE_KINDS = {"const", "static", "assoc_const", "variant"}
TARGET_KINDS = {"struct", "enum", "union", "trait", "type_alias", "assoc_type"}
CLAIMED = {("type", "sig"), ("impl-header", "sig"), ("type", "body"), ("expr-path", "sig"),
           ("expr-path", "body"), ("literal", "body"), ("value", "body")}
LABELS = [("type", "sig"), ("impl-header", "sig"), ("type", "body"), ("impl-trait", "sig"),
          ("expr-path", "sig"), ("expr-path", "body"), ("literal", "body"), ("value", "body")]
HOVER_ITEM_RE = re.compile(
    r"^(?:pub(?:\s*\([^)]*\))?\s+)?(?:(?:unsafe|auto|default)\s+)*(struct|enum|union|trait|type)\s+"
    r"(?:r#)?([A-Za-z_][A-Za-z0-9_]*)")
DECL_RE = re.compile(
    r"(?:pub(?:\s*\([^)]*\))?\s+)?(?:(?:const|async|unsafe|safe|default|auto|extern(?:\s+\"[^\"]*\")?)\s+)*"
    r"(?:struct|enum|union|trait|type|fn|const|static|impl|mod|macro|macro_rules!)\b")
IDENT_END_RE = re.compile(r"(?:r#)?'?[A-Za-z_][A-Za-z0-9_]*$")
TYPE_PREFIX_WORDS = {"mut", "const", "dyn", "impl"}
BLOCK_WORDS = {"else", "loop", "try", "const"}  # words a block may follow
QUALIFIED = "trait of a qualified path `<T as Trait>::X`"


# ---------------------------------------------------------------------------
# source text: regions and syntax classes


def word_before(src, p: int) -> tuple[str, int]:
    """The identifier (or lifetime) ending at p and its start; ("", p + 1) if none."""
    m = IDENT_END_RE.search(src.text[max(0, p - 60):p + 1])
    return (m.group(0), p + 1 - len(m.group(0))) if m else ("", p + 1)


def skip_generic_args(src, i: int) -> int:
    """i at `<`: the index after the matching `>`, bracketed parts (`[T; N]`)
    and `->` skipped; at a `;`, `{` or `}` outside brackets, that index."""
    t, depth = src.text, 0
    while i < len(t):
        if t[i] in "([" and i in src.pairs:
            i = src.pairs[i] + 1
            continue
        if t.startswith("->", i):
            i += 2
            continue
        if t[i] == "<":
            depth += 1
        elif t[i] == ">":
            depth -= 1
            if depth == 0:
                return i + 1
        elif t[i] in ";{}":
            return i
        i += 1
    return i


def after_path(src, end: int) -> int:
    """Index of what follows the path segment ending at end, generic arguments
    (`Foo<T>`) and a turbofish (`Foo::<T>`) skipped."""
    t = src.text
    j = src.next_nonspace(end)
    if j < len(t) and t[j] == "<" and not t.startswith("<=", j) and not t.startswith("<<", j):
        j = src.next_nonspace(skip_generic_args(src, j))
    if t.startswith("::", j):
        k = src.next_nonspace(j + 2)
        if k < len(t) and t[k] == "<":
            j = src.next_nonspace(skip_generic_args(src, k))
    return j


def top_level_index(src, start: int, stop: int, wanted: str) -> int | None:
    """First `wanted` char (`{` or `=`) between start and stop outside
    brackets, comments and strings; None when a `;` comes first."""
    t, i = src.text, start
    while i < stop:
        if src.is_dead(i):
            k = bisect.bisect_right(src.dead_starts, i) - 1
            i = max(src.dead[k][1], i + 1)
            continue
        ch = t[i]
        if ch in "([" and i in src.pairs:
            i = src.pairs[i] + 1
            continue
        if ch == "<" and wanted == "=":
            i = skip_generic_args(src, i)
            continue
        if ch == ";":
            return None
        if ch == wanted and not (wanted == "=" and (t[i + 1:i + 2] in ("=", ">") or t[i - 1:i] in "<>!=")):
            return i
        i += 1
    return None


def in_angle_brackets(src, i: int) -> bool:
    """Whether offset i lies inside an unclosed `<` (generic arguments)."""
    t, depth, n = src.text, 0, 0
    p = src.prev_nonspace(i)
    while p >= 0 and n < 400:
        n += 1
        ch = t[p]
        if ch in ")]}" and p in src.pairs:
            if ch == "}":
                return False
            p = src.prev_nonspace(src.pairs[p])
            continue
        if ch in "([{;":
            return False
        if ch == ">" and t[p - 1:p] not in ("-", "=", ">"):
            depth += 1
        elif ch == "<" and t[p + 1:p + 2] != "=":
            if depth == 0:
                return True
            depth -= 1
        elif t.startswith(("&&", "||"), p - 1):
            return False
        p = src.prev_nonspace(p)
    return False


def type_context(src, start: int, depth: int = 0) -> str | None:
    """How the path starting at start (in a body) is in a type position, or None."""
    t = src.text
    i = start
    while True:
        p = src.prev_nonspace(i)
        if p < 0:
            return None
        if t[p] in "&*" and not t.startswith("&&", p - 1):
            i = p
            continue
        word, wstart = word_before(src, p)
        if word in TYPE_PREFIX_WORDS or word.startswith("'"):
            i = wstart
            continue
        break
    if t[p] == ":" and t[p - 1:p] != ":":
        return None if field_init(src, p) else "annotation (`let x: T`, closure parameter)"
    if t[p] == ">" and t[p - 1:p] == "-":
        return "return type of a closure or fn pointer"
    if word == "as":
        return "cast"
    if in_angle_brackets(src, i):
        return "generic argument or turbofish"
    if depth < 4 and t[p] in "([,":
        opens = src.enclosing_opens(i, max(0, i - 4000))
        if opens and t[opens[0]] in "([":
            o = opens[0]
            q = src.prev_nonspace(o)
            before, bstart = word_before(src, q) if q >= 0 else ("", 0)
            if before == "fn":
                return "fn pointer type"
            if before and t[o] == "(":
                return type_context(src, src.path_start(bstart), depth + 1)
            return type_context(src, o, depth + 1)
    return None


def field_init(src, colon: int) -> bool:
    """Whether the `:` at colon follows a field name in a struct literal or
    pattern (`Foo { field: Bar }`), not a binding (`let x: T`, `|x: T|`)."""
    t = src.text
    q = src.prev_nonspace(colon)
    name, nstart = word_before(src, q)
    b = src.prev_nonspace(nstart)
    if not name or b < 0 or t[b] not in "{,":
        return False
    opens = src.enclosing_opens(colon, max(0, colon - 20000))
    if not opens or t[opens[0]] != "{":
        return False
    q = src.prev_nonspace(opens[0])
    before = word_before(src, q)[0] if q >= 0 else ""
    return (bool(before) and (before == "Self" or before not in gt.KEYWORDS | BLOCK_WORDS)) or t[q] == ">"


def in_use_item(src, off: int) -> bool:
    """Whether off lies in a `use` item (groups `a::{b, c}` included)."""
    t = src.text

    def use_group(o: int) -> bool:
        q = src.prev_nonspace(o)
        return (q >= 1 and t[q - 1:q + 1] == "::") or word_before(src, q)[0] == "use"

    i = src.prev_nonspace(off)
    while i >= 0:
        ch = t[i]
        if ch == "}" and i in src.pairs and use_group(src.pairs[i]):
            i = src.prev_nonspace(src.pairs[i])
            continue
        if ch == "{" and use_group(i):
            i = src.prev_nonspace(i)
            continue
        if ch in ";{}":
            break
        i = src.prev_nonspace(i)
    stmt = t[src.next_nonspace(i + 1):off]
    return bool(re.match(r"(?:#!?\s*\[[^\]]*\]\s*)*(?:pub\s*(?:\([^)]*\))?\s*)?use\b", stmt))


def in_attribute(src, off: int) -> bool:
    t = src.text
    for o in src.enclosing_opens(off, max(0, off - 2000)):
        if t[o] == "[":
            q = src.prev_nonspace(o)
            if q >= 0 and (t[q] == "#" or (t[q] == "!" and t[src.prev_nonspace(q)] == "#")):
                return True
    return False


@dataclass
class Owner:
    nid: str
    kind: str
    name: str
    path: str
    file: str
    start: tuple  # (line, col) 1-based
    end: tuple
    attrs: list
    body: int | None = None  # offset where the body/initializer starts
    body_known: bool = False

    @property
    def pos(self) -> str:
        return f"{self.file}:{self.start[0]}:{self.start[1]}"


def body_start(src, owner: Owner) -> int | None:
    if not owner.body_known:
        owner.body_known = True
        if owner.kind in FN_KINDS or owner.kind in VALUE_KINDS:
            src.lex()
            a = src.offset(owner.start[0] - 1, owner.start[1] - 1)
            b = src.offset(owner.end[0] - 1, owner.end[1])
            owner.body = top_level_index(src, a, b, "{" if owner.kind in FN_KINDS else "=")
    return owner.body


def classify(src, off: int, end: int, owner: Owner) -> tuple[str, str, str]:
    """(class, region, how) of the reference at off..end in owner."""
    t = src.text
    b = body_start(src, owner)
    region = "body" if b is not None and off > b else "sig"
    j = after_path(src, end)
    if owner.kind == "impl":
        if t.startswith("for", j) and not (t[j + 3:j + 4].isalnum() or t[j + 3:j + 4] == "_"):
            return "impl-trait", region, "trait of `impl Trait for`"
        return "impl-header", region, "impl header"
    if t.startswith("::", j):
        k = src.next_nonspace(j + 2)
        nxt = re.match(r"(?:r#)?[A-Za-z_][A-Za-z0-9_]*", t[k:k + 80])
        if nxt and (region == "body" or not nxt.group(0)[0].isupper() or nxt.group(0).isupper()):
            return "expr-path", region, f"`{t[off:end]}::{nxt.group(0)}`"
    start = src.path_start(off)
    q = src.prev_nonspace(start)
    word, wstart = word_before(src, q) if q >= 0 else ("", 0)
    if word == "as" and in_angle_brackets(src, wstart):
        return "type", region, QUALIFIED
    if region == "sig":
        return "type", region, owner.kind
    literal = j < len(t) and t[j] in "{("
    direct = t[src.prev_nonspace(start)] if start > 0 else ""
    how = None if literal and direct == ":" else type_context(src, start)  # `field: Foo { .. }`
    if how:
        return "type", region, how
    if literal:
        return "literal", region, "struct literal or pattern" if t[j] == "{" else "tuple struct or pattern"
    return "value", region, "value"


def label_rank(label: tuple) -> int:
    return LABELS.index(label) if label in LABELS else len(LABELS)


# ---------------------------------------------------------------------------
# rust-analyzer's view of a symbol


def hover_item(hv: str) -> tuple[str, str, str] | None:
    """(kind, name, container) when the hover declares a type-like item; kind
    `assoc` for an associated type. A member's hover writes its owner's
    declaration first (`pub trait Interval` then `pub fn create(..)`), so the
    last unindented declaration line is the symbol's."""
    blocks = re.findall(r"```rust\n(.*?)```", hv.split("\n---", 1)[0], re.S)
    if not blocks:
        return None
    decls = [ln for ln in blocks[-1].strip().splitlines() if DECL_RE.match(ln)]
    m = HOVER_ITEM_RE.match(decls[-1]) if decls else None
    if not m:
        return None
    container = blocks[0].strip() if len(blocks) > 1 else ""
    kind = m.group(1)
    # an associated type: a trait's has no `= ..`; its container is a trait or impl
    if kind == "type" and ("=" not in decls[-1] or len(decls) > 1
                           or re.search(r"(?:^|::)(?:impl\b|[A-Z])[^:]*$", container)):
        kind = "assoc"
    return kind, m.group(2), container


@dataclass
class Target:
    key: str  # "std:Name" or our node position file:line:col
    name: str
    kind: str  # our node kind, or the hover's for std
    label: str  # for printing

    @property
    def where(self) -> str:
        return "std" if self.key.startswith("std:") else "crate"


@dataclass
class Pair:
    owner: str  # owner position
    target: Target
    site: str  # file:line: ours the first place written, theirs the reference that gives the label
    owner_id: str = ""
    label: tuple = ("", "")  # theirs: (class, region) of the best reference
    how: str = ""
    site_off: tuple | None = None  # theirs: (abs path, offset)
    matched: bool = False


@dataclass
class CrateResult:
    name: str
    theirs: list = field(default_factory=list)
    ours: list = field(default_factory=list)
    excl_theirs: collections.Counter = field(default_factory=collections.Counter)
    excl_ours: collections.Counter = field(default_factory=collections.Counter)
    miss_cats: collections.Counter = field(default_factory=collections.Counter)
    fp_cats: collections.Counter = field(default_factory=collections.Counter)
    examples: dict = field(default_factory=dict)
    owners: int = 0
    owners_inactive: int = 0

    def count(self, counter: collections.Counter, cat: str, example: str) -> None:
        counter[cat] += 1
        self.examples.setdefault(cat, example)


# ---------------------------------------------------------------------------
# the index


@dataclass
class Index:
    """Type-like nodes of the whole index, by (file, line), and its files."""
    types_at: dict  # (file, line) -> [(col, name, kind, path)]
    files: set
    packages: tuple  # `pkg-ver/` prefixes of indexed packages

    def node_target(self, rf: str, line: int, col: int, name: str) -> Target | None:
        cands = self.types_at.get((rf, line), [])
        pick = [c for c in cands if c[0] == col] or [c for c in cands if c[1] == name]
        if not pick:
            return None
        col, name, kind, path = pick[0]
        return Target(f"{rf}:{line}:{col}", name, kind, f"{path} ({kind})")


def load_index(args) -> Index:
    types_at = collections.defaultdict(list)
    for kind, name, path, file, line, col in gt.query(
            args, "?[kind, name, path, file, line, col] := *node{kind, name, path, file, line, col}, "
                  "kind in ['struct', 'enum', 'union', 'trait', 'type_alias', 'assoc_type']"):
        types_at[(file, line)].append((col, name, kind, path))
    files = {f for (f,) in gt.query(args, "?[f] := *node{file: f}")}
    packages = tuple(f"{p}-{v}/" for p, v in gt.query(args, "?[p, v] := *crate{package: p, version: v, indexed: true}"))
    return Index(types_at, files, packages)


def crate_owners(args, crate: dict) -> list[Owner]:
    rows = gt.query(args, "?[id, kind, name, path, file, line, col, end_line, end_col, attrs] := " + gt.CRATE_CLAUSE
                    + ", *node{id, crate_id: c, kind, name, path, file, line, col, end_line, end_col, attrs}, "
                      "kind != 'module', kind != 'crate'",
                    name=crate["name"], version=crate["version"])
    return [Owner(nid, kind, name, path, file, (line, col), (el, ec), attrs or [])
            for nid, kind, name, path, file, line, col, el, ec, attrs in rows]


# ---------------------------------------------------------------------------
# one crate


class CrateCheck:
    def __init__(self, args, index: Index, crate: dict, sources):
        self.args, self.index, self.crate, self.sources = args, index, crate, sources
        self.res = CrateResult(f"{crate['package']} {crate['version']}")
        self.copy = gt.prepare_copy(args, crate)
        self.L = gt.read_lsif(gt.run_ra(args, crate, self.copy))
        self.reg_root = Path(crate["manifest_path"]).parent.parent
        self.owners = {o.nid: o for o in crate_owners(args, crate)}
        self.by_file = collections.defaultdict(list)
        for o in self.owners.values():
            self.by_file[o.file].append(o)
        for v in self.by_file.values():
            v.sort(key=lambda o: o.start)
        self.starts = {f: [o.start for o in v] for f, v in self.by_file.items()}
        self.call_sites = {(f, l, c) for f, l, c in gt.query(
            args, "?[file, line, col] := " + gt.CRATE_CLAUSE + ", *node{crate_id: c, kind: 'macro_call', file, line, col}",
            name=crate["name"], version=crate["version"])}
        self.ra_defs, self.ra_ranges = self.ra_positions()
        self.hover_cache: dict = {}
        self.line_tokens: dict | None = None  # (file, line) -> rust-analyzer's ranges there

    # -- positions

    def locate(self, path: Path) -> tuple[str, str | None]:
        return gt.locate(path, self.copy, self.reg_root)

    def src_of_file(self, rf: str):
        return self.sources.get(self.copy.parent / rf)

    def ra_positions(self) -> tuple[set, dict]:
        """rust-analyzer's definitions (file, line, col) in the copy, and the
        sorted start positions of all its ranges per file."""
        defs, ranges = set(), collections.defaultdict(list)
        L = self.L
        for res_id, entries in L.items.items():
            for prop, doc, rids in entries:
                if prop == "references" or doc not in L.docs:
                    continue
                where, rf = self.locate(L.docs[doc])
                if where != "copy":
                    continue
                src = self.sources.get(L.docs[doc])
                for rid in rids:
                    sl, sc, _, _ = L.ranges[rid]
                    defs.add((rf, sl + 1, src.char_col(sl, sc) + 1))
        for rid, doc in L.range_doc.items():
            where, rf = self.locate(L.docs[doc])
            if where == "copy":
                sl, sc, _, _ = L.ranges[rid]
                ranges[rf].append((sl + 1, self.sources.get(L.docs[doc]).char_col(sl, sc) + 1))
        for v in ranges.values():
            v.sort()
        return defs, ranges

    def innermost(self, rf: str, pos: tuple) -> Owner | None:
        v = self.by_file.get(rf)
        if not v:
            return None
        k = bisect.bisect_right(self.starts[rf], pos) - 1
        while k >= 0:
            o = v[k]
            if o.start <= pos <= o.end:
                return o
            k -= 1
        return None

    def inside(self, o: Owner) -> list[Owner]:
        """Our nodes within o's range, o excluded."""
        v = self.by_file[o.file]
        k = bisect.bisect_right(self.starts[o.file], o.start)
        out = []
        while k < len(v) and v[k].start <= o.end:
            out.append(v[k])
            k += 1
        return out

    def active(self, o: Owner) -> bool:
        """Whether rust-analyzer analysed the item (cfg-enabled). It resolves
        paths in cfg-disabled items too (in the module's scope), but defines
        only enabled ones: an item is active when it has a definition at its
        name; an impl when one of its members has (one without members, or
        whose members a macro call writes, when any symbol inside resolves); a
        tuple field when its owner is."""
        if o.name.isdigit():
            owner = self.innermost(o.file, (o.start[0], o.start[1] - 1))
            return owner is not None and owner is not o and self.active(owner)
        if o.kind == "impl":
            members = [m for m in self.inside(o) if m.kind != "macro_call" and not self.generated(m)]
            if members:
                return any((m.file, m.start[0], m.start[1]) in self.ra_defs for m in members)
            v = self.ra_ranges.get(o.file, [])
            k = bisect.bisect_left(v, o.start)
            return k < len(v) and v[k] <= o.end
        return (o.file, o.start[0], o.start[1]) in self.ra_defs

    def generated(self, o: Owner) -> bool:
        return (o.file, o.start[0], o.start[1]) in self.call_sites

    def owner_exclusion(self, o: Owner | None) -> str | None:
        if o is None:
            return "outside any item"
        if o.kind not in OWNER_KINDS:
            return f"inside a `{o.kind}` node (not a site owner)"
        if self.generated(o):
            return "in an item a macro_rules! expansion wrote (placed at the call)"
        if "automatically_derived" in o.attrs:
            return "in an impl a built-in derive wrote"
        if not self.active(o):
            return "in an item rust-analyzer did not analyse (cfg-disabled)"
        return None

    # -- rust-analyzer's side

    def symbol(self, rs) -> tuple[str, Target | None, str]:
        """("type", target, "") | ("type", None, why dropped) | (other kind, None, "")."""
        if rs in self.hover_cache:
            return self.hover_cache[rs]
        L = self.L
        hv = L.hover.get(L.rs_hover.get(rs), "")
        item = hover_item(hv) if hv else None
        out = ("other", None, "")
        if item:
            kind, name, container = item
            out = ("type", None, "target definition unknown")
            defs = [(doc, rid) for prop, doc, rids in L.items.get(L.rs_def.get(rs), []) for rid in rids]
            if defs:
                out = self.map_target(defs[0], kind, name, container)
        self.hover_cache[rs] = out
        return out

    def map_target(self, definition, kind: str, name: str, container: str) -> tuple[str, Target | None, str]:
        doc, rid = definition
        path = self.L.docs.get(doc)
        where, rf = self.locate(path)
        sl, sc, _, _ = self.L.ranges[rid]
        if kind == "assoc":
            return "assoc", None, ""
        if where == "sysroot":
            return "type", Target(f"std:{name}", name, kind, f"{container}::{name} (std {kind})"), ""
        if where not in ("copy", "registry"):
            return "type", None, "target outside indexed crates and the sysroot"
        src = self.sources.get(path)
        target = self.index.node_target(rf, sl + 1, src.char_col(sl, sc) + 1, name)
        if target is not None:
            return ("assoc", None, "") if target.kind == "assoc_type" else ("type", target, "")
        if where == "registry" and not rf.startswith(self.index.packages):
            return "type", None, "target in a crate that is not indexed"
        if rf not in self.index.files:
            return "type", None, "target in a file with no nodes (its `mod` is declared inside a macro)"
        return "type", None, "target has no node (written by a macro)"

    def their_pairs(self) -> None:
        L, res = self.L, self.res
        theirs: dict[tuple, Pair] = {}
        for rs, ref_res in L.rs_ref.items():
            entries = L.items.get(ref_res, [])
            defs = {rid for prop, doc, rids in entries if prop == "definitions" for rid in rids}
            refs = [(doc, rid) for prop, doc, rids in entries if prop == "references" for rid in rids if rid not in defs]
            if not refs:
                continue
            sym, target, why = self.symbol(rs)
            if sym == "other":
                continue
            for doc, rid in refs:
                self.their_reference(L.docs.get(doc), rid, sym, target, why, theirs)
        res.theirs = list(theirs.values())

    def their_reference(self, path: Path, rid, sym: str, target: Target | None, why: str, theirs: dict) -> None:
        res = self.res
        where, rf = self.locate(path)
        if where != "copy":
            return
        src = self.sources.get(path)
        src.lex()
        sl, sc, el, ec = self.L.ranges[rid]
        c0 = src.char_col(sl, sc)
        off = src.offset(sl, c0)
        end = src.offset(el, src.char_col(el, ec))
        tok = src.text[off:end]
        loc = f"{rf}:{sl + 1}"
        if sym == "assoc":
            return res.count(res.excl_theirs, "target is an associated type", loc)
        if tok == "Self":
            return res.count(res.excl_theirs, "`Self`", loc)
        if not gt.IDENT_RE.fullmatch(tok) or tok in gt.KEYWORDS:
            return res.count(res.excl_theirs, "not a name: an operator or keyword (`for` is `IntoIterator`, `..=` `RangeInclusive`)", loc)
        if rf not in self.by_file:
            return res.count(res.excl_theirs, "in a file outside the lib target (build.rs, ...)", loc)
        if src.is_dead(off):
            return res.count(res.excl_theirs, "in a comment (intra-doc link)", loc)
        if in_attribute(src, off):
            return res.count(res.excl_theirs, "in an attribute", loc)
        if in_use_item(src, off):
            return res.count(res.excl_theirs, "in a `use` item (an import)", loc)
        owner = self.innermost(rf, (sl + 1, c0 + 1))
        excl = self.owner_exclusion(owner)
        if excl:
            return res.count(res.excl_theirs, excl, loc)
        if target is None:
            return res.count(res.excl_theirs, why, loc)
        cls, region, how = classify(src, off, end, owner)
        key = (owner.pos, target.key)
        old = theirs.get(key)
        if old is None or label_rank((cls, region)) < label_rank(old.label):
            theirs[key] = Pair(owner.pos, target, loc, owner.nid, (cls, region), how, (path, off))

    # -- our side

    def our_pairs(self) -> None:
        res, crate = self.res, self.crate
        rows = gt.query(self.args, "?[src, dst, file, line, dk, dname, dpath, dfile, dline, dcol, dcid] := " + gt.CRATE_CLAUSE
                        + ", *node{id: src, crate_id: c}, *edge{src, dst, kind: 'references', file, line}, "
                          "*node{id: dst, kind: dk, name: dname, path: dpath, file: dfile, line: dline, col: dcol, crate_id: dcid}",
                        name=crate["name"], version=crate["version"])
        owners = [o for o in self.owners.values() if o.kind in OWNER_KINDS and "automatically_derived" not in o.attrs
                  and not self.generated(o)]
        res.owners = len(owners)
        res.owners_inactive = sum(1 for o in owners if not self.active(o))
        ours: dict[tuple, Pair] = {}
        for src_id, dst, file, line, dk, dname, dpath, dfile, dline, dcol, dcid in rows:
            loc = f"{file}:{line}"
            excl = self.owner_exclusion(self.owners.get(src_id))
            if excl:
                res.count(res.excl_ours, excl.replace("in an item", "from an item").replace("in an impl", "from an impl"), loc)
                continue
            if dk == "external":
                name = gt.split_path(dpath)[-1]
                target = Target(f"std:{name}", name, dk, f"{dpath} (external)")
            else:
                if dcid == self.crate["id"] and dk in TARGET_KINDS and (dfile, dline, dcol) not in self.ra_defs:
                    res.count(res.excl_ours, "target not analysed by rust-analyzer (cfg alternative)", loc)
                    continue
                target = Target(f"{dfile}:{dline}:{dcol}", dname, dk, f"{dpath} ({dk})")
            owner = self.owners[src_id]
            key = (owner.pos, target.key)
            if key in ours:
                res.count(res.excl_ours, "same (owner, target) positions twice: a file indexed under two cfgs", loc)
                continue
            ours[key] = Pair(owner.pos, target, loc, src_id)
        res.ours = list(ours.values())

    # -- comparison

    def compare(self) -> None:
        by_key = {(p.owner, p.target.key): p for p in self.res.theirs}
        for o in self.res.ours:
            t = by_key.get((o.owner, o.target.key))
            if t is not None:
                o.matched = t.matched = True

    def ra_names_on_line(self, rf: str, line: int) -> dict:
        """Token text -> hover of what rust-analyzer resolved on a line."""
        if self.line_tokens is None:
            self.line_tokens = collections.defaultdict(list)
            for rid, doc in self.L.range_doc.items():
                where, f = self.locate(self.L.docs[doc])
                if where == "copy":
                    self.line_tokens[(f, self.L.ranges[rid][0] + 1)].append(rid)
        out = {}
        src = self.src_of_file(rf)
        for rid in self.line_tokens.get((rf, line), []):
            sl, sc, el, ec = self.L.ranges[rid]
            tok = src.line(sl)[src.char_col(sl, sc):src.char_col(el, ec) if el == sl else None]
            rs = self.L.nxt.get(rid, rid)
            out.setdefault(tok, self.L.hover.get(self.L.rs_hover.get(rs), ""))
        return out

    def drop_cfg_disabled_sites(self) -> None:
        """Our unmatched pairs whose first site is in a `#[cfg]`'d statement or
        element where rust-analyzer resolved nothing of the name."""
        kept = []
        for p in self.res.ours:
            if not p.matched:
                file, line = p.site.rsplit(":", 1)
                src = self.src_of_file(file)
                l0 = int(line) - 1
                m = re.search(r"\b" + re.escape(p.target.name) + r"\b", src.line(l0))
                if m and p.target.name not in self.ra_names_on_line(file, l0 + 1) \
                        and src.in_cfg_span(src.offset(l0, m.start())):
                    self.res.count(self.res.excl_ours, "site in cfg-disabled code (`#[cfg(..)]` statement/element)", p.site)
                    continue
            kept.append(p)
        self.res.ours = kept

    def run(self) -> CrateResult:
        self.their_pairs()
        self.our_pairs()
        self.compare()
        self.drop_cfg_disabled_sites()
        Categorizer(self).run()
        return self.res


# ---------------------------------------------------------------------------
# categories of the unmatched pairs


class Categorizer:
    def __init__(self, check: CrateCheck):
        self.c = check
        self.res = check.res
        args, crate = check.args, check.crate
        self.unresolved = collections.defaultdict(list)  # (owner pos, last segment) -> [text]
        for src, kind, text in gt.query(args, "?[src, kind, text] := " + gt.CRATE_CLAUSE
                                        + ", *node{id: src, crate_id: c}, *unresolved{src, kind, text}, kind in ['type', 'trait']",
                                        name=crate["name"], version=crate["version"]):
            if src in check.owners:
                self.unresolved[(check.owners[src].pos, gt.split_path(text)[-1])].append(text)
        self.ours_by_name = collections.defaultdict(list)
        for p in self.res.ours:
            self.ours_by_name[(p.owner, p.target.name)].append(p)
        self.theirs_by_name = collections.defaultdict(list)
        for p in self.res.theirs:
            self.theirs_by_name[(p.owner, p.target.name)].append(p)
        self.implements = {(a, b) for a, b in gt.query(
            args, "?[a, b] := " + gt.CRATE_CLAUSE + ", *node{id: a, crate_id: c, kind: 'impl'}, *edge{src: a, dst: d, kind: 'implements'}, "
                  "*node{id: d, name: b}", name=crate["name"], version=crate["version"])}

    def example(self, p: Pair) -> str:
        owner = self.c.owners.get(p.owner_id)
        return f"{p.site}  {owner.path if owner else p.owner} -> {p.target.label}"

    def trait_assoc_type(self, o: Owner) -> bool:
        """`type Name: Bounds;` (a trait's), not `type Name = T;` (an impl's)."""
        if o.kind != "assoc_type":
            return False
        src = self.c.src_of_file(o.file)
        src.lex()
        end = src.offset(o.start[0] - 1, o.start[1] - 1) + len(o.name)
        j = src.next_nonspace(end)
        if src.text.startswith("<", j):
            j = src.next_nonspace(skip_generic_args(src, j))
        return src.text.startswith(":", j)

    def run(self) -> None:
        for p in self.res.theirs:
            if not p.matched:
                cat, extra = self.miss(p)
                self.res.count(self.res.miss_cats, cat, self.example(p) + extra)
        for p in self.res.ours:
            if not p.matched:
                cat, extra = self.false_positive(p)
                self.res.count(self.res.fp_cats, cat, self.example(p) + extra)

    def miss(self, p: Pair) -> tuple[str, str]:
        cls, region = p.label
        if cls == "impl-trait":
            has = (p.owner_id, p.target.name) in self.implements
            return f"trait of `impl Trait for X`: an `implements` edge by design ({'we have it' if has else 'we lack it too'})", ""
        if (cls, region) not in CLAIMED and cls != "type":
            return f"{cls} in the {region}: not a `references` site by design", f"  [{p.how}]"
        other = [o for o in self.ours_by_name.get((p.owner, p.target.name), []) if not o.matched]
        if other:
            return f"we resolved the name to another {other[0].target.kind}", f"  [ours: {other[0].target.label}]"
        un = self.unresolved.get((p.owner, p.target.name))
        if un:
            return f"unresolved on our side ({p.target.where} target)", f"  [unresolved {un[0]}]"
        if p.how == QUALIFIED:
            return f"{QUALIFIED}: not a site (only the `T` is)", ""
        if self.trait_assoc_type(self.c.owners[p.owner_id]):
            return "bound of a trait's associated type (`type Output: Iterator;`): no sites recorded", ""
        path, off = p.site_off
        macro = gt.in_macro_args(self.c.sources.get(path), off, max(0, off - 20000))
        where = f"{'cast in a body' if region == 'body' else 'type in a signature'}{' inside ' + macro if macro else ''}"
        return f"{where}, no edge and no unresolved row ({p.target.where} target, {p.target.kind})", ""

    def false_positive(self, p: Pair) -> tuple[str, str]:
        other = [t for t in self.theirs_by_name.get((p.owner, p.target.name), []) if not t.matched]
        if other:
            return f"wrong target: rust-analyzer resolves the name to another {other[0].target.kind}", \
                f"  [rust-analyzer: {other[0].target.label} @ {other[0].site}]"
        right = [o for o in self.ours_by_name.get((p.owner, p.target.name), []) if o.matched]
        if right:
            return "extra target: the name also resolved to the right one (a cfg alternative; " \
                   "an external one is never dropped as inactive)", f"  [right: {right[0].target.label}]"
        if p.target.kind not in TARGET_KINDS and p.target.kind != "external":
            return f"target is a {p.target.kind}", ""
        file, line = p.site.rsplit(":", 1)
        if not re.search(r"\b" + re.escape(p.target.name) + r"\b", self.c.src_of_file(file).line(int(line) - 1)):
            return "the name is not written on the site's line (a type the indexer synthesized)", ""
        names = self.c.ra_names_on_line(file, int(line))
        if not names:
            return "site not analysed by rust-analyzer (cfg'd code, unexpanded macro)", ""
        hv = names.get(p.target.name)
        if hv is None:
            return "rust-analyzer has no such name at the site", ""
        if not hv:
            return "name unresolved by rust-analyzer", ""
        item = hover_item(hv)
        if item is None:
            return "the name is not a type per rust-analyzer (generic parameter, module, fn, ...)", \
                f"  [{gt.first_code_line(hv)}]"
        if item[0] == "assoc":
            return "the name is an associated type per rust-analyzer", f"  [{gt.first_code_line(hv)}]"
        return "rust-analyzer resolves the name to this kind of item, but no pair for this owner (excluded there)", \
            f"  [{gt.first_code_line(hv)}]"


# ---------------------------------------------------------------------------
# report


def stats(res: CrateResult) -> collections.Counter:
    s = collections.Counter()
    for p in res.ours:
        s["ours"] += 1
        s[f"ours_{p.target.where}"] += 1
        if p.matched:
            s["ours_hit"] += 1
            s[f"ours_{p.target.where}_hit"] += 1
    for p in res.theirs:
        lab = "/".join(p.label)
        hit = int(p.matched)
        s[f"theirs:{lab}"] += 1
        s[f"theirs:{lab}_hit"] += hit
        s["theirs"] += 1
        s["theirs_hit"] += hit
        if p.label in CLAIMED:
            s["claimed"] += 1
            s["claimed_hit"] += hit
            s[f"claimed_{p.target.where}"] += 1
            s[f"claimed_{p.target.where}_hit"] += hit
    s["owners"] = res.owners
    s["owners_inactive"] = res.owners_inactive
    return s


def print_table(title: str, s: collections.Counter) -> None:
    pct = gt.pct
    print(title)
    print(f"  owners (our site-owning nodes): {s['owners']}, of which rust-analyzer did not analyse {s['owners_inactive']}")
    print("  ours      target in          pairs  matched  precision")
    for w, label in (("crate", "indexed crates"), ("std", "std")):
        print(f"            {label:14} {s[f'ours_{w}']:9} {s[f'ours_{w}_hit']:8}   {pct(s[f'ours_{w}_hit'], s[f'ours_{w}'])}")
    print(f"            {'all':14} {s['ours']:9} {s['ours_hit']:8}   {pct(s['ours_hit'], s['ours'])}")
    print("  theirs    class/region       pairs  matched  recall")
    for cls, region in LABELS:
        lab = f"{cls}/{region}"
        if s[f"theirs:{lab}"]:
            print(f"            {lab:18} {s[f'theirs:{lab}']:5} {s[f'theirs:{lab}_hit']:8}   {pct(s[f'theirs:{lab}_hit'], s[f'theirs:{lab}'])}")
    for w, label in (("crate", "claimed, crates"), ("std", "claimed, std")):
        print(f"            {label:18} {s[f'claimed_{w}']:5} {s[f'claimed_{w}_hit']:8}   {pct(s[f'claimed_{w}_hit'], s[f'claimed_{w}'])}")
    print(f"            {'CLAIMED':18} {s['claimed']:5} {s['claimed_hit']:8}   {pct(s['claimed_hit'], s['claimed'])}")
    print(f"            {'all':18} {s['theirs']:5} {s['theirs_hit']:8}   {pct(s['theirs_hit'], s['theirs'])}")


def source_line(sources, scratch_root: Path, site: str) -> str:
    file, line = site.rsplit(":", 1)
    return sources.get(scratch_root / file).line(int(line) - 1).strip()[:100]


def print_pairs(title: str, pairs: list, owners: dict, sources, root: Path, show: int, ours: bool) -> None:
    if not pairs:
        return
    first = ", the claimed labels first" if not ours else ""
    print(f"  {title}: {len(pairs)}" + (f" (first {show}{first})" if len(pairs) > show else ""))
    def order(p: Pair) -> tuple:
        file, line = p.site.rsplit(":", 1)
        return label_rank(p.label) if not ours else 0, file, int(line)

    for p in sorted(pairs, key=order)[:show]:
        owner = owners[p.owner_id].path if p.owner_id in owners else p.owner
        extra = "" if ours else f"  [{'/'.join(p.label)}: {p.how}]"
        print(f"    {p.site:44} {owner} -> {p.target.label}{extra}")
        print(f"        | {source_line(sources, root, p.site)}")


def print_cats(title: str, cats: collections.Counter, examples: dict, limit: int = 30) -> None:
    if not cats:
        return
    print(f"  {title}:")
    for c, n in cats.most_common(limit):
        print(f"    {n:6}  {c}")
        print(f"            e.g. {examples.get(c, '')}")


def report(check: CrateCheck, show: int) -> None:
    res = check.res
    print_table(f"== {res.name}", stats(res))
    print_cats("excluded on rust-analyzer's side", res.excl_theirs, res.examples)
    print_cats("excluded on our side", res.excl_ours, res.examples)
    root = check.copy.parent
    print_pairs("rust-analyzer pairs we miss", [p for p in res.theirs if not p.matched], check.owners, check.sources, root, show, False)
    print_pairs("our pairs rust-analyzer does not have", [p for p in res.ours if not p.matched], check.owners, check.sources, root, show, True)
    print_cats("misses by category", res.miss_cats, res.examples)
    print_cats("false positives by category", res.fp_cats, res.examples)
    print()


def main() -> int:
    default_ws = Path(os.environ.get("SCRATCH", os.path.join(os.environ.get("TMPDIR", "/tmp"), "codegraph-bench"))) / "bench-ws"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("crates", nargs="*", default=DEFAULT_CRATES)
    ap.add_argument("--workspace", type=Path, default=default_ws)
    ap.add_argument("--bin", default=shutil.which("cargo-codegraph") or "cargo-codegraph")
    ap.add_argument("--ra", default=shutil.which("rust-analyzer") or "rust-analyzer")
    ap.add_argument("--scratch", type=Path, default=None,
                    help="package copies and LSIF files, shared with groundtruth-calls.py (default: WS/target/groundtruth-calls)")
    ap.add_argument("--rerun", action="store_true", help="re-copy the packages and re-run rust-analyzer")
    ap.add_argument("--show", type=int, default=15)
    ap.add_argument("--precision-floor", type=float, default=0.95)
    ap.add_argument("--recall-floor", type=float, default=0.98)
    args = ap.parse_args()
    args.workspace = args.workspace.resolve()
    args.scratch = (args.scratch or args.workspace / "target" / "groundtruth-calls").resolve()
    args.scratch.mkdir(parents=True, exist_ok=True)
    if not (args.workspace / "target" / "codegraph.cozo").exists():
        raise SystemExit(f"{args.workspace}: no index; run `cargo codegraph index --deps` there")

    index = load_index(args)
    sources = gt.Sources()
    total = collections.Counter()
    all_res = CrateResult("TOTAL")
    for spec in args.crates:
        check = CrateCheck(args, index, gt.find_crate(args, spec), sources)
        check.run()
        report(check, args.show)
        total.update(stats(check.res))
        for a in ("excl_theirs", "excl_ours", "miss_cats", "fp_cats"):
            getattr(all_res, a).update(getattr(check.res, a))
        for k, v in check.res.examples.items():
            all_res.examples.setdefault(k, v)
        sources.cache.clear()
    print_table("== TOTAL", total)
    print_cats("excluded on rust-analyzer's side", all_res.excl_theirs, all_res.examples)
    print_cats("excluded on our side", all_res.excl_ours, all_res.examples)
    print_cats("misses by category", all_res.miss_cats, all_res.examples)
    print_cats("false positives by category", all_res.fp_cats, all_res.examples)
    prec = total["ours_hit"] / total["ours"] if total["ours"] else 1.0
    rec = total["claimed_hit"] / total["claimed"] if total["claimed"] else 1.0
    ok = prec >= args.precision_floor and rec >= args.recall_floor
    print(f"\nprecision {100 * prec:.2f}% (floor {100 * args.precision_floor:.0f}%), "
          f"recall of the claimed labels {100 * rec:.2f}% (floor {100 * args.recall_floor:.0f}%): "
          f"{'OK' if ok else 'BELOW FLOOR'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
