"""Passage vectors of candidate articles, computed once and kept within a bound.

A query re-examines its ~30 best candidates passage by passage; the passages of long articles
(forum answers, manuals) made that the slowest step. Kept per article, they cost one lookup.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]


class PassageVectors:
    """Least recently used articles' passage vectors, at most `max_rows` rows in all."""

    def __init__(self, max_rows: int) -> None:
        self._max_rows = max_rows
        self._rows = 0
        self._blocks: OrderedDict[int, FloatArray] = OrderedDict()
        self._lock = threading.Lock()  # a bot searches from several threads

    def get(
        self, articles: npt.NDArray[np.int64], embed: Callable[[npt.NDArray[np.int64]], list[FloatArray]]
    ) -> list[FloatArray]:
        """One block per article, in order; `embed` computes the missing ones in one go."""
        with self._lock:
            found = [self._blocks.get(int(a)) for a in articles]
            for a in articles:
                if int(a) in self._blocks:
                    self._blocks.move_to_end(int(a))
        missing = np.asarray([a for a, block in zip(articles, found, strict=False) if block is None], dtype=np.int64)
        if len(missing):
            fresh = dict(zip(missing.tolist(), embed(missing), strict=False))
            found = [block if block is not None else fresh[int(a)] for a, block in zip(articles, found, strict=False)]
            with self._lock:
                for article, block in fresh.items():
                    self._keep(article, block)
        return [block for block in found if block is not None]

    def _keep(self, article: int, block: FloatArray) -> None:
        if len(block) > self._max_rows or article in self._blocks:
            return
        self._blocks[article] = block
        self._rows += len(block)
        while self._rows > self._max_rows:
            _, dropped = self._blocks.popitem(last=False)
            self._rows -= len(dropped)
