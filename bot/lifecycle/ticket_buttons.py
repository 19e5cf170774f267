"""Button ids for ticket actions: ``T<ticket id>.<action>[.<argument>]`` for agents (the argument is
a value picked in a menu: a type, a priority, a canned response's id), ``R<ticket id>.<action>[.<n>]``
for requesters. Like every button, never trusted: the server checks who pressed it, and an id
that could not have been ours (non-ASCII digits, an id beyond the database's range) is no button.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from bot.tickets.actions import TicketAction
from bot.triage.fields import TriageField

MAX_ID = 2**31 - 1


class AgentAction(str, enum.Enum):
    """The agents' buttons (short values: button ids must fit Telegram's 64 bytes)."""

    CLAIM = "claim"
    ASK = "ask"  # ask the requester for information (needs a text)
    ESCALATE = "esc"  # hand to another team (needs a text: which team, why)
    WAIT_DEV = "dev"  # a defect: waiting for development
    WAIT_DEV_NEXT = "devnext"  # ... fixed in the next update
    HOLD = "hold"  # on hold at the customer's request
    RESUME = "resume"  # back to work after waiting, an escalation, a fix or a hold
    RESOLVE = "res"  # may carry a message to the requester
    CLOSE = "close"
    REOPEN = "reopen"
    REPLY = "reply"  # a message to the requester (needs a text)
    NOTE = "note"  # an internal note (needs a text)
    # Triage and the toolbox: without an argument, a menu of the values (or a text to type)
    REQUALIFY = "rq"  # the menu of what can be requalified
    SET_TYPE = "rqtype"
    SET_PRIORITY = "rqprio"
    SET_PRODUCT = "rqprod"
    SET_MODULE = "rqmod"
    SET_VERSION = "rqver"  # a version from the product's list (the list, without one)
    TYPE_VERSION = "rqvertxt"  # a version typed (needs a text)
    SET_URGENCY = "rqurg"
    SET_ORGANISATION = "rqorg"  # typed: the organisation's name
    SET_QUEUE = "rqqueue"  # move to another agents' queue
    CANNED = "canned"  # a canned response, in the requester's language
    ARTICLE = "kb"  # a knowledge-base article that fits the ticket
    MERGE = "merge"  # into another ticket (typed: its reference)

    @property
    def ticket_action(self) -> TicketAction:
        return _TICKET_ACTIONS[self]

    @property
    def field(self) -> TriageField | None:
        """The field a requalification button sets."""
        return _FIELDS.get(self)


_TICKET_ACTIONS = {
    AgentAction.CLAIM: TicketAction.CLAIM, AgentAction.ASK: TicketAction.ASK, AgentAction.ESCALATE: TicketAction.ESCALATE,
    AgentAction.WAIT_DEV: TicketAction.WAIT_DEVELOPMENT, AgentAction.WAIT_DEV_NEXT: TicketAction.WAIT_DEVELOPMENT,
    AgentAction.HOLD: TicketAction.HOLD, AgentAction.RESUME: TicketAction.RESUME, AgentAction.RESOLVE: TicketAction.RESOLVE,
    AgentAction.CLOSE: TicketAction.CLOSE, AgentAction.REOPEN: TicketAction.REOPEN, AgentAction.REPLY: TicketAction.REPLY,
    AgentAction.NOTE: TicketAction.NOTE, AgentAction.REQUALIFY: TicketAction.REQUALIFY,
    AgentAction.SET_TYPE: TicketAction.REQUALIFY, AgentAction.SET_PRIORITY: TicketAction.REQUALIFY,
    AgentAction.SET_PRODUCT: TicketAction.REQUALIFY, AgentAction.SET_MODULE: TicketAction.REQUALIFY,
    AgentAction.SET_VERSION: TicketAction.REQUALIFY, AgentAction.TYPE_VERSION: TicketAction.REQUALIFY,
    AgentAction.SET_URGENCY: TicketAction.REQUALIFY,
    AgentAction.SET_ORGANISATION: TicketAction.REQUALIFY, AgentAction.SET_QUEUE: TicketAction.ROUTE,
    AgentAction.CANNED: TicketAction.CANNED, AgentAction.ARTICLE: TicketAction.ARTICLE, AgentAction.MERGE: TicketAction.MERGE,
}
_FIELDS = {
    AgentAction.SET_TYPE: TriageField.TYPE, AgentAction.SET_PRIORITY: TriageField.PRIORITY,
    AgentAction.SET_PRODUCT: TriageField.PRODUCT, AgentAction.SET_MODULE: TriageField.MODULE,
    AgentAction.SET_VERSION: TriageField.VERSION, AgentAction.TYPE_VERSION: TriageField.VERSION,
    AgentAction.SET_URGENCY: TriageField.URGENCY, AgentAction.SET_ORGANISATION: TriageField.ORGANISATION,
    AgentAction.SET_QUEUE: TriageField.QUEUE,
}
# The button that sets a field (with a value), or shows its values (without).
SETTERS = {field: action for action, field in _FIELDS.items() if action is not AgentAction.TYPE_VERSION}


class TextUse(str, enum.Enum):
    FOR_REQUESTER = "requester"  # the requester reads it
    INTERNAL = "internal"  # agents only


@dataclass(frozen=True)
class TextField:
    """The text an agent's button takes: the catalog key of its label, who reads it, whether it is needed.

    A typed command's text fills the field only when the requester reads it anyway (``ask``,
    ``reply``): elsewhere it is an internal note, so a message meant for the requester is always
    written in a field that says so."""

    label_key: str
    use: TextUse
    required: bool = True


TEXT_FIELDS: dict[AgentAction, TextField] = {
    AgentAction.ASK: TextField("agent.ask_field", TextUse.FOR_REQUESTER),
    AgentAction.ESCALATE: TextField("agent.escalate_field", TextUse.INTERNAL),
    AgentAction.RESOLVE: TextField("agent.resolve_field", TextUse.FOR_REQUESTER, required=False),
    AgentAction.REPLY: TextField("agent.reply_field", TextUse.FOR_REQUESTER),
    AgentAction.NOTE: TextField("agent.note_field", TextUse.INTERNAL),
    AgentAction.MERGE: TextField("agent.merge_field", TextUse.INTERNAL),
    AgentAction.TYPE_VERSION: TextField("agent.version_field", TextUse.INTERNAL),
    AgentAction.SET_ORGANISATION: TextField("agent.organisation_field", TextUse.INTERNAL),
}


class RequesterAction(str, enum.Enum):
    CONFIRM = "yes"  # the resolution works: close
    REFUSE = "no"  # still not working: back in progress
    CANCEL = "cancel"  # the problem went away
    RATE = "rate"  # satisfaction score, argument 1..5
    RELINK = "relink"  # closed too long ago: open a new request linked to it
    ADD = "add"  # add a message to this ticket
    REOPEN = "reopen"  # a message on a closed ticket is about the same problem: reopen it
    NEW_REQUEST = "newreq"  # ... it is another problem: a new request
    CLOSE = "close"  # no answer is expected any more: the requester closes it


_FORMAT = re.compile(r"^([TR])(\d{1,10})\.([a-z]{2,8})(?:\.([A-Za-z0-9_.:-]{1,48}))?$", re.ASCII)
ARGUMENT = re.compile(r"^[A-Za-z0-9_.:-]{1,48}$", re.ASCII)  # what an agent's button may carry


@dataclass(frozen=True)
class TicketButton:
    ticket_id: int
    agent_action: AgentAction | None = None
    requester_action: RequesterAction | None = None
    number: int | None = None
    argument: str | None = None  # an agent's menu value


def agent_button(ticket_id: int, action: AgentAction, argument: str | None = None) -> str:
    if argument is not None and not ARGUMENT.match(argument):
        raise ValueError(f"{argument!r} cannot travel in a button id (ASCII letters, digits, . : - _; 48 at most)")
    return f"T{ticket_id}.{action.value}" + (f".{argument}" if argument is not None else "")


def requester_button(ticket_id: int, action: RequesterAction, number: int | None = None) -> str:
    return f"R{ticket_id}.{action.value}" + (f".{number}" if number is not None else "")


def is_ticket_button(button_id: str) -> bool:
    return bool(button_id) and button_id[0] in "TR"


def decode_ticket_button(button_id: str) -> TicketButton | None:
    match = _FORMAT.match(button_id or "")
    if match is None:
        return None
    side, digits, code, argument = match.groups()
    ticket_id = int(digits)
    if not 0 < ticket_id <= MAX_ID:
        return None
    if side == "T":
        agent_action = _AGENT_CODES.get(code)
        return TicketButton(ticket_id, agent_action=agent_action, argument=argument) if agent_action else None
    requester_action = _REQUESTER_CODES.get(code)
    if requester_action is None or (argument is not None and not re.fullmatch(r"\d{1,2}", argument, re.ASCII)):
        return None
    return TicketButton(ticket_id, requester_action=requester_action, number=int(argument) if argument else None)


_AGENT_CODES = {action.value: action for action in AgentAction}
_REQUESTER_CODES = {action.value: action for action in RequesterAction}
