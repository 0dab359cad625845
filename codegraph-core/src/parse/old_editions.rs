//! Syntax that rustc still accepts in old editions and syn 2 rejects, made
//! parseable without changing what the code means:
//!
//! - bare `Fn(..)` trait objects (2015 and 2018; a hard error from 2021):
//!   `type Action = Fn(&siginfo_t) + Send;`, `Box<FnMut(u8)>`;
//! - anonymous parameters of trait methods (2015 only):
//!   `fn hash_word(&mut self, Self);`.
//!
//! Repairs are led by syn's own error: the token syn stopped at decides the
//! fix (`dyn` before the `Fn` path it stopped after, `_:` before the
//! parameter that ended where syn wanted a `:`), and parsing is retried.
//! Only text that fails to parse is ever touched, and every original token
//! keeps its span, so positions, extents and content hashes are those of the
//! file as written.

use proc_macro2::{Delimiter, Group, Ident, LineColumn, Punct, Spacing, TokenStream, TokenTree};
use syn::parse::Parse;

/// The edition a crate target is compiled in (Cargo's `edition` key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Edition {
    E2015,
    E2018,
    E2021,
    E2024,
}

impl Edition {
    /// Cargo's spelling; anything newer than this parser knows is treated
    /// as the newest edition (no old-syntax repairs).
    pub fn from_cargo(text: &str) -> Edition {
        match text {
            "2015" => Edition::E2015,
            "2018" => Edition::E2018,
            "2021" => Edition::E2021,
            _ => Edition::E2024,
        }
    }

    fn allows_bare_trait_objects(self) -> bool {
        self <= Edition::E2018
    }

    fn allows_anonymous_parameters(self) -> bool {
        self == Edition::E2015
    }

    /// Whether any repair can apply: newer editions parse as written.
    pub fn has_old_syntax(self) -> bool {
        self.allows_bare_trait_objects() || self.allows_anonymous_parameters()
    }
}

/// Each repair fixes one token; a file needing more than this many is not
/// old-edition code syn merely dislikes.
const MAX_REPAIRS: usize = 64;

/// Parses `tokens` as a `T`, repairing old-edition syntax at the places syn
/// reports. `None` when a failure is not one this module knows how to fix.
pub fn parse_repaired<T: Parse>(mut tokens: TokenStream, edition: Edition) -> Option<T> {
    if !edition.has_old_syntax() {
        return None;
    }
    for _ in 0..MAX_REPAIRS {
        match syn::parse2::<T>(tokens.clone()) {
            Ok(parsed) => return Some(parsed),
            Err(error) => tokens = repair(tokens, &error, edition)?,
        }
    }
    None
}

/// The stream with the one fix `error` calls for, if it calls for one.
fn repair(tokens: TokenStream, error: &syn::Error, edition: Edition) -> Option<TokenStream> {
    edit_at(tokens, error.span().start(), None, edition)
}

/// Finds the token stream holding the token that starts at `at` (or whose
/// group closes at `at`: syn reports "expected" at the end of a group's
/// contents there) and fixes it there. Groups are rebuilt with their
/// original spans.
fn edit_at(
    tokens: TokenStream,
    at: LineColumn,
    enclosing: Option<(Delimiter, LineColumn)>,
    edition: Edition,
) -> Option<TokenStream> {
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    let delimiter = enclosing.map(|(delimiter, _)| delimiter);
    if let Some(index) = trees.iter().position(|tree| tree.span().start() == at) {
        return fix(&mut trees, index, delimiter, edition).then(|| trees.into_iter().collect());
    }
    if let Some((_, close)) = enclosing {
        if close == at {
            let end = trees.len();
            return fix(&mut trees, end, delimiter, edition).then(|| trees.into_iter().collect());
        }
    }
    let inside = trees.iter().position(|tree| match tree {
        TokenTree::Group(group) => group.span().start() < at && at <= group.span_close().start(),
        _ => false,
    })?;
    let TokenTree::Group(group) = &trees[inside] else {
        return None;
    };
    let close = group.span_close().start();
    let edited = edit_at(
        group.stream(),
        at,
        Some((group.delimiter(), close)),
        edition,
    )?;
    let mut rebuilt = Group::new(group.delimiter(), edited);
    rebuilt.set_span(group.span());
    trees[inside] = TokenTree::Group(rebuilt);
    Some(trees.into_iter().collect())
}

/// The fix for syn stopping at `trees[index]` (or at the end of `trees`),
/// inside a group with `enclosing` delimiters.
fn fix(
    trees: &mut Vec<TokenTree>,
    index: usize,
    enclosing: Option<Delimiter>,
    edition: Edition,
) -> bool {
    (edition.allows_bare_trait_objects() && insert_dyn(trees, index))
        || (edition.allows_anonymous_parameters()
            && enclosing == Some(Delimiter::Parenthesis)
            && name_anonymous_parameter(trees, index))
}

/// syn stopped at the `(..)` of a path ending in `Fn`/`FnMut`/`FnOnce`
/// that is not a bound: write `dyn` before the path.
fn insert_dyn(trees: &mut Vec<TokenTree>, index: usize) -> bool {
    let is_paren = matches!(
        trees.get(index),
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Parenthesis
    );
    let names_fn_trait = index > 0
        && matches!(&trees[index - 1], TokenTree::Ident(ident)
            if ident == "Fn" || ident == "FnMut" || ident == "FnOnce");
    if !is_paren || !names_fn_trait {
        return false;
    }
    let start = path_start(trees, index - 1);
    let already_marked = start > 0
        && matches!(&trees[start - 1], TokenTree::Ident(ident) if ident == "dyn" || ident == "impl");
    if already_marked {
        return false;
    }
    let span = trees[start].span();
    trees.insert(start, TokenTree::Ident(Ident::new("dyn", span)));
    true
}

/// The first token of the path whose last segment is the identifier at
/// `last` (`std::ops::Fn`, `::core::ops::FnMut`).
fn path_start(trees: &[TokenTree], last: usize) -> usize {
    let mut start = last;
    while start >= 2 && is_path_separator(trees, start - 2) {
        match start.checked_sub(3).map(|at| &trees[at]) {
            Some(TokenTree::Ident(_)) => start -= 3,
            _ => return start - 2,
        }
    }
    start
}

fn is_path_separator(trees: &[TokenTree], at: usize) -> bool {
    matches!(
        (&trees[at], trees.get(at + 1)),
        (TokenTree::Punct(first), Some(TokenTree::Punct(second)))
            if first.as_char() == ':' && first.spacing() == Spacing::Joint && second.as_char() == ':'
    )
}

/// syn stopped at `index` in a parameter list, inside (or right after) a
/// parameter with no `name:`. Write `_:` before it.
fn name_anonymous_parameter(trees: &mut Vec<TokenTree>, index: usize) -> bool {
    let start = parameter_start(&trees[..index]);
    let end = parameter_end(trees, start);
    let parameter = &trees[start..end];
    if parameter.is_empty() || has_name(parameter) || is_self_parameter(parameter) {
        return false;
    }
    let span = trees[start].span();
    let mut colon = Punct::new(':', Spacing::Alone);
    colon.set_span(span);
    trees.insert(start, TokenTree::Punct(colon));
    trees.insert(start, TokenTree::Ident(Ident::new("_", span)));
    true
}

/// A `:` of its own (not half of `::`) at the parameter's top level.
fn has_name(parameter: &[TokenTree]) -> bool {
    parameter.iter().enumerate().any(|(at, tree)| {
        matches!(tree, TokenTree::Punct(colon) if colon.as_char() == ':')
            && !is_path_separator(parameter, at)
            && !(at > 0 && is_path_separator(parameter, at - 1))
    })
}

/// `self`, `mut self`, `&self`, `&'a mut self`: receivers, never anonymous.
fn is_self_parameter(parameter: &[TokenTree]) -> bool {
    matches!(parameter.last(), Some(TokenTree::Ident(ident)) if ident == "self")
}

/// One past the parameter starting at `start`: the next top-level comma.
fn parameter_end(trees: &[TokenTree], start: usize) -> usize {
    let mut depth = 0usize;
    for (at, tree) in trees.iter().enumerate().skip(start) {
        if let TokenTree::Punct(punct) = tree {
            match punct.as_char() {
                '<' => depth += 1,
                '>' if !is_arrow_head(trees, at) => depth = depth.saturating_sub(1),
                ',' if depth == 0 => return at,
                _ => {}
            }
        }
    }
    trees.len()
}

fn is_arrow_head(trees: &[TokenTree], at: usize) -> bool {
    at > 0
        && matches!(&trees[at - 1], TokenTree::Punct(prev)
            if prev.as_char() == '-' && prev.spacing() == Spacing::Joint)
}

/// Where the last comma-separated parameter of `trees` starts. Commas inside
/// `<..>` (`HashMap<K, V>`) do not separate; the `>` of `->` closes nothing.
fn parameter_start(trees: &[TokenTree]) -> usize {
    let mut depth = 0usize;
    let mut start = 0;
    for (at, tree) in trees.iter().enumerate() {
        let TokenTree::Punct(punct) = tree else {
            continue;
        };
        match punct.as_char() {
            '<' => depth += 1,
            '>' if !is_arrow_head(trees, at) => depth = depth.saturating_sub(1),
            ',' if depth == 0 => start = at + 1,
            _ => {}
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn repaired_file(text: &str, edition: Edition) -> Option<String> {
        assert!(
            syn::parse_file(text).is_err(),
            "syn accepts {text:?} as written"
        );
        let tokens: TokenStream = text.parse().unwrap();
        parse_repaired::<syn::File>(tokens, edition).map(|file| {
            file.to_token_stream()
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    #[test]
    fn bare_fn_trait_objects_get_dyn_in_2015_and_2018() {
        let text = "type Action = Fn(&siginfo_t) + Send + Sync;\n\
                    fn f(a: Box<FnMut(u8) -> u8 + Send>, b: &(::std::ops::FnOnce() + Send)) {}\n\
                    fn g<F: Fn(u8)>(f: F) where F: FnMut() {}\n";
        let repaired = repaired_file(text, Edition::E2015).unwrap();
        assert!(repaired.contains("type Action = dyn Fn (& siginfo_t) + Send + Sync ;"));
        assert!(repaired.contains("Box < dyn FnMut (u8) -> u8 + Send >"));
        assert!(repaired.contains("& (dyn :: std :: ops :: FnOnce () + Send)"));
        // Bounds are untouched: `F: dyn Fn` would be wrong.
        assert!(repaired.contains("fn g < F : Fn (u8) > (f : F) where F : FnMut ()"));
        assert!(repaired_file(text, Edition::E2018).is_some());
        assert_eq!(repaired_file(text, Edition::E2021), None);
    }

    #[test]
    fn anonymous_parameters_get_a_wildcard_name_in_2015_only() {
        let text = "trait T {\n    fn hash_word(&mut self, Self);\n    \
                    fn f(u8, &str, HashMap<K, V>, fn(u8) -> u8) -> u8;\n    \
                    fn named(&self, x: u8);\n}\n";
        let repaired = repaired_file(text, Edition::E2015).unwrap();
        assert!(repaired.contains("fn hash_word (& mut self , _ : Self) ;"));
        assert!(repaired.contains(
            "fn f (_ : u8 , _ : & str , _ : HashMap < K , V > , _ : fn (u8) -> u8) -> u8 ;"
        ));
        assert!(repaired.contains("fn named (& self , x : u8) ;"));
        assert_eq!(repaired_file(text, Edition::E2018), None);
    }

    #[test]
    fn other_syntax_errors_are_not_repaired() {
        assert_eq!(repaired_file("fn f() { let = 1; }", Edition::E2015), None);
        assert_eq!(
            repaired_file("struct S { a: u8 b: u8 }", Edition::E2015),
            None
        );
    }

    #[test]
    fn repaired_tokens_keep_their_positions() {
        let text = "// x\ntype A = Fn(u8);\n";
        let tokens: TokenStream = text.parse().unwrap();
        let file = parse_repaired::<syn::File>(tokens, Edition::E2015).unwrap();
        let syn::Item::Type(alias) = &file.items[0] else {
            panic!("not a type alias");
        };
        let start = alias.ident.span().start();
        assert_eq!((start.line, start.column), (2, 5));
        let range = alias.semi_token.span.byte_range();
        assert_eq!(&text[range], ";");
    }
}
