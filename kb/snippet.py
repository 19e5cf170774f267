"""The short plain-text extract shown under a suggested article's title."""

from __future__ import annotations

from kb.article import Article
from kb.passages import Field, article_passages

SNIPPET_CHARS = 160
_BODY_FIELDS = (Field.BODY, Field.HEADING)


def snippet_for(article: Article, passage_offset: int | None) -> str:
    """Text from the given passage on, or from the start of the body when there is none.

    The title is already on the card, so a title or question passage is replaced by the body.
    A short passage (a heading, a bullet) is followed by the next ones to give context.
    """
    passages = list(article_passages(article))
    body = [i for i, p in enumerate(passages) if p.field in _BODY_FIELDS]
    if not body:
        return shorten(article.title)
    start = passage_offset if passage_offset in body else body[0]
    # A heading alone says little; start at what it introduces when there is room to.
    parts: list[str] = []
    for i in body[body.index(start) :]:
        parts.append(passages[i].text)
        if sum(len(p) + 1 for p in parts) >= SNIPPET_CHARS * 3 // 4:
            break
    return shorten(" ".join(parts))


def shorten(text: str, limit: int = SNIPPET_CHARS) -> str:
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    cut = cut if cut > limit // 2 else limit - 1
    return text[:cut].rstrip(" ,;:.-") + "…"
