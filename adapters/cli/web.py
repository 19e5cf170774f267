"""``supportbot web``: serve the web desk alone, and manage who may sign in to it.

    supportbot web                                   serve the desk (and /healthz, /readyz, /metrics)
    supportbot web account-add "Claire Martin" --role lead --lang fr   a local account; prints its sign-in link
    supportbot web link "Claire Martin"              a new one-time sign-in link for an account
    supportbot web accounts                          who may sign in
    supportbot web disable "Claire Martin"           no more sign-in; open sessions end
"""

from __future__ import annotations

import asyncio
import signal
from datetime import timedelta
from typing import TYPE_CHECKING

import typer

from adapters.cli.context import load_settings, opened_bot
from bot.errors import SignInRefused
from bot.web_access.roles import WebRole

if TYPE_CHECKING:
    from adapters.web.server import HttpServer
    from bot.bootstrap import SupportBot

web_app = typer.Typer(help="The web desk: queue, tickets and reports in a browser.", invoke_without_command=True)


@web_app.callback()
def serve(ctx: typer.Context) -> None:
    """Serve the web desk (SUPPORTBOT_WEB_HOST:SUPPORTBOT_WEB_PORT) and the operator's endpoints, until stopped."""
    if ctx.invoked_subcommand is not None:
        return
    from adapters.web.serving import http_servers

    with opened_bot(load_settings(), with_kb=False) as app:
        served = http_servers(app, desk=True)
        try:
            raise typer.Exit(asyncio.run(_serve_until_stopped(served.servers)))
        except OSError as error:
            typer.secho(f"Cannot start: {error}", fg="red", err=True)
            raise typer.Exit(2) from error


async def _serve_until_stopped(servers: list[HttpServer]) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    started = []
    try:
        for server in servers:
            await server.start()
            started.append(server)
        await stop.wait()
    finally:
        for server in reversed(started):
            await server.stop()
    return 0


@web_app.command("account-add")
def account_add(
    name: str = typer.Argument(..., help="The person's name, as the audit trail will show it."),
    role: WebRole = typer.Option(WebRole.AGENT, help="agent, or lead (team lead / administrator: reports and exports)."),
    lang: str = typer.Option("fr", help="fr or en: the language of their pages."),
    valid_hours: int = typer.Option(24, min=1, max=24 * 7, help="How long the printed link stays valid."),
) -> None:
    """Create a local account (for someone without chat) and print their one-time sign-in link."""
    from bot.i18n import normalize_language

    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        try:
            account = app.web.accounts.create_local(session, name, role, normalize_language(lang))
        except ValueError as error:
            typer.secho(str(error), fg="red", err=True)
            raise typer.Exit(2) from error
        token = app.web.links.issue(session, account, timedelta(hours=valid_hours))
        typer.echo(f"Account #{account.id} {account.name} ({account.role.value}).")
        typer.echo(_link_line(app, token, valid_hours))


@web_app.command("link")
def link(
    who: str = typer.Argument(..., help="The account's id or name."),
    valid_hours: int = typer.Option(24, min=1, max=24 * 7, help="How long the link stays valid."),
) -> None:
    """Print a new one-time sign-in link for an account."""
    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        row = app.web.accounts.named(session, who)
        account = app.web.accounts.view(row) if row is not None else None
        if account is None:
            typer.secho(f"No account {who!r} that may sign in (see `supportbot web accounts`).", fg="red", err=True)
            raise typer.Exit(1)
        try:
            token = app.web.links.issue(session, account, timedelta(hours=valid_hours))
        except SignInRefused as refused:
            typer.secho(f"No link: {refused.reason.value}.", fg="red", err=True)
            raise typer.Exit(1) from refused
        typer.echo(_link_line(app, token, valid_hours))


@web_app.command("accounts")
def accounts() -> None:
    """Who may sign in to the web desk."""
    with opened_bot(with_kb=False) as app, app.sessions() as session:
        rows = app.web.accounts.all(session)
        if not rows:
            typer.echo("No account yet: agents get one by writing /web to the bot; see also `web account-add`.")
        for row in rows:
            account = app.web.accounts.view(row)
            state = account.role.value if account else "cannot sign in (disabled, or no longer an agent)"
            identity = f"{row.platform.value}:{row.user_id}" if row.platform else row.user_id
            typer.echo(f"#{row.id:<4} {row.kind.value:<6} {identity:<30} {row.display_name:<30} {state}")


@web_app.command("disable")
def disable(who: str = typer.Argument(..., help="The account's id or name.")) -> None:
    """Stop an account from signing in, and end its open sessions."""
    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        row = app.web.accounts.named(session, who)
        if row is None:
            typer.secho(f"No account {who!r}.", fg="red", err=True)
            raise typer.Exit(1)
        app.web.accounts.disable(session, row)
        ended = app.web.sessions.end_all_of(session, row.id)
        typer.echo(f"Account #{row.id} {row.display_name} disabled; {ended} session(s) ended.")


def _link_line(app: SupportBot, token: str, hours: int) -> str:
    return f"Sign-in link (one use, valid {hours} h): {app.settings.resolved_web_base_url()}/signin/{token}"
