//! Tests that run the real model (all-MiniLM-L6-v2) on the CPU. The model's
//! files come from the hub cache that `scripts/test` lays out from the
//! PyPI wheel (see scripts/setup-test-model.py), read through the same
//! hf-hub code path users get, offline.

use std::path::PathBuf;
use std::sync::OnceLock;

use super::encoder::{default_device, Encoder, Pooling};
use super::model_files::{locate, ModelSpec};

/// The hub cache of the test model. Fails (never skips) when missing.
fn test_hub_cache() -> PathBuf {
    let home = std::env::var_os("CODEGRAPH_TEST_HF_HOME").unwrap_or_else(|| {
        panic!(
            "CODEGRAPH_TEST_HF_HOME is not set: run the tests with scripts/test, \
             which lays out the model files these tests need"
        )
    });
    PathBuf::from(home).join("hub")
}

fn encoder() -> &'static Encoder {
    static ENCODER: OnceLock<Encoder> = OnceLock::new();
    ENCODER.get_or_init(|| {
        let files = locate(&ModelSpec::default(), &test_hub_cache(), true)
            .expect("the test model is in the hub cache");
        Encoder::load(&files, default_device()).expect("the model loads")
    })
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

#[test]
fn model_is_checked_and_described() {
    let info = encoder().info();
    assert_eq!(info.name, "sentence-transformers/all-MiniLM-L6-v2");
    assert_eq!(info.revision, "1110a243fdf4706b3f48f1d95db1a4f5529b4d41");
    assert_eq!(info.dims, 384);
    assert_eq!(info.pooling, Pooling::Mean);
    assert_eq!(info.max_tokens, 256);
}

#[test]
fn vectors_have_384_dims_and_unit_norm() {
    let texts = vec![
        "fn main() {}".to_string(),
        "Reads the configuration file.".to_string(),
        String::new(),
    ];
    let (vectors, stats) = encoder().embed(&texts, 8, &mut |_| {}).unwrap();
    assert_eq!(vectors.len(), 3);
    for vector in &vectors {
        assert_eq!(vector.len(), 384);
        let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-5, "norm {norm}");
    }
    assert_eq!(stats.texts, 3);
    assert!(stats.padded >= stats.tokens);
}

#[test]
fn embedding_is_deterministic_whatever_the_batch() {
    let text = "pub fn parse_url(url: &str) -> Option<Url>";
    let alone = encoder().embed_one(text).unwrap();
    assert_eq!(alone, encoder().embed_one(text).unwrap());
    // In a batch it is padded next to a longer text: the mask must hide that.
    let texts = vec![
        text.to_string(),
        "a much longer text that forces padding of the shorter one in the same batch, \
         with many more tokens than the first"
            .to_string(),
    ];
    let (batched, _) = encoder().embed(&texts, 2, &mut |_| {}).unwrap();
    assert!(cosine(&alone, &batched[0]) > 0.9999);
}

#[test]
fn a_paraphrase_scores_higher_than_an_unrelated_sentence() {
    let encode = |text: &str| encoder().embed_one(text).unwrap();
    let sentence = encode("Reads the settings from a configuration file on disk.");
    let paraphrase = encode("Loads the config file and parses the options.");
    let unrelated = encode("Draws a red circle in the middle of the window.");
    let close = cosine(&sentence, &paraphrase);
    let far = cosine(&sentence, &unrelated);
    assert!(close > far + 0.2, "paraphrase {close} vs unrelated {far}");
}

#[test]
fn long_texts_are_truncated_at_the_model_limit() {
    let long = "token ".repeat(2000);
    let ids = encoder().tokenize(&[long]).unwrap();
    assert_eq!(ids[0].len(), 256);
}

/// Vectors from an independent implementation: a numpy forward pass over
/// the same safetensors file (scripts/setup-test-model.py).
#[test]
fn vectors_match_an_independent_numpy_implementation() {
    let path = test_hub_cache().with_file_name("reference.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}: run the tests with scripts/test, which computes it",
            path.display()
        )
    });
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sentences: Vec<String> = reference["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert!(sentences.len() >= 8);
    let (vectors, _) = encoder().embed(&sentences, 4, &mut |_| {}).unwrap();
    for (i, expected) in reference["vectors"].as_array().unwrap().iter().enumerate() {
        let expected: Vec<f32> = expected
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap() as f32)
            .collect();
        let similarity = cosine(&vectors[i], &expected);
        assert!(
            similarity >= 0.999,
            "{:?}: cosine {similarity} with the numpy reference",
            sentences[i]
        );
    }
}
