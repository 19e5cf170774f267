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
from typing import Any

from sqlalchemy import ColumnElement, Insert, and_, func, or_, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from bot.storage.models import TicketEventRow, TicketRow, TicketSearchRow
from bot.text import fold

MAX_WORDS = 8
BATCH = 500


def search_words(typed: str) -> list[str]:
    return fold(typed).split()[:MAX_WORDS]


def search_condition(typed: str) -> ColumnElement[bool]:
    """The condition "the ticket's indexed text holds every word typed" (always true when nothing was)."""
    words = search_words(typed)
    if not words:
        return true()
    indexed = select(TicketSearchRow.ticket_id).where(
        and_(*(TicketSearchRow.text.like(f"%{_escape(w)}%", escape="\\") for w in words)))
    return TicketRow.id.in_(indexed)


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

    def _index(self, session: Session, ids: list[int]) -> None:
        now = self.clock()
        tickets = session.scalars(select(TicketRow).where(TicketRow.id.in_(ids))).all()
        said: dict[int, list[str]] = {i: [] for i in ids}
        last: dict[int, int] = dict.fromkeys(ids, 0)
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


def _upsert(session: Session, rows: list[dict[str, object]]) -> Insert:
    # Two desks may refresh at once: the later write wins, neither fails.
    if session.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(TicketSearchRow).values(rows)
        return pg.on_conflict_do_update(index_elements=[TicketSearchRow.ticket_id], set_=_refreshed(pg.excluded))
    lite = sqlite.insert(TicketSearchRow).values(rows)
    return lite.on_conflict_do_update(index_elements=[TicketSearchRow.ticket_id], set_=_refreshed(lite.excluded))


def _refreshed(excluded: Any) -> dict[str, Any]:
    return {"text": excluded.text, "indexed_at": excluded.indexed_at, "last_event_id": excluded.last_event_id}


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
