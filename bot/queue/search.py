"""Full-text search of tickets: every word must appear, in any case and with or without accents.

The searchable text of a ticket (reference, summary, answers, requester, assignee, what was
said about it, notes included: agents search their own notes) is folded and kept in
``ticket_search``, brought up to date just before a search: tickets changed since they were
indexed, and tickets with audit events newer than the last one indexed. One LIKE per word then
works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.storage.lifecycle_models import TicketEventRow
from bot.storage.models import TicketRow
from bot.storage.web_models import TicketSearchRow
from bot.text import fold

MAX_WORDS = 8
BATCH = 500


def search_words(typed: str) -> list[str]:
    return fold(typed).split()[:MAX_WORDS]


class TicketSearch:
    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock

    def refresh(self, session: Session) -> int:
        """Re-index tickets changed since their last indexing; returns how many."""
        latest_event = (select(func.max(TicketEventRow.id)).where(TicketEventRow.ticket_id == TicketRow.id)
                        .correlate(TicketRow).scalar_subquery())
        stale = (
            select(TicketRow.id)
            .outerjoin(TicketSearchRow, TicketSearchRow.ticket_id == TicketRow.id)
            .where(or_(TicketSearchRow.ticket_id.is_(None), TicketRow.updated_at > TicketSearchRow.indexed_at,
                       func.coalesce(latest_event, 0) > TicketSearchRow.last_event_id))
        )
        ids = list(session.scalars(stale))
        for start in range(0, len(ids), BATCH):
            self._index(session, ids[start:start + BATCH])
        return len(ids)

    def matches(self, typed: str) -> ColumnElement[bool] | None:
        """The condition "the ticket's text holds every word typed", or None when nothing was typed."""
        words = search_words(typed)
        if not words:
            return None
        indexed = select(TicketSearchRow.ticket_id).where(
            and_(*(TicketSearchRow.text.like(f"%{_escape(w)}%", escape="\\") for w in words)))
        return TicketRow.id.in_(indexed)

    def _index(self, session: Session, ids: list[int]) -> None:
        now = self.clock()
        tickets = session.scalars(select(TicketRow).where(TicketRow.id.in_(ids))).all()
        said: dict[int, list[str]] = {i: [] for i in ids}
        last: dict[int, int] = {i: 0 for i in ids}
        for event in session.execute(select(TicketEventRow.ticket_id, TicketEventRow.id, TicketEventRow.note,
                                            TicketEventRow.actor_name).where(TicketEventRow.ticket_id.in_(ids))):
            said[event.ticket_id].append(f"{event.note} {event.actor_name}")
            last[event.ticket_id] = max(last[event.ticket_id], event.id)
        rows = [{"ticket_id": t.id, "text": fold(" ".join([_own_text(t), *said[t.id]])), "indexed_at": now,
                 "last_event_id": last[t.id]} for t in tickets]
        if rows:
            session.execute(_upsert(session, rows))


def _own_text(ticket: TicketRow) -> str:
    answers = " ".join(str(a.get("text", "")) for a in (ticket.answers or {}).values())
    return " ".join(str(part or "") for part in (
        ticket.reference, ticket.summary, answers, ticket.requester_name, ticket.requester_id, ticket.assignee_name,
        ticket.escalated_to, ticket.satisfaction_comment,
        " ".join(str(a.get("name", "")) for a in ticket.attachments or []),
    ))


def _upsert(session: Session, rows: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    # Two desks may refresh at once: the later write wins, neither fails.
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(TicketSearchRow).values(rows)
    return statement.on_conflict_do_update(
        index_elements=[TicketSearchRow.ticket_id],
        set_={"text": statement.excluded.text, "indexed_at": statement.excluded.indexed_at,
              "last_event_id": statement.excluded.last_event_id},
    )


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
