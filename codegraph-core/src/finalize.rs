//! Finalize a resolved unit: Merkle content hashes for modules and the
//! crate (computed from their children, so a module's hash changes exactly
//! when something inside it does), then stable ids, which depend on final
//! paths and so come last.

use rayon::prelude::*;
use uuid::Uuid;

use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, Hash};

use crate::resolve::fast_hash::{FastHasher, HashMap, HashSet};

use crate::ids::{merkle_hash, stable_id, IdentityKey};
use crate::model::{EdgeKind, Node, NodeIdx, NodeKind, UnitGraph};

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
    let ordinals = ordinals(&graph.nodes);
    // Hashing is most of the work and each id depends only on its node:
    // libc alone has ~90 k nodes, which held one core for a fifth of a second.
    let mut crate_keys: HashMap<Uuid, String> = HashMap::default();
    for node in &graph.nodes {
        crate_keys
            .entry(node.crate_id)
            .or_insert_with(|| node.crate_id.to_string());
    }
    let ids: Vec<Uuid> = graph
        .nodes
        .par_iter()
        .zip(&ordinals)
        .map(|(node, ordinal)| {
            stable_id(&identity_key(node, &crate_keys[&node.crate_id], *ordinal))
        })
        .collect();
    // A collision (vanishingly rare) is settled in node order, as before.
    let mut taken: HashSet<Uuid> = HashSet::default();
    taken.reserve(graph.nodes.len());
    let mut final_ids = Vec::with_capacity(ids.len());
    for ((node, ordinal), mut id) in graph.nodes.iter().zip(&ordinals).zip(ids) {
        let mut key = identity_key(node, &crate_keys[&node.crate_id], *ordinal);
        while !taken.insert(id) {
            key.ordinal += 1 << 16;
            id = stable_id(&key);
        }
        final_ids.push(id);
    }
    for (node, id) in graph.nodes.iter_mut().zip(final_ids) {
        node.id = id;
    }
}

fn identity_key<'a>(node: &'a Node, crate_key: &'a str, ordinal: u32) -> IdentityKey<'a> {
    IdentityKey {
        crate_key,
        path: &node.path,
        kind: node.kind,
        cfg: node.cfg.as_deref(),
        disambiguator: &node.disambiguator,
        ordinal,
    }
}

/// What makes two nodes the same item for their ids; equal keys are
/// numbered in node order.
type OrdinalKey<'a> = (NodeKind, &'a str, Option<&'a str>, &'a str);

fn ordinal_key(node: &Node) -> OrdinalKey<'_> {
    (
        node.kind,
        node.path.as_str(),
        node.cfg.as_deref(),
        node.disambiguator.as_str(),
    )
}

/// Each node's position among the earlier nodes with the same key.
fn ordinals(nodes: &[Node]) -> Vec<u32> {
    let keys: Vec<OrdinalKey<'_>> = nodes.iter().map(ordinal_key).collect();
    let hasher = FastHasher::default();
    numbered(&keys, |key| hasher.hash_one(key))
}

/// Each key's position among the equal keys before it. The keys are hashed
/// in parallel (reading every node's strings was the slow part); the
/// numbering walks them in order over those hashes, comparing keys only
/// where hashes meet.
fn numbered<K: Hash + Eq + Sync>(keys: &[K], hash: impl Fn(&K) -> u64 + Sync + Send) -> Vec<u32> {
    let hashes: Vec<u64> = keys.par_iter().map(hash).collect();
    // Hash → (first key with it, how many equal to that one so far). A key
    // that shares a hash with a different first key is counted exactly.
    let mut by_hash: HashMap<u64, (usize, u32)> = HashMap::default();
    by_hash.reserve(keys.len());
    let mut colliding: HashMap<&K, u32> = HashMap::default();
    let count_in = |counter: &mut u32| {
        *counter += 1;
        *counter - 1
    };
    hashes
        .iter()
        .enumerate()
        .map(|(at, hash)| match by_hash.entry(*hash) {
            Entry::Vacant(slot) => {
                slot.insert((at, 1));
                0
            }
            Entry::Occupied(mut slot) => {
                let (first, count) = slot.get_mut();
                if keys[*first] == keys[at] {
                    count_in(count)
                } else {
                    count_in(colliding.entry(&keys[at]).or_insert(0))
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn equal_keys_are_numbered_in_order_even_when_every_hash_collides() {
        let keys = ["a", "b", "a", "c", "b", "a"];
        let expected = vec![0, 0, 1, 0, 1, 2];
        let by_content = numbered(&keys, |key| key.len() as u64 + key.as_bytes()[0] as u64);
        assert_eq!(by_content, expected);
        assert_eq!(numbered(&keys, |_| 7), expected);
    }
}
