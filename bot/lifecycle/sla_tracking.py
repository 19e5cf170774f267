"""Stamp SLA due times on a new ticket and mark milestones as met when agents act."""

from __future__ import annotations

from datetime import datetime

from bot.intake.questions import Priority
from bot.sla.calendar import BusinessCalendar
from bot.sla.policy import SlaMilestone, SlaPolicy
from bot.storage.models import TicketRow


class SlaClock:
    def __init__(self, policy: SlaPolicy, calendar: BusinessCalendar) -> None:
        self.policy = policy
        self.calendar = calendar

    def stamp(self, ticket: TicketRow, filed_at: datetime) -> None:
        due = self.policy.due_times(Priority(ticket.priority), filed_at, self.calendar)
        ticket.ack_due_at = due.ack_due
        ticket.first_qualification_due_at = due.first_qualification_due
        ticket.final_qualification_due_at = due.final_qualification_due
        ticket.sla = {m.value: {} for m in SlaMilestone}

    @staticmethod
    def due_of(ticket: TicketRow, milestone: SlaMilestone) -> datetime | None:
        return {
            SlaMilestone.ACK: ticket.ack_due_at,
            SlaMilestone.FIRST_QUALIFICATION: ticket.first_qualification_due_at,
            SlaMilestone.FINAL_QUALIFICATION: ticket.final_qualification_due_at,
        }[milestone]

    @staticmethod
    def mark(ticket: TicketRow, milestone: SlaMilestone, key: str, at: datetime) -> bool:
        """Set ``key`` ("met", "reminded", "breached") once; returns whether it changed."""
        state = {name: dict(value) for name, value in (ticket.sla or {}).items()}
        entry = state.setdefault(milestone.value, {})
        if entry.get(key):
            return False
        entry[key] = at.isoformat()
        ticket.sla = state  # a new dict, so SQLAlchemy sees the JSON change
        return True

    @staticmethod
    def is_set(ticket: TicketRow, milestone: SlaMilestone, key: str) -> bool:
        return bool((ticket.sla or {}).get(milestone.value, {}).get(key))
