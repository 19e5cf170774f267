"""``supportbot tickets ...``: the desk's view of tickets."""

from __future__ import annotations

import json

import typer
from sqlalchemy import select

from adapters.cli.context import opened_bot
from bot.storage.models import TicketRow
from bot.text import shorten
from bot.tickets.export import ticket_as_dict
from bot.tickets.filing import find_ticket

tickets_app = typer.Typer(help="List and inspect tickets.", no_args_is_help=True)


@tickets_app.command("list")
def list_tickets(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    status: str | None = typer.Option(None, help="Only tickets with this status."),
    limit: int = typer.Option(50, help="At most this many, newest first."),
) -> None:
    """List tickets, newest first."""
    with opened_bot(with_kb=False) as app, app.sessions() as session:
        query = select(TicketRow).order_by(TicketRow.id.desc()).limit(limit)
        if status:
            query = query.where(TicketRow.status == status)
        tickets = list(session.scalars(query))
        if as_json:
            typer.echo(json.dumps([ticket_as_dict(t) for t in tickets], ensure_ascii=False, indent=2))
            return
        if not tickets:
            typer.echo("No tickets.")
            return
        for t in tickets:
            typer.echo(
                f"{t.reference:<12} {t.status:<20} {t.priority:<9} {t.requester_platform}:{t.requester_name or t.requester_id:<20} "
                f"{t.created_at:%Y-%m-%d %H:%M}  {shorten(t.summary, 60)}"
            )


@tickets_app.command("show")
def show_ticket(
    reference: str = typer.Argument(..., help="The ticket reference, e.g. SUP-000042."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one ticket with every answer."""
    with opened_bot(with_kb=False) as app, app.sessions() as session:
        ticket = find_ticket(session, reference)
        if ticket is None:
            typer.secho(f"No ticket with the reference {reference!r}.", fg="red", err=True)
            raise typer.Exit(1)
        data = ticket_as_dict(ticket)
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        typer.echo(f"{data['reference']}  [{data['status']}]  priority {data['priority']}")
        typer.echo(f"Requester: {ticket.requester_name or ticket.requester_id} ({ticket.requester_platform})")
        typer.echo(f"Created:   {data['created_at']}")
        typer.echo("")
        typer.echo(ticket.description)
