"""Telegram's HTML parse mode, as the fake Bot API applies it: HTML in, text and entities out.

Strict like Telegram: an unknown or unclosed tag is an error ("can't parse entities"),
offsets and lengths are in UTF-16 code units.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

_TAGS = {
    "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
    "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "code": "code", "pre": "pre",
    "a": "text_link", "tg-spoiler": "spoiler", "blockquote": "blockquote",
}


class MarkupError(ValueError):
    pass


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[dict[str, Any]] = []
        self.open: list[tuple[str, int, dict[str, Any]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _TAGS:
            raise MarkupError(f"Unsupported start tag \"{tag}\"")
        extra: dict[str, Any] = {}
        if tag == "a":
            href = dict(attrs).get("href")
            if not href:
                raise MarkupError("Can't find end of a URL")
            extra["url"] = href
        self.open.append((tag, _units(self.text), extra))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise MarkupError(f"Unmatched end tag \"{tag}\"")
        _, start, extra = self.open.pop()
        length = _units(self.text) - start
        if length:
            self.entities.append({"type": _TAGS[tag], "offset": start, "length": length, **extra})

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_html(markup: str) -> tuple[str, list[dict[str, Any]]]:
    parser = _Parser()
    parser.feed(markup)
    parser.close()
    if parser.open:
        raise MarkupError(f"Can't find end tag corresponding to start tag \"{parser.open[-1][0]}\"")
    return parser.text, sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))
