"""The queue page and its CSV export: filters, sort and search from the query string."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiMapping

from adapters.web.context import context_of, language_of, render, run
from adapters.web.csv_export import csv_response
from adapters.web.security import current
from bot.queue.columns import ANY, COLUMNS_BY_KEY, OPEN, QUEUE_COLUMNS, QUEUE_FILTERS, FilterKind
from bot.queue.listing import QueueQuery, QueueRow
from adapters.web.texts import WebTexts
from bot.reports.table import Cell, ReportTable

_TEXT_LIMIT = 200


def parse_query(params: MultiMapping[str], me: tuple[str, str] | None) -> QueueQuery:
    """A query from the URL; anything unknown or malformed falls back to the default."""
    choices = {f.key: f.values for f in QUEUE_FILTERS if f.kind is FilterKind.CHOICE}
    values: dict[str, str] = {}
    for key, allowed in choices.items():
        given = params.get(key)
        if given is None:
            continue
        if given in allowed or (key == "assignee" and ":" in given and len(given) <= 200 and given.isprintable()):
            values[key] = given
    sort = params.get("sort", "updated")
    try:
        page = max(int(params.get("page", "1")), 1)
    except ValueError:
        page = 1
    return QueueQuery(
        text=params.get("q", "")[:_TEXT_LIMIT], status=values.get("status", OPEN), priority=values.get("priority", ANY),
        sla=values.get("sla", ANY), assignee=values.get("assignee", ANY), channel=values.get("channel", ANY),
        created_from=_date(params.get("created_from")), created_to=_date(params.get("created_to")),
        sort=sort if sort in COLUMNS_BY_KEY else "updated", descending=params.get("dir", "desc") != "asc",
        page=min(page, 100_000), me=me,
    )


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _me(request: web.Request) -> tuple[str, str] | None:
    session = current(request)
    return (session.account.platform, session.account.user_id) if session else None


async def queue(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    query = parse_query(request.query, _me(request))
    page = await run(lambda: context.port.queue(query))
    kept = {k: v for k, v in request.query.items() if k not in {"page", "sort", "dir"} and v}
    return render(request, "queue.html", page=page, query=query, columns=QUEUE_COLUMNS, filters=QUEUE_FILTERS,
                  now=context.port.now(), kept=kept, urlencode=urlencode,
                  csv_link="/queue.csv?" + urlencode({k: v for k, v in request.query.items() if k != "page"}))


async def queue_csv(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    query = parse_query(request.query, _me(request)).everything()
    page = await run(lambda: context.port.queue(query))
    texts = context.texts(language_of(request))
    table = ReportTable("tickets", ("reference", "summary", "status", "priority", "sla", "assignee", "requester",
                                    "organisation", "channel", "created_at", "updated_at"),
                        tuple(_csv_row(r, texts) for r in page.rows))
    return csv_response(table, texts, "tickets.csv")


def _csv_row(row: QueueRow, texts: WebTexts) -> tuple[Cell, ...]:
    label = texts.label
    return (row.reference, row.summary, label("web.status", row.status.value), label("web.priority", row.priority),
            label("web.sla", row.sla.value), row.assignee, row.requester, row.organisation, row.channel,
            row.created_at, row.updated_at)
