//! Resolution rules on inline fixtures: each test states the files and the
//! exact edges (`kind src -> dst provenance`) that must come out.

use crate::model::{EdgeKind, NodeIdx};
use crate::parse::tests::{index_crate, index_crate_on_dep, Outcome};

/// Edges of the given kinds as `kind src -> dst provenance`, sorted.
fn edges(outcome: &Outcome, kinds: &[EdgeKind]) -> Vec<String> {
    let path = |idx: NodeIdx| {
        outcome
            .graph
            .nodes
            .iter()
            .find(|n| n.idx == idx)
            .map(|n| n.path.clone())
            .unwrap_or_default()
    };
    let mut lines: Vec<String> = outcome
        .graph
        .edges
        .iter()
        .filter(|e| kinds.contains(&e.kind))
        .map(|e| {
            format!(
                "{} {} -> {} {}",
                e.kind.as_str(),
                path(e.src),
                path(e.dst),
                e.provenance.as_str()
            )
        })
        .collect();
    lines.sort();
    lines
}

fn expect(lines: &str) -> Vec<String> {
    let mut lines: Vec<String> = lines
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    lines.sort();
    lines
}

/// Calls as `caller@line -> callee@line provenance`, each end labelled by
/// `label` (its name or path) and the line it is declared on, sorted: for
/// checks that several same-named impls' methods are told apart.
fn calls_by_line(outcome: &Outcome, label: impl Fn(&crate::model::Node) -> &String) -> Vec<String> {
    let at = |idx: NodeIdx| {
        let node = outcome.graph.nodes.iter().find(|n| n.idx == idx);
        node.map(|n| format!("{}@{}", label(n), n.range.line))
            .unwrap_or_default()
    };
    let mut calls: Vec<String> = outcome
        .graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls)
        .map(|e| format!("{} -> {} {}", at(e.src), at(e.dst), e.provenance.as_str()))
        .collect();
    calls.sort();
    calls
}

/// Asserts that every `expected` line is among `found`.
fn assert_includes(found: &[String], expected: &[&str]) {
    for line in expected {
        assert!(
            found.iter().any(|f| f == line),
            "{line} missing from {found:#?}"
        );
    }
}

/// Asserts that nothing stayed unresolved and that every `expected` edge
/// of `kinds` is there.
fn assert_resolves(outcome: &Outcome, kinds: &[EdgeKind], expected: &[&str]) {
    let left = unresolved(outcome);
    assert!(left.is_empty(), "{left:#?}");
    assert_includes(&edges(outcome, kinds), expected);
}

fn unresolved(outcome: &Outcome) -> Vec<String> {
    let mut lines: Vec<String> = outcome
        .graph
        .unresolved
        .iter()
        .map(|u| format!("{} {}", u.kind, u.text))
        .collect();
    lines.sort();
    lines
}

#[test]
fn calls_resolve_through_globs_renames_and_reexport_chains() {
    let outcome = index_crate(&[
        ("src/lib.rs", "mod a; mod b; pub use crate::a::deep::helper as renamed; pub mod facade { pub use crate::renamed; }"),
        ("src/a.rs", "pub mod deep { pub fn helper() {} pub fn other() {} }"),
        (
            "src/b.rs",
            "use crate::a::deep::*;
             use crate::facade::renamed as again;
             pub fn caller() { other(); again(); crate::renamed(); super::a::deep::helper(); }",
        ),
    ]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::b::caller -> krate::a::deep::helper exact
             calls krate::b::caller -> krate::a::deep::other exact"
        )
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn local_items_shadow_glob_imports() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod lib_a { pub fn f() {} }
         mod user { use crate::lib_a::*; fn f() {} pub fn g() { f(); } }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect("calls krate::user::g -> krate::user::f exact")
    );
}

#[test]
fn super_in_nested_inline_modules() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub fn top() {}
         mod outer { pub fn mid() {} mod inner { fn leaf() { super::mid(); super::super::top(); self::local(); } fn local() {} } }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::outer::inner::leaf -> krate::outer::mid exact
             calls krate::outer::inner::leaf -> krate::top exact
             calls krate::outer::inner::leaf -> krate::outer::inner::local exact"
        )
    );
}

#[test]
fn cfg_alternatives_are_all_callees() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "#[cfg(unix)] mod imp { pub fn go() {} }
         #[cfg(windows)] mod imp { pub fn go() {} }
         pub fn run() { imp::go(); }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_eq!(
        calls,
        expect(
            "calls krate::run -> krate::imp::go exact\ncalls krate::run -> krate::imp::go exact"
        )
    );
}

#[test]
fn methods_resolve_through_typed_receivers_and_traits() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Speak { fn speak(&self) -> String; fn twice(&self) { self.speak(); } }
         pub struct Dog { pub inner: Tail }
         pub struct Tail;
         impl Tail { pub fn wag(&self) {} }
         impl Dog { pub fn new() -> Self { Dog { inner: Tail } } pub fn bark(&self) { self.inner.wag(); } }
         impl Speak for Dog { fn speak(&self) -> String { self.bark(); String::new() } }
         pub fn use_them(dog: &Dog) {
             dog.bark();
             Speak::speak(dog);
             <Dog as Speak>::speak(dog);
             Dog::new().bark();
             let d: Dog = Dog::new();
             d.speak();
             let v: Vec<u8> = Vec::new();
             v.len();
         }
         pub fn generic<S: Speak>(s: &S) { Speak::speak(s); }",
    )]);
    // `Speak::speak(dog)` is `Dog`'s impl's (session 23); of a value known
    // only by its bound, the trait's.
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::Dog::bark -> krate::Tail::wag method
             calls krate::Dog::speak -> krate::Dog::bark method
             calls krate::Dog::speak -> alloc::string::String::new exact
             calls krate::Speak::twice -> krate::Speak::speak method
             calls krate::generic -> krate::Speak::speak exact
             calls krate::use_them -> krate::Dog::bark method
             calls krate::use_them -> krate::Dog::new exact
             calls krate::use_them -> krate::Dog::speak method
             calls krate::use_them -> alloc::vec::Vec::new exact
             calls krate::use_them -> alloc::vec::Vec::len method"
        )
    );
}

#[test]
fn macros_impls_derives_and_references() {
    let outcome = index_crate(&[
        (
            "src/lib.rs",
            "#[macro_use] mod macros; mod model;
             pub fn f() -> model::Id { shout!(); model::Id(1) }",
        ),
        ("src/macros.rs", "macro_rules! shout { () => {} }"),
        (
            "src/model.rs",
            "use std::fmt;
             #[derive(Debug, Clone)] pub struct Id(pub u32);
             pub struct Wrapper<T: fmt::Display> { pub id: Id, pub value: T }
             impl fmt::Display for Id { fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { Ok(()) } }",
        ),
    ]);
    let found = edges(
        &outcome,
        &[
            EdgeKind::InvokesMacro,
            EdgeKind::Derives,
            EdgeKind::Implements,
            EdgeKind::ImplFor,
        ],
    );
    assert_eq!(
        found,
        expect(
            "invokes_macro krate::f -> krate::macros::shout exact
             derives krate::model::Id -> core::fmt::Debug exact
             derives krate::model::Id -> core::clone::Clone exact
             implements krate::model::<impl fmt::Display for Id> -> std::fmt::Display exact
             impl_for krate::model::<impl fmt::Display for Id> -> krate::model::Id exact
             implements krate::model::<impl Debug for Id> -> core::fmt::Debug exact
             impl_for krate::model::<impl Debug for Id> -> krate::model::Id exact
             implements krate::model::<impl Clone for Id> -> core::clone::Clone exact
             impl_for krate::model::<impl Clone for Id> -> krate::model::Id exact"
        )
    );
    let references = edges(&outcome, &[EdgeKind::References]);
    assert_includes(
        &references,
        &[
            "references krate::f -> krate::model::Id exact",
            "references krate::model::Wrapper::id -> krate::model::Id exact",
            "references krate::model::Wrapper -> std::fmt::Display exact",
        ],
    );
}

#[test]
fn what_cannot_be_resolved_is_kept() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub fn f(x: Mystery) { not_declared(); x.spin_around_twice(); }",
    )]);
    assert_eq!(
        unresolved(&outcome),
        expect("call not_declared\ntype Mystery\nmethod Mystery.spin_around_twice")
    );
    assert!(edges(&outcome, &[EdgeKind::Calls]).is_empty());
}

#[test]
fn a_name_std_also_has_is_not_guessed_for_an_unknown_receiver() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Visitor; impl Visitor { pub fn finish(self) {} pub fn visit_pre(&self) {} }
         pub fn run(hasher: Mystery, other: Mystery) { hasher.finish(); other.visit_pre(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect("calls krate::run -> krate::Visitor::visit_pre heuristic"),
        "`finish` may be `Hasher::finish` on a std value: only `visit_pre` is guessed by name"
    );
    assert!(unresolved(&outcome).contains(&"method Mystery.finish".to_string()));
}

// Regressions found by scripts/groundtruth-impls.py (rustdoc JSON).

#[test]
fn extern_crate_items_and_aliases_resolve_like_the_extern_prelude() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "#![no_std]
         extern crate std;
         extern crate core as my_core;
         pub struct X;
         impl std::error::Error for X {}
         mod m { use my_core::fmt; pub struct Y; impl fmt::Debug for Y {} }",
    )]);
    let found = edges(&outcome, &[EdgeKind::Implements]);
    assert_eq!(
        found,
        expect(
            "implements krate::<impl std::error::Error for X> -> std::error::Error exact
             implements krate::m::<impl fmt::Debug for Y> -> core::fmt::Debug exact"
        )
    );
}

#[test]
fn a_lone_primitive_name_is_the_primitive_even_if_a_module_shares_it() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod c { use core::char; pub trait Bound {} impl Bound for char {} }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::ImplFor]),
        expect("impl_for krate::c::<impl Bound for char> -> char exact")
    );
}

#[test]
fn a_self_type_written_from_the_extern_prelude_is_that_type() {
    // Macros write `::std::slice::Iter` so no local name can shadow it.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Peek {} impl<'a, T> Peek for ::std::slice::Iter<'a, T> {}",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::ImplFor]),
        expect(
            "impl_for krate::<impl Peek for ::std::slice::Iter<'a, T>> -> std::slice::Iter exact"
        )
    );
}

#[test]
fn an_item_and_an_import_of_one_name_are_cfg_alternatives() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod io { pub use self::imp::Error;
                  #[cfg(not(feature = \"std\"))] mod imp { pub struct Error; }
                  #[cfg(feature = \"std\")] use std::io as imp; }
         pub struct Z;
         impl From<Z> for io::Error { fn from(_: Z) -> Self { todo!() } }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::ImplFor]),
        expect(
            "impl_for krate::<impl From<Z> for io::Error> -> krate::io::imp::Error exact
             impl_for krate::<impl From<Z> for io::Error> -> std::io::Error exact"
        )
    );
}

// Regressions found by scripts/groundtruth-calls.py (rust-analyzer).

#[test]
fn a_path_call_matching_several_impls_is_not_exact() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct V;
         impl From<u8> for V { fn from(_: u8) -> V { V } }
         impl From<bool> for V { fn from(_: bool) -> V { V } }
         pub fn one_from(x: Mystery) -> V { V::from(x.get()) }
         pub fn by_argument() -> V { V::from(true) }",
    )]);
    // Only the argument's type could tell; a `bool` literal does (session 23).
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::by_argument -> krate::V::from method
             calls krate::one_from -> krate::V::from heuristic
             calls krate::one_from -> krate::V::from heuristic"
        )
    );
}

#[test]
fn a_method_call_matching_several_impls_is_not_certain_either() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct B;
         pub trait Same<T> { fn same(&self, other: &T) -> bool; }
         impl Same<u8> for B { fn same(&self, _: &u8) -> bool { true } }
         impl Same<str> for B { fn same(&self, _: &str) -> bool { true } }
         pub fn compare(b: &B) -> bool { b.same(\"x\") }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect("calls krate::compare -> krate::B::same heuristic\ncalls krate::compare -> krate::B::same heuristic"),
        "which impl only the argument's type tells"
    );
}

#[test]
fn an_impl_for_a_reference_is_not_the_impl_for_the_type() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct V;
         pub trait D { fn a(self); fn b(self); }
         impl D for V { fn a(self) {} fn b(self) {} }
         impl<'x> D for &'x V { fn a(self) { self.b() } fn b(self) {} }",
    )]);
    // `self.b()` in `impl D for &V` is that impl's `b`, not `V`'s.
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect("calls krate::<impl D for &'x V>::a -> krate::<impl D for &'x V>::b method")
    );
}

#[test]
fn pattern_bindings_are_values_not_paths() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use core::ptr;
         pub enum E { Left(u8) }
         use self::E::*;
         impl E {
             pub fn left(&self) -> Option<u8> { None }
             pub fn just_left(&self) -> Option<u8> { match *self { Left(left) => Some(takes(left)) } }
         }
         fn takes(x: u8) -> u8 { x }
         pub fn f(x: Option<(*const u8, usize)>) -> usize { if let Some((ptr, len)) = x { return other(ptr, len); } 0 }
         fn other(_: *const u8, n: usize) -> usize { n }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::E::just_left -> krate::takes exact
             calls krate::f -> krate::other exact"
        )
    );
}

#[test]
fn bindings_of_variant_and_struct_patterns_have_their_fields_types() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Set; impl Set { pub fn negate(&mut self) {} }
         pub struct Raw; impl Raw { pub fn negate(&mut self) {} }
         pub struct Span; impl Span { pub fn start(&self) {} }
         pub enum Class { Unicode(Set), Bytes(Raw), Named { span: Span, name: u8 } }
         pub struct Pair(pub Span, pub Set);
         use self::Class::*;
         impl Class {
             pub fn negate(&mut self) {
                 match *self {
                     Class::Unicode(ref mut x) => x.negate(),
                     Bytes(ref mut x) => x.negate(),
                     Class::Named { ref span, .. } => span.start(),
                 }
             }
         }
         pub fn pair(p: &Pair, c: &Class) {
             let Pair(first, .., last) = p;
             first.start();
             last.negate();
             if let Class::Named { span: s, .. } = c { s.clone().start(); }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::Class::negate -> krate::Set::negate method
             calls krate::Class::negate -> krate::Raw::negate method
             calls krate::Class::negate -> krate::Span::start method
             calls krate::pair -> krate::Span::start method
             calls krate::pair -> krate::Class::negate heuristic
             calls krate::pair -> krate::Raw::negate heuristic
             calls krate::pair -> krate::Set::negate heuristic"
        ),
        "after `..` a tuple pattern's positions are unknown: `last.negate()` is only a guess by name"
    );
}

#[test]
fn unwrapping_an_option_or_result_gives_the_declared_inner_type() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Frame; impl Frame { pub fn class(self) -> Set { Set } }
         pub struct Set; impl Set { pub fn union(&mut self) {} }
         pub struct Global; impl Global { pub fn free(&self) {} }
         pub struct Decoy; impl Decoy { pub fn class(self) {} pub fn union(&self) {} pub fn free(&self) {} }
         pub const EMPTY: Set = Set;
         pub type Result<T> = core::result::Result<T, ()>;
         pub struct Stack { top: Option<Frame> }
         impl Stack {
             fn pop(&mut self) -> Option<Frame> { None }
             fn make(&self) -> Result<Set> { Ok(Set) }
             pub fn unwrap_chain(&mut self) { self.pop().unwrap().class().union(); }
             pub fn question_mark(&self) -> Result<()> { let mut made = self.make()?; made.union(); Ok(()) }
             pub fn if_let_take(&mut self) { if let Some(frame) = self.top.take() { frame.class(); } }
             pub fn match_param(given: Option<&Set>) { match given { Some(set) => set.clone().union(), None => {} } }
             pub fn while_let(&mut self) { while let Some(frame) = self.pop() { frame.class(); } }
             pub fn unit_struct() { let g = Global; g.free(); }
             pub fn constant() { EMPTY.union(); }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::Stack::unwrap_chain -> krate::Stack::pop method
             calls krate::Stack::unwrap_chain -> core::option::Option::unwrap method
             calls krate::Stack::unwrap_chain -> krate::Frame::class method
             calls krate::Stack::unwrap_chain -> krate::Set::union method
             calls krate::Stack::question_mark -> krate::Stack::make method
             calls krate::Stack::question_mark -> krate::Set::union method
             calls krate::Stack::if_let_take -> core::option::Option::take method
             calls krate::Stack::if_let_take -> krate::Frame::class method
             calls krate::Stack::match_param -> krate::Set::union method
             calls krate::Stack::while_let -> krate::Stack::pop method
             calls krate::Stack::while_let -> krate::Frame::class method
             calls krate::Stack::unit_struct -> krate::Global::free method
             calls krate::Stack::constant -> krate::Set::union method"
        ),
        "a same-named method of `Decoy` is never called: every receiver's type is known"
    );
}

#[test]
fn loops_and_adapter_closures_get_the_element_type() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Hir; impl Hir { pub fn kind(&self) {} }
         pub struct Lit; impl Lit { pub fn len(&self) {} }
         pub struct Decoy; impl Decoy { pub fn kind(&self) {} pub fn len(&self) {} }
         pub struct Seq { lits: Vec<Lit>, first: Option<Box<Lit>> }
         impl Seq {
             pub fn slice(hirs: &[Hir]) { for hir in hirs.iter() { hir.kind(); } hirs.len(); }
             pub fn by_ref(&self) { for lit in &self.lits { lit.len(); } }
             pub fn closure(&self) { self.lits.iter().filter(|l| true).for_each(|lit| lit.len()); }
             pub fn option(&self) { self.first.as_ref().map(|lit| lit.len()); }
             pub fn array(all: [Hir; 2]) { all.iter().any(|hir| { hir.kind(); true }); }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|edge| edge.contains("-> krate::"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Seq::array -> krate::Hir::kind method
             calls krate::Seq::by_ref -> krate::Lit::len method
             calls krate::Seq::closure -> krate::Lit::len method
             calls krate::Seq::option -> krate::Lit::len method
             calls krate::Seq::slice -> krate::Hir::kind method"
        ),
        "a same-named method of `Decoy` is never called: every element's type is known"
    );
    assert!(
        edges(&outcome, &[EdgeKind::Calls])
            .contains(&"calls krate::Seq::slice -> slice::len method".to_string()),
        "a slice calls std's slice methods"
    );
}

#[test]
fn std_iterator_chains_call_iterator_methods() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Countdown(u8);
         impl Iterator for Countdown { type Item = u8; fn next(&mut self) -> Option<u8> { None } }
         pub fn countdown() -> Countdown { Countdown(3) }
         pub fn own_iterator() -> u8 { countdown().skip(1).sum() }
         pub fn array_literal() -> usize { [1, 2, 3].iter().copied().count() }
         pub fn chain(v: Vec<u8>, s: &str, unknown: Mystery) -> Vec<u8> {
             s.chars().rev().count();
             unknown.iter().peekable().peek();
             v.iter().map(|b| b + 1).collect()
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    for expected in expect(
        "calls krate::chain -> core::iter::Iterator::rev method
         calls krate::chain -> core::iter::Iterator::count method
         calls krate::chain -> core::iter::Iterator::peekable method
         calls krate::chain -> core::iter::Iterator::map method
         calls krate::chain -> core::iter::Iterator::collect method
         calls krate::own_iterator -> core::iter::Iterator::skip method
         calls krate::own_iterator -> core::iter::Iterator::sum method
         calls krate::array_literal -> slice::iter method
         calls krate::array_literal -> core::iter::Iterator::copied method
         calls krate::array_literal -> core::iter::Iterator::count method",
    ) {
        assert!(calls.contains(&expected), "{expected} not in {calls:#?}");
    }
    assert!(
        !calls.iter().any(|edge| edge.contains("Iterator::peek ")),
        "`peek` is `Peekable`'s own method, not `Iterator`'s: {calls:#?}"
    );
    assert!(
        calls.contains(&"calls krate::chain -> core::iter::Peekable::peek method".to_string()),
        "{calls:#?}"
    );
}

#[test]
fn cells_locks_and_formatter_builders_are_seen_through() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use core::cell::RefCell; use std::sync::Mutex; use core::fmt;
         pub struct Stack; impl Stack { pub fn push_frame(&mut self) {} }
         pub struct Parser { stack: RefCell<Stack>, shared: Mutex<Vec<Stack>> }
         impl Parser {
             pub fn reset(&self) {
                 self.stack.borrow_mut().push_frame();
                 self.shared.lock().unwrap().first().unwrap().push_frame();
             }
         }
         impl fmt::Debug for Parser {
             fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                 f.debug_list().entries(self.shared.lock().unwrap().iter()).finish()
             }
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    for expected in expect(
        "calls krate::Parser::reset -> krate::Stack::push_frame method
         calls krate::Parser::fmt -> core::fmt::DebugList::entries method
         calls krate::Parser::fmt -> core::fmt::DebugList::finish method",
    ) {
        assert!(calls.contains(&expected), "{expected} not in {calls:#?}");
    }
}

#[test]
fn values_known_by_their_bounds_call_the_traits_methods() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Shape { fn area(&self) -> f64; }
         pub fn total<S: Shape>(shapes: &[S], one: &S) -> f64 { one.area() }
         pub fn boxed(shape: &dyn Shape) -> f64 { shape.area() }
         pub fn opaque(shape: impl Shape) -> f64 { shape.area() }
         pub fn bounded<I>(items: I) -> usize where I: Iterator<Item = u8> { items.count() }
         pub fn two<T: Clone + std::fmt::Debug>(t: T) -> T { t.clone() }
         pub fn unknown<T: serde::Serialize + other::Thing>(t: T) { t.visit() }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::total -> krate::Shape::area method
             calls krate::boxed -> krate::Shape::area method
             calls krate::opaque -> krate::Shape::area method
             calls krate::bounded -> core::iter::Iterator::count method
             calls krate::two -> core::clone::Clone::clone method"
        ),
        "std's Clone declares `clone`; of two unknown external traits, which has `visit` is not guessed"
    );
}

#[test]
fn names_reexported_through_a_glob_of_reexports() {
    // libc: primitives re-exports core::ffi::c_int, the root globs
    // primitives, and a prelude module imports crate::c_int.
    let outcome = index_crate(&[
        (
            "src/lib.rs",
            "mod primitives; pub use crate::primitives::*;
             mod prelude { pub(crate) use crate::c_int; }
             mod user { use crate::prelude::*; pub fn f(x: c_int) {} }",
        ),
        ("src/primitives.rs", "pub use core::ffi::c_int;"),
    ]);
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
    let references = edges(&outcome, &[EdgeKind::References]);
    assert_eq!(
        references,
        expect("references krate::user::f -> core::ffi::c_int exact")
    );
}

#[test]
fn known_types_of_macros_conversions_derives_and_reference_impls() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "#[derive(Clone, Default)] pub struct Cfg;
         pub trait Named { fn name(&self) -> String { String::new() } }
         impl Named for Cfg {}
         pub trait Visit { fn visit(self); fn inner(self); }
         impl<'a> Visit for &'a mut Cfg { fn visit(self) { self.inner() } fn inner(self) {} }
         pub fn f(c: &Cfg) {
             let v = vec![1u8];
             v.len();
             let s = format!(\"{}\", 1);
             s.trim();
             let t = c.name().to_string();
             t.len();
             Cfg::default();
             c.clone();
         }
         pub fn g(c: &Cfg) { Cfg::name(c); }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::f -> alloc::vec::Vec::len method",
            "calls krate::f -> alloc::string::String::trim method",
            "calls krate::f -> alloc::string::String::len method",
            // The derives' impls hold these methods.
            "calls krate::f -> krate::Cfg::default exact",
            "calls krate::f -> krate::Cfg::clone method",
            "calls krate::g -> krate::Named::name exact",
            "calls krate::<impl Visit for &'a mut Cfg>::visit -> krate::<impl Visit for &'a mut Cfg>::inner method",
        ],
    );
}

#[test]
fn built_in_derives_write_impls_whose_methods_calls_reach_and_type() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub mod m {
             #[derive(Clone, PartialEq)] pub struct Id(pub u32);
             impl Id { pub fn next(&self) -> u32 { self.0 } }
             #[derive(Debug, Default, Hash)] pub enum E<T> { #[default] A, B(T) }
         }
         pub fn f(a: &m::Id, b: &m::Id) -> bool { a.clone().next(); a.eq(b) }
         pub fn g() { let e: m::E<u8> = m::E::default(); }",
    )]);
    let found = edges(
        &outcome,
        &[EdgeKind::Implements, EdgeKind::ImplFor, EdgeKind::Contains],
    );
    assert_includes(
        &found,
        &[
            "implements krate::m::<impl Clone for Id> -> core::clone::Clone exact",
            "impl_for krate::m::<impl Clone for Id> -> krate::m::Id exact",
            "contains krate::m::<impl Clone for Id> -> krate::m::Id::clone exact",
            "contains krate::m::<impl PartialEq for Id> -> krate::m::Id::eq exact",
            "implements krate::m::<impl Debug for E<T>> -> core::fmt::Debug exact",
            "contains krate::m::<impl Debug for E<T>> -> krate::m::E::fmt exact",
            "contains krate::m::<impl Default for E<T>> -> krate::m::E::default exact",
            "contains krate::m::<impl Hash for E<T>> -> krate::m::E::hash exact",
        ],
    );
    // The derived `clone` returns `Self`, so `.next()` is typed through it.
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::f -> krate::m::Id::clone method
             calls krate::f -> krate::m::Id::next method
             calls krate::f -> krate::m::Id::eq method
             calls krate::g -> krate::m::E::default exact"
        )
    );
}

#[test]
fn fields_and_paths_typed_by_bounded_parameters() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Source { fn pull(&mut self) -> u8; fn make() -> Self; }
         pub struct Reader<S> { src: S }
         impl<S: Source> Reader<S> {
             pub fn read(&mut self) -> u8 { self.src.pull() }
             pub fn fresh() -> S { S::make() }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::Reader::read -> krate::Source::pull method
             calls krate::Reader::fresh -> krate::Source::make exact"
        )
    );
}

#[test]
fn codegraph_macros_attributes_become_annotations_however_they_are_written() {
    let outcome = crate::parse::tests::index_crate_with_deps(
        &[(
            "src/lib.rs",
            "use codegraph_macros as cg;
             use codegraph_macros::owner;
             #[cg::layer(\"domain\")] #[cg::tag(\"hot-path\", \"auth\")] pub fn settle() {}
             #[owner(\"payments\")] pub struct Ledger;
             #[codegraph_macros::note(\"why\")] impl Ledger {}
             #[cg::layer(\"infra\")] mod store { pub fn put() {} }
             mod other { pub use some_lib::layer; }
             #[other::layer(\"not ours\")] pub fn elsewhere() {}",
        )],
        &["codegraph_macros", "some_lib"],
    );
    let path = |idx| {
        outcome
            .graph
            .nodes
            .iter()
            .find(|n| n.idx == idx)
            .map(|n| n.path.clone())
            .unwrap_or_default()
    };
    let mut found: Vec<String> = outcome
        .graph
        .annotations
        .iter()
        .map(|a| format!("{} {}={}", path(a.node), a.key, a.value))
        .collect();
    found.sort();
    assert_eq!(
        found,
        expect(
            "krate::settle layer=domain
             krate::settle tag=hot-path
             krate::settle tag=auth
             krate::Ledger owner=payments
             krate::<impl Ledger> note=why
             krate::store layer=infra"
        )
    );
}

#[test]
fn a_name_reached_along_many_glob_paths_is_one_answer_per_item() {
    // Both cfg alternatives of `f` are reachable from the root along four
    // glob paths each: one exact call edge per alternative.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "#[cfg(unix)] mod imp { pub fn f() {} }
         #[cfg(windows)] mod imp { pub fn f() {} }
         mod left { pub use crate::imp::*; }
         mod right { pub use crate::imp::*; }
         mod both { pub use crate::left::*; pub use crate::right::*; }
         mod again { pub use crate::left::*; pub use crate::right::*; }
         pub use both::*;
         pub use again::*;
         pub fn caller() { f(); }",
    )]);
    let calls: Vec<(String, u32)> = outcome
        .graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls)
        .map(|e| {
            let dst = outcome.graph.nodes.iter().find(|n| n.idx == e.dst).unwrap();
            (
                format!("{} [{}]", dst.path, dst.cfg.as_deref().unwrap_or("")),
                e.candidates,
            )
        })
        .collect();
    assert_eq!(
        calls,
        vec![
            ("krate::imp::f [unix]".to_string(), 1),
            ("krate::imp::f [windows]".to_string(), 1)
        ]
    );
}

#[test]
fn a_scope_inside_a_glob_cycle_sees_what_the_cycle_reaches() {
    // Looking up `g` in `a` walks into `b`, whose glob of `a` is cut there:
    // `b`'s own answer is incomplete then and must not be remembered as
    // whole, or `b::g()`, resolved next, would find nothing.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod a { pub use crate::b::*; pub use crate::d::*; }
         mod b { pub use crate::a::*; }
         mod d { pub fn g() {} }
         pub fn first() { a::g(); }
         pub fn second() { b::g(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::first -> krate::d::g exact
             calls krate::second -> krate::d::g exact"
        )
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn members_of_a_type_defined_once_per_cfg_go_under_the_first_declared() {
    // The impl names the type through globs over both twins, listed in
    // the other order: the members land under the twin declared first,
    // whatever order a lookup returns them in.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod arch {
             #[cfg(target_arch = \"aarch64\")] mod aarch64 { pub struct Info { pub a: u8 } }
             #[cfg(target_arch = \"x86_64\")] mod x86_64 { pub struct Info { pub a: u8 } }
             #[cfg(target_arch = \"x86_64\")] pub use self::x86_64::*;
             #[cfg(target_arch = \"aarch64\")] pub use self::aarch64::*;
             impl Info { pub fn size(&self) -> usize { 1 } }
         }",
    )]);
    let methods: Vec<&str> = outcome
        .graph
        .nodes
        .iter()
        .filter(|n| n.name == "size")
        .map(|n| n.path.as_str())
        .collect();
    assert_eq!(methods, vec!["krate::arch::aarch64::Info::size"]);
}

#[test]
fn a_name_a_fn_binds_itself_does_not_leak_to_its_neighbours() {
    // The resolver remembers lookups per binding scope: `local` declares its
    // own `make` and `use`s another `build`, so its answers must not be
    // reused for `plain` and `later` in the same module (or the other way
    // round), whichever owner is resolved first.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub fn make() {}
         pub fn build() {}
         mod other { pub fn build() {} }
         pub fn plain() { make(); build(); }
         pub fn local() {
             fn make() {}
             use crate::other::build;
             make();
             build();
         }
         pub fn later() { make(); build(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::later -> krate::build exact
             calls krate::later -> krate::make exact
             calls krate::local -> krate::local::make exact
             calls krate::local -> krate::other::build exact
             calls krate::plain -> krate::build exact
             calls krate::plain -> krate::make exact"
        )
    );
}

#[test]
fn a_name_only_guess_keeps_methods_the_call_could_reach_by_arity() {
    // Receiver of unknown type: only `Gauge::settle` has a `self` and one
    // more parameter. `Dial::settle` takes none, `Knob::settle` is an
    // associated fn (no `self`), so `x.settle(1)` cannot be either.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Gauge; pub struct Dial; pub struct Knob;
         impl Gauge { pub fn settle(&self, to: u8) {} }
         impl Dial { pub fn settle(&mut self) {} }
         impl Knob { pub fn settle(to: u8) {} }
         pub fn run(x: &dyn std::any::Any) { unknown().settle(1); }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("settle"))
        .collect();
    assert_eq!(
        calls,
        expect("calls krate::run -> krate::Gauge::settle heuristic")
    );
    let candidates: Vec<u32> = outcome
        .graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls && e.provenance.as_str() == "heuristic")
        .map(|e| e.candidates)
        .collect();
    assert_eq!(candidates, vec![1]);
}

#[test]
fn an_unknown_receiver_of_a_name_std_atomics_and_pointers_have_is_not_guessed() {
    // `a` comes out of a macro we cannot read: it may be a std atomic or
    // pointer as much as the crate's own `Cell`, so `load`, `store`,
    // `compare_exchange` and `is_null` are not guessed; `settle` (no std
    // type has it) still is.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Cell;
         impl Cell {
             pub fn load(&self, o: u8) -> u8 { o }
             pub fn store(&self, v: u8, o: u8) {}
             pub fn compare_exchange(&self, a: u8, b: u8, c: u8, d: u8) {}
             pub fn is_null(&self) -> bool { false }
             pub fn settle(&self, to: u8) {}
         }
         pub fn run() {
             let a = unknown!();
             a.load(0); a.store(1, 0); a.compare_exchange(0, 1, 0, 0); a.is_null(); a.settle(1);
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("krate::run"))
        .collect();
    assert_eq!(
        calls,
        expect("calls krate::run -> krate::Cell::settle heuristic")
    );
}

#[test]
fn a_wrapper_without_methods_of_its_own_calls_the_held_values() {
    // `ManuallyDrop` only derefs to what it holds: `self.socket.local_addr()`
    // is `Socket`'s, not a std `ManuallyDrop::local_addr` that does not
    // exist.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::mem::ManuallyDrop;
         pub struct Socket;
         impl Socket { pub fn local_addr(&self) -> u16 { 0 } pub fn close(self) {} }
         pub struct SockRef { socket: ManuallyDrop<Socket> }
         impl SockRef {
             pub fn addr(&self) -> u16 { self.socket.local_addr() }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect("calls krate::SockRef::addr -> krate::Socket::local_addr method")
    );
}

#[test]
fn a_binding_ends_with_its_block_closure_or_branch() {
    // Each inner `x` is a `B`; the outer one is an `A` again once the
    // block, the closure or the `if let` branch is over.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct A; impl A { pub fn spin(&self) {} pub fn turn(&self) {} pub fn roll(&self) {} }
         pub struct B; impl B { pub fn spin(&self) {} pub fn turn(&self) {} pub fn roll(&self) {} }
         pub fn block() { let x = A; { let x = B; x.spin(); } x.spin(); }
         pub fn closure(f: &dyn Fn(B)) { let x = A; let g = |x: B| x.turn(); x.turn(); }
         pub fn branch(o: Option<B>) { let x = A; if let Some(x) = o { x.roll(); } x.roll(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::block -> krate::A::spin method
             calls krate::block -> krate::B::spin method
             calls krate::branch -> krate::A::roll method
             calls krate::branch -> krate::B::roll method
             calls krate::closure -> krate::A::turn method
             calls krate::closure -> krate::B::turn method"
        )
    );
}

#[test]
fn a_match_block_or_if_has_the_type_of_the_value_it_ends_with() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct A; impl A { pub fn spin(&self) {} }
         pub struct B; impl B { pub fn spin(&self) {} }
         pub fn matched(r: Result<A, B>) {
             let x = match r { Err(e) => return, Ok(v) => v };
             x.spin();
         }
         pub fn blocked() { let x = { let y = B; y }; x.spin(); }
         pub fn branched(o: Option<A>) { let x = if let Some(a) = o { a } else { return }; x.spin(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::blocked -> krate::B::spin method
             calls krate::branched -> krate::A::spin method
             calls krate::matched -> krate::A::spin method"
        )
    );
}

#[test]
fn cfg_alternatives_are_exact_edges_to_each_not_a_guess() {
    // One `imp` per build: both targets are right, each on its platform.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "#[cfg(unix)] mod unix_imp { pub struct Group; impl Group { pub fn load() {} pub fn spin(&self) {} } }
         #[cfg(windows)] mod win_imp { pub struct Group; impl Group { pub fn load() {} pub fn spin(&self) {} } }
         #[cfg(unix)] use unix_imp as imp;
         #[cfg(windows)] use win_imp as imp;
         pub fn run(g: imp::Group) { imp::Group::load(); g.spin(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::run -> krate::unix_imp::Group::load exact
             calls krate::run -> krate::unix_imp::Group::spin method
             calls krate::run -> krate::win_imp::Group::load exact
             calls krate::run -> krate::win_imp::Group::spin method"
        )
    );
}

#[test]
fn self_in_a_trait_default_method_has_its_supertraits_methods() {
    // `self.next()` in `trait Ext: Iterator` is `Iterator::next`;
    // `self.base()` in `trait More: Ext` is `Ext::base`, not `Other::base`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Ext: Iterator {
             fn firsts(mut self) -> Option<Self::Item> where Self: Sized { self.next() }
             fn base(&self) {}
         }
         pub trait Other { fn base(&self) {} }
         pub trait More: Ext { fn go(&self) { self.base(); } }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::Ext::firsts -> core::iter::Iterator::next method
             calls krate::More::go -> krate::Ext::base method"
        )
    );
}

#[test]
fn an_impl_for_a_reference_reaches_and_is_reached_through_its_referent() {
    // `self.iter()` in `impl IntoIterator for &Map` is `Map::iter` (auto-deref),
    // and `m.into_iter()` on a `Map` reaches that impl (auto-ref).
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Map; impl Map { pub fn iter(&self) {} }
         pub struct Other; impl Other { pub fn iter(&self) {} pub fn into_iter(self) {} }
         impl<'a> IntoIterator for &'a Map {
             type Item = u8;
             type IntoIter = std::vec::IntoIter<u8>;
             fn into_iter(self) -> Self::IntoIter { self.iter(); unimplemented!() }
         }
         pub fn run(m: Map) { m.into_iter(); }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("iter"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::<impl IntoIterator for &'a Map>::into_iter -> krate::Map::iter method
             calls krate::run -> krate::<impl IntoIterator for &'a Map>::into_iter method"
        )
    );
}

#[test]
fn raw_pointers_and_slices_call_std_methods_and_deref_to_their_pointee() {
    // `p.add(1)` on a `*const u8` is the pointer's; `(*shared).is_unique()`
    // is the pointee's, not a same-named decoy's; a slice returned by a
    // method calls the slice's `as_mut_ptr`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Shared; impl Shared { pub fn is_unique(&self) -> bool { true } }
         pub struct Decoy; impl Decoy { pub fn is_unique(&self) -> bool { false } pub fn add(&self) {} }
         pub struct Buf { data: Vec<u8> }
         impl Buf {
             fn spare(&mut self) -> &mut [u8] { &mut self.data }
             pub fn go(&mut self, p: *const u8, shared: *mut Shared) {
                 let q = unsafe { p.add(1) };
                 let _ = q.offset_from(p);
                 let _ = unsafe { (*shared).is_unique() };
                 let _ = self.spare().as_mut_ptr();
             }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("Buf::go"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Buf::go -> krate::Buf::spare method
             calls krate::Buf::go -> krate::Shared::is_unique method
             calls krate::Buf::go -> pointer::add method
             calls krate::Buf::go -> pointer::offset_from method
             calls krate::Buf::go -> slice::as_mut_ptr method"
        )
    );
}

#[test]
fn std_return_types_and_primitive_arithmetic_type_a_chain() {
    // `v.len()` is a `usize`, so `.checked_add(1)` is `usize`'s and its
    // `Option` calls `Option::expect`; `n + 1` is a `u32` like `n`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Decoy; impl Decoy { pub fn checked_add(&self, _: u8) {} pub fn expect(&self, _: u8) {} pub fn rotate_left(&self, _: u8) {} }
         pub fn go(v: Vec<u8>, n: u32) {
             let total = v.len().checked_add(1).expect(\"fits\");
             let _ = (n + 1).rotate_left(2);
             let _ = total;
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::go -> alloc::vec::Vec::len method
             calls krate::go -> core::option::Option::expect method
             calls krate::go -> u32::rotate_left method
             calls krate::go -> usize::checked_add method"
        )
    );
}

#[test]
fn an_extension_trait_on_a_primitive_or_pointer_is_found_for_its_values() {
    // `x.as_usize()` on a `u32` is `impl U32 for u32`'s, and `p.distance(q)`
    // on a `*const u8` is `impl Pointer for *const T`'s, not a decoy's.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait U32 { fn as_usize(self) -> usize; }
         impl U32 for u32 { fn as_usize(self) -> usize { self as usize } }
         pub trait Pointer { fn distance(self, o: Self) -> usize; }
         impl<T> Pointer for *const T { fn distance(self, o: Self) -> usize { 0 } }
         pub struct Decoy; impl Decoy { pub fn as_usize(self) -> usize { 0 } pub fn distance(self, o: u8) -> usize { 0 } }
         pub fn go(x: u32, p: *const u8, q: *const u8) -> usize { x.as_usize() + p.distance(q) }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("krate::go"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::go -> krate::<impl Pointer for *const T>::distance method
             calls krate::go -> krate::<impl U32 for u32>::as_usize method"
        )
    );
}

#[test]
fn a_forwarding_impl_for_a_reference_or_trait_object_calls_the_bound_trait() {
    // `(**self).len()` in `impl<A: Aut + ?Sized> Aut for &A` and in
    // `impl Aut for Box<dyn Aut>` is the trait's `len`, not a decoy's.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Aut { fn len(&self) -> usize; }
         pub struct Decoy; impl Decoy { pub fn len(&self) -> usize { 0 } }
         impl<'a, A: Aut + ?Sized> Aut for &'a A { fn len(&self) -> usize { (**self).len() } }
         impl Aut for Box<dyn Aut> { fn len(&self) -> usize { (**self).len() } }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::<impl Aut for &'a A>::len -> krate::Aut::len method
             calls krate::<impl Aut for Box<dyn Aut>>::len -> krate::Aut::len method"
        )
    );
}

#[test]
fn impl_trait_returns_and_std_functions_type_what_they_return() {
    // `-> impl Iterator` calls `Iterator`'s methods; `slice::from_raw_parts`
    // is a slice and `u32::try_from` a `Result`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Decoy; impl Decoy { pub fn count(self) -> usize { 0 } pub fn to_vec(&self) {} pub fn unwrap(self) {} }
         pub struct S;
         impl S { fn ids(&self) -> impl Iterator<Item = u8> + '_ { None.into_iter() } }
         pub fn go(s: &S, p: *const u8, n: u64) {
             let _ = s.ids().count();
             let _ = unsafe { core::slice::from_raw_parts(p, 1) }.to_vec();
             let _ = u32::try_from(n).unwrap();
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("krate::go"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::go -> core::iter::Iterator::count method
             calls krate::go -> core::result::Result::unwrap method
             calls krate::go -> core::slice::from_raw_parts exact
             calls krate::go -> krate::S::ids method
             calls krate::go -> slice::to_vec method
             calls krate::go -> u32::try_from exact"
        )
    );
}

#[test]
fn a_name_only_an_external_glob_can_bind_is_that_module_s() {
    // `_mm_set1_epi8` and `__m128i` come from the one glob of an unindexed
    // module; `Self::splat()` in the impl for that type is the impl's own.
    // Under two such globs a name is unknowable and stays unresolved.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod simd {
             use core::arch::x86_64::*;
             pub trait Vector { fn splat(b: u8) -> Self; fn zero() -> Self; }
             impl Vector for __m128i {
                 fn splat(b: u8) -> __m128i { unsafe { _mm_set1_epi8(b as i8) } }
                 fn zero() -> __m128i { Self::splat(0) }
             }
         }
         mod two {
             use std::io::*;
             use std::fmt::*;
             pub fn go() { stdout_like(); }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::simd::<impl Vector for __m128i>::splat -> core::arch::x86_64::_mm_set1_epi8 exact
             calls krate::simd::<impl Vector for __m128i>::zero -> krate::simd::<impl Vector for __m128i>::splat exact"
        )
    );
    assert!(unresolved(&outcome)
        .iter()
        .any(|row| row.contains("stdout_like")));
}

#[test]
fn an_impl_for_a_slice_reference_calls_slice_methods_and_is_found_on_slices() {
    // In `impl Buf for &[u8]`, `self.len()` is the slice's; `s.remaining()`
    // on a `&[u8]` is that impl's, not a same-named decoy's.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Buf { fn remaining(&self) -> usize; }
         impl Buf for &[u8] { fn remaining(&self) -> usize { self.len() } }
         pub struct Decoy; impl Decoy { pub fn remaining(&self) -> usize { 0 } }
         pub fn go(s: &[u8]) -> usize { s.remaining() }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::<impl Buf for &[u8]>::remaining -> slice::len method
             calls krate::go -> krate::<impl Buf for &[u8]>::remaining method"
        )
    );
}

#[test]
fn iterator_results_ranges_and_try_into_are_typed() {
    // `it.next()` on an `I: Iterator` is an `Option`; `s[1..]` of a `String`
    // is a `str`; `x.try_into()` is a `Result`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Decoy; impl Decoy { pub fn map(self, _: u8) {} pub fn trim(&self) {} pub fn unwrap(self) {} }
         pub fn go<I: Iterator<Item = u8>>(mut it: I, s: String, x: u64) {
             let _ = it.next().map(|b| b + 1);
             let _ = s[1..].trim();
             let _: u32 = x.try_into().unwrap();
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::go -> core::iter::Iterator::next method
             calls krate::go -> core::option::Option::map method
             calls krate::go -> core::result::Result::unwrap method
             calls krate::go -> core::convert::TryInto::try_into method
             calls krate::go -> str::trim method"
        )
    );
}

#[test]
fn values_bounded_by_several_std_traits_call_what_each_declares() {
    // `x: T` with `T: Ord + Clone`: `x.clone()` is `Clone`'s and
    // `x.partial_cmp(..)` `PartialOrd`'s (a supertrait of `Ord`), while a
    // name none of them has stays unresolved; `(0..n).rev()` is an
    // iterator's `rev`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Decoy; impl Decoy { pub fn frobnicate(&self) {} pub fn rev(self) {} }
         pub fn go<T: Ord + Clone>(x: T, n: usize) {
             let _ = x.clone();
             let _ = x.partial_cmp(&x);
             x.frobnicate();
             let _ = (0..n).rev();
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::go -> core::clone::Clone::clone method
             calls krate::go -> core::cmp::PartialOrd::partial_cmp method
             calls krate::go -> core::iter::Iterator::rev method"
        )
    );
    assert!(unresolved(&outcome)
        .iter()
        .any(|row| row.contains("frobnicate")));
}

#[test]
fn tuple_bindings_take_their_element_s_type() {
    // `let (lo, hi) = it.size_hint()`: a `usize` and an `Option`; `for (i, s)
    // in shapes.iter().enumerate()`: a `usize` and a `Shape`; `let (a, b) =
    // (Shape, 1u8)` element by element.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Shape; impl Shape { pub fn area(&self) -> u32 { 0 } }
         pub struct Decoy; impl Decoy { pub fn area(&self) -> u32 { 1 } pub fn saturating_mul(&self, _: u8) {} pub fn and_then(&self, _: u8) {} }
         pub fn go<I: Iterator<Item = u8>>(it: I, shapes: Vec<Shape>) {
             let (lo, hi) = it.size_hint();
             let _ = lo.saturating_mul(2);
             let _ = hi.and_then(|h| h.checked_add(1));
             for (i, s) in shapes.iter().enumerate() { let _ = s.area(); let _ = i.pow(2); }
             let (a, _b) = (Shape, 1u8);
             a.area();
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| !e.contains("Iterator::") && !e.contains("Vec::"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::go -> core::option::Option::and_then method
             calls krate::go -> krate::Shape::area method
             calls krate::go -> usize::pow method
             calls krate::go -> usize::saturating_mul method"
        )
    );
}

#[test]
fn self_method_in_a_trait_impl_is_the_impl_s_own_unless_the_type_has_an_inherent_one() {
    // Two impls of `Buf` for slices: `self.advance()` in one is its own.
    // In `impl Buf for Plain`, `self.remaining()` is `Plain`'s inherent one.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Buf { fn advance(&mut self); fn remaining(&self) -> usize; }
         impl Buf for &mut [u8] { fn advance(&mut self) {} fn remaining(&self) -> usize { self.advance(); 0 } }
         impl Buf for &mut [u16] { fn advance(&mut self) {} fn remaining(&self) -> usize { 0 } }
         pub struct Plain;
         impl Plain { pub fn remaining(&self) -> usize { 1 } }
         impl Buf for Plain { fn advance(&mut self) { self.remaining(); } fn remaining(&self) -> usize { 2 } }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::<impl Buf for &mut [u8]>::remaining -> krate::<impl Buf for &mut [u8]>::advance method
             calls krate::Plain::advance -> krate::Plain::remaining method"
        )
    );
}

#[test]
fn std_traits_are_one_table_for_bounds_supertraits_and_implemented_traits() {
    // `self.clone()` in `trait Ext: Clone` is `Clone::clone`; `a.max(b)` on a
    // type implementing `Ord` is `Ord`'s provided `max`, not a decoy's.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Decoy; impl Decoy { pub fn max(self, _: u8) {} }
         pub trait Ext: Clone { fn dup(&self) -> Self { self.clone() } }
         #[derive(PartialEq, Eq, PartialOrd)] pub struct V;
         impl Ord for V { fn cmp(&self, _: &Self) -> std::cmp::Ordering { std::cmp::Ordering::Equal } }
         pub fn go(a: V, b: V) -> V { a.max(b) }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("Ext::dup") || e.contains("krate::go"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Ext::dup -> core::clone::Clone::clone method
             calls krate::go -> core::cmp::Ord::max method"
        )
    );
}

#[test]
fn std_values_are_typed_by_turbofish_variants_constructors_and_lookups() {
    // Each receiver's type is fixed by std's API whatever the element type:
    // a turbofish names what `collect`/`sum`/`parse` give, `None` and
    // `Ok(..)` are their enums, `Vec::from_iter` a `Vec`, a slice's `last()`
    // and a map's `get()` an `Option`, `binary_search` a `Result`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::collections::HashMap;
         pub struct Decoy;
         impl Decoy {
             pub fn take(&self) {} pub fn sort_unstable(&self) {} pub fn is_some(&self) {}
             pub fn is_ok(&self) {} pub fn leading_zeros(&self) {} pub fn capacity(&self) {}
         }
         pub fn go(s: &str, v: &[u8], m: HashMap<u8, u8>) {
             let mut pending = None;
             pending.take();
             let mut w = Vec::from_iter(v.iter().copied());
             w.sort_unstable();
             s.parse::<u32>().unwrap().leading_zeros();
             v.iter().copied().collect::<Vec<_>>().capacity();
             v.last().is_some();
             m.get(&1).is_some();
             v.binary_search(&3).is_ok();
             Ok::<u8, ()>(1).is_ok();
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| !e.contains("Iterator::") && !e.contains("slice::iter"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::go -> alloc::vec::Vec::capacity method
             calls krate::go -> alloc::vec::Vec::from_iter exact
             calls krate::go -> alloc::vec::Vec::sort_unstable method
             calls krate::go -> core::option::Option::is_some method
             calls krate::go -> core::option::Option::take method
             calls krate::go -> core::result::Result::is_ok method
             calls krate::go -> core::result::Result::unwrap method
             calls krate::go -> slice::binary_search method
             calls krate::go -> slice::last method
             calls krate::go -> std::collections::HashMap::get method
             calls krate::go -> str::parse method
             calls krate::go -> u32::leading_zeros method"
        )
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn an_indexed_iterator_yields_its_declared_item_and_std_bounds_type_their_calls() {
    // `for r in self.iter()` and `.map(|x| ..)` over an indexed iterator
    // bind its `type Item`; `self.next()` in a trait whose supertrait is
    // `Iterator` is an `Option`; a `W: fmt::Write` field calls
    // `fmt::Write::write_str`, not io's; `iter::repeat` makes an iterator.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use core::fmt;
         pub struct Range8(u8);
         impl Range8 { pub fn start(&self) -> u8 { self.0 } }
         pub struct Class(Vec<Range8>);
         pub struct ClassIter<'a>(core::slice::Iter<'a, Range8>);
         impl<'a> Iterator for ClassIter<'a> {
             type Item = &'a Range8;
             fn next(&mut self) -> Option<&'a Range8> { None }
         }
         impl Class {
             pub fn iter(&self) -> ClassIter<'_> { ClassIter(self.0.iter()) }
             pub fn starts(&self) { for r in self.iter() { r.start(); } }
         }
         pub trait Ext: Iterator { fn any_left(&mut self) -> bool { self.next().is_some() } }
         pub struct Writer<W> { wtr: W }
         impl<W: fmt::Write> Writer<W> { pub fn put(&mut self) { self.wtr.write_str(\"x\"); } }
         pub fn go(ranges: &[(u8, u8)]) -> usize { core::iter::repeat(1u8).take(ranges.len()).count() }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| !e.contains("::<impl ") && !e.contains("Class::iter ->"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Class::starts -> krate::Class::iter method
             calls krate::Class::starts -> krate::Range8::start method
             calls krate::Ext::any_left -> core::iter::Iterator::next method
             calls krate::Ext::any_left -> core::option::Option::is_some method
             calls krate::Writer::put -> core::fmt::Write::write_str method
             calls krate::go -> core::iter::Iterator::count method
             calls krate::go -> core::iter::Iterator::take method
             calls krate::go -> core::iter::repeat exact
             calls krate::go -> slice::len method"
        )
    );
    // The impl's `type Item` references the type it names, as an alias does.
    assert!(edges(&outcome, &[EdgeKind::References])
        .contains(&"references krate::ClassIter::Item -> krate::Range8 exact".to_string()));
}

#[test]
fn an_adapters_closure_binds_the_element_where_the_adapter_passes_it() {
    // `fold`'s closure gets the accumulator first and the element second;
    // `sort_by`'s gets two elements; `map_or`'s its one after the default.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Item; impl Item { pub fn weight(&self) -> u32 { 0 } }
         pub struct Acc; impl Acc { pub fn weight(&self) -> u32 { 1 } }
         pub fn go(items: Vec<Item>, first: Option<Item>) -> u32 {
             let mut sorted = items;
             sorted.sort_by(|a, b| a.weight().cmp(&b.weight()));
             let total = sorted.iter().fold(0, |acc, item| acc + item.weight());
             total + first.map_or(0, |item| item.weight())
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("weight"))
        .collect();
    assert_eq!(
        calls,
        expect("calls krate::go -> krate::Item::weight method")
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn a_type_alias_reaches_the_members_of_the_type_it_names() {
    // `Alias::new()` and a value of type `Alias` use `Table`'s impl, also
    // for an alias written inside a fn body and an alias of an alias.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Table; impl Table { pub fn new() -> Table { Table } pub fn capacity(&self) -> usize { 0 } }
         pub struct Decoy; impl Decoy { pub fn capacity(&self) -> usize { 1 } }
         pub type Top = Table;
         pub type Again = Top;
         pub fn go(given: Again) -> usize {
             type Local = Table;
             let made = Local::new();
             Top::new().capacity() + made.capacity() + given.capacity()
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::go -> krate::Table::capacity method
             calls krate::go -> krate::Table::new exact"
        )
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn auto_deref_and_std_blanket_impls_find_methods_a_type_lacks() {
    // `w.len()` on a wrapper whose `Deref` target is a `Vec` is the `Vec`'s;
    // `p.to_string()` on a type with no `to_string` is `ToString`'s blanket
    // impl, and `p.into()` `Into`'s, not a decoy's of the same name.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::ops::Deref;
         pub struct Wrapper(Vec<u8>);
         impl Deref for Wrapper { type Target = Vec<u8>; fn deref(&self) -> &Vec<u8> { &self.0 } }
         pub struct Inner; impl Inner { pub fn depth(&self) -> u8 { 0 } }
         pub struct Outer(Inner);
         impl Deref for Outer { type Target = Inner; fn deref(&self) -> &Inner { &self.0 } }
         pub struct Point;
         pub struct Decoy;
         impl Decoy { pub fn to_string(&self) -> String { String::new() } pub fn into(self) -> u8 { 0 } pub fn depth(&self) -> u8 { 1 } }
         pub fn go(w: Wrapper, o: Outer, p: Point) -> usize {
             let _: String = p.to_string();
             let _: u8 = Point.into();
             usize::from(o.depth()) + w.len()
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.starts_with("calls krate::go "))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::go -> alloc::string::ToString::to_string method
             calls krate::go -> alloc::vec::Vec::len method
             calls krate::go -> core::convert::Into::into method
             calls krate::go -> krate::Inner::depth method
             calls krate::go -> usize::from exact"
        )
    );
}

#[test]
fn a_blanket_impl_gives_its_trait_to_every_type_its_bound_covers() {
    // `impl<T: Iterator + ?Sized> Sorted for T` makes `sorted_vec` a method
    // of every iterator, std's included; `impl<T> Tally for T where T:
    // Clone` of every `Clone` type (here derived), not of `Plain`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Sorted: Iterator { fn sorted_vec(self) -> Vec<Self::Item> where Self: Sized { Vec::new() } }
         impl<T: Iterator + ?Sized> Sorted for T {}
         pub trait Tally { fn tally(&self) -> usize { 0 } }
         impl<T> Tally for T where T: Clone {}
         #[derive(Clone)] pub struct Counted;
         pub struct Plain;
         pub fn go(v: &[u8], c: Counted, p: Plain) -> usize {
             v.iter().sorted_vec().len() + c.tally() + p.tally()
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.starts_with("calls krate::go "))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::go -> alloc::vec::Vec::len method
             calls krate::go -> krate::Sorted::sorted_vec method
             calls krate::go -> krate::Tally::tally method
             calls krate::go -> slice::iter method"
        )
    );
    assert_eq!(unresolved(&outcome), vec!["method Plain.tally"]);
}

#[test]
fn a_blanket_impl_over_a_blanket_impl_reaches_every_type_of_the_first_bound() {
    // syn's `impl<T: quote::spanned::Spanned> Spanned for T` over quote's
    // `impl<T: ToTokens> Spanned for T`: every `ToTokens` type has `span()`,
    // two blanket impls away (the call names the trait's method, as for
    // one blanket impl); `Plain` has neither.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait ToTokens { fn to_tokens(&self); }
         pub mod quoted {
             pub trait Spanned { fn __span(&self) -> u32; }
             impl<T: ?Sized + super::ToTokens> Spanned for T { fn __span(&self) -> u32 { 0 } }
         }
         pub mod spanned {
             use crate::quoted::Spanned as ToTokens;
             pub trait Spanned { fn span(&self) -> u32; }
             impl<T: ?Sized + ToTokens> Spanned for T { fn span(&self) -> u32 { self.__span() } }
         }
         use spanned::Spanned;
         pub struct Field;
         impl ToTokens for Field { fn to_tokens(&self) {} }
         pub struct Plain;
         pub fn go(f: &Field, p: &Plain) -> u32 {
             f.span() + p.span()
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.starts_with("calls krate::go "))
        .collect();
    assert_eq!(
        calls,
        expect("calls krate::go -> krate::spanned::Spanned::span method")
    );
    assert_eq!(unresolved(&outcome), vec!["method Plain.span"]);
}

#[test]
fn a_folds_accumulator_has_the_type_of_its_initial_value() {
    // `try_fold(0usize, |sum, i| sum.checked_add(i))`: a suffixed literal
    // is its primitive, and the accumulator starts as the initial value.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub fn go(v: &[usize]) -> Option<usize> {
             v.iter().try_fold(0usize, |sum, i| sum.checked_add(*i))
         }",
    )]);
    assert!(
        edges(&outcome, &[EdgeKind::Calls])
            .contains(&"calls krate::go -> usize::checked_add method".to_string()),
        "{:?}",
        edges(&outcome, &[EdgeKind::Calls])
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn a_declared_tuple_types_its_elements_through_patterns_and_fields() {
    // `type SizeHint = (usize, Option<usize>)`: `let (lo, hi) = sh;` binds a
    // `usize` and an `Option` whose closure gets a `usize`; `info().0` is
    // the `Lay` the fn's `-> (Lay, usize)` writes.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub type SizeHint = (usize, Option<usize>);
         pub struct Lay; impl Lay { pub fn size(&self) -> usize { 0 } }
         pub struct Decoy; impl Decoy { pub fn size(&self) -> usize { 1 } }
         pub fn info() -> (Lay, usize) { (Lay, 0) }
         pub fn go(sh: SizeHint) -> usize {
             let (lo, hi) = sh;
             let up = hi.and_then(|n| n.checked_add(1));
             lo.saturating_add(sh.0) + info().0.size() + up.unwrap_or(0)
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.starts_with("calls krate::go "))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::go -> core::option::Option::and_then method
             calls krate::go -> core::option::Option::unwrap_or method
             calls krate::go -> krate::Lay::size method
             calls krate::go -> krate::info exact
             calls krate::go -> usize::checked_add method
             calls krate::go -> usize::saturating_add method"
        )
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn a_bound_on_a_parameters_associated_type_types_its_values() {
    // `where I::Item: Clone`: a value written `I::Item` calls `Clone`'s
    // `clone`, not a decoy's.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Decoy; impl Decoy { pub fn clone(&self) -> Decoy { Decoy } }
         pub fn dup<I>(first: I::Item) -> (I::Item, I::Item) where I: Iterator, I::Item: Clone {
             (first.clone(), first)
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect("calls krate::dup -> core::clone::Clone::clone method")
    );
}

#[test]
fn a_value_two_holders_deep_has_the_declared_inner_type() {
    // `Some(ref lits)` on a field declared `Option<Vec<Lit>>`: `lits[0]` and
    // the loop over `lits.iter()` are `Lit`s, not a decoy's.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Lit; impl Lit { pub fn exact(&self) -> bool { true } }
         pub struct Decoy; impl Decoy { pub fn exact(&self) -> bool { false } }
         pub struct Seq { literals: Option<Vec<Lit>> }
         impl Seq {
             pub fn go(&self) -> bool {
                 let lits = match self.literals { None => return false, Some(ref lits) => lits };
                 for lit in lits.iter() { lit.exact(); }
                 lits[0].exact()
             }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("exact"))
        .collect();
    assert_eq!(
        calls,
        expect("calls krate::Seq::go -> krate::Lit::exact method")
    );
}

#[test]
fn of_several_trait_methods_only_the_traits_in_scope_are_callees() {
    // Two blanket traits give every iterator a `unzip3`, and `Shape` has a
    // `describe` from two traits; Rust calls the one whose trait is in scope
    // where the call is. A caller with both in scope keeps both (a guess).
    let outcome = index_crate(&[
        (
            "src/lib.rs",
            "pub mod ext;
             pub mod user;
             pub mod both;
             pub struct Shape;
             impl ext::Pretty for Shape { fn describe(&self) -> u8 { 0 } }
             impl ext::Plain for Shape { fn describe(&self) -> u8 { 1 } }",
        ),
        (
            "src/ext.rs",
            "pub trait Fast: Iterator { fn unzip3(self) -> u8 where Self: Sized { 0 } }
             impl<T: Iterator + ?Sized> Fast for T {}
             pub trait Slow: Iterator { fn unzip3(self) -> u8 where Self: Sized { 1 } }
             impl<T: Iterator + ?Sized> Slow for T {}
             pub trait Pretty { fn describe(&self) -> u8; }
             pub trait Plain { fn describe(&self) -> u8; }",
        ),
        (
            "src/user.rs",
            "use crate::ext::{Slow, Pretty};
             pub fn go(v: &[u8], s: crate::Shape) -> u8 {
                 v.iter().unzip3() + s.describe()
             }",
        ),
        (
            "src/both.rs",
            "use crate::ext::*;
             pub fn go(s: crate::Shape) -> u8 { s.describe() }",
        ),
    ]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("::go -> krate::"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::both::go -> krate::Shape::describe heuristic
             calls krate::both::go -> krate::Shape::describe heuristic
             calls krate::user::go -> krate::Shape::describe method
             calls krate::user::go -> krate::ext::Slow::unzip3 method"
        )
    );
    // The one `describe` is `Pretty`'s (line 5; `Plain`'s is on line 6).
    let user_go = outcome
        .graph
        .nodes
        .iter()
        .find(|n| n.path == "krate::user::go")
        .unwrap()
        .idx;
    let callee_lines: Vec<u32> = outcome
        .graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls && e.src == user_go)
        .filter_map(|e| outcome.graph.nodes.iter().find(|n| n.idx == e.dst))
        .filter(|n| n.path == "krate::Shape::describe")
        .map(|n| n.range.line)
        .collect();
    assert_eq!(callee_lines, [5]);
}

#[test]
fn inside_a_trait_impl_that_trait_is_in_scope() {
    // `self.0.fmt(f)` in `impl fmt::Display for W` compiles with neither
    // `Display` nor `Debug` imported: the impl's own trait is in scope
    // there, so the inner value's `Display` impl is the callee.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Inner;
         impl core::fmt::Display for Inner { fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result { Ok(()) } }
         impl core::fmt::Debug for Inner { fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result { Ok(()) } }
         pub struct W(Inner);
         impl core::fmt::Display for W {
             fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result { self.0.fmt(f) }
         }",
    )]);
    let w_fmt = outcome
        .graph
        .nodes
        .iter()
        .find(|n| n.path == "krate::W::fmt")
        .unwrap()
        .idx;
    let callees: Vec<(String, u32, &str)> = outcome
        .graph
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Calls && e.src == w_fmt)
        .filter_map(|e| {
            let node = outcome.graph.nodes.iter().find(|n| n.idx == e.dst)?;
            Some((node.path.clone(), node.range.line, e.provenance.as_str()))
        })
        .collect();
    assert_eq!(callees, [("krate::Inner::fmt".to_string(), 2, "method")]);
}

#[test]
fn an_element_of_a_field_holding_a_generic_parameter_has_its_bounds() {
    // `self.ranges[i]` and the items of `self.ranges.iter()` are `I`s, and
    // the impl bounds `I` by `Interval`: its methods are the callees.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Interval { fn lower(&self) -> u8; }
         pub struct A; impl Interval for A { fn lower(&self) -> u8 { 1 } }
         pub struct B; impl Interval for B { fn lower(&self) -> u8 { 2 } }
         pub struct Set<I> { ranges: Vec<I> }
         impl<I: Interval> Set<I> {
             pub fn first(&self, i: usize) -> u8 { self.ranges[i].lower() }
             pub fn all(&self) -> Vec<u8> { self.ranges.iter().map(|r| r.lower()).collect() }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("-> krate::"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Set::all -> krate::Interval::lower method
             calls krate::Set::first -> krate::Interval::lower method"
        )
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn members_of_an_impl_in_a_const_block_and_its_macro_calls_go_under_the_type() {
    // `const _: () = { impl S { .. } };` (what derive-like macros write):
    // the methods, and the call that writes more of them, are the type's.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct S;
         macro_rules! getter { ($n:ident) => { pub fn $n(&self) {} }; }
         const _: () = { impl S { pub fn plain(&self) {} getter!(made); } };",
    )]);
    let mut paths: Vec<(&str, &str)> = outcome
        .graph
        .nodes
        .iter()
        .filter(|n| n.path.starts_with("krate::S::") || n.path.contains("::_::"))
        .map(|n| (n.kind.as_str(), n.path.as_str()))
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            ("impl", "krate::_::<impl S>"),
            ("macro_call", "krate::S::getter!"),
            ("method", "krate::S::made"),
            ("method", "krate::S::plain"),
        ]
    );
}

#[test]
fn a_smart_pointers_own_methods_come_before_the_pointees() {
    // `Arc<T>` clones itself whatever `T` is; `Pin<&mut Self>` projects
    // itself; other methods are the pointee's.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::pin::Pin;
         use std::sync::Arc;
         pub struct Shared;
         impl Shared { pub fn wake(&self) {} pub fn clone(&self) {} }
         pub struct Chan { shared: Arc<Shared>, plain: Shared }
         impl Chan {
             pub fn go(&self) { self.shared.clone(); self.shared.wake(); self.plain.clone(); }
             pub fn by_handle(me: &Arc<Self>) { me.clone(); me.go(); }
             pub fn poll(self: Pin<&mut Self>) { self.as_mut(); self.project(); }
             fn project(self: Pin<&mut Self>) {}
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::Chan::go -> std::sync::Arc::clone method
             calls krate::Chan::go -> krate::Shared::wake method
             calls krate::Chan::go -> krate::Shared::clone method
             calls krate::Chan::by_handle -> std::sync::Arc::clone method
             calls krate::Chan::by_handle -> krate::Chan::go method
             calls krate::Chan::poll -> std::pin::Pin::as_mut method
             calls krate::Chan::poll -> krate::Chan::project method"
        )
    );
}

#[test]
fn the_build_picks_among_cfg_alternatives_when_it_can_tell() {
    // libc's shape: one `fcntl` per target OS; tokio's: one `Mutex` with
    // the `parking_lot` feature and one without, chosen by imports.
    let files = [(
        "src/lib.rs",
        r#"#[cfg(unix)] mod unix_imp { pub fn fcntl() {} }
           #[cfg(target_os = "wasi")] mod wasi_imp { pub fn fcntl() {} }
           #[cfg(unix)] pub use unix_imp::*;
           #[cfg(target_os = "wasi")] pub use wasi_imp::*;
           mod std_mutex { pub struct Mutex; impl Mutex { pub fn lock(&self) {} } }
           #[cfg(feature = "parking_lot")] mod lot { pub struct Mutex; impl Mutex { pub fn lock(&self) {} } }
           #[cfg(not(feature = "parking_lot"))] use std_mutex::Mutex;
           #[cfg(feature = "parking_lot")] use lot::Mutex;
           #[cfg(tokio_unstable)] mod unstable { pub fn tick() {} }
           #[cfg(not(tokio_unstable))] mod unstable { pub fn tick() {} }
           pub fn run(m: &Mutex) { fcntl(); m.lock(); unstable::tick(); }"#,
    )];
    let linux = crate::cfg_eval::BuildCfg::from_print_cfg(
        "unix\ntarget_family=\"unix\"\ntarget_os=\"linux\"\n",
    );
    let calls = edges(
        &crate::parse::tests::index_crate_for(linux, &["parking_lot"], &files),
        &[EdgeKind::Calls],
    );
    assert_eq!(
        calls,
        expect(
            "calls krate::run -> krate::unix_imp::fcntl exact
             calls krate::run -> krate::lot::Mutex::lock method
             calls krate::run -> krate::unstable::tick exact
             calls krate::run -> krate::unstable::tick exact"
        ),
        "a build script's cfg stays undecided: both alternatives"
    );
    // Without the target's cfgs (rustc did not answer), every alternative.
    let unknown = crate::cfg_eval::BuildCfg::default();
    let calls = edges(
        &crate::parse::tests::index_crate_for(unknown, &["parking_lot"], &files),
        &[EdgeKind::Calls],
    );
    assert!(calls.contains(&"calls krate::run -> krate::wasi_imp::fcntl exact".to_string()));
    assert!(
        !calls.contains(&"calls krate::run -> krate::std_mutex::Mutex::lock method".to_string())
    );
}

#[test]
fn a_field_typed_by_a_cfg_alias_has_the_type_the_build_picks() {
    // crossbeam-deque's shape: one alias per `target_has_atomic`.
    let files = [(
        "src/lib.rs",
        r#"#[cfg(target_has_atomic = "64")] type AtomicIndex = core::sync::atomic::AtomicU64;
           #[cfg(not(target_has_atomic = "64"))] type AtomicIndex = core::sync::atomic::AtomicUsize;
           pub struct Position { index: AtomicIndex }
           impl Position { pub fn get(&self) -> u64 { self.index.load(core::sync::atomic::Ordering::Acquire) } }"#,
    )];
    let x86_64 = crate::cfg_eval::BuildCfg::from_print_cfg(
        "unix\ntarget_has_atomic=\"32\"\ntarget_has_atomic=\"64\"\ntarget_os=\"linux\"\n",
    );
    let calls = edges(
        &crate::parse::tests::index_crate_for(x86_64, &[], &files),
        &[EdgeKind::Calls],
    );
    assert_eq!(
        calls,
        expect("calls krate::Position::get -> core::sync::atomic::AtomicU64::load method")
    );
    // A build that cannot tell keeps both.
    let unknown = crate::cfg_eval::BuildCfg::default();
    let calls = edges(
        &crate::parse::tests::index_crate_for(unknown, &[], &files),
        &[EdgeKind::Calls],
    );
    assert_eq!(calls.len(), 2, "{calls:?}");
}

#[test]
fn a_generic_types_parameters_are_what_the_value_was_written_with() {
    // tokio's `io: PollEvented<mio::net::UdpSocket>` derefs to the socket;
    // a field or method typed `T` is the argument the value's declaration
    // wrote. `Socket::send` and `Other::send` are the decoys a name-only
    // guess would pick among; `(*self.io).name()` is the socket's, not
    // the wrapper's own `name`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::ops::Deref;
         use std::pin::Pin;
         pub struct Socket;
         impl Socket { pub fn send(&self) {} pub fn name(&self) {} }
         pub struct Other;
         impl Other { pub fn send(&self) {} pub fn poll(&mut self) {} }
         pub struct Evented<E> { io: Option<E> }
         impl<E> Evented<E> { pub fn name(&self) {} }
         impl<E> Deref for Evented<E> { type Target = E; fn deref(&self) -> &E { self.io.as_ref().unwrap() } }
         pub struct Cell<'a, K, T> { key: &'a K, value: T }
         impl<'a, K, T> Cell<'a, K, T> { pub fn get(&self) -> &T { &self.value } }
         pub struct Udp { io: Evented<Socket>, cell: Cell<'static, u8, Other>, fut: Other }
         impl Udp {
             pub fn go(&mut self) {
                 self.io.send();
                 (*self.io).name();
                 self.cell.value.send();
                 self.cell.get().send();
                 Pin::new(&mut self.fut).poll();
             }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("Udp::go"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Udp::go -> krate::Socket::send method
             calls krate::Udp::go -> krate::Socket::name method
             calls krate::Udp::go -> krate::Other::send method
             calls krate::Udp::go -> krate::Cell::get method
             calls krate::Udp::go -> krate::Other::poll method
             calls krate::Udp::go -> std::pin::Pin::new exact"
        )
    );
}

#[test]
fn a_closures_parameters_are_typed_by_the_fn_it_is_passed_to() {
    // tokio's `context::budget(|cell| cell.set(..))` and `slot.with_mut(|ptr|
    // (*ptr).take())`: the callee's `impl FnOnce(..)`, `F: FnMut(..)` bound
    // or `&dyn Fn(..)` types the closure's parameters. `Other` is the
    // decoy a name-only guess would add.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Budget;
         impl Budget { pub fn spend(&self) {} }
         pub struct Waker;
         impl Waker { pub fn take(&mut self) {} pub fn wake(&self) {} }
         pub struct Other;
         impl Other { pub fn spend(&self) {} pub fn take(&mut self) {} pub fn wake(&self) {} }
         pub fn budget<R>(f: impl FnOnce(&Budget) -> R) -> R { f(&Budget) }
         pub fn each<F>(mut f: F) where F: FnMut(u8, &Waker) { let _ = &mut f; }
         pub fn with_dyn(f: &dyn Fn(&Waker)) { let _ = f; }
         pub struct Slot<T> { value: *mut T }
         impl<T> Slot<T> { pub fn with_mut<R>(&self, f: impl FnOnce(*mut T) -> R) -> R { f(self.value) } }
         pub struct Task { waker: Slot<Waker> }
         impl Task {
             pub fn go(&self) {
                 budget(|cell| cell.spend());
                 each(|_, w| w.wake());
                 with_dyn(&|w| w.wake());
                 self.waker.with_mut(|ptr| unsafe { (*ptr).take() });
             }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("Task::go"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Task::go -> krate::budget exact
             calls krate::Task::go -> krate::each exact
             calls krate::Task::go -> krate::with_dyn exact
             calls krate::Task::go -> krate::Slot::with_mut method
             calls krate::Task::go -> krate::Budget::spend method
             calls krate::Task::go -> krate::Waker::wake method
             calls krate::Task::go -> krate::Waker::take method"
        )
    );
}

#[test]
fn guards_pins_and_non_null_pointers_reach_the_value_they_hold() {
    // tokio's `self.waiters.lock()` of its own `Mutex<T>` returning std's
    // `MutexGuard<'_, T>` (the lifetime first), `self.delay.as_mut()` of a
    // `Pin<Box<Sleep>>` and `entry.as_ref()` of a `NonNull<Entry>`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::pin::Pin;
         use std::ptr::NonNull;
         use std::sync::MutexGuard;
         pub struct Mutex<T>(std::sync::Mutex<T>);
         impl<T> Mutex<T> { pub fn lock(&self) -> MutexGuard<'_, T> { self.0.lock().unwrap() } }
         pub struct Waiters { list: List }
         pub struct List;
         impl List { pub fn remove(&mut self) {} }
         pub struct Sleep;
         impl Sleep { pub fn reset(self: Pin<&mut Self>) {} }
         pub struct Entry;
         impl Entry { pub fn handle(&self) {} }
         pub struct Other;
         impl Other { pub fn remove(&mut self) {} pub fn reset(&self) {} pub fn handle(&self) {} }
         pub struct Io { waiters: Mutex<Waiters>, delay: Pin<Box<Sleep>>, entry: NonNull<Entry> }
         impl Io {
             pub fn go(&mut self) {
                 let mut waiters = self.waiters.lock();
                 waiters.list.remove();
                 self.delay.as_mut().reset();
                 unsafe { self.entry.as_ref().handle() };
             }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("Io::go"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Io::go -> krate::Mutex::lock method
             calls krate::Io::go -> krate::List::remove method
             calls krate::Io::go -> std::pin::Pin::as_mut method
             calls krate::Io::go -> krate::Sleep::reset method
             calls krate::Io::go -> std::ptr::NonNull::as_ref method
             calls krate::Io::go -> krate::Entry::handle method"
        )
    );
}

#[test]
fn conversion_bounds_say_what_as_ref_borrow_and_into_give() {
    // `path.as_ref().to_owned()` with `path: impl AsRef<Path>`: the
    // bound's argument is what the conversion gives. `Other` is the decoy.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::borrow::Borrow;
         pub struct Config;
         impl Config { pub fn validate(&self) {} }
         pub struct Key;
         impl Key { pub fn digest(&self) {} }
         pub struct Other;
         impl Other { pub fn validate(&self) {} pub fn digest(&self) {} }
         pub fn load<P: AsRef<Config>>(p: P) { p.as_ref().validate(); }
         pub fn find(k: impl Borrow<Key>) { k.borrow().digest(); }
         pub fn make<T>(t: T) where T: Into<Config> { t.into().validate(); }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("validate") || call.contains("digest"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::load -> krate::Config::validate method
             calls krate::find -> krate::Key::digest method
             calls krate::make -> krate::Config::validate method"
        )
    );
}

#[test]
fn some_and_ok_hold_what_they_were_given() {
    // tokio's `let mut lock = Some(waiters);` then
    // `lock.take().unwrap_or_else(..).queue`: the `Some` holds the guard.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Waiters;
         impl Waiters { pub fn wake_all(&self) {} }
         pub struct Other;
         impl Other { pub fn wake_all(&self) {} }
         pub fn release(waiters: Waiters) -> Result<(), ()> {
             let mut lock = Some(waiters);
             lock.take().unwrap().wake_all();
             let done: Result<Waiters, ()> = Ok(Waiters);
             let again = Ok::<_, ()>(Waiters);
             again?.wake_all();
             drop(done);
             Ok(())
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("wake_all"))
        .collect();
    assert_eq!(
        calls,
        expect("calls krate::release -> krate::Waiters::wake_all method")
    );
}

#[test]
fn a_thread_local_is_a_local_key_whose_closure_gets_the_value() {
    // tokio's `CONTEXT.try_with(|ctx| ctx.budget.get())`: std's expansion
    // makes `CONTEXT` a `LocalKey<Context>`; the decoy `Key::try_with` is
    // what a name-only guess used to pick.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Context;
         impl Context { pub fn budget(&self) {} }
         pub struct Other;
         impl Other { pub fn budget(&self) {} }
         pub struct Key;
         impl Key { pub fn try_with(&self) {} }
         thread_local! {
             static CONTEXT: Context = const { Context }
         }
         pub fn spend() {
             let _ = CONTEXT.try_with(|ctx| ctx.budget());
             CONTEXT.with(|ctx| ctx.budget());
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("krate::spend"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::spend -> std::thread::LocalKey::try_with method
             calls krate::spend -> std::thread::LocalKey::with method
             calls krate::spend -> krate::Context::budget method"
        )
    );
}

#[test]
fn a_call_on_self_is_the_own_impls_among_impls_for_other_type_arguments() {
    // aho-corasick's `impl Slim<V, 1>` beside `impl Slim<V, 2>`: each
    // defines `find_one`, and `self.find_one()`/`Self::find_one()` in one
    // impl is that impl's (two inherent impls may not both define a name
    // for one type). A trait impl's `Self::from(..)` may be another impl's:
    // the one whose `From<A>` the argument (`b as u8`) is.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Slim<const N: usize>;
impl Slim<1> { pub fn find(&self) { self.find_one(); } fn find_one(&self) {} }
impl Slim<2> { pub fn find(&self) { Self::find_one(self); } fn find_one(&self) {} }
pub struct T;
impl From<u8> for T { fn from(_: u8) -> T { T } }
impl From<bool> for T { fn from(b: bool) -> T { Self::from(b as u8) } }",
    )]);
    let calls = calls_by_line(&outcome, |n| &n.name);
    assert_eq!(
        calls,
        expect(
            "find@2 -> find_one@2 method
             find@3 -> find_one@3 exact
             from@6 -> from@5 method"
        )
    );
}

#[test]
fn an_inherent_impl_is_never_an_extension_of_an_external_type() {
    // parking_lot_core: a wasm-only `struct TimeoutInstant` with an
    // inherent `now`, beside `use std::time::Instant as TimeoutInstant`
    // for other targets. The impl is the struct's; `Instant::now()`
    // elsewhere stays std's.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod wasm {
             #[cfg(target_family = \"wasm\")]
             pub struct TimeoutInstant;
             #[cfg(not(target_family = \"wasm\"))]
             pub use std::time::Instant as TimeoutInstant;
             impl TimeoutInstant { pub fn now() -> TimeoutInstant { TimeoutInstant } }
         }
         pub fn elsewhere() { let _ = std::time::Instant::now(); }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("elsewhere"))
        .collect();
    assert_eq!(
        calls,
        expect("calls krate::elsewhere -> std::time::Instant::now exact")
    );
}

#[test]
fn awaiting_a_call_gives_the_async_fns_return_or_the_futures_output() {
    // tokio's `match self.reserve().await { Ok(permit) => permit.send(v) }`.
    // Decoys of each name keep a name-only guess from being right.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::future::Future;
         use std::pin::Pin;
         use std::task::{Context, Poll};
         pub struct Permit;
         impl Permit { pub fn send(&self) {} }
         pub struct Out;
         impl Out { pub fn finish(&self) {} }
         pub struct Decoy;
         impl Decoy { pub fn send(&self) {} pub fn finish(&self) {} }
         pub struct Sleep;
         impl Future for Sleep {
             type Output = Out;
             fn poll(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Out> { Poll::Ready(Out) }
         }
         pub struct Sender;
         impl Sender {
             async fn reserve(&self) -> Result<Permit, ()> { Ok(Permit) }
             fn sleep(&self) -> Sleep { Sleep }
             pub async fn run(&self) -> Result<(), ()> {
                 match self.reserve().await { Ok(permit) => permit.send(), Err(_) => {} }
                 self.reserve().await?.send();
                 let out = self.sleep().await;
                 out.finish();
                 let held = Sleep;
                 held.await.finish();
                 Ok(())
             }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("Sender::run"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Sender::run -> krate::Sender::reserve method
             calls krate::Sender::run -> krate::Sender::sleep method
             calls krate::Sender::run -> krate::Permit::send method
             calls krate::Sender::run -> krate::Out::finish method"
        )
    );
    // Each of the four calls resolved, not only one of a name.
    let left: Vec<String> = unresolved(&outcome)
        .into_iter()
        .filter(|u| u.contains("send") || u.contains("finish"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn std_holders_methods_that_give_the_held_value_are_typed_by_it() {
    // tokio's `let mut budget = cell.get(); budget.decrement()` and
    // `(*waiter.get()).waker`: `Cell::get` is the `T`, `UnsafeCell::get`
    // a pointer to it. Decoys of each name keep a name-only guess wrong.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::cell::{Cell, UnsafeCell};
         use std::mem::MaybeUninit;
         #[derive(Clone, Copy)]
         pub struct Budget;
         impl Budget { pub fn decrement(&mut self) {} }
         pub struct Waiter;
         impl Waiter { pub fn notify(&self) {} }
         pub struct Node;
         impl Node { pub fn visit(&self) {} }
         pub struct Item;
         impl Item { pub fn run(&self) {} }
         pub struct Decoy;
         impl Decoy {
             pub fn decrement(&mut self) {}
             pub fn notify(&self) {}
             pub fn visit(&self) {}
             pub fn run(&self) {}
         }
         pub struct State { budget: Cell<Budget>, waiter: UnsafeCell<Waiter> }
         impl State {
             pub fn spend(&self, slot: MaybeUninit<Node>, mut items: Vec<Item>) {
                 let mut budget = self.budget.get();
                 budget.decrement();
                 unsafe { (*self.waiter.get()).notify() };
                 unsafe { slot.assume_init() }.visit();
                 items.remove(0).run();
             }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("State::spend"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::State::spend -> krate::Budget::decrement method
             calls krate::State::spend -> krate::Waiter::notify method
             calls krate::State::spend -> krate::Node::visit method
             calls krate::State::spend -> krate::Item::run method
             calls krate::State::spend -> std::cell::Cell::get method
             calls krate::State::spend -> std::cell::UnsafeCell::get method
             calls krate::State::spend -> std::mem::MaybeUninit::assume_init method
             calls krate::State::spend -> alloc::vec::Vec::remove method"
        )
    );
}

#[test]
fn a_name_only_one_traits_declaration_and_impls_have_is_that_traits_method() {
    // aho-corasick's `trait Usize { fn as_u8(self) -> u8; }` with `impl
    // Usize for usize`: `x.as_u8()` of an unknown `x` calls the trait's
    // method, whichever impl; a name two traits have stays a guess.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Usize { fn as_u8(self) -> u8; }
         impl Usize for usize { fn as_u8(self) -> u8 { self as u8 } }
         impl Usize for u64 { fn as_u8(self) -> u8 { self as u8 } }
         pub trait Left { fn side(&self); }
         pub trait Right { fn side(&self); }
         pub fn narrow(values: &[usize]) {
             for x in values.iter().map(|v| *v + 1) { x.as_u8(); }
             let s = make();
             s.side();
         }
         fn make() -> () {}",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("krate::narrow -> krate::") && !call.contains("make"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::narrow -> krate::Usize::as_u8 heuristic
             calls krate::narrow -> krate::Left::side heuristic
             calls krate::narrow -> krate::Right::side heuristic"
        )
    );
}

#[test]
fn a_double_deref_of_self_is_the_types_deref_target() {
    // bytes' `impl PartialOrd<Vec<u8>> for BytesMut { .. (**self).partial_cmp(..) }`:
    // `*self` is the `BytesMut`, `**self` the `[u8]` it derefs to.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::ops::Deref;
         pub struct Inner;
         impl Inner { pub fn measure(&self) {} }
         pub struct Wrapper(Inner);
         impl Deref for Wrapper { type Target = Inner; fn deref(&self) -> &Inner { &self.0 } }
         impl Wrapper {
             pub fn measure(&self) {}
             pub fn through(&self) { (**self).measure(); }
             pub fn own(&self) { (*self).measure(); }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("::through") || call.contains("::own"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Wrapper::through -> krate::Inner::measure method
             calls krate::Wrapper::own -> krate::Wrapper::measure method"
        )
    );
}

#[test]
fn const_and_mut_raw_pointers_call_their_own_extension_impls() {
    // memchr's `impl<T> Pointer for *const T` beside `… for *mut T`: a
    // `*const u8` never calls the `*mut` impl (no receiver coercion).
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Pointer { fn distance(self, origin: Self) -> usize; }
         impl<T> Pointer for *const T { fn distance(self, origin: Self) -> usize { 0 } }
         impl<T> Pointer for *mut T { fn distance(self, origin: Self) -> usize { 0 } }
         pub fn reading(start: *const u8, end: *const u8) -> usize { end.distance(start) }
         pub fn writing(start: *mut u8, end: *mut u8) -> usize { end.distance(start) }
         pub fn from_a_vec(v: &mut Vec<u8>) -> usize {
             let p = v.as_mut_ptr();
             p.distance(p)
         }
         pub fn from_a_slice(s: &[u8]) -> bool { s.as_ptr().is_null() }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| !call.contains("as_ptr") && !call.contains("as_mut_ptr"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::from_a_slice -> pointer::is_null method
             calls krate::from_a_vec -> krate::<impl Pointer for *mut T>::distance method
             calls krate::reading -> krate::<impl Pointer for *const T>::distance method
             calls krate::writing -> krate::<impl Pointer for *mut T>::distance method"
        )
    );
}

#[test]
fn an_err_binding_is_the_results_error_type() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::io;
         pub struct ParseError;
         impl ParseError { pub fn line(&self) -> u32 { 0 } }
         pub struct Other;
         impl Other { pub fn line(&self) -> u32 { 0 } pub fn kind(&self) {} }
         pub type Fallible<T> = std::result::Result<T, ParseError>;
         pub fn parse() -> Result<u8, ParseError> { Ok(0) }
         pub fn parse_aliased() -> Fallible<u8> { Ok(0) }
         pub fn read() -> io::Result<usize> { Ok(0) }
         pub fn by_pattern() {
             match parse() { Ok(_) => {}, Err(e) => { e.line(); } }
             match read() { Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}, _ => {} }
         }
         pub fn through_an_alias() { if let Err(e) = parse_aliased() { e.line(); } }
         pub fn poll_read() -> std::task::Poll<io::Result<usize>> { std::task::Poll::Pending }
         pub fn by_poll() {
             if let std::task::Poll::Ready(Err(e)) = poll_read() { e.raw_os_error(); }
         }
         pub fn by_ready() -> std::task::Poll<()> {
             if let Err(e) = std::task::ready!(poll_read()) { e.into_inner(); }
             std::task::Poll::Ready(())
         }
         pub fn by_closure() -> Result<u8, u32> {
             parse().map_err(|e| e.line())
         }
         pub fn by_unwrap_err() { parse().unwrap_err().line(); }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| {
            ["::line", "kind", "raw_os_error", "into_inner"]
                .iter()
                .any(|name| call.contains(name))
        })
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::by_closure -> krate::ParseError::line method
             calls krate::by_pattern -> krate::ParseError::line method
             calls krate::by_pattern -> std::io::Error::kind method
             calls krate::by_poll -> std::io::Error::raw_os_error method
             calls krate::by_ready -> std::io::Error::into_inner method
             calls krate::by_unwrap_err -> krate::ParseError::line method
             calls krate::through_an_alias -> krate::ParseError::line method"
        )
    );
}

#[test]
fn a_generic_alias_gives_the_type_arguments_its_target_was_written_with() {
    // tokio's `lists: Arc<Lists<T>>` with `type Lists<T> = Mutex<ListsInner<T>>`:
    // `self.lists.lock()` is a guard of a `ListsInner`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::sync::{Arc, MutexGuard};
         pub struct Mutex<T>(std::sync::Mutex<T>);
         impl<T> Mutex<T> {
             pub fn lock(&self) -> MutexGuard<'_, T> { self.0.lock().unwrap() }
         }
         pub struct List;
         impl List { pub fn push_front(&mut self) {} }
         pub struct Queue;
         impl Queue { pub fn push_front(&mut self) {} }
         pub struct ListsInner<T> { idle: List, _t: T }
         type Lists<T> = Mutex<ListsInner<T>>;
         pub struct Set<T> { lists: Arc<Lists<T>> }
         impl<T> Set<T> {
             pub fn insert_idle(&self) {
                 let mut lock = self.lists.lock();
                 lock.idle.push_front();
             }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.contains("push_front"))
        .collect();
    assert_eq!(
        calls,
        expect("calls krate::Set::insert_idle -> krate::List::push_front method")
    );
}

#[test]
fn a_field_is_found_through_the_bases_deref() {
    // `self.inner.back` with `inner: Arc<Pad<Inner>>`: `Pad` has no field
    // `back`, what it derefs to does (a type parameter's argument, or a
    // concrete `Target`), so `load` is the atomic's and `i` an `isize`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::sync::atomic::{AtomicIsize, Ordering};
         use std::sync::Arc;
         use std::ops::Deref;
         pub struct Pad<T> { value: T }
         impl<T> Deref for Pad<T> { type Target = T; fn deref(&self) -> &T { &self.value } }
         pub struct Inner { back: AtomicIsize }
         pub struct Wrap { inner: Inner }
         impl Deref for Wrap { type Target = Inner; fn deref(&self) -> &Inner { &self.inner } }
         pub struct Worker { inner: Arc<Pad<Inner>>, wrap: Wrap }
         impl Worker {
             pub fn go(&self) { let b = self.inner.back.load(Ordering::Relaxed); let i = b; i.wrapping_add(1); }
             pub fn wrapped(&self) { self.wrap.back.store(0, Ordering::Relaxed); }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls])
            .into_iter()
            .filter(|e| !e.contains("deref"))
            .collect::<Vec<_>>(),
        expect(
            "calls krate::Worker::go -> isize::wrapping_add method
             calls krate::Worker::go -> std::sync::atomic::AtomicIsize::load method
             calls krate::Worker::wrapped -> std::sync::atomic::AtomicIsize::store method"
        )
    );
}

#[test]
fn a_smart_pointer_impls_self_as_ref_is_its_bounded_pointee() {
    // tracing-core's `impl<S: Subscriber + ?Sized> Subscriber for Box<S>`
    // forwards with `self.as_ref().m()`, as `(**self).m()` does.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::sync::Arc;
         pub trait Sub { fn reg(&self) -> u8; fn other(&self) -> u8; }
         pub struct A; pub struct B; pub struct C; pub struct D;
         impl Sub for A { fn reg(&self) -> u8 { 0 } fn other(&self) -> u8 { 0 } }
         impl Sub for B { fn reg(&self) -> u8 { 0 } fn other(&self) -> u8 { 0 } }
         impl Sub for C { fn reg(&self) -> u8 { 0 } fn other(&self) -> u8 { 0 } }
         impl Sub for D { fn reg(&self) -> u8 { 0 } fn other(&self) -> u8 { 0 } }
         impl<S> Sub for Box<S> where S: Sub + ?Sized {
             fn reg(&self) -> u8 { self.as_ref().reg() }
             fn other(&self) -> u8 { (**self).other() }
         }
         impl<S: Sub + ?Sized> Sub for Arc<S> {
             fn reg(&self) -> u8 { self.as_ref().reg() }
             fn other(&self) -> u8 { self.deref().other() }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls])
            .into_iter()
            .filter(|e| e.contains("krate::Sub::"))
            .collect::<Vec<_>>(),
        expect(
            "calls krate::<impl Sub for Arc<S>>::other -> krate::Sub::other method
             calls krate::<impl Sub for Arc<S>>::reg -> krate::Sub::reg method
             calls krate::<impl Sub for Box<S>>::other -> krate::Sub::other method
             calls krate::<impl Sub for Box<S>>::reg -> krate::Sub::reg method"
        )
    );
}

#[test]
fn an_unchecked_element_of_an_array_field_behind_a_raw_pointer_is_typed() {
    // crossbeam-deque's `let slot = (*this).slots.get_unchecked(i);` then
    // `slot.state.load(..)`: six steps from `this` to the atomic.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::sync::atomic::{AtomicUsize, Ordering};
         pub struct Slot { state: AtomicUsize }
         pub struct Block { slots: [Slot; 4] }
         impl Block {
             pub unsafe fn destroy(this: *mut Block) {
                 let slot = (*this).slots.get_unchecked(1);
                 slot.state.load(Ordering::Acquire);
             }
             pub fn plain(&self, v: Vec<Slot>) {
                 unsafe { v.get_unchecked(0).state.fetch_or(1, Ordering::Acquire) };
             }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::Block::destroy -> slice::get_unchecked method
             calls krate::Block::destroy -> std::sync::atomic::AtomicUsize::load method
             calls krate::Block::plain -> alloc::vec::Vec::get_unchecked method
             calls krate::Block::plain -> std::sync::atomic::AtomicUsize::fetch_or method"
        )
    );
}

#[test]
fn mem_take_replace_and_ptr_read_give_what_their_place_holds() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::{mem, ptr};
         pub struct Buf; impl Buf { pub fn flush(&self) {} pub fn seal(&self) {} pub fn peek(&self) {} }
         pub struct Writer { buf: Buf }
         impl Writer {
             pub fn take(&mut self) { mem::take(&mut self.buf).flush(); }
             pub fn swap(&mut self) { mem::replace(&mut self.buf, Buf).seal(); }
             pub unsafe fn read(p: *const Buf) { ptr::read(p).peek(); }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls])
            .into_iter()
            .filter(|e| e.contains("krate::Buf::"))
            .collect::<Vec<_>>(),
        expect(
            "calls krate::Writer::read -> krate::Buf::peek method
             calls krate::Writer::swap -> krate::Buf::seal method
             calls krate::Writer::take -> krate::Buf::flush method"
        )
    );
}

#[test]
fn a_path_through_a_module_that_globs_std_names_stds_item() {
    // serde's facade: `mod lib { mod core { pub use std::*; } pub use
    // self::core::fmt; }`, with the glob written as cfg twins.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod lib {
             mod core {
                 #[cfg(not(feature = \"std\"))]
                 pub use core::*;
                 #[cfg(feature = \"std\")]
                 pub use std::*;
             }
             pub use self::core::fmt::{self, Debug};
             pub use self::core::cell::Cell;
             pub use std::*;
         }
         use crate::lib::*;
         pub trait Ser { fn ser(&self); }
         pub fn f(x: &mut fmt::Formatter) { x.write_str(\"a\"); }
         impl Ser for Cell<u8> { fn ser(&self) { self.get(); } }
         pub fn v() -> Vec<u8> { Vec::new() }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::<impl Ser for Cell<u8>>::ser -> core::cell::Cell::get method
             calls krate::f -> core::fmt::Formatter::write_str method
             calls krate::v -> alloc::vec::Vec::new exact"
        )
    );
}

#[test]
fn an_extension_trait_on_a_std_type_is_found_whatever_path_names_the_type() {
    // rayon: `impl IntoParallelIterator for Range<u32>` written with `use
    // std::ops::Range` is what `(0..10).into_par_iter()` (core's `Range`)
    // calls; `impl ParallelSlice<T> for [T]` leaves `par_chunk_by` to the
    // trait, and a `Vec` reaches it through its deref to a slice.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::ops::Range;
         pub trait IntoParallelIterator { fn into_par_iter(self); }
         impl IntoParallelIterator for Range<u32> { fn into_par_iter(self) {} }
         pub trait ParallelSlice<T> { fn as_parallel_slice(&self) -> &[T]; fn par_chunk_by(&self) {} }
         impl<T> ParallelSlice<T> for [T] { fn as_parallel_slice(&self) -> &[T] { self } }
         pub trait ParallelString { fn par_chars(&self); }
         impl ParallelString for str { fn par_chars(&self) {} }
         pub fn f(v: Vec<u32>, s: String) { (0..10).into_par_iter(); v.par_chunk_by(); s.par_chars(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::f -> krate::<impl IntoParallelIterator for Range<u32>>::into_par_iter method
             calls krate::f -> krate::<impl ParallelString for str>::par_chars method
             calls krate::f -> krate::ParallelSlice::par_chunk_by method"
        )
    );
}

#[test]
fn a_blanket_impl_for_every_type_gives_std_values_its_methods() {
    // rayon's `impl<I: ?Sized> IntoParallelRefIterator for I where &I:
    // IntoParallelIterator`: `v.par_iter()` on a `Vec` is that impl's
    // method, not a `Vec::par_iter` std lacks. Out of scope, it is not.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub mod iter {
             pub trait IntoParallelIterator { fn into_par_iter(self); }
             impl<'a, T> IntoParallelIterator for &'a Vec<T> { fn into_par_iter(self) {} }
             pub trait IntoParallelRefIterator<'data> { fn par_iter(&'data self); }
             impl<'data, I: 'data + ?Sized> IntoParallelRefIterator<'data> for I
             where &'data I: IntoParallelIterator { fn par_iter(&'data self) {} }
         }
         pub mod uses {
             use crate::iter::IntoParallelRefIterator;
             pub fn f(v: Vec<u32>) { v.par_iter(); }
         }
         pub fn g(v: Vec<u32>) { v.par_iter(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::g -> alloc::vec::Vec::par_iter method
             calls krate::uses::f -> krate::iter::<impl IntoParallelRefIterator<'data> for I>::par_iter method"
        )
    );
}

#[test]
fn self_assoc_in_a_trait_impl_for_a_std_type_is_the_impls_own_type() {
    // `fn into_par_iter(self) -> Self::Iter` in `impl .. for Range<u32>`
    // with `type Iter = Iter<u32>`: the chain goes on with rayon's `Iter`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::ops::Range;
         pub trait ParallelIterator { fn map(self) {} fn for_each(self); }
         pub struct Iter<T> { r: Range<T> }
         impl<T> ParallelIterator for Iter<T> { fn for_each(self) {} }
         pub trait IntoParallelIterator { type Iter; fn into_par_iter(self) -> Self::Iter; }
         impl IntoParallelIterator for Range<u32> {
             type Iter = Iter<u32>;
             fn into_par_iter(self) -> Self::Iter { Iter { r: self } }
         }
         pub fn f() { (0..10).into_par_iter().map(); let it = (0..5).into_par_iter(); it.for_each(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::f -> krate::<impl IntoParallelIterator for Range<u32>>::into_par_iter method
             calls krate::f -> krate::Iter::for_each method
             calls krate::f -> krate::ParallelIterator::map method"
        )
    );
}

#[test]
fn an_associated_type_known_by_its_bounds_types_a_chain() {
    // rayon: `par_iter()` returns `Self::Iter`, which the blanket impl
    // sets to `<&I as IntoParallelIterator>::Iter`, declared `type Iter:
    // ParallelIterator`; so does a bound `T: IntoParallelIterator`'s.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait ParallelIterator { fn map(self) {} }
         pub trait IntoParallelIterator { type Iter: ParallelIterator; fn into_par_iter(self) -> Self::Iter; }
         pub trait IntoParallelRefIterator<'data> { type Iter: ParallelIterator; fn par_iter(&'data self) -> Self::Iter; }
         impl<'data, I: 'data + ?Sized> IntoParallelRefIterator<'data> for I where &'data I: IntoParallelIterator {
             type Iter = <&'data I as IntoParallelIterator>::Iter;
             fn par_iter(&'data self) -> Self::Iter { loop {} }
         }
         pub fn f(v: Vec<u32>) { v.par_iter().map(); }
         pub fn g<T: IntoParallelIterator>(t: T) { t.into_par_iter().map(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::f -> krate::<impl IntoParallelRefIterator<'data> for I>::par_iter method
             calls krate::f -> krate::ParallelIterator::map method
             calls krate::g -> krate::IntoParallelIterator::into_par_iter method
             calls krate::g -> krate::ParallelIterator::map method"
        )
    );
}

#[test]
fn a_value_wrapped_in_manually_drop_keeps_its_methods() {
    // allocator-api2's `let me = ManuallyDrop::new(self); me.len()`:
    // `ManuallyDrop` has no methods of its own, so the call is `V`'s.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use core::mem::ManuallyDrop;
         pub struct V { n: usize }
         impl V { pub fn len(&self) -> usize { self.n } }
         pub fn f(v: V) { let me = ManuallyDrop::new(v); me.len(); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::f -> core::mem::ManuallyDrop::new exact
             calls krate::f -> krate::V::len method"
        )
    );
}

#[test]
fn an_iterator_known_by_its_bounds_yields_its_item_type() {
    // clap: `fn get_subcommands(&self) -> impl Iterator<Item = &Self>`,
    // then `.filter(|c| !c.is_hide_set())`; a boxed `dyn Iterator<Item =
    // &Arg>` in a `for` loop. Both types have an `is_hide_set`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Arg; pub struct Command { subs: Vec<Command>, args: Vec<Arg> }
         impl Arg { pub fn is_hide_set(&self) -> bool { true } }
         impl Command {
             pub fn is_hide_set(&self) -> bool { true }
             pub fn get_subcommands(&self) -> impl Iterator<Item = &Self> { self.subs.iter() }
             pub fn get_arguments(&self) -> Box<dyn Iterator<Item = &Arg> + '_> { Box::new(self.args.iter()) }
         }
         pub fn shown(cmd: &Command) { cmd.get_subcommands().filter(|c| !c.is_hide_set()).count(); }
         pub fn args(cmd: &Command) { for a in cmd.get_arguments() { a.is_hide_set(); } }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("is_hide_set"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::args -> krate::Arg::is_hide_set method
             calls krate::shown -> krate::Command::is_hide_set method"
        )
    );
}

#[test]
fn an_index_expression_is_its_index_impls_output() {
    // clap's `self.cmd[id].is_hide_set()` with `impl Index<&Id> for
    // Command { type Output = Arg; }`: `Arg`'s method, not `Command`'s.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::ops::Index;
         pub struct Id; pub struct Arg; pub struct Command { args: Vec<Arg> }
         impl Arg { pub fn is_hide_set(&self) -> bool { true } }
         impl Command { pub fn is_hide_set(&self) -> bool { true } }
         impl Index<&'_ Id> for Command { type Output = Arg; fn index(&self, key: &Id) -> &Self::Output { &self.args[0] } }
         pub struct P { cmd: Command }
         impl P { pub fn f(&self, id: &Id) { self.cmd[id].is_hide_set(); } }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect("calls krate::P::f -> krate::Arg::is_hide_set method")
    );
}

#[test]
fn a_value_known_by_a_trait_reaches_the_methods_of_traits_extending_it() {
    // rayon: `a.par_iter().with_max_len(n)`, where `par_iter` gives a
    // `ParallelIterator` and `with_max_len` is `IndexedParallelIterator`'s
    // (`: ParallelIterator`); `Other` has one too but does not extend it.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait ParallelIterator { fn map(self) -> Self where Self: Sized { self } }
         pub trait IndexedParallelIterator: ParallelIterator { fn with_max_len(self, n: usize) -> Self where Self: Sized { self } }
         pub trait Other { fn with_max_len(self, n: usize); }
         pub fn f(it: impl ParallelIterator) { it.map().with_max_len(3); }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::f -> krate::IndexedParallelIterator::with_max_len method
             calls krate::f -> krate::ParallelIterator::map method"
        )
    );
}

#[test]
fn a_renamed_result_alias_holds_its_first_type_argument() {
    // clap: `use crate::error::Result as ClapResult;` and a builder chain
    // ending in `try_get_matches_from(..) -> ClapResult<ArgMatches>`,
    // then `.unwrap().indices_of("a").expect(..)`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod error { pub struct Error; pub type Result<T, E = Error> = std::result::Result<T, E>; }
         use crate::error::Result as ClapResult;
         pub struct Command; pub struct ArgMatches; pub struct Indices;
         impl Command {
             pub fn new(s: &str) -> Self { Command }
             pub fn flag(self, s: &str) -> Self { self }
             pub fn try_get_matches_from(self, args: Vec<&str>) -> ClapResult<ArgMatches> { Ok(ArgMatches) }
         }
         impl ArgMatches { pub fn indices_of(&self, id: &str) -> Option<Indices> { None } }
         pub fn run() {
             let matches = Command::new(\"p\").flag(\"a\").try_get_matches_from(vec![\"p\"]).unwrap();
             matches.indices_of(\"a\").expect(\"present\");
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::run -> krate::ArgMatches::indices_of method",
            "calls krate::run -> core::option::Option::expect method",
        ],
    );
}

#[test]
fn into_on_an_unknown_value_and_max_on_an_integer_are_std_trait_methods() {
    // `names.into_iter().map(|s| s.into())` with `impl Into<Str>` items:
    // whatever `s` is, `into()` is std's blanket `Into::into`. Integers
    // have no `max` of their own: it is `Ord::max`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Str; pub struct Arg { v: Vec<Str> }
         impl Arg {
             pub fn value_names(mut self, names: impl IntoIterator<Item = impl Into<Str>>) -> Self {
                 self.v = names.into_iter().map(|s| s.into()).collect();
                 self
             }
             pub fn widest(longest: usize, w: usize) -> usize { longest.max(w) }
             pub fn wide(n: usize) -> u64 { n.try_into().unwrap() }
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::Arg::value_names -> core::convert::Into::into method",
            "calls krate::Arg::widest -> core::cmp::Ord::max method",
            "calls krate::Arg::wide -> core::convert::TryInto::try_into method",
        ],
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn std_iterators_have_their_own_methods_besides_iterators() {
    // `v.iter().peekable()` then `it.peek()`, `s.chars()` then
    // `c.as_str()`, `.rfold(..)` of a double-ended one.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub fn f(v: Vec<u8>, s: &str) -> usize {
             let mut it = v.iter().peekable();
             it.peek();
             let mut c = s.chars();
             c.as_str();
             v.iter().rfold(0, |a, b| a + *b as usize)
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::f -> core::iter::Peekable::peek method",
            "calls krate::f -> core::str::Chars::as_str method",
            "calls krate::f -> core::iter::DoubleEndedIterator::rfold method",
        ],
    );
    assert_eq!(unresolved(&outcome), Vec::<String>::new());
}

#[test]
fn a_tuple_held_in_a_collection_types_the_patterns_that_take_it_apart() {
    // clap: `aliases: Vec<(Str, bool)>`, then `.iter().map(|(s, _)|
    // s.as_str())`, `for (s, v) in &self.aliases`, and an `Option<(K, V)>`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Str; impl Str { pub fn as_str(&self) -> &str { \"\" } }
         pub struct Arg { aliases: Vec<(Str, bool)>, one: Option<(Str, u8)> }
         impl Arg {
             pub fn get(&self) -> Vec<&str> { self.aliases.iter().map(|(s, _)| s.as_str()).collect() }
             pub fn each(&self) { for (s, v) in &self.aliases { s.as_str(); } }
             pub fn opt(&self) { if let Some((s, n)) = &self.one { s.as_str(); } }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("as_str"))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::Arg::each -> krate::Str::as_str method
             calls krate::Arg::get -> krate::Str::as_str method
             calls krate::Arg::opt -> krate::Str::as_str method"
        )
    );
}

#[test]
fn iterator_elements_are_typed_through_nested_fields_and_find() {
    // clap: `self.subcommands[idx].args.args().any(|ar| ar.get_id() ..)`
    // (five guesses deep), and `.find(..).map(|sc| sc.get_name())`, where
    // `find` gives the iterator's element. `Other` has both names too.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Arg; impl Arg { pub fn get_id(&self) -> u8 { 0 } pub fn get_name(&self) {} }
         pub struct MKeyMap { args: Vec<Arg> }
         impl MKeyMap { pub fn args(&self) -> impl Iterator<Item = &Arg> { self.args.iter() } }
         pub struct Other; impl Other { pub fn get_id(&self) -> u8 { 1 } pub fn get_name(&self) {} }
         pub struct Command { args: MKeyMap, subcommands: Vec<Command> }
         impl Command {
             pub fn get_name(&self) {}
             pub fn get_subcommands(&self) -> impl Iterator<Item = &Command> { self.subcommands.iter() }
             pub fn f(&self) { for idx in 0..self.subcommands.len() { self.subcommands[idx].args.args().any(|ar| ar.get_id() == 1); } }
             pub fn g(&self) { self.get_subcommands().find(|sc| true).map(|sc| sc.get_name()); }
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::Command::f -> krate::Arg::get_id method",
            "calls krate::Command::g -> krate::Command::get_name method",
        ],
    );
}

#[test]
fn a_field_of_a_value_in_manually_drop_is_the_values_field() {
    // allocator-api2's `let me = ManuallyDrop::new(self); me.buf.capacity()`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use core::mem::ManuallyDrop;
         pub struct RawVec; impl RawVec { pub fn capacity(&self) -> usize { 0 } }
         pub struct Other; impl Other { pub fn capacity(&self) -> usize { 1 } }
         pub struct V { buf: RawVec }
         impl V { pub fn into_iter(self) -> usize { let me = ManuallyDrop::new(self); me.buf.capacity() } }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert!(
        calls.contains(&"calls krate::V::into_iter -> krate::RawVec::capacity method".to_string()),
        "{calls:#?}"
    );
}

#[test]
fn a_conversion_among_several_from_impls_is_picked_by_its_arguments_type() {
    // clap: `Str::from("Commands")` with `From<&'static str>`, `From<String>`,
    // `From<Id>` and `From<&Id>` impls for `Str`; `Self::from(id)` inside
    // one of them (with a `String`). An argument of unknown type keeps
    // all of them.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Id; pub struct Str;
         impl From<&'static str> for Str { fn from(s: &'static str) -> Self { Self::from(s.to_string()) } }
         impl From<String> for Str { fn from(s: String) -> Self { Str } }
         impl From<Id> for Str { fn from(s: Id) -> Self { Str } }
         impl From<&'_ Id> for Str { fn from(s: &Id) -> Self { Str } }
         pub fn literal() { Str::from(\"x\"); }
         pub fn string(s: String) { Str::from(s); }
         pub fn unknown() { Str::from(make()); }
         fn make() -> Vec<u8> { Vec::new() }",
    )]);
    // Each `from` by the line of its impl.
    let from_calls: Vec<String> = calls_by_line(&outcome, |n| &n.name)
        .into_iter()
        .filter(|call| call.contains("-> from@"))
        .collect();
    assert_eq!(
        from_calls,
        expect(
            "from@2 -> from@3 method
             literal@6 -> from@2 method
             string@7 -> from@3 method"
        )
    );
    assert_eq!(unresolved(&outcome), vec!["call Str::from"]);
}

#[test]
fn a_held_value_and_a_guards_elements_are_one_level_further_down() {
    // tokio: `ctx.rng.get().unwrap_or_else(FastRand::new)` with `rng:
    // Cell<Option<FastRand>>` is a `FastRand` (`Cell::get` gives the
    // `Option` itself); `for core in cores.drain(..)` with `cores =
    // shared.cores.lock()` of a `Mutex<Vec<Box<Core>>>` binds `Core`s.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::cell::Cell;
         pub struct FastRand; impl FastRand { pub fn new() -> Self { FastRand } pub fn fastrand_n(&mut self, n: u32) -> u32 { n } }
         pub struct Core; impl Core { pub fn shutdown(&mut self) {} }
         pub struct Mutex<T>(T); pub struct Guard<'a, T>(&'a T);
         impl<T> Mutex<T> { pub fn lock(&self) -> Guard<'_, T> { Guard(&self.0) } }
         pub struct Ctx { rng: Cell<Option<FastRand>>, cores: Mutex<Vec<Box<Core>>> }
         pub fn f(ctx: &Ctx) {
             let mut rng = ctx.rng.get().unwrap_or_else(FastRand::new);
             rng.fastrand_n(3);
             let mut cores = ctx.cores.lock();
             for mut core in cores.drain(..) { core.shutdown(); }
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::f -> krate::FastRand::fastrand_n method",
            "calls krate::f -> krate::Core::shutdown method",
        ],
    );
}

#[test]
fn std_functions_whose_name_fixes_the_return_type_start_chains() {
    // `std::io::stderr().lock()`, `std::fs::read_to_string(p).map_err(..)`,
    // `Arc::try_unwrap(a).unwrap_or_else(..)`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::sync::Arc;
         pub fn f(p: &str, a: Arc<u8>) {
             std::io::stderr().lock();
             let _ = std::fs::read_to_string(p).map_err(|e| e.kind());
             Arc::try_unwrap(a).unwrap_or_else(|a| *a);
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::f -> std::io::Stderr::lock method",
            "calls krate::f -> core::result::Result::map_err method",
            "calls krate::f -> core::result::Result::unwrap_or_else method",
        ],
    );
}

#[test]
fn a_trait_method_called_by_its_path_is_the_impl_for_its_first_argument() {
    // proc-macro2: `TokenTree::Ident(t) => Display::fmt(t, f)`, and a
    // trait of the crate called as `Render::render(&self.0)`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::fmt::{self, Display};
         pub struct Ident; pub struct Punct;
         impl Display for Ident { fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { Ok(()) } }
         impl Display for Punct { fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { Ok(()) } }
         pub enum TokenTree { Ident(Ident), Punct(Punct) }
         impl Display for TokenTree {
             fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
                 match self { TokenTree::Ident(t) => Display::fmt(t, f), TokenTree::Punct(t) => fmt::Display::fmt(t, f) }
             }
         }
         pub trait Render { fn render(&self) {} }
         impl Render for Ident { fn render(&self) {} }
         pub struct Wrap(Ident);
         impl Wrap { pub fn show(&self) { Render::render(&self.0) } }
         pub struct Guard<T>(T);
         impl<T> std::ops::Deref for Guard<T> { type Target = T; fn deref(&self) -> &T { &self.0 } }
         impl<T: fmt::Debug> fmt::Debug for Guard<T> {
             fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { fmt::Debug::fmt(&**self, f) }
         }",
    )]);
    let calls = calls_by_line(&outcome, |n| &n.path);
    assert_eq!(
        calls,
        expect(
            "krate::Guard::fmt@18 -> std::fmt::Debug::fmt@0 exact
             krate::TokenTree::fmt@7 -> krate::Ident::fmt@3 method
             krate::TokenTree::fmt@7 -> krate::Punct::fmt@4 method
             krate::Wrap::show@14 -> krate::Ident::render@12 method"
        )
    );
}

#[test]
fn types_written_in_bodies_are_references() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::cmp::Ordering;
         pub struct Foo; pub struct Bar; pub enum E { A(Foo), B } pub trait Tr {} pub type Al = Foo;
         pub mod m {
             pub struct Inner; pub fn f() {}
             pub struct Brace { pub span: u8 }
             #[allow(non_snake_case)] pub fn Brace(span: u8) -> Brace { Brace { span } }
             pub struct Lifetime { pub span: u8 }
             #[allow(non_snake_case)] pub fn Lifetime(span: u8) -> Lifetime { Lifetime { span } }
         }
         impl Foo { pub fn new() -> Self { Foo } pub const C: u8 = 1; }
         pub fn body() {
             let _x: Bar = Bar;
             let _y = Foo::new();
             let _z = Foo {};
             let _c = Foo::C;
             match E::A(Foo) { E::A(_) => {} E::B => {} }
             let _v: Vec<Al> = Vec::new();
             let _w = std::mem::size_of::<m::Inner>();
             m::f();
             let _o = Ordering::Less;
             let _b = m::Brace(1);
             let _l = m::Lifetime { span: 0 };
             let _s = Some(1).map(|x: u8| x);
             let _c = vec![1].into_iter().collect::<Vec<Bar>>();
             if let Some(E::B) = None {}
         }
         pub fn sig(a: Al, b: &dyn Tr) -> Option<E> { None }",
    )]);
    let references: Vec<String> = edges(&outcome, &[EdgeKind::References])
        .into_iter()
        .filter(|edge| edge.starts_with("references krate::body "))
        .collect();
    // A let's type, a turbofish, a struct literal, a unit struct, a type
    // owning the function or const called, a variant's enum (in
    // expressions and patterns), a std type owning a variant; not a
    // module (`m::f()`), nor `Option` behind the prelude's `Some`/`None`,
    // nor a struct whose same-named function is called (`m::Brace(1)`;
    // its literal `m::Lifetime { .. }` is the struct's).
    assert_eq!(
        references,
        expect(
            "references krate::body -> alloc::vec::Vec exact
             references krate::body -> krate::Al exact
             references krate::body -> krate::Bar exact
             references krate::body -> krate::E exact
             references krate::body -> krate::Foo exact
             references krate::body -> krate::m::Inner exact
             references krate::body -> krate::m::Lifetime exact
             references krate::body -> std::cmp::Ordering exact"
        )
    );
    assert!(
        outcome.graph.unresolved.is_empty(),
        "{:?}",
        outcome.graph.unresolved
    );
}

#[test]
fn paths_through_modules_and_globs_the_build_leaves_out_are_not_taken() {
    // hashbrown's `mod inner` once per allocator feature, allocator-api2's
    // `pub use self::stable::*;` beside a `nightly` twin: the targets
    // outside the index have no cfg, only the way to them has.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "extern crate alloc as alloc_crate;
         mod raw {
             pub(crate) use self::inner::Allocator;
             #[cfg(any())]
             mod inner { pub use core::alloc::Allocator; }
             #[cfg(all())]
             mod inner { pub use crate::api::Allocator; }
         }
         #[cfg(all())]
         mod stable { pub mod alloc { pub use crate::api::Global; } }
         #[cfg(any())]
         mod nightly { pub use alloc_crate::alloc; }
         #[cfg(all())]
         pub use self::stable::*;
         #[cfg(any())]
         pub use self::nightly::*;
         pub mod api { pub trait Allocator {} pub struct Global; }
         use crate::raw::Allocator;
         pub fn bounded<A: Allocator>(_a: A, _g: crate::alloc::Global) {}",
    )]);
    let references: Vec<String> = edges(&outcome, &[EdgeKind::References])
        .into_iter()
        .filter(|edge| edge.starts_with("references krate::bounded "))
        .collect();
    assert_eq!(
        references,
        expect(
            "references krate::bounded -> krate::api::Allocator exact
             references krate::bounded -> krate::api::Global exact"
        )
    );
}

#[test]
fn bounds_of_associated_types_and_traits_of_qualified_paths_are_references() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Bound {} pub struct Unit; impl Bound for Unit {}
         pub trait Tr { type Out: Bound; type Fallback = Unit; }
         pub struct S; impl Tr for S { type Out = Unit; }
         pub fn qualified() -> <S as Tr>::Out { let _m = usize::MAX; Unit }",
    )]);
    let references = edges(&outcome, &[EdgeKind::References]);
    assert_includes(
        &references,
        &[
            "references krate::Tr::Out -> krate::Bound exact",
            "references krate::Tr::Fallback -> krate::Unit exact",
            "references krate::qualified -> krate::S exact",
            "references krate::qualified -> krate::Tr exact",
            "references krate::qualified -> krate::Unit exact",
        ],
    );
    // `usize::MAX` is a const of a primitive: no type written.
    assert!(
        references.iter().all(|edge| !edge.contains("MAX")),
        "{references:#?}"
    );
}

/// `#[macro_export]` puts a macro at the crate's root whatever module
/// defines it: regex's `pub use crate::__bytes_regex as regex;` beside the
/// macro's definition in `regex/bytes.rs`.
#[test]
fn a_use_finds_an_exported_macro_at_the_crate_root() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod inner {\n    #[macro_export]\n    macro_rules! __bytes_m { () => {} }\n}\n\
         pub mod bytes {\n    pub use crate::__bytes_m as m;\n}\n\
         pub use __bytes_m as other;\n",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Reexports]),
        [
            "reexports krate::bytes::m -> krate::__bytes_m exact",
            "reexports krate::other -> krate::__bytes_m exact",
        ]
    );
}

#[test]
fn a_field_bound_by_a_pattern_holds_what_its_declaration_says() {
    // `Data::Struct(_, fields)` binds a `Vec<Field>`: its elements are
    // `Field`s, looped over directly, through `iter()`, or through a copy.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Field { pub attrs: Attrs }
         pub struct Attrs; impl Attrs { pub fn skip(&self) -> bool { true } }
         pub struct Other; impl Other { pub fn skip(&self) -> bool { true } }
         pub enum Data { Struct(u8, Vec<Field>), Unit }
         pub fn direct(data: &Data) {
             if let Data::Struct(_, fields) = data { for field in fields { field.attrs.skip(); } }
         }
         pub fn iterated(data: &Data) {
             if let Data::Struct(_, fields) = data {
                 for (i, field) in fields.iter().enumerate() { field.attrs.skip(); }
             }
         }
         pub fn copied(data: &Data) {
             if let Data::Struct(_, fields) = data { let v = fields; for field in v { field.attrs.skip(); } }
         }",
    )]);
    let skips: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.ends_with("skip method"))
        .collect();
    assert_eq!(
        skips,
        expect(
            "calls krate::copied -> krate::Attrs::skip method
             calls krate::direct -> krate::Attrs::skip method
             calls krate::iterated -> krate::Attrs::skip method"
        )
    );
}

#[test]
fn a_recursive_call_is_an_edge_to_the_caller_itself() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub fn fact(n: u64) -> u64 { if n == 0 { 1 } else { n * fact(n - 1) } }
         pub struct S;
         impl S { pub fn walk(&self, d: u8) -> Option<Box<S>> { if d > 0 { self.walk(d - 1) } else { None } } }
         pub trait Float { fn to_bits(self) -> u32; }
         impl Float for f32 { fn to_bits(self) -> u32 { f32::to_bits(self) } }
         pub trait Grow { fn grow(&mut self); }
         impl Grow for Vec<u8> { fn grow(&mut self) { self.grow() } }",
    )]);
    // `f32::to_bits` is the number's own method; in a trait impl a call of
    // the method's own name is never taken for recursion (here it would
    // be another impl's, or the value's own method).
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect(
            "calls krate::<impl Float for f32>::to_bits -> f32::to_bits exact
             calls krate::S::walk -> krate::S::walk method
             calls krate::fact -> krate::fact exact"
        )
    );
}

#[test]
fn a_crate_iterators_item_is_what_the_collection_was_written_with() {
    // syn's `Punctuated<T, P>::iter()` returns `Iter<T>`, whose `Iterator`
    // impl says `type Item = &'a T`: iterating `g.params` of a field
    // `params: Punctuated<Param, u8>` gives `Param`s, and so does unwrapping
    // its `first()`, an `Option<&T>`; so do a parameter written
    // `&Punctuated<Param, u8>` and one written `Iter<Param>`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Punctuated<T, P> { inner: Vec<(T, P)> }
         pub struct Iter<'a, T> { inner: std::slice::Iter<'a, T> }
         impl<'a, T> Iterator for Iter<'a, T> { type Item = &'a T; fn next(&mut self) -> Option<&'a T> { None } }
         impl<T, P> Punctuated<T, P> {
             pub fn iter(&self) -> Iter<T> { todo!() }
             pub fn first(&self) -> Option<&T> { None }
         }
         pub struct Param; impl Param { pub fn name(&self) {} }
         pub struct Other; impl Other { pub fn name(&self) {} }
         pub struct Generics { pub params: Punctuated<Param, u8> }
         pub fn looped(g: &Generics) { for p in g.params.iter() { p.name(); } }
         pub fn adapted(g: &Generics) { g.params.iter().for_each(|p| p.name()); }
         pub fn first(g: &Generics) { g.params.first().unwrap().name(); }
         pub fn parameter(ps: &Punctuated<Param, u8>) { for p in ps.iter() { p.name(); } }
         pub fn iterator(ps: Iter<Param>) { for p in ps { p.name(); } }",
    )]);
    let names: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.contains("::name "))
        .collect();
    assert_eq!(
        names,
        expect(
            "calls krate::adapted -> krate::Param::name method
             calls krate::first -> krate::Param::name method
             calls krate::iterator -> krate::Param::name method
             calls krate::looped -> krate::Param::name method
             calls krate::parameter -> krate::Param::name method"
        )
    );
}

#[test]
fn a_numbers_inherent_method_beats_a_crates_extension_trait_of_that_name() {
    // zmij: `self.to_bits()` on an `f32` is std's inherent method, though
    // the crate implements its own `FloatTraits::to_bits` for `f32`;
    // `rotate_left` is no float method, so there the extension answers.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait FloatTraits { fn to_bits(self) -> u32; fn rotate_left(self) -> Self; }
         impl FloatTraits for f32 {
             fn to_bits(self) -> u32 { 0 }
             fn rotate_left(self) -> Self { self }
         }
         pub fn go(x: f32) -> u32 { x.rotate_left(); x.to_bits() }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|e| e.starts_with("calls krate::go "))
        .collect();
    assert_eq!(
        calls,
        expect(
            "calls krate::go -> f32::to_bits method
             calls krate::go -> krate::<impl FloatTraits for f32>::rotate_left method"
        )
    );
}

#[test]
fn of_two_traits_with_one_name_only_the_one_in_scope_is_called() {
    // regex-automata and aho-corasick each have a blanket
    // `IteratorIndexExt`; a module importing its own crate's sees only
    // that one, whatever the receiver is.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub mod theirs {
             pub trait IndexExt { fn with_ids(self) -> u8; }
             impl<I: Iterator> IndexExt for I { fn with_ids(self) -> u8 { 0 } }
         }
         pub mod ours {
             pub trait IndexExt { fn with_ids(self) -> u8; }
             impl<I: Iterator> IndexExt for I { fn with_ids(self) -> u8 { 1 } }
         }
         pub mod user {
             use crate::ours::IndexExt;
             pub fn number(items: Unknown) -> u8 { items.with_ids() }
         }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|edge| edge.starts_with("calls krate::user::number"))
        .collect();
    assert!(!calls.is_empty(), "no call of with_ids");
    assert!(
        calls.iter().all(|edge| edge.contains("krate::ours::")),
        "{calls:#?}"
    );
}

#[test]
fn a_closure_parameter_typed_by_a_bounded_parameter_calls_the_bounds() {
    // nom: `move |i: Input| { .. i.input_len() .. }` in a fn whose
    // `where Input: InputLength`, in a module that globs `Result::*`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::result::Result::*;
         pub trait InputLength { fn input_len(&self) -> usize; }
         pub fn take<Input>(n: usize) -> impl Fn(Input) -> Result<usize, ()>
         where Input: InputLength,
         {
             move |i: Input| {
                 let input = i;
                 Ok(input.input_len() + n)
             }
         }
         pub fn other(value: Missing) { value.frob(); }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &["calls krate::take -> krate::InputLength::input_len method"],
    );
    // A glob of std's `Result` brings its variants only.
    assert!(
        calls
            .iter()
            .all(|edge| !edge.contains("Result::Missing") && !edge.contains("Result::Input")),
        "{calls:#?}"
    );
    assert_includes(&unresolved(&outcome), &["method Missing.frob"]);
}

#[test]
fn a_trait_method_returning_self_gives_the_receivers_type() {
    // nom: `let remainder = i.slice(index..); remainder.iter_elements()`
    // with `Input: Slice<R> + InputIter`: `Self` is `Input`, every bound.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait Slice<R> { fn slice(&self, range: R) -> Self; }
         pub trait InputIter { fn iter_elements(&self) -> u8; }
         pub struct Text;
         impl InputIter for Text { fn iter_elements(&self) -> u8 { 0 } }
         impl Slice<usize> for Text { fn slice(&self, _: usize) -> Self { Text } }
         pub fn bounded<Input>(input: Input) -> u8
         where Input: Clone + Slice<usize> + InputIter,
         {
             let remainder = input.clone().slice(1);
             remainder.iter_elements()
         }
         pub fn concrete(text: Text) -> u8 { text.slice(1).iter_elements() }",
    )]);
    assert_resolves(
        &outcome,
        &[EdgeKind::Calls],
        &[
            "calls krate::bounded -> krate::InputIter::iter_elements method",
            "calls krate::concrete -> krate::Text::iter_elements method",
        ],
    );
}

#[test]
fn an_associated_iterator_yields_its_bound_item_from_a_supertrait() {
    // petgraph: `for edge in g.edges(n) { edge.target() }` with `G:
    // IntoEdges`, `type Edges: Iterator<Item = Self::EdgeRef>` and
    // `EdgeRef` declared by the supertrait `IntoEdgeReferences`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait EdgeRef { fn target(&self) -> u8; fn source(&self) -> u8; }
         pub trait Target { fn target(&self) -> u8; }
         pub trait IntoEdgeReferences {
             type EdgeRef: EdgeRef;
             type EdgeReferences: Iterator<Item = Self::EdgeRef>;
             fn edge_references(self) -> Self::EdgeReferences;
         }
         pub trait IntoEdges: IntoEdgeReferences {
             type Edges: Iterator<Item = Self::EdgeRef>;
             fn edges(self, a: u8) -> Self::Edges;
         }
         pub fn by_node<G>(g: G) where G: IntoEdges {
             for edge in g.edges(1) { edge.target(); }
         }
         pub fn all<G>(g: G) where G: IntoEdgeReferences {
             for edge in g.edge_references() { edge.source(); }
         }",
    )]);
    assert_includes(
        &edges(&outcome, &[EdgeKind::Calls]),
        &[
            "calls krate::by_node -> krate::EdgeRef::target method",
            "calls krate::all -> krate::EdgeRef::source method",
        ],
    );
}

#[test]
fn a_path_call_prefers_the_inherent_fn_to_a_trait_impls() {
    // petgraph: `StableGraph::with_capacity(6, 6)` with an inherent
    // `with_capacity` and `impl Create for StableGraph { fn with_capacity }`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Graph;
         impl Graph { pub fn with_capacity(n: usize) -> Self { Graph } }
         pub trait Create { fn with_capacity(n: usize) -> Self; }
         impl Create for Graph { fn with_capacity(n: usize) -> Self { Self::with_capacity(n) } }
         pub fn make() -> Graph { Graph::with_capacity(6) }",
    )]);
    let calls = calls_by_line(&outcome, |node| &node.path);
    assert_includes(
        &calls,
        &[
            "krate::make@5 -> krate::Graph::with_capacity@2 exact",
            "krate::Graph::with_capacity@4 -> krate::Graph::with_capacity@2 exact",
        ],
    );
    assert_eq!(calls.len(), 2, "{calls:#?}");
}

#[test]
fn a_char_calls_a_crates_extension_for_a_name_char_does_not_have() {
    // nom's `impl AsChar for char { fn len(self) }`: `c.len()` is that,
    // `c.len_utf8()` is std's (`len` is a std name, but not `char`'s).
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait AsChar { fn len(self) -> usize; }
         impl AsChar for char { fn len(self) -> usize { self.len_utf8() } }
         pub fn width(c: char) -> usize { c.len() + c.len_utf8() }",
    )]);
    assert_includes(
        &edges(&outcome, &[EdgeKind::Calls]),
        &[
            "calls krate::width -> krate::<impl AsChar for char>::len method",
            "calls krate::width -> char::len_utf8 method",
        ],
    );
}

#[test]
fn a_fn_used_as_a_receiver_has_the_traits_blanket_implemented_for_fns() {
    // nom: `be_u8.map(|x| x as i8).parse(i)` with `impl<I, O, F> Parser<I, O>
    // for F where F: FnMut(I) -> IResult<I, O>`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub type IResult<I, O> = Result<(I, O), ()>;
         pub trait Parser<I, O> {
             fn parse(&mut self, input: I) -> IResult<I, O>;
             fn map<G, O2>(self, g: G) -> Map<Self, G, O> where G: FnMut(O) -> O2, Self: Sized { Map { f: self, g, o: None } }
         }
         impl<I, O, F> Parser<I, O> for F where F: FnMut(I) -> IResult<I, O> {
             fn parse(&mut self, i: I) -> IResult<I, O> { self(i) }
         }
         pub struct Map<F, G, O1> { f: F, g: G, o: Option<O1> }
         impl<I, O1, O2, F: Parser<I, O1>, G: FnMut(O1) -> O2> Parser<I, O2> for Map<F, G, O1> {
             fn parse(&mut self, i: I) -> IResult<I, O2> { let (i, o) = self.f.parse(i)?; Ok((i, (self.g)(o))) }
         }
         pub fn be_u8(i: &[u8]) -> IResult<&[u8], u8> { Ok((i, 0)) }
         pub fn be_i8(i: &[u8]) -> IResult<&[u8], i8> { be_u8.map(|x| x as i8).parse(i) }",
    )]);
    assert_resolves(
        &outcome,
        &[EdgeKind::Calls],
        &[
            "calls krate::be_i8 -> krate::Parser::map method",
            "calls krate::be_i8 -> krate::Map::parse method",
        ],
    );
}

#[test]
fn values_typed_by_a_bounded_parameter_through_an_alias_or_a_sibling_method_call_the_bounds() {
    // petgraph: `a: NodeIndex<Ix>` with `type NodeIndex<Ix = DefaultIx> =
    // Ix;` in `impl<E, Ix: IndexType> List<E, Ix>`, and `K` returned by
    // another method of `impl<K> UnionFind<K> where K: IndexType`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait IndexType { fn index(&self) -> usize; }
         pub trait Other { fn index(&self) -> usize; }
         pub type NodeIndex<Ix = u32> = Ix;
         pub struct List<E, Ix> { suc: Vec<E>, ix: Ix }
         impl<E, Ix: IndexType> List<E, Ix> {
             pub fn add(&mut self, a: NodeIndex<Ix>) -> usize { a.index() }
         }
         pub struct UnionFind<K> { parent: Vec<K> }
         impl<K> UnionFind<K> where K: IndexType {
             pub fn try_find(&self, x: K) -> Option<K> { None }
             pub fn find(&self, x: K) -> K { x }
         }
         impl<K> UnionFind<K> where K: IndexType {
             pub fn union(&self, x: K, y: K) -> Option<usize> {
                 let xrep = self.try_find(x)?;
                 Some(xrep.index() + self.find(y).index())
             }
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::List::add -> krate::IndexType::index method",
            "calls krate::UnionFind::union -> krate::IndexType::index method",
        ],
    );
    assert!(
        calls.iter().all(|call| !call.contains("Other")),
        "{calls:#?}"
    );
}

#[test]
fn a_macro_exported_with_local_inner_macros_is_at_the_crate_root() {
    // nom's `#[macro_export(local_inner_macros)] macro_rules! error_position`
    // in `mod error`, called as `crate::error_position!`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "mod error {
             #[macro_export(local_inner_macros)]
             macro_rules! error_position { () => { 0 } }
         }
         pub fn f() -> u8 { crate::error_position!() }",
    )]);
    assert_resolves(
        &outcome,
        &[EdgeKind::InvokesMacro],
        &["invokes_macro krate::f -> krate::error_position exact"],
    );
}

#[test]
fn a_method_call_among_many_impls_of_one_trait_is_the_traits_method() {
    // num-bigint: `self.add(v)` with `impl Add<X> for BigInt` for 52 `X`s
    // written by macros: one edge to the trait's method, not 52.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Big;
         pub trait Combine<T> { fn combine(&self, other: T) -> Big; }
         impl Combine<u8> for Big { fn combine(&self, _: u8) -> Big { Big } }
         impl Combine<u16> for Big { fn combine(&self, _: u16) -> Big { Big } }
         impl Combine<u32> for Big { fn combine(&self, _: u32) -> Big { Big } }
         impl Combine<u64> for Big { fn combine(&self, _: u64) -> Big { Big } }
         pub fn join(b: &Big) -> Big { b.combine(1u8) }",
    )]);
    let calls: Vec<String> = edges(&outcome, &[EdgeKind::Calls])
        .into_iter()
        .filter(|call| call.starts_with("calls krate::join"))
        .collect();
    assert_eq!(
        calls,
        expect("calls krate::join -> krate::Combine::combine heuristic")
    );
}

#[test]
fn a_std_types_from_is_a_crates_impl_for_an_argument_of_the_crates_type() {
    // http: `u16::from(port)` with `impl<T> From<Port<T>> for u16`; a `u8`
    // converts through std's impl.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub struct Port(u16);
         impl From<Port> for u16 { fn from(port: Port) -> u16 { port.0 } }
         pub fn number(port: Port) -> u16 { u16::from(port) }
         pub fn widen(byte: u8) -> u16 { u16::from(byte) }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::number -> krate::<impl From<Port> for u16>::from method",
            "calls krate::widen -> u16::from exact",
        ],
    );
    assert_eq!(calls.len(), 2, "{calls:#?}");
}

#[test]
fn self_in_a_default_method_with_a_std_bound_calls_a_supertraits_fn() {
    // num-integer: `Self::one()` in `fn extended_gcd(..) where Self: Clone`
    // of `trait Integer: Num` is `One::one`, not `Clone::one`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait One { fn one() -> Self; }
         pub trait Num: One {}
         pub trait Integer: Num {
             fn unit(&self) -> Self where Self: Clone { Self::one() }
         }",
    )]);
    assert_eq!(
        edges(&outcome, &[EdgeKind::Calls]),
        expect("calls krate::Integer::unit -> krate::One::one exact")
    );
}

#[test]
fn a_cow_calls_its_own_methods_and_the_borrowed_values() {
    // num-bigint: `n.is_zero()` of `n: Cow<'_, BigUint>` is `BigUint`'s,
    // `n.into_owned()` is `Cow`'s.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::borrow::Cow;
         #[derive(Clone)]
         pub struct Big;
         impl Big { pub fn is_zero(&self) -> bool { true } }
         pub fn shifted(n: Cow<'_, Big>) -> Big {
             if n.is_zero() { return n.into_owned(); }
             Big
         }",
    )]);
    assert_resolves(
        &outcome,
        &[EdgeKind::Calls],
        &["calls krate::shifted -> krate::Big::is_zero method"],
    );
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert!(
        calls
            .iter()
            .any(|call| call.starts_with("calls krate::shifted -> ")
                && call.ends_with("Cow::into_owned method")),
        "{calls:#?}"
    );
}

#[test]
fn a_conversion_from_a_smart_pointer_is_the_impl_for_the_pointer() {
    // pulldown-cmark: `CowStr::from(cow)` with `cow: Cow<char>` is
    // `impl From<Cow<'a, char>>`, not `impl From<char>`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::borrow::Cow;
         pub struct CowStr;
         impl From<char> for CowStr { fn from(c: char) -> Self { CowStr } }
         impl<'a> From<Cow<'a, char>> for CowStr { fn from(c: Cow<'a, char>) -> Self { CowStr } }
         pub fn convert(cow: Cow<char>) -> CowStr { CowStr::from(cow) }",
    )]);
    let calls = calls_by_line(&outcome, |node| &node.path);
    assert_eq!(
        calls,
        ["krate::convert@5 -> krate::CowStr::from@4 method"],
        "{calls:#?}"
    );
}

#[test]
fn a_crates_impl_for_a_smart_pointer_comes_before_the_pointee() {
    // serde_json: `self.key.into_deserializer()` with `key: Cow<'de, str>`
    // and serde's `impl IntoDeserializer for Cow<'a, str>`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use std::borrow::Cow;
         pub trait IntoDe { fn into_de(self) -> u8; }
         impl<'a> IntoDe for Cow<'a, str> { fn into_de(self) -> u8 { 0 } }
         impl<'a> IntoDe for &'a str { fn into_de(self) -> u8 { 1 } }
         pub struct Key { key: Cow<'static, str> }
         impl Key { pub fn de(self) -> u8 { self.key.into_de() } }",
    )]);
    let calls = calls_by_line(&outcome, |node| &node.path);
    assert_eq!(
        calls,
        ["krate::Key::de@6 -> krate::<impl IntoDe for Cow<'a, str>>::into_de@3 method"],
        "{calls:#?}"
    );
}

#[test]
fn an_impl_for_an_alias_is_the_aliased_types() {
    // rowan: `impl SyntaxElement { fn kind(&self) }` with `type
    // SyntaxElement = NodeOrToken<SyntaxNode, SyntaxToken>;`: rustdoc lists
    // `NodeOrToken::kind`.
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub mod utility { pub enum NodeOrToken<N, T> { Node(N), Token(T) } }
         pub mod api {
             use crate::utility::NodeOrToken;
             pub struct Node;
             pub struct Token;
             pub type Element = NodeOrToken<Node, Token>;
             impl Element { pub fn kind(&self) -> u8 { 0 } }
         }
         pub fn kind_of(element: api::Element) -> u8 { element.kind() }",
    )]);
    assert!(outcome
        .graph
        .nodes
        .iter()
        .any(|node| node.path == "krate::utility::NodeOrToken::kind"));
    assert_includes(
        &edges(&outcome, &[EdgeKind::Calls, EdgeKind::ImplFor]),
        &[
            "calls krate::kind_of -> krate::utility::NodeOrToken::kind method",
            "impl_for krate::api::<impl Element> -> krate::utility::NodeOrToken exact",
        ],
    );
}

#[test]
fn an_impl_for_a_name_whose_alias_the_build_leaves_out_stays_with_the_type() {
    // tokio: `enum TimeDriver` with the `time` feature, `type TimeDriver =
    // IoStack` without; `impl TimeDriver` is the enum's in a `time` build.
    let files = [(
        "src/lib.rs",
        r#"pub struct IoStack;
           impl IoStack { pub fn park(&self) {} }
           #[cfg(feature = "time")] pub enum TimeDriver { Enabled }
           #[cfg(not(feature = "time"))] pub type TimeDriver = IoStack;
           impl TimeDriver { pub fn park(&self) {} }"#,
    )];
    let linux = crate::cfg_eval::BuildCfg::from_print_cfg("unix\ntarget_os=\"linux\"\n");
    let outcome = crate::parse::tests::index_crate_for(linux, &["time"], &files);
    let parks: Vec<&str> = outcome
        .graph
        .nodes
        .iter()
        .filter(|node| node.name == "park")
        .map(|node| node.path.as_str())
        .collect();
    assert_eq!(parks, ["krate::IoStack::park", "krate::TimeDriver::park"]);
}

#[test]
fn a_trait_imported_as_underscore_or_renamed_is_in_scope() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub mod w {
             pub trait TomlWrite: core::fmt::Write {
                 fn space(&mut self) -> core::fmt::Result { self.write_str(\" \") }
             }
             impl<W> TomlWrite for W where W: core::fmt::Write {}
         }
         mod anonymous {
             use crate::w::TomlWrite as _;
             pub struct Buffer { s: String }
             impl Buffer {
                 fn ensure_body(&mut self) -> &mut String { &mut self.s }
                 fn f(&mut self) { let dst = self.ensure_body(); dst.space(); }
             }
         }
         mod renamed {
             use crate::w::TomlWrite as Writer;
             fn g(s: &mut String) { s.space(); }
         }
         mod fn_local {
             fn h(mut s: String) { use crate::w::TomlWrite as _; s.space(); }
         }
         mod not_imported {
             fn i(mut s: String) { s.space(); }
         }",
    )]);
    let calls = edges(&outcome, &[EdgeKind::Calls]);
    assert_includes(
        &calls,
        &[
            "calls krate::anonymous::Buffer::f -> krate::w::TomlWrite::space method",
            "calls krate::renamed::g -> krate::w::TomlWrite::space method",
            "calls krate::fn_local::h -> krate::w::TomlWrite::space method",
        ],
    );
    assert!(
        !calls.contains(
            &"calls krate::not_imported::i -> krate::w::TomlWrite::space method".to_string()
        ),
        "{calls:#?}"
    );
}

#[test]
fn a_crate_trait_for_option_answers_a_name_option_lacks() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use core::ptr::NonNull;
         pub struct Map<T> { values: Option<NonNull<T>> }
         impl<T> Map<T> {
             fn f(self) { let p = self.values.as_ptr(); }
             fn g(v: Option<NonNull<T>>) -> bool { v.is_some() }
         }
         trait OptNonNullExt<T> { fn as_ptr(self) -> *mut T; fn is_some(&self) -> bool; }
         impl<T> OptNonNullExt<T> for Option<NonNull<T>> {
             fn as_ptr(self) -> *mut T { loop {} }
             fn is_some(&self) -> bool { true }
         }",
    )]);
    assert_resolves(
        &outcome,
        &[EdgeKind::Calls],
        &[
            "calls krate::Map::f -> krate::<impl OptNonNullExt<T> for Option<NonNull<T>>>::as_ptr method",
            "calls krate::Map::g -> core::option::Option::is_some method",
        ],
    );
}

#[test]
fn a_crates_own_arc_or_ref_is_its_type_not_a_pointer_to_see_through() {
    let outcome = index_crate(&[
        (
            "src/lib.rs",
            "pub mod one; pub mod arc; pub mod loom; mod users;",
        ),
        (
            "src/arc.rs",
            "use core::mem::MaybeUninit;
             pub struct Arc<T: ?Sized> { p: *const T }
             impl<T> Arc<T> { pub fn new_uninit() -> Arc<MaybeUninit<T>> { loop {} } }
             impl<T: ?Sized> core::ops::Deref for Arc<T> {
                 type Target = T;
                 fn deref(&self) -> &T { loop {} }
             }
             impl<T> Arc<MaybeUninit<T>> { pub unsafe fn assume_init(self) -> Arc<T> { loop {} } }
             mod tests {
                 use super::*;
                 fn maybeuninit() {
                     let mut arc: Arc<MaybeUninit<u32>> = Arc::new_uninit();
                     arc.write(999);
                     let arc = unsafe { arc.assume_init() };
                 }
             }",
        ),
        (
            "src/one.rs",
            "pub struct Ref<'a, K, V> { k: &'a K, v: &'a V }
             impl<'a, K, V> Ref<'a, K, V> { pub fn value(&self) -> &V { self.v } }",
        ),
        ("src/loom.rs", "pub mod sync { pub use std::sync::Arc; }"),
        (
            "src/users.rs",
            "use crate::one::Ref;
             use crate::loom::sync::Arc;
             pub struct Entry { pub name: String }
             fn get<'a>(r: Ref<'a, u8, Entry>) { r.value(); }
             fn shared(a: Arc<Entry>) { a.name.len(); a.describe(); }
             impl Entry { fn describe(&self) {} }",
        ),
    ]);
    assert_resolves(
        &outcome,
        &[EdgeKind::Calls],
        &[
            "calls krate::arc::tests::maybeuninit -> core::mem::MaybeUninit::write method",
            "calls krate::arc::tests::maybeuninit -> krate::arc::Arc::assume_init method",
            "calls krate::users::get -> krate::one::Ref::value method",
            "calls krate::users::shared -> krate::users::Entry::describe method",
        ],
    );
}

#[test]
fn a_crate_method_named_like_a_t_preserving_one_gives_what_it_declares() {
    let outcome = index_crate(&[
        (
            "src/lib.rs",
            "pub mod mapref;
             use mapref::{one::Ref, multiple::RefMulti};
             pub struct DashMap<K, V> { k: K, v: V }
             impl<'a, K: 'a, V: 'a> DashMap<K, V> {
                 pub fn get(&'a self, key: &K) -> Option<Ref<'a, K, V>> { loop {} }
             }
             pub struct Iter<'a, K, V> { m: &'a DashMap<K, V> }
             impl<'a, K, V> Iterator for Iter<'a, K, V> {
                 type Item = RefMulti<'a, K, V>;
                 fn next(&mut self) -> Option<Self::Item> { None }
             }
             impl<'a, K, V> IntoIterator for &'a DashMap<K, V> {
                 type Item = RefMulti<'a, K, V>;
                 type IntoIter = Iter<'a, K, V>;
                 fn into_iter(self) -> Self::IntoIter { loop {} }
             }
             mod tests {
                 use crate::DashMap;
                 fn t(dm: DashMap<u32, u32>) { let r = dm.get(&1).unwrap(); r.value(); }
             }",
        ),
        ("src/mapref/mod.rs", "pub mod one; pub mod multiple;"),
        (
            "src/mapref/one.rs",
            "pub struct Ref<'a, K, V> { k: &'a K, v: &'a V }
             impl<'a, K, V> Ref<'a, K, V> { pub fn value(&self) -> &V { self.v } }",
        ),
        (
            "src/mapref/multiple.rs",
            "pub struct RefMulti<'a, K, V> { k: &'a K, v: &'a V }
             impl<'a, K, V> RefMulti<'a, K, V> { pub fn value(&self) -> &V { self.v } }",
        ),
    ]);
    assert_resolves(
        &outcome,
        &[EdgeKind::Calls],
        &["calls krate::tests::t -> krate::mapref::one::Ref::value method"],
    );
}

#[test]
fn another_crates_inherent_method_that_is_not_pub_is_passed_over() {
    let outcome = index_crate_on_dep(
        &[(
            "src/lib.rs",
            "pub struct XxHash32(u32);
             impl XxHash32 {
                 pub fn with_seed(seed: u32) -> Self { XxHash32(seed) }
                 pub(crate) fn finish(&self) -> u32 { self.0 }
             }
             impl core::hash::Hasher for XxHash32 {
                 fn finish(&self) -> u64 { u64::from(XxHash32::finish(self)) }
                 fn write(&mut self, bytes: &[u8]) {}
             }
             fn own(h: XxHash32) -> u32 { h.finish() }",
        )],
        &[(
            "src/lib.rs",
            "use core::hash::Hasher;
             use dep::XxHash32;
             fn check(data: &[u8]) -> u32 {
                 let mut hasher = XxHash32::with_seed(0);
                 hasher.write(data);
                 hasher.finish() as u32
             }",
        )],
    );
    // Both `finish` methods sit under `XxHash32`; their impls tell them apart.
    let graph = &outcome.graph;
    let path_of = |idx: NodeIdx| {
        graph
            .nodes
            .iter()
            .find(|n| n.idx == idx)
            .map(|n| n.path.clone())
    };
    let impl_of = |method: NodeIdx| {
        graph
            .edges
            .iter()
            .find(|e| e.kind == EdgeKind::Contains && e.dst == method)
            .and_then(|e| graph.nodes.iter().find(|n| n.idx == e.src))
            .map(|n| n.name.clone())
            .unwrap_or_default()
    };
    let finish_called_by = |caller: &str| -> Vec<String> {
        graph
            .edges
            .iter()
            .filter(|e| e.kind == EdgeKind::Calls)
            .filter(|e| path_of(e.src).as_deref() == Some(caller))
            .filter(|e| path_of(e.dst).is_some_and(|p| p.ends_with("::finish")))
            .map(|e| impl_of(e.dst))
            .collect()
    };
    assert_eq!(
        finish_called_by("krate::check"),
        ["<impl core::hash::Hasher for XxHash32>"]
    );
    assert_eq!(finish_called_by("dep::own"), ["<impl XxHash32>"]);
}

#[test]
fn a_crate_trait_for_slices_or_vec_answers_a_name_they_lack() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "pub trait ByteSlice { fn as_bytes(&self) -> &[u8]; fn len(&self) -> usize; }
         impl ByteSlice for [u8] {
             fn as_bytes(&self) -> &[u8] { self }
             fn len(&self) -> usize { 0 }
         }
         pub trait ByteVec { fn push_str(&mut self, s: &[u8]); }
         impl ByteVec for Vec<u8> { fn push_str(&mut self, s: &[u8]) {} }
         pub fn f(path: &[u8], out: &mut Vec<u8>) -> usize {
             let b = path.as_bytes();
             out.push_str(b);
             path.len()
         }",
    )]);
    assert_resolves(
        &outcome,
        &[EdgeKind::Calls],
        &[
            "calls krate::f -> krate::<impl ByteSlice for [u8]>::as_bytes method",
            "calls krate::f -> krate::<impl ByteVec for Vec<u8>>::push_str method",
            "calls krate::f -> slice::len method",
        ],
    );
}

#[test]
fn a_method_taking_self_pin_is_called_on_a_pinned_value_only() {
    let outcome = index_crate(&[(
        "src/lib.rs",
        "use core::pin::Pin;
         pub trait Stream { fn poll_next(self: Pin<&mut Self>, cx: u8) -> u8; }
         pub trait StreamExt: Stream {
             fn poll_next(&mut self, cx: u8) -> u8 where Self: Unpin { Stream::poll_next(Pin::new(self), cx) }
         }
         impl<S: Stream + ?Sized> StreamExt for S {}
         pub struct NextFuture<'a, S: ?Sized> { stream: &'a mut S }
         impl<S: Stream + Unpin + ?Sized> NextFuture<'_, S> {
             fn poll(mut self: Pin<&mut Self>, cx: u8) -> u8 { self.stream.poll_next(cx) }
         }
         pub struct Wrapper<S> { inner: S }
         impl<S: Stream> Wrapper<S> {
             fn get_pin_mut(self: Pin<&mut Self>) -> Pin<&mut S> { loop {} }
             fn poll(self: Pin<&mut Self>, cx: u8) -> u8 { self.get_pin_mut().poll_next(cx) }
         }
         pub fn until<R: StreamExt + ?Sized>(mut reader: Pin<&mut R>) -> u8 {
             reader.as_mut().poll_next(1)
         }",
    )]);
    assert_resolves(
        &outcome,
        &[EdgeKind::Calls],
        &[
            "calls krate::NextFuture::poll -> krate::StreamExt::poll_next method",
            "calls krate::until -> krate::Stream::poll_next method",
            "calls krate::Wrapper::poll -> krate::Stream::poll_next method",
        ],
    );
}
