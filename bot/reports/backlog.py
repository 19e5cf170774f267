"""The open backlog by age (calendar days since filing) and priority."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.intake.questions import Priority
from bot.reports.table import Cell, ReportTable
from bot.storage.models import TicketRow
from bot.tickets.status import TicketStatus

# (bucket key, lower bound included); the last bucket has no upper bound.
AGE_BUCKETS: tuple[tuple[str, timedelta], ...] = (
    ("under_1d", timedelta(0)), ("1_3d", timedelta(days=1)), ("3_7d", timedelta(days=3)),
    ("7_14d", timedelta(days=7)), ("14_30d", timedelta(days=14)), ("over_30d", timedelta(days=30)),
)


def backlog_by_age(session: Session, now: datetime) -> ReportTable:
    counts: Counter[tuple[str, Priority]] = Counter()
    found = session.execute(select(TicketRow.created_at, TicketRow.priority)
                            .where(TicketRow.status.in_([s for s in TicketStatus if s.is_open])))
    for created_at, priority in found:
        age = now - created_at
        bucket = next(key for key, lower in reversed(AGE_BUCKETS) if age >= lower) if age >= timedelta(0) else "under_1d"
        counts[(bucket, priority)] += 1
    priorities = list(reversed(Priority))
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (key, *(counts[(key, p)] for p in priorities), sum(counts[(key, p)] for p in priorities)) for key, _ in AGE_BUCKETS)
    return ReportTable("backlog", ("age", *(f"priority_{p.value}" for p in priorities), "total"), rows)
