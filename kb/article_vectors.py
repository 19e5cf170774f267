"""Article and passage vectors of one knowledge base, from its index's words (kb.semantic).

An article's vector (centroid) is the sum of its passages' words, each passage scaled down by
the square root of its length; a query then needs the vectors of its candidates' passages, and
how much of a message an article's words account for (kb.signals.unexplained).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from kb.index import Index
from kb.passage_cache import PassageVectors
from kb.rows import WordPresence, summed_rows
from kb.semantic import FloatArray, Meaning, WordModel

SIMILAR_WORDS = 0.5  # cosine from which an article's word accounts for a message's word
# Passage vectors: all computed at build up to this many passages (a KB of a few hundred long
# articles: ~10 ms), and up to CACHED_PASSAGES kept once computed for bigger KBs (~40 MB).
PRECOMPUTED_PASSAGES = 20_000
CACHED_PASSAGES = 20_000


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
    passage_words: WordPresence  # passage x word id (kb.index)
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
            ends = np.append(self.first_passage[1:], self.n_passages)
            starts = self.first_passage[articles]
            lengths = ends[articles] - starts
            rows = np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))
            has = np.ones(len(articles), dtype=bool)  # every article has a passage: its title
            return CandidatePassages(self.all_passages[rows], np.cumsum(lengths) - lengths, has)
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
        vectors = _weighted_units(self.passage_words.sums(rows, self.words), self.parts)
        return np.split(vectors, np.cumsum(lengths)[:-1]) if len(articles) else []


@dataclass(frozen=True, eq=False)
class CandidatePassages:
    vectors: FloatArray  # their passages, article after article
    starts: npt.NDArray[np.int64]  # where each article that has passages begins
    has: npt.NDArray[np.bool_]  # per article: has passages

    def best(self, query: FloatArray) -> FloatArray:
        """Per article, the similarity of its best passage (-1 without any); `query` may hold
        several vectors as columns, and then so does the result."""
        best = np.full((len(self.has), *query.shape[1:]), -1.0, dtype=np.float32)
        if len(self.vectors):
            best[self.has] = np.maximum.reduceat(self.vectors @ query, self.starts, axis=0)
        return best


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
    for model, share in zip(meaning.models, meaning.shares, strict=False):
        parts.append((start, start + model.dims, math.sqrt(share)))
        start += model.dims
    n_passages = len(index.passage_article)
    # A passage of n words adds up to about sqrt(n) times a word's length: dividing its words by
    # sqrt(n) gives every passage a like say in its article without embedding each passage.
    ids, weights, article_pointers = _article_words(index)
    centroids = _weighted_units(summed_rows(words, ids, article_pointers, weights), tuple(parts))
    semantic = SemanticIndex(
        centroids, words, index.passage_words, tuple(parts), index.first_passage, n_passages,
        PassageVectors(CACHED_PASSAGES if cached is None else cached), _inverse_norms(words, tuple(parts)),
    )
    # A few ms: every passage now (every article has one, its title).
    if 0 < n_passages <= (PRECOMPUTED_PASSAGES if precomputed is None else precomputed):
        every = np.arange(index.n_articles, dtype=np.int64)
        semantic = replace(semantic, all_passages=np.concatenate(semantic._embed(every)))
    return semantic


def _article_words(index: Index) -> tuple[npt.NDArray[np.int64], FloatArray, npt.NDArray[np.int64]]:
    """Per article, its distinct words and their weights (the sum of 1 / sqrt(length) of the
    passages that have the word), as CSR: word ids, weights, pointers per article.

    A word's weight is summed in passage order, and an article's words come latest first seen
    first: the order SciPy's sparse product (owners x passage words) gave them, so centroids keep
    the same bits."""
    presence = index.passage_words
    n_passages, n_words = presence.shape
    counts = presence.word_counts()
    passage_weight = (1.0 / np.sqrt(np.maximum(counts.astype(np.float32), 1.0))).astype(np.float32)
    words, _ = presence.rows(np.arange(n_passages, dtype=np.int64))
    owners = np.repeat(index.passage_article.astype(np.int64), counts)
    keys, first_seen, which = np.unique(owners * max(n_words, 1) + words, return_index=True, return_inverse=True)
    weights = np.zeros(len(keys), dtype=np.float32)
    np.add.at(weights, which, np.repeat(passage_weight, counts))  # one after the other, in passage order
    articles = keys // max(n_words, 1)
    order = np.lexsort((-first_seen, articles))
    pointers = np.zeros(index.n_articles + 1, dtype=np.int64)
    np.cumsum(np.bincount(articles, minlength=index.n_articles), out=pointers[1:])
    return (keys - articles * max(n_words, 1))[order], weights[order], pointers


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
