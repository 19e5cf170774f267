"""Outbox fixtures: a migrated database, an outbox, a recording courier, workers and a way to put.

The outbox tests share one migrated database per session instead of migrating for each test
(which tripled the suite's time): on SQLite each test gets a copy of a migrated file, on
PostgreSQL the outbox tables of one migrated schema are emptied before each test.
``test_migration.py`` migrates fresh databases of its own.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bot.delivery import OutboundKind
from bot.messages import Destination, TextReply
from bot.outbox import Backoff, Outbox, OutboxWorker
from bot.storage.database import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from tests.outbox.support import AGENTS, RecordingCourier
from tests.support.clock import FakeClock


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("outbox-template") / "supportbot.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()  # checkpoints the WAL into the file
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite_file: Path) -> str:
    path = tmp_path / "supportbot.db"
    shutil.copyfile(migrated_sqlite_file, path)
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def migrated_postgres_url(postgres_server: str) -> Iterator[str]:
    schema = f"outbox_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_server).update_query_dict({"options": f"-csearch_path={schema}"})
    rendered = url.render_as_string(hide_password=False)
    engine = make_engine(rendered)
    upgrade(engine)
    engine.dispose()
    yield rendered
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def postgres_url(migrated_postgres_url: str) -> str:
    return migrated_postgres_url


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    if engine.dialect.name == "postgresql":  # the shared schema: empty what earlier tests wrote
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM outbox"))
            connection.execute(text("DELETE FROM leases"))
            connection.execute(text("ALTER SEQUENCE outbox_id_seq RESTART WITH 1"))
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

    def put_one(text: str, *, kind: OutboundKind = OutboundKind.REQUESTER_NOTICE, destination: Destination = AGENTS, **options: Any) -> int:
        with sessions.begin() as session:
            row = outbox.put(session, kind=kind, destination=destination, replies=[TextReply(text)], **options)
            session.flush()
            return row.id

    return put_one
