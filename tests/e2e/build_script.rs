//! The build.rs API end to end: `cargo build` of a fixture whose build
//! script indexes its workspace, then queries of the fresh index.

use std::path::Path;
use std::process::Command;

use crate::support::{fixtures_dir, stderr, Workspace};

fn cargo_build(root: &Path, target_dir: &Path) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(["build", "--offline"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo build")
}

#[test]
fn cargo_build_keeps_the_index_fresh() {
    let workspace = Workspace::copy_of("build-script");
    let repository = fixtures_dir().join("../..").canonicalize().unwrap();
    let manifest = workspace
        .read("app/Cargo.toml")
        .replace("../../../..", &repository.to_string_lossy());
    workspace.write("app/Cargo.toml", &manifest);
    // Shared across runs of this test: the build dependency compiles once.
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-script-fixture");

    let built = cargo_build(workspace.root(), &target_dir);
    assert!(
        built.status.success(),
        "cargo build failed:\n{}",
        stderr(&built)
    );
    // check_rules(true): codegraph.toml's violations are build warnings.
    assert!(
        stderr(&built).contains(
            "codegraph warning[documented-config]: app::config::Config::reset has no docs (app/src/config.rs:"
        ),
        "{}",
        stderr(&built)
    );
    let index = target_dir.join("codegraph.cozo");
    assert!(index.is_file(), "the build script wrote the index");
    let index_arg = index.to_string_lossy().into_owned();
    let defs = workspace.ok(&[
        "query", "defs", "load", "--index", &index_arg, "--format", "csv",
    ]);
    assert!(defs.contains("app::config::Config::load,method"), "{defs}");
    let callers = workspace.ok(&[
        "query",
        "callers",
        "Config::load",
        "--index",
        &index_arg,
        "--format",
        "csv",
    ]);
    assert!(callers.contains("app::main"), "{callers}");
    // codegraph-macros attributes became annotation rows.
    let annotations = workspace.ok(&[
        "query",
        "?[path, key, value] := *annotation{node_id, key, value}, *node{id: node_id, path} :order key",
        "--index",
        &index_arg,
        "--format",
        "csv",
    ]);
    assert_eq!(
        annotations,
        "path,key,value\napp::config::Config,layer,domain\napp::config::Config,owner,platform-team\n"
    );

    // An edit reruns the build script (rerun-if-changed) and the index follows.
    let config = workspace.read("app/src/config.rs");
    workspace.write(
        "app/src/config.rs",
        &format!("{config}\npub fn reload() {{}}\n"),
    );
    let rebuilt = cargo_build(workspace.root(), &target_dir);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    let defs = workspace.ok(&[
        "query", "defs", "reload", "--index", &index_arg, "--format", "csv",
    ]);
    assert!(defs.contains("app::config::reload"), "{defs}");

    // Problems in the code are warnings, not build failures.
    workspace.write(
        "app/src/config.rs",
        &format!("{config}\npub fn broken( {{\n"),
    );
    let warned = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string()))
        .args(["check", "--offline", "--message-format", "short"])
        .current_dir(workspace.root())
        .env("CARGO_TARGET_DIR", &target_dir)
        .output()
        .unwrap();
    let messages = stderr(&warned);
    assert!(
        messages.contains("codegraph: app/src/config.rs:"),
        "the build script warns: {messages}"
    );
}
