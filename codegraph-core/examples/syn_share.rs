//! Where `syn::parse_file`'s time goes, for deciding what a cheaper parse
//! could save: the share of lexing alone (`proc_macro2` token trees), and the
//! share of tokens inside fn bodies (what a signatures-only parse of
//! dependencies would skip). Reads the files to measure, one path a line,
//! from stdin; medians of 5 rounds, all cores.
//!
//! cargo codegraph query '?[p] := *file{abs_path: p, error}, is_null(error)' --format csv \
//!   | tail -n +2 | cargo run --release -p codegraph-core --example syn_share

use std::io::Read;
use std::time::{Duration, Instant};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use rayon::prelude::*;

const ROUNDS: usize = 5;

// The allocator the indexer and the benchmark use: syn allocates per token.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut list = String::new();
    std::io::stdin()
        .read_to_string(&mut list)
        .expect("a list of files on stdin");
    let texts: Vec<String> = list
        .lines()
        .filter(|line| !line.trim().is_empty())
        .filter_map(|path| std::fs::read_to_string(path.trim()).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    println!("{} files, {:.1} MB", texts.len(), bytes as f64 / 1e6);

    let mut parse = Vec::new();
    let mut lex = Vec::new();
    for _ in 0..ROUNDS {
        parse.push(timed(&texts, |text| {
            syn::parse_file(text)
                .map(|file| file.items.len())
                .unwrap_or(0)
        }));
        lex.push(timed(&texts, |text| {
            text.parse::<TokenStream>()
                .map(|tokens| tokens.into_iter().count())
                .unwrap_or(0)
        }));
    }
    let (parse, lex) = (median(parse), median(lex));
    println!(
        "syn::parse_file {parse:.3?}, lexing alone {lex:.3?}: lexing is {:.2} of the parse",
        lex.as_secs_f64() / parse.as_secs_f64()
    );

    let (in_bodies, all) = texts
        .par_iter()
        .map(|text| {
            let counts = text
                .parse::<TokenStream>()
                .map(body_tokens)
                .unwrap_or_default();
            proc_macro2::extra::invalidate_current_thread_spans();
            counts
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!(
        "tokens inside fn bodies: {in_bodies} of {all} ({:.1}%)",
        100.0 * in_bodies as f64 / all.max(1) as f64
    );
}

fn timed(texts: &[String], work: impl Fn(&str) -> usize + Sync) -> Duration {
    let start = Instant::now();
    let _: usize = texts
        .par_iter()
        .map(|text| {
            let done = work(text);
            proc_macro2::extra::invalidate_current_thread_spans();
            done
        })
        .sum();
    start.elapsed()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// (tokens inside fn bodies, all tokens): a body is the brace group after
/// a `fn` keyword at the same level with no `;` between them.
fn body_tokens(tokens: TokenStream) -> (usize, usize) {
    let (mut in_bodies, mut all) = (0, 0);
    let mut after_fn = false;
    for tree in tokens {
        all += 1;
        match tree {
            TokenTree::Ident(ident) if ident == "fn" => after_fn = true,
            TokenTree::Punct(punct) if punct.as_char() == ';' => after_fn = false,
            TokenTree::Group(group) if group.delimiter() == Delimiter::Brace && after_fn => {
                let inside = count(group.stream());
                in_bodies += inside;
                all += inside;
                after_fn = false;
            }
            TokenTree::Group(group) => {
                let (bodies, inside) = body_tokens(group.stream());
                in_bodies += bodies;
                all += inside;
            }
            _ => {}
        }
    }
    (in_bodies, all)
}

fn count(tokens: TokenStream) -> usize {
    tokens
        .into_iter()
        .map(|tree| match tree {
            TokenTree::Group(group) => 1 + count(group.stream()),
            _ => 1,
        })
        .sum()
}
