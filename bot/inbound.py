"""What the desk checks on every inbound message before reading it: a redelivered event is
dropped, a person flooding is slowed down, and names (a sender's, a file's) are made safe to show
and to store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.messages import InboundMessage
from bot.storage.models import InboundEventRow
from bot.text import clean_name

NAME_LIMIT = 200  # the display name columns
FILE_NAME_LIMIT = 200


class InboundGuard:
    def __init__(self, clock: Callable[[], datetime], messages_per_minute: int) -> None:
        self.clock = clock
        self.messages_per_minute = messages_per_minute

    def first_delivery(self, session: Session, message: InboundMessage) -> bool:
        """Record the event id; ``False`` when it was seen before (the platform redelivered it)."""
        if not message.event_id:
            return True
        event = InboundEventRow(platform=message.sender.platform, event_id=str(message.event_id)[:200],
                                user_id=message.sender.user_id, received_at=self.clock())
        try:
            with session.begin_nested():
                session.add(event)
        except IntegrityError:
            return False
        return True

    def flooding(self, session: Session, message: InboundMessage) -> bool:
        """More messages in the last minute than a person plausibly types.

        Counts at most ``limit + 1`` of the person's rows of the last minute, on the index
        (platform, user_id, received_at): the work does not grow with the table, nor with a flood."""
        limit = self.messages_per_minute
        if limit <= 0:
            return False
        since = self.clock() - timedelta(minutes=1)
        recent = select(InboundEventRow.id).where(
            InboundEventRow.platform == message.sender.platform,
            InboundEventRow.user_id == message.sender.user_id,
            InboundEventRow.received_at >= since,
        ).limit(limit + 1).subquery()
        count = session.scalar(select(func.count()).select_from(recent)) or 0
        return count > limit

    @staticmethod
    def safe(message: InboundMessage) -> InboundMessage:
        """The message with names shown to others cleaned: no control, format or bidi characters (a
        file named ``facture\\u202efdp.exe`` must not read "factureexe.pdf"), no NUL, a bounded length."""
        sender = message.sender
        sender = replace(sender, display_name=clean_name(sender.display_name, NAME_LIMIT),
                         title=clean_name(sender.title, NAME_LIMIT), username=clean_name(sender.username, 128),
                         email=clean_name(sender.email, 254), timezone=clean_name(sender.timezone, 64))
        files = tuple(replace(a, name=clean_name(a.name, FILE_NAME_LIMIT) or "file") for a in message.attachments)
        return replace(message, sender=sender, attachments=files)
