"""Button ids: ``<conversation id>.<action>[.<argument>]``, short enough for Telegram's 64 bytes.

A button is never trusted: :func:`decode` rejects anything malformed, and the desk checks
that the conversation is the sender's current one and the argument fits its stage.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class ButtonAction(str, enum.Enum):
    ANSWER = "a"  # argument: "<question id>:<choice id>"
    SKIP = "s"
    BACK = "b"
    SUBMIT = "ok"
    EDIT = "e"
    EDIT_PICK = "ep"  # argument: question id
    RECAP = "r"  # back to the recap without changing anything
    CANCEL = "x"
    ARTICLE_SOLVED = "ks"  # argument: position in the conversation's shown articles
    ARTICLE_REJECTED = "kn"  # argument: "<position>:<reason>"
    ARTICLES_NONE = "k0"
    ARTICLE_FAILED = "ku"  # "it did not work after all": resume the intake
    ARTICLE_READ = "kr"  # argument: position; show the whole article
    ARTICLE_NO_REASON = "kx"  # no reason given for a rejected article: go on


# ASCII only: a Unicode digit ("²") would pass for a number here and fail as one later.
_FORMAT = re.compile(r"^(\d{1,10})\.([a-z0-9]{1,3})(?:\.([\w:\-]{1,48}))?$", re.ASCII)
MAX_LENGTH = 64
_ACTIONS = {action.value: action for action in ButtonAction}
MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER: beyond it no conversation, nor article position, can exist


@dataclass(frozen=True)
class ButtonPress:
    conversation_id: int
    action: ButtonAction
    argument: str = ""


def encode(conversation_id: int, action: ButtonAction, argument: str = "") -> str:
    button_id = f"{conversation_id}.{action.value}" + (f".{argument}" if argument else "")
    if len(button_id.encode()) > MAX_LENGTH or decode(button_id) is None:
        raise ValueError(f"button id {button_id!r} is not encodable (too long or bad characters)")
    return button_id


def decode(button_id: str) -> ButtonPress | None:
    match = _FORMAT.match(button_id or "")
    if match is None:
        return None
    action = _ACTIONS.get(match.group(2))
    conversation_id = int(match.group(1))
    if action is None or not 0 < conversation_id <= MAX_ID:
        return None
    return ButtonPress(conversation_id, action, match.group(3) or "")


def small_number(text: str) -> int | None:
    """A button argument that is a position or a count: ASCII digits within the database's range."""
    if not text.isascii() or not text.isdigit() or int(text) > MAX_ID:
        return None
    return int(text)
