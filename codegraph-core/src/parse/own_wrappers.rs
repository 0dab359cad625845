//! Which of std's see-through wrapper names (`Arc`, `Ref`, `Box`) the file
//! being read gives to a type of its own crate. Type guesses look through
//! `Arc<T>` to `T` by name alone, since a parse knows no paths; where the
//! file declares `struct Arc` (triomphe) or imports the crate's own `Ref`
//! (`use crate::mapref::one::Ref;`, dashmap), `Arc<T>` is that type, whose
//! inherent methods come first and whose `Deref` the resolver follows.
//!
//! The names are set for the duration of one file's extraction on the
//! thread doing it: the guess helpers are free functions over `syn` types,
//! called from everywhere a written type is read, and threading a context
//! through all of them would touch every caller for one short list.

use std::cell::RefCell;

use syn::{Item, UseTree};

thread_local! {
    static OWN_WRAPPERS: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Holds the file's own wrapper names while alive.
pub struct OwnWrappersGuard {
    previous: Vec<String>,
}

impl Drop for OwnWrappersGuard {
    fn drop(&mut self) {
        let previous = std::mem::take(&mut self.previous);
        OWN_WRAPPERS.with(|names| *names.borrow_mut() = previous);
    }
}

/// Makes `file`'s own wrapper names (of `wrappers`) the ones
/// [`is_own_wrapper`] answers until the guard drops.
pub fn enter_file(file: &syn::File, wrappers: &[&str]) -> OwnWrappersGuard {
    let mut found = Vec::new();
    own_names_in(&file.items, wrappers, &mut found);
    found.sort();
    found.dedup();
    let previous = OWN_WRAPPERS.with(|names| std::mem::replace(&mut *names.borrow_mut(), found));
    OwnWrappersGuard { previous }
}

/// Whether a one-segment `name` is, in the file being read, a type of the
/// crate's own rather than std's wrapper.
pub fn is_own_wrapper(name: &syn::Ident) -> bool {
    OWN_WRAPPERS.with(|names| names.borrow().iter().any(|own| name == own))
}

/// Names of `wrappers` that `items` (inline modules included) declare as
/// types or import from the crate itself (`crate::`, `self::`, `super::`,
/// or a module declared beside the `use`: `use mapref::one::Ref;`),
/// except from a module named like std's (`crate::loom::sync::Arc` is
/// tokio's re-export of std's `Arc`). Imports from other crates are left
/// alone: without `--deps` their types are not indexed, and seeing through
/// them is the better guess there.
fn own_names_in(items: &[Item], wrappers: &[&str], found: &mut Vec<String>) {
    let declare = |ident: &syn::Ident, found: &mut Vec<String>| {
        if let Some(name) = wrappers.iter().find(|wrapper| ident == *wrapper) {
            found.push(name.to_string());
        }
    };
    let modules: Vec<&syn::Ident> = items
        .iter()
        .filter_map(|item| match item {
            Item::Mod(module) => Some(&module.ident),
            _ => None,
        })
        .collect();
    for item in items {
        match item {
            Item::Struct(item) => declare(&item.ident, found),
            Item::Enum(item) => declare(&item.ident, found),
            Item::Union(item) => declare(&item.ident, found),
            Item::Type(item) => declare(&item.ident, found),
            Item::Use(item) => {
                let mut bound = Vec::new();
                own_imports(&item.tree, None, &modules, &mut bound);
                for ident in bound {
                    declare(ident, found);
                }
            }
            Item::Mod(module) => {
                if let Some((_, nested)) = &module.content {
                    own_names_in(nested, wrappers, found);
                }
            }
            _ => {}
        }
    }
}

/// Modules std keeps its wrappers in, which shims of std mirror.
const STD_WRAPPER_MODULES: &[&str] = &["boxed", "borrow", "cell", "pin", "rc", "sync"];

/// The names a use tree binds from paths rooted in the crate itself, not
/// from a module named like std's. `module` is the segment before the
/// tree, once the path is known to be rooted in the crate; `modules_here`
/// the modules declared beside the `use`, which a first segment may name.
fn own_imports<'t>(
    tree: &'t UseTree,
    module: Option<&syn::Ident>,
    modules_here: &[&syn::Ident],
    bound: &mut Vec<&'t syn::Ident>,
) {
    let from_own_module =
        module.is_some_and(|module| !STD_WRAPPER_MODULES.iter().any(|std| module == std));
    match tree {
        UseTree::Path(path) => {
            let rooted = module.is_some()
                || path.ident == "crate"
                || path.ident == "self"
                || path.ident == "super"
                || modules_here.contains(&&path.ident);
            own_imports(&path.tree, rooted.then_some(&path.ident), &[], bound);
        }
        UseTree::Name(name) if from_own_module => bound.push(&name.ident),
        UseTree::Rename(rename) if from_own_module => bound.push(&rename.rename),
        UseTree::Group(group) => {
            for tree in &group.items {
                own_imports(tree, module, modules_here, bound);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own(source: &str) -> Vec<bool> {
        let file = syn::parse_file(source).unwrap();
        let _guard = enter_file(&file, &["Arc", "Ref", "Box"]);
        ["Arc", "Ref", "Box"]
            .iter()
            .map(|name| is_own_wrapper(&syn::Ident::new(name, proc_macro2::Span::call_site())))
            .collect()
    }

    #[test]
    fn declared_and_crate_imported_wrapper_names_are_the_crates_own() {
        assert_eq!(own("pub struct Arc<T>(T);"), [true, false, false]);
        assert_eq!(
            own("use crate::mapref::{one::Ref, multiple::RefMulti};"),
            [false, true, false]
        );
        assert_eq!(
            own("mod m { use super::Thin as Box; }"),
            [false, false, true]
        );
        assert_eq!(
            own("use std::sync::Arc; use dashmap::mapref::one::Ref;"),
            [false, false, false]
        );
        assert_eq!(
            own("use crate::loom::sync::{Arc, Mutex}; use self::cell::Ref;"),
            [false, false, false]
        );
        assert_eq!(own("fn f() {}"), [false, false, false]);
    }

    #[test]
    fn the_names_last_only_while_the_guard_lives() {
        let file = syn::parse_file("struct Arc;").unwrap();
        let arc = syn::Ident::new("Arc", proc_macro2::Span::call_site());
        {
            let _guard = enter_file(&file, &["Arc"]);
            assert!(is_own_wrapper(&arc));
        }
        assert!(!is_own_wrapper(&arc));
    }
}
