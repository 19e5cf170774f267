"""``supportbot run``: start whatever is configured."""

from __future__ import annotations

import sys

import typer

from bot.cli.context import opened_bot
from bot.i18n import normalize_language
from bot.settings import Settings


def run_configured(settings: Settings) -> int:
    if not settings.slack_configured and not settings.telegram_configured:
        language = normalize_language(settings.default_language)
        with opened_bot(settings) as app:
            typer.echo(app.catalog.text(language, "console.no_platform"), err=True)
            from adapters.console.chat import run_chat

            return run_chat(app.desk, app.catalog, "console-user", language, stdin=sys.stdin)
    from adapters.runner import run_platforms

    with opened_bot(settings) as app:
        return run_platforms(app)
