"""How much of a worker's deliveries one channel may hold at once.

A platform may pace one channel far slower than the others: Telegram lets a bot post 20
messages a minute in a group, 30 a second overall. Were every pending message of the agents'
group claimed at once, each would wait its turn in the rate limiter while holding one of the
worker's delivery slots, and customers' answers, claimed oldest first, would wait behind them
for minutes. A channel gets at most ``share`` slots; its other rows stay pending, in order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.messages import Platform
from bot.storage.models import OutboxRow


@dataclass
class ChannelRoom:
    """How many deliveries one channel may have under way at once, and how many it has: a
    channel the platform paces slowly (a Telegram group: 20 messages a minute) then cannot take
    every delivery slot of a worker while other people's answers wait behind it."""

    share: int
    busy: dict[tuple[Platform, str], int] = field(default_factory=dict)

    def full(self) -> list[tuple[Platform, str]]:
        return [place for place, count in self.busy.items() if count >= self.share]

    def fit(self, rows: list[OutboxRow]) -> list[OutboxRow]:
        """The rows that fit (not counted in: :meth:`add` the claims made); the others stay pending."""
        busy = dict(self.busy)
        fitting = []
        for row in rows:
            place = (row.platform, row.channel)
            if busy.get(place, 0) < self.share:
                busy[place] = busy.get(place, 0) + 1
                fitting.append(row)
        return fitting

    def add(self, platform: Platform, channel: str) -> None:
        self.busy[(platform, channel)] = self.busy.get((platform, channel), 0) + 1

    def done(self, platform: Platform, channel: str) -> None:
        place = (platform, channel)
        self.busy[place] -= 1
        if not self.busy[place]:
            del self.busy[place]
