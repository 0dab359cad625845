//! Rows of the graph relations, built per part of the graph (a crate's
//! graph, or the external nodes), and their digest: each row's key and a
//! hash of the whole row, so a later run can write only the rows that
//! differ and remove the ones that are gone.

use std::borrow::Cow;
use std::collections::HashMap;

use cozo::{DataValue, NamedRows, UuidWrapper};
use uuid::Uuid;

use super::cozo_format::{Cell, Pairs};

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

/// Rows of each graph relation, in [`GRAPH_RELATIONS`] order, as cells
/// borrowed from the graph.
pub(crate) type PartRows<'g> = Vec<Vec<Vec<Cell<'g>>>>;

pub(crate) fn uuid(id: Uuid) -> DataValue {
    DataValue::Uuid(UuidWrapper(id))
}

pub(crate) fn text(value: &str) -> DataValue {
    DataValue::from(value)
}

pub(crate) fn named(headers: &[&str], rows: Vec<Vec<DataValue>>) -> NamedRows {
    NamedRows::new(headers.iter().map(|h| h.to_string()).collect(), rows)
}

/// The rows of one part of the graph. `id_of` maps every dense index an
/// edge of `graph` mentions (its own nodes and those of other crates) to
/// the node's id.
pub(crate) fn part_rows<'g>(graph: &'g UnitGraph, id_of: &[Uuid]) -> PartRows<'g> {
    (0..GRAPH_RELATIONS.len())
        .map(|position| {
            let mut rows = Vec::with_capacity(relation_len(graph, position));
            visit_rows(graph, id_of, position, |row| rows.push(row.to_vec()));
            rows
        })
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

/// Calls `row` with each row of `graph` in the relation at `position` of
/// [`GRAPH_RELATIONS`], its cells in column order. Rows are handed over
/// one at a time, so a full write encodes them without keeping them.
pub(crate) fn visit_rows<'g>(
    graph: &'g UnitGraph,
    id_of: &[Uuid],
    position: usize,
    row: impl FnMut(&[Cell<'g>]),
) {
    visit_rows_of(graph, id_of, position, 0..source_len(graph, position), row)
}

/// How many items the rows of the relation at `position` come from (nodes
/// for the node relations, edges for the edge relations, …): the range
/// [`visit_rows_of`] takes.
pub(crate) fn source_len(graph: &UnitGraph, position: usize) -> usize {
    match position {
        0 | 1 => graph.nodes.len(),
        2 | 3 => graph.edges.len(),
        4 => graph.annotations.len(),
        5 => graph.unresolved.len(),
        6 => graph.files.len(),
        _ => graph.diagnostics.len(),
    }
}

/// [`visit_rows`] for the rows made from the items in `range` (see
/// [`source_len`]), so that one large part can be encoded in pieces.
pub(crate) fn visit_rows_of<'g>(
    graph: &'g UnitGraph,
    id_of: &[Uuid],
    position: usize,
    range: std::ops::Range<usize>,
    mut row: impl FnMut(&[Cell<'g>]),
) {
    let id = |idx: crate::model::NodeIdx| Cell::Uuid(id_of[idx.0 as usize]);
    let int = |value: i64| Cell::Int(value);
    match position {
        0 => graph.nodes[range]
            .iter()
            .for_each(|node| row(&node_row(node))),
        1 => graph.nodes[range]
            .iter()
            .for_each(|n| row(&[Cell::text(&n.name), Cell::Uuid(n.id)])),
        2 => graph.edges[range].iter().for_each(|edge| {
            let (file, line) = match &edge.site {
                Some((file, line)) => (Cell::text(file), int(i64::from(*line))),
                None => (Cell::Null, Cell::Null),
            };
            row(&[
                id(edge.src),
                id(edge.dst),
                Cell::text(edge.kind.as_str()),
                Cell::text(edge.provenance.as_str()),
                int(i64::from(edge.candidates)),
                file,
                line,
            ])
        }),
        // Callers are looked up by destination; `contains` has its parent
        // in the path already.
        3 => graph.edges[range]
            .iter()
            .filter(|edge| edge.kind != EdgeKind::Contains)
            .for_each(|edge| row(&[id(edge.dst), Cell::text(edge.kind.as_str()), id(edge.src)])),
        4 => graph.annotations[range].iter().for_each(|a| {
            row(&[id(a.node), Cell::text(&a.key), Cell::text(&a.value)]);
        }),
        5 => graph.unresolved[range].iter().for_each(|u| {
            row(&[
                id(u.src),
                Cell::text(u.kind),
                Cell::text(&u.text),
                Cell::text(&u.file),
                int(i64::from(u.line)),
            ])
        }),
        6 => graph.files[range].iter().for_each(|file| {
            row(&[
                Cell::text(&file.path),
                Cell::Uuid(file.crate_id),
                Cell::text(file.root.as_str()),
                Cell::Text(file.abs_path.to_string_lossy()),
                file.hash
                    .as_ref()
                    .map(|hash| Cell::Text(Cow::Owned(hex(hash))))
                    .unwrap_or(Cell::Null),
                int(file.bytes as i64),
                int(i64::from(file.lines)),
                Cell::optional_text(file.error.as_deref()),
            ])
        }),
        _ => graph.diagnostics[range].iter().for_each(|d| {
            row(&[
                Cell::Uuid(d.crate_id),
                Cell::text(&d.file),
                int(i64::from(d.line)),
                int(i64::from(d.col)),
                Cell::text(d.code),
                Cell::text(&d.message),
                Cell::text(d.severity.as_str()),
            ])
        }),
    }
}

fn node_row(node: &Node) -> [Cell<'_>; 16] {
    [
        Cell::Uuid(node.id),
        Cell::Uuid(node.crate_id),
        Cell::text(node.kind.as_str()),
        Cell::text(&node.name),
        Cell::text(&node.path),
        Cell::text(&node.file),
        Cell::Int(i64::from(node.range.line)),
        Cell::Int(i64::from(node.range.col)),
        Cell::Int(i64::from(node.range.end_line)),
        Cell::Int(i64::from(node.range.end_col)),
        Cell::text(&node.vis),
        Cell::optional_text(node.signature.as_deref()),
        Cell::optional_text(node.docs.as_deref()),
        Cell::Texts(&node.attrs),
        Cell::Text(Cow::Owned(hex(&node.content_hash))),
        Cell::optional_text(node.cfg.as_deref()),
    ]
}

/// A part's rows of one relation, encoded as Cozo stores them.
pub(crate) struct EncodedPart {
    pub pairs: Pairs,
    /// Their piece of the part's [`digest`].
    pub digest_piece: Vec<u8>,
    /// The first and the last row (their index and values), which Cozo
    /// encodes too to check ours: between them they meet most shapes a row
    /// takes (a part's first node is its crate, the last a member; its
    /// first edge has a call site, the last none).
    pub samples: Vec<(usize, Vec<DataValue>)>,
}

/// Encodes the rows in the relation at `position` made from the part's
/// items in `range` (see [`source_len`]) under `relation_id`, in one pass
/// over them.
pub(crate) fn encode_relation_part(
    graph: &UnitGraph,
    id_of: &[Uuid],
    position: usize,
    relation_id: u64,
    range: std::ops::Range<usize>,
) -> EncodedPart {
    let key_arity = GRAPH_RELATIONS[position].2;
    let rows = if position == 3 {
        graph.edges[range.clone()]
            .iter()
            .filter(|edge| edge.kind != EdgeKind::Contains)
            .count()
    } else {
        range.len()
    };
    let mut pairs = Pairs::with_capacity(rows);
    // Enough for most rows' digest entries (the relation's key and 13
    // bytes), so the piece rarely grows.
    let mut digest_piece = Vec::with_capacity(rows * 64);
    let mut samples = Vec::new();
    let mut scratch = Vec::new();
    let mut index = 0;
    visit_rows_of(graph, id_of, position, range, |row| {
        pairs.push_row(relation_id, row, key_arity);
        digest_entry(position, row, &mut scratch, &mut digest_piece);
        if index == 0 || index + 1 == rows {
            samples.push((index, row.iter().map(Cell::to_data_value).collect()));
        }
        index += 1;
    });
    EncodedPart {
        pairs,
        digest_piece,
        samples,
    }
}

/// Each row of a part as (relation position, encoded key, hash of the whole
/// row), packed into bytes: what the next run diffs against. A part's
/// digest is its relations' pieces in [`GRAPH_RELATIONS`] order.
pub(crate) fn digest(rows: &PartRows<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    for (position, relation_rows) in rows.iter().enumerate() {
        for row in relation_rows {
            digest_entry(position, row, &mut scratch, &mut out);
        }
    }
    out
}

fn digest_entry(position: usize, row: &[Cell<'_>], scratch: &mut Vec<u8>, out: &mut Vec<u8>) {
    let (key_len, hash) = encode_row(row, GRAPH_RELATIONS[position].2, scratch);
    out.push(position as u8);
    out.extend_from_slice(&(key_len as u32).to_le_bytes());
    out.extend_from_slice(&scratch[..key_len]);
    out.extend_from_slice(&hash.to_le_bytes());
}

/// Encodes `row` into `scratch`; returns the length of its key's encoding
/// and a hash of the whole row.
fn encode_row(row: &[Cell<'_>], key_arity: usize, scratch: &mut Vec<u8>) -> (usize, u64) {
    scratch.clear();
    let mut key_len = 0;
    for (column, cell) in row.iter().enumerate() {
        encode_cell(cell, scratch);
        if column + 1 == key_arity {
            key_len = scratch.len();
        }
    }
    // Only tells whether a row changed under its key: a fast 64-bit hash
    // will do (blake3 here was 40% of encoding the node relation).
    (key_len, twox_hash::xxh3::hash64(scratch))
}

const NULL: u8 = 0;
const BOOL: u8 = 1;
const INT: u8 = 2;
const STR: u8 = 3;
const UUID: u8 = 4;
const LIST: u8 = 5;

fn encode_str(value: &str, out: &mut Vec<u8>) {
    out.push(STR);
    out.extend_from_slice(&(value.len() as u32).to_le_bytes());
    out.extend_from_slice(value.as_bytes());
}

fn encode_cell(cell: &Cell<'_>, out: &mut Vec<u8>) {
    match cell {
        Cell::Null => out.push(NULL),
        Cell::Int(value) => {
            out.push(INT);
            out.extend_from_slice(&value.to_le_bytes());
        }
        Cell::Text(value) => encode_str(value, out),
        Cell::Uuid(id) => {
            out.push(UUID);
            out.extend_from_slice(id.as_bytes());
        }
        Cell::Texts(values) => {
            out.push(LIST);
            out.extend_from_slice(&(values.len() as u32).to_le_bytes());
            for value in values.iter() {
                encode_str(value, out);
            }
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
pub(crate) fn diff(old_digest: &[u8], rows: PartRows<'_>) -> Option<PartDelta> {
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
                _ => delta.puts[position].push(row.iter().map(Cell::to_data_value).collect()),
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

    fn rows(nodes: Vec<Vec<Cell<'static>>>) -> PartRows<'static> {
        let mut part = vec![Vec::new(); GRAPH_RELATIONS.len()];
        part[1] = nodes;
        part
    }

    fn by_name(name: &'static str, id: u128) -> Vec<Cell<'static>> {
        vec![Cell::text(name), Cell::Uuid(Uuid::from_u128(id))]
    }

    fn values(row: Vec<Cell<'_>>) -> Vec<DataValue> {
        row.iter().map(Cell::to_data_value).collect()
    }

    #[test]
    fn unchanged_rows_are_not_written_changed_ones_are_and_gone_ones_removed() {
        let before = rows(vec![by_name("a", 1), by_name("b", 2), by_name("c", 3)]);
        let old = digest(&before);
        let after = rows(vec![by_name("a", 1), by_name("c", 4), by_name("d", 5)]);
        let delta = diff(&old, after).expect("valid digest");
        assert_eq!(
            delta.puts[1],
            vec![values(by_name("c", 4)), values(by_name("d", 5))]
        );
        let mut removed = delta.removals[1].clone();
        removed.sort();
        assert_eq!(
            removed,
            vec![values(by_name("b", 2)), values(by_name("c", 3))]
        );
    }

    #[test]
    fn a_row_whose_value_columns_change_is_written_again_under_its_key() {
        let edge = |provenance: &'static str| {
            let mut part = vec![Vec::new(); GRAPH_RELATIONS.len()];
            part[2] = vec![vec![
                Cell::Uuid(Uuid::from_u128(1)),
                Cell::Uuid(Uuid::from_u128(2)),
                Cell::text("calls"),
                Cell::text(provenance),
                Cell::Int(1),
                Cell::Null,
                Cell::Null,
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
