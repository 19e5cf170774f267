"""Ticket statuses, as help desks use them."""

from __future__ import annotations

import enum


class TicketStatus(str, enum.Enum):
    NEW = "new"
    IN_PROGRESS = "in_progress"
    WAITING_CUSTOMER = "waiting_customer"
    ESCALATED = "escalated"
    WAITING_DEVELOPMENT = "waiting_development"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"
    CANCELLED = "cancelled"

    @property
    def is_open(self) -> bool:
        return self not in {TicketStatus.CLOSED, TicketStatus.CANCELLED}

    @property
    def pauses_sla(self) -> bool:
        """The customer's turn (waiting for their answer, or on hold at their request): the SLA clock stops."""
        return self in {TicketStatus.WAITING_CUSTOMER, TicketStatus.ON_HOLD}
