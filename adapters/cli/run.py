"""``supportbot run``: start whatever is configured."""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta

import typer

from adapters.cli.context import opened_bot
from bot.bootstrap import SupportBot
from bot.i18n import normalize_language
from bot.lifecycle.sla_watch import SlaWatch
from bot.runtime.roles import Role, refusal_on
from bot.settings import Settings


def sla_watch_for(app: SupportBot, holder: str) -> SlaWatch:
    return app.sla_watch(f"{holder}@{socket.gethostname()}", timedelta(seconds=app.settings.sla_check_interval_seconds))


def run_configured(settings: Settings, role: Role = Role.ALL) -> int:
    """The platforms, the operator's endpoints, and the web desk when SUPPORTBOT_WEB_ENABLED; with no
    platform and no web desk, the console. ``role``: one part of the bot (:mod:`bot.runtime.roles`)."""
    if role is not Role.ALL and (refusal := refusal_on(role, _dialect_of(settings.database_url))):
        typer.secho(f"Cannot start: {refusal}", fg="red", err=True)
        return 2
    if role is Role.ALL and not settings.slack_configured and not settings.telegram_configured and not settings.web_enabled:
        from adapters.console.session import requester_role, run_console

        language = normalize_language(settings.default_language)
        with opened_bot(settings) as app:
            typer.echo(app.catalog.text(language, "console.no_platform"), err=True)
            console = requester_role(app, "console-user", language.value)
            return asyncio.run(run_console(app, console))
    from adapters.runner import run_platforms
    from adapters.web.serving import http_servers

    with opened_bot(settings) as app:
        served = http_servers(app, desk=settings.web_enabled)
        try:
            return asyncio.run(run_platforms(app, sla_watch_for(app, "bot"), companions=served.servers,
                                             readiness=served.readiness, role=role))
        except ValueError as error:  # a platform's settings are incomplete: say which, no traceback
            typer.secho(f"Cannot start: {error}", fg="red", err=True)
            return 2
        except OSError as error:  # a port is taken: say which
            typer.secho(f"Cannot start: {error}", fg="red", err=True)
            return 2


def _dialect_of(database_url: str) -> str:
    """``sqlite`` or ``postgresql``, from the URL alone (no engine, no connection)."""
    return database_url.split(":", 1)[0].split("+", 1)[0]
