//! `cargo codegraph check`: refreshes the index, evaluates the rules of
//! codegraph.toml and prints violations like rustc. Exit codes: 0 no error
//! violations, 1 error violations, 2 the tool or the config failed.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context, Result};
use codegraph_core::check::config::{self, Severity};
use codegraph_core::check::{self, Violation};
use codegraph_core::discover::{self, DiscoverOptions};
use codegraph_core::index::{index, IndexOptions, Silent};
use codegraph_core::store::{index_path, IndexDb};
use serde_json::json;

use crate::args::{CheckArgs, CheckFormat, GlobalArgs};

/// Violations of severity error exist.
const EXIT_VIOLATIONS: u8 = 1;

pub fn run(global: &GlobalArgs, args: CheckArgs) -> Result<ExitCode> {
    let (root, cargo_target) = discover::locate(global.manifest_path.as_deref())?;
    let target_dir = global.target_dir.clone().unwrap_or(cargo_target);
    let config_path = args
        .config
        .clone()
        .unwrap_or_else(|| root.join("codegraph.toml"));
    let rules = config::load(&config_path)
        .with_context(|| format!("cannot use the rules in {}", config_path.display()))?;

    // Refresh with the options the index was built with (no-op if fresh).
    let path = index_path(&target_dir);
    let mut options = IndexOptions {
        discover: DiscoverOptions {
            manifest_path: global.manifest_path.clone(),
            ..DiscoverOptions::default()
        },
        target_dir: Some(target_dir),
        ..IndexOptions::default()
    };
    if let Ok(existing) = IndexDb::open(&path) {
        apply_recorded_options(&existing, &mut options.discover);
    }
    index(&options, &Silent)?;
    let db = IndexDb::open(&path)?;

    let violations = check::run(&db, &rules, &args.rules)?;
    match args.format {
        CheckFormat::Human => print_human(&violations, rules.rules.len()),
        CheckFormat::Json => print_json(&violations)?,
    }
    let errors = violations.iter().any(|v| v.severity == Severity::Error);
    Ok(if errors {
        ExitCode::from(EXIT_VIOLATIONS)
    } else {
        ExitCode::SUCCESS
    })
}

fn apply_recorded_options(db: &IndexDb, options: &mut DiscoverOptions) {
    let Ok(rows) = db.run("?[key, value] := *meta{key, value}", BTreeMap::new(), false) else {
        return;
    };
    let meta: BTreeMap<String, String> = rows
        .rows
        .iter()
        .filter_map(|row| Some((row[0].get_str()?.to_string(), row[1].get_str()?.to_string())))
        .collect();
    let list = |key: &str| -> Vec<String> {
        meta.get(key)
            .map(|v| {
                v.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let flag = |key: &str| meta.get(key).is_some_and(|v| v == "true");
    options.packages = list("packages");
    options.features = list("features");
    options.all_features = flag("all_features");
    options.no_default_features = flag("no_default_features");
    options.deps = flag("deps");
    options.all_targets = flag("all_targets");
}

fn print_human(violations: &[Violation], rule_count: usize) {
    for violation in violations {
        println!(
            "{}[{}]: {}",
            violation.severity.as_str(),
            violation.rule,
            violation.message
        );
        if violation.file.is_empty() {
            println!();
            continue;
        }
        let gutter = violation.line.to_string().len();
        println!("{:gutter$}--> {}:{}", "", violation.file, violation.line);
        if let Some(source) = &violation.source {
            let indent = source.len() - source.trim_start().len();
            let width = source.trim().chars().count().max(1);
            println!("{:gutter$} |", "");
            println!("{} | {source}", violation.line);
            println!(
                "{:gutter$} | {}{}",
                "",
                " ".repeat(indent),
                "^".repeat(width)
            );
        }
        println!();
    }
    let count = |severity| violations.iter().filter(|v| v.severity == severity).count();
    println!(
        "check: {} errors, {} warnings, {} notes ({rule_count} rules)",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note)
    );
}

fn print_json(violations: &[Violation]) -> Result<()> {
    let rows: Vec<serde_json::Value> = violations
        .iter()
        .map(|v| {
            json!({
                "rule": v.rule,
                "severity": v.severity.as_str(),
                "message": v.message,
                "node": v.node,
                "path": v.path,
                "file": v.file,
                "line": v.line,
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&json!({ "violations": rows }))?
    );
    Ok(())
}
