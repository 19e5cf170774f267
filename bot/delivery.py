"""Delivering messages, the immediate replies of a turn included: the contract between the outbox and adapters.

The core never calls a platform. It writes an :class:`OutboundMessage` to the outbox in
the same transaction as the change that caused it; a worker hands it to the
:class:`Courier` of its platform, which returns a :class:`DeliveryReceipt`.
"""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from typing import Protocol

from bot.errors import DeliveryError
from bot.messages import Destination, Platform, Reply

__all__ = ["Courier", "Delivery", "DeliveryError", "DeliveryProgress", "DeliveryReceipt", "OutboundKind"]


class OutboundKind(str, enum.Enum):
    AGENT_CARD = "agent_card"  # a new ticket's card for the agents; opens the ticket's thread
    CARD_UPDATE = "card_update"  # edit that card in place (status, assignee)
    AGENT_THREAD = "agent_thread"  # a message in the ticket's agents' thread (requester message, reminder)
    REQUESTER_NOTICE = "requester_notice"  # to the requester: agent reply, status change, satisfaction
    PRIVATE_MESSAGE = "private_message"  # to one person in their private chat with the bot: a sign-in link, a ticket given
    DELIVERY_FAILED = "delivery_failed"  # to the agents: a message could not be delivered (never reported in turn)
    TURN_REPLY = "turn_reply"  # the answer of a turn, where the person wrote (``reply_handle``: how to answer the event)


@dataclass(frozen=True)
class DeliveryReceipt:
    """Where the platform put the message: its id, and the thread it opened or went into."""

    message_id: str
    thread: str | None = None


@dataclass(frozen=True)
class DeliveryProgress:
    """What earlier attempts at one delivery already made exist on the platform.

    A courier reports each step the moment the platform confirms it (a topic opened, a message
    posted) and the outbox stores it at once; a later attempt reuses the topic and edits the
    messages it knows instead of creating them again.
    """

    thread: str | None = None  # the topic or thread the delivery opened
    message_ids: tuple[str, ...] = ()  # the parts already posted, in order

    def with_thread(self, thread: str) -> DeliveryProgress:
        return replace(self, thread=thread)

    def with_message(self, message_id: str) -> DeliveryProgress:
        return replace(self, message_ids=(*self.message_ids, message_id))


ProgressRecorder = Callable[[DeliveryProgress], Awaitable[None]]


async def _forget(_progress: DeliveryProgress) -> None:
    """Progress nobody stores (a delivery outside the outbox): a retry starts from scratch."""


@dataclass(frozen=True)
class Delivery:
    """What a courier must do.

    ``edit`` set: replace that message's content (card updates). ``open_thread`` set: the
    message starts a thread of its own with this title (Telegram forum topic; on Slack the
    message itself is the thread's root). Otherwise post ``replies`` to ``destination``,
    in ``destination.thread`` when given. ``done`` is what earlier attempts already created;
    ``record`` stores each new step (see :class:`DeliveryProgress`).
    """

    destination: Destination
    replies: tuple[Reply, ...]
    kind: OutboundKind
    edit: DeliveryReceipt | None = None
    open_thread: str | None = None
    reply_handle: str | None = None  # a TURN_REPLY's: the adapter's own note on the event answered (opaque here)
    done: DeliveryProgress = DeliveryProgress()
    record: ProgressRecorder = field(default=_forget, compare=False, repr=False)
    key: str | None = None  # the outbox item's own name: a platform that keeps metadata is told it
    attempts: int = 0  # earlier attempts: after one, a part not in ``done`` may exist all the same
    latest: str | None = None  # a TURN_REPLY's: the newest message delivered to its channel, if known

    async def progressed(self, progress: DeliveryProgress) -> DeliveryProgress:
        """Store ``progress`` before anything else happens; returns it for the next step."""
        await self.record(progress)
        return progress


class Courier(Protocol):
    platform: Platform

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        """Deliver or raise. Raising :class:`DeliveryError` with ``retry=False`` gives up at once
        (a permanent refusal, told to the agents by :mod:`bot.lifecycle.delivery_failures`)."""
        ...
