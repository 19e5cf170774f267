"""Every label the web desk builds from a value exists in French and English: each queue column
and filter (and each choice a filter offers, each value a label column shows), every report's
table and columns, every audit event, milestone state, article outcome and rejection reason,
every action the ticket page offers and its confirmation. A column added to the registry without
its texts fails here, not in front of a team lead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from adapters.web.desk_port import PAGE_ACTIONS, TOOLBOX
from adapters.web.reports_page import shortcuts
from bot.bootstrap import SupportBot
from bot.i18n import Catalog, Language, keys
from bot.intake.questions import Priority
from bot.lifecycle.sla_standing import MilestoneStanding, SlaStanding
from bot.lifecycle.ticket_buttons import TEXT_FIELDS, AgentAction
from bot.messages import Platform
from bot.queue.columns import QUEUE_COLUMNS, Show
from bot.queue.filters import QUEUE_FILTERS, FilterKind
from bot.reports.all import REPORT_KEYS, all_reports
from bot.reports.backlog import AGE_BUCKETS
from bot.reports.period import Period, ReportRange
from bot.sla.policy import SlaMilestone
from bot.suggestions.outcome import RejectionReason, SuggestionOutcome
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus
from bot.triage.fields import ContractLevel, RequesterUrgency, TriageField

# What each LABEL column can hold.
LABEL_VALUES = {"status": TicketStatus, "priority": Priority, "sla": SlaStanding, "channel": Platform,
                "urgency": RequesterUrgency, "contract": ContractLevel}


def built_keys(report_columns: set[str]) -> set[str]:
    built = {f"web.col.{c.key}" for c in QUEUE_COLUMNS} | {f"web.col.{c.csv_label}" for c in QUEUE_COLUMNS}
    built |= {f"web.filter.{f.key}" for f in QUEUE_FILTERS}
    for column in QUEUE_COLUMNS:
        if column.show is Show.LABEL:
            built |= {f"{column.label_family}.{value.value}" for value in LABEL_VALUES[column.key]}
    for flt in QUEUE_FILTERS:
        if flt.kind is FilterKind.CHOICE:
            built |= {f"web.{flt.key}.{value or 'any'}" for value in flt.values}
    built |= {f"web.reports.{key}" for key, _, _ in shortcuts(date(2026, 11, 20))}
    built |= {f"web.table.{k}" for k in REPORT_KEYS} | {f"web.explain.{k}" for k in REPORT_KEYS}
    built |= {f"web.col.{c}" for c in report_columns}
    built |= {f"web.event.{k.value}" for k in TicketEventKind} | {f"web.milestone.{m.value}" for m in SlaMilestone}
    built |= {f"web.milestone_state.{s.value}" for s in MilestoneStanding} | {f"web.age_bucket.{b}" for b, _ in AGE_BUCKETS}
    built |= {f"web.outcome.{o.value}" for o in SuggestionOutcome} | {f"web.reason.{r.value}" for r in RejectionReason}
    page_actions = (*PAGE_ACTIONS, *TOOLBOX, AgentAction.REQUALIFY, AgentAction.SET_QUEUE)
    built |= {keys.agent_button(a) for a in page_actions} | {TEXT_FIELDS[a].label_key for a in page_actions if a in TEXT_FIELDS}
    built |= {keys.done(a.ticket_action, next_update=a is AgentAction.WAIT_DEV_NEXT) for a in page_actions
              if a is not AgentAction.NOTE}
    built |= {keys.field(f) for f in TriageField}
    return built


def test_every_label_the_web_desk_builds_exists_in_both_languages(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    span = ReportRange(date(2026, 11, 2), date(2026, 11, 8), Period.DAY, ZoneInfo("Europe/Paris"))
    with Session(bot.engine) as session:  # an empty desk still has every table and column
        tables = all_reports(session, span, bot.sla, datetime(2026, 11, 9, tzinfo=UTC))
    assert set(tables) == set(REPORT_KEYS)
    catalog = Catalog.load()
    wanted = built_keys({c for table in tables.values() for c in table.columns if c not in table.headers})
    for lang in Language:
        assert sorted(wanted - catalog.keys(lang)) == [], lang
