//! One function per subcommand; each returns the process exit code.

mod check;
mod embed;
mod index;
mod query;
mod search;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use codegraph_core::discover;
use codegraph_core::store::{index_path, IndexDb};

use crate::args::{Cli, Command, GlobalArgs, IndexLocation};

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Index(args) => index::run(&cli.global, args),
        Command::Query(args) => query::run(&cli.global, args),
        Command::Stats(args) => query::stats(&cli.global, args),
        Command::Check(args) => check::run(&cli.global, args),
        Command::Embed(args) => embed::run(&cli.global, args),
        Command::Search(args) => search::run(&cli.global, args),
    }
}

/// Opens the index named by `--index`, or the one in the target directory.
fn open_index(global: &GlobalArgs, location: &IndexLocation) -> Result<IndexDb> {
    let path: PathBuf = match (&location.index, &global.target_dir) {
        (Some(path), _) => path.clone(),
        (None, Some(dir)) => index_path(dir),
        (None, None) => index_path(&discover::target_dir(global.manifest_path.as_deref())?),
    };
    Ok(IndexDb::open(&path)?)
}
