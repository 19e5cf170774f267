"""What ``supportbot run`` and ``supportbot web`` serve over HTTP besides the platforms: the
operator's endpoints (always, unless SUPPORTBOT_OPS_PORT=0) and the web desk (when asked: its pages
and Jinja2 are imported only then, 5 MB a bot that does not serve it keeps)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from adapters.web.metrics import Metrics
from adapters.web.ops import make_ops_app
from adapters.web.server import HttpServer
from bot.bootstrap import SupportBot
from bot.observability.health import Readiness, database_check, outbox_check


@dataclass
class Served:
    readiness: Readiness
    metrics: Metrics
    servers: list[HttpServer] = field(default_factory=list)

    def find(self, name: str) -> HttpServer | None:
        return next((s for s in self.servers if s.name == name), None)


OPS = "operations endpoints"
DESK = "web desk"


def http_servers(bot: SupportBot, *, desk: bool) -> Served:
    settings = bot.settings
    readiness = Readiness()
    readiness.add("database", database_check(bot.sessions))
    readiness.add("outbox", outbox_check(bot.sessions, bot.clock, timedelta(seconds=settings.outbox_ready_max_age_seconds)))
    metrics = Metrics(bot.sessions, bot.clock)
    bot.turn_watchers.add(metrics)
    served = Served(readiness, metrics)
    if settings.ops_port:
        served.servers.append(HttpServer(make_ops_app(readiness, metrics), settings.ops_host, settings.ops_port, OPS))
    if desk:
        from adapters.web.app import make_web_app

        served.servers.append(HttpServer(make_web_app(bot, metrics), settings.web_host, settings.web_port, DESK))
    return served
