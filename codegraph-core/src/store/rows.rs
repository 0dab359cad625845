//! Rows of the graph relations, built per part of the graph (a crate's
//! graph, or the external nodes), and their digest: each row's key and a
//! hash of the whole row, so a later run can write only the rows that
//! differ and remove the ones that are gone.

use std::collections::HashMap;

use cozo::{DataValue, NamedRows, UuidWrapper};
use uuid::Uuid;

use crate::ids::hex;
use crate::model::{EdgeKind, Node, UnitGraph};

/// Relations whose rows come from the graph, with their columns (in row
/// order: key columns first) and how many of them form the key.
pub(crate) const GRAPH_RELATIONS: &[(&str, &[&str], usize)] = &[
    (
        "node",
        &[
            "id",
            "crate_id",
            "kind",
            "name",
            "path",
            "file",
            "line",
            "col",
            "end_line",
            "end_col",
            "vis",
            "signature",
            "docs",
            "attrs",
            "content_hash",
            "cfg",
        ],
        1,
    ),
    ("node_by_name", &["name", "id"], 2),
    (
        "edge",
        &[
            "src",
            "dst",
            "kind",
            "provenance",
            "candidates",
            "file",
            "line",
        ],
        3,
    ),
    ("edge_by_dst", &["dst", "kind", "src"], 3),
    ("annotation", &["node_id", "key", "value"], 3),
    ("unresolved", &["src", "kind", "text", "file", "line"], 3),
    (
        "file",
        &[
            "path", "crate_id", "root", "abs_path", "hash", "bytes", "lines", "error",
        ],
        2,
    ),
    (
        "diagnostic",
        &[
            "crate_id", "file", "line", "col", "code", "message", "severity",
        ],
        6,
    ),
];

/// Rows of each graph relation, in [`GRAPH_RELATIONS`] order.
pub(crate) type PartRows = Vec<Vec<Vec<DataValue>>>;

pub(crate) fn uuid(id: Uuid) -> DataValue {
    DataValue::Uuid(UuidWrapper(id))
}

pub(crate) fn text(value: &str) -> DataValue {
    DataValue::from(value)
}

fn optional_text(value: Option<&str>) -> DataValue {
    value.map(DataValue::from).unwrap_or(DataValue::Null)
}

fn int(value: impl Into<i64>) -> DataValue {
    DataValue::from(value.into())
}

pub(crate) fn named(headers: &[&str], rows: Vec<Vec<DataValue>>) -> NamedRows {
    NamedRows::new(headers.iter().map(|h| h.to_string()).collect(), rows)
}

/// The rows of one part of the graph. `id_of` maps every dense index an
/// edge of `graph` mentions (its own nodes and those of other crates) to
/// the node's id.
pub(crate) fn part_rows(graph: &UnitGraph, id_of: &[Uuid]) -> PartRows {
    (0..GRAPH_RELATIONS.len())
        .map(|position| relation_rows(graph, id_of, position))
        .collect()
}

/// How many rows `graph` has in the relation at `position` of
/// [`GRAPH_RELATIONS`].
pub(crate) fn relation_len(graph: &UnitGraph, position: usize) -> usize {
    match position {
        0 | 1 => graph.nodes.len(),
        2 => graph.edges.len(),
        3 => graph
            .edges
            .iter()
            .filter(|edge| edge.kind != EdgeKind::Contains)
            .count(),
        4 => graph.annotations.len(),
        5 => graph.unresolved.len(),
        6 => graph.files.len(),
        _ => graph.diagnostics.len(),
    }
}

/// The rows of `graph` in the relation at `position` of
/// [`GRAPH_RELATIONS`] (see [`part_rows`]).
pub(crate) fn relation_rows(
    graph: &UnitGraph,
    id_of: &[Uuid],
    position: usize,
) -> Vec<Vec<DataValue>> {
    let id = |idx: crate::model::NodeIdx| uuid(id_of[idx.0 as usize]);
    match position {
        0 => graph.nodes.iter().map(node_row).collect(),
        1 => graph
            .nodes
            .iter()
            .map(|n| vec![text(&n.name), uuid(n.id)])
            .collect(),
        2 => graph
            .edges
            .iter()
            .map(|edge| {
                let (file, line) = match &edge.site {
                    Some((file, line)) => (text(file), int(*line)),
                    None => (DataValue::Null, DataValue::Null),
                };
                vec![
                    id(edge.src),
                    id(edge.dst),
                    text(edge.kind.as_str()),
                    text(edge.provenance.as_str()),
                    int(edge.candidates),
                    file,
                    line,
                ]
            })
            .collect(),
        // Callers are looked up by destination; `contains` has its parent
        // in the path already.
        3 => graph
            .edges
            .iter()
            .filter(|edge| edge.kind != EdgeKind::Contains)
            .map(|edge| vec![id(edge.dst), text(edge.kind.as_str()), id(edge.src)])
            .collect(),
        4 => graph
            .annotations
            .iter()
            .map(|a| vec![id(a.node), text(&a.key), text(&a.value)])
            .collect(),
        5 => graph
            .unresolved
            .iter()
            .map(|u| {
                vec![
                    id(u.src),
                    text(u.kind),
                    text(&u.text),
                    text(&u.file),
                    int(u.line),
                ]
            })
            .collect(),
        6 => graph
            .files
            .iter()
            .map(|file| {
                vec![
                    text(&file.path),
                    uuid(file.crate_id),
                    text(file.root.as_str()),
                    text(&file.abs_path.to_string_lossy()),
                    optional_text(file.hash.as_ref().map(|hash| hex(hash)).as_deref()),
                    int(file.bytes as i64),
                    int(file.lines),
                    optional_text(file.error.as_deref()),
                ]
            })
            .collect(),
        _ => graph
            .diagnostics
            .iter()
            .map(|d| {
                vec![
                    uuid(d.crate_id),
                    text(&d.file),
                    int(d.line),
                    int(d.col),
                    text(d.code),
                    text(&d.message),
                    text(d.severity.as_str()),
                ]
            })
            .collect(),
    }
}

fn node_row(node: &Node) -> Vec<DataValue> {
    vec![
        uuid(node.id),
        uuid(node.crate_id),
        text(node.kind.as_str()),
        text(&node.name),
        text(&node.path),
        text(&node.file),
        int(node.range.line),
        int(node.range.col),
        int(node.range.end_line),
        int(node.range.end_col),
        text(&node.vis),
        optional_text(node.signature.as_deref()),
        optional_text(node.docs.as_deref()),
        DataValue::List(node.attrs.iter().map(|a| text(a)).collect()),
        text(&hex(&node.content_hash)),
        optional_text(node.cfg.as_deref()),
    ]
}

/// Each row of a part as (relation position, encoded key, hash of the whole
/// row), packed into bytes: what the next run diffs against.
pub(crate) fn digest(rows: &PartRows) -> Vec<u8> {
    rows.iter()
        .enumerate()
        .flat_map(|(position, relation_rows)| relation_digest(position, relation_rows))
        .collect()
}

/// The piece of a part's [`digest`] for the relation at `position`: a
/// part's digest is its relations' pieces in [`GRAPH_RELATIONS`] order.
pub(crate) fn relation_digest(position: usize, rows: &[Vec<DataValue>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    let key_arity = GRAPH_RELATIONS[position].2;
    for row in rows {
        let (key_len, hash) = encode_row(row, key_arity, &mut scratch);
        out.push(position as u8);
        out.extend_from_slice(&(key_len as u32).to_le_bytes());
        out.extend_from_slice(&scratch[..key_len]);
        out.extend_from_slice(&hash.to_le_bytes());
    }
    out
}

/// Encodes `row` into `scratch`; returns the length of its key's encoding
/// and a hash of the whole row.
fn encode_row(row: &[DataValue], key_arity: usize, scratch: &mut Vec<u8>) -> (usize, u64) {
    scratch.clear();
    let mut key_len = 0;
    for (column, value) in row.iter().enumerate() {
        encode_value(value, scratch);
        if column + 1 == key_arity {
            key_len = scratch.len();
        }
    }
    let hash = blake3::hash(scratch);
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    (key_len, u64::from_le_bytes(first))
}

const NULL: u8 = 0;
const BOOL: u8 = 1;
const INT: u8 = 2;
const STR: u8 = 3;
const UUID: u8 = 4;
const LIST: u8 = 5;
const OTHER: u8 = 6;

fn encode_value(value: &DataValue, out: &mut Vec<u8>) {
    match value {
        DataValue::Null => out.push(NULL),
        DataValue::Bool(b) => out.extend_from_slice(&[BOOL, *b as u8]),
        DataValue::Num(_) => {
            out.push(INT);
            out.extend_from_slice(&value.get_int().unwrap_or_default().to_le_bytes());
        }
        DataValue::Str(s) => {
            out.push(STR);
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            out.extend_from_slice(s.as_bytes());
        }
        DataValue::Uuid(UuidWrapper(id)) => {
            out.push(UUID);
            out.extend_from_slice(id.as_bytes());
        }
        DataValue::List(items) => {
            out.push(LIST);
            out.extend_from_slice(&(items.len() as u32).to_le_bytes());
            for item in items {
                encode_value(item, out);
            }
        }
        // Graph rows hold none of these; hashing their debug text keeps
        // the digest total anyway.
        other => {
            out.push(OTHER);
            let debug = format!("{other:?}");
            out.extend_from_slice(&(debug.len() as u32).to_le_bytes());
            out.extend_from_slice(debug.as_bytes());
        }
    }
}

/// Decodes a key encoded by [`encode_row`]; `None` if the bytes are not one.
fn decode_key(mut bytes: &[u8]) -> Option<Vec<DataValue>> {
    fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        if bytes.len() < n {
            return None;
        }
        let (head, tail) = bytes.split_at(n);
        *bytes = tail;
        Some(head)
    }
    let mut values = Vec::new();
    while !bytes.is_empty() {
        let tag = take(&mut bytes, 1)?[0];
        values.push(match tag {
            NULL => DataValue::Null,
            BOOL => DataValue::Bool(take(&mut bytes, 1)?[0] != 0),
            INT => DataValue::from(i64::from_le_bytes(take(&mut bytes, 8)?.try_into().ok()?)),
            STR => {
                let len = u32::from_le_bytes(take(&mut bytes, 4)?.try_into().ok()?) as usize;
                DataValue::from(std::str::from_utf8(take(&mut bytes, len)?).ok()?)
            }
            UUID => uuid(Uuid::from_slice(take(&mut bytes, 16)?).ok()?),
            _ => return None,
        });
    }
    Some(values)
}

/// Entries of a digest: relation position followed by the key's bytes →
/// row hash.
fn read_digest(digest: &[u8]) -> Option<HashMap<Vec<u8>, u64>> {
    let mut entries = HashMap::new();
    let mut at = 0;
    while at < digest.len() {
        let key_len = u32::from_le_bytes(digest.get(at + 1..at + 5)?.try_into().ok()?) as usize;
        let mut key = vec![*digest.get(at)?];
        key.extend_from_slice(digest.get(at + 5..at + 5 + key_len)?);
        let hash = u64::from_le_bytes(
            digest
                .get(at + 5 + key_len..at + 13 + key_len)?
                .try_into()
                .ok()?,
        );
        entries.insert(key, hash);
        at += 13 + key_len;
    }
    Some(entries)
}

/// What to write for one part: rows that are new or changed, and keys of
/// rows that are gone, per relation position.
#[derive(Default)]
pub(crate) struct PartDelta {
    pub puts: Vec<Vec<Vec<DataValue>>>,
    pub removals: Vec<Vec<Vec<DataValue>>>,
}

/// Compares a part's new rows with the digest of its previous rows.
/// `None` if the digest is corrupt (the caller rebuilds).
pub(crate) fn diff(old_digest: &[u8], rows: PartRows) -> Option<PartDelta> {
    let mut old = read_digest(old_digest)?;
    let mut delta = PartDelta {
        puts: vec![Vec::new(); GRAPH_RELATIONS.len()],
        removals: vec![Vec::new(); GRAPH_RELATIONS.len()],
    };
    let (mut scratch, mut lookup) = (Vec::new(), Vec::new());
    for (position, relation_rows) in rows.into_iter().enumerate() {
        let key_arity = GRAPH_RELATIONS[position].2;
        for row in relation_rows {
            let (key_len, hash) = encode_row(&row, key_arity, &mut scratch);
            lookup.clear();
            lookup.push(position as u8);
            lookup.extend_from_slice(&scratch[..key_len]);
            match old.remove(lookup.as_slice()) {
                Some(old_hash) if old_hash == hash => {}
                _ => delta.puts[position].push(row),
            }
        }
    }
    for (key, _) in old {
        let position = key[0] as usize;
        if position >= GRAPH_RELATIONS.len() {
            return None;
        }
        delta.removals[position].push(decode_key(&key[1..])?);
    }
    Some(delta)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(nodes: Vec<Vec<DataValue>>) -> PartRows {
        let mut part = vec![Vec::new(); GRAPH_RELATIONS.len()];
        part[1] = nodes;
        part
    }

    fn by_name(name: &str, id: u128) -> Vec<DataValue> {
        vec![text(name), uuid(Uuid::from_u128(id))]
    }

    #[test]
    fn unchanged_rows_are_not_written_changed_ones_are_and_gone_ones_removed() {
        let before = rows(vec![by_name("a", 1), by_name("b", 2), by_name("c", 3)]);
        let old = digest(&before);
        let after = rows(vec![by_name("a", 1), by_name("c", 4), by_name("d", 5)]);
        let delta = diff(&old, after).expect("valid digest");
        assert_eq!(delta.puts[1], vec![by_name("c", 4), by_name("d", 5)]);
        let mut removed = delta.removals[1].clone();
        removed.sort();
        assert_eq!(removed, vec![by_name("b", 2), by_name("c", 3)]);
    }

    #[test]
    fn a_row_whose_value_columns_change_is_written_again_under_its_key() {
        let edge = |provenance: &str| {
            let mut part = vec![Vec::new(); GRAPH_RELATIONS.len()];
            part[2] = vec![vec![
                uuid(Uuid::from_u128(1)),
                uuid(Uuid::from_u128(2)),
                text("calls"),
                text(provenance),
                DataValue::from(1),
                DataValue::Null,
                DataValue::Null,
            ]];
            part
        };
        let delta = diff(&digest(&edge("exact")), edge("heuristic")).expect("valid");
        assert_eq!(delta.puts[2].len(), 1);
        assert!(
            delta.removals[2].is_empty(),
            "same key: overwritten, not removed"
        );
    }

    #[test]
    fn a_corrupt_digest_is_refused() {
        let mut old = digest(&rows(vec![by_name("a", 1)]));
        old.truncate(old.len() - 3);
        assert!(diff(&old, rows(Vec::new())).is_none());
    }
}
