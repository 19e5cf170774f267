"""Helpers for the outbox tests: a recording courier at the seam, and ways to look at the outbox."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import Delivery, DeliveryReceipt
from bot.messages import Destination, Platform, TextReply
from bot.outbox import OutboxWorker
from bot.storage.models import OutboxRow

AGENTS = Destination(Platform.SLACK, "C-agents")


@dataclass
class RecordingCourier:
    """A courier at the seam: records deliveries, fails on demand, opens threads like Slack."""

    platform: Platform = Platform.SLACK
    failures: list[Exception] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    pause: float = 0.0  # real seconds to sleep in each delivery, so concurrent workers interleave
    name: str = ""  # tells apart the message ids of two couriers
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        await asyncio.sleep(self.pause)
        if self.failures:
            raise self.failures.pop(0)
        self.deliveries.append(delivery)
        message_id = f"{self.platform.value}{self.name}-msg-{next(self._ids)}"
        thread = f"thread-of-{message_id}" if delivery.open_thread else delivery.destination.thread
        return DeliveryReceipt(message_id, thread)

    @property
    def texts(self) -> list[str]:
        return [reply.text for delivery in self.deliveries for reply in delivery.replies if isinstance(reply, TextReply)]


class GatedCourier(RecordingCourier):
    """Holds every delivery until ``gate`` is set: a slow platform, or a worker about to crash."""

    def __init__(self) -> None:
        super().__init__(name="-gated")
        self.entered = asyncio.Event()
        self.gate = asyncio.Event()

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        self.entered.set()
        await self.gate.wait()
        return await super().deliver(delivery)


def rows(sessions: sessionmaker[Session]) -> dict[int, OutboxRow]:
    with sessions() as session:
        return {row.id: row for row in session.scalars(select(OutboxRow))}


async def drain(worker: OutboxWorker, rounds: int = 50) -> int:
    """Run rounds until one delivers nothing; returns how many were delivered."""
    total = 0
    for _ in range(rounds):
        delivered = await worker.run_once()
        if delivered == 0:
            return total
        total += delivered
    raise AssertionError(f"outbox still delivering after {rounds} rounds")

