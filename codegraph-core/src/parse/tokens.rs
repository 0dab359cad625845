//! Prints token streams as compact, rustfmt-like text for signatures, cfg
//! predicates and attributes: `pub fn load(path: &Path) -> Result<Config>`
//! rather than proc-macro2's `pub fn load (path : & Path) -> Result < Config >`.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// Renders tokens with the spacing a person would write.
pub fn tokens_to_text(tokens: TokenStream) -> String {
    let mut printer = Printer::default();
    printer.stream(tokens);
    // `where T: Ord,` ends a declaration with a comma that reads as noise.
    if printer.out.ends_with(',') {
        printer.out.pop();
    }
    printer.out
}

/// A group's tokens without a last comma that changes nothing: rustfmt's
/// one-parameter-per-line signatures end their list with one (`fn f(\n a:
/// u8,\n b: u8,\n)`), and macro repetitions write `(A, A,)`. A tuple of
/// one, `(T,)`, keeps its comma; a lone parameter (`a: T,`, told by its
/// colon, or `&self,`) and the one field of `Variant(T,)` (a group right
/// after a name) do not.
fn without_optional_trailing_comma(
    delimiter: Delimiter,
    after_name: bool,
    tokens: TokenStream,
) -> Vec<TokenTree> {
    let is_comma = |tree: &TokenTree| matches!(tree, TokenTree::Punct(p) if p.as_char() == ',');
    let mut trees: Vec<TokenTree> = tokens.into_iter().collect();
    if !trees.last().is_some_and(is_comma) {
        return trees;
    }
    let before_last = &trees[..trees.len() - 1];
    let optional = match delimiter {
        Delimiter::Parenthesis => {
            // A `:` that is not half of a `::`.
            let colon = |tree: &TokenTree, spacing: Spacing| matches!(tree, TokenTree::Punct(p) if p.as_char() == ':' && p.spacing() == spacing);
            let has_lone_colon = before_last.iter().enumerate().any(|(at, tree)| {
                colon(tree, Spacing::Alone)
                    && !(at > 0 && colon(&before_last[at - 1], Spacing::Joint))
            });
            let receiver =
                matches!(before_last.last(), Some(TokenTree::Ident(ident)) if ident == "self");
            after_name || receiver || has_lone_colon || before_last.iter().any(is_comma)
        }
        Delimiter::Bracket | Delimiter::Brace => true,
        Delimiter::None => false,
    };
    if optional {
        trees.pop();
    }
    trees
}

#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Word(String),
    Literal(String),
    Lifetime(String),
    Op(&'static str),
    Open(Delimiter),
    Close(Delimiter),
}

/// Multi-character operators that keep their characters together. `<<`,
/// `>>`, `<=` and `>=` are deliberately absent: in signatures `>>` closes two
/// generic lists, and splitting them keeps that readable.
const OPERATORS: &[&str] = &[
    "::", "->", "=>", "..=", "...", "..", "&&", "||", "==", "!=", "+=", "-=", "*=", "/=", "%=",
    "^=", "&=", "|=",
];

const SINGLE: &[&str] = &[
    "=", "+", "-", "*", "/", "%", "^", "!", "&", "|", "~", "@", ".", ",", ";", ":", "#", "$", "?",
    "<", ">", "'",
];

#[derive(Default)]
struct Printer {
    out: String,
    prev: Option<Atom>,
    pending_punct: String,
    /// For each open brace: whether it is a use-tree group (`a::{b, c}`),
    /// printed without inner padding.
    tight_braces: Vec<bool>,
}

impl Printer {
    fn stream(&mut self, tokens: impl IntoIterator<Item = TokenTree>) {
        let mut iter = tokens.into_iter().peekable();
        while let Some(tree) = iter.next() {
            match tree {
                TokenTree::Group(group) => {
                    self.flush_punct();
                    let delimiter = group.delimiter();
                    // `f(..)`, `Variant(..)`: arguments or fields, not a tuple.
                    let after_name =
                        matches!(&self.prev, Some(Atom::Word(word)) if !is_keyword(word));
                    self.emit(Atom::Open(delimiter));
                    self.stream(without_optional_trailing_comma(
                        delimiter,
                        after_name,
                        group.stream(),
                    ));
                    self.flush_punct();
                    self.emit(Atom::Close(delimiter));
                }
                TokenTree::Ident(ident) => {
                    // `&'a` arrives as the joint run `&'` then `a`.
                    if self.pending_punct.ends_with('\'') {
                        self.pending_punct.pop();
                        self.flush_punct();
                        self.emit(Atom::Lifetime(format!("'{ident}")));
                    } else {
                        self.flush_punct();
                        self.emit(Atom::Word(ident.to_string()));
                    }
                }
                TokenTree::Punct(punct) => {
                    self.pending_punct.push(punct.as_char());
                    let lifetime_tick =
                        punct.as_char() == '\'' && matches!(iter.peek(), Some(TokenTree::Ident(_)));
                    if punct.spacing() == Spacing::Alone && !lifetime_tick {
                        self.flush_punct();
                    }
                }
                TokenTree::Literal(literal) => {
                    self.flush_punct();
                    self.emit(Atom::Literal(literal.to_string()));
                }
            }
        }
        self.flush_punct();
    }

    fn flush_punct(&mut self) {
        if self.pending_punct.is_empty() {
            return;
        }
        let run = std::mem::take(&mut self.pending_punct);
        let mut rest = run.as_str();
        while !rest.is_empty() {
            let op = OPERATORS
                .iter()
                .chain(SINGLE)
                .find(|op| rest.starts_with(**op))
                .copied();
            match op {
                Some(op) => {
                    self.emit(Atom::Op(op));
                    rest = &rest[op.len()..];
                }
                None => {
                    // A character no table knows: print it verbatim.
                    let ch = rest.chars().next().expect("non-empty");
                    self.out.push(ch);
                    rest = &rest[ch.len_utf8()..];
                }
            }
        }
    }

    fn emit(&mut self, atom: Atom) {
        let in_tight_brace = self.tight_braces.last().copied().unwrap_or(false);
        if let Some(prev) = &self.prev {
            let tight = in_tight_brace
                && (matches!(prev, Atom::Open(Delimiter::Brace))
                    || matches!(atom, Atom::Close(Delimiter::Brace)));
            if !tight && needs_space(prev, &atom) {
                self.out.push(' ');
            }
        }
        match &atom {
            Atom::Open(Delimiter::Brace) => {
                self.tight_braces
                    .push(matches!(self.prev, Some(Atom::Op("::"))));
            }
            Atom::Close(Delimiter::Brace) => {
                self.tight_braces.pop();
            }
            _ => {}
        }
        match &atom {
            Atom::Word(text) | Atom::Literal(text) | Atom::Lifetime(text) => {
                self.out.push_str(text)
            }
            Atom::Op(op) => self.out.push_str(op),
            Atom::Open(delimiter) => self.out.push_str(open_text(*delimiter)),
            Atom::Close(delimiter) => self.out.push_str(close_text(*delimiter)),
        }
        self.prev = Some(atom);
    }
}

fn open_text(delimiter: Delimiter) -> &'static str {
    match delimiter {
        Delimiter::Parenthesis => "(",
        Delimiter::Brace => "{",
        Delimiter::Bracket => "[",
        Delimiter::None => "",
    }
}

fn close_text(delimiter: Delimiter) -> &'static str {
    match delimiter {
        Delimiter::Parenthesis => ")",
        Delimiter::Brace => "}",
        Delimiter::Bracket => "]",
        Delimiter::None => "",
    }
}

fn is_word(atom: &Atom) -> bool {
    match atom {
        Atom::Word(word) => !is_spaced_keyword(word),
        Atom::Lifetime(_) | Atom::Literal(_) => true,
        _ => false,
    }
}

/// Keywords after which `(`, `[` and `<` keep a space: `*mut [u8]`,
/// `for (A, B)`, `as <T as X>`. (`impl<T>` and `for<'a>` are the exceptions
/// handled where `<` is.)
fn is_spaced_keyword(word: &str) -> bool {
    matches!(
        word,
        "mut"
            | "const"
            | "dyn"
            | "as"
            | "in"
            | "for"
            | "where"
            | "move"
            | "return"
            | "static"
            | "ref"
    )
}

/// Rust's keywords that cannot start a path (`self`, `super`, `crate` and
/// `Self` can, so they are absent).
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
    )
}

fn needs_space(prev: &Atom, next: &Atom) -> bool {
    use Atom::*;
    match (prev, next) {
        // Inside delimiters: `(a, b)`, `[u8; 4]`; braces get inner spaces
        // (`Variant { a: u8 }`) except in use trees (`a::{b, c}`).
        (Open(Delimiter::Brace), Close(Delimiter::Brace)) => false,
        (Open(Delimiter::Brace), _) | (_, Close(Delimiter::Brace)) => true,
        (Open(_), _) | (_, Close(_)) => false,
        // A path written from the root (`::std::fmt`) is spaced from a
        // keyword or operator before it (`for ::std::slice::Iter<u8>`,
        // `x: ::core::ffi::c_int`) and tight after a segment (`a::b`, `T>::x`).
        (Word(word), Op("::")) => is_keyword(word),
        (Op("->" | ":" | "," | "=" | "+" | "=>" | "|" | ";"), Op("::")) => true,
        (Op("::"), _) | (_, Op("::")) => false,
        (_, Open(Delimiter::Brace)) => true,
        (Lifetime(_), Open(Delimiter::Parenthesis | Delimiter::Bracket)) => true,
        (_, Open(Delimiter::Parenthesis | Delimiter::Bracket)) => {
            !(is_word(prev)
                || matches!(prev, Op(">" | "<" | "!" | "&" | "#" | "*" | "-"))
                || matches!(prev, Close(_)))
        }
        (_, Op("," | ";" | ":" | "." | ">")) => false,
        (Op("&" | "#" | "." | ".." | "!" | "?" | "<" | "'" | "$"), _) => false,
        (Op("*"), Word(word)) if word == "const" || word == "mut" => false,
        // Unary minus after an operator or at the start of a group.
        (Op("-"), _) => false,
        (Word(word), Op("!")) => matches!(word.as_str(), "impl" | "for" | "dyn" | "where"),
        (Word(word), Op("<")) if word == "impl" || word == "for" => false,
        (_, Op("<")) => !is_word(prev),
        (Close(_), Op("?")) => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn print(source: &str) -> String {
        tokens_to_text(source.parse().unwrap())
    }

    #[test]
    fn prints_function_signatures_like_a_person() {
        assert_eq!(
            print("pub async fn load(path: &Path) -> Result<Config>"),
            "pub async fn load(path: &Path) -> Result<Config>"
        );
        assert_eq!(
            print("fn f<'a, T: Clone + 'a>(x: &'a mut T, y: Vec<Vec<u8>>) -> impl Iterator<Item = &'a T> where T: ?Sized"),
            "fn f<'a, T: Clone + 'a>(x: &'a mut T, y: Vec<Vec<u8>>) -> impl Iterator<Item = &'a T> where T: ?Sized"
        );
        assert_eq!(
            print("fn g(v: &'a [u8], w: &'a (u8, u8))"),
            "fn g(v: &'a [u8], w: &'a (u8, u8))"
        );
        assert_eq!(
            print("unsafe extern \"C\" fn raw(p: *const u8, n: usize) -> *mut [u8; 4]"),
            "unsafe extern \"C\" fn raw(p: *const u8, n: usize) -> *mut [u8; 4]"
        );
        assert_eq!(
            print("impl<T> Trait for (A, B) where for<'a> &'a T: Into<u8>"),
            "impl<T> Trait for (A, B) where for<'a> &'a T: Into<u8>"
        );
    }

    #[test]
    fn drops_a_trailing_comma_that_changes_nothing() {
        assert_eq!(
            print("pub fn f(\n    a: u8,\n    b: (u8,),\n) -> (A, A,)"),
            "pub fn f(a: u8, b: (u8,)) -> (A, A)"
        );
        assert_eq!(print("fn g(a: u8,)"), "fn g(a: u8)");
        assert_eq!(print("fn h() -> (T,)"), "fn h() -> (T,)");
        assert_eq!(print("fn k() -> (a::B,)"), "fn k() -> (a::B,)");
        assert_eq!(
            print("fn m(&self,) -> &mut (T,)"),
            "fn m(&self) -> &mut (T,)"
        );
        assert_eq!(print("Cancelled(CancelData,)"), "Cancelled(CancelData)");
        assert_eq!(print("impl<T> Tr for (T,)"), "impl<T> Tr for (T,)");
        assert_eq!(
            print("const C: S = S { xs: [1, 2,], y: 0, }"),
            "const C: S = S { xs: [1, 2], y: 0 }"
        );
        assert_eq!(print("use a::{b, c,}"), "use a::{b, c}");
    }

    #[test]
    fn prints_impl_headers_paths_and_use_trees() {
        assert_eq!(
            print("impl<T: Display> Describe for T"),
            "impl<T: Display> Describe for T"
        );
        assert_eq!(print("impl !Send for Foo"), "impl !Send for Foo");
        assert_eq!(
            print("impl AsRef<[u8]> for Bytes"),
            "impl AsRef<[u8]> for Bytes"
        );
        assert_eq!(print("<T as Trait>::Output"), "<T as Trait>::Output");
        assert_eq!(
            print("impl Iterator for ::std::slice::Iter<'_, u8>"),
            "impl Iterator for ::std::slice::Iter<'_, u8>"
        );
        assert_eq!(
            print("fn f(x: ::core::ffi::c_int, y: Vec<::std::string::String>) -> ::std::io::Result<()>"),
            "fn f(x: ::core::ffi::c_int, y: Vec<::std::string::String>) -> ::std::io::Result<()>"
        );
        assert_eq!(
            print("pub use ::serde::de::{self, Visitor}"),
            "pub use ::serde::de::{self, Visitor}"
        );
        assert_eq!(print("&::std::x::<u8>()"), "&::std::x::<u8>()");
        assert_eq!(print("self::a::b, super::c"), "self::a::b, super::c");
        assert_eq!(print("a::{b, c::*}"), "a::{b, c::*}");
        assert_eq!(
            print("pub(crate) const N: usize = -1"),
            "pub(crate) const N: usize = -1"
        );
        assert_eq!(
            print("all(unix, feature = \"std\")"),
            "all(unix, feature = \"std\")"
        );
        assert_eq!(
            print("Variant { a: u8, b: (u8, u16) }"),
            "Variant { a: u8, b: (u8, u16) }"
        );
        assert_eq!(
            print("fn f(x: &dyn Fn(u8) -> u8)"),
            "fn f(x: &dyn Fn(u8) -> u8)"
        );
    }
}
