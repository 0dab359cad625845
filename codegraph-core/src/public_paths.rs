//! Paths as users write them. Documentation, error messages and code name
//! items by their public path (`serde_json::Value`, `regex::Regex`,
//! `tokio::runtime::Runtime::block_on`), while the graph keeps each item
//! under the path of its definition (`serde_json::value::Value`,
//! `regex::regex::string::Regex`). This module follows `pub use` re-exports,
//! named and glob, chained and across crates, from a written path to the
//! definitions it names, over the `use` nodes and `reexports` edges of an
//! index.
//!
//! The walk is rustc's, read from the graph, left to right: each segment
//! is looked up in what the path so far names, as an item defined there, as
//! what a named `pub use` there names, or through a glob `pub use` of that
//! module. Private `use` items import, they do not re-export, so they are
//! not followed. A name that is both a trait and a derive macro (`serde::
//! Serialize`) means the trait: a macro is chosen only when nothing else is.
//!
//! The other way, [`paths_naming`] lists every path that names a
//! definition (its own, and those re-exports give it), public ones first:
//! what a user writes in a `use` to reach it from another crate.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use cozo::DataValue;

use crate::error::Result;
use crate::store::IndexDb;

/// How many glob re-exports one segment may pass through (`pub use a::*`
/// in a module that `pub use b::*` brings in…); real chains are two or
/// three long.
const MAX_GLOB_DEPTH: usize = 6;

/// How many lookups one resolution may make, so a maze of globs re-exporting
/// each other costs milliseconds, not minutes.
const MAX_LOOKUPS: usize = 512;

/// The paths of the definitions (items that are not `use`) that `written`
/// names, sorted: itself when an item is defined there, what it re-exports
/// otherwise; empty when it names nothing (a suffix, a typo).
pub fn definitions_named_by(index: &IndexDb, written: &str) -> Result<Vec<String>> {
    let written = written.trim().trim_start_matches("::");
    let segments: Vec<&str> = written.split("::").collect();
    if segments.iter().any(|segment| segment.is_empty()) {
        return Ok(Vec::new());
    }
    let mut lookup = Lookup::new(index);
    let mut named = BTreeSet::new();
    if !lookup.items_at(written)?.is_empty() {
        // Defined as written (paths of impl members have `::` inside `<…>`,
        // so they are not walked); a named `pub use` at the same path may
        // add another namespace: `mod spawn; pub use spawn::spawn;`.
        named.insert(written.to_string());
        named.extend(lookup.reexports_of(written)?);
    } else {
        if !lookup.items_at(segments[0])?.is_empty() {
            named.insert(segments[0].to_string());
        }
        for segment in &segments[1..] {
            let mut next = BTreeSet::new();
            for parent in &named {
                next.extend(lookup.member(parent, segment, MAX_GLOB_DEPTH)?);
            }
            named = next;
        }
    }
    lookup.preferred(named)
}

/// A path that names a definition, and whether another crate can write it
/// (every module on the way and the item are `pub`, every re-export too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamingPath {
    pub path: String,
    pub public: bool,
    /// It starts at a workspace member or at a crate a member depends on
    /// directly, under the name the member gives it: the member's code can
    /// write it as it is (`serde::Serialize`, not `serde_core::Serialize`).
    pub direct: bool,
}

/// At most this many paths are listed for one definition (libc's items
/// are re-exported from every platform module by globs of globs).
const MAX_NAMING_PATHS: usize = 256;

/// How many re-exports deep the paths of one definition are followed.
const MAX_NAMING_DEPTH: usize = 8;

/// Every path that names the definition at `definition` (its own path and
/// those `pub use` items give it, named or glob, chained, in other crates),
/// public ones first, then the shortest; empty when nothing is defined there.
pub fn paths_naming(index: &IndexDb, definition: &str) -> Result<Vec<NamingPath>> {
    let mut lookup = Lookup::new(index);
    if lookup.items_at(definition)?.is_empty() {
        return Ok(Vec::new());
    }
    let mut namer = Namer {
        lookup,
        reexporters: HashMap::new(),
        done: HashMap::new(),
        in_progress: BTreeSet::new(),
    };
    let found = namer.paths(definition, Role::Item, MAX_NAMING_DEPTH)?;
    let mut paths = as_written_by_members(found, &written_crate_names(index)?);
    paths.sort_by(|a, b| {
        (!a.public, !a.direct, a.path.matches("::").count(), &a.path).cmp(&(
            !b.public,
            !b.direct,
            b.path.matches("::").count(),
            &b.path,
        ))
    });
    paths.truncate(MAX_NAMING_PATHS);
    Ok(paths)
}

/// Crate name → the names workspace members write it by: a member its
/// own name, a direct dependency the name its dependent gives it (a
/// rename too: `json = { package = "serde_json" }` writes `json::Value`).
fn written_crate_names(index: &IndexDb) -> Result<HashMap<String, BTreeSet<String>>> {
    let rows = index.run(
        "?[name, written] := *crate{name, is_member}, is_member, written = name
         ?[name, written] := *crate{id: from, is_member}, is_member, \
             *crate_dep{from, to, rename: written}, *crate{id: to, name}",
        BTreeMap::new(),
        false,
    )?;
    let mut names: HashMap<String, BTreeSet<String>> = HashMap::new();
    for row in &rows.rows {
        if let (Some(name), Some(written)) = (row[0].get_str(), row[1].get_str()) {
            names
                .entry(name.to_string())
                .or_default()
                .insert(written.replace('-', "_"));
        }
    }
    Ok(names)
}

/// Marks the paths members can write as they are, and adds each under the
/// other names members give its first crate.
fn as_written_by_members(
    found: Vec<NamingPath>,
    written: &HashMap<String, BTreeSet<String>>,
) -> Vec<NamingPath> {
    let mut paths = Vec::with_capacity(found.len());
    for named in found {
        let (root, rest) = match named.path.split_once("::") {
            Some((root, rest)) => (root, Some(rest)),
            None => (named.path.as_str(), None),
        };
        let Some(names) = written.get(root) else {
            paths.push(named);
            continue;
        };
        for name in names {
            let path = match rest {
                Some(rest) => format!("{name}::{rest}"),
                None => name.clone(),
            };
            paths.push(NamingPath {
                path,
                public: named.public,
                direct: true,
            });
        }
        if !names.contains(root) {
            paths.push(named);
        }
    }
    paths
}

/// What a path is asked for: the item itself, or the container of the
/// item whose paths are being listed (macros contain nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Item,
    Container,
}

/// A `use` item that re-exports a node.
#[derive(Clone)]
struct Reexporter {
    /// The `use` node's path: `module::Name`, or `module::*` for a glob.
    path: String,
    public: bool,
}

/// The walk of [`paths_naming`]: the paths of a definition are those of its
/// container with its name appended, plus those of each re-export of it.
struct Namer<'a> {
    lookup: Lookup<'a>,
    reexporters: HashMap<String, Vec<Reexporter>>,
    done: HashMap<(String, Role), Vec<NamingPath>>,
    /// Definitions whose paths are being listed (a glob cycle ends there).
    in_progress: BTreeSet<String>,
}

impl Namer<'_> {
    /// The paths naming the definition at `definition`.
    fn paths(&mut self, definition: &str, role: Role, depth: usize) -> Result<Vec<NamingPath>> {
        let key = (definition.to_string(), role);
        if let Some(done) = self.done.get(&key) {
            return Ok(done.clone());
        }
        let Some((parent, name)) = definition.rsplit_once("::") else {
            // A crate's root.
            return Ok(vec![NamingPath {
                path: definition.to_string(),
                public: true,
                direct: false,
            }]);
        };
        if depth == 0 || !self.in_progress.insert(definition.to_string()) {
            return Ok(Vec::new());
        }
        let visible = self.visible_from_its_container(definition, parent, role)?;
        let mut found = Vec::new();
        for through in self.paths_into(parent, name, depth)? {
            add(
                &mut found,
                format!("{}::{name}", through.path),
                through.public && visible,
            );
        }
        for reexport in self.reexporters_of(definition)? {
            let Some((module, alias)) = reexport.path.rsplit_once("::") else {
                continue;
            };
            if alias == "*" {
                continue;
            }
            // `pub use` cannot make public what is not (rustc re-exports
            // only the namespaces that are): `pub use task::spawn` beside a
            // private `mod spawn` re-exports the fn alone.
            let public = reexport.public && visible;
            for through in self.paths_into(module, alias, depth - 1)? {
                add(
                    &mut found,
                    format!("{}::{alias}", through.path),
                    through.public && public,
                );
            }
        }
        self.in_progress.remove(definition);
        found.truncate(MAX_NAMING_PATHS);
        self.done.insert(key, found.clone());
        Ok(found)
    }

    /// The paths through which `container`'s item `name` is reached: the
    /// container's own, and those of each module a glob `pub use`
    /// re-exports it into, unless that module has its own `name` in the
    /// item's namespace (which hides the glob's: nom's root has `mod
    /// bits`, and its `pub use self::bits::*` still brings the fn `bits`).
    fn paths_into(&mut self, container: &str, name: &str, depth: usize) -> Result<Vec<NamingPath>> {
        let mut found = self.paths(container, Role::Container, depth)?;
        if depth == 0 {
            return Ok(found);
        }
        for reexport in self.reexporters_of(container)? {
            let Some(module) = reexport.path.strip_suffix("::*") else {
                continue;
            };
            if self.hides_glob_item(module, container, name)? {
                continue;
            }
            for through in self.paths_into(module, name, depth - 1)? {
                add(&mut found, through.path, through.public && reexport.public);
            }
        }
        Ok(found)
    }

    /// Whether `module`'s own `name` (an item, or a named import) hides
    /// the `name` of `container` that a glob brings into `module`: it does
    /// in a namespace the item is in, or whenever the index cannot tell
    /// which namespaces it takes (an import of something not indexed).
    fn hides_glob_item(&mut self, module: &str, container: &str, name: &str) -> Result<bool> {
        let own = format!("{module}::{name}");
        if !self.lookup.anything_at(&own)? {
            return Ok(false);
        }
        let mut taken = self.lookup.namespaces_at(&own)?;
        for target in self.lookup.reexports_of(&own)? {
            taken.extend(self.lookup.namespaces_at(&target)?);
        }
        if taken.is_empty() {
            return Ok(true);
        }
        let item = self.lookup.namespaces_at(&format!("{container}::{name}"))?;
        Ok(item.is_empty() || Namespace::shadowed(&item, &taken))
    }

    /// Whether the item may be named from outside its container: `pub`
    /// items of modules (a `#[macro_export]` macro too); variants, and
    /// members of traits, always; members of types when `pub`. As a
    /// container, a path's macros do not count: anyhow's private `mod
    /// ensure` shares its path with the exported `ensure!`.
    fn visible_from_its_container(
        &mut self,
        definition: &str,
        parent: &str,
        role: Role,
    ) -> Result<bool> {
        let items = self.lookup.items_at(definition)?;
        let visible = items.iter().any(|(kind, vis)| {
            (role == Role::Item || kind != "macro") && (vis == "pub" || kind == "variant")
        });
        if visible {
            return Ok(true);
        }
        let container = self.lookup.items_at(parent)?;
        Ok(container.iter().any(|(kind, _)| kind == "trait"))
    }

    fn reexporters_of(&mut self, definition: &str) -> Result<Vec<Reexporter>> {
        if !self.reexporters.contains_key(definition) {
            let rows = self.lookup.run(
                "?[use_path, vis] := *node_by_name{name: $name, id}, *node{id, path, kind}, path == $path, kind != 'use', \
                   *edge_by_dst{dst: id, kind: 'reexports', src}, *node{id: src, path: use_path, vis}",
                definition,
            )?;
            let found = rows
                .iter()
                .filter_map(|row| {
                    Some(Reexporter {
                        path: row.first()?.get_str()?.to_string(),
                        public: row.get(1)?.get_str() == Some("pub"),
                    })
                })
                .collect();
            self.reexporters.insert(definition.to_string(), found);
        }
        Ok(self.reexporters[definition].clone())
    }
}

/// Adds a path, or makes a listed one public.
fn add(found: &mut Vec<NamingPath>, path: String, public: bool) {
    match found.iter_mut().find(|known| known.path == path) {
        Some(known) => known.public |= public,
        None => found.push(NamingPath {
            path,
            public,
            direct: false,
        }),
    }
}

/// Cached lookups against the index.
struct Lookup<'a> {
    index: &'a IndexDb,
    /// Path → the kind and visibility of the items other than `use` there.
    items: HashMap<String, Vec<(String, String)>>,
    /// Path → whether any node (a `use` too) has it.
    occupied: HashMap<String, bool>,
    /// `use` path → the paths its `reexports` edges point at.
    reexported: HashMap<String, Vec<String>>,
    lookups: usize,
}

impl<'a> Lookup<'a> {
    fn new(index: &'a IndexDb) -> Lookup<'a> {
        Lookup {
            index,
            items: HashMap::new(),
            occupied: HashMap::new(),
            reexported: HashMap::new(),
            lookups: 0,
        }
    }

    /// What `parent::name` is: the items defined at that path and what a
    /// named `pub use` there names, then, in the namespaces those leave
    /// free, what a glob `pub use` in `parent` brings in.
    fn member(&mut self, parent: &str, name: &str, glob_depth: usize) -> Result<Vec<String>> {
        let path = format!("{parent}::{name}");
        let mut found = Vec::new();
        if !self.items_at(&path)?.is_empty() {
            found.push(path.clone());
        }
        for target in self.reexports_of(&path)? {
            push_new(&mut found, target);
        }
        if glob_depth == 0 {
            return Ok(found);
        }
        let mut taken = BTreeSet::new();
        for path in &found {
            taken.extend(self.namespaces_at(path)?);
        }
        for module in self.reexports_of(&format!("{parent}::*"))? {
            for item in self.member(&module, name, glob_depth - 1)? {
                if !Namespace::shadowed(&self.namespaces_at(&item)?, &taken) {
                    push_new(&mut found, item);
                }
            }
        }
        Ok(found)
    }

    /// Of several items, those a user can name from outside their module,
    /// then, of those, the ones that are not macros (`serde::Serialize` is
    /// the trait and the derive; `tokio::spawn` reaches the fn `spawn` and,
    /// through a private module of the same name, nothing).
    fn preferred(&mut self, paths: BTreeSet<String>) -> Result<Vec<String>> {
        let mut items: Vec<(String, bool, bool)> = Vec::new();
        for path in paths {
            let found = self.items_at(&path)?;
            let visible = found.iter().any(|(_, vis)| !vis.is_empty());
            let not_macro = found.iter().any(|(kind, _)| kind != "macro");
            items.push((path, visible, not_macro));
        }
        if items.iter().any(|(_, visible, _)| *visible) {
            items.retain(|(_, visible, _)| *visible);
        }
        if items.iter().any(|(_, _, not_macro)| *not_macro) {
            items.retain(|(_, _, not_macro)| *not_macro);
        }
        Ok(items.into_iter().map(|(path, _, _)| path).collect())
    }

    fn namespaces_at(&mut self, path: &str) -> Result<BTreeSet<Namespace>> {
        Ok(self
            .items_at(path)?
            .iter()
            .map(|(kind, _)| Namespace::of(kind))
            .collect())
    }

    /// The kind and visibility of each node other than `use` at `path`;
    /// empty when no item is defined there.
    fn items_at(&mut self, path: &str) -> Result<Vec<(String, String)>> {
        if let Some(known) = self.items.get(path) {
            return Ok(known.clone());
        }
        let rows = self.run(
            // `#[macro_export]` makes a macro public at the crate's root.
            "?[kind, vis] := *node_by_name{name: $name, id}, *node{id, path, kind, vis: declared, attrs}, path == $path, kind != 'use', \
               vis = if(or(is_in('macro_export', attrs), is_in('macro_export(local_inner_macros)', attrs)), 'pub', declared)",
            path,
        )?;
        let items: Vec<(String, String)> = rows
            .iter()
            .filter_map(|row| {
                let kind = row.first()?.get_str()?;
                let vis = row.get(1)?.get_str().unwrap_or_default();
                Some((kind.to_string(), vis.to_string()))
            })
            .collect();
        self.items.insert(path.to_string(), items.clone());
        Ok(items)
    }

    /// Whether any node, a `use` included, has `path`.
    fn anything_at(&mut self, path: &str) -> Result<bool> {
        if let Some(known) = self.occupied.get(path) {
            return Ok(*known);
        }
        let rows = self.run(
            "?[count(id)] := *node_by_name{name: $name, id}, *node{id, path}, path == $path",
            path,
        )?;
        let occupied = rows
            .first()
            .and_then(|row| row.first())
            .and_then(DataValue::get_int)
            .is_some_and(|count| count > 0);
        self.occupied.insert(path.to_string(), occupied);
        Ok(occupied)
    }

    fn reexports_of(&mut self, use_path: &str) -> Result<Vec<String>> {
        if let Some(known) = self.reexported.get(use_path) {
            return Ok(known.clone());
        }
        let rows = self.run(
            "?[target] := *node_by_name{name: $name, id}, *node{id, path, kind}, kind == 'use', path == $path, *edge{src: id, dst, kind: k}, k == 'reexports', *node{id: dst, path: target}",
            use_path,
        )?;
        let targets: Vec<String> = rows
            .iter()
            .filter_map(|row| row.first().and_then(DataValue::get_str))
            .map(str::to_string)
            .collect();
        self.reexported
            .insert(use_path.to_string(), targets.clone());
        Ok(targets)
    }

    /// Runs a lookup by `$path` (and `$name`, its last segment); past the
    /// budget every lookup finds nothing.
    fn run(&mut self, script: &str, path: &str) -> Result<Vec<Vec<DataValue>>> {
        if self.lookups >= MAX_LOOKUPS {
            return Ok(Vec::new());
        }
        self.lookups += 1;
        let name = path.rsplit("::").next().unwrap_or(path);
        let params = BTreeMap::from([
            ("path".to_string(), DataValue::from(path)),
            ("name".to_string(), DataValue::from(name)),
        ]);
        Ok(self.index.run(script, params, false)?.rows)
    }
}

/// Rust's namespaces, as far as re-exports need them: a name may be a type
/// (or module) and a value and a macro at once, and a glob brings in only
/// the namespaces the module's own items and named imports leave free.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Namespace {
    Types,
    Values,
    Macros,
    /// An external item, whose kind the index does not know: it shadows
    /// every namespace.
    Unknown,
}

impl Namespace {
    /// Whether a glob's item in `namespaces` is hidden by names `taken`
    /// already.
    fn shadowed(namespaces: &BTreeSet<Namespace>, taken: &BTreeSet<Namespace>) -> bool {
        let unknown = |set: &BTreeSet<Namespace>| set.contains(&Namespace::Unknown);
        if taken.is_empty() {
            return false;
        }
        unknown(taken) || unknown(namespaces) || !namespaces.is_disjoint(taken)
    }

    fn of(kind: &str) -> Namespace {
        match kind {
            "macro" => Namespace::Macros,
            "function" | "method" | "const" | "static" | "assoc_const" => Namespace::Values,
            "external" => Namespace::Unknown,
            _ => Namespace::Types,
        }
    }
}

fn push_new(found: &mut Vec<String>, path: String) {
    if !found.contains(&path) {
        found.push(path);
    }
}

#[cfg(test)]
mod tests {
    use super::{definitions_named_by, paths_naming};
    use crate::store::test_rows::{id, put_edges, put_items};
    use crate::store::IndexDb;

    /// A crate `c` with `mod inner { pub struct Thing; pub trait Both; }`
    /// and the re-exports the tests follow.
    fn index() -> IndexDb {
        let index = IndexDb::empty_for_tests();
        put_items(
            &index,
            &[
                (1, "crate", "c", "pub"),
                (2, "module", "c::inner", ""),
                (3, "struct", "c::inner::Thing", "pub"),
                (4, "method", "c::inner::Thing::go", "pub"),
                (5, "trait", "c::inner::Both", "pub"),
                (6, "macro", "c::Both", "pub"),
                (7, "module", "c::api", "pub"),
                // pub use crate::inner::*;  (in c::api)
                (8, "use", "c::api::*", "pub"),
                // pub use crate::api::*;  (in c::prelude)
                (9, "module", "c::prelude", "pub"),
                (10, "use", "c::prelude::*", "pub"),
                // pub use inner::Thing as Renamed;
                (11, "use", "c::Renamed", "pub"),
                // use inner::Thing;  (private: an import)
                (12, "module", "c::hidden", ""),
                (13, "use", "c::hidden::Thing", ""),
                // pub use inner::Both;  beside the macro `Both`
                (14, "use", "c::api::Both", "pub"),
                (15, "macro", "c::api::Both", "pub"),
                // a glob pair that re-exports itself
                (16, "module", "c::a", "pub"),
                (17, "use", "c::a::*", "pub"),
                (18, "module", "c::b", "pub"),
                (19, "use", "c::b::*", "pub"),
                // pub use crate::inner::*;  beside its own `struct Thing`
                (20, "module", "c::shadow", "pub"),
                (21, "use", "c::shadow::*", "pub"),
                (22, "struct", "c::shadow::Thing", "pub"),
                (23, "method", "c::shadow::Thing::go", "pub"),
                // pub use crate::shadow::*;
                (24, "module", "c::outer", "pub"),
                (25, "use", "c::outer::*", "pub"),
                (26, "function", "c::a::f", "pub"),
                // mod task { mod spawn { pub fn spawn() {} } pub use spawn::spawn; }
                // pub use task::spawn;
                (27, "module", "c::task", "pub"),
                (28, "module", "c::task::spawn", ""),
                (29, "function", "c::task::spawn::spawn", "pub"),
                (30, "use", "c::task::spawn", "pub"),
                (31, "use", "c::spawn", "pub"),
                // mod ens { pub trait BothDebug {} }  beside the exported `ens!`
                (32, "module", "c::ens", ""),
                (33, "macro", "c::ens", "pub"),
                (34, "trait", "c::ens::BothDebug", "pub"),
                // pub mod bits { pub fn bits() {} }  pub use self::bits::*;
                (35, "module", "c::bits", "pub"),
                (36, "function", "c::bits::bits", "pub"),
                (37, "use", "c::*", "pub"),
            ],
        );
        put_edges(
            &index,
            &[
                (8, 2, "reexports"),
                (10, 7, "reexports"),
                (11, 3, "reexports"),
                (13, 3, "imports"),
                (14, 5, "reexports"),
                (17, 18, "reexports"),
                (19, 16, "reexports"),
                (21, 2, "reexports"),
                (25, 20, "reexports"),
                (30, 28, "reexports"),
                (30, 29, "reexports"),
                (31, 28, "reexports"),
                (31, 29, "reexports"),
                (37, 35, "reexports"),
            ],
        );
        index
    }

    fn named(index: &IndexDb, written: &str) -> Vec<String> {
        definitions_named_by(index, written).expect("query runs")
    }

    #[test]
    fn a_definitions_own_path_names_itself() {
        let index = index();
        assert_eq!(named(&index, "c::inner::Thing"), ["c::inner::Thing"]);
        assert_eq!(
            named(&index, "::c::inner::Thing::go"),
            ["c::inner::Thing::go"]
        );
    }

    #[test]
    fn named_and_glob_reexports_lead_to_the_definition() {
        let index = index();
        assert_eq!(named(&index, "c::Renamed"), ["c::inner::Thing"]);
        assert_eq!(named(&index, "c::Renamed::go"), ["c::inner::Thing::go"]);
        assert_eq!(named(&index, "c::api::Thing"), ["c::inner::Thing"]);
        assert_eq!(
            named(&index, "c::prelude::Thing::go"),
            ["c::inner::Thing::go"]
        );
    }

    #[test]
    fn imports_typos_and_cycles_name_nothing() {
        let index = index();
        assert!(
            named(&index, "c::hidden::Thing").is_empty(),
            "private `use`"
        );
        assert!(named(&index, "c::api::Nothing").is_empty());
        assert!(
            named(&index, "Thing::go").is_empty(),
            "a suffix, not a path"
        );
        assert!(named(&index, "c::a::Thing").is_empty(), "globs in a cycle");
        assert!(named(&index, "c::::Thing").is_empty());
    }

    #[test]
    fn a_modules_own_item_hides_a_globs_in_its_namespace() {
        let index = index();
        // `c::outer::*` brings in `c::shadow`'s names: its own `Thing`,
        // not the one of `c::shadow`'s glob, and the glob's `Both`.
        assert_eq!(
            named(&index, "c::outer::Thing::go"),
            ["c::shadow::Thing::go"]
        );
        assert_eq!(named(&index, "c::outer::Both"), ["c::inner::Both"]);
    }

    #[test]
    fn a_glob_brings_a_fn_beside_a_module_of_its_name() {
        let index = index();
        // nom: `pub mod bits;` and `pub use self::bits::*;` at the root
        // make `nom::bits` both the module and the fn.
        assert_eq!(
            naming(&index, "c::bits::bits"),
            owned(&[("c::bits", true), ("c::bits::bits", true)])
        );
        assert_eq!(naming(&index, "c::bits"), owned(&[("c::bits", true)]));
    }

    #[test]
    fn an_item_beats_a_macro_of_the_same_name() {
        let index = index();
        // `c::api::Both` is a macro defined there and the trait a named
        // `pub use` brings in: the trait.
        assert_eq!(named(&index, "c::api::Both"), ["c::inner::Both"]);
        // The glob of `c::prelude` brings in both.
        assert_eq!(named(&index, "c::prelude::Both"), ["c::inner::Both"]);
        assert_eq!(named(&index, "c::Both"), ["c::Both"], "only a macro");
    }

    fn naming(index: &IndexDb, definition: &str) -> Vec<(String, bool)> {
        paths_naming(index, definition)
            .expect("query runs")
            .into_iter()
            .map(|named| (named.path, named.public))
            .collect()
    }

    fn owned(paths: &[(&str, bool)]) -> Vec<(String, bool)> {
        paths
            .iter()
            .map(|(p, public)| (p.to_string(), *public))
            .collect()
    }

    #[test]
    fn paths_naming_a_definition_come_public_and_shortest_first() {
        let index = index();
        // Not `c::shadow::Thing` (its own `Thing` hides the glob's), nor
        // `c::hidden::Thing` (a private import).
        assert_eq!(
            naming(&index, "c::inner::Thing"),
            owned(&[
                ("c::Renamed", true),
                ("c::api::Thing", true),
                ("c::prelude::Thing", true),
                ("c::inner::Thing", false),
            ])
        );
        assert_eq!(
            naming(&index, "c::inner::Thing::go")[0],
            ("c::Renamed::go".to_string(), true)
        );
        assert!(naming(&index, "c::nothing::here").is_empty());
    }

    /// `a_core::Value`, re-exported as `z_facade::Value`; the member `app`
    /// depends on `z_facade` under the name `facade`.
    #[test]
    fn paths_members_can_write_come_first_under_the_names_they_use() {
        let index = IndexDb::empty_for_tests();
        put_items(
            &index,
            &[
                (1, "crate", "a_core", "pub"),
                (2, "struct", "a_core::Value", "pub"),
                (3, "crate", "z_facade", "pub"),
                (4, "use", "z_facade::Value", "pub"),
            ],
        );
        put_edges(&index, &[(4, 2, "reexports")]);
        let paths = |index: &IndexDb| -> Vec<(String, bool, bool)> {
            paths_naming(index, "a_core::Value")
                .expect("query runs")
                .into_iter()
                .map(|named| (named.path, named.public, named.direct))
                .collect()
        };
        let expected = |rows: &[(&str, bool)]| -> Vec<(String, bool, bool)> {
            rows.iter()
                .map(|(path, direct)| (path.to_string(), true, *direct))
                .collect()
        };
        assert_eq!(
            paths(&index),
            expected(&[("a_core::Value", false), ("z_facade::Value", false)])
        );
        let crate_row = |n: u8, name: &str, member: bool| {
            format!(
                "[to_uuid('{}'), '{name}', '{name}', '1.0.0', 'lib', '2021', 'registry', '', '', {member}, true, []]",
                id(n)
            )
        };
        index
            .run(
                &format!(
                    "?[id, name, package, version, target_kind, edition, source, manifest_path, root_file, is_member, indexed, features] <- [{}, {}, {}] \
                     :put crate {{id => name, package, version, target_kind, edition, source, manifest_path, root_file, is_member, indexed, features}}",
                    crate_row(50, "app", true),
                    crate_row(51, "z_facade", false),
                    crate_row(52, "a_core", false)
                ),
                Default::default(),
                true,
            )
            .unwrap();
        index
            .run(
                &format!(
                    "?[from, to, kind, rename, optional] <- [[to_uuid('{}'), to_uuid('{}'), 'normal', 'facade', false]] \
                     :put crate_dep {{from, to, kind => rename, optional}}",
                    id(50),
                    id(51)
                ),
                Default::default(),
                true,
            )
            .unwrap();
        assert_eq!(
            paths(&index),
            expected(&[
                ("facade::Value", true),
                ("a_core::Value", false),
                ("z_facade::Value", false)
            ])
        );
    }

    #[test]
    fn a_reexport_makes_public_only_what_is_visible() {
        let index = index();
        assert_eq!(
            naming(&index, "c::task::spawn::spawn"),
            owned(&[
                ("c::spawn", true),
                ("c::task::spawn", true),
                ("c::spawn::spawn", false),
                ("c::task::spawn::spawn", false),
            ])
        );
    }

    #[test]
    fn a_macro_sharing_a_private_modules_path_does_not_open_it() {
        let index = index();
        assert_eq!(
            naming(&index, "c::ens::BothDebug"),
            owned(&[("c::ens::BothDebug", false)])
        );
        assert_eq!(naming(&index, "c::ens"), owned(&[("c::ens", true)]));
    }

    #[test]
    fn globs_in_a_cycle_end() {
        let index = index();
        assert_eq!(
            naming(&index, "c::a::f"),
            owned(&[("c::a::f", true), ("c::b::f", true)])
        );
    }
}
