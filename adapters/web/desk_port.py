"""The web desk's one seam with the core: every read and every action the web makes.

Actions go through the ticket service like a card's button, a typed command, a Slack form or
the command line (:func:`bot.tickets.service.perform`), so the same rules, SLA effects, audit
trail, notices and card updates follow; the web is one more entry point, with the buttons'
vocabulary (:class:`~bot.lifecycle.ticket_buttons.AgentAction`) and their text fields: a text is
for the requester only in a field that says so (a reply, a question, a resolution's message).
Reads go through the ticket repository, the queue and the reports. Pages see only the values
returned here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from adapters.web.ticket_view import TicketView, read_ticket
from bot.bootstrap import SupportBot
from bot.errors import DeskError, TicketNotFound
from bot.i18n import Language
from bot.lifecycle.actors import ActorKind
from bot.lifecycle.ticket_buttons import TEXT_FIELDS, AgentAction, TextUse
from bot.lifecycle.transitions import allowed
from bot.queue.listing import QueuePage, QueueQuery, TicketQueue
from bot.refusals import Refusals
from bot.reports.all import all_reports
from bot.reports.period import ReportRange
from bot.reports.table import ReportTable
from bot.text import clean_user_text
from bot.tickets.results import ActionResult
from bot.tickets.service import AgentRequest, perform
from bot.web_access.accounts import WebAccount

# What the ticket page offers, in this order, each when the transitions table allows it now.
PAGE_ACTIONS = (
    AgentAction.CLAIM, AgentAction.RESUME, AgentAction.REPLY, AgentAction.ASK, AgentAction.NOTE, AgentAction.ESCALATE,
    AgentAction.WAIT_DEV, AgentAction.WAIT_DEV_NEXT, AgentAction.HOLD, AgentAction.RESOLVE, AgentAction.CLOSE,
    AgentAction.REOPEN,
)


def available_actions(ticket: TicketView, account: WebAccount) -> tuple[AgentAction, ...]:
    """What this account may do to the ticket now: nothing unless they are an agent; what the table
    allows, but Claim only from someone else (or nobody)."""
    if account.actor is None:
        return ()
    mine = bool(ticket.assignee_key) and ticket.assignee_key == account.actor.key
    return tuple(
        action for action in PAGE_ACTIONS
        if allowed(action.ticket_action, ticket.status, ActorKind.AGENT) and not (action is AgentAction.CLAIM and mine)
    )


@dataclass(frozen=True)
class ActionOutcome:
    result: ActionResult | None = None
    refusal: str = ""  # the core's words, in the agent's language
    not_found: bool = False


class DeskPort:
    def __init__(self, bot: SupportBot, refusals: Refusals) -> None:
        self.bot = bot
        self.refusals = refusals
        self.queue_of = TicketQueue(bot.sla, bot.finder, bot.triage, bot.calendar.tz)

    def now(self) -> datetime:
        return self.bot.clock()

    @property
    def max_text(self) -> int:
        return self.bot.settings.max_message_chars

    # --- reads ----------------------------------------------------------------------------

    def queue(self, query: QueueQuery) -> QueuePage:
        with self.bot.sessions() as session:
            return self.queue_of.page(session, query, self.now())

    def ticket(self, reference: str) -> TicketView | None:
        with self.bot.sessions() as session:
            return read_ticket(session, reference, self.now(), self.bot.sla)

    def reports(self, span: ReportRange) -> dict[str, ReportTable]:
        with self.bot.sessions() as session:
            return all_reports(session, span, self.bot.sla, self.now())

    # --- actions --------------------------------------------------------------------------

    def act(self, account: WebAccount, reference: str, action: AgentAction, text: str = "", message: str = "") -> ActionOutcome:
        """Do ``action`` as ``account``'s agent in one transaction: the audit trail, the requester's
        notice and the chat cards' update are written with it, or nothing is. ``text`` fills the
        action's field (internal unless the field is the requester's); ``message`` is Resolve's
        labelled message to the requester."""
        text, message = clean_user_text(text), clean_user_text(message)  # as chat: no control characters
        if account.actor is None:  # a team lead or a local account: they read the desk
            return ActionOutcome(refusal=self.bot.catalog.text(account.lang, "web.ticket.read_only"))
        field = TEXT_FIELDS.get(action)
        try:
            with self.bot.sessions.begin() as session:
                if action is AgentAction.RESOLVE:
                    result = self.bot.tickets.resolve(session, reference, account.actor, note=text, message_to_requester=message)
                else:
                    request = AgentRequest(action.ticket_action, text, field is not None and field.use is TextUse.FOR_REQUESTER,
                                           next_update=action is AgentAction.WAIT_DEV_NEXT)
                    result = perform(self.bot.tickets, session, reference, account.actor, request)
        except DeskError as error:
            return ActionOutcome(refusal=self._refusal(error, account.lang), not_found=isinstance(error, TicketNotFound))
        return ActionOutcome(result)

    def _refusal(self, error: DeskError, lang: Language) -> str:
        return self.refusals.to_agent(error, lang).text
