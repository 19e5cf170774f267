"""The queue's filters, as data: the values each offers, how a URL's value is checked, and the
condition it puts on the tickets (in SQL, or on what is worked out in Python: the SLA state).

A filter's label is the catalog's ``web.filter.<key>``; a fixed choice's is ``web.<key>.<value>``
(``any`` for no filter); a filter with a ``family`` also offers the deployment's values of that
family (types, products, queues, organisations: :mod:`bot.queue.vocabulary`). The search box is
the same typed search as chat's and the command line's (:class:`bot.triage.finder.TicketFinder`).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, false

from bot.intake.questions import Priority
from bot.lifecycle.sla_standing import SlaStanding
from bot.messages import Platform
from bot.queue.columns import QueueFacts
from bot.queue.vocabulary import Family, QueueVocabulary
from bot.storage.models import TicketRow
from bot.tickets.repository import field_conditions
from bot.tickets.status import TicketStatus
from bot.triage.loader import ID
from bot.triage.search import TicketFilter

TEXT_LIMIT = 200
OPEN = "open"  # the status filter's default: every open status
ANY = ""
UNASSIGNED = "none"
UNSET = "none"  # a field with no value: a type to qualify, no product, no organisation
MINE = "me"


class FilterKind(str, enum.Enum):
    CHOICE = "choice"  # one value among ``values`` (or one ``accepts`` admits)
    SEARCH = "search"  # a typed search: words, a reference, filters such as status:new org:acme
    DATE = "date"


@dataclass(frozen=True)
class FilterScope:
    """What a condition may depend on besides the value: the calendar's zone, and who is looking."""

    tz: ZoneInfo
    me: tuple[Platform, str] | None = None


@dataclass(frozen=True)
class QueueFilter:
    key: str
    kind: FilterKind
    values: tuple[str, ...] = ()
    default: str = ANY
    where: Callable[[str, FilterScope], ColumnElement[bool]] | None = None  # the SQL condition for a value
    keep: Callable[[str, QueueFacts], bool] | None = None  # a condition on what Python works out
    accepts_more: Callable[[str], bool] | None = None  # values beyond ``values`` (an agent's identity, an id)
    family: Family | None = None  # the deployment's values it offers besides ``values``

    def shown(self, vocabulary: QueueVocabulary) -> bool:
        """Offered on the page unless its values are the deployment's and it has none to choose
        from (no products, a single queue)."""
        if self.family is None:
            return True
        return len(vocabulary.options(self.family)) > (1 if self.family is Family.QUEUE else 0)

    def accepts(self, value: str) -> bool:
        if self.kind is FilterKind.SEARCH:
            return len(value) <= TEXT_LIMIT
        if self.kind is FilterKind.DATE:
            return _day(value) is not None
        return value in self.values or (self.accepts_more is not None and self.accepts_more(value))


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value.isascii() and len(value) == 10 else None
    except ValueError:
        return None


def _start_of(value: str, scope: FilterScope, days_after: int = 0) -> datetime:
    day = _day(value)
    if day is None:
        raise ValueError(f"not a date: {value!r}")  # accepts() let nothing else through
    return datetime.combine(day + timedelta(days=days_after), time(0), scope.tz)


def _status(value: str, scope: FilterScope) -> ColumnElement[bool]:
    if value == OPEN:
        return TicketRow.status.in_([s for s in TicketStatus if s.is_open])
    return TicketRow.status == TicketStatus(value)


def _assignee(value: str, scope: FilterScope) -> ColumnElement[bool]:
    if value == UNASSIGNED:
        return TicketRow.assignee_id.is_(None)
    who = scope.me if value == MINE else _identity(value)
    if who is None:
        return false()  # "mine" for someone who acts on no ticket: nothing
    return (TicketRow.assignee_platform == who[0]) & (TicketRow.assignee_id == who[1])


def _identity(value: str) -> tuple[Platform, str] | None:
    """``platform:user_id`` as the queue's assignee filter names an agent."""
    platform, sep, user_id = value.partition(":")
    if not sep or not user_id or len(value) > TEXT_LIMIT or not value.isprintable():
        return None
    try:
        return Platform(platform), user_id
    except ValueError:
        return None


def _known_id(value: str) -> bool:
    """What a type, product, queue or organisation id looks like (a value no deployment has finds nothing)."""
    return ID.match(value) is not None


def _type(value: str, scope: FilterScope) -> ColumnElement[bool]:
    """A type, or none yet (``none``: to qualify)."""
    return TicketRow.ticket_type.is_(None) if value == UNSET else and_(*field_conditions(TicketFilter(ticket_type=value)))


def _product(value: str, scope: FilterScope) -> ColumnElement[bool]:
    return TicketRow.product.is_(None) if value == UNSET else and_(*field_conditions(TicketFilter(product=value)))


def _organisation(value: str, scope: FilterScope) -> ColumnElement[bool]:
    if value == UNSET:
        return TicketRow.organisation_id.is_(None)
    return TicketRow.organisation_id == int(value) if value.isdigit() and len(value) < 10 else false()


QUEUE_FILTERS: tuple[QueueFilter, ...] = (
    QueueFilter("q", FilterKind.SEARCH),
    QueueFilter("status", FilterKind.CHOICE, (OPEN, ANY, *(s.value for s in TicketStatus)), OPEN, _status),
    QueueFilter("priority", FilterKind.CHOICE, (ANY, *(p.value for p in reversed(Priority))),
                where=lambda v, s: TicketRow.priority == Priority(v)),
    QueueFilter("sla", FilterKind.CHOICE, (ANY, *(s.value for s in SlaStanding)), keep=lambda v, f: f.sla.value == v),
    QueueFilter("assignee", FilterKind.CHOICE, (ANY, MINE, UNASSIGNED), where=_assignee,
                accepts_more=lambda v: _identity(v) is not None),
    QueueFilter("type", FilterKind.CHOICE, (ANY, UNSET), where=_type, accepts_more=_known_id,
                family=Family.TYPE),
    QueueFilter("product", FilterKind.CHOICE, (ANY, UNSET), where=_product, accepts_more=_known_id,
                family=Family.PRODUCT),
    QueueFilter("queue", FilterKind.CHOICE, (ANY,), where=lambda v, s: and_(*field_conditions(TicketFilter(queue=v))),
                accepts_more=_known_id, family=Family.QUEUE),
    QueueFilter("organisation", FilterKind.CHOICE, (ANY, UNSET), where=_organisation,
                accepts_more=lambda v: v.isascii() and v.isdigit() and len(v) < 10, family=Family.ORGANISATION),
    QueueFilter("channel", FilterKind.CHOICE, (ANY, *(p.value for p in Platform)),
                where=lambda v, s: TicketRow.requester_platform == Platform(v)),
    QueueFilter("created_from", FilterKind.DATE, where=lambda v, s: TicketRow.created_at >= _start_of(v, s)),
    QueueFilter("created_to", FilterKind.DATE, where=lambda v, s: TicketRow.created_at < _start_of(v, s, days_after=1)),
)
FILTERS_BY_KEY = {f.key: f for f in QUEUE_FILTERS}


def chosen_filters(params: Mapping[str, str]) -> dict[str, str]:
    """The filters a URL chose, each checked: a value a filter does not accept, or its default,
    is left out (the default applies). Texts are cut, never refused."""
    chosen = {}
    for flt in QUEUE_FILTERS:
        value = params.get(flt.key)
        if value is None:
            continue
        value = value.strip()[:TEXT_LIMIT] if flt.kind is FilterKind.SEARCH else value
        if value != flt.default and flt.accepts(value):
            chosen[flt.key] = value
    return chosen
