"""A lease is held by one holder at a time, renewed by it, and taken over once it expires."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from bot.outbox.lease import holder_of, release, try_acquire
from bot.storage.database import make_engine, make_session_factory
from tests.support.clock import FakeClock

TTL = timedelta(seconds=30)


def test_a_lease_is_exclusive_until_it_expires(database_url: str, sessions: sessionmaker[Session], clock: FakeClock) -> None:
    other_process = make_engine(database_url)
    elsewhere = make_session_factory(other_process)
    try:
        assert try_acquire(sessions, "sla", "a", TTL, clock.now)
        assert not try_acquire(elsewhere, "sla", "b", TTL, clock.now)
        assert try_acquire(elsewhere, "reminders", "b", TTL, clock.now)  # another job is another lease

        clock.advance(seconds=20)
        assert try_acquire(sessions, "sla", "a", TTL, clock.now)  # renewed until +50 s
        clock.advance(seconds=20)
        assert not try_acquire(elsewhere, "sla", "b", TTL, clock.now)
        assert holder_of(sessions, "sla", clock.now) == "a"

        clock.advance(seconds=10)  # a stalled: its lease ran out
        assert holder_of(sessions, "sla", clock.now) is None
        assert try_acquire(elsewhere, "sla", "b", TTL, clock.now)
        assert not try_acquire(sessions, "sla", "a", TTL, clock.now)
        assert holder_of(sessions, "sla", clock.now) == "b"
    finally:
        other_process.dispose()


def test_a_released_lease_is_free_at_once(sessions: sessionmaker[Session], clock: FakeClock) -> None:
    assert try_acquire(sessions, "sla", "a", TTL, clock.now)
    assert not release(sessions, "sla", "b")  # not b's to release
    assert release(sessions, "sla", "a")
    assert try_acquire(sessions, "sla", "b", TTL, clock.now)
