"""The help desk: the one entry point adapters call with an inbound message.

Every turn runs in one database transaction: the event id is recorded, the conversation
is loaded and changed, and the replies are computed. A redelivered event is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation.buttons import ButtonAction, decode
from bot.conversation.commands import Command, TypedCommand, parse_command
from bot.conversation.opening import describes_a_problem
from bot.conversation.prompts import Prompter
from bot.conversation.stage import Stage
from bot.conversation.store import ConversationStore
from bot.conversation.turns import IntakeTurns
from bot.i18n import Catalog, Language, normalize_language
from bot.messages import ConversationKey, InboundMessage, Reply, TextReply
from bot.requester_views import RequesterViews
from bot.lifecycle.access import RequesterPolicy, link_customer
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.agent_desk import AgentDesk
from bot.lifecycle.notifier import Notifier
from bot.lifecycle.requester_desk import RequesterDesk
from bot.lifecycle.ticket_buttons import decode_ticket_button, is_ticket_button
from bot.storage.models import ConversationRow, InboundEventRow, RequesterRow
from bot.text import clean_user_text, shorten
from bot.tickets.status import TicketStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TicketSide:
    """The filed-ticket half of the desk: agents, requesters' follow-ups, who may open tickets."""

    agents: AgentDesk
    requesters: RequesterDesk
    notifier: Notifier
    policy: RequesterPolicy


@dataclass(frozen=True)
class DeskLimits:
    max_message_chars: int = 4000
    max_attachments: int = 10
    messages_per_minute: int = 0  # 0: no limit


class HelpDesk:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        turns: IntakeTurns,
        prompter: Prompter,
        views: RequesterViews,
        catalog: Catalog,
        default_language: Language,
        limits: DeskLimits,
        clock: Callable[[], datetime],
        tickets: TicketSide,
    ) -> None:
        self.store = ConversationStore(turns.flow.script.first.id, clock)
        self.tickets = tickets
        self.sessions = sessions
        self.turns = turns
        self.prompter = prompter
        self.views = views
        self.catalog = catalog
        self.default_language = default_language
        self.limits = limits
        self.clock = clock

    def handle(self, message: InboundMessage) -> list[Reply]:
        with self.sessions.begin() as session:
            if message.event_id and not self._first_delivery(session, message):
                log.info("dropping redelivered event %s/%s", message.sender.platform.value, message.event_id)
                return []
            return self._route(session, message)

    def is_known_conversation(self, where: ConversationKey) -> bool:
        """Whether the bot has a conversation (or a ticket's agents' thread) at ``where``.

        Adapters use it to ignore threads the bot has nothing to do with.
        """
        with self.sessions() as session:
            return self.store.exists_at(session, where) or self._is_agents_thread(session, where)

    def _is_agents_thread(self, session: Session, where: ConversationKey) -> bool:
        if not self.tickets.notifier.is_agents_channel(where.platform, where.channel) or not where.thread:
            return False
        return self.tickets.agents.outbox.ticket_for_thread(session, where.platform, where.channel, where.thread) is not None

    def _first_delivery(self, session: Session, message: InboundMessage) -> bool:
        event = InboundEventRow(
            platform=message.sender.platform, event_id=str(message.event_id)[:200],
            user_id=message.sender.user_id, received_at=self.clock(),
        )
        try:
            with session.begin_nested():
                session.add(event)
        except IntegrityError:
            return False
        return True

    def _route(self, session: Session, message: InboundMessage) -> list[Reply]:
        text = clean_user_text(message.text)
        if self._flooding(session, message):
            return [TextReply(self.catalog.text(normalize_language(message.sender.locale, self.default_language),
                                                "access.slow_down"))]
        requester = self.store.requester(session, message)
        conv = self.store.active(session, message.where)
        if conv is not None:
            conv.updated_at = self.clock()
        lang = Language(conv.lang) if conv else self._language(requester, message)
        if conv is not None and conv.user_id != message.sender.user_id:
            return [TextReply(self.catalog.text(lang, "intake.not_your_request"), ephemeral=True)]
        if len(text) > self.limits.max_message_chars:
            lead = self.catalog.text(lang, "intake.too_long", length=len(text), limit=self.limits.max_message_chars)
            return self.prompter.current(conv, lead) if conv else [TextReply(lead)]
        if self.tickets.notifier.is_agents_channel(message.where.platform, message.where.channel):
            if message.button_id and (button := decode_ticket_button(message.button_id)) is not None:
                return self.tickets.agents.button(session, message, button)
            return self.tickets.agents.message(session, message, text)
        if message.button_id is not None:
            if is_ticket_button(message.button_id):
                return self._ticket_button(session, message, lang)
            return self._button(session, message, conv, lang)
        command = parse_command(text)
        if command is not None:
            return self._command(session, message, conv, requester, lang, command)
        if conv is None:
            follow_up = self.tickets.requesters.follow_up(session, message, text, lang)
            if follow_up is not None:
                return follow_up
            if not text and not message.attachments:
                return [TextReply(self.catalog.text(lang, "intake.empty_first"))]
            return self._start(session, message, lang, text if describes_a_problem(text) else None)
        notes = self.turns.attach(conv, message)
        if not text:
            key = "intake.files_received" if message.attachments else "intake.empty"
            return [*notes, *self.prompter.current(conv, self.catalog.text(lang, key))]
        return [*notes, *self.turns.text(session, conv, text)]

    def _flooding(self, session: Session, message: InboundMessage) -> bool:
        """More messages in the last minute than a person plausibly types (agents are exempt)."""
        limit = self.limits.messages_per_minute
        where = message.where
        if limit <= 0 or self.tickets.notifier.is_agents_channel(where.platform, where.channel):
            return False
        since = self.clock() - timedelta(minutes=1)
        count = session.scalar(select(func.count()).select_from(InboundEventRow).where(
            InboundEventRow.platform == message.sender.platform.value,
            InboundEventRow.user_id == message.sender.user_id,
            InboundEventRow.received_at >= since,
        )) or 0
        return count > limit

    def _start(
        self, session: Session, message: InboundMessage, lang: Language, first_text: str | None,
        linked_ticket_id: int | None = None,
    ) -> list[Reply]:
        """Open a new intake, if this person may open tickets here."""
        if not self.tickets.policy.may_open(session, message.sender):
            key = "access.link_required" if self.tickets.policy.requires_link(message.sender.platform) else "access.denied"
            return [TextReply(self.catalog.text(lang, key))]
        conv = self.store.start(session, message, lang)
        conv.linked_ticket_id = linked_ticket_id
        notes = self.turns.attach(conv, message)
        return [*notes, *self.turns.start(session, conv, first_text)]

    def _ticket_button(self, session: Session, message: InboundMessage, lang: Language) -> list[Reply]:
        button = decode_ticket_button(message.button_id or "")
        if button is None:
            log.warning("malformed ticket button %r from %s", message.button_id, message.sender.user_id)
            return [TextReply(self.catalog.text(lang, "buttons.unknown"))]
        if button.agent_action is not None:
            return self.tickets.agents.button(session, message, button)
        outcome = self.tickets.requesters.button(session, message, button, lang)
        if isinstance(outcome, int):
            lead = TextReply(self.catalog.text(lang, "requester.linked_start"))
            return [lead, *self._start(session, message, lang, None, linked_ticket_id=outcome)]
        return outcome

    def _button(
        self, session: Session, message: InboundMessage, conv: ConversationRow | None, lang: Language
    ) -> list[Reply]:
        press = decode(message.button_id or "")
        if press is None:
            log.warning("unknown button id %r from %s", message.button_id, message.sender.user_id)
            lead = self.catalog.text(lang, "buttons.unknown")
            return self.prompter.current(conv, lead) if conv else [TextReply(lead)]
        if conv is None or press.conversation_id != conv.id:
            owned = session.get(ConversationRow, press.conversation_id)
            if (
                press.action is ButtonAction.ARTICLE_FAILED
                and owned is not None
                and owned.user_id == message.sender.user_id
                and owned.stage == Stage.SOLVED
                and conv is None
            ):
                return self.turns.button(session, owned, press)
            lead = self.catalog.text(lang, "buttons.stale")
            return self.prompter.current(conv, lead) if conv else [TextReply(lead + " " + self.catalog.text(lang, "intake.start_hint"))]
        return self.turns.button(session, conv, press)

    def _command(
        self,
        session: Session,
        message: InboundMessage,
        conv: ConversationRow | None,
        requester: RequesterRow,
        lang: Language,
        typed: TypedCommand,
    ) -> list[Reply]:
        command = typed.command
        if command is Command.LANGUAGE:
            new = normalize_language(typed.argument, Language.EN if lang is Language.FR else Language.FR)
            requester.chosen_lang = new
            if conv is not None:
                conv.lang = new
            lead = self.catalog.text(new, "intake.language_set")
            return self.prompter.current(conv, lead) if conv else [TextReply(lead)]
        if command is Command.HELP:
            lead = self.catalog.text(lang, "help.text")
            return self.prompter.current(conv, lead) if conv else [TextReply(lead)]
        if command in {Command.TICKETS, Command.STATUS, Command.SEARCH, Command.READ}:
            replies = self.views.command(session, message.sender, lang, typed)
            return [*replies, *self.prompter.current(conv)] if conv else replies
        if command is Command.RESTART:
            if conv is not None:
                conv.stage = Stage.CANCELLED
            return self._start(session, message, lang, typed.argument if describes_a_problem(typed.argument) else None)
        if command is Command.START:
            greeting: list[Reply] = []
            if typed.argument:
                customer = link_customer(session, typed.argument, message.sender, self.clock())
                key = "access.linked" if customer else "access.bad_code"
                greeting = [TextReply(self.catalog.text(lang, key, name=customer.name if customer else ""))]
                if customer is None:
                    return greeting
            if conv is not None:
                return [*greeting, *self.prompter.current(conv, self.catalog.text(lang, "intake.resume"))]
            return [*greeting, *self._start(session, message, lang, None)]
        if command is Command.REPLY or (command is Command.CANCEL and typed.argument):
            ticket, rest = self.tickets.requesters.by_reference(session, message, typed.argument, lang)
            if ticket is None:
                reference = typed.argument.split(" ", 1)[0]  # never echo the rest: it may be a private message
                return [TextReply(self.catalog.text(lang, "tickets.not_found", reference=shorten(reference, 40)))]
            if command is Command.REPLY:
                return self.tickets.requesters.message(session, ticket, message, rest, lang)
            return self.tickets.requesters.lifecycle.requester_decides(
                session, ticket, Actor.of(ActorKind.REQUESTER, message.sender), TicketStatus.CANCELLED)
        if conv is None:
            return [TextReply(self.catalog.text(lang, "intake.no_request") + " " + self.catalog.text(lang, "intake.start_hint"))]
        if command is Command.CANCEL:
            return self.turns.cancel(conv)
        if command is Command.BACK:
            return self.turns.back(conv)
        return self.turns.skip(session, conv)

    def _language(self, requester: RequesterRow, message: InboundMessage) -> Language:
        if requester.chosen_lang:
            return Language(requester.chosen_lang)
        return normalize_language(message.sender.locale, self.default_language)
