"""The ticket service: the one way every entry point changes a ticket (chat agents and requesters,
the agents' console, ``supportbot tickets …``, Slack forms, a web desk).

Each call takes the caller's session (one transaction: the turn, the command), a ticket (its id
or its reference), a typed :class:`~bot.lifecycle.actors.Actor` and typed inputs; it applies the
rules of :mod:`bot.lifecycle.transitions`, records the audit trail and the SLA effects, queues
what others must be told in the outbox, and returns an :class:`~bot.tickets.results.ActionResult`.
Refusals raise a :class:`bot.errors.DeskError`; the caller runs the call in a savepoint
(``session.begin_nested()``) when it goes on after a refusal, so that nothing half-done is kept.

Agents: claim, assign, ask, reply, note, escalate, wait_for_development, hold, resume, resolve,
close, reopen, cancel (an agent voids it; a requester withdraws it); requalify, route, merge,
send_canned, send_article (:mod:`bot.tickets.triage_actions`). Requesters: add_message,
reactivate, confirm, refuse, close_by_requester, withdraw, rate, comment. supportbot itself:
close_unconfirmed, remind_requester, close_unanswered, hold_unanswered (:mod:`bot.tickets.system_actions`).
:func:`perform` routes an :class:`AgentRequest` (what a button, command or form carried) to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.lifecycle.actors import Actor
from bot.tickets.actions import TicketAction
from bot.tickets.agent_actions import AgentActions
from bot.tickets.repository import TicketKey
from bot.tickets.requester_actions import RequesterActions
from bot.tickets.results import ActionResult
from bot.tickets.system_actions import SystemActions
from bot.tickets.triage_actions import TriageActions
from bot.triage.fields import TriageField
from bot.triage.requalification import Requalification


class TicketService(AgentActions, RequesterActions, TriageActions, SystemActions):
    """See the module docstring; the steps every action shares are in :class:`TicketWorkflow`."""

    def cancel(self, session: Session, ticket: TicketKey, actor: Actor, note: str = "") -> ActionResult:
        """The problem went away (its requester), or the ticket is void (an agent: the requester is told)."""
        if self.is_agent(actor):
            return self.cancel_by_agent(session, ticket, actor, note)
        return self.withdraw(session, ticket, actor)


@dataclass(frozen=True)
class AgentRequest:
    """An agent's action as an entry point received it (a button, a typed command, a form, the
    command line). ``text`` is what came with it; ``for_requester`` says it was written in a field
    labelled as a message to the requester (otherwise a text is an internal note, except for a
    question or a reply, which are for the requester by name)."""

    action: TicketAction
    text: str = ""
    for_requester: bool = False
    next_update: bool = False  # waiting for development: the fix comes with the next update
    assignee: Actor | None = None  # assign: who takes the ticket
    field: TriageField | None = None  # requalify: which field ``value`` sets (several: ``requalification``)
    value: str = ""  # requalify: the new value; route: the queue; canned, article: which one; merge: into which ticket
    requalification: Requalification | None = None


def perform(service: TicketService, session: Session, ticket: TicketKey, agent: Actor, request: AgentRequest) -> ActionResult:
    """Route an agent's request to the service method it names."""
    text = request.text.strip()
    match request.action:
        case TicketAction.CLAIM:
            return service.claim(session, ticket, agent)
        case TicketAction.ASSIGN:
            return service.assign(session, ticket, agent, request.assignee or agent)
        case TicketAction.ASK:
            return service.ask(session, ticket, agent, text)
        case TicketAction.REPLY:
            return service.reply(session, ticket, agent, text)
        case TicketAction.NOTE:
            return service.note(session, ticket, agent, text)
        case TicketAction.ESCALATE:
            return service.escalate(session, ticket, agent, text)
        case TicketAction.WAIT_DEVELOPMENT:
            return service.wait_for_development(session, ticket, agent, next_update=request.next_update, note=text)
        case TicketAction.HOLD:
            return service.hold(session, ticket, agent, text)
        case TicketAction.RESUME:
            return service.resume(session, ticket, agent, text)
        case TicketAction.RESOLVE if request.for_requester:
            return service.resolve(session, ticket, agent, message_to_requester=text)
        case TicketAction.RESOLVE:
            return service.resolve(session, ticket, agent, note=text)
        case TicketAction.CLOSE:
            return service.close(session, ticket, agent, text)
        case TicketAction.REOPEN:
            return service.reopen(session, ticket, agent, text)
        case TicketAction.CANCEL:
            return service.cancel(session, ticket, agent, text)
        case TicketAction.REQUALIFY:
            changes = request.requalification or Requalification.of(request.field or TriageField.TYPE, request.value or text)
            return service.requalify(session, ticket, agent, changes)
        case TicketAction.ROUTE:
            return service.route(session, ticket, agent, request.value or text)
        case TicketAction.MERGE:
            return service.merge(session, ticket, agent, request.value or text)
        case TicketAction.CANNED:
            return service.send_canned(session, ticket, agent, request.value or text)
        case TicketAction.ARTICLE:
            return service.send_article(session, ticket, agent, request.value or text)
    raise ValueError(f"{request.action.value} is not an agent's action")
