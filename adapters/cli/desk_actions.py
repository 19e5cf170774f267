"""Desk operations from the command line: assign a ticket, set its status (the same lifecycle
rules, audit trail and notices as agents' actions in chat)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.i18n import keys
from bot.bootstrap import SupportBot
from bot.i18n import Language
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.transitions import TicketEventKind
from bot.messages import Platform
from bot.storage.models import TicketRow
from bot.tickets.status import TicketStatus


def assign(app: SupportBot, session: Session, ticket: TicketRow, agent: str) -> None:
    platform, _, user_id = agent.partition(":")
    if not user_id:
        platform, user_id = "console", agent
    actor = Actor(ActorKind.AGENT, Platform(platform), user_id, user_id)
    ticket.assignee_platform, ticket.assignee_id, ticket.assignee_name = platform, user_id, user_id
    app.lifecycle.audit.record(session, ticket, TicketEventKind.ASSIGNED, Actor(ActorKind.SYSTEM, name="desk"), agent)
    if ticket.status == TicketStatus.NEW.value:
        app.lifecycle.audit.move(session, ticket, TicketStatus.IN_PROGRESS, actor)
    ticket.updated_at = app.clock()
    app.lifecycle.notifier.card_changed(session, ticket)


def set_status(app: SupportBot, session: Session, ticket: TicketRow, target: TicketStatus, note: str) -> None:
    """Raises InvalidTransition when the lifecycle does not allow it."""
    app.lifecycle.audit.move(session, ticket, target, Actor(ActorKind.SYSTEM, name="desk"), note)
    cards = app.lifecycle.notifier.cards
    status_text = app.catalog.text(_lang(ticket), keys.status(target))
    app.lifecycle.notifier.to_requester(session, ticket, [cards.notice(ticket, "notice.status_changed", status=status_text)])
    app.lifecycle.notifier.card_changed(session, ticket)


def _lang(ticket: TicketRow) -> Language:
    return Language(ticket.lang)
