//! The public query surface: every stored relation, its columns and the
//! indices behind the everyday lookups. Bump [`SCHEMA_VERSION`] whenever a
//! relation or column changes; an index of another version is never read.

/// Version of the relations below, stored in `meta`.
pub const SCHEMA_VERSION: &str = "5";

/// `:create` statements, one relation each.
pub const RELATIONS: &[(&str, &str)] = &[
    ("meta", ":create meta {key: String => value: String}"),
    (
        "crate",
        ":create crate {id: Uuid => name: String, package: String, version: String, target_kind: String, \
         edition: String, source: String, manifest_path: String, root_file: String, is_member: Bool, \
         indexed: Bool, features: [String]}",
    ),
    (
        "crate_dep",
        ":create crate_dep {from: Uuid, to: Uuid, kind: String => rename: String, optional: Bool}",
    ),
    (
        "file",
        ":create file {path: String, crate_id: Uuid => root: String, abs_path: String, hash: String?, bytes: Int, lines: Int, error: String?}",
    ),
    (
        "node",
        ":create node {id: Uuid => crate_id: Uuid, kind: String, name: String, path: String, file: String, \
         line: Int, col: Int, end_line: Int, end_col: Int, vis: String, signature: String?, docs: String?, \
         attrs: [String], content_hash: String, cfg: String?}",
    ),
    (
        "edge",
        ":create edge {src: Uuid, dst: Uuid, kind: String => provenance: String, candidates: Int, file: String?, line: Int?}",
    ),
    (
        "unresolved",
        ":create unresolved {src: Uuid, kind: String, text: String => file: String, line: Int}",
    ),
    (
        "annotation",
        ":create annotation {node_id: Uuid, key: String, value: String}",
    ),
    (
        "embedding",
        // `vec` holds a Cozo F32 vector; untyped because its length is the
        // model's (a typed `<F32; 384>` would fix one model's dims).
        ":create embedding {content_hash: String, model: String => vec}",
    ),
    (
        "model",
        ":create model {id: String => name: String, revision: String, dims: Int, pooling: String, \
         max_tokens: Int, recipe: String}",
    ),
    (
        "diagnostic",
        ":create diagnostic {crate_id: Uuid, file: String, line: Int, col: Int, code: String, message: String => severity: String}",
    ),
];

/// Lookup relations for the lookups users make: nodes by name (a path
/// lookup goes through its last segment, which is the node's name) and
/// edges by destination (callers; every kind but `contains`, whose source
/// is the parent that the path already names). They are plain relations written in the
/// same bulk import as the data, not Cozo `::index`es: building those took
/// 2.7 s of a 7.7 s run on the public corpus, and Cozo's planner answers
/// `*node{name: n}` through an index by materialising all of `node`, which
/// was slower than a scan. Queries name them explicitly:
/// `*node_by_name{name: n, id}, *node{id, ...}`.
pub const LOOKUPS: &[(&str, &str)] = &[
    (
        "node_by_name",
        ":create node_by_name {name: String, id: Uuid}",
    ),
    (
        "edge_by_dst",
        ":create edge_by_dst {dst: Uuid, kind: String, src: Uuid}",
    ),
];

/// The order a new index creates its relations in. Cozo numbers relations
/// as they are created and starts every stored key with that number, so
/// this is also the order of their keys in the file, and the order a full
/// write writes them in (`store/sqlite_file.rs` takes keys in ascending
/// order; with SQLite's own inserts, a relation written before one with a
/// lower id went into the middle of the B-tree and took half as long
/// again). The last relation's writing is the part the encoding cannot
/// hide, so the large relations come first and one quick to write last.
pub const CREATION_ORDER: &[&str] = &[
    "meta",
    "crate",
    "crate_dep",
    "file",
    "diagnostic",
    "unresolved",
    "annotation",
    "model",
    "edge",
    "edge_by_dst",
    "node",
    "node_by_name",
    "embedding",
];

/// Every relation's `:create` statement, in [`CREATION_ORDER`].
pub fn creation_statements() -> impl Iterator<Item = (&'static str, &'static str)> {
    CREATION_ORDER.iter().filter_map(|name| {
        RELATIONS
            .iter()
            .chain(LOOKUPS)
            .find(|(relation, _)| relation == name)
            .copied()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relation_is_created_once() {
        let mut created: Vec<&str> = creation_statements().map(|(name, _)| name).collect();
        let mut defined: Vec<&str> = RELATIONS.iter().chain(LOOKUPS).map(|(n, _)| *n).collect();
        created.sort();
        defined.sort();
        assert_eq!(created, defined);
    }
}
