"""Signed-in browsers, kept in the database so that any process serving the desk knows them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.storage.models import WebSessionRow
from bot.web_access.accounts import AccountBook, WebAccount
from bot.web_access.tokens import csrf_of, digest, new_token

SEEN_EVERY = timedelta(minutes=5)  # how often last_seen_at is written: not on every page


@dataclass(frozen=True)
class OpenSession:
    id: int
    account: WebAccount
    csrf: str
    expires_at: datetime


class WebSessions:
    def __init__(self, accounts: AccountBook, lifetime: timedelta, clock: Callable[[], datetime]) -> None:
        self.accounts = accounts
        self.lifetime = lifetime
        self.clock = clock

    def open(self, session: Session, account: WebAccount, client: str) -> str:
        """A new session for ``account``; returns the token the cookie carries."""
        token = new_token()
        now = self.clock()
        session.add(WebSessionRow(token_hash=digest(token), account_id=account.id, created_at=now,
                                  expires_at=now + self.lifetime, last_seen_at=now, client=client[:64]))
        return token

    def current(self, session: Session, token: str) -> OpenSession | None:
        """The live session of this token, or None (unknown, ended, expired, or its account is gone)."""
        if not token:
            return None
        row = session.scalars(select(WebSessionRow).where(WebSessionRow.token_hash == digest(token))).first()
        now = self.clock()
        if row is None or row.ended_at is not None or row.expires_at <= now:
            return None
        account = self.accounts.find(session, row.account_id)
        if account is None:
            return None
        if now - row.last_seen_at >= SEEN_EVERY:
            row.last_seen_at = now
        return OpenSession(row.id, account, csrf_of(token), row.expires_at)

    def end(self, session: Session, token: str) -> None:
        session.execute(update(WebSessionRow).where(WebSessionRow.token_hash == digest(token),
                                                    WebSessionRow.ended_at.is_(None)).values(ended_at=self.clock()))

    def end_all_of(self, session: Session, account_id: int) -> int:
        done = session.execute(update(WebSessionRow).where(WebSessionRow.account_id == account_id,
                                                           WebSessionRow.ended_at.is_(None)).values(ended_at=self.clock()))
        return int(done.rowcount)  # type: ignore[attr-defined]
