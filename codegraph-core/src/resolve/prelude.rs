//! Names every Rust module sees without importing them: the std prelude
//! (2021 edition), built-in types, and the crates always in the extern
//! prelude. They resolve to external paths, since std is not indexed.

/// Prelude name → canonical std path.
pub fn prelude_path(name: &str) -> Option<&'static str> {
    Some(match name {
        "Copy" => "core::marker::Copy",
        "Send" => "core::marker::Send",
        "Sized" => "core::marker::Sized",
        "Sync" => "core::marker::Sync",
        "Unpin" => "core::marker::Unpin",
        "Drop" => "core::ops::Drop",
        "Fn" => "core::ops::Fn",
        "FnMut" => "core::ops::FnMut",
        "FnOnce" => "core::ops::FnOnce",
        "drop" => "core::mem::drop",
        "Box" => "alloc::boxed::Box",
        "ToOwned" => "alloc::borrow::ToOwned",
        "Clone" => "core::clone::Clone",
        "PartialEq" => "core::cmp::PartialEq",
        "PartialOrd" => "core::cmp::PartialOrd",
        "Eq" => "core::cmp::Eq",
        "Ord" => "core::cmp::Ord",
        "AsRef" => "core::convert::AsRef",
        "AsMut" => "core::convert::AsMut",
        "Into" => "core::convert::Into",
        "From" => "core::convert::From",
        "TryFrom" => "core::convert::TryFrom",
        "TryInto" => "core::convert::TryInto",
        "Default" => "core::default::Default",
        "Iterator" => "core::iter::Iterator",
        "Extend" => "core::iter::Extend",
        "IntoIterator" => "core::iter::IntoIterator",
        "DoubleEndedIterator" => "core::iter::DoubleEndedIterator",
        "ExactSizeIterator" => "core::iter::ExactSizeIterator",
        "FromIterator" => "core::iter::FromIterator",
        "Option" => "core::option::Option",
        "Some" => "core::option::Option::Some",
        "None" => "core::option::Option::None",
        "Result" => "core::result::Result",
        "Ok" => "core::result::Result::Ok",
        "Err" => "core::result::Result::Err",
        "String" => "alloc::string::String",
        "ToString" => "alloc::string::ToString",
        "Vec" => "alloc::vec::Vec",
        // Derive macros and built-in macros in the prelude.
        "Debug" => "core::fmt::Debug",
        "Hash" => "core::hash::Hash",
        _ => return None,
    })
}

/// Prelude names that are only derive macros there (`#[derive(Debug)]`):
/// the traits of the same name are not in scope unless imported.
pub fn is_derive_only_in_prelude(name: &str) -> bool {
    matches!(name, "Debug" | "Hash")
}

/// Built-in macros every module can call (`println!`, `vec!`, …).
pub fn builtin_macro_path(name: &str) -> Option<String> {
    const STD_MACROS: &[&str] = &[
        "assert",
        "assert_eq",
        "assert_ne",
        "cfg",
        "column",
        "compile_error",
        "concat",
        "dbg",
        "debug_assert",
        "debug_assert_eq",
        "debug_assert_ne",
        "env",
        "eprint",
        "eprintln",
        "file",
        "format",
        "format_args",
        "include",
        "include_bytes",
        "include_str",
        "line",
        "matches",
        "module_path",
        "option_env",
        "panic",
        "print",
        "println",
        "stringify",
        "todo",
        "unimplemented",
        "unreachable",
        "vec",
        "write",
        "writeln",
        "thread_local",
        "try",
    ];
    STD_MACROS.contains(&name).then(|| format!("std::{name}"))
}

/// Primitive types name no item; they resolve to themselves.
pub fn is_primitive(name: &str) -> bool {
    is_integer(name) || matches!(name, "bool" | "char" | "str" | "f32" | "f64")
}

/// Whether `name` is one of the integer primitives.
pub fn is_integer(name: &str) -> bool {
    matches!(
        name,
        "u8" | "u16"
            | "u32"
            | "u64"
            | "u128"
            | "usize"
            | "i8"
            | "i16"
            | "i32"
            | "i64"
            | "i128"
            | "isize"
    )
}

/// Crates in every extern prelude even when not in `Cargo.toml`.
pub fn is_sysroot_crate(name: &str) -> bool {
    matches!(name, "std" | "core" | "alloc" | "proc_macro" | "test")
}

/// Whether `method` belongs to a derivable std trait (so a type deriving
/// it has that method): `Clone::clone`, `Default::default`, `Ord::cmp`, …
pub fn derived_method(trait_path: &str, method: &str) -> bool {
    match trait_path.rsplit("::").next() {
        Some("Clone") => matches!(method, "clone" | "clone_from"),
        Some("Default") => method == "default",
        Some("Debug") => method == "fmt",
        Some("PartialEq") => matches!(method, "eq" | "ne"),
        Some("PartialOrd") => matches!(method, "partial_cmp" | "lt" | "le" | "gt" | "ge"),
        Some("Ord") => matches!(method, "cmp" | "max" | "min" | "clamp"),
        Some("Hash") => method == "hash",
        _ => false,
    }
}
