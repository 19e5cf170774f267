"""The reports page (charts and tables) and each table as CSV. Team leads only."""

from __future__ import annotations

from datetime import date, timedelta

from aiohttp import web
from markupsafe import Markup

from adapters.web.charts import Series, bar_chart, line_chart
from adapters.web.context import context_of, language_of, render, run
from adapters.web.csv_export import csv_response
from adapters.web.security import leads_only
from adapters.web.texts import WebTexts
from bot.reports.all import REPORT_KEYS
from bot.reports.period import Period, ReportRange
from bot.reports.table import ReportTable

DEFAULT_DAYS = 30


def parse_range(request: web.Request) -> ReportRange:
    context = context_of(request)
    tz = context.bot.calendar.tz
    today = context.port.now().astimezone(tz).date()
    first, last = _date(request.query.get("from")), _date(request.query.get("to"))
    try:
        period = Period(request.query.get("period", ""))
    except ValueError:
        period = None
    last = last or today
    first = first or last - timedelta(days=DEFAULT_DAYS - 1)
    try:
        return ReportRange(first, last, period or (Period.WEEK if (last - first).days > 62 else Period.DAY), tz)
    except ValueError:
        return ReportRange.ending(today, DEFAULT_DAYS, tz)


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@leads_only
async def reports(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    span = parse_range(request)
    tables = await run(lambda: context.port.reports(span))
    texts = context.texts(language_of(request))
    query = f"from={span.first.isoformat()}&to={span.last.isoformat()}&period={span.period.value}"
    today = context.port.now().astimezone(context.bot.calendar.tz).date()
    return render(request, "reports.html", span=span, tables=tables, charts=charts(tables, texts), query=query,
                  keys=REPORT_KEYS, now=context.port.now(), shortcuts=shortcuts(today))


def shortcuts(today: date) -> list[tuple[str, date, date]]:
    """The spans a team lead asks for most: this month so far, last month, the last 30 days."""
    this_month = today.replace(day=1)
    last_month_end = this_month - timedelta(days=1)
    return [("this_month", this_month, today), ("last_month", last_month_end.replace(day=1), last_month_end),
            ("last_30_days", today - timedelta(days=DEFAULT_DAYS - 1), today)]


@leads_only
async def report_csv(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    key = request.match_info["key"]
    if key not in REPORT_KEYS:
        raise web.HTTPNotFound(text="No such report.")
    span = parse_range(request)
    tables = await run(lambda: context.port.reports(span))
    name = f"{key}-{span.first.isoformat()}-{span.last.isoformat()}.csv"
    return csv_response(tables[key], context.texts(language_of(request)), name)


def charts(tables: dict[str, ReportTable], texts: WebTexts) -> dict[str, Markup]:
    """The chart of each report that has one, drawn from the same table the page shows."""

    def labels(table: ReportTable, column: str = "period") -> list[str]:
        return [texts.short_day(v) if isinstance(v, date) else texts.day(str(v)) for v in table.column(column)]

    def series(table: ReportTable, columns: list[str]) -> list[Series]:
        return [Series(texts.column(table, c), [_number(v) for v in table.column(c)]) for c in columns]

    volume, deflection, sla = tables["volume"], tables["deflection"], tables["sla"]
    by_type = tables["volume_by_type"]
    types = [c for c in by_type.columns[1:-1] if any(by_type.column(c))]
    times = ReportTable("times", tables["times"].columns, tables["times"].rows[:-1])  # without the "all" row
    satisfaction, backlog = tables["satisfaction"], tables["backlog"]
    channels = [c for c in volume.columns if c.startswith("channel_") and any(volume.column(c))]
    return {
        "volume": bar_chart(texts("web.table.volume"), labels(volume), series(volume, channels or ["total"])),
        "volume_by_type": bar_chart(texts("web.table.volume_by_type"), labels(by_type), series(by_type, types or ["total"])),
        "deflection": line_chart(texts("web.table.deflection"), labels(deflection),
                                 series(deflection, ["deflection_rate"]), percent=True),
        "sla": bar_chart(texts("web.table.sla"), [texts.label("web.milestone.", str(m)) for m in sla.column("milestone")],
                         series(sla, ["met_on_time", "met_late", "missed", "pending"])),
        "times": line_chart(texts("web.table.times"), labels(times),
                            series(times, ["first_response_median_h", "resolution_median_h"])),
        "satisfaction": line_chart(texts("web.table.satisfaction"), labels(satisfaction),
                                   series(satisfaction, ["average"]), top=5.0),
        "backlog": bar_chart(texts("web.table.backlog"), [texts.label("web.age_bucket.", str(a)) for a in backlog.column("age")],
                             series(backlog, [c for c in backlog.columns if c.startswith("priority_")])),
    }


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) else None
