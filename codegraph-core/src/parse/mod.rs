//! Parse: one crate target (a *parse unit*) from its root file to every item.
//!
//! The unit walks the module tree the way rustc does (see [`module_files`]),
//! parses each file with `syn`, and extracts every item into nodes and
//! `contains` edges (see [`items`]). Files are parsed in parallel: each file
//! job hands its `mod x;` declarations to rayon, so one huge crate does not
//! serialize the run. Parsing never fails: unreadable, missing and
//! unparseable files become diagnostics and the rest of the unit is indexed.
//! No filesystem access happens here; files come from a [`SourceLoader`].

pub(crate) mod attrs;
mod derived;
mod expand;
mod extent;
mod items;
mod macro_items;
mod macro_rules;
mod module_files;
mod old_editions;
mod own_wrappers;
mod passed_through;
mod recovery;
pub mod sites;
pub mod tokens;
mod type_macros;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use uuid::Uuid;

use crate::ids::IdAllocator;
use crate::model::{EdgeKind, FileRoot, NodeIdx, NodeKind, UnitGraph};
use crate::source::SourceLoader;

pub use attrs::ANNOTATION_KEYS;
pub use expand::{exported_macros, keep_compiled_exports, DependencyMacros, ExportedMacro};
pub use items::textual_path;
pub use module_files::ModuleDir;
pub use old_editions::Edition;

/// What the parser needs to know about one crate target.
#[derive(Debug, Clone)]
pub struct UnitSpec {
    pub crate_id: Uuid,
    /// Crate name as it appears in paths (`-` already written `_`).
    pub crate_name: String,
    pub root_file: PathBuf,
    pub display: FileDisplay,
    /// Old editions allow syntax syn 2 rejects; see `old_editions`.
    pub edition: Edition,
}

/// How absolute file paths are shown in the graph (the `file` column).
#[derive(Debug, Clone)]
pub struct FileDisplay {
    /// Directory the shown path is relative to.
    pub base_dir: PathBuf,
    /// Text put in front, e.g. `serde_json-1.0.140/` for dependencies.
    pub prefix: String,
    pub root: FileRoot,
}

impl FileDisplay {
    pub fn show(&self, path: &Path) -> String {
        let normalized = module_files::normalize(path);
        match normalized.strip_prefix(&self.base_dir) {
            Ok(relative) => {
                let mut shown = self.prefix.clone();
                let parts: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect();
                shown.push_str(&parts.join("/"));
                shown
            }
            // A `#[path]` that leaves the package: the absolute path is the
            // only unambiguous name.
            Err(_) => normalized.to_string_lossy().into_owned(),
        }
    }
}

/// A `use` leaf, kept for name resolution.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ImportSite {
    pub use_idx: NodeIdx,
    /// Path of the module the `use` sits in (or of the fn, for fn-local uses).
    pub scope_path: String,
    pub module_path: String,
    /// Name it binds (`*` for a glob).
    pub bound_name: String,
    /// Target path segments as written (`crate`, `self`, `super` kept).
    pub target: Vec<String>,
    pub is_glob: bool,
    pub is_pub: bool,
}

/// An impl block, kept so its members can be placed under their self type.
#[derive(Debug, Clone)]
pub struct ImplSite {
    pub impl_idx: NodeIdx,
    pub scope_path: String,
    pub module_path: String,
    /// Self type path segments (generics dropped) when the self type is a
    /// plain path that is not one of the impl's own type parameters.
    pub self_path: Option<Vec<String>>,
    /// For `impl … for &T` / `&mut T`: `T`'s path, under which method
    /// lookups find the impl (auto-ref), though its members stay under it.
    pub referent_path: Option<Vec<String>>,
    /// For `impl … for *const T` / `*mut T` / `[T]`: the stand-in path of the raw
    /// pointer or slice type ([`sites::POINTER_TYPE`], [`sites::POINTER_MUT_TYPE`],
    /// [`sites::SLICE_TYPE`]),
    /// under which method lookups on such values find the impl.
    pub builtin_self: Option<Vec<String>>,
    /// The implemented trait's path as written, for trait impls.
    pub trait_path: Option<Vec<String>>,
    /// For a blanket impl (`impl<T: Iterator + ?Sized> Itertools for T`):
    /// the traits bounding its self type parameter, as written.
    pub blanket_bounds: Vec<Vec<String>>,
    /// Whether the self type is one of the impl's type parameters (a
    /// blanket impl, whatever its bounds: `impl<I: ?Sized> Tr for I`).
    pub blanket: bool,
    pub members: Vec<NodeIdx>,
}

/// An attribute on a node that may be a codegraph-macros annotation; the
/// resolver decides by resolving its path.
#[derive(Debug, Clone)]
pub struct AnnotationSite {
    pub node: NodeIdx,
    pub attr: attrs::AnnotationAttr,
}

/// A module backed by a file, for detecting files reachable twice.
#[derive(Debug, Clone)]
pub struct ModuleFile {
    pub module_idx: NodeIdx,
    pub file: PathBuf,
}

/// Each node's parse identity (what names it before resolution) and index.
pub type ParseIds = Vec<([u8; 16], NodeIdx)>;

/// A parse unit's output before resolution.
#[derive(Debug, Default)]
pub struct ParsedUnit {
    pub graph: UnitGraph,
    pub imports: Vec<ImportSite>,
    pub impls: Vec<ImplSite>,
    pub module_files: Vec<ModuleFile>,
    /// What each item mentions (calls, types, macros), for resolution.
    pub sites: Vec<sites::OwnerSites>,
    /// Attributes that may be codegraph-macros annotations.
    pub annotations: Vec<AnnotationSite>,
    /// Macros defined in the unit, and item-level calls that may be theirs.
    pub macro_defs: Vec<expand::MacroDef>,
    pub expansions: Vec<expand::ExpansionRequest>,
    /// Each method's receiver and parameter count, for name-only guesses.
    pub method_shapes: Vec<(NodeIdx, sites::MethodShape)>,
    /// Each trait's supertraits as written (`trait Ext: Iterator`).
    pub supertraits: Vec<(NodeIdx, Vec<Vec<String>>)>,
}

impl ParsedUnit {
    /// Gives nodes whose parse identity (kind, textual path, name, cfg,
    /// disambiguator, and an ordinal among equals) appears in `previous`
    /// that index, so a re-parsed crate keeps the indices other crates'
    /// carried state points at; returns every node's identity and index.
    pub fn take_previous_indices(&mut self, previous: &[([u8; 16], NodeIdx)]) -> ParseIds {
        let mut seen: HashMap<[u8; 16], u32> = HashMap::new();
        let identities: ParseIds = self
            .graph
            .nodes
            .iter()
            .map(|node| {
                let mut hasher = blake3::Hasher::new();
                for part in [
                    node.kind.as_str(),
                    &node.path,
                    &node.name,
                    node.cfg.as_deref().unwrap_or(""),
                    &node.disambiguator,
                ] {
                    hasher.update(&(part.len() as u64).to_le_bytes());
                    hasher.update(part.as_bytes());
                }
                let mut base = [0u8; 16];
                base.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
                let ordinal = seen.entry(base).or_default();
                hasher.update(&ordinal.to_le_bytes());
                *ordinal += 1;
                let mut identity = [0u8; 16];
                identity.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
                (identity, node.idx)
            })
            .collect();
        if previous.is_empty() {
            return identities;
        }
        let old: HashMap<[u8; 16], NodeIdx> = previous.iter().copied().collect();
        let renumber: HashMap<NodeIdx, NodeIdx> = identities
            .iter()
            .filter_map(|(identity, idx)| old.get(identity).map(|to| (*idx, *to)))
            .collect();
        self.renumber(&renumber);
        identities
            .into_iter()
            .map(|(identity, idx)| (identity, renumber.get(&idx).copied().unwrap_or(idx)))
            .collect()
    }

    /// Applies `map` to every node index the unit holds; indices not in it
    /// stay.
    fn renumber(&mut self, map: &HashMap<NodeIdx, NodeIdx>) {
        let at = |idx: &mut NodeIdx| {
            if let Some(to) = map.get(idx) {
                *idx = *to;
            }
        };
        // Every field named, so a new one holding indices cannot be missed.
        let ParsedUnit {
            graph,
            imports,
            impls,
            module_files,
            sites,
            annotations,
            macro_defs: _,
            expansions,
            method_shapes,
            supertraits,
        } = self;
        for node in &mut graph.nodes {
            at(&mut node.idx);
        }
        for edge in &mut graph.edges {
            at(&mut edge.src);
            at(&mut edge.dst);
        }
        for annotation in &mut graph.annotations {
            at(&mut annotation.node);
        }
        for unresolved in &mut graph.unresolved {
            at(&mut unresolved.src);
        }
        for import in imports {
            at(&mut import.use_idx);
        }
        for site in impls {
            at(&mut site.impl_idx);
            site.members.iter_mut().for_each(at);
        }
        for file in module_files {
            at(&mut file.module_idx);
        }
        for owner in sites {
            at(&mut owner.owner);
        }
        for annotation in annotations {
            at(&mut annotation.node);
        }
        for expansion in expansions {
            at(&mut expansion.scope_idx);
        }
        for (method, _) in method_shapes {
            at(method);
        }
        for (trait_node, _) in supertraits {
            at(trait_node);
        }
    }

    /// Removes the nodes `dropped` names and everything that points at
    /// them, in every collection the unit holds.
    fn drop_nodes(&mut self, dropped: &HashSet<NodeIdx>) {
        let kept = |idx: &NodeIdx| !dropped.contains(idx);
        // Every field named, so a new one holding indices cannot be missed.
        let ParsedUnit {
            graph,
            imports,
            impls,
            module_files,
            sites,
            annotations,
            macro_defs: _,
            expansions,
            method_shapes,
            supertraits,
        } = self;
        graph.nodes.retain(|node| kept(&node.idx));
        graph
            .edges
            .retain(|edge| kept(&edge.src) && kept(&edge.dst));
        graph
            .annotations
            .retain(|annotation| kept(&annotation.node));
        graph.unresolved.retain(|unresolved| kept(&unresolved.src));
        imports.retain(|import| kept(&import.use_idx));
        impls.retain(|site| kept(&site.impl_idx));
        for site in impls.iter_mut() {
            site.members.retain(kept);
        }
        module_files.retain(|file| kept(&file.module_idx));
        sites.retain(|owner| kept(&owner.owner));
        annotations.retain(|annotation| kept(&annotation.node));
        expansions.retain(|expansion| kept(&expansion.scope_idx));
        method_shapes.retain(|(method, _)| kept(method));
        supertraits.retain(|(trait_node, _)| kept(trait_node));
    }

    /// Removes from an expansion what reading the call's body as items
    /// already gave: the nodes of the same kind and path, and everything
    /// they contain. The calls the expansion makes (a muncher's next
    /// step) are filtered the same way when they are expanded.
    fn drop_read_again(&mut self, body: &expand::ReadBody) {
        for nested in &mut self.expansions {
            nested.read_as_items = Some(body.handed_to(nested.read_as_items.as_ref()));
        }
        let mut dropped: HashSet<NodeIdx> = self
            .graph
            .nodes
            .iter()
            .filter(|node| body.gave(node.kind, &node.path))
            .map(|node| node.idx)
            .collect();
        if dropped.is_empty() {
            return;
        }
        loop {
            let under: Vec<NodeIdx> = self
                .graph
                .edges
                .iter()
                .filter(|edge| edge.kind == EdgeKind::Contains && dropped.contains(&edge.src))
                .map(|edge| edge.dst)
                .filter(|dst| !dropped.contains(dst))
                .collect();
            if under.is_empty() {
                break;
            }
            dropped.extend(under);
        }
        self.drop_nodes(&dropped);
    }

    fn absorb(&mut self, other: ParsedUnit) {
        self.graph.absorb(other.graph);
        self.imports.extend(other.imports);
        self.impls.extend(other.impls);
        self.module_files.extend(other.module_files);
        self.sites.extend(other.sites);
        self.annotations.extend(other.annotations);
        self.macro_defs.extend(other.macro_defs);
        self.expansions.extend(other.expansions);
        self.method_shapes.extend(other.method_shapes);
        self.supertraits.extend(other.supertraits);
    }

    /// The files' units in one, in their order. Merged once, with room
    /// made first: merging each file into its parent moved every item once
    /// per level of the module tree.
    fn merged(units: Vec<ParsedUnit>) -> ParsedUnit {
        let mut merged = ParsedUnit::default();
        let total = |count: fn(&ParsedUnit) -> usize| units.iter().map(count).sum::<usize>();
        merged.graph.nodes.reserve(total(|u| u.graph.nodes.len()));
        merged.graph.edges.reserve(total(|u| u.graph.edges.len()));
        merged.sites.reserve(total(|u| u.sites.len()));
        merged.imports.reserve(total(|u| u.imports.len()));
        for unit in units {
            merged.absorb(unit);
        }
        merged
    }
}

/// Called after every file with its line count (for progress bars).
pub type FileObserver<'a> = &'a (dyn Fn(u64) + Sync);

/// Parses one crate target into nodes, edges, files and diagnostics.
pub fn parse_unit(
    spec: &UnitSpec,
    loader: &dyn SourceLoader,
    allocator: &IdAllocator,
    on_file: FileObserver<'_>,
) -> ParsedUnit {
    let context = UnitContext {
        spec,
        loader,
        allocator,
        on_file,
    };
    let root = items::FileJob::crate_root(spec);
    let mut unit = ParsedUnit::merged(walk(&context, root));
    expand_macros(&context, &mut unit, &[]);
    settle_and_expand_rewriting(&context, &mut unit, &[], false);
    module_files::report_files_reached_twice(&mut unit, spec.crate_id);
    count_each_file_once(&mut unit.graph);
    unit
}

/// A file loaded as two modules (`#[cfg(a)] mod x;` and `#[cfg(not(a))]
/// mod x;`) is parsed for each, but it is one file of the crate: one row,
/// its lines counted once.
fn count_each_file_once(graph: &mut crate::model::UnitGraph) {
    let mut seen = HashSet::new();
    graph
        .files
        .retain(|file| seen.insert(file.abs_path.clone()));
    graph.lines = graph.files.iter().map(|file| u64::from(file.lines)).sum();
}

/// Expands item-level calls of the unit's own macros now that every file
/// (and so every definition) of the unit is known, and of the macros its
/// `dependencies` export. An expansion may call more macros (a recursive
/// muncher): those are expanded in the next round, up to rustc's default
/// recursion limit. Calls no definition answers stay in
/// `unit.expansions`, for a later call with the dependencies' macros.
fn expand_macros(
    context: &UnitContext<'_>,
    unit: &mut ParsedUnit,
    dependencies: &[expand::DependencyMacros<'_>],
) {
    const ROUNDS: usize = 128;
    // A unit's expansions together, so a macro that fans out stops.
    const EXPANSIONS: usize = 20_000;
    let mut external_by_name: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (dependency, exported) in dependencies.iter().enumerate() {
        for (at, exported) in exported.macros.iter().enumerate() {
            external_by_name
                .entry(&exported.name)
                .or_default()
                .push((dependency, at));
        }
    }
    // Modules declared `#[macro_use]`, found once before the rounds (the
    // scan reads every node, and a muncher takes a round per level); a
    // `#[macro_use] mod` that an expansion writes is not looked at.
    let macro_use: HashSet<String> = unit
        .graph
        .nodes
        .iter()
        .filter(|node| node.kind == NodeKind::Module && node.attrs.iter().any(|a| a == "macro_use"))
        .map(|node| node.path.clone())
        .collect();
    let mut kept = Vec::new();
    let mut unanswered = Vec::new();
    let mut expanded_count = 0;
    let mut cursor = context.allocator.cursor();
    let mut compiled: HashMap<Compiled, Option<macro_rules::MacroRules>> = HashMap::new();
    for _ in 0..ROUNDS {
        let requests = std::mem::take(&mut unit.expansions);
        if requests.is_empty() {
            break;
        }
        let by_name = visible_definitions(context, unit, &macro_use);
        // Which definition answers each call; then the calls are
        // expanded, in sequence: compiled rules hold tokens, which cannot
        // cross threads (ARCHITECTURE.md, *Expansion stays sequential*).
        let mut chosen = Vec::new();
        for (at, request) in requests.iter().enumerate() {
            if request.is_held() {
                unanswered.push(at);
                continue;
            }
            let local = by_name
                .get(request.name.as_str())
                .and_then(|candidates| request.choose(candidates));
            let external = match external_by_name
                .get(request.name.as_str())
                .map(Vec::as_slice)
            {
                Some(&[only]) => Some(only),
                _ => None,
            };
            if local.is_none() && external.is_none() {
                unanswered.push(at);
                continue;
            }
            if expanded_count == EXPANSIONS {
                break;
            }
            expanded_count += 1;
            chosen.push((at, local, external));
        }
        let mut results = Vec::new();
        for &(at, local, external) in &chosen {
            let request = &requests[at];
            let by_rules = |compiled: &mut HashMap<_, _>, key, rules: &str, crate_path: &str| {
                run_rules(compiled, key, rules, &request.args, crate_path).map(|text| {
                    let origin = (request.file.clone(), &request.abs_file);
                    (
                        Cow::Owned(text),
                        origin,
                        items::Placement::Call(request.call),
                    )
                })
            };
            let expansion = match (local, external) {
                (Some(local), _) => match &local.definition.body {
                    expand::MacroBody::ZeroArgument { text, line, col }
                        if request.args.is_empty() =>
                    {
                        let definition = local.definition;
                        Some((
                            Cow::Borrowed(text.as_str()),
                            (definition.file.clone(), &definition.abs_file),
                            items::Placement::Body {
                                line: *line,
                                col: *col,
                            },
                        ))
                    }
                    expand::MacroBody::ZeroArgument { .. } => None,
                    expand::MacroBody::Rules(rules) => {
                        by_rules(&mut compiled, Compiled::Local(local.at), rules, "crate")
                    }
                },
                (None, Some((dependency, at))) => {
                    let from = &dependencies[dependency];
                    let key = Compiled::External(dependency, at);
                    by_rules(&mut compiled, key, &from.macros[at].rules, from.crate_name)
                }
                (None, None) => None,
            };
            let Some((text, origin, placement)) = expansion else {
                continue;
            };
            let from_dependency = match (local, external) {
                (None, Some((dependency, _))) => Some(dependency),
                _ => None,
            };
            let lookup = MacroLookup {
                request,
                by_name: &by_name,
                external_by_name: &external_by_name,
                dependencies,
            };
            let mut expand_type =
                |name: &str, args: &str| match lookup.nested(name, from_dependency)? {
                    NestedRules::Text(text) => args.trim().is_empty().then(|| text.to_string()),
                    NestedRules::Rules(key, rules, crate_path) => {
                        run_rules(&mut compiled, key, rules, args, crate_path)
                    }
                };
            // A body shown where it is written keeps its text: its positions
            // are the definition's.
            let assembled = matches!(placement, items::Placement::Call(_));
            let expand_type: Option<&mut type_macros::ExpandCall<'_>> =
                assembled.then_some(&mut expand_type);
            results.push((
                at,
                items::extract_expansion(
                    context,
                    &mut cursor,
                    request,
                    &text,
                    origin,
                    &placement,
                    expand_type,
                ),
            ));
        }
        for (at, (mut expanded, children, added_members)) in results {
            let request = &requests[at];
            if let Some(read) = &request.read_as_items {
                expanded.drop_read_again(read);
            }
            for child in children {
                expanded.absorb(ParsedUnit::merged(walk(context, child)));
            }
            if let Some(expand::Within::Impl(into)) = &request.within {
                if let Some(site) = unit
                    .impls
                    .iter_mut()
                    .find(|site| site.impl_idx == into.impl_idx)
                {
                    site.members.extend(added_members);
                }
            }
            unit.absorb(expanded);
        }
        let mut requests: Vec<Option<expand::ExpansionRequest>> =
            requests.into_iter().map(Some).collect();
        kept.extend(unanswered.drain(..).filter_map(|at| requests[at].take()));
    }
    // Calls past the limits are dropped; unanswered ones are kept.
    unit.expansions = kept;
    proc_macro2::extra::invalidate_current_thread_spans();
}

/// What a call of `rules` with `args` expands to, as text; the rules are
/// compiled once per definition (`compiled`, under `key`).
fn run_rules(
    compiled: &mut HashMap<Compiled, Option<macro_rules::MacroRules>>,
    key: Compiled,
    rules: &str,
    args: &str,
    crate_path: &str,
) -> Option<String> {
    let rules = compiled.entry(key).or_insert_with(|| {
        rules
            .parse::<proc_macro2::TokenStream>()
            .ok()
            .and_then(macro_rules::MacroRules::parse)
    });
    let input = args.parse().ok()?;
    let mut budget = macro_rules::Budget::per_call();
    let output = rules
        .as_ref()?
        .expand(input, crate_path, &mut budget)
        .ok()?;
    Some(output.to_string())
}

/// What a macro call inside an expansion names.
enum NestedRules<'a> {
    /// A zero-argument macro's body.
    Text(&'a str),
    /// Rules to run: the cache key, the rules' text, what `$crate` is.
    Rules(Compiled, &'a str, &'a str),
}

/// Where the macros a call can name are, seen from one expansion request.
struct MacroLookup<'a> {
    request: &'a expand::ExpansionRequest,
    by_name: &'a HashMap<&'a str, Vec<expand::Visible<'a>>>,
    external_by_name: &'a HashMap<&'a str, Vec<(usize, usize)>>,
    dependencies: &'a [expand::DependencyMacros<'a>],
}

impl<'a> MacroLookup<'a> {
    /// The macro `name` names inside the request's expansion, looked up as
    /// the request's own name was: in a dependency's expansion, among that
    /// dependency's macros; in the unit's, in scope at the call, else the
    /// one dependency macro of that name.
    fn nested(&self, name: &str, from_dependency: Option<usize>) -> Option<NestedRules<'a>> {
        let external = |dependency: usize, at: usize| {
            let from = &self.dependencies[dependency];
            NestedRules::Rules(
                Compiled::External(dependency, at),
                from.macros[at].rules.as_str(),
                from.crate_name,
            )
        };
        if let Some(dependency) = from_dependency {
            let at = self.dependencies[dependency]
                .macros
                .iter()
                .position(|m| m.name == name)?;
            return Some(external(dependency, at));
        }
        let local = self
            .by_name
            .get(name)
            .and_then(|candidates| self.request.choose(candidates));
        match local {
            Some(local) => Some(match &local.definition.body {
                expand::MacroBody::ZeroArgument { text, .. } => NestedRules::Text(text),
                expand::MacroBody::Rules(rules) => {
                    NestedRules::Rules(Compiled::Local(local.at), rules, "crate")
                }
            }),
            None => match self.external_by_name.get(name).map(Vec::as_slice) {
                Some(&[(dependency, at)]) => Some(external(dependency, at)),
                _ => None,
            },
        }
    }
}

/// Which compiled rules a cache entry holds.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Compiled {
    Local(usize),
    External(usize, usize),
}

/// The unit's definitions by name, each with the module it is visible
/// from: its own, further out through `#[macro_use] mod`, the crate root
/// for `#[macro_export]`.
fn visible_definitions<'u>(
    context: &'u UnitContext<'_>,
    unit: &'u ParsedUnit,
    macro_use: &HashSet<String>,
) -> HashMap<&'u str, Vec<expand::Visible<'u>>> {
    let mut by_name: HashMap<&str, Vec<expand::Visible<'_>>> = HashMap::new();
    for (at, definition) in unit.macro_defs.iter().enumerate() {
        let mut from_module = definition.module_path.as_str();
        if definition.exported {
            from_module = &context.spec.crate_name;
        }
        while macro_use.contains(from_module) {
            match from_module.rsplit_once("::") {
                Some((parent, _)) => from_module = parent,
                None => break,
            }
        }
        by_name
            .entry(&definition.name)
            .or_default()
            .push(expand::Visible {
                at,
                definition,
                from_module,
            });
    }
    by_name
}

/// Expands the calls `unit` left unanswered with the macros its direct
/// dependencies export (`bitflags!`, serde's
/// `forward_to_deserialize_any!`); the unit's own macros still come first.
pub fn expand_dependency_macros(
    spec: &UnitSpec,
    loader: &dyn SourceLoader,
    allocator: &IdAllocator,
    unit: &mut ParsedUnit,
    dependencies: &[expand::DependencyMacros<'_>],
) {
    let context = UnitContext {
        spec,
        loader,
        allocator,
        on_file: &|_| {},
    };
    if !unit.expansions.is_empty() && dependencies.iter().any(|d| !d.macros.is_empty()) {
        expand_macros(&context, unit, dependencies);
    }
    settle_and_expand_rewriting(&context, unit, dependencies, true);
}

/// Settles what pass-through macros add (see [`settle_passed_through`]),
/// then expands the held calls (see [`expand::ReadBody`]) of the macros
/// found to rewrite their input instead; their expansions may hold calls
/// in turn.
fn settle_and_expand_rewriting(
    context: &UnitContext<'_>,
    unit: &mut ParsedUnit,
    dependencies: &[expand::DependencyMacros<'_>],
    last: bool,
) {
    // Rewriting macros whose output holds more of them, nested this deep.
    const ROUNDS: usize = 8;
    for _ in 0..ROUNDS {
        let rewriting = settle_passed_through(unit, dependencies, last);
        let mut released = false;
        for request in &mut unit.expansions {
            if let Some(read) = &mut request.read_as_items {
                if !read.released && rewriting.contains(&request.name) {
                    read.released = true;
                    released = true;
                }
            }
        }
        if !released {
            return;
        }
        expand_macros(context, unit, dependencies);
    }
}

/// Gives items read inside pass-through macro calls the cfg each macro
/// adds (see [`passed_through`]), learned by running the macro on a probe
/// item: the unit's own definitions of that name when it has any (all
/// must agree), else the one dependency exporting it. With `last`, what
/// is still unknown is dropped: such items keep the cfgs around the call.
/// Returns the macros found to rewrite what they are handed.
fn settle_passed_through(
    unit: &mut ParsedUnit,
    dependencies: &[expand::DependencyMacros<'_>],
    last: bool,
) -> HashSet<String> {
    let cfgs = unit
        .graph
        .nodes
        .iter()
        .filter_map(|node| node.cfg.as_deref())
        .chain(unit.expansions.iter().filter_map(|e| e.cfg.as_deref()));
    let held = unit
        .expansions
        .iter()
        .filter(|request| request.is_held())
        .map(|request| request.name.as_str());
    let names: HashSet<String> = cfgs
        .filter(|cfg| passed_through::has_placeholder(cfg))
        .flat_map(passed_through::placeholder_names)
        .chain(held)
        .map(str::to_string)
        .collect();
    let mut rewriting = HashSet::new();
    if names.is_empty() {
        return rewriting;
    }
    let mut prober = Prober {
        definitions: &unit.macro_defs,
        dependencies,
        compiled: HashMap::new(),
    };
    let mut learned: HashMap<String, Option<String>> = HashMap::new();
    let mut adding_more: HashMap<String, passed_through::Added> = HashMap::new();
    for name in names {
        match prober.effect(&name, 0) {
            Some(Some(added)) => {
                learned.insert(name.clone(), added.cfg.clone());
                if added.macro_export || added.docs.is_some() {
                    adding_more.insert(name, added);
                }
            }
            // Its items keep the cfgs around the call, and the call is
            // expanded for what else it writes.
            Some(None) => {
                learned.insert(name.clone(), None);
                rewriting.insert(name);
            }
            None => {}
        }
    }
    if !adding_more.is_empty() {
        apply_added_attributes(unit, &adding_more);
    }
    let settle = |cfg: &mut Option<Arc<str>>| {
        if let Some(current) = cfg.as_ref() {
            if passed_through::has_placeholder(current) {
                *cfg = passed_through::settle(current, &learned, last);
            }
        }
    };
    unit.graph
        .nodes
        .iter_mut()
        .for_each(|node| settle(&mut node.cfg));
    unit.expansions
        .iter_mut()
        .for_each(|request| settle(&mut request.cfg));
    rewriting
}

/// Gives the items handed to pass-through macros what those macros add
/// beyond a cfg (see [`passed_through::Added`]); the placeholders in their
/// cfgs still name the macros. An exported `macro_rules!` moves to the
/// crate root as if `#[macro_export]` were written on it.
fn apply_added_attributes(unit: &mut ParsedUnit, adding: &HashMap<String, passed_through::Added>) {
    for node in &mut unit.graph.nodes {
        let Some(cfg) = node.cfg.as_deref() else {
            continue;
        };
        if !passed_through::has_placeholder(cfg) {
            continue;
        }
        let added: Vec<&passed_through::Added> = passed_through::placeholder_names(cfg)
            .into_iter()
            .filter_map(|name| adding.get(name))
            .collect();
        if node.docs.is_none() {
            node.docs = added.iter().find_map(|added| added.docs.clone());
        }
        let exports = node.kind == NodeKind::Macro
            && added.iter().any(|added| added.macro_export)
            && !node.attrs.iter().any(|attr| attrs::is_macro_export(attr));
        if !exports {
            continue;
        }
        node.attrs.push("macro_export".to_string());
        let crate_name = node.path.split("::").next().unwrap_or_default();
        node.path = format!("{crate_name}::{}", node.name);
        let line = node.range.line;
        if let Some(definition) = unit.macro_defs.iter_mut().find(|definition| {
            definition.name == node.name && definition.line == line && definition.file == node.file
        }) {
            definition.exported = true;
        }
    }
}

/// What a macro does with the items it is handed: passes them through
/// with what it adds (`Some`), or rewrites them (`None`).
type Effect = Option<passed_through::Added>;

/// Runs macros on a probe item (see [`passed_through`]).
struct Prober<'p> {
    definitions: &'p [expand::MacroDef],
    dependencies: &'p [expand::DependencyMacros<'p>],
    compiled: HashMap<Compiled, Option<macro_rules::MacroRules>>,
}

impl Prober<'_> {
    /// What `name!` does with its items, following a macro that hands them
    /// on to another; `None` when no definition of it is known. The unit's
    /// own definitions of the name count when it has any (all must agree,
    /// else it counts as rewriting), else the one dependency exporting it.
    fn effect(&mut self, name: &str, depth: usize) -> Option<Effect> {
        // Macros handing their items on, this many in a row.
        const HANDED_ON: usize = 8;
        let probe = passed_through::probe_input();
        let mut outputs: Vec<Option<String>> = Vec::new();
        for (at, definition) in self.definitions.iter().enumerate() {
            if definition.name == name {
                let rules = definition.rules_text();
                let key = Compiled::Local(at);
                outputs.push(run_rules(&mut self.compiled, key, &rules, &probe, "crate"));
            }
        }
        if outputs.is_empty() {
            let exporters: Vec<(usize, usize)> = self
                .dependencies
                .iter()
                .enumerate()
                .flat_map(|(dependency, from)| {
                    from.macros
                        .iter()
                        .enumerate()
                        .filter(|(_, exported)| exported.name == name)
                        .map(move |(at, _)| (dependency, at))
                })
                .collect();
            if let [(dependency, at)] = exporters.as_slice() {
                let from = &self.dependencies[*dependency];
                let key = Compiled::External(*dependency, *at);
                let rules = &from.macros[*at].rules;
                outputs.push(run_rules(
                    &mut self.compiled,
                    key,
                    rules,
                    &probe,
                    from.crate_name,
                ));
            }
        }
        let mut effects: Vec<Effect> = Vec::with_capacity(outputs.len());
        for output in outputs {
            let read = output.map(|output| passed_through::read_probe_output(&output));
            effects.push(match read {
                Some(passed_through::ProbeOutput::PassedThrough(added)) => Some(added),
                Some(passed_through::ProbeOutput::HandedOn { cfg, to }) if depth < HANDED_ON => {
                    // Handed on to a macro unknown or rewriting: rewriting.
                    match self.effect(&to, depth + 1) {
                        Some(Some(inner)) => Some(passed_through::Added {
                            cfg: passed_through::both(cfg, inner.cfg),
                            ..inner
                        }),
                        _ => None,
                    }
                }
                _ => None,
            });
        }
        let (first, rest) = effects.split_first()?;
        Some(if rest.iter().all(|other| other == first) {
            first.clone()
        } else {
            None
        })
    }
}

struct UnitContext<'a> {
    spec: &'a UnitSpec,
    loader: &'a dyn SourceLoader,
    allocator: &'a IdAllocator,
    on_file: FileObserver<'a>,
}

/// The units of the file of `job` and of every file below it, in
/// preorder (a file, then each child's subtree in turn).
fn walk(context: &UnitContext<'_>, job: items::FileJob) -> Vec<ParsedUnit> {
    let (unit, children) = items::process_file(context, job);
    let subtrees: Vec<Vec<ParsedUnit>> = children
        .into_par_iter()
        .map(|child| walk(context, child))
        .collect();
    let mut units = Vec::with_capacity(1 + subtrees.iter().map(Vec::len).sum::<usize>());
    units.push(unit);
    units.extend(subtrees.into_iter().flatten());
    units
}

/// The display path of a file as an interned-once `Arc<str>`.
fn shown_path(spec: &UnitSpec, path: &Path) -> Arc<str> {
    Arc::from(spec.display.show(path))
}

#[cfg(test)]
pub(crate) mod tests;
