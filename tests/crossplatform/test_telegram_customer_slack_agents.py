"""A Telegram customer's ticket handled by agents in Slack: the core relays between platforms.

One bot process runs both real platform libraries against their fakes on 127.0.0.1; the
real outbox worker delivers through both couriers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from adapters.slack import SlackService
from adapters.telegram import TelegramService
from bot.bootstrap import SupportBot, build
from bot.runtime import Runtime
from bot.settings import Settings
from tests.fakes.slack import FakeSlack
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.slack.workspace import AGENTS, SIGNING_SECRET, SUPPORT, Workspace, buttons_of, text_of
from tests.support.clock import FakeClock
from tests.telegram.conftest import TEST_LIMITS, Customer, texts

AGENT = "U0AGENT01"


class BothPlatforms:
    def __init__(self, bot: SupportBot, slack: Workspace, telegram: TelegramService, fake_telegram: FakeTelegram) -> None:
        self.bot, self.slack, self.telegram, self.fake_telegram = bot, slack, telegram, fake_telegram

    async def deliver(self) -> None:
        await self.slack.drained()

    def card(self) -> Any:
        cards = [c for c in self.slack.fake.calls_to("chat.postMessage") if c.params["channel"] == AGENTS
                 and "thread_ts" not in c.params]
        assert len(cards) == 1, cards
        edits = [c for c in self.slack.fake.calls_to("chat.update") if c.params["ts"] == cards[0].answer_ts]
        return edits[-1] if edits else cards[0]


@pytest.fixture
async def platforms(make_settings: Callable[..., Settings], clock: FakeClock) -> AsyncIterator[BothPlatforms]:
    fake_slack = FakeSlack(users={AGENT: {"real_name": "Agnès Support", "display_name": "agnes", "locale": "fr-FR"}})
    await fake_slack.start()
    fake_telegram = await FakeTelegram().start()
    settings = make_settings(
        slack_bot_token="xoxb-test", slack_app_token="xapp-test", slack_signing_secret=SIGNING_SECRET,
        slack_mode="socket", slack_support_channel=SUPPORT, slack_agents_channel=AGENTS,
        slack_api_url=fake_slack.api_url,
        telegram_bot_token=TOKEN, telegram_api_url=fake_telegram.api_url, telegram_file_api_url=fake_telegram.file_url,
        telegram_mode="polling", agents=f"slack:{AGENT}",
    )
    bot = build(settings, clock=clock, with_kb=False)
    runtime = Runtime(bot, "cross-test")
    slack_service = SlackService(bot, runtime, http_host="127.0.0.1")
    telegram_service = TelegramService(bot, runtime, TEST_LIMITS)
    runtime.add_courier(slack_service.courier)
    runtime.add_courier(telegram_service.courier)
    await runtime.start()
    await slack_service.start()
    await telegram_service.start()
    yield BothPlatforms(bot, Workspace(fake_slack, slack_service, "socket", runtime), telegram_service, fake_telegram)
    await telegram_service.stop()
    await slack_service.stop()
    await runtime.stop()
    bot.close()
    await fake_telegram.stop()
    await fake_slack.stop()


async def test_a_telegram_customer_is_helped_by_agents_in_slack(platforms: BothPlatforms) -> None:
    customer = Customer(platforms.fake_telegram)
    slack = platforms.slack
    await customer.say("/start")
    for answer in ["Le module de facturation refuse de générer les avoirs", "Erreur 422", "aujourd'hui", "moi",
                   "un avoir en PDF", "un message rouge", "rien", "contourner"]:
        await customer.say(answer)
    filed = texts(await customer.press("Envoyer la demande"))
    assert "SUP-000001" in filed

    # The card reaches the agents' channel in Slack.
    await platforms.deliver()
    card = platforms.card()
    assert "SUP-000001" in text_of(card) and "Camille Dupont (telegram)" in text_of(card)

    # An agent claims it in Slack; the customer is told on Telegram.
    since = platforms.fake_telegram.mark()
    mark = slack.mark()
    await slack.press(card, "Prendre en charge", user=AGENT)
    await slack.fake.wait_for("chat.postEphemeral", since=mark)
    await platforms.deliver()
    assert "prise en charge par Agnès Support" in texts(platforms.fake_telegram.sent(customer.id, since=since))
    assert "Agnès Support" in text_of(platforms.card())

    # A note in the ticket's Slack thread stays internal; an explicit reply crosses to Telegram.
    since = platforms.fake_telegram.mark()
    for text in ("client sur une vieille version", "!reply Pouvez-vous mettre à jour en 2026.2 puis réessayer ?"):
        mark = slack.mark()
        await slack.say(text, user=AGENT, channel=AGENTS, thread=card.answer_ts)
        await slack.fake.wait_for("chat.postEphemeral", since=mark)  # the desk has handled it
    await platforms.deliver()
    to_customer = texts(platforms.fake_telegram.sent(customer.id, since=since))
    assert "Pouvez-vous mettre à jour en 2026.2" in to_customer
    assert "vieille version" not in to_customer

    # The customer answers by replying to that notice on Telegram; it shows up in the Slack thread.
    [notice] = [m for m in platforms.fake_telegram.sent(customer.id, since=since) if "2026.2" in m["text"]]
    mark = slack.mark()
    await customer.send(customer.message("C'est bon après la mise à jour, merci !", reply_to_message=notice))
    await platforms.deliver()
    relayed = [text_of(c) for c in slack.fake.calls[mark:]
               if c.method == "chat.postMessage" and c.params.get("thread_ts") == card.answer_ts]
    assert any("C'est bon après la mise à jour" in t for t in relayed)

    # Resolved in Slack (with a message to the customer, in the form's labelled field), confirmed and
    # rated on Telegram.
    mark = slack.mark()
    await slack.press(platforms.card(), "Résoudre", user=AGENT)
    (opened,) = await slack.fake.wait_for("views.open", since=mark)
    [field] = opened.params["view"]["blocks"]
    assert field["optional"] and field["label"]["text"].startswith("Message au demandeur (facultatif")
    mark = slack.mark()
    since = platforms.fake_telegram.mark()  # the worker delivers as soon as the submission's turn commits
    await slack.submit(opened, {field["label"]["text"]: "Corrigé par la version 2026.3"}, user=AGENT)
    await slack.fake.wait_for("chat.postEphemeral", since=mark)
    await platforms.deliver()
    [question] = [m for m in platforms.fake_telegram.sent(customer.id, since=since) if "résolue" in m["text"]]
    assert "Message du support : Corrigé par la version 2026.3" in question["text"]
    await customer.press("Oui, c'est réglé")
    rated = texts(await customer.press("★★★★★"))
    assert "5/5" in rated
    await platforms.deliver()
    assert not buttons_of(platforms.card())  # closed: no more actions on the card
    with platforms.bot.sessions() as session:
        from bot.tickets.repository import TicketRepository

        ticket = TicketRepository(session).by_reference("SUP-000001", lock=False)
        assert ticket is not None and ticket.status == "closed" and ticket.satisfaction_score == 5
        assert ticket.requester_platform == "telegram" and ticket.assignee_platform == "slack"


async def test_the_runner_delivers_cards_by_itself_and_stops_cleanly(
    make_settings: Callable[..., Settings], clock: FakeClock
) -> None:
    """`supportbot run`'s loop: both platforms, the outbox worker and the SLA watch in one process."""
    import asyncio

    from adapters.cli.run import sla_watch_for
    from adapters.runner import run_platforms

    fake_slack = FakeSlack(users={})
    await fake_slack.start()
    fake_telegram = await FakeTelegram().start()
    settings = make_settings(
        slack_bot_token="xoxb-test", slack_app_token="xapp-test", slack_agents_channel=AGENTS,
        slack_api_url=fake_slack.api_url, telegram_bot_token=TOKEN, telegram_api_url=fake_telegram.api_url,
        telegram_file_api_url=fake_telegram.file_url, outbox_poll_seconds=0.05,
    )
    bot = build(settings, clock=clock, with_kb=False)
    stop = asyncio.Event()
    running = asyncio.create_task(run_platforms(bot, sla_watch_for(bot, "test"), stop))
    try:
        customer = Customer(fake_telegram)
        for _ in range(100):  # the services connect in the background
            if fake_telegram.called("getUpdates"):
                break
            await asyncio.sleep(0.02)
        await customer.say("Impossible d'ouvrir le module stocks depuis ce matin")
        for answer in ["aucun", "aujourd'hui", "tout le monde", "la liste", "page blanche", "rien", "bloquant"]:
            await customer.say(answer)
        await customer.press("Envoyer la demande")
        card = await fake_slack.wait_for("chat.postMessage")
        assert "Impossible d'ouvrir le module stocks" in text_of(card[-1])
    finally:
        stop.set()
        assert await asyncio.wait_for(running, 10) == 0
        bot.close()
        await fake_telegram.stop()
        await fake_slack.stop()
