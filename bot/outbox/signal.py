"""Waking the outbox worker the moment outbox rows are committed, instead of polling for them.

:class:`OutboxSignal` watches the sessions of one bot: a transaction that added or changed an
outbox row calls, once committed, every callback subscribed in this process (the worker's
wake-up), and on PostgreSQL sends ``NOTIFY supportbot_outbox`` inside the transaction, so that
workers of other processes (``LISTEN``) wake at the commit too. A rolled-back transaction says
nothing: its rows never existed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.models import OutboxRow

log = logging.getLogger(__name__)

CHANNEL = "supportbot_outbox"
_KEY = "supportbot.outbox_touched"


class OutboxSignal:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._callbacks: list[Callable[[], None]] = []
        self._key = f"{_KEY}.{id(self)}"  # several signals on one sessionmaker each keep their own mark
        self._sessions = sessions
        event.listen(sessions, "after_flush", self._after_flush)
        event.listen(sessions, "after_commit", self._after_commit)
        event.listen(sessions, "after_rollback", self._forget)

    def close(self) -> None:
        """Stop watching the sessions."""
        self._callbacks.clear()
        event.remove(self._sessions, "after_flush", self._after_flush)
        event.remove(self._sessions, "after_commit", self._after_commit)
        event.remove(self._sessions, "after_rollback", self._forget)

    def subscribe(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` (from the committing thread) after each such commit; returns the unsubscriber."""
        self._callbacks.append(callback)

        def unsubscribe() -> None:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

        return unsubscribe

    def _after_flush(self, session: Session, _context: Any) -> None:
        if session.info.get(self._key):
            return
        if not any(isinstance(row, OutboxRow) for row in (*session.new, *session.dirty)):
            return
        session.info[self._key] = True
        if session.get_bind().dialect.name == "postgresql":
            session.connection().exec_driver_sql(f"NOTIFY {CHANNEL}")

    def _after_commit(self, session: Session) -> None:
        if not session.info.pop(self._key, False):
            return
        for callback in list(self._callbacks):
            try:
                callback()
            except Exception:  # a watcher's failure never fails the commit it was told of
                log.exception("an outbox watcher failed")

    def _forget(self, session: Session) -> None:
        session.info.pop(self._key, None)
