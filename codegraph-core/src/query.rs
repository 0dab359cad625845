//! Named everyday queries (`defs`, `members`, `stats`) as CozoScript over the
//! public relations, and conversion of Cozo values to JSON for output.
//! Lookups go through the `node_by_name` lookup relation and then join
//! `node` on its key, which is how a query stays fast on large graphs. Atoms
//! bind only a *prefix* of a relation's key (`*edge{src: i, dst, kind: k}`
//! then `k == 'contains'`): binding a later key column without the ones
//! before it makes Cozo materialise the whole relation.

use std::collections::{BTreeMap, HashMap};

use cozo::{DataValue, NamedRows, Num};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::NodeKind;
use crate::public_paths::{definitions_named_by, paths_naming};
use crate::store::IndexDb;

/// Columns every "where is it" answer shows.
const DEF_COLUMNS: &str = "path, kind, file, line, signature";

/// `defs <name-or-glob>`: where items are defined. A plain name uses the
/// name index; `a::B` matches paths equal to or ending in `::a::B`; `*` and
/// `?` glob over names (or over paths when the pattern has `::`).
pub fn defs(index: &IndexDb, pattern: &str, kinds: &[String]) -> Result<NamedRows> {
    for kind in kinds {
        if NodeKind::parse(kind).is_none() {
            let known: Vec<&str> = NodeKind::ALL.iter().map(|k| k.as_str()).collect();
            return Err(Error::Query(format!(
                "unknown kind `{kind}` (kinds: {})",
                known.join(", ")
            )));
        }
    }
    let mut params = BTreeMap::new();
    let is_glob = pattern.contains('*') || pattern.contains('?');
    let by_path = pattern.contains("::");
    let kind_filter = if kinds.is_empty() {
        String::new()
    } else {
        params.insert(
            "kinds".to_string(),
            DataValue::List(kinds.iter().map(|k| DataValue::from(k.as_str())).collect()),
        );
        ", is_in(kind, $kinds)".to_string()
    };
    let script = if is_glob {
        params.insert("re".to_string(), DataValue::from(glob_to_regex(pattern)));
        let column = if by_path { "path" } else { "name" };
        format!("?[{DEF_COLUMNS}] := *node{{{DEF_COLUMNS}, name}}, regex_matches({column}, $re){kind_filter} :order path, file, line")
    } else if by_path {
        // Exact path via the index, or any path ending in `::pattern`.
        params.insert("path".to_string(), DataValue::from(pattern));
        params.insert(
            "suffix".to_string(),
            DataValue::from(format!("::{pattern}")),
        );
        let last = pattern.rsplit("::").next().unwrap_or(pattern);
        params.insert("name".to_string(), DataValue::from(last));
        format!(
            "?[{DEF_COLUMNS}] := *node_by_name{{name: $name, id}}, *node{{id, {DEF_COLUMNS}}}, or(path == $path, ends_with(path, $suffix)){kind_filter} :order path, file, line"
        )
    } else {
        params.insert("name".to_string(), DataValue::from(pattern));
        format!("?[{DEF_COLUMNS}] := *node_by_name{{name: $name, id}}, *node{{id, {DEF_COLUMNS}}}{kind_filter} :order path, file, line")
    };
    let mut rows = index.run(&script, params.clone(), false)?;
    if by_path && !is_glob {
        // `serde_json::Value` finds its `pub use` row above; the item it
        // names is defined elsewhere (`serde_json::value::Value`).
        for path in definitions_named_by(index, pattern)? {
            let mut params = params.clone();
            params.extend(path_params(&path));
            let defined = index.run(
                &format!("?[{DEF_COLUMNS}] := *node_by_name{{name: $name, id}}, *node{{id, {DEF_COLUMNS}}}, path == $path{kind_filter}"),
                params,
                false,
            )?;
            rows.rows.extend(defined.rows);
        }
        // Path, file, line: the order the query gives.
        rows.rows
            .sort_by(|a, b| (&a[0], &a[2], &a[3]).cmp(&(&b[0], &b[2], &b[3])));
        rows.rows.dedup();
    }
    Ok(rows)
}

/// `members <path>`: what a module, type or trait contains, including the
/// methods and associated items of impls whose self type is that type.
pub fn members(index: &IndexDb, written: &str) -> Result<NamedRows> {
    let named = one_definition(written, definitions_named_by(index, written)?)?;
    let path = named.as_deref().unwrap_or(written);
    let script = format!(
        "owner[id] := *node_by_name{{name: $name, id}}, *node{{id, path, kind}}, path == $path, kind != 'use'
         child[id] := owner[o], *edge{{src: o, dst: id, kind: k}}, k == 'contains', *node{{id, kind}}, kind != 'impl'
         child[id] := owner[o], *edge_by_dst{{dst: o, kind: 'impl_for', src: i}}, *edge{{src: i, dst: id, kind: k}}, k == 'contains'
         ?[{DEF_COLUMNS}] := child[id], *node{{id, {DEF_COLUMNS}}}
         :order kind, path, line"
    );
    let rows = index.run(&script, path_params(path), false)?;
    if rows.rows.is_empty() {
        let found = index.run(
            "?[kind, signature] := *node_by_name{name: $name, id}, *node{id, path, kind, signature}, path == $path",
            path_params(path),
            false,
        )?;
        if found.rows.is_empty() {
            return Err(Error::Query(format!(
                "no item has the path `{path}` (try `cargo codegraph query defs {}`)",
                path.rsplit("::").next().unwrap_or(path)
            )));
        }
        if found.rows.iter().all(|row| row[0].get_str() == Some("use")) {
            let uses: Vec<&str> = found
                .rows
                .iter()
                .filter_map(|row| row[1].get_str())
                .collect();
            return Err(Error::Query(format!(
                "`{path}` is a `use` ({}) whose target is not in the index",
                uses.join("; ")
            )));
        }
    }
    Ok(rows)
}

/// `$path` and `$name` (its last segment) for a lookup by full path.
fn path_params(path: &str) -> BTreeMap<String, DataValue> {
    let name = path.rsplit("::").next().unwrap_or(path);
    BTreeMap::from([
        ("path".to_string(), DataValue::from(path)),
        ("name".to_string(), DataValue::from(name)),
    ])
}

/// What `stats` reports.
pub struct Stats {
    pub by_crate: NamedRows,
    pub totals: Vec<(String, i64)>,
    pub indexed_at: Option<u64>,
}

/// Counts for `stats`. The node relation is read once (counts by crate and
/// kind; the totals are sums of those): each full read of it costs ~0.6 s
/// on a 200 k-node index.
pub fn stats(index: &IndexDb) -> Result<Stats> {
    let none = BTreeMap::new;
    let counts = index.run(
        "?[crate_id, kind, count(id)] := *node{id, crate_id, kind}",
        none(),
        false,
    )?;
    let crates = index.run(
        "?[id, name, version, target_kind] := *crate{id, name, version, target_kind}",
        none(),
        false,
    )?;
    let crate_of: HashMap<String, &[DataValue]> = crates
        .rows
        .iter()
        .filter_map(|row| Some((uuid_text(&row[0])?, &row[1..])))
        .collect();
    let (mut nodes, mut external_nodes) = (0, 0);
    let mut by_crate_rows = Vec::new();
    for row in &counts.rows {
        let count = row[2].get_int().unwrap_or(0);
        if row[1].get_str() == Some("external") {
            external_nodes += count;
        } else {
            nodes += count;
        }
        // External nodes belong to no indexed crate.
        if let Some(name_version_target) = uuid_text(&row[0]).and_then(|id| crate_of.get(&id)) {
            let mut by_kind = name_version_target.to_vec();
            by_kind.extend([row[1].clone(), row[2].clone()]);
            by_crate_rows.push(by_kind);
        }
    }
    // Two versions of one crate (syn 1 and 2) are two rows each.
    by_crate_rows.sort();
    let by_crate = NamedRows::new(
        ["crate", "version", "target", "kind", "count"]
            .iter()
            .map(|h| h.to_string())
            .collect(),
        by_crate_rows,
    );
    let single = |script: &str| -> Result<i64> {
        let rows = index.run(script, none(), false)?;
        Ok(rows
            .rows
            .first()
            .and_then(|r| r.first())
            .and_then(DataValue::get_int)
            .unwrap_or(0))
    };
    let totals = vec![
        (
            "crates".to_string(),
            single("?[count(id)] := *crate{id, indexed: true}")?,
        ),
        (
            "files".to_string(),
            single("?[count(path)] := *file{path, hash}, !is_null(hash)")?,
        ),
        (
            "lines".to_string(),
            single("?[sum(lines)] := *file{lines, hash}, !is_null(hash)")?,
        ),
        ("nodes".to_string(), nodes),
        ("external_nodes".to_string(), external_nodes),
        ("edges".to_string(), single("?[count(src)] := *edge{src}")?),
        (
            "unresolved".to_string(),
            single("?[count(src)] := *unresolved{src}")?,
        ),
        (
            "diagnostics".to_string(),
            single("?[count(file)] := *diagnostic{file}")?,
        ),
    ];
    let indexed_at = index
        .run("?[value] := *meta{key: 'indexed_at', value}", none(), false)?
        .rows
        .first()
        .and_then(|r| r.first())
        .and_then(DataValue::get_str)
        .and_then(|v| v.parse().ok());
    Ok(Stats {
        by_crate,
        totals,
        indexed_at,
    })
}

/// A `--param` value: JSON when it parses as JSON, a plain string otherwise
/// (so `--param name=Config` works without quoting).
pub fn param_value(text: &str) -> DataValue {
    match serde_json::from_str::<Value>(text) {
        Ok(json) => from_json(&json),
        Err(_) => DataValue::from(text),
    }
}

fn from_json(value: &Value) -> DataValue {
    match value {
        Value::Null => DataValue::Null,
        Value::Bool(b) => DataValue::from(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => DataValue::from(i),
            None => DataValue::from(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => DataValue::from(s.as_str()),
        Value::Array(items) => DataValue::List(items.iter().map(from_json).collect()),
        Value::Object(_) => DataValue::Json(cozo::JsonData(value.clone())),
    }
}

/// `*` → `.*`, `?` → `.`, everything else literal; anchored.
fn glob_to_regex(glob: &str) -> String {
    let mut regex = String::from("^");
    for ch in glob.chars() {
        match ch {
            '*' => regex.push_str(".*"),
            '?' => regex.push('.'),
            other => {
                if "\\.+()[]{}^$|".contains(other) {
                    regex.push('\\');
                }
                regex.push(other);
            }
        }
    }
    regex.push('$');
    regex
}

/// A Cozo value as JSON: UUIDs as strings, lists as arrays, vectors as
/// arrays of numbers. Total: no value makes it panic.
pub fn to_json(value: &DataValue) -> Value {
    match value {
        DataValue::Null | DataValue::Bot => Value::Null,
        DataValue::Bool(b) => Value::Bool(*b),
        DataValue::Num(Num::Int(i)) => Value::from(*i),
        DataValue::Num(Num::Float(f)) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        DataValue::Str(s) => Value::String(s.to_string()),
        DataValue::Bytes(bytes) => Value::String(crate::ids::hex(bytes)),
        DataValue::Uuid(uuid) => Value::String(uuid.0.to_string()),
        DataValue::Regex(regex) => Value::String(regex.0.as_str().to_string()),
        DataValue::List(items) => Value::Array(items.iter().map(to_json).collect()),
        DataValue::Set(items) => Value::Array(items.iter().map(to_json).collect()),
        DataValue::Vec(vector) => match vector {
            cozo::Vector::F32(values) => {
                Value::Array(values.iter().map(|v| Value::from(*v as f64)).collect())
            }
            cozo::Vector::F64(values) => {
                Value::Array(values.iter().map(|v| Value::from(*v)).collect())
            }
        },
        DataValue::Json(json) => json.0.clone(),
        DataValue::Validity(validity) => Value::from(validity.timestamp.0 .0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_become_anchored_regexes() {
        assert_eq!(glob_to_regex("parse_*"), "^parse_.*$");
        assert_eq!(glob_to_regex("a.b?"), "^a\\.b.$");
    }
}

/// The nodes a user means by a path (a definition's, or a public one that
/// re-exports it: `serde_json::Value`) or unique path suffix
/// (`Config::load`). Several nodes may share one path (cfg alternatives);
/// several *paths* make it ambiguous, and the error lists them.
pub struct Target {
    pub path: String,
    pub ids: Vec<String>,
}

pub fn find_target(index: &IndexDb, spec: &str) -> Result<Target> {
    let spec = spec.trim().trim_start_matches("::");
    if spec.is_empty() {
        return Err(Error::Query(
            "give the item's path or name (e.g. `my_crate::Config::load` or `Config::load`)".into(),
        ));
    }
    if spec.contains(['*', '?']) {
        return Err(Error::Query(format!(
            "`{spec}` is a glob; this query takes one item (list the matches with `cargo codegraph query defs '{spec}'`)"
        )));
    }
    if let Some(path) = one_definition(spec, definitions_named_by(index, spec)?)? {
        return target_at(index, path);
    }
    // Not a path from a crate's root: a unique suffix (`Config::load`).
    let mut params = path_params(spec);
    params.insert("suffix".to_string(), DataValue::from(format!("::{spec}")));
    let rows = index.run(
        "?[path, id, kind] := *node_by_name{name: $name, id}, *node{id, path, kind}, kind != 'use', or(path == $path, ends_with(path, $suffix))",
        params,
        false,
    )?;
    let mut by_path: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in &rows.rows {
        let (Some(path), Some(id)) = (row[0].get_str(), uuid_text(&row[1])) else {
            continue;
        };
        by_path.entry(path.to_string()).or_default().push(id);
    }
    match by_path.len() {
        0 => Err(Error::Query(format!(
            "nothing is named `{spec}` (try `cargo codegraph query defs '*{}*'`)",
            spec.rsplit("::").next().unwrap_or(spec)
        ))),
        1 => {
            let (path, ids) = by_path.into_iter().next().expect("one");
            Ok(Target { path, ids })
        }
        _ => Err(Error::Query(format!(
            "`{spec}` is ambiguous; say which one:\n  {}",
            by_path.keys().cloned().collect::<Vec<_>>().join("\n  ")
        ))),
    }
}

/// The one definition path a written path names (`None` when it names
/// none), or an error listing several.
fn one_definition(written: &str, mut named: Vec<String>) -> Result<Option<String>> {
    if named.len() > 1 {
        return Err(Error::Query(format!(
            "`{written}` names several items; say which one:\n  {}",
            named.join("\n  ")
        )));
    }
    Ok(named.pop())
}

/// The target at a definition path: its nodes, cfg alternatives included.
fn target_at(index: &IndexDb, path: String) -> Result<Target> {
    let rows = index.run(
        "?[id] := *node_by_name{name: $name, id}, *node{id, path, kind}, path == $path, kind != 'use'",
        path_params(&path),
        false,
    )?;
    let ids = rows
        .rows
        .iter()
        .filter_map(|row| uuid_text(&row[0]))
        .collect();
    Ok(Target { path, ids })
}

fn uuid_text(value: &DataValue) -> Option<String> {
    match value {
        DataValue::Uuid(uuid) => Some(uuid.0.to_string()),
        _ => None,
    }
}

fn ids_param(target: &Target) -> BTreeMap<String, DataValue> {
    BTreeMap::from([(
        "ids".to_string(),
        DataValue::List(
            target
                .ids
                .iter()
                .map(|id| DataValue::from(id.as_str()))
                .collect(),
        ),
    )])
}

/// `paths <item>`: every path that names it (its definition's, and those
/// `pub use` items give it), public ones first, then those the workspace's
/// members can write as they are, then the shortest: what to write in a
/// `use`.
pub fn naming_paths(index: &IndexDb, target: &Target) -> Result<NamedRows> {
    let rows = paths_naming(index, &target.path)?
        .into_iter()
        .map(|named| {
            vec![
                DataValue::from(named.path),
                DataValue::from(named.public),
                DataValue::from(named.direct),
            ]
        })
        .collect();
    Ok(NamedRows::new(
        vec![
            "path".to_string(),
            "public".to_string(),
            "direct".to_string(),
        ],
        rows,
    ))
}

/// Which way `calls` edges are walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Callers,
    Callees,
}

/// Callers or callees of a target, up to `max_depth` calls away (1 = direct),
/// each with its distance, the provenance of the call and where it is made.
/// Without `with_heuristic`, calls guessed from a method name alone are left out.
pub fn call_graph(
    index: &IndexDb,
    target: &Target,
    direction: Direction,
    max_depth: u32,
    with_heuristic: bool,
) -> Result<NamedRows> {
    let mut params = ids_param(target);
    params.insert("max".to_string(), DataValue::from(max_depth as i64));
    params.insert("heuristic".to_string(), DataValue::from(with_heuristic));
    // One call away from `near`, towards `far`. It is written into each
    // rule with `near` bound: a rule of its own would be evaluated for
    // every `calls` edge of the index before the walk starts.
    let step = |near: &str, far: &str| {
        match direction {
        Direction::Callers => format!("*edge_by_dst{{dst: {near}, kind: 'calls', src: {far}}}, *edge{{src: {far}, dst: {near}, kind: 'calls', provenance: prov, file, line}}, $heuristic || prov != 'heuristic'"),
        Direction::Callees => format!("*edge{{src: {near}, dst: {far}, kind: k, provenance: prov, file, line}}, k == 'calls', $heuristic || prov != 'heuristic'"),
    }
    };
    let script = format!(
        "start[id] := s in $ids, id = to_uuid(s)
         reach[id, min(d)] := start[t], {first}, d = 1
         reach[id, min(d)] := reach[m, d0], d0 < $max, {next}, d = d0 + 1
         via[id, prov, file, line] := start[t], {first}, reach[id, 1]
         via[id, prov, file, line] := reach[m, d0], {next}, reach[id, d], d == d0 + 1
         ?[provenance, depth, path, kind, file, line] := reach[id, depth], via[id, provenance, file, line], *node{{id, path, kind}}
         :order provenance, depth, path, file, line",
        first = step("t", "id"),
        next = step("m", "id"),
    );
    index.run(&script, params, false)
}

/// Impls of a trait (and the types they are for) or of a type (and the
/// traits they implement). "Has no trait" is a negation of a small derived
/// relation: negating a stored one (`not *edge{src: impl, kind: ..}`) binds
/// a key column past an unbound one, and Cozo reads the whole relation for
/// it (seconds on a large index, per impl).
pub fn impls(index: &IndexDb, target: &Target) -> Result<NamedRows> {
    index.run(
        "start[id] := s in $ids, id = to_uuid(s)
         found[impl] := start[t], *edge_by_dst{dst: t, kind: 'implements', src: impl}
         found[impl] := start[t], *edge_by_dst{dst: t, kind: 'impl_for', src: impl}
         typed[impl, type] := found[impl], *edge{src: impl, dst: d, kind: k}, k == 'impl_for', *node{id: d, path: type}
         for_type[impl, type] := typed[impl, type]
         for_type[impl, type] := found[impl], not typed[impl, _], type = ''
         traited[impl, tr] := found[impl], *edge{src: impl, dst: d, kind: k}, k == 'implements', *node{id: d, path: tr}
         of_trait[impl, tr] := traited[impl, tr]
         of_trait[impl, tr] := found[impl], not traited[impl, _], tr = ''
         ?[trait, type, impl, file, line] := found[i], for_type[i, type], of_trait[i, trait], *node{id: i, path: impl, file, line}
         :order trait, type, file, line",
        ids_param(target),
        false,
    )
}

/// Every edge into a target but `contains`: calls, references, impls,
/// imports, derives, macro invocations.
pub fn refs(index: &IndexDb, target: &Target) -> Result<NamedRows> {
    index.run(
        "start[id] := s in $ids, id = to_uuid(s)
         ?[kind, provenance, path, file, line] := start[t], *edge_by_dst{dst: t, kind, src}, *edge{src, dst: t, kind, provenance, file, line}, *node{id: src, path}
         :order kind, path, file, line",
        ids_param(target),
        false,
    )
}

/// The shortest chain of calls from one item to another.
pub fn call_path(index: &IndexDb, from: &Target, to: &Target) -> Result<NamedRows> {
    let params = BTreeMap::from([
        (
            "from".to_string(),
            DataValue::List(
                from.ids
                    .iter()
                    .map(|id| DataValue::from(id.as_str()))
                    .collect(),
            ),
        ),
        (
            "to".to_string(),
            DataValue::List(
                to.ids
                    .iter()
                    .map(|id| DataValue::from(id.as_str()))
                    .collect(),
            ),
        ),
    ]);
    let found = index.run(
        "calls[a, b] := *edge{src: a, dst: b, kind: k}, k == 'calls'
         starting[id] := s in $from, id = to_uuid(s)
         goals[id] := s in $to, id = to_uuid(s)
         ?[from, to, chain] <~ ShortestPathBFS(calls[], starting[], goals[])",
        params,
        false,
    )?;
    let chain: Vec<DataValue> = found
        .rows
        .iter()
        .filter_map(|row| match row.get(2) {
            Some(DataValue::List(chain)) if !chain.is_empty() => Some(chain.clone()),
            _ => None,
        })
        .min_by_key(Vec::len)
        .unwrap_or_default();
    if chain.is_empty() {
        return Err(Error::Query(format!(
            "no chain of calls leads from `{}` to `{}`",
            from.path, to.path
        )));
    }
    let mut rows = Vec::new();
    for (step, id) in chain.iter().enumerate() {
        let found = index.run(
            "?[path, kind, file, line] := id = $id, *node{id, path, kind, file, line}",
            BTreeMap::from([("id".to_string(), id.clone())]),
            false,
        )?;
        if let Some(row) = found.rows.into_iter().next() {
            let mut full = vec![DataValue::from(step as i64)];
            full.extend(row);
            rows.push(full);
        }
    }
    Ok(NamedRows::new(
        ["step", "path", "kind", "file", "line"]
            .iter()
            .map(|h| h.to_string())
            .collect(),
        rows,
    ))
}

/// The crate graph: indexed crates and what they depend on.
pub fn deps(index: &IndexDb) -> Result<NamedRows> {
    index.run(
        "?[from, to, kind, from_target, to_indexed] := *crate_dep{from: f, to: t, kind}, *crate{id: f, name: from, target_kind: from_target}, *crate{id: t, name: to, indexed: to_indexed}
         :order from, to, kind",
        BTreeMap::new(),
        false,
    )
}

/// What could not be resolved, optionally in one crate.
pub fn unresolved(index: &IndexDb, crate_name: Option<&str>) -> Result<NamedRows> {
    let (filter, params) = match crate_name {
        Some(name) => (
            ", crate == $crate",
            BTreeMap::from([("crate".to_string(), DataValue::from(name.replace('-', "_")))]),
        ),
        None => ("", BTreeMap::new()),
    };
    index.run(
        &format!(
            "?[crate, kind, text, path, file, line] := *unresolved{{src, kind, text, file, line}}, *node{{id: src, path, crate_id: c}}, *crate{{id: c, name: crate}}{filter}
             :order crate, kind, text, file, line"
        ),
        params,
        false,
    )
}
