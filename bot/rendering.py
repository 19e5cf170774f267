"""Replies as plain text, for every client without rich messages (the console, the test driver,
any platform that only sends text), and the one dispatch over the kinds of reply that richer
adapters build on: a :class:`ReplyRenderer` renders each kind its own way, and falls back to this
text for what its platform cannot show.

Buttons become numbered options. A typed number picks an option unless the question waits for a
number (how many users?): then ``#3`` picks option 3 and ``3`` is the answer.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar, assert_never

from bot.messages import ArticleCard, Choice, RecapCard, Reply, TextReply, TicketCard
from bot.text import fold

T = TypeVar("T")
_EXPLICIT = re.compile(r"^#\s*(\d{1,4})$", re.ASCII)
_NUMBER = re.compile(r"^\d{1,4}$", re.ASCII)


class ReplyRenderer(ABC, Generic[T]):
    """Render each kind of reply; a platform overrides what it shows better than text."""

    def render(self, reply: Reply) -> T:
        match reply:
            case TextReply():
                return self.text(reply)
            case ArticleCard():
                return self.article(reply)
            case RecapCard():
                return self.recap(reply)
            case TicketCard():
                return self.ticket(reply)
            case _:
                assert_never(reply)

    @abstractmethod
    def text(self, reply: TextReply) -> T:
        """Every renderer renders text: it is what the other kinds fall back to."""

    def article(self, reply: ArticleCard) -> T:
        return self.text(TextReply("\n".join(article_lines(reply)), reply.choices))

    def recap(self, reply: RecapCard) -> T:
        return self.text(TextReply("\n".join(card_lines(reply.title, reply)), reply.choices))

    def ticket(self, reply: TicketCard) -> T:
        return self.text(TextReply("\n".join(card_lines(f"{reply.reference} — {reply.title}", reply)), reply.choices))


def article_lines(reply: ArticleCard) -> list[str]:
    lines = [f"📄 {reply.title}", f"   {reply.snippet}"]
    return [*lines, f"   {reply.url}"] if reply.url else lines


def card_lines(title: str, card: RecapCard | TicketCard) -> list[str]:
    return [f"== {title} =="] + [f"  {field.label}: {field.value}" for field in card.fields]


@dataclass(frozen=True)
class TextScreen:
    """What a text client shows: the text, the options it numbered (1 is ``options[0]``), and
    whether the question waits for a number."""

    text: str
    options: tuple[Choice, ...]
    numeric_answer: bool


class _Plain(ReplyRenderer[list[str]]):
    def text(self, reply: TextReply) -> list[str]:
        return [reply.text] if reply.text else []


def render_text(replies: Sequence[Reply], numbered_before: int = 0) -> TextScreen:
    """The replies as text; options are numbered from ``numbered_before + 1`` (a notice arriving
    adds to the options already on screen)."""
    plain = _Plain()
    blocks, options = [], []
    for reply in replies:
        lines = plain.render(reply)
        for choice in reply.choices:
            options.append(choice)
            lines.append(f"  [{numbered_before + len(options)}] {choice.label}")
        if lines:
            blocks.append("\n".join(lines))
    numeric = bool(replies) and isinstance(replies[-1], TextReply) and replies[-1].numeric_answer
    return TextScreen("\n\n".join(blocks), tuple(options), numeric)


def choose(typed: str, options: Sequence[Choice], numeric_answer: bool) -> str | None:
    """The id of the option ``typed`` picks, if it picks one: ``#N``; a bare number when the question
    does not wait for one; an option's label (exactly, or without case and accents, if only one fits)."""
    stripped = typed.strip()
    explicit = _EXPLICIT.match(stripped)
    if explicit or (_NUMBER.match(stripped) and not numeric_answer):
        number = int(explicit.group(1) if explicit else stripped)
        return options[number - 1].id if 1 <= number <= len(options) else None
    exact = [c.id for c in options if c.label == stripped]
    if len(exact) == 1:
        return exact[0]
    folded = fold(stripped)
    matches = [c.id for c in options if folded and fold(c.label) == folded]
    return matches[0] if len(matches) == 1 else None


def picks_an_option(typed: str) -> bool:
    """Whether ``typed`` is written as a choice of option (``#3``): a client says so when none fits."""
    return _EXPLICIT.match(typed.strip()) is not None
