"""One pending action per person: what their next message means (see PendingActionRow).

An agent's button that waits for a text waits briefly, and only where it was pressed: a remark
written in another topic or thread, or the next day, is never taken for a reply to a requester.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.lifecycle.ticket_buttons import AgentAction
from bot.messages import Attachment, ConversationKey, Platform
from bot.storage.models import PendingActionRow, PendingKind

LIFETIMES = {
    PendingKind.AGENT_TEXT: timedelta(minutes=30),
    PendingKind.REQUESTER_INFO: timedelta(days=30),
    PendingKind.SATISFACTION_COMMENT: timedelta(days=30),  # the desk keeps a comment to the next hour
    PendingKind.HELD_MESSAGE: timedelta(days=1),  # "same problem or new request?" is asked again after that
}


class PendingActions:
    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock

    def get(self, session: Session, platform: Platform, user_id: str) -> PendingActionRow | None:
        row = session.scalars(select(PendingActionRow).where(
            PendingActionRow.platform == platform, PendingActionRow.user_id == user_id)).first()
        if row is not None and self.clock() - row.created_at > LIFETIMES[row.kind]:
            session.delete(row)
            return None
        return row

    def set(self, session: Session, platform: Platform, user_id: str, ticket_id: int, kind: PendingKind) -> None:
        self._replace(session, PendingActionRow(platform=platform, user_id=user_id, ticket_id=ticket_id, kind=kind,
                                                created_at=self.clock()))

    def hold(self, session: Session, platform: Platform, user_id: str, ticket_id: int, text: str,
             attachments: Sequence[Attachment]) -> PendingActionRow:
        """Keep a message written about a closed ticket until its requester says what it is; a message
        added before they say is kept with it."""
        held = self.get(session, platform, user_id)
        if held is not None and held.kind is PendingKind.HELD_MESSAGE and held.ticket_id == ticket_id:
            held.text = "\n".join(part for part in (held.text, text) if part)
            held.attachments = [*held.attachments, *(a.as_record(platform) for a in attachments)]
            return held
        row = PendingActionRow(platform=platform, user_id=user_id, ticket_id=ticket_id, kind=PendingKind.HELD_MESSAGE,
                               text=text, attachments=[a.as_record(platform) for a in attachments], created_at=self.clock())
        self._replace(session, row)
        return row

    def wait_for_agent_text(self, session: Session, where: ConversationKey, user_id: str, ticket_id: int,
                            action: AgentAction) -> None:
        """The agent's next message written at ``where`` is the text ``action`` needs."""
        self._replace(session, PendingActionRow(
            platform=where.platform, user_id=user_id, ticket_id=ticket_id, kind=PendingKind.AGENT_TEXT,
            agent_action=action, channel=where.channel, thread=where.thread, created_at=self.clock()))

    @staticmethod
    def written_where_pressed(row: PendingActionRow, where: ConversationKey) -> bool:
        return (row.channel, row.thread) == (where.channel, where.thread)

    def clear(self, session: Session, row: PendingActionRow) -> None:
        session.delete(row)

    def _replace(self, session: Session, row: PendingActionRow) -> None:
        session.execute(delete(PendingActionRow).where(
            PendingActionRow.platform == row.platform, PendingActionRow.user_id == row.user_id))
        session.add(row)
