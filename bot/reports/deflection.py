"""Deflection: of the requests that were shown articles, how many ended without a ticket because
an article solved them; per period, and the articles that deflect most."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.reports.period import ReportRange
from bot.reports.table import ReportTable, share
from bot.storage.models import SuggestionRow
from bot.suggestions.outcome import SuggestionOutcome

SOLVED = SuggestionOutcome.SOLVED
REJECTED = SuggestionOutcome.REJECTED


def deflection_over_time(session: Session, span: ReportRange) -> ReportTable:
    """Per period (of the first article shown): requests shown articles, requests deflected, the rate."""
    found = session.execute(
        select(SuggestionRow.conversation_id, func.min(SuggestionRow.shown_at),
               func.max(case((SuggestionRow.outcome == SOLVED, 1), else_=0)))
        .group_by(SuggestionRow.conversation_id)
    )
    shown: dict[object, int] = defaultdict(int)
    deflected: dict[object, int] = defaultdict(int)
    for _, first_shown, solved in found:
        if not span.contains(first_shown):
            continue
        bucket = span.bucket(first_shown)
        shown[bucket] += 1
        deflected[bucket] += int(solved or 0)
    rows = tuple((b, shown[b], deflected[b], share(deflected[b], shown[b])) for b in span.buckets())
    return ReportTable("deflection", ("period", "shown_requests", "deflected", "deflection_rate"), rows)


def top_deflecting_articles(session: Session, span: ReportRange, limit: int = 15) -> ReportTable:
    found = session.execute(
        select(SuggestionRow.article_id, func.max(SuggestionRow.article_title), func.count(),
               func.sum(case((SuggestionRow.outcome == SOLVED, 1), else_=0)),
               func.sum(case((SuggestionRow.outcome == REJECTED, 1), else_=0)))
        .where(SuggestionRow.shown_at >= span.starts, SuggestionRow.shown_at < span.ends)
        .group_by(SuggestionRow.article_id)
    ).all()
    ranked = sorted(found, key=lambda r: (-int(r[3] or 0), -int(r[2]), r[0]))[:limit]
    rows = tuple((r[0], r[1], int(r[2]), int(r[3] or 0), int(r[4] or 0), share(int(r[3] or 0), int(r[2])))
                 for r in ranked)
    return ReportTable("top_articles", ("article", "title", "shown", "solved", "rejected", "solve_rate"), rows)
