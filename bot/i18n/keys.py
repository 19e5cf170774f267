"""Catalog keys that depend on a value known only at run time (a status, a priority, a milestone).

Every such key is built here, from an enum member, and nowhere else: a test walks every member
of every family through these functions and checks both catalogs have the text.
"""

from __future__ import annotations

from bot.i18n.catalog import Language
from bot.intake.questions import Priority
from bot.lifecycle.ticket_buttons import AgentAction
from bot.sla.policy import SlaMilestone
from bot.tickets.actions import TicketAction
from bot.tickets.status import TicketStatus
from bot.triage.fields import ContractLevel, RequesterUrgency, TriageField


def status(value: TicketStatus) -> str:
    """The status as the requester reads it ("waiting for your answer")."""
    return f"status.{value.value}"


def agent_status(value: TicketStatus) -> str:
    """The status as agents read it ("waiting for the requester")."""
    return f"agent_status.{value.value}"


def priority(value: Priority) -> str:
    return f"priority.{value.value}"


def milestone(value: SlaMilestone) -> str:
    """The milestone's name in a reminder ("acknowledgement")."""
    return f"sla.{value.value}"


def milestone_due(value: SlaMilestone) -> str:
    """The card field showing when the milestone falls due ("Acknowledge by")."""
    return f"agent.sla_{value.value}"


def action(value: TicketAction) -> str:
    """The action as a verb, in a refusal ("… cannot be claimed")."""
    return f"action.{value.value}"


def done(value: TicketAction, *, next_update: bool = False) -> str:
    """What an agent did, as the agents' thread says it."""
    if value is TicketAction.WAIT_DEVELOPMENT and next_update:
        return "agent.done_wait_development_next"
    if value not in _DONE:
        raise ValueError(f"{value.value} is not an agent's action with a summary")
    return f"agent.done_{value.value}"


def requester_did(value: TicketAction) -> str:
    """What a requester decided (confirm, still not working, cancel), as the agents' thread says it."""
    if value not in _REQUESTER_DECISIONS:
        raise ValueError(f"{value.value} is not a requester's decision")
    return f"agent.requester_{value.value}"


def agent_button(value: AgentAction) -> str:
    return f"agent.action_{value.value}"


def urgency(value: RequesterUrgency) -> str:
    return f"urgency.{value.value}"


def contract(value: ContractLevel) -> str:
    return f"contract.{value.value}"


def language(value: Language) -> str:
    """A language's name ("French"), in the agents' menus."""
    return f"language.{value.value}"


def field(value: TriageField) -> str:
    """A triage field's name ("Product"), on cards, menus and refusals."""
    return f"field.{value.value}"


_DONE = frozenset({
    TicketAction.CLAIM, TicketAction.ASSIGN, TicketAction.ASK, TicketAction.REPLY, TicketAction.ESCALATE,
    TicketAction.WAIT_DEVELOPMENT, TicketAction.HOLD, TicketAction.RESUME, TicketAction.RESOLVE, TicketAction.CLOSE,
    TicketAction.REOPEN, TicketAction.CANCEL, TicketAction.REQUALIFY, TicketAction.ROUTE, TicketAction.MERGE,
    TicketAction.CANNED, TicketAction.ARTICLE,
})
_REQUESTER_DECISIONS = frozenset({TicketAction.CONFIRM, TicketAction.REOPEN, TicketAction.CANCEL, TicketAction.CLOSE})
