"""The new actions obey the transitions table like the others: the service allows exactly what the
table allows, from every status (requalify, route, merge, canned response, article; a requester
closing their own ticket; supportbot's own closes and holds)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import update

from bot.bootstrap import SupportBot
from bot.errors import ActionRefused
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.transitions import allowed
from bot.messages import Platform
from bot.storage.models import TicketRow
from bot.tickets.actions import TicketAction as A
from bot.tickets.repository import TicketRepository
from bot.tickets.results import ActionResult
from bot.tickets.service import AgentRequest, perform
from bot.tickets.status import TicketStatus as S
from bot.triage.fields import TriageField
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket

AGENT = Actor(ActorKind.AGENT, Platform.CONSOLE, "agent", "Agathe")
ALICE = Actor(ActorKind.REQUESTER, Platform.CONSOLE, "alice", "Alice")
REQUESTS = {
    A.REQUALIFY: AgentRequest(A.REQUALIFY, field=TriageField.PRIORITY, value="low"),
    A.ROUTE: AgentRequest(A.ROUTE, value="billing"),
    A.CANNED: AgentRequest(A.CANNED, value="screenshot"),
    A.ARTICLE: AgentRequest(A.ARTICLE, value="compte-verrouille"),
}


def _refused(bot: SupportBot, reference: str, status: S, attempt: Callable[[Any], ActionResult]) -> bool:
    """Whether the service refuses the attempt on the ticket in ``status``; nothing is kept either way."""
    with bot.sessions.begin() as session:
        session.execute(update(TicketRow).where(TicketRow.reference == reference).values(status=status,
                                                                                          closed_at=bot.clock()))
        nested = session.begin_nested()
        try:
            attempt(session)
        except ActionRefused:
            return True
        finally:
            nested.rollback()
        return False


def test_the_new_actions_are_allowed_exactly_where_the_table_allows_them(
    make_bot: Callable[..., SupportBot], triage_files: dict[str, Any],
) -> None:
    bot = make_bot(with_kb=True, triage_file=triage_files["triage_file"])
    alice = ChatDriver(bot.desk, "alice")
    reference = file_ticket(alice, "Mon compte est verrouillé depuis ce matin")
    target = file_ticket(alice, "Le compte reste verrouillé après le délai")
    for status in S:
        for action, request in REQUESTS.items():
            def agent_attempt(session: Any, request: AgentRequest = request) -> ActionResult:
                return perform(bot.tickets, session, reference, AGENT, request)
            assert _refused(bot, reference, status, agent_attempt) is not allowed(action, status, ActorKind.AGENT), (
                action, status)

        def merge(session: Any) -> ActionResult:
            return perform(bot.tickets, session, reference, AGENT, AgentRequest(A.MERGE, value=target))
        assert _refused(bot, reference, status, merge) is not allowed(A.MERGE, status, ActorKind.AGENT), status

        def close(session: Any) -> ActionResult:
            return bot.tickets.close_by_requester(session, reference, ALICE)
        assert _refused(bot, reference, status, close) is not allowed(A.CLOSE, status, ActorKind.REQUESTER), status

        def auto_close(session: Any) -> ActionResult:
            row = TicketRepository(session).get(reference)
            return bot.tickets.close_unconfirmed(session, row, 5)
        assert _refused(bot, reference, status, auto_close) is not allowed(A.CLOSE, status, ActorKind.SYSTEM), status

        def auto_hold(session: Any) -> ActionResult:
            row = TicketRepository(session).get(reference)
            return bot.tickets.hold_unanswered(session, row, 5)
        assert _refused(bot, reference, status, auto_hold) is not allowed(A.HOLD, status, ActorKind.SYSTEM), status
