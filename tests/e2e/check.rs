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
 --> shop/src/domain.rs:4
  |
4 |     db::save();
  |     ^^^^^^^^^^^
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
    assert!(
        text.ends_with("check: 1 errors, 2 warnings, 1 notes (3 rules)\n"),
        "{text}"
    );
    // app -> domain goes down the layers: allowed.
    assert!(!text.contains("shop::app::run"), "{text}");
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
    let domain = workspace.read("shop/src/domain.rs");
    workspace.write(
        "shop/src/domain.rs",
        &domain.replace("    db::save();\n", ""),
    );
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
    workspace.write(
        "codegraph.toml",
        &config.replace("kind = \"forbid\"", "kind = \"forbidd\""),
    );
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
