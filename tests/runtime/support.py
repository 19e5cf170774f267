"""The runtime of a real bot (real core, real database) with a recording courier at the seam."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass, field

from bot.delivery import Delivery, DeliveryReceipt, OutboundKind
from bot.messages import ConversationKey, InboundMessage, Platform, Sender, TextReply

_ids = itertools.count(1)


@dataclass
class SlackLikeCourier:
    """Records what it delivers; a channel named in ``held`` waits until its gate opens."""

    platform: Platform = Platform.SLACK
    deliveries: list[Delivery] = field(default_factory=list)
    held: dict[str, asyncio.Event] = field(default_factory=dict)

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        gate = self.held.get(delivery.destination.channel)
        if gate is not None:
            await gate.wait()
        self.deliveries.append(delivery)
        return DeliveryReceipt(f"msg-{next(_ids)}", delivery.destination.thread)

    def answers_to(self, channel: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.kind is OutboundKind.TURN_REPLY and d.destination.channel == channel]

    def texts_to(self, channel: str) -> list[str]:
        return [" ".join(r.text for r in d.replies if isinstance(r, TextReply)) for d in self.answers_to(channel)]


def message(user: str, text: str, event: str | None = None) -> InboundMessage:
    """``user`` writes ``text`` in their direct messages with the bot (their own conversation)."""
    return InboundMessage(Sender(Platform.SLACK, user, f"Person {user}", "fr"), ConversationKey(Platform.SLACK, f"D{user}"),
                          text, event_id=event or f"Ev{next(_ids)}")
