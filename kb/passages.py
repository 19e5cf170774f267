"""Cuts an article into passages: the short units a user's message is compared with.

A help-center article answers several phrasings of a problem: its title, its listed questions,
and the lines of its body (bullets, steps, headings, sentences). Matching a message against the
best of these, and not only against the whole article, keeps long articles from drowning the
one sentence that fits.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from kb.article import Article
from kb.text import strip_markdown


class Field(enum.IntEnum):
    TITLE = 0
    QUESTION = 1
    TAGS = 2
    HEADING = 3
    BODY = 4


@dataclass(frozen=True)
class Passage:
    field: Field
    markdown: str  # as written; strip_markdown() gives what a user reads

    @property
    def text(self) -> str:
        return strip_markdown(self.markdown)


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=\S)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LONG = 220  # characters: longer paragraphs are split into sentences


def article_passages(article: Article) -> list[Passage]:
    fields, texts = passage_texts(article)
    return [Passage(field, text) for field, text in zip(fields, texts, strict=False)]


def passage_texts(article: Article) -> tuple[list[Field], list[str]]:
    """The passages as two parallel lists: indexing many articles needs no objects per line."""
    fields = [Field.TITLE] + [Field.QUESTION] * len(article.questions)
    texts = [article.title, *article.questions]
    if article.tags:
        fields.append(Field.TAGS)
        texts.append(" ".join(article.tags))
    body = article.body
    lines = [*filter(None, map(str.strip, body.splitlines()))]  # stripped, without blank lines
    # Looking for one character before three is much faster on the many bodies without code.
    if ("`" in body and "```" in body) or ("~" in body and "~~~" in body):
        lines = _outside_code(lines)
    if max(map(len, lines), default=0) <= _LONG:
        # The usual body, without long paragraphs: one passage a line.
        fields += [_line_field(line) for line in lines] if "#" in body else [Field.BODY] * len(lines)
        texts += lines
        return fields, texts
    for line in lines:
        field = _line_field(line)
        if len(line) <= _LONG:
            fields.append(field)
            texts.append(line)
            continue
        for sentence in _SENTENCE_END.split(line):
            if sentence.strip():
                fields.append(field)
                texts.append(sentence.strip())
    return fields, texts


def _line_field(line: str) -> Field:
    return Field.HEADING if line[0] == "#" and _HEADING.match(line) else Field.BODY


def _outside_code(lines: list[str]) -> list[str]:
    kept, in_code = [], False
    for line in lines:
        if line.startswith(("```", "~~~")):
            in_code = not in_code
        elif not in_code:
            kept.append(line)
    return kept
