//! Where `mod x;` finds its file, following rustc's rules: `x.rs` or
//! `x/mod.rs`; non-mod-rs files (`a.rs`) own the directory `a/`; `#[path]`
//! is relative to the current file's directory (and makes the loaded file
//! behave like a `mod.rs`); inline modules push their name as a directory.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use uuid::Uuid;

use super::ParsedUnit;
use crate::model::{Diagnostic, Node, Severity};

/// rustc's `ModuleData { dir_path, dir_ownership }` in miniature: the
/// directory `mod x;` looks in, and for non-mod-rs files the module name
/// that is inserted before `x` (`a.rs` looks in `a/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDir {
    pub dir: PathBuf,
    pub relative: Option<String>,
}

impl ModuleDir {
    /// The crate root, like any mod-rs file, owns its directory.
    pub fn for_root(root_file: &Path) -> Self {
        ModuleDir {
            dir: parent(root_file),
            relative: None,
        }
    }

    /// The candidate files for `mod name;` without `#[path]`, in rustc's
    /// order, with the directory each would give its children.
    pub fn candidates(&self, name: &str) -> [(PathBuf, ModuleDir); 2] {
        let mut base = self.dir.clone();
        if let Some(relative) = &self.relative {
            base.push(relative);
        }
        let plain = base.join(format!("{name}.rs"));
        let mod_rs = base.join(name).join("mod.rs");
        [
            (
                plain,
                ModuleDir {
                    dir: base.clone(),
                    relative: Some(name.to_string()),
                },
            ),
            (
                mod_rs,
                ModuleDir {
                    dir: base.join(name),
                    relative: None,
                },
            ),
        ]
    }

    /// `#[path = "p"] mod x;`: relative to the current directory, ignoring
    /// the non-mod-rs offset; the file then behaves like a mod-rs file.
    pub fn with_path_attr(&self, path_attr: &str) -> (PathBuf, ModuleDir) {
        let file = normalize(&self.dir.join(path_attr));
        let dir = ModuleDir {
            dir: parent(&file),
            relative: None,
        };
        (file, dir)
    }

    /// An inline `mod name { … }` (optionally with `#[path = "p"]`, which
    /// for inline modules names a directory).
    pub fn inline(&self, name: &str, path_attr: Option<&str>) -> ModuleDir {
        let dir = match path_attr {
            Some(path) => normalize(&self.dir.join(path)),
            None => {
                let mut dir = self.dir.clone();
                if let Some(relative) = &self.relative {
                    dir.push(relative);
                }
                dir.push(name);
                dir
            }
        };
        ModuleDir {
            dir,
            relative: None,
        }
    }
}

fn parent(file: &Path) -> PathBuf {
    file.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Removes `.` and resolves `..` lexically (no filesystem access, so no
/// symlink resolution; rustc does the same for module paths).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// rustc compiles a file reached twice as two modules; we index both and
/// warn, deterministically naming every module after the first. Modules
/// under different cfgs (`#[cfg(feature = "std")] pub mod ser;` beside
/// `#[cfg(not(feature = "std"))] mod ser;`) are alternatives, not duplicates,
/// and so are modules declared inside macro calls, whose cfgs we cannot see
/// (tokio's `cfg_rt! { mod x; }` beside `cfg_not_rt! { mod x; }`), and one
/// module path reached along two such routes.
pub fn report_files_reached_twice(unit: &mut ParsedUnit, crate_id: Uuid) {
    let node_position: HashMap<_, _> = unit
        .graph
        .nodes
        .iter()
        .enumerate()
        .map(|(position, node)| (node.idx, position))
        .collect();
    let mut by_file_and_cfg: HashMap<(&Path, Option<&str>), Vec<&Node>> = HashMap::new();
    for module in &unit.module_files {
        let Some(position) = node_position.get(&module.module_idx) else {
            continue;
        };
        let node = &unit.graph.nodes[*position];
        if node
            .attrs
            .iter()
            .any(|attr| attr.starts_with("from_macro("))
        {
            continue;
        }
        by_file_and_cfg
            .entry((module.file.as_path(), node.cfg.as_deref()))
            .or_default()
            .push(node);
    }
    let mut diagnostics = Vec::new();
    for modules in by_file_and_cfg.values_mut() {
        // One path reached along alternative routes (its parent declared
        // twice under cfgs we cannot see) is still one module.
        modules.sort_by(|a, b| a.path.cmp(&b.path));
        modules.dedup_by(|a, b| a.path == b.path);
        if modules.len() < 2 {
            continue;
        }
        let first = modules[0];
        for module in &modules[1..] {
            diagnostics.push(Diagnostic {
                crate_id,
                file: module.file.clone(),
                line: 1,
                col: 1,
                severity: Severity::Warning,
                code: "file-reached-twice",
                message: format!(
                    "this file is module `{}` and also module `{}`; both are indexed",
                    module.path, first.path
                ),
            });
        }
    }
    diagnostics.sort_by(|a, b| (&a.file, &a.message).cmp(&(&b.file, &b.message)));
    unit.graph.diagnostics.extend(diagnostics);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod_rs_and_non_mod_rs_files_own_different_directories() {
        let root = ModuleDir::for_root(Path::new("/p/src/lib.rs"));
        let [(plain, plain_dir), (mod_rs, mod_rs_dir)] = root.candidates("a");
        assert_eq!(plain, Path::new("/p/src/a.rs"));
        assert_eq!(mod_rs, Path::new("/p/src/a/mod.rs"));
        // a.rs is non-mod-rs: its `mod inner;` is src/a/inner.rs.
        assert_eq!(
            plain_dir.candidates("inner")[0].0,
            Path::new("/p/src/a/inner.rs")
        );
        assert_eq!(
            mod_rs_dir.candidates("inner")[0].0,
            Path::new("/p/src/a/inner.rs")
        );
    }

    #[test]
    fn path_attributes_follow_the_reference() {
        let root = ModuleDir::for_root(Path::new("/p/src/lib.rs"));
        let (_, a_dir) = root.candidates("a")[0].clone();
        // `#[path]` in non-mod-rs a.rs is relative to a.rs's directory.
        assert_eq!(a_dir.with_path_attr("x.rs").0, Path::new("/p/src/x.rs"));
        // Inside an inline module in a.rs it starts from a/<inline>/.
        let inline = a_dir.inline("inl", None);
        assert_eq!(
            inline.with_path_attr("x.rs").0,
            Path::new("/p/src/a/inl/x.rs")
        );
        // A #[path] file behaves like mod.rs.
        let (file, dir) = root.with_path_attr("../gen/out.rs");
        assert_eq!(file, Path::new("/p/gen/out.rs"));
        assert_eq!(dir.candidates("b")[0].0, Path::new("/p/gen/b.rs"));
        // #[path] on an inline module names a directory.
        assert_eq!(
            root.inline("m", Some("other")).candidates("c")[0].0,
            Path::new("/p/src/other/c.rs")
        );
    }
}
