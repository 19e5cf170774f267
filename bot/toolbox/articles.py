"""Knowledge-base articles an agent sends into a reply: the ones that fit a ticket, or one by id.

The core speaks to the knowledge base through :class:`ArticleLibrary`; :class:`KbArticles` is
that seam over :class:`kb.library.KnowledgeBase` (built in :mod:`bot.bootstrap`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from bot.text import shorten

if TYPE_CHECKING:
    from kb.library import KnowledgeBase

SNIPPET_LIMIT = 300


@dataclass(frozen=True)
class ArticleRef:
    id: str
    title: str
    snippet: str
    url: str | None
    lang: str


class ArticleLibrary(Protocol):
    def find(self, text: str, lang: str, limit: int) -> list[ArticleRef]:
        """The articles that fit ``text`` best, in ``lang`` (possibly none)."""
        ...

    def get(self, article_id: str) -> ArticleRef | None:
        ...


class KbArticles:
    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def find(self, text: str, lang: str, limit: int) -> list[ArticleRef]:
        return [ArticleRef(hit.article.id, hit.article.title, hit.snippet, hit.article.url, hit.article.lang)
                for hit in self.kb.search(text, limit=limit, lang=lang)]

    def get(self, article_id: str) -> ArticleRef | None:
        article = self.kb.get(article_id.strip())
        if article is None:
            return None
        body = " ".join(line.strip() for line in article.body.splitlines() if line.strip() and not line.startswith("#"))
        return ArticleRef(article.id, article.title, shorten(body, SNIPPET_LIMIT), article.url, article.lang)
