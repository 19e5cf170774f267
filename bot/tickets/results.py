"""What the ticket service answers: what it did, to which ticket, from which status to which."""

from __future__ import annotations

from dataclasses import dataclass

from bot.lifecycle.actors import Actor
from bot.tickets.actions import TicketAction
from bot.tickets.status import TicketStatus


@dataclass(frozen=True)
class ActionResult:
    action: TicketAction
    ticket_id: int
    reference: str
    actor: Actor
    before: TicketStatus
    after: TicketStatus
    note_kept: bool = False  # a text was kept as an internal note (the agent is told the requester does not see it)
    detail: str = ""  # what it was about, in the agents' words: the fields requalified, the queue, the canned response

    @property
    def moved(self) -> bool:
        return self.before is not self.after
