"""What can be done to a ticket, by whom: the vocabulary of the ticket service and of its rules."""

from __future__ import annotations

import enum


class TicketAction(str, enum.Enum):
    # Agents
    CLAIM = "claim"  # take the ticket
    ASSIGN = "assign"  # give it to an agent (from the command line, or a lead)
    ASK = "ask"  # ask the requester for information: their next message answers
    REPLY = "reply"  # a message to the requester
    NOTE = "note"  # an internal note: agents only
    ESCALATE = "escalate"  # hand to another team (internal: which team, why)
    WAIT_DEVELOPMENT = "wait_development"  # a defect waits for a fix (maybe in the next update)
    HOLD = "hold"  # on hold at the customer's request
    RESUME = "resume"  # back to work after waiting, an escalation, a fix or a hold
    RESOLVE = "resolve"  # the requester is asked to confirm
    CLOSE = "close"  # also the requester (no answer expected from either side), or supportbot (no answer in time)
    REOPEN = "reopen"  # a resolved or closed ticket back in progress (a requester: the same problem, within the window)
    REQUALIFY = "requalify"  # change type, priority, product, module, version, urgency or organisation
    ROUTE = "route"  # move to another agents' queue
    MERGE = "merge"  # a duplicate merged into another ticket: closed as merged
    CANNED = "canned"  # a canned response sent to the requester, in their language
    ARTICLE = "article"  # a knowledge-base article sent to the requester
    # Both
    CANCEL = "cancel"  # the problem went away (requester), or the ticket is void (agent)
    # Requesters
    CONFIRM = "confirm"  # the resolution works
    REQUESTER_MESSAGE = "requester_message"  # a message about an open ticket (answers a question)
    RATE = "rate"  # a satisfaction score, 1 to 5
    COMMENT = "comment"  # a comment with the score
