//! The `index` job: discover → parse (all units in parallel) → resolve →
//! store, timing each phase. Core never prints: progress goes to an
//! [`IndexObserver`] the caller supplies.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use rayon::prelude::*;
use uuid::Uuid;

use crate::discover::{discover, CrateInfo, DiscoverOptions, Workspace};
use crate::error::Result;
use crate::ids::IdAllocator;
use crate::incremental::{self, CrateState, IndexState};
use crate::model::{NodeIdx, UnitGraph};
use crate::parse::{
    expand_dependency_macros, exported_macros, keep_compiled_exports, parse_unit, DependencyMacros,
    ExportedMacro, ParseIds, ParsedUnit,
};
use crate::resolve::{resolve_crates, CarriedCrate, Resolution, UnitInput};
use crate::source::{FsLoader, SourceLoader};
use crate::store::embeddings::carried_embeddings;
use crate::store::{
    index_path, update_index, write_index_then, Delta, IndexDb, IndexLock, Snapshot, StoreStats,
};

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
    /// What an incremental run reused and redid; `None` for a full run.
    pub incremental: Option<IncrementalStats>,
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
    let (fingerprint, global_fingerprint) = inputs_fingerprints(&workspace, options);
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
                incremental: None,
            });
        }
    }

    let crate_fingerprints = incremental::crate_fingerprints(&workspace);
    if !options.full {
        let previous = Previous {
            fingerprint: &fingerprint,
            global_fingerprint: &global_fingerprint,
            crate_fingerprints: &crate_fingerprints,
        };
        if let Some(summary) = index_incrementally(
            &workspace,
            options,
            &target_dir,
            &previous,
            timings.clone(),
            observer,
        )? {
            return Ok(summary);
        }
    }

    let crates: Vec<&CrateInfo> = workspace.indexed_crates().collect();
    let allocator = IdAllocator::new();
    let mut built = build_parts(
        &workspace,
        &crates,
        |_| None,
        |_| None,
        &FsLoader,
        &allocator,
        Vec::new(),
        observer,
    );
    timings.parse = built.parse_time;
    timings.resolve = built.resolve_time;

    observer.phase_started(Phase::Store);
    let started = Instant::now();
    let generation = Uuid::new_v4();
    let meta = written_meta(&workspace, options, &fingerprint, generation);
    let graphs: Vec<&UnitGraph> = built.resolution.graphs.iter().flatten().collect();
    let externals = UnitGraph {
        nodes: std::mem::take(&mut built.resolution.external_nodes),
        ..Default::default()
    };
    let mut parts = graphs.clone();
    parts.push(&externals);
    let id_of = dense_ids(
        allocator.high_water_mark(),
        &built.resolution,
        &externals.nodes,
    );
    let snapshot = Snapshot {
        meta,
        crates: &workspace.crates,
        crate_deps: &workspace.crate_deps,
        parts,
        id_of: &id_of,
        carried: carried_embeddings(&path, &live_content_hashes(graphs.iter().copied())),
    };
    let carried = built.resolution.carried;
    let parse_ids = built.parse_ids;
    let externals_known = built.resolution.externals;
    // The state for the next run is built and saved while the writer
    // finishes and syncs the index. Should the write fail after that, the
    // saved state names a generation the index does not have, and the next
    // run rebuilds in full.
    let save_state = |mut digests: Vec<Vec<u8>>| {
        let externals_digest = digests.pop().unwrap_or_default();
        let crate_states: Vec<CrateState> = crates
            .iter()
            .zip(carried)
            .zip(graphs.iter().zip(&digests))
            .zip(parse_ids)
            .map(|(((krate, carried), (graph, digest)), parse_ids)| {
                crate_state(
                    krate,
                    &crate_fingerprints,
                    carried,
                    graph,
                    digest,
                    parse_ids.unwrap_or_default(),
                )
            })
            .collect();
        let mut new_digests: Vec<(String, Vec<u8>)> = digests
            .into_iter()
            .map(|digest| (incremental::digest_name(&digest), digest))
            .collect();
        let read_files = read_files(&crate_states);
        let state = IndexState {
            generation,
            fingerprint: global_fingerprint,
            idx_limit: allocator.high_water_mark(),
            full_idx_limit: allocator.high_water_mark(),
            externals: externals_known,
            externals_digest: incremental::digest_name(&externals_digest),
            crates: crate_states,
        };
        new_digests.push((state.externals_digest.clone(), externals_digest));
        // A state that cannot be saved only means the next run rebuilds
        // in full.
        let _ = incremental::save_state(&target_dir, &state, &new_digests);
        read_files
    };
    let (store, read_files) = write_index_then(&path, &snapshot, save_state)?;
    let totals = Totals::of(&graphs);
    let external_nodes = externals.nodes.len();
    drop(snapshot);
    drop(graphs);
    release_in_background((built.resolution.graphs, externals, id_of));
    timings.store = started.elapsed();

    Ok(IndexSummary {
        index_path: path,
        up_to_date: false,
        read_files,
        crates: crates.len(),
        files: totals.files,
        lines: totals.lines,
        nodes: totals.nodes + external_nodes,
        edges: totals.edges,
        diagnostics: totals.diagnostics,
        timings,
        store,
        incremental: None,
    })
}

/// Frees `value` on a thread of its own. Taking apart a whole workspace's
/// graph (hundreds of thousands of nodes and their strings) costs a tenth
/// of a cold run on one core, with nothing to wait for: the caller has its
/// summary already, and a command-line run exits (the OS takes the memory
/// back at once) before the thread is done.
fn release_in_background<T: Send + 'static>(value: T) {
    // Should no thread start, the closure, value and all, is dropped here.
    let _ = std::thread::Builder::new()
        .name("codegraph-release".into())
        .spawn(move || drop(value));
}

/// What an incremental run redid.
#[derive(Debug, Clone, Default)]
pub struct IncrementalStats {
    /// Crates carried over unchanged.
    pub reused: usize,
    /// Names of the crates parsed and resolved again.
    pub redone: Vec<String>,
}

/// The fingerprints a previous run's state is checked against.
struct Previous<'a> {
    /// Everything (the no-op check's).
    fingerprint: &'a str,
    /// What forces a full run when it changes.
    global_fingerprint: &'a str,
    crate_fingerprints: &'a HashMap<Uuid, String>,
}

/// What the graphs of the crates a run parsed add up to.
#[derive(Default)]
struct Totals {
    files: usize,
    lines: u64,
    nodes: usize,
    edges: usize,
    diagnostics: Vec<crate::model::Diagnostic>,
}

impl Totals {
    fn of(graphs: &[&UnitGraph]) -> Totals {
        let mut totals = Totals::default();
        for graph in graphs {
            // A file a `mod` looked for and did not find has a row, but was not read.
            totals.files += graph.files.iter().filter(|f| f.hash.is_some()).count();
            totals.lines += graph.lines;
            totals.nodes += graph.nodes.len();
            totals.edges += graph.edges.len();
            totals.diagnostics.extend(graph.diagnostics.iter().cloned());
        }
        totals
    }
}

/// Every file the index was built from (for `cargo:rerun-if-changed`).
fn read_files(states: &[CrateState]) -> Vec<PathBuf> {
    let mut read: Vec<PathBuf> = states
        .iter()
        .flat_map(|state| state.files.iter())
        .filter(|(_, hash)| hash.is_some())
        .map(|(file, _)| file.clone())
        .collect();
    read.sort();
    read.dedup();
    read
}

fn crate_state(
    krate: &CrateInfo,
    fingerprints: &HashMap<Uuid, String>,
    carried: CarriedCrate,
    graph: &UnitGraph,
    digest: &[u8],
    parse_ids: ParseIds,
) -> CrateState {
    CrateState {
        parse_ids,
        crate_id: krate.id,
        fingerprint: fingerprints.get(&krate.id).cloned().unwrap_or_default(),
        files: graph
            .files
            .iter()
            .map(|f| {
                (
                    f.abs_path.clone(),
                    f.hash.as_ref().map(|h| crate::ids::hex(h)),
                )
            })
            .collect(),
        content_hashes: graph.nodes.iter().map(|n| n.content_hash).collect(),
        carried,
        digest: incremental::digest_name(digest),
    }
}

/// Dense index → id for every node of the run: carried crates' and
/// externals' included, since new edges point at them.
fn dense_ids(limit: u32, resolution: &Resolution, externals: &[crate::model::Node]) -> Vec<Uuid> {
    let mut id_of = vec![Uuid::nil(); limit as usize];
    for carried in &resolution.carried {
        for (idx, id) in &carried.ids {
            id_of[idx.0 as usize] = *id;
        }
    }
    for node in externals {
        id_of[node.idx.0 as usize] = node.id;
    }
    id_of
}

/// Re-indexes only what changed, when the previous run left a state that
/// matches the index. `Ok(None)` means "do a full run": no usable state, a
/// structural change, or an unreadable digest.
fn index_incrementally(
    workspace: &Workspace,
    options: &IndexOptions,
    target_dir: &Path,
    previous: &Previous<'_>,
    mut timings: PhaseTimings,
    observer: &dyn IndexObserver,
) -> Result<Option<IndexSummary>> {
    let planning = Instant::now();
    let path = index_path(target_dir);
    let Some(mut state) = incremental::load_state(target_dir) else {
        return Ok(None);
    };
    let generation = IndexDb::open(&path)
        .ok()
        .and_then(|index| index.meta_value("state_generation").ok().flatten());
    if generation != Some(state.generation.to_string())
        || state.fingerprint != previous.global_fingerprint
    {
        return Ok(None);
    }
    let Some(mut redo) =
        incremental::changed_crates(workspace, &state, previous.crate_fingerprints)
    else {
        return Ok(None);
    };
    let crates: Vec<&CrateInfo> = workspace.indexed_crates().collect();
    // Dense indices of new nodes are handed out above the previous ones;
    // compact them with a full run before the table of ids outgrows the graph.
    if state.idx_limit as u64 > 3 * state.full_idx_limit as u64 + (1 << 20) {
        return Ok(None);
    }
    // The previous state of every crate, aligned with `crates`.
    let mut kept: HashMap<Uuid, CrateState> =
        state.crates.drain(..).map(|c| (c.crate_id, c)).collect();
    let mut states: Vec<CrateState> = Vec::with_capacity(crates.len());
    for krate in &crates {
        match kept.remove(&krate.id) {
            Some(kept) => states.push(kept),
            None => return Ok(None),
        }
    }
    let Some(old_externals) = incremental::read_digest(target_dir, &state.externals_digest) else {
        return Ok(None);
    };
    // Reading the state and hashing the files is this run's planning.
    timings.metadata += planning.elapsed();

    // Redo the changed crates; when one's resolution state (what its
    // dependents read of it) comes out different, redo its dependents too.
    let allocator = IdAllocator::starting_at(state.idx_limit);
    let mut known_externals = std::mem::take(&mut state.externals);
    let built = loop {
        let mut carried: Vec<Option<CarriedCrate>> = (0..crates.len())
            .map(|ix| (!redo[ix]).then(|| std::mem::take(&mut states[ix].carried)))
            .collect();
        let built = build_parts(
            workspace,
            &crates,
            |ix| carried[ix].take(),
            |ix| redo[ix].then(|| states[ix].parse_ids.as_slice()),
            &FsLoader,
            &allocator,
            known_externals.clone(),
            observer,
        );
        timings.parse += built.parse_time;
        timings.resolve += built.resolve_time;
        let surface_changed: Vec<bool> = (0..crates.len())
            .map(|ix| {
                redo[ix]
                    && built.resolution.carried[ix].surface_hash()
                        != states[ix].carried.surface_hash()
            })
            .collect();
        let grown = incremental::with_dependents(workspace, &crates, &surface_changed);
        let more: Vec<usize> = (0..crates.len())
            .filter(|ix| grown[*ix] && !redo[*ix])
            .collect();
        if more.is_empty() {
            break built;
        }
        // Give the carried crates their state back, then go again.
        for (ix, carried) in built.resolution.carried.into_iter().enumerate() {
            if !redo[ix] {
                states[ix].carried = carried;
            }
        }
        known_externals = built.resolution.externals;
        for ix in more {
            redo[ix] = true;
        }
    };

    observer.phase_started(Phase::Store);
    let started = Instant::now();
    let mut old_digests: Vec<Option<Vec<u8>>> = vec![None; crates.len()];
    for ix in (0..crates.len()).filter(|ix| redo[*ix]) {
        match incremental::read_digest(target_dir, &states[ix].digest) {
            Some(digest) => old_digests[ix] = Some(digest),
            None => return Ok(None),
        }
    }
    let externals = UnitGraph {
        nodes: built.resolution.external_nodes.clone(),
        ..Default::default()
    };
    let id_of = dense_ids(
        allocator.high_water_mark(),
        &built.resolution,
        &externals.nodes,
    );
    let redone_graphs: Vec<(usize, &UnitGraph)> = built
        .resolution
        .graphs
        .iter()
        .enumerate()
        .filter_map(|(ix, graph)| graph.as_ref().map(|g| (ix, g)))
        .collect();
    let mut parts: Vec<(&UnitGraph, Option<&[u8]>)> = redone_graphs
        .iter()
        .map(|(ix, graph)| (*graph, old_digests[*ix].as_deref()))
        .collect();
    parts.push((&externals, Some(&old_externals)));

    // Embeddings of content that no crate has any more go, as in a full run.
    let live: HashSet<[u8; 16]> = (0..crates.len())
        .filter(|ix| !redo[*ix])
        .flat_map(|ix| states[ix].content_hashes.iter().copied())
        .chain(
            redone_graphs
                .iter()
                .flat_map(|(_, g)| g.nodes.iter().map(|n| n.content_hash)),
        )
        .collect();
    let dropped_content: Vec<String> = (0..crates.len())
        .filter(|ix| redo[*ix])
        .flat_map(|ix| states[ix].content_hashes.iter())
        .filter(|hash| !live.contains(*hash))
        .map(|hash| crate::ids::hex(hash))
        .collect();

    let new_generation = Uuid::new_v4();
    let meta = written_meta(workspace, options, previous.fingerprint, new_generation);
    let delta = Delta {
        meta,
        crates: &workspace.crates,
        crate_deps: &workspace.crate_deps,
        parts,
        id_of: &id_of,
        dropped_content,
    };
    let Some((store, digests)) = update_index(&path, &delta)? else {
        return Ok(None);
    };
    let mut digests = digests.into_iter();

    let graphs: Vec<&UnitGraph> = redone_graphs.iter().map(|(_, g)| *g).collect();
    let totals = Totals::of(&graphs);
    let mut new_digests = Vec::new();
    let mut redone_names = Vec::new();
    let mut crate_states = Vec::with_capacity(crates.len());
    for ((((krate, carried), graph), kept), parse_ids) in crates
        .iter()
        .zip(built.resolution.carried)
        .zip(&built.resolution.graphs)
        .zip(states)
        .zip(built.parse_ids)
    {
        match graph {
            Some(graph) => {
                let digest = digests.next().unwrap_or_default();
                crate_states.push(crate_state(
                    krate,
                    previous.crate_fingerprints,
                    carried,
                    graph,
                    &digest,
                    parse_ids.unwrap_or_default(),
                ));
                new_digests.push((incremental::digest_name(&digest), digest));
                redone_names.push(krate.name.clone());
            }
            None => crate_states.push(CrateState { carried, ..kept }),
        }
    }
    let externals_digest = digests.next().unwrap_or_default();
    let read = read_files(&crate_states);
    let state = IndexState {
        generation: new_generation,
        fingerprint: previous.global_fingerprint.to_string(),
        idx_limit: allocator.high_water_mark(),
        full_idx_limit: state.full_idx_limit,
        externals: built.resolution.externals,
        externals_digest: incremental::digest_name(&externals_digest),
        crates: crate_states,
    };
    new_digests.push((state.externals_digest.clone(), externals_digest));
    let _ = incremental::save_state(target_dir, &state, &new_digests);
    timings.store = started.elapsed();

    Ok(Some(IndexSummary {
        index_path: path,
        up_to_date: false,
        read_files: read,
        crates: crates.len(),
        files: totals.files,
        lines: totals.lines,
        nodes: totals.nodes,
        edges: totals.edges,
        diagnostics: totals.diagnostics,
        timings,
        store,
        incremental: Some(IncrementalStats {
            reused: crates.len() - redone_names.len(),
            redone: redone_names,
        }),
    }))
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
    let crates: Vec<&CrateInfo> = workspace.indexed_crates().collect();
    let allocator = IdAllocator::new();
    let built = build_parts(
        workspace,
        &crates,
        |_| None,
        |_| None,
        loader,
        &allocator,
        Vec::new(),
        observer,
    );
    BuiltGraph {
        graph: built.resolution.into_graph(),
        idx_limit: allocator.high_water_mark(),
        parse_time: built.parse_time,
        resolve_time: built.resolve_time,
    }
}

struct BuiltParts {
    resolution: Resolution,
    /// Parse identities of each parsed crate's nodes (aligned with the
    /// crates; `None` for carried ones).
    parse_ids: Vec<Option<ParseIds>>,
    parse_time: Duration,
    resolve_time: Duration,
}

/// Parses the crates `carried` has no state for, then resolves them all. A
/// parsed crate's nodes take the indices `previous_ids` gives their parse
/// identities (the previous run's), so carried crates that point at them
/// stay valid; new nodes get new indices.
#[allow(clippy::too_many_arguments)]
fn build_parts<'p>(
    workspace: &Workspace,
    crates: &[&CrateInfo],
    carried: impl FnMut(usize) -> Option<CarriedCrate>,
    previous_ids: impl Fn(usize) -> Option<&'p [([u8; 16], NodeIdx)]> + Sync,
    loader: &dyn SourceLoader,
    allocator: &IdAllocator,
    known_externals: Vec<(String, NodeIdx)>,
    observer: &dyn IndexObserver,
) -> BuiltParts {
    let kept: Vec<Option<CarriedCrate>> = (0..crates.len()).map(carried).collect();
    let to_parse: Vec<usize> = (0..crates.len()).filter(|ix| kept[*ix].is_none()).collect();
    observer.units_planned(to_parse.len());
    observer.phase_started(Phase::Parse);
    let started = Instant::now();
    let on_file = |lines: u64| observer.file_parsed(lines);
    let parsed: HashMap<usize, ParsedUnit> = to_parse
        .par_iter()
        .map(|ix| {
            let krate = crates[*ix];
            let mut unit = parse_unit(&krate.unit, loader, allocator, &on_file);
            let features: HashSet<String> = krate.features.iter().cloned().collect();
            keep_compiled_exports(&mut unit.macro_defs, |cfg| {
                workspace.build_cfg.holds(cfg, &features)
            });
            observer.unit_parsed(&krate.name);
            (*ix, unit)
        })
        .collect();
    // Calls of macros other crates export, now that every crate's are known
    // (carried crates keep theirs in their state).
    let parsed_exports: HashMap<usize, Vec<ExportedMacro>> = parsed
        .iter()
        .map(|(ix, unit)| (*ix, exported_macros(&unit.macro_defs)))
        .collect();
    let exports_of = |ix: usize| -> &[ExportedMacro] {
        match &kept[ix] {
            Some(carried) => &carried.exported_macros,
            None => parsed_exports.get(&ix).map_or(&[], Vec::as_slice),
        }
    };
    let position_of: HashMap<Uuid, usize> = crates
        .iter()
        .enumerate()
        .map(|(ix, krate)| (krate.id, ix))
        .collect();
    let mut parsed: HashMap<usize, (ParsedUnit, ParseIds)> = parsed
        .into_par_iter()
        .map(|(ix, mut unit)| {
            let krate = crates[ix];
            let mut seen = HashSet::new();
            let dependencies: Vec<DependencyMacros<'_>> = workspace
                .crate_deps
                .iter()
                .filter(|dep| dep.from == krate.id && dep.kind != "build" && seen.insert(dep.to))
                .filter_map(|dep| {
                    Some(DependencyMacros {
                        crate_name: &dep.rename,
                        macros: exports_of(*position_of.get(&dep.to)?),
                    })
                })
                .collect();
            expand_dependency_macros(&krate.unit, loader, allocator, &mut unit, &dependencies);
            let identities = unit.take_previous_indices(previous_ids(ix).unwrap_or_default());
            (ix, (unit, identities))
        })
        .collect();
    drop(parsed_exports);
    let parse_time = started.elapsed();
    let mut parse_ids = vec![None; crates.len()];

    observer.phase_started(Phase::Resolve);
    let started = Instant::now();
    let inputs: Vec<UnitInput> = kept
        .into_iter()
        .enumerate()
        .map(|(ix, kept)| match kept {
            Some(carried) => UnitInput::Carried(Box::new(carried)),
            None => {
                let (unit, identities) = parsed.remove(&ix).unwrap_or_default();
                parse_ids[ix] = Some(identities);
                UnitInput::Parsed(Box::new(unit))
            }
        })
        .collect();
    let resolution = resolve_crates(workspace, crates, inputs, allocator, known_externals);
    BuiltParts {
        resolution,
        parse_ids,
        parse_time,
        resolve_time: started.elapsed(),
    }
}

/// The running executable's path, size and modification time.
fn executable_identity() -> Option<String> {
    let path = std::env::current_exe().ok()?;
    let metadata = std::fs::metadata(&path).ok()?;
    let modified = metadata
        .modified()
        .ok()?
        .duration_since(UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(format!("{} {} {modified}", path.display(), metadata.len()))
}

/// Fingerprints of everything besides file contents that shapes the
/// graph: `(all of it, its structure)`. Both cover the tool and schema
/// versions, the options, the crate targets and the dependency edges; the
/// first also every crate's root file, edition and features, which an
/// incremental run handles crate by crate
/// ([`incremental::crate_fingerprints`]).
fn inputs_fingerprints(workspace: &Workspace, options: &IndexOptions) -> (String, String) {
    let mut structure = blake3::Hasher::new();
    let mut part = |text: &str| {
        structure.update(&(text.len() as u64).to_le_bytes());
        structure.update(text.as_bytes());
    };
    part(env!("CARGO_PKG_VERSION"));
    part(crate::store::SCHEMA_VERSION);
    // The indexer's own code is an input too: a rebuilt tool of the same
    // version may index differently. The running executable's size and
    // modification time tell a rebuilt one (the CLI and build scripts
    // alike); hashing its bytes told it too, but a release build is ~200 MB
    // and reading and hashing it took 0.1-0.4 s of every run, most of a
    // run with nothing to do.
    part(&executable_identity().unwrap_or_default());
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
        part(if krate.indexed { "indexed" } else { "named" });
    }
    for dep in &workspace.crate_deps {
        part(&format!(
            "{} {} {} {} {}",
            dep.from, dep.to, dep.kind, dep.rename, dep.optional
        ));
    }
    let mut everything = structure.clone();
    for krate in &workspace.crates {
        for text in [
            krate.edition.as_str(),
            &krate.unit.root_file.to_string_lossy(),
            &krate.features.join(","),
        ] {
            everything.update(&(text.len() as u64).to_le_bytes());
            everything.update(text.as_bytes());
        }
    }
    (
        crate::ids::hex(everything.finalize().as_bytes()),
        crate::ids::hex(structure.finalize().as_bytes()),
    )
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
    // The `file` relation records a file a `mod` looked for and did not
    // find with an empty hash.
    let all_same = files.par_iter().all(|(file, hash)| {
        incremental::file_is_as_recorded(file, Some(hash.as_str()).filter(|h| !h.is_empty()))
    });
    all_same.then(|| {
        files
            .into_iter()
            .filter(|(_, hash)| !hash.is_empty())
            .map(|(file, _)| file)
            .collect()
    })
}

/// The `meta` rows a run writes: the options, the inputs fingerprint (the
/// no-op check's) and the generation the saved state will carry.
fn written_meta(
    workspace: &Workspace,
    options: &IndexOptions,
    fingerprint: &str,
    generation: Uuid,
) -> Vec<(String, String)> {
    let mut meta = meta_rows(workspace, options);
    meta.push(("inputs_fingerprint".to_string(), fingerprint.to_string()));
    meta.push(("state_generation".to_string(), generation.to_string()));
    meta
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
fn live_content_hashes<'a>(graphs: impl Iterator<Item = &'a UnitGraph>) -> HashSet<String> {
    graphs
        .flat_map(|graph| graph.nodes.iter())
        .map(|node| crate::ids::hex(&node.content_hash))
        .collect()
}
