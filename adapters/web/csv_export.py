"""Every table as CSV: UTF-8 with a byte order mark (spreadsheets then read accents right),
headers in the viewer's language, dates in the business time zone, and no cell that a
spreadsheet would run as a formula (a requester's text starting with "=" stays text)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from aiohttp import web

from adapters.web.texts import WebTexts
from bot.reports.table import ReportTable

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object, texts: WebTexts) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(texts.tz).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def table_csv(table: ReportTable, texts: WebTexts) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([texts.column(table, c) for c in table.columns])
    for row in table.rows:
        writer.writerow([cell(v, texts) for v in row])
    return out.getvalue()


def csv_response(table: ReportTable, texts: WebTexts, filename: str) -> web.Response:
    body = "\ufeff" + table_csv(table, texts)
    return web.Response(body=body.encode("utf-8"), content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
