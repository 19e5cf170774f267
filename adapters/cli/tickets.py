"""``supportbot tickets ...``: the desk's view of tickets."""

from __future__ import annotations

import json

import typer
from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.cli.context import opened_bot
from bot.storage.models import TicketRow
from bot.text import shorten
from bot.tickets.export import audit_trail, event_as_dict, ticket_as_dict
from bot.tickets.filing import find_ticket
from bot.tickets.status import TicketStatus

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
                f"{t.reference:<12} {t.status.value:<20} {t.priority.value:<9} {t.requester_platform.value}:{t.requester_name or t.requester_id:<20} "
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
        data["history"] = [event_as_dict(e) for e in audit_trail(session, ticket)]
        if as_json:
            typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
            return
        typer.echo(f"{data['reference']}  [{data['status']}]  priority {data['priority']}")
        typer.echo(f"Requester: {ticket.requester_name or ticket.requester_id} ({ticket.requester_platform.value})")
        typer.echo(f"Assignee:  {ticket.assignee_name or '-'}")
        typer.echo(f"Created:   {data['created_at']}")
        for label, key in (("Acknowledge by", "ack"), ("First qualification by", "first_qualification"),
                           ("Final qualification by", "final_qualification")):
            sla = data["sla"][key]
            marks = ", ".join(f"{k} {v}" for k, v in sla.items() if k != "due" and v)
            typer.echo(f"{label + ':':<24}{sla['due'] or '-'}{'  (' + marks + ')' if marks else ''}")
        if data["sla_clock"]["paused_since"]:
            typer.echo(f"{'SLA clock:':<24}paused since {data['sla_clock']['paused_since']} (the requester's turn)")
        typer.echo("")
        typer.echo(ticket.description)
        typer.echo("")
        typer.echo("History:")
        for event in data["history"]:
            move = f" {event['from'] or ''} -> {event['to']}" if event["to"] else ""
            note = f": {shorten(event['note'], 100)}" if event["note"] else ""
            typer.echo(f"  {event['at']}  {event['kind']:<18}{move}  by {event['actor']}{note}")


@tickets_app.command("assign")
def assign_ticket(
    reference: str = typer.Argument(..., help="The ticket reference."),
    agent: str = typer.Argument(..., help="The agent, as platform:user_id (or a console name)."),
) -> None:
    """Assign a ticket to an agent (a new ticket moves to in progress)."""
    from adapters.cli.desk_actions import assign

    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        ticket = _ticket_or_exit(session, reference)
        assign(app, session, ticket, agent)
        typer.echo(f"{ticket.reference} assigned to {agent} ({ticket.status.value}).")


@tickets_app.command("status")
def set_ticket_status(
    reference: str = typer.Argument(..., help="The ticket reference."),
    status: TicketStatus = typer.Argument(..., help="The new status."),
    note: str = typer.Option("", help="Why (kept in the audit trail)."),
) -> None:
    """Change a ticket's status, following the lifecycle's rules; the requester is told."""
    from adapters.cli.desk_actions import set_status
    from bot.lifecycle.transitions import InvalidTransition

    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        ticket = _ticket_or_exit(session, reference)
        try:
            set_status(app, session, ticket, status, note)
        except InvalidTransition as error:
            typer.secho(f"{ticket.reference}: {error}.", fg="red", err=True)
            raise typer.Exit(1) from error
        typer.echo(f"{ticket.reference} is now {status.value}.")


def _ticket_or_exit(session: Session, reference: str) -> TicketRow:
    ticket = find_ticket(session, reference)
    if ticket is None:
        typer.secho(f"No ticket with the reference {reference!r}.", fg="red", err=True)
        raise typer.Exit(1)
    return ticket
