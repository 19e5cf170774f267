"""Tables of the web desk: who may sign in, one-time sign-in links, sessions, and sign-in attempts
(for the rate limit).

Part of :mod:`bot.storage.models`, which imports every model. Tokens are never stored: only
their SHA-256, so a copy of the database opens no session.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.i18n import Language
from bot.messages import Platform
from bot.storage.base import Base, enum_column
from bot.web_access.roles import WebRole as WebRole  # where it was defined before: still importable from here


class AccountKind(str, enum.Enum):
    CHAT = "chat"  # an agent or team lead who signs in with a link the bot sends in chat
    LOCAL = "local"  # made by an administrator from the command line


class WebAccountRow(Base):
    """Someone who may use the web desk: a person known by their chat identity (``kind`` chat,
    ``platform``/``user_id`` as in SUPPORTBOT_AGENTS), or a local account an administrator made
    (no platform; ``user_id`` is ``local-<id>``)."""

    __tablename__ = "web_accounts"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_web_accounts_identity"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[AccountKind] = mapped_column(enum_column(AccountKind, 16))
    platform: Mapped[Platform | None] = mapped_column(enum_column(Platform, 16))
    user_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[WebRole] = mapped_column(enum_column(WebRole, 16))  # chat accounts: the settings decide at each request
    lang: Mapped[Language] = mapped_column(enum_column(Language, 8))
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]


class WebSignInLinkRow(Base):
    """A one-time, short-lived sign-in link; ``used_at`` is set by the one request that redeems it."""

    __tablename__ = "web_sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("web_accounts.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class WebSessionRow(Base):
    """A signed-in browser. The cookie holds the token; the CSRF token is derived from it."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("web_accounts.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    client: Mapped[str] = mapped_column(String(64), default="")  # the address it signed in from


class WebSignInAttemptRow(Base):
    """Every attempt to redeem a sign-in link, by client address: the rate limit counts the failed ones."""

    __tablename__ = "web_sign_in_attempts"
    __table_args__ = (Index("ix_web_sign_in_attempts_client", "client", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    succeeded: Mapped[bool]
