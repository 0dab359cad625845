//! Item-level recovery for files syn rejects as a whole (e.g. 2015-edition
//! bare trait objects like `type A = Fn(u8) + Send;`). The file is lexed,
//! split into top-level items at `;` and at closing braces, and each piece
//! is parsed alone: one bad item costs that item, not the file.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use syn::Item;

use super::old_editions::{parse_repaired, Edition};

pub struct Recovered {
    pub items: Vec<Item>,
    pub errors: Vec<syn::Error>,
}

/// `None` when the text does not even lex (unbalanced delimiters): then
/// nothing in it can be trusted.
pub fn parse_items_leniently(text: &str, edition: Edition) -> Option<Recovered> {
    let tokens: TokenStream = text.parse().ok()?;
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut recovered = Recovered {
        items: Vec::new(),
        errors: Vec::new(),
    };
    let mut start = skip_inner_attributes(&trees);
    while start < trees.len() {
        let end = item_end(&trees, start);
        let piece: TokenStream = trees[start..end].iter().cloned().collect();
        match syn::parse2::<Item>(piece.clone()) {
            Ok(item) => recovered.items.push(item),
            Err(error) => match parse_repaired::<Item>(piece, edition) {
                Some(item) => recovered.items.push(item),
                None => recovered.errors.push(error),
            },
        }
        start = end;
    }
    Some(recovered)
}

/// `#![...]` at the top of a file belongs to the module, not to an item.
fn skip_inner_attributes(trees: &[TokenTree]) -> usize {
    let mut at = 0;
    while let (
        Some(TokenTree::Punct(hash)),
        Some(TokenTree::Punct(bang)),
        Some(TokenTree::Group(group)),
    ) = (trees.get(at), trees.get(at + 1), trees.get(at + 2))
    {
        if hash.as_char() == '#' && bang.as_char() == '!' && group.delimiter() == Delimiter::Bracket
        {
            at += 3;
        } else {
            break;
        }
    }
    at
}

/// One past the last token of the item starting at `start`. An item ends at
/// a top-level `;`, or at a brace group that is not followed by more of the
/// same expression (`Foo { .. }.bar()`, `= S {};`).
fn item_end(trees: &[TokenTree], start: usize) -> usize {
    let mut at = start;
    while at < trees.len() {
        match &trees[at] {
            TokenTree::Punct(punct) if punct.as_char() == ';' => return at + 1,
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                match trees.get(at + 1) {
                    None => return at + 1,
                    Some(TokenTree::Punct(next)) if next.as_char() == '#' => return at + 1,
                    Some(TokenTree::Punct(_)) => {}
                    Some(TokenTree::Ident(next)) if next == "as" => {}
                    Some(_) => return at + 1,
                }
            }
            // Attributes start an item; skip their bracket group whole.
            _ => {}
        }
        at += 1;
    }
    trees.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_item_costs_only_itself() {
        let text = "#![allow(x)]\nuse a::b;\ntype Action = Fn(&u8) + Send + Sync;\n#[derive(Debug)]\npub struct S { a: u8 }\nconst C: S = S { a: 1 };\nimpl S { fn f(&self) {} }\nfn g() -> u8 { 1 }\n";
        assert!(
            syn::parse_file(text).is_err(),
            "syn should reject the bare trait object"
        );
        let recovered = parse_items_leniently(text, Edition::E2021).unwrap();
        let kinds: Vec<&str> = recovered
            .items
            .iter()
            .map(|item| match item {
                Item::Use(_) => "use",
                Item::Struct(_) => "struct",
                Item::Const(_) => "const",
                Item::Impl(_) => "impl",
                Item::Fn(_) => "fn",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["use", "struct", "const", "impl", "fn"]);
        assert_eq!(recovered.errors.len(), 1);
        assert_eq!(recovered.errors[0].span().start().line, 3);
    }

    #[test]
    fn unbalanced_text_is_not_recovered() {
        assert!(parse_items_leniently("pub fn oops( {", Edition::E2015).is_none());
    }
}
