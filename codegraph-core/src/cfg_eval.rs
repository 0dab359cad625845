//! Whether a recorded cfg holds in the build an index describes: the host
//! target (what `rustc --print cfg` prints) and a crate's enabled features.
//! The graph keeps every cfg alternative; this only lets the resolver tell,
//! among several answers to one name (libc's `fcntl` once per target OS),
//! which ones this build compiles. Pure: the caller runs rustc.
//!
//! The answer is three-valued. A cfg that names something the index cannot
//! know (`test`, `debug_assertions`, a build script's `--cfg tokio_unstable`,
//! `loom`) is unknown, and so is anything built on it, unless `all`/`any`
//! settle it without it.

use std::collections::HashSet;

/// The cfgs a build sets for its target, as `rustc --print cfg` lists them.
#[derive(Debug, Clone, Default)]
pub struct BuildCfg {
    /// `(name, value)`: `("unix", None)`, `("target_os", Some("linux"))`.
    set: HashSet<(String, Option<String>)>,
    /// Whether the target's cfgs are known at all (rustc answered).
    known: bool,
}

/// cfg names whose whole set of values `rustc --print cfg` gives for the
/// target: one it does not list is false on that target.
fn is_target_name(name: &str) -> bool {
    name.starts_with("target_") || matches!(name, "unix" | "windows" | "panic")
}

/// cfg names a normal build never sets (docs.rs, rustdoc, Miri).
fn is_never_set(name: &str) -> bool {
    matches!(name, "doc" | "doctest" | "docsrs" | "miri")
}

impl BuildCfg {
    /// Reads `rustc --print cfg` output: one `name` or `name="value"` per line.
    pub fn from_print_cfg(text: &str) -> BuildCfg {
        let set = text
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .map(|line| match line.split_once('=') {
                Some((name, value)) => (
                    name.trim().to_string(),
                    Some(value.trim().trim_matches('"').to_string()),
                ),
                None => (line.to_string(), None),
            })
            .collect::<HashSet<_>>();
        let known = !set.is_empty();
        BuildCfg { set, known }
    }

    /// Whether `cfg` (a cfg predicate as the graph records it, e.g.
    /// `all(unix, feature = "net")`) holds for a crate with `features`
    /// enabled: `None` when it cannot be told.
    pub fn holds(&self, cfg: &str, features: &HashSet<String>) -> Option<bool> {
        let meta = syn::parse_str::<syn::Meta>(cfg).ok()?;
        self.meta_holds(&meta, features)
    }

    fn meta_holds(&self, meta: &syn::Meta, features: &HashSet<String>) -> Option<bool> {
        match meta {
            syn::Meta::Path(path) => {
                let name = path.get_ident()?.to_string();
                self.name_holds(&name, None, features)
            }
            syn::Meta::NameValue(pair) => {
                let name = pair.path.get_ident()?.to_string();
                let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(value),
                    ..
                }) = &pair.value
                else {
                    return None;
                };
                self.name_holds(&name, Some(value.value()), features)
            }
            syn::Meta::List(list) => {
                let operator = list.path.get_ident()?.to_string();
                let operands = list
                    .parse_args_with(
                        syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                    )
                    .ok()?;
                let truths: Vec<Option<bool>> = operands
                    .iter()
                    .map(|operand| self.meta_holds(operand, features))
                    .collect();
                let settled_by = |decisive: bool| {
                    if truths.contains(&Some(decisive)) {
                        Some(decisive)
                    } else if truths.contains(&None) {
                        None
                    } else {
                        Some(!decisive)
                    }
                };
                match operator.as_str() {
                    "not" if truths.len() == 1 => truths[0].map(|truth| !truth),
                    "all" => settled_by(false),
                    "any" => settled_by(true),
                    _ => None,
                }
            }
        }
    }

    fn name_holds(
        &self,
        name: &str,
        value: Option<String>,
        features: &HashSet<String>,
    ) -> Option<bool> {
        if name == "feature" {
            return value.map(|feature| features.contains(&feature));
        }
        if is_never_set(name) {
            return Some(false);
        }
        if self.known && is_target_name(name) {
            return Some(self.set.contains(&(name.to_string(), value)));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linux() -> BuildCfg {
        BuildCfg::from_print_cfg(
            "panic=\"unwind\"\ntarget_arch=\"x86_64\"\ntarget_family=\"unix\"\n\
             target_os=\"linux\"\ntarget_pointer_width=\"64\"\nunix\ndebug_assertions\n",
        )
    }

    fn features(names: &[&str]) -> HashSet<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn target_cfgs_hold_as_rustc_lists_them() {
        let build = linux();
        let none = features(&[]);
        assert_eq!(build.holds("unix", &none), Some(true));
        assert_eq!(build.holds("windows", &none), Some(false));
        assert_eq!(build.holds("target_os = \"linux\"", &none), Some(true));
        assert_eq!(build.holds("target_os = \"wasi\"", &none), Some(false));
        assert_eq!(
            build.holds("target_pointer_width = \"32\"", &none),
            Some(false)
        );
        assert_eq!(build.holds("docsrs", &none), Some(false));
    }

    #[test]
    fn features_are_the_crates_own() {
        let build = linux();
        let enabled = features(&["net", "parking_lot"]);
        assert_eq!(build.holds("feature = \"net\"", &enabled), Some(true));
        assert_eq!(build.holds("feature = \"fs\"", &enabled), Some(false));
        assert_eq!(
            build.holds("all(feature = \"parking_lot\", not(miri))", &enabled),
            Some(true)
        );
        assert_eq!(
            build.holds("not(all(feature = \"parking_lot\", not(miri)))", &enabled),
            Some(false)
        );
    }

    #[test]
    fn what_the_index_cannot_know_stays_unknown_unless_settled() {
        let build = linux();
        let none = features(&[]);
        // A build script's cfg, `test`, the build profile.
        assert_eq!(build.holds("tokio_unstable", &none), None);
        assert_eq!(build.holds("test", &none), None);
        assert_eq!(build.holds("not(all(test, loom))", &none), None);
        // ... unless `all`/`any` settle it without them.
        assert_eq!(build.holds("all(windows, loom)", &none), Some(false));
        assert_eq!(build.holds("any(unix, loom)", &none), Some(true));
        assert_eq!(build.holds("any(windows, loom)", &none), None);
        assert_eq!(build.holds("all(unix, loom)", &none), None);
        // Text that is no cfg predicate.
        assert_eq!(build.holds("all(unix", &none), None);
    }

    #[test]
    fn without_rustcs_answer_target_cfgs_are_unknown() {
        let build = BuildCfg::from_print_cfg("");
        let none = features(&[]);
        assert_eq!(build.holds("unix", &none), None);
        assert_eq!(build.holds("feature = \"x\"", &none), Some(false));
    }
}
