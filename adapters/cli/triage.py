"""``supportbot tickets requalify|queue|merge|canned|article|search``: triage and the agents' toolbox
from the command line, through the ticket service (the same rules, audit trail, SLA effects and
notices as in chat). The command line acts as the agent named by ``--as``."""

from __future__ import annotations

import json

import typer

from adapters.cli.context import opened_bot
from adapters.cli.ticket_actions import AS_HELP, run_action
from bot.text import printable, shorten
from bot.tickets.actions import TicketAction as A
from bot.triage.fields import TriageField
from bot.triage.search import MIN_LETTERS


def register(app: typer.Typer) -> None:
    app.command("requalify")(requalify)
    app.command("queue")(move_to_queue)
    app.command("merge")(merge)
    app.command("canned")(canned)
    app.command("article")(article)
    app.command("search")(search)


def requalify(
    reference: str = typer.Argument(..., help="The ticket reference."),
    ticket_type: str | None = typer.Option(None, "--type", help="help, bug, evolution, other (or the configured types)."),
    priority: str | None = typer.Option(None, help="low, minor, major, blocking."),
    product: str | None = typer.Option(None, help="A product of the triage file (- clears it)."),
    module: str | None = typer.Option(None, help="A module of the ticket's product (- clears it)."),
    version: str | None = typer.Option(None, help="The version (- clears it)."),
    urgency: str | None = typer.Option(None, help="The requester's urgency: low, normal, high, urgent."),
    organisation: str | None = typer.Option(None, help="An organisation's name (- clears it)."),
    agent: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Change a ticket's type, priority, product, module, version, urgency or organisation. A new
    priority moves the SLA targets not met yet, and the requester is told."""
    from bot.tickets.service import AgentRequest
    from bot.triage.requalification import Requalification

    given = ((TriageField.TYPE, ticket_type), (TriageField.PRIORITY, priority), (TriageField.PRODUCT, product),
             (TriageField.MODULE, module), (TriageField.VERSION, version), (TriageField.URGENCY, urgency),
             (TriageField.ORGANISATION, organisation))
    changes = tuple((field, value) for field, value in given if value is not None)
    if not changes:
        typer.secho("Nothing to change: give --type, --priority, --product, --module, --version, --urgency or "
                    "--organisation.", fg="red", err=True)
        raise typer.Exit(2)
    result = run_action(reference, agent, lambda _app, _session: AgentRequest(A.REQUALIFY,
                                                                              requalification=Requalification(changes)))
    typer.echo(f"  {result.detail}")


def move_to_queue(
    reference: str = typer.Argument(..., help="The ticket reference."),
    queue: str = typer.Argument(..., help="The queue's id or name (see the triage file)."),
    agent: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Move a ticket to another agents' queue: its agents get the card."""
    from bot.tickets.service import AgentRequest

    result = run_action(reference, agent, lambda _app, _session: AgentRequest(A.ROUTE, value=queue))
    typer.echo(f"  {result.detail}")


def merge(
    reference: str = typer.Argument(..., help="The duplicate."),
    into: str = typer.Argument(..., help="The ticket it duplicates."),
    agent: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Merge a duplicate into another ticket: closed as merged, its requester told, its history kept."""
    from bot.tickets.service import AgentRequest

    run_action(reference, agent, lambda _app, _session: AgentRequest(A.MERGE, value=into))


def canned(
    reference: str = typer.Argument(..., help="The ticket reference."),
    response: str | None = typer.Argument(None, help="The canned response's id (without it: the list)."),
    agent: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Send a canned response to the requester, in their language (without an id: list them)."""
    from bot.tickets.service import AgentRequest

    if response is None:
        with opened_bot(with_kb=False) as app:
            for item in app.triage.canned.responses:
                typer.echo(f"{item.id:<24} {item.title.en}")
        return
    run_action(reference, agent, lambda _app, _session: AgentRequest(A.CANNED, value=response))


def article(
    reference: str = typer.Argument(..., help="The ticket reference."),
    article_id: str = typer.Argument(..., help="The article's id (see `supportbot kb search`)."),
    agent: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Send a knowledge-base article to the requester."""
    from bot.tickets.service import AgentRequest

    run_action(reference, agent, lambda _app, _session: AgentRequest(A.ARTICLE, value=article_id), with_kb=True)


def search(
    query: str = typer.Argument(..., help="Words, a reference, and filters: status:new org:acme requester:claire "
                                          "type:bug product:… module:… queue:… urgency:…"),
    limit: int = typer.Option(20, help="At most this many, newest first."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Search every ticket (the reference, words of the summary, the answers and the whole conversation,
    internal notes included, the requester, the organisation), as agents do in chat and on the web desk."""
    from bot.tickets.export import ticket_as_dict

    with opened_bot(with_kb=False) as app, app.sessions() as session:
        outcome = app.finder.search(session, query, limit=limit)
        if outcome.too_short:
            typer.secho(f"Give at least {MIN_LETTERS} letters, a reference or a filter.", fg="red", err=True)
            raise typer.Exit(1)
        if outcome.problems or outcome.unknown_organisation is not None or outcome.page is None:
            what = "; ".join(outcome.problems) or f"no organisation {outcome.unknown_organisation!r}"
            typer.secho(f"Cannot search: {printable(what)}.", fg="red", err=True)
            raise typer.Exit(1)
        page = outcome.page
        if as_json:
            typer.echo(json.dumps([ticket_as_dict(t) for t in page.tickets], ensure_ascii=False, indent=2))
            return
        for t in page.tickets:
            typer.echo(f"{t.reference:<12} {t.status.value:<20} {printable(t.requester_name or t.requester_id):<20} "
                       f"{printable(shorten(t.summary, 60))}")
        typer.echo(f"{len(page.tickets)} of {page.total} ticket(s).")
