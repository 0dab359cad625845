//! Bad input gets a clear message and exit code 2; a failed run leaves the
//! previous index readable; an index of another schema is refused.

use crate::support::{command, stderr, Workspace};

#[test]
fn no_manifest_is_a_clear_error() {
    let empty = tempfile::tempdir().unwrap();
    let output = command(empty.path(), &["index"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("`cargo metadata` failed") && message.contains("Cargo.toml"),
        "{message}"
    );

    let output = command(
        empty.path(),
        &["index", "--manifest-path", "nowhere/Cargo.toml"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no Cargo.toml at nowhere/Cargo.toml"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn querying_before_indexing_says_what_to_do() {
    let workspace = Workspace::copy_of("kitchen-sink");
    let output = workspace.run(&["query", "?[x] := x = 1"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("run `cargo codegraph index` first"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn query_errors_show_the_position_in_the_script() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index", "-q"]);
    let output = workspace.run(&["query", "?[path] := *node{path, nosuchcolumn}"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("does not have field 'nosuchcolumn'"),
        "{message}"
    );
    assert!(
        message.contains("│ ?[path] := *node{path, nosuchcolumn}"),
        "quotes the script: {message}"
    );
    assert!(message.contains("───"), "underlines the culprit: {message}");

    let output = workspace.run(&["query", "?[x] := x = "]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("╭"),
        "rendered with the script excerpt: {}",
        stderr(&output)
    );
}

#[test]
fn a_failed_run_leaves_the_previous_index_intact() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index", "-q"]);
    let before = workspace.query_rows("?[count(id)] := *node{id}");
    // Break the manifest: metadata fails, nothing is written.
    let manifest = workspace.read("Cargo.toml");
    workspace.write("Cargo.toml", &format!("{manifest}\n[this is not toml"));
    let output = workspace.run(&["index"]);
    assert_eq!(output.status.code(), Some(2));
    workspace.write("Cargo.toml", &manifest);
    assert_eq!(workspace.query_rows("?[count(id)] := *node{id}"), before);
    let leftovers: Vec<_> = std::fs::read_dir(workspace.root().join("target"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_index_of_another_schema_version_is_refused_not_misread() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index", "-q"]);
    workspace.ok(&[
        "query",
        "--write",
        "?[key, value] <- [['schema_version', '0']] :put meta {key => value}",
    ]);
    let output = workspace.run(&["query", "?[count(id)] := *node{id}"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("schema version 0") && message.contains("cargo codegraph index"),
        "{message}"
    );
    // Re-indexing rebuilds it.
    workspace.ok(&["index", "-q"]);
    workspace.ok(&["query", "?[count(id)] := *node{id}"]);

    std::fs::write(workspace.index_file(), b"not a database at all").unwrap();
    let output = workspace.run(&["stats"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(!message.contains("panicked"), "{message}");
    assert!(message.contains("not a database"), "{message}");
}

#[test]
fn search_and_embed_without_an_index_say_how_to_make_one() {
    let workspace = Workspace::copy_of("kitchen-sink");
    for args in [
        &["search", "parse the config file"][..],
        &["embed", "--model-path", "/nonexistent"][..],
    ] {
        let output = workspace.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("run `cargo codegraph index` first"),
            "{message}"
        );
        assert!(!message.contains("panicked"), "{message}");
    }
}
