//! A Cozo storage engine for the full write: it keeps Cozo's catalog (the
//! relation definitions) in Cozo's own in-memory engine and captures every
//! data row Cozo encodes in a plain vector instead of a B-tree.
//!
//! Why: a full write used to import into Cozo's in-memory engine (a B-tree
//! insert per row, then a second one when the transaction committed) and
//! then back that B-tree up into SQLite. The rows only need Cozo's encoding
//! and one sort; everything else was copying. Capturing also lets several
//! Cozo instances encode disjoint relations on separate cores: they create
//! the same relations in the same order, so their catalogs (and the relation
//! ids inside every key) are identical, which [`CapturedDb::finish`] checks.
//!
//! Data rows are write-only here: a read of one fails loudly instead of
//! answering wrongly. That suits `import_relations` into relations without
//! Cozo indices, which never reads what it writes; it is all this engine is
//! for.

use std::sync::{Arc, Mutex};

use cozo::{DataValue, Db, MemStorage, Storage, StoreTx, ValidityTs};

/// A key and its value, as Cozo stores them.
pub(crate) type StoredPair = (Vec<u8>, Vec<u8>);

type CozoResult<T> = std::result::Result<T, cozo::Error>;

/// Cozo keeps relation definitions under relation id 0 (the first eight
/// bytes of every key); every other key is a data row.
fn is_catalog(key: &[u8]) -> bool {
    key.len() >= 8 && key[..8] == [0; 8]
}

fn data_read_error() -> cozo::Error {
    cozo::Error::msg("the capturing store cannot read data rows back")
}

#[derive(Clone, Default)]
pub(crate) struct CaptureStorage {
    catalog: MemStorage,
    rows: Arc<Mutex<Vec<StoredPair>>>,
}

/// A Cozo instance on a [`CaptureStorage`], with the handle to what it
/// captured.
pub(crate) struct CapturedDb {
    pub db: Db<CaptureStorage>,
    storage: CaptureStorage,
}

impl CapturedDb {
    pub fn new() -> CozoResult<Self> {
        let storage = CaptureStorage::default();
        let db = Db::new(storage.clone())?;
        db.initialize()?;
        Ok(Self { db, storage })
    }

    /// The catalog's pairs and the captured data rows, in commit order.
    pub fn finish(self) -> CozoResult<(Vec<StoredPair>, Vec<StoredPair>)> {
        drop(self.db);
        let catalog: Vec<StoredPair> = self
            .storage
            .catalog
            .transact(false)?
            .total_scan()
            .collect::<CozoResult<_>>()?;
        let rows = std::mem::take(&mut *lock(&self.storage.rows));
        Ok((catalog, rows))
    }
}

fn lock(rows: &Mutex<Vec<StoredPair>>) -> std::sync::MutexGuard<'_, Vec<StoredPair>> {
    // A panic while holding the lock leaves a vector that is still a vector.
    rows.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl<'s> Storage<'s> for CaptureStorage {
    type Tx = CaptureTx<'s>;

    fn storage_kind(&self) -> &'static str {
        "capture"
    }

    fn transact(&'s self, write: bool) -> CozoResult<Self::Tx> {
        Ok(CaptureTx {
            catalog: self.catalog.transact(write)?,
            rows: &self.rows,
            pending: Vec::new(),
        })
    }

    fn range_compact(&'s self, lower: &[u8], upper: &[u8]) -> CozoResult<()> {
        self.catalog.range_compact(lower, upper)
    }

    fn batch_put<'a>(
        &'a self,
        data: Box<dyn Iterator<Item = CozoResult<StoredPair>> + 'a>,
    ) -> CozoResult<()> {
        let mut tx = self.transact(true)?;
        for pair in data {
            let (key, value) = pair?;
            tx.put(&key, &value)?;
        }
        tx.commit()
    }
}

pub(crate) struct CaptureTx<'s> {
    catalog: <MemStorage as Storage<'s>>::Tx,
    rows: &'s Mutex<Vec<StoredPair>>,
    /// Data rows of this transaction; they reach `rows` on commit only, so a
    /// failed import leaves nothing behind.
    pending: Vec<StoredPair>,
}

impl<'s> StoreTx<'s> for CaptureTx<'s> {
    fn get(&self, key: &[u8], for_update: bool) -> CozoResult<Option<Vec<u8>>> {
        if !is_catalog(key) {
            return Err(data_read_error());
        }
        self.catalog.get(key, for_update)
    }

    fn put(&mut self, key: &[u8], value: &[u8]) -> CozoResult<()> {
        if is_catalog(key) {
            return self.catalog.put(key, value);
        }
        self.pending.push((key.to_vec(), value.to_vec()));
        Ok(())
    }

    fn supports_par_put(&self) -> bool {
        false
    }

    fn del(&mut self, key: &[u8]) -> CozoResult<()> {
        if !is_catalog(key) {
            return Err(cozo::Error::msg(
                "the capturing store cannot delete data rows",
            ));
        }
        self.catalog.del(key)
    }

    fn del_range_from_persisted(&mut self, lower: &[u8], upper: &[u8]) -> CozoResult<()> {
        if !is_catalog(lower) {
            return Err(data_read_error());
        }
        self.catalog.del_range_from_persisted(lower, upper)
    }

    fn exists(&self, key: &[u8], for_update: bool) -> CozoResult<bool> {
        if !is_catalog(key) {
            return Err(data_read_error());
        }
        self.catalog.exists(key, for_update)
    }

    fn commit(&mut self) -> CozoResult<()> {
        self.catalog.commit()?;
        if !self.pending.is_empty() {
            lock(self.rows).append(&mut self.pending);
        }
        Ok(())
    }

    fn range_skip_scan_tuple<'a>(
        &'a self,
        lower: &[u8],
        upper: &[u8],
        valid_at: ValidityTs,
    ) -> Box<dyn Iterator<Item = CozoResult<Vec<DataValue>>> + 'a> {
        if !is_catalog(lower) {
            return Box::new(std::iter::once(Err(data_read_error())));
        }
        self.catalog.range_skip_scan_tuple(lower, upper, valid_at)
    }

    fn range_scan<'a>(
        &'a self,
        lower: &[u8],
        upper: &[u8],
    ) -> Box<dyn Iterator<Item = CozoResult<StoredPair>> + 'a>
    where
        's: 'a,
    {
        if !is_catalog(lower) {
            return Box::new(std::iter::once(Err(data_read_error())));
        }
        self.catalog.range_scan(lower, upper)
    }

    fn range_count<'a>(&'a self, lower: &[u8], upper: &[u8]) -> CozoResult<usize>
    where
        's: 'a,
    {
        if !is_catalog(lower) {
            return Err(data_read_error());
        }
        self.catalog.range_count(lower, upper)
    }

    fn total_scan<'a>(&'a self) -> Box<dyn Iterator<Item = CozoResult<StoredPair>> + 'a>
    where
        's: 'a,
    {
        Box::new(std::iter::once(Err(data_read_error())))
    }
}
