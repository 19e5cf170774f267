"""Tables of tickets and their life: the ticket, its audit trail, customers' link codes, and
what a person's next message means (pending actions)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column

from bot.i18n import Language
from bot.intake.questions import Priority
from bot.lifecycle.actors import ActorKind
from bot.lifecycle.ticket_buttons import AgentAction
from bot.messages import Platform
from bot.sla.state import SlaState
from bot.storage.base import Base, enum_column
from bot.storage.types import RequesterContextColumn, SlaStateColumn
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus
from bot.triage.context import RequesterContext
from bot.triage.fields import RequesterUrgency


class TicketRow(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_requester", "requester_platform", "requester_id"),
        {"sqlite_autoincrement": True},  # ids, hence references, are never reused
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str | None] = mapped_column(String(32), unique=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), unique=True)
    requester_platform: Mapped[Platform] = mapped_column(enum_column(Platform, 16))
    requester_id: Mapped[str] = mapped_column(String(128))
    requester_name: Mapped[str] = mapped_column(String(200), default="")
    requester_channel: Mapped[str] = mapped_column(String(128))
    requester_thread: Mapped[str] = mapped_column(String(128), default="")
    lang: Mapped[Language] = mapped_column(enum_column(Language, 8))
    priority: Mapped[Priority] = mapped_column(enum_column(Priority, 16))
    status: Mapped[TicketStatus] = mapped_column(enum_column(TicketStatus, 32), index=True)
    summary: Mapped[str] = mapped_column(Text)
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    description: Mapped[str] = mapped_column(Text)
    tried_articles: Mapped[list[Any]] = mapped_column(default=list)
    attachments: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    # Lifecycle (migration 0004)
    assignee_platform: Mapped[Platform | None] = mapped_column(enum_column(Platform, 16))
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
    sla: Mapped[SlaState] = mapped_column(SlaStateColumn, default=SlaState)
    satisfaction_score: Mapped[int | None]
    satisfaction_comment: Mapped[str | None] = mapped_column(Text)
    # Triage (migration 0014): plain columns, to filter, route and count by.
    ticket_type: Mapped[str | None] = mapped_column(String(32), index=True)  # an id of the configured types
    product: Mapped[str | None] = mapped_column(String(32), index=True)
    module: Mapped[str | None] = mapped_column(String(32))  # a module of ``product``
    version: Mapped[str | None] = mapped_column(String(64))
    requester_urgency: Mapped[RequesterUrgency | None] = mapped_column(enum_column(RequesterUrgency, 16))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    queue: Mapped[str | None] = mapped_column(String(32), index=True)  # None: the default queue
    requester_context: Mapped[RequesterContext] = mapped_column(RequesterContextColumn, default=RequesterContext,
                                                                server_default=sql("'{}'"))
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    waiting_since: Mapped[datetime | None]  # when it last became the requester's turn to answer
    customer_reminded_at: Mapped[datetime | None]  # the reminder of that wait, once sent
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")  # folded words a search matches


class TicketEventRow(Base):
    """One line of a ticket's audit trail: who did what, when, from which status to which."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime]
    kind: Mapped[TicketEventKind] = mapped_column(enum_column(TicketEventKind, 32))
    actor_kind: Mapped[ActorKind] = mapped_column(enum_column(ActorKind, 16))
    actor_id: Mapped[str] = mapped_column(String(160), default="")
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    from_status: Mapped[TicketStatus | None] = mapped_column(enum_column(TicketStatus, 32))
    to_status: Mapped[TicketStatus | None] = mapped_column(enum_column(TicketStatus, 32))
    note: Mapped[str] = mapped_column(Text, default="")


class CustomerRow(Base):
    """A one-time link code of an organisation (a customer): the chat that sends it becomes one of its
    people, allowed to open tickets where the platform asks for a link."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))  # migration 0014
    platform: Mapped[Platform | None] = mapped_column(enum_column(Platform, 16))
    user_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]
    linked_at: Mapped[datetime | None]


class PendingKind(str, enum.Enum):
    """What a person's next message means."""

    AGENT_TEXT = "agent"  # the text an agent's button needs (``agent_action``), written where it was pressed
    REQUESTER_INFO = "info"  # the requester's answer to an agent's question, or a message they chose to add
    SATISFACTION_COMMENT = "comment"  # a comment after a satisfaction score
    HELD_MESSAGE = "held"  # a message on a closed ticket, held until the requester says: same problem, or new request


class PendingActionRow(Base):
    """At most one per person: what their next message means (see :class:`PendingKind`)."""

    __tablename__ = "pending_actions"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_pending_actions_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, 16))
    user_id: Mapped[str] = mapped_column(String(128))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    kind: Mapped[PendingKind] = mapped_column(enum_column(PendingKind, 16))
    agent_action: Mapped[AgentAction | None] = mapped_column(enum_column(AgentAction, 16))
    # Where an agent pressed the button (migration 0006): only a message written there is the text.
    channel: Mapped[str | None] = mapped_column(String(128))
    thread: Mapped[str | None] = mapped_column(String(128))
    # A held message (migration 0014): its text and files, kept until the requester decides.
    text: Mapped[str | None] = mapped_column(Text)
    attachments: Mapped[list[Any]] = mapped_column(default=list, server_default=sql("'[]'"))
    created_at: Mapped[datetime]
