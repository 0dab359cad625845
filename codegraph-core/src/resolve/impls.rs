//! Impl blocks: resolves each impl's self type and trait through the def
//! maps (imports, re-export chains, globs, other crates), records
//! `impl_for` and `implements` edges, and places the impl's members under
//! the canonical path of their self type when that type is defined in the
//! same crate (`impl Config` in `crate::load` with `use crate::types::Config`
//! gives `crate::types::Config::load`; an impl for a crate alias of a crate
//! type is the aliased type's). An impl for a type outside the crate,
//! or one that cannot be resolved, keeps its members under the impl
//! (`crate::m::<impl Trait for Vec<T>>::f`): no invented paths.

use super::fast_hash::HashMap;

use crate::model::{Edge, EdgeKind, NodeIdx, NodeKind, Provenance};
use crate::parse::ParsedUnit;

use super::defs::{CrateDefs, Ns, Res, World};
use super::externals::Externals;

/// What resolving one crate's impls produced.
pub struct ResolvedImpls {
    pub edges: Vec<Edge>,
    /// Impl member → new owner path.
    pub placements: Vec<(NodeIdx, String)>,
    /// Type → impls of it, and type → traits it implements (for the world).
    pub impls_of_type: Vec<(NodeIdx, NodeIdx)>,
    pub traits_of_type: Vec<(NodeIdx, Res)>,
    /// Trait impl → the trait it implements (which trait a method of it
    /// belongs to, when two traits share a name).
    pub traits_of_impl: Vec<(NodeIdx, Res)>,
    /// `T` → impls for `&T` / `&mut T` (method lookups only).
    pub referent_impls: Vec<(NodeIdx, NodeIdx)>,
    /// External type (`u32`, `pointer`, `alloc::vec::Vec`) → impls of it
    /// in this crate (extension traits: `impl U32 for u32`).
    pub impls_of_external: Vec<(String, NodeIdx)>,
    /// Bounding trait → trait implemented for every type it bounds
    /// (`impl<T: Iterator + ?Sized> Itertools for T`: `Iterator` →
    /// `Itertools`).
    pub blanket_traits: Vec<(Res, Res)>,
    /// Trait → blanket impl of it (`impl<I: ?Sized> Tr for I`), and
    /// whether the impl bounds its type parameter by a trait.
    pub blanket_impls: Vec<(Res, NodeIdx, bool)>,
    /// External type (by [`external_type_key`]) → traits the indexed
    /// crates implement for it, whose provided methods it then has.
    pub traits_of_external: Vec<(String, Res)>,
}

pub fn resolve_impls(
    world: &World,
    crate_ix: usize,
    unit: &ParsedUnit,
    externals: &Externals,
) -> ResolvedImpls {
    let defs = world.crates[crate_ix].as_ref();
    let mut out = ResolvedImpls {
        edges: Vec::new(),
        placements: Vec::new(),
        impls_of_type: Vec::new(),
        traits_of_type: Vec::new(),
        traits_of_impl: Vec::new(),
        referent_impls: Vec::new(),
        impls_of_external: Vec::new(),
        blanket_traits: Vec::new(),
        blanket_impls: Vec::new(),
        traits_of_external: Vec::new(),
    };
    // Derived std traits: `Type::default()`, `x.clone()` reach them.
    for owner in &unit.sites {
        for site in owner
            .sites
            .iter()
            .filter(|site| site.kind == crate::parse::sites::SiteKind::Derive)
        {
            if let [name] = site.path.as_slice() {
                if let Some(path) = super::prelude::prelude_path(name) {
                    out.traits_of_type
                        .push((owner.owner, Res::External(path.to_string())));
                }
            }
        }
    }
    let paths: HashMap<NodeIdx, &str> = unit
        .graph
        .nodes
        .iter()
        .map(|n| (n.idx, n.path.as_str()))
        .collect();
    // Each node's place in declaration order, and its path.
    let declared: HashMap<NodeIdx, (usize, &str)> = unit
        .graph
        .nodes
        .iter()
        .enumerate()
        .map(|(place, n)| (n.idx, (place, n.path.as_str())))
        .collect();
    // The type each of this crate's aliases names, as written.
    let alias_targets: HashMap<NodeIdx, &Vec<String>> = unit
        .sites
        .iter()
        .filter(|owner| defs.kind.get(&owner.owner) == Some(&NodeKind::TypeAlias))
        .filter_map(|owner| Some((owner.owner, owner.declared_type.as_ref()?)))
        .collect();
    for site in &unit.impls {
        let scope = defs
            .parent
            .get(&site.impl_idx)
            .copied()
            .unwrap_or(defs.root);
        let self_types: Vec<Res> = match &site.self_path {
            Some(segments) => world.resolve_path(defs, scope, segments, Ns::Types, None),
            None => Vec::new(),
        };
        let self_types = through_local_aliases(world, defs, &alias_targets, self_types);
        let traits: Vec<Res> = match &site.trait_path {
            Some(segments) => {
                world.resolve_path(defs, scope, segments, Ns::Types, Some(&self_types))
            }
            None => Vec::new(),
        };
        for self_type in &self_types {
            let dst = externals.target(self_type);
            out.edges
                .push(Edge::exact(site.impl_idx, dst, EdgeKind::ImplFor));
            if let Res::Node(node) = self_type {
                out.impls_of_type.push((*node, site.impl_idx));
                for trait_res in &traits {
                    out.traits_of_type.push((*node, trait_res.clone()));
                }
            }
        }
        let builtin_self = match (&site.self_path, &site.builtin_self) {
            (None, Some(segments)) => world.resolve_path(defs, scope, segments, Ns::Types, None),
            _ => Vec::new(),
        };
        // Only a trait impl can be for an external type (E0116): an
        // inherent `impl TimeoutInstant { fn now() }` whose name is also a
        // cfg alternative's `use std::time::Instant as TimeoutInstant` is
        // the local struct's.
        if site.trait_path.is_some() {
            for self_type in self_types.iter().chain(&builtin_self) {
                if let Res::External(path) = self_type {
                    let key = external_type_key(path);
                    out.impls_of_external.push((key.to_string(), site.impl_idx));
                    for trait_res in &traits {
                        out.traits_of_external
                            .push((key.to_string(), trait_res.clone()));
                    }
                }
            }
        }
        if let (None, Some(segments)) = (&site.self_path, &site.referent_path) {
            for referent in world.resolve_path(defs, scope, segments, Ns::Types, None) {
                if let Res::Node(node) = referent {
                    out.referent_impls.push((node, site.impl_idx));
                }
            }
        }
        for bound in &site.blanket_bounds {
            for bound_res in world.resolve_path(defs, scope, bound, Ns::Types, None) {
                for trait_res in &traits {
                    out.blanket_traits
                        .push((bound_res.clone(), trait_res.clone()));
                }
            }
        }
        if site.blanket {
            for trait_res in &traits {
                let bounded = !site.blanket_bounds.is_empty();
                out.blanket_impls
                    .push((trait_res.clone(), site.impl_idx, bounded));
            }
        }
        for trait_res in &traits {
            out.traits_of_impl.push((site.impl_idx, trait_res.clone()));
            let dst = externals.target(trait_res);
            out.edges.push(Edge {
                provenance: Provenance::Exact,
                ..Edge::exact(site.impl_idx, dst, EdgeKind::Implements)
            });
        }
        // Members go under the type when it is one of this crate's types.
        // Several can answer when a type is defined once per cfg (tokio's
        // mock `JoinHandle` beside the real one; cfgs are not evaluated):
        // the one declared first wins (the crate's nodes are in module-walk
        // order: libc's x86_64 `siginfo_t` before its aarch64 twin, as its
        // `cfg_if!` lists them). Taking the first answer of the lookup made
        // runs differ, since lookups through imports do not promise an
        // order; the smallest path, or the impl's own module as rustc's
        // shadowing would, picked the less common twin in libc and anyhow.
        let owner = self_types
            .iter()
            .filter_map(|res| match res {
                Res::Node(node) if defs.kind.get(node).is_some_and(|kind| kind.is_type()) => {
                    declared.get(node).copied()
                }
                _ => None,
            })
            .min()
            .map(|(_, path)| path.to_string());
        let owner = owner.unwrap_or_else(|| {
            paths
                .get(&site.impl_idx)
                .map(|p| p.to_string())
                .unwrap_or_default()
        });
        for member in &site.members {
            out.placements.push((*member, owner.clone()));
        }
    }
    out
}

/// `impl SyntaxElement { .. }` with `type SyntaxElement =
/// NodeOrToken<SyntaxNode, SyntaxToken>;`: the impl is the aliased type's
/// (its members sit under `NodeOrToken`, as rustdoc has them, and method
/// calls on a `NodeOrToken` reach them). One level, for aliases of this
/// crate naming one of its own types; others stay as written.
fn through_local_aliases(
    world: &World,
    defs: &CrateDefs,
    alias_targets: &HashMap<NodeIdx, &Vec<String>>,
    self_types: Vec<Res>,
) -> Vec<Res> {
    self_types
        .into_iter()
        .flat_map(|res| {
            let Res::Node(alias) = &res else {
                return vec![res];
            };
            // An alias the build leaves out (tokio's `type TimeDriver =
            // IoStack` without the `time` feature) is the other
            // alternative's name: its impl stays apart.
            let Some(target) = alias_targets
                .get(alias)
                .filter(|_| !defs.inactive.contains(alias))
            else {
                return vec![res];
            };
            let scope = defs.parent.get(alias).copied().unwrap_or(defs.root);
            let aliased: Vec<Res> = world
                .resolve_path(defs, scope, target, Ns::Types, None)
                .into_iter()
                .filter(|aliased| {
                    matches!(aliased, Res::Node(node)
                        if defs.kind.get(node).is_some_and(|kind| kind.is_type()
                            && *kind != NodeKind::TypeAlias))
                })
                .collect();
            if aliased.is_empty() {
                vec![res]
            } else {
                aliased
            }
        })
        .collect()
}

/// The key an external type's impls are filed under: its path without
/// the std facade's crate (`std::ops::Range`, `core::ops::Range`), since
/// std re-exports core's and alloc's types at the same module paths and a
/// crate may name a type through any of them.
pub fn external_type_key(path: &str) -> &str {
    ["std::", "core::", "alloc::"]
        .iter()
        .find_map(|facade| path.strip_prefix(facade))
        .unwrap_or(path)
}

/// Rewrites the paths of impl members (and of what their bodies declare).
pub fn apply_placements(unit: &mut ParsedUnit, placements: &[(NodeIdx, String)]) {
    if placements.is_empty() {
        return;
    }
    let position: HashMap<NodeIdx, usize> = unit
        .graph
        .nodes
        .iter()
        .enumerate()
        .map(|(p, n)| (n.idx, p))
        .collect();
    let mut children: HashMap<NodeIdx, Vec<NodeIdx>> = HashMap::default();
    for edge in unit
        .graph
        .edges
        .iter()
        .filter(|edge| edge.kind == EdgeKind::Contains)
    {
        children.entry(edge.src).or_default().push(edge.dst);
    }
    for (member, owner) in placements {
        let Some(at) = position.get(member) else {
            continue;
        };
        let node = &unit.graph.nodes[*at];
        let new_path = format!("{owner}::{}", node.name);
        if new_path == node.path {
            continue;
        }
        let old_prefix = node.path.clone();
        let mut stack = vec![*member];
        while let Some(idx) = stack.pop() {
            let node = &mut unit.graph.nodes[position[&idx]];
            if let Some(rest) = node.path.strip_prefix(old_prefix.as_str()) {
                node.path = format!("{new_path}{rest}");
            }
            if let Some(kids) = children.get(&idx) {
                stack.extend(kids.iter().copied());
            }
        }
    }
}
