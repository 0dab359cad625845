//! `cargo codegraph check` on a fixture with a deliberate violation of each
//! rule kind: exact diagnostics, exit codes, JSON, rule selection, and
//! config errors that name the line.

use serde_json::Value;

use crate::support::{stderr, Workspace};

#[test]
fn violations_print_like_rustc_and_errors_exit_1() {
    let workspace = Workspace::copy_of("rules");
    let output = workspace.run(&["check"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "an error-severity violation exits 1: {}",
        stderr(&output)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    let expected = "\
error[domain-stays-pure]: shop::domain::place_order (domain) calls shop::infra::db::save (infra), a higher layer
 --> shop/src/domain.rs:4:5
  |
4 |     db::save();
  |     ^^^^^^^^
";
    assert!(text.contains(expected), "{text}");
    assert!(
        text.contains("warning[no-processes]: shop::domain::spawn_helper calls std::process::Command::new, which this rule forbids"),
        "{text}"
    );
    assert!(
        text.contains("note[old-names]: shop::app::legacy_old: rename it"),
        "{text}"
    );
    // An item is underlined by its name; a file module has no line to show.
    let expected = "\
warning[documented-app]: shop::app::run has no docs
 --> shop/src/app.rs:1:8
  |
1 | pub fn run() {
  |        ^^^
";
    assert!(text.contains(expected), "{text}");
    let expected = "\
error[no-module-cycles]: module shop::domain is in a dependency cycle: shop::domain, shop::infra::db
 --> shop/src/domain.rs:1:1

";
    assert!(text.contains(expected), "{text}");
    assert!(
        text.contains("warning[no-crate-cycles]: crate shop is in a dependency cycle: "),
        "{text}"
    );
    assert!(
        text.ends_with("check: 3 errors, 6 warnings, 1 notes (7 rules)\n"),
        "{text}"
    );
    // shop::infra's items get their owner from [annotate].
    assert!(!text.contains("owned-infra"), "{text}");
    // app -> domain goes down the layers: allowed.
    assert!(!text.contains("shop::app::run (app)"), "{text}");
}

#[test]
fn json_and_rule_selection_and_warnings_exit_0() {
    let workspace = Workspace::copy_of("rules");
    let output = workspace.run(&["check", "--rule", "no-processes", "--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "warnings only: {}",
        stderr(&output)
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    let violations = json["violations"].as_array().unwrap();
    assert_eq!(violations.len(), 2);
    assert!(violations
        .iter()
        .all(|v| v["rule"] == "no-processes" && v["severity"] == "warning" && v["line"] == 8));
    assert_eq!(violations[0]["path"], "shop::domain::spawn_helper");
    assert_eq!(violations[0]["file"], "shop/src/domain.rs");
}

#[test]
fn fixing_the_code_clears_the_violation() {
    let workspace = Workspace::copy_of("rules");
    workspace.replace("shop/src/domain.rs", "    db::save();\n", "");
    let output = workspace.run(&["check", "--rule", "domain-stays-pure"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
}

#[test]
fn a_bad_config_exits_2_naming_the_line() {
    let workspace = Workspace::copy_of("rules");
    let config = workspace.read("codegraph.toml");
    workspace.replace("codegraph.toml", "kind = \"forbid\"", "kind = \"forbidd\"");
    let output = workspace.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("codegraph.toml:13:8: rule `no-processes`: unknown kind `forbidd`"),
        "{message}"
    );

    workspace.write(
        "codegraph.toml",
        &config.replace("ends_with(path, '_old')", "ends_with(path, '_old'"),
    );
    let output = workspace.run(&["check"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("rule `old-names`: its query fails"),
        "{message}"
    );
}

#[test]
fn sarif_has_the_shape_code_scanning_accepts() {
    let workspace = Workspace::copy_of("rules");
    let output = workspace.run(&["check", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "cargo-codegraph");
    let rule_ids: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        rule_ids,
        [
            "domain-stays-pure",
            "no-processes",
            "old-names",
            "documented-app",
            "no-module-cycles",
            "no-crate-cycles",
            "owned-infra"
        ]
    );
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 10);
    for result in results {
        assert!(
            rule_ids.contains(&result["ruleId"].as_str().unwrap()),
            "{result}"
        );
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert!(
            location["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("shop"),
            "{result}"
        );
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert_eq!(
            result["partialFingerprints"]["codegraph/v1"]
                .as_str()
                .unwrap()
                .len(),
            32
        );
    }
}

#[test]
fn a_baseline_ignores_old_violations_and_fails_on_new_ones() {
    let workspace = Workspace::copy_of("rules");
    let recorded = workspace.run(&["check", "--write-baseline", "baseline.json"]);
    assert_eq!(recorded.status.code(), Some(0), "{}", stderr(&recorded));

    // Unrelated edits (lines move) do not resurface the old violations.
    let domain = workspace.read("shop/src/domain.rs");
    workspace.write("shop/src/domain.rs", &format!("// moved down\n\n{domain}"));
    let output = workspace.run(&["check", "--baseline", "baseline.json"]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("check: 0 errors, 0 warnings, 0 notes (7 rules; 10 in the baseline)"),
        "{text}"
    );

    // A new violation fails.
    workspace.write(
        "shop/src/domain.rs",
        &format!("{domain}\npub fn sneaky() {{ crate::infra::db::save(); }}\n"),
    );
    let output = workspace.run(&["check", "--baseline", "baseline.json"]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains("error[domain-stays-pure]: shop::domain::sneaky (domain) calls shop::infra::db::save (infra)"), "{text}");
    assert!(
        !text.contains("place_order (domain)"),
        "old violation stays quiet: {text}"
    );
}

#[test]
fn require_counts_annotate_patterns_and_reports_without_them() {
    let workspace = Workspace::copy_of("rules");
    let satisfied = workspace.run(&["check", "--rule", "owned-infra"]);
    let text = String::from_utf8_lossy(&satisfied.stdout).into_owned();
    assert_eq!(satisfied.status.code(), Some(0), "{text}");
    assert!(text.contains("check: 0 errors"), "{text}");

    let config = workspace
        .read("codegraph.toml")
        .replace(", owner = \"ops-team\"", "");
    workspace.write("codegraph.toml", &config);
    let output = workspace.run(&["check", "--rule", "owned-infra"]);
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[owned-infra]: shop::infra::db::save has no owner"),
        "{text}"
    );
}
