//! `check`: evaluates the rules of `codegraph.toml` against the index.
//! Built-in rule kinds are CozoScript files under `rules/` (data, not code
//! in the checker), filled with each rule's parameters; custom rules are
//! the user's CozoScript. Every row a rule returns is a violation, with a
//! message from the rule's template, a location and the source line.

pub mod config;

use std::collections::{BTreeMap, HashMap};

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

/// `(node id, layer, rank)` for every node in one of `layers`: its own
/// layer (annotation, or an `[annotate]` pattern), else the nearest
/// ancestor's along `contains` edges. Layers not listed in the rule are
/// ignored, as the rule cannot rank them.
fn layer_assignment<'a>(
    index: &IndexDb,
    assigned: &[(String, String, String)],
    layers: &'a [String],
) -> Result<Vec<(String, &'a str, usize)>> {
    let rank_of = |layer: &str| layers.iter().position(|l| l == layer);
    let mut own: HashMap<String, usize> = HashMap::new();
    for (id, _, layer) in assigned.iter().filter(|(_, key, _)| key == "layer") {
        if let Some(rank) = rank_of(layer) {
            own.insert(id.clone(), rank);
        }
    }
    // Annotations win over patterns: they are written on the item itself.
    let annotated = index.run(
        "?[id, layer] := *annotation{node_id: id, key: 'layer', value: layer}",
        BTreeMap::new(),
        false,
    )?;
    for row in &annotated.rows {
        if let (Some(layer), id) = (row[1].get_str(), uuid_text(&row[0])) {
            if let Some(rank) = rank_of(layer) {
                own.insert(id, rank);
            }
        }
    }
    if own.is_empty() {
        return Ok(Vec::new());
    }
    let parent_of = contains_parents(index)?;
    let mut resolved: HashMap<String, Option<usize>> = HashMap::with_capacity(parent_of.len());
    for node in parent_of.keys().chain(own.keys()) {
        nearest_own(node, &parent_of, &mut resolved, |id| own.get(id).copied());
    }
    Ok(resolved
        .into_iter()
        .filter_map(|(id, rank)| rank.map(|rank| (id, layers[rank].as_str(), rank)))
        .collect())
}

/// The `layers` rule over a layer assignment: calls and references from a
/// lower layer to a higher one, with the columns `rules/layers.cozo`
/// returns. Joined in Rust: Cozo took over 10 minutes to join 655 k edges
/// against a 180 k-entry parameter list (the script stays as the reference,
/// and a test checks that both agree).
fn layer_violations(index: &IndexDb, layer_of: &[(String, &str, usize)]) -> Result<NamedRows> {
    let headers = [
        "src",
        "src_path",
        "dst_path",
        "edge",
        "file",
        "line",
        "src_layer",
        "dst_layer",
    ]
    .map(str::to_string)
    .to_vec();
    if layer_of.is_empty() {
        return Ok(NamedRows::new(headers, Vec::new()));
    }
    let by_id: HashMap<&str, (&str, usize)> = layer_of
        .iter()
        .map(|(id, layer, rank)| (id.as_str(), (*layer, *rank)))
        .collect();
    let edges = index.run(
        "?[src, dst, kind, file, line] := *edge{src, dst, kind, file, line}, \
         is_in(kind, ['calls', 'references'])",
        BTreeMap::new(),
        false,
    )?;
    let mut found = Vec::new();
    for row in &edges.rows {
        let (src, dst) = (uuid_text(&row[0]), uuid_text(&row[1]));
        if let (Some(&(src_layer, low)), Some(&(dst_layer, high))) =
            (by_id.get(src.as_str()), by_id.get(dst.as_str()))
        {
            if low < high {
                found.push((row, dst, src_layer, dst_layer));
            }
        }
    }
    if found.is_empty() {
        return Ok(NamedRows::new(headers, Vec::new()));
    }
    let paths: HashMap<String, String> = index
        .run("?[id, path] := *node{id, path}", BTreeMap::new(), false)?
        .rows
        .iter()
        .map(|row| {
            (
                uuid_text(&row[0]),
                row[1].get_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let path_of = |id: &str| DataValue::from(paths.get(id).map(String::as_str).unwrap_or_default());
    let rows = found
        .into_iter()
        .map(|(row, dst, src_layer, dst_layer)| {
            vec![
                row[0].clone(),
                path_of(&uuid_text(&row[0])),
                path_of(&dst),
                row[2].clone(),
                row[3].clone(),
                row[4].clone(),
                DataValue::from(src_layer),
                DataValue::from(dst_layer),
            ]
        })
        .collect();
    Ok(NamedRows::new(headers, rows))
}

/// The `no-cycles` rule among modules, with the columns
/// `rules/no_cycles.cozo` returns: every module in a dependency cycle
/// (calls and references between items of modules of one crate whose
/// paths match `within`). Evaluated in Rust (Tarjan's strongly connected
/// components) for the same reason as [`layer_violations`]: the script
/// took 40 s on the public corpus's graph. The script stays as the
/// reference, and a test checks that both agree.
fn module_cycles(index: &IndexDb, within: &str) -> Result<NamedRows> {
    let headers = ["node", "path", "cycle"].map(str::to_string).to_vec();
    let within = regex::Regex::new(within)
        .map_err(|error| Error::Query(format!("no-cycles: bad `within` pattern: {error}")))?;
    let modules: HashMap<String, (String, String)> = index
        .run(
            "?[id, crate_id, path] := *node{id, kind, crate_id, path}, \
             or(kind == 'module', kind == 'crate')",
            BTreeMap::new(),
            false,
        )?
        .rows
        .iter()
        .map(|row| {
            (
                uuid_text(&row[0]),
                (
                    uuid_text(&row[1]),
                    row[2].get_str().unwrap_or_default().to_string(),
                ),
            )
        })
        .collect();
    if modules.is_empty() {
        return Ok(NamedRows::new(headers, Vec::new()));
    }
    let parent_of = contains_parents(index)?;
    let mut module_of: HashMap<String, Option<String>> = HashMap::new();
    let is_module = |id: &str| modules.contains_key(id).then(|| id.to_string());
    let mut find_module = |start: &str| nearest_own(start, &parent_of, &mut module_of, is_module);
    let edges = index.run(
        "?[src, dst] := *edge{src, dst, kind}, is_in(kind, ['calls', 'references'])",
        BTreeMap::new(),
        false,
    )?;
    let mut ids: Vec<String> = Vec::new();
    let mut number: HashMap<String, usize> = HashMap::new();
    let mut successors: Vec<Vec<usize>> = Vec::new();
    for row in &edges.rows {
        let (Some(a), Some(b)) = (
            find_module(&uuid_text(&row[0])),
            find_module(&uuid_text(&row[1])),
        ) else {
            continue;
        };
        let (crate_a, path_a) = &modules[&a];
        let (crate_b, path_b) = &modules[&b];
        if a == b || crate_a != crate_b || !within.is_match(path_a) || !within.is_match(path_b) {
            continue;
        }
        let mut index_of = |id: &String| {
            *number.entry(id.clone()).or_insert_with(|| {
                ids.push(id.clone());
                successors.push(Vec::new());
                ids.len() - 1
            })
        };
        let (from, to) = (index_of(&a), index_of(&b));
        successors[from].push(to);
    }
    let mut rows = Vec::new();
    for component in strongly_connected_components(&successors) {
        if component.len() < 2 {
            continue;
        }
        let mut paths: Vec<&str> = component
            .iter()
            .map(|&m| modules[&ids[m]].1.as_str())
            .collect();
        paths.sort_unstable();
        let cycle = DataValue::List(paths.iter().map(|p| DataValue::from(*p)).collect());
        for &m in &component {
            rows.push(vec![
                DataValue::Uuid(cozo::UuidWrapper(
                    uuid::Uuid::parse_str(&ids[m]).unwrap_or_default(),
                )),
                DataValue::from(modules[&ids[m]].1.as_str()),
                cycle.clone(),
            ]);
        }
    }
    Ok(NamedRows::new(headers, rows))
}

/// Tarjan's algorithm, iterative (module graphs can be deep enough to
/// overflow a recursive one): the strongly connected components of the
/// graph given as successor lists.
fn strongly_connected_components(successors: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let count = successors.len();
    let (mut order, mut low) = (vec![UNSEEN; count], vec![0; count]);
    let mut on_stack = vec![false; count];
    let (mut stack, mut components, mut next) = (Vec::new(), Vec::new(), 0);
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next successor to visit)
        let mut work = vec![(root, 0usize)];
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut cursor)) = work.last_mut() {
            if let Some(&child) = successors[node].get(*cursor) {
                *cursor += 1;
                if order[child] == UNSEEN {
                    order[child] = next;
                    low[child] = next;
                    next += 1;
                    stack.push(child);
                    on_stack[child] = true;
                    work.push((child, 0));
                } else if on_stack[child] {
                    low[node] = low[node].min(order[child]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// The value `own` gives the nearest of `start` and its ancestors (along
/// `parent_of`) that has one. Every node walked is remembered in `memo`,
/// so a pass over all nodes walks each `contains` edge once.
fn nearest_own<T: Clone>(
    start: &str,
    parent_of: &HashMap<String, String>,
    memo: &mut HashMap<String, Option<T>>,
    own: impl Fn(&str) -> Option<T>,
) -> Option<T> {
    let mut chain = Vec::new();
    let mut at = Some(start.to_string());
    let found = loop {
        let Some(current) = at else { break None };
        if let Some(known) = memo.get(&current) {
            break known.clone();
        }
        if let Some(value) = own(&current) {
            chain.push(current);
            break Some(value);
        }
        at = parent_of.get(&current).cloned();
        chain.push(current);
        if chain.len() > parent_of.len() + 1 {
            break None; // `contains` has no cycles; stay finite anyway
        }
    };
    for walked in chain {
        memo.insert(walked, found.clone());
    }
    found
}

/// Child → parent along `contains` edges.
fn contains_parents(index: &IndexDb) -> Result<HashMap<String, String>> {
    Ok(index
        .run(
            "?[parent, child] := *edge{src: parent, dst: child, kind: 'contains'}",
            BTreeMap::new(),
            false,
        )?
        .rows
        .iter()
        .map(|row| (uuid_text(&row[1]), uuid_text(&row[0])))
        .collect())
}

fn uuid_text(value: &DataValue) -> String {
    match value {
        DataValue::Uuid(uuid) => uuid.0.to_string(),
        other => to_json(other).to_string(),
    }
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
            return layer_violations(index, &layer_assignment(index, assigned, layers)?);
        }
        RuleKind::Forbid {
            from,
            to,
            edges,
            from_literal,
            to_literal,
        } => (
            forbid_plan(*from_literal, *to_literal),
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
        RuleKind::NoCycles {
            within,
            among: CycleScope::Modules,
        } => return module_cycles(index, within),
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

/// The `forbid` script for patterns with these many written-out leading
/// segments. Starting from the side that names fewer nodes reads only
/// their edges: on the public corpus `tokio::**` → `std::process::**`
/// took 0.37 s from `to` against 1.6 s scanning every edge, and
/// `bench_app::**` → `**` 0.39 s from `from` against 1.1 s. Starting from
/// a side that matches everything costs more than the scan (6.7 s), so
/// with no written segment on either side every edge is scanned.
fn forbid_plan(from_literal: usize, to_literal: usize) -> &'static str {
    if to_literal > from_literal {
        include_str!("../../rules/forbid_to_first.cozo")
    } else if from_literal > 0 {
        include_str!("../../rules/forbid_from_first.cozo")
    } else {
        builtin("forbid")
    }
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
    use crate::store::test_rows::{id, put_edges, put_nodes};
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

    /// Every plan of `forbid` finds the same edges, and each pair of
    /// patterns picks the plan that starts from its narrower side.
    #[test]
    fn forbid_plans_agree_and_start_from_the_narrower_side() {
        use super::config::{literal_segments, pattern_regex};
        use super::{to_json, BTreeMap, DataValue};
        let index = IndexDb::empty_for_tests();
        let nodes = [
            (1, "function", "app::run"),
            (2, "function", "app::db::save"),
            (3, "function", "std::process::exit"),
            (4, "struct", "std::process::Command"),
            (5, "function", "lib::spawn"),
            (6, "function", "app_extra::go"),
        ];
        put_nodes(
            &index,
            &nodes
                .iter()
                .map(|(n, kind, path)| (*n, *kind, path.to_string()))
                .collect::<Vec<_>>(),
        );
        put_edges(
            &index,
            &[
                (1, 3, "calls"),
                (2, 4, "references"),
                (2, 3, "contains"),
                (5, 3, "calls"),
                (6, 3, "calls"),
                (1, 2, "calls"),
            ],
        );
        let rows = |script: &str, from: &str, to: &str| -> Vec<Vec<String>> {
            let params = BTreeMap::from([
                (
                    "from".to_string(),
                    DataValue::from(pattern_regex(from).as_str()),
                ),
                (
                    "to".to_string(),
                    DataValue::from(pattern_regex(to).as_str()),
                ),
                (
                    "edges".to_string(),
                    DataValue::List(vec![
                        DataValue::from("calls"),
                        DataValue::from("references"),
                    ]),
                ),
            ]);
            let found = index.run(script, params, false).unwrap();
            let mut rows: Vec<Vec<String>> = found
                .rows
                .iter()
                .map(|row| row[1..].iter().map(|v| to_json(v).to_string()).collect())
                .collect();
            rows.sort();
            rows
        };
        let plans = [
            include_str!("../../rules/forbid.cozo"),
            include_str!("../../rules/forbid_from_first.cozo"),
            include_str!("../../rules/forbid_to_first.cozo"),
        ];
        for (from, to, expected) in [
            ("app::**", "std::process::**", 2),
            ("**", "std::process::exit", 3),
            ("app::*", "**", 2),
            ("**", "**", 5),
        ] {
            let reference = rows(plans[0], from, to);
            assert_eq!(reference.len(), expected, "{from} -> {to}: {reference:?}");
            for plan in &plans[1..] {
                assert_eq!(rows(plan, from, to), reference, "{from} -> {to}");
            }
        }
        let chosen =
            |from: &str, to: &str| super::forbid_plan(literal_segments(from), literal_segments(to));
        assert_eq!(chosen("app::**", "std::process::**"), plans[2]);
        assert_eq!(chosen("app::**", "**"), plans[1]);
        assert_eq!(chosen("app::**", "lib::**"), plans[1]);
        assert_eq!(chosen("**::db::**", "**::ui::*"), plans[0]);
    }

    /// Own layers win; others inherit the nearest ancestor's down
    /// `contains`; layers the rule does not list are ignored.
    #[test]
    fn layers_are_inherited_down_contains_edges() {
        let index = IndexDb::empty_for_tests();
        // 1 contains 2 contains 3; 2 contains 4; 5 contains 6 (no layer).
        put_edges(
            &index,
            &[
                (1, 2, "contains"),
                (2, 3, "contains"),
                (2, 4, "contains"),
                (5, 6, "contains"),
            ],
        );
        index
            .run(
                &format!(
                    "?[node_id, key, value] <- [[to_uuid('{}'), 'layer', 'high'], [to_uuid('{}'), 'layer', 'other']] \
                     :put annotation {{node_id, key, value}}",
                    id(3),
                    id(4)
                ),
                Default::default(),
                true,
            )
            .unwrap();
        let assigned = vec![(id(1), "layer".to_string(), "low".to_string())];
        let layers = vec!["low".to_string(), "high".to_string()];
        let mut got = super::layer_assignment(&index, &assigned, &layers).unwrap();
        got.sort();
        let expected: Vec<(String, &str, usize)> = vec![
            (id(1), "low", 0),
            (id(2), "low", 0),
            (id(3), "high", 1),
            // `other` is not a layer of the rule: inherits instead.
            (id(4), "low", 0),
        ];
        assert_eq!(got, expected);

        // Calls: 2 (low) → 3 (high) breaks the rule; 3 → 1 goes down;
        // 6 has no layer.
        let functions: Vec<(u8, &str, String)> = (1..=6)
            .map(|n| (n, "function", format!("c::f{n}")))
            .collect();
        put_nodes(&index, &functions);
        put_edges(
            &index,
            &[
                (2, 3, "calls"),
                (3, 1, "calls"),
                (6, 3, "references"),
                (1, 3, "references"),
            ],
        );

        // The Rust evaluation agrees with the reference script.
        let fast = super::layer_violations(&index, &got).unwrap();
        let layer_of = got
            .iter()
            .map(|(id, layer, rank)| {
                cozo::DataValue::List(vec![
                    cozo::DataValue::from(id.as_str()),
                    cozo::DataValue::from(*layer),
                    cozo::DataValue::from(*rank as i64),
                ])
            })
            .collect();
        let reference = index
            .run(
                super::builtin("layers"),
                std::collections::BTreeMap::from([(
                    "layer_of".to_string(),
                    cozo::DataValue::List(layer_of),
                )]),
                false,
            )
            .unwrap();
        assert_eq!(fast.headers, reference.headers);
        let sorted = |rows: &cozo::NamedRows| {
            let mut rows: Vec<String> = rows.rows.iter().map(|r| format!("{r:?}")).collect();
            rows.sort();
            rows
        };
        assert_eq!(sorted(&fast), sorted(&reference));
        let mut paths: Vec<(&str, &str)> = fast
            .rows
            .iter()
            .map(|r| (r[1].get_str().unwrap(), r[2].get_str().unwrap()))
            .collect();
        paths.sort();
        assert_eq!(paths, [("c::f1", "c::f3"), ("c::f2", "c::f3")]);
    }

    #[test]
    fn tarjan_finds_cycles_and_singletons() {
        // 0 ⇄ 1 → 2 → 3 → 2, 4 alone.
        let graph = vec![vec![1], vec![0, 2], vec![3], vec![2], vec![]];
        let mut components: Vec<Vec<usize>> = super::strongly_connected_components(&graph)
            .into_iter()
            .map(|mut c| {
                c.sort();
                c
            })
            .collect();
        components.sort();
        assert_eq!(components, [vec![0, 1], vec![2, 3], vec![4]]);
    }

    /// Module cycles evaluated in Rust agree with the reference script.
    #[test]
    fn module_cycles_match_the_reference_script() {
        let index = IndexDb::empty_for_tests();
        let items = [
            (10, "crate", "c"),
            (11, "module", "c::m1"),
            (12, "module", "c::m2"),
            (13, "module", "c::m3"),
            (1, "function", "c::m1::f1"),
            (2, "function", "c::m2::f2"),
            (3, "function", "c::m3::f3"),
        ];
        put_nodes(
            &index,
            &items.map(|(n, kind, path)| (n, kind, path.to_string())),
        );
        put_edges(
            &index,
            &[
                (10, 11, "contains"),
                (10, 12, "contains"),
                (10, 13, "contains"),
                (11, 1, "contains"),
                (12, 2, "contains"),
                (13, 3, "contains"),
                (1, 2, "calls"),
                (2, 1, "references"),
                (3, 1, "calls"),
            ],
        );

        let fast = super::module_cycles(&index, ".*").unwrap();
        let reference = index
            .run(
                super::builtin("no-cycles"),
                std::collections::BTreeMap::from([(
                    "within".to_string(),
                    cozo::DataValue::from(".*"),
                )]),
                false,
            )
            .unwrap();
        let normalized = |rows: &cozo::NamedRows| {
            let mut out: Vec<(String, Vec<String>)> = rows
                .rows
                .iter()
                .map(|r| {
                    let mut cycle: Vec<String> = match &r[2] {
                        cozo::DataValue::List(items) => items
                            .iter()
                            .map(|i| i.get_str().unwrap().to_string())
                            .collect(),
                        other => panic!("cycle is not a list: {other:?}"),
                    };
                    cycle.sort();
                    (r[1].get_str().unwrap().to_string(), cycle)
                })
                .collect();
            out.sort();
            out
        };
        assert_eq!(fast.headers, reference.headers);
        assert_eq!(normalized(&fast), normalized(&reference));
        let cycle = vec!["c::m1".to_string(), "c::m2".to_string()];
        assert_eq!(
            normalized(&fast),
            [
                ("c::m1".to_string(), cycle.clone()),
                ("c::m2".to_string(), cycle)
            ]
        );
        // `within` narrows the modules considered.
        assert!(super::module_cycles(&index, "^c::m1$")
            .unwrap()
            .rows
            .is_empty());
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
