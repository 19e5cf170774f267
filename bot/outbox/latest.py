"""The newest message the outbox put in a channel: a turn that answers a button press may edit
the pressed message into its reply only when nothing came after it (otherwise the customer
would see the answer appear above messages they already read)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messages import Platform
from bot.outbox.codec import decode_progress
from bot.storage.models import OutboxRow, OutboxStatus


def latest_message(session: Session, platform: Platform, channel: str) -> str | None:
    """The id of the last message delivered to ``channel`` (the last part of a delivery of
    several), ``None`` when the outbox delivered nothing there that it still remembers."""
    row = session.scalars(
        select(OutboxRow)
        .where(OutboxRow.platform == platform, OutboxRow.channel == channel,
               OutboxRow.status == OutboxStatus.DELIVERED, OutboxRow.receipt_message_id.is_not(None))
        .order_by(OutboxRow.delivered_at.desc(), OutboxRow.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    parts = decode_progress(row.progress).message_ids
    return parts[-1] if parts else row.receipt_message_id
