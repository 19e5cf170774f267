"""Button ids for ticket actions: ``T<ticket id>.<action>`` for agents, ``R<ticket id>.<action>[.<n>]``
for requesters. Like every button, never trusted: the server checks who pressed it."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class AgentAction(str, enum.Enum):
    CLAIM = "claim"
    ASK = "ask"  # ask the requester for information (needs a text)
    ESCALATE = "esc"  # hand to another team (needs a text: which team, why)
    WAIT_DEV = "dev"  # a defect: waiting for development
    WAIT_DEV_NEXT = "devnext"  # ... fixed in the next update
    HOLD = "hold"  # on hold at the customer's request
    RESOLVE = "res"
    CLOSE = "close"
    REPLY = "reply"  # a message to the requester (needs a text)
    NOTE = "note"  # an internal note (needs a text)


class RequesterAction(str, enum.Enum):
    CONFIRM = "yes"  # the resolution works: close
    REFUSE = "no"  # still not working: back in progress
    CANCEL = "cancel"  # the problem went away
    RATE = "rate"  # satisfaction score, argument 1..5
    RELINK = "relink"  # closed too long ago: open a new request linked to it
    ADD = "add"  # add a message to this ticket


_FORMAT = re.compile(r"^([TR])(\d{1,12})\.([a-z]{2,8})(?:\.(\d{1,2}))?$")

TEXT_ACTIONS = frozenset({AgentAction.ASK, AgentAction.ESCALATE, AgentAction.REPLY, AgentAction.NOTE})


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
    side, ticket_id, action, number = match.groups()
    try:
        if side == "T":
            return TicketButton(int(ticket_id), agent_action=AgentAction(action))
        return TicketButton(int(ticket_id), requester_action=RequesterAction(action),
                            number=int(number) if number else None)
    except ValueError:
        return None
