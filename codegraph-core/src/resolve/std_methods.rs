//! Method names std defines on its everyday types and traits. A method call
//! whose receiver's type is unknown may be a call on a std value (a `Vec`,
//! an `Option`, an iterator, a hasher); std is not indexed, so when the name
//! is one of these, a same-named method of the indexed crates is no better
//! than a coin toss and the resolver does not guess it.
//!
//! The list is std's API (prelude traits, `Option`, `Result`, `Vec`, slices,
//! `str`, `String`, maps and sets, iterators, `Hasher`, `io` and its
//! `Error`, `fmt`, cells and smart pointers, `task`'s `Waker` and
//! `Context`, `Instant` and `Duration`, `process::Child`, the numeric
//! primitives), not any crate's.

use super::prelude::is_integer;
use crate::parse::sites::RANGE_INDEX;

/// Whether std's everyday types or traits have a method named `name`.
pub fn is_std_method_name(name: &str) -> bool {
    listed(STD_METHOD_NAMES, name)
}

/// Every list here is sorted, so a lookup is a binary search.
fn listed(sorted: &[&str], name: &str) -> bool {
    sorted.binary_search(&name).is_ok()
}

/// Whether the number primitive `type_path` (`f32`, `u64`) has an inherent
/// method `name`. Inherent methods come first in method resolution, so a
/// crate's extension trait for the type never answers that name
/// (`self.to_bits()` in `impl Sealed for f32` beside `impl FloatTraits for
/// f32 { fn to_bits }`).
pub fn is_number_method(type_path: &str, name: &str) -> bool {
    if is_integer(type_path) {
        listed(STD_METHOD_NAMES, name) || listed(INTEGER_METHOD_NAMES, name)
    } else if matches!(type_path, "f32" | "f64") {
        listed(STD_METHOD_NAMES, name) || listed(FLOAT_METHOD_NAMES, name)
    } else {
        false
    }
}

/// Whether std gives a value of the std type at `type_path` a method
/// `name`, of its own or through a std trait, so that no crate's extension
/// trait answers it. Exact for `char`, `bool`, `Option`, `Result`, slices,
/// `Vec`, `str` and `String`, the types crates extend most (a `c.len()` on
/// a `char` is nom's `AsChar::len`: `char` has `len_utf8`, not `len`;
/// hashlink's `impl OptNonNullExt for Option<NonNull<T>>` answers `as_ptr`;
/// bstr's `impl ByteSlice for [u8]` answers `as_bytes`, which `str` has and
/// `[u8]` has not); for others, any name std's everyday types have.
pub fn std_type_has_method(type_path: &str, name: &str) -> bool {
    match type_path {
        "char" => listed(CHAR_METHOD_NAMES, name) || listed(PRIMITIVE_TRAIT_METHOD_NAMES, name),
        "bool" => listed(BOOL_METHOD_NAMES, name) || listed(PRIMITIVE_TRAIT_METHOD_NAMES, name),
        "core::option::Option" | "std::option::Option" => {
            listed(OPTION_METHOD_NAMES, name) || listed(PRIMITIVE_TRAIT_METHOD_NAMES, name)
        }
        "core::result::Result" | "std::result::Result" => {
            listed(RESULT_METHOD_NAMES, name) || listed(PRIMITIVE_TRAIT_METHOD_NAMES, name)
        }
        SLICE => slice_has_method(name),
        "alloc::vec::Vec" | "std::vec::Vec" => {
            listed(VEC_METHOD_NAMES, name) || slice_has_method(name)
        }
        "str" => str_has_method(name),
        "alloc::string::String" | "std::string::String" => {
            listed(STRING_METHOD_NAMES, name) || str_has_method(name)
        }
        _ => is_std_method_name(name) || is_number_method(type_path, name),
    }
}

fn slice_has_method(name: &str) -> bool {
    listed(SLICE_METHOD_NAMES, name) || listed(PRIMITIVE_TRAIT_METHOD_NAMES, name)
}

fn str_has_method(name: &str) -> bool {
    listed(STR_METHOD_NAMES, name) || listed(PRIMITIVE_TRAIT_METHOD_NAMES, name)
}

/// Methods every primitive has from std's traits (`Clone`, `Ord`,
/// `Display`, `Into`, ...).
const PRIMITIVE_TRAIT_METHOD_NAMES: &[&str] = &[
    "borrow",
    "borrow_mut",
    "clamp",
    "clone",
    "clone_from",
    "cmp",
    "default",
    "eq",
    "fmt",
    "from",
    "ge",
    "gt",
    "hash",
    "into",
    "le",
    "lt",
    "max",
    "min",
    "ne",
    "partial_cmp",
    "to_owned",
    "to_string",
    "try_from",
    "try_into",
];

/// `char`'s inherent methods (stable ones).
const CHAR_METHOD_NAMES: &[&str] = &[
    "as_ascii",
    "encode_utf16",
    "encode_utf8",
    "eq_ignore_ascii_case",
    "escape_debug",
    "escape_default",
    "escape_unicode",
    "from_digit",
    "from_u32",
    "from_u32_unchecked",
    "is_alphabetic",
    "is_alphanumeric",
    "is_ascii",
    "is_ascii_alphabetic",
    "is_ascii_alphanumeric",
    "is_ascii_control",
    "is_ascii_digit",
    "is_ascii_graphic",
    "is_ascii_hexdigit",
    "is_ascii_lowercase",
    "is_ascii_octdigit",
    "is_ascii_punctuation",
    "is_ascii_uppercase",
    "is_ascii_whitespace",
    "is_control",
    "is_digit",
    "is_lowercase",
    "is_numeric",
    "is_uppercase",
    "is_whitespace",
    "len_utf16",
    "len_utf8",
    "make_ascii_lowercase",
    "make_ascii_uppercase",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "to_digit",
    "to_lowercase",
    "to_uppercase",
];

/// `Option`'s inherent methods and those of `IntoIterator`, `Sum` and
/// `Product`, which std implements for it.
const OPTION_METHOD_NAMES: &[&str] = &[
    "and",
    "and_then",
    "as_deref",
    "as_deref_mut",
    "as_mut",
    "as_mut_slice",
    "as_pin_mut",
    "as_pin_ref",
    "as_ref",
    "as_slice",
    "cloned",
    "copied",
    "expect",
    "filter",
    "flatten",
    "get_or_insert",
    "get_or_insert_default",
    "get_or_insert_with",
    "insert",
    "inspect",
    "into_iter",
    "is_none",
    "is_none_or",
    "is_some",
    "is_some_and",
    "iter",
    "iter_mut",
    "map",
    "map_or",
    "map_or_else",
    "ok_or",
    "ok_or_else",
    "or",
    "or_else",
    "product",
    "replace",
    "sum",
    "take",
    "take_if",
    "transpose",
    "unwrap",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "unwrap_unchecked",
    "unzip",
    "xor",
    "zip",
];

/// `Result`'s inherent methods and those of `IntoIterator`, `Sum` and
/// `Product`, which std implements for it.
const RESULT_METHOD_NAMES: &[&str] = &[
    "and",
    "and_then",
    "as_deref",
    "as_deref_mut",
    "as_mut",
    "as_ref",
    "cloned",
    "copied",
    "err",
    "expect",
    "expect_err",
    "flatten",
    "inspect",
    "inspect_err",
    "into_iter",
    "is_err",
    "is_err_and",
    "is_ok",
    "is_ok_and",
    "iter",
    "iter_mut",
    "map",
    "map_err",
    "map_or",
    "map_or_else",
    "ok",
    "or",
    "or_else",
    "product",
    "sum",
    "transpose",
    "unwrap",
    "unwrap_err",
    "unwrap_err_unchecked",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "unwrap_unchecked",
];

/// `[T]`'s (and `[T; N]`'s) inherent methods, `[u8]`'s ASCII ones, and
/// those of the std traits std implements for slices (`Read` and
/// `BufRead` for `&[u8]`, `Write` for `&mut [u8]`, `AsRef`); not
/// `Index`'s, a trait a call names only when imported (toml's own `Index`
/// trait for `str` answers `index`).
const SLICE_METHOD_NAMES: &[&str] = &[
    "align_to",
    "align_to_mut",
    "array_chunks",
    "array_chunks_mut",
    "array_windows",
    "as_array",
    "as_ascii",
    "as_ascii_unchecked",
    "as_chunks",
    "as_chunks_mut",
    "as_chunks_unchecked",
    "as_chunks_unchecked_mut",
    "as_flattened",
    "as_flattened_mut",
    "as_mut",
    "as_mut_array",
    "as_mut_ptr",
    "as_mut_ptr_range",
    "as_mut_slice",
    "as_ptr",
    "as_ptr_range",
    "as_rchunks",
    "as_rchunks_mut",
    "as_ref",
    "as_slice",
    "binary_search",
    "binary_search_by",
    "binary_search_by_key",
    "by_ref",
    "bytes",
    "chain",
    "chunk_by",
    "chunk_by_mut",
    "chunks",
    "chunks_exact",
    "chunks_exact_mut",
    "chunks_mut",
    "clone_from_slice",
    "clone_into",
    "concat",
    "connect",
    "consume",
    "contains",
    "copy_from_slice",
    "copy_within",
    "each_mut",
    "each_ref",
    "element_offset",
    "ends_with",
    "eq_ignore_ascii_case",
    "escape_ascii",
    "fill",
    "fill_buf",
    "fill_with",
    "first",
    "first_chunk",
    "first_chunk_mut",
    "first_mut",
    "flush",
    "get",
    "get_disjoint_mut",
    "get_disjoint_unchecked_mut",
    "get_many_mut",
    "get_mut",
    "get_unchecked",
    "get_unchecked_mut",
    "has_data_left",
    "into_iter",
    "into_vec",
    "is_ascii",
    "is_empty",
    "is_read_vectored",
    "is_sorted",
    "is_sorted_by",
    "is_sorted_by_key",
    "is_write_vectored",
    "iter",
    "iter_mut",
    "join",
    "last",
    "last_chunk",
    "last_chunk_mut",
    "last_mut",
    "len",
    "lines",
    "make_ascii_lowercase",
    "make_ascii_uppercase",
    "map",
    "partition_dedup",
    "partition_dedup_by",
    "partition_dedup_by_key",
    "partition_point",
    "rchunks",
    "rchunks_exact",
    "rchunks_exact_mut",
    "rchunks_mut",
    "read",
    "read_buf",
    "read_buf_exact",
    "read_exact",
    "read_line",
    "read_to_end",
    "read_to_string",
    "read_until",
    "read_vectored",
    "repeat",
    "reverse",
    "rotate_left",
    "rotate_right",
    "rsplit",
    "rsplit_mut",
    "rsplitn",
    "rsplitn_mut",
    "select_nth_unstable",
    "select_nth_unstable_by",
    "select_nth_unstable_by_key",
    "skip_until",
    "sort",
    "sort_by",
    "sort_by_cached_key",
    "sort_by_key",
    "sort_unstable",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "split",
    "split_at",
    "split_at_checked",
    "split_at_mut",
    "split_at_mut_checked",
    "split_at_mut_unchecked",
    "split_at_unchecked",
    "split_first",
    "split_first_chunk",
    "split_first_chunk_mut",
    "split_first_mut",
    "split_inclusive",
    "split_inclusive_mut",
    "split_last",
    "split_last_chunk",
    "split_last_chunk_mut",
    "split_last_mut",
    "split_mut",
    "split_off",
    "split_off_first",
    "split_off_first_mut",
    "split_off_last",
    "split_off_last_mut",
    "split_off_mut",
    "splitn",
    "splitn_mut",
    "starts_with",
    "strip_prefix",
    "strip_suffix",
    "subslice_range",
    "swap",
    "swap_unchecked",
    "swap_with_slice",
    "take",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "to_owned",
    "to_vec",
    "to_vec_in",
    "trim_ascii",
    "trim_ascii_end",
    "trim_ascii_start",
    "utf8_chunks",
    "windows",
    "write",
    "write_all",
    "write_fmt",
    "write_vectored",
];

/// `Vec<T>`'s inherent methods and those of the std traits std implements
/// for it (`Extend`, `Write` for `Vec<u8>`, `Deref`); a `Vec` has the
/// slice's too, through `Deref`.
const VEC_METHOD_NAMES: &[&str] = &[
    "allocator",
    "append",
    "as_mut",
    "as_mut_ptr",
    "as_mut_slice",
    "as_non_null",
    "as_ptr",
    "as_ref",
    "as_slice",
    "by_ref",
    "capacity",
    "clear",
    "clone_into",
    "dedup",
    "dedup_by",
    "dedup_by_key",
    "deref",
    "deref_mut",
    "drain",
    "extend",
    "extend_from_slice",
    "extend_from_within",
    "extend_one",
    "extract_if",
    "flush",
    "from_iter",
    "from_parts",
    "from_raw_parts",
    "from_raw_parts_in",
    "insert",
    "into_boxed_slice",
    "into_flattened",
    "into_iter",
    "into_parts",
    "into_raw_parts",
    "is_empty",
    "is_write_vectored",
    "leak",
    "len",
    "new",
    "new_in",
    "pop",
    "pop_if",
    "push",
    "push_within_capacity",
    "remove",
    "reserve",
    "reserve_exact",
    "resize",
    "resize_with",
    "retain",
    "retain_mut",
    "set_len",
    "shrink_to",
    "shrink_to_fit",
    "spare_capacity_mut",
    "splice",
    "split_off",
    "swap_remove",
    "to_owned",
    "truncate",
    "try_reserve",
    "try_reserve_exact",
    "try_with_capacity",
    "with_capacity",
    "with_capacity_in",
    "write",
    "write_all",
    "write_fmt",
    "write_vectored",
];

/// `str`'s inherent methods and those of the std traits std implements
/// for it (`ToString`, `ToOwned`, `ToSocketAddrs`).
const STR_METHOD_NAMES: &[&str] = &[
    "as_ascii",
    "as_ascii_unchecked",
    "as_bytes",
    "as_bytes_mut",
    "as_mut",
    "as_mut_ptr",
    "as_ptr",
    "as_ref",
    "as_str",
    "bytes",
    "ceil_char_boundary",
    "char_indices",
    "chars",
    "clone_into",
    "contains",
    "encode_utf16",
    "ends_with",
    "eq_ignore_ascii_case",
    "escape_debug",
    "escape_default",
    "escape_unicode",
    "find",
    "floor_char_boundary",
    "get",
    "get_mut",
    "get_unchecked",
    "get_unchecked_mut",
    "into_boxed_bytes",
    "into_string",
    "is_ascii",
    "is_char_boundary",
    "is_empty",
    "len",
    "lines",
    "lines_any",
    "make_ascii_lowercase",
    "make_ascii_uppercase",
    "match_indices",
    "matches",
    "parse",
    "repeat",
    "replace",
    "replacen",
    "rfind",
    "rmatch_indices",
    "rmatches",
    "rsplit",
    "rsplit_once",
    "rsplit_terminator",
    "rsplitn",
    "slice_mut_unchecked",
    "slice_unchecked",
    "split",
    "split_ascii_whitespace",
    "split_at",
    "split_at_checked",
    "split_at_mut",
    "split_at_mut_checked",
    "split_inclusive",
    "split_once",
    "split_terminator",
    "split_whitespace",
    "splitn",
    "starts_with",
    "strip_circumfix",
    "strip_prefix",
    "strip_suffix",
    "substr_range",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "to_lowercase",
    "to_owned",
    "to_socket_addrs",
    "to_string",
    "to_uppercase",
    "trim",
    "trim_ascii",
    "trim_ascii_end",
    "trim_ascii_start",
    "trim_end",
    "trim_end_matches",
    "trim_left",
    "trim_left_matches",
    "trim_matches",
    "trim_prefix",
    "trim_right",
    "trim_right_matches",
    "trim_start",
    "trim_start_matches",
    "trim_suffix",
];

/// `String`'s inherent methods and those of the std traits std
/// implements for it (`Extend`, `fmt::Write`, `Deref`); a `String` has
/// `str`'s too, through `Deref`.
const STRING_METHOD_NAMES: &[&str] = &[
    "as_bytes",
    "as_mut",
    "as_mut_str",
    "as_mut_vec",
    "as_ref",
    "as_str",
    "capacity",
    "clear",
    "clone_into",
    "deref",
    "deref_mut",
    "drain",
    "extend",
    "extend_from_within",
    "extend_one",
    "from_iter",
    "from_raw_parts",
    "from_utf16",
    "from_utf16_lossy",
    "from_utf16be",
    "from_utf16le",
    "from_utf8",
    "from_utf8_lossy",
    "from_utf8_lossy_owned",
    "from_utf8_unchecked",
    "insert",
    "insert_str",
    "into_boxed_str",
    "into_bytes",
    "into_chars",
    "is_empty",
    "leak",
    "len",
    "new",
    "pop",
    "push",
    "push_str",
    "remove",
    "remove_matches",
    "replace_range",
    "reserve",
    "reserve_exact",
    "retain",
    "shrink_to",
    "shrink_to_fit",
    "split_off",
    "to_owned",
    "to_socket_addrs",
    "truncate",
    "try_reserve",
    "try_reserve_exact",
    "try_with_capacity",
    "with_capacity",
    "write_char",
    "write_fmt",
    "write_str",
];

/// `bool`'s inherent methods.
const BOOL_METHOD_NAMES: &[&str] = &["then", "then_some"];

/// Inherent methods of `f32`/`f64` that [`STD_METHOD_NAMES`] leaves out.
/// Sorted, so lookups are a binary search.
const FLOAT_METHOD_NAMES: &[&str] = &[
    "acos",
    "asin",
    "atan",
    "atan2",
    "cbrt",
    "ceil",
    "classify",
    "copysign",
    "cos",
    "cosh",
    "div_euclid",
    "exp",
    "exp2",
    "exp_m1",
    "floor",
    "fract",
    "from_be_bytes",
    "from_bits",
    "from_le_bytes",
    "from_ne_bytes",
    "hypot",
    "is_finite",
    "is_infinite",
    "is_nan",
    "is_normal",
    "is_sign_negative",
    "is_sign_positive",
    "is_subnormal",
    "ln",
    "ln_1p",
    "log",
    "log10",
    "log2",
    "midpoint",
    "mul_add",
    "powf",
    "powi",
    "recip",
    "rem_euclid",
    "round",
    "round_ties_even",
    "signum",
    "sin",
    "sinh",
    "sqrt",
    "tan",
    "tanh",
    "to_bits",
    "to_degrees",
    "to_radians",
    "total_cmp",
    "trunc",
];

/// Inherent methods of the integer primitives that [`STD_METHOD_NAMES`]
/// leaves out. Sorted, so lookups are a binary search.
const INTEGER_METHOD_NAMES: &[&str] = &[
    "abs_diff",
    "checked_ilog10",
    "checked_ilog2",
    "checked_neg",
    "checked_next_power_of_two",
    "checked_pow",
    "checked_rem",
    "checked_shl",
    "checked_shr",
    "div_euclid",
    "from_be",
    "from_be_bytes",
    "from_le",
    "from_le_bytes",
    "from_ne_bytes",
    "from_str_radix",
    "ilog",
    "ilog10",
    "ilog2",
    "is_negative",
    "is_positive",
    "isqrt",
    "leading_ones",
    "midpoint",
    "next_power_of_two",
    "overflowing_add",
    "overflowing_mul",
    "overflowing_neg",
    "overflowing_sub",
    "rem_euclid",
    "reverse_bits",
    "rotate_left",
    "rotate_right",
    "saturating_div",
    "saturating_mul",
    "saturating_pow",
    "signum",
    "swap_bytes",
    "to_be",
    "to_le",
    "trailing_ones",
    "unsigned_abs",
    "wrapping_neg",
    "wrapping_pow",
    "wrapping_shl",
    "wrapping_shr",
];

/// Sorted, so lookups are a binary search.
const STD_METHOD_NAMES: &[&str] = &[
    "abs",
    "all",
    "and",
    "and_then",
    "any",
    "append",
    "as_bytes",
    "as_deref",
    "as_deref_mut",
    "as_micros",
    "as_millis",
    "as_mut",
    "as_mut_ptr",
    "as_mut_slice",
    "as_nanos",
    "as_ptr",
    "as_raw_fd",
    "as_ref",
    "as_secs",
    "as_secs_f64",
    "as_slice",
    "as_str",
    "borrow",
    "borrow_mut",
    "by_ref",
    "bytes",
    "capacity",
    "chain",
    "char_indices",
    "chars",
    "checked_add",
    "checked_div",
    "checked_duration_since",
    "checked_mul",
    "checked_sub",
    "chunk_by",
    "chunk_by_mut",
    "chunks",
    "chunks_exact",
    "clamp",
    "clear",
    "clone",
    "clone_from",
    "cloned",
    "cmp",
    "collect",
    "compare_exchange",
    "compare_exchange_weak",
    "contains",
    "contains_key",
    "copied",
    "copy_from_slice",
    "count",
    "count_ones",
    "count_zeros",
    "cycle",
    "dedup",
    "deref",
    "deref_mut",
    "downcast",
    "downcast_ref",
    "drain",
    "duration_since",
    "elapsed",
    "ends_with",
    "entry",
    "enumerate",
    "eq",
    "eq_ignore_ascii_case",
    "err",
    "expect",
    "expect_err",
    "extend",
    "extend_from_slice",
    "fetch_add",
    "fetch_and",
    "fetch_max",
    "fetch_min",
    "fetch_nand",
    "fetch_or",
    "fetch_sub",
    "fetch_update",
    "fetch_xor",
    "fill",
    "filter",
    "filter_map",
    "find",
    "find_map",
    "finish",
    "first",
    "first_mut",
    "flat_map",
    "flatten",
    "flush",
    "fmt",
    "fold",
    "for_each",
    "from_raw",
    "fuse",
    "ge",
    "get",
    "get_mut",
    "get_or_insert",
    "get_or_insert_with",
    "get_ref",
    "get_unchecked",
    "get_unchecked_mut",
    "gt",
    "hash",
    "insert",
    "inspect",
    "into",
    "into_boxed_slice",
    "into_bytes",
    "into_inner",
    "into_iter",
    "into_keys",
    "into_raw",
    "into_raw_fd",
    "into_values",
    "is_alphabetic",
    "is_alphanumeric",
    "is_ascii",
    "is_ascii_digit",
    "is_digit",
    "is_empty",
    "is_err",
    "is_none",
    "is_null",
    "is_ok",
    "is_poisoned",
    "is_power_of_two",
    "is_some",
    "is_some_and",
    "is_whitespace",
    "iter",
    "iter_mut",
    "join",
    "keys",
    "kill",
    "kind",
    "last",
    "last_mut",
    "le",
    "leading_zeros",
    "len",
    "lines",
    "load",
    "lock",
    "lt",
    "map",
    "map_err",
    "map_or",
    "map_or_else",
    "map_while",
    "max",
    "max_by",
    "max_by_key",
    "min",
    "min_by",
    "min_by_key",
    "ne",
    "next",
    "next_back",
    "notify_all",
    "notify_one",
    "nth",
    "nth_back",
    "ok",
    "ok_or",
    "ok_or_else",
    "or",
    "or_default",
    "or_else",
    "or_insert",
    "or_insert_with",
    "park",
    "parse",
    "partial_cmp",
    "partition",
    "peek",
    "peekable",
    "poll",
    "pop",
    "pop_back",
    "pop_front",
    "position",
    "pow",
    "product",
    "push",
    "push_back",
    "push_front",
    "push_str",
    "raw_os_error",
    "read",
    "read_exact",
    "read_line",
    "read_to_end",
    "read_to_string",
    "read_volatile",
    "reduce",
    "remove",
    "replace",
    "reserve",
    "resize",
    "retain",
    "rev",
    "reverse",
    "rfind",
    "rfold",
    "rposition",
    "rsplit",
    "saturating_add",
    "saturating_duration_since",
    "saturating_sub",
    "scan",
    "set",
    "shrink_to_fit",
    "size_hint",
    "skip",
    "skip_while",
    "sort",
    "sort_by",
    "sort_by_key",
    "sort_unstable",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "source",
    "split",
    "split_at",
    "split_at_mut",
    "split_off",
    "split_whitespace",
    "splitn",
    "starts_with",
    "step_by",
    "store",
    "strip_prefix",
    "strip_suffix",
    "subsec_millis",
    "subsec_nanos",
    "sum",
    "swap",
    "swap_remove",
    "take",
    "take_while",
    "then",
    "then_some",
    "thread",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "to_be_bytes",
    "to_le_bytes",
    "to_lowercase",
    "to_ne_bytes",
    "to_owned",
    "to_string",
    "to_uppercase",
    "to_vec",
    "trailing_zeros",
    "trim",
    "trim_end",
    "trim_start",
    "truncate",
    "try_fold",
    "try_for_each",
    "try_from",
    "try_into",
    "try_lock",
    "try_read",
    "try_wait",
    "try_write",
    "type_id",
    "unpark",
    "unwrap",
    "unwrap_err",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "unwrap_unchecked",
    "unzip",
    "upgrade",
    "values",
    "values_mut",
    "wait",
    "wait_timeout",
    "wake",
    "wake_by_ref",
    "waker",
    "will_wake",
    "windows",
    "with_capacity",
    "wrapping_add",
    "wrapping_mul",
    "wrapping_sub",
    "write",
    "write_all",
    "write_char",
    "write_fmt",
    "write_str",
    "write_volatile",
    "zip",
];

/// Whether an external type is one of std's ranges that iterate (`a..b`,
/// `a..=b`, `a..`), whichever facade crate's path names it.
pub fn is_iterating_range(path: &str) -> bool {
    matches!(
        super::impls::external_type_key(path),
        "ops::Range" | "ops::RangeInclusive" | "ops::RangeFrom"
    )
}

/// Whether `trait_path` is one of std's everyday traits, whose methods
/// [`std_trait_method`] knows: a value known by such bounds calls only
/// what they declare.
pub fn is_std_trait(trait_path: &str) -> bool {
    std_trait_declarations(trait_path).is_some()
}

/// A method of std's trait at `trait_path` (or of one of its supertraits)
/// named `name`, as the external path of the trait that declares it:
/// `T: Ord` has `cmp` (`core::cmp::Ord::cmp`) and, through `PartialOrd`,
/// `partial_cmp`; a `trait Ext: Iterator` has `next`. `None` when the
/// trait is not one of std's everyday ones or has no such method.
pub fn std_trait_method(trait_path: &str, name: &str) -> Option<String> {
    let (methods, supertraits) = std_trait_declarations(trait_path)?;
    if methods.contains(&name) {
        return Some(format!("{trait_path}::{name}"));
    }
    supertraits
        .iter()
        .find_map(|supertrait| std_trait_method(supertrait, name))
}

/// A method std's iterators have besides `Iterator`'s, for a value known
/// only to be one of them (`v.iter().peekable()`, `s.chars()`): the
/// double-ended and exact-size traits' (code that compiles calls them on
/// iterators that have them), `Peekable`'s own, `Chars::as_str`,
/// `slice::Iter::as_slice`, and `clone`, which they all implement.
pub fn std_iterator_method(name: &str) -> Option<String> {
    const DOUBLE_ENDED: &str = "core::iter::DoubleEndedIterator";
    const EXACT_SIZE: &str = "core::iter::ExactSizeIterator";
    if let Some(found) =
        std_trait_method(DOUBLE_ENDED, name).or_else(|| std_trait_method(EXACT_SIZE, name))
    {
        return Some(found);
    }
    Some(match name {
        "peek" | "peek_mut" | "next_if" | "next_if_eq" => format!("core::iter::Peekable::{name}"),
        "as_str" => "core::str::Chars::as_str".to_string(),
        "as_slice" => "core::slice::Iter::as_slice".to_string(),
        "clone" => "core::clone::Clone::clone".to_string(),
        _ => return None,
    })
}

/// The methods and supertraits of one of std's everyday traits.
fn std_trait_declarations(
    trait_path: &str,
) -> Option<(&'static [&'static str], &'static [&'static str])> {
    let (root, _) = trait_path.split_once("::")?;
    if !matches!(root, "core" | "alloc" | "std") {
        return None;
    }
    let trait_name = trait_path.rsplit("::").next()?;
    Some(match trait_name {
        "Iterator" => (ITERATOR_METHODS, &[]),
        "Clone" => (&["clone", "clone_from"], &[]),
        "PartialEq" => (&["eq", "ne"], &[]),
        "Eq" => (&[], &["core::cmp::PartialEq"]),
        "PartialOrd" => (
            &["ge", "gt", "le", "lt", "partial_cmp"],
            &["core::cmp::PartialEq"],
        ),
        "Ord" => (
            &["clamp", "cmp", "max", "min"],
            &["core::cmp::PartialOrd", "core::cmp::Eq"],
        ),
        "Hash" => (&["hash"], &[]),
        "Hasher" => (
            &[
                "finish",
                "write",
                "write_i32",
                "write_i64",
                "write_u16",
                "write_u32",
                "write_u64",
                "write_u8",
                "write_usize",
            ],
            &[],
        ),
        "Debug" | "Display" | "LowerHex" | "UpperHex" | "Binary" | "Octal" => (&["fmt"], &[]),
        "AsRef" => (&["as_ref"], &[]),
        "AsMut" => (&["as_mut"], &[]),
        "Borrow" => (&["borrow"], &[]),
        "BorrowMut" => (&["borrow_mut"], &["core::borrow::Borrow"]),
        "Into" => (&["into"], &[]),
        "TryInto" => (&["try_into"], &[]),
        "ToString" => (&["to_string"], &[]),
        "ToOwned" => (&["clone_into", "to_owned"], &[]),
        "Deref" => (&["deref"], &[]),
        "DerefMut" => (&["deref_mut"], &["core::ops::Deref"]),
        // `std::io::Error` and `core::fmt::Error` are structs.
        "Error" if trait_path.ends_with("error::Error") => (
            &["cause", "description", "source"],
            &["core::fmt::Debug", "core::fmt::Display"],
        ),
        "IntoIterator" => (&["into_iter"], &[]),
        "Extend" => (&["extend"], &[]),
        "DoubleEndedIterator" => (
            &["next_back", "nth_back", "rfind", "rfold", "try_rfold"],
            &[ITERATOR],
        ),
        "ExactSizeIterator" => (&["is_empty", "len"], &[ITERATOR]),
        "FusedIterator" => (&[], &[ITERATOR]),
        "Read" => (
            &[
                "by_ref",
                "bytes",
                "chain",
                "read",
                "read_exact",
                "read_to_end",
                "read_to_string",
                "read_vectored",
                "take",
            ],
            &[],
        ),
        // `core::fmt::Write`, which `fmt::Write` bounds name; io's otherwise.
        "Write" if trait_path.contains("fmt::") => (&["write_char", "write_fmt", "write_str"], &[]),
        "Write" => (
            &[
                "by_ref",
                "flush",
                "write",
                "write_all",
                "write_fmt",
                "write_vectored",
            ],
            &[],
        ),
        "BufRead" => (
            &[
                "consume",
                "fill_buf",
                "lines",
                "read_line",
                "read_until",
                "split",
            ],
            &["std::io::Read"],
        ),
        "Seek" => (&["rewind", "seek", "stream_position"], &[]),
        _ => return None,
    })
}

/// What a std method returns, when std's API fixes it whatever the
/// generics: `Formatter::debug_list()` a `DebugList`; `len()` a `usize`;
/// an integer's `wrapping_add(..)` the same integer and `checked_add(..)`
/// an `Option`; a slice's `as_ptr()` a raw pointer, and a pointer's
/// `add(..)` a pointer again. `type_path` is the external path of the
/// receiver's type (`usize`, `slice`, `pointer`, `alloc::vec::Vec`).
/// Methods whose return depends on a type parameter (`first()`'s `&T`)
/// are left out: the receiver's type then says nothing of it.
pub fn std_return_type(type_path: &str, method: &str) -> Option<String> {
    let type_name = type_path.rsplit("::").next()?;
    if type_path.contains("fmt::") {
        return formatting_builder(type_name, method).map(str::to_string);
    }
    let same = || Some(type_path.to_string());
    let fixed = |path: &str| Some(path.to_string());
    if is_integer(type_path) {
        if let Some(returned) = integer_method(method) {
            return match returned {
                IntegerReturn::Same => same(),
                IntegerReturn::Option => fixed(OPTION),
                IntegerReturn::Fixed(path) => fixed(path),
            };
        }
    }
    if is_pointer(type_path) {
        match method {
            "add" | "sub" | "offset" | "wrapping_add" | "wrapping_sub" | "wrapping_offset"
            | "byte_add" | "byte_sub" | "byte_offset" | "cast" | "with_addr" | "map_addr" => {
                return same()
            }
            "cast_mut" => return fixed(POINTER_MUT),
            "cast_const" => return fixed(POINTER),
            "offset_from" | "byte_offset_from" => return fixed("isize"),
            "addr" | "expose_provenance" | "align_offset" => return fixed("usize"),
            "is_null" | "is_aligned" => return fixed("bool"),
            "as_ref" | "as_mut" => return fixed(OPTION),
            _ => {}
        }
    }
    if let Some(returned) = std_type_method_return(type_path, type_name, method) {
        return Some(returned.to_string());
    }
    if matches!(type_path, "f32" | "f64") {
        match method {
            "abs" | "sqrt" | "floor" | "ceil" | "round" | "trunc" | "fract" | "powi" | "powf"
            | "exp" | "ln" | "log10" | "log2" | "min" | "max" | "clamp" | "mul_add" | "signum"
            | "recip" | "to_degrees" | "to_radians" => return same(),
            "is_nan" | "is_finite" | "is_infinite" | "is_sign_negative" | "is_sign_positive" => {
                return fixed("bool")
            }
            _ => {}
        }
    }
    if type_path == "str" || type_name == "String" {
        match method {
            "trim" | "trim_start" | "trim_end" | "as_str" => return fixed("str"),
            "to_uppercase" | "to_lowercase" | "to_ascii_uppercase" | "to_ascii_lowercase"
            | "replace" | "repeat" => return fixed(STRING),
            "parse" => return fixed(RESULT),
            "find" | "rfind" | "strip_prefix" | "strip_suffix" | "split_once" | "rsplit_once"
            | "pop" => return fixed(OPTION),
            _ => {}
        }
    }
    if type_path == "char" {
        match method {
            "to_digit" => return fixed(OPTION),
            "len_utf8" | "len_utf16" => return fixed("usize"),
            "to_ascii_uppercase" | "to_ascii_lowercase" => return same(),
            _ => {}
        }
    }
    if type_path == ITERATOR {
        match method {
            "next" | "next_back" | "last" | "nth" | "nth_back" | "find" | "rfind" | "find_map"
            | "position" | "rposition" | "max" | "min" | "max_by" | "min_by" | "max_by_key"
            | "min_by_key" | "reduce" | "peek" => return fixed(OPTION),
            "count" => return fixed("usize"),
            "all" | "any" => return fixed("bool"),
            _ => {}
        }
    }
    // Collections' lookups and removals of one element give an `Option`
    // of it (or of a reference to it) whatever the element type.
    if matches!(
        type_name,
        "slice" | "Vec" | "VecDeque" | "str" | "HashMap" | "BTreeMap" | "HashSet" | "BTreeSet"
    ) {
        match method {
            "first" | "last" | "first_mut" | "last_mut" | "get" | "get_mut" | "split_first"
            | "split_last" | "split_first_mut" | "split_last_mut" | "pop" | "pop_front"
            | "pop_back" | "front" | "back" | "front_mut" | "back_mut" | "get_key_value"
            | "first_key_value" | "last_key_value" | "pop_first" | "pop_last" => {
                return fixed(OPTION)
            }
            "binary_search" | "binary_search_by" | "binary_search_by_key" if type_name != "str" => {
                return fixed(RESULT)
            }
            // A map's `insert`/`remove` give the value it held.
            "insert" | "remove" if type_name.ends_with("Map") => return fixed(OPTION),
            _ => {}
        }
    }
    // `v[a..b]`: a range of a string is a `str`, of anything else std
    // indexes by ranges (a `Vec`, an array, a slice) a slice.
    if method == RANGE_INDEX {
        return match type_name {
            "str" | "String" => fixed("str"),
            "slice" | "Vec" | "VecDeque" => fixed(SLICE),
            _ => None,
        };
    }
    // `(*waiter.get()).field`: a pointer to the `T` inside.
    if type_name == "UnsafeCell" && matches!(method, "get" | "raw_get") {
        return fixed(POINTER_MUT);
    }
    if type_name == "Option" {
        match method {
            "ok_or" | "ok_or_else" => return fixed(RESULT),
            "map" | "and_then" | "or" | "or_else" | "filter" | "take" | "replace" | "xor"
            | "zip" | "as_ref" | "as_mut" | "as_deref" | "as_deref_mut" | "cloned" | "copied" => {
                return same()
            }
            _ => {}
        }
    }
    if type_name == "Result" {
        match method {
            "ok" | "err" => return fixed(OPTION),
            "map" | "map_err" | "and_then" | "or_else" | "as_ref" | "as_mut" | "as_deref" => {
                return same()
            }
            _ => {}
        }
    }
    // Names whose return type std fixes on every type that has them.
    match method {
        "len" | "capacity" => fixed("usize"),
        "is_empty" | "is_some" | "is_none" | "is_ok" | "is_err" | "contains" | "contains_key"
        | "starts_with" | "ends_with" | "is_ascii" | "eq" | "ne" | "lt" | "le" | "gt" | "ge" => {
            fixed("bool")
        }
        // Interior mutability hands out `*mut T` even from `&self`.
        "as_ptr"
            if matches!(
                type_name,
                "Cell" | "RefCell" | "UnsafeCell" | "NonNull" | "AtomicPtr" | "SyncUnsafeCell"
            ) =>
        {
            fixed(POINTER_MUT)
        }
        "as_ptr" => fixed(POINTER),
        "as_mut_ptr" => fixed(POINTER_MUT),
        "as_bytes" | "as_slice" | "as_mut_slice" | "into_boxed_slice" => fixed(SLICE),
        "to_vec" | "into_bytes" => fixed(VEC),
        "try_into" => fixed(RESULT),
        "to_string" | "to_owned" if type_path == "str" => fixed(STRING),
        "cmp" => fixed("core::cmp::Ordering"),
        "partial_cmp" => fixed(OPTION),
        _ => None,
    }
}

/// Whether std's method `method` of the holder type at `type_path` gives
/// the `T` it holds itself (or a reference to it): `Cell::get`,
/// `MaybeUninit::assume_init`, `Vec::remove`, `Option::get_or_insert_with`.
pub fn gives_held_value(type_path: &str, method: &str) -> bool {
    let type_name = type_path.rsplit("::").next().unwrap_or(type_path);
    match type_name {
        "Cell" => matches!(method, "get" | "take" | "replace" | "into_inner"),
        "RefCell" => matches!(method, "take" | "replace" | "into_inner"),
        "OnceCell" | "OnceLock" => matches!(method, "get_or_init"),
        "MaybeUninit" => matches!(
            method,
            "assume_init" | "assume_init_read" | "assume_init_ref" | "assume_init_mut" | "write"
        ),
        "ManuallyDrop" => matches!(method, "into_inner" | "take"),
        "UnsafeCell" => matches!(method, "into_inner" | "get_mut"),
        "Vec" => matches!(
            method,
            "remove" | "swap_remove" | "get_unchecked" | "get_unchecked_mut"
        ),
        // An array or slice (`slots: [Slot; N]`): one element, unchecked.
        "slice" => matches!(method, "get_unchecked" | "get_unchecked_mut"),
        "Option" => matches!(
            method,
            "insert" | "get_or_insert" | "get_or_insert_with" | "get_or_insert_default"
        ),
        _ => false,
    }
}

/// What methods of std's atomics, locks, thread and process handles,
/// time types and task context return. Only for std's own paths:
/// `parking_lot::Mutex::lock` gives a guard, not a `LockResult`.
fn std_type_method_return(type_path: &str, type_name: &str, method: &str) -> Option<&'static str> {
    if !matches!(type_path.split("::").next(), Some("std" | "core" | "alloc")) {
        return None;
    }
    if let Some(value) = type_name.strip_prefix("Atomic") {
        let value = match value {
            "Bool" => "bool",
            "Usize" => "usize",
            "Isize" => "isize",
            "U8" => "u8",
            "U16" => "u16",
            "U32" => "u32",
            "U64" => "u64",
            "I8" => "i8",
            "I16" => "i16",
            "I32" => "i32",
            "I64" => "i64",
            "Ptr" => POINTER_MUT,
            _ => return None,
        };
        return match method {
            "compare_exchange" | "compare_exchange_weak" | "fetch_update" => Some(RESULT),
            "load" | "swap" | "into_inner" | "fetch_add" | "fetch_sub" | "fetch_and"
            | "fetch_or" | "fetch_xor" | "fetch_nand" | "fetch_max" | "fetch_min" => Some(value),
            _ => None,
        };
    }
    match (type_name, method) {
        // `LockResult` and `TryLockResult` are `Result`s.
        ("Mutex", "lock" | "try_lock" | "into_inner" | "get_mut")
        | ("RwLock", "read" | "write" | "try_read" | "try_write" | "into_inner" | "get_mut")
        | ("JoinHandle" | "ScopedJoinHandle", "join")
        | ("Child", "wait" | "try_wait" | "wait_with_output" | "kill")
        | ("Command", "output" | "status" | "spawn") => Some(RESULT),
        ("Context", "waker") => Some("core::task::Waker"),
        ("Instant", "checked_add" | "checked_sub" | "checked_duration_since")
        | ("Duration", "checked_add" | "checked_sub" | "checked_mul" | "checked_div") => {
            Some(OPTION)
        }
        ("Instant", "duration_since" | "elapsed" | "saturating_duration_since")
        | (
            "Duration",
            "saturating_add" | "saturating_sub" | "saturating_mul" | "mul_f64" | "div_f64"
            | "abs_diff",
        ) => Some(DURATION),
        ("Duration", "as_secs") => Some("u64"),
        ("Duration", "as_millis" | "as_micros" | "as_nanos") => Some("u128"),
        ("Duration", "subsec_millis" | "subsec_micros" | "subsec_nanos") => Some("u32"),
        ("Duration", "as_secs_f64") => Some("f64"),
        ("Duration", "as_secs_f32") => Some("f32"),
        _ => None,
    }
}

/// Whether an external path is std's `Result<T, E>` itself.
pub fn is_std_result(path: &str) -> bool {
    matches!(path, "core::result::Result" | "std::result::Result")
}

/// The error type of std's `Result` aliases that fix it: `io::Result<T>`
/// (also spelt through `io::error`) and `fmt::Result`.
pub fn std_result_error(path: &str) -> Option<&'static str> {
    let owner = path.strip_suffix("::Result")?;
    let mut segments = owner.rsplit("::");
    match (segments.next(), segments.next()) {
        (Some("io"), _) | (Some("error"), Some("io")) => Some("std::io::Error"),
        (Some("fmt"), _) => Some("core::fmt::Error"),
        _ => None,
    }
}

/// What a std function returns, when its name fixes it: `slice::
/// from_raw_parts(..)` a slice, `mem::size_of::<T>()` a `usize`,
/// `Box::into_raw(b)` a raw pointer, `u32::try_from(x)` a `Result`.
/// `path` is the function's external path.
pub fn std_function_return(path: &str) -> Option<&'static str> {
    let (owner, function) = path.rsplit_once("::")?;
    let owner = owner.rsplit("::").next().unwrap_or(owner);
    Some(match (owner, function) {
        ("slice", "from_raw_parts" | "from_raw_parts_mut" | "from_ref" | "from_mut") => SLICE,
        ("mem", "size_of" | "size_of_val" | "align_of" | "align_of_val") => "usize",
        ("ptr", "null" | "dangling" | "without_provenance") => POINTER,
        ("ptr", "null_mut" | "dangling_mut" | "without_provenance_mut") => POINTER_MUT,
        ("str", "from_utf8" | "from_utf8_mut") => RESULT,
        ("str", "from_utf8_unchecked" | "from_utf8_unchecked_mut") => "str",
        ("char", "from_u32" | "from_digit") => OPTION,
        (
            "iter",
            "repeat" | "repeat_n" | "repeat_with" | "once" | "once_with" | "empty" | "from_fn"
            | "successors" | "zip",
        )
        | ("ascii", "escape_default")
        | ("char", "decode_utf16") => ITERATOR,
        // `Box::into_raw` and `CString::into_raw` give `*mut`; `Arc`'s,
        // `Rc`'s and `Weak`'s `*const`.
        ("Box" | "CString", "into_raw") => POINTER_MUT,
        (_, "into_raw") => POINTER,
        (_, "try_from" | "from_str" | "from_str_radix") => RESULT,
        ("io", "stdout") => "std::io::Stdout",
        ("io", "stderr") => "std::io::Stderr",
        ("io", "stdin") => "std::io::Stdin",
        ("Arc" | "Rc", "try_unwrap" | "downcast") => RESULT,
        ("env", "var") => RESULT,
        ("env", "var_os") => OPTION,
        ("env", "args" | "args_os" | "vars" | "vars_os") => ITERATOR,
        (
            "fs",
            "read" | "read_to_string" | "read_dir" | "write" | "metadata" | "canonicalize"
            | "create_dir" | "create_dir_all" | "remove_file" | "remove_dir_all" | "rename"
            | "copy",
        )
        | ("File", "open" | "create") => RESULT,
        _ => return None,
    })
}

/// Whether the method `method` of std's iterator trait at `trait_path`
/// gives an iterator again: `Iterator`'s adapters (`self.enumerate()` in a
/// trait whose supertrait is `Iterator`) and `IntoIterator::into_iter`.
pub fn returns_iterator(trait_path: &str, method: &str) -> bool {
    match trait_path.rsplit("::").next() {
        Some("Iterator" | "DoubleEndedIterator" | "ExactSizeIterator") => adapts_iterator(method),
        Some("IntoIterator") => method == "into_iter",
        _ => false,
    }
}

/// A method every type has through one of std's blanket impls, when the
/// type has none of that name itself: `to_string()` (`impl<T: Display>
/// ToString for T`), `into()` and `try_into()` (`impl<T, U: From<T>>
/// Into<U> for T`). `args` is the call's argument count.
pub fn blanket_method(name: &str, args: u16) -> Option<&'static str> {
    match (name, args) {
        ("to_string", 0) => Some("alloc::string::ToString::to_string"),
        ("into", 0) => Some("core::convert::Into::into"),
        ("try_into", 0) => Some("core::convert::TryInto::try_into"),
        _ => None,
    }
}

/// The enum of std's prelude variants (`core::option::Option::None` →
/// `core::option::Option`): the type of `None`, `Some(x)`, `Ok(x)`, `Err(e)`.
pub fn std_variant_enum(path: &str) -> Option<&'static str> {
    match path {
        "core::option::Option::Some" | "core::option::Option::None" => Some(OPTION),
        "core::result::Result::Ok" | "core::result::Result::Err" => Some(RESULT),
        _ => None,
    }
}

/// The variants of a std enum (its path without the facade crate,
/// `result::Result`), which are all a glob import of it (`use
/// std::result::Result::*`) brings into scope; `None` for an enum not
/// listed here.
pub fn std_enum_variants(enum_path: &str) -> Option<&'static [&'static str]> {
    Some(match enum_path {
        "result::Result" => &["Ok", "Err"],
        "option::Option" => &["Some", "None"],
        "cmp::Ordering" => &["Less", "Equal", "Greater"],
        "borrow::Cow" => &["Borrowed", "Owned"],
        "sync::atomic::Ordering" => &["Relaxed", "Release", "Acquire", "AcqRel", "SeqCst"],
        "ops::Bound" => &["Included", "Excluded", "Unbounded"],
        "ops::ControlFlow" => &["Continue", "Break"],
        "task::Poll" => &["Ready", "Pending"],
        "num::FpCategory" => &["Nan", "Infinite", "Zero", "Subnormal", "Normal"],
        "net::IpAddr" | "net::SocketAddr" => &["V4", "V6"],
        "fmt::Alignment" => &["Left", "Right", "Center"],
        "io::SeekFrom" => &["Start", "End", "Current"],
        "collections::hash_map::Entry" | "collections::btree_map::Entry" => &["Occupied", "Vacant"],
        _ => return None,
    })
}

/// What a std owning buffer derefs to, for the methods it borrows from
/// there: a `Vec<T>` is a `[T]`, a `String` a `str`.
pub fn std_buffer_deref(type_path: &str) -> Option<&'static str> {
    match type_path {
        VEC => Some(SLICE),
        STRING => Some("str"),
        _ => None,
    }
}

const OPTION: &str = "core::option::Option";
const RESULT: &str = "core::result::Result";
const DURATION: &str = "core::time::Duration";
const STRING: &str = "alloc::string::String";
const VEC: &str = "alloc::vec::Vec";

fn formatting_builder(type_name: &str, method: &str) -> Option<&'static str> {
    Some(match (type_name, method) {
        ("Formatter", "debug_list") => "core::fmt::DebugList",
        ("Formatter", "debug_set") => "core::fmt::DebugSet",
        ("Formatter", "debug_map") => "core::fmt::DebugMap",
        ("Formatter", "debug_struct") => "core::fmt::DebugStruct",
        ("Formatter", "debug_tuple") => "core::fmt::DebugTuple",
        ("DebugList", "entry" | "entries") => "core::fmt::DebugList",
        ("DebugSet", "entry" | "entries") => "core::fmt::DebugSet",
        ("DebugMap", "entry" | "entries" | "key" | "value") => "core::fmt::DebugMap",
        ("DebugStruct", "field") => "core::fmt::DebugStruct",
        ("DebugTuple", "field") => "core::fmt::DebugTuple",
        _ => return None,
    })
}

enum IntegerReturn {
    Same,
    Option,
    Fixed(&'static str),
}

/// What the integer types' methods return (the same for all of them).
fn integer_method(method: &str) -> Option<IntegerReturn> {
    if let Some(op) = method.strip_prefix("checked_") {
        return (!op.is_empty()).then_some(IntegerReturn::Option);
    }
    if method.starts_with("wrapping_") || method.starts_with("saturating_") {
        return Some(IntegerReturn::Same);
    }
    Some(match method {
        "pow" | "abs" | "min" | "max" | "clamp" | "rotate_left" | "rotate_right" | "swap_bytes"
        | "reverse_bits" | "to_be" | "to_le" | "from_be" | "from_le" | "next_power_of_two"
        | "div_euclid" | "rem_euclid" | "isqrt" | "signum" | "unchecked_add" | "unchecked_sub"
        | "unchecked_mul" => IntegerReturn::Same,
        "count_ones" | "count_zeros" | "leading_zeros" | "trailing_zeros" | "leading_ones"
        | "trailing_ones" | "ilog2" | "ilog10" => IntegerReturn::Fixed("u32"),
        "is_power_of_two" | "is_positive" | "is_negative" => IntegerReturn::Fixed("bool"),
        "to_le_bytes" | "to_be_bytes" | "to_ne_bytes" => IntegerReturn::Fixed(SLICE),
        "checked_next_power_of_two" => IntegerReturn::Option,
        _ => return None,
    })
}

/// The external type slices' and arrays' methods hang under
/// (`slice::len`), as primitives' do under their names (`str::len`).
pub const SLICE: &str = "slice";
/// The external type `*const T` raw pointers are, and the one all raw
/// pointers' std methods hang under (`pointer::add`), as rustdoc has it.
pub const POINTER: &str = "pointer";
/// The external type `*mut T` raw pointers are: kept apart from
/// [`POINTER`] for the crates' extension impls (`impl Ext for *mut T`);
/// its std methods are [`POINTER`]'s.
pub const POINTER_MUT: &str = "pointer_mut";

/// Whether an external type path is a raw pointer, `*const` or `*mut`.
pub fn is_pointer(type_path: &str) -> bool {
    type_path == POINTER || type_path == POINTER_MUT
}

/// The path std's `Iterator` trait resolves to (as the prelude has it).
pub const ITERATOR: &str = "core::iter::Iterator";

/// Whether `Iterator` has a method named `name` (required or provided).
pub fn is_iterator_method(name: &str) -> bool {
    listed(ITERATOR_METHODS, name)
}

/// Whether std's collections, slices and strings have a method `name`
/// returning an iterator (`v.iter()`, `s.chars()`, `m.keys()`).
pub fn makes_iterator(name: &str) -> bool {
    listed(ITERATOR_SOURCES, name)
}

/// Whether `Iterator::name` returns an iterator again (`map`, `filter`).
pub fn adapts_iterator(name: &str) -> bool {
    listed(ITERATOR_ADAPTERS, name)
}

const ITERATOR_METHODS: &[&str] = &[
    "all",
    "any",
    "by_ref",
    "chain",
    "cloned",
    "cmp",
    "collect",
    "copied",
    "count",
    "cycle",
    "enumerate",
    "eq",
    "filter",
    "filter_map",
    "find",
    "find_map",
    "flat_map",
    "flatten",
    "fold",
    "for_each",
    "fuse",
    "ge",
    "gt",
    "inspect",
    "is_sorted",
    "is_sorted_by",
    "is_sorted_by_key",
    "last",
    "le",
    "lt",
    "map",
    "map_while",
    "max",
    "max_by",
    "max_by_key",
    "min",
    "min_by",
    "min_by_key",
    "ne",
    "next",
    "nth",
    "partial_cmp",
    "partition",
    "peekable",
    "position",
    "product",
    "reduce",
    "rev",
    "rposition",
    "scan",
    "size_hint",
    "skip",
    "skip_while",
    "step_by",
    "sum",
    "take",
    "take_while",
    "try_fold",
    "try_for_each",
    "unzip",
    "zip",
];

const ITERATOR_SOURCES: &[&str] = &[
    "bytes",
    "char_indices",
    "chars",
    "chunks",
    "chunks_exact",
    "chunks_mut",
    "drain",
    "into_iter",
    "into_keys",
    "into_values",
    "iter",
    "iter_mut",
    "keys",
    "lines",
    "match_indices",
    "matches",
    "rchunks",
    "rsplit",
    "rsplitn",
    "split",
    "split_ascii_whitespace",
    "split_terminator",
    "split_whitespace",
    "splitn",
    "values",
    "values_mut",
    "windows",
];

const ITERATOR_ADAPTERS: &[&str] = &[
    "by_ref",
    "chain",
    "cloned",
    "copied",
    "cycle",
    "enumerate",
    "filter",
    "filter_map",
    "flat_map",
    "flatten",
    "fuse",
    "inspect",
    "map",
    "map_while",
    "peekable",
    "rev",
    "scan",
    "skip",
    "skip_while",
    "step_by",
    "take",
    "take_while",
    "zip",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn std_atomics_locks_and_handles_return_what_std_declares_and_no_one_elses_do() {
        let returns = |ty: &str, method: &str| std_return_type(ty, method);
        assert_eq!(
            returns("core::sync::atomic::AtomicBool", "compare_exchange").as_deref(),
            Some(RESULT)
        );
        assert_eq!(
            returns("std::sync::atomic::AtomicUsize", "fetch_add").as_deref(),
            Some("usize")
        );
        assert_eq!(
            returns("std::sync::atomic::AtomicPtr", "load").as_deref(),
            Some(POINTER_MUT)
        );
        assert_eq!(returns("std::sync::Mutex", "lock").as_deref(), Some(RESULT));
        assert_eq!(
            returns("std::thread::JoinHandle", "join").as_deref(),
            Some(RESULT)
        );
        assert_eq!(
            returns("core::task::Context", "waker").as_deref(),
            Some("core::task::Waker")
        );
        assert_eq!(
            returns("std::time::Instant", "checked_add").as_deref(),
            Some(OPTION)
        );
        assert_eq!(
            returns("std::time::Instant", "elapsed").as_deref(),
            Some(DURATION)
        );
        // A crate's lock gives its guard; a crate's atomic is its own.
        assert_eq!(returns("parking_lot::Mutex", "lock"), None);
        assert_eq!(
            returns("loom::sync::atomic::AtomicBool", "compare_exchange"),
            None
        );
        // io::Result and fmt::Result fix their error types.
        assert_eq!(std_result_error("std::io::Result"), Some("std::io::Error"));
        assert_eq!(
            std_result_error("std::io::error::Result"),
            Some("std::io::Error")
        );
        assert_eq!(
            std_result_error("core::fmt::Result"),
            Some("core::fmt::Error")
        );
        assert_eq!(std_result_error("my_crate::studio::Result"), None);
    }

    #[test]
    fn the_list_is_sorted_and_unique_so_binary_search_finds_every_name() {
        for list in [
            STD_METHOD_NAMES,
            FLOAT_METHOD_NAMES,
            INTEGER_METHOD_NAMES,
            ITERATOR_METHODS,
            ITERATOR_SOURCES,
            ITERATOR_ADAPTERS,
            PRIMITIVE_TRAIT_METHOD_NAMES,
            CHAR_METHOD_NAMES,
            BOOL_METHOD_NAMES,
            OPTION_METHOD_NAMES,
            RESULT_METHOD_NAMES,
            SLICE_METHOD_NAMES,
            VEC_METHOD_NAMES,
            STR_METHOD_NAMES,
            STRING_METHOD_NAMES,
        ] {
            assert!(list.windows(2).all(|pair| pair[0] < pair[1]), "{list:?}");
        }
        assert!(ITERATOR_ADAPTERS
            .iter()
            .all(|name| is_iterator_method(name)));
        assert!(STD_METHOD_NAMES.iter().all(|name| is_std_method_name(name)));
        assert!(is_std_method_name("finish") && !is_std_method_name("class_literal_byte"));
        assert!(is_number_method("f64", "to_bits") && !is_number_method("u32", "to_bits"));
        assert!(is_number_method("u32", "rotate_left") && !is_number_method("f32", "rotate_left"));
        assert!(is_number_method("i64", "checked_add") && !is_number_method("Foo", "checked_add"));
        assert!(std_type_has_method("char", "len_utf8") && !std_type_has_method("char", "len"));
        assert!(std_type_has_method("char", "clone") && std_type_has_method("str", "len"));
        assert!(std_type_has_method("bool", "then_some") && !std_type_has_method("bool", "len"));
        let option = "core::option::Option";
        assert!(std_type_has_method(option, "take_if") && !std_type_has_method(option, "as_ptr"));
        let result = "core::result::Result";
        assert!(std_type_has_method(result, "map_err") && !std_type_has_method(result, "len"));
        assert!(
            std_type_has_method(SLICE, "chunks_exact") && !std_type_has_method(SLICE, "as_bytes")
        );
        let vec = "alloc::vec::Vec";
        assert!(std_type_has_method(vec, "chunks") && !std_type_has_method(vec, "push_str"));
        assert!(std_type_has_method("str", "as_bytes") && !std_type_has_method("str", "push"));
        let string = "std::string::String";
        assert!(std_type_has_method(string, "trim") && !std_type_has_method(string, "to_str"));
    }
}
