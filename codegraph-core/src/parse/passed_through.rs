//! The cfg a pass-through macro adds to the items it is handed. Items
//! written inside `cfg_net! { pub mod tcp; }` are read as written, where
//! they are (see [`super::macro_items`]), but the macro decides whether they
//! exist: mio's `cfg_net!` writes `#[cfg(feature = "net")] $item`. Files
//! are parsed before the unit's macro definitions are all known, so such
//! items first carry a placeholder predicate naming the macro; once the
//! definitions are known, the macro is run on a probe item and the
//! placeholder becomes the cfg the probe came back with. What else the
//! probe comes back with applies too: tokio writes `join!` as
//! `doc! { macro_rules! join { .. } }`, and `doc!` adds the docs and the
//! `#[macro_export]` that make it `tokio::join!`.

use std::collections::HashMap;
use std::sync::Arc;

use super::attrs::{all_of, docs, effective_cfg, has_attr, own_cfgs};

const PLACEHOLDER_PREFIX: &str = "__codegraph_passed_through(";
const PROBE_NAME: &str = "__CodegraphProbe";

/// The placeholder predicate for items handed to the macro `name!`.
pub fn placeholder(macro_name: &str) -> String {
    format!("{PLACEHOLDER_PREFIX}{macro_name})")
}

/// The input a macro is run on to learn what it does to an item.
pub fn probe_input() -> String {
    format!("struct {PROBE_NAME};")
}

/// What a pass-through macro adds to each item it is handed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Added {
    /// The cfg it adds (`None`: none).
    pub cfg: Option<String>,
    /// `#[macro_export]`: a `macro_rules!` handed to it is exported.
    pub macro_export: bool,
    /// The doc comment it writes, for items that have none of their own.
    pub docs: Option<String>,
}

/// What a macro's output for [`probe_input`] says it does with items.
#[derive(Debug, PartialEq, Eq)]
pub enum ProbeOutput {
    /// The probe item alone, with what the macro added to it.
    PassedThrough(Added),
    /// The probe handed on to another macro, under a cfg:
    /// `#[cfg(unix)] cfg_signal_internal! { $($item)* }`.
    HandedOn { cfg: Option<String>, to: String },
    /// Anything else: the macro rewrites what it is handed.
    Rewritten,
}

pub fn read_probe_output(output: &str) -> ProbeOutput {
    let Ok(file) = syn::parse_str::<syn::File>(output) else {
        return ProbeOutput::Rewritten;
    };
    let cfg_of =
        |attrs: &[syn::Attribute]| effective_cfg(None, own_cfgs(attrs)).map(|cfg| cfg.to_string());
    match file.items.as_slice() {
        [syn::Item::Struct(probe)] if probe.ident == PROBE_NAME => {
            ProbeOutput::PassedThrough(Added {
                cfg: cfg_of(&probe.attrs),
                macro_export: has_attr(&probe.attrs, "macro_export"),
                docs: docs(&probe.attrs),
            })
        }
        [syn::Item::Macro(call)] if call.ident.is_none() => {
            let hands_on_probe = syn::parse2::<syn::ItemStruct>(call.mac.tokens.clone())
                .is_ok_and(|probe| probe.ident == PROBE_NAME && probe.attrs.is_empty());
            match call.mac.path.segments.last() {
                Some(to) if hands_on_probe => ProbeOutput::HandedOn {
                    cfg: cfg_of(&call.attrs),
                    to: to.ident.to_string(),
                },
                _ => ProbeOutput::Rewritten,
            }
        }
        _ => ProbeOutput::Rewritten,
    }
}

/// Both cfgs hold.
pub fn both(outer: Option<String>, inner: Option<String>) -> Option<String> {
    let parts: Vec<String> = outer
        .iter()
        .chain(inner.iter())
        .flat_map(|cfg| all_of(cfg))
        .map(str::to_string)
        .collect();
    effective_cfg(None, parts).map(|cfg| cfg.to_string())
}

/// Whether a cfg still holds a placeholder.
pub fn has_placeholder(cfg: &str) -> bool {
    cfg.contains(PLACEHOLDER_PREFIX)
}

/// The macro names a cfg's placeholders stand for.
pub fn placeholder_names(cfg: &str) -> Vec<&str> {
    all_of(cfg)
        .into_iter()
        .filter_map(|part| part.strip_prefix(PLACEHOLDER_PREFIX)?.strip_suffix(')'))
        .collect()
}

/// `cfg` with each placeholder replaced by what `learned` says its macro
/// adds: a cfg, nothing (`Some(None)`), or, for a macro `learned` does not
/// know, the placeholder kept unless `drop_unknown`.
pub fn settle(
    cfg: &Arc<str>,
    learned: &HashMap<String, Option<String>>,
    drop_unknown: bool,
) -> Option<Arc<str>> {
    if !has_placeholder(cfg) {
        return Some(cfg.clone());
    }
    let mut parts: Vec<String> = Vec::new();
    for part in all_of(cfg) {
        let name = part
            .strip_prefix(PLACEHOLDER_PREFIX)
            .and_then(|rest| rest.strip_suffix(')'));
        let replacement = match name {
            None => Some(part.to_string()),
            Some(name) => match learned.get(name) {
                Some(added) => added.clone(),
                None if drop_unknown => None,
                None => Some(part.to_string()),
            },
        };
        if let Some(replacement) = replacement {
            for piece in all_of(&replacement) {
                if !parts.iter().any(|kept| kept == piece) {
                    parts.push(piece.to_string());
                }
            }
        }
    }
    effective_cfg(None, parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learned(pairs: &[(&str, Option<&str>)]) -> HashMap<String, Option<String>> {
        pairs
            .iter()
            .map(|(name, cfg)| (name.to_string(), cfg.map(str::to_string)))
            .collect()
    }

    #[test]
    fn a_placeholder_becomes_the_macros_cfg() {
        let cfg: Arc<str> = Arc::from(placeholder("cfg_net").as_str());
        let known = learned(&[("cfg_net", Some("feature = \"net\""))]);
        assert_eq!(
            settle(&cfg, &known, true).as_deref(),
            Some("feature = \"net\"")
        );
    }

    #[test]
    fn placeholders_inside_all_are_replaced_flattened_or_dropped() {
        let cfg: Arc<str> = Arc::from(
            format!(
                "all(unix, {}, {}, {})",
                placeholder("cfg_os_poll"),
                placeholder("plain"),
                placeholder("unknown")
            )
            .as_str(),
        );
        let known = learned(&[
            ("cfg_os_poll", Some("all(feature = \"os-poll\", unix)")),
            ("plain", None),
        ]);
        assert_eq!(
            settle(&cfg, &known, false).as_deref(),
            Some(
                format!(
                    "all(unix, feature = \"os-poll\", {})",
                    placeholder("unknown")
                )
                .as_str()
            )
        );
        assert_eq!(
            settle(&cfg, &known, true).as_deref(),
            Some("all(unix, feature = \"os-poll\")")
        );
        let only_plain: Arc<str> = Arc::from(placeholder("plain").as_str());
        assert_eq!(settle(&only_plain, &known, true), None);
    }

    #[test]
    fn the_probe_tells_what_a_macro_adds() {
        assert_eq!(
            read_probe_output("# [cfg (feature = \"net\")] # [cfg_attr (docsrs , doc (cfg (feature = \"net\")))] struct __CodegraphProbe ;"),
            ProbeOutput::PassedThrough(Added {
                cfg: Some("feature = \"net\"".to_string()),
                ..Added::default()
            })
        );
        assert_eq!(
            read_probe_output("struct __CodegraphProbe ;"),
            ProbeOutput::PassedThrough(Added::default())
        );
        assert_eq!(
            read_probe_output(
                "# [doc = \" Waits on all branches.\"] # [macro_export] struct __CodegraphProbe ;"
            ),
            ProbeOutput::PassedThrough(Added {
                cfg: None,
                macro_export: true,
                docs: Some("Waits on all branches.".to_string()),
            })
        );
        assert_eq!(read_probe_output("struct Other ;"), ProbeOutput::Rewritten);
        assert_eq!(
            read_probe_output("struct __CodegraphProbe ; impl Probe for __CodegraphProbe {}"),
            ProbeOutput::Rewritten
        );
        assert_eq!(
            read_probe_output("# [cfg (unix)] cfg_signal! { struct __CodegraphProbe ; }"),
            ProbeOutput::HandedOn {
                cfg: Some("unix".to_string()),
                to: "cfg_signal".to_string()
            }
        );
        assert_eq!(
            read_probe_output("wrap! { struct __CodegraphProbe ; fn extra() {} }"),
            ProbeOutput::Rewritten
        );
        assert_eq!(
            both(Some("unix".to_string()), Some("all(a, b)".to_string())).as_deref(),
            Some("all(unix, a, b)")
        );
        assert_eq!(
            placeholder_names(&format!("all(a, {})", placeholder("m"))),
            vec!["m"]
        );
    }
}
