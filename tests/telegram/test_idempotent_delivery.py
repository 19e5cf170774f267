"""What Telegram already made is kept: a retry reuses the forum topic and the messages it knows.

The real courier, the real outbox worker and database, against the fake Bot API."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from bot.delivery import Delivery, DeliveryError, DeliveryProgress, OutboundKind
from bot.messages import Choice, Destination, Platform, RecapField, TextReply, TicketCard
from bot.outbox import OutboxWorker
from bot.outbox.outbox import ticket_card_key
from bot.storage.models import OutboxRow, OutboxStatus
from tests.fakes.telegram import FakeTelegram
from tests.support.clock import FakeClock
from tests.telegram.conftest import AGENTS_CHAT, Harness

CARD = TicketCard("SUP-000042", "L'export PDF plante", (RecapField("Impact", "Bloquant"),),
                  (Choice("42.take", "Je m'en occupe"),), status="Nouveau")
AGENTS = Destination(Platform.TELEGRAM, str(AGENTS_CHAT))


def _put_card(tg: Harness) -> int:
    assert tg.bot is not None
    with tg.bot.sessions.begin() as session:
        row = tg.bot.outbox.put(session, kind=OutboundKind.AGENT_CARD, destination=AGENTS, replies=[CARD], ticket_id=42,
                                card_key=ticket_card_key(42, AGENTS), open_thread="SUP-000042 L'export PDF plante")
        session.flush()
        return row.id


def _worker(tg: Harness, clock: FakeClock) -> OutboxWorker:
    assert tg.bot is not None and tg.service is not None
    return OutboxWorker(tg.bot.sessions, {Platform.TELEGRAM: tg.service.courier}, clock, "w1")


async def test_a_card_whose_send_failed_is_retried_in_the_topic_already_opened(
    tg: Harness, fake: FakeTelegram, clock: FakeClock
) -> None:
    row_id = _put_card(tg)
    worker = _worker(tg, clock)
    fake.fail("sendMessage", status=502, description="Bad Gateway")
    assert await worker.run_once() == 0
    assert tg.bot is not None
    with tg.bot.sessions() as session:
        row = session.get(OutboxRow, row_id)
        assert row is not None and row.status is OutboxStatus.PENDING
        assert len(fake.called("createForumTopic")) == 1
        [opened] = [m for m in fake.messages.values() if "forum_topic_created" in m]
        kept_topic = str(opened["message_thread_id"])
        assert row.progress == {"thread": kept_topic, "message_ids": []}, "the topic is kept the moment it exists"

    clock.advance(minutes=1)
    assert await worker.run_once() == 1
    assert len(fake.called("createForumTopic")) == 1, "the retry reuses the topic, it never opens a second one"
    [card] = fake.sent(AGENTS_CHAT)
    assert str(card["message_thread_id"]) == kept_topic
    with tg.bot.sessions() as session:
        row = session.get(OutboxRow, row_id)
        assert row is not None and row.status is OutboxStatus.DELIVERED
        assert (row.receipt_message_id, row.receipt_thread) == (str(card["message_id"]), kept_topic)


async def test_parts_already_posted_are_edited_never_sent_twice(tg: Harness, fake: FakeTelegram) -> None:
    """A long notice in two parts: the second send fails; the retry edits the first and sends the second."""
    assert tg.service is not None
    courier = tg.service.courier
    words = " ".join(f"mot{i}" for i in range(900))  # over 4,096 characters: two messages
    stored: list[DeliveryProgress] = []

    async def record(progress: DeliveryProgress) -> None:
        stored.append(progress)
        fake.fail("sendMessage", status=500, description="Internal Server Error")  # the next part fails

    delivery = Delivery(Destination(Platform.TELEGRAM, "700100200"), (TextReply(words),),
                        OutboundKind.REQUESTER_NOTICE, record=record)
    with pytest.raises(DeliveryError, match="unreachable"):  # the outbox would retry it
        await courier.deliver(delivery)
    [first] = fake.sent(700100200)
    assert stored == [DeliveryProgress(None, (str(first["message_id"]),))]

    async def keep(progress: DeliveryProgress) -> None:
        stored.append(progress)

    receipt = await courier.deliver(replace(delivery, done=stored[-1], record=keep))
    parts = fake.sent(700100200)
    assert len(parts) == 2 and parts[0]["message_id"] == first["message_id"]
    assert receipt.message_id == str(first["message_id"])
    assert len(fake.called("editMessageText")) == 1
    assert stored[-1].message_ids == (str(first["message_id"]), str(parts[1]["message_id"]))


async def test_refusals_that_will_not_change_are_given_up_at_once(tg: Harness, fake: FakeTelegram, clock: FakeClock) -> None:
    assert tg.bot is not None
    with tg.bot.sessions.begin() as session:
        tg.bot.outbox.put(session, kind=OutboundKind.REQUESTER_NOTICE, destination=Destination(Platform.TELEGRAM, "700100200"),
                          replies=[TextReply("Votre ticket est résolu")], ticket_id=7)
    fake.fail("sendMessage", status=403, description="Forbidden: bot was blocked by the user")
    assert await _worker(tg, clock).run_once() == 0
    with tg.bot.sessions() as session:
        row = session.scalars(select(OutboxRow).where(OutboxRow.ticket_id == 7)).one()
        assert row.status is OutboxStatus.FAILED and row.attempts == 1
        assert "the person blocked the bot" in (row.last_error or "")
