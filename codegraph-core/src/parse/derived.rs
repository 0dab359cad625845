//! The impls rustc's built-in derives write: which `#[derive(..)]` names
//! one, the trait's canonical path, and the methods the impl holds with
//! their signatures. Third-party derives (`serde::Serialize`) are their proc
//! macro's business and write nothing here; the `derives` edge still names
//! them.

use std::sync::OnceLock;

use proc_macro2::Span;
use quote::{format_ident, quote};

use super::attrs::derive_paths;
use super::sites::{segments, written_type, WrittenType};
use super::tokens::tokens_to_text;

/// A std trait a built-in derive implements.
pub struct DerivedTrait {
    pub name: &'static str,
    /// Canonical path, as the resolver names std items.
    pub path: &'static str,
    pub methods: &'static [DerivedMethod],
}

/// A method the derived impl defines (a trait's provided methods are not
/// written by the derive, so they are not here).
pub struct DerivedMethod {
    pub name: &'static str,
    pub signature: &'static str,
    pub takes_self: bool,
    /// Parameters besides `self`.
    pub params: u16,
    /// Written return type, for typing calls through it (`x.clone().f()`).
    pub returns: Option<&'static str>,
}

const TRAITS: &[DerivedTrait] = &[
    DerivedTrait {
        name: "Clone",
        path: "core::clone::Clone",
        methods: &[DerivedMethod {
            name: "clone",
            signature: "fn clone(&self) -> Self",
            takes_self: true,
            params: 0,
            returns: Some("Self"),
        }],
    },
    DerivedTrait {
        name: "Copy",
        path: "core::marker::Copy",
        methods: &[],
    },
    DerivedTrait {
        name: "Debug",
        path: "core::fmt::Debug",
        methods: &[DerivedMethod {
            name: "fmt",
            signature: "fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result",
            takes_self: true,
            params: 1,
            returns: Some("core::fmt::Result"),
        }],
    },
    DerivedTrait {
        name: "Default",
        path: "core::default::Default",
        methods: &[DerivedMethod {
            name: "default",
            signature: "fn default() -> Self",
            takes_self: false,
            params: 0,
            returns: Some("Self"),
        }],
    },
    DerivedTrait {
        name: "PartialEq",
        path: "core::cmp::PartialEq",
        methods: &[DerivedMethod {
            name: "eq",
            signature: "fn eq(&self, other: &Self) -> bool",
            takes_self: true,
            params: 1,
            returns: Some("bool"),
        }],
    },
    // The impl's one method is a hidden compiler check whose name changes
    // between releases (`assert_receiver_is_total_eq`, `assert_fields_are_eq`).
    DerivedTrait {
        name: "Eq",
        path: "core::cmp::Eq",
        methods: &[],
    },
    DerivedTrait {
        name: "PartialOrd",
        path: "core::cmp::PartialOrd",
        methods: &[DerivedMethod {
            name: "partial_cmp",
            signature: "fn partial_cmp(&self, other: &Self) -> Option<cmp::Ordering>",
            takes_self: true,
            params: 1,
            returns: Some("Option<core::cmp::Ordering>"),
        }],
    },
    DerivedTrait {
        name: "Ord",
        path: "core::cmp::Ord",
        methods: &[DerivedMethod {
            name: "cmp",
            signature: "fn cmp(&self, other: &Self) -> cmp::Ordering",
            takes_self: true,
            params: 1,
            returns: Some("core::cmp::Ordering"),
        }],
    },
    DerivedTrait {
        name: "Hash",
        path: "core::hash::Hash",
        methods: &[DerivedMethod {
            name: "hash",
            signature: "fn hash<H: hash::Hasher>(&self, state: &mut H)",
            takes_self: true,
            params: 1,
            returns: None,
        }],
    },
];

impl DerivedMethod {
    /// The return type as the resolver keeps a written one (parsed once:
    /// the table is fixed).
    pub fn written_return(&self) -> Option<WrittenType> {
        static WRITTEN: OnceLock<Vec<(&'static str, Option<WrittenType>)>> = OnceLock::new();
        let written = WRITTEN.get_or_init(|| {
            TRAITS
                .iter()
                .flat_map(|t| t.methods)
                .filter_map(|m| m.returns)
                .map(|text| {
                    let parsed = syn::parse_str::<syn::Type>(text).ok();
                    (text, parsed.and_then(|ty| written_type(&ty)))
                })
                .collect()
        });
        let returns = self.returns?;
        written
            .iter()
            .find(|(text, _)| *text == returns)
            .and_then(|(_, written)| written.clone())
    }
}

/// One trait named in a `#[derive(..)]` that rustc implements itself.
pub struct Derive {
    pub derived: &'static DerivedTrait,
    /// The predicate of the `#[cfg_attr(pred, derive(..))]` it is written in.
    pub cfg: Option<String>,
    /// The name as written in the attribute, for the node's position.
    pub span: Span,
    pub end: Span,
}

/// The built-in derives among `attrs`, in the order written, also those
/// of a `#[cfg_attr(pred, derive(..))]` (with `pred`). A path counts when
/// it is the bare name (the prelude's derive macro) or goes through `std`,
/// `core` or `alloc` (`std::fmt::Debug`); a local derive macro that happens
/// to be called `Clone` is not told apart, as rustc would only accept it
/// with the std one out of scope.
pub fn builtin_derives(attrs: &[syn::Attribute]) -> Vec<Derive> {
    derive_paths(attrs)
        .into_iter()
        .filter_map(|(cfg, path)| {
            let written = segments(&path);
            let name = match written.as_slice() {
                [name] => name,
                [root, .., name] if matches!(root.as_str(), "std" | "core" | "alloc") => name,
                _ => return None,
            };
            let derived = TRAITS.iter().find(|t| t.name == name.as_str())?;
            Some(Derive {
                derived,
                cfg,
                span: path.segments.first()?.ident.span(),
                end: path.segments.last()?.ident.span(),
            })
        })
        .collect()
}

/// The derived impl's header (`impl<T: Clone> Clone for Wrapper<T>`, with
/// the bound rustc adds on every type parameter) and its short name
/// (`impl Clone for Wrapper<T>`).
pub fn impl_header(
    derived: &DerivedTrait,
    ident: &syn::Ident,
    generics: &syn::Generics,
) -> (String, String) {
    let trait_ident = format_ident!("{}", derived.name);
    let mut bounded = generics.clone();
    for param in bounded.type_params_mut() {
        param.bounds.push(syn::parse_quote!(#trait_ident));
    }
    let (impl_generics, type_generics, where_clause) = bounded.split_for_impl();
    let header = tokens_to_text(
        quote!(impl #impl_generics #trait_ident for #ident #type_generics #where_clause),
    );
    let short = tokens_to_text(quote!(impl #trait_ident for #ident #type_generics));
    (header, short)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derives_of(source: &str) -> Vec<&'static str> {
        let item: syn::ItemStruct = syn::parse_str(source).unwrap();
        builtin_derives(&item.attrs)
            .iter()
            .map(|derive| derive.derived.name)
            .collect()
    }

    #[test]
    fn built_in_derives_are_found_by_bare_name_or_through_std() {
        assert_eq!(
            derives_of(
                "#[derive(Debug, Clone, serde::Serialize)] #[derive(std::hash::Hash, ::core::cmp::Ord)] struct S;"
            ),
            ["Debug", "Clone", "Hash", "Ord"]
        );
    }

    #[test]
    fn derives_under_cfg_attr_keep_their_predicate() {
        let item: syn::ItemStruct = syn::parse_str(
            "#[cfg_attr(feature = \"extra\", derive(Hash, serde::Serialize), allow(dead_code))] #[derive(Clone)] struct S;",
        )
        .unwrap();
        let found: Vec<(&str, Option<String>)> = builtin_derives(&item.attrs)
            .into_iter()
            .map(|derive| (derive.derived.name, derive.cfg))
            .collect();
        assert_eq!(
            found,
            [
                ("Hash", Some("feature = \"extra\"".to_string())),
                ("Clone", None)
            ]
        );
    }

    #[test]
    fn a_derive_macro_of_another_crate_named_like_a_std_trait_is_not_built_in() {
        assert!(derives_of("#[derive(my_crate::Clone, Thing)] struct S;").is_empty());
    }

    #[test]
    fn the_header_bounds_every_type_parameter_with_the_trait() {
        let item: syn::ItemStruct =
            syn::parse_str("struct W<'a, T: Copy, const N: usize> where T: Send { x: &'a [T; N] }")
                .unwrap();
        let clone = TRAITS.iter().find(|t| t.name == "Clone").unwrap();
        let (header, short) = impl_header(clone, &item.ident, &item.generics);
        assert_eq!(
            header,
            "impl<'a, T: Copy + Clone, const N: usize> Clone for W<'a, T, N> where T: Send"
        );
        assert_eq!(short, "impl Clone for W<'a, T, N>");
    }
}
