"""The durable inbox: platform events stored, keyed by their platform id, before they are acknowledged.

An adapter translates an event into an :class:`InboundMessage` and calls :meth:`Inbox.store`;
once it returns, the event is committed and the adapter may tell the platform it arrived.
One statement decides, on both databases: ``INSERT ... ON CONFLICT (platform, event_id) DO
NOTHING RETURNING id``: a redelivered event returns no id and is never processed again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from bot.inbox.codec import encode_message
from bot.messages import InboundMessage
from bot.storage.models import InboundEventRow, InboxStatus

EVENT_ID_CHARS = 200
LANE_CHARS = 400


@dataclass(frozen=True)
class StoredEvent:
    """An event waiting for its turn: the inbox row, and the conversation (lane) it belongs to."""

    row_id: int
    lane: str


def lane_of(message: InboundMessage) -> str:
    """Events of one conversation (chat, or thread) are processed one after the other."""
    return message.where.as_text()[:LANE_CHARS]


class Inbox:
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._clock = clock

    def store(self, messages: Sequence[InboundMessage]) -> list[StoredEvent]:
        """Commit the events not stored before, in one transaction; returns those, in order."""
        stored: list[StoredEvent] = []
        if not messages:
            return stored
        now = self._clock()
        with self._sessions.begin() as session:
            dialect = session.get_bind().dialect.name
            insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            for message in messages:
                if not message.event_id:
                    raise ValueError("an inbound event needs the platform's event id to be stored in the inbox")
                lane = lane_of(message)
                statement = insert(InboundEventRow).values(
                    platform=message.sender.platform, event_id=str(message.event_id)[:EVENT_ID_CHARS],
                    user_id=message.sender.user_id, received_at=now, status=InboxStatus.RECEIVED, lane=lane,
                    payload=encode_message(message),
                ).on_conflict_do_nothing(index_elements=["platform", "event_id"]).returning(InboundEventRow.id)
                row_id = session.scalar(statement)
                if row_id is not None:
                    stored.append(StoredEvent(int(row_id), lane))
        return stored

    def waiting(self, *, older_than: timedelta | None = None, limit: int = 1000) -> list[StoredEvent]:
        """Events stored but not processed, oldest first: after a crash, or stored by another process
        (``older_than``: only those received that long ago)."""
        statement = select(InboundEventRow.id, InboundEventRow.lane).where(InboundEventRow.status == InboxStatus.RECEIVED)
        if older_than is not None:
            statement = statement.where(InboundEventRow.received_at <= self._clock() - older_than)
        with self._sessions() as session:
            rows = session.execute(statement.order_by(InboundEventRow.id).limit(limit)).all()
        return [StoredEvent(int(row_id), lane or "") for row_id, lane in rows]


class Receiver(Protocol):
    """What adapters hand inbound events to (:class:`bot.runtime.Runtime`): once ``receive``
    returns, the events are stored, and the adapter may acknowledge them to the platform."""

    async def receive(self, messages: Sequence[InboundMessage]) -> int: ...
