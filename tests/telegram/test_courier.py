"""The courier on its own: ticket topics (or reply chains in a plain group), edits, long messages."""

from __future__ import annotations

import logging

import pytest

from bot.delivery import Delivery, DeliveryReceipt, OutboundKind
from bot.messages import (
    Choice,
    Destination,
    Platform,
    RecapField,
    TextReply,
    TicketCard,
)
from tests.fakes.telegram import FakeTelegram
from tests.telegram.conftest import AGENTS_CHAT, Harness, labels, styled

PLAIN_GROUP = -1001555000111
CARD = TicketCard(
    "SUP-000042", "Le bouton <imprimer> ne répond pas",
    (RecapField("Impact", "Je ne peux pas faire ma tâche"), RecapField("Message d'erreur", "Erreur 500 & co")),
    (Choice("42.take", "Je m'en occupe"), Choice("42.reply", "Répondre au demandeur", needs_text="Votre réponse")),
    status="Nouveau",
)


def agents(thread: str | None = None, chat: int = AGENTS_CHAT) -> Destination:
    return Destination(Platform.TELEGRAM, str(chat), thread)


async def test_a_new_ticket_opens_a_forum_topic_with_its_card(tg: Harness, fake: FakeTelegram) -> None:
    courier = tg.service.courier  # type: ignore[union-attr]
    receipt = await courier.deliver(Delivery(agents(), (CARD,), OutboundKind.AGENT_CARD,
                                             open_thread="SUP-000042 Le bouton <imprimer> ne répond pas"))

    [topic] = fake.called("createForumTopic")
    assert topic.params["name"] == "SUP-000042 Le bouton <imprimer> ne répond pas"
    [card] = fake.sent(AGENTS_CHAT)
    assert receipt == DeliveryReceipt(str(card["message_id"]), thread=str(card["message_thread_id"]))
    assert card["is_topic_message"]
    assert card["text"].startswith("SUP-000042 — Le bouton <imprimer> ne répond pas\nNouveau")
    assert styled(card, "bold")[0] == "SUP-000042 — Le bouton <imprimer> ne répond pas"
    assert "Message d'erreur : Erreur 500 & co" in card["text"]
    assert labels(card) == ["Je m'en occupe", "Répondre au demandeur"]

    follow_up = await courier.deliver(Delivery(agents(receipt.thread), (TextReply("Camille a écrit : merci !"),),
                                               OutboundKind.AGENT_THREAD))
    message = fake.sent(AGENTS_CHAT)[-1]
    assert message["message_thread_id"] == int(str(receipt.thread))
    assert follow_up.message_id == str(message["message_id"])


async def test_in_a_plain_group_the_card_is_the_thread(tg: Harness, fake: FakeTelegram) -> None:
    fake.add_group(PLAIN_GROUP, forum=False)
    courier = tg.service.courier  # type: ignore[union-attr]
    receipt = await courier.deliver(Delivery(agents(chat=PLAIN_GROUP), (CARD,), OutboundKind.AGENT_CARD,
                                             open_thread="SUP-000042"))

    assert fake.called("createForumTopic") == []
    [card] = fake.sent(PLAIN_GROUP)
    assert receipt == DeliveryReceipt(str(card["message_id"]), thread=str(card["message_id"]))

    await courier.deliver(Delivery(agents(receipt.thread, PLAIN_GROUP), (TextReply("Relance"),), OutboundKind.AGENT_THREAD))
    reply = fake.sent(PLAIN_GROUP)[-1]
    assert reply["reply_to_message"]["message_id"] == card["message_id"]


async def test_a_group_that_says_it_is_not_a_forum_gets_reply_chains(tg: Harness, fake: FakeTelegram) -> None:
    fake.add_group(PLAIN_GROUP, forum=True)  # getChat says forum...
    fake.fail("createForumTopic", description="Bad Request: the chat is not a forum")  # ...topics disabled since
    receipt = await tg.service.courier.deliver(  # type: ignore[union-attr]
        Delivery(agents(chat=PLAIN_GROUP), (CARD,), OutboundKind.AGENT_CARD, open_thread="SUP-000042")
    )
    [card] = fake.sent(PLAIN_GROUP)
    assert receipt.thread == str(card["message_id"])


async def test_a_card_update_edits_the_card_in_place(tg: Harness, fake: FakeTelegram) -> None:
    courier = tg.service.courier  # type: ignore[union-attr]
    receipt = await courier.deliver(Delivery(agents(), (CARD,), OutboundKind.AGENT_CARD, open_thread="SUP-000042"))
    taken = TicketCard(CARD.reference, CARD.title, CARD.fields, (Choice("42.close", "Clore"),), status="Pris par Agnès")

    again = await courier.deliver(Delivery(agents(receipt.thread), (taken,), OutboundKind.CARD_UPDATE, edit=receipt))
    await courier.deliver(Delivery(agents(receipt.thread), (taken,), OutboundKind.CARD_UPDATE, edit=receipt))

    assert again == receipt
    card = fake.messages[(AGENTS_CHAT, int(receipt.message_id))]
    assert "Pris par Agnès" in card["text"]
    assert labels(card) == ["Clore"]
    assert len(fake.called("editMessageText")) == 2, "the second, identical edit is not an error"


async def test_a_notice_over_4096_characters_arrives_in_clean_parts(tg: Harness, fake: FakeTelegram) -> None:
    words = " ".join(f"mot{i}" for i in range(1500))  # about 10,000 characters, as an agent's long answer
    reply = TextReply(f"Réponse de l'agent :\n{words}", choices=(Choice("7.rate", "Noter la réponse"),))
    await tg.service.courier.deliver(  # type: ignore[union-attr]
        Delivery(Destination(Platform.TELEGRAM, "700100200"), (reply,), OutboundKind.REQUESTER_NOTICE)
    )

    parts = fake.sent(700100200)
    assert len(parts) == 3
    assert all(len(p["text"].encode("utf-16-le")) // 2 <= 4096 for p in parts)
    assert [labels(p) for p in parts] == [[], [], ["Noter la réponse"]]
    assert " ".join(p["text"] for p in parts).split() == f"Réponse de l'agent : {words}".split()


async def test_a_button_id_over_64_bytes_is_dropped_not_fatal(
    tg: Harness, fake: FakeTelegram, caplog: pytest.LogCaptureFixture
) -> None:
    reply = TextReply("Choisissez", choices=(Choice("1." + "x" * 70, "Trop long"), Choice("1.ok", "Valider")))
    with caplog.at_level(logging.ERROR):
        await tg.service.courier.deliver(  # type: ignore[union-attr]
            Delivery(Destination(Platform.TELEGRAM, "700100200"), (reply,), OutboundKind.REQUESTER_NOTICE)
        )
    assert labels(fake.sent(700100200)[-1]) == ["Valider"]
    assert "Trop long" in caplog.text
