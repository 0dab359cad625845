//! `cargo codegraph search`: semantic and lexical matches, fused and ranked.

use std::process::ExitCode;

use anyhow::Result;
use codegraph_core::embed::model_id;
use codegraph_core::search::{search, QueryVector, SearchRequest, Semantic};
use cozo::{DataValue, NamedRows};

use super::embed::{kinds, load_model, split_list};
use super::open_index;
use crate::args::{Format, GlobalArgs, SearchArgs};
use crate::output::write_rows;

pub fn run(global: &GlobalArgs, args: SearchArgs) -> Result<ExitCode> {
    let db = open_index(global, &args.location)?;
    let text = args.text.join(" ");
    let query_vector = if args.lexical {
        None
    } else {
        match load_model(&args.model) {
            Ok(encoder) => Some(QueryVector {
                model_id: model_id(encoder.info()),
                vector: encoder.embed_one(&text)?,
            }),
            Err(error) => {
                eprintln!("note: {error:#}\nnote: searching names, paths and docs only");
                None
            }
        }
    };
    let request = SearchRequest {
        text,
        k: args.k,
        kinds: kinds(&args.kinds)?,
        crates: split_list(&args.crates),
    };
    let outcome = search(&db, &request, query_vector.as_ref())?;
    if !global.quiet {
        if let Semantic::NoVectors { model_id } = &outcome.semantic {
            eprintln!(
                "note: this index has no embeddings of {model_id}: lexical matches only \
                 (run `cargo codegraph embed` or `index --embed` for semantic search)"
            );
        }
    }
    let headers = [
        "rank",
        "path",
        "kind",
        "location",
        "score",
        "cosine",
        "bm25",
        "found_by",
        "signature",
        "crate",
        "id",
    ];
    let rows = outcome
        .hits
        .iter()
        .enumerate()
        .map(|(rank, hit)| {
            vec![
                DataValue::from(rank as i64 + 1),
                DataValue::from(hit.path.as_str()),
                DataValue::from(hit.kind.as_str()),
                DataValue::from(format!("{}:{}", hit.file, hit.line).as_str()),
                DataValue::from(round(hit.score)),
                hit.cosine
                    .map_or(DataValue::Null, |c| DataValue::from(round(f64::from(c)))),
                hit.bm25
                    .map_or(DataValue::Null, |b| DataValue::from(round(b))),
                DataValue::from(hit.found_by.as_str()),
                hit.signature
                    .as_deref()
                    .map_or(DataValue::Null, DataValue::from),
                DataValue::from(hit.crate_name.as_str()),
                DataValue::from(hit.id.as_str()),
            ]
        })
        .collect();
    let rows = NamedRows::new(headers.iter().map(|h| h.to_string()).collect(), rows);
    let format = if args.json {
        Format::Json
    } else {
        args.output.format
    };
    let mut stdout = std::io::stdout().lock();
    write_rows(&mut stdout, &rows, format)?;
    Ok(if outcome.hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Four decimals are plenty to read and keep JSON short.
fn round(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}
