"""Cuts an article into passages: the short units a user's message is compared with.

A help-center article answers several phrasings of a problem: its title, its listed questions,
and the lines of its body (bullets, steps, headings, sentences). Matching a message against the
best of these, and not only against the whole article, keeps long articles from drowning the
one sentence that fits.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
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
    text: str  # plain text, markdown stripped


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=\S)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LONG = 220  # characters: longer paragraphs are split into sentences


def article_passages(article: Article) -> Iterator[Passage]:
    yield Passage(Field.TITLE, strip_markdown(article.title))
    for question in article.questions:
        yield Passage(Field.QUESTION, strip_markdown(question))
    if article.tags:
        yield Passage(Field.TAGS, " ".join(article.tags))
    yield from body_passages(article.body)


def body_passages(body: str) -> Iterator[Passage]:
    in_code = False
    for line in body.splitlines():
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code or not line.strip():
            continue
        field = Field.HEADING if _HEADING.match(line) else Field.BODY
        text = strip_markdown(line)
        if not text:
            continue
        if len(text) <= _LONG:
            yield Passage(field, text)
            continue
        for sentence in _SENTENCE_END.split(text):
            if sentence.strip():
                yield Passage(field, sentence.strip())
