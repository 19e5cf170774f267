"""Text normalisation shared by indexing and querying.

Both sides go through the same steps so that what a user types meets what an article says:
fold case and accents (users often type without accents), drop French elisions and English
contractions, split into words, drop stop words, stem with the article's language.
"""

from __future__ import annotations

import re
import string
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
# Python's regex engine finds a pattern that starts with a literal character far faster than one
# that starts with a word boundary or an optional character, which it tries at every position.
# So elisions, matched as \b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[ldjnsctm])'(?=[a-z0-9]), are
# looked for from their apostrophe in the reversed text ("l'ecran" reversed is "narce'l"), and
# links start with "![" or "[" rather than "!?[".
_ELISION_REVERSED = re.compile(r"'(?<=[a-z0-9]')(?:uqsuj|uqsrol|uqsiup|uqiouq|uq|[ldjnsctm])\b")
_NEGATION = re.compile(r"n't\b")
_CONTRACTION = re.compile(r"'(?:s|re|ve|ll|d|m)\b")
_WORD = re.compile(r"[a-z0-9]+")
_MARKDOWN_LINK = re.compile(r"(?:!\[|\[)([^\]]*)\]\([^)]*\)")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MARKDOWN_MARKS = re.compile(r"(^|\s)(?:#{1,6}|[-*+>]|\d+[.)])\s+|[*_`~|]+", re.MULTILINE)
_SPACES = re.compile(r"\s+")


@cache
def _fold_char(char: str) -> str:
    if char in _LIGATURES:
        return _LIGATURES[char]
    decomposed = unicodedata.normalize("NFKD", char)
    # Lowered after decomposing: "™" decomposes to "TM", which the text's own lower() never saw.
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@cache
def _fold_table() -> dict[int, str]:
    # The Latin letters users type and the typographic apostrophes, folded in advance.
    table = {code: _fold_char(chr(code)) for code in range(0x80, 0x250)}
    table.update({ord(k): v for k, v in _APOSTROPHES.items()})
    return {code: folded for code, folded in table.items() if folded != chr(code)}


@cache
def _fold_non_ascii(char: str) -> str:
    """The table's folding of a character, then _fold_char() of what is still not ASCII."""
    folded = _fold_table().get(ord(char), char)
    return "".join(c if c.isascii() else _fold_char(c) for c in folded)


def fold(text: str) -> str:
    """Lower-case and strip accents: "Réinitialiser" -> "reinitialiser"."""
    text = text.lower().replace("`", "'")  # the one ASCII character in the table
    if text.isascii():
        return text
    # translate() is slow on a text that is not ASCII, and a loop over its characters slower
    # still: each distinct character is replaced at once, unless what a character becomes
    # holds another one to replace (then each occurrence goes through Python).
    folded = {char: _fold_non_ascii(char) for char in set(_NON_ASCII.findall(text))}
    changed = {char: new for char, new in folded.items() if new != char}
    if any(char in changed for new in changed.values() for char in new):
        return _NON_ASCII.sub(lambda match: folded[match.group()], text)
    for char, new in changed.items():
        text = text.replace(char, new)
    return text


def _drop_elisions(text: str) -> str:
    """Negations spelt out, elisions and contractions dropped: "l'ecran" -> "ecran"."""
    if "'" in text:
        text = _NEGATION.sub(" not", text)
        text = _ELISION_REVERSED.sub("", text[::-1])[::-1]
        text = _CONTRACTION.sub("", text)
    return text


def words(text: str) -> list[str]:
    """Folded words with elisions and contractions removed ("l'écran" -> ["ecran"])."""
    return _WORD.findall(_drop_elisions(fold(text)))


WORD_CHARACTERS = string.ascii_lowercase + string.digits  # the characters _WORD matches
LINE_BREAK = "|"  # never inside a word
_LINE_SEPARATOR = " \n "
# For str.split(): word characters stay, "\n" becomes LINE_BREAK and every other byte
# (punctuation, spaces, capitals left by NFKD) a space. Splitting on whitespace then finds
# what re.findall(r"[a-z0-9]+|\n") would, several times faster on a big knowledge base.
_SPLIT_TABLE = bytes(
    c if chr(c) in WORD_CHARACTERS else ord(LINE_BREAK) if chr(c) == "\n" else ord(" ")
    for c in range(256)
)


def words_by_line(lines: list[str]) -> list[str]:
    """Words of markdown lines, each line followed by LINE_BREAK; link targets are dropped.

    Folding and splitting many short lines at once is much faster than one by one.
    """
    # Spaces around each "\n" keep LINE_BREAK apart from the words; a line holding line breaks
    # of its own (never a body line) has them turned into spaces first.
    text = _LINE_SEPARATOR.join(lines) + _LINE_SEPARATOR
    if text.count("\n") != len(lines):
        text = _LINE_SEPARATOR.join(line.replace("\n", " ") for line in lines) + _LINE_SEPARATOR
    if "](" in text:
        text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _drop_elisions(fold(text))
    # Words are ASCII: a character left out of ASCII by fold() is encoded as "?", a separator.
    return text.encode("ascii", "replace").translate(_SPLIT_TABLE).decode("ascii").split()


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
        for stemmer in self._stemmers.values():
            # The C stemmer's own cache costs more than it saves on a knowledge base's tens of
            # thousands of distinct words; _memo remembers what stem() is asked again.
            if hasattr(stemmer, "maxCacheSize"):
                stemmer.maxCacheSize = 0
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
        self._memo[lang].update(zip(words_, stems, strict=False))
        return stems

    def terms(self, words_: Iterable[str], lang: str) -> list[str]:
        """Stems of the content words, in order."""
        stops = stop_words(lang)
        return [self.stem(w, lang) for w in words_ if w not in stops and len(w) > 1]
