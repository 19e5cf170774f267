"""Outbox fixtures: a migrated database, an outbox, a recording courier, workers and a way to put.

The databases come migrated from ``tests/conftest.py`` (a copy of a migrated SQLite file, or
the run's PostgreSQL schema emptied). ``test_migration.py`` migrates fresh databases of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import OutboundKind
from bot.messages import Destination, TextReply
from bot.outbox import Backoff, Outbox, OutboxWorker
from bot.storage.database import make_engine, make_session_factory
from tests.outbox.support import AGENTS, RecordingCourier
from tests.support.clock import FakeClock


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


@pytest.fixture
def outbox(clock: FakeClock) -> Outbox:
    return Outbox(clock)


@pytest.fixture
def courier() -> RecordingCourier:
    return RecordingCourier()


@pytest.fixture
def make_worker(sessions: sessionmaker[Session], courier: RecordingCourier, clock: FakeClock) -> Callable[..., OutboxWorker]:
    def factory(worker_id: str = "worker-1", **options: Any) -> OutboxWorker:
        options.setdefault("backoff", Backoff(base=timedelta(seconds=2), factor=2, cap=timedelta(minutes=15)))
        chosen_sessions = options.pop("sessions", sessions)
        couriers = options.pop("couriers", {courier.platform: courier})
        return OutboxWorker(chosen_sessions, couriers, clock, worker_id, **options)

    return factory


@pytest.fixture
def put(sessions: sessionmaker[Session], outbox: Outbox) -> Callable[..., int]:
    """Commit one text message to the outbox; returns its row id."""

    def put_one(
        text: str, *, kind: OutboundKind = OutboundKind.REQUESTER_NOTICE, destination: Destination = AGENTS, **options: Any,
    ) -> int:
        with sessions.begin() as session:
            row = outbox.put(session, kind=kind, destination=destination, replies=[TextReply(text)], **options)
            session.flush()
            return row.id

    return put_one
