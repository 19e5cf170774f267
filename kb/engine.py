"""Search over a set of articles: what the bot asks when a user describes a problem."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from kb.article import Article
from kb.index import Index, build_index
from kb.query import LangQuery, QueryAnalyzer
from kb.scoring import best_body_passage, confidence, score
from kb.snippet import snippet_for
from kb.text import Stemmer, count_letters, words

# Calibrated with `supportbot kb eval` on in-scope and out-of-scope messages (see README of
# benchmarks/): below it, a suggestion is more often noise than help.
DEFAULT_MIN_CONFIDENCE = 0.45
MIN_QUERY_LETTERS = 3
_CANDIDATES = 30  # articles re-examined in detail after the vectorised first pass


@dataclass(frozen=True)
class SearchHit:
    article: Article
    score: float
    confidence: float  # in [0, 1]
    snippet: str  # plain text, about 160 characters, from the passage that fits best


class SearchEngine:
    def __init__(self, articles: tuple[Article, ...], index: Index, stemmer: Stemmer) -> None:
        self._articles = articles
        self._by_id = {article.id: article for article in articles}
        self._index = index
        self._stemmer = stemmer
        self._analyzer = QueryAnalyzer(index, stemmer)
        self._langs = frozenset(index.article_lang)

    @classmethod
    def build(cls, articles: Iterable[Article]) -> SearchEngine:
        unique: dict[str, Article] = {}
        for article in articles:
            unique.setdefault(article.id, article)
        ordered = tuple(unique.values())
        stemmer = Stemmer()
        return cls(ordered, build_index(ordered, stemmer), stemmer)

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
        if count_letters(query) < MIN_QUERY_LETTERS or limit <= 0 or not self._articles:
            return []
        query_words = words(query)
        # A language the KB has narrows the search; one it lacks would leave users with nothing.
        targets = [lang] if lang in self._langs else sorted(self._langs)
        query_lang = lang if lang in self._langs else None
        queries = [self._analyzer.analyse(query_words, target, query_lang=query_lang) for target in targets]
        if not any(q.terms for q in queries):
            return []
        return self._hits(queries, limit, threshold)

    def _hits(self, queries: list[LangQuery], limit: int, threshold: float) -> list[SearchHit]:
        scores = score(self._index, queries)
        rank = scores.rank
        count = min(_CANDIDATES, len(rank))
        candidates = np.argpartition(-rank, count - 1)[:count]
        hits: list[SearchHit] = []
        # Best rank first; confidence only filters, it is costlier, so stop once `limit` pass.
        for a in candidates[np.argsort(-rank[candidates], kind="stable")]:
            if rank[a] <= 0 or len(hits) == limit:
                break
            conf = confidence(scores, self._index, int(a))
            if conf < threshold:
                continue
            article = self._articles[a]
            hits.append(
                SearchHit(
                    article=article,
                    score=round(float(rank[a]), 6),
                    confidence=round(min(max(conf, 0.0), 1.0), 4),
                    snippet=snippet_for(article, best_body_passage(scores, self._index, int(a))),
                )
            )
        return hits
