"""Search over a set of articles: what the bot asks when a user describes a problem.

The pipeline, module by module:
- kb.text / kb.abbreviations: fold case and accents, drop elisions, expand chat shorthand;
- kb.query: stop words, stems per article language, typo correction and completion of
  unknown words against the KB's own vocabulary, related words of the same family;
- kb.index / kb.scoring: BM25F over whole articles plus BM25 of the best passage, in numpy;
- kb.semantic, kb.subwords: similarity of meaning from static word and subword vectors,
  added to the lexical rank;
- kb.signals / kb.confidence: a [0, 1] confidence per candidate from signals that hold across
  domains (lexical fit, meaning, margin over the others, what the article leaves unexplained);
- kb.shortlist: what is shown: the best confident article, others only when close to it;
- kb.snippet: the body line that matched best, as plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from kb.abbreviations import expand
from kb.article import Article
from kb.article_vectors import SemanticIndex, build_semantic
from kb.confidence import CALIBRATION, DEFAULT_MIN_CONFIDENCE, LEXICAL_CALIBRATION
from kb.index import Index, build_index, unknown_idf
from kb.query import LangQuery, QueryAnalyzer
from kb.scoring import Scores, best_body_passage, score
from kb.semantic import Meaning
from kb.shortlist import shortlist
from kb.signals import Signals, article_words, clip_margin, lexical_signals, unexplained
from kb.snippet import snippet_for
from kb.text import Stemmer, count_letters, words

__all__ = ["DEFAULT_MIN_CONFIDENCE", "SearchEngine", "SearchHit"]

MIN_QUERY_LETTERS = 3
_CANDIDATES = 30  # articles re-examined in detail after the vectorised first pass
_JUDGED = 2  # candidates judged beyond the ones asked for: the shortlist may skip some
_MAX_SNIPPETS = 4096  # snippets are cut on demand and kept: popular articles come back often
# Texts whose analysis is kept: a turn compares the last search's text with the new one (novelty),
# then searches with the new one, the next turn's "last search".
_MAX_ANALYSED = 512
# The lexical rank's best article scores about 1 and cosines of static vectors spread over a
# few tenths: 5 lets meaning reorder close lexical candidates without outvoting clear matches
# (4 to 6, with subword shares 0.5 to 0.7: banking77-dev R@3 0.930 to 0.935).
SEMANTIC_WEIGHT = 5.0


@dataclass(frozen=True)
class _Message:
    queries: list[LangQuery]  # one per article language searched
    meaning: np.ndarray | None  # the message's vector (kb.semantic.Meaning), None without one
    judged: np.ndarray | None  # its part that confidence trusts (Meaning.judged)
    word_vectors: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict)  # per language, computed once


@dataclass(frozen=True)
class _Candidate:
    article: int
    fused: float  # the rank: lexical plus SEMANTIC_WEIGHT times meaning
    semantic: float  # the similarity confidence trusts


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
        self._analysed: dict[tuple[str, str | None], tuple[list[str], list[LangQuery]] | None] = {}
        self._meaning = meaning if meaning else None
        self._semantic: SemanticIndex | None = build_semantic(index, self._meaning) if self._meaning else None
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
        """What to show for a message: confident articles only, the others close to the best."""
        threshold = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
        return shortlist(self.rank(query, limit=limit + _JUDGED, lang=lang), threshold, limit)

    def rank(self, query: str, *, limit: int = 10, lang: str | None = None) -> list[SearchHit]:
        """The best candidates, best first, each with its confidence: no threshold applied."""
        message = self._analyse(query, lang)
        if message is None or limit <= 0:
            return []
        scores = score(self._index, message.queries)
        candidates = self._candidates(message, scores)
        hits = []
        for candidate in candidates[:limit]:
            conf = self._calibration.apply(self._signals(message, scores, candidates, candidate))
            article = self._articles[candidate.article]
            hits.append(SearchHit(
                article=article, score=round(candidate.fused, 6), confidence=round(min(max(conf, 0.0), 1.0), 4),
                snippet=self._snippet(candidate.article, best_body_passage(scores, self._index, candidate.article)),
            ))
        return hits

    def explain(self, query: str, *, limit: int = 3, lang: str | None = None) -> list[tuple[Article, Signals]]:
        """The best-ranked articles with the signals their confidence comes from."""
        message = self._analyse(query, lang)
        if message is None:
            return []
        scores = score(self._index, message.queries)
        candidates = self._candidates(message, scores)
        return [
            (self._articles[c.article], self._signals(message, scores, candidates, c)) for c in candidates[:limit]
        ]

    def novelty(self, before: str, after: str, lang: str | None = None) -> float:
        """What `after` tells a search that `before` did not: the idf mass of the KB terms it
        adds, in units of the rarest idf (0: searching again would find the same articles)."""
        known = self._terms(before, lang)
        added = {term: idf for term, idf in self._terms(after, lang).items() if term not in known}
        return sum(added.values()) / unknown_idf(max(self._index.n_articles, 1))

    def _terms(self, text: str, lang: str | None) -> dict[int, float]:
        """The KB terms a text stands for, with their idf (its meaning is not needed)."""
        lexical = self._lexical(text, lang)
        found: dict[int, float] = {}
        for query in lexical[1] if lexical else ():
            for word in query.words:
                for term in word.terms:
                    found[term] = float(self._index.idf[term])
        return found

    def _signals(self, message: _Message, scores: Scores, candidates: list[_Candidate], mine: _Candidate) -> Signals:
        coverage, own, fit, evidence = lexical_signals(scores, self._index, mine.article)
        best_other = max((c.fused for c in candidates if c is not mine), default=0.0)
        lang = self._index.article_lang[mine.article]
        query = next((q for q in message.queries if q.lang == lang), None)
        missing = 0.0
        if query is not None:
            found = article_words(self._index, mine.article)
            found = found[self._index.word_term[found] >= 0]  # content words: "the" resembles nothing
            resembled = None
            if self._semantic is not None and self._meaning is not None and query.words:
                vectors = message.word_vectors.get(lang)
                if vectors is None:
                    vectors = self._meaning.word_vectors([w.text for w in query.words], lang)
                    message.word_vectors[lang] = vectors
                resembled = self._semantic.resembled(vectors, found)
            missing = unexplained(self._index, query, mine.article, found, resembled)
        return Signals(
            coverage=coverage, own=own, fit=fit, evidence=evidence, semantic=mine.semantic,
            margin=clip_margin(mine.fused - best_other), unexplained=missing, french=float(lang == "fr"),
        )

    def _snippet(self, article: int, passage: int | None) -> str:
        key = (article, passage)
        snippet = self._snippets.get(key)
        if snippet is None:
            if len(self._snippets) >= _MAX_SNIPPETS:
                self._snippets.clear()
            snippet = self._snippets[key] = snippet_for(self._articles[article], passage)
        return snippet

    def _lexical(self, query: str, lang: str | None) -> tuple[list[str], list[LangQuery]] | None:
        """The message's words and its query per article language searched; None when too short."""
        if (query, lang) in self._analysed:
            return self._analysed[query, lang]
        found: tuple[list[str], list[LangQuery]] | None = None
        if count_letters(query) >= MIN_QUERY_LETTERS and self._articles:
            query_words = expand(words(query), lang)
            # A language the KB has narrows the search; one it lacks would leave users with nothing.
            targets = [lang] if lang in self._langs else sorted(self._langs)
            query_lang = lang if lang in self._langs else None
            found = query_words, [self._analyzer.analyse(query_words, t, query_lang=query_lang) for t in targets]
        if len(self._analysed) >= _MAX_ANALYSED:
            self._analysed.clear()
        self._analysed[query, lang] = found
        return found

    def _analyse(self, query: str, lang: str | None) -> _Message | None:
        lexical = self._lexical(query, lang)
        if lexical is None:
            return None
        query_words, queries = lexical
        meaning = self._meaning.embed(query_words, lang) if self._meaning else None
        if meaning is not None and not meaning.any():
            meaning = None  # no known word: no semantic signal
        judged = self._meaning.judged(meaning) if self._meaning and meaning is not None else None
        return _Message(queries, meaning, judged) if meaning is not None or any(q.terms for q in queries) else None

    def _candidates(self, message: _Message, scores: Scores) -> list[_Candidate]:
        """The best candidates by fused rank, best first."""
        rank = scores.rank
        count = min(_CANDIDATES, len(rank))
        if message.meaning is None or self._semantic is None:
            candidates = np.argpartition(-rank, count - 1)[:count]
            ranked = [_Candidate(int(a), float(rank[a]), 0.0) for a in candidates if rank[a] > 0]
        else:
            centroid = self._semantic.similarity(message.meaning)
            searched = np.zeros(len(rank), dtype=bool)
            for query in message.queries:
                searched |= self._index.lang_articles[query.lang]
            first = np.where(searched, rank + SEMANTIC_WEIGHT * centroid, -np.inf)
            candidates = np.argpartition(-first, count - 1)[:count]
            # Similarity: the mean of the article's centroid's and its best passage's.
            passages = self._semantic.passages_of(candidates)
            both = message.meaning if message.judged is None else np.stack([message.meaning, message.judged], axis=1)
            best = passages.best(both)  # one pass over the passages for both vectors
            semantic = (centroid[candidates] + (best if best.ndim == 1 else best[:, 0])) / 2
            fused = rank[candidates] + SEMANTIC_WEIGHT * semantic
            judged = semantic
            if message.judged is not None:
                judged = (self._semantic.centroids[candidates] @ message.judged + best[:, 1]) / 2
            ranked = [
                _Candidate(int(a), float(f), float(j))
                for a, f, m, j in zip(candidates, fused, semantic, judged, strict=False)
                if searched[a] and (rank[a] > 0 or m > 0)
            ]
        ranked.sort(key=lambda c: (-c.fused, c.article))
        return ranked
