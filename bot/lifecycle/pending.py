"""One pending action per person: what their next message means (see PendingActionRow)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.storage.lifecycle_models import PendingActionRow

PENDING_LIFETIME = timedelta(days=30)


class PendingKind(str, enum.Enum):
    AGENT_TEXT = "agent"  # "agent:<action>": the text an agent's button needs
    REQUESTER_INFO = "info"  # the answer to an agent's question
    SATISFACTION_COMMENT = "comment"


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

    def set(self, session: Session, platform: str, user_id: str, ticket_id: int, action: str) -> None:
        session.execute(delete(PendingActionRow).where(
            PendingActionRow.platform == platform, PendingActionRow.user_id == user_id))
        session.add(PendingActionRow(platform=platform, user_id=user_id, ticket_id=ticket_id, action=action,
                                     created_at=self.clock()))

    def clear(self, session: Session, row: PendingActionRow) -> None:
        session.delete(row)
