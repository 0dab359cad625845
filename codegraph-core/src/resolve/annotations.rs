//! Annotations: an attribute becomes `annotation` rows when its path
//! resolves to one of codegraph-macros' attributes, however it is written
//! (`#[codegraph_macros::layer(..)]`, `#[cg::layer(..)]` after
//! `use codegraph_macros as cg;`, `#[layer(..)]` after importing it), so
//! another crate's `#[layer]` is not mistaken for ours.

use crate::model::Annotation;
use crate::parse::ParsedUnit;

use super::defs::{Ns, Res, World};

/// The crate the attributes come from, as code names it.
const MACROS_CRATE: &str = "codegraph_macros";

pub fn resolve_annotations(world: &World, crate_ix: usize, unit: &ParsedUnit) -> Vec<Annotation> {
    let defs = world.crates[crate_ix].as_ref();
    let mut out = Vec::new();
    for site in &unit.annotations {
        let wanted = format!("{MACROS_CRATE}::{}", site.attr.key);
        // Outer attributes resolve where the item is declared: for a
        // module that is its parent, not the module itself.
        let scope = defs.parent.get(&site.node).copied().unwrap_or(site.node);
        let targets = world.resolve_path(defs, scope, &site.attr.path, Ns::Macros, None);
        let ours = targets.iter().any(|target| match target {
            Res::External(path) => *path == wanted,
            // codegraph-macros itself indexed (`--deps`): its proc macro.
            Res::Node(node) => {
                world
                    .defs_of(*node)
                    .is_some_and(|d| d.crate_name == MACROS_CRATE)
                    && world.name(*node) == Some(site.attr.key.as_str())
            }
        });
        if ours {
            for value in &site.attr.values {
                out.push(Annotation {
                    node: site.node,
                    key: site.attr.key.clone(),
                    value: value.clone(),
                });
            }
        }
    }
    out
}
