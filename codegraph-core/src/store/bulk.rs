//! The full write as a pipeline: Cozo encodes one relation at a time on
//! each worker thread (see [`super::capture`]) while one writer thread
//! inserts the relations already encoded into the new SQLite file.
//!
//! Why: SQLite takes one writer, and inserting is the largest single cost
//! of a full write; encoding runs beside it instead of before it. Smallest
//! relations go first, so the writer starts within milliseconds. Each
//! relation arrives sorted, and SQLite needs no more order than that: the
//! order of inserts changes how fast it goes, never what is stored.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use cozo::{NamedRows, ScriptMutability};
use rayon::prelude::*;

use super::capture::{CapturedDb, StoredPair};
use super::schema::{LOOKUPS, RELATIONS};
use super::write::prepare_sqlite_file;
use crate::error::{Error, Result};

/// Where a full write's time went.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BulkTimes {
    /// Until every relation was encoded (the writer runs meanwhile).
    pub encode: Duration,
    /// From then until the file was complete and synced.
    pub write_after_encode: Duration,
}

/// Writes `relations` (Cozo's catalog with them) into a new SQLite file at
/// `path`, laid out as Cozo's own.
pub(crate) fn write_relations(
    path: &Path,
    relations: BTreeMap<String, NamedRows>,
) -> Result<BulkTimes> {
    let started = Instant::now();
    let catalog = encoded_catalog()?;
    let mut queue: Vec<(String, NamedRows)> = relations.into_iter().collect();
    queue.sort_by_key(|(_, rows)| rows.rows.len());
    let queue = Mutex::new(queue.into_iter());
    let (sender, receiver) = mpsc::channel::<Result<Vec<StoredPair>>>();
    let mut encode = Duration::ZERO;
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_pairs(path, &catalog, receiver));
        let workers = rayon::current_num_threads().max(1);
        (0..workers)
            .into_par_iter()
            .for_each_with(sender, |sender, _| loop {
                let next = queue
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .next();
                let Some((name, rows)) = next else { break };
                // A failed send means the writer has stopped on an error,
                // which it returns; encoding more is pointless.
                if sender.send(encode_relation(name, rows, &catalog)).is_err() {
                    break;
                }
            });
        encode = started.elapsed();
        writer.join().unwrap_or_else(|_| {
            Err(Error::store(
                format!("cannot write {}", path.display()),
                "the writer thread panicked",
            ))
        })
    })?;
    Ok(BulkTimes {
        encode,
        write_after_encode: started.elapsed().saturating_sub(encode),
    })
}

/// A Cozo instance on the capturing store with every relation created.
fn instance_with_relations() -> Result<CapturedDb> {
    let captured = CapturedDb::new().map_err(|e| Error::store("cannot start Cozo", e))?;
    for (name, statement) in RELATIONS.iter().chain(LOOKUPS) {
        captured
            .db
            .run_script(statement, BTreeMap::new(), ScriptMutability::Mutable)
            .map_err(|e| Error::store(format!("cannot create relation `{name}`"), e))?;
    }
    Ok(captured)
}

/// The catalog pairs every instance must agree on: relation ids are part
/// of every key.
fn encoded_catalog() -> Result<Vec<StoredPair>> {
    let (catalog, _) = instance_with_relations()?
        .finish()
        .map_err(|e| Error::store("cannot read Cozo's catalog", e))?;
    Ok(catalog)
}

/// One relation's pairs, sorted by key, one per key: of two rows with one
/// key the later stays, as in Cozo's own import.
fn encode_relation(
    name: String,
    rows: NamedRows,
    catalog: &[StoredPair],
) -> Result<Vec<StoredPair>> {
    let captured = instance_with_relations()?;
    let context = format!("bulk import into `{name}` failed");
    captured
        .db
        .import_relations(BTreeMap::from([(name, rows)]))
        .map_err(|e| Error::store(&context, e))?;
    let (own_catalog, mut pairs) = captured.finish().map_err(|e| Error::store(&context, e))?;
    if own_catalog != catalog {
        return Err(Error::store(
            context,
            "Cozo instances disagree on the relation catalog",
        ));
    }
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    let mut deduplicated: Vec<StoredPair> = Vec::with_capacity(pairs.len());
    for pair in pairs {
        match deduplicated.last_mut() {
            Some(last) if last.0 == pair.0 => *last = pair,
            _ => deduplicated.push(pair),
        }
    }
    Ok(deduplicated)
}

/// Inserts the catalog, then every relation received, into a new SQLite
/// file. No journal and no sync while writing: the file is a temporary
/// that only becomes the index after a sync and a rename, and a run that
/// dies before that leaves only the temporary.
fn write_pairs(
    path: &Path,
    catalog: &[StoredPair],
    relations: mpsc::Receiver<Result<Vec<StoredPair>>>,
) -> Result<()> {
    let failed = |e: sqlite::Error| Error::store(format!("cannot write {}", path.display()), e);
    prepare_sqlite_file(path)?;
    {
        let connection = sqlite::open(path).map_err(failed)?;
        connection
            .execute(
                "PRAGMA journal_mode = OFF;
                 PRAGMA synchronous = OFF;
                 PRAGMA locking_mode = EXCLUSIVE;
                 PRAGMA cache_size = -65536;
                 BEGIN;",
            )
            .map_err(failed)?;
        let mut insert = connection
            .prepare("INSERT INTO cozo (k, v) VALUES (?, ?)")
            .map_err(failed)?;
        let mut put = |(key, value): &StoredPair| -> Result<()> {
            insert.reset().map_err(failed)?;
            insert.bind((1, &key[..])).map_err(failed)?;
            insert.bind((2, &value[..])).map_err(failed)?;
            insert.next().map_err(failed)?;
            Ok(())
        };
        catalog.iter().try_for_each(&mut put)?;
        for relation in relations {
            relation?.iter().try_for_each(&mut put)?;
        }
        drop(insert);
        connection.execute("COMMIT;").map_err(failed)?;
    }
    std::fs::File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|e| Error::io(path, e))
}
