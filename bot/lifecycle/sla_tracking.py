"""Stamp SLA due times on a new ticket, mark milestones as met when agents act, and stop the
clock while the ball is in the customer's court.

The clock's state lives in the ticket's ``sla`` JSON beside the milestones:
``{"ack": {"met": ..., "reminded": ..., "breached": ...}, ..., "pause": {"since": ..., "business_seconds": ...}}``.
When a pause ends, every milestone still pending is pushed back by the business time paused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.intake.questions import Priority
from bot.sla.calendar import BusinessCalendar
from bot.sla.policy import SlaMilestone, SlaPolicy
from bot.storage.models import TicketRow
from bot.tickets.status import TicketStatus

_PAUSE = "pause"
_DUE_COLUMN = {
    SlaMilestone.ACK: "ack_due_at",
    SlaMilestone.FIRST_QUALIFICATION: "first_qualification_due_at",
    SlaMilestone.FINAL_QUALIFICATION: "final_qualification_due_at",
}


@dataclass(frozen=True)
class SlaPause:
    """Since when the clock is stopped (None while it runs), and the business time of past pauses."""

    since: datetime | None
    total: timedelta

    @property
    def is_paused(self) -> bool:
        return self.since is not None


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
        due: datetime | None = getattr(ticket, _DUE_COLUMN[milestone])
        return due

    @staticmethod
    def mark(ticket: TicketRow, milestone: SlaMilestone, key: str, at: datetime) -> bool:
        """Set ``key`` ("met", "reminded", "breached") once; returns whether it changed."""
        state = _copy(ticket)
        entry = state.setdefault(milestone.value, {})
        if entry.get(key):
            return False
        entry[key] = at.isoformat()
        ticket.sla = state  # a new dict, so SQLAlchemy sees the JSON change
        return True

    @staticmethod
    def is_set(ticket: TicketRow, milestone: SlaMilestone, key: str) -> bool:
        return bool((ticket.sla or {}).get(milestone.value, {}).get(key))

    # --- pauses ------------------------------------------------------------------------

    @staticmethod
    def pause_of(ticket: TicketRow) -> SlaPause:
        stored = (ticket.sla or {}).get(_PAUSE) or {}
        since = stored.get("since")
        return SlaPause(datetime.fromisoformat(since) if since else None,
                        timedelta(seconds=stored.get("business_seconds", 0)))

    def status_changed(self, ticket: TicketRow, before: TicketStatus, after: TicketStatus, at: datetime) -> None:
        """Stop the clock when the ticket becomes the customer's turn, restart it when it stops being so
        (a move between two such statuses, e.g. waiting for the customer to on hold, keeps it stopped)."""
        if after.pauses_sla and not before.pauses_sla:
            self.pause(ticket, at)
        elif before.pauses_sla and not after.pauses_sla:
            self.resume(ticket, at)

    def pause(self, ticket: TicketRow, at: datetime) -> None:
        pause = self.pause_of(ticket)
        if not pause.is_paused:
            _store_pause(ticket, _copy(ticket), SlaPause(at, pause.total))

    def resume(self, ticket: TicketRow, at: datetime) -> timedelta:
        """Push every pending milestone back by the business time paused; returns that time.

        Met milestones keep their due time, and so do those already late when the pause began
        (breached, or about to be flagged): the customer's slowness excuses only what was still on time.
        """
        pause = self.pause_of(ticket)
        if pause.since is None:
            return timedelta()
        paused = max(self.calendar.business_time_between(pause.since, at), timedelta())
        state = _copy(ticket)
        for milestone in SlaMilestone:
            due = self.due_of(ticket, milestone)
            entry = state.setdefault(milestone.value, {})
            if not paused or due is None or entry.get("met") or entry.get("breached") or due <= pause.since:
                continue
            setattr(ticket, _DUE_COLUMN[milestone], self.calendar.add_business_time(due, paused))
            entry.pop("reminded", None)  # a reminder named the old due time: remind again before the new one
        _store_pause(ticket, state, SlaPause(None, pause.total + paused))
        return paused

    def clock_started(self, ticket: TicketRow) -> datetime:
        """When the clock would have started had it never been paused: a pending milestone's target is
        the business time from here to its due time (the SLA watch's reminders lean on it)."""
        return self.calendar.add_business_time(ticket.created_at, self.pause_of(ticket).total)


def _copy(ticket: TicketRow) -> dict[str, dict[str, Any]]:
    return {name: dict(value) for name, value in (ticket.sla or {}).items()}


def _store_pause(ticket: TicketRow, state: dict[str, dict[str, Any]], pause: SlaPause) -> None:
    state[_PAUSE] = {"since": pause.since.isoformat() if pause.since else None,
                     "business_seconds": pause.total.total_seconds()}
    ticket.sla = state  # a new dict, so SQLAlchemy sees the JSON change
