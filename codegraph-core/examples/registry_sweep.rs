//! Robustness sweep: parses every library and binary target of every crate
//! in a directory of crate sources (default: the cargo registry) and reports
//! panics (must be zero), files that fail to parse and why, and totals.
//!
//! cargo run --release -p codegraph-core --example registry_sweep [-- DIR…]

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::Instant;

use cargo_metadata::MetadataCommand;
use codegraph_core::discover::{plan, DiscoverOptions};
use codegraph_core::ids::IdAllocator;
use codegraph_core::parse::parse_unit;
use codegraph_core::source::FsLoader;

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
    let (mut crates, mut units, mut files, mut lines, mut nodes) =
        (0usize, 0usize, 0usize, 0u64, 0usize);
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
        for krate in workspace.indexed_crates() {
            units += 1;
            let allocator = IdAllocator::new();
            let result = catch_unwind(AssertUnwindSafe(|| {
                parse_unit(&krate.unit, &FsLoader, &allocator, &|_| {})
            }));
            match result {
                Ok(unit) => {
                    files += unit.graph.files.len();
                    lines += unit.graph.lines;
                    nodes += unit.graph.nodes.len();
                    for diagnostic in &unit.graph.diagnostics {
                        *diagnostics_by_code.entry(diagnostic.code).or_default() += 1;
                        if diagnostic.code != "file-reached-twice" || verbose {
                            parse_failures.push(format!(
                                "{} {}:{}:{}: [{}] {}",
                                krate.package,
                                diagnostic.file,
                                diagnostic.line,
                                diagnostic.col,
                                diagnostic.code,
                                diagnostic.message
                            ));
                        }
                    }
                }
                Err(_) => panics.push(format!("{} ({})", dir.display(), krate.name)),
            }
        }
    }
    println!(
        "swept {crates} crates ({units} targets): {files} files, {lines} lines, {nodes} nodes in {:.1}s",
        started.elapsed().as_secs_f64()
    );
    println!("panics: {}", panics.len());
    for panic in &panics {
        println!("  PANIC {panic}");
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
    if !panics.is_empty() {
        std::process::exit(1);
    }
}
