"""The requester's side of a filed ticket: follow-up messages, resolution answers,
cancellation, satisfaction, and reopening within the window (or a new linked request)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.stage import Stage
from bot.i18n import Language
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.pending import PendingActions
from bot.lifecycle.service import TicketLifecycle
from bot.lifecycle.ticket_buttons import RequesterAction, TicketButton, requester_button
from bot.lifecycle.transitions import InvalidTransition
from bot.messages import Choice, InboundMessage, Reply, TextReply
from bot.outbox.outbox import Outbox
from bot.storage.models import PendingActionRow, PendingKind
from bot.storage.models import ConversationRow, TicketRow
from bot.tickets.filing import find_ticket
from bot.tickets.status import TicketStatus as S

COMMENT_WINDOW = timedelta(hours=1)  # after a satisfaction score, how long the next message is a comment
_DECISIONS = {RequesterAction.CONFIRM: S.CLOSED, RequesterAction.REFUSE: S.IN_PROGRESS, RequesterAction.CANCEL: S.CANCELLED}


class RequesterDesk:
    def __init__(self, lifecycle: TicketLifecycle, pending: PendingActions, outbox: Outbox) -> None:
        self.outbox = outbox
        self.lifecycle = lifecycle
        self.pending = pending

    def owned(self, ticket: TicketRow | None, message: InboundMessage) -> bool:
        sender = message.sender
        return ticket is not None and ticket.requester_platform == sender.platform.value and ticket.requester_id == sender.user_id

    def button(self, session: Session, message: InboundMessage, button: TicketButton, lang: Language) -> list[Reply] | int:
        """Replies, or the id of a ticket to link a new conversation to (RELINK)."""
        ticket = session.get(TicketRow, button.ticket_id, with_for_update=True)
        requester = Actor.of(ActorKind.REQUESTER, message.sender)
        if not self.owned(ticket, message) or ticket is None or button.requester_action is None:
            self.lifecycle.log_refusal(requester, f"requester button {message.button_id}")
            return [TextReply(self.lifecycle.catalog.text(lang, "requester.not_yours"), ephemeral=True)]
        action = button.requester_action
        if action in _DECISIONS:
            return self.lifecycle.requester_decides(session, ticket, requester, _DECISIONS[action])
        if action is RequesterAction.RATE:
            replies = self.lifecycle.rate(session, ticket, requester, button.number or 0)
            if ticket.satisfaction_score:
                self.pending.set(session, requester.platform, requester.user_id, ticket.id, PendingKind.SATISFACTION_COMMENT)
            return replies
        if action is RequesterAction.RELINK:
            return ticket.id
        self.pending.set(session, requester.platform, requester.user_id, ticket.id, PendingKind.REQUESTER_INFO)
        return [TextReply(self.lifecycle.catalog.text(lang, "requester.write_now", reference=ticket.reference))]

    def follow_up(self, session: Session, message: InboundMessage, text: str, lang: Language) -> list[Reply] | None:
        """A message outside any intake that belongs to a ticket; ``None`` when it starts a new request."""
        sender = message.sender
        named = self._named_ticket(session, message)
        pending = self.pending.get(session, sender.platform.value, sender.user_id)
        # A message in another ticket's thread (or replying to its notice) belongs to that one;
        # the pending answer is left waiting for its own ticket.
        if (pending is not None and pending.kind is not PendingKind.AGENT_TEXT
                and (named is None or named.id == pending.ticket_id)):
            self.pending.clear(session, pending)
            ticket = session.get(TicketRow, pending.ticket_id, with_for_update=True)
            if ticket is not None and self._still_expected(pending, ticket):
                requester = Actor.of(ActorKind.REQUESTER, sender)
                if pending.kind is PendingKind.SATISFACTION_COMMENT:
                    if text:
                        return self.lifecycle.comment(session, ticket, requester, text)
                elif text or message.attachments:
                    return self.message(session, ticket, message, text, lang)
        if named is not None:
            return self.message(session, named, message, text, lang)
        return None

    def _named_ticket(self, session: Session, message: InboundMessage) -> TicketRow | None:
        """The ticket a message points at by where it is written: a reply to one of our notices
        (Telegram's "reply"), or the thread the ticket was filed in."""
        if message.reply_to:
            where = message.where
            ticket_id = self.outbox.ticket_for_message(session, where.platform, where.channel, message.reply_to)
            ticket = session.get(TicketRow, ticket_id, with_for_update=True) if ticket_id else None
            if ticket is not None:
                return ticket
        if message.where.thread:
            return self._ticket_of_thread(session, message)
        return None

    def _still_expected(self, pending: PendingActionRow, ticket: TicketRow) -> bool:
        """Whether the message is still the answer the pending action waits for. A comment
        comes right after the score; an answer needs a ticket it can still reach. Otherwise
        the message is a new request, not something to file away in an old ticket."""
        if pending.kind is PendingKind.SATISFACTION_COMMENT:
            return self.lifecycle.clock() - pending.created_at <= COMMENT_WINDOW
        status = S(ticket.status)
        return status is not S.CANCELLED and (status is not S.CLOSED or self.lifecycle.can_reopen(ticket))

    def message(self, session: Session, ticket: TicketRow, message: InboundMessage, text: str, lang: Language) -> list[Reply]:
        requester = Actor.of(ActorKind.REQUESTER, message.sender)
        if not self.owned(ticket, message):
            return [TextReply(self.lifecycle.catalog.text(lang, "requester.not_yours"))]
        if not text and not message.attachments:
            return [TextReply(self.lifecycle.catalog.text(lang, "intake.empty"))]
        try:
            return self.lifecycle.requester_message(session, ticket, requester, text, message.attachments)
        except InvalidTransition:
            catalog = self.lifecycle.catalog
            relink = Choice(requester_button(ticket.id, RequesterAction.RELINK), catalog.text(lang, "requester.new_linked"))
            key = "requester.closed_long_ago" if ticket.status == S.CLOSED.value else "requester.cancelled_ticket"
            days = self.lifecycle.reopen_window.days
            return [TextReply(catalog.text(lang, key, reference=ticket.reference, days=days), (relink,))]

    def by_reference(self, session: Session, message: InboundMessage, argument: str, lang: Language) -> tuple[TicketRow | None, str]:
        reference, _, rest = argument.strip().partition(" ")
        ticket = find_ticket(session, reference) if reference else None
        return (ticket if self.owned(ticket, message) else None), rest.strip()

    def _ticket_of_thread(self, session: Session, message: InboundMessage) -> TicketRow | None:
        where = message.where
        conv = session.scalars(select(ConversationRow).where(
            ConversationRow.platform == where.platform.value, ConversationRow.channel == where.channel,
            ConversationRow.thread == (where.thread or ""), ConversationRow.stage == Stage.FILED,
        ).order_by(ConversationRow.id.desc()).limit(1)).first()
        if conv is None:
            return None
        return session.scalars(select(TicketRow).where(TicketRow.conversation_id == conv.id).with_for_update()).first()
