//! `cargo-codegraph`: the command-line front end. Parses arguments, calls
//! `codegraph-core`, prints. Invoked by cargo as `cargo-codegraph codegraph …`
//! and directly as `cargo-codegraph …`.

mod args;
mod commands;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Exit codes (documented in the README): success, a failure of the tool or
/// its inputs. Usage errors exit 2 as well (clap's convention).
const EXIT_FAILURE: u8 = 2;

fn main() -> ExitCode {
    let mut argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // `cargo codegraph x` runs `cargo-codegraph codegraph x`.
    if argv.get(1).is_some_and(|arg| arg == "codegraph") {
        argv.remove(1);
    }
    let cli = args::Cli::parse_from(argv);
    match commands::run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// `cargo codegraph query … | head` closes the pipe early: not an error.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
