"""The ticket service: the one way every entry point changes a ticket (chat agents and requesters,
the agents' console, ``supportbot tickets …``, Slack forms, a web desk).

Each call takes the caller's session (one transaction: the turn, the command), a ticket (its id
or its reference), a typed :class:`~bot.lifecycle.actors.Actor` and typed inputs; it applies the
rules of :mod:`bot.lifecycle.transitions`, records the audit trail and the SLA effects, queues
what others must be told in the outbox, and returns an :class:`~bot.tickets.results.ActionResult`.
Refusals raise a :class:`bot.errors.DeskError`; the caller runs the call in a savepoint
(``session.begin_nested()``) when it goes on after a refusal, so that nothing half-done is kept.

Agents: claim, assign, ask, reply, note, escalate, wait_for_development, hold, resume, resolve,
close, reopen, cancel (an agent voids it; a requester withdraws it). Requesters: add_message, confirm,
refuse, withdraw, rate, comment.
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


class TicketService(AgentActions, RequesterActions):
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
    raise ValueError(f"{request.action.value} is not an agent's action")
