"""Tickets filed per day or week, by channel (the requester's platform; by type once tickets have one)."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messages import Platform
from bot.reports.period import ReportRange
from bot.reports.table import Cell, ReportTable
from bot.storage.models import TicketRow


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
