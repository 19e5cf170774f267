"""Deliver what the outbox holds, with retries and back-off, from one or several processes.

A round: claim due rows in one short transaction (:func:`bot.outbox.claims.claim_due`),
hand each to its platform's courier outside any transaction, then record the outcome of
each in a transaction of its own, but only if this worker still holds the row's lock.

Guarantees. A message written in a rolled-back transaction never exists. A committed one
is retried until delivered or given up on (``failed`` rows are kept for an operator). A row
is delivered twice only when the platform accepted it but our record of that was lost:
the process died (or the database was unreachable) between the courier returning and our
commit, or a delivery outlived the row's lock and another worker took it over. A running
worker renews the locks of what it delivers (``run_forever``'s heartbeat), so the lock can be
short: the rows of a killed process are free again within one lease. Deliveries are cut off
after ``delivery_timeout`` (half the lock by default) to keep the second case to couriers
that hang while the heartbeat cannot reach the database. So delivery is at least once, and exactly once when nothing crashes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import Courier, DeliveryProgress, DeliveryReceipt
from bot.messages import Platform
from bot.outbox.claims import (
    Backoff,
    Claim,
    RetryPolicy,
    claim_due,
    mark_delivered,
    mark_failed,
    next_due,
    pending_platforms_outside,
    record_progress,
    release,
    renew,
)
from bot.outbox.room import ChannelRoom
from bot.outbox.waiting import first_of
from bot.storage.models import OutboxRow, OutboxStatus

log = logging.getLogger(__name__)

# Called in the transaction that marks an item failed for good (see bot.lifecycle.delivery_failures).
GiveUpHook = Callable[[Session, OutboxRow], None]


class OutboxWorker:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        couriers: Mapping[Platform, Courier],
        clock: Callable[[], datetime],
        worker_id: str,
        *,
        batch: int = 20,
        lease: timedelta = timedelta(seconds=60),
        max_attempts: int = 8,
        backoff: Backoff = Backoff(),
        delivery_timeout: timedelta | None = None,
        channels: Mapping[Platform, Collection[str]] | None = None,
        on_give_up: GiveUpHook | None = None,
    ) -> None:
        self._channels = dict(channels or {})
        self._on_give_up = on_give_up
        if batch < 1 or max_attempts < 1:
            raise ValueError(f"outbox worker needs batch >= 1 and max_attempts >= 1, got {batch} and {max_attempts}")
        self._sessions = sessions
        self._couriers = dict(couriers)
        self._clock = clock
        self._worker_id = worker_id
        self._batch = batch
        self._lease = lease
        self._policy = RetryPolicy(backoff, max_attempts)
        self._timeout = (delivery_timeout or lease / 2).total_seconds()
        self._reported_without_courier: set[Platform] = set()

    async def run_once(self) -> int:
        """One round: claim due rows, deliver them; returns how many were delivered."""
        claims = await asyncio.to_thread(self._claim, self._batch)
        outcomes = await asyncio.gather(*(self._deliver(claim) for claim in claims))
        return sum(outcomes)

    async def run_forever(
        self, stop: asyncio.Event, idle_interval: float = 5.0, *, wake: asyncio.Event | None = None,
        max_in_flight: int = 32, grace: float = 1.0, channel_share: int | None = None,
    ) -> None:
        """Deliver until ``stop`` is set, each row as soon as it is due.

        Rows are claimed whenever ``wake`` is set (a commit that wrote outbox rows, a NOTIFY from
        another process, a delivery done that frees the next row of its conversation), and
        delivered each in a task of its own, up to ``max_in_flight`` at once: one slow delivery
        never holds up other conversations, and one channel holds at most ``channel_share`` of them
        (half by default, see :mod:`bot.outbox.room`). Without a wake-up the worker looks again when the
        earliest row in back-off comes due, or after ``idle_interval`` seconds at most. On stop,
        deliveries under way get ``grace`` seconds; the others are given back undelivered.
        """
        wake = wake or asyncio.Event()
        in_flight: dict[asyncio.Task[bool], Claim] = {}
        room = ChannelRoom(channel_share or max(1, max_in_flight // 2))
        heartbeat = asyncio.create_task(self._heartbeat(in_flight, stop))

        def finished(task: asyncio.Task[bool]) -> None:
            claim = in_flight.pop(task, None)
            if claim is not None:
                room.done(claim.delivery.destination.platform, claim.delivery.destination.channel)
            wake.set()

        while not stop.is_set():
            wake.clear()
            claims: list[Claim] = []
            free = max_in_flight - len(in_flight)
            if free > 0:
                try:
                    claims = await asyncio.to_thread(self._claim, min(free, self._batch), room)
                except Exception:
                    log.exception("outbox worker %s: claim failed; trying again in %.1fs", self._worker_id, idle_interval)
            for claim in claims:
                room.add(claim.delivery.destination.platform, claim.delivery.destination.channel)
                task = asyncio.create_task(self._deliver(claim))
                in_flight[task] = claim
                task.add_done_callback(finished)
            if claims:
                continue
            await first_of(stop, wake, await self._idle_wait(idle_interval))
        await self._wind_down(in_flight, grace)
        heartbeat.cancel()

    async def _heartbeat(self, in_flight: dict[asyncio.Task[bool], Claim], stop: asyncio.Event) -> None:
        """Renew the locks of the rows being delivered every third of the lease: the lease can stay
        short (a killed process's rows are free again within it) while a delivery takes its time."""
        beat = self._lease.total_seconds() / 3
        while not stop.is_set():
            await asyncio.sleep(beat)
            ids = [claim.row_id for claim in in_flight.values()]
            if not ids:
                continue
            try:
                await asyncio.to_thread(self._renew, ids)
            except Exception:
                log.exception("outbox worker %s: could not renew its locks", self._worker_id)

    def _renew(self, row_ids: list[int]) -> None:
        with self._sessions.begin() as session:
            renew(session, row_ids, self._worker_id, self._clock() + self._lease)

    async def _idle_wait(self, idle_interval: float) -> float:
        try:
            due = await asyncio.to_thread(self._next_due)
        except Exception:
            log.exception("outbox worker %s: could not read the next due time", self._worker_id)
            return idle_interval
        if due is None:
            return idle_interval
        return min(max((due - self._clock()).total_seconds(), 0.01), idle_interval)

    def _next_due(self) -> datetime | None:
        with self._sessions() as session:
            return next_due(session, self._couriers.keys(), self._clock())

    async def _wind_down(self, in_flight: dict[asyncio.Task[bool], Claim], grace: float) -> None:
        if not in_flight:
            return
        _, pending = await asyncio.wait(set(in_flight), timeout=grace)
        abandoned = [in_flight[task] for task in pending]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        if abandoned:
            await asyncio.to_thread(self._give_back, abandoned)

    def _give_back(self, claims: list[Claim]) -> None:
        with self._sessions.begin() as session:
            for claim in claims:
                release(session, claim, self._worker_id)

    def _claim(self, batch: int, room: ChannelRoom | None = None) -> list[Claim]:
        with self._sessions.begin() as session:
            self._report_platforms_without_courier(session)
            return claim_due(
                session,
                worker_id=self._worker_id,
                now=self._clock(),
                lease=self._lease,
                batch=batch,
                platforms=self._couriers.keys(),
                channels=self._channels,
                room=room,
            )

    async def _deliver(self, claim: Claim) -> bool:
        courier = self._couriers[claim.delivery.destination.platform]

        async def record(progress: DeliveryProgress) -> None:
            await asyncio.to_thread(self._record_progress, claim, progress)

        try:
            async with asyncio.timeout(self._timeout):
                receipt = await courier.deliver(replace(claim.delivery, record=record))
        except Exception as error:  # noqa: BLE001 - any courier failure is retried, then recorded
            await asyncio.to_thread(self._record_failure, claim, error)
            return False
        return await asyncio.to_thread(self._record_success, claim, receipt)

    def _record_success(self, claim: Claim, receipt: DeliveryReceipt) -> bool:
        with self._sessions.begin() as session:
            recorded = mark_delivered(session, claim, self._worker_id, receipt, self._clock())
        if not recorded:
            log.warning(
                "outbox item %d was delivered by worker %s after its lock passed to another worker; "
                "it may be delivered twice",
                claim.row_id,
                self._worker_id,
            )
        return recorded

    def _record_progress(self, claim: Claim, progress: DeliveryProgress) -> None:
        with self._sessions.begin() as session:
            kept = record_progress(session, claim, self._worker_id, progress)
        if not kept:
            log.warning("outbox item %d: progress %r made after its lock passed to another worker", claim.row_id, progress)

    def _record_failure(self, claim: Claim, error: Exception) -> None:
        with self._sessions.begin() as session:
            row = mark_failed(session, claim, self._worker_id, error, self._clock(), self._policy)
            if row is None:
                log.warning("outbox item %d failed (%r) after its lock passed to another worker", claim.row_id, error)
            elif row.status is OutboxStatus.FAILED:
                if self._on_give_up is not None:  # in this transaction: the notices commit with the failure
                    self._on_give_up(session, row)
                log.error(
                    "outbox item %d (%s to %s) failed after %d attempt(s), giving up: %r",
                    row.id,
                    row.kind.value,
                    claim.delivery.destination,
                    row.attempts,
                    error,
                )
            else:
                log.warning(
                    "outbox item %d (%s) failed attempt %d/%d, next at %s: %r",
                    row.id,
                    row.kind.value,
                    row.attempts,
                    self._policy.max_attempts,
                    row.next_attempt_at.isoformat(),
                    error,
                )

    def _report_platforms_without_courier(self, session: Session) -> None:
        for platform in pending_platforms_outside(session, self._couriers.keys()) - self._reported_without_courier:
            self._reported_without_courier.add(platform)
            log.warning(
                "outbox worker %s has no courier for %s: its messages stay pending until a worker with one runs",
                self._worker_id,
                platform.value,
            )

