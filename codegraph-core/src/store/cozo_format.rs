//! Cozo 0.7.6's stored form of a row, written straight from the graph:
//! the key is the relation id (8 bytes, big-endian) and the key columns in
//! Cozo's order-preserving ("memcomparable") encoding; the value is the
//! relation id and the other columns as a MessagePack array of Cozo's
//! `DataValue` enum.
//!
//! Why: a full write of the public corpus spent ~0.8 s building `DataValue`
//! rows and ~2 CPU-s in Cozo's import encoding them, most of it allocating
//! and coercing values whose types are known here. Encoding from borrowed
//! [`Cell`]s writes the same bytes without either. The format is Cozo's, so
//! `cozo` is pinned to one version (`=0.7.6`); the tests below, and the
//! check every full write makes on sampled rows (see [`super::bulk`]),
//! compare these bytes with what Cozo itself writes.

use std::borrow::Cow;

use cozo::{DataValue, UuidWrapper};
use uuid::Uuid;

/// One column's value, borrowed from the graph where it can be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell<'a> {
    Null,
    Int(i64),
    Text(Cow<'a, str>),
    Uuid(Uuid),
    Texts(&'a [String]),
}

impl<'a> Cell<'a> {
    pub fn text(value: &'a str) -> Self {
        Cell::Text(Cow::Borrowed(value))
    }

    pub fn optional_text(value: Option<&'a str>) -> Self {
        value.map(Cell::text).unwrap_or(Cell::Null)
    }

    pub fn to_data_value(&self) -> DataValue {
        match self {
            Cell::Null => DataValue::Null,
            Cell::Int(value) => DataValue::from(*value),
            Cell::Text(value) => DataValue::from(value.as_ref()),
            Cell::Uuid(id) => DataValue::Uuid(UuidWrapper(*id)),
            Cell::Texts(values) => {
                DataValue::List(values.iter().map(|v| DataValue::from(v.as_str())).collect())
            }
        }
    }
}

/// Appends the stored key of a row whose key columns are `key` to `out`.
pub(crate) fn encode_key(relation_id: u64, key: &[Cell<'_>], out: &mut Vec<u8>) {
    out.extend_from_slice(&relation_id.to_be_bytes());
    for cell in key {
        key_cell(cell, out);
    }
}

/// Appends the stored value of a row whose other columns are `values`.
pub(crate) fn encode_value(relation_id: u64, values: &[Cell<'_>], out: &mut Vec<u8>) {
    out.extend_from_slice(&relation_id.to_be_bytes());
    array_len(values.len(), out);
    for cell in values {
        value_cell(cell, out);
    }
}

// Type tags of Cozo's key encoding (cozo/src/data/memcmp.rs).
const NULL_TAG: u8 = 0x01;
const NUM_TAG: u8 = 0x05;
const STR_TAG: u8 = 0x06;
const UUID_TAG: u8 = 0x08;
const LIST_TAG: u8 = 0x0A;
const LIST_END: u8 = 0x00;
const EXACT_INT: u8 = 0x00;
const APPROX_INT: u8 = 0x04;
/// Integers below this magnitude are exact as an `f64`, and Cozo stores
/// only the float; larger ones get the integer after it.
const EXACT_INT_BOUND: i64 = 1 << 53;
const SIGN_BIT: u64 = 1 << 63;

fn key_cell(cell: &Cell<'_>, out: &mut Vec<u8>) {
    match cell {
        Cell::Null => out.push(NULL_TAG),
        Cell::Int(value) => {
            out.push(NUM_TAG);
            // Cozo orders every number as a float first.
            let float = *value as f64;
            let bits = float.to_bits();
            let ordered = if float.is_sign_positive() {
                bits | SIGN_BIT
            } else {
                !bits
            };
            out.extend_from_slice(&ordered.to_be_bytes());
            if *value > -EXACT_INT_BOUND && *value < EXACT_INT_BOUND {
                out.push(EXACT_INT);
            } else {
                out.push(APPROX_INT);
                out.extend_from_slice(&((*value as u64) ^ SIGN_BIT).to_be_bytes());
            }
        }
        Cell::Text(value) => {
            out.push(STR_TAG);
            key_bytes(value.as_bytes(), out);
        }
        Cell::Uuid(id) => {
            out.push(UUID_TAG);
            // Time-high first, so that v1 uuids sort by time.
            let (low, mid, high, rest) = id.as_fields();
            out.extend_from_slice(&high.to_be_bytes());
            out.extend_from_slice(&mid.to_be_bytes());
            out.extend_from_slice(&low.to_be_bytes());
            out.extend_from_slice(rest);
        }
        Cell::Texts(values) => {
            out.push(LIST_TAG);
            for value in values.iter() {
                out.push(STR_TAG);
                key_bytes(value.as_bytes(), out);
            }
            out.push(LIST_END);
        }
    }
}

/// Bytes in groups of eight, each followed by a marker (0xff for a full
/// group, 0xff minus the zero padding for the last): order-preserving and
/// self-delimiting. An empty string is one padded group.
fn key_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    const GROUP: usize = 8;
    let mut groups = bytes.chunks_exact(GROUP);
    for group in &mut groups {
        out.extend_from_slice(group);
        out.push(0xff);
    }
    let rest = groups.remainder();
    let padding = GROUP - rest.len();
    out.extend_from_slice(rest);
    out.extend_from_slice(&[0; GROUP][..padding]);
    out.push(0xff - padding as u8);
}

fn value_cell(cell: &Cell<'_>, out: &mut Vec<u8>) {
    // Serde writes an enum's unit variant as its name, and a newtype
    // variant as a one-entry map from its name to its content.
    let variant = |name: &str, out: &mut Vec<u8>| {
        out.push(FIXMAP_ONE);
        str(name, out);
    };
    match cell {
        Cell::Null => str("Null", out),
        Cell::Int(value) => {
            variant("Num", out);
            variant("Int", out);
            sint(*value, out);
        }
        Cell::Text(value) => {
            variant("Str", out);
            str(value, out);
        }
        Cell::Uuid(id) => {
            variant("Uuid", out);
            // A uuid is 16 raw bytes to a serializer that is not human
            // readable, as Cozo's is.
            out.extend_from_slice(&[BIN8, 16]);
            out.extend_from_slice(id.as_bytes());
        }
        Cell::Texts(values) => {
            variant("List", out);
            array_len(values.len(), out);
            for value in values.iter() {
                variant("Str", out);
                str(value, out);
            }
        }
    }
}

// MessagePack markers.
const FIXMAP_ONE: u8 = 0x81;
const BIN8: u8 = 0xc4;

/// Writes into a vector cannot fail, so `rmp`'s results carry nothing.
fn str(value: &str, out: &mut Vec<u8>) {
    let _ = rmp::encode::write_str(out, value);
}

fn sint(value: i64, out: &mut Vec<u8>) {
    let _ = rmp::encode::write_sint(out, value);
}

fn array_len(len: usize, out: &mut Vec<u8>) {
    let _ = rmp::encode::write_array_len(out, len as u32);
}

/// Encoded pairs back to back in blocks of about a megabyte: a few
/// allocations for a relation's share of a part instead of two per row,
/// and none copied again as they grow (growing one buffer for all of them
/// copied it and faulted in fresh pages each time).
#[derive(Debug, Default)]
pub(crate) struct Pairs {
    blocks: Vec<Vec<u8>>,
    places: Vec<PairPlace>,
    scratch: Vec<u8>,
}

/// A pair's block and where its key starts and its key and value end.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PairPlace {
    block: u32,
    start: u32,
    key_end: u32,
    value_end: u32,
}

const BLOCK_BYTES: usize = 1 << 20;

impl Pairs {
    pub fn with_capacity(rows: usize) -> Self {
        Pairs {
            places: Vec::with_capacity(rows),
            ..Default::default()
        }
    }

    /// Appends a row whose first `key_arity` cells are its key.
    pub fn push_row(&mut self, relation_id: u64, cells: &[Cell<'_>], key_arity: usize) {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        encode_key(relation_id, &cells[..key_arity], &mut scratch);
        let key_len = scratch.len();
        encode_value(relation_id, &cells[key_arity..], &mut scratch);
        let (key, value) = scratch.split_at(key_len);
        self.push(key, value);
        self.scratch = scratch;
    }

    pub fn push(&mut self, key: &[u8], value: &[u8]) {
        let len = key.len() + value.len();
        let fits = self
            .blocks
            .last()
            .is_some_and(|block| block.capacity() - block.len() >= len);
        if !fits {
            self.blocks.push(Vec::with_capacity(len.max(BLOCK_BYTES)));
        }
        let block_index = self.blocks.len() - 1;
        let block = &mut self.blocks[block_index];
        let start = block.len();
        block.extend_from_slice(key);
        block.extend_from_slice(value);
        // A block holds at most max(1 MiB, one pair) bytes; pairs are far
        // below 4 GiB (SQLite's own limit on a value is 1 GB).
        self.places.push(PairPlace {
            block: block_index as u32,
            start: start as u32,
            key_end: (start + key.len()) as u32,
            value_end: (start + len) as u32,
        });
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// The key and value of the pair at `index`.
    pub fn get(&self, index: usize) -> (&[u8], &[u8]) {
        self.at(self.places[index])
    }

    /// Where the pair at `index` is, for [`Pairs::at`].
    pub fn place(&self, index: usize) -> PairPlace {
        self.places[index]
    }

    /// The key and value of the pair at `place`.
    pub fn at(&self, place: PairPlace) -> (&[u8], &[u8]) {
        let block = &self.blocks[place.block as usize];
        (
            &block[place.start as usize..place.key_end as usize],
            &block[place.key_end as usize..place.value_end as usize],
        )
    }

    /// Asks the CPU to start loading the pair at `place` into its cache.
    /// Read in key order, pairs are scattered across the blocks, and a
    /// reader that waits for each in turn spends most of its time waiting.
    pub fn prefetch(&self, place: PairPlace) {
        #[cfg(target_arch = "x86_64")]
        if let Some(block) = self.blocks.get(place.block as usize) {
            let start = block.as_ptr().wrapping_add(place.start as usize);
            // SAFETY: SSE, which the instruction needs, is part of every
            // x86_64 CPU; a prefetch is a hint that reads nothing and never
            // faults, whatever the address.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(start.cast())
            };
        }
        #[cfg(not(target_arch = "x86_64"))]
        let _ = place;
    }
}

/// Relation name → id, read from the catalog pairs Cozo wrote on creating
/// the relations: each relation's handle is stored, as a MessagePack map
/// with named fields, under relation id 0.
pub(crate) fn relation_ids<'p>(
    catalog: impl IntoIterator<Item = (&'p [u8], &'p [u8])>,
) -> std::collections::HashMap<String, u64> {
    #[derive(serde::Deserialize)]
    struct Handle {
        name: String,
        id: u64,
    }
    catalog
        .into_iter()
        .filter(|(key, _)| key.len() > 8 && key[..8] == [0; 8] && key[8] == STR_TAG)
        .filter_map(|(_, value)| rmp_serde::from_slice::<Handle>(value).ok())
        .map(|handle| (handle.name, handle.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use cozo::{NamedRows, ScriptMutability};

    use super::super::capture::{CapturedDb, StoredPair};
    use super::*;

    /// Encodes `rows` into a relation `{a, b => c, d}` (columns untyped,
    /// so any cell goes anywhere) both here and by Cozo's import.
    fn ours_and_cozos(rows: &[[Cell<'_>; 4]]) -> (Vec<StoredPair>, Vec<StoredPair>) {
        let captured = CapturedDb::new().unwrap();
        captured
            .db
            .run_script(
                ":create probe {a, b => c, d}",
                BTreeMap::new(),
                ScriptMutability::Mutable,
            )
            .unwrap();
        let named = NamedRows::new(
            ["a", "b", "c", "d"].map(String::from).to_vec(),
            rows.iter()
                .map(|row| row.iter().map(Cell::to_data_value).collect())
                .collect(),
        );
        captured
            .db
            .import_relations(BTreeMap::from([("probe".to_string(), named)]))
            .unwrap();
        let (_, cozos) = captured.finish().unwrap();
        let relation_id = u64::from_be_bytes(cozos[0].0[..8].try_into().unwrap());
        let ours = rows
            .iter()
            .map(|row| {
                let (mut key, mut value) = (Vec::new(), Vec::new());
                encode_key(relation_id, &row[..2], &mut key);
                encode_value(relation_id, &row[2..], &mut value);
                (key, value)
            })
            .collect();
        (ours, cozos)
    }

    #[test]
    fn every_cell_is_encoded_as_cozo_encodes_it() {
        let lengths = [
            0, 1, 7, 8, 9, 16, 31, 32, 33, 255, 256, 65_535, 65_536, 70_001,
        ];
        let texts: Vec<String> = lengths
            .iter()
            .map(|n| "é".repeat(*n / 2) + "x".repeat(n % 2).as_str())
            .collect();
        let many: Vec<String> = (0..20).map(|n| format!("#[attr{n}]")).collect();
        let ints = [
            0,
            1,
            127,
            128,
            255,
            256,
            65_535,
            65_536,
            u32::MAX as i64,
            u32::MAX as i64 + 1,
            (1 << 53) - 1,
            1 << 53,
            i64::MAX,
            -1,
            -32,
            -33,
            -128,
            -129,
            -32_768,
            -32_769,
            i32::MIN as i64,
            i32::MIN as i64 - 1,
            -(1 << 53),
            i64::MIN,
        ];
        let mut rows = Vec::new();
        for (n, text) in texts.iter().enumerate() {
            rows.push([
                Cell::text(text),
                Cell::Int(n as i64),
                Cell::text(text),
                Cell::Texts(&many[..n]),
            ]);
        }
        for (n, int) in ints.iter().enumerate() {
            rows.push([
                Cell::Int(*int),
                Cell::Uuid(Uuid::from_u128(n as u128 * 0x0123_4567_89ab_cdef_0011_2233)),
                Cell::Int(*int),
                Cell::Null,
            ]);
        }
        rows.push([
            Cell::Null,
            Cell::Texts(&many),
            Cell::Uuid(Uuid::from_u128(u128::MAX)),
            Cell::Text(Cow::Owned("owned".to_string())),
        ]);
        rows.push([
            Cell::Uuid(Uuid::nil()),
            Cell::Texts(&[]),
            Cell::Texts(&[]),
            Cell::text(""),
        ]);
        let (mut ours, cozos) = ours_and_cozos(&rows);
        assert_eq!(cozos.len(), rows.len(), "every key differs");
        // Cozo hands rows over in its own order.
        ours.sort();
        let mut cozos = cozos;
        cozos.sort();
        for (ours, cozos) in ours.iter().zip(&cozos) {
            assert_eq!(ours, cozos);
        }
    }
}
