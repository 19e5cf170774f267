"""The web desk's one seam with the core: every read and every action the web makes.

Actions go through the ticket service like a card's button, a typed command, a Slack form or
the command line (:func:`bot.tickets.service.perform`), so the same rules, SLA effects, audit
trail, notices and card updates follow; the web is one more entry point, with the buttons'
vocabulary (:class:`~bot.lifecycle.ticket_buttons.AgentAction`) and their text fields: a text is
for the requester only in a field that says so (a reply, a question, a resolution's message).
A requalification goes through the service's requalify (and route, for the queue), as chat's
menus do. Where queues restrict, the service refuses an agent outside a ticket's queue, as in
chat; the page offers no action there. Reads go through the ticket repository, the queue (whose
search is the ticket finder, as in chat) and the reports. Pages see only the values returned here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from adapters.web.ticket_view import TicketView, read_ticket
from bot.bootstrap import SupportBot
from bot.errors import DeskError, TicketNotFound
from bot.i18n import Language
from bot.intake.questions import Localized
from bot.lifecycle.actors import ActorKind
from bot.lifecycle.agent_desk import agent_request
from bot.lifecycle.ticket_buttons import AgentAction
from bot.lifecycle.transitions import allowed
from bot.queue.listing import QueuePage, QueueQuery, TicketQueue
from bot.queue.vocabulary import QueueVocabulary
from bot.refusals import Refusals
from bot.reports.all import all_reports
from bot.reports.period import ReportRange
from bot.reports.table import ReportTable
from bot.text import clean_user_text
from bot.tickets.repository import TicketRepository
from bot.tickets.results import ActionResult
from bot.tickets.service import perform
from bot.triage.fields import TriageField
from bot.triage.loader import DEFAULT_QUEUE
from bot.triage.requalification import Requalification
from bot.web_access.accounts import WebAccount

# What the ticket page offers, in this order, each when the transitions table allows it now.
PAGE_ACTIONS = (
    AgentAction.CLAIM, AgentAction.RESUME, AgentAction.REPLY, AgentAction.ASK, AgentAction.NOTE, AgentAction.ESCALATE,
    AgentAction.WAIT_DEV, AgentAction.WAIT_DEV_NEXT, AgentAction.HOLD, AgentAction.RESOLVE, AgentAction.CLOSE,
    AgentAction.REOPEN,
)
# The agents' toolbox, each a form of its own with the value it sends: a canned response, an
# article, the ticket a duplicate is merged into.
TOOLBOX = (AgentAction.CANNED, AgentAction.ARTICLE, AgentAction.MERGE)


@dataclass(frozen=True)
class TicketScreen:
    """A ticket and what its page offers to change it with."""

    view: TicketView
    vocabulary: QueueVocabulary
    canned: tuple[tuple[str, Localized], ...]  # (id, title)
    articles: tuple[tuple[str, str], ...]  # (id, title): those that fit it best (with a knowledge base)


def available_actions(ticket: TicketView, account: WebAccount, *, in_queue: bool = True) -> tuple[AgentAction, ...]:
    """What this account may do to the ticket now: nothing unless they are an agent (of its queue,
    where queues restrict); what the table allows, but Claim only from someone else (or nobody)."""
    if account.actor is None or not in_queue:
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

    def ticket(self, reference: str) -> TicketScreen | None:
        with self.bot.sessions() as session:
            view = read_ticket(session, reference, self.now(), self.bot.sla)
            if view is None:
                return None
            row = TicketRepository(session).get(view.id, lock=False)
            articles = tuple((a.id, a.title) for a in self.bot.tickets.articles_for(row))
            canned = tuple((r.id, r.title) for r in self.bot.triage.canned.responses)
            return TicketScreen(view, QueueVocabulary.read(session, self.bot.triage), canned, articles)

    def in_queue(self, account: WebAccount, ticket: TicketView) -> bool:
        """Whether the account's agent may act on this ticket's queue (always, unless queues restrict)."""
        return account.actor is not None and self.bot.triage.access.may_act(account.actor, ticket.triage.queue)

    def queue_name(self, queue: str, lang: Language) -> str:
        return self.bot.triage.queues.of(queue).name.get(lang)

    def reports(self, span: ReportRange) -> dict[str, ReportTable]:
        with self.bot.sessions() as session:
            return all_reports(session, span, self.bot.sla, self.now(), self.bot.triage.config.types)

    # --- actions --------------------------------------------------------------------------

    def act(self, account: WebAccount, reference: str, action: AgentAction, text: str = "", message: str = "",
            value: str = "") -> ActionOutcome:
        """Do ``action`` as ``account``'s agent in one transaction: the audit trail, the requester's
        notice and the chat cards' update are written with it, or nothing is. ``text`` fills the
        action's field (internal unless the field is the requester's); ``message`` is Resolve's
        labelled message to the requester; ``value`` what a toolbox form picked (a canned response,
        an article)."""
        text, message = clean_user_text(text), clean_user_text(message)  # as chat: no control characters
        if account.actor is None:  # a team lead or a local account: they read the desk
            return ActionOutcome(refusal=self.bot.catalog.text(account.lang, "web.ticket.read_only"))
        actor = account.actor
        try:
            with self.bot.sessions.begin() as session:
                if action is AgentAction.RESOLVE:
                    result = self.bot.tickets.resolve(session, reference, actor, note=text, message_to_requester=message)
                else:
                    request = agent_request(action, text, value.strip() or None)
                    result = perform(self.bot.tickets, session, reference, actor, request)
        except DeskError as error:
            return ActionOutcome(refusal=self._refusal(error, account.lang), not_found=isinstance(error, TicketNotFound))
        return ActionOutcome(result)

    def requalify(self, account: WebAccount, reference: str, changes: list[tuple[TriageField, str]], queue: str | None,
                  every_field: list[tuple[TriageField, str]]) -> ActionOutcome:
        """Change the fields that differ (the service's requalify: audited, the SLA recomputed and the
        requester told of a new priority), then move the ticket to ``queue`` if a requalification did
        not already route it there. A form that changes nothing is refused by the service, in its words."""
        if account.actor is None:
            return ActionOutcome(refusal=self.bot.catalog.text(account.lang, "web.ticket.read_only"))
        actor, service = account.actor, self.bot.tickets
        try:
            with self.bot.sessions.begin() as session:
                result = None
                if changes or queue is None:
                    result = service.requalify(session, reference, actor, Requalification(tuple(changes or every_field)))
                now_in = TicketRepository(session).get(reference).queue or DEFAULT_QUEUE
                if queue is not None and queue != now_in:
                    moved = service.route(session, reference, actor, queue)
                    result = moved if result is None else result
        except DeskError as error:
            return ActionOutcome(refusal=self._refusal(error, account.lang), not_found=isinstance(error, TicketNotFound))
        return ActionOutcome(result)

    def _refusal(self, error: DeskError, lang: Language) -> str:
        return self.refusals.to_agent(error, lang).text
