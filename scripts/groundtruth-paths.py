#!/usr/bin/env python3
"""Ground-truth check: public paths (`query paths`, and the named queries'
reading of a public path) vs rustdoc's.

For each library crate named on the command line (a package spec: `name` or
`name@version`) of an indexed workspace, rustdoc documents the crate's public
API, hidden items included (`cargo +nightly rustdoc -p SPEC --lib -- -Z
unstable-options --output-format json --document-hidden-items`, into
WS/target/groundtruth-paths). Private modules are stripped there, so walking
its module tree from the root gives every public path of every item: a
module's items, each `pub use` (its target under the use's name; a module
target is walked further), each glob `pub use` (the target module's items as
the module's own), items rustdoc inlined from private modules. Items: struct,
enum, union, trait, fn, const, static, type alias, macro of this crate.
The item's definition path is rustdoc's `paths` entry.

Ours, per item: the rows of `cargo codegraph query paths DEFINITION` with
`public` true. Compared as sets of (item, path): precision = ours that
rustdoc has, recall = rustdoc's that we have. Our public paths in other
crates (a facade's re-exports) are left out: rustdoc of this crate does not
know them.

Usage:
  RUSTUP_TOOLCHAIN=nightly python3 scripts/groundtruth-paths.py regex serde_json \\
      --workspace WS --bin target/release/cargo-codegraph
(index WS first: `cargo codegraph index --deps` there).
"""

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

KINDS = {"struct", "enum", "union", "trait", "function", "constant", "static",
         "type_alias", "macro"}


def run(cmd, cwd):
    return subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, text=True).stdout


def public_paths(workspace: Path, spec: str):
    """(crate version, {definition path: {public paths}}) from rustdoc."""
    target = workspace / "target" / "groundtruth-paths"
    run(["nice", "-n", "10", "cargo", "+nightly", "rustdoc", "--quiet", "-p", spec, "--lib",
         "--target-dir", str(target), "--", "-Z", "unstable-options", "--output-format",
         "json", "--document-hidden-items"], workspace)
    name = spec.split("@")[0].replace("-", "_")
    doc = json.loads((target / "doc" / f"{name}.json").read_text())
    index, summaries = doc["index"], doc["paths"]
    found: dict[str, set[str]] = {}

    def item(item_id):
        return index.get(str(item_id)) if item_id is not None else None

    def record(item_id, path):
        summary = summaries.get(str(item_id))
        if summary and summary["crate_id"] == 0 and summary["kind"] in KINDS:
            found.setdefault("::".join(summary["path"]), set()).add("::".join(path))

    def walk(module_id, path, seen):
        if (module_id, len(path)) in seen or len(path) > 12:
            return
        seen = seen | {(module_id, len(path))}
        module = item(module_id)
        if not module or "module" not in module["inner"]:
            return
        for child_id in module["inner"]["module"]["items"]:
            child = item(child_id)
            if not child:
                continue
            kind = next(iter(child["inner"]))
            if kind == "use":
                use = child["inner"]["use"]
                target = item(use["id"])
                if use["is_glob"]:
                    walk(use["id"], path, seen)
                elif target is not None:
                    record(use["id"], path + [use["name"]])
                    walk(use["id"], path + [use["name"]], seen)
            elif child.get("name"):
                record(child_id, path + [child["name"]])
                if kind == "module":
                    walk(child_id, path + [child["name"]], seen)

    walk(doc["root"], [name], frozenset())
    return doc.get("crate_version"), found


def our_paths(workspace: Path, binary: str, written: str):
    out = subprocess.run([binary, "codegraph", "query", "paths", written, "--format", "json"],
                         cwd=workspace, capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip().splitlines()[0] if out.stderr.strip() else "failed"
    rows = json.loads(out.stdout)["rows"]
    return [(row[0], row[1]) for row in rows], None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("crates", nargs="+")
    parser.add_argument("--workspace", type=Path, required=True)
    parser.add_argument("--bin", required=True)
    parser.add_argument("--show", type=int, default=8)
    args = parser.parse_args()
    binary = str(Path(args.bin).resolve())
    total = Counter()
    for spec in args.crates:
        version, theirs = public_paths(args.workspace, spec)
        counts = Counter()
        misses, extras, errors = [], [], []
        for definition, paths in sorted(theirs.items()):
            rows, error = our_paths(args.workspace, binary, definition)
            if rows is None:
                errors.append(f"{definition}: {error}")
                rows = []
            crate = definition.split("::")[0]
            ours = {path for path, public in rows if public and path.split("::")[0] == crate}
            counts["theirs"] += len(paths)
            counts["ours"] += len(ours)
            counts["both"] += len(paths & ours)
            misses += [f"{path}  (defined at {definition})" for path in sorted(paths - ours)]
            extras += [f"{path}  (defined at {definition})" for path in sorted(ours - paths)]
        precision = 100.0 * counts["both"] / max(counts["ours"], 1)
        recall = 100.0 * counts["both"] / max(counts["theirs"], 1)
        print(f"== {spec} {version}: {len(theirs)} public items, {counts['theirs']} public "
              f"paths; ours {counts['ours']}; precision {precision:.2f}%, recall {recall:.2f}%"
              f"{f'; {len(errors)} not found' if errors else ''}")
        for label, lines in (("miss", misses), ("extra", extras), ("error", errors)):
            for line in lines[: args.show]:
                print(f"     {label}: {line}")
        total.update(counts)
        total["errors"] += len(errors)
    precision = 100.0 * total["both"] / max(total["ours"], 1)
    recall = 100.0 * total["both"] / max(total["theirs"], 1)
    print(f"== TOTAL: precision {precision:.2f}% ({total['both']} / {total['ours']}), "
          f"recall {recall:.2f}% ({total['both']} / {total['theirs']}), "
          f"items not found {total['errors']}")


if __name__ == "__main__":
    sys.exit(main())
