//! Attributes that annotate code for cargo-codegraph: `layer`, `tag`,
//! `owner` and `note`. Each leaves the item it is on unchanged, token for
//! token; the indexer reads the attribute as plain syntax and stores an
//! `annotation {node_id, key, value}` row. Arguments are checked here, at
//! compile time, with errors that point at the bad token.
//!
//! ```
//! use codegraph_macros as cg;
//!
//! #[cg::layer("domain")]
//! #[cg::tag("hot-path", "auth")]
//! #[cg::owner("payments-team")]
//! #[cg::note("the only place that talks to the ledger")]
//! pub fn settle() {}
//! ```

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Item, LitStr, Token};

/// `#[layer("domain")]`: the architectural layer the item belongs to.
#[proc_macro_attribute]
pub fn layer(args: TokenStream, item: TokenStream) -> TokenStream {
    annotate("layer", Arity::One, args.into(), item.into()).into()
}

/// `#[tag("hot-path", "auth")]`: free-form labels, one or more.
#[proc_macro_attribute]
pub fn tag(args: TokenStream, item: TokenStream) -> TokenStream {
    annotate("tag", Arity::OneOrMore, args.into(), item.into()).into()
}

/// `#[owner("payments-team")]`: who answers for the item.
#[proc_macro_attribute]
pub fn owner(args: TokenStream, item: TokenStream) -> TokenStream {
    annotate("owner", Arity::One, args.into(), item.into()).into()
}

/// `#[note("why this exists")]`: a remark kept with the item in the graph.
#[proc_macro_attribute]
pub fn note(args: TokenStream, item: TokenStream) -> TokenStream {
    annotate("note", Arity::One, args.into(), item.into()).into()
}

#[derive(Clone, Copy)]
enum Arity {
    One,
    OneOrMore,
}

/// Checks the arguments and the item, then returns the item exactly as
/// it was given (or the errors).
fn annotate(name: &str, arity: Arity, args: Tokens, item: Tokens) -> Tokens {
    let mut errors: Option<syn::Error> = None;
    let mut push = |error: syn::Error| match &mut errors {
        Some(all) => all.combine(error),
        None => errors = Some(error),
    };
    if let Err(error) = check_arguments(name, arity, args) {
        push(error);
    }
    if let Err(error) = check_item(name, item.clone()) {
        push(error);
    }
    match errors {
        // Errors alone: the item is not repeated, so rustc does not report
        // it twice.
        Some(error) => error.to_compile_error(),
        None => item,
    }
}

struct Strings(Punctuated<LitStr, Token![,]>);

impl Parse for Strings {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        Punctuated::parse_terminated(input).map(Strings)
    }
}

fn check_arguments(name: &str, arity: Arity, args: Tokens) -> syn::Result<()> {
    let usage = match arity {
        Arity::One => format!("#[{name}(\"…\")] takes one string"),
        Arity::OneOrMore => format!("#[{name}(\"…\", …)] takes one or more strings"),
    };
    if args.is_empty() {
        return Err(syn::Error::new(
            proc_macro2::Span::call_site(),
            format!("{usage}, and got none"),
        ));
    }
    let strings = syn::parse2::<Strings>(args)
        .map_err(|error| syn::Error::new(error.span(), format!("{usage}: {error}")))?;
    if let (Arity::One, Some(extra)) = (arity, strings.0.iter().nth(1)) {
        return Err(syn::Error::new(
            extra.span(),
            format!("{usage}, not several"),
        ));
    }
    for string in &strings.0 {
        if string.value().trim().is_empty() {
            return Err(syn::Error::new(
                string.span(),
                format!("{usage}; this one is empty"),
            ));
        }
    }
    Ok(())
}

fn check_item(name: &str, item: Tokens) -> syn::Result<()> {
    let item: Item = syn::parse2(item)?;
    match &item {
        Item::Fn(_)
        | Item::Struct(_)
        | Item::Enum(_)
        | Item::Union(_)
        | Item::Trait(_)
        | Item::Impl(_)
        | Item::Const(_)
        | Item::Static(_)
        | Item::Type(_) => Ok(()),
        Item::Mod(module) if module.content.is_some() => Ok(()),
        Item::Mod(module) => Err(syn::Error::new_spanned(
            module,
            format!("#[{name}] on `mod x;` is not possible on stable Rust; annotate the module's path in codegraph.toml, or put the attribute on an inline `mod x {{ … }}`"),
        )),
        other => Err(syn::Error::new_spanned(
            other,
            format!("#[{name}] goes on a fn, struct, enum, union, trait, impl, inline mod, const, static or type alias"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Tokens {
        text.parse().unwrap()
    }

    #[test]
    fn the_item_comes_back_token_for_token() {
        let item = "/// Docs stay.\n#[derive(Debug)] pub(crate) struct Ledger<T: Clone> where T: Send { entries: Vec<T>, /* kept */ }";
        let out = annotate("layer", Arity::One, tokens("\"domain\""), tokens(item));
        assert_eq!(out.to_string(), tokens(item).to_string());
        let function =
            "pub async fn settle(amount: u64) -> Result<(), Error> { ledger::post(amount).await }";
        let out = annotate(
            "tag",
            Arity::OneOrMore,
            tokens("\"hot-path\", \"auth\""),
            tokens(function),
        );
        assert_eq!(out.to_string(), tokens(function).to_string());
    }

    #[test]
    fn bad_arguments_are_errors() {
        let item = tokens("fn f() {}");
        for (args, arity) in [
            ("", Arity::One),
            ("domain", Arity::One),
            ("\"a\", \"b\"", Arity::One),
            ("\" \"", Arity::OneOrMore),
        ] {
            let out = annotate("layer", arity, tokens(args), item.clone()).to_string();
            assert!(out.contains("compile_error"), "{args:?} -> {out}");
        }
    }
}
