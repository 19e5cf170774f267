"""Which of the ranked articles to show: the best confident one, and others only when close to it.

A second and a third card cost the reader as much as the first; they are worth it only when
the engine cannot tell them apart from the first (two articles on neighbouring problems), not
when the first is clearly ahead and the others merely pass the threshold.
Articles about the help desk itself (Article.meta: how to write a request, attach a file) are
shown only when they rank first: a message about a broken export mentions an error message,
which those articles also talk about, but is not about them.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from kb.article import Article

# Chosen on the tuning folds (benchmarks/kb_calibrate.py --close): a second article within
# this much confidence of the first was right about as often as wrong; further ones mostly
# wrong.
CLOSE_CONFIDENCE = 0.15


class Ranked(Protocol):
    @property
    def article(self) -> Article: ...

    @property
    def confidence(self) -> float: ...


H = TypeVar("H", bound=Ranked)


def shortlist(ranked: list[H], threshold: float, limit: int) -> list[H]:
    """The hits to show, from candidates best first (kb.engine.SearchEngine.rank)."""
    shown: list[H] = []
    for position, hit in enumerate(ranked):
        if len(shown) == limit:
            break
        if hit.confidence < threshold or (hit.article.meta and position > 0):
            continue
        if shown and hit.confidence < shown[0].confidence - CLOSE_CONFIDENCE:
            continue
        shown.append(hit)
    return shown
