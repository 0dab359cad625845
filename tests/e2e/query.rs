//! `query`: CozoScript in every output format, parameters, named queries
//! and `stats`.

use serde_json::{json, Value};

use crate::support::{stderr, Workspace};

const SCRIPT: &str = "?[path, line] := *node{path, line, kind: 'function'}, starts_with(path, 'kitchen::a::') :order path";

fn indexed() -> Workspace {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index", "-q"]);
    workspace
}

#[test]
fn every_output_format_carries_the_same_rows() {
    let workspace = indexed();
    let json: Value =
        serde_json::from_str(&workspace.ok(&["query", "--format", "json", SCRIPT])).unwrap();
    assert_eq!(json["headers"], json!(["path", "line"]));
    assert_eq!(json["rows"][0], json!(["kitchen::a::inner::make", 7]));
    let rows = json["rows"].as_array().unwrap().len();
    assert_eq!(rows, 4);

    let jsonl = workspace.ok(&["query", "--format", "jsonl", SCRIPT]);
    let objects: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), rows);
    assert_eq!(
        objects[0],
        json!({"path": "kitchen::a::inner::make", "line": 7})
    );

    let csv = workspace.ok(&["query", "--format", "csv", SCRIPT]);
    assert_eq!(csv.lines().next(), Some("path,line"));
    assert_eq!(csv.lines().nth(1), Some("kitchen::a::inner::make,7"));
    assert_eq!(csv.lines().count(), rows + 1);

    let table = workspace.ok(&["query", SCRIPT]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("path") && lines[0].ends_with("line"),
        "{table}"
    );
    assert!(lines[1].starts_with("---"), "{table}");
    assert_eq!(lines.len(), rows + 2);
}

#[test]
fn params_scripts_from_files_and_read_only_by_default() {
    let workspace = indexed();
    let by_param = workspace.ok(&[
        "query",
        "--format",
        "csv",
        "--param",
        "n=\"lookup\"",
        "?[path] := *node{name: $n, path}",
    ]);
    assert_eq!(by_param, "path\nkitchen::a::lookup\n");
    let plain_string = workspace.ok(&[
        "query",
        "--format",
        "csv",
        "--param",
        "n=lookup",
        "?[path] := *node{name: $n, path}",
    ]);
    assert_eq!(
        plain_string, by_param,
        "a non-JSON value is taken as a string"
    );

    workspace.write("q.cozo", "?[path] := *node{name: 'dashed', path}");
    assert_eq!(
        workspace.ok(&["query", "--format", "csv", "-f", "q.cozo"]),
        "path\ndash_name::dashed\n"
    );

    let write = "?[key, value] <- [['note', 'x']] :put meta {key => value}";
    let refused = workspace.run(&["query", write]);
    assert_eq!(refused.status.code(), Some(2), "writes need --write");
    workspace.ok(&["query", "--write", write]);
    assert_eq!(
        workspace.query_rows("?[value] := *meta{key: 'note', value}"),
        [vec!["x".to_string()]]
    );
}

#[test]
fn defs_finds_names_path_suffixes_and_globs() {
    let workspace = indexed();
    let json: Value =
        serde_json::from_str(&workspace.ok(&["query", "defs", "platform", "--format", "json"]))
            .unwrap();
    assert_eq!(
        json["headers"],
        json!(["path", "kind", "file", "line", "signature"])
    );
    assert_eq!(
        json["rows"].as_array().unwrap().len(),
        2,
        "both cfg alternatives: {json}"
    );

    let suffix = workspace.ok(&["query", "defs", "Point::new", "--format", "csv"]);
    assert_eq!(suffix.lines().nth(1).unwrap(), "kitchen::shapes::Point::new,method,kitchen/src/shapes.rs,40,\"pub fn new(x: f64, y: f64) -> Self\"");

    let glob = workspace.ok(&["query", "defs", "leaf*", "--format", "csv"]);
    assert!(
        glob.contains("kitchen::b::leaf,module")
            && glob.contains("kitchen::b::leaf::leaf_fn,function"),
        "{glob}"
    );

    let only_structs = workspace.ok(&["query", "defs", "*", "--kind", "union", "--format", "csv"]);
    assert_eq!(only_structs.lines().count(), 2, "{only_structs}");

    let bad_kind = workspace.run(&["query", "defs", "x", "--kind", "fn"]);
    assert_eq!(bad_kind.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad_kind.stderr).contains("unknown kind `fn`"));
}

#[test]
fn a_named_querys_options_may_come_before_its_name() {
    let workspace = indexed();
    let index = workspace.index_file();
    let index = index.to_str().unwrap();
    let after = workspace.ok(&[
        "query",
        "defs",
        "Point::new",
        "--format",
        "csv",
        "--index",
        index,
    ]);
    let before = workspace.ok(&[
        "query",
        "--format",
        "csv",
        "--index",
        index,
        "defs",
        "Point::new",
    ]);
    assert_eq!(before, after);
    assert!(
        before.starts_with("path,kind,file,line,signature\n"),
        "{before}"
    );

    let members = workspace.ok(&[
        "query",
        "--format",
        "jsonl",
        "members",
        "kitchen::shapes::Point",
    ]);
    let first: Value = serde_json::from_str(members.lines().next().unwrap()).unwrap();
    assert!(first.is_object(), "jsonl rows are objects: {members}");

    let missing = workspace.run(&["query", "--index", "no/such.cozo", "defs", "x"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("no/such.cozo"),
        "{}",
        stderr(&missing)
    );

    let both = workspace.run(&["query", "?[x] := x = 1", "defs", "x"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("not both"), "{}", stderr(&both));
}

#[test]
fn members_include_fields_and_methods_of_every_impl_block() {
    let workspace = indexed();
    let csv = workspace.ok(&[
        "query",
        "members",
        "kitchen::shapes::Point",
        "--format",
        "csv",
    ]);
    let paths: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    for expected in [
        "kitchen::shapes::Point::x",
        "kitchen::shapes::Point::y",
        "kitchen::shapes::Point::new",
        "kitchen::shapes::Point::norm",
        "kitchen::shapes::Point::area",
        "kitchen::shapes::Point::ORIGIN",
    ] {
        assert!(
            paths.contains(&expected),
            "{expected} missing from {paths:?}"
        );
    }

    let reexport = workspace.ok(&["query", "members", "kitchen::Point", "--format", "csv"]);
    assert_eq!(reexport, csv, "a re-export's members are its definition's");
}

#[test]
fn stats_count_by_crate_and_kind() {
    let workspace = indexed();
    let json: Value = serde_json::from_str(&workspace.ok(&["stats", "--format", "json"])).unwrap();
    assert_eq!(json["totals"]["crates"], 3);
    assert_eq!(json["totals"]["diagnostics"], 2);
    let expected_nodes = std::fs::read_to_string(
        crate::support::fixtures_dir().join("kitchen-sink/expected-nodes.txt"),
    )
    .unwrap()
    .lines()
    .filter(|l| !l.is_empty())
    .count();
    assert_eq!(json["totals"]["nodes"], expected_nodes);
    assert!(json["age_seconds"].as_u64().unwrap() < 600);
    let unions = json["by_crate"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["crate"] == "kitchen" && row["kind"] == "union")
        .unwrap();
    assert_eq!(unions["count"], 1);
    assert_eq!(unions["version"], "0.1.0", "{unions}");
    let text = workspace.ok(&["stats"]);
    assert!(
        text.contains("nodes: ") && text.contains("indexed: "),
        "{text}"
    );
}
