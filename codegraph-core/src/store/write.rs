//! Writing a whole index: rows are built in parallel, imported in bulk into
//! Cozo's in-memory engine, indexed there, then backed up to a temporary
//! SQLite file that is renamed over the previous index. A failed or killed
//! run leaves the previous index untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use cozo::{DataValue, DbInstance, NamedRows, UuidWrapper};
use rayon::prelude::*;
use uuid::Uuid;

use super::schema::{LOOKUPS, RELATIONS, SCHEMA_VERSION};
use crate::discover::{CrateDep, CrateInfo};
use crate::error::{Error, Result};
use crate::ids::hex;
use crate::model::{EdgeKind, Node, UnitGraph};

/// Everything one index holds.
pub struct Snapshot<'a> {
    pub meta: Vec<(String, String)>,
    pub crates: &'a [CrateInfo],
    pub crate_deps: &'a [CrateDep],
    pub graph: &'a UnitGraph,
    /// One past the largest dense node index in `graph`.
    pub idx_limit: u32,
    /// Rows kept from the previous index (embeddings), imported as they are.
    pub carried: BTreeMap<String, NamedRows>,
}

#[derive(Debug, Clone, Default)]
pub struct StoreStats {
    pub rows: usize,
    pub build_rows: Duration,
    pub import: Duration,
    pub backup: Duration,
    pub bytes: u64,
}

pub fn write_index(path: &Path, snapshot: &Snapshot<'_>) -> Result<StoreStats> {
    let mut stats = StoreStats::default();
    let started = Instant::now();
    let relations = build_rows(snapshot);
    stats.rows = relations.values().map(|rows| rows.rows.len()).sum();
    stats.build_rows = started.elapsed();

    let started = Instant::now();
    let db = DbInstance::new("mem", "", "").map_err(|e| Error::store("cannot start Cozo", e))?;
    for (name, statement) in RELATIONS.iter().chain(LOOKUPS) {
        db.run_default(statement)
            .map_err(|e| Error::store(format!("cannot create relation `{name}`"), e))?;
    }
    db.import_relations(relations)
        .map_err(|e| Error::store("bulk import failed", e))?;
    if !snapshot.carried.is_empty() {
        db.import_relations(snapshot.carried.clone())
            .map_err(|e| Error::store("cannot carry the embeddings over", e))?;
    }
    stats.import = started.elapsed();

    let started = Instant::now();
    replace_index_file(&db, path)?;
    stats.backup = started.elapsed();
    stats.bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(stats)
}

/// Backs `db` up into a temporary file beside `path` and renames it over
/// `path`. The caller holds the index lock.
pub(crate) fn replace_index_file(db: &DbInstance, path: &Path) -> Result<()> {
    let directory = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&directory).map_err(|e| Error::io(&directory, e))?;
    let temporary = temporary_path(path);
    remove_stale_temporaries(path);
    let backup = prepare_sqlite_file(&temporary).and_then(|()| {
        db.backup_db(&temporary)
            .map_err(|e| Error::store(format!("cannot write {}", temporary.display()), e))
    });
    if let Err(error) = backup {
        let _ = std::fs::remove_file(&temporary);
        return Err(error);
    }
    // Renaming within one directory is atomic: readers see the old index or
    // the new one, never a half-written file.
    std::fs::rename(&temporary, path).map_err(|e| Error::io(path, e))
}

/// Lays out the SQLite file before Cozo fills it. Cozo 0.7 creates its one
/// table as `cozo (k BLOB PRIMARY KEY, v BLOB)` *if it does not exist*; as a
/// rowid table that stores every key twice (table and primary-key index).
/// The same table `WITHOUT ROWID`, on 16 KiB pages, holds each key once:
/// on the public corpus the file shrank and the write sped up (see
/// ARCHITECTURE.md). Cozo's statements work unchanged on it; the store
/// tests read back what was written to prove it.
fn prepare_sqlite_file(path: &Path) -> Result<()> {
    let connection = sqlite::open(path)
        .map_err(|e| Error::store(format!("cannot create {}", path.display()), e))?;
    connection
        .execute(
            "PRAGMA page_size = 16384;
             CREATE TABLE cozo (k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID;",
        )
        .map_err(|e| Error::store(format!("cannot lay out {}", path.display()), e))
}

fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp-{}", std::process::id()));
    path.with_file_name(name)
}

/// Temporary files of runs that were killed. The caller holds the index
/// lock, so no other writer can own one of them.
fn remove_stale_temporaries(path: &Path) {
    let (Some(directory), Some(name)) = (path.parent(), path.file_name()) else {
        return;
    };
    let prefix = format!("{}.tmp-", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn uuid(id: Uuid) -> DataValue {
    DataValue::Uuid(UuidWrapper(id))
}

fn text(value: &str) -> DataValue {
    DataValue::from(value)
}

fn optional_text(value: Option<&str>) -> DataValue {
    value.map(DataValue::from).unwrap_or(DataValue::Null)
}

fn int(value: impl Into<i64>) -> DataValue {
    DataValue::from(value.into())
}

fn named(headers: &[&str], rows: Vec<Vec<DataValue>>) -> NamedRows {
    NamedRows::new(headers.iter().map(|h| h.to_string()).collect(), rows)
}

fn build_rows(snapshot: &Snapshot<'_>) -> BTreeMap<String, NamedRows> {
    let graph = snapshot.graph;
    let mut relations = BTreeMap::new();

    let mut meta = snapshot.meta.clone();
    meta.push(("schema_version".to_string(), SCHEMA_VERSION.to_string()));
    relations.insert(
        "meta".to_string(),
        named(
            &["key", "value"],
            meta.iter().map(|(k, v)| vec![text(k), text(v)]).collect(),
        ),
    );

    relations.insert(
        "crate".to_string(),
        named(
            &[
                "id",
                "name",
                "package",
                "version",
                "target_kind",
                "edition",
                "source",
                "manifest_path",
                "root_file",
                "is_member",
                "indexed",
                "features",
            ],
            snapshot
                .crates
                .iter()
                .map(|krate| {
                    vec![
                        uuid(krate.id),
                        text(&krate.name),
                        text(&krate.package),
                        text(&krate.version),
                        text(&krate.target_kind),
                        text(&krate.edition),
                        text(&krate.source),
                        text(&krate.manifest_path.to_string_lossy()),
                        text(&krate.unit.display.show(&krate.unit.root_file)),
                        DataValue::from(krate.is_member),
                        DataValue::from(krate.indexed),
                        DataValue::List(krate.features.iter().map(|f| text(f)).collect()),
                    ]
                })
                .collect(),
        ),
    );

    relations.insert(
        "crate_dep".to_string(),
        named(
            &["from", "to", "kind", "rename", "optional"],
            snapshot
                .crate_deps
                .iter()
                .map(|dep| {
                    vec![
                        uuid(dep.from),
                        uuid(dep.to),
                        text(&dep.kind),
                        text(&dep.rename),
                        DataValue::from(dep.optional),
                    ]
                })
                .collect(),
        ),
    );

    relations.insert(
        "file".to_string(),
        named(
            &[
                "path", "crate_id", "root", "abs_path", "hash", "bytes", "lines", "error",
            ],
            graph
                .files
                .iter()
                .map(|file| {
                    vec![
                        text(&file.path),
                        uuid(file.crate_id),
                        text(file.root.as_str()),
                        text(&file.abs_path.to_string_lossy()),
                        optional_text(file.hash.as_ref().map(|hash| hex(hash)).as_deref()),
                        int(file.bytes as i64),
                        int(file.lines),
                        optional_text(file.error.as_deref()),
                    ]
                })
                .collect(),
        ),
    );

    let node_rows: Vec<Vec<DataValue>> = graph.nodes.par_iter().map(node_row).collect();
    relations.insert(
        "node_by_name".to_string(),
        named(
            &["name", "id"],
            graph
                .nodes
                .par_iter()
                .map(|n| vec![text(&n.name), uuid(n.id)])
                .collect(),
        ),
    );

    relations.insert(
        "node".to_string(),
        named(
            &[
                "id",
                "crate_id",
                "kind",
                "name",
                "path",
                "file",
                "line",
                "col",
                "end_line",
                "end_col",
                "vis",
                "signature",
                "docs",
                "attrs",
                "content_hash",
                "cfg",
            ],
            node_rows,
        ),
    );

    let mut id_of = vec![Uuid::nil(); snapshot.idx_limit as usize];
    for node in &graph.nodes {
        id_of[node.idx.0 as usize] = node.id;
    }
    let edge_rows: Vec<Vec<DataValue>> = graph
        .edges
        .par_iter()
        .map(|edge| {
            let (file, line) = match &edge.site {
                Some((file, line)) => (text(file), int(*line)),
                None => (DataValue::Null, DataValue::Null),
            };
            vec![
                uuid(id_of[edge.src.0 as usize]),
                uuid(id_of[edge.dst.0 as usize]),
                text(edge.kind.as_str()),
                text(edge.provenance.as_str()),
                int(edge.candidates),
                file,
                line,
            ]
        })
        .collect();
    let by_dst: Vec<Vec<DataValue>> = graph
        .edges
        .iter()
        .zip(&edge_rows)
        .filter(|(edge, _)| edge.kind != EdgeKind::Contains)
        .map(|(_, row)| vec![row[1].clone(), row[2].clone(), row[0].clone()])
        .collect();
    relations.insert(
        "edge".to_string(),
        named(
            &[
                "src",
                "dst",
                "kind",
                "provenance",
                "candidates",
                "file",
                "line",
            ],
            edge_rows,
        ),
    );
    relations.insert(
        "edge_by_dst".to_string(),
        named(&["dst", "kind", "src"], by_dst),
    );

    relations.insert(
        "annotation".to_string(),
        named(
            &["node_id", "key", "value"],
            graph
                .annotations
                .iter()
                .map(|a| vec![uuid(id_of[a.node.0 as usize]), text(&a.key), text(&a.value)])
                .collect(),
        ),
    );
    relations.insert(
        "unresolved".to_string(),
        named(
            &["src", "kind", "text", "file", "line"],
            graph
                .unresolved
                .iter()
                .map(|u| {
                    vec![
                        uuid(id_of[u.src.0 as usize]),
                        text(u.kind),
                        text(&u.text),
                        text(&u.file),
                        int(u.line),
                    ]
                })
                .collect(),
        ),
    );
    relations.insert(
        "diagnostic".to_string(),
        named(
            &[
                "crate_id", "file", "line", "col", "code", "message", "severity",
            ],
            graph
                .diagnostics
                .iter()
                .map(|d| {
                    vec![
                        uuid(d.crate_id),
                        text(&d.file),
                        int(d.line),
                        int(d.col),
                        text(d.code),
                        text(&d.message),
                        text(d.severity.as_str()),
                    ]
                })
                .collect(),
        ),
    );
    relations
}

fn node_row(node: &Node) -> Vec<DataValue> {
    vec![
        uuid(node.id),
        uuid(node.crate_id),
        text(node.kind.as_str()),
        text(&node.name),
        text(&node.path),
        text(&node.file),
        int(node.range.line),
        int(node.range.col),
        int(node.range.end_line),
        int(node.range.end_col),
        text(&node.vis),
        optional_text(node.signature.as_deref()),
        optional_text(node.docs.as_deref()),
        DataValue::List(node.attrs.iter().map(|a| text(a)).collect()),
        text(&hex(&node.content_hash)),
        optional_text(node.cfg.as_deref()),
    ]
}
