"""Delivering messages, the immediate replies of a turn included: the contract between the outbox and adapters.

The core never calls a platform. It writes an :class:`OutboundMessage` to the outbox in
the same transaction as the change that caused it; a worker hands it to the
:class:`Courier` of its platform, which returns a :class:`DeliveryReceipt`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol

from bot.errors import DeliveryError
from bot.messages import Destination, Platform, Reply

__all__ = ["Courier", "Delivery", "DeliveryError", "DeliveryReceipt", "OutboundKind"]


class OutboundKind(str, enum.Enum):
    AGENT_CARD = "agent_card"  # a new ticket's card for the agents; opens the ticket's thread
    CARD_UPDATE = "card_update"  # edit that card in place (status, assignee)
    AGENT_THREAD = "agent_thread"  # a message in the ticket's agents' thread (requester message, reminder)
    REQUESTER_NOTICE = "requester_notice"  # to the requester: agent reply, status change, satisfaction
    PRIVATE_MESSAGE = "private_message"  # to one person in their private chat with the bot: a sign-in link, a ticket given
    TURN_REPLY = "turn_reply"  # the answer of a turn, where the person wrote (``reply_handle``: how to answer the event)



@dataclass(frozen=True)
class DeliveryReceipt:
    """Where the platform put the message: its id, and the thread it opened or went into."""

    message_id: str
    thread: str | None = None


@dataclass(frozen=True)
class Delivery:
    """What a courier must do.

    ``edit`` set: replace that message's content (card updates). ``open_thread`` set: the
    message starts a thread of its own with this title (Telegram forum topic; on Slack the
    message itself is the thread's root). Otherwise post ``replies`` to ``destination``,
    in ``destination.thread`` when given.
    """

    destination: Destination
    replies: tuple[Reply, ...]
    kind: OutboundKind
    edit: DeliveryReceipt | None = None
    open_thread: str | None = None
    reply_handle: str | None = None  # a TURN_REPLY's: the adapter's own note on the event answered (opaque here)


class Courier(Protocol):
    platform: Platform

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        """Deliver or raise. Raising :class:`DeliveryError` with ``retry=False`` gives up at once."""
        ...
