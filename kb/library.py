"""The knowledge base the bot holds: a folder of articles, reloaded when writers change it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kb.article import Article
from kb.engine import DEFAULT_MIN_CONFIDENCE, SearchEngine, SearchHit
from kb.heap import return_freed_memory
from kb.loader import article_files, load_folder
from kb.semantic import Meaning

log = logging.getLogger(__name__)

_Fingerprint = tuple[tuple[str, int, int], ...]


class KnowledgeBase:
    """Searches the articles of a folder, picking up edits without a restart.

    The folder is looked at (names, sizes and modification times, no reading) at most every
    `reload_interval` seconds, on the next search; a changed folder is loaded again and, if
    some articles are now broken, the valid ones are still served and the problems logged.
    """

    def __init__(
        self,
        folder: Path,
        *,
        reload_interval: float = 2.0,
        min_confidence: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        meaning: Meaning | None = None,
    ) -> None:
        """`meaning`: the word models for matching meaning (kb.semantic), loaded once per process
        and shared; None: lexical only."""
        self._folder = folder
        self._meaning = meaning
        self._reload_interval = reload_interval
        self._min_confidence = min_confidence
        self._clock = clock
        self._lock = threading.Lock()
        self._fingerprint: _Fingerprint = ()
        self._checked_at = float("-inf")
        self._engine = SearchEngine.build(())
        self._articles: tuple[Article, ...] = ()
        self._refresh(force=True)

    @property
    def folder(self) -> Path:
        return self._folder

    @property
    def articles(self) -> tuple[Article, ...]:
        self._refresh()
        return self._articles

    @property
    def min_confidence(self) -> float:
        """The configured threshold (the engine's default unless the deployment set one)."""
        return DEFAULT_MIN_CONFIDENCE if self._min_confidence is None else self._min_confidence

    def search(
        self, query: str, *, limit: int = 3, lang: str | None = None, min_confidence: float | None = None
    ) -> list[SearchHit]:
        self._refresh()
        threshold = self.min_confidence if min_confidence is None else min_confidence
        return self._engine.search(query, limit=limit, lang=lang, min_confidence=threshold)

    def novelty(self, before: str, after: str, lang: str | None = None) -> float:
        """How much `after` adds to `before` for a search (kb.engine.SearchEngine.novelty)."""
        self._refresh()
        return self._engine.novelty(before, after, lang)

    def get(self, article_id: str) -> Article | None:
        self._refresh()
        return self._engine.get(article_id)

    def _refresh(self, *, force: bool = False) -> None:
        now = self._clock()
        if not force and now - self._checked_at < self._reload_interval:
            return
        with self._lock:
            self._checked_at = now
            fingerprint = self._scan()
            if not force and fingerprint == self._fingerprint:
                return
            result = load_folder(self._folder)
            for problem in result.problems:
                log.warning("knowledge base: %s", problem)
            self._engine = SearchEngine.build(result.articles, self._meaning)
            self._articles = self._engine.articles
            self._fingerprint = fingerprint
            del result
            return_freed_memory()  # the build's temporary arrays
            log.info("knowledge base: %d articles loaded from %s", len(self._articles), self._folder)

    def _scan(self) -> _Fingerprint:
        if not self._folder.is_dir():
            return ()
        entries = []
        for path in article_files(self._folder):
            try:
                stat = path.stat()
            except OSError:
                continue  # removed between listing and stat: the next scan sees it gone
            entries.append((str(path), stat.st_mtime_ns, stat.st_size))
        return tuple(entries)
