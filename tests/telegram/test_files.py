"""Photos and documents become attachments through getFile; too big for a bot, the customer is told."""

from __future__ import annotations

from sqlalchemy import select

from bot.storage.models import ConversationRow
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.telegram.conftest import Customer, Harness, texts


def attachments(tg: Harness) -> list[dict[str, object]]:
    with tg.bot.sessions() as session:  # type: ignore[union-attr]
        return list(session.scalars(select(ConversationRow)).one().attachments)


async def test_a_photo_without_text_is_attached_through_get_file(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    fake.add_file("AgACAgQAAxkBAAIBsmlowbig", b"\x89PNG fake screenshot", file_path="photos/file_7.jpg")
    await customer.say("/start")
    await customer.say("le bouton imprimer du module facturation ne répond pas")

    photo = customer.message(template="private_photo")
    del photo["message"]["caption"]
    sent = await customer.send(photo)

    assert [c.params["file_id"] for c in fake.called("getFile")] == ["AgACAgQAAxkBAAIBsmlowbig"], "the largest size"
    assert "Pièce jointe ajoutée à votre demande : photo-AQADbig.jpg" in texts(sent)
    assert "(2/8)" in sent[-1]["text"], "the question is asked again"
    [stored] = attachments(tg)
    assert stored == {
        "name": "photo-AQADbig.jpg", "content_type": "image/jpeg", "size": 48213,
        "url": None, "platform_file_id": "AgACAgQAAxkBAAIBsmlowbig", "platform": "telegram", "platform_kind": "photo",
    }
    assert TOKEN not in str(stored), "the download url carries the bot token: it is never stored"


async def test_a_document_with_a_caption_answers_and_attaches(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    fake.add_file("BQACAgQAAxkBAAIBs2log", b"2026-11-17 ERROR export failed\n", file_path="documents/file_9.log")
    await customer.say("/start")
    await customer.say("le bouton imprimer du module facturation ne répond pas")
    document = customer.message(template="private_document", caption="Erreur 500 dans le journal")

    sent = await customer.send(document)

    assert "journal-export.log" in texts(sent)
    assert "(3/8)" in sent[-1]["text"], "the caption answered the question"
    assert [a["content_type"] for a in attachments(tg)] == ["text/plain"]


async def test_a_file_over_20_mb_is_not_attached_and_the_customer_is_told(
    tg: Harness, fake: FakeTelegram, customer: Customer
) -> None:
    await customer.say("/start")
    await customer.say("le bouton imprimer du module facturation ne répond pas")
    update = customer.message(template="private_document")
    update["message"]["document"].update(file_name="capture-ecran.mp4", file_size=25 * 1024 * 1024)

    sent = await customer.send(update)

    assert "capture-ecran.mp4" in texts(sent) and "20 Mo" in texts(sent)
    assert fake.called("getFile") == []
    assert attachments(tg) == []


async def test_a_picture_can_open_the_conversation(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    fake.add_file("AgACAgQAAxkBAAIBsmlowbig", b"jpeg", file_path="photos/file_8.jpg")
    sent = await customer.send(customer.message(template="private_photo", caption=""))

    assert sent, "answered like any other first message"
    assert [a["name"] for a in attachments(tg)] == ["photo-AQADbig.jpg"]
