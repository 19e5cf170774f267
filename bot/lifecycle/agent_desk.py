"""The agents' side of the desk in chat: buttons on ticket cards, messages in ticket threads,
typed commands. Everything that changes a ticket goes through the ticket service.

In a ticket's thread, a plain message is an internal note; only the Reply action or a command
(``/reply``, ``!reply``) reaches the requester. A button that needs a text takes the agent's
next message, written where the button was pressed, within a few minutes.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.errors import DeskError, TicketNotFound
from bot.i18n import normalize_language
from bot.i18n.commands import CommandHints
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.agent_commands import AgentCommand, CommandKind, parse_agent_command
from bot.lifecycle.agent_menus import AgentMenus
from bot.lifecycle.agent_search import AgentSearch
from bot.lifecycle.cards import TicketCards
from bot.lifecycle.notices import Notices
from bot.lifecycle.pending import PendingActions
from bot.lifecycle.ticket_buttons import SETTERS, TEXT_FIELDS, AgentAction, TextUse, TicketButton
from bot.lifecycle.transitions import AuditTrail
from bot.messages import InboundMessage, Platform, Reply, TextReply
from bot.refusals import Refusals
from bot.storage.models import PendingKind, TicketRow
from bot.tickets.actions import TicketAction
from bot.tickets.repository import TicketKey, TicketRepository
from bot.tickets.results import ActionResult
from bot.tickets.service import AgentRequest, TicketService, perform
from bot.web_access.chat_request import SignInRequests

log = logging.getLogger(__name__)


_MENUS = {TicketAction.REQUALIFY: AgentAction.REQUALIFY, TicketAction.ROUTE: AgentAction.SET_QUEUE,
          TicketAction.CANNED: AgentAction.CANNED, TicketAction.ARTICLE: AgentAction.ARTICLE}


def agent_request(action: AgentAction, text: str, argument: str | None) -> AgentRequest:
    """What a button (with the value a menu put in it) or the text it waited for asks of the service."""
    field = TEXT_FIELDS.get(action)
    if action.field is not None or action.ticket_action in {TicketAction.CANNED, TicketAction.ARTICLE, TicketAction.MERGE}:
        return AgentRequest(action.ticket_action, text, field=action.field, value=argument or text)
    return AgentRequest(action.ticket_action, text, for_requester=field is not None and field.use is TextUse.FOR_REQUESTER,
                        next_update=action is AgentAction.WAIT_DEV_NEXT)


class AgentDesk:
    def __init__(
        self, service: TicketService, cards: TicketCards, notices: Notices, pending: PendingActions,
        refusals: Refusals, hints: CommandHints, sign_in: SignInRequests, menus: AgentMenus, search: AgentSearch,
    ) -> None:
        self.menus = menus
        self.search = search
        self.service = service
        self.cards = cards
        self.notices = notices
        self.pending = pending
        self.refusals = refusals
        self.hints = hints
        self.sign_in = sign_in

    def button(self, session: Session, message: InboundMessage, button: TicketButton) -> list[Reply]:
        agent = Actor.of(ActorKind.AGENT, message.sender)
        action = button.agent_action
        if not self.service.is_agent(agent) or action is None:
            log.warning("refused agent button %s to %s (%s)", message.button_id, agent.key, agent.name)
            return [TextReply(self.notices.for_agents("agent.not_an_agent"), ephemeral=True)]
        field = TEXT_FIELDS.get(action)
        text = message.text.strip()
        if button.argument is None and not text:
            try:
                menu = self.menus.menu(session, button.ticket_id, action, agent)
            except DeskError as error:
                return [self.refusals.to_agent(error)]
            if menu is not None:
                return menu
        if action is AgentAction.SET_VERSION and button.argument is None and not text:
            action, field = AgentAction.TYPE_VERSION, TEXT_FIELDS[AgentAction.TYPE_VERSION]  # no versions listed
        if field is not None and field.required and not text and button.argument is None:
            return self._ask_for_text(session, message, button.ticket_id, agent, action)
        return self._perform(session, button.ticket_id, agent, agent_request(action, text, button.argument))

    def message(self, session: Session, message: InboundMessage, text: str) -> list[Reply]:
        """A message written on an agents' destination (channel, group, topic or console)."""
        agent = Actor.of(ActorKind.AGENT, message.sender)
        command = parse_agent_command(text, message.where.platform)
        if not self.service.is_agent(agent):
            if command is not None and command.kind is CommandKind.SIGN_IN:  # a team lead, say: the link checks who
                return self._sign_in(session, message)
            return []  # other people chatting in the agents' channel are none of our business
        tickets = TicketRepository(session)
        thread_ticket = self.thread_ticket(tickets, message)
        pending = self.pending.get(session, message.sender.platform, message.sender.user_id)
        if pending is not None and pending.kind is PendingKind.AGENT_TEXT:
            # The text a button waits for is the very next message, written where it was pressed:
            # a command, another place or another ticket's thread abandons it, so a later remark
            # meant for the agents never reaches a requester.
            self.pending.clear(session, pending)
            if text and command is None and self.pending.written_where_pressed(pending, message.where):
                action = pending.agent_action or AgentAction.NOTE
                return self._perform(session, pending.ticket_id, agent, agent_request(action, text, None))
        if command is not None:
            return self._command(session, tickets, message, agent, command, thread_ticket)
        if thread_ticket is not None and text:
            return self._perform(session, thread_ticket.id, agent, AgentRequest(TicketAction.NOTE, text))
        if message.where.platform is Platform.CONSOLE:
            return [TextReply(self.notices.for_agents("agent.console_help"))]
        return []

    def thread_ticket(self, tickets: TicketRepository, message: InboundMessage) -> TicketRow | None:
        """The ticket whose thread the message is written in (or, without threads, replies to)."""
        where = message.where
        found = tickets.by_thread(where)
        if found is None and message.reply_to:
            found = tickets.by_thread(where.in_thread(message.reply_to))
        return found

    def open_tickets(self, tickets: TicketRepository, queue: str | None = None) -> list[Reply]:
        rows = tickets.open(queue)
        if not rows:
            return [TextReply(self.notices.for_agents("agent.no_open_tickets"))]
        lines = [self.notices.for_agents("agent.open_tickets", count=len(rows))]
        lines += [self.cards.listing_line(row) for row in rows]
        return [TextReply("\n".join(lines))]

    def _command(
        self, session: Session, tickets: TicketRepository, message: InboundMessage, agent: Actor, command: AgentCommand,
        thread_ticket: TicketRow | None,
    ) -> list[Reply]:
        if command.kind is CommandKind.LIST:
            here = self.service.triage.queues.at(message.where)
            return self.open_tickets(tickets, here.id if here is not None and len(self.service.triage.queues) > 1 else None)
        if command.kind is CommandKind.SEARCH:
            return [self.search.reply(session, command.rest, self.hints.agent(message.where.platform))]
        if command.kind is CommandKind.SIGN_IN:
            return self._sign_in(session, message)
        key: TicketKey | None = command.reference or (thread_ticket.id if thread_ticket else None)
        if key is None:
            example = self.hints.agent(message.where.platform)
            return [TextReply(self.notices.for_agents("agent.which_ticket", cmd=example), ephemeral=True)]
        if command.kind is CommandKind.SHOW:
            shown = tickets.by_reference(key) if isinstance(key, str) else tickets.by_id(key)
            return [self.cards.agent_card(shown)] if shown else self._refuse(key)
        assert command.action is not None
        menu_action = _MENUS.get(command.action) if not command.field else SETTERS[command.field]
        if menu_action is not None and not command.rest:
            try:
                menu = self.menus.menu(session, key, menu_action, agent)
            except DeskError as error:
                return [self.refusals.to_agent(error)]
            if menu is not None:
                return menu
        # A typed text goes to the requester only for a question or a reply, which say so by name.
        request = AgentRequest(command.action, command.rest, for_requester=False, next_update=command.next_update,
                               field=command.field, value=command.rest)
        return self._perform(session, key, agent, request)

    def _sign_in(self, session: Session, message: InboundMessage) -> list[Reply]:
        """A sign-in link to the web desk, sent privately (in the sender's language where the platform says it)."""
        lang = normalize_language(message.sender.locale, self.notices.agents_language)
        return self.sign_in.answer(session, message.sender, lang)

    def _perform(self, session: Session, key: TicketKey, agent: Actor, request: AgentRequest) -> list[Reply]:
        try:
            with session.begin_nested():  # a refusal keeps nothing of what the action began
                result = perform(self.service, session, key, agent, request)
        except DeskError as error:
            return [self.refusals.to_agent(error)]
        return [TextReply(self._confirmation(result, request, agent), ephemeral=True)]

    def _confirmation(self, result: ActionResult, request: AgentRequest, agent: Actor) -> str:
        cmd = self.hints.agent(agent.platform) if agent.platform else ""
        if result.action is TicketAction.NOTE:
            return self.notices.for_agents("agent.note_recorded", reference=result.reference, cmd=cmd)
        text = self.notices.done(result, next_update=request.next_update)
        if result.note_kept:
            text += " " + self.notices.for_agents("agent.note_kept", reference=result.reference, cmd=cmd)
        return text

    def _ask_for_text(self, session: Session, message: InboundMessage, ticket_id: int, agent: Actor,
                      action: AgentAction) -> list[Reply]:
        ticket = TicketRepository(session).by_id(ticket_id)
        if ticket is None:
            return [TextReply(self.notices.for_agents("agent.unknown_ticket"), ephemeral=True)]
        try:
            AuditTrail.check(ticket, action.ticket_action, agent)
        except DeskError as error:
            return [self.refusals.to_agent(error)]
        self.pending.wait_for_agent_text(session, message.where, message.sender.user_id, ticket.id, action)
        field = TEXT_FIELDS[action]
        return [TextReply(self.notices.for_agents("agent.type_text", field=self.notices.for_agents(field.label_key),
                                                  reference=ticket.reference))]

    def _refuse(self, key: TicketKey) -> list[Reply]:
        return [self.refusals.to_agent(TicketNotFound(str(key)))]
