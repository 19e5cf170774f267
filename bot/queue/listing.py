"""Run a queue query: filters and sort in SQL, the SLA state worked out for the tickets shown.

Sorting or filtering by SLA state needs the state of every matching ticket: those rows are
read in full and paged here. Every other query reads one page. Rows leave the session as plain
values (one cell per column of :data:`~bot.queue.columns.QUEUE_COLUMNS`). The search box is read
by the ticket finder, as chat's search: a search it refuses (too short, an unknown filter or
organisation) shows no ticket and says why (``QueuePage.search``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bot.lifecycle.sla_standing import sla_standing
from bot.lifecycle.sla_tracking import SlaClock
from bot.messages import Platform
from bot.queue.columns import COLUMNS_BY_KEY, DEFAULT_SORT, QUEUE_COLUMNS, Cell, QueueFacts
from bot.queue.filters import ANY, FILTERS_BY_KEY, QUEUE_FILTERS, FilterKind, FilterScope
from bot.queue.vocabulary import QueueVocabulary
from bot.storage.models import OrganisationRow, TicketRow
from bot.tickets.toolkit import TriageTools
from bot.triage.finder import SearchPlan, TicketFinder

PER_PAGE = 25
EXPORT_LIMIT = 100_000


@dataclass(frozen=True)
class QueueQuery:
    filters: Mapping[str, str] = field(default_factory=dict)  # filter key -> value chosen (see chosen_filters)
    sort: str = DEFAULT_SORT
    descending: bool = True
    page: int = 1
    per_page: int = PER_PAGE
    me: tuple[Platform, str] | None = None  # the viewer's chat identity, for "assigned to me"

    def value(self, key: str) -> str:
        return self.filters.get(key, FILTERS_BY_KEY[key].default)

    def everything(self) -> QueueQuery:
        """The same filters, all on one page (CSV export)."""
        return replace(self, page=1, per_page=EXPORT_LIMIT)


@dataclass(frozen=True)
class QueueRow:
    ticket_id: int
    reference: str
    cells: tuple[Cell, ...]  # in the order of QUEUE_COLUMNS
    paused: bool

    def cell(self, key: str) -> Cell:
        return self.cells[QUEUE_COLUMNS.index(COLUMNS_BY_KEY[key])]


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    page: int
    pages: int
    assignees: list[tuple[str, str]] = field(default_factory=list)  # (platform:user_id, name) seen in tickets
    vocabulary: QueueVocabulary = field(default_factory=QueueVocabulary)
    search: SearchPlan | None = None  # the search typed, as the finder read it


class TicketQueue:
    def __init__(self, sla: SlaClock, finder: TicketFinder, triage: TriageTools, tz: ZoneInfo) -> None:
        self.sla = sla
        self.finder = finder
        self.triage = triage
        self.tz = tz

    def page(self, session: Session, query: QueueQuery, now: datetime) -> QueuePage:
        """One page of the queue (reads only)."""
        vocabulary = QueueVocabulary.read(session, self.triage)
        search = self._search(session, query)
        if search is not None and search.conditions is None:
            return QueuePage([], 0, 1, 1, self._assignees(session), vocabulary, search)
        statement = self._filtered(query, search)
        column = COLUMNS_BY_KEY.get(query.sort, COLUMNS_BY_KEY[DEFAULT_SORT])
        if column.sort is not None:
            order = column.sort().desc() if query.descending else column.sort().asc()
            statement = statement.order_by(order, TicketRow.id.desc() if query.descending else TicketRow.id.asc())
        kept_in_python = [f for f in QUEUE_FILTERS if f.keep is not None and query.value(f.key) != ANY]
        start = (max(query.page, 1) - 1) * query.per_page
        if column.sort is None or kept_in_python:
            found = session.execute(statement if column.sort is not None else statement.order_by(TicketRow.id.desc()))
            facts = [self._facts(t, org, now) for t, org in found]
            facts = [f for f in facts if all(k.keep is not None and k.keep(query.value(k.key), f) for k in kept_in_python)]
            if column.rank is not None:
                rank = column.rank
                facts.sort(key=lambda f: (rank(f), f.ticket.id), reverse=query.descending)
            total = len(facts)
            rows = [self._row(f) for f in facts[start:start + query.per_page]]
        else:
            total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery())) or 0
            rows = [self._row(self._facts(t, org, now))
                    for t, org in session.execute(statement.offset(start).limit(query.per_page))]
        pages = max((total + query.per_page - 1) // query.per_page, 1)
        return QueuePage(rows, total, min(max(query.page, 1), pages), pages, self._assignees(session), vocabulary, search)

    def _search(self, session: Session, query: QueueQuery) -> SearchPlan | None:
        typed = [query.value(f.key) for f in QUEUE_FILTERS if f.kind is FilterKind.SEARCH and query.value(f.key) != ANY]
        return self.finder.plan(session, " ".join(typed)) if typed else None

    def _filtered(self, query: QueueQuery, search: SearchPlan | None) -> Select[TicketRow, OrganisationRow | None]:
        statement = select(TicketRow, OrganisationRow).outerjoin(OrganisationRow, OrganisationRow.id == TicketRow.organisation_id)
        scope = FilterScope(self.tz, query.me)
        for flt in QUEUE_FILTERS:
            value = query.value(flt.key)
            if flt.where is not None and value != ANY:
                statement = statement.where(flt.where(value, scope))
        if search is not None and search.conditions:
            statement = statement.where(*search.conditions)
        return statement

    def _facts(self, ticket: TicketRow, organisation: OrganisationRow | None, now: datetime) -> QueueFacts:
        return QueueFacts(ticket, organisation, sla_standing(ticket, now, self.sla), ticket.sla.pause.is_paused)

    @staticmethod
    def _row(facts: QueueFacts) -> QueueRow:
        ticket = facts.ticket
        return QueueRow(ticket.id, ticket.reference or "", tuple(c.read(facts) for c in QUEUE_COLUMNS), facts.paused)

    def _assignees(self, session: Session) -> list[tuple[str, str]]:
        found = session.execute(select(TicketRow.assignee_platform, TicketRow.assignee_id, func.max(TicketRow.assignee_name))
                                .where(TicketRow.assignee_id.is_not(None), TicketRow.assignee_platform.is_not(None))
                                .group_by(TicketRow.assignee_platform, TicketRow.assignee_id)).all()
        agents = [(f"{platform.value}:{user_id}", name or user_id) for platform, user_id, name in found if platform and user_id]
        return sorted(agents, key=lambda pair: pair[1].lower())

