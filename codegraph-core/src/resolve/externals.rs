//! External nodes: one per path outside the indexed crates (`std::…`, or a
//! dependency indexed without `--deps`), shared by every crate that points
//! at it, so "who calls `HashMap::new`" works without indexing std.

use std::sync::Arc;

use super::fast_hash::DashMap;
use uuid::Uuid;

use super::defs::Res;
use crate::ids::{stable_id, IdAllocator, IdentityKey};
use crate::model::{Node, NodeIdx, NodeKind, SourceRange};

pub struct Externals<'a> {
    allocator: &'a IdAllocator,
    by_path: DashMap<String, NodeIdx>,
}

impl<'a> Externals<'a> {
    /// `known` are externals of a previous run, kept at their indices
    /// because carried-over state refers to them.
    pub fn new(allocator: &'a IdAllocator, known: Vec<(String, NodeIdx)>) -> Self {
        Externals {
            allocator,
            by_path: known.into_iter().collect(),
        }
    }

    /// Index → path of every external node so far.
    pub fn paths_by_idx(&self) -> std::collections::HashMap<NodeIdx, String> {
        self.by_path
            .iter()
            .map(|entry| (*entry.value(), entry.key().clone()))
            .collect()
    }

    /// The node for an external path, created on first use.
    pub fn node(&self, path: &str) -> NodeIdx {
        if let Some(idx) = self.by_path.get(path) {
            return *idx;
        }
        *self
            .by_path
            .entry(path.to_string())
            .or_insert_with(|| self.allocator.reserve_one())
    }

    /// The node an edge to `res` points at.
    pub fn target(&self, res: &Res) -> NodeIdx {
        match res {
            Res::Node(node) => *node,
            Res::External(path) => self.node(path),
        }
    }

    pub fn into_nodes(self) -> Vec<Node> {
        let empty: Arc<str> = Arc::from("");
        let mut nodes: Vec<Node> = self
            .by_path
            .into_iter()
            .map(|(path, idx)| {
                let id = stable_id(&IdentityKey {
                    crate_key: "<external>",
                    path: &path,
                    kind: NodeKind::External,
                    cfg: None,
                    disambiguator: "",
                    ordinal: 0,
                });
                Node {
                    idx,
                    id,
                    crate_id: Uuid::nil(),
                    kind: NodeKind::External,
                    name: path.rsplit("::").next().unwrap_or(&path).to_string(),
                    path,
                    file: empty.clone(),
                    range: SourceRange::default(),
                    vis: String::new(),
                    signature: None,
                    docs: None,
                    attrs: Vec::new(),
                    content_hash: [0; 16],
                    cfg: None,
                    disambiguator: String::new(),
                }
            })
            .collect();
        nodes.sort_by(|a, b| a.path.cmp(&b.path));
        nodes
    }
}
