"""Turns a user's message into weighted index terms, one set per article language.

Users type fast: missing accents are handled by folding, and a word the knowledge base has never
seen is mapped to a close word it has ("imprimente" -> "imprimante", "topup" -> "top" + "up"),
with a weight that shrinks with the edit distance. Words that stay unknown are kept in the
query's mass: a message full of words the KB never uses is probably not about the KB.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from kb.index import Index, unknown_idf
from kb.stopwords import stop_words
from kb.text import Stemmer

MIN_FUZZY_LEN = 4  # shorter words have too many neighbours at distance 1
_MAX_CACHED = 50_000
COMPLETION_WEIGHT = 0.8
_MAX_COMPLETIONS = 3  # more would be a guess, not a completion
TYPO_PENALTY = 2.0  # weight lost per edit, relative to the word length
MIN_RELATED_LEN = 5
_PREFIX = 4  # family members share their first letters
RELATED_MIN_RATIO = 80.0
RELATED_WEIGHT = 0.3


@dataclass(frozen=True)
class QueryTerm:
    term: int
    weight: float  # 1.0 for an exact match, less for a corrected, completed or related word


@dataclass(frozen=True)
class QueryWord:
    """One content word of the message, for telling how much of it an article explains."""

    text: str  # folded
    idf: float  # its term's (the rarest possible when the KB does not know it)
    terms: tuple[int, ...]  # the KB terms it stands for (none when unknown)


@dataclass(frozen=True)
class LangQuery:
    lang: str
    terms: tuple[QueryTerm, ...]
    mass: float  # idf mass of all content words of the message, matched or not
    words: tuple[QueryWord, ...] = ()


class QueryAnalyzer:
    """Owns the typo-correction caches of one index."""

    def __init__(self, index: Index, stemmer: Stemmer) -> None:
        self._index = index
        self._stemmer = stemmer
        self._by_prefix: dict[str, dict[str, list[str]]] = {}
        self._by_start: dict[str, dict[tuple[str, int], list[str]]] = {}
        self._windows: dict[tuple[str, str, int, int], list[str]] = {}
        self._family: dict[tuple[str, str], tuple[tuple[int, float], ...]] = {}
        self._corrections: dict[tuple[str, str], tuple[tuple[str, float], ...]] = {}
        self._unknown_idf = unknown_idf(index.n_articles)

    def analyse(self, words: list[str], lang: str, *, query_lang: str | None) -> LangQuery:
        stops = stop_words(query_lang)
        terms = self._index.terms[lang]
        weights: dict[int, float] = {}
        related: dict[int, float] = {}
        mass = 0.0
        content: dict[str, QueryWord] = {}
        for word in words:
            if word in stops or len(word) < 2:
                continue
            term = terms.get(self._stemmer.stem(word, lang))
            matches = ((term, 1.0),) if term is not None else self._resolve(word, lang)
            if not matches:
                mass += self._unknown_idf
                content[word] = QueryWord(word, self._unknown_idf, ())
                continue
            idf = max(float(self._index.idf[t]) for t, _ in matches)
            mass += idf
            content[word] = QueryWord(word, idf, tuple(t for t, _ in matches))
            for t, weight in matches:
                weights[t] = max(weights.get(t, 0.0), weight)
            if term is not None and RELATED_WEIGHT > 0:
                for t, weight in self._related(word, lang, term):
                    related[t] = max(related.get(t, 0.0), weight)
        query_terms = [QueryTerm(t, w) for t, w in weights.items()]
        query_terms += [QueryTerm(t, w) for t, w in related.items() if t not in weights]
        return LangQuery(lang, tuple(query_terms), mass, tuple(content.values()))

    def _related(self, word: str, lang: str, own: int) -> tuple[tuple[int, float], ...]:
        """Other KB words of the same family that stemming missed ("withdraw", "withdrawal")."""
        key = (lang, word)
        if key not in self._family:
            if len(self._family) >= _MAX_CACHED:
                self._family.clear()
            found: dict[int, float] = {}
            if len(word) >= MIN_RELATED_LEN:
                surface, terms = self._index.surface[lang], self._index.terms[lang]
                for match, similarity, _ in process.extract(
                    word, self._same_prefix(lang, word), scorer=fuzz.ratio, score_cutoff=RELATED_MIN_RATIO, limit=8
                ):
                    term = terms[surface[match]]
                    if term != own:
                        found[term] = max(found.get(term, 0.0), RELATED_WEIGHT * similarity / 100.0)
            self._family[key] = tuple(found.items())
        return self._family[key]

    def _resolve(self, word: str, lang: str) -> tuple[tuple[int, float], ...]:
        key = (lang, word)
        if key not in self._corrections:
            if len(self._corrections) >= _MAX_CACHED:
                self._corrections.clear()  # a long-running bot meets endless new words
            self._corrections[key] = self._correct(word, lang)
        terms = self._index.terms[lang]
        return tuple((terms[stem], weight) for stem, weight in self._corrections[key])

    def _correct(self, word: str, lang: str) -> tuple[tuple[str, float], ...]:
        """Stems of KB words close to an unknown word, with a confidence weight."""
        surface = self._index.surface[lang]
        if len(word) < MIN_FUZZY_LEN or not surface:
            return ()
        stops = stop_words(lang)
        # A glued compound: "topup", "motdepasse" is rarer, two parts are enough.
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            parts = [p for p in (left, right) if p not in stops]
            known = all(p in surface and len(p) >= 3 for p in parts)
            if parts and known and all(p in surface or p in stops for p in (left, right)):
                return tuple((surface[p], 0.9) for p in parts)
        # A truncated word ("appli", "synchro"): complete it from the KB's words.
        if len(word) >= MIN_FUZZY_LEN + 1:
            completions = {surface[w] for w in self._same_prefix(lang, word) if w.startswith(word) and w != word}
            if 0 < len(completions) <= _MAX_COMPLETIONS:
                return tuple((stem, COMPLETION_WEIGHT) for stem in sorted(completions))
        max_distance = 1 if len(word) <= 6 else 2
        best = process.extractOne(
            word, self._neighbours(lang, word, max_distance), scorer=Levenshtein.distance, score_cutoff=max_distance
        )
        if best is None:
            return ()
        match, distance, _ = best
        # Each edit halves trust faster than it shortens the word: a wrong guess costs more
        # than a missed one.
        return ((surface[match], max(0.0, 1.0 - TYPO_PENALTY * distance / len(word))),)

    def _same_prefix(self, lang: str, word: str) -> list[str]:
        """KB words sharing the first letters of a word: where its family lives."""
        if lang not in self._by_prefix:
            buckets: dict[str, list[str]] = defaultdict(list)
            for w in self._index.surface[lang]:
                if len(w) >= _PREFIX:
                    buckets[w[:_PREFIX]].append(w)
            self._by_prefix[lang] = dict(buckets)
        return self._by_prefix[lang].get(word[:_PREFIX], [])

    def _neighbours(self, lang: str, word: str, max_distance: int) -> list[str]:
        """KB words that could be within max_distance edits and share the first letter.

        Typos rarely hit the first letter; keying on it keeps the scan short in big KBs.
        """
        key = (lang, word[0], len(word), max_distance)
        if key not in self._windows:
            if lang not in self._by_start:
                buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
                for w in self._index.surface[lang]:
                    buckets[(w[0], len(w))].append(w)
                self._by_start[lang] = dict(buckets)
            by_start = self._by_start[lang]
            self._windows[key] = [
                w
                for length in range(len(word) - max_distance, len(word) + max_distance + 1)
                for w in by_start.get((word[0], length), ())
            ]
        return self._windows[key]
