"""Helpers for the lifecycle tests: look at tickets, their audit trail and the outbox, and
deliver the outbox through a real worker to a recording courier (the fake at the seam)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.bootstrap import SupportBot
from bot.delivery import Delivery, DeliveryReceipt, OutboundKind
from bot.lifecycle.sla_watch import SlaWatch
from bot.messages import Choice, Platform, Reply, TextReply, TicketCard
from bot.outbox import OutboxWorker
from bot.outbox.codec import decode_payload
from bot.storage.models import OutboxRow, TicketEventRow, TicketRow
from bot.tickets.repository import TicketRepository
from tests.support.chat import ChatDriver
from tests.support.intake import answer_all

AGENT_NAME = "Agathe Support"
BLOCKING = "Je ne peux plus utiliser le logiciel du tout"


def paris(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of November 2026 in Paris (UTC+1 all month)."""
    return datetime(2026, 11, day, hour - 1, minute, tzinfo=UTC)


def console_agent(bot: SupportBot) -> ChatDriver:
    """The default agent (``console:agent``) typing in the console agents' channel."""
    return ChatDriver(bot.desk, "agent", channel="agents", name=AGENT_NAME)


def file_blocking(bot: SupportBot, user_id: str = "alice", summary: str = "Plus personne ne peut se connecter") -> str:
    """A whole French intake for a blocking problem, submitted; returns the ticket reference."""
    chat = ChatDriver(bot.desk, user_id)
    chat.say(summary)
    answer_all(chat, impact_label=BLOCKING)
    reply = chat.press("Envoyer la demande")[0]
    assert isinstance(reply, TextReply) and "bloquante" in reply.text
    return next(word for word in reply.text.split() if word.startswith("SUP-"))


def watch(bot: SupportBot, holder: str, interval: timedelta = timedelta(seconds=60)) -> SlaWatch:
    """A real SLA watch on the bot's database, as one process (``holder``) runs it."""
    return bot.sla_watch(holder, interval)


def ticket(bot: SupportBot, reference: str) -> TicketRow:
    with bot.sessions() as session:
        found = TicketRepository(session).by_reference(reference, lock=False)
        assert found is not None, reference
        session.expunge(found)
        return found


@dataclass(frozen=True)
class Event:
    kind: str
    actor: str  # "agent:console:agent", "requester:console:alice", "system:"
    from_status: str | None
    to_status: str | None
    note: str


def events(bot: SupportBot, reference: str) -> list[Event]:
    """The ticket's audit trail, oldest first."""
    ticket_id = ticket(bot, reference).id
    with bot.sessions() as session:
        rows = session.scalars(select(TicketEventRow).where(TicketEventRow.ticket_id == ticket_id).order_by(TicketEventRow.id))
        return [Event(r.kind.value, f"{r.actor_kind.value}:{r.actor_id}", r.from_status.value if r.from_status else None,
                      r.to_status.value if r.to_status else None, r.note) for r in rows]


@dataclass(frozen=True)
class Queued:
    """One outbox row, decoded."""

    id: int
    kind: OutboundKind
    platform: Platform
    channel: str
    thread: str | None
    ticket_id: int | None
    replies: tuple[Reply, ...]

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies if isinstance(r, TextReply))

    @property
    def card(self) -> TicketCard:
        [card] = self.replies
        assert isinstance(card, TicketCard), self.replies
        return card

    @property
    def choices(self) -> list[Choice]:
        return [c for r in self.replies for c in getattr(r, "choices", ())]


def outbox(bot: SupportBot, *, after: int = 0) -> list[Queued]:
    """Outbox rows with an id above ``after``, in creation order."""
    with bot.sessions() as session:
        rows = session.scalars(select(OutboxRow).where(OutboxRow.id > after).order_by(OutboxRow.id))
        return [Queued(r.id, r.kind, r.platform, r.channel, r.thread, r.ticket_id, decode_payload(r.payload).replies)
                for r in rows]


def last_outbox_id(bot: SupportBot) -> int:
    rows = outbox(bot)
    return rows[-1].id if rows else 0


def notices(bot: SupportBot, *, after: int = 0) -> list[Queued]:
    return [row for row in outbox(bot, after=after) if row.kind is OutboundKind.REQUESTER_NOTICE]


@dataclass
class RecordingCourier:
    """Records what it is asked to deliver; a card opens a thread named after its message id."""

    platform: Platform
    deliveries: list[Delivery] = field(default_factory=list)
    thread_ids: Iterator[str] | None = None  # the threads the platform opens, in order
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        self.deliveries.append(delivery)
        if delivery.open_thread and self.thread_ids is not None:
            root = next(self.thread_ids)
            return DeliveryReceipt(root, thread=root)
        message_id = f"{self.platform.value}-{next(self._ids)}"
        return DeliveryReceipt(message_id, thread=message_id if delivery.open_thread else delivery.destination.thread)

    def of_kind(self, kind: OutboundKind) -> list[Delivery]:
        return [d for d in self.deliveries if d.kind is kind]


async def deliver_all(bot: SupportBot, couriers: Mapping[Platform, RecordingCourier]) -> int:
    """Run a real outbox worker until nothing is left to deliver; returns how many were."""
    worker = OutboxWorker(bot.sessions, dict(couriers), bot.clock, "lifecycle-test-worker")
    total = 0
    for _ in range(100):
        delivered = await worker.run_once()
        if delivered == 0:
            return total
        total += delivered
    raise AssertionError("the outbox is still delivering after 100 rounds")


def press_notice(chat: ChatDriver, notice: Queued, label: str, text: str = "") -> list[Reply]:
    """Press a button of a notice the requester received through the outbox."""
    found = [c for c in notice.choices if label.lower() in c.label.lower()]
    assert len(found) == 1, (label, notice.choices)
    return chat.press_id(found[0].id, text)
