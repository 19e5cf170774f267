"""Every neutral reply survives a trip through the outbox's JSON payload."""

from __future__ import annotations

import json

import pytest

from bot.delivery import DeliveryReceipt
from bot.messages import (
    ArticleCard,
    Attachment,
    Choice,
    Destination,
    ForwardedFile,
    Platform,
    RecapCard,
    RecapField,
    Reply,
    TextReply,
    TicketCard,
)
from bot.outbox.codec import (
    Payload,
    PayloadError,
    decode_destination,
    decode_payload,
    decode_receipt,
    decode_reply,
    encode_destination,
    encode_payload,
    encode_receipt,
    encode_reply,
)

FIELDS = (RecapField("Catégorie", "Imprimante", edit_id="edit:category"), RecapField("Urgence", "haute"))
CHOICES = (Choice("ticket:42:take", "Prendre"), Choice("ticket:42:reply", "Répondre", needs_text="Votre réponse"))
FILES = (
    ForwardedFile(Attachment("photo-AQADbig.jpg", "image/jpeg", 48213, None, "AgACAgQAAxkBAAIBsmlowbig", Platform.TELEGRAM,
                             "photo"), "SUP-42 · 📎 photo-AQADbig.jpg", "SUP-42 · ⚠️ photo-AQADbig.jpg"),
    ForwardedFile(Attachment("log.txt", "text/plain", None, "https://files.slack.com/x/log.txt", "F0LOG", Platform.SLACK),
                  "SUP-42 · 📎 log.txt", "SUP-42 · ⚠️ log.txt"),
)

REPLIES: list[Reply] = [
    TextReply("Bonjour"),
    TextReply("Votre ticket est résolu ?", choices=CHOICES, ephemeral=True),
    ArticleCard("imprimante", "L'imprimante n'imprime rien", "Vérifiez…", "https://kb.example/imprimante", CHOICES),
    ArticleCard("vpn", "VPN", "Redémarrez", None),
    RecapCard("Votre demande", FIELDS, CHOICES),
    TicketCard("SUP-42", "Imprimante en panne", FIELDS, CHOICES, status="open"),
    TicketCard("SUP-43", "Sans champs", ()),
    TicketCard("SUP-44", "Avec fichiers", FIELDS, CHOICES, status="new", files=FILES),
    TextReply("SUP-44 · 💬 Camille : voici l'écran", files=FILES[:1]),
]


@pytest.mark.parametrize("reply", REPLIES, ids=lambda reply: type(reply).__name__)
def test_every_reply_type_round_trips_through_json(reply: Reply) -> None:
    stored = json.loads(json.dumps(encode_reply(reply)))
    assert decode_reply(stored) == reply


def test_a_payload_round_trips_with_its_thread_title() -> None:
    payload = Payload(tuple(REPLIES), open_thread="SUP-42 · Imprimante en panne")
    assert decode_payload(json.loads(json.dumps(encode_payload(payload)))) == payload


def test_destinations_and_receipts_round_trip() -> None:
    destination = Destination(Platform.TELEGRAM, "-100123", thread="77")
    receipt = DeliveryReceipt("1700000000.000100", thread="1700000000.000100")
    assert decode_destination(encode_destination(destination)) == destination
    assert decode_receipt(encode_receipt(receipt)) == receipt
    assert decode_receipt(encode_receipt(DeliveryReceipt("9"))) == DeliveryReceipt("9")


def test_an_unknown_reply_type_is_refused_with_the_known_ones() -> None:
    with pytest.raises(PayloadError, match=r"unknown reply type 'poll'.*text, article, recap, ticket"):
        decode_reply({"type": "poll", "question": "?"})


def test_a_payload_from_another_release_is_refused() -> None:
    with pytest.raises(PayloadError, match="version 99"):
        decode_payload({"version": 99, "replies": []})


def test_a_missing_field_is_named() -> None:
    with pytest.raises(PayloadError, match="'ticket' has no 'reference'"):
        decode_reply({"type": "ticket", "title": "x", "fields": []})


def test_a_payload_written_before_files_travelled_decodes_without_files() -> None:
    old = {"version": 1, "open_thread": "SUP-42 · Imprimante", "replies": [
        {"type": "ticket", "reference": "SUP-42", "title": "Imprimante", "status": "new", "choices": [],
         "fields": [{"label": "Pièces jointes", "value": "photo.jpg (AgACAgQ)", "edit_id": None}]},
        {"type": "text", "text": "SUP-42 · 💬 Camille : voici", "choices": [], "ephemeral": False},
    ]}

    card, text = decode_payload(old).replies

    assert isinstance(card, TicketCard) and card.files == () and card.fields[0].value == "photo.jpg (AgACAgQ)"
    assert isinstance(text, TextReply) and text.files == ()


def test_a_payload_written_by_the_hand_written_codec_still_decodes() -> None:
    """A row queued by the release before pydantic read the payloads: choices without
    ``text_optional``, files whose attachment predates ``platform``."""
    old = json.loads("""{"version": 1, "open_thread": null, "replies": [
      {"type": "text", "text": "Votre demande SUP-42 est marquée comme résolue.", "ephemeral": false,
       "choices": [{"id": "R42.yes", "label": "Oui", "needs_text": null}], "files": [
         {"attachment": {"name": "log.txt", "content_type": "text/plain", "size": 12, "url": null,
                         "platform_file_id": "BQAC"}, "caption": "SUP-42 · 📎 log.txt", "failure_notice": "⚠️"}]},
      {"type": "ticket", "reference": "SUP-42", "title": "Imprimante", "status": "new", "fields": [],
       "choices": [{"id": "T42.reply", "label": "Répondre", "needs_text": "Message au demandeur"}]}]}""")

    text, card = decode_payload(old).replies

    assert text == TextReply("Votre demande SUP-42 est marquée comme résolue.", (Choice("R42.yes", "Oui"),), files=(
        ForwardedFile(Attachment("log.txt", "text/plain", 12, None, "BQAC"), "SUP-42 · 📎 log.txt", "⚠️"),))
    assert isinstance(card, TicketCard) and card.choices == (Choice("T42.reply", "Répondre", "Message au demandeur"),)


def test_a_reply_without_its_tag_is_refused() -> None:
    with pytest.raises(PayloadError, match="unknown reply type None"):
        decode_payload({"version": 1, "replies": [{"text": "Bonjour"}]})
