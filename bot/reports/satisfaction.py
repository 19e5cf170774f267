"""Satisfaction: scores per period (by closing date) and what requesters wrote."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reports.period import ReportRange
from bot.reports.table import ReportTable
from bot.storage.models import TicketRow


def _rated(session: Session, span: ReportRange) -> list[TicketRow]:
    return list(session.scalars(
        select(TicketRow).where(TicketRow.satisfaction_score.is_not(None), TicketRow.closed_at >= span.starts,
                                TicketRow.closed_at < span.ends).order_by(TicketRow.closed_at.desc())))


def satisfaction_over_time(session: Session, span: ReportRange) -> ReportTable:
    scores: dict[object, list[int]] = defaultdict(list)
    for ticket in _rated(session, span):
        assert ticket.closed_at is not None and ticket.satisfaction_score is not None
        scores[span.bucket(ticket.closed_at)].append(ticket.satisfaction_score)
    rows = []
    for bucket in span.buckets():
        given = scores[bucket]
        average = round(sum(given) / len(given), 2) if given else None
        rows.append((bucket, len(given), average, *(given.count(n) for n in range(1, 6))))
    return ReportTable("satisfaction", ("period", "ratings", "average", *(f"stars_{n}" for n in range(1, 6))),
                       tuple(rows))


def satisfaction_comments(session: Session, span: ReportRange, limit: int = 100) -> ReportTable:
    rows = tuple((t.closed_at, t.reference, t.satisfaction_score, t.satisfaction_comment or "")
                 for t in _rated(session, span) if t.satisfaction_comment)[:limit]
    return ReportTable("comments", ("closed_at", "reference", "score", "comment"), rows)
