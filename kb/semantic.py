"""Meaning beyond shared words: static word vectors, fused with the lexical ranking.

Two models of word meaning, each a table from a word to a vector, so that a text's vector is
a sum and needs no network at run time (only numpy):
- WordVectors (kb/vectors, README there): what a multilingual sentence encoder outputs for each
  frequent word alone; French and English share one space, so a message can meet an article in
  the other language. Stop words are skipped and frequent words weigh less (SIF, Arora et al.
  2017: a / (a + p(word))); an unknown word has no vector.
- SubwordVectors (kb.subwords): English-trained subword embeddings (WordLlama), any word is
  the sum of its pieces, function words included: they tell "how do I" from "why did".

A Meaning concatenates the models' unit vectors, each scaled by the square root of its share,
so one dot product gives the weighted mean of the models' cosines. An article's similarity to a
message is the mean of its centroid's (its passages' words, see build_semantic) and its best
passage's; passages are embedded only for the few candidates a query re-examines.

Measured on banking77-dev / fr-starter, R@3 through the engine: lexical only 0.887 / 0.887;
with the word table 0.921 / 0.900; with both models 0.935 / 0.925.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

import numpy as np
import numpy.typing as npt
from scipy import sparse

from kb.index import Index
from kb.passage_cache import PassageVectors
from kb.stopwords import stop_words
from kb.text import LANGS

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float32]

PACKAGED_VECTORS = Path(__file__).with_name("vectors")
SIF_A = 1e-3  # best of 1e-4 to 1e-2 on both development sets
# Shares of the two models in the similarity, chosen on banking77-dev and fr-starter (0.5 to
# 0.7 for the subwords, with kb.engine.SEMANTIC_WEIGHT 4 to 6: R@3 0.930 to 0.935 and 0.906
# to 0.931).
TABLE_SHARE = 0.4
SUBWORD_SHARE = 0.6
SIMILAR_WORDS = 0.5  # cosine from which an article's word accounts for a message's word
# Passage vectors: all computed at build up to this many passages (a KB of a few hundred long
# articles: ~10 ms), and up to CACHED_PASSAGES kept once computed for bigger KBs (~40 MB).
PRECOMPUTED_PASSAGES = 20_000
CACHED_PASSAGES = 20_000


class WordModel(Protocol):
    @property
    def dims(self) -> int: ...

    def __bool__(self) -> bool: ...

    def word_vectors(self, words: list[str], lang: str) -> FloatArray:
        """One row per word of an article in `lang`; zero for a word the model skips."""
        ...

    def embed(self, words: list[str], lang: str | None) -> FloatArray:
        """A message's vector (not normalised); zero when no word is known."""
        ...


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

    def word_vectors(self, words: list[str], lang: str) -> FloatArray:
        out = np.zeros((len(words), self.dims), dtype=np.float32)
        rows, stops = self.rows.get(lang), stop_words(lang)
        if rows is not None:
            pairs = [(i, rows[w]) for i, w in enumerate(words) if w in rows and w not in stops]
            if pairs:
                mine, theirs = np.asarray(pairs, dtype=np.int64).T
                out[mine] = self.vectors[lang][theirs]
        return out

    def embed(self, words: list[str], lang: str | None) -> FloatArray:
        """Sum of a message's known content words. Unknown lang: any table."""
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
        return total


@dataclass(frozen=True, eq=False)
class Meaning:
    """Word models and their shares of the similarity (shares sum to 1)."""

    models: tuple[WordModel, ...]
    shares: tuple[float, ...]

    @classmethod
    def load(cls, folder: Path = PACKAGED_VECTORS) -> Meaning:
        """The packaged models; one that is missing is left out (logged)."""
        from kb.subwords import SubwordVectors

        models: list[tuple[WordModel | None, float]] = [
            (WordVectors.load(folder), TABLE_SHARE), (SubwordVectors.load(), SUBWORD_SHARE),
        ]
        return cls.of([(model, share) for model, share in models if model])

    @classmethod
    def of(cls, weighted: list[tuple[WordModel, float]]) -> Meaning:
        total = sum(share for _, share in weighted) or 1.0
        return cls(tuple(m for m, _ in weighted), tuple(share / total for _, share in weighted))

    @property
    def dims(self) -> int:
        return sum(m.dims for m in self.models)

    def __bool__(self) -> bool:
        return bool(self.models)

    def word_vectors(self, words: list[str], lang: str) -> FloatArray:
        """Each word's vectors from every model, side by side, as SemanticIndex.words has them."""
        if not words:
            return np.zeros((0, self.dims), dtype=np.float32)
        return np.concatenate([m.word_vectors(words, lang) for m in self.models], axis=1).astype(np.float32)

    def embed(self, words: list[str], lang: str | None) -> FloatArray:
        """The message's vector: each model's unit vector (or zero) times sqrt(share)."""
        parts = [_unit(m.embed(words, lang)) * math.sqrt(share) for m, share in zip(self.models, self.shares)]
        return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, dtype=np.float32)

    def judged(self, message: FloatArray) -> FloatArray:
        """The part of a message's vector that confidence trusts, scaled to give plain cosines.

        The subword model, trained on English, orders candidates well but judges French poorly
        whether anything fits: with the blended similarity as its signal, the confidence, refitted,
        answered 60% of fr-starter at 12.5% false suggestions; with the multilingual table's
        cosine (and the calibration kb.scoring had before the subwords came) 65% at the same rate.
        """
        judge = next((i for i, m in enumerate(self.models) if isinstance(m, WordVectors)), None)
        if judge is None or len(self.models) == 1:
            return message
        start = sum(m.dims for m in self.models[:judge])
        judged = np.zeros_like(message)
        judged[start : start + self.models[judge].dims] = message[start : start + self.models[judge].dims]
        return judged / self.shares[judge]  # its part is unit * sqrt(share), as are the articles'


@dataclass(frozen=True, eq=False)
class SemanticIndex:
    """Article vectors, and what is needed to embed any passage on demand.

    Only the few candidate articles of a query ever need their passages' vectors. A small KB
    has them all computed at build (PassageVectors); a big one computes a candidate's when it
    is first needed and keeps them, up to a bound: a query's cost no longer grows with the
    length of its candidates, and building stays within its budget.
    """

    centroids: FloatArray  # per article: the models' unit vectors, each times sqrt(its share)
    words: FloatArray  # word id -> the models' vectors side by side (raw sums, not weighted)
    passage_words: sparse.csr_matrix  # passage x word id (kb.index)
    parts: tuple[tuple[int, int, float], ...]  # per model: its columns and sqrt(share)
    first_passage: npt.NDArray[np.int64]
    n_passages: int
    cache: PassageVectors
    inverse_norms: FloatArray  # word id -> 1 / the length of its vector in each model (0 if none)
    all_passages: FloatArray | None = None  # every passage's vector, computed at build for a small KB

    def similarity(self, query: FloatArray) -> FloatArray:
        """Similarity of the message with every article's centroid."""
        return self.centroids @ query

    def passages_of(self, articles: npt.NDArray[np.int64]) -> CandidatePassages:
        """The passages of a few articles, embedded (or found in the cache)."""
        if self.all_passages is not None:
            # Scoring every passage of a small KB costs less than gathering the candidates'.
            return CandidatePassages(self.all_passages, self.first_passage, np.ones(len(self.centroids), dtype=bool),
                                     np.asarray(articles, dtype=np.int64))
        ends = np.append(self.first_passage[1:], self.n_passages)
        lengths = ends[articles] - self.first_passage[articles]
        blocks = self.cache.get(articles, self._embed)
        vectors = np.concatenate(blocks) if blocks else np.zeros((0, self.centroids.shape[1]), dtype=np.float32)
        has = lengths > 0
        return CandidatePassages(vectors, (np.cumsum(lengths) - lengths)[has], has)

    def resembled(self, query_words: FloatArray, article_words: npt.NDArray[np.int32]) -> npt.NDArray[np.bool_]:
        """Per message word, whether some word of the article is close to it in any model."""
        found = np.zeros(len(query_words), dtype=bool)
        if not len(query_words) or not len(article_words):
            return found
        ids = np.unique(article_words)
        article, inverse = self.words[ids], self.inverse_norms[ids]
        for k, (start, end, _) in enumerate(self.parts):
            theirs = article[:, start:end] * inverse[:, k : k + 1]
            found |= (_units(query_words[:, start:end]) @ theirs.T).max(axis=1) >= SIMILAR_WORDS
        return found

    def _embed(self, articles: npt.NDArray[np.int64]) -> list[FloatArray]:
        """Passage vectors of these articles, one block per article."""
        ends = np.append(self.first_passage[1:], self.n_passages)
        starts = self.first_passage[articles]
        lengths = ends[articles] - starts
        rows = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
        vectors = _weighted_units(np.asarray(self.passage_words[rows] @ self.words, dtype=np.float32), self.parts)
        return np.split(vectors, np.cumsum(lengths)[:-1]) if len(articles) else []


@dataclass(frozen=True, eq=False)
class CandidatePassages:
    vectors: FloatArray  # their passages, article after article
    starts: npt.NDArray[np.int64]  # where each article that has passages begins
    has: npt.NDArray[np.bool_]  # per article: has passages
    select: npt.NDArray[np.int64] | None = None  # the candidates, when `vectors` holds every article's

    def best(self, query: FloatArray) -> FloatArray:
        """Per article, the similarity of its best passage (-1 without any); `query` may hold
        several vectors as columns, and then so does the result."""
        best = np.full((len(self.has), *query.shape[1:]), -1.0, dtype=np.float32)
        if len(self.vectors):
            best[self.has] = np.maximum.reduceat(self.vectors @ query, self.starts, axis=0)
        return best if self.select is None else best[self.select]


def build_semantic(
    index: Index, meaning: Meaning, *, precomputed: int | None = None, cached: int | None = None
) -> SemanticIndex:
    """Word and article vectors from the index's own words: no re-tokenising.

    Words, not stems: giving every form of a stem their mean vector blurred them (0.006 lower
    R@3 on banking77-dev). An article's vector is, per model, the sum of its passages' words,
    each passage scaled down by the square root of its length. (Summing unit passage vectors
    instead measured 0.003 lower R@3, and embedding every passage tripled the build time.)
    Passage vectors: all of them now when there are at most `precomputed`, else computed for
    each candidate when first needed, `cached` rows kept.
    """
    tables = [_word_table(index, model) for model in meaning.models]
    words = np.concatenate(tables, axis=1) if len(tables) > 1 else tables[0]
    parts, start = [], 0
    for model, share in zip(meaning.models, meaning.shares):
        parts.append((start, start + model.dims, math.sqrt(share)))
        start += model.dims
    n_passages = len(index.passage_article)
    # A passage of n words adds up to about sqrt(n) times a word's length: dividing its words by
    # sqrt(n) gives every passage a like say in its article without embedding each passage.
    n_words = np.diff(index.passage_words.indptr).astype(np.float32)
    owners = sparse.csr_matrix(
        (1.0 / np.sqrt(np.maximum(n_words, 1.0)), (index.passage_article, np.arange(n_passages))),
        shape=(index.n_articles, n_passages),
    )
    article_words = (owners @ index.passage_words).tocsr()
    centroids = _weighted_units(np.asarray(article_words @ words, dtype=np.float32), tuple(parts))
    semantic = SemanticIndex(
        centroids, words, index.passage_words, tuple(parts), index.first_passage, n_passages,
        PassageVectors(CACHED_PASSAGES if cached is None else cached), _inverse_norms(words, tuple(parts)),
    )
    # A few ms: every passage now (every article has one, its title).
    if 0 < n_passages <= (PRECOMPUTED_PASSAGES if precomputed is None else precomputed):
        every = np.arange(index.n_articles, dtype=np.int64)
        semantic = replace(semantic, all_passages=np.concatenate(semantic._embed(every)))
    return semantic


def _word_table(index: Index, model: WordModel) -> FloatArray:
    """The model's vector of every word id of the index."""
    table = np.zeros((index.passage_words.shape[1], model.dims), dtype=np.float32)
    for lang, ids in index.word_ids.items():
        if ids:
            table[np.fromiter(ids.values(), dtype=np.int64, count=len(ids))] = model.word_vectors(list(ids), lang)
    return table


def _weighted_units(rows: FloatArray, parts: tuple[tuple[int, int, float], ...]) -> FloatArray:
    """Each model's block of each row scaled to length sqrt(share) (zero stays zero), in place."""
    for start, end, weight in parts:
        block = rows[:, start:end]
        norms = np.sqrt(np.einsum("ij,ij->i", block, block))
        nonzero = norms > 0
        block[nonzero] *= (weight / norms[nonzero])[:, None]
    return rows


def _inverse_norms(words: FloatArray, parts: tuple[tuple[int, int, float], ...]) -> FloatArray:
    inverse = np.zeros((len(words), len(parts)), dtype=np.float32)
    for k, (start, end, _) in enumerate(parts):
        norms = np.sqrt(np.einsum("ij,ij->i", words[:, start:end], words[:, start:end]))
        np.divide(1.0, norms, out=inverse[:, k], where=norms > 0)
    return inverse


def _units(rows: FloatArray) -> FloatArray:
    norms = np.sqrt(np.einsum("ij,ij->i", rows, rows))
    return (rows / np.where(norms > 0, norms, 1.0)[:, None]).astype(np.float32, copy=False)


def _unit(vector: FloatArray) -> FloatArray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector
