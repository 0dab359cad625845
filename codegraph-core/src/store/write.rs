//! Writing an index. A full run has Cozo encode every relation and inserts
//! the encoded rows into a temporary SQLite file (see [`super::bulk`]),
//! renamed over the previous index. An incremental run diffs
//! each redone part's rows against its digest and writes the difference in
//! one transaction. Either way a failed or killed run leaves the previous
//! index as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use cozo::{DataValue, DbInstance, NamedRows};
use rayon::prelude::*;
use uuid::Uuid;

use super::bulk::{write_relations, BulkTimes, DirectRelation, RelationJob, Sample};
use super::rows::{
    diff, digest, encode_relation_part, named, part_rows, relation_len, source_len, text, uuid,
    EncodedPart, PartDelta, PartRows, GRAPH_RELATIONS,
};
use super::schema::SCHEMA_VERSION;
use crate::discover::{CrateDep, CrateInfo};
use crate::error::{Error, Result};
use crate::model::UnitGraph;

/// Everything one index holds.
pub struct Snapshot<'a> {
    pub meta: Vec<(String, String)>,
    pub crates: &'a [CrateInfo],
    pub crate_deps: &'a [CrateDep],
    /// The graph in parts (a crate's graph each, and the external nodes);
    /// each part's rows get a digest for the next incremental run.
    pub parts: Vec<&'a UnitGraph>,
    /// Dense node index → id, for every index an edge mentions.
    pub id_of: &'a [Uuid],
    /// Rows kept from the previous index (embeddings), imported as they are.
    pub carried: BTreeMap<String, NamedRows>,
}

/// The changes an incremental run writes into an existing index.
pub struct Delta<'a> {
    pub meta: Vec<(String, String)>,
    pub crates: &'a [CrateInfo],
    pub crate_deps: &'a [CrateDep],
    /// Parts redone now, each with the digest of its previous rows (`None`
    /// for a part that did not exist).
    pub parts: Vec<(&'a UnitGraph, Option<&'a [u8]>)>,
    pub id_of: &'a [Uuid],
    /// Content hashes (hex) whose embeddings go: their content is gone.
    pub dropped_content: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct StoreStats {
    pub rows: usize,
    /// Incremental runs: building and diffing the redone parts' rows.
    pub build_rows: Duration,
    /// Full runs: building and encoding every relation (the writer runs
    /// meanwhile); incremental runs: the import of the changes.
    pub import: Duration,
    /// Full runs: how long the write went on after the last relation was
    /// encoded: the writer's last pages and sync, and meanwhile whatever
    /// [`write_index_then`] was given to do.
    pub backup: Duration,
    pub bytes: u64,
    /// Rows written (put or removed) by an incremental run.
    pub changed_rows: usize,
}

/// Writes a whole index; returns the digest of each part's rows (aligned
/// with `snapshot.parts`).
pub fn write_index(path: &Path, snapshot: &Snapshot<'_>) -> Result<(StoreStats, Vec<Vec<u8>>)> {
    write_index_then(path, snapshot, |digests| digests)
}

/// [`write_index`], handing the digests to `then` as soon as every row is
/// encoded: what the caller does with them runs while the file is being
/// finished and synced. `then` runs even if the write fails afterwards.
pub fn write_index_then<T>(
    path: &Path,
    snapshot: &Snapshot<'_>,
    then: impl FnOnce(Vec<Vec<u8>>) -> T,
) -> Result<(StoreStats, T)> {
    let mut stats = StoreStats::default();
    // Each part's digest is its relations' pieces in order; every graph
    // relation's job fills in its piece of each part.
    let pieces: Vec<Mutex<Vec<Vec<u8>>>> = GRAPH_RELATIONS
        .iter()
        .map(|_| Mutex::new(Vec::new()))
        .collect();
    let mut jobs: Vec<RelationJob<'_>> =
        global_rows(&snapshot.meta, snapshot.crates, snapshot.crate_deps)
            .into_iter()
            .chain(snapshot.carried.clone())
            .map(|(name, rows)| RelationJob::Cozo { name, rows })
            .collect();
    stats.rows = jobs.iter().map(RelationJob::rows).sum();
    for (position, (name, columns, _)) in GRAPH_RELATIONS.iter().enumerate() {
        let piece = &pieces[position];
        let rows = snapshot
            .parts
            .iter()
            .map(|graph| relation_len(graph, position))
            .sum();
        stats.rows += rows;
        jobs.push(RelationJob::Direct {
            name,
            columns,
            rows,
            encode: Box::new(move |relation_id| {
                // Pieces of at most CHUNK items, so that one large crate
                // does not leave the other cores idle; in row order.
                let pieces: Vec<(usize, std::ops::Range<usize>)> = snapshot
                    .parts
                    .iter()
                    .enumerate()
                    .flat_map(|(part, graph)| {
                        let len = source_len(graph, position);
                        (0..len.div_ceil(CHUNK).max(1))
                            .map(move |n| (part, n * CHUNK..((n + 1) * CHUNK).min(len)))
                    })
                    .collect();
                let encoded: Vec<EncodedPart> = pieces
                    .par_iter()
                    .map(|(part, range)| {
                        let graph = snapshot.parts[*part];
                        encode_relation_part(
                            graph,
                            snapshot.id_of,
                            position,
                            relation_id,
                            range.clone(),
                        )
                    })
                    .collect();
                let mut relation = DirectRelation {
                    parts: Vec::with_capacity(encoded.len()),
                    samples: Vec::new(),
                };
                let mut digests = vec![Vec::new(); snapshot.parts.len()];
                for (chunk, (encoded, (part, _))) in encoded.into_iter().zip(&pieces).enumerate() {
                    relation.parts.push(encoded.pairs);
                    digests[*part].extend_from_slice(&encoded.digest_piece);
                    relation
                        .samples
                        .extend(encoded.samples.into_iter().map(|(index, row)| Sample {
                            row,
                            part: chunk,
                            index,
                        }));
                }
                *piece.lock().unwrap_or_else(|p| p.into_inner()) = digests;
                relation
            }),
        });
    }

    let mut times = BulkTimes::default();
    let mut then = Some(then);
    let mut outcome = None;
    let mut digests_then = || {
        let mut digests = vec![Vec::new(); snapshot.parts.len()];
        for piece in &pieces {
            let piece = std::mem::take(&mut *piece.lock().unwrap_or_else(|p| p.into_inner()));
            for (digest, part_piece) in digests.iter_mut().zip(piece) {
                digest.extend_from_slice(&part_piece);
            }
        }
        if let Some(then) = then.take() {
            outcome = Some(then(digests));
        }
    };
    replace_index_file_with(path, |temporary| {
        times = write_relations(temporary, jobs, &mut digests_then)?;
        Ok(())
    })?;
    stats.import = times.encode;
    stats.backup = times.write_after_encode;
    stats.bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    match outcome {
        Some(outcome) => Ok((stats, outcome)),
        None => Err(Error::store(
            format!("cannot write {}", path.display()),
            "the write stopped before every row was encoded",
        )),
    }
}

/// Items of a part encoded as one piece of work.
const CHUNK: usize = 32_768;

/// Writes an incremental run's changes into the index at `path`, in one
/// SQLite transaction: a run killed before the commit leaves the previous
/// index as it was (SQLite rolls the journal back on the next open).
/// Returns the new digest of each redone part, or `Ok(None)` when a
/// previous digest is unreadable (the caller rebuilds instead).
pub fn update_index(path: &Path, delta: &Delta<'_>) -> Result<Option<(StoreStats, Vec<Vec<u8>>)>> {
    let mut stats = StoreStats::default();
    let started = Instant::now();
    let redone: Vec<(PartRows<'_>, Option<&[u8]>)> = delta
        .parts
        .par_iter()
        .map(|(graph, old)| (part_rows(graph, delta.id_of), *old))
        .collect();
    let new_digests: Vec<Vec<u8>> = redone.par_iter().map(|(rows, _)| digest(rows)).collect();
    let mut changes: Vec<PartDelta> = Vec::new();
    for (rows, old) in redone {
        let change = match old {
            Some(old) => match diff(old, rows) {
                Some(change) => change,
                None => return Ok(None),
            },
            None => PartDelta {
                puts: rows
                    .iter()
                    .map(|relation| {
                        relation
                            .iter()
                            .map(|row| row.iter().map(|cell| cell.to_data_value()).collect())
                            .collect()
                    })
                    .collect(),
                removals: vec![Vec::new(); GRAPH_RELATIONS.len()],
            },
        };
        changes.push(change);
    }
    let mut relations = global_rows(&delta.meta, delta.crates, delta.crate_deps);
    for (position, (name, columns, key_arity)) in GRAPH_RELATIONS.iter().enumerate() {
        let puts: Vec<Vec<DataValue>> = changes
            .iter_mut()
            .flat_map(|change| std::mem::take(&mut change.puts[position]))
            .collect();
        let removals: Vec<Vec<DataValue>> = changes
            .iter_mut()
            .flat_map(|change| std::mem::take(&mut change.removals[position]))
            .collect();
        stats.changed_rows += puts.len() + removals.len();
        if !puts.is_empty() {
            relations.insert(name.to_string(), named(columns, puts));
        }
        if !removals.is_empty() {
            relations.insert(format!("-{name}"), named(&columns[..*key_arity], removals));
        }
    }
    stats.rows = relations.values().map(|rows| rows.rows.len()).sum();
    stats.build_rows = started.elapsed();

    let started = Instant::now();
    let _turn = super::CommitLock::exclusive(path)?;
    let db = DbInstance::new("sqlite", path, "")
        .map_err(|e| Error::store(format!("cannot open {}", path.display()), e))?;
    if !delta.dropped_content.is_empty() {
        let gone: std::collections::HashSet<&str> =
            delta.dropped_content.iter().map(String::as_str).collect();
        let stored = db
            .run_default("?[h, m] := *embedding{content_hash: h, model: m}")
            .map_err(|e| Error::store("cannot read the embeddings", e))?;
        let removals: Vec<Vec<DataValue>> = stored
            .rows
            .into_iter()
            .filter(|row| row[0].get_str().is_some_and(|h| gone.contains(h)))
            .collect();
        if !removals.is_empty() {
            stats.changed_rows += removals.len();
            relations.insert(
                "-embedding".to_string(),
                named(&["content_hash", "model"], removals),
            );
        }
    }
    // Crates and their dependencies are rewritten whole: a handful of rows,
    // and an incremental run only happens when their set is unchanged.
    db.import_relations(relations)
        .map_err(|e| Error::store(format!("cannot update {}", path.display()), e))?;
    stats.import = started.elapsed();
    stats.bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    Ok(Some((stats, new_digests)))
}

/// Backs `db` up into a temporary file beside `path` and renames it over
/// `path`. The caller holds the index lock.
pub(crate) fn replace_index_file(db: &DbInstance, path: &Path) -> Result<()> {
    replace_index_file_with(path, |temporary| {
        prepare_sqlite_file(temporary)?;
        db.backup_db(temporary)
            .map_err(|e| Error::store(format!("cannot write {}", temporary.display()), e))
    })
}

/// Has `write` fill a temporary file beside `path`, then renames it over
/// `path`. The caller holds the index lock.
fn replace_index_file_with(path: &Path, write: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
    let directory = path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&directory).map_err(|e| Error::io(&directory, e))?;
    let temporary = temporary_path(path);
    remove_stale_temporaries(path);
    let backup = write(&temporary);
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
pub(super) fn prepare_sqlite_file(path: &Path) -> Result<()> {
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

/// Rows of the relations that describe the run and the crates.
fn global_rows(
    meta: &[(String, String)],
    crates: &[CrateInfo],
    crate_deps: &[CrateDep],
) -> BTreeMap<String, NamedRows> {
    let mut relations = BTreeMap::new();
    let mut meta = meta.to_vec();
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
            crates
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
            crate_deps
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

    relations
}

#[cfg(test)]
mod tests {
    use super::super::schema::{creation_statements, LOOKUPS, RELATIONS};
    use super::super::sqlite_file::stored_pairs;
    use super::*;

    /// Rows of every value shape the index stores, a key given twice (the
    /// later row must win) and an untyped value.
    fn sample_relations() -> BTreeMap<String, NamedRows> {
        let id = |n: u128| uuid(Uuid::from_u128(n));
        let mut relations = global_rows(
            &[("indexed_at".to_string(), "2026-11-21".to_string())],
            &[],
            &[],
        );
        let node = |n: u128, name: &str, docs: Option<&str>| {
            vec![
                id(n),
                id(1),
                text("fn"),
                text(name),
                text(&format!("demo::{name}")),
                text("src/lib.rs"),
                DataValue::from(n as i64),
                DataValue::from(1),
                DataValue::from(n as i64 + 2),
                DataValue::from(-1),
                text("pub"),
                text(&format!("pub fn {name}()")),
                docs.map(text).unwrap_or(DataValue::Null),
                DataValue::List(vec![text("#[inline]"), text("#[doc(hidden)]")]),
                text("abc123"),
                DataValue::Null,
            ]
        };
        relations.insert(
            "node".to_string(),
            named(
                GRAPH_RELATIONS[0].1,
                vec![
                    node(7, "first", Some("Docs with ünïcode and \0 bytes")),
                    node(3, "second", None),
                    node(7, "first_again", Some("the later row")),
                    node(u128::MAX, "last", Some("")),
                ],
            ),
        );
        relations.insert(
            "node_by_name".to_string(),
            named(
                &["name", "id"],
                // More rows than one multi-row insert takes.
                (0..100u128)
                    .map(|n| vec![text(&format!("name{}", n % 70)), id(n)])
                    .collect(),
            ),
        );
        relations.insert(
            "embedding".to_string(),
            named(
                &["content_hash", "model", "vec"],
                vec![vec![
                    text("abc123"),
                    text("model-a"),
                    DataValue::List(vec![DataValue::from(0.5), DataValue::from(-1.0)]),
                ]],
            ),
        );
        relations
    }

    #[test]
    fn the_captured_write_stores_exactly_what_cozo_itself_stores() {
        let by_capture = same_as_cozo(sample_relations);
        let reopened = DbInstance::new("sqlite", &by_capture.1, "").unwrap();
        let rows = reopened
            .run_default("?[name, docs] := *node{id, name, docs}, id = to_uuid('00000000-0000-0000-0000-000000000007')")
            .unwrap();
        assert_eq!(
            rows.rows,
            vec![vec![text("first_again"), text("the later row")]]
        );
    }

    #[test]
    fn a_relation_encoded_in_chunks_keeps_the_later_of_two_rows_with_one_key() {
        // 50,000 rows: several chunks, and keys that repeat 30,000 rows
        // later, in another chunk.
        let many = || {
            let rows = (0..50_000)
                .map(|n| {
                    vec![
                        text(&format!("key{}", n % 30_000)),
                        text(&format!("value{n}")),
                    ]
                })
                .collect();
            BTreeMap::from([("meta".to_string(), named(&["key", "value"], rows))])
        };
        let by_capture = same_as_cozo(many);
        let reopened = DbInstance::new("sqlite", &by_capture.1, "").unwrap();
        let rows = reopened
            .run_default("?[value] := *meta{key: 'key5', value}")
            .unwrap();
        assert_eq!(rows.rows, vec![vec![text("value30005")]]);
    }

    #[test]
    fn an_index_of_a_real_workspace_holds_the_bytes_cozo_writes_for_its_rows() {
        // The graph relations are encoded without Cozo: read every row
        // back through Cozo, have Cozo write those rows itself, and compare
        // the files byte for byte.
        let target = tempfile::tempdir().unwrap();
        let fixture =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/kitchen-sink/Cargo.toml");
        let options = crate::index::IndexOptions {
            discover: crate::discover::DiscoverOptions {
                manifest_path: Some(fixture),
                all_targets: true,
                ..Default::default()
            },
            target_dir: Some(target.path().to_path_buf()),
            full: true,
            no_wait: false,
        };
        let summary = crate::index::index(&options, &crate::index::Silent).unwrap();
        let ours = DbInstance::new("sqlite", &summary.index_path, "").unwrap();
        let names: Vec<&str> = RELATIONS
            .iter()
            .chain(LOOKUPS)
            .map(|(name, _)| *name)
            .collect();
        let exported = ours.export_relations(names.iter().copied()).unwrap();
        for (name, _, _) in GRAPH_RELATIONS {
            let rows = exported[*name].rows.len();
            // The fixture has no annotations (no codegraph.toml).
            assert!(*name == "annotation" || rows > 0, "`{name}` has no rows");
        }
        let theirs = DbInstance::new("mem", "", "").unwrap();
        for (_, statement) in creation_statements() {
            theirs.run_default(statement).unwrap();
        }
        theirs.import_relations(exported).unwrap();
        let by_cozo = target.path().join("by-cozo.cozo");
        replace_index_file(&theirs, &by_cozo).unwrap();
        let (ours, theirs) = (stored_pairs(&summary.index_path), stored_pairs(&by_cozo));
        assert_eq!(ours.len(), theirs.len());
        for (ours, theirs) in ours.iter().zip(&theirs) {
            assert_eq!(ours, theirs);
        }
    }

    /// Writes `relations()` through Cozo's own import and backup and through
    /// the captured write; asserts both files hold the same pairs and
    /// returns the directory and the captured file.
    fn same_as_cozo(
        relations: impl Fn() -> BTreeMap<String, NamedRows>,
    ) -> (tempfile::TempDir, PathBuf) {
        let directory = tempfile::tempdir().unwrap();
        let by_cozo = directory.path().join("by-cozo.cozo");
        let by_capture = directory.path().join("by-capture.cozo");

        let db = DbInstance::new("mem", "", "").unwrap();
        for (_, statement) in creation_statements() {
            db.run_default(statement).unwrap();
        }
        db.import_relations(relations()).unwrap();
        replace_index_file(&db, &by_cozo).unwrap();

        let jobs = relations()
            .into_iter()
            .map(|(name, rows)| RelationJob::Cozo { name, rows })
            .collect();
        replace_index_file_with(&by_capture, |temporary| {
            write_relations(temporary, jobs, || {}).map(|_| ())
        })
        .unwrap();

        let expected = stored_pairs(&by_cozo);
        assert!(expected.len() > 20, "catalog and rows: {}", expected.len());
        assert_eq!(stored_pairs(&by_capture), expected);
        (directory, by_capture)
    }
}
