"""What templates need to speak the viewer's language: catalog texts, dates, ages, durations."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import Catalog, Language
from bot.reports.table import ReportTable


class WebTexts:
    def __init__(self, catalog: Catalog, lang: Language, tz: ZoneInfo) -> None:
        self.catalog = catalog
        self.lang = lang
        self.tz = tz

    def __call__(self, key: str, **params: object) -> str:
        return self.catalog.text(self.lang, key, **params)

    def has(self, key: str) -> bool:
        return key in self.catalog.keys(self.lang)

    def label(self, family: str, value: str) -> str:
        """The label of ``value`` in a family of keys (``web.status.`` and ``new``: ``web.status.new``),
        falling back to the raw value for one the catalog lacks."""
        key = f"{family.rstrip('.')}.{value}"
        return self(key) if self.has(key) else value

    def column(self, table: ReportTable, key: str) -> str:
        """A report column's header: the deployment's label (a ticket type) or the catalog's."""
        header = table.headers.get(key)
        return header.get(self.lang) if header is not None else self.label("web.col.", key)

    def moment(self, value: datetime | None) -> str:
        if value is None:
            return "—"
        local = value.astimezone(self.tz)
        return local.strftime("%d/%m/%Y %H:%M") if self.lang is Language.FR else local.strftime("%Y-%m-%d %H:%M")

    def day(self, value: date | str | None) -> str:
        if value is None:
            return "—"
        if isinstance(value, str):
            return self.label("web.period.", value)
        return value.strftime("%d/%m/%Y") if self.lang is Language.FR else value.isoformat()

    def short_day(self, value: date | str | None) -> str:
        """Chart labels: 02/11 or 11-02."""
        if not isinstance(value, date):
            return self.day(value)
        return value.strftime("%d/%m") if self.lang is Language.FR else value.strftime("%m-%d")

    def age(self, since: datetime, now: datetime) -> str:
        elapsed = max(now - since, timedelta())
        if elapsed >= timedelta(days=1):
            return self("web.age.days", n=elapsed.days)
        if elapsed >= timedelta(hours=1):
            return self("web.age.hours", n=int(elapsed / timedelta(hours=1)))
        return self("web.age.minutes", n=int(elapsed / timedelta(minutes=1)))

    def number(self, value: object) -> str:
        if value is None:
            return "—"
        if isinstance(value, float):
            text = f"{value:.2f}".rstrip("0").rstrip(".")
            return text.replace(".", ",") if self.lang is Language.FR else text
        return str(value)
