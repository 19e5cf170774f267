"""The sign-in rate limit: failed attempts per client address over a sliding window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.storage.models import WebSignInAttemptRow

WINDOW = timedelta(minutes=15)
KEEP = timedelta(days=1)


class SignInThrottle:
    def __init__(self, max_failures: int, clock: Callable[[], datetime]) -> None:
        self.max_failures = max_failures
        self.clock = clock

    def blocked(self, session: Session, client: str) -> bool:
        since = self.clock() - WINDOW
        failures = session.scalar(select(func.count()).select_from(WebSignInAttemptRow).where(
            WebSignInAttemptRow.client == client[:64], WebSignInAttemptRow.at >= since,
            WebSignInAttemptRow.succeeded.is_(False))) or 0
        return failures >= self.max_failures

    def record(self, session: Session, client: str, succeeded: bool) -> None:
        now = self.clock()
        session.execute(delete(WebSignInAttemptRow).where(WebSignInAttemptRow.at < now - KEEP))
        session.add(WebSignInAttemptRow(client=client[:64], at=now, succeeded=succeeded))
