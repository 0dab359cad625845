//! Reads what matters from attributes and visibility: doc text, the cfg
//! predicate, the attributes users filter on (`derive`, `test`,
//! `deprecated`, …) and `#[path]`.

use std::sync::Arc;

use quote::ToTokens;
use syn::{Attribute, Expr, Lit, Meta, Visibility};

use super::tokens::tokens_to_text;

/// Doc comments (`///`, `/** */`, `#[doc = "…"]`) joined by newlines, with
/// the one leading space rustdoc strips removed.
pub fn docs(attrs: &[Attribute]) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    for attr in attrs {
        if !attr.path().is_ident("doc") {
            continue;
        }
        if let Meta::NameValue(name_value) = &attr.meta {
            if let Expr::Lit(expr) = &name_value.value {
                if let Lit::Str(text) = &expr.lit {
                    let value = text.value();
                    for line in value.lines() {
                        lines.push(line.strip_prefix(' ').unwrap_or(line).to_string());
                    }
                }
            }
        }
    }
    if lines.is_empty() {
        return None;
    }
    let joined = lines.join("\n");
    let trimmed = joined.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// The item's own cfg predicates (`unix`, `feature = "std"`), in order.
/// `#[test]` and `#[bench]` functions exist only in test builds, as if
/// they carried `#[cfg(test)]`.
pub fn own_cfgs(attrs: &[Attribute]) -> Vec<String> {
    let mut cfgs: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("cfg"))
        .filter_map(|attr| match &attr.meta {
            Meta::List(list) => Some(strip_trailing_comma(tokens_to_text(list.tokens.clone()))),
            _ => None,
        })
        .collect();
    if attrs
        .iter()
        .any(|attr| attr.path().is_ident("test") || attr.path().is_ident("bench"))
    {
        cfgs.push("test".to_string());
    }
    cfgs
}

/// `all(unix, not(miri),)`: trailing commas would double when flattened.
fn strip_trailing_comma(predicate: String) -> String {
    predicate
        .replace(",)", ")")
        .trim_end_matches(',')
        .to_string()
}

/// Combines an enclosing scope's effective cfg with an item's own ones into
/// one predicate: `all(outer, inner)` when more than one applies.
pub fn effective_cfg(outer: Option<&Arc<str>>, own: Vec<String>) -> Option<Arc<str>> {
    if own.is_empty() {
        return outer.cloned();
    }
    let mut parts: Vec<String> = Vec::new();
    if let Some(outer) = outer {
        match outer
            .strip_prefix("all(")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            // Flatten so nesting depth does not grow `all(all(all(…)))`.
            Some(inner) if is_flat_all(outer) => {
                parts.extend(split_top_level(inner).into_iter().map(str::to_string))
            }
            _ => parts.push(outer.to_string()),
        }
    }
    for predicate in own {
        // `#[test]` inside `#[cfg(test)] mod tests` is still just `test`.
        if !parts.contains(&predicate) {
            parts.push(predicate);
        }
    }
    if parts.len() == 1 {
        return Some(Arc::from(parts.pop().expect("one part")));
    }
    Some(Arc::from(format!("all({})", parts.join(", "))))
}

/// Whether a cfg holds only in test builds (`test`, `all(test, ..)`): such
/// code is never compiled outside `cargo test` of its own package.
pub fn requires_test(cfg: &str) -> bool {
    if cfg == "test" {
        return true;
    }
    match cfg
        .strip_prefix("all(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        Some(inner) if is_flat_all(cfg) => split_top_level(inner).into_iter().any(requires_test),
        _ => false,
    }
}

/// The predicates a cfg requires together: the parts of a flattened
/// `all(a, b)`, or the cfg itself.
pub fn all_of(cfg: &str) -> Vec<&str> {
    match cfg
        .strip_prefix("all(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        Some(inner) if is_flat_all(cfg) => split_top_level(inner),
        _ => vec![cfg],
    }
}

/// The comma-separated predicates of a flattened `all(...)` body.
fn split_top_level(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (index, ch) in list.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(list[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(list[start..].trim());
    parts
}

/// `all(a, b)` whose parentheses close only at the very end.
fn is_flat_all(predicate: &str) -> bool {
    let mut depth = 0usize;
    for (index, ch) in predicate.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 && index != predicate.len() - 1 {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// Attributes kept on the node: everything but docs, cfg and attributes
/// that only steer lints or codegen (noise in every query).
pub fn notable_attrs(attrs: &[Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|attr| !is_noise(attr))
        .map(|attr| tokens_to_text(attr.meta.to_token_stream()))
        .collect()
}

fn is_noise(attr: &Attribute) -> bool {
    let path = attr.path();
    if let Some(first) = path.segments.first() {
        let first = first.ident.to_string();
        if path.segments.len() > 1 {
            return first == "rustfmt" || first == "clippy";
        }
        return matches!(
            first.as_str(),
            "doc"
                | "cfg"
                | "inline"
                | "allow"
                | "warn"
                | "deny"
                | "forbid"
                | "expect"
                | "cold"
                | "track_caller"
                | "path"
                | "rustfmt"
        );
    }
    false
}

/// Whether a node's recorded attribute (as text) is `#[macro_export]`,
/// also in its one argument form, `#[macro_export(local_inner_macros)]`
/// (nom's `error_position!`, older `log`).
pub fn is_macro_export(attr: &str) -> bool {
    matches!(attr, "macro_export" | "macro_export(local_inner_macros)")
}

pub fn has_attr(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident(name))
}

/// The string of `#[path = "…"]`, if present.
pub fn path_attr(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| {
        if !attr.path().is_ident("path") {
            return None;
        }
        match &attr.meta {
            Meta::NameValue(name_value) => match &name_value.value {
                Expr::Lit(expr) => match &expr.lit {
                    Lit::Str(text) => Some(text.value()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        }
    })
}

/// The paths each `#[derive(..)]` names, and those of a `derive(..)`
/// inside `#[cfg_attr(pred, ..)]` with `pred` as text, in the order written.
pub fn derive_paths(attrs: &[Attribute]) -> Vec<(Option<String>, syn::Path)> {
    let paths_of = |list: &syn::MetaList| {
        list.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        )
        .map(|paths| paths.into_iter().collect::<Vec<_>>())
        .unwrap_or_default()
    };
    let mut out = Vec::new();
    for attr in attrs {
        if attr.path().is_ident("derive") {
            if let Meta::List(list) = &attr.meta {
                out.extend(paths_of(list).into_iter().map(|path| (None, path)));
            }
        } else if let Some((predicate, metas)) = cfg_attr_parts(attr) {
            for meta in metas {
                if let Meta::List(list) = &meta {
                    if list.path.is_ident("derive") {
                        out.extend(
                            paths_of(list)
                                .into_iter()
                                .map(|path| (Some(predicate.clone()), path)),
                        );
                    }
                }
            }
        }
    }
    out
}

/// A `#[cfg_attr(pred, a, b)]`: the predicate as text and the attributes
/// it applies (`None` for any other attribute or one that does not parse).
fn cfg_attr_parts(attr: &Attribute) -> Option<(String, Vec<Meta>)> {
    if !attr.path().is_ident("cfg_attr") {
        return None;
    }
    let metas = attr
        .parse_args_with(syn::punctuated::Punctuated::<Meta, syn::Token![,]>::parse_terminated)
        .ok()?;
    let mut metas = metas.into_iter();
    let predicate = tokens_to_text(metas.next()?.to_token_stream());
    Some((predicate, metas.collect()))
}

/// `#[cfg_attr(predicate, path = "file.rs")]` alternatives, in order.
pub fn cfg_attr_paths(attrs: &[Attribute]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (predicate, metas) in attrs.iter().filter_map(cfg_attr_parts) {
        for meta in metas {
            if let Meta::NameValue(name_value) = &meta {
                if name_value.path.is_ident("path") {
                    if let Expr::Lit(expr) = &name_value.value {
                        if let Lit::Str(text) = &expr.lit {
                            out.push((predicate.clone(), text.value()));
                        }
                    }
                }
            }
        }
    }
    out
}

/// The names codegraph-macros exports, which become `annotation` rows.
pub const ANNOTATION_KEYS: [&str; 4] = ["layer", "tag", "owner", "note"];

/// An attribute that may be one of codegraph-macros' (`#[cg::layer("x")]`):
/// its path as written (resolved later), its key and its string arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationAttr {
    pub path: Vec<String>,
    pub key: String,
    pub values: Vec<String>,
}

pub fn annotation_attrs(attrs: &[Attribute]) -> Vec<AnnotationAttr> {
    attrs
        .iter()
        .filter_map(|attr| {
            let path: Vec<String> = attr
                .path()
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            let key = path.last()?.clone();
            if !ANNOTATION_KEYS.contains(&key.as_str()) {
                return None;
            }
            let values = attr
                .parse_args_with(
                    syn::punctuated::Punctuated::<syn::LitStr, syn::Token![,]>::parse_terminated,
                )
                .ok()?
                .iter()
                .map(|value| value.value())
                .collect();
            Some(AnnotationAttr { path, key, values })
        })
        .collect()
}

/// Visibility as written; empty when none is written.
pub fn visibility(vis: &Visibility) -> String {
    match vis {
        Visibility::Inherited => String::new(),
        other => tokens_to_text(other.to_token_stream()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs_of(source: &str) -> Vec<Attribute> {
        let item: syn::ItemFn = syn::parse_str(source).unwrap();
        item.attrs
    }

    #[test]
    fn docs_strip_one_leading_space_and_join_lines() {
        let attrs = attrs_of("/// Loads it.\n///   indented\n#[doc = \"more\"]\nfn f() {}");
        assert_eq!(docs(&attrs).as_deref(), Some("Loads it.\n  indented\nmore"));
        assert_eq!(docs(&attrs_of("fn f() {}")), None);
    }

    #[test]
    fn cfgs_combine_with_enclosing_scope() {
        let attrs = attrs_of("#[cfg(feature = \"std\")] #[cfg(unix)] fn f() {}");
        let outer: Arc<str> = Arc::from("test");
        assert_eq!(
            effective_cfg(Some(&outer), own_cfgs(&attrs)).as_deref(),
            Some("all(test, feature = \"std\", unix)")
        );
        assert_eq!(
            effective_cfg(Some(&outer), vec!["test".into()]).as_deref(),
            Some("test")
        );
        let outer_all: Arc<str> = Arc::from("all(feature = \"x\", test)");
        assert_eq!(
            effective_cfg(Some(&outer_all), vec!["test".into()]).as_deref(),
            Some("all(feature = \"x\", test)"),
            "a predicate already in an outer all(..) keeps the all(..)"
        );
        let nested: Arc<str> = Arc::from("all(a, b)");
        assert_eq!(
            effective_cfg(Some(&nested), vec!["c".into()]).as_deref(),
            Some("all(a, b, c)")
        );
        let any: Arc<str> = Arc::from("any(a, b)");
        assert_eq!(
            effective_cfg(Some(&any), vec![]).as_deref(),
            Some("any(a, b)")
        );
        let all_then_any: Arc<str> = Arc::from("all(a)");
        assert_eq!(
            effective_cfg(Some(&all_then_any), vec!["c".into()]).as_deref(),
            Some("all(a, c)")
        );
    }

    #[test]
    fn notable_attrs_drop_lint_noise() {
        let attrs = attrs_of("#[derive(Debug, Clone)] #[inline] #[allow(dead_code)] #[deprecated(since = \"1.0\")] #[test] fn f() {}");
        assert_eq!(
            notable_attrs(&attrs),
            [
                "derive(Debug, Clone)",
                "deprecated(since = \"1.0\")",
                "test"
            ]
        );
    }
}
