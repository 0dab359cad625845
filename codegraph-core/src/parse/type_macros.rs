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
//! Each replaced call is kept as [`Replaced`], so the item holding it still
//! gets its `invokes_macro` edge.

use std::ops::Range;

use syn::visit::Visit;

/// Rewrites of one expansion: a type a macro call produces may itself hold
/// calls, each level taking a pass.
pub(super) const PASSES: usize = 8;

/// One `path!(args)` in type position: where its text is, the macro's path
/// as written (its last segment names the macro) and its tokens as text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct TypeMacroCall {
    range: Range<usize>,
    path: Vec<String>,
    args: String,
}

/// A call a rewrite replaced: the macro's path as written, and where the
/// type that stands for it starts in the latest text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Replaced {
    pub path: Vec<String>,
    pub at: usize,
}

/// Collects the type-position macro calls of a syntax tree in source order.
#[derive(Default)]
struct Calls(Vec<TypeMacroCall>);

impl<'ast> Visit<'ast> for Calls {
    fn visit_type_macro(&mut self, node: &'ast syn::TypeMacro) {
        let mac = &node.mac;
        let Some(first) = mac.path.segments.first() else {
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
                path: mac
                    .path
                    .segments
                    .iter()
                    .map(|segment| segment.ident.to_string())
                    .collect(),
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
/// that `expand` answers (given the macro's name, its last path segment,
/// and its tokens as text) replaced by the answer, when the answer parses
/// as a type. `None` when the tree has no call it can answer: the common
/// case costs one walk of the tree and no parse. The caller re-parses the
/// new text (a rewrite that no longer parses, like `&m!()` becoming
/// `&dyn A + B`, is the caller's to refuse) and calls again for calls the
/// answers hold. `replaced` gets the calls replaced, and its earlier
/// entries are moved to where their text now starts.
pub(super) fn rewrite(
    text: &str,
    tree: Tree<'_>,
    expand: &mut ExpandCall<'_>,
    replaced: &mut Vec<Replaced>,
) -> Option<String> {
    let calls = calls_in(tree);
    // (range in `text`, length of its replacement, the call's path)
    let mut applied: Vec<(Range<usize>, usize, &[String])> = Vec::new();
    let mut rewritten = text.to_string();
    // Back to front, so the ranges still ahead stay valid.
    for call in calls.iter().rev() {
        let name = call.path.last().map(String::as_str).unwrap_or_default();
        let Some(ty) = expand(name, &call.args) else {
            continue;
        };
        if text.get(call.range.clone()).is_none() || syn::parse_str::<syn::Type>(&ty).is_err() {
            continue;
        }
        rewritten.replace_range(call.range.clone(), &ty);
        applied.push((call.range.clone(), ty.len(), &call.path));
    }
    if applied.is_empty() {
        return None;
    }
    applied.reverse();
    // How far text at `offset` of the old text moved.
    let moved = |offset: usize| -> isize {
        applied
            .iter()
            .filter(|(range, _, _)| range.end <= offset)
            .map(|(range, len, _)| *len as isize - range.len() as isize)
            .sum()
    };
    for entry in replaced.iter_mut() {
        entry.at = entry.at.saturating_add_signed(moved(entry.at));
    }
    for (range, _, path) in &applied {
        replaced.push(Replaced {
            path: path.to_vec(),
            at: range.start.saturating_add_signed(moved(range.start)),
        });
    }
    Some(rewritten)
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
        let mut replaced = Vec::new();
        for _ in 0..PASSES {
            let source = current.as_deref().unwrap_or(text);
            let view = if impl_members {
                Tree::Members(&tree.1)
            } else {
                Tree::Items(&tree.0)
            };
            let Some(next) = rewrite(source, view, &mut expand, &mut replaced) else {
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
    fn replaced_calls_keep_where_their_types_start_across_passes() {
        let mut expand = |name: &str, args: &str| match name {
            "outer" => Some(format!("Vec < inner ! ({args}) >")),
            "inner" => Some(format!("Option < {args} >")),
            "short" => Some("u8".to_string()),
            _ => None,
        };
        let items = |text: &str| syn::parse_file(text).unwrap().items;
        let text = "type A = (short ! (x) , m :: outer ! (u16)) ;";
        let mut replaced = Vec::new();
        let first = rewrite(text, Tree::Items(&items(text)), &mut expand, &mut replaced).unwrap();
        assert_eq!(first, "type A = (u8 , Vec < inner ! (u16) >) ;");
        let second = rewrite(
            &first,
            Tree::Items(&items(&first)),
            &mut expand,
            &mut replaced,
        )
        .unwrap();
        assert_eq!(second, "type A = (u8 , Vec < Option < u16 > >) ;");
        let starts: Vec<(String, &str)> = replaced
            .iter()
            .map(|r| (r.path.join("::"), &second[r.at..r.at + 3]))
            .collect();
        assert_eq!(
            starts,
            [
                ("short".to_string(), "u8 "),
                ("m::outer".to_string(), "Vec"),
                ("inner".to_string(), "Opt"),
            ]
        );
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
