//! Runs a BERT-family sentence model with candle: tokenize in parallel,
//! sort by length, batch so that padding stays small, run the batches back
//! to back, pool (mean over the attention mask, or CLS) and L2-normalize.
//! The result matches sentence-transformers' vectors for the same model.

use std::time::{Duration, Instant};

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config as BertConfig};
use rayon::prelude::*;
use serde::Deserialize;
use tokenizers::{Tokenizer, TruncationParams};

use super::model_files::ModelFiles;
use crate::error::{Error, Result};

/// Sequence length when the model does not say (sentence-transformers' default
/// for MiniLM-family models).
const DEFAULT_MAX_TOKENS: usize = 256;

/// How token vectors become one sentence vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pooling {
    Mean,
    Cls,
}

impl Pooling {
    pub fn as_str(self) -> &'static str {
        match self {
            Pooling::Mean => "mean",
            Pooling::Cls => "cls",
        }
    }
}

/// What a loaded model is, as recorded in the `model` relation.
#[derive(Debug, Clone)]
pub struct ModelInfo {
    pub name: String,
    pub revision: String,
    pub dims: usize,
    pub pooling: Pooling,
    pub max_tokens: usize,
}

/// Token counts of a run: `padded` counts every position computed,
/// `tokens` only the real ones.
#[derive(Debug, Clone, Copy, Default)]
pub struct EncodeStats {
    pub texts: usize,
    pub tokens: usize,
    pub padded: usize,
    pub tokenize: Duration,
    pub model: Duration,
}

impl EncodeStats {
    /// Adds another run's counts and times.
    pub fn add(&mut self, other: &EncodeStats) {
        self.texts += other.texts;
        self.tokens += other.tokens;
        self.padded += other.padded;
        self.tokenize += other.tokenize;
        self.model += other.model;
    }

    /// Positions computed per real token (1.0 = no padding).
    pub fn padding_ratio(&self) -> f64 {
        if self.tokens == 0 {
            1.0
        } else {
            self.padded as f64 / self.tokens as f64
        }
    }
}

pub struct Encoder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    info: ModelInfo,
}

#[derive(Deserialize)]
struct SentenceConfig {
    max_seq_length: Option<usize>,
}

#[derive(Deserialize, Default)]
struct PoolingConfig {
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
}

/// The device models run on: the first CUDA GPU when built with the
/// `cuda` feature and one is present, else the CPU.
pub fn default_device() -> Device {
    #[cfg(feature = "cuda")]
    {
        if let Ok(device) = Device::cuda_if_available(0) {
            return device;
        }
    }
    Device::Cpu
}

impl Encoder {
    /// Loads and checks a model: its config must be a BERT config, its
    /// tokenizer must load, its weights must match the config.
    pub fn load(files: &ModelFiles, device: Device) -> Result<Encoder> {
        let bad = |path: &std::path::Path, why: String| {
            Error::Model(format!("{}: {why}", path.display()))
        };
        let config_text =
            std::fs::read_to_string(&files.config).map_err(|e| Error::io(&files.config, e))?;
        let config: BertConfig = serde_json::from_str(&config_text).map_err(|e| {
            bad(
                &files.config,
                format!("not the config of a BERT-family model ({e})"),
            )
        })?;
        if config.hidden_size == 0 || config.max_position_embeddings == 0 {
            return Err(bad(&files.config, "hidden_size is 0".to_string()));
        }
        let max_tokens = match &files.sentence_config {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
                let parsed: SentenceConfig = serde_json::from_str(&text)
                    .map_err(|e| bad(path, format!("unreadable ({e})")))?;
                parsed.max_seq_length.unwrap_or(DEFAULT_MAX_TOKENS)
            }
            None => DEFAULT_MAX_TOKENS,
        }
        .min(config.max_position_embeddings);
        let pooling = match &files.pooling_config {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
                let parsed: PoolingConfig = serde_json::from_str(&text)
                    .map_err(|e| bad(path, format!("unreadable ({e})")))?;
                if parsed.pooling_mode_mean_tokens {
                    Pooling::Mean
                } else if parsed.pooling_mode_cls_token {
                    Pooling::Cls
                } else {
                    return Err(bad(
                        path,
                        "only mean and CLS pooling are supported".to_string(),
                    ));
                }
            }
            None => Pooling::Mean,
        };

        let mut tokenizer = Tokenizer::from_file(&files.tokenizer)
            .map_err(|e| bad(&files.tokenizer, format!("not a tokenizer ({e})")))?;
        // The shipped tokenizer pads every input to a fixed length; padding
        // is done per batch here, to the longest text in it.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: max_tokens,
                ..TruncationParams::default()
            }))
            .map_err(|e| bad(&files.tokenizer, format!("cannot set truncation ({e})")))?;

        // SAFETY: the weights file is mapped read-only; it must not be
        // modified while the model is loaded, which holds for a hub
        // snapshot or a model directory we only read.
        let weights = unsafe {
            VarBuilder::from_mmaped_safetensors(
                std::slice::from_ref(&files.weights),
                DType::F32,
                &device,
            )
        }
        .map_err(|e| bad(&files.weights, format!("not a safetensors file ({e})")))?;
        let model = BertModel::load(weights, &config).map_err(|e| {
            bad(
                &files.weights,
                format!("weights do not match config.json ({e})"),
            )
        })?;
        Ok(Encoder {
            model,
            tokenizer,
            device,
            info: ModelInfo {
                name: files.name.clone(),
                revision: files.revision.clone(),
                dims: config.hidden_size,
                pooling,
                max_tokens,
            },
        })
    }

    pub fn info(&self) -> &ModelInfo {
        &self.info
    }

    /// Token ids of each text (truncated at the model's limit), in parallel.
    pub fn tokenize(&self, texts: &[String]) -> Result<Vec<Vec<u32>>> {
        texts
            .par_iter()
            .map(|text| {
                self.tokenizer
                    .encode(text.as_str(), true)
                    .map(|encoding| encoding.get_ids().to_vec())
                    .map_err(|e| Error::Model(format!("cannot tokenize: {e}")))
            })
            .collect()
    }

    /// Vectors for `texts`, in their order. Texts are sorted by token
    /// length and run in batches of `batch_size`; `progress` hears how
    /// many texts each finished batch held.
    pub fn embed(
        &self,
        texts: &[String],
        batch_size: usize,
        progress: &mut dyn FnMut(usize),
    ) -> Result<(Vec<Vec<f32>>, EncodeStats)> {
        let mut stats = EncodeStats {
            texts: texts.len(),
            ..EncodeStats::default()
        };
        let started = Instant::now();
        let ids = self.tokenize(texts)?;
        stats.tokenize = started.elapsed();
        let mut order: Vec<usize> = (0..ids.len()).collect();
        order.sort_by_key(|&i| ids[i].len());
        let started = Instant::now();
        let mut vectors = vec![Vec::new(); texts.len()];
        for batch in batches(&order, |i| ids[i].len(), batch_size) {
            let batch = batch.as_slice();
            let sequences: Vec<&[u32]> = batch.iter().map(|&i| ids[i].as_slice()).collect();
            stats.tokens += sequences.iter().map(|s| s.len()).sum::<usize>();
            stats.padded += sequences.len() * sequences.iter().map(|s| s.len()).max().unwrap_or(0);
            let embedded = self.embed_ids(&sequences)?;
            for (&i, vector) in batch.iter().zip(embedded) {
                vectors[i] = vector;
            }
            progress(batch.len());
        }
        stats.model = started.elapsed();
        Ok((vectors, stats))
    }

    /// One vector for one text (a search query).
    pub fn embed_one(&self, text: &str) -> Result<Vec<f32>> {
        let ids = self.tokenize(&[text.to_string()])?;
        let sequences: Vec<&[u32]> = ids.iter().map(Vec::as_slice).collect();
        Ok(self.embed_ids(&sequences)?.remove(0))
    }

    /// One forward pass over sequences padded to the longest of them.
    fn embed_ids(&self, sequences: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let failed = |e: candle_core::Error| Error::Model(format!("model run failed: {e}"));
        let width = sequences.iter().map(|s| s.len()).max().unwrap_or(0).max(1);
        let rows = sequences.len();
        let mut ids = vec![0u32; rows * width];
        let mut mask = vec![0u32; rows * width];
        for (row, sequence) in sequences.iter().enumerate() {
            ids[row * width..row * width + sequence.len()].copy_from_slice(sequence);
            mask[row * width..row * width + sequence.len()].fill(1);
        }
        let ids = Tensor::from_vec(ids, (rows, width), &self.device).map_err(failed)?;
        let mask_tensor =
            Tensor::from_vec(mask.clone(), (rows, width), &self.device).map_err(failed)?;
        let types = ids.zeros_like().map_err(failed)?;
        let hidden = self
            .model
            .forward(&ids, &types, Some(&mask_tensor))
            .map_err(failed)?;
        let hidden: Vec<Vec<Vec<f32>>> = hidden.to_vec3().map_err(failed)?;
        Ok(hidden
            .iter()
            .enumerate()
            .map(|(row, tokens)| {
                let mut pooled = match self.info.pooling {
                    Pooling::Cls => tokens[0].clone(),
                    Pooling::Mean => {
                        let mut sum = vec![0f32; self.info.dims];
                        let mut count = 0f32;
                        for (position, token) in tokens.iter().enumerate() {
                            if mask[row * width + position] == 1 {
                                count += 1.0;
                                for (total, value) in sum.iter_mut().zip(token) {
                                    *total += value;
                                }
                            }
                        }
                        sum.iter_mut().for_each(|v| *v /= count.max(1.0));
                        sum
                    }
                };
                normalize(&mut pooled);
                pooled
            })
            .collect())
    }
}

/// Most token positions one batch computes. Attention memory grows with
/// batch × length²: embedding this repository's 808 items in batches of 32
/// peaked at 955 MB RSS (9.9 items/s); a budget of 4,096 positions at
/// 572 MB (14.7 items/s), 2,048 at 358 MB (14.8 items/s). Long texts run in
/// small batches (8 at 256 tokens); short ones still fill `batch_size`.
pub const TOKEN_BUDGET: usize = 2048;

/// Splits `order` (sorted by length, ascending) into batches of at most
/// `batch_size` texts and [`TOKEN_BUDGET`] padded positions.
fn batches(order: &[usize], length: impl Fn(usize) -> usize, batch_size: usize) -> Vec<Vec<usize>> {
    let mut batches = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for &text in order {
        // Sorted ascending: the new text is the longest of the batch.
        let padded = (current.len() + 1) * length(text).max(1);
        if !current.is_empty() && (current.len() >= batch_size.max(1) || padded > TOKEN_BUDGET) {
            batches.push(std::mem::take(&mut current));
        }
        current.push(text);
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}

/// Scales `vector` to unit length (leaves a zero vector alone).
pub fn normalize(vector: &mut [f32]) {
    let norm = vector.iter().map(|v| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|v| *v /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_respect_the_count_and_the_token_budget() {
        let half = TOKEN_BUDGET / 2;
        let lengths = [10, 10, 10, 10, 10, half - 10, half + 10, TOKEN_BUDGET * 2];
        let order: Vec<usize> = (0..lengths.len()).collect();
        let made = batches(&order, |i| lengths[i], 4);
        assert_eq!(made, vec![vec![0, 1, 2, 3], vec![4, 5], vec![6], vec![7]]);
        assert!(batches(&[], |_| 1, 4).is_empty());
    }
}
