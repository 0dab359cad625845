//! One writer at a time per index: `index` holds an exclusive lock on
//! `<target>/codegraph.lock` for its whole run. Readers and an incremental
//! writer (which writes the index file in place, in one SQLite transaction)
//! take turns on `<index>.commit.lock`: the writer holds it exclusively for
//! its transaction, a reader shares it for one statement. Without it, a
//! reader's shared SQLite lock makes the writer's commit fail as "database
//! is locked" (Cozo sets no busy timeout), and a reader that arrives during
//! the commit fails the same way.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

pub struct IndexLock {
    // Held for its lifetime; released when dropped (or when the process dies).
    _file: File,
}

impl IndexLock {
    /// Takes the lock, waiting if another run holds it (`on_wait` is told
    /// once), or failing at once when `wait` is false.
    pub fn acquire(target_dir: &Path, wait: bool, on_wait: impl FnOnce()) -> Result<IndexLock> {
        std::fs::create_dir_all(target_dir).map_err(|e| Error::io(target_dir, e))?;
        let path = lock_path(target_dir);
        let file = open_lock_file(&path).map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if wait => {
                on_wait();
                file.lock().map_err(|e| Error::io(&path, e))?;
            }
            Err(TryLockError::WouldBlock) => return Err(Error::Locked(path)),
            Err(TryLockError::Error(error)) => return Err(Error::io(&path, error)),
        }
        Ok(IndexLock { _file: file })
    }
}

pub fn lock_path(target_dir: &Path) -> PathBuf {
    target_dir.join("codegraph.lock")
}

pub struct CommitLock {
    _file: Option<File>,
}

impl CommitLock {
    /// For one read. Best effort: a target directory the reader cannot write
    /// to (a read-only checkout of an index) reads without the lock.
    pub fn shared(index_path: &Path) -> CommitLock {
        let file = open_lock_file(&commit_lock_path(index_path)).ok();
        if let Some(file) = &file {
            let _ = file.lock_shared();
        }
        CommitLock { _file: file }
    }

    /// For an in-place write; waits for the readers of the moment.
    pub fn exclusive(index_path: &Path) -> Result<CommitLock> {
        let path = commit_lock_path(index_path);
        let file = open_lock_file(&path).map_err(|e| Error::io(&path, e))?;
        file.lock().map_err(|e| Error::io(&path, e))?;
        Ok(CommitLock { _file: Some(file) })
    }
}

fn commit_lock_path(index_path: &Path) -> PathBuf {
    let mut name = index_path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".commit.lock");
    index_path.with_file_name(name)
}

/// A lock file, created if missing, never truncated.
fn open_lock_file(path: &Path) -> std::io::Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
}
