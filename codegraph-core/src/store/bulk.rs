//! The full write as a pipeline: relation by relation, the rows are built
//! from every part and encoded (the graph relations here, in Cozo's format,
//! see [`super::cozo_format`]; the few others by Cozo itself, see
//! [`super::capture`]) on the worker threads, while one writer thread puts
//! the relations already encoded into the new SQLite file.
//!
//! Why: SQLite takes one writer, and inserting is the largest single cost
//! of a full write; building and encoding run beside it instead of before
//! it. Each relation reaches the writer whole and sorted, and relations go
//! in the order of their ids (`schema::CREATION_ORDER`), so SQLite appends
//! every row after the last: a relation split into jobs of its own reached
//! the writer in overlapping key ranges, and one written before a relation
//! with a lower id went into the middle of the B-tree; either took half as
//! long again.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cozo::{DataValue, NamedRows, ScriptMutability};
use rayon::prelude::*;

use super::capture::{CapturedDb, StoredPair};
use super::cozo_format::{relation_ids, PairPlace, Pairs};
use super::schema::creation_statements;
use super::sqlite_file::{PageWriteError, TableWriter};
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
        /// How many rows it has.
        rows: usize,
        /// Encodes the rows under the relation id it is given.
        encode: Box<dyn FnOnce(u64) -> DirectRelation + Send + 'a>,
    },
}

impl RelationJob<'_> {
    pub fn rows(&self) -> usize {
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
    /// Part and place of each pair to write.
    order: Vec<(u32, PairPlace)>,
}

/// How many pairs ahead of the one being written are prefetched.
const PREFETCH_AHEAD: usize = 16;

/// A pair being sorted: the first key bytes after the relation id (as
/// big-endian words, so they order as the bytes do), the key itself, and
/// where the pair is. Most comparisons end within the prefix; the others
/// read the key straight from its block (going through `Pairs` for it cost
/// two more cache misses a comparison, and sorting edges by destination,
/// where many share one, took longer than encoding them).
struct Entry<'p> {
    prefix: [u64; PREFIX_WORDS],
    key: &'p [u8],
    part: u32,
    index: u32,
}

const PREFIX_WORDS: usize = 4;

fn key_prefix(key: &[u8]) -> [u64; PREFIX_WORDS] {
    let mut bytes = [0u8; PREFIX_WORDS * 8];
    let after_id = key.get(8..).unwrap_or_default();
    let len = after_id.len().min(bytes.len());
    bytes[..len].copy_from_slice(&after_id[..len]);
    std::array::from_fn(|word| {
        let mut chunk = [0u8; 8];
        chunk.copy_from_slice(&bytes[word * 8..word * 8 + 8]);
        u64::from_be_bytes(chunk)
    })
}

impl SortedRelation {
    /// Sorts the pairs of `parts` (in row order) by key; of two rows with
    /// one key the later stays, as in Cozo's own import.
    fn new(parts: Vec<Pairs>) -> Result<Self> {
        let too_many = || Error::store("bulk write failed", "more than 2^32 rows in one relation");
        let mut entries: Vec<Entry<'_>> = Vec::new();
        for (part, pairs) in parts.iter().enumerate() {
            let part = u32::try_from(part).map_err(|_| too_many())?;
            let rows = u32::try_from(pairs.len()).map_err(|_| too_many())?;
            entries.par_extend((0..rows).into_par_iter().map(|index| {
                let key = pairs.get(index as usize).0;
                Entry {
                    prefix: key_prefix(key),
                    key,
                    part,
                    index,
                }
            }));
        }
        // Every key starts with the same relation id, so the prefix orders
        // as the key does (a shorter key's zero padding sorts first, as the
        // end of a key does). Ties on the key go by row order, which makes
        // the (faster) unstable sort stable.
        entries.par_sort_unstable_by(|a, b| {
            a.prefix
                .cmp(&b.prefix)
                .then_with(|| a.key.cmp(b.key))
                .then_with(|| (a.part, a.index).cmp(&(b.part, b.index)))
        });
        // Of the rows with one key the last stays. Looking up keys in sorted
        // order waits on memory at every row, so this pass runs in parallel.
        let order: Vec<(u32, PairPlace)> = entries
            .par_iter()
            .enumerate()
            .filter(|(position, entry)| {
                entries
                    .get(position + 1)
                    .is_none_or(|next| next.prefix != entry.prefix || next.key != entry.key)
            })
            .map(|(_, entry)| {
                (
                    entry.part,
                    parts[entry.part as usize].place(entry.index as usize),
                )
            })
            .collect();
        drop(entries);
        Ok(SortedRelation { parts, order })
    }

    fn pairs(&self) -> impl Iterator<Item = (&[u8], &[u8])> {
        self.order
            .iter()
            .enumerate()
            .map(|(position, &(part, place))| {
                if let Some(&(ahead_part, ahead)) = self.order.get(position + PREFETCH_AHEAD) {
                    self.parts[ahead_part as usize].prefetch(ahead);
                }
                self.parts[part as usize].at(place)
            })
    }
}

/// Writes the jobs' relations (Cozo's catalog with them) into a new SQLite
/// file at `path`, laid out as Cozo's own. Building a relation's rows is
/// part of its job, so no relation waits for every row to exist.
/// `encoded` is called on this thread once every relation is encoded,
/// while the writer finishes the file.
pub(crate) fn write_relations(
    path: &Path,
    mut jobs: Vec<RelationJob<'_>>,
    encoded: impl FnOnce(),
) -> Result<BulkTimes> {
    let started = Instant::now();
    let catalog = encoded_catalog()?;
    let ids = relation_ids(catalog.iter().map(|(k, v)| (k.as_slice(), v.as_slice())));
    // In the order of their ids (see `CREATION_ORDER`); a relation missing
    // from the catalog fails when its turn comes.
    jobs.sort_by_key(|job| {
        let name = match job {
            RelationJob::Cozo { name, .. } => name.as_str(),
            RelationJob::Direct { name, .. } => name,
        };
        ids.get(name).copied().unwrap_or(u64::MAX)
    });
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
        encoded();
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
    for (name, statement) in creation_statements() {
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

/// Writes the catalog, then every relation received, into the new SQLite
/// file, page by page (see [`super::sqlite_file`]). The file is a
/// temporary that only becomes the index after a sync and a rename; a run
/// that dies before that leaves only the temporary.
fn write_pairs(
    path: &Path,
    catalog: &[StoredPair],
    relations: mpsc::Receiver<Result<SortedRelation>>,
) -> Result<()> {
    let failed = |e: PageWriteError| Error::store(format!("cannot write {}", path.display()), e);
    prepare_sqlite_file(path)?;
    let mut table = TableWriter::open(path).map_err(failed)?;
    for (key, value) in catalog {
        table.push(key, value).map_err(failed)?;
    }
    for relation in relations {
        for (key, value) in relation?.pairs() {
            table.push(key, value).map_err(failed)?;
        }
    }
    table.finish().map_err(failed)
}
