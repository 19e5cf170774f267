"""First response and resolution times, in business hours (the SLA's calendar), per period.

First response: the first time an agent wrote to the requester (a reply, a question, or the
resolution itself). Resolution: the first time the ticket was resolved. Both counted from filing.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from bot.lifecycle.actors import ActorKind
from bot.reports.period import ReportRange
from bot.reports.table import Cell, ReportTable, percentile
from bot.sla.calendar import BusinessCalendar
from bot.storage.models import TicketEventRow, TicketRow
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus

HOUR = timedelta(hours=1)


def _first(session: Session, span: ReportRange, condition: ColumnElement[bool]) -> dict[int, tuple[datetime, datetime]]:
    found = session.execute(
        select(TicketRow.id, TicketRow.created_at, func.min(TicketEventRow.at))
        .join(TicketEventRow, TicketEventRow.ticket_id == TicketRow.id)
        .where(TicketRow.created_at >= span.starts, TicketRow.created_at < span.ends, condition)
        .group_by(TicketRow.id, TicketRow.created_at)
    )
    return {ticket_id: (created, at) for ticket_id, created, at in found}


def response_times(session: Session, span: ReportRange, calendar: BusinessCalendar) -> ReportTable:
    agent = TicketEventRow.actor_kind == ActorKind.AGENT
    to_requester = or_(
        TicketEventRow.kind == TicketEventKind.REPLY,
        and_(TicketEventRow.kind == TicketEventKind.STATUS,
             TicketEventRow.to_status.in_([TicketStatus.WAITING_CUSTOMER, TicketStatus.RESOLVED])),
    )
    resolved = and_(TicketEventRow.kind == TicketEventKind.STATUS, TicketEventRow.to_status == TicketStatus.RESOLVED)
    series = {"first_response": _first(session, span, and_(agent, to_requester)),
              "resolution": _first(session, span, resolved)}
    hours: dict[tuple[str, object], list[float]] = defaultdict(list)
    for name, found in series.items():
        for created, at in found.values():
            elapsed = calendar.business_time_between(created, at) / HOUR
            hours[(name, span.bucket(created))].append(max(elapsed, 0.0))
            hours[(name, "all")].append(max(elapsed, 0.0))
    rows: list[tuple[Cell, ...]] = []
    buckets: list[date | str] = [*span.buckets(), "all"]
    for bucket in buckets:
        row: list[Cell] = [bucket]
        for name in series:
            values = hours[(name, bucket)]
            row += [len(values), _round(percentile(values, 0.5)), _round(percentile(values, 0.9))]
        rows.append(tuple(row))
    columns = ("period", "first_response_count", "first_response_median_h", "first_response_p90_h",
               "resolution_count", "resolution_median_h", "resolution_p90_h")
    return ReportTable("times", columns, tuple(rows))


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
