//! A packed copy of the `embedding` relation beside the index
//! (`codegraph.vectors`): one model's vectors come back with one read,
//! where decoding them from Cozo costs ~9 µs a vector (0.95 s for 100 k,
//! the whole budget of an interactive search). The index stays the source
//! of truth: the cache records the identity of the index file it was made
//! from (length, modification time, inode) and is ignored when that does
//! not match, so a rebuilt or replaced index is never paired with old
//! vectors. It is written with a temporary file and a rename, by whoever
//! finds it missing or stale; racing writers each write a consistent file.
//!
//! Layout (little-endian): magic `CGVEC001`, index length u64, mtime
//! seconds u64, mtime nanoseconds u32, inode u64, model count u32; per
//! model: id length u16, id, dims u32, count u64, data offset u64; then each
//! model's data: `count` 16-byte content hashes, then `count × dims` f32.

use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"CGVEC001";

/// One model's vectors, row-major.
#[derive(Debug, Default)]
pub struct PackedVectors {
    pub dims: usize,
    /// Content hash of each row (the binary form of `node.content_hash`).
    pub hashes: Vec<[u8; 16]>,
    pub matrix: Matrix,
}

impl PartialEq for PackedVectors {
    fn eq(&self, other: &Self) -> bool {
        self.dims == other.dims
            && self.hashes == other.hashes
            && self.matrix.as_slice() == other.matrix.as_slice()
    }
}

/// The floats of a [`PackedVectors`]: built in memory, or mapped from the
/// cache file.
#[derive(Debug)]
pub enum Matrix {
    Owned(Vec<f32>),
    Mapped {
        map: memmap2::Mmap,
        offset: usize,
        floats: usize,
    },
}

impl Default for Matrix {
    fn default() -> Self {
        Matrix::Owned(Vec::new())
    }
}

impl Matrix {
    pub fn as_slice(&self) -> &[f32] {
        match self {
            Matrix::Owned(values) => values,
            Matrix::Mapped {
                map,
                offset,
                floats,
            } => bytemuck::cast_slice(&map[*offset..*offset + floats * 4]),
        }
    }

    /// Appends (building a matrix in memory).
    pub fn extend(&mut self, values: impl IntoIterator<Item = f32>) {
        match self {
            Matrix::Owned(owned) => owned.extend(values),
            Matrix::Mapped { .. } => {
                let mut owned = self.as_slice().to_vec();
                owned.extend(values);
                *self = Matrix::Owned(owned);
            }
        }
    }
}

/// Where the cache of an index lives.
pub fn cache_path(index_path: &Path) -> PathBuf {
    index_path.with_extension("vectors")
}

/// Identity of the index file the cache must match.
fn stamp(index_path: &Path) -> Option<[u64; 4]> {
    let metadata = std::fs::metadata(index_path).ok()?;
    let modified = metadata
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
    #[cfg(not(unix))]
    let inode = 0;
    Some([
        metadata.len(),
        modified.as_secs(),
        u64::from(modified.subsec_nanos()),
        inode,
    ])
}

/// The vectors of `model_id`, when a cache matching the index exists.
/// `None` when it is missing, stale, unreadable or lacks the model.
pub fn read(index_path: &Path, model_id: &str) -> Option<PackedVectors> {
    let expected = stamp(index_path)?;
    let mut file = File::open(cache_path(index_path)).ok()?;
    let mut magic = [0u8; 8];
    file.read_exact(&mut magic).ok()?;
    if &magic != MAGIC {
        return None;
    }
    let found = [
        read_u64(&mut file)?,
        read_u64(&mut file)?,
        u64::from(read_u32(&mut file)?),
        read_u64(&mut file)?,
    ];
    if found != expected {
        return None;
    }
    let models = read_u32(&mut file)?;
    let mut wanted = None;
    for _ in 0..models {
        let mut id = vec![0u8; usize::from(read_u16(&mut file)?)];
        file.read_exact(&mut id).ok()?;
        let (dims, count, offset) = (
            read_u32(&mut file)?,
            read_u64(&mut file)?,
            read_u64(&mut file)?,
        );
        if id == model_id.as_bytes() {
            wanted = Some((dims as usize, count as usize, offset));
        }
    }
    let (dims, count, offset) = wanted?;
    let floats = count.checked_mul(dims)?;
    // A corrupt header must not make us allocate absurd amounts.
    let length = file.metadata().ok()?.len();
    if offset.checked_add((count * 16 + floats * 4) as u64)? > length {
        return None;
    }
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut hashes = vec![[0u8; 16]; count];
    file.read_exact(hashes.as_flattened_mut()).ok()?;
    let start = offset as usize + count * 16;
    // SAFETY: the cache is only ever replaced by rename, never written in
    // place, so the mapped bytes do not change while mapped.
    // Populated up front: one kernel call instead of a page fault every
    // 4 KiB during the scan.
    let map = unsafe { memmap2::MmapOptions::new().populate().map(&file) }.ok()?;
    let matrix = if cfg!(target_endian = "little") && start.is_multiple_of(4) {
        Matrix::Mapped {
            map,
            offset: start,
            floats,
        }
    } else {
        Matrix::Owned(
            map[start..start + floats * 4]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect(),
        )
    };
    Some(PackedVectors {
        dims,
        hashes,
        matrix,
    })
}

/// Writes the cache for the index at `index_path` from every model's
/// vectors (`(model id, vectors)`).
pub fn write(index_path: &Path, models: &[(String, PackedVectors)]) -> Result<()> {
    let Some(stamp) = stamp(index_path) else {
        return Ok(());
    };
    let path = cache_path(index_path);
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".tmp-{}", std::process::id()));
    let temporary = path.with_file_name(name);
    let result =
        write_file(&temporary, stamp, models).and_then(|()| std::fs::rename(&temporary, &path));
    if let Err(error) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(Error::io(&path, error));
    }
    Ok(())
}

fn write_file(
    path: &Path,
    stamp: [u64; 4],
    models: &[(String, PackedVectors)],
) -> std::io::Result<()> {
    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(MAGIC)?;
    out.write_all(&stamp[0].to_le_bytes())?;
    out.write_all(&stamp[1].to_le_bytes())?;
    out.write_all(&(stamp[2] as u32).to_le_bytes())?;
    out.write_all(&stamp[3].to_le_bytes())?;
    out.write_all(&(models.len() as u32).to_le_bytes())?;
    let header: u64 = 8
        + 8
        + 8
        + 4
        + 8
        + 4
        + models
            .iter()
            .map(|(id, _)| 2 + id.len() as u64 + 4 + 8 + 8)
            .sum::<u64>();
    // Floats start on a 4-byte boundary (hash blocks are 16 bytes), so a
    // mapped file can be read as f32 in place.
    let padding = (4 - header % 4) % 4;
    let mut offset = header + padding;
    for (id, vectors) in models {
        out.write_all(&(id.len() as u16).to_le_bytes())?;
        out.write_all(id.as_bytes())?;
        out.write_all(&(vectors.dims as u32).to_le_bytes())?;
        out.write_all(&(vectors.hashes.len() as u64).to_le_bytes())?;
        out.write_all(&offset.to_le_bytes())?;
        offset += (vectors.hashes.len() * 16 + vectors.matrix.as_slice().len() * 4) as u64;
    }
    out.write_all(&[0u8; 4][..padding as usize])?;
    for (_, vectors) in models {
        out.write_all(vectors.hashes.as_flattened())?;
        for value in vectors.matrix.as_slice() {
            out.write_all(&value.to_le_bytes())?;
        }
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()
}

fn read_u16(file: &mut File) -> Option<u16> {
    let mut bytes = [0u8; 2];
    file.read_exact(&mut bytes).ok()?;
    Some(u16::from_le_bytes(bytes))
}

fn read_u32(file: &mut File) -> Option<u32> {
    let mut bytes = [0u8; 4];
    file.read_exact(&mut bytes).ok()?;
    Some(u32::from_le_bytes(bytes))
}

fn read_u64(file: &mut File) -> Option<u64> {
    let mut bytes = [0u8; 8];
    file.read_exact(&mut bytes).ok()?;
    Some(u64::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> PackedVectors {
        PackedVectors {
            dims: 2,
            hashes: vec![[1; 16], [2; 16]],
            matrix: Matrix::Owned(vec![0.6, 0.8, 1.0, 0.0]),
        }
    }

    #[test]
    fn written_vectors_read_back_for_their_model_only() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("codegraph.cozo");
        std::fs::write(&index, "index").unwrap();
        let other = || PackedVectors {
            dims: 3,
            hashes: vec![[9; 16]],
            matrix: Matrix::Owned(vec![1.0, 0.0, 0.0]),
        };
        // An id of odd length puts the data off a 4-byte boundary unless padded.
        write(&index, &[("m1".into(), sample()), ("m22".into(), other())]).unwrap();
        let read_back = read(&index, "m1").unwrap();
        assert!(matches!(read_back.matrix, Matrix::Mapped { .. }));
        assert_eq!(read_back, sample());
        assert_eq!(read(&index, "m22"), Some(other()));
        assert_eq!(read(&index, "m3"), None);
    }

    #[test]
    fn a_replaced_index_makes_the_cache_stale() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("codegraph.cozo");
        std::fs::write(&index, "index").unwrap();
        write(&index, &[("m1".into(), sample())]).unwrap();
        // Replaced by rename, as every index write does.
        let replacement = dir.path().join("new");
        std::fs::write(&replacement, "index").unwrap();
        std::fs::rename(&replacement, &index).unwrap();
        assert_eq!(read(&index, "m1"), None);
    }

    #[test]
    fn a_corrupt_cache_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let index = dir.path().join("codegraph.cozo");
        std::fs::write(&index, "index").unwrap();
        write(&index, &[("m1".into(), sample())]).unwrap();
        let path = cache_path(&index);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert_eq!(read(&index, "m1"), None);
        std::fs::write(&path, b"garbage").unwrap();
        assert_eq!(read(&index, "m1"), None);
    }
}
