"""``supportbot customers ...`` and ``supportbot outbox ...``: the desk's housekeeping."""

from __future__ import annotations

import typer

from adapters.cli.context import opened_bot

customers_app = typer.Typer(help="Customers allowed to open tickets on Telegram (SUPPORTBOT_TELEGRAM_REQUESTERS=linked).",
                            no_args_is_help=True)
outbox_app = typer.Typer(help="Messages waiting to be delivered (agent cards, notices).", no_args_is_help=True)


@customers_app.command("add")
def add_customer(name: str = typer.Argument(..., help="The customer's name, as agents will see it.")) -> None:
    """Create a customer and print the one-time code they send to the bot: /start CODE."""
    from bot.lifecycle.access import new_customer

    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        customer = new_customer(session, name, app.clock())
        typer.echo(f"{customer.name}: code {customer.code}  (the customer sends: /start {customer.code})")


@customers_app.command("list")
def list_customers() -> None:
    """Customers and whether their chat is linked."""
    from sqlalchemy import select

    from bot.storage.models import CustomerRow

    with opened_bot(with_kb=False) as app, app.sessions() as session:
        for customer in session.scalars(select(CustomerRow).order_by(CustomerRow.id)):
            platform = customer.platform.value if customer.platform else "?"
            linked = f"linked to {platform}:{customer.user_id}" if customer.user_id else "not linked yet"
            typer.echo(f"{customer.code}  {customer.name:<30} {linked}")


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
