"""The campaign's instruments, checked against the real client libraries: the fakes' faults look
like the platforms' own, their records hold what a person saw, and the tally's rules count right.
(Not marked ``fault``: these are quick and run with the suite.)"""

from __future__ import annotations

import asyncio
import json
import random

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from tests.fakes.faults import FaultKind, FaultPlan, FaultRates
from tests.fakes.records import Delivery, Inbound
from tests.fakes.slack import FakeSlack
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.fakes.telegram.flood import FloodControl
from tests.support.crowd.customer import Customer, Said, asks, asks_anew, shape
from tests.support.crowd.tally import count_agents, duplicates, misfiled, question_numbers, split_lost

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # raised inside PTB on 429


def only(kind: str, **shape: object) -> FaultPlan:
    """Every call draws the one fault ``kind``."""
    return FaultPlan(FaultRates(**{kind: 1.0}, **shape, spared=frozenset({"getMe"})))  # type: ignore[arg-type]


async def bot_for(fake: FakeTelegram, read_timeout: float = 5.0) -> Bot:
    bot = Bot(TOKEN, base_url=fake.api_url, request=HTTPXRequest(read_timeout=read_timeout))
    await bot.initialize()
    return bot


@pytest.mark.parametrize("kind", [FaultKind.ACK_STATUS, FaultKind.ACK_CUT, FaultKind.ACK_HANG])
async def test_a_lost_acknowledgment_delivers_the_message_but_the_bot_hears_an_error(kind: FaultKind) -> None:
    fake = await FakeTelegram().start()
    try:
        bot = await bot_for(fake, read_timeout=0.3)
        fake.faults = FaultPlan(FaultRates(lost_ack=1.0, hang_seconds=0.6, lost_ack_ways=(kind,)))
        with pytest.raises((NetworkError, TimedOut)):
            await bot.send_message(700, "bonjour")
        (delivered,) = fake.by_place["700"]
        assert delivered.text == "bonjour" and not delivered.acknowledged
        assert fake.faults.injected == {kind: 1}
        await bot.shutdown()
    finally:
        await fake.stop()


async def test_a_rate_limit_says_how_long_to_wait_and_applies_nothing() -> None:
    fake = await FakeTelegram(faults=only("rate_limited", retry_after=(3, 3))).start()
    try:
        bot = await bot_for(fake)
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(700, "bonjour")
        assert raised.value.retry_after == 3 and not fake.deliveries
        await bot.shutdown()
    finally:
        await fake.stop()


async def test_a_group_takes_twenty_messages_then_asks_to_wait() -> None:
    fake = await FakeTelegram(flood=FloodControl()).start()
    fake.add_group(-100200, forum=False)
    try:
        bot = await bot_for(fake)
        for k in range(20):
            await bot.send_message(-100200, f"card {k}")
        with pytest.raises(RetryAfter) as raised:
            await bot.send_message(-100200, "card 20")
        assert 1 <= raised.value.retry_after <= 3  # a minute's bucket refills one message every 3 s
        await bot.send_message(700, "a private chat is not held up")
        await bot.shutdown()
    finally:
        await fake.stop()


async def test_updates_are_confirmed_when_the_offset_moves_past_them() -> None:
    fake = await FakeTelegram().start()
    try:
        bot = await bot_for(fake)
        pushed = await fake.push({"message": {"message_id": 1, "date": 0, "chat": {"id": 700, "type": "private"},
                                              "from": {"id": 700, "is_bot": False, "first_name": "A"}, "text": "x"}})
        (update,) = await bot.get_updates(timeout=0)
        inbound = fake.inbound[pushed["update_id"]]
        assert inbound.handed_out == 1 and not inbound.confirmed
        await bot.get_updates(offset=update.update_id + 1, timeout=0)
        assert inbound.confirmed
        await bot.shutdown()
    finally:
        await fake.stop()


async def test_slack_faults_look_like_slack() -> None:
    fake = FakeSlack(faults=only("rate_limited", retry_after=(2, 2)))
    await fake.start()
    try:
        client = AsyncWebClient(token="xoxb-test", base_url=fake.api_url)
        with pytest.raises(SlackApiError) as raised:
            await client.chat_postMessage(channel="C1", text="bonjour")
        assert raised.value.response.status_code == 429
        assert raised.value.response.headers["Retry-After"] == "2" and raised.value.response["error"] == "ratelimited"
        fake.faults = only("lost_ack", lost_ack_ways=(FaultKind.ACK_STATUS,))
        with pytest.raises(SlackApiError):
            await client.chat_postMessage(channel="C1", thread_ts="1.1", text="bonjour")
        (delivered,) = fake.by_place["C1/1.1"]
        assert delivered.text == "bonjour" and not delivered.acknowledged
    finally:
        await fake.stop()


async def test_an_envelope_is_sent_again_until_it_is_acked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tests.fakes.slack.server.ACK_DEADLINE", 0.2)
    fake = FakeSlack()
    await fake.start()
    try:
        inbound = fake.deliver("events_api", {"event": {"type": "message"}}, "C1", "bonjour")
        async with aiohttp.ClientSession() as session, session.ws_connect(fake.url.replace("http", "ws") + "/link") as ws:
            assert json.loads((await ws.receive()).data)["type"] == "hello"
            first = json.loads((await ws.receive()).data)
            again = json.loads((await asyncio.wait_for(ws.receive(), 2)).data)  # not acked in time: a retry
            assert again["retry_attempt"] == 1 and again["payload"] == first["payload"]
            await ws.send_str(json.dumps({"envelope_id": again["envelope_id"]}))
            await fake.wait_until(lambda: inbound.confirmed, what="the ack")
        assert inbound.handed_out == 2
    finally:
        await fake.stop()


def test_the_same_seed_draws_the_same_faults() -> None:
    rates = FaultRates.bad_day()
    first, second = FaultPlan(rates, 7), FaultPlan(rates, 7)
    assert [first.draw("sendMessage") for _ in range(200)] == [second.draw("sendMessage") for _ in range(200)]
    assert sum(first.injected.values()) > 10
    assert FaultPlan(FaultRates.bad_day(spared=frozenset({"getMe"})), 7).draw("getMe") is None


def _customer(recap: str) -> Customer:
    customer = Customer(line=None, number=7, summary="", answers=[], rng=random.Random(0))  # type: ignore[arg-type]
    customer.recap_text = recap
    return customer


def test_an_answer_filed_under_another_question_is_counted() -> None:
    numbers = question_numbers()
    assert numbers["Résumé"] == 1 and numbers["Impact"] == 8 and numbers["What happens instead"] == 6
    right = "Récapitulatif\n\nRésumé : mon export plante [c7 q1]\nRésultat attendu : un PDF [c7 q5]"
    assert misfiled(_customer(right), numbers) == 0
    wrong = "Recap\n\n*Summary*\nmy export fails [c7 q1]\n*Expected result*\nA PDF [c7 q4]\n*Already tried* : x [c8 q2]"
    assert misfiled(_customer(wrong), numbers) == 1  # another customer's tag is not theirs to count


def test_a_message_repeated_with_nothing_said_between_is_a_duplicate() -> None:
    a, b, c = (Delivery("1", str(n), text, [], at=float(n)) for n, text in enumerate(["(2/8) ?", "(2/8) ?", "(2/8) ?"]))
    assert duplicates([a, b], said_at=[]) == (1, 0)
    assert duplicates([a, b, c], said_at=[0.5, 1.5]) == (0, 0)  # each one answers something the person said
    a.acknowledged = False  # the bot heard "failed" about the first: the next is a copy
    assert duplicates([a, b, c], said_at=[0.5, 1.5]) == (1, 1)


def test_a_turn_ends_on_a_question_not_on_an_article_card() -> None:
    assert asks(Delivery("1", "1", "(3/8) Depuis quand ?", []))
    assert asks(Delivery("1", "1", "Récapitulatif", [("Envoyer", "4.ok")]))
    assert not asks(Delivery("1", "1", "📄 Compte verrouillé", [("Lire ici", "4.kr.0"), ("Pas ça", "4.kn.0")]))
    assert Inbound("1", "1", "x").confirmed is False


def test_a_question_edited_into_the_next_one_ends_a_turn_but_a_mark_of_answer_does_not() -> None:
    question = Delivery("1", "1", "(3/8) Depuis quand ?", [("Aujourd'hui", "4.a.since:today")])
    shown = shape(question)
    question.text, question.buttons, question.edited_at = "(3/8) Depuis quand ?\n\n✔ Aujourd'hui", [], 1.0
    assert not asks_anew(question, shown)
    question.buttons = [("Lire ici", "4.kr.0")]  # an article's buttons kept, the answers retired
    assert not asks_anew(question, shown)
    question.text, question.buttons = "(4/8) Combien ?", [("Moi", "4.a.users_affected:only_me")]
    assert asks_anew(question, shown)


def test_lost_typed_answers_are_told_apart_by_the_next_question() -> None:
    def said(text: str, question: int, outcome: str, answer: str = "") -> Said:
        item = Said(Inbound(text, "1", text), question, outcome, answer=answer)
        item.inbound.confirmed_at = 1.0
        return item

    never_handled = [said("ça plante [c1 q5]", 5, "unanswered"), said("ça plante [c1 q5]", 5, "answered", "(6/8) Et ?")]
    assert split_lost(never_handled) == (1, 0)
    reply_lost = [said("ça plante [c1 q5]", 5, "unanswered"), said("ça plante [c1 q5]", 5, "answered", "(7/8) Et ?")]
    assert split_lost(reply_lost) == (0, 1)
    pressed = [said("3.a.since:today", 3, "unanswered"), said("3.a.since:today", 3, "answered", "(4/8) ?")]
    assert split_lost(pressed) == (1, 0)
    stale = "Ce bouton appartient à une étape ou une demande précédente : il n'est plus valable.\n(4/8) ?"
    pressed_twice = [said("3.a.since:today", 3, "unanswered"), said("3.a.since:today", 3, "answered", stale)]
    assert split_lost(pressed_twice) == (0, 1)


def test_cards_and_topics_per_ticket_in_the_agents_forum() -> None:
    card = "SUP-000001 — l'export plante\nnew"
    first = Delivery("-100/501", "502", card, [("Prendre en charge", "T1.claim")], acknowledged=False)
    again = Delivery("-100/503", "504", card, [("Prendre en charge", "T1.claim")])
    topics = [Delivery(f"-100/{n}", str(n), "SUP-000001 · l'export plante", []) for n in (501, 503, 505)]
    topics[2].acknowledged = False
    places = {"-100/501": [first], "-100/503": [again], "-100/505": [], "700": [again]}
    tally = count_agents("forum", places, "-100", topics)
    assert tally.cards == {"SUP-000001": 2} and tally.cards_after_lost_ack == 1
    assert tally.topics == {"SUP-000001": 3}
    assert (tally.orphan_topics, tally.orphans_after_lost_ack) == (1, 1)
