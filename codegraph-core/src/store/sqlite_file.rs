//! Writes Cozo's one table, `cozo (k BLOB PRIMARY KEY, v BLOB) WITHOUT
//! ROWID`, straight into SQLite's file format: pairs arrive in key order
//! and the B-tree is built bottom-up, page by page, the way a bulk load
//! builds an index.
//!
//! Why: inserting row by row through SQLite was the longest single task of
//! a full write (~0.8 µs a row, 1.2 s of the public corpus's 1.5 M rows,
//! on one core), most of it finding, for every row, the place it already
//! knew the row went. Here a row costs a copy into its page.
//!
//! The file starts as SQLite itself lays it out (`prepare_sqlite_file`:
//! page 1 with the header and the schema, page 2 the table's empty root).
//! The writer fills pages 3 on, puts the root on page 2 and updates the
//! header's page count. The format is SQLite's documented file format
//! (<https://www.sqlite.org/fileformat2.html>): index B-tree pages (a
//! WITHOUT ROWID table is one), records of two blobs, overflow chains for
//! payloads too large for a page, and the lock-byte page at 1 GiB left
//! unused. The tests have SQLite check what this writes
//! (`PRAGMA integrity_check`) and read every row back.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// The page size `prepare_sqlite_file` sets.
pub(crate) const PAGE_SIZE: usize = 16_384;
/// The table's root page, as SQLite assigns it in a fresh file.
const ROOT_PAGE: u32 = 2;

const LEAF_INDEX_PAGE: u8 = 0x0a;
const INTERIOR_INDEX_PAGE: u8 = 0x02;
const LEAF_HEADER: usize = 8;
const INTERIOR_HEADER: usize = 12;

/// The most of a payload an index page keeps in the cell; a larger one
/// keeps [`min_local`] bytes or so and spills the rest to overflow pages.
const fn max_local() -> usize {
    (PAGE_SIZE - 12) * 64 / 255 - 23
}

const fn min_local() -> usize {
    (PAGE_SIZE - 12) * 32 / 255 - 23
}

/// The page that holds the bytes SQLite locks on (offset 1 GiB) is never
/// part of the database.
const LOCK_BYTE_PAGE: u32 = (0x4000_0000 / PAGE_SIZE) as u32 + 1;

#[derive(Debug, thiserror::Error)]
pub(crate) enum PageWriteError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("not the fresh file this writer fills: {0}")]
    UnexpectedLayout(&'static str),
    #[error("keys must arrive in ascending order, each once")]
    OutOfOrder,
    #[error("a pair of {0} bytes is larger than SQLite stores")]
    TooLarge(usize),
}

type Result<T> = std::result::Result<T, PageWriteError>;

/// The cells of one page being filled: their bytes back to back, and
/// where each ends. An interior cell is its left child's page number
/// followed by a cell body; a leaf cell is a body.
#[derive(Default)]
struct PageCells {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl PageCells {
    fn len(&self) -> usize {
        self.ends.len()
    }

    fn fits(&self, header: usize, cell_len: usize) -> bool {
        header + 2 * (self.ends.len() + 1) + self.bytes.len() + cell_len <= PAGE_SIZE
    }

    fn push(&mut self, cell: &[u8]) {
        self.bytes.extend_from_slice(cell);
        self.ends.push(self.bytes.len());
    }

    fn cell(&self, index: usize) -> &[u8] {
        let start = if index == 0 { 0 } else { self.ends[index - 1] };
        &self.bytes[start..self.ends[index]]
    }

    fn pop(&mut self) -> Option<Vec<u8>> {
        let end = self.ends.pop()?;
        let start = self.ends.last().copied().unwrap_or(0);
        let cell = self.bytes[start..end].to_vec();
        self.bytes.truncate(start);
        Some(cell)
    }

    /// The page image: header, cell pointers in key order, and the cells
    /// packed against the end of the page, the first cell last.
    fn image(&self, page_type: u8, right_child: Option<u32>) -> Vec<u8> {
        let mut page = vec![0u8; PAGE_SIZE];
        let header = if right_child.is_some() {
            INTERIOR_HEADER
        } else {
            LEAF_HEADER
        };
        let mut content_start = PAGE_SIZE;
        for index in 0..self.len() {
            let cell = self.cell(index);
            content_start -= cell.len();
            page[content_start..content_start + cell.len()].copy_from_slice(cell);
            let pointer = header + 2 * index;
            page[pointer..pointer + 2].copy_from_slice(&(content_start as u16).to_be_bytes());
        }
        page[0] = page_type;
        // No freeblocks (bytes 1-2); no fragmented bytes (byte 7).
        page[3..5].copy_from_slice(&(self.len() as u16).to_be_bytes());
        // A content area starting at 65536 is written as 0.
        page[5..7].copy_from_slice(&((content_start % 65_536) as u16).to_be_bytes());
        if let Some(child) = right_child {
            page[8..12].copy_from_slice(&child.to_be_bytes());
        }
        page
    }
}

/// How a record built in `TableWriter::record` goes into its cell: the
/// body is the record's size, its first `local` bytes and, if the rest
/// went to overflow pages, the first of them.
struct RecordPlace {
    payload: usize,
    local: usize,
    first_overflow: Option<u32>,
}

impl RecordPlace {
    fn body_len(&self) -> usize {
        varint_len(self.payload as u64)
            + self.local
            + 4 * usize::from(self.first_overflow.is_some())
    }

    fn append_body(&self, record: &[u8], out: &mut Vec<u8>) {
        put_varint(out, self.payload as u64);
        out.extend_from_slice(&record[..self.local]);
        if let Some(page) = self.first_overflow {
            out.extend_from_slice(&page.to_be_bytes());
        }
    }
}

/// A separator on its way up: a cell body, and the page of everything
/// before it.
struct Separator {
    left: u32,
    body: Vec<u8>,
}

pub(crate) struct TableWriter {
    file: BufWriter<File>,
    /// Where `file` will write next.
    position: u64,
    header: [u8; 100],
    next_page: u32,
    leaf: PageCells,
    /// The last full leaf, kept until the next one has a cell: if the
    /// pairs end right after a leaf filled, its last cell moves (see
    /// [`TableWriter::finish`]).
    held: Option<(u32, PageCells)>,
    separators: Vec<Separator>,
    last_key: Option<Vec<u8>>,
    record: Vec<u8>,
    /// How often the last leaf / interior page had to borrow a cell (the
    /// tests make sure both happen).
    #[cfg(test)]
    borrowed: [usize; 2],
}

impl TableWriter {
    /// Opens a file laid out by `prepare_sqlite_file` (and nothing more).
    pub fn open(path: &Path) -> Result<Self> {
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)?;
        let mut first_page = vec![0u8; 2 * PAGE_SIZE];
        file.read_exact(&mut first_page)?;
        if &first_page[..16] != b"SQLite format 3\0" {
            return Err(PageWriteError::UnexpectedLayout("no SQLite header"));
        }
        if u16::from_be_bytes([first_page[16], first_page[17]]) as usize != PAGE_SIZE
            || first_page[20] != 0
        {
            return Err(PageWriteError::UnexpectedLayout("another page size"));
        }
        if be32(&first_page[28..32]) != 2 || first_page[PAGE_SIZE] != LEAF_INDEX_PAGE {
            return Err(PageWriteError::UnexpectedLayout(
                "the table is not an empty page 2",
            ));
        }
        let mut header = [0u8; 100];
        header.copy_from_slice(&first_page[..100]);
        Ok(TableWriter {
            file: BufWriter::with_capacity(1 << 20, file),
            position: 2 * PAGE_SIZE as u64,
            header,
            next_page: ROOT_PAGE + 1,
            leaf: PageCells::default(),
            held: None,
            separators: Vec::new(),
            last_key: None,
            record: Vec::new(),
            #[cfg(test)]
            borrowed: [0; 2],
        })
    }

    /// Appends a pair; its key must be above every key before it.
    pub fn push(&mut self, key: &[u8], value: &[u8]) -> Result<()> {
        if self.last_key.as_deref().is_some_and(|last| last >= key) {
            return Err(PageWriteError::OutOfOrder);
        }
        let last_key = self.last_key.get_or_insert_with(Vec::new);
        last_key.clear();
        last_key.extend_from_slice(key);

        let record = self.record(key, value)?;
        if self.leaf.fits(LEAF_HEADER, record.body_len()) {
            if self.leaf.len() == 0 {
                self.write_held()?;
            }
            record.append_body(&self.record, &mut self.leaf.bytes);
            self.leaf.ends.push(self.leaf.bytes.len());
        } else {
            // The leaf is full: this pair separates it from the next one.
            // (Any cell fits an empty leaf, so the leaf held before has
            // been written already; writing it here only keeps that so.)
            self.write_held()?;
            let mut body = Vec::with_capacity(record.body_len());
            record.append_body(&self.record, &mut body);
            let full = std::mem::take(&mut self.leaf);
            let page = self.allocate(1);
            self.held = Some((page, full));
            self.separators.push(Separator { left: page, body });
        }
        Ok(())
    }

    /// Writes what is left, the interior pages and the root, updates the
    /// header and syncs the file.
    pub fn finish(self) -> Result<()> {
        self.finish_counting().map(|_| ())
    }

    fn finish_counting(mut self) -> Result<[usize; 2]> {
        if self.leaf.len() == 0 {
            if let (Some(separator), Some((_, held))) = (self.separators.pop(), &mut self.held) {
                // The pairs ended with a separator: it becomes the last
                // leaf's one cell, and the full leaf's last cell separates.
                let body = held.pop().ok_or(PageWriteError::UnexpectedLayout(
                    "a full leaf without cells",
                ))?;
                self.leaf.push(&separator.body);
                #[cfg(test)]
                {
                    self.borrowed[0] += 1;
                }
                self.separators.push(Separator {
                    left: separator.left,
                    body,
                });
            }
        }
        self.write_held()?;
        let mut right = if self.separators.is_empty() {
            ROOT_PAGE
        } else {
            self.allocate(1)
        };
        let leaf = std::mem::take(&mut self.leaf);
        self.write_page(right, &leaf.image(LEAF_INDEX_PAGE, None))?;

        let mut separators = std::mem::take(&mut self.separators);
        while !separators.is_empty() {
            (separators, right) = self.interior_level(separators, right)?;
        }

        let pages = self.next_page - 1;
        let counter = be32(&self.header[24..28]).wrapping_add(1);
        self.header[24..28].copy_from_slice(&counter.to_be_bytes());
        self.header[28..32].copy_from_slice(&pages.to_be_bytes());
        // The page count above is valid for this change counter.
        self.header[92..96].copy_from_slice(&counter.to_be_bytes());
        let header = self.header;
        self.seek(0)?;
        self.file.write_all(&header)?;
        let file = self.file.into_inner().map_err(|e| e.into_error())?;
        file.set_len(u64::from(pages) * PAGE_SIZE as u64)?;
        file.sync_all()?;
        #[cfg(test)]
        return Ok(self.borrowed);
        #[cfg(not(test))]
        Ok([0; 2])
    }

    /// Packs one level of separators (with `right`, the page after the
    /// last of them) into interior pages; returns the separators between
    /// those pages and the last page. The last level's one page is the
    /// root.
    fn interior_level(
        &mut self,
        separators: Vec<Separator>,
        right: u32,
    ) -> Result<(Vec<Separator>, u32)> {
        // (cells, right child) of each page, and the separators between.
        let mut pages: Vec<(PageCells, u32)> = Vec::new();
        let mut between: Vec<Vec<u8>> = Vec::new();
        let mut page = PageCells::default();
        let mut cell = Vec::new();
        for separator in separators {
            cell.clear();
            cell.extend_from_slice(&separator.left.to_be_bytes());
            cell.extend_from_slice(&separator.body);
            if page.fits(INTERIOR_HEADER, cell.len()) {
                page.push(&cell);
            } else {
                pages.push((std::mem::take(&mut page), separator.left));
                between.push(separator.body);
            }
        }
        if page.len() == 0 {
            if let (Some((previous, previous_right)), Some(separator)) =
                (pages.last_mut(), between.pop())
            {
                // As for leaves: the last page must have a cell.
                let moved = previous.pop().ok_or(PageWriteError::UnexpectedLayout(
                    "a full interior page without cells",
                ))?;
                cell.clear();
                cell.extend_from_slice(&previous_right.to_be_bytes());
                cell.extend_from_slice(&separator);
                page.push(&cell);
                #[cfg(test)]
                {
                    self.borrowed[1] += 1;
                }
                *previous_right = be32(&moved[..4]);
                between.push(moved[4..].to_vec());
            }
        }
        pages.push((page, right));

        let numbers: Vec<u32> = if pages.len() == 1 {
            vec![ROOT_PAGE]
        } else {
            pages.iter().map(|_| self.allocate(1)).collect()
        };
        for ((cells, right_child), number) in pages.iter().zip(&numbers) {
            self.write_page(
                *number,
                &cells.image(INTERIOR_INDEX_PAGE, Some(*right_child)),
            )?;
        }
        let up = between
            .into_iter()
            .zip(&numbers)
            .map(|(body, left)| Separator { left: *left, body })
            .collect();
        Ok((up, numbers[numbers.len() - 1]))
    }

    /// Builds the pair's record in `self.record` and writes the part of it
    /// that does not stay in the cell to overflow pages.
    fn record(&mut self, key: &[u8], value: &[u8]) -> Result<RecordPlace> {
        let mut record = std::mem::take(&mut self.record);
        record.clear();
        let types = [blob_type(key.len()), blob_type(value.len())];
        let types_len: usize = types.iter().map(|t| varint_len(*t)).sum();
        let header_len = record_header_len(types_len);
        put_varint(&mut record, header_len as u64);
        for serial_type in types {
            put_varint(&mut record, serial_type);
        }
        record.extend_from_slice(key);
        record.extend_from_slice(value);
        let payload = record.len();
        if payload > 1_000_000_000 {
            return Err(PageWriteError::TooLarge(payload));
        }

        let local = local_len(payload);
        let mut first_overflow = None;
        if local < payload {
            let chunks = record[local..].chunks(PAGE_SIZE - 4);
            let count = chunks.len();
            let first = self.allocate(count as u32);
            let mut number = first;
            let mut page = vec![0u8; PAGE_SIZE];
            for (index, chunk) in chunks.enumerate() {
                let next = if index + 1 < count {
                    next_page_after(number)
                } else {
                    0
                };
                page.fill(0);
                page[..4].copy_from_slice(&next.to_be_bytes());
                page[4..4 + chunk.len()].copy_from_slice(chunk);
                self.write_page(number, &page)?;
                number = next;
            }
            first_overflow = Some(first);
        }
        self.record = record;
        Ok(RecordPlace {
            payload,
            local,
            first_overflow,
        })
    }

    fn write_held(&mut self) -> Result<()> {
        if let Some((page, cells)) = self.held.take() {
            self.write_page(page, &cells.image(LEAF_INDEX_PAGE, None))?;
        }
        Ok(())
    }

    /// Reserves `count` pages in a row (skipping the lock-byte page);
    /// returns the first.
    fn allocate(&mut self, count: u32) -> u32 {
        let first = self.next_page;
        let mut last = first;
        for _ in 1..count {
            last = next_page_after(last);
        }
        self.next_page = next_page_after(last);
        first
    }

    fn write_page(&mut self, number: u32, page: &[u8]) -> Result<()> {
        self.seek(u64::from(number - 1) * PAGE_SIZE as u64)?;
        self.file.write_all(page)?;
        self.position += page.len() as u64;
        Ok(())
    }

    fn seek(&mut self, offset: u64) -> Result<()> {
        if offset != self.position {
            self.file.seek(SeekFrom::Start(offset))?;
            self.position = offset;
        }
        Ok(())
    }
}

fn next_page_after(page: u32) -> u32 {
    if page + 1 == LOCK_BYTE_PAGE {
        page + 2
    } else {
        page + 1
    }
}

fn be32(bytes: &[u8]) -> u32 {
    u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])
}

fn blob_type(len: usize) -> u64 {
    len as u64 * 2 + 12
}

/// A record header's length, which counts its own varint.
fn record_header_len(types_len: usize) -> usize {
    let mut len = types_len + 1;
    while varint_len((len) as u64) + types_len != len {
        len = varint_len(len as u64) + types_len;
    }
    len
}

/// How much of a payload an index page cell keeps.
fn local_len(payload: usize) -> usize {
    let (max, min) = (max_local(), min_local());
    if payload <= max {
        return payload;
    }
    let surplus = min + (payload - min) % (PAGE_SIZE - 4);
    if surplus <= max {
        surplus
    } else {
        min
    }
}

fn varint_len(value: u64) -> usize {
    match value {
        0..=0x7f => 1,
        _ if value >> 56 != 0 => 9,
        _ => (64 - value.leading_zeros() as usize).div_ceil(7),
    }
}

/// SQLite's varint: big-endian groups of seven bits, the high bit set on
/// all but the last; a ninth byte, if any, carries eight.
fn put_varint(out: &mut Vec<u8>, value: u64) {
    if value >> 56 != 0 {
        let mut bytes = [0u8; 9];
        bytes[8] = value as u8;
        let mut rest = value >> 8;
        for byte in bytes[..8].iter_mut().rev() {
            *byte = (rest & 0x7f) as u8 | 0x80;
            rest >>= 7;
        }
        out.extend_from_slice(&bytes);
        return;
    }
    let len = varint_len(value);
    for group in (0..len).rev() {
        let bits = ((value >> (7 * group)) & 0x7f) as u8;
        out.push(if group == 0 { bits } else { bits | 0x80 });
    }
}

/// Every key/value pair of the `cozo` table at `path`, in key order, as
/// SQLite itself reads them (for tests of what was written).
#[cfg(test)]
pub(super) fn stored_pairs(path: &Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let connection = sqlite::open(path).unwrap();
    let mut statement = connection
        .prepare("SELECT k, v FROM cozo ORDER BY k")
        .unwrap();
    let mut pairs = Vec::new();
    while statement.next().unwrap() == sqlite::State::Row {
        pairs.push((
            statement.read::<Vec<u8>, _>(0).unwrap(),
            statement.read::<Vec<u8>, _>(1).unwrap(),
        ));
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    type Pair = (Vec<u8>, Vec<u8>);

    fn fresh_file(directory: &Path) -> std::path::PathBuf {
        let path = directory.join("t.cozo");
        super::super::write::prepare_sqlite_file(&path).unwrap();
        path
    }

    fn write(path: &Path, pairs: &[Pair]) {
        let mut writer = TableWriter::open(path).unwrap();
        for (key, value) in pairs {
            writer.push(key, value).unwrap();
        }
        writer.finish().unwrap();
    }

    /// SQLite's verdict on the file, and every pair it reads back.
    fn read_back(path: &Path) -> (String, Vec<Pair>) {
        let connection = sqlite::open(path).unwrap();
        let mut check = connection.prepare("PRAGMA integrity_check").unwrap();
        let mut verdict = Vec::new();
        while check.next().unwrap() == sqlite::State::Row {
            verdict.push(check.read::<String, _>(0).unwrap());
        }
        (verdict.join("\n"), stored_pairs(path))
    }

    fn lookup(path: &Path, key: &[u8]) -> Option<Vec<u8>> {
        let connection = sqlite::open(path).unwrap();
        let mut statement = connection
            .prepare("SELECT v FROM cozo WHERE k = ?")
            .unwrap();
        statement.bind((1, key)).unwrap();
        (statement.next().unwrap() == sqlite::State::Row)
            .then(|| statement.read::<Vec<u8>, _>(0).unwrap())
    }

    /// A deterministic spread of sizes: mostly small, some near the local
    /// payload limit, some spanning several overflow pages.
    fn pairs(count: usize, seed: u64) -> Vec<Pair> {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            state >> 33
        };
        (0..count)
            .map(|n| {
                let key = format!("key{n:09}").into_bytes();
                let len = match next() % 100 {
                    0 => 20_000 + next() as usize % 50_000,
                    1..=3 => max_local() - 40 + next() as usize % 80,
                    4..=8 => 0,
                    _ => next() as usize % 300,
                };
                let value = (0..len).map(|i| (i as u64 ^ next()) as u8).collect();
                (key, value)
            })
            .collect()
    }

    #[test]
    fn sqlite_reads_back_every_pair_of_trees_of_any_shape() {
        let directory = tempfile::tempdir().unwrap();
        // From an empty table to three levels of interior pages, with page
        // boundaries falling at every place the sizes make them fall.
        for (count, seed) in [
            (0, 1),
            (1, 2),
            (2, 3),
            (57, 4),
            (300, 5),
            (2_000, 6),
            (25_000, 7),
        ] {
            let path = fresh_file(directory.path());
            let pairs = pairs(count, seed);
            write(&path, &pairs);
            let (verdict, read) = read_back(&path);
            assert_eq!(verdict, "ok", "{count} pairs");
            assert_eq!(read.len(), pairs.len());
            assert!(read == pairs, "{count} pairs read back differently");
            for (key, value) in pairs.iter().step_by(97) {
                assert_eq!(lookup(&path, key).as_ref(), Some(value));
            }
            std::fs::remove_file(&path).unwrap();
        }
    }

    #[test]
    fn trees_ending_on_a_full_page_borrow_a_cell_and_stay_valid() {
        let directory = tempfile::tempdir().unwrap();
        // Keys of 1,500 bytes: ten to a leaf or an interior page, so the
        // pairs end on a full leaf every tenth count, and on a full
        // interior page every hundredth or so.
        let mut borrowed = [0; 2];
        let mut count = 1;
        while borrowed[0] < 3 || borrowed[1] < 2 {
            assert!(count < 3_000, "no page boundary hit: {borrowed:?}");
            let pairs: Vec<Pair> = (0..count)
                .map(|n: u32| (format!("{n:0>1500}").into_bytes(), vec![n as u8; 7]))
                .collect();
            let path = fresh_file(directory.path());
            let mut writer = TableWriter::open(&path).unwrap();
            for (key, value) in &pairs {
                writer.push(key, value).unwrap();
            }
            let these = writer.finish_counting().unwrap();
            if these != [0, 0] {
                let (verdict, read) = read_back(&path);
                assert_eq!(verdict, "ok", "{count} pairs");
                assert!(read == pairs, "{count} pairs read back differently");
                borrowed[0] += these[0];
                borrowed[1] += these[1];
            }
            std::fs::remove_file(&path).unwrap();
            count += 1;
        }
    }

    #[test]
    fn many_small_pairs_make_a_deep_tree_sqlite_can_search() {
        let directory = tempfile::tempdir().unwrap();
        let path = fresh_file(directory.path());
        // Long keys: few per interior page, so three interior levels.
        let pairs: Vec<Pair> = (0..120_000u32)
            .map(|n| (format!("{n:0>1500}").into_bytes(), n.to_be_bytes().to_vec()))
            .collect();
        write(&path, &pairs);
        let (verdict, read) = read_back(&path);
        assert_eq!(verdict, "ok");
        assert!(read == pairs);
        assert_eq!(
            lookup(&path, &pairs[77_777].0),
            Some(77_777u32.to_be_bytes().to_vec())
        );
        assert_eq!(lookup(&path, b"absent"), None);
        assert!(depth(&path) >= 4, "depth {}", depth(&path));
    }

    /// Pages from the root to the rightmost leaf.
    fn depth(path: &Path) -> usize {
        let bytes = std::fs::read(path).unwrap();
        let mut page = ROOT_PAGE;
        let mut depth = 1;
        loop {
            let at = (page as usize - 1) * PAGE_SIZE;
            if bytes[at] == LEAF_INDEX_PAGE {
                return depth;
            }
            page = be32(&bytes[at + 8..at + 12]);
            depth += 1;
        }
    }

    #[test]
    fn keys_out_of_order_are_refused() {
        let directory = tempfile::tempdir().unwrap();
        let path = fresh_file(directory.path());
        let mut writer = TableWriter::open(&path).unwrap();
        writer.push(b"b", b"").unwrap();
        assert!(matches!(
            writer.push(b"a", b""),
            Err(PageWriteError::OutOfOrder)
        ));
        assert!(matches!(
            writer.push(b"b", b""),
            Err(PageWriteError::OutOfOrder)
        ));
    }

    #[test]
    fn pages_skip_the_lock_byte_page() {
        assert_eq!(next_page_after(LOCK_BYTE_PAGE - 1), LOCK_BYTE_PAGE + 1);
        assert_eq!(next_page_after(LOCK_BYTE_PAGE - 2), LOCK_BYTE_PAGE - 1);
    }

    #[test]
    fn varints_are_sqlites() {
        for (value, bytes) in [
            (0u64, vec![0u8]),
            (127, vec![0x7f]),
            (128, vec![0x81, 0x00]),
            (16_383, vec![0xff, 0x7f]),
            (16_384, vec![0x81, 0x80, 0x00]),
            (u64::MAX, vec![0xff; 9]),
        ] {
            let mut out = Vec::new();
            put_varint(&mut out, value);
            assert_eq!(out, bytes, "{value}");
            assert_eq!(varint_len(value), bytes.len());
        }
    }
}
