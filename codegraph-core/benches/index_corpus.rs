//! Benchmark: index a real workspace (with `--deps`) and compare against the
//! raw parallel `syn::parse_file` time of exactly the same files, measured
//! in the same run. Prints the workload, per-phase medians, the ratio, the
//! store's cost per row, peak RSS and the index size.
//!
//! cargo bench -p codegraph-core --bench index_corpus -- --manifest-path PATH [--runs N] [--check]
//! (`--check` also times one rule of every built-in kind on the index, once each.)
//! (`scripts/bench-corpus` prepares a copy of ../shared/corpus/public and runs this.)

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use codegraph_core::discover::{discover, DiscoverOptions};
use codegraph_core::index::{build_graph, index, IndexOptions, Silent};
use codegraph_core::source::{FsLoader, SourceLoader};
use rayon::prelude::*;

// Same allocator as the cargo-codegraph binary, so the figures match it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Records every file the indexer reads, so the raw parse reads the same.
struct RecordingLoader {
    seen: Mutex<Vec<PathBuf>>,
}

impl SourceLoader for RecordingLoader {
    fn load(&self, path: &Path) -> std::io::Result<String> {
        let text = FsLoader.load(path)?;
        self.seen
            .lock()
            .expect("not poisoned")
            .push(path.to_path_buf());
        Ok(text)
    }
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn secs(duration: Duration) -> String {
    format!("{:.3}s", duration.as_secs_f64())
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

fn raw_parse(files: &[PathBuf]) -> (Duration, usize) {
    let started = Instant::now();
    let failures = files
        .par_iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let failed = syn::parse_file(&text).is_err();
            proc_macro2::extra::invalidate_current_thread_spans();
            failed
        })
        .count();
    (started.elapsed(), failures)
}

fn main() {
    let mut manifest_path = None;
    let mut runs = 5usize;
    let mut with_check = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--manifest-path" => manifest_path = args.next().map(PathBuf::from),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).unwrap_or(runs),
            "--check" => with_check = true,
            _ => {} // cargo bench passes `--bench`
        }
    }
    let Some(manifest_path) = manifest_path else {
        eprintln!("usage: index_corpus --manifest-path PATH/Cargo.toml [--runs N]");
        std::process::exit(2);
    };
    let options = DiscoverOptions {
        manifest_path: Some(manifest_path),
        deps: true,
        ..Default::default()
    };
    let scratch = tempfile::tempdir().expect("temp dir");

    // Warm-up: one full pass so both sides read from the page cache.
    let recorder = RecordingLoader {
        seen: Mutex::new(Vec::new()),
    };
    let workspace = discover(&options).expect("discover");
    let built = build_graph(&workspace, &recorder, &Silent);
    let mut files = recorder.seen.into_inner().expect("not poisoned");
    files.sort();
    files.dedup();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map(|m| m.len()).unwrap_or(0))
        .sum();
    let mut by_kind: std::collections::BTreeMap<(&str, &str), usize> =
        std::collections::BTreeMap::new();
    for edge in &built.graph.edges {
        *by_kind
            .entry((edge.kind.as_str(), edge.provenance.as_str()))
            .or_default() += 1;
    }
    let contains = by_kind.get(&("contains", "exact")).copied().unwrap_or(0);
    println!(
        "workload: {} crates, {} files ({:.1} MB), {} lines -> {} nodes, {} edges ({} contains), {} diagnostics",
        workspace.indexed_crates().count(),
        files.len(),
        bytes as f64 / 1e6,
        built.graph.lines,
        built.graph.nodes.len(),
        built.graph.edges.len(),
        contains,
        built.graph.diagnostics.len()
    );
    let kinds: Vec<String> = by_kind
        .iter()
        .map(|((kind, provenance), n)| format!("{kind}/{provenance} {n}"))
        .collect();
    println!("edges by kind/provenance: {}", kinds.join(", "));
    println!("unresolved: {}", built.graph.unresolved.len());
    drop(built);

    let (mut raw, mut total, mut metadata, mut parse, mut resolve, mut store) = (
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
        Vec::new(),
    );
    let (mut ratios, mut rows, mut db_bytes, mut raw_failures) = (Vec::new(), 0, 0, 0);
    let (mut no_ops, mut edits, mut edit_parts) = (Vec::new(), Vec::new(), Vec::new());
    let mut store_parts = Vec::new();
    let edited_file = workspace
        .crates
        .iter()
        .find(|krate| krate.is_member)
        .map(|krate| krate.unit.root_file.clone())
        .expect("a workspace member");
    let original = std::fs::read_to_string(&edited_file).expect("member root file");
    let mut index_options = IndexOptions {
        discover: options.clone(),
        target_dir: Some(scratch.path().to_path_buf()),
        full: true,
        no_wait: false,
    };
    for run in 0..runs {
        let (raw_time, failures) = raw_parse(&files);
        raw_failures = failures;
        raw.push(raw_time);

        index_options.full = true;
        let started = Instant::now();
        let summary = index(&index_options, &Silent).expect("cold index");
        let total_time = started.elapsed();
        rows = summary.store.rows;
        db_bytes = summary.store.bytes;
        metadata.push(summary.timings.metadata);
        parse.push(summary.timings.parse);
        resolve.push(summary.timings.resolve);
        store.push(summary.timings.store);
        store_parts.push(summary.store);
        total.push(total_time);
        ratios.push(total_time.as_secs_f64() / raw_time.as_secs_f64());

        // Nothing changed.
        index_options.full = false;
        let started = Instant::now();
        let summary = index(&index_options, &Silent).expect("no-op index");
        assert!(
            summary.up_to_date,
            "a re-index with no change must be a no-op"
        );
        no_ops.push(started.elapsed());

        // One file of a member crate changed.
        std::fs::write(
            &edited_file,
            format!("{original}\n/// Added by the benchmark.\npub fn bench_edit_{run}() -> usize {{ {run} }}\n"),
        )
        .expect("edit");
        let started = Instant::now();
        let summary = index(&index_options, &Silent).expect("edit index");
        edits.push(started.elapsed());
        assert!(!summary.up_to_date);
        let redone = summary
            .incremental
            .as_ref()
            .expect("an edit of one member file is indexed incrementally");
        edit_parts.push((
            summary.timings.clone(),
            redone.redone.len(),
            summary.store.changed_rows,
        ));
        std::fs::write(&edited_file, &original).expect("restore");
    }
    ratios.sort_by(f64::total_cmp);
    let store_median = median(store.clone());
    let cold = median(total.clone());
    let part = |pick: fn(&codegraph_core::store::StoreStats) -> Duration| {
        median(store_parts.iter().map(pick).collect())
    };
    println!(
        "runs: {runs} (medians below; threads: {})",
        rayon::current_num_threads()
    );
    println!(
        "raw parallel read+syn::parse_file: {} ({} files fail to parse as whole files)",
        secs(median(raw.clone())),
        raw_failures
    );
    println!(
        "index cold: {}  = metadata+lock+fingerprint {} + parse {} + resolve {} + store {}",
        secs(cold),
        secs(median(metadata)),
        secs(median(parse)),
        secs(median(resolve)),
        secs(store_median)
    );
    println!(
        "store: {} rows, {:.2} µs/row (rows built, encoded and sorted {}, the page writer beside them and done {} later, the next run's state saved meanwhile), index size {:.1} MB",
        rows,
        store_median.as_secs_f64() * 1e6 / rows.max(1) as f64,
        secs(part(|s| s.import)),
        secs(part(|s| s.backup)),
        db_bytes as f64 / 1e6
    );
    println!(
        "ratio index/raw-parse: median {:.2} (min {:.2}, max {:.2})",
        ratios[ratios.len() / 2],
        ratios[0],
        ratios[ratios.len() - 1]
    );
    let no_op = median(no_ops);
    let edit = median(edits);
    println!(
        "re-index, nothing changed: {} ({:.1}% of cold); one member file edited: {} ({:.1}% of cold)",
        secs(no_op),
        100.0 * no_op.as_secs_f64() / cold.as_secs_f64(),
        secs(edit),
        100.0 * edit.as_secs_f64() / cold.as_secs_f64()
    );
    let edit_phase = |pick: fn(&codegraph_core::index::PhaseTimings) -> Duration| {
        secs(median(edit_parts.iter().map(|(t, _, _)| pick(t)).collect()))
    };
    let (_, redone, changed) = &edit_parts[edit_parts.len() / 2];
    println!(
        "edit re-index: plan (metadata, state, file hashes) {} + parse {} + resolve {} + store {}; {} crate(s) redone, {} rows written",
        edit_phase(|t| t.metadata),
        edit_phase(|t| t.parse),
        edit_phase(|t| t.resolve),
        edit_phase(|t| t.store),
        redone,
        changed
    );
    let size = |path: std::path::PathBuf| -> u64 {
        match std::fs::read_dir(&path) {
            Ok(entries) => entries
                .flatten()
                .filter_map(|e| e.metadata().ok())
                .map(|m| m.len())
                .sum(),
            Err(_) => std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0),
        }
    };
    println!(
        "incremental state: {:.1} MB (codegraph.state) + {:.1} MB (codegraph.digests)",
        size(scratch.path().join("codegraph.state")) as f64 / 1e6,
        size(scratch.path().join("codegraph.digests")) as f64 / 1e6
    );
    println!("peak RSS: {:.0} MB", peak_rss_kib() as f64 / 1024.0);

    if with_check {
        check_rules(&workspace, &index_options);
    }
}

/// `cargo codegraph check` on the same index: one rule of every built-in
/// kind over every indexed crate (layers alternate between crates, so the
/// layers rule sees every cross-crate edge), each rule timed on its own.
fn check_rules(workspace: &codegraph_core::discover::Workspace, options: &IndexOptions) {
    let summary = index(options, &Silent).expect("index for check");
    let db = codegraph_core::store::IndexDb::open(&summary.index_path).expect("open index");
    let mut names: Vec<&str> = workspace
        .indexed_crates()
        .map(|c| c.name.as_str())
        .collect();
    names.sort();
    names.dedup();
    let mut config = String::from("[annotate]\n");
    for (i, name) in names.iter().enumerate() {
        let layer = ["low", "mid", "high"][i % 3];
        config.push_str(&format!("\"{name}::**\" = {{ layer = \"{layer}\" }}\n"));
    }
    config.push_str(
        r#"
[[rule]]
id = "layers"
kind = "layers"
layers = ["low", "mid", "high"]
[[rule]]
id = "forbid"
kind = "forbid"
from = "**"
to = "std::process::**"
[[rule]]
id = "require"
kind = "require"
on = "**"
kinds = ["function", "method"]
vis = "pub"
[[rule]]
id = "module-cycles"
kind = "no-cycles"
[[rule]]
id = "crate-cycles"
kind = "no-cycles"
among = "crates"
"#,
    );
    let config = codegraph_core::check::config::parse(Path::new("codegraph.toml"), &config)
        .expect("benchmark config");
    let mut lines = Vec::new();
    let mut total = Duration::ZERO;
    for rule in &config.rules {
        // Once each: some rules take minutes on a graph this size.
        let started = Instant::now();
        let found = codegraph_core::check::run(&db, &config, std::slice::from_ref(&rule.id))
            .expect("rule runs")
            .len();
        let time = started.elapsed();
        total += time;
        lines.push(format!("{} {} ({found} violations)", rule.id, secs(time)));
    }
    println!(
        "check, {} rules: {} = {}",
        config.rules.len(),
        secs(total),
        lines.join(", ")
    );
}
