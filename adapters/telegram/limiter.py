"""Flood control for the Bot API calls that Telegram counts, shared by every concurrent delivery.

Telegram limits the *messages* a bot sends (about 30 a second overall, 20 a minute in one
group), not its other calls: ``answerCallbackQuery``, ``getChat`` or ``getUpdates`` pass freely.
python-telegram-bot's ``AIORateLimiter`` counts every call carrying a ``chat_id`` against the
overall limit and retries 429s itself, behind the outbox's back; this one:

- counts only :data:`COUNTED` methods: one token of the overall bucket, and one of the group's
  bucket when the chat is a group (``editMessageReplyMarkup`` spares the group's, as Telegram does);
- serves callers in arrival order at their narrowest bucket (a group's, else the overall one): a
  card waiting for its group's next token holds no overall token, so requesters' answers pass it
  by, a group's messages leave in the order they asked (the outbox already asks for a ticket's
  cards one at a time, in filing order), and once its group allows it a card takes the next
  overall token rather than queuing behind every answer;
- takes a call's tokens together, at the moment it is sent, so what Telegram sees is paced as
  the buckets are, and keeps a few tokens of each bucket spare (``headroom``) for calls that
  arrive bunched after travelling the network at different speeds;
- on a 429, pauses the bucket concerned (the group's for a group message, the overall one
  otherwise) for everyone for the ``retry_after`` Telegram gave, and re-raises: retrying is
  the outbox's business (with its back-off, its attempt count, its record of the error).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from adapters.telegram.failures import retry_seconds

COUNTED = frozenset({
    "sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendVoice", "sendAnimation",
    "sendSticker", "sendMediaGroup", "sendLocation", "sendContact", "sendPoll", "copyMessage", "forwardMessage",
    "editMessageText", "editMessageCaption", "editMessageMedia", "editMessageReplyMarkup", "createForumTopic",
})
GROUP_FREE = frozenset({"editMessageReplyMarkup"})  # counted overall only

JSONResult = Any  # what the Bot API answered: bool, a dict, a list of dicts


@dataclass
class Bucket:
    """``capacity`` messages at once, refilled continuously at ``per_second``; ``pause`` empties it
    for a while. One caller at a time waits for room (``turn``), the others queue behind in order."""

    capacity: float
    per_second: float
    level: float = 0.0
    at: float = field(default_factory=time.monotonic)
    paused_until: float = 0.0
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)

    def wait(self, now: float) -> float:
        """Seconds until one more message fits (0: now)."""
        self.level = max(0.0, self.level - (now - self.at) * self.per_second)
        self.at = now
        over = self.level + 1 - self.capacity
        return max(self.paused_until - now, over / self.per_second if over > 0 else 0.0)

    def take(self) -> None:
        self.level += 1

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)


class FloodLimiter(BaseRateLimiter[None]):
    """Overall and per-group token buckets for the counted methods; 0 turns a limit off."""

    def __init__(self, per_second: float = 30, group_per_minute: float = 20, headroom: int = 2) -> None:
        self._per_second = per_second
        self._group_per_minute = group_per_minute
        self._headroom = headroom
        self._overall: Bucket | None = None
        self._groups: dict[int | str, Bucket] = {}

    async def initialize(self) -> None:
        """Buckets are made on first use, in the running loop."""

    async def shutdown(self) -> None:
        """Nothing is held between calls."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> JSONResult:
        if endpoint not in COUNTED:
            return await callback(*args, **kwargs)
        buckets = self._buckets(endpoint, data.get("chat_id"))
        if buckets:
            await _take(buckets)
        try:
            return await callback(*args, **kwargs)
        except RetryAfter as error:
            if buckets:
                buckets[0].pause(retry_seconds(error))
            raise

    def _buckets(self, endpoint: str, chat_id: object) -> list[Bucket]:
        """The buckets a call takes from, the narrowest first (the one a 429 is blamed on)."""
        buckets = []
        group = _group(chat_id)
        if group is not None and endpoint not in GROUP_FREE and self._group_per_minute > 0:
            if group not in self._groups:
                self._groups[group] = self._bucket(self._group_per_minute, self._group_per_minute / 60)
            buckets.append(self._groups[group])
        if self._per_second > 0:
            if self._overall is None:
                self._overall = self._bucket(self._per_second, self._per_second)
            buckets.append(self._overall)
        return buckets

    def _bucket(self, capacity: float, per_second: float) -> Bucket:
        return Bucket(max(1.0, capacity - self._headroom), per_second)


async def _take(buckets: list[Bucket]) -> None:
    """Wait in line at the narrowest bucket, then for room in all, and take one token of each at
    once. A message that waited its group's turn does not queue again behind everyone at the
    overall bucket: it goes at the next free token (a group passes 20 messages a minute at most,
    which customers' answers hardly feel), so cards keep to their group's pace however busy."""
    async with buckets[0].turn:
        while (wait := max(b.wait(time.monotonic()) for b in buckets)) > 0:
            await asyncio.sleep(wait)
        for bucket in buckets:
            bucket.take()


def _group(chat_id: object) -> int | str | None:
    """The chat as a group key, or None for a private chat (positive ids) or no chat."""
    if isinstance(chat_id, str) and not chat_id.lstrip("-").isdigit():
        return chat_id  # @channelusername
    try:
        number = int(chat_id)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
    return number if number < 0 else None

