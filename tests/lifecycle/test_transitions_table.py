"""The transitions table is the rules: the service allows exactly what the table allows, from every
status, for agents and requesters alike; and the README's diagram is the table's drawing."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from pathlib import Path

from sqlalchemy import update
from sqlalchemy.orm import Session

from bot.bootstrap import SupportBot
from bot.errors import ActionRefused
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.transitions import allowed, mermaid
from bot.messages import Platform
from bot.storage.models import TicketRow
from bot.tickets.actions import TicketAction as A
from bot.tickets.results import ActionResult
from bot.tickets.service import AgentRequest, TicketService, perform
from bot.tickets.status import TicketStatus as S
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket

AGENT = Actor(ActorKind.AGENT, Platform.CONSOLE, "agent", "Agathe")
AGENT_ACTIONS = [A.CLAIM, A.ASK, A.REPLY, A.NOTE, A.ESCALATE, A.WAIT_DEVELOPMENT, A.HOLD, A.RESUME, A.RESOLVE, A.CLOSE,
                 A.REOPEN, A.CANCEL]


def _agent_call(service: TicketService, session: Session, *, reference: str, request: AgentRequest) -> ActionResult:
    return perform(service, session, reference, AGENT, request)


def _requester_call(service: TicketService, session: Session, *, ticket: str, action: A) -> ActionResult:
    alice = Actor(ActorKind.REQUESTER, Platform.CONSOLE, "alice", "Alice")
    match action:
        case A.CONFIRM:
            return service.confirm(session, ticket, alice)
        case A.REOPEN:
            return service.refuse(session, ticket, alice)
        case A.CANCEL:
            return service.cancel(session, ticket, alice)
        case A.RATE:
            return service.rate(session, ticket, alice, 4)
        case A.COMMENT:
            return service.comment(session, ticket, alice, "Merci")
        case _:
            return service.add_message(session, ticket, alice, "Un détail de plus")


def _refused(bot: SupportBot, status: S, attempt: Callable[..., ActionResult]) -> bool:
    """Whether the service refuses the attempt on a ticket in ``status``; nothing is kept either way."""
    with bot.sessions.begin() as session:
        session.execute(update(TicketRow).values(status=status, closed_at=bot.clock()))
        nested = session.begin_nested()
        try:
            attempt(session=session)
        except ActionRefused:
            return True
        finally:
            nested.rollback()
        return False


def test_the_service_allows_exactly_what_the_table_allows(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    reference = file_ticket(ChatDriver(bot.desk))
    for status in S:
        for action in AGENT_ACTIONS:
            agent_attempt = partial(_agent_call, bot.tickets, reference=reference, request=AgentRequest(action, "un texte"))
            assert _refused(bot, status, agent_attempt) is not allowed(action, status, ActorKind.AGENT), (action, status)
        for action in (A.CONFIRM, A.REOPEN, A.CANCEL, A.RATE, A.COMMENT, A.REQUESTER_MESSAGE):
            requester_attempt = partial(_requester_call, bot.tickets, ticket=reference, action=action)
            assert _refused(bot, status, requester_attempt) is not allowed(action, status, ActorKind.REQUESTER), (action, status)


def test_the_readme_draws_the_table() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    section = readme.split("## The ticket's life", 1)[1]
    drawn = re.search(r"```mermaid\n(.*?)\n```", section, re.S)
    assert drawn is not None and drawn.group(1) == mermaid()
