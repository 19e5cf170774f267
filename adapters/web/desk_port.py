"""The seam between the web desk and the core: every read and every action the web makes.

Today it calls :class:`bot.lifecycle.service.TicketLifecycle` (the same method chat buttons
reach through ``AgentDesk``) and reads with plain queries. When the core gains one ticket
service and a ticket repository, this is the one file to rewire: the pages only see the
values returned here (:class:`QueuePage`, :class:`TicketView`, :class:`ActionOutcome`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.bootstrap import SupportBot
from bot.lifecycle.ticket_buttons import AgentAction
from bot.lifecycle.transitions import can_move
from bot.queue.listing import QueuePage, QueueQuery, TicketQueue
from bot.queue.search import TicketSearch
from bot.reports.all import all_reports
from bot.reports.period import ReportRange
from bot.reports.table import ReportTable
from bot.storage.lifecycle_models import TicketEventRow
from bot.storage.models import TicketRow
from bot.text import clean_user_text
from bot.tickets.filing import find_ticket
from bot.tickets.status import TicketStatus
from bot.web_access import WebAccount
from adapters.web.ticket_view import TicketView, read_ticket


class WebAction(str, enum.Enum):
    """The actions the ticket page offers, each the same as a chat button."""

    CLAIM = "claim"
    REPLY = "reply"
    NOTE = "note"
    ASK = "ask"
    ESCALATE = "escalate"
    WAIT_DEV = "wait_dev"
    HOLD = "hold"
    RESOLVE = "resolve"
    CLOSE = "close"

    @property
    def agent_action(self) -> AgentAction:
        return _AGENT_ACTION[self]

    @property
    def needs_text(self) -> bool:
        return self in {WebAction.REPLY, WebAction.NOTE, WebAction.ASK, WebAction.ESCALATE}


_AGENT_ACTION = {
    WebAction.CLAIM: AgentAction.CLAIM, WebAction.REPLY: AgentAction.REPLY, WebAction.NOTE: AgentAction.NOTE,
    WebAction.ASK: AgentAction.ASK, WebAction.ESCALATE: AgentAction.ESCALATE, WebAction.WAIT_DEV: AgentAction.WAIT_DEV,
    WebAction.HOLD: AgentAction.HOLD, WebAction.RESOLVE: AgentAction.RESOLVE, WebAction.CLOSE: AgentAction.CLOSE,
}
_TARGET = {WebAction.ASK: TicketStatus.WAITING_CUSTOMER, WebAction.ESCALATE: TicketStatus.ESCALATED,
           WebAction.WAIT_DEV: TicketStatus.WAITING_DEVELOPMENT, WebAction.HOLD: TicketStatus.ON_HOLD,
           WebAction.RESOLVE: TicketStatus.RESOLVED, WebAction.CLOSE: TicketStatus.CLOSED}


def available_actions(status: TicketStatus) -> tuple[WebAction, ...]:
    """What may be done to a ticket in ``status``, by the lifecycle's own transition table."""
    found = []
    for action in WebAction:
        if action is WebAction.NOTE:
            allowed = True
        elif action is WebAction.REPLY:
            allowed = status is not TicketStatus.CANCELLED
        elif action is WebAction.CLAIM:
            allowed = status.is_open and status is not TicketStatus.RESOLVED
        else:
            allowed = status.is_open and can_move(status, _TARGET[action])
        if allowed:
            found.append(action)
    return tuple(found)


class Refusal(str, enum.Enum):
    UNKNOWN_TICKET = "unknown_ticket"
    TEXT_NEEDED = "text_needed"
    NOT_NOW = "not_now"  # not allowed in the ticket's current status


@dataclass(frozen=True)
class ActionOutcome:
    done: bool
    refusal: Refusal | None = None
    explanation: str = ""  # the core's own words when it refused for a reason of its own


class DeskPort:
    def __init__(self, bot: SupportBot) -> None:
        self.bot = bot
        self.queue_of = TicketQueue(bot.sla, TicketSearch(bot.clock), bot.calendar.tz)

    def now(self) -> datetime:
        return self.bot.clock()

    # --- reads ----------------------------------------------------------------------------

    def queue(self, query: QueueQuery) -> QueuePage:
        with self.bot.sessions.begin() as session:  # a search refreshes the search text: a write
            return self.queue_of.page(session, query, self.now())

    def ticket(self, reference: str) -> TicketView | None:
        with self.bot.sessions() as session:
            ticket = find_ticket(session, reference)
            return read_ticket(session, ticket, self.now(), self.bot.sla) if ticket is not None else None

    def reports(self, span: ReportRange) -> dict[str, ReportTable]:
        with self.bot.sessions() as session:
            return all_reports(session, span, self.bot.sla, self.now())

    # --- actions --------------------------------------------------------------------------

    def act(self, account: WebAccount, reference: str, action: WebAction, text: str) -> ActionOutcome:
        """Do ``action`` as ``account``, in one transaction: the audit trail, the requester's notice
        and the chat cards' update are written with it, exactly as when the button is pressed in chat."""
        text = clean_user_text(text)  # as for chat: no control characters (PostgreSQL refuses NUL)
        if action.needs_text and not text:
            return ActionOutcome(False, Refusal.TEXT_NEEDED)
        with self.bot.sessions.begin() as session:
            ticket = session.scalars(select(TicketRow).where(TicketRow.reference == reference.strip().upper())
                                     .with_for_update()).first()
            if ticket is None:
                return ActionOutcome(False, Refusal.UNKNOWN_TICKET)
            if action not in available_actions(TicketStatus(ticket.status)):
                return ActionOutcome(False, Refusal.NOT_NOW)
            before = _events_of(session, ticket.id)
            replies = self.bot.lifecycle.agent_act(session, ticket, account.actor, action.agent_action, text)
            if _events_of(session, ticket.id) == before:  # the lifecycle refused, and said why
                return ActionOutcome(False, Refusal.NOT_NOW, " ".join(getattr(r, "text", "") for r in replies))
        self.bot.metrics.web_actions.labels(action.value).inc()
        return ActionOutcome(True)


def _events_of(session: Session, ticket_id: int) -> int:
    return session.scalar(select(func.count()).select_from(TicketEventRow).where(TicketEventRow.ticket_id == ticket_id)) or 0
