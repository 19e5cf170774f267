"""Watching the desk's turns without the desk knowing who watches.

:class:`bot.facade.AsyncDesk` reports every turn it runs (the platform, how many replies, how
long, whether it failed) to its :class:`TurnWatchers`; whoever counts them (the Prometheus
metrics of :mod:`adapters.web.metrics`) registers there from the composition root. A record
holds no person, no conversation and no text: only what a metric may carry.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from bot.messages import Platform

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TurnRecord:
    platform: Platform
    replies: int
    seconds: float
    failed: bool  # the turn raised: the person got the apology, nothing of it was kept


class TurnObserver(Protocol):
    def turn_done(self, turn: TurnRecord) -> None: ...


class TurnWatchers:
    """The observers of one desk. One that fails is logged and never fails the turn it watched."""

    def __init__(self) -> None:
        self._observers: list[TurnObserver] = []

    def add(self, observer: TurnObserver) -> None:
        if observer not in self._observers:
            self._observers.append(observer)

    def turn_done(self, turn: TurnRecord) -> None:
        for observer in self._observers:
            try:
                observer.turn_done(turn)
            except Exception:
                log.exception("turn observer %r failed", observer)
