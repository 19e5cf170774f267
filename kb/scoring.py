"""Scores every article for a query in a few vectorised passes over posting lists.

Signals, per article:
- `document`: BM25F over the whole article (all fields, field weights);
- `passage`: BM25 of its best passage (title, a question, one body line);
- `coverage`: share of the message's idf mass that the article contains;
- `fit`: how well the best-fitting passage and the message cover each other (geometric mean of
  both coverages), which is high only when one passage says what the user said.
Ranking mixes the first two, each divided by its best value for this query so that neither
dominates by scale; confidence mixes the last two, which are already in [0, 1] and comparable
across queries, knowledge bases and languages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kb.index import Index
from kb.passages import Field
from kb.query import LangQuery

FloatArray = npt.NDArray[np.float32]

PASSAGE_SHARE = 0.5  # ranking: weight of the best passage against the whole article
FIT_SHARE = 0.5  # confidence: weight of the best passage's fit against the article's coverage


@dataclass(frozen=True, eq=False)
class Scores:
    rank: FloatArray
    coverage: FloatArray
    touched: npt.NDArray[np.bool_]
    passage_rank: FloatArray  # per passage
    passage_fit: FloatArray  # per passage


def score(index: Index, queries: Sequence[LangQuery]) -> Scores:
    n, n_passages = index.n_articles, len(index.passage_article)
    document = np.zeros(n, dtype=np.float32)
    matched = np.zeros(n, dtype=np.float32)
    passage = np.zeros(n_passages, dtype=np.float32)
    passage_matched = np.zeros(n_passages, dtype=np.float32)
    mass = np.zeros(n, dtype=np.float32)
    lang_of = np.asarray(index.article_lang)
    for query in queries:
        if query.mass > 0:
            mass[lang_of == query.lang] = query.mass
        for qt in query.terms:
            ids, impact = index.docs.of(qt.term)
            document[ids] += qt.weight * impact
            p_ids, p_impact = index.passages.of(qt.term)
            passage[p_ids] += qt.weight * p_impact
            if qt.unigram:
                idf = qt.weight * float(index.idf[qt.term])
                matched[ids] += idf
                passage_matched[p_ids] += idf
    best_passage = np.maximum.reduceat(passage, index.first_passage) if n else passage
    rank = _share(document, 1.0 - PASSAGE_SHARE) + _share(best_passage, PASSAGE_SHARE)
    coverage = np.divide(matched, mass, out=np.zeros_like(matched), where=mass > 0)
    p_mass = mass[index.passage_article]
    p_cov = np.divide(passage_matched, p_mass, out=np.zeros_like(passage_matched), where=p_mass > 0)
    p_own = np.divide(passage_matched, index.passage_norm, out=np.zeros_like(passage_matched),
                      where=index.passage_norm > 0)
    fit = np.sqrt(np.minimum(p_cov, 1.0) * np.minimum(p_own, 1.0))
    return Scores(rank=rank, coverage=np.minimum(coverage, 1.0), touched=document > 0,
                  passage_rank=passage, passage_fit=fit)


def _share(values: FloatArray, share: float) -> FloatArray:
    top = float(values.max()) if len(values) else 0.0
    return values * (share / top) if top > 0 else values


def best_body_passage(scores: Scores, index: Index, article: int) -> int | None:
    """The body line that matches the message best, as an offset in the article's passages."""
    start, end = _passage_range(index, article)
    fields = index.passage_field[start:end]
    body = np.flatnonzero((fields == Field.BODY) | (fields == Field.HEADING))
    if not len(body):
        return None
    ranks = scores.passage_rank[start:end][body]
    return int(body[int(np.argmax(ranks))]) if ranks.max() > 0 else None


def _passage_range(index: Index, article: int) -> tuple[int, int]:
    start = int(index.first_passage[article])
    end = int(index.first_passage[article + 1]) if article + 1 < index.n_articles else len(index.passage_article)
    return start, end


def confidence(scores: Scores, index: Index, article: int) -> tuple[float, int]:
    """Confidence of one article and the passage that fits the message best."""
    start, end = _passage_range(index, article)
    fits = scores.passage_fit[start:end]
    best = int(np.argmax(fits + 1e-3 * scores.passage_rank[start:end]))
    value = (1.0 - FIT_SHARE) * float(scores.coverage[article]) + FIT_SHARE * float(fits[best])
    return value, start + best
