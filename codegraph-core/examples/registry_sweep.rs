//! Robustness sweep: runs every crate in a directory of crate sources
//! (default: the cargo registry) through the whole pipeline, each on its own
//! (no dependencies): parse, resolve and store into a throwaway index, which
//! is then read back. Reports panics and failed stores (both must be zero),
//! files that fail to parse and why, and totals.
//!
//! cargo run --release -p codegraph-core --example registry_sweep [-- DIR…]

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::Instant;

use cargo_metadata::MetadataCommand;
use codegraph_core::discover::{plan, DiscoverOptions, Workspace};
use codegraph_core::index::{build_graph, Silent};
use codegraph_core::model::UnitGraph;
use codegraph_core::source::FsLoader;
use codegraph_core::store::{write_index, IndexDb, Snapshot};

fn registry_dirs() -> Vec<PathBuf> {
    let home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    let mut dirs = Vec::new();
    if let Ok(registries) = std::fs::read_dir(home.join("registry/src")) {
        for registry in registries.flatten() {
            if let Ok(crates) = std::fs::read_dir(registry.path()) {
                dirs.extend(crates.flatten().map(|c| c.path()));
            }
        }
    }
    dirs.sort();
    dirs
}

fn main() {
    let verbose = std::env::args().any(|a| a == "--verbose");
    let args: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    let crate_dirs = if args.is_empty() {
        registry_dirs()
    } else {
        args
    };
    let started = Instant::now();
    let (mut crates, mut units, mut files, mut lines, mut nodes, mut edges) =
        (0usize, 0usize, 0usize, 0u64, 0usize, 0usize);
    let scratch = std::env::temp_dir().join(format!("codegraph-sweep-{}", std::process::id()));
    let mut store_failures = Vec::new();
    let mut panics = Vec::new();
    let mut metadata_failures = Vec::new();
    let mut diagnostics_by_code: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut parse_failures: Vec<String> = Vec::new();
    for dir in &crate_dirs {
        let manifest = dir.join("Cargo.toml");
        if !manifest.is_file() {
            continue;
        }
        crates += 1;
        let metadata = MetadataCommand::new()
            .manifest_path(&manifest)
            .no_deps()
            .other_options(vec!["--offline".to_string()])
            .exec();
        let metadata = match metadata {
            Ok(metadata) => metadata,
            Err(error) => {
                metadata_failures.push(format!(
                    "{}: {}",
                    dir.display(),
                    error.to_string().lines().next().unwrap_or("")
                ));
                continue;
            }
        };
        let workspace = match plan(&metadata, &DiscoverOptions::default()) {
            Ok(workspace) => workspace,
            Err(error) => {
                metadata_failures.push(format!("{}: {error}", dir.display()));
                continue;
            }
        };
        units += workspace.indexed_crates().count();
        let result = catch_unwind(AssertUnwindSafe(|| {
            let built = build_graph(&workspace, &FsLoader, &Silent);
            let stored = store_and_read_back(&workspace, &built.graph, &scratch);
            (built.graph, stored)
        }));
        let (graph, stored) = match result {
            Ok(done) => done,
            Err(_) => {
                panics.push(dir.display().to_string());
                continue;
            }
        };
        files += graph.files.len();
        lines += graph.lines;
        nodes += graph.nodes.len();
        edges += graph.edges.len();
        match stored {
            Ok(rows) if rows == graph.nodes.len() => {}
            Ok(rows) => store_failures.push(format!(
                "{}: {rows} node rows read back, {} built",
                dir.display(),
                graph.nodes.len()
            )),
            Err(error) => store_failures.push(format!("{}: {error}", dir.display())),
        }
        for diagnostic in &graph.diagnostics {
            *diagnostics_by_code.entry(diagnostic.code).or_default() += 1;
            if diagnostic.code != "file-reached-twice" || verbose {
                parse_failures.push(format!(
                    "{} {}:{}:{}: [{}] {}",
                    dir.file_name().unwrap_or_default().to_string_lossy(),
                    diagnostic.file,
                    diagnostic.line,
                    diagnostic.col,
                    diagnostic.code,
                    diagnostic.message
                ));
            }
        }
    }
    println!(
        "swept {crates} crates ({units} targets): {files} files, {lines} lines, {nodes} nodes, {edges} edges in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    println!("panics: {}", panics.len());
    for panic in &panics {
        println!("  PANIC {panic}");
    }
    println!("failed stores: {}", store_failures.len());
    for failure in &store_failures {
        println!("  STORE {failure}");
    }
    println!(
        "cargo metadata failures (crate skipped): {}",
        metadata_failures.len()
    );
    for failure in metadata_failures.iter().take(10) {
        println!("  {failure}");
    }
    println!("diagnostics by code: {diagnostics_by_code:?}");
    println!(
        "diagnostics other than file-reached-twice (all with --verbose): {}",
        parse_failures.len()
    );
    for failure in &parse_failures {
        println!("  {failure}");
    }
    // The index and the lock files beside it.
    for leftover in [scratch.clone(), scratch.with_extension("commit.lock")] {
        let _ = std::fs::remove_file(leftover);
    }
    if !panics.is_empty() || !store_failures.is_empty() {
        std::process::exit(1);
    }
}

/// Stores `graph` as the whole index at `path`, opens it again and counts
/// its node rows.
fn store_and_read_back(
    workspace: &Workspace,
    graph: &UnitGraph,
    path: &Path,
) -> Result<usize, String> {
    let mut id_of = vec![uuid::Uuid::nil(); graph.nodes.len()];
    for node in &graph.nodes {
        let slot = node.idx.0 as usize;
        if slot >= id_of.len() {
            id_of.resize(slot + 1, uuid::Uuid::nil());
        }
        id_of[slot] = node.id;
    }
    let snapshot = Snapshot {
        meta: Vec::new(),
        crates: &workspace.crates,
        crate_deps: &workspace.crate_deps,
        parts: vec![graph],
        id_of: &id_of,
        carried: BTreeMap::new(),
    };
    write_index(path, &snapshot).map_err(|error| error.to_string())?;
    let db = IndexDb::open(path).map_err(|error| error.to_string())?;
    let counted = db
        .run("?[count(id)] := *node{id}", Default::default(), false)
        .map_err(|error| error.to_string())?;
    counted
        .rows
        .first()
        .and_then(|row| row.first())
        .and_then(|count| count.get_int())
        .map(|count| count as usize)
        .ok_or_else(|| "no count came back".to_string())
}
