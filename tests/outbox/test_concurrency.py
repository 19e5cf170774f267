"""Crashed and concurrent workers: every row is delivered, and exactly once while nothing crashes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import Delivery, OutboundKind
from bot.messages import Destination, Platform, TextReply
from bot.outbox import Outbox, OutboxWorker, ticket_card_key
from bot.storage.database import make_engine, make_session_factory
from bot.storage.models import OutboxStatus
from tests.outbox.support import GatedCourier, RecordingCourier, rows
from tests.support.clock import FakeClock

Worker = Callable[..., OutboxWorker]


async def test_a_crashed_worker_s_rows_are_taken_over_when_its_lock_expires(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker, clock: FakeClock
) -> None:
    row_id = put("card")
    doomed = GatedCourier()
    crashed = asyncio.create_task(make_worker("doomed", couriers={Platform.SLACK: doomed}).run_once())
    await asyncio.wait_for(doomed.entered.wait(), 5)
    crashed.cancel()  # the process dies mid-delivery, before the platform answered
    with pytest.raises(asyncio.CancelledError):
        await crashed
    assert rows(sessions)[row_id].locked_by == "doomed"

    survivor = make_worker("survivor", lease=timedelta(seconds=60))
    assert await survivor.run_once() == 0  # still locked
    clock.advance(seconds=60)
    assert await survivor.run_once() == 1
    assert courier.texts == ["card"] and doomed.deliveries == []
    assert rows(sessions)[row_id].status is OutboxStatus.DELIVERED


async def test_a_worker_that_lost_its_lock_does_not_record_over_the_new_holder(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker, clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    row_id = put("slow")
    slow = GatedCourier()
    stalled = asyncio.create_task(make_worker("stalled", couriers={Platform.SLACK: slow}).run_once())
    await asyncio.wait_for(slow.entered.wait(), 5)
    clock.advance(seconds=61)
    assert await make_worker("other").run_once() == 1

    with caplog.at_level(logging.WARNING, logger="bot.outbox.worker"):
        slow.gate.set()
        assert await stalled == 0
    # The documented at-least-once window: both platforms calls went through, one is recorded.
    assert len(courier.deliveries) == 1 and len(slow.deliveries) == 1
    assert rows(sessions)[row_id].receipt_message_id == "slack-msg-1"
    assert "may be delivered twice" in caplog.text


async def test_two_workers_on_separate_engines_deliver_every_row_exactly_once(
    database_url: str, sessions: sessionmaker[Session], outbox: Outbox, put: Callable[..., int], clock: FakeClock
) -> None:
    lanes = [Destination(Platform.SLACK, f"C{n}") for n in range(4)] + [Destination(Platform.SLACK, "C0", "t1")]
    expected = {lane: [f"{lane.channel}/{lane.thread}/{n}" for n in range(6)] for lane in lanes}
    card = ticket_card_key(1, lanes[1])
    put("card", kind=OutboundKind.AGENT_CARD, destination=lanes[1], ticket_id=1, card_key=card, open_thread="SUP-1")
    for n in range(6):
        for lane in lanes:
            put(expected[lane][n], destination=lane)
        put(f"in thread {n}", kind=OutboundKind.AGENT_THREAD, destination=lanes[1], ref_card_key=card)
    total = 1 + 6 * len(lanes) + 6

    engines = [make_engine(database_url) for _ in range(2)]
    delivered: list[Delivery] = []  # one log, in the order the platform saw the messages
    # Deliveries slow enough that neither worker can drain every lane before the other claims.
    couriers = [RecordingCourier(pause=0.05, name=f"-{n}", deliveries=delivered) for n in range(2)]
    workers = [
        OutboxWorker(make_session_factory(engine), {Platform.SLACK: courier}, clock, f"worker-{n}", batch=3)
        for n, (engine, courier) in enumerate(zip(engines, couriers, strict=True))
    ]
    stop = asyncio.Event()
    running = [asyncio.create_task(worker.run_forever(stop, idle_interval=0.005)) for worker in workers]
    try:
        for _ in range(1000):
            if len(delivered) >= total:
                break
            await asyncio.sleep(0.005)
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(*running), 5)
        for engine in engines:
            engine.dispose()

    texts = [reply.text for d in delivered for reply in d.replies if isinstance(reply, TextReply)]
    assert len(texts) == total and len(set(texts)) == total  # every row, once
    stored = rows(sessions).values()
    assert all(row.status is OutboxStatus.DELIVERED for row in stored)
    assert {(row.receipt_message_id or "").split("-msg-")[0] for row in stored} == {"slack-0", "slack-1"}  # both worked
    for lane in lanes:  # each lane in creation order
        assert [text for text in texts if text in expected[lane]] == expected[lane]
    assert [text for text in texts if text.startswith("in thread")] == [f"in thread {n}" for n in range(6)]
    card_thread = rows(sessions)[1].receipt_thread
    assert {d.destination.thread for d in delivered if d.kind is OutboundKind.AGENT_THREAD} == {card_thread}
