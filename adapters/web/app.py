"""The web desk as an aiohttp application: routes, templates and the access guard.

    GET  /                       -> the queue
    GET  /signin                 how to get a sign-in link (public)
    GET  /signin/{token}         whose link this is, and a button (public)
    POST /signin/{token}         redeem the link, open a session (public, rate-limited)
    POST /signout, /language     end the session; switch language
    GET  /queue, /queue.csv      the queue and its export
    GET  /tickets/{reference}    a ticket; POST .../actions acts on it, POST .../requalify requalifies it
    GET  /reports, /reports/{key}.csv   charts and tables (team leads)
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2
from aiohttp import web

from adapters.web.context import CONTEXT, WebContext
from adapters.web.desk_port import DeskPort
from adapters.web.metrics import Metrics
from adapters.web.queue_page import queue, queue_csv
from adapters.web.reports_page import report_csv, reports
from adapters.web.security import make_guard
from adapters.web.signin import how_to_sign_in, sign_in, sign_in_page, sign_out, switch_language
from adapters.web.ticket_page import act, requalify, ticket
from bot.bootstrap import SupportBot
from bot.refusals import Refusals
from bot.web_access.sessions import OpenSession

MAX_BODY = 256 * 1024  # forms only: a reply is at most a few thousand characters


def _templates() -> jinja2.Environment:
    folder = Path(str(resources.files("adapters.web").joinpath("templates")))
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


async def _home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther("/queue")


def make_web_app(bot: SupportBot, metrics: Metrics) -> web.Application:
    def lookup(token: str) -> OpenSession | None:
        with bot.sessions.begin() as session:
            return bot.web.sessions.current(session, token)

    app = web.Application(middlewares=[make_guard(lookup)], client_max_size=MAX_BODY)
    secure = bot.settings.resolved_web_base_url().startswith("https://")
    port = DeskPort(bot, Refusals(bot.catalog, bot.agents_language))
    app[CONTEXT] = WebContext(bot, port, metrics, _templates(), secure, bot.settings.web_trust_proxy)
    app.router.add_get("/", _home)
    app.router.add_get("/signin", how_to_sign_in)
    app.router.add_get("/signin/{token}", sign_in_page)
    app.router.add_post("/signin/{token}", sign_in)
    app.router.add_post("/signout", sign_out)
    app.router.add_post("/language", switch_language)
    app.router.add_get("/queue", queue)
    app.router.add_get("/queue.csv", queue_csv)
    app.router.add_get("/tickets/{reference}", ticket)
    app.router.add_post("/tickets/{reference}/actions", act)
    app.router.add_post("/tickets/{reference}/requalify", requalify)
    app.router.add_get("/reports", reports)
    app.router.add_get("/reports/{key}.csv", report_csv)
    app.router.add_static("/static/", Path(str(resources.files("adapters.web").joinpath("static"))))
    return app
