"""Thread messages and card updates wait for their card; each destination keeps creation order."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import DeliveryError, DeliveryReceipt, OutboundKind
from bot.messages import Destination, Platform
from bot.outbox import OutboxWorker, ticket_card_key
from tests.outbox.support import AGENTS, RecordingCourier, drain, rows
from tests.support.clock import FakeClock

Worker = Callable[..., OutboxWorker]
CARD = ticket_card_key(42, AGENTS)


async def test_a_thread_message_waits_for_its_card_and_goes_into_the_card_thread(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker, clock: FakeClock
) -> None:
    courier.failures = [DeliveryError("slack is down")]
    put("card", kind=OutboundKind.AGENT_CARD, ticket_id=42, card_key=CARD, open_thread="SUP-42 Imprimante")
    message = put("requester says hi", kind=OutboundKind.AGENT_THREAD, ticket_id=42, ref_card_key=CARD)
    worker = make_worker()

    assert await worker.run_once() == 0  # the card failed; the thread message was not even tried
    assert rows(sessions)[message].attempts == 0
    clock.advance(seconds=2)
    assert await drain(worker) == 2

    card_delivery, thread_delivery = courier.deliveries
    assert card_delivery.open_thread == "SUP-42 Imprimante" and card_delivery.kind is OutboundKind.AGENT_CARD
    assert thread_delivery.destination == Destination(Platform.SLACK, AGENTS.channel, "thread-of-slack-msg-1")
    assert thread_delivery.open_thread is None and thread_delivery.edit is None
    assert rows(sessions)[message].attempts == 1


async def test_a_card_update_edits_the_delivered_card(
    courier: RecordingCourier, put: Callable[..., int], make_worker: Worker
) -> None:
    put("card", kind=OutboundKind.AGENT_CARD, ticket_id=42, card_key=CARD, open_thread="SUP-42")
    put("card, now taken by Alice", kind=OutboundKind.CARD_UPDATE, ticket_id=42, ref_card_key=CARD)

    assert await drain(make_worker()) == 2

    update = courier.deliveries[1]
    assert update.kind is OutboundKind.CARD_UPDATE
    assert update.edit == DeliveryReceipt("slack-msg-1", "thread-of-slack-msg-1")


async def test_an_item_whose_card_never_came_waits_without_using_attempts(
    sessions: sessionmaker[Session], courier: RecordingCourier, put: Callable[..., int], make_worker: Worker
) -> None:
    waiting = put("orphan", kind=OutboundKind.AGENT_THREAD, ref_card_key="ticket:7:slack:C-agents")
    put("independent", destination=Destination(Platform.SLACK, "D-requester"))

    assert await drain(make_worker()) == 1
    assert courier.texts == ["independent"]
    assert (rows(sessions)[waiting].attempts, rows(sessions)[waiting].locked_by) == (0, None)


async def test_each_destination_keeps_creation_order_while_others_go_ahead(
    courier: RecordingCourier, put: Callable[..., int], make_worker: Worker, clock: FakeClock
) -> None:
    requester = Destination(Platform.SLACK, "D-requester")
    courier.failures = [DeliveryError("timeout")]  # the first delivery tried, "agents 1", fails once
    for text in ("agents 1", "agents 2", "agents 3"):
        put(text)
    put("requester 1", destination=requester)
    put("requester 2", destination=requester)
    worker = make_worker()

    await drain(worker)
    assert courier.texts == ["requester 1", "requester 2"]  # agents 2 and 3 wait behind agents 1
    clock.advance(seconds=2)
    await drain(worker)
    assert courier.texts == ["requester 1", "requester 2", "agents 1", "agents 2", "agents 3"]


async def test_messages_in_different_threads_of_one_channel_do_not_wait_for_each_other(
    courier: RecordingCourier, put: Callable[..., int], make_worker: Worker
) -> None:
    put("thread a", destination=Destination(Platform.SLACK, "C", "a"))
    put("thread b", destination=Destination(Platform.SLACK, "C", "b"))
    put("thread a again", destination=Destination(Platform.SLACK, "C", "a"))

    worker = make_worker()
    assert await worker.run_once() == 2
    assert await worker.run_once() == 1
    assert courier.texts == ["thread a", "thread b", "thread a again"]


async def test_a_worker_limited_to_some_channels_leaves_the_others_pending(
    courier: RecordingCourier, put: Callable[..., int], make_worker: Worker
) -> None:
    put("for the agents")
    put("for a requester", destination=Destination(Platform.SLACK, "D-requester"))

    assert await drain(make_worker(channels={Platform.SLACK: [AGENTS.channel]})) == 1
    assert courier.texts == ["for the agents"]
