//! Def maps: for each crate, what every scope (module, or fn body for
//! fn-local items) declares and imports, and path resolution over them,
//! across crates. Paths resolve to nodes of any indexed crate or to an
//! external path (`std::…`, or a dependency that is not indexed).

use super::fast_hash::{HashMap, HashSet};
use std::cell::{Cell, RefCell};
use std::sync::{Arc, OnceLock};

use super::fast_hash::DashMap;

use super::std_methods::{std_enum_variants, std_trait_method, POINTER, POINTER_MUT, SLICE};
use crate::cfg_eval::BuildCfg;
use crate::model::{EdgeKind, NodeIdx, NodeKind};
use crate::parse::attrs::is_macro_export;
use crate::parse::sites::{POINTER_MUT_TYPE, POINTER_TYPE, SLICE_TYPE};
use crate::parse::{ImportSite, ParsedUnit};

use super::prelude::{
    builtin_macro_path, derived_method, is_primitive, is_sysroot_crate, prelude_path,
};

/// What a path resolves to.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Res {
    Node(NodeIdx),
    External(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ns {
    Types,
    Values,
    Macros,
}

impl Ns {
    pub fn admits(self, kind: NodeKind) -> bool {
        use NodeKind::*;
        match self {
            Ns::Types => matches!(
                kind,
                Module
                    | Crate
                    | Struct
                    | Enum
                    | Union
                    | Trait
                    | TypeAlias
                    | ExternType
                    | AssocType
                    | ExternCrate
            ),
            Ns::Values => matches!(
                kind,
                Function | Method | Const | Static | AssocConst | Variant | Struct
            ),
            Ns::Macros => matches!(kind, Macro),
        }
    }
}

/// One crate's declarations, snapshotted from its parse so resolution can
/// read every crate while each crate's own unit is being rewritten.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct CrateDefs {
    pub crate_name: String,
    pub edition_2015: bool,
    pub root: NodeIdx,
    pub kind: HashMap<NodeIdx, NodeKind>,
    pub name: HashMap<NodeIdx, String>,
    pub parent: HashMap<NodeIdx, NodeIdx>,
    /// Named children of every node (module items, fn-local items, enum
    /// variants, trait items, impl members, struct fields).
    pub children: HashMap<NodeIdx, HashMap<String, Vec<NodeIdx>>>,
    pub imports: Vec<ImportSite>,
    /// Scope node (the `use` node's parent) → indices into `imports`.
    pub imports_in_scope: HashMap<NodeIdx, Vec<usize>>,
    /// `imports_in_scope` by kind and bound name, derived on first use.
    #[serde(skip)]
    import_index: OnceLock<ImportIndex>,
    /// Extern prelude: dependency name as used in code → its crate root, or
    /// `None` for a dependency that is not indexed.
    pub extern_crates: HashMap<String, Option<NodeIdx>>,
    /// What each import resolved to (filled in waves, then frozen).
    #[serde(with = "frozen")]
    pub import_targets: OnceLock<Vec<Vec<Res>>>,
    /// `macro_rules!` by name: `#[macro_use] mod macros;` makes a macro
    /// textually visible everywhere after it, which scopes cannot express.
    pub macros_by_name: HashMap<String, Vec<NodeIdx>>,
    /// `extern crate real as alias;` at the crate root puts `alias` in the
    /// extern prelude of every module.
    pub extern_aliases: HashMap<String, String>,
    /// Effective cfg of the methods that have one: several methods under
    /// different cfgs are alternatives (one per build), not a guess.
    pub method_cfg: HashMap<NodeIdx, String>,
    /// Items whose cfg is false in the indexed build (the host target, the
    /// crate's features): kept in the graph, passed over when a name has
    /// an alternative the build does compile.
    #[serde(default)]
    pub inactive: HashSet<NodeIdx>,
    /// Methods of inherent impls that are not `pub` (`pub(crate)`,
    /// private): another crate's method call never reaches them, and
    /// Rust's probe passes over them to the trait methods behind.
    #[serde(default)]
    pub not_pub_inherent_methods: HashSet<NodeIdx>,
    /// Methods whose receiver is `self: Pin<..>` (`Stream::poll_next`),
    /// which Rust's probe matches only on a pinned value.
    #[serde(default)]
    pub pin_receiver_methods: HashSet<NodeIdx>,
}

/// A crate's imports by scope: named ones by the name they bind, and globs.
/// Name lookups walk every scope's imports over and over; without it each
/// lookup scanned the module's whole list (with the memo bypass beside it,
/// the sites phase went from 0.87 s to 0.57 s on the public corpus).
#[derive(Default)]
struct ImportIndex {
    named: HashMap<NodeIdx, HashMap<String, Vec<usize>>>,
    globs: HashMap<NodeIdx, Vec<usize>>,
    /// Named imports binding another name than the item's own (`use
    /// io::Write as _;`, `use fmt::Write as FmtWrite;`).
    renamed: HashMap<NodeIdx, Vec<usize>>,
}

impl CrateDefs {
    fn import_index(&self) -> &ImportIndex {
        self.import_index.get_or_init(|| {
            let mut index = ImportIndex::default();
            for (scope, indices) in &self.imports_in_scope {
                for i in indices {
                    let import = &self.imports[*i];
                    if import.is_glob {
                        index.globs.entry(*scope).or_default().push(*i);
                    } else {
                        if import.target.last() != Some(&import.bound_name) {
                            index.renamed.entry(*scope).or_default().push(*i);
                        }
                        index
                            .named
                            .entry(*scope)
                            .or_default()
                            .entry(import.bound_name.clone())
                            .or_default()
                            .push(*i);
                    }
                }
            }
            // `#[cfg(feature = "x")] use a::M; #[cfg(not(feature = "x"))]
            // use b::M;`: where the build compiles one of them, the name
            // is that one's.
            let inactive = |i: &usize| self.inactive.contains(&self.imports[*i].use_idx);
            for alternatives in index
                .named
                .values_mut()
                .flat_map(|by_name| by_name.values_mut())
            {
                if alternatives.len() > 1
                    && alternatives.iter().any(inactive)
                    && !alternatives.iter().all(inactive)
                {
                    alternatives.retain(|i| !inactive(i));
                }
            }
            index
        })
    }

    /// Named imports in `scope` that bind `name`, in source order.
    fn named_imports(&self, scope: NodeIdx, name: &str) -> &[usize] {
        self.import_index()
            .named
            .get(&scope)
            .and_then(|by_name| by_name.get(name))
            .map_or(&[], Vec::as_slice)
    }

    /// What the imports of the scopes around `owner` that bind another
    /// name than the item's own (`use io::Write as _;`) import. A trait
    /// imported so is in scope for method calls though no name finds it.
    pub fn renamed_import_targets(&self, owner: NodeIdx) -> impl Iterator<Item = &Res> {
        let targets = self.import_targets.get();
        self.scope_chain(owner).into_iter().flat_map(move |scope| {
            self.import_index()
                .renamed
                .get(&scope)
                .into_iter()
                .flatten()
                .filter(|i| !self.inactive.contains(&self.imports[**i].use_idx))
                .flat_map(move |i| targets.and_then(|t| t.get(*i)).into_iter().flatten())
        })
    }

    /// Glob imports in `scope` the build compiles (or, `compiled` false,
    /// leaves out), in source order. Those left out answer a name only
    /// when no compiled one does: `pub use self::stable::*;` beside
    /// `#[cfg(feature = "nightly")] pub use self::nightly::*;`.
    fn globs_compiled(&self, scope: NodeIdx, compiled: bool) -> impl Iterator<Item = usize> + '_ {
        self.glob_imports(scope)
            .iter()
            .copied()
            .filter(move |index| self.inactive.contains(&self.imports[*index].use_idx) != compiled)
    }

    /// Glob imports in `scope`, in source order.
    fn glob_imports(&self, scope: NodeIdx) -> &[usize] {
        self.import_index()
            .globs
            .get(&scope)
            .map_or(&[], Vec::as_slice)
    }

    /// The one unindexed module `scope` glob-imports (`pub use std::*;`),
    /// where a name the indexed crates bind nowhere else must come from.
    /// Globs the build leaves out go when the host's cfgs tell; `core::*`
    /// and `std::*` written as cfg twins are one module, std's (std
    /// re-exports core and alloc). Two other modules: unknowable.
    fn external_glob_source<'t>(
        &self,
        scope: NodeIdx,
        targets: impl Fn(usize) -> &'t [Res],
    ) -> Option<String> {
        let mut modules: Vec<&str> = Vec::new();
        for index in self.glob_imports(scope) {
            if self.inactive.contains(&self.imports[*index].use_idx) {
                continue;
            }
            for target in targets(*index) {
                if let Res::External(path) = target {
                    if !modules.contains(&path.as_str()) {
                        modules.push(path);
                    }
                }
            }
        }
        match modules.as_slice() {
            [] => None,
            [only] => Some((*only).to_string()),
            [first, ..] => {
                let within_sysroot = |path: &str| match path.split_once("::") {
                    Some((krate, rest)) if is_sysroot_crate(krate) => Some(rest.to_string()),
                    None if is_sysroot_crate(path) => Some(String::new()),
                    _ => None,
                };
                let rest = within_sysroot(first)?;
                modules
                    .iter()
                    .all(|module| within_sysroot(module).as_ref() == Some(&rest))
                    .then(|| match rest.as_str() {
                        "" => "std".to_string(),
                        rest => format!("std::{rest}"),
                    })
            }
        }
    }

    pub fn build(
        unit: &ParsedUnit,
        crate_name: &str,
        edition: &str,
        extern_crates: HashMap<String, Option<NodeIdx>>,
        build: (&BuildCfg, &[String]),
    ) -> CrateDefs {
        let (build_cfg, features) = build;
        let features: std::collections::HashSet<String> = features.iter().cloned().collect();
        let mut truth_of_cfg: HashMap<&str, Option<bool>> = HashMap::default();
        let graph = &unit.graph;
        let mut exported_macros = Vec::new();
        let mut defs = CrateDefs {
            crate_name: crate_name.to_string(),
            edition_2015: edition == "2015",
            root: graph.nodes.first().map(|n| n.idx).unwrap_or(NodeIdx(0)),
            kind: HashMap::with_capacity_and_hasher(graph.nodes.len(), Default::default()),
            name: HashMap::with_capacity_and_hasher(graph.nodes.len(), Default::default()),
            parent: HashMap::with_capacity_and_hasher(graph.nodes.len(), Default::default()),
            children: HashMap::default(),
            imports: unit.imports.clone(),
            imports_in_scope: HashMap::default(),
            import_index: OnceLock::new(),
            extern_crates,
            import_targets: OnceLock::new(),
            macros_by_name: HashMap::default(),
            extern_aliases: HashMap::default(),
            method_cfg: HashMap::default(),
            inactive: HashSet::default(),
            not_pub_inherent_methods: HashSet::default(),
            pin_receiver_methods: HashSet::default(),
        };
        for node in &graph.nodes {
            if let Some(cfg) = &node.cfg {
                let holds = *truth_of_cfg
                    .entry(cfg)
                    .or_insert_with(|| build_cfg.holds(cfg, &features));
                if holds == Some(false) {
                    defs.inactive.insert(node.idx);
                }
            }
            defs.kind.insert(node.idx, node.kind);
            defs.name.insert(node.idx, node.name.clone());
            if node.kind == NodeKind::Crate {
                defs.root = node.idx;
            }
            if node.kind == NodeKind::Method
                && node.signature.as_deref().is_some_and(takes_pinned_self)
            {
                defs.pin_receiver_methods.insert(node.idx);
            }
            if let (NodeKind::Method, Some(cfg)) = (node.kind, &node.cfg) {
                defs.method_cfg.insert(node.idx, cfg.to_string());
            }
            if node.kind == NodeKind::Macro {
                defs.macros_by_name
                    .entry(node.name.clone())
                    .or_default()
                    .push(node.idx);
                if node.attrs.iter().any(|attr| is_macro_export(attr)) {
                    exported_macros.push(node.idx);
                }
            }
        }
        let not_pub_methods: HashSet<NodeIdx> = graph
            .nodes
            .iter()
            .filter(|node| node.kind == NodeKind::Method && node.vis != "pub")
            .map(|node| node.idx)
            .collect();
        for edge in graph.edges.iter().filter(|e| e.kind == EdgeKind::Contains) {
            defs.parent.insert(edge.dst, edge.src);
            if not_pub_methods.contains(&edge.dst)
                && defs.kind.get(&edge.src) == Some(&NodeKind::Impl)
                && defs
                    .name
                    .get(&edge.src)
                    .is_some_and(|header| !header.contains(" for "))
            {
                defs.not_pub_inherent_methods.insert(edge.dst);
            }
            let kind = defs.kind.get(&edge.dst).copied();
            // `use` nodes are bindings, resolved through `imports`.
            if matches!(kind, Some(NodeKind::Use) | Some(NodeKind::MacroCall)) {
                continue;
            }
            let name = defs.name.get(&edge.dst).cloned().unwrap_or_default();
            defs.children
                .entry(edge.src)
                .or_default()
                .entry(name)
                .or_default()
                .push(edge.dst);
        }
        // `#[macro_export]` puts a macro at its crate's root whatever module
        // defines it, so `use crate::m` (or `$crate::m`) finds it there.
        for macro_idx in exported_macros {
            if defs.parent.get(&macro_idx) == Some(&defs.root) {
                continue;
            }
            let name = defs.name.get(&macro_idx).cloned().unwrap_or_default();
            defs.children
                .entry(defs.root)
                .or_default()
                .entry(name)
                .or_default()
                .push(macro_idx);
        }
        for (index, import) in defs.imports.iter().enumerate() {
            if let Some(scope) = defs.parent.get(&import.use_idx) {
                defs.imports_in_scope.entry(*scope).or_default().push(index);
                let is_extern_crate =
                    defs.kind.get(&import.use_idx) == Some(&NodeKind::ExternCrate);
                if is_extern_crate && *scope == defs.root && import.bound_name != import.target[0] {
                    defs.extern_aliases
                        .insert(import.bound_name.clone(), import.target[0].clone());
                }
            }
        }
        defs
    }

    pub fn module_of(&self, mut node: NodeIdx) -> NodeIdx {
        loop {
            if matches!(
                self.kind.get(&node),
                Some(NodeKind::Module | NodeKind::Crate) | None
            ) {
                return node;
            }
            match self.parent.get(&node) {
                Some(parent) => node = *parent,
                None => return node,
            }
        }
    }

    /// The innermost scope of `owner`'s [`scope_chain`](Self::scope_chain)
    /// that binds names itself (fn-local items or imports). The scopes
    /// before it bind nothing, so a name means the same in every owner that
    /// shares it: the key under which lookups can be remembered.
    pub fn binding_scope(&self, owner: NodeIdx) -> NodeIdx {
        let chain = self.scope_chain(owner);
        let binds = |scope: &NodeIdx| {
            self.children.get(scope).is_some_and(|c| !c.is_empty())
                || self.imports_in_scope.contains_key(scope)
        };
        chain
            .iter()
            .copied()
            .find(binds)
            .or_else(|| chain.last().copied())
            .unwrap_or(owner)
    }

    /// Scopes searched for a name used inside `owner`: enclosing fn bodies
    /// (fn-local items), then the module.
    pub fn scope_chain(&self, owner: NodeIdx) -> Vec<NodeIdx> {
        let mut chain = Vec::new();
        let mut at = Some(owner);
        while let Some(node) = at {
            match self.kind.get(&node) {
                Some(
                    NodeKind::Function | NodeKind::Method | NodeKind::Const | NodeKind::Static,
                ) => chain.push(node),
                Some(NodeKind::Module | NodeKind::Crate) => {
                    chain.push(node);
                    break;
                }
                _ => {}
            }
            at = self.parent.get(&node).copied();
        }
        chain
    }
}

/// All crates' defs, indexed by crate position, plus which crate owns a node.
pub struct World {
    pub crates: Vec<Arc<CrateDefs>>,
    pub owner: HashMap<NodeIdx, usize>,
    /// Type → impls whose self type it is, over all crates (after impls
    /// are resolved).
    pub impls_of_type: OnceLock<HashMap<NodeIdx, Vec<NodeIdx>>>,
    /// Type `T` → impls for `&T` / `&mut T`, which method calls on a `T`
    /// reach by auto-ref when `T`'s own impls have no such method.
    pub referent_impls: OnceLock<HashMap<NodeIdx, Vec<NodeIdx>>>,
    /// External type path → impls of it in the indexed crates
    /// (`impl U32 for u32`, `impl<T> Pointer for *const T`).
    pub impls_of_external: OnceLock<HashMap<String, Vec<NodeIdx>>>,
    /// Type → traits its impls implement.
    pub traits_of_type: OnceLock<HashMap<NodeIdx, Vec<Res>>>,
    /// Trait impl → the trait it implements.
    pub traits_of_impl: OnceLock<HashMap<NodeIdx, Vec<Res>>>,
    /// Trait → traits blanket-implemented for every type it bounds
    /// (`impl<T: Iterator + ?Sized> Itertools for T`).
    pub blanket_traits: OnceLock<HashMap<Res, Vec<Res>>>,
    /// Method name → the methods types get through a blanket impl
    /// (`impl<I: ?Sized> IntoParallelRefIterator for I`): the impl's own
    /// method, else its trait's provided one; and whether the impl bounds
    /// which types get it (`impl<T: Iterator> Itertools for T`).
    pub blanket_methods: OnceLock<HashMap<String, Vec<(NodeIdx, bool)>>>,
    /// External type (by [`super::impls::external_type_key`]) → traits the
    /// indexed crates implement for it.
    pub traits_of_external: OnceLock<HashMap<String, Vec<Res>>>,
    /// Memo of module lookups through imports and globs: the same names
    /// recur in every module of a crate.
    pub imported_memo: DashMap<LookupKey, Vec<Res>>,
    /// Set once every crate's imports are resolved: from then on a name
    /// found nowhere else is taken from the one glob import of an
    /// unindexed module in scope (see [`World::through_external_glob`]).
    /// Never during import resolution, where a name not found yet may
    /// still arrive through a glob of a later round.
    pub imports_done: OnceLock<()>,
}

/// (scope, name, namespace, through globs?)
type LookupKey = (NodeIdx, String, Option<u8>, bool);

thread_local! {
    /// Glob lookups on this thread's stack (see [`World::imported`]).
    static LOOKUPS: RefCell<LookupStack> = RefCell::default();
}

/// The glob lookups in progress on one thread. A glob cycle (`a` globs `b`,
/// `b` globs `a`) is cut: the lookup met again contributes nothing, instead
/// of fanning out over every glob until the depth limit (libc re-exports
/// globs of globs). The outermost lookup of a cycle still sees every scope
/// of it; one inside does not, so its answer waits, as in Tarjan's
/// strongly connected components, until that outermost lookup is done.
/// Every scope of a cycle binds the name only through its globs (a scope
/// that binds it itself never looks at its globs), so each sees what the
/// others see: the outermost lookup's answer is theirs too. An answer the
/// depth limit shortened is not memoized at all. So the shared memo holds
/// whole answers only, the same whichever thread or order filled it.
#[derive(Default)]
struct LookupStack {
    position: HashMap<LookupKey, usize>,
    frames: Vec<LookupFrame>,
    /// Lookups inside a cycle whose outermost lookup is still running.
    waiting: Vec<LookupKey>,
}

struct LookupFrame {
    /// The lowest stack position a cut inside this lookup went back to.
    lowest_cut: usize,
    /// How many lookups were waiting when this one began: those after
    /// them are inside it.
    waiting_before: usize,
    /// The depth limit cut something inside this lookup.
    truncated: bool,
}

/// What a finished lookup's answer is good for.
enum Finished {
    /// Whole: memoize it, for these waiting lookups too.
    Whole(Vec<LookupKey>),
    /// Partial: only the lookup that asked may use it.
    Partial,
}

impl LookupStack {
    /// Enters `key`; `None` when it is already on the stack (a cycle),
    /// which is noted against the current lookup.
    fn enter(&mut self, key: &LookupKey) -> Option<usize> {
        if let Some(&at) = self.position.get(key) {
            if let Some(top) = self.frames.last_mut() {
                top.lowest_cut = top.lowest_cut.min(at);
            }
            return None;
        }
        let at = self.frames.len();
        self.position.insert(key.clone(), at);
        self.frames.push(LookupFrame {
            lowest_cut: usize::MAX,
            waiting_before: self.waiting.len(),
            truncated: false,
        });
        Some(at)
    }

    /// Leaves the lookup `key` entered at `at`.
    fn leave(&mut self, key: LookupKey, at: usize) -> Finished {
        self.position.remove(&key);
        let Some(frame) = self.frames.pop() else {
            return Finished::Partial;
        };
        if let Some(below) = self.frames.last_mut() {
            below.truncated |= frame.truncated;
            if frame.lowest_cut < at {
                below.lowest_cut = below.lowest_cut.min(frame.lowest_cut);
            }
        }
        let inside = frame.waiting_before.min(self.waiting.len());
        if frame.truncated {
            // The lookups below are shortened too: none of the waiting
            // ones will have a whole answer.
            self.waiting.truncate(inside);
            return Finished::Partial;
        }
        if frame.lowest_cut < at {
            self.waiting.push(key);
            return Finished::Partial;
        }
        // The lookups that finished waiting inside this one were waiting
        // on it or on one inside it that is waiting on it: one cycle.
        let mut same_answer: Vec<LookupKey> = self.waiting.drain(inside..).collect();
        same_answer.push(key);
        Finished::Whole(same_answer)
    }

    fn truncated(&mut self) {
        if let Some(top) = self.frames.last_mut() {
            top.truncated = true;
        }
    }
}

fn ns_key(ns: Option<Ns>) -> Option<u8> {
    ns.map(|ns| ns as u8)
}

/// Bound on re-export chains and fixpoint rounds of import resolution.
const MAX_DEPTH: usize = 8;

/// Bound on glob and re-export chains followed in one lookup. Cycles are
/// cut without it; it only stops a pathological chain. An answer it
/// shortened is not memoized, and at 8 it shortened thousands of libc's
/// lookups, which then had to be redone every time.
const MAX_LOOKUP_DEPTH: usize = 32;

impl World {
    pub fn defs_of(&self, node: NodeIdx) -> Option<&CrateDefs> {
        self.owner.get(&node).map(|ix| self.crates[*ix].as_ref())
    }

    pub fn kind(&self, node: NodeIdx) -> Option<NodeKind> {
        self.defs_of(node)
            .and_then(|defs| defs.kind.get(&node).copied())
    }

    /// Whether the item's cfg is false in the indexed build.
    pub fn is_inactive(&self, node: NodeIdx) -> bool {
        self.defs_of(node)
            .is_some_and(|defs| defs.inactive.contains(&node))
    }

    /// A method's effective cfg, if it has one.
    pub fn method_cfg(&self, node: NodeIdx) -> Option<&str> {
        self.defs_of(node)
            .and_then(|defs| defs.method_cfg.get(&node).map(String::as_str))
    }

    pub fn name(&self, node: NodeIdx) -> Option<&str> {
        self.defs_of(node)
            .and_then(|defs| defs.name.get(&node).map(String::as_str))
    }

    fn admits(&self, res: &Res, ns: Option<Ns>) -> bool {
        match (res, ns) {
            (_, None) | (Res::External(_), _) => true,
            (Res::Node(node), Some(ns)) => self.kind(*node).is_some_and(|kind| ns.admits(kind)),
        }
    }

    /// Members named `name` of a module, type, trait or enum, including
    /// what the module imports (re-exports and globs) and the members of
    /// impls of a type.
    pub fn member(&self, container: &Res, name: &str, ns: Option<Ns>, depth: usize) -> Vec<Res> {
        if depth > MAX_LOOKUP_DEPTH {
            LOOKUPS.with(|stack| stack.borrow_mut().truncated());
            return Vec::new();
        }
        let node = match container {
            Res::External(path) => return vec![Res::External(format!("{path}::{name}"))],
            Res::Node(node) => *node,
        };
        let Some(defs) = self.defs_of(node) else {
            return Vec::new();
        };
        let mut found: Vec<Res> = defs
            .children
            .get(&node)
            .and_then(|children| children.get(name))
            .into_iter()
            .flatten()
            .map(|child| Res::Node(*child))
            .filter(|res| self.admits(res, ns))
            .collect();
        match defs.kind.get(&node) {
            // An item and a named import of one name can only coexist as
            // cfg alternatives: both are answers.
            Some(NodeKind::Module | NodeKind::Crate) => {
                found.extend(self.imported(defs, node, name, ns, depth, false));
                if found.is_empty() {
                    found = self.imported(defs, node, name, ns, depth, true);
                }
                // `self::core::fmt` with `mod core { pub use std::*; }`. Only
                // for a path that names the module (depth 0): through another
                // glob, a name the module lacks may be the prelude's.
                if found.is_empty() && depth == 0 {
                    if let Some(module) = defs.import_targets.get().and_then(|targets| {
                        defs.external_glob_source(node, |index| targets[index].as_slice())
                    }) {
                        found.push(Res::External(format!("{module}::{name}")));
                    }
                }
            }
            // `extern crate core as my_core;` then `my_core::x`: follow the
            // crate it binds.
            Some(NodeKind::ExternCrate) => {
                let bound: Vec<Res> = defs
                    .imports
                    .iter()
                    .position(|import| import.use_idx == node)
                    .and_then(|index| {
                        defs.import_targets
                            .get()
                            .map(|targets| targets[index].clone())
                    })
                    .unwrap_or_default();
                // `#[cfg(feature = "rustc-dep-of-std")] extern crate
                // rustc_std_workspace_core as core;` binds nothing on this
                // build: the name still reaches the extern prelude.
                let bound = if bound.is_empty() {
                    defs.name
                        .get(&node)
                        .map(|own| self.extern_prelude(defs, own))
                        .unwrap_or_default()
                } else {
                    bound
                };
                found = bound
                    .iter()
                    .flat_map(|target| self.member(target, name, ns, depth + 1))
                    .collect();
            }
            Some(
                NodeKind::Struct
                | NodeKind::Enum
                | NodeKind::Union
                | NodeKind::TypeAlias
                | NodeKind::ExternType,
            ) if found.is_empty() || ns != Some(Ns::Types) => {
                found.extend(self.impl_members(node, name, ns));
                if found.is_empty() && ns != Some(Ns::Types) {
                    found.extend(self.trait_methods_of_type(node, name, ns, depth));
                }
            }
            _ => {}
        }
        found.sort();
        found.dedup();
        found
    }

    /// `Type::provided()`: a method the type has through a trait it
    /// implements (a default method not overridden) or derives.
    pub fn trait_methods_of_type(
        &self,
        node: NodeIdx,
        name: &str,
        ns: Option<Ns>,
        depth: usize,
    ) -> Vec<Res> {
        let mut found = Vec::new();
        let Some(traits) = self.traits_of_type.get().and_then(|map| map.get(&node)) else {
            return found;
        };
        for trait_res in traits {
            match trait_res {
                Res::Node(_) => found.extend(self.member(trait_res, name, ns, depth + 1)),
                Res::External(path) if derived_method(path, name) => {
                    found.push(Res::External(format!("{path}::{name}")))
                }
                // A type implementing `Iterator` or `Ord` has their
                // provided methods.
                Res::External(path) => {
                    found.extend(std_trait_method(path, name).map(Res::External))
                }
            }
        }
        found
    }

    /// Whether a type of the indexed crates implements the external trait
    /// at `trait_path` (`impl Iterator for Iter`).
    pub fn implements_external(&self, node: NodeIdx, trait_path: &str) -> bool {
        self.traits_of_type
            .get()
            .and_then(|map| map.get(&node))
            .is_some_and(|traits| {
                traits
                    .iter()
                    .any(|t| matches!(t, Res::External(path) if path == trait_path))
            })
    }

    /// Associated items named `name` found through the impls of a type.
    pub fn impl_members(&self, type_node: NodeIdx, name: &str, ns: Option<Ns>) -> Vec<Res> {
        self.members_of_impls(self.impls_of_type.get(), type_node, name, ns)
    }

    /// Members named `name` of the impls for `&T` / `&mut T` where `T` is
    /// `type_node`: what a method call on a `T` reaches by auto-ref.
    pub fn referent_impl_members(
        &self,
        type_node: NodeIdx,
        name: &str,
        ns: Option<Ns>,
    ) -> Vec<Res> {
        self.members_of_impls(self.referent_impls.get(), type_node, name, ns)
    }

    /// Members named `name` of the indexed crates' impls for the external
    /// type at `type_path` (extension traits on std's types).
    pub fn external_impl_members(&self, type_path: &str, name: &str, ns: Option<Ns>) -> Vec<Res> {
        let key = super::impls::external_type_key(type_path);
        let impls = self
            .impls_of_external
            .get()
            .and_then(|map| map.get(key))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let found = self.members_of(impls, name, ns);
        if !found.is_empty() {
            return found;
        }
        // A provided method of a trait implemented for the type (`impl<T>
        // ParallelSlice<T> for [T]` leaves `par_chunk_by` to the trait).
        let mut provided = Vec::new();
        for trait_res in self
            .traits_of_external
            .get()
            .and_then(|map| map.get(key))
            .into_iter()
            .flatten()
        {
            if let Res::Node(_) = trait_res {
                provided.extend(self.member(trait_res, name, ns, 1));
            }
        }
        provided.sort();
        provided.dedup();
        provided
    }

    /// Method name → methods reached through blanket impls: each impl's
    /// own methods, and its indexed trait's methods the impl leaves to the
    /// trait; with whether the impl is bounded.
    pub fn blanket_methods_by_name(
        &self,
        blanket_impls: &[(Res, NodeIdx, bool)],
    ) -> HashMap<String, Vec<(NodeIdx, bool)>> {
        let mut methods: HashMap<String, Vec<(NodeIdx, bool)>> = HashMap::default();
        let is_method =
            |defs: &CrateDefs, node: &NodeIdx| defs.kind.get(node) == Some(&NodeKind::Method);
        for (trait_res, impl_node, bounded) in blanket_impls {
            let Some(defs) = self.defs_of(*impl_node) else {
                continue;
            };
            let own = defs.children.get(impl_node);
            for (name, members) in own.into_iter().flatten() {
                for member in members.iter().filter(|m| is_method(defs, m)) {
                    methods
                        .entry(name.clone())
                        .or_default()
                        .push((*member, *bounded));
                }
            }
            let Res::Node(trait_node) = trait_res else {
                continue;
            };
            let Some(trait_defs) = self.defs_of(*trait_node) else {
                continue;
            };
            for (name, members) in trait_defs.children.get(trait_node).into_iter().flatten() {
                if own.is_some_and(|own| own.contains_key(name)) {
                    continue;
                }
                for member in members.iter().filter(|m| is_method(trait_defs, m)) {
                    methods
                        .entry(name.clone())
                        .or_default()
                        .push((*member, *bounded));
                }
            }
        }
        for found in methods.values_mut() {
            found.sort();
            found.dedup();
        }
        methods
    }

    fn members_of_impls(
        &self,
        table: Option<&HashMap<NodeIdx, Vec<NodeIdx>>>,
        type_node: NodeIdx,
        name: &str,
        ns: Option<Ns>,
    ) -> Vec<Res> {
        let impls = table
            .and_then(|map| map.get(&type_node))
            .map(Vec::as_slice)
            .unwrap_or_default();
        self.members_of(impls, name, ns)
    }

    fn members_of(&self, impls: &[NodeIdx], name: &str, ns: Option<Ns>) -> Vec<Res> {
        let mut found = Vec::new();
        for impl_node in impls {
            let Some(defs) = self.defs_of(*impl_node) else {
                continue;
            };
            if let Some(members) = defs.children.get(impl_node).and_then(|c| c.get(name)) {
                found.extend(
                    members
                        .iter()
                        .map(|m| Res::Node(*m))
                        .filter(|r| self.admits(r, ns)),
                );
            }
        }
        found
    }

    /// Names bound by `use` in a scope: by named imports, or (`globs`)
    /// through glob imports, which items and named imports shadow.
    fn imported(
        &self,
        defs: &CrateDefs,
        scope: NodeIdx,
        name: &str,
        ns: Option<Ns>,
        depth: usize,
        globs: bool,
    ) -> Vec<Res> {
        // Named imports need no recursion, and most scopes (every fn, most
        // modules) have no glob to follow: answer those without the shared
        // memo, whose lookup (hashing a fresh key under a shard lock) was a
        // quarter of the sites phase on the public corpus.
        if !globs || defs.glob_imports(scope).is_empty() {
            return self.imported_uncached(defs, scope, name, ns, depth, globs);
        }
        let key = (scope, name.to_string(), ns_key(ns), globs);
        if let Some(memo) = self.imported_memo.get(&key) {
            return memo.clone();
        }
        let Some(at) = LOOKUPS.with(|stack| stack.borrow_mut().enter(&key)) else {
            return Vec::new();
        };
        let found = self.imported_uncached(defs, scope, name, ns, depth, globs);
        if let Finished::Whole(keys) = LOOKUPS.with(|stack| stack.borrow_mut().leave(key, at)) {
            for key in keys {
                self.imported_memo.insert(key, found.clone());
            }
        }
        found
    }

    fn imported_uncached(
        &self,
        defs: &CrateDefs,
        scope: NodeIdx,
        name: &str,
        ns: Option<Ns>,
        depth: usize,
        globs: bool,
    ) -> Vec<Res> {
        let Some(targets) = defs.import_targets.get() else {
            return Vec::new();
        };
        if !globs {
            return without_repeats(
                defs.named_imports(scope, name)
                    .iter()
                    .flat_map(|i| targets[*i].iter().cloned())
                    .filter(|res| self.admits(res, ns))
                    .collect(),
            );
        }
        let mut found = Vec::new();
        for compiled in [true, false] {
            for index in defs.globs_compiled(scope, compiled) {
                for target in &targets[index] {
                    if matches!(target, Res::External(_)) {
                        continue; // `use std::io::*` cannot tell us what exists.
                    }
                    found.extend(self.member(target, name, ns, depth + 1));
                }
            }
            if !found.is_empty() {
                break;
            }
        }
        without_repeats(found)
    }

    /// Resolves a path written inside `owner` (a node of crate `defs`).
    /// `self_type` is what `Self` means there.
    pub fn resolve_path(
        &self,
        defs: &CrateDefs,
        owner: NodeIdx,
        segments: &[String],
        ns: Ns,
        self_type: Option<&[Res]>,
    ) -> Vec<Res> {
        let Some(first) = segments.first() else {
            return Vec::new();
        };
        if let Some(builtin) = builtin_type(segments) {
            return vec![Res::External(builtin.to_string())];
        }
        let rest = &segments[1..];
        // The first segment is always a type-namespace name unless the path is a single name.
        let first_ns = if rest.is_empty() { ns } else { Ns::Types };
        let mut current: Vec<Res> = match first.as_str() {
            "crate" | "$crate" => vec![Res::Node(defs.root)],
            "self" => vec![Res::Node(defs.module_of(owner))],
            "super" => {
                let mut module = defs.module_of(owner);
                let mut remaining = segments;
                while remaining.first().map(String::as_str) == Some("super") {
                    module = defs
                        .parent
                        .get(&module)
                        .map(|p| defs.module_of(*p))
                        .unwrap_or(module);
                    remaining = &remaining[1..];
                }
                return self.walk(vec![Res::Node(module)], remaining, ns);
            }
            "Self" => match self_type {
                Some(types) => types.to_vec(),
                None => Vec::new(),
            },
            "" => {
                // `::a::b`: an extern crate (2018) or the crate root (2015).
                if defs.edition_2015 {
                    return self.walk(vec![Res::Node(defs.root)], rest, ns);
                }
                return match rest.split_first() {
                    Some((name, tail)) => self.walk(self.extern_crate(defs, name), tail, ns),
                    None => Vec::new(),
                };
            }
            name => self.lookup_name(defs, owner, name, first_ns),
        };
        // `impl Bound for char` with `use core::char;` in scope: a lone
        // primitive name in a type means the primitive, not the module.
        if rest.is_empty() && ns == Ns::Types && is_primitive(first) {
            current.retain(|res| {
                matches!(res, Res::Node(node) if matches!(
                    self.kind(*node),
                    Some(NodeKind::Struct | NodeKind::Enum | NodeKind::Union | NodeKind::TypeAlias | NodeKind::Trait)
                ))
            });
            if current.is_empty() {
                current.push(Res::External(first.clone()));
            }
        }
        if current.is_empty() {
            return current;
        }
        current.sort();
        current.dedup();
        self.walk(current, rest, ns)
    }

    /// Of several containers a path reaches (`mod inner` under
    /// `cfg(feature = "nightly")` and under `cfg(not(..))`), those whose cfg
    /// is false in the indexed build are left when another remains: what
    /// is reached through them is not compiled. (Edges do the same with
    /// their targets, see `drop_inactive_alternatives`; a target outside
    /// the index has no cfg, only the way to it has.)
    pub fn keep_active_alternatives(&self, found: &mut Vec<Res>) {
        if found.len() < 2 {
            return;
        }
        let inactive = |res: &Res| matches!(res, Res::Node(node) if self.is_inactive(*node));
        if found.iter().any(inactive) && !found.iter().all(inactive) {
            found.retain(|res| !inactive(res));
        }
    }

    fn walk(&self, mut current: Vec<Res>, rest: &[String], ns: Ns) -> Vec<Res> {
        for (index, segment) in rest.iter().enumerate() {
            self.keep_active_alternatives(&mut current);
            let segment_ns = if index + 1 == rest.len() {
                Some(ns)
            } else {
                None
            };
            let mut next = Vec::new();
            for res in &current {
                next.extend(self.member(res, segment, segment_ns, 0));
            }
            next.sort();
            next.dedup();
            if next.is_empty() {
                return next;
            }
            current = next;
        }
        current
    }

    /// A single name in scope: fn-local items, the module's items and
    /// imports, then the extern prelude, the std prelude and built-ins.
    pub fn lookup_name(&self, defs: &CrateDefs, owner: NodeIdx, name: &str, ns: Ns) -> Vec<Res> {
        let found = self.lookup_in_scopes(defs, owner, name, ns);
        if !found.is_empty() {
            return found;
        }
        self.lookup_beyond_scopes(defs, owner, name, ns)
    }

    /// What `name` is bound to in `owner`'s scopes (items and imports, the
    /// innermost scope that binds it), without the preludes.
    pub fn lookup_in_scopes(
        &self,
        defs: &CrateDefs,
        owner: NodeIdx,
        name: &str,
        ns: Ns,
    ) -> Vec<Res> {
        for scope in defs.scope_chain(owner) {
            let mut found: Vec<Res> = defs
                .children
                .get(&scope)
                .and_then(|children| children.get(name))
                .into_iter()
                .flatten()
                .map(|child| Res::Node(*child))
                .filter(|res| self.admits(res, Some(ns)))
                .collect();
            found.extend(self.imported(defs, scope, name, Some(ns), 0, false));
            if found.is_empty() {
                found = self.imported(defs, scope, name, Some(ns), 0, true);
            }
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// Extern crates, `#[macro_export]` and built-in macros, the std
    /// prelude, primitives, then unindexed glob imports.
    fn lookup_beyond_scopes(
        &self,
        defs: &CrateDefs,
        owner: NodeIdx,
        name: &str,
        ns: Ns,
    ) -> Vec<Res> {
        if ns == Ns::Types {
            let external = self.extern_crate(defs, name);
            if !external.is_empty() {
                return external;
            }
        }
        if ns == Ns::Macros {
            // `#[macro_export]` macros live at the root of their crate.
            if let Some(found) = defs.children.get(&defs.root).and_then(|c| c.get(name)) {
                let macros: Vec<Res> = found
                    .iter()
                    .map(|n| Res::Node(*n))
                    .filter(|r| self.admits(r, Some(ns)))
                    .collect();
                if !macros.is_empty() {
                    return macros;
                }
            }
            if let Some(found) = defs.macros_by_name.get(name) {
                return found.iter().map(|n| Res::Node(*n)).collect();
            }
            if let Some(path) = builtin_macro_path(name) {
                return vec![Res::External(path)];
            }
            return Vec::new();
        }
        if let Some(path) = prelude_path(name) {
            return vec![Res::External(path.to_string())];
        }
        if is_primitive(name) {
            return vec![Res::External(name.to_string())];
        }
        if self.imports_done.get().is_some() {
            return self.through_external_glob(defs, owner, name);
        }
        Vec::new()
    }

    /// A name bound nowhere in the indexed crates, in scope of a glob
    /// import of an unindexed module (`use core::arch::x86_64::*;` then
    /// `_mm_set1_epi8(..)`): the glob is the only place it can come from
    /// (items made by macros aside), so it is that module's. The innermost
    /// scope with such a glob decides; two there and it is unknowable.
    fn through_external_glob(&self, defs: &CrateDefs, owner: NodeIdx, name: &str) -> Vec<Res> {
        let Some(targets) = defs.import_targets.get() else {
            return Vec::new();
        };
        for scope in defs.scope_chain(owner) {
            let has_external_glob = defs.glob_imports(scope).iter().any(|index| {
                targets[*index]
                    .iter()
                    .any(|t| matches!(t, Res::External(_)))
            });
            if has_external_glob {
                let Some(source) =
                    defs.external_glob_source(scope, |index| targets[index].as_slice())
                else {
                    return Vec::new();
                };
                // `use std::result::Result::*` brings `Ok` and `Err`, and
                // nothing else: nom's type parameter `Input` is not
                // `Result::Input`.
                let enum_key = super::impls::external_type_key(&source);
                if std_enum_variants(enum_key).is_some_and(|variants| !variants.contains(&name)) {
                    continue;
                }
                return vec![Res::External(format!("{source}::{name}"))];
            }
        }
        Vec::new()
    }

    fn extern_crate(&self, defs: &CrateDefs, name: &str) -> Vec<Res> {
        if let Some(real) = defs.extern_aliases.get(name) {
            let aliased = self.extern_crate(defs, real);
            if !aliased.is_empty() {
                return aliased;
            }
        }
        self.extern_prelude(defs, name)
    }

    /// A crate name as the extern prelude knows it, without `extern crate` aliases.
    fn extern_prelude(&self, defs: &CrateDefs, name: &str) -> Vec<Res> {
        match defs.extern_crates.get(name) {
            Some(Some(root)) => vec![Res::Node(*root)],
            Some(None) => vec![Res::External(name.to_string())],
            None if is_sysroot_crate(name) => vec![Res::External(name.to_string())],
            None if name == defs.crate_name => vec![Res::Node(defs.root)],
            None => Vec::new(),
        }
    }
}

/// `found` with each answer once, first occurrences in order. Globs that
/// reach one module along many paths (libc re-exports every platform's
/// modules through layers of globs) otherwise repeat an answer once per
/// path, and repeats multiply level by level: `libc::size_t` came back
/// 52,450 times for 15 distinct items.
fn without_repeats(found: Vec<Res>) -> Vec<Res> {
    if found.len() < 2 {
        return found;
    }
    let mut seen: HashSet<Res> = HashSet::default();
    found
        .into_iter()
        .filter(|res| seen.insert(res.clone()))
        .collect()
}

/// Resolves every import of one crate to a fixpoint: an import may go
/// through another (re-export chains, globs of globs).
pub fn resolve_imports(world: &World, crate_ix: usize) -> Vec<Vec<Res>> {
    let defs = world.crates[crate_ix].as_ref();
    let mut targets: Vec<Vec<Res>> = vec![Vec::new(); defs.imports.len()];
    // An import whose resolution read no entry of the provisional table
    // (it went straight to items, another crate or the prelude) has its
    // final answer after one round; only the others are computed again.
    let mut settled = vec![false; defs.imports.len()];
    // Imports are looked up through `defs.import_targets`, which is frozen
    // only once; iterate on a scratch copy of the defs' import table.
    for _round in 0..MAX_DEPTH {
        let pending: Vec<usize> = (0..defs.imports.len())
            .filter(|index| !settled[*index])
            .collect();
        let scratch = CrateDefsView {
            defs,
            targets: &targets,
            memo: RefCell::default(),
            in_progress: RefCell::default(),
            read_table: Cell::new(false),
        };
        // In order, one memo for the round: a lookup cut short by a glob
        // cycle answers by where the walk entered the cycle, so the order
        // is part of the answer and must be the same on every run.
        let results: Vec<(usize, Vec<Res>, bool)> = pending
            .iter()
            .map(|&index| {
                scratch.read_table.set(false);
                let mut resolved = scratch.resolve_import(world, index);
                resolved.sort();
                resolved.dedup();
                (index, resolved, scratch.read_table.get())
            })
            .collect();
        let mut changed = false;
        for (index, resolved, read_table) in results {
            settled[index] = !read_table;
            if resolved != targets[index] {
                targets[index] = resolved;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    targets
}

/// A name looked up in a container: what it found, and whether finding it
/// read the provisional import table.
type RoundMemo = HashMap<(NodeIdx, String), (Vec<Res>, bool)>;

/// A crate's defs with a provisional import table, for the fixpoint.
struct CrateDefsView<'a> {
    defs: &'a CrateDefs,
    targets: &'a [Vec<Res>],
    /// Lookups of one round (the provisional table is fixed during it),
    /// with whether they read the table.
    memo: RefCell<RoundMemo>,
    /// Lookups on the stack, to cut glob cycles.
    in_progress: RefCell<HashSet<(NodeIdx, String)>>,
    /// Whether the current import's resolution has read the table.
    read_table: Cell<bool>,
}

impl CrateDefsView<'_> {
    fn table(&self, index: usize) -> &[Res] {
        self.read_table.set(true);
        &self.targets[index]
    }
}

impl CrateDefsView<'_> {
    fn resolve_import(&self, world: &World, index: usize) -> Vec<Res> {
        let defs = self.defs;
        let import = &defs.imports[index];
        let scope = defs
            .parent
            .get(&import.use_idx)
            .copied()
            .unwrap_or(defs.root);
        let provisional = ProvisionalWorld { world, view: self };
        let segments = &import.target;
        if segments.is_empty() {
            return Vec::new();
        }
        // `extern crate std;` binds a crate, not whatever `std` names here
        // (that would be the `extern crate` item itself).
        if defs.kind.get(&import.use_idx) == Some(&NodeKind::ExternCrate) {
            return world.extern_crate(defs, &segments[0]);
        }
        let mut found = provisional.resolve(defs, scope, segments);
        // 2015 edition: `use a::b` is relative to the crate root.
        if found.is_empty()
            && defs.edition_2015
            && !matches!(segments[0].as_str(), "self" | "super" | "crate")
        {
            let mut rooted = vec!["crate".to_string()];
            rooted.extend(segments.iter().cloned());
            found = provisional.resolve(defs, scope, &rooted);
        }
        found
    }
}

/// Resolution during the import fixpoint: like [`World::resolve_path`],
/// but this crate's imports come from the provisional table.
struct ProvisionalWorld<'a> {
    world: &'a World,
    view: &'a CrateDefsView<'a>,
}

impl ProvisionalWorld<'_> {
    fn resolve(&self, defs: &CrateDefs, scope: NodeIdx, segments: &[String]) -> Vec<Res> {
        let world = self.world;
        let (first, rest) = segments.split_first().expect("non-empty");
        let mut current: Vec<Res> = match first.as_str() {
            "crate" => vec![Res::Node(defs.root)],
            "self" => vec![Res::Node(defs.module_of(scope))],
            "super" => {
                let mut module = defs.module_of(scope);
                let mut remaining = segments;
                while remaining.first().map(String::as_str) == Some("super") {
                    module = defs
                        .parent
                        .get(&module)
                        .map(|p| defs.module_of(*p))
                        .unwrap_or(module);
                    remaining = &remaining[1..];
                }
                return self.walk(vec![Res::Node(module)], remaining);
            }
            "" => match rest.split_first() {
                Some((name, tail)) => return self.walk(world.extern_crate(defs, name), tail),
                None => return Vec::new(),
            },
            name => {
                let mut found = self.local(defs, scope, name);
                if found.is_empty() {
                    found = world.extern_crate(defs, name);
                }
                if found.is_empty() && rest.is_empty() {
                    if let Some(path) = prelude_path(name) {
                        found = vec![Res::External(path.to_string())];
                    } else if let Some(path) = builtin_macro_path(name) {
                        found = vec![Res::External(path)];
                    }
                }
                found
            }
        };
        current.sort();
        current.dedup();
        if current.is_empty() {
            return current;
        }
        self.walk(current, rest)
    }

    /// A name in the scope chain of this crate, imports from the provisional table.
    fn local(&self, defs: &CrateDefs, scope: NodeIdx, name: &str) -> Vec<Res> {
        for scope in defs.scope_chain(scope) {
            let found = self.members_here(defs, scope, name, 0);
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    fn members_here(
        &self,
        defs: &CrateDefs,
        container: NodeIdx,
        name: &str,
        depth: usize,
    ) -> Vec<Res> {
        if depth > MAX_DEPTH {
            return Vec::new();
        }
        let key = (container, name.to_string());
        if let Some((found, read_table)) = self.view.memo.borrow().get(&key) {
            if *read_table {
                self.view.read_table.set(true);
            }
            return found.clone();
        }
        if !self.view.in_progress.borrow_mut().insert(key.clone()) {
            // A glob cycle: the answer depends on where the walk entered it.
            self.view.read_table.set(true);
            return Vec::new();
        }
        let outer = self.view.read_table.replace(false);
        let found = self.members_here_uncached(defs, container, name, depth);
        let read_table = self.view.read_table.get();
        self.view.read_table.set(outer || read_table);
        self.view.in_progress.borrow_mut().remove(&key);
        self.view
            .memo
            .borrow_mut()
            .insert(key, (found.clone(), read_table));
        found
    }

    fn members_here_uncached(
        &self,
        defs: &CrateDefs,
        container: NodeIdx,
        name: &str,
        depth: usize,
    ) -> Vec<Res> {
        let mut found: Vec<Res> = defs
            .children
            .get(&container)
            .and_then(|c| c.get(name))
            .into_iter()
            .flatten()
            .map(|n| Res::Node(*n))
            .collect();
        // Items and named imports (cfg alternatives), else globs.
        for index in defs.named_imports(container, name) {
            found.extend(self.view.table(*index).iter().cloned());
        }
        for compiled in [true, false] {
            if !found.is_empty() {
                break;
            }
            for index in defs.globs_compiled(container, compiled) {
                for target in self.view.table(index) {
                    found.extend(self.member(target, name, depth + 1));
                }
            }
        }
        without_repeats(found)
    }

    fn member(&self, container: &Res, name: &str, depth: usize) -> Vec<Res> {
        match container {
            Res::Node(node)
                if self
                    .world
                    .defs_of(*node)
                    .is_some_and(|d| std::ptr::eq(d, self.view.defs)) =>
            {
                let defs = self.view.defs;
                match defs.kind.get(node) {
                    // A module named by the path (depth 0) that binds the
                    // name nowhere: its one unindexed glob's (as in
                    // `World::member`).
                    Some(NodeKind::Module | NodeKind::Crate) => {
                        let found = self.members_here(defs, *node, name, depth);
                        if !found.is_empty() || depth > 0 {
                            return found;
                        }
                        defs.external_glob_source(*node, |index| self.view.table(index))
                            .map(|module| vec![Res::External(format!("{module}::{name}"))])
                            .unwrap_or_default()
                    }
                    Some(NodeKind::Enum | NodeKind::Trait) => {
                        self.members_here(defs, *node, name, depth)
                    }
                    // This crate's `extern crate`: its binding is in the
                    // provisional table (or, if none, the extern prelude).
                    Some(NodeKind::ExternCrate) => {
                        let index = defs
                            .imports
                            .iter()
                            .position(|import| import.use_idx == *node);
                        let mut bound = index
                            .map(|i| self.view.table(i).to_vec())
                            .unwrap_or_default();
                        if bound.is_empty() {
                            bound = defs
                                .name
                                .get(node)
                                .map(|own| self.world.extern_prelude(defs, own))
                                .unwrap_or_default();
                        }
                        bound
                            .iter()
                            .flat_map(|target| match target {
                                Res::External(path) => {
                                    vec![Res::External(format!("{path}::{name}"))]
                                }
                                Res::Node(_) => self.member(target, name, depth + 1),
                            })
                            .collect()
                    }
                    _ => self.world.member(container, name, None, depth),
                }
            }
            Res::External(_) => Vec::new(),
            _ => self.world.member(container, name, None, depth),
        }
    }

    fn walk(&self, mut current: Vec<Res>, rest: &[String]) -> Vec<Res> {
        for segment in rest {
            self.world.keep_active_alternatives(&mut current);
            let mut next = Vec::new();
            for res in &current {
                match res {
                    Res::External(path) => next.push(Res::External(format!("{path}::{segment}"))),
                    Res::Node(_) => next.extend(self.member(res, segment, 0)),
                }
            }
            next.sort();
            next.dedup();
            if next.is_empty() {
                return next;
            }
            current = next;
        }
        current
    }
}

/// Serde for a `OnceLock` field: the value if set, else nothing.
mod frozen {
    use std::sync::OnceLock;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<T: Serialize, S: Serializer>(
        cell: &OnceLock<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        cell.get().serialize(serializer)
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<OnceLock<T>, D::Error> {
        let cell = OnceLock::new();
        if let Some(value) = Option::<T>::deserialize(deserializer)? {
            let _ = cell.set(value);
        }
        Ok(cell)
    }
}

/// The external type behind the stand-in paths the parser writes for
/// slices and raw pointers, whose methods hang under `slice::` and
/// `pointer::` (rustdoc's names for these primitives).
fn builtin_type(segments: &[String]) -> Option<&'static str> {
    match segments {
        [only] if only == SLICE_TYPE => Some(SLICE),
        [only] if only == POINTER_TYPE => Some(POINTER),
        [only] if only == POINTER_MUT_TYPE => Some(POINTER_MUT),
        _ => None,
    }
}

/// Whether a method's signature (`fn poll_next(self: Pin<&mut Self>, ..)`)
/// takes its receiver as `self: Pin<..>` (or `core::pin::Pin<..>`).
fn takes_pinned_self(signature: &str) -> bool {
    let Some((_, params)) = signature.split_once('(') else {
        return false;
    };
    let params = params.trim_start();
    let params = params.strip_prefix("mut ").unwrap_or(params);
    params
        .strip_prefix("self")
        .and_then(|rest| rest.trim_start().strip_prefix(':'))
        .and_then(|written| written.split_once('<'))
        .is_some_and(|(pointer, _)| {
            let pointer = pointer.trim();
            pointer == "Pin" || pointer.ends_with("::Pin")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(scope: u32) -> LookupKey {
        (NodeIdx(scope), "f".to_string(), None, true)
    }

    fn whole(finished: Finished) -> Vec<LookupKey> {
        match finished {
            Finished::Whole(keys) => keys,
            Finished::Partial => panic!("expected a whole answer"),
        }
    }

    #[test]
    fn a_cycle_is_answered_by_its_outermost_lookup_and_not_by_a_sibling() {
        let mut stack = LookupStack::default();
        let (a, b, c, d) = (key(1), key(2), key(3), key(4));
        let at_a = stack.enter(&a).unwrap();
        let at_b = stack.enter(&b).unwrap();
        let at_c = stack.enter(&c).unwrap();
        assert_eq!(stack.enter(&a), None, "a is on the stack: a cycle");
        assert!(matches!(stack.leave(c.clone(), at_c), Finished::Partial));
        assert!(matches!(stack.leave(b.clone(), at_b), Finished::Partial));
        // d sits where b sat but is no part of the cycle.
        let at_d = stack.enter(&d).unwrap();
        assert_eq!(whole(stack.leave(d.clone(), at_d)), vec![d]);
        assert_eq!(whole(stack.leave(a.clone(), at_a)), vec![c, b, a]);
        assert!(stack.waiting.is_empty() && stack.position.is_empty());
    }

    #[test]
    fn an_answer_the_depth_limit_shortened_is_not_whole_anywhere_below() {
        let mut stack = LookupStack::default();
        let (a, b) = (key(1), key(2));
        let at_a = stack.enter(&a).unwrap();
        let at_b = stack.enter(&b).unwrap();
        stack.truncated();
        assert!(matches!(stack.leave(b, at_b), Finished::Partial));
        assert!(matches!(stack.leave(a, at_a), Finished::Partial));
        assert!(stack.frames.is_empty());
    }
}
