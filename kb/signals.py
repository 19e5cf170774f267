"""The signals a suggestion's confidence is computed from, for one candidate article.

Each says something about the message and the article that holds in any domain and language:
- lexical fit (coverage, own, fit, evidence): how many of the message's rare words the article
  has, and whether one passage says what the message says;
- meaning (semantic): cosine of the message and the article in the multilingual word space;
- margin: how far ahead of the other candidates the article is ranked, so that a message that
  fits five articles a little fits none of them well;
- unexplained: how much of the message no word of the article matches or resembles ("my
  laptop screen is cracked" against the zoom article: "laptop" and "cracked" stay unexplained);
- french: the article's language. The word models are weaker in French (the subword model
  learnt English), so the same scores are more telling there: one offset, fitted like the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kb.index import Index, unknown_idf
from kb.query import LangQuery
from kb.scoring import Scores, passage_range

MIN_PASSAGE_MASS = 1.0  # in units of the rarest idf
EVIDENCE_CAP = 2.5  # beyond a few rare words, more matching words prove little more
MARGIN_RANGE = (-1.0, 2.0)  # fused-rank differences beyond these say nothing more
UNEXPLAINED_CAP = 3.0  # rare words (in units of the rarest idf)


@dataclass(frozen=True)
class Signals:
    """Each in [0, 1] except evidence (0 to EVIDENCE_CAP), margin and unexplained.

    coverage: share of the message's idf mass that the article contains;
    own: share of the best passage's idf mass that the message covers;
    fit: both at once for one passage (geometric mean);
    evidence: matched idf mass in units of the rarest idf, so that a long chatty message with
    several on-topic words is not punished for its length;
    semantic: cosine of meaning in the multilingual word table (kb.semantic.Meaning.judged),
    0 without word vectors;
    margin: the article's fused rank minus the best other candidate's (negative when another
    is ahead), within MARGIN_RANGE;
    unexplained: idf mass of the message's words that the article neither contains nor has a
    close word for, in units of the rarest idf, at most UNEXPLAINED_CAP;
    french: 1 for an article in French, else 0.
    """

    coverage: float
    own: float
    fit: float
    evidence: float
    semantic: float = 0.0
    margin: float = 0.0
    unexplained: float = 0.0
    french: float = 0.0


def lexical_signals(scores: Scores, index: Index, article: int) -> tuple[float, float, float, float]:
    """(coverage, own, fit, evidence) of one article."""
    start, end = passage_range(index, article)
    mass = float(scores.mass[article])
    if mass <= 0:
        return 0.0, 0.0, 0.0, 0.0
    matched = scores.passage_matched[start:end]
    norm = index.passage_norm[start:end]
    # A passage made of common words only ("it does not work") says too little to fit fully:
    # its mass counts as at least one rare word's.
    rarest = unknown_idf(index.n_articles)
    own = np.minimum(matched / np.maximum(norm, MIN_PASSAGE_MASS * rarest), 1.0)
    fit = float(np.sqrt(np.minimum(matched / mass, 1.0) * own).max()) if end > start else 0.0
    coverage = float(scores.coverage[article])
    evidence = min(coverage * mass / rarest, EVIDENCE_CAP)
    return coverage, float(own.max()) if end > start else 0.0, fit, evidence


def article_words(index: Index, article: int) -> npt.NDArray[np.int32]:
    """Word ids found anywhere in the article (with repeats)."""
    start, end = passage_range(index, article)
    pointers = index.passage_words.indptr
    return np.asarray(index.passage_words.indices[pointers[start] : pointers[end]], dtype=np.int32)


def unexplained(
    index: Index, query: LangQuery, article: int, words: npt.NDArray[np.int32],
    resembled: npt.NDArray[np.bool_] | None,
) -> float:
    """Idf mass of the message's words the article does not account for (see Signals).

    `resembled`: per word of `query.words`, whether the article has a word close in meaning
    (kb.semantic), None without word vectors.
    """
    if not query.words:
        return 0.0
    terms = set(index.word_term[words].tolist())
    missing = 0.0
    for k, word in enumerate(query.words):
        if any(t in terms for t in word.terms) or (resembled is not None and bool(resembled[k])):
            continue
        missing += word.idf
    return min(missing / unknown_idf(index.n_articles), UNEXPLAINED_CAP)


def clip_margin(margin: float) -> float:
    low, high = MARGIN_RANGE
    return min(max(margin, low), high)
