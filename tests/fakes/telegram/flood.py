"""Telegram's flood limits, as the fake Bot API applies them: about 30 messages per second per bot
overall and 20 per minute per group; a message past either is a 429 with the seconds to wait.

Each limit is a bucket that holds its rate's worth of messages and refills continuously (a burst
of 20 in a group, then one every 3 s), the reading python-telegram-bot's ``AIORateLimiter``
also makes of the published limits.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

# What counts as a message towards the limits.
COUNTED = frozenset({"sendMessage", "sendPhoto", "sendDocument", "editMessageText", "editMessageReplyMarkup",
                     "createForumTopic"})


@dataclass
class _Bucket:
    capacity: float
    per_second: float
    level: float = 0.0
    at: float = field(default_factory=time.monotonic)

    def wait(self, now: float) -> float:
        """Seconds until one more message fits (0: it fits now)."""
        self.level = max(0.0, self.level - (now - self.at) * self.per_second)
        self.at = now
        return 0.0 if self.level + 1 <= self.capacity else (self.level + 1 - self.capacity) / self.per_second


@dataclass
class FloodControl:
    per_second: int = 30
    group_per_minute: int = 20
    refused: int = 0
    _overall: _Bucket | None = None
    _groups: dict[int, _Bucket] = field(default_factory=dict)

    def admit(self, method: str, chat_id: object) -> int | None:
        """Count the call and return None, or refuse it and return the seconds to wait."""
        if method not in COUNTED:
            return None
        now = time.monotonic()
        if self._overall is None:
            self._overall = _Bucket(self.per_second, self.per_second)
        buckets = [self._overall]
        if isinstance(chat_id, int) and chat_id < 0 and method != "editMessageReplyMarkup":
            buckets.append(self._groups.setdefault(chat_id, _Bucket(self.group_per_minute, self.group_per_minute / 60)))
        wait = max(bucket.wait(now) for bucket in buckets)
        if wait > 0:
            self.refused += 1
            return max(1, math.ceil(wait))
        for bucket in buckets:
            bucket.level += 1
        return None
