"""The desk's figures an operator watches, read from the database so that every process reports
the same truth: the outbox (by platform and status, the oldest message waiting), tickets by
status, requests deflected by an article, SLA breaches. Counts only: no person, ticket or text.

:mod:`adapters.web.metrics` exposes them to Prometheus; ``/readyz`` reads the outbox's age.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.messages import Platform
from bot.storage.models import OutboxRow, OutboxStatus, SuggestionRow, TicketEventRow, TicketRow
from bot.suggestions.outcome import SuggestionOutcome
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus


@dataclass(frozen=True)
class OutboxFigures:
    messages: dict[tuple[Platform, OutboxStatus], int]  # every pair, zero included
    oldest_pending_seconds: float  # 0 when nothing waits

    @property
    def pending(self) -> int:
        return sum(n for (_, status), n in self.messages.items() if status is OutboxStatus.PENDING)

    @property
    def failed(self) -> int:
        return sum(n for (_, status), n in self.messages.items() if status is OutboxStatus.FAILED)


@dataclass(frozen=True)
class DeskFigures:
    outbox: OutboxFigures
    tickets: dict[TicketStatus, int]  # every status, zero included
    deflections: int  # requests an article solved, no ticket filed
    sla_breaches: int  # one per ticket and milestone the SLA watch flagged


def outbox_figures(session: Session, now: datetime) -> OutboxFigures:
    rows = session.execute(select(OutboxRow.platform, OutboxRow.status, func.count())
                           .group_by(OutboxRow.platform, OutboxRow.status)).all()
    found = {(platform, status): count for platform, status, count in rows}
    messages = {(p, s): found.get((p, s), 0) for p in Platform for s in OutboxStatus}
    oldest = session.scalar(select(func.min(OutboxRow.created_at)).where(OutboxRow.status == OutboxStatus.PENDING))
    age = max((now - oldest).total_seconds(), 0.0) if oldest is not None else 0.0
    return OutboxFigures(messages, age)


def desk_figures(session: Session, now: datetime) -> DeskFigures:
    counts = {TicketStatus(s): n for s, n in session.execute(
        select(TicketRow.status, func.count()).group_by(TicketRow.status)).all()}
    deflected = session.scalar(select(func.count(func.distinct(SuggestionRow.conversation_id))).where(
        SuggestionRow.outcome == SuggestionOutcome.SOLVED)) or 0
    breaches = session.scalar(select(func.count()).select_from(TicketEventRow).where(
        TicketEventRow.kind == TicketEventKind.SLA_BREACH)) or 0
    return DeskFigures(outbox_figures(session, now), {s: counts.get(s, 0) for s in TicketStatus}, deflected, breaches)
