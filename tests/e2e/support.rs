//! Running the binary on a private copy of a fixture workspace.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

/// A copy of a fixture in a temporary directory, so indexing writes its
/// `target/` there and tests can edit files freely.
pub struct Workspace {
    dir: tempfile::TempDir,
}

impl Workspace {
    pub fn copy_of(fixture: &str) -> Workspace {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixtures_dir().join(fixture), dir.path());
        Workspace { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn index_file(&self) -> PathBuf {
        self.root().join("target/codegraph.cozo")
    }

    /// Runs `cargo-codegraph ARGS…` in the workspace root.
    pub fn run(&self, args: &[&str]) -> Output {
        command(self.root(), args)
    }

    /// Runs with extra environment variables.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = base_command(self.root(), args);
        command.envs(env.iter().copied());
        command.output().expect("run cargo-codegraph")
    }

    /// Runs and asserts success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_with_env(args, &[]).0
    }

    /// Runs with extra environment variables and asserts success; returns
    /// stdout and stderr.
    pub fn ok_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> (String, String) {
        let output = self.run_with_env(args, env);
        assert!(
            output.status.success(),
            "`cargo-codegraph {}` failed with {:?}\nstdout:\n{}\nstderr:\n{}",
            args.join(" "),
            output.status.code(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        let err = String::from_utf8_lossy(&output.stderr).into_owned();
        (String::from_utf8(output.stdout).expect("utf-8 stdout"), err)
    }

    /// Runs a CozoScript query and returns its JSON (`{headers, rows}`).
    pub fn query_json(&self, script: &str) -> Value {
        let stdout = self.ok(&["query", "--format", "json", script]);
        serde_json::from_str(&stdout).expect("query --format json prints JSON")
    }

    /// Rows of a query as vectors of strings (null → "").
    pub fn query_rows(&self, script: &str) -> Vec<Vec<String>> {
        let json = self.query_json(script);
        json["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|row| row.as_array().expect("row").iter().map(plain).collect())
            .collect()
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write fixture file");
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root().join(relative)).expect("read fixture file")
    }

    /// Replaces `from` with `to` in a file; `from` must be there, so an edit
    /// a test relies on never silently does nothing.
    pub fn replace(&self, relative: &str, from: &str, to: &str) {
        let text = self.read(relative);
        assert!(text.contains(from), "{relative} does not contain {from:?}");
        self.write(relative, &text.replace(from, to));
    }
}

pub fn command(dir: &Path, args: &[&str]) -> Output {
    base_command(dir, args)
        .output()
        .expect("run cargo-codegraph")
}

fn base_command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cargo-codegraph"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CODEGRAPH_MODEL");
    command
}

pub fn plain(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("dir entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
