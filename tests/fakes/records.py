"""What a fake platform keeps for the tally: every inbound event it handed to the bot, and every
message the bot got delivered, in one shape for Slack and Telegram.

A *place* is where a person reads: a Telegram chat (``"700100200"``), a forum topic
(``"-1001987654321/512"``), a Slack channel (``"C0SUPPORT1"``) or thread (``"C0SUPPORT1/1715000001.000001"``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass
class Inbound:
    """An event a person caused (a message, a button press), as the platform saw it."""

    key: str  # Telegram's update_id, Slack's envelope id of the first delivery
    place: str
    text: str  # the message text, or the pressed button's data
    pushed_at: float = field(default_factory=time.monotonic)
    handed_out: int = 0  # times given to the bot (getUpdates answers, envelopes sent)
    confirmed_at: float | None = None  # the bot confirmed it (offset moved past it, envelope acked)

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


@dataclass
class Delivery:
    """A message the platform stored for the bot: people see it, whatever the bot heard back."""

    place: str
    message_id: str
    text: str
    buttons: list[tuple[str, str]]  # (label, data) in reading order
    at: float = field(default_factory=time.monotonic)
    acknowledged: bool = True  # False: applied, but the bot got an error or no answer
    edited_at: float | None = None
    sent_text: str = ""  # the text as first delivered (``text`` follows edits)

    def __post_init__(self) -> None:
        self.sent_text = self.sent_text or self.text


def telegram_place(chat_id: int, thread_id: int | None = None) -> str:
    return f"{chat_id}" if thread_id is None else f"{chat_id}/{thread_id}"


def slack_place(channel: str, thread_ts: str | None = None) -> str:
    return channel if not thread_ts else f"{channel}/{thread_ts}"
