//! The public query surface: every stored relation, its columns and the
//! indices behind the everyday lookups. Bump [`SCHEMA_VERSION`] whenever a
//! relation or column changes; an index of another version is never read.

/// Version of the relations below, stored in `meta`.
pub const SCHEMA_VERSION: &str = "1";

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
        ":create file {path: String, crate_id: Uuid => root: String, hash: String, bytes: Int, lines: Int, error: String?}",
    ),
    (
        "node",
        ":create node {id: Uuid => crate_id: Uuid, kind: String, name: String, path: String, file: String, \
         line: Int, col: Int, end_line: Int, end_col: Int, vis: String, signature: String?, docs: String?, \
         attrs: [String], content_hash: String, cfg: String?}",
    ),
    (
        "edge",
        ":create edge {src: Uuid, dst: Uuid, kind: String => provenance: String, file: String?, line: Int?}",
    ),
    (
        "diagnostic",
        ":create diagnostic {crate_id: Uuid, file: String, line: Int, col: Int, code: String, message: String => severity: String}",
    ),
];

/// Indices for the lookups users make: by name, by path, and edges by
/// destination (callers). Created after the bulk import, which is cheaper
/// than maintaining them row by row.
pub const INDICES: &[&str] = &[
    "::index create node:by_name {name}",
    "::index create node:by_path {path}",
    "::index create node:by_crate_kind {crate_id, kind}",
    "::index create edge:by_dst {dst, kind}",
];
