"""Entry point of the ``supportbot`` command.

Every module of the command line is light to import (the bot, the database, the knowledge base and
the platforms are imported by the commands that run them), so that ``supportbot --help`` and a
command's ``--help`` answer at once.
"""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from adapters.cli.context import configure_logging, load_settings, opened_bot
from adapters.cli.customers import customers_app
from adapters.cli.kb import kb_commands
from adapters.cli.operations import outbox_app
from adapters.cli.tickets import tickets_app
from adapters.cli.web import web_app

_HELP_ONLY = "supportbot.help_only"


class _Commands(TyperGroup):
    """The root command. It notes whether the command line only asks for help: then nothing is
    configured (logging needs the settings, whose loading alone takes longer than the help)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        options = args[: args.index("--")] if "--" in args else args
        ctx.meta[_HELP_ONLY] = "--help" in options
        return super().parse_args(ctx, args)


def make_cli() -> typer.Typer:
    cli = typer.Typer(help="supportbot: a help-desk assistant for Slack, Telegram and the console.", no_args_is_help=True,
                      cls=_Commands)
    cli.add_typer(tickets_app, name="tickets")
    cli.add_typer(customers_app, name="customers")
    cli.add_typer(outbox_app, name="outbox")
    cli.add_typer(_db_app(), name="db")
    cli.add_typer(web_app, name="web")
    cli.add_typer(kb_commands(), name="kb")

    @cli.callback()
    def _options(ctx: typer.Context,
                 verbose: bool = typer.Option(False, "--verbose", "-v", help="Log debugging details.")) -> None:
        if not ctx.meta.get(_HELP_ONLY):
            configure_logging(verbose)

    @cli.command()
    def chat(
        user: str = typer.Option("console-user", "--user", help="Requester id for this console session."),
        lang: str | None = typer.Option(None, "--lang", help="fr or en (default: the configured language)."),
        name: str = typer.Option("", "--name", help="Display name."),
    ) -> None:
        """Talk to the bot as a requester, in this terminal (or through a pipe, one message per line)."""
        import asyncio

        from adapters.console.session import requester_role, run_console

        settings = load_settings()
        with opened_bot(settings) as app:
            role = requester_role(app, user, lang or settings.default_language, name)
            raise typer.Exit(asyncio.run(run_console(app, role)))

    @cli.command()
    def agent(
        user: str = typer.Option("agent", "--user", help="Agent id (must be listed in SUPPORTBOT_AGENTS as console:ID)."),
        name: str = typer.Option("", "--name", help="Display name shown to requesters."),
        queue: str | None = typer.Option(None, "--queue", help="The queue whose cards appear here (default: the default queue)."),
    ) -> None:
        """The agents' console: new ticket cards appear here; act on them with commands."""
        import asyncio

        from adapters.cli.run import sla_watch_for
        from adapters.console.session import agent_role, run_console

        with opened_bot() as app:
            try:
                role = agent_role(app, user, name, queue)
            except ValueError as error:
                typer.secho(str(error), fg="red", err=True)
                raise typer.Exit(2) from error
            watch = sla_watch_for(app, f"console-agent-{user}")
            raise typer.Exit(asyncio.run(run_console(app, role, watch=watch)))

    @cli.command()
    def run(
        role: str = typer.Option("all", "--role", help="ingress (receive, store, run turns), worker (deliver the "
                                 "outbox), sla (SLA watch, reminders, auto-close, retention) or all; a split needs PostgreSQL"),
    ) -> None:
        """Start the configured platforms, or the console when none is configured."""
        from adapters.cli.run import run_configured
        from bot.runtime.roles import Role

        try:
            chosen = Role(role.strip().lower())
        except ValueError as error:
            typer.secho(f"--role must be one of {', '.join(r.value for r in Role)}, not {role!r}", fg="red", err=True)
            raise typer.Exit(2) from error
        raise typer.Exit(run_configured(load_settings(), chosen))

    return cli


def _db_app() -> typer.Typer:
    db = typer.Typer(help="Database schema.", no_args_is_help=True)

    @db.command("upgrade")
    def upgrade_cmd() -> None:
        """Apply the database migrations (also done at every start)."""
        from bot.storage.database import make_engine
        from bot.storage.migrate import current_revision, upgrade

        settings = load_settings()
        engine = make_engine(settings.database_url)
        upgrade(engine)
        typer.echo(f"Database at revision {current_revision(engine)} ({engine.url.render_as_string(hide_password=True)}).")
        engine.dispose()

    return db


def main() -> None:
    make_cli()(prog_name="supportbot")


if __name__ == "__main__":
    main()
