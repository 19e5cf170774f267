"""Searching tickets: what a search matches (a folded text kept on each ticket: reference, summary,
answers, requester, organisation, triage fields) and how a typed query reads.

A query is words (each must appear, without case or accents) and filters written
``name:value``: ``status:closed``, ``org:acme`` (or ``organisation:``), ``requester:claire``
(``demandeur:``), ``type:bug``, ``product:`` (``produit:``), ``module:``, ``version:``,
``queue:`` (``file:``), ``urgency:`` (``urgence:``). Three letters at least, as ICAP asks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TypeVar

from bot.text import fold
from bot.tickets.status import TicketStatus
from bot.triage.fields import RequesterUrgency

E = TypeVar("E", TicketStatus, RequesterUrgency)
MIN_LETTERS = 3
SEARCH_TEXT_LIMIT = 20_000
_FILTER = re.compile(r"^(?P<name>[^\W\d_]+):(?P<value>\S+)$")
_NAMES = {
    "status": "status", "statut": "status", "org": "organisation", "organisation": "organisation",
    "organization": "organisation", "client": "organisation", "customer": "organisation", "requester": "requester",
    "demandeur": "requester", "type": "ticket_type", "product": "product", "produit": "product", "logiciel": "product",
    "module": "module", "theme": "module", "version": "version", "queue": "queue", "file": "queue",
    "urgency": "urgency", "urgence": "urgency",
}


@dataclass(frozen=True)
class TicketFilter:
    """Fields a listing or a search keeps to (every one given must match)."""

    status: TicketStatus | None = None
    ticket_type: str | None = None
    product: str | None = None
    module: str | None = None
    version: str | None = None
    urgency: RequesterUrgency | None = None
    organisation_id: int | None = None
    queue: str | None = None


@dataclass(frozen=True)
class TicketQuery:
    words: tuple[str, ...] = ()  # folded
    filters: TicketFilter = field(default_factory=TicketFilter)
    organisation: str | None = None  # as typed: the caller finds the organisation
    requester: str | None = None  # a name, an id or a username: folded words of the search text
    problems: tuple[str, ...] = ()  # filters that could not be read (an unknown status)

    @property
    def letters(self) -> int:
        return sum(ch.isalnum() for word in (*self.words, *(fold(self.requester or "").split())) for ch in word)

    def is_empty(self) -> bool:
        return not self.words and not self.requester and self.organisation is None and self.filters == TicketFilter()


def parse_ticket_query(text: str) -> TicketQuery:
    words: list[str] = []
    values: dict[str, str] = {}
    problems: list[str] = []
    for token in text.split():
        match = _FILTER.match(token)
        name = _NAMES.get(fold(match.group("name"))) if match else None
        if match is None or name is None:
            words += fold(token).split()
            continue
        values[name] = match.group("value")
    filters = TicketFilter(
        status=_enum(TicketStatus, values.get("status"), problems), ticket_type=_lower(values.get("ticket_type")),
        product=_lower(values.get("product")), module=_lower(values.get("module")), version=values.get("version"),
        urgency=_enum(RequesterUrgency, values.get("urgency"), problems), queue=_lower(values.get("queue")),
    )
    return TicketQuery(tuple(words), filters, values.get("organisation"), values.get("requester"), tuple(problems))


def _lower(value: str | None) -> str | None:
    return value.lower() if value else None


def _enum(kind: type[E], value: str | None, problems: list[str]) -> E | None:
    if value is None:
        return None
    try:
        return kind(value.lower())
    except ValueError:
        problems.append(f"{value} ({', '.join(member.value for member in kind)})")
        return None


def search_text(parts: Iterable[str | None]) -> str:
    """The folded words a search matches, from a ticket's texts."""
    return fold(" ".join(part for part in parts if part))[:SEARCH_TEXT_LIMIT]


def with_organisation(query: TicketQuery, organisation_id: int | None) -> TicketQuery:
    return replace(query, filters=replace(query.filters, organisation_id=organisation_id))
