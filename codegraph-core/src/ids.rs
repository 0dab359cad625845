//! Identity and content addressing: stable node ids (UUIDs derived with
//! blake3 from what names a symbol, never from byte offsets), content hashes
//! over normalized tokens, and the block allocator for dense per-run indices.

use std::sync::atomic::{AtomicU32, Ordering};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use uuid::Uuid;

use crate::model::{NodeIdx, NodeKind};

/// What names a symbol independently of where its bytes sit in a file.
pub struct IdentityKey<'a> {
    pub crate_key: &'a str,
    pub path: &'a str,
    pub kind: NodeKind,
    pub cfg: Option<&'a str>,
    /// Separates items that share a path: an impl's header text, a `use`
    /// leaf's target, and an ordinal among otherwise identical siblings.
    pub disambiguator: &'a str,
    pub ordinal: u32,
}

/// A stable UUID (version 8, "custom") from an identity key.
pub fn stable_id(key: &IdentityKey<'_>) -> Uuid {
    let mut hasher = blake3::Hasher::new();
    for part in [
        key.crate_key,
        key.path,
        key.kind.as_str(),
        key.cfg.unwrap_or(""),
        key.disambiguator,
    ] {
        // Length-prefix every part so ("ab","c") and ("a","bc") differ.
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.update(&key.ordinal.to_le_bytes());
    uuid_from_hash(hasher.finalize().as_bytes())
}

/// A stable id for a crate target: package identity plus target.
pub fn crate_id(
    package: &str,
    version: &str,
    source: &str,
    target_kind: &str,
    target: &str,
) -> Uuid {
    let mut hasher = blake3::Hasher::new();
    for part in [package, version, source, target_kind, target] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    uuid_from_hash(hasher.finalize().as_bytes())
}

fn uuid_from_hash(hash: &[u8; 32]) -> Uuid {
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

/// Content hash of a token stream: whitespace and comments are not tokens so
/// they do not count; doc comments are `#[doc]` attributes so they do.
pub fn content_hash(tokens: &TokenStream) -> [u8; 16] {
    let mut hasher = blake3::Hasher::new();
    feed_tokens(&mut hasher, tokens.clone());
    truncate(hasher.finalize().as_bytes())
}

/// Content hash of an item's source text, normalized by
/// [`crate::normalize`]: whitespace and comments do not change it, doc
/// comments and every token do.
pub fn content_hash_of_text(text: &str) -> [u8; 16] {
    truncate(blake3::hash(&crate::normalize::normalized(text)).as_bytes())
}

/// Merkle hash over children's hashes, for containers (modules, crates)
/// whose own tokens would repeat all of their children's.
pub fn merkle_hash<'a>(header: &str, children: impl IntoIterator<Item = &'a [u8; 16]>) -> [u8; 16] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(header.as_bytes());
    for child in children {
        hasher.update(child);
    }
    truncate(hasher.finalize().as_bytes())
}

/// blake3 of raw bytes, truncated like every other hash in the store.
pub fn bytes_hash(bytes: &[u8]) -> [u8; 16] {
    truncate(blake3::hash(bytes).as_bytes())
}

fn truncate(hash: &[u8; 32]) -> [u8; 16] {
    let mut out = [0u8; 16];
    out.copy_from_slice(&hash[..16]);
    out
}

fn feed_tokens(hasher: &mut blake3::Hasher, tokens: TokenStream) {
    for tree in tokens {
        match tree {
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => (b"(", b")"),
                    Delimiter::Brace => (b"{", b"}"),
                    Delimiter::Bracket => (b"[", b"]"),
                    Delimiter::None => (b"\x01", b"\x02"),
                };
                hasher.update(open);
                feed_tokens(hasher, group.stream());
                hasher.update(close);
            }
            TokenTree::Ident(ident) => {
                hasher.update(ident.to_string().as_bytes());
                hasher.update(b" ");
            }
            TokenTree::Punct(punct) => {
                let mut buf = [0u8; 4];
                // Spacing is ignored: `a+-b` and `a + -b` are the same code.
                hasher.update(punct.as_char().encode_utf8(&mut buf).as_bytes());
            }
            TokenTree::Literal(literal) => {
                hasher.update(literal.to_string().as_bytes());
                hasher.update(b" ");
            }
        }
    }
}

pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[(byte >> 4) as usize] as char);
        out.push(DIGITS[(byte & 0xf) as usize] as char);
    }
    out
}

/// Hands out dense node indices in blocks taken from one global counter, so
/// parallel workers never contend on a per-node atomic.
#[derive(Debug, Default)]
pub struct IdAllocator {
    next_block_start: AtomicU32,
}

const BLOCK_SIZE: u32 = 1024;

impl IdAllocator {
    pub fn new() -> Self {
        Self::default()
    }

    /// An allocator whose first index is `start`: above every index that
    /// carried-over state of a previous run holds.
    pub fn starting_at(start: u32) -> Self {
        IdAllocator {
            next_block_start: AtomicU32::new(start),
        }
    }

    /// A cursor owning a reserved block; it takes a fresh block when spent.
    pub fn cursor(&self) -> IdCursor<'_> {
        IdCursor {
            allocator: self,
            next: 0,
            end: 0,
        }
    }

    /// One past the largest index handed out so far.
    pub fn high_water_mark(&self) -> u32 {
        self.next_block_start.load(Ordering::Relaxed)
    }

    /// One index, for the rare node created outside a parse unit.
    pub fn reserve_one(&self) -> NodeIdx {
        NodeIdx(self.next_block_start.fetch_add(1, Ordering::Relaxed))
    }

    fn reserve_block(&self) -> u32 {
        self.next_block_start
            .fetch_add(BLOCK_SIZE, Ordering::Relaxed)
    }
}

pub struct IdCursor<'a> {
    allocator: &'a IdAllocator,
    next: u32,
    end: u32,
}

impl IdCursor<'_> {
    pub fn next_idx(&mut self) -> NodeIdx {
        if self.next == self.end {
            self.next = self.allocator.reserve_block();
            self.end = self.next + BLOCK_SIZE;
        }
        let idx = self.next;
        self.next += 1;
        NodeIdx(idx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key<'a>(path: &'a str, cfg: Option<&'a str>) -> IdentityKey<'a> {
        IdentityKey {
            crate_key: "k",
            path,
            kind: NodeKind::Function,
            cfg,
            disambiguator: "",
            ordinal: 0,
        }
    }

    #[test]
    fn stable_id_depends_on_identity_not_on_call() {
        assert_eq!(stable_id(&key("a::f", None)), stable_id(&key("a::f", None)));
        assert_ne!(stable_id(&key("a::f", None)), stable_id(&key("a::g", None)));
        assert_ne!(
            stable_id(&key("a::f", Some("unix"))),
            stable_id(&key("a::f", Some("windows")))
        );
    }

    #[test]
    fn content_hash_ignores_whitespace_and_comments_but_not_docs() {
        let a: TokenStream = "fn f ( ) { 1 + 2 }".parse().unwrap();
        let b: TokenStream = "fn f() {\n  // comment\n  1+2\n}".parse().unwrap();
        let c: TokenStream = "/// doc\nfn f() { 1 + 2 }".parse().unwrap();
        assert_eq!(content_hash(&a), content_hash(&b));
        assert_ne!(content_hash(&a), content_hash(&c));
    }

    #[test]
    fn cursors_get_disjoint_blocks() {
        let allocator = IdAllocator::new();
        let mut first = allocator.cursor();
        let mut second = allocator.cursor();
        let a = first.next_idx();
        let b = second.next_idx();
        assert_ne!(a, b);
        for _ in 0..BLOCK_SIZE {
            first.next_idx();
        }
        assert_eq!(allocator.high_water_mark(), 3 * BLOCK_SIZE);
    }
}
