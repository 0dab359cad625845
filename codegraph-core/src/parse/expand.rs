//! Expansion of `macro_rules!` called at item level. Definitions and calls
//! are met in different files, parsed in parallel, so calls are recorded
//! and expanded once the unit's module tree has been walked; calls the
//! unit's own definitions do not answer are expanded with the macros its
//! direct dependencies export once every crate is parsed.
//!
//! Two forms. A zero-argument macro (`() => { items }`, no `$` in the body)
//! stands for its body as written: serde_core declares its whole API inside
//! `crate_root!()` and libc its `prelude` module inside `prelude!()`; those
//! items keep their positions in the body. Any other macro is run through
//! [`super::macro_rules`] (`impl_int!(u8, u16)`): its items are placed at
//! the call, the outermost one when calls nest, as rustc reports them.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::module_files::ModuleDir;
use crate::model::{NodeIdx, NodeKind, SourceRange};

/// A `macro_rules!` of the unit, as written in its file.
#[derive(Debug, Clone)]
pub struct MacroDef {
    pub name: String,
    /// The module the definition is written in, for choosing between
    /// definitions of one name.
    pub module_path: String,
    pub file: Arc<str>,
    pub abs_file: PathBuf,
    /// Line of the definition.
    pub line: u32,
    /// `#[macro_export]`: callable from the whole crate.
    pub exported: bool,
    /// The cfg it is defined under (syn defines `impl_parse_for_custom_keyword!`
    /// once under `feature = "parsing"` and once, empty, under its `not`).
    pub cfg: Option<Arc<str>>,
    pub body: MacroBody,
}

/// A definition and the module it can be called from without a path:
/// its own, or further out when the modules around it are declared
/// `#[macro_use]`; the crate root for `#[macro_export]`.
#[derive(Clone, Copy)]
pub struct Visible<'d> {
    pub at: usize,
    pub definition: &'d MacroDef,
    pub from_module: &'d str,
}

#[derive(Debug, Clone)]
pub enum MacroBody {
    /// `() => { body }`: the body's text and where its first character is.
    ZeroArgument { text: String, line: u32, col: u32 },
    /// The rules' tokens printed as text (tokens cannot cross threads).
    Rules(String),
}

impl MacroDef {
    /// The rules as text, whatever form the definition took.
    pub(super) fn rules_text(&self) -> String {
        match &self.body {
            MacroBody::ZeroArgument { text, .. } => format!("() => {{ {text} }}"),
            MacroBody::Rules(rules) => rules.clone(),
        }
    }
}

/// A `#[macro_export]` macro as other crates see it: its name and rules.
/// Kept in the incremental state, so a crate re-parsed next to carried
/// dependencies still expands their macros.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExportedMacro {
    pub name: String,
    pub rules: String,
}

/// Of the exported definitions of one name, only those the build compiles,
/// when `holds` (whether a cfg holds in this crate's build; `None`:
/// unknown) can tell: dependents would otherwise see several and call
/// none. The others stay definitions the crate's own calls may choose from.
pub fn keep_compiled_exports(definitions: &mut [MacroDef], holds: impl Fn(&str) -> Option<bool>) {
    let mut exported_by_name: HashMap<String, Vec<usize>> = HashMap::new();
    for (at, definition) in definitions.iter().enumerate() {
        if definition.exported {
            exported_by_name
                .entry(definition.name.clone())
                .or_default()
                .push(at);
        }
    }
    for alternatives in exported_by_name.values().filter(|ats| ats.len() > 1) {
        let compiled_out: Vec<usize> = alternatives
            .iter()
            .copied()
            .filter(|at| definitions[*at].cfg.as_deref().and_then(&holds) == Some(false))
            .collect();
        if compiled_out.len() < alternatives.len() {
            for at in compiled_out {
                definitions[at].exported = false;
            }
        }
    }
}

/// The macros a unit exports to its dependents.
pub fn exported_macros(definitions: &[MacroDef]) -> Vec<ExportedMacro> {
    let mut exported: Vec<ExportedMacro> = definitions
        .iter()
        .filter(|definition| definition.exported)
        .map(|definition| ExportedMacro {
            name: definition.name.clone(),
            rules: definition.rules_text(),
        })
        .collect();
    exported.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.rules.cmp(&b.rules)));
    exported.dedup();
    exported
}

/// A dependency's exported macros, and the name its crate goes by in the
/// calling crate (`$crate` in them is written as that name).
pub struct DependencyMacros<'d> {
    pub crate_name: &'d str,
    pub macros: &'d [ExportedMacro],
}

/// An item-level call `name!(…)` waiting for the unit's macro definitions.
#[derive(Debug, Clone)]
pub struct ExpansionRequest {
    pub name: String,
    /// The call's tokens printed as text; empty for `name!()`.
    pub args: String,
    pub scope_idx: NodeIdx,
    pub scope_path: String,
    pub module_path: String,
    pub cfg: Option<Arc<str>>,
    pub dir: Option<ModuleDir>,
    pub ancestors: Vec<PathBuf>,
    pub file: Arc<str>,
    pub abs_file: PathBuf,
    /// Where the call is written (the outermost call, for nested ones).
    pub call: SourceRange,
    /// For a call in an impl block or a trait: the block its members join.
    pub within: Option<Within>,
    /// For a call whose body was read as items: what that reading gave.
    pub read_as_items: Option<ReadBody>,
}

/// What reading a macro call's body as items gave (see
/// [`super::macro_items`]). Such a call is held back: most of these macros
/// pass their items through, and expanding them too would index every
/// item twice. It is expanded once its macro is known to rewrite what it
/// is handed (`pin_project!` adds projection types and `project()`
/// methods), and the expansion then adds only what the reading did not
/// give.
#[derive(Debug, Clone)]
pub struct ReadBody {
    /// Each node read from the body, as a hash of its kind and path;
    /// shared with the calls its expansion makes (a muncher's steps),
    /// which write those items in the end.
    nodes: Arc<HashSet<u64>>,
    /// The macro is known to rewrite its input: expand the call.
    pub released: bool,
}

impl ReadBody {
    pub fn new<'n>(nodes: impl Iterator<Item = (NodeKind, &'n str)>) -> Self {
        ReadBody {
            nodes: Arc::new(nodes.map(|(kind, path)| Self::key(kind, path)).collect()),
            released: false,
        }
    }

    /// Whether reading the body gave a node of this kind and path.
    pub fn gave(&self, kind: NodeKind, path: &str) -> bool {
        self.nodes.contains(&Self::key(kind, path))
    }

    /// What a call made by this call's expansion inherits: this body, and
    /// the call's own when it was read too; released, since the call is
    /// the rewriting macro's next step.
    pub fn handed_to(&self, nested: Option<&ReadBody>) -> ReadBody {
        let nodes = match nested {
            None => self.nodes.clone(),
            Some(own) => Arc::new(own.nodes.union(&self.nodes).copied().collect()),
        };
        ReadBody {
            nodes,
            released: true,
        }
    }

    /// `DefaultHasher::new()` has fixed keys: the same in every run.
    fn key(kind: NodeKind, path: &str) -> u64 {
        let mut hasher = DefaultHasher::new();
        kind.hash(&mut hasher);
        path.hash(&mut hasher);
        hasher.finish()
    }
}

impl ExpansionRequest {
    /// Whether the call waits for its macro to be known as one that
    /// rewrites its input.
    pub fn is_held(&self) -> bool {
        self.read_as_items
            .as_ref()
            .is_some_and(|read| !read.released)
    }
}

/// The block of members a call of a macro sits in.
#[derive(Debug, Clone)]
pub enum Within {
    Impl(IntoImpl),
    Trait(IntoTrait),
}

/// The trait a call of a macro sits in (`read_impl! { fn read_u8(&mut
/// self) -> ReadU8; }` writes tokio's `AsyncReadExt` methods).
#[derive(Debug, Clone)]
pub struct IntoTrait {
    pub trait_idx: NodeIdx,
    /// The trait's path, its members' parent.
    pub path: String,
    /// Its header as text (`pub trait AsyncReadExt: AsyncRead`).
    pub header: String,
}

/// The impl block a call of a macro sits in.
#[derive(Debug, Clone)]
pub struct IntoImpl {
    pub impl_idx: NodeIdx,
    /// The path its members are under.
    pub owner_path: String,
    /// Its header as text (`impl<T> Tr for S<T>`).
    pub header: String,
}

impl ExpansionRequest {
    /// The definition this call names: among those of its name, the one
    /// visible from the innermost module around the call, the latest
    /// before the call when one file has several; one visible from nowhere
    /// around the call only when it is the only one.
    pub fn choose<'d>(&self, candidates: &[Visible<'d>]) -> Option<Visible<'d>> {
        let encloses = |module: &str| {
            self.module_path == module
                || self
                    .module_path
                    .strip_prefix(module)
                    .is_some_and(|rest| rest.starts_with("::"))
        };
        let in_scope = candidates
            .iter()
            .copied()
            .filter(|visible| encloses(visible.from_module));
        let best = in_scope.max_by_key(|visible| {
            let def = visible.definition;
            let same_file_before = def.file == self.file && def.line <= self.call.line;
            (visible.from_module.len(), same_file_before, def.line)
        });
        match (best, candidates) {
            (Some(best), _) => Some(best),
            (None, [only]) => Some(*only),
            (None, _) => None,
        }
    }
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
