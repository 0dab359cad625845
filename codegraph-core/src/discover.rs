//! Discover: the only module that runs cargo. Turns `cargo metadata` into
//! the list of crate targets to index (parse units), the crates they depend
//! on and the target directory, honouring package selection, features and
//! `--deps`.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use cargo_metadata::{
    CargoOpt, DependencyKind, Metadata, MetadataCommand, Package, PackageId, Target, TargetKind,
};
use uuid::Uuid;

use crate::cfg_eval::BuildCfg;
use crate::error::{Error, Result};
use crate::ids::crate_id;
use crate::model::FileRoot;
use crate::parse::{Edition, FileDisplay, UnitSpec};

/// Which crates to index; mirrors cargo's own flags.
#[derive(Debug, Clone, Default)]
pub struct DiscoverOptions {
    pub manifest_path: Option<PathBuf>,
    /// `-p`: only these workspace members (all members when empty).
    pub packages: Vec<String>,
    pub features: Vec<String>,
    pub all_features: bool,
    pub no_default_features: bool,
    /// Also index every dependency of the selected packages (host platform).
    pub deps: bool,
    /// Tests, examples, benches and build scripts too.
    pub all_targets: bool,
}

/// One crate target: a parse unit when `indexed`, otherwise a dependency
/// that is only named (so crate-level queries still see it).
#[derive(Debug, Clone)]
pub struct CrateInfo {
    pub id: Uuid,
    pub name: String,
    pub package: String,
    pub version: String,
    pub target_kind: String,
    pub edition: String,
    /// `workspace`, `path`, `registry`, `git` or the raw cargo source.
    pub source: String,
    pub manifest_path: PathBuf,
    pub is_member: bool,
    pub indexed: bool,
    pub features: Vec<String>,
    pub unit: UnitSpec,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CrateDep {
    pub from: Uuid,
    pub to: Uuid,
    /// `normal`, `dev` or `build`.
    pub kind: String,
    /// The name the dependent uses for it (`extern crate` name).
    pub rename: String,
    pub optional: bool,
}

#[derive(Debug, Clone)]
pub struct Workspace {
    pub root: PathBuf,
    pub target_dir: PathBuf,
    pub crates: Vec<CrateInfo>,
    pub crate_deps: Vec<CrateDep>,
    /// The host target's cfgs (`rustc --print cfg`), which tell the
    /// resolver which cfg alternatives this build compiles.
    pub build_cfg: BuildCfg,
}

impl Workspace {
    pub fn indexed_crates(&self) -> impl Iterator<Item = &CrateInfo> {
        self.crates.iter().filter(|krate| krate.indexed)
    }
}

pub fn discover(options: &DiscoverOptions) -> Result<Workspace> {
    if let Some(manifest) = &options.manifest_path {
        if !manifest.is_file() {
            return Err(Error::ManifestNotFound(manifest.clone()));
        }
    }
    // rustc answers while cargo metadata runs: a run with nothing to redo
    // is mostly these two processes.
    let build_cfg = std::thread::spawn(host_cfg);
    let mut command = MetadataCommand::new();
    if let Some(manifest) = &options.manifest_path {
        command.manifest_path(manifest);
    }
    if options.all_features {
        command.features(CargoOpt::AllFeatures);
    }
    if options.no_default_features {
        command.features(CargoOpt::NoDefaultFeatures);
    }
    if !options.features.is_empty() {
        command.features(CargoOpt::SomeFeatures(options.features.clone()));
    }
    // Dependencies are resolved for the machine we run on, like a build.
    command.other_options(vec!["--filter-platform".to_string(), host_triple()?]);
    let metadata = command.exec().map_err(|error| match error {
        cargo_metadata::Error::CargoMetadata { stderr } => {
            Error::Metadata(stderr.trim().to_string())
        }
        other => Error::Metadata(other.to_string()),
    })?;
    let mut workspace = plan(&metadata, options)?;
    workspace.build_cfg = build_cfg.join().unwrap_or_default();
    Ok(workspace)
}

/// The host target's cfgs; none known if rustc does not answer (then no
/// target cfg is decided, which is what the resolver did before).
fn host_cfg() -> BuildCfg {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    Command::new(&rustc)
        .args(["--print", "cfg"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| BuildCfg::from_print_cfg(&String::from_utf8_lossy(&output.stdout)))
        .unwrap_or_default()
}

fn host_triple() -> Result<String> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let output = Command::new(&rustc)
        .arg("-vV")
        .output()
        .map_err(|error| Error::HostTriple(format!("{rustc}: {error}")))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|line| line.strip_prefix("host: "))
        .map(|host| host.trim().to_string())
        .ok_or_else(|| Error::HostTriple(stdout.trim().to_string()))
}

/// Pure part of discovery: metadata in, plan out.
pub fn plan(metadata: &Metadata, options: &DiscoverOptions) -> Result<Workspace> {
    let root = metadata.workspace_root.clone().into_std_path_buf();
    let members: BTreeSet<&PackageId> = metadata.workspace_members.iter().collect();
    let packages: HashMap<&PackageId, &Package> =
        metadata.packages.iter().map(|p| (&p.id, p)).collect();

    let selected: Vec<&PackageId> = if options.packages.is_empty() {
        metadata.workspace_members.iter().collect()
    } else {
        let mut chosen = Vec::new();
        for wanted in &options.packages {
            let found = metadata
                .workspace_members
                .iter()
                .find(|id| packages.get(id).is_some_and(|p| p.name.as_str() == wanted));
            match found {
                Some(id) => chosen.push(id),
                None => {
                    let names: Vec<&str> = metadata
                        .workspace_members
                        .iter()
                        .filter_map(|id| packages.get(id).map(|p| p.name.as_str()))
                        .collect();
                    return Err(Error::UnknownPackage(wanted.clone(), names.join(", ")));
                }
            }
        }
        chosen
    };

    let resolve_nodes: HashMap<&PackageId, &cargo_metadata::Node> = metadata
        .resolve
        .as_ref()
        .map(|resolve| resolve.nodes.iter().map(|node| (&node.id, node)).collect())
        .unwrap_or_default();

    // Packages to index: the selection, plus (with --deps) the closure over
    // normal and build dependencies, plus dev-dependencies of the selection
    // when their tests are indexed too.
    let mut indexed_packages: BTreeSet<&PackageId> = selected.iter().copied().collect();
    if options.deps {
        let mut stack: Vec<(&PackageId, bool)> = selected.iter().map(|id| (*id, true)).collect();
        while let Some((id, is_selected)) = stack.pop() {
            let Some(node) = resolve_nodes.get(id) else {
                continue;
            };
            for dep in &node.deps {
                let wanted = dep.dep_kinds.iter().any(|info| match info.kind {
                    DependencyKind::Normal | DependencyKind::Build => true,
                    DependencyKind::Development => is_selected && options.all_targets,
                    _ => false,
                });
                if wanted && indexed_packages.insert(&dep.pkg) {
                    stack.push((&dep.pkg, false));
                }
            }
        }
    }

    let mut crates = Vec::new();
    let mut lib_of: HashMap<&PackageId, Uuid> = HashMap::new();
    let mut targets_of: HashMap<&PackageId, Vec<Uuid>> = HashMap::new();
    // Every package in the closure of direct dependencies gets a crate row,
    // indexed or not, so crate-level queries are complete.
    let mut named_packages: BTreeSet<&PackageId> = indexed_packages.clone();
    for id in &indexed_packages {
        if let Some(node) = resolve_nodes.get(id) {
            named_packages.extend(node.deps.iter().map(|dep| &dep.pkg));
        }
    }
    for id in &named_packages {
        let Some(package) = packages.get(id) else {
            continue;
        };
        let is_member = members.contains(id);
        let indexed = indexed_packages.contains(id);
        let features: Vec<String> = resolve_nodes
            .get(id)
            .map(|node| node.features.iter().map(|f| f.to_string()).collect())
            .unwrap_or_default();
        for target in &package.targets {
            let Some(kind) = target_kind(target) else {
                continue;
            };
            let is_lib = matches!(kind, "lib" | "proc-macro");
            let wanted = if is_member && indexed {
                is_lib || kind == "bin" || options.all_targets
            } else {
                is_lib
            };
            if !wanted {
                continue;
            }
            let info = crate_info(
                package,
                target,
                kind,
                is_member,
                indexed,
                &root,
                features.clone(),
            );
            if is_lib {
                lib_of.insert(id, info.id);
            }
            targets_of.entry(id).or_default().push(info.id);
            crates.push(info);
        }
    }

    let mut crate_deps = BTreeSet::new();
    for id in &indexed_packages {
        let Some(node) = resolve_nodes.get(id) else {
            continue;
        };
        let Some(package) = packages.get(id) else {
            continue;
        };
        let froms = targets_of.get(id).cloned().unwrap_or_default();
        for dep in &node.deps {
            let Some(to) = lib_of.get(&dep.pkg) else {
                continue;
            };
            let optional = packages
                .get(&dep.pkg)
                .map(|dep_package| {
                    package
                        .dependencies
                        .iter()
                        .any(|d| d.name == dep_package.name.as_str() && d.optional)
                })
                .unwrap_or(false);
            for info in &dep.dep_kinds {
                let kind = match info.kind {
                    DependencyKind::Normal => "normal",
                    DependencyKind::Development => "dev",
                    DependencyKind::Build => "build",
                    _ => continue,
                };
                for from in &froms {
                    crate_deps.insert(CrateDep {
                        from: *from,
                        to: *to,
                        kind: kind.to_string(),
                        rename: dep.name.clone(),
                        optional,
                    });
                }
            }
        }
        // Binaries, tests and examples see their own package's library.
        if let Some(lib) = lib_of.get(id) {
            let lib_name = crates
                .iter()
                .find(|c| c.id == *lib)
                .map(|c| c.name.clone())
                .unwrap_or_default();
            for from in froms.iter().filter(|from| *from != lib) {
                crate_deps.insert(CrateDep {
                    from: *from,
                    to: *lib,
                    kind: "normal".to_string(),
                    rename: lib_name.clone(),
                    optional: false,
                });
            }
        }
    }

    crates.sort_by(|a, b| {
        (&a.package, &a.version, &a.target_kind, &a.name).cmp(&(
            &b.package,
            &b.version,
            &b.target_kind,
            &b.name,
        ))
    });
    Ok(Workspace {
        root,
        target_dir: metadata.target_directory.clone().into_std_path_buf(),
        crates,
        crate_deps: crate_deps.into_iter().collect(),
        build_cfg: BuildCfg::default(),
    })
}

fn target_kind(target: &Target) -> Option<&'static str> {
    let mut best = None;
    for kind in &target.kind {
        let name = match kind {
            TargetKind::Lib
            | TargetKind::RLib
            | TargetKind::DyLib
            | TargetKind::CDyLib
            | TargetKind::StaticLib => "lib",
            TargetKind::ProcMacro => "proc-macro",
            TargetKind::Bin => "bin",
            TargetKind::Test => "test",
            TargetKind::Example => "example",
            TargetKind::Bench => "bench",
            TargetKind::CustomBuild => "custom-build",
            _ => continue,
        };
        best.get_or_insert(name);
    }
    best
}

fn source_label(package: &Package, is_member: bool) -> String {
    if is_member {
        return "workspace".to_string();
    }
    match &package.source {
        None => "path".to_string(),
        Some(source) => {
            let repr = &source.repr;
            if repr.starts_with("registry+") || repr.starts_with("sparse+") {
                "registry".to_string()
            } else if repr.starts_with("git+") {
                "git".to_string()
            } else {
                repr.clone()
            }
        }
    }
}

fn crate_info(
    package: &Package,
    target: &Target,
    kind: &str,
    is_member: bool,
    indexed: bool,
    workspace_root: &Path,
    features: Vec<String>,
) -> CrateInfo {
    let source = source_label(package, is_member);
    let version = package.version.to_string();
    let id = crate_id(package.name.as_str(), &version, &source, kind, &target.name);
    let name = target.name.replace('-', "_");
    let manifest_path = package.manifest_path.clone().into_std_path_buf();
    let package_root = manifest_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let display = if is_member {
        FileDisplay {
            base_dir: workspace_root.to_path_buf(),
            prefix: String::new(),
            root: FileRoot::Workspace,
        }
    } else {
        FileDisplay {
            base_dir: package_root,
            prefix: format!("{}-{}/", package.name, version),
            root: FileRoot::Package,
        }
    };
    CrateInfo {
        id,
        name: name.clone(),
        package: package.name.to_string(),
        version,
        target_kind: kind.to_string(),
        edition: target.edition.as_str().to_string(),
        source,
        manifest_path,
        is_member,
        indexed,
        features,
        unit: UnitSpec {
            crate_id: id,
            crate_name: name,
            root_file: target.src_path.clone().into_std_path_buf(),
            display,
            edition: Edition::from_cargo(target.edition.as_str()),
        },
    }
}

/// The target directory of the workspace (for commands that only read the
/// index): `cargo metadata --no-deps`, which is fast.
pub fn target_dir(manifest_path: Option<&Path>) -> Result<PathBuf> {
    locate(manifest_path).map(|(_, target)| target)
}

/// The workspace root and target directory (`cargo metadata --no-deps`).
pub fn locate(manifest_path: Option<&Path>) -> Result<(PathBuf, PathBuf)> {
    if let Some(manifest) = manifest_path {
        if !manifest.is_file() {
            return Err(Error::ManifestNotFound(manifest.to_path_buf()));
        }
    }
    let mut command = MetadataCommand::new();
    command.no_deps();
    if let Some(manifest) = manifest_path {
        command.manifest_path(manifest);
    }
    let metadata = command.exec().map_err(|error| match error {
        cargo_metadata::Error::CargoMetadata { stderr } => {
            Error::Metadata(stderr.trim().to_string())
        }
        other => Error::Metadata(other.to_string()),
    })?;
    Ok((
        metadata.workspace_root.into_std_path_buf(),
        metadata.target_directory.into_std_path_buf(),
    ))
}
