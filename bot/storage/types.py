"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from bot.sla.state import SlaState
from bot.triage.context import RequesterContext


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and always hands back aware UTC datetimes.

    SQLite has no time zones; without this a naive value would come back and every
    comparison with ``datetime.now(UTC)`` would fail.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("refusing to store a naive datetime; pass an aware one")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class SlaStateColumn(TypeDecorator[SlaState]):
    """A ticket's :class:`~bot.sla.state.SlaState`, kept as JSON."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: SlaState | None, dialect: Dialect) -> dict[str, Any] | None:
        return value.as_record() if value is not None else None

    def process_result_value(self, value: Any, dialect: Dialect) -> SlaState:
        return SlaState.from_record(value)


class RequesterContextColumn(TypeDecorator[RequesterContext]):
    """A ticket's :class:`~bot.triage.context.RequesterContext`, kept as JSON (only what is known)."""

    impl = JSON
    cache_ok = True

    def process_bind_param(self, value: RequesterContext | None, dialect: Dialect) -> dict[str, Any] | None:
        return value.as_record() if value is not None else None

    def process_result_value(self, value: Any, dialect: Dialect) -> RequesterContext:
        return RequesterContext.from_record(value)
