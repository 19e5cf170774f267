"""Scores every article for a query in a few vectorised passes over posting lists.

Signals, per article:
- `document`: BM25F over the whole article (all fields, field weights);
- `passage`: BM25 of its best passage (title, a question, one body line);
- `coverage`: share of the message's idf mass that the article contains;
- `fit`: how well the best-fitting passage and the message cover each other (geometric mean of
  both coverages), which is high only when one passage says what the user said.
Ranking mixes the first two, each divided by its best value for this query so that neither
dominates by scale; confidence (kb.signals, kb.confidence) is built from signals that are
comparable across queries, knowledge bases and languages.
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

PASSAGE_SHARE = 0.3  # ranking: weight of the best passage against the whole article


@dataclass(frozen=True, eq=False)
class Scores:
    rank: FloatArray  # per article, 0 for articles that share no term with the message
    coverage: FloatArray  # per article
    mass: FloatArray  # per article: idf mass of the message in the article's language
    passage_rank: FloatArray  # per passage
    passage_matched: FloatArray  # per passage: idf mass of the message words it contains


def score(index: Index, queries: Sequence[LangQuery]) -> Scores:
    n, n_passages = index.n_articles, len(index.passage_article)
    document = np.zeros(n, dtype=np.float32)
    matched = np.zeros(n, dtype=np.float32)
    passage = np.zeros(n_passages, dtype=np.float32)
    passage_matched = np.zeros(n_passages, dtype=np.float32)
    mass = np.zeros(n, dtype=np.float32)
    for query in queries:
        mass[index.lang_articles[query.lang]] = query.mass
        for qt in query.terms:
            ids, impact = index.docs.of(qt.term)
            document[ids] += qt.weight * impact
            p_ids, p_impact = index.passages.of(qt.term)
            passage[p_ids] += qt.weight * p_impact
            matched[ids] += qt.weight * index.idf[qt.term]
            passage_matched[p_ids] += qt.weight * index.idf[qt.term]
    best_passage = np.maximum.reduceat(passage, index.first_passage) if n else passage
    rank = _share(document, 1.0 - PASSAGE_SHARE) + _share(best_passage, PASSAGE_SHARE)
    coverage = np.divide(matched, mass, out=np.zeros_like(matched), where=mass > 0)
    return Scores(rank=rank, coverage=np.minimum(coverage, 1.0), mass=mass, passage_rank=passage,
                  passage_matched=passage_matched)


def _share(values: FloatArray, share: float) -> FloatArray:
    top = float(values.max()) if len(values) else 0.0
    return values * (share / top) if top > 0 else values


def passage_range(index: Index, article: int) -> tuple[int, int]:
    start = int(index.first_passage[article])
    end = int(index.first_passage[article + 1]) if article + 1 < index.n_articles else len(index.passage_article)
    return start, end


def best_body_passage(scores: Scores, index: Index, article: int) -> int | None:
    """The body line that matches the message best, as an offset in the article's passages."""
    start, end = passage_range(index, article)
    fields = index.passage_field[start:end]
    body = np.flatnonzero((fields == Field.BODY) | (fields == Field.HEADING))
    if not len(body):
        return None
    ranks = scores.passage_rank[start:end][body]
    return int(body[int(np.argmax(ranks))]) if ranks.max() > 0 else None
