"""The inverted index: per-term posting lists with precomputed BM25 impacts, in numpy arrays.

Two views of the same articles are indexed:
- articles as whole documents, BM25F-style: a term's frequency is summed over fields with field
  weights, each field normalised by its own average length;
- passages (title, each question, each body line or sentence) as mini-documents, plain BM25.
Terms are language-scoped (a French stem and an English stem never share an id) and include
bigrams of adjacent content words, which reward word order without a phrase query.
Scoring a query is then a handful of vectorised additions over posting slices.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kb.article import Article
from kb.passages import Field, article_passages
from kb.text import LANGS, Stemmer, words
from kb.stopwords import stop_words

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

# Field weights and length normalisation. Titles and listed questions are written to match
# users' words, so they count more than body text; tags are keywords without grammar.
FIELD_WEIGHT = {Field.TITLE: 3.0, Field.QUESTION: 2.0, Field.TAGS: 2.0, Field.HEADING: 1.5, Field.BODY: 1.0}
FIELD_B = {Field.TITLE: 0.5, Field.QUESTION: 0.75, Field.TAGS: 0.3, Field.HEADING: 0.5, Field.BODY: 0.75}
K1 = 1.2
PASSAGE_B = 0.75
BIGRAM_WEIGHT = 0.5  # a bigram also matched its two words; it only adds a bonus for order


@dataclass(frozen=True, eq=False)
class Postings:
    """CSR posting lists: entries of term t are ids[ptr[t]:ptr[t+1]]."""

    ptr: IntArray
    ids: npt.NDArray[np.int32]
    impact: FloatArray

    def of(self, term: int) -> tuple[npt.NDArray[np.int32], FloatArray]:
        start, end = self.ptr[term], self.ptr[term + 1]
        return self.ids[start:end], self.impact[start:end]


@dataclass(frozen=True, eq=False)
class Index:
    n_articles: int
    terms: dict[str, dict[str, int]]  # lang -> stem -> term id
    bigrams: dict[tuple[int, int], int]
    surface: dict[str, dict[str, str]]  # lang -> folded word seen in the KB -> its stem
    idf: FloatArray  # per term, over articles
    article_lang: tuple[str, ...]
    docs: Postings
    passages: Postings
    passage_article: npt.NDArray[np.int32]
    passage_field: npt.NDArray[np.int8]
    passage_norm: FloatArray  # idf mass of each passage's distinct unigrams
    first_passage: IntArray  # per article, its first passage (passages are contiguous)


def idf_of(df: npt.NDArray[np.float64], n: int) -> FloatArray:
    return np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)


def unknown_idf(n: int) -> float:
    """The idf a term never seen would have: the rarest possible."""
    return math.log1p((n + 0.5) / 0.5)


def build_index(articles: Sequence[Article], stemmer: Stemmer) -> Index:
    terms: dict[str, dict[str, int]] = {lang: {} for lang in LANGS}
    surface: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    bigrams: dict[tuple[int, int], int] = {}
    n_terms = 0
    tok_term: list[int] = []
    tok_passage: list[int] = []
    tok_unigram: list[bool] = []
    passage_article: list[int] = []
    passage_field: list[int] = []
    first_passage: list[int] = []
    for a, article in enumerate(articles):
        lang_terms, lang_surface = terms[article.lang], surface[article.lang]
        stops = stop_words(article.lang)
        first_passage.append(len(passage_article))
        for passage in article_passages(article):
            ids: list[int] = []
            for word in words(passage.text):
                if word in stops or len(word) < 2:
                    continue
                stem = lang_surface.get(word)
                if stem is None:
                    stem = lang_surface[word] = stemmer.stem(word, article.lang)
                term = lang_terms.get(stem)
                if term is None:
                    term = lang_terms[stem] = n_terms
                    n_terms += 1
                ids.append(term)
            pairs: list[int] = []
            for pair in zip(ids, ids[1:]):
                term = bigrams.get(pair)
                if term is None:
                    term = bigrams[pair] = n_terms
                    n_terms += 1
                pairs.append(term)
            p = len(passage_article)
            passage_article.append(a)
            passage_field.append(passage.field)
            tok_term.extend(ids)
            tok_term.extend(pairs)
            tok_unigram.extend([True] * len(ids))
            tok_unigram.extend([False] * len(pairs))
            tok_passage.extend([p] * (len(ids) + len(pairs)))
    return _assemble(
        len(articles), n_terms, terms, bigrams, surface, tuple(a.lang for a in articles),
        np.asarray(tok_term, dtype=np.int64), np.asarray(tok_passage, dtype=np.int64),
        np.asarray(tok_unigram, dtype=bool), np.asarray(passage_article, dtype=np.int32),
        np.asarray(passage_field, dtype=np.int8), np.asarray(first_passage, dtype=np.int64),
    )


def _assemble(
    n: int, n_terms: int, terms: dict[str, dict[str, int]], bigrams: dict[tuple[int, int], int],
    surface: dict[str, dict[str, str]], langs: tuple[str, ...], tok_term: IntArray,
    tok_passage: IntArray, tok_unigram: npt.NDArray[np.bool_], passage_article: npt.NDArray[np.int32],
    passage_field: npt.NDArray[np.int8], first_passage: IntArray,
) -> Index:
    n_passages = len(passage_article)
    tok_article = passage_article[tok_passage].astype(np.int64)
    tok_field = passage_field[tok_passage]
    order_weight = np.where(tok_unigram, 1.0, BIGRAM_WEIGHT)

    # Article-level document frequency -> idf shared by both views.
    doc_keys = np.unique(tok_term * max(n, 1) + tok_article)
    df = np.bincount(doc_keys // max(n, 1), minlength=n_terms).astype(np.float64)
    idf = idf_of(df, n)

    # BM25F: every occurrence adds weight / length-norm of its field in its article.
    n_fields = len(Field)
    field_len = np.zeros((n, n_fields))
    np.add.at(field_len, (tok_article, tok_field), tok_unigram.astype(np.float64))
    avg_len = field_len.sum(axis=0) / np.maximum((field_len > 0).sum(axis=0), 1)
    weight = np.array([FIELD_WEIGHT[Field(f)] for f in range(n_fields)])
    b = np.array([FIELD_B[Field(f)] for f in range(n_fields)])
    norm = 1.0 - b + b * field_len / np.maximum(avg_len, 1e-9)
    value = order_weight * weight[tok_field] / norm[tok_article, tok_field]
    docs = _postings(tok_term, tok_article, value, n, n_terms, idf)

    # Passages: plain BM25 with binary-ish term frequency.
    p_len = np.bincount(tok_passage, weights=tok_unigram.astype(np.float64), minlength=n_passages)
    p_norm = 1.0 - PASSAGE_B + PASSAGE_B * p_len / max(float(p_len.mean()) if n_passages else 1.0, 1e-9)
    passages = _postings(tok_term, tok_passage, order_weight / p_norm[tok_passage], n_passages, n_terms, idf)

    # Idf mass of distinct unigrams per passage, for a coverage measure at query time.
    uni_keys = np.unique(tok_term[tok_unigram] * max(n_passages, 1) + tok_passage[tok_unigram])
    passage_norm = np.bincount(
        uni_keys % max(n_passages, 1), weights=idf[uni_keys // max(n_passages, 1)], minlength=n_passages
    ).astype(np.float32)
    return Index(
        n_articles=n, terms=terms, bigrams=bigrams, surface=surface, idf=idf, article_lang=langs,
        docs=docs, passages=passages, passage_article=passage_article, passage_field=passage_field,
        passage_norm=passage_norm, first_passage=first_passage,
    )


def _postings(
    term: IntArray, unit: IntArray, value: npt.NDArray[np.float64], n_units: int, n_terms: int, idf: FloatArray
) -> Postings:
    keys, inverse = np.unique(term * max(n_units, 1) + unit, return_inverse=True)
    tf = np.bincount(inverse, weights=value, minlength=len(keys))
    key_term = keys // max(n_units, 1)
    impact = idf[key_term] * tf * (K1 + 1.0) / (tf + K1)
    ptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(key_term, minlength=n_terms), out=ptr[1:])
    return Postings(ptr=ptr, ids=(keys % max(n_units, 1)).astype(np.int32), impact=impact.astype(np.float32))
