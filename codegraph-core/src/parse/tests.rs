//! Parse + resolve on inline multi-file fixtures: each test states the files
//! and the exact nodes (and diagnostics) that must come out.

use std::path::PathBuf;
use std::sync::Arc;

use uuid::Uuid;

use super::{parse_unit, Edition, FileDisplay, UnitSpec};
use crate::discover::{CrateInfo, Workspace};
use crate::ids::IdAllocator;
use crate::model::{FileRoot, NodeKind, UnitGraph};
use crate::resolve::resolve_workspace;
use crate::source::MemLoader;

pub(crate) struct Outcome {
    pub nodes: Vec<String>,
    pub diagnostics: Vec<String>,
    pub graph: UnitGraph,
}

impl Outcome {
    /// The first node at `path` (of `kind`, when given); panics if none.
    fn node(&self, path: &str, kind: Option<NodeKind>) -> &crate::model::Node {
        self.graph
            .nodes
            .iter()
            .find(|n| n.path == path && kind.is_none_or(|kind| n.kind == kind))
            .unwrap_or_else(|| panic!("no node at {path}"))
    }
}

/// Parses and resolves a crate `krate` rooted at `/ws/src/lib.rs` (see
/// [`index`]); shared with the resolver's tests.
pub(crate) fn index_crate(files: &[(&str, &str)]) -> Outcome {
    index(files)
}

/// Like [`index_crate`], for a build whose target cfgs are `build` and
/// with the crate's `features` enabled.
pub(crate) fn index_crate_for(
    build: crate::cfg_eval::BuildCfg,
    features: &[&str],
    files: &[(&str, &str)],
) -> Outcome {
    index_in_build(Edition::E2021, files, &[], build, features)
}

/// Like [`index_crate`], with dependencies that are named but not indexed
/// (as without `--deps`).
pub(crate) fn index_crate_with_deps(files: &[(&str, &str)], deps: &[&str]) -> Outcome {
    index_with(files, deps)
}

/// Crate `krate` (files under `/ws`) depending on an indexed crate `dep`
/// (files under `/dep`), both parsed and resolved together as with
/// `--deps`; the outcome is the whole graph.
pub(crate) fn index_crate_on_dep(dep_files: &[(&str, &str)], files: &[(&str, &str)]) -> Outcome {
    let mut loader = MemLoader::new();
    for (path, text) in files {
        loader.insert(PathBuf::from("/ws").join(path), *text);
    }
    for (path, text) in dep_files {
        loader.insert(PathBuf::from("/dep").join(path), *text);
    }
    let spec = lib_spec();
    let dep_spec = UnitSpec {
        crate_id: Uuid::from_u128(1),
        crate_name: "dep".to_string(),
        root_file: PathBuf::from("/dep/src/lib.rs"),
        display: FileDisplay {
            base_dir: PathBuf::from("/dep"),
            prefix: "dep/".to_string(),
            root: FileRoot::Package,
        },
        edition: Edition::E2021,
    };
    let allocator = IdAllocator::new();
    let dep_unit = parse_as_indexed(&dep_spec, &loader, &allocator, &[]);
    let unit = parse_as_indexed(&spec, &loader, &allocator, &[]);
    let info = |spec: &UnitSpec, manifest: &str, is_member: bool| CrateInfo {
        id: spec.crate_id,
        name: spec.crate_name.clone(),
        package: spec.crate_name.clone(),
        version: "0.0.0".to_string(),
        target_kind: "lib".to_string(),
        edition: "2021".to_string(),
        source: if is_member { "workspace" } else { "registry" }.to_string(),
        manifest_path: PathBuf::from(manifest),
        is_member,
        indexed: true,
        features: Vec::new(),
        unit: spec.clone(),
    };
    let krate = info(&spec, "/ws/Cargo.toml", true);
    let dep = info(&dep_spec, "/dep/Cargo.toml", false);
    let workspace = Workspace {
        root: PathBuf::from("/ws"),
        target_dir: PathBuf::from("/ws/target"),
        crates: vec![krate.clone(), dep.clone()],
        crate_deps: vec![crate::discover::CrateDep {
            from: krate.id,
            to: dep.id,
            kind: "normal".to_string(),
            rename: "dep".to_string(),
            optional: false,
        }],
        build_cfg: Default::default(),
    };
    let graph = resolve_workspace(
        &workspace,
        &[&krate, &dep],
        vec![unit, dep_unit],
        &allocator,
    );
    Outcome {
        nodes: Vec::new(),
        diagnostics: Vec::new(),
        graph,
    }
}

/// Parses a crate `krate` rooted at `/ws/src/lib.rs` from `(path, text)`
/// files (paths relative to `/ws`).
fn index(files: &[(&str, &str)]) -> Outcome {
    index_with(files, &[])
}

/// Crate `krate`, rooted at `/ws/src/lib.rs`.
fn lib_spec() -> UnitSpec {
    UnitSpec {
        crate_id: Uuid::nil(),
        crate_name: "krate".to_string(),
        root_file: PathBuf::from("/ws/src/lib.rs"),
        display: FileDisplay {
            base_dir: PathBuf::from("/ws"),
            prefix: String::new(),
            root: FileRoot::Workspace,
        },
        edition: Edition::E2021,
    }
}

fn index_with(files: &[(&str, &str)], deps: &[&str]) -> Outcome {
    index_in(Edition::E2021, files, deps)
}

fn index_in(edition: Edition, files: &[(&str, &str)], deps: &[&str]) -> Outcome {
    index_in_build(edition, files, deps, Default::default(), &[])
}

fn index_in_build(
    edition: Edition,
    files: &[(&str, &str)],
    deps: &[&str],
    build_cfg: crate::cfg_eval::BuildCfg,
    features: &[&str],
) -> Outcome {
    let mut loader = MemLoader::new();
    for (path, text) in files {
        loader.insert(PathBuf::from("/ws").join(path), *text);
    }
    let spec = UnitSpec {
        edition,
        ..lib_spec()
    };
    let allocator = IdAllocator::new();
    let unit = parse_as_indexed(&spec, &loader, &allocator, &[]);
    let krate = CrateInfo {
        id: Uuid::nil(),
        name: "krate".to_string(),
        package: "krate".to_string(),
        version: "0.0.0".to_string(),
        target_kind: "lib".to_string(),
        edition: "2021".to_string(),
        source: "workspace".to_string(),
        manifest_path: PathBuf::from("/ws/Cargo.toml"),
        is_member: true,
        indexed: true,
        features: features.iter().map(|feature| feature.to_string()).collect(),
        unit: spec,
    };
    let mut crates = vec![krate.clone()];
    let mut crate_deps = Vec::new();
    for (n, dep) in deps.iter().enumerate() {
        let mut named = krate.clone();
        named.id = Uuid::from_u128(n as u128 + 1);
        named.name = dep.to_string();
        named.indexed = false;
        crate_deps.push(crate::discover::CrateDep {
            from: krate.id,
            to: named.id,
            kind: "normal".to_string(),
            rename: dep.to_string(),
            optional: false,
        });
        crates.push(named);
    }
    let workspace = Workspace {
        root: PathBuf::from("/ws"),
        target_dir: PathBuf::from("/ws/target"),
        crates,
        crate_deps,
        build_cfg,
    };
    let graph = resolve_workspace(&workspace, &[&krate], vec![unit], &allocator);
    let mut nodes: Vec<String> = graph
        .nodes
        .iter()
        .filter(|node| node.kind != NodeKind::External)
        .map(|node| {
            let mut line = format!("{} {}", node.kind, node.path);
            if let Some(cfg) = &node.cfg {
                line.push_str(&format!(" [{cfg}]"));
            }
            if let Some(origin) = node.attrs.iter().find(|a| a.starts_with("from_macro")) {
                line.push_str(&format!(" {origin}"));
            }
            line
        })
        .collect();
    nodes.sort();
    let mut diagnostics: Vec<String> = graph
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.file, d.line, d.code))
        .collect();
    diagnostics.sort();
    Outcome {
        nodes,
        diagnostics,
        graph,
    }
}

fn lines(expected: &str) -> Vec<String> {
    let mut lines: Vec<String> = expected
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

fn check(files: &[(&str, &str)], expected: &str) {
    let outcome = index(files);
    assert_eq!(
        outcome.nodes,
        lines(expected),
        "diagnostics: {:?}",
        outcome.diagnostics
    );
}

#[test]
fn modules_follow_rustc_file_rules() {
    check(
        &[
            (
                "src/lib.rs",
                "mod a; mod b; mod inl { #[path = \"deep.rs\"] mod viapath; mod nested; }",
            ),
            ("src/a.rs", "mod child; #[path = \"side.rs\"] mod side;"),
            ("src/a/child.rs", "fn in_child() {}"),
            ("src/side.rs", "mod below;"),
            ("src/below.rs", "fn below() {}"),
            ("src/b/mod.rs", "mod leaf;"),
            ("src/b/leaf.rs", "fn leaf() {}"),
            ("src/inl/deep.rs", "fn deep() {}"),
            ("src/inl/nested.rs", ""),
        ],
        "crate krate
         module krate::a
         module krate::a::child
         function krate::a::child::in_child
         module krate::a::side
         module krate::a::side::below
         function krate::a::side::below::below
         module krate::b
         module krate::b::leaf
         function krate::b::leaf::leaf
         module krate::inl
         module krate::inl::viapath
         function krate::inl::viapath::deep
         module krate::inl::nested",
    );
}

#[test]
fn cfg_if_branches_and_cfg_attr_paths_become_cfg_alternatives() {
    check(
        &[
            (
                "src/lib.rs",
                "cfg_if::cfg_if! { if #[cfg(unix)] { mod unix; pub use unix::*; } else { mod other; } }
                 #[cfg_attr(unix, path = \"sys/unix.rs\")]
                 #[cfg_attr(windows, path = \"sys/windows.rs\")]
                 mod sys;",
            ),
            ("src/unix.rs", "pub fn f() {}"),
            ("src/other.rs", "pub fn f() {}"),
            ("src/sys/unix.rs", "pub fn g() {}"),
            ("src/sys/windows.rs", "pub fn g() {}"),
        ],
        "crate krate
         macro_call krate::cfg_if::cfg_if!
         module krate::unix [unix]
         function krate::unix::f [unix]
         use krate::* [unix]
         module krate::other [not(unix)]
         function krate::other::f [not(unix)]
         module krate::sys [unix]
         function krate::sys::g [unix]
         module krate::sys [windows]
         function krate::sys::g [windows]",
    );
}

#[test]
fn item_bodied_macros_are_read_and_marked() {
    check(
        &[("src/lib.rs", "cfg_rt! { pub mod rt; pub struct Handle; } bitflags! { struct F: u32 { const A = 1; } }"), ("src/rt.rs", "")],
        "crate krate
         macro_call krate::cfg_rt!
         macro_call krate::bitflags!
         module krate::rt from_macro(cfg_rt!)
         struct krate::Handle from_macro(cfg_rt!)",
    );
}

#[test]
fn impl_members_live_under_their_type_found_through_imports() {
    check(
        &[
            ("src/lib.rs", "pub mod types; mod by_use; mod by_glob; mod by_super;"),
            ("src/types.rs", "pub struct Config; pub struct Other;"),
            ("src/by_use.rs", "use crate::types::Config as Cfg; impl Cfg { fn load() {} }"),
            ("src/by_glob.rs", "use super::types::*; impl Other { fn other() {} }"),
            ("src/by_super.rs", "impl super::types::Config { fn save() {} } impl<T> From<T> for Vec<u8> { fn from(_: T) -> Self { todo!() } }"),
        ],
        "crate krate
         module krate::types
         struct krate::types::Config
         struct krate::types::Other
         module krate::by_use
         use krate::by_use::Cfg
         impl krate::by_use::<impl Cfg>
         method krate::types::Config::load
         module krate::by_glob
         use krate::by_glob::*
         impl krate::by_glob::<impl Other>
         method krate::types::Other::other
         module krate::by_super
         impl krate::by_super::<impl super::types::Config>
         method krate::types::Config::save
         impl krate::by_super::<impl From<T> for Vec<u8>>
         method krate::by_super::<impl From<T> for Vec<u8>>::from",
    );
}

#[test]
fn fn_local_items_and_their_impls_stay_under_the_fn() {
    check(
        &[(
            "src/lib.rs",
            "fn outer() { struct Local; impl Local { fn get(&self) { fn innermost() {} } } }",
        )],
        "crate krate
         function krate::outer
         struct krate::outer::Local
         impl krate::outer::<impl Local>
         method krate::outer::Local::get
         function krate::outer::Local::get::innermost",
    );
}

#[test]
fn one_bad_item_costs_only_itself() {
    let outcome = index(&[(
        "src/lib.rs",
        "pub struct Before;\ntype Bare = Fn(u8) + Send;\npub fn after() {}\n",
    )]);
    assert_eq!(
        outcome.nodes,
        lines("crate krate\nstruct krate::Before\nfunction krate::after")
    );
    assert_eq!(outcome.diagnostics, ["src/lib.rs:2 parse-error"]);
}

#[test]
fn old_edition_syntax_is_indexed_in_its_edition() {
    let text = "#![allow(bare_trait_objects)]\n\
                pub type Action = Fn(u8) + Send + Sync;\n\
                pub trait Hash { fn hash_word(&mut self, Self); }\n\
                pub fn after(f: Box<FnMut()>) {}\n";
    let outcome = index_in(Edition::E2015, &[("src/lib.rs", text)], &[]);
    assert_eq!(
        outcome.nodes,
        lines(
            "crate krate
             type_alias krate::Action
             trait krate::Hash
             method krate::Hash::hash_word
             function krate::after"
        )
    );
    assert!(outcome.diagnostics.is_empty(), "{:?}", outcome.diagnostics);
    // 2018 allows the bare trait objects but no longer anonymous parameters.
    let outcome = index_in(Edition::E2018, &[("src/lib.rs", text)], &[]);
    assert_eq!(outcome.diagnostics, ["src/lib.rs:3 parse-error"]);
    assert!(outcome
        .nodes
        .iter()
        .any(|node| node == "type_alias krate::Action"));
}

#[test]
fn missing_files_cycles_and_duplicates_are_diagnostics() {
    let outcome = index(&[
        ("src/lib.rs", "mod gone;\n#[path = \"lib.rs\"] mod again;\n#[path = \"shared.rs\"] mod one;\n#[path = \"shared.rs\"] mod two;\n"),
        ("src/shared.rs", "fn s() {}"),
    ]);
    assert_eq!(
        outcome.diagnostics,
        [
            "src/lib.rs:1 missing-module-file",
            "src/lib.rs:2 module-cycle",
            "src/shared.rs:1 file-reached-twice"
        ]
    );
    assert!(
        outcome.nodes.contains(&"module krate::gone".to_string()),
        "a missing module is still a node"
    );
    assert!(outcome
        .nodes
        .contains(&"function krate::one::s".to_string()));
    assert!(outcome
        .nodes
        .contains(&"function krate::two::s".to_string()));
}

#[test]
fn a_missing_test_only_module_file_is_a_warning() {
    let unit = parse_alone_with(
        "#[cfg(test)]\nmod tests;\n#[cfg(all(test, unix))]\nmod unix_tests;\n#[cfg(not(test))]\nmod real;\n",
        &[],
    );
    let mut severities: Vec<(u32, &str)> = unit
        .graph
        .diagnostics
        .iter()
        .map(|d| (d.line, d.severity.as_str()))
        .collect();
    severities.sort();
    assert_eq!(severities, [(2, "warning"), (4, "warning"), (6, "error")]);
    let note = "(a test-only module: not compiled outside its tests)";
    for diagnostic in &unit.graph.diagnostics {
        assert_eq!(diagnostic.message.ends_with(note), diagnostic.line != 6);
    }
}

#[test]
fn raw_identifiers_name_the_item_and_its_file() {
    check(
        &[
            ("src/lib.rs", "pub mod r#ref; pub fn r#match() {}"),
            ("src/ref.rs", "pub struct r#Type;"),
        ],
        "crate krate
         module krate::ref
         struct krate::ref::Type
         function krate::match",
    );
}

#[test]
fn members_inside_macro_calls_in_impls_and_test_fns_are_cfg_test() {
    check(
        &[(
            "src/lib.rs",
            "pub struct S; impl S { passthru! { pub fn in_macro(&self) {} } }
             feature! { #![cfg(unix)] pub fn gated() {} }
             #[test] fn t() {}",
        )],
        "crate krate
         struct krate::S
         impl krate::<impl S>
         macro_call krate::S::passthru!
         method krate::S::in_macro from_macro(passthru!)
         macro_call krate::feature!
         function krate::gated from_macro(feature!)
         function krate::t [test]",
    );
}

#[test]
fn zero_argument_macros_are_expanded_where_they_are_called() {
    let outcome = index(&[
        ("src/lib.rs", "#[macro_use] mod macros;\ncrate_root!();\npub fn top() {}\n"),
        ("src/macros.rs", "macro_rules! crate_root {\n    () => {\n        pub mod de;\n        pub use self::de::Deserialize;\n    };\n}\nmacro_rules! takes_args { ($x:ident) => { pub fn $x() {} } }\ntakes_args!(nope);\n"),
        ("src/de.rs", "pub trait Deserialize {}\n"),
    ]);
    assert_eq!(
        outcome.nodes,
        lines(
            "crate krate
             module krate::macros
             macro krate::macros::crate_root
             macro krate::macros::takes_args
             macro_call krate::macros::takes_args!
             function krate::macros::nope from_macro(takes_args!)
             macro_call krate::crate_root!
             function krate::top
             module krate::de from_macro(crate_root!)
             trait krate::de::Deserialize
             use krate::Deserialize from_macro(crate_root!)"
        )
    );
    // Positions point into the macro's body in macros.rs.
    let de = outcome
        .graph
        .nodes
        .iter()
        .find(|n| n.path == "krate::Deserialize")
        .unwrap();
    assert_eq!((&*de.file, de.range.line), ("src/macros.rs", 4));
}

#[test]
fn macros_with_arguments_are_expanded_at_the_call() {
    let outcome = index(&[
        (
            "src/lib.rs",
            "#[macro_use]\nmod macros;\npub trait Zero { fn zero() -> Self; }\nimpl_zero!(u8, i64);\nnewtype!(pub Meters: f64);\npub mod inner {\n    macro_rules! impl_zero { ($t:ty) => { pub const SHADOWED: $t = 0; } }\n    impl_zero!(u8);\n}\nnot_ours!(x);\n",
        ),
        (
            "src/macros.rs",
            "macro_rules! impl_zero {\n    ($($t:ty),*) => { $(impl $crate::Zero for $t { fn zero() -> Self { 0 as $t } })* };\n}\nmacro_rules! newtype {\n    ($v:vis $name:ident: $inner:ty) => {\n        $v struct $name(pub $inner);\n        impl $name { pub fn get(&self) -> $inner { self.0 } }\n        newtype!(@ops $name);\n    };\n    (@ops $name:ident) => { impl core::ops::Neg for $name { type Output = Self; fn neg(self) -> Self { $name(-self.0) } } };\n}\n",
        ),
    ]);
    assert_eq!(
        outcome.nodes,
        lines(
            "crate krate
             module krate::macros
             macro krate::macros::impl_zero
             macro krate::macros::newtype
             trait krate::Zero
             method krate::Zero::zero
             macro_call krate::impl_zero!
             impl krate::<impl crate::Zero for u8> from_macro(impl_zero!)
             method krate::<impl crate::Zero for u8>::zero from_macro(impl_zero!)
             impl krate::<impl crate::Zero for i64> from_macro(impl_zero!)
             method krate::<impl crate::Zero for i64>::zero from_macro(impl_zero!)
             macro_call krate::newtype!
             struct krate::Meters from_macro(newtype!)
             field krate::Meters::0 from_macro(newtype!)
             impl krate::<impl Meters> from_macro(newtype!)
             method krate::Meters::get from_macro(newtype!)
             macro_call krate::newtype! from_macro(newtype!)
             impl krate::<impl core::ops::Neg for Meters> from_macro(newtype!)
             assoc_type krate::Meters::Output from_macro(newtype!)
             method krate::Meters::neg from_macro(newtype!)
             module krate::inner
             macro krate::inner::impl_zero
             macro_call krate::inner::impl_zero!
             const krate::inner::SHADOWED from_macro(impl_zero!)
             macro_call krate::not_ours!"
        )
    );
    // Generated items are shown at the outermost call, as rustc reports them.
    let neg = outcome
        .graph
        .nodes
        .iter()
        .find(|n| n.path == "krate::Meters::neg")
        .unwrap();
    assert_eq!(
        (&*neg.file, neg.range.line, neg.range.col),
        ("src/lib.rs", 5, 1)
    );
    // Generated impls are resolved like written ones.
    let node = |path: &str| outcome.node(path, None).idx;
    let (inherent, meters) = (node("krate::<impl Meters>"), node("krate::Meters"));
    assert!(outcome
        .graph
        .edges
        .iter()
        .any(|e| (e.src, e.dst, e.kind) == (inherent, meters, crate::model::EdgeKind::ImplFor)));
}

#[test]
fn item_macros_called_in_a_const_block_are_expanded_there() {
    // syn's `custom_keyword!` writes `const _: () = { impl Default for kw
    // {} $crate::impl_parse!(kw); };`: the statement macro is an item
    // macro. `assert!` in a const assertion writes no items.
    let outcome = index(&[(
        "src/lib.rs",
        "macro_rules! impl_parse { ($t:ident) => { impl $t { pub fn parse() -> Self { $t } } } }
pub struct Kw;
const _: () = {
    impl Default for Kw { fn default() -> Self { Kw } }
    impl_parse!(Kw);
};
const _: () = assert!(1 + 1 == 2);
const _: () = { assert!(true); };
",
    )]);
    assert_eq!(
        outcome.nodes,
        lines(
            "crate krate
             macro krate::impl_parse
             struct krate::Kw
             const krate::_
             impl krate::_::<impl Default for Kw>
             method krate::Kw::default
             macro_call krate::_::impl_parse!
             impl krate::_::<impl Kw> from_macro(impl_parse!)
             method krate::Kw::parse from_macro(impl_parse!)
             const krate::_
             const krate::_"
        )
    );
}

#[test]
fn macros_called_in_impl_blocks_add_members_to_the_impl() {
    let outcome = index(&[(
        "src/lib.rs",
        "macro_rules! getter {\n    ($name:ident: $t:ty) => { pub fn $name(&self) -> $t { self.$name } };\n}\nmacro_rules! forward { () => { fn len(&self) -> usize { (**self).len() } } }\npub struct P { x: u8 }\nimpl P {\n    getter!(x: u8);\n    #[cfg(feature = \"y\")]\n    getter!(y: u8);\n}\npub trait Len { fn len(&self) -> usize; }\nimpl<T: Len> Len for &T {\n    forward!();\n}\n",
    )]);
    assert_eq!(
        outcome.nodes,
        lines(
            "crate krate
             macro krate::getter
             macro krate::forward
             struct krate::P
             field krate::P::x
             impl krate::<impl P>
             macro_call krate::P::getter!
             macro_call krate::P::getter! [feature = \"y\"]
             method krate::P::x from_macro(getter!)
             method krate::P::y [feature = \"y\"] from_macro(getter!)
             trait krate::Len
             method krate::Len::len
             impl krate::<impl Len for &T>
             macro_call krate::<impl Len for &T>::forward!
             method krate::<impl Len for &T>::len from_macro(forward!)"
        )
    );
    // The members are the impl's: the resolver places and links them.
    let node = |path: &str, kind: NodeKind| outcome.node(path, Some(kind));
    let inherent = node("krate::<impl P>", NodeKind::Impl).idx;
    let method_x = node("krate::P::x", NodeKind::Method);
    assert!(outcome
        .graph
        .edges
        .iter()
        .any(|e| (e.src, e.dst, e.kind)
            == (inherent, method_x.idx, crate::model::EdgeKind::Contains)));
    assert_eq!((method_x.range.line, method_x.range.col), (7, 5));
}

#[test]
fn a_cfg_attr_path_leaves_the_usual_file_for_other_builds() {
    check(
        &[
            (
                "src/lib.rs",
                "#[cfg_attr(docsrs, path = \"core/de.rs\")] mod de;",
            ),
            ("src/core/de.rs", "fn for_docs() {}"),
            ("src/de.rs", "fn usual() {}"),
        ],
        "crate krate
         module krate::de [docsrs]
         function krate::de::for_docs [docsrs]
         module krate::de [not(docsrs)]
         function krate::de::usual [not(docsrs)]",
    );
}

#[test]
fn a_file_loaded_as_two_cfg_modules_is_one_file_of_the_crate() {
    let unit = parse_alone_with(
        "#[cfg(unix)] mod sys;\n#[cfg(not(unix))] mod sys;\n",
        &[(
            "/ws/src/sys.rs",
            "pub fn a() {}\npub fn b() {}\npub fn c() {}\n",
        )],
    );
    let functions = unit
        .graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Function)
        .count();
    assert_eq!(functions, 6, "each module has its own items");
    let files: Vec<&str> = unit.graph.files.iter().map(|f| &*f.path).collect();
    assert_eq!(files, vec!["src/lib.rs", "src/sys.rs"]);
    assert_eq!(unit.graph.lines, 2 + 3);
}

/// Parses `/ws/src/lib.rs` (and `others`) as crate `krate`.
fn parse_alone_with(text: &str, others: &[(&str, &str)]) -> super::ParsedUnit {
    let mut loader = MemLoader::new();
    loader.insert(PathBuf::from("/ws/src/lib.rs"), text);
    for (path, text) in others {
        loader.insert(PathBuf::from(path), *text);
    }
    parse_as_indexed(&lib_spec(), &loader, &IdAllocator::new(), &[])
}

/// Parses `/ws/src/lib.rs` alone, as crate `krate`, with its own allocator
/// starting at `start`.
fn parse_alone(text: &str, start: u32) -> super::ParsedUnit {
    let mut loader = MemLoader::new();
    loader.insert(PathBuf::from("/ws/src/lib.rs"), text);
    let spec = lib_spec();
    parse_as_indexed(&spec, &loader, &IdAllocator::starting_at(start), &[])
}

/// A unit as the indexer leaves it: parsed, then given its dependencies'
/// macros (`dependencies`; none for a crate that has none).
fn parse_as_indexed(
    spec: &UnitSpec,
    loader: &MemLoader,
    allocator: &IdAllocator,
    dependencies: &[super::DependencyMacros<'_>],
) -> super::ParsedUnit {
    let mut unit = parse_unit(spec, loader, allocator, &|_| {});
    super::expand_dependency_macros(spec, loader, allocator, &mut unit, dependencies);
    unit
}

fn cfg_of<'u>(unit: &'u super::ParsedUnit, path: &str) -> Option<&'u str> {
    unit.graph
        .nodes
        .iter()
        .find(|node| node.path == path)
        .unwrap_or_else(|| panic!("no node at {path}"))
        .cfg
        .as_deref()
}

#[test]
fn items_handed_to_a_pass_through_macro_take_the_cfg_it_adds() {
    let lib = r#"
macro_rules! cfg_net {
    ($($item:item)*) => {
        $(
            #[cfg(feature = "net")]
            #[cfg_attr(docsrs, doc(cfg(feature = "net")))]
            $item
        )*
    }
}
macro_rules! plus_a_module {
    ($($item:item)*) => { $( $item )* mod extra {} }
}
#[cfg(unix)]
cfg_net! {
    pub mod tcp;
    pub fn connect() {}
}
plus_a_module! { pub fn plain() {} }
not_defined_anywhere! { pub fn elsewhere() {} }
mod tests;
pub struct Socket;
impl Socket {
    cfg_net! { pub fn read(&self) {} }
}
"#;
    let unit = parse_alone_with(
        lib,
        &[
            ("/ws/src/tcp.rs", "pub fn bind() {}\n"),
            ("/ws/src/tests.rs", "#![cfg(test)]\nfn helper() {}\n"),
        ],
    );
    let both = Some(r#"all(unix, feature = "net")"#);
    assert_eq!(cfg_of(&unit, "krate::tcp"), both);
    assert_eq!(cfg_of(&unit, "krate::tcp::bind"), both);
    assert_eq!(cfg_of(&unit, "krate::connect"), both);
    assert_eq!(
        cfg_of(&unit, "krate::Socket::read"),
        Some(r#"feature = "net""#)
    );
    // A macro that writes more than it is handed, and one nobody defines:
    // nothing is known of what they add.
    assert_eq!(cfg_of(&unit, "krate::plain"), None);
    assert_eq!(cfg_of(&unit, "krate::elsewhere"), None);
    // `#![cfg(test)]` heading a module's file.
    assert_eq!(cfg_of(&unit, "krate::tests"), Some("test"));
    assert_eq!(cfg_of(&unit, "krate::tests::helper"), Some("test"));
    assert!(unit
        .graph
        .nodes
        .iter()
        .filter_map(|node| node.cfg.as_deref())
        .all(|cfg| !cfg.contains("__codegraph")));
}

#[test]
fn a_pass_through_macro_that_exports_and_documents_a_macro_rules_moves_it_to_the_root() {
    let lib = r#"
macro_rules! doc {
    ($join:item) => {
        /// Waits on all branches.
        #[macro_export]
        #[cfg_attr(docsrs, doc(cfg(feature = "macros")))]
        $join
    };
}
macro_rules! plain {
    ($item:item) => { $item };
}
mod macros {
    #[cfg(not(doc))]
    doc! { macro_rules! join { ($($f:expr),*) => { () } } }
    plain! { macro_rules! kept_here { () => {} } }
    doc! {
        /// Its own words.
        macro_rules! own_docs { () => {} }
    }
}
"#;
    let unit = parse_alone_with(lib, &[]);
    let join = unit
        .graph
        .nodes
        .iter()
        .find(|node| node.name == "join")
        .expect("join! is indexed");
    assert_eq!(join.path, "krate::join");
    assert!(join.attrs.iter().any(|attr| attr == "macro_export"));
    assert_eq!(join.docs.as_deref(), Some("Waits on all branches."));
    assert_eq!(join.cfg.as_deref(), Some("not(doc)"));
    let exported: Vec<&str> = unit
        .macro_defs
        .iter()
        .filter(|definition| definition.exported)
        .map(|definition| definition.name.as_str())
        .collect();
    assert_eq!(exported, vec!["join", "own_docs"]);
    let kept = unit
        .graph
        .nodes
        .iter()
        .find(|node| node.name == "kept_here")
        .expect("kept_here! is indexed");
    assert_eq!(kept.path, "krate::macros::kept_here");
    assert!(kept.attrs.iter().all(|attr| attr != "macro_export"));
    let own = unit
        .graph
        .nodes
        .iter()
        .find(|node| node.name == "own_docs")
        .expect("own_docs! is indexed");
    assert_eq!(own.path, "krate::own_docs");
    assert_eq!(own.docs.as_deref(), Some("Its own words."));
}

#[test]
fn a_pass_through_macro_of_a_dependency_adds_its_cfg() {
    let mut loader = MemLoader::new();
    loader.insert(
        PathBuf::from("/ws/src/lib.rs"),
        "dep::cfg_rt! { pub fn spawn() {} }\n",
    );
    let exported = [super::ExportedMacro {
        name: "cfg_rt".to_string(),
        rules: r#"($($item:item)*) => { $( #[cfg(feature = "rt")] $item )* }"#.to_string(),
    }];
    let dependencies = [super::DependencyMacros {
        crate_name: "dep",
        macros: &exported,
    }];
    let spec = lib_spec();
    let alone = parse_as_indexed(&spec, &loader, &IdAllocator::new(), &[]);
    assert_eq!(cfg_of(&alone, "krate::spawn"), None);
    let with_dep = parse_as_indexed(&spec, &loader, &IdAllocator::new(), &dependencies);
    assert_eq!(cfg_of(&with_dep, "krate::spawn"), Some(r#"feature = "rt""#));
}

/// `(kind, line)` of each node at `path`.
fn nodes_at(unit: &super::ParsedUnit, path: &str) -> Vec<(NodeKind, u32)> {
    let mut found: Vec<(NodeKind, u32)> = unit
        .graph
        .nodes
        .iter()
        .filter(|node| node.path == path)
        .map(|node| (node.kind, node.range.line))
        .collect();
    found.sort();
    found
}

#[test]
fn a_macro_that_rewrites_the_items_it_is_handed_adds_what_it_writes_once() {
    // Shaped like pin-project-lite: the items written in the call come back
    // out of a muncher, with an impl in a `const _` block beside them.
    let lib = r#"
macro_rules! projected {
    (@methods $name:ident) => {
        const _: () = { impl $name { pub fn project(&self) {} } };
    };
    ($(#[$attr:meta])* pub struct $name:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        $(#[$attr])* pub struct $name { $($field: $ty),* }
        projected! { @methods $name }
    };
}
macro_rules! cfg_signal {
    ($($item:item)*) => { $( #[cfg(feature = "signal")] $item )* }
}
macro_rules! cfg_signal_and_unix {
    ($($item:item)*) => { #[cfg(unix)] cfg_signal! { $($item)* } }
}
projected! {
    #[derive(Debug)]
    pub struct Timer { deadline: u64 }
}
cfg_signal_and_unix! { pub fn on_signal() {} }
"#;
    let unit = parse_alone_with(lib, &[]);
    // Read where it is written, and not again from the expansion.
    assert_eq!(nodes_at(&unit, "krate::Timer"), [(NodeKind::Struct, 19)]);
    assert_eq!(
        nodes_at(&unit, "krate::Timer::deadline"),
        [(NodeKind::Field, 19)]
    );
    assert_eq!(
        nodes_at(&unit, "krate::<impl Debug for Timer>").len(),
        1,
        "the derive is read once"
    );
    // What only the expansion has, placed at the call (in the body of
    // the `const _`, as items in bodies are).
    assert_eq!(
        nodes_at(&unit, "krate::_::Timer::project"),
        [(NodeKind::Method, 17)]
    );
    // A pass-through macro handing its items on to another one.
    assert_eq!(
        cfg_of(&unit, "krate::on_signal"),
        Some(r#"all(unix, feature = "signal")"#)
    );
}

#[test]
fn a_macro_called_in_a_trait_writes_methods_of_the_trait() {
    let lib = r#"
macro_rules! read_impl {
    ($( fn $name:ident(&mut self) -> $fut:ident; )*) => {
        $( fn $name(&mut self) -> $fut<&mut Self> where Self: Unpin { $fut::new(self) } )*
    }
}
pub trait ReadExt<T>: Read where T: Copy {
    fn plain(&self) {}
    read_impl! {
        fn read_u8(&mut self) -> ReadU8;
        fn read_u16(&mut self) -> ReadU16;
    }
}
"#;
    let unit = parse_alone_with(lib, &[]);
    assert_eq!(
        nodes_at(&unit, "krate::ReadExt::plain"),
        [(NodeKind::Method, 8)]
    );
    for name in ["read_u8", "read_u16"] {
        let path = format!("krate::ReadExt::{name}");
        assert_eq!(nodes_at(&unit, &path), [(NodeKind::Method, 9)], "{path}");
    }
    let node = |path: &str| {
        unit.graph
            .nodes
            .iter()
            .find(|node| node.path == path)
            .unwrap_or_else(|| panic!("no node at {path}"))
    };
    let read_u8 = node("krate::ReadExt::read_u8");
    let signature = read_u8.signature.as_deref().unwrap_or_default();
    assert!(
        signature.contains("fn read_u8(&mut self) -> ReadU8<&mut Self>"),
        "{signature}"
    );
    let trait_idx = node("krate::ReadExt").idx;
    assert!(unit
        .graph
        .edges
        .iter()
        .any(|edge| edge.src == trait_idx && edge.dst == read_u8.idx));
}

#[test]
fn a_rewriting_macro_of_a_dependency_is_expanded_once_known() {
    let mut loader = MemLoader::new();
    loader.insert(
        PathBuf::from("/ws/src/lib.rs"),
        "dep::with_new! { pub struct Pool; }\n",
    );
    let exported = [super::ExportedMacro {
        name: "with_new".to_string(),
        rules: "(pub struct $name:ident;) => { pub struct $name; impl $name { pub fn new() -> Self { $name } } }".to_string(),
    }];
    let dependencies = [super::DependencyMacros {
        crate_name: "dep",
        macros: &exported,
    }];
    let spec = lib_spec();
    let alone = parse_as_indexed(&spec, &loader, &IdAllocator::new(), &[]);
    assert_eq!(nodes_at(&alone, "krate::Pool"), [(NodeKind::Struct, 1)]);
    assert!(nodes_at(&alone, "krate::Pool::new").is_empty());
    let with_dep = parse_as_indexed(&spec, &loader, &IdAllocator::new(), &dependencies);
    assert_eq!(nodes_at(&with_dep, "krate::Pool"), [(NodeKind::Struct, 1)]);
    assert_eq!(
        nodes_at(&with_dep, "krate::Pool::new"),
        [(NodeKind::Method, 1)]
    );
}

#[test]
fn a_reparsed_crate_takes_back_the_indices_of_the_nodes_it_still_has() {
    let before = "pub struct A;\nimpl A { pub fn go(&self) {} }\npub fn f() {}\n";
    let mut first = parse_alone(before, 0);
    let previous = first.take_previous_indices(&[]);
    let index_of = |unit: &super::ParsedUnit, path: &str| {
        unit.graph
            .nodes
            .iter()
            .find(|n| n.path.ends_with(path))
            .map(|n| n.idx)
            .expect(path)
    };

    // A body changes and an item is added: the same items, the same
    // indices, in nodes and in everything that points at them.
    let after =
        "pub fn g() {}\npub struct A;\nimpl A { pub fn go(&self) { let _ = 1; } }\npub fn f() {}\n";
    let mut second = parse_alone(after, 10_000);
    let identities = second.take_previous_indices(&previous);
    for path in ["::A", "::f", "go"] {
        assert_eq!(index_of(&second, path), index_of(&first, path), "{path}");
    }
    assert!(
        index_of(&second, "::g").0 >= 10_000,
        "a new item gets a new index"
    );
    let nodes: std::collections::HashSet<_> = second.graph.nodes.iter().map(|n| n.idx).collect();
    assert!(second
        .graph
        .edges
        .iter()
        .all(|e| nodes.contains(&e.src) && nodes.contains(&e.dst)));
    assert!(second
        .impls
        .iter()
        .all(|i| nodes.contains(&i.impl_idx) && i.members.iter().all(|m| nodes.contains(m))));
    assert!(second.sites.iter().all(|s| nodes.contains(&s.owner)));
    assert_eq!(identities.len(), second.graph.nodes.len());
    assert!(identities.iter().all(|(_, idx)| nodes.contains(idx)));
}

/// `kind path` → (content hash, end line, end col) of every node.
fn hashes_and_ends(text: &str) -> std::collections::BTreeMap<String, ([u8; 16], u32, u32)> {
    index(&[("src/lib.rs", text)])
        .graph
        .nodes
        .iter()
        .filter(|node| !matches!(node.kind, NodeKind::External | NodeKind::Crate))
        .map(|node| {
            (
                format!("{} {}", node.kind, node.path),
                (node.content_hash, node.range.end_line, node.range.end_col),
            )
        })
        .collect()
}

#[test]
fn content_hashes_follow_the_code_not_its_layout() {
    let original = "/// A point.\n#[derive(Debug)]\npub struct Point { pub x: i32, y: i32 }\n\
                    impl Point {\n    pub fn norm(&self) -> i32 { self.x * self.x + self.y * self.y }\n}\n\
                    pub enum E { A = 1 + 2, B(u8), C { f: u8 } }\n";
    let reformatted = "/// A point.\n#[derive(Debug)]\npub struct Point {\n    pub x: i32, // across\n    y: i32\n}\n\n\
                       impl Point {\n    /* not docs */\n    pub fn norm(&self) -> i32 {\n        self.x*self.x + self.y*self.y\n    }\n}\n\
                       pub enum E {\n    A = 1+2,\n    B(u8),\n    C { f: u8 }\n}\n";
    let redocumented = original.replace("/// A point.", "/// A point in the plane.");
    let changed_body = original.replace("self.y * self.y", "self.y * 2");

    let before = hashes_and_ends(original);
    let hash = |map: &std::collections::BTreeMap<String, ([u8; 16], u32, u32)>, key: &str| {
        map.get(key).unwrap_or_else(|| panic!("{key} in {map:?}")).0
    };
    let keys: Vec<&String> = before.keys().collect();
    assert!(keys.len() >= 10, "{keys:?}");
    let after = hashes_and_ends(reformatted);
    for key in &keys {
        assert_eq!(
            hash(&before, key),
            hash(&after, key),
            "{key} changed with layout"
        );
    }

    let documented = hashes_and_ends(&redocumented);
    assert_ne!(
        hash(&before, "struct krate::Point"),
        hash(&documented, "struct krate::Point")
    );
    assert_eq!(
        hash(&before, "method krate::Point::norm"),
        hash(&documented, "method krate::Point::norm")
    );

    let edited = hashes_and_ends(&changed_body);
    assert_ne!(
        hash(&before, "method krate::Point::norm"),
        hash(&edited, "method krate::Point::norm")
    );
    assert_eq!(
        hash(&before, "struct krate::Point"),
        hash(&edited, "struct krate::Point")
    );

    // Ends are where each item's last token ends.
    let end = |key: &str| {
        let (_, line, col) = before[key];
        (line, col)
    };
    assert_eq!(end("struct krate::Point"), (3, 39));
    assert_eq!(end("field krate::Point::y"), (3, 37));
    assert_eq!(end("method krate::Point::norm"), (5, 67));
    assert_eq!(end("variant krate::E::A"), (7, 22));
    assert_eq!(end("variant krate::E::C"), (7, 42));
    assert_eq!(end("enum krate::E"), (7, 44));
}

#[test]
fn macro_calls_in_type_position_inside_an_expansion_are_expanded() {
    // itertools' pattern: a tuple type of N copies of `A` written with a
    // helper macro; the impl is `impl Collect for (A, A)`.
    let outcome = index(&[(
        "src/lib.rs",
        "macro_rules! ignore_ident { ($id:ident, $($t:tt)*) => { $($t)* }; }\nmacro_rules! tuples {\n    ($($x:ident)*) => {\n        impl<A> Collect for ($(ignore_ident!($x, A),)*) {\n            fn first(&self) -> Option<ignore_ident!(first, A)> { None }\n        }\n    };\n}\npub trait Collect {}\ntuples!(a b);\nimpl Collect for ignore_ident!(hand, u8) {}\n",
    )]);
    assert_eq!(
        outcome.nodes,
        lines(
            "crate krate
             macro krate::ignore_ident
             macro krate::tuples
             trait krate::Collect
             macro_call krate::tuples!
             impl krate::<impl Collect for ignore_ident!(hand, u8)>
             impl krate::<impl Collect for (A, A)> from_macro(tuples!)
             method krate::<impl Collect for (A, A)>::first from_macro(tuples!)"
        )
    );
    let first = outcome
        .graph
        .nodes
        .iter()
        .find(|n| n.name == "first")
        .unwrap();
    assert_eq!(
        first.signature.as_deref(),
        Some("fn first(&self) -> Option<A>")
    );
    // The replaced calls still say which items invoked the macro.
    let helper = outcome.node("krate::ignore_ident", None).idx;
    let mut invokers: Vec<&str> = outcome
        .graph
        .edges
        .iter()
        .filter(|e| e.kind == crate::model::EdgeKind::InvokesMacro && e.dst == helper)
        .map(|e| {
            let node = outcome.graph.nodes.iter().find(|n| n.idx == e.src).unwrap();
            node.path.as_str()
        })
        .collect();
    invokers.sort();
    assert_eq!(
        invokers,
        [
            "krate::<impl Collect for (A, A)>",
            "krate::<impl Collect for (A, A)>::first",
            "krate::<impl Collect for ignore_ident!(hand, u8)>",
        ]
    );
}

#[test]
fn built_in_derives_become_impls_with_their_methods_at_the_derive() {
    let outcome = index(&[(
        "src/lib.rs",
        "#[cfg(unix)]\n#[derive(Debug, serde::Serialize, std::clone::Clone, Copy)]\n#[cfg_attr(test, derive(PartialEq))]\npub struct P<T: Send> { x: T }\nimpl<T: Send> std::fmt::Display for P<T> {\n    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }\n}\nmacro_rules! make { () => { #[derive(Default)] pub struct Made; }; }\nmake!();\n",
    )]);
    let derived: Vec<String> = outcome
        .graph
        .nodes
        .iter()
        .filter(|n| n.attrs.iter().any(|a| a == "automatically_derived"))
        .map(|n| {
            format!(
                "{} {} {}:{}-{}:{} {} | {}",
                n.kind.as_str(),
                n.path,
                n.range.line,
                n.range.col,
                n.range.end_line,
                n.range.end_col,
                n.cfg.as_deref().unwrap_or("-"),
                n.signature.as_deref().unwrap_or("-")
            )
        })
        .collect();
    assert_eq!(
        derived,
        [
            "impl krate::<impl Debug for P<T>> 2:10-2:14 unix | impl<T: Send + Debug> Debug for P<T>",
            "method krate::P::fmt 2:10-2:14 unix | fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result",
            "impl krate::<impl Clone for P<T>> 2:35-2:51 unix | impl<T: Send + Clone> Clone for P<T>",
            "method krate::P::clone 2:35-2:51 unix | fn clone(&self) -> Self",
            "impl krate::<impl Copy for P<T>> 2:54-2:57 unix | impl<T: Send + Copy> Copy for P<T>",
            "impl krate::<impl PartialEq for P<T>> 3:25-3:33 all(unix, test) | impl<T: Send + PartialEq> PartialEq for P<T>",
            "method krate::P::eq 3:25-3:33 all(unix, test) | fn eq(&self, other: &Self) -> bool",
            "impl krate::<impl Default for Made> 8:38-8:44 - | impl Default for Made",
            "method krate::Made::default 8:38-8:44 - | fn default() -> Self",
        ]
    );
    // A zero-argument macro's items are shown where its body writes them.
    // The derived `fmt` and the written `Display::fmt` share a path, not an
    // identity; a derived impl's content follows its type's.
    let fmts: Vec<_> = outcome
        .graph
        .nodes
        .iter()
        .filter(|n| n.path == "krate::P::fmt")
        .collect();
    assert_eq!(fmts.len(), 2);
    assert_ne!(fmts[0].disambiguator, fmts[1].disambiguator);
    assert_ne!(fmts[0].content_hash, fmts[1].content_hash);
}

#[test]
fn a_dependency_macros_const_block_calls_its_other_macros() {
    let mut loader = MemLoader::new();
    loader.insert(
        PathBuf::from("/ws/src/lib.rs"),
        "mod kw { dep::custom_keyword!(name); }\n",
    );
    let exported = [
        super::ExportedMacro {
            name: "custom_keyword".to_string(),
            rules: r#"($ident:ident) => { pub struct $ident; const _: () = { impl Default for $ident { fn default() -> Self { $ident } } $crate::impl_parse!($ident); }; }"#.to_string(),
        },
        super::ExportedMacro {
            name: "impl_parse".to_string(),
            rules: r#"($ident:ident) => { impl $ident { pub fn parse() -> Self { $ident } } }"#.to_string(),
        },
    ];
    let dependencies = [super::DependencyMacros {
        crate_name: "dep",
        macros: &exported,
    }];
    let spec = lib_spec();
    let unit = parse_as_indexed(&spec, &loader, &IdAllocator::new(), &dependencies);
    // syn's `custom_keyword!(name)`: the struct, and in `const _` the
    // impls its `$crate::impl_parse!` writes.
    assert!(nodes_at(&unit, "krate::kw::_::name::parse")
        .iter()
        .any(|(kind, _)| *kind == NodeKind::Method));
    assert!(nodes_at(&unit, "krate::kw::name")
        .iter()
        .any(|(kind, _)| *kind == NodeKind::Struct));
}

#[test]
fn of_exported_alternatives_only_those_the_build_compiles_stay_exported() {
    let definition = |name: &str, cfg: Option<&str>| super::expand::MacroDef {
        name: name.to_string(),
        module_path: "krate".to_string(),
        file: Arc::from("src/lib.rs"),
        abs_file: PathBuf::from("/ws/src/lib.rs"),
        line: 1,
        exported: true,
        cfg: cfg.map(Arc::from),
        body: super::expand::MacroBody::Rules(String::new()),
    };
    let mut definitions = vec![
        definition("impl_parse", Some("feature = \"parsing\"")),
        definition("impl_parse", Some("not(feature = \"parsing\")")),
        definition("lone", Some("not(feature = \"parsing\")")),
        definition("unknown", Some("loom")),
        definition("unknown", Some("not(loom)")),
    ];
    super::keep_compiled_exports(&mut definitions, |cfg| match cfg {
        "feature = \"parsing\"" => Some(true),
        "not(feature = \"parsing\")" => Some(false),
        _ => None,
    });
    let exported: Vec<(&str, bool)> = definitions
        .iter()
        .map(|d| (d.name.as_str(), d.exported))
        .collect();
    // A lone definition stays whatever its cfg; so do alternatives the
    // build cannot tell apart.
    assert_eq!(
        exported,
        vec![
            ("impl_parse", true),
            ("impl_parse", false),
            ("lone", true),
            ("unknown", true),
            ("unknown", true),
        ]
    );
}
