//! `cargo codegraph index`.

use std::process::ExitCode;

use anyhow::Result;
use codegraph_core::discover::DiscoverOptions;
use codegraph_core::index::{index, IndexOptions, IndexSummary};
use codegraph_core::model::Severity;

use crate::args::{GlobalArgs, IndexArgs};
use crate::progress::{progress_visible, IndexProgress};

/// How many diagnostics the summary lists before pointing at the query.
const DIAGNOSTICS_SHOWN: usize = 10;

pub fn run(global: &GlobalArgs, args: IndexArgs) -> Result<ExitCode> {
    let features = args
        .features
        .iter()
        .flat_map(|list| list.split([',', ' ']))
        .filter(|feature| !feature.is_empty())
        .map(str::to_string)
        .collect();
    let (embed, embedding, no_wait) = (args.embed, args.embedding.clone(), args.no_wait);
    let options = IndexOptions {
        discover: DiscoverOptions {
            manifest_path: global.manifest_path.clone(),
            packages: args.packages,
            features,
            all_features: args.all_features,
            no_default_features: args.no_default_features,
            deps: args.deps,
            all_targets: args.all_targets,
        },
        target_dir: global.target_dir.clone(),
        full: args.full,
        no_wait: args.no_wait,
    };
    let progress = IndexProgress::new(progress_visible(global));
    let result = index(&options, &progress);
    progress.finish();
    let summary = result?;
    if !global.quiet {
        report(&summary, global.verbose);
    }
    if embed {
        let target_dir = summary
            .index_path
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        super::embed::embed_target(global, &embedding, &target_dir, no_wait)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn report(summary: &IndexSummary, verbose: bool) {
    if summary.up_to_date {
        eprintln!(
            "index is up to date: {} crates, {} files unchanged ({:.2}s; --full rebuilds) → {}",
            summary.crates,
            summary.files,
            summary.timings.total().as_secs_f64(),
            summary.index_path.display()
        );
        return;
    }
    for diagnostic in summary.diagnostics.iter().take(DIAGNOSTICS_SHOWN) {
        let level = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        eprintln!(
            "{level}[{}]: {}:{}:{}: {}",
            diagnostic.code, diagnostic.file, diagnostic.line, diagnostic.col, diagnostic.message
        );
    }
    if summary.diagnostics.len() > DIAGNOSTICS_SHOWN {
        eprintln!(
            "… and {} more: cargo codegraph query '?[file, line, code, message] := *diagnostic{{file, line, code, message}}'",
            summary.diagnostics.len() - DIAGNOSTICS_SHOWN
        );
    }
    let timings = &summary.timings;
    if let Some(incremental) = &summary.incremental {
        eprintln!(
            "re-indexed {} of {} crates ({}; {} reused): {} files, {} lines, {} nodes, {} edges, {} diagnostics; {} rows changed in {:.2}s → {}",
            incremental.redone.len(),
            summary.crates,
            incremental.redone.join(", "),
            incremental.reused,
            summary.files,
            summary.lines,
            summary.nodes,
            summary.edges,
            summary.diagnostics.len(),
            summary.store.changed_rows,
            timings.total().as_secs_f64(),
            summary.index_path.display()
        );
    } else {
        eprintln!(
            "indexed {} crates, {} files, {} lines: {} nodes, {} edges, {} diagnostics in {:.2}s → {}",
        summary.crates,
        summary.files,
        summary.lines,
        summary.nodes,
        summary.edges,
        summary.diagnostics.len(),
            timings.total().as_secs_f64(),
            summary.index_path.display()
        );
    }
    if verbose {
        let store = &summary.store;
        eprintln!(
            "phases: metadata {:.3}s, parse {:.3}s, resolve {:.3}s, store {:.3}s (rows {:.3}s, import {:.3}s, write {:.3}s; {} rows, {:.1} µs/row, {} bytes)",
            timings.metadata.as_secs_f64(),
            timings.parse.as_secs_f64(),
            timings.resolve.as_secs_f64(),
            timings.store.as_secs_f64(),
            store.build_rows.as_secs_f64(),
            store.import.as_secs_f64(),
            store.backup.as_secs_f64(),
            store.rows,
            timings.store.as_secs_f64() * 1e6 / store.rows.max(1) as f64,
            store.bytes
        );
    }
}
