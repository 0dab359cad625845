//! The full write as a pipeline: relation by relation, the rows are built
//! from every part and encoded by Cozo (see [`super::capture`]) on the
//! worker threads, while one writer thread inserts the relations already
//! encoded into the new SQLite file.
//!
//! Why: SQLite takes one writer, and inserting is the largest single cost
//! of a full write; building and encoding run beside it instead of before
//! it. Each relation reaches the writer whole and sorted, so SQLite inserts
//! in key order: a relation split into jobs of its own reached the writer
//! in overlapping key ranges, and inserting took half as long again. The
//! largest relation goes first, its encoding split over several Cozo
//! instances; by the time the writer is through with it the others are
//! ready, and the last to write is small.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cozo::{DataValue, NamedRows, ScriptMutability};
use rayon::prelude::*;

use super::capture::{CapturedDb, StoredPair};
use super::cozo_format::{relation_ids, Pairs};
use super::schema::{LOOKUPS, RELATIONS};
use super::write::prepare_sqlite_file;
use crate::error::{Error, Result};

/// Where a full write's time went.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct BulkTimes {
    /// Until every relation was built and encoded (the writer runs
    /// meanwhile).
    pub encode: Duration,
    /// From then until the file was complete and synced.
    pub write_after_encode: Duration,
}

/// One relation to write.
pub(crate) enum RelationJob<'a> {
    /// Rows Cozo encodes itself: the few rows that describe the run, and
    /// those carried over from the previous index.
    Cozo { name: String, rows: NamedRows },
    /// Rows encoded here in Cozo's format (see [`super::cozo_format`]): the
    /// graph relations, each built from every part inside its job.
    Direct {
        name: &'static str,
        columns: &'static [&'static str],
        /// How many rows it has (the largest relation is written first).
        rows: usize,
        /// Encodes the rows under the relation id it is given.
        encode: Box<dyn FnOnce(u64) -> DirectRelation + Send + 'a>,
    },
}

impl RelationJob<'_> {
    fn rows(&self) -> usize {
        match self {
            RelationJob::Cozo { rows, .. } => rows.rows.len(),
            RelationJob::Direct { rows, .. } => *rows,
        }
    }
}

/// A relation encoded here: its pairs in row order, and sample rows with
/// the place of their pair, which Cozo encodes too to check the bytes.
pub(crate) struct DirectRelation {
    pub parts: Vec<Pairs>,
    pub samples: Vec<Sample>,
}

/// A row as Cozo's values, and where its encoded pair is in the parts.
pub(crate) struct Sample {
    pub row: Vec<DataValue>,
    pub part: usize,
    pub index: usize,
}

/// A relation's pairs, and the order to write them in: by key, one pair
/// per key.
struct SortedRelation {
    parts: Vec<Pairs>,
    order: Vec<Place>,
}

/// Where a pair is: the eight key bytes after the relation id (big-endian,
/// so they order as the bytes do), its part and its index there. Most
/// comparisons end at the prefix, without reaching for the key itself.
#[derive(Clone, Copy)]
struct Place {
    prefix: u64,
    part: u32,
    index: u32,
}

impl SortedRelation {
    /// Sorts the pairs of `parts` (in row order) by key; of two rows with
    /// one key the later stays, as in Cozo's own import.
    fn new(parts: Vec<Pairs>) -> Result<Self> {
        let too_many = || Error::store("bulk write failed", "more than 2^32 rows in one relation");
        let mut order: Vec<Place> = Vec::new();
        for (part, pairs) in parts.iter().enumerate() {
            let part = u32::try_from(part).map_err(|_| too_many())?;
            let rows = u32::try_from(pairs.len()).map_err(|_| too_many())?;
            order.extend((0..rows).map(|index| {
                let key = pairs.get(index as usize).0;
                let mut prefix = [0u8; 8];
                let after_id = key.get(8..).unwrap_or_default();
                let len = after_id.len().min(8);
                prefix[..len].copy_from_slice(&after_id[..len]);
                Place {
                    prefix: u64::from_be_bytes(prefix),
                    part,
                    index,
                }
            }));
        }
        let key = |place: &Place| parts[place.part as usize].get(place.index as usize).0;
        let same_key = |a: &Place, b: &Place| a.prefix == b.prefix && key(a) == key(b);
        // Every key starts with the same relation id, so the prefix orders
        // as the key does. Ties on the key go by row order, which makes
        // the (faster) unstable sort stable.
        order.par_sort_unstable_by(|a, b| {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| key(a).cmp(key(b)))
                .then_with(|| (a.part, a.index).cmp(&(b.part, b.index)))
        });
        let mut kept: Vec<Place> = Vec::with_capacity(order.len());
        for place in order {
            match kept.last_mut() {
                Some(last) if same_key(last, &place) => *last = place,
                _ => kept.push(place),
            }
        }
        Ok(SortedRelation { parts, order: kept })
    }

    fn pairs(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.order
            .iter()
            .map(|place| self.parts[place.part as usize].get(place.index as usize))
    }
}

/// Writes the jobs' relations (Cozo's catalog with them) into a new SQLite
/// file at `path`, laid out as Cozo's own. Building a relation's rows is
/// part of its job, so no relation waits for every row to exist.
pub(crate) fn write_relations(path: &Path, mut jobs: Vec<RelationJob<'_>>) -> Result<BulkTimes> {
    let started = Instant::now();
    let catalog = encoded_catalog()?;
    let ids = relation_ids(catalog.iter().map(|(k, v)| (k.as_slice(), v.as_slice())));
    // Largest first (see the module docs); smallest first measured 12%
    // slower on the public corpus.
    jobs.sort_by_key(|job| std::cmp::Reverse(job.rows()));
    let (sender, receiver) = mpsc::channel::<Result<SortedRelation>>();
    let mut encode = Duration::ZERO;
    std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_pairs(path, &catalog, receiver));
        for job in jobs {
            let relation = match job {
                RelationJob::Cozo { name, rows } => encode_relation(name, rows, &catalog),
                RelationJob::Direct {
                    name,
                    columns,
                    encode,
                    ..
                } => encode_directly(name, columns, ids.get(name).copied(), encode, &catalog),
            };
            // A failed send means the writer has stopped on an error, which
            // it returns; encoding more is pointless.
            if sender.send(relation).is_err() {
                break;
            }
        }
        drop(sender);
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

/// Encodes a graph relation here, then has Cozo encode its sample rows and
/// refuses to write if any pair differs: a wrong byte would be misread by
/// every later query, so the format is checked on real rows of every run.
fn encode_directly(
    name: &str,
    columns: &[&str],
    relation_id: Option<u64>,
    encode: Box<dyn FnOnce(u64) -> DirectRelation + Send + '_>,
    catalog: &[StoredPair],
) -> Result<SortedRelation> {
    let context = format!("bulk write of `{name}` failed");
    let relation_id = relation_id
        .ok_or_else(|| Error::store(&context, "the relation is missing from Cozo's catalog"))?;
    let DirectRelation { parts, samples } = encode(relation_id);
    let places: Vec<(usize, usize)> = samples.iter().map(|s| (s.part, s.index)).collect();
    let rows = NamedRows::new(
        columns.iter().map(|c| c.to_string()).collect(),
        samples.into_iter().map(|s| s.row).collect(),
    );
    let by_cozo = encode_with_cozo(name, rows, catalog, &context)?;
    let agrees = by_cozo.len() == places.len()
        && by_cozo
            .iter()
            .zip(&places)
            .all(|((key, value), &(part, index))| {
                parts
                    .get(part)
                    .filter(|pairs| index < pairs.len())
                    .is_some_and(|pairs| pairs.get(index) == (key.as_slice(), value.as_slice()))
            });
    if !agrees {
        return Err(Error::store(
            context,
            "rows encoded for Cozo differ from Cozo's own encoding (is `cozo` still 0.7.6?)",
        ));
    }
    SortedRelation::new(parts)
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

/// `rows` as Cozo encodes them into relation `name`, in row order.
fn encode_with_cozo(
    name: &str,
    rows: NamedRows,
    catalog: &[StoredPair],
    context: &str,
) -> Result<Vec<StoredPair>> {
    let captured = instance_with_relations()?;
    captured
        .db
        .import_relations(BTreeMap::from([(name.to_string(), rows)]))
        .map_err(|e| Error::store(context, e))?;
    let (own_catalog, pairs) = captured.finish().map_err(|e| Error::store(context, e))?;
    if own_catalog != catalog {
        return Err(Error::store(
            context,
            "Cozo instances disagree on the relation catalog",
        ));
    }
    Ok(pairs)
}

/// One relation's pairs as Cozo encodes them. Large relations are cut
/// into chunks that separate Cozo instances encode in parallel.
fn encode_relation(
    name: String,
    mut rows: NamedRows,
    catalog: &[StoredPair],
) -> Result<SortedRelation> {
    let context = format!("bulk import into `{name}` failed");
    let chunk_rows = rows
        .rows
        .len()
        .div_ceil(2 * rayon::current_num_threads().max(1))
        .max(MIN_ROWS_PER_CHUNK);
    let mut chunks: Vec<NamedRows> = Vec::new();
    while rows.rows.len() > chunk_rows {
        let rest = rows.rows.split_off(chunk_rows);
        let chunk = std::mem::replace(&mut rows.rows, rest);
        chunks.push(NamedRows::new(rows.headers.clone(), chunk));
    }
    chunks.push(rows);
    let parts: Vec<Pairs> = chunks
        .into_par_iter()
        .map(|chunk| -> Result<Pairs> {
            let stored = encode_with_cozo(&name, chunk, catalog, &context)?;
            let mut pairs = Pairs::with_capacity(stored.len());
            for (key, value) in &stored {
                pairs.push(key, value);
            }
            Ok(pairs)
        })
        .collect::<Result<_>>()?;
    SortedRelation::new(parts)
}

/// Rows below which a relation is encoded by one instance.
const MIN_ROWS_PER_CHUNK: usize = 20_000;

/// Inserts the catalog, then every relation received, into a new SQLite
/// file. No journal and no sync while writing: the file is a temporary
/// that only becomes the index after a sync and a rename, and a run that
/// dies before that leaves only the temporary.
fn write_pairs(
    path: &Path,
    catalog: &[StoredPair],
    relations: mpsc::Receiver<Result<SortedRelation>>,
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
        let mut insert = Inserter::new(&connection).map_err(failed)?;
        insert
            .all(catalog.iter().map(|(k, v)| (k.as_slice(), v.as_slice())))
            .map_err(failed)?;
        for relation in relations {
            insert.all(relation?.pairs()).map_err(failed)?;
        }
        drop(insert);
        connection.execute("COMMIT;").map_err(failed)?;
    }
    std::fs::File::open(path)
        .and_then(|file| file.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Rows per multi-row `INSERT`: fewer statement runs per row.
const ROWS_PER_INSERT: usize = 32;

/// Inserts pairs through prepared statements whose blobs are bound in
/// place: the `sqlite` crate's safe binding copies every blob first, which
/// was a quarter of the writer thread's time.
struct Inserter<'c> {
    many: sqlite::Statement<'c>,
    one: sqlite::Statement<'c>,
}

impl<'c> Inserter<'c> {
    fn new(connection: &'c sqlite::Connection) -> Result<Self, sqlite::Error> {
        let values = vec!["(?, ?)"; ROWS_PER_INSERT].join(", ");
        Ok(Inserter {
            many: connection.prepare(format!("INSERT INTO cozo (k, v) VALUES {values}"))?,
            one: connection.prepare("INSERT INTO cozo (k, v) VALUES (?, ?)")?,
        })
    }

    fn all<'p>(
        &mut self,
        pairs: impl Iterator<Item = (&'p [u8], &'p [u8])>,
    ) -> Result<(), sqlite::Error> {
        let mut batch: Vec<(&[u8], &[u8])> = Vec::with_capacity(ROWS_PER_INSERT);
        for pair in pairs {
            batch.push(pair);
            if batch.len() == ROWS_PER_INSERT {
                run(&mut self.many, &batch)?;
                batch.clear();
            }
        }
        for pair in batch {
            run(&mut self.one, &[pair])?;
        }
        Ok(())
    }
}

/// Binds `pairs` to `statement`'s parameters (key, value, key, …) and runs it.
fn run(
    statement: &mut sqlite::Statement<'_>,
    pairs: &[(&[u8], &[u8])],
) -> Result<(), sqlite::Error> {
    statement.reset()?;
    for (row, (key, value)) in pairs.iter().enumerate() {
        bind_in_place(statement, 2 * row + 1, key)?;
        bind_in_place(statement, 2 * row + 2, value)?;
    }
    statement.next()?;
    Ok(())
}

fn bind_in_place(
    statement: &sqlite::Statement<'_>,
    index: usize,
    bytes: &[u8],
) -> Result<(), sqlite::Error> {
    let too_large = || sqlite::Error {
        code: None,
        message: Some(format!("a value of {} bytes is too large", bytes.len())),
    };
    let length = std::ffi::c_int::try_from(bytes.len()).map_err(|_| too_large())?;
    let index = std::ffi::c_int::try_from(index).map_err(|_| too_large())?;
    // SAFETY: `statement.as_raw()` is the live statement `statement` owns.
    // Without a destructor (SQLITE_STATIC) SQLite reads `bytes` where they
    // are, and only while the statement runs: `run` binds and runs within
    // one borrow of `bytes`, and binds again before every later run. An
    // empty slice's pointer is not null, so an empty value stays a
    // zero-length blob as Cozo writes it, not a NULL.
    let code = unsafe {
        sqlite3_sys::sqlite3_bind_blob(
            statement.as_raw(),
            index,
            bytes.as_ptr().cast(),
            length,
            None,
        )
    };
    if code == 0 {
        Ok(())
    } else {
        Err(sqlite::Error {
            code: Some(code as isize),
            message: Some("cannot bind a value".to_string()),
        })
    }
}
