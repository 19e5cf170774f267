"""Outbox payloads as JSON, through pydantic: the neutral replies are a union told apart by a
``type`` tag (``text``, ``article``, ``recap``, ``ticket``), the payload carries a ``version``.

An outbox row may wait hours and be read by a newer release than the one that wrote it: fields
added since have defaults, so older rows still decode; anything unknown (a version, a tag) or
missing raises :class:`PayloadError` saying what was found, instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Discriminator, Tag, TypeAdapter, ValidationError

from bot.delivery import DeliveryReceipt
from bot.errors import PayloadError
from bot.messages import ArticleCard, Destination, RecapCard, Reply, TextReply, TicketCard

PAYLOAD_VERSION = 1
JSONDict = dict[str, Any]
T = TypeVar("T")
_TAGS: dict[type, str] = {TextReply: "text", ArticleCard: "article", RecapCard: "recap", TicketCard: "ticket"}


def _tag_of(value: Any) -> str | None:
    return value.get("type") if isinstance(value, dict) else _TAGS.get(type(value))


TaggedReply = Annotated[
    Annotated[TextReply, Tag("text")] | Annotated[ArticleCard, Tag("article")]
    | Annotated[RecapCard, Tag("recap")] | Annotated[TicketCard, Tag("ticket")],
    Discriminator(_tag_of),
]


class _Stored(BaseModel):
    """A payload as the outbox row's JSON holds it."""

    model_config = ConfigDict(frozen=True)

    version: int
    replies: tuple[TaggedReply, ...]
    open_thread: str | None = None
    reply_handle: str | None = None


@dataclass(frozen=True)
class Payload:
    """What an outbox row carries besides its destination: the replies, and a thread title."""

    replies: tuple[Reply, ...]
    open_thread: str | None = None
    reply_handle: str | None = None  # a turn's reply: see bot.delivery.Delivery


_REPLY = TypeAdapter(TaggedReply)
_DESTINATION = TypeAdapter(Destination)
_RECEIPT = TypeAdapter(DeliveryReceipt)


def encode_payload(payload: Payload) -> JSONDict:
    return {"version": PAYLOAD_VERSION, "replies": [encode_reply(r) for r in payload.replies],
            "open_thread": payload.open_thread, "reply_handle": payload.reply_handle}


def decode_payload(data: JSONDict) -> Payload:
    if data.get("version") != PAYLOAD_VERSION:
        raise PayloadError(f"outbox payload version {data.get('version')!r} is not {PAYLOAD_VERSION}; "
                           "was it written by another release?")
    stored = _validated(TypeAdapter(_Stored), data)
    return Payload(tuple(stored.replies), stored.open_thread, stored.reply_handle)


def encode_reply(reply: Reply) -> JSONDict:
    tag = _TAGS.get(type(reply))
    if tag is None:
        raise PayloadError(f"cannot encode {type(reply).__name__}: not one of the neutral Reply types")
    return {"type": tag, **_REPLY.dump_python(reply, mode="json")}


def decode_reply(data: JSONDict) -> Reply:
    return _validated(_REPLY, data)


def encode_destination(destination: Destination) -> JSONDict:
    return dict(_DESTINATION.dump_python(destination, mode="json"))


def decode_destination(data: JSONDict) -> Destination:
    return _validated(_DESTINATION, data)


def encode_receipt(receipt: DeliveryReceipt) -> JSONDict:
    return dict(_RECEIPT.dump_python(receipt, mode="json"))


def decode_receipt(data: JSONDict) -> DeliveryReceipt:
    return _validated(_RECEIPT, data)


def _validated(adapter: TypeAdapter[T], data: JSONDict) -> T:
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        raise PayloadError(_explained(error, data)) from None


def _explained(error: ValidationError, data: JSONDict) -> str:
    """The first problem pydantic found, said about the payload (not about pydantic's types)."""
    problem = error.errors()[0]
    found = _item_at(data, problem["loc"])
    if problem["type"] in {"union_tag_invalid", "union_tag_not_found"}:
        return (f"unknown reply type {_tag_of(found)!r} in outbox payload (known: {', '.join(_TAGS.values())})")
    if problem["type"] == "missing":
        return f"outbox payload item {_tag_of(found) or '?'!r} has no {problem['loc'][-1]!r}: {found!r}"
    where = ".".join(str(part) for part in problem["loc"])
    return f"outbox payload: {where}: {problem['msg']} (found {problem.get('input')!r})"


def _item_at(data: Any, location: tuple[int | str, ...]) -> Any:
    """The dict around the failing spot (pydantic also names the union's tag in the location)."""
    item = data
    for part in location[:-1]:
        within_list = isinstance(item, list | tuple) and isinstance(part, int) and part < len(item)
        if within_list or (isinstance(item, dict) and part in item):
            item = item[part]
    return item
