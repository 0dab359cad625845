//! The `index` job: discover → parse (all units in parallel) → resolve →
//! store, timing each phase. Core never prints: progress goes to an
//! [`IndexObserver`] the caller supplies.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;

use crate::discover::{discover, DiscoverOptions, Workspace};
use crate::error::Result;
use crate::ids::IdAllocator;
use crate::model::UnitGraph;
use crate::parse::{parse_unit, ParsedUnit};
use crate::resolve::resolve_workspace;
use crate::source::{FsLoader, SourceLoader};
use crate::store::embeddings::carried_embeddings;
use crate::store::{index_path, write_index, IndexDb, IndexLock, Snapshot, StoreStats};

#[derive(Debug, Clone, Default)]
pub struct IndexOptions {
    pub discover: DiscoverOptions,
    /// Overrides cargo's target directory (`--target-dir`).
    pub target_dir: Option<PathBuf>,
    /// Rebuild even when nothing changed.
    pub full: bool,
    /// Fail at once instead of waiting when another run holds the lock.
    pub no_wait: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Metadata,
    Parse,
    Resolve,
    Store,
}

/// Receives progress; every method has a no-op default.
pub trait IndexObserver: Sync {
    fn phase_started(&self, _phase: Phase) {}
    /// Parse units about to run.
    fn units_planned(&self, _units: usize) {}
    fn file_parsed(&self, _lines: u64) {}
    fn unit_parsed(&self, _crate_name: &str) {}
    /// Another run holds the index lock; this one waits.
    fn waiting_for_lock(&self) {}
}

/// Observes nothing.
pub struct Silent;
impl IndexObserver for Silent {}

#[derive(Debug, Clone, Default)]
pub struct PhaseTimings {
    pub metadata: Duration,
    pub parse: Duration,
    pub resolve: Duration,
    pub store: Duration,
}

impl PhaseTimings {
    pub fn total(&self) -> Duration {
        self.metadata + self.parse + self.resolve + self.store
    }
}

#[derive(Debug, Clone)]
pub struct IndexSummary {
    pub index_path: PathBuf,
    /// Nothing changed since the last run: nothing was parsed or written.
    pub up_to_date: bool,
    /// Every file the index was built from (for `cargo:rerun-if-changed`).
    pub read_files: Vec<PathBuf>,
    pub crates: usize,
    pub files: usize,
    pub lines: u64,
    pub nodes: usize,
    pub edges: usize,
    pub diagnostics: Vec<crate::model::Diagnostic>,
    pub timings: PhaseTimings,
    pub store: StoreStats,
}

/// Indexes a workspace from disk into `<target>/codegraph.cozo`.
pub fn index(options: &IndexOptions, observer: &dyn IndexObserver) -> Result<IndexSummary> {
    let mut timings = PhaseTimings::default();
    observer.phase_started(Phase::Metadata);
    let started = Instant::now();
    let workspace = discover(&options.discover)?;
    let target_dir = options
        .target_dir
        .clone()
        .unwrap_or_else(|| workspace.target_dir.clone());
    let path = index_path(&target_dir);
    let _lock = IndexLock::acquire(&target_dir, !options.no_wait, || {
        observer.waiting_for_lock()
    })?;
    let fingerprint = inputs_fingerprint(&workspace, options);
    timings.metadata = started.elapsed();

    if !options.full {
        if let Some(read_files) = unchanged_files(&path, &fingerprint) {
            return Ok(IndexSummary {
                index_path: path,
                up_to_date: true,
                crates: workspace.indexed_crates().count(),
                files: read_files.len(),
                read_files,
                lines: 0,
                nodes: 0,
                edges: 0,
                diagnostics: Vec::new(),
                timings,
                store: StoreStats::default(),
            });
        }
    }

    let built = build_graph(&workspace, &FsLoader, observer);
    timings.parse = built.parse_time;
    timings.resolve = built.resolve_time;

    observer.phase_started(Phase::Store);
    let started = Instant::now();
    let mut meta = meta_rows(&workspace, options);
    meta.push(("inputs_fingerprint".to_string(), fingerprint));
    let snapshot = Snapshot {
        meta,
        crates: &workspace.crates,
        crate_deps: &workspace.crate_deps,
        graph: &built.graph,
        idx_limit: built.idx_limit,
        carried: carried_embeddings(&path, &live_content_hashes(&built.graph)),
    };
    let store = write_index(&path, &snapshot)?;
    timings.store = started.elapsed();

    let mut read_files: Vec<PathBuf> = built
        .graph
        .files
        .iter()
        .filter(|f| f.hash.is_some())
        .map(|f| f.abs_path.clone())
        .collect();
    read_files.sort();
    read_files.dedup();
    Ok(IndexSummary {
        index_path: path,
        up_to_date: false,
        read_files,
        crates: workspace.indexed_crates().count(),
        files: built.graph.files.len(),
        lines: built.graph.lines,
        nodes: built.graph.nodes.len(),
        edges: built.graph.edges.len(),
        diagnostics: built.graph.diagnostics.clone(),
        timings,
        store,
    })
}

/// The graph of a workspace, before storage.
pub struct BuiltGraph {
    pub graph: UnitGraph,
    pub idx_limit: u32,
    pub parse_time: Duration,
    pub resolve_time: Duration,
}

/// Parses and resolves every indexed crate. Pure apart from `loader`.
pub fn build_graph(
    workspace: &Workspace,
    loader: &dyn SourceLoader,
    observer: &dyn IndexObserver,
) -> BuiltGraph {
    let allocator = IdAllocator::new();
    let units: Vec<_> = workspace.indexed_crates().collect();
    observer.units_planned(units.len());
    observer.phase_started(Phase::Parse);
    let started = Instant::now();
    let on_file = |lines: u64| observer.file_parsed(lines);
    let parsed: Vec<ParsedUnit> = units
        .par_iter()
        .map(|krate| {
            let unit = parse_unit(&krate.unit, loader, &allocator, &on_file);
            observer.unit_parsed(&krate.name);
            unit
        })
        .collect();
    let parse_time = started.elapsed();

    observer.phase_started(Phase::Resolve);
    let started = Instant::now();
    let graph = resolve_workspace(workspace, &units, parsed, &allocator);
    let resolve_time = started.elapsed();
    BuiltGraph {
        graph,
        idx_limit: allocator.high_water_mark(),
        parse_time,
        resolve_time,
    }
}

/// Everything besides file contents that shapes the graph: the tool and
/// schema versions, the options, every crate target (with its root file,
/// edition and features) and the dependency edges.
fn inputs_fingerprint(workspace: &Workspace, options: &IndexOptions) -> String {
    let mut hasher = blake3::Hasher::new();
    let mut part = |text: &str| {
        hasher.update(&(text.len() as u64).to_le_bytes());
        hasher.update(text.as_bytes());
    };
    part(env!("CARGO_PKG_VERSION"));
    part(crate::store::SCHEMA_VERSION);
    // The indexer's own code is an input too: a rebuilt tool of the same
    // version may index differently. Hashing the running executable (a
    // few ms) covers the CLI and build scripts alike.
    let executable = std::env::current_exe()
        .ok()
        .and_then(|path| std::fs::read(path).ok());
    part(
        &executable
            .map(|bytes| crate::ids::hex(&crate::ids::bytes_hash(&bytes)))
            .unwrap_or_default(),
    );
    for (key, value) in meta_rows(workspace, options)
        .iter()
        .filter(|(key, _)| key != "indexed_at")
    {
        part(key);
        part(value);
    }
    for krate in &workspace.crates {
        part(&krate.id.to_string());
        part(&krate.name);
        part(&krate.edition);
        part(&krate.unit.root_file.to_string_lossy());
        part(if krate.indexed { "indexed" } else { "named" });
        part(&krate.features.join(","));
    }
    for dep in &workspace.crate_deps {
        part(&format!(
            "{} {} {} {} {}",
            dep.from, dep.to, dep.kind, dep.rename, dep.optional
        ));
    }
    crate::ids::hex(hasher.finalize().as_bytes())
}

/// `Some(files read)` when the index at `path` was built from these inputs
/// and every file it read still has the same content. New files can only
/// appear through an edit to a file already read (a `mod` line) or a new
/// crate target, so this is enough. Any doubt (no index, another schema,
/// an unreadable file) means "rebuild".
fn unchanged_files(path: &std::path::Path, fingerprint: &str) -> Option<Vec<PathBuf>> {
    let index = IndexDb::open(path).ok()?;
    let (recorded, files) = index.recorded_inputs().ok()?;
    if recorded != fingerprint || files.is_empty() {
        return None;
    }
    let all_same = files
        .par_iter()
        .all(|(file, hash)| match std::fs::read(file) {
            Ok(bytes) => crate::ids::hex(&crate::ids::bytes_hash(&bytes)) == *hash,
            // A file a `mod` looked for and did not find must still be absent.
            Err(_) => hash.is_empty(),
        });
    all_same.then(|| {
        files
            .into_iter()
            .filter(|(_, hash)| !hash.is_empty())
            .map(|(file, _)| file)
            .collect()
    })
}

fn meta_rows(workspace: &Workspace, options: &IndexOptions) -> Vec<(String, String)> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let discover = &options.discover;
    vec![
        (
            "tool_version".to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        ("indexed_at".to_string(), now.to_string()),
        (
            "workspace_root".to_string(),
            workspace.root.to_string_lossy().into_owned(),
        ),
        ("packages".to_string(), discover.packages.join(",")),
        ("features".to_string(), discover.features.join(",")),
        (
            "all_features".to_string(),
            discover.all_features.to_string(),
        ),
        (
            "no_default_features".to_string(),
            discover.no_default_features.to_string(),
        ),
        ("deps".to_string(), discover.deps.to_string()),
        ("all_targets".to_string(), discover.all_targets.to_string()),
    ]
}

/// Content hashes of the graph's nodes (hex), the keys that keep a vector
/// alive across a rebuild.
fn live_content_hashes(graph: &crate::model::UnitGraph) -> std::collections::HashSet<String> {
    graph
        .nodes
        .iter()
        .map(|node| crate::ids::hex(&node.content_hash))
        .collect()
}
