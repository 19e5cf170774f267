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
    markdown: str  # as written; strip_markdown() gives what a user reads

    @property
    def text(self) -> str:
        return strip_markdown(self.markdown)


_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=\S)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_LONG = 220  # characters: longer paragraphs are split into sentences


def article_passages(article: Article) -> Iterator[Passage]:
    yield Passage(Field.TITLE, article.title)
    for question in article.questions:
        yield Passage(Field.QUESTION, question)
    if article.tags:
        yield Passage(Field.TAGS, " ".join(article.tags))
    yield from body_passages(article.body)


def body_passages(body: str) -> Iterator[Passage]:
    in_code = False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
            continue
        line = line.strip()
        if in_code or not line:
            continue
        field = Field.HEADING if line.startswith("#") and _HEADING.match(line) else Field.BODY
        if len(line) <= _LONG:
            yield Passage(field, line)
            continue
        for sentence in _SENTENCE_END.split(line):
            if sentence.strip():
                yield Passage(field, sentence.strip())
