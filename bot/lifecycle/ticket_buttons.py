"""Button ids for ticket actions: ``T<ticket id>.<action>`` for agents, ``R<ticket id>.<action>[.<n>]``
for requesters. Like every button, never trusted: the server checks who pressed it, and an id
that could not have been ours (non-ASCII digits, an id beyond the database's range) is no button.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from bot.tickets.actions import TicketAction

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

    @property
    def ticket_action(self) -> TicketAction:
        return _TICKET_ACTIONS[self]


_TICKET_ACTIONS = {
    AgentAction.CLAIM: TicketAction.CLAIM, AgentAction.ASK: TicketAction.ASK, AgentAction.ESCALATE: TicketAction.ESCALATE,
    AgentAction.WAIT_DEV: TicketAction.WAIT_DEVELOPMENT, AgentAction.WAIT_DEV_NEXT: TicketAction.WAIT_DEVELOPMENT,
    AgentAction.HOLD: TicketAction.HOLD, AgentAction.RESUME: TicketAction.RESUME, AgentAction.RESOLVE: TicketAction.RESOLVE,
    AgentAction.CLOSE: TicketAction.CLOSE, AgentAction.REOPEN: TicketAction.REOPEN, AgentAction.REPLY: TicketAction.REPLY,
    AgentAction.NOTE: TicketAction.NOTE,
}


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
}


class RequesterAction(str, enum.Enum):
    CONFIRM = "yes"  # the resolution works: close
    REFUSE = "no"  # still not working: back in progress
    CANCEL = "cancel"  # the problem went away
    RATE = "rate"  # satisfaction score, argument 1..5
    RELINK = "relink"  # closed too long ago: open a new request linked to it
    ADD = "add"  # add a message to this ticket


_FORMAT = re.compile(r"^([TR])(\d{1,10})\.([a-z]{2,8})(?:\.(\d{1,2}))?$", re.ASCII)


@dataclass(frozen=True)
class TicketButton:
    ticket_id: int
    agent_action: AgentAction | None = None
    requester_action: RequesterAction | None = None
    number: int | None = None


def agent_button(ticket_id: int, action: AgentAction) -> str:
    return f"T{ticket_id}.{action.value}"


def requester_button(ticket_id: int, action: RequesterAction, number: int | None = None) -> str:
    return f"R{ticket_id}.{action.value}" + (f".{number}" if number is not None else "")


def is_ticket_button(button_id: str) -> bool:
    return bool(button_id) and button_id[0] in "TR"


def decode_ticket_button(button_id: str) -> TicketButton | None:
    match = _FORMAT.match(button_id or "")
    if match is None:
        return None
    side, digits, code, number = match.groups()
    ticket_id = int(digits)
    if not 0 < ticket_id <= MAX_ID:
        return None
    if side == "T":
        agent_action = _AGENT_CODES.get(code)
        return TicketButton(ticket_id, agent_action=agent_action) if agent_action else None
    requester_action = _REQUESTER_CODES.get(code)
    if requester_action is None:
        return None
    return TicketButton(ticket_id, requester_action=requester_action, number=int(number) if number else None)


_AGENT_CODES = {action.value: action for action in AgentAction}
_REQUESTER_CODES = {action.value: action for action in RequesterAction}
