//! The `embedding` and `model` relations: carrying vectors over when an
//! index is rebuilt (only those whose content still exists), and adding
//! new ones. Both write the whole index anew and rename it into place, as
//! `index` does, so readers never see a half-written file.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use cozo::{DataValue, DbInstance, NamedRows};

use super::vector_cache::{self, PackedVectors};
use super::write::replace_index_file;
use super::IndexDb;
use crate::error::{Error, Result};

/// Columns of `embedding`, in order.
pub const EMBEDDING_COLUMNS: [&str; 3] = ["content_hash", "model", "vec"];

/// Columns of `model`, in order.
pub const MODEL_COLUMNS: [&str; 7] = [
    "id",
    "name",
    "revision",
    "dims",
    "pooling",
    "max_tokens",
    "recipe",
];

/// The vectors of the index at `path` whose content hash is in `live`,
/// and the models they belong to, ready to import into a rebuilt index.
/// Empty when there is no readable index of this schema there.
pub fn carried_embeddings(path: &Path, live: &HashSet<String>) -> BTreeMap<String, NamedRows> {
    let mut carried = BTreeMap::new();
    let Ok(old) = IndexDb::open(path) else {
        return carried;
    };
    let Ok(rows) = old.run(
        "?[content_hash, model, vec] := *embedding{content_hash, model, vec}",
        BTreeMap::new(),
        false,
    ) else {
        return carried;
    };
    let mut models = HashSet::new();
    let kept: Vec<Vec<DataValue>> = rows
        .rows
        .into_iter()
        .filter(|row| row[0].get_str().is_some_and(|hash| live.contains(hash)))
        .inspect(|row| {
            if let Some(model) = row[1].get_str() {
                models.insert(model.to_string());
            }
        })
        .collect();
    if kept.is_empty() {
        return carried;
    }
    if let Ok(model_rows) = old.run(
        "?[id, name, revision, dims, pooling, max_tokens, recipe] := \
         *model{id, name, revision, dims, pooling, max_tokens, recipe}",
        BTreeMap::new(),
        false,
    ) {
        let rows: Vec<_> = model_rows
            .rows
            .into_iter()
            .filter(|row| row[0].get_str().is_some_and(|id| models.contains(id)))
            .collect();
        carried.insert("model".to_string(), named(&MODEL_COLUMNS, rows));
    }
    carried.insert("embedding".to_string(), named(&EMBEDDING_COLUMNS, kept));
    carried
}

fn named(headers: &[&str], rows: Vec<Vec<DataValue>>) -> NamedRows {
    NamedRows::new(headers.iter().map(|h| h.to_string()).collect(), rows)
}

/// Rows to add to an index: `model` rows and `embedding` rows (columns as
/// [`MODEL_COLUMNS`] and [`EMBEDDING_COLUMNS`]).
pub struct NewEmbeddings {
    pub models: Vec<Vec<DataValue>>,
    pub embeddings: Vec<Vec<DataValue>>,
}

/// Writes the index at `path` again with `added` in it. The caller holds
/// the index lock.
pub fn add_embeddings(path: &Path, added: NewEmbeddings) -> Result<()> {
    let db = DbInstance::new("mem", "", "").map_err(|e| Error::store("cannot start Cozo", e))?;
    db.restore_backup(path)
        .map_err(|e| Error::store(format!("cannot read {}", path.display()), e))?;
    let mut relations = BTreeMap::new();
    relations.insert("model".to_string(), named(&MODEL_COLUMNS, added.models));
    relations.insert(
        "embedding".to_string(),
        named(&EMBEDDING_COLUMNS, added.embeddings),
    );
    db.import_relations(relations)
        .map_err(|e| Error::store("cannot add embeddings", e))?;
    replace_index_file(&db, path)
}

/// Every model's vectors, read from the store (the slow path: Cozo decodes
/// each vector element by element).
pub fn vectors_by_model(db: &IndexDb) -> Result<Vec<(String, PackedVectors)>> {
    let rows = db.run(
        "?[model, content_hash, vec] := *embedding{content_hash, model, vec}",
        BTreeMap::new(),
        false,
    )?;
    let mut models: BTreeMap<String, PackedVectors> = BTreeMap::new();
    for row in &rows.rows {
        let (Some(model), Some(hash), DataValue::Vec(cozo::Vector::F32(vector))) = (
            row[0].get_str(),
            row[1].get_str().and_then(hash_bytes),
            &row[2],
        ) else {
            continue;
        };
        let packed = models.entry(model.to_string()).or_default();
        if packed.dims == 0 {
            packed.dims = vector.len();
        }
        if vector.len() == packed.dims {
            packed.hashes.push(hash);
            packed.matrix.extend(vector.iter().copied());
        }
    }
    Ok(models.into_iter().collect())
}

/// One model's vectors: from the packed cache when it matches the index,
/// else from the store, refreshing the cache for the next reader.
pub fn model_vectors(db: &IndexDb, model_id: &str) -> Result<PackedVectors> {
    let on_disk = !db.path().as_os_str().is_empty();
    if on_disk {
        if let Some(packed) = vector_cache::read(db.path(), model_id) {
            return Ok(packed);
        }
    }
    let models = vectors_by_model(db)?;
    if on_disk && !models.is_empty() {
        // A cache is an optimisation: failing to write one is not an error.
        let _ = vector_cache::write(db.path(), &models);
    }
    Ok(models
        .into_iter()
        .find(|(id, _)| id == model_id)
        .map(|(_, packed)| packed)
        .unwrap_or_default())
}

/// `content_hash` text (32 hex digits) as bytes.
pub fn hash_bytes(hex: &str) -> Option<[u8; 16]> {
    if hex.len() != 32 {
        return None;
    }
    let mut bytes = [0u8; 16];
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(bytes)
}
