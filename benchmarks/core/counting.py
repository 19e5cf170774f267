"""What a turn asks of SQLAlchemy and the database: statements sent, flushes, autoflushes, commits.

Counted with SQLAlchemy's own events on the bot's engine and session factory: ``before_cursor_execute``
sees every statement the engine sends (SQLite's ``BEGIN IMMEDIATE`` included; PostgreSQL's pool
pre-ping does not go through it), ``before_flush`` every flush; a flush is an autoflush when
``Session._autoflush`` is on its stack (a query that had to write pending changes first).
"""

from __future__ import annotations

import re
import sys
import threading
from collections import Counter as Tally
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

_KINDS = [re.compile(p, re.IGNORECASE | re.DOTALL) for p in (
    r"^\s*(SELECT count)\(.*?\bFROM\s+(\w+)", r"^\s*(SELECT)\b.*?\bFROM\s+(\w+)(?:.*(FOR UPDATE))?",
    r"^\s*(INSERT INTO)\s+(\w+)", r"^\s*(UPDATE)\s+(\w+)", r"^\s*(DELETE FROM)\s+(\w+)", r"^\s*(\w+)",
)]


def statement_kind(sql: str) -> str:
    """``SELECT conversations FOR UPDATE``, ``INSERT INTO outbox``, ``SAVEPOINT``...: what a statement does to what."""
    for pattern in _KINDS:
        found = pattern.match(sql)
        if found:
            return " ".join(part for part in found.groups() if part)
    return sql[:40]


@dataclass
class Counts:
    statements: int = 0
    flushes: int = 0
    autoflushes: int = 0
    commits: int = 0
    kinds: Tally[str] = field(default_factory=Tally)


class Counter:
    def __init__(self, engine: Engine, sessions: sessionmaker[Session] | None = None) -> None:
        self.counts = Counts()
        self._lock = threading.Lock()  # turns run in worker threads
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        if sessions is not None:
            event.listen(sessions, "before_flush", self._flush)

    def take(self) -> Counts:
        """The counts since the last call."""
        with self._lock:
            counts, self.counts = self.counts, Counts()
        return counts

    def _statement(self, _connection: Any, _cursor: Any, sql: str, *_: Any) -> None:
        kind = statement_kind(sql)
        with self._lock:
            self.counts.statements += 1
            self.counts.kinds[kind] += 1

    def _commit(self, *_: Any) -> None:
        with self._lock:
            self.counts.commits += 1

    def _flush(self, *_: Any) -> None:
        frame = sys._getframe(1)
        auto = False
        for _depth in range(12):
            if frame is None:
                break
            if frame.f_code.co_name == "_autoflush":
                auto = True
                break
            frame = frame.f_back
        with self._lock:
            self.counts.flushes += 1
            self.counts.autoflushes += auto
