"""``supportbot tickets claim|assign|ask|reply|note|escalate|dev|hold|resume|resolve|close|reopen|cancel``
and ``tickets status``: agents' actions from the command line, through the ticket service (the
same rules, SLA effects, audit trail and notices as in chat). The command line acts as an agent:
``--as platform:user_id`` (default: the first of ``SUPPORTBOT_AGENTS``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

import typer

from adapters.cli.context import opened_bot
from bot.errors import DeskError
from bot.lifecycle.actors import Actor, ActorKind
from bot.messages import Platform
from bot.tickets.actions import TicketAction as A
from bot.tickets.status import TicketStatus as S

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.bootstrap import SupportBot
    from bot.tickets.results import ActionResult
    from bot.tickets.service import AgentRequest

AS_HELP = "The agent acting, as platform:user_id (default: the first of SUPPORTBOT_AGENTS)."
# What each action's text is: the requester reads it (ask, reply, a resolution's message) or not.
_TEXTS: dict[A, tuple[str, bool]] = {
    A.ASK: ("The question for the requester.", True), A.REPLY: ("The message to the requester.", True),
    A.NOTE: ("The internal note.", False), A.ESCALATE: ("Which team, and why (internal).", False),
}
_COMMANDS: dict[str, A] = {
    "claim": A.CLAIM, "ask": A.ASK, "reply": A.REPLY, "note": A.NOTE, "escalate": A.ESCALATE, "dev": A.WAIT_DEVELOPMENT,
    "hold": A.HOLD, "resume": A.RESUME, "resolve": A.RESOLVE, "close": A.CLOSE, "reopen": A.REOPEN, "cancel": A.CANCEL,
}


def agent_of(app: SupportBot, spec: str | None) -> Actor:
    """``slack:U123`` (or a console name) as the acting agent, named as they last wrote to the bot."""
    entry = spec or app.settings.agents.split(",")[0].strip()
    platform_name, _, user_id = entry.partition(":")
    if not user_id:
        platform_name, user_id = Platform.CONSOLE.value, entry
    try:
        platform = Platform(platform_name)
    except ValueError:
        typer.secho(f"{entry!r}: the platform must be one of {[p.value for p in Platform]}.", fg="red", err=True)
        raise typer.Exit(2) from None
    from bot.tickets.repository import TicketRepository

    with app.sessions() as session:
        name = TicketRepository(session).person_name(platform, user_id)
    return Actor(ActorKind.AGENT, platform, user_id, name or user_id)


Request: TypeAlias = "Callable[[SupportBot, Session], AgentRequest]"


def run_action(reference: str, agent_spec: str | None, request: Request, *, with_kb: bool = False) -> ActionResult:
    """Perform one action in one transaction; a refusal exits with its reason and changes nothing."""
    from bot.tickets.service import perform

    with opened_bot(with_kb=with_kb) as app:
        agent = agent_of(app, agent_spec)
        try:
            with app.sessions.begin() as session:
                result = perform(app.tickets, session, reference, agent, request(app, session))
        except DeskError as error:
            typer.secho(f"{reference}: {error}.", fg="red", err=True)
            raise typer.Exit(1) from error
    typer.echo(f"{result.reference}: {result.action.value} by {agent.name} ({result.before.value} -> {result.after.value}).")
    return result


def register(app: typer.Typer) -> None:
    for name, action in _COMMANDS.items():
        app.command(name, help=f"{action.value.replace('_', ' ').capitalize()} (as an agent).")(_command(action))
    app.command("assign")(assign)
    app.command("status")(set_status)


def _command(action: A) -> Callable[..., None]:
    help_text, for_requester = _TEXTS.get(action, ("An internal note kept with the change.", False))

    def command(
        reference: str = typer.Argument(..., help="The ticket reference, e.g. SUP-000042."),
        text: str = typer.Argument("", help=help_text),
        message: str = typer.Option("", "--message", help="resolve: a message to the requester, shown with the question."),
        next_update: bool = typer.Option(False, "--next-update", help="dev: the fix comes with the next update."),
        agent: str | None = typer.Option(None, "--as", help=AS_HELP),
    ) -> None:
        from bot.tickets.service import AgentRequest

        if action is A.RESOLVE and message:
            run_action(reference, agent, lambda _app, _session: AgentRequest(action, message, for_requester=True))
            return
        run_action(reference, agent, lambda _app, _session: AgentRequest(action, text, for_requester, next_update))

    return command


def assign(
    reference: str = typer.Argument(..., help="The ticket reference."),
    assignee: str = typer.Argument(..., help="The agent who takes it, as platform:user_id (or a console name)."),
    agent: str | None = typer.Option(None, "--as", help="Who assigns it (default: the assignee, as a claim)."),
) -> None:
    """Assign a ticket to an agent: exactly what their Claim in chat does (a new ticket moves to in
    progress, the acknowledgement is met, the requester is told who has it)."""
    from bot.tickets.service import AgentRequest

    with opened_bot(with_kb=False) as app:
        taker = agent_of(app, assignee)
    run_action(reference, agent or assignee, lambda _app, _session: AgentRequest(A.ASSIGN, assignee=taker))


def set_status(
    reference: str = typer.Argument(..., help="The ticket reference."),
    status: S = typer.Argument(..., help="The new status."),
    note: str = typer.Option("", help="Why (kept in the audit trail; internal)."),
    message: str = typer.Option("", help="waiting_customer: the question; resolved: a message to the requester."),
    agent: str | None = typer.Option(None, "--as", help=AS_HELP),
) -> None:
    """Move a ticket to a status through the action that leads there (the lifecycle's rules apply,
    the requester is told as in chat)."""
    from bot.tickets.repository import TicketRepository
    from bot.tickets.service import AgentRequest

    if status is S.NEW:
        typer.secho(f"{reference}: no action brings a ticket back to new.", fg="red", err=True)
        raise typer.Exit(1)

    def request(_app: SupportBot, session: Session) -> AgentRequest:
        action = _action_to(status, TicketRepository(session).get(reference, lock=False).status)
        if action is A.ASK:
            return AgentRequest(action, message, for_requester=True)
        if action is A.RESOLVE and message:
            return AgentRequest(action, message, for_requester=True)
        return AgentRequest(action, note)

    run_action(reference, agent, request)


_LEADS_TO = {
    S.WAITING_CUSTOMER: A.ASK, S.ESCALATED: A.ESCALATE, S.WAITING_DEVELOPMENT: A.WAIT_DEVELOPMENT, S.ON_HOLD: A.HOLD,
    S.RESOLVED: A.RESOLVE, S.CLOSED: A.CLOSE, S.CANCELLED: A.CANCEL,
}


def _action_to(target: S, current: S) -> A:
    """The action that moves a ticket from ``current`` to ``target`` (the table may still refuse it)."""
    if target is S.IN_PROGRESS:
        return {S.NEW: A.CLAIM, S.RESOLVED: A.REOPEN, S.CLOSED: A.REOPEN}.get(current, A.RESUME)
    return _LEADS_TO[target]
