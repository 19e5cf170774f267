"""The queue's columns and filters, as data.

Each column names its catalog label (``web.column.<key>``) and how to sort by it in SQL (or
``None`` when the sort is computed, like the SLA state). Each filter names the values it offers.
A ticket field added to the model (issue 13: type, product, module, queue, organisation) becomes
one :class:`QueueColumn` and, when it is a choice, one :class:`QueueFilter`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, select

from bot.intake.questions import Priority
from bot.messages import Platform
from bot.queue.sla_state import SlaState
from bot.storage.lifecycle_models import CustomerRow
from bot.storage.models import TicketRow
from bot.tickets.status import TicketStatus


def organisation_name() -> ColumnElement[str | None]:
    """Today's organisation: the customer a Telegram chat was linked to (``supportbot customers add``)."""
    return (select(func.max(CustomerRow.name))
            .where(CustomerRow.platform == TicketRow.requester_platform, CustomerRow.user_id == TicketRow.requester_id)
            .correlate(TicketRow).scalar_subquery())


def _priority_rank() -> ColumnElement[int]:
    return case({p.value: p.rank for p in Priority}, value=TicketRow.priority, else_=-1)


@dataclass(frozen=True)
class QueueColumn:
    key: str
    sort: Callable[[], ColumnElement[object]] | None  # None: sorted in Python (SLA state)
    numeric: bool = False


QUEUE_COLUMNS: tuple[QueueColumn, ...] = (
    QueueColumn("reference", lambda: TicketRow.id),
    QueueColumn("summary", lambda: TicketRow.summary),
    QueueColumn("status", lambda: TicketRow.status),
    QueueColumn("priority", _priority_rank),
    QueueColumn("sla", None),
    QueueColumn("assignee", lambda: func.coalesce(TicketRow.assignee_name, "")),
    QueueColumn("requester", lambda: TicketRow.requester_name),
    QueueColumn("organisation", lambda: func.coalesce(organisation_name(), "")),
    QueueColumn("channel", lambda: TicketRow.requester_platform),
    QueueColumn("age", lambda: TicketRow.created_at),
    QueueColumn("updated", lambda: TicketRow.updated_at),
)
COLUMNS_BY_KEY = {c.key: c for c in QUEUE_COLUMNS}


class FilterKind(str, enum.Enum):
    CHOICE = "choice"  # one value among ``values``
    TEXT = "text"
    DATE = "date"


@dataclass(frozen=True)
class QueueFilter:
    key: str
    kind: FilterKind
    values: tuple[str, ...] = ()  # labels come from the catalog: web.<key>.<value>


OPEN = "open"  # the status filter's default: every open status
ANY = ""
UNASSIGNED = "none"
MINE = "me"

QUEUE_FILTERS: tuple[QueueFilter, ...] = (
    QueueFilter("q", FilterKind.TEXT),
    QueueFilter("status", FilterKind.CHOICE, (OPEN, ANY, *(s.value for s in TicketStatus))),
    QueueFilter("priority", FilterKind.CHOICE, (ANY, *(p.value for p in reversed(Priority)))),
    QueueFilter("sla", FilterKind.CHOICE, (ANY, *(s.value for s in SlaState))),
    QueueFilter("assignee", FilterKind.CHOICE, (ANY, MINE, UNASSIGNED)),  # plus the agents seen in tickets
    QueueFilter("channel", FilterKind.CHOICE, (ANY, *(p.value for p in Platform))),
    QueueFilter("created_from", FilterKind.DATE),
    QueueFilter("created_to", FilterKind.DATE),
)
