"""Tables of the knowledge base's use: articles suggested during intakes, and searches."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.i18n import Language
from bot.storage.base import Base, enum_column
from bot.suggestions.outcome import RejectionReason, SuggestionOutcome


class SuggestionRow(Base):
    """One article shown to a requester during an intake, and what they made of it."""

    __tablename__ = "kb_suggestions"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id"), index=True)
    query: Mapped[str] = mapped_column(Text)
    article_id: Mapped[str] = mapped_column(String(200), index=True)
    article_title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int]
    score: Mapped[float]
    confidence: Mapped[float]
    outcome: Mapped[SuggestionOutcome] = mapped_column(enum_column(SuggestionOutcome, 16))
    reason: Mapped[RejectionReason | None] = mapped_column(enum_column(RejectionReason, 32))
    reason_text: Mapped[str | None] = mapped_column(Text)  # why, in the requester's words (migration 0007)
    shown_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]


class KbSearchRow(Base):
    """Every knowledge-base search the bot ran for someone, with how many articles fitted."""

    __tablename__ = "kb_searches"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    source: Mapped[str] = mapped_column(String(16))  # "summary", "answer" or "command"
    query: Mapped[str] = mapped_column(Text)
    lang: Mapped[Language] = mapped_column(enum_column(Language, 8))
    hit_count: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(index=True)
