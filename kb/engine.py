"""Search over a set of articles: what the bot asks when a user describes a problem.

The pipeline, module by module:
- kb.text / kb.abbreviations: fold case and accents, drop elisions, expand chat shorthand;
- kb.query: stop words, stems per article language, typo correction and completion of
  unknown words against the KB's own vocabulary, related words of the same family;
- kb.index / kb.scoring: BM25F over whole articles plus BM25 of the best passage, in numpy;
- kb.semantic, kb.subwords: similarity of meaning from static word and subword vectors,
  added to the lexical rank;
- kb.scoring.confidence: calibrated [0, 1] confidence, compared with DEFAULT_MIN_CONFIDENCE;
- kb.snippet: the body line that matched best, as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from kb.abbreviations import expand
from kb.article import Article
from kb.index import Index, build_index
from kb.query import LangQuery, QueryAnalyzer
from kb.scoring import CALIBRATION, LEXICAL_CALIBRATION, Scores, Signals, best_body_passage, confidence, score, signals
from kb.semantic import Meaning, SemanticIndex, build_semantic
from kb.snippet import snippet_for
from kb.text import Stemmer, count_letters, words

# Chosen with benchmarks/kb_calibrate.py: on fr-starter (hard off-topic messages that share
# words with articles) and banking77-dev plus generic off-topic sentences, 0.75 keeps false
# suggestions near 10% and 0% while still answering most in-scope messages; lower thresholds
# buy little more answering for many more false suggestions. Both calibrations (with and
# without word vectors) are set so that this one threshold is their operating point.
DEFAULT_MIN_CONFIDENCE = 0.75
MIN_QUERY_LETTERS = 3
_CANDIDATES = 30  # articles re-examined in detail after the vectorised first pass
_MAX_SNIPPETS = 4096  # snippets are cut on demand and kept: popular articles come back often
# The lexical rank's best article scores about 1 and cosines of static vectors spread over a
# few tenths: 5 lets meaning reorder close lexical candidates without outvoting clear matches
# (4 to 6, with subword shares 0.5 to 0.7: banking77-dev R@3 0.930 to 0.935).
SEMANTIC_WEIGHT = 5.0


@dataclass(frozen=True)
class _Message:
    queries: list[LangQuery]  # one per article language searched
    meaning: np.ndarray | None  # the message's vector (kb.semantic.Meaning), None without one
    judged: np.ndarray | None  # its part that confidence trusts (Meaning.judged)


@dataclass(frozen=True)
class SearchHit:
    article: Article
    score: float
    confidence: float  # in [0, 1]
    snippet: str  # plain text, about 160 characters, from the passage that fits best


class SearchEngine:
    def __init__(
        self, articles: tuple[Article, ...], index: Index, stemmer: Stemmer,
        meaning: Meaning | None = None,
    ) -> None:
        self._articles = articles
        self._by_id = {article.id: article for article in articles}
        self._index = index
        self._stemmer = stemmer
        self._analyzer = QueryAnalyzer(index, stemmer)
        self._langs = frozenset(index.article_lang)
        self._snippets: dict[tuple[int, int | None], str] = {}
        self._meaning = meaning if meaning else None
        self._semantic: SemanticIndex | None = build_semantic(index, meaning) if self._meaning else None
        self._calibration = CALIBRATION if self._semantic is not None else LEXICAL_CALIBRATION

    @classmethod
    def build(cls, articles: Iterable[Article], meaning: Meaning | None = None) -> SearchEngine:
        """Without `meaning` (Meaning.load()), the search is lexical only."""
        unique: dict[str, Article] = {}
        for article in articles:
            unique.setdefault(article.id, article)
        ordered = tuple(unique.values())
        stemmer = Stemmer()
        return cls(ordered, build_index(ordered, stemmer), stemmer, meaning)

    @property
    def articles(self) -> tuple[Article, ...]:
        return self._articles

    def __len__(self) -> int:
        return len(self._articles)

    def get(self, article_id: str) -> Article | None:
        return self._by_id.get(article_id)

    def search(
        self, query: str, *, limit: int = 3, lang: str | None = None, min_confidence: float | None = None
    ) -> list[SearchHit]:
        threshold = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
        message = self._analyse(query, lang)
        if message is None or limit <= 0:
            return []
        return self._hits(message, limit, threshold)

    def explain(self, query: str, *, limit: int = 3, lang: str | None = None) -> list[tuple[Article, Signals]]:
        """The best-ranked articles with the signals their confidence comes from."""
        message = self._analyse(query, lang)
        if message is None:
            return []
        scores = score(self._index, message.queries)
        ranked = self._ranked(message, scores)
        return [
            (self._articles[a], signals(scores, self._index, a, semantic)) for a, _, semantic in ranked[:limit]
        ]

    def _snippet(self, article: int, passage: int | None) -> str:
        key = (article, passage)
        snippet = self._snippets.get(key)
        if snippet is None:
            if len(self._snippets) >= _MAX_SNIPPETS:
                self._snippets.clear()
            snippet = self._snippets[key] = snippet_for(self._articles[article], passage)
        return snippet

    def _analyse(self, query: str, lang: str | None) -> _Message | None:
        if count_letters(query) < MIN_QUERY_LETTERS or not self._articles:
            return None
        query_words = expand(words(query), lang)
        # A language the KB has narrows the search; one it lacks would leave users with nothing.
        targets = [lang] if lang in self._langs else sorted(self._langs)
        query_lang = lang if lang in self._langs else None
        queries = [self._analyzer.analyse(query_words, target, query_lang=query_lang) for target in targets]
        meaning = self._meaning.embed(query_words, lang) if self._meaning else None
        if meaning is not None and not meaning.any():
            meaning = None  # no known word: no semantic signal
        judged = self._meaning.judged(meaning) if self._meaning and meaning is not None else None
        return _Message(queries, meaning, judged) if meaning is not None or any(q.terms for q in queries) else None

    def _ranked(self, message: _Message, scores: Scores) -> list[tuple[int, float, float]]:
        """(article, fused rank, similarity confidence trusts) of the best candidates, best first."""
        rank = scores.rank
        count = min(_CANDIDATES, len(rank))
        if message.meaning is None or self._semantic is None:
            candidates = np.argpartition(-rank, count - 1)[:count]
            ranked = [(int(a), float(rank[a]), 0.0) for a in candidates if rank[a] > 0]
        else:
            centroid = self._semantic.similarity(message.meaning)
            searched = np.zeros(len(rank), dtype=bool)
            for query in message.queries:
                searched |= self._index.lang_articles[query.lang]
            first = np.where(searched, rank + SEMANTIC_WEIGHT * centroid, -np.inf)
            candidates = np.argpartition(-first, count - 1)[:count]
            # Similarity: the mean of the article's centroid's and its best passage's.
            passages = self._semantic.passages_of(candidates)
            semantic = (centroid[candidates] + passages.best(message.meaning)) / 2
            fused = rank[candidates] + SEMANTIC_WEIGHT * semantic
            judged = semantic
            if message.judged is not None:
                judged = (self._semantic.centroids[candidates] @ message.judged + passages.best(message.judged)) / 2
            ranked = [
                (int(a), float(f), float(j))
                for a, f, m, j in zip(candidates, fused, semantic, judged)
                if searched[a] and (rank[a] > 0 or m > 0)
            ]
        ranked.sort(key=lambda item: (-item[1], item[0]))
        return ranked

    def _hits(self, message: _Message, limit: int, threshold: float) -> list[SearchHit]:
        scores = score(self._index, message.queries)
        hits: list[SearchHit] = []
        # Best rank first; confidence only filters, it is costlier, so stop once `limit` pass.
        for a, fused, semantic in self._ranked(message, scores):
            if len(hits) == limit:
                break
            conf = confidence(scores, self._index, a, semantic, self._calibration)
            if conf < threshold:
                continue
            article = self._articles[a]
            hits.append(
                SearchHit(
                    article=article,
                    score=round(fused, 6),
                    confidence=round(min(max(conf, 0.0), 1.0), 4),
                    snippet=self._snippet(a, best_body_passage(scores, self._index, a)),
                )
            )
        return hits
