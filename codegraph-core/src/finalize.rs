//! Finalize a resolved unit: Merkle content hashes for modules and the
//! crate (computed from their children, so a module's hash changes exactly
//! when something inside it does), then stable ids, which depend on final
//! paths and so come last.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::ids::{merkle_hash, stable_id, IdentityKey};
use crate::model::{EdgeKind, NodeIdx, NodeKind, UnitGraph};

pub fn finalize_unit(graph: &mut UnitGraph) {
    container_hashes(graph);
    assign_stable_ids(graph);
}

fn container_hashes(graph: &mut UnitGraph) {
    let position: HashMap<NodeIdx, usize> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(p, n)| (n.idx, p))
        .collect();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for edge in graph
        .edges
        .iter()
        .filter(|edge| edge.kind == EdgeKind::Contains)
    {
        if let (Some(src), Some(dst)) = (position.get(&edge.src), position.get(&edge.dst)) {
            children.entry(*src).or_default().push(*dst);
        }
    }
    let containers: Vec<usize> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, node)| matches!(node.kind, NodeKind::Module | NodeKind::Crate))
        .map(|(p, _)| p)
        .collect();
    // Post-order without recursion: a container's hash needs its children's.
    let mut done: HashSet<usize> = HashSet::new();
    for root in containers {
        let mut stack = vec![(root, false)];
        while let Some((at, expanded)) = stack.pop() {
            if done.contains(&at) {
                continue;
            }
            let is_container = matches!(graph.nodes[at].kind, NodeKind::Module | NodeKind::Crate);
            if !is_container {
                done.insert(at);
                continue;
            }
            if expanded {
                let header = format!(
                    "{} {} {}",
                    graph.nodes[at].kind,
                    graph.nodes[at].signature.as_deref().unwrap_or(""),
                    graph.nodes[at].docs.as_deref().unwrap_or("")
                );
                let kid_hashes: Vec<[u8; 16]> = children
                    .get(&at)
                    .map(|kids| {
                        kids.iter()
                            .map(|kid| graph.nodes[*kid].content_hash)
                            .collect()
                    })
                    .unwrap_or_default();
                graph.nodes[at].content_hash = merkle_hash(&header, kid_hashes.iter());
                done.insert(at);
            } else {
                stack.push((at, true));
                if let Some(kids) = children.get(&at) {
                    stack.extend(
                        kids.iter()
                            .filter(|kid| !done.contains(kid))
                            .map(|kid| (*kid, false)),
                    );
                }
            }
        }
    }
}

fn assign_stable_ids(graph: &mut UnitGraph) {
    let mut seen_keys: HashMap<(NodeKind, &str, Option<&str>, &str), u32> = HashMap::new();
    let mut ordinals = Vec::with_capacity(graph.nodes.len());
    for node in &graph.nodes {
        let count = seen_keys
            .entry((
                node.kind,
                node.path.as_str(),
                node.cfg.as_deref(),
                node.disambiguator.as_str(),
            ))
            .or_insert(0);
        ordinals.push(*count);
        *count += 1;
    }
    let mut taken: HashSet<Uuid> = HashSet::with_capacity(graph.nodes.len());
    for (node, ordinal) in graph.nodes.iter_mut().zip(ordinals) {
        let crate_key = node.crate_id.to_string();
        let mut key = IdentityKey {
            crate_key: &crate_key,
            path: &node.path,
            kind: node.kind,
            cfg: node.cfg.as_deref(),
            disambiguator: &node.disambiguator,
            ordinal,
        };
        let mut id = stable_id(&key);
        // Distinct keys practically never collide, but a fn and a module
        // of one name can both hold a nested `X`: keep ids unique anyway.
        while !taken.insert(id) {
            key.ordinal += 1 << 16;
            id = stable_id(&key);
        }
        node.id = id;
    }
}
