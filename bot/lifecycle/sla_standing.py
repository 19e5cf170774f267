"""Where a ticket stands against its SLA, as the web desk's queue, ticket page and reports show it.

Per milestone (:class:`MilestoneStanding`): met (on time or late), pending, at risk (its
reminder time has come: the moment the SLA watch warns), breached (flagged by the watch, or past
due and not met; for a paused ticket, already late when the clock stopped), paused, or not
reached (closed or cancelled before it). For the whole ticket (:class:`SlaStanding`): breached if
any milestone is breached or was met late, at risk if any is at risk, on time otherwise.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from bot.lifecycle.sla_tracking import SlaClock
from bot.sla.policy import SlaMilestone, reminder_time
from bot.storage.models import TicketRow


class SlaStanding(str, enum.Enum):
    ON_TIME = "on_time"
    AT_RISK = "at_risk"
    BREACHED = "breached"

    @property
    def rank(self) -> int:
        return list(SlaStanding).index(self)


class MilestoneStanding(str, enum.Enum):
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
    standing: MilestoneStanding


def milestones(ticket: TicketRow, now: datetime, sla: SlaClock) -> list[MilestoneView]:
    pause = ticket.sla.pause
    views = []
    for milestone in SlaMilestone:
        due = SlaClock.due_of(ticket, milestone)
        marks = ticket.sla.of(milestone)
        if due is None:
            standing = MilestoneStanding.NOT_APPLICABLE
        elif marks.met is not None:
            standing = MilestoneStanding.MET_LATE if marks.met > due or marks.breached else MilestoneStanding.MET
        elif marks.breached is not None:
            standing = MilestoneStanding.BREACHED
        elif not ticket.status.is_open:
            standing = MilestoneStanding.NOT_APPLICABLE
        elif pause.since is not None:
            standing = MilestoneStanding.BREACHED if due <= pause.since else MilestoneStanding.PAUSED
        elif now >= due:
            standing = MilestoneStanding.BREACHED
        elif now >= reminder_time(due, sla.clock_started(ticket), sla.calendar):
            standing = MilestoneStanding.AT_RISK
        else:
            standing = MilestoneStanding.PENDING
        views.append(MilestoneView(milestone, due, marks.met, standing))
    return views


def sla_standing(ticket: TicketRow, now: datetime, sla: SlaClock) -> SlaStanding:
    found = {view.standing for view in milestones(ticket, now, sla)}
    if found & {MilestoneStanding.BREACHED, MilestoneStanding.MET_LATE}:
        return SlaStanding.BREACHED
    if MilestoneStanding.AT_RISK in found:
        return SlaStanding.AT_RISK
    return SlaStanding.ON_TIME
