"""A ticket's SLA state as the queue shows it: on time, at risk, or breached.

- breached: a milestone was flagged by the SLA watch, met after its due time, or is past due
  and not met (for a paused ticket: it was already late when the clock stopped);
- at risk: a pending milestone has reached its reminder time (the moment the SLA watch warns);
- on time: anything else, including a paused ticket and a closed one that met every target.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from bot.lifecycle.sla_tracking import SlaClock
from bot.sla.policy import SlaMilestone, reminder_time
from bot.storage.models import TicketRow
from bot.tickets.status import TicketStatus


class SlaState(str, enum.Enum):
    ON_TIME = "on_time"
    AT_RISK = "at_risk"
    BREACHED = "breached"

    @property
    def rank(self) -> int:
        return list(SlaState).index(self)


class MilestoneState(str, enum.Enum):
    MET = "met"
    MET_LATE = "met_late"
    PENDING = "pending"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    PAUSED = "paused"
    NOT_APPLICABLE = "not_applicable"  # closed or cancelled before the milestone was reached


@dataclass(frozen=True)
class MilestoneView:
    milestone: SlaMilestone
    due: datetime | None
    met_at: datetime | None
    state: MilestoneState


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def milestones(ticket: TicketRow, now: datetime, sla: SlaClock) -> list[MilestoneView]:
    status = TicketStatus(ticket.status)
    pause = SlaClock.pause_of(ticket)
    views = []
    for milestone in SlaMilestone:
        due = SlaClock.due_of(ticket, milestone)
        entry = (ticket.sla or {}).get(milestone.value) or {}
        met_at = _moment(entry.get("met"))
        if due is None:
            state = MilestoneState.NOT_APPLICABLE
        elif met_at is not None:
            state = MilestoneState.MET_LATE if met_at > due or entry.get("breached") else MilestoneState.MET
        elif entry.get("breached"):
            state = MilestoneState.BREACHED
        elif not status.is_open:
            state = MilestoneState.NOT_APPLICABLE
        elif pause.since is not None:
            state = MilestoneState.BREACHED if due <= pause.since else MilestoneState.PAUSED
        elif now >= due:
            state = MilestoneState.BREACHED
        elif now >= reminder_time(due, sla.clock_started(ticket), sla.calendar):
            state = MilestoneState.AT_RISK
        else:
            state = MilestoneState.PENDING
        views.append(MilestoneView(milestone, due, met_at, state))
    return views


def sla_state(ticket: TicketRow, now: datetime, sla: SlaClock) -> SlaState:
    states = {view.state for view in milestones(ticket, now, sla)}
    if states & {MilestoneState.BREACHED, MilestoneState.MET_LATE}:
        return SlaState.BREACHED
    if MilestoneState.AT_RISK in states:
        return SlaState.AT_RISK
    return SlaState.ON_TIME
