"""Text hygiene shared by the core: cleaning what users type, folding for comparisons."""

from __future__ import annotations

import re
import unicodedata

# Keep newlines and tabs; drop every other control or format character (NUL, escape
# sequences, bidi overrides, zero-width joiners) that could corrupt a display or a log.
_UNWANTED = {"Cc", "Cf", "Cs", "Co", "Cn"}
_KEPT = {"\n", "\t"}
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_user_text(text: str) -> str:
    """Normalise (NFC), drop control characters, collapse runs of spaces, trim."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.isprintable():  # printable: none of _UNWANTED (the common case, checked in C)
        text = "".join(ch for ch in text if ch in _KEPT or unicodedata.category(ch) not in _UNWANTED)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def clean_name(text: str, limit: int) -> str:
    """A name to show on one line (a person's, a file's): cleaned like user text, whitespace
    collapsed to single spaces, cut to ``limit`` characters."""
    return " ".join(clean_user_text(text).split())[:limit]


def fold(text: str) -> str:
    """Lower case without accents or punctuation, for matching typed words to choices.

    Decomposed before lowering: "™" becomes "tm", not "TM"."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    bare = decomposed if decomposed.isascii() else "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = bare.replace("’", "'")
    return " ".join(re.sub(r"[^\w']+", " ", bare).split())


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: max(limit - 1, 1)].rsplit(" ", 1)[0] or text[: limit - 1]
    return cut.rstrip() + "…"


def printable(text: str, *, keep_lines: bool = False) -> str:
    """Text safe to print on a terminal: control and format characters (escape sequences, bidi
    overrides, NUL) shown as ``\\x1b``-style escapes instead of being obeyed; newlines kept on request."""
    return "".join(
        ch if (ch == "\n" and keep_lines) or unicodedata.category(ch) not in _UNWANTED else ch.encode("unicode_escape").decode()
        for ch in text
    )
