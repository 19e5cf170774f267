"""Render the core's replies as Telegram HTML messages, split under Telegram's length limit.

Everything a user wrote reaches Telegram escaped: markup comes only from this module. A
reply becomes :class:`Line` objects (plain text plus a style); the splitter cuts between
lines, or between words inside a line too long for one message, and re-applies the style
to every piece, so a split never breaks a tag.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

from bot.messages import (
    ArticleCard,
    Choice,
    RecapCard,
    RecapField,
    Reply,
    TextReply,
    TicketCard,
)
from bot.rendering import ReplyRenderer

MESSAGE_LIMIT = 4096  # Telegram's limit for a message text
BUTTONS_PER_MESSAGE = 24  # Telegram allows 100; a phone shows about a dozen rows without scrolling far
ARTICLE_MARK = "📄"
_WORDS = re.compile(r"\S+\s*")


@dataclass(frozen=True)
class Line:
    text: str = ""
    bold: bool = False
    italic: bool = False
    href: str | None = None
    prefix: str = ""  # trusted HTML put before the first piece (a bold label, an emoji)


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message: HTML text and the buttons under it."""

    html: str
    choices: tuple[Choice, ...] = ()


def units(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units): never less than ``len``."""
    return len(text.encode("utf-16-le")) // 2


def render(replies: list[Reply] | tuple[Reply, ...], limit: int = MESSAGE_LIMIT) -> list[Outgoing]:
    """As few messages as Telegram allows for ``replies``: a turn's articles and its question go
    out as one message whose keyboard holds every button (one platform call, not one per reply).

    A new message starts only where the text would pass ``limit`` or the keyboard
    ``BUTTONS_PER_MESSAGE``. When one message holds the buttons of several replies, each
    article's are marked with its number (``📄1 · ``), as its title is, so that a reader knows
    which article a button is about, and retiring them touches only that article's
    (:func:`adapters.telegram.keyboards.remaining_after`)."""
    numbered = sum(1 for reply in replies if reply_choices(reply)) > 1
    messages: list[Outgoing] = []
    lines: list[Line] = []
    choices: list[Choice] = []
    article = 0
    for reply in replies:
        more, buttons = lines_of(reply), list(reply_choices(reply))
        if numbered and isinstance(reply, ArticleCard) and buttons:
            article += 1
            more = [replace(more[0], prefix=f"📄{article}. "), *more[1:]]
            buttons = [replace(choice, label=article_label(article, choice.label)) for choice in buttons]
        joined = [*lines, Line(), *more] if lines else more
        if lines and (len(split(joined, limit)) > 1 or len(choices) + len(buttons) > BUTTONS_PER_MESSAGE):
            messages += _message(lines, choices, limit)
            joined, choices = more, []
        lines = joined
        choices += buttons
    return [*messages, *_message(lines, choices, limit)] if lines else messages


def reply_choices(reply: Reply) -> tuple[Choice, ...]:
    return reply.choices if isinstance(reply, TextReply | ArticleCard | RecapCard | TicketCard) else ()


def article_label(number: int, label: str) -> str:
    return f"{ARTICLE_MARK}{number} · {label}"


def _message(lines: list[Line], choices: list[Choice], limit: int) -> list[Outgoing]:
    """``lines`` in as many messages as the limit needs, the buttons under the last one."""
    parts = split(lines, limit) or ["…"]
    return [*(Outgoing(part) for part in parts[:-1]), Outgoing(parts[-1], tuple(choices))]


class TelegramLines(ReplyRenderer[list[Line]]):
    """Each kind of reply as styled lines (bold titles, a link on an article's title)."""

    def text(self, reply: TextReply) -> list[Line]:
        return [Line(text) for text in reply.text.split("\n")]

    def article(self, reply: ArticleCard) -> list[Line]:
        head = Line(reply.title, bold=True, href=_safe_url(reply.url), prefix="📄 ")
        return [head, *(Line(text) for text in reply.snippet.split("\n"))]

    def recap(self, reply: RecapCard) -> list[Line]:
        return [Line(reply.title, bold=True), Line(), *_fields(reply.fields)]

    def ticket(self, reply: TicketCard) -> list[Line]:
        lines = [Line(f"{reply.reference} — {reply.title}", bold=True)]
        if reply.status:
            lines.append(Line(reply.status, italic=True))
        return [*lines, Line(), *_fields(reply.fields)]


_LINES = TelegramLines()


def lines_of(reply: Reply) -> list[Line]:
    return _LINES.render(reply)


def _fields(fields: tuple[RecapField, ...]) -> list[Line]:
    lines: list[Line] = []
    for field in fields:
        first, *rest = field.value.split("\n")
        lines.append(Line(first, prefix=f"<b>{html.escape(field.label)}</b> : "))
        lines += [Line(text) for text in rest]
    return lines


def _safe_url(url: str | None) -> str | None:
    # Telegram rejects the whole message for a link it cannot parse.
    return url if url and url.startswith(("https://", "http://")) else None


def split(lines: list[Line], limit: int = MESSAGE_LIMIT) -> list[str]:
    """Pack rendered lines into messages of at most ``limit`` units, cutting only between lines
    (or between words of a line longer than a whole message)."""
    chunks: list[list[str]] = [[]]
    size = 0
    for line in lines:
        room = limit - size - (1 if chunks[-1] else 0)
        for piece in _pieces(line, limit, room):
            extra = units(piece) + (1 if chunks[-1] else 0)
            if chunks[-1] and size + extra > limit:
                chunks.append([])
                extra = units(piece)
                size = 0
            chunks[-1].append(piece)
            size += extra
    texts = ["\n".join(chunk).strip("\n") for chunk in chunks]
    return [text for text in texts if text.strip()]


def _pieces(line: Line, limit: int, room: int) -> list[str]:
    """The line rendered whole when it fits a message; else cut between words, the first piece
    filling the ``room`` left in the current message."""
    whole = line.prefix + _styled(line, html.escape(line.text, quote=False))
    if units(whole) <= limit:
        return [whole]
    overhead = units(_styled(line, ""))
    pieces: list[str] = []
    current = ""
    budget = room - overhead - units(line.prefix)
    if budget < limit // 8:  # not worth starting there: begin a fresh message
        budget = limit - overhead - units(line.prefix)
    for word in _words(line.text, limit - overhead - units(line.prefix)):
        if current and units(html.escape(current + word, quote=False)) > budget:
            pieces.append(current)
            current = ""
            budget = limit - overhead
        current += word
    if current:
        pieces.append(current)
    rendered = [_styled(line, html.escape(piece.strip(), quote=False)) for piece in pieces]
    rendered[0] = line.prefix + rendered[0]
    return rendered


def _words(text: str, budget: int) -> list[str]:
    """Words with their trailing space; a word longer than a message is cut in slices."""
    words: list[str] = []
    slice_length = max(budget // 6, 1)  # "&quot;" is the longest escape: six units per character
    for word in _WORDS.findall(text):
        if units(html.escape(word, quote=False)) <= budget:
            words.append(word)
        else:
            words += [word[i : i + slice_length] for i in range(0, len(word), slice_length)]
    return words


def _styled(line: Line, escaped: str) -> str:
    if line.bold:
        escaped = f"<b>{escaped}</b>"
    if line.italic:
        escaped = f"<i>{escaped}</i>"
    if line.href:
        escaped = f'<a href="{html.escape(line.href, quote=True)}">{escaped}</a>'
    return escaped
