"""The turn of one stored event: the desk's answer and its replies in the outbox, in one transaction.

The inbox row is locked, read and marked ``processed`` in the transaction of the turn itself,
with the replies written as one ``TURN_REPLY`` outbox row: the conversation's change, the
replies and "this event was handled" commit together, or none of them does. A row already
processed (by another process, or before a crash after the commit) is skipped.

A turn that raises is rolled back; then, in a transaction of its own, the event is marked
``failed`` and the person gets the catalog's apology instead (nothing of the turn was kept).
A database that cannot be reached fails the turn without marking anything: the event stays
``received`` and the next sweep tries it again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import OutboundKind
from bot.desk import HelpDesk
from bot.errors import PayloadError
from bot.inbox.codec import decode_message
from bot.messages import Destination, InboundMessage, Reply
from bot.observability.turns import TurnRecord, TurnWatchers
from bot.outbox import Outbox
from bot.storage.models import InboundEventRow, InboxStatus

log = logging.getLogger(__name__)

Apology = Callable[[InboundMessage], Reply]


class StoredTurns:
    def __init__(
        self, sessions: sessionmaker[Session], desk: HelpDesk, outbox: Outbox, apology: Apology,
        clock: Callable[[], datetime], watchers: TurnWatchers,
    ) -> None:
        self._sessions = sessions
        self._desk = desk
        self._outbox = outbox
        self._apology = apology
        self._clock = clock
        self._watchers = watchers

    def run(self, row_id: int) -> None:
        """Process the event ``row_id`` if it still waits; synchronous (run it in a thread)."""
        started = time.perf_counter()
        try:
            with self._sessions.begin() as session:
                row = session.get(InboundEventRow, row_id, with_for_update=True, populate_existing=True)
                if row is None or row.status is not InboxStatus.RECEIVED or row.payload is None:
                    return
                message = decode_message(row.payload)
                replies = self._desk.answer(session, message)
                self._reply(session, message, replies)
                self._mark(row, InboxStatus.PROCESSED)
        except (OperationalError, InterfaceError):
            raise  # the database is away: the event stays received, the sweep tries again
        except Exception:
            log.exception("the desk failed on inbox event %d", row_id)
            self._done(self._failed(row_id), 1, started, failed=True)
            return
        self._done(message, len(replies), started, failed=False)

    def _failed(self, row_id: int) -> InboundMessage | None:
        with self._sessions.begin() as session:
            row = session.get(InboundEventRow, row_id, with_for_update=True, populate_existing=True)
            if row is None or row.status is not InboxStatus.RECEIVED:
                return None
            self._mark(row, InboxStatus.FAILED)
            try:
                message = decode_message(row.payload or {})
            except PayloadError as error:
                log.error("inbox event %d cannot be read, nobody can be told: %s", row_id, error)
                return None
            self._reply(session, message, [self._apology(message)])
            return message

    def _reply(self, session: Session, message: InboundMessage, replies: Sequence[Reply]) -> None:
        if not replies and message.reply_handle is None:
            return
        where = message.where
        self._outbox.put(session, kind=OutboundKind.TURN_REPLY, destination=Destination(where.platform, where.channel,
                         where.thread), replies=replies, reply_handle=message.reply_handle)

    def _mark(self, row: InboundEventRow, status: InboxStatus) -> None:
        row.status = status
        row.processed_at = self._clock()

    def _done(self, message: InboundMessage | None, replies: int, started: float, *, failed: bool) -> None:
        if message is None:
            return
        self._watchers.turn_done(TurnRecord(message.sender.platform, replies, time.perf_counter() - started, failed))
