//! Finalize a resolved unit: Merkle content hashes for modules and the
//! crate (computed from their children, so a module's hash changes exactly
//! when something inside it does), then stable ids, which depend on final
//! paths and so come last.

use uuid::Uuid;

use crate::resolve::fast_hash::{HashMap, HashSet};

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
    // By position: the crate's nodes are dense here, and vectors beat maps.
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); graph.nodes.len()];
    for edge in graph
        .edges
        .iter()
        .filter(|edge| edge.kind == EdgeKind::Contains)
    {
        if let (Some(src), Some(dst)) = (position.get(&edge.src), position.get(&edge.dst)) {
            children[*src].push(*dst);
        }
    }
    let is_container = |graph: &UnitGraph, at: usize| {
        matches!(graph.nodes[at].kind, NodeKind::Module | NodeKind::Crate)
    };
    let containers: Vec<usize> = (0..graph.nodes.len())
        .filter(|at| is_container(graph, *at))
        .collect();
    // Post-order without recursion: a container's hash needs its children's.
    let mut done = vec![false; graph.nodes.len()];
    for root in containers {
        let mut stack = vec![(root, false)];
        while let Some((at, expanded)) = stack.pop() {
            if done[at] {
                continue;
            }
            if !is_container(graph, at) {
                done[at] = true;
                continue;
            }
            if expanded {
                let header = format!(
                    "{} {} {}",
                    graph.nodes[at].kind,
                    graph.nodes[at].signature.as_deref().unwrap_or(""),
                    graph.nodes[at].docs.as_deref().unwrap_or("")
                );
                let kid_hashes: Vec<[u8; 16]> = children[at]
                    .iter()
                    .map(|kid| graph.nodes[*kid].content_hash)
                    .collect();
                graph.nodes[at].content_hash = merkle_hash(&header, kid_hashes.iter());
                done[at] = true;
            } else {
                stack.push((at, true));
                stack.extend(
                    children[at]
                        .iter()
                        .filter(|kid| !done[**kid])
                        .map(|kid| (*kid, false)),
                );
            }
        }
    }
}

fn assign_stable_ids(graph: &mut UnitGraph) {
    let mut seen_keys: HashMap<(NodeKind, &str, Option<&str>, &str), u32> = HashMap::default();
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
    let mut taken: HashSet<Uuid> = HashSet::default();
    taken.reserve(graph.nodes.len());
    // A unit's nodes share their crate: format its id once, not per node.
    let mut crate_key = (Uuid::nil(), Uuid::nil().to_string());
    for (node, ordinal) in graph.nodes.iter_mut().zip(ordinals) {
        if crate_key.0 != node.crate_id {
            crate_key = (node.crate_id, node.crate_id.to_string());
        }
        let crate_key = &crate_key.1;
        let mut key = IdentityKey {
            crate_key,
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
