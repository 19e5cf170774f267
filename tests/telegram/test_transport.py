"""What Telegram's transport asks of the bot: webhook secret, flood waits, retries by the outbox."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import select

from bot.delivery import Delivery, DeliveryError, OutboundKind
from bot.messages import Destination, Platform, TextReply
from bot.storage.models import OutboxRow
from tests.fakes.telegram import FakeTelegram
from tests.support.clock import FakeClock
from tests.telegram.conftest import TEST_LIMITS, Customer, Harness, texts

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # raised inside PTB on 429


def _attempts(tg: Harness) -> int:
    assert tg.bot is not None
    with tg.bot.sessions() as session:
        return sum(session.scalars(select(OutboxRow.attempts)))


@pytest.mark.parametrize("tg", ["webhook"], indirect=True)
@pytest.mark.parametrize("secret", ["wrong-secret", ""])
async def test_a_webhook_post_without_the_secret_is_refused(
    tg: Harness, fake: FakeTelegram, customer: Customer, secret: str
) -> None:
    assert fake.webhook is not None and fake.webhook["secret_token"]
    since = fake.mark()
    await fake.push(customer.message("/start"), secret=secret)
    assert fake.webhook_statuses == [403]

    await customer.say("/aide")  # handled in order: had the forged post got through, its answer came first
    assert fake.webhook_statuses == [403, 200]
    assert "(1/8)" not in texts(fake.sent(customer.id, since=since))


async def test_a_flood_wait_is_honoured_then_the_message_delivered(
    tg: Harness, fake: FakeTelegram, customer: Customer, clock: FakeClock
) -> None:
    fake.fail("sendMessage", retry_after=1)
    since = fake.mark()
    await fake.push(customer.message("/start"))

    await fake.wait_for(lambda: _attempts(tg) == 1)
    clock.advance(seconds=1)  # the outbox holds the reply for the retry_after Telegram gave, then sends it again
    await fake.wait_for(lambda: fake.sent(customer.id, since=since), timeout=5)

    first, second = fake.called("sendMessage", since=since)
    assert first.failed and not second.failed
    assert second.at - first.at >= 1.0, "the retry came after retry_after"
    assert second.params["text"] == first.params["text"]
    assert "(1/8)" in fake.sent(customer.id, since=since)[0]["text"]


async def test_a_flood_wait_goes_back_to_the_outbox(fake: FakeTelegram, make_bot: object) -> None:
    harness = Harness(fake, make_bot, "polling")  # type: ignore[arg-type]
    service = await harness.start(TEST_LIMITS)
    try:
        fake.fail("sendMessage", retry_after=7)
        delivery = Delivery(Destination(Platform.TELEGRAM, "700100200"), (TextReply("Votre demande avance."),),
                            OutboundKind.REQUESTER_NOTICE)
        with pytest.raises(DeliveryError) as raised:
            await service.courier.deliver(delivery)
        assert raised.value.retry and raised.value.retry_after == 7

        receipt = await service.courier.deliver(delivery)  # the outbox tries again later: it goes through
        assert receipt.message_id == str(fake.sent(700100200)[-1]["message_id"])
    finally:
        await harness.stop()


async def test_a_customer_who_blocked_the_bot_is_not_retried(tg: Harness, fake: FakeTelegram) -> None:
    fake.fail("sendMessage", status=403, description="Forbidden: bot was blocked by the user")
    delivery = Delivery(Destination(Platform.TELEGRAM, "700100200"), (TextReply("Réponse de l'agent"),),
                        OutboundKind.REQUESTER_NOTICE)
    with pytest.raises(DeliveryError) as raised:
        await tg.service.courier.deliver(delivery)  # type: ignore[union-attr]
    assert raised.value.retry is False


async def test_stopping_releases_the_long_poll_at_once(fake: FakeTelegram, make_bot: object) -> None:
    import time

    harness = Harness(fake, make_bot, "polling")  # type: ignore[arg-type]
    await harness.start(dataclasses.replace(TEST_LIMITS, poll_timeout=30))
    await fake.wait_for(lambda: fake.called("getUpdates"))
    started = time.monotonic()
    await harness.stop()
    assert time.monotonic() - started < 2
