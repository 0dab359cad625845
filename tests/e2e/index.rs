//! `index`: the inventory of nodes, positions, signatures, diagnostics,
//! stable ids, package and target selection, atomic replacement.

use crate::support::{fixtures_dir, stderr, Workspace};

/// Every node of the fixture's lib and bin targets, as `KIND\tPATH\tCFG`
/// lines (`bin:` before the kind for the binary), sorted bytewise.
fn node_lines(workspace: &Workspace) -> Vec<String> {
    let rows = workspace.query_rows("?[id, target, kind, path, cfg] := *node{id, crate_id, kind, path, cfg}, *crate{id: crate_id, target_kind: target}");
    let mut lines: Vec<String> = rows
        .into_iter()
        .map(|row| {
            let prefix = if row[1] == "bin" { "bin:" } else { "" };
            let cfg = if row[4].is_empty() {
                "-"
            } else {
                row[4].as_str()
            };
            format!("{prefix}{}\t{}\t{cfg}", row[2], row[3])
        })
        .collect();
    lines.sort();
    lines
}

#[test]
fn index_finds_exactly_the_written_and_derived_inventory() {
    let workspace = Workspace::copy_of("kitchen-sink");
    let output = workspace.run(&["index"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(workspace.index_file().is_file());
    let summary = stderr(&output);
    assert!(summary.contains("indexed 3 crates"), "{summary}");

    let expected_text =
        std::fs::read_to_string(fixtures_dir().join("kitchen-sink/expected-nodes.txt")).unwrap();
    let mut expected: Vec<String> = expected_text
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    expected.sort();
    let actual = node_lines(&workspace);
    let missing: Vec<_> = expected.iter().filter(|l| !actual.contains(l)).collect();
    let extra: Vec<_> = actual.iter().filter(|l| !expected.contains(l)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nextra: {extra:#?}"
    );
    assert_eq!(actual, expected, "same lines, same multiplicities");
}

#[test]
fn every_member_hangs_off_its_owner_by_a_contains_edge() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index"]);
    // Every node but the crates has exactly one parent.
    let orphans = workspace.query_rows(
        "has_parent[id] := *edge{src, dst: id, kind: 'contains'}
         ?[path, kind] := *node{id, path, kind}, kind != 'crate', kind != 'external', not has_parent[id]",
    );
    assert!(orphans.is_empty(), "nodes without a parent: {orphans:?}");
    let members = workspace.query_rows(
        "?[child] := *node{id: p, path: 'kitchen::shapes::Message'}, *edge{src: p, dst: c, kind: 'contains'}, *node{id: c, path: child}",
    );
    let mut names: Vec<String> = members.into_iter().map(|r| r[0].clone()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "kitchen::shapes::Message::ChangeColor",
            "kitchen::shapes::Message::Move",
            "kitchen::shapes::Message::Quit",
            "kitchen::shapes::Message::Write"
        ]
    );
}

#[test]
fn nodes_carry_positions_signatures_docs_and_attributes() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index"]);
    let rows = workspace.query_rows(
        "?[path, file, line, col, end_line, end_col, vis, signature, docs, attrs] :=
            *node{path, file, line, col, end_line, end_col, vis, signature, docs, attrs},
            path == 'kitchen::shapes::Point' or path == 'kitchen::fetch' or path == 'kitchen::old_square'",
    );
    let find = |path: &str| {
        rows.iter()
            .find(|r| r[0] == path)
            .unwrap_or_else(|| panic!("{path} missing: {rows:?}"))
    };

    let point = find("kitchen::shapes::Point");
    let source = workspace.read("kitchen/src/shapes.rs");
    let struct_line = source
        .lines()
        .position(|l| l.starts_with("pub struct Point"))
        .unwrap()
        + 1;
    assert_eq!(point[1], "kitchen/src/shapes.rs");
    assert_eq!(
        point[2],
        struct_line.to_string(),
        "line points at the name, not at the docs or derive"
    );
    assert_eq!(point[3], "12", "1-based column of `Point`");
    assert_eq!(
        point[4],
        (struct_line + 3).to_string(),
        "ends at the closing brace"
    );
    assert_eq!(point[5], "1");
    assert_eq!(point[6], "pub");
    assert_eq!(point[7], "pub struct Point");
    assert_eq!(point[8], "Named-field struct.");
    assert_eq!(point[9], r#"["derive(Debug, Clone, Copy, PartialEq)"]"#);

    assert_eq!(find("kitchen::fetch")[7], "pub async fn fetch() -> u32");
    assert!(
        find("kitchen::old_square")[9].contains("deprecated"),
        "{:?}",
        find("kitchen::old_square")
    );
}

#[test]
fn a_file_that_does_not_parse_is_a_diagnostic_and_its_siblings_are_indexed() {
    let workspace = Workspace::copy_of("kitchen-sink");
    let output = workspace.run(&["index"]);
    assert!(
        output.status.success(),
        "bad user code is not a tool failure"
    );
    let summary = stderr(&output);
    assert!(
        summary.contains("error[parse-error]: kitchen/src/broken.rs:2:"),
        "{summary}"
    );
    assert!(
        summary.contains("error[missing-module-file]: kitchen/src/lib.rs:"),
        "{summary}"
    );

    let diagnostics = workspace.query_rows("?[file, line, code] := *diagnostic{file, line, code}");
    assert!(
        diagnostics.contains(&vec![
            "kitchen/src/broken.rs".into(),
            "2".into(),
            "parse-error".into()
        ]),
        "{diagnostics:?}"
    );
    let file_error =
        workspace.query_rows("?[error] := *file{path: 'kitchen/src/broken.rs', error}");
    assert!(file_error[0][0].starts_with("2:"), "{file_error:?}");
    // Siblings declared after `mod broken;` are still there.
    assert_eq!(
        workspace
            .query_rows("?[path] := *node{path}, path == 'kitchen::extra::bonus'")
            .len(),
        1
    );
}

#[test]
fn ids_are_stable_across_runs_and_content_hashes_follow_edits() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index"]);
    let nodes =
        "?[id, path, content_hash] := *node{id, path, content_hash, kind}, kind != 'external'";
    let before = workspace.query_rows(nodes);

    // Reformatting and comments change neither ids nor hashes.
    let lib = workspace.read("kitchen/src/b/leaf.rs");
    workspace.write(
        "kitchen/src/b/leaf.rs",
        &format!("// a comment\n\n{}", lib.replace("    ", "        ")),
    );
    workspace.ok(&["index"]);
    let reformatted = workspace.query_rows(nodes);
    assert_eq!(before, reformatted);

    // Changing one function changes its hash (and its module's), nothing else's id.
    workspace.replace(
        "kitchen/src/shapes.rs",
        "(self.x * self.x + self.y * self.y).sqrt()",
        "self.x.hypot(self.y)",
    );
    workspace.ok(&["index"]);
    let edited = workspace.query_rows(nodes);
    let ids = |rows: &[Vec<String>]| rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>();
    assert_eq!(ids(&before), ids(&edited), "ids do not depend on content");
    let changed: Vec<&str> = before
        .iter()
        .zip(&edited)
        .filter(|(a, b)| a[2] != b[2])
        .map(|(a, _)| a[1].as_str())
        .collect();
    assert!(
        changed.contains(&"kitchen::shapes::Point::norm"),
        "{changed:?}"
    );
    assert!(
        changed.iter().all(|path| [
            "kitchen::shapes::Point::norm",
            "kitchen::shapes::<impl Point>",
            "kitchen::shapes",
            "kitchen"
        ]
        .contains(path)),
        "{changed:?}"
    );
}

#[test]
fn the_graph_does_not_depend_on_the_number_of_threads() {
    // Parsing, resolution and the lookup memo all run on rayon's pool:
    // what comes out must not depend on which thread got there first.
    let workspace = Workspace::copy_of("kitchen-sink");
    let queries = [
        "?[id, path, kind, content_hash, cfg] := *node{id, path, kind, content_hash, cfg}",
        "?[src, dst, kind, provenance, file, line] := \
         *edge{src, dst, kind, provenance, file, line}",
        "?[src, kind, text, file, line] := *unresolved{src, kind, text, file, line}",
    ];
    let graph_with = |threads: &str| -> Vec<Vec<Vec<String>>> {
        workspace.ok_with_env(&["index", "--full"], &[("RAYON_NUM_THREADS", threads)]);
        queries
            .iter()
            .map(|query| workspace.query_rows(query))
            .collect()
    };
    let one = graph_with("1");
    assert!(
        one[1].len() > 100,
        "the fixture has edges: {}",
        one[1].len()
    );
    assert_eq!(one, graph_with("4"));
    assert_eq!(one, graph_with("2"));
}

#[test]
fn package_and_target_selection_follow_cargo() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index", "-p", "dash-name"]);
    let crates = workspace
        .query_rows("?[name, target, indexed] := *crate{name, target_kind: target, indexed}");
    assert!(
        crates.contains(&vec!["dash_name".into(), "lib".into(), "true".into()]),
        "{crates:?}"
    );
    assert!(
        crates.contains(&vec!["kitchen".into(), "lib".into(), "false".into()]),
        "a dependency is named, not indexed: {crates:?}"
    );
    assert_eq!(
        workspace
            .query_rows("?[id] := *node{id, kind: 'crate'}")
            .len(),
        1
    );

    workspace.ok(&["index", "--all-targets"]);
    let tests = workspace.query_rows(
        "?[path] := *crate{id: c, target_kind: 'test'}, *node{crate_id: c, kind: 'function', path}",
    );
    assert_eq!(tests, [vec!["it::point_norm".to_string()]]);

    workspace.ok(&["index", "--features", "extra"]);
    let features = workspace
        .query_rows("?[features] := *crate{name: 'kitchen', target_kind: 'lib', features}");
    assert!(features[0][0].contains("extra"), "{features:?}");
}

#[test]
fn the_cargo_subcommand_form_and_the_direct_form_both_work() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["codegraph", "index", "-q"]);
    let stdout = workspace.ok(&["codegraph", "query", "defs", "dashed"]);
    assert!(stdout.contains("dash_name::dashed"), "{stdout}");
}
