"""Meaning beyond shared words: static word vectors, fused with the lexical ranking.

Each word of a table (kb/vectors/README.md) is what a multilingual sentence encoder outputs for
that word alone; French and English share one space, so a message can meet an article written
with other words, or in the other language. A text's vector is the SIF-weighted sum of its known
content words (Arora et al. 2017: weight a / (a + p(word)), so frequent words say less); unknown
words are skipped, and a text without a known word has no vector (zero, similar to nothing).

An article has one unit vector per passage and a centroid, the normalised sum of its passages'.
Its similarity to a message is the mean of two cosines: with its best passage and with its
centroid. Only numpy is needed at run time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse
import numpy.typing as npt

from kb.index import Index
from kb.stopwords import stop_words
from kb.text import LANGS

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float32]

PACKAGED_VECTORS = Path(__file__).with_name("vectors")
SIF_A = 1e-3  # best of 1e-4 to 1e-2 on both development sets


@dataclass(frozen=True, eq=False)
class WordVectors:
    """Per language: folded word -> row of `vectors` (SIF weight already applied)."""

    rows: dict[str, dict[str, int]]
    vectors: dict[str, FloatArray]
    dims: int

    @classmethod
    def load(cls, folder: Path = PACKAGED_VECTORS) -> WordVectors:
        """The tables found in `folder`; a missing one leaves its language lexical only."""
        rows: dict[str, dict[str, int]] = {}
        vectors: dict[str, FloatArray] = {}
        for lang in LANGS:
            path = folder / f"{lang}.npz"
            if not path.is_file():
                log.warning("no word vectors at %s: %s search is lexical only", path, lang)
                continue
            with np.load(path) as data:
                words = str(data["words"]).split("\n")
                weight = SIF_A / (SIF_A + 10.0 ** (data["zipf"].astype(np.float64) - 9.0))
                table = data["codes"].astype(np.float32) * (data["scale"] * weight.astype(np.float32))[:, None]
            rows[lang] = {word: i for i, word in enumerate(words)}
            vectors[lang] = table
        dims = next(iter(vectors.values())).shape[1] if vectors else 0
        return cls(rows, vectors, dims)

    def __bool__(self) -> bool:
        return bool(self.vectors)

    def embed(self, words: list[str], lang: str | None) -> FloatArray:
        """Unit vector of a message's words; zero when none is known. Unknown lang: any table."""
        langs = [lang] if lang in self.rows else [x for x in LANGS if x in self.rows]
        stops = stop_words(lang)
        total = np.zeros(self.dims, dtype=np.float32)
        for word in words:
            if word in stops:
                continue
            for table in langs:
                row = self.rows[table].get(word)
                if row is not None:
                    total += self.vectors[table][row]
                    break
        return _unit(total)


@dataclass(frozen=True, eq=False)
class SemanticIndex:
    centroids: FloatArray  # per article, unit or zero
    passages: npt.NDArray[np.int8]  # per passage, unit vector / scale (int8 keeps 50k articles small)
    scales: FloatArray  # per passage
    first_passage: npt.NDArray[np.int64]
    n_passages: int

    def similarity(self, query: FloatArray) -> FloatArray:
        """Cosine of the message with every article's centroid."""
        return self.centroids @ query

    def best_passage(self, query: FloatArray, articles: npt.NDArray[np.int64]) -> FloatArray:
        """Best passage cosine of each of a few articles."""
        ends = np.append(self.first_passage[1:], self.n_passages)
        starts = self.first_passage[articles]
        lengths = ends[articles] - starts
        rows = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
        cosines = (self.passages[rows].astype(np.float32) @ query) * self.scales[rows]
        best = np.full(len(articles), -1.0, dtype=np.float32)
        has = lengths > 0
        best[has] = np.maximum.reduceat(cosines, (np.cumsum(lengths) - lengths)[has])
        return best


def build_semantic(index: Index, vectors: WordVectors) -> SemanticIndex:
    """Passage and article vectors from the index's own (term, passage) pairs: no re-tokenising.

    A term (a stem) gets the mean vector of the KB words that have that stem.
    """
    n_terms, dims, n_passages = len(index.idf), vectors.dims, len(index.passage_article)
    term_vectors = np.zeros((n_terms, dims), dtype=np.float32)
    counts = np.zeros(n_terms, dtype=np.float32)
    for lang, surface in index.surface.items():
        rows, terms = vectors.rows.get(lang), index.terms[lang]
        if rows is None:
            continue
        pairs = [(terms[stem], rows[word]) for word, stem in surface.items() if word in rows]
        if pairs:
            term_ids, table_rows = np.asarray(pairs, dtype=np.int64).T
            np.add.at(term_vectors, term_ids, vectors.vectors[lang][table_rows])
            np.add.at(counts, term_ids, 1.0)
    known = np.flatnonzero(counts)
    term_vectors[known] /= counts[known, None]
    # Passage vectors: a sparse (passage x term) count matrix times the term vectors. A sparse
    # product never materialises one row per (passage, term) pair, which kept 10k articles of
    # real text over the 2 s build budget.
    ptr = index.passages.ptr
    lengths = ptr[known + 1] - ptr[known]
    entries = np.repeat(ptr[known] - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
    occurrences = sparse.csr_matrix(
        (np.ones(len(entries), dtype=np.float32), (index.passages.ids[entries], np.repeat(known, lengths))),
        shape=(n_passages, n_terms),
    )
    units = _unit_rows(np.asarray(occurrences @ term_vectors, dtype=np.float32))
    scales = np.abs(units).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    codes = np.round(units / scales[:, None]).astype(np.int8)
    owners = sparse.csr_matrix(
        (np.ones(n_passages, dtype=np.float32), (index.passage_article, np.arange(n_passages))),
        shape=(index.n_articles, n_passages),
    )
    centroids = np.asarray(owners @ units, dtype=np.float32)
    return SemanticIndex(_unit_rows(centroids), codes, scales, index.first_passage, n_passages)


def _unit(vector: FloatArray) -> FloatArray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def _unit_rows(matrix: FloatArray) -> FloatArray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0).astype(np.float32)
