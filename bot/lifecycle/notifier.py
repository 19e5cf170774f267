"""Everything the lifecycle tells someone other than the person who acted goes through here,
into the outbox, in the caller's transaction. Agents are told on the destinations of the
ticket's queue (its Slack channel, Telegram group or console)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.delivery import OutboundKind
from bot.i18n import Language
from bot.lifecycle.cards import TicketCards
from bot.lifecycle.missed_messages import MissedMessages
from bot.messages import Attachment, ConversationKey, Destination, ForwardedFile, Platform, Reply
from bot.outbox.outbox import Outbox, ticket_card_key
from bot.storage.models import OutboxRow, TicketRow
from bot.triage.queues import Queue, QueueDirectory, console_channel


class Notifier:
    def __init__(self, outbox: Outbox, cards: TicketCards, queues: QueueDirectory, missed: MissedMessages) -> None:
        self.outbox = outbox
        self.cards = cards
        self.queues = queues
        self.missed = missed  # requesters a message could not reach: the next one to them says so

    def owed_to(self, session: Session, platform: Platform, user_id: str) -> list[Reply]:
        """The notice owed to a person a message of the desk could not reach, if any (then no longer owed)."""
        return self.missed.take(session, platform, user_id)

    def is_agents_place(self, where: ConversationKey) -> bool:
        """Whether a message written there is written on an agents' channel, group or console."""
        return self.queues.at(where) is not None

    def destinations(self, ticket: TicketRow) -> tuple[Destination, ...]:
        return self.queues.of(ticket.queue).destinations

    def forwarded(self, ticket: TicketRow, attachments: Iterable[Attachment]) -> tuple[ForwardedFile, ...]:
        return self.cards.forwarded(ticket, attachments)

    def format_moment(self, moment: datetime, lang: Language) -> str:
        return self.cards.format_moment(moment, lang)

    def new_ticket(self, session: Session, ticket: TicketRow) -> None:
        """The ticket's card on each destination of its queue (edited, where one was posted before)."""
        card = self.cards.new_ticket_card(ticket)
        for destination in self.destinations(ticket):
            key = ticket_card_key(ticket.id, destination)
            if session.scalar(select(OutboxRow.id).where(OutboxRow.card_key == key)) is not None:
                self.outbox.put(session, kind=OutboundKind.CARD_UPDATE, destination=destination,
                                replies=[self.cards.agent_card(ticket)], ticket_id=ticket.id, ref_card_key=key)
                continue
            self.outbox.put(
                session, kind=OutboundKind.AGENT_CARD, destination=destination, replies=[card],
                ticket_id=ticket.id, card_key=key, open_thread=self.cards.thread_title(ticket),
            )

    def card_changed(self, session: Session, ticket: TicketRow) -> None:
        card = self.cards.agent_card(ticket)
        for destination in self.destinations(ticket):
            self.outbox.put(
                session, kind=OutboundKind.CARD_UPDATE, destination=destination, replies=[card],
                ticket_id=ticket.id, ref_card_key=ticket_card_key(ticket.id, destination),
            )

    def moved(self, session: Session, ticket: TicketRow, before: Queue, line: Reply) -> None:
        """The ticket left ``before`` for its queue now: the old cards say where it went and lose
        their buttons, a line tells the old thread, and the new queue gets the card."""
        for destination in before.destinations:
            if destination in self.destinations(ticket):
                continue
            key = ticket_card_key(ticket.id, destination)
            self.outbox.put(session, kind=OutboundKind.CARD_UPDATE, destination=destination,
                            replies=[self.cards.moved_card(ticket)], ticket_id=ticket.id, ref_card_key=key)
            self.outbox.put(session, kind=OutboundKind.AGENT_THREAD, destination=destination, replies=[line],
                            ticket_id=ticket.id, ref_card_key=key)
        self.new_ticket(session, ticket)

    def to_agents(self, session: Session, ticket: TicketRow, replies: Sequence[Reply]) -> None:
        """Post in the ticket's agents' thread, on every destination of its queue."""
        for destination in self.destinations(ticket):
            self.outbox.put(
                session, kind=OutboundKind.AGENT_THREAD, destination=destination, replies=replies,
                ticket_id=ticket.id, ref_card_key=ticket_card_key(ticket.id, destination),
            )

    def to_requester(self, session: Session, ticket: TicketRow, replies: Sequence[Reply]) -> None:
        destination = Destination(ticket.requester_platform, ticket.requester_channel, ticket.requester_thread or None)
        replies = [*self.owed_to(session, ticket.requester_platform, ticket.requester_id), *replies]
        self.outbox.put(session, kind=OutboundKind.REQUESTER_NOTICE, destination=destination, replies=replies,
                        ticket_id=ticket.id)

    def to_agent(self, session: Session, ticket: TicketRow, platform: Platform, user_id: str, replies: Sequence[Reply]) -> None:
        """A direct message to one agent: on Slack and Telegram their own chat with the bot (a user
        id is the chat), on the console the queue's console."""
        channel = console_channel(self.queues.of(ticket.queue).id) if platform is Platform.CONSOLE else user_id
        self.outbox.put(session, kind=OutboundKind.PRIVATE_MESSAGE, destination=Destination(platform, channel),
                        replies=replies, ticket_id=ticket.id)
