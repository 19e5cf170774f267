"""The queue's columns, as data: what each shows, how it reads a ticket, how it sorts.

The web desk draws, sorts and exports exactly the columns listed in :data:`QUEUE_COLUMNS`; a
ticket field added to the model is one more :class:`QueueColumn` here (and, to filter by it,
one :class:`~bot.queue.filters.QueueFilter`). A column's label is the catalog's ``web.col.<key>``;
a LABEL cell's text is the catalog's ``<family>.<value>`` (``web.<key>`` unless the column names
another family); an OPTION cell holds an id of the deployment's lists (a type, a product, a
queue), shown as its label from the :class:`~bot.queue.vocabulary.QueueVocabulary`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func
from sqlalchemy.sql.elements import SQLColumnExpression

from bot.intake.questions import Priority
from bot.lifecycle.sla_standing import SlaStanding
from bot.queue.vocabulary import Family, QueueVocabulary
from bot.storage.models import OrganisationRow, TicketRow
from bot.triage.loader import DEFAULT_QUEUE

Cell = str | int | float | date | datetime | None


@dataclass(frozen=True)
class QueueFacts:
    """What a queue row is read from, inside the session: the ticket and what is worked out about it."""

    ticket: TicketRow
    organisation: OrganisationRow | None
    sla: SlaStanding
    paused: bool  # the SLA clock stands still: the customer's turn


class Show(str, enum.Enum):
    """How a cell is drawn (and written to CSV)."""

    REFERENCE = "reference"  # a link to the ticket
    TEXT = "text"  # plain text, cut in the page (whole in CSV)
    LABEL = "label"  # an enum's value, shown as the catalog's label <family>.<value>
    OPTION = "option"  # an id of the deployment's lists, shown as its label in the viewer's language
    AGE = "age"  # a moment shown as the time since ("3 d"); the moment in CSV
    MOMENT = "moment"  # a date and time in the business calendar's zone


@dataclass(frozen=True)
class QueueColumn:
    key: str
    show: Show
    read: Callable[[QueueFacts], Cell]
    sort: Callable[[], SQLColumnExpression[Any]] | None  # None: sorted in Python by ``rank``
    rank: Callable[[QueueFacts], int] | None = None
    csv_key: str = ""  # the CSV's header when it is not the page's (an age is exported as the moment)
    family: str = ""  # LABEL: the catalog family of its values (web.<key> when empty); OPTION: the vocabulary's
    on_page: bool = True  # False: in the CSV only (the page has them on the ticket)
    shown_if: Callable[[QueueVocabulary], bool] | None = None  # on the page only when the deployment uses it

    @property
    def csv_label(self) -> str:
        return self.csv_key or self.key

    @property
    def label_family(self) -> str:
        return self.family or f"web.{self.key}"

    def shown(self, vocabulary: QueueVocabulary) -> bool:
        return self.on_page and (self.shown_if is None or self.shown_if(vocabulary))


def _priority_rank() -> ColumnElement[int]:
    return case({p: p.rank for p in Priority}, value=TicketRow.priority, else_=-1)


def _module(facts: QueueFacts) -> str | None:
    ticket = facts.ticket
    return f"{ticket.product}/{ticket.module}" if ticket.product and ticket.module else None


QUEUE_COLUMNS: tuple[QueueColumn, ...] = (
    QueueColumn("reference", Show.REFERENCE, lambda f: f.ticket.reference, lambda: TicketRow.id),
    QueueColumn("summary", Show.TEXT, lambda f: f.ticket.summary, lambda: TicketRow.summary),
    QueueColumn("status", Show.LABEL, lambda f: f.ticket.status.value, lambda: TicketRow.status),
    QueueColumn("priority", Show.LABEL, lambda f: f.ticket.priority.value, _priority_rank),
    QueueColumn("type", Show.OPTION, lambda f: f.ticket.ticket_type, lambda: func.coalesce(TicketRow.ticket_type, ""),
                family=Family.TYPE),
    QueueColumn("product", Show.OPTION, lambda f: f.ticket.product, lambda: func.coalesce(TicketRow.product, ""),
                family=Family.PRODUCT, shown_if=lambda v: bool(v.options(Family.PRODUCT))),
    QueueColumn("module", Show.OPTION, _module, lambda: func.coalesce(TicketRow.module, ""), family=Family.MODULE,
                on_page=False),
    QueueColumn("version", Show.TEXT, lambda f: f.ticket.version, lambda: func.coalesce(TicketRow.version, ""),
                on_page=False),
    QueueColumn("urgency", Show.LABEL, lambda f: f.ticket.requester_urgency.value if f.ticket.requester_urgency else None,
                lambda: func.coalesce(TicketRow.requester_urgency, ""), family="urgency", on_page=False),
    QueueColumn("sla", Show.LABEL, lambda f: f.sla.value, None, lambda f: f.sla.rank),
    QueueColumn("assignee", Show.TEXT, lambda f: f.ticket.assignee_name, lambda: func.coalesce(TicketRow.assignee_name, "")),
    QueueColumn("requester", Show.TEXT, lambda f: f.ticket.requester_name or f.ticket.requester_id,
                lambda: TicketRow.requester_name),
    QueueColumn("organisation", Show.TEXT, lambda f: f.organisation.name if f.organisation else None,
                lambda: func.coalesce(OrganisationRow.name, "")),
    QueueColumn("contract", Show.LABEL, lambda f: f.organisation.contract.value if f.organisation else None,
                lambda: func.coalesce(OrganisationRow.contract, ""), family="contract", on_page=False),
    QueueColumn("queue", Show.OPTION, lambda f: f.ticket.queue or DEFAULT_QUEUE,
                lambda: func.coalesce(TicketRow.queue, DEFAULT_QUEUE), family=Family.QUEUE,
                shown_if=lambda v: len(v.options(Family.QUEUE)) > 1),
    QueueColumn("channel", Show.LABEL, lambda f: f.ticket.requester_platform.value, lambda: TicketRow.requester_platform,
                on_page=False),  # a filter, and on the ticket
    QueueColumn("age", Show.AGE, lambda f: f.ticket.created_at, lambda: TicketRow.created_at, csv_key="created_at"),
    QueueColumn("updated_at", Show.MOMENT, lambda f: f.ticket.updated_at, lambda: TicketRow.updated_at),
)
COLUMNS_BY_KEY = {c.key: c for c in QUEUE_COLUMNS}
DEFAULT_SORT = "updated_at"
