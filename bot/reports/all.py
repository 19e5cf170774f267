"""Every report of the reports page, in the order it shows them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.lifecycle.sla_tracking import SlaClock
from bot.reports.backlog import backlog_by_age
from bot.reports.deflection import deflection_over_time, top_deflecting_articles
from bot.reports.kb_gaps import rejected_articles, unanswered_requests
from bot.reports.period import ReportRange
from bot.reports.satisfaction import satisfaction_comments, satisfaction_over_time
from bot.reports.sla import sla_compliance
from bot.reports.table import ReportTable
from bot.reports.times import response_times
from bot.reports.volume import tickets_per_period, tickets_per_type
from bot.triage.config import DEFAULT_TYPES, Option

REPORT_KEYS = ("volume", "volume_by_type", "deflection", "top_articles", "unanswered", "rejected_articles", "sla", "times",
               "satisfaction", "comments", "backlog")


def all_reports(session: Session, span: ReportRange, sla: SlaClock, now: datetime,
                types: Sequence[Option] = DEFAULT_TYPES) -> dict[str, ReportTable]:
    """``types``: the deployment's ticket types (the triage file's)."""
    tables = [
        tickets_per_period(session, span), tickets_per_type(session, span, types), deflection_over_time(session, span),
        top_deflecting_articles(session, span),
        unanswered_requests(session, span), rejected_articles(session, span), sla_compliance(session, span, sla, now),
        response_times(session, span, sla.calendar), satisfaction_over_time(session, span),
        satisfaction_comments(session, span), backlog_by_age(session, now),
    ]
    return {table.key: table for table in tables}
