//! Errors of the library. Problems in the *indexed code* are not errors
//! (they are [`crate::model::Diagnostic`]s); these are failures of the tool's
//! own inputs and outputs, turned into messages by the CLI.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no Cargo.toml at {}", .0.display())]
    ManifestNotFound(PathBuf),

    #[error("`cargo metadata` failed:\n{0}")]
    Metadata(String),

    #[error("cannot determine the host platform from `rustc -vV`: {0}")]
    HostTriple(String),

    #[error("package `{0}` is not a member of this workspace (members: {1})")]
    UnknownPackage(String, String),

    #[error("another `cargo codegraph index` is writing this index (lock {}); not waiting (--no-wait)", .0.display())]
    Locked(PathBuf),

    #[error("no index at {}: run `cargo codegraph index` first", .0.display())]
    NoIndex(PathBuf),

    #[error(
        "the index at {} was written by schema version {found}, this cargo-codegraph reads version {expected}: run `cargo codegraph index` to rebuild it",
        path.display()
    )]
    SchemaMismatch {
        path: PathBuf,
        found: String,
        expected: String,
    },

    #[error("{context}: {message}")]
    Store { context: String, message: String },

    #[error("{0}")]
    Query(String),

    /// A sentence model that cannot be found, loaded or run.
    #[error("{0}")]
    Model(String),

    #[error("{}:{line}:{col}: {message}", file.display())]
    Config {
        file: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },

    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl Error {
    pub fn store(context: impl Into<String>, error: impl std::fmt::Display) -> Self {
        Error::Store {
            context: context.into(),
            message: error.to_string(),
        }
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
