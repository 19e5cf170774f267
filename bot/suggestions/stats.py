"""Knowledge-base insight: which articles help, the deflection rate, and what to write next."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from rapidfuzz import fuzz
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bot.storage.models import KbSearchRow, SuggestionRow
from bot.suggestions.outcome import SuggestionOutcome
from bot.suggestions.threshold import LearnedThreshold, learn, verdicts_of
from bot.text import fold

SIMILAR_REQUESTS = 80  # token_set_ratio at or above which two unanswered requests count as one


@dataclass(frozen=True)
class ArticleStats:
    article_id: str
    title: str
    shown: int
    solved: int
    rejected: int


@dataclass(frozen=True)
class UnansweredRequest:
    example: str
    count: int


@dataclass(frozen=True)
class KbStats:
    articles: list[ArticleStats]
    conversations_shown_articles: int
    conversations_deflected: int
    deflection_rate: float
    unanswered: list[UnansweredRequest] = field(default_factory=list)
    threshold: LearnedThreshold | None = None  # None when not asked for

    def as_dict(self) -> dict[str, object]:
        found = asdict(self)
        if self.threshold is not None:
            found["threshold"] = {**asdict(self.threshold), "bounds": list(self.threshold.bounds),
                                  "explanation": self.threshold.explain()}
        return found


def kb_stats(
    session: Session, top: int = 10, configured_threshold: float | None = None, *, learning: bool = True
) -> KbStats:
    """`configured_threshold`: the deployment's (settings or the engine's default), to report
    the threshold learned from it; `learning` False: it stays as configured."""
    outcome = SuggestionRow.outcome
    rows = session.execute(
        select(
            SuggestionRow.article_id,
            func.max(SuggestionRow.article_title),
            func.count(),
            func.sum(case((outcome == SuggestionOutcome.SOLVED.value, 1), else_=0)),
            func.sum(case((outcome == SuggestionOutcome.REJECTED.value, 1), else_=0)),
        ).group_by(SuggestionRow.article_id)
    ).all()
    articles = sorted(
        (ArticleStats(r[0], r[1], int(r[2]), int(r[3] or 0), int(r[4] or 0)) for r in rows),
        key=lambda a: (-a.shown, a.article_id),
    )
    shown_in = session.scalar(select(func.count(func.distinct(SuggestionRow.conversation_id)))) or 0
    deflected = session.scalar(
        select(func.count(func.distinct(SuggestionRow.conversation_id))).where(outcome == SuggestionOutcome.SOLVED.value)
    ) or 0
    return KbStats(
        articles=articles,
        conversations_shown_articles=shown_in,
        conversations_deflected=deflected,
        deflection_rate=deflected / shown_in if shown_in else 0.0,
        unanswered=_unanswered(session, top),
        threshold=None if configured_threshold is None else learn(
            configured_threshold, verdicts_of(session) if learning else []
        ),
    )


def _unanswered(session: Session, top: int) -> list[UnansweredRequest]:
    """Requests whose summary found no confident article, grouped when they say the same thing."""
    queries = session.scalars(
        select(KbSearchRow.query).where(KbSearchRow.hit_count == 0, KbSearchRow.source.in_(["summary", "command"]))
    ).all()
    groups: list[tuple[str, str]] = []  # (folded representative, example as typed)
    counts: Counter[int] = Counter()
    for query in queries:
        folded = fold(query)
        if not folded:
            continue
        for index, (representative, _) in enumerate(groups):
            if fuzz.token_set_ratio(folded, representative) >= SIMILAR_REQUESTS:
                counts[index] += 1
                break
        else:
            groups.append((folded, query))
            counts[len(groups) - 1] += 1
    return [UnansweredRequest(groups[i][1], n) for i, n in counts.most_common(top)]
