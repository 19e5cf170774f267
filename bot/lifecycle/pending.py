"""One pending action per person: what their next message means (see PendingActionRow)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.lifecycle.ticket_buttons import AgentAction
from bot.storage.models import PendingActionRow, PendingKind

PENDING_LIFETIME = timedelta(days=30)




class PendingActions:
    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock

    def get(self, session: Session, platform: str, user_id: str) -> PendingActionRow | None:
        row = session.scalars(select(PendingActionRow).where(
            PendingActionRow.platform == platform, PendingActionRow.user_id == user_id)).first()
        if row is not None and self.clock() - row.created_at > PENDING_LIFETIME:
            session.delete(row)
            return None
        return row

    def set(self, session: Session, platform: str, user_id: str, ticket_id: int, kind: PendingKind,
            agent_action: AgentAction | None = None) -> None:
        session.execute(delete(PendingActionRow).where(
            PendingActionRow.platform == platform, PendingActionRow.user_id == user_id))
        session.add(PendingActionRow(platform=platform, user_id=user_id, ticket_id=ticket_id, kind=kind,
                                     agent_action=agent_action, created_at=self.clock()))

    def clear(self, session: Session, row: PendingActionRow) -> None:
        session.delete(row)
