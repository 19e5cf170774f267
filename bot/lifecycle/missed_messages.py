"""Requesters a message could not reach, told at the first chance: their next message, or the next
message the desk sends them, starts with a notice naming the ticket and where it stands."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversation.store import turn_requester
from bot.i18n import Catalog
from bot.i18n.keys import status as status_key
from bot.messages import Platform, Reply, TextReply
from bot.storage.models import RequesterRow, TicketRow


class MissedMessages:
    """Requesters a message could not reach, told at the first chance."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def owe(self, session: Session, ticket: TicketRow) -> None:
        requester = requester_row(session, ticket.requester_platform, ticket.requester_id)
        if requester is not None:
            requester.missed_ticket_id = ticket.id

    def take(self, session: Session, platform: Platform, user_id: str) -> list[Reply]:
        """The notice owed to this person, if any (then no longer owed)."""
        requester = turn_requester(session, platform, user_id) or requester_row(session, platform, user_id)
        if requester is None or requester.missed_ticket_id is None:
            return []
        ticket = session.get(TicketRow, requester.missed_ticket_id)
        requester.missed_ticket_id = None
        if ticket is None:
            return []
        lang = ticket.lang
        text = self.catalog.text(lang, "delivery.missed_by_requester", reference=ticket.reference,
                                 status=self.catalog.text(lang, status_key(ticket.status)))
        return [TextReply(text)]



def requester_row(session: Session, platform: Platform, user_id: str) -> RequesterRow | None:
    return session.scalars(select(RequesterRow).where(RequesterRow.platform == platform.value,
                                                      RequesterRow.user_id == user_id)).first()
