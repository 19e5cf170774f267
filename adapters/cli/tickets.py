"""``supportbot tickets ...``: the desk's view of tickets, and agents' actions on them
(:mod:`adapters.cli.ticket_actions`). Everything a ticket holds was typed by someone: it is
printed with control characters shown, never obeyed by the terminal."""

from __future__ import annotations

import json

import typer

from adapters.cli.context import opened_bot
from adapters.cli.ticket_actions import register
from bot.tickets.status import TicketStatus

tickets_app = typer.Typer(help="List, inspect and act on tickets.", no_args_is_help=True)


@tickets_app.command("list")
def list_tickets(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    status: TicketStatus | None = typer.Option(None, help="Only tickets with this status."),
    limit: int = typer.Option(50, help="At most this many, newest first."),
) -> None:
    """List tickets, newest first."""
    from bot.text import printable, shorten
    from bot.tickets.export import ticket_as_dict
    from bot.tickets.repository import TicketRepository

    with opened_bot(with_kb=False) as app, app.sessions() as session:
        page = TicketRepository(session).listing(status, limit)
        if as_json:
            typer.echo(json.dumps([ticket_as_dict(t) for t in page.tickets], ensure_ascii=False, indent=2))
        elif not page.tickets:
            typer.echo("No tickets.")
        for t in page.tickets if not as_json else ():
            requester = printable(t.requester_name or t.requester_id)
            typer.echo(
                f"{t.reference:<12} {t.status.value:<20} {t.priority.value:<9} {t.requester_platform.value}:{requester:<20} "
                f"{t.created_at:%Y-%m-%d %H:%M}  {printable(shorten(t.summary, 60))}"
            )
        if len(page.tickets) < page.total:
            more = page.total - len(page.tickets)
            typer.echo(f"… and {more} older ticket(s) not shown: use --limit {page.total} to see them all.", err=as_json)


@tickets_app.command("show")
def show_ticket(
    reference: str = typer.Argument(..., help="The ticket reference, e.g. SUP-000042."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Show one ticket with every answer."""
    from bot.text import printable, shorten
    from bot.tickets.export import event_as_dict, ticket_as_dict
    from bot.tickets.repository import TicketRepository

    with opened_bot(with_kb=False) as app, app.sessions() as session:
        tickets = TicketRepository(session)
        ticket = tickets.by_reference(reference, lock=False)
        if ticket is None:
            typer.secho(f"No ticket with the reference {printable(reference)!r}.", fg="red", err=True)
            raise typer.Exit(1)
        data = ticket_as_dict(ticket)
        data["history"] = [event_as_dict(e) for e in tickets.audit_trail(ticket)]
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        typer.echo(f"{data['reference']}  [{data['status']}]  priority {data['priority']}")
        typer.echo(f"Requester: {printable(ticket.requester_name or ticket.requester_id)} ({ticket.requester_platform.value})")
        typer.echo(f"Assignee:  {printable(ticket.assignee_name or '-')}")
        typer.echo(f"Created:   {data['created_at']}")
        for label, key in (("Acknowledge by", "ack"), ("First qualification by", "first_qualification"),
                           ("Final qualification by", "final_qualification")):
            sla = data["sla"][key]
            marks = ", ".join(f"{k} {v}" for k, v in sla.items() if k != "due" and v)
            typer.echo(f"{label + ':':<24}{sla['due'] or '-'}{'  (' + marks + ')' if marks else ''}")
        if data["sla_clock"]["paused_since"]:
            typer.echo(f"{'SLA clock:':<24}paused since {data['sla_clock']['paused_since']} (the requester's turn)")
        typer.echo("")
        typer.echo(printable(ticket.description, keep_lines=True))
        typer.echo("")
        typer.echo("History:")
        for event in data["history"]:
            move = f" {event['from'] or ''} -> {event['to']}" if event["to"] else ""
            note = f": {printable(shorten(event['note'], 100))}" if event["note"] else ""
            typer.echo(f"  {event['at']}  {event['kind']:<18}{move}  by {printable(event['actor'])}{note}")


register(tickets_app)
