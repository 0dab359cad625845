//! Expansion of zero-argument `macro_rules!`: a macro whose only rule is
//! `() => { items }` (no `$` in the body) stands for those items wherever
//! it is called with no arguments. serde_core declares its whole API inside
//! `crate_root!()` and libc its `prelude` module inside `prelude!()`; without
//! this, neither exists in the graph. Definitions and calls are met in
//! different files, parsed in parallel, so calls are recorded and expanded
//! once the unit's module tree has been walked. Other macros stay
//! unexpanded.

use std::path::PathBuf;
use std::sync::Arc;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::module_files::ModuleDir;
use crate::model::{NodeIdx, SourceRange};

/// A zero-argument macro's body, as written in its file.
#[derive(Debug, Clone)]
pub struct MacroDef {
    pub name: String,
    pub body: String,
    pub file: Arc<str>,
    pub abs_file: PathBuf,
    /// 1-based position of the body's first character in `file`.
    pub line: u32,
    pub col: u32,
}

/// A call `name!()` waiting for the unit's macro definitions.
#[derive(Debug, Clone)]
pub struct ExpansionRequest {
    pub name: String,
    pub scope_idx: NodeIdx,
    pub scope_path: String,
    pub module_path: String,
    pub cfg: Option<Arc<str>>,
    pub dir: Option<ModuleDir>,
    pub ancestors: Vec<PathBuf>,
}

/// The body of `macro_rules! name { () => { body } }` when it is the only
/// rule and uses no metavariables, with where the body starts.
pub fn zero_argument_body(rules: &TokenStream, source: &str) -> Option<(String, u32, u32)> {
    let trees: Vec<TokenTree> = rules.clone().into_iter().collect();
    let matcher_is_empty = matches!(trees.first(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis && g.stream().is_empty());
    let arrow = matches!((trees.get(1), trees.get(2)), (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == '=' && b.as_char() == '>');
    let Some(TokenTree::Group(body)) = trees.get(3) else {
        return None;
    };
    let only_rule = match trees.get(4) {
        None => true,
        Some(TokenTree::Punct(semi)) => semi.as_char() == ';' && trees.len() == 5,
        Some(_) => false,
    };
    if !(matcher_is_empty && arrow && only_rule) || mentions_metavariable(&body.stream()) {
        return None;
    }
    let open = body.span_open().byte_range();
    let close = body.span_close().byte_range();
    let text = source.get(open.end..close.start)?;
    let start = body.span_open().start();
    Some((text.to_string(), start.line as u32, start.column as u32 + 2))
}

/// A `$` of the macro itself; those inside a nested `macro_rules! x { … }`
/// belong to the nested macro.
fn mentions_metavariable(tokens: &TokenStream) -> bool {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut at = 0;
    while at < trees.len() {
        let nested_definition = matches!(&trees[at], TokenTree::Ident(ident) if ident == "macro_rules")
            && matches!(trees.get(at + 1), Some(TokenTree::Punct(bang)) if bang.as_char() == '!');
        if nested_definition {
            at += 4; // `macro_rules`, `!`, name, body
            continue;
        }
        match &trees[at] {
            TokenTree::Punct(punct) if punct.as_char() == '$' => return true,
            TokenTree::Group(group) if mentions_metavariable(&group.stream()) => return true,
            _ => {}
        }
        at += 1;
    }
    false
}

/// Moves a position parsed from a macro body to where the body is written.
pub fn shift_range(range: &mut SourceRange, line: u32, col: u32) {
    let shift = |at_line: &mut u32, at_col: &mut u32| {
        if *at_line == 1 {
            *at_col += col - 1;
        }
        *at_line += line - 1;
    };
    shift(&mut range.line, &mut range.col);
    shift(&mut range.end_line, &mut range.end_col);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(source: &str) -> Option<(String, u32, u32)> {
        let item: syn::ItemMacro = syn::parse_str(source).unwrap();
        zero_argument_body(&item.mac.tokens, source)
    }

    #[test]
    fn only_single_rule_macros_without_arguments_or_metavariables() {
        let (text, line, col) =
            body("macro_rules! root {\n    () => {\n        mod de;\n    };\n}").unwrap();
        assert_eq!(text.trim(), "mod de;");
        assert_eq!((line, col), (2, 12));
        assert!(body("macro_rules! m { ($x:ident) => { fn $x() {} } }").is_none());
        assert!(body("macro_rules! m { () => { fn f() {} }; (x) => {} }").is_none());
        assert!(body("macro_rules! m { () => { $crate::f() } }").is_none());
        let nested =
            "macro_rules! m { () => { macro_rules! tri { ($e:expr) => { $e } } fn f() {} } }";
        assert!(
            body(nested).is_some(),
            "metavariables of a nested macro are its own"
        );
    }
}
