"""The queue's columns, as data: what each shows, how it reads a ticket, how it sorts.

The web desk draws, sorts and exports exactly the columns listed in :data:`QUEUE_COLUMNS`; a
ticket field added to the model (issue 13: type, product, queue, organisation) is one more
:class:`QueueColumn` here (and, to filter by it, one :class:`~bot.queue.filters.QueueFilter`).
A column's label is the catalog's ``web.col.<key>``; a LABEL cell's text is ``web.<key>.<value>``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.sql.elements import SQLColumnExpression

from bot.intake.questions import Priority
from bot.lifecycle.sla_standing import SlaStanding
from bot.storage.models import CustomerRow, TicketRow

Cell = str | int | float | date | datetime | None


def organisation_name() -> ColumnElement[str | None]:
    """Today's organisation: the customer a Telegram chat was linked to (``supportbot customers add``)."""
    return (select(func.max(CustomerRow.name))
            .where(CustomerRow.platform == TicketRow.requester_platform, CustomerRow.user_id == TicketRow.requester_id)
            .correlate(TicketRow).scalar_subquery())


@dataclass(frozen=True)
class QueueFacts:
    """What a queue row is read from, inside the session: the ticket and what is worked out about it."""

    ticket: TicketRow
    organisation: str | None
    sla: SlaStanding
    paused: bool  # the SLA clock stands still: the customer's turn


class Show(str, enum.Enum):
    """How a cell is drawn (and written to CSV)."""

    REFERENCE = "reference"  # a link to the ticket
    TEXT = "text"  # plain text, cut in the page (whole in CSV)
    LABEL = "label"  # an enum's value, shown as the catalog's label web.<column key>.<value>
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

    @property
    def csv_label(self) -> str:
        return self.csv_key or self.key


def _priority_rank() -> ColumnElement[int]:
    return case({p: p.rank for p in Priority}, value=TicketRow.priority, else_=-1)


QUEUE_COLUMNS: tuple[QueueColumn, ...] = (
    QueueColumn("reference", Show.REFERENCE, lambda f: f.ticket.reference, lambda: TicketRow.id),
    QueueColumn("summary", Show.TEXT, lambda f: f.ticket.summary, lambda: TicketRow.summary),
    QueueColumn("status", Show.LABEL, lambda f: f.ticket.status.value, lambda: TicketRow.status),
    QueueColumn("priority", Show.LABEL, lambda f: f.ticket.priority.value, _priority_rank),
    QueueColumn("sla", Show.LABEL, lambda f: f.sla.value, None, lambda f: f.sla.rank),
    QueueColumn("assignee", Show.TEXT, lambda f: f.ticket.assignee_name, lambda: func.coalesce(TicketRow.assignee_name, "")),
    QueueColumn("requester", Show.TEXT, lambda f: f.ticket.requester_name or f.ticket.requester_id,
                lambda: TicketRow.requester_name),
    QueueColumn("organisation", Show.TEXT, lambda f: f.organisation, lambda: func.coalesce(organisation_name(), "")),
    QueueColumn("channel", Show.LABEL, lambda f: f.ticket.requester_platform.value, lambda: TicketRow.requester_platform),
    QueueColumn("age", Show.AGE, lambda f: f.ticket.created_at, lambda: TicketRow.created_at, csv_key="created_at"),
    QueueColumn("updated_at", Show.MOMENT, lambda f: f.ticket.updated_at, lambda: TicketRow.updated_at),
)
COLUMNS_BY_KEY = {c.key: c for c in QUEUE_COLUMNS}
DEFAULT_SORT = "updated_at"
