"""Finding tickets: by reference, by id, by the thread or message they live in, open ones, a
requester's. Rules read as domain calls (``tickets.by_thread(where)``); the queries live here.

A repository works inside the caller's session (one transaction per turn or command). Lookups
meant for a change lock the row (``FOR UPDATE`` on PostgreSQL) so two turns never interleave.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from bot.conversation.stage import Stage
from bot.delivery import OutboundKind
from bot.errors import TicketNotFound
from bot.messages import ConversationKey, Platform
from bot.storage.models import ConversationRow, OutboxRow, OutboxStatus, RequesterRow, TicketEventRow, TicketRow
from bot.text import fold
from bot.tickets.status import TicketStatus
from bot.triage.loader import DEFAULT_QUEUE
from bot.triage.search import TicketFilter, TicketQuery

MAX_ID = 2**31 - 1  # PostgreSQL's INTEGER: a larger id is no ticket, not a database error
MAX_REFERENCE = 32

TicketKey = int | str  # a ticket's id (buttons) or its reference (typed, command line)


@dataclass(frozen=True)
class TicketPage:
    """Some tickets, and how many there are in all (a listing says when it stopped early)."""

    tickets: list[TicketRow]
    total: int


class TicketRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    def get(self, key: TicketKey, *, lock: bool = True) -> TicketRow:
        """The ticket, or :class:`TicketNotFound` naming what was asked for."""
        ticket = self.by_id(key, lock=lock) if isinstance(key, int) else self.by_reference(key, lock=lock)
        if ticket is None:
            raise TicketNotFound(str(key) if isinstance(key, str) else f"#{key}")
        return ticket

    def by_id(self, ticket_id: int, *, lock: bool = True) -> TicketRow | None:
        if not 0 < ticket_id <= MAX_ID:
            return None
        return self.session.get(TicketRow, ticket_id, with_for_update=lock)

    def by_reference(self, reference: str, *, lock: bool = True) -> TicketRow | None:
        wanted = reference.strip().upper()
        if not wanted or len(wanted) > MAX_REFERENCE:
            return None
        return self._first(select(TicketRow).where(TicketRow.reference == wanted), lock)

    def by_thread(self, where: ConversationKey) -> TicketRow | None:
        """The ticket whose agents' thread this is: the thread its delivered card opened."""
        if not where.thread:
            return None
        query = (
            select(OutboxRow.ticket_id)
            .where(
                OutboxRow.platform == where.platform, OutboxRow.channel == where.channel,
                OutboxRow.receipt_thread == where.thread, OutboxRow.kind == OutboundKind.AGENT_CARD,
                OutboxRow.status == OutboxStatus.DELIVERED, OutboxRow.ticket_id.is_not(None),
            )
            .order_by(OutboxRow.id.desc())
            .limit(1)
        )
        ticket_id = self.session.scalars(query).first()
        return self.by_id(ticket_id) if ticket_id is not None else None

    def by_notice(self, where: ConversationKey, message_id: str) -> TicketRow | None:
        """The ticket a delivered message was about: a requester answering a notice by replying to it."""
        query = (
            select(OutboxRow.ticket_id)
            .where(
                OutboxRow.platform == where.platform, OutboxRow.channel == where.channel,
                OutboxRow.receipt_message_id == message_id, OutboxRow.status == OutboxStatus.DELIVERED,
                OutboxRow.ticket_id.is_not(None),
            )
            .limit(1)
        )
        ticket_id = self.session.scalars(query).first()
        return self.by_id(ticket_id) if ticket_id is not None else None

    def filed_from(self, where: ConversationKey) -> TicketRow | None:
        """The ticket filed from the conversation in this thread (a requester writing in it again)."""
        if not where.thread:
            return None
        conversation = (
            select(ConversationRow.id)
            .where(
                ConversationRow.platform == where.platform, ConversationRow.channel == where.channel,
                ConversationRow.thread == where.thread, ConversationRow.stage == Stage.FILED,
            )
            .order_by(ConversationRow.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        return self._first(select(TicketRow).where(TicketRow.conversation_id == conversation), lock=True)

    def open(self, queue: str | None = None) -> list[TicketRow]:
        """Open tickets, oldest first; ``queue``: only that queue's."""
        statuses = [s for s in TicketStatus if s.is_open]
        conditions = [TicketRow.status.in_(statuses), *_filtered(TicketFilter(queue=queue))]
        return list(self.session.scalars(select(TicketRow).where(*conditions).order_by(TicketRow.id)))

    def listing(self, status: TicketStatus | None = None, limit: int = 50, filters: TicketFilter | None = None) -> TicketPage:
        """Newest first, at most ``limit``; ``total`` counts them all."""
        wanted = replace(filters or TicketFilter(), status=status) if status is not None else filters or TicketFilter()
        return self._page(_filtered(wanted), limit)

    def search(self, query: TicketQuery, limit: int = 20, *, requester: tuple[Platform, str] | None = None) -> TicketPage:
        """Tickets whose folded text has every word of ``query`` and that match its filters, newest
        first; ``requester`` keeps to that person's own tickets."""
        conditions = _filtered(query.filters)
        words = [*query.words, *fold(query.requester or "").split()]
        conditions += [TicketRow.search_text.contains(word, autoescape=True) for word in words]
        if requester is not None:
            conditions.append(_of_requester(*requester))
        return self._page(conditions, limit)

    def _page(self, conditions: list[ColumnElement[bool]], limit: int) -> TicketPage:
        query = select(TicketRow).where(*conditions).order_by(TicketRow.id.desc()).limit(max(limit, 0))
        counted = select(func.count()).select_from(TicketRow).where(*conditions)
        return TicketPage(list(self.session.scalars(query)), self.session.scalar(counted) or 0)

    def of_requester(self, platform: Platform, user_id: str, limit: int = 20) -> list[TicketRow]:
        query = select(TicketRow).where(_of_requester(platform, user_id)).order_by(TicketRow.id.desc()).limit(limit)
        return list(self.session.scalars(query))

    def status_counts(self, platform: Platform, user_id: str) -> dict[TicketStatus, int]:
        query = select(TicketRow.status, func.count()).where(_of_requester(platform, user_id)).group_by(TicketRow.status)
        return {TicketStatus(status): count for status, count in self.session.execute(query).all()}

    def filed_since(self, platform: Platform, user_id: str, since: datetime) -> int:
        query = select(func.count()).select_from(TicketRow).where(_of_requester(platform, user_id))
        return self.session.scalar(query.where(TicketRow.created_at >= since)) or 0

    def awaiting_answer(self, platform: Platform, user_id: str, since: datetime) -> list[TicketRow]:
        """The requester's tickets asking them something: resolved (does it work?), or closed since
        ``since`` without a score (how satisfied?). Most recently changed first."""
        query = select(TicketRow).where(_of_requester(platform, user_id)).where(
            (TicketRow.status == TicketStatus.RESOLVED)
            | ((TicketRow.status == TicketStatus.CLOSED) & TicketRow.satisfaction_score.is_(None)
               & (TicketRow.closed_at >= since) & TicketRow.merged_into_id.is_(None))
        )
        return list(self.session.scalars(query.order_by(TicketRow.updated_at.desc(), TicketRow.id.desc()).with_for_update()))

    def audit_trail(self, ticket: TicketRow) -> list[TicketEventRow]:
        query = select(TicketEventRow).where(TicketEventRow.ticket_id == ticket.id).order_by(TicketEventRow.id)
        return list(self.session.scalars(query))

    def person_name(self, platform: Platform, user_id: str) -> str | None:
        """The display name this person last wrote with, if they ever wrote to the bot."""
        query = select(RequesterRow.display_name).where(RequesterRow.platform == platform, RequesterRow.user_id == user_id)
        return self.session.scalars(query).first() or None

    def _first(self, query: Select[TicketRow], lock: bool) -> TicketRow | None:
        return self.session.scalars(query.with_for_update() if lock else query).first()


def _filtered(filters: TicketFilter) -> list[ColumnElement[bool]]:
    columns = {
        "status": TicketRow.status, "ticket_type": TicketRow.ticket_type, "product": TicketRow.product,
        "module": TicketRow.module, "version": TicketRow.version, "urgency": TicketRow.requester_urgency,
        "organisation_id": TicketRow.organisation_id,
    }
    conditions = [column == getattr(filters, name) for name, column in columns.items() if getattr(filters, name) is not None]
    if filters.queue is not None:  # tickets filed before queues existed are the default queue's
        conditions.append(TicketRow.queue == filters.queue if filters.queue != DEFAULT_QUEUE
                          else or_(TicketRow.queue == DEFAULT_QUEUE, TicketRow.queue.is_(None)))
    return conditions


def _of_requester(platform: Platform, user_id: str) -> ColumnElement[bool]:
    return and_(TicketRow.requester_platform == platform, TicketRow.requester_id == user_id)
