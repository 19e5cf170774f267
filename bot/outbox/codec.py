"""Turn neutral replies (and the other parts of a delivery) into JSON-safe dicts and back.

An outbox row may wait hours, and be read by a newer release than the one that wrote it,
so every dict carries a ``type`` tag and the payload a ``version``; anything unknown raises
:class:`PayloadError` saying what was found, instead of guessing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.delivery import DeliveryReceipt
from bot.errors import PayloadError
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

PAYLOAD_VERSION = 1
JSONDict = dict[str, Any]


@dataclass(frozen=True)
class Payload:
    """What an outbox row carries besides its destination: the replies, and a thread title."""

    replies: tuple[Reply, ...]
    open_thread: str | None = None


def encode_payload(payload: Payload) -> JSONDict:
    return {
        "version": PAYLOAD_VERSION,
        "replies": [encode_reply(reply) for reply in payload.replies],
        "open_thread": payload.open_thread,
    }


def decode_payload(data: JSONDict) -> Payload:
    version = data.get("version")
    if version != PAYLOAD_VERSION:
        raise PayloadError(f"outbox payload version {version!r} is not {PAYLOAD_VERSION}; was it written by another release?")
    return Payload(
        replies=tuple(decode_reply(item) for item in _field(data, "replies")),
        open_thread=data.get("open_thread"),
    )


def encode_reply(reply: Reply) -> JSONDict:
    match reply:
        case TextReply():
            return {"type": "text", "text": reply.text, "choices": _choices(reply.choices), "ephemeral": reply.ephemeral,
                    "files": _files(reply.files)}
        case ArticleCard():
            return {
                "type": "article",
                "article_id": reply.article_id,
                "title": reply.title,
                "snippet": reply.snippet,
                "url": reply.url,
                "choices": _choices(reply.choices),
            }
        case RecapCard():
            return {"type": "recap", "title": reply.title, "fields": _fields(reply.fields), "choices": _choices(reply.choices),
                    "edit_choice_id": reply.edit_choice_id}
        case TicketCard():
            return {
                "type": "ticket",
                "reference": reply.reference,
                "title": reply.title,
                "fields": _fields(reply.fields),
                "choices": _choices(reply.choices),
                "status": reply.status,
                "files": _files(reply.files),
            }
    raise PayloadError(f"cannot encode {type(reply).__name__}: not one of the neutral Reply types")


def decode_reply(data: JSONDict) -> Reply:
    kind = data.get("type")
    if kind == "text":
        return TextReply(_field(data, "text"), _read_choices(data), bool(data.get("ephemeral", False)), _read_files(data))
    if kind == "article":
        return ArticleCard(
            _field(data, "article_id"), _field(data, "title"), _field(data, "snippet"), data.get("url"), _read_choices(data)
        )
    if kind == "recap":
        edit = data.get("edit_choice_id")
        return RecapCard(_field(data, "title"), _read_fields(data), _read_choices(data), str(edit) if edit else None)
    if kind == "ticket":
        return TicketCard(
            _field(data, "reference"), _field(data, "title"), _read_fields(data), _read_choices(data), data.get("status", ""),
            _read_files(data),
        )
    raise PayloadError(f"unknown reply type {kind!r} in outbox payload (known: text, article, recap, ticket)")


def encode_destination(destination: Destination) -> JSONDict:
    return {"platform": destination.platform.value, "channel": destination.channel, "thread": destination.thread}


def decode_destination(data: JSONDict) -> Destination:
    return Destination(Platform(_field(data, "platform")), _field(data, "channel"), data.get("thread"))


def encode_receipt(receipt: DeliveryReceipt) -> JSONDict:
    return {"message_id": receipt.message_id, "thread": receipt.thread}


def decode_receipt(data: JSONDict) -> DeliveryReceipt:
    return DeliveryReceipt(_field(data, "message_id"), data.get("thread"))


def _choices(choices: Sequence[Choice]) -> list[JSONDict]:
    return [{"id": choice.id, "label": choice.label, "needs_text": choice.needs_text, "text_optional": choice.text_optional}
            for choice in choices]


def _fields(fields: Sequence[RecapField]) -> list[JSONDict]:
    return [{"label": field.label, "value": field.value, "edit_id": field.edit_id} for field in fields]


def _files(files: Sequence[ForwardedFile]) -> list[JSONDict]:
    return [
        {"attachment": _attachment(item.attachment), "caption": item.caption, "failure_notice": item.failure_notice}
        for item in files
    ]


def _attachment(attachment: Attachment) -> JSONDict:
    return attachment.as_record()


def _read_files(data: JSONDict) -> tuple[ForwardedFile, ...]:
    """Payloads written before files travelled with replies have no ``files``: none."""
    return tuple(
        ForwardedFile(_read_attachment(_field(item, "attachment")), _field(item, "caption"), _field(item, "failure_notice"))
        for item in data.get("files", ())
    )


def _read_attachment(data: JSONDict) -> Attachment:
    _field(data, "name")  # a file without a name is not one this release wrote
    return Attachment.from_record(data)


def _read_choices(data: JSONDict) -> tuple[Choice, ...]:
    return tuple(
        Choice(_field(item, "id"), _field(item, "label"), item.get("needs_text"), bool(item.get("text_optional", False)))
        for item in data.get("choices", ())
    )


def _read_fields(data: JSONDict) -> tuple[RecapField, ...]:
    return tuple(
        RecapField(_field(item, "label"), _field(item, "value"), item.get("edit_id")) for item in _field(data, "fields")
    )


def _field(data: JSONDict, name: str) -> Any:
    try:
        return data[name]
    except KeyError:
        raise PayloadError(f"outbox payload item {data.get('type', '?')!r} has no {name!r}: {data!r}") from None
