"""The agents' side of the desk: buttons on ticket cards, messages in ticket threads, commands.

In a ticket's thread, a plain message is an internal note; only the Reply action or a
message starting with ``/reply`` (``!reply``, ``/r``) reaches the requester.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import keys
from bot.lifecycle.actors import Actor, ActorKind, AgentRegistry
from bot.lifecycle.cards import TicketCards
from bot.lifecycle.service import TicketLifecycle
from bot.lifecycle.ticket_buttons import TEXT_ACTIONS, AgentAction, TicketButton
from bot.messages import InboundMessage, Platform, Reply, TextReply
from bot.lifecycle.pending import PendingActions
from bot.outbox.outbox import Outbox
from bot.storage.models import PendingActionRow, PendingKind
from bot.storage.models import TicketRow
from bot.text import shorten
from bot.tickets.filing import find_ticket

_COMMANDS: dict[str, AgentAction] = {
    "claim": AgentAction.CLAIM, "prendre": AgentAction.CLAIM,
    "ask": AgentAction.ASK, "demander": AgentAction.ASK,
    "escalate": AgentAction.ESCALATE, "escalader": AgentAction.ESCALATE,
    "dev": AgentAction.WAIT_DEV, "devnext": AgentAction.WAIT_DEV_NEXT,
    "hold": AgentAction.HOLD, "pause": AgentAction.HOLD,
    "resolve": AgentAction.RESOLVE, "resoudre": AgentAction.RESOLVE, "résoudre": AgentAction.RESOLVE,
    "close": AgentAction.CLOSE, "clore": AgentAction.CLOSE, "fermer": AgentAction.CLOSE,
    "reply": AgentAction.REPLY, "r": AgentAction.REPLY, "repondre": AgentAction.REPLY, "répondre": AgentAction.REPLY,
    "note": AgentAction.NOTE,
}
_COMMAND = re.compile(r"^[/!]?(?P<name>[a-zA-Zéè]+)(?:\s+(?P<ref>[A-Za-z]+-\d+))?(?:\s+(?P<rest>.*))?$", re.S)


class AgentDesk:
    def __init__(
        self, registry: AgentRegistry, lifecycle: TicketLifecycle, cards: TicketCards, outbox: Outbox,
        pending: PendingActions,
    ) -> None:
        self.pending = pending
        self.registry = registry
        self.lifecycle = lifecycle
        self.cards = cards
        self.outbox = outbox

    def a(self, key: str, **params: object) -> str:
        return self.lifecycle.a(key, **params)

    def button(self, session: Session, message: InboundMessage, button: TicketButton) -> list[Reply]:
        agent = Actor.of(ActorKind.AGENT, message.sender)
        if not self.registry.is_agent(message.sender):
            self.lifecycle.log_refusal(agent, f"agent button {message.button_id}")
            return [TextReply(self.a("agent.not_an_agent"), ephemeral=True)]
        ticket = session.get(TicketRow, button.ticket_id, with_for_update=True)
        if ticket is None or button.agent_action is None:
            return [TextReply(self.a("agent.unknown_ticket"), ephemeral=True)]
        action = button.agent_action
        text = message.text.strip()
        if action in TEXT_ACTIONS and not text:
            self._wait_for_text(session, message, ticket, action)
            return [TextReply(self.a("agent.type_text", field=self.a(f"agent.{action.value}_field"), reference=ticket.reference))]
        return self.lifecycle.agent_act(session, ticket, agent, action, text)

    def message(self, session: Session, message: InboundMessage, text: str) -> list[Reply]:
        """A message written on an agents' destination (channel, group, topic or console)."""
        if not self.registry.is_agent(message.sender):
            return []  # other people chatting in the agents' channel are none of our business
        agent = Actor.of(ActorKind.AGENT, message.sender)
        thread_ticket = self._thread_ticket(session, message)
        match = _COMMAND.match(text)
        command = _COMMANDS.get((match.group("name") or "").lower()) if match else None
        explicit = text.startswith(("/", "!")) or (message.where.platform is Platform.CONSOLE and command is not None)
        pending = self._pending(session, message)
        if pending is not None:
            # The text a button waits for is the very next message, in that ticket's thread or
            # outside any: a command or another ticket's thread abandons it, so a later remark
            # meant for the agents never reaches a requester.
            self.pending.clear(session, pending)
            elsewhere = thread_ticket is not None and thread_ticket.id != pending.ticket_id
            ticket = session.get(TicketRow, pending.ticket_id, with_for_update=True)
            if ticket is not None and text and not explicit and not elsewhere:
                action = pending.agent_action or AgentAction.NOTE
                return self.lifecycle.agent_act(session, ticket, agent, action, text)
        if command is not None and explicit:
            ticket = find_ticket(session, match.group("ref")) if match and match.group("ref") else thread_ticket
            if ticket is None:
                return [TextReply(self.a("agent.which_ticket"), ephemeral=True)]
            rest = (match.group("rest") or "").strip() if match else ""
            if command in TEXT_ACTIONS and not rest:
                return [TextReply(self.a("agent.text_needed", field=self.a(f"agent.{command.value}_field")), ephemeral=True)]
            return self.lifecycle.agent_act(session, ticket, agent, command, rest)
        if text.lower() in {"list", "/list", "liste", "/liste"}:
            return self.open_tickets(session)
        shown = re.match(r"^[/!]?(show|voir|card|fiche)(?:\s+(\S+))?\s*$", text, re.I)
        if shown:
            ticket = find_ticket(session, shown.group(2)) if shown.group(2) else thread_ticket
            return [self.cards.agent_card(ticket)] if ticket else [TextReply(self.a("agent.which_ticket"), ephemeral=True)]
        if thread_ticket is not None and text:
            return self.lifecycle.agent_act(session, thread_ticket, agent, AgentAction.NOTE, text)
        if message.where.platform is Platform.CONSOLE:
            return [TextReply(self.a("agent.console_help"))]
        return []

    def open_tickets(self, session: Session) -> list[Reply]:
        from bot.tickets.status import TicketStatus

        open_statuses = [s.value for s in TicketStatus if s.is_open]
        tickets = session.scalars(select(TicketRow).where(TicketRow.status.in_(open_statuses)).order_by(TicketRow.id)).all()
        if not tickets:
            return [TextReply(self.a("agent.no_open_tickets"))]
        lines = [self.a("agent.open_tickets", count=len(tickets))]
        lines += [f"• {t.reference} [{self.a(keys.agent_status(t.status))}] {self.a(keys.priority(t.priority))} — "
                  f"{shorten(t.summary, 70)} ({t.assignee_name or self.a('agent.unassigned')})" for t in tickets]
        return [TextReply("\n".join(lines))]

    def is_agents_thread(self, session: Session, message: InboundMessage) -> bool:
        return self._thread_ticket(session, message) is not None

    def _thread_ticket(self, session: Session, message: InboundMessage) -> TicketRow | None:
        where = message.where
        for thread in (where.thread, message.reply_to):
            if thread:
                ticket_id = self.outbox.ticket_for_thread(session, where.platform, where.channel, thread)
                if ticket_id is not None:
                    return session.get(TicketRow, ticket_id, with_for_update=True)
        return None

    def _pending(self, session: Session, message: InboundMessage) -> PendingActionRow | None:
        row = self.pending.get(session, message.sender.platform.value, message.sender.user_id)
        return row if row is not None and row.kind is PendingKind.AGENT_TEXT else None

    def _wait_for_text(self, session: Session, message: InboundMessage, ticket: TicketRow, action: AgentAction) -> None:
        self.pending.set(session, message.sender.platform.value, message.sender.user_id, ticket.id,
                         PendingKind.AGENT_TEXT, action)
