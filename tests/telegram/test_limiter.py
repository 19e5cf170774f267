"""Our flood limiter in python-telegram-bot, against the fake's flood control (Telegram's limits):
a crowd's messages and a group's cards all go out without a 429 storm, cards in the order asked,
and a 429 goes back to the caller after pausing the bucket it concerns."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram.error import RetryAfter
from telegram.ext import ExtBot

from adapters.telegram.limiter import FloodLimiter
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.fakes.telegram.flood import FloodControl

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # raised inside PTB on 429

GROUP = -1001222333444
PEOPLE = range(700_000_001, 700_000_101)


@pytest.fixture
async def flooded() -> AsyncIterator[FakeTelegram]:
    # a small group bucket keeps the test short: a burst of 4, then one message a second
    server = await FakeTelegram(flood=FloodControl(per_second=30, group_per_minute=60)).start()
    server.add_group(GROUP, forum=False)
    yield server
    await server.stop()


async def started(fake: FakeTelegram, limiter: FloodLimiter) -> ExtBot[None]:
    bot: ExtBot[None] = ExtBot(TOKEN, base_url=fake.api_url, rate_limiter=limiter)
    await bot.initialize()
    return bot


async def test_a_crowd_and_a_group_are_served_without_a_single_429(flooded: FakeTelegram) -> None:
    bot = await started(flooded, FloodLimiter(per_second=30, group_per_minute=60))
    try:
        async def cards() -> None:  # one after the other, as the outbox sends a group's cards
            for n in range(12):
                await bot.send_message(GROUP, f"card {n}")

        answers = [bot.send_message(person, f"answer {k} to {person}") for k in range(2) for person in PEOPLE]
        presses = [bot.get_chat(GROUP) for _ in range(40)]  # not a message: counted nowhere
        await asyncio.gather(cards(), *answers, *presses)
    finally:
        await bot.shutdown()
    assert flooded.flood is not None and flooded.flood.refused == 0
    assert [m["text"] for m in flooded.sent(GROUP)] == [f"card {n}" for n in range(12)]
    assert len(flooded.called("sendMessage")) == 212


async def test_a_429_goes_back_to_the_caller_and_pauses_everyone_for_its_wait(flooded: FakeTelegram) -> None:
    bot = await started(flooded, FloodLimiter())
    try:
        flooded.fail("sendMessage", retry_after=1)
        with pytest.raises(RetryAfter):
            await bot.send_message(PEOPLE[0], "refused")
        await bot.send_message(PEOPLE[1], "after the wait")
    finally:
        await bot.shutdown()
    refused, passed = flooded.called("sendMessage")
    assert refused.failed and not passed.failed, "the limiter does not retry: the outbox does"
    assert passed.at - refused.at >= 1.0


async def test_a_group_paused_by_a_429_holds_up_nobody_else(flooded: FakeTelegram) -> None:
    bot = await started(flooded, FloodLimiter())
    try:
        flooded.fail("sendMessage", retry_after=600)
        with pytest.raises(RetryAfter):
            await bot.send_message(GROUP, "card refused")
        waiting_card = asyncio.create_task(bot.send_message(GROUP, "card waits ten minutes"))
        await bot.send_message(PEOPLE[0], "answered meanwhile")
        await bot.get_chat(GROUP)
        assert not waiting_card.done()
        waiting_card.cancel()
    finally:
        await bot.shutdown()
    assert [c.params.get("text") for c in flooded.called("sendMessage")] == ["card refused", "answered meanwhile"]
