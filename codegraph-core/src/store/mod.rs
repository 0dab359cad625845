//! Store: the only module that knows Cozo. Writes a whole graph atomically
//! (encoded by Cozo, inserted into a new SQLite file next to the target,
//! then renamed over it), or an incremental run's changed rows in one
//! SQLite transaction, and opens an existing index for queries after
//! checking its schema version.

mod bulk;
mod capture;
mod cozo_format;
pub mod embeddings;
mod lock;
mod rows;
pub mod schema;
mod sqlite_file;
#[cfg(test)]
pub(crate) mod test_rows;
pub mod vector_cache;
mod write;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use cozo::{DataValue, DbInstance, NamedRows, ScriptMutability};

use crate::error::{Error, Result};

pub use lock::{CommitLock, IndexLock};
pub use schema::SCHEMA_VERSION;
pub use write::{update_index, write_index, write_index_then, Delta, Snapshot, StoreStats};

/// Where the index lives inside a target directory.
pub fn index_path(target_dir: &Path) -> PathBuf {
    target_dir.join("codegraph.cozo")
}

/// An opened index, ready for queries.
pub struct IndexDb {
    db: DbInstance,
    path: PathBuf,
}

impl IndexDb {
    /// Opens an index written by this schema version; anything else is
    /// refused with a message that says how to rebuild it.
    pub fn open(path: &Path) -> Result<IndexDb> {
        if !path.is_file() {
            return Err(Error::NoIndex(path.to_path_buf()));
        }
        let _turn = CommitLock::shared(path);
        check_is_cozo_sqlite(path)?;
        let db = DbInstance::new("sqlite", path, "")
            .map_err(|e| Error::store(format!("cannot open {}", path.display()), e))?;
        let index = IndexDb {
            db,
            path: path.to_path_buf(),
        };
        let found = index.schema_version()?;
        if found != SCHEMA_VERSION {
            return Err(Error::SchemaMismatch {
                path: path.to_path_buf(),
                found,
                expected: SCHEMA_VERSION.to_string(),
            });
        }
        Ok(index)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// An empty in-memory index with the current schema, for tests of
    /// queries that need the relations to exist.
    #[cfg(test)]
    pub(crate) fn empty_for_tests() -> IndexDb {
        let db = DbInstance::new("mem", "", "").expect("in-memory cozo");
        for (_, create) in schema::creation_statements() {
            db.run_script(create, BTreeMap::new(), ScriptMutability::Mutable)
                .expect("create relation");
        }
        IndexDb {
            db,
            path: PathBuf::new(),
        }
    }

    /// What the index was built from: the fingerprint of its inputs (crate
    /// graph, features, options) and every file it read with its hash.
    pub fn recorded_inputs(&self) -> Result<(String, Vec<(PathBuf, String)>)> {
        let meta = self.run(
            "?[value] := *meta{key: 'inputs_fingerprint', value}",
            BTreeMap::new(),
            false,
        )?;
        let fingerprint = meta
            .rows
            .first()
            .and_then(|row| row.first())
            .and_then(DataValue::get_str)
            .unwrap_or_default()
            .to_string();
        let files = self.run(
            "?[abs_path, hash] := *file{abs_path, hash}",
            BTreeMap::new(),
            false,
        )?;
        let files = files
            .rows
            .iter()
            .filter_map(|row| {
                Some((
                    PathBuf::from(row[0].get_str()?),
                    row[1].get_str().unwrap_or_default().to_string(),
                ))
            })
            .collect();
        Ok((fingerprint, files))
    }

    /// One value of the `meta` relation.
    pub fn meta_value(&self, key: &str) -> Result<Option<String>> {
        let rows = self.run(
            "?[value] := *meta{key: $key, value}",
            BTreeMap::from([("key".to_string(), DataValue::from(key))]),
            false,
        )?;
        Ok(rows
            .rows
            .first()
            .and_then(|row| row.first())
            .and_then(DataValue::get_str)
            .map(str::to_string))
    }

    fn schema_version(&self) -> Result<String> {
        let relations = self
            .db
            .run_script("::relations", BTreeMap::new(), ScriptMutability::Immutable)
            .map_err(|e| Error::store(format!("cannot read {}", self.path.display()), e))?;
        let has_meta = relations
            .rows
            .iter()
            .any(|row| row.first().and_then(DataValue::get_str) == Some("meta"));
        if !has_meta {
            return Err(Error::SchemaMismatch {
                path: self.path.clone(),
                found: "none (not a cargo-codegraph index)".to_string(),
                expected: SCHEMA_VERSION.to_string(),
            });
        }
        let rows = self
            .db
            .run_script(
                "?[value] := *meta{key: 'schema_version', value}",
                BTreeMap::new(),
                ScriptMutability::Immutable,
            )
            .map_err(|e| Error::store(format!("cannot read {}", self.path.display()), e))?;
        Ok(rows
            .rows
            .first()
            .and_then(|row| row.first())
            .and_then(DataValue::get_str)
            .unwrap_or("unknown")
            .to_string())
    }

    /// Runs CozoScript. Read-only unless `mutable`; errors carry Cozo's
    /// rendering of the problem with its position in the script.
    pub fn run(
        &self,
        script: &str,
        params: BTreeMap<String, DataValue>,
        mutable: bool,
    ) -> Result<NamedRows> {
        let mutability = if mutable {
            ScriptMutability::Mutable
        } else {
            ScriptMutability::Immutable
        };
        let _turn = CommitLock::shared(&self.path);
        self.db
            .run_script(script, params, mutability)
            .map_err(|report| Error::Query(render_cozo_error(report, script)))
    }
}

/// Cozo unwraps SQLite errors when it opens a file, so a file that is not
/// a SQLite database (or not one Cozo wrote) would crash the process. Look
/// first, through SQLite itself.
fn check_is_cozo_sqlite(path: &Path) -> Result<()> {
    let not_an_index = |why: String| Error::SchemaMismatch {
        path: path.to_path_buf(),
        found: format!("none ({why})"),
        expected: SCHEMA_VERSION.to_string(),
    };
    // Read-write (never create): an incremental run killed inside its
    // transaction leaves a hot journal, which SQLite rolls back on the
    // first read, and only a writable connection may.
    let flags = sqlite::OpenFlags::new().with_read_write();
    let connection = sqlite::Connection::open_with_flags(path, flags)
        .map_err(|e| not_an_index(e.to_string()))?;
    let mut statement = connection
        .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'cozo'")
        .map_err(|e| not_an_index(e.to_string()))?;
    let found = match statement.next() {
        Ok(sqlite::State::Row) => statement.read::<i64, _>(0).unwrap_or(0),
        Ok(sqlite::State::Done) => 0,
        Err(error) => return Err(not_an_index(error.to_string())),
    };
    if found == 0 {
        return Err(not_an_index(
            "a SQLite file without Cozo's table".to_string(),
        ));
    }
    Ok(())
}

/// Cozo reports errors as miette diagnostics with spans into the script;
/// render them the way Cozo's own tools do, without colour codes.
fn render_cozo_error(report: cozo::Error, script: &str) -> String {
    let report = report.with_source_code(script.to_string());
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    let mut rendered = String::new();
    match handler.render_report(&mut rendered, report.as_ref()) {
        Ok(()) => rendered.trim_end().to_string(),
        Err(_) => format!("{report:?}"),
    }
}
