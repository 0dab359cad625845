//! Command-line arguments. Validation that needs no I/O happens here; the
//! commands turn these into core options.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "cargo-codegraph",
    bin_name = "cargo codegraph",
    version,
    about = "Turn a Rust workspace into a queryable code graph",
    long_about = "Turn a Rust workspace into a queryable code graph.\n\n\
        `cargo codegraph index` parses every crate of the workspace into target/codegraph.cozo \
        (an embedded CozoDB database); `cargo codegraph query` asks it questions in CozoScript \
        or with named queries (defs, members, callers, impls, …); `cargo codegraph stats` summarises it; \
        `cargo codegraph check` enforces the architecture rules of codegraph.toml; \
        `cargo codegraph index --embed` adds embeddings and `cargo codegraph search \"what it does\"` finds code by meaning."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// Path to Cargo.toml of the workspace (default: found from the current directory).
    #[arg(long, global = true, value_name = "PATH")]
    pub manifest_path: Option<PathBuf>,
    /// Directory for the index (default: cargo's target directory).
    #[arg(long, global = true, env = "CARGO_TARGET_DIR", value_name = "DIR")]
    pub target_dir: Option<PathBuf>,
    /// Print nothing but results and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print phase timings and store costs.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Coloring of progress output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the graph of the workspace into <target-dir>/codegraph.cozo.
    Index(IndexArgs),
    /// Run CozoScript, or a named query, against the index.
    Query(QueryArgs),
    /// Counts by crate and kind, files, lines, diagnostics and the index's age.
    Stats(StatsArgs),
    /// Check the architecture rules of codegraph.toml (exit 1 on errors).
    Check(CheckArgs),
    /// Embed the items of an existing index (only content without a vector).
    Embed(EmbedCommandArgs),
    /// Find code by what it does: semantic (embeddings) and lexical matches.
    Search(SearchArgs),
}

#[derive(Debug, Clone, Args)]
pub struct ModelArgs {
    /// Sentence model on the Hugging Face hub: ORG/NAME[@REVISION] (any BERT-family model).
    #[arg(
        long,
        value_name = "ORG/NAME[@REV]",
        env = "CODEGRAPH_MODEL",
        default_value = codegraph_core::embed::DEFAULT_MODEL
    )]
    pub model: String,
    /// Use the model files in DIR (config.json, tokenizer.json, model.safetensors) instead of the hub.
    #[arg(long, value_name = "DIR")]
    pub model_path: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct EmbedArgs {
    #[command(flatten)]
    pub model: ModelArgs,
    /// Also embed dependencies' items (default: workspace members only).
    #[arg(long)]
    pub embed_deps: bool,
    /// Kinds to embed (comma separated, repeatable; default: function, method, struct,
    /// enum, trait, type_alias, const, static, macro, module).
    #[arg(long = "embed-kinds", value_name = "KINDS")]
    pub kinds: Vec<String>,
    /// Texts per model run.
    #[arg(long, default_value_t = codegraph_core::embed::DEFAULT_BATCH, value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=1024))]
    pub batch_size: usize,
}

#[derive(Debug, Args)]
pub struct EmbedCommandArgs {
    #[command(flatten)]
    pub embed: EmbedArgs,
    /// If another run is writing the index, fail instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What the code does, in plain words.
    #[arg(required = true, value_name = "TEXT")]
    pub text: Vec<String>,
    /// How many hits to show.
    #[arg(short, default_value_t = 10)]
    pub k: usize,
    /// Only these kinds (comma separated, repeatable).
    #[arg(long = "kind", value_name = "KINDS")]
    pub kinds: Vec<String>,
    /// Only these crates (comma separated, repeatable).
    #[arg(long = "crate", value_name = "CRATES")]
    pub crates: Vec<String>,
    /// Names, paths and docs only: do not load the model.
    #[arg(long)]
    pub lexical: bool,
    /// Shorthand for --format json.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    #[command(flatten)]
    pub model: ModelArgs,
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub location: IndexLocation,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Index only this workspace member (repeatable; default: every member).
    #[arg(short, long = "package", value_name = "SPEC")]
    pub packages: Vec<String>,
    /// Index every workspace member (the default; accepted for cargo compatibility).
    #[arg(long, conflicts_with = "packages")]
    pub workspace: bool,
    /// Features to activate (comma or space separated, repeatable).
    #[arg(short = 'F', long, value_name = "FEATURES")]
    pub features: Vec<String>,
    /// Activate all features.
    #[arg(long)]
    pub all_features: bool,
    /// Do not activate the `default` feature.
    #[arg(long)]
    pub no_default_features: bool,
    /// Also index every dependency of the selected packages (host platform).
    #[arg(long)]
    pub deps: bool,
    /// Also index tests, examples, benches and build scripts of workspace members.
    #[arg(long)]
    pub all_targets: bool,
    /// Rebuild even if nothing changed since the last run.
    #[arg(long)]
    pub full: bool,
    /// If another `index` is writing this index, fail instead of waiting.
    #[arg(long)]
    pub no_wait: bool,
    /// Then embed the items whose content has no vector yet (see `embed`).
    #[arg(long)]
    pub embed: bool,
    #[command(flatten)]
    pub embedding: EmbedArgs,
}

#[derive(Debug, Args)]
#[command(subcommand_negates_reqs = true)]
pub struct QueryArgs {
    /// CozoScript to run (or use -f).
    #[arg(value_name = "SCRIPT", required_unless_present = "file")]
    pub script: Option<String>,
    /// Read the script from a file.
    #[arg(short, long, value_name = "FILE", conflicts_with = "script")]
    pub file: Option<PathBuf>,
    /// Bind $name in the script: `name=<json>` (a plain string also works).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Allow the script to modify the index.
    #[arg(long)]
    pub write: bool,
    // Global, so the named queries take them written before or after their name.
    #[command(flatten)]
    pub output: QueryOutputArgs,
    #[command(flatten)]
    pub location: QueryIndexLocation,
    #[command(subcommand)]
    pub named: Option<NamedQuery>,
}

#[derive(Debug, Subcommand)]
pub enum NamedQuery {
    /// Where is it defined: path, kind, file:line, signature.
    Defs {
        /// A name (`load`), a path or path suffix (`Config::load`), or a glob (`parse_*`).
        pattern: String,
        /// Only these kinds (repeatable: function, method, struct, …).
        #[arg(long = "kind", value_name = "KIND")]
        kinds: Vec<String>,
    },
    /// What a module, type or trait contains (with methods of its impls).
    Members {
        /// Full path, e.g. `my_crate::config::Config`.
        path: String,
    },
    /// Who calls it: callers with distance, provenance and call site.
    Callers(CallGraphArgs),
    /// What it calls: callees with distance, provenance and call site.
    Callees(CallGraphArgs),
    /// Impls of a trait (with their types), or of a type (with their traits).
    Impls {
        /// A trait or type path, or a unique suffix of one.
        path: String,
    },
    /// Everything that points at it: calls, references, impls, imports, derives.
    Refs {
        /// A path, or a unique suffix of one.
        path: String,
    },
    /// The shortest chain of calls from one item to another.
    Path { from: String, to: String },
    /// Every path that names it (its own, and those `pub use` gives it):
    /// public ones first, shortest first (what to write in a `use`).
    Paths {
        /// A path (a definition's or a public one), or a unique suffix of one.
        path: String,
    },
    /// The crate graph (`--format dot` renders it for Graphviz).
    Deps,
    /// What could not be resolved (so "zero callers" can be checked).
    Unresolved {
        /// Only this crate.
        #[arg(value_name = "CRATE")]
        crate_name: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct CallGraphArgs {
    /// A function or method path, or a unique suffix (`Config::load`).
    pub path: String,
    /// How many calls away (1 = direct).
    #[arg(long, default_value_t = 1, conflicts_with = "transitive")]
    pub depth: u32,
    /// Follow calls all the way.
    #[arg(long)]
    pub transitive: bool,
    /// Leave out calls guessed from the method name alone (provenance
    /// `heuristic`): what is left is what the resolver is sure of.
    #[arg(long)]
    pub no_heuristic: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Rules file (default: codegraph.toml at the workspace root).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Only this rule (repeatable).
    #[arg(long = "rule", value_name = "ID")]
    pub rules: Vec<String>,
    /// Output format (sarif: SARIF 2.1.0, for GitHub code scanning).
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Only violations not recorded in this baseline count (and are shown).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record the current violations as the baseline, then exit 0.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub output: OutputArgs,
    #[command(flatten)]
    pub location: IndexLocation,
}

#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `query`'s `--format`: global, so `query --format json defs X` and
/// `query defs X --format json` mean the same.
#[derive(Debug, Clone, Args)]
pub struct QueryOutputArgs {
    /// Output format.
    #[arg(long, global = true, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `query`'s `--index`, global like [`QueryOutputArgs`].
#[derive(Debug, Clone, Args)]
pub struct QueryIndexLocation {
    /// Query this index file instead of <target-dir>/codegraph.cozo.
    #[arg(long, global = true, value_name = "FILE")]
    pub index: Option<PathBuf>,
}

impl From<QueryIndexLocation> for IndexLocation {
    fn from(location: QueryIndexLocation) -> Self {
        IndexLocation {
            index: location.index,
        }
    }
}

#[derive(Debug, Clone, Args)]
pub struct IndexLocation {
    /// Query this index file instead of <target-dir>/codegraph.cozo.
    #[arg(long, value_name = "FILE")]
    pub index: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Jsonl,
    Csv,
    /// Graphviz: the first two columns are an edge, the rest its label.
    Dot,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn arguments_are_consistent() {
        Cli::command().debug_assert();
    }
}
