"""Agents in a forum supergroup: a topic per ticket, actions on the card, replies relayed both ways.

The real core files the ticket, the real outbox worker delivers through the Telegram courier.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.storage.models import OutboxRow, OutboxStatus
from tests.fakes.telegram import FakeTelegram
from tests.telegram.conftest import (
    AGENTS_CHAT,
    Customer,
    Harness,
    labels,
    recorded,
    texts,
)

AGENT_ID = 900300400
_ids = itertools.count(50_000)


class Agent:
    """Someone in the agents' forum group."""

    def __init__(self, fake: FakeTelegram, user_id: int = AGENT_ID, first_name: str = "Agnès") -> None:
        self.fake = fake
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name, "last_name": "Support", "language_code": "fr"}

    async def write(self, topic: int, text: str) -> list[dict[str, Any]]:
        update = recorded("agents_topic_message")
        message = update["message"]
        message.update(message_id=next(_ids), text=text, message_thread_id=topic, **{"from": self.user})
        message["reply_to_message"].update(message_id=topic, message_thread_id=topic)
        return await self._send(update)

    async def press(self, card: dict[str, Any], label: str) -> list[dict[str, Any]]:
        [data] = [b["callback_data"] for row in card["reply_markup"]["inline_keyboard"] for b in row if label in b["text"]]
        update = recorded("private_callback")
        update["callback_query"].update(id=str(next(_ids)), data=data, message=card, **{"from": self.user})
        return await self._send(update)

    async def _send(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        since = self.fake.mark()
        await self.fake.push(update)
        await self.fake.settle(since)
        return self.fake.sent(AGENTS_CHAT, since=since)


@pytest.fixture(params=["polling"])
async def desk(request: pytest.FixtureRequest, fake: FakeTelegram, make_bot: Any) -> Any:
    harness = Harness(fake, make_bot, request.param)
    await harness.start(agents=f"telegram:{AGENT_ID}")
    yield harness
    await harness.stop()


async def deliver(harness: Harness) -> int:
    """Wait until the runtime's worker delivered everything due; returns how many messages it delivered in all."""
    assert harness.bot is not None
    await harness.drained()
    with harness.bot.sessions() as session:
        return session.scalar(select(func.count()).select_from(OutboxRow).where(
            OutboxRow.status == OutboxStatus.DELIVERED)) or 0


async def file_ticket(customer: Customer) -> str:
    await customer.say("/start")
    for answer in ["le bouton imprimer du module facturation ne répond pas", "Erreur 500", "aujourd'hui", "moi",
                   "un PDF", "rien", "rien", "contourner"]:
        await customer.say(answer)
    sent = await customer.press("Envoyer la demande")
    return texts(sent)


@pytest.mark.parametrize("desk", ["polling", "webhook"], indirect=True)
async def test_a_ticket_gets_a_topic_and_agents_work_it_from_there(desk: Harness, fake: FakeTelegram, customer: Customer) -> None:
    assert "SUP-000001" in await file_ticket(customer)
    assert await deliver(desk) >= 1

    [topic] = fake.called("createForumTopic")
    assert topic.params["name"].startswith("SUP-000001 · le bouton imprimer")
    [card] = [m for m in fake.sent(AGENTS_CHAT) if m["text"].startswith("SUP-000001")]
    thread = card["message_thread_id"]
    assert "Prendre en charge" in labels(card) and "Répondre au demandeur" in labels(card)

    # Claim from the card: the card is edited in place through the outbox.
    await Agent(fake).press(card, "Prendre en charge")
    await deliver(desk)
    assert "Agnès Support" in fake.messages[(AGENTS_CHAT, card["message_id"])]["text"]
    confirmation = fake.called("answerCallbackQuery")[-1].params
    assert "prise en charge par Agnès" in confirmation["text"], "shown to the agent alone"

    # Reply to the requester: the bare button, then the text typed in the topic.
    prompt = await Agent(fake).press(fake.messages[(AGENTS_CHAT, card["message_id"])], "Répondre au demandeur")
    assert prompt and all(m["message_thread_id"] == thread for m in prompt), "answers stay in the ticket's topic"
    since = fake.mark()
    await Agent(fake).write(thread, "Pouvez-vous essayer avec <Chrome> & nous dire ?")
    await deliver(desk)
    to_customer = texts(fake.sent(customer.id, since=since))
    assert "Pouvez-vous essayer avec <Chrome> & nous dire ?" in to_customer

    # Ask for information: the customer's next message is the answer, and lands in the topic.
    await Agent(fake).press(fake.messages[(AGENTS_CHAT, card["message_id"])], "Demander des informations")
    since = fake.mark()
    await Agent(fake).write(thread, "Quelle version de Chrome ?")
    await deliver(desk)
    assert "Quelle version de Chrome ?" in texts(fake.sent(customer.id, since=since))
    since = fake.mark()
    await customer.say("Chrome 131, et avec Firefox ça marche !")
    await deliver(desk)
    relayed = [m for m in fake.sent(AGENTS_CHAT, since=since) if "Chrome 131, et avec Firefox" in m["text"]]
    assert relayed and relayed[0]["message_thread_id"] == thread

    # Resolve from the card; the customer confirms and rates: the ticket is closed with a score.
    await Agent(fake).press(fake.messages[(AGENTS_CHAT, card["message_id"])], "Résoudre")
    await deliver(desk)
    await customer.press("Oui, c'est réglé")
    assert "4/5" in texts(await customer.press("★★★★"))
    await customer.say("Très réactif")
    await deliver(desk)
    closing = texts(fake.sent(AGENTS_CHAT, since=since))
    assert "Satisfaction du demandeur : 4/5" in closing and "Très réactif" in closing
    assert not labels(fake.messages[(AGENTS_CHAT, card["message_id"])])  # closed: no more actions


async def test_someone_who_is_not_an_agent_gets_an_alert_not_a_message(
    desk: Harness, fake: FakeTelegram, customer: Customer
) -> None:
    await file_ticket(customer)
    await deliver(desk)
    [card] = [m for m in fake.sent(AGENTS_CHAT) if m["text"].startswith("SUP-000001")]

    sent = await Agent(fake, user_id=111222333, first_name="Intrus").press(card, "Prendre en charge")

    assert sent == []
    answer = fake.called("answerCallbackQuery")[-1].params
    assert answer["show_alert"] is True and "Seuls les agents" in answer["text"]
    assert labels(fake.messages[(AGENTS_CHAT, card["message_id"])]) == labels(card), "the card is untouched"


async def test_chatter_in_the_agents_group_gets_no_answer(desk: Harness, fake: FakeTelegram) -> None:
    def in_general(text: str) -> dict[str, Any]:
        update = recorded("agents_topic_message")
        update["message"].update(message_id=next(_ids), text=text, is_topic_message=False)
        del update["message"]["message_thread_id"], update["message"]["reply_to_message"]
        return update

    since = fake.mark()
    await fake.push(in_general("quelqu'un a vu mes clés ?"))
    await fake.push(in_general("/list"))  # handled in order: once this is answered, the chatter was handled too
    await fake.settle(since)

    [answer] = fake.sent(AGENTS_CHAT, since=since)
    assert "SUP-" not in answer["text"] and "clés" not in answer["text"]
    assert answer["reply_to_message"]["text"] == "/list", "in a group, the bot answers as a reply"
