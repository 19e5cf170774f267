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
