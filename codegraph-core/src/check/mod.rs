//! `check`: evaluates the rules of `codegraph.toml` against the index.
//! Built-in rule kinds are CozoScript files under `rules/` (data, not code
//! in the checker), filled with each rule's parameters; custom rules are
//! the user's CozoScript. Every row a rule returns is a violation, with a
//! message from the rule's template, a location and the source line.

pub mod config;

use std::collections::BTreeMap;

use cozo::{DataValue, NamedRows};

use crate::error::{Error, Result};
use crate::query::to_json;
use crate::store::IndexDb;
use config::{CheckConfig, Rule, RuleKind, Severity};

/// Built-in rule kinds: `(kind, CozoScript, default message)`.
pub const BUILTIN_RULES: &[(&str, &str, &str)] = &[
    (
        "layers",
        include_str!("../../rules/layers.cozo"),
        "{src_path} ({src_layer}) {edge} {dst_path} ({dst_layer}), a higher layer",
    ),
    (
        "forbid",
        include_str!("../../rules/forbid.cozo"),
        "{src_path} {edge} {dst_path}, which this rule forbids",
    ),
    (
        "require",
        include_str!("../../rules/require.cozo"),
        "{path} has no {require}",
    ),
    (
        "no-cycles",
        include_str!("../../rules/no_cycles.cozo"),
        "module {path} is in a dependency cycle: {cycle}",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    /// The node to blame (its id) and its path.
    pub node: String,
    pub path: String,
    pub file: String,
    pub line: u32,
    /// The text of that line, when the file could be read.
    pub source: Option<String>,
    /// Stable across unrelated edits: rule, node id and message (which
    /// names the paths involved), never line numbers.
    pub fingerprint: String,
}

/// Runs every rule (or those named in `only`).
pub fn run(index: &IndexDb, config: &CheckConfig, only: &[String]) -> Result<Vec<Violation>> {
    let mut violations = Vec::new();
    for rule in config
        .rules
        .iter()
        .filter(|rule| only.is_empty() || only.contains(&rule.id))
    {
        let rows = evaluate(index, config, rule)?;
        for row in rows.rows.iter() {
            let columns: BTreeMap<&str, &DataValue> =
                rows.headers.iter().map(String::as_str).zip(row).collect();
            violations.push(violation(index, rule, &columns)?);
        }
    }
    violations.sort_by(|a, b| {
        (&a.file, a.line, &a.rule, &a.message).cmp(&(&b.file, b.line, &b.rule, &b.message))
    });
    Ok(violations)
}

fn evaluate(index: &IndexDb, config: &CheckConfig, rule: &Rule) -> Result<NamedRows> {
    let text = |s: &str| DataValue::from(s);
    let list = |items: &[String]| DataValue::List(items.iter().map(|s| text(s)).collect());
    let (script, params) = match &rule.kind {
        RuleKind::Layers { layers } => {
            let patterns = config
                .annotate
                .iter()
                .filter(|(_, key, _)| key == "layer")
                .map(|(re, _, value)| DataValue::List(vec![text(re), text(value)]))
                .collect();
            let ranks = layers
                .iter()
                .enumerate()
                .map(|(rank, layer)| {
                    DataValue::List(vec![text(layer), DataValue::from(rank as i64)])
                })
                .collect();
            (
                builtin("layers"),
                BTreeMap::from([
                    ("patterns".to_string(), DataValue::List(patterns)),
                    ("ranks".to_string(), DataValue::List(ranks)),
                ]),
            )
        }
        RuleKind::Forbid { from, to, edges } => (
            builtin("forbid"),
            BTreeMap::from([
                ("from".to_string(), text(from)),
                ("to".to_string(), text(to)),
                ("edges".to_string(), list(edges)),
            ]),
        ),
        RuleKind::Require {
            on,
            kinds,
            vis,
            require,
        } => (
            builtin("require"),
            BTreeMap::from([
                ("on".to_string(), text(on)),
                ("kinds".to_string(), list(kinds)),
                ("vis".to_string(), text(vis)),
                ("require".to_string(), text(require)),
            ]),
        ),
        RuleKind::NoCycles { within } => (
            builtin("no-cycles"),
            BTreeMap::from([("within".to_string(), text(within))]),
        ),
        RuleKind::Query { script } => (script.as_str(), BTreeMap::new()),
    };
    index
        .run(script, params, false)
        .map_err(|error| match error {
            Error::Query(message) => Error::Config {
                file: config.path.clone(),
                line: 0,
                col: 0,
                message: format!("rule `{}`: its query fails:\n{message}", rule.id),
            },
            other => other,
        })
}

fn builtin_message(kind: &str) -> &'static str {
    BUILTIN_RULES
        .iter()
        .find(|(name, _, _)| *name == kind)
        .map(|(_, _, message)| *message)
        .unwrap_or("{path}")
}

fn builtin(kind: &str) -> &'static str {
    BUILTIN_RULES
        .iter()
        .find(|(name, _, _)| *name == kind)
        .map(|(_, script, _)| *script)
        .unwrap_or("")
}

fn default_message(rule: &Rule) -> &str {
    match &rule.kind {
        RuleKind::Layers { .. } => builtin_message("layers"),
        RuleKind::Forbid { .. } => builtin_message("forbid"),
        RuleKind::Require { .. } => builtin_message("require"),
        RuleKind::NoCycles { .. } => builtin_message("no-cycles"),
        RuleKind::Query { .. } => "{path}: {message}",
    }
}

fn violation(
    index: &IndexDb,
    rule: &Rule,
    columns: &BTreeMap<&str, &DataValue>,
) -> Result<Violation> {
    fn plain(value: &DataValue) -> String {
        match to_json(value) {
            serde_json::Value::String(s) => s,
            serde_json::Value::Null => String::new(),
            // A list (a cycle's modules) reads best as words.
            serde_json::Value::Array(items) => items
                .iter()
                .map(|item| match item {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(", "),
            other => other.to_string(),
        }
    }
    // The node to blame: `src` for edge rules, `node` for custom ones.
    let node_id = columns
        .get("src")
        .or_else(|| columns.get("node"))
        .map(|v| plain(v))
        .unwrap_or_default();
    let found = index.run(
        "?[path, file, line] := id = to_uuid($id), *node{id, path, file, line}",
        BTreeMap::from([("id".to_string(), DataValue::from(node_id.as_str()))]),
        false,
    );
    let (path, node_file, node_line) = match found {
        Ok(rows) => rows
            .rows
            .first()
            .map(|row| {
                (
                    plain(&row[0]),
                    plain(&row[1]),
                    row[2].get_int().unwrap_or(0) as u32,
                )
            })
            .unwrap_or_default(),
        Err(_) => Default::default(),
    };
    let file = columns
        .get("file")
        .map(|v| plain(v))
        .filter(|f| !f.is_empty())
        .unwrap_or(node_file);
    let line = columns
        .get("line")
        .and_then(|v| v.get_int())
        .map(|l| l as u32)
        .unwrap_or(node_line);
    let mut message = rule
        .message
        .clone()
        .unwrap_or_else(|| default_message(rule).to_string());
    let mut values: Vec<(String, String)> = columns
        .iter()
        .map(|(k, v)| (k.to_string(), plain(v)))
        .collect();
    values.push(("path".to_string(), path.clone()));
    values.push(("rule".to_string(), rule.id.clone()));
    for (key, value) in &values {
        message = message.replace(&format!("{{{key}}}"), value);
    }
    let source = source_line(index, &file, line);
    let mut hasher = blake3::Hasher::new();
    for part in [rule.id.as_str(), node_id.as_str(), message.as_str()] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    let fingerprint = crate::ids::hex(&hasher.finalize().as_bytes()[..16]);
    Ok(Violation {
        fingerprint,
        rule: rule.id.clone(),
        severity: rule.severity,
        message,
        node: node_id,
        path,
        file,
        line,
        source,
    })
}

fn source_line(index: &IndexDb, file: &str, line: u32) -> Option<String> {
    if file.is_empty() || line == 0 {
        return None;
    }
    let rows = index
        .run(
            "?[abs_path] := *file{path: $file, abs_path}",
            BTreeMap::from([("file".to_string(), DataValue::from(file))]),
            false,
        )
        .ok()?;
    let abs_path = rows.rows.first()?.first()?.get_str()?.to_string();
    let text = std::fs::read_to_string(abs_path).ok()?;
    text.lines().nth(line as usize - 1).map(str::to_string)
}
