//! `cargo codegraph embed` and `index --embed`: load the model, embed what
//! has no vector yet, report what was reused and what was done.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use codegraph_core::discover;
use codegraph_core::embed::{
    embed_index, load_encoder, EmbedOptions, EmbedSummary, Encoder, ModelSpec,
};
use codegraph_core::model::NodeKind;
use codegraph_core::store::index_path;

use crate::args::{EmbedArgs, EmbedCommandArgs, GlobalArgs, ModelArgs};
use crate::progress::{progress_visible, EmbedProgress};

pub fn run(global: &GlobalArgs, args: EmbedCommandArgs) -> Result<ExitCode> {
    let target_dir = match &global.target_dir {
        Some(dir) => dir.clone(),
        None => discover::target_dir(global.manifest_path.as_deref())?,
    };
    embed_target(global, &args.embed, &target_dir, args.no_wait)?;
    Ok(ExitCode::SUCCESS)
}

/// Embeds into the index of `target_dir`.
pub fn embed_target(
    global: &GlobalArgs,
    args: &EmbedArgs,
    target_dir: &Path,
    no_wait: bool,
) -> Result<EmbedSummary> {
    let path = index_path(target_dir);
    if !path.is_file() {
        // Checked before loading the model, which takes a while.
        return Err(codegraph_core::error::Error::NoIndex(path).into());
    }
    let encoder = load_model(&args.model)?;
    let options = EmbedOptions {
        kinds: kinds(&args.kinds)?,
        include_deps: args.embed_deps,
        batch_size: args.batch_size,
        no_wait,
    };
    let progress = EmbedProgress::new(progress_visible(global));
    let result = embed_index(&path, target_dir, &encoder, &options, &progress);
    progress.finish();
    let summary = result?;
    if !global.quiet {
        report(&summary, global.verbose);
    }
    Ok(summary)
}

pub fn model_spec(args: &ModelArgs) -> Result<ModelSpec> {
    Ok(match &args.model_path {
        Some(dir) => ModelSpec::Local(dir.clone()),
        None => ModelSpec::hub(&args.model)?,
    })
}

pub fn load_model(args: &ModelArgs) -> Result<Encoder> {
    let spec = model_spec(args)?;
    load_encoder(&spec).context("cannot load the embedding model")
}

/// Kind names, checked: a typo would otherwise select nothing, silently.
pub fn kinds(values: &[String]) -> Result<Vec<String>> {
    let kinds = split_list(values);
    for kind in &kinds {
        if NodeKind::parse(kind).is_none() {
            let known: Vec<&str> = NodeKind::ALL.iter().map(|k| k.as_str()).collect();
            anyhow::bail!("unknown kind `{kind}` (kinds: {})", known.join(", "));
        }
    }
    Ok(kinds)
}

/// `a,b` and repeated flags alike.
pub fn split_list(values: &[String]) -> Vec<String> {
    values
        .iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_string)
        .collect()
}

fn report(summary: &EmbedSummary, verbose: bool) {
    let encode = &summary.encode;
    let rate = summary.embedded as f64 / encode.model.as_secs_f64().max(1e-9);
    eprintln!(
        "embedded {} items ({} already had vectors, {} items selected) with {} in {:.2}s{}",
        summary.embedded,
        summary.cached,
        summary.items,
        summary.model_id,
        summary.total.as_secs_f64(),
        if summary.embedded > 0 {
            format!(" ({rate:.1} items/s)")
        } else {
            String::new()
        }
    );
    if !summary.stale_files.is_empty() {
        eprintln!(
            "warning: {} files changed since the index was built; their items were not embedded: run `cargo codegraph index --embed` (first: {})",
            summary.stale_files.len(),
            summary.stale_files[0]
        );
    }
    if verbose {
        eprintln!(
            "phases: plan {:.3}s, tokenize {:.3}s, model {:.3}s, write {:.3}s; {} tokens, padding ratio {:.2}; model {} rev {} ({} dims, {} pooling, {} tokens max)",
            summary.plan_time.as_secs_f64(),
            encode.tokenize.as_secs_f64(),
            encode.model.as_secs_f64(),
            summary.write_time.as_secs_f64(),
            encode.tokens,
            encode.padding_ratio(),
            summary.model.name,
            summary.model.revision,
            summary.model.dims,
            summary.model.pooling.as_str(),
            summary.model.max_tokens,
        );
    }
}
