"""Build the bot for a CLI command, turning set-up errors into readable messages."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import typer

from bot.bootstrap import SupportBot, build
from bot.errors import ConfigurationError
from bot.settings import Settings


def configure_logging(verbose: bool = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def load_settings() -> Settings:
    try:
        return Settings()
    except ValueError as error:
        typer.secho(f"Invalid settings (check your .env or SUPPORTBOT_* variables):\n{error}", fg="red", err=True)
        raise typer.Exit(2) from error


@contextmanager
def opened_bot(settings: Settings | None = None, *, with_kb: bool = True) -> Iterator[SupportBot]:
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
