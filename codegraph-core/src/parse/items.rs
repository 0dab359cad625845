//! Extracts every item of one file into nodes and `contains` edges: modules,
//! functions, types and their members, impls, traits, uses, macros, foreign
//! items and items nested in function bodies. Outline `mod x;` declarations
//! come back as new [`FileJob`]s for the walker.

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::Arc;

use proc_macro2::{LineColumn, Span, TokenStream};
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::visit::Visit;
use syn::{
    Fields, ForeignItem, GenericParam, ImplItem, Item, TraitItem, Type, UseTree, Visibility,
};

use super::attrs::{
    annotation_attrs, cfg_attr_paths, docs, effective_cfg, has_attr, notable_attrs, own_cfgs,
    path_attr, requires_test, visibility, AnnotationAttr,
};
use super::derived;
use super::expand::{
    shift_range, zero_argument_body, ExpansionRequest, IntoImpl, IntoTrait, MacroBody, MacroDef,
    ReadBody, Within,
};
use super::extent::Extent;
use super::macro_items::{impl_items_in_macro, impl_items_in_text, items_in_macro, MacroItems};
use super::module_files::ModuleDir;
use super::old_editions::parse_repaired;
use super::passed_through;
use super::recovery::parse_items_leniently;
use super::sites::{
    bound_paths, self_type_parameters, type_path, value_type_path, written_return, written_type,
    MethodShape, OwnerSites, Site, SiteCollector, SiteKind, WrittenType, POINTER_MUT_TYPE,
    POINTER_TYPE, SLICE_TYPE,
};
use super::tokens::tokens_to_text;
use super::type_macros;
use super::{
    shown_path, AnnotationSite, ImplSite, ImportSite, ModuleFile, ParsedUnit, UnitContext, UnitSpec,
};
use crate::ids::{bytes_hash, content_hash, content_hash_of_text, IdCursor};
use crate::model::{
    Diagnostic, Edge, EdgeKind, FileRecord, Node, NodeIdx, NodeKind, Severity, SourceRange,
};
use crate::resolve::prelude::builtin_macro_path;

/// A file to parse as a module (or as the crate root).
#[derive(Debug, Clone)]
pub struct FileJob {
    pub candidates: Vec<(PathBuf, ModuleDir)>,
    /// `None` for the crate root.
    pub declaration: Option<ModuleDeclaration>,
    pub module_path: String,
    pub cfg: Option<Arc<str>>,
    /// Files of the enclosing modules, to stop `#[path]` cycles.
    pub ancestors: Vec<PathBuf>,
    /// A fallback that may legitimately not exist (the default file of a
    /// module whose every build picks a `cfg_attr` path): no file, no
    /// module, no diagnostic.
    pub optional: bool,
}

/// What the parent file said about an outline module: `pub mod x;`.
#[derive(Debug, Clone)]
pub struct ModuleDeclaration {
    pub parent: NodeIdx,
    pub name: String,
    pub vis: String,
    pub docs: Option<String>,
    pub attrs: Vec<String>,
    pub declared_in: Arc<str>,
    pub range: SourceRange,
}

impl FileJob {
    pub fn crate_root(spec: &UnitSpec) -> Self {
        FileJob {
            candidates: vec![(spec.root_file.clone(), ModuleDir::for_root(&spec.root_file))],
            declaration: None,
            module_path: spec.crate_name.clone(),
            cfg: None,
            ancestors: Vec::new(),
            optional: false,
        }
    }
}

/// Loads, parses and extracts one file; returns its nodes and the outline
/// modules it declares.
pub(super) fn process_file(context: &UnitContext<'_>, job: FileJob) -> (ParsedUnit, Vec<FileJob>) {
    let spec = context.spec;
    let mut out = ParsedUnit::default();
    let mut cursor = context.allocator.cursor();

    let loaded = load_first_candidate(context, &job.candidates);
    let (file_path, module_dir, text) = match loaded {
        Ok(found) => found,
        Err(reason) => {
            for (candidate, _) in &job.candidates {
                out.graph.files.push(FileRecord {
                    path: shown_path(spec, candidate),
                    abs_path: candidate.clone(),
                    crate_id: spec.crate_id,
                    root: spec.display.root,
                    hash: None,
                    bytes: 0,
                    lines: 0,
                    error: Some("not found".to_string()),
                });
            }
            if job.optional {
                return (out, Vec::new());
            }
            let module = module_node_without_file(spec, &job, &mut cursor, &mut out);
            if let Some(declaration) = &job.declaration {
                // Packages are often published without their test files, and
                // a test-only module is not compiled for anyone else.
                let test_only = job.cfg.as_deref().is_some_and(requires_test);
                let (severity, note) = if test_only {
                    (
                        Severity::Warning,
                        " (a test-only module: not compiled outside its tests)",
                    )
                } else {
                    (Severity::Error, "")
                };
                out.graph.diagnostics.push(Diagnostic {
                    crate_id: spec.crate_id,
                    file: declaration.declared_in.clone(),
                    line: declaration.range.line,
                    col: declaration.range.col,
                    severity,
                    code: "missing-module-file",
                    message: format!("module `{}`: {reason}{note}", job.module_path),
                });
            } else {
                let shown = shown_path(spec, &spec.root_file);
                out.graph.diagnostics.push(Diagnostic {
                    crate_id: spec.crate_id,
                    file: shown,
                    line: 1,
                    col: 1,
                    severity: Severity::Error,
                    code: "unreadable-file",
                    message: format!("crate root: {reason}"),
                });
            }
            let _ = module;
            return (out, Vec::new());
        }
    };

    let shown = shown_path(spec, &file_path);
    let line_count = count_lines(&text);
    (context.on_file)(line_count as u64);
    out.graph.lines += line_count as u64;
    let mut file_record = FileRecord {
        path: shown.clone(),
        abs_path: file_path.clone(),
        crate_id: spec.crate_id,
        root: spec.display.root,
        hash: Some(crate::ids::bytes_hash(text.as_bytes())),
        bytes: text.len() as u64,
        lines: line_count,
        error: None,
    };

    let whole_file = SourceRange {
        line: 1,
        col: 1,
        end_line: line_count.max(1),
        end_col: last_line_width(&text),
    };

    let mut children = Vec::new();
    let parsed = syn::parse_file(&text).or_else(|error| {
        // Old editions' syntax that syn rejects is repaired where syn stops;
        // `parse_file`'s own error is the one reported if that fails too.
        text.parse::<TokenStream>()
            .ok()
            .and_then(|tokens| parse_repaired::<syn::File>(tokens, spec.edition))
            .ok_or(error)
    });
    match parsed {
        Ok(file) => {
            let _own_wrappers =
                super::own_wrappers::enter_file(&file, super::sites::TRANSPARENT_WRAPPERS);
            let mut extractor = Extractor {
                spec,
                file: shown.clone(),
                cursor: &mut cursor,
                out: &mut out,
                pending: &mut children,
                ancestors: &job.ancestors,
                this_file: &file_path,
                macro_origin: None,
                source: &text,
            };
            // `#![cfg(test)]` at the top of a module's file applies to the
            // module as if written on its `mod` declaration.
            let file_cfg = effective_cfg(job.cfg.as_ref(), own_cfgs(&file.attrs));
            let module_idx = extractor.file_module(&job, whole_file, &file.attrs, &file_cfg);
            out.module_files.push(ModuleFile {
                module_idx,
                file: file_path.clone(),
            });
            let mut extractor = Extractor {
                spec,
                file: shown.clone(),
                cursor: &mut cursor,
                out: &mut out,
                pending: &mut children,
                ancestors: &job.ancestors,
                this_file: &file_path,
                macro_origin: None,
                source: &text,
            };
            let scope = Scope {
                idx: module_idx,
                path: job.module_path.clone(),
                module_path: job.module_path.clone(),
                cfg: file_cfg,
                dir: Some(module_dir),
            };
            extractor.items(&scope, file.items.iter());
        }
        Err(error) => {
            let recovered = parse_items_leniently(&text, spec.edition);
            let errors = match &recovered {
                Some(recovered) => recovered.errors.clone(),
                None => vec![error],
            };
            for error in &errors {
                let start = error.span().start();
                let mut message = error.to_string();
                if message == "cannot parse string into token stream" {
                    // proc-macro2's lexer error names no cause; this is what it means.
                    message.push_str(" (unbalanced delimiter or malformed token)");
                }
                if file_record.error.is_none() {
                    file_record.error =
                        Some(format!("{}:{}: {message}", start.line, start.column + 1));
                }
                out.graph.diagnostics.push(Diagnostic {
                    crate_id: spec.crate_id,
                    file: shown.clone(),
                    line: start.line as u32,
                    col: start.column as u32 + 1,
                    severity: Severity::Error,
                    code: "parse-error",
                    message,
                });
            }
            let mut extractor = Extractor {
                spec,
                file: shown.clone(),
                cursor: &mut cursor,
                out: &mut out,
                pending: &mut children,
                ancestors: &job.ancestors,
                this_file: &file_path,
                macro_origin: None,
                source: &text,
            };
            let module_idx = extractor.file_module(&job, whole_file, &[], &job.cfg);
            if let Some(recovered) = &recovered {
                let scope = Scope {
                    idx: module_idx,
                    path: job.module_path.clone(),
                    module_path: job.module_path.clone(),
                    cfg: job.cfg.clone(),
                    dir: Some(module_dir),
                };
                extractor.items(&scope, recovered.items.iter());
            }
            out.module_files.push(ModuleFile {
                module_idx,
                file: file_path.clone(),
            });
        }
    }
    out.graph.files.push(file_record);
    // Spans of this file are no longer needed; free proc-macro2's per-thread
    // source map so memory does not grow with every file parsed.
    proc_macro2::extra::invalidate_current_thread_spans();
    (out, children)
}

/// Where the items of an expansion are shown.
pub(super) enum Placement {
    /// A zero-argument macro's body: spans count from the body's first
    /// character, at this line and column of the definition's file.
    Body { line: u32, col: u32 },
    /// Tokens a macro assembled: every item at the call.
    Call(SourceRange),
}

impl Placement {
    fn place(&self, range: &mut SourceRange) {
        match self {
            Placement::Body { line, col } => shift_range(range, *line, *col),
            Placement::Call(call) => *range = *call,
        }
    }
}

/// Extracts the items of an expansion (`source`, the text the macro stands
/// for) into the scope of the call, with positions placed by `placement`.
/// With `expand_type`, macro calls in type position are first replaced by
/// the types they stand for (see [`type_macros`]). For a call in an impl
/// block, also returns the members it added there. Ids come from `cursor`,
/// one for all of a unit's expansions: a block per expansion would leave
/// most of each block unused.
pub(super) fn extract_expansion(
    context: &UnitContext<'_>,
    cursor: &mut IdCursor<'_>,
    request: &ExpansionRequest,
    source: &str,
    (file, abs_file): (Arc<str>, &PathBuf),
    placement: &Placement,
    expand_type: Option<&mut type_macros::ExpandCall<'_>>,
) -> (ParsedUnit, Vec<FileJob>, Vec<NodeIdx>) {
    let mut out = ParsedUnit::default();
    let mut children = Vec::new();
    let mut added_members = Vec::new();
    // Members of a trait are parsed, and read, as the whole trait.
    let in_trait;
    let source = match &request.within {
        Some(Within::Trait(into)) => {
            in_trait = format!("{} {{\n{source}\n}}", into.header);
            in_trait.as_str()
        }
        _ => source,
    };
    let parse = |source: &str| match &request.within {
        None => syn::parse_file(source)
            .ok()
            .map(|file| Expanded::Items(file.items)),
        Some(Within::Impl(into)) => impl_items_in_text(source).and_then(|members| {
            let header = Box::new(syn::parse_str(&format!("{} {{}}", into.header)).ok()?);
            Some(Expanded::Members(into, header, members))
        }),
        Some(Within::Trait(into)) => syn::parse_str(source)
            .ok()
            .map(|item| Expanded::Trait(into, Box::new(item))),
    };
    let Some(mut parsed) = parse(source) else {
        proc_macro2::extra::invalidate_current_thread_spans();
        return (out, children, added_members);
    };
    let mut source = Cow::Borrowed(source);
    let mut replaced = Vec::new();
    if let Some(expand_type) = expand_type {
        for _ in 0..type_macros::PASSES {
            let tree = match &parsed {
                Expanded::Items(items) => type_macros::Tree::Items(items),
                Expanded::Members(_, _, members) => type_macros::Tree::Members(members),
                Expanded::Trait(..) => break,
            };
            let mut replaced_now = replaced.clone();
            let Some(rewritten) =
                type_macros::rewrite(&source, tree, expand_type, &mut replaced_now)
            else {
                break;
            };
            let Some(reparsed) = parse(&rewritten) else {
                break;
            };
            (source, parsed, replaced) = (Cow::Owned(rewritten), reparsed, replaced_now);
        }
    }
    let source = source.as_ref();
    let origin = format!("{}!", request.name);
    let mut extractor = Extractor {
        spec: context.spec,
        file,
        cursor,
        out: &mut out,
        pending: &mut children,
        ancestors: &request.ancestors,
        this_file: abs_file,
        macro_origin: Some(origin),
        source,
    };
    let scope = Scope {
        idx: request.scope_idx,
        path: request.scope_path.clone(),
        module_path: request.module_path.clone(),
        cfg: request.cfg.clone(),
        dir: request.dir.clone(),
    };
    match &parsed {
        Expanded::Items(items) => extractor.items(&scope, items.iter()),
        Expanded::Members(into, header, members) => {
            let site = extractor.impl_body(
                &scope,
                header,
                members,
                (into.impl_idx, &into.owner_path, &into.header),
                request.cfg.clone(),
            );
            added_members = site.members;
        }
        Expanded::Trait(into, item) => {
            let members = TraitMembers {
                trait_idx: into.trait_idx,
                path: &into.path,
                cfg: &request.cfg,
            };
            extractor.trait_members(&scope, item, &members);
        }
    }
    record_replaced_calls(&mut out, source, &replaced, &scope);
    for node in &mut out.graph.nodes {
        placement.place(&mut node.range);
    }
    for owner in &mut out.sites {
        for site in &mut owner.sites {
            let mut at = SourceRange {
                line: site.line,
                col: site.col,
                end_line: site.line,
                end_col: site.col,
            };
            placement.place(&mut at);
            site.line = at.line;
            site.col = at.col;
        }
    }
    for job in &mut children {
        if let Some(declaration) = &mut job.declaration {
            placement.place(&mut declaration.range);
        }
    }
    for nested in &mut out.expansions {
        placement.place(&mut nested.call);
    }
    for definition in &mut out.macro_defs {
        let mut at = SourceRange {
            line: definition.line,
            col: 1,
            end_line: definition.line,
            end_col: 1,
        };
        placement.place(&mut at);
        definition.line = at.line;
    }
    proc_macro2::extra::invalidate_current_thread_spans();
    (out, children, added_members)
}

/// Each macro call a type-position rewrite replaced becomes a macro-call
/// site of the innermost item holding it, so the `invokes_macro` edge the
/// call gave before it was expanded stays. Ranges are the text's, before
/// placement (a node's range starts at its name; a type in it comes after).
fn record_replaced_calls(
    out: &mut ParsedUnit,
    source: &str,
    replaced: &[type_macros::Replaced],
    scope: &Scope,
) {
    for call in replaced {
        let Some(before) = source.get(..call.at) else {
            continue;
        };
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |at| at + 1);
        let col = before[line_start..].chars().count() as u32 + 1;
        let holds = |range: &SourceRange| {
            (range.line, range.col) <= (line, col) && (line, col) <= (range.end_line, range.end_col)
        };
        let Some(owner) = out
            .graph
            .nodes
            .iter()
            .filter(|node| holds(&node.range))
            .max_by_key(|node| (node.range.line, node.range.col))
            .map(|node| node.idx)
        else {
            continue;
        };
        let site = Site {
            kind: SiteKind::MacroCall,
            path: call.path.clone(),
            qself_trait: None,
            receiver: None,
            args: 0,
            line,
            col,
        };
        match out.sites.iter_mut().find(|sites| sites.owner == owner) {
            Some(sites) => sites.sites.push(site),
            None => out.sites.push(OwnerSites {
                owner,
                scope_path: scope.path.clone(),
                module_path: scope.module_path.clone(),
                self_type: None,
                declared_type: None,
                declared_unwrapped: None,
                declared_unwrapped_twice: None,
                declared_smart_pointer: None,
                declared_tuple: None,
                declared_type_args: Vec::new(),
                declared_owner_param: None,
                declared_unwrapped_owner_param: None,
                closure_inputs: Vec::new(),
                sites: vec![site],
                bounds: Vec::new(),
            }),
        }
    }
}

/// What an expansion's text parses as: items of a module, or members of
/// the impl (its header re-parsed) whose block holds the call.
enum Expanded<'r> {
    Items(Vec<Item>),
    Members(&'r IntoImpl, Box<syn::ItemImpl>, Vec<ImplItem>),
    Trait(&'r IntoTrait, Box<syn::ItemTrait>),
}

fn load_first_candidate(
    context: &UnitContext<'_>,
    candidates: &[(PathBuf, ModuleDir)],
) -> Result<(PathBuf, ModuleDir, String), String> {
    let mut reasons = Vec::new();
    for (path, dir) in candidates {
        match context.loader.load(path) {
            Ok(text) => return Ok((path.clone(), dir.clone(), text)),
            Err(error) => reasons.push(format!("{}: {error}", path.display())),
        }
    }
    Err(match candidates.len() {
        1 => format!("cannot read {}", reasons.join("")),
        _ => format!("no file found ({})", reasons.join("; ")),
    })
}

fn module_node_without_file(
    spec: &UnitSpec,
    job: &FileJob,
    cursor: &mut IdCursor<'_>,
    out: &mut ParsedUnit,
) -> NodeIdx {
    let (file, range) = match &job.declaration {
        Some(declaration) => (declaration.declared_in.clone(), declaration.range),
        None => (shown_path(spec, &spec.root_file), SourceRange::default()),
    };
    let mut throwaway = Vec::new();
    let this_file = PathBuf::new();
    let mut extractor = Extractor {
        spec,
        file,
        cursor,
        out,
        pending: &mut throwaway,
        ancestors: &job.ancestors,
        this_file: &this_file,
        macro_origin: None,
        source: "",
    };
    extractor.file_module(job, range, &[], &job.cfg)
}

/// The trait node members are read into, its path and effective cfg.
#[derive(Clone, Copy)]
struct TraitMembers<'t> {
    trait_idx: NodeIdx,
    path: &'t str,
    cfg: &'t Option<Arc<str>>,
}

/// A trait's header without attributes or body (`pub trait Ext<T>: Base
/// where T: Copy`), to rebuild the trait around a macro's expansion.
fn trait_header(item: &syn::ItemTrait) -> String {
    let (vis, unsafety, auto, ident, generics, colon, supertraits, where_clause) = (
        &item.vis,
        &item.unsafety,
        &item.auto_token,
        &item.ident,
        &item.generics,
        &item.colon_token,
        &item.supertraits,
        &item.generics.where_clause,
    );
    tokens_to_text(
        quote!(#vis #unsafety #auto trait #ident #generics #colon #supertraits #where_clause),
    )
}

/// The cfg of items read from the body of the macro call `mac` made under
/// `cfg`: whether they exist is also the macro's to say (`cfg_net!` writes
/// `#[cfg(feature = "net")]`), which the unit settles once its macro
/// definitions are known (see [`passed_through`]).
fn handed_to_macro(cfg: &Option<Arc<str>>, mac: &syn::Macro) -> Option<Arc<str>> {
    let via = mac
        .path
        .segments
        .last()
        .map(|segment| passed_through::placeholder(&ident_name(&segment.ident)));
    effective_cfg(cfg.as_ref(), via.into_iter().collect())
}

fn count_lines(text: &str) -> u32 {
    let newlines = text.bytes().filter(|b| *b == b'\n').count();
    let trailing = usize::from(!text.is_empty() && !text.ends_with('\n'));
    (newlines + trailing) as u32
}

fn last_line_width(text: &str) -> u32 {
    let trimmed = text.trim_end_matches(['\n', '\r']);
    let last = trimmed.rsplit('\n').next().unwrap_or("");
    (last.chars().count() as u32).max(1)
}

/// What the members of one impl block share.
struct ImplContext<'a> {
    impl_idx: NodeIdx,
    owner_path: &'a str,
    /// The impl's header as text (`impl<T> Tr for S<T>`), for members a
    /// macro call in the block expands to.
    header: &'a str,
    cfg: &'a Option<Arc<str>>,
    scope: &'a Scope,
    member_scope: &'a Scope,
    member_self: &'a Option<Vec<String>>,
    impl_generics: &'a [String],
    impl_syn_generics: &'a syn::Generics,
    impl_self_type: &'a Type,
    /// The impl's parameters by their place in the self type's arguments
    /// (see [`self_type_parameters`]).
    self_params: &'a [String],
}

/// One way an outline module may be loaded: its cfg and candidate files.
type ModuleAlternative = (Option<Arc<str>>, Vec<(PathBuf, ModuleDir)>, bool);

/// Where items are being declared.
#[derive(Clone)]
struct Scope {
    idx: NodeIdx,
    /// Path of the enclosing item: a module, or a fn for fn-local items.
    path: String,
    /// Path of the enclosing module.
    module_path: String,
    cfg: Option<Arc<str>>,
    /// `None` inside fn bodies, where `mod x;` is not allowed.
    dir: Option<ModuleDir>,
}

impl Scope {
    fn child_path(&self, name: &str) -> String {
        format!("{}::{}", self.path, name)
    }
}

/// Everything a node needs besides what the extractor already knows.
struct Draft {
    kind: NodeKind,
    name: String,
    path: String,
    range: SourceRange,
    vis: String,
    signature: Option<String>,
    docs: Option<String>,
    attrs: Vec<String>,
    content_hash: [u8; 16],
    cfg: Option<Arc<str>>,
    disambiguator: String,
    annotations: Vec<AnnotationAttr>,
}

struct Extractor<'a, 'c> {
    spec: &'a UnitSpec,
    file: Arc<str>,
    cursor: &'a mut IdCursor<'c>,
    out: &'a mut ParsedUnit,
    pending: &'a mut Vec<FileJob>,
    ancestors: &'a [PathBuf],
    this_file: &'a PathBuf,
    /// Set while extracting items written inside a macro call.
    macro_origin: Option<String>,
    /// The text the spans point into (for macro bodies kept as text).
    source: &'a str,
}

impl Extractor<'_, '_> {
    /// The item's end and content hash, from its text in the source. Spans
    /// that do not point into the source (tokens a macro made up) fall
    /// back to the item's tokens.
    fn text_of<T: Extent + ToTokens>(&self, item: &T) -> ItemText {
        let last = item.last_token();
        let range = item.first_token().byte_range().start..last.byte_range().end;
        match self.source.get(range) {
            Some(text) if !text.is_empty() => ItemText {
                end: Some(last.end()),
                content_hash: content_hash_of_text(text),
            },
            _ => {
                let tokens = item.to_token_stream();
                ItemText {
                    end: tokens
                        .clone()
                        .into_iter()
                        .last()
                        .map(|tree| tree.span().end()),
                    content_hash: content_hash(&tokens),
                }
            }
        }
    }

    fn push(&mut self, parent: Option<NodeIdx>, draft: Draft) -> NodeIdx {
        let idx = self.cursor.next_idx();
        for attr in &draft.annotations {
            self.out.annotations.push(AnnotationSite {
                node: idx,
                attr: attr.clone(),
            });
        }
        self.out.graph.nodes.push(Node {
            idx,
            id: uuid::Uuid::nil(),
            crate_id: self.spec.crate_id,
            kind: draft.kind,
            name: draft.name,
            path: draft.path,
            file: self.file.clone(),
            range: draft.range,
            vis: draft.vis,
            signature: draft.signature,
            docs: draft.docs,
            attrs: draft.attrs,
            content_hash: draft.content_hash,
            cfg: draft.cfg,
            disambiguator: draft.disambiguator,
        });
        if let Some(parent) = parent {
            self.out
                .graph
                .edges
                .push(Edge::exact(parent, idx, EdgeKind::Contains));
        }
        idx
    }

    /// The node of a file-backed module (or the crate). Its content hash is
    /// filled in later from its children (a Merkle hash).
    fn file_module(
        &mut self,
        job: &FileJob,
        range: SourceRange,
        inner_attrs: &[syn::Attribute],
        cfg: &Option<Arc<str>>,
    ) -> NodeIdx {
        let inner_docs = docs(inner_attrs);
        match &job.declaration {
            None => self.push(
                None,
                Draft {
                    kind: NodeKind::Crate,
                    name: self.spec.crate_name.clone(),
                    path: self.spec.crate_name.clone(),
                    range,
                    vis: "pub".to_string(),
                    signature: None,
                    docs: inner_docs,
                    attrs: notable_attrs(inner_attrs),
                    content_hash: [0; 16],
                    cfg: None,
                    disambiguator: String::new(),
                    annotations: Vec::new(),
                },
            ),
            Some(declaration) => {
                let docs = match (&declaration.docs, inner_docs) {
                    (Some(outer), Some(inner)) => Some(format!("{outer}\n{inner}")),
                    (outer, inner) => outer.clone().or(inner),
                };
                let mut attrs = declaration.attrs.clone();
                attrs.extend(notable_attrs(inner_attrs));
                let signature = format!("{}mod {}", vis_prefix(&declaration.vis), declaration.name);
                self.push(
                    Some(declaration.parent),
                    Draft {
                        kind: NodeKind::Module,
                        name: declaration.name.clone(),
                        path: job.module_path.clone(),
                        range,
                        vis: declaration.vis.clone(),
                        signature: Some(signature),
                        docs,
                        attrs,
                        content_hash: [0; 16],
                        cfg: cfg.clone(),
                        disambiguator: String::new(),
                        annotations: Vec::new(),
                    },
                )
            }
        }
    }

    /// Keeps what an item mentions, with the scope it must be resolved in.
    fn record_sites(
        &mut self,
        owner: NodeIdx,
        scope: &Scope,
        self_type: Option<Vec<String>>,
        declared: Option<WrittenType>,
        mut collector: SiteCollector<'_>,
    ) {
        let closure_inputs = std::mem::take(&mut collector.closure_inputs);
        let (sites, bounds) = collector.finish();
        if sites.is_empty() && declared.is_none() && closure_inputs.is_empty() {
            return;
        }
        let declared_smart_pointer = declared.as_ref().and_then(|written| written.smart_pointer);
        let declared_owner_param = declared.as_ref().and_then(|written| written.owner_param);
        let declared_unwrapped_owner_param = declared
            .as_ref()
            .and_then(|written| written.unwrapped_owner_param);
        let (
            declared_type,
            declared_unwrapped,
            declared_unwrapped_twice,
            declared_tuple,
            declared_type_args,
        ) = match declared {
            Some(written) => (
                written.path,
                written.unwrapped,
                written.unwrapped_twice,
                written.tuple,
                written.type_args,
            ),
            None => (None, None, None, None, Vec::new()),
        };
        self.out.sites.push(OwnerSites {
            owner,
            scope_path: scope.path.clone(),
            module_path: scope.module_path.clone(),
            self_type,
            declared_type,
            declared_unwrapped,
            declared_unwrapped_twice,
            declared_smart_pointer,
            declared_tuple,
            declared_type_args,
            declared_owner_param,
            declared_unwrapped_owner_param,
            closure_inputs,
            sites,
            bounds,
        });
    }

    fn items<'i>(&mut self, scope: &Scope, items: impl Iterator<Item = &'i Item>) {
        for item in items {
            self.item(scope, item);
        }
    }

    fn item(&mut self, scope: &Scope, item: &Item) {
        match item {
            Item::Const(item) => {
                let text = self.text_of(item);
                let (vis, ident, ty, expr) = (&item.vis, &item.ident, &item.ty, &item.expr);
                let signature = with_short_value(quote!(#vis const #ident: #ty), expr);
                let (idx, path, cfg) = self.declare(
                    scope,
                    NodeKind::Const,
                    &item.ident,
                    &item.vis,
                    &item.attrs,
                    &text,
                    signature,
                );
                let mut collector = SiteCollector::new(&[]);
                collector.ty(&item.ty);
                collector.expr(expr);
                self.record_sites(idx, scope, None, written_type(&item.ty), collector);
                self.nested_in_initializer(scope, idx, path, cfg, expr, NestedItems::in_const());
            }
            Item::Static(item) => {
                let text = self.text_of(item);
                let (vis, mutability, ident, ty) =
                    (&item.vis, &item.mutability, &item.ident, &item.ty);
                let signature = tokens_to_text(quote!(#vis static #mutability #ident: #ty));
                let (idx, path, cfg) = self.declare(
                    scope,
                    NodeKind::Static,
                    &item.ident,
                    &item.vis,
                    &item.attrs,
                    &text,
                    signature,
                );
                let mut collector = SiteCollector::new(&[]);
                collector.ty(&item.ty);
                collector.expr(&item.expr);
                self.record_sites(idx, scope, None, written_type(&item.ty), collector);
                let finder = NestedItems::default();
                self.nested_in_initializer(scope, idx, path, cfg, &item.expr, finder);
            }
            Item::Fn(item) => self.function(scope, item),
            Item::Struct(item) => {
                let text = self.text_of(item);
                let (vis, ident, generics, where_clause) = (
                    &item.vis,
                    &item.ident,
                    &item.generics,
                    &item.generics.where_clause,
                );
                let signature = match &item.fields {
                    Fields::Unnamed(fields) => {
                        tokens_to_text(quote!(#vis struct #ident #generics #fields #where_clause))
                    }
                    _ => tokens_to_text(quote!(#vis struct #ident #generics #where_clause)),
                };
                let (idx, path, cfg) = self.declare(
                    scope,
                    NodeKind::Struct,
                    &item.ident,
                    &item.vis,
                    &item.attrs,
                    &text,
                    signature,
                );
                let generics = generic_names(&item.generics, &[]);
                self.type_sites(idx, scope, &generics, &item.generics, &item.attrs);
                self.fields(idx, &path, &cfg, &item.fields, scope, &generics);
                self.derived_impls(scope, &item.ident, &item.generics, &item.attrs, &text, &cfg);
            }
            Item::Union(item) => {
                let text = self.text_of(item);
                let (vis, ident, generics, where_clause) = (
                    &item.vis,
                    &item.ident,
                    &item.generics,
                    &item.generics.where_clause,
                );
                let signature = tokens_to_text(quote!(#vis union #ident #generics #where_clause));
                let (idx, path, cfg) = self.declare(
                    scope,
                    NodeKind::Union,
                    &item.ident,
                    &item.vis,
                    &item.attrs,
                    &text,
                    signature,
                );
                let generics = generic_names(&item.generics, &[]);
                self.type_sites(idx, scope, &generics, &item.generics, &item.attrs);
                self.fields(
                    idx,
                    &path,
                    &cfg,
                    &Fields::Named(item.fields.clone()),
                    scope,
                    &generics,
                );
                self.derived_impls(scope, &item.ident, &item.generics, &item.attrs, &text, &cfg);
            }
            Item::Enum(item) => {
                let text = self.text_of(item);
                let (vis, ident, generics, where_clause) = (
                    &item.vis,
                    &item.ident,
                    &item.generics,
                    &item.generics.where_clause,
                );
                let signature = tokens_to_text(quote!(#vis enum #ident #generics #where_clause));
                let (enum_idx, path, cfg) = self.declare(
                    scope,
                    NodeKind::Enum,
                    &item.ident,
                    &item.vis,
                    &item.attrs,
                    &text,
                    signature,
                );
                let generics = generic_names(&item.generics, &[]);
                self.type_sites(enum_idx, scope, &generics, &item.generics, &item.attrs);
                for variant in &item.variants {
                    let variant_name = ident_name(&variant.ident);
                    let variant_path = format!("{path}::{variant_name}");
                    let variant_text = self.text_of(variant);
                    let (variant_ident, fields) = (&variant.ident, &variant.fields);
                    let discriminant = variant
                        .discriminant
                        .as_ref()
                        .map(|(eq, expr)| quote!(#eq #expr));
                    let signature = tokens_to_text(quote!(#variant_ident #fields #discriminant));
                    let variant_cfg = effective_cfg(cfg.as_ref(), own_cfgs(&variant.attrs));
                    let variant_idx = self.push(
                        Some(enum_idx),
                        self.draft(
                            NodeKind::Variant,
                            variant_name,
                            variant_path.clone(),
                            variant.ident.span(),
                            &variant_text,
                            &Visibility::Inherited,
                            signature,
                            &variant.attrs,
                            variant_cfg.clone(),
                        ),
                    );
                    self.fields(
                        variant_idx,
                        &variant_path,
                        &variant_cfg,
                        &variant.fields,
                        scope,
                        &generics,
                    );
                }
                self.derived_impls(scope, &item.ident, &item.generics, &item.attrs, &text, &cfg);
            }
            Item::Trait(item) => self.trait_item(scope, item),
            Item::TraitAlias(item) => {
                let text = self.text_of(item);
                let signature = tokens_to_text(strip_attrs_and_body(&item.to_token_stream()));
                self.declare(
                    scope,
                    NodeKind::Trait,
                    &item.ident,
                    &item.vis,
                    &item.attrs,
                    &text,
                    signature,
                );
            }
            Item::Impl(item) => self.impl_item(scope, item),
            Item::Type(item) => {
                let text = self.text_of(item);
                let (vis, ident, generics, where_clause, ty) = (
                    &item.vis,
                    &item.ident,
                    &item.generics,
                    &item.generics.where_clause,
                    &item.ty,
                );
                let signature =
                    tokens_to_text(quote!(#vis type #ident #generics #where_clause = #ty));
                let (idx, _, _) = self.declare(
                    scope,
                    NodeKind::TypeAlias,
                    &item.ident,
                    &item.vis,
                    &item.attrs,
                    &text,
                    signature,
                );
                let generics = generic_names(&item.generics, &[]);
                let mut collector = SiteCollector::new(&generics);
                collector.generics(&item.generics);
                collector.ty(&item.ty);
                let written =
                    written_type(&item.ty).map(|written| written.of_alias(&item.ty, &generics));
                self.record_sites(idx, scope, None, written, collector);
            }
            Item::Mod(item) => self.module(scope, item),
            Item::Use(item) => self.use_item(scope, item),
            Item::ExternCrate(item) => {
                let name = match &item.rename {
                    Some((_, rename)) => ident_name(rename),
                    None => ident_name(&item.ident),
                };
                let path = scope.child_path(&name);
                let text = self.text_of(item);
                let signature = tokens_to_text(strip_attrs_and_body(&item.to_token_stream()));
                let cfg = effective_cfg(scope.cfg.as_ref(), own_cfgs(&item.attrs));
                let name_span = item
                    .rename
                    .as_ref()
                    .map(|(_, rename)| rename.span())
                    .unwrap_or(item.ident.span());
                let idx = self.push(
                    Some(scope.idx),
                    self.draft(
                        NodeKind::ExternCrate,
                        name.clone(),
                        path,
                        name_span,
                        &text,
                        &item.vis,
                        signature,
                        &item.attrs,
                        cfg,
                    ),
                );
                let target = ident_name(&item.ident);
                self.out.imports.push(ImportSite {
                    use_idx: idx,
                    scope_path: scope.path.clone(),
                    module_path: scope.module_path.clone(),
                    bound_name: name,
                    target: vec![if target == "self" {
                        self.spec.crate_name.clone()
                    } else {
                        target
                    }],
                    is_glob: false,
                    is_pub: !matches!(item.vis, Visibility::Inherited),
                });
            }
            Item::Macro(item) => {
                let text = self.text_of(item);
                let cfg = effective_cfg(scope.cfg.as_ref(), own_cfgs(&item.attrs));
                match &item.ident {
                    Some(ident) if item.mac.path.is_ident("macro_rules") => {
                        let name = ident_name(ident);
                        // `#[macro_export]` puts the macro at the crate root
                        // wherever it is written.
                        let exported = has_attr(&item.attrs, "macro_export");
                        let path = if exported {
                            format!("{}::{name}", self.spec.crate_name)
                        } else {
                            scope.child_path(&name)
                        };
                        let signature = format!("macro_rules! {name}");
                        let body = match zero_argument_body(&item.mac.tokens, self.source) {
                            Some((text, line, col)) => MacroBody::ZeroArgument { text, line, col },
                            None => MacroBody::Rules(item.mac.tokens.to_string()),
                        };
                        self.out.macro_defs.push(MacroDef {
                            name: name.clone(),
                            module_path: scope.module_path.clone(),
                            file: self.file.clone(),
                            abs_file: self.this_file.clone(),
                            line: ident.span().start().line as u32,
                            exported,
                            cfg: cfg.clone(),
                            body,
                        });
                        self.push(
                            Some(scope.idx),
                            self.draft(
                                NodeKind::Macro,
                                name,
                                path,
                                ident.span(),
                                &text,
                                &Visibility::Inherited,
                                signature,
                                &item.attrs,
                                cfg,
                            ),
                        );
                    }
                    _ => {
                        self.macro_call(scope, &item.mac, &text, &item.attrs, cfg.clone());
                        // A body read as items is expanded only if its macro
                        // turns out to rewrite it, and then only for what the
                        // reading did not give (see `ReadBody`).
                        let read_as_items =
                            self.items_in_macro_body(scope, &item.mac, &text, cfg.clone());
                        if !read_as_items {
                            // `crate_root!();`, `impl_int!(u8, u16);`: maybe a
                            // macro of this crate.
                            let args = item.mac.tokens.to_string();
                            self.request_expansion(scope, &item.mac, &text, cfg, args, None, None);
                        }
                    }
                }
            }
            Item::ForeignMod(item) => {
                let block_cfg = effective_cfg(scope.cfg.as_ref(), own_cfgs(&item.attrs));
                let abi = &item.abi;
                for foreign in &item.items {
                    self.foreign_item(scope, &block_cfg, abi, foreign);
                }
            }
            // Tokens syn could not classify (unstable syntax): nothing to name.
            Item::Verbatim(_) => {}
            _ => {}
        }
    }

    /// Declares an item named by `ident` in `scope`, the shape most items
    /// share; returns its index, path and effective cfg.
    #[allow(clippy::too_many_arguments)]
    fn declare(
        &mut self,
        scope: &Scope,
        kind: NodeKind,
        ident: &proc_macro2::Ident,
        vis: &Visibility,
        attrs: &[syn::Attribute],
        text: &ItemText,
        signature: String,
    ) -> (NodeIdx, String, Option<Arc<str>>) {
        let name = ident_name(ident);
        let path = scope.child_path(&name);
        let cfg = effective_cfg(scope.cfg.as_ref(), own_cfgs(attrs));
        let draft = self.draft(
            kind,
            name,
            path.clone(),
            ident.span(),
            text,
            vis,
            signature,
            attrs,
            cfg.clone(),
        );
        let idx = self.push(Some(scope.idx), draft);
        (idx, path, cfg)
    }

    #[allow(clippy::too_many_arguments)]
    fn draft(
        &self,
        kind: NodeKind,
        name: String,
        path: String,
        name_span: Span,
        text: &ItemText,
        vis: &Visibility,
        signature: String,
        attrs: &[syn::Attribute],
        cfg: Option<Arc<str>>,
    ) -> Draft {
        let mut notable = notable_attrs(attrs);
        if let Some(origin) = &self.macro_origin {
            notable.push(format!("from_macro({origin})"));
        }
        Draft {
            kind,
            name,
            path,
            range: range_of(name_span, text),
            vis: visibility(vis),
            signature: (!signature.is_empty()).then_some(signature),
            docs: docs(attrs),
            attrs: notable,
            content_hash: text.content_hash,
            cfg,
            disambiguator: String::new(),
            annotations: annotation_attrs(attrs),
        }
    }

    fn function(&mut self, scope: &Scope, item: &syn::ItemFn) {
        let text = self.text_of(item);
        let (vis, sig) = (&item.vis, &item.sig);
        let mut signature = tokens_to_text(quote!(#vis #sig));
        let cfg = effective_cfg(scope.cfg.as_ref(), own_cfgs(&item.attrs));
        let (kind, name) = match proc_macro_name(&item.attrs) {
            Some(macro_name) => {
                let kind_attr = item
                    .attrs
                    .iter()
                    .find(|attr| is_proc_macro_attr(attr))
                    .map(|attr| tokens_to_text(attr.meta.to_token_stream()))
                    .unwrap_or_default();
                signature = format!("#[{kind_attr}] {signature}");
                (
                    NodeKind::Macro,
                    macro_name.unwrap_or_else(|| ident_name(&item.sig.ident)),
                )
            }
            None => (NodeKind::Function, ident_name(&item.sig.ident)),
        };
        let path = match kind {
            // Proc macros are exported at the crate root.
            NodeKind::Macro => format!("{}::{name}", self.spec.crate_name),
            _ => scope.child_path(&name),
        };
        let idx = self.push(
            Some(scope.idx),
            self.draft(
                kind,
                name,
                path.clone(),
                item.sig.ident.span(),
                &text,
                &item.vis,
                signature,
                &item.attrs,
                cfg.clone(),
            ),
        );
        let generics = generic_names(&item.sig.generics, &[]);
        let mut collector = SiteCollector::new(&generics);
        collector.learn_bounds(&item.sig.generics);
        collector.learn_closure_inputs(&item.sig, None, &[]);
        collector.signature(&item.sig);
        collector.body(&item.block);
        self.record_sites(
            idx,
            scope,
            None,
            written_return(&item.sig.output),
            collector,
        );
        self.nested_in_block(scope, idx, path, cfg, &item.block);
    }

    /// Items declared inside a body (block, closure, const initializer) live
    /// under the enclosing item's path.
    fn nested_in_block(
        &mut self,
        scope: &Scope,
        owner: NodeIdx,
        owner_path: String,
        cfg: Option<Arc<str>>,
        block: &syn::Block,
    ) {
        let mut finder = NestedItems::default();
        finder.visit_block(block);
        self.nested(scope, owner, owner_path, cfg, finder.items);
    }

    /// Items of a const's or static's initializer, and for a const the
    /// item macros it calls (see [`NestedItems::in_const`]).
    fn nested_in_initializer<'ast>(
        &mut self,
        scope: &Scope,
        owner: NodeIdx,
        owner_path: String,
        cfg: Option<Arc<str>>,
        expr: &'ast syn::Expr,
        mut finder: NestedItems<'ast>,
    ) {
        finder.visit_expr(expr);
        let mut items = finder.items;
        items.extend(finder.macro_calls.iter());
        self.nested(scope, owner, owner_path, cfg, items);
    }

    fn nested(
        &mut self,
        scope: &Scope,
        owner: NodeIdx,
        owner_path: String,
        cfg: Option<Arc<str>>,
        items: Vec<&Item>,
    ) {
        if items.is_empty() {
            return;
        }
        let inner = Scope {
            idx: owner,
            path: owner_path,
            module_path: scope.module_path.clone(),
            cfg,
            dir: None,
        };
        self.items(&inner, items.into_iter());
    }

    fn fields(
        &mut self,
        owner: NodeIdx,
        owner_path: &str,
        owner_cfg: &Option<Arc<str>>,
        fields: &Fields,
        scope: &Scope,
        generics: &[String],
    ) {
        for (position, field) in fields.iter().enumerate() {
            let (name, name_span) = match &field.ident {
                Some(ident) => (ident_name(ident), ident.span()),
                None => (position.to_string(), field.ty.span()),
            };
            let text = self.text_of(field);
            let (vis, ty) = (&field.vis, &field.ty);
            let signature = match &field.ident {
                Some(ident) => tokens_to_text(quote!(#vis #ident: #ty)),
                None => tokens_to_text(quote!(#vis #ty)),
            };
            let cfg = effective_cfg(owner_cfg.as_ref(), own_cfgs(&field.attrs));
            let path = format!("{owner_path}::{name}");
            let field_idx = self.push(
                Some(owner),
                self.draft(
                    NodeKind::Field,
                    name,
                    path,
                    name_span,
                    &text,
                    &field.vis,
                    signature,
                    &field.attrs,
                    cfg,
                ),
            );
            let mut collector = SiteCollector::new(generics);
            collector.ty(&field.ty);
            let declared =
                written_type(&field.ty).map(|written| written.of_owner(&field.ty, generics));
            self.record_sites(field_idx, scope, None, declared, collector);
        }
    }

    /// Bounds and derives of a struct, enum or union.
    fn type_sites(
        &mut self,
        owner: NodeIdx,
        scope: &Scope,
        generic_params: &[String],
        generics: &syn::Generics,
        attrs: &[syn::Attribute],
    ) {
        let mut collector = SiteCollector::new(generic_params);
        collector.generics(generics);
        collector.derives(attrs);
        self.record_sites(owner, scope, None, None, collector);
    }

    /// The impls a type's built-in derives write (see [`derived`]): an impl
    /// node beside the type, placed at the derive's name, with the methods
    /// the derive defines. The resolver treats it as a written impl: it
    /// links the type and the trait and keeps the methods under the type
    /// (`x.clone()` on a `#[derive(Clone)] struct S` calls `crate::S::clone`).
    fn derived_impls(
        &mut self,
        scope: &Scope,
        ident: &proc_macro2::Ident,
        generics: &syn::Generics,
        attrs: &[syn::Attribute],
        type_text: &ItemText,
        cfg: &Option<Arc<str>>,
    ) {
        let derives = derived::builtin_derives(attrs);
        if derives.is_empty() {
            return;
        }
        let type_name = ident_name(ident);
        let owner_path = scope.child_path(&type_name);
        let mut notable = vec!["automatically_derived".to_string()];
        if let Some(origin) = &self.macro_origin {
            notable.push(format!("from_macro({origin})"));
        }
        // What a derived item is made of: the type's text and the trait.
        let hash_of = |part: &str| {
            let mut bytes = type_text.content_hash.to_vec();
            bytes.extend_from_slice(part.as_bytes());
            bytes_hash(&bytes)
        };
        for derive in derives {
            let derived = derive.derived;
            let cfg = &effective_cfg(cfg.as_ref(), derive.cfg.into_iter().collect());
            let (header, short) = derived::impl_header(derived, ident, generics);
            let (start, end) = (derive.span.start(), derive.end.end());
            let range = SourceRange {
                line: start.line as u32,
                col: start.column as u32 + 1,
                end_line: end.line as u32,
                end_col: end.column as u32,
            };
            let name = format!("<{short}>");
            let impl_idx = self.push(
                Some(scope.idx),
                Draft {
                    kind: NodeKind::Impl,
                    path: scope.child_path(&name),
                    name,
                    range,
                    vis: String::new(),
                    signature: Some(header),
                    docs: None,
                    attrs: notable.clone(),
                    content_hash: hash_of(&format!("derive({})", derived.name)),
                    cfg: cfg.clone(),
                    disambiguator: short,
                    annotations: Vec::new(),
                },
            );
            let mut members = Vec::new();
            for method in derived.methods {
                let idx = self.push(
                    Some(impl_idx),
                    Draft {
                        kind: NodeKind::Method,
                        name: method.name.to_string(),
                        path: format!("{owner_path}::{}", method.name),
                        range,
                        vis: String::new(),
                        signature: Some(method.signature.to_string()),
                        docs: None,
                        attrs: notable.clone(),
                        content_hash: hash_of(&format!(
                            "derive({})::{}",
                            derived.name, method.name
                        )),
                        cfg: cfg.clone(),
                        // Apart from a written method of the same path
                        // (`Display::fmt` beside the derived `Debug::fmt`).
                        disambiguator: format!("derive({})", derived.name),
                        annotations: Vec::new(),
                    },
                );
                members.push(idx);
                self.out.method_shapes.push((
                    idx,
                    MethodShape {
                        takes_self: method.takes_self,
                        params: method.params,
                    },
                ));
                let declared = method.written_return();
                self.record_sites(
                    idx,
                    scope,
                    Some(vec![type_name.clone()]),
                    declared,
                    SiteCollector::new(&[]),
                );
            }
            self.out.impls.push(ImplSite {
                impl_idx,
                scope_path: scope.path.clone(),
                module_path: scope.module_path.clone(),
                self_path: Some(vec![type_name.clone()]),
                referent_path: None,
                builtin_self: None,
                trait_path: Some(derived.path.split("::").map(str::to_string).collect()),
                blanket_bounds: Vec::new(),
                blanket: false,
                members,
            });
        }
    }

    fn trait_item(&mut self, scope: &Scope, item: &syn::ItemTrait) {
        let text = self.text_of(item);
        let signature = trait_header(item);
        let (trait_idx, path, cfg) = self.declare(
            scope,
            NodeKind::Trait,
            &item.ident,
            &item.vis,
            &item.attrs,
            &text,
            signature,
        );
        let supertraits = bound_paths(&item.supertraits);
        if !supertraits.is_empty() {
            self.out.supertraits.push((trait_idx, supertraits));
        }
        let generics = generic_names(&item.generics, &[]);
        let mut collector = SiteCollector::new(&generics);
        collector.generics(&item.generics);
        collector.bounds(&item.supertraits);
        self.record_sites(trait_idx, scope, None, None, collector);
        let members = TraitMembers {
            trait_idx,
            path: &path,
            cfg: &cfg,
        };
        self.trait_members(scope, item, &members);
    }

    /// The members of a trait (`item`, in `scope`), read into the trait
    /// node `members` names: the trait as written, or one rebuilt around
    /// what a macro called in its body wrote.
    fn trait_members(&mut self, scope: &Scope, item: &syn::ItemTrait, members: &TraitMembers<'_>) {
        let TraitMembers {
            trait_idx,
            path,
            cfg,
        } = *members;
        let member_scope = Scope {
            idx: trait_idx,
            path: path.to_string(),
            module_path: scope.module_path.clone(),
            cfg: cfg.clone(),
            dir: None,
        };
        // Inside a trait, `Self` is "some implementor": its methods are the trait's.
        let trait_self = Some(vec![ident_name(&item.ident)]);
        let trait_generics = generic_names(&item.generics, &[]);
        for member in &item.items {
            match member {
                TraitItem::Fn(member) => {
                    let text = self.text_of(member);
                    let sig = &member.sig;
                    let signature = tokens_to_text(quote!(#sig));
                    let member_name = ident_name(&sig.ident);
                    let member_path = format!("{path}::{member_name}");
                    let member_cfg = effective_cfg(cfg.as_ref(), own_cfgs(&member.attrs));
                    let idx = self.push(
                        Some(trait_idx),
                        self.draft(
                            NodeKind::Method,
                            member_name,
                            member_path.clone(),
                            sig.ident.span(),
                            &text,
                            &Visibility::Inherited,
                            signature,
                            &member.attrs,
                            member_cfg.clone(),
                        ),
                    );
                    self.out.method_shapes.push((idx, MethodShape::of(sig)));
                    let generics = generic_names(&sig.generics, &trait_generics);
                    let mut collector = SiteCollector::new(&generics);
                    collector.learn_bounds(&item.generics);
                    collector.learn_bounds(&sig.generics);
                    collector.learn_closure_inputs(sig, Some(&item.generics), &[]);
                    collector.signature(sig);
                    if let Some(block) = &member.default {
                        collector.body(block);
                    }
                    self.record_sites(
                        idx,
                        scope,
                        trait_self.clone(),
                        written_return(&sig.output),
                        collector,
                    );
                    if let Some(block) = &member.default {
                        self.nested_in_block(&member_scope, idx, member_path, member_cfg, block);
                    }
                }
                TraitItem::Const(member) => {
                    let text = self.text_of(member);
                    let (ident, ty) = (&member.ident, &member.ty);
                    let signature = match &member.default {
                        Some((_, expr)) => with_short_value(quote!(const #ident: #ty), expr),
                        None => tokens_to_text(quote!(const #ident: #ty)),
                    };
                    let member_name = ident_name(ident);
                    let member_cfg = effective_cfg(cfg.as_ref(), own_cfgs(&member.attrs));
                    self.push(
                        Some(trait_idx),
                        self.draft(
                            NodeKind::AssocConst,
                            member_name.clone(),
                            format!("{path}::{member_name}"),
                            ident.span(),
                            &text,
                            &Visibility::Inherited,
                            signature,
                            &member.attrs,
                            member_cfg,
                        ),
                    );
                }
                TraitItem::Type(member) => {
                    let text = self.text_of(member);
                    let signature = tokens_to_text(strip_attrs_and_body(&member.to_token_stream()));
                    let member_name = ident_name(&member.ident);
                    let member_cfg = effective_cfg(cfg.as_ref(), own_cfgs(&member.attrs));
                    let idx = self.push(
                        Some(trait_idx),
                        self.draft(
                            NodeKind::AssocType,
                            member_name.clone(),
                            format!("{path}::{member_name}"),
                            member.ident.span(),
                            &text,
                            &Visibility::Inherited,
                            signature,
                            &member.attrs,
                            member_cfg,
                        ),
                    );
                    // Its bounds and default are references; a value of
                    // the type (`-> Self::Iter`) calls what its bounds
                    // declare.
                    let mut collector = SiteCollector::new(&trait_generics);
                    collector.bounds(&member.bounds);
                    collector.generics(&member.generics);
                    if let Some((_, default)) = &member.default {
                        collector.ty(default);
                    }
                    self.record_sites(
                        idx,
                        scope,
                        trait_self.clone(),
                        WrittenType::of_bounds(&member.bounds),
                        collector,
                    );
                }
                TraitItem::Macro(member) => {
                    let text = self.text_of(member);
                    let member_cfg = effective_cfg(cfg.as_ref(), own_cfgs(&member.attrs));
                    self.macro_call(
                        &member_scope,
                        &member.mac,
                        &text,
                        &member.attrs,
                        member_cfg.clone(),
                    );
                    // `read_impl! { fn read_u8(&mut self) -> ReadU8; }`:
                    // maybe a macro that writes methods.
                    let into = IntoTrait {
                        trait_idx,
                        path: path.to_string(),
                        header: trait_header(item),
                    };
                    let args = member.mac.tokens.to_string();
                    self.request_expansion(
                        scope,
                        &member.mac,
                        &text,
                        member_cfg,
                        args,
                        Some(Within::Trait(into)),
                        None,
                    );
                }
                _ => {}
            }
        }
    }

    fn impl_item(&mut self, scope: &Scope, item: &syn::ItemImpl) {
        let text = self.text_of(item);
        let self_ty = &item.self_ty;
        let header = match &item.trait_ {
            Some((negation, trait_path, _)) => {
                tokens_to_text(quote!(impl #negation #trait_path for #self_ty))
            }
            None => tokens_to_text(quote!(impl #self_ty)),
        };
        let name = format!("<{header}>");
        let path = scope.child_path(&name);
        let (unsafety, generics, where_clause) =
            (&item.unsafety, &item.generics, &item.generics.where_clause);
        let full_header = match &item.trait_ {
            Some((negation, trait_path, _)) => {
                quote!(#unsafety impl #generics #negation #trait_path for #self_ty #where_clause)
            }
            None => quote!(#unsafety impl #generics #self_ty #where_clause),
        };
        let signature = tokens_to_text(full_header);
        let cfg = effective_cfg(scope.cfg.as_ref(), own_cfgs(&item.attrs));
        let mut draft = self.draft(
            NodeKind::Impl,
            name,
            path.clone(),
            item.impl_token.span,
            &text,
            &Visibility::Inherited,
            signature.clone(),
            &item.attrs,
            cfg.clone(),
        );
        draft.disambiguator = header;
        let impl_idx = self.push(Some(scope.idx), draft);
        let site = self.impl_body(scope, item, &item.items, (impl_idx, &path, &signature), cfg);
        self.out.impls.push(site);
    }

    /// The members of an impl and what its [`ImplSite`] needs; `impl_item`
    /// is the header (its generics, self type and trait; its own items are
    /// ignored). The header's own sites are recorded when `items` are the
    /// impl's (not a macro's members added to it later).
    fn impl_body(
        &mut self,
        scope: &Scope,
        item: &syn::ItemImpl,
        items: &[ImplItem],
        (impl_idx, path, signature): (NodeIdx, &str, &str),
        cfg: Option<Arc<str>>,
    ) -> ImplSite {
        let self_ty = &item.self_ty;
        let self_path = impl_self_path(self_ty, &item.generics);
        let owner_path = match &self_path {
            Some(segments) => textual_path(
                &scope.path,
                &scope.module_path,
                &self.spec.crate_name,
                segments,
            ),
            None => None,
        }
        .unwrap_or_else(|| path.to_string());
        let member_scope = Scope {
            idx: impl_idx,
            path: owner_path.clone(),
            module_path: scope.module_path.clone(),
            cfg: cfg.clone(),
            dir: None,
        };
        let impl_generics = generic_names(&item.generics, &[]);
        // What `Self` means in the members (a blanket impl's `T` means nothing nameable).
        // `impl D for &V` is not `impl D for V`: only a plain path names
        // the type whose methods `self.m()` reaches.
        // `impl IntoIterator for &'a Map` reaches `Map`'s methods from
        // `self` by auto-deref, and calls on a `Map` reach it by auto-ref.
        let referent_path = match &**self_ty {
            Type::Reference(reference) => impl_self_path(&reference.elem, &item.generics),
            _ => None,
        };
        // `impl BufMut for &mut [u8]`, `impl<T> Ext for *const T`: the
        // slice or pointer stand-in (see `value_type_path`), under which
        // lookups on such values find the impl and `self.len()` is the
        // slice's.
        let builtin_self = value_type_path(self_ty).filter(
            |path| matches!(path.as_slice(), [only] if only == SLICE_TYPE || only == POINTER_TYPE || only == POINTER_MUT_TYPE),
        );
        let member_self = self_path
            .clone()
            .or_else(|| referent_path.clone())
            .or_else(|| builtin_self.clone())
            .or_else(|| match &**self_ty {
                Type::Reference(_) | Type::Ptr(_) => None,
                _ => type_path(self_ty)
                    .filter(|path| !(path.len() == 1 && impl_generics.contains(&path[0]))),
            });
        let mut collector = SiteCollector::new(&impl_generics);
        collector.generics(&item.generics);
        collector.ty(self_ty);
        if let Some((_, trait_path, _)) = &item.trait_ {
            collector.path_generic_args(trait_path);
        }
        if std::ptr::eq(items, item.items.as_slice()) {
            self.record_sites(impl_idx, scope, member_self.clone(), None, collector);
        }
        let mut members = Vec::new();
        let context = ImplContext {
            impl_idx,
            owner_path: &owner_path,
            header: signature,
            cfg: &cfg,
            scope,
            member_scope: &member_scope,
            member_self: &member_self,
            impl_generics: &impl_generics,
            impl_syn_generics: &item.generics,
            impl_self_type: self_ty,
            self_params: &self_type_parameters(self_ty, &impl_generics),
        };
        for member in items {
            self.impl_member(&context, member, &mut members);
        }
        ImplSite {
            impl_idx,
            scope_path: scope.path.clone(),
            module_path: scope.module_path.clone(),
            builtin_self,
            self_path,
            referent_path,
            trait_path: item
                .trait_
                .as_ref()
                .map(|(_, path, _)| super::sites::segments(path)),
            blanket_bounds: match &item.trait_ {
                Some(_) => blanket_bounds(self_ty, &item.generics),
                None => Vec::new(),
            },
            blanket: item.trait_.is_some() && is_type_parameter(self_ty, &item.generics),
            members,
        }
    }

    /// One member of an impl block (also members written inside a macro
    /// call in the block, which are read when they parse as impl items).
    fn impl_member(
        &mut self,
        ctx: &ImplContext<'_>,
        member: &ImplItem,
        members: &mut Vec<NodeIdx>,
    ) {
        match member {
            ImplItem::Fn(member) => {
                let text = self.text_of(member);
                let (vis, sig) = (&member.vis, &member.sig);
                let signature = tokens_to_text(quote!(#vis #sig));
                let member_name = ident_name(&sig.ident);
                let member_path = format!("{}::{member_name}", ctx.owner_path);
                let member_cfg = effective_cfg(ctx.cfg.as_ref(), own_cfgs(&member.attrs));
                let idx = self.push(
                    Some(ctx.impl_idx),
                    self.draft(
                        NodeKind::Method,
                        member_name,
                        member_path.clone(),
                        sig.ident.span(),
                        &text,
                        &member.vis,
                        signature,
                        &member.attrs,
                        member_cfg.clone(),
                    ),
                );
                members.push(idx);
                self.out.method_shapes.push((idx, MethodShape::of(sig)));
                let generics = generic_names(&sig.generics, ctx.impl_generics);
                let mut collector = SiteCollector::new(&generics);
                collector.learn_bounds(ctx.impl_syn_generics);
                collector.learn_bounds(&sig.generics);
                collector.learn_closure_inputs(sig, Some(ctx.impl_syn_generics), ctx.self_params);
                collector.learn_impl_self(ctx.impl_self_type);
                collector.signature(sig);
                collector.body(&member.block);
                self.record_sites(
                    idx,
                    ctx.scope,
                    ctx.member_self.clone(),
                    written_return(&sig.output).map(|written| match &sig.output {
                        syn::ReturnType::Type(_, ty) => written.of_owner(ty, ctx.self_params),
                        syn::ReturnType::Default => written,
                    }),
                    collector,
                );
                self.nested_in_block(
                    ctx.member_scope,
                    idx,
                    member_path,
                    member_cfg,
                    &member.block,
                );
            }
            ImplItem::Const(member) => {
                let text = self.text_of(member);
                let (vis, ident, ty) = (&member.vis, &member.ident, &member.ty);
                let signature = with_short_value(quote!(#vis const #ident: #ty), &member.expr);
                let member_name = ident_name(ident);
                let member_cfg = effective_cfg(ctx.cfg.as_ref(), own_cfgs(&member.attrs));
                let mut collector = SiteCollector::new(ctx.impl_generics);
                collector.ty(ty);
                collector.expr(&member.expr);
                let member_sites = collector;
                let idx = self.push(
                    Some(ctx.impl_idx),
                    self.draft(
                        NodeKind::AssocConst,
                        member_name.clone(),
                        format!("{}::{member_name}", ctx.owner_path),
                        ident.span(),
                        &text,
                        &member.vis,
                        signature,
                        &member.attrs,
                        member_cfg,
                    ),
                );
                members.push(idx);
                self.record_sites(
                    idx,
                    ctx.scope,
                    ctx.member_self.clone(),
                    written_type(ty),
                    member_sites,
                );
            }
            ImplItem::Type(member) => {
                let text = self.text_of(member);
                let signature = tokens_to_text(strip_attrs_and_body(&member.to_token_stream()));
                let member_name = ident_name(&member.ident);
                let member_cfg = effective_cfg(ctx.cfg.as_ref(), own_cfgs(&member.attrs));
                let idx = self.push(
                    Some(ctx.impl_idx),
                    self.draft(
                        NodeKind::AssocType,
                        member_name.clone(),
                        format!("{}::{member_name}", ctx.owner_path),
                        member.ident.span(),
                        &text,
                        &member.vis,
                        signature,
                        &member.attrs,
                        member_cfg,
                    ),
                );
                members.push(idx);
                // Like a type alias: it references its type, and declares
                // it (an iterator's `type Item` types what its loop binds).
                let mut collector = SiteCollector::new(ctx.impl_generics);
                collector.ty(&member.ty);
                self.record_sites(
                    idx,
                    ctx.scope,
                    ctx.member_self.clone(),
                    written_type(&member.ty)
                        .map(|written| written.of_owner(&member.ty, ctx.self_params)),
                    collector,
                );
            }
            ImplItem::Macro(member) => {
                let text = self.text_of(member);
                let member_cfg = effective_cfg(ctx.cfg.as_ref(), own_cfgs(&member.attrs));
                let idx = self.macro_call(
                    ctx.member_scope,
                    &member.mac,
                    &text,
                    &member.attrs,
                    member_cfg.clone(),
                );
                // The call goes where the members it writes go (under the
                // self type once resolved, not under `_` of a `const _`).
                members.push(idx);
                // `default_fn! { unsafe fn clone_from_spec(..) }`: members
                // written inside a macro call in the block.
                if let Some(inner) = impl_items_in_macro(&member.mac) {
                    let origin = format!("{}!", tokens_to_text(member.mac.path.to_token_stream()));
                    let outer_origin = self.macro_origin.replace(origin);
                    // The macro may add a cfg, as at item level
                    // (`cfg_not_coop! { fn poll_read(..) }`).
                    let body_cfg = handed_to_macro(&member_cfg, &member.mac);
                    let body_ctx = ImplContext {
                        cfg: &body_cfg,
                        ..*ctx
                    };
                    for inner_member in &inner {
                        self.impl_member(&body_ctx, inner_member, members);
                    }
                    self.macro_origin = outer_origin;
                } else {
                    // `deserialize_number!(deserialize_f32);`: maybe a macro
                    // of this crate that writes members.
                    let into = Within::Impl(IntoImpl {
                        impl_idx: ctx.impl_idx,
                        owner_path: ctx.owner_path.to_string(),
                        header: ctx.header.to_string(),
                    });
                    let args = member.mac.tokens.to_string();
                    self.request_expansion(
                        ctx.scope,
                        &member.mac,
                        &text,
                        member_cfg,
                        args,
                        Some(into),
                        None,
                    );
                }
            }
            _ => {}
        }
    }

    fn module(&mut self, scope: &Scope, item: &syn::ItemMod) {
        let name = ident_name(&item.ident);
        let path = scope.child_path(&name);
        let cfg = effective_cfg(scope.cfg.as_ref(), own_cfgs(&item.attrs));
        let path_attr = path_attr(&item.attrs);
        match &item.content {
            Some((_, inner_items)) => {
                let text = self.text_of(item);
                let vis = &item.vis;
                let signature = format!("{}mod {name}", vis_prefix(&visibility(vis)));
                let mut draft = self.draft(
                    NodeKind::Module,
                    name.clone(),
                    path.clone(),
                    item.ident.span(),
                    &text,
                    &item.vis,
                    signature,
                    &item.attrs,
                    cfg.clone(),
                );
                // A module's hash is a Merkle hash of its children, computed
                // once every child is known.
                draft.content_hash = [0; 16];
                let idx = self.push(Some(scope.idx), draft);
                let dir = scope
                    .dir
                    .as_ref()
                    .map(|dir| dir.inline(&name, path_attr.as_deref()));
                let inner = Scope {
                    idx,
                    path: path.clone(),
                    module_path: path,
                    cfg,
                    dir,
                };
                self.items(&inner, inner_items.iter());
            }
            None => {
                let Some(dir) = &scope.dir else {
                    // `mod x;` inside a fn body: rustc rejects it too.
                    return;
                };
                // `#[cfg_attr(unix, path = "unix.rs")]`: one module per
                // alternative, each under its cfg.
                let alternatives: Vec<ModuleAlternative> = match &path_attr {
                    Some(path_attr) => {
                        vec![(cfg.clone(), vec![dir.with_path_attr(path_attr)], false)]
                    }
                    None => {
                        let conditional = cfg_attr_paths(&item.attrs);
                        if conditional.is_empty() {
                            vec![(cfg.clone(), dir.candidates(&name).to_vec(), false)]
                        } else {
                            // When no cfg_attr applies, the usual file does
                            // (if it exists: errno has only cfg'd paths).
                            let predicates: Vec<&str> =
                                conditional.iter().map(|(p, _)| p.as_str()).collect();
                            let none_applies = match predicates.as_slice() {
                                [one] => format!("not({one})"),
                                many => format!("not(any({}))", many.join(", ")),
                            };
                            let default = (
                                effective_cfg(cfg.as_ref(), vec![none_applies]),
                                dir.candidates(&name).to_vec(),
                                true,
                            );
                            conditional
                                .iter()
                                .map(|(predicate, path)| {
                                    (
                                        effective_cfg(cfg.as_ref(), vec![predicate.clone()]),
                                        vec![dir.with_path_attr(path)],
                                        // Files for special builds (docsrs) may not ship.
                                        true,
                                    )
                                })
                                .chain(std::iter::once(default))
                                .collect()
                        }
                    }
                };
                let text = self.text_of(item);
                let declaration = ModuleDeclaration {
                    parent: scope.idx,
                    name: name.clone(),
                    vis: visibility(&item.vis),
                    docs: docs(&item.attrs),
                    attrs: {
                        let mut attrs = notable_attrs(&item.attrs);
                        if let Some(origin) = &self.macro_origin {
                            attrs.push(format!("from_macro({origin})"));
                        }
                        attrs
                    },
                    declared_in: self.file.clone(),
                    range: range_of(item.ident.span(), &text),
                };
                for (cfg, candidates, optional) in alternatives {
                    if let Some(cycle) = candidates
                        .iter()
                        .find(|(file, _)| file == self.this_file || self.ancestors.contains(file))
                    {
                        self.out.graph.diagnostics.push(Diagnostic {
                            crate_id: self.spec.crate_id,
                            file: self.file.clone(),
                            line: declaration.range.line,
                            col: declaration.range.col,
                            severity: Severity::Error,
                            code: "module-cycle",
                            message: format!(
                                "module `{path}` would load {} again, which encloses it; not descending",
                                cycle.0.display()
                            ),
                        });
                        continue;
                    }
                    let mut ancestors = self.ancestors.to_vec();
                    ancestors.push(self.this_file.clone());
                    self.pending.push(FileJob {
                        candidates,
                        declaration: Some(declaration.clone()),
                        module_path: path.clone(),
                        cfg,
                        ancestors,
                        optional,
                    });
                }
            }
        }
    }

    fn use_item(&mut self, scope: &Scope, item: &syn::ItemUse) {
        let cfg = effective_cfg(scope.cfg.as_ref(), own_cfgs(&item.attrs));
        let vis = visibility(&item.vis);
        let item_docs = docs(&item.attrs);
        let mut attrs = notable_attrs(&item.attrs);
        if let Some(origin) = &self.macro_origin {
            attrs.push(format!("from_macro({origin})"));
        }
        let mut leaves = Vec::new();
        let mut prefix = Vec::new();
        if item.leading_colon.is_some() {
            prefix.push(String::new());
        }
        use_leaves(&item.tree, &mut prefix, &mut leaves);
        for leaf in leaves {
            let target_text = leaf.target.join("::");
            let mut signature = format!("{}use {target_text}", vis_prefix(&vis));
            if leaf.is_glob {
                signature.push_str("::*");
            } else if leaf.renamed {
                signature.push_str(&format!(" as {}", leaf.bound_name));
            }
            let path = scope.child_path(&leaf.bound_name);
            let start = leaf.span.start();
            let end = leaf.span.end();
            let range = SourceRange {
                line: start.line as u32,
                col: start.column as u32 + 1,
                end_line: end.line as u32,
                end_col: end.column as u32,
            };
            let idx = self.push(
                Some(scope.idx),
                Draft {
                    kind: NodeKind::Use,
                    name: leaf.bound_name.clone(),
                    path,
                    range,
                    vis: vis.clone(),
                    content_hash: crate::ids::bytes_hash(signature.as_bytes()),
                    signature: Some(signature),
                    docs: item_docs.clone(),
                    attrs: attrs.clone(),
                    cfg: cfg.clone(),
                    disambiguator: target_text,
                    annotations: Vec::new(),
                },
            );
            self.out.imports.push(ImportSite {
                use_idx: idx,
                scope_path: scope.path.clone(),
                module_path: scope.module_path.clone(),
                bound_name: leaf.bound_name,
                target: leaf.target,
                is_glob: leaf.is_glob,
                is_pub: !vis.is_empty(),
            });
        }
    }

    /// Items declared inside an item-level macro call (see [`macro_items`]).
    /// Says whether the body was read as items.
    fn items_in_macro_body(
        &mut self,
        scope: &Scope,
        mac: &syn::Macro,
        text: &ItemText,
        cfg: Option<Arc<str>>,
    ) -> bool {
        match items_in_macro(mac) {
            MacroItems::Opaque => return false,
            MacroItems::CfgIf(branches) => {
                for (branch_cfg, items) in branches {
                    let own = if branch_cfg.is_empty() {
                        Vec::new()
                    } else {
                        vec![branch_cfg]
                    };
                    let branch_scope = Scope {
                        cfg: effective_cfg(cfg.as_ref(), own),
                        ..scope.clone()
                    };
                    self.items(&branch_scope, items.iter());
                }
            }
            MacroItems::Plain(items) => {
                let origin = format!("{}!", tokens_to_text(mac.path.to_token_stream()));
                let outer_origin = self.macro_origin.replace(origin);
                let body_scope = Scope {
                    cfg: handed_to_macro(&cfg, mac),
                    ..scope.clone()
                };
                let first_read = self.out.graph.nodes.len();
                let first_file = self.pending.len();
                self.items(&body_scope, items.iter());
                self.macro_origin = outer_origin;
                // An expansion declaring the modules again would parse
                // their files twice; such macros are left as read.
                let declares_files = self.pending.len() > first_file;
                // A macro handed one item (and maybe impls of it) is the
                // `macro_rules` way to write an attribute (`pin_project! {
                // struct .. impl PinnedDrop for .. }`): what it adds
                // matters. One handed many (libc's `s! {}` of hundreds of
                // structs) mostly hands them back with attributes, and
                // expanding it would parse them all again.
                let one_item = items
                    .iter()
                    .filter(|item| !matches!(item, Item::Impl(_)))
                    .count()
                    == 1;
                let read_modules = self.out.graph.nodes[first_read..]
                    .iter()
                    .any(|node| node.kind == NodeKind::Module);
                if one_item && !declares_files && !read_modules {
                    let read = &self.out.graph.nodes[first_read..];
                    let read_as_items =
                        ReadBody::new(read.iter().map(|node| (node.kind, node.path.as_str())));
                    let args = self.body_text(mac);
                    self.request_expansion(scope, mac, text, cfg, args, None, Some(read_as_items));
                }
            }
        }
        true
    }

    /// The text inside a macro call's delimiters, copied from the source
    /// (cheaper than printing the tokens, which most held calls never need).
    fn body_text(&self, mac: &syn::Macro) -> String {
        let delimiters = match &mac.delimiter {
            syn::MacroDelimiter::Paren(paren) => paren.span,
            syn::MacroDelimiter::Brace(brace) => brace.span,
            syn::MacroDelimiter::Bracket(bracket) => bracket.span,
        };
        let inside = delimiters.open().byte_range().end..delimiters.close().byte_range().start;
        match self.source.get(inside) {
            Some(body) if !body.trim().is_empty() => body.to_string(),
            _ => mac.tokens.to_string(),
        }
    }

    /// Records an item-level call (in `scope`, or in the impl block `into`)
    /// for expansion once the unit's macro definitions are known.
    #[allow(clippy::too_many_arguments)]
    fn request_expansion(
        &mut self,
        scope: &Scope,
        mac: &syn::Macro,
        text: &ItemText,
        cfg: Option<Arc<str>>,
        args: String,
        within: Option<Within>,
        read_as_items: Option<ReadBody>,
    ) {
        let Some(last) = mac.path.segments.last() else {
            return;
        };
        self.out.expansions.push(ExpansionRequest {
            name: ident_name(&last.ident),
            args,
            scope_idx: scope.idx,
            scope_path: scope.path.clone(),
            module_path: scope.module_path.clone(),
            cfg,
            // `mod x;` is not allowed in an impl block.
            dir: within.is_none().then(|| scope.dir.clone()).flatten(),
            ancestors: self.ancestors.to_vec(),
            file: self.file.clone(),
            abs_file: self.this_file.clone(),
            call: range_of(mac.path.span(), text),
            within,
            read_as_items,
        });
    }

    fn macro_call(
        &mut self,
        scope: &Scope,
        mac: &syn::Macro,
        text: &ItemText,
        attrs: &[syn::Attribute],
        cfg: Option<Arc<str>>,
    ) -> NodeIdx {
        let macro_path = tokens_to_text(mac.path.to_token_stream());
        let name = format!("{macro_path}!");
        let path = scope.child_path(&name);
        let signature = name.clone();
        let name_span = mac.path.span();
        self.push(
            Some(scope.idx),
            self.draft(
                NodeKind::MacroCall,
                name,
                path,
                name_span,
                text,
                &Visibility::Inherited,
                signature,
                attrs,
                cfg,
            ),
        )
    }

    fn foreign_item(
        &mut self,
        scope: &Scope,
        block_cfg: &Option<Arc<str>>,
        abi: &syn::Abi,
        foreign: &ForeignItem,
    ) {
        match foreign {
            ForeignItem::Fn(item) => {
                let text = self.text_of(item);
                let (vis, sig) = (&item.vis, &item.sig);
                let signature = tokens_to_text(quote!(#vis #abi #sig));
                let name = ident_name(&sig.ident);
                let cfg = effective_cfg(block_cfg.as_ref(), own_cfgs(&item.attrs));
                self.push(
                    Some(scope.idx),
                    self.draft(
                        NodeKind::Function,
                        name.clone(),
                        scope.child_path(&name),
                        sig.ident.span(),
                        &text,
                        &item.vis,
                        signature,
                        &item.attrs,
                        cfg,
                    ),
                );
            }
            ForeignItem::Static(item) => {
                let text = self.text_of(item);
                let (vis, mutability, ident, ty) =
                    (&item.vis, &item.mutability, &item.ident, &item.ty);
                let signature = tokens_to_text(quote!(#vis static #mutability #ident: #ty));
                let name = ident_name(ident);
                let cfg = effective_cfg(block_cfg.as_ref(), own_cfgs(&item.attrs));
                self.push(
                    Some(scope.idx),
                    self.draft(
                        NodeKind::Static,
                        name.clone(),
                        scope.child_path(&name),
                        ident.span(),
                        &text,
                        &item.vis,
                        signature,
                        &item.attrs,
                        cfg,
                    ),
                );
            }
            ForeignItem::Type(item) => {
                let text = self.text_of(item);
                let (vis, ident) = (&item.vis, &item.ident);
                let signature = tokens_to_text(quote!(#vis type #ident));
                let name = ident_name(ident);
                let cfg = effective_cfg(block_cfg.as_ref(), own_cfgs(&item.attrs));
                self.push(
                    Some(scope.idx),
                    self.draft(
                        NodeKind::ExternType,
                        name.clone(),
                        scope.child_path(&name),
                        ident.span(),
                        &text,
                        &item.vis,
                        signature,
                        &item.attrs,
                        cfg,
                    ),
                );
            }
            ForeignItem::Macro(item) => {
                let text = self.text_of(item);
                let cfg = effective_cfg(block_cfg.as_ref(), own_cfgs(&item.attrs));
                self.macro_call(scope, &item.mac, &text, &item.attrs, cfg);
            }
            _ => {}
        }
    }
}

fn vis_prefix(vis: &str) -> String {
    if vis.is_empty() {
        String::new()
    } else {
        format!("{vis} ")
    }
}

/// A const's value is part of what a reader wants from its signature, but
/// only when short: tables and long expressions are left out.
fn with_short_value(declaration: TokenStream, expr: &syn::Expr) -> String {
    const LONGEST_VALUE: usize = 48;
    let head = tokens_to_text(declaration);
    let value = tokens_to_text(expr.to_token_stream());
    if value.len() <= LONGEST_VALUE && !value.contains('\n') {
        format!("{head} = {value}")
    } else {
        head
    }
}

/// Tokens of an item minus its outer attributes, its body block and a
/// trailing `;`: the declaration as a signature.
fn strip_attrs_and_body(tokens: &TokenStream) -> TokenStream {
    let mut trees: Vec<proc_macro2::TokenTree> = tokens.clone().into_iter().collect();
    // Outer attributes are `#` followed by a bracket group.
    let mut start = 0;
    while start + 1 < trees.len() {
        match (&trees[start], &trees[start + 1]) {
            (proc_macro2::TokenTree::Punct(punct), proc_macro2::TokenTree::Group(group))
                if punct.as_char() == '#'
                    && group.delimiter() == proc_macro2::Delimiter::Bracket =>
            {
                start += 2
            }
            _ => break,
        }
    }
    trees.drain(..start);
    if let Some(proc_macro2::TokenTree::Punct(punct)) = trees.last() {
        if punct.as_char() == ';' {
            trees.pop();
        }
    }
    if let Some(proc_macro2::TokenTree::Group(group)) = trees.last() {
        if group.delimiter() == proc_macro2::Delimiter::Brace {
            trees.pop();
        }
    }
    trees.into_iter().collect()
}

/// From the item's name to its last token. Attributes and doc comments
/// above an item are not part of its range.
fn range_of(name_span: Span, text: &ItemText) -> SourceRange {
    let start = name_span.start();
    let end = text.end.unwrap_or_else(|| name_span.end());
    SourceRange {
        line: start.line as u32,
        col: start.column as u32 + 1,
        end_line: end.line as u32,
        end_col: end.column as u32,
    }
}

/// An item's end and content hash.
struct ItemText {
    /// Where its last token ends (`None`: an item with no tokens).
    end: Option<LineColumn>,
    content_hash: [u8; 16],
}

fn is_proc_macro_attr(attr: &syn::Attribute) -> bool {
    let path = attr.path();
    path.is_ident("proc_macro")
        || path.is_ident("proc_macro_derive")
        || path.is_ident("proc_macro_attribute")
}

/// `Some(Some(name))` for `#[proc_macro_derive(Name)]`, `Some(None)` for
/// function-like and attribute proc macros (named after the fn).
fn proc_macro_name(attrs: &[syn::Attribute]) -> Option<Option<String>> {
    let attr = attrs.iter().find(|attr| is_proc_macro_attr(attr))?;
    if attr.path().is_ident("proc_macro_derive") {
        let mut name = None;
        let _ = attr.parse_nested_meta(|meta| {
            if name.is_none() {
                name = meta.path.get_ident().map(ToString::to_string);
            }
            // Skip `attributes(...)` without failing.
            if meta.input.peek(syn::token::Paren) {
                let _content;
                syn::parenthesized!(_content in meta.input);
            }
            Ok(())
        });
        return Some(name);
    }
    Some(None)
}

/// The self type of an impl as path segments, when it is a plain path to a
/// nameable type (not a reference, tuple, or one of the impl's parameters).
fn impl_self_path(self_ty: &Type, generics: &syn::Generics) -> Option<Vec<String>> {
    let Type::Path(type_path) = self_ty else {
        return None;
    };
    if type_path.qself.is_some() {
        return None;
    }
    let segments: Vec<String> = type_path
        .path
        .segments
        .iter()
        .map(|segment| ident_name(&segment.ident))
        .collect();
    if segments.len() == 1 {
        let is_param = generics.params.iter().any(|param| match param {
            GenericParam::Type(param) => param.ident == segments[0],
            _ => false,
        });
        if is_param {
            return None;
        }
    }
    // `::std::slice::Iter` (2018+: a path from the extern prelude, written
    // that way in macros so no local name can shadow it) resolves as the
    // same path without the colons; a bare `::X` names nothing nameable.
    if type_path.path.leading_colon.is_some() && segments.len() < 2 {
        return None;
    }
    Some(segments)
}

/// Resolves a path written in `scope` without looking at imports:
/// `crate::`, `self::`, `super::` and plain names declared in scope. Returns
/// `None` for paths that start elsewhere (another crate, or an import).
pub fn textual_path(
    scope_path: &str,
    module_path: &str,
    crate_name: &str,
    segments: &[String],
) -> Option<String> {
    let first = segments.first()?;
    match first.as_str() {
        "crate" => Some(join_path(crate_name, &segments[1..])),
        "self" => Some(join_path(module_path, &segments[1..])),
        "super" => {
            let mut base = module_path.to_string();
            let mut rest = segments;
            while rest.first().map(String::as_str) == Some("super") {
                let cut = base.rfind("::")?;
                base.truncate(cut);
                rest = &rest[1..];
            }
            Some(join_path(&base, rest))
        }
        _ if segments.len() == 1 => Some(join_path(scope_path, segments)),
        _ => Some(join_path(scope_path, segments)),
    }
}

fn join_path(base: &str, rest: &[String]) -> String {
    let mut path = base.to_string();
    for segment in rest {
        path.push_str("::");
        path.push_str(segment);
    }
    path
}

/// The traits bounding the self type of a blanket impl, `impl<T: A> Tr
/// for T` or `… for T where T: A`; empty when the self type is not one of
/// the impl's type parameters.
fn blanket_bounds(self_ty: &Type, generics: &syn::Generics) -> Vec<Vec<String>> {
    // A bare `T`: `impl<T: Tr> Tr for &T` forwards for references, which
    // method lookups already see through.
    let Type::Path(path) = self_ty else {
        return Vec::new();
    };
    let Some(name) = path
        .path
        .get_ident()
        .filter(|_| is_type_parameter(self_ty, generics))
    else {
        return Vec::new();
    };
    let name = &name.to_string();
    let mut bounds = Vec::new();
    for param in generics.type_params() {
        if param.ident == name {
            bounds.extend(super::sites::bound_paths(&param.bounds));
        }
    }
    for predicate in generics.where_clause.iter().flat_map(|w| &w.predicates) {
        if let syn::WherePredicate::Type(predicate) = predicate {
            if type_path(&predicate.bounded_ty).is_some_and(|path| path == [name.as_str()]) {
                bounds.extend(super::sites::bound_paths(&predicate.bounds));
            }
        }
    }
    bounds
}

/// Whether `ty` is a bare type parameter of `generics` (the self type of
/// a blanket impl, `impl<T> Tr for T`).
fn is_type_parameter(ty: &Type, generics: &syn::Generics) -> bool {
    let Type::Path(path) = ty else {
        return false;
    };
    path.qself.is_none()
        && path
            .path
            .get_ident()
            .is_some_and(|name| generics.type_params().any(|param| param.ident == *name))
}

/// Names of type and const parameters in scope (an item's own plus its
/// impl's or trait's): they name no item.
fn generic_names(generics: &syn::Generics, outer: &[String]) -> Vec<String> {
    let mut names = outer.to_vec();
    for param in &generics.params {
        match param {
            GenericParam::Type(param) => names.push(param.ident.to_string()),
            GenericParam::Const(param) => names.push(param.ident.to_string()),
            GenericParam::Lifetime(_) => {}
        }
    }
    names
}

/// An identifier as a name: `r#ref` is the item `ref`, and its file is
/// `ref.rs`. (One allocation: `unraw()` copies the identifier first.)
pub(super) fn ident_name(ident: &proc_macro2::Ident) -> String {
    let mut name = ident.to_string();
    if name.starts_with("r#") {
        name.drain(..2);
    }
    name
}

/// One name a `use` brings into scope.
struct UseLeaf {
    bound_name: String,
    target: Vec<String>,
    is_glob: bool,
    renamed: bool,
    span: Span,
}

fn use_leaves(tree: &UseTree, prefix: &mut Vec<String>, out: &mut Vec<UseLeaf>) {
    match tree {
        UseTree::Path(path) => {
            prefix.push(ident_name(&path.ident));
            use_leaves(&path.tree, prefix, out);
            prefix.pop();
        }
        UseTree::Name(name) => {
            let ident = ident_name(&name.ident);
            if ident == "self" {
                out.push(UseLeaf {
                    bound_name: prefix.last().cloned().unwrap_or_default(),
                    target: prefix.clone(),
                    is_glob: false,
                    renamed: false,
                    span: name.ident.span(),
                });
            } else {
                let mut target = prefix.clone();
                target.push(ident.clone());
                out.push(UseLeaf {
                    bound_name: ident,
                    target,
                    is_glob: false,
                    renamed: false,
                    span: name.ident.span(),
                });
            }
        }
        UseTree::Rename(rename) => {
            let ident = ident_name(&rename.ident);
            let mut target = prefix.clone();
            if ident != "self" {
                target.push(ident);
            }
            out.push(UseLeaf {
                bound_name: ident_name(&rename.rename),
                target,
                is_glob: false,
                renamed: true,
                span: rename.rename.span(),
            });
        }
        UseTree::Glob(glob) => out.push(UseLeaf {
            bound_name: "*".to_string(),
            target: prefix.clone(),
            is_glob: true,
            renamed: false,
            span: glob.star_token.span,
        }),
        UseTree::Group(group) => {
            for tree in &group.items {
                use_leaves(tree, prefix, out);
            }
        }
    }
}

/// Collects the items declared anywhere inside a body, without descending
/// into them (they are extracted with their own scope).
#[derive(Default)]
struct NestedItems<'ast> {
    items: Vec<&'ast Item>,
    /// Whether statement macros are item-level calls too (see
    /// [`NestedItems::in_const`]).
    statement_macros: bool,
    /// Those calls, as the items syn would have parsed at module level.
    macro_calls: Vec<Item>,
}

impl NestedItems<'_> {
    /// For a const's initializer: `const _: () = { impl Default for kw {}
    /// $crate::impl_parse_for_custom_keyword!(kw); };` is how macros
    /// (syn's `custom_keyword!`, derives' output) group the impls they
    /// write, and its statement macros are item macros there. Std's own
    /// macros (`assert!` in a const assertion) write no items.
    fn in_const() -> Self {
        NestedItems {
            statement_macros: true,
            ..NestedItems::default()
        }
    }
}

impl<'ast> Visit<'ast> for NestedItems<'ast> {
    fn visit_item(&mut self, item: &'ast Item) {
        self.items.push(item);
    }

    fn visit_stmt_macro(&mut self, stmt: &'ast syn::StmtMacro) {
        let name = stmt.mac.path.segments.last().map(|s| ident_name(&s.ident));
        let writes_items = name.is_some_and(|name| builtin_macro_path(&name).is_none());
        if self.statement_macros && writes_items {
            self.macro_calls.push(Item::Macro(syn::ItemMacro {
                attrs: stmt.attrs.clone(),
                ident: None,
                mac: stmt.mac.clone(),
                semi_token: stmt.semi_token,
            }));
        }
    }
}
