"""Which lines of a ticket's history the requester read, and which only agents did.

The requester was told exactly what the ticket service sent them: an agent's reply (a
resolution's labelled message is recorded as one, so are canned responses and articles), the
question of Ask for information, who took the ticket, that it was filed or reopened, and their
own words. Every other text (notes, an escalation's reason, a note kept with a resolution, a hold
or a close, a requalification, a merge) is internal. The ticket page marks lines by this rule,
and a requester's own search never matches an internal text (:mod:`bot.tickets.search_index`).
"""

from __future__ import annotations

from bot.lifecycle.actors import ActorKind
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus

TOLD = frozenset({TicketEventKind.REPLY, TicketEventKind.ASSIGNED, TicketEventKind.CREATED, TicketEventKind.REOPENED})


def requester_read(kind: TicketEventKind, actor_kind: ActorKind, to_status: TicketStatus | None) -> bool:
    """Whether the requester saw this line's text."""
    if actor_kind is ActorKind.REQUESTER or kind in TOLD:
        return True
    asked = kind is TicketEventKind.STATUS and to_status is TicketStatus.WAITING_CUSTOMER
    return asked and actor_kind is ActorKind.AGENT
