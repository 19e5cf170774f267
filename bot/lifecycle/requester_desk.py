"""The requester's side of a filed ticket in chat: follow-up messages, answers to the questions a
ticket asks them (does the fix work? how satisfied?), closing or cancelling it, and a message on a
closed ticket (:mod:`bot.lifecycle.closed_tickets`: the same problem reopens it within the window,
another one is a new request). Every change goes through the ticket service.

The questions can be answered by their buttons or by typing a button's label (or a score): the
state is the ticket's, in the database, so an answer still works after a restart.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from sqlalchemy.orm import Session

from bot.errors import DeskError, TicketNotFound
from bot.i18n import Catalog, Language
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.closed_tickets import ClosedTickets, NewRequest
from bot.lifecycle.notices import Notices
from bot.lifecycle.pending import PendingActions
from bot.lifecycle.ticket_buttons import RequesterAction, TicketButton
from bot.messages import InboundMessage, Reply, Sender, TextReply
from bot.refusals import Refusals
from bot.storage.models import PendingActionRow, PendingKind, TicketRow
from bot.text import fold
from bot.tickets.actions import TicketAction
from bot.tickets.repository import TicketRepository
from bot.tickets.results import ActionResult
from bot.tickets.service import TicketService
from bot.tickets.status import TicketStatus as S

log = logging.getLogger(__name__)
COMMENT_WINDOW = timedelta(hours=1)  # after a satisfaction score, how long the next message is a comment
_SCORE = re.compile(r"^\s*(?:([1-5])(?:\s*/\s*5)?|(★{1,5}))\s*$")
Answer = Callable[[Session, int, Actor], ActionResult]
_DONE_KEYS = {TicketAction.CONFIRM: "requester.closed", TicketAction.REOPEN: "requester.in_progress",
              TicketAction.CANCEL: "requester.cancelled", TicketAction.CLOSE: "requester.closed"}


class RequesterDesk:
    def __init__(
        self, service: TicketService, notices: Notices, pending: PendingActions, refusals: Refusals, catalog: Catalog,
    ) -> None:
        self.service = service
        self.notices = notices
        self.pending = pending
        self.refusals = refusals
        self.catalog = catalog
        self.closed = ClosedTickets(pending, catalog, service.can_reopen)

    def button(
        self, session: Session, message: InboundMessage, button: TicketButton, lang: Language,
    ) -> list[Reply] | NewRequest:
        requester = Actor.of(ActorKind.REQUESTER, message.sender)
        ticket = TicketRepository(session).by_id(button.ticket_id)
        action = button.requester_action
        if ticket is None or action is None or not _owns(ticket, requester):
            log.warning("refused requester button %s to %s (%s)", message.button_id, requester.key, requester.name)
            return [TextReply(self.catalog.text(lang, "requester.not_yours"), ephemeral=True)]
        match action:
            case RequesterAction.CONFIRM:
                return self._attempt(session, lang, lambda: self.service.confirm(session, ticket.id, requester))
            case RequesterAction.REFUSE:
                return self._attempt(session, lang, lambda: self.service.refuse(session, ticket.id, requester))
            case RequesterAction.CANCEL:
                return self._attempt(session, lang, lambda: self.service.withdraw(session, ticket.id, requester))
            case RequesterAction.CLOSE:
                return self._attempt(session, lang, lambda: self.service.close_by_requester(session, ticket.id, requester))
            case RequesterAction.RATE:
                score = button.number or 0
                return self._attempt(session, lang, lambda: self.service.rate(session, ticket.id, requester, score))
            case RequesterAction.RELINK:
                return NewRequest(linked_ticket_id=ticket.id)
            case RequesterAction.REOPEN | RequesterAction.NEW_REQUEST:
                return self._decided(session, message, ticket, action, lang)
        self.pending.set(session, requester.platform or message.sender.platform, requester.user_id, ticket.id,
                         PendingKind.REQUESTER_INFO)
        return [TextReply(self.catalog.text(lang, "requester.write_now", reference=ticket.reference))]

    def answer_by_text(self, session: Session, message: InboundMessage, text: str, lang: Language) -> list[Reply] | None:
        """A typed answer to a question one of the requester's tickets asks them: a button's label, or
        a score. ``None`` when the text answers none of them."""
        requester = Actor.of(ActorKind.REQUESTER, message.sender)
        since = self.service.clock() - self.service.reopen_window
        typed, score = fold(text), _score(text)
        if not typed and score is None:
            return None
        for ticket in TicketRepository(session).awaiting_answer(message.sender.platform, message.sender.user_id, since):
            answer = self._typed_answer(ticket, typed, score)
            if answer is not None:
                return self._attempt(session, lang, partial(answer, session, ticket.id, requester))
        return None

    def _typed_answer(self, ticket: TicketRow, typed: str, score: int | None) -> Answer | None:
        """The action a typed text takes on a ticket asking the requester something, if any."""
        if ticket.status is S.RESOLVED and typed == fold(self.catalog.text(ticket.lang, "notice.confirm")):
            return self.service.confirm
        if ticket.status is S.RESOLVED and typed == fold(self.catalog.text(ticket.lang, "notice.refuse")):
            return self.service.refuse
        if ticket.status is S.CLOSED and score is not None:
            return lambda session, key, requester: self.service.rate(session, key, requester, score)
        return None

    def open_questions(self, session: Session, sender: Sender) -> list[Reply]:
        """The questions the sender's tickets ask them now, as buttons (shown again after a restart)."""
        since = self.service.clock() - self.service.reopen_window
        return [
            self.notices.resolution_question(ticket, "") if ticket.status is S.RESOLVED
            else self.notices.satisfaction_question(ticket)
            for ticket in TicketRepository(session).awaiting_answer(sender.platform, sender.user_id, since)
        ]

    def follow_up(self, session: Session, message: InboundMessage, text: str, lang: Language) -> list[Reply] | NewRequest | None:
        """A message outside any intake that belongs to a ticket (or answers "same problem or new request?");
        ``None`` when it starts a new request."""
        sender = message.sender
        tickets = TicketRepository(session)
        named = self._named_ticket(tickets, message)
        pending = self.pending.get(session, sender.platform, sender.user_id)
        # A message in another ticket's thread (or replying to its notice) belongs to that one;
        # the pending answer is left waiting for its own ticket.
        expected = pending is not None and pending.kind is not PendingKind.AGENT_TEXT
        if pending is not None and pending.kind is PendingKind.HELD_MESSAGE and (named is None or named.id == pending.ticket_id):
            ticket = tickets.by_id(pending.ticket_id)
            if ticket is not None and self.closed.takes(ticket):
                action = self.closed.typed(text) or self.closed.labels(ticket, lang).get(fold(text))
                if action is not None:
                    return self._decided(session, message, ticket, action, lang)
                return self.closed.on_message(session, ticket, message, text, lang)
        if pending is not None and expected and (named is None or named.id == pending.ticket_id):
            self.pending.clear(session, pending)
            ticket = tickets.by_id(pending.ticket_id)
            if ticket is not None and self._still_expected(pending, ticket):
                requester = Actor.of(ActorKind.REQUESTER, sender)
                if pending.kind is PendingKind.SATISFACTION_COMMENT:
                    if text:
                        return self._attempt(session, lang, lambda: self.service.comment(session, ticket.id, requester, text))
                elif text or message.attachments:
                    return self.message(session, ticket.id, message, text, lang)
        if named is not None:
            return self.message(session, named.id, message, text, lang)
        return None

    def message(self, session: Session, ticket_id: int, message: InboundMessage, text: str, lang: Language) -> list[Reply]:
        if not text and not message.attachments:
            return [TextReply(self.catalog.text(lang, "intake.empty"))]
        requester = Actor.of(ActorKind.REQUESTER, message.sender)
        ticket = TicketRepository(session).by_id(ticket_id)
        if ticket is not None and _owns(ticket, requester) and self.closed.takes(ticket):
            return self.closed.on_message(session, ticket, message, text, lang)
        return self._attempt(session, lang, lambda: self.service.add_message(
            session, ticket_id, requester, text, message.attachments))

    def by_reference(self, session: Session, message: InboundMessage, reference: str) -> TicketRow:
        """One of the sender's tickets; someone else's is "not found", like a missing one (references never leak)."""
        ticket = TicketRepository(session).by_reference(reference)
        if ticket is None or not _owns(ticket, Actor.of(ActorKind.REQUESTER, message.sender)):
            raise TicketNotFound(reference)
        return ticket

    def close(self, session: Session, message: InboundMessage, reference: str, lang: Language) -> list[Reply]:
        requester = Actor.of(ActorKind.REQUESTER, message.sender)
        return self._attempt(session, lang, lambda: self.service.close_by_requester(
            session, self.by_reference(session, message, reference).id, requester))

    def cancel(self, session: Session, message: InboundMessage, reference: str, lang: Language) -> list[Reply]:
        requester = Actor.of(ActorKind.REQUESTER, message.sender)
        return self._attempt(session, lang, lambda: self.service.withdraw(
            session, self.by_reference(session, message, reference).id, requester))

    def _decided(self, session: Session, message: InboundMessage, ticket: TicketRow, action: RequesterAction,
                 lang: Language) -> list[Reply] | NewRequest:
        """The same problem (reopen, with the held message) or another one (a new request from it)."""
        held = self.pending.get(session, message.sender.platform, message.sender.user_id)
        outcome = self.closed.decided(session, held, ticket.id, action)
        if isinstance(outcome, NewRequest):
            return outcome
        requester = Actor.of(ActorKind.REQUESTER, message.sender)
        return self._attempt(session, lang, lambda: self.service.reactivate(
            session, ticket.id, requester, outcome.text, outcome.attachments))

    def _attempt(self, session: Session, lang: Language, action: Callable[[], ActionResult]) -> list[Reply]:
        try:
            with session.begin_nested():  # a refusal keeps nothing of what the action began
                result = action()
        except DeskError as error:
            return self.refusals.to_requester(error, lang)
        return self._replies(session, result, lang)

    def _replies(self, session: Session, result: ActionResult, lang: Language) -> list[Reply]:
        t = self.catalog.text
        match result.action:
            case TicketAction.RATE:
                ticket = TicketRepository(session).get(result.ticket_id, lock=False)
                return [TextReply(t(lang, "requester.rated", score=ticket.satisfaction_score))]
            case TicketAction.COMMENT:
                return [TextReply(t(lang, "requester.comment_thanks"))]
            case TicketAction.REQUESTER_MESSAGE:
                return [TextReply(t(lang, "requester.message_added", reference=result.reference))]
            case TicketAction.REOPEN if result.before is S.CLOSED:
                return [TextReply(t(lang, "requester.reopened", reference=result.reference))]
        replies: list[Reply] = [TextReply(t(lang, _DONE_KEYS[result.action], reference=result.reference))]
        if result.action in {TicketAction.CONFIRM, TicketAction.CLOSE}:
            replies.append(self.notices.satisfaction_question(TicketRepository(session).get(result.ticket_id, lock=False)))
        return replies

    def _named_ticket(self, tickets: TicketRepository, message: InboundMessage) -> TicketRow | None:
        """The ticket a message points at by where it is written: a reply to one of our notices
        (Telegram's "reply"), or the thread the ticket was filed in."""
        if message.reply_to:
            ticket = tickets.by_notice(message.where, message.reply_to)
            if ticket is not None:
                return ticket
        return tickets.filed_from(message.where)

    def _still_expected(self, pending: PendingActionRow, ticket: TicketRow) -> bool:
        """Whether the message is still the answer the pending action waits for. A comment
        comes right after the score; an answer needs a ticket it can still reach. Otherwise
        the message is a new request, not something to file away in an old ticket."""
        if pending.kind is PendingKind.SATISFACTION_COMMENT:
            return self.service.clock() - pending.created_at <= COMMENT_WINDOW
        return ticket.status is not S.CANCELLED and (ticket.status is not S.CLOSED or self.service.can_reopen(ticket))



def _owns(ticket: TicketRow, requester: Actor) -> bool:
    return (ticket.requester_platform, ticket.requester_id) == (requester.platform, requester.user_id)


def _score(text: str) -> int | None:
    match = _SCORE.match(text)
    if match is None:
        return None
    return int(match.group(1)) if match.group(1) else len(match.group(2))
