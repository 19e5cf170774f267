"""A requester writes about one of their closed tickets. One subject per ticket (ENTROPICS, Sage):
a message does not revive an old ticket by itself. Thanks reopen nothing; anything else is held
and the requester is asked: the same problem (reopen the ticket, with the message), or another
one (a new request, starting from the message). A ticket closed too long ago offers a new linked
request; a merged one passes the message on to the ticket it was merged into.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.i18n import Catalog, Language
from bot.lifecycle.pending import PendingActions
from bot.lifecycle.thanks import is_thanks_only
from bot.lifecycle.ticket_buttons import RequesterAction, requester_button
from bot.messages import Attachment, Choice, InboundMessage, Reply, TextReply
from bot.storage.models import PendingActionRow, PendingKind, TicketRow
from bot.text import fold
from bot.tickets.status import TicketStatus

REOPEN_WORDS = frozenset({"rouvrir", "reouvrir", "reopen", "meme probleme", "same problem", "le meme", "the same"})
NEW_WORDS = frozenset({"nouvelle demande", "new request", "autre probleme", "another problem", "nouveau", "new"})


@dataclass(frozen=True)
class NewRequest:
    """Start a new request: from a held message, or linked to a ticket closed too long ago."""

    first_text: str = ""
    attachments: tuple[Attachment, ...] = ()
    linked_ticket_id: int | None = None


@dataclass(frozen=True)
class Reopen:
    """Reopen the ticket with what the requester wrote about it."""

    ticket_id: int
    text: str = ""
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


class ClosedTickets:
    def __init__(self, pending: PendingActions, catalog: Catalog, can_reopen: Callable[[TicketRow], bool]) -> None:
        self.pending = pending
        self.catalog = catalog
        self.can_reopen = can_reopen

    def takes(self, ticket: TicketRow) -> bool:
        """Whether a message on ``ticket`` is this module's: closed, not merged, within the window."""
        return ticket.status is TicketStatus.CLOSED and not ticket.merged_into_id and self.can_reopen(ticket)

    def on_message(self, session: Session, ticket: TicketRow, message: InboundMessage, text: str, lang: Language) -> list[Reply]:
        if is_thanks_only(text) and not message.attachments:
            return [TextReply(self.catalog.text(lang, "requester.thanks_closed", reference=ticket.reference))]
        sender = message.sender
        self.pending.hold(session, sender.platform, sender.user_id, ticket.id, text, message.attachments)
        return [self.question(ticket, lang)]

    def question(self, ticket: TicketRow, lang: Language) -> TextReply:
        t = self.catalog.text
        same = t(lang, "requester.same_problem", reference=ticket.reference)
        return TextReply(t(lang, "requester.same_or_new", reference=ticket.reference), (
            Choice(requester_button(ticket.id, RequesterAction.REOPEN), same),
            Choice(requester_button(ticket.id, RequesterAction.NEW_REQUEST), t(lang, "requester.other_problem")),
        ))

    def decided(self, session: Session, held: PendingActionRow | None, ticket_id: int,
                action: RequesterAction) -> Reopen | NewRequest:
        """The requester pressed "same problem" or "another problem": what the held message becomes."""
        files: tuple[Attachment, ...]
        text, files = "", ()
        if held is not None and held.kind is PendingKind.HELD_MESSAGE and held.ticket_id == ticket_id:
            text = held.text or ""
            files = tuple(Attachment.from_record(a) for a in held.attachments)
            self.pending.clear(session, held)
        if action is RequesterAction.REOPEN:
            return Reopen(ticket_id, text, files)
        return NewRequest(text, files)

    def typed(self, text: str) -> RequesterAction | None:
        """A typed answer to the question: a button's words ("rouvrir", "nouvelle demande")."""
        folded = fold(text)
        if folded in REOPEN_WORDS:
            return RequesterAction.REOPEN
        if folded in NEW_WORDS:
            return RequesterAction.NEW_REQUEST
        return None

    def labels(self, ticket: TicketRow, lang: Language) -> dict[str, RequesterAction]:
        """The question's button labels, folded, as a typed answer may repeat them."""
        return {fold(choice.label): RequesterAction.REOPEN if choice.id.endswith(RequesterAction.REOPEN.value)
                else RequesterAction.NEW_REQUEST for choice in self.question(ticket, lang).choices}
