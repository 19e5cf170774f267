"""The article: one help-center entry, as read from one markdown file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    lang: str  # "fr" | "en"
    body: str  # markdown
    tags: tuple[str, ...] = ()
    product: str | None = None
    # Other ways users phrase the problem; matched like titles.
    questions: tuple[str, ...] = ()
    url: str | None = None
    path: Path | None = None
    # About the help desk itself (how to write a request, attach a file, support hours): it fits
    # a message about that, not every message that mentions an error or a screenshot.
    meta: bool = False
