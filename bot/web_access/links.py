"""One-time, short-lived sign-in links.

Opening a link shows a page with a button; only pressing it (a POST) redeems the link. Chat
apps fetch links to preview them: a GET that signed in would burn the link before its owner
clicked it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.errors import SignInRefusal, SignInRefused
from bot.storage.models import WebSignInLinkRow
from bot.web_access.accounts import AccountBook, WebAccount
from bot.web_access.tokens import digest, new_token

MAX_LIVE_LINKS = 5  # links of one account still valid at once: more means someone is hammering /web


class SignInLinks:
    def __init__(self, accounts: AccountBook, lifetime: timedelta, clock: Callable[[], datetime]) -> None:
        self.accounts = accounts
        self.lifetime = lifetime
        self.clock = clock

    def issue(self, session: Session, account: WebAccount, lifetime: timedelta | None = None) -> str:
        """A new link token for ``account``; the database keeps only its digest."""
        now = self.clock()
        live = session.scalar(select(func.count()).select_from(WebSignInLinkRow).where(
            WebSignInLinkRow.account_id == account.id, WebSignInLinkRow.used_at.is_(None),
            WebSignInLinkRow.expires_at > now)) or 0
        if live >= MAX_LIVE_LINKS:
            raise SignInRefused(SignInRefusal.TOO_MANY_LINKS)
        token = new_token()
        session.add(WebSignInLinkRow(token_hash=digest(token), account_id=account.id, created_at=now,
                                     expires_at=now + (lifetime or self.lifetime)))
        return token

    def peek(self, session: Session, token: str) -> WebAccount:
        """Whose link this is, without using it up; raises :class:`SignInRefused`."""
        row = session.scalars(select(WebSignInLinkRow).where(WebSignInLinkRow.token_hash == digest(token))).first()
        if row is None:
            raise SignInRefused(SignInRefusal.UNKNOWN)
        if row.used_at is not None:
            raise SignInRefused(SignInRefusal.USED)
        if row.expires_at <= self.clock():
            raise SignInRefused(SignInRefusal.EXPIRED)
        account = self.accounts.find(session, row.account_id)
        if account is None:
            raise SignInRefused(SignInRefusal.NOT_ALLOWED)
        return account

    def redeem(self, session: Session, token: str) -> WebAccount:
        """Use the link up and return its account; of two requests racing, one wins."""
        account = self.peek(session, token)
        now = self.clock()
        used = session.execute(update(WebSignInLinkRow).where(
            WebSignInLinkRow.token_hash == digest(token), WebSignInLinkRow.used_at.is_(None),
            WebSignInLinkRow.expires_at > now).values(used_at=now).execution_options(synchronize_session=False))
        if used.rowcount != 1:  # type: ignore[attr-defined]
            raise SignInRefused(SignInRefusal.USED)
        return account
