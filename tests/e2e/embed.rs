//! `index --embed`, `embed` and `search` with the real model on the CPU,
//! offline: the hub cache comes from scripts/test (see
//! scripts/setup-test-model.py), reached through HF_HUB_CACHE with
//! HF_HUB_OFFLINE=1, the way a user without network runs.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::Output;

use crate::support::{stderr, Workspace};

fn hub_cache() -> PathBuf {
    let home = std::env::var_os("CODEGRAPH_TEST_HF_HOME").unwrap_or_else(|| {
        panic!("CODEGRAPH_TEST_HF_HOME is not set: run the tests with scripts/test, which lays out the model files")
    });
    PathBuf::from(home).join("hub")
}

/// Runs `f` with the environment of an offline user whose hub cache holds the model.
fn with_offline_hub<T>(f: impl FnOnce(&[(&str, &str)]) -> T) -> T {
    let cache = hub_cache();
    f(&[
        ("HF_HUB_CACHE", cache.to_str().unwrap()),
        ("HF_HUB_OFFLINE", "1"),
    ])
}

fn run_offline(workspace: &Workspace, args: &[&str]) -> Output {
    with_offline_hub(|env| workspace.run_with_env(args, env))
}

fn ok_offline(workspace: &Workspace, args: &[&str]) -> (String, String) {
    with_offline_hub(|env| workspace.ok_with_env(args, env))
}

/// The count from "embedded N items (M already had vectors, …)".
fn embedded_count(stderr: &str) -> usize {
    let line = stderr
        .lines()
        .find(|line| line.starts_with("embedded "))
        .unwrap_or_else(|| panic!("no `embedded` line in:\n{stderr}"));
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

fn search_paths(workspace: &Workspace, query: &str) -> Vec<String> {
    let (stdout, _) = ok_offline(workspace, &["search", query, "-k", "3", "--json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[1].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn search_finds_the_intended_function_in_the_top_three() {
    let workspace = Workspace::copy_of("search-app");
    let (_, err) = ok_offline(&workspace, &["index", "--embed"]);
    assert!(embedded_count(&err) > 20, "{err}");
    let expectations = [
        (
            "read the configuration from a file",
            "search_app::settings::load_settings",
        ),
        ("send an email message", "search_app::mail::deliver"),
        ("make a picture smaller", "search_app::media::shrink"),
        (
            "try again with a growing delay when it fails",
            "search_app::net::with_retries",
        ),
        (
            "detect corrupted data with a crc",
            "search_app::security::checksum",
        ),
        (
            "store user passwords safely",
            "search_app::security::hash_password",
        ),
        (
            "turn a title into a url friendly string",
            "search_app::text::slugify",
        ),
        (
            "convert a color image to black and white",
            "search_app::media::grayscale",
        ),
        (
            "split a web address into host port and path",
            "search_app::net::parse_url",
        ),
    ];
    let mut misses = Vec::new();
    for (query, expected) in expectations {
        let found = search_paths(&workspace, query);
        if !found.iter().any(|path| path == expected) {
            misses.push(format!("{query:?}: expected {expected}, got {found:?}"));
        }
    }
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn hits_say_which_signal_found_them_and_where_they_are() {
    let workspace = Workspace::copy_of("search-app");
    ok_offline(&workspace, &["index", "--embed"]);
    let (stdout, _) = ok_offline(
        &workspace,
        &["search", "load settings", "-k", "5", "--format", "json"],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let headers: Vec<&str> = json["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(
        headers,
        [
            "rank",
            "path",
            "kind",
            "location",
            "score",
            "cosine",
            "bm25",
            "found_by",
            "signature",
            "crate",
            "id"
        ]
    );
    let top = &json["rows"][0];
    assert_eq!(top[1], "search_app::settings::load_settings");
    assert_eq!(top[3], "src/settings.rs:8");
    assert_eq!(top[7], "semantic+lexical");
    assert!(top[5].as_f64().unwrap() > 0.3);
    // --kind and --crate filter.
    let (stdout, _) = ok_offline(
        &workspace,
        &["search", "settings", "--kind", "struct", "--json"],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .all(|row| row[2] == "struct"));
    let output = run_offline(&workspace, &["search", "settings", "--crate", "nope"]);
    assert_eq!(output.status.code(), Some(1), "no hits exits 1");
}

/// Content hashes of the nodes that get vectors, by path.
fn embeddable_hashes(workspace: &Workspace) -> BTreeSet<(String, String)> {
    workspace
        .query_rows(
            "?[path, h] := *node{path, kind, content_hash: h}, \
             is_in(kind, ['function', 'method', 'struct', 'enum', 'trait', 'type_alias', 'const', 'static', 'macro', 'module'])",
        )
        .into_iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
}

#[test]
fn a_second_run_embeds_nothing_and_an_edit_reembeds_only_what_changed() {
    let workspace = Workspace::copy_of("search-app");
    let (_, first) = ok_offline(&workspace, &["index", "--embed"]);
    let before = embeddable_hashes(&workspace);
    let distinct: BTreeSet<&String> = before.iter().map(|(_, h)| h).collect();
    assert_eq!(embedded_count(&first), distinct.len());

    let (_, second) = ok_offline(&workspace, &["index", "--embed"]);
    assert_eq!(embedded_count(&second), 0, "{second}");
    let (_, again) = ok_offline(&workspace, &["embed"]);
    assert_eq!(embedded_count(&again), 0, "{again}");

    let source = workspace.read("src/text.rs");
    workspace.replace(
        "src/text.rs",
        "text.split_whitespace().count()",
        "text.split(char::is_whitespace).filter(|w| !w.is_empty()).count()",
    );
    let (_, third) = ok_offline(&workspace, &["index", "--embed"]);
    let after = embeddable_hashes(&workspace);
    let changed: BTreeSet<&str> = after
        .difference(&before)
        .map(|(path, _)| path.as_str())
        .collect();
    // The edited function, and its module (a module's content is its children's).
    assert_eq!(
        changed,
        BTreeSet::from(["search_app::text", "search_app::text::word_count"])
    );
    assert_eq!(embedded_count(&third), changed.len(), "{third}");

    // Vectors of content that is gone were dropped: one per live content.
    let live: BTreeSet<&String> = after.iter().map(|(_, h)| h).collect();
    let stored = workspace.query_rows("?[h] := *embedding{content_hash: h}");
    assert_eq!(stored.len(), live.len());

    // The packed copy search reads follows the index: after a rebuild that
    // embeds nothing it is stale and must not be trusted.
    assert!(workspace.root().join("target/codegraph.vectors").is_file());
    workspace.write("src/text.rs", &source);
    ok_offline(&workspace, &["index"]);
    let found = search_paths(&workspace, "count the words in a text");
    assert!(
        found.contains(&"search_app::text::word_count".to_string()),
        "{found:?}"
    );
}

#[test]
fn vectors_are_queryable_from_cozoscript() {
    let workspace = Workspace::copy_of("search-app");
    ok_offline(&workspace, &["index", "--embed"]);
    let rows = workspace.query_rows(
        "?[path, similarity] := \
           *node{path: 'search_app::settings::load_settings', content_hash: h0}, \
           *embedding{content_hash: h0, model: m, vec: v0}, \
           *node{kind: 'function', path, content_hash: h}, \
           *embedding{content_hash: h, model: m, vec: v}, \
           similarity = 1 - cos_dist(v0, v) \
         :order -similarity",
    );
    assert_eq!(rows[0][0], "search_app::settings::load_settings");
    assert!((rows[0][1].parse::<f64>().unwrap() - 1.0).abs() < 1e-4);
    assert_eq!(rows[1][0], "search_app::settings::save_settings");
    let models = workspace
        .query_rows("?[name, revision, dims, pooling] := *model{name, revision, dims, pooling}");
    assert_eq!(
        models,
        [[
            "sentence-transformers/all-MiniLM-L6-v2",
            "1110a243fdf4706b3f48f1d95db1a4f5529b4d41",
            "384",
            "mean"
        ]]
    );
}

#[test]
fn without_embeddings_search_is_lexical_and_says_so() {
    let workspace = Workspace::copy_of("search-app");
    workspace.ok(&["index"]);
    let (stdout, err) = ok_offline(&workspace, &["search", "load settings", "--json"]);
    assert!(err.contains("no embeddings"), "{err}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["rows"][0][1], "search_app::settings::load_settings");
    assert_eq!(json["rows"][0][7], "lexical");
}

#[test]
fn a_missing_model_offline_fails_with_what_is_missing_and_how_to_fix_it() {
    let workspace = Workspace::copy_of("search-app");
    workspace.ok(&["index"]);
    let empty = tempfile::tempdir().unwrap();
    let env = [
        ("HF_HUB_CACHE", empty.path().to_str().unwrap()),
        ("HF_HUB_OFFLINE", "1"),
    ];
    let output = workspace.run_with_env(&["embed"], &env);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("missing: config.json, tokenizer.json, model.safetensors"),
        "{err}"
    );
    assert!(err.contains("--model-path"), "{err}");
    assert!(!err.contains("panicked"), "{err}");

    // Search still answers, lexically, and says why.
    let output = workspace.run_with_env(&["search", "load settings"], &env);
    assert!(output.status.success());
    assert!(stderr(&output).contains("names, paths and docs only"));

    let output = workspace.run_with_env(&["embed", "--model", "not a model"], &env);
    assert!(stderr(&output).contains("is not a model name"));
    let output = workspace.run_with_env(&["search", "x", "--kind", "fuction"], &env);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("unknown kind `fuction`"));
}

#[test]
fn a_model_directory_can_be_given_with_model_path() {
    let workspace = Workspace::copy_of("search-app");
    workspace.ok(&["index"]);
    let snapshot = hub_cache()
        .join("models--sentence-transformers--all-MiniLM-L6-v2/snapshots/1110a243fdf4706b3f48f1d95db1a4f5529b4d41");
    let (_, err) = ok_offline(
        &workspace,
        &[
            "embed",
            "--model-path",
            snapshot.to_str().unwrap(),
            "--embed-kinds",
            "function",
        ],
    );
    assert_eq!(embedded_count(&err), 12, "{err}");
    let models = workspace.query_rows("?[revision] := *model{revision}");
    assert_eq!(models, [["local"]]);
}
