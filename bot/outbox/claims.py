"""The worker's database steps, as plain synchronous functions each run in one short transaction.

Claiming: a row is due when it is pending, its ``next_attempt_at`` has come, nobody holds an
unexpired lock on it, the card it refers to (``ref_card_key``) is delivered, and it is the
oldest pending row of its *lane*: same platform, channel, thread and referenced card. One row
per lane at a time keeps each conversation in creation order, and a row in back-off holds up
the rows behind it rather than letting them overtake it.

On PostgreSQL the claim locks its rows with ``FOR UPDATE SKIP LOCKED`` so concurrent workers
pass each other by; on SQLite the whole transaction holds the write lock (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import Select, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from bot.delivery import Delivery, DeliveryError, DeliveryProgress, DeliveryReceipt, OutboundKind
from bot.errors import PayloadError
from bot.messages import Destination, Platform
from bot.outbox.codec import decode_payload, decode_progress, encode_progress
from bot.outbox.latest import latest_message
from bot.outbox.room import ChannelRoom
from bot.storage.models import OutboxRow, OutboxStatus

log = logging.getLogger(__name__)
_MAX_ERROR_CHARS = 2000


@dataclass(frozen=True)
class Backoff:
    """Wait ``base``, then ``base * factor``, ... never more than ``cap``, between attempts."""

    base: timedelta = timedelta(seconds=2)
    factor: float = 2.0
    cap: timedelta = timedelta(minutes=15)

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt (1 for the first)."""
        seconds = self.base.total_seconds() * self.factor ** max(attempts - 1, 0)
        return min(timedelta(seconds=seconds), self.cap)


@dataclass(frozen=True)
class RetryPolicy:
    backoff: Backoff
    max_attempts: int


@dataclass(frozen=True)
class Claim:
    row_id: int
    delivery: Delivery


def claim_due(
    session: Session, *, worker_id: str, now: datetime, lease: timedelta, batch: int, platforms: Collection[Platform],
    channels: Mapping[Platform, Collection[str]] | None = None, room: ChannelRoom | None = None,
) -> list[Claim]:
    """``channels`` limits a platform to some channels: a console process only takes what
    is addressed to its own terminal. ``room`` caps what is taken per channel (the rows of a
    full channel are left for later)."""
    full = room.full() if room is not None else []
    rows = list(session.scalars(_due_rows(now, batch, platforms, channels or {}, full)))
    if room is not None:
        rows = room.fit(rows)
    cards = _cards_of(session, rows)
    claims: list[Claim] = []
    for row in rows:
        try:
            delivery = _delivery_of(row, cards.get(row.ref_card_key or ""))
            if delivery.kind is OutboundKind.TURN_REPLY and delivery.reply_handle is not None:
                delivery = replace(delivery, latest=latest_message(session, row.platform, row.channel))
        except PayloadError as error:
            log.error("outbox item %d cannot be read, giving up on it: %s", row.id, error)
            _give_up(row, f"PayloadError: {error}")
            continue
        row.locked_by = worker_id
        row.locked_until = now + lease
        claims.append(Claim(row.id, delivery))
    return claims


def pending_platforms_outside(session: Session, platforms: Collection[Platform]) -> set[Platform]:
    """Platforms that have pending items but are not among ``platforms``."""
    statement = (
        select(OutboxRow.platform)
        .where(OutboxRow.status == OutboxStatus.PENDING, OutboxRow.platform.not_in(list(platforms)))
        .distinct()
    )
    return set(session.scalars(statement))


def next_due(session: Session, platforms: Collection[Platform], now: datetime) -> datetime | None:
    """The next moment a pending row of ``platforms`` may become claimable by time alone: the end
    of a back-off, or of a lock left by a worker that died (``None``: no such moment ahead).

    Rows due already but not claimable wait for something else (the row ahead of them in their
    conversation, their card): its delivery wakes the worker, so they are no reason to look sooner.
    """
    moments = []
    for column in (OutboxRow.next_attempt_at, OutboxRow.locked_until):
        moment = session.scalar(select(func.min(column)).where(
            OutboxRow.status == OutboxStatus.PENDING, OutboxRow.platform.in_(list(platforms)), column > now))
        if moment is not None:
            moments.append(moment)
    return min(moments, default=None)


def due_count(session: Session, now: datetime, platforms: Collection[Platform]) -> int:
    """Pending rows of ``platforms`` due at ``now`` (being delivered included)."""
    statement = select(func.count()).select_from(OutboxRow).where(
        OutboxRow.status == OutboxStatus.PENDING, OutboxRow.next_attempt_at <= now, OutboxRow.platform.in_(list(platforms)))
    return session.scalar(statement) or 0


def renew(session: Session, row_ids: Collection[int], worker_id: str, until: datetime) -> None:
    """Extend this worker's locks on rows it is still delivering (its heartbeat)."""
    session.execute(update(OutboxRow).where(
        OutboxRow.id.in_(list(row_ids)), OutboxRow.locked_by == worker_id, OutboxRow.status == OutboxStatus.PENDING,
    ).values(locked_until=until))


def release(session: Session, claim: Claim, worker_id: str) -> None:
    """Give a claimed row back undelivered (shutdown): another worker may take it at once."""
    row = _still_ours(session, claim, worker_id)
    if row is not None:
        row.locked_by = None
        row.locked_until = None


def mark_delivered(session: Session, claim: Claim, worker_id: str, receipt: DeliveryReceipt, now: datetime) -> bool:
    """Record the receipt; ``False`` (and nothing written) if this worker no longer holds the row."""
    row = _still_ours(session, claim, worker_id)
    if row is None:
        return False
    row.status = OutboxStatus.DELIVERED
    row.attempts += 1
    row.delivered_at = now
    row.receipt_message_id = receipt.message_id
    row.receipt_thread = receipt.thread
    row.locked_by = None
    row.locked_until = None
    return True


def record_progress(session: Session, claim: Claim, worker_id: str, progress: DeliveryProgress) -> bool:
    """Keep what the courier just created on the platform; ``False`` if the row is no longer ours
    (then the new holder starts from what was stored before: a duplicate is possible, and logged)."""
    row = _still_ours(session, claim, worker_id)
    if row is None:
        return False
    row.progress = encode_progress(progress)
    return True


def mark_failed(
    session: Session, claim: Claim, worker_id: str, error: BaseException, now: datetime, policy: RetryPolicy
) -> OutboxRow | None:
    """Count the failed attempt and schedule the next one, or give up; ``None`` if no longer ours."""
    row = _still_ours(session, claim, worker_id)
    if row is None:
        return None
    row.attempts += 1
    description = f"{type(error).__name__}: {error}"[:_MAX_ERROR_CHARS]
    retryable = not isinstance(error, DeliveryError) or error.retry
    if not retryable or row.attempts >= policy.max_attempts:
        _give_up(row, description)
        return row
    retry_after = error.retry_after if isinstance(error, DeliveryError) else None
    wait = timedelta(seconds=retry_after) if retry_after is not None else policy.backoff.delay(row.attempts)
    row.last_error = description
    row.next_attempt_at = now + wait
    row.locked_by = None
    row.locked_until = None
    return row


def _due_rows(
    now: datetime, batch: int, platforms: Collection[Platform], channels: Mapping[Platform, Collection[str]],
    full: Collection[tuple[Platform, str]] = (),
) -> Select[OutboxRow]:
    row = OutboxRow
    channel_limits = [or_(row.platform != platform, row.channel.in_(list(names))) for platform, names in channels.items()]
    channel_limits += [or_(row.platform != platform, row.channel != channel) for platform, channel in full]
    earlier = aliased(OutboxRow, name="earlier")
    card = aliased(OutboxRow, name="card")
    an_earlier_row_waits = exists().where(
        earlier.status == OutboxStatus.PENDING,
        earlier.platform == row.platform,
        earlier.channel == row.channel,
        earlier.thread.is_not_distinct_from(row.thread),
        earlier.ref_card_key.is_not_distinct_from(row.ref_card_key),
        earlier.id < row.id,
    )
    its_card_is_delivered = exists().where(card.card_key == row.ref_card_key, card.status == OutboxStatus.DELIVERED)
    return (
        select(row)
        .where(
            row.status == OutboxStatus.PENDING,
            row.next_attempt_at <= now,
            or_(row.locked_until.is_(None), row.locked_until <= now),
            row.platform.in_(list(platforms)),
            or_(row.ref_card_key.is_(None), its_card_is_delivered),
            ~an_earlier_row_waits,
            *channel_limits,
        )
        .order_by(row.id)
        .limit(batch)
        .with_for_update(skip_locked=True, of=row)  # ignored by SQLite, which locks the whole database
    )


def _cards_of(session: Session, rows: list[OutboxRow]) -> dict[str, OutboxRow]:
    keys = {row.ref_card_key for row in rows if row.ref_card_key is not None}
    if not keys:
        return {}
    statement = select(OutboxRow).where(OutboxRow.card_key.in_(keys), OutboxRow.status == OutboxStatus.DELIVERED)
    return {card.card_key: card for card in session.scalars(statement) if card.card_key is not None}


def _delivery_of(row: OutboxRow, card: OutboxRow | None) -> Delivery:
    payload = decode_payload(row.payload)
    thread, edit = row.thread, None
    if card is not None and card.receipt_message_id is not None:
        if row.kind is OutboundKind.CARD_UPDATE:
            edit = DeliveryReceipt(card.receipt_message_id, card.receipt_thread)
        elif card.receipt_thread is not None:
            thread = card.receipt_thread
    return Delivery(
        destination=Destination(row.platform, row.channel, thread),
        replies=payload.replies,
        kind=row.kind,
        edit=edit,
        open_thread=payload.open_thread,
        done=decode_progress(row.progress),
        reply_handle=payload.reply_handle,
        key=f"outbox-{row.id}",
        attempts=row.attempts,
    )


def _still_ours(session: Session, claim: Claim, worker_id: str) -> OutboxRow | None:
    row = session.get(OutboxRow, claim.row_id, with_for_update=True)
    if row is None or row.status is not OutboxStatus.PENDING or row.locked_by != worker_id:
        return None
    return row


def _give_up(row: OutboxRow, description: str) -> None:
    row.status = OutboxStatus.FAILED
    row.last_error = description[:_MAX_ERROR_CHARS]
    row.locked_by = None
    row.locked_until = None
