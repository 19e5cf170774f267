"""Run a queue query: filters and sort in SQL, the SLA state computed for the tickets shown.

Sorting or filtering by SLA state needs the state of every matching ticket: those rows are
read in full and paged here. Every other query reads one page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.lifecycle.sla_tracking import SlaClock
from bot.queue.columns import ANY, COLUMNS_BY_KEY, MINE, OPEN, UNASSIGNED, organisation_name
from bot.queue.search import TicketSearch
from bot.queue.sla_state import SlaState, sla_state
from bot.storage.models import TicketRow
from bot.tickets.status import TicketStatus

PER_PAGE = 25
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class QueueQuery:
    text: str = ""
    status: str = OPEN
    priority: str = ANY
    sla: str = ANY
    assignee: str = ANY  # "", "me", "none", or platform:user_id
    channel: str = ANY
    created_from: date | None = None
    created_to: date | None = None
    sort: str = "updated"
    descending: bool = True
    page: int = 1
    per_page: int = PER_PAGE
    me: tuple[str, str] | None = None  # the viewer's platform and user id, for "assigned to me"

    def everything(self) -> QueueQuery:
        """The same filters, all on one page (CSV export)."""
        return replace(self, page=1, per_page=EXPORT_LIMIT)


@dataclass(frozen=True)
class QueueRow:
    ticket_id: int
    reference: str
    summary: str
    status: TicketStatus
    priority: str
    sla: SlaState
    paused: bool
    assignee: str
    requester: str
    organisation: str
    channel: str
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    assignees: list[tuple[str, str]] = field(default_factory=list)  # (platform:user_id, name) seen in tickets


class TicketQueue:
    def __init__(self, sla: SlaClock, search: TicketSearch, tz: ZoneInfo) -> None:
        self.sla = sla
        self.search = search
        self.tz = tz

    def page(self, session: Session, query: QueueQuery, now: datetime) -> QueuePage:
        statement = self._filtered(session, query)
        column = COLUMNS_BY_KEY.get(query.sort, COLUMNS_BY_KEY["updated"])
        in_python = column.sort is None or query.sla != ANY
        if not in_python:
            assert column.sort is not None
            order = column.sort().desc() if query.descending else column.sort().asc()
            statement = statement.order_by(order, TicketRow.id.desc() if query.descending else TicketRow.id.asc())
        total_sql = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
        if in_python:
            rows = [self._row(t, org, now) for t, org in session.execute(statement.order_by(TicketRow.id.desc()))]
            if query.sla != ANY:
                rows = [r for r in rows if r.sla.value == query.sla]
            if column.sort is None:
                rows.sort(key=lambda r: (r.sla.rank, r.ticket_id), reverse=query.descending)
            total = len(rows)
            start = (max(query.page, 1) - 1) * query.per_page
            rows = rows[start:start + query.per_page]
        else:
            total = total_sql
            offset = (max(query.page, 1) - 1) * query.per_page
            found = session.execute(statement.offset(offset).limit(query.per_page))
            rows = [self._row(t, org, now) for t, org in found]
        pages = max((total + query.per_page - 1) // query.per_page, 1)
        return QueuePage(rows, total, min(max(query.page, 1), pages), pages, self._assignees(session))

    def _filtered(self, session: Session, query: QueueQuery) -> Select[tuple[TicketRow, str | None]]:
        statement = select(TicketRow, organisation_name())
        if query.status == OPEN:
            statement = statement.where(TicketRow.status.in_([s.value for s in TicketStatus if s.is_open]))
        elif query.status != ANY:
            statement = statement.where(TicketRow.status == query.status)
        if query.priority != ANY:
            statement = statement.where(TicketRow.priority == query.priority)
        if query.channel != ANY:
            statement = statement.where(TicketRow.requester_platform == query.channel)
        if query.assignee == UNASSIGNED:
            statement = statement.where(TicketRow.assignee_id.is_(None))
        elif query.assignee != ANY:
            wanted = query.me if query.assignee == MINE else tuple(query.assignee.split(":", 1))
            if wanted is None or len(wanted) != 2:
                statement = statement.where(TicketRow.id.is_(None))  # "mine" without a viewer: nothing
            else:
                statement = statement.where(TicketRow.assignee_platform == wanted[0], TicketRow.assignee_id == wanted[1])
        if query.created_from is not None:
            statement = statement.where(TicketRow.created_at >= self._start_of(query.created_from))
        if query.created_to is not None:
            statement = statement.where(TicketRow.created_at < self._start_of(query.created_to + timedelta(days=1)))
        if query.text.strip():
            self.search.refresh(session)
            condition = self.search.matches(query.text)
            if condition is not None:
                statement = statement.where(condition)
        return statement

    def _start_of(self, day: date) -> datetime:
        return datetime.combine(day, time(0), self.tz)

    def _row(self, ticket: TicketRow, organisation: str | None, now: datetime) -> QueueRow:
        return QueueRow(
            ticket.id, ticket.reference or "", ticket.summary, TicketStatus(ticket.status), ticket.priority,
            sla_state(ticket, now, self.sla), SlaClock.pause_of(ticket).is_paused, ticket.assignee_name or "",
            ticket.requester_name or ticket.requester_id, organisation or "", ticket.requester_platform,
            ticket.created_at, ticket.updated_at,
        )

    def _assignees(self, session: Session) -> list[tuple[str, str]]:
        found = session.execute(select(TicketRow.assignee_platform, TicketRow.assignee_id, func.max(TicketRow.assignee_name))
                                .where(TicketRow.assignee_id.is_not(None))
                                .group_by(TicketRow.assignee_platform, TicketRow.assignee_id)).all()
        return sorted(((f"{p}:{u}", n or u) for p, u, n in found), key=lambda pair: pair[1].lower())
