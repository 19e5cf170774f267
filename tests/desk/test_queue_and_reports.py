"""The queue and the reports read from a desk made through the real core, on SQLite and PostgreSQL:
filters, sort, search (any case, with or without accents, notes included), paging, SLA states,
and report figures that add up to what happened."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest

from adapters.web.desk_port import DeskPort, Refusal, WebAction
from bot.bootstrap import SupportBot
from bot.i18n import Language
from bot.queue.listing import QueueQuery
from bot.queue.sla_state import SlaState
from bot.reports.period import Period, ReportRange
from bot.web_access import AccountKind, WebAccount, WebRole
from tests.support.clock import FakeClock
from tests.web.seed import AGENT_ID, AGENTS_CHAT, REQUESTS, seed_desk

AGENT = WebAccount(1, AccountKind.CHAT, "telegram", AGENT_ID, "Agnès Support", WebRole.LEAD, Language.FR)


@pytest.fixture
def desk(make_bot: Callable[..., SupportBot], clock: FakeClock) -> DeskPort:
    bot = make_bot(telegram_bot_token="1:x", telegram_agents_chat_id=str(AGENTS_CHAT), agents=f"telegram:{AGENT_ID}")
    seed_desk(bot, clock)
    return DeskPort(bot)


def refs(desk: DeskPort, **filters: object) -> list[str]:
    query = QueueQuery(**{"status": "", **filters})  # type: ignore[arg-type]
    return [r.reference for r in desk.queue(query).rows]


def test_filters_sort_and_paging(desk: DeskPort) -> None:
    everything = refs(desk, per_page=100)
    assert len(everything) == len(REQUESTS)
    open_ones = [r.reference for r in desk.queue(QueueQuery(per_page=100)).rows]
    assert set(open_ones) == set(everything) - {"SUP-000001", "SUP-000002", "SUP-000003", "SUP-000007"}
    assert set(refs(desk, priority="blocking")) == {"SUP-000002", "SUP-000005", "SUP-000009"}
    assert set(refs(desk, channel="console")) == {"SUP-000003", "SUP-000007", "SUP-000011"}
    assert set(refs(desk, assignee="none")) == {"SUP-000010", "SUP-000011", "SUP-000012"}
    assert refs(desk, assignee="me", me=("telegram", AGENT_ID)) == refs(desk, assignee=f"telegram:{AGENT_ID}")
    assert len(refs(desk, assignee="me", me=("telegram", AGENT_ID))) == 9
    by_priority = desk.queue(QueueQuery(status="", sort="priority", descending=True, per_page=100)).rows
    assert [r.priority for r in by_priority[:3]] == ["blocking"] * 3 and by_priority[-1].priority == "low"
    oldest_first = refs(desk, sort="age", descending=False, per_page=100)
    assert oldest_first[0] == "SUP-000001" and oldest_first[-1] in {"SUP-000011", "SUP-000012"}
    pages = [desk.queue(QueueQuery(status="", sort="reference", descending=False, per_page=5, page=n)) for n in (1, 2, 3)]
    assert [p.pages for p in pages] == [3, 3, 3] and pages[2].rows[-1].reference == "SUP-000012"
    assert sum(len(p.rows) for p in pages) == 12
    assert refs(desk, created_from=date(2026, 11, 13), created_to=date(2026, 11, 13)) == ["SUP-000010"]
    _sla_states_filter_and_sort(desk)
    _search_finds_tickets_by_any_word(desk)


def _sla_states_filter_and_sort(desk: DeskPort) -> None:
    rows = desk.queue(QueueQuery(status="", per_page=100)).rows
    states = {r.reference: r.sla for r in rows}
    assert states["SUP-000010"] is SlaState.BREACHED  # filed days ago, never acknowledged
    assert states["SUP-000001"] is SlaState.ON_TIME  # resolved within its targets
    breached = refs(desk, sla="breached", per_page=100)
    assert set(breached) == {r for r, s in states.items() if s is SlaState.BREACHED}
    worst_first = desk.queue(QueueQuery(status="", sort="sla", descending=True, per_page=100)).rows
    assert [r.sla.rank for r in worst_first] == sorted((r.sla.rank for r in worst_first), reverse=True)
    waiting = next(r for r in rows if r.reference == "SUP-000006")
    assert waiting.paused and waiting.sla is SlaState.ON_TIME  # the customer's turn: the clock stands still


SEARCHES = [
    ("TVA", {"SUP-000005"}), ("tva intracommunautaire", {"SUP-000005"}),
    ("equipe DATA", {"SUP-000008"}),  # an internal note, typed without its accent
    ("Planning", {"SUP-000010"}), ("sup-000004", {"SUP-000004"}), ("Nadia", {"SUP-000008"}),
    ("fiscalité", {"SUP-000005"}),  # the escalation's reason
    ("50%_", set()), ("planning inexistant", set()),
]


def _search_finds_tickets_by_any_word(desk: DeskPort) -> None:
    for typed, expected in SEARCHES:
        assert set(refs(desk, text=typed, per_page=100)) == expected, typed


def test_actions_follow_the_lifecycle_and_search_sees_them(desk: DeskPort) -> None:
    assert refs(desk, text="licorne") == []
    assert desk.act(AGENT, "SUP-000011", WebAction.NOTE, "Le client parle d'une licorne dans l'archive").done
    assert refs(desk, text="LICORNE") == ["SUP-000011"]
    assert desk.act(AGENT, "SUP-000011", WebAction.REPLY, "  ").refusal is Refusal.TEXT_NEEDED
    assert desk.act(AGENT, "SUP-000099", WebAction.CLAIM, "").refusal is Refusal.UNKNOWN_TICKET
    assert desk.act(AGENT, "SUP-000001", WebAction.RESOLVE, "").refusal is Refusal.NOT_NOW  # closed already
    assert desk.act(AGENT, "SUP-000011", WebAction.RESOLVE, "Réponse envoyée par mail").done
    view = desk.ticket("SUP-000011")
    assert view is not None and view.status.value == "resolved" and view.assignee == "Agnès Support"
    assert view.trail[-1].to_status == "resolved" and view.trail[-1].actor == "Agnès Support"
    note = next(e for e in view.conversation if "licorne" in e.note)
    assert note.internal and not next(e for e in view.conversation if e.to_status == "resolved").internal


def test_reports_add_up(desk: DeskPort, clock: FakeClock) -> None:
    span = ReportRange(date(2026, 11, 2), date(2026, 11, 16), Period.DAY, desk.bot.calendar.tz)
    tables = desk.reports(span)
    volume = tables["volume"]
    assert sum(volume.column("total")) == len(REQUESTS)  # type: ignore[arg-type]
    assert sum(volume.column("channel_slack")) == sum(1 for r in REQUESTS if r.platform.value == "slack")  # type: ignore[arg-type]
    deflection = tables["deflection"]
    assert sum(deflection.column("deflected")) == 4  # type: ignore[arg-type]
    satisfaction = tables["satisfaction"]
    scores = [r.score for r in REQUESTS if r.fate == "rated"]
    assert sum(satisfaction.column("ratings")) == len(scores)  # type: ignore[arg-type]
    assert {row[1] for row in tables["comments"].rows} == {"SUP-000001", "SUP-000003", "SUP-000007"}
    sla = {row[0]: row for row in tables["sla"].rows}
    assert sum(sla["ack"][1:5]) == len(REQUESTS)  # type: ignore[arg-type]
    times = tables["times"].rows[-1]
    assert times[0] == "all" and times[4] == sum(1 for r in REQUESTS if r.fate in {"resolved", "rated"})
    backlog = tables["backlog"]
    assert sum(backlog.column("total")) == 8  # type: ignore[arg-type]
    weekly = desk.reports(replace(span, period=Period.WEEK))["volume"]
    assert [row[0] for row in weekly.rows] == [date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)]
    assert sum(weekly.column("total")) == len(REQUESTS)  # type: ignore[arg-type]
