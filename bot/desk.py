"""The help desk: the one entry point adapters call with an inbound message.

Every turn runs in one database transaction: the conversation is loaded and changed, and
the replies are computed. Platform events come through the inbox (:mod:`bot.runtime.turns`
calls :meth:`HelpDesk.answer` in the transaction that marks the event processed and writes the
replies to the outbox); :meth:`HelpDesk.handle` records the event id itself, for the console.
What a message means depends on where it was written and what it carries: on an agents'
place it is the agents' desk's; a ticket button, a command, a follow-up on a filed ticket or
a turn of the intake otherwise.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from bot.conversation.commands import parse_command
from bot.conversation.entry import IntakeEntry
from bot.conversation.prompts import Prompter
from bot.conversation.store import ConversationStore
from bot.conversation.turns import IntakeTurns
from bot.errors import PlaceTaken
from bot.i18n import Catalog, Language, normalize_language
from bot.inbound import InboundGuard
from bot.lifecycle.agent_desk import AgentDesk
from bot.lifecycle.closed_tickets import NewRequest
from bot.lifecycle.notifier import Notifier
from bot.lifecycle.requester_desk import RequesterDesk
from bot.lifecycle.thanks import is_thanks_only
from bot.lifecycle.ticket_buttons import decode_ticket_button, is_ticket_button
from bot.messages import ConversationKey, InboundMessage, Reply, Sender, TextReply
from bot.requester_commands import RequesterCommands
from bot.storage.models import RequesterRow
from bot.text import clean_user_text
from bot.tickets.repository import TicketRepository

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeskLimits:
    max_message_chars: int = 4000
    max_attachments: int = 10
    messages_per_minute: int = 0  # 0: no limit


@dataclass(frozen=True)
class DeskParts:
    """The desk's collaborators, built by :mod:`bot.bootstrap`."""

    store: ConversationStore
    guard: InboundGuard
    entry: IntakeEntry
    turns: IntakeTurns
    prompter: Prompter
    commands: RequesterCommands
    agents: AgentDesk
    requesters: RequesterDesk
    notifier: Notifier
    catalog: Catalog


class HelpDesk:
    def __init__(self, sessions: sessionmaker[Session], parts: DeskParts, default_language: Language, limits: DeskLimits) -> None:
        self.sessions = sessions
        self.store = parts.store
        self.guard = parts.guard
        self.entry = parts.entry
        self.turns = parts.turns
        self.prompter = parts.prompter
        self.commands = parts.commands
        self.agents = parts.agents
        self.requesters = parts.requesters
        self.notifier = parts.notifier
        self.catalog = parts.catalog
        self.default_language = default_language
        self.limits = limits

    def handle(self, message: InboundMessage) -> list[Reply]:
        message = self.guard.safe(message)
        try:
            return self._turn(message)
        except PlaceTaken:  # a concurrent first message opened the conversation here: this is a turn of it
            log.info("conversation at %s opened concurrently; running the turn again in it", message.where.as_text())
            return self._turn(message)

    def _turn(self, message: InboundMessage) -> list[Reply]:
        with self.sessions.begin() as session:
            if not self.guard.first_delivery(session, message):
                log.info("dropping redelivered event %s/%s", message.sender.platform.value, message.event_id)
                return []
            return self._answered(session, message)

    def answer(self, session: Session, message: InboundMessage) -> list[Reply]:
        """The turn of an event the inbox already stored (and so already deduplicated), in the
        caller's transaction: :mod:`bot.runtime.turns` writes the replies to the outbox with it.

        Raises :class:`PlaceTaken` when a concurrent turn opened the conversation first: run it again."""
        return self._answered(session, self.guard.safe(message))

    def _answered(self, session: Session, message: InboundMessage) -> list[Reply]:
        replies = self._route(session, message)
        if replies and not self.notifier.is_agents_place(message.where):  # a message that did not reach them
            replies = [*self.notifier.owed_to(session, message.sender.platform, message.sender.user_id), *replies]
        return replies

    def is_known_conversation(self, where: ConversationKey) -> bool:
        """Whether the bot has a conversation (or a ticket's agents' thread) at ``where``.

        Adapters use it to ignore threads the bot has nothing to do with.
        """
        with self.sessions() as session:
            if self.store.exists_at(session, where):
                return True
            return self.notifier.is_agents_place(where) and TicketRepository(session).by_thread(where) is not None

    def resume(self, sender: Sender, where: ConversationKey) -> list[Reply]:
        """What this person is being asked at ``where``, again: the current question of their
        request, and the questions their tickets ask them. A text-only client shows it at start."""
        with self.sessions.begin() as session:
            conv = self.store.active(session, where)
            lang = conv.lang if conv else normalize_language(sender.locale, self.default_language)
            replies = self.requesters.open_questions(session, sender)
            if conv is not None and conv.user_id == sender.user_id:
                conv.reason_for = None  # the question is shown again: the next text answers it
                replies += self.prompter.current(conv, self.catalog.text(lang, "intake.resume"))
            return replies

    def _route(self, session: Session, message: InboundMessage) -> list[Reply]:
        text = clean_user_text(message.text)
        agents_place = self.notifier.is_agents_place(message.where)
        if not agents_place and self.guard.flooding(session, message):
            lang = normalize_language(message.sender.locale, self.default_language)
            return [TextReply(self.catalog.text(lang, "access.slow_down"))]
        requester = self.store.requester(session, message)
        conv = self.store.active(session, message.where)
        if conv is not None:
            conv.updated_at = self.store.clock()
        lang = conv.lang if conv else self._language(requester, message)
        if conv is not None and conv.user_id != message.sender.user_id:
            return [TextReply(self.catalog.text(lang, "intake.not_your_request"), ephemeral=True)]
        if len(text) > self.limits.max_message_chars:
            lead = self.catalog.text(lang, "intake.too_long", length=len(text), limit=self.limits.max_message_chars)
            return self.prompter.current(conv, lead) if conv else [TextReply(lead)]
        if agents_place:
            if message.button_id and (button := decode_ticket_button(message.button_id)) is not None:
                return self.agents.button(session, message, button)
            return self.agents.message(session, message, text)
        if message.edits:
            return self.entry.edits(session, message, conv, lang)
        if message.button_id is not None:
            if is_ticket_button(message.button_id):
                return self.entry.ticket_button(session, message, lang)
            return self.entry.button(session, message, conv, lang)
        command = parse_command(text)
        if command is not None:
            return self.commands.handle(session, message, conv, requester, lang, command, self.entry.start)
        if conv is None:
            return self._outside_intake(session, message, text, lang)
        notes = self.turns.attach(conv, message)
        if not text:
            key = "intake.files_received" if message.attachments else "intake.empty"
            return [*notes, *self.prompter.current(conv, self.catalog.text(lang, key))]
        return [*notes, *self.turns.text(session, conv, text)]

    def _outside_intake(self, session: Session, message: InboundMessage, text: str, lang: Language) -> list[Reply]:
        """A message with no intake under way: an answer to a ticket's question, a follow-up on a
        ticket, or a new request."""
        answered = self.requesters.answer_by_text(session, message, text, lang)
        if answered is not None:
            return answered
        follow_up = self.requesters.follow_up(session, message, text, lang)
        if isinstance(follow_up, NewRequest):
            return self.entry.new_request(session, message, lang, follow_up)
        if follow_up is not None:
            return follow_up
        if not text and not message.attachments:
            return [TextReply(self.catalog.text(lang, "intake.empty_first"))]
        if is_thanks_only(text) and not message.attachments:  # "Merci beaucoup !" is no new request
            return [TextReply(self.catalog.text(lang, "requester.welcome"))]
        return self.entry.start_described(session, message, lang, text)

    def _language(self, requester: RequesterRow, message: InboundMessage) -> Language:
        if requester.chosen_lang:
            return requester.chosen_lang
        return normalize_language(message.sender.locale, self.default_language)
