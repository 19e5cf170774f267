"""The database schema, as typed SQLAlchemy 2.0 models. Alembic migrations create it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.storage.types import UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


class ConversationRow(Base):
    """One support request being described, from the first message to its outcome."""

    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_where", "platform", "channel", "thread", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(128))
    thread: Mapped[str] = mapped_column(String(128), default="")
    user_id: Mapped[str] = mapped_column(String(128), index=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    lang: Mapped[str] = mapped_column(String(8))
    stage: Mapped[str] = mapped_column(String(24))
    question_id: Mapped[str | None] = mapped_column(String(64))
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    history: Mapped[list[Any]] = mapped_column(default=list)
    shown_articles: Mapped[list[Any]] = mapped_column(default=list)
    rejected_articles: Mapped[list[Any]] = mapped_column(default=list)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    editing: Mapped[bool] = mapped_column(default=False)
    linked_ticket_id: Mapped[int | None]  # a new request about a ticket closed too long ago
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_requester", "requester_platform", "requester_id"),
        {"sqlite_autoincrement": True},  # ids, hence references, are never reused
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), unique=True)
    requester_platform: Mapped[str] = mapped_column(String(16))
    requester_id: Mapped[str] = mapped_column(String(128))
    requester_name: Mapped[str] = mapped_column(String(200), default="")
    requester_channel: Mapped[str] = mapped_column(String(128))
    requester_thread: Mapped[str] = mapped_column(String(128), default="")
    lang: Mapped[str] = mapped_column(String(8))
    priority: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(32), index=True)
    summary: Mapped[str] = mapped_column(Text)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    description: Mapped[str] = mapped_column(Text)
    tried_articles: Mapped[list[Any]] = mapped_column(default=list)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Lifecycle (migration 0004)
    assignee_platform: Mapped[str | None] = mapped_column(String(16))
    assignee_id: Mapped[str | None] = mapped_column(String(128))
    assignee_name: Mapped[str | None] = mapped_column(String(200))
    escalated_to: Mapped[str | None] = mapped_column(String(200))
    fix_in_next_update: Mapped[bool] = mapped_column(default=False)
    reactivated_count: Mapped[int] = mapped_column(default=0)
    linked_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    resolved_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    ack_due_at: Mapped[datetime | None]
    first_qualification_due_at: Mapped[datetime | None]
    final_qualification_due_at: Mapped[datetime | None]
    sla: Mapped[dict[str, Any]] = mapped_column(default=dict)  # per milestone: met / reminded / breached times
    satisfaction_score: Mapped[int | None]
    satisfaction_comment: Mapped[str | None] = mapped_column(Text)


class InboundEventRow(Base):
    """Every platform event id seen, so a redelivered event is processed once."""

    __tablename__ = "inbound_events"
    __table_args__ = (
        UniqueConstraint("platform", "event_id", name="uq_inbound_events_platform_event"),
        Index("ix_inbound_events_sender", "platform", "user_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    event_id: Mapped[str] = mapped_column(String(200))
    user_id: Mapped[str | None] = mapped_column(String(128))  # who sent it: for the per-minute limit
    received_at: Mapped[datetime]


class RequesterRow(Base):
    """What the bot remembers of a person across conversations (chosen language)."""

    __tablename__ = "requesters"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_requesters_platform_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(128))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    chosen_lang: Mapped[str | None] = mapped_column(String(8))
    updated_at: Mapped[datetime]


class SuggestionRow(Base):
    """One article shown to a requester during an intake, and what they made of it."""

    __tablename__ = "kb_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    query: Mapped[str] = mapped_column(Text)
    article_id: Mapped[str] = mapped_column(String(200), index=True)
    article_title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int]
    score: Mapped[float]
    confidence: Mapped[float]
    outcome: Mapped[str] = mapped_column(String(16))  # SuggestionOutcome
    reason: Mapped[str | None] = mapped_column(String(32))
    shown_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class KbSearchRow(Base):
    """Every knowledge-base search the bot ran for someone, with how many articles fitted."""

    __tablename__ = "kb_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    source: Mapped[str] = mapped_column(String(16))  # "summary", "answer" or "command"
    query: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    hit_count: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(index=True)

from bot.storage import outbox_models as _outbox_models  # noqa: E402,F401  (registers the outbox tables)
from bot.storage import lifecycle_models as _lifecycle_models  # noqa: E402,F401  (registers the lifecycle tables)
from bot.storage import web_models as _web_models  # noqa: E402,F401  (registers the web desk's tables)
