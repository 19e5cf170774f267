"""The courier the outbox delivers through: threads, edits, and failures the outbox can act on."""

from __future__ import annotations

import pytest

from bot.delivery import Delivery, DeliveryError, DeliveryReceipt, OutboundKind
from bot.messages import (
    Choice,
    Destination,
    Platform,
    RecapField,
    TextReply,
    TicketCard,
)
from tests.slack.workspace import AGENTS, SUPPORT, Workspace, text_of

CARD = TicketCard("SUP-000042", "L'export <!channel> plante", (RecapField("Statut", "Nouvelle"),),
                  (Choice("T42.claim", "Prendre en charge"), Choice("T42.ask", "Demander", needs_text="Question")), "new")


async def test_a_card_opens_its_own_thread(slack: Workspace) -> None:
    delivery = Delivery(Destination(Platform.SLACK, AGENTS), (CARD, TextReply("Pièces jointes : 2")),
                        OutboundKind.AGENT_CARD, open_thread="SUP-000042 · L'export plante")
    receipt = await slack.service.courier.deliver(delivery)
    card, follow_up = slack.posts(channel=AGENTS)
    assert receipt == DeliveryReceipt(message_id=card.answer_ts, thread=card.answer_ts)
    assert "thread_ts" not in card.params and follow_up.params["thread_ts"] == card.answer_ts
    assert card.params["blocks"][0] == {"type": "header", "block_id": "sb.ticket",
                                        "text": {"type": "plain_text", "text": "SUP-000042"}}
    assert "<!channel>" not in text_of(card) and "&lt;!channel&gt;" in text_of(card)
    ask = [e for b in card.params["blocks"] if b["type"] == "actions" for e in b["elements"]][1]
    assert ask["value"] == "T42.ask" and ask["action_id"] == "sb.ask.1:Question"


async def test_an_edit_updates_the_card_in_place(slack: Workspace) -> None:
    receipt = DeliveryReceipt(message_id="1700000001.000001", thread="1700000001.000001")
    delivery = Delivery(Destination(Platform.SLACK, AGENTS), (CARD,), OutboundKind.CARD_UPDATE, edit=receipt)
    assert await slack.service.courier.deliver(delivery) == receipt
    (update,) = slack.fake.calls_to("chat.update")
    assert update.params["ts"] == "1700000001.000001" and update.params["channel"] == AGENTS


async def test_a_notice_goes_into_the_requesters_thread(slack: Workspace) -> None:
    delivery = Delivery(Destination(Platform.SLACK, SUPPORT, "1715000000.000100"), (TextReply("Prise en charge"),),
                        OutboundKind.REQUESTER_NOTICE)
    receipt = await slack.service.courier.deliver(delivery)
    (notice,) = slack.posts(channel=SUPPORT)
    assert notice.params["thread_ts"] == "1715000000.000100"
    assert receipt == DeliveryReceipt(message_id=notice.answer_ts, thread="1715000000.000100")


async def test_rate_limit_is_retried_then_reported_with_retry_after(slack: Workspace) -> None:
    delivery = Delivery(Destination(Platform.SLACK, SUPPORT), (TextReply("x"),), OutboundKind.REQUESTER_NOTICE)
    slack.fake.fail_next("chat.postMessage", retry_after=0, times=1)
    await slack.service.courier.deliver(delivery)  # one 429: retried by the client, delivered
    assert len(slack.posts()) == 1
    slack.fake.fail_next("chat.postMessage", retry_after=0, times=4)
    with pytest.raises(DeliveryError) as raised:
        await slack.service.courier.deliver(delivery)
    assert raised.value.retry and raised.value.retry_after == 0


async def test_a_permanent_refusal_is_not_retried(slack: Workspace) -> None:
    slack.fake.fail_next("chat.postMessage", status=200, error="channel_not_found", retry_after=None)
    delivery = Delivery(Destination(Platform.SLACK, "C0GONE0001"), (TextReply("x"),), OutboundKind.AGENT_THREAD)
    with pytest.raises(DeliveryError) as raised:
        await slack.service.courier.deliver(delivery)
    assert raised.value.retry is False
