//! `cargo codegraph query` (CozoScript and named queries) and `stats`.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use codegraph_core::query::{self as named, param_value, Direction};
use cozo::{DataValue, NamedRows};
use serde_json::json;

use super::open_index;
use crate::args::{CallGraphArgs, Format, GlobalArgs, NamedQuery, QueryArgs, StatsArgs};
use crate::output::write_rows;

pub fn run(global: &GlobalArgs, args: QueryArgs) -> Result<ExitCode> {
    match args.named {
        Some(NamedQuery::Defs {
            pattern,
            kinds,
            output,
            location,
        }) => {
            let index = open_index(global, &location)?;
            print(&named::defs(&index, &pattern, &kinds)?, output.format)
        }
        Some(NamedQuery::Members {
            path,
            output,
            location,
        }) => {
            let index = open_index(global, &location)?;
            print(&named::members(&index, &path)?, output.format)
        }
        Some(NamedQuery::Callers(args)) => call_graph(global, args, Direction::Callers),
        Some(NamedQuery::Callees(args)) => call_graph(global, args, Direction::Callees),
        Some(NamedQuery::Impls {
            path,
            output,
            location,
        }) => {
            let index = open_index(global, &location)?;
            let target = named::find_target(&index, &path)?;
            print(&named::impls(&index, &target)?, output.format)
        }
        Some(NamedQuery::Refs {
            path,
            output,
            location,
        }) => {
            let index = open_index(global, &location)?;
            let target = named::find_target(&index, &path)?;
            print(&named::refs(&index, &target)?, output.format)
        }
        Some(NamedQuery::Path {
            from,
            to,
            output,
            location,
        }) => {
            let index = open_index(global, &location)?;
            let from = named::find_target(&index, &from)?;
            let to = named::find_target(&index, &to)?;
            print(&named::call_path(&index, &from, &to)?, output.format)
        }
        Some(NamedQuery::Deps { output, location }) => {
            let index = open_index(global, &location)?;
            print(&named::deps(&index)?, output.format)
        }
        Some(NamedQuery::Unresolved {
            crate_name,
            output,
            location,
        }) => {
            let index = open_index(global, &location)?;
            print(
                &named::unresolved(&index, crate_name.as_deref())?,
                output.format,
            )
        }
        None => {
            let script = match (&args.script, &args.file) {
                (Some(script), _) => script.clone(),
                (None, Some(file)) => std::fs::read_to_string(file)
                    .with_context(|| format!("cannot read {}", file.display()))?,
                (None, None) => {
                    bail!("give a CozoScript query, -f FILE, or a named query (defs, members)")
                }
            };
            let params = parse_params(&args.params)?;
            let index = open_index(global, &args.location)?;
            let rows = index.run(&script, params, args.write)?;
            print(&rows, args.output.format)
        }
    }
}

/// Effectively unbounded: a call chain longer than this is not a chain.
const TRANSITIVE_DEPTH: u32 = 10_000;

fn call_graph(global: &GlobalArgs, args: CallGraphArgs, direction: Direction) -> Result<ExitCode> {
    let index = open_index(global, &args.location)?;
    let target = named::find_target(&index, &args.path)?;
    let depth = if args.transitive {
        TRANSITIVE_DEPTH
    } else {
        args.depth.max(1)
    };
    print(
        &named::call_graph(&index, &target, direction, depth, !args.no_heuristic)?,
        args.output.format,
    )
}

fn parse_params(raw: &[String]) -> Result<BTreeMap<String, DataValue>> {
    let mut params = BTreeMap::new();
    for item in raw {
        let Some((name, value)) = item.split_once('=') else {
            bail!("--param `{item}`: expected NAME=VALUE");
        };
        let name = name.trim().trim_start_matches('$');
        if name.is_empty() {
            bail!("--param `{item}`: the name is empty");
        }
        params.insert(name.to_string(), param_value(value));
    }
    Ok(params)
}

fn print(rows: &NamedRows, format: Format) -> Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    write_rows(&mut out, rows, format)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn stats(global: &GlobalArgs, args: StatsArgs) -> Result<ExitCode> {
    let index = open_index(global, &args.location)?;
    let stats = named::stats(&index)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let age = stats.indexed_at.map(|at| now.saturating_sub(at));
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.output.format {
        Format::Json | Format::Jsonl => {
            let totals: serde_json::Map<String, serde_json::Value> = stats
                .totals
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            let by_crate: Vec<serde_json::Value> = stats
                .by_crate
                .rows
                .iter()
                .map(|row| {
                    let object: serde_json::Map<String, serde_json::Value> = stats
                        .by_crate
                        .headers
                        .iter()
                        .cloned()
                        .zip(row.iter().map(codegraph_core::query::to_json))
                        .collect();
                    serde_json::Value::Object(object)
                })
                .collect();
            let body = json!({
                "index": index.path().display().to_string(),
                "indexed_at": stats.indexed_at,
                "age_seconds": age,
                "totals": totals,
                "by_crate": by_crate,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&body)?)?;
        }
        format => {
            writeln!(out, "index: {}", index.path().display())?;
            match age {
                Some(age) => writeln!(out, "indexed: {} ago", human_age(age))?,
                None => writeln!(out, "indexed: unknown")?,
            }
            for (name, value) in &stats.totals {
                writeln!(out, "{name}: {value}")?;
            }
            writeln!(out)?;
            write_rows(&mut out, &stats.by_crate, format)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn human_age(seconds: u64) -> String {
    match seconds {
        0..=59 => format!("{seconds}s"),
        60..=3599 => format!("{}m", seconds / 60),
        3600..=86399 => format!("{}h {}m", seconds / 3600, (seconds % 3600) / 60),
        _ => format!("{}d", seconds / 86400),
    }
}
