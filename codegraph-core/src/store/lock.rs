//! One writer at a time per index: `index` holds an exclusive lock on
//! `<target>/codegraph.lock` for its whole run. Readers need no lock (the
//! index file is replaced by rename, never written in place).

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
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
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
