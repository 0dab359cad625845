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
mod impls;
mod prelude;
mod sites;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::discover::{CrateInfo, Workspace};
use crate::finalize::finalize_unit;
use crate::ids::IdAllocator;
use crate::model::{NodeIdx, NodeKind, UnitGraph};
use crate::parse::ParsedUnit;

pub use defs::{Ns, Res};
pub use sites::MAX_HEURISTIC_CANDIDATES;

use defs::{resolve_imports, CrateDefs, World};
use externals::Externals;
use sites::Declared;

/// Resolves every parsed unit (aligned with `crates`) and merges them into
/// one graph, external nodes included.
pub fn resolve_workspace(
    workspace: &Workspace,
    crates: &[&CrateInfo],
    mut units: Vec<ParsedUnit>,
    allocator: &IdAllocator,
) -> UnitGraph {
    let position_of: HashMap<uuid::Uuid, usize> = crates
        .iter()
        .enumerate()
        .map(|(ix, c)| (c.id, ix))
        .collect();
    let roots: Vec<Option<NodeIdx>> = units
        .iter()
        .map(|unit| {
            unit.graph
                .nodes
                .iter()
                .find(|n| n.kind == NodeKind::Crate)
                .map(|n| n.idx)
        })
        .collect();

    // 1. defs
    let crate_defs: Vec<Arc<CrateDefs>> = units
        .par_iter()
        .zip(crates.par_iter())
        .map(|(unit, krate)| {
            let mut extern_crates = HashMap::new();
            for dep in workspace.crate_deps.iter().filter(|d| d.from == krate.id) {
                let root = position_of.get(&dep.to).and_then(|ix| roots[*ix]);
                extern_crates.insert(dep.rename.replace('-', "_"), root);
            }
            Arc::new(CrateDefs::build(
                unit,
                &krate.name,
                &krate.edition,
                extern_crates,
            ))
        })
        .collect();
    let mut owner = HashMap::new();
    for (ix, unit) in units.iter().enumerate() {
        for node in &unit.graph.nodes {
            owner.insert(node.idx, ix);
        }
    }
    let world = World {
        crates: crate_defs,
        owner,
        impls_of_type: Default::default(),
        traits_of_type: Default::default(),
        imported_memo: Default::default(),
    };

    // 2. imports, wave by wave
    for wave in waves(workspace, crates, &position_of) {
        let resolved: Vec<(usize, Vec<Vec<Res>>)> = wave
            .par_iter()
            .map(|ix| (*ix, resolve_imports(&world, *ix)))
            .collect();
        for (ix, targets) in resolved {
            let _ = world.crates[ix].import_targets.set(targets);
        }
    }

    // 3. impls, placement, ids
    let externals = Externals::new(allocator);
    let impl_results: Vec<impls::ResolvedImpls> = (0..units.len())
        .into_par_iter()
        .map(|ix| impls::resolve_impls(&world, ix, &units[ix], &externals))
        .collect();
    let mut impls_of_type: HashMap<NodeIdx, Vec<NodeIdx>> = HashMap::new();
    let mut traits_of_type: HashMap<NodeIdx, Vec<Res>> = HashMap::new();
    for result in &impl_results {
        for (type_node, impl_node) in &result.impls_of_type {
            impls_of_type
                .entry(*type_node)
                .or_default()
                .push(*impl_node);
        }
        for (type_node, trait_res) in &result.traits_of_type {
            traits_of_type
                .entry(*type_node)
                .or_default()
                .push(trait_res.clone());
        }
    }
    let _ = world.impls_of_type.set(impls_of_type);
    let _ = world.traits_of_type.set(traits_of_type);
    units
        .par_iter_mut()
        .zip(impl_results)
        .for_each(|(unit, result)| {
            impls::apply_placements(unit, &result.placements);
            unit.graph.edges.extend(result.edges);
            finalize_unit(&mut unit.graph);
        });

    // 4. sites
    let declared = declared_types(&units, reachable_crates(workspace, crates, &position_of));
    let site_edges: Vec<sites::SiteEdges> = (0..units.len())
        .into_par_iter()
        .map(|ix| sites::resolve_sites(&world, ix, &units[ix], &declared, &externals))
        .collect();
    let mut graph = UnitGraph::default();
    let annotations: Vec<Vec<crate::model::Annotation>> = (0..units.len())
        .into_par_iter()
        .map(|ix| annotations::resolve_annotations(&world, ix, &units[ix]))
        .collect();
    for ((mut unit, found), annotations) in units.into_iter().zip(site_edges).zip(annotations) {
        unit.graph.annotations.extend(annotations);
        unit.graph.edges.extend(found.edges);
        unit.graph.unresolved.extend(found.unresolved);
        graph.absorb(unit.graph);
    }
    graph.nodes.extend(externals.into_nodes());
    graph
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
            let mut seen = HashSet::from([start]);
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

fn declared_types(units: &[ParsedUnit], reachable: Vec<HashSet<usize>>) -> Declared {
    let mut types = HashMap::new();
    let mut methods_by_name: HashMap<String, Vec<NodeIdx>> = HashMap::new();
    for unit in units {
        for owner in &unit.sites {
            if let Some(declared) = &owner.declared_type {
                types.insert(owner.owner, (declared.clone(), owner.self_type.clone()));
            }
        }
        for node in unit
            .graph
            .nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Method)
        {
            methods_by_name
                .entry(node.name.clone())
                .or_default()
                .push(node.idx);
        }
    }
    Declared {
        types,
        methods_by_name,
        reachable,
    }
}
