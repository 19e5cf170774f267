"""Updates reach the inbox before Telegram is told they arrived: the polling offset, the webhook's answer."""

from __future__ import annotations

import aiohttp
import pytest
from sqlalchemy import select, text

from bot.delivery import OutboundKind
from bot.storage.models import InboundEventRow, InboxStatus, OutboxRow, OutboxStatus
from tests.fakes.telegram import FakeTelegram
from tests.telegram.conftest import WEBHOOK_SECRET, Customer, Harness

WEBHOOK = pytest.mark.parametrize("tg", ["webhook"], indirect=True)
FIRST = "le bouton imprimer du module facturation ne répond pas"


def refuse_inbox(harness: Harness) -> None:
    assert harness.bot is not None
    with harness.bot.engine.begin() as connection:
        connection.execute(text("CREATE TRIGGER refuse BEFORE INSERT ON inbound_events "
                                "BEGIN SELECT RAISE(ABORT, 'the database is away'); END"))


def accept_inbox(harness: Harness) -> None:
    assert harness.bot is not None
    with harness.bot.engine.begin() as connection:
        connection.execute(text("DROP TRIGGER refuse"))


def answered_once(harness: Harness, fake: FakeTelegram, customer: Customer) -> bool:
    """One turn's answer reached the customer, and nothing of it twice."""
    assert harness.bot is not None
    with harness.bot.sessions() as session:
        answers = session.scalars(select(OutboxRow).where(OutboxRow.kind == OutboundKind.TURN_REPLY)).all()
    texts = [m["text"] for m in fake.sent(customer.id)]
    return len(answers) == 1 and answers[0].status is OutboxStatus.DELIVERED and len(set(texts)) == len(texts) > 0


def events(harness: Harness) -> list[InboundEventRow]:
    assert harness.bot is not None
    with harness.bot.sessions() as session:
        return list(session.scalars(select(InboundEventRow)))


async def test_an_update_that_could_not_be_stored_is_fetched_again_then_answered(
    tg: Harness, fake: FakeTelegram, customer: Customer
) -> None:
    refuse_inbox(tg)
    update = await fake.push(customer.message(FIRST))
    await fake.wait_for(lambda: len(fake.called("getUpdates")) >= 3 and not events(tg), timeout=10)
    offsets = [c.params.get("offset") for c in fake.called("getUpdates")]
    assert update["update_id"] not in {o - 1 for o in offsets if o}, "the offset never moved past it"
    accept_inbox(tg)
    await fake.wait_for(lambda: fake.sent(customer.id), timeout=10)
    await tg.drained()
    assert answered_once(tg, fake, customer)
    [event] = events(tg)
    assert event.status is InboxStatus.PROCESSED and event.event_id == f"update:{update['update_id']}"


async def test_an_update_telegram_sends_twice_is_answered_once(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    update = customer.message(FIRST)
    update["update_id"] = 4242
    await customer.send(update)
    await fake.push(update)  # as after a restart that lost the offset: the same update_id again
    await fake.wait_for(lambda: any((c.params.get("offset") or 0) > 4242 for c in fake.called("getUpdates")), timeout=5)
    await tg.drained()
    assert answered_once(tg, fake, customer)


@WEBHOOK
async def test_the_webhook_answers_only_once_the_update_is_stored(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    refuse_inbox(tg)
    await fake.push(customer.message(FIRST))
    assert fake.webhook_statuses[-1] == 500, "not stored: Telegram must send it again"
    accept_inbox(tg)
    await fake.push(customer.message(FIRST))
    assert fake.webhook_statuses[-1] == 200
    assert len(events(tg)) == 1, "stored when answered"
    await tg.drained()
    assert answered_once(tg, fake, customer)


@WEBHOOK
async def test_the_webhook_checks_the_secret_then_the_size_before_reading_a_body(tg: Harness) -> None:
    url = f"http://127.0.0.1:{tg.port}/telegram/updates"
    big = b'{"update_id": 1, "padding": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=big, headers={"Content-Type": "application/json"}) as response:
            assert response.status == 403
        headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
        async with session.post(url, data=big, headers=headers) as response:
            assert response.status == 413
        async with session.post(url, data=b"not json", headers=headers) as response:
            assert response.status == 400
    assert not events(tg)
