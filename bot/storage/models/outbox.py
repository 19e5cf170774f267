"""Tables of the outbox (messages waiting to be delivered) and of leases (jobs run by one process).

Part of :mod:`bot.storage.models`, which imports every model.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.delivery import OutboundKind
from bot.messages import Platform
from bot.storage.base import Base, enum_column


class OutboxStatus(str, enum.Enum):
    PENDING = "pending"  # waiting for its turn, in back-off, or being delivered (locked_by set)
    DELIVERED = "delivered"
    FAILED = "failed"  # gave up: kept for an operator to look at and requeue


class OutboxRow(Base):
    """One message to deliver outside the immediate reply, written with the change that caused it."""

    __tablename__ = "outbox"
    __table_args__ = (
        # The worker's claim: due pending rows, oldest first ...
        Index("ix_outbox_due", "status", "next_attempt_at", "id"),
        # ... and "is there an older pending row for this destination?"
        Index("ix_outbox_destination", "platform", "channel", "status", "id"),
        # Which ticket's agents' thread is this?
        Index("ix_outbox_receipt_thread", "platform", "channel", "receipt_thread"),
        {"sqlite_autoincrement": True},  # ids give the delivery order: never reused
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime]
    kind: Mapped[OutboundKind] = mapped_column(enum_column(OutboundKind, 32))
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, 16))
    channel: Mapped[str] = mapped_column(String(128))
    thread: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]]  # see bot.outbox.codec
    ticket_id: Mapped[int | None] = mapped_column(index=True)  # no foreign key on purpose
    card_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    ref_card_key: Mapped[str | None] = mapped_column(String(200), index=True)
    status: Mapped[OutboxStatus] = mapped_column(enum_column(OutboxStatus, 16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime]
    locked_by: Mapped[str | None] = mapped_column(String(128))
    locked_until: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    receipt_message_id: Mapped[str | None] = mapped_column(String(200))
    receipt_thread: Mapped[str | None] = mapped_column(String(200))
    # What earlier attempts already created on the platform (bot.delivery.DeliveryProgress as JSON),
    # stored the moment it exists, so a retry reuses it (migration 0017).
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class LeaseRow(Base):
    """A named job held by one process until ``expires_at`` (see :mod:`bot.outbox.lease`)."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime]
