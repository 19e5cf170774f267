"""Tickets filed per day or week, by channel (the requester's platform) and by type (the
deployment's types, and those still to qualify)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.intake.questions import Localized
from bot.messages import Platform
from bot.reports.period import ReportRange
from bot.reports.table import Cell, ReportTable
from bot.storage.models import TicketRow
from bot.triage.config import DEFAULT_TYPES, Option

UNQUALIFIED = "type_none"  # no type yet: the catalog's web.col.type_none


def tickets_per_period(session: Session, span: ReportRange) -> ReportTable:
    counts: Counter[tuple[object, Platform]] = Counter()
    found = session.execute(select(TicketRow.created_at, TicketRow.requester_platform)
                            .where(TicketRow.created_at >= span.starts, TicketRow.created_at < span.ends))
    for created_at, platform in found:
        counts[(span.bucket(created_at), platform)] += 1
    rows: list[tuple[Cell, ...]] = []
    for bucket in span.buckets():
        per_channel = [counts[(bucket, p)] for p in Platform]
        rows.append((bucket, *per_channel, sum(per_channel)))
    return ReportTable("volume", ("period", *(f"channel_{p.value}" for p in Platform), "total"), tuple(rows))


def tickets_per_type(session: Session, span: ReportRange, types: Sequence[Option] = DEFAULT_TYPES) -> ReportTable:
    """One column per configured type (named by its label), one for a type no longer configured
    that tickets still carry, and one for tickets not qualified yet."""
    counts: Counter[tuple[object, str]] = Counter()
    found = session.execute(select(TicketRow.created_at, TicketRow.ticket_type)
                            .where(TicketRow.created_at >= span.starts, TicketRow.created_at < span.ends))
    for created_at, ticket_type in found:
        counts[(span.bucket(created_at), f"type_{ticket_type}" if ticket_type else UNQUALIFIED)] += 1
    headers = {f"type_{t.id}": t.label for t in types}
    seen = sorted({column for _, column in counts} - set(headers) - {UNQUALIFIED})
    headers |= {column: Localized(column.removeprefix("type_"), column.removeprefix("type_")) for column in seen}
    columns = (*headers, UNQUALIFIED)
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (bucket, *(counts[(bucket, c)] for c in columns), sum(counts[(bucket, c)] for c in columns)) for bucket in span.buckets())
    return ReportTable("volume_by_type", ("period", *columns, "total"), rows, headers)
