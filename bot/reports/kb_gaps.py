"""Knowledge-base gaps: requests no article fitted (grouped when they say the same thing), and the
articles most often rejected, with the reasons people gave."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reports.period import ReportRange
from bot.reports.table import Cell, ReportTable
from bot.storage.models import KbSearchRow, SuggestionRow
from bot.suggestions.outcome import RejectionReason, SuggestionOutcome
from bot.suggestions.stats import SIMILAR_REQUESTS
from bot.text import fold, shorten

UNSTATED = "unstated"
SAID_SHOWN = 3  # reasons typed by requesters, shown per article (the latest)


def unanswered_requests(session: Session, span: ReportRange, limit: int = 20) -> ReportTable:
    queries = session.execute(
        select(KbSearchRow.query, KbSearchRow.created_at)
        .where(KbSearchRow.hit_count == 0, KbSearchRow.source.in_(["summary", "command"]),
               KbSearchRow.created_at >= span.starts, KbSearchRow.created_at < span.ends)
        .order_by(KbSearchRow.id)
    ).all()
    groups: list[str] = []  # folded representative of each group
    examples: list[str] = []
    counts: Counter[int] = Counter()
    last_seen: dict[int, datetime] = {}
    for query, created_at in queries:
        folded = fold(query)
        if not folded:
            continue
        index = next((i for i, rep in enumerate(groups) if fuzz.token_set_ratio(folded, rep) >= SIMILAR_REQUESTS), None)
        if index is None:
            groups.append(folded)
            examples.append(query)
            index = len(groups) - 1
        counts[index] += 1
        last_seen[index] = created_at
    rows: tuple[tuple[Cell, ...], ...] = tuple((examples[i], n, last_seen[i]) for i, n in counts.most_common(limit))
    return ReportTable("unanswered", ("request", "count", "last_seen"), rows)


def rejected_articles(session: Session, span: ReportRange, limit: int = 15) -> ReportTable:
    """Articles shown and rejected, how often for each reason, and what requesters wrote (the
    latest reasons typed in their own words)."""
    found = session.execute(
        select(SuggestionRow.article_id, SuggestionRow.article_title, SuggestionRow.reason, SuggestionRow.reason_text)
        .where(SuggestionRow.outcome == SuggestionOutcome.REJECTED,
               SuggestionRow.shown_at >= span.starts, SuggestionRow.shown_at < span.ends)
        .order_by(SuggestionRow.id.desc())
    ).all()
    titles: dict[str, str] = {}
    reasons: dict[str, Counter[str]] = defaultdict(Counter)
    said: dict[str, list[str]] = defaultdict(list)
    for article_id, title, reason, typed in found:
        titles[article_id] = title
        reasons[article_id][reason.value if reason else UNSTATED] += 1
        if typed and len(said[article_id]) < SAID_SHOWN:
            said[article_id].append(shorten(" ".join(typed.split()), 160))
    keys = [r.value for r in RejectionReason] + [UNSTATED]
    ranked = sorted(reasons, key=lambda a: (-sum(reasons[a].values()), a))[:limit]
    rows: tuple[tuple[Cell, ...], ...] = tuple(
        (a, titles[a], sum(reasons[a].values()), *(reasons[a][k] for k in keys), " · ".join(said[a])) for a in ranked)
    columns = ("article", "title", "rejected", *(f"reason_{k}" for k in keys), "said")
    return ReportTable("rejected_articles", columns, rows)
