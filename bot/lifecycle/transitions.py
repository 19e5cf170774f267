"""The allowed status changes of a ticket, in one place, and the audit trail they leave.

    new ──claim──▶ in_progress ◀──requester replies── waiting_customer
     │                 │  ▲                               ▲
     │                 │  └──── still not working ──┐     │ ask for information
     ▼                 ▼                            │
    escalated / waiting_development / on_hold ──▶ resolved ──confirm──▶ closed
                                                                          │
    any open status ──requester cancels──▶ cancelled      reply within 14 days: reopened (in_progress)

Every status change goes through :meth:`AuditTrail.move`, which also stops the SLA clock while the
ticket is the customer's turn (waiting for them, on hold) and restarts it when it comes back.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.lifecycle.actors import Actor
from bot.lifecycle.sla_tracking import SlaClock
from bot.storage.models import TicketEventRow
from bot.storage.models import TicketRow
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus as S

__all__ = ["ALLOWED", "AuditTrail", "InvalidTransition", "TicketEventKind", "can_move"]

_WORKING = {S.IN_PROGRESS, S.WAITING_CUSTOMER, S.ESCALATED, S.WAITING_DEVELOPMENT, S.ON_HOLD, S.RESOLVED, S.CLOSED}

ALLOWED: dict[S, frozenset[S]] = {
    S.NEW: frozenset(_WORKING | {S.CANCELLED}),
    S.IN_PROGRESS: frozenset(_WORKING - {S.IN_PROGRESS} | {S.CANCELLED}),
    S.WAITING_CUSTOMER: frozenset(_WORKING - {S.WAITING_CUSTOMER} | {S.CANCELLED}),
    S.ESCALATED: frozenset(_WORKING - {S.ESCALATED} | {S.CANCELLED}),
    S.WAITING_DEVELOPMENT: frozenset(_WORKING - {S.WAITING_DEVELOPMENT} | {S.CANCELLED}),
    S.ON_HOLD: frozenset(_WORKING - {S.ON_HOLD} | {S.CANCELLED}),
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset({S.IN_PROGRESS}),  # only a reopening, within the reopen window
    S.CANCELLED: frozenset(),
}




class InvalidTransition(Exception):
    """A status change the lifecycle does not allow; the message names both statuses."""

    def __init__(self, current: S, target: S) -> None:
        super().__init__(f"a ticket cannot go from {current.value} to {target.value}")
        self.current = current
        self.target = target


def can_move(current: S, target: S) -> bool:
    return target in ALLOWED[current]


class AuditTrail:
    def __init__(self, clock: Callable[[], datetime], sla: SlaClock) -> None:
        self.clock = clock
        self.sla = sla

    def record(
        self, session: Session, ticket: TicketRow, kind: TicketEventKind, actor: Actor, note: str = "",
        from_status: S | None = None, to_status: S | None = None,
    ) -> TicketEventRow:
        event = TicketEventRow(
            ticket_id=ticket.id, at=self.clock(), kind=kind, actor_kind=actor.kind,
            actor_id=actor.key, actor_name=actor.name,
            from_status=from_status, to_status=to_status,
            note=note,
        )
        session.add(event)
        return event

    def move(self, session: Session, ticket: TicketRow, target: S, actor: Actor, note: str = "") -> TicketEventRow:
        """Change the status if the lifecycle allows it, record who did it, and pause or restart the SLA clock."""
        current = S(ticket.status)
        if not can_move(current, target):
            raise InvalidTransition(current, target)
        now = self.clock()
        ticket.status = target
        ticket.updated_at = now
        if target is S.RESOLVED:
            ticket.resolved_at = now
        if target is S.CLOSED:
            ticket.closed_at = now
        self.sla.status_changed(ticket, current, target, now)
        return self.record(session, ticket, TicketEventKind.STATUS, actor, note, current, target)
