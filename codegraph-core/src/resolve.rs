//! Resolve: names to definitions within a parse unit. Today this places the
//! members of an impl (and records an `impl_for` edge) under their self type's canonical path, following
//! `use` imports (renames and globs included) when the type is not declared
//! where the impl is: `impl Config` in `crate::load` with
//! `use crate::types::Config` gives `crate::types::Config::load`. An impl
//! for a type outside the crate (or one we cannot find) keeps its members
//! under the impl (`crate::m::<impl Trait for Vec<T>>::f`) rather than
//! inventing a path. Pure: no I/O.

use std::collections::{HashMap, HashSet};

use crate::model::{Edge, EdgeKind, NodeIdx, NodeKind, Provenance};
use crate::parse::{textual_path, ImportSite, ParsedUnit};

/// Moves impl members under the canonical path of their self type.
pub fn place_impl_members(unit: &mut ParsedUnit, crate_name: &str) {
    let mut type_nodes: HashMap<&str, Vec<NodeIdx>> = HashMap::new();
    for node in &unit.graph.nodes {
        if matches!(
            node.kind,
            NodeKind::Struct
                | NodeKind::Enum
                | NodeKind::Union
                | NodeKind::Trait
                | NodeKind::TypeAlias
                | NodeKind::ExternType
        ) {
            type_nodes
                .entry(node.path.as_str())
                .or_default()
                .push(node.idx);
        }
    }
    let type_defs: HashSet<&str> = type_nodes.keys().copied().collect();
    let mut imports_by_scope: HashMap<&str, Vec<&ImportSite>> = HashMap::new();
    for import in &unit.imports {
        imports_by_scope
            .entry(import.scope_path.as_str())
            .or_default()
            .push(import);
    }

    let mut moves: Vec<(NodeIdx, String)> = Vec::new();
    let mut impl_for: Vec<Edge> = Vec::new();
    let position: HashMap<NodeIdx, usize> = unit
        .graph
        .nodes
        .iter()
        .enumerate()
        .map(|(p, n)| (n.idx, p))
        .collect();
    for site in &unit.impls {
        let impl_path = &unit.graph.nodes[position[&site.impl_idx]].path;
        let resolved = site.self_path.as_ref().and_then(|segments| {
            resolve_type(
                segments,
                &site.scope_path,
                &site.module_path,
                crate_name,
                &type_defs,
                &imports_by_scope,
            )
        });
        if let Some(type_path) = &resolved {
            for type_idx in &type_nodes[type_path.as_str()] {
                impl_for.push(Edge {
                    src: site.impl_idx,
                    dst: *type_idx,
                    kind: EdgeKind::ImplFor,
                    provenance: Provenance::Exact,
                });
            }
        }
        let owner = resolved.unwrap_or_else(|| impl_path.clone());
        for member in &site.members {
            moves.push((*member, owner.clone()));
        }
    }
    unit.graph.edges.extend(impl_for);

    let mut children: HashMap<NodeIdx, Vec<NodeIdx>> = HashMap::new();
    for edge in unit
        .graph
        .edges
        .iter()
        .filter(|edge| edge.kind == EdgeKind::Contains)
    {
        children.entry(edge.src).or_default().push(edge.dst);
    }
    for (member, owner) in moves {
        let node = &unit.graph.nodes[position[&member]];
        let new_path = format!("{owner}::{}", node.name);
        if new_path == node.path {
            continue;
        }
        let old_prefix = node.path.clone();
        // The member and everything declared inside its body move together.
        let mut stack = vec![member];
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

fn resolve_type(
    segments: &[String],
    scope_path: &str,
    module_path: &str,
    crate_name: &str,
    type_defs: &HashSet<&str>,
    imports_by_scope: &HashMap<&str, Vec<&ImportSite>>,
) -> Option<String> {
    let is_type = |path: &str| type_defs.contains(path);
    // Declared in this scope (or, for fn-local impls, in the module).
    for base in [scope_path, module_path] {
        if let Some(path) = textual_path(base, module_path, crate_name, segments) {
            if is_type(&path) {
                return Some(path);
            }
        }
    }
    let first = segments.first()?;
    let rest = &segments[1..];
    for scope in [scope_path, module_path] {
        let Some(imports) = imports_by_scope.get(scope) else {
            continue;
        };
        // Named imports shadow glob imports.
        for import in imports
            .iter()
            .filter(|import| !import.is_glob && &import.bound_name == first)
        {
            let mut target = import.target.clone();
            target.extend_from_slice(rest);
            if let Some(path) =
                textual_path(&import.scope_path, &import.module_path, crate_name, &target)
            {
                if is_type(&path) {
                    return Some(path);
                }
            }
        }
        for import in imports.iter().filter(|import| import.is_glob) {
            let mut target = import.target.clone();
            target.extend_from_slice(segments);
            if let Some(path) =
                textual_path(&import.scope_path, &import.module_path, crate_name, &target)
            {
                if is_type(&path) {
                    return Some(path);
                }
            }
        }
    }
    None
}
