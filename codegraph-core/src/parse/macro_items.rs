//! Items written inside item-level macro calls. `cfg_if! { if #[cfg(a)] {
//! mod x; } else { mod y; } }` declares modules under cfgs, and many crates
//! wrap declarations in pass-through macros (`cfg_rt! { pub mod runtime; }`).
//! Without expanding macros we still index what such bodies declare: a
//! `cfg_if!` body branch by branch under its cfg, and any other macro body
//! that parses as a list of items, marked `from_macro(name!)`. Bodies that
//! are not plain items (`bitflags!`, `lazy_static!`) are left alone.

use syn::parse::{Parse, ParseStream};
use syn::{Item, Meta, Token};

use super::tokens::tokens_to_text;

pub enum MacroItems {
    /// The body is not a list of items.
    Opaque,
    /// Items the macro is handed, presumably passed through.
    Plain(Vec<Item>),
    /// `cfg_if!` branches: each branch's effective cfg and its items.
    CfgIf(Vec<(String, Vec<Item>)>),
}

pub fn items_in_macro(mac: &syn::Macro) -> MacroItems {
    let is_cfg_if = mac
        .path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "cfg_if");
    if is_cfg_if {
        return match syn::parse2::<CfgIf>(mac.tokens.clone()) {
            Ok(cfg_if) => MacroItems::CfgIf(cfg_if.branch_cfgs()),
            Err(_) => MacroItems::Opaque,
        };
    }
    if is_thread_local(mac) {
        return thread_locals(mac);
    }
    match syn::parse2::<ItemList>(mac.tokens.clone()) {
        Ok(list) if !list.0.is_empty() => MacroItems::Plain(list.0),
        _ => MacroItems::Opaque,
    }
}

/// `thread_local! { static X: T = .. }` declares `X` a `LocalKey<T>`
/// (std's expansion writes exactly that), whose `with`/`try_with` hand the
/// closure a `&T`. The last declaration's `;` is optional there.
fn thread_locals(mac: &syn::Macro) -> MacroItems {
    let parsed = syn::parse2::<ItemList>(mac.tokens.clone()).or_else(|_| {
        let mut tokens = mac.tokens.clone();
        tokens.extend(quote::quote!(;));
        syn::parse2::<ItemList>(tokens)
    });
    let Ok(ItemList(mut items)) = parsed else {
        return MacroItems::Opaque;
    };
    if items.is_empty() {
        return MacroItems::Opaque;
    }
    for item in &mut items {
        if let Item::Static(declared) = item {
            let ty = declared.ty.clone();
            *declared.ty = syn::parse_quote!(::std::thread::LocalKey<#ty>);
        }
    }
    MacroItems::Plain(items)
}

fn is_thread_local(mac: &syn::Macro) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "thread_local")
}

/// Impl members written inside a macro call in an impl block, when the
/// body parses as impl items.
pub fn impl_items_in_macro(mac: &syn::Macro) -> Option<Vec<syn::ImplItem>> {
    let items = syn::parse2::<ImplItemList>(mac.tokens.clone()).ok()?.0;
    (!items.is_empty()).then_some(items)
}

/// Impl members written as text (a macro's expansion in an impl block).
pub fn impl_items_in_text(text: &str) -> Option<Vec<syn::ImplItem>> {
    syn::parse_str::<ImplItemList>(text).ok().map(|list| list.0)
}

struct ImplItemList(Vec<syn::ImplItem>);

impl Parse for ImplItemList {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        input.call(syn::Attribute::parse_inner)?;
        let mut items = Vec::new();
        while !input.is_empty() {
            items.push(input.parse()?);
        }
        Ok(ImplItemList(items))
    }
}

struct ItemList(Vec<Item>);

impl Parse for ItemList {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        // `feature! { #![cfg(..)] items }`: a leading inner attribute is
        // the macro's own syntax, not an item.
        input.call(syn::Attribute::parse_inner)?;
        let mut items = Vec::new();
        while !input.is_empty() {
            items.push(input.parse()?);
        }
        Ok(ItemList(items))
    }
}

struct CfgIf {
    /// `(Some(predicate), items)` per `if`, `(None, items)` for `else`.
    branches: Vec<(Option<String>, Vec<Item>)>,
}

impl Parse for CfgIf {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut branches = Vec::new();
        loop {
            input.parse::<Token![if]>()?;
            input.parse::<Token![#]>()?;
            let attribute;
            syn::bracketed!(attribute in input);
            let predicate = match attribute.parse::<Meta>()? {
                Meta::List(list) if list.path.is_ident("cfg") => tokens_to_text(list.tokens),
                other => return Err(syn::Error::new_spanned(other, "expected #[cfg(...)]")),
            };
            let body;
            syn::braced!(body in input);
            branches.push((Some(predicate), body.parse::<ItemList>()?.0));
            if input.is_empty() {
                break;
            }
            input.parse::<Token![else]>()?;
            if input.peek(Token![if]) {
                continue;
            }
            let body;
            syn::braced!(body in input);
            branches.push((None, body.parse::<ItemList>()?.0));
            break;
        }
        Ok(CfgIf { branches })
    }
}

impl CfgIf {
    /// A branch applies when its predicate holds and no earlier one did.
    fn branch_cfgs(self) -> Vec<(String, Vec<Item>)> {
        let mut earlier: Vec<String> = Vec::new();
        let mut out = Vec::new();
        for (predicate, items) in self.branches {
            let none_before = match earlier.len() {
                0 => None,
                1 => Some(format!("not({})", earlier[0])),
                _ => Some(format!("not(any({}))", earlier.join(", "))),
            };
            let cfg = match (&predicate, none_before) {
                (Some(predicate), None) => predicate.clone(),
                (Some(predicate), Some(none_before)) => format!("all({none_before}, {predicate})"),
                (None, Some(none_before)) => none_before,
                (None, None) => String::new(),
            };
            if let Some(predicate) = predicate {
                earlier.push(predicate);
            }
            out.push((cfg, items));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mac(source: &str) -> syn::Macro {
        syn::parse_str(source).unwrap()
    }

    #[test]
    fn cfg_if_branches_exclude_earlier_ones() {
        let MacroItems::CfgIf(branches) = items_in_macro(&mac(
            "cfg_if! { if #[cfg(unix)] { mod a; } else if #[cfg(windows)] { mod b; fn f() {} } else { mod c; } }",
        )) else {
            panic!("not recognised as cfg_if");
        };
        let summary: Vec<(String, usize)> = branches
            .into_iter()
            .map(|(cfg, items)| (cfg, items.len()))
            .collect();
        assert_eq!(
            summary,
            [
                ("unix".to_string(), 1),
                ("all(not(unix), windows)".to_string(), 2),
                ("not(any(unix, windows))".to_string(), 1)
            ]
        );
    }

    #[test]
    fn item_bodies_are_read_and_other_bodies_are_not() {
        assert!(
            matches!(items_in_macro(&mac("cfg_rt! { pub mod runtime; pub use runtime::Runtime; }")), MacroItems::Plain(items) if items.len() == 2)
        );
        assert!(matches!(
            items_in_macro(&mac("bitflags! { pub struct F: u32 { const A = 1; } }")),
            MacroItems::Opaque
        ));
        assert!(matches!(
            items_in_macro(&mac("vec![1, 2]")),
            MacroItems::Opaque
        ));
    }

    #[test]
    fn a_thread_locals_last_declaration_needs_no_semicolon() {
        // tokio's `static CONTEXT: Context = const { .. }` ends its body.
        let declared = |source: &str| match items_in_macro(&mac(source)) {
            MacroItems::Plain(items) => items.len(),
            _ => 0,
        };
        assert_eq!(
            declared("thread_local! { static A: Cell<u8> = const { Cell::new(0) } }"),
            1
        );
        assert_eq!(
            declared("std::thread_local! { static A: u8 = 1; pub static B: u8 = const { 2 } }"),
            2
        );
        // Only `thread_local!` is read so: another macro's body stays opaque.
        assert_eq!(declared("other! { static A: u8 = 1 }"), 0);
        // What std's expansion declares: a `LocalKey` of the written type.
        let MacroItems::Plain(items) =
            items_in_macro(&mac("thread_local! { static A: Cell<u8> = Cell::new(0); }"))
        else {
            panic!("not read as items");
        };
        let Item::Static(a) = &items[0] else {
            panic!("not a static");
        };
        assert_eq!(
            tokens_to_text(quote::quote!(#a)),
            "static A: ::std::thread::LocalKey<Cell<u8>> = Cell::new(0);"
        );
    }
}
