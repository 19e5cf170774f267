"""Inbound messages as JSON, through pydantic, for the inbox's ``payload`` column.

The payload carries a ``version``; a stored event may be read by a newer release after a
restart, so fields added since have defaults, and anything else raises :class:`PayloadError`.
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from bot.errors import PayloadError
from bot.messages import InboundMessage

INBOX_VERSION = 1
_MESSAGE = TypeAdapter(InboundMessage)


def encode_message(message: InboundMessage) -> dict[str, Any]:
    return {"version": INBOX_VERSION, "message": _MESSAGE.dump_python(message, mode="json")}


def decode_message(data: dict[str, Any]) -> InboundMessage:
    if data.get("version") != INBOX_VERSION:
        raise PayloadError(f"inbox payload version {data.get('version')!r} is not {INBOX_VERSION}; "
                           "was it written by another release?")
    try:
        return _MESSAGE.validate_python(data.get("message"))
    except ValidationError as error:
        problem = error.errors()[0]
        raise PayloadError(f"inbox payload: {problem['msg']} at {'.'.join(map(str, problem['loc']))}") from None
