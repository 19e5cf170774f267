"""Stamp SLA due times on a new ticket, mark milestones as met when agents act, and stop the
clock while the ball is in the customer's court.

The due times are columns of the ticket; the rest is its :class:`~bot.sla.state.SlaState`
(milestone marks, pauses). When a pause ends, every milestone still pending is pushed back by
the business time paused.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.sla.calendar import BusinessCalendar
from bot.sla.policy import SlaMilestone, SlaPolicy
from bot.sla.state import MilestoneMark, SlaPause, SlaState
from bot.storage.models import TicketRow
from bot.tickets.status import TicketStatus

_DUE_COLUMN = {
    SlaMilestone.ACK: "ack_due_at",
    SlaMilestone.FIRST_QUALIFICATION: "first_qualification_due_at",
    SlaMilestone.FINAL_QUALIFICATION: "final_qualification_due_at",
}


class SlaClock:
    def __init__(self, policy: SlaPolicy, calendar: BusinessCalendar) -> None:
        self.policy = policy
        self.calendar = calendar

    def stamp(self, ticket: TicketRow, filed_at: datetime) -> None:
        due = self.policy.due_times(ticket.priority, filed_at, self.calendar)
        ticket.ack_due_at = due.ack_due
        ticket.first_qualification_due_at = due.first_qualification_due
        ticket.final_qualification_due_at = due.final_qualification_due
        ticket.sla = SlaState()

    def restamp(self, ticket: TicketRow, now: datetime) -> None:
        """The priority changed: the targets not met yet are due by the new priority's, counted from
        filing and moved back by the business time the clock stood still. A reminder or a breach
        flagged against the old due time is cleared when the new one is still ahead."""
        due = self.policy.due_times(ticket.priority, ticket.created_at, self.calendar)
        paused = ticket.sla.pause.total
        state = ticket.sla
        for milestone in SlaMilestone:
            if state.of(milestone).met:
                continue  # what was met in time stays met, against the due time of then
            new = self.calendar.add_business_time(due.due(milestone), paused) if paused else due.due(milestone)
            setattr(ticket, _DUE_COLUMN[milestone], new)
            if new > now:
                state = state.marked(milestone, MilestoneMark.REMINDED, None).marked(milestone, MilestoneMark.BREACHED, None)
        ticket.sla = state

    @staticmethod
    def due_of(ticket: TicketRow, milestone: SlaMilestone) -> datetime | None:
        due: datetime | None = getattr(ticket, _DUE_COLUMN[milestone])
        return due

    @staticmethod
    def mark(ticket: TicketRow, milestone: SlaMilestone, mark: MilestoneMark, at: datetime) -> bool:
        """Set ``mark`` once; returns whether it changed."""
        if ticket.sla.is_marked(milestone, mark):
            return False
        ticket.sla = ticket.sla.marked(milestone, mark, at)
        return True

    def status_changed(self, ticket: TicketRow, before: TicketStatus, after: TicketStatus, at: datetime) -> None:
        """Stop the clock when the ticket becomes the customer's turn, restart it when it stops being so
        (a move between two such statuses, e.g. waiting for the customer to on hold, keeps it stopped)."""
        if after.pauses_sla and not before.pauses_sla:
            self.pause(ticket, at)
        elif before.pauses_sla and not after.pauses_sla:
            self.resume(ticket, at)

    def pause(self, ticket: TicketRow, at: datetime) -> None:
        pause = ticket.sla.pause
        if not pause.is_paused:
            ticket.sla = ticket.sla.paused(SlaPause(at, pause.total))

    def resume(self, ticket: TicketRow, at: datetime) -> timedelta:
        """Push every pending milestone back by the business time paused; returns that time.

        Met milestones keep their due time, and so do those already late when the pause began
        (breached, or about to be flagged): the customer's slowness excuses only what was still on time.
        """
        state = ticket.sla
        since = state.pause.since
        if since is None:
            return timedelta()
        paused = max(self.calendar.business_time_between(since, at), timedelta())
        for milestone in SlaMilestone:
            due = self.due_of(ticket, milestone)
            marks = state.of(milestone)
            if not paused or due is None or marks.met or marks.breached or due <= since:
                continue
            setattr(ticket, _DUE_COLUMN[milestone], self.calendar.add_business_time(due, paused))
            # A reminder named the old due time: remind again before the new one.
            state = state.marked(milestone, MilestoneMark.REMINDED, None)
        ticket.sla = state.paused(SlaPause(None, state.pause.total + paused))
        return paused

    def clock_started(self, ticket: TicketRow) -> datetime:
        """When the clock would have started had it never been paused: a pending milestone's target is
        the business time from here to its due time (the SLA watch's reminders lean on it)."""
        return self.calendar.add_business_time(ticket.created_at, ticket.sla.pause.total)
