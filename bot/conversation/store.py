"""Find and create conversations and requesters in the database (the desk's repository)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from bot.conversation.stage import ACTIVE_STAGES, Stage
from bot.errors import PlaceTaken
from bot.i18n import Language
from bot.messages import ConversationKey, InboundMessage, Platform
from bot.storage.models import ConversationRow, RequesterRow
from bot.storage.models.conversations import ACTIVE_PLACE_WHERE
from bot.storage.upsert import insert_unless_taken
from bot.triage.context import RequesterContext


class ConversationStore:
    def __init__(self, first_question_id: str, clock: Callable[[], datetime]) -> None:
        self.first_question_id = first_question_id
        self.clock = clock

    def active(self, session: Session, where: ConversationKey) -> ConversationRow | None:
        """The conversation waiting for input at ``where``, locked for this transaction."""
        query = (
            select(ConversationRow)
            .where(
                ConversationRow.platform == where.platform.value,
                ConversationRow.channel == where.channel,
                ConversationRow.thread == (where.thread or ""),
                ConversationRow.stage.in_(list(ACTIVE_STAGES)),
            )
            .order_by(ConversationRow.id.desc())
            .limit(1)
            .with_for_update()
        )
        return session.scalars(query).first()

    def get(self, session: Session, conversation_id: int) -> ConversationRow | None:
        return session.get(ConversationRow, conversation_id)

    def exists_at(self, session: Session, where: ConversationKey) -> bool:
        return session.scalars(select(ConversationRow.id).where(
            ConversationRow.platform == where.platform.value,
            ConversationRow.channel == where.channel,
            ConversationRow.thread == (where.thread or ""),
        ).limit(1)).first() is not None

    def start(self, session: Session, message: InboundMessage, lang: Language) -> ConversationRow:
        """A new conversation at the message's place.

        Raises :class:`PlaceTaken` when a concurrent transaction opened one there first (one
        active conversation per place, a unique index): the desk runs the turn again in it.
        """
        now = self.clock()
        values = {
            "platform": message.where.platform, "channel": message.where.channel, "thread": message.where.thread or "",
            "user_id": message.sender.user_id, "display_name": message.sender.display_name, "lang": lang,
            "stage": Stage.ASKING, "question_id": self.first_question_id,
            "answers": {}, "history": [], "shown_articles": [], "rejected_articles": [], "attachments": [],
            "editing": False, "created_at": now, "updated_at": now,
        }
        place = [ConversationRow.platform, ConversationRow.channel, ConversationRow.thread]
        new_id = insert_unless_taken(session, ConversationRow, values, place, text(ACTIVE_PLACE_WHERE))
        conv = None if new_id is None else session.get(ConversationRow, new_id)
        if conv is None:
            raise PlaceTaken(message.where.as_text())
        return conv

    def requester(self, session: Session, message: InboundMessage) -> RequesterRow:
        """The sender's row (created on first contact, race-free), with their current display name."""
        sender = message.sender
        row = self._requester_row(session, message)
        if row is None:  # ours, or that of a concurrent first message that committed first
            values = {"platform": sender.platform, "user_id": sender.user_id, "display_name": "", "chosen_lang": None,
                          "updated_at": self.clock(), "context": RequesterContext()}
            insert_unless_taken(session, RequesterRow, values, [RequesterRow.platform, RequesterRow.user_id])
            row = self._requester_row(session, message)
            if row is None:
                raise RuntimeError(f"requester {sender.platform.value}:{sender.user_id} neither inserted nor found")
        if sender.display_name and row.display_name != sender.display_name:
            row.display_name = sender.display_name
            row.updated_at = self.clock()
        context = RequesterContext.of(sender)
        if context != row.context:  # what their profile says now: a ticket is filed with it
            row.context = context
            row.updated_at = self.clock()
        session.info[_TURN_REQUESTER] = (session.get_transaction(), row)
        return row

    @staticmethod
    def _requester_row(session: Session, message: InboundMessage) -> RequesterRow | None:
        sender = message.sender
        return session.scalars(select(RequesterRow).where(
            RequesterRow.platform == sender.platform.value, RequesterRow.user_id == sender.user_id)).first()


_TURN_REQUESTER = "supportbot.turn_requester"


def turn_requester(session: Session, platform: Platform, user_id: str) -> RequesterRow | None:
    """The sender's row :meth:`ConversationStore.requester` gave in this very transaction, if it
    is this person's: a second SELECT would hand back the same object, unrefreshed (SQLAlchemy's
    identity map is weak, so the row is kept here for the transaction instead)."""
    transaction, row = session.info.get(_TURN_REQUESTER, (None, None))
    if transaction is None or transaction is not session.get_transaction() or not isinstance(row, RequesterRow):
        return None
    return row if row.platform == platform and row.user_id == user_id else None
