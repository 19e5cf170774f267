"""Tables of the ticket lifecycle: the audit trail, customers' link codes, pending actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base


class TicketEventRow(Base):
    """One line of a ticket's audit trail: who did what, when, from which status to which."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(32))  # TicketEventKind
    actor_kind: Mapped[str] = mapped_column(String(16))  # ActorKind
    actor_id: Mapped[str] = mapped_column(String(160), default="")
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")


class CustomerRow(Base):
    """A customer allowed to open tickets; linked to a chat with a one-time code."""

    __tablename__ = "customers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(32), unique=True)
    platform: Mapped[str | None] = mapped_column(String(16))
    user_id: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime]
    linked_at: Mapped[datetime | None]


class PendingActionRow(Base):
    """An action that waits for the next message of a person: the text an agent's button needs,
    the comment after a satisfaction score, the information an agent asked a requester for."""

    __tablename__ = "pending_actions"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_pending_actions_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(String(128))
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    action: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime]
