"""Scores every article for a query in a few vectorised passes over posting lists.

Signals, per article:
- `document`: BM25F over the whole article (all fields, field weights);
- `passage`: BM25 of its best passage (title, a question, one body line);
- `coverage`: share of the message's idf mass that the article contains;
- `fit`: how well the best-fitting passage and the message cover each other (geometric mean of
  both coverages), which is high only when one passage says what the user said.
Ranking mixes the first two, each divided by its best value for this query so that neither
dominates by scale; confidence (see `confidence`) is built from signals that are comparable
across queries, knowledge bases and languages.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kb.index import Index, unknown_idf
from kb.passages import Field
from kb.query import LangQuery

FloatArray = npt.NDArray[np.float32]

PASSAGE_SHARE = 0.3  # ranking: weight of the best passage against the whole article
MIN_PASSAGE_MASS = 1.0  # in units of the rarest idf
EVIDENCE_CAP = 2.5  # beyond a few rare words, more matching words prove little more


@dataclass(frozen=True)
class Calibration:
    """Logistic weights of the confidence signals.

    Fitted once (logistic regression, then rounded) on in-scope and out-of-scope messages: the
    fr-starter set, a sample of banking77-dev and generic off-topic sentences in both languages
    (benchmarks/kb_calibrate.py). They weigh language-level signals, not words of any domain.
    Fitted with the semantic signal (kb.semantic), the bias then lowered by 0.7 so that the
    operating point fr-starter needs (false suggestions <= 12.5%) falls at the same threshold,
    0.75, as the lexical-only weights (LEXICAL_CALIBRATION, for an engine without word vectors).
    """

    bias: float = -5.0
    coverage: float = 1.4
    own: float = 2.6
    fit: float = 2.0
    evidence: float = 1.3
    semantic: float = 4.2

    def apply(self, signals: Signals) -> float:
        z = self.bias + self.coverage * signals.coverage + self.own * signals.own
        z += self.fit * signals.fit + self.evidence * signals.evidence + self.semantic * signals.semantic
        return 1.0 / (1.0 + math.exp(-z))


CALIBRATION = Calibration()
LEXICAL_CALIBRATION = Calibration(bias=-4.1, coverage=1.5, own=3.3, fit=2.1, evidence=2.1, semantic=0.0)


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


@dataclass(frozen=True)
class Signals:
    """What confidence is computed from, each in [0, 1] except evidence (0 to EVIDENCE_CAP).

    coverage: share of the message's idf mass that the article contains;
    own: share of the best passage's idf mass that the message covers;
    fit: both at once for one passage (geometric mean);
    evidence: matched idf mass in units of the rarest idf, so that a long chatty message with
    several on-topic words is not punished for its length;
    semantic: similarity of meaning by the multilingual word table (kb.semantic.Meaning.judged),
    a cosine, 0 without word vectors.
    """

    coverage: float
    own: float
    fit: float
    evidence: float
    semantic: float = 0.0


def signals(scores: Scores, index: Index, article: int, semantic: float = 0.0) -> Signals:
    start, end = passage_range(index, article)
    mass = float(scores.mass[article])
    if mass <= 0:
        return Signals(0.0, 0.0, 0.0, 0.0, semantic)
    matched = scores.passage_matched[start:end]
    norm = index.passage_norm[start:end]
    # A passage made of common words only ("it does not work") says too little to fit fully:
    # its mass counts as at least one rare word's.
    rarest = unknown_idf(index.n_articles)
    own = np.minimum(matched / np.maximum(norm, MIN_PASSAGE_MASS * rarest), 1.0)
    fit = float(np.sqrt(np.minimum(matched / mass, 1.0) * own).max())
    coverage = float(scores.coverage[article])
    evidence = min(coverage * mass / rarest, EVIDENCE_CAP)
    return Signals(coverage=coverage, own=float(own.max()), fit=fit, evidence=evidence, semantic=semantic)


def confidence(
    scores: Scores, index: Index, article: int, semantic: float = 0.0, calibration: Calibration = CALIBRATION
) -> float:
    """Probability-like confidence that this article answers the message, in [0, 1]."""
    return calibration.apply(signals(scores, index, article, semantic))


def best_body_passage(scores: Scores, index: Index, article: int) -> int | None:
    """The body line that matches the message best, as an offset in the article's passages."""
    start, end = passage_range(index, article)
    fields = index.passage_field[start:end]
    body = np.flatnonzero((fields == Field.BODY) | (fields == Field.HEADING))
    if not len(body):
        return None
    ranks = scores.passage_rank[start:end][body]
    return int(body[int(np.argmax(ranks))]) if ranks.max() > 0 else None
