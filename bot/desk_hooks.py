"""The help desk with what the web desk and operations add to every turn: sign-in requests
answered before anything else, and each turn counted and timed.

A subclass rather than edits to :mod:`bot.desk`, so that the desk's own rules stay where they
are; the ticket service that replaces it can take the same two hooks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bot.desk import HelpDesk
from bot.messages import InboundMessage, Reply


class TurnObserver(Protocol):
    def turn_done(self, message: InboundMessage, replies: list[Reply], seconds: float, failed: bool) -> None: ...


class EarlyAnswer(Protocol):
    def answer(self, session: Session, message: InboundMessage) -> list[Reply] | None: ...


@dataclass(frozen=True)
class DeskHooks:
    observer: TurnObserver | None = None
    early: tuple[EarlyAnswer, ...] = ()


class HookedHelpDesk(HelpDesk):
    def __init__(self, *args: Any, hooks: DeskHooks, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hooks = hooks

    def handle(self, message: InboundMessage) -> list[Reply]:
        started = time.perf_counter()
        replies: list[Reply] = []
        failed = True
        try:
            replies = super().handle(message)
            failed = False
            return replies
        finally:
            if self.hooks.observer is not None:
                self.hooks.observer.turn_done(message, replies, time.perf_counter() - started, failed)

    def _route(self, session: Session, message: InboundMessage) -> list[Reply]:
        for hook in self.hooks.early:
            answer = hook.answer(session, message)
            if answer is not None:
                return answer
        return super()._route(session, message)
