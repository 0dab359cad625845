//! Re-indexing: nothing changed costs nothing; any change rebuilds; one
//! writer at a time; a run killed at any point leaves a readable index.

use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{stderr, Workspace};

fn index_message(workspace: &Workspace, args: &[&str]) -> String {
    let output = workspace.run(args);
    assert!(output.status.success(), "{}", stderr(&output));
    stderr(&output)
}

#[test]
fn nothing_changed_means_nothing_redone_and_any_change_rebuilds() {
    let workspace = Workspace::copy_of("kitchen-sink");
    assert!(index_message(&workspace, &["index"]).contains("indexed 3 crates"));
    assert!(index_message(&workspace, &["index"]).contains("index is up to date: 3 crates"));

    // Same bytes, new mtime: still up to date (contents are hashed).
    let shapes = workspace.read("kitchen/src/shapes.rs");
    workspace.write("kitchen/src/shapes.rs", &shapes);
    assert!(index_message(&workspace, &["index"]).contains("up to date"));

    workspace.write(
        "kitchen/src/shapes.rs",
        &format!("{shapes}\npub fn added() {{}}\n"),
    );
    // The library changed: it and both crates that depend on it are redone.
    let message = index_message(&workspace, &["index"]);
    assert!(message.contains("re-indexed 3 of 3 crates"), "{message}");
    assert_eq!(
        workspace
            .query_rows("?[p] := *node{path: p}, p == 'kitchen::shapes::added'")
            .len(),
        1
    );

    // The file `mod missing;` looked for appears: noticed although no
    // file that was read changed.
    workspace.write("kitchen/src/missing.rs", "pub fn now_here() {}\n");
    assert!(index_message(&workspace, &["index"]).contains("re-indexed 3 of 3 crates"));
    assert_eq!(
        workspace
            .query_rows("?[p] := *node{path: p}, p == 'kitchen::missing::now_here'")
            .len(),
        1
    );

    // Only a body changes: the crates that depend on it stay.
    workspace.replace(
        "kitchen/src/shapes.rs",
        "pub fn added() {}",
        "pub fn added() { let _ = 1; }",
    );
    let message = index_message(&workspace, &["index"]);
    assert!(
        message.contains("re-indexed 1 of 3 crates (kitchen; 2 reused)"),
        "only a body changed, so the dependents stay: {message}"
    );

    // A crate nothing depends on: only it is redone, the rest is reused.
    let dash = workspace.read("dash-name/src/lib.rs");
    workspace.write(
        "dash-name/src/lib.rs",
        &format!("{dash}\npub fn more() {{}}\n"),
    );
    let message = index_message(&workspace, &["index"]);
    assert!(
        message.contains("re-indexed 1 of 3 crates (dash_name; 2 reused)"),
        "{message}"
    );
    assert_eq!(
        workspace
            .query_rows("?[p] := *node{path: p}, p == 'dash_name::more'")
            .len(),
        1
    );

    // Options are inputs too (a full run); --full rebuilds regardless.
    assert!(
        index_message(&workspace, &["index", "--features", "extra"]).contains("indexed 3 crates")
    );
    assert!(
        index_message(&workspace, &["index", "--features", "extra", "--full"])
            .contains("indexed 3 crates")
    );
}

#[test]
fn a_second_writer_waits_or_fails_with_no_wait() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index", "-q"]);
    let lock_path = workspace.root().join("target/codegraph.lock");
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .unwrap();
    lock.lock().unwrap();

    let refused = workspace.run(&["index", "--full", "--no-wait"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("another `cargo codegraph index` is writing this index"),
        "{}",
        stderr(&refused)
    );

    let waiting = Command::new(env!("CARGO_BIN_EXE_cargo-codegraph"))
        .args(["index", "--full"])
        .current_dir(workspace.root())
        .env_remove("CARGO_TARGET_DIR")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    drop(lock); // releases the lock
    let output = waiting.wait_with_output().unwrap();
    assert!(output.status.success());
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains("waiting for another `cargo codegraph index`"),
        "{message}"
    );
    assert!(message.contains("indexed 3 crates"), "{message}");
}

/// A workspace large enough that writing its index takes a while.
fn big_workspace() -> Workspace {
    let workspace = Workspace::copy_of("kitchen-sink");
    let mut lib = workspace.read("dash-name/src/lib.rs");
    for module in 0..60 {
        lib.push_str(&format!("pub mod generated_{module};\n"));
        let mut body = String::new();
        for item in 0..120 {
            body.push_str(&format!(
                "/// Item {item}.\npub struct S{item} {{ pub a: u32, pub b: String }}\nimpl S{item} {{ pub fn get(&self) -> u32 {{ self.a + helper_{item}() }} }}\npub fn helper_{item}() -> u32 {{ {item} }}\n"
            ));
        }
        workspace.write(&format!("dash-name/src/generated_{module}.rs"), &body);
    }
    workspace.write("dash-name/src/lib.rs", &lib);
    workspace
}

/// Runs the binary and SIGKILLs it after `delay_ms`: no cleanup runs.
fn kill_after(workspace: &Workspace, args: &[&str], delay_ms: u64) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cargo-codegraph"))
        .args(args)
        .current_dir(workspace.root())
        .env_remove("CARGO_TARGET_DIR")
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(delay_ms));
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_run_killed_at_any_point_leaves_a_readable_index() {
    let workspace = big_workspace();
    workspace.ok(&["index", "-q"]);
    let nodes = "?[count(id)] := *node{id}";
    let before = workspace.query_rows(nodes);
    for delay_ms in [30u64, 120, 250, 400, 700] {
        kill_after(&workspace, &["index", "--full", "-q"], delay_ms);
        assert_eq!(
            workspace.query_rows(nodes),
            before,
            "index unreadable or changed after a kill at {delay_ms} ms"
        );
    }
    // The next run repairs: it rebuilds and leaves no temporary files behind
    // of its own.
    workspace.ok(&["index", "-q"]);
    assert_eq!(workspace.query_rows(nodes), before);
    let leftovers: Vec<String> = std::fs::read_dir(workspace.root().join("target"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".tmp-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "temporaries of killed runs are cleaned up: {leftovers:?}"
    );
}

/// Rewrites the big workspace's generated items with another name prefix:
/// an edit that changes thousands of rows.
fn rename_generated(workspace: &Workspace, from: &str, to: &str) {
    for module in 0..60 {
        let file = format!("dash-name/src/generated_{module}.rs");
        let text = workspace.read(&file);
        workspace.write(
            &file,
            &text
                .replace(&format!("struct {from}"), &format!("struct {to}"))
                .replace(&format!("impl {from}"), &format!("impl {to}")),
        );
    }
}

#[test]
fn an_incremental_run_killed_at_any_point_leaves_the_old_or_the_new_index() {
    let workspace = big_workspace();
    workspace.ok(&["index", "-q"]);
    let named = |prefix: &str| {
        workspace.query_rows(&format!(
            "?[count(id)] := *node{{id, kind: 'struct', name, path}}, starts_with(name, '{prefix}'), starts_with(path, 'dash_name::generated_')"
        ))[0][0]
            .parse::<u64>()
            .unwrap()
    };
    let all = named("S");
    assert_eq!(all, 60 * 120);
    // One whole incremental run, timed, so the kills below land across
    // all of its phases on a fast machine or a slow one.
    rename_generated(&workspace, "S", "Timed");
    let started = std::time::Instant::now();
    let message = index_message(&workspace, &["index"]);
    let whole = started.elapsed();
    assert!(message.contains("re-indexed 1 of 3 crates"), "{message}");
    assert_eq!(named("Timed"), all);
    let mut current = "Timed".to_string();
    for (round, fraction) in [0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97]
        .into_iter()
        .enumerate()
    {
        let delay_ms = (whole.as_secs_f64() * fraction * 1000.0) as u64;
        let next = format!("R{round}x");
        rename_generated(&workspace, &current, &next);
        kill_after(&workspace, &["index", "-q"], delay_ms);
        let (old, new) = (named(&current), named(&next));
        eprintln!(
            "kill at {delay_ms} ms: {}",
            if new == all { "new index" } else { "old index" }
        );
        assert!(
            (old, new) == (all, 0) || (old, new) == (0, all),
            "after a kill at {delay_ms} ms: {old} old names, {new} new names"
        );
        if new == all {
            current = next;
        } else {
            // The edit is still on disk: the next run must pick it up.
            rename_generated(&workspace, &next, &current);
        }
    }
    // The next run repairs; its result equals a full rebuild.
    rename_generated(&workspace, &current, "Final");
    workspace.ok(&["index", "-q"]);
    assert_eq!(named("Final"), all);
    workspace.ok(&["index", "-q", "--full", "--target-dir", "target/fresh"]);
    assert_eq!(
        graph_text(&workspace, "target"),
        graph_text(&workspace, "target/fresh")
    );
}

#[test]
fn queries_during_incremental_runs_succeed_and_so_do_the_runs() {
    let workspace = big_workspace();
    workspace.ok(&["index", "-q"]);
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut answered = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                let output = workspace.run(&["query", "?[count(id)] := *node{id}"]);
                assert!(
                    output.status.success(),
                    "a query failed: {}",
                    stderr(&output)
                );
                answered += 1;
            }
            answered
        });
        let mut current = "S".to_string();
        for round in 0..3 {
            let next = format!("Q{round}x");
            rename_generated(&workspace, &current, &next);
            let message = index_message(&workspace, &["index"]);
            assert!(message.contains("re-indexed 1 of 3 crates"), "{message}");
            current = next;
        }
        done.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(reader.join().unwrap() > 0);
    });
}

/// A small deterministic generator (xorshift), so a failing sequence can be
/// replayed from its seed without a dependency.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Files random edits touch: (path, crate path prefix of items added there).
const EDITED: &[(&str, &str)] = &[
    ("kitchen/src/shapes.rs", "kitchen::shapes"),
    ("kitchen/src/lib.rs", "kitchen"),
    ("kitchen/src/main.rs", "kitchen"),
    ("dash-name/src/lib.rs", "dash_name"),
];

/// One random edit: add, change the body or signature of, rename or remove a
/// generated function; add or remove a module file; add a call across
/// crates. Returns what it did.
fn random_edit(
    workspace: &Workspace,
    random: &mut Random,
    added: &mut Vec<(usize, String)>,
    step: usize,
) -> String {
    let choice = if added.is_empty() { 0 } else { random.below(7) };
    match choice {
        0 | 1 => {
            let file = random.below(EDITED.len());
            let name = format!("gen_{step}");
            let text = workspace.read(EDITED[file].0);
            workspace.write(
                EDITED[file].0,
                &format!("{text}\npub fn {name}(x: u32) -> u32 {{ x + {step} }}\n"),
            );
            added.push((file, name.clone()));
            format!("add {name} to {}", EDITED[file].0)
        }
        2 => {
            let (file, name) = added[random.below(added.len())].clone();
            let text = workspace.read(EDITED[file].0);
            workspace.write(
                EDITED[file].0,
                &text.replacen(
                    &format!("pub fn {name}(x: u32) -> u32 {{ x"),
                    &format!("pub fn {name}(x: u32) -> u32 {{ x * {step}"),
                    1,
                ),
            );
            format!("change the body of {name}")
        }
        3 => {
            let at = random.below(added.len());
            let (file, name) = added[at].clone();
            let renamed = format!("{name}_r{step}");
            let text = workspace.read(EDITED[file].0);
            workspace.write(
                EDITED[file].0,
                &text.replace(&format!("fn {name}("), &format!("fn {renamed}(")),
            );
            added[at].1 = renamed.clone();
            format!("rename {name} to {renamed}")
        }
        4 => {
            let (file, name) = added.remove(random.below(added.len()));
            let text = workspace.read(EDITED[file].0);
            let kept: Vec<&str> = text
                .lines()
                .filter(|line| !line.contains(&format!("fn {name}(")))
                .collect();
            workspace.write(EDITED[file].0, &format!("{}\n", kept.join("\n")));
            format!("remove {name}")
        }
        5 => {
            let module = format!("gen_mod_{}", step % 3);
            let file = format!("kitchen/src/{module}.rs");
            let lib = workspace.read("kitchen/src/lib.rs");
            let line = format!("pub mod {module};");
            if lib.contains(&line) {
                workspace.write(
                    "kitchen/src/lib.rs",
                    &lib.replace(&format!("\n{line}\n"), "\n"),
                );
                std::fs::remove_file(workspace.root().join(&file)).unwrap();
                format!("remove module {module}")
            } else {
                workspace.write("kitchen/src/lib.rs", &format!("{lib}\n{line}\n"));
                workspace.write(&file, &format!("pub struct Gen{step};\nimpl Gen{step} {{ pub fn make() -> Self {{ Gen{step} }} }}\n"));
                format!("add module {module}")
            }
        }
        _ => {
            // A call from the leaf crate into the library (or a dangling one
            // once the callee is gone: then it is unresolved).
            let (file, name) = added[random.below(added.len())].clone();
            let target = format!("{}::{name}", EDITED[file].1);
            let dash = workspace.read("dash-name/src/lib.rs");
            workspace.write(
                "dash-name/src/lib.rs",
                &format!("{dash}\npub fn calls_{step}() -> u32 {{ {target}(1) }}\n"),
            );
            added.push((3, format!("calls_{step}")));
            format!("call {target} from dash_name")
        }
    }
}

#[test]
fn after_random_edits_the_index_equals_a_full_rebuild() {
    let seed: u64 = std::env::var("CODEGRAPH_EDIT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_c0de);
    let workspace = Workspace::copy_of("kitchen-sink");
    let mut random = Random(seed);
    let mut added = Vec::new();
    workspace.ok(&["index", "-q", "--target-dir", "target/kept"]);
    let mut done = Vec::new();
    for step in 0..14 {
        done.push(random_edit(&workspace, &mut random, &mut added, step));
        let message = index_message(&workspace, &["index", "--target-dir", "target/kept"]);
        assert!(
            message.contains("re-indexed") || message.contains("up to date"),
            "an edit of files is incremental (or changed nothing): {message}"
        );
        workspace.ok(&["index", "-q", "--full", "--target-dir", "target/fresh"]);
        assert_eq!(
            graph_text(&workspace, "target/kept"),
            graph_text(&workspace, "target/fresh"),
            "seed {seed:#x}, after: {}",
            done.join("; ")
        );
    }
}

/// Every graph relation, all columns, as sorted text: what an incremental
/// run must leave exactly as a full rebuild writes it.
fn graph_text(workspace: &Workspace, target_dir: &str) -> String {
    let query = |script: &str| {
        let stdout = workspace.ok(&[
            "query",
            "--target-dir",
            target_dir,
            "--format",
            "csv",
            script,
        ]);
        let mut lines: Vec<String> = stdout.lines().skip(1).map(str::to_string).collect();
        lines.sort();
        lines.join("\n")
    };
    [
        "?[id, crate_id, kind, name, path, file, line, col, end_line, end_col, vis, signature, docs, attrs, content_hash, cfg] := *node{id, crate_id, kind, name, path, file, line, col, end_line, end_col, vis, signature, docs, attrs, content_hash, cfg}",
        "?[name, id] := *node_by_name{name, id}",
        "?[src, dst, kind, provenance, candidates, file, line] := *edge{src, dst, kind, provenance, candidates, file, line}",
        "?[dst, kind, src] := *edge_by_dst{dst, kind, src}",
        "?[src, kind, text, file, line] := *unresolved{src, kind, text, file, line}",
        "?[node_id, key, value] := *annotation{node_id, key, value}",
        "?[path, crate_id, root, abs_path, hash, bytes, lines, error] := *file{path, crate_id, root, abs_path, hash, bytes, lines, error}",
        "?[crate_id, file, line, col, code, message, severity] := *diagnostic{crate_id, file, line, col, code, message, severity}",
        "?[id, name, features] := *crate{id, name, features}",
    ]
    .map(query)
    .join("\n--\n")
}

#[test]
fn after_any_sequence_of_edits_the_index_equals_a_full_rebuild() {
    let workspace = Workspace::copy_of("kitchen-sink");
    let (kept, fresh) = ("target/kept", "target/fresh");
    let check = |step: &str, extra: &[&str]| {
        let mut incremental = vec!["index", "--target-dir", kept];
        incremental.extend_from_slice(extra);
        let message = index_message(&workspace, &incremental);
        let mut full = vec!["index", "-q", "--full", "--target-dir", fresh];
        full.extend_from_slice(extra);
        workspace.ok(&full);
        assert_eq!(
            graph_text(&workspace, kept),
            graph_text(&workspace, fresh),
            "after: {step}"
        );
        message
    };
    let reused = |message: String, redone: &str| {
        assert!(message.contains(redone), "expected {redone:?}: {message}");
    };
    check("first index", &[]);

    // An exported macro's rules change: the crate that calls it is
    // re-parsed and expands the new rules.
    workspace.replace(
        "kitchen/src/lib.rs",
        "pub fn $field(&self) -> bool",
        "pub fn is_set(&self) -> bool",
    );
    reused(
        check("change an exported macro's rules", &[]),
        "re-indexed 3 of 3 crates",
    );

    // Crates nothing depends on: the others are carried over.
    let dash = workspace.read("dash-name/src/lib.rs");
    workspace.replace(
        "dash-name/src/lib.rs",
        "pub fn dashed()",
        "pub fn dashing()",
    );
    reused(
        check("rename an item in a leaf crate", &[]),
        "re-indexed 1 of 3 crates (dash_name; 2 reused)",
    );
    let main = workspace.read("kitchen/src/main.rs");
    workspace.write(
        "kitchen/src/main.rs",
        &format!(
            "{main}\nfn extra_helper() -> f64 {{ kitchen::shapes::Point::new(1.0, 2.0).norm() }}\n"
        ),
    );
    reused(
        check("add a call into the library from the binary", &[]),
        "re-indexed 1 of 3 crates (kitchen; 2 reused)",
    );
    // A body changes, nothing another crate can see: the dependents stay.
    workspace.replace(
        "kitchen/src/shapes.rs",
        "(self.x * self.x + self.y * self.y).sqrt()",
        "self.x.hypot(self.y)",
    );
    reused(
        check("change a function body in the library", &[]),
        "re-indexed 1 of 3 crates (kitchen; 2 reused)",
    );
    // A signature changes: the dependents are redone.
    workspace.replace(
        "kitchen/src/shapes.rs",
        "pub fn norm(&self) -> f64",
        "pub fn norm(&self) -> f32",
    );
    reused(
        check("change a signature in the library", &[]),
        "re-indexed 3 of 3 crates",
    );
    workspace.write("dash-name/src/lib.rs", "//! Emptied.\n");
    reused(
        check("remove every item of a crate", &[]),
        "re-indexed 1 of 3 crates (dash_name; 2 reused)",
    );

    let shapes = workspace.read("kitchen/src/shapes.rs");
    workspace.write(
        "kitchen/src/shapes.rs",
        &format!("{shapes}\npub fn added() -> Point {{ Point::new(0.0, 0.0) }}\n"),
    );
    check("add a fn", &[]);

    workspace.write("kitchen/src/b/leaf.rs", "//! Child of a mod-rs module.\n");
    check("remove an item", &[]);

    workspace.replace(
        "kitchen/src/lib.rs",
        "pub fn old_square(",
        "pub fn older_square(",
    );
    check("rename an item", &[]);

    let lib = workspace.read("kitchen/src/lib.rs");
    workspace.write("kitchen/src/lib.rs", &format!("{lib}\npub mod appended;\n"));
    workspace.write("kitchen/src/appended.rs", "pub fn in_new_file() {}\n");
    check("add a file", &[]);

    let inner = workspace.read("kitchen/src/a/inner.rs");
    std::fs::remove_file(workspace.root().join("kitchen/src/a/inner.rs")).unwrap();
    workspace.write("kitchen/src/a/moved.rs", &inner);
    let a = workspace.read("kitchen/src/a.rs");
    workspace.write(
        "kitchen/src/a.rs",
        &a.replace("mod inner;", "mod moved;")
            .replace("inner::", "moved::"),
    );
    check("move a module", &[]);

    workspace.replace("kitchen/src/a.rs", "HashMap as Map", "BTreeMap as Map");
    check("change a use", &[]);

    check("toggle a feature on", &["--features", "extra"]);
    check("toggle it off", &[]);

    workspace.replace("kitchen/src/lib.rs", "\npub mod appended;\n", "\n");
    std::fs::remove_file(workspace.root().join("kitchen/src/appended.rs")).unwrap();
    check("delete a file", &[]);

    // No file that was read changes: only the file `mod missing;` looked for appears.
    workspace.write("kitchen/src/missing.rs", "pub fn found_at_last() {}\n");
    check("the missing module file appears", &[]);

    // A file that was read disappears; its `mod` line stays.
    std::fs::remove_file(workspace.root().join("kitchen/src/b/leaf.rs")).unwrap();
    check("a module's file disappears", &[]);

    check("nothing changed", &[]);

    workspace.write("dash-name/src/lib.rs", &dash);
    reused(
        check("restore the leaf crate", &[]),
        "re-indexed 1 of 3 crates (dash_name; 2 reused)",
    );
}
