//! Where source text comes from. Parsing asks a [`SourceLoader`] for files
//! instead of touching the filesystem, so parse stays a pure function of its
//! inputs and tests can hand it files held in memory.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

pub trait SourceLoader: Sync {
    /// The text of the file at an absolute (or fixture-absolute) path.
    fn load(&self, path: &Path) -> io::Result<String>;
}

/// Reads files from disk; the loader the indexer uses.
#[derive(Debug, Default, Clone, Copy)]
pub struct FsLoader;

impl SourceLoader for FsLoader {
    fn load(&self, path: &Path) -> io::Result<String> {
        let bytes = std::fs::read(path)?;
        String::from_utf8(bytes).map_err(|err| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "file is not valid UTF-8 (byte {})",
                    err.utf8_error().valid_up_to()
                ),
            )
        })
    }
}

/// Files held in memory, keyed by path: for tests and for callers that
/// already have the text (editors, build scripts).
#[derive(Debug, Default, Clone)]
pub struct MemLoader {
    files: HashMap<PathBuf, String>,
}

impl MemLoader {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> Self {
        self.files.insert(path.into(), text.into());
        self
    }

    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) {
        self.files.insert(path.into(), text.into());
    }
}

impl SourceLoader for MemLoader {
    fn load(&self, path: &Path) -> io::Result<String> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }
}
