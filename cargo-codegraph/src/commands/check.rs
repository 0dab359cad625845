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

    let mut violations = check::run(&db, &rules, &args.rules)?;
    if let Some(path) = &args.write_baseline {
        write_baseline(path, &violations)?;
        eprintln!(
            "check: recorded {} violations in {}",
            violations.len(),
            path.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut baselined = 0;
    if let Some(path) = &args.baseline {
        let known = read_baseline(path)?;
        let before = violations.len();
        violations.retain(|v| !known.contains(&v.fingerprint));
        baselined = before - violations.len();
    }
    match args.format {
        CheckFormat::Human => print_human(&violations, rules.rules.len(), baselined),
        CheckFormat::Json => print_json(&violations)?,
        CheckFormat::Sarif => print_sarif(&violations, &rules)?,
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

/// Format of baseline files (`--write-baseline`, `--baseline`).
const BASELINE_VERSION: u64 = 1;

fn write_baseline(path: &std::path::Path, violations: &[Violation]) -> Result<()> {
    let entries: Vec<serde_json::Value> = violations
        .iter()
        .map(|v| json!({ "fingerprint": v.fingerprint, "rule": v.rule, "path": v.path, "message": v.message }))
        .collect();
    let body = json!({ "version": BASELINE_VERSION, "violations": entries });
    std::fs::write(path, serde_json::to_string_pretty(&body)? + "\n")
        .with_context(|| format!("cannot write {}", path.display()))
}

fn read_baseline(path: &std::path::Path) -> Result<std::collections::HashSet<String>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the baseline {}", path.display()))?;
    let body: serde_json::Value = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a baseline (JSON)", path.display()))?;
    if body["version"].as_u64() != Some(BASELINE_VERSION) {
        anyhow::bail!(
            "{}: baseline version {} is not {BASELINE_VERSION}",
            path.display(),
            body["version"]
        );
    }
    Ok(body["violations"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v["fingerprint"].as_str().map(str::to_string))
        .collect())
}

/// SARIF 2.1.0, as GitHub code scanning accepts it: one run, the rules
/// in `tool.driver.rules`, one result per violation with a region and a
/// partial fingerprint.
fn print_sarif(violations: &[Violation], rules: &config::CheckConfig) -> Result<()> {
    let level = |severity: Severity| severity.as_str();
    let driver_rules: Vec<serde_json::Value> = rules
        .rules
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "shortDescription": { "text": rule.message.clone().unwrap_or_else(|| format!("codegraph rule {}", rule.id)) },
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = violations
        .iter()
        .map(|v| {
            let mut result = json!({
                "ruleId": v.rule,
                "level": level(v.severity),
                "message": { "text": v.message },
                "partialFingerprints": { "codegraph/v1": v.fingerprint },
            });
            if !v.file.is_empty() {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": { "uri": v.file },
                        "region": { "startLine": v.line.max(1), "startColumn": v.col.max(1) },
                    }
                }]);
            }
            result
        })
        .collect();
    let sarif = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "cargo-codegraph", "version": env!("CARGO_PKG_VERSION"), "rules": driver_rules } },
            "results": results,
        }],
    });
    println!("{}", serde_json::to_string_pretty(&sarif)?);
    Ok(())
}

fn print_human(violations: &[Violation], rule_count: usize, baselined: usize) {
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
        if violation.col > 0 {
            println!(
                "{:gutter$}--> {}:{}:{}",
                "", violation.file, violation.line, violation.col
            );
        } else {
            println!("{:gutter$}--> {}:{}", "", violation.file, violation.line);
        }
        if let Some(source) = &violation.source {
            let indent = violation.col.saturating_sub(1) as usize;
            let rest = source.chars().skip(indent).collect::<String>();
            // Without a known extent, underline the rest of the line.
            let width = match violation.width {
                0 => rest.trim_end().chars().count().max(1),
                width => width as usize,
            };
            // Tabs stay tabs so the carets line up under the code.
            let pad: String = source
                .chars()
                .take(indent)
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            println!("{:gutter$} |", "");
            println!("{} | {source}", violation.line);
            println!("{:gutter$} | {pad}{}", "", "^".repeat(width));
        }
        println!();
    }
    let count = |severity| violations.iter().filter(|v| v.severity == severity).count();
    let baselined = if baselined > 0 {
        format!("; {baselined} in the baseline")
    } else {
        String::new()
    };
    println!(
        "check: {} errors, {} warnings, {} notes ({rule_count} rules{baselined})",
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
                "col": v.col,
                "fingerprint": v.fingerprint,
            })
        })
        .collect();
    println!(
        "{}",
        serde_json::to_string_pretty(&json!({ "violations": rows }))?
    );
    Ok(())
}
