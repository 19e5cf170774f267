"""Writing to the outbox in the caller's transaction, and what it can tell about delivered cards."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import DeliveryError, DeliveryReceipt, OutboundKind
from bot.messages import Destination, Platform, TextReply, TicketCard
from bot.outbox import Outbox, OutboxWorker, ticket_card_key
from bot.storage.models import OutboxStatus
from tests.outbox.support import AGENTS, RecordingCourier, rows


class Rollback(Exception):
    pass


async def test_a_message_put_in_a_rolled_back_transaction_is_never_delivered(
    sessions: sessionmaker[Session], outbox: Outbox, courier: RecordingCourier, make_worker: Callable[..., OutboxWorker]
) -> None:
    with pytest.raises(Rollback), sessions.begin() as session:
        outbox.put(session, kind=OutboundKind.REQUESTER_NOTICE, destination=AGENTS, replies=[TextReply("ghost")])
        raise Rollback

    assert await make_worker().run_once() == 0
    assert courier.deliveries == []
    with sessions() as session:
        assert outbox.pending_count(session) == 0


def test_put_stores_the_destination_and_payload_without_committing(sessions: sessionmaker[Session], outbox: Outbox) -> None:
    card = TicketCard("SUP-42", "Imprimante", ())
    destination = Destination(Platform.TELEGRAM, "-100", thread="7")
    with sessions.begin() as session:
        row = outbox.put(
            session, kind=OutboundKind.AGENT_CARD, destination=destination, replies=[card], ticket_id=42,
            card_key=ticket_card_key(42, destination), open_thread="SUP-42",
        )
        assert row in session.new  # added, not flushed
        assert outbox.pending_count(session) == 1  # autoflush inside the caller's transaction

    (stored,) = rows(sessions).values()
    assert (stored.platform, stored.channel, stored.thread) == (Platform.TELEGRAM, "-100", "7")
    assert stored.card_key == "ticket:42:telegram:-100"
    assert stored.status is OutboxStatus.PENDING and stored.attempts == 0
    assert stored.payload["open_thread"] == "SUP-42"


def test_a_card_update_must_name_its_card(sessions: sessionmaker[Session], outbox: Outbox) -> None:
    with sessions() as session, pytest.raises(ValueError, match="CARD_UPDATE needs ref_card_key"):
        outbox.put(session, kind=OutboundKind.CARD_UPDATE, destination=AGENTS, replies=[TextReply("x")])


def test_a_card_key_is_used_once(sessions: sessionmaker[Session], outbox: Outbox) -> None:
    with pytest.raises(IntegrityError), sessions.begin() as session:
        for _ in range(2):
            outbox.put(session, kind=OutboundKind.AGENT_CARD, destination=AGENTS, replies=[TextReply("c")], card_key="k")


async def test_the_thread_a_delivered_card_opened_is_known(
    sessions: sessionmaker[Session], outbox: Outbox, put: Callable[..., int], make_worker: Callable[..., OutboxWorker]
) -> None:
    key = ticket_card_key(42, AGENTS)
    put("card 42", kind=OutboundKind.AGENT_CARD, ticket_id=42, card_key=key, open_thread="SUP-42")
    with sessions() as session:
        assert outbox.thread_of_card(session, key) is None  # not delivered yet

    await make_worker().run_once()

    with sessions() as session:
        receipt = outbox.thread_of_card(session, key)
        assert receipt == DeliveryReceipt("slack-msg-1", "thread-of-slack-msg-1")
        assert outbox.pending_count(session) == 0


async def test_a_failed_item_is_listed_and_can_be_requeued(
    sessions: sessionmaker[Session], outbox: Outbox, courier: RecordingCourier, put: Callable[..., int],
    make_worker: Callable[..., OutboxWorker],
) -> None:
    courier.failures = [DeliveryError("channel_not_found", retry=False)]
    row_id = put("lost")
    await make_worker().run_once()
    with sessions.begin() as session:
        assert [row.id for row in outbox.failed(session)] == [row_id]
        assert outbox.requeue(session, row_id)
        assert not outbox.requeue(session, row_id)  # no longer failed

    assert await make_worker().run_once() == 1
    assert courier.texts == ["lost"]
