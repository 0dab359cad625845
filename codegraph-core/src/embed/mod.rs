//! Embeddings: a vector for every selected item, keyed by (content hash,
//! model) so unchanged code is never embedded twice, identical code shares
//! one vector and one model's vectors never mix with another's.
//!
//! [`plan`] reads the index and the items' source files and says which
//! content still needs a vector and with what text; [`embed_index`] runs the
//! model on those texts and writes the vectors. Vectors of content that is
//! gone are dropped when `index` rebuilds the graph (see
//! [`crate::store::embeddings`]).

pub mod encoder;
pub mod model_files;
#[cfg(test)]
mod tests;
pub mod text;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use cozo::{DataValue, Vector};
use rayon::prelude::*;
use uuid::Uuid;

use crate::error::Result;
use crate::ids::{bytes_hash, hex};
use crate::store::embeddings::{add_embeddings, model_vectors, NewEmbeddings};
use crate::store::{IndexDb, IndexLock};
pub use encoder::{EncodeStats, Encoder, ModelInfo, Pooling};
pub use model_files::{ModelSpec, DEFAULT_MODEL};

/// Kinds embedded unless told otherwise (the kinds search looks at).
pub use crate::search::DEFAULT_KINDS;

/// Items embedded between two writes of the index: ~1–2 minutes of model
/// time on 2 cores, against a write of ~0.1 s (workspace) to ~2 s (with
/// all dependencies), so checkpoints cost a few percent at most.
pub const CHECKPOINT_ITEMS: usize = 1024;

/// Texts per model run: past ~16 throughput is flat on CPU
/// (shared/EMBEDDINGS.md), and sorted batches of this size pad little.
pub const DEFAULT_BATCH: usize = 32;

#[derive(Debug, Clone)]
pub struct EmbedOptions {
    /// Node kinds to embed; empty means [`DEFAULT_KINDS`].
    pub kinds: Vec<String>,
    /// Embed dependencies' items too (workspace members only by default).
    pub include_deps: bool,
    pub batch_size: usize,
    /// Fail instead of waiting when another run holds the index lock.
    pub no_wait: bool,
}

impl Default for EmbedOptions {
    fn default() -> Self {
        EmbedOptions {
            kinds: DEFAULT_KINDS.iter().map(|k| k.to_string()).collect(),
            include_deps: false,
            batch_size: DEFAULT_BATCH,
            no_wait: false,
        }
    }
}

/// Progress of an embedding run; every method has a no-op default.
pub trait EmbedObserver {
    /// `todo` distinct contents need a vector; `cached` already have one.
    fn planned(&self, _todo: usize, _cached: usize) {}
    /// `count` more texts went through the model.
    fn embedded(&self, _count: usize) {}
}

/// Observer that ignores everything.
pub struct Silent;
impl EmbedObserver for Silent {}

/// Finds (downloading when allowed) and loads a model, honouring
/// `HF_HUB_CACHE`, `HF_HOME` and `HF_HUB_OFFLINE`.
pub fn load_encoder(spec: &ModelSpec) -> Result<Encoder> {
    let files = model_files::locate(spec, &model_files::hub_cache_dir(), model_files::offline())?;
    Encoder::load(&files, encoder::default_device())
}

/// The id vectors are stored under: the model, its revision, how it pools
/// and truncates, and the text recipe. Any of them changing gives a new id.
pub fn model_id(info: &ModelInfo) -> String {
    let key = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        info.name,
        info.revision,
        info.dims,
        info.pooling.as_str(),
        info.max_tokens,
        text::RECIPE
    );
    let short: String = info.revision.chars().take(12).collect();
    format!(
        "{}@{short}-{}",
        info.name,
        &hex(&bytes_hash(key.as_bytes()))[..8]
    )
}

/// Content that needs a vector, and the text to embed for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    pub content_hash: String,
    pub text: String,
}

/// What [`plan`] found.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Distinct contents without a vector for the model, in a stable order.
    pub pending: Vec<Pending>,
    /// Selected items.
    pub items: usize,
    /// Distinct contents that already have a vector.
    pub cached: usize,
    /// Items skipped because their file changed since the index was built.
    pub stale_files: Vec<String>,
}

struct Candidate {
    id: Uuid,
    kind: String,
    path: String,
    file: String,
    abs_path: String,
    file_hash: Option<String>,
    line: u32,
    end_line: u32,
    signature: Option<String>,
    docs: Option<String>,
    content_hash: String,
}

/// Which selected items' contents lack a vector for `model_id`, and their
/// texts (reads their source files).
pub fn plan(db: &IndexDb, model_id: &str, options: &EmbedOptions) -> Result<Plan> {
    let kinds: HashSet<&str> = if options.kinds.is_empty() {
        DEFAULT_KINDS.into_iter().collect()
    } else {
        options.kinds.iter().map(String::as_str).collect()
    };
    let rows = db.run(
        "?[id, kind, path, file, abs_path, file_hash, line, end_line, signature, docs, content_hash, is_member] := \
           *node{id, crate_id, kind, path, file, line, end_line, signature, docs, content_hash}, \
           *crate{id: crate_id, is_member}, \
           *file{path: file, crate_id, abs_path, hash: file_hash}",
        BTreeMap::new(),
        false,
    )?;
    let zero_hash = hex(&[0; 16]);
    let candidates: Vec<Candidate> = rows
        .rows
        .into_iter()
        .filter_map(|row| {
            let kind = row[1].get_str()?.to_string();
            let content_hash = row[10].get_str()?.to_string();
            let member = matches!(row[11], DataValue::Bool(true));
            let wanted = kinds.contains(kind.as_str())
                && (member || options.include_deps)
                && content_hash != zero_hash;
            wanted.then(|| Candidate {
                id: uuid_of(&row[0]),
                kind,
                path: row[2].get_str().unwrap_or_default().to_string(),
                file: row[3].get_str().unwrap_or_default().to_string(),
                abs_path: row[4].get_str().unwrap_or_default().to_string(),
                file_hash: row[5].get_str().map(str::to_string),
                line: row[6].get_int().unwrap_or(0) as u32,
                end_line: row[7].get_int().unwrap_or(0) as u32,
                signature: row[8].get_str().map(str::to_string),
                docs: row[9].get_str().map(str::to_string),
                content_hash,
            })
        })
        .collect();

    let mut params = BTreeMap::new();
    params.insert("model".to_string(), DataValue::from(model_id));
    let existing: HashSet<String> = db
        .run(
            "?[content_hash] := *embedding{content_hash, model: $model}",
            params,
            false,
        )?
        .rows
        .into_iter()
        .filter_map(|row| row[0].get_str().map(str::to_string))
        .collect();

    // One representative per content: the smallest path, so runs agree.
    let mut chosen: BTreeMap<&str, &Candidate> = BTreeMap::new();
    let mut cached = HashSet::new();
    for candidate in &candidates {
        if existing.contains(&candidate.content_hash) {
            cached.insert(candidate.content_hash.as_str());
            continue;
        }
        chosen
            .entry(candidate.content_hash.as_str())
            .and_modify(|current| {
                if candidate.path < current.path {
                    *current = candidate;
                }
            })
            .or_insert(candidate);
    }

    let children = if chosen.values().any(|c| c.kind == "module") {
        module_children(db)?
    } else {
        HashMap::new()
    };
    let sources = read_sources(chosen.values().filter(|c| c.kind != "module").copied());
    let mut stale_files = BTreeMap::new();
    let mut pending = Vec::with_capacity(chosen.len());
    for (content_hash, candidate) in chosen {
        let parts = text::ItemParts {
            kind: &candidate.kind,
            path: &candidate.path,
            docs: candidate.docs.as_deref(),
            signature: candidate.signature.as_deref(),
        };
        let text = if candidate.kind == "module" {
            let names: Vec<&str> = children
                .get(&candidate.id)
                .map(|names| names.iter().map(String::as_str).collect())
                .unwrap_or_default();
            text::module_text(parts, &names)
        } else {
            match sources.get(candidate.abs_path.as_str()) {
                Some(SourceState::Current(source)) => text::item_text(
                    parts,
                    Some(&text::source_snippet(
                        source,
                        candidate.line,
                        candidate.end_line,
                    )),
                ),
                Some(SourceState::Changed) => {
                    stale_files.insert(candidate.file.clone(), ());
                    continue;
                }
                // Unreadable now (or never read): the signature stands in.
                _ => text::item_text(parts, None),
            }
        };
        pending.push(Pending {
            content_hash: content_hash.to_string(),
            text,
        });
    }
    Ok(Plan {
        pending,
        items: candidates.len(),
        cached: cached.len(),
        stale_files: stale_files.into_keys().collect(),
    })
}

enum SourceState {
    Current(String),
    Changed,
    Unreadable,
}

/// Each file once, in parallel; a file whose hash differs from the one the
/// index recorded is `Changed` (its line numbers no longer hold).
fn read_sources<'a>(
    candidates: impl Iterator<Item = &'a Candidate>,
) -> HashMap<&'a str, SourceState> {
    let mut files: HashMap<&str, Option<&str>> = HashMap::new();
    for candidate in candidates {
        files.insert(&candidate.abs_path, candidate.file_hash.as_deref());
    }
    files
        .into_par_iter()
        .map(|(path, recorded)| {
            let state = match std::fs::read(path) {
                Ok(bytes) if recorded == Some(hex(&bytes_hash(&bytes)).as_str()) => {
                    SourceState::Current(String::from_utf8_lossy(&bytes).into_owned())
                }
                Ok(_) => SourceState::Changed,
                Err(_) => SourceState::Unreadable,
            };
            (path, state)
        })
        .collect()
}

/// Names of each module's children, in source order.
fn module_children(db: &IndexDb) -> Result<HashMap<Uuid, Vec<String>>> {
    let rows = db.run(
        "?[parent, line, name] := *node{id: parent, kind: 'module'}, \
           *edge{src: parent, dst: child, kind: 'contains'}, *node{id: child, name, line}",
        BTreeMap::new(),
        false,
    )?;
    let mut children: HashMap<Uuid, Vec<(i64, String)>> = HashMap::new();
    for row in rows.rows {
        if let (Some(line), Some(name)) = (row[1].get_int(), row[2].get_str()) {
            children
                .entry(uuid_of(&row[0]))
                .or_default()
                .push((line, name.to_string()));
        }
    }
    Ok(children
        .into_iter()
        .map(|(id, mut names)| {
            names.sort();
            (id, names.into_iter().map(|(_, name)| name).collect())
        })
        .collect())
}

fn uuid_of(value: &DataValue) -> Uuid {
    match value {
        DataValue::Uuid(wrapper) => wrapper.0,
        _ => Uuid::nil(),
    }
}

/// What an embedding run did.
#[derive(Debug, Clone)]
pub struct EmbedSummary {
    pub model_id: String,
    pub model: ModelInfo,
    pub items: usize,
    pub cached: usize,
    pub embedded: usize,
    pub stale_files: Vec<String>,
    pub encode: EncodeStats,
    pub plan_time: Duration,
    pub write_time: Duration,
    pub total: Duration,
}

/// Embeds what the index at `index_path` lacks for `encoder`'s model and
/// writes it, holding the index lock of `target_dir` throughout.
pub fn embed_index(
    index_path: &Path,
    target_dir: &Path,
    encoder: &Encoder,
    options: &EmbedOptions,
    observer: &dyn EmbedObserver,
) -> Result<EmbedSummary> {
    let started = Instant::now();
    let _lock = IndexLock::acquire(target_dir, !options.no_wait, || {})?;
    let db = IndexDb::open(index_path)?;
    let model_id = model_id(encoder.info());
    let plan = plan(&db, &model_id, options)?;
    drop(db);
    let plan_time = started.elapsed();
    observer.planned(plan.pending.len(), plan.cached);

    let info = encoder.info();
    let model_row = vec![
        DataValue::from(model_id.as_str()),
        DataValue::from(info.name.as_str()),
        DataValue::from(info.revision.as_str()),
        DataValue::from(info.dims as i64),
        DataValue::from(info.pooling.as_str()),
        DataValue::from(info.max_tokens as i64),
        DataValue::from(text::RECIPE),
    ];
    // Longest texts last, so each checkpoint's batches pad little; each
    // checkpoint is written before the next starts, so a run that is
    // killed keeps what it finished (a re-run embeds only the rest).
    let mut pending = plan.pending;
    pending.sort_by_key(|p| p.text.len());
    let mut encode = EncodeStats::default();
    let mut write_time = Duration::ZERO;
    for checkpoint in pending.chunks(CHECKPOINT_ITEMS) {
        let texts: Vec<String> = checkpoint.iter().map(|p| p.text.clone()).collect();
        let (vectors, stats) = encoder.embed(&texts, options.batch_size, &mut |count| {
            observer.embedded(count)
        })?;
        encode.add(&stats);
        let write_started = Instant::now();
        let embeddings = checkpoint
            .iter()
            .zip(vectors)
            .map(|(pending, vector)| {
                vec![
                    DataValue::from(pending.content_hash.as_str()),
                    DataValue::from(model_id.as_str()),
                    DataValue::Vec(Vector::F32(ndarray::Array1::from_vec(vector))),
                ]
            })
            .collect();
        add_embeddings(
            index_path,
            NewEmbeddings {
                models: vec![model_row.clone()],
                embeddings,
            },
        )?;
        write_time += write_started.elapsed();
    }
    if !pending.is_empty() {
        let write_started = Instant::now();
        // Pack the vectors for search now, while the lock is held, so the
        // first search does not pay for it.
        let _ = model_vectors(&IndexDb::open(index_path)?, &model_id);
        write_time += write_started.elapsed();
    }
    Ok(EmbedSummary {
        model_id,
        model: encoder.info().clone(),
        items: plan.items,
        cached: plan.cached,
        embedded: pending.len(),
        stale_files: plan.stale_files,
        encode,
        plan_time,
        write_time,
        total: started.elapsed(),
    })
}
