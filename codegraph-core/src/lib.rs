//! `codegraph-core`: everything behind `cargo codegraph` except argument
//! parsing and printing. Data flows one way:
//! discover (cargo metadata) → parse (syn, rayon) → resolve → store (Cozo)
//! → query. See `ARCHITECTURE.md` at the repository root.

pub mod build;
pub mod cfg_eval;
pub mod check;
pub mod discover;
#[cfg(feature = "embed")]
pub mod embed;
pub mod error;
pub mod finalize;
pub mod ids;
pub mod incremental;
pub mod index;
pub mod model;
pub mod normalize;
pub mod parse;
pub mod public_paths;
pub mod query;
pub mod resolve;
pub mod search;
pub mod source;
pub mod store;
