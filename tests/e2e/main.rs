//! End-to-end tests of the real `cargo-codegraph` binary on fixture
//! workspaces: `index`, then `query` in every format, named queries, `stats`,
//! diagnostics and exit codes. One test binary (see `Cargo.toml`).

mod support;

mod build_script;
mod check;
mod embed;
mod errors;
mod fresh;
mod index;
mod query;
mod resolve;
