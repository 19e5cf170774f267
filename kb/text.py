"""Text normalisation shared by indexing and querying.

Both sides go through the same steps so that what a user types meets what an article says:
fold case and accents (users often type without accents), drop French elisions and English
contractions, split into words, drop stop words, stem with the article's language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

import snowballstemmer

from kb.stopwords import stop_words

LANGS = ("fr", "en")
_STEMMER_NAMES = {"fr": "french", "en": "english"}

# Typographic apostrophes and dashes become plain ones before anything else.
_APOSTROPHES = {"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"}
_LIGATURES = {"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"}
_ELISION = re.compile(r"\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[ldjnsctm])'(?=[a-z0-9])")
_NEGATION = re.compile(r"n't\b")
_CONTRACTION = re.compile(r"'(?:s|re|ve|ll|d|m)\b")
_WORD = re.compile(r"[a-z0-9]+")
_WORD_OR_BREAK = re.compile(r"[a-z0-9]+|\n")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"(^|\s)(?:#{1,6}|[-*+>]|\d+[.)])\s+|[*_`~|]+", re.MULTILINE)
_SPACES = re.compile(r"\s+")


@cache
def _fold_char(char: str) -> str:
    if char in _LIGATURES:
        return _LIGATURES[char]
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _fold_table() -> dict[int, str]:
    # One translate() call folds the Latin letters users type; rarer ones go char by char.
    table = {code: _fold_char(chr(code)) for code in range(0x80, 0x250)}
    table.update({ord(k): v for k, v in _APOSTROPHES.items()})
    return {code: folded for code, folded in table.items() if folded != chr(code)}


def fold(text: str) -> str:
    """Lower-case and strip accents: "Réinitialiser" -> "reinitialiser"."""
    text = text.lower().translate(_fold_table())
    if text.isascii():
        return text
    return "".join(c if c.isascii() else _fold_char(c) for c in text)


def words(text: str) -> list[str]:
    """Folded words with elisions and contractions removed ("l'écran" -> ["ecran"])."""
    text = fold(text)
    if "'" in text:
        text = _NEGATION.sub(" not", text)
        text = _ELISION.sub("", text)
        text = _CONTRACTION.sub("", text)
    return _WORD.findall(text)


LINE_BREAK = "\n"


def words_by_line(lines: list[str]) -> list[str]:
    """Words of markdown lines, each line followed by LINE_BREAK; link targets are dropped.

    Folding and splitting many short lines at once is much faster than one by one.
    """
    text = "\n".join(line.replace("\n", " ") for line in lines) + "\n"
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
    text = fold(text)
    if "'" in text:
        text = _NEGATION.sub(" not", text)
        text = _ELISION.sub("", text)
        text = _CONTRACTION.sub("", text)
    return _WORD_OR_BREAK.findall(text)


def strip_markdown(text: str) -> str:
    """Plain text for snippets: links keep their label, markup and list marks go."""
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_MARKS.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def count_letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


class Stemmer:
    """Stems folded words per language, memoised because vocabularies are small.

    French is stemmed after folding and then loses a final e/i, so that "oublie" (typed
    without its accent), "oublié" and "oublier" meet on one stem.
    """

    def __init__(self) -> None:
        self._stemmers = {lang: snowballstemmer.stemmer(name) for lang, name in _STEMMER_NAMES.items()}
        self._memo: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}

    def stem(self, word: str, lang: str) -> str:
        memo = self._memo[lang]
        stem = memo.get(word)
        if stem is None:
            stem = memo[word] = self._finish(str(self._stemmers[lang].stemWord(word)), lang)
        return stem

    @staticmethod
    def _finish(stem: str, lang: str) -> str:
        if lang == "fr" and len(stem) > 4:
            return stem.rstrip("ei") or stem
        return stem

    def stem_many(self, words_: list[str], lang: str) -> list[str]:
        """Stems of many words at once (the C stemmer, when installed, batches them)."""
        stems = [self._finish(str(stem), lang) for stem in self._stemmers[lang].stemWords(words_)]
        self._memo[lang].update(zip(words_, stems))
        return stems

    def terms(self, words_: Iterable[str], lang: str) -> list[str]:
        """Stems of the content words, in order."""
        stops = stop_words(lang)
        return [self.stem(w, lang) for w in words_ if w not in stops and len(w) > 1]
