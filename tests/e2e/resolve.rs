//! Named queries over resolved edges: callers, callees, impls, refs, path,
//! deps, unresolved, on the kitchen-sink fixture.

use serde_json::Value;

use crate::support::{stderr, Workspace};

fn indexed() -> Workspace {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.ok(&["index", "-q"]);
    workspace
}

fn rows(workspace: &Workspace, args: &[&str]) -> Vec<Vec<String>> {
    let mut full = vec!["query"];
    full.extend_from_slice(args);
    full.extend_from_slice(&["--format", "json"]);
    let json: Value = serde_json::from_str(&workspace.ok(&full)).unwrap();
    json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(crate::support::plain)
                .collect()
        })
        .collect()
}

#[test]
fn callers_and_callees_with_depth_provenance_and_call_site() {
    let workspace = indexed();
    let callers = rows(&workspace, &["callers", "Point::norm"]);
    let described = vec![
        "method",
        "1",
        "kitchen::describe_point",
        "function",
        "kitchen/src/main.rs",
        "10",
    ];
    assert_eq!(
        callers,
        [
            vec![
                "heuristic",
                "1",
                "kitchen::first_norm",
                "function",
                "kitchen/src/main.rs",
                "19"
            ],
            described.clone()
        ],
        "typed parameter `p: &Point` makes `p.norm()` a method edge; \
         a value whose type only inference knows is matched by the method's name only"
    );
    let certain = rows(&workspace, &["callers", "Point::norm", "--no-heuristic"]);
    assert_eq!(certain, [described], "--no-heuristic leaves the guess out");
    let transitive = rows(
        &workspace,
        &["callers", "kitchen::shapes::Point::norm", "--transitive"],
    );
    assert!(
        transitive
            .iter()
            .any(|r| r[1] == "2" && r[2] == "kitchen::main"),
        "{transitive:?}"
    );

    let callees = rows(&workspace, &["callees", "kitchen::main"]);
    let names: Vec<&str> = callees.iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        names,
        ["kitchen::describe_point", "kitchen::shapes::Point::new"]
    );
}

#[test]
fn impls_refs_and_shortest_call_path() {
    let workspace = indexed();
    let impls = rows(&workspace, &["impls", "kitchen::traits::Shape"]);
    assert_eq!(impls.len(), 1);
    assert_eq!(
        impls[0][..3],
        [
            "kitchen::traits::Shape",
            "kitchen::shapes::Point",
            "kitchen::shapes::<impl Shape for Point>"
        ]
    );
    let of_type = rows(&workspace, &["impls", "Meters"]);
    assert_eq!(of_type[0][0], "core::convert::From", "{of_type:?}");

    let refs = rows(&workspace, &["refs", "kitchen::shapes::Point"]);
    let kinds: Vec<&str> = refs.iter().map(|r| r[0].as_str()).collect();
    for kind in ["impl_for", "references", "reexports", "imports"] {
        assert!(kinds.contains(&kind), "{kind} missing: {refs:?}");
    }
    assert!(
        refs.iter()
            .any(|r| r[0] == "reexports" && r[2] == "dash_name::KitchenPoint"),
        "a re-export in another crate points at the definition: {refs:?}"
    );
    assert!(
        refs.iter()
            .any(|r| r[0] == "references" && r[2] == "kitchen::main"),
        "a body's `Point::new(..)` references the type: {refs:?}"
    );

    let path = rows(&workspace, &["path", "kitchen::main", "Point::norm"]);
    let chain: Vec<&str> = path.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        chain,
        [
            "kitchen::main",
            "kitchen::describe_point",
            "kitchen::shapes::Point::norm"
        ]
    );
}

/// Paths as users write them: through a named `pub use` (renamed, in
/// another crate), globs of globs, a re-exported module; private `use`
/// items are imports, not public paths.
#[test]
fn named_queries_take_public_paths_through_reexports() {
    let workspace = Workspace::copy_of("kitchen-sink");
    workspace.replace(
        "kitchen/src/lib.rs",
        "pub use crate::shapes::Point;",
        "pub use crate::shapes::Point;\n\
         pub mod api {\n    pub use crate::b as bee;\n    pub use crate::shapes::*;\n}\n\
         pub mod prelude {\n    pub use crate::api::*;\n}\n\
         mod private_glob {\n    use crate::shapes::*;\n}\n\
         pub mod both {\n    pub use crate::shout as Describe;\n    pub use crate::traits::Describe;\n}\n\
         pub mod tasks {\n    mod spawn {\n        pub fn spawn() {}\n    }\n    pub use spawn::spawn;\n    pub fn run() {\n        spawn();\n    }\n}",
    );
    workspace.ok(&["index", "-q"]);

    let through_glob_of_glob = rows(&workspace, &["callers", "kitchen::prelude::Point::norm"]);
    assert_eq!(
        through_glob_of_glob,
        rows(&workspace, &["callers", "kitchen::shapes::Point::norm"])
    );
    assert!(!through_glob_of_glob.is_empty());

    let through_module = rows(&workspace, &["callees", "kitchen::api::bee::call_f"]);
    assert_eq!(
        through_module,
        rows(&workspace, &["callees", "kitchen::b::call_f"])
    );
    assert!(
        through_module.iter().any(|r| r[2] == "kitchen::m::f"),
        "{through_module:?}"
    );

    assert_eq!(
        rows(&workspace, &["refs", "dash_name::KitchenPoint"]),
        rows(&workspace, &["refs", "kitchen::shapes::Point"]),
        "a renamed re-export in another crate names the definition"
    );

    let members = rows(&workspace, &["members", "kitchen::Point"]);
    assert_eq!(
        members,
        rows(&workspace, &["members", "kitchen::shapes::Point"])
    );
    assert!(
        members
            .iter()
            .any(|r| r[0] == "kitchen::shapes::Point::norm"),
        "{members:?}"
    );

    let defs = rows(&workspace, &["defs", "kitchen::Point"]);
    let found: Vec<(&str, &str, &str)> = defs
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("kitchen::Point", "use", "kitchen/src/lib.rs"),
            ("kitchen::Point", "use", "kitchen/src/main.rs"),
            ("kitchen::shapes::Point", "struct", "kitchen/src/shapes.rs")
        ],
        "defs shows the `use` items at the path (the binary's own import too) \
         and the definition the library's `pub use` names"
    );

    let trait_impls = rows(&workspace, &["impls", "kitchen::traits::Describe"]);
    assert!(!trait_impls.is_empty());
    assert_eq!(
        rows(&workspace, &["impls", "kitchen::both::Describe"]),
        trait_impls,
        "a trait and a macro under one name: the trait"
    );
    let spawn_callers = rows(&workspace, &["callers", "kitchen::tasks::spawn"]);
    assert_eq!(
        spawn_callers,
        rows(&workspace, &["callers", "kitchen::tasks::spawn::spawn"]),
        "a private module and the public fn it re-exports under its name: the fn"
    );
    assert!(
        spawn_callers.iter().any(|r| r[2] == "kitchen::tasks::run"),
        "{spawn_callers:?}"
    );

    let paths = rows(&workspace, &["paths", "kitchen::Point"]);
    let public: Vec<&str> = paths
        .iter()
        .filter(|r| r[1] == "true")
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(
        public,
        [
            "dash_name::KitchenPoint",
            "kitchen::Point",
            "kitchen::api::Point",
            "kitchen::prelude::Point",
            "kitchen::shapes::Point"
        ],
        "every path another crate may write for the struct, shortest first \
         (then by name): {paths:?}"
    );
    assert!(
        !paths
            .iter()
            .any(|r| r[0].starts_with("kitchen::private_glob")),
        "{paths:?}"
    );

    let private = workspace.run(&["query", "members", "kitchen::private_glob::Point"]);
    assert_eq!(
        private.status.code(),
        Some(2),
        "a private glob is no public path"
    );
    assert!(
        stderr(&private).contains("no item has the path `kitchen::private_glob::Point`"),
        "{}",
        stderr(&private)
    );
}

#[test]
fn ambiguous_and_unknown_targets_say_so() {
    let workspace = indexed();
    let ambiguous = workspace.run(&["query", "callers", "new"]);
    assert_eq!(ambiguous.status.code(), Some(2));
    let message = stderr(&ambiguous);
    assert!(
        message.contains("ambiguous") && message.contains("kitchen::shapes::Point::new"),
        "{message}"
    );
    let unknown = workspace.run(&["query", "refs", "NoSuchThing"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("nothing is named `NoSuchThing`"));
    let glob = workspace.run(&["query", "callers", "kitchen::*"]);
    assert_eq!(glob.status.code(), Some(2));
    assert!(
        stderr(&glob).contains("`kitchen::*` is a glob")
            && stderr(&glob).contains("defs 'kitchen::*'"),
        "{}",
        stderr(&glob)
    );
    let empty = workspace.run(&["query", "impls", "::"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        stderr(&empty).contains("give the item's path or name"),
        "{}",
        stderr(&empty)
    );
}

#[test]
fn deps_render_as_graphviz_and_unresolved_is_listed() {
    let workspace = indexed();
    let dot = workspace.ok(&["query", "deps", "--format", "dot"]);
    assert!(dot.starts_with("digraph codegraph {"), "{dot}");
    assert!(
        dot.contains("\"dash_name\" -> \"kitchen\" [label=\"normal lib true\"];"),
        "{dot}"
    );
    assert!(dot.trim_end().ends_with('}'));

    let unresolved = rows(&workspace, &["unresolved", "kitchen"]);
    assert!(!unresolved.is_empty());
    assert!(unresolved.iter().all(|r| r[0] == "kitchen"));
    // `make().len()` with `make` a closure parameter: what it returns is
    // unknown here, and `len` is a std name, so it is listed, not guessed.
    assert!(
        unresolved
            .iter()
            .any(|r| r[1] == "method" && r[2] == "?.len"),
        "{unresolved:?}"
    );
    // `map.get(key).copied()` on an aliased std map: a map's `get` gives an
    // `Option` whatever it holds, so `copied` is `Option`'s.
    let callees = rows(&workspace, &["callees", "kitchen::a::lookup"]);
    assert!(
        callees
            .iter()
            .any(|r| r.iter().any(|cell| cell == "core::option::Option::copied")),
        "{callees:?}"
    );
    // `(self.x * self.x + ...).sqrt()` with `x: f64`: arithmetic on a
    // primitive is that primitive, so the call is the float's.
    let callees = rows(&workspace, &["callees", "kitchen::shapes::Point::norm"]);
    assert!(
        callees
            .iter()
            .any(|r| r[0] == "method" && r[2] == "f64::sqrt"),
        "{callees:?}"
    );
}
