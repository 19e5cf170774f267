"""Turns a user's message into weighted index terms, one set per article language.

Users type fast: missing accents are handled by folding, and a word the knowledge base has never
seen is mapped to a close word it has ("imprimente" -> "imprimante", "topup" -> "top" + "up"),
with a weight that shrinks with the edit distance. Words that stay unknown are kept in the
query's mass: a message full of words the KB never uses is probably not about the KB.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from kb.index import Index, unknown_idf
from kb.stopwords import stop_words
from kb.text import Stemmer

MIN_FUZZY_LEN = 4  # shorter words have too many neighbours at distance 1


@dataclass(frozen=True)
class QueryTerm:
    term: int
    weight: float  # 1.0 for an exact match, less for a corrected word
    unigram: bool


@dataclass(frozen=True)
class LangQuery:
    lang: str
    terms: tuple[QueryTerm, ...]
    mass: float  # idf mass of all content words of the message, matched or not


class QueryAnalyzer:
    """Owns the typo-correction caches of one index."""

    def __init__(self, index: Index, stemmer: Stemmer) -> None:
        self._index = index
        self._stemmer = stemmer
        self._by_length: dict[str, dict[int, list[str]]] = {}
        self._corrections: dict[tuple[str, str], tuple[tuple[str, float], ...]] = {}
        self._unknown_idf = unknown_idf(index.n_articles)

    def analyse(self, words: list[str], lang: str, *, query_lang: str | None) -> LangQuery:
        stops = stop_words(query_lang)
        terms = self._index.terms[lang]
        weights: dict[int, float] = {}
        sequence: list[int | None] = []  # resolved words in order, for bigrams
        mass = 0.0
        for word in words:
            if word in stops or len(word) < 2:
                continue
            term = terms.get(self._stemmer.stem(word, lang))
            matches = ((term, 1.0),) if term is not None else self._resolve(word, lang)
            if not matches:
                mass += self._unknown_idf
                sequence.append(None)
                continue
            mass += max(float(self._index.idf[t]) for t, _ in matches)
            for t, weight in matches:
                weights[t] = max(weights.get(t, 0.0), weight)
                sequence.append(t)
        query_terms = [QueryTerm(t, w, True) for t, w in weights.items()]
        seen: set[int] = set()
        for left, right in zip(sequence, sequence[1:]):
            if left is None or right is None:
                continue
            bigram = self._index.bigrams.get((left, right))
            if bigram is not None and bigram not in seen:
                seen.add(bigram)
                query_terms.append(QueryTerm(bigram, min(weights[left], weights[right]), False))
        return LangQuery(lang, tuple(query_terms), mass)

    def _resolve(self, word: str, lang: str) -> tuple[tuple[int, float], ...]:
        key = (lang, word)
        if key not in self._corrections:
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
        max_distance = 1 if len(word) <= 6 else 2
        candidates = [
            w
            for length in range(len(word) - max_distance, len(word) + max_distance + 1)
            for w in self._words_of_length(lang, length)
        ]
        best = process.extractOne(word, candidates, scorer=Levenshtein.distance, score_cutoff=max_distance)
        if best is None:
            return ()
        match, distance, _ = best
        # Each edit halves trust faster than it shortens the word: a wrong guess costs more
        # than a missed one.
        return ((surface[match], max(0.0, 1.0 - 2.0 * distance / len(word))),)

    def _words_of_length(self, lang: str, length: int) -> list[str]:
        if lang not in self._by_length:
            buckets: dict[int, list[str]] = defaultdict(list)
            for w in self._index.surface[lang]:
                if len(w) >= MIN_FUZZY_LEN - 1:
                    buckets[len(w)].append(w)
            self._by_length[lang] = dict(buckets)
        return self._by_length[lang].get(length, [])
