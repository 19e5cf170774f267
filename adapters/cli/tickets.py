"""``supportbot tickets ...``: the desk's view of tickets, and agents' actions on them
(:mod:`adapters.cli.ticket_actions`). Everything a ticket holds was typed by someone: it is
printed with control characters shown, never obeyed by the terminal."""

from __future__ import annotations

import json

import typer

from adapters.cli.context import opened_bot
from adapters.cli.ticket_actions import register
from adapters.cli.triage import register as register_triage
from bot.tickets.status import TicketStatus
from bot.triage.fields import RequesterUrgency
from bot.triage.search import TicketFilter

tickets_app = typer.Typer(help="List, inspect and act on tickets.", no_args_is_help=True)


@tickets_app.command("list")
def list_tickets(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    status: TicketStatus | None = typer.Option(None, help="Only tickets with this status."),
    limit: int = typer.Option(50, help="At most this many, newest first."),
    ticket_type: str | None = typer.Option(None, "--type", help="Only this type (an id: help, bug, ...)."),
    product: str | None = typer.Option(None, help="Only this product (an id of the triage file)."),
    module: str | None = typer.Option(None, help="Only this module."),
    version: str | None = typer.Option(None, help="Only this version."),
    urgency: RequesterUrgency | None = typer.Option(None, help="Only this requester's urgency."),
    organisation: str | None = typer.Option(None, help="Only this organisation's (by name)."),
    queue: str | None = typer.Option(None, help="Only this queue's (an id; 'support' is the default queue)."),
) -> None:
    """List tickets, newest first."""
    from bot.text import printable, shorten
    from bot.tickets.export import ticket_as_dict
    from bot.tickets.repository import TicketRepository

    with opened_bot(with_kb=False) as app, app.sessions() as session:
        organisation_id = None
        if organisation is not None:
            found = app.triage.organisations.find(session, organisation)
            if found is None:
                typer.secho(f"No organisation {printable(organisation)!r}.", fg="red", err=True)
                raise typer.Exit(1)
            organisation_id = found.id
        filters = TicketFilter(status, ticket_type, product, module, version, urgency, organisation_id, queue)
        page = TicketRepository(session).listing(status, limit, filters)
        if as_json:
            typer.echo(json.dumps([ticket_as_dict(t) for t in page.tickets], ensure_ascii=False, indent=2))
        elif not page.tickets:
            typer.echo("No tickets.")
        for t in page.tickets if not as_json else ():
            requester = printable(t.requester_name or t.requester_id)
            typer.echo(
                f"{t.reference:<12} {t.status.value:<20} {t.priority.value:<9} {t.ticket_type or '-':<10} "
                f"{t.requester_platform.value}:{requester:<20} {t.created_at:%Y-%m-%d %H:%M}  {printable(shorten(t.summary, 60))}"
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
        typer.echo(f"Requester: {printable(ticket.requester_name or ticket.requester_id)} ({ticket.requester_platform.value})"
                   + (f" — {printable(ticket.requester_context.summary())}" if ticket.requester_context.summary() else ""))
        organisation = data["organisation"]
        triage = {"Type": data["type"], "Product": data["product"], "Module": data["module"], "Version": data["version"],
                  "Urgency": data["requester_urgency"], "Queue": data["queue"],
                  "Organisation": f"{organisation['name']} ({organisation['contract']})" if organisation else None,
                  "Merged into": data["merged_into"]}
        typer.echo("  ".join(f"{label}: {printable(str(value))}" for label, value in triage.items() if value))
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
register_triage(tickets_app)
