"""``supportbot outbox ...``: the desk's housekeeping (``customers``: :mod:`adapters.cli.customers`)."""

from __future__ import annotations

import typer

from adapters.cli.context import opened_bot

outbox_app = typer.Typer(help="Messages waiting to be delivered (agent cards, notices).", no_args_is_help=True)


@outbox_app.command("status")
def outbox_status() -> None:
    """How many messages wait, and the ones delivery gave up on."""
    with opened_bot(with_kb=False) as app, app.sessions() as session:
        typer.echo(f"pending: {app.outbox.pending_count(session)}")
        for row in app.outbox.failed(session):
            typer.echo(f"failed #{row.id} {row.kind.value} to {row.platform.value}:{row.channel} "
                       f"after {row.attempts} attempts: {row.last_error}")


@outbox_app.command("retry")
def outbox_retry(item: int = typer.Argument(..., help="The id of a failed item (see `outbox status`).")) -> None:
    """Try a failed message again."""
    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        if not app.outbox.requeue(session, item):
            typer.secho(f"No failed outbox item #{item}.", fg="red", err=True)
            raise typer.Exit(1)
        typer.echo(f"Outbox item #{item} will be delivered again.")


@outbox_app.command("prune")
def outbox_prune(
    dry_run: bool = typer.Option(False, "--dry-run", help="Only say how many rows would go."),
) -> None:
    """Delete processed inbox rows and delivered outbox rows older than the retention settings
    (SUPPORTBOT_INBOX_RETENTION_DAYS, SUPPORTBOT_OUTBOX_RETENTION_DAYS); `supportbot run` does it hourly."""
    from bot.outbox.retention import Retention, count_prunable, prune

    with opened_bot(with_kb=False) as app:
        retention = Retention.from_settings(app.settings)
        if dry_run:
            found = count_prunable(app.sessions, retention, app.clock())
            typer.echo(f"would prune {found.inbox} inbox and {found.outbox} outbox rows")
            return
        pruned = prune(app.sessions, retention, app.clock())
        typer.echo(f"pruned {pruned.inbox} inbox and {pruned.outbox} outbox rows")
