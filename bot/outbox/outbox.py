"""Writing messages to the outbox, in the caller's transaction, and asking it what was delivered.

The outbox is how the core speaks to anyone: the replies of a turn to the person who wrote
(``TURN_REPLY``, written by :mod:`bot.runtime.turns`), agent cards, their updates, messages in a
ticket's agents' thread, notices to requesters. A message is
added to the same session as the change that caused it, so both are committed, or neither.
:class:`bot.outbox.worker.OutboxWorker` delivers it later.

Cards are named by a ``card_key`` (see :func:`ticket_card_key`). A later item that edits a
card (``CARD_UPDATE``) or writes in its thread (``AGENT_THREAD``) names it as ``ref_card_key``
and waits until the card is delivered, since only then is its message id or thread known.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.delivery import DeliveryReceipt, OutboundKind
from bot.messages import Destination, Reply
from bot.outbox.codec import Payload, encode_payload
from bot.storage.models import OutboxRow, OutboxStatus


def ticket_card_key(ticket_id: int, destination: Destination) -> str:
    """The key of a ticket's agent card in one channel, e.g. ``ticket:42:slack:C123``."""
    return f"ticket:{ticket_id}:{destination.platform.value}:{destination.channel}"


class Outbox:
    def __init__(self, clock: Callable[[], datetime]) -> None:
        self._clock = clock

    def put(
        self,
        session: Session,
        *,
        kind: OutboundKind,
        destination: Destination,
        replies: Sequence[Reply],
        ticket_id: int | None = None,
        card_key: str | None = None,
        ref_card_key: str | None = None,
        open_thread: str | None = None,
        reply_handle: str | None = None,
    ) -> OutboxRow:
        """Add a message to ``session``; it is delivered once the caller commits.

        Nothing is flushed here: the row's ``id`` is set at the caller's next flush, and a
        duplicate ``card_key`` fails the caller's commit.
        """
        if kind is OutboundKind.CARD_UPDATE and ref_card_key is None:
            raise ValueError("a CARD_UPDATE needs ref_card_key: the card_key of the card it edits")
        if ref_card_key is not None and ref_card_key == card_key:
            raise ValueError(f"outbox item {card_key!r} cannot wait for itself (ref_card_key == card_key)")
        if not replies and reply_handle is None:
            raise ValueError(f"outbox item {kind.value} to {destination} has no replies to deliver")
        now = self._clock()
        row = OutboxRow(
            created_at=now,
            kind=kind,
            platform=destination.platform,
            channel=destination.channel,
            thread=destination.thread,
            payload=encode_payload(Payload(tuple(replies), open_thread, reply_handle)),
            ticket_id=ticket_id,
            card_key=card_key,
            ref_card_key=ref_card_key,
            status=OutboxStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
        )
        session.add(row)
        return row

    def thread_of_card(self, session: Session, card_key: str) -> DeliveryReceipt | None:
        """Where the card was posted, once delivered; ``None`` while it waits (or gave up)."""
        row = session.scalars(
            select(OutboxRow).where(OutboxRow.card_key == card_key, OutboxRow.status == OutboxStatus.DELIVERED)
        ).one_or_none()
        if row is None or row.receipt_message_id is None:
            return None
        return DeliveryReceipt(row.receipt_message_id, row.receipt_thread)

    def pending_count(self, session: Session) -> int:
        return session.scalar(select(func.count()).select_from(OutboxRow).where(OutboxRow.status == OutboxStatus.PENDING)) or 0

    def failed(self, session: Session, limit: int = 50) -> list[OutboxRow]:
        """The most recent items the worker gave up on, newest first (for an operator)."""
        statement = (
            select(OutboxRow).where(OutboxRow.status == OutboxStatus.FAILED).order_by(OutboxRow.id.desc()).limit(limit)
        )
        return list(session.scalars(statement))

    def requeue(self, session: Session, row_id: int) -> bool:
        """Try a failed item again from scratch; ``False`` if there is no failed item ``row_id``."""
        row = session.get(OutboxRow, row_id)
        if row is None or row.status is not OutboxStatus.FAILED:
            return False
        row.status = OutboxStatus.PENDING
        row.attempts = 0
        row.next_attempt_at = self._clock()
        row.locked_by = None
        row.locked_until = None
        return True
