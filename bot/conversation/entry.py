"""Where a request begins and where intake buttons land: a new intake (if this person may open
tickets here), the intake's own buttons, and the buttons of filed tickets' notices."""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy.orm import Session

from bot.conversation.buttons import ButtonAction, decode
from bot.conversation.opening import describes_a_problem
from bot.conversation.prompts import Prompter
from bot.conversation.stage import Stage
from bot.conversation.store import ConversationStore
from bot.conversation.turns import IntakeTurns
from bot.i18n import Catalog, Language
from bot.lifecycle.access import RequesterPolicy
from bot.lifecycle.agent_desk import AgentDesk
from bot.lifecycle.closed_tickets import NewRequest
from bot.lifecycle.requester_desk import RequesterDesk
from bot.lifecycle.ticket_buttons import decode_ticket_button
from bot.messages import InboundMessage, Reply, TextReply
from bot.storage.models import ConversationRow
from bot.triage.entitlement import Entitlement

log = logging.getLogger(__name__)


class IntakeEntry:
    def __init__(
        self, store: ConversationStore, turns: IntakeTurns, prompter: Prompter, policy: RequesterPolicy,
        agents: AgentDesk, requesters: RequesterDesk, catalog: Catalog, entitlement: Entitlement,
    ) -> None:
        self.entitlement = entitlement
        self.store = store
        self.turns = turns
        self.prompter = prompter
        self.policy = policy
        self.agents = agents
        self.requesters = requesters
        self.catalog = catalog

    def start(
        self, session: Session, message: InboundMessage, lang: Language, first_text: str | None,
        linked_ticket_id: int | None = None,
    ) -> list[Reply]:
        """Open a new intake, if this person may open tickets here."""
        if not self.policy.may_open(session, message.sender):
            key = "access.link_required" if self.policy.requires_link(message.sender.platform) else "access.denied"
            return [TextReply(self.catalog.text(lang, key))]
        if not self.entitlement.allows(session, message.sender):
            return [TextReply(self.catalog.text(lang, "access.not_entitled"))]
        conv = self.store.start(session, message, lang)
        conv.linked_ticket_id = linked_ticket_id
        notes = self.turns.attach(conv, message)
        return [*notes, *self.turns.start(session, conv, first_text)]

    def start_described(self, session: Session, message: InboundMessage, lang: Language, text: str) -> list[Reply]:
        """A first message: the summary when it describes a problem, a greeting otherwise."""
        return self.start(session, message, lang, text if describes_a_problem(text) else None)

    def ticket_button(self, session: Session, message: InboundMessage, lang: Language) -> list[Reply]:
        button = decode_ticket_button(message.button_id or "")
        if button is None:
            log.warning("malformed ticket button %r from %s", message.button_id, message.sender.user_id)
            return [TextReply(self.catalog.text(lang, "buttons.unknown"))]
        if button.agent_action is not None:
            return self.agents.button(session, message, button)
        outcome = self.requesters.button(session, message, button, lang)
        if isinstance(outcome, NewRequest):
            return self.new_request(session, message, lang, outcome)
        return outcome

    def new_request(self, session: Session, message: InboundMessage, lang: Language, request: NewRequest) -> list[Reply]:
        """A new request linked to a ticket closed too long ago, or started from a message held on a
        closed ticket that turned out to be about another problem."""
        key = "requester.linked_start" if request.linked_ticket_id else "requester.new_start"
        lead = TextReply(self.catalog.text(lang, key))
        held = replace(message, text=request.first_text, attachments=request.attachments)
        first = request.first_text if describes_a_problem(request.first_text) else None
        return [lead, *self.start(session, held, lang, first, linked_ticket_id=request.linked_ticket_id)]

    def edits(self, session: Session, message: InboundMessage, conv: ConversationRow | None, lang: Language) -> list[Reply]:
        """A form changed several answers of the recap at once."""
        if conv is None:
            return [TextReply(self.catalog.text(lang, "buttons.stale") + " " + self.catalog.text(lang, "intake.start_hint"))]
        return self.turns.edit_answers(session, conv, message.edits)

    def button(self, session: Session, message: InboundMessage, conv: ConversationRow | None, lang: Language) -> list[Reply]:
        press = decode(message.button_id or "")
        if press is None:
            log.warning("unknown button id %r from %s", message.button_id, message.sender.user_id)
            lead = self.catalog.text(lang, "buttons.unknown")
            return self.prompter.current(conv, lead) if conv else [TextReply(lead)]
        if conv is None or press.conversation_id != conv.id:
            owned = self.store.get(session, press.conversation_id)
            if (press.action is ButtonAction.ARTICLE_FAILED and owned is not None and conv is None
                    and owned.user_id == message.sender.user_id and owned.stage is Stage.SOLVED):
                return self.turns.button(session, owned, press)
            lead = self.catalog.text(lang, "buttons.stale")
            if conv is not None:
                return self.prompter.current(conv, lead)
            return [TextReply(lead + " " + self.catalog.text(lang, "intake.start_hint"))]
        return self.turns.button(session, conv, press)
