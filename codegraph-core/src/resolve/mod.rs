//! Resolve: names to definitions, across modules and crates. Pure: reads
//! parsed units, writes edges, paths and ids; no I/O.
//!
//! 1. defs: every crate's declarations, snapshotted ([`defs::CrateDefs`]);
//! 2. imports: resolved to a fixpoint per crate, in topological waves over
//!    the crate DAG so a dependency's exports (re-exports included) exist
//!    before its dependents resolve; crates of one wave in parallel;
//! 3. impls: self types and traits (`impl_for`, `implements`), members
//!    placed under their type, then stable ids ([`crate::finalize`]);
//! 4. sites: calls, references, macro invocations, derives and imports
//!    become edges with a provenance, or `unresolved` rows.

mod annotations;
mod defs;
mod externals;
pub(crate) mod fast_hash;
mod impls;
pub(crate) mod prelude;
mod sites;
mod std_methods;
#[cfg(test)]
mod tests;

use fast_hash::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::discover::{CrateInfo, Workspace};
use crate::finalize::finalize_unit;
use crate::ids::IdAllocator;
use crate::model::{NodeIdx, NodeKind, UnitGraph};
use crate::parse::sites::{ClosureInputs, MethodShape, TupleElementType, TypeArguments};
use crate::parse::ParsedUnit;

pub use defs::{CrateDefs, Ns, Res};
pub use sites::MAX_HEURISTIC_CANDIDATES;

use defs::{resolve_imports, World};
use externals::Externals;
use sites::Declared;

/// Resolves every parsed unit (aligned with `crates`) and merges them into
/// one graph, external nodes included.
pub fn resolve_workspace(
    workspace: &Workspace,
    crates: &[&CrateInfo],
    units: Vec<ParsedUnit>,
    allocator: &IdAllocator,
) -> UnitGraph {
    let inputs = units
        .into_iter()
        .map(|unit| UnitInput::Parsed(Box::new(unit)))
        .collect();
    resolve_crates(workspace, crates, inputs, allocator, Vec::new()).into_graph()
}

/// One crate's input to resolution: parsed now, or carried over from the
/// previous run because neither it nor anything it depends on changed.
pub enum UnitInput {
    Parsed(Box<ParsedUnit>),
    Carried(Box<CarriedCrate>),
}

/// The result of [`resolve_crates`], aligned with its `crates`.
pub struct Resolution {
    /// The graph of every crate that was parsed now; `None` for carried ones.
    pub graphs: Vec<Option<UnitGraph>>,
    /// What the next run needs to carry each crate over.
    pub carried: Vec<CarriedCrate>,
    /// Every external path known to this run with its index (carried ones
    /// included), for the next run's [`resolve_crates`].
    pub externals: Vec<(String, NodeIdx)>,
    /// External nodes some crate's edges point at, sorted by path.
    pub external_nodes: Vec<crate::model::Node>,
}

impl Resolution {
    /// The parsed crates' graphs and the external nodes, merged.
    pub fn into_graph(self) -> UnitGraph {
        let mut graph = UnitGraph::default();
        for unit in self.graphs.into_iter().flatten() {
            graph.absorb(unit);
        }
        graph.nodes.extend(self.external_nodes);
        graph
    }
}

/// Resolves the parsed crates against the parsed and carried ones. A carried
/// crate's indices must not collide with the allocator's (start it above
/// the previous run's high-water mark), and `known_externals` are the
/// previous run's externals, whose indices carried state refers to.
pub fn resolve_crates(
    workspace: &Workspace,
    crates: &[&CrateInfo],
    mut units: Vec<UnitInput>,
    allocator: &IdAllocator,
    known_externals: Vec<(String, NodeIdx)>,
) -> Resolution {
    let position_of: HashMap<uuid::Uuid, usize> = crates
        .iter()
        .enumerate()
        .map(|(ix, c)| (c.id, ix))
        .collect();
    let roots: Vec<Option<NodeIdx>> = units
        .iter()
        .map(|unit| match unit {
            UnitInput::Parsed(unit) => unit
                .graph
                .nodes
                .iter()
                .find(|n| n.kind == NodeKind::Crate)
                .map(|n| n.idx),
            UnitInput::Carried(carried) => Some(carried.defs.root),
        })
        .collect();

    // 1. defs: built for parsed crates, carried (imports resolved) for the rest
    let crate_defs: Vec<Arc<CrateDefs>> = units
        .par_iter_mut()
        .zip(crates.par_iter())
        .map(|(unit, krate)| match unit {
            UnitInput::Parsed(unit) => {
                let mut extern_crates = HashMap::default();
                for dep in workspace.crate_deps.iter().filter(|d| d.from == krate.id) {
                    let root = position_of.get(&dep.to).and_then(|ix| roots[*ix]);
                    extern_crates.insert(dep.rename.replace('-', "_"), root);
                }
                Arc::new(CrateDefs::build(
                    unit,
                    &krate.name,
                    &krate.edition,
                    extern_crates,
                    (&workspace.build_cfg, &krate.features),
                ))
            }
            UnitInput::Carried(carried) => carried.defs.clone(),
        })
        .collect();
    let mut owner = HashMap::default();
    for (ix, unit) in units.iter().enumerate() {
        match unit {
            UnitInput::Parsed(unit) => {
                for node in &unit.graph.nodes {
                    owner.insert(node.idx, ix);
                }
            }
            UnitInput::Carried(carried) => {
                for (idx, _) in &carried.ids {
                    owner.insert(*idx, ix);
                }
            }
        }
    }
    let world = World {
        crates: crate_defs,
        owner,
        impls_of_type: Default::default(),
        referent_impls: Default::default(),
        impls_of_external: Default::default(),
        traits_of_type: Default::default(),
        traits_of_impl: Default::default(),
        blanket_traits: Default::default(),
        blanket_methods: Default::default(),
        traits_of_external: Default::default(),
        imported_memo: Default::default(),
        imports_done: Default::default(),
    };
    let parsed = |ix: &usize| matches!(units[*ix], UnitInput::Parsed(_));

    // 2. imports, wave by wave
    for wave in waves(workspace, crates, &position_of) {
        let resolved: Vec<(usize, Vec<Vec<Res>>)> = wave
            .par_iter()
            .filter(|ix| parsed(ix))
            .map(|ix| (*ix, resolve_imports(&world, *ix)))
            .collect();
        for (ix, targets) in resolved {
            let _ = world.crates[ix].import_targets.set(targets);
        }
    }

    let _ = world.imports_done.set(());

    // 3. impls, placement, ids
    let externals = Externals::new(allocator, known_externals);
    let impl_results: Vec<Option<impls::ResolvedImpls>> = units
        .par_iter()
        .enumerate()
        .map(|(ix, unit)| match unit {
            UnitInput::Parsed(unit) => Some(impls::resolve_impls(&world, ix, unit, &externals)),
            UnitInput::Carried(_) => None,
        })
        .collect();
    // In crate order, as a full run builds them: lookups take the first match.
    let mut impls_of_type: HashMap<NodeIdx, Vec<NodeIdx>> = HashMap::default();
    let mut referent_impls: HashMap<NodeIdx, Vec<NodeIdx>> = HashMap::default();
    let mut impls_of_external: HashMap<String, Vec<NodeIdx>> = HashMap::default();
    let mut traits_of_type: HashMap<NodeIdx, Vec<Res>> = HashMap::default();
    let mut traits_of_impl: HashMap<NodeIdx, Vec<Res>> = HashMap::default();
    let mut blanket_traits: HashMap<Res, Vec<Res>> = HashMap::default();
    let mut traits_of_external: HashMap<String, Vec<Res>> = HashMap::default();
    let mut blanket_impls: Vec<(Res, NodeIdx, bool)> = Vec::new();
    let mut contributions: Vec<ImplContributions> = Vec::with_capacity(units.len());
    for (unit, result) in units.iter_mut().zip(&impl_results) {
        let contribution = match (unit, result) {
            (_, Some(result)) => ImplContributions {
                impls_of_type: result.impls_of_type.clone(),
                referent_impls: result.referent_impls.clone(),
                impls_of_external: result.impls_of_external.clone(),
                traits_of_type: result.traits_of_type.clone(),
                traits_of_impl: result.traits_of_impl.clone(),
                blanket_traits: result.blanket_traits.clone(),
                blanket_impls: result.blanket_impls.clone(),
                traits_of_external: result.traits_of_external.clone(),
            },
            (UnitInput::Carried(carried), None) => std::mem::take(&mut carried.impls),
            (UnitInput::Parsed(_), None) => ImplContributions::default(),
        };
        add_rows(&mut referent_impls, &contribution.referent_impls);
        add_rows(&mut impls_of_external, &contribution.impls_of_external);
        add_rows(&mut impls_of_type, &contribution.impls_of_type);
        add_rows(&mut traits_of_type, &contribution.traits_of_type);
        add_rows(&mut traits_of_impl, &contribution.traits_of_impl);
        add_rows(&mut blanket_traits, &contribution.blanket_traits);
        add_rows(&mut traits_of_external, &contribution.traits_of_external);
        blanket_impls.extend(contribution.blanket_impls.iter().cloned());
        contributions.push(contribution);
    }
    let _ = world.impls_of_type.set(impls_of_type);
    let _ = world.referent_impls.set(referent_impls);
    let _ = world.impls_of_external.set(impls_of_external);
    let _ = world.traits_of_type.set(traits_of_type);
    let _ = world.traits_of_impl.set(traits_of_impl);
    let _ = world.blanket_traits.set(blanket_traits);
    let _ = world.traits_of_external.set(traits_of_external);
    let _ = world
        .blanket_methods
        .set(world.blanket_methods_by_name(&blanket_impls));
    units
        .par_iter_mut()
        .zip(impl_results)
        .for_each(|(unit, result)| {
            if let (UnitInput::Parsed(unit), Some(result)) = (unit, result) {
                impls::apply_placements(unit, &result.placements);
                unit.graph.edges.extend(result.edges);
                finalize_unit(&mut unit.graph);
            }
        });

    // 4. sites
    let declared_parts: Vec<DeclaredPart> = units
        .iter_mut()
        .map(|unit| match unit {
            UnitInput::Parsed(unit) => DeclaredPart::of(unit),
            UnitInput::Carried(carried) => std::mem::take(&mut carried.declared),
        })
        .collect();
    let declared = declared_types(
        &declared_parts,
        reachable_crates(workspace, crates, &position_of),
    );
    let found: Vec<Option<(sites::SiteEdges, Vec<crate::model::Annotation>)>> = units
        .par_iter()
        .enumerate()
        .map(|(ix, unit)| match unit {
            UnitInput::Parsed(unit) => Some((
                sites::resolve_sites(&world, ix, unit, &declared, &externals),
                annotations::resolve_annotations(&world, ix, unit),
            )),
            UnitInput::Carried(_) => None,
        })
        .collect();
    drop(declared);

    let external_paths = externals.paths_by_idx();
    // Each crate's graph and carried state on its own core: the edges
    // copied in and the external paths they reach (1.3 M lookups on the
    // public corpus) were a tenth of the phase on one.
    let assembled: Vec<(Option<UnitGraph>, CarriedCrate)> = units
        .into_par_iter()
        .zip(found)
        .zip(contributions)
        .zip(declared_parts)
        .map(
            |(((unit, found), contribution), declared)| match (unit, found) {
                (UnitInput::Parsed(mut unit), Some((found, annotations))) => {
                    unit.graph.annotations.extend(annotations);
                    unit.graph.edges.extend(found.edges);
                    unit.graph.unresolved.extend(found.unresolved);
                    let mut referenced: Vec<String> = unit
                        .graph
                        .edges
                        .iter()
                        .flat_map(|edge| [edge.src, edge.dst])
                        .filter_map(|idx| external_paths.get(&idx).cloned())
                        .collect();
                    referenced.sort();
                    referenced.dedup();
                    let carried = CarriedCrate {
                        defs: Arc::new(CrateDefs::default()),
                        ids: unit.graph.nodes.iter().map(|n| (n.idx, n.id)).collect(),
                        impls: contribution,
                        declared,
                        externals: referenced,
                        exported_macros: crate::parse::exported_macros(&unit.macro_defs),
                    };
                    (Some(unit.graph), carried)
                }
                (UnitInput::Carried(mut carried), _) => {
                    carried.impls = contribution;
                    carried.declared = declared;
                    (None, *carried)
                }
                (UnitInput::Parsed(unit), None) => {
                    // Every parsed unit has sites; should one not, its graph
                    // still stands, without the edges its sites would add.
                    let carried = CarriedCrate {
                        defs: Arc::new(CrateDefs::default()),
                        ids: unit.graph.nodes.iter().map(|n| (n.idx, n.id)).collect(),
                        impls: contribution,
                        declared,
                        externals: Vec::new(),
                        exported_macros: crate::parse::exported_macros(&unit.macro_defs),
                    };
                    (Some(unit.graph), carried)
                }
            },
        )
        .collect();
    let (graphs, mut carried_out): (Vec<Option<UnitGraph>>, Vec<CarriedCrate>) =
        assembled.into_iter().unzip();
    // The defs move out of the world now that nothing reads it.
    let World { crates: defs, .. } = world;
    for (carried, defs) in carried_out.iter_mut().zip(defs) {
        carried.defs = defs;
    }
    let used: HashSet<&str> = carried_out
        .iter()
        .flat_map(|c| c.externals.iter().map(String::as_str))
        .collect();
    let all = externals.into_nodes();
    let known: Vec<(String, NodeIdx)> = all.iter().map(|n| (n.path.clone(), n.idx)).collect();
    let external_nodes = all
        .into_iter()
        .filter(|node| used.contains(node.path.as_str()))
        .collect();
    Resolution {
        graphs,
        carried: carried_out,
        externals: known,
        external_nodes,
    }
}

/// Adds a crate's `(key, value)` rows to a workspace-wide table, in order.
fn add_rows<K: Clone + Eq + std::hash::Hash, V: Clone>(
    table: &mut HashMap<K, Vec<V>>,
    rows: &[(K, V)],
) {
    for (key, value) in rows {
        table.entry(key.clone()).or_default().push(value.clone());
    }
}

/// What a crate's impls add to the workspace-wide impl tables.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct ImplContributions {
    pub impls_of_type: Vec<(NodeIdx, NodeIdx)>,
    pub traits_of_type: Vec<(NodeIdx, Res)>,
    /// Trait impl → its trait.
    #[serde(default)]
    pub traits_of_impl: Vec<(NodeIdx, Res)>,
    /// `T` → impls for `&T` / `&mut T`.
    #[serde(default)]
    pub referent_impls: Vec<(NodeIdx, NodeIdx)>,
    /// External type → impls of it (extension traits on `u32`, `*const T`).
    #[serde(default)]
    pub impls_of_external: Vec<(String, NodeIdx)>,
    /// Bounding trait → trait of a blanket impl over it.
    #[serde(default)]
    pub blanket_traits: Vec<(Res, Res)>,
    /// Trait → blanket impl of it, and whether the impl has bounds.
    #[serde(default)]
    pub blanket_impls: Vec<(Res, NodeIdx, bool)>,
    /// External type → traits implemented for it here.
    #[serde(default)]
    pub traits_of_external: Vec<(String, Res)>,
}

/// What a crate adds to [`Declared`]: declared types of its items and its
/// methods by name.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct DeclaredPart {
    pub types: Vec<(NodeIdx, Vec<String>, Option<Vec<String>>)>,
    /// The `T` of declared `Option<T>`/`Result<T, E>` types.
    pub unwrapped: Vec<(NodeIdx, Vec<String>, Option<Vec<String>>)>,
    /// Methods by name, with their shape where the parse recorded one.
    pub methods: Vec<(String, NodeIdx, Option<MethodShape>)>,
    /// Traits' supertraits as written, resolved where the trait is.
    #[serde(default)]
    pub supertraits: Vec<(NodeIdx, Vec<Vec<String>>)>,
    /// The `T` of declared `Option<Vec<T>>`-like types.
    #[serde(default)]
    pub unwrapped_twice: Vec<(NodeIdx, Vec<String>, Option<Vec<String>>)>,
    /// The elements of declared tuple types.
    #[serde(default)]
    pub tuples: Vec<(NodeIdx, Vec<TupleElementType>, Option<Vec<String>>)>,
    /// The smart pointer a declared type is (`Arc` of `shared: Arc<Shared>`).
    #[serde(default)]
    pub smart_pointers: Vec<(NodeIdx, String)>,
    /// The written type arguments of declared generic types.
    #[serde(default)]
    pub type_args: Vec<(NodeIdx, TypeArguments, Option<Vec<String>>)>,
    /// Declared types that are a type parameter of their owner, by position.
    #[serde(default)]
    pub owner_params: Vec<(NodeIdx, u16)>,
    /// Declared types holding a type parameter of their owner (`Option<&T>`).
    #[serde(default)]
    pub unwrapped_owner_params: Vec<(NodeIdx, u16)>,
    /// The closures fns take, with the `Self` where written.
    #[serde(default)]
    pub closure_inputs: Vec<(NodeIdx, ClosureInputs, Option<Vec<String>>)>,
}

impl DeclaredPart {
    fn of(unit: &ParsedUnit) -> DeclaredPart {
        let shapes: HashMap<NodeIdx, MethodShape> = unit.method_shapes.iter().copied().collect();
        DeclaredPart {
            types: unit
                .sites
                .iter()
                .filter_map(|owner| {
                    owner
                        .declared_type
                        .clone()
                        .map(|declared| (owner.owner, declared, owner.self_type.clone()))
                })
                .collect(),
            unwrapped: unit
                .sites
                .iter()
                .filter_map(|owner| {
                    owner
                        .declared_unwrapped
                        .clone()
                        .map(|inner| (owner.owner, inner, owner.self_type.clone()))
                })
                .collect(),
            methods: unit
                .graph
                .nodes
                .iter()
                .filter(|n| n.kind == NodeKind::Method)
                .map(|n| (n.name.clone(), n.idx, shapes.get(&n.idx).copied()))
                .collect(),
            supertraits: unit.supertraits.clone(),
            unwrapped_twice: unit
                .sites
                .iter()
                .filter_map(|owner| {
                    owner
                        .declared_unwrapped_twice
                        .clone()
                        .map(|inner| (owner.owner, inner, owner.self_type.clone()))
                })
                .collect(),
            tuples: unit
                .sites
                .iter()
                .filter_map(|owner| {
                    owner
                        .declared_tuple
                        .clone()
                        .map(|elements| (owner.owner, elements, owner.self_type.clone()))
                })
                .collect(),
            smart_pointers: unit
                .sites
                .iter()
                .filter_map(|owner| {
                    owner
                        .declared_smart_pointer
                        .map(|pointer| (owner.owner, pointer.to_string()))
                })
                .collect(),
            type_args: unit
                .sites
                .iter()
                .filter(|owner| !owner.declared_type_args.is_empty())
                .map(|owner| {
                    (
                        owner.owner,
                        owner.declared_type_args.clone(),
                        owner.self_type.clone(),
                    )
                })
                .collect(),
            owner_params: unit
                .sites
                .iter()
                .filter_map(|owner| owner.declared_owner_param.map(|param| (owner.owner, param)))
                .collect(),
            unwrapped_owner_params: unit
                .sites
                .iter()
                .filter_map(|owner| {
                    owner
                        .declared_unwrapped_owner_param
                        .map(|param| (owner.owner, param))
                })
                .collect(),
            closure_inputs: unit
                .sites
                .iter()
                .filter(|owner| !owner.closure_inputs.is_empty())
                .map(|owner| {
                    (
                        owner.owner,
                        owner.closure_inputs.clone(),
                        owner.self_type.clone(),
                    )
                })
                .collect(),
        }
    }
}

/// Everything resolution needs of a crate that is not parsed again: its
/// declarations with their resolved imports, its node ids, and what it adds
/// to the workspace-wide tables. Indices stay valid because carried crates
/// keep theirs and new ones are allocated above them.
#[derive(Default, serde::Serialize, serde::Deserialize)]
pub struct CarriedCrate {
    pub defs: Arc<CrateDefs>,
    pub ids: Vec<(NodeIdx, uuid::Uuid)>,
    pub impls: ImplContributions,
    pub declared: DeclaredPart,
    /// Paths of the external nodes this crate's edges point at.
    pub externals: Vec<String>,
    /// Its `#[macro_export]` macros, which dependents re-parsed beside it
    /// expand.
    pub exported_macros: Vec<crate::parse::ExportedMacro>,
}

impl CarriedCrate {
    /// A hash of everything other crates' resolution reads of this one
    /// (its def map with resolved imports, node ids, impl tables, declared
    /// types and methods), with hash maps in sorted order. When a crate is
    /// redone and this is unchanged, what depends on it needs no redo.
    pub fn surface_hash(&self) -> [u8; 16] {
        fn sorted<K: Ord + Clone, V: Clone>(map: &HashMap<K, V>) -> Vec<(K, V)> {
            let mut entries: Vec<(K, V)> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries
        }
        let defs = &self.defs;
        let children: Vec<_> = sorted(&defs.children)
            .into_iter()
            .map(|(node, names)| (node, sorted(&names)))
            .collect();
        let mut ids = self.ids.clone();
        ids.sort();
        let mut types = self.declared.types.clone();
        types.sort_by_key(|(owner, _, _)| *owner);
        let surface = (
            (&defs.crate_name, defs.edition_2015, defs.root),
            (sorted(&defs.kind), sorted(&defs.name), sorted(&defs.parent)),
            children,
            (
                &defs.imports,
                sorted(&defs.imports_in_scope),
                defs.import_targets.get(),
            ),
            (
                sorted(&defs.extern_crates),
                sorted(&defs.macros_by_name),
                sorted(&defs.extern_aliases),
            ),
            (ids, &self.impls, types, &self.declared.methods),
            &self.exported_macros,
        );
        match bincode::serialize(&surface) {
            Ok(bytes) => crate::ids::bytes_hash(&bytes),
            // Never equal to anything: the dependents are redone.
            Err(_) => *uuid::Uuid::new_v4().as_bytes(),
        }
    }
}

/// Crates grouped so every crate comes after the crates it depends on
/// (normal and build dependencies; dev-dependency cycles are broken).
fn waves(
    workspace: &Workspace,
    crates: &[&CrateInfo],
    position_of: &HashMap<uuid::Uuid, usize>,
) -> Vec<Vec<usize>> {
    let mut deps: Vec<Vec<usize>> = vec![Vec::new(); crates.len()];
    for dep in workspace.crate_deps.iter().filter(|d| d.kind != "dev") {
        if let (Some(from), Some(to)) = (position_of.get(&dep.from), position_of.get(&dep.to)) {
            if from != to {
                deps[*from].push(*to);
            }
        }
    }
    let mut level: Vec<Option<usize>> = vec![None; crates.len()];
    let mut remaining: Vec<usize> = (0..crates.len()).collect();
    let mut current = 0;
    while !remaining.is_empty() {
        let ready: Vec<usize> = remaining
            .iter()
            .copied()
            .filter(|ix| {
                deps[*ix]
                    .iter()
                    .all(|d| level[*d].is_some_and(|l| l < current))
            })
            .collect();
        // A cycle (should not happen without dev deps): take the rest at once.
        let ready = if ready.is_empty() {
            remaining.clone()
        } else {
            ready
        };
        for ix in &ready {
            level[*ix] = Some(current);
        }
        remaining.retain(|ix| level[*ix].is_none());
        current += 1;
    }
    let mut waves: Vec<Vec<usize>> = vec![Vec::new(); current];
    for (ix, l) in level.iter().enumerate() {
        waves[l.unwrap_or(0)].push(ix);
    }
    waves
}

/// Which crates each crate can reach through its dependencies (all kinds).
fn reachable_crates(
    workspace: &Workspace,
    crates: &[&CrateInfo],
    position_of: &HashMap<uuid::Uuid, usize>,
) -> Vec<HashSet<usize>> {
    let mut direct: Vec<Vec<usize>> = vec![Vec::new(); crates.len()];
    for dep in &workspace.crate_deps {
        if let (Some(from), Some(to)) = (position_of.get(&dep.from), position_of.get(&dep.to)) {
            direct[*from].push(*to);
        }
    }
    (0..crates.len())
        .map(|start| {
            let mut seen: HashSet<usize> = [start].into_iter().collect();
            let mut stack = vec![start];
            while let Some(at) = stack.pop() {
                for next in &direct[at] {
                    if seen.insert(*next) {
                        stack.push(*next);
                    }
                }
            }
            seen
        })
        .collect()
}

fn declared_types(parts: &[DeclaredPart], reachable: Vec<HashSet<usize>>) -> Declared {
    let mut types = HashMap::default();
    let mut unwrapped = HashMap::default();
    let mut methods_by_name: HashMap<String, Vec<(NodeIdx, Option<MethodShape>)>> =
        HashMap::default();
    let mut supertraits = HashMap::default();
    let mut tuples = HashMap::default();
    let mut unwrapped_twice = HashMap::default();
    let mut smart_pointers = HashMap::default();
    let mut type_args = HashMap::default();
    let mut owner_params = HashMap::default();
    let mut unwrapped_owner_params = HashMap::default();
    let mut closure_inputs = HashMap::default();
    for part in parts {
        for (owner, args, self_type) in &part.type_args {
            type_args.insert(*owner, (args.clone(), self_type.clone()));
        }
        owner_params.extend(part.owner_params.iter().copied());
        unwrapped_owner_params.extend(part.unwrapped_owner_params.iter().copied());
        for (owner, closures, self_type) in &part.closure_inputs {
            closure_inputs.insert(*owner, (closures.clone(), self_type.clone()));
        }
        for (owner, pointer) in &part.smart_pointers {
            smart_pointers.insert(*owner, pointer.clone());
        }
        for (owner, inner, self_type) in &part.unwrapped_twice {
            unwrapped_twice.insert(*owner, (inner.clone(), self_type.clone()));
        }
        for (owner, elements, self_type) in &part.tuples {
            tuples.insert(*owner, (elements.clone(), self_type.clone()));
        }
        for (owner, declared, self_type) in &part.types {
            types.insert(*owner, (declared.clone(), self_type.clone()));
        }
        for (owner, inner, self_type) in &part.unwrapped {
            unwrapped.insert(*owner, (inner.clone(), self_type.clone()));
        }
        for (trait_node, paths) in &part.supertraits {
            supertraits.insert(*trait_node, paths.clone());
        }
        for (name, idx, shape) in &part.methods {
            methods_by_name
                .entry(name.clone())
                .or_default()
                .push((*idx, *shape));
        }
    }
    Declared {
        types,
        unwrapped,
        unwrapped_twice,
        tuples,
        smart_pointers,
        type_args,
        owner_params,
        unwrapped_owner_params,
        closure_inputs,
        methods_by_name,
        supertraits,
        reachable,
    }
}
