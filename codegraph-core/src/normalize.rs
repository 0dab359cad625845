//! Rust source text reduced to what a content hash must see: tokens, with
//! whitespace and ordinary comments gone and doc comments kept.
//!
//! A small lexer rather than a token stream: the text of an item is already
//! in memory, and rebuilding its tokens through syn cost a third of the
//! parse phase. It knows just enough of Rust's lexical grammar to never take
//! the inside of a literal or of a doc comment for whitespace: string, raw
//! string, byte and C string literals, char literals versus lifetimes, line
//! and nested block comments. Between two words (identifiers, keywords,
//! numbers) one space stays, so `pub fn` and `pubfn` differ; around
//! punctuation none does, so `a+b` and `a + b` are the same.

/// The normalized form of `text` (see the module docs).
pub fn normalized(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    // Whether the last thing written was a word, and whether whitespace
    // or a comment came since: then a following word needs a space.
    let mut after_word = false;
    let mut separated = false;
    while at < bytes.len() {
        let byte = bytes[at];
        if byte.is_ascii_whitespace() {
            separated = true;
            at += 1;
            continue;
        }
        if byte == b'/' && bytes.get(at + 1) == Some(&b'/') {
            let end = line_end(bytes, at);
            if is_line_doc(&bytes[at..end]) {
                out.extend_from_slice(bytes[at..end].trim_ascii_end());
                out.push(b'\n');
                after_word = false;
            }
            separated = true;
            at = end;
            continue;
        }
        if byte == b'/' && bytes.get(at + 1) == Some(&b'*') {
            let end = block_comment_end(bytes, at);
            if is_block_doc(&bytes[at..end]) {
                out.extend_from_slice(&bytes[at..end]);
                after_word = false;
            }
            separated = true;
            at = end;
            continue;
        }
        if is_word_byte(byte) {
            let start = at;
            while at < bytes.len() && is_word_byte(bytes[at]) {
                at += 1;
            }
            let word = &bytes[start..at];
            if after_word && separated {
                out.push(b' ');
            }
            out.extend_from_slice(word);
            // `r"…"`, `br#"…"#`, `b"…"`, `c"…"`, `b'x'`: a literal prefix.
            if let Some(end) = literal_after_prefix(bytes, word, at) {
                out.extend_from_slice(&bytes[at..end]);
                at = end;
            }
            after_word = true;
            separated = false;
            continue;
        }
        if byte == b'"' {
            let end = quoted_end(bytes, at, b'"');
            out.extend_from_slice(&bytes[at..end]);
            at = end;
            after_word = true;
            separated = false;
            continue;
        }
        if byte == b'\'' {
            if let Some(end) = char_literal_end(bytes, at) {
                out.extend_from_slice(&bytes[at..end]);
                at = end;
                after_word = true;
                separated = false;
                continue;
            }
            // A lifetime or label: the quote, then its name as a word.
        }
        out.push(byte);
        at += 1;
        after_word = false;
        separated = false;
    }
    out
}

/// Identifier and number characters; any non-ASCII byte too (identifiers
/// may be Unicode, and nothing else outside literals and comments is).
fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |offset| from + offset)
}

/// `///` (but not `////`) and `//!` are doc comments.
fn is_line_doc(comment: &[u8]) -> bool {
    (comment.starts_with(b"///") && !comment.starts_with(b"////")) || comment.starts_with(b"//!")
}

/// `/** … */` (but not `/***` or `/**/`) and `/*! … */` are doc comments.
fn is_block_doc(comment: &[u8]) -> bool {
    (comment.starts_with(b"/**") && !comment.starts_with(b"/***") && comment != b"/**/")
        || comment.starts_with(b"/*!")
}

/// Block comments nest in Rust.
fn block_comment_end(bytes: &[u8], from: usize) -> usize {
    let mut depth = 0usize;
    let mut at = from;
    while at + 1 < bytes.len() {
        match (bytes[at], bytes[at + 1]) {
            (b'/', b'*') => {
                depth += 1;
                at += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                at += 2;
                if depth == 0 {
                    return at;
                }
            }
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The end (exclusive) of a literal opened by `quote` at `from`, with
/// backslash escapes.
fn quoted_end(bytes: &[u8], from: usize, quote: u8) -> usize {
    let mut at = from + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            byte if byte == quote => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// `'x'`, `'\n'`, `'\u{1F600}'`, `'é'`: a char literal; `'a` alone is a
/// lifetime or a label (`None`).
fn char_literal_end(bytes: &[u8], from: usize) -> Option<usize> {
    let next = *bytes.get(from + 1)?;
    if next == b'\\' {
        return Some(quoted_end(bytes, from, b'\''));
    }
    // One character (possibly several bytes), then the closing quote.
    let width = match next {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    (bytes.get(from + 1 + width) == Some(&b'\'')).then_some(from + 2 + width)
}

/// The end of the literal that follows a prefix word (`r`, `br`, `cr`,
/// `b`, `c`) at `at`, if one does.
fn literal_after_prefix(bytes: &[u8], word: &[u8], at: usize) -> Option<usize> {
    let next = *bytes.get(at)?;
    match word {
        b"r" | b"br" | b"cr" if next == b'"' || next == b'#' => raw_string_end(bytes, at),
        b"b" | b"c" if next == b'"' => Some(quoted_end(bytes, at, b'"')),
        b"b" if next == b'\'' => char_literal_end(bytes, at),
        _ => None,
    }
}

/// `#*"…"#*` with as many closing hashes as opening ones; `None` when the
/// hashes are not followed by a quote (not a raw string).
fn raw_string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let hashes = bytes[from..].iter().take_while(|b| **b == b'#').count();
    let quote = from + hashes;
    if bytes.get(quote) != Some(&b'"') {
        return None;
    }
    let mut at = quote + 1;
    while at < bytes.len() {
        if bytes[at] == b'"'
            && bytes[at + 1..].len() >= hashes
            && bytes[at + 1..at + 1 + hashes].iter().all(|b| *b == b'#')
        {
            return Some(at + 1 + hashes);
        }
        at += 1;
    }
    Some(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::normalized;

    fn same(a: &str, b: &str) {
        assert_eq!(
            String::from_utf8_lossy(&normalized(a)),
            String::from_utf8_lossy(&normalized(b)),
            "{a:?} vs {b:?}"
        );
    }

    fn differ(a: &str, b: &str) {
        assert_ne!(normalized(a), normalized(b), "{a:?} vs {b:?}");
    }

    #[test]
    fn whitespace_and_ordinary_comments_do_not_count() {
        same("fn f ( ) { 1 + 2 }", "fn f() {\n  // comment\n  1+2\n}");
        same(
            "pub fn f() {}",
            "pub   fn\tf() /* a /* nested */ comment */ {}",
        );
        same("let x = a+-b;", "let x = a + -b;");
        same("//// four slashes are not docs\nfn f() {}", "fn f() {}");
        same("/*** not docs */ fn f() {}", "/**/ fn f() {}");
    }

    #[test]
    fn words_doc_comments_and_literals_do() {
        differ("pub fn f() {}", "pubfn f() {}");
        differ("/// doc\nfn f() {}", "fn f() {}");
        differ("/// doc\nfn f() {}", "/// dog\nfn f() {}");
        differ("/** doc */ fn f() {}", "fn f() {}");
        differ("//! inner doc\n", "");
        differ(r#"f("a b")"#, r#"f("ab")"#);
        differ(r##"f(r#"a " b"#)"##, r##"f(r#"a "b"#)"##);
        differ(r#"f(b"a b")"#, r#"f(b"ab")"#);
        differ("f(' ')", "f('\t')");
        differ("f(1)", "f(2)");
    }

    #[test]
    fn quotes_inside_literals_do_not_open_anything() {
        // The `//` inside the string is not a comment; the `'` of the
        // lifetime does not open a char literal.
        differ(r#"f("// x  y")"#, r#"f("// x y")"#);
        same("fn f<'a>(x: &'a u8) {}", "fn f<'a>( x : &'a u8 ) {}");
        differ(r#"f('"', "a b")"#, r#"f('"', "ab")"#);
        same(r#"f("\"", 1 + 2)"#, r#"f("\"",1+2)"#);
        same(r##"f(r#"\"#, 1 + 2)"##, r##"f(r#"\"#,1+2)"##);
    }

    #[test]
    fn unterminated_text_ends_without_panicking() {
        for text in ["\"abc", "r#\"abc", "/* abc", "'", "b'", "r#", "'\\", "/"] {
            let _ = normalized(text);
        }
    }
}
