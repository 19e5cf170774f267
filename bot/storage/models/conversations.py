"""Tables of the intake: conversations, the people who write, and the platform events seen."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.conversation.stage import Stage
from bot.i18n import Language
from bot.messages import Platform
from bot.storage.base import Base, enum_column
from bot.storage.types import RequesterContextColumn
from bot.triage.context import RequesterContext


class ConversationRow(Base):
    """One support request being described, from the first message to its outcome."""

    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_where", "platform", "channel", "thread", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, 16))
    channel: Mapped[str] = mapped_column(String(128))
    thread: Mapped[str] = mapped_column(String(128), default="")
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    lang: Mapped[Language] = mapped_column(enum_column(Language, 8))
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, 24))
    question_id: Mapped[str | None] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    history: Mapped[list[Any]] = mapped_column(default=list)
    shown_articles: Mapped[list[Any]] = mapped_column(default=list)
    rejected_articles: Mapped[list[Any]] = mapped_column(default=list)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    editing: Mapped[bool] = mapped_column(default=False)
    linked_ticket_id: Mapped[int | None]  # a new request about a ticket closed too long ago
    reason_for: Mapped[int | None]  # the position of a rejected article whose (optional) reason the next text is
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class InboxStatus(str, enum.Enum):
    RECEIVED = "received"  # stored (the platform has or will have its acknowledgment), turn not run yet
    PROCESSED = "processed"  # its turn committed, with its replies in the outbox
    FAILED = "failed"  # its turn raised: an apology went out instead, it is not tried again


class InboundEventRow(Base):
    """The durable inbox: every platform event, stored before the platform is told it arrived.

    The key (platform, event id) drops a redelivered event. ``payload`` is the neutral message
    (:mod:`bot.inbox.codec`), ``lane`` the conversation it belongs to: events of one lane are
    processed in ``id`` order. Rows written before the inbox (migration 0016) and messages from
    the console have no payload and are ``processed`` already: they only count for the flood limit.
    """

    __tablename__ = "inbound_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_inbound_events_platform_event"),
        Index("ix_inbound_events_sender", "platform", "user_id", "received_at"),
        Index("ix_inbound_events_status", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, 16))
    event_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str | None] = mapped_column(String(128))  # who sent it: for the per-minute limit
    received_at: Mapped[datetime]
    status: Mapped[InboxStatus] = mapped_column(enum_column(InboxStatus, 16), default=InboxStatus.PROCESSED,
                                                server_default=InboxStatus.PROCESSED.value)
    lane: Mapped[str | None] = mapped_column(String(400))
    payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    processed_at: Mapped[datetime | None]


class RequesterRow(Base):
    """What the bot remembers of a person across conversations (chosen language, name, and what
    their platform's profile last said: the context a ticket is filed with)."""

    __tablename__ = "requesters"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_requesters_platform_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, 16))
    user_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    chosen_lang: Mapped[Language | None] = mapped_column(enum_column(Language, 8))
    updated_at: Mapped[datetime]
    context: Mapped[RequesterContext] = mapped_column(RequesterContextColumn, default=RequesterContext,
                                                      server_default=text("'{}'"))  # migration 0014
