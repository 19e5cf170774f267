"""SLA compliance per milestone, for the tickets filed in the span."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.lifecycle.sla_standing import MilestoneStanding, milestones
from bot.lifecycle.sla_tracking import SlaClock
from bot.reports.period import ReportRange
from bot.reports.table import ReportTable, share
from bot.sla.policy import SlaMilestone
from bot.storage.models import TicketRow

_ON_TIME = {MilestoneStanding.MET}
_LATE = {MilestoneStanding.MET_LATE}
_MISSED = {MilestoneStanding.BREACHED}
_PENDING = {MilestoneStanding.PENDING, MilestoneStanding.AT_RISK, MilestoneStanding.PAUSED}


def sla_compliance(session: Session, span: ReportRange, sla: SlaClock, now: datetime) -> ReportTable:
    counts: dict[SlaMilestone, Counter[MilestoneStanding]] = {m: Counter() for m in SlaMilestone}
    tickets = session.scalars(select(TicketRow).where(TicketRow.created_at >= span.starts,
                                                      TicketRow.created_at < span.ends))
    for ticket in tickets:
        for view in milestones(ticket, now, sla):
            counts[view.milestone][view.standing] += 1
    rows = []
    for milestone, seen in counts.items():
        on_time = sum(seen[s] for s in _ON_TIME)
        late = sum(seen[s] for s in _LATE)
        missed = sum(seen[s] for s in _MISSED)
        pending = sum(seen[s] for s in _PENDING)
        rows.append((milestone.value, on_time, late, missed, pending, share(on_time, on_time + late + missed)))
    return ReportTable("sla", ("milestone", "met_on_time", "met_late", "missed", "pending", "compliance"), tuple(rows))
