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
use config::{CheckConfig, CycleScope, Rule, RuleKind, Severity};

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
    (
        "no-cycles-crates",
        include_str!("../../rules/no_cycles_crates.cozo"),
        "crate {path} is in a dependency cycle: {cycle}",
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
    /// 1-based column (in chars) where the blamed code starts, and how many
    /// chars it spans; 0 when unknown.
    pub col: u32,
    pub width: u32,
    /// The text of that line, when the file could be read.
    pub source: Option<String>,
    /// Stable across unrelated edits: rule, node id and message (which
    /// names the paths involved), never line numbers.
    pub fingerprint: String,
}

/// Runs every rule (or those named in `only`).
pub fn run(index: &IndexDb, config: &CheckConfig, only: &[String]) -> Result<Vec<Violation>> {
    let mut violations = Vec::new();
    let selected: Vec<&Rule> = config
        .rules
        .iter()
        .filter(|rule| only.is_empty() || only.contains(&rule.id))
        .collect();
    let needs_patterns = selected.iter().any(|rule| {
        matches!(
            rule.kind,
            RuleKind::Layers { .. } | RuleKind::Require { .. }
        )
    });
    let assigned = if needs_patterns {
        assign_patterns(index, config)?
    } else {
        Vec::new()
    };
    let mut sources = SourceCache::default();
    for rule in selected {
        let rows = evaluate(index, config, rule, &assigned)?;
        for row in rows.rows.iter() {
            let columns: BTreeMap<&str, &DataValue> =
                rows.headers.iter().map(String::as_str).zip(row).collect();
            violations.push(violation(index, rule, &columns, &mut sources)?);
        }
    }
    violations.sort_by(|a, b| {
        (&a.file, a.line, &a.rule, &a.message).cmp(&(&b.file, b.line, &b.rule, &b.message))
    });
    Ok(violations)
}

/// `(node id, key, value)` for every node an `[annotate]` pattern matches.
fn assign_patterns(index: &IndexDb, config: &CheckConfig) -> Result<Vec<(String, String, String)>> {
    if config.annotate.is_empty() {
        return Ok(Vec::new());
    }
    let patterns = regex::RegexSet::new(config.annotate.iter().map(|(re, _, _)| re.as_str()))
        .map_err(|error| Error::Config {
            file: config.path.clone(),
            line: 0,
            col: 0,
            message: format!("[annotate]: {error}"),
        })?;
    let nodes = index.run("?[id, path] := *node{id, path}", BTreeMap::new(), false)?;
    let mut assigned = Vec::new();
    for row in &nodes.rows {
        let Some(path) = row[1].get_str() else {
            continue;
        };
        for matched in patterns.matches(path).iter() {
            let (_, key, value) = &config.annotate[matched];
            let id = match &row[0] {
                DataValue::Uuid(uuid) => uuid.0.to_string(),
                other => to_json(other).to_string(),
            };
            assigned.push((id, key.clone(), value.clone()));
        }
    }
    Ok(assigned)
}

fn evaluate(
    index: &IndexDb,
    config: &CheckConfig,
    rule: &Rule,
    assigned: &[(String, String, String)],
) -> Result<NamedRows> {
    let text = |s: &str| DataValue::from(s);
    let list = |items: &[String]| DataValue::List(items.iter().map(|s| text(s)).collect());
    let (script, params) = match &rule.kind {
        RuleKind::Layers { layers } => {
            let from_patterns = assigned
                .iter()
                .filter(|(_, key, _)| key == "layer")
                .map(|(id, _, value)| DataValue::List(vec![text(id), text(value)]))
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
                    ("assigned".to_string(), DataValue::List(from_patterns)),
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
                (
                    "assigned".to_string(),
                    DataValue::List(
                        assigned
                            .iter()
                            .filter(|(_, key, _)| key == require)
                            .map(|(id, _, _)| text(id))
                            .collect(),
                    ),
                ),
            ]),
        ),
        RuleKind::NoCycles { within, among } => (
            builtin(cycle_rule(*among)),
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

/// The script and default message of a built-in rule kind.
fn builtin_rule(kind: &str) -> (&'static str, &'static str) {
    BUILTIN_RULES
        .iter()
        .find(|(name, _, _)| *name == kind)
        .map(|(_, script, message)| (*script, *message))
        .unwrap_or(("", "{path}"))
}

fn builtin(kind: &str) -> &'static str {
    builtin_rule(kind).0
}

fn cycle_rule(among: CycleScope) -> &'static str {
    match among {
        CycleScope::Modules => "no-cycles",
        CycleScope::Crates => "no-cycles-crates",
    }
}

fn default_message(rule: &Rule) -> &str {
    match &rule.kind {
        RuleKind::Layers { .. } => builtin_rule("layers").1,
        RuleKind::Forbid { .. } => builtin_rule("forbid").1,
        RuleKind::Require { .. } => builtin_rule("require").1,
        RuleKind::NoCycles { among, .. } => builtin_rule(cycle_rule(*among)).1,
        RuleKind::Query { .. } => "{path}: {message}",
    }
}

fn violation(
    index: &IndexDb,
    rule: &Rule,
    columns: &BTreeMap<&str, &DataValue>,
    sources: &mut SourceCache,
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
        "?[path, file, line, col] := id = to_uuid($id), *node{id, path, file, line, col}",
        BTreeMap::from([("id".to_string(), DataValue::from(node_id.as_str()))]),
        false,
    );
    let (path, node_file, node_line, node_col) = match found {
        Ok(rows) => rows
            .rows
            .first()
            .map(|row| {
                (
                    plain(&row[0]),
                    plain(&row[1]),
                    row[2].get_int().unwrap_or(0) as u32,
                    row[3].get_int().unwrap_or(0) as u32,
                )
            })
            .unwrap_or_default(),
        Err(_) => Default::default(),
    };
    let file = columns
        .get("file")
        .map(|v| plain(v))
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| node_file.clone());
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
    let mut source = sources.line(index, &file, line);
    let at_node = file == node_file && line == node_line;
    let (col, width) = match (columns.get("col").and_then(|v| v.get_int()), &source) {
        (Some(col), _) => (col as u32, 0),
        // Edge rules blame a line inside the item: find the target's name there.
        (None, Some(text)) if !at_node => columns
            .get("dst_path")
            .and_then(|dst| locate_path(text, &plain(dst)))
            .unwrap_or_else(|| trimmed_span(text)),
        (None, Some(text)) => match name_at(text, node_col, &path) {
            Some(width) => (node_col, width),
            // A file module or crate root "starts" at 1:1, whatever is
            // written there: that line would mislead.
            None => {
                source = None;
                (node_col, 0)
            }
        },
        (None, None) if !at_node => (0, 0),
        (None, None) => (node_col, 0),
    };
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
        col,
        width,
        source,
    })
}

/// Where a use of `path` sits in a source line: the last segment of the path
/// extended back over the qualifying `a::b::` written before it (1-based
/// char column, width in chars).
fn locate_path(source: &str, path: &str) -> Option<(u32, u32)> {
    let name = path.rsplit("::").next().filter(|n| !n.is_empty())?;
    let chars: Vec<char> = source.chars().collect();
    let name_chars: Vec<char> = name.chars().collect();
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    let start = (0..chars.len()).find(|&i| {
        chars[i..].starts_with(&name_chars)
            && (i == 0 || !is_ident(chars[i - 1]))
            && chars
                .get(i + name_chars.len())
                .is_none_or(|&c| !is_ident(c))
    })?;
    let mut begin = start;
    while begin > 0 && (is_ident(chars[begin - 1]) || chars[begin - 1] == ':') {
        begin -= 1;
    }
    Some((begin as u32 + 1, (start + name_chars.len() - begin) as u32))
}

/// The width of the item's own name when the line has it at `col`.
fn name_at(source: &str, col: u32, path: &str) -> Option<u32> {
    let name = path.rsplit("::").next().filter(|n| !n.is_empty())?;
    let rest: String = source.chars().skip(col.checked_sub(1)? as usize).collect();
    rest.starts_with(name).then(|| name.chars().count() as u32)
}

/// The line without its indentation and trailing blanks.
fn trimmed_span(source: &str) -> (u32, u32) {
    let indent = source.chars().take_while(|c| c.is_whitespace()).count();
    let width = source.trim().chars().count().max(1);
    (indent as u32 + 1, width as u32)
}

/// Lines of the files violations point into, each file read once.
#[derive(Default)]
struct SourceCache {
    files: BTreeMap<String, Option<Vec<String>>>,
}

impl SourceCache {
    fn line(&mut self, index: &IndexDb, file: &str, line: u32) -> Option<String> {
        if file.is_empty() || line == 0 {
            return None;
        }
        let lines = self
            .files
            .entry(file.to_string())
            .or_insert_with(|| read_lines(index, file));
        lines.as_ref()?.get(line as usize - 1).cloned()
    }
}

fn read_lines(index: &IndexDb, file: &str) -> Option<Vec<String>> {
    let rows = index
        .run(
            "?[abs_path] := *file{path: $file, abs_path}",
            BTreeMap::from([("file".to_string(), DataValue::from(file))]),
            false,
        )
        .ok()?;
    let abs_path = rows.rows.first()?.first()?.get_str()?.to_string();
    let text = std::fs::read_to_string(abs_path).ok()?;
    Some(text.lines().map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::{locate_path, trimmed_span};
    use crate::store::IndexDb;

    /// Every built-in kind, as a user would configure it: each script must
    /// compile and run against the current schema.
    #[test]
    fn every_builtin_rule_runs_on_the_schema() {
        let config = super::config::parse(
            std::path::Path::new("codegraph.toml"),
            r#"
[annotate]
"a::**" = { layer = "low" }
[[rule]]
id = "layers"
kind = "layers"
layers = ["low", "high"]
[[rule]]
id = "forbid"
kind = "forbid"
from = "a::**"
to = "std::process::**"
[[rule]]
id = "require"
kind = "require"
on = "a::**"
require = "owner"
[[rule]]
id = "module-cycles"
kind = "no-cycles"
[[rule]]
id = "crate-cycles"
kind = "no-cycles"
among = "crates"
"#,
        )
        .unwrap();
        assert_eq!(
            config.rules.len(),
            super::BUILTIN_RULES.len(),
            "one rule per built-in"
        );
        let index = IndexDb::empty_for_tests();
        assert_eq!(super::run(&index, &config, &[]).unwrap(), Vec::new());
    }

    #[test]
    fn a_path_is_found_with_its_qualifier() {
        assert_eq!(
            locate_path("    db::save();", "shop::infra::db::save"),
            Some((5, 8))
        );
        assert_eq!(
            locate_path(
                "let c = Command::new(\"ls\");",
                "std::process::Command::new"
            ),
            Some((9, 12))
        );
    }

    #[test]
    fn only_whole_identifiers_match() {
        assert_eq!(locate_path("saved(); save()", "x::save"), Some((10, 4)));
        assert_eq!(locate_path("unsaved()", "x::save"), None);
    }

    #[test]
    fn an_item_is_underlined_by_its_name_only_where_it_is_written() {
        assert_eq!(super::name_at("pub fn run() {", 8, "a::run"), Some(3));
        assert_eq!(super::name_at("use crate::x;", 1, "a::domain"), None);
        assert_eq!(super::name_at("fn f() {}", 0, "a::f"), None);
    }

    #[test]
    fn columns_count_chars_not_bytes() {
        assert_eq!(locate_path("let é = save();", "x::save"), Some((9, 4)));
        assert_eq!(trimmed_span("  é;  "), (3, 2));
    }
}
