//! Sites to edges: calls (`exact` through the def maps, `method` when the
//! receiver's type is known, `heuristic` when only a rare method name
//! matched), type and trait references, macro invocations, derives and
//! imports. Whatever cannot be resolved becomes an `unresolved` row, so
//! completeness stays queryable.

use super::fast_hash::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::{Edge, EdgeKind, NodeIdx, NodeKind, Provenance, Unresolved};
use crate::parse::sites::{
    owner_parameter_argument, ClosureInputs, MethodShape, OwnerSites, Site, SiteKind,
    TupleElementType, TypeArguments, TypeGuess,
};
use crate::parse::ParsedUnit;

use super::defs::{CrateDefs, Ns, Res, World};
use super::externals::Externals;
use super::impls::external_type_key;
use super::prelude::{
    is_derive_only_in_prelude, is_integer, is_primitive, is_sysroot_crate, prelude_path,
};
use super::std_methods::{
    adapts_iterator, blanket_method, gives_held_value, is_iterating_range, is_iterator_method,
    is_pointer, is_std_method_name, is_std_result, is_std_trait, makes_iterator, returns_iterator,
    std_buffer_deref, std_function_return, std_iterator_method, std_result_error, std_return_type,
    std_trait_method, std_type_has_method, std_variant_enum, ITERATOR, POINTER, SLICE,
};
use crate::parse::sites::RANGE_INDEX;

/// Methods of `Option`, `Result`, collections and iterators returning
/// something that holds the same `T`s (`x.take()`, `v.iter()`,
/// `it.filter(…)`).
const T_PRESERVING_METHODS: &[&str] = &[
    RANGE_INDEX,
    "take",
    "as_ref",
    "as_mut",
    "as_deref",
    "as_deref_mut",
    "cloned",
    "copied",
    "clone",
    "or",
    "or_else",
    "filter",
    "ok",
    "iter",
    "iter_mut",
    "into_iter",
    "drain",
    "rev",
    "skip",
    "chain",
    "peekable",
    "step_by",
    "by_ref",
    "fuse",
    "as_slice",
    "as_mut_slice",
    "as_ptr",
    "as_mut_ptr",
    "to_vec",
    "skip_while",
    "take_while",
    "get",
    "get_mut",
    "first",
    "first_mut",
    "last",
    "last_mut",
    "pop",
    "pop_front",
    "pop_back",
    "lock",
    "try_lock",
    "read",
    "write",
    // An iterator's element, in an `Option` or a collection.
    "find",
    "next",
    "next_back",
    "nth",
    "min",
    "max",
    "min_by",
    "max_by",
    "min_by_key",
    "max_by_key",
    "peek",
    "collect",
];

/// `RefCell` methods whose guard derefs to the `T` inside.
const GUARD_METHODS: &[&str] = &["borrow", "borrow_mut"];

/// Methods of cells and locks that give a guard of the `T` inside (or, for
/// std's locks, a `Result` of one).
const GUARDS: &[&str] = &["borrow", "borrow_mut", "lock", "try_lock", "read", "write"];

/// std's smart pointers and wrappers whose `*x` is the value they hold.
const DEREF_TO_CONTENT: &[&str] = &[
    "Box",
    "Rc",
    "Arc",
    "ManuallyDrop",
    "Ref",
    "RefMut",
    "MutexGuard",
    "RwLockReadGuard",
    "RwLockWriteGuard",
    "Pin",
    "Cow",
];

/// std wrappers that deref to the value they hold and have no methods of
/// their own, so every method call on one is the value's. (`ManuallyDrop`
/// is not one of the parse's transparent wrappers: it is a holder there,
/// for `ManuallyDrop::into_inner(x)`.)
const METHODLESS_WRAPPERS: &[&str] = &["ManuallyDrop"];

/// Whether std's smart pointer at `pointer` (an external path) has a method
/// `name` of its own, one every value of it has whatever it points to:
/// `Arc`, `Rc` and `Box` clone themselves (a `Box<T>` only when `T` does,
/// and then it is still `Box::clone`); `Pin` has its projections.
fn is_smart_pointer_method(pointer: &str, name: &str) -> bool {
    let pointer = pointer.rsplit("::").next().unwrap_or(pointer);
    match pointer {
        "Arc" | "Rc" | "Box" => name == "clone",
        "Pin" => PIN_METHODS.contains(&name),
        "Cow" => COW_METHODS.contains(&name),
        _ => false,
    }
}

/// `Cow`'s own methods; others are the borrowed value's (`n.is_zero()`
/// of a `Cow<'_, BigUint>` is `BigUint`'s).
const COW_METHODS: &[&str] = &["clone", "into_owned", "is_borrowed", "is_owned", "to_mut"];

/// `Pin`'s own methods (projections and the like).
const PIN_METHODS: &[&str] = &[
    "as_mut",
    "as_ref",
    "get_mut",
    "get_ref",
    "get_unchecked_mut",
    "set",
    "into_ref",
    "map_unchecked",
    "map_unchecked_mut",
];

/// Whether some smart pointer has a method `name` of its own: other method
/// calls need not ask what pointer their receiver is (a lookup per call).
fn is_any_smart_pointer_method(name: &str) -> bool {
    name == "clone" || PIN_METHODS.contains(&name) || COW_METHODS.contains(&name)
}

/// How many nested guesses (a local's value, a field of it, a method's
/// return, a deref...) typing one expression may follow. Six reaches
/// `let slot = (*this).slots.get_unchecked(i); slot.state.load(..)`; four
/// did not (tokio recall +0.3 points, resolve ~4% slower on the corpus).
const MAX_GUESS_DEPTH: usize = 6;

/// A heuristic (name-only) method edge is made only when the name matches
/// at most this many methods; beyond that it is kept as unresolved.
pub const MAX_HEURISTIC_CANDIDATES: usize = 3;

/// Declared types of fns (return type), fields and consts, over all crates.
pub struct Declared {
    pub types: HashMap<NodeIdx, (Vec<String>, Option<Vec<String>>)>,
    /// The `T` a declared `Option<T>`, `Result<T, E>`, `Vec<T>`, `[T]`,
    /// `RefCell<T>`… holds, with the `Self` where it is written.
    pub unwrapped: HashMap<NodeIdx, (Vec<String>, Option<Vec<String>>)>,
    /// The `T` of a declared `Option<Vec<T>>`, `Vec<Vec<T>>`…
    pub unwrapped_twice: HashMap<NodeIdx, (Vec<String>, Option<Vec<String>>)>,
    /// The elements of a declared tuple type, with the `Self` where written.
    pub tuples: HashMap<NodeIdx, (Vec<TupleElementType>, Option<Vec<String>>)>,
    /// The smart pointer a declared type is, as written (`Arc`, `Pin`).
    pub smart_pointers: HashMap<NodeIdx, String>,
    /// The written type arguments of declared generic types (`[Inner]` of
    /// `io: PollEvented<Inner>`), with the `Self` where written.
    pub type_args: HashMap<NodeIdx, (TypeArguments, Option<Vec<String>>)>,
    /// Declared types that are a type parameter of their owner, by its
    /// position (`type Target = E` of `impl<E> Deref for PollEvented<E>`
    /// → 0): what the owner's value was written with there.
    pub owner_params: HashMap<NodeIdx, u16>,
    /// Declared types holding a type parameter of their owner, by its
    /// position (`-> Option<&T>` of `impl<T, P> Punctuated<T, P>`).
    pub unwrapped_owner_params: HashMap<NodeIdx, u16>,
    /// The closures fns take and their parameters' written types, with the
    /// `Self` where written.
    pub closure_inputs: HashMap<NodeIdx, (ClosureInputs, Option<Vec<String>>)>,
    /// Method name → methods with that name (and their shapes), over all crates.
    pub methods_by_name: HashMap<String, Vec<(NodeIdx, Option<MethodShape>)>>,
    /// Trait → its supertraits' paths as written in the trait's scope.
    pub supertraits: HashMap<NodeIdx, Vec<Vec<String>>>,
    /// Per crate: the crates it can reach (itself and its dependencies).
    pub reachable: Vec<HashSet<usize>>,
}

#[derive(Default)]
pub struct SiteEdges {
    pub edges: Vec<Edge>,
    pub unresolved: Vec<Unresolved>,
    seen: HashSet<(NodeIdx, NodeIdx, EdgeKind)>,
    /// The owner being resolved is a trait's method or a trait impl's,
    /// whose calls to itself are not kept (see [`SiteEdges::add`]).
    in_trait_method: bool,
}

impl SiteEdges {
    /// One edge per (src, dst, kind): the first site names where. An item
    /// naming itself is an edge only as a call: a recursive fn is among
    /// its own callers, as in rust-analyzer's call hierarchy, while a
    /// type's mention of itself says nothing a user asks for. Not in a
    /// trait impl's method: there a call of its own name is nearly always
    /// another impl's (`Extend<&T>` calling `Extend<T>`'s `extend`) or the
    /// inner value's (`fmt` of a guard), which a syntactic resolver would
    /// take for the caller itself.
    fn add(&mut self, edge: Edge) {
        let recorded =
            edge.src != edge.dst || (edge.kind == EdgeKind::Calls && !self.in_trait_method);
        if recorded && self.seen.insert((edge.src, edge.dst, edge.kind)) {
            self.edges.push(edge);
        }
    }
}

fn site_edge(
    src: NodeIdx,
    dst: NodeIdx,
    kind: EdgeKind,
    provenance: Provenance,
    candidates: u32,
    at: (Arc<str>, u32),
) -> Edge {
    Edge {
        src,
        dst,
        kind,
        provenance,
        candidates,
        site: Some(at),
    }
}

struct Resolver<'a> {
    crate_ix: usize,
    /// Trait bounds of the generic parameters where the current owner is
    /// written (`I` → `Iterator`).
    bounds: std::cell::RefCell<HashMap<String, Vec<Vec<String>>>>,
    world: &'a World,
    defs: &'a CrateDefs,
    declared: &'a Declared,
    externals: &'a Externals<'a>,
    /// Paths this resolver has looked up, by binding scope and namespace.
    /// The owners of a task mostly share a module and name the same
    /// types and functions over and over.
    paths: std::cell::RefCell<PathMemo>,
    /// The last owner asked about and its binding scope.
    scope_of: std::cell::Cell<Option<(NodeIdx, NodeIdx)>>,
}

type PathMemo = HashMap<(NodeIdx, Ns), HashMap<Vec<String>, Vec<Res>>>;

pub fn resolve_sites(
    world: &World,
    crate_ix: usize,
    unit: &ParsedUnit,
    declared: &Declared,
    externals: &Externals<'_>,
) -> SiteEdges {
    let resolver = || Resolver {
        crate_ix,
        bounds: Default::default(),
        world,
        defs: world.crates[crate_ix].as_ref(),
        declared,
        externals,
        paths: Default::default(),
        scope_of: Default::default(),
    };
    let files: HashMap<NodeIdx, (Arc<str>, u32)> = unit
        .graph
        .nodes
        .iter()
        .map(|n| (n.idx, (n.file.clone(), n.range.line)))
        .collect();
    // Owners resolve independently, so a large crate's owners run in
    // parallel too (one big crate must not serialize the phase). Chunks are
    // merged in order, keeping each edge's first site as a sequential run
    // would.
    let chunks: Vec<SiteEdges> = unit
        .sites
        .par_chunks(OWNERS_PER_TASK)
        .map_init(resolver, |resolver, owners| {
            let mut out = SiteEdges::default();
            for owner in owners {
                let file = files
                    .get(&owner.owner)
                    .map(|(file, _)| file.clone())
                    .unwrap_or_else(|| Arc::from(""));
                resolver.owner(owner, &file, &mut out);
            }
            out
        })
        .collect();
    let mut out = SiteEdges::default();
    for chunk in chunks {
        for edge in chunk.edges {
            out.add(edge);
        }
        out.unresolved.extend(chunk.unresolved);
    }
    drop_inactive_alternatives(world, &mut out.edges);
    resolver().imports(&files, &mut out);
    out
}

/// Among the targets one site reaches under one name (libc's `fcntl` once
/// per target OS, tokio's `Mutex` with and without `parking_lot`), drops
/// those whose cfg is false in the indexed build, when one that is not
/// false remains: an edge to each alternative is right only where the
/// index cannot tell which one the build compiles.
fn drop_inactive_alternatives(world: &World, edges: &mut Vec<Edge>) {
    /// One site's targets under one name: source, kind, where, name.
    type Alternatives<'a> = (NodeIdx, EdgeKind, Option<(Arc<str>, u32)>, Option<&'a str>);
    let inactive: Vec<bool> = edges
        .iter()
        .map(|edge| world.is_inactive(edge.dst))
        .collect();
    // Only the sources with an inactive target have anything to decide.
    let deciding: HashSet<NodeIdx> = edges
        .iter()
        .zip(&inactive)
        .filter(|(_, inactive)| **inactive)
        .map(|(edge, _)| edge.src)
        .collect();
    if deciding.is_empty() {
        return;
    }
    let alternatives = |edge: &Edge| (edge.src, edge.kind, edge.site.clone(), world.name(edge.dst));
    let mut reachable: HashMap<Alternatives<'_>, bool> = HashMap::default();
    for (edge, inactive) in edges.iter().zip(&inactive) {
        if deciding.contains(&edge.src) {
            *reachable.entry(alternatives(edge)).or_default() |= !inactive;
        }
    }
    let mut position = 0;
    edges.retain(|edge| {
        let keep = !inactive[position] || !reachable[&alternatives(edge)];
        position += 1;
        keep
    });
}

/// The trait's name in an impl's name: `Display` of `<impl fmt::Display
/// for X>`; `None` for an inherent impl.
fn impl_trait_name(header: &str) -> Option<String> {
    let header = header.strip_prefix("<impl ").unwrap_or(header);
    let (trait_text, _) = header.split_once(" for ")?;
    last_path_segment(trait_text)
}

/// The path of the first type argument of an impl's trait, from the
/// impl's name: `<impl From<&'static str> for Str>` → `str`,
/// `<impl From<Cow<'_, str>> for S>` → `Cow`; references, lifetimes and
/// generic arguments dropped. `None` for anything but a path.
fn impl_trait_first_argument(header: &str) -> Option<Vec<String>> {
    let header = header.strip_prefix("<impl ").unwrap_or(header);
    let (trait_text, _) = header.split_once(" for ")?;
    let (_, arguments) = trait_text.split_once('<')?;
    let mut depth = 0usize;
    let mut argument = String::new();
    for c in arguments.chars() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ',' if depth == 0 => break,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        argument.push(c);
    }
    let mut text = argument.trim();
    loop {
        let before = text;
        text = text.trim_start_matches('&').trim_start();
        if let Some(rest) = text.strip_prefix('\'') {
            text = rest
                .split_once(' ')
                .map_or("", |(_, rest)| rest)
                .trim_start();
        }
        text = text.strip_prefix("mut ").unwrap_or(text).trim_start();
        if text == before {
            break;
        }
    }
    let path = text.split('<').next()?.trim();
    let segments: Vec<String> = path.split("::").map(|s| s.trim().to_string()).collect();
    segments
        .iter()
        .all(|s| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .then_some(segments)
}

/// `Display` of `fmt::Display`, `PartialEq` of `PartialEq<str>`.
fn last_path_segment(path_text: &str) -> Option<String> {
    let without_arguments = path_text.split('<').next()?;
    let name = without_arguments.rsplit("::").next()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Whether a method call's receiver is `self`.
fn receiver_is_self(site: &Site) -> bool {
    match &site.receiver {
        Some(TypeGuess::Behind(_, inner)) => is_self_path(inner),
        Some(guess) => is_self_path(guess),
        None => false,
    }
}

/// Whether the guess is the value of `self` (`Self`).
fn is_self_path(guess: &TypeGuess) -> bool {
    matches!(guess, TypeGuess::Path(p) if p.len() == 1 && p[0] == "Self")
}

/// Owners (functions, items) resolved per parallel task.
const OWNERS_PER_TASK: usize = 64;

impl Resolver<'_> {
    fn target(&self, res: &Res) -> NodeIdx {
        self.externals.target(res)
    }

    /// For `self.m()` in a member of an impl for `&V` (or `&mut V`) that
    /// has its own `m`: that `m`.
    fn own_member_in_referent_impl(
        &self,
        owner: NodeIdx,
        site: &Site,
        self_types: Option<&[Res]>,
    ) -> Option<NodeIdx> {
        if !receiver_is_self(site) {
            return None;
        }
        let impl_node = self
            .defs
            .parent
            .get(&owner)
            .filter(|parent| self.defs.kind.get(parent) == Some(&NodeKind::Impl))?;
        let referent_impls = self.world.referent_impls.get()?;
        let is_referent_impl = self_types.into_iter().flatten().any(|res| {
            matches!(res, Res::Node(node) if referent_impls
                .get(node)
                .is_some_and(|impls| impls.contains(impl_node)))
        });
        if !is_referent_impl {
            return None;
        }
        let own = self.defs.children.get(impl_node)?.get(&site.path[0])?;
        own.iter()
            .copied()
            .find(|member| self.world.kind(*member) == Some(NodeKind::Method))
    }

    /// Whether the indexed methods among `targets` are a real choice that
    /// only argument types could make (several `impl From<…> for V`), not
    /// cfg alternatives: `imp::Group::load` with `use sse2 as imp` and
    /// `use neon as imp` in `cfg_if!` branches reaches one method per
    /// build, each under its own cfg. Alternatives have pairwise different
    /// cfgs and none is unconditional.
    fn is_real_choice(&self, targets: &[Res]) -> bool {
        let mut cfgs: Vec<Option<&str>> = targets
            .iter()
            .filter_map(|target| match target {
                Res::Node(node) if self.world.kind(*node) == Some(NodeKind::Method) => {
                    Some(self.world.method_cfg(*node))
                }
                _ => None,
            })
            .collect();
        if cfgs.len() < 2 {
            return false;
        }
        if cfgs.iter().any(Option::is_none) {
            return true;
        }
        let methods = cfgs.len();
        cfgs.sort_unstable();
        cfgs.dedup();
        cfgs.len() < methods
    }

    /// [`World::resolve_path`] for a path written in `owner`, remembered per
    /// binding scope. Paths starting with `Self`, `self` or `super` depend
    /// on more than that scope and are resolved every time.
    fn resolve_path(
        &self,
        owner: NodeIdx,
        segments: &[String],
        ns: Ns,
        self_types: Option<&[Res]>,
    ) -> Vec<Res> {
        let depends_on_owner = matches!(
            segments.first().map(String::as_str),
            Some("Self" | "self" | "super")
        );
        if depends_on_owner {
            return self.with_extensions(
                self.world
                    .resolve_path(self.defs, owner, segments, ns, self_types),
                ns,
            );
        }
        let scope = match self.scope_of.get() {
            Some((known, scope)) if known == owner => scope,
            _ => {
                let scope = self.defs.binding_scope(owner);
                self.scope_of.set(Some((owner, scope)));
                scope
            }
        };
        if let Some(found) = self
            .paths
            .borrow()
            .get(&(scope, ns))
            .and_then(|paths| paths.get(segments))
        {
            return found.clone();
        }
        let mut found = self.with_extensions(
            self.world
                .resolve_path(self.defs, owner, segments, ns, self_types),
            ns,
        );
        if found.is_empty() {
            found = self.member_through_alias(owner, segments, ns, self_types);
        }
        self.paths
            .borrow_mut()
            .entry((scope, ns))
            .or_default()
            .insert(segments.to_vec(), found.clone());
        found
    }

    /// `Alias::new()` with `type Alias = Table;`: the member of the type
    /// the alias names (impls sit under the type, not under its aliases).
    fn member_through_alias(
        &self,
        owner: NodeIdx,
        segments: &[String],
        ns: Ns,
        self_types: Option<&[Res]>,
    ) -> Vec<Res> {
        let [prefix @ .., name] = segments else {
            return Vec::new();
        };
        if prefix.is_empty() {
            return Vec::new();
        }
        let owners = self.resolve_path(owner, prefix, Ns::Types, self_types);
        if !owners.iter().any(|res| self.is_alias(res)) {
            return Vec::new();
        }
        let mut found: Vec<Res> = self
            .aliased(owners, 0)
            .iter()
            .flat_map(|target| self.world.member(target, name, Some(ns), 0))
            .collect();
        found.sort();
        found.dedup();
        self.with_extensions(found, ns)
    }

    fn is_alias(&self, res: &Res) -> bool {
        matches!(res, Res::Node(node) if self.world.kind(*node) == Some(NodeKind::TypeAlias))
    }

    /// Each type alias among `types` replaced by the type it names
    /// (through chains of aliases), the others kept. An associated type
    /// is an alias too: an impl's names its type (`type Iter = Iter<T>`),
    /// a trait's its first bound (`type Iter: ParallelIterator`).
    fn aliased(&self, types: Vec<Res>, depth: usize) -> Vec<Res> {
        let stands_for = |res: &Res| {
            self.is_alias(res)
                || matches!(res, Res::Node(node) if self.world.kind(*node) == Some(NodeKind::AssocType))
        };
        if depth > 4 || !types.iter().any(stands_for) {
            return types;
        }
        let mut out = Vec::new();
        for res in types {
            match res {
                Res::Node(node) if stands_for(&res) => {
                    let target = self.declared_type(node, depth + 1);
                    if target.is_empty() {
                        out.push(res);
                    } else {
                        out.extend(self.aliased(target, depth + 1));
                    }
                }
                _ => out.push(res),
            }
        }
        out
    }

    /// The type a path written in a body names: its longest prefix that
    /// ends in an `UpperCamelCase` segment and resolves to a type or
    /// trait (`Foo` of `Foo::new`, `E` of `E::A`, `Ordering` of
    /// `Ordering::Less`). A variant or an associated item is the member of
    /// a type written before it; nothing, when a prefix resolves to
    /// something else (a module, a function) or to nothing.
    fn mentioned_types(
        &self,
        owner: NodeIdx,
        path: &[String],
        value: bool,
        self_types: Option<&[Res]>,
    ) -> Vec<Res> {
        for end in (1..=path.len()).rev() {
            let written = path[end - 1].trim_start_matches("r#");
            if !written.starts_with(|c: char| c.is_ascii_uppercase()) {
                continue;
            }
            // A whole path used as a value is a value first: syn's
            // `token::Brace(span)` calls `fn Brace` beside `struct Brace`
            // (whose literal `Brace { span }` is the struct).
            if value
                && end == path.len()
                && self
                    .resolve_path(owner, path, Ns::Values, self_types)
                    .iter()
                    .any(|value| matches!(value, Res::Node(node) if self.world.kind(*node) == Some(NodeKind::Function)))
            {
                continue;
            }
            let targets = self.resolve_path(owner, &path[..end], Ns::Types, self_types);
            let types: Vec<Res> = targets
                .iter()
                .filter(|target| match target {
                    Res::Node(node) => self.world.kind(*node).is_some_and(NodeKind::is_type),
                    // Outside the index only the names tell: a type is
                    // `UpperCamelCase` and its owner a module
                    // (`core::cmp::Ordering`); a variant's owner is a type
                    // (`core::cmp::Ordering::Less`), a const is
                    // `SCREAMING_CASE` (`usize::MAX`).
                    Res::External(external) => {
                        let mut segments = external.rsplit("::");
                        let name = segments.next().unwrap_or_default();
                        name.contains(|c: char| c.is_ascii_lowercase())
                            && segments.next().is_none_or(|owner| {
                                !owner.starts_with(|c: char| c.is_ascii_uppercase())
                                    && !is_primitive(owner)
                            })
                    }
                })
                .cloned()
                .collect();
            if !types.is_empty() {
                return types;
            }
            let members_only = targets.iter().all(|target| match target {
                Res::Node(node) => matches!(
                    self.world.kind(*node),
                    Some(NodeKind::Variant | NodeKind::AssocConst | NodeKind::AssocType)
                ),
                Res::External(_) => true,
            });
            if !members_only {
                return Vec::new();
            }
        }
        Vec::new()
    }

    fn owner(&self, owner: &OwnerSites, file: &Arc<str>, out: &mut SiteEdges) {
        *self.bounds.borrow_mut() = owner.bounds.iter().cloned().collect();
        out.in_trait_method = self.trait_name_of(&Res::Node(owner.owner)).is_some();
        let self_types: Option<Vec<Res>> = owner
            .self_type
            .as_ref()
            .map(|segments| self.resolve_path(owner.owner, segments, Ns::Types, None));
        let self_types = self_types.as_deref();
        for site in &owner.sites {
            let at = (file.clone(), site.line);
            match site.kind {
                SiteKind::Call | SiteKind::FnValue => {
                    let targets = self.callees(owner.owner, site, self_types);
                    if targets.is_empty() {
                        if site.kind == SiteKind::Call && !is_constructor_name(site.path.last()) {
                            self.unresolved(out, owner.owner, "call", site.path.join("::"), at);
                        }
                        continue;
                    }
                    // `V::from(true)` with `impl From<u8> for V` and
                    // `impl From<bool> for V`: the path alone cannot tell
                    // which impl; only argument types could.
                    let mut targets = targets;
                    // `Self::find_one(..)` in `impl Slim<V, 1>` beside
                    // `impl Slim<V, 2>`: the caller's own impl's. Only
                    // inherent impls: in `impl From<&str> for T`,
                    // `Self::from(s.to_string())` is another impl's.
                    if site.path.len() == 2 && site.path[0] == "Self" && targets.len() > 1 {
                        if let Some(own) = self
                            .own_among(owner.owner, &site.path[1], &targets)
                            .filter(|own| own.iter().all(|m| self.in_inherent_impl(m)))
                        {
                            targets = own;
                        }
                    }
                    // `StableGraph::with_capacity(..)` with an inherent
                    // `with_capacity` beside `impl Create for StableGraph {
                    // fn with_capacity }`: the inherent one, which rustc
                    // looks up first, as for method calls.
                    if targets.len() > 1
                        && targets.iter().any(|target| self.in_inherent_impl(target))
                    {
                        targets.retain(|target| self.trait_name_of(target).is_none());
                    }
                    let mut by_argument = false;
                    if let Some(picked) =
                        self.crate_from_for_std_type(owner.owner, site, &targets, self_types)
                    {
                        targets = picked;
                        by_argument = true;
                    }
                    // `Display::fmt(t, f)`: the trait's method as the
                    // impl of what `t` is implements it.
                    if let Some(argument) = &site.receiver {
                        if let Some(implemented) = self.trait_method_of_argument(
                            owner.owner,
                            argument,
                            &targets,
                            self_types,
                        ) {
                            targets = implemented;
                            by_argument = true;
                        }
                    }
                    if let Some(argument) = site.receiver.as_ref().filter(|_| targets.len() > 1) {
                        if let Some(picked) =
                            self.conversions_from(owner.owner, argument, &targets, self_types)
                        {
                            targets = picked;
                            by_argument = true;
                        }
                    }
                    let methods = targets
                        .iter()
                        .filter(|t| matches!(t, Res::Node(n) if self.world.kind(*n) == Some(NodeKind::Method)))
                        .count();
                    let choice = self.is_real_choice(&targets);
                    let (provenance, candidates) = if choice {
                        (Provenance::Heuristic, targets.len() as u32)
                    } else if by_argument {
                        // Chosen by a guessed type, as a method by its receiver's.
                        (Provenance::Method, 1)
                    } else {
                        (Provenance::Exact, 1)
                    };
                    if choice && methods > MAX_HEURISTIC_CANDIDATES {
                        self.unresolved(out, owner.owner, "call", site.path.join("::"), at);
                        continue;
                    }
                    for target in targets {
                        let dst = self.target(&target);
                        out.add(site_edge(
                            owner.owner,
                            dst,
                            EdgeKind::Calls,
                            provenance,
                            candidates,
                            at.clone(),
                        ));
                    }
                }
                SiteKind::MethodCall => self.method_call(owner.owner, site, self_types, at, out),
                SiteKind::TypeRef | SiteKind::TraitRef | SiteKind::Mention { .. } => {
                    let targets = match site.kind {
                        SiteKind::Mention { value } => {
                            self.mentioned_types(owner.owner, &site.path, value, self_types)
                        }
                        _ if site.path.len() == 1 && is_primitive(&site.path[0]) => continue,
                        _ => {
                            let targets =
                                self.resolve_path(owner.owner, &site.path, Ns::Types, self_types);
                            if targets.is_empty() {
                                let kind = if site.kind == SiteKind::TypeRef {
                                    "type"
                                } else {
                                    "trait"
                                };
                                let text = site.path.join("::");
                                self.unresolved(out, owner.owner, kind, text, at.clone());
                            }
                            targets
                        }
                    };
                    for target in targets {
                        let dst = self.target(&target);
                        out.add(site_edge(
                            owner.owner,
                            dst,
                            EdgeKind::References,
                            Provenance::Exact,
                            1,
                            at.clone(),
                        ));
                    }
                }
                SiteKind::MacroCall => {
                    let targets = self.resolve_path(owner.owner, &site.path, Ns::Macros, None);
                    if targets.is_empty() {
                        self.unresolved(
                            out,
                            owner.owner,
                            "macro",
                            format!("{}!", site.path.join("::")),
                            at.clone(),
                        );
                    }
                    for target in targets {
                        let dst = self.target(&target);
                        out.add(site_edge(
                            owner.owner,
                            dst,
                            EdgeKind::InvokesMacro,
                            Provenance::Exact,
                            1,
                            at.clone(),
                        ));
                    }
                }
                SiteKind::Derive => {
                    let mut targets = self.resolve_path(owner.owner, &site.path, Ns::Macros, None);
                    if targets.is_empty() && site.path.len() == 1 {
                        // Built-in derives name their trait.
                        if let Some(path) = prelude_path(&site.path[0]) {
                            targets.push(Res::External(path.to_string()));
                        }
                    }
                    if targets.is_empty() {
                        targets = self.resolve_path(owner.owner, &site.path, Ns::Types, None);
                    }
                    if targets.is_empty() {
                        self.unresolved(
                            out,
                            owner.owner,
                            "derive",
                            site.path.join("::"),
                            at.clone(),
                        );
                    }
                    for target in targets {
                        let dst = self.target(&target);
                        out.add(site_edge(
                            owner.owner,
                            dst,
                            EdgeKind::Derives,
                            Provenance::Exact,
                            1,
                            at.clone(),
                        ));
                    }
                }
            }
        }
    }

    /// For a trait method called by its path (`Display::fmt(t, f)`,
    /// `Iterator::next(&mut it)`), the method of the impl of that trait for
    /// the type of the first argument, when the argument's type is an
    /// indexed type with such an impl; `None` otherwise.
    fn trait_method_of_argument(
        &self,
        owner: NodeIdx,
        argument: &TypeGuess,
        targets: &[Res],
        self_types: Option<&[Res]>,
    ) -> Option<Vec<Res>> {
        let [target] = targets else {
            return None;
        };
        let (trait_name, name) = match target {
            Res::Node(method) => {
                let defs = self.world.defs_of(*method)?;
                let parent = defs.parent.get(method)?;
                if defs.kind.get(parent) != Some(&NodeKind::Trait) {
                    return None;
                }
                (
                    defs.name.get(parent)?.clone(),
                    defs.name.get(method)?.clone(),
                )
            }
            Res::External(path) => {
                let (trait_path, name) = path.rsplit_once("::")?;
                if !is_std_trait(trait_path) {
                    return None;
                }
                (
                    trait_path.rsplit("::").next()?.to_string(),
                    name.to_string(),
                )
            }
        };
        let mut found = Vec::new();
        for argument_type in self.guess_types(owner, argument, self_types, 0) {
            let Res::Node(type_node) = argument_type else {
                continue;
            };
            let mut members = self.world.impl_members(type_node, &name, Some(Ns::Values));
            members.extend(
                self.world
                    .referent_impl_members(type_node, &name, Some(Ns::Values)),
            );
            found.extend(members.into_iter().filter(|member| {
                self.trait_name_of(member).as_deref() == Some(trait_name.as_str())
            }));
        }
        // `fmt::Debug::fmt(&**self, f)` in a guard's own `Debug` impl
        // forwards to what the guard derefs to, which `**self` may not
        // have been typed as: never the caller itself.
        found.retain(|member| *member != Res::Node(owner));
        found.sort();
        found.dedup();
        (!found.is_empty()).then_some(found)
    }

    /// Of the `from`s of several `impl From<A> for T` (`T::from(x)`,
    /// `Self::from(x)`), those whose `A` is what the argument is; `None`
    /// when the argument's type is unknown or picks none or all of them.
    fn conversions_from(
        &self,
        owner: NodeIdx,
        argument: &TypeGuess,
        targets: &[Res],
        self_types: Option<&[Res]>,
    ) -> Option<Vec<Res>> {
        let key = |res: &Res| match res {
            Res::External(path) => Res::External(external_type_key(path).to_string()),
            node => node.clone(),
        };
        // `CowStr::from(cow)` with `cow: Cow<char>` converts the `Cow`
        // (`impl From<Cow<'a, char>>`), not the `char` method calls see.
        let pointer_types = match argument {
            TypeGuess::Behind(pointer, _) => {
                self.resolve_path(owner, &[pointer.to_string()], Ns::Types, self_types)
            }
            _ => Vec::new(),
        };
        let argument_types: Vec<Res> = if pointer_types.is_empty() {
            self.guess_types(owner, argument, self_types, 0)
        } else {
            pointer_types
        }
        .iter()
        .map(key)
        .collect();
        if argument_types.is_empty() {
            return None;
        }
        let picked: Vec<Res> = targets
            .iter()
            .filter(|target| {
                let Res::Node(method) = target else {
                    return false;
                };
                let Some((defs, impl_node)) = self.parent_impl(*method) else {
                    return false;
                };
                let Some(source) = defs
                    .name
                    .get(&impl_node)
                    .and_then(|header| impl_trait_first_argument(header))
                else {
                    return false;
                };
                self.world
                    .resolve_path(defs, impl_node, &source, Ns::Types, None)
                    .iter()
                    .any(|res| argument_types.contains(&key(res)))
            })
            .cloned()
            .collect();
        (!picked.is_empty() && picked.len() < targets.len()).then_some(picked)
    }

    /// `u16::from(port)` with http's `impl From<Port<T>> for u16`: for a
    /// std type's `from`, the crates' impl that converts from the
    /// argument's type, when the argument is of such a type (std's own
    /// `from` otherwise, and then `None`).
    fn crate_from_for_std_type(
        &self,
        owner: NodeIdx,
        site: &Site,
        targets: &[Res],
        self_types: Option<&[Res]>,
    ) -> Option<Vec<Res>> {
        let (Some(argument), [Res::External(path)]) = (&site.receiver, targets) else {
            return None;
        };
        let (type_path, "from") = path.rsplit_once("::")? else {
            return None;
        };
        let mut candidates = self.crate_impl_members(type_path, "from", true);
        if candidates.is_empty() {
            return None;
        }
        candidates.push(targets[0].clone());
        self.conversions_from(owner, argument, &candidates, self_types)
    }

    /// What a path call or function value calls: functions and methods
    /// (constructors of tuple structs and variants are not calls).
    fn callees(&self, owner: NodeIdx, site: &Site, self_types: Option<&[Res]>) -> Vec<Res> {
        // `R::next(..)` with `R: Iterator`: the bound trait's method.
        let through_parameter = match site.path.as_slice() {
            [param, function] => self
                .bounds
                .borrow()
                .get(param)
                .cloned()
                .map(|traits| (traits, function.clone())),
            _ => None,
        };
        if let Some((traits, function)) = through_parameter {
            let mut found: Vec<Res> = traits
                .iter()
                .flat_map(|path| self.resolve_path(owner, path, Ns::Types, self_types))
                .flat_map(|trait_res| match &trait_res {
                    Res::Node(_) => self
                        .world
                        .member(&trait_res, &function, Some(Ns::Values), 0),
                    // A std trait the lists know has only its own methods
                    // (`Self: Clone` gives no `Self::one()`).
                    Res::External(path) if is_std_trait(path) => std_trait_method(path, &function)
                        .map(Res::External)
                        .into_iter()
                        .collect(),
                    Res::External(path) => vec![Res::External(format!("{path}::{function}"))],
                })
                .collect();
            // Several external traits: which one has `function` is unknown.
            if found
                .iter()
                .filter(|r| matches!(r, Res::External(_)))
                .count()
                > 1
            {
                found.retain(|r| matches!(r, Res::Node(_)));
            }
            // Else the path as written: in a trait's default method,
            // `Self::one()` is a supertrait's (`trait Integer: Num`).
            if !found.is_empty() {
                return found;
            }
        }
        let resolved = match &site.qself_trait {
            // `<T as Trait>::f`: the trait's method.
            Some(trait_path) => {
                let traits = self.resolve_path(owner, trait_path, Ns::Types, self_types);
                let name = site.path.last().cloned().unwrap_or_default();
                traits
                    .iter()
                    .flat_map(|t| self.world.member(t, &name, Some(Ns::Values), 0))
                    .collect()
            }
            None => self.resolve_path(owner, &site.path, Ns::Values, self_types),
        };
        // `Self::one()` in a trait's default method: the trait's fn, else a
        // supertrait's (`trait Integer: Num` with `trait Num: One`).
        let resolved = match (site.path.as_slice(), self_types) {
            ([first, function], Some([Res::Node(trait_node)]))
                if resolved.is_empty()
                    && first == "Self"
                    && self.world.kind(*trait_node) == Some(NodeKind::Trait) =>
            {
                self.trait_methods(*trait_node, function, 0)
            }
            _ => resolved,
        };
        // A lone name passed as an argument is usually a value (a binding,
        // a const, an imported module): a call only if it names a fn here.
        let lone_value = site.kind == SiteKind::FnValue && site.path.len() == 1;
        resolved
            .into_iter()
            .filter(|res| match res {
                Res::Node(node) => matches!(
                    self.world.kind(*node),
                    Some(NodeKind::Function | NodeKind::Method)
                ),
                Res::External(path) => {
                    !lone_value
                        && !is_constructor_name(
                            path.rsplit("::").next().map(str::to_string).as_ref(),
                        )
                }
            })
            .collect()
    }

    fn method_call(
        &self,
        owner: NodeIdx,
        site: &Site,
        self_types: Option<&[Res]>,
        at: (Arc<str>, u32),
        out: &mut SiteEdges,
    ) {
        let name = &site.path[0];
        // `self.m()` in `impl D for &V`: `self` is a `&V`, whose own trait
        // impls come before `V`'s methods; this impl's `m` is the one.
        if let Some(method) = self.own_member_in_referent_impl(owner, site, self_types) {
            out.add(site_edge(
                owner,
                method,
                EdgeKind::Calls,
                Provenance::Method,
                1,
                at,
            ));
            return;
        }
        // `self.shared.clone()` with `shared: Arc<Shared>`, `self.as_mut()`
        // with `self: Pin<&mut Self>`: the pointer's own method, which
        // the probe reaches before the pointee's.
        if let Some(method) = site
            .receiver
            .as_ref()
            .filter(|_| is_any_smart_pointer_method(name))
            .and_then(|guess| self.smart_pointer_of(owner, guess, self_types))
            .filter(|pointer| is_smart_pointer_method(pointer, name))
            .map(|pointer| format!("{pointer}::{name}"))
        {
            let dst = self.target(&Res::External(method));
            out.add(site_edge(
                owner,
                dst,
                EdgeKind::Calls,
                Provenance::Method,
                1,
                at,
            ));
            return;
        }
        // `self.key.into_deserializer()` with `key: Cow<'de, str>` and
        // serde's `impl IntoDeserializer for Cow<'a, str>`: a crate's impl
        // for `Cow` itself, which the probe tries before dereferencing to
        // the borrowed value (see `cow_impls_have` for other pointers).
        if let Some(methods) = site
            .receiver
            .as_ref()
            .filter(|_| self.cow_impls_have(name))
            .and_then(|guess| self.smart_pointer_of(owner, guess, self_types))
            .filter(|pointer| pointer.ends_with("::Cow"))
            .map(|pointer| self.extension_members(&pointer, name, true))
            .filter(|methods| !methods.is_empty())
        {
            let (provenance, candidates) = if methods.len() > 1 {
                (Provenance::Heuristic, methods.len() as u32)
            } else {
                (Provenance::Method, 1)
            };
            self.add_calls(out, owner, &methods, (provenance, candidates), &at);
            return;
        }
        let receivers = site
            .receiver
            .as_ref()
            .map(|guess| self.receiver_types(owner, guess, self_types))
            .unwrap_or_default();
        let mut methods = self.methods_called(owner, &receivers, name);
        if !methods.is_empty() {
            let pinned = site
                .receiver
                .as_ref()
                .and_then(|guess| self.pinning(owner, guess, self_types));
            self.match_pin_receivers(&receivers, name, pinned, &mut methods);
        }
        // Rust's probe order: inherent methods come first (`x.len()` with
        // `impl X { fn len }` and `impl Tr for X { fn len }`); of those
        // left, `self.m()` in an impl that has its own `m` is that one (see
        // `own_among`).
        if methods.len() > 1 {
            if methods.iter().any(|method| self.in_inherent_impl(method)) {
                methods.retain(|method| self.in_inherent_impl(method));
            }
            if receiver_is_self(site) {
                if let Some(own) = self.own_among(owner, name, &methods) {
                    methods = own;
                }
            }
        }
        if methods.len() > 1 {
            self.keep_traits_in_scope(owner, &mut methods);
        }
        if methods.is_empty() && !receivers.is_empty() {
            methods = self.methods_through_deref(&receivers, name, 0);
            if methods.is_empty() {
                if let Some(guess) = &site.receiver {
                    methods = self.methods_through_parameter_deref(
                        owner, guess, &receivers, name, self_types, 0,
                    );
                }
            }
            if methods.is_empty() {
                methods = self.methods_of_blanket_impls(&receivers, name);
                if methods.len() > 1 {
                    self.keep_traits_in_scope(owner, &mut methods);
                }
            }
            if methods.is_empty() && !is_std_method_name(name) {
                methods = self.blanket_methods_in_scope(owner, name, false);
            }
            // `x.to_string()` on a type with no such method of its own is
            // std's blanket impl's (`impl<T: Display> ToString for T`).
            if methods.is_empty() {
                methods.extend(blanket_method(name, site.args).map(|p| Res::External(p.into())));
            }
        }
        if !methods.is_empty() {
            // `bytes.partial_cmp(other)` with `impl PartialOrd<[u8]> for
            // Bytes` and `impl PartialOrd<str> for Bytes`: the receiver
            // alone cannot tell which impl, only argument types could (as
            // for path calls).
            let (provenance, candidates) = if self.is_real_choice(&methods) {
                (Provenance::Heuristic, methods.len() as u32)
            } else {
                (Provenance::Method, 1)
            };
            // `self.add(v)` on a `BigInt` with 52 macro-written `impl Add<X>
            // for BigInt`s: an edge to each would be 51 wrong ones. The
            // trait's method is what can be said; a choice among impls of
            // several traits is left unresolved.
            if provenance == Provenance::Heuristic && methods.len() > MAX_HEURISTIC_CANDIDATES {
                match self.one_trait_method_of(&methods, name) {
                    Some(declared) => {
                        self.add_calls(out, owner, &[declared], (provenance, candidates), &at);
                    }
                    None => {
                        let receiver_text = self.receiver_text(&receivers, site);
                        let text = format!("{receiver_text}.{name}");
                        self.unresolved(out, owner, "method", text, at);
                    }
                }
                return;
            }
            self.add_calls(out, owner, &methods, (provenance, candidates), &at);
            return;
        }
        // `self.m()` in an impl whose `Self` is not a plain path (`impl
        // Trait for &mut T`): the impl's own `m`.
        if receiver_is_self(site) && receivers.is_empty() {
            if let Some(methods) = self.own_impl_members(owner, name) {
                for method in methods {
                    out.add(site_edge(
                        owner,
                        *method,
                        EdgeKind::Calls,
                        Provenance::Method,
                        1,
                        at.clone(),
                    ));
                }
                return;
            }
        }
        // Receiver unknown (or its method not indexed): the name alone.
        // Only methods the caller's crate can reach (itself and its
        // dependencies) are candidates.
        let reachable = &self.declared.reachable[self.crate_ix];
        let mut candidates: Vec<NodeIdx> = self
            .declared
            .methods_by_name
            .get(name)
            .into_iter()
            .flatten()
            // `x.name(a, b)` calls a method with a `self` and two more
            // parameters: a same-named associated fn or a method of
            // another arity cannot be it.
            .filter(|(_, shape)| shape.is_none_or(|shape| shape.accepts_method_call(site.args)))
            .map(|(method, _)| *method)
            .filter(|method| {
                self.world
                    .owner
                    .get(method)
                    .is_some_and(|ix| reachable.contains(ix))
            })
            .collect();
        if candidates.len() > 1 {
            let mut methods: Vec<Res> = candidates.iter().map(|m| Res::Node(*m)).collect();
            self.keep_traits_in_scope(owner, &mut methods);
            candidates.retain(|m| methods.contains(&Res::Node(*m)));
        }
        // `x.as_u8()` matching only `trait Usize { fn as_u8 }` and impls of
        // it: whatever `x` is, that trait's method is called.
        if let Some(declared) = self.one_traits_method(&candidates) {
            candidates = vec![declared];
        }
        // A std value could be the receiver too when std has the name.
        if receivers.is_empty()
            && (1..=MAX_HEURISTIC_CANDIDATES).contains(&candidates.len())
            && !is_std_method_name(name)
        {
            for candidate in candidates.iter().copied() {
                out.add(site_edge(
                    owner,
                    candidate,
                    EdgeKind::Calls,
                    Provenance::Heuristic,
                    candidates.len() as u32,
                    at.clone(),
                ));
            }
            return;
        }
        // `s.into()` on a value of unknown type, with no method of that
        // name in reach: std's blanket impl's, which every type has.
        if receivers.is_empty() && candidates.is_empty() {
            if let Some(path) = blanket_method(name, site.args) {
                let dst = self.target(&Res::External(path.to_string()));
                out.add(site_edge(
                    owner,
                    dst,
                    EdgeKind::Calls,
                    Provenance::Method,
                    1,
                    at,
                ));
                return;
            }
        }
        let receiver_text = self.receiver_text(&receivers, site);
        self.unresolved(out, owner, "method", format!("{receiver_text}.{name}"), at);
    }

    /// A `calls` edge from `owner` to each of `callees`, all with one
    /// provenance and candidate count.
    fn add_calls(
        &self,
        out: &mut SiteEdges,
        owner: NodeIdx,
        callees: &[Res],
        (provenance, candidates): (Provenance, u32),
        at: &(Arc<str>, u32),
    ) {
        for callee in callees {
            let dst = self.target(callee);
            out.add(site_edge(
                owner,
                dst,
                EdgeKind::Calls,
                provenance,
                candidates,
                at.clone(),
            ));
        }
    }

    /// How an unresolved method call's receiver is written in its row:
    /// the type it was found to have, else the written type, else `?`.
    fn receiver_text(&self, receivers: &[Res], site: &Site) -> String {
        match (receivers.first(), &site.receiver) {
            (Some(Res::External(path)), _) => path.clone(),
            (Some(Res::Node(node)), _) => self.world.name(*node).unwrap_or("?").to_string(),
            (None, Some(TypeGuess::Path(segments) | TypeGuess::Generic(segments, _))) => {
                segments.join("::")
            }
            (None, _) => "?".to_string(),
        }
    }

    /// Methods named `name` a call at `owner` reaches on values of the
    /// `receivers` types: [`Self::methods_of`], except that on std values,
    /// whose path guess is all it gives, a name std does not use is a
    /// method every type gets from a blanket impl of a trait in scope
    /// (`v.par_iter()`).
    fn methods_called(&self, owner: NodeIdx, receivers: &[Res], name: &str) -> Vec<Res> {
        let mut methods: Vec<Res> = receivers
            .iter()
            .flat_map(|receiver| self.methods_of(receiver, name))
            .collect();
        methods.sort();
        methods.dedup();
        self.pass_over_inaccessible(&mut methods);
        if !methods.is_empty()
            && methods
                .iter()
                .all(|method| matches!(method, Res::External(_)))
            && receivers
                .iter()
                .all(|receiver| matches!(receiver, Res::External(_)))
            && !is_std_method_name(name)
        {
            let blanket = self.blanket_methods_in_scope(owner, name, true);
            if !blanket.is_empty() {
                methods = blanket;
            }
        }
        methods
    }

    /// Whether a receiver is a `Pin`, when that is known: yes for `self:
    /// Pin<&mut Self>`, a field or fn declared `Pin<..>` and `as_mut()` or
    /// `as_ref()` of one; no for a field declared otherwise; else unknown
    /// (`self.get_pin_mut()`, whose return is not read here).
    fn pinning(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        self_types: Option<&[Res]>,
    ) -> Option<bool> {
        if let TypeGuess::MethodReturn(base, method) = guess {
            return matches!(method.as_str(), "as_mut" | "as_ref")
                .then(|| self.pinning(owner, base, self_types))
                .flatten();
        }
        if let Some(pointer) = self.smart_pointer_of(owner, guess, self_types) {
            return Some(pointer.ends_with("::Pin"));
        }
        let TypeGuess::FieldOf(base, field) = guess else {
            return None;
        };
        let declared_field = self
            .guess_types(owner, base, self_types, 1)
            .iter()
            .flat_map(|container| self.world.member(container, field, None, 0))
            .any(|member| {
                matches!(member, Res::Node(node) if self.world.kind(node) == Some(NodeKind::Field))
            });
        declared_field.then_some(false)
    }

    /// Rust's probe matches a `self: Pin<&mut Self>` method only on a
    /// pinned receiver, and finds a by-reference method first on any
    /// other. A value known by its bound trait that calls a name both a
    /// trait and its extension declare (futures-lite's `Stream::poll_next`
    /// and `StreamExt::poll_next(&mut self)`) reaches the one whose receiver
    /// fits: the extension's for `self.stream.poll_next(cx)` on a `&mut S`,
    /// the supertrait's for `reader.as_mut().consume(n)` on a `Pin<&mut R>`
    /// bounded by the extension.
    fn match_pin_receivers(
        &self,
        receivers: &[Res],
        name: &str,
        pinned: Option<bool>,
        methods: &mut Vec<Res>,
    ) {
        let takes_pin = |method: &Res| match method {
            Res::Node(node) => self
                .world
                .defs_of(*node)
                .is_some_and(|defs| defs.pin_receiver_methods.contains(node)),
            Res::External(_) => false,
        };
        let traits: Vec<NodeIdx> = receivers
            .iter()
            .filter_map(|receiver| match receiver {
                Res::Node(node) if self.world.kind(*node) == Some(NodeKind::Trait) => Some(*node),
                _ => None,
            })
            .collect();
        if traits.len() != receivers.len() {
            return;
        }
        let mut fitting: Vec<Res> = if pinned == Some(true) && !methods.iter().any(takes_pin) {
            traits
                .iter()
                .flat_map(|bound| self.supertraits(*bound))
                .flat_map(|supertrait| match supertrait {
                    Res::Node(node) => self.trait_methods(node, name, 1),
                    Res::External(_) => Vec::new(),
                })
                .filter(takes_pin)
                .collect()
        } else if pinned == Some(false) && methods.iter().all(takes_pin) {
            traits
                .iter()
                .flat_map(|bound| self.subtrait_methods(*bound, name))
                .filter(|method| !takes_pin(method))
                .collect()
        } else {
            return;
        };
        fitting.sort();
        fitting.dedup();
        if !fitting.is_empty() {
            *methods = fitting;
        }
    }

    /// Drops another crate's inherent methods that are not `pub` when
    /// other candidates remain: Rust's probe passes over them (lz4_flex's
    /// `hasher.finish()` is `Hasher::finish`, not twox-hash's
    /// `pub(crate) fn finish` of `XxHash32`). With none left, the call
    /// would not compile, and the candidates stay as they were.
    fn pass_over_inaccessible(&self, methods: &mut Vec<Res>) {
        let inaccessible = |method: &Res| match method {
            Res::Node(node) => {
                self.world.owner.get(node) != Some(&self.crate_ix)
                    && self
                        .world
                        .defs_of(*node)
                        .is_some_and(|defs| defs.not_pub_inherent_methods.contains(node))
            }
            Res::External(_) => false,
        };
        if methods.iter().any(inaccessible) && !methods.iter().all(inaccessible) {
            methods.retain(|method| !inaccessible(method));
        }
    }

    /// The std smart pointer (its external path) a receiver is: written
    /// on a parameter or `self`, or the declared type of the field or the
    /// fn whose value it is. A crate's own `Arc` is no std pointer.
    fn smart_pointer_of(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        self_types: Option<&[Res]>,
    ) -> Option<String> {
        let external = |found: Vec<Res>| match found.as_slice() {
            [Res::External(path)] => Some(path.clone()),
            _ => None,
        };
        let declared = |node: NodeIdx| {
            let pointer = self.declared.smart_pointers.get(&node)?;
            let defs = self.world.defs_of(node)?;
            external(self.world.resolve_path(
                defs,
                node,
                std::slice::from_ref(pointer),
                Ns::Types,
                None,
            ))
        };
        match guess {
            TypeGuess::Behind(pointer, _) => {
                external(self.resolve_path(owner, &[pointer.to_string()], Ns::Types, self_types))
            }
            TypeGuess::FieldOf(base, field) => {
                let containers = self.guess_types(owner, base, self_types, 1);
                let mut found = containers
                    .iter()
                    .flat_map(|container| self.world.member(container, field, None, 0))
                    .filter_map(|member| match member {
                        Res::Node(node) if self.world.kind(node) == Some(NodeKind::Field) => {
                            Some(declared(node))
                        }
                        _ => None,
                    });
                // Every field the guess reaches must agree.
                let first = found.next()??;
                found
                    .all(|other| other.as_deref() == Some(first.as_str()))
                    .then_some(first)
            }
            TypeGuess::ReturnOf(path) => {
                let callees = self.resolve_path(owner, path, Ns::Values, self_types);
                match callees.as_slice() {
                    [Res::Node(node)]
                        if matches!(
                            self.world.kind(*node),
                            Some(NodeKind::Function | NodeKind::Method)
                        ) =>
                    {
                        declared(*node)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Methods named `name` callable on a value of type `receiver`:
    /// inherent and trait impls of the type, then the traits' own
    /// declarations (default methods); on an external type, its external path.
    fn methods_of(&self, receiver: &Res, name: &str) -> Vec<Res> {
        match receiver {
            // A range of integers is an iterator, with a few methods of its own.
            Res::External(path) if is_iterating_range(path) && is_iterator_method(name) => {
                vec![Res::External(format!("{ITERATOR}::{name}"))]
            }
            // A value known by a std trait (`T: Ord`, `impl Read`, std's
            // iterators) calls what the trait and its supertraits declare.
            Res::External(path) if is_std_trait(path) => std_trait_method(path, name)
                .or_else(|| {
                    (path == ITERATOR)
                        .then(|| std_iterator_method(name))
                        .flatten()
                })
                .map(Res::External)
                .into_iter()
                .collect(),
            Res::External(path) => {
                let mut extension = self.extension_members(path, name, true);
                // `v.par_chunk_by(..)` on a `Vec` with `impl ParallelSlice
                // for [T]`: the extension of what the buffer derefs to.
                if extension.is_empty() {
                    if let Some(target) = std_buffer_deref(path) {
                        extension = self.extension_members(target, name, true);
                    }
                }
                if !extension.is_empty() {
                    return extension;
                }
                if is_pointer(path) {
                    // Both kinds of raw pointer have std's `pointer::` methods.
                    vec![Res::External(format!("{POINTER}::{name}"))]
                } else if matches!(name, "into" | "try_into") {
                    // std's types convert through the blanket `Into`.
                    blanket_method(name, 0)
                        .map(|path| Res::External(path.to_string()))
                        .into_iter()
                        .collect()
                } else if is_integer(path) && matches!(name, "max" | "min" | "clamp") {
                    // Integers compare through `Ord`; floats have their own.
                    vec![Res::External(format!("core::cmp::Ord::{name}"))]
                } else if is_primitive(path) || path == SLICE || path.contains("::") {
                    vec![Res::External(format!("{path}::{name}"))]
                } else {
                    Vec::new()
                }
            }
            Res::Node(node) => {
                let kind = self.world.kind(*node);
                let mut found: Vec<Res> = match kind {
                    Some(NodeKind::Trait) => {
                        let own = self.trait_methods(*node, name, 0);
                        if own.is_empty() {
                            self.subtrait_methods(*node, name)
                        } else {
                            own
                        }
                    }
                    _ => {
                        // The impls for `&T` too (auto-ref). Whether the
                        // receiver is a `T` or a `&T` is not known here, so
                        // when both have the method both are candidates
                        // (a guess), rather than a by-value-first pick that
                        // was wrong often enough to cost `method` precision.
                        let mut members = self.world.impl_members(*node, name, Some(Ns::Values));
                        members.extend(self.world.referent_impl_members(
                            *node,
                            name,
                            Some(Ns::Values),
                        ));
                        members
                    }
                };
                if found.is_empty() {
                    found = self
                        .world
                        .trait_methods_of_type(*node, name, Some(Ns::Values), 0);
                }
                if found.is_empty()
                    && matches!(kind, Some(NodeKind::TypeAlias | NodeKind::AssocType))
                {
                    // An alias calls its aliased type's methods, an
                    // associated type its own (`type Iter = Iter<T>`) or
                    // its bounds' (`type Iter: ParallelIterator`).
                    for aliased in self.declared_type(*node, 0) {
                        if aliased != *receiver {
                            found.extend(self.methods_of(&aliased, name));
                        }
                    }
                }
                // Impls in crates the caller cannot reach are not its
                // (syn's `impl TokenStreamExt for TokenStream` beside
                // quote's own, for quote).
                let reachable = &self.declared.reachable[self.crate_ix];
                found.retain(|res| match res {
                    Res::Node(n) => {
                        self.world.kind(*n) == Some(NodeKind::Method)
                            && self
                                .world
                                .owner
                                .get(n)
                                .is_some_and(|ix| reachable.contains(ix))
                    }
                    Res::External(_) => true,
                });
                found
            }
        }
    }

    /// Methods named `name` that types have through a blanket impl
    /// (`impl<I: ?Sized> Tr for I`) of a trait in scope at `owner`, in a
    /// crate the caller can reach; of bounded impls too when `bounded`
    /// (a std value calling a name std lacks: the bound must hold, or
    /// the code would not compile). Bounds are not checked otherwise, so
    /// the trait being in scope is required, not just preferred.
    fn blanket_methods_in_scope(&self, owner: NodeIdx, name: &str, bounded: bool) -> Vec<Res> {
        let Some(found) = self
            .world
            .blanket_methods
            .get()
            .and_then(|methods| methods.get(name))
        else {
            return Vec::new();
        };
        let reachable = &self.declared.reachable[self.crate_ix];
        let enclosing = self.enclosing_traits(owner);
        found
            .iter()
            .filter(|(_, has_bounds)| bounded || !has_bounds)
            .map(|(method, _)| *method)
            .filter(|method| {
                self.world
                    .owner
                    .get(method)
                    .is_some_and(|ix| reachable.contains(ix))
            })
            .map(Res::Node)
            .filter(|method| {
                self.trait_name_of(method).is_some_and(|trait_name| {
                    enclosing.contains(&trait_name)
                        || self.method_trait_in_scope(owner, method, &trait_name)
                })
            })
            .collect()
    }

    /// When `candidates` are one trait's declaration of a method and
    /// methods of impls of that trait (by the trait's name), the
    /// declaration.
    fn one_traits_method(&self, candidates: &[NodeIdx]) -> Option<NodeIdx> {
        if candidates.len() < 2 {
            return None;
        }
        let mut declared = None;
        for &candidate in candidates {
            let defs = self.world.defs_of(candidate)?;
            let parent = defs.parent.get(&candidate)?;
            if defs.kind.get(parent) == Some(&NodeKind::Trait)
                && declared.replace(candidate).is_some()
            {
                return None;
            }
        }
        let declared = declared?;
        let trait_name = self.trait_name_of(&Res::Node(declared))?;
        candidates
            .iter()
            .all(|&candidate| {
                self.trait_name_of(&Res::Node(candidate)).as_deref() == Some(trait_name.as_str())
            })
            .then_some(declared)
    }

    /// Of several `methods` a call on `self` (or `Self::`) could reach,
    /// the ones the caller's own impl defines, when they are among them.
    /// `self` has exactly the impl's `Self` type, and the type's other
    /// impls defining the name are for other types: other type arguments
    /// of inherent impls (`impl Slim<V, 1>` beside `impl Slim<V, 2>`, as
    /// two inherent impls may not both define a name for one type), other
    /// `Self` types of one trait (`impl BufMut for &mut [u8]` beside `…
    /// for &mut [MaybeUninit<u8>]`).
    fn own_among(&self, owner: NodeIdx, name: &str, methods: &[Res]) -> Option<Vec<Res>> {
        let own: Vec<Res> = self
            .own_impl_members(owner, name)?
            .iter()
            .map(|member| Res::Node(*member))
            .collect();
        (!own.is_empty() && own.iter().all(|member| methods.contains(member))).then_some(own)
    }

    /// The members named `name` of the impl `owner` belongs to, if it is
    /// an impl's member.
    fn own_impl_members(&self, owner: NodeIdx, name: &str) -> Option<&Vec<NodeIdx>> {
        self.defs
            .parent
            .get(&owner)
            .filter(|parent| self.defs.kind.get(parent) == Some(&NodeKind::Impl))
            .and_then(|impl_node| self.defs.children.get(impl_node))
            .and_then(|members| members.get(name))
    }

    /// Rust calls a trait's method by `x.m()` only where the trait is in
    /// scope. Of several candidates, keeps inherent methods and the methods
    /// of traits in scope at `owner` (imported, declared there, or in the
    /// prelude), looked up by the trait's name; keeps them all when none is
    /// found that way (a renamed or `as _` import is not seen by name).
    fn keep_traits_in_scope(&self, owner: NodeIdx, methods: &mut Vec<Res>) {
        let enclosing = self.enclosing_traits(owner);
        let in_scope: Vec<bool> = methods
            .iter()
            .map(|method| match self.trait_name_of(method) {
                Some(trait_name) => {
                    enclosing.contains(&trait_name)
                        || self.method_trait_in_scope(owner, method, &trait_name)
                }
                None => true,
            })
            .collect();
        if in_scope.iter().any(|&kept| kept) && in_scope.iter().any(|&kept| !kept) {
            let mut verdicts = in_scope.into_iter();
            methods.retain(|_| verdicts.next().unwrap_or(true));
        }
    }

    /// Inside `impl fmt::Display for X` (or `trait Display`), that trait is
    /// in scope without an import: `self.0.fmt(f)` there is `Display`'s.
    fn enclosing_traits(&self, owner: NodeIdx) -> Vec<String> {
        let mut names = Vec::new();
        let mut at = owner;
        while let Some(parent) = self.defs.parent.get(&at).copied() {
            match self.defs.kind.get(&parent) {
                Some(NodeKind::Trait) => names.extend(self.defs.name.get(&parent).cloned()),
                Some(NodeKind::Impl) => names.extend(
                    self.defs
                        .name
                        .get(&parent)
                        .and_then(|header| impl_trait_name(header)),
                ),
                Some(NodeKind::Module | NodeKind::Crate) | None => break,
                _ => {}
            }
            at = parent;
        }
        names
    }

    /// The name of the trait a method belongs to: its trait's, or the trait
    /// its impl implements (from the impl's name, `<impl fmt::Display for
    /// X>`); `None` for an inherent method.
    fn trait_name_of(&self, method: &Res) -> Option<String> {
        match method {
            Res::Node(method) => {
                let defs = self.world.defs_of(*method)?;
                let parent = defs.parent.get(method)?;
                match defs.kind.get(parent)? {
                    NodeKind::Trait => defs.name.get(parent).cloned(),
                    NodeKind::Impl => impl_trait_name(defs.name.get(parent)?),
                    _ => None,
                }
            }
            Res::External(path) => {
                let (trait_path, _) = path.rsplit_once("::")?;
                if !is_std_trait(trait_path) {
                    return None;
                }
                trait_path.rsplit("::").next().map(str::to_string)
            }
        }
    }

    /// Whether the trait `method` belongs to (named `trait_name`) is in
    /// scope at `owner`. Rust asks for that trait, not any trait of that
    /// name: regex-automata's `IteratorIndexExt` is in scope in its own
    /// modules, aho-corasick's twin of it is not. When the index knows
    /// which trait the method's is and the name is bound to an indexed
    /// trait, they must be the same; otherwise the name decides.
    fn method_trait_in_scope(&self, owner: NodeIdx, method: &Res, trait_name: &str) -> bool {
        let bound: Vec<Res> = self
            .traits_bound_to(owner, trait_name)
            .into_iter()
            .filter(|res| match res {
                Res::Node(node) => {
                    self.world.kind(*node) == Some(NodeKind::Trait)
                        && self.world.name(*node) == Some(trait_name)
                }
                Res::External(path) => path.rsplit("::").next() == Some(trait_name),
            })
            .collect();
        let own_traits = self.traits_of_method(method);
        if self.imported_under_another_name(owner, method, &own_traits) {
            return true;
        }
        let indexed_bound = bound.iter().any(|res| matches!(res, Res::Node(_)));
        if !indexed_bound || !own_traits.iter().any(|res| matches!(res, Res::Node(_))) {
            return !bound.is_empty();
        }
        own_traits.iter().any(|own| bound.contains(own))
    }

    /// Whether the trait of `method` (its indexed `own_traits`, or the std
    /// trait of an external method) is imported around `owner` under
    /// another name: `use toml_writer::TomlWrite as _;`.
    fn imported_under_another_name(
        &self,
        owner: NodeIdx,
        method: &Res,
        own_traits: &[Res],
    ) -> bool {
        let external_trait = match method {
            Res::External(path) => path.rsplit_once("::").map(|(trait_path, _)| trait_path),
            Res::Node(_) => None,
        };
        self.defs
            .renamed_import_targets(owner)
            .any(|target| match target {
                Res::Node(_) => own_traits.contains(target),
                Res::External(path) => {
                    external_trait.is_some_and(|own| same_sysroot_item(own, path))
                }
            })
    }

    /// What the name `trait_name` is bound to in the types namespace at
    /// `owner`.
    fn traits_bound_to(&self, owner: NodeIdx, trait_name: &str) -> Vec<Res> {
        if is_derive_only_in_prelude(trait_name) {
            self.world
                .lookup_in_scopes(self.defs, owner, trait_name, Ns::Types)
        } else {
            self.resolve_path(owner, &[trait_name.to_string()], Ns::Types, None)
        }
    }

    /// The indexed traits a method belongs to: its trait, or the trait its
    /// impl implements (several under cfg alternatives); none for an
    /// inherent or external method.
    fn traits_of_method(&self, method: &Res) -> Vec<Res> {
        let Res::Node(method) = method else {
            return Vec::new();
        };
        let Some(defs) = self.world.defs_of(*method) else {
            return Vec::new();
        };
        let Some(parent) = defs.parent.get(method) else {
            return Vec::new();
        };
        match defs.kind.get(parent) {
            Some(NodeKind::Trait) => vec![Res::Node(*parent)],
            Some(NodeKind::Impl) => self
                .world
                .traits_of_impl
                .get()
                .and_then(|traits| traits.get(parent))
                .cloned()
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Whether `method` is a member of an impl for a reference (`impl<'a>
    /// IntoIterator for &'a SmallVec<A>`; the impl's name says which).
    fn in_referent_impl(&self, method: &Res) -> bool {
        self.parent_impl_name(method)
            .is_some_and(|name| name.contains(" for &"))
    }

    /// The impl `method` is a member of, with its crate's defs.
    fn parent_impl(&self, method: NodeIdx) -> Option<(&CrateDefs, NodeIdx)> {
        let defs = self.world.defs_of(method)?;
        let parent = *defs.parent.get(&method)?;
        (defs.kind.get(&parent) == Some(&NodeKind::Impl)).then_some((defs, parent))
    }

    /// The name of the impl `method` is a member of (`<impl Tr for X>`).
    fn parent_impl_name(&self, method: &Res) -> Option<&str> {
        let Res::Node(method) = method else {
            return None;
        };
        let (defs, impl_node) = self.parent_impl(*method)?;
        defs.name.get(&impl_node).map(String::as_str)
    }

    /// Whether `method` is a member of an inherent impl (`impl X`, not
    /// `impl Trait for X`; the impl's name says which).
    fn in_inherent_impl(&self, method: &Res) -> bool {
        self.parent_impl_name(method)
            .is_some_and(|name| !name.contains(" for "))
    }

    /// Members named `name` of the indexed crates' impls for the external
    /// type at `type_path` (an extension trait: `impl U32 for u32`,
    /// `Self::splat()` in `impl Vector for __m128i`), only methods when
    /// `methods_only`. Only crates the caller can reach count, and the
    /// caller's own crate first (its traits are the ones in scope, and two
    /// crates may extend one std type alike: memchr's and aho-corasick's
    /// `impl Vector for __m256i`). std's inherent methods win in Rust, so a
    /// name std has stays std's, and so do std's conversion traits' fns,
    /// which std implements for its types many times over (`usize::from`
    /// is std's for a `u8`, a crate's for its own type).
    fn extension_members(&self, type_path: &str, name: &str, methods_only: bool) -> Vec<Res> {
        if std_type_has_method(type_path, name) || matches!(name, "from" | "from_iter" | "from_str")
        {
            return Vec::new();
        }
        self.crate_impl_members(type_path, name, methods_only)
    }

    /// Members named `name` of the reachable crates' impls for the
    /// external type at `type_path`, the caller's crate's alone when it has
    /// some (see [`Self::extension_members`]).
    fn crate_impl_members(&self, type_path: &str, name: &str, methods_only: bool) -> Vec<Res> {
        let reachable = &self.declared.reachable[self.crate_ix];
        let mut found: Vec<(usize, Res)> = self
            .world
            .external_impl_members(type_path, name, Some(Ns::Values))
            .into_iter()
            .filter_map(|res| {
                let Res::Node(member) = res else { return None };
                if methods_only && self.world.kind(member) != Some(NodeKind::Method) {
                    return None;
                }
                let crate_ix = *self.world.owner.get(&member)?;
                reachable.contains(&crate_ix).then_some((crate_ix, res))
            })
            .collect();
        if found.iter().any(|(ix, _)| *ix == self.crate_ix) {
            found.retain(|(ix, _)| *ix == self.crate_ix);
        }
        found.into_iter().map(|(_, res)| res).collect()
    }

    /// A path's resolutions with `Type::member` on an external type
    /// replaced by the indexed extension impl's member, when there is one
    /// (see [`Self::extension_members`]).
    fn with_extensions(&self, found: Vec<Res>, ns: Ns) -> Vec<Res> {
        if ns != Ns::Values {
            return found;
        }
        let mut out = Vec::with_capacity(found.len());
        for res in found {
            if let Res::External(path) = &res {
                if let Some((type_path, name)) = path.rsplit_once("::") {
                    let extension = self.extension_members(type_path, name, false);
                    if !extension.is_empty() {
                        out.extend(extension);
                        continue;
                    }
                }
            }
            out.push(res);
        }
        out
    }

    /// Methods named `name` of the traits that extend `trait_node` (`trait
    /// IndexedParallelIterator: ParallelIterator`), in crates the caller
    /// can reach: a value known only as a `ParallelIterator` that calls
    /// `with_max_len` must be an indexed one, whose type is unknown here.
    fn subtrait_methods(&self, trait_node: NodeIdx, name: &str) -> Vec<Res> {
        let reachable = &self.declared.reachable[self.crate_ix];
        let mut found = Vec::new();
        for (method, _) in self
            .declared
            .methods_by_name
            .get(name)
            .into_iter()
            .flatten()
        {
            let Some(defs) = self.world.defs_of(*method) else {
                continue;
            };
            let Some(&owner_trait) = defs.parent.get(method) else {
                continue;
            };
            if defs.kind.get(&owner_trait) != Some(&NodeKind::Trait)
                || owner_trait == trait_node
                || !self
                    .world
                    .owner
                    .get(method)
                    .is_some_and(|ix| reachable.contains(ix))
            {
                continue;
            }
            if self.extends(owner_trait, trait_node, 0) {
                found.push(Res::Node(*method));
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// Whether `trait_node` has `ancestor` among its supertraits, directly
    /// or through theirs.
    fn extends(&self, trait_node: NodeIdx, ancestor: NodeIdx, depth: usize) -> bool {
        if depth > 3 {
            return false;
        }
        self.supertraits(trait_node)
            .into_iter()
            .any(|supertrait| match supertrait {
                Res::Node(node) => node == ancestor || self.extends(node, ancestor, depth + 1),
                Res::External(_) => false,
            })
    }

    /// The traits `trait_node` names as its supertraits, resolved where it
    /// is declared.
    fn supertraits(&self, trait_node: NodeIdx) -> Vec<Res> {
        let Some(defs) = self.world.defs_of(trait_node) else {
            return Vec::new();
        };
        self.declared
            .supertraits
            .get(&trait_node)
            .into_iter()
            .flatten()
            .flat_map(|path| {
                self.world
                    .resolve_path(defs, trait_node, path, Ns::Types, None)
            })
            .collect()
    }

    /// Methods named `name` of a trait, else of its supertraits (`self.next()`
    /// in a default method of `trait Ext: Iterator`). std's everyday traits'
    /// methods are known by name (see [`std_trait_method`]).
    fn trait_methods(&self, trait_node: NodeIdx, name: &str, depth: usize) -> Vec<Res> {
        let own = self
            .world
            .member(&Res::Node(trait_node), name, Some(Ns::Values), 0);
        if !own.is_empty() || depth > 4 {
            return own;
        }
        let mut found = Vec::new();
        for supertrait in self.supertraits(trait_node) {
            match &supertrait {
                Res::Node(node) if self.world.kind(*node) == Some(NodeKind::Trait) => {
                    found.extend(self.trait_methods(*node, name, depth + 1));
                }
                Res::External(path) => {
                    found.extend(std_trait_method(path, name).map(Res::External))
                }
                _ => {}
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// The types an expression guess may have.
    fn guess_types(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        if depth > MAX_GUESS_DEPTH {
            return Vec::new();
        }
        let types = match guess {
            TypeGuess::Path(segments) | TypeGuess::Generic(segments, _) => {
                if segments.len() == 1 && segments[0] == "Self" {
                    self_types.map(<[Res]>::to_vec).unwrap_or_default()
                } else {
                    let found = self.resolve_path(owner, segments, Ns::Types, self_types);
                    let through_alias = match guess {
                        TypeGuess::Generic(_, arguments) => {
                            self.alias_argument_types(owner, &found, arguments, self_types, depth)
                        }
                        _ => Vec::new(),
                    };
                    if through_alias.is_empty() {
                        found
                    } else {
                        through_alias
                    }
                }
            }
            TypeGuess::ReturnOf(path) => {
                let mut types = Vec::new();
                for callee in self.resolve_path(owner, path, Ns::Values, self_types) {
                    match &callee {
                        Res::Node(node) => match self.world.kind(*node) {
                            Some(NodeKind::Function | NodeKind::Method) => {
                                types.extend(self.declared_type(*node, depth + 1))
                            }
                            Some(NodeKind::Struct) => types.push(callee.clone()),
                            Some(NodeKind::Variant) => types.extend(self.enum_of(*node)),
                            _ => {}
                        },
                        // By convention `Type::new()`/`default()`/`with_capacity()` return `Type`.
                        Res::External(path) => {
                            if let Some(returned) = std_function_return(path) {
                                types.push(Res::External(returned.to_string()));
                            } else if let Some(enum_path) = std_variant_enum(path) {
                                types.push(Res::External(enum_path.to_string()));
                            } else if let Some((type_path, function)) = path.rsplit_once("::") {
                                // `From::from` and `FromIterator::from_iter` return `Self` too.
                                if matches!(
                                    function,
                                    "new" | "default" | "with_capacity" | "from" | "from_iter"
                                ) {
                                    types.push(Res::External(type_path.to_string()));
                                }
                            }
                        }
                    }
                }
                types
            }
            TypeGuess::FieldOf(base, field) => {
                let bases = self.field_bases(owner, base, self_types, depth);
                let mut types = Vec::new();
                for base_type in &bases {
                    types.extend(self.field_types(owner, base_type, field, self_types, depth));
                }
                // `self.value.m()` with `value: T` in `struct Cell<T>`.
                if types.is_empty() && !self.declared.owner_params.is_empty() {
                    let fields = self.declarations_of(owner, guess, self_types, depth);
                    types = self.owner_parameter_types(owner, base, &fields, self_types, depth);
                }
                // `pair.1` of a tuple value.
                if types.is_empty() {
                    if let Ok(position) = field.parse::<u16>() {
                        types = self.tuple_element_types(owner, base, position, self_types, depth);
                    }
                }
                // `self.inner.back` with `inner: CachePadded<Inner>`: the
                // field of what the base derefs to, as auto-deref finds it.
                if types.is_empty() && !bases.is_empty() {
                    types = self.field_through_deref(owner, base, &bases, field, self_types, depth);
                }
                types
            }
            TypeGuess::Bounds(traits) => {
                let mut found: Vec<Res> = traits
                    .iter()
                    .flat_map(|path| self.resolve_path(owner, path, Ns::Types, self_types))
                    .collect();
                // Which of several unknown external traits has the method
                // is unknowable here; indexed traits and std's everyday
                // ones are checked by name.
                let unknown = |res: &Res| {
                    matches!(res, Res::External(path)
                        if !is_std_trait(path))
                };
                if found.iter().filter(|res| unknown(res)).count() > 1 {
                    found.retain(|res| !unknown(res));
                }
                found
            }
            TypeGuess::Behind(_, inner) | TypeGuess::Converts(inner, _) => {
                self.guess_types(owner, inner, self_types, depth + 1)
            }
            TypeGuess::Awaited(future) => {
                let mut types: Vec<Res> =
                    nodes(self.awaited_declarations(owner, future, self_types, depth))
                        .flat_map(|node| self.declared_type(node, depth + 1))
                        .collect();
                // A future held in a value: `let sleep = Sleep::new(..);
                // sleep.await`.
                if types.is_empty() {
                    for value in self.guess_types(owner, future, self_types, depth + 1) {
                        for output in self.future_outputs(&value) {
                            types.extend(self.declared_type(output, depth + 1));
                        }
                    }
                }
                types
            }
            TypeGuess::Holds(made_by, _) => self.guess_types(
                owner,
                &TypeGuess::ReturnOf(made_by.clone()),
                self_types,
                depth + 1,
            ),
            TypeGuess::ClosureInput(callee, argument, position) => self.closure_input_types(
                owner,
                callee,
                (*argument, *position),
                self_types,
                depth,
                false,
            ),
            TypeGuess::Wrapper(outer, _) => self.guess_types(
                owner,
                &TypeGuess::Path(outer.clone()),
                self_types,
                depth + 1,
            ),
            TypeGuess::Unwrapped(inner) => {
                self.unwrapped_types(owner, inner, self_types, depth + 1)
            }
            TypeGuess::ErrorOf(result) => self.error_types(owner, result, self_types, depth + 1),
            // Slices and arrays call the std slice methods (arrays unsize).
            TypeGuess::Elements(_) => vec![Res::External(SLICE.to_string())],
            TypeGuess::ValueOf(path) => {
                let mut types = Vec::new();
                for value in self.resolve_path(owner, path, Ns::Values, self_types) {
                    // `let mut pending = None;`
                    if let Res::External(path) = &value {
                        types.extend(std_variant_enum(path).map(|e| Res::External(e.to_string())));
                        continue;
                    }
                    let Res::Node(node) = value else { continue };
                    match self.world.kind(node) {
                        Some(NodeKind::Struct) => types.push(value),
                        Some(NodeKind::Variant) => types.extend(self.enum_of(node)),
                        Some(NodeKind::Const | NodeKind::Static | NodeKind::AssocConst) => {
                            types.extend(self.declared_type(node, depth + 1));
                        }
                        Some(NodeKind::Function | NodeKind::Method) => {
                            types.extend(self.traits_of_fn_values());
                        }
                        _ => {}
                    }
                }
                types.sort();
                types.dedup();
                types
            }
            TypeGuess::Deref(pointer) => {
                let types = self.guess_types(owner, pointer, self_types, depth + 1);
                let points = types.iter().any(|res| {
                    matches!(res, Res::External(path) if is_pointer(path)
                        || DEREF_TO_CONTENT.contains(&path.rsplit("::").next().unwrap_or(path)))
                });
                if points {
                    return self.unwrapped_types(owner, pointer, self_types, depth + 1);
                }
                // `**self`: `self` is a reference, `*self` the value and the
                // second `*` its `Deref` target (bytes' `(**self).partial_cmp(..)`
                // in `impl PartialOrd<Vec<u8>> for BytesMut` is the slice's).
                if matches!(&**pointer, TypeGuess::Deref(inner) if is_self_path(inner)) {
                    let targets: Vec<Res> = types
                        .iter()
                        .flat_map(|ty| self.deref_targets(ty, depth + 1))
                        .collect();
                    if !targets.is_empty() {
                        return targets;
                    }
                }
                // `*self.io` of a field `io: PollEvented<E>` whose type
                // derefs: its `Target`. Only for a field, which holds its
                // value (a local or parameter is often a reference, whose
                // `*` is the value itself).
                if matches!(&**pointer, TypeGuess::FieldOf(..)) {
                    let targets =
                        self.deref_target_types(owner, pointer, &types, self_types, depth);
                    if !targets.is_empty() {
                        return targets;
                    }
                }
                types
            }
            // A tuple has no methods of its own that matter here.
            TypeGuess::Tuple(_) => Vec::new(),
            TypeGuess::TupleElement(tuple, position) => {
                self.tuple_element_types(owner, tuple, *position, self_types, depth)
            }
            TypeGuess::Arithmetic(left, right) => {
                // Only primitives' operators are known to return their own
                // type (`Instant - Instant` is a `Duration`).
                let primitive = |guess: &TypeGuess| -> Vec<Res> {
                    self.guess_types(owner, guess, self_types, depth + 1)
                        .into_iter()
                        .filter(|res| matches!(res, Res::External(path) if is_primitive(path)))
                        .collect()
                };
                let mut types = primitive(left);
                if types.is_empty() {
                    if let Some(right) = right {
                        types = primitive(right);
                    }
                }
                types
            }
            TypeGuess::PatternField(path, field) => self
                .pattern_fields(owner, path, field, self_types)
                .into_iter()
                .flat_map(|node| self.field_node_types(owner, node, self_types, depth))
                .collect(),
            // `ToString::to_string` always returns `String`, whatever the
            // receiver is (`i.to_string()` with `i` bound by a pattern of a
            // std enum).
            TypeGuess::MethodReturn(_, method) if method == "to_string" => {
                vec![Res::External("alloc::string::String".to_string())]
            }
            TypeGuess::MethodReturn(base, method) => {
                // `cell.borrow_mut()` is a guard of the `T` inside.
                if GUARD_METHODS.contains(&method.as_str()) {
                    let inside = self.unwrapped_types(owner, base, self_types, depth + 1);
                    if !inside.is_empty() {
                        return inside;
                    }
                }
                if method == "as_ref" || method == "as_mut" {
                    // `self.delay.as_mut()` of a `Pin<Box<Sleep>>` is a
                    // `Pin<&mut Sleep>`, `arc.as_ref()` a `&T`: still the
                    // pointee's methods.
                    if self.smart_pointer_of(owner, base, self_types).is_some() {
                        return self.guess_types(owner, base, self_types, depth + 1);
                    }
                    // `entry.as_ref()` of a `NonNull<T>` is a `&T`.
                    let of_non_null = self
                        .guess_types(owner, base, self_types, depth + 1)
                        .iter()
                        .any(
                            |res| matches!(res, Res::External(path) if path.ends_with("::NonNull")),
                        );
                    if of_non_null {
                        let inside = self.unwrapped_types(owner, base, self_types, depth + 1);
                        if !inside.is_empty() {
                            return inside;
                        }
                    }
                }
                let mut types = Vec::new();
                let base_types = self.guess_types(owner, base, self_types, depth + 1);
                // `cell.get()` of a `Cell<T>`, `v.remove(i)` of a `Vec<T>`:
                // the `T` itself.
                let gives_held = base_types
                    .iter()
                    .any(|ty| matches!(ty, Res::External(path) if gives_held_value(path, method)));
                if gives_held {
                    let held = self.unwrapped_types(owner, base, self_types, depth + 1);
                    if !held.is_empty() {
                        return held;
                    }
                }
                for base_type in base_types.iter().cloned() {
                    // `Clone::clone` returns `Self`, derived or not.
                    if method == "clone" {
                        types.push(base_type);
                        continue;
                    }
                    // `f.debug_list()`, `.entries(..)`: std's builders.
                    if let Res::External(path) = &base_type {
                        if let Some(returned) = std_return_type(path, method) {
                            types.push(Res::External(returned));
                            continue;
                        }
                    }
                    let mut found_methods =
                        self.methods_called(owner, std::slice::from_ref(&base_type), method);
                    // Only the base's own methods' parameters are the base's.
                    let own_methods = !found_methods.is_empty();
                    if found_methods.is_empty() {
                        let base_types = std::slice::from_ref(&base_type);
                        found_methods = self.methods_through_deref(base_types, method, 0);
                        if found_methods.is_empty() {
                            found_methods = self.methods_through_parameter_deref(
                                owner, base, base_types, method, self_types, depth,
                            );
                        }
                        if found_methods.is_empty() {
                            found_methods = self.methods_of_blanket_impls(base_types, method);
                        }
                    }
                    // `v.into_iter()` reaches `impl IntoIterator for
                    // SmallVec` and `.. for &SmallVec` alike when whether
                    // `v` is a reference is unknown; for what it returns,
                    // the by-value impl's answer, as Rust's probe tries a
                    // value before borrowing it.
                    if found_methods.iter().any(|m| !self.in_referent_impl(m)) {
                        found_methods.retain(|m| !self.in_referent_impl(m));
                    }
                    for found in found_methods {
                        match found {
                            // A trait's `fn slice(&self, ..) -> Self` gives
                            // what the receiver is: for a value known by
                            // its bounds (`Input: Slice<R> + InputIter`),
                            // every bound, not the one trait.
                            Res::Node(node) if self.returns_trait_self(node) => {
                                types.extend(base_types.iter().cloned());
                            }
                            Res::Node(node) => {
                                let mut declared = self.declared_type(node, depth + 1);
                                // `fn find(&self, x: K) -> K` of `impl<K:
                                // IndexType> UnionFind<K>`, called in it.
                                if declared.is_empty() && self.of_callers_type(node, self_types) {
                                    declared = self.bounded_parameter(
                                        owner,
                                        self.declared.types.get(&node),
                                        self_types,
                                        depth,
                                    );
                                }
                                if declared.is_empty() && own_methods {
                                    // `cell.get()` returning the `T` of
                                    // `impl<T> Cell<T>`.
                                    types.extend(self.owner_parameter_types(
                                        owner,
                                        base,
                                        std::slice::from_ref(&found),
                                        self_types,
                                        depth,
                                    ));
                                }
                                types.extend(declared);
                            }
                            // A std trait's method reached from an indexed
                            // type or trait (`self.next()` in a trait whose
                            // supertrait is `Iterator`).
                            Res::External(found) => {
                                let Some((trait_path, _)) = found.rsplit_once("::") else {
                                    continue;
                                };
                                if let Some(returned) = std_return_type(trait_path, method) {
                                    types.push(Res::External(returned));
                                } else if returns_iterator(trait_path, method) {
                                    types.push(Res::External(ITERATOR.to_string()));
                                }
                            }
                        }
                    }
                }
                // std's `v.iter()`, `s.chars()`, `it.map(..)` return some
                // iterator of std's: it calls `Iterator`'s methods.
                let on_std = base_types.iter().all(|t| matches!(t, Res::External(_)));
                let on_iterator = base_types.iter().any(|t| match t {
                    Res::External(path) => path == ITERATOR || is_iterating_range(path),
                    Res::Node(node) => self.world.implements_external(*node, ITERATOR),
                });
                if types.is_empty()
                    && ((on_std && makes_iterator(method))
                        || (on_iterator && adapts_iterator(method)))
                {
                    types.push(Res::External(ITERATOR.to_string()));
                }
                types
            }
        };
        let mut types: Vec<Res> = self
            .aliased(types, depth)
            .into_iter()
            .filter(|res| match res {
                Res::Node(node) => self.world.kind(*node).is_some_and(NodeKind::is_type),
                Res::External(_) => true,
            })
            .collect();
        types.sort();
        types.dedup();
        types
    }

    /// The types of the element at `position` of a tuple value: of a tuple
    /// guessed element by element, of the tuples std's methods return
    /// (`size_hint()`'s `(usize, Option<usize>)`, `split_at()`'s two
    /// halves), or of what `enumerate()` yields (`(usize, T)`).
    fn tuple_element_types(
        &self,
        owner: NodeIdx,
        tuple: &TypeGuess,
        position: u16,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let at = usize::from(position);
        match tuple {
            TypeGuess::Behind(_, pointee) => {
                self.tuple_element_types(owner, pointee, position, self_types, depth + 1)
            }
            TypeGuess::Tuple(elements) => match elements.get(at) {
                Some(Some(element)) => self.guess_types(owner, element, self_types, depth + 1),
                _ => Vec::new(),
            },
            TypeGuess::MethodReturn(receiver, method) => match method.as_str() {
                "size_hint" => vec![Res::External(
                    if at == 0 {
                        "usize"
                    } else {
                        "core::option::Option"
                    }
                    .to_string(),
                )],
                "split_at" | "split_at_mut" if at < 2 => {
                    self.guess_types(owner, receiver, self_types, depth + 1)
                }
                _ => self.declared_tuple_element(owner, tuple, at, self_types, depth, false),
            },
            // `for (i, x) in it.enumerate()`, `.map(|(i, x)| ..)`.
            TypeGuess::Unwrapped(iterator) => match &**iterator {
                TypeGuess::MethodReturn(inner, method) if method == "enumerate" => match at {
                    0 => vec![Res::External("usize".to_string())],
                    1 => self.unwrapped_types(owner, inner, self_types, depth + 1),
                    _ => Vec::new(),
                },
                _ => self.declared_tuple_element(owner, tuple, at, self_types, depth, false),
            },
            _ => self.declared_tuple_element(owner, tuple, at, self_types, depth, false),
        }
    }

    /// The types whose field `base.field` reads: what `base` is, or, for
    /// one of std's wrappers that deref to what they hold (`me.buf` with
    /// `me = ManuallyDrop::new(self)`, a `Box<Node>`), what it holds.
    fn field_bases(
        &self,
        owner: NodeIdx,
        base: &TypeGuess,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let bases = self.guess_types(owner, base, self_types, depth + 1);
        let wrapper = |res: &Res| {
            matches!(res, Res::External(path)
                if DEREF_TO_CONTENT.contains(&path.rsplit("::").next().unwrap_or(path)))
        };
        if !bases.is_empty() && bases.iter().all(wrapper) {
            let held = self.unwrapped_types(owner, base, self_types, depth + 1);
            if !held.is_empty() {
                return held;
            }
        }
        bases
    }

    /// Whether an indexed declaration of what `guess` was returned by or
    /// read from says what it holds: a name (`-> Option<Ref<'a, K, V>>`,
    /// `-> *mut T`) or a path that resolves, not an unresolved projection
    /// (`-> Option<&L::Target>`, where the receiver's `T` is the better
    /// guess).
    fn declares_held_type(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> bool {
        self.declarations_of(owner, guess, self_types, depth)
            .iter()
            .any(|declaration| {
                let Res::Node(node) = declaration else {
                    return false;
                };
                self.declared.unwrapped.get(node).is_some_and(|held| {
                    held.0.len() == 1 || !self.declared_unwrapped(*node, depth + 1).is_empty()
                })
            })
    }

    /// The fns, methods, fields and consts whose declarations say what a
    /// value of the guess is: what it was returned by, or read from.
    fn declarations_of(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        match guess {
            TypeGuess::ReturnOf(path) | TypeGuess::ValueOf(path) => {
                self.resolve_path(owner, path, Ns::Values, self_types)
            }
            TypeGuess::MethodReturn(base, method) => {
                let bases = self.guess_types(owner, base, self_types, depth + 1);
                self.methods_called(owner, &bases, method)
            }
            TypeGuess::FieldOf(base, field) => self
                .field_bases(owner, base, self_types, depth)
                .iter()
                .flat_map(|base_type| self.world.member(base_type, field, None, 0))
                .collect(),
            TypeGuess::Awaited(future) => {
                self.awaited_declarations(owner, future, self_types, depth)
            }
            // The field a pattern binds (`Data::Struct(_, fields)`), whose
            // declaration says what it holds (`Vec<Field>`).
            TypeGuess::PatternField(path, field) => self
                .pattern_fields(owner, path, field, self_types)
                .into_iter()
                .map(Res::Node)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The declarations that say what awaiting a call gives: an `async
    /// fn` itself (its declared return is the awaited value's), or for a
    /// fn returning a future type, the `Output` of that type's `Future`
    /// impl. A fn returning `impl Future<Output = T>` gives nothing here.
    fn awaited_declarations(
        &self,
        owner: NodeIdx,
        future: &TypeGuess,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let mut found = Vec::new();
        for declaration in self.declarations_of(owner, future, self_types, depth + 1) {
            let Res::Node(node) = declaration else {
                continue;
            };
            if !matches!(
                self.world.kind(node),
                Some(NodeKind::Function | NodeKind::Method)
            ) {
                continue;
            }
            let returned = self.declared_type(node, depth + 1);
            let outputs: Vec<NodeIdx> = returned
                .iter()
                .flat_map(|ty| self.future_outputs(ty))
                .collect();
            let returns_future_trait = returned.iter().any(
                |ty| matches!(ty, Res::External(path) if path.rsplit("::").next() == Some("Future")),
            );
            if !outputs.is_empty() {
                found.extend(outputs.into_iter().map(Res::Node));
            } else if !returns_future_trait {
                found.push(Res::Node(node));
            }
        }
        found
    }

    /// The `Output` associated types of a type's `Future` impls (`impl
    /// Future for Sleep { type Output = (); }`).
    fn future_outputs(&self, ty: &Res) -> Vec<NodeIdx> {
        self.impls_assoc_types(ty, "Output")
            .into_iter()
            .filter(|output| self.trait_name_of(&Res::Node(*output)).as_deref() == Some("Future"))
            .collect()
    }

    /// The associated types named `name` of the impls of an indexed type,
    /// also those for `&T` (`type Item`, `type Output`).
    fn impls_assoc_types(&self, ty: &Res, name: &str) -> Vec<NodeIdx> {
        let Res::Node(node) = ty else {
            return Vec::new();
        };
        let mut found = self.world.impl_members(*node, name, Some(Ns::Types));
        found.extend(
            self.world
                .referent_impl_members(*node, name, Some(Ns::Types)),
        );
        nodes(found)
            .filter(|member| self.world.kind(*member) == Some(NodeKind::AssocType))
            .collect()
    }

    /// The type (or, with `unwrapped`, the `T` it holds) of element `at`
    /// of a tuple a declaration writes: the `-> (Layout, usize)` of the fn
    /// or method a value comes from, a field's or const's tuple type, or a
    /// tuple type alias (`type SizeHint = (usize, Option<usize>)`) naming
    /// the value's type.
    fn declared_tuple_element(
        &self,
        owner: NodeIdx,
        tuple: &TypeGuess,
        at: usize,
        self_types: Option<&[Res]>,
        depth: usize,
        unwrapped: bool,
    ) -> Vec<Res> {
        if depth > 4 || self.declared.tuples.is_empty() {
            return Vec::new();
        }
        let mut declarations = self.declarations_of(owner, tuple, self_types, depth);
        // `.map(|(s, _)| ..)` over `aliases: Vec<(Str, bool)>`: the held
        // tuple the declaration of what is iterated writes.
        if let TypeGuess::Unwrapped(held_in) = tuple {
            let mut held_in = &**held_in;
            // `aliases.iter()` yields what `aliases` holds.
            while let TypeGuess::MethodReturn(base, method) = held_in {
                if !T_PRESERVING_METHODS.contains(&method.as_str()) {
                    break;
                }
                held_in = base;
            }
            declarations.extend(self.declarations_of(owner, held_in, self_types, depth));
        }
        declarations.extend(
            self.guess_types(owner, tuple, self_types, depth + 1)
                .into_iter()
                .filter(|res| self.is_alias(res)),
        );
        let mut types = Vec::new();
        for declaration in declarations {
            let Res::Node(node) = declaration else {
                continue;
            };
            let Some((elements, self_type)) = self.declared.tuples.get(&node) else {
                continue;
            };
            let Some(element) = elements.get(at) else {
                continue;
            };
            let written = if unwrapped {
                &element.unwrapped
            } else {
                &element.path
            };
            if let Some(path) = written {
                types.extend(self.resolve_written_in(node, path, self_type, depth + 1));
            }
        }
        types
    }

    /// The `T` a value of the guess holds (the `T` of its `Option<T>`,
    /// `Result<T, E>`, `Vec<T>`, `[T]`, `RefCell<T>`…), from what the fn,
    /// method, field or const it comes from declares.
    fn unwrapped_types(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        if depth > MAX_GUESS_DEPTH {
            return Vec::new();
        }
        // What a smart pointer holds is what its pointee holds.
        if let TypeGuess::Behind(_, pointee) | TypeGuess::Converts(pointee, _) = guess {
            return self.unwrapped_types(owner, pointee, self_types, depth + 1);
        }
        if let TypeGuess::Holds(_, held) = guess {
            return self.guess_types(owner, held, self_types, depth + 1);
        }
        if let TypeGuess::ClosureInput(callee, argument, position) = guess {
            return self.closure_input_types(
                owner,
                callee,
                (*argument, *position),
                self_types,
                depth,
                true,
            );
        }
        // Methods that keep the `T` (`x.take()`, `v.iter()`, `m.lock()`)
        // hold what `x` does.
        if let TypeGuess::MethodReturn(base, method) = guess {
            // Unless they give the held value itself: `cell.get()` of a
            // `Cell<Option<R>>` is an `Option<R>`, holding `R`s; the
            // elements of `m.lock().drain(..)` are what the locked `Vec`
            // holds (a `drain` proves `lock` gave a guard).
            if self.gives_held_value_of(owner, base, method, self_types, depth)
                || (T_PRESERVING_METHODS.contains(&method.as_str())
                    && matches!(&**base, TypeGuess::MethodReturn(_, guard) if GUARDS.contains(&guard.as_str())))
            {
                let holder = match &**base {
                    TypeGuess::MethodReturn(inner, guard) if GUARDS.contains(&guard.as_str()) => {
                        &**inner
                    }
                    _ => &**base,
                };
                let held = self.twice_unwrapped_types(owner, holder, self_types, depth + 1);
                if !held.is_empty() {
                    return held;
                }
            }
            // A crate's own method declares what it gives: dashmap's
            // `DashMap::get` returns `Option<Ref<K, V>>`, not an element
            // of iterating the map.
            if T_PRESERVING_METHODS.contains(&method.as_str())
                && !self.declares_held_type(owner, guess, self_types, depth)
            {
                let kept = self.unwrapped_types(owner, base, self_types, depth + 1);
                if !kept.is_empty() {
                    return kept;
                }
            }
        }
        // The fns, methods, fields and consts whose declarations say it.
        let declared_by: Vec<Res> = match guess {
            TypeGuess::Wrapper(_, inner) | TypeGuess::Elements(inner) => {
                return self.guess_types(
                    owner,
                    &TypeGuess::Path(inner.clone()),
                    self_types,
                    depth + 1,
                )
            }
            _ => self.declarations_of(owner, guess, self_types, depth),
        };
        let mut types = Vec::new();
        for declaration in declared_by {
            if let Res::Node(node) = declaration {
                types.extend(self.declared_unwrapped(node, depth + 1));
                // `first()` of `Punctuated<T, P>` is an `Option<&T>`: the
                // `T` the receiver was written with.
                if let Some(position) = self.declared.unwrapped_owner_params.get(&node) {
                    types.extend(
                        self.owner_argument_types(owner, guess, *position, self_types, depth),
                    );
                }
                if self.world.kind(node) == Some(NodeKind::Field)
                    || self.of_callers_type(node, self_types)
                {
                    types.extend(self.bounded_parameter(
                        owner,
                        self.declared.unwrapped.get(&node),
                        self_types,
                        depth,
                    ));
                }
            }
        }
        // Two levels down: `lits[0]` with `Some(ref lits)` matched on a
        // field declared `Option<Vec<Literal>>`.
        if types.is_empty() {
            if let TypeGuess::Unwrapped(held) = guess {
                for declaration in self.declarations_of(owner, held, self_types, depth) {
                    if let Res::Node(node) = declaration {
                        types.extend(self.resolve_where_written(
                            node,
                            self.declared.unwrapped_twice.get(&node),
                            depth + 1,
                        ));
                    }
                }
            }
        }
        // What an element of a declared tuple holds (`hi.map(|n| ..)` with
        // `let (lo, hi) = sh;` and `sh: SizeHint`).
        if types.is_empty() {
            let element = match guess {
                TypeGuess::TupleElement(tuple, position) => {
                    Some((&**tuple, usize::from(*position)))
                }
                TypeGuess::FieldOf(base, field) => field
                    .parse::<usize>()
                    .ok()
                    .map(|position| (&**base, position)),
                _ => None,
            };
            if let Some((tuple, position)) = element {
                types =
                    self.declared_tuple_element(owner, tuple, position, self_types, depth, true);
            }
        }
        if types.is_empty() {
            // A value of an indexed iterator (or collection) type yields the
            // `Item` its `Iterator`/`IntoIterator` impl declares.
            // Else, for `x[i]`, the `Output` of its `Index` impl.
            for held_in in self.guess_types(owner, guess, self_types, depth + 1) {
                let mut items = self.item_types(&held_in, depth);
                // `type Item = &'a T` of `impl<'a, T> Iterator for Iter<'a,
                // T>`: the `T` this value's type was written with.
                if items.is_empty() {
                    for item in self.impls_assoc_types(&held_in, "Item") {
                        if let Some(position) = self.declared.owner_params.get(&item) {
                            items.extend(self.type_argument_types(
                                owner,
                                guess,
                                *position,
                                self_types,
                                depth + 1,
                            ));
                        }
                    }
                }
                if items.is_empty() {
                    types.extend(self.index_output_types(&held_in, depth));
                } else {
                    types.extend(items);
                }
            }
        }
        types
    }

    /// The types a value of the guess was written with as its
    /// `position`th type argument (`Inner` of a field `io:
    /// PollEvented<Inner>`), from the declaration it comes from, seen
    /// through smart pointers and `*`.
    fn type_argument_types(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        position: u16,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        if depth > 4 || self.declared.type_args.is_empty() {
            return Vec::new();
        }
        if let TypeGuess::Behind(_, inner) | TypeGuess::Deref(inner) = guess {
            return self.type_argument_types(owner, inner, position, self_types, depth + 1);
        }
        let mut types = Vec::new();
        // A parameter or local of a written generic type: its argument,
        // written in the caller's own scope.
        if let TypeGuess::Generic(_, arguments) = guess {
            if let Some(Some(argument)) = arguments.get(usize::from(position)) {
                types.extend(self.resolve_path(owner, argument, Ns::Types, self_types));
            }
        }
        for declaration in self.declarations_of(owner, guess, self_types, depth) {
            let Res::Node(node) = declaration else {
                continue;
            };
            // An alias's parameters need not line up with its target's
            // (`type Guard<'a, T> = lock_api::MutexGuard<'a, Raw, T>`): the
            // target's argument is the one the alias wrote (`type Lists<T> =
            // Mutex<ListsInner<T>>` gives `ListsInner`; an argument that is
            // the alias's own parameter names no item and gives nothing).
            let aliases: Vec<NodeIdx> = nodes(self.declared_type(node, depth + 1))
                .filter(|alias| self.world.kind(*alias) == Some(NodeKind::TypeAlias))
                .collect();
            if !aliases.is_empty() {
                for alias in aliases {
                    let Some((args, self_type)) = self.declared.type_args.get(&alias) else {
                        continue;
                    };
                    if let Some(Some(arg)) = args.get(usize::from(position)) {
                        types.extend(self.resolve_written_in(alias, arg, self_type, depth + 1));
                    }
                }
                continue;
            }
            let Some((args, self_type)) = self.declared.type_args.get(&node) else {
                continue;
            };
            let Some(Some(arg)) = args.get(usize::from(position)) else {
                continue;
            };
            // `-> Iter<T>` of `impl<T, P> Punctuated<T, P>`: the `T` the
            // receiver (or the value holding the field) was written with.
            if let Some(outer) = owner_parameter_argument(arg) {
                types.extend(self.owner_argument_types(owner, guess, outer, self_types, depth));
                continue;
            }
            types.extend(self.resolve_written_in(node, arg, self_type, depth + 1));
        }
        let mut types: Vec<Res> = self
            .aliased(types, depth)
            .into_iter()
            .filter(|res| match res {
                Res::Node(node) => self.world.kind(*node).is_some_and(NodeKind::is_type),
                Res::External(_) => true,
            })
            .collect();
        types.sort();
        types.dedup();
        types
    }

    /// For a value a method returns or a field holds, declared as its
    /// owner's `position`th type parameter (or holding it): the argument
    /// the receiver, or the value holding the field, was written with.
    fn owner_argument_types(
        &self,
        owner: NodeIdx,
        value: &TypeGuess,
        position: u16,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        match value {
            TypeGuess::MethodReturn(base, _) | TypeGuess::FieldOf(base, _) => {
                self.type_argument_types(owner, base, position, self_types, depth + 1)
            }
            _ => Vec::new(),
        }
    }

    /// The types of a closure's parameter from the declaration of the fn it
    /// is passed to (`f: impl FnOnce(&Cell<Budget>) -> R`), or with
    /// `unwrapped` the `T` that type holds; a parameter typed by the
    /// callee's owner's type parameter (`*mut T` of `UnsafeCell<T>`'s
    /// `with_mut`) is the argument the receiver was written with.
    fn closure_input_types(
        &self,
        owner: NodeIdx,
        callee: &TypeGuess,
        (argument, position): (u16, u16),
        self_types: Option<&[Res]>,
        depth: usize,
        unwrapped: bool,
    ) -> Vec<Res> {
        if depth > 4 {
            return Vec::new();
        }
        let receiver = match callee {
            TypeGuess::MethodReturn(receiver, _) => Some(&**receiver),
            _ => None,
        };
        // std's `KEY.with(|value| ..)`: a `&T` of a `LocalKey<T>`.
        if let TypeGuess::MethodReturn(key, method) = callee {
            if (method == "with" || method == "try_with") && (argument, position) == (1, 0) {
                let of_local_key = self
                    .guess_types(owner, key, self_types, depth + 1)
                    .iter()
                    .any(|res| matches!(res, Res::External(path) if path.ends_with("::LocalKey")));
                if of_local_key {
                    return if unwrapped {
                        Vec::new()
                    } else {
                        self.unwrapped_types(owner, key, self_types, depth + 1)
                    };
                }
            }
        }
        let mut types = Vec::new();
        for declaration in self.declarations_of(owner, callee, self_types, depth) {
            let Res::Node(node) = declaration else {
                continue;
            };
            let Some((closures, self_type)) = self.declared.closure_inputs.get(&node) else {
                continue;
            };
            let Some(input) = closures
                .iter()
                .find(|(at, _)| *at == argument)
                .and_then(|(_, inputs)| inputs.get(usize::from(position)))
            else {
                continue;
            };
            let (written, param) = if unwrapped {
                (&input.unwrapped, input.unwrapped_owner_param)
            } else {
                (&input.path, input.owner_param)
            };
            match (param, receiver) {
                (Some(param), Some(receiver)) => types.extend(self.type_argument_types(
                    owner,
                    receiver,
                    param,
                    self_types,
                    depth + 1,
                )),
                _ => {
                    if let Some(path) = written {
                        types.extend(self.resolve_written_in(node, path, self_type, depth + 1));
                    }
                }
            }
        }
        types
    }

    /// What declarations typed by their owner's type parameter
    /// (`inner: T` of `struct Cell<T>`, `fn get(&self) -> &T` of `impl<T>
    /// Cell<T>`) give for a value of `owner_value`'s type: the argument it
    /// was written with there.
    fn owner_parameter_types(
        &self,
        owner: NodeIdx,
        owner_value: &TypeGuess,
        declarations: &[Res],
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let mut types = Vec::new();
        for declaration in declarations {
            let Res::Node(node) = declaration else {
                continue;
            };
            if let Some(position) = self.declared.owner_params.get(node) {
                types.extend(self.type_argument_types(
                    owner,
                    owner_value,
                    *position,
                    self_types,
                    depth + 1,
                ));
            }
        }
        types
    }

    /// The `Target` of the `Deref` impls of a value's types: declared
    /// (`type Target = Vec<u8>`) or the value's own type argument (`type
    /// Target = E` of `PollEvented<E>`).
    fn deref_target_types(
        &self,
        owner: NodeIdx,
        value: &TypeGuess,
        types: &[Res],
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let mut targets: Vec<Res> = types
            .iter()
            .flat_map(|ty| self.deref_targets(ty, depth))
            .collect();
        targets.extend(self.parameter_deref_targets(owner, value, types, self_types, depth));
        targets.sort();
        targets.dedup();
        targets.retain(|target| !types.contains(target));
        targets
    }

    /// The `Target`s of the types' `Deref` impls that are a parameter of
    /// the type (`type Target = E` of `PollEvented<E>`): the argument the
    /// value was written with.
    fn parameter_deref_targets(
        &self,
        owner: NodeIdx,
        value: &TypeGuess,
        types: &[Res],
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        if self.declared.owner_params.is_empty() {
            return Vec::new();
        }
        let declared: Vec<Res> = types
            .iter()
            .filter_map(|ty| match ty {
                Res::Node(node) => Some(*node),
                Res::External(_) => None,
            })
            .flat_map(|node| self.world.impl_members(node, "Target", Some(Ns::Types)))
            .collect();
        self.owner_parameter_types(owner, value, &declared, self_types, depth)
    }

    /// Auto-deref through a `Deref` whose `Target` is a parameter of the
    /// receiver's type (`impl<E> Deref for PollEvented<E> { type Target =
    /// E; }`): `name` on the argument the receiver was written with
    /// (`self.io.send(..)` with `io: PollEvented<mio::net::UdpSocket>`).
    fn methods_through_parameter_deref(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        receivers: &[Res],
        name: &str,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let mut targets = self.parameter_deref_targets(owner, guess, receivers, self_types, depth);
        targets.sort();
        targets.dedup();
        targets.retain(|target| !receivers.contains(target));
        if targets.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<Res> = targets
            .iter()
            .flat_map(|target| self.methods_of(target, name))
            .collect();
        if found.is_empty() {
            found = self.methods_through_deref(&targets, name, 1);
        }
        found.sort();
        found.dedup();
        found
    }

    /// The types of the field `field` of what `base` (whose types are
    /// `bases`) derefs to: its own `Deref` target, else the target its
    /// declaration's type arguments give (`impl<T> Deref for
    /// CachePadded<T> { type Target = T; }`).
    fn field_through_deref(
        &self,
        owner: NodeIdx,
        base: &TypeGuess,
        bases: &[Res],
        field: &str,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let mut targets: Vec<Res> = bases
            .iter()
            .flat_map(|base_type| self.deref_targets(base_type, depth + 1))
            .collect();
        if targets.is_empty() {
            targets = self.parameter_deref_targets(owner, base, bases, self_types, depth + 1);
        }
        targets.sort();
        targets.dedup();
        targets.retain(|target| !bases.contains(target));
        targets
            .iter()
            .flat_map(|target| self.field_types(owner, target, field, self_types, depth + 1))
            .collect()
    }

    /// The types a method call's receiver may be. A std wrapper with no
    /// methods of its own (`ManuallyDrop<T>`: its functions are
    /// associated, `ManuallyDrop::take(&mut x)`) is seen through to the
    /// `T`, as the method probe's auto-deref does.
    fn receiver_types(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        self_types: Option<&[Res]>,
    ) -> Vec<Res> {
        let types = self.guess_types(owner, guess, self_types, 0);
        let wrapped = types.iter().any(|res| {
            matches!(res, Res::External(path)
                if METHODLESS_WRAPPERS.contains(&path.rsplit("::").next().unwrap_or(path)))
        });
        if !wrapped {
            return types;
        }
        let held = self.unwrapped_types(owner, guess, self_types, 1);
        if held.is_empty() {
            types
        } else {
            held
        }
    }

    /// Auto-deref: `name` on the `Target` of the receivers' `Deref` impls
    /// (`impl Deref for Wrapper { type Target = Vec<u8>; }` then
    /// `w.len()`), through further derefs while nothing is found.
    fn methods_through_deref(&self, receivers: &[Res], name: &str, depth: usize) -> Vec<Res> {
        if depth > 2 {
            return Vec::new();
        }
        let targets: Vec<Res> = receivers
            .iter()
            .flat_map(|receiver| self.deref_targets(receiver, depth))
            .collect();
        if targets.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<Res> = targets
            .iter()
            .flat_map(|target| self.methods_of(target, name))
            .collect();
        if found.is_empty() {
            found = self.methods_through_deref(&targets, name, depth + 1);
        }
        found.sort();
        found.dedup();
        found
    }

    /// `name` among the traits blanket-implemented for what the receivers
    /// implement (`iter.sorted()` with `impl<T: Iterator + ?Sized>
    /// Itertools for T` in a crate the caller can reach), and for what
    /// those give in turn: syn's `impl<T: quote::spanned::Spanned> Spanned
    /// for T` over quote's `impl<T: ToTokens> Spanned for T` gives every
    /// `ToTokens` type `span()`.
    fn methods_of_blanket_impls(&self, receivers: &[Res], name: &str) -> Vec<Res> {
        // Blanket impls over blanket impls, this many in a row.
        const HOPS: usize = 3;
        let Some(blankets) = self.world.blanket_traits.get() else {
            return Vec::new();
        };
        if blankets.is_empty() {
            return Vec::new();
        }
        let reachable = &self.declared.reachable[self.crate_ix];
        let mut found = Vec::new();
        for receiver in receivers {
            let mut implemented = self.implemented_traits(receiver);
            let mut frontier = implemented.clone();
            for _ in 0..HOPS {
                let mut next = Vec::new();
                for bound in &frontier {
                    for blanket in blankets.get(bound).into_iter().flatten() {
                        // Only an indexed trait says which methods it has.
                        let Res::Node(trait_node) = blanket else {
                            continue;
                        };
                        let in_reach = self
                            .world
                            .owner
                            .get(trait_node)
                            .is_some_and(|ix| reachable.contains(ix));
                        if !in_reach || blanket == bound || next.contains(blanket) {
                            continue;
                        }
                        next.push(blanket.clone());
                    }
                }
                let own: Vec<Res> = next
                    .iter()
                    .flat_map(|blanket| self.world.member(blanket, name, Some(Ns::Values), 0))
                    .collect();
                next.retain(|blanket| !implemented.contains(blanket));
                implemented.extend(next.iter().cloned());
                if !own.is_empty() {
                    found.extend(own);
                    break;
                }
                frontier = next;
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// The traits a receiver type is known to implement: itself for a
    /// trait (a value known by its bounds), its impls' traits for a type.
    fn implemented_traits(&self, receiver: &Res) -> Vec<Res> {
        match receiver {
            Res::External(path) if is_iterating_range(path) => {
                vec![Res::External(ITERATOR.to_string())]
            }
            Res::External(path) if is_std_trait(path) => vec![receiver.clone()],
            Res::External(_) => Vec::new(),
            Res::Node(node) => match self.world.kind(*node) {
                Some(NodeKind::Trait) => vec![receiver.clone()],
                _ => self
                    .world
                    .traits_of_type
                    .get()
                    .and_then(|map| map.get(node))
                    .cloned()
                    .unwrap_or_default(),
            },
        }
    }

    /// The `type Target = ..` of an indexed type's `Deref` impl.
    fn deref_targets(&self, receiver: &Res, depth: usize) -> Vec<Res> {
        let Res::Node(node) = receiver else {
            return Vec::new();
        };
        let mut targets = Vec::new();
        for member in self.world.impl_members(*node, "Target", Some(Ns::Types)) {
            if let Res::Node(member) = member {
                if self.world.kind(member) == Some(NodeKind::AssocType) {
                    targets.extend(self.declared_type(member, depth + 1));
                }
            }
        }
        targets.retain(|target| target != receiver);
        targets
    }

    /// The `type Item = ..` of the impls of an indexed type (`Iterator`,
    /// `IntoIterator`, also for `&T`), resolved where each is written.
    fn item_types(&self, held_in: &Res, depth: usize) -> Vec<Res> {
        self.impls_assoc_types(held_in, "Item")
            .into_iter()
            .flat_map(|item| self.declared_type(item, depth + 1))
            .collect()
    }

    /// Whether `method` on a value of the guess `base` gives the value a
    /// std holder holds (`Cell::get`, `MaybeUninit::assume_init`).
    fn gives_held_value_of(
        &self,
        owner: NodeIdx,
        base: &TypeGuess,
        method: &str,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> bool {
        self.guess_types(owner, base, self_types, depth + 1)
            .iter()
            .any(|ty| matches!(ty, Res::External(path) if gives_held_value(path, method)))
    }

    /// The `T` two levels down in the declaration a value of the guess
    /// comes from (`Option<Vec<T>>`, `Mutex<Vec<T>>`).
    fn twice_unwrapped_types(
        &self,
        owner: NodeIdx,
        guess: &TypeGuess,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let mut types = Vec::new();
        for declaration in self.declarations_of(owner, guess, self_types, depth) {
            if let Res::Node(node) = declaration {
                types.extend(self.resolve_where_written(
                    node,
                    self.declared.unwrapped_twice.get(&node),
                    depth + 1,
                ));
            }
        }
        types
    }

    /// The `type Output = ..` of the `Index` impls of an indexed type
    /// (clap's `self.cmd[id]` is an `Arg`), resolved where each is written.
    fn index_output_types(&self, held_in: &Res, depth: usize) -> Vec<Res> {
        let Res::Node(node) = held_in else {
            return Vec::new();
        };
        let mut types = Vec::new();
        for index in self.world.impl_members(*node, "index", Some(Ns::Values)) {
            let Res::Node(index) = index else { continue };
            let Some((defs, impl_node)) = self.parent_impl(index) else {
                continue;
            };
            let outputs = defs
                .children
                .get(&impl_node)
                .and_then(|members| members.get("Output"));
            for output in outputs.into_iter().flatten() {
                types.extend(self.declared_type(*output, depth + 1));
            }
        }
        types
    }

    /// The `T` that the `Option<T>`, `Vec<T>`, `[T]`… a fn returns or a field
    /// or const is declared as holds, resolved where it is written.
    fn declared_unwrapped(&self, node: NodeIdx, depth: usize) -> Vec<Res> {
        let own = self.resolve_where_written(node, self.declared.unwrapped.get(&node), depth);
        if !own.is_empty() || depth > MAX_GUESS_DEPTH {
            return own;
        }
        // `fn edges(self) -> Self::Edges` in a trait whose `type Edges:
        // Iterator<Item = Self::EdgeRef>`: what the associated type's
        // bound yields.
        match self.declared.types.get(&node) {
            Some((written, _)) if written.len() == 2 && written[0] == "Self" => self
                .assoc_types_of_own_trait(node, &written[1])
                .into_iter()
                .flat_map(|assoc| self.declared_unwrapped(assoc, depth + 1))
                .collect(),
            _ => own,
        }
    }

    /// The associated types named `name` of the trait `member` is declared
    /// in, or of its supertraits; none when `member` is not in a trait.
    fn assoc_types_of_own_trait(&self, member: NodeIdx, name: &str) -> Vec<NodeIdx> {
        let trait_node = self
            .world
            .defs_of(member)
            .and_then(|defs| defs.parent.get(&member))
            .copied()
            .filter(|parent| self.world.kind(*parent) == Some(NodeKind::Trait));
        match trait_node {
            Some(trait_node) => self.trait_assoc_types(trait_node, name, 0),
            None => Vec::new(),
        }
    }

    /// Associated types named `name` of a trait, else of its supertraits.
    fn trait_assoc_types(&self, trait_node: NodeIdx, name: &str, depth: usize) -> Vec<NodeIdx> {
        let own: Vec<NodeIdx> =
            nodes(
                self.world
                    .member(&Res::Node(trait_node), name, Some(Ns::Types), 0),
            )
            .filter(|member| self.world.kind(*member) == Some(NodeKind::AssocType))
            .collect();
        if !own.is_empty() || depth > 4 {
            return own;
        }
        let mut found = Vec::new();
        for supertrait in nodes(self.supertraits(trait_node)) {
            if self.world.kind(supertrait) == Some(NodeKind::Trait) {
                found.extend(self.trait_assoc_types(supertrait, name, depth + 1));
            }
        }
        found.sort();
        found.dedup();
        found
    }

    /// The enum a variant belongs to: the type of a value it makes.
    fn enum_of(&self, variant: NodeIdx) -> Option<Res> {
        self.world
            .defs_of(variant)
            .and_then(|defs| defs.parent.get(&variant))
            .map(|parent| Res::Node(*parent))
    }

    /// The types of field `field` of a struct, union or variant.
    /// The field nodes a pattern `path(.., field, ..)` or `path { field, ..
    /// }` binds: of the tuple variant or struct (a value) the path names,
    /// else of the braced one (a type only).
    fn pattern_fields(
        &self,
        owner: NodeIdx,
        path: &[String],
        field: &str,
        self_types: Option<&[Res]>,
    ) -> Vec<NodeIdx> {
        for ns in [Ns::Values, Ns::Types] {
            let mut fields = Vec::new();
            for named in self.resolve_path(owner, path, ns, self_types) {
                let Res::Node(node) = named else { continue };
                if !matches!(
                    self.world.kind(node),
                    Some(NodeKind::Variant | NodeKind::Struct)
                ) {
                    continue;
                }
                fields.extend(
                    nodes(self.world.member(&named, field, None, 0))
                        .filter(|member| self.world.kind(*member) == Some(NodeKind::Field)),
                );
            }
            if !fields.is_empty() {
                return fields;
            }
        }
        Vec::new()
    }

    fn field_types(
        &self,
        owner: NodeIdx,
        container: &Res,
        field: &str,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        nodes(self.world.member(container, field, None, 0))
            .filter(|node| self.world.kind(*node) == Some(NodeKind::Field))
            .flat_map(|node| self.field_node_types(owner, node, self_types, depth))
            .collect()
    }

    /// A field's declared type, or for one typed by a generic parameter,
    /// what the impl the caller is in bounds it by.
    fn field_node_types(
        &self,
        owner: NodeIdx,
        field: NodeIdx,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let mut types = self.declared_type(field, depth + 1);
        types.extend(self.bounded_parameter(
            owner,
            self.declared.types.get(&field),
            self_types,
            depth,
        ));
        types
    }

    /// `a: NodeIndex<Ix>` with `type NodeIndex<Ix = DefaultIx> = Ix;`: an
    /// alias among `found` whose target is its own parameter stands for
    /// the argument written there, in the caller's scope; a parameter of
    /// the caller bounded by traits (`impl<E, Ix: IndexType>`) is its
    /// bounds.
    fn alias_argument_types(
        &self,
        owner: NodeIdx,
        found: &[Res],
        arguments: &TypeArguments,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let mut types = Vec::new();
        for alias in nodes(found.to_vec()) {
            if self.world.kind(alias) != Some(NodeKind::TypeAlias) {
                continue;
            }
            let Some(position) = self.declared.owner_params.get(&alias) else {
                continue;
            };
            let Some(Some(argument)) = arguments.get(usize::from(*position)) else {
                continue;
            };
            let bounded = match argument.as_slice() {
                [param] => self.bounds.borrow().get(param).cloned(),
                _ => None,
            };
            match bounded {
                Some(traits) => types.extend(self.guess_types(
                    owner,
                    &TypeGuess::Bounds(traits),
                    self_types,
                    depth + 1,
                )),
                None => types.extend(self.resolve_path(owner, argument, Ns::Types, self_types)),
            }
        }
        types
    }

    /// Whether `method` is in an impl of the caller's own `Self` type: the
    /// caller's impl is then taken to name the type's parameters as the
    /// method's impl does (petgraph writes `impl<K> UnionFind<K> where K:
    /// IndexType` twice), so its bounds say what a `K` the method returns
    /// can do.
    fn of_callers_type(&self, method: NodeIdx, self_types: Option<&[Res]>) -> bool {
        let Some((_, impl_node)) = self.parent_impl(method) else {
            return false;
        };
        let Some(impls) = self.world.impls_of_type.get() else {
            return false;
        };
        self_types.into_iter().flatten().any(|ty| match ty {
            Res::Node(ty) => impls
                .get(ty)
                .is_some_and(|of_type| of_type.contains(&impl_node)),
            Res::External(_) => false,
        })
    }

    /// A field typed by a generic parameter (`iter: I`, or holding one:
    /// `ranges: Vec<I>`): what the impl the caller is in bounds `I` by. The
    /// impl is taken to name the struct's parameters as the struct does.
    fn bounded_parameter(
        &self,
        owner: NodeIdx,
        written: Option<&(Vec<String>, Option<Vec<String>>)>,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let bounded = written.and_then(|(path, _)| match path.as_slice() {
            [param] => self.bounds.borrow().get(param).cloned(),
            _ => None,
        });
        match bounded {
            Some(traits) => {
                self.guess_types(owner, &TypeGuess::Bounds(traits), self_types, depth + 1)
            }
            None => Vec::new(),
        }
    }

    /// The declared type of a fn (its return type), field or const, resolved
    /// where it is written.
    /// The traits a fn used as a value has through blanket impls over
    /// `F: Fn(..)`, `FnMut(..)` or `FnOnce(..)`, in crates the caller can
    /// reach: nom's `impl<I, O, E, F: FnMut(I) -> IResult<I, O, E>> Parser<I,
    /// O, E> for F` gives `be_u8.map(..)` its `Parser::map`.
    fn traits_of_fn_values(&self) -> Vec<Res> {
        let reachable = &self.declared.reachable[self.crate_ix];
        let is_fn_trait = |bound: &Res| {
            matches!(bound, Res::External(path)
                if matches!(path.rsplit("::").next(), Some("Fn" | "FnMut" | "FnOnce")))
        };
        let mut traits: Vec<Res> = self
            .world
            .blanket_traits
            .get()
            .into_iter()
            .flatten()
            .filter(|(bound, _)| is_fn_trait(bound))
            .flat_map(|(_, traits)| traits.iter().cloned())
            .filter(|implemented| match implemented {
                Res::Node(node) => self
                    .world
                    .owner
                    .get(node)
                    .is_some_and(|ix| reachable.contains(ix)),
                Res::External(_) => true,
            })
            .collect();
        traits.sort();
        traits.dedup();
        traits
    }

    /// Whether some indexed crate implements a method `name` for `Cow`
    /// (one map lookup, so that other calls need not ask what pointer their
    /// receiver is). Only `Cow`: crate impls for `Box`, `Arc`, `Rc` and
    /// `Pin` are mostly forwarding impls whose methods take `self:
    /// Pin<&mut Self>`, which the probe matches on the pointee (tokio's
    /// `impl AsyncRead for Pin<P>`: taking them first cost tokio 0.7
    /// points of precision).
    fn cow_impls_have(&self, name: &str) -> bool {
        !self
            .world
            .external_impl_members("alloc::borrow::Cow", name, Some(Ns::Values))
            .is_empty()
    }

    /// When every one of `methods` is a member of an impl of one trait (or
    /// that trait's own declaration), the trait's method `name`: its
    /// declaration when the trait is indexed, else its external path.
    fn one_trait_method_of(&self, methods: &[Res], name: &str) -> Option<Res> {
        let mut traits: Vec<Res> = Vec::new();
        for method in methods {
            let of_method = self.traits_of_method(method);
            let [only] = of_method.as_slice() else {
                return None;
            };
            if !traits.contains(only) {
                traits.push(only.clone());
            }
        }
        match traits.as_slice() {
            [Res::Node(trait_node)] => nodes(self.trait_methods(*trait_node, name, 0))
                .next()
                .map(Res::Node),
            [Res::External(trait_path)] => Some(Res::External(format!("{trait_path}::{name}"))),
            _ => None,
        }
    }

    /// Whether `method` is declared in a trait with the return type `Self`
    /// written out: the implementing type, which the trait alone does not
    /// say.
    fn returns_trait_self(&self, method: NodeIdx) -> bool {
        let Some(defs) = self.world.defs_of(method) else {
            return false;
        };
        let in_trait = defs
            .parent
            .get(&method)
            .is_some_and(|parent| defs.kind.get(parent) == Some(&NodeKind::Trait));
        in_trait
            && self
                .declared
                .types
                .get(&method)
                .is_some_and(|(written, _)| written.len() == 1 && written[0] == "Self")
    }

    fn declared_type(&self, node: NodeIdx, depth: usize) -> Vec<Res> {
        self.resolve_where_written(node, self.declared.types.get(&node), depth)
    }

    /// The `E` of the `Result<T, E>` a value of the guess is: from the
    /// declaration it comes from, or else from its type (`ready!(poll)` of
    /// a `Poll<io::Result<T>>` is an `io::Result`).
    fn error_types(
        &self,
        owner: NodeIdx,
        result: &TypeGuess,
        self_types: Option<&[Res]>,
        depth: usize,
    ) -> Vec<Res> {
        let mut types: Vec<Res> = nodes(self.declarations_of(owner, result, self_types, depth))
            .flat_map(|node| self.declared_error(node, depth + 1))
            .collect();
        if types.is_empty() {
            for result_type in self.guess_types(owner, result, self_types, depth + 1) {
                match &result_type {
                    Res::External(path) => types
                        .extend(std_result_error(path).map(|error| Res::External(error.into()))),
                    Res::Node(alias) if self.is_alias(&result_type) => {
                        types.extend(self.declared_error(*alias, depth + 1))
                    }
                    Res::Node(_) => {}
                }
            }
        }
        types.sort();
        types.dedup();
        types
    }

    /// The `E` of the `Result<T, E>` that `node` (a fn, field, const or
    /// type alias) declares: its written second type argument, std's
    /// error of `io::Result<T>` and `fmt::Result`, or, through a crate's
    /// alias (`type Result<T> = std::result::Result<T, Error>`), the
    /// alias's.
    fn declared_error(&self, node: NodeIdx, depth: usize) -> Vec<Res> {
        if depth > 4 {
            return Vec::new();
        }
        let mut errors = Vec::new();
        for declared in self.declared_type(node, depth + 1) {
            match &declared {
                Res::External(path) => {
                    if let Some(error) = std_result_error(path) {
                        errors.push(Res::External(error.to_string()));
                    } else if is_std_result(path) {
                        let Some((args, self_type)) = self.declared.type_args.get(&node) else {
                            continue;
                        };
                        if let Some(Some(error)) = args.get(1) {
                            errors.extend(self.resolve_written_in(
                                node,
                                error,
                                self_type,
                                depth + 1,
                            ));
                        }
                    }
                }
                Res::Node(alias) if self.is_alias(&declared) => {
                    errors.extend(self.declared_error(*alias, depth + 1));
                }
                Res::Node(_) => {}
            }
        }
        errors
    }

    /// A type path written in `node`'s declaration (with the `Self` of its
    /// impl, if any), resolved in `node`'s scope.
    fn resolve_where_written(
        &self,
        node: NodeIdx,
        written: Option<&(Vec<String>, Option<Vec<String>>)>,
        depth: usize,
    ) -> Vec<Res> {
        let Some((segments, self_type)) = written else {
            return Vec::new();
        };
        let Some(defs) = self.world.defs_of(node) else {
            return Vec::new();
        };
        let self_types = self_type
            .as_ref()
            .map(|s| self.world.resolve_path(defs, node, s, Ns::Types, None));
        if segments.len() == 1 && segments[0] == "Self" {
            return self_types.unwrap_or_default();
        }
        if depth > MAX_GUESS_DEPTH {
            return Vec::new();
        }
        // `-> Self::Iter` in a trait impl is the impl's own `type Iter =
        // ..`, whatever `Self` is (std's `Range` has no `Iter` of its own);
        // in the trait, the trait's (`type Iter: ParallelIterator`).
        if let [first, assoc] = segments.as_slice() {
            if first == "Self" {
                let own = defs
                    .parent
                    .get(&node)
                    .filter(|parent| {
                        matches!(
                            defs.kind.get(parent),
                            Some(NodeKind::Impl | NodeKind::Trait)
                        )
                    })
                    .and_then(|impl_node| defs.children.get(impl_node))
                    .and_then(|members| members.get(assoc));
                if let Some(own) = own {
                    let types: Vec<Res> = own
                        .iter()
                        .filter(|member| defs.kind.get(member) == Some(&NodeKind::AssocType))
                        .flat_map(|member| self.declared_type(*member, depth + 1))
                        .collect();
                    if !types.is_empty() {
                        return types;
                    }
                }
                // In a trait, a supertrait's (`type Edges: Iterator<Item =
                // Self::EdgeRef>` in `trait IntoEdges: IntoEdgeReferences`).
                let types: Vec<Res> = self
                    .assoc_types_of_own_trait(node, assoc)
                    .into_iter()
                    .flat_map(|member| self.declared_type(member, depth + 1))
                    .collect();
                if !types.is_empty() {
                    return types;
                }
            }
        }
        let mut types =
            self.world
                .resolve_path(defs, node, segments, Ns::Types, self_types.as_deref());
        // `index: AtomicIndex` with `#[cfg(target_has_atomic = "64")] type
        // AtomicIndex = AtomicU64;` and a `#[cfg(not(..))]` twin: the
        // alternative this build compiles, when the build tells.
        if types.len() > 1 {
            let active = |res: &Res| !matches!(res, Res::Node(n) if self.world.is_inactive(*n));
            if types.iter().any(active) {
                types.retain(active);
            }
        }
        types
    }

    /// [`Self::resolve_where_written`] for one path of a declaration (an
    /// element of its tuple, a type argument, a closure's parameter type).
    fn resolve_written_in(
        &self,
        node: NodeIdx,
        path: &[String],
        self_type: &Option<Vec<String>>,
        depth: usize,
    ) -> Vec<Res> {
        let written = (path.to_vec(), self_type.clone());
        self.resolve_where_written(node, Some(&written), depth)
    }

    fn imports(&self, files: &HashMap<NodeIdx, (Arc<str>, u32)>, out: &mut SiteEdges) {
        let Some(targets) = self.defs.import_targets.get() else {
            return;
        };
        for (import, targets) in self.defs.imports.iter().zip(targets) {
            let at = files
                .get(&import.use_idx)
                .cloned()
                .unwrap_or_else(|| (Arc::from(""), 0));
            let kind = if import.is_pub {
                EdgeKind::Reexports
            } else {
                EdgeKind::Imports
            };
            if targets.is_empty() {
                let mut text = import.target.join("::");
                if import.is_glob {
                    text.push_str("::*");
                }
                self.unresolved(out, import.use_idx, "import", text, at.clone());
            }
            for target in targets {
                let dst = self.target(target);
                out.add(site_edge(
                    import.use_idx,
                    dst,
                    kind,
                    Provenance::Exact,
                    1,
                    at.clone(),
                ));
            }
        }
    }

    fn unresolved(
        &self,
        out: &mut SiteEdges,
        src: NodeIdx,
        kind: &'static str,
        text: String,
        at: (Arc<str>, u32),
    ) {
        out.unresolved.push(Unresolved {
            src,
            kind,
            text,
            file: at.0,
            line: at.1,
        });
    }
}

/// `Some`, `Ok`, `MyStruct`: calling a capitalised path constructs a value.
/// The indexed items among resolutions (external paths left out).
fn nodes(resolutions: Vec<Res>) -> impl Iterator<Item = NodeIdx> {
    resolutions.into_iter().filter_map(|res| match res {
        Res::Node(node) => Some(node),
        Res::External(_) => None,
    })
}

fn is_constructor_name(name: Option<&String>) -> bool {
    name.and_then(|n| n.chars().next())
        .is_some_and(char::is_uppercase)
}

/// Whether two external paths name one sysroot item: std re-exports core
/// and alloc, so `std::fmt::Write` is `core::fmt::Write`.
fn same_sysroot_item(a: &str, b: &str) -> bool {
    let tail = |path: &str| {
        path.split_once("::")
            .filter(|(root, _)| is_sysroot_crate(root))
            .map(|(_, tail)| tail.to_string())
    };
    a == b || tail(a).is_some_and(|a| tail(b) == Some(a))
}
