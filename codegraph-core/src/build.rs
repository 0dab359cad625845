//! The `build.rs` API: keeps `target/codegraph.cozo` fresh during `cargo
//! build`. The whole `main` of a `build.rs`:
//!
//! ```no_run
//! codegraph_core::build::Index::from_env().run();
//! ```
//!
//! It indexes the whole workspace of the package being built into the
//! shared index (every package's build script writes the same file, so the
//! index must cover the workspace; the first script does the work, the
//! others find it up to date), prints `cargo:rerun-if-changed` for every
//! file it read, reports problems as `cargo:warning=` lines, and never
//! fails the build unless asked to with [`Index::fail_build_on_error`].
//! Concurrent build scripts are serialized by the index lock.

use std::io::Write;
use std::path::PathBuf;

use crate::discover::DiscoverOptions;
use crate::error::{Error, Result};
use crate::index::{index, IndexOptions, IndexSummary, Silent};

/// How many diagnostics become `cargo:warning` lines.
const WARNINGS_SHOWN: usize = 5;

#[derive(Debug, Clone)]
pub struct Index {
    options: IndexOptions,
    fail_on_error: bool,
    check_rules: bool,
}

impl Index {
    /// The workspace of the package whose build script is running
    /// (`CARGO_MANIFEST_DIR`), with cargo's target directory.
    pub fn from_env() -> Self {
        let manifest_path =
            std::env::var_os("CARGO_MANIFEST_DIR").map(|dir| PathBuf::from(dir).join("Cargo.toml"));
        Index {
            options: IndexOptions {
                discover: DiscoverOptions {
                    manifest_path,
                    ..DiscoverOptions::default()
                },
                ..IndexOptions::default()
            },
            fail_on_error: false,
            check_rules: false,
        }
    }

    /// Also evaluate the rules of `codegraph.toml` (workspace root) and
    /// report violations as cargo warnings; with
    /// [`Index::fail_build_on_error`], error-severity ones fail the build.
    pub fn check_rules(mut self, check: bool) -> Self {
        self.check_rules = check;
        self
    }

    /// Only these workspace members (default: all of them).
    pub fn packages(mut self, packages: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.options.discover.packages = packages.into_iter().map(Into::into).collect();
        self
    }

    /// Also index every dependency (slower; off by default).
    pub fn deps(mut self, deps: bool) -> Self {
        self.options.discover.deps = deps;
        self
    }

    /// Write the index elsewhere than `<target-dir>/codegraph.cozo`.
    pub fn target_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.options.target_dir = Some(dir.into());
        self
    }

    /// Fail the build when indexing fails or the code has parse errors.
    pub fn fail_build_on_error(mut self, fail: bool) -> Self {
        self.fail_on_error = fail;
        self
    }

    /// Indexes and reports to cargo. Failures become warnings unless
    /// [`Index::fail_build_on_error`] was set, in which case they exit the
    /// build script with an error.
    pub fn run(self) {
        let fail_on_error = self.fail_on_error;
        let check_rules = self.check_rules;
        let manifest_path = self.options.discover.manifest_path.clone();
        let mut out = std::io::stdout().lock();
        let failure = match self.try_run() {
            Ok(summary) => {
                let _ = report(&mut out, &summary);
                let errors = summary
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == crate::model::Severity::Error)
                    .count();
                let rule_failure = if check_rules {
                    report_rules(&mut out, manifest_path.as_deref(), &summary)
                } else {
                    None
                };
                (errors > 0)
                    .then(|| format!("{errors} error diagnostics"))
                    .or(rule_failure)
            }
            Err(error) => {
                let _ = writeln!(
                    out,
                    "cargo:warning=codegraph: indexing failed: {}",
                    one_line(&error.to_string())
                );
                Some("the indexing failure".to_string())
            }
        };
        if let (true, Some(reason)) = (fail_on_error, failure) {
            let _ = writeln!(
                out,
                "cargo:warning=codegraph: failing the build on {reason} (fail_build_on_error)"
            );
            std::process::exit(1);
        }
    }

    /// Indexes without printing anything.
    pub fn try_run(self) -> Result<IndexSummary> {
        if self.options.discover.manifest_path.is_none() {
            return Err(Error::Metadata(
                "CARGO_MANIFEST_DIR is not set: not running in a build script".to_string(),
            ));
        }
        index(&self.options, &Silent)
    }
}

/// Evaluates `codegraph.toml` (workspace root, if there is one) and prints
/// each violation as a cargo warning. Returns why the build should fail, if
/// it should (error-severity violations, or rules that could not run).
fn report_rules(
    out: &mut dyn Write,
    manifest_path: Option<&std::path::Path>,
    summary: &IndexSummary,
) -> Option<String> {
    let violations = match check_violations(out, manifest_path, summary) {
        Ok(violations) => violations,
        Err(error) => {
            let _ = writeln!(
                out,
                "cargo:warning=codegraph: checking the rules failed: {}",
                one_line(&error.to_string())
            );
            return Some("the rules that could not be checked".to_string());
        }
    };
    for violation in &violations {
        let _ = writeln!(
            out,
            "cargo:warning=codegraph {}[{}]: {} ({}:{}:{})",
            violation.severity.as_str(),
            violation.rule,
            one_line(&violation.message),
            violation.file,
            violation.line,
            violation.col
        );
    }
    let errors = violations
        .iter()
        .filter(|v| v.severity == crate::check::config::Severity::Error)
        .count();
    (errors > 0).then(|| format!("{errors} rule violations"))
}

fn check_violations(
    out: &mut dyn Write,
    manifest_path: Option<&std::path::Path>,
    summary: &IndexSummary,
) -> Result<Vec<crate::check::Violation>> {
    let (root, _) = crate::discover::locate(manifest_path)?;
    let config_path = root.join("codegraph.toml");
    if !config_path.is_file() {
        return Ok(Vec::new());
    }
    let _ = writeln!(out, "cargo:rerun-if-changed={}", config_path.display());
    let rules = crate::check::config::load(&config_path)?;
    let index = crate::store::IndexDb::open(&summary.index_path)?;
    crate::check::run(&index, &rules, &[])
}

/// What cargo needs to hear: when to rerun, and what went wrong.
pub fn report(out: &mut dyn Write, summary: &IndexSummary) -> std::io::Result<()> {
    for file in &summary.read_files {
        writeln!(out, "cargo:rerun-if-changed={}", file.display())?;
    }
    for diagnostic in summary.diagnostics.iter().take(WARNINGS_SHOWN) {
        writeln!(
            out,
            "cargo:warning=codegraph: {}:{}:{}: [{}] {}",
            diagnostic.file,
            diagnostic.line,
            diagnostic.col,
            diagnostic.code,
            one_line(&diagnostic.message)
        )?;
    }
    if summary.diagnostics.len() > WARNINGS_SHOWN {
        writeln!(
            out,
            "cargo:warning=codegraph: … and {} more (cargo codegraph query unresolved / the diagnostic relation)",
            summary.diagnostics.len() - WARNINGS_SHOWN
        )?;
    }
    Ok(())
}

/// Cargo reads one line per `cargo:` directive.
fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join(" ")
}
