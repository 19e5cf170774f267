"""The queue and the reports read from a desk made through the real core, on SQLite and PostgreSQL:
filters, sort, search (any case, with or without accents, notes included), paging, SLA states,
and report figures that add up to what happened; actions from the web through the ticket service."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from adapters.web.desk_port import DeskPort
from bot.lifecycle.sla_standing import SlaStanding
from bot.lifecycle.ticket_buttons import AgentAction
from bot.messages import Platform
from bot.queue.listing import QueueQuery
from bot.reports.period import Period, ReportRange
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus
from tests.desk.support import account, cell, query, refs, view_of
from tests.web.seed import AGENT_ID, AGENT_NAME, REQUESTS


def test_filters_sort_and_paging(desk: DeskPort) -> None:
    everything = refs(desk)
    assert len(everything) == len(REQUESTS)
    open_ones = [r.reference for r in desk.queue(QueueQuery(per_page=100)).rows]
    assert set(open_ones) == set(everything) - {"SUP-000001", "SUP-000002", "SUP-000003", "SUP-000007"}
    assert set(refs(desk, priority="blocking")) == {"SUP-000002", "SUP-000005", "SUP-000009"}
    assert set(refs(desk, channel="console")) == {"SUP-000003", "SUP-000007", "SUP-000011"}
    assert set(refs(desk, assignee="none")) == {"SUP-000010", "SUP-000011", "SUP-000012"}
    assert refs(desk, assignee="me") == refs(desk, assignee=f"telegram:{AGENT_ID}")
    assert len(refs(desk, assignee="me")) == 9
    by_priority = desk.queue(query(sort="priority")).rows
    assert [cell(r, "priority") for r in by_priority[:3]] == ["blocking"] * 3 and cell(by_priority[-1], "priority") == "low"
    oldest_first = refs(desk, sort="age", descending=False)
    assert oldest_first[0] == "SUP-000001" and oldest_first[-2:] == ["SUP-000011", "SUP-000012"]  # same minute: by id
    pages = [desk.queue(query(sort="reference", descending=False, per_page=5, page=n)) for n in (1, 2, 3)]
    assert [p.pages for p in pages] == [3, 3, 3] and pages[2].rows[-1].reference == "SUP-000012"
    assert sum(len(p.rows) for p in pages) == 12
    assert refs(desk, created_from="2026-11-13", created_to="2026-11-13") == ["SUP-000010"]
    _sla_states_filter_and_sort(desk)
    _search_finds_tickets_by_any_word(desk)


def _sla_states_filter_and_sort(desk: DeskPort) -> None:
    rows = desk.queue(query()).rows
    states = {r.reference: SlaStanding(cell(r, "sla")) for r in rows}
    assert states["SUP-000010"] is SlaStanding.BREACHED  # filed days ago, never acknowledged
    assert states["SUP-000001"] is SlaStanding.ON_TIME  # resolved within its targets
    breached = refs(desk, sla="breached")
    assert set(breached) == {r for r, s in states.items() if s is SlaStanding.BREACHED}
    worst_first = [SlaStanding(cell(r, "sla")).rank for r in desk.queue(query(sort="sla")).rows]
    assert worst_first == sorted(worst_first, reverse=True) and len(set(worst_first)) > 1
    breached_by_priority = [cell(r, "priority") for r in desk.queue(query(sla="breached", sort="priority")).rows]
    ranks = ["blocking", "major", "minor", "low"]
    assert breached_by_priority == sorted(breached_by_priority, key=ranks.index)  # a Python filter keeps SQL's order
    waiting = next(r for r in rows if r.reference == "SUP-000006")
    assert waiting.paused and states["SUP-000006"] is SlaStanding.ON_TIME  # the customer's turn: the clock stands still


SEARCHES = [
    ("TVA", {"SUP-000005"}), ("tva intracommunautaire", {"SUP-000005"}),
    ("equipe DATA", {"SUP-000008"}),  # an internal note, typed without its accent
    ("Planning", {"SUP-000010"}), ("sup-000004", {"SUP-000004"}), ("Nadia", {"SUP-000008"}),
    ("fiscalité", {"SUP-000005"}),  # the escalation's reason
    ("50%_", set()), ("planning inexistant", set()),
]


def _search_finds_tickets_by_any_word(desk: DeskPort) -> None:
    for typed, expected in SEARCHES:
        assert set(refs(desk, q=typed)) == expected, typed


def test_actions_go_through_the_ticket_service_and_search_sees_them(desk: DeskPort) -> None:
    agent = account(desk)
    assert refs(desk, q="licorne") == []
    assert desk.act(agent, "SUP-000011", AgentAction.NOTE, "Le client parle d'une licorne dans l'archive").result
    assert refs(desk, q="LICORNE") == ["SUP-000011"]
    empty = desk.act(agent, "SUP-000011", AgentAction.REPLY, " \x00 ")
    assert empty.result is None and empty.refusal == "Il manque le texte : Message au demandeur."
    missing = desk.act(agent, "SUP-000099", AgentAction.CLAIM)
    assert missing.not_found and missing.refusal == "Aucune demande ne porte la référence « SUP-000099 »."
    closed = desk.act(agent, "SUP-000001", AgentAction.RESOLVE)
    assert closed.refusal == "Impossible : SUP-000001 est « Clôturée », on ne peut pas la résoudre."
    done = desk.act(agent, "SUP-000011", AgentAction.RESOLVE, "cause : disque plein", "Corrigé, réessayez")
    assert done.result is not None and done.result.after is TicketStatus.RESOLVED and done.result.note_kept
    view = view_of(desk, "SUP-000011")
    assert view.status is TicketStatus.RESOLVED and view.assignee == AGENT_NAME
    said = {(e.kind, e.note): e.internal for e in view.conversation}
    assert said[(TicketEventKind.NOTE, "Le client parle d'une licorne dans l'archive")] is True
    assert said[(TicketEventKind.REPLY, "Corrigé, réessayez")] is False  # the labelled message: the requester read it
    assert said[(TicketEventKind.STATUS, "cause : disque plein")] is True  # the note kept with the resolution


def test_a_team_lead_who_is_not_an_agent_reads_but_does_not_act(desk: DeskPort) -> None:
    lead = account(desk, "900300499", "Léa Cheffe")
    assert not lead.may_act
    refused = desk.act(lead, "SUP-000011", AgentAction.CLAIM)
    assert refused.result is None and refused.refusal == (
        "Seuls les agents agissent sur les demandes (SUPPORTBOT_AGENTS). Vous pouvez consulter celle-ci.")
    assert view_of(desk, "SUP-000011").status is TicketStatus.NEW


def test_reports_add_up(desk: DeskPort) -> None:
    span = ReportRange(date(2026, 11, 2), date(2026, 11, 16), Period.DAY, desk.bot.calendar.tz)
    tables = desk.reports(span)
    volume = tables["volume"]
    assert sum(volume.column("total")) == len(REQUESTS)  # type: ignore[arg-type]
    assert sum(volume.column("channel_slack")) == sum(1 for r in REQUESTS if r.platform is Platform.SLACK)  # type: ignore[arg-type]
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
