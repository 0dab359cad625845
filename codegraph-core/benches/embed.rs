//! Embedding benchmark (issue 6): indexes one package of this repository,
//! then on the same item texts prints
//! - raw model throughput (items/s, tokens/s) and the padding ratio of
//!   length-sorted batches against batches in index order;
//! - end-to-end `embed` throughput (plan + model + write) and its ratio to raw;
//! - search latency (p50/p95): the exact cosine scan with top-k over
//!   100,000 stored 384-dim vectors, and a whole `search` call (load from
//!   the store, lexical scoring, fusion) on an index holding them.
//!
//! cargo bench -p codegraph-core --features embed --bench embed -- [--package P] [--vectors N] [--queries N]
//! Needs the model (hub cache, HF_HUB_CACHE / HF_HOME; scripts/test lays
//! one out under target/test-models, used when CODEGRAPH_TEST_HF_HOME is set).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use codegraph_core::discover::DiscoverOptions;
use codegraph_core::embed::{self, EmbedOptions, ModelSpec, Silent};
use codegraph_core::index::{index, IndexObserver, IndexOptions};
use codegraph_core::search::{self, QueryVector, SearchRequest};
use codegraph_core::store::embeddings::{add_embeddings, model_vectors, NewEmbeddings};
use codegraph_core::store::{index_path, IndexDb};
use cozo::{DataValue, Vector};

struct Quiet;
impl IndexObserver for Quiet {}

fn main() {
    let mut package = "codegraph-macros".to_string();
    let mut vectors = 100_000usize;
    let mut queries = 100usize;
    let mut search_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--package" => package = args.next().expect("--package P"),
            "--vectors" => {
                vectors = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--vectors N")
            }
            "--queries" => {
                queries = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--queries N")
            }
            "--search-only" => search_only = true,
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    if let Some(home) = std::env::var_os("CODEGRAPH_TEST_HF_HOME") {
        std::env::set_var("HF_HUB_CACHE", PathBuf::from(home).join("hub"));
    }

    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = tempfile::tempdir().expect("temp dir");
    let target = scratch.path().to_path_buf();
    index(
        &IndexOptions {
            discover: DiscoverOptions {
                manifest_path: Some(repo.join("Cargo.toml")),
                packages: vec![package.clone()],
                ..DiscoverOptions::default()
            },
            target_dir: Some(target.clone()),
            full: true,
            no_wait: false,
        },
        &Quiet,
    )
    .expect("index");
    let path = index_path(&target);

    let started = Instant::now();
    let encoder = embed::load_encoder(&ModelSpec::default()).expect("model");
    let load_time = started.elapsed();
    let model_id = embed::model_id(encoder.info());
    let options = EmbedOptions::default();
    let plan =
        embed::plan(&IndexDb::open(&path).expect("open"), &model_id, &options).expect("plan");
    let texts: Vec<String> = plan.pending.iter().map(|p| p.text.clone()).collect();
    println!(
        "workload: package {package}, {} items, {} distinct texts; model {model_id} loaded in {:.2}s; {} threads",
        plan.items,
        texts.len(),
        load_time.as_secs_f64(),
        rayon::current_num_threads()
    );

    let embedded = if search_only {
        0
    } else {
        model_runs(&encoder, &texts, &options, &path, &target)
    };

    // Search over `vectors` stored vectors of the model's width.
    let dims = encoder.info().dims;
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut random_unit = || {
        let mut v: Vec<f32> = (0..dims)
            .map(|_| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                (seed >> 40) as f32 / (1u64 << 24) as f32 - 0.5
            })
            .collect();
        embed::encoder::normalize(&mut v);
        v
    };
    let matrix: Vec<f32> = (0..vectors).flat_map(|_| random_unit()).collect();
    let query_texts = [
        "parse the attribute arguments",
        "where are layers declared",
        "emit a compile error",
        "read the config file",
    ];
    let query_vectors: Vec<Vec<f32>> = query_texts
        .iter()
        .map(|q| encoder.embed_one(q).expect("query"))
        .collect();
    let mut scan = Vec::with_capacity(queries);
    for i in 0..queries {
        let started = Instant::now();
        let scores = search::cosine_scores(&matrix, dims, &query_vectors[i % query_vectors.len()]);
        std::hint::black_box(search::top_k(&scores, 10));
        scan.push(started.elapsed());
    }
    let (p50, p95) = percentiles(&mut scan);
    println!(
        "search scan: exact cosine + top-10 over {vectors} vectors × {dims} dims: p50 {:.1} ms, p95 {:.1} ms ({queries} queries)",
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3
    );

    let rows: Vec<Vec<DataValue>> = matrix
        .chunks(dims)
        .enumerate()
        .map(|(i, v)| {
            vec![
                DataValue::from(format!("{:032x}", i + 1).as_str()),
                DataValue::from(model_id.as_str()),
                DataValue::Vec(Vector::F32(ndarray::Array1::from_vec(v.to_vec()))),
            ]
        })
        .collect();
    let started = Instant::now();
    add_embeddings(
        &path,
        NewEmbeddings {
            models: Vec::new(),
            embeddings: rows,
        },
    )
    .expect("store vectors");
    let store_time = started.elapsed();
    let db = IndexDb::open(&path).expect("open");
    let whole_queries = queries.min(40);
    let mut whole = Vec::with_capacity(whole_queries);
    let mut candidates = 0;
    for i in 0..whole_queries {
        let request = SearchRequest {
            text: query_texts[i % query_texts.len()].to_string(),
            k: 10,
            kinds: Vec::new(),
            crates: Vec::new(),
        };
        let query = QueryVector {
            model_id: model_id.clone(),
            vector: query_vectors[i % query_vectors.len()].clone(),
        };
        let started = Instant::now();
        let outcome = search::search(&db, &request, Some(&query)).expect("search");
        whole.push(started.elapsed());
        candidates = outcome.candidates;
    }
    let (p50, p95) = percentiles(&mut whole);
    let mut reads = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        std::hint::black_box(model_vectors(&db, &model_id).expect("vectors"));
        reads.push(started.elapsed());
    }
    let (read50, _) = percentiles(&mut reads);
    println!(
        "search call: whole search() on an index holding {} vectors (stored in {:.1}s): p50 {:.0} ms, p95 {:.0} ms ({whole_queries} queries; the first reads the store and writes the packed cache; {} candidate nodes; reading the packed vectors: p50 {:.1} ms)",
        vectors + embedded,
        store_time.as_secs_f64(),
        p50.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3,
        candidates,
        read50.as_secs_f64() * 1e3
    );
}

/// Raw model throughput, then end-to-end `embed`, on the same texts;
/// returns how many items the end-to-end run embedded.
fn model_runs(
    encoder: &embed::Encoder,
    texts: &[String],
    options: &EmbedOptions,
    path: &std::path::Path,
    target: &std::path::Path,
) -> usize {
    // Padding if batches followed index order instead of length order.
    let ids = encoder.tokenize(texts).expect("tokenize");
    let real: usize = ids.iter().map(Vec::len).sum();
    let unsorted: usize = ids
        .chunks(options.batch_size)
        .map(|batch| batch.len() * batch.iter().map(Vec::len).max().unwrap_or(0))
        .sum();

    // Warm up (thread pools, allocator, page cache of the weights) so the
    // first measured run is not charged for it.
    let warm_up: Vec<String> = texts.iter().take(8).cloned().collect();
    encoder
        .embed(&warm_up, options.batch_size, &mut |_| {})
        .expect("warm up");

    let started = Instant::now();
    let (_, stats) = encoder
        .embed(texts, options.batch_size, &mut |_| {})
        .expect("embed");
    let raw = started.elapsed();
    let raw_rate = texts.len() as f64 / raw.as_secs_f64();
    println!(
        "raw model: {} texts in {:.2}s = {raw_rate:.1} items/s, {:.0} tokens/s ({} tokens, {:.1} per text); padding ratio {:.3} sorted vs {:.3} in index order",
        texts.len(),
        raw.as_secs_f64(),
        stats.tokens as f64 / raw.as_secs_f64(),
        stats.tokens,
        stats.tokens as f64 / texts.len().max(1) as f64,
        stats.padding_ratio(),
        unsorted as f64 / real.max(1) as f64
    );

    let summary = embed::embed_index(path, target, encoder, options, &Silent).expect("embed_index");
    let end_to_end = summary.total;
    let e2e_rate = summary.embedded as f64 / end_to_end.as_secs_f64();
    println!(
        "end to end: {} items in {:.2}s = {e2e_rate:.1} items/s ({:.1}% of raw); plan {:.3}s, model {:.2}s, write {:.3}s",
        summary.embedded,
        end_to_end.as_secs_f64(),
        100.0 * e2e_rate / raw_rate,
        summary.plan_time.as_secs_f64(),
        summary.encode.model.as_secs_f64(),
        summary.write_time.as_secs_f64()
    );

    summary.embedded
}

fn percentiles(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
    (at(0.5), at(0.95))
}
