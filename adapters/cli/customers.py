"""``supportbot customers ...``: organisations (customers), their contract level, their people, how
they are recognised (a Slack user group, an e-mail domain), and one-time link codes for Telegram
chats (``SUPPORTBOT_TELEGRAM_REQUESTERS=linked``). The triage file may set organisations too: it
is applied at every start."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from adapters.cli.context import opened_bot
from bot.messages import Platform
from bot.text import printable
from bot.triage.fields import ContractLevel

if TYPE_CHECKING:
    from bot.storage.models import OrganisationRow

customers_app = typer.Typer(help="Organisations (customers): contract level, people, link codes.", no_args_is_help=True)


@customers_app.command("add")
def add_customer(
    name: str = typer.Argument(..., help="The organisation's name, as agents will see it."),
    contract: ContractLevel | None = typer.Option(None, help="Its contract level (default: none, or as it was)."),
) -> None:
    """Create the organisation if new, and print a one-time code a customer sends to the bot: /start CODE."""
    from bot.lifecycle.access import new_customer

    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        organisation = app.triage.organisations.ensure(session, name, contract)
        customer = new_customer(session, organisation.name, app.clock(), organisation_id=organisation.id)
        typer.echo(f"{printable(organisation.name)} ({organisation.contract.value}): code {customer.code}  "
                   f"(the customer sends: /start {customer.code})")


@customers_app.command("list")
def list_customers() -> None:
    """Organisations, their contract level and people, and their link codes."""
    from sqlalchemy import select

    from bot.storage.models import CustomerRow

    with opened_bot(with_kb=False) as app, app.sessions() as session:
        organisations = app.triage.organisations
        for organisation in organisations.all(session):
            people = len(organisations.people(session, organisation))
            typer.echo(f"{printable(organisation.name):<30} {organisation.contract.value:<9} {people} person(s)")
        typer.echo("")
        for customer in session.scalars(select(CustomerRow).order_by(CustomerRow.id)):
            platform = customer.platform.value if customer.platform else "?"
            linked = f"linked to {platform}:{customer.user_id}" if customer.user_id else "not linked yet"
            typer.echo(f"{customer.code}  {printable(customer.name):<30} {linked}")


@customers_app.command("show")
def show_customer(name: str = typer.Argument(..., help="The organisation's name.")) -> None:
    """One organisation: contract, Slack user groups, e-mail domains, people."""
    with opened_bot(with_kb=False) as app, app.sessions() as session:
        organisation = _found(app.triage.organisations.find(session, name), name)
        typer.echo(f"{printable(organisation.name)}  contract: {organisation.contract.value}")
        typer.echo(f"Slack user groups: {', '.join(organisation.slack_groups) or '-'}")
        typer.echo(f"E-mail domains:    {', '.join(organisation.email_domains) or '-'}")
        for person in app.triage.organisations.people(session, organisation):
            typer.echo(f"  {person.platform.value}:{printable(person.user_id)}")


@customers_app.command("contract")
def set_contract(
    name: str = typer.Argument(..., help="The organisation's name."),
    level: ContractLevel = typer.Argument(..., help="Its contract level."),
) -> None:
    """Set an organisation's contract level (SUPPORTBOT_ENTITLED_CONTRACTS may require one)."""
    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        organisation = _found(app.triage.organisations.find(session, name), name)
        organisation.contract = level
        typer.echo(f"{printable(organisation.name)}: contract {level.value}.")


@customers_app.command("person")
def add_person(
    name: str = typer.Argument(..., help="The organisation's name."),
    person: str = typer.Argument(..., help="platform:user_id, e.g. slack:U0123ABCD or telegram:700100200."),
) -> None:
    """Make someone one of the organisation's people (they leave any other)."""
    platform_name, _, user_id = person.partition(":")
    if platform_name not in {p.value for p in Platform} or not user_id:
        typer.secho(f"{printable(person)!r}: write platform:user_id (slack:U0123ABCD, telegram:700100200).", fg="red", err=True)
        raise typer.Exit(2)
    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        organisation = _found(app.triage.organisations.find(session, name), name)
        app.triage.organisations.add_person(session, organisation, Platform(platform_name), user_id)
        typer.echo(f"{printable(person)} is one of {printable(organisation.name)}'s people.")


@customers_app.command("map")
def map_customer(
    name: str = typer.Argument(..., help="The organisation's name."),
    slack_group: list[str] = typer.Option([], "--slack-group", help="A Slack user group (S... or @handle); repeatable."),
    email_domain: list[str] = typer.Option([], "--email-domain", help="An e-mail domain (acme.fr); repeatable."),
) -> None:
    """Recognise the organisation's people by a Slack user group or their e-mail's domain (Slack)."""
    with opened_bot(with_kb=False) as app, app.sessions.begin() as session:
        organisation = _found(app.triage.organisations.find(session, name), name)
        app.triage.organisations.map(session, organisation, slack_groups=slack_group, email_domains=email_domain)
        typer.echo(f"{printable(organisation.name)}: groups {', '.join(organisation.slack_groups) or '-'}; "
                   f"domains {', '.join(organisation.email_domains) or '-'} (a new Slack group is read at the next start).")


def _found(found: OrganisationRow | None, name: str) -> OrganisationRow:
    if found is None:
        typer.secho(f"No organisation {printable(name)!r} (see `supportbot customers list`).", fg="red", err=True)
        raise typer.Exit(1)
    return found
