"""Run a typed ticket search: read the query, find the organisation it names, refuse fewer than
three letters, keep a requester to their own tickets. Chat (agents and requesters), the web
desk's queue and ``supportbot tickets search`` share it: the same words find the same tickets
everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Session

from bot.messages import Platform
from bot.storage.models import TicketRow
from bot.tickets.repository import TicketPage, TicketRepository, search_conditions
from bot.triage.organisations import Organisations
from bot.triage.search import MIN_LETTERS, TicketQuery, parse_ticket_query, with_organisation


@dataclass(frozen=True)
class SearchPlan:
    """What a typed search keeps (``conditions`` on the tickets), or why it was refused."""

    query: TicketQuery
    conditions: tuple[ColumnElement[bool], ...] | None  # None: refused (too short, an unknown filter or organisation)
    too_short: bool = False
    unknown_organisation: str | None = None

    @property
    def problems(self) -> tuple[str, ...]:
        return self.query.problems


@dataclass(frozen=True)
class SearchOutcome:
    plan: SearchPlan
    page: TicketPage | None  # None: the query was refused

    @property
    def query(self) -> TicketQuery:
        return self.plan.query

    @property
    def too_short(self) -> bool:
        return self.plan.too_short

    @property
    def unknown_organisation(self) -> str | None:
        return self.plan.unknown_organisation

    @property
    def problems(self) -> tuple[str, ...]:
        return self.plan.problems


class TicketFinder:
    def __init__(self, organisations: Organisations) -> None:
        self.organisations = organisations

    def plan(self, session: Session, text: str, *, requester: tuple[Platform, str] | None = None) -> SearchPlan:
        """Read ``text``; ``requester`` keeps to that person's tickets, found by what they may read."""
        query = parse_ticket_query(text)
        reference = TicketRepository(session).by_reference(text, lock=False) if len(query.words) <= 2 else None
        if reference is not None and (requester is None or (reference.requester_platform, reference.requester_id) == requester):
            return SearchPlan(query, (TicketRow.id == reference.id,))  # a reference finds its ticket, whatever its length
        if query.problems:
            return SearchPlan(query, None)
        only_filters = not query.words and not query.requester and not query.is_empty()
        if query.letters < MIN_LETTERS and not (only_filters and requester is None):
            return SearchPlan(query, None, too_short=True)
        if query.organisation is not None:
            organisation = self.organisations.find(session, query.organisation)
            if organisation is None:
                return SearchPlan(query, None, unknown_organisation=query.organisation)
            query = with_organisation(query, organisation.id)
        return SearchPlan(query, tuple(search_conditions(query, requester)))

    def search(self, session: Session, text: str, *, requester: tuple[Platform, str] | None = None,
               limit: int = 20) -> SearchOutcome:
        plan = self.plan(session, text, requester=requester)
        page = TicketRepository(session).page(plan.conditions, limit) if plan.conditions is not None else None
        return SearchOutcome(plan, page)
