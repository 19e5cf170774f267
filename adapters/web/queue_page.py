"""The queue page and its CSV export: filters, sort and search from the query string."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiMapping

from adapters.web.context import context_of, language_of, render, run
from adapters.web.csv_export import csv_response
from adapters.web.security import current
from adapters.web.texts import WebTexts
from bot.messages import Platform
from bot.queue.columns import COLUMNS_BY_KEY, DEFAULT_SORT, QUEUE_COLUMNS, Show
from bot.queue.filters import QUEUE_FILTERS, chosen_filters
from bot.queue.listing import QueuePage, QueueQuery, QueueRow
from bot.reports.table import Cell, ReportTable
from bot.text import shorten
from bot.triage.search import MIN_LETTERS

LAST_PAGE = 100_000


def parse_query(params: MultiMapping[str], me: tuple[Platform, str] | None) -> QueueQuery:
    """A query from the URL; anything unknown or malformed falls back to the default."""
    sort = params.get("sort", DEFAULT_SORT)
    page = params.get("page", "1")
    return QueueQuery(
        filters=chosen_filters({key: params[key] for key in params}),
        sort=sort if sort in COLUMNS_BY_KEY else DEFAULT_SORT, descending=params.get("dir", "desc") != "asc",
        page=min(int(page), LAST_PAGE) if page.isascii() and page.isdigit() and 0 < len(page) < 7 else 1, me=me,
    )


def _me(request: web.Request) -> tuple[Platform, str] | None:
    session = current(request)
    actor = session.account.actor if session else None
    return (actor.platform, actor.user_id) if actor is not None and actor.platform is not None else None


async def queue(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    query = parse_query(request.query, _me(request))
    page = await run(lambda: context.port.queue(query))
    kept = dict(query.filters)
    shown = [c for c in QUEUE_COLUMNS if c.shown(page.vocabulary)]
    return render(request, "queue.html", page=page, query=query, shown=shown, filters=QUEUE_FILTERS,
                  now=context.port.now(), kept=kept, urlencode=urlencode,
                  search_refusal=search_refusal(page, context.texts(language_of(request))),
                  csv_link="/queue.csv?" + urlencode({**kept, "sort": query.sort, "dir": "desc" if query.descending else "asc"}))


async def queue_csv(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    query = parse_query(request.query, _me(request)).everything()
    page = await run(lambda: context.port.queue(query))
    texts = context.texts(language_of(request))
    table = ReportTable("tickets", tuple(c.csv_label for c in QUEUE_COLUMNS), tuple(_csv_row(r, page, texts) for r in page.rows))
    span = [query.filters[key] for key in ("created_from", "created_to") if key in query.filters]  # checked dates
    return csv_response(table, texts, "-".join(["tickets", *span]) + ".csv")


def _csv_row(row: QueueRow, page: QueuePage, texts: WebTexts) -> tuple[Cell, ...]:
    """Each cell as the page shows it, but whole: labels in the viewer's language, moments rather than ages."""
    def shown(show: Show, family: str, value: Cell) -> Cell:
        if value is None or show not in (Show.LABEL, Show.OPTION):
            return value
        return texts.label(family, str(value)) if show is Show.LABEL else page.vocabulary.label(family, str(value), texts.lang)

    return tuple(shown(c.show, c.label_family if c.show is Show.LABEL else c.family, v)
                 for c, v in zip(QUEUE_COLUMNS, row.cells, strict=True))


def search_refusal(page: QueuePage, texts: WebTexts) -> str:
    """Why the search typed finds nothing to show, in the finder's words (as chat says it)."""
    plan = page.search
    if plan is None or plan.conditions is not None:
        return ""
    if plan.problems:
        return texts("agent.search_bad_filter", problems="; ".join(plan.problems))
    if plan.unknown_organisation is not None:
        return texts("agent.search_unknown_organisation", name=shorten(plan.unknown_organisation, 60))
    return texts("agent.search_too_short", minimum=MIN_LETTERS)
