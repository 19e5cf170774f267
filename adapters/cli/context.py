"""Build the bot for a CLI command, turning set-up errors into readable messages.

Light to import: ``supportbot --help`` and every command's ``--help`` load this module and no more
of the bot; what a command needs (the settings, the database, the knowledge base) is imported when
it runs (tests/core/test_cli_imports.py holds it).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from bot.bootstrap import SupportBot
    from bot.settings import Settings


def configure_logging(verbose: bool = False) -> None:
    """Text or JSON lines (SUPPORTBOT_LOG_FORMAT), with every configured secret redacted.

    Settings that do not load leave the defaults here: the command itself then says what is wrong.
    """
    from bot.observability.logs import configure_logging as configure
    from bot.settings import Settings

    try:
        settings: Settings | None = Settings()
    except ValueError:
        settings = None
    level: str | int = logging.DEBUG if verbose else (settings.log_level.upper() if settings else logging.WARNING)
    if not isinstance(level, int) and level not in logging.getLevelNamesMapping():
        level = logging.WARNING
    configure(level=level, json_lines=bool(settings and settings.log_format.lower() == "json"),
              secrets=settings.secrets() if settings else ())


def load_settings() -> Settings:
    from bot.settings import Settings

    try:
        return Settings()
    except ValueError as error:
        typer.secho(f"Invalid settings (check your .env or SUPPORTBOT_* variables):\n{error}", fg="red", err=True)
        raise typer.Exit(2) from error


@contextmanager
def opened_bot(settings: Settings | None = None, *, with_kb: bool = True) -> Iterator[SupportBot]:
    from bot.bootstrap import build
    from bot.errors import ConfigurationError

    settings = settings or load_settings()
    try:
        app = build(settings, with_kb=with_kb)
    except ConfigurationError as error:  # the intake, triage or canned responses' files, a setting
        typer.secho(f"Configuration: {error}", fg="red", err=True)
        raise typer.Exit(2) from error
    try:
        yield app
    finally:
        app.close()
