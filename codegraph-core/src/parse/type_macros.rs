//! Macro calls in type position inside a macro's expansion, e.g. itertools'
//! `impl<A> TupleCollect for ($(ignore_ident!($Y, A),)*)`. rustc expands
//! such a call where it stands, so the impl is `impl TupleCollect for (A,
//! A)`; read as written, its name and self type would be the macro call.
//! The expansion's text is rewritten with each call it can expand replaced
//! by the type the call stands for, before the items are extracted.
//!
//! Only type positions are rewritten: a call in item or impl-member
//! position is expanded by the rounds of `expand_macros` (and recorded as a
//! macro call), and one inside another call's tokens is that call's input.

use std::ops::Range;

use syn::visit::Visit;

/// Rewrites of one expansion: a type a macro call produces may itself hold
/// calls, each level taking a pass.
pub(super) const PASSES: usize = 8;

/// One `name!(args)` in type position: where its text is, the macro's
/// (last path segment's) name and its tokens as text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TypeMacroCall {
    range: Range<usize>,
    name: String,
    args: String,
}

/// Collects the type-position macro calls of a syntax tree in source order.
#[derive(Default)]
struct Calls(Vec<TypeMacroCall>);

impl<'ast> Visit<'ast> for Calls {
    fn visit_type_macro(&mut self, node: &'ast syn::TypeMacro) {
        let mac = &node.mac;
        let (Some(first), Some(last)) = (mac.path.segments.first(), mac.path.segments.last())
        else {
            return;
        };
        let start = match &mac.path.leading_colon {
            Some(colon) => colon.spans[0].byte_range().start,
            None => first.ident.span().byte_range().start,
        };
        let end = mac.delimiter.span().close().byte_range().end;
        if start < end {
            self.0.push(TypeMacroCall {
                range: start..end,
                name: last.ident.to_string(),
                args: mac.tokens.to_string(),
            });
        }
        // The call's tokens are its input, not types of this tree.
    }
}

/// Answers a macro call by name and tokens (as text) with the text it
/// stands for, or `None` when no known macro matches.
pub(super) type ExpandCall<'e> = dyn FnMut(&str, &str) -> Option<String> + 'e;

/// A parsed expansion whose type positions are searched.
pub(super) enum Tree<'t> {
    Items(&'t [syn::Item]),
    Members(&'t [syn::ImplItem]),
}

/// The type-position calls of a tree, in source order.
fn calls_in(tree: Tree<'_>) -> Vec<TypeMacroCall> {
    let mut calls = Calls::default();
    match tree {
        Tree::Items(items) => items.iter().for_each(|item| calls.visit_item(item)),
        Tree::Members(members) => members
            .iter()
            .for_each(|member| calls.visit_impl_item(member)),
    }
    let mut calls = calls.0;
    calls.sort_by_key(|call| call.range.start);
    calls
}

/// The text `tree` was parsed from, with each type-position macro call
/// that `expand` answers (given the macro's name and its tokens as text)
/// replaced by the answer, when the answer parses as a type. `None` when
/// the tree has no call it can answer: the common case costs one walk of
/// the tree and no parse. The caller re-parses the new text (a rewrite
/// that no longer parses, like `&m!()` becoming `&dyn A + B`, is the
/// caller's to refuse) and calls again for calls the answers hold.
pub(super) fn rewrite(text: &str, tree: Tree<'_>, expand: &mut ExpandCall<'_>) -> Option<String> {
    let calls = calls_in(tree);
    let mut rewritten = text.to_string();
    let mut changed = false;
    // Back to front, so the ranges still ahead stay valid.
    for call in calls.iter().rev() {
        let Some(ty) = expand(&call.name, &call.args) else {
            continue;
        };
        if text.get(call.range.clone()).is_none() || syn::parse_str::<syn::Type>(&ty).is_err() {
            continue;
        }
        rewritten.replace_range(call.range.clone(), &ty);
        changed = true;
    }
    changed.then_some(rewritten)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The caller's loop: parse, rewrite, re-parse, as `extract_expansion`
    /// does; `None` when nothing was rewritten or the rewrite broke the text.
    fn expand_type_macros(
        text: &str,
        impl_members: bool,
        mut expand: impl FnMut(&str, &str) -> Option<String>,
    ) -> Option<String> {
        let parse = |text: &str| -> Option<(Vec<syn::Item>, Vec<syn::ImplItem>)> {
            if impl_members {
                Some((
                    Vec::new(),
                    super::super::macro_items::impl_items_in_text(text)?,
                ))
            } else {
                Some((syn::parse_file(text).ok()?.items, Vec::new()))
            }
        };
        let (mut current, mut tree) = (None::<String>, parse(text)?);
        for _ in 0..PASSES {
            let source = current.as_deref().unwrap_or(text);
            let view = if impl_members {
                Tree::Members(&tree.1)
            } else {
                Tree::Items(&tree.0)
            };
            let Some(next) = rewrite(source, view, &mut expand) else {
                break;
            };
            let Some(reparsed) = parse(&next) else { break };
            (current, tree) = (Some(next), reparsed);
        }
        current
    }

    fn ignore_ident(name: &str, args: &str) -> Option<String> {
        // `ignore_ident!($id, $ty)` stands for `$ty`.
        (name == "ignore_ident").then(|| args.rsplit(',').next().unwrap().trim().to_string())
    }

    #[test]
    fn type_position_calls_become_the_types_they_stand_for() {
        let text = "impl < A > TupleCollect for (ignore_ident ! (a , A) , ignore_ident ! (b , A) ,) { type Item = (A , ignore_ident ! (c , A)) ; }";
        let rewritten = expand_type_macros(text, false, ignore_ident).unwrap();
        let file = syn::parse_file(&rewritten).unwrap();
        let syn::Item::Impl(item) = &file.items[0] else {
            panic!("an impl");
        };
        let self_ty = &item.self_ty;
        assert_eq!(quote::quote!(#self_ty).to_string(), "(A , A ,)");
        assert!(rewritten.contains("type Item = (A , A)"), "{rewritten}");
    }

    #[test]
    fn calls_it_cannot_expand_and_calls_outside_type_position_stay() {
        // Unknown macro; an item-position call; a call inside another
        // call's tokens; nothing to rewrite, so no new text.
        let text =
            "impl X for unknown ! (a) { } other ! { ignore_ident ! (a , B) } fn f () { g ! () ; }";
        assert_eq!(expand_type_macros(text, false, ignore_ident), None);
    }

    #[test]
    fn nested_calls_are_expanded_level_by_level() {
        let expand = |name: &str, args: &str| match name {
            "outer" => Some(format!("Vec < inner ! ({args}) >")),
            "inner" => Some(format!("Option < {args} >")),
            _ => None,
        };
        let text = "impl Tr for outer ! (u8) { }";
        let rewritten = expand_type_macros(text, false, expand).unwrap();
        assert!(rewritten.contains("Vec < Option < u8 > >"), "{rewritten}");
    }

    #[test]
    fn impl_member_text_is_read_as_members() {
        let text = "fn f (x : ignore_ident ! (a , u32)) { } type T = ignore_ident ! (b , u8) ;";
        let rewritten = expand_type_macros(text, true, ignore_ident).unwrap();
        assert!(rewritten.contains("x : u32"), "{rewritten}");
        assert!(rewritten.contains("type T = u8"), "{rewritten}");
    }

    #[test]
    fn a_rewrite_that_breaks_the_text_is_not_used() {
        // `&dyn A + B` does not parse where `&m!()` did.
        let expand = |_: &str, _: &str| Some("dyn A + B".to_string());
        let text = "fn f (x : & m ! ()) { }";
        assert_eq!(expand_type_macros(text, false, expand), None);
    }
}
