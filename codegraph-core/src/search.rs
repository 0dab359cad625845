//! Search: "where is the code that …". Items are scored by two signals:
//! cosine similarity of their stored vectors to the query's vector (exact,
//! over every vector of the model: see ARCHITECTURE.md for why not HNSW)
//! and BM25 over their names, paths, signatures and docs. The fused score
//! is the cosine plus [`LEXICAL_WEIGHT`] times the BM25 score relative to
//! the query's best lexical match. Without vectors the lexical score
//! stands alone.

use std::collections::{BTreeMap, HashMap};

use cozo::DataValue;
use rayon::prelude::*;

use crate::error::Result;
use crate::store::embeddings::{hash_bytes, model_vectors};
use crate::store::IndexDb;

/// Kinds searched (and embedded) unless told otherwise.
pub const DEFAULT_KINDS: [&str; 10] = [
    "function",
    "method",
    "struct",
    "enum",
    "trait",
    "type_alias",
    "const",
    "static",
    "macro",
    "module",
];

/// Weight of the lexical score (0..1, relative to the best match) against
/// the cosine. With all-MiniLM-L6-v2 a relevant item scores ~0.3–0.7 and an
/// unrelated one under ~0.15, so a full lexical match lifts an item by
/// about half that gap: enough to put a name match first among near
/// semantic ties, not enough to bury a clearly closer meaning under an
/// item that merely shares a word. Reciprocal-rank fusion was tried first
/// and did exactly that: it ignores how far apart the cosines are.
const LEXICAL_WEIGHT: f64 = 0.25;

/// A hit is credited to a signal when it is among that signal's best
/// `max(k, FOUND_BY_DEPTH)` items.
const FOUND_BY_DEPTH: usize = 10;

/// A name term counts this much more than a path, signature or doc term.
const NAME_WEIGHT: u32 = 3;

/// Docs beyond this many characters do not count (long module docs would
/// otherwise match every query).
const DOCS_CHARS: usize = 2000;

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub text: String,
    pub k: usize,
    /// Node kinds to consider; empty means [`DEFAULT_KINDS`].
    pub kinds: Vec<String>,
    /// Crate (or package) names to consider; empty means all.
    pub crates: Vec<String>,
}

/// The query's vector and the model it comes from.
#[derive(Debug, Clone)]
pub struct QueryVector {
    pub model_id: String,
    pub vector: Vec<f32>,
}

/// Which signals found a hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoundBy {
    Semantic,
    Lexical,
    Both,
}

impl FoundBy {
    pub fn as_str(self) -> &'static str {
        match self {
            FoundBy::Semantic => "semantic",
            FoundBy::Lexical => "lexical",
            FoundBy::Both => "semantic+lexical",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Hit {
    pub id: String,
    pub path: String,
    pub kind: String,
    pub crate_name: String,
    pub file: String,
    pub line: i64,
    pub signature: Option<String>,
    /// Fused score (higher is better).
    pub score: f64,
    pub cosine: Option<f32>,
    pub bm25: Option<f64>,
    pub found_by: FoundBy,
}

/// Whether vectors took part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Semantic {
    /// Vectors of this model were searched.
    Used { model_id: String, vectors: usize },
    /// The index holds no vectors of this model.
    NoVectors { model_id: String },
    /// No query vector was given (no model available).
    Off,
}

#[derive(Debug, Clone)]
pub struct SearchOutcome {
    pub hits: Vec<Hit>,
    pub semantic: Semantic,
    /// Items considered (after the kind and crate filters).
    pub candidates: usize,
}

struct Candidate {
    id: DataValue,
    kind: String,
    name: String,
    path: String,
    crate_name: String,
    file: String,
    line: i64,
    signature: Option<String>,
    docs: Option<String>,
    content_hash: String,
}

pub fn search(
    db: &IndexDb,
    request: &SearchRequest,
    query_vector: Option<&QueryVector>,
) -> Result<SearchOutcome> {
    let candidates = load_candidates(db, request)?;
    let lexical = bm25_scores(&request.text, &candidates);

    let (semantic_scores, semantic) = match query_vector {
        None => (None, Semantic::Off),
        Some(query) => {
            let vectors = model_vectors(db, &query.model_id)?;
            if vectors.hashes.is_empty() {
                (
                    None,
                    Semantic::NoVectors {
                        model_id: query.model_id.clone(),
                    },
                )
            } else {
                let scores = cosine_scores(vectors.matrix.as_slice(), vectors.dims, &query.vector);
                // Keyed by the candidates' hashes: often far fewer than the
                // vectors, and only they need a score.
                let mut of_hash: HashMap<[u8; 16], Vec<usize>> = HashMap::new();
                for (index, candidate) in candidates.iter().enumerate() {
                    if let Some(hash) = hash_bytes(&candidate.content_hash) {
                        of_hash.entry(hash).or_default().push(index);
                    }
                }
                let mut per_candidate: Vec<Option<f32>> = vec![None; candidates.len()];
                for (row, hash) in vectors.hashes.iter().enumerate() {
                    for &index in of_hash.get(hash).into_iter().flatten() {
                        per_candidate[index] = Some(scores[row]);
                    }
                }
                (
                    Some(per_candidate),
                    Semantic::Used {
                        model_id: query.model_id.clone(),
                        vectors: vectors.hashes.len(),
                    },
                )
            }
        }
    };

    let best_lexical = lexical.iter().flatten().copied().fold(0.0f64, f64::max);
    let lexical_part = |index: usize| match lexical[index] {
        Some(score) if best_lexical > 0.0 => score / best_lexical,
        _ => 0.0,
    };
    let fused: Vec<Option<f64>> = (0..candidates.len())
        .map(|index| match &semantic_scores {
            Some(scores) => scores[index]
                .map(|cosine| f64::from(cosine) + LEXICAL_WEIGHT * lexical_part(index))
                .or_else(|| lexical[index].map(|_| LEXICAL_WEIGHT * lexical_part(index))),
            None => lexical[index].map(|_| lexical_part(index)),
        })
        .collect();
    let depth = request.k.max(FOUND_BY_DEPTH);
    let in_top = |ranking: Vec<usize>| -> Vec<bool> {
        let mut top = vec![false; candidates.len()];
        for &index in ranking.iter().take(depth) {
            top[index] = true;
        }
        top
    };
    let lexical_top = in_top(rank_by(lexical.iter().copied()));
    let semantic_top = semantic_scores
        .as_ref()
        .map(|scores| in_top(rank_by(scores.iter().map(|s| s.map(f64::from)))))
        .unwrap_or_else(|| vec![false; candidates.len()]);
    let ranked: Vec<usize> = rank_by(fused.iter().copied());
    let hits = ranked
        .into_iter()
        .take(request.k)
        .map(|index| {
            let c = &candidates[index];
            Hit {
                id: match &c.id {
                    DataValue::Uuid(u) => u.0.to_string(),
                    other => format!("{other:?}"),
                },
                path: c.path.clone(),
                kind: c.kind.clone(),
                crate_name: c.crate_name.clone(),
                file: c.file.clone(),
                line: c.line,
                signature: c.signature.clone(),
                score: fused[index].unwrap_or(0.0),
                cosine: semantic_scores.as_ref().and_then(|s| s[index]),
                bm25: lexical[index].filter(|&v| v > 0.0),
                found_by: match (semantic_top[index], lexical_top[index]) {
                    (true, true) => FoundBy::Both,
                    (true, false) => FoundBy::Semantic,
                    (false, true) => FoundBy::Lexical,
                    // Ranked by the sum without leading either list.
                    (false, false) if lexical[index].is_some() => FoundBy::Both,
                    (false, false) => FoundBy::Semantic,
                },
            }
        })
        .collect();
    Ok(SearchOutcome {
        hits,
        semantic,
        candidates: candidates.len(),
    })
}

fn load_candidates(db: &IndexDb, request: &SearchRequest) -> Result<Vec<Candidate>> {
    let rows = db.run(
        "?[id, kind, name, path, crate_name, package, file, line, signature, docs, content_hash] := \
           *node{id, crate_id, kind, name, path, file, line, signature, docs, content_hash}, \
           *crate{id: crate_id, name: crate_name, package}",
        BTreeMap::new(),
        false,
    )?;
    let kinds: Vec<&str> = if request.kinds.is_empty() {
        DEFAULT_KINDS.to_vec()
    } else {
        request.kinds.iter().map(String::as_str).collect()
    };
    Ok(rows
        .rows
        .into_iter()
        .filter_map(|row| {
            let kind = row[1].get_str()?;
            let crate_name = row[4].get_str()?;
            let package = row[5].get_str().unwrap_or_default();
            let crate_wanted = request.crates.is_empty()
                || request
                    .crates
                    .iter()
                    .any(|c| c == crate_name || c == package || c.replace('-', "_") == crate_name);
            (kinds.contains(&kind) && crate_wanted).then(|| Candidate {
                id: row[0].clone(),
                kind: kind.to_string(),
                name: row[2].get_str().unwrap_or_default().to_string(),
                path: row[3].get_str().unwrap_or_default().to_string(),
                crate_name: crate_name.to_string(),
                file: row[6].get_str().unwrap_or_default().to_string(),
                line: row[7].get_int().unwrap_or(0),
                signature: row[8].get_str().map(str::to_string),
                docs: row[9].get_str().map(str::to_string),
                content_hash: row[10].get_str().unwrap_or_default().to_string(),
            })
        })
        .collect())
}

/// Dot product of `query` with each `dims`-wide row of `matrix` (the
/// cosine, as stored vectors and queries are unit length).
pub fn cosine_scores(matrix: &[f32], dims: usize, query: &[f32]) -> Vec<f32> {
    if dims == 0 || query.len() != dims {
        return vec![0.0; matrix.len() / dims.max(1)];
    }
    matrix
        .par_chunks(dims)
        .with_min_len(1024)
        .map(|row| dot(row, query))
        .collect()
}

/// Eight independent sums: the compiler keeps them in one SIMD register
/// (a single running sum cannot be reordered, so it would not vectorise;
/// it was 3× slower).
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lanes = [0f32; 8];
    let (a_chunks, b_chunks) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = a_chunks
        .remainder()
        .iter()
        .zip(b_chunks.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in a_chunks.zip(b_chunks) {
        for lane in 0..8 {
            lanes[lane] += x[lane] * y[lane];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Indices of the `k` highest scores, best first.
pub fn top_k(scores: &[f32], k: usize) -> Vec<usize> {
    let mut indices: Vec<usize> = (0..scores.len()).collect();
    let k = k.min(indices.len());
    if k == 0 {
        return Vec::new();
    }
    indices.select_nth_unstable_by(k - 1, |&a, &b| scores[b].total_cmp(&scores[a]));
    indices.truncate(k);
    indices.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    indices
}

/// Candidate indices with a score, best first.
fn rank_by(scores: impl Iterator<Item = Option<f64>>) -> Vec<usize> {
    let mut scored: Vec<(usize, f64)> = scores
        .enumerate()
        .filter_map(|(i, s)| s.map(|s| (i, s)))
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    scored.into_iter().map(|(i, _)| i).collect()
}

/// BM25 (k1 = 1.2, b = 0.75) of each candidate for the query's terms.
fn bm25_scores(query: &str, candidates: &[Candidate]) -> Vec<Option<f64>> {
    let mut query_terms = terms(query);
    query_terms.sort();
    query_terms.dedup();
    if query_terms.is_empty() {
        return vec![None; candidates.len()];
    }
    // Per candidate: its length in terms and the counts of the query's terms.
    let counted: Vec<(u32, Vec<u32>)> = candidates
        .par_iter()
        .map(|c| {
            let mut counts = vec![0u32; query_terms.len()];
            let mut length = 0u32;
            let mut count = |text: &str, weight: u32| {
                for term in terms(text) {
                    length += weight;
                    if let Ok(at) = query_terms.binary_search(&term) {
                        counts[at] += weight;
                    }
                }
            };
            count(&c.name, NAME_WEIGHT);
            count(&c.path, 1);
            if let Some(signature) = &c.signature {
                count(signature, 1);
            }
            if let Some(docs) = &c.docs {
                let end = docs
                    .char_indices()
                    .nth(DOCS_CHARS)
                    .map_or(docs.len(), |(at, _)| at);
                count(&docs[..end], 1);
            }
            (length, counts)
        })
        .collect();
    let documents = candidates.len() as f64;
    let average_length =
        counted.iter().map(|(l, _)| f64::from(*l)).sum::<f64>() / documents.max(1.0);
    let idf: Vec<f64> = (0..query_terms.len())
        .map(|t| {
            let with = counted.iter().filter(|(_, c)| c[t] > 0).count() as f64;
            ((documents - with + 0.5) / (with + 0.5) + 1.0).ln()
        })
        .collect();
    let (k1, b) = (1.2, 0.75);
    counted
        .iter()
        .map(|(length, counts)| {
            let norm = k1 * (1.0 - b + b * f64::from(*length) / average_length.max(1.0));
            let score: f64 = counts
                .iter()
                .zip(&idf)
                .filter(|(&count, _)| count > 0)
                .map(|(&count, idf)| {
                    idf * f64::from(count) * (k1 + 1.0) / (f64::from(count) + norm)
                })
                .sum();
            (score > 0.0).then_some(score)
        })
        .collect()
}

const STOP_WORDS: [&str; 28] = [
    "a", "an", "and", "are", "as", "at", "be", "by", "code", "does", "for", "from", "how", "in",
    "is", "it", "of", "on", "or", "that", "the", "this", "to", "what", "where", "which", "with",
    "who",
];

/// Lowercase terms of `text`: split at non-alphanumerics and at camelCase
/// humps, stop words dropped, crudely stemmed so that `parse`, `parses`,
/// `parsing` and `parsed` meet.
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let mut start = 0;
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        for window in 1..chars.len() {
            let (at, c) = chars[window];
            let previous = chars[window - 1].1;
            let next_lower = chars.get(window + 1).is_some_and(|(_, n)| n.is_lowercase());
            if c.is_uppercase()
                && (previous.is_lowercase() || (previous.is_uppercase() && next_lower))
            {
                push_term(&word[start..at], &mut out);
                start = at;
            }
        }
        push_term(&word[start..], &mut out);
    }
    out
}

fn push_term(piece: &str, out: &mut Vec<String>) {
    let lower = piece.to_lowercase();
    if lower.chars().count() < 2 || STOP_WORDS.contains(&lower.as_str()) {
        return;
    }
    out.push(stem(&lower));
}

fn stem(word: &str) -> String {
    for suffix in ["ing", "ed", "es", "s", "e"] {
        if let Some(stem) = word.strip_suffix(suffix) {
            // `class` must not become `clas`.
            let double_s = suffix == "s" && stem.ends_with('s');
            if stem.chars().count() >= 3 && !double_s {
                return stem.to_string();
            }
        }
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_split_names_and_meet_word_forms() {
        assert_eq!(terms("parse_config"), ["pars", "config"]);
        assert_eq!(
            terms("HTTPServer::parseFiles"),
            ["http", "server", "pars", "fil"]
        );
        assert_eq!(terms("Parsing the config files"), ["pars", "config", "fil"]);
        assert_eq!(terms("parsed a file"), ["pars", "fil"]);
        assert!(terms("the of a").is_empty());
    }

    #[test]
    fn top_k_returns_the_best_first() {
        let scores = [0.1, 0.9, -0.5, 0.7, 0.3];
        assert_eq!(top_k(&scores, 3), [1, 3, 4]);
        assert_eq!(top_k(&scores, 10).len(), 5);
        assert!(top_k(&scores, 0).is_empty());
    }

    #[test]
    fn cosine_scores_are_dot_products_per_row() {
        let matrix = [1.0, 0.0, 0.0, 1.0, 0.6, 0.8];
        assert_eq!(cosine_scores(&matrix, 2, &[0.6, 0.8]), [0.6, 0.8, 1.0]);
        // A query of the wrong width scores nothing instead of misreading.
        assert_eq!(cosine_scores(&matrix, 2, &[1.0]), [0.0, 0.0, 0.0]);
    }

    fn candidate(name: &str, path: &str, docs: Option<&str>) -> Candidate {
        Candidate {
            id: DataValue::Null,
            kind: "function".into(),
            name: name.into(),
            path: path.into(),
            crate_name: "app".into(),
            file: "src/lib.rs".into(),
            line: 1,
            signature: None,
            docs: docs.map(str::to_string),
            content_hash: String::new(),
        }
    }

    #[test]
    fn bm25_prefers_names_and_rare_terms() {
        let candidates = [
            candidate("load_config", "app::load_config", None),
            candidate(
                "run",
                "app::run",
                Some("Runs the app after it loads its config."),
            ),
            candidate("render", "app::render", Some("Draws the page.")),
        ];
        let scores = bm25_scores("load the config file", &candidates);
        assert!(scores[0].unwrap() > scores[1].unwrap());
        assert_eq!(scores[2], None);
    }
}
