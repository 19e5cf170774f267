"""Retention: processed inbox rows and delivered outbox rows are deleted once old enough.

What is kept whatever its age:
- inbox events still waiting for their turn (``received``): they are work, not history;
- the outbox rows of agent cards (``card_key`` set): a ticket's card row holds where its card
  and thread are on the platform, which card edits and the agents' threads need for the
  ticket's whole life (one row per ticket and agents' place);
- outbox rows that were given up on (``failed``): an operator reads and requeues them.

Why the default (30 days) is safe for deduplication: an inbox row is the key that drops a
redelivered event. Telegram keeps an unconfirmed update for 24 hours at most, and our offset
moves past an update only once it is stored; Slack retries an event three times within about
five minutes (interactions and commands are never retried). A key needs to outlive those
windows, not more: the minimum accepted is 2 days (:class:`bot.settings.Settings`).

Rows are deleted in batches of ``batch`` so that no transaction holds many locks for long.
Several processes may run the job: a lease gives each round to one of them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session, sessionmaker

from bot.outbox.lease import try_acquire
from bot.settings import Settings
from bot.storage.models import InboundEventRow, InboxStatus, OutboxRow, OutboxStatus

log = logging.getLogger(__name__)

LEASE_NAME = "retention"


@dataclass(frozen=True)
class Retention:
    inbox: timedelta = timedelta(days=30)
    outbox: timedelta = timedelta(days=30)

    @classmethod
    def from_settings(cls, settings: Settings) -> Retention:
        return cls(inbox=timedelta(days=settings.inbox_retention_days),
                   outbox=timedelta(days=settings.outbox_retention_days))


@dataclass(frozen=True)
class Pruned:
    inbox: int
    outbox: int


def prune(sessions: sessionmaker[Session], retention: Retention, now: datetime, batch: int = 2000) -> Pruned:
    """Delete what ``retention`` lets go of, as of ``now``; returns how many rows went."""
    inbox_done = _delete_all(sessions, _old_inbox(now - retention.inbox, batch), InboundEventRow)
    outbox_done = _delete_all(sessions, _old_outbox(now - retention.outbox, batch), OutboxRow)
    return Pruned(inbox_done, outbox_done)


def count_prunable(sessions: sessionmaker[Session], retention: Retention, now: datetime) -> Pruned:
    """What :func:`prune` would delete now (``supportbot outbox prune --dry-run``)."""
    with sessions() as session:
        inbox = len(session.scalars(_old_inbox(now - retention.inbox, None)).all())
        outbox = len(session.scalars(_old_outbox(now - retention.outbox, None)).all())
    return Pruned(inbox, outbox)


def _old_inbox(before: datetime, batch: int | None) -> Select[int]:
    statement = select(InboundEventRow.id).where(InboundEventRow.status != InboxStatus.RECEIVED,
                                                 InboundEventRow.received_at < before).order_by(InboundEventRow.id)
    return statement if batch is None else statement.limit(batch)


def _old_outbox(before: datetime, batch: int | None) -> Select[int]:
    statement = select(OutboxRow.id).where(OutboxRow.status == OutboxStatus.DELIVERED, OutboxRow.card_key.is_(None),
                                           OutboxRow.delivered_at < before).order_by(OutboxRow.id)
    return statement if batch is None else statement.limit(batch)


def _delete_all(
    sessions: sessionmaker[Session], chosen: Select[int], model: type[InboundEventRow] | type[OutboxRow]
) -> int:
    total = 0
    while True:
        with sessions.begin() as session:
            ids = list(session.scalars(chosen))
            if ids:
                session.execute(delete(model).where(model.id.in_(ids)))
        total += len(ids)
        if not ids:
            return total


class RetentionJob:
    """Prunes every ``interval``, in the one process holding the lease."""

    def __init__(self, sessions: sessionmaker[Session], retention: Retention, clock: Callable[[], datetime],
                 holder: str, interval: timedelta = timedelta(hours=1)) -> None:
        self.sessions = sessions
        self.retention = retention
        self.clock = clock
        self.holder = holder
        self.interval = interval

    def run_once(self) -> Pruned | None:
        """One round, if this process holds the lease (``None`` if another does)."""
        if not try_acquire(self.sessions, LEASE_NAME, self.holder, self.interval * 2, self.clock()):
            return None
        pruned = prune(self.sessions, self.retention, self.clock())
        if pruned.inbox or pruned.outbox:
            log.info("retention: %d inbox and %d outbox rows pruned", pruned.inbox, pruned.outbox)
        return pruned

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.run_once)
            except Exception:
                log.exception("retention round failed; trying again in %s", self.interval)
            try:
                await asyncio.wait_for(stop.wait(), self.interval.total_seconds())
            except TimeoutError:
                pass
