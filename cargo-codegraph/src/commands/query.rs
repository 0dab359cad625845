//! `cargo codegraph query` (CozoScript and named queries) and `stats`.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use codegraph_core::query::{self as named, param_value, Direction};
use codegraph_core::store::IndexDb;
use cozo::{DataValue, NamedRows};
use serde_json::json;

use super::open_index;
use crate::args::{
    CallGraphArgs, Format, GlobalArgs, IndexLocation, NamedQuery, QueryArgs, StatsArgs,
};
use crate::output::write_rows;

pub fn run(global: &GlobalArgs, args: QueryArgs) -> Result<ExitCode> {
    let format = args.output.format;
    let location = IndexLocation::from(args.location);
    let Some(named) = args.named else {
        let script = match (&args.script, &args.file) {
            (Some(script), _) => script.clone(),
            (None, Some(file)) => std::fs::read_to_string(file)
                .with_context(|| format!("cannot read {}", file.display()))?,
            (None, None) => {
                bail!("give a CozoScript query, -f FILE, or a named query (defs, members, …)")
            }
        };
        let params = parse_params(&args.params)?;
        let index = open_index(global, &location)?;
        let rows = index.run(&script, params, args.write)?;
        return print(&rows, format);
    };
    // Clap takes a word before the named query's name as the script.
    if let Some(script) = &args.script {
        bail!("`{script}`: give either a CozoScript query or a named query, not both");
    }
    if args.file.is_some() || !args.params.is_empty() || args.write {
        bail!("-f, --param and --write are for CozoScript queries, not named ones");
    }
    let index = open_index(global, &location)?;
    let rows = match named {
        NamedQuery::Defs { pattern, kinds } => named::defs(&index, &pattern, &kinds)?,
        NamedQuery::Members { path } => named::members(&index, &path)?,
        NamedQuery::Callers(args) => call_graph(&index, args, Direction::Callers)?,
        NamedQuery::Callees(args) => call_graph(&index, args, Direction::Callees)?,
        NamedQuery::Impls { path } => named::impls(&index, &named::find_target(&index, &path)?)?,
        NamedQuery::Refs { path } => named::refs(&index, &named::find_target(&index, &path)?)?,
        NamedQuery::Path { from, to } => {
            let from = named::find_target(&index, &from)?;
            let to = named::find_target(&index, &to)?;
            named::call_path(&index, &from, &to)?
        }
        NamedQuery::Paths { path } => {
            named::naming_paths(&index, &named::find_target(&index, &path)?)?
        }
        NamedQuery::Deps => named::deps(&index)?,
        NamedQuery::Unresolved { crate_name } => named::unresolved(&index, crate_name.as_deref())?,
    };
    print(&rows, format)
}

/// Effectively unbounded: a call chain longer than this is not a chain.
const TRANSITIVE_DEPTH: u32 = 10_000;

fn call_graph(index: &IndexDb, args: CallGraphArgs, direction: Direction) -> Result<NamedRows> {
    let target = named::find_target(index, &args.path)?;
    let depth = if args.transitive {
        TRANSITIVE_DEPTH
    } else {
        args.depth.max(1)
    };
    Ok(named::call_graph(
        index,
        &target,
        direction,
        depth,
        !args.no_heuristic,
    )?)
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
