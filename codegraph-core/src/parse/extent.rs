//! Where an item's text starts and ends, read from the spans syn keeps on
//! its tokens: the first token (an outer attribute or doc comment, the
//! visibility, the keyword) and the last one (`;` or a closing delimiter).
//!
//! Why: an item's end position and its content hash used to come from
//! `to_token_stream()`, which rebuilds every token of the item (and of each
//! member again). That was a third of the parse phase on the public corpus;
//! two spans per item are free.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{
    AttrStyle, Attribute, Field, Fields, ForeignItemFn, ForeignItemMacro, ForeignItemStatic,
    ForeignItemType, ImplItemConst, ImplItemFn, ImplItemMacro, ImplItemType, ItemConst, ItemEnum,
    ItemExternCrate, ItemFn, ItemImpl, ItemMacro, ItemMod, ItemStatic, ItemStruct, ItemTrait,
    ItemTraitAlias, ItemType, ItemUnion, Macro, MacroDelimiter, Signature, TraitItemConst,
    TraitItemFn, TraitItemMacro, TraitItemType, Variant, Visibility,
};

/// The first and last token of an item as written.
pub trait Extent {
    /// Its start is where the item's text starts.
    fn first_token(&self) -> Span;
    /// Its end is where the item's text ends.
    fn last_token(&self) -> Span;
}

/// The first outer attribute (doc comments included), else `then`.
fn outer_attr_or(attrs: &[Attribute], then: Span) -> Span {
    attrs
        .iter()
        .find(|attr| matches!(attr.style, AttrStyle::Outer))
        .map(|attr| attr.pound_token.span)
        .unwrap_or(then)
}

fn visibility(vis: &Visibility) -> Option<Span> {
    match vis {
        Visibility::Public(token) => Some(token.span),
        Visibility::Restricted(restricted) => Some(restricted.pub_token.span),
        Visibility::Inherited => None,
    }
}

/// Attributes, visibility, then the item's own first token.
fn lead(attrs: &[Attribute], vis: &Visibility, then: Span) -> Span {
    outer_attr_or(attrs, visibility(vis).unwrap_or(then))
}

fn signature_start(sig: &Signature) -> Span {
    sig.constness
        .map(|t| t.span)
        .or(sig.asyncness.map(|t| t.span))
        .or(sig.unsafety.map(|t| t.span))
        .or(sig.abi.as_ref().map(|abi| abi.extern_token.span))
        .unwrap_or(sig.fn_token.span)
}

fn macro_start(mac: &Macro) -> Span {
    mac.path
        .leading_colon
        .map(|colon| colon.spans[0])
        .or_else(|| mac.path.segments.first().map(|s| s.ident.span()))
        .unwrap_or(mac.bang_token.span)
}

fn macro_end(mac: &Macro, semi: Option<Span>) -> Span {
    semi.unwrap_or_else(|| match &mac.delimiter {
        MacroDelimiter::Paren(paren) => paren.span.close(),
        MacroDelimiter::Brace(brace) => brace.span.close(),
        MacroDelimiter::Bracket(bracket) => bracket.span.close(),
    })
}

fn fields_end(fields: &Fields, otherwise: Span) -> Span {
    match fields {
        Fields::Named(named) => named.brace_token.span.close(),
        Fields::Unnamed(unnamed) => unnamed.paren_token.span.close(),
        Fields::Unit => otherwise,
    }
}

macro_rules! extent {
    ($ty:ty, |$item:ident| $first:expr, $last:expr) => {
        impl Extent for $ty {
            fn first_token(&self) -> Span {
                let $item = self;
                $first
            }
            fn last_token(&self) -> Span {
                let $item = self;
                $last
            }
        }
    };
}

extent!(
    ItemConst,
    |i| lead(&i.attrs, &i.vis, i.const_token.span),
    i.semi_token.span
);
extent!(
    ItemStatic,
    |i| lead(&i.attrs, &i.vis, i.static_token.span),
    i.semi_token.span
);
extent!(
    ItemType,
    |i| lead(&i.attrs, &i.vis, i.type_token.span),
    i.semi_token.span
);
extent!(
    ItemExternCrate,
    |i| lead(&i.attrs, &i.vis, i.extern_token.span),
    i.semi_token.span
);
extent!(
    ItemTraitAlias,
    |i| lead(&i.attrs, &i.vis, i.trait_token.span),
    i.semi_token.span
);
extent!(
    ItemStruct,
    |i| lead(&i.attrs, &i.vis, i.struct_token.span),
    i.semi_token
        .map(|semi| semi.span)
        .unwrap_or_else(|| fields_end(&i.fields, i.ident.span()))
);
extent!(
    ItemUnion,
    |i| lead(&i.attrs, &i.vis, i.union_token.span),
    i.fields.brace_token.span.close()
);
extent!(
    ItemEnum,
    |i| lead(&i.attrs, &i.vis, i.enum_token.span),
    i.brace_token.span.close()
);
extent!(
    Variant,
    |i| outer_attr_or(&i.attrs, i.ident.span()),
    match &i.discriminant {
        Some((_, expr)) => expr.span(),
        None => fields_end(&i.fields, i.ident.span()),
    }
);
extent!(
    Field,
    |i| lead(
        &i.attrs,
        &i.vis,
        i.ident
            .as_ref()
            .map(|ident| ident.span())
            .unwrap_or_else(|| i.ty.span())
    ),
    i.ty.span()
);
extent!(
    ItemTrait,
    |i| lead(
        &i.attrs,
        &i.vis,
        i.unsafety
            .map(|t| t.span)
            .or(i.auto_token.map(|t| t.span))
            .unwrap_or(i.trait_token.span)
    ),
    i.brace_token.span.close()
);
extent!(
    ItemImpl,
    |i| outer_attr_or(
        &i.attrs,
        i.defaultness
            .map(|t| t.span)
            .or(i.unsafety.map(|t| t.span))
            .unwrap_or(i.impl_token.span)
    ),
    i.brace_token.span.close()
);
extent!(
    ItemMod,
    |i| lead(
        &i.attrs,
        &i.vis,
        i.unsafety.map(|t| t.span).unwrap_or(i.mod_token.span)
    ),
    match (&i.content, i.semi) {
        (Some((brace, _)), _) => brace.span.close(),
        (None, Some(semi)) => semi.span,
        (None, None) => i.ident.span(),
    }
);
extent!(
    ItemMacro,
    |i| outer_attr_or(&i.attrs, macro_start(&i.mac)),
    macro_end(&i.mac, i.semi_token.map(|t| t.span))
);
extent!(
    ItemFn,
    |i| lead(&i.attrs, &i.vis, signature_start(&i.sig)),
    i.block.brace_token.span.close()
);
extent!(
    TraitItemFn,
    |i| outer_attr_or(&i.attrs, signature_start(&i.sig)),
    i.default
        .as_ref()
        .map(|block| block.brace_token.span.close())
        .or(i.semi_token.map(|t| t.span))
        .unwrap_or_else(|| i.sig.ident.span())
);
extent!(
    TraitItemConst,
    |i| outer_attr_or(&i.attrs, i.const_token.span),
    i.semi_token.span
);
extent!(
    TraitItemType,
    |i| outer_attr_or(&i.attrs, i.type_token.span),
    i.semi_token.span
);
extent!(
    TraitItemMacro,
    |i| outer_attr_or(&i.attrs, macro_start(&i.mac)),
    macro_end(&i.mac, i.semi_token.map(|t| t.span))
);
extent!(
    ImplItemFn,
    |i| lead(
        &i.attrs,
        &i.vis,
        i.defaultness
            .map(|t| t.span)
            .unwrap_or_else(|| signature_start(&i.sig))
    ),
    i.block.brace_token.span.close()
);
extent!(
    ImplItemConst,
    |i| lead(
        &i.attrs,
        &i.vis,
        i.defaultness.map(|t| t.span).unwrap_or(i.const_token.span)
    ),
    i.semi_token.span
);
extent!(
    ImplItemType,
    |i| lead(
        &i.attrs,
        &i.vis,
        i.defaultness.map(|t| t.span).unwrap_or(i.type_token.span)
    ),
    i.semi_token.span
);
extent!(
    ImplItemMacro,
    |i| outer_attr_or(&i.attrs, macro_start(&i.mac)),
    macro_end(&i.mac, i.semi_token.map(|t| t.span))
);
extent!(
    ForeignItemFn,
    |i| lead(&i.attrs, &i.vis, signature_start(&i.sig)),
    i.semi_token.span
);
extent!(
    ForeignItemStatic,
    |i| lead(&i.attrs, &i.vis, i.static_token.span),
    i.semi_token.span
);
extent!(
    ForeignItemType,
    |i| lead(&i.attrs, &i.vis, i.type_token.span),
    i.semi_token.span
);
extent!(
    ForeignItemMacro,
    |i| outer_attr_or(&i.attrs, macro_start(&i.mac)),
    macro_end(&i.mac, i.semi_token.map(|t| t.span))
);
