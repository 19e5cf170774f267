"""Typed commands of requesters, at any step: language, help, their tickets, the knowledge base,
a new request, linking a customer code, a message or a cancellation on a filed ticket, and the
intake's own back / skip / cancel. A team member writing to the bot privately asks here for a
sign-in link to the web desk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.conversation.commands import Command, TypedCommand
from bot.conversation.opening import describes_a_problem
from bot.conversation.prompts import Prompter
from bot.conversation.stage import Stage
from bot.conversation.turns import IntakeTurns
from bot.errors import DeskError
from bot.i18n import Catalog, Language, normalize_language
from bot.i18n.commands import CommandHints
from bot.lifecycle.access import link_customer
from bot.lifecycle.requester_desk import RequesterDesk
from bot.messages import InboundMessage, Reply, TextReply
from bot.refusals import Refusals
from bot.requester_views import RequesterViews
from bot.storage.models import ConversationRow, RequesterRow
from bot.triage.organisations import Organisations
from bot.web_access.chat_request import SignInRequests

StartIntake = Callable[[Session, InboundMessage, Language, "str | None"], list[Reply]]


class RequesterCommands:
    def __init__(
        self, turns: IntakeTurns, prompter: Prompter, views: RequesterViews, tickets: RequesterDesk, refusals: Refusals,
        catalog: Catalog, hints: CommandHints, clock: Callable[[], datetime], sign_in: SignInRequests,
        organisations: Organisations,
    ) -> None:
        self.organisations = organisations
        self.turns = turns
        self.prompter = prompter
        self.views = views
        self.tickets = tickets
        self.refusals = refusals
        self.catalog = catalog
        self.hints = hints
        self.clock = clock
        self.sign_in = sign_in

    def handle(
        self, session: Session, message: InboundMessage, conv: ConversationRow | None, requester: RequesterRow,
        lang: Language, typed: TypedCommand, start: StartIntake,
    ) -> list[Reply]:
        command = typed.command
        cmd = self.hints.requester(message.sender.platform)
        if command is Command.LANGUAGE:
            new = normalize_language(typed.argument, Language.EN if lang is Language.FR else Language.FR)
            requester.chosen_lang = new
            if conv is not None:
                conv.lang = new
            return self._then_current(conv, self.catalog.text(new, "intake.language_set"))
        if command is Command.HELP:
            return self._then_current(conv, self.catalog.text(lang, "help.text", cmd=cmd))
        if command in {Command.TICKETS, Command.STATUS, Command.SEARCH, Command.KB, Command.READ}:
            replies = self.views.command(session, message.sender, lang, typed)
            return [*replies, *self.prompter.current(conv)] if conv else replies
        if command is Command.SIGN_IN:  # a team member writing to the bot privately
            replies = self.sign_in.answer(session, message.sender, lang)
            return [*replies, *self.prompter.current(conv)] if conv else replies
        if command is Command.RESTART:
            if conv is not None:
                conv.stage = Stage.CANCELLED
            return start(session, message, lang, typed.argument if describes_a_problem(typed.argument) else None)
        if command is Command.START:
            return self._start(session, message, conv, lang, typed, start)
        if command is Command.REPLY or command is Command.CLOSE or (command is Command.CANCEL and typed.argument):
            return self._on_ticket(session, message, lang, typed)
        if conv is None:
            return [TextReply(self.catalog.text(lang, "intake.no_request") + " " + self.catalog.text(lang, "intake.start_hint"))]
        if command is Command.CANCEL:
            return self.turns.cancel(conv)
        if command is Command.BACK:
            return self.turns.back(conv)
        return self.turns.skip(session, conv)

    def _start(
        self, session: Session, message: InboundMessage, conv: ConversationRow | None, lang: Language, typed: TypedCommand,
        start: StartIntake,
    ) -> list[Reply]:
        greeting: list[Reply] = []
        if typed.argument:
            customer = link_customer(session, typed.argument, message.sender, self.clock())
            organisation = self.organisations.get(session, customer.organisation_id) if customer else None
            if organisation is not None:  # the chat becomes one of the organisation's people
                self.organisations.add_person(session, organisation, message.sender.platform, message.sender.user_id)
            key = "access.linked" if customer else "access.bad_code"
            greeting = [TextReply(self.catalog.text(lang, key, name=customer.name if customer else ""))]
            if customer is None:
                return greeting
        if conv is not None:
            return [*greeting, *self.prompter.current(conv, self.catalog.text(lang, "intake.resume"))]
        return [*greeting, *start(session, message, lang, None)]

    def _on_ticket(self, session: Session, message: InboundMessage, lang: Language, typed: TypedCommand) -> list[Reply]:
        """``/reply REF text``, ``/close REF`` and ``/cancel REF``. The rest of a reply is never echoed
        in a refusal: it may be a private message."""
        reference, _, rest = typed.argument.strip().partition(" ")
        if typed.command is Command.CLOSE and not reference:
            return [TextReply(self.catalog.text(lang, "tickets.close_usage", cmd=self.hints.requester(message.sender.platform)))]
        if typed.command is Command.CANCEL:
            return self.tickets.cancel(session, message, reference, lang)
        if typed.command is Command.CLOSE:
            return self.tickets.close(session, message, reference, lang)
        try:
            ticket = self.tickets.by_reference(session, message, reference)
        except DeskError as error:
            return self.refusals.to_requester(error, lang)
        return self.tickets.message(session, ticket.id, message, rest.strip(), lang)

    def _then_current(self, conv: ConversationRow | None, lead: str) -> list[Reply]:
        return self.prompter.current(conv, lead) if conv else [TextReply(lead)]
