"""Run a typed ticket search: read the query, find the organisation it names, refuse fewer than
three letters, keep a requester to their own tickets. Chat (agents and requesters) and
``supportbot tickets search`` share it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.messages import Platform
from bot.tickets.repository import TicketPage, TicketRepository
from bot.triage.organisations import Organisations
from bot.triage.search import MIN_LETTERS, TicketQuery, parse_ticket_query, with_organisation


@dataclass(frozen=True)
class SearchOutcome:
    query: TicketQuery
    page: TicketPage | None  # None: the query was refused (too short, an unknown filter or organisation)
    too_short: bool = False
    unknown_organisation: str | None = None

    @property
    def problems(self) -> tuple[str, ...]:
        return self.query.problems


class TicketFinder:
    def __init__(self, organisations: Organisations) -> None:
        self.organisations = organisations

    def search(self, session: Session, text: str, *, requester: tuple[Platform, str] | None = None,
               limit: int = 20) -> SearchOutcome:
        query = parse_ticket_query(text)
        repository = TicketRepository(session)
        reference = repository.by_reference(text, lock=False) if len(query.words) <= 2 else None
        if reference is not None and (requester is None or (reference.requester_platform, reference.requester_id) == requester):
            return SearchOutcome(query, TicketPage([reference], 1))  # a reference finds its ticket, whatever its length
        if query.problems:
            return SearchOutcome(query, None)
        only_filters = not query.words and not query.requester and not query.is_empty()
        if query.letters < MIN_LETTERS and not (only_filters and requester is None):
            return SearchOutcome(query, None, too_short=True)
        if query.organisation is not None:
            organisation = self.organisations.find(session, query.organisation)
            if organisation is None:
                return SearchOutcome(query, None, unknown_organisation=query.organisation)
            query = with_organisation(query, organisation.id)
        return SearchOutcome(query, repository.search(query, limit, requester=requester))
