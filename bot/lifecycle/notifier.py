"""Everything the lifecycle tells someone other than the person who acted goes through here,
into the outbox, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.delivery import OutboundKind
from bot.i18n import Language
from bot.lifecycle.cards import TicketCards
from bot.messages import Attachment, ConversationKey, Destination, ForwardedFile, Reply
from bot.outbox.outbox import Outbox, ticket_card_key
from bot.storage.models import TicketRow


class Notifier:
    def __init__(self, outbox: Outbox, cards: TicketCards, agent_destinations: Sequence[Destination]) -> None:
        self.outbox = outbox
        self.cards = cards
        self.agent_destinations = tuple(agent_destinations)

    def is_agents_place(self, where: ConversationKey) -> bool:
        """Whether a message written there is written on an agents' channel, group or console."""
        return any(d.platform is where.platform and d.channel == where.channel for d in self.agent_destinations)

    def forwarded(self, ticket: TicketRow, attachments: Iterable[Attachment]) -> tuple[ForwardedFile, ...]:
        return self.cards.forwarded(ticket, attachments)

    def format_moment(self, moment: datetime, lang: Language) -> str:
        return self.cards.format_moment(moment, lang)

    def new_ticket(self, session: Session, ticket: TicketRow) -> None:
        card = self.cards.new_ticket_card(ticket)
        for destination in self.agent_destinations:
            self.outbox.put(
                session, kind=OutboundKind.AGENT_CARD, destination=destination, replies=[card],
                ticket_id=ticket.id, card_key=ticket_card_key(ticket.id, destination),
                open_thread=self.cards.thread_title(ticket),
            )

    def card_changed(self, session: Session, ticket: TicketRow) -> None:
        card = self.cards.agent_card(ticket)
        for destination in self.agent_destinations:
            self.outbox.put(
                session, kind=OutboundKind.CARD_UPDATE, destination=destination, replies=[card],
                ticket_id=ticket.id, ref_card_key=ticket_card_key(ticket.id, destination),
            )

    def to_agents(self, session: Session, ticket: TicketRow, replies: Sequence[Reply]) -> None:
        """Post in the ticket's agents' thread, on every agents' destination."""
        for destination in self.agent_destinations:
            self.outbox.put(
                session, kind=OutboundKind.AGENT_THREAD, destination=destination, replies=replies,
                ticket_id=ticket.id, ref_card_key=ticket_card_key(ticket.id, destination),
            )

    def to_requester(self, session: Session, ticket: TicketRow, replies: Sequence[Reply]) -> None:
        destination = Destination(ticket.requester_platform, ticket.requester_channel, ticket.requester_thread or None)
        self.outbox.put(session, kind=OutboundKind.REQUESTER_NOTICE, destination=destination, replies=replies,
                        ticket_id=ticket.id)
