"""A Telegram customer's photos and documents reach the agents' Telegram group, re-sent by file id.

The real core files the ticket; the real outbox worker delivers the card through the Telegram
courier, which sends the files after it in the ticket's topic (or reply chain).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from bot.storage.models import OutboxRow, OutboxStatus
from tests.fakes.telegram import FakeTelegram
from tests.telegram.conftest import AGENTS_CHAT, Customer, Harness
from tests.telegram.test_agents import AGENT_ID, Agent, deliver

PHOTO_ID = "AgACAgQAAxkBAAIBsmlowbig"
PDF_ID = "BQACAgQAAxkBAAIBs2pdf"
PDF_NAME = "facture-novembre.pdf"
LATER_PHOTO_ID = "AgACAgQAAxkBAAIBsmlater"


@pytest.fixture
async def desk(fake: FakeTelegram, make_bot: Any) -> Any:
    harness = Harness(fake, make_bot, "polling")
    await harness.start(agents=f"telegram:{AGENT_ID}")
    yield harness
    await harness.stop()


def photo(customer: Customer, file_id: str = PHOTO_ID, unique: str = "AQADbig") -> dict[str, Any]:
    update = customer.message(template="private_photo")
    del update["message"]["caption"]
    update["message"]["photo"][-1].update(file_id=file_id, file_unique_id=unique)
    return update


def pdf(customer: Customer) -> dict[str, Any]:
    update = customer.message(template="private_document")
    update["message"]["document"].update(file_name=PDF_NAME, mime_type="application/pdf", file_id=PDF_ID,
                                         file_unique_id="AgADpdf", file_size=81_920)
    return update


async def file_ticket_with_files(fake: FakeTelegram, customer: Customer) -> None:
    fake.add_file(PHOTO_ID, b"\xff\xd8 screenshot", file_path="photos/file_7.jpg")
    fake.add_file(PDF_ID, b"%PDF-1.7 invoice", file_path="documents/file_8.pdf")
    await customer.say("/start")
    await customer.say("le bouton imprimer du module facturation ne répond pas")
    await customer.send(photo(customer))
    await customer.send(pdf(customer))
    for answer in ["Erreur 500", "aujourd'hui", "moi", "un PDF", "rien", "rien", "contourner"]:
        await customer.say(answer)
    await customer.press("Envoyer la demande")


def the_card(fake: FakeTelegram) -> dict[str, Any]:
    [card] = [m for m in fake.sent(AGENTS_CHAT) if m["text"].startswith("SUP-000001 — ")]
    return card


def position(fake: FakeTelegram, method: str, **params: Any) -> int:
    """Where in the recorded calls the (successful) call of ``method`` with these params is."""
    [index] = [i for i, c in enumerate(fake.calls) if c.method == method and not c.failed
               and all(c.params.get(k) == v for k, v in params.items())]
    return index


@pytest.mark.parametrize("forum", [True, False], ids=["forum-topic", "reply-chain"])
async def test_the_customers_photo_and_pdf_follow_the_card_by_their_file_ids(
    forum: bool, fake: FakeTelegram, customer: Customer, make_bot: Any
) -> None:
    fake.add_group(AGENTS_CHAT, forum=forum)
    harness = Harness(fake, make_bot, "polling")
    await harness.start(agents=f"telegram:{AGENT_ID}")
    try:
        await file_ticket_with_files(fake, customer)
        await deliver(harness)
    finally:
        await harness.stop()

    card = the_card(fake)
    assert "photo-AQADbig.jpg" in card["text"] and PDF_NAME in card["text"], "the card still lists them"
    shown = fake.sent_files(AGENTS_CHAT)
    assert [m.get("photo", [{}])[0].get("file_id") or m["document"]["file_id"] for m in shown] == [PHOTO_ID, PDF_ID]
    assert "photo" in shown[0] and "document" in shown[1], "a photo is re-sent as a photo, a PDF as a document"
    assert [m["caption"] for m in shown] == ["SUP-000001 · 📎 photo-AQADbig.jpg", f"SUP-000001 · 📎 {PDF_NAME}"]
    if forum:
        assert all(m["message_thread_id"] == card["message_thread_id"] for m in shown), "in the ticket's topic"
    else:
        assert all(m["reply_to_message"]["message_id"] == card["message_id"] for m in shown), "replies to the card"
    card_at = position(fake, "sendMessage", result=card["message_id"])
    assert card_at < position(fake, "sendPhoto", photo=PHOTO_ID) < position(fake, "sendDocument", document=PDF_ID)


async def test_a_later_photo_follows_the_relayed_message_into_the_topic(
    desk: Harness, fake: FakeTelegram, customer: Customer
) -> None:
    await file_ticket_with_files(fake, customer)
    await deliver(desk)
    card = the_card(fake)
    topic = card["message_thread_id"]
    await Agent(fake).press(card, "Demander des informations")
    await Agent(fake).write(topic, "Pouvez-vous envoyer une capture de l'aperçu ?")
    await deliver(desk)

    fake.add_file(LATER_PHOTO_ID, b"\xff\xd8 preview", file_path="photos/file_9.jpg")
    since = fake.mark()
    await customer.send(photo(customer, LATER_PHOTO_ID, "AQADlater"))  # no caption: the answer is the picture
    await deliver(desk)

    [relayed] = [m for m in fake.sent(AGENTS_CHAT, since=since) if "💬" in m["text"]]
    assert "photo-AQADlater.jpg" in relayed["text"] and relayed["message_thread_id"] == topic
    [later] = fake.sent_files(AGENTS_CHAT, since=since)
    assert later["photo"][0]["file_id"] == LATER_PHOTO_ID and later["message_thread_id"] == topic
    assert position(fake, "sendMessage", result=relayed["message_id"]) < position(fake, "sendPhoto", photo=LATER_PHOTO_ID)


async def test_a_refused_file_id_leaves_the_card_delivered_and_a_notice_in_its_place(
    desk: Harness, fake: FakeTelegram, customer: Customer
) -> None:
    fake.refuse_file_id(PDF_ID)  # re-sending it fails; fetching it (getFile) still works
    await file_ticket_with_files(fake, customer)

    await deliver(desk)

    card = the_card(fake)
    [shown] = fake.sent_files(AGENTS_CHAT)
    assert shown["photo"][0]["file_id"] == PHOTO_ID, "the other file still goes"
    assert [c.failed for c in fake.called("sendDocument")] == [True], "tried once: the card is not sent again"
    [notice] = [m for m in fake.sent(AGENTS_CHAT) if "n'a pas pu être transmis" in m["text"]]
    assert PDF_NAME in notice["text"] and notice["message_thread_id"] == card["message_thread_id"]
    assert len(fake.called("createForumTopic")) == 1
    with desk.bot.sessions() as session:  # type: ignore[union-attr]
        statuses = set(session.scalars(select(OutboxRow.status)))
    assert statuses == {OutboxStatus.DELIVERED}
