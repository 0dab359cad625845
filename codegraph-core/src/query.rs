//! Named everyday queries (`defs`, `members`, `stats`) as CozoScript over the
//! public relations, and conversion of Cozo values to JSON for output.
//! Lookups go through the `node_by_name` lookup relation and then join
//! `node` on its key, which is how a query stays fast on large graphs. Atoms
//! bind only a *prefix* of a relation's key (`*edge{src: i, dst, kind: k}`
//! then `k == 'contains'`): binding a later key column without the ones
//! before it makes Cozo materialise the whole relation.

use std::collections::BTreeMap;

use cozo::{DataValue, NamedRows, Num};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::NodeKind;
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
    index.run(&script, params, false)
}

/// `members <path>`: what a module, type or trait contains, including the
/// methods and associated items of impls whose self type is that type.
pub fn members(index: &IndexDb, path: &str) -> Result<NamedRows> {
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
        let only_reexports = found.rows.iter().all(|row| row[0].get_str() == Some("use"));
        if only_reexports {
            let targets: Vec<&str> = found
                .rows
                .iter()
                .filter_map(|row| row[1].get_str())
                .collect();
            return Err(Error::Query(format!(
                "`{path}` is a re-export ({}); ask for the path it names",
                targets.join("; ")
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

pub fn stats(index: &IndexDb) -> Result<Stats> {
    let none = BTreeMap::new;
    let by_crate = index.run(
        "counts[crate_id, kind, count(id)] := *node{id, crate_id, kind}
         ?[crate, target, kind, count] := counts[crate_id, kind, count], *crate{id: crate_id, name: crate, target_kind: target}
         :order crate, target, kind",
        none(),
        false,
    )?;
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
            single("?[count(path)] := *file{path}")?,
        ),
        (
            "lines".to_string(),
            single("?[sum(lines)] := *file{lines}")?,
        ),
        (
            "nodes".to_string(),
            single("?[count(id)] := *node{id, kind}, kind != 'external'")?,
        ),
        (
            "external_nodes".to_string(),
            single("?[count(id)] := *node{id, kind: 'external'}")?,
        ),
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
