"""The worker delivers each committed message once, retries with back-off, and gives up visibly."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import Delivery, DeliveryError, DeliveryReceipt, OutboundKind
from bot.messages import Destination, Platform
from bot.outbox import Backoff, OutboxWorker
from bot.storage.models import OutboxRow, OutboxStatus
from tests.outbox.support import AGENTS, RecordingCourier, rows
from tests.support.clock import FakeClock

Worker = Callable[..., OutboxWorker]


async def test_a_message_is_delivered_once(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker, clock: FakeClock
) -> None:
    row_id = put("Votre ticket SUP-42 est résolu", kind=OutboundKind.REQUESTER_NOTICE)
    worker = make_worker()

    assert await worker.run_once() == 1
    clock.advance(hours=1)
    assert await worker.run_once() == 0

    (delivery,) = courier.deliveries
    assert delivery.destination == AGENTS and delivery.kind is OutboundKind.REQUESTER_NOTICE
    assert delivery.edit is None and delivery.open_thread is None
    row = rows(sessions)[row_id]
    assert row.status is OutboxStatus.DELIVERED and row.attempts == 1
    assert row.receipt_message_id == "slack-msg-1" and row.delivered_at == clock.now - timedelta(hours=1)
    assert row.locked_by is None


async def test_a_courier_failing_twice_is_retried_with_back_off_then_delivered_once(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker, clock: FakeClock
) -> None:
    courier.failures = [DeliveryError("slack is down"), RuntimeError("connection reset")]
    row_id = put("relay")
    worker = make_worker()
    start = clock.now

    assert await worker.run_once() == 0
    assert rows(sessions)[row_id].next_attempt_at == start + timedelta(seconds=2)
    assert await worker.run_once() == 0  # not due yet: nothing attempted
    assert rows(sessions)[row_id].attempts == 1

    clock.advance(seconds=2)
    assert await worker.run_once() == 0
    row = rows(sessions)[row_id]
    assert row.attempts == 2 and row.next_attempt_at == clock.now + timedelta(seconds=4)
    assert row.last_error == "RuntimeError: connection reset"

    clock.advance(seconds=3)
    assert await worker.run_once() == 0
    clock.advance(seconds=1)
    assert await worker.run_once() == 1
    assert await worker.run_once() == 0
    assert courier.texts == ["relay"]
    assert rows(sessions)[row_id].attempts == 3


async def test_retry_after_from_the_platform_is_honoured(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker, clock: FakeClock
) -> None:
    courier.failures = [DeliveryError("rate limited", retry_after=30)]
    row_id = put("later")
    worker = make_worker()

    await worker.run_once()
    assert rows(sessions)[row_id].next_attempt_at == clock.now + timedelta(seconds=30)
    clock.advance(seconds=29)
    assert await worker.run_once() == 0
    clock.advance(seconds=1)
    assert await worker.run_once() == 1


async def test_after_max_attempts_the_message_is_kept_as_failed(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker, clock: FakeClock
) -> None:
    courier.failures = [DeliveryError(f"down {n}") for n in range(10)]
    row_id = put("never")
    worker = make_worker(max_attempts=3, backoff=Backoff(base=timedelta(seconds=1), factor=10, cap=timedelta(seconds=5)))

    for wait in (1, 5, 5):
        await worker.run_once()
        clock.advance(seconds=wait)
    assert await worker.run_once() == 0

    row = rows(sessions)[row_id]
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.FAILED, 3, "DeliveryError: down 2")
    assert courier.deliveries == [] and len(courier.failures) == 7


async def test_a_permanent_error_fails_at_once(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker
) -> None:
    courier.failures = [DeliveryError("chat not found", retry=False)]
    row_id = put("nowhere")
    await make_worker().run_once()
    assert (rows(sessions)[row_id].status, rows(sessions)[row_id].attempts) == (OutboxStatus.FAILED, 1)


async def test_a_courier_that_hangs_is_cut_off_and_retried(
    sessions: sessionmaker[Session], put: Callable[..., int], make_worker: Worker, clock: FakeClock
) -> None:
    slow = RecordingCourier(pause=5)
    row_id = put("slow")
    await make_worker(couriers={Platform.SLACK: slow}, delivery_timeout=timedelta(milliseconds=50)).run_once()
    row = rows(sessions)[row_id]
    assert (row.status, row.attempts, row.last_error) == (OutboxStatus.PENDING, 1, "TimeoutError: ")


async def test_without_a_courier_for_its_platform_a_message_waits_and_it_is_said_once(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker,
    caplog: pytest.LogCaptureFixture,
) -> None:
    telegram_row = put("bonjour", destination=Destination(Platform.TELEGRAM, "-100"))
    put("hello")
    worker = make_worker()

    with caplog.at_level(logging.WARNING, logger="bot.outbox.worker"):
        assert await worker.run_once() == 1
        assert await worker.run_once() == 0

    assert [record.message for record in caplog.records if "no courier" in record.message] == [
        "outbox worker worker-1 has no courier for telegram: its messages stay pending until a worker with one runs"
    ]
    row = rows(sessions)[telegram_row]
    assert (row.status, row.attempts, row.locked_by) == (OutboxStatus.PENDING, 0, None)


async def test_an_unreadable_payload_is_failed_with_the_reason(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker
) -> None:
    broken = put("broken")
    put("fine")
    with sessions.begin() as session:
        session.execute(update(OutboxRow).where(OutboxRow.id == broken).values(payload={"version": 99}))

    worker = make_worker()
    assert await worker.run_once() == 0  # "fine" waited behind "broken", in the same lane
    assert await worker.run_once() == 1
    row = rows(sessions)[broken]
    assert row.status is OutboxStatus.FAILED and "version 99" in (row.last_error or "")
    assert courier.texts == ["fine"]


async def test_run_forever_delivers_until_stopped(
    courier: RecordingCourier, put: Callable[..., int], make_worker: Worker
) -> None:
    for n in range(3):
        put(f"m{n}")
    stop = asyncio.Event()
    task = asyncio.create_task(make_worker().run_forever(stop, idle_interval=0.01))
    for _ in range(200):
        if len(courier.deliveries) == 3:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert courier.texts == ["m0", "m1", "m2"]


class _SlowChannel(RecordingCourier):
    """Holds deliveries to one channel until ``gate`` is set (a group the platform paces slowly)."""

    def __init__(self, channel: str) -> None:
        super().__init__()
        self.channel, self.gate, self.waiting = channel, asyncio.Event(), 0

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        if delivery.destination.channel == self.channel:
            self.waiting += 1
            await self.gate.wait()
        return await super().deliver(delivery)


async def test_a_slow_channel_takes_half_the_slots_and_others_are_answered_meanwhile(
    put: Callable[..., int], make_worker: Worker
) -> None:
    courier = _SlowChannel(AGENTS.channel)
    for n in range(20):  # twenty tickets' threads, each a lane of its own, all older than the answer
        put(f"relay {n}", destination=Destination(Platform.SLACK, AGENTS.channel, f"thread-{n}"))
    put("your answer", destination=Destination(Platform.SLACK, "D-customer"))
    stop = asyncio.Event()
    task = asyncio.create_task(make_worker(couriers={Platform.SLACK: courier}).run_forever(
        stop, idle_interval=0.01, max_in_flight=8))
    for _ in range(300):
        if courier.texts:
            break
        await asyncio.sleep(0.01)
    assert courier.texts == ["your answer"] and courier.waiting == 4
    courier.gate.set()
    for _ in range(300):
        if len(courier.texts) == 21:
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 2)
    assert sorted(courier.texts[1:]) == sorted(f"relay {n}" for n in range(20))
