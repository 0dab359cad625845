//! The in-memory graph: crates, files, nodes, edges and diagnostics as the
//! parser produces them and the store writes them. Plain data, no behaviour
//! beyond naming things.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use uuid::Uuid;

/// Dense, process-local node index handed out from reserved blocks
/// (see [`crate::ids::IdAllocator`]). Only meaningful within one run.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct NodeIdx(pub u32);

/// Every kind of node the graph holds. The string forms are part of the
/// public query surface (the `kind` column).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum NodeKind {
    Crate,
    Module,
    Function,
    Method,
    Struct,
    Enum,
    Variant,
    Field,
    Union,
    Trait,
    Impl,
    TypeAlias,
    Const,
    Static,
    AssocType,
    AssocConst,
    Macro,
    Use,
    ExternCrate,
    MacroCall,
    ExternType,
    /// Something outside the indexed crates that edges point at (`std::…`,
    /// or a dependency indexed without `--deps`), one node per path.
    External,
}

impl NodeKind {
    /// Whether the node names a type an impl can be for (or a trait, whose
    /// members impls also hold).
    pub fn is_type(self) -> bool {
        matches!(
            self,
            NodeKind::Struct
                | NodeKind::Enum
                | NodeKind::Union
                | NodeKind::Trait
                | NodeKind::TypeAlias
                | NodeKind::ExternType
        )
    }

    pub const ALL: [NodeKind; 22] = [
        NodeKind::Crate,
        NodeKind::Module,
        NodeKind::Function,
        NodeKind::Method,
        NodeKind::Struct,
        NodeKind::Enum,
        NodeKind::Variant,
        NodeKind::Field,
        NodeKind::Union,
        NodeKind::Trait,
        NodeKind::Impl,
        NodeKind::TypeAlias,
        NodeKind::Const,
        NodeKind::Static,
        NodeKind::AssocType,
        NodeKind::AssocConst,
        NodeKind::Macro,
        NodeKind::Use,
        NodeKind::ExternCrate,
        NodeKind::MacroCall,
        NodeKind::ExternType,
        NodeKind::External,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Crate => "crate",
            NodeKind::Module => "module",
            NodeKind::Function => "function",
            NodeKind::Method => "method",
            NodeKind::Struct => "struct",
            NodeKind::Enum => "enum",
            NodeKind::Variant => "variant",
            NodeKind::Field => "field",
            NodeKind::Union => "union",
            NodeKind::Trait => "trait",
            NodeKind::Impl => "impl",
            NodeKind::TypeAlias => "type_alias",
            NodeKind::Const => "const",
            NodeKind::Static => "static",
            NodeKind::AssocType => "assoc_type",
            NodeKind::AssocConst => "assoc_const",
            NodeKind::Macro => "macro",
            NodeKind::Use => "use",
            NodeKind::ExternCrate => "extern_crate",
            NodeKind::MacroCall => "macro_call",
            NodeKind::ExternType => "extern_type",
            NodeKind::External => "external",
        }
    }

    pub fn parse(text: &str) -> Option<NodeKind> {
        NodeKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

impl fmt::Display for NodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Edge kinds; the string forms are the `kind` column of `edge`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EdgeKind {
    /// Crate → module → item → member.
    Contains,
    /// Impl → its self type.
    ImplFor,
    /// Impl → the trait it implements.
    Implements,
    /// Fn/method (or const/static initializer) → fn/method it calls.
    Calls,
    /// Item → type or trait it names in its signature, fields or bounds.
    References,
    /// Type → trait it derives.
    Derives,
    /// Item → macro it invokes.
    InvokesMacro,
    /// `use` → what it imports (`pub use`: `reexports`).
    Imports,
    Reexports,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Contains => "contains",
            EdgeKind::ImplFor => "impl_for",
            EdgeKind::Implements => "implements",
            EdgeKind::Calls => "calls",
            EdgeKind::References => "references",
            EdgeKind::Derives => "derives",
            EdgeKind::InvokesMacro => "invokes_macro",
            EdgeKind::Imports => "imports",
            EdgeKind::Reexports => "reexports",
        }
    }
}

/// How an edge was established (`provenance` column of `edge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provenance {
    /// Established by syntax or by a path resolved through the def maps.
    Exact,
    /// A method call whose receiver's type was known.
    Method,
    /// Only the method name matched (receiver type unknown); the edge's
    /// `candidates` says among how many.
    Heuristic,
}

impl Provenance {
    pub fn as_str(self) -> &'static str {
        match self {
            Provenance::Exact => "exact",
            Provenance::Method => "method",
            Provenance::Heuristic => "heuristic",
        }
    }
}

/// A source position: 1-based line, 1-based column counted in characters.
/// `end_*` points at the last character of the item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SourceRange {
    pub line: u32,
    pub col: u32,
    pub end_line: u32,
    pub end_col: u32,
}

#[derive(Debug, Clone)]
pub struct Node {
    pub idx: NodeIdx,
    pub id: Uuid,
    pub crate_id: Uuid,
    pub kind: NodeKind,
    pub name: String,
    pub path: String,
    /// Display path of the file (see [`FileRecord::path`]).
    pub file: Arc<str>,
    pub range: SourceRange,
    /// Visibility as written (`pub`, `pub(crate)`, …); empty when none is written.
    pub vis: String,
    pub signature: Option<String>,
    pub docs: Option<String>,
    /// Attributes that matter to users (`derive(Debug)`, `test`, `deprecated`, …).
    pub attrs: Vec<String>,
    /// First 16 bytes of blake3 over the item's normalized tokens.
    pub content_hash: [u8; 16],
    /// Effective cfg predicate (own and enclosing), `None` when unconditional.
    pub cfg: Option<Arc<str>>,
    /// Identity input that separates items sharing a path (an impl's header,
    /// a `use` leaf's target); not stored.
    pub disambiguator: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub src: NodeIdx,
    pub dst: NodeIdx,
    pub kind: EdgeKind,
    pub provenance: Provenance,
    /// How many targets the name matched (1 unless heuristic).
    pub candidates: u32,
    /// Where the edge is written (file, line), for edges from code sites.
    pub site: Option<(Arc<str>, u32)>,
}

impl Edge {
    /// A structural edge established by syntax.
    pub fn exact(src: NodeIdx, dst: NodeIdx, kind: EdgeKind) -> Self {
        Edge {
            src,
            dst,
            kind,
            provenance: Provenance::Exact,
            candidates: 1,
            site: None,
        }
    }
}

/// `#[codegraph_macros::layer("domain")]` on a node: key `layer`, value `domain`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    pub node: NodeIdx,
    pub key: String,
    pub value: String,
}

/// Something an item mentions that could not be resolved: kept so that
/// "zero callers" can be trusted (completeness is queryable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    pub src: NodeIdx,
    /// `call`, `method`, `type`, `trait`, `macro`, `derive`, `import`.
    pub kind: &'static str,
    pub text: String,
    pub file: Arc<str>,
    pub line: u32,
}

/// Which directory a file's display path is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRoot {
    /// Relative to the workspace root (workspace members).
    Workspace,
    /// `<package>-<version>/` followed by the path relative to the package root
    /// (dependencies, whose sources live outside the workspace).
    Package,
}

impl FileRoot {
    pub fn as_str(self) -> &'static str {
        match self {
            FileRoot::Workspace => "workspace",
            FileRoot::Package => "package",
        }
    }
}

#[derive(Debug, Clone)]
pub struct FileRecord {
    pub path: Arc<str>,
    /// Where it was read from, to tell later whether it changed.
    pub abs_path: PathBuf,
    pub crate_id: Uuid,
    pub root: FileRoot,
    /// blake3 of the bytes; `None` for a file a `mod` looked for and did
    /// not find (so creating it later is noticed).
    pub hash: Option<[u8; 16]>,
    pub bytes: u64,
    pub lines: u32,
    /// Why the file could not be read or parsed, if it could not.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A problem found while indexing user code: never fatal, always stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub crate_id: Uuid,
    pub file: Arc<str>,
    pub line: u32,
    pub col: u32,
    pub severity: Severity,
    /// Stable kebab-case code, e.g. `parse-error`, `missing-module-file`.
    pub code: &'static str,
    pub message: String,
}

/// Everything one parse unit (crate target) produced.
#[derive(Debug, Default)]
pub struct UnitGraph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub files: Vec<FileRecord>,
    pub diagnostics: Vec<Diagnostic>,
    pub unresolved: Vec<Unresolved>,
    pub annotations: Vec<Annotation>,
    /// Total source lines of the unit's files.
    pub lines: u64,
}

impl UnitGraph {
    pub fn absorb(&mut self, other: UnitGraph) {
        self.nodes.extend(other.nodes);
        self.edges.extend(other.edges);
        self.files.extend(other.files);
        self.diagnostics.extend(other.diagnostics);
        self.unresolved.extend(other.unresolved);
        self.annotations.extend(other.annotations);
        self.lines += other.lines;
    }
}
