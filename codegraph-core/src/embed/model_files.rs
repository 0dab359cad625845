//! Finding a sentence model's files: in the Hugging Face hub cache (the
//! layout `hf-hub` writes and reads), downloaded through `hf-hub` when
//! missing and allowed, or in a plain directory (`--model-path`).
//!
//! hf-hub 0.5 reads neither `HF_HUB_CACHE` nor `HF_HUB_OFFLINE` and has no
//! network timeout, so this module honours those variables itself and
//! probes the endpoint with a short connect timeout before downloading:
//! a machine without network gets a message, not a hang.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::time::Duration;

use hf_hub::{Repo, RepoType};

use crate::error::{Error, Result};

/// The model used when none is named.
pub const DEFAULT_MODEL: &str = "sentence-transformers/all-MiniLM-L6-v2";

/// Files a model cannot run without.
pub const REQUIRED_FILES: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];

/// Files that refine how it runs (sequence length, pooling) when present.
pub const OPTIONAL_FILES: [&str; 2] = ["sentence_bert_config.json", "1_Pooling/config.json"];

/// Which model to load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSpec {
    /// `ORG/NAME[@REVISION]` on the hub (revision: branch, tag or commit).
    Hub { repo: String, revision: String },
    /// A directory holding the files themselves.
    Local(PathBuf),
}

impl ModelSpec {
    /// Parses `ORG/NAME[@REVISION]`.
    pub fn hub(text: &str) -> Result<ModelSpec> {
        let (repo, revision) = match text.split_once('@') {
            Some((repo, revision)) => (repo, revision),
            None => (text, "main"),
        };
        let valid_repo = repo.split('/').count() == 2
            && repo.split('/').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            });
        if !valid_repo || revision.is_empty() || revision.contains("..") {
            return Err(Error::Model(format!(
                "`{text}` is not a model name: expected ORG/NAME or ORG/NAME@REVISION, e.g. {DEFAULT_MODEL}"
            )));
        }
        Ok(ModelSpec::Hub {
            repo: repo.to_string(),
            revision: revision.to_string(),
        })
    }
}

impl Default for ModelSpec {
    fn default() -> Self {
        ModelSpec::hub(DEFAULT_MODEL).expect("the default model name is valid")
    }
}

/// A model's files on disk.
#[derive(Debug, Clone)]
pub struct ModelFiles {
    /// `ORG/NAME` for hub models, the directory for local ones.
    pub name: String,
    /// The commit the files come from (hub), or `local`.
    pub revision: String,
    pub config: PathBuf,
    pub tokenizer: PathBuf,
    pub weights: PathBuf,
    pub sentence_config: Option<PathBuf>,
    pub pooling_config: Option<PathBuf>,
}

/// Where the hub cache lives: `HF_HUB_CACHE`, else `HF_HOME/hub`, else
/// `~/.cache/huggingface/hub` (the same order as the Python client).
pub fn hub_cache_dir() -> PathBuf {
    if let Some(dir) = non_empty_env("HF_HUB_CACHE") {
        return PathBuf::from(dir);
    }
    if let Some(home) = non_empty_env("HF_HOME") {
        return PathBuf::from(home).join("hub");
    }
    let home = non_empty_env("HOME").unwrap_or_else(|| ".".to_string());
    PathBuf::from(home).join(".cache/huggingface/hub")
}

/// `HF_HUB_OFFLINE` set to a true value.
pub fn offline() -> bool {
    non_empty_env("HF_HUB_OFFLINE").is_some_and(|value| {
        matches!(
            value.to_ascii_lowercase().as_str(),
            "1" | "true" | "yes" | "on"
        )
    })
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|value| !value.is_empty())
}

/// Finds (and, unless `offline`, downloads into `cache_dir`) the model's files.
pub fn locate(spec: &ModelSpec, cache_dir: &Path, offline: bool) -> Result<ModelFiles> {
    match spec {
        ModelSpec::Local(dir) => local_files(dir),
        ModelSpec::Hub { repo, revision } => {
            if let Some(files) = cached_files(cache_dir, repo, revision) {
                return Ok(files);
            }
            let missing = missing_in_cache(cache_dir, repo, revision);
            if offline {
                return Err(missing_model(
                    repo,
                    revision,
                    cache_dir,
                    &missing,
                    "HF_HUB_OFFLINE is set, so nothing is downloaded",
                ));
            }
            download(cache_dir, repo, revision)
                .map_err(|why| missing_model(repo, revision, cache_dir, &missing, &why))?;
            cached_files(cache_dir, repo, revision).ok_or_else(|| {
                missing_model(
                    repo,
                    revision,
                    cache_dir,
                    &missing_in_cache(cache_dir, repo, revision),
                    "the download finished but the cache still lacks them",
                )
            })
        }
    }
}

fn local_files(dir: &Path) -> Result<ModelFiles> {
    let missing: Vec<&str> = REQUIRED_FILES
        .iter()
        .copied()
        .filter(|file| !dir.join(file).is_file())
        .collect();
    if !missing.is_empty() {
        return Err(Error::Model(format!(
            "{} is not a model directory: missing {} (a BERT-family sentence model needs {})",
            dir.display(),
            missing.join(", "),
            REQUIRED_FILES.join(", ")
        )));
    }
    let optional = |file: &str| Some(dir.join(file)).filter(|path| path.is_file());
    Ok(ModelFiles {
        name: dir.display().to_string(),
        revision: "local".to_string(),
        config: dir.join("config.json"),
        tokenizer: dir.join("tokenizer.json"),
        weights: dir.join("model.safetensors"),
        sentence_config: optional(OPTIONAL_FILES[0]),
        pooling_config: optional(OPTIONAL_FILES[1]),
    })
}

fn hub_repo(repo: &str, revision: &str) -> Repo {
    Repo::with_revision(repo.to_string(), RepoType::Model, revision.to_string())
}

/// The snapshot directory of `revision`: through `refs/<revision>` (what
/// hf-hub reads; a branch or tag) or, for a pinned commit, directly.
fn snapshot_dir(cache_dir: &Path, repo: &str, revision: &str) -> Option<(PathBuf, String)> {
    let repo_dir = cache_dir.join(hub_repo(repo, revision).folder_name());
    let commit = std::fs::read_to_string(repo_dir.join("refs").join(revision))
        .ok()
        .map(|text| text.trim().to_string())
        .filter(|commit| !commit.is_empty())
        .unwrap_or_else(|| revision.to_string());
    let dir = repo_dir.join("snapshots").join(&commit);
    dir.is_dir().then_some((dir, commit))
}

/// The files when every required one is cached. hf-hub's own cache lookup
/// goes first: it is the code path a download fills.
fn cached_files(cache_dir: &Path, repo: &str, revision: &str) -> Option<ModelFiles> {
    let cache = hf_hub::Cache::new(cache_dir.to_path_buf());
    let cached = cache.repo(hub_repo(repo, revision));
    let (snapshot, commit) = snapshot_dir(cache_dir, repo, revision)?;
    let find = |file: &str| {
        cached
            .get(file)
            .or_else(|| Some(snapshot.join(file)).filter(|path| path.is_file()))
    };
    Some(ModelFiles {
        name: repo.to_string(),
        revision: commit,
        config: find("config.json")?,
        tokenizer: find("tokenizer.json")?,
        weights: find("model.safetensors")?,
        sentence_config: find(OPTIONAL_FILES[0]),
        pooling_config: find(OPTIONAL_FILES[1]),
    })
}

fn missing_in_cache(cache_dir: &Path, repo: &str, revision: &str) -> Vec<&'static str> {
    let snapshot = snapshot_dir(cache_dir, repo, revision).map(|(dir, _)| dir);
    REQUIRED_FILES
        .iter()
        .copied()
        .filter(|file| {
            snapshot
                .as_ref()
                .is_none_or(|dir| !dir.join(file).is_file())
        })
        .collect()
}

fn missing_model(
    repo: &str,
    revision: &str,
    cache_dir: &Path,
    missing: &[&str],
    why: &str,
) -> Error {
    Error::Model(format!(
        "model {repo}@{revision} is not in the Hugging Face cache at {cache} (missing: {missing}); {why}.\n\
         Provide it in one of these ways:\n  \
         - run once with network access (it is downloaded into that cache, then used offline);\n  \
         - point HF_HUB_CACHE (or HF_HOME) at a cache that has models--{folder}/snapshots/<commit>/ with those files;\n  \
         - pass --model-path DIR, a directory holding {required}.",
        cache = cache_dir.display(),
        missing = missing.join(", "),
        folder = repo.replace('/', "--"),
        required = REQUIRED_FILES.join(", "),
    ))
}

/// Downloads the model's files into the cache. The endpoint is probed
/// first with a connect timeout: hf-hub's client has none.
fn download(cache_dir: &Path, repo: &str, revision: &str) -> std::result::Result<(), String> {
    let endpoint =
        non_empty_env("HF_ENDPOINT").unwrap_or_else(|| "https://huggingface.co".to_string());
    probe(&endpoint)?;
    let api = hf_hub::api::sync::ApiBuilder::new()
        .with_cache_dir(cache_dir.to_path_buf())
        .with_endpoint(endpoint)
        .with_token(non_empty_env("HF_TOKEN"))
        .with_progress(true)
        .build()
        .map_err(|e| format!("cannot start the hub client: {e}"))?;
    let remote = api.repo(hub_repo(repo, revision));
    for file in REQUIRED_FILES {
        remote
            .get(file)
            .map_err(|e| format!("downloading {file} failed: {e}"))?;
    }
    for file in OPTIONAL_FILES {
        // Absent from many models: not an error.
        let _ = remote.get(file);
    }
    Ok(())
}

fn probe(endpoint: &str) -> std::result::Result<(), String> {
    let host = endpoint
        .split("://")
        .nth(1)
        .unwrap_or(endpoint)
        .split('/')
        .next()
        .unwrap_or_default();
    let with_port = if host.contains(':') {
        host.to_string()
    } else if endpoint.starts_with("http://") {
        format!("{host}:80")
    } else {
        format!("{host}:443")
    };
    let addresses = with_port
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {host}: {e}"))?;
    let mut last = format!("{host} has no address");
    for address in addresses {
        match TcpStream::connect_timeout(&address, Duration::from_secs(10)) {
            Ok(_) => return Ok(()),
            Err(e) => last = format!("cannot connect to {host}: {e}"),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names_parse_with_and_without_revision() {
        assert_eq!(
            ModelSpec::hub("org/name@v1").unwrap(),
            ModelSpec::Hub {
                repo: "org/name".into(),
                revision: "v1".into()
            }
        );
        assert_eq!(
            ModelSpec::default(),
            ModelSpec::Hub {
                repo: DEFAULT_MODEL.into(),
                revision: "main".into()
            }
        );
        for bad in [
            "name",
            "a/b/c",
            "org/",
            "org/name@",
            "org/na me",
            "org/x@../y",
        ] {
            assert!(ModelSpec::hub(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn offline_missing_model_names_the_files_and_the_fixes() {
        let cache = tempfile::tempdir().unwrap();
        let error = locate(&ModelSpec::default(), cache.path(), true)
            .unwrap_err()
            .to_string();
        assert!(error.contains("missing: config.json, tokenizer.json, model.safetensors"));
        assert!(error.contains("HF_HUB_OFFLINE"));
        assert!(error.contains("--model-path"));
    }

    #[test]
    fn cache_lookup_follows_refs_and_pinned_commits() {
        let cache = tempfile::tempdir().unwrap();
        let repo_dir = cache
            .path()
            .join("models--sentence-transformers--all-MiniLM-L6-v2");
        let snapshot = repo_dir.join("snapshots/abc123");
        std::fs::create_dir_all(&snapshot).unwrap();
        for file in REQUIRED_FILES {
            std::fs::write(snapshot.join(file), "x").unwrap();
        }
        std::fs::create_dir_all(repo_dir.join("refs")).unwrap();
        // hf-hub writes refs without a newline; a hand-made one may have it.
        std::fs::write(repo_dir.join("refs/main"), "abc123\n").unwrap();
        let files = locate(&ModelSpec::default(), cache.path(), true).unwrap();
        assert_eq!(files.revision, "abc123");
        assert_eq!(files.weights, snapshot.join("model.safetensors"));
        assert!(files.pooling_config.is_none());
        let pinned = ModelSpec::hub(&format!("{DEFAULT_MODEL}@abc123")).unwrap();
        assert_eq!(
            locate(&pinned, cache.path(), true).unwrap().revision,
            "abc123"
        );
    }

    #[test]
    fn local_directory_must_hold_the_required_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.json"), "{}").unwrap();
        let error = locate(&ModelSpec::Local(dir.path().into()), dir.path(), true)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("missing tokenizer.json, model.safetensors"),
            "{error}"
        );
    }
}
