"""Leases: a named job (the SLA scheduler, say) runs in one process at a time.

A holder calls :func:`try_acquire` before each run; it gets the lease when nobody holds it,
when the last holder let it expire, or when it already holds it (which renews it). Renew
well before ``ttl`` runs out: a holder that stalls past it loses the lease to another.

One statement decides, atomically on both databases: ``INSERT ... ON CONFLICT (name) DO
UPDATE ... WHERE holder = mine OR expires_at <= now``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from bot.storage.models import LeaseRow


def try_acquire(sessions: sessionmaker[Session], name: str, holder: str, ttl: timedelta, now: datetime) -> bool:
    """Take, take over or renew the lease ``name`` until ``now + ttl``; ``True`` if ``holder`` has it."""
    with sessions.begin() as session:
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":
            statement = postgresql.insert(LeaseRow).values(name=name, holder=holder, expires_at=now + ttl)
        elif dialect == "sqlite":
            statement = sqlite.insert(LeaseRow).values(name=name, holder=holder, expires_at=now + ttl)  # type: ignore[assignment]
        else:
            raise RuntimeError(f"leases need INSERT ... ON CONFLICT: use PostgreSQL or SQLite, not {dialect!r}")
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[LeaseRow.name],
                set_={"holder": statement.excluded.holder, "expires_at": statement.excluded.expires_at},
                where=(LeaseRow.holder == holder) | (LeaseRow.expires_at <= now),
            )
        )
        return session.scalar(select(LeaseRow.holder).where(LeaseRow.name == name)) == holder


def release(sessions: sessionmaker[Session], name: str, holder: str) -> bool:
    """Give the lease up at once (on shutdown); ``False`` if ``holder`` did not hold it."""
    with sessions.begin() as session:
        result = session.execute(delete(LeaseRow).where(LeaseRow.name == name, LeaseRow.holder == holder))
        return bool(result.rowcount)  # type: ignore[attr-defined]


def holder_of(sessions: sessionmaker[Session], name: str, now: datetime) -> str | None:
    """Who holds the lease ``name`` at ``now``, if anyone."""
    with sessions.begin() as session:
        row = session.get(LeaseRow, name)
        return row.holder if row is not None and row.expires_at > now else None
