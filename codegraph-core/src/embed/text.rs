//! What the model reads for each item: the recipe is part of the model id
//! (see [`RECIPE`]), so changing it never mixes old and new vectors.
//!
//! An item's text is its kind and canonical path, its docs, then its source
//! from the line of its name on (signature, fields or body), whitespace
//! collapsed. The model truncates at its token limit (256 for
//! all-MiniLM-L6-v2), so the snippet is cut at [`SNIPPET_CHARS`] first:
//! code averages about 3–4 characters a WordPiece token, so that is past
//! the limit, and the tokenizer never sees whole files. Docs come before
//! code because they are the closest thing to the plain-English queries
//! users type. A module's text lists the names of what it contains instead
//! of its source, which is all of its children's.

/// Version of the recipe below; bump it when the text changes.
pub const RECIPE: &str = "kind-path-docs-source/1";

/// Longest source snippet kept (characters).
pub const SNIPPET_CHARS: usize = 1200;

/// Longest docs kept (characters); the source follows them.
pub const DOCS_CHARS: usize = 600;

/// Most child names listed for a module.
pub const MODULE_CHILDREN: usize = 48;

/// The parts of an item the recipe reads.
#[derive(Debug, Clone, Copy)]
pub struct ItemParts<'a> {
    pub kind: &'a str,
    pub path: &'a str,
    pub docs: Option<&'a str>,
    /// Used when the source is not available.
    pub signature: Option<&'a str>,
}

/// Text of a non-module item; `source` is its snippet (see
/// [`source_snippet`]) when its file could be read.
pub fn item_text(parts: ItemParts<'_>, source: Option<&str>) -> String {
    let mut text = header(parts);
    if let Some(code) = source.filter(|s| !s.is_empty()).or(parts.signature) {
        text.push('\n');
        text.push_str(code);
    }
    text
}

/// Text of a module: header, docs, then the names of its children.
pub fn module_text(parts: ItemParts<'_>, children: &[&str]) -> String {
    let mut text = header(parts);
    if !children.is_empty() {
        text.push_str("\ncontains: ");
        let shown = &children[..children.len().min(MODULE_CHILDREN)];
        text.push_str(&shown.join(", "));
    }
    text
}

fn header(parts: ItemParts<'_>) -> String {
    let mut text = format!("{} {}", parts.kind.replace('_', " "), parts.path);
    if let Some(docs) = parts.docs.map(str::trim).filter(|d| !d.is_empty()) {
        text.push('\n');
        text.push_str(&collapse_whitespace(docs, DOCS_CHARS));
    }
    text
}

/// The source of an item from `line` to `end_line` (1-based, inclusive)
/// of `file`, whitespace collapsed and cut at [`SNIPPET_CHARS`]. Empty when
/// the lines are not in the file (it changed since the index was built).
pub fn source_snippet(file: &str, line: u32, end_line: u32) -> String {
    if line == 0 || end_line < line {
        return String::new();
    }
    let lines = file
        .lines()
        .skip(line as usize - 1)
        .take((end_line - line) as usize + 1);
    let mut joined = String::new();
    for text in lines {
        joined.push_str(text);
        joined.push('\n');
        if joined.len() > SNIPPET_CHARS * 4 {
            break;
        }
    }
    collapse_whitespace(&joined, SNIPPET_CHARS)
}

/// Runs of whitespace become one space; the result is cut at `limit`
/// characters (on a character boundary).
fn collapse_whitespace(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(text.len().min(limit * 4));
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars >= limit {
                return out;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts<'a>(docs: Option<&'a str>, signature: Option<&'a str>) -> ItemParts<'a> {
        ItemParts {
            kind: "function",
            path: "app::config::load",
            docs,
            signature,
        }
    }

    #[test]
    fn item_text_puts_docs_before_code() {
        let text = item_text(
            parts(Some(" Reads the config file.\n"), Some("fn load()")),
            Some("pub fn load() -> Config { read() }"),
        );
        assert_eq!(
            text,
            "function app::config::load\nReads the config file.\npub fn load() -> Config { read() }"
        );
    }

    #[test]
    fn item_text_falls_back_to_the_signature() {
        let text = item_text(parts(None, Some("pub fn load() -> Config")), None);
        assert_eq!(text, "function app::config::load\npub fn load() -> Config");
        let kind = ItemParts {
            kind: "type_alias",
            ..parts(None, None)
        };
        assert_eq!(item_text(kind, Some("")), "type alias app::config::load");
    }

    #[test]
    fn snippet_takes_the_item_lines_collapsed() {
        let file =
            "use x;\n/// doc\npub fn load(\n    path: &str,\n) -> u8 {\n    1\n}\nfn other() {}\n";
        assert_eq!(
            source_snippet(file, 3, 7),
            "pub fn load( path: &str, ) -> u8 { 1 }"
        );
        assert_eq!(source_snippet(file, 40, 41), "");
        assert_eq!(source_snippet(file, 0, 1), "");
    }

    #[test]
    fn snippet_is_cut_on_a_character_boundary() {
        let file = "é".repeat(SNIPPET_CHARS * 2);
        let snippet = source_snippet(&file, 1, 1);
        assert_eq!(snippet.chars().count(), SNIPPET_CHARS);
    }

    #[test]
    fn module_text_lists_children() {
        let module = ItemParts {
            kind: "module",
            ..parts(Some("Configuration."), None)
        };
        assert_eq!(
            module_text(module, &["load", "Config"]),
            "module app::config::load\nConfiguration.\ncontains: load, Config"
        );
    }
}
