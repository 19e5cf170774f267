"""First response and resolution times, in business hours (the SLA's calendar), per period.

First response: the first time an agent wrote to the requester (a reply, a question, or the
resolution itself). Resolution: the first time the ticket was resolved. Both counted from filing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bot.lifecycle.actors import ActorKind
from bot.lifecycle.transitions import TicketEventKind
from bot.reports.period import ReportRange
from bot.reports.table import ReportTable, percentile
from bot.sla.calendar import BusinessCalendar
from bot.storage.lifecycle_models import TicketEventRow
from bot.storage.models import TicketRow
from bot.tickets.status import TicketStatus

HOUR = timedelta(hours=1)


def _first(session: Session, span: ReportRange, condition: object) -> dict[int, tuple[datetime, datetime]]:
    found = session.execute(
        select(TicketRow.id, TicketRow.created_at, func.min(TicketEventRow.at))
        .join(TicketEventRow, TicketEventRow.ticket_id == TicketRow.id)
        .where(TicketRow.created_at >= span.starts, TicketRow.created_at < span.ends, condition)  # type: ignore[arg-type]
        .group_by(TicketRow.id, TicketRow.created_at)
    )
    return {ticket_id: (created, at) for ticket_id, created, at in found}


def response_times(session: Session, span: ReportRange, calendar: BusinessCalendar) -> ReportTable:
    agent = TicketEventRow.actor_kind == ActorKind.AGENT.value
    to_requester = or_(
        TicketEventRow.kind == TicketEventKind.REPLY.value,
        and_(TicketEventRow.kind == TicketEventKind.STATUS.value,
             TicketEventRow.to_status.in_([TicketStatus.WAITING_CUSTOMER.value, TicketStatus.RESOLVED.value])),
    )
    resolved = and_(TicketEventRow.kind == TicketEventKind.STATUS.value,
                    TicketEventRow.to_status == TicketStatus.RESOLVED.value)
    series = {"first_response": _first(session, span, and_(agent, to_requester)),
              "resolution": _first(session, span, resolved)}
    hours: dict[tuple[str, object], list[float]] = defaultdict(list)
    for name, found in series.items():
        for created, at in found.values():
            elapsed = calendar.business_time_between(created, at) / HOUR
            hours[(name, span.bucket(created))].append(max(elapsed, 0.0))
            hours[(name, "all")].append(max(elapsed, 0.0))
    rows = []
    for bucket in [*span.buckets(), "all"]:
        row: list[object] = [bucket]
        for name in series:
            values = hours[(name, bucket)]
            row += [len(values), _round(percentile(values, 0.5)), _round(percentile(values, 0.9))]
        rows.append(tuple(row))
    columns = ("period", "first_response_count", "first_response_median_h", "first_response_p90_h",
               "resolution_count", "resolution_median_h", "resolution_p90_h")
    return ReportTable("times", columns, tuple(rows))  # type: ignore[arg-type]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
