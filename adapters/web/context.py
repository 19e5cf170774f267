"""What every handler of the web desk shares, kept on the aiohttp application, and page rendering."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import jinja2
from aiohttp import web

from adapters.web.desk_port import DeskPort
from adapters.web.metrics import Metrics
from adapters.web.security import current
from adapters.web.texts import WebTexts
from bot.bootstrap import SupportBot
from bot.i18n import Language, normalize_language

T = TypeVar("T")


@dataclass(frozen=True)
class WebContext:
    bot: SupportBot
    port: DeskPort
    metrics: Metrics
    templates: jinja2.Environment
    secure_cookies: bool
    trust_proxy: bool

    def texts(self, lang: Language) -> WebTexts:
        return WebTexts(self.bot.catalog, lang, self.bot.calendar.tz)


CONTEXT = web.AppKey("desk_context", WebContext)


def context_of(request: web.Request) -> WebContext:
    return request.app[CONTEXT]


def language_of(request: web.Request) -> Language:
    """The signed-in agent's language; before sign-in, the browser's first choice."""
    session = current(request)
    if session is not None:
        return session.account.lang
    default = normalize_language(context_of(request).bot.settings.default_language)
    accepted = request.headers.get("Accept-Language", "").split(",")[0].split(";")[0]
    return normalize_language(accepted, default)


async def run(call: Callable[[], T]) -> T:
    """Database work off the event loop (the bots share it)."""
    return await asyncio.to_thread(call)


def render(request: web.Request, template: str, status: int = 200, **values: Any) -> web.Response:
    context = context_of(request)
    lang = language_of(request)
    session = current(request)
    page = context.templates.get_template(template).render(
        t=context.texts(lang), lang=lang.value, account=session.account if session else None,
        csrf=session.csrf if session else "", path=request.path, **values,
    )
    return web.Response(text=page, status=status, content_type="text/html", charset="utf-8")
