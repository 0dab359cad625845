//! What an index run keeps for the next one, and how the next one decides
//! what to redo. `target/codegraph.state` holds every crate's resolution
//! state ([`CarriedCrate`]), the hashes of the files it read and the name
//! of its row digest (`target/codegraph.digests/<hash>`, read only when the
//! crate is redone). The state belongs to exactly one index: both carry the
//! same generation id, written into the index in the same transaction as
//! the graph, so a state that does not match is never used.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use bincode::Options;
use rayon::prelude::*;
use uuid::Uuid;

use crate::discover::Workspace;
use crate::ids::{bytes_hash, hex};
use crate::model::NodeIdx;
use crate::resolve::CarriedCrate;

/// Bumped whenever the layout of [`IndexState`] changes.
// 2: row hashes in digests are xxh3, no longer blake3.
// 3: methods in the carried declarations have their shapes (arity).
// 4: the carried def maps keep methods' cfgs.
// 5: the carried declarations keep traits' supertraits.
// 6: impl contributions keep the impls for `&T` under `T`.
// 9: impl contributions keep blanket impls' bounding traits.
// A: the carried declarations keep declared types' smart pointers.
// B: the carried declarations keep declared types' type arguments and owner parameters.
// C: impl contributions keep each trait impl's trait.
// D: the carried def maps keep which inherent methods are not `pub`.
// E: the carried def maps keep which methods take `self: Pin<..>`.
const MAGIC: &[u8; 8] = b"CGSTATEE";

#[derive(serde::Serialize, serde::Deserialize)]
pub struct IndexState {
    /// Equal to the index's `meta.state_generation`.
    pub generation: Uuid,
    /// Inputs that force a full rebuild when they change: tool, options,
    /// the set of crates and their dependency edges.
    pub fingerprint: String,
    /// One past the largest dense index in use.
    pub idx_limit: u32,
    /// `idx_limit` after the last full run: indices are handed out in
    /// blocks, so the table is sparse by design; it is compacted (a full
    /// run) once incremental runs have tripled it.
    pub full_idx_limit: u32,
    pub externals: Vec<(String, NodeIdx)>,
    /// Digest name of the external nodes' rows.
    pub externals_digest: String,
    pub crates: Vec<CrateState>,
}

#[derive(serde::Serialize, serde::Deserialize)]
pub struct CrateState {
    pub crate_id: Uuid,
    /// The crate's own inputs besides file contents (edition, root file,
    /// features, dependencies).
    pub fingerprint: String,
    /// Every file read (or looked for: `None`) with its blake3 hash.
    pub files: Vec<(PathBuf, Option<String>)>,
    /// Content hashes of its nodes, which keep embeddings alive.
    pub content_hashes: Vec<[u8; 16]>,
    pub carried: CarriedCrate,
    /// Each node's parse identity and index, so that the node keeps its
    /// index when the crate is parsed again.
    pub parse_ids: crate::parse::ParseIds,
    /// Digest name of its rows.
    pub digest: String,
}

pub fn state_path(target_dir: &Path) -> PathBuf {
    target_dir.join("codegraph.state")
}

fn digest_dir(target_dir: &Path) -> PathBuf {
    target_dir.join("codegraph.digests")
}

/// The name a digest is stored under: its own hash.
pub fn digest_name(digest: &[u8]) -> String {
    hex(&bytes_hash(digest))
}

/// Reads a digest back; `None` when it is missing or not what was written.
pub fn read_digest(target_dir: &Path, name: &str) -> Option<Vec<u8>> {
    let bytes = std::fs::read(digest_dir(target_dir).join(name)).ok()?;
    (digest_name(&bytes) == name).then_some(bytes)
}

/// Reads the state; `None` when there is none or it is unreadable in any way
/// (the caller rebuilds).
pub fn load_state(target_dir: &Path) -> Option<IndexState> {
    let bytes = std::fs::read(state_path(target_dir)).ok()?;
    let payload = bytes.strip_prefix(MAGIC.as_slice())?;
    let (checksum, payload) = payload.split_at_checked(16)?;
    if bytes_hash(payload).as_slice() != checksum {
        return None;
    }
    bincode::DefaultOptions::new()
        .with_limit(payload.len() as u64 * 8)
        .deserialize(payload)
        .ok()
}

/// Writes the digests that are new, then the state (temporary file,
/// renamed), then removes digests no crate names any more. A run killed
/// half way leaves a state whose generation does not match the index, or
/// the previous state: either is detected, and the next run rebuilds.
pub fn save_state(
    target_dir: &Path,
    state: &IndexState,
    new_digests: &[(String, Vec<u8>)],
) -> std::io::Result<()> {
    let directory = digest_dir(target_dir);
    std::fs::create_dir_all(&directory)?;
    new_digests.par_iter().try_for_each(|(name, bytes)| {
        let path = directory.join(name);
        if path.exists() {
            return Ok(());
        }
        let temporary = directory.join(format!("{name}.tmp-{}", std::process::id()));
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, &path)
    })?;

    let payload = bincode::DefaultOptions::new()
        .serialize(state)
        .map_err(std::io::Error::other)?;
    let mut bytes = Vec::with_capacity(payload.len() + 24);
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&bytes_hash(&payload));
    bytes.extend_from_slice(&payload);
    let path = state_path(target_dir);
    // Temporaries of killed runs; the caller holds the index lock.
    for entry in std::fs::read_dir(target_dir)?.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .starts_with("codegraph.state.tmp-")
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    let temporary = target_dir.join(format!("codegraph.state.tmp-{}", std::process::id()));
    std::fs::write(&temporary, &bytes)?;
    std::fs::rename(&temporary, &path)?;

    let mut live: std::collections::HashSet<&str> =
        state.crates.iter().map(|c| c.digest.as_str()).collect();
    live.insert(&state.externals_digest);
    for entry in std::fs::read_dir(&directory)?.flatten() {
        let name = entry.file_name();
        if !live.contains(name.to_string_lossy().as_ref()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// Each indexed crate's own inputs besides file contents.
pub fn crate_fingerprints(workspace: &Workspace) -> HashMap<Uuid, String> {
    workspace
        .indexed_crates()
        .map(|krate| {
            let mut hasher = blake3::Hasher::new();
            let mut part = |text: &str| {
                hasher.update(&(text.len() as u64).to_le_bytes());
                hasher.update(text.as_bytes());
            };
            part(&krate.name);
            part(&krate.edition);
            part(&krate.unit.root_file.to_string_lossy());
            part(&krate.features.join(","));
            for dep in workspace.crate_deps.iter().filter(|d| d.from == krate.id) {
                part(&format!(
                    "{} {} {} {}",
                    dep.to, dep.kind, dep.rename, dep.optional
                ));
            }
            (krate.id, hex(hasher.finalize().as_bytes()))
        })
        .collect()
}

/// Which crates (aligned with `workspace.indexed_crates()`) changed: no
/// state, another fingerprint, or a file whose content changed. `None` when
/// the state covers other crates than the workspace has.
pub fn changed_crates(
    workspace: &Workspace,
    state: &IndexState,
    fingerprints: &HashMap<Uuid, String>,
) -> Option<Vec<bool>> {
    let crates: Vec<_> = workspace.indexed_crates().collect();
    let by_id: HashMap<Uuid, &CrateState> = state.crates.iter().map(|c| (c.crate_id, c)).collect();
    if crates.len() != state.crates.len()
        || crates.iter().any(|krate| !by_id.contains_key(&krate.id))
    {
        return None;
    }
    Some(
        crates
            .par_iter()
            .map(|krate| {
                let kept = by_id[&krate.id];
                fingerprints.get(&krate.id) != Some(&kept.fingerprint)
                    || kept
                        .files
                        .par_iter()
                        .any(|(file, hash)| !file_is_as_recorded(file, hash.as_deref()))
            })
            .collect(),
    )
}

/// Whether a file still has the recorded blake3 (hex), or, recorded as
/// looked for and not found (`None`), is still absent.
pub fn file_is_as_recorded(file: &Path, hash: Option<&str>) -> bool {
    let now = std::fs::read(file)
        .ok()
        .map(|bytes| hex(&bytes_hash(&bytes)));
    now.as_deref() == hash
}

/// `set` plus every crate that depends on one of its crates, transitively
/// (through any kind of dependency): what can see a crate's nodes, impls
/// and methods.
pub fn with_dependents(
    workspace: &Workspace,
    crates: &[&crate::discover::CrateInfo],
    set: &[bool],
) -> Vec<bool> {
    let position: HashMap<Uuid, usize> = crates
        .iter()
        .enumerate()
        .map(|(ix, c)| (c.id, ix))
        .collect();
    let mut out = set.to_vec();
    loop {
        let mut changed = false;
        for dep in &workspace.crate_deps {
            if let (Some(from), Some(to)) = (position.get(&dep.from), position.get(&dep.to)) {
                if out[*to] && !out[*from] {
                    out[*from] = true;
                    changed = true;
                }
            }
        }
        if !changed {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_state_file_is_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let state = IndexState {
            generation: Uuid::from_u128(7),
            fingerprint: "f".into(),
            idx_limit: 3,
            full_idx_limit: 3,
            externals: vec![("std::mem::take".into(), NodeIdx(2))],
            externals_digest: digest_name(b"x"),
            crates: Vec::new(),
        };
        save_state(dir.path(), &state, &[(digest_name(b"x"), b"x".to_vec())]).expect("saved");
        let back = load_state(dir.path()).expect("readable");
        assert_eq!(back.generation, state.generation);
        assert_eq!(back.externals, state.externals);
        assert_eq!(
            read_digest(dir.path(), &state.externals_digest).as_deref(),
            Some(b"x".as_slice())
        );

        let path = state_path(dir.path());
        let mut bytes = std::fs::read(&path).expect("state");
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&path, &bytes).expect("damaged");
        assert!(load_state(dir.path()).is_none());
        std::fs::write(&path, b"CGSTATE1").expect("truncated");
        assert!(load_state(dir.path()).is_none());
    }

    #[test]
    fn a_digest_that_is_not_what_its_name_says_is_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let name = digest_name(b"rows");
        std::fs::create_dir_all(digest_dir(dir.path())).expect("dir");
        std::fs::write(digest_dir(dir.path()).join(&name), b"other").expect("write");
        assert!(read_digest(dir.path(), &name).is_none());
    }
}
